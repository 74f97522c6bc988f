/* The passes over a trace once its statements are read: labels, sort
 * declarations, citations, expectations, free variables, definitions and
 * sort inference, in that order.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_PASSES_H
#define FC_PASSES_H

#include "lang/trace.h"
#include "util/diag.h"

/* Runs the passes over t after parsing.  Diagnostics go to diags;
 * statements that fail are marked, and t->input_errors and t->first_error
 * say whether t can be checked. */
void fc_trace_finish(fc_trace *t, fc_diags *diags);

#endif
