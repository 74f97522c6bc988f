#include "lang/tptp.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/jsonpos.h"
#include "lang/passes.h"

#define MAX_INCLUDE_DEPTH 32
#define MAX_NEST 2000

/* ---- tokens ------------------------------------------------------------- */

enum {
    T_EOF, T_LOWER, T_UPPER, T_DOLLAR, T_NUM, T_DISTINCT, T_LP, T_RP, T_LB,
    T_RB, T_COMMA, T_DOT, T_COLON, T_BANG, T_QUEST, T_NOT, T_AND, T_OR, T_IMP,
    T_RIMP, T_IFF, T_XOR, T_NOR, T_NAND, T_EQ, T_NE, T_GT, T_STAR, T_BAD
};

static const char *tok_desc(int k)
{
    static const char *const d[] = {
        "the end of the file", "a name", "a variable", "a $word", "a number",
        "a \"distinct object\"", "'('", "')'", "'['", "']'", "','", "'.'",
        "':'", "'!'", "'?'", "'~'", "'&'", "'|'", "'=>'", "'<='", "'<=>'",
        "'<~>'", "'~|'", "'~&'", "'='", "'!='", "'>'", "'*'", "a bad character"};
    return d[k];
}

/* One file being read: the main file or an include. */
typedef struct src {
    char *path;
    const char *text;
    size_t len;
    char *owned;
    size_t off;
    int kind;
    size_t beg, end;
    fc_buf tok;
    bool main;
    size_t anchor_beg, anchor_end; /* the include in the main file */
    char lex_msg[160];
    int depth;
} src;

typedef FC_VEC(fc_node *) node_vec;

typedef struct gterm gterm;
struct gterm {
    char *name;          /* word, or NULL for a list */
    bool var;
    size_t beg;
    FC_VEC(gterm *) kids;
};

typedef struct rec {
    char *name;
    int lang;            /* 0 fof, 1 tff, 2 cnf */
    char *role;
    fc_node *f;
    gterm *source;
    size_t beg, end, fbeg, fend;
    int line, col;
    size_t line_off;
    bool broken;
    bool in_include;     /* read from an included file */
    bool err_pos;
    size_t err_beg, err_end;
    int err_col;
    fc_code code;
    char *msg;
    /* tff type declarations */
    bool is_type;
    fc_stmt decl;
    bool has_decl;
} rec;

typedef struct var {
    fc_sym *s;
    uint32_t annot;
} var;

typedef struct rd {
    fc_trace *t;
    fc_ast *ast;
    fc_diags *diags;
    const char *name;
    bool err;
    int lang;
    bool close_free;     /* cnf, or a JSON formula: free variables are ∀ */
    FC_VEC(var) scope;
    FC_VEC(var) free_vars;
    FC_VEC(rec) recs;
    int nest;
    /* one formula of a JSON record: where its string is in the record */
    const char *json_record;
    size_t json_record_len;
    long json_raw_off;
    int json_line;
    const char *json_field;
    bool json;
    bool includes;       /* read included files (FC_READ_INCLUDES) */
    /* where the last error is, in the main file (or its include) */
    size_t err_beg, err_end;
    int err_col;
    /* place(): the line reached so far, so that a long file is scanned
     * once, not once per formula */
    size_t line_at, line_start;
    int line_no;
} rd;

/* ---- positions and errors ----------------------------------------------- */

static void pos_at(src *s, size_t beg, size_t end, fc_pos *pos)
{
    memset(pos, 0, sizeof *pos);
    pos->file = s->path;
    if (beg > s->len)
        beg = s->len;
    if (end < beg)
        end = beg;
    int line = 1;
    size_t ls = 0;
    for (size_t i = 0; i < beg; i++)
        if (s->text[i] == '\n') {
            line++;
            ls = i + 1;
        }
    size_t le = ls;
    while (le < s->len && s->text[le] != '\n' && s->text[le] != '\r')
        le++;
    pos->line = line;
    pos->col = fc_utf8_columns(s->text + ls, beg - ls) + 1;
    pos->source = s->text + ls;
    pos->source_len = le - ls;
    pos->caret = pos->col;
    size_t e = end < le ? end : le;
    int span = fc_utf8_columns(s->text + beg, e > beg ? e - beg : 0);
    pos->span = span > 0 ? span : 1;
}

