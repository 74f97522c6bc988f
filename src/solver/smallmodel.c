#include "solver/smallmodel.h"

#include <stdlib.h>
#include <string.h>

#include "lang/sorts.h"

/* Formulas deeper than this are left to the solver (the walk recurses). */
#define MAX_DEPTH 1000
/* The named structure: at most this many elements per sort, ground atoms,
 * and quantifier instances walked per formula evaluation. */
#define MAX_ELEMS 8
#define MAX_ATOMS 4096
#define MAX_WALK 20000
/* Nodes of the search one query may visit before the answer is "no". */
#define SEARCH_NODES 64
/* Formula nodes one structure's search may evaluate before the answer is
 * "no". */
#define MAX_WORK 100000
/* Quantifiers nested deeper than this are left to the solver. */
#define MAX_BINDERS 32

enum { UNSEEN, INSIDE, OUTSIDE };
enum { F = 0, T = 1, U = 2 };   /* three-valued truth */

typedef struct binding {
    const fc_node *var;
    int elem;
} binding;

struct fc_small {
    const fc_trace *t;
    uint8_t *frag;          /* by node id: UNSEEN, INSIDE, OUTSIDE */
    int32_t *fidx;          /* by node id: APP nodes' func index */
    const fc_node **qvar;   /* by node id: a quantifier's variable */
    uint32_t *nsort;        /* by node id: its sort, once asked */
    size_t nnodes;
    /* by func index, valid when stamp[f] == now: a constant's element, a
     * predicate's first variable */
    int *elem, *base;
    uint32_t *stamp;
    size_t nfuncs;
    uint32_t now;
    int *size;              /* by sort: elements in the structure */
    size_t nsorts;
    binding env[MAX_BINDERS];
    int depth;
    long walk;              /* quantifier instances left for this walk */
    long work;              /* formula nodes left to evaluate */
    FC_VEC(int8_t) val;     /* by variable: F, T, or -1 unassigned */
    uint32_t *var_stamp;    /* by variable: constraint last scanned, + 1 */
    size_t var_cap;
    /* The constraints: the formulas split at conjunctions and at universal
     * quantifiers into instances.  Constraint c is node[c] (negated when
     * neg[c]) under the bindings benv[bstart[c] .. bstart[c + 1]). */
    FC_VEC(const fc_node *) node;
    FC_VEC(bool) neg;
    FC_VEC(binding) benv;
    fc_ivec bstart;
    /* the variables of constraint c: vars[start[c] .. start[c + 1]); the
     * constraints of variable x: occ[ostart[x] .. ostart[x + 1]) */
    fc_ivec vars, start, occ, ostart;
    FC_VEC(uint8_t) done;   /* by constraint: true under the assignment */
    /* unsatisfiability (fc_small_unsat): by constraint, its formula; by
     * variable, the constraint that forced it (-1: a decision); the
     * constraint found false, and whether no decision was made */
    fc_ivec form_of, reason;
    int conflict;
    bool at_root;
    int cur_form;
    FC_VEC(uint8_t) queued; /* by constraint: waiting to be propagated */
    fc_ivec queue;
    bool overflow;          /* a bound was reached: give up */
};

fc_small *fc_small_new(const fc_trace *t)
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
    free(m->qvar);
    free(m->nsort);
    free(m->elem);
    free(m->base);
    free(m->stamp);
    free(m->size);
    fc_vec_free(&m->vars);
    fc_vec_free(&m->start);
    fc_vec_free(&m->occ);
    fc_vec_free(&m->ostart);
    fc_vec_free(&m->node);
    fc_vec_free(&m->neg);
    fc_vec_free(&m->benv);
    fc_vec_free(&m->bstart);
    fc_vec_free(&m->done);
    fc_vec_free(&m->form_of);
    fc_vec_free(&m->reason);
    fc_vec_free(&m->queued);
    fc_vec_free(&m->queue);
    free(m->var_stamp);
    fc_vec_free(&m->val);
    free(m);
}

/* The tables cover nodes, symbols and sorts made since the last query (the
 * classifier builds formulas as it goes). */
