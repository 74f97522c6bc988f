#include "check/checker.h"

#include <stdlib.h>
#include <string.h>

#include "check/derivation.h"
#include "classify/classify.h"
#include "plan/planner.h"
#include "plan/reach.h"
#include "solver/solver.h"

struct fc_checker {
    fc_check_options opts;
    fc_solver_context *ctx;
};

void fc_check_options_init(fc_check_options *o)
{
    memset(o, 0, sizeof *o);
    o->window = 1;
    o->timeout_ms = 10000;
    o->trace_timeout_ms = 60000;
}

fc_checker *fc_checker_new(const fc_check_options *opts)
{
    fc_checker *c = fc_xcalloc(1, sizeof *c);
    if (opts)
        c->opts = *opts;
    else
        fc_check_options_init(&c->opts);
    if (c->opts.cross_check)
        c->opts.keep_obligations = true;
    c->ctx = fc_solver_context_new(c->opts.timeout_ms, c->opts.rlimit);
    return c;
}

void fc_checker_free(fc_checker *c)
{
    if (!c)
        return;
    fc_solver_context_free(c->ctx);
    free(c);
}

/* One trace being checked. */
typedef struct check {
    uint64_t deadline_us;   /* --trace-timeout; 0: none */
    fc_result *r;
    const fc_trace *t;
    const fc_check_options *opts;
    fc_plan *plan;
    fc_solver *s;
    fc_reach *reach;
    int *stmt_step;       /* by statement: index into r->steps, or -1 */
    fc_ivec failed;       /* statements of earlier failed steps (F_i) */
    fc_ivec contradicted; /* statements of earlier contradicted steps */
    bool g_sure;          /* G is known consistent: implied answers hold */
    /* the contexts of the step being checked: G_i and L_i */
    fc_ivec global_stmts, local_stmts;
    uint32_t *stamp;      /* by statement: membership in G_i */
    uint32_t stamp_now;
} check;

static bool out_of_time(const check *c)
{
    return c->deadline_us && fc_now_us() > c->deadline_us;
}

static char *time_reason(const check *c)
{
    fc_buf b = {0};
    fc_buf_printf(&b, "the trace's time limit of %u ms ran out "
                      "(--trace-timeout)", c->opts->trace_timeout_ms);
    return fc_buf_take(&b);
}


/* ---- obligations --------------------------------------------------------- */

typedef FC_VEC(const fc_node *) node_list;

/* The formulas of statements stmts, and the implicit definitions that
 * the solver holds by the time statement upto is checked: those of every
 * chain step up to it, in the context or not (a contradicted step leaves
 * G, its definition of a fresh constant stays). */
static void formulas_of(const check *c, const fc_ivec *stmts, int upto,
                        node_list *out)
{
    for (size_t i = 0; i < stmts->len; i++) {
        int st = stmts->data[i];
        if (fc_solver_has(c->s, st))
            fc_vec_push(out, c->t->stmts.data[st].formula);
    }
    for (int i = 0; i <= upto && (size_t)i < c->t->stmts.len; i++)
        if (c->plan->implicit_def[i] && fc_solver_def_lit(c->s, i) >= 0)
            fc_vec_push(out, c->plan->implicit_def[i]);
}

/* Keeps the question "do stmts entail goal (-1: ⊥)?" that the checker
 * answered with st, when asked to.  With inconsistent premises the
 * premises are given too: they are what entails every step. */
static void keep(check *c, int step, const char *context, const fc_ivec *stmts,
                 int upto, int goal, fc_status st)
{
    if (!c->opts->keep_obligations || st == FC_STATUS_NONE)
        return;
    node_list given = {0};
    formulas_of(c, stmts, upto, &given);
    if (step >= 0 && !c->r->premises_consistent) {
        fc_ivec core = c->r->inconsistent_core;
        formulas_of(c, &core, -1, &given);
    }
    fc_result_add_obligation(c->r, step, context, given.data, given.len,
                             goal >= 0 ? c->t->stmts.data[goal].formula
                                       : NULL,
                             st);
    fc_vec_free(&given);
}

static void premises_and_lemmas(check *c, bool with_steps, fc_ivec *out);

/* P with every definition of the trace, explicit and implicit: the
 * context of the conclusion's question. */
static void keep_conclusion(check *c, int stmt)
{
    if (!c->opts->keep_obligations)
        return;
    fc_ivec pd = {0};
    premises_and_lemmas(c, false, &pd);
    node_list given = {0};
    formulas_of(c, &pd, (int)c->t->stmts.len, &given);
    fc_status st = c->r->concl.status == FC_STATUS_REFUTED
                       ? FC_STATUS_CONTRADICTED
                       : c->r->concl.status;
    fc_result_add_obligation(c->r, -1, "conclusion", given.data, given.len,
                             c->t->stmts.data[stmt].formula, st);
    fc_vec_free(&given);
    fc_vec_free(&pd);
}

/* ---- statuses ----------------------------------------------------------- */

