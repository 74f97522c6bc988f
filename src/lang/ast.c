#include "lang/ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fc_ast {
    /* symbols: open addressing on name hash */
    fc_sym **syms;
    size_t nsyms, sym_cap;
    FC_VEC(fc_sym *) sym_list;
    /* nodes: open addressing on structural hash */
    fc_node **table;
    size_t table_cap;
    FC_VEC(fc_node *) nodes;
    /* sorts: names by id */
    FC_VEC(char *) sorts;
    /* numerals are interned as strings, owned here */
    FC_VEC(char *) nums;
};

static const char *builtin_sorts[] = {"?", "Bool", "Int", "Real", "Object"};

fc_ast *fc_ast_new(void)
{
    fc_ast *a = fc_xcalloc(1, sizeof *a);
    a->sym_cap = 64;
    a->syms = fc_xcalloc(a->sym_cap, sizeof *a->syms);
    a->table_cap = 256;
    a->table = fc_xcalloc(a->table_cap, sizeof *a->table);
    for (size_t i = 0; i < sizeof builtin_sorts / sizeof *builtin_sorts; i++)
        fc_vec_push(&a->sorts, fc_xstrdup(builtin_sorts[i]));
    return a;
}

void fc_ast_free(fc_ast *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->sym_list.len; i++) {
        free(a->sym_list.data[i]->name);
        free(a->sym_list.data[i]);
    }
    for (size_t i = 0; i < a->nodes.len; i++)
        free(a->nodes.data[i]);
    for (size_t i = 0; i < a->sorts.len; i++)
        free(a->sorts.data[i]);
    for (size_t i = 0; i < a->nums.len; i++)
        free(a->nums.data[i]);
    fc_vec_free(&a->sym_list);
    fc_vec_free(&a->nodes);
    fc_vec_free(&a->sorts);
    fc_vec_free(&a->nums);
    free(a->syms);
    free(a->table);
    free(a);
}

/* ---- symbols ------------------------------------------------------------ */

static void sym_grow(fc_ast *a)
{
    size_t cap = a->sym_cap * 2;
    fc_sym **t = fc_xcalloc(cap, sizeof *t);
    for (size_t i = 0; i < a->sym_cap; i++) {
        fc_sym *s = a->syms[i];
        if (!s)
            continue;
        size_t j = fc_hash_bytes(s->name, s->len, 0) & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = s;
    }
    free(a->syms);
    a->syms = t;
    a->sym_cap = cap;
}

static fc_sym **sym_slot(fc_sym **t, size_t cap, const char *name,
                         size_t len)
{
    size_t j = fc_hash_bytes(name, len, 0) & (cap - 1);
    while (t[j] && !(t[j]->len == len && !memcmp(t[j]->name, name, len)))
        j = (j + 1) & (cap - 1);
    return &t[j];
}

fc_sym *fc_lookup_sym(const fc_ast *a, const char *name, size_t len)
{
    return *sym_slot(a->syms, a->sym_cap, name, len);
}

fc_sym *fc_intern(fc_ast *a, const char *name, size_t len)
{
    fc_sym **slot = sym_slot(a->syms, a->sym_cap, name, len);
    if (*slot)
        return *slot;
    fc_sym *s = fc_xmalloc(sizeof *s);
    s->id = (uint32_t)a->sym_list.len;
    s->len = (uint32_t)len;
    s->name = fc_xstrndup(name, len);
    *slot = s;
    fc_vec_push(&a->sym_list, s);
    if (++a->nsyms * 2 > a->sym_cap)
        sym_grow(a);
    return s;
}

size_t fc_ast_sym_count(const fc_ast *a) { return a->sym_list.len; }
size_t fc_ast_node_count(const fc_ast *a) { return a->nodes.len; }

fc_node *fc_ast_node(const fc_ast *a, uint32_t id)
{
    return id < a->nodes.len ? a->nodes.data[id] : NULL;
}

/* ---- sorts -------------------------------------------------------------- */

