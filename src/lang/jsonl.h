/* JSON Lines input: one trace per record, in the trace schema of the
 * design or as a FOLIO record (`premises-FOL`, `conclusion-FOL`, `label`). */
#ifndef FC_JSONL_H
#define FC_JSONL_H

#include <stddef.h>

/* The 1-based display column, in the raw record, of byte off of the decoded
 * string str (found among the record's string literals); 0 when str does
 * not occur in the record. */
int fc_json_column(const char *record, size_t rlen, const char *str,
                   size_t slen, size_t off);

/* The 1-based display column, in the raw record, of byte off of the
 * decoded string whose content starts at raw offset start. */
int fc_json_column_from(const char *record, size_t rlen, size_t start,
                        size_t off);

/* Byte offset in the raw record of the value at path (object keys, or
 * array indexes written as decimal strings), or -1.  For positions of
 * diagnostics: cJSON does not keep them. */
long fc_json_locate(const char *record, size_t len, const char *const *path,
                    size_t npath);

#endif
