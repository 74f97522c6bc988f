/* Small models: satisfiability in a structure with one element per sort.
 *
 * In such a structure every term of a sort denotes its one element, so
 * quantifiers over it are transparent, every equation between its terms is
 * true, and an n-ary predicate is a single truth value: first-order logic
 * becomes propositional logic over the trace's predicate symbols.  A set of
 * formulas true in one of these structures has a model, so it is
 * satisfiable, and a query over it needs no solver.  The converse does not
 * hold ({P(a), ¬P(b)} needs two elements): "no" only means "ask the solver".
 *
 * Formulas outside the fragment (arithmetic, numeric or Boolean terms as
 * arguments, quantifiers over Bool or numbers) make the answer "no".  The
 * search for a truth assignment (DPLL on formulas: unit propagation and
 * decisions) visits a bounded number of nodes, and the answer is also "no"
 * when it runs out. */
#ifndef FC_SMALLMODEL_H
#define FC_SMALLMODEL_H

#include "trace.h"

typedef struct fc_small fc_small;

fc_small *fc_small_new(fc_trace *t);
void fc_small_free(fc_small *m);

/* Is there a one-element structure in which every forms[i] is true (its
 * negation when neg[i])?  true only when one was found. */
bool fc_small_sat(fc_small *m, const fc_node *const *forms, const bool *neg,
                  size_t n);

#endif
