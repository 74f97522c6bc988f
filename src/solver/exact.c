/* Exact evaluation over the rationals: see exact.h. */
#include "solver/exact.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "lang/sorts.h"

/* Results larger than this many bits are left to Z3: a power of a huge
 * numeral must not fill memory. */
#define MAX_BITS (1u << 22)
/* Passes over the equations while they fix new constants; a set whose
 * values need more is left to Z3 for the rest. */
#define MAX_PASSES 64

typedef enum ev {
    EV_OK,
    EV_UNFIXED,     /* a constant without a value */
    EV_NO,          /* not arithmetic over constants: left to Z3 */
    EV_DIV0,        /* a divisor is 0 */
    EV_BIG,
} ev;

typedef enum tv { TV_F, TV_T, TV_U } tv;

typedef struct eqn {
    const fc_node *lhs, *rhs;
    int src;        /* index into the formulas */
    bool used;
} eqn;

struct fc_exact {
    const fc_trace *t;
    /* numerals by node id: 0 not read yet, 1 read, 2 not a numeral */
    mpq_t *num;
    uint8_t *num_state;
    size_t nnum;
    /* the valuation by symbol id, valid where gen matches */
    mpq_t *val;
    uint32_t *val_gen;
    int *val_src;
    size_t nval;
    uint32_t gen;
    /* marks for collecting cores, by symbol id and by formula */
    uint32_t *mark;
    uint32_t mark_gen;
    FC_VEC(eqn) eqs;
    /* terms that an equation gives a value while their constants have
     * none (`a + b = 68`), this valuation's first nterms of terms */
    struct term_value *terms;
    size_t nterms, terms_cap;
    bool term_used;             /* an evaluation read one of them */
    const fc_node *zero_div;    /* the division that met a 0 divisor */
    /* rationals for the operands of the nodes being evaluated, used as a
     * stack and kept initialized: evaluation allocates nothing once the
     * stack has grown */
    mpq_t **chunks;     /* of POOL_CHUNK each: addresses never move */
    size_t nchunks, pool_top;
};

#define POOL_CHUNK 64

typedef struct term_value {
    const fc_node *n;
    mpq_t v;            /* kept initialized up to terms_cap */
    size_t eq;          /* the equation, an index into eqs */
} term_value;

static term_value *term_value_of(const fc_exact *x, const fc_node *n)
{
    for (size_t i = 0; i < x->nterms; i++)
        if (x->terms[i].n == n)
            return &x->terms[i];
    return NULL;
}

/* Slot i of the pool, growing it as needed. */
static mpq_ptr slot(fc_exact *x, size_t i)
{
    while (i / POOL_CHUNK >= x->nchunks) {
        x->chunks = fc_xrealloc(x->chunks,
                                (x->nchunks + 1) * sizeof(mpq_t *));
        mpq_t *c = fc_xmalloc(POOL_CHUNK * sizeof(mpq_t));
        for (size_t k = 0; k < POOL_CHUNK; k++)
            mpq_init(c[k]);
        x->chunks[x->nchunks++] = c;
    }
    return x->chunks[i / POOL_CHUNK][i % POOL_CHUNK];
}

fc_exact *fc_exact_new(const fc_trace *t)
{
    fc_exact *x = fc_xcalloc(1, sizeof *x);
    x->t = t;
    return x;
}

void fc_exact_free(fc_exact *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nnum; i++)
        if (x->num_state[i] == 1)
            mpq_clear(x->num[i]);
    for (size_t i = 0; i < x->nval; i++)
        mpq_clear(x->val[i]);
    for (size_t c = 0; c < x->nchunks; c++) {
        for (size_t k = 0; k < POOL_CHUNK; k++)
            mpq_clear(x->chunks[c][k]);
        free(x->chunks[c]);
    }
    free(x->chunks);
    free(x->num);
    free(x->num_state);
    free(x->val);
    free(x->val_gen);
    free(x->val_src);
    free(x->mark);
    fc_vec_free(&x->eqs);
    for (size_t i = 0; i < x->terms_cap; i++)
        mpq_clear(x->terms[i].v);
    free(x->terms);
    free(x);
}

/* ---- numerals and constants ---------------------------------------------- */