static void without(const fc_ivec *a, const fc_ivec *drop, fc_ivec *out)
{
    out->len = 0;
    for (size_t i = 0; i < a->len; i++)
        if (!fc_ivec_contains(drop, a->data[i]))
            fc_vec_push(out, a->data[i]);
}

/* The status of goal against G (gstmts), with or without the failed
 * steps. */
static void status_global(check *c, const fc_ivec *gstmts, int goal,
                          bool without_failed, bool entail, bool contra,
                          fc_eval *e)
{
    fc_global_query q = {
        .gstmts = gstmts,
        .failed = &c->failed,
        .goal = goal,
        .without_failed = without_failed,
        .entail = entail,
        .contra = contra,
    };
    fc_solver_global_status(c->s, &q, e);
}

/* Status of statement stmt against a context: first against its relevant
 * part with the definitions of the symbols at hand, then, when that does
 * not settle it, against all of it with every definition. */
static void status_in_context(check *c, const fc_ivec *ctx, int stmt,
                              int own, bool entail, bool contra, fc_eval *e)
{
    fc_ivec rel = {0};
    fc_reach_relevant(c->reach, ctx, stmt, &rel);
    bool whole = rel.len == ctx->len && !fc_reach_defs_left_out(c->reach, ctx);
    fc_query q = {.ctx = &rel, .own = own, .all_defs = false, .goal = stmt,
                  .entail = entail, .contra = contra, .budget = !whole};
    fc_solver_status(c->s, &q, e);
    fc_vec_free(&rel);
    if (e->status == FC_STATUS_ENTAILED || e->status == FC_STATUS_CONTRADICTED)
        return;
    if (whole)
        return;
    q.ctx = ctx;
    q.all_defs = true;
    q.budget = false;
    fc_solver_status(c->s, &q, e);
}

/* ---- contexts ----------------------------------------------------------- */

static void global_context(check *c, size_t k, fc_ivec *stmts)
{
    fc_plan *p = c->plan;
    int stmt = p->steps.data[k];
    stmts->len = 0;
    for (size_t i = 0; i < p->premises.len; i++)
        fc_vec_push(stmts, p->premises.data[i]);
    for (int i = 0; i < stmt; i++)
        if (p->role[i] == FC_ROLE_DEFINITION && fc_solver_lit(c->s, i) >= 0)
            fc_vec_push(stmts, i);
    for (size_t j = 0; j < k; j++) {
        int sj = p->steps.data[j];
        fc_step_result *r = &c->r->steps.data[c->stmt_step[sj]];
        if (r->in_global && p->role[sj] == FC_ROLE_STEP)
            fc_vec_push(stmts, sj);
    }
}

/* Set relations in linear time, with a stamp per statement. */
static void stamp_set(check *c, const fc_ivec *v)
{
    if (++c->stamp_now == 0) {
        memset(c->stamp, 0, c->t->stmts.len * sizeof(uint32_t));
        c->stamp_now = 1;
    }
    for (size_t i = 0; i < v->len; i++)
        c->stamp[v->data[i]] = c->stamp_now;
}

static bool stamped(const check *c, int stmt)
{
    return c->stamp[stmt] == c->stamp_now;
}

static bool subset_of_stamped(const check *c, const fc_ivec *a)
{
    for (size_t i = 0; i < a->len; i++)
        if (!stamped(c, a->data[i]))
            return false;
    return true;
}

/* ---- support ------------------------------------------------------------ */

/* Support: a minimal subset of the candidate statements that entails S,
 * found by deletion in statement order, so that the answer depends on the
 * trace alone, not on the solver's history.  The step's own definition
 * and those of earlier steps are given; definitions are in every context
 * and not listed. */
static void set_support(check *c, fc_step_result *sr, const fc_ivec *cands,
                        const fc_ivec *seed)
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
        fc_subset_query q = {.own = sr->stmt, .goal = sr->stmt,
                             .negate = true, .given = &defs, .seed = seed,
                             .full = true};
        fc_reach_focus(c->reach, sr->stmt, sr->stmt);
        if (fc_solver_minimal_subset(c->s, &claims, &q, &found))
            for (size_t i = 0; i < found.len; i++)
                fc_vec_push(&sr->support, found.data[i]);
    }
    fc_vec_free(&claims);
    fc_vec_free(&defs);
    fc_vec_free(&found);
}

/* ---- one step ----------------------------------------------------------- */

/* What the global check found besides the status: the statements of G
 * that a proof without failed steps came from (cands), and the core of
 * that proof when it holds no definition (seed). */
typedef struct global_answer {
    fc_eval g;
    bool have_proof;    /* g.core is a proof within the relevant part */
    bool have_core;
    fc_ivec cands;
    bool have_seed;
    fc_ivec seed;
} global_answer;

static void global_answer_free(global_answer *ga)
{
    fc_eval_free(&ga->g);
    fc_vec_free(&ga->cands);
    fc_vec_free(&ga->seed);
}

