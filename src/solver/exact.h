/* Exact evaluation, private to solver/: a set of formulas whose numeric
 * constants are fixed by equations to numerals (directly, or through
 * definitions and other equations) is decided by evaluating it over the
 * rationals (GMP), before Z3 and in place of a Z3 check that could end
 * in "unknown" on nonlinear arithmetic.
 *
 * The valuation is read off the set itself: an equation `c = t` (either
 * way round) whose side t evaluates fixes the constant c.  Then
 *   - a formula that evaluates to false makes the set unsatisfiable, with
 *     that formula and the equations behind its values as the core;
 *   - when every formula evaluates to true, the valuation is a model: the
 *     set is satisfiable;
 *   - otherwise (a constant not fixed, a predicate, a quantifier, a
 *     division by zero, a number too large) the set is left to Z3.
 * Both answers are sound whatever the rest of the set says. */
#ifndef FC_EXACT_H
#define FC_EXACT_H

#include "lang/trace.h"
#include "solver/query.h"

typedef struct fc_exact fc_exact;

fc_exact *fc_exact_new(const fc_trace *t);
void fc_exact_free(fc_exact *x);

/* Decides the conjunction of forms (each negated when neg[i]): FC_UNSAT
 * with core (indices into forms) when one is false, FC_SAT when all are
 * true, FC_UNKNOWN otherwise.  When the equations leave constants free,
 * values for them are tried for a model: with search 1, 1 and then 0 for
 * all of them; with search 2, small values in combination and the
 * numerals of the formulas (a fallback after Z3 gave up: it costs more
 * than Z3 on easy sets); with 0, none. */
fc_answer fc_exact_decide(fc_exact *x, const fc_node *const *forms,
                          const bool *neg, size_t n, int search,
                          fc_ivec *core);

/* The value that the equations among forms give term, as a numeral
 * ("24", "2.5", "-1/3"); NULL when they do not fix it.  Caller frees. */
char *fc_exact_value(fc_exact *x, const fc_node *const *forms,
                     const bool *neg, size_t n, const fc_node *term);

/* The first division (`/`, `mod`, `div`) in f whose divisor the
 * equations among forms fix to 0, or NULL. */
const fc_node *fc_exact_zero_divisor(fc_exact *x, const fc_node *const *forms,
                                     const bool *neg, size_t n,
                                     const fc_node *f);

#endif