uint32_t fc_sort_lookup(const fc_ast *a, const char *name)
{
    for (size_t i = 1; i < a->sorts.len; i++)
        if (!strcmp(a->sorts.data[i], name))
            return (uint32_t)i;
    return FC_SORT_NONE;
}

uint32_t fc_sort_declare(fc_ast *a, const char *name)
{
    uint32_t s = fc_sort_lookup(a, name);
    if (s)
        return s;
    fc_vec_push(&a->sorts, fc_xstrdup(name));
    return (uint32_t)(a->sorts.len - 1);
}

const char *fc_sort_name(const fc_ast *a, uint32_t sort)
{
    return sort < a->sorts.len ? a->sorts.data[sort] : "?";
}

size_t fc_sort_count(const fc_ast *a) { return a->sorts.len; }

/* ---- nodes -------------------------------------------------------------- */

typedef FC_VEC(fc_node *) node_vec;

#define FC_MAX_RENAME_DEPTH 256

static bool is_nary(fc_kind k)
{
    return k == FC_AND || k == FC_OR || k == FC_ADD || k == FC_MUL;
}

static uint64_t node_hash(fc_kind k, const fc_sym *s, uint32_t annot,
                          uint32_t tag, const char *num, fc_node **args,
                          size_t n)
{
    uint64_t h = fc_hash_mix(0x1234567ULL, k);
    h = fc_hash_mix(h, s ? s->id + 1 : 0);
    h = fc_hash_mix(h, annot);
    h = fc_hash_mix(h, tag);
    h = fc_hash_mix(h, (uintptr_t)num);
    for (size_t i = 0; i < n; i++)
        h = fc_hash_mix(h, args[i]->id);
    return h;
}