/* A proof without failed steps: its candidates and seed. */
static void keep_proof(global_answer *ga, const fc_eval *e,
                       const fc_ivec *failed)
{
    ga->have_core = true;
    for (size_t i = 0; i < e->used.len; i++)
        if (!failed || !fc_ivec_contains(failed, e->used.data[i]))
            fc_vec_push(&ga->cands, e->used.data[i]);
    ga->have_seed = !e->core_defs;
    for (size_t i = 0; ga->have_seed && i < e->core.len; i++)
        fc_vec_push(&ga->seed, e->core.data[i]);
}

/* Entailed by the relevant part of G, with failed steps in the core: is
 * it entailed without them? */
static void recheck_without_failed(check *c, int stmt, const fc_ivec *rel,
                                   fc_step_result *sr, global_answer *ga)
{
    fc_ivec clean = {0};
    without(rel, &c->failed, &clean);
    fc_eval e2 = {0};
    fc_query q = {.ctx = &clean, .own = stmt, .all_defs = false,
                  .goal = stmt, .entail = true, .contra = false};
    fc_solver_status(c->s, &q, &e2);
    if (e2.status != FC_STATUS_ENTAILED) {
        fc_eval_free(&e2);
        status_global(c, &c->global_stmts, stmt, true, true, false, &e2);
    } else {
        keep_proof(ga, &e2, NULL);
    }
    sr->global_without_failed = e2.status == FC_STATUS_ENTAILED;
    fc_eval_free(&e2);
    fc_vec_free(&clean);
}

/* The status against G: the relevant part of G first, with a core; then
 * all of G. */
static void check_global(check *c, int stmt, fc_step_result *sr,
                         global_answer *ga)
{
    fc_eval *g = &ga->g;
    fc_ivec rel = {0};
    fc_reach_relevant(c->reach, &c->global_stmts, stmt, &rel);
    fc_query q = {.ctx = &rel, .own = stmt, .all_defs = false, .goal = stmt,
                  .entail = true, .contra = false, .budget = true};
    fc_solver_status(c->s, &q, g);
    /* g->core, statements of G: a proof, for any context holding them */
    ga->have_proof = g->status == FC_STATUS_ENTAILED;
    if (g->status == FC_STATUS_ENTAILED) {
        bool helped = false;
        for (size_t i = 0; i < g->core.len; i++)
            helped |= fc_ivec_contains(&c->failed, g->core.data[i]);
        if (!helped) {
            /* the core avoids failed steps: so does the support */
            sr->global_without_failed = true;
            keep_proof(ga, g, &c->failed);
        } else {
            recheck_without_failed(c, stmt, &rel, sr, ga);
        }
    } else {
        status_global(c, &c->global_stmts, stmt, false, true, true, g);
        if (g->status == FC_STATUS_ENTAILED) {
            if (!g->helped) {
                sr->global_without_failed = true;
            } else {
                fc_eval e2 = {0};
                status_global(c, &c->global_stmts, stmt, true, true, false,
                              &e2);
                sr->global_without_failed = e2.status == FC_STATUS_ENTAILED;
                fc_eval_free(&e2);
            }
        }
    }
    fc_vec_free(&rel);
    sr->global = g->status;
    if (g->status == FC_STATUS_UNKNOWN)
        sr->global_reason = fc_xstrdup(g->reason);
}

/* A step contradicted in L when L may have no model (it holds a step
 * that G left out, or parents that clash): DESIGN checks L ∧ ¬S first, so
 * when the whole of L entails S, S is entailed there, vacuously.  The
 * relevance filter may have left out the statements at odds, so this asks
 * about all of L. */
static void local_without_model(check *c, int stmt, fc_eval *l)
{
    fc_eval e = {0};
    fc_query q = {.ctx = &c->local_stmts, .own = stmt, .all_defs = true,
                  .goal = stmt, .entail = true, .contra = false};
    fc_solver_status(c->s, &q, &e);
    if (e.status == FC_STATUS_ENTAILED) {
        fc_eval_free(l);
        *l = e;
    } else {
        fc_eval_free(&e);
    }
}

/* The status against L, often implied by the global answer.  Leaves G
 * stamped. */
