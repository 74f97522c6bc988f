#include "checker.h"

#include <stdlib.h>
#include <string.h>

#include "classify.h"

/* A worker's Z3 context is reused across traces and renewed now and then,
 * so that its memory stays bounded in a long audit. */
#define CONTEXT_REUSE 256

static const char *const status_names[] = {
    "none",    "entailed",   "contradicted", "undetermined",
    "unknown", "definition", "ill_formed",   "refuted",
};

const char *fc_status_name(fc_status s) { return status_names[s]; }

void fc_check_options_init(fc_check_options *o)
{
    memset(o, 0, sizeof *o);
    o->window = 1;
    o->timeout_ms = 10000;
}

fc_checker *fc_checker_new(const fc_check_options *opts)
{
    fc_checker *c = fc_xcalloc(1, sizeof *c);
    if (opts)
        c->opts = *opts;
    else
        fc_check_options_init(&c->opts);
    c->z = fc_z3_new(c->opts.timeout_ms, c->opts.rlimit);
    return c;
}

void fc_checker_free(fc_checker *c)
{
    if (!c)
        return;
    fc_z3_free(c->z);
    free(c);
}

/* ---- helpers shared with the classifier --------------------------------- */

int fc_check_neg(fc_check *c, int stmt)
{
    if (c->stmt_neg[stmt] >= 0 || c->stmt_lit[stmt] < 0)
        return c->stmt_neg[stmt];
    fc_stmt *s = &c->t->stmts.data[stmt];
    Z3_ast f = fc_z3_term(c->z, s->formula);
    if (!f)
        return -1;
    Z3_context ctx = fc_z3_context(c->z);
    Z3_ast nf = Z3_mk_not(ctx, f);
    Z3_inc_ref(ctx, nf);
    c->stmt_neg[stmt] = fc_z3_guard(c->z, nf);
    Z3_dec_ref(ctx, nf);
    return c->stmt_neg[stmt];
}

void fc_check_lits(fc_check *c, const fc_ivec *stmts, fc_ivec *lits)
{
    lits->len = 0;
    for (size_t i = 0; i < stmts->len; i++) {
        int st = stmts->data[i];
        if (c->stmt_lit[st] >= 0)
            fc_vec_push(lits, c->stmt_lit[st]);
        if (c->def_lit[st] >= 0)
            fc_vec_push(lits, c->def_lit[st]);
    }
}

void fc_check_query(fc_check *c, const fc_ivec *ctx, int extra,
                    bool want_core, bool want_model, fc_query_result *q)
{
    fc_ivec all = {0};
    for (size_t i = 0; i < ctx->len; i++)
        fc_vec_push(&all, ctx->data[i]);
    if (extra >= 0)
        fc_vec_push(&all, extra);
    fc_z3_check(c->z, all.data, all.len, want_core, want_model, q);
    fc_vec_free(&all);
}

void fc_check_core_stmts(fc_check *c, const fc_ivec *core, int skip_lit,
                         fc_ivec *out)
{
    out->len = 0;
    size_t n = c->t->stmts.len;
    for (size_t k = 0; k < core->len; k++) {
        int lit = core->data[k];
        if (lit == skip_lit)
            continue;
        for (size_t st = 0; st < n; st++) {
            if ((c->stmt_lit[st] == lit || c->def_lit[st] == lit) &&
                !fc_ivec_contains(out, (int)st)) {
                fc_vec_push(out, (int)st);
                break;
            }
        }
    }
}

/* ---- one status --------------------------------------------------------- */

typedef struct eval {
    fc_status status;
    char reason[160];
    fc_ivec core;       /* literals, for entailed or contradicted */
} eval;

static void eval_free(eval *e) { fc_vec_free(&e->core); }

static void copy_core(eval *e, const fc_query_result *q)
{
    e->core.len = 0;
    for (size_t i = 0; i < q->core.len; i++)
        fc_vec_push(&e->core, q->core.data[i]);
}

/* Entailed when ctx ∧ ¬S is unsat, contradicted when ctx ∧ S is unsat.
 * need_entail / need_contra skip a query whose answer is implied. */