static void grow(fc_small *m)
{
    size_t nn = fc_ast_node_count(m->t->ast) + 1;
    if (nn > m->nnodes) {
        m->frag = fc_xrealloc(m->frag, nn);
        memset(m->frag + m->nnodes, UNSEEN, nn - m->nnodes);
        m->fidx = fc_xrealloc(m->fidx, nn * sizeof(int32_t));
        m->qvar = fc_xrealloc(m->qvar, nn * sizeof(fc_node *));
        m->nsort = fc_xrealloc(m->nsort, nn * sizeof(uint32_t));
        memset(m->nsort + m->nnodes, 0, (nn - m->nnodes) * sizeof(uint32_t));
        m->nnodes = nn;
    }
    size_t nf = m->t->sorting->funcs.len + 1;
    if (nf > m->nfuncs) {
        m->elem = fc_xrealloc(m->elem, nf * sizeof(int));
        m->base = fc_xrealloc(m->base, nf * sizeof(int));
        m->stamp = fc_xrealloc(m->stamp, nf * sizeof(uint32_t));
        memset(m->stamp + m->nfuncs, 0, (nf - m->nfuncs) * sizeof(uint32_t));
        m->nfuncs = nf;
    }
    size_t ns = fc_sort_count(m->t->ast) + 1;
    if (ns > m->nsorts) {
        m->size = fc_xrealloc(m->size, ns * sizeof(int));
        m->nsorts = ns;
    }
}

static uint32_t sort_of(fc_small *m, const fc_node *n)
{
    if (!m->nsort[n->id])
        m->nsort[n->id] = fc_sort_of(m->t->sorting, m->t->ast, n);
    return m->nsort[n->id];
}

/* A sort whose universe may be any finite set: not Bool, not numbers. */
static bool individual(uint32_t sort)
{
    return sort == FC_SORT_OBJECT || sort >= FC_SORT_FIRST_USER;
}

static int func_index(fc_small *m, const fc_node *n)
{
    fc_func *f = fc_func_of(m->t->sorting, m->t->ast, n);
    return f ? (int)(f - m->t->sorting->funcs.data) : -1;
}

/* ---- the fragment ------------------------------------------------------- */

/* Is n, a term of an individual sort, in the fragment? */
static bool term_inside(fc_small *m, const fc_node *n)
{
    /* first the sort: the cache is shared with formulas, and a formula
     * (a Boolean constant, ⊤) is never a term of an individual sort */
    if (!individual(sort_of(m, n)))
        return false;
    if (m->frag[n->id] != UNSEEN)
        return m->frag[n->id] == INSIDE;
    bool in = n->kind == FC_VAR || n->kind == FC_APP;
    if (in && n->kind == FC_APP) {
        m->fidx[n->id] = func_index(m, n);
        in = m->fidx[n->id] >= 0;
    }
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
            m->fidx[n->id] = func_index(m, n);
            in = m->fidx[n->id] >= 0;
            for (size_t i = 0; in && i < n->nargs; i++)
                in = term_inside(m, n->args[i]);
            break;
        case FC_EQ:
        case FC_NE: {
            uint32_t s = sort_of(m, n->args[0]);
            in = n->nargs == 2 && sort_of(m, n->args[1]) == s;
            for (size_t i = 0; in && i < 2; i++)
                in = s == FC_SORT_BOOL ? formula_inside(m, n->args[i])
                                       : term_inside(m, n->args[i]);
            break;
        }
        case FC_XOR:
        case FC_IMPLIES:
        case FC_IFF:
            in = n->nargs == 2;
            /* fall through */
        case FC_NOT:
        case FC_AND:
        case FC_OR:
            for (size_t i = 0; in && i < n->nargs; i++)
                in = formula_inside(m, n->args[i]);
            break;
        case FC_FORALL:
        case FC_EXISTS: {
            const fc_node *v = fc_quant_var(m->t->ast, n);
            /* the variable's node is made when the body never uses it */
            grow(m);
            uint32_t vs = v ? (n->annot ? n->annot : sort_of(m, v)) : 0;
            m->qvar[n->id] = v;
            in = v && vs == sort_of(m, v) && individual(vs) &&
                 formula_inside(m, n->args[0]);
            break;
        }
        default:    /* arithmetic, a Boolean variable */
            in = false;
            break;
        }
    }
    m->frag[n->id] = in ? INSIDE : OUTSIDE;
    return in;
}

/* ---- the structure ------------------------------------------------------ */

/* The element a term denotes: constants their own (elem), variables their
 * binding, and every function value the sort's first element. */