static void grow_syms(fc_exact *x, uint32_t id)
{
    if (id < x->nval)
        return;
    size_t n = x->nval ? x->nval : 64;
    while (n <= id)
        n *= 2;
    x->val = fc_xrealloc(x->val, n * sizeof(mpq_t));
    x->val_gen = fc_xrealloc(x->val_gen, n * sizeof(uint32_t));
    x->val_src = fc_xrealloc(x->val_src, n * sizeof(int));
    x->mark = fc_xrealloc(x->mark, n * sizeof(uint32_t));
    for (size_t i = x->nval; i < n; i++) {
        mpq_init(x->val[i]);
        x->val_gen[i] = 0;
        x->val_src[i] = -1;
        x->mark[i] = 0;
    }
    x->nval = n;
}

/* "-12.5%" -> -1/8 */
static bool parse_numeral(const char *s, mpq_t out)
{
    bool negative = *s == '-';
    if (negative)
        s++;
    size_t len = strlen(s);
    bool pct = len && s[len - 1] == '%';
    if (pct)
        len--;
    char *digits = fc_xmalloc(len + 1);
    size_t nd = 0, frac = 0;
    bool dot = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.') {
            dot = true;
            continue;
        }
        if (s[i] < '0' || s[i] > '9') {
            free(digits);
            return false;
        }
        digits[nd++] = s[i];
        frac += dot;
    }
    digits[nd] = '\0';
    if (!nd) {
        free(digits);
        return false;
    }
    mpz_t den;
    mpz_init(den);
    mpz_ui_pow_ui(den, 10, frac + (pct ? 2 : 0));
    mpz_set_str(mpq_numref(out), digits, 10);
    mpz_set(mpq_denref(out), den);
    mpq_canonicalize(out);
    if (negative)
        mpq_neg(out, out);
    mpz_clear(den);
    free(digits);
    return true;
}

static bool numeral(fc_exact *x, const fc_node *n, mpq_t out)
{
    if (n->id >= x->nnum) {
        size_t m = x->nnum ? x->nnum : 256;
        while (m <= n->id)
            m *= 2;
        x->num = fc_xrealloc(x->num, m * sizeof(mpq_t));
        x->num_state = fc_xrealloc(x->num_state, m);
        memset(x->num_state + x->nnum, 0, m - x->nnum);
        x->nnum = m;
    }
    if (x->num_state[n->id] == 0) {
        mpq_init(x->num[n->id]);
        x->num_state[n->id] = parse_numeral(n->num, x->num[n->id]) ? 1 : 2;
        if (x->num_state[n->id] == 2)
            mpq_clear(x->num[n->id]);
    }
    if (x->num_state[n->id] != 1)
        return false;
    mpq_set(out, x->num[n->id]);
    return true;
}

static uint32_t sort_of(fc_exact *x, const fc_node *n)
{
    return fc_sort_of(x->t->sorting, x->t->ast, n);
}

static bool numeric_const(fc_exact *x, const fc_node *n)
{
    if (n->kind != FC_APP || n->nargs != 0)
        return false;
    uint32_t s = sort_of(x, n);
    return s == FC_SORT_INT || s == FC_SORT_REAL;
}

static bool has_value(const fc_exact *x, const fc_node *c)
{
    return c->sym->id < x->nval && x->val_gen[c->sym->id] == x->gen;
}

/* ---- evaluation --------------------------------------------------------- */

static bool too_big(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) +
               mpz_sizeinbase(mpq_denref(q), 2) >
           MAX_BITS;
}

static void floor_q(mpq_t r, const mpq_t a)
{
    mpz_fdiv_q(mpq_numref(r), mpq_numref(a), mpq_denref(a));
    mpz_set_ui(mpq_denref(r), 1);
}

static ev eval(fc_exact *x, const fc_node *n, mpq_t out);

static ev eval_args(fc_exact *x, const fc_node *n, size_t base)
{
    ev worst = EV_OK;
    for (size_t i = 0; i < n->nargs; i++) {
        ev e = eval(x, n->args[i], slot(x, base + i));
        if (e != EV_OK && (worst == EV_OK || e == EV_NO))
            worst = e;
    }
    return worst;
}

static ev eval_pow(fc_exact *x, const fc_node *n, mpq_srcptr base, mpq_t out)
{
    (void)x;
    unsigned long k = strtoul(n->args[1]->num, NULL, 10);
    size_t bits = mpz_sizeinbase(mpq_numref(base), 2) +
                  mpz_sizeinbase(mpq_denref(base), 2);
    if (k && bits > MAX_BITS / k)
        return EV_BIG;
    mpz_pow_ui(mpq_numref(out), mpq_numref(base), k);
    mpz_pow_ui(mpq_denref(out), mpq_denref(base), k);
    mpq_canonicalize(out);
    return EV_OK;
}

