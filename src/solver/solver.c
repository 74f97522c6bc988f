#include "solver/solver.h"

#include "solver/guarded.h"
#include "solver/scratch.h"
#include "solver/session.h"
#include "solver/z3model.h"
#include "solver/z3plain.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A context is reused across traces and renewed every CONTEXT_REUSE
 * traces, so that its memory stays bounded in a long audit; the heap is
 * trimmed after TRIM_EVERY renewals and after each one made for
 * CONTEXT_REUSE. */
#define CONTEXT_REUSE 256
#define TRIM_EVERY 256
/* Traces with arithmetic and more claims than this get the scratch
 * implementation; shorter ones are faster on the guarded one. */
#define ARITH_GUARDED_MAX 40

struct fc_solver_context {
    fc_z3 *z;
    unsigned timeout_ms, rlimit;
    uint64_t deadline_us;   /* the running trace's time limit; 0: none */
    size_t traces;      /* checked with this Z3 context so far */
    size_t renewals;    /* Z3 contexts freed so far */
    /* the next trace starts on a fresh context whatever it holds */
    bool force_fresh;
    /* traces that want a fresh context: so many more start on one before
     * the next try on the used context, and how many after a try that
     * wanted Z3 again (fc_solver_new) */
    unsigned skip, backoff;
};

fc_solver_context *fc_solver_context_new(unsigned timeout_ms, unsigned rlimit)
{
    fc_solver_context *c = fc_xcalloc(1, sizeof *c);
    c->timeout_ms = timeout_ms;
    c->rlimit = rlimit;
    c->z = fc_z3_new(timeout_ms, rlimit);
    return c;
}

void fc_solver_deadline(fc_solver_context *c, uint64_t at_us)
{
    c->deadline_us = at_us;
    fc_z3_deadline(c->z, at_us);
}

void fc_solver_context_free(fc_solver_context *c)
{
    if (!c)
        return;
    fc_z3_free(c->z);
    free(c);
}

/* A fresh Z3 context when this one is worn, or when the trace must not
 * depend on what it saw before. */
static void begin_trace(fc_solver_context *c, bool fresh)
{
    bool worn = c->traces >= CONTEXT_REUSE;
    if (worn || (fresh && c->traces > 0)) {
        fc_z3_free(c->z);
        c->z = fc_z3_new(c->timeout_ms, c->rlimit);
        fc_z3_deadline(c->z, c->deadline_us);
        c->traces = 0;
        /* otherwise the heap keeps the high-water mark of every context */
        if (++c->renewals % TRIM_EVERY == 0 || worn)
            malloc_trim(0);
    }
    c->traces++;
}

/* ---- one trace ---------------------------------------------------------- */

