/* The scratch implementation, for long traces with arithmetic: each
 * context is pushed onto a scratch solver behind fresh guards and popped
 * after its query.  Z3's arithmetic solver keeps every term it was ever
 * given, switched on or not, and on a long chain of nonlinear
 * definitions the guarded solver makes each query cost as much as the
 * whole trace.  G grows on a solver of its own, where P, the definitions
 * and the accepted steps are asserted for good and Z3 propagates them
 * once, so a long trace does not make each query slower. */
#include "solver/scratch.h"

#include <stdio.h>
#include <stdlib.h>

#include "solver/minimize.h"
#include "solver/z3minimize.h"
#include "solver/z3plain.h"

/* Entailed when ctx ∧ ¬S is unsat, contradicted when ctx ∧ S is unsat.
 * The context is what the solver holds plus the assumptions as[0..n). */
static void evaluate_on(fc_zsolver *v, const Z3_ast *as, size_t n, Z3_ast f,
                        Z3_context z, bool entail, bool contra, fc_eval *e)
{
    fc_answer a1 = FC_SAT, a2 = FC_SAT;
    char why[160] = "";
    e->reason[0] = '\0';
    e->core.len = 0;
    e->helped = false;
    if (entail) {
        Z3_ast nf = Z3_mk_not(z, f);
        Z3_inc_ref(z, nf);
        fc_zsolver_push(v);
        fc_zsolver_assert(v, nf);
        a1 = fc_zsolver_check(v, as, n, &e->core, why, sizeof why);
        fc_zsolver_pop(v);
        Z3_dec_ref(z, nf);
        if (a1 == FC_UNSAT) {
            e->status = FC_STATUS_ENTAILED;
            return;
        }
        if (a1 == FC_UNKNOWN)
            snprintf(e->reason, sizeof e->reason, "%s", why);
    }
    if (contra) {
        fc_zsolver_push(v);
        fc_zsolver_assert(v, f);
        a2 = fc_zsolver_check(v, as, n, &e->core, why, sizeof why);
        fc_zsolver_pop(v);
        if (a2 == FC_UNSAT) {
            e->status = FC_STATUS_CONTRADICTED;
            return;
        }
        if (a2 == FC_UNKNOWN && !e->reason[0])
            snprintf(e->reason, sizeof e->reason, "%s", why);
    }
    e->core.len = 0;
    e->status = a1 == FC_UNKNOWN || a2 == FC_UNKNOWN ? FC_STATUS_UNKNOWN
                                                     : FC_STATUS_UNDETERMINED;
}

/* The definitions of a query asserted on v: the focus's own, then those
 * in reach of ctx. */
static void assert_defs(fc_solver *s, fc_zsolver *v, const fc_query *q)
{
    if (q->own >= 0 && s->def_lit[q->own] >= 0)
        fc_zsolver_assert(v, fc_z3_term(s->z, s->plan->implicit_def[q->own]));
    fc_ivec defs = {0};
    fc_reach_defs(s->reach, q->ctx, q->all_defs, &defs);
    for (size_t i = 0; i < defs.len; i++)
        fc_zsolver_assert(v, fc_z3_term(s->z,
                                        s->plan->implicit_def[defs.data[i]]));
    fc_vec_free(&defs);
}

/* Exact evaluation holds back from sets larger than this: it reads the
 * whole set on each query. */
#define EXACT_MAX_FORMS 20000

/* Entailed or contradicted by exact evaluation (solver/exact.h), with
 * the core as indices into forms; false when it cannot tell.  forms has
 * room for the goal at forms[n]. */