/* round half to even */
static void round_q(mpq_t r, const mpq_t a)
{
    mpq_t f, d, half;
    mpq_inits(f, d, half, NULL);
    floor_q(f, a);
    mpq_sub(d, a, f);
    mpq_set_ui(half, 1, 2);
    int c = mpq_cmp(d, half);
    if (c > 0 || (c == 0 && mpz_odd_p(mpq_numref(f))))
        mpz_add_ui(mpq_numref(f), mpq_numref(f), 1);
    mpq_set(r, f);
    mpq_clears(f, d, half, NULL);
}

static ev eval_op(fc_exact *x, const fc_node *n, mpq_ptr *v, mpq_t out)
{
    switch ((fc_kind)n->kind) {
    case FC_NEG: mpq_neg(out, v[0]); break;
    case FC_ADD:
        mpq_set(out, v[0]);
        for (size_t i = 1; i < n->nargs; i++)
            mpq_add(out, out, v[i]);
        break;
    case FC_SUB:
        mpq_set(out, v[0]);
        for (size_t i = 1; i < n->nargs; i++)
            mpq_sub(out, out, v[i]);
        break;
    case FC_MUL:
        mpq_set(out, v[0]);
        for (size_t i = 1; i < n->nargs; i++) {
            mpq_mul(out, out, v[i]);
            if (too_big(out))
                return EV_BIG;
        }
        break;
    case FC_DIV:
    case FC_IDIV:
    case FC_MOD:
        if (mpq_sgn(v[1]) == 0) {
            if (!x->zero_div)
                x->zero_div = n;
            return EV_DIV0;
        }
        mpq_div(out, v[0], v[1]);
        if (n->kind == FC_DIV)
            break;
        floor_q(out, out);
        if (n->kind == FC_MOD) {
            mpq_mul(out, out, v[1]);
            mpq_sub(out, v[0], out);
        }
        break;
    case FC_POW: return eval_pow(x, n, v[0], out);
    case FC_FLOOR: floor_q(out, v[0]); break;
    case FC_CEIL:
        mpz_cdiv_q(mpq_numref(out), mpq_numref(v[0]), mpq_denref(v[0]));
        mpz_set_ui(mpq_denref(out), 1);
        break;
    case FC_TRUNC:
        mpz_tdiv_q(mpq_numref(out), mpq_numref(v[0]), mpq_denref(v[0]));
        mpz_set_ui(mpq_denref(out), 1);
        break;
    case FC_ROUND: round_q(out, v[0]); break;
    case FC_ABS: mpq_abs(out, v[0]); break;
    case FC_MIN:
    case FC_MAX:
        mpq_set(out, v[0]);
        for (size_t i = 1; i < n->nargs; i++) {
            int c = mpq_cmp(v[i], out);
            if (n->kind == FC_MIN ? c < 0 : c > 0)
                mpq_set(out, v[i]);
        }
        break;
    default: return EV_NO;
    }
    return EV_OK;
}

static ev eval(fc_exact *x, const fc_node *n, mpq_t out)
{
    if (n->kind == FC_NUM)
        return numeral(x, n, out) ? EV_OK : EV_NO;
    if (n->kind == FC_APP) {
        if (!numeric_const(x, n))
            return EV_NO;
        if (!has_value(x, n))
            return EV_UNFIXED;
        mpq_set(out, x->val[n->sym->id]);
        return EV_OK;
    }
    if (!fc_kind_is_arith(n->kind) || n->nargs == 0)
        return EV_NO;
    size_t base = x->pool_top;
    x->pool_top = base + n->nargs;
    ev e = eval_args(x, n, base);
    if (e == EV_OK) {
        mpq_ptr stackv[4];
        mpq_ptr *v = n->nargs <= 4 ? stackv
                                   : fc_xmalloc(n->nargs * sizeof(mpq_ptr));
        for (size_t i = 0; i < n->nargs; i++)
            v[i] = slot(x, base + i);
        e = eval_op(x, n, v, out);
        if (v != stackv)
            free(v);
    }
    x->pool_top = base;
    /* a term an equation gave a value: forced, but no model yet */
    if (e == EV_UNFIXED && x->nterms) {
        const term_value *tv = term_value_of(x, n);
        if (tv) {
            mpq_set(out, tv->v);
            x->term_used = true;
            return EV_OK;
        }
    }
    return e;
}