static int term_elem(fc_small *m, const fc_node *n)
{
    if (n->kind == FC_VAR) {
        for (int i = m->depth - 1; i >= 0; i--)
            if (m->env[i].var == n)
                return m->env[i].elem;
        return 0;   /* free: read as a constant of the first element */
    }
    if (n->nargs == 0 && m->stamp[m->fidx[n->id]] == m->now)
        return m->elem[m->fidx[n->id]];
    return 0;
}

/* The variable of the ground atom n (a predicate application), made on
 * first use; -1 when there would be too many. */
static int atom_var(fc_small *m, const fc_node *n)
{
    int f = m->fidx[n->id];
    if (m->stamp[f] != m->now) {
        size_t count = 1;
        for (size_t i = 0; i < n->nargs && count <= MAX_ATOMS; i++)
            count *= (size_t)m->size[sort_of(m, n->args[i])];
        if (m->val.len + count > MAX_ATOMS) {
            m->overflow = true;
            return -1;
        }
        m->stamp[f] = m->now;
        m->base[f] = (int)m->val.len;
        for (size_t i = 0; i < count; i++)
            fc_vec_push(&m->val, (int8_t)-1);
        if (m->val.len > m->var_cap) {
            m->var_cap = m->val.len * 2;
            m->var_stamp = fc_xrealloc(m->var_stamp,
                                       m->var_cap * sizeof(uint32_t));
        }
        for (size_t i = m->val.len - count; i < m->val.len; i++)
            m->var_stamp[i] = 0;
    }
    int idx = 0;
    for (size_t i = 0; i < n->nargs; i++)
        idx = idx * m->size[sort_of(m, n->args[i])] +
              term_elem(m, n->args[i]);
    return m->base[f] + idx;
}

static int not3(int v) { return v == U ? U : !v; }

/* The value r of a conjunction (stop F) or disjunction (stop T) so far,
 * with one more operand v. */
static int join3(int r, int v, int stop)
{
    if (v == stop || r == stop)
        return stop;
    return v == U ? U : r;
}

static int eval(fc_small *m, const fc_node *n, uint32_t scan_form);

/* The value of a ground atom: its variable's, unknown while unassigned. */
static int eval_atom(fc_small *m, const fc_node *n, uint32_t scan_form)
{
    int x = atom_var(m, n);
    if (x < 0)
        return U;
    if (scan_form && m->var_stamp[x] != scan_form) {
        m->var_stamp[x] = scan_form;
        fc_vec_push(&m->vars, x);
    }
    int8_t v = m->val.data[x];
    return v < 0 ? U : v;
}

/* An equation or disequation: of formulas by their values, of terms by
 * the elements they denote. */
static int eval_eq(fc_small *m, const fc_node *n, uint32_t scan_form)
{
    int r;
    if (sort_of(m, n->args[0]) == FC_SORT_BOOL) {
        int a = eval(m, n->args[0], scan_form);
        int b = eval(m, n->args[1], scan_form);
        r = a == U || b == U ? U : a == b;
    } else {
        r = term_elem(m, n->args[0]) == term_elem(m, n->args[1]);
    }
    return n->kind == FC_EQ ? r : not3(r);
}

/* A quantifier: the conjunction (disjunction) of the body's instances. */
static int eval_quant(fc_small *m, const fc_node *n, uint32_t scan_form)
{
    const fc_node *v = m->qvar[n->id];
    int k = m->size[sort_of(m, v)];
    int stop = n->kind == FC_FORALL ? F : T;
    int r = !stop;
    if (m->depth == MAX_BINDERS || (m->walk -= k) < 0) {
        m->overflow = true;
        return U;
    }
    for (int e = 0; e < k; e++) {
        m->env[m->depth].var = v;
        m->env[m->depth].elem = e;
        m->depth++;
        r = join3(r, eval(m, n->args[0], scan_form), stop);
        m->depth--;
        if (r == stop && !scan_form)
            return stop;
    }
    return r;
}

/* The value of formula n under the partial assignment and the bindings.
 * With scan_form > 0, also lists the atoms met as variables of formula
 * scan_form - 1 (then every branch is walked). */