static void evaluate(fc_check *c, const fc_ivec *ctx, int stmt,
                     bool need_entail, bool need_contra, eval *e)
{
    fc_query_result q = {0};
    int neg = fc_check_neg(c, stmt);
    int pos = c->stmt_lit[stmt];
    fc_answer a1 = FC_SAT, a2 = FC_SAT;
    e->reason[0] = '\0';
    e->core.len = 0;
    if (need_entail) {
        fc_check_query(c, ctx, neg, true, false, &q);
        a1 = q.answer;
        if (a1 == FC_UNSAT) {
            copy_core(e, &q);
            e->status = FC_STATUS_ENTAILED;
            fc_query_result_free(&q);
            return;
        }
        if (a1 == FC_UNKNOWN)
            snprintf(e->reason, sizeof e->reason, "%s", q.reason);
    }
    if (need_contra) {
        fc_check_query(c, ctx, pos, true, false, &q);
        a2 = q.answer;
        if (a2 == FC_UNSAT) {
            copy_core(e, &q);
            e->status = FC_STATUS_CONTRADICTED;
            fc_query_result_free(&q);
            return;
        }
        if (a2 == FC_UNKNOWN && !e->reason[0])
            snprintf(e->reason, sizeof e->reason, "%s", q.reason);
    }
    e->status = a1 == FC_UNKNOWN || a2 == FC_UNKNOWN ? FC_STATUS_UNKNOWN
                                                     : FC_STATUS_UNDETERMINED;
    fc_query_result_free(&q);
}

/* ---- the trace ---------------------------------------------------------- */

static void global_context(fc_check *c, size_t k, fc_ivec *stmts)
{
    fc_plan *p = c->plan;
    int stmt = p->steps.data[k];
    stmts->len = 0;
    for (size_t i = 0; i < p->premises.len; i++)
        fc_vec_push(stmts, p->premises.data[i]);
    for (int i = 0; i < stmt; i++)
        if (p->role[i] == FC_ROLE_DEFINITION && c->stmt_lit[i] >= 0)
            fc_vec_push(stmts, i);
    for (size_t j = 0; j < k; j++) {
        int sj = p->steps.data[j];
        fc_step_result *r = &c->r->steps.data[c->stmt_step[sj]];
        if (r->in_global && p->role[sj] == FC_ROLE_STEP)
            fc_vec_push(stmts, sj);
    }
}

static void without(const fc_ivec *a, const fc_ivec *drop, fc_ivec *out)
{
    out->len = 0;
    for (size_t i = 0; i < a->len; i++)
        if (!fc_ivec_contains(drop, a->data[i]))
            fc_vec_push(out, a->data[i]);
}

static void set_support(fc_check *c, fc_step_result *sr, eval *e, int neg)
{
    if (e->core.len > 2 && !getenv("FC_NO_MIN")) {
        int keep = neg;
        fc_z3_minimize_core(c->z, &e->core, &keep, 1);
    }
    fc_check_core_stmts(c, &e->core, neg, &sr->support);
}