static bool node_equal(const fc_node *x, fc_kind k, const fc_sym *s,
                       uint32_t annot, uint32_t tag, const char *num,
                       fc_node **args, size_t n)
{
    if (x->kind != k || x->sym != s || x->annot != annot || x->tag != tag ||
        x->num != num || x->nargs != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (x->args[i] != args[i])
            return false;
    return true;
}

static void table_grow(fc_ast *a)
{
    size_t cap = a->table_cap * 2;
    fc_node **t = fc_xcalloc(cap, sizeof *t);
    for (size_t i = 0; i < a->nodes.len; i++) {
        fc_node *x = a->nodes.data[i];
        size_t j = x->hash & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = x;
    }
    free(a->table);
    a->table = t;
    a->table_cap = cap;
}

static fc_node *mk_tagged(fc_ast *a, fc_kind k, fc_sym *s, uint32_t annot,
                          uint32_t tag, const char *num, fc_node **args,
                          size_t n)
{
    uint64_t h = node_hash(k, s, annot, tag, num, args, n);
    size_t j = h & (a->table_cap - 1);
    while (a->table[j]) {
        fc_node *x = a->table[j];
        if (x->hash == h && node_equal(x, k, s, annot, tag, num, args, n))
            return x;
        j = (j + 1) & (a->table_cap - 1);
    }
    fc_node *x = fc_xmalloc(sizeof *x + n * sizeof(fc_node *));
    x->id = (uint32_t)a->nodes.len;
    x->kind = (uint8_t)k;
    x->nargs = (uint32_t)n;
    x->annot = annot;
    x->tag = tag;
    x->sym = s;
    x->num = num;
    x->hash = h;
    x->depth = 1;
    x->closed = k != FC_VAR;
    bool nary = k == FC_AND || k == FC_OR || k == FC_ADD || k == FC_MUL;
    for (size_t i = 0; i < n; i++) {
        x->args[i] = args[i];
        /* a chain of one n-ary operator is one level: it is flattened */
        uint32_t d = args[i]->depth + (nary && args[i]->kind == k ? 0 : 1);
        if (d > x->depth)
            x->depth = d;
        if (!args[i]->closed)
            x->closed = false;
    }
    a->table[j] = x;
    fc_vec_push(&a->nodes, x);
    if (a->nodes.len * 2 > a->table_cap)
        table_grow(a);
    return x;
}

static fc_node *mk_raw(fc_ast *a, fc_kind k, fc_sym *s, uint32_t annot,
                       const char *num, fc_node **args, size_t n)
{
    return mk_tagged(a, k, s, annot, 0, num, args, n);
}

/* A quantifier closes its variable: it is closed when its body has no free
 * variable besides that one.  bound[] holds the variables bound on the way
 * down. */
typedef struct bound_var {
    const fc_sym *sym;
    uint32_t annot, tag;
} bound_var;

static bool has_other_free(const fc_node *n, bound_var *bound, size_t nb,
                           size_t cap)
{
    if (n->closed)
        return false;
    if (n->kind == FC_VAR) {
        for (size_t i = 0; i < nb; i++)
            if (bound[i].sym == n->sym && bound[i].annot == n->annot &&
                bound[i].tag == n->tag)
                return false;
        return true;
    }
    if (fc_kind_is_quant(n->kind)) {
        if (nb == cap)
            return true; /* deeper than we track: say open, stay safe */
        bound[nb].sym = n->sym;
        bound[nb].annot = n->annot;
        bound[nb].tag = n->tag;
        return has_other_free(n->args[0], bound, nb + 1, cap);
    }
    for (size_t i = 0; i < n->nargs; i++)
        if (has_other_free(n->args[i], bound, nb, cap))
            return true;
    return false;
}

fc_node *fc_mk_quant(fc_ast *a, fc_kind k, fc_sym *var, uint32_t annot,
                     uint32_t tag, fc_node *body)
{
    fc_node *x = mk_tagged(a, k, var, annot, tag, NULL, &body, 1);
    bound_var bound[64] = {{var, annot, tag}};
    x->closed = body->closed || !has_other_free(body, bound, 1, 64);
    return x;
}

fc_node *fc_mk(fc_ast *a, fc_kind k, fc_node **args, size_t n)
{
    if (!is_nary(k))
        return mk_raw(a, k, NULL, 0, NULL, args, n);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += args[i]->kind == k ? args[i]->nargs : 1;
    if (total == n)
        return mk_raw(a, k, NULL, 0, NULL, args, n);
    fc_node *stackbuf[16];
    fc_node **flat = total <= 16 ? stackbuf
                                 : fc_xmalloc(total * sizeof(fc_node *));
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (args[i]->kind == k)
            for (size_t j = 0; j < args[i]->nargs; j++)
                flat[m++] = args[i]->args[j];
        else
            flat[m++] = args[i];
    }
    fc_node *x = mk_raw(a, k, NULL, 0, NULL, flat, m);
    if (flat != stackbuf)
        free(flat);
    return x;
}

fc_node *fc_mk1(fc_ast *a, fc_kind k, fc_node *x) { return fc_mk(a, k, &x, 1); }

fc_node *fc_mk_binary(fc_ast *a, fc_kind k, fc_node *x, fc_node *y)
{
    fc_node *args[2] = {x, y};
    return mk_raw(a, k, NULL, 0, NULL, args, 2);
}

static fc_node *flatten_rec(fc_ast *a, fc_node *n, fc_node **memo,
                            size_t memo_len);

/* The operands of a same-kind chain, left to right, without recursion. */
static void chain_operands(fc_node *n, fc_kind k, node_vec *out)
{
    node_vec stack = {0};
    fc_vec_push(&stack, n);
    while (stack.len) {
        fc_node *x = stack.data[--stack.len];
        if (x->kind == k) {
            for (size_t i = x->nargs; i-- > 0;)
                fc_vec_push(&stack, x->args[i]);
        } else {
            fc_vec_push(out, x);
        }
    }
    fc_vec_free(&stack);
}