static tv not_tv(tv a) { return a == TV_U ? TV_U : a == TV_T ? TV_F : TV_T; }

static tv eval_bool(fc_exact *x, const fc_node *n);

static tv compare(fc_exact *x, const fc_node *n)
{
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    ev ea = eval(x, n->args[0], a), eb = eval(x, n->args[1], b);
    tv r = TV_U;
    if (ea == EV_OK && eb == EV_OK) {
        int c = mpq_cmp(a, b);
        bool t = false;
        switch ((fc_kind)n->kind) {
        case FC_EQ: t = c == 0; break;
        case FC_NE: t = c != 0; break;
        case FC_LT: t = c < 0; break;
        case FC_LE: t = c <= 0; break;
        case FC_GT: t = c > 0; break;
        default: t = c >= 0; break;
        }
        r = t ? TV_T : TV_F;
    } else if ((n->kind == FC_EQ || n->kind == FC_NE) && ea == EV_NO &&
               eb == EV_NO) {
        /* Bool operands: `=` is ↔ */
        tv p = eval_bool(x, n->args[0]), q = eval_bool(x, n->args[1]);
        if (p != TV_U && q != TV_U)
            r = (p == q) == (n->kind == FC_EQ) ? TV_T : TV_F;
    }
    mpq_clears(a, b, NULL);
    return r;
}

static tv eval_bool(fc_exact *x, const fc_node *n)
{
    switch ((fc_kind)n->kind) {
    case FC_TRUE: return TV_T;
    case FC_FALSE: return TV_F;
    case FC_EQ: case FC_NE: case FC_LT: case FC_LE: case FC_GT: case FC_GE:
        return compare(x, n);
    case FC_NOT: return not_tv(eval_bool(x, n->args[0]));
    case FC_AND:
    case FC_OR: {
        tv stop = n->kind == FC_AND ? TV_F : TV_T;
        tv r = not_tv(stop);
        for (size_t i = 0; i < n->nargs; i++) {
            tv a = eval_bool(x, n->args[i]);
            if (a == stop)
                return stop;
            if (a == TV_U)
                r = TV_U;
        }
        return r;
    }
    case FC_IMPLIES: {
        tv a = eval_bool(x, n->args[0]), b = eval_bool(x, n->args[1]);
        if (a == TV_F || b == TV_T)
            return TV_T;
        return a == TV_T && b == TV_F ? TV_F : TV_U;
    }
    case FC_IFF:
    case FC_XOR: {
        tv a = eval_bool(x, n->args[0]), b = eval_bool(x, n->args[1]);
        if (a == TV_U || b == TV_U)
            return TV_U;
        return (a == b) == (n->kind == FC_IFF) ? TV_T : TV_F;
    }
    default: return TV_U;
    }
}

/* ---- the valuation ------------------------------------------------------ */

static void collect_eqs(fc_exact *x, const fc_node *f, int src)
{
    if (f->kind == FC_EQ) {
        eqn e = {f->args[0], f->args[1], src, false};
        fc_vec_push(&x->eqs, e);
    } else if (f->kind == FC_AND) {
        for (size_t i = 0; i < f->nargs; i++)
            collect_eqs(x, f->args[i], src);
    }
}

/* Does n hold node c? */
static bool mentions(const fc_node *n, const fc_node *c)
{
    if (n == c)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (mentions(n->args[i], c))
            return true;
    return false;
}

/* The formulas behind the values of the constants in n, into core
 * (marked by formula index in seen). */
static void deps(fc_exact *x, const fc_node *n, bool *seen, fc_ivec *core)
{
    if (n->kind == FC_APP && n->nargs == 0) {
        uint32_t id = n->sym->id;
        if (id >= x->nval || x->val_gen[id] != x->gen ||
            x->mark[id] == x->mark_gen)
            return;
        x->mark[id] = x->mark_gen;
        int src = x->val_src[id];
        if (src >= 0 && !seen[src]) {
            seen[src] = true;
            fc_vec_push(core, src);
        }
        /* the equations of its source that mention it, both sides: the
         * one that fixed it (`c = t`, or `a + b = 68` solved for a) is
         * among them */
        for (size_t i = 0; i < x->eqs.len; i++) {
            eqn *e = &x->eqs.data[i];
            if (e->used && e->src == src &&
                (mentions(e->lhs, n) || mentions(e->rhs, n))) {
                deps(x, e->lhs, seen, core);
                deps(x, e->rhs, seen, core);
            }
        }
        return;
    }
    const term_value *tv = x->nterms ? term_value_of(x, n) : NULL;
    if (tv) {
        /* the equation that gave the term its value, and what its other
         * side's value rests on */
        const eqn *e = &x->eqs.data[tv->eq];
        if (!seen[e->src]) {
            seen[e->src] = true;
            fc_vec_push(core, e->src);
        }
        deps(x, e->lhs == n ? e->rhs : e->lhs, seen, core);
    }
    for (size_t i = 0; i < n->nargs; i++)
        deps(x, n->args[i], seen, core);
}