/* Does the formula use arithmetic?  seen marks the nodes visited. */
static bool has_arith(const fc_node *n, uint8_t *seen)
{
    if (seen[n->id])
        return false;
    seen[n->id] = 1;
    if (n->kind == FC_NUM || fc_kind_is_arith(n->kind) ||
        (fc_kind_is_cmp(n->kind) && n->kind != FC_EQ && n->kind != FC_NE))
        return true;
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

/* The formulas that literals guard; false when one is not known. */
static bool lit_forms(const fc_solver *s, const int *lits, size_t n,
                      const fc_node **forms, bool *neg)
{
    for (size_t i = 0; i < n; i++) {
        int lit = lits[i];
        if (lit < 0 || (size_t)lit >= s->lit_node.len ||
            !s->lit_node.data[lit])
            return false;
        forms[i] = s->lit_node.data[lit];
        neg[i] = s->lit_neg.data[lit];
    }
    return true;
}

/* A decision on formulas, answering with indices into them in core. */
typedef fc_answer (*forms_decider)(fc_solver *s, const fc_node *const *forms,
                                   const bool *neg, size_t n, int search,
                                   fc_ivec *core);

/* A decision on the formulas that literals guard, with a core of
 * literals; unknown when one of them is not known. */
static fc_answer decide_lits(fc_solver *s, forms_decider decide,
                             const int *lits, size_t n, int search,
                             fc_ivec *core)
{
    const fc_node *stackf[64];
    bool stackn[64];
    const fc_node **forms = n <= 64 ? stackf : fc_xmalloc(n * sizeof *forms);
    bool *neg = n <= 64 ? stackn : fc_xmalloc(n * sizeof *neg);
    fc_answer a = FC_UNKNOWN;
    fc_ivec idx = {0};
    if (lit_forms(s, lits, n, forms, neg))
        a = decide(s, forms, neg, n, search, core ? &idx : NULL);
    if (a == FC_UNSAT && core)
        for (size_t i = 0; i < idx.len; i++)
            fc_vec_push(core, lits[idx.data[i]]);
    fc_vec_free(&idx);
    if (forms != stackf)
        free(forms);
    if (neg != stackn)
        free(neg);
    return a;
}

static fc_answer small_sat_decide(fc_solver *s, const fc_node *const *forms,
                                  const bool *neg, size_t n, int search,
                                  fc_ivec *core)
{
    (void)search;
    (void)core;
    return fc_small_sat(s->small, forms, neg, n) ? FC_SAT : FC_UNKNOWN;
}

/* The session's model finder: a one-element model of the formulas the
 * literals guard (fc_z3_set_oracle). */
static bool small_sat(void *arg, const int *lits, size_t n)
{
    return decide_lits(arg, small_sat_decide, lits, n, 0, NULL) == FC_SAT;
}

static fc_answer exact_forms_decide(fc_solver *s, const fc_node *const *forms,
                                    const bool *neg, size_t n, int search,
                                    fc_ivec *core)
{
    return fc_exact_decide(s->exact, forms, neg, n, search, core);
}

/* The session's exact decision procedure (fc_z3_set_exact). */
static fc_answer exact_check(void *arg, const int *lits, size_t n,
                             int search, fc_ivec *core)
{
    return decide_lits(arg, exact_forms_decide, lits, n, search, core);
}

static fc_answer herbrand_decide(fc_solver *s, const fc_node *const *forms,
                                 const bool *neg, size_t n, int search,
                                 fc_ivec *core)
{
    (void)search;
    return fc_small_unsat(s->small, forms, neg, n, core) ? FC_UNSAT
                                                         : FC_UNKNOWN;
}

/* The decision procedure of traces without arithmetic (fc_z3_set_exact):
 * unsatisfiability in the Bernays-Schönfinkel class without equality, by
 * small models (fc_small_unsat). */
static fc_answer herbrand_check(void *arg, const int *lits, size_t n,
                                int search, fc_ivec *core)
{
    return decide_lits(arg, herbrand_decide, lits, n, search, core);
}

/* Every claim in Z3 and behind a literal, with its implicit definition. */
static size_t translate_claims(fc_solver *s)
{
    size_t n = s->t->stmts.len, claims = 0;
    for (size_t i = 0; i < n; i++) {
        const fc_stmt *st = &s->t->stmts.data[i];
        s->stmt_lit[i] = s->stmt_neg[i] = s->def_lit[i] = -1;
        if (!fc_stmt_is_claim(st) || st->broken || st->ill_sorted)
            continue;
        s->terms[i] = fc_z3_term(s->z, st->formula);
        if (!s->terms[i])
            continue;
        claims++;
        s->stmt_lit[i] = fc_session_guard(s, st->formula, false);
        if (s->plan->implicit_def[i])
            s->def_lit[i] = fc_session_guard(s, s->plan->implicit_def[i],
                                             false);
        fc_reach_usable(s->reach, (int)i, s->def_lit[i] >= 0);
    }
    return claims;
}

/* Is the environment variable name "0"? */
static bool switched_off(const char *name)
{
    const char *v = getenv(name);
    return v && !strcmp(v, "0");
}

/* Arithmetic makes Z3's answers depend on the context's history: the
 * order in which terms were made steers its arithmetic solvers, so a
 * query that takes milliseconds on a fresh context can run past the
 * timeout on one that saw other traces.  The same holds without
 * arithmetic for countermodels (--explain) and for answers decided by
 * --rlimit, which Z3's caches, surviving a pop, also change.  Such traces
 * ask Z3 only on a fresh context; the others share it, and its solver,
 * each in a scope of its own (fc_z3_session_share_solver).
 *
 * A fresh context costs more than exact evaluation of a whole short
 * arithmetic trace, which often needs no check on Z3 at all.  So such a
 * trace is first tried on the used context with checks on Z3 held back:
 * when none was wanted, its answers are exact evaluation's, the same on
 * any context; when one was, fc_solver_deferred says so and the caller
 * checks the trace again on a fresh context (fc_solver_context_fresh).
 * After such a miss the next few traces go straight to a fresh context
 * (skip, backoff): which way a trace takes depends on the traces before
 * it, its answers never do. */
fc_solver *fc_solver_new(fc_solver_context *ctx, const fc_trace *t,
                         const fc_plan *p, const fc_check_options *o)
{
    bool arith = trace_has_arith(t);
    bool fresh = arith || o->explain || o->rlimit;
    bool exact = arith && !switched_off("FOLCHECK_EXACT");
    bool defer = exact && !o->explain && !o->rlimit && !o->keep_obligations &&
                 !ctx->force_fresh && ctx->traces > 0 &&
                 ctx->traces < CONTEXT_REUSE;
    if (defer && ctx->skip) {
        ctx->skip--;
        defer = false;
    }
    begin_trace(ctx, fresh && !defer);
    ctx->force_fresh = false;
    size_t n = t->stmts.len;
    fc_solver *s = fc_xcalloc(1, sizeof *s);
    s->impl = &fc_guarded_impl;
    s->t = t;
    s->plan = p;
    s->reach = fc_reach_new(t, p);
    s->ctx = ctx;
    s->z = fc_z3_session_new(ctx->z, t);
    if (!fresh)
        fc_z3_session_share_solver(s->z);
    s->lazy = defer;
    if (defer)
        fc_z3_session_defer_checks(s->z);
    s->stmt_lit = fc_xmalloc((n ? n : 1) * sizeof(int));
    s->stmt_neg = fc_xmalloc((n ? n : 1) * sizeof(int));
    s->def_lit = fc_xmalloc((n ? n : 1) * sizeof(int));
    s->terms = fc_xcalloc(n ? n : 1, sizeof(Z3_ast));
    size_t claims = translate_claims(s);
    if (arith && claims > ARITH_GUARDED_MAX) {
        s->impl = &fc_scratch_impl;
        s->lsolver = fc_zsolver_new(s->z);
        s->gsolver = fc_zsolver_new(s->z);
    } else if (!arith) {
        s->small = fc_small_new(t);
        fc_z3_set_oracle(s->z, small_sat, s);
        /* FOLCHECK_HERBRAND=0 leaves refutations to Z3: the history tests
         * use it, since what they check is Z3's behaviour on a reused
         * context */
        if (!switched_off("FOLCHECK_HERBRAND"))
            fc_z3_set_exact(s->z, herbrand_check, s);
    }
    /* FOLCHECK_EXACT=0 leaves every check to Z3: the differential tests
     * use it to check the Z3 translation of the built-ins on its own */
    if (exact) {
        s->exact = fc_exact_new(t);
        fc_z3_set_exact(s->z, exact_check, s);
    }
    return s;
}

bool fc_solver_deferred(const fc_solver *s)
{
    return fc_z3_session_deferred(s->z);
}

void fc_solver_context_fresh(fc_solver_context *c) { c->force_fresh = true; }

/* After a try on the used context: a miss makes the next 1, 2, 4, ...
 * (at most 64) traces that want a fresh context go straight to one; a
 * success makes the next try again. */
static void after_try(fc_solver_context *ctx, bool deferred)
{
    if (deferred) {
        ctx->backoff = ctx->backoff ? 2 * ctx->backoff : 1;
        if (ctx->backoff > 64)
            ctx->backoff = 64;
        ctx->skip = ctx->backoff;
    } else {
        ctx->backoff = 0;
    }
}

void fc_solver_free(fc_solver *s)
{
    if (!s)
        return;
    if (s->lazy)
        after_try(s->ctx, fc_z3_session_deferred(s->z));
    fc_zsolver_free(s->gsolver);
    fc_zsolver_free(s->lsolver);
    fc_vec_free(&s->fguards);
    fc_vec_free(&s->held);
    fc_vec_free(&s->held_failed);
    free(s->terms);
    fc_z3_session_free(s->z);
    fc_small_free(s->small);
    fc_exact_free(s->exact);
    fc_reach_free(s->reach);
    fc_vec_free(&s->lit_node);
    fc_vec_free(&s->lit_neg);
    free(s->stmt_lit);
    free(s->stmt_neg);
    free(s->def_lit);
    free(s);
}

fc_reach *fc_solver_reach(fc_solver *s) { return s->reach; }
bool fc_solver_has(const fc_solver *s, int stmt) { return s->terms[stmt]; }
int fc_solver_lit(const fc_solver *s, int stmt) { return s->stmt_lit[stmt]; }
int fc_solver_def_lit(const fc_solver *s, int stmt)
{
    return s->def_lit[stmt];
}
uint64_t fc_solver_queries(const fc_solver *s) { return fc_z3_queries(s->z); }
uint64_t fc_solver_us(const fc_solver *s) { return fc_z3_solver_us(s->z); }

/* ---- statuses ----------------------------------------------------------- */

void fc_solver_status(fc_solver *s, const fc_query *q, fc_eval *e)
{
    fc_session_begin(s, q, e, s->impl == &fc_scratch_impl);
    s->impl->status(s, q, e);
}

void fc_solver_global_status(fc_solver *s, const fc_global_query *q,
                             fc_eval *e)
{
    s->impl->global(s, q, e);
}

void fc_solver_hold(fc_solver *s, fc_hold what, int stmt)
{
    s->impl->hold(s, what, stmt);
}

/* ---- minimal subsets ---------------------------------------------------- */

bool fc_solver_minimal_subset(fc_solver *s, const fc_ivec *cands,
                              const fc_subset_query *q, fc_ivec *out)
{
    fc_ivec sorted = {0}, keep = {0};
    for (size_t i = 0; i < cands->len; i++)
        if (s->stmt_lit[cands->data[i]] >= 0 &&
            !fc_ivec_contains(&sorted, cands->data[i]))
            fc_vec_push(&sorted, cands->data[i]);
    fc_ivec_sort(&sorted);
    bool ok = s->impl->minimize(s, q, &sorted, q->seed, false, &keep);
    if (!ok && fc_reach_defs_left_out(s->reach, &sorted))
        ok = s->impl->minimize(s, q, &sorted, NULL, true, &keep);
    if (!ok && q->full)
        ok = s->impl->unsat(s, q, &sorted);
    if (ok)
        for (size_t i = 0; i < keep.len; i++)
            fc_vec_push(out, sorted.data[keep.data[i]]);
    fc_vec_free(&sorted);
    fc_vec_free(&keep);
    return ok;
}

/* ---- formulas and models ------------------------------------------------ */

int fc_solver_guard(fc_solver *s, const fc_node *n, bool negated)
{
    return fc_session_guard(s, n, negated);
}

int fc_solver_neg_lit(fc_solver *s, int stmt)
{
    return fc_session_neg_lit(s, stmt);
}

void fc_solver_check(fc_solver *s, const fc_ivec *lits, int extra,
                     bool want_core, bool want_model, fc_query_result *q)
{
    fc_session_check(s, lits, extra, want_core, want_model, q);
}

fc_answer fc_solver_check_formulas(fc_solver *s, const fc_node *const *forms,
                                   const bool *neg, size_t n, char *reason,
                                   size_t size)
{
    if (s->exact) {
        fc_answer a = fc_exact_decide(s->exact, forms, neg, n, 1, NULL);
        if (a != FC_UNKNOWN)
            return a;
    }
    if (!s->lsolver)
        s->lsolver = fc_zsolver_new(s->z);
    Z3_context c = fc_z3_context(s->z);
    fc_zsolver_push(s->lsolver);
    fc_answer a = FC_UNKNOWN;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        Z3_ast f = fc_z3_term(s->z, forms[i]);
        ok = f != NULL;
        if (ok && neg[i]) {
            f = Z3_mk_not(c, f);
            Z3_inc_ref(c, f);
            fc_zsolver_assert(s->lsolver, f);
            Z3_dec_ref(c, f);
        } else if (ok) {
            fc_zsolver_assert(s->lsolver, f);
        }
    }
    if (ok)
        a = fc_zsolver_check(s->lsolver, NULL, 0, NULL, reason, size);
    else
        snprintf(reason, size, "a formula cannot be translated");
    fc_zsolver_pop(s->lsolver);
    return a;
}