static void rd_error(rd *r, src *s, fc_code code, size_t beg, size_t end,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void rd_error(rd *r, src *s, fc_code code, size_t beg, size_t end,
                     const char *fmt, ...)
{
    if (r->err)
        return;
    r->err = true;
    fc_pos pos;
    pos_at(s, beg, end, &pos);
    if (r->json) {
        /* the formula is one line of a JSON string */
        pos.line = r->json_line;
        pos.field = r->json_field;
        pos.fcol = pos.col;
        pos.caret = pos.fcol;
        pos.col = r->json_raw_off >= 0
                      ? fc_json_column_from(r->json_record, r->json_record_len,
                                            (size_t)r->json_raw_off, beg)
                      : fc_json_column(r->json_record, r->json_record_len,
                                       s->text, s->len, beg);
    }
    r->err_beg = s->main ? beg : s->anchor_beg;
    r->err_end = s->main ? end : s->anchor_end;
    r->err_col = s->main ? pos.col : 0;
    va_list ap;
    va_start(ap, fmt);
    fc_diags_vadd(r->diags, code, &pos, fmt, ap);
    va_end(ap);
}

/* ---- the lexer ---------------------------------------------------------- */

static bool is_alnum_(int c)
{
    return isalnum(c) || c == '_';
}

/* Skips blanks and comments; false (with s->lex_msg) on an unterminated
 * block comment. */
static bool skip_space(src *s)
{
    for (;;) {
        while (s->off < s->len && isspace((unsigned char)s->text[s->off]))
            s->off++;
        if (s->off < s->len && s->text[s->off] == '%') {
            while (s->off < s->len && s->text[s->off] != '\n')
                s->off++;
        } else if (s->off + 1 < s->len && s->text[s->off] == '/' &&
                   s->text[s->off + 1] == '*') {
            size_t at = s->off;
            s->off += 2;
            while (s->off + 1 < s->len &&
                   !(s->text[s->off] == '*' && s->text[s->off + 1] == '/'))
                s->off++;
            if (s->off + 1 >= s->len) {
                s->off = at;
                snprintf(s->lex_msg, sizeof s->lex_msg,
                         "the comment opened here is not closed with '*/'");
                return false;
            }
            s->off += 2;
        } else {
            return true;
        }
    }
}

static void lex_quoted(src *s, char q)
{
    const char *t = s->text;
    size_t i = s->off + 1;
    fc_buf_putn(&s->tok, "", 0);
    while (i < s->len && t[i] != q && t[i] != '\n') {
        if (t[i] == '\\' && i + 1 < s->len && (t[i + 1] == q || t[i + 1] == '\\'))
            i++;
        fc_buf_putc(&s->tok, t[i]);
        i++;
    }
    if (i >= s->len || t[i] != q) {
        s->kind = T_BAD;
        snprintf(s->lex_msg, sizeof s->lex_msg,
                 "the quote opened here is not closed on its line");
        s->end = s->off + 1;
        return;
    }
    s->kind = q == '\'' ? T_LOWER : T_DISTINCT;
    s->end = i + 1;
    if (q == '\'' && s->tok.len == 0) {
        s->kind = T_BAD;
        snprintf(s->lex_msg, sizeof s->lex_msg, "a quoted name is empty");
    }
}

static void lex_number(src *s)
{
    const char *t = s->text;
    size_t i = s->off;
    if (t[i] == '+' || t[i] == '-')
        i++;
    while (i < s->len && isdigit((unsigned char)t[i]))
        i++;
    if (i + 1 < s->len && t[i] == '/' && isdigit((unsigned char)t[i + 1])) {
        i++;
        while (i < s->len && isdigit((unsigned char)t[i]))
            i++;
    } else {
        if (i + 1 < s->len && t[i] == '.' && isdigit((unsigned char)t[i + 1])) {
            i++;
            while (i < s->len && isdigit((unsigned char)t[i]))
                i++;
        }
        if (i < s->len && (t[i] == 'e' || t[i] == 'E')) {
            size_t j = i + 1;
            if (j < s->len && (t[j] == '+' || t[j] == '-'))
                j++;
            if (j < s->len && isdigit((unsigned char)t[j])) {
                i = j;
                while (i < s->len && isdigit((unsigned char)t[i]))
                    i++;
            }
        }
    }
    s->kind = T_NUM;
    s->end = i;
    fc_buf_putn(&s->tok, t + s->off, i - s->off);
}

static void next(src *s)
{
    s->tok.len = 0;
    if (s->tok.data)
        s->tok.data[0] = 0;
    if (!skip_space(s)) {
        s->kind = T_BAD;
        s->beg = s->off;
        s->end = s->off + 2;
        return;
    }
    s->beg = s->off;
    if (s->off >= s->len) {
        s->kind = T_EOF;
        s->end = s->off;
        return;
    }
    const char *t = s->text + s->off;
    size_t rest = s->len - s->off;
    int c = (unsigned char)t[0];
    s->lex_msg[0] = 0;
    if (isalpha(c) || c == '$') {
        size_t i = c == '$' ? (rest > 1 && t[1] == '$' ? 2 : 1) : 0;
        while (i < rest && is_alnum_((unsigned char)t[i]))
            i++;
        s->kind = c == '$' ? T_DOLLAR : isupper(c) ? T_UPPER : T_LOWER;
        s->end = s->off + i;
        fc_buf_putn(&s->tok, t, i);
        if (c == '$' && i == 1) {
            s->kind = T_BAD;
            snprintf(s->lex_msg, sizeof s->lex_msg,
                     "'$' must begin a defined word such as $true");
        }
    } else if (isdigit(c) ||
               ((c == '-' || c == '+') && rest > 1 && isdigit((unsigned char)t[1]))) {
        lex_number(s);
    } else if (c == '\'' || c == '"') {
        lex_quoted(s, (char)c);
    } else {
        static const struct { const char *p; int k; } ops[] = {
            {"<=>", T_IFF}, {"<~>", T_XOR}, {"=>", T_IMP}, {"<=", T_RIMP},
            {"~|", T_NOR}, {"~&", T_NAND}, {"!=", T_NE}, {"(", T_LP},
            {")", T_RP}, {"[", T_LB}, {"]", T_RB}, {",", T_COMMA},
            {".", T_DOT}, {":", T_COLON}, {"!", T_BANG}, {"?", T_QUEST},
            {"~", T_NOT}, {"&", T_AND}, {"|", T_OR}, {"=", T_EQ},
            {">", T_GT}, {"*", T_STAR}};
        s->kind = T_BAD;
        s->end = s->off + 1;
        for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
            size_t n = strlen(ops[k].p);
            if (n <= rest && !memcmp(t, ops[k].p, n)) {
                s->kind = ops[k].k;
                s->end = s->off + n;
                break;
            }
        }
        if (s->kind == T_BAD) {
            /* a whole UTF-8 character */
            size_t n = 1;
            while (n < rest && ((unsigned char)t[n] & 0xC0) == 0x80)
                n++;
            s->end = s->off + n;
            snprintf(s->lex_msg, sizeof s->lex_msg,
                     "unexpected character '%.*s' in TPTP", (int)n, t);
        }
    }
    s->off = s->end;
}

static void unexpected(rd *r, src *s, const char *wanted)
{
    if (s->kind == T_BAD && s->lex_msg[0])
        rd_error(r, s, FC_E_SYNTAX, s->beg, s->end, "%s", s->lex_msg);
    else if (s->kind == T_EOF && r->json)
        rd_error(r, s, FC_E_SYNTAX, s->beg, s->end,
                 "expected %s, found the end of the formula", wanted);
    else
        rd_error(r, s, FC_E_SYNTAX, s->beg, s->end, "expected %s, found %s%s%s%s",
                 wanted, tok_desc(s->kind), s->tok.len ? " '" : "",
                 s->tok.len ? s->tok.data : "", s->tok.len ? "'" : "");
}

static bool expect(rd *r, src *s, int kind)
{
    if (s->kind == kind) {
        next(s);
        return true;
    }
    unexpected(r, s, tok_desc(kind));
    return false;
}

/* One level deeper into what (a formula, an annotation): false, with an
 * error, past MAX_NEST levels, which keeps the recursion off the stack's
 * end.  The caller leaves the level with r->nest--. */
static bool deeper(rd *r, src *s, const char *what)
{
    if (++r->nest <= MAX_NEST)
        return true;
    r->nest--;
    rd_error(r, s, FC_E_TOO_DEEP, s->beg, s->end,
             "the %s nests deeper than %d levels", what, MAX_NEST);
    return false;
}

/* ---- general terms (sources and useful info) ---------------------------- */

static void gterm_free(gterm *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->kids.len; i++)
        gterm_free(g->kids.data[i]);
    fc_vec_free(&g->kids);
    free(g->name);
    free(g);
}

static gterm *p_gterm(rd *r, src *s);

