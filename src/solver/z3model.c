#include "solver/z3model.h"

#include <stdio.h>

#include "lang/sorts.h"

/* The countermodel lists the domains of at most MAX_UNIVERSES sorts, at
 * most MAX_LISTED elements of each, and the tables of predicates and
 * functions of at most MAX_TABLE entries. */
#define MAX_UNIVERSES 16
#define MAX_LISTED 64
#define MAX_TABLE 36
#define MAX_FOCUS 1024

char *fc_z3_eval_numeral(fc_z3_session *s, Z3_model m, Z3_ast term)
{
    Z3_context c = fc_z3_context(s);
    Z3_ast v = NULL;
    if (!m || !Z3_model_eval(c, m, term, true, &v) || !v)
        return NULL;
    Z3_inc_ref(c, v);
    char *r = NULL;
    Z3_sort_kind k = Z3_get_sort_kind(c, Z3_get_sort(c, v));
    if ((k == Z3_INT_SORT || k == Z3_REAL_SORT) && Z3_is_numeral_ast(c, v)) {
        r = fc_xstrdup(Z3_get_numeral_string(c, v));
    } else if ((k == Z3_INT_SORT || k == Z3_REAL_SORT) &&
               Z3_is_algebraic_number(c, v)) {
        r = fc_xstrdup(Z3_get_numeral_decimal_string(c, v, 6));
    }
    Z3_dec_ref(c, v);
    return r;
}

/* ---- the countermodel --------------------------------------------------- */

/* The elements the model gives an uninterpreted sort. */
typedef struct universe {
    uint32_t sort;
    Z3_ast_vector elems;
} universe;

typedef struct printer {
    Z3_context c;
    Z3_model m;
    fc_z3_terms *terms;
    const fc_trace *t;
    universe u[MAX_UNIVERSES];
    size_t nu;
    fc_buf b;           /* the text so far */
    cJSON *j;           /* the same as data, or NULL */
} printer;

static cJSON *jsection(printer *p, const char *name)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(p->j, name);
    return o ? o : cJSON_AddObjectToObject(p->j, name);
}

/* A domain or a table that is not listed whole: its name. */
static void jtruncated(printer *p, const char *name)
{
    if (!p->j)
        return;
    cJSON *a = cJSON_GetObjectItemCaseSensitive(p->j, "truncated");
    if (!a)
        a = cJSON_AddArrayToObject(p->j, "truncated");
    cJSON_AddItemToArray(a, cJSON_CreateString(name));
}

/* A predicate's entries, true and false, for its line of the table, and
 * the same as JSON lists of argument tuples (or the entries of a
 * function: {"args": [...], "value": v}). */
typedef struct truth_lists {
    fc_buf yes, no;
    size_t nyes, nno;
    cJSON *jyes, *jno, *jentries;
} truth_lists;

/* The name of a value: element j of a sort "Person" is "pj" (from 1), a
 * number its decimal, a truth value true or false. */
static const char *elem_name(const printer *p, Z3_ast v, char *buf,
                             size_t len)
{
    Z3_context c = p->c;
    for (size_t i = 0; i < p->nu; i++) {
        unsigned m = Z3_ast_vector_size(c, p->u[i].elems);
        for (unsigned j = 0; j < m; j++)
            if (Z3_is_eq_ast(c, Z3_ast_vector_get(c, p->u[i].elems, j), v)) {
                const char *sn = fc_sort_name(p->t->ast, p->u[i].sort);
                snprintf(buf, len, "%c%u", sn[0] >= 'A' && sn[0] <= 'Z'
                                               ? sn[0] + 32 : sn[0], j + 1);
                return buf;
            }
    }
    if (Z3_is_numeral_ast(c, v))
        snprintf(buf, len, "%s", Z3_get_numeral_string(c, v));
    else if (Z3_is_algebraic_number(c, v))
        snprintf(buf, len, "%s", Z3_get_numeral_decimal_string(c, v, 6));
    else if (Z3_get_bool_value(c, v) == Z3_L_TRUE)
        snprintf(buf, len, "true");
    else if (Z3_get_bool_value(c, v) == Z3_L_FALSE)
        snprintf(buf, len, "false");
    else
        snprintf(buf, len, "%s", Z3_ast_to_string(c, v));
    return buf;
}

