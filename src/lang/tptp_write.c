#include "lang/tptp_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One problem being written. */
typedef struct wr {
    const fc_trace *t;
    fc_sorting *so;
    bool typed;            /* tff: arithmetic or sorts besides $i */
    fc_buf *b;
    const char *why;       /* what cannot be written, or NULL */
    FC_VEC(fc_func *) funcs;  /* used, to declare (tff) */
    FC_VEC(uint32_t) sorts;   /* user sorts used, to declare (tff) */
} wr;

static uint32_t sort_of(const wr *w, const fc_node *n)
{
    return fc_sort_of(w->so, w->t->ast, n);
}

static bool is_arith_sort(uint32_t s)
{
    return s == FC_SORT_INT || s == FC_SORT_REAL;
}

/* A name as a TPTP lower word when it is one, else single-quoted, with
 * characters outside printable ASCII spelled u<hex>. */
static void put_name(fc_buf *b, const char *name, const char *suffix)
{
    bool word = name[0] >= 'a' && name[0] <= 'z';
    for (const char *p = name; *p && word; p++)
        word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
               (*p >= '0' && *p <= '9') || *p == '_';
    if (word) {
        fc_buf_printf(b, "%s%s", name, suffix);
        return;
    }
    fc_buf_putc(b, '\'');
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p == '\'' || *p == '\\')
            fc_buf_printf(b, "\\%c", *p);
        else if (*p >= 32 && *p < 127)
            fc_buf_putc(b, (char)*p);
        else
            fc_buf_printf(b, "u%02x", *p);
    }
    fc_buf_printf(b, "%s'", suffix);
}

/* A variable: an upper word made from its name and its binder's tag. */
static void put_var(fc_buf *b, const fc_node *v)
{
    fc_buf_putc(b, 'V');
    if (v->tag)
        fc_buf_printf(b, "%u", v->tag);
    fc_buf_putc(b, '_');
    for (const unsigned char *p = (const unsigned char *)v->sym->name; *p;
         p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9'))
            fc_buf_putc(b, (char)*p);
        else
            fc_buf_printf(b, "_%02x", *p);
    }
}

static void put_sort(wr *w, uint32_t s)
{
    switch (s) {
    case FC_SORT_BOOL: fc_buf_puts(w->b, "$o"); break;
    case FC_SORT_INT: fc_buf_puts(w->b, "$int"); break;
    case FC_SORT_REAL: fc_buf_puts(w->b, "$real"); break;
    case FC_SORT_OBJECT:
    case FC_SORT_NONE: fc_buf_puts(w->b, "$i"); break;
    default: {
        char name[300];
        snprintf(name, sizeof name, "t_%s", fc_sort_name(w->t->ast, s));
        put_name(w->b, name, "");
        for (size_t i = 0; i < w->sorts.len; i++)
            if (w->sorts.data[i] == s)
                return;
        fc_vec_push(&w->sorts, s);
    }
    }
}

static void formula(wr *w, const fc_node *n);

/* Term n, as a value of sort want (an Int where a Real is wanted gets
 * $to_real). */