static bool p_glist(rd *r, src *s, gterm *g, int close)
{
    if (s->kind == close) {
        next(s);
        return true;
    }
    for (;;) {
        gterm *k = p_gterm(r, s);
        if (!k)
            return false;
        fc_vec_push(&g->kids, k);
        if (s->kind == T_COMMA) {
            next(s);
            continue;
        }
        return expect(r, s, close);
    }
}

static gterm *p_gterm(rd *r, src *s)
{
    if (!deeper(r, s, "annotation"))
        return NULL;
    gterm *g = fc_xcalloc(1, sizeof *g);
    g->beg = s->beg;
    bool ok = true;
    if (s->kind == T_LB) {
        next(s);
        ok = p_glist(r, s, g, T_RB);
    } else if (s->kind == T_LOWER || s->kind == T_UPPER || s->kind == T_NUM ||
               s->kind == T_DOLLAR || s->kind == T_DISTINCT) {
        g->name = fc_xstrdup(s->tok.data);
        g->var = s->kind == T_UPPER;
        bool dollar = s->kind == T_DOLLAR;
        next(s);
        if (s->kind == T_LP && dollar) {
            /* $fof(...), $cnf(...): skip the formula inside */
            int depth = 0;
            do {
                if (s->kind == T_LP)
                    depth++;
                else if (s->kind == T_RP)
                    depth--;
                else if (s->kind == T_EOF || s->kind == T_BAD) {
                    unexpected(r, s, "')'");
                    ok = false;
                    break;
                }
                next(s);
            } while (depth > 0);
        } else if (s->kind == T_LP) {
            next(s);
            ok = p_glist(r, s, g, T_RP);
        }
    } else {
        unexpected(r, s, "an annotation term");
        ok = false;
    }
    if (ok && s->kind == T_COLON) {
        /* name:[bindings]: the name is what counts */
        next(s);
        gterm *rhs = p_gterm(r, s);
        ok = rhs != NULL;
        gterm_free(rhs);
    }
    r->nest--;
    if (!ok) {
        gterm_free(g);
        return NULL;
    }
    return g;
}

/* ---- formulas ----------------------------------------------------------- */

static uint32_t sort_of_type(rd *r, src *s, bool *is_bool)
{
    *is_bool = false;
    const char *n = s->tok.data;
    if (s->kind == T_DOLLAR) {
        if (!strcmp(n, "$i"))
            return FC_SORT_OBJECT;
        if (!strcmp(n, "$int"))
            return FC_SORT_INT;
        if (!strcmp(n, "$rat") || !strcmp(n, "$real"))
            return FC_SORT_REAL;
        if (!strcmp(n, "$o")) {
            *is_bool = true;
            return FC_SORT_BOOL;
        }
        rd_error(r, s, FC_E_UNSUPPORTED_TPTP, s->beg, s->end,
                 "the type %s is not supported (use $i $o $int $rat $real "
                 "or a declared type)", n);
        return 0;
    }
    if (s->kind == T_LOWER) {
        uint32_t id = fc_sort_lookup(r->ast, n);
        if (!id)
            rd_error(r, s, FC_E_UNKNOWN_SORT, s->beg, s->end,
                     "the type '%s' is not declared (declare it with "
                     "`tff(name, type, %s: $tType)`)", n, n);
        return id;
    }
    unexpected(r, s, "a type");
    return 0;
}

static fc_node *p_unit(rd *r, src *s);
static fc_node *p_logic(rd *r, src *s);
static fc_node *p_term(rd *r, src *s);

static fc_node *find_var(rd *r, src *s, const char *name, size_t beg,
                         size_t end)
{
    fc_sym *y = fc_intern(r->ast, name, strlen(name));
    for (size_t i = r->scope.len; i-- > 0;)
        if (r->scope.data[i].s == y)
            return fc_mk_var(r->ast, y, r->scope.data[i].annot, 0);
    for (size_t i = 0; i < r->free_vars.len; i++)
        if (r->free_vars.data[i].s == y)
            return fc_mk_var(r->ast, y, r->free_vars.data[i].annot, 0);
    if (!r->close_free) {
        rd_error(r, s, FC_E_FREE_VARIABLE, beg, end,
                 "the variable %s is not bound by a quantifier (fof and "
                 "tff formulas must be closed)", name);
        return NULL;
    }
    uint32_t annot = r->lang == 1 ? FC_SORT_OBJECT : 0;
    var v = {y, annot};
    fc_vec_push(&r->free_vars, v);
    return fc_mk_var(r->ast, y, annot, 0);
}

/* Arithmetic and the other defined functors of TPTP. */
typedef struct defined {
    const char *name;
    int arity;           /* -1: any, at least 2 */
    fc_kind kind;        /* FC_TRUE: special */
} defined;

static const defined defined_functors[] = {
    {"$sum", 2, FC_ADD},          {"$difference", 2, FC_SUB},
    {"$product", 2, FC_MUL},      {"$quotient", 2, FC_DIV},
    {"$uminus", 1, FC_NEG},       {"$less", 2, FC_LT},
    {"$lesseq", 2, FC_LE},        {"$greater", 2, FC_GT},
    {"$greatereq", 2, FC_GE},     {"$floor", 1, FC_FLOOR},
    {"$ceiling", 1, FC_CEIL},     {"$truncate", 1, FC_TRUNC},
    {"$to_int", 1, FC_FLOOR},     {"$quotient_f", 2, FC_IDIV},
    {"$remainder_f", 2, FC_MOD},  {"$to_rat", 1, FC_TRUE},
    {"$to_real", 1, FC_TRUE},     {"$is_int", 1, FC_FLOOR},
    {"$distinct", -1, FC_NE},
};

