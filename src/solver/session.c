#include "solver/session.h"

#include <stdlib.h>

int fc_session_guard(fc_solver *s, const fc_node *n, bool negated)
{
    Z3_ast f = fc_z3_term(s->z, n);
    if (!f)
        return -1;
    Z3_context ctx = fc_z3_context(s->z);
    if (negated) {
        f = Z3_mk_not(ctx, f);
        Z3_inc_ref(ctx, f);
    }
    int lit = fc_z3_guard(s->z, f);
    if (negated)
        Z3_dec_ref(ctx, f);
    if (lit < 0)
        return -1;
    while (s->lit_node.len <= (size_t)lit) {
        fc_vec_push(&s->lit_node, NULL);
        fc_vec_push(&s->lit_neg, false);
    }
    s->lit_node.data[lit] = n;
    s->lit_neg.data[lit] = negated;
    return lit;
}

void fc_session_check(fc_solver *s, const fc_ivec *lits, int extra,
                      bool want_core, bool want_model, fc_query_result *q)
{
    fc_ivec all = {0};
    for (size_t i = 0; i < lits->len; i++)
        fc_vec_push(&all, lits->data[i]);
    if (extra >= 0)
        fc_vec_push(&all, extra);
    fc_z3_check(s->z, all.data, all.len, want_core, want_model, q);
    fc_vec_free(&all);
}

int fc_session_neg_lit(fc_solver *s, int stmt)
{
    if (s->stmt_neg[stmt] >= 0 || s->stmt_lit[stmt] < 0)
        return s->stmt_neg[stmt];
    s->stmt_neg[stmt] = fc_session_guard(s, s->t->stmts.data[stmt].formula,
                                         true);
    return s->stmt_neg[stmt];
}

void fc_session_begin(const fc_solver *s, const fc_query *q, fc_eval *e,
                      bool scratch)
{
    e->used.len = 0;
    e->core.len = 0;
    e->reason[0] = '\0';
    e->helped = false;
    e->core_defs = scratch;
    for (size_t i = 0; i < q->ctx->len; i++) {
        int st = q->ctx->data[i];
        if (s->stmt_lit[st] >= 0 && !fc_ivec_contains(&e->used, st))
            fc_vec_push(&e->used, st);
    }
}