static void check_step(fc_check *c, size_t k)
{
    fc_plan *p = c->plan;
    int stmt = p->steps.data[k];
    fc_stmt *s = &c->t->stmts.data[stmt];
    fc_step_result *sr = &c->r->steps.data[k];
    sr->stmt = stmt;
    sr->index = (int)k + 1;
    sr->def_lit = c->def_lit[stmt];
    sr->lit = c->stmt_lit[stmt];
    sr->neg_lit = -1;
    c->stmt_step[stmt] = (int)k;

    if (s->broken || s->ill_sorted || sr->lit < 0) {
        sr->local = sr->global = FC_STATUS_ILL_FORMED;
        sr->in_global = false;
        fc_classify_step(c, k);
        return;
    }
    if (p->role[stmt] == FC_ROLE_DEFINITION) {
        sr->local = sr->global = FC_STATUS_DEFINITION;
        sr->in_global = true;
        fc_classify_step(c, k);
        return;
    }

    /* redundant: the very formula of an earlier claim (hash-consed) */
    sr->redundant_of = -1;
    for (int i = 0; i < stmt; i++) {
        fc_stmt *o = &c->t->stmts.data[i];
        if ((o->kind == FC_ST_PREMISE || o->kind == FC_ST_STEP) &&
            o->formula == s->formula && !o->broken && !o->ill_sorted) {
            sr->redundant = true;
            sr->redundant_of = i;
            break;
        }
    }

    global_context(c, k, &c->global_stmts);
    fc_plan_local(p, c->t, k, c->opts->window, &c->local_stmts);
    fc_check_lits(c, &c->global_stmts, &c->global_lits);
    fc_check_lits(c, &c->local_stmts, &c->local_lits);
    /* a chain `c = t = v` with c fresh defines c for itself */
    if (sr->def_lit >= 0) {
        fc_vec_push(&c->global_lits, sr->def_lit);
        fc_vec_push(&c->local_lits, sr->def_lit);
    }
    int neg = fc_check_neg(c, stmt);
    sr->neg_lit = neg;

    /* global */
    eval g = {0};
    evaluate(c, &c->global_lits, stmt, true, true, &g);
    sr->global = g.status;
    if (g.status == FC_STATUS_UNKNOWN)
        sr->global_reason = fc_xstrdup(g.reason);
    if (g.status == FC_STATUS_ENTAILED) {
        fc_ivec used = {0};
        fc_check_core_stmts(c, &g.core, neg, &used);
        bool helped = false;
        for (size_t i = 0; i < used.len; i++)
            helped |= fc_ivec_contains(&c->failed, used.data[i]);
        fc_vec_free(&used);
        if (!helped) {
            sr->global_without_failed = true;
            set_support(c, sr, &g, neg);
        } else {
            fc_ivec clean = {0}, lits = {0};
            without(&c->global_stmts, &c->failed, &clean);
            fc_check_lits(c, &clean, &lits);
            eval e2 = {0};
            evaluate(c, &lits, stmt, true, false, &e2);
            if (e2.status == FC_STATUS_ENTAILED) {
                sr->global_without_failed = true;
                set_support(c, sr, &e2, neg);
            } else {
                set_support(c, sr, &g, neg);
            }
            eval_free(&e2);
            fc_vec_free(&clean);
            fc_vec_free(&lits);
        }
    }

    /* local: often implied by the global answer */
    eval l = {0};
    bool same = fc_ivec_same_set(&c->local_stmts, &c->global_stmts);
    bool sub = fc_ivec_subset(&c->local_stmts, &c->global_stmts);
    if (same) {
        sr->local = sr->global;
        if (sr->global_reason)
            sr->local_reason = fc_xstrdup(sr->global_reason);
    } else if (sub && c->g_sure && g.status != FC_STATUS_UNKNOWN) {
        if (g.status == FC_STATUS_UNDETERMINED) {
            sr->local = FC_STATUS_UNDETERMINED;
        } else {
            evaluate(c, &c->local_lits, stmt,
                     g.status == FC_STATUS_ENTAILED,
                     g.status == FC_STATUS_CONTRADICTED, &l);
            sr->local = l.status;
        }
    } else {
        evaluate(c, &c->local_lits, stmt, true, true, &l);
        sr->local = l.status;
    }
    if (sr->local == FC_STATUS_UNKNOWN && !sr->local_reason)
        sr->local_reason = fc_xstrdup(l.reason[0] ? l.reason : g.reason);
    eval_free(&l);
    eval_free(&g);

    sr->in_global = sr->global != FC_STATUS_CONTRADICTED;
    if (sr->global == FC_STATUS_UNKNOWN)
        c->g_sure = false;
    fc_classify_step(c, k);
    if (sr->err.type != FC_T_NONE)
        fc_vec_push(&c->failed, stmt);
    if (sr->global == FC_STATUS_CONTRADICTED)
        fc_vec_push(&c->contradicted, stmt);
}

