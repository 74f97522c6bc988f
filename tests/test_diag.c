/* Diagnostics: the registry of codes, the list, and the compiler-style
 * format with its excerpt and caret. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"

/* ---- the registry ------------------------------------------------------- */

Test(diag, every_code_has_a_name_and_a_summary)
{
    for (int c = 0; c < FC_CODE_COUNT; c++) {
        const char *name = fc_code_name((fc_code)c);
        const char *summary = fc_code_summary((fc_code)c);
        cr_assert_not_null(name, "code %d", c);
        cr_assert_not_null(summary, "code %d", c);
        cr_assert_gt(strlen(name), 0, "code %d has no name", c);
        cr_assert_str_neq(name, "unknown", "code %d", c);
        cr_assert_gt(strlen(summary), 10, "code %d (%s): summary '%s'", c, name,
                     summary);
        /* names are searchable identifiers: lower case, digits, underscores */
        for (const char *p = name; *p; p++)
            cr_assert(islower((unsigned char)*p) ||
                          isdigit((unsigned char)*p) || *p == '_',
                      "code %d: name '%s'", c, name);
    }
}

Test(diag, code_names_are_unique)
{
    for (int a = 0; a < FC_CODE_COUNT; a++)
        for (int b = 0; b < a; b++)
            cr_assert_str_neq(fc_code_name((fc_code)a),
                              fc_code_name((fc_code)b), "codes %d and %d", a,
                              b);
}

Test(diag, stable_names)
{
    /* names are an interface: users search for them, tests assert them */
    cr_assert_str_eq(fc_code_name(FC_E_SYNTAX), "syntax");
    cr_assert_str_eq(fc_code_name(FC_E_UNBALANCED_PAREN), "unbalanced_paren");
    cr_assert_str_eq(fc_code_name(FC_E_TYPE_MISMATCH), "type_mismatch");
    cr_assert_str_eq(fc_code_name(FC_E_TOO_DEEP), "too_deep");
    cr_assert_str_eq(fc_code_name(FC_E_BAD_JSON), "bad_json");
    cr_assert_str_eq(fc_code_name(FC_E_UNKNOWN_LABEL), "unknown_label");
    cr_assert_str_eq(fc_code_name(FC_E_UNKNOWN_DIALECT), "unknown_dialect");
    cr_assert_str_eq(fc_code_name(FC_CODE_COUNT), "unknown");
    cr_assert_str_eq(fc_code_summary(FC_CODE_COUNT), "");
}

Test(diag, severities_follow_the_code_prefix)
{
    for (int c = 0; c < FC_CODE_COUNT; c++) {
        bool warning = c == FC_W_ARITY_OVERLOAD || c == FC_W_FREE_VARIABLE ||
                       c == FC_W_EXPECT_UNUSED ||
                       c == FC_W_COMMENT_LOOKS_LIKE_CODE ||
                       c == FC_W_BUILTIN_SHADOWED ||
                       c == FC_W_INVALID_UTF8;
        cr_assert_eq(fc_code_severity((fc_code)c),
                     warning ? FC_SEV_WARNING : FC_SEV_ERROR, "code %s",
                     fc_code_name((fc_code)c));
    }
}

/* ---- the list ----------------------------------------------------------- */

