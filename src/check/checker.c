#include "check/checker.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

/* A worker's Z3 context is reused across traces and renewed now and then,
 * so that its memory stays bounded in a long audit.  A trace with
 * arithmetic always starts on a fresh one (see fc_checker_run). */
#define CONTEXT_REUSE 256
/* Traces with arithmetic and more statements than this get scratch solvers
 * (see evaluate_set); shorter ones use the guarded solver like the rest. */
#define ARITH_GUARDED_MAX 40
/* The heap is trimmed after this many renewals of the context, and after
 * each one made for CONTEXT_REUSE. */
#define TRIM_EVERY 256

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

int fc_check_guard(fc_check *c, const fc_node *n, bool negated)
{
    Z3_ast f = fc_z3_term(c->z, n);
    if (!f)
        return -1;
    Z3_context ctx = fc_z3_context(c->z);
    if (negated) {
        f = Z3_mk_not(ctx, f);
        Z3_inc_ref(ctx, f);
    }
    int lit = fc_z3_guard(c->z, f);
    if (negated)
        Z3_dec_ref(ctx, f);
    if (lit < 0)
        return -1;
    while (c->lit_node.len <= (size_t)lit) {
        fc_vec_push(&c->lit_node, NULL);
        fc_vec_push(&c->lit_neg, false);
    }
    c->lit_node.data[lit] = n;
    c->lit_neg.data[lit] = negated;
    return lit;
}

/* The session's model finder: a one-element model of the formulas the
 * literals guard (fc_z3_set_oracle). */
static bool small_sat(void *arg, const int *lits, size_t n)
{
    fc_check *c = arg;
    const fc_node *stackf[64];
    bool stackn[64];
    const fc_node **forms = n <= 64 ? stackf : fc_xmalloc(n * sizeof *forms);
    bool *neg = n <= 64 ? stackn : fc_xmalloc(n * sizeof *neg);
    bool known = true;
    for (size_t i = 0; i < n && known; i++) {
        int lit = lits[i];
        known = lit >= 0 && (size_t)lit < c->lit_node.len &&
                c->lit_node.data[lit];
        if (known) {
            forms[i] = c->lit_node.data[lit];
            neg[i] = c->lit_neg.data[lit];
        }
    }
    bool sat = known && fc_small_sat(c->small, forms, neg, n);
    if (forms != stackf)
        free(forms);
    if (neg != stackn)
        free(neg);
    return sat;
}

