/* Deletion-based minimization on Z3, private to solver/: the smallest
 * subset of candidates, in the sense of deletion in index order, that still
 * makes a question unsatisfiable.  Probes have the budget FC_PROBE_RLIMIT,
 * and a probe that does not answer unsat keeps its candidate. */
#ifndef FC_Z3MINIMIZE_H
#define FC_Z3MINIMIZE_H

#include "solver/z3bridge.h"

/* Over the session's guard literals: fixed[0..nfixed) (the goal's negation
 * and what is given) with cands[0..n), which must be distinct, are
 * unsatisfiable.  keep_out receives the indices (into cands) that stay;
 * seed, when not NULL, holds the indices (into cands) of a core already
 * known to be unsatisfiable with fixed, which spares the first probe.
 * Returns whether all of cands were shown to do it. */
bool fc_z3_minimize_lits(fc_z3_session *s, const int *fixed, size_t nfixed,
                         const int *cands, size_t n, const fc_ivec *seed,
                         fc_ivec *keep_out);

/* Over plain formulas, on a small solver of its own: forms[0..n) with
 * hard[0..nhard) entail the goal whose negation is neg_goal.  keep_out
 * receives the indices (into forms) that stay.  Returns whether all of
 * forms, with the hard ones, were shown to entail the goal. */
bool fc_z3_minimize_formulas(fc_z3_session *s, const Z3_ast *hard,
                             size_t nhard, const Z3_ast *forms, size_t n,
                             Z3_ast neg_goal, fc_ivec *keep_out);

#endif
