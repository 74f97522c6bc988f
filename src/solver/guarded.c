/* The guarded implementation: every statement sits behind a literal of
 * the session's guarded solver for the whole trace, and a query switches
 * on the ones it needs, so nothing is asserted or retracted per query. */
#include "solver/guarded.h"

#include <stdio.h>
#include <stdlib.h>

#include "solver/z3minimize.h"

/* The literals of a query: the context's (nctx of them), then the
 * definitions in reach and the focus's own. */
static void query_lits(fc_solver *s, const fc_query *q, const fc_eval *e,
                       fc_ivec *lits)
{
    fc_ivec defs = {0};
    for (size_t i = 0; i < e->used.len; i++)
        fc_vec_push(lits, s->stmt_lit[e->used.data[i]]);
    fc_reach_defs(s->reach, q->ctx, q->all_defs, &defs);
    for (size_t i = 0; i < defs.len; i++)
        fc_vec_push(lits, s->def_lit[defs.data[i]]);
    fc_vec_free(&defs);
    if (q->own >= 0 && s->def_lit[q->own] >= 0)
        fc_vec_push(lits, s->def_lit[q->own]);
}

/* The core's statements into e->core, and whether it used a definition
 * other than the focus's own. */
static void core_stmts(fc_solver *s, const fc_query *q, const fc_ivec *lits,
                       size_t nctx, const fc_ivec *core, fc_eval *e)
{
    e->core_defs = false;
    for (size_t k = 0; k < core->len; k++) {
        bool found = false;
        for (size_t i = 0; i < nctx && !found; i++)
            if (lits->data[i] == core->data[k]) {
                fc_vec_push(&e->core, e->used.data[i]);
                found = true;
            }
        for (size_t i = nctx; i < lits->len && !found; i++)
            if (lits->data[i] == core->data[k])
                e->core_defs |= q->own < 0 ||
                                lits->data[i] != s->def_lit[q->own];
    }
}

static void guarded_status(fc_solver *s, const fc_query *q, fc_eval *e)
{
    fc_ivec lits = {0};
    query_lits(s, q, e, &lits);
    size_t nctx = e->used.len;
    fc_answer a1 = FC_SAT, a2 = FC_SAT;
    fc_query_result r = {0};
    bool was = fc_z3_probe(s->z, q->budget);
    if (q->entail) {
        int neg = q->goal >= 0 ? fc_session_neg_lit(s, q->goal) : -1;
        fc_session_check(s, &lits, neg, true, false, &r);
        a1 = r.answer;
        if (a1 == FC_UNKNOWN)
            snprintf(e->reason, sizeof e->reason, "%s", r.reason);
    }
    if (a1 != FC_UNSAT && q->contra && q->goal >= 0) {
        fc_session_check(s, &lits, s->stmt_lit[q->goal], true, false, &r);
        a2 = r.answer;
        if (a2 == FC_UNKNOWN && !e->reason[0])
            snprintf(e->reason, sizeof e->reason, "%s", r.reason);
    }
    fc_z3_probe(s->z, was);
    if (a1 == FC_UNSAT || a2 == FC_UNSAT) {
        e->status = a1 == FC_UNSAT ? FC_STATUS_ENTAILED
                                   : FC_STATUS_CONTRADICTED;
        e->reason[0] = '\0';
        core_stmts(s, q, &lits, nctx, &r.core, e);
    } else {
        e->status = a1 == FC_UNKNOWN || a2 == FC_UNKNOWN
                        ? FC_STATUS_UNKNOWN
                        : FC_STATUS_UNDETERMINED;
    }
    fc_query_result_free(&r);
    fc_vec_free(&lits);
}

static void without(const fc_ivec *a, const fc_ivec *drop, fc_ivec *out)
{
    out->len = 0;
    for (size_t i = 0; i < a->len; i++)
        if (!fc_ivec_contains(drop, a->data[i]))
            fc_vec_push(out, a->data[i]);
}

/* G is a context like any other here: the failed steps are left out of
 * it, or a core that holds one says that it helped. */