static int eval(fc_small *m, const fc_node *n, uint32_t scan_form)
{
    if (--m->work < 0) {
        m->overflow = true;
        return U;
    }
    switch (n->kind) {
    case FC_TRUE:
        return T;
    case FC_FALSE:
        return F;
    case FC_APP:
        return eval_atom(m, n, scan_form);
    case FC_EQ:
    case FC_NE:
        return eval_eq(m, n, scan_form);
    case FC_NOT:
        return not3(eval(m, n->args[0], scan_form));
    case FC_AND:
    case FC_OR: {
        int stop = n->kind == FC_AND ? F : T;
        int r = !stop;
        for (size_t i = 0; i < n->nargs; i++) {
            r = join3(r, eval(m, n->args[i], scan_form), stop);
            if (r == stop && !scan_form)
                return stop;
        }
        return r;
    }
    case FC_XOR:
    case FC_IFF: {
        int a = eval(m, n->args[0], scan_form);
        int b = eval(m, n->args[1], scan_form);
        if (a == U || b == U)
            return U;
        return n->kind == FC_XOR ? a != b : a == b;
    }
    case FC_IMPLIES: {
        int a = eval(m, n->args[0], scan_form);
        int b = eval(m, n->args[1], scan_form);
        if (a == F || b == T)
            return T;
        return a == T && b == F ? F : U;
    }
    case FC_FORALL:
    case FC_EXISTS:
        return eval_quant(m, n, scan_form);
    default:
        return U;   /* not reached: formula_inside filters */
    }
}

/* ---- constraints -------------------------------------------------------- */

/* Most constraints the formulas of one query may make. */
#define MAX_CONSTRAINTS 20000

static void add_constraint(fc_small *m, const fc_node *n, bool neg)
{
    if (m->node.len >= MAX_CONSTRAINTS) {
        m->overflow = true;
        return;
    }
    fc_vec_push(&m->node, n);
    fc_vec_push(&m->neg, neg);
    fc_vec_push(&m->form_of, m->cur_form);
    for (int i = 0; i < m->depth; i++)
        fc_vec_push(&m->benv, m->env[i]);
    fc_vec_push(&m->bstart, (int)m->benv.len);
}

/* Splits formula n (negated when neg) into constraints: conjunctions into
 * their conjuncts, universal quantifiers into one instance per element. */
static void split(fc_small *m, const fc_node *n, bool neg)
{
    if (m->overflow)
        return;
    switch (n->kind) {
    case FC_NOT:
        split(m, n->args[0], !neg);
        return;
    case FC_AND:
    case FC_OR:
        if ((n->kind == FC_AND) == !neg) {
            for (size_t i = 0; i < n->nargs; i++)
                split(m, n->args[i], neg);
            return;
        }
        break;
    case FC_IMPLIES:
        if (neg) {  /* ¬(a → b) is a ∧ ¬b */
            split(m, n->args[0], false);
            split(m, n->args[1], true);
            return;
        }
        break;
    case FC_FORALL:
    case FC_EXISTS:
        if ((n->kind == FC_FORALL) == !neg && m->depth < MAX_BINDERS) {
            const fc_node *v = m->qvar[n->id];
            int k = m->size[sort_of(m, v)];
            for (int e = 0; e < k; e++) {
                m->env[m->depth].var = v;
                m->env[m->depth].elem = e;
                m->depth++;
                split(m, n->args[0], neg);
                m->depth--;
            }
            return;
        }
        break;
    default:
        break;
    }
    add_constraint(m, n, neg);
}

/* The value of constraint c under the assignment; with scan, also lists
 * its variables. */
static int eval_constraint(fc_small *m, size_t c, bool scan)
{
    int b0 = m->bstart.data[c], b1 = m->bstart.data[c + 1];
    m->depth = b1 - b0;
    if (m->depth)
        memcpy(m->env, m->benv.data + b0, (size_t)m->depth * sizeof(binding));
    m->walk = MAX_WALK;
    int v = eval(m, m->node.data[c], scan ? (uint32_t)c + 1 : 0);
    return m->neg.data[c] ? not3(v) : v;
}

/* ---- the search --------------------------------------------------------- */

static void enqueue_var(fc_small *m, int x)
{
    for (int k = m->ostart.data[x]; k < m->ostart.data[x + 1]; k++) {
        int c = m->occ.data[k];
        if (!m->done.data[c] && !m->queued.data[c]) {
            m->queued.data[c] = 1;
            fc_vec_push(&m->queue, c);
        }
    }
}

/* Unit propagation on the queued constraints: a variable that makes an
 * undecided constraint false with one value gets the other, and the
 * constraints it occurs in are looked at again.  false on a conflict. */
