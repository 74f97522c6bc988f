#include "solver/z3bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/trace.h"
#include "solver/watchdog.h"

/* ---- the context -------------------------------------------------------- */

struct fc_z3 {
    Z3_context ctx;
    Z3_params params;
    Z3_params probe_params;     /* budgeted, for core minimization */
    Z3_params cold_params;      /* full, budgeted: see fc_z3_check */
    unsigned timeout_ms, rlimit;
    fc_watchdog *dog;           /* NULL: no --timeout, or no thread */
    /* a guarded solver a shared session handed on, popped back to empty,
     * and its parameters: the next shared session takes it */
    Z3_solver spare;
    Z3_params spare_params;
};

struct fc_z3_session {
    fc_z3 *z;
    Z3_context ctx;
    fc_z3_terms *terms;
    Z3_solver solver;
    FC_VEC(Z3_ast) lits;
    FC_VEC(Z3_ast) neg_lits;    /* ¬lit, to switch off unused guards */
    /* lit → formula, asserted when a check on Z3 first uses the literal
     * (in_solver), so that what the oracle answers never reaches Z3 */
    FC_VEC(Z3_ast) imps;
    FC_VEC(uint8_t) in_solver;
    FC_VEC(uint32_t) mark;      /* per literal: query stamp */
    uint32_t stamp;
    Z3_model model;
    /* the guarded solver's parameters now (full, probe or cold), switched
     * only when a check needs others: switching costs like a small check;
     * want_probe: the next checks are probes (fc_z3_probe) */
    Z3_params current;
    bool want_probe;
    uint64_t queries, solver_us;
    fc_sat_oracle oracle;
    void *oracle_arg;
    fc_exact_oracle exact;
    void *exact_arg;
    /* warmed: Z3 has answered a full check; skipped: the oracle answered
     * a full check before that, on warm_lits (see fc_z3_check) */
    bool warmed, skipped;
    /* shared: fc_z3_session_share_solver; spoiled: a check on the solver
     * was interrupted or failed, so it is not handed on */
    bool shared, spoiled;
    fc_ivec warm_lits;
    /* defer: no check may run on Z3 here (fc_z3_session_defer_checks);
     * deferred: one wanted to */
    bool defer, deferred;
};

/* Z3's default handler prints and exits; a library must never exit, so
 * errors are only recorded and read back with Z3_get_error_code. */
static void ignore_errors(Z3_context c, Z3_error_code e)
{
    (void)c;
    (void)e;
}

/* No nlsat: in Z3 4.8.12 it can ignore timeouts, limits and interrupts
 * and stall a batch; without it a nonlinear problem beyond linearization
 * and Gröbner bases is unknown, never wrong. */
static void no_nra(fc_z3 *z, Z3_params p)
{
    Z3_params_set_bool(z->ctx, p, Z3_mk_string_symbol(z->ctx, "arith.nl.nra"),
                       false);
}

/* A parameter set: resource limit (0: none), MBQI on or off, no nlsat,
 * and Z3's own timeout when the watchdog could not start. */
static Z3_params mk_params(fc_z3 *z, unsigned rlimit, bool mbqi)
{
    Z3_params p = Z3_mk_params(z->ctx);
    Z3_params_inc_ref(z->ctx, p);
    Z3_params_set_uint(z->ctx, p, Z3_mk_string_symbol(z->ctx, "rlimit"),
                       rlimit);
    no_nra(z, p);
    Z3_params_set_bool(z->ctx, p, Z3_mk_string_symbol(z->ctx, "mbqi"), mbqi);
    if (z->timeout_ms && !z->dog)
        Z3_params_set_uint(z->ctx, p, Z3_mk_string_symbol(z->ctx, "timeout"),
                           z->timeout_ms);
    return p;
}

/* The watchdog's way to stop the running check (--timeout). */
static void interrupt(void *arg)
{
    fc_z3 *z = arg;
    Z3_interrupt(z->ctx);
}