void fc_solver_check_small_model(fc_solver *s, const fc_ivec *lits,
                                 int extra, fc_query_result *q)
{
    fc_ivec all = {0};
    for (size_t i = 0; i < lits->len; i++)
        fc_vec_push(&all, lits->data[i]);
    if (extra >= 0)
        fc_vec_push(&all, extra);
    fc_z3_check_small_model(s->z, all.data, all.len, 4, q);
    fc_vec_free(&all);
}

void fc_solver_lits(const fc_solver *s, const fc_ivec *stmts, fc_ivec *lits)
{
    lits->len = 0;
    for (size_t i = 0; i < stmts->len; i++) {
        int st = stmts->data[i];
        if (s->stmt_lit[st] >= 0)
            fc_vec_push(lits, s->stmt_lit[st]);
        if (s->def_lit[st] >= 0)
            fc_vec_push(lits, s->def_lit[st]);
    }
}

char *fc_solver_smtlib(fc_solver *s, const fc_node *const *given, size_t n,
                       const fc_node *goal, bool negate, const char *status,
                       const char *comment)
{
    Z3_context c = fc_z3_context(s->z);
    Z3_ast *as = fc_xmalloc((n ? n : 1) * sizeof *as);
    for (size_t i = 0; i < n; i++)
        if (!(as[i] = fc_z3_term(s->z, given[i]))) {
            free(as);
            return NULL;
        }
    Z3_ast g = goal ? fc_z3_term(s->z, goal) : Z3_mk_true(c);
    if (!g) {
        free(as);
        return NULL;
    }
    if (goal && negate)
        g = Z3_mk_not(c, g);
    Z3_inc_ref(c, g);
    /* the printer's let-abbreviations are named $x11 and ?x11; bound
     * variables are x$ (solver/z3terms.c), so they never meet */
    const char *text = Z3_benchmark_to_smtlib_string(c, comment, "ALL",
                                                     status, "", (unsigned)n,
                                                     as, g);
    fc_buf b = {0};
    fc_buf_printf(&b, "%s\n", text ? text : "");
    char *out = fc_buf_take(&b);
    Z3_dec_ref(c, g);
    free(as);
    return out;
}

