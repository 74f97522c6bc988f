#include "solver/z3terms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/sorts.h"

struct fc_z3_terms {
    Z3_context ctx;
    const fc_trace *t;
    Z3_ast *cache;          /* by node id */
    size_t cache_len;
    Z3_sort *sorts;         /* by sort id */
    size_t nsorts;
    Z3_func_decl *funcs;    /* by func index */
    size_t nfuncs;
    FC_VEC(Z3_ast) kept;    /* parts of the built-ins' translations */
};

fc_z3_terms *fc_z3_terms_new(Z3_context ctx, const fc_trace *t)
{
    fc_z3_terms *m = fc_xcalloc(1, sizeof *m);
    m->ctx = ctx;
    m->t = t;
    m->cache_len = fc_ast_node_count(t->ast) + 64;
    m->cache = fc_xcalloc(m->cache_len, sizeof(Z3_ast));
    m->nsorts = fc_sort_count(t->ast);
    m->sorts = fc_xcalloc(m->nsorts, sizeof(Z3_sort));
    m->nfuncs = t->sorting->funcs.len;
    m->funcs = fc_xcalloc(m->nfuncs ? m->nfuncs : 1, sizeof(Z3_func_decl));
    return m;
}

void fc_z3_terms_free(fc_z3_terms *m)
{
    if (!m)
        return;
    Z3_context c = m->ctx;
    for (size_t i = 0; i < m->cache_len; i++)
        if (m->cache[i])
            Z3_dec_ref(c, m->cache[i]);
    for (size_t i = 0; i < m->kept.len; i++)
        Z3_dec_ref(c, m->kept.data[i]);
    fc_vec_free(&m->kept);
    for (size_t i = 0; i < m->nsorts; i++)
        if (m->sorts[i])
            Z3_dec_ref(c, Z3_sort_to_ast(c, m->sorts[i]));
    for (size_t i = 0; i < m->nfuncs; i++)
        if (m->funcs[i])
            Z3_dec_ref(c, Z3_func_decl_to_ast(c, m->funcs[i]));
    free(m->cache);
    free(m->sorts);
    free(m->funcs);
    free(m);
}

const fc_trace *fc_z3_terms_trace(const fc_z3_terms *m) { return m->t; }

Z3_func_decl fc_z3_declared_func(const fc_z3_terms *m, size_t idx)
{
    return idx < m->nfuncs ? m->funcs[idx] : NULL;
}

Z3_sort fc_z3_sort(fc_z3_terms *m, uint32_t sort)
{
    if (sort >= m->nsorts) {
        size_t n = fc_sort_count(m->t->ast);
        m->sorts = fc_xrealloc(m->sorts, n * sizeof(Z3_sort));
        memset(m->sorts + m->nsorts, 0, (n - m->nsorts) * sizeof(Z3_sort));
        m->nsorts = n;
    }
    if (m->sorts[sort])
        return m->sorts[sort];
    Z3_sort r;
    switch (sort) {
    case FC_SORT_BOOL: r = Z3_mk_bool_sort(m->ctx); break;
    case FC_SORT_INT: r = Z3_mk_int_sort(m->ctx); break;
    case FC_SORT_REAL: r = Z3_mk_real_sort(m->ctx); break;
    default:
        r = Z3_mk_uninterpreted_sort(
            m->ctx, Z3_mk_string_symbol(m->ctx,
                                        fc_sort_name(m->t->ast, sort)));
    }
    Z3_inc_ref(m->ctx, Z3_sort_to_ast(m->ctx, r));
    m->sorts[sort] = r;
    return r;
}

/* The Z3 symbol of the function an APP node applies, declared on first
 * use; an overloaded name gets its arity ("f/2"). */
static Z3_func_decl z3_func(fc_z3_terms *m, const fc_node *n)
{
    fc_sorting *so = m->t->sorting;
    fc_func *f = fc_func_of(so, m->t->ast, n);
    if (!f)
        return NULL;
    size_t idx = (size_t)(f - so->funcs.data);
    if (idx < m->nfuncs && m->funcs[idx])
        return m->funcs[idx];
    Z3_sort dom[64];
    if (f->arity > 64)
        return NULL;
    for (size_t i = 0; i < f->arity; i++)
        dom[i] = fc_z3_sort(m, f->args[i]);
    char name[256];
    if (f->overloaded)
        snprintf(name, sizeof name, "%s/%u", f->sym->name, f->arity);
    else
        snprintf(name, sizeof name, "%s", f->sym->name);
    Z3_func_decl d = Z3_mk_func_decl(m->ctx, Z3_mk_string_symbol(m->ctx, name),
                                     f->arity, dom, fc_z3_sort(m, f->result));
    Z3_inc_ref(m->ctx, Z3_func_decl_to_ast(m->ctx, d));
    if (idx < m->nfuncs)
        m->funcs[idx] = d;
    return d;
}