static void check_conclusion(fc_check *c)
{
    fc_result *r = c->r;
    fc_plan *p = c->plan;
    int stmt = p->conclusion;
    r->concl.present = stmt >= 0;
    r->concl.stmt = stmt;
    if (stmt < 0)
        return;
    fc_ivec pstmts = {0}, plits = {0}, gstmts = {0}, glits = {0};
    for (size_t i = 0; i < p->premises.len; i++)
        fc_vec_push(&pstmts, p->premises.data[i]);
    fc_plan_definitions(p, (int)c->t->stmts.len, &pstmts);
    fc_check_lits(c, &pstmts, &plits);
    eval e = {0};
    evaluate(c, &plits, stmt, true, true, &e);
    r->concl.status = e.status == FC_STATUS_CONTRADICTED ? FC_STATUS_REFUTED
                                                         : e.status;
    if (e.status == FC_STATUS_UNKNOWN)
        r->concl.reason = fc_xstrdup(e.reason);
    bool premise_entailed = e.status == FC_STATUS_ENTAILED;
    /* reached: G after the last step, without failed steps' help */
    for (size_t i = 0; i < pstmts.len; i++)
        fc_vec_push(&gstmts, pstmts.data[i]);
    for (size_t k = 0; k < r->steps.len; k++) {
        fc_step_result *sr = &r->steps.data[k];
        if (sr->in_global && p->role[sr->stmt] == FC_ROLE_STEP)
            fc_vec_push(&gstmts, sr->stmt);
    }
    fc_check_lits(c, &gstmts, &glits);
    if (premise_entailed && c->g_sure) {
        r->concl.reached = true;
        r->concl.reached_status = FC_STATUS_ENTAILED;
    } else {
        eval g = {0};
        evaluate(c, &glits, stmt, true, false, &g);
        r->concl.reached = g.status == FC_STATUS_ENTAILED;
        r->concl.reached_status = g.status;
        eval_free(&g);
    }
    eval_free(&e);
    fc_vec_free(&pstmts);
    fc_vec_free(&plits);
    fc_vec_free(&gstmts);
    fc_vec_free(&glits);
}

static void check_premises(fc_check *c)
{
    fc_result *r = c->r;
    fc_ivec lits = {0};
    fc_check_lits(c, &c->plan->premises, &lits);
    fc_query_result q = {0};
    fc_z3_check(c->z, lits.data, lits.len, true, false, &q);
    r->premises_consistent = q.answer != FC_UNSAT;
    r->premises_unknown = q.answer == FC_UNKNOWN;
    c->g_sure = q.answer == FC_SAT;
    if (q.answer == FC_UNSAT) {
        fc_ivec core = {0};
        for (size_t i = 0; i < q.core.len; i++)
            fc_vec_push(&core, q.core.data[i]);
        fc_z3_minimize_core(c->z, &core, NULL, 0);
        fc_check_core_stmts(c, &core, -1, &r->inconsistent_core);
        fc_vec_free(&core);
    }
    fc_query_result_free(&q);
    fc_vec_free(&lits);
}

static void unused_premises(fc_check *c)
{
    fc_result *r = c->r;
    for (size_t i = 0; i < c->plan->premises.len; i++) {
        int p = c->plan->premises.data[i];
        bool used = false;
        for (size_t k = 0; k < r->steps.len && !used; k++)
            used = fc_ivec_contains(&r->steps.data[k].support, p);
        if (!used)
            fc_vec_push(&r->unused_premises, p);
    }
}

static void verdicts(fc_check *c)
{
    fc_result *r = c->r;
    bool coherent = true, valid = r->premises_consistent &&
                                  !r->premises_unknown;
    bool unknown = r->premises_unknown;
    for (size_t k = 0; k < r->steps.len; k++) {
        fc_step_result *sr = &r->steps.data[k];
        if (sr->local == FC_STATUS_CONTRADICTED ||
            sr->local == FC_STATUS_ILL_FORMED)
            coherent = false;
        if (sr->global == FC_STATUS_UNKNOWN || sr->local == FC_STATUS_UNKNOWN)
            unknown = true;
        if (sr->err.type != FC_T_NONE)
            valid = false;
    }
    if (r->concl.present) {
        if (!r->concl.reached)
            valid = false;
        if (r->concl.reached_status == FC_STATUS_UNKNOWN ||
            r->concl.status == FC_STATUS_UNKNOWN)
            unknown = true;
    }
    r->coherent = coherent;
    r->valid = valid;
    r->has_unknown = unknown;
}