void fc_solver_obligations_smtlib(fc_solver *s, fc_result *r)
{
    for (size_t i = 0; i < r->obligations.len; i++) {
        fc_obligation *o = &r->obligations.data[i];
        bool holds = o->status == FC_STATUS_ENTAILED ||
                     o->status == FC_STATUS_CONTRADICTED;
        const char *expect = holds ? "unsat"
                             : o->status == FC_STATUS_UNDETERMINED ? "sat"
                                                                    : "unknown";
        char *title = fc_obligation_title(r, o);
        free(o->smtlib);
        o->smtlib = fc_solver_smtlib(s, o->given.data, o->given.len, o->goal,
                                     o->status != FC_STATUS_CONTRADICTED,
                                     expect, title);
        free(title);
    }
}

bool fc_solver_translates(fc_solver *s, const fc_node *n)
{
    return fc_z3_term(s->z, n) != NULL;
}

char *fc_solver_model_value(fc_solver *s, const fc_node *n)
{
    Z3_ast t = fc_z3_term(s->z, n);
    Z3_model m = fc_z3_model(s->z);
    return t && m ? fc_z3_eval_numeral(s->z, m, t) : NULL;
}

/* The formulas of lits for exact evaluation; false when one is not
 * known or the trace has no arithmetic. */