/* The constant "x$" that a variable x (of a VAR or quantifier node)
 * becomes: a bound variable is the constant its VAR node translates to. */
static Z3_ast var_const(fc_z3_terms *m, const fc_node *n, uint32_t sort)
{
    Z3_context c = m->ctx;
    char name[256];
    snprintf(name, sizeof name, "%s$", n->sym->name);
    return Z3_mk_const(c, Z3_mk_string_symbol(c, name), fc_z3_sort(m, sort));
}

/* A quantifier: its body, then its variable, of the declared sort or else
 * the sort inferred for its VAR node. */
static Z3_ast quantifier(fc_z3_terms *m, const fc_node *n)
{
    Z3_context c = m->ctx;
    Z3_ast body = fc_z3_translate(m, n->args[0]);
    if (!body)
        return NULL;
    uint32_t vsort = n->annot;
    if (!vsort) {
        fc_node *var = fc_quant_var(m->t->ast, n);
        vsort = fc_sort_of(m->t->sorting, m->t->ast, var);
    }
    Z3_app bound = Z3_to_app(c, var_const(m, n, vsort));
    return n->kind == FC_FORALL
               ? Z3_mk_forall_const(c, 0, 1, &bound, 0, NULL, body)
               : Z3_mk_exists_const(c, 0, 1, &bound, 0, NULL, body);
}

/* The parts of a built-in's translation are kept alive with the terms
 * (a context with reference counting may free an unreferenced term at
 * the next call). */
typedef struct keep {
    Z3_context c;
    fc_z3_terms *m;
} keep;

static Z3_ast K(keep *k, Z3_ast x)
{
    if (x) {
        Z3_inc_ref(k->c, x);
        fc_vec_push(&k->m->kept, x);
    }
    return x;
}

static bool is_int(Z3_context c, Z3_ast x)
{
    return Z3_get_sort_kind(c, Z3_get_sort(c, x)) == Z3_INT_SORT;
}

static bool is_real(Z3_context c, Z3_ast x)
{
    return Z3_get_sort_kind(c, Z3_get_sort(c, x)) == Z3_REAL_SORT;
}

static Z3_ast to_real(keep *k, Z3_ast x)
{
    return is_int(k->c, x) ? K(k, Z3_mk_int2real(k->c, x)) : x;
}

/* Int and Real meet as rationals: when one argument is Real, the Int
 * ones are promoted (`x = 7 / 2` with x an Int is false, not an error). */
static void promote(keep *k, Z3_ast *args, size_t n)
{
    bool any_real = false, any_int = false;
    for (size_t i = 0; i < n; i++) {
        any_real |= is_real(k->c, args[i]);
        any_int |= is_int(k->c, args[i]);
    }
    if (any_real && any_int)
        for (size_t i = 0; i < n; i++)
            args[i] = to_real(k, args[i]);
}

static Z3_ast num(keep *k, int v, Z3_ast like)
{
    return K(k, Z3_mk_int(k->c, v, Z3_get_sort(k->c, like)));
}

static Z3_ast neg(keep *k, Z3_ast x)
{
    return K(k, Z3_mk_unary_minus(k->c, x));
}

/* floor(x): Z3's to_int is the floor. */
static Z3_ast z3_floor(keep *k, Z3_ast x)
{
    return is_int(k->c, x) ? x : K(k, Z3_mk_real2int(k->c, x));
}

static Z3_ast z3_ceil(keep *k, Z3_ast x)
{
    if (is_int(k->c, x))
        return x;
    return neg(k, K(k, Z3_mk_real2int(k->c, neg(k, x))));
}

static Z3_ast ite(keep *k, Z3_ast cond, Z3_ast a, Z3_ast b)
{
    return K(k, Z3_mk_ite(k->c, cond, a, b));
}

static Z3_ast z3_trunc(keep *k, Z3_ast x)
{
    if (is_int(k->c, x))
        return x;
    return ite(k, K(k, Z3_mk_ge(k->c, x, num(k, 0, x))), z3_floor(k, x),
               z3_ceil(k, x));
}

/* round half to even, as Python's round(). */
static Z3_ast z3_round(keep *k, Z3_ast x)
{
    Z3_context c = k->c;
    if (is_int(c, x))
        return x;
    Z3_sort is = Z3_mk_int_sort(c);
    Z3_ast f = K(k, Z3_mk_real2int(c, x));
    Z3_ast d = K(k, Z3_mk_sub(c, 2, (Z3_ast[]){x, to_real(k, f)}));
    Z3_ast half = K(k, Z3_mk_real(c, 1, 2));
    Z3_ast up = K(k, Z3_mk_add(c, 2, (Z3_ast[]){f, K(k, Z3_mk_int(c, 1, is))}));
    Z3_ast rem = K(k, Z3_mk_mod(c, f, K(k, Z3_mk_int(c, 2, is))));
    Z3_ast even = K(k, Z3_mk_eq(c, rem, K(k, Z3_mk_int(c, 0, is))));
    return ite(k, K(k, Z3_mk_gt(c, d, half)), up,
               ite(k, K(k, Z3_mk_lt(c, d, half)), f, ite(k, even, f, up)));
}