/* A number: an integer, a decimal (with an exponent), or a rational. */
static fc_node *mk_number(rd *r, src *s, const char *text)
{
    bool neg = text[0] == '-';
    if (text[0] == '-' || text[0] == '+')
        text++;
    fc_node *n;
    const char *slash = strchr(text, '/');
    const char *e = strpbrk(text, "eE");
    if (slash) {
        fc_node *a = fc_mk_num(r->ast, text, (size_t)(slash - text));
        fc_node *b = fc_mk_num(r->ast, slash + 1, strlen(slash + 1));
        if (!strspn(slash + 1, "0") || strspn(slash + 1, "0") != strlen(slash + 1))
            n = fc_mk2(r->ast, FC_DIV, a, b);
        else {
            rd_error(r, s, FC_E_DIVISION_BY_ZERO, s->beg, s->end,
                     "the rational %s has denominator 0", text);
            return NULL;
        }
    } else if (e) {
        /* move the decimal point */
        long ex = strtol(e + 1, NULL, 10);
        if (ex > 1000 || ex < -1000) {
            rd_error(r, s, FC_E_BAD_EXPONENT, s->beg, s->end,
                     "the exponent of %s is out of range", text);
            return NULL;
        }
        fc_buf digits = {0};
        long point = 0;
        bool seen = false;
        for (const char *p = text; p < e; p++) {
            if (*p == '.') {
                seen = true;
                continue;
            }
            fc_buf_putc(&digits, *p);
            if (!seen)
                point++;
        }
        point += ex;
        fc_buf out = {0};
        if (point <= 0) {
            fc_buf_puts(&out, "0.");
            for (long i = 0; i < -point; i++)
                fc_buf_putc(&out, '0');
            fc_buf_puts(&out, digits.data);
        } else {
            for (long i = 0; i < point; i++)
                fc_buf_putc(&out, i < (long)digits.len ? digits.data[i] : '0');
            if (point < (long)digits.len) {
                fc_buf_putc(&out, '.');
                fc_buf_puts(&out, digits.data + point);
            }
        }
        n = fc_mk_num(r->ast, out.data, out.len);
        free(digits.data);
        free(out.data);
    } else {
        n = fc_mk_num(r->ast, text, strlen(text));
    }
    return neg ? fc_mk1(r->ast, FC_NEG, n) : n;
}

static bool p_args(rd *r, src *s, node_vec *args)
{
    if (!expect(r, s, T_LP))
        return false;
    for (;;) {
        fc_node *a = p_term(r, s);
        if (!a)
            return false;
        fc_vec_push(args, a);
        if (s->kind == T_COMMA) {
            next(s);
            continue;
        }
        return expect(r, s, T_RP);
    }
}

static fc_node *p_defined(rd *r, src *s)
{
    char *name = fc_xstrdup(s->tok.data);
    size_t beg = s->beg, end = s->end;
    fc_node *res = NULL;
    next(s);
    if (!strcmp(name, "$true") || !strcmp(name, "$false")) {
        res = name[1] == 't' ? fc_mk_true(r->ast) : fc_mk_false(r->ast);
        free(name);
        return res;
    }
    const defined *d = NULL;
    for (size_t i = 0; i < sizeof defined_functors / sizeof *defined_functors; i++)
        if (!strcmp(defined_functors[i].name, name))
            d = &defined_functors[i];
    if (!d) {
        rd_error(r, s, FC_E_UNSUPPORTED_TPTP, beg, end,
                 "%s is not supported ($round, $ite, $let, the _e and _t "
                 "quotients, ... are not read)", name);
        free(name);
        return NULL;
    }
    node_vec args = {0};
    if (p_args(r, s, &args)) {
        if (d->arity >= 0 ? (int)args.len != d->arity : args.len < 2) {
            rd_error(r, s, FC_E_BUILTIN_ARITY, beg, end,
                     "%s takes %d argument%s, not %zu", name,
                     d->arity < 0 ? 2 : d->arity, d->arity == 1 ? "" : "s",
                     args.len);
        } else if (!strcmp(name, "$distinct")) {
            FC_VEC(fc_node *) ne = {0};
            for (size_t i = 0; i < args.len; i++)
                for (size_t j = i + 1; j < args.len; j++)
                    fc_vec_push(&ne, fc_mk2(r->ast, FC_NE, args.data[i],
                                            args.data[j]));
            res = ne.len == 1 ? ne.data[0]
                              : fc_mk(r->ast, FC_AND, ne.data, ne.len);
            fc_vec_free(&ne);
        } else if (!strcmp(name, "$is_int")) {
            res = fc_mk2(r->ast, FC_EQ, fc_mk1(r->ast, FC_FLOOR, args.data[0]),
                         args.data[0]);
        } else if (d->kind == FC_TRUE) {
            res = args.data[0];
        } else {
            res = fc_mk(r->ast, d->kind, args.data, args.len);
        }
    }
    fc_vec_free(&args);
    free(name);
    return res;
}

static fc_node *p_term(rd *r, src *s)
{
    if (r->err)
        return NULL;
    if (!deeper(r, s, "formula"))
        return NULL;
    fc_node *res = NULL;
    switch (s->kind) {
    case T_UPPER:
        res = find_var(r, s, s->tok.data, s->beg, s->end);
        next(s);
        break;
    case T_NUM:
        res = mk_number(r, s, s->tok.data);
        next(s);
        break;
    case T_DOLLAR:
        res = p_defined(r, s);
        break;
    case T_DISTINCT:
        rd_error(r, s, FC_E_UNSUPPORTED_TPTP, s->beg, s->end,
                 "\"distinct objects\" are not supported; use a constant "
                 "and $distinct");
        break;
    case T_LOWER: {
        fc_sym *y = fc_intern(r->ast, s->tok.data, s->tok.len);
        next(s);
        if (s->kind != T_LP) {
            res = fc_mk_const(r->ast, y);
            break;
        }
        node_vec args = {0};
        if (p_args(r, s, &args))
            res = fc_mk_app(r->ast, y, args.data, args.len);
        fc_vec_free(&args);
        break;
    }
    default:
        unexpected(r, s, "a term");
    }
    r->nest--;
    return r->err ? NULL : res;
}

/* An atom, or an (in)equation. */
static fc_node *p_atom(rd *r, src *s)
{
    fc_node *a = p_term(r, s);
    if (!a)
        return NULL;
    if (s->kind == T_EQ || s->kind == T_NE) {
        fc_kind k = s->kind == T_EQ ? FC_EQ : FC_NE;
        next(s);
        fc_node *b = p_term(r, s);
        return b ? fc_mk2(r->ast, k, a, b) : NULL;
    }
    return a;
}

static fc_node *p_quantified(rd *r, src *s)
{
    fc_kind k = s->kind == T_BANG ? FC_FORALL : FC_EXISTS;
    next(s);
    if (!expect(r, s, T_LB))
        return NULL;
    size_t mark = r->scope.len;
    for (;;) {
        if (s->kind != T_UPPER) {
            unexpected(r, s, "a variable");
            break;
        }
        var v = {fc_intern(r->ast, s->tok.data, s->tok.len),
                 r->lang == 1 ? FC_SORT_OBJECT : 0};
        next(s);
        if (s->kind == T_COLON) {
            next(s);
            bool b;
            v.annot = sort_of_type(r, s, &b);
            if (!r->err && b)
                rd_error(r, s, FC_E_UNSUPPORTED_TPTP, s->beg, s->end,
                         "variables of type $o are not supported");
            if (r->err)
                break;
            next(s);
        }
        fc_vec_push(&r->scope, v);
        if (s->kind == T_COMMA) {
            next(s);
            continue;
        }
        if (expect(r, s, T_RB))
            expect(r, s, T_COLON);
        break;
    }
    fc_node *body = r->err ? NULL : p_unit(r, s);
    fc_node *res = body;
    for (size_t i = r->scope.len; res && i-- > mark;)
        res = fc_mk_quant(r->ast, k, r->scope.data[i].s,
                          r->scope.data[i].annot, 0, res);
    r->scope.len = mark;
    return res;
}