fc_z3 *fc_z3_new(unsigned timeout_ms, unsigned rlimit)
{
    fc_z3 *z = fc_xcalloc(1, sizeof *z);
    Z3_config cfg = Z3_mk_config();
    Z3_set_param_value(cfg, "model", "true");
    z->ctx = Z3_mk_context_rc(cfg);
    Z3_del_config(cfg);
    Z3_set_error_handler(z->ctx, ignore_errors);
    z->timeout_ms = timeout_ms;
    z->rlimit = rlimit;
    /* also without --timeout: a trace's time limit stops checks */
    z->dog = fc_watchdog_start(timeout_ms, interrupt, z);
    unsigned budget = FC_PROBE_RLIMIT;
    if (rlimit && rlimit < budget)
        budget = rlimit;
    /* every set says rlimit (0: none) and mbqi, so that switching sets
     * takes the other's values away */
    z->params = mk_params(z, rlimit, true);
    /* a probe only looks for a refutation, which E-matching finds; MBQI
     * would build models of quantified formulas, most of a probe's cost */
    z->probe_params = mk_params(z, budget, false);
    /* full checks on the probes' budget (fc_z3_check) */
    z->cold_params = mk_params(z, budget, true);
    return z;
}

void fc_z3_deadline(fc_z3 *z, uint64_t at_us)
{
    fc_watchdog_deadline(z->dog, at_us);
}

void fc_z3_free(fc_z3 *z)
{
    if (!z)
        return;
    fc_watchdog_free(z->dog);
    if (z->spare)
        Z3_solver_dec_ref(z->ctx, z->spare);
    Z3_params_dec_ref(z->ctx, z->params);
    Z3_params_dec_ref(z->ctx, z->probe_params);
    Z3_params_dec_ref(z->ctx, z->cold_params);
    Z3_del_context(z->ctx);
    free(z);
}

/* ---- sessions ----------------------------------------------------------- */

fc_z3_session *fc_z3_session_new(fc_z3 *z, const fc_trace *t)
{
    fc_z3_session *s = fc_xcalloc(1, sizeof *s);
    s->z = z;
    s->ctx = z->ctx;
    s->terms = fc_z3_terms_new(z->ctx, t);
    return s;
}

/* A new solver of the session's context with the given parameters, held
 * by the caller. */
static Z3_solver new_solver(fc_z3_session *s, Z3_params params)
{
    Z3_solver solver = Z3_mk_simple_solver(s->ctx);
    Z3_solver_inc_ref(s->ctx, solver);
    Z3_solver_set_params(s->ctx, solver, params);
    return solver;
}

/* A shared guarded solver, its scope popped, goes to the context's next
 * session; one a timeout or a Z3 error left in doubt is released. */
static void hand_on(fc_z3_session *s)
{
    Z3_context c = s->ctx;
    if (!s->solver)
        return;
    if (s->shared && !s->spoiled && !s->z->spare) {
        Z3_solver_pop(c, s->solver, 1);
        if (Z3_get_error_code(c) == Z3_OK) {
            s->z->spare = s->solver;
            s->z->spare_params = s->current;
            s->solver = NULL;
            return;
        }
    }
    Z3_solver_dec_ref(c, s->solver);
    s->solver = NULL;
}

void fc_z3_session_free(fc_z3_session *s)
{
    if (!s)
        return;
    Z3_context c = s->ctx;
    fc_z3_terms_free(s->terms);
    for (size_t i = 0; i < s->lits.len; i++) {
        Z3_dec_ref(c, s->lits.data[i]);
        Z3_dec_ref(c, s->neg_lits.data[i]);
    }
    fc_vec_free(&s->neg_lits);
    fc_vec_free(&s->mark);
    fc_vec_free(&s->warm_lits);
    for (size_t i = 0; i < s->imps.len; i++)
        Z3_dec_ref(c, s->imps.data[i]);
    fc_vec_free(&s->imps);
    fc_vec_free(&s->in_solver);
    if (s->model)
        Z3_model_dec_ref(c, s->model);
    hand_on(s);
    fc_vec_free(&s->lits);
    free(s);
}

void fc_z3_session_share_solver(fc_z3_session *s) { s->shared = true; }
void fc_z3_session_defer_checks(fc_z3_session *s) { s->defer = true; }
bool fc_z3_session_deferred(const fc_z3_session *s) { return s->deferred; }