static bool exact_status(fc_solver *s, const fc_node **forms, bool *neg,
                         size_t n, const fc_node *goal, bool entail,
                         bool contra, fc_eval *e, fc_ivec *core)
{
    if (!s->exact || n > EXACT_MAX_FORMS)
        return false;
    bool all_sat = true;
    for (int k = 0; k < 2; k++) {
        if (!(k == 0 ? entail : contra))
            continue;
        forms[n] = goal;
        neg[n] = k == 0;
        core->len = 0;
        fc_answer a = fc_exact_decide(s->exact, forms, neg,
                                      goal ? n + 1 : n, 0, core);
        if (a == FC_UNSAT) {
            e->status = k == 0 ? FC_STATUS_ENTAILED : FC_STATUS_CONTRADICTED;
            e->reason[0] = '\0';
            e->helped = false;
            return true;
        }
        all_sat &= a == FC_SAT;
        if (!goal)
            break;
    }
    /* a model of each question asked: neither entailed nor contradicted */
    if (all_sat) {
        e->status = FC_STATUS_UNDETERMINED;
        e->reason[0] = '\0';
        e->helped = false;
        core->len = 0;
        return true;
    }
    return false;
}

/* The query's formulas for exact evaluation: the context's statements,
 * then the definitions; their statements in stmts (-1 for definitions). */
static size_t status_forms(fc_solver *s, const fc_query *q,
                           const fc_eval *e, const fc_node ***forms,
                           bool **neg, fc_ivec *stmts)
{
    fc_ivec defs = {0};
    fc_reach_defs(s->reach, q->ctx, q->all_defs, &defs);
    size_t cap = e->used.len + defs.len + 2;
    *forms = fc_xmalloc(cap * sizeof **forms);
    *neg = fc_xcalloc(cap, 1);
    size_t n = 0;
    for (size_t i = 0; i < e->used.len; i++) {
        (*forms)[n++] = s->t->stmts.data[e->used.data[i]].formula;
        fc_vec_push(stmts, e->used.data[i]);
    }
    for (size_t i = 0; i < defs.len; i++) {
        (*forms)[n++] = s->plan->implicit_def[defs.data[i]];
        fc_vec_push(stmts, -1);
    }
    if (q->own >= 0 && s->def_lit[q->own] >= 0) {
        (*forms)[n++] = s->plan->implicit_def[q->own];
        fc_vec_push(stmts, -1);
    }
    fc_vec_free(&defs);
    return n;
}

static bool scratch_exact_status(fc_solver *s, const fc_query *q,
                                 fc_eval *e)
{
    if (!s->exact)
        return false;
    const fc_node **forms;
    bool *neg;
    fc_ivec stmts = {0}, core = {0};
    size_t n = status_forms(s, q, e, &forms, &neg, &stmts);
    const fc_node *goal = q->goal >= 0 ? s->t->stmts.data[q->goal].formula
                                       : NULL;
    bool ok = exact_status(s, forms, neg, n, goal, q->entail,
                           q->contra && goal, e, &core);
    if (ok) {
        e->core.len = 0;
        for (size_t i = 0; i < core.len; i++)
            if ((size_t)core.data[i] < n && stmts.data[core.data[i]] >= 0)
                fc_vec_push(&e->core, stmts.data[core.data[i]]);
    }
    free(forms);
    free(neg);
    fc_vec_free(&stmts);
    fc_vec_free(&core);
    return ok;
}

static void scratch_status(fc_solver *s, const fc_query *q, fc_eval *e)
{
    if (scratch_exact_status(s, q, e))
        return;
    Z3_context z = fc_z3_context(s->z);
    fc_zsolver *v = s->lsolver;
    fc_zsolver_push(v);
    assert_defs(s, v, q);
    size_t n = e->used.len;
    Z3_ast *as = fc_xmalloc((n ? n : 1) * sizeof(Z3_ast));
    for (size_t i = 0; i < n; i++)
        as[i] = fc_zsolver_guard(v, s->terms[e->used.data[i]]);
    Z3_ast f = q->goal >= 0 ? s->terms[q->goal] : Z3_mk_false(z);
    Z3_inc_ref(z, f);
    if (q->budget)
        fc_zsolver_budget(v, true);
    evaluate_on(v, as, n, f, z, q->entail, q->contra && q->goal >= 0, e);
    if (q->budget)
        fc_zsolver_budget(v, false);
    Z3_dec_ref(z, f);
    fc_zsolver_pop(v);
    for (size_t i = 0; i < e->core.len; i++)
        e->core.data[i] = e->used.data[e->core.data[i]];
    free(as);
}

