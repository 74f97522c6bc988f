/* TSTP derivations (README, "TSTP derivations"): every inference checked
 * against its parents only, as its status claims, the way GDV checks a
 * derivation:
 *
 * - thm: the parents entail the child (eqv: and the child them);
 * - cth (assume_negation): the child is equivalent to the parent's
 *   negation; inside a nested inference, the negated parent entails what
 *   follows from it;
 * - esa (Skolemization): the symbols new in the child are fresh, and the
 *   parents entail the child with its Skolem terms read as existential
 *   variables, quantified where their arguments are bound;
 * - introduced(definition): a definition of a fresh symbol.
 *
 * A nested inference is an anonymous intermediate step: the chain is
 * checked from its named leaves to the child, with the weakest status in
 * it.  A derivation is valid when every inference verifies and an
 * established `$false` (a refutation) or the conjecture is derived,
 * resting on no negation (cth) but the conjecture's.  Symbols named by a
 * premise or the conjecture, wherever they stand, are never fresh. */
#ifndef FC_DERIVATION_H
#define FC_DERIVATION_H

#include "plan/planner.h"
#include "result/result.h"
#include "solver/solver.h"

/* Fills r (steps, conclusion, verdicts) for the derivation t. */
void fc_derivation_check(const fc_trace *t, const fc_plan *p, fc_solver *s,
                         const fc_check_options *o, fc_result *r);

#endif