static bool propagate(fc_small *m)
{
    while (m->queue.len) {
        int c = m->queue.data[--m->queue.len];
        m->queued.data[c] = 0;
        if (m->done.data[c])
            continue;
        int v = eval_constraint(m, (size_t)c, false);
        if (v == F || m->overflow) {
            m->conflict = c;
            return false;
        }
        if (v == T) {
            m->done.data[c] = 1;
            continue;
        }
        for (int k = m->start.data[c]; k < m->start.data[c + 1]; k++) {
            int x = m->vars.data[k];
            if (m->val.data[x] >= 0)
                continue;
            m->val.data[x] = F;
            int e0 = eval_constraint(m, (size_t)c, false);
            m->val.data[x] = T;
            int e1 = eval_constraint(m, (size_t)c, false);
            m->val.data[x] = -1;
            if (e0 == F && e1 == F) {
                m->conflict = c;
                return false;
            }
            if (e0 == F || e1 == F) {
                m->val.data[x] = e0 == F ? T : F;
                m->reason.data[x] = c;
                enqueue_var(m, x);
                if (!m->queued.data[c]) {
                    m->queued.data[c] = 1;
                    fc_vec_push(&m->queue, c);
                }
                break;
            }
        }
    }
    return true;
}

static void clear_queue(fc_small *m)
{
    for (size_t i = 0; i < m->queue.len; i++)
        m->queued.data[m->queue.data[i]] = 0;
    m->queue.len = 0;
}

/* Every constraint true under the (total) assignment? */
static bool all_true(fc_small *m)
{
    for (size_t c = 0; c < m->node.len; c++)
        if (!m->done.data[c] && eval_constraint(m, c, false) != T)
            return false;
    return true;
}

/* Propagation, then a decision on the first open variable, value b first,
 * and so on (DPLL): 1 when a model was found, 0 when there is none, -1
 * when the search ran out of nodes or work. */
static int dpll(fc_small *m, int8_t b, int *nodes)
{
    if (--*nodes < 0 || m->overflow) {
        clear_queue(m);
        return -1;
    }
    if (!propagate(m)) {
        clear_queue(m);
        return m->overflow ? -1 : 0;
    }
    m->at_root = false;     /* a decision follows */
    size_t x = 0;
    while (x < m->val.len && m->val.data[x] >= 0)
        x++;
    if (x == m->val.len)
        return all_true(m);
    size_t nv = m->val.len, nc = m->node.len;
    int8_t *val = fc_xmalloc(nv + nc);
    uint8_t *done = (uint8_t *)val + nv;
    memcpy(val, m->val.data, nv);
    memcpy(done, m->done.data, nc);
    int r = 0;
    for (int k = 0; k < 2 && r == 0; k++) {
        memcpy(m->val.data, val, nv);
        memcpy(m->done.data, done, nc);
        m->val.data[x] = k ? !b : b;
        enqueue_var(m, (int)x);
        r = dpll(m, b, nodes);
    }
    free(val);
    return r;
}

/* A search from nothing assigned, value b first: as dpll. */
static int solve(fc_small *m, int8_t b, int nodes)
{
    m->reason.len = 0;
    for (size_t x = 0; x < m->val.len; x++) {
        m->val.data[x] = -1;
        fc_vec_push(&m->reason, -1);
    }
    m->conflict = -1;
    m->at_root = true;
    if (m->node.len)
        memset(m->done.data, 0, m->node.len);
    clear_queue(m);
    for (size_t c = 0; c < m->node.len; c++) {
        m->queued.data[c] = 1;
        fc_vec_push(&m->queue, (int)c);
    }
    return dpll(m, b, &nodes);
}

/* Gives each constant of n of an individual sort its own element. */
static void name_constants(fc_small *m, const fc_node *n)
{
    if (n->kind == FC_APP && n->nargs == 0 && individual(sort_of(m, n))) {
        int f = m->fidx[n->id];
        if (m->stamp[f] != m->now) {
            m->stamp[f] = m->now;
            m->elem[f] = m->size[sort_of(m, n)]++;
        }
        return;
    }
    for (size_t i = 0; i < n->nargs; i++)
        name_constants(m, n->args[i]);
}

/* The formulas split into constraints in the structure of the given
 * sizes, whose first walk makes the atoms and lists each one's variables.
 * false when a bound was reached. */
