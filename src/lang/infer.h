/* Sort inference by unification.  Individuals default to Object, numerals
 * and arithmetic to Real (Int when a declaration mentions Int), atoms to
 * Bool.  A clash marks its statement ill-sorted (type_mismatch) and is
 * undone, so later statements are inferred as if it were absent.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_INFER_H
#define FC_INFER_H

#include "lang/sorts.h"
#include "lang/trace.h"
#include "util/diag.h"

/* Infers the sorts of every statement of t, marking the ill-sorted ones and
 * adding their diagnostics.  The caller owns the result (fc_sorting_free);
 * fc_trace_finish stores it in t->sorting. */
fc_sorting *fc_sorts_infer(fc_trace *t, fc_diags *diags);

#endif