static fc_node *flatten_rec(fc_ast *a, fc_node *n, fc_node **memo,
                            size_t memo_len)
{
    if (n->nargs == 0)
        return n;
    if (n->id < memo_len && memo[n->id])
        return memo[n->id];
    fc_node *r;
    if (is_nary((fc_kind)n->kind)) {
        node_vec ops = {0};
        chain_operands(n, (fc_kind)n->kind, &ops);
        for (size_t i = 0; i < ops.len; i++)
            ops.data[i] = flatten_rec(a, ops.data[i], memo, memo_len);
        r = mk_raw(a, (fc_kind)n->kind, NULL, 0, NULL, ops.data, ops.len);
        fc_vec_free(&ops);
    } else {
        node_vec args = {0};
        bool changed = false;
        for (size_t i = 0; i < n->nargs; i++) {
            fc_node *x = flatten_rec(a, n->args[i], memo, memo_len);
            changed |= x != n->args[i];
            fc_vec_push(&args, x);
        }
        r = n;
        if (changed)
            r = fc_node_with_args(a, n, args.data);
        fc_vec_free(&args);
    }
    if (n->id < memo_len)
        memo[n->id] = r;
    return r;
}

fc_node *fc_flatten(fc_ast *a, fc_node *n)
{
    size_t memo_len = fc_ast_node_count(a);
    fc_node **memo = fc_xcalloc(memo_len, sizeof *memo);
    fc_node *r = flatten_rec(a, n, memo, memo_len);
    free(memo);
    return r;
}

fc_node *fc_mk2(fc_ast *a, fc_kind k, fc_node *x, fc_node *y)
{
    fc_node *args[2] = {x, y};
    return fc_mk(a, k, args, 2);
}

fc_node *fc_mk_true(fc_ast *a) { return mk_raw(a, FC_TRUE, 0, 0, 0, 0, 0); }
fc_node *fc_mk_false(fc_ast *a) { return mk_raw(a, FC_FALSE, 0, 0, 0, 0, 0); }

fc_node *fc_mk_app(fc_ast *a, fc_sym *s, fc_node **args, size_t n)
{
    return mk_raw(a, FC_APP, s, 0, NULL, args, n);
}

fc_node *fc_mk_const(fc_ast *a, fc_sym *s)
{
    return mk_raw(a, FC_APP, s, 0, NULL, NULL, 0);
}

fc_node *fc_mk_var(fc_ast *a, fc_sym *s, uint32_t annot, uint32_t tag)
{
    return mk_tagged(a, FC_VAR, s, annot, tag, NULL, NULL, 0);
}

fc_node *fc_quant_var(fc_ast *a, const fc_node *q)
{
    return fc_mk_var(a, q->sym, q->annot, q->tag);
}

typedef struct rename_env {
    const fc_sym *sym;
    uint32_t annot, old_tag, new_tag;
} rename_env;

/* Tags each binder by its quantifier's node, or (strip) back to 0. */
static fc_node *rename_rec(fc_ast *a, fc_node *n, rename_env *env, size_t ne,
                           size_t cap, bool strip)
{
    if (n->closed && !fc_kind_is_quant(n->kind) && n->nargs == 0)
        return n;
    if (n->kind == FC_VAR) {
        for (size_t i = ne; i-- > 0;)
            if (env[i].sym == n->sym && env[i].annot == n->annot &&
                env[i].old_tag == n->tag)
                return fc_mk_var(a, n->sym, n->annot, env[i].new_tag);
        return n;
    }
    if (fc_kind_is_quant(n->kind)) {
        if (ne == cap)
            return n;
        /* the tag names the binder by its own node: equal quantified
         * formulas stay one node, different ones get their own variable */
        uint32_t t = strip ? 0 : n->id + 1;
        env[ne] = (rename_env){n->sym, n->annot, n->tag, t};
        fc_node *body = rename_rec(a, n->args[0], env, ne + 1, cap, strip);
        return fc_mk_quant(a, n->kind, n->sym, n->annot, t, body);
    }
    if (n->nargs == 0)
        return n;
    node_vec args = {0};
    for (size_t i = 0; i < n->nargs; i++)
        fc_vec_push(&args,
                    rename_rec(a, n->args[i], env, ne, cap, strip));
    fc_node *r = n->kind == FC_APP
                     ? fc_mk_app(a, n->sym, args.data, args.len)
                     : mk_raw(a, (fc_kind)n->kind, NULL, 0, NULL, args.data,
                              args.len);
    fc_vec_free(&args);
    return r;
}

