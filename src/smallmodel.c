#include "smallmodel.h"

#include <stdlib.h>
#include <string.h>

#include "sorts.h"

/* Formulas deeper than this are left to the solver (the walk recurses). */
#define MAX_DEPTH 1000

enum { UNSEEN, INSIDE, OUTSIDE };
enum { F = 0, T = 1, U = 2 };   /* three-valued truth */

struct fc_small {
    fc_trace *t;
    uint8_t *frag;          /* by node id: UNSEEN, INSIDE, OUTSIDE */
    int32_t *fidx;          /* by node id: predicates' func index */
    size_t nnodes;
    int *slot;              /* by func index: variable of this query */
    uint32_t *slot_stamp;   /* by func index */
    size_t nfuncs;
    uint32_t stamp;
    FC_VEC(int8_t) val;     /* by variable: F, T, or -1 unassigned */
    /* the variables of formula i: vars[start[i] .. start[i + 1]) */
    fc_ivec vars, start;
    uint32_t *var_stamp;    /* by variable: formula last scanned */
    size_t var_cap;
    uint8_t *done;          /* by formula: true under the assignment */
    size_t done_cap;
};

fc_small *fc_small_new(fc_trace *t)
{
    fc_small *m = fc_xcalloc(1, sizeof *m);
    m->t = t;
    return m;
}

void fc_small_free(fc_small *m)
{
    if (!m)
        return;
    free(m->frag);
    free(m->fidx);
    fc_vec_free(&m->vars);
    fc_vec_free(&m->start);
    free(m->var_stamp);
    free(m->done);
    free(m->slot);
    free(m->slot_stamp);
    fc_vec_free(&m->val);
    free(m);
}

/* The per-node and per-symbol tables cover nodes and symbols made since
 * the last query (the classifier builds formulas as it goes). */
static void grow(fc_small *m)
{
    size_t nn = fc_ast_node_count(m->t->ast) + 1;
    if (nn > m->nnodes) {
        m->frag = fc_xrealloc(m->frag, nn);
        memset(m->frag + m->nnodes, UNSEEN, nn - m->nnodes);
        m->fidx = fc_xrealloc(m->fidx, nn * sizeof(int32_t));
        m->nnodes = nn;
    }
    size_t nf = m->t->sorting->funcs.len + 1;
    if (nf > m->nfuncs) {
        m->slot = fc_xrealloc(m->slot, nf * sizeof(int));
        m->slot_stamp = fc_xrealloc(m->slot_stamp, nf * sizeof(uint32_t));
        memset(m->slot_stamp + m->nfuncs, 0,
               (nf - m->nfuncs) * sizeof(uint32_t));
        m->nfuncs = nf;
    }
}

static uint32_t sort_of(fc_small *m, const fc_node *n)
{
    return fc_sort_of(m->t->sorting, m->t->ast, n);
}

/* A sort whose universe may be a single element: not Bool, not numbers. */
static bool individual(uint32_t sort)
{
    return sort == FC_SORT_OBJECT || sort >= FC_SORT_FIRST_USER;
}

static int func_index(fc_small *m, const fc_node *n)
{
    fc_func *f = fc_func_of(m->t->sorting, m->t->ast, n);
    return f ? (int)(f - m->t->sorting->funcs.data) : -1;
}

/* Is n, a term of an individual sort, in the fragment? */
static bool term_inside(fc_small *m, const fc_node *n)
{
    if (m->frag[n->id] != UNSEEN)
        return m->frag[n->id] == INSIDE;
    bool in = individual(sort_of(m, n)) &&
              (n->kind == FC_VAR ||
               (n->kind == FC_APP && func_index(m, n) >= 0));
    for (size_t i = 0; in && n->kind == FC_APP && i < n->nargs; i++)
        in = term_inside(m, n->args[i]);
    m->frag[n->id] = in ? INSIDE : OUTSIDE;
    return in;
}