static void term(wr *w, const fc_node *n, uint32_t want)
{
    fc_buf *b = w->b;
    uint32_t s = sort_of(w, n);
    if (want == FC_SORT_REAL && s == FC_SORT_INT) {
        fc_buf_puts(b, "$to_real(");
        term(w, n, FC_SORT_INT);
        fc_buf_putc(b, ')');
        return;
    }
    static const char *const nary[] = {
        [FC_ADD] = "$sum", [FC_SUB] = "$difference", [FC_MUL] = "$product"};
    switch (n->kind) {
    case FC_VAR:
        put_var(b, n);
        return;
    case FC_APP: {
        fc_func *f = fc_func_of(w->so, w->t->ast, n);
        char suffix[16] = "";
        if (f && f->overloaded)
            snprintf(suffix, sizeof suffix, "_%u", f->arity);
        put_name(b, n->sym->name, suffix);
        if (f) {
            bool seen = false;
            for (size_t i = 0; i < w->funcs.len && !seen; i++)
                seen = w->funcs.data[i] == f;
            if (!seen)
                fc_vec_push(&w->funcs, f);
        }
        if (n->nargs) {
            fc_buf_putc(b, '(');
            for (size_t i = 0; i < n->nargs; i++) {
                if (i)
                    fc_buf_putc(b, ',');
                uint32_t as = f && i < f->arity ? f->args[i] : FC_SORT_NONE;
                term(w, n->args[i], as);
            }
            fc_buf_putc(b, ')');
        }
        return;
    }
    case FC_NUM:
        if (strchr(n->num, '%') || strchr(n->num, 'e') ||
            strchr(n->num, 'E')) {
            w->why = "a percent or exponent numeral";
            return;
        }
        fc_buf_puts(b, n->num);
        if (s == FC_SORT_REAL && !strchr(n->num, '.') &&
            !strchr(n->num, '/'))
            fc_buf_puts(b, ".0");
        return;
    case FC_NEG:
        fc_buf_puts(b, "$uminus(");
        term(w, n->args[0], s);
        fc_buf_putc(b, ')');
        return;
    case FC_ADD:
    case FC_SUB:
    case FC_MUL:
        /* n-ary: nested to the left */
        for (size_t i = 1; i < n->nargs; i++)
            fc_buf_printf(b, "%s(", nary[n->kind]);
        term(w, n->args[0], s);
        for (size_t i = 1; i < n->nargs; i++) {
            fc_buf_putc(b, ',');
            term(w, n->args[i], s);
            fc_buf_putc(b, ')');
        }
        return;
    case FC_DIV:
        fc_buf_puts(b, "$quotient(");
        term(w, n->args[0], FC_SORT_REAL);
        fc_buf_putc(b, ',');
        term(w, n->args[1], FC_SORT_REAL);
        fc_buf_putc(b, ')');
        return;
    case FC_FLOOR:
    case FC_CEIL:
    case FC_TRUNC:
        if (sort_of(w, n->args[0]) == FC_SORT_INT) {
            term(w, n->args[0], FC_SORT_INT);
            return;
        }
        if (n->kind == FC_FLOOR) {
            fc_buf_puts(b, "$to_int(");
            term(w, n->args[0], FC_SORT_REAL);
            fc_buf_putc(b, ')');
        } else if (n->kind == FC_CEIL) {
            fc_buf_puts(b, "$uminus($to_int($uminus(");
            term(w, n->args[0], FC_SORT_REAL);
            fc_buf_puts(b, ")))");
        } else {
            fc_buf_puts(b, "$to_int($truncate(");
            term(w, n->args[0], FC_SORT_REAL);
            fc_buf_puts(b, "))");
        }
        return;
    case FC_MOD:
    case FC_IDIV:
        if (sort_of(w, n->args[0]) != FC_SORT_INT ||
            sort_of(w, n->args[1]) != FC_SORT_INT) {
            w->why = "mod or div of a non-integer";
            return;
        }
        fc_buf_puts(b, n->kind == FC_MOD ? "$remainder_f(" : "$quotient_f(");
        term(w, n->args[0], FC_SORT_INT);
        fc_buf_putc(b, ',');
        term(w, n->args[1], FC_SORT_INT);
        fc_buf_putc(b, ')');
        return;
    case FC_POW: {
        long e = n->args[1]->kind == FC_NUM ? strtol(n->args[1]->num, NULL, 10)
                                            : -1;
        if (e < 1 || e > 32) {
            w->why = "a power other than 1 to 32";
            return;
        }
        for (long i = 1; i < e; i++)
            fc_buf_puts(b, "$product(");
        term(w, n->args[0], s);
        for (long i = 1; i < e; i++) {
            fc_buf_putc(b, ',');
            term(w, n->args[0], s);
            fc_buf_putc(b, ')');
        }
        return;
    }
    default:
        if (s == FC_SORT_BOOL) {
            formula(w, n);
            return;
        }
        w->why = "round, abs, min or max (TPTP has no conditional term)";
        return;
    }
}