/* G's solver holds P, the definitions and the accepted steps; the failed
 * steps in G are switched on by their guards, or off. */
static bool scratch_exact_global(fc_solver *s, const fc_global_query *q,
                                 fc_eval *e)
{
    if (!s->exact || s->held.len > EXACT_MAX_FORMS)
        return false;
    size_t cap = s->held.len + 1;
    const fc_node **forms = fc_xmalloc(cap * sizeof *forms);
    bool *neg = fc_xcalloc(cap, 1);
    bool *failed = fc_xcalloc(cap, 1);
    size_t n = 0;
    for (size_t i = 0; i < s->held.len; i++)
        if (!(q->without_failed && s->held_failed.data[i])) {
            failed[n] = s->held_failed.data[i];
            forms[n++] = s->held.data[i];
        }
    fc_ivec core = {0};
    bool ok = exact_status(s, forms, neg, n, s->t->stmts.data[q->goal].formula,
                           q->entail, q->contra, e, &core);
    if (ok) {
        /* as with Z3: a failed step in the core helped */
        for (size_t i = 0; i < core.len; i++)
            e->helped |= e->status == FC_STATUS_ENTAILED &&
                         (size_t)core.data[i] < n && failed[core.data[i]];
        e->core.len = 0;
        e->used.len = 0;
    }
    fc_vec_free(&core);
    free(forms);
    free(neg);
    free(failed);
    return ok;
}

static void scratch_global(fc_solver *s, const fc_global_query *q,
                           fc_eval *e)
{
    if (scratch_exact_global(s, q, e))
        return;
    Z3_context z = fc_z3_context(s->z);
    Z3_ast f = s->terms[q->goal];
    size_t n = s->fguards.len;
    Z3_ast stackbuf[32];
    Z3_ast *as = n <= 32 ? stackbuf : fc_xmalloc(n * sizeof(Z3_ast));
    for (size_t i = 0; i < n; i++) {
        as[i] = q->without_failed ? Z3_mk_not(z, s->fguards.data[i])
                                  : s->fguards.data[i];
        Z3_inc_ref(z, as[i]);
    }
    evaluate_on(s->gsolver, as, n, f, z, q->entail, q->contra, e);
    for (size_t i = 0; i < n; i++)
        Z3_dec_ref(z, as[i]);
    e->helped = !q->without_failed && e->status == FC_STATUS_ENTAILED &&
                e->core.len > 0;
    e->core.len = 0;
    e->used.len = 0;
    if (as != stackbuf)
        free(as);
}

typedef FC_VEC(Z3_ast) ast_vec;

/* The fixed part of a minimization as formulas (each with a reference),
 * with the definitions of the symbols of cands (all of them when all). */
static void fixed_forms(fc_solver *s, const fc_subset_query *q,
                        const fc_ivec *cands, bool all, ast_vec *out)
{
    Z3_context z = fc_z3_context(s->z);
    out->len = 0;
#define KEEP(a)                                                              \
    do {                                                                     \
        Z3_ast a_ = (a);                                                     \
        Z3_inc_ref(z, a_);                                                   \
        fc_vec_push(out, a_);                                                \
    } while (0)
    if (q->own >= 0 && s->def_lit[q->own] >= 0)
        KEEP(fc_z3_term(s->z, s->plan->implicit_def[q->own]));
    if (q->goal >= 0 && s->terms[q->goal])
        KEEP(q->negate ? Z3_mk_not(z, s->terms[q->goal])
                       : s->terms[q->goal]);
    for (size_t i = 0; q->given && i < q->given->len; i++)
        if (s->terms[q->given->data[i]])
            KEEP(s->terms[q->given->data[i]]);
    fc_ivec defs = {0};
    fc_reach_defs(s->reach, cands, all, &defs);
    for (size_t i = 0; i < defs.len; i++)
        KEEP(fc_z3_term(s->z, s->plan->implicit_def[defs.data[i]]));
#undef KEEP
    fc_vec_free(&defs);
}

