/* The driver around the generated scanner and parser, and the helpers the
 * grammar's actions call. */
#include "lang/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/jsonpos.h"
#include "lang/parse_actions.h"
#include "lang/passes.h"
#include "lang/tptp.h"
#include "parser.h"

/* from the generated scanner */
int fcyylex_init_extra(fc_pstate *extra, yyscan_t *scanner);
int fcyylex_destroy(yyscan_t scanner);
typedef struct yy_buffer_state *YY_BUFFER_STATE;
YY_BUFFER_STATE fcyy_scan_bytes(const char *bytes, int len,
                                yyscan_t scanner);

/* ---- positions ---------------------------------------------------------- */

static void line_of(fc_pstate *st, size_t off, int *line, size_t *line_start)
{
    if (off < st->cache_off || st->cache_line == 0) {
        st->cache_off = 0;
        st->cache_line = 1;
        st->cache_line_start = 0;
    }
    const char *t = st->text;
    for (size_t i = st->cache_off; i < off && i < st->len; i++) {
        if (t[i] == '\n') {
            st->cache_line++;
            st->cache_line_start = i + 1;
        }
    }
    st->cache_off = off;
    *line = st->cache_line;
    *line_start = st->cache_line_start;
}

void fc_pstate_pos(fc_pstate *st, fc_loc loc, fc_pos *pos, int *line_out)
{
    memset(pos, 0, sizeof *pos);
    pos->file = st->file;
    size_t beg = loc.beg <= st->len ? loc.beg : st->len;
    size_t end = loc.end <= st->len && loc.end > beg ? loc.end : beg + 1;
    if (st->mode == FC_MODE_FORMULA || st->json_positions) {
        pos->line = st->json_line;
        pos->field = st->field;
        pos->fcol = fc_utf8_columns(st->text, beg) + 1;
        if (st->json_record && st->json_raw_off >= 0)
            pos->col = fc_json_column_from(st->json_record,
                                           st->json_record_len,
                                           (size_t)st->json_raw_off, beg);
        else if (st->json_record)
            pos->col = fc_json_column(st->json_record, st->json_record_len,
                                      st->text, st->len, beg);
        else
            pos->col = 0;
        pos->source = st->text;
        pos->source_len = st->len;
        pos->caret = pos->fcol;
        pos->span = end <= st->len
                        ? fc_utf8_columns(st->text + beg, end - beg)
                        : 1;
    } else {
        int line;
        size_t ls;
        line_of(st, beg, &line, &ls);
        pos->line = line;
        pos->col = fc_utf8_columns(st->text + ls, beg - ls) + 1;
        pos->source = st->text + ls;
        pos->source_len = st->len - ls;
        pos->caret = pos->col;
        const char *nl = memchr(st->text + beg, '\n', end - beg);
        size_t e = nl ? (size_t)(nl - st->text) : end;
        pos->span = e > beg ? fc_utf8_columns(st->text + beg, e - beg) : 1;
    }
    if (pos->span < 1)
        pos->span = 1;
    if (line_out)
        *line_out = pos->line;
}

void fc_pstate_error(fc_pstate *st, fc_code code, fc_loc loc,
                     const char *fmt, ...)
{
    fc_pos pos;
    fc_pstate_pos(st, loc, &pos, NULL);
    va_list ap;
    va_start(ap, fmt);
    fc_diag *g = fc_diags_vadd(st->diags, code, &pos, fmt, ap);
    va_end(ap);
    if (!st->cur.broken && !st->cur.ill_sorted) {
        st->cur.broken = true;
        st->cur.error_code = code;
        st->cur.error_msg = fc_xstrdup(g->message);
        st->cur.error_col = pos.col;
        st->cur.err_beg = loc.beg;
        st->cur.err_end = loc.end;
        st->cur.has_err_pos = true;
    }
}

/* ---- statements --------------------------------------------------------- */

static void reset_statement(fc_pstate *st)
{
    memset(&st->cur, 0, sizeof st->cur);
    st->cur_has_kind = false;
    st->scope.len = 0;
    st->bound_here.len = 0;
    st->lex_error = false;
}