static void check_local(check *c, int stmt, fc_step_result *sr,
                        const global_answer *ga, fc_eval *l)
{
    const fc_eval *g = &ga->g;
    stamp_set(c, &c->global_stmts);
    bool sub = subset_of_stamped(c, &c->local_stmts);
    bool same = sub && c->local_stmts.len == c->global_stmts.len;
    bool need_e = true, need_c = true;
    if (sub && c->g_sure && g->status != FC_STATUS_UNKNOWN) {
        /* L ⊆ G, G consistent: G entailed ⇒ L not contradicted; G
         * contradicted ⇒ L not entailed; G undetermined ⇒ L too */
        need_e = g->status != FC_STATUS_CONTRADICTED;
        need_c = g->status == FC_STATUS_CONTRADICTED ||
                 (same && g->status != FC_STATUS_ENTAILED);
        if (g->status == FC_STATUS_UNDETERMINED) {
            need_e = need_c = false;
            l->status = FC_STATUS_UNDETERMINED;
        }
    }
    if (same && g->status == FC_STATUS_CONTRADICTED) {
        l->status = FC_STATUS_CONTRADICTED;
        need_e = need_c = false;
    }
    if (need_e && ga->have_proof) {
        /* the core that entailed it in G lies within L: entailed in L */
        bool within = true;
        for (size_t i = 0; within && i < g->core.len; i++)
            within = fc_ivec_contains(&c->local_stmts, g->core.data[i]);
        if (within) {
            l->status = FC_STATUS_ENTAILED;
            for (size_t i = 0; i < g->core.len; i++)
                fc_vec_push(&l->core, g->core.data[i]);
            fc_reach_relevant(c->reach, &c->local_stmts, stmt, &l->used);
            need_e = need_c = false;
        }
    }
    if (need_e || need_c)
        status_in_context(c, &c->local_stmts, stmt, stmt, need_e, need_c, l);
    if (!need_e && !need_c && l->status == FC_STATUS_NONE)
        l->status = FC_STATUS_UNDETERMINED;
    if (l->status == FC_STATUS_CONTRADICTED && !(sub && c->g_sure))
        local_without_model(c, stmt, l);
    sr->local = l->status;
    if (sr->local == FC_STATUS_UNKNOWN)
        sr->local_reason = fc_xstrdup(l->reason[0] ? l->reason
                                                   : g->reason);
}

/* The support of an entailed step: minimized from the smaller context
 * that entailed it, within G and without failed steps.  G is stamped. */
static void step_support(check *c, fc_step_result *sr,
                         const global_answer *ga, const fc_eval *l)
{
    /* entailed only with failed steps' help: the support names them */
    if (sr->global == FC_STATUS_ENTAILED && !sr->global_without_failed &&
        ga->g.used.len)
        set_support(c, sr, &ga->g.used, NULL);
    if (sr->global != FC_STATUS_ENTAILED || !sr->global_without_failed)
        return;
    bool local_ok = sr->local == FC_STATUS_ENTAILED;
    for (size_t i = 0; local_ok && i < l->core.len; i++)
        local_ok = stamped(c, l->core.data[i]) &&
                   !fc_ivec_contains(&c->failed, l->core.data[i]);
    fc_ivec lcand = {0};
    for (size_t i = 0; local_ok && i < l->used.len; i++)
        if (stamped(c, l->used.data[i]) &&
            !fc_ivec_contains(&c->failed, l->used.data[i]))
            fc_vec_push(&lcand, l->used.data[i]);
    /* a step that cites its parents, and follows from them, has its
     * support among them; otherwise the smaller of the two cores */
    bool cites = c->t->stmts.data[sr->stmt].has_by;
    const fc_ivec *cand =
        local_ok && (cites || !ga->have_core || lcand.len <= ga->cands.len)
            ? &lcand
        : ga->have_core ? &ga->cands
                        : NULL;
    /* a seed is good for a candidate set that holds it */
    bool have_seed = ga->have_seed;
    for (size_t i = 0; cand && have_seed && i < ga->seed.len; i++)
        have_seed = fc_ivec_contains(cand, ga->seed.data[i]);
    if (cand) {
        set_support(c, sr, cand, have_seed ? &ga->seed : NULL);
    } else {
        /* a core over all of G, without failed steps */
        fc_ivec clean = {0};
        without(&c->global_stmts, &c->failed, &clean);
        set_support(c, sr, &clean, NULL);
        fc_vec_free(&clean);
    }
    fc_vec_free(&lcand);
}

static void classify(check *c, size_t k)
{
    fc_classify_in in = {
        .t = c->t,
        .plan = c->plan,
        .solver = c->s,
        .explain = c->opts->explain,
        .global_stmts = &c->global_stmts,
        .local_stmts = &c->local_stmts,
        .failed = &c->failed,
        .contradicted = &c->contradicted,
    };
    fc_classify_step(&in, c->r, k);
}

/* The very formula of an earlier claim (hash-consed): redundant. */
static void find_redundant(check *c, int stmt, fc_step_result *sr)
{
    const fc_stmt *s = &c->t->stmts.data[stmt];
    for (int i = 0; i < stmt; i++) {
        const fc_stmt *o = &c->t->stmts.data[i];
        if ((o->kind == FC_ST_PREMISE || o->kind == FC_ST_STEP) &&
            o->formula == s->formula && !o->broken && !o->ill_sorted) {
            sr->redundant = true;
            sr->redundant_of = i;
            return;
        }
    }
}

static bool divides(const fc_node *n)
{
    if (n->kind == FC_DIV || n->kind == FC_MOD || n->kind == FC_IDIV)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (divides(n->args[i]))
            return true;
    return false;
}


/* A step that is no claim to check: ill-formed, or a definition.  True
 * when it was one. */
static bool check_special(check *c, size_t k, int stmt, fc_step_result *sr)
{
    const fc_stmt *s = &c->t->stmts.data[stmt];
    if (s->broken || s->ill_sorted || !fc_solver_has(c->s, stmt)) {
        sr->local = sr->global = FC_STATUS_ILL_FORMED;
        sr->in_global = false;
    } else if (c->plan->role[stmt] == FC_ROLE_DEFINITION) {
        sr->local = sr->global = FC_STATUS_DEFINITION;
        sr->in_global = true;
        fc_solver_hold(c->s, FC_HOLD_DEFINITION, stmt);
        /* the classifier looks for a divisor that G fixes to 0 */
        if (divides(s->formula))
            global_context(c, k, &c->global_stmts);
    } else {
        return false;
    }
    classify(c, k);
    return true;
}