/* A check that may not run here: unknown, and the session remembers. */
static bool deferred(fc_z3_session *s, char *reason, size_t len)
{
    if (!s->defer)
        return false;
    s->deferred = true;
    if (reason && len)
        snprintf(reason, len, "deferred to a fresh context");
    return true;
}

Z3_context fc_z3_context(const fc_z3_session *s) { return s->ctx; }
Z3_model fc_z3_model(const fc_z3_session *s) { return s->model; }
uint64_t fc_z3_queries(const fc_z3_session *s) { return s->queries; }
uint64_t fc_z3_solver_us(const fc_z3_session *s) { return s->solver_us; }
size_t fc_z3_literal_count(const fc_z3_session *s) { return s->lits.len; }

/* Whether Z3 rejected the last call (the error handler only records it). */
static bool z3_failed(const fc_z3_session *s)
{
    return Z3_get_error_code(s->ctx) != Z3_OK;
}

Z3_ast fc_z3_term(fc_z3_session *s, const fc_node *n)
{
    return fc_z3_translate(s->terms, n);
}

fc_z3_terms *fc_z3_session_terms(fc_z3_session *s) { return s->terms; }

/* ---- guard literals ----------------------------------------------------- */

int fc_z3_guard(fc_z3_session *s, Z3_ast formula)
{
    if (!formula)
        return -1;
    Z3_context c = s->ctx;
    char name[32];
    snprintf(name, sizeof name, "!L%zu", s->lits.len);
    Z3_ast lit = Z3_mk_const(c, Z3_mk_string_symbol(c, name),
                             Z3_mk_bool_sort(c));
    Z3_inc_ref(c, lit);
    Z3_ast imp = Z3_mk_implies(c, lit, formula);
    Z3_inc_ref(c, imp);
    if (z3_failed(s)) {
        Z3_dec_ref(c, imp);
        Z3_dec_ref(c, lit);
        return -1;
    }
    Z3_ast neg = Z3_mk_not(c, lit);
    Z3_inc_ref(c, neg);
    fc_vec_push(&s->imps, imp);
    fc_vec_push(&s->in_solver, 0);
    fc_vec_push(&s->lits, lit);
    fc_vec_push(&s->neg_lits, neg);
    fc_vec_push(&s->mark, 0);
    return (int)s->lits.len - 1;
}

Z3_ast fc_z3_guard_literal(const fc_z3_session *s, int lit)
{
    return s->lits.data[lit];
}

/* The index of a guard literal "!L<i>", or -1 for another term. */
static int literal_index(fc_z3_session *s, Z3_ast a)
{
    Z3_context c = s->ctx;
    if (Z3_get_ast_kind(c, a) != Z3_APP_AST)
        return -1;
    Z3_symbol sym = Z3_get_decl_name(c, Z3_get_app_decl(c, Z3_to_app(c, a)));
    const char *name = Z3_get_symbol_string(c, sym);
    if (strncmp(name, "!L", 2))
        return -1;
    return atoi(name + 2);
}

/* ---- why a check answered unknown --------------------------------------- */

/* The resource Z3 has counted so far: one count for the whole context,
 * running on over all its solvers and checks. */
static double rlimit_count(Z3_context c, Z3_solver solver)
{
    Z3_stats st = Z3_solver_get_statistics(c, solver);
    Z3_stats_inc_ref(c, st);
    double v = 0;
    for (unsigned i = 0; i < Z3_stats_size(c, st); i++) {
        if (strcmp(Z3_stats_get_key(c, st, i), "rlimit count"))
            continue;
        v = Z3_stats_is_uint(c, st, i) ? Z3_stats_get_uint_value(c, st, i)
                                       : Z3_stats_get_double_value(c, st, i);
    }
    Z3_stats_dec_ref(c, st);
    return v;
}

/* The count before a check, when --rlimit is set (0 otherwise): whether
 * the check used the limit up is told by what it added to the count. */
static double rlimit_before(fc_z3_session *s, Z3_solver solver)
{
    return s->z->rlimit ? rlimit_count(s->ctx, solver) : 0;
}