static void place(fc_pstate *st, fc_stmt *s, size_t beg, size_t end)
{
    int line;
    size_t ls;
    if (beg > st->len)
        beg = st->len;
    s->beg = beg;
    s->end = end;
    line_of(st, beg, &line, &ls);
    s->line = line;
    s->line_off = ls;
    s->col = fc_utf8_columns(st->text + ls, beg - ls) + 1;
    for (size_t i = 0; i < st->bound_here.len; i++)
        fc_vec_push(&s->bound, st->bound_here.data[i]);
}

void fc_pstate_emit(fc_pstate *st, fc_loc loc)
{
    /* sorts are known from here on: binders such as `∀x:S` need them */
    if (st->cur.kind == FC_ST_SORT)
        for (size_t i = 0; i < st->cur.names.len; i++)
            fc_sort_declare(st->ast, st->cur.names.data[i]->name);
    place(st, &st->cur, loc.beg, loc.end);
    fc_trace_add(st->trace, &st->cur);
    reset_statement(st);
}

void fc_pstate_emit_broken(fc_pstate *st, fc_loc loc)
{
    (void)loc;
    if (!st->cur_has_kind) {
        /* nothing usable: the error is an input error of the trace */
        st->cur.kind = FC_ST_PREMISE;
    }
    if (!st->cur.broken) {
        st->cur.broken = true;
        st->cur.error_code = FC_E_SYNTAX;
        st->cur.error_msg = fc_xstrdup("the statement does not parse");
    }
    st->cur.formula = NULL;
    size_t beg = st->stmt_beg < loc.beg ? st->stmt_beg : loc.beg;
    place(st, &st->cur, beg, loc.end);
    fc_trace_add(st->trace, &st->cur);
    reset_statement(st);
}

/* ---- actions ------------------------------------------------------------ */

void fc_p_kind(fc_pstate *st, fc_stmt_kind kind)
{
    st->cur.kind = kind;
    st->cur_has_kind = true;
}

void fc_p_label(fc_pstate *st, fc_sym *label, fc_loc loc)
{
    (void)loc;
    free(st->cur.label);
    st->cur.label = fc_xstrdup(label->name);
    st->cur.label_given = true;
}

void fc_p_cite(fc_pstate *st, fc_sym *label, fc_loc loc)
{
    fc_cite c = {label, loc.beg, -1, 0};
    fc_vec_push(&st->cur.by, c);
}

void fc_p_claim(fc_pstate *st, fc_node *formula, fc_loc loc)
{
    st->cur.formula = fc_flatten(st->ast, formula);
    st->cur.fbeg = loc.beg;
    st->cur.fend = loc.end;
}

void fc_p_define(fc_pstate *st, fc_sym *name, fc_loc nloc, fc_node *term,
                 fc_loc tloc)
{
    st->cur.def_name = fc_mk_const(st->ast, name);
    st->cur.def_term = fc_flatten(st->ast, term);
    term = st->cur.def_term;
    st->cur.formula = fc_mk2(st->ast, FC_EQ, st->cur.def_name, term);
    st->cur.fbeg = nloc.beg;
    st->cur.fend = tloc.end;
}

void fc_p_py_assign(fc_pstate *st, fc_sym *name, fc_loc nloc,
                    fc_node *expr, fc_loc eloc)
{
    fc_node *c = fc_mk_const(st->ast, name);
    for (size_t i = 0; st->trace && i < st->trace->stmts.len; i++) {
        const fc_stmt *o = &st->trace->stmts.data[i];
        bool same = (o->kind == FC_ST_DEFINE && o->def_name == c) ||
                    (o->kind == FC_ST_PREMISE && o->formula &&
                     o->formula->kind == FC_EQ && o->formula->args[0] == c);
        if (same) {
            fc_loc l = {nloc.beg, nloc.beg + name->len};
            fc_pstate_error(st, FC_E_UNSUPPORTED_PYTHON, l,
                            "`%s` is assigned again (first on line %d): "
                            "reassignment is not supported; a program "
                            "assigns each name once",
                            name->name, o->line);
            return;
        }
    }
    expr = fc_flatten(st->ast, expr);
    if (expr->kind == FC_NUM) {
        fc_p_kind(st, FC_ST_PREMISE);
        st->cur.formula = fc_mk2(st->ast, FC_EQ, c, expr);
        st->cur.fbeg = nloc.beg;
        st->cur.fend = eloc.end;
        return;
    }
    fc_p_kind(st, FC_ST_DEFINE);
    fc_p_define(st, name, nloc, expr, eloc);
}