static fc_node *p_unit(rd *r, src *s)
{
    if (r->err)
        return NULL;
    if (!deeper(r, s, "formula"))
        return NULL;
    fc_node *res = NULL;
    switch (s->kind) {
    case T_BANG:
    case T_QUEST:
        res = p_quantified(r, s);
        break;
    case T_NOT:
        next(s);
        res = p_unit(r, s);
        if (res)
            res = fc_mk1(r->ast, FC_NOT, res);
        break;
    case T_LP:
        next(s);
        res = p_logic(r, s);
        if (res && !expect(r, s, T_RP))
            res = NULL;
        break;
    default:
        res = p_atom(r, s);
    }
    r->nest--;
    return r->err ? NULL : res;
}

static fc_node *p_logic(rd *r, src *s)
{
    fc_node *a = p_unit(r, s);
    if (!a)
        return NULL;
    int op = s->kind;
    if (op == T_AND || op == T_OR) {
        FC_VEC(fc_node *) xs = {0};
        fc_vec_push(&xs, a);
        while (s->kind == op) {
            next(s);
            fc_node *b = p_unit(r, s);
            if (!b)
                break;
            fc_vec_push(&xs, b);
        }
        fc_node *res = NULL;
        if (!r->err && (s->kind == T_AND || s->kind == T_OR || s->kind == T_IMP ||
                        s->kind == T_RIMP || s->kind == T_IFF ||
                        s->kind == T_XOR || s->kind == T_NOR ||
                        s->kind == T_NAND))
            rd_error(r, s, FC_E_SYNTAX, s->beg, s->end,
                     "TPTP needs parentheses to mix %s with %s",
                     tok_desc(op), tok_desc(s->kind));
        else if (!r->err)
            res = fc_mk(r->ast, op == T_AND ? FC_AND : FC_OR, xs.data, xs.len);
        fc_vec_free(&xs);
        return res;
    }
    if (op != T_IMP && op != T_RIMP && op != T_IFF && op != T_XOR &&
        op != T_NOR && op != T_NAND)
        return a;
    next(s);
    fc_node *b = p_unit(r, s);
    if (!b)
        return NULL;
    if (s->kind == T_AND || s->kind == T_OR || s->kind == T_IMP ||
        s->kind == T_RIMP || s->kind == T_IFF || s->kind == T_XOR ||
        s->kind == T_NOR || s->kind == T_NAND) {
        rd_error(r, s, FC_E_SYNTAX, s->beg, s->end,
                 "TPTP needs parentheses around a binary formula before %s",
                 tok_desc(s->kind));
        return NULL;
    }
    fc_ast *x = r->ast;
    switch (op) {
    case T_IMP:
        return fc_mk2(x, FC_IMPLIES, a, b);
    case T_RIMP:
        return fc_mk2(x, FC_IMPLIES, b, a);
    case T_IFF:
        return fc_mk2(x, FC_IFF, a, b);
    case T_XOR:
        return fc_mk2(x, FC_XOR, a, b);
    case T_NOR:
        return fc_mk1(x, FC_NOT, fc_mk2(x, FC_OR, a, b));
    default:
        return fc_mk1(x, FC_NOT, fc_mk2(x, FC_AND, a, b));
    }
}

/* A cnf clause: literals joined by '|', parenthesized or not. */
static fc_node *p_clause(rd *r, src *s)
{
    return p_logic(r, s);
}

/* Universally closes f over the free variables met (cnf). */
static fc_node *close_free(rd *r, fc_node *f)
{
    for (size_t i = r->free_vars.len; f && i-- > 0;)
        f = fc_mk_quant(r->ast, FC_FORALL, r->free_vars.data[i].s,
                        r->free_vars.data[i].annot, 0, f);
    r->free_vars.len = 0;
    return f;
}

/* ---- tff type declarations ---------------------------------------------- */

static fc_sym *sort_sym(rd *r, uint32_t sort)
{
    const char *n = fc_sort_name(r->ast, sort);
    return fc_intern(r->ast, n, strlen(n));
}

/* `name: type`, possibly in parentheses. */
static void p_type_decl(rd *r, src *s, rec *x)
{
    int parens = 0;
    while (s->kind == T_LP) {
        parens++;
        next(s);
    }
    if (s->kind != T_LOWER) {
        unexpected(r, s, "the name of the symbol to declare");
        return;
    }
    fc_sym *y = fc_intern(r->ast, s->tok.data, s->tok.len);
    next(s);
    if (!expect(r, s, T_COLON))
        return;
    if (s->kind == T_DOLLAR && !strcmp(s->tok.data, "$tType")) {
        next(s);
        fc_sort_declare(r->ast, y->name);
        x->decl.kind = FC_ST_SORT;
        fc_vec_push(&x->decl.names, y);
    } else {
        FC_VEC(uint32_t) argv = {0};
        bool is_bool = false;
        uint32_t res = 0;
        if (s->kind == T_BANG || (s->kind == T_BAD && s->tok.len == 0)) {
            rd_error(r, s, FC_E_UNSUPPORTED_TPTP, s->beg, s->end,
                     "polymorphic types are not supported");
        } else if (s->kind == T_LP) {
            next(s);
            for (;;) {
                bool b;
                uint32_t a = sort_of_type(r, s, &b);
                if (r->err)
                    break;
                fc_vec_push(&argv, a);
                next(s);
                if (s->kind == T_STAR) {
                    next(s);
                    continue;
                }
                if (expect(r, s, T_RP) && expect(r, s, T_GT)) {
                    res = sort_of_type(r, s, &is_bool);
                    if (!r->err)
                        next(s);
                }
                break;
            }
        } else {
            uint32_t a = sort_of_type(r, s, &is_bool);
            if (!r->err) {
                next(s);
                if (s->kind == T_GT) {
                    if (is_bool)
                        rd_error(r, s, FC_E_UNSUPPORTED_TPTP, s->beg, s->end,
                                 "arguments of type $o are not supported");
                    fc_vec_push(&argv, a);
                    next(s);
                    res = sort_of_type(r, s, &is_bool);
                    if (!r->err)
                        next(s);
                } else {
                    res = a;
                }
            }
        }
        if (!r->err) {
            if (argv.len == 0 && is_bool) {
                x->decl.kind = FC_ST_PRED;
                fc_vec_push(&x->decl.names, y);
            } else if (argv.len == 0) {
                x->decl.kind = FC_ST_CONST;
                fc_vec_push(&x->decl.names, y);
                x->decl.result_sort = sort_sym(r, res);
            } else {
                x->decl.kind = is_bool ? FC_ST_PRED : FC_ST_FUN;
                fc_vec_push(&x->decl.names, y);
                for (size_t i = 0; i < argv.len; i++)
                    fc_vec_push(&x->decl.arg_sorts, sort_sym(r, argv.data[i]));
                if (!is_bool)
                    x->decl.result_sort = sort_sym(r, res);
            }
            x->has_decl = true;
        }
        fc_vec_free(&argv);
    }
    while (!r->err && parens-- > 0)
        expect(r, s, T_RP);
}