Test(diag, list_counts_errors_not_warnings)
{
    fc_diags *d = fc_diags_new();
    cr_assert_eq(fc_diags_count(d), 0);
    fc_pos pos = {.file = "a.fol", .line = 2, .col = 3};
    fc_diag *e = fc_diags_add(d, FC_E_SYNTAX, &pos, "bad %s %d", "thing", 7);
    fc_diags_add(d, FC_W_FREE_VARIABLE, &pos, "free");
    fc_diags_add(d, FC_E_BAD_CHAR, NULL, "no position");
    cr_assert_eq(fc_diags_count(d), 3);
    cr_assert_eq(fc_diags_errors(d), 2);
    cr_assert_eq(fc_diags_get(d, 0), e);
    cr_assert_null(fc_diags_get(d, 3));
    cr_assert_str_eq(fc_diag_message(e), "bad thing 7");
    cr_assert_eq(fc_diag_code(e), FC_E_SYNTAX);
    cr_assert_eq(fc_diag_severity(e), FC_SEV_ERROR);
    cr_assert_eq(fc_diag_line(e), 2);
    cr_assert_eq(fc_diag_col(e), 3);
    cr_assert_eq(fc_diag_severity(fc_diags_get(d, 1)), FC_SEV_WARNING);
    const fc_diag *np = fc_diags_get(d, 2);
    cr_assert_str_eq(np->file, "<input>");
    cr_assert_eq(fc_diag_line(np), 0);
    fc_diags_clear(d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(fc_diags_errors(d), 0);
    fc_diags_free(d);
    fc_diags_free(NULL);
}

Test(diag, splice_moves_everything)
{
    fc_diags *a = fc_diags_new(), *b = fc_diags_new();
    fc_diags_add(a, FC_E_SYNTAX, NULL, "one");
    fc_diags_add(b, FC_E_IO, NULL, "two");
    fc_diags_add(b, FC_W_EXPECT_UNUSED, NULL, "three");
    fc_diags_splice(a, b);
    cr_assert_eq(fc_diags_count(a), 3);
    cr_assert_eq(fc_diags_errors(a), 2);
    cr_assert_eq(fc_diags_count(b), 0);
    cr_assert_eq(fc_diags_errors(b), 0);
    cr_assert_str_eq(fc_diag_message(fc_diags_get(a, 2)), "three");
    fc_diags_free(a);
    fc_diags_free(b);
}

Test(diag, source_is_copied_and_cut_at_the_line_end)
{
    fc_diags *d = fc_diags_new();
    char text[] = "premise: A ∧\npremise: B\n";
    fc_pos pos = {.file = "a.fol",
                  .line = 1,
                  .col = 13,
                  .source = text,
                  .source_len = strlen(text),
                  .caret = 13,
                  .span = 1};
    fc_diag *g = fc_diags_add(d, FC_E_SYNTAX, &pos, "m");
    text[0] = 'X'; /* the diagnostic owns a copy */
    cr_assert_str_eq(g->source, "premise: A ∧");
    fc_diags_free(d);
}

/* ---- the format --------------------------------------------------------- */

static char *format1(fc_code code, const fc_pos *pos, const char *msg,
                     bool color)
{
    fc_diags *d = fc_diags_new();
    fc_diag *g = fc_diags_add(d, code, pos, "%s", msg);
    char *s = fc_diag_format(g, color);
    fc_diags_free(d);
    return s;
}

Test(diag, format_is_compiler_style_with_a_caret)
{
    const char *src = "step: A ∧ ∧ B";
    fc_pos pos = {.file = "a.fol",
                  .line = 3,
                  .col = 11,
                  .source = src,
                  .source_len = strlen(src),
                  .caret = 11,
                  .span = 1};
    char *s = format1(FC_E_SYNTAX, &pos, "unexpected '∧'", false);
    cr_assert_str_eq(s, "a.fol:3:11: error[syntax]: unexpected '∧'\n"
                        "3 | step: A ∧ ∧ B\n"
                        "  |           ^\n");
    free(s);
}

Test(diag, span_is_underlined)
{
    const char *src = "premise: Dog(rex, fido)";
    fc_pos pos = {.file = "a.fol",
                  .line = 12,
                  .col = 10,
                  .source = src,
                  .source_len = strlen(src),
                  .caret = 10,
                  .span = 14};
    char *s = format1(FC_E_TYPE_MISMATCH, &pos, "arity", false);
    cr_assert_str_eq(s, "a.fol:12:10: error[type_mismatch]: arity\n"
                        "12 | premise: Dog(rex, fido)\n"
                        "   |          ^~~~~~~~~~~~~~\n");
    free(s);
}

Test(diag, tabs_in_the_source_keep_the_caret_aligned)
{
    const char *src = "\tpremise: #";
    fc_pos pos = {.file = "a.fol",
                  .line = 1,
                  .col = 11,
                  .source = src,
                  .source_len = strlen(src),
                  .caret = 11,
                  .span = 1};
    char *s = format1(FC_E_BAD_CHAR, &pos, "unexpected character '#'", false);
    cr_assert_str_eq(s, "a.fol:1:11: error[bad_char]: unexpected character "
                        "'#'\n"
                        "1 |  premise: #\n"
                        "  |           ^\n");
    free(s);
}

Test(diag, warnings_and_positions_without_columns)
{
    fc_pos pos = {.file = "b.jsonl", .line = 7};
    char *s = format1(FC_W_FREE_VARIABLE, &pos, "'x' is free", false);
    cr_assert_str_eq(s, "b.jsonl:7: warning[implicit_forall]: 'x' is free\n");
    free(s);
    s = format1(FC_E_IO, NULL, "cannot read", false);
    cr_assert_str_eq(s, "<input>: error[io]: cannot read\n");
    free(s);
}

Test(diag, json_field_positions)
{
    const char *src = "Dog(rex) ∧ ∧ Cat(tom)";
    fc_pos pos = {.file = "in.jsonl",
                  .line = 4,
                  .col = 40,
                  .source = src,
                  .source_len = strlen(src),
                  .caret = 12,
                  .span = 1,
                  .field = "steps[1]",
                  .fcol = 12};
    char *s = format1(FC_E_SYNTAX, &pos, "unexpected '∧'", false);
    cr_assert_str_eq(s, "in.jsonl:4:40: error[syntax]: in steps[1] at column "
                        "12: unexpected '∧'\n"
                        "  | Dog(rex) ∧ ∧ Cat(tom)\n"
                        "  |            ^\n");
    free(s);
}

Test(diag, color_only_when_asked)
{
    const char *src = "premise: #";
    fc_pos pos = {.file = "a.fol",
                  .line = 1,
                  .col = 10,
                  .source = src,
                  .source_len = strlen(src),
                  .caret = 10,
                  .span = 1};
    char *plain = format1(FC_E_BAD_CHAR, &pos, "bad", false);
    char *color = format1(FC_E_BAD_CHAR, &pos, "bad", true);
    cr_assert_null(strchr(plain, '\033'));
    cr_assert_not_null(strchr(color, '\033'));
    cr_assert_not_null(strstr(color, "error[bad_char]"));
    /* without the escapes, the coloured text is the plain text */
    fc_buf b = {0};
    for (const char *p = color; *p; p++) {
        if (*p == '\033') {
            while (*p && *p != 'm')
                p++;
            continue;
        }
        fc_buf_putc(&b, *p);
    }
    cr_assert_str_eq(b.data, plain);
    fc_buf_free(&b);
    free(plain);
    free(color);
}

/* Returns line n (0-based) of s, in a static buffer. */
static const char *line_of(const char *s, int n)
{
    static char buf[1024];
    for (int i = 0; i < n; i++) {
        s = strchr(s, '\n');
        cr_assert_not_null(s);
        s++;
    }
    const char *e = strchr(s, '\n');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    cr_assert_lt(len, sizeof buf, "line %d is %zu bytes", n, len);
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

Test(diag, huge_line_is_shown_as_an_excerpt_around_the_caret)
{
    size_t n = 10u * 1000 * 1000;
    char *src = malloc(n + 1);
    memset(src, 'a', n);
    src[n] = '\0';
    size_t at = 5u * 1000 * 1000;
    src[at] = 'X';
    fc_pos pos = {.file = "big.fol",
                  .line = 1,
                  .col = (int)at + 1,
                  .source = src,
                  .source_len = n,
                  .caret = (int)at + 1,
                  .span = 1};
    char *s = format1(FC_E_BAD_CHAR, &pos, "unexpected character 'X'", false);
    cr_assert_lt(strlen(s), 1000, "the excerpt is short");
    char excerpt[1024], caret[1024];
    snprintf(excerpt, sizeof excerpt, "%s", line_of(s, 1));
    snprintf(caret, sizeof caret, "%s", line_of(s, 2));
    /* cut on both sides */
    cr_assert_not_null(strstr(excerpt, "| ..."));
    cr_assert_eq(strcmp(excerpt + strlen(excerpt) - 3, "..."), 0);
    /* the caret sits under the X */
    const char *x = strchr(excerpt, 'X');
    const char *c = strchr(caret, '^');
    cr_assert_not_null(x);
    cr_assert_not_null(c);
    cr_assert_eq(x - excerpt, c - caret, "X at %td, caret at %td", x - excerpt,
                 c - caret);
    free(s);
    free(src);
}

Test(diag, caret_near_the_end_of_a_long_line)
{
    /* 300 columns of multi-byte characters, the caret on the last one */
    fc_buf b = {0};
    for (int i = 0; i < 299; i++)
        fc_buf_puts(&b, "∧");
    fc_buf_puts(&b, "#");
    fc_pos pos = {.file = "u.fol",
                  .line = 2,
                  .col = 300,
                  .source = b.data,
                  .source_len = b.len,
                  .caret = 300,
                  .span = 1};
    char *s = format1(FC_E_BAD_CHAR, &pos, "m", false);
    char excerpt[1024], caret[1024];
    snprintf(excerpt, sizeof excerpt, "%s", line_of(s, 1));
    snprintf(caret, sizeof caret, "%s", line_of(s, 2));
    /* cut on the left only, and the caret is under '#' in display columns */
    cr_assert_not_null(strstr(excerpt, "| ..."));
    cr_assert_eq(excerpt[strlen(excerpt) - 1], '#');
    int xcol =
        fc_utf8_columns(excerpt, (size_t)(strchr(excerpt, '#') - excerpt));
    int ccol = fc_utf8_columns(caret, (size_t)(strchr(caret, '^') - caret));
    cr_assert_eq(xcol, ccol);
    free(s);
    fc_buf_free(&b);
}