/* Powers are written with small exponents; the limit keeps a typo such
 * as `2 ^ 100000000` from filling memory. */
#define FC_MAX_EXPONENT 10000

fc_node *fc_p_pow(fc_pstate *st, fc_node *base, fc_node *exp, fc_loc eloc)
{
    bool ok = exp->kind == FC_NUM && exp->num[0] != '-' &&
              !strchr(exp->num, '.') && !strchr(exp->num, '%');
    if (ok && (strlen(exp->num) > 5 || atol(exp->num) > FC_MAX_EXPONENT)) {
        fc_pstate_error(st, FC_E_BAD_EXPONENT, eloc,
                        "the exponent %s is larger than the limit of %d",
                        exp->num, FC_MAX_EXPONENT);
        return NULL;
    }
    if (!ok) {
        char *e = fc_node_str(st->ast, exp);
        fc_pstate_error(st, FC_E_BAD_EXPONENT, eloc,
                        "the exponent `%s` is not a non-negative integer "
                        "numeral; a power is written `x ^ 2`", e);
        free(e);
        return NULL;
    }
    return fc_mk_binary(st->ast, FC_POW, base, exp);
}

void fc_p_decl_name(fc_pstate *st, fc_sym *name)
{
    /* the name goes first, before the argument sorts already read */
    fc_vec_push(&st->cur.names, name);
    if (st->cur.kind != FC_ST_SORT && st->cur.names.len > 1) {
        memmove(st->cur.names.data + 1, st->cur.names.data,
                (st->cur.names.len - 1) * sizeof(fc_sym *));
        st->cur.names.data[0] = name;
    }
}

fc_node *fc_p_ident(fc_pstate *st, fc_sym *name)
{
    for (size_t i = st->scope.len; i-- > 0;)
        if (st->scope.data[i].var == name)
            return fc_mk_var(st->ast, name, st->scope.data[i].annot, 0);
    return fc_mk_const(st->ast, name);
}

fc_node *fc_p_negate(fc_pstate *st, fc_node *x)
{
    if (x->kind == FC_NUM && x->num[0] != '-') {
        /* a negative numeral stays a numeral */
        size_t n = strlen(x->num);
        char *s = fc_xmalloc(n + 2);
        s[0] = '-';
        memcpy(s + 1, x->num, n + 1);
        fc_node *r = fc_mk_num(st->ast, s, n + 1);
        free(s);
        return r;
    }
    return fc_mk1(st->ast, FC_NEG, x);
}

void fc_p_open_scope(fc_pstate *st, fc_binders *b)
{
    for (size_t i = 0; i < b->n; i++) {
        fc_vec_push(&st->scope, b->items[i]);
        fc_vec_push(&st->bound_here, b->items[i].var);
    }
}

fc_node *fc_p_quant(fc_pstate *st, fc_binders *b, fc_node *body)
{
    st->scope.len -= b->n;
    fc_node *r = body;
    for (size_t i = b->n; i-- > 0;)
        r = fc_mk_quant(st->ast, b->kind, b->items[i].var, b->items[i].annot, 0,
                        r);
    return r;
}

static fc_node *chain_last(fc_node *chain)
{
    fc_node *last = chain->kind == FC_AND ? chain->args[chain->nargs - 1]
                                          : chain;
    return last->args[1];
}

fc_node *fc_p_chain(fc_pstate *st, fc_node *chain, fc_node *left, int op,
                    fc_node *right)
{
    if (!chain)
        return fc_mk2(st->ast, (fc_kind)op, left, right);
    fc_node *link = fc_mk2(st->ast, (fc_kind)op, chain_last(chain), right);
    return fc_mk_binary(st->ast, FC_AND, chain, link);
}

fc_nlist *fc_p_list(fc_pstate *st)
{
    fc_nlist *l = fc_xcalloc(1, sizeof *l);
    fc_vec_push(&st->lists, l);
    return l;
}