/* ---- annotated formulas and includes ------------------------------------ */

static void rec_free(rec *x)
{
    free(x->name);
    free(x->role);
    free(x->msg);
    gterm_free(x->source);
    if (!x->has_decl)
        fc_stmt_free(&x->decl);
}

/* Skips to just past the '.' ending the current annotated formula. */
static void recover(src *s)
{
    int depth = 0;
    while (s->kind != T_EOF) {
        if (s->kind == T_LP || s->kind == T_LB)
            depth++;
        else if ((s->kind == T_RP || s->kind == T_RB) && depth > 0)
            depth--;
        else if (s->kind == T_DOT && depth == 0) {
            next(s);
            return;
        }
        if (s->kind == T_BAD && s->lex_msg[0] &&
            strstr(s->lex_msg, "comment")) {
            s->kind = T_EOF;
            return;
        }
        next(s);
    }
}

static void place(rd *r, src *s, rec *x, size_t beg, size_t end)
{
    if (!s->main) {
        beg = s->anchor_beg;
        end = s->anchor_end;
    }
    const char *t = r->t->text;
    size_t len = r->t->len;
    if (beg > len)
        beg = len;
    if (end < beg)
        end = beg;
    x->beg = beg;
    x->end = end;
    if (x->fbeg < beg || x->fbeg > end)
        x->fbeg = beg;
    if (x->fend < x->fbeg || x->fend > end)
        x->fend = end;
    if (!r->line_no || beg < r->line_at) {
        r->line_no = 1;
        r->line_at = r->line_start = 0;
    }
    int line = r->line_no;
    size_t ls = r->line_start;
    for (size_t i = r->line_at; i < beg; i++)
        if (t[i] == '\n') {
            line++;
            ls = i + 1;
        }
    r->line_at = beg;
    r->line_no = line;
    r->line_start = ls;
    x->line = line;
    x->line_off = ls;
    x->col = fc_utf8_columns(t + ls, beg - ls) + 1;
}

static void read_file(rd *r, src *s, const gterm *only);

static char *dir_join(const char *from, const char *name)
{
    if (name[0] == '/')
        return fc_xstrdup(name);
    const char *slash = strrchr(from, '/');
    fc_buf b = {0};
    if (slash)
        fc_buf_putn(&b, from, (size_t)(slash - from + 1));
    fc_buf_puts(&b, name);
    return fc_buf_take(&b);
}

/* A regular file's contents (not a device, a FIFO or a folder). */
static char *slurp(const char *path, size_t *len)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    if (!S_ISREG(st.st_mode)) {
        errno = EINVAL;
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fc_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fc_buf_putn(&b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b.data);
        return NULL;
    }
    *len = b.len;
    if (!b.data)
        return fc_xstrdup("");
    return fc_buf_take(&b);
}

static void p_include(rd *r, src *s, size_t beg)
{
    next(s);
    if (!expect(r, s, T_LP))
        return;
    if (s->kind != T_LOWER) {
        unexpected(r, s, "a quoted file name");
        return;
    }
    char *name = fc_xstrdup(s->tok.data);
    size_t nbeg = s->beg, nend = s->end;
    next(s);
    gterm *only = NULL;
    if (s->kind == T_COMMA) {
        next(s);
        only = p_gterm(r, s);
    }
    if (!r->err && expect(r, s, T_RP) && expect(r, s, T_DOT)) {
        char *path = dir_join(s->path, name);
        size_t len = 0;
        char *text = NULL;
        if (!r->includes) {
            rd_error(r, s, FC_E_UNSUPPORTED_TPTP, nbeg, nend,
                     "includes are read only from files given on the "
                     "command line, not from text given to the library "
                     "or the server");
        } else if (s->depth >= MAX_INCLUDE_DEPTH) {
            rd_error(r, s, FC_E_TOO_DEEP, nbeg, nend,
                     "includes nest deeper than %d files (a cycle?)",
                     MAX_INCLUDE_DEPTH);
        } else if (!(text = slurp(path, &len))) {
            const char *root = getenv("TPTP");
            if (root && name[0] != '/') {
                char *alt = dir_join(root, name);
                char *rootdir = fc_xstrdup(root);
                free(alt);
                fc_buf b = {0};
                fc_buf_printf(&b, "%s/%s", rootdir, name);
                free(rootdir);
                alt = fc_buf_take(&b);
                text = slurp(alt, &len);
                if (text) {
                    free(path);
                    path = alt;
                } else {
                    free(alt);
                }
            }
            if (!text)
                rd_error(r, s, FC_E_INCLUDE_MISSING, nbeg, nend,
                         "cannot read the included file '%s' (%s): %s", name,
                         path, strerror(errno ? errno : ENOENT));
        }
        if (text) {
            src sub = {0};
            sub.path = path;
            sub.text = text;
            sub.len = len;
            sub.owned = text;
            sub.depth = s->depth + 1;
            sub.anchor_beg = s->main ? beg : s->anchor_beg;
            sub.anchor_end = s->main ? s->beg : s->anchor_end;
            read_file(r, &sub, only);
            free(sub.owned);
            free(sub.tok.data);
            path = sub.path;
        }
        free(path);
    }
    gterm_free(only);
    free(name);
}

static bool selected(const gterm *only, const char *name)
{
    if (!only)
        return true;
    for (size_t i = 0; i < only->kids.len; i++)
        if (only->kids.data[i]->name && !strcmp(only->kids.data[i]->name, name))
            return true;
    return false;
}