static bool exact_forms(const fc_solver *s, const fc_ivec *lits,
                        const fc_node ***forms, bool **neg)
{
    if (!s->exact)
        return false;
    size_t n = lits->len;
    *forms = fc_xmalloc((n ? n : 1) * sizeof **forms);
    *neg = fc_xmalloc(n ? n : 1);
    if (lit_forms(s, lits->data, n, *forms, *neg))
        return true;
    free(*forms);
    free(*neg);
    return false;
}

char *fc_solver_exact_value(fc_solver *s, const fc_ivec *lits,
                            const fc_node *n)
{
    const fc_node **forms;
    bool *neg;
    if (!exact_forms(s, lits, &forms, &neg))
        return NULL;
    char *v = fc_exact_value(s->exact, forms, neg, lits->len, n);
    free(forms);
    free(neg);
    return v;
}

const fc_node *fc_solver_zero_divisor(fc_solver *s, const fc_ivec *lits,
                                      const fc_node *f)
{
    const fc_node **forms;
    bool *neg;
    if (!exact_forms(s, lits, &forms, &neg))
        return NULL;
    const fc_node *z = fc_exact_zero_divisor(s->exact, forms, neg,
                                             lits->len, f);
    free(forms);
    free(neg);
    return z;
}

/* term = value, with an Int term promoted when value is not an integer
 * ("7/2"): a reference is taken. */