fc_node *fc_tag_binders(fc_ast *a, fc_node *n)
{
    rename_env env[FC_MAX_RENAME_DEPTH];
    return rename_rec(a, n, env, 0, FC_MAX_RENAME_DEPTH, false);
}

fc_node *fc_untag_binders(fc_ast *a, fc_node *n)
{
    rename_env env[FC_MAX_RENAME_DEPTH];
    return rename_rec(a, n, env, 0, FC_MAX_RENAME_DEPTH, true);
}

fc_node *fc_mk_num(fc_ast *a, const char *text, size_t len)
{
    /* normalize: strip leading zeros, trailing fractional zeros; a
     * percent sign stays */
    bool pct = len > 1 && text[len - 1] == '%';
    if (pct)
        len--;
    size_t i = 0;
    while (i + 1 < len && text[i] == '0' && text[i + 1] != '.')
        i++;
    const char *dot = memchr(text + i, '.', len - i);
    size_t end = len;
    if (dot) {
        while (end > (size_t)(dot - text) + 1 && text[end - 1] == '0')
            end--;
        if (end == (size_t)(dot - text) + 1)
            end--; /* "2." -> "2" */
    }
    size_t n = end - i;
    char *s = fc_xmalloc(n + 2);
    memcpy(s, text + i, n);
    if (pct)
        s[n++] = '%';
    s[n] = '\0';
    /* intern the text so that equal numerals share one pointer */
    for (size_t k = 0; k < a->nums.len; k++) {
        const char *t = a->nums.data[k];
        if (strlen(t) == n && !memcmp(t, s, n)) {
            free(s);
            return mk_raw(a, FC_NUM, NULL, 0, t, NULL, 0);
        }
    }
    fc_vec_push(&a->nums, s);
    return mk_raw(a, FC_NUM, NULL, 0, s, NULL, 0);
}

bool fc_kind_is_arith(fc_kind k) { return k >= FC_NEG && k <= FC_MAX; }
bool fc_kind_is_builtin(fc_kind k) { return k >= FC_MOD && k <= FC_MAX; }

fc_kind fc_builtin_named(const char *name, bool python)
{
    static const struct {
        const char *name;
        fc_kind kind;
        bool python;    /* a spelling of the python dialect only */
    } names[] = {
        {"floor", FC_FLOOR, false}, {"ceil", FC_CEIL, false},
        {"round", FC_ROUND, false}, {"trunc", FC_TRUNC, false},
        {"abs", FC_ABS, false},     {"min", FC_MIN, false},
        {"max", FC_MAX, false},     {"math.floor", FC_FLOOR, true},
        {"math.ceil", FC_CEIL, true}, {"math.trunc", FC_TRUNC, true},
        {"int", FC_TRUNC, true},    {"math.fabs", FC_ABS, true},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(names[i].name, name) && (python || !names[i].python))
            return names[i].kind;
    return FC_TRUE;
}

bool fc_num_is_percent(const fc_node *n)
{
    if (n->kind != FC_NUM)
        return false;
    size_t len = strlen(n->num);
    return len && n->num[len - 1] == '%';
}
bool fc_kind_is_cmp(fc_kind k) { return k >= FC_EQ && k <= FC_GE; }
bool fc_kind_is_connective(fc_kind k) { return k >= FC_NOT && k <= FC_IFF; }
bool fc_kind_is_quant(fc_kind k) { return k == FC_FORALL || k == FC_EXISTS; }

