#include "util/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The registry: every diagnostic code, its stable name and its meaning. */
static const struct {
    const char *name;
    fc_severity severity;
    const char *summary;
} registry[FC_CODE_COUNT] = {
    [FC_E_SYNTAX] = {"syntax", FC_SEV_ERROR,
                     "the statement does not parse"},
    [FC_E_UNBALANCED_PAREN] = {"unbalanced_paren", FC_SEV_ERROR,
                               "a parenthesis is never closed or opened"},
    [FC_E_BAD_CHAR] = {"bad_char", FC_SEV_ERROR,
                       "a character that is not part of the language"},
    [FC_E_BAD_UTF8] = {"bad_utf8", FC_SEV_ERROR,
                       "bytes that are not valid UTF-8"},
    [FC_E_EMPTY_INPUT] = {"empty_input", FC_SEV_ERROR,
                          "the input holds no statement"},
    [FC_E_TOO_DEEP] = {"too_deep", FC_SEV_ERROR,
                       "a formula nests deeper than the limit"},
    [FC_E_TOO_LONG] = {"too_long", FC_SEV_ERROR,
                       "a statement or record is longer than the limit"},
    [FC_E_UNKNOWN_KEYWORD] = {"unknown_keyword", FC_SEV_ERROR,
                              "a line starts with an unknown keyword"},
    [FC_E_DUPLICATE_LABEL] = {"duplicate_label", FC_SEV_ERROR,
                              "two statements have the same label"},
    [FC_E_UNKNOWN_LABEL] = {"unknown_label", FC_SEV_ERROR,
                            "a citation names no earlier statement"},
    [FC_E_DANGLING_QUANTIFIER] = {"dangling_quantifier", FC_SEV_ERROR,
                                  "a quantifier has no body"},
    [FC_E_TRAILING_COMMA] = {"trailing_comma", FC_SEV_ERROR,
                             "a list ends with a comma"},
    [FC_E_BAD_JSON] = {"bad_json", FC_SEV_ERROR,
                       "a JSON Lines record is not valid JSON"},
    [FC_E_BAD_FIELD] = {"bad_field", FC_SEV_ERROR,
                        "a JSON field is missing or has the wrong type"},
    [FC_E_TYPE_MISMATCH] = {"type_mismatch", FC_SEV_ERROR,
                            "clashing sorts or arities"},
    [FC_E_FREE_VARIABLE] = {"free_variable", FC_SEV_ERROR,
                            "a variable occurs outside its quantifier"},
    [FC_E_REDEFINED] = {"redefined", FC_SEV_ERROR,
                        "a definition or declaration reuses a known name"},
    [FC_E_UNKNOWN_SORT] = {"unknown_sort", FC_SEV_ERROR,
                           "a declaration names an undeclared sort"},
    [FC_E_UNKNOWN_DIALECT] = {"unknown_dialect", FC_SEV_ERROR,
                              "the dialect is not native, folio, python or tptp"},
    [FC_E_BAD_EXPECT] = {"bad_expect", FC_SEV_ERROR,
                         "an expectation names no known verdict"},
    [FC_E_IO] = {"io", FC_SEV_ERROR, "a file cannot be read or written"},
    [FC_W_ARITY_OVERLOAD] = {"arity_overload", FC_SEV_WARNING,
                             "one name is used at two arities"},
    [FC_W_FREE_VARIABLE] = {"implicit_forall", FC_SEV_WARNING,
                            "a free variable is read as universally "
                            "quantified"},
    [FC_W_EXPECT_UNUSED] = {"expect_ignored", FC_SEV_WARNING,
                            "an expectation is ignored outside `test`"},
    [FC_E_BAD_EXPONENT] = {"bad_exponent", FC_SEV_ERROR,
                           "a power's exponent is not a non-negative "
                           "integer numeral"},
    [FC_E_DIVISION_BY_ZERO] = {"division_by_zero", FC_SEV_ERROR,
                               "a formula divides by the numeral 0"},
    [FC_E_UNSUPPORTED_PYTHON] = {"unsupported_python", FC_SEV_ERROR,
                                 "a program has a construct other than "
                                 "straight-line assignments"},
    [FC_E_BUILTIN_ARITY] = {"builtin_arity", FC_SEV_ERROR,
                            "a built-in function has the wrong number of "
                            "arguments"},
    [FC_W_COMMENT_LOOKS_LIKE_CODE] = {"comment_looks_like_code",
                                      FC_SEV_WARNING,
                                      "a trailing comment reads like the "
                                      "rest of an expression"},
    [FC_W_BUILTIN_SHADOWED] = {"builtin_shadowed", FC_SEV_WARNING,
                               "a declared symbol has a built-in "
                               "function's name, and the declaration "
                               "wins"},
    [FC_W_INVALID_UTF8] = {"invalid_utf8", FC_SEV_WARNING,
                           "a copied JSON field holds bytes that are not "
                           "UTF-8 (written as U+FFFD)"},
    [FC_E_INCLUDE_MISSING] = {"include_missing", FC_SEV_ERROR,
                              "a TPTP include names a file that cannot "
                              "be read"},
    [FC_E_UNSUPPORTED_TPTP] = {"unsupported_tptp", FC_SEV_ERROR,
                               "a TPTP construct folcheck does not read "
                               "(thf, polymorphism, $ite, ...)"},
};