/* Is n, a formula, in the fragment? */
static bool formula_inside(fc_small *m, const fc_node *n)
{
    if (m->frag[n->id] != UNSEEN)
        return m->frag[n->id] == INSIDE;
    bool in = n->depth <= MAX_DEPTH && sort_of(m, n) == FC_SORT_BOOL;
    if (in) {
        switch (n->kind) {
        case FC_TRUE:
        case FC_FALSE:
            break;
        case FC_APP:
            /* a predicate: one truth value for the one tuple of elements */
            m->fidx[n->id] = func_index(m, n);
            in = m->fidx[n->id] >= 0;
            for (size_t i = 0; in && i < n->nargs; i++)
                in = term_inside(m, n->args[i]);
            break;
        case FC_EQ:
        case FC_NE: {
            uint32_t s = sort_of(m, n->args[0]);
            for (size_t i = 0; in && i < n->nargs; i++) {
                in = sort_of(m, n->args[i]) == s;
                if (in)
                    in = s == FC_SORT_BOOL ? formula_inside(m, n->args[i])
                                           : term_inside(m, n->args[i]);
            }
            in = in && (s == FC_SORT_BOOL || n->nargs == 2);
            break;
        }
        case FC_NOT:
        case FC_AND:
        case FC_OR:
        case FC_XOR:
        case FC_IMPLIES:
        case FC_IFF:
            for (size_t i = 0; in && i < n->nargs; i++)
                in = formula_inside(m, n->args[i]);
            break;
        case FC_FORALL:
        case FC_EXISTS:
            in = individual(sort_of(m, fc_quant_var(m->t->ast, n))) &&
                 formula_inside(m, n->args[0]);
            break;
        default:    /* arithmetic, a Boolean variable */
            in = false;
            break;
        }
    }
    m->frag[n->id] = in ? INSIDE : OUTSIDE;
    return in;
}

/* Gives each predicate symbol of n a variable of this query, and lists
 * the variables of formula `form`. */
static void scan(fc_small *m, const fc_node *n, uint32_t form)
{
    if (n->kind == FC_APP) {
        int f = m->fidx[n->id];
        if (m->slot_stamp[f] != m->stamp) {
            m->slot_stamp[f] = m->stamp;
            m->slot[f] = (int)m->val.len;
            fc_vec_push(&m->val, (int8_t)-1);
            if (m->val.len > m->var_cap) {
                m->var_cap = m->val.len * 2;
                m->var_stamp = fc_xrealloc(m->var_stamp,
                                           m->var_cap * sizeof(uint32_t));
            }
            m->var_stamp[m->slot[f]] = 0;
        }
        int v = m->slot[f];
        if (m->var_stamp[v] != form + 1) {
            m->var_stamp[v] = form + 1;
            fc_vec_push(&m->vars, v);
        }
        return;
    }
    for (size_t i = 0; i < n->nargs; i++)
        if (sort_of(m, n->args[i]) == FC_SORT_BOOL)
            scan(m, n->args[i], form);
}

static int not3(int v) { return v == U ? U : !v; }

/* The value of formula n under the partial assignment. */
static int eval(fc_small *m, const fc_node *n)
{
    switch (n->kind) {
    case FC_TRUE:
        return T;
    case FC_FALSE:
        return F;
    case FC_APP: {
        int8_t v = m->val.data[m->slot[m->fidx[n->id]]];
        return v < 0 ? U : v;
    }
    case FC_EQ:
    case FC_NE: {
        int r = T;
        if (sort_of(m, n->args[0]) == FC_SORT_BOOL) {
            int first = eval(m, n->args[0]);
            for (size_t i = 1; i < n->nargs && r != U; i++) {
                int v = eval(m, n->args[i]);
                r = first == U || v == U ? U : first == v ? r : F;
            }
        }
        /* terms of an individual sort all denote the one element */
        return n->kind == FC_EQ ? r : not3(r);
    }
    case FC_NOT:
        return not3(eval(m, n->args[0]));
    case FC_AND: {
        int r = T;
        for (size_t i = 0; i < n->nargs; i++) {
            int v = eval(m, n->args[i]);
            if (v == F)
                return F;
            if (v == U)
                r = U;
        }
        return r;
    }
    case FC_OR: {
        int r = F;
        for (size_t i = 0; i < n->nargs; i++) {
            int v = eval(m, n->args[i]);
            if (v == T)
                return T;
            if (v == U)
                r = U;
        }
        return r;
    }
    case FC_XOR:
    case FC_IFF: {
        int r = n->kind == FC_XOR ? F : T;
        for (size_t i = 0; i < n->nargs; i++) {
            int v = eval(m, n->args[i]);
            if (v == U)
                return U;
            if (n->kind == FC_XOR)
                r ^= v;
            else if (i)
                r = r && v == eval(m, n->args[0]);
        }
        return r;
    }
    case FC_IMPLIES: {
        int a = eval(m, n->args[0]), b = eval(m, n->args[1]);
        if (a == F || b == T)
            return T;
        return a == T && b == F ? F : U;
    }
    case FC_FORALL:
    case FC_EXISTS:
        /* over one element, both quantifiers are the body */
        return eval(m, n->args[0]);
    default:
        return U;   /* not reached: formula_inside filters */
    }
}