const char *fc_kind_symbol(fc_kind k)
{
    switch (k) {
    case FC_TRUE: return "⊤";
    case FC_FALSE: return "⊥";
    case FC_NEG: return "-";
    case FC_ADD: return "+";
    case FC_SUB: return "-";
    case FC_MUL: return "*";
    case FC_DIV: return "/";
    case FC_MOD: return "mod";
    case FC_IDIV: return "div";
    case FC_POW: return "^";
    case FC_FLOOR: return "floor";
    case FC_CEIL: return "ceil";
    case FC_ROUND: return "round";
    case FC_TRUNC: return "trunc";
    case FC_ABS: return "abs";
    case FC_MIN: return "min";
    case FC_MAX: return "max";
    case FC_EQ: return "=";
    case FC_NE: return "≠";
    case FC_LT: return "<";
    case FC_LE: return "≤";
    case FC_GT: return ">";
    case FC_GE: return "≥";
    case FC_NOT: return "¬";
    case FC_AND: return "∧";
    case FC_OR: return "∨";
    case FC_XOR: return "⊕";
    case FC_IMPLIES: return "→";
    case FC_IFF: return "↔";
    case FC_FORALL: return "∀";
    case FC_EXISTS: return "∃";
    default: return "?";
    }
}

/* ---- printing ----------------------------------------------------------- */

static int prec(fc_kind k)
{
    switch (k) {
    case FC_FORALL:
    case FC_EXISTS: return 0;
    case FC_IFF: return 1;
    case FC_IMPLIES: return 2;
    case FC_OR:
    case FC_XOR: return 3;
    case FC_AND: return 4;
    case FC_NOT: return 5;
    case FC_EQ: case FC_NE: case FC_LT: case FC_LE: case FC_GT: case FC_GE:
        return 6;
    case FC_ADD:
    case FC_SUB: return 7;
    case FC_MUL:
    case FC_DIV:
    case FC_MOD:
    case FC_IDIV: return 8;
    case FC_NEG: return 9;
    case FC_POW: return 10;
    default: return 12;
    }
}

static void print_rec(fc_buf *b, const fc_ast *a, const fc_node *n, int ctx,
                      bool rightmost)
{
    fc_kind k = n->kind;
    int p = prec(k);
    bool paren = p < ctx || (fc_kind_is_quant(k) && !rightmost) ||
                 (fc_kind_is_cmp(k) && ctx == 6);
    if (paren) {
        fc_buf_putc(b, '(');
        rightmost = true;
        ctx = 0;
    }
    switch (k) {
    case FC_TRUE:
    case FC_FALSE:
        fc_buf_puts(b, fc_kind_symbol(k));
        break;
    case FC_VAR:
        fc_buf_putn(b, n->sym->name, n->sym->len);
        break;
    case FC_NUM:
        fc_buf_put_numeral(b, n->num);
        break;
    case FC_APP:
        fc_buf_putn(b, n->sym->name, n->sym->len);
        if (n->nargs) {
            fc_buf_putc(b, '(');
            for (size_t i = 0; i < n->nargs; i++) {
                if (i)
                    fc_buf_puts(b, ", ");
                print_rec(b, a, n->args[i], 0, true);
            }
            fc_buf_putc(b, ')');
        }
        break;
    case FC_NEG:
        fc_buf_putc(b, '-');
        print_rec(b, a, n->args[0], p, rightmost);
        break;
    case FC_FLOOR: case FC_CEIL: case FC_ROUND: case FC_TRUNC: case FC_ABS:
    case FC_MIN: case FC_MAX:
        fc_buf_puts(b, fc_kind_symbol(k));
        fc_buf_putc(b, '(');
        for (size_t i = 0; i < n->nargs; i++) {
            if (i)
                fc_buf_puts(b, ", ");
            print_rec(b, a, n->args[i], 0, true);
        }
        fc_buf_putc(b, ')');
        break;
    case FC_NOT:
        fc_buf_puts(b, "¬");
        print_rec(b, a, n->args[0], p, rightmost);
        break;
    case FC_FORALL:
    case FC_EXISTS: {
        fc_buf_puts(b, fc_kind_symbol(k));
        fc_buf_putn(b, n->sym->name, n->sym->len);
        if (n->annot)
            fc_buf_printf(b, ":%s", fc_sort_name(a, n->annot));
        fc_buf_putc(b, ' ');
        /* a connective body reads better in parentheses: ∀x (P → Q) */
        const fc_node *body = n->args[0];
        bool wrap = fc_kind_is_connective(body->kind) && body->kind != FC_NOT;
        print_rec(b, a, body, wrap ? 11 : 0, rightmost);
        break;
    }
    default: {
        /* binary or n-ary infix; IMPLIES is right-associative, the others
         * left: the operand on the other side needs one more level */
        bool right_assoc = k == FC_IMPLIES || k == FC_POW;
        for (size_t i = 0; i < n->nargs; i++) {
            if (i)
                fc_buf_printf(b, " %s ", fc_kind_symbol(k));
            int c = p;
            if (right_assoc ? i + 1 < n->nargs : i > 0)
                c = p + 1;
            if (fc_kind_is_cmp(k))
                c = 6; /* comparisons never nest without parentheses */
            print_rec(b, a, n->args[i], c, rightmost && i + 1 == n->nargs);
        }
    }
    }
    if (paren)
        fc_buf_putc(b, ')');
}

