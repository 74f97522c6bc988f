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

/* The constant "$x" that a variable x (of a VAR or quantifier node)
 * becomes: a bound variable is the constant its VAR node translates to. */
static Z3_ast var_const(fc_z3_terms *m, const fc_node *n, uint32_t sort)
{
    Z3_context c = m->ctx;
    char name[256];
    snprintf(name, sizeof name, "$%s", n->sym->name);
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

/* An arithmetic or logical operator over its translated arguments. */
static Z3_ast operation(Z3_context c, const fc_node *n, Z3_ast *args)
{
    switch ((fc_kind)n->kind) {
    case FC_NEG: return Z3_mk_unary_minus(c, args[0]);
    case FC_ADD: return Z3_mk_add(c, n->nargs, args);
    case FC_SUB: return Z3_mk_sub(c, n->nargs, args);
    case FC_MUL: return Z3_mk_mul(c, n->nargs, args);
    case FC_DIV: return Z3_mk_div(c, args[0], args[1]);
    case FC_EQ: return Z3_mk_eq(c, args[0], args[1]);
    case FC_NE: return Z3_mk_not(c, Z3_mk_eq(c, args[0], args[1]));
    case FC_LT: return Z3_mk_lt(c, args[0], args[1]);
    case FC_LE: return Z3_mk_le(c, args[0], args[1]);
    case FC_GT: return Z3_mk_gt(c, args[0], args[1]);
    case FC_GE: return Z3_mk_ge(c, args[0], args[1]);
    case FC_NOT: return Z3_mk_not(c, args[0]);
    case FC_AND: return Z3_mk_and(c, n->nargs, args);
    case FC_OR: return Z3_mk_or(c, n->nargs, args);
    case FC_XOR: return Z3_mk_xor(c, args[0], args[1]);
    case FC_IMPLIES: return Z3_mk_implies(c, args[0], args[1]);
    case FC_IFF: return Z3_mk_iff(c, args[0], args[1]);
    default: return NULL;
    }
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
    case FC_NUM:
        r = Z3_mk_numeral(c, n->num,
                          fc_z3_sort(m, fc_sort_of(m->t->sorting, m->t->ast,
                                                   n)));
        break;
    case FC_FORALL:
    case FC_EXISTS: r = quantifier(m, n); break;
    default: r = operation(c, n, args); break;
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