static int eval_form(fc_small *m, const fc_node *const *forms,
                     const bool *neg, size_t i)
{
    int v = eval(m, forms[i]);
    return neg && neg[i] ? not3(v) : v;
}

/* Unit propagation on formulas: a variable that makes an undecided formula
 * false with one value gets the other.  false on a conflict. */
static bool propagate(fc_small *m, const fc_node *const *forms,
                      const bool *neg, size_t n)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < n; i++) {
            if (m->done[i])
                continue;
            int v = eval_form(m, forms, neg, i);
            if (v == F)
                return false;
            if (v == T) {
                m->done[i] = 1;
                continue;
            }
            for (int k = m->start.data[i]; k < m->start.data[i + 1]; k++) {
                int x = m->vars.data[k];
                if (m->val.data[x] >= 0)
                    continue;
                m->val.data[x] = F;
                int e0 = eval_form(m, forms, neg, i);
                m->val.data[x] = T;
                int e1 = eval_form(m, forms, neg, i);
                m->val.data[x] = -1;
                if (e0 == F && e1 == F)
                    return false;
                if (e0 == F || e1 == F) {
                    m->val.data[x] = e0 == F ? T : F;
                    changed = true;
                    break;
                }
            }
        }
    }
    return true;
}

/* Nodes of the search one query may visit before the answer is "no". */
#define SEARCH_NODES 64

/* The formulas all true under the (total) assignment? */
static bool all_true(fc_small *m, const fc_node *const *forms,
                     const bool *neg, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (eval_form(m, forms, neg, i) != T)
            return false;
    return true;
}

/* Propagation, then a decision on the first open variable, value b first,
 * and so on (DPLL): 1 when a model was found, 0 when there is none, -1
 * when the search ran out of nodes. */
static int dpll(fc_small *m, const fc_node *const *forms, const bool *neg,
                size_t n, int8_t b, int *nodes)
{
    if (--*nodes < 0)
        return -1;
    if (!propagate(m, forms, neg, n))
        return 0;
    size_t x = 0;
    while (x < m->val.len && m->val.data[x] >= 0)
        x++;
    if (x == m->val.len)
        return all_true(m, forms, neg, n);
    size_t nv = m->val.len;
    int8_t *val = fc_xmalloc(nv + n);
    uint8_t *done = (uint8_t *)val + nv;
    memcpy(val, m->val.data, nv);
    memcpy(done, m->done, n);
    int r = 0;
    for (int k = 0; k < 2 && r == 0; k++) {
        memcpy(m->val.data, val, nv);
        memcpy(m->done, done, n);
        m->val.data[x] = k ? !b : b;
        r = dpll(m, forms, neg, n, b, nodes);
    }
    free(val);
    return r;
}

/* A search from nothing assigned, value b first. */
static bool solve(fc_small *m, const fc_node *const *forms, const bool *neg,
                  size_t n, int8_t b, int nodes)
{
    for (size_t x = 0; x < m->val.len; x++)
        m->val.data[x] = -1;
    memset(m->done, 0, n);
    return dpll(m, forms, neg, n, b, &nodes) == 1;
}

bool fc_small_sat(fc_small *m, const fc_node *const *forms, const bool *neg,
                  size_t n)
{
    grow(m);
    for (size_t i = 0; i < n; i++)
        if (!forms[i] || !formula_inside(m, forms[i]))
            return false;
    if (++m->stamp == 0) {
        memset(m->slot_stamp, 0, m->nfuncs * sizeof(uint32_t));
        m->stamp = 1;
    }
    m->val.len = 0;
    m->vars.len = 0;
    m->start.len = 0;
    for (size_t i = 0; i < n; i++) {
        fc_vec_push(&m->start, (int)m->vars.len);
        scan(m, forms[i], (uint32_t)i);
    }
    fc_vec_push(&m->start, (int)m->vars.len);
    if (n > m->done_cap) {
        m->done_cap = n * 2;
        m->done = fc_xrealloc(m->done, m->done_cap);
    }
    /* predicates false first suit rules and positive facts; the other
     * order, negative ones: that one gets a single descent */
    return solve(m, forms, neg, n, F, SEARCH_NODES) ||
           solve(m, forms, neg, n, T, 1 + (int)m->val.len);
}