static void release_forms(fc_solver *s, ast_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        Z3_dec_ref(fc_z3_context(s->z), v->data[i]);
    fc_vec_free(v);
}

/* ---- minimization by exact evaluation ------------------------------------ */

typedef struct exact_probe {
    fc_solver *s;
    const fc_node **forms;  /* the fixed part, then room for candidates */
    bool *neg;
    size_t nfixed;
    const fc_node *const *cands;
    fc_ivec core;
} exact_probe;

static bool probe_exact(void *arg, const size_t *idx, size_t m, fc_ivec *core)
{
    exact_probe *p = arg;
    for (size_t j = 0; j < m; j++) {
        p->forms[p->nfixed + j] = p->cands[idx[j]];
        p->neg[p->nfixed + j] = false;
    }
    if (fc_exact_decide(p->s->exact, p->forms, p->neg, p->nfixed + m, 0,
                        &p->core) != FC_UNSAT)
        return false;
    core->len = 0;
    for (size_t k = 0; k < p->core.len; k++)
        if ((size_t)p->core.data[k] >= p->nfixed)
            fc_vec_push(core, (int)idx[p->core.data[k] - p->nfixed]);
    return true;
}

/* Minimization when exact evaluation shows the whole set unsatisfiable:
 * its probes cost no Z3 work, and Z3's memory does not grow with each
 * one on a long chain.  False when exact evaluation cannot show it (Z3
 * minimizes then). */
static bool exact_minimize(fc_solver *s, const fc_subset_query *q,
                           const fc_ivec *sorted, bool all, fc_ivec *keep)
{
    if (!s->exact)
        return false;
    fc_ivec defs = {0};
    fc_reach_defs(s->reach, sorted, all, &defs);
    size_t given = q->given ? q->given->len : 0;
    size_t cap = 2 + given + defs.len + sorted->len;
    exact_probe p = {.s = s,
                     .forms = fc_xmalloc(cap * sizeof(const fc_node *)),
                     .neg = fc_xcalloc(cap, 1)};
    size_t n = 0;
    if (q->own >= 0 && s->def_lit[q->own] >= 0)
        p.forms[n++] = s->plan->implicit_def[q->own];
    if (q->goal >= 0 && s->terms[q->goal]) {
        p.neg[n] = q->negate;
        p.forms[n++] = s->t->stmts.data[q->goal].formula;
    }
    for (size_t i = 0; i < given; i++)
        if (s->terms[q->given->data[i]])
            p.forms[n++] = s->t->stmts.data[q->given->data[i]].formula;
    for (size_t i = 0; i < defs.len; i++)
        p.forms[n++] = s->plan->implicit_def[defs.data[i]];
    p.nfixed = n;
    const fc_node **cands = fc_xmalloc((sorted->len + 1) * sizeof *cands);
    for (size_t i = 0; i < sorted->len; i++)
        cands[i] = s->t->stmts.data[sorted->data[i]].formula;
    p.cands = cands;
    bool ok = false;
    size_t *idx = fc_xmalloc((sorted->len + 1) * sizeof(size_t));
    for (size_t i = 0; i < sorted->len; i++)
        idx[i] = i;
    fc_ivec core = {0};
    if (probe_exact(&p, idx, sorted->len, &core))
        ok = fc_delete_in_order(sorted->len, probe_exact, &p, &core, keep);
    fc_vec_free(&core);
    fc_vec_free(&p.core);
    fc_vec_free(&defs);
    free(idx);
    free(cands);
    free(p.forms);
    free(p.neg);
    return ok;
}