bool fc_p_arity_ok(fc_pstate *st, fc_nlist *args, fc_loc loc)
{
    if (args->items.len <= FC_MAX_ARITY)
        return true;
    if (!st->cur.broken)
        fc_pstate_error(st, FC_E_TOO_LONG, loc,
                        "%zu arguments: more than the limit of %d "
                        "(FC_MAX_ARITY)", args->items.len, FC_MAX_ARITY);
    return false;
}

bool fc_p_depth_ok(fc_pstate *st, fc_node *n, fc_loc loc)
{
    if (n->depth <= FC_MAX_DEPTH)
        return true;
    if (!st->cur.broken)
        fc_pstate_error(st, FC_E_TOO_DEEP, loc,
                        "formula nests deeper than the limit of %d levels "
                        "(FC_MAX_DEPTH)", FC_MAX_DEPTH);
    return false;
}

/* ---- drivers ------------------------------------------------------------ */

static void pstate_release(fc_pstate *st)
{
    for (size_t i = 0; i < st->binders.len; i++) {
        free(st->binders.data[i]->items);
        free(st->binders.data[i]);
    }
    for (size_t i = 0; i < st->lists.len; i++) {
        fc_vec_free(&st->lists.data[i]->items);
        free(st->lists.data[i]);
    }
    fc_vec_free(&st->binders);
    fc_vec_free(&st->lists);
    fc_vec_free(&st->scope);
    fc_vec_free(&st->bound_here);
    fc_vec_free(&st->open_parens);
    fc_stmt_free(&st->cur);
}

static int run_from(fc_pstate *st, size_t from)
{
    yyscan_t scanner;
    if (fcyylex_init_extra(st, &scanner))
        return 2;
    fcyy_scan_bytes(st->text + from, (int)(st->len - from), scanner);
    st->off = from;
    st->begun = false;
    st->depth = 0;
    st->open_parens.len = 0;
    st->stmt_has_tokens = false;
    st->stmt_start = true;
    st->lex_error = false;
    int rc = fcyyparse(scanner, st);
    fcyylex_destroy(scanner);
    return rc;
}

/* Offset of the next line that starts a statement after off, or len. */
static size_t next_statement(const fc_pstate *st, size_t off)
{
    static const char *const kw[] = {"premise", "step",  "define",
                                     "conclude", "expect", "sort",
                                     "const",   "pred",  "fun"};
    const char *t = st->text;
    for (size_t i = off; i < st->len; i++) {
        if (t[i] != '\n')
            continue;
        size_t j = i + 1;
        while (j < st->len && (t[j] == ' ' || t[j] == '\t'))
            j++;
        for (size_t k = 0; k < sizeof kw / sizeof *kw; k++) {
            size_t n = strlen(kw[k]);
            if (j + n <= st->len && !memcmp(t + j, kw[k], n))
                return i + 1;
        }
    }
    return st->len;
}

void fc_parse_file(fc_trace *t, fc_diags *diags, const char *file,
                   const char *text, size_t len, fc_dialect dialect)
{
    fc_pstate st = {0};
    st.ast = t->ast;
    st.diags = diags;
    st.dialect = dialect;
    st.mode = FC_MODE_FILE;
    st.file = file;
    st.text = text;
    st.len = len;
    st.trace = t;
    /* a UTF-8 byte order mark is not part of the text */
    size_t from = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (from < len) {
        st.start_token = START_FILE;
        st.fatal = false;
        reset_statement(&st);
        int rc = run_from(&st, from);
        if (rc == 0)
            break;
        /* the parser gave up (its stack is full): keep the statement as
         * broken and resume at the next statement */
        size_t beg = st.stmt_beg >= from ? st.stmt_beg : from;
        if (!st.cur.broken)
            fc_pstate_error(&st, FC_E_TOO_DEEP, (fc_loc){beg, beg + 1},
                            "formula nests deeper than the limit of %d levels "
                        "(FC_MAX_DEPTH)", FC_MAX_DEPTH);
        fc_pstate_emit_broken(&st, (fc_loc){beg, beg + 1});
        size_t next = next_statement(&st, st.off > beg ? beg : st.off);
        if (next <= from)
            break;
        from = next;
    }
    pstate_release(&st);
}