/* Inconsistent premises entail every step, in its local context and in
 * G alike (both honest answers): coherence is about steps, so no step is
 * contradicted by them, and the trace is invalid through
 * inconsistent_premises.  The support is the premises at odds. */
static void inconsistent_premises(check *c, fc_step_result *sr)
{
    fc_result *r = c->r;
    if (r->premises_consistent || r->premises_unknown ||
        (sr->local == FC_STATUS_ENTAILED && sr->global == FC_STATUS_ENTAILED))
        return;
    /* a context that the relevance filter left without the premises at
     * odds, or a budget that ran out first */
    sr->local = sr->global = FC_STATUS_ENTAILED;
    sr->global_without_failed = true;
    free(sr->global_reason);
    free(sr->local_reason);
    sr->global_reason = sr->local_reason = NULL;
    if (!sr->support.len)
        for (size_t i = 0; i < r->inconsistent_core.len; i++)
            fc_vec_push(&sr->support, r->inconsistent_core.data[i]);
}

static void check_step(check *c, size_t k)
{
    int stmt = c->plan->steps.data[k];
    fc_step_result *sr = &c->r->steps.data[k];
    sr->stmt = stmt;
    sr->index = (int)k + 1;
    sr->redundant_of = -1;
    c->stmt_step[stmt] = (int)k;
    fc_reach_focus(c->reach, stmt, stmt);
    if (check_special(c, k, stmt, sr))
        return;
    /* a chain `c = t = v` with c fresh defines c, for itself and later */
    fc_solver_hold(c->s, FC_HOLD_IMPLICIT, stmt);
    find_redundant(c, stmt, sr);
    global_context(c, k, &c->global_stmts);
    fc_plan_local(c->plan, c->t, k, c->opts->window, &c->local_stmts);

    global_answer ga = {0};
    fc_eval l = {0};
    check_global(c, stmt, sr, &ga);
    check_local(c, stmt, sr, &ga, &l);
    step_support(c, sr, &ga, &l);
    fc_eval_free(&l);
    global_answer_free(&ga);

    inconsistent_premises(c, sr);
    keep(c, (int)k, "global", &c->global_stmts, stmt, stmt, sr->global);
    keep(c, (int)k, "local", &c->local_stmts, stmt, stmt, sr->local);
    sr->in_global = sr->global != FC_STATUS_CONTRADICTED;
    if (sr->global == FC_STATUS_UNKNOWN)
        c->g_sure = false;
    classify(c, k);
    bool failed = fc_step_failed(sr);
    if (failed)
        fc_vec_push(&c->failed, stmt);
    if (sr->global == FC_STATUS_CONTRADICTED)
        fc_vec_push(&c->contradicted, stmt);
    if (sr->in_global)
        fc_solver_hold(c->s, failed ? FC_HOLD_FAILED : FC_HOLD_STEP, stmt);
}

/* ---- the trace ---------------------------------------------------------- */

static void check_premises(check *c)
{
    fc_result *r = c->r;
    fc_eval e = {0};
    /* P is consistent when P does not entail ⊥ */
    fc_query q = {.ctx = &c->plan->premises, .own = -1, .all_defs = true,
                  .goal = -1, .entail = true, .contra = false};
    fc_solver_status(c->s, &q, &e);
    bool unsat = e.status == FC_STATUS_ENTAILED;
    bool unknown = e.status == FC_STATUS_UNKNOWN;
    r->premises_consistent = !unsat;
    r->premises_unknown = unknown;
    keep(c, -1, "premises", &c->plan->premises, -1, -1,
         unsat ? FC_STATUS_ENTAILED
         : unknown ? FC_STATUS_UNKNOWN : FC_STATUS_UNDETERMINED);
    c->g_sure = !unsat && !unknown;
    if (unsat) { /* a minimal set of premises at odds */
        fc_subset_query sq = {.own = -1, .goal = -1, .full = true};
        fc_solver_minimal_subset(c->s, &c->plan->premises, &sq,
                                 &r->inconsistent_core);
    }
    fc_eval_free(&e);
}

/* Steps proved from P and the definitions alone: entailed by G without
 * help from failed steps, with no error. */
static void proven_steps(check *c, fc_ivec *out)
{
    for (size_t k = 0; k < c->r->steps.len; k++) {
        fc_step_result *sr = &c->r->steps.data[k];
        if (sr->global == FC_STATUS_ENTAILED && sr->global_without_failed &&
            !fc_step_failed(sr) && fc_solver_has(c->s, sr->stmt))
            fc_vec_push(out, sr->stmt);
    }
}