/* The sort two sides of a comparison are compared at. */
static uint32_t common(const wr *w, const fc_node *x, const fc_node *y)
{
    uint32_t a = sort_of(w, x), b = sort_of(w, y);
    if (is_arith_sort(a) && is_arith_sort(b))
        return a == FC_SORT_REAL || b == FC_SORT_REAL ? FC_SORT_REAL
                                                      : FC_SORT_INT;
    return a;
}

static void formula(wr *w, const fc_node *n)
{
    fc_buf *b = w->b;
    static const char *const cmp[] = {
        [FC_LT] = "$less", [FC_LE] = "$lesseq", [FC_GT] = "$greater",
        [FC_GE] = "$greatereq"};
    static const char *const conn[] = {
        [FC_AND] = " & ", [FC_OR] = " | ", [FC_XOR] = " <~> ",
        [FC_IMPLIES] = " => ", [FC_IFF] = " <=> "};
    switch (n->kind) {
    case FC_TRUE: fc_buf_puts(b, "$true"); return;
    case FC_FALSE: fc_buf_puts(b, "$false"); return;
    case FC_EQ:
    case FC_NE: {
        uint32_t s = common(w, n->args[0], n->args[1]);
        fc_buf_putc(b, '(');
        if (s == FC_SORT_BOOL) {
            formula(w, n->args[0]);
            fc_buf_puts(b, n->kind == FC_EQ ? " <=> " : " <~> ");
            formula(w, n->args[1]);
        } else {
            term(w, n->args[0], s);
            fc_buf_puts(b, n->kind == FC_EQ ? " = " : " != ");
            term(w, n->args[1], s);
        }
        fc_buf_putc(b, ')');
        return;
    }
    case FC_LT:
    case FC_LE:
    case FC_GT:
    case FC_GE: {
        uint32_t s = common(w, n->args[0], n->args[1]);
        fc_buf_printf(b, "%s(", cmp[n->kind]);
        term(w, n->args[0], s);
        fc_buf_putc(b, ',');
        term(w, n->args[1], s);
        fc_buf_putc(b, ')');
        return;
    }
    case FC_NOT:
        fc_buf_puts(b, "~(");
        formula(w, n->args[0]);
        fc_buf_putc(b, ')');
        return;
    case FC_AND:
    case FC_OR:
    case FC_XOR:
    case FC_IMPLIES:
    case FC_IFF:
        fc_buf_putc(b, '(');
        for (size_t i = 0; i < n->nargs; i++) {
            if (i)
                fc_buf_puts(b, conn[n->kind]);
            /* <~> and => do not associate: one pair at a time */
            if (i && n->nargs > 2 && (n->kind == FC_XOR || n->kind == FC_IFF))
                fc_buf_putc(b, '(');
            formula(w, n->args[i]);
        }
        for (size_t i = 2; i < n->nargs &&
                           (n->kind == FC_XOR || n->kind == FC_IFF); i++)
            fc_buf_putc(b, ')');
        fc_buf_putc(b, ')');
        return;
    case FC_FORALL:
    case FC_EXISTS: {
        fc_node *v = fc_quant_var(w->t->ast, n);
        fc_buf_puts(b, n->kind == FC_FORALL ? "(! [" : "(? [");
        put_var(b, v);
        if (w->typed) {
            fc_buf_puts(b, ": ");
            put_sort(w, sort_of(w, v));
        }
        fc_buf_puts(b, "] : ");
        formula(w, n->args[0]);
        fc_buf_putc(b, ')');
        return;
    }
    case FC_APP:
    case FC_VAR:
        term(w, n, FC_SORT_BOOL);
        return;
    default:
        w->why = "a term where a formula belongs";
        return;
    }
}