/* a div b = floor(a / b); a mod b = a - b * floor(a / b), which has the
 * divisor's sign, as in Python. */
static Z3_ast z3_idiv(keep *k, Z3_ast a, Z3_ast b)
{
    Z3_ast q = K(k, Z3_mk_div(k->c, to_real(k, a), to_real(k, b)));
    return K(k, Z3_mk_real2int(k->c, q));
}

static Z3_ast z3_mod(keep *k, Z3_ast a, Z3_ast b)
{
    Z3_ast ab[2] = {a, b};
    promote(k, ab, 2);
    Z3_ast q = z3_idiv(k, ab[0], ab[1]);
    if (is_real(k->c, ab[0]))
        q = to_real(k, q);
    Z3_ast bq = K(k, Z3_mk_mul(k->c, 2, (Z3_ast[]){ab[1], q}));
    return K(k, Z3_mk_sub(k->c, 2, (Z3_ast[]){ab[0], bq}));
}

static Z3_ast z3_pow(keep *k, Z3_ast x, const char *exp)
{
    long e = strtol(exp, NULL, 10);
    if (e == 0)
        return num(k, 1, x);
    if (e == 1)
        return x;
    if (e > 16) {
        Z3_ast en = K(k, Z3_mk_numeral(k->c, exp, Z3_get_sort(k->c, x)));
        return K(k, Z3_mk_power(k->c, x, en));
    }
    Z3_ast f[16];
    for (long i = 0; i < e; i++)
        f[i] = x;
    return K(k, Z3_mk_mul(k->c, (unsigned)e, f));
}

static Z3_ast z3_minmax(keep *k, Z3_ast *args, size_t n, bool max)
{
    promote(k, args, n);
    Z3_ast r = args[0];
    for (size_t i = 1; i < n; i++) {
        Z3_ast cmp = K(k, max ? Z3_mk_ge(k->c, r, args[i])
                              : Z3_mk_le(k->c, r, args[i]));
        r = ite(k, cmp, r, args[i]);
    }
    return r;
}

static Z3_ast builtin(keep *k, const fc_node *n, Z3_ast *args)
{
    switch ((fc_kind)n->kind) {
    case FC_DIV: return Z3_mk_div(k->c, to_real(k, args[0]), to_real(k, args[1]));
    case FC_MOD: return z3_mod(k, args[0], args[1]);
    case FC_IDIV: return z3_idiv(k, args[0], args[1]);
    case FC_POW: return z3_pow(k, args[0], n->args[1]->num);
    case FC_FLOOR: return z3_floor(k, args[0]);
    case FC_CEIL: return z3_ceil(k, args[0]);
    case FC_ROUND: return z3_round(k, args[0]);
    case FC_TRUNC: return z3_trunc(k, args[0]);
    case FC_ABS:
        return ite(k, K(k, Z3_mk_ge(k->c, args[0], num(k, 0, args[0]))),
                   args[0], neg(k, args[0]));
    case FC_MIN: return z3_minmax(k, args, n->nargs, false);
    case FC_MAX: return z3_minmax(k, args, n->nargs, true);
    default: return NULL;
    }
}

/* An arithmetic or logical operator over its translated arguments. */
static Z3_ast operation(fc_z3_terms *m, const fc_node *n, Z3_ast *args)
{
    Z3_context c = m->ctx;
    keep k = {.c = c, .m = m};
    switch ((fc_kind)n->kind) {
    case FC_ADD: case FC_SUB: case FC_MUL: case FC_EQ: case FC_NE:
    case FC_LT: case FC_LE: case FC_GT: case FC_GE:
        promote(&k, args, n->nargs);
        break;
    default:
        break;
    }
    Z3_ast r = NULL;
    switch ((fc_kind)n->kind) {
    case FC_NEG: r = Z3_mk_unary_minus(c, args[0]); break;
    case FC_ADD: r = Z3_mk_add(c, n->nargs, args); break;
    case FC_SUB: r = Z3_mk_sub(c, n->nargs, args); break;
    case FC_MUL: r = Z3_mk_mul(c, n->nargs, args); break;
    case FC_EQ: r = Z3_mk_eq(c, args[0], args[1]); break;
    case FC_NE: r = Z3_mk_not(c, Z3_mk_eq(c, args[0], args[1])); break;
    case FC_LT: r = Z3_mk_lt(c, args[0], args[1]); break;
    case FC_LE: r = Z3_mk_le(c, args[0], args[1]); break;
    case FC_GT: r = Z3_mk_gt(c, args[0], args[1]); break;
    case FC_GE: r = Z3_mk_ge(c, args[0], args[1]); break;
    case FC_NOT: r = Z3_mk_not(c, args[0]); break;
    case FC_AND: r = Z3_mk_and(c, n->nargs, args); break;
    case FC_OR: r = Z3_mk_or(c, n->nargs, args); break;
    case FC_XOR: r = Z3_mk_xor(c, args[0], args[1]); break;
    case FC_IMPLIES: r = Z3_mk_implies(c, args[0], args[1]); break;
    case FC_IFF: r = Z3_mk_iff(c, args[0], args[1]); break;
    default: r = builtin(&k, n, args); break;
    }
    return r;
}