/* Did the last check use up the resource limit?  Z3 does not always say
 * so in its reason, but its statistics count the resource used. */
static bool rlimit_used_up(fc_z3_session *s, Z3_solver solver, double before)
{
    if (!s->z->rlimit)
        return false;
    return rlimit_count(s->ctx, solver) - before >= s->z->rlimit;
}

/* Why a check answered unknown, in the user's terms: the --rlimit or
 * --timeout that stopped it, or Z3's own reason. */
static void unknown_reason(fc_z3_session *s, Z3_solver solver,
                           uint64_t took_us, bool fired, double before,
                           char *buf, size_t len)
{
    Z3_context c = s->ctx;
    if (fired && fc_watchdog_past_deadline(s->z->dog)) {
        snprintf(buf, len, "the trace's time limit ran out "
                           "(--trace-timeout)");
        return;
    }
    if (fired) {
        snprintf(buf, len, "timeout after %u ms (--timeout)",
                 s->z->timeout_ms);
        return;
    }
    const char *why = Z3_solver_get_reason_unknown(c, solver);
    if (!why || !*why || Z3_get_error_code(c) != Z3_OK)
        why = "the solver gave up";
    bool timed_out = s->z->timeout_ms && took_us / 1000 >= s->z->timeout_ms;
    if (strstr(why, "resource limit") ||
        (s->z->rlimit && !timed_out &&
         (strstr(why, "canceled") || rlimit_used_up(s, solver, before))))
        snprintf(buf, len, "resource limit %u reached (--rlimit)",
                 s->z->rlimit);
    else if (strstr(why, "canceled") || strstr(why, "timeout"))
        snprintf(buf, len, "timeout after %u ms (--timeout)",
                 s->z->timeout_ms);
    else
        snprintf(buf, len, "%s", why);
}

/* ---- checks on the guarded solver --------------------------------------- */

void fc_z3_set_oracle(fc_z3_session *s, fc_sat_oracle fn, void *arg)
{
    s->oracle = fn;
    s->oracle_arg = arg;
}

void fc_z3_set_exact(fc_z3_session *s, fc_exact_oracle fn, void *arg)
{
    s->exact = fn;
    s->exact_arg = arg;
}

/* The guarded solver on first use: the one handed on, if shared, or a new
 * one.  A shared solver gets the session's scope pushed while empty, since
 * Z3 configures a solver by what it holds at its first push or check. */
static void solver_ready(fc_z3_session *s)
{
    Z3_context c = s->ctx;
    if (s->solver)
        return;
    if (s->shared && s->z->spare) {
        s->solver = s->z->spare;
        s->current = s->z->spare_params;
        s->z->spare = NULL;
    } else {
        s->solver = new_solver(s, s->z->params);
        s->current = s->z->params;
    }
    if (s->shared)
        Z3_solver_push(c, s->solver);
    if (s->in_solver.len)
        memset(s->in_solver.data, 0, s->in_solver.len);
}

/* Fills as (room for every literal) with lits[0..n), each once, and on the
 * guarded solver with ¬g for every other guard g it holds, lest a free
 * guard let in formulas outside the context.  Returns how many. */
static size_t assumptions(fc_z3_session *s, Z3_solver solver, bool guarded,
                          const int *lits, size_t n, Z3_ast *as)
{
    if (++s->stamp == 0) {
        memset(s->mark.data, 0, s->mark.len * sizeof(uint32_t));
        s->stamp = 1;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int l = lits[i];
        if (s->mark.data[l] == s->stamp)
            continue;
        s->mark.data[l] = s->stamp;
        as[m++] = s->lits.data[l];
        if (guarded && !s->in_solver.data[l]) {    /* first use */
            Z3_solver_assert(s->ctx, solver, s->imps.data[l]);
            s->in_solver.data[l] = 1;
        }
    }
    /* guards never asserted constrain nothing and need no switching off */
    for (size_t i = 0; guarded && i < s->lits.len; i++)
        if (s->mark.data[i] != s->stamp && s->in_solver.data[i])
            as[m++] = s->neg_lits.data[i];
    return m;
}