static void p_annotated(rd *r, src *s, const gterm *only)
{
    size_t beg = s->beg;
    const char *lang = s->tok.data;
    rec x = {0};
    x.lang = !strcmp(lang, "fof") ? 0 : !strcmp(lang, "tff") ? 1 : 2;
    r->lang = x.lang;
    r->close_free = x.lang == 2;
    r->scope.len = 0;
    r->free_vars.len = 0;
    r->nest = 0;
    next(s);
    if (expect(r, s, T_LP)) {
        if (s->kind == T_LOWER || s->kind == T_NUM) {
            x.name = fc_xstrdup(s->tok.data);
            next(s);
        } else {
            unexpected(r, s, "the formula's name");
        }
    }
    if (!r->err && expect(r, s, T_COMMA)) {
        if (s->kind == T_LOWER) {
            x.role = fc_xstrdup(s->tok.data);
            next(s);
            expect(r, s, T_COMMA);
        } else {
            unexpected(r, s, "a role (axiom, conjecture, ...)");
        }
    }
    if (!r->err) {
        x.fbeg = s->beg;
        if (!strcmp(x.role, "type")) {
            x.is_type = true;
            if (x.lang != 1)
                rd_error(r, s, FC_E_SYNTAX, s->beg, s->end,
                         "type declarations belong in tff formulas");
            else
                p_type_decl(r, s, &x);
        } else {
            fc_node *f = x.lang == 2 ? p_clause(r, s) : p_logic(r, s);
            x.f = close_free(r, f);
        }
        x.fend = s->beg;
    }
    if (!r->err && s->kind == T_COMMA) {
        next(s);
        x.source = p_gterm(r, s);
        if (!r->err && s->kind == T_COMMA) {
            next(s);
            gterm_free(p_gterm(r, s));
        }
    }
    if (!r->err && expect(r, s, T_RP))
        expect(r, s, T_DOT);
    if (!s->main) {
        x.fbeg = s->anchor_beg;
        x.fend = s->anchor_end;
        x.in_include = true;
    }
    place(r, s, &x, beg, s->beg);
    if (r->err) {
        x.broken = true;
        x.err_pos = true;
        x.err_beg = r->err_beg;
        x.err_end = r->err_end;
        x.err_col = r->err_col;
        const fc_diag *g = fc_diags_get(r->diags, fc_diags_count(r->diags) - 1);
        x.code = fc_diag_code(g);
        x.msg = fc_xstrdup(fc_diag_message(g));
        r->err = false;
        recover(s);
        if (!x.name)
            x.name = fc_xstrdup("");
        if (!x.role)
            x.role = fc_xstrdup("axiom");
    }
    if (x.name && selected(only, x.name))
        fc_vec_push(&r->recs, x);
    else
        rec_free(&x);
}

static void read_file(rd *r, src *s, const gterm *only)
{
    next(s);
    while (s->kind != T_EOF) {
        size_t beg = s->beg;
        if (s->kind == T_LOWER && !strcmp(s->tok.data, "include")) {
            p_include(r, s, beg);
        } else if (s->kind == T_LOWER && (!strcmp(s->tok.data, "fof") ||
                                          !strcmp(s->tok.data, "tff") ||
                                          !strcmp(s->tok.data, "cnf"))) {
            p_annotated(r, s, only);
            continue;
        } else if (s->kind == T_LOWER && (!strcmp(s->tok.data, "thf") ||
                                          !strcmp(s->tok.data, "tcf") ||
                                          !strcmp(s->tok.data, "tpi"))) {
            rd_error(r, s, FC_E_UNSUPPORTED_TPTP, s->beg, s->end,
                     "%s formulas are not supported (fof, tff and cnf are)",
                     s->tok.data);
        } else {
            unexpected(r, s, "fof, tff, cnf or include");
        }
        if (r->err) {
            /* an error outside a formula: keep it as a broken premise */
            rec x = {0};
            x.name = fc_xstrdup("");
            x.role = fc_xstrdup("axiom");
            x.broken = true;
            const fc_diag *g =
                fc_diags_get(r->diags, fc_diags_count(r->diags) - 1);
            x.code = fc_diag_code(g);
            x.msg = fc_xstrdup(fc_diag_message(g));
            place(r, s, &x, beg, s->end);
            fc_vec_push(&r->recs, x);
            r->err = false;
            recover(s);
        }
    }
}

/* ---- from records to statements ----------------------------------------- */


static const char *const premise_roles[] = {
    "axiom", "hypothesis", "definition", "assumption", "lemma", "theorem",
    "corollary", "plain", "negated_conjecture"};

static bool is_premise_role(const char *role)
{
    for (size_t i = 0; i < sizeof premise_roles / sizeof *premise_roles; i++)
        if (!strcmp(role, premise_roles[i]))
            return true;
    return false;
}

/* A diagnostic at an annotated formula of the main file (or at the
 * include that brought it in). */
