#include "plan/planner.h"

#include <stdlib.h>
#include <string.h>

static void mark_uses(fc_plan *p, const fc_node *n, int stmt)
{
    if ((n->kind == FC_APP) && n->sym->id < p->nsyms &&
        p->first_use[n->sym->id] < 0)
        p->first_use[n->sym->id] = stmt;
    for (size_t i = 0; i < n->nargs; i++)
        mark_uses(p, n->args[i], stmt);
}

static bool only_known(const fc_plan *p, const fc_node *n, int stmt)
{
    if (n->kind == FC_APP &&
        (n->sym->id >= p->nsyms || p->first_use[n->sym->id] < 0 ||
         p->first_use[n->sym->id] >= stmt))
        return false;
    for (size_t i = 0; i < n->nargs; i++)
        if (!only_known(p, n->args[i], stmt))
            return false;
    return true;
}

static bool bare_numeral(const fc_node *n)
{
    return n->kind == FC_NUM ||
           (n->kind == FC_NEG && n->args[0]->kind == FC_NUM);
}

/* `c = t` with c a constant nobody mentioned before and t made of known
 * symbols, not a bare numeral. */
static bool defines_fresh(const fc_plan *p, const fc_node *eq, int stmt)
{
    if (eq->kind != FC_EQ)
        return false;
    const fc_node *c = eq->args[0], *t = eq->args[1];
    if (c->kind != FC_APP || c->nargs != 0 || bare_numeral(t))
        return false;
    if (c->sym->id < p->nsyms && p->first_use[c->sym->id] >= 0 &&
        p->first_use[c->sym->id] < stmt)
        return false;
    return only_known(p, t, stmt);
}

/* A chain `c = t = v ...` as the parser writes it: a conjunction of
 * comparisons, each starting with the term the one before it ended with
 * (terms are hash-consed, so the same pointer).  A conjunction that merely
 * starts with `c = t` is a claim about c, not a definition of it. */
static bool is_chain(const fc_node *f)
{
    if (f->kind != FC_AND || f->nargs < 2)
        return false;
    for (size_t i = 0; i < f->nargs; i++) {
        const fc_node *l = f->args[i];
        if (l->nargs != 2 || !(l->kind == FC_EQ || l->kind == FC_NE ||
                               l->kind == FC_LT || l->kind == FC_LE ||
                               l->kind == FC_GT || l->kind == FC_GE))
            return false;
        if (i > 0 && l->args[0] != f->args[i - 1]->args[1])
            return false;
    }
    return true;
}

fc_plan *fc_plan_new(const fc_trace *t)
{
    fc_plan *p = fc_xcalloc(1, sizeof *p);
    size_t n = t->stmts.len;
    p->role = fc_xcalloc(n ? n : 1, sizeof *p->role);
    p->implicit_def = fc_xcalloc(n ? n : 1, sizeof *p->implicit_def);
    p->nsyms = fc_ast_sym_count(t->ast);
    p->first_use = fc_xmalloc((p->nsyms ? p->nsyms : 1) * sizeof(int));
    for (size_t i = 0; i < p->nsyms; i++)
        p->first_use[i] = -1;
    p->conclusion = -1;
    for (size_t i = 0; i < n; i++) {
        const fc_stmt *s = &t->stmts.data[i];
        int si = (int)i;
        bool ok = !s->broken && !s->ill_sorted;
        switch (s->kind) {
        case FC_ST_PREMISE:
            p->role[i] = FC_ROLE_PREMISE;
            if (ok)
                fc_vec_push(&p->premises, si);
            break;
        case FC_ST_STEP:
            p->role[i] = FC_ROLE_STEP;
            /* a derivation's inferences claim what they say: `c = t`
             * there is checked, never taken for a definition */
            if (t->derivation)
                ;
            else if (ok && defines_fresh(p, s->formula, si))
                p->role[i] = FC_ROLE_DEFINITION;
            else if (ok && is_chain(s->formula) &&
                     defines_fresh(p, s->formula->args[0], si))
                p->implicit_def[i] = s->formula->args[0];
            fc_vec_push(&p->steps, si);
            break;
        case FC_ST_DEFINE:
            p->role[i] = FC_ROLE_DEFINITION;
            break;
        case FC_ST_CONCLUDE:
            p->role[i] = FC_ROLE_CONCLUSION;
            p->conclusion = si;
            break;
        case FC_ST_CONST:
        case FC_ST_PRED:
        case FC_ST_FUN:
            for (size_t k = 0; k < s->names.len; k++) {
                fc_sym *y = s->names.data[k];
                if (y->id < p->nsyms && p->first_use[y->id] < 0)
                    p->first_use[y->id] = si;
            }
            break;
        default:
            break;
        }
        if (s->formula && ok)
            mark_uses(p, s->formula, si);
    }
    return p;
}

void fc_plan_free(fc_plan *p)
{
    if (!p)
        return;
    free(p->role);
    free(p->implicit_def);
    free(p->first_use);
    fc_vec_free(&p->premises);
    fc_vec_free(&p->steps);
    free(p);
}

void fc_plan_definitions(const fc_plan *p, int before, fc_ivec *out)
{
    for (int i = 0; i < before; i++)
        if (p->role[i] == FC_ROLE_DEFINITION)
            fc_vec_push(out, i);
}

void fc_plan_local(const fc_plan *p, const fc_trace *t, size_t k, int window,
                   fc_ivec *out)
{
    int stmt = p->steps.data[k];
    const fc_stmt *s = &t->stmts.data[stmt];
    out->len = 0;
    if (s->has_by) {
        for (size_t i = 0; i < s->by.len; i++)
            if (s->by.data[i].target >= 0 &&
                !fc_ivec_contains(out, s->by.data[i].target))
                fc_vec_push(out, s->by.data[i].target);
    } else {
        for (size_t i = 0; i < p->premises.len; i++)
            fc_vec_push(out, p->premises.data[i]);
        /* the previous `window` steps that are claims */
        size_t taken = 0;
        size_t first = k;
        while (first > 0 && (window < 0 || taken < (size_t)window)) {
            first--;
            if (p->role[p->steps.data[first]] == FC_ROLE_STEP)
                taken++;
        }
        for (size_t j = first; j < k; j++)
            if (p->role[p->steps.data[j]] == FC_ROLE_STEP)
                fc_vec_push(out, p->steps.data[j]);
    }
    /* definitions made before the step belong to every context */
    for (int i = 0; i < stmt; i++)
        if (p->role[i] == FC_ROLE_DEFINITION && !fc_ivec_contains(out, i))
            fc_vec_push(out, i);
}

static void fresh_rec(const fc_plan *p, const fc_node *n, int stmt,
                      fc_symvec *out)
{
    if (n->kind == FC_APP) {
        bool fresh = n->sym->id >= p->nsyms || p->first_use[n->sym->id] < 0 ||
                     p->first_use[n->sym->id] >= stmt;
        if (fresh) {
            bool seen = false;
            for (size_t i = 0; i < out->len; i++)
                seen |= out->data[i] == n->sym;
            if (!seen)
                fc_vec_push(out, n->sym);
        }
    }
    for (size_t i = 0; i < n->nargs; i++)
        fresh_rec(p, n->args[i], stmt, out);
}

void fc_plan_fresh_symbols(const fc_plan *p, const fc_node *n, int stmt,
                           fc_symvec *out)
{
    fresh_rec(p, n, stmt, out);
}