static bool constraints(fc_small *m, const fc_node *const *forms,
                        const bool *neg, size_t n)
{
    m->val.len = 0;
    m->node.len = m->neg.len = m->benv.len = m->bstart.len = 0;
    m->form_of.len = 0;
    m->vars.len = m->start.len = 0;
    m->overflow = false;
    m->work = MAX_WORK;
    fc_vec_push(&m->bstart, 0);
    for (size_t i = 0; i < n; i++) {
        m->depth = 0;
        m->cur_form = (int)i;
        split(m, forms[i], neg && neg[i]);
    }
    size_t nc = m->node.len;
    for (size_t c = 0; c < nc && !m->overflow; c++) {
        fc_vec_push(&m->start, (int)m->vars.len);
        eval_constraint(m, c, true);
    }
    fc_vec_push(&m->start, (int)m->vars.len);
    if (m->overflow)
        return false;
    /* occurrences, by counting */
    size_t nv = m->val.len;
    m->ostart.len = 0;
    for (size_t x = 0; x <= nv; x++)
        fc_vec_push(&m->ostart, 0);
    for (size_t k = 0; k < m->vars.len; k++)
        m->ostart.data[m->vars.data[k] + 1]++;
    for (size_t x = 0; x < nv; x++)
        m->ostart.data[x + 1] += m->ostart.data[x];
    m->occ.len = 0;
    for (size_t k = 0; k < m->vars.len; k++)
        fc_vec_push(&m->occ, 0);
    int *fill = fc_xcalloc(nv + 1, sizeof(int));
    for (size_t c = 0; c < nc; c++)
        for (int k = m->start.data[c]; k < m->start.data[c + 1]; k++) {
            int x = m->vars.data[k];
            m->occ.data[m->ostart.data[x] + fill[x]++] = (int)c;
        }
    free(fill);
    m->done.len = m->queued.len = 0;
    for (size_t c = 0; c < nc; c++) {
        fc_vec_push(&m->done, 0);
        fc_vec_push(&m->queued, 0);
    }
    return true;
}

/* Is there a model of the formulas in the structure of the given sizes? */
static bool sat_in(fc_small *m, const fc_node *const *forms, const bool *neg,
                   size_t n)
{
    if (!constraints(m, forms, neg, n))
        return false;
    /* predicates false first suit rules and positive facts; the other
     * order, negative ones: that one gets a single descent */
    return solve(m, F, SEARCH_NODES) == 1 ||
           solve(m, T, 1 + (int)m->val.len) == 1;
}

static void next_stamp(fc_small *m)
{
    if (++m->now == 0) {
        memset(m->stamp, 0, m->nfuncs * sizeof(uint32_t));
        m->now = 1;
    }
}

/* The sizes of the structure of one element per constant of the formulas
 * (each constant names its own), extra[s] more for sort s when extra is
 * given, and one for a sort with neither; false when a sort would have
 * more than MAX_ELEMS. */
static bool one_per_constant(fc_small *m, const fc_node *const *forms,
                             size_t n, const int *extra)
{
    next_stamp(m);
    for (size_t s = 0; s < m->nsorts; s++)
        m->size[s] = 0;
    for (size_t i = 0; i < n; i++)
        name_constants(m, forms[i]);
    for (size_t s = 0; s < m->nsorts; s++) {
        if (extra)
            m->size[s] += extra[s];
        if (m->size[s] > MAX_ELEMS)
            return false;
        if (m->size[s] == 0)
            m->size[s] = 1;
    }
    return true;
}

bool fc_small_sat(fc_small *m, const fc_node *const *forms, const bool *neg,
                  size_t n)
{
    grow(m);
    for (size_t i = 0; i < n; i++)
        if (!forms[i] || !formula_inside(m, forms[i]))
            return false;
    /* one element per sort */
    next_stamp(m);
    for (size_t s = 0; s < m->nsorts; s++)
        m->size[s] = 1;
    if (sat_in(m, forms, neg, n))
        return true;
    /* one element per constant (one for a sort without constants): the
     * constants name different elements */
    if (!one_per_constant(m, forms, n, NULL))
        return false;
    bool named = false;
    for (size_t s = 0; s < m->nsorts; s++)
        named |= m->size[s] > 1;
    return named && sat_in(m, forms, neg, n);
}

/* ---- unsatisfiability --------------------------------------------------- */