static void core_of(fc_exact *x, int src, const fc_node *const *forms,
                    size_t n, fc_ivec *core)
{
    bool stackseen[64];
    bool *seen = n <= 64 ? stackseen : fc_xmalloc(n);
    memset(seen, 0, n);
    if (++x->mark_gen == 0)
        x->mark_gen = 1;
    core->len = 0;
    seen[src] = true;
    fc_vec_push(core, src);
    deps(x, forms[src], seen, core);
    if (seen != stackseen)
        free(seen);
}

/* The one numeric constant without a value in n (*c), counting them
 * (up to 2) in *count. */
static void sole_unfixed(fc_exact *x, const fc_node *n, const fc_node **c,
                         int *count)
{
    if (*count > 1)
        return;
    if (numeric_const(x, n)) {
        grow_syms(x, n->sym->id);
        if (!has_value(x, n) && n != *c) {
            *c = n;
            (*count)++;
        }
        return;
    }
    if (n->kind == FC_APP || fc_kind_is_quant(n->kind))
        return;
    for (size_t i = 0; i < n->nargs; i++)
        sole_unfixed(x, n->args[i], c, count);
}

/* Is n affine in c: c only under + - and negation, times factors and over
 * divisors that do not mention it? */
static bool affine_in(const fc_node *n, const fc_node *c)
{
    if (n == c || !mentions(n, c))
        return true;
    switch ((fc_kind)n->kind) {
    case FC_ADD:
    case FC_SUB:
    case FC_NEG:
        for (size_t i = 0; i < n->nargs; i++)
            if (!affine_in(n->args[i], c))
                return false;
        return true;
    case FC_MUL: {
        int with = 0;
        for (size_t i = 0; i < n->nargs; i++)
            if (mentions(n->args[i], c)) {
                with++;
                if (!affine_in(n->args[i], c))
                    return false;
            }
        return with == 1;
    }
    case FC_DIV:
        return !mentions(n->args[1], c) && affine_in(n->args[0], c);
    default:
        return false;
    }
}

/* lhs - rhs with c at v, into out. */
static ev difference_at(fc_exact *x, const eqn *e, const fc_node *c, long v,
                        mpq_srcptr at, mpq_t out)
{
    uint32_t id = c->sym->id;
    if (at)
        mpq_set(x->val[id], at);
    else
        mpq_set_si(x->val[id], v, 1);
    x->val_gen[id] = x->gen;
    mpq_t r;
    mpq_init(r);
    ev a = eval(x, e->lhs, out), b = eval(x, e->rhs, r);
    if (a == EV_OK && b == EV_OK)
        mpq_sub(out, out, r);
    x->val_gen[id] = x->gen - 1;
    mpq_clear(r);
    return a != EV_OK ? a : b;
}

/* An equation with one constant c left, affine in c with a slope that is
 * not 0, fixes c: `a + b = 68` with b = 20 gives a = 48.  True when it
 * did. */
static bool solve_affine(fc_exact *x, eqn *e)
{
    const fc_node *c = NULL;
    int count = 0;
    sole_unfixed(x, e->lhs, &c, &count);
    sole_unfixed(x, e->rhs, &c, &count);
    if (count != 1 || !affine_in(e->lhs, c) || !affine_in(e->rhs, c))
        return false;
    mpq_t f0, f1, v;
    mpq_inits(f0, f1, v, NULL);
    bool ok = difference_at(x, e, c, 0, NULL, f0) == EV_OK &&
              difference_at(x, e, c, 1, NULL, f1) == EV_OK;
    if (ok) {
        mpq_sub(f1, f1, f0); /* the slope */
        ok = mpq_sgn(f1) != 0;
    }
    if (ok) {
        mpq_neg(f0, f0);
        mpq_div(v, f0, f1);
        /* an Int that the equation would make a fraction: left to Z3 */
        ok = !too_big(v) && (sort_of(x, c) != FC_SORT_INT ||
                             mpz_cmp_ui(mpq_denref(v), 1) == 0) &&
             difference_at(x, e, c, 0, v, f0) == EV_OK && mpq_sgn(f0) == 0;
    }
    if (ok) {
        mpq_set(x->val[c->sym->id], v);
        x->val_gen[c->sym->id] = x->gen;
        x->val_src[c->sym->id] = e->src;
        e->used = true;
    }
    mpq_clears(f0, f1, v, NULL);
    return ok;
}

