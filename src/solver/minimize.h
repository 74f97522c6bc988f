/* Deletion-based minimization, whatever answers the probes (Z3 in
 * z3minimize.c, exact evaluation in scratch.c): private to solver/. */
#ifndef FC_MINIMIZE_H
#define FC_MINIMIZE_H

#include "util/util.h"

/* probe(arg, idx, m, core): with what is given, are the candidates
 * idx[0..m) unsatisfiable?  On unsat, core receives the indices of the
 * candidates in a core. */
typedef bool (*fc_subset_probe)(void *arg, const size_t *idx, size_t m,
                                fc_ivec *core);

/* Deletion in index order over n candidates: candidate i goes when the
 * others still do it, and one outside the last core goes without a
 * probe, which gives plain deletion's result.  seed, a known core,
 * spares the first probe.  Returns whether the whole set did it (or seed
 * was given); keep_out: the indices that stay. */
bool fc_delete_in_order(size_t n, fc_subset_probe probe, void *arg,
                        const fc_ivec *seed, fc_ivec *keep_out);

#endif