void fc_parse_declaration(fc_trace *t, fc_diags *diags, const char *file,
                          int json_line, const char *record,
                          size_t record_len, long raw_off, const char *field,
                          const char *text, size_t len)
{
    fc_pstate st = {0};
    st.ast = t->ast;
    st.diags = diags;
    st.dialect = FC_DIALECT_NATIVE;
    st.mode = FC_MODE_FILE;
    st.json_positions = true;
    st.file = file;
    st.text = text;
    st.len = len;
    st.field = field;
    st.json_line = json_line;
    st.json_record = record;
    st.json_record_len = record_len;
    st.json_raw_off = raw_off;
    st.trace = t;
    st.start_token = START_FILE;
    reset_statement(&st);
    run_from(&st, 0);
    pstate_release(&st);
}

fc_node *fc_parse_formula(fc_ast *ast, fc_diags *diags, fc_dialect dialect,
                          const char *file, int json_line,
                          const char *record, size_t record_len,
                          long raw_off, const char *field, const char *text,
                          size_t len)
{
    if (dialect == FC_DIALECT_TPTP && len <= FC_MAX_STATEMENT_BYTES)
        return fc_tptp_parse_formula(ast, diags, file, json_line, record,
                                     record_len, raw_off, field, text, len);
    fc_pstate st = {0};
    st.json_raw_off = raw_off;
    st.ast = ast;
    st.diags = diags;
    st.dialect = dialect;
    st.mode = FC_MODE_FORMULA;
    st.file = file;
    st.text = text;
    st.len = len;
    st.field = field;
    st.json_line = json_line;
    st.json_record = record;
    st.json_record_len = record_len;
    st.start_token = START_FORMULA;
    fc_node *r = NULL;
    if (len > FC_MAX_STATEMENT_BYTES) {
        fc_pstate_error(&st, FC_E_TOO_LONG, (fc_loc){0, 1},
                        "formula longer than the limit of %u bytes "
                        "(FC_MAX_STATEMENT_BYTES)",
                        (unsigned)FC_MAX_STATEMENT_BYTES);
    } else if (len == 0 || strspn(text, " \t\r\n") == len) {
        fc_pstate_error(&st, FC_E_SYNTAX, (fc_loc){0, 1},
                        "the formula is empty");
    } else {
        int rc = run_from(&st, 0);
        if (rc == 0 && !st.cur.broken)
            r = st.formula;
        else if (!st.cur.broken)
            fc_pstate_error(&st, FC_E_TOO_DEEP, (fc_loc){0, 1},
                            "formula nests deeper than the limit of %d levels "
                        "(FC_MAX_DEPTH)", FC_MAX_DEPTH);
    }
    pstate_release(&st);
    return r;
}

/* ---- text input (fc_trace_parse, in folcheck.h) ------------------------- */

fc_trace *fc_trace_parse(const char *name, const char *text, size_t len,
                         fc_dialect dialect, fc_diags *diags)
{
    return fc_trace_parse_flags(name, text, len, dialect, 0, diags);
}

fc_trace *fc_trace_parse_flags(const char *name, const char *text,
                               size_t len, fc_dialect dialect,
                               unsigned flags, fc_diags *diags)
{
    fc_trace *t = fc_trace_alloc(name, dialect);
    t->text = fc_xstrndup(text, len);
    t->len = len;
    size_t before = diags->items.len;
    t->diag_start = before;
    bool tptp = dialect == FC_DIALECT_TPTP;
    if (tptp)
        fc_tptp_read(t, flags & FC_READ_INCLUDES, diags);
    else
        fc_parse_file(t, diags, t->name, t->text, len, dialect);
    if (t->stmts.len == 0) {
        if (diags->items.len == before) {
            fc_pos pos = {.file = t->name, .line = 1, .col = 1};
            fc_diags_add(diags, FC_E_EMPTY_INPUT, &pos, "%s",
                         tptp ? "no annotated formula: a TPTP problem "
                                "needs at least one fof, tff or cnf formula"
                              : "no statement: a trace needs at least one "
                                "premise, step or conclusion");
        }
        fc_trace_free(t);
        return NULL;
    }
    fc_trace_finish(t, diags);
    return t;
}