/* An equation between a term whose constants are not all valued and a
 * side that evaluates gives the term that value: `a + b = 68` makes `t1
 * = a + b` fix t1.  True when it did. */
static bool term_equation(fc_exact *x, eqn *e, size_t at)
{
    mpq_t v, w;
    mpq_inits(v, w, NULL);
    bool done = false;
    for (int side = 0; side < 2 && !done; side++) {
        const fc_node *t = side ? e->rhs : e->lhs;
        const fc_node *o = side ? e->lhs : e->rhs;
        if (!fc_kind_is_arith(t->kind) || t->nargs == 0 ||
            term_value_of(x, t) || eval(x, t, w) != EV_UNFIXED ||
            eval(x, o, v) != EV_OK)
            continue;
        if (x->nterms == x->terms_cap) {
            size_t cap = x->terms_cap ? 2 * x->terms_cap : 8;
            x->terms = fc_xrealloc(x->terms, cap * sizeof *x->terms);
            for (size_t i = x->terms_cap; i < cap; i++)
                mpq_init(x->terms[i].v);
            x->terms_cap = cap;
        }
        term_value *tv = &x->terms[x->nterms++];
        tv->n = t;
        tv->eq = at;
        mpq_set(tv->v, v);
        /* not used up: once a trial value leaves one constant of the
         * term, the equation still solves for it */
        done = true;
    }
    mpq_clears(v, w, NULL);
    return done;
}

/* Fixes the constants that the equations give values, pass after pass
 * while new ones are fixed.  -1, or the index of an equation that gives
 * an Int constant a value that is not an integer (the set is then
 * unsatisfiable). */
static int propagate(fc_exact *x)
{
    mpq_t v;
    mpq_init(v);
    int bad = -1;
    for (int pass = 0; pass < MAX_PASSES && bad < 0; pass++) {
        bool changed = false;
        for (size_t i = 0; i < x->eqs.len && bad < 0; i++) {
            eqn *e = &x->eqs.data[i];
            if (e->used)
                continue;
            for (int side = 0; side < 2 && !e->used; side++) {
                const fc_node *c = side ? e->rhs : e->lhs;
                const fc_node *t = side ? e->lhs : e->rhs;
                if (!numeric_const(x, c))
                    continue;
                grow_syms(x, c->sym->id);
                if (has_value(x, c) || eval(x, t, v) != EV_OK)
                    continue;
                e->used = true;
                if (sort_of(x, c) == FC_SORT_INT &&
                    mpz_cmp_ui(mpq_denref(v), 1) != 0) {
                    bad = e->src;
                    break;
                }
                mpq_set(x->val[c->sym->id], v);
                x->val_gen[c->sym->id] = x->gen;
                x->val_src[c->sym->id] = e->src;
                changed = true;
            }
            if (!e->used && solve_affine(x, e))
                changed = true;
            if (!e->used && term_equation(x, e, i))
                changed = true;
        }
        if (!changed)
            break;
    }
    mpq_clear(v);
    return bad;
}

/* A new valuation from the equations among the positive formulas. */
static int build(fc_exact *x, const fc_node *const *forms, const bool *neg,
                 size_t n)
{
    if (++x->gen == 0) {
        memset(x->val_gen, 0, x->nval * sizeof(uint32_t));
        x->gen = 1;
    }
    x->eqs.len = 0;
    x->nterms = 0;
    x->zero_div = NULL;
    for (size_t i = 0; i < n; i++)
        if (!neg[i])
            collect_eqs(x, forms[i], (int)i);
    return x->eqs.len ? propagate(x) : -1;
}

static bool defined_by_eq(const fc_exact *x, const fc_node *c);

/* A numeric constant of n without a value (sources: also not a whole
 * side of an equation not yet used), or NULL. */