/* A numeral: a fraction or a percent is a Real whatever sort the
 * context gave it ("20%" is 0.2). */
static Z3_ast numeral(fc_z3_terms *m, const fc_node *n)
{
    Z3_context c = m->ctx;
    uint32_t sort = fc_sort_of(m->t->sorting, m->t->ast, n);
    if (!fc_num_is_percent(n)) {
        if (sort == FC_SORT_INT && strchr(n->num, '.'))
            sort = FC_SORT_REAL;
        return Z3_mk_numeral(c, n->num, fc_z3_sort(m, sort));
    }
    size_t len = strlen(n->num) - 1;
    char *s = fc_xmalloc(len + 8);
    snprintf(s, len + 8, "%.*s/100", (int)len, n->num);
    /* "12.5/100" is not a Z3 numeral: scale the decimal instead */
    const char *dot = memchr(n->num, '.', len);
    Z3_ast r;
    if (!dot) {
        r = Z3_mk_numeral(c, s, Z3_mk_real_sort(c));
    } else {
        size_t frac = len - (size_t)(dot - n->num) - 1;
        fc_buf b = {0};
        fc_buf_putn(&b, n->num, (size_t)(dot - n->num));
        fc_buf_putn(&b, dot + 1, frac);
        fc_buf_puts(&b, "/1");
        for (size_t i = 0; i < frac + 2; i++)
            fc_buf_putc(&b, '0');
        r = Z3_mk_numeral(c, b.data, Z3_mk_real_sort(c));
        fc_buf_free(&b);
    }
    free(s);
    return r;
}

/* A node, its arguments first (a quantifier translates its body itself). */
static Z3_ast translate_uncached(fc_z3_terms *m, const fc_node *n)
{
    Z3_context c = m->ctx;
    Z3_ast stackargs[16];
    Z3_ast *args = n->nargs <= 16 ? stackargs
                                  : fc_xmalloc(n->nargs * sizeof(Z3_ast));
    Z3_ast r = NULL;
    if (!fc_kind_is_quant(n->kind)) {
        for (size_t i = 0; i < n->nargs; i++) {
            args[i] = fc_z3_translate(m, n->args[i]);
            if (!args[i])
                goto done;
        }
    }
    switch ((fc_kind)n->kind) {
    case FC_TRUE: r = Z3_mk_true(c); break;
    case FC_FALSE: r = Z3_mk_false(c); break;
    case FC_VAR:
        r = var_const(m, n, fc_sort_of(m->t->sorting, m->t->ast, n));
        break;
    case FC_APP: {
        Z3_func_decl d = z3_func(m, n);
        if (d)
            r = Z3_mk_app(c, d, n->nargs, args);
        break;
    }
    case FC_NUM: r = numeral(m, n); break;
    case FC_FORALL:
    case FC_EXISTS: r = quantifier(m, n); break;
    default: r = operation(m, n, args); break;
    }
done:
    if (args != stackargs)
        free(args);
    if (r && Z3_get_error_code(c) != Z3_OK)
        r = NULL;
    return r;
}

Z3_ast fc_z3_translate(fc_z3_terms *m, const fc_node *n)
{
    if (n->id >= m->cache_len) {
        size_t len = m->cache_len * 2;
        while (len <= n->id)
            len *= 2;
        m->cache = fc_xrealloc(m->cache, len * sizeof(Z3_ast));
        memset(m->cache + m->cache_len, 0,
               (len - m->cache_len) * sizeof(Z3_ast));
        m->cache_len = len;
    }
    if (m->cache[n->id])
        return m->cache[n->id];
    Z3_ast r = translate_uncached(m, n);
    if (!r)
        return NULL;
    Z3_inc_ref(m->ctx, r);
    m->cache[n->id] = r;
    return r;
}