/* Does n need tff: arithmetic, or sorts besides the one of objects? */
static bool needs_types(const wr *w, const fc_node *n)
{
    uint32_t s = sort_of(w, n);
    if (s != FC_SORT_BOOL && s != FC_SORT_OBJECT && s != FC_SORT_NONE)
        return true;
    if (n->kind == FC_FORALL || n->kind == FC_EXISTS) {
        uint32_t vs = sort_of(w, fc_quant_var(w->t->ast, n));
        if (vs != FC_SORT_OBJECT && vs != FC_SORT_NONE)
            return true;
    }
    for (size_t i = 0; i < n->nargs; i++)
        if (needs_types(w, n->args[i]))
            return true;
    return false;
}

static void declarations(wr *w, fc_buf *out)
{
    /* the symbols' types first: they name the user sorts they use */
    fc_buf decls = {0};
    fc_buf *keep = w->b;
    w->b = &decls;
    for (size_t i = 0; i < w->funcs.len; i++) {
        fc_func *f = w->funcs.data[i];
        char suffix[16] = "";
        if (f->overloaded)
            snprintf(suffix, sizeof suffix, "_%u", f->arity);
        fc_buf_printf(&decls, "tff(decl_%zu, type, ", i + 1);
        put_name(&decls, f->sym->name, suffix);
        fc_buf_puts(&decls, ": ");
        if (f->arity > 1)
            fc_buf_putc(&decls, '(');
        for (uint32_t k = 0; k < f->arity; k++) {
            if (k)
                fc_buf_puts(&decls, " * ");
            put_sort(w, f->args[k]);
        }
        if (f->arity > 1)
            fc_buf_putc(&decls, ')');
        if (f->arity)
            fc_buf_puts(&decls, " > ");
        put_sort(w, f->result);
        fc_buf_puts(&decls, ").\n");
    }
    w->b = keep;
    for (size_t i = 0; i < w->sorts.len; i++) {
        char name[300];
        snprintf(name, sizeof name, "t_%s",
                 fc_sort_name(w->t->ast, w->sorts.data[i]));
        fc_buf_printf(out, "tff(sort_%zu, type, ", i + 1);
        put_name(out, name, "");
        fc_buf_puts(out, ": $tType).\n");
    }
    if (decls.len)
        fc_buf_puts(out, decls.data);
    fc_buf_free(&decls);
}

char *fc_tptp_problem(const fc_trace *t, const char *comment,
                      const fc_node *const *given, size_t n,
                      const fc_node *goal, bool negate_goal,
                      const char **why)
{
    wr w = {.t = t, .so = t->sorting};
    for (size_t i = 0; i < n && !w.typed; i++)
        w.typed = needs_types(&w, given[i]);
    if (goal && !w.typed)
        w.typed = needs_types(&w, goal);
    const char *lang = w.typed ? "tff" : "fof";
    fc_buf body = {0};
    w.b = &body;
    for (size_t i = 0; i < n && !w.why; i++) {
        fc_buf_printf(&body, "%s(given_%zu, axiom, ", lang, i + 1);
        formula(&w, given[i]);
        fc_buf_puts(&body, ").\n");
    }
    if (goal && !w.why) {
        fc_buf_printf(&body, "%s(goal, conjecture, ", lang);
        if (negate_goal)
            fc_buf_puts(&body, "~(");
        formula(&w, goal);
        fc_buf_puts(&body, negate_goal ? ")).\n" : ").\n");
    }
    char *out = NULL;
    if (!w.why) {
        fc_buf head = {0};
        for (const char *p = comment; p && *p;) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            fc_buf_printf(&head, "%% %.*s\n", (int)len, p);
            p = e ? e + 1 : p + len;
        }
        if (w.typed)
            declarations(&w, &head);
        fc_buf_puts(&head, body.data ? body.data : "");
        out = fc_buf_take(&head);
    }
    if (why)
        *why = w.why;
    fc_buf_free(&body);
    fc_vec_free(&w.funcs);
    fc_vec_free(&w.sorts);
    return out;
}