int fc_check_neg(fc_check *c, int stmt)
{
    if (c->stmt_neg[stmt] >= 0 || c->stmt_lit[stmt] < 0)
        return c->stmt_neg[stmt];
    c->stmt_neg[stmt] = fc_check_guard(c, c->t->stmts.data[stmt].formula,
                                       true);
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

/* ---- statuses on the plain solvers ------------------------------------- */

typedef struct eval {
    fc_status status;
    char reason[160];
    fc_ivec core;       /* entailed: indices into the context */
    fc_ivec used;       /* the statements of the context asked */
    bool helped;        /* G: a failed step was in the core */
    bool core_defs;     /* the core may hold definitions besides own's */
} eval;

static void eval_free(eval *e)
{
    fc_vec_free(&e->core);
    fc_vec_free(&e->used);
}

static void without(const fc_ivec *a, const fc_ivec *drop, fc_ivec *out)
{
    out->len = 0;
    for (size_t i = 0; i < a->len; i++)
        if (!fc_ivec_contains(drop, a->data[i]))
            fc_vec_push(out, a->data[i]);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Entailed when ctx ∧ ¬S is unsat, contradicted when ctx ∧ S is unsat.
 * The context is what the solver holds plus the assumptions as[0..n).
 * need_entail / need_contra skip a query whose answer is implied. */
static void evaluate_on(fc_zsolver *v, const Z3_ast *as, size_t n, Z3_ast f,
                        Z3_context z, bool need_entail, bool need_contra,
                        eval *e)
{
    fc_answer a1 = FC_SAT, a2 = FC_SAT;
    char why[160] = "";
    e->reason[0] = '\0';
    e->core.len = 0;
    e->helped = false;
    if (need_entail) {
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
    if (need_contra) {
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

static void def_stmts(fc_check *c, const fc_ivec *ctx, bool all,
                      fc_ivec *out);
static void evaluate_set_budget(fc_check *c, const fc_ivec *ctx, int own,
                                bool all_defs, int goal, bool need_entail,
                                bool need_contra, bool budget, eval *e);

/* The status of statement goal (-1: ⊥) against the statements ctx, with
 * the implicit definition of statement own (-1: none) and those of the
 * symbols at hand (all of them when all_defs).  The core maps back to
 * ctx.  One of two solvers answers, chosen per trace:
 *
 * - the session's guarded solver, where every statement sits behind a
 *   literal for the whole trace and a query switches on the ones it needs:
 *   nothing is asserted or retracted per query;
 * - for traces with arithmetic and more than ARITH_GUARDED_MAX
 *   statements, a scratch solver onto which each context is pushed and
 *   popped: the arithmetic solver keeps every term it was ever given,
 *   switched on or not, and on a long chain of nonlinear definitions that
 *   makes each query cost as much as the whole trace (gsm-64 takes three
 *   times as long on the guarded solver).  Shorter ones are faster on the
 *   guarded solver, which asserts nothing per query (gsm-4: 0.29 -> 0.17
 *   s). */
static void evaluate_set(fc_check *c, const fc_ivec *ctx, int own,
                         bool all_defs, int goal, bool need_entail,
                         bool need_contra, eval *e)
{
    evaluate_set_budget(c, ctx, own, all_defs, goal, need_entail, need_contra,
                        false, e);
}

/* The same, with the probes' budget when budget: for a first attempt on
 * part of a context, which a full query follows when it does not settle
 * the question.  On a part that lacks what the step needs, nonlinear
 * arithmetic can otherwise spend the whole --timeout looking for a model. */
static void evaluate_set_budget(fc_check *c, const fc_ivec *ctx, int own,
                                bool all_defs, int goal, bool need_entail,
                                bool need_contra, bool budget, eval *e)
{
    e->used.len = 0;
    e->core.len = 0;
    e->reason[0] = '\0';
    e->helped = false;
    e->core_defs = c->lsolver != NULL;
    for (size_t i = 0; i < ctx->len; i++) {
        int st = ctx->data[i];
        if (c->stmt_lit[st] >= 0 && !fc_ivec_contains(&e->used, st))
            fc_vec_push(&e->used, st);
    }
    if (c->lsolver) {
        Z3_context z = fc_z3_context(c->z);
        fc_zsolver *v = c->lsolver;
        fc_zsolver_push(v);
        if (own >= 0 && c->def_lit[own] >= 0)
            fc_zsolver_assert(v, fc_z3_term(c->z, c->plan->implicit_def[own]));
        fc_ivec defs = {0};
        def_stmts(c, ctx, all_defs, &defs);
        for (size_t i = 0; i < defs.len; i++)
            fc_zsolver_assert(v, fc_z3_term(c->z,
                                            c->plan->implicit_def[defs.data[i]]));
        fc_vec_free(&defs);
        size_t n = e->used.len;
        Z3_ast *as = fc_xmalloc((n ? n : 1) * sizeof(Z3_ast));
        for (size_t i = 0; i < n; i++)
            as[i] = fc_zsolver_guard(v, c->terms[e->used.data[i]]);
        Z3_ast f = goal >= 0 ? c->terms[goal] : Z3_mk_false(z);
        Z3_inc_ref(z, f);
        if (budget)
            fc_zsolver_budget(v, true);
        evaluate_on(v, as, n, f, z, need_entail, need_contra && goal >= 0, e);
        if (budget)
            fc_zsolver_budget(v, false);
        Z3_dec_ref(z, f);
        fc_zsolver_pop(v);
        for (size_t i = 0; i < e->core.len; i++)
            e->core.data[i] = e->used.data[e->core.data[i]];
        free(as);
        return;
    }
    fc_ivec lits = {0}, defs = {0};
    for (size_t i = 0; i < e->used.len; i++)
        fc_vec_push(&lits, c->stmt_lit[e->used.data[i]]);
    size_t nctx = lits.len;
    def_stmts(c, ctx, all_defs, &defs);
    for (size_t i = 0; i < defs.len; i++)
        fc_vec_push(&lits, c->def_lit[defs.data[i]]);
    fc_vec_free(&defs);
    if (own >= 0 && c->def_lit[own] >= 0)
        fc_vec_push(&lits, c->def_lit[own]);
    fc_answer a1 = FC_SAT, a2 = FC_SAT;
    fc_query_result q = {0};
    bool was = fc_z3_probe(c->z, budget);
    if (need_entail) {
        int neg = goal >= 0 ? fc_check_neg(c, goal) : -1;
        fc_check_query(c, &lits, neg, true, false, &q);
        a1 = q.answer;
        if (a1 == FC_UNKNOWN)
            snprintf(e->reason, sizeof e->reason, "%s", q.reason);
    }
    if (a1 != FC_UNSAT && need_contra && goal >= 0) {
        fc_check_query(c, &lits, c->stmt_lit[goal], true, false, &q);
        a2 = q.answer;
        if (a2 == FC_UNKNOWN && !e->reason[0])
            snprintf(e->reason, sizeof e->reason, "%s", q.reason);
    }
    fc_z3_probe(c->z, was);
    if (a1 == FC_UNSAT || a2 == FC_UNSAT) {
        e->status = a1 == FC_UNSAT ? FC_STATUS_ENTAILED
                                   : FC_STATUS_CONTRADICTED;
        e->reason[0] = '\0';
        e->core_defs = false;
        for (size_t k = 0; k < q.core.len; k++) {
            bool found = false;
            for (size_t i = 0; i < nctx && !found; i++)
                if (lits.data[i] == q.core.data[k]) {
                    fc_vec_push(&e->core, e->used.data[i]);
                    found = true;
                }
            for (size_t i = nctx; i < lits.len && !found; i++)
                if (lits.data[i] == q.core.data[k])
                    e->core_defs |= own < 0 || lits.data[i] != c->def_lit[own];
        }
    } else {
        e->status = a1 == FC_UNKNOWN || a2 == FC_UNKNOWN
                        ? FC_STATUS_UNKNOWN
                        : FC_STATUS_UNDETERMINED;
    }
    fc_query_result_free(&q);
    fc_vec_free(&lits);
}

/* The status of statement goal against G (the statements gstmts), with
 * the failed steps, or without them when without_failed.  In traces with
 * arithmetic the G solver answers, which holds P, the definitions and the
 * accepted steps for good and the failed steps behind guards; otherwise
 * the guarded session solver does. */
static void evaluate_global(fc_check *c, const fc_ivec *gstmts, int goal,
                            bool without_failed, bool need_entail,
                            bool need_contra, eval *e)
{
    if (!c->gsolver) {
        fc_ivec clean = {0};
        if (without_failed)
            without(gstmts, &c->failed, &clean);
        evaluate_set(c, without_failed ? &clean : gstmts, goal, true, goal,
                     need_entail, need_contra, e);
        e->helped = false;
        for (size_t i = 0; !without_failed &&
                           e->status == FC_STATUS_ENTAILED && i < e->core.len;
             i++)
            e->helped |= fc_ivec_contains(&c->failed, e->core.data[i]);
        e->core.len = 0;
        e->used.len = 0;
        fc_vec_free(&clean);
        return;
    }
    Z3_context z = fc_z3_context(c->z);
    Z3_ast f = c->terms[goal];
    size_t n = c->fguards.len;
    Z3_ast stackbuf[32];
    Z3_ast *as = n <= 32 ? stackbuf : fc_xmalloc(n * sizeof(Z3_ast));
    for (size_t i = 0; i < n; i++) {
        as[i] = without_failed ? Z3_mk_not(z, c->fguards.data[i])
                               : c->fguards.data[i];
        Z3_inc_ref(z, as[i]);
    }
    evaluate_on(c->gsolver, as, n, f, z, need_entail, need_contra, e);
    for (size_t i = 0; i < n; i++)
        Z3_dec_ref(z, as[i]);
    e->helped = !without_failed && e->status == FC_STATUS_ENTAILED &&
                e->core.len > 0;
    e->core.len = 0;
    e->used.len = 0;
    if (as != stackbuf)
        free(as);
}

/* The members of pool that share a symbol with statement stmt: the
 * context a step usually needs.  Asking it first keeps the cost of a
 * step independent of the length of the trace; an answer other than
 * entailed (or contradicted) is then asked of the whole context. */
static void relevant(fc_check *c, const fc_ivec *pool, int stmt,
                     fc_ivec *out)
{
    out->len = 0;
    if (++c->sym_now == 0) {
        memset(c->sym_stamp, 0, fc_ast_sym_count(c->t->ast) * sizeof(uint32_t));
        c->sym_now = 1;
    }
    const fc_ivec *mine = &c->syms[stmt];
    for (size_t i = 0; i < mine->len; i++)
        c->sym_stamp[mine->data[i]] = c->sym_now;
    for (size_t i = 0; i < pool->len; i++) {
        const fc_ivec *theirs = &c->syms[pool->data[i]];
        for (size_t k = 0; k < theirs->len; k++)
            if (c->sym_stamp[theirs->data[k]] == c->sym_now) {
                fc_vec_push(out, pool->data[i]);
                break;
            }
    }
}

/* Stamps the symbols of the focus and of the statements ctx. */
static void mark_syms(fc_check *c, const fc_ivec *ctx)
{
    if (++c->sym_now == 0) {
        memset(c->sym_stamp, 0, fc_ast_sym_count(c->t->ast) * sizeof(uint32_t));
        c->sym_now = 1;
    }
    if (c->focus >= 0)
        for (size_t i = 0; i < c->syms[c->focus].len; i++)
            c->sym_stamp[c->syms[c->focus].data[i]] = c->sym_now;
    for (size_t k = 0; ctx && k < ctx->len; k++) {
        const fc_ivec *y = &c->syms[ctx->data[k]];
        for (size_t i = 0; i < y->len; i++)
            c->sym_stamp[y->data[i]] = c->sym_now;
    }
}

/* Step j (before c->defs_upto) has an implicit definition that queries
 * may use: not the focus's own, which is passed separately. */
static bool def_in_reach(const fc_check *c, int j)
{
    return c->plan->implicit_def[j] && j != c->focus && c->def_lit[j] >= 0;
}

/* Is the constant that step j defines among the symbols mark_syms
 * stamped? */
static bool def_marked(const fc_check *c, int j)
{
    return c->sym_stamp[c->plan->implicit_def[j]->args[0]->sym->id] ==
           c->sym_now;
}

/* Appends the steps before c->defs_upto (but the focus) whose implicit
 * definitions belong to a query: all of them, or those whose constant the
 * focus or a member of ctx mentions. */
static void def_stmts(fc_check *c, const fc_ivec *ctx, bool all,
                      fc_ivec *out)
{
    if (!all)
        mark_syms(c, ctx);
    for (int j = 0; j < c->defs_upto; j++)
        if (def_in_reach(c, j) && (all || def_marked(c, j)))
            fc_vec_push(out, j);
}

/* Would def_stmts(ctx, all = false) leave out a definition? */
static bool defs_left_out(fc_check *c, const fc_ivec *ctx)
{
    mark_syms(c, ctx);
    for (int j = 0; j < c->defs_upto; j++)
        if (def_in_reach(c, j) && !def_marked(c, j))
            return true;
    return false;
}

/* Status of statement stmt against a context: first against its relevant
 * part with the definitions of the symbols at hand, then, when that does
 * not settle it, against all of it with every definition. */
static void evaluate_context(fc_check *c, const fc_ivec *ctx, int stmt,
                             int own, bool need_entail,
                             bool need_contra, eval *e)
{
    fc_ivec rel = {0};
    relevant(c, ctx, stmt, &rel);
    bool whole = rel.len == ctx->len && !defs_left_out(c, ctx);
    evaluate_set_budget(c, &rel, own, false, stmt, need_entail, need_contra,
                        !whole, e);
    fc_vec_free(&rel);
    if (e->status == FC_STATUS_ENTAILED || e->status == FC_STATUS_CONTRADICTED)
        return;
    if (whole)
        return;
    evaluate_set(c, ctx, own, true, stmt, need_entail, need_contra, e);
}

/* Does the formula use arithmetic?  seen marks the nodes visited. */
static bool has_arith(const fc_node *n, uint8_t *seen)
{
    if (seen[n->id])
        return false;
    seen[n->id] = 1;
    switch (n->kind) {
    case FC_NUM: case FC_NEG: case FC_ADD: case FC_SUB: case FC_MUL:
    case FC_DIV: case FC_LT: case FC_LE: case FC_GT: case FC_GE:
        return true;
    default:
        break;
    }
    for (size_t i = 0; i < n->nargs; i++)
        if (has_arith(n->args[i], seen))
            return true;
    return false;
}

/* Does any claim of the trace that can be checked use arithmetic? */
static bool trace_has_arith(const fc_trace *t)
{
    uint8_t *seen = fc_xcalloc(fc_ast_node_count(t->ast) + 1, 1);
    bool arith = false;
    for (size_t i = 0; i < t->stmts.len && !arith; i++) {
        const fc_stmt *s = &t->stmts.data[i];
        if (fc_stmt_is_claim(s) && !s->broken && !s->ill_sorted)
            arith = has_arith(s->formula, seen);
    }
    free(seen);
    return arith;
}

static void collect_syms(const fc_node *n, fc_ivec *out)
{
    if (n->kind == FC_APP) {
        bool seen = false;
        for (size_t i = 0; i < out->len && !seen; i++)
            seen = out->data[i] == (int)n->sym->id;
        if (!seen)
            fc_vec_push(out, (int)n->sym->id);
    }
    for (size_t i = 0; i < n->nargs; i++)
        collect_syms(n->args[i], out);
}

/* ---- contexts ----------------------------------------------------------- */

void fc_check_prepare_classify(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    fc_check_lits(c, &c->global_stmts, &c->global_lits);
    fc_check_lits(c, &c->local_stmts, &c->local_lits);
    if (sr->def_lit >= 0) {
        fc_vec_push(&c->global_lits, sr->def_lit);
        fc_vec_push(&c->local_lits, sr->def_lit);
    }
}

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


/* Set relations in linear time, with a stamp per statement. */
static void stamp_set(fc_check *c, const fc_ivec *v)
{
    if (++c->stamp_now == 0) {
        memset(c->stamp, 0, c->t->stmts.len * sizeof(uint32_t));
        c->stamp_now = 1;
    }
    for (size_t i = 0; i < v->len; i++)
        c->stamp[v->data[i]] = c->stamp_now;
}

static bool subset_of_stamped(fc_check *c, const fc_ivec *a)
{
    for (size_t i = 0; i < a->len; i++)
        if (c->stamp[a->data[i]] != c->stamp_now)
            return false;
    return true;
}

/* Definitions enter the plain solvers when the trace reaches them. */
static void add_definition(fc_check *c, Z3_ast def)
{
    if (!def || !c->gsolver)
        return;
    fc_zsolver_assert(c->gsolver, def);
}

/* What a minimization is given besides the candidates: the implicit
 * definition of statement own, statement goal (negated when negate; -1:
 * no goal), the statements in given, and the implicit definitions before
 * c->defs_upto. */
typedef FC_VEC(Z3_ast) ast_vec;

typedef struct fixed {
    int own, goal;
    bool negate;
    const fc_ivec *given;
} fixed;

/* The fixed part as literals of the guarded solver, or as formulas for a
 * solver of its own, with the definitions of the symbols of cands (all of
 * them when all). */
static void fixed_lits(fc_check *c, const fixed *fx, const fc_ivec *cands,
                       bool all, fc_ivec *out)
{
    out->len = 0;
    if (fx->own >= 0 && c->def_lit[fx->own] >= 0)
        fc_vec_push(out, c->def_lit[fx->own]);
    if (fx->goal >= 0) {
        int l = fx->negate ? fc_check_neg(c, fx->goal) : c->stmt_lit[fx->goal];
        if (l >= 0)
            fc_vec_push(out, l);
    }
    for (size_t i = 0; fx->given && i < fx->given->len; i++)
        if (c->stmt_lit[fx->given->data[i]] >= 0)
            fc_vec_push(out, c->stmt_lit[fx->given->data[i]]);
    fc_ivec defs = {0};
    def_stmts(c, cands, all, &defs);
    for (size_t i = 0; i < defs.len; i++)
        fc_vec_push(out, c->def_lit[defs.data[i]]);
    fc_vec_free(&defs);
}

static void fixed_forms(fc_check *c, const fixed *fx, const fc_ivec *cands,
                        bool all, ast_vec *out)
{
    Z3_context z = fc_z3_context(c->z);
    out->len = 0;
#define KEEP(a)                                                              \
    do {                                                                     \
        Z3_ast a_ = (a);                                                     \
        Z3_inc_ref(z, a_);                                                   \
        fc_vec_push(out, a_);                                                \
    } while (0)
    if (fx->own >= 0 && c->def_lit[fx->own] >= 0)
        KEEP(fc_z3_term(c->z, c->plan->implicit_def[fx->own]));
    if (fx->goal >= 0 && c->terms[fx->goal])
        KEEP(fx->negate ? Z3_mk_not(z, c->terms[fx->goal])
                        : c->terms[fx->goal]);
    for (size_t i = 0; fx->given && i < fx->given->len; i++)
        if (c->terms[fx->given->data[i]])
            KEEP(c->terms[fx->given->data[i]]);
    fc_ivec defs = {0};
    def_stmts(c, cands, all, &defs);
    for (size_t i = 0; i < defs.len; i++)
        KEEP(fc_z3_term(c->z, c->plan->implicit_def[defs.data[i]]));
#undef KEEP
    fc_vec_free(&defs);
}

static void release_forms(fc_check *c, ast_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        Z3_dec_ref(fc_z3_context(c->z), v->data[i]);
    v->len = 0;
}

/* One deletion pass over sorted (statement indices) with the fixed part
 * for the symbols at hand or all of it; whether the whole set did it. */
static bool minimize_pass(fc_check *c, const fixed *fx, const fc_ivec *sorted,
                          const fc_ivec *seed, bool all, fc_ivec *keep)
{
    bool ok;
    if (!c->lsolver) {
        fc_ivec given = {0}, lits = {0}, at = {0};
        fixed_lits(c, fx, sorted, all, &given);
        for (size_t i = 0; i < sorted->len; i++)
            fc_vec_push(&lits, c->stmt_lit[sorted->data[i]]);
        /* a known core, as positions in sorted (or given as fixed) */
        bool seeded = seed != NULL;
        for (size_t k = 0; seeded && k < seed->len; k++) {
            int st = seed->data[k];
            bool found = false;
            for (size_t i = 0; i < sorted->len && !found; i++)
                if (sorted->data[i] == st) {
                    fc_vec_push(&at, (int)i);
                    found = true;
                }
            seeded = found || (fx->given && fc_ivec_contains(fx->given, st));
        }
        ok = fc_z3_minimize_lits(c->z, given.data, given.len, lits.data,
                                 lits.len, seeded ? &at : NULL, keep);
        fc_vec_free(&given);
        fc_vec_free(&lits);
        fc_vec_free(&at);
        return ok;
    }
    ast_vec hard = {0};
    fixed_forms(c, fx, sorted, all, &hard);
    Z3_ast *forms = fc_xmalloc((sorted->len ? sorted->len : 1) *
                               sizeof(Z3_ast));
    for (size_t i = 0; i < sorted->len; i++)
        forms[i] = c->terms[sorted->data[i]];
    Z3_context z = fc_z3_context(c->z);
    Z3_ast tt = Z3_mk_true(z);
    Z3_inc_ref(z, tt);
    ok = fc_z3_minimize_formulas(c->z, hard.data, hard.len, forms,
                                 sorted->len, tt, keep);
    Z3_dec_ref(z, tt);
    release_forms(c, &hard);
    fc_vec_free(&hard);
    free(forms);
    return ok;
}

/* Without the probes' budget: is the whole set with all of the fixed
 * part unsatisfiable? */
static bool whole_unsat(fc_check *c, const fixed *fx, const fc_ivec *sorted)
{
    bool ok;
    if (!c->lsolver) {
        fc_ivec lits = {0};
        fixed_lits(c, fx, sorted, true, &lits);
        for (size_t i = 0; i < sorted->len; i++)
            fc_vec_push(&lits, c->stmt_lit[sorted->data[i]]);
        fc_query_result q = {0};
        fc_check_query(c, &lits, -1, false, false, &q);
        ok = q.answer == FC_UNSAT;
        fc_query_result_free(&q);
        fc_vec_free(&lits);
        return ok;
    }
    ast_vec hard = {0};
    fixed_forms(c, fx, sorted, true, &hard);
    fc_zsolver *v = c->lsolver;
    fc_zsolver_push(v);
    for (size_t i = 0; i < hard.len; i++)
        fc_zsolver_assert(v, hard.data[i]);
    for (size_t i = 0; i < sorted->len; i++)
        fc_zsolver_assert(v, c->terms[sorted->data[i]]);
    ok = fc_zsolver_check(v, NULL, 0, NULL, NULL, 0) == FC_UNSAT;
    fc_zsolver_pop(v);
    release_forms(c, &hard);
    fc_vec_free(&hard);
    return ok;
}

/* Deletion in statement order over the statements cands (those with a
 * literal), with the fixed part: first with the definitions of the
 * symbols at hand, then with all of them, and when full, at last without
 * the probes' budget.  out receives statement indices. */
static bool minimal_subset(fc_check *c, const fc_ivec *cands,
                           const fixed *fx, const fc_ivec *seed, bool full,
                           fc_ivec *out)
{
    fc_ivec sorted = {0}, keep = {0};
    for (size_t i = 0; i < cands->len; i++)
        if (c->stmt_lit[cands->data[i]] >= 0 &&
            !fc_ivec_contains(&sorted, cands->data[i]))
            fc_vec_push(&sorted, cands->data[i]);
    if (sorted.len)
        qsort(sorted.data, sorted.len, sizeof(int), cmp_int);
    bool ok = minimize_pass(c, fx, &sorted, seed, false, &keep);
    if (!ok && defs_left_out(c, &sorted))
        ok = minimize_pass(c, fx, &sorted, NULL, true, &keep);
    if (!ok && full)
        ok = whole_unsat(c, fx, &sorted);
    if (ok)
        for (size_t i = 0; i < keep.len; i++)
            fc_vec_push(out, sorted.data[keep.data[i]]);
    fc_vec_free(&sorted);
    fc_vec_free(&keep);
    return ok;
}

/* Support: a minimal subset of the candidate statements that entails S,
 * found by deletion in statement order, so that the answer depends on the
 * trace alone, not on the solver's history (its cores vary with the state
 * of a reused context).  The step's own definition and those of earlier
 * steps are given; definitions are in every context and not listed. */
static void set_support(fc_check *c, fc_step_result *sr,
                        const fc_ivec *cands, const fc_ivec *seed)
{
    sr->support.len = 0;
    fc_ivec claims = {0}, defs = {0}, found = {0};
    for (size_t i = 0; i < cands->len; i++) {
        if (c->plan->role[cands->data[i]] != FC_ROLE_DEFINITION)
            fc_vec_push(&claims, cands->data[i]);
        else /* explicit definitions among the candidates are given */
            fc_vec_push(&defs, cands->data[i]);
    }
    if (claims.len <= 1) {
        for (size_t i = 0; i < claims.len; i++)
            fc_vec_push(&sr->support, claims.data[i]);
    } else {
        fixed fx = {sr->stmt, sr->stmt, true, &defs};
        c->focus = sr->stmt;
        c->defs_upto = sr->stmt;
        if (minimal_subset(c, &claims, &fx, seed, true, &found))
            for (size_t i = 0; i < found.len; i++)
                fc_vec_push(&sr->support, found.data[i]);
    }
    fc_vec_free(&claims);
    fc_vec_free(&defs);
    fc_vec_free(&found);
}

bool fc_check_minimal_subset(fc_check *c, const fc_ivec *cands, int own,
                             int goal, bool negate, fc_ivec *out)
{
    fixed fx = {own, goal, negate, NULL};
    return minimal_subset(c, cands, &fx, NULL, true, out);
}

/* Support from the guarded solver, when the local context did not give
 * it: a core over all of G (without failed steps). */
static void support_from_global(fc_check *c, fc_step_result *sr)
{
    fc_ivec clean = {0};
    without(&c->global_stmts, &c->failed, &clean);
    set_support(c, sr, &clean, NULL);
    fc_vec_free(&clean);
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
    sr->redundant_of = -1;
    c->stmt_step[stmt] = (int)k;
    c->focus = stmt;
    c->defs_upto = stmt;
    Z3_ast f = c->terms[stmt];

    if (s->broken || s->ill_sorted || !f) {
        sr->local = sr->global = FC_STATUS_ILL_FORMED;
        sr->in_global = false;
        fc_classify_step(c, k);
        return;
    }
    if (p->role[stmt] == FC_ROLE_DEFINITION) {
        sr->local = sr->global = FC_STATUS_DEFINITION;
        sr->in_global = true;
        add_definition(c, f);
        fc_classify_step(c, k);
        return;
    }
    /* a chain `c = t = v` with c fresh defines c, for itself and later */
    if (p->implicit_def[stmt])
        add_definition(c, fc_z3_term(c->z, p->implicit_def[stmt]));

    /* redundant: the very formula of an earlier claim (hash-consed) */
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

    int own_def = stmt;

    /* global: the relevant part of G first, with a core; then all of G,
     * held for good by the G solver */
    eval g = {0};
    fc_ivec gcore = {0};
    bool have_core = false;
    fc_ivec rel = {0};
    relevant(c, &c->global_stmts, stmt, &rel);
    evaluate_set_budget(c, &rel, own_def, false, stmt, true, false, true, &g);
    /* g.core, statements of G: a proof, for any context holding them */
    bool have_proof = g.status == FC_STATUS_ENTAILED;
    fc_ivec seed = {0};
    bool have_seed = false;
    if (g.status == FC_STATUS_ENTAILED) {
        bool helped = false;
        for (size_t i = 0; i < g.core.len; i++)
            helped |= fc_ivec_contains(&c->failed, g.core.data[i]);
        if (!helped) {
            /* the core avoids failed steps: so does the support */
            sr->global_without_failed = true;
            have_core = true;
            for (size_t i = 0; i < g.used.len; i++)
                if (!fc_ivec_contains(&c->failed, g.used.data[i]))
                    fc_vec_push(&gcore, g.used.data[i]);
            have_seed = !g.core_defs;
            for (size_t i = 0; have_seed && i < g.core.len; i++)
                fc_vec_push(&seed, g.core.data[i]);
        } else {
            fc_ivec clean = {0};
            without(&rel, &c->failed, &clean);
            eval e2 = {0};
            evaluate_set(c, &clean, own_def, false, stmt, true, false, &e2);
            if (e2.status != FC_STATUS_ENTAILED) {
                eval_free(&e2);
                evaluate_global(c, &c->global_stmts, stmt, true, true, false, &e2);
            } else {
                have_core = true;
                for (size_t i = 0; i < e2.used.len; i++)
                    fc_vec_push(&gcore, e2.used.data[i]);
                have_seed = !e2.core_defs;
                for (size_t i = 0; have_seed && i < e2.core.len; i++)
                    fc_vec_push(&seed, e2.core.data[i]);
            }
            sr->global_without_failed = e2.status == FC_STATUS_ENTAILED;
            eval_free(&e2);
            fc_vec_free(&clean);
        }
    } else {
        evaluate_global(c, &c->global_stmts, stmt, false, true, true, &g);
        if (g.status == FC_STATUS_ENTAILED) {
            if (!g.helped) {
                sr->global_without_failed = true;
            } else {
                eval e2 = {0};
                evaluate_global(c, &c->global_stmts, stmt, true, true, false, &e2);
                sr->global_without_failed = e2.status == FC_STATUS_ENTAILED;
                eval_free(&e2);
            }
        }
    }
    fc_vec_free(&rel);
    sr->global = g.status;
    if (g.status == FC_STATUS_UNKNOWN)
        sr->global_reason = fc_xstrdup(g.reason);

    /* local: often implied by the global answer */
    stamp_set(c, &c->global_stmts);
    bool sub = subset_of_stamped(c, &c->local_stmts);
    bool same = sub && c->local_stmts.len == c->global_stmts.len;
    bool need_e = true, need_c = true;
    eval l = {0};
    if (sub && c->g_sure && g.status != FC_STATUS_UNKNOWN) {
        /* L ⊆ G, G consistent: G entailed ⇒ L not contradicted; G
         * contradicted ⇒ L not entailed; G undetermined ⇒ L too */
        need_e = g.status != FC_STATUS_CONTRADICTED;
        need_c = g.status == FC_STATUS_CONTRADICTED ||
                 (same && g.status != FC_STATUS_ENTAILED);
        if (g.status == FC_STATUS_UNDETERMINED) {
            need_e = need_c = false;
            l.status = FC_STATUS_UNDETERMINED;
        }
    }
    if (same && g.status == FC_STATUS_CONTRADICTED) {
        l.status = FC_STATUS_CONTRADICTED;
        need_e = need_c = false;
    }
    if (need_e && have_proof) {
        /* the core that entailed it in G lies within L: entailed in L */
        bool within = true;
        for (size_t i = 0; within && i < g.core.len; i++)
            within = fc_ivec_contains(&c->local_stmts, g.core.data[i]);
        if (within) {
            l.status = FC_STATUS_ENTAILED;
            for (size_t i = 0; i < g.core.len; i++)
                fc_vec_push(&l.core, g.core.data[i]);
            relevant(c, &c->local_stmts, stmt, &l.used);
            need_e = need_c = false;
        }
    }
    if (need_e || need_c)
        evaluate_context(c, &c->local_stmts, stmt, own_def, need_e, need_c,
                         &l);
    if (!need_e && !need_c && l.status == FC_STATUS_NONE)
        l.status = FC_STATUS_UNDETERMINED;
    sr->local = l.status;
    if (sr->local == FC_STATUS_UNKNOWN)
        sr->local_reason = fc_xstrdup(l.reason[0] ? l.reason : g.reason);

    /* entailed only with failed steps' help: the support names them */
    if (sr->global == FC_STATUS_ENTAILED && !sr->global_without_failed &&
        g.used.len)
        set_support(c, sr, &g.used, NULL);
    /* support: minimized from the smaller context that entailed it,
     * within G and without failed steps */
    if (sr->global == FC_STATUS_ENTAILED && sr->global_without_failed) {
        bool local_ok = sr->local == FC_STATUS_ENTAILED;
        for (size_t i = 0; local_ok && i < l.core.len; i++)
            local_ok = c->stamp[l.core.data[i]] == c->stamp_now &&
                       !fc_ivec_contains(&c->failed, l.core.data[i]);
        fc_ivec lcand = {0};
        for (size_t i = 0; local_ok && i < l.used.len; i++)
            if (c->stamp[l.used.data[i]] == c->stamp_now &&
                !fc_ivec_contains(&c->failed, l.used.data[i]))
                fc_vec_push(&lcand, l.used.data[i]);
        /* a seed is good for a candidate set that holds it */
        const fc_ivec *cand = local_ok && (!have_core || lcand.len <= gcore.len)
                                  ? &lcand
                                  : have_core ? &gcore : NULL;
        for (size_t i = 0; cand && have_seed && i < seed.len; i++)
            have_seed = fc_ivec_contains(cand, seed.data[i]);
        if (cand)
            set_support(c, sr, cand, have_seed ? &seed : NULL);
        else
            support_from_global(c, sr);
        fc_vec_free(&lcand);
    }
    fc_vec_free(&gcore);
    fc_vec_free(&seed);
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
    /* the step joins G: for good when it holds, behind a guard when it
     * failed (later steps are also checked without it) */
    if (sr->in_global && c->gsolver) {
        if (sr->err.type == FC_T_NONE)
            fc_zsolver_assert(c->gsolver, f);
        else
            fc_vec_push(&c->fguards, fc_zsolver_guard(c->gsolver, f));
    }
}

/* Steps proved from P and the definitions alone: entailed by G without
 * help from failed steps, with no error. */
static void proven_steps(fc_check *c, fc_ivec *out)
{
    for (size_t k = 0; k < c->r->steps.len; k++) {
        fc_step_result *sr = &c->r->steps.data[k];
        if (sr->global == FC_STATUS_ENTAILED && sr->global_without_failed &&
            sr->err.type == FC_T_NONE && c->terms[sr->stmt])
            fc_vec_push(out, sr->stmt);
    }
}

/* When the solver could not show P consistent at the start, try again with
 * the steps proved since: a model of P with its consequences is a model of
 * P, and the facts help the solver build one. */
static void recheck_premises(fc_check *c)
{
    fc_result *r = c->r;
    if (!r->premises_unknown)
        return;
    c->focus = -1;
    c->defs_upto = (int)c->t->stmts.len;
    fc_ivec set = {0};
    for (size_t i = 0; i < c->plan->premises.len; i++)
        fc_vec_push(&set, c->plan->premises.data[i]);
    fc_plan_definitions(c->plan, (int)c->t->stmts.len, &set);
    size_t before = set.len;
    proven_steps(c, &set);
    if (set.len > before) {
        eval e = {0};
        evaluate_set(c, &set, -1, true, -1, true, false, &e);
        if (e.status == FC_STATUS_UNDETERMINED) {
            r->premises_unknown = false;
            r->premises_consistent = true;
        }
        eval_free(&e);
    }
    fc_vec_free(&set);
}

/* G after the last step: P, the definitions and the steps that were not
 * contradicted. */
static void final_global(fc_check *c, fc_ivec *out)
{
    fc_plan *p = c->plan;
    out->len = 0;
    for (size_t i = 0; i < p->premises.len; i++)
        fc_vec_push(out, p->premises.data[i]);
    for (size_t i = 0; i < c->t->stmts.len; i++)
        if (p->role[i] == FC_ROLE_DEFINITION && c->stmt_lit[i] >= 0)
            fc_vec_push(out, (int)i);
    for (size_t k = 0; k < c->r->steps.len; k++) {
        fc_step_result *r = &c->r->steps.data[k];
        if (r->in_global && p->role[r->stmt] == FC_ROLE_STEP)
            fc_vec_push(out, r->stmt);
    }
}

static void check_conclusion(fc_check *c)
{
    fc_result *r = c->r;
    fc_plan *p = c->plan;
    int stmt = p->conclusion;
    r->concl.present = stmt >= 0;
    r->concl.stmt = stmt;
    if (stmt < 0 || !c->terms[stmt])
        return;
    c->focus = stmt;
    c->defs_upto = (int)c->t->stmts.len;
    /* Against P and the definitions.  The steps proved from them are
     * their consequences, so P with those steps entails exactly what P
     * entails; as lemmas they spare the solver the work of finding the
     * steps again (on a long arithmetic chain, of evaluating all of it),
     * and the instantiations it may not find on its own. */
    eval e = {0};
    fc_ivec pd = {0}, lemmas = {0};
    for (size_t i = 0; i < p->premises.len; i++)
        fc_vec_push(&pd, p->premises.data[i]);
    fc_plan_definitions(p, (int)c->t->stmts.len, &pd);
    for (size_t i = 0; i < pd.len; i++)
        fc_vec_push(&lemmas, pd.data[i]);
    proven_steps(c, &lemmas);
    evaluate_context(c, &lemmas, stmt, -1, true, true, &e);
    if (e.status == FC_STATUS_UNKNOWN && lemmas.len > pd.len) {
        eval e2 = {0};
        evaluate_context(c, &pd, stmt, -1, true, true, &e2);
        if (e2.status != FC_STATUS_UNKNOWN) {
            eval_free(&e);
            e = e2;
        } else {
            eval_free(&e2);
        }
    }
    fc_vec_free(&lemmas);
    fc_vec_free(&pd);
    r->concl.status = e.status == FC_STATUS_CONTRADICTED ? FC_STATUS_REFUTED
                                                         : e.status;
    if (e.status == FC_STATUS_UNKNOWN)
        r->concl.reason = fc_xstrdup(e.reason);
    bool premise_entailed = e.status == FC_STATUS_ENTAILED;
    /* reached: G after the last step */
    if (premise_entailed && c->g_sure) {
        r->concl.reached = true;
        r->concl.reached_status = FC_STATUS_ENTAILED;
    } else {
        eval g = {0};
        fc_ivec gstmts = {0};
        final_global(c, &gstmts);
        evaluate_global(c, &gstmts, stmt, false, true, false, &g);
        fc_vec_free(&gstmts);
        r->concl.reached = g.status == FC_STATUS_ENTAILED;
        r->concl.reached_status = g.status;
        eval_free(&g);
    }
    eval_free(&e);
}

static void check_premises(fc_check *c)
{
    fc_result *r = c->r;
    eval e = {0};
    /* P is consistent when P ∧ ¬⊥ is satisfiable, i.e. P does not entail ⊥ */
    evaluate_set(c, &c->plan->premises, -1, true, -1, true, false, &e);
    fc_answer a = e.status == FC_STATUS_ENTAILED ? FC_UNSAT
                  : e.status == FC_STATUS_UNKNOWN ? FC_UNKNOWN
                                                  : FC_SAT;
    r->premises_consistent = a != FC_UNSAT;
    r->premises_unknown = a == FC_UNKNOWN;
    c->g_sure = a == FC_SAT;
    if (a == FC_UNSAT) /* a minimal set of premises at odds */
        fc_check_minimal_subset(c, &c->plan->premises, -1, -1, false,
                                &r->inconsistent_core);
    eval_free(&e);
}

/* The statements that reach the conclusion: premises, definitions and
 * the steps that hold, minimized in statement order. */
static void conclusion_support(fc_check *c)
{
    fc_result *r = c->r;
    int stmt = c->plan->conclusion;
    if (!r->concl.reached || stmt < 0 || !c->terms[stmt])
        return;
    fc_ivec pool = {0}, rel = {0};
    for (size_t i = 0; i < c->plan->premises.len; i++)
        fc_vec_push(&pool, c->plan->premises.data[i]);
    fc_plan_definitions(c->plan, (int)c->t->stmts.len, &pool);
    proven_steps(c, &pool);
    relevant(c, &pool, stmt, &rel);
    c->focus = stmt;
    c->defs_upto = (int)c->t->stmts.len;
    fc_ivec found = {0};
    /* the relevant part first, within the probes' budget: the whole pool
     * follows when that does not do it */
    fixed fx = {-1, stmt, true, NULL};
    if (!minimal_subset(c, &rel, &fx, NULL, false, &found))
        minimal_subset(c, &pool, &fx, NULL, true, &found);
    for (size_t i = 0; i < found.len; i++)
        if (c->plan->role[found.data[i]] != FC_ROLE_DEFINITION)
            fc_vec_push(&r->concl.support, found.data[i]);
    fc_vec_free(&found);
    fc_vec_free(&rel);
    fc_vec_free(&pool);
}

static void unused_premises(fc_check *c)
{
    fc_result *r = c->r;
    for (size_t i = 0; i < c->plan->premises.len; i++) {
        int p = c->plan->premises.data[i];
        bool used = fc_ivec_contains(&r->concl.support, p);
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
    /* Arithmetic makes Z3's answers depend on the context's history: the
     * order in which terms were created steers its arithmetic solvers,
     * and a satisfiability query that takes milliseconds on a fresh
     * context can run past the timeout on one that has seen a few
     * hundred other traces, so the same record would be classified
     * differently alone and in a batch.  Such a trace starts on a fresh
     * context, and its result depends on the trace alone.  Traces
     * without arithmetic keep reusing the context (but see --explain and
     * --rlimit below): creating one costs about as much as checking a
     * ProntoQA trace. */
    bool arith = trace_has_arith(t);
    /* The same holds, without arithmetic, for countermodels (--explain):
     * which model Z3 finds depends on the order in which the context made
     * its terms, and on a reused context a trace got another countermodel
     * in a batch than alone (cotlog: 6 of 40 records).  And for --rlimit,
     * where the limit decides answers and how much of it a query uses
     * depends on that order too (leanreasoner at --rlimit 300: 3 of 1180
     * records differed), and on Z3's caches, which survive a pop.  Under
     * either option each trace gets a fresh context. */
    bool fresh = arith || ck->opts.explain || ck->opts.rlimit;
    bool worn = ck->traces >= CONTEXT_REUSE;
    if (worn || (fresh && ck->traces > 0)) {
        fc_z3_free(ck->z);
        ck->z = fc_z3_new(ck->opts.timeout_ms, ck->opts.rlimit);
        ck->traces = 0;
        /* give the freed contexts' memory back: otherwise the heap keeps
         * the high-water mark of every context so far (20,000 traces of
         * the audit benchmark: 110 MB peak without, 89 MB with) */
        if (++ck->renewals % TRIM_EVERY == 0 || worn)
            malloc_trim(0);
    }
    ck->traces++;

    size_t n = t->stmts.len;
    fc_check c = {0};
    c.r = r;
    c.t = t;
    c.opts = &ck->opts;
    c.plan = fc_plan_new(t);
    c.z = fc_z3_session_new(ck->z, t);
    /* Traces on a reused context share the worker's solver, each in a
     * scope of its own (fc_z3_session_share_solver). */
    if (!fresh)
        fc_z3_session_share_solver(c.z);
    c.stmt_lit = fc_xmalloc(n * sizeof(int));
    c.stmt_neg = fc_xmalloc(n * sizeof(int));
    c.stmt_step = fc_xmalloc(n * sizeof(int));
    c.def_lit = fc_xmalloc(n * sizeof(int));
    c.terms = fc_xcalloc(n, sizeof(Z3_ast));
    c.stamp = fc_xcalloc(n, sizeof(uint32_t));
    c.focus = -1;
    c.defs_upto = 0;
    c.syms = fc_xcalloc(n, sizeof(fc_ivec));
    c.sym_stamp = fc_xcalloc(fc_ast_sym_count(t->ast) + 1, sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
        fc_stmt *s = &t->stmts.data[i];
        c.stmt_lit[i] = c.stmt_neg[i] = c.stmt_step[i] = c.def_lit[i] = -1;
        if (!fc_stmt_is_claim(s) || s->broken || s->ill_sorted)
            continue;
        c.terms[i] = fc_z3_term(c.z, s->formula);
        if (!c.terms[i])
            continue;
        collect_syms(s->formula, &c.syms[i]);
        c.stmt_lit[i] = fc_check_guard(&c, s->formula, false);
        if (c.plan->implicit_def[i])
            c.def_lit[i] = fc_check_guard(&c, c.plan->implicit_def[i], false);
    }

    size_t claims = 0;
    for (size_t i = 0; i < n; i++)
        claims += c.terms[i] != NULL;
    if (arith && claims > ARITH_GUARDED_MAX) {
        c.lsolver = fc_zsolver_new(c.z);
        c.gsolver = fc_zsolver_new(c.z);
    } else if (!arith) {
        c.small = fc_small_new(t);
        fc_z3_set_oracle(c.z, small_sat, &c);
    }

    /* P for good in G; definitions join the solvers as they come */
    for (size_t i = 0; c.gsolver && i < c.plan->premises.len; i++)
        fc_zsolver_assert(c.gsolver, c.terms[c.plan->premises.data[i]]);
    check_premises(&c);
    fc_step_result zero = {0};
    for (size_t k = 0; k < c.plan->steps.len; k++)
        fc_vec_push(&r->steps, zero);
    size_t next_def = 0;
    for (size_t k = 0; k < c.plan->steps.len; k++) {
        /* explicit definitions before this step */
        for (; next_def < (size_t)c.plan->steps.data[k]; next_def++)
            if (t->stmts.data[next_def].kind == FC_ST_DEFINE)
                add_definition(&c, c.terms[next_def]);
        check_step(&c, k);
    }
    for (; next_def < n; next_def++)
        if (t->stmts.data[next_def].kind == FC_ST_DEFINE)
            add_definition(&c, c.terms[next_def]);
    recheck_premises(&c);
    check_conclusion(&c);
    conclusion_support(&c);
    unused_premises(&c);
    fc_classify_trace(&c);
    verdicts(&c);

    r->queries = fc_z3_queries(c.z);
    r->solver_us = fc_z3_solver_us(c.z);
    fc_zsolver_free(c.gsolver);
    fc_zsolver_free(c.lsolver);
    fc_vec_free(&c.fguards);
    free(c.terms);
    free(c.stamp);
    for (size_t i = 0; i < n; i++)
        fc_vec_free(&c.syms[i]);
    free(c.syms);
    free(c.sym_stamp);
    fc_z3_session_free(c.z);
    fc_small_free(c.small);
    fc_vec_free(&c.lit_node);
    fc_vec_free(&c.lit_neg);
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
    fc_vec_free(&r->concl.support);
    free(r);
}

bool fc_result_checked(const fc_result *r) { return r->checked; }
bool fc_result_valid(const fc_result *r) { return r->checked && r->valid; }
bool fc_result_coherent(const fc_result *r)
{
    return r->checked && r->coherent;
}
bool fc_result_has_unknown(const fc_result *r) { return r->has_unknown; }
