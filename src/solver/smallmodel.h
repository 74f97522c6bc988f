/* Small models: satisfiability in small finite structures, without Z3.
 *
 * Two structures are tried.  First one element per sort: every term of a
 * sort denotes it, quantifiers over it are transparent, every equation is
 * true, and an n-ary predicate is a single truth value, so first-order
 * logic becomes propositional logic over the predicate symbols.  Then one
 * element per constant (one for a sort without constants): the constants
 * name different elements, function values are a sort's first element,
 * quantifiers expand over the elements, and each ground atom is a truth
 * value.  A set of formulas true in either structure has a model, so it is
 * satisfiable and a query over it needs no solver.  The converse does not
 * hold: "no" only means "ask the solver" (but see fc_small_unsat).
 *
 * Formulas outside the fragment (arithmetic, numeric or Boolean terms as
 * arguments, quantifiers over Bool or numbers) make the answer "no".  The
 * search for a truth assignment (DPLL on formulas: unit propagation and
 * decisions) visits a bounded number of nodes, the structures are bounded
 * (8 elements per sort, 4,096 ground atoms), and the answer is also "no"
 * when a bound is reached. */
#ifndef FC_SMALLMODEL_H
#define FC_SMALLMODEL_H

#include "lang/trace.h"

typedef struct fc_small fc_small;

fc_small *fc_small_new(const fc_trace *t);
void fc_small_free(fc_small *m);

/* Is there a one-element structure in which every forms[i] is true (its
 * negation when neg[i])?  true only when one was found. */
bool fc_small_sat(fc_small *m, const fc_node *const *forms, const bool *neg,
                  size_t n);

/* Is the set of forms[i] (negated when neg[i]) unsatisfiable?  true only
 * when that is proved: every formula closed and in the fragment, in the
 * Bernays-Schönfinkel class without equality (no function of arguments,
 * no equation between terms, no existential quantifier, in effect, inside
 * a universal one), and the complete search finds no model in the
 * structure of one element per constant and per existential quantifier
 * (a Skolem constant; one element for a sort without either).  By
 * Herbrand's theorem such a set with no model there has none at all.
 * core, when not NULL, gets the indices of formulas whose constraints
 * alone have no model there either (all of them when the search had to
 * decide). */
bool fc_small_unsat(fc_small *m, const fc_node *const *forms, const bool *neg,
                    size_t n, fc_ivec *core);

#endif
