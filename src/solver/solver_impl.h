/* Inside the solver interface: one trace's solver and the two
 * implementations of its queries (guarded.c, scratch.c).  Private to
 * solver/. */
#ifndef FC_SOLVER_IMPL_H
#define FC_SOLVER_IMPL_H

#include "solver/smallmodel.h"
#include "solver/solver.h"
#include "solver/z3bridge.h"

typedef struct solver_impl {
    /* fc_solver_status, after the common part has filled e->used */
    void (*status)(fc_solver *s, const fc_query *q, fc_eval *e);
    void (*global)(fc_solver *s, const fc_global_query *q, fc_eval *e);
    /* One deletion pass over sorted (statement indices) with the fixed
     * part of q, given the definitions of the symbols at hand or all of
     * them; keep receives indices into sorted.  Whether the whole set
     * did it. */
    bool (*minimize)(fc_solver *s, const fc_subset_query *q,
                     const fc_ivec *sorted, const fc_ivec *seed, bool all,
                     fc_ivec *keep);
    /* Without the probes' budget: is the whole set with all of the fixed
     * part unsatisfiable? */
    bool (*unsat)(fc_solver *s, const fc_subset_query *q,
                  const fc_ivec *sorted);
    void (*hold)(fc_solver *s, fc_hold what, int stmt);
} solver_impl;

extern const solver_impl fc_guarded_impl;
extern const solver_impl fc_scratch_impl;

struct fc_solver {
    const solver_impl *impl;
    const fc_trace *t;
    const fc_plan *plan;
    fc_reach *reach;
    fc_z3_session *z;
    int *stmt_lit;      /* by statement: literal of S, or -1 */
    int *stmt_neg;      /* by statement: literal of ¬S, or -1 */
    int *def_lit;       /* by statement: implicit definition literal, or -1 */
    Z3_ast *terms;      /* by statement: the formula in Z3, or NULL */
    /* traces without arithmetic: one-element models answer satisfiable
     * queries before Z3 (NULL otherwise) */
    fc_small *small;
    FC_VEC(const fc_node *) lit_node; /* by literal: the formula it guards */
    FC_VEC(bool) lit_neg;             /* by literal: it guards ¬formula */
    /* scratch only: the context pushed and popped per query, and G */
    fc_zsolver *lsolver, *gsolver;
    FC_VEC(Z3_ast) fguards;           /* G guards of failed steps in G */
};

#endif