/* P, the definitions, and (with_steps) the steps proved from them. */
static void premises_and_lemmas(check *c, bool with_steps, fc_ivec *out)
{
    for (size_t i = 0; i < c->plan->premises.len; i++)
        fc_vec_push(out, c->plan->premises.data[i]);
    fc_plan_definitions(c->plan, (int)c->t->stmts.len, out);
    if (with_steps)
        proven_steps(c, out);
}

/* When the solver could not show P consistent at the start, try again with
 * the steps proved since: a model of P with its consequences is a model of
 * P, and the facts help the solver build one. */
static void recheck_premises(check *c)
{
    fc_result *r = c->r;
    if (!r->premises_unknown)
        return;
    fc_reach_focus(c->reach, -1, (int)c->t->stmts.len);
    fc_ivec set = {0}, pd = {0};
    premises_and_lemmas(c, false, &pd);
    premises_and_lemmas(c, true, &set);
    if (set.len > pd.len) {
        fc_eval e = {0};
        fc_query q = {.ctx = &set, .own = -1, .all_defs = true, .goal = -1,
                      .entail = true, .contra = false};
        fc_solver_status(c->s, &q, &e);
        if (e.status == FC_STATUS_UNDETERMINED) {
            r->premises_unknown = false;
            r->premises_consistent = true;
        }
        fc_eval_free(&e);
    }
    fc_vec_free(&set);
    fc_vec_free(&pd);
}

/* G after the last step: P, the definitions and the steps that were not
 * contradicted. */
static void final_global(check *c, fc_ivec *out)
{
    fc_plan *p = c->plan;
    out->len = 0;
    for (size_t i = 0; i < p->premises.len; i++)
        fc_vec_push(out, p->premises.data[i]);
    for (size_t i = 0; i < c->t->stmts.len; i++)
        if (p->role[i] == FC_ROLE_DEFINITION && fc_solver_lit(c->s, (int)i) >= 0)
            fc_vec_push(out, (int)i);
    for (size_t k = 0; k < c->r->steps.len; k++) {
        fc_step_result *r = &c->r->steps.data[k];
        if (r->in_global && p->role[r->stmt] == FC_ROLE_STEP)
            fc_vec_push(out, r->stmt);
    }
}

/* The conclusion against P and the definitions.  The steps proved from
 * them are their consequences, so P with those steps entails exactly
 * what P entails; as lemmas they spare the solver the work of finding
 * the steps again, and the instantiations it may not find on its own. */
static void conclusion_status(check *c, int stmt, fc_eval *e)
{
    fc_ivec pd = {0}, lemmas = {0};
    premises_and_lemmas(c, false, &pd);
    premises_and_lemmas(c, true, &lemmas);
    status_in_context(c, &lemmas, stmt, -1, true, true, e);
    if (e->status == FC_STATUS_UNKNOWN && lemmas.len > pd.len) {
        fc_eval e2 = {0};
        status_in_context(c, &pd, stmt, -1, true, true, &e2);
        if (e2.status != FC_STATUS_UNKNOWN) {
            fc_eval_free(e);
            *e = e2;
        } else {
            fc_eval_free(&e2);
        }
    }
    fc_vec_free(&lemmas);
    fc_vec_free(&pd);
}

static bool bare_numeral(const fc_node *n)
{
    return n->kind == FC_NUM ||
           (n->kind == FC_NEG && n->args[0]->kind == FC_NUM);
}

/* A conclusion `answer = 72` that the steps do not reach: the value they
 * give answer, when they fix one (a program's wrong answer). */
static void conclusion_value(check *c, int stmt, const fc_ivec *gstmts)
{
    const fc_node *f = c->t->stmts.data[stmt].formula;
    if (f->kind != FC_EQ)
        return;
    const fc_node *term = f->args[0], *stated = f->args[1];
    if (bare_numeral(term)) {
        term = f->args[1];
        stated = f->args[0];
    }
    if (!bare_numeral(stated) || bare_numeral(term))
        return;
    fc_ivec lits = {0};
    fc_solver_lits(c->s, gstmts, &lits);
    char *v = fc_solver_exact_value(c->s, &lits, term);
    fc_vec_free(&lits);
    if (!v)
        return;
    c->r->concl.term = fc_node_str(c->t->ast, term);
    c->r->concl.stated = fc_node_str(c->t->ast, stated);
    c->r->concl.expected = v;
}