/* The unsat core of the last check, as indices of guard literals. */
static void read_core(fc_z3_session *s, Z3_solver solver, fc_ivec *out)
{
    Z3_context c = s->ctx;
    Z3_ast_vector core = Z3_solver_get_unsat_core(c, solver);
    Z3_ast_vector_inc_ref(c, core);
    unsigned m = Z3_ast_vector_size(c, core);
    for (unsigned i = 0; i < m; i++) {
        int idx = literal_index(s, Z3_ast_vector_get(c, core, i));
        if (idx >= 0)
            fc_vec_push(out, idx);
    }
    Z3_ast_vector_dec_ref(c, core);
}

/* The model of the last check, kept by the session until the next. */
static void keep_model(fc_z3_session *s, Z3_solver solver,
                       fc_query_result *out)
{
    Z3_context c = s->ctx;
    if (s->model)
        Z3_model_dec_ref(c, s->model);
    s->model = Z3_solver_get_model(c, solver);
    if (s->model)
        Z3_model_inc_ref(c, s->model);
    out->model = s->model != NULL;
}

/* One check on Z3: on the guarded solver with the given parameters, or
 * (own not NULL) on a solver of the caller's that holds the query's
 * formulas.  Returns whether --timeout stopped it. */
static bool z3_check(fc_z3_session *s, Z3_solver own, const int *lits,
                     size_t n, bool want_core, bool want_model,
                     Z3_params params, fc_query_result *out)
{
    Z3_context c = s->ctx;
    if (deferred(s, out->reason, sizeof out->reason)) {
        out->answer = FC_UNKNOWN;
        out->core.len = 0;
        out->model = false;
        return false;
    }
    if (!own)
        solver_ready(s);
    Z3_solver solver = own ? own : s->solver;
    size_t total = s->lits.len;
    Z3_ast stackbuf[64];
    Z3_ast *as = total <= 64 ? stackbuf : fc_xmalloc(total * sizeof(Z3_ast));
    n = assumptions(s, solver, !own, lits, n, as);
    out->core.len = 0;
    out->reason[0] = '\0';
    out->model = false;
    if (!own && s->current != params) {
        Z3_solver_set_params(c, solver, params);
        s->current = params;
    }
    double before = rlimit_before(s, solver);
    uint64_t t0 = fc_now_us();
    fc_watchdog_begin(s->z->dog);
    Z3_lbool r = Z3_solver_check_assumptions(c, solver, (unsigned)n, as);
    bool fired = fc_watchdog_end(s->z->dog);
    /* stopped at a point that depends on timing: by the watchdog, or by
     * Z3's own timer when the watchdog could not start */
    s->spoiled |= !own && (fired || (r == Z3_L_UNDEF && s->z->timeout_ms &&
                                     !s->z->dog));
    if (!own && params == s->z->params)
        s->warmed = true;
    s->solver_us += fc_now_us() - t0;
    s->queries++;
    if (as != stackbuf)
        free(as);
    if (Z3_get_error_code(c) != Z3_OK) {
        out->answer = FC_UNKNOWN;
        snprintf(out->reason, sizeof out->reason, "Z3 error: %s",
                 Z3_get_error_msg(c, Z3_get_error_code(c)));
        s->spoiled |= !own;
    } else if (r == Z3_L_FALSE) {
        out->answer = FC_UNSAT;
        if (want_core)
            read_core(s, solver, &out->core);
    } else if (r == Z3_L_TRUE) {
        out->answer = FC_SAT;
        if (want_model)
            keep_model(s, solver, out);
    } else {
        out->answer = FC_UNKNOWN;
        unknown_reason(s, solver, fc_now_us() - t0, fired, before,
                       out->reason, sizeof out->reason);
    }
    return fired;
}

/* The guarded solver anew, with nothing of its history: the next checks
 * assert the guards they use again. */
static void rebuild(fc_z3_session *s)
{
    Z3_solver_dec_ref(s->ctx, s->solver);
    s->solver = NULL;
    solver_ready(s);
}