static void guarded_global(fc_solver *s, const fc_global_query *q,
                           fc_eval *e)
{
    fc_ivec clean = {0};
    if (q->without_failed)
        without(q->gstmts, q->failed, &clean);
    fc_query sq = {
        .ctx = q->without_failed ? &clean : q->gstmts,
        .own = q->goal,
        .all_defs = true,
        .goal = q->goal,
        .entail = q->entail,
        .contra = q->contra,
    };
    fc_session_begin(s, &sq, e, false);
    guarded_status(s, &sq, e);
    e->helped = false;
    for (size_t i = 0; !q->without_failed &&
                       e->status == FC_STATUS_ENTAILED && i < e->core.len;
         i++)
        e->helped |= fc_ivec_contains(q->failed, e->core.data[i]);
    e->core.len = 0;
    e->used.len = 0;
    fc_vec_free(&clean);
}

/* The fixed part of a minimization as literals, with the definitions of
 * the symbols of cands (all of them when all). */
static void fixed_lits(fc_solver *s, const fc_subset_query *q,
                       const fc_ivec *cands, bool all, fc_ivec *out)
{
    out->len = 0;
    if (q->own >= 0 && s->def_lit[q->own] >= 0)
        fc_vec_push(out, s->def_lit[q->own]);
    if (q->goal >= 0) {
        int l = q->negate ? fc_session_neg_lit(s, q->goal)
                          : s->stmt_lit[q->goal];
        if (l >= 0)
            fc_vec_push(out, l);
    }
    for (size_t i = 0; q->given && i < q->given->len; i++)
        if (s->stmt_lit[q->given->data[i]] >= 0)
            fc_vec_push(out, s->stmt_lit[q->given->data[i]]);
    fc_ivec defs = {0};
    fc_reach_defs(s->reach, cands, all, &defs);
    for (size_t i = 0; i < defs.len; i++)
        fc_vec_push(out, s->def_lit[defs.data[i]]);
    fc_vec_free(&defs);
}

/* A known core as positions in sorted; false when a member is neither
 * there nor given. */
static bool seed_positions(const fc_subset_query *q, const fc_ivec *sorted,
                           const fc_ivec *seed, fc_ivec *at)
{
    for (size_t k = 0; k < seed->len; k++) {
        int st = seed->data[k];
        bool found = false;
        for (size_t i = 0; i < sorted->len && !found; i++)
            if (sorted->data[i] == st) {
                fc_vec_push(at, (int)i);
                found = true;
            }
        if (!found && !(q->given && fc_ivec_contains(q->given, st)))
            return false;
    }
    return true;
}

static bool guarded_minimize(fc_solver *s, const fc_subset_query *q,
                             const fc_ivec *sorted, const fc_ivec *seed,
                             bool all, fc_ivec *keep)
{
    fc_ivec given = {0}, lits = {0}, at = {0};
    fixed_lits(s, q, sorted, all, &given);
    for (size_t i = 0; i < sorted->len; i++)
        fc_vec_push(&lits, s->stmt_lit[sorted->data[i]]);
    bool seeded = seed && seed_positions(q, sorted, seed, &at);
    bool ok = fc_z3_minimize_lits(s->z, given.data, given.len, lits.data,
                                  lits.len, seeded ? &at : NULL, keep);
    fc_vec_free(&given);
    fc_vec_free(&lits);
    fc_vec_free(&at);
    return ok;
}

static bool guarded_unsat(fc_solver *s, const fc_subset_query *q,
                          const fc_ivec *sorted)
{
    fc_ivec lits = {0};
    fixed_lits(s, q, sorted, true, &lits);
    for (size_t i = 0; i < sorted->len; i++)
        fc_vec_push(&lits, s->stmt_lit[sorted->data[i]]);
    fc_query_result r = {0};
    fc_session_check(s, &lits, -1, false, false, &r);
    bool ok = r.answer == FC_UNSAT;
    fc_query_result_free(&r);
    fc_vec_free(&lits);
    return ok;
}

/* Nothing is held for good: every query names its statements. */
static void guarded_hold(fc_solver *s, fc_hold what, int stmt)
{
    (void)s;
    (void)what;
    (void)stmt;
}

const solver_impl fc_guarded_impl = {
    .status = guarded_status,
    .global = guarded_global,
    .minimize = guarded_minimize,
    .unsat = guarded_unsat,
    .hold = guarded_hold,
};