static void check_conclusion(check *c)
{
    fc_result *r = c->r;
    int stmt = c->plan->conclusion;
    r->concl.present = stmt >= 0;
    r->concl.stmt = stmt;
    if (stmt < 0)
        return;
    const fc_stmt *s = &c->t->stmts.data[stmt];
    if (s->broken || s->ill_sorted || !fc_solver_has(c->s, stmt)) {
        r->concl.status = r->concl.reached_status = FC_STATUS_ILL_FORMED;
        return;
    }
    if (out_of_time(c)) {
        r->concl.status = r->concl.reached_status = FC_STATUS_UNKNOWN;
        r->concl.reason = time_reason(c);
        return;
    }
    fc_reach_focus(c->reach, stmt, (int)c->t->stmts.len);
    fc_eval e = {0};
    conclusion_status(c, stmt, &e);
    r->concl.status = e.status == FC_STATUS_CONTRADICTED ? FC_STATUS_REFUTED
                                                         : e.status;
    if (e.status == FC_STATUS_UNKNOWN)
        r->concl.reason = fc_xstrdup(e.reason);
    keep_conclusion(c, stmt);
    /* reached: G after the last step */
    if (e.status == FC_STATUS_ENTAILED && c->g_sure) {
        r->concl.reached = true;
        r->concl.reached_status = FC_STATUS_ENTAILED;
    } else {
        fc_eval g = {0};
        fc_ivec gstmts = {0};
        final_global(c, &gstmts);
        status_global(c, &gstmts, stmt, false, true, false, &g);
        r->concl.reached = g.status == FC_STATUS_ENTAILED;
        r->concl.reached_status = g.status;
        /* asked for entailment only: not reached is no answer */
        if (g.status != FC_STATUS_UNDETERMINED)
            keep(c, -1, "reached", &gstmts, (int)c->t->stmts.len, stmt,
                 g.status);
        if (!r->concl.reached)
            conclusion_value(c, stmt, &gstmts);
        fc_vec_free(&gstmts);
        fc_eval_free(&g);
    }
    fc_eval_free(&e);
}

/* The statements that reach the conclusion: premises, definitions and
 * the steps that hold, minimized in statement order. */
static void conclusion_support(check *c)
{
    fc_result *r = c->r;
    int stmt = c->plan->conclusion;
    if (!r->concl.reached || stmt < 0 || !fc_solver_has(c->s, stmt))
        return;
    fc_ivec pool = {0}, rel = {0};
    premises_and_lemmas(c, true, &pool);
    fc_reach_relevant(c->reach, &pool, stmt, &rel);
    fc_reach_focus(c->reach, stmt, (int)c->t->stmts.len);
    fc_ivec found = {0};
    /* the relevant part first, within the probes' budget: the whole pool
     * follows when that does not do it */
    fc_subset_query q = {.own = -1, .goal = stmt, .negate = true,
                         .full = false};
    if (!fc_solver_minimal_subset(c->s, &rel, &q, &found)) {
        q.full = true;
        fc_solver_minimal_subset(c->s, &pool, &q, &found);
    }
    for (size_t i = 0; i < found.len; i++)
        if (c->plan->role[found.data[i]] != FC_ROLE_DEFINITION)
            fc_vec_push(&r->concl.support, found.data[i]);
    fc_vec_free(&found);
    fc_vec_free(&rel);
    fc_vec_free(&pool);
}

/* Is a premise behind the conclusion's support, directly or through the
 * supports of the steps in it? */
static void vacuous_conclusion(check *c)
{
    fc_result *r = c->r;
    if (!r->concl.reached)
        return;
    size_t n = c->t->stmts.len;
    bool *seen = fc_xcalloc(n ? n : 1, sizeof *seen);
    fc_ivec todo = {0};
    for (size_t i = 0; i < r->concl.support.len; i++)
        fc_vec_push(&todo, r->concl.support.data[i]);
    bool premise = false;
    while (todo.len && !premise) {
        int s = todo.data[--todo.len];
        if (s < 0 || (size_t)s >= n || seen[s])
            continue;
        seen[s] = true;
        premise = c->plan->role[s] == FC_ROLE_PREMISE;
        int k = c->stmt_step[s];
        if (k >= 0)
            for (size_t j = 0; j < r->steps.data[k].support.len; j++)
                fc_vec_push(&todo, r->steps.data[k].support.data[j]);
    }
    r->concl.vacuous = !premise;
    fc_vec_free(&todo);
    free(seen);
}

static void unused_premises(check *c)
{
    fc_result *r = c->r;
    for (size_t i = 0; i < c->plan->premises.len; i++) {
        int p = c->plan->premises.data[i];
        bool used = fc_ivec_contains(&r->concl.support, p);
        for (size_t k = 0; k < r->steps.len && !used; k++)
            used = fc_ivec_contains(&r->steps.data[k].support, p);
        /* a premise a statement cites is used, by the one who cites it */
        for (size_t i = 0; i < c->t->stmts.len && !used; i++) {
            const fc_stmt *s = &c->t->stmts.data[i];
            for (size_t j = 0; j < s->by.len && !used; j++)
                used = s->by.data[j].target == p;
        }
        if (!used)
            fc_vec_push(&r->unused_premises, p);
    }
}

