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

#endif