fc_result *fc_checker_run(fc_checker *ck, const fc_trace *ct)
{
    fc_trace *t = (fc_trace *)ct;
    fc_result *r = fc_xcalloc(1, sizeof *r);
    uint64_t t0 = fc_now_us();
    r->t = t;
    r->opts = ck->opts;
    if (!fc_trace_checkable(t)) {
        r->checked = false;
        return r;
    }
    r->checked = true;
    if (++ck->traces % CONTEXT_REUSE == 0) {
        fc_z3_free(ck->z);
        ck->z = fc_z3_new(ck->opts.timeout_ms, ck->opts.rlimit);
    }

    size_t n = t->stmts.len;
    fc_check c = {0};
    c.r = r;
    c.t = t;
    c.opts = &ck->opts;
    c.plan = fc_plan_new(t);
    c.z = fc_z3_session_new(ck->z, t);
    c.stmt_lit = fc_xmalloc(n * sizeof(int));
    c.stmt_neg = fc_xmalloc(n * sizeof(int));
    c.stmt_step = fc_xmalloc(n * sizeof(int));
    c.def_lit = fc_xmalloc(n * sizeof(int));
    for (size_t i = 0; i < n; i++) {
        fc_stmt *s = &t->stmts.data[i];
        c.stmt_lit[i] = c.stmt_neg[i] = c.stmt_step[i] = c.def_lit[i] = -1;
        if (!fc_stmt_is_claim(s) || s->broken || s->ill_sorted)
            continue;
        c.stmt_lit[i] = fc_z3_guard(c.z, fc_z3_term(c.z, s->formula));
        if (c.plan->implicit_def[i])
            c.def_lit[i] = fc_z3_guard(c.z,
                                       fc_z3_term(c.z,
                                                  c.plan->implicit_def[i]));
    }

    check_premises(&c);
    fc_step_result zero = {0};
    for (size_t k = 0; k < c.plan->steps.len; k++)
        fc_vec_push(&r->steps, zero);
    for (size_t k = 0; k < c.plan->steps.len; k++)
        check_step(&c, k);
    check_conclusion(&c);
    unused_premises(&c);
    fc_classify_trace(&c);
    verdicts(&c);

    r->queries = fc_z3_queries(c.z);
    r->solver_us = fc_z3_solver_us(c.z);
    fc_z3_session_free(c.z);
    fc_plan_free(c.plan);
    free(c.stmt_lit);
    free(c.stmt_neg);
    free(c.stmt_step);
    free(c.def_lit);
    fc_vec_free(&c.failed);
    fc_vec_free(&c.contradicted);
    fc_vec_free(&c.local_lits);
    fc_vec_free(&c.global_lits);
    fc_vec_free(&c.local_stmts);
    fc_vec_free(&c.global_stmts);
    r->total_us = fc_now_us() - t0;
    return r;
}

void fc_result_free(fc_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->steps.len; k++) {
        fc_step_result *sr = &r->steps.data[k];
        free(sr->local_reason);
        free(sr->global_reason);
        free(sr->countermodel);
        free(sr->err.message);
        cJSON_Delete(sr->err.details);
        fc_vec_free(&sr->support);
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        free(r->errors.data[i].message);
        cJSON_Delete(r->errors.data[i].details);
    }
    fc_vec_free(&r->errors);
    fc_vec_free(&r->steps);
    fc_vec_free(&r->inconsistent_core);
    fc_vec_free(&r->unused_premises);
    free(r->concl.reason);
    free(r);
}

bool fc_result_checked(const fc_result *r) { return r->checked; }
bool fc_result_valid(const fc_result *r) { return r->checked && r->valid; }
bool fc_result_coherent(const fc_result *r)
{
    return r->checked && r->coherent;
}
bool fc_result_has_unknown(const fc_result *r) { return r->has_unknown; }