static Z3_ast eq_value(Z3_context z, Z3_ast t, const char *value)
{
    Z3_sort sort = Z3_get_sort(z, t);
    if (Z3_get_sort_kind(z, sort) == Z3_INT_SORT &&
        (strchr(value, '/') || strchr(value, '.'))) {
        t = Z3_mk_int2real(z, t);
        Z3_inc_ref(z, t);
        sort = Z3_mk_real_sort(z);
    } else {
        Z3_inc_ref(z, t);
    }
    Z3_ast val = Z3_mk_numeral(z, value, sort);
    Z3_ast eq = val ? Z3_mk_eq(z, t, val) : NULL;
    if (eq)
        Z3_inc_ref(z, eq);
    Z3_dec_ref(z, t);
    return eq;
}

int fc_solver_guard_other_value(fc_solver *s, const fc_node *n,
                                const char *value)
{
    Z3_context z = fc_z3_context(s->z);
    Z3_ast t = fc_z3_term(s->z, n);
    if (!t)
        return -1;
    Z3_ast eq = eq_value(z, t, value);
    if (!eq)
        return -1;
    Z3_ast ne = Z3_mk_not(z, eq);
    Z3_inc_ref(z, ne);
    int lit = fc_z3_guard(s->z, ne);
    Z3_dec_ref(z, ne);
    Z3_dec_ref(z, eq);
    return lit;
}

bool fc_solver_value_differs(fc_solver *s, const fc_node *n,
                             const char *value)
{
    Z3_context z = fc_z3_context(s->z);
    Z3_ast t = fc_z3_term(s->z, n);
    if (!t)
        return false;
    Z3_ast eq = eq_value(z, t, value);
    if (!eq)
        return false;
    Z3_ast same = Z3_simplify(z, eq);
    Z3_inc_ref(z, same);
    bool differs = Z3_get_bool_value(z, same) == Z3_L_FALSE;
    Z3_dec_ref(z, same);
    Z3_dec_ref(z, eq);
    return differs;
}

char *fc_solver_describe_model(fc_solver *s, const fc_node *const *forms,
                               size_t n, const fc_node *focus,
                               cJSON **tables)
{
    Z3_model m = fc_z3_model(s->z);
    if (tables)
        *tables = NULL;
    return m ? fc_z3_describe_model(s->z, m, forms, n, focus, tables) : NULL;
}