static const fc_node *unfixed(fc_exact *x, const fc_node *n, bool sources)
{
    if (numeric_const(x, n)) {
        grow_syms(x, n->sym->id);
        return has_value(x, n) || (sources && defined_by_eq(x, n)) ? NULL
                                                                  : n;
    }
    if (n->kind == FC_APP || fc_kind_is_quant(n->kind))
        return NULL;
    for (size_t i = 0; i < n->nargs; i++) {
        const fc_node *c = unfixed(x, n->args[i], sources);
        if (c)
            return c;
    }
    return NULL;
}

/* Is c a whole side of an equation not yet used: a constant that
 * equations would fix once the other side has a value? */
static bool defined_by_eq(const fc_exact *x, const fc_node *c)
{
    for (size_t i = 0; i < x->eqs.len; i++)
        if (!x->eqs.data[i].used &&
            (x->eqs.data[i].lhs == c || x->eqs.data[i].rhs == c))
            return true;
    return false;
}

/* The free constant to give a trial value next: one that no equation
 * would fix (in `t1 = a + b` with b fixed, a, not t1: then the equation
 * fixes t1), else any. */
static const fc_node *next_free(fc_exact *x, const fc_node *const *forms,
                                size_t n)
{
    for (int sources = 1; sources >= 0; sources--)
        for (size_t i = 0; i < n; i++) {
            const fc_node *c = unfixed(x, forms[i], sources);
            if (c)
                return c;
        }
    return NULL;
}

/* TV_T only for a model: every formula true with every constant it needs
 * valued (a value read off a term, `a + b = 68`, fixes no constant: `a *
 * b = 5` could still fail), TV_F when one formula is false under values
 * the equations force, TV_U otherwise. */
static tv eval_all(fc_exact *x, const fc_node *const *forms, const bool *neg,
                   size_t n, int *false_at)
{
    tv all = TV_T;
    x->term_used = false;
    for (size_t i = 0; i < n; i++) {
        tv v = eval_bool(x, forms[i]);
        if (neg[i])
            v = not_tv(v);
        if (v == TV_F) {
            *false_at = (int)i;
            return TV_F;
        }
        if (v == TV_U)
            all = TV_U;
    }
    return all == TV_T && x->term_used ? TV_U : all;
}

/* Values tried for the constants that the equations leave free. */
static const long trial_values[] = {1, 0, 2, 3, -1, 5, 10};
#define NTRIALS (sizeof trial_values / sizeof *trial_values)
/* Every combination is tried for up to this many free constants; beyond,
 * one value for all of them. */
#define TRIAL_EXHAUSTIVE 3

/* A model by trial: the free constants get the values of combo (by
 * position; the last value for those beyond), one at a time, and the
 * equations fix what follows from each.  True when every formula is then
 * true: a model, so the set is satisfiable.  False says nothing. */
static bool trial_model(fc_exact *x, const fc_node *const *forms,
                        const bool *neg, size_t n, const long *combo,
                        size_t ncombo)
{
    if (build(x, forms, neg, n) >= 0)
        return false;
    for (int k = 0; k < MAX_PASSES; k++) {
        const fc_node *c = next_free(x, forms, n);
        if (!c)
            break;
        long v = combo[(size_t)k < ncombo ? (size_t)k : ncombo - 1];
        mpq_set_si(x->val[c->sym->id], v, 1);
        x->val_gen[c->sym->id] = x->gen;
        x->val_src[c->sym->id] = -1;
        if (propagate(x) >= 0)
            return false;
    }
    int at;
    return eval_all(x, forms, neg, n, &at) == TV_T;
}

typedef FC_VEC(long) long_vec;

static void numerals_of(fc_exact *x, const fc_node *n, long_vec *out)
{
    if (n->kind == FC_NUM && out->len < 16) {
        mpq_t q;
        mpq_init(q);
        if (numeral(x, n, q) && mpz_cmp_ui(mpq_denref(q), 1) == 0 &&
            mpz_fits_slong_p(mpq_numref(q))) {
            long v = mpz_get_si(mpq_numref(q));
            long near[] = {v, v + 1, v - 1, 2 * v, 2 * v + 1, -v};
            for (size_t i = 0; i < 6; i++)
                fc_vec_push(out, near[i]);
        }
        mpq_clear(q);
        return;
    }
    for (size_t i = 0; i < n->nargs; i++)
        numerals_of(x, n->args[i], out);
}

/* Small values for the free constants, every combination for the first
 * few; with one free constant, also the numerals of the formulas and
 * their neighbours (`ceil(b / 2) = 6` needs b = 11 or 12). */