const char *fc_code_name(fc_code code)
{
    return code < FC_CODE_COUNT ? registry[code].name : "unknown";
}

const char *fc_code_summary(fc_code code)
{
    return code < FC_CODE_COUNT ? registry[code].summary : "";
}

fc_severity fc_code_severity(fc_code code)
{
    return code < FC_CODE_COUNT ? registry[code].severity : FC_SEV_ERROR;
}

fc_diags *fc_diags_new(void) { return fc_xcalloc(1, sizeof(fc_diags)); }

static void diag_free(fc_diag *g)
{
    free(g->file);
    free(g->field);
    free(g->source);
    free(g->message);
    free(g);
}

void fc_diags_clear(fc_diags *d)
{
    for (size_t i = 0; i < d->items.len; i++)
        diag_free(d->items.data[i]);
    d->items.len = 0;
    d->errors = 0;
}

void fc_diags_free(fc_diags *d)
{
    if (!d)
        return;
    fc_diags_clear(d);
    fc_vec_free(&d->items);
    free(d);
}

size_t fc_diags_count(const fc_diags *d) { return d->items.len; }
size_t fc_diags_errors(const fc_diags *d) { return d->errors; }

const fc_diag *fc_diags_get(const fc_diags *d, size_t i)
{
    return i < d->items.len ? d->items.data[i] : NULL;
}

fc_code fc_diag_code(const fc_diag *d) { return d->code; }
fc_severity fc_diag_severity(const fc_diag *d) { return d->severity; }
int fc_diag_line(const fc_diag *d) { return d->line; }
int fc_diag_col(const fc_diag *d) { return d->col; }
const char *fc_diag_message(const fc_diag *d) { return d->message; }

fc_diag *fc_diags_vadd(fc_diags *d, fc_code code, const fc_pos *pos,
                       const char *fmt, va_list ap)
{
    fc_diag *g = fc_xcalloc(1, sizeof *g);
    fc_buf b = {0};
    g->code = code;
    g->severity = fc_code_severity(code);
    fc_buf_vprintf(&b, fmt, ap);
    g->message = fc_buf_take(&b);
    if (pos) {
        g->file = fc_xstrdup(pos->file ? pos->file : "<input>");
        g->line = pos->line;
        g->col = pos->col;
        g->field = pos->field ? fc_xstrdup(pos->field) : NULL;
        g->fcol = pos->fcol;
        if (pos->source) {
            size_t n = pos->source_len;
            /* Show one line at most, and not a 10 MB one. */
            const char *nl = memchr(pos->source, '\n', n);
            if (nl)
                n = (size_t)(nl - pos->source);
            g->source = fc_xstrndup(pos->source, n);
        }
        g->caret = pos->caret;
        g->span = pos->span > 0 ? pos->span : 1;
    } else {
        g->file = fc_xstrdup("<input>");
    }
    fc_vec_push(&d->items, g);
    if (g->severity == FC_SEV_ERROR)
        d->errors++;
    return g;
}

fc_diag *fc_diags_add(fc_diags *d, fc_code code, const fc_pos *pos,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fc_diag *g = fc_diags_vadd(d, code, pos, fmt, ap);
    va_end(ap);
    return g;
}

