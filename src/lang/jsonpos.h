/* Positions in raw JSON text, for diagnostics: cJSON keeps none, so the
 * reader and the parser find columns and values in the record itself.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_JSONPOS_H
#define FC_JSONPOS_H

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
 * array indexes written as decimal strings), or -1. */
long fc_json_locate(const char *record, size_t len, const char *const *path,
                    size_t npath);

/* Byte offset of the array element count places after the one starting at
 * off, or -1 when the array ends first. */
long fc_json_skip_elements(const char *record, size_t len, size_t off,
                           int count);

/* The raw text of the value at top-level key of the record (the first
 * one), or NULL; its byte span in *beg and *end. */
char *fc_json_raw_value(const char *record, size_t len, const char *key,
                        size_t *beg, size_t *end);

#endif