/* Is formula n (of the fragment), with polarity pol (1 positive, -1
 * negative, 0 both), in the Bernays-Schönfinkel class without equality:
 * no function of arguments, no equation between terms, and every
 * quantifier universal in effect or existential outside all universal
 * ones (under_all)?  Those existential ones count towards fresh (by sort):
 * each is a Skolem constant. */
static bool herbrand(fc_small *m, const fc_node *n, int pol, bool under_all,
                     int *fresh)
{
    switch (n->kind) {
    case FC_TRUE:
    case FC_FALSE:
        return true;
    case FC_APP:
        for (size_t i = 0; i < n->nargs; i++)
            if (n->args[i]->kind != FC_VAR && n->args[i]->nargs != 0)
                return false;
        return true;
    case FC_EQ:
    case FC_NE:
        if (sort_of(m, n->args[0]) != FC_SORT_BOOL)
            return false;
        return herbrand(m, n->args[0], 0, under_all, fresh) &&
               herbrand(m, n->args[1], 0, under_all, fresh);
    case FC_NOT:
        return herbrand(m, n->args[0], -pol, under_all, fresh);
    case FC_AND:
    case FC_OR:
        for (size_t i = 0; i < n->nargs; i++)
            if (!herbrand(m, n->args[i], pol, under_all, fresh))
                return false;
        return true;
    case FC_IMPLIES:
        return herbrand(m, n->args[0], -pol, under_all, fresh) &&
               herbrand(m, n->args[1], pol, under_all, fresh);
    case FC_XOR:
    case FC_IFF:
        return herbrand(m, n->args[0], 0, under_all, fresh) &&
               herbrand(m, n->args[1], 0, under_all, fresh);
    case FC_FORALL:
    case FC_EXISTS: {
        if (pol == 0)
            return false;
        bool all = (n->kind == FC_FORALL) == (pol > 0);
        if (!all) {
            if (under_all)
                return false;
            fresh[sort_of(m, m->qvar[n->id])]++;
        }
        return herbrand(m, n->args[0], pol, under_all || all, fresh);
    }
    default:
        return false;
    }
}

/* The formulas of the constraints that forced the conflict, from the
 * constraint found false back through the constraints that forced its
 * variables' values, into core (each once). */
static void conflict_core(fc_small *m, size_t nforms, fc_ivec *core)
{
    uint8_t *seen_c = fc_xcalloc(m->node.len ? m->node.len : 1, 1);
    uint8_t *seen_f = fc_xcalloc(nforms ? nforms : 1, 1);
    fc_ivec todo = {0};
    fc_vec_push(&todo, m->conflict);
    seen_c[m->conflict] = 1;
    while (todo.len) {
        int c = todo.data[--todo.len];
        seen_f[m->form_of.data[c]] = 1;
        for (int k = m->start.data[c]; k < m->start.data[c + 1]; k++) {
            int r = m->reason.data[m->vars.data[k]];
            if (r >= 0 && m->val.data[m->vars.data[k]] >= 0 && !seen_c[r]) {
                seen_c[r] = 1;
                fc_vec_push(&todo, r);
            }
        }
    }
    core->len = 0;
    for (size_t f = 0; f < nforms; f++)
        if (seen_f[f])
            fc_vec_push(core, (int)f);
    fc_vec_free(&todo);
    free(seen_c);
    free(seen_f);
}

bool fc_small_unsat(fc_small *m, const fc_node *const *forms, const bool *neg,
                    size_t n, fc_ivec *core)
{
    grow(m);
    for (size_t i = 0; i < n; i++)
        if (!forms[i] || !forms[i]->closed || !formula_inside(m, forms[i]))
            return false;
    int *fresh = fc_xcalloc(m->nsorts ? m->nsorts : 1, sizeof(int));
    bool in = true;
    for (size_t i = 0; i < n && in; i++)
        in = herbrand(m, forms[i], neg && neg[i] ? -1 : 1, false, fresh);
    in = in && one_per_constant(m, forms, n, fresh);
    free(fresh);
    if (!in || !constraints(m, forms, neg, n))
        return false;
    /* a complete search, F first as in sat_in */
    if (solve(m, F, SEARCH_NODES) != 0 || m->overflow)
        return false;
    if (core) {
        if (m->at_root && m->conflict >= 0) {
            conflict_core(m, n, core);
        } else {
            core->len = 0;
            for (size_t i = 0; i < n; i++)
                fc_vec_push(core, (int)i);
        }
    }
    return true;
}