void fc_diags_splice(fc_diags *dst, fc_diags *src)
{
    for (size_t i = 0; i < src->items.len; i++)
        fc_vec_push(&dst->items, src->items.data[i]);
    dst->errors += src->errors;
    src->items.len = 0;
    src->errors = 0;
}

/* Long source lines are cut around the caret so that a 10 MB line prints
 * as a readable excerpt. */
#define SHOW_COLS 100

static void put_excerpt(fc_buf *b, const fc_diag *g, bool color)
{
    const char *s = g->source;
    int caret = g->caret > 0 ? g->caret : 1;
    int span = g->span;
    /* Work in display columns: find byte offsets of columns. */
    int ncols = fc_utf8_columns(s, strlen(s));
    int from = 1, to = ncols;
    if (ncols > SHOW_COLS) {
        from = caret - SHOW_COLS / 2;
        if (from < 1)
            from = 1;
        to = from + SHOW_COLS - 1;
        if (to > ncols)
            to = ncols;
    }
    const char *p = s;
    int col = 1;
    while (*p && col < from) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
        col++;
    }
    const char *q = p;
    while (*q && col <= to) {
        q++;
        while ((*q & 0xC0) == 0x80)
            q++;
        col++;
    }
    int gutter = g->line > 0 && !g->field ? snprintf(NULL, 0, "%d", g->line)
                                           : 1;
    if (g->field)
        fc_buf_printf(b, "%*s | ", gutter, "");
    else
        fc_buf_printf(b, "%*d | ", gutter, g->line);
    if (from > 1)
        fc_buf_puts(b, "...");
    /* control bytes are shown as their pictures (U+2400 + byte, U+2421
     * for DEL): one column each, so the caret stays in place, and a
     * binary input cannot drive the terminal */
    for (const char *r = p; r < q; r++) {
        unsigned char ch = (unsigned char)*r;
        if (ch == '\t')
            fc_buf_putc(b, ' ');
        else if (ch < 0x20)
            fc_buf_printf(b, "\xe2\x90%c", (char)(0x80 + ch));
        else if (ch == 0x7f)
            fc_buf_puts(b, "\xe2\x90\xa1");
        else
            fc_buf_putc(b, (char)ch);
    }
    if (*q)
        fc_buf_puts(b, "...");
    fc_buf_putc(b, '\n');
    fc_buf_printf(b, "%*s | %*s", gutter, "",
                  (caret - from) + (from > 1 ? 3 : 0), "");
    if (color)
        fc_buf_puts(b, "\033[1;32m");
    fc_buf_putc(b, '^');
    for (int i = 1; i < span && caret + i <= to + 1; i++)
        fc_buf_putc(b, '~');
    if (color)
        fc_buf_puts(b, "\033[0m");
    fc_buf_putc(b, '\n');
}

char *fc_diag_format(const fc_diag *g, bool color)
{
    fc_buf b = {0};
    static const char *sev_name[] = {"error", "warning", "note"};
    static const char *sev_color[] = {"\033[1;31m", "\033[1;35m",
                                      "\033[1;36m"};
    if (color)
        fc_buf_puts(&b, "\033[1m");
    fc_buf_puts(&b, g->file);
    if (g->line > 0) {
        fc_buf_printf(&b, ":%d", g->line);
        if (g->col > 0)
            fc_buf_printf(&b, ":%d", g->col);
    }
    fc_buf_puts(&b, ": ");
    if (color)
        fc_buf_puts(&b, sev_color[g->severity]);
    fc_buf_printf(&b, "%s[%s]", sev_name[g->severity], fc_code_name(g->code));
    if (color)
        fc_buf_puts(&b, "\033[0m\033[1m");
    fc_buf_puts(&b, ": ");
    if (g->field) {
        fc_buf_printf(&b, "in %s", g->field);
        if (g->fcol > 0)
            fc_buf_printf(&b, " at column %d", g->fcol);
        fc_buf_puts(&b, ": ");
    }
    fc_buf_puts(&b, g->message);
    if (color)
        fc_buf_puts(&b, "\033[0m");
    fc_buf_putc(&b, '\n');
    if (g->source && g->caret > 0)
        put_excerpt(&b, g, color);
    return fc_buf_take(&b);
}