static bool trial_models(fc_exact *x, const fc_node *const *forms,
                         const bool *neg, size_t n)
{
    size_t nfree = 0;
    if (build(x, forms, neg, n) >= 0)
        return false;
    const fc_node *first = next_free(x, forms, n);
    if (!first)
        return false;
    /* one free constant: does fixing it fix everything? */
    mpq_set_si(x->val[first->sym->id], 1, 1);
    x->val_gen[first->sym->id] = x->gen;
    if (propagate(x) < 0) {
        nfree = 1;
        for (size_t i = 0; i < n && nfree == 1; i++)
            if (unfixed(x, forms[i], false))
                nfree = 2;
    }
    if (nfree == 1) {
        long_vec vals = {0};
        for (size_t i = 0; i < NTRIALS; i++)
            fc_vec_push(&vals, trial_values[i]);
        for (size_t i = 0; i < n; i++)
            numerals_of(x, forms[i], &vals);
        bool ok = false;
        for (size_t i = 0; i < vals.len && !ok; i++)
            ok = trial_model(x, forms, neg, n, &vals.data[i], 1);
        fc_vec_free(&vals);
        return ok;
    }
    long combo[TRIAL_EXHAUSTIVE];
    size_t total = 1;
    for (size_t i = 0; i < TRIAL_EXHAUSTIVE; i++)
        total *= NTRIALS;
    for (size_t t = 0; t < total; t++) {
        size_t r = t;
        for (size_t i = 0; i < TRIAL_EXHAUSTIVE; i++) {
            combo[i] = trial_values[r % NTRIALS];
            r /= NTRIALS;
        }
        if (trial_model(x, forms, neg, n, combo, TRIAL_EXHAUSTIVE))
            return true;
    }
    return false;
}

fc_answer fc_exact_decide(fc_exact *x, const fc_node *const *forms,
                          const bool *neg, size_t n, int search,
                          fc_ivec *core)
{
    int bad = build(x, forms, neg, n);
    if (bad >= 0) {
        if (core)
            core_of(x, bad, forms, n, core);
        return FC_UNSAT;
    }
    int at = -1;
    tv all = eval_all(x, forms, neg, n, &at);
    if (all == TV_F) {
        if (core)
            core_of(x, at, forms, n, core);
        return FC_UNSAT;
    }
    if (all == TV_T)
        return FC_SAT;
    static const long one[] = {1}, zero[] = {0};
    if (search == 1 && (trial_model(x, forms, neg, n, one, 1) ||
                        trial_model(x, forms, neg, n, zero, 1)))
        return FC_SAT;
    if (search >= 2 && trial_models(x, forms, neg, n))
        return FC_SAT;
    return FC_UNKNOWN;
}

/* As Z3 writes numerals: "24", "-5/2". */
static char *numeral_text(const mpq_t q)
{
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0)
        return mpz_get_str(NULL, 10, mpq_numref(q));
    char *num = mpz_get_str(NULL, 10, mpq_numref(q));
    char *den = mpz_get_str(NULL, 10, mpq_denref(q));
    fc_buf b = {0};
    fc_buf_printf(&b, "%s/%s", num, den);
    free(num);
    free(den);
    return b.data;
}

char *fc_exact_value(fc_exact *x, const fc_node *const *forms,
                     const bool *neg, size_t n, const fc_node *term)
{
    if (build(x, forms, neg, n) >= 0)
        return NULL;
    mpq_t v;
    mpq_init(v);
    char *s = eval(x, term, v) == EV_OK ? numeral_text(v) : NULL;
    mpq_clear(v);
    return s;
}

static const fc_node *zero_divisor(fc_exact *x, const fc_node *f)
{
    for (size_t i = 0; i < f->nargs; i++) {
        const fc_node *z = zero_divisor(x, f->args[i]);
        if (z)
            return z;
    }
    if (f->kind == FC_DIV || f->kind == FC_MOD || f->kind == FC_IDIV) {
        mpq_t v;
        mpq_init(v);
        bool zero = eval(x, f->args[1], v) == EV_OK && mpq_sgn(v) == 0;
        mpq_clear(v);
        if (zero)
            return f;
    }
    return NULL;
}

const fc_node *fc_exact_zero_divisor(fc_exact *x, const fc_node *const *forms,
                                     const bool *neg, size_t n,
                                     const fc_node *f)
{
    if (build(x, forms, neg, n) >= 0)
        return NULL;
    return zero_divisor(x, f);
}
