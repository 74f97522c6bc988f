#include "solver/z3plain.h"

#include <stdio.h>
#include <stdlib.h>

struct fc_zsolver {
    fc_z3_session *s;
    Z3_context ctx;
    Z3_solver solver;
    FC_VEC(Z3_ast) guards;   /* kept alive until the solver goes */
    unsigned nguards;
};

fc_zsolver *fc_zsolver_new(fc_z3_session *s)
{
    fc_zsolver *v = fc_xcalloc(1, sizeof *v);
    v->s = s;
    v->ctx = fc_z3_context(s);
    v->solver = fc_z3_new_solver(s, false);
    return v;
}

void fc_zsolver_free(fc_zsolver *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->guards.len; i++)
        Z3_dec_ref(v->ctx, v->guards.data[i]);
    fc_vec_free(&v->guards);
    Z3_solver_dec_ref(v->ctx, v->solver);
    free(v);
}

void fc_zsolver_budget(fc_zsolver *v, bool on)
{
    fc_z3_set_budget(v->s, v->solver, on);
}

void fc_zsolver_assert(fc_zsolver *v, Z3_ast f)
{
    if (f)
        Z3_solver_assert(v->ctx, v->solver, f);
}

void fc_zsolver_push(fc_zsolver *v) { Z3_solver_push(v->ctx, v->solver); }

void fc_zsolver_pop(fc_zsolver *v) { Z3_solver_pop(v->ctx, v->solver, 1); }

Z3_ast fc_zsolver_guard(fc_zsolver *v, Z3_ast f)
{
    Z3_context c = v->ctx;
    char name[32];
    snprintf(name, sizeof name, "!G%u", v->nguards++);
    Z3_ast b = Z3_mk_const(c, Z3_mk_string_symbol(c, name),
                           Z3_mk_bool_sort(c));
    Z3_inc_ref(c, b);
    fc_vec_push(&v->guards, b);
    if (f) {
        Z3_ast imp = Z3_mk_implies(c, b, f);
        Z3_inc_ref(c, imp);
        Z3_solver_assert(c, v->solver, imp);
        Z3_dec_ref(c, imp);
    }
    return b;
}

fc_answer fc_zsolver_check(fc_zsolver *v, const Z3_ast *assumptions,
                           size_t n, fc_ivec *core, char *reason,
                           size_t reason_len)
{
    return fc_z3_solver_check(v->s, v->solver, assumptions, n, core, reason,
                              reason_len);
}