/* The check again on a solver that holds only the query's formulas: what
 * the guarded solver saw of other queries can leave Z3's nonlinear
 * arithmetic unable to answer one it answers alone. */
static void check_alone(fc_z3_session *s, const int *lits, size_t n,
                        bool want_core, bool want_model, fc_query_result *out)
{
    Z3_context c = s->ctx;
    Z3_solver own = new_solver(s, s->z->params);
    for (size_t i = 0; i < n; i++)
        Z3_solver_assert(c, own, s->imps.data[lits[i]]);
    z3_check(s, own, lits, n, want_core, want_model, s->z->params, out);
    Z3_solver_dec_ref(c, own);
}

/* ∀x:S (x = e1 ∨ ... ∨ x = ek) for every uninterpreted sort S (the
 * context counts references: each term is held while it is used). */
static void bound_domains(fc_z3_session *s, Z3_solver own, unsigned k)
{
    Z3_context c = s->ctx;
    size_t nsorts = fc_sort_count(fc_z3_terms_trace(s->terms)->ast);
    if (k > 8)
        k = 8;
    for (size_t srt = FC_SORT_OBJECT; srt < nsorts; srt++) {
        Z3_sort S = fc_z3_sort(s->terms, (uint32_t)srt);
        if (!S || Z3_get_sort_kind(c, S) != Z3_UNINTERPRETED_SORT)
            continue;
        Z3_ast x = Z3_mk_fresh_const(c, "x", S);
        Z3_inc_ref(c, x);
        Z3_ast eqs[8];
        for (unsigned i = 0; i < k; i++) {
            Z3_ast e = Z3_mk_fresh_const(c, "e", S);
            Z3_inc_ref(c, e);
            eqs[i] = Z3_mk_eq(c, x, e);
            Z3_inc_ref(c, eqs[i]);
            Z3_dec_ref(c, e);
        }
        Z3_ast body = k == 1 ? eqs[0] : Z3_mk_or(c, k, eqs);
        Z3_inc_ref(c, body);
        Z3_app bound = Z3_to_app(c, x);
        Z3_ast all = Z3_mk_forall_const(c, 0, 1, &bound, 0, NULL, body);
        Z3_inc_ref(c, all);
        Z3_solver_assert(c, own, all);
        Z3_dec_ref(c, all);
        Z3_dec_ref(c, body);
        for (unsigned i = 0; i < k; i++)
            Z3_dec_ref(c, eqs[i]);
        Z3_dec_ref(c, x);
    }
}

void fc_z3_check_small_model(fc_z3_session *s, const int *lits, size_t n,
                             unsigned max_k, fc_query_result *out)
{
    Z3_context c = s->ctx;
    if (max_k > 8)
        max_k = 8;
    for (unsigned k = 1; k <= max_k; k++) {
        Z3_solver own = new_solver(s, s->z->params);
        for (size_t i = 0; i < n; i++)
            Z3_solver_assert(c, own, s->imps.data[lits[i]]);
        bound_domains(s, own, k);
        z3_check(s, own, lits, n, false, true, s->z->params, out);
        Z3_solver_dec_ref(c, own);
        if (out->answer == FC_SAT && out->model)
            return;
        if (Z3_get_error_code(c) != Z3_OK)
            break;
    }
    fc_z3_check(s, lits, n, false, true, out);
}

/* Until Z3 has answered a full check, one that the oracle answered
 * deprived MBQI of what it would have learned (test_classify: swapped
 * quantifiers): a full check then runs first on a budget, and when that
 * does not settle it, Z3 starts over with the skipped check. */