/* The functions and predicates that n applies, by index, each once. */
static void collect_funcs(const fc_trace *t, const fc_node *n, fc_ivec *out)
{
    if (n->kind == FC_APP) {
        fc_func *f = fc_func_of(t->sorting, t->ast, n);
        if (f) {
            int idx = (int)(f - t->sorting->funcs.data);
            bool seen = false;
            for (size_t i = 0; i < out->len; i++)
                seen |= out->data[i] == idx;
            if (!seen)
                fc_vec_push(out, idx);
        }
    }
    for (size_t i = 0; i < n->nargs; i++)
        collect_funcs(t, n->args[i], out);
}

/* The universe of an uninterpreted sort, once per sort, when the model
 * has one. */
static void add_universe(printer *p, uint32_t srt)
{
    Z3_context c = p->c;
    if (srt < FC_SORT_OBJECT)
        return;
    for (size_t k = 0; k < p->nu; k++)
        if (p->u[k].sort == srt)
            return;
    if (p->nu == MAX_UNIVERSES)
        return;
    Z3_ast_vector v = Z3_model_get_sort_universe(c, p->m,
                                                 fc_z3_sort(p->terms, srt));
    if (!v || Z3_get_error_code(c) != Z3_OK)
        return;
    Z3_ast_vector_inc_ref(c, v);
    p->u[p->nu].sort = srt;
    p->u[p->nu].elems = v;
    p->nu++;
}

/* One line per universe: "domain Person = {p1, p2}". */
static void print_domains(printer *p)
{
    for (size_t k = 0; k < p->nu; k++) {
        unsigned sz = Z3_ast_vector_size(p->c, p->u[k].elems);
        const char *sn = fc_sort_name(p->t->ast, p->u[k].sort);
        cJSON *ja = p->j ? cJSON_AddArrayToObject(jsection(p, "domains"), sn)
                         : NULL;
        fc_buf_printf(&p->b, "domain %s = {", sn);
        for (unsigned j = 0; j < sz && j < MAX_LISTED; j++) {
            char buf[64];
            const char *e = elem_name(
                p, Z3_ast_vector_get(p->c, p->u[k].elems, j), buf, sizeof buf);
            fc_buf_printf(&p->b, "%s%s", j ? ", " : "", e);
            if (ja)
                cJSON_AddItemToArray(ja, cJSON_CreateString(e));
        }
        if (sz > MAX_LISTED) {
            fc_buf_printf(&p->b, ", ... (%u elements)}\n", sz);
            jtruncated(p, sn);
        } else {
            fc_buf_puts(&p->b, "}\n");
        }
    }
}

/* A constant's line: "alice = p1". */
static void print_constant(printer *p, const fc_func *f, Z3_func_decl d)
{
    Z3_context c = p->c;
    Z3_ast app = Z3_mk_app(c, d, 0, NULL);
    Z3_ast v = NULL;
    Z3_inc_ref(c, app);
    if (Z3_model_eval(c, p->m, app, true, &v) && v) {
        Z3_inc_ref(c, v);
        char buf[128];
        const char *e = elem_name(p, v, buf, sizeof buf);
        fc_buf_printf(&p->b, "%s = %s\n", f->sym->name, e);
        if (p->j)
            cJSON_AddStringToObject(jsection(p, "constants"), f->sym->name,
                                    e);
        Z3_dec_ref(c, v);
    }
    Z3_dec_ref(c, app);
}

