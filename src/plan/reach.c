#include "plan/reach.h"

#include <stdlib.h>
#include <string.h>

struct fc_reach {
    const fc_trace *t;
    const fc_plan *plan;
    fc_ivec *syms;          /* by statement: its symbols' ids */
    bool *usable;           /* by statement: implicit definition usable */
    uint32_t *sym_stamp;    /* by symbol id: relevance scratch */
    uint32_t sym_now;
    int focus, upto;
};

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

fc_reach *fc_reach_new(const fc_trace *t, const fc_plan *p)
{
    size_t n = t->stmts.len;
    fc_reach *r = fc_xcalloc(1, sizeof *r);
    r->t = t;
    r->plan = p;
    r->syms = fc_xcalloc(n ? n : 1, sizeof(fc_ivec));
    r->usable = fc_xcalloc(n ? n : 1, sizeof(bool));
    r->sym_stamp = fc_xcalloc(fc_ast_sym_count(t->ast) + 1, sizeof(uint32_t));
    r->focus = -1;
    return r;
}

void fc_reach_free(fc_reach *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->t->stmts.len; i++)
        fc_vec_free(&r->syms[i]);
    free(r->syms);
    free(r->usable);
    free(r->sym_stamp);
    free(r);
}

void fc_reach_usable(fc_reach *r, int stmt, bool def)
{
    fc_vec_free(&r->syms[stmt]);
    collect_syms(r->t->stmts.data[stmt].formula, &r->syms[stmt]);
    r->usable[stmt] = def;
}

void fc_reach_focus(fc_reach *r, int focus, int upto)
{
    r->focus = focus;
    r->upto = upto;
}

static void next_stamp(fc_reach *r)
{
    if (++r->sym_now == 0) {
        memset(r->sym_stamp, 0,
               fc_ast_sym_count(r->t->ast) * sizeof(uint32_t));
        r->sym_now = 1;
    }
}

void fc_reach_relevant(fc_reach *r, const fc_ivec *pool, int stmt,
                       fc_ivec *out)
{
    out->len = 0;
    next_stamp(r);
    const fc_ivec *mine = &r->syms[stmt];
    for (size_t i = 0; i < mine->len; i++)
        r->sym_stamp[mine->data[i]] = r->sym_now;
    for (size_t i = 0; i < pool->len; i++) {
        const fc_ivec *theirs = &r->syms[pool->data[i]];
        for (size_t k = 0; k < theirs->len; k++)
            if (r->sym_stamp[theirs->data[k]] == r->sym_now) {
                fc_vec_push(out, pool->data[i]);
                break;
            }
    }
}

/* Stamps the symbols of the focus and of the statements ctx. */
static void mark_syms(fc_reach *r, const fc_ivec *ctx)
{
    next_stamp(r);
    if (r->focus >= 0)
        for (size_t i = 0; i < r->syms[r->focus].len; i++)
            r->sym_stamp[r->syms[r->focus].data[i]] = r->sym_now;
    for (size_t k = 0; ctx && k < ctx->len; k++) {
        const fc_ivec *y = &r->syms[ctx->data[k]];
        for (size_t i = 0; i < y->len; i++)
            r->sym_stamp[y->data[i]] = r->sym_now;
    }
}

/* Step j (before upto) has an implicit definition that queries may use:
 * not the focus's own, which is passed separately. */
static bool def_in_reach(const fc_reach *r, int j)
{
    return r->plan->implicit_def[j] && j != r->focus && r->usable[j];
}

/* Is the constant that step j defines among the stamped symbols? */
static bool def_marked(const fc_reach *r, int j)
{
    return r->sym_stamp[r->plan->implicit_def[j]->args[0]->sym->id] ==
           r->sym_now;
}

void fc_reach_defs(fc_reach *r, const fc_ivec *ctx, bool all, fc_ivec *out)
{
    if (!all)
        mark_syms(r, ctx);
    for (int j = 0; j < r->upto; j++)
        if (def_in_reach(r, j) && (all || def_marked(r, j)))
            fc_vec_push(out, j);
}

bool fc_reach_defs_left_out(fc_reach *r, const fc_ivec *ctx)
{
    mark_syms(r, ctx);
    for (int j = 0; j < r->upto; j++)
        if (def_in_reach(r, j) && !def_marked(r, j))
            return true;
    return false;
}
