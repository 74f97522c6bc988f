#include "smallmodel.h"

#include <stdlib.h>
#include <string.h>

#include "sorts.h"

/* Search nodes one query may visit before the answer is "no". */
#define SEARCH_BUDGET 2048
/* Formulas deeper than this are left to the solver (the walk recurses). */
#define MAX_DEPTH 1000

enum { UNSEEN, INSIDE, OUTSIDE };
enum { F = 0, T = 1, U = 2 };   /* three-valued truth */

struct fc_small {
    fc_trace *t;
    uint8_t *frag;          /* by node id: UNSEEN, INSIDE, OUTSIDE */
    uint32_t *seen;         /* by node id: stamp of the last variable scan */
    size_t nnodes;
    int *slot;              /* by func index: variable of this query */
    uint32_t *slot_stamp;   /* by func index */
    size_t nfuncs;
    uint32_t stamp;
    FC_VEC(int8_t) val;     /* by variable: F, T, or -1 unassigned */
    int budget;
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
    free(m->seen);
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
        m->seen = fc_xrealloc(m->seen, nn * sizeof(uint32_t));
        memset(m->seen + m->nnodes, 0, (nn - m->nnodes) * sizeof(uint32_t));
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
            in = func_index(m, n) >= 0;
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

/* Gives each predicate symbol of n a variable of this query. */
static void scan(fc_small *m, const fc_node *n)
{
    if (m->seen[n->id] == m->stamp)
        return;
    m->seen[n->id] = m->stamp;
    if (n->kind == FC_APP && sort_of(m, n) == FC_SORT_BOOL) {
        int f = func_index(m, n);
        if (m->slot_stamp[f] != m->stamp) {
            m->slot_stamp[f] = m->stamp;
            m->slot[f] = (int)m->val.len;
            fc_vec_push(&m->val, (int8_t)-1);
        }
        return;
    }
    if (n->kind == FC_APP)
        return;
    for (size_t i = 0; i < n->nargs; i++)
        scan(m, n->args[i]);
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
        int8_t v = m->val.data[m->slot[func_index(m, n)]];
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

/* 1: a model extends the assignment; 0: none does; -1: out of budget. */
static int search(fc_small *m, const fc_node *const *forms, const bool *neg,
                  size_t n, size_t next)
{
    if (--m->budget < 0)
        return -1;
    bool all = true;
    for (size_t i = 0; i < n; i++) {
        int v = eval(m, forms[i]);
        if (neg && neg[i])
            v = not3(v);
        if (v == F)
            return 0;
        all &= v == T;
    }
    if (all)
        return 1;
    while (next < m->val.len && m->val.data[next] >= 0)
        next++;
    if (next == m->val.len)
        return 0;
    for (int8_t b = 0; b <= 1; b++) {
        m->val.data[next] = b;
        int r = search(m, forms, neg, n, next + 1);
        if (r)
            return r;
    }
    m->val.data[next] = -1;
    return 0;
}

bool fc_small_sat(fc_small *m, const fc_node *const *forms, const bool *neg,
                  size_t n)
{
    grow(m);
    for (size_t i = 0; i < n; i++)
        if (!forms[i] || !formula_inside(m, forms[i]))
            return false;
    if (++m->stamp == 0) {
        memset(m->seen, 0, m->nnodes * sizeof(uint32_t));
        memset(m->slot_stamp, 0, m->nfuncs * sizeof(uint32_t));
        m->stamp = 1;
    }
    m->val.len = 0;
    for (size_t i = 0; i < n; i++)
        scan(m, forms[i]);
    m->budget = SEARCH_BUDGET;
    return search(m, forms, neg, n, 0) == 1;
}