/* The entry of f at args: a predicate's tuple goes to its true or false
 * list, a function's value is printed as " f(x) = v;". */
static void print_entry(printer *p, const fc_func *f, Z3_func_decl d,
                        Z3_ast *args, truth_lists *tl)
{
    Z3_context c = p->c;
    Z3_ast app = Z3_mk_app(c, d, f->arity, args);
    Z3_inc_ref(c, app);
    Z3_ast v = NULL;
    if (Z3_model_eval(c, p->m, app, true, &v) && v) {
        Z3_inc_ref(c, v);
        char tuple[200], buf[128], buf2[128];
        if (f->arity == 1)
            snprintf(tuple, sizeof tuple, "%s",
                     elem_name(p, args[0], buf, sizeof buf));
        else
            snprintf(tuple, sizeof tuple, "(%s, %s)",
                     elem_name(p, args[0], buf, sizeof buf),
                     elem_name(p, args[1], buf2, sizeof buf2));
        cJSON *jargs = NULL;
        if (p->j) {
            jargs = cJSON_CreateArray();
            for (size_t i = 0; i < f->arity; i++)
                cJSON_AddItemToArray(
                    jargs, cJSON_CreateString(elem_name(p, args[i], buf,
                                                        sizeof buf)));
        }
        if (f->result == FC_SORT_BOOL) {
            bool t = Z3_get_bool_value(c, v) == Z3_L_TRUE;
            fc_buf_printf(t ? &tl->yes : &tl->no, "%s%s",
                          (t ? tl->nyes : tl->nno) ? ", " : "", tuple);
            if (t)
                tl->nyes++;
            else
                tl->nno++;
            if (jargs)
                cJSON_AddItemToArray(t ? tl->jyes : tl->jno, jargs);
        } else {
            const char *e = elem_name(p, v, buf, sizeof buf);
            fc_buf_printf(&p->b, " %s(%s) = %s;", f->sym->name, tuple, e);
            if (jargs) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddItemToObject(o, "args", jargs);
                cJSON_AddStringToObject(o, "value", e);
                cJSON_AddItemToArray(tl->jentries, o);
            }
        }
        Z3_dec_ref(c, v);
    }
    Z3_dec_ref(c, app);
}

/* The universe of argument j of f, or NULL when the model has none. */
static Z3_ast_vector arg_domain(const printer *p, const fc_func *f, size_t j)
{
    Z3_ast_vector d = NULL;
    for (size_t k = 0; k < p->nu; k++)
        if (p->u[k].sort == f->args[j])
            d = p->u[k].elems;
    return d;
}

/* The line of a predicate or function of one or two arguments, when its
 * table is small: "P: true for {p1}, false for {p2}" or
 * "f: f(p1) = p2; f(p2) = p1;". */
