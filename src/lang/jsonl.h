/* JSON Lines input: one trace per record, in the trace schema of the
 * design or as a FOLIO record (`premises-FOL`, `conclusion-FOL`, `label`).
 * Its entry point, fc_trace_from_json, is declared in folcheck.h.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_JSONL_H
#define FC_JSONL_H

#include "folcheck.h"

#endif