void fc_z3_check(fc_z3_session *s, const int *lits, size_t n, bool want_core,
                 bool want_model, fc_query_result *out)
{
    bool full = !s->want_probe;
    if (s->exact) {
        out->core.len = 0;
        fc_answer a = s->exact(s->exact_arg, lits, n, 1,
                               want_core ? &out->core : NULL);
        if (a == FC_UNSAT || (a == FC_SAT && !want_model)) {
            s->queries++;
            out->answer = a;
            out->reason[0] = '\0';
            out->model = false;
            return;
        }
        out->core.len = 0;
    }
    if (s->oracle && !want_model && s->oracle(s->oracle_arg, lits, n)) {
        if (full && !s->warmed && !s->skipped) {
            s->skipped = true;
            for (size_t i = 0; i < n; i++)
                fc_vec_push(&s->warm_lits, lits[i]);
        }
        out->answer = FC_SAT;
        out->core.len = 0;
        out->reason[0] = '\0';
        out->model = false;
        return;
    }
    if (!full) {
        z3_check(s, NULL, lits, n, want_core, want_model, s->z->probe_params,
                 out);
        return;
    }
    if (!s->warmed && s->skipped) {
        z3_check(s, NULL, lits, n, want_core, want_model, s->z->cold_params,
                 out);
        if (out->answer != FC_UNKNOWN)
            return;
        /* what the budgeted check left behind is not the history the
         * skipped check would have made */
        rebuild(s);
        fc_query_result w = {0};
        z3_check(s, NULL, s->warm_lits.data, s->warm_lits.len, false, false,
                 s->z->params, &w);
        fc_query_result_free(&w);
    }
    bool fired = z3_check(s, NULL, lits, n, want_core, want_model,
                          s->z->params, out);
    if (out->answer == FC_UNKNOWN && !fired && !s->z->rlimit)
        check_alone(s, lits, n, want_core, want_model, out);
    if (out->answer == FC_UNKNOWN && s->exact && !want_model &&
        s->exact(s->exact_arg, lits, n, 2, NULL) == FC_SAT) {
        out->answer = FC_SAT;
        out->reason[0] = '\0';
        out->model = false;
    }
}

bool fc_z3_probe(fc_z3_session *s, bool on)
{
    bool was = s->want_probe;
    s->want_probe = on;
    return was;
}

/* ---- plain solvers ------------------------------------------------------ */

Z3_solver fc_z3_new_solver(fc_z3_session *s, bool budget)
{
    return new_solver(s, budget ? s->z->probe_params : s->z->params);
}

void fc_z3_set_budget(fc_z3_session *s, Z3_solver solver, bool budget)
{
    Z3_solver_set_params(s->ctx, solver,
                         budget ? s->z->probe_params : s->z->params);
}

fc_answer fc_z3_solver_check(fc_z3_session *s, Z3_solver solver,
                             const Z3_ast *as, size_t n, fc_ivec *core,
                             char *reason, size_t reason_len)
{
    Z3_context c = s->ctx;
    if (deferred(s, reason, reason_len))
        return FC_UNKNOWN;
    double before = rlimit_before(s, solver);
    uint64_t t0 = fc_now_us();
    fc_watchdog_begin(s->z->dog);
    Z3_lbool r = Z3_solver_check_assumptions(c, solver, (unsigned)n, as);
    bool fired = fc_watchdog_end(s->z->dog);
    uint64_t took = fc_now_us() - t0;
    s->solver_us += took;
    s->queries++;
    if (reason && reason_len)
        reason[0] = '\0';
    if (Z3_get_error_code(c) != Z3_OK) {
        if (reason)
            snprintf(reason, reason_len, "Z3 error: %s",
                     Z3_get_error_msg(c, Z3_get_error_code(c)));
        return FC_UNKNOWN;
    }
    if (r == Z3_L_TRUE)
        return FC_SAT;
    if (r == Z3_L_FALSE) {
        if (core) {
            core->len = 0;
            Z3_ast_vector v = Z3_solver_get_unsat_core(c, solver);
            Z3_ast_vector_inc_ref(c, v);
            unsigned m = Z3_ast_vector_size(c, v);
            for (unsigned i = 0; i < m; i++) {
                Z3_ast a = Z3_ast_vector_get(c, v, i);
                for (size_t k = 0; k < n; k++)
                    if (Z3_is_eq_ast(c, a, as[k])) {
                        fc_vec_push(core, (int)k);
                        break;
                    }
            }
            Z3_ast_vector_dec_ref(c, v);
        }
        return FC_UNSAT;
    }
    if (reason)
        unknown_reason(s, solver, took, fired, before, reason, reason_len);
    return FC_UNKNOWN;
}