static void verdicts(fc_result *r)
{
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
        if (fc_step_failed(sr))
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

/* ---- the run ------------------------------------------------------------ */

static void check_init(check *c, fc_checker *ck, const fc_trace *t,
                       fc_result *r)
{
    size_t n = t->stmts.len;
    memset(c, 0, sizeof *c);
    c->r = r;
    c->t = t;
    c->opts = &ck->opts;
    c->plan = fc_plan_new(t);
    c->s = fc_solver_new(ck->ctx, t, c->plan, &ck->opts);
    c->reach = fc_solver_reach(c->s);
    c->stmt_step = fc_xmalloc((n ? n : 1) * sizeof(int));
    for (size_t i = 0; i < n; i++)
        c->stmt_step[i] = -1;
    c->stamp = fc_xcalloc(n ? n : 1, sizeof(uint32_t));
    fc_step_result zero = {0};
    for (size_t k = 0; k < c->plan->steps.len; k++)
        fc_vec_push(&r->steps, zero);
}

static void check_release(check *c)
{
    fc_solver_free(c->s);
    fc_plan_free(c->plan);
    free(c->stmt_step);
    free(c->stamp);
    fc_vec_free(&c->failed);
    fc_vec_free(&c->contradicted);
    fc_vec_free(&c->local_stmts);
    fc_vec_free(&c->global_stmts);
}

/* The steps in order; explicit definitions join G as the trace reaches
 * them. */
/* A step not checked: the trace's time ran out before it. */
static void step_out_of_time(check *c, size_t k)
{
    int stmt = c->plan->steps.data[k];
    fc_step_result *sr = &c->r->steps.data[k];
    sr->stmt = stmt;
    sr->index = (int)k + 1;
    sr->redundant_of = -1;
    c->stmt_step[stmt] = (int)k;
    /* ill-formed steps and definitions need no solver */
    if (check_special(c, k, stmt, sr))
        return;
    sr->local = sr->global = FC_STATUS_UNKNOWN;
    sr->local_reason = time_reason(c);
    sr->global_reason = time_reason(c);
    sr->in_global = false;
    c->g_sure = false;
    classify(c, k);
    fc_vec_push(&c->failed, stmt);
}

static void check_steps(check *c)
{
    size_t n = c->t->stmts.len, next_def = 0;
    /* a run that wanted Z3 is done with: it will be run again */
    for (size_t k = 0; k <= c->plan->steps.len && !fc_solver_deferred(c->s);
         k++) {
        size_t upto = k < c->plan->steps.len
                          ? (size_t)c->plan->steps.data[k] : n;
        for (; next_def < upto; next_def++)
            if (c->t->stmts.data[next_def].kind == FC_ST_DEFINE)
                fc_solver_hold(c->s, FC_HOLD_DEFINITION, (int)next_def);
        if (k < c->plan->steps.len && out_of_time(c))
            step_out_of_time(c, k);
        else if (k < c->plan->steps.len)
            check_step(c, k);
    }
}

/* One run of the checks; false when the solver deferred a check on Z3
 * (fc_solver_deferred), and r is then incomplete. */
static bool check_run(fc_checker *ck, const fc_trace *t, fc_result *r,
                      uint64_t t0)
{
    check c;
    check_init(&c, ck, t, r);
    if (ck->opts.trace_timeout_ms)
        c.deadline_us = t0 + (uint64_t)ck->opts.trace_timeout_ms * 1000u;
    if (t->derivation) {
        fc_derivation_check(t, c.plan, c.s, &ck->opts, r);
        goto done;
    }
    fc_solver_hold(c.s, FC_HOLD_PREMISES, -1);
    /* in order; a run that wanted Z3 stops (it will be run again) */
    void (*const stages[])(check *) = {
        check_premises,   check_steps,        recheck_premises,
        check_conclusion, conclusion_support, vacuous_conclusion,
        unused_premises,
    };
    for (size_t i = 0; i < sizeof stages / sizeof *stages; i++)
        if (!fc_solver_deferred(c.s))
            stages[i](&c);
    fc_classify_trace(t, r);
    verdicts(r);
done:
    if (fc_solver_deferred(c.s)) {
        check_release(&c);
        return false;
    }
    if (ck->opts.keep_obligations)
        fc_solver_obligations_smtlib(c.s, r);
    r->queries = fc_solver_queries(c.s);
    r->solver_us = fc_solver_us(c.s);
    check_release(&c);
    return true;
}

static fc_result *new_result(const fc_checker *ck, const fc_trace *t)
{
    fc_result *r = fc_xcalloc(1, sizeof *r);
    r->t = t;
    r->opts = ck->opts;
    r->checked = fc_trace_checkable(t);
    return r;
}

fc_result *fc_checker_run(fc_checker *ck, const fc_trace *t)
{
    fc_result *r = new_result(ck, t);
    uint64_t t0 = fc_now_us();
    if (!r->checked)
        return r;
    if (ck->opts.trace_timeout_ms)
        fc_solver_deadline(ck->ctx, t0 + (uint64_t)ck->opts.trace_timeout_ms *
                                             1000u);
    if (!check_run(ck, t, r, t0)) {
        /* the same checks again, with Z3, on a fresh context */
        fc_result_free(r);
        r = new_result(ck, t);
        fc_solver_context_fresh(ck->ctx);
        check_run(ck, t, r, t0);
    }
    if (ck->opts.trace_timeout_ms)
        fc_solver_deadline(ck->ctx, 0);
    r->total_us = fc_now_us() - t0;
    /* the second prover's time is its own (each answer has its ms) */
    if (ck->opts.cross_check)
        fc_cross_check(r, ck->opts.cross_check,
                       ck->opts.cross_check_timeout_ms);
    return r;
}
