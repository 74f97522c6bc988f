/* Formulas of a trace written as a TPTP problem, for another prover:
 * fof, or tff (with type declarations) when there is arithmetic or a
 * sort besides that of objects.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl
 * (tptp and tptp_write sit beside parse) */
#ifndef FC_TPTP_WRITE_H
#define FC_TPTP_WRITE_H

#include "lang/trace.h"

/* The problem "given entail goal" (negate_goal: ¬goal; goal NULL: no
 * conjecture, a question of consistency), each line of comment as a `%`
 * comment first.  NULL, with *why, when a formula uses what TPTP cannot
 * say (round, abs, min, max; mod of non-integers).  Caller frees. */
char *fc_tptp_problem(const fc_trace *t, const char *comment,
                      const fc_node *const *given, size_t n,
                      const fc_node *goal, bool negate_goal,
                      const char **why);

#endif