static void rec_error(rd *r, rec *x, fc_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void rec_error(rd *r, rec *x, fc_code code, const char *fmt, ...)
{
    src s = {.path = (char *)r->name, .text = r->t->text, .len = r->t->len};
    fc_pos pos;
    pos_at(&s, x->beg, x->end, &pos);
    va_list ap;
    va_start(ap, fmt);
    fc_diag *g = fc_diags_vadd(r->diags, code, &pos, fmt, ap);
    va_end(ap);
    x->broken = true;
    x->code = code;
    free(x->msg);
    x->msg = fc_xstrdup(fc_diag_message(g));
}

static void place_stmt(const rec *x, fc_stmt *st)
{
    st->beg = x->beg;
    st->end = x->end;
    st->fbeg = x->fbeg;
    st->fend = x->fend;
    st->line = x->line;
    st->col = x->col;
    st->line_off = x->line_off;
}

/* ---- derivations ---------------------------------------------------------- */

static bool source_is(const gterm *g, const char *name)
{
    return g && g->name && !strcmp(g->name, name);
}

/* The S of status(S) among an inference's useful info; thm when none is
 * given (the strongest claim, so nothing weaker passes for it). */
static const char *inference_status(const gterm *info)
{
    for (size_t i = 0; i < info->kids.len; i++) {
        const gterm *k = info->kids.data[i];
        if (source_is(k, "status") && k->kids.len == 1 &&
            k->kids.data[0]->name)
            return k->kids.data[0]->name;
    }
    return "thm";
}

/* The inference tree of source g, its parents cited by st; NULL with *why
 * when g is not an inference folcheck reads. */
static fc_inference *to_inference(rd *r, const rec *x, const gterm *g,
                                  fc_stmt *st, const char **why)
{
    if (g->kids.len < 3 || !g->kids.data[0]->name || g->kids.data[1]->name ||
        g->kids.data[2]->name) {
        *why = "an inference is inference(rule, [info], [parents])";
        return NULL;
    }
    fc_inference *inf = fc_xcalloc(1, sizeof *inf);
    inf->rule = fc_xstrdup(g->kids.data[0]->name);
    inf->status = fc_xstrdup(inference_status(g->kids.data[1]));
    const gterm *ps = g->kids.data[2];
    for (size_t i = 0; i < ps->kids.len; i++) {
        const gterm *p = ps->kids.data[i];
        if (source_is(p, "inference")) {
            fc_inference *n = to_inference(r, x, p, st, why);
            if (!n) {
                fc_inference_free(inf);
                return NULL;
            }
            fc_vec_push(&inf->nested, n);
        } else if (source_is(p, "theory")) {
            /* theory(equality) and the like: the solver's own */
        } else if (p->name && !p->var && !p->kids.len) {
            fc_cite c = {.label = fc_intern(r->ast, p->name, strlen(p->name)),
                         .off = x->in_include ? x->beg : p->beg,
                         .target = -1};
            fc_vec_push(&inf->cites, (int)st->by.len);
            fc_vec_push(&st->by, c);
        } else {
            *why = "a parent is neither a formula's name nor an inference";
            fc_inference_free(inf);
            return NULL;
        }
    }
    return inf;
}

/* A derivation's inferred (or introduced) record as a step. */
static void inferred_step(rd *r, rec *x, fc_stmt *st)
{
    st->kind = FC_ST_STEP;
    if (source_is(x->source, "introduced")) {
        fc_inference *inf = fc_xcalloc(1, sizeof *inf);
        inf->introduced = true;
        const gterm *k = x->source->kids.len ? x->source->kids.data[0] : NULL;
        inf->rule = fc_xstrdup(k && k->name ? k->name : "");
        inf->status = fc_xstrdup("");
        st->inference = inf;
        return;
    }
    const char *why = "";
    st->inference = to_inference(r, x, x->source, st, &why);
    st->has_by = true;
    if (!st->inference) {
        st->by.len = 0;
        rec_error(r, x, FC_E_UNSUPPORTED_TPTP, "%s", why);
    }
}

/* Does any record come from an inference?  Then the file is a TSTP
 * derivation, not a problem. */
static bool is_derivation(const rd *r)
{
    for (size_t i = 0; i < r->recs.len; i++)
        if (!r->recs.data[i].broken &&
            source_is(r->recs.data[i].source, "inference"))
            return true;
    return false;
}

/* Annotated formulas become statements: premises by role, the conjecture
 * the conclusion, type declarations declarations.  In a derivation,
 * inferred and introduced records are steps that cite their parents. */
static void to_statements(rd *r)
{
    bool conjecture = false, derivation = is_derivation(r);
    r->t->derivation = derivation;
    for (size_t i = 0; i < r->recs.len; i++) {
        rec *x = &r->recs.data[i];
        fc_stmt st = {0};
        if (x->is_type && !x->broken) {
            if (!x->has_decl)
                continue;
            st = x->decl;
            memset(&x->decl, 0, sizeof x->decl);
            place_stmt(x, &st);
            fc_trace_add(r->t, &st);
            continue;
        }
        bool inferred = derivation && !x->broken &&
                        (source_is(x->source, "inference") ||
                         source_is(x->source, "introduced"));
        bool concl = !inferred && x->role && !strcmp(x->role, "conjecture");
        if (inferred)
            inferred_step(r, x, &st);
        else if (!x->broken && concl && conjecture)
            rec_error(r, x, FC_E_UNSUPPORTED_TPTP,
                      "a second conjecture (%s): folcheck checks one "
                      "conclusion per problem", x->name);
        else if (!x->broken && !concl && !is_premise_role(x->role))
            rec_error(r, x, FC_E_UNSUPPORTED_TPTP,
                      "the role %s is not supported (axiom, hypothesis, "
                      "definition, assumption, lemma, theorem, corollary, "
                      "plain, negated_conjecture and conjecture are)",
                      x->role);
        /* a second conjecture is the input's problem, not a model's: an
         * input error (a broken premise) rather than an ill-formed
         * conclusion */
        if (!inferred)
            st.kind = concl && !conjecture ? FC_ST_CONCLUDE : FC_ST_PREMISE;
        st.assumption = derivation && st.kind == FC_ST_PREMISE &&
                        x->role && !strcmp(x->role, "negated_conjecture");
        conjecture |= concl;
        if (x->name[0]) {
            st.label = fc_xstrdup(x->name);
            st.label_given = true;
        }
        place_stmt(x, &st);
        if (x->broken) {
            st.broken = true;
            st.error_code = x->code;
            st.error_msg = fc_xstrdup(x->msg ? x->msg : "");
            if (x->err_pos) {
                st.has_err_pos = true;
                st.err_beg = x->err_beg;
                st.err_end = x->err_end;
                st.error_col = x->err_col;
            }
        } else {
            st.formula = x->f;
        }
        fc_trace_add(r->t, &st);
    }
}

void fc_tptp_read(fc_trace *t, bool includes, fc_diags *diags)
{
    rd r = {.t = t, .ast = t->ast, .diags = diags, .name = t->name,
            .includes = includes};
    src s = {.path = fc_xstrdup(t->name), .text = t->text, .len = t->len,
             .main = true};
    read_file(&r, &s, NULL);
    to_statements(&r);
    for (size_t i = 0; i < r.recs.len; i++)
        rec_free(&r.recs.data[i]);
    fc_vec_free(&r.recs);
    fc_vec_free(&r.scope);
    fc_vec_free(&r.free_vars);
    free(s.tok.data);
    free(s.path);
}

fc_node *fc_tptp_parse_formula(fc_ast *ast, fc_diags *diags, const char *file,
                               int json_line, const char *record,
                               size_t record_len, long raw_off,
                               const char *field, const char *text,
                               size_t len)
{
    rd r = {.ast = ast, .diags = diags, .name = file, .close_free = true,
            .json = true, .json_record = record,
            .json_record_len = record_len, .json_raw_off = raw_off,
            .json_line = json_line, .json_field = field};
    src s = {.path = (char *)file, .text = text, .len = len, .main = true};
    next(&s);
    fc_node *f = NULL;
    if (s.kind == T_EOF)
        rd_error(&r, &s, FC_E_SYNTAX, 0, 1, "the formula is empty");
    else
        f = p_logic(&r, &s);
    if (f && !r.err && s.kind != T_EOF)
        unexpected(&r, &s, "the end of the formula");
    f = r.err ? NULL : close_free(&r, f);
    fc_vec_free(&r.scope);
    fc_vec_free(&r.free_vars);
    free(s.tok.data);
    return f;
}