void fc_node_print(fc_buf *b, const fc_ast *a, const fc_node *n)
{
    print_rec(b, a, n, 0, true);
}

char *fc_node_str(const fc_ast *a, const fc_node *n)
{
    fc_buf b = {0};
    fc_node_print(&b, a, n);
    return fc_buf_take(&b);
}

/* ---- rewriting ---------------------------------------------------------- */

fc_node *fc_node_with_args(fc_ast *a, const fc_node *n, fc_node **args)
{
    if (n->kind == FC_APP)
        return fc_mk_app(a, n->sym, args, n->nargs);
    if (fc_kind_is_quant(n->kind))
        return fc_mk_quant(a, n->kind, n->sym, n->annot, n->tag, args[0]);
    if (n->kind == FC_NUM || n->kind == FC_VAR)
        return (fc_node *)n;
    return fc_mk(a, n->kind, args, n->nargs);
}

static fc_node *replace_rec(fc_ast *a, fc_node *n, const fc_node *from,
                            fc_node *to, fc_node **memo, size_t memo_len)
{
    if (n == from)
        return to;
    if (n->nargs == 0)
        return n;
    if (n->id < memo_len && memo[n->id])
        return memo[n->id];
    fc_node *stackbuf[8];
    fc_node **args = n->nargs <= 8 ? stackbuf
                                   : fc_xmalloc(n->nargs * sizeof(fc_node *));
    bool changed = false;
    for (size_t i = 0; i < n->nargs; i++) {
        args[i] = replace_rec(a, n->args[i], from, to, memo, memo_len);
        changed |= args[i] != n->args[i];
    }
    fc_node *r = changed ? fc_node_with_args(a, n, args) : n;
    if (args != stackbuf)
        free(args);
    if (n->id < memo_len)
        memo[n->id] = r;
    return r;
}

fc_node *fc_node_replace(fc_ast *a, fc_node *n, const fc_node *from,
                         fc_node *to)
{
    size_t memo_len = a->nodes.len;
    fc_node **memo = fc_xcalloc(memo_len, sizeof *memo);
    fc_node *r = replace_rec(a, n, from, to, memo, memo_len);
    free(memo);
    return r;
}

/* ---- symbol sets -------------------------------------------------------- */

void fc_symset_init(fc_symset *s, const fc_ast *a)
{
    s->len = fc_ast_sym_count(a) + 1;
    s->mark = fc_xcalloc(s->len, sizeof(uint32_t));
    s->gen = 1;
}

void fc_symset_free(fc_symset *s)
{
    free(s->mark);
    s->mark = NULL;
    s->len = 0;
}

void fc_symset_clear(fc_symset *s)
{
    if (++s->gen == 0) {
        memset(s->mark, 0, s->len * sizeof(uint32_t));
        s->gen = 1;
    }
}

bool fc_symset_add(fc_symset *s, const fc_sym *y)
{
    if (y->id >= s->len || s->mark[y->id] == s->gen)
        return false;
    s->mark[y->id] = s->gen;
    return true;
}

bool fc_symset_has(const fc_symset *s, const fc_sym *y)
{
    return y->id < s->len && s->mark[y->id] == s->gen;
}
