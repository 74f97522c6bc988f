/* Inside the solver interface: one trace's solver, the table of the
 * implementations of its queries (guarded.h, scratch.h), and the
 * literals of the session's guarded solver that both use.  Private to
 * solver/. */
#ifndef FC_SESSION_H
#define FC_SESSION_H

#include "plan/reach.h"
#include "solver/query.h"
#include "solver/exact.h"
#include "solver/smallmodel.h"
#include "solver/z3bridge.h"
#include "solver/z3plain.h"

typedef struct fc_solver fc_solver;

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

struct fc_solver {
    const solver_impl *impl;
    struct fc_solver_context *ctx;
    bool lazy;          /* on a used context, checks on Z3 deferred */
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
    /* traces with arithmetic: exact evaluation answers what it can
     * before Z3 (NULL otherwise) */
    fc_exact *exact;
    FC_VEC(const fc_node *) lit_node; /* by literal: the formula it guards */
    FC_VEC(bool) lit_neg;             /* by literal: it guards ¬formula */
    /* scratch only: the context pushed and popped per query, and G */
    fc_zsolver *lsolver, *gsolver;
    FC_VEC(Z3_ast) fguards;           /* G guards of failed steps in G */
    /* scratch with exact evaluation: G's formulas as held, and which of
     * them are failed steps */
    FC_VEC(const fc_node *) held;
    FC_VEC(bool) held_failed;
};

/* A literal for formula n of the trace's AST, or its negation (-1: it
 * cannot be translated); the small models learn which formula it is. */
int fc_session_guard(fc_solver *s, const fc_node *n, bool negated);
/* The literal of ¬S for statement stmt, made on first use. */
int fc_session_neg_lit(fc_solver *s, int stmt);
/* One check of lits and extra (-1: none) on the guarded solver. */
void fc_session_check(fc_solver *s, const fc_ivec *lits, int extra,
                      bool want_core, bool want_model, fc_query_result *q);
/* Starts an answer to q: e->used gets the statements of q->ctx that have
 * a literal. */
void fc_session_begin(const fc_solver *s, const fc_query *q, fc_eval *e,
                      bool scratch);

#endif