static bool scratch_minimize(fc_solver *s, const fc_subset_query *q,
                             const fc_ivec *sorted, const fc_ivec *seed,
                             bool all, fc_ivec *keep)
{
    if (exact_minimize(s, q, sorted, all, keep))
        return true;
    (void)seed; /* the probes run on a solver of their own */
    ast_vec hard = {0};
    fixed_forms(s, q, sorted, all, &hard);
    Z3_ast *forms = fc_xmalloc((sorted->len ? sorted->len : 1) *
                               sizeof(Z3_ast));
    for (size_t i = 0; i < sorted->len; i++)
        forms[i] = s->terms[sorted->data[i]];
    Z3_context z = fc_z3_context(s->z);
    Z3_ast tt = Z3_mk_true(z);
    Z3_inc_ref(z, tt);
    bool ok = fc_z3_minimize_formulas(s->z, hard.data, hard.len, forms,
                                      sorted->len, tt, keep);
    Z3_dec_ref(z, tt);
    release_forms(s, &hard);
    free(forms);
    return ok;
}

static bool scratch_unsat(fc_solver *s, const fc_subset_query *q,
                          const fc_ivec *sorted)
{
    ast_vec hard = {0};
    fixed_forms(s, q, sorted, true, &hard);
    fc_zsolver *v = s->lsolver;
    fc_zsolver_push(v);
    for (size_t i = 0; i < hard.len; i++)
        fc_zsolver_assert(v, hard.data[i]);
    for (size_t i = 0; i < sorted->len; i++)
        fc_zsolver_assert(v, s->terms[sorted->data[i]]);
    bool ok = fc_zsolver_check(v, NULL, 0, NULL, NULL, 0) == FC_UNSAT;
    fc_zsolver_pop(v);
    release_forms(s, &hard);
    return ok;
}

/* G's formulas for exact evaluation, as they are held. */
static void hold_form(fc_solver *s, const fc_node *f, bool failed)
{
    if (!s->exact || !f)
        return;
    fc_vec_push(&s->held, f);
    fc_vec_push(&s->held_failed, failed);
}

static void scratch_hold(fc_solver *s, fc_hold what, int stmt)
{
    const fc_plan *p = s->plan;
    switch (what) {
    case FC_HOLD_PREMISES:
        for (size_t i = 0; i < p->premises.len; i++)
            if (s->terms[p->premises.data[i]])
                hold_form(s, s->t->stmts.data[p->premises.data[i]].formula,
                          false);
        break;
    case FC_HOLD_DEFINITION:
    case FC_HOLD_STEP:
    case FC_HOLD_FAILED:
        if (s->terms[stmt])
            hold_form(s, s->t->stmts.data[stmt].formula,
                      what == FC_HOLD_FAILED);
        break;
    case FC_HOLD_IMPLICIT:
        if (p->implicit_def[stmt] && fc_z3_term(s->z, p->implicit_def[stmt]))
            hold_form(s, p->implicit_def[stmt], false);
        break;
    }
    switch (what) {
    case FC_HOLD_PREMISES:
        for (size_t i = 0; i < p->premises.len; i++)
            fc_zsolver_assert(s->gsolver, s->terms[p->premises.data[i]]);
        break;
    case FC_HOLD_DEFINITION:
        if (s->terms[stmt])
            fc_zsolver_assert(s->gsolver, s->terms[stmt]);
        break;
    case FC_HOLD_IMPLICIT:
        if (p->implicit_def[stmt]) {
            Z3_ast d = fc_z3_term(s->z, p->implicit_def[stmt]);
            if (d)
                fc_zsolver_assert(s->gsolver, d);
        }
        break;
    case FC_HOLD_STEP:
        fc_zsolver_assert(s->gsolver, s->terms[stmt]);
        break;
    case FC_HOLD_FAILED:
        fc_vec_push(&s->fguards, fc_zsolver_guard(s->gsolver,
                                                  s->terms[stmt]));
        break;
    }
}

const solver_impl fc_scratch_impl = {
    .status = scratch_status,
    .global = scratch_global,
    .minimize = scratch_minimize,
    .unsat = scratch_unsat,
    .hold = scratch_hold,
};