static void print_table(printer *p, const fc_func *f, Z3_func_decl d,
                        bool focus)
{
    Z3_context c = p->c;
    if (f->arity > 2) {
        if (focus)
            jtruncated(p, f->sym->name);
        return;
    }
    Z3_ast_vector doms[2] = {NULL, NULL};
    for (size_t j = 0; j < f->arity; j++)
        if (!(doms[j] = arg_domain(p, f, j))) {
            if (focus)
                jtruncated(p, f->sym->name);
            return;
        }
    unsigned n0 = Z3_ast_vector_size(c, doms[0]);
    unsigned n1 = f->arity == 2 ? Z3_ast_vector_size(c, doms[1]) : 1;
    /* the step's own symbols are shown whole (up to MAX_FOCUS entries) */
    unsigned limit = focus ? MAX_FOCUS : MAX_TABLE;
    if ((unsigned long)n0 * n1 > limit) {
        if (!focus)
            return;
        fc_buf_printf(&p->b, "%s: (%lu entries, the first %u shown)",
                      f->sym->name, (unsigned long)n0 * n1, limit);
        jtruncated(p, f->sym->name);
    }
    truth_lists tl = {0};
    if (p->j) {
        tl.jyes = cJSON_CreateArray();
        tl.jno = cJSON_CreateArray();
        tl.jentries = cJSON_CreateArray();
    }
    if ((unsigned long)n0 * n1 <= limit)
        fc_buf_printf(&p->b, "%s:", f->sym->name);
    unsigned shown = 0;
    for (unsigned x = 0; x < n0 && shown < limit; x++) {
        for (unsigned y = 0; y < n1 && shown < limit; y++, shown++) {
            Z3_ast args[2] = {Z3_ast_vector_get(c, doms[0], x),
                              f->arity == 2
                                  ? Z3_ast_vector_get(c, doms[1], y)
                                  : NULL};
            print_entry(p, f, d, args, &tl);
        }
    }
    if (f->result == FC_SORT_BOOL)
        fc_buf_printf(&p->b, " true for {%s}, false for {%s}",
                      tl.yes.data ? tl.yes.data : "",
                      tl.no.data ? tl.no.data : "");
    fc_buf_putc(&p->b, '\n');
    fc_buf_free(&tl.yes);
    fc_buf_free(&tl.no);
    if (p->j && f->result == FC_SORT_BOOL) {
        cJSON *o = cJSON_AddObjectToObject(jsection(p, "predicates"),
                                           f->sym->name);
        cJSON_AddItemToObject(o, "true", tl.jyes);
        cJSON_AddItemToObject(o, "false", tl.jno);
        cJSON_Delete(tl.jentries);
    } else if (p->j) {
        cJSON_AddItemToObject(jsection(p, "functions"), f->sym->name,
                              tl.jentries);
        cJSON_Delete(tl.jyes);
        cJSON_Delete(tl.jno);
    }
}

char *fc_z3_describe_model(fc_z3_session *s, Z3_model m,
                           const fc_node *const *formulas, size_t n,
                           const fc_node *focus, cJSON **tables)
{
    printer p = {.c = fc_z3_context(s), .m = m,
                 .terms = fc_z3_session_terms(s)};
    p.t = fc_z3_terms_trace(p.terms);
    if (tables) {
        p.j = cJSON_CreateObject();
        /* the sections in a fixed order, empty ones included */
        cJSON_AddObjectToObject(p.j, "domains");
        cJSON_AddObjectToObject(p.j, "constants");
        cJSON_AddObjectToObject(p.j, "functions");
        cJSON_AddObjectToObject(p.j, "predicates");
    }
    fc_sorting *so = p.t->sorting;
    fc_ivec funcs = {0}, mine = {0};
    if (focus) {
        collect_funcs(p.t, focus, &funcs);
        collect_funcs(p.t, focus, &mine);
    }
    for (size_t i = 0; i < n; i++)
        if (formulas[i])
            collect_funcs(p.t, formulas[i], &funcs);
    for (size_t i = 0; i < funcs.len; i++) {
        fc_func *f = &so->funcs.data[funcs.data[i]];
        for (size_t j = 0; j <= f->arity; j++)
            add_universe(&p, j < f->arity ? f->args[j] : f->result);
    }
    print_domains(&p);
    for (size_t i = 0; i < funcs.len; i++) {
        fc_func *f = &so->funcs.data[funcs.data[i]];
        Z3_func_decl d = fc_z3_declared_func(p.terms, (size_t)funcs.data[i]);
        if (!d)
            continue;
        if (f->arity == 0)
            print_constant(&p, f, d);
        else
            print_table(&p, f, d, fc_ivec_contains(&mine, funcs.data[i]));
    }
    for (size_t k = 0; k < p.nu; k++)
        Z3_ast_vector_dec_ref(p.c, p.u[k].elems);
    fc_vec_free(&funcs);
    fc_vec_free(&mine);
    if (tables)
        *tables = p.j;
    return fc_buf_take(&p.b);
}
