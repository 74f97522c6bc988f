/* JSON Lines input: the trace schema, FOLIO records, wrong field types, bad
 * JSON, and the mapping of formula positions back to record columns. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/jsonl.h"
#include "lang/jsonpos.h"
#include "lang/trace.h"

static fc_trace *load_d(const char *json, int line, fc_dialect dl, fc_diags *d)
{
    return fc_trace_from_json("in.jsonl", line, json, strlen(json), dl, d);
}

static fc_trace *load(const char *json, fc_diags *d)
{
    return load_d(json, 1, FC_DIALECT_NATIVE, d);
}

static fc_stmt *stmt(fc_trace *t, size_t i)
{
    cr_assert_lt(i, t->stmts.len);
    return &t->stmts.data[i];
}

static const fc_diag *only_error(const fc_diags *d)
{
    cr_assert_eq(fc_diags_errors(d), 1, "errors: %zu", fc_diags_errors(d));
    for (size_t i = 0; i < fc_diags_count(d); i++)
        if (fc_diag_severity(fc_diags_get(d, i)) == FC_SEV_ERROR)
            return fc_diags_get(d, i);
    return NULL;
}

static size_t count_kind(fc_trace *t, fc_stmt_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < t->stmts.len; i++)
        n += t->stmts.data[i].kind == k;
    return n;
}

/* ---- the schema --------------------------------------------------------- */

Test(jsonl, schema_record_without_citations)
{
    const char *rec =
        "{\"id\": \"q17\", \"dialect\": \"folio\",\n"
        " \"premises\": [\"∀x (Dog(x) → Animal(x))\", \"Dog(rex)\"],\n"
        " \"steps\": [\"Animal(rex)\", {\"label\": \"s2\", \"formula\": "
        "\"¬Cat(rex)\", \"text\": \"...\"}],\n"
        " \"conclusion\": \"Animal(rex)\", \"meta\": {\"model\": \"qwen\", "
        "\"sample\": 3}}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = load_d(rec, 5, FC_DIALECT_NATIVE, d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert(fc_trace_checkable(t));
    cr_assert_str_eq(fc_trace_id(t), "q17");
    cr_assert_eq(t->dialect, FC_DIALECT_FOLIO);
    cr_assert(t->json);
    cr_assert_eq(t->json_line, 5);
    cr_assert_not_null(t->meta);
    /* meta is copied as the record writes it */
    cr_assert_str_eq(t->meta, "{\"model\": \"qwen\", \"sample\": 3}");
    cr_assert_eq(count_kind(t, FC_ST_PREMISE), 2);
    cr_assert_eq(count_kind(t, FC_ST_STEP), 2);
    cr_assert_eq(count_kind(t, FC_ST_CONCLUDE), 1);
    cr_assert_str_eq(stmt(t, 0)->label, "p1");
    cr_assert_str_eq(stmt(t, 0)->field, "premises[0]");
    cr_assert_str_eq(stmt(t, 0)->source, "∀x (Dog(x) → Animal(x))");
    cr_assert_eq(stmt(t, 0)->formula->kind, FC_FORALL);
    cr_assert_str_eq(stmt(t, 2)->label, "s1");
    fc_stmt *s2 = stmt(t, 3);
    cr_assert_str_eq(s2->label, "s2");
    cr_assert(s2->label_given);
    cr_assert_str_eq(s2->field, "steps[1].formula");
    cr_assert_not(s2->has_by);
    cr_assert_eq(s2->formula->kind, FC_NOT);
    /* the conclusion is the same formula as step s1 (hash-consing) */
    cr_assert_eq(stmt(t, 4)->formula, stmt(t, 2)->formula);
    cr_assert_eq(stmt(t, 0)->line, 5);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, numeric_id_and_unknown_fields)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        load("{\"id\": 17, \"premises\": [\"A\"], \"steps\": [\"A\"], "
             "\"whatever\": {\"x\": [1, 2]}, \"score\": 0.5}",
             d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_str_eq(fc_trace_id(t), "17");
    cr_assert_null(t->meta);
    cr_assert_eq(fc_trace_statement_count(t), 2);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, steps_only_record_has_no_id)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = load("{\"steps\": [\"A ∨ ¬A\"], \"conclusion\": null}", d);
    cr_assert_not_null(t);
    cr_assert_null(fc_trace_id(t));
    cr_assert_eq(fc_trace_statement_count(t), 1);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- FOLIO records ------------------------------------------------------ */

Test(jsonl, folio_record_reads_the_fol_fields)
{
    const char *rec =
        "{\"premises\": \"All dogs are animals. Rex is a dog.\", "
        "\"premises-FOL\": [\"∀x (Dog(x) → Animal(x))\", \"Dog(rex)\"], "
        "\"conclusion\": \"Rex is an animal.\", "
        "\"conclusion-FOL\": \"Animal(rex)\", \"label\": \"True\", "
        "\"example_id\": 3}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = load_d(rec, 2, FC_DIALECT_NATIVE, d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(t->dialect, FC_DIALECT_FOLIO);
    cr_assert_str_eq(t->ref_label, "True");
    cr_assert_eq(count_kind(t, FC_ST_PREMISE), 2);
    cr_assert_eq(count_kind(t, FC_ST_STEP), 0);
    cr_assert_eq(count_kind(t, FC_ST_CONCLUDE), 1);
    cr_assert_str_eq(stmt(t, 0)->field, "premises-FOL[0]");
    cr_assert_str_eq(stmt(t, 2)->field, "conclusion-FOL");
    cr_assert_eq(stmt(t, 2)->formula->kind, FC_APP);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, folio_record_quirks)
{
    /* punctuated identifiers, a free variable, ⟷ */
    const char *rec =
        "{\"premises-FOL\": [\"Released(l-2021) ⟷ Language(c++)\", "
        "\"Dog(x) → Animal(x)\"], \"conclusion-FOL\": "
        "\"Animal(y42.3billion)\"}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = load(rec, d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_errors(d), 0);
    cr_assert_eq(fc_diag_code(fc_diags_get(d, 0)), FC_W_FREE_VARIABLE);
    cr_assert_eq(stmt(t, 0)->formula->kind, FC_IFF);
    cr_assert_eq(stmt(t, 1)->formula->kind, FC_FORALL);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, folio_record_with_unbalanced_parentheses)
{
    const char *rec = "{\"premises-FOL\": [\"∀x (Dog(x) → Animal(x)\"], "
                      "\"conclusion-FOL\": \"Animal(rex)\"}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = load_d(rec, 9, FC_DIALECT_NATIVE, d);
    cr_assert_not_null(t);
    const fc_diag *g = only_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_UNBALANCED_PAREN);
    cr_assert_eq(fc_diag_line(g), 9);
    cr_assert_str_eq(g->field, "premises-FOL[0]");
    /* the unclosed '(' is the 4th column of the formula */
    cr_assert_eq(g->fcol, 4);
    cr_assert_eq(fc_diag_col(g), (int)strlen("{\"premises-FOL\": [\"∀x (") - 2);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- broken formulas ---------------------------------------------------- */

Test(jsonl, broken_step_formula_is_a_verdict_with_a_position)
{
    const char *rec = "{\"id\": 18, \"premises\": [\"A\"], "
                      "\"steps\": [\"A ∧ ∧ B\", \"A\"]}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = load_d(rec, 2, FC_DIALECT_NATIVE, d);
    cr_assert_not_null(t);
    const fc_diag *g = only_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_SYNTAX);
    cr_assert_eq(fc_diag_line(g), 2);
    cr_assert_str_eq(g->field, "steps[0]");
    cr_assert_eq(g->fcol, 5);
    /* the second ∧, in the raw record */
    const char *at = strstr(rec, "∧ B");
    cr_assert_eq(fc_diag_col(g), fc_utf8_columns(rec, (size_t)(at - rec)) + 1);
    cr_assert_str_eq(g->source, "A ∧ ∧ B");
    cr_assert(stmt(t, 1)->broken);
    cr_assert_not(stmt(t, 2)->broken);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, broken_premise_makes_the_record_uncheckable)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = load("{\"premises\": [\"A ∨\"], \"steps\": [\"A\"]}", d);
    cr_assert_not_null(t);
    cr_assert_not(fc_trace_checkable(t));
    cr_assert_not_null(t->first_error);
    cr_assert_str_eq(t->first_error->field, "premises[0]");
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- wrong field types and bad JSON ------------------------------------- */

typedef struct bad_record {
    const char *json;
    fc_code code;
} bad_record;

Test(jsonl, wrong_field_types_reject_the_record)
{
    static const bad_record cases[] = {
        {"{\"premises\": \"A\"}", FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"steps\": [3]}", FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"steps\": [{\"label\": \"s1\"}]}",
         FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"steps\": [{\"formula\": \"A\", "
         "\"label\": 1}]}",
         FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"steps\": [{\"formula\": \"A\", "
         "\"by\": \"p1\"}]}",
         FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"steps\": [{\"formula\": \"A\", "
         "\"by\": [1]}]}",
         FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"conclusion\": 5}", FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"expect\": \"valid\"}", FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"expect\": {\"coherent\": \"yes\"}}",
         FC_E_BAD_FIELD},
        {"{\"premises\": [\"A\"], \"declarations\": \"sort P\"}",
         FC_E_BAD_FIELD},
        {"{\"premises-FOL\": [\"A\"], \"conclusion-FOL\": [\"A\"]}",
         FC_E_BAD_FIELD},
        {"[1, 2]", FC_E_BAD_FIELD},
        {"\"premises\"", FC_E_BAD_FIELD},
        {"{\"dialect\": \"lean\", \"premises\": [\"A\"]}",
         FC_E_UNKNOWN_DIALECT},
        {"{\"dialect\": 3, \"premises\": [\"A\"]}", FC_E_UNKNOWN_DIALECT},
        /* "tptp" is a dialect of records too (test_tptp.c) */
        {"{}", FC_E_EMPTY_INPUT},
        {"{\"premises\": [], \"steps\": []}", FC_E_EMPTY_INPUT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fc_diags *d = fc_diags_new();
        fc_trace *t = load_d(cases[i].json, 4, FC_DIALECT_NATIVE, d);
        cr_expect_null(t, "%s", cases[i].json);
        fc_trace_free(t);
        cr_expect_geq(fc_diags_errors(d), 1, "%s", cases[i].json);
        if (fc_diags_errors(d)) {
            const fc_diag *g = fc_diags_get(d, 0);
            cr_expect_eq(fc_diag_code(g), cases[i].code, "%s: got %s",
                         cases[i].json, fc_code_name(fc_diag_code(g)));
            cr_expect_eq(fc_diag_line(g), 4, "%s", cases[i].json);
        }
        fc_diags_free(d);
    }
}

Test(jsonl, bad_json_names_line_and_column)
{
    static const char *const bad[] = {
        "{\"premises\": [",
        "{\"premises\": [\"A\"],}",
        "not json at all",
    };
    for (size_t i = 0; i < 3; i++) {
        fc_diags *d = fc_diags_new();
        fc_trace *t = load_d(bad[i], 12, FC_DIALECT_NATIVE, d);
        cr_assert_null(t, "%s", bad[i]);
        const fc_diag *g = only_error(d);
        cr_assert_eq(fc_diag_code(g), FC_E_BAD_JSON, "%s: got %s", bad[i],
                     fc_code_name(fc_diag_code(g)));
        cr_assert_eq(fc_diag_line(g), 12);
        cr_assert_geq(fc_diag_col(g), 1);
        cr_assert_leq(fc_diag_col(g), (int)strlen(bad[i]) + 1);
        fc_diags_free(d);
    }
    /* the error ('}' after ',', column 20) is at or before the column */
    fc_diags *d = fc_diags_new();
    cr_assert_null(load("{\"premises\": [\"A\"],}", d));
    int col = fc_diag_col(only_error(d));
    cr_assert(col >= 20 && col <= 21, "column %d", col);
    cr_assert(strstr(fc_diag_message(only_error(d)), "column"));
    fc_diags_free(d);
}

Test(jsonl, invalid_utf8_in_a_formula_is_reported)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = load("{\"premises\": [\"A\"], \"steps\": [\"A \xff B\"]}", d);
    /* either the JSON reader or the formula reader rejects it, by code */
    if (t) {
        cr_assert_eq(fc_diag_code(only_error(d)), FC_E_BAD_UTF8);
        cr_assert(stmt(t, 1)->broken);
    } else {
        cr_assert_eq(fc_diag_code(only_error(d)), FC_E_BAD_JSON);
    }
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, over_long_record_is_too_long)
{
    size_t n = (size_t)FC_MAX_RECORD_BYTES + 2;
    char *big = malloc(n + 1);
    cr_assert_not_null(big);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    big[n] = '\0';
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        fc_trace_from_json("in.jsonl", 3, big, n, FC_DIALECT_NATIVE, d);
    cr_assert_null(t);
    const fc_diag *g = only_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_TOO_LONG);
    cr_assert(strstr(fc_diag_message(g), "FC_MAX_RECORD_BYTES"));
    fc_diags_free(d);
    free(big);
}

Test(jsonl, over_long_formula_string_is_too_long)
{
    fc_buf b = {0};
    fc_buf_puts(&b, "{\"premises\": [\"A\"], \"steps\": [\"");
    for (size_t i = 0; i <= FC_MAX_STATEMENT_BYTES; i += 4)
        fc_buf_puts(&b, "A ∨ ");
    fc_buf_puts(&b, "A\"]}");
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        fc_trace_from_json("in.jsonl", 1, b.data, b.len, FC_DIALECT_NATIVE, d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diag_code(only_error(d)), FC_E_TOO_LONG);
    cr_assert(stmt(t, 1)->broken);
    fc_trace_free(t);
    fc_diags_free(d);
    fc_buf_free(&b);
}

/* ---- fc_json_column ----------------------------------------------------- */

static int column(const char *record, const char *str, size_t off)
{
    return fc_json_column(record, strlen(record), str, strlen(str), off);
}

Test(jsonl, json_column_of_plain_strings)
{
    const char *rec = "{\"premises\": [\"A ∧ B\"]}";
    /* {"premises": [" is 15 columns: the formula starts at 16 */
    cr_assert_eq(column(rec, "A ∧ B", 0), 16);
    /* byte 2 of the formula is ∧, one display column further */
    cr_assert_eq(column(rec, "A ∧ B", 2), 18);
    /* byte 6 (after the 3-byte ∧) is B */
    cr_assert_eq(column(rec, "A ∧ B", 6), 20);
    /* the end of the string */
    cr_assert_eq(column(rec, "A ∧ B", strlen("A ∧ B")), 21);
    cr_assert_eq(column(rec, "C", 0), 0);
}

Test(jsonl, json_column_with_unicode_escapes)
{
    /* "\u00ac A" decodes to "¬ A": the escape is 6 raw columns */
    const char *rec = "{\"p\": [\"\\u00ac A\"]}";
    cr_assert_eq(column(rec, "¬ A", 0), 9);
    cr_assert_eq(column(rec, "¬ A", 2), 15); /* the space */
    cr_assert_eq(column(rec, "¬ A", 3), 16); /* A */

    /* a surrogate pair is one 4-byte character, 12 raw columns */
    const char *rec2 = "{\"p\": [\"\\ud83d\\ude00 x\"]}";
    cr_assert_eq(column(rec2, "\xf0\x9f\x98\x80 x", 5), 22);

    /* other escapes: \" and \n are one byte each when decoded */
    const char *rec3 = "{\"p\": \"say \\\"hi\\\"\\nA ∧ ∧\"}";
    const char *dec = "say \"hi\"\nA ∧ ∧";
    size_t off = (size_t)(strstr(dec, "A ∧") - dec);
    int want = fc_utf8_columns(rec3, (size_t)(strstr(rec3, "A ∧") - rec3)) + 1;
    cr_assert_eq(column(rec3, dec, off), want);
}

Test(jsonl, json_column_picks_the_string_that_matches)
{
    /* the same prefix in an earlier string does not fool it */
    const char *rec =
        "{\"premises\": [\"A\", \"A ∧ B\"], \"steps\": [\"A ∧ B ∨ C\"]}";
    int want = fc_utf8_columns(rec, (size_t)(strstr(rec, "A ∧ B ∨") - rec)) + 1;
    cr_assert_eq(column(rec, "A ∧ B ∨ C", 0), want);
    cr_assert_eq(column(rec, "A ∧ B ∨ C", 8), want + 6);
    /* unicode before the string shifts display columns, not bytes */
    const char *rec2 = "{\"note\": \"∀∀∀\", \"p\": \"x\"}";
    cr_assert_eq(column(rec2, "x", 0), 23);
}

Test(jsonl, escaped_formula_round_trips_into_the_trace)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        load("{\"premises\": [\"\\u2200x (Dog(x) \\u2192 Animal(x))\"], "
             "\"steps\": [\"\\u00acDog(rex) \\u2228 Animal(rex)\"]}",
             d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_str_eq(stmt(t, 0)->source, "∀x (Dog(x) → Animal(x))");
    cr_assert_eq(stmt(t, 0)->formula->kind, FC_FORALL);
    cr_assert_eq(stmt(t, 1)->formula->kind, FC_OR);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- regressions -------------------------------------------------------- */

Test(jsonl, step_expectation_in_json)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = load("{\"premises\": [\"A\"], \"steps\": [\"A\", \"B\"], "
                       "\"expect\": {\"trace\": \"invalid\", \"step\": \"s2\", "
                       "\"type\": \"ungrounded_symbol\"}}",
                       d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_count(d), 0, "%s",
                 fc_diags_count(d) ? fc_diag_message(fc_diags_get(d, 0)) : "");
    cr_assert(fc_trace_checkable(t));
    cr_assert_str_eq(stmt(t, 1)->label, "s1");
    cr_assert_str_eq(stmt(t, 2)->label, "s2");
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- known bugs --------------------------------------------------------- */

/* regression: text after the JSON value on a line is silently ignored (fixed) */
Test(jsonl, trailing_text_after_the_record_is_bad_json)
{
    static const char *const bad[] = {
        "{\"premises\": [\"A\"]} trailing",
        "{\"premises\": [\"A\"]}{\"premises\": [\"B\"]}",
    };
    for (size_t i = 0; i < 2; i++) {
        fc_diags *d = fc_diags_new();
        fc_trace *t = load(bad[i], d);
        cr_assert_null(t, "%s", bad[i]);
        cr_assert_eq(fc_diag_code(only_error(d)), FC_E_BAD_JSON);
        cr_assert_geq(fc_diag_col(only_error(d)), 20);
        fc_diags_free(d);
    }
}


/* ---- fc_json_locate, fc_json_skip_elements ----------------------------- */

Test(jsonl, json_locate_and_skip_elements)
{
    const char *rec = "{\"a\": {\"b\": [1, \"x,y\", [2, 3], {\"c\": 4}]}}";
    size_t n = strlen(rec);
    const char *path[] = {"a", "b", "2"};
    long off = fc_json_locate(rec, n, path, 3);
    cr_assert_eq(off, (long)(strstr(rec, "[2") - rec));
    const char *missing[] = {"a", "z"};
    cr_assert_eq(fc_json_locate(rec, n, missing, 2), -1);

    const char *first[] = {"a", "b", "0"};
    long start = fc_json_locate(rec, n, first, 3);
    cr_assert_eq(fc_json_skip_elements(rec, n, (size_t)start, 0), start);
    /* a comma inside a string or an array does not end an element */
    cr_assert_eq(fc_json_skip_elements(rec, n, (size_t)start, 2), off);
    cr_assert_eq(fc_json_skip_elements(rec, n, (size_t)start, 3),
                 (long)(strstr(rec, "{\"c") - rec));
    cr_assert_eq(fc_json_skip_elements(rec, n, (size_t)start, 4), -1);
}

/* regression: JSON paths point into a dead stack frame (path_idx, jsonl.c) (fixed) */
/* These fail under AddressSanitizer (stack-use-after-scope in
 * fc_json_locate): records with `by` citations or declarations. */
Test(jsonl, design_example_record)
{
    const char *rec =
        "{\"id\": \"q17\", \"dialect\": \"folio\",\n"
        " \"premises\": [\"∀x (Dog(x) → Animal(x))\", \"Dog(rex)\"],\n"
        " \"steps\": [\"Animal(rex)\", {\"label\": \"s2\", \"formula\": "
        "\"¬Cat(rex)\", \"by\": [\"p1\"], \"text\": \"...\"}],\n"
        " \"conclusion\": \"Animal(rex)\", \"meta\": {\"model\": \"qwen\", "
        "\"sample\": 3}}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = load_d(rec, 5, FC_DIALECT_NATIVE, d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert(fc_trace_checkable(t));
    cr_assert_str_eq(fc_trace_id(t), "q17");
    cr_assert_eq(t->dialect, FC_DIALECT_FOLIO);
    cr_assert(t->json);
    cr_assert_eq(t->json_line, 5);
    cr_assert_not_null(t->meta);
    /* meta is copied as the record writes it */
    cr_assert_str_eq(t->meta, "{\"model\": \"qwen\", \"sample\": 3}");
    cr_assert_eq(count_kind(t, FC_ST_PREMISE), 2);
    cr_assert_eq(count_kind(t, FC_ST_STEP), 2);
    cr_assert_eq(count_kind(t, FC_ST_CONCLUDE), 1);
    cr_assert_str_eq(stmt(t, 0)->label, "p1");
    cr_assert_str_eq(stmt(t, 0)->field, "premises[0]");
    cr_assert_str_eq(stmt(t, 0)->source, "∀x (Dog(x) → Animal(x))");
    cr_assert_eq(stmt(t, 0)->formula->kind, FC_FORALL);
    cr_assert_str_eq(stmt(t, 2)->label, "s1");
    fc_stmt *s2 = stmt(t, 3);
    cr_assert_str_eq(s2->label, "s2");
    cr_assert(s2->label_given);
    cr_assert_str_eq(s2->field, "steps[1].formula");
    cr_assert(s2->has_by);
    cr_assert_eq(s2->by.len, 1);
    cr_assert_eq(s2->by.data[0].target, 0);
    cr_assert_eq(s2->formula->kind, FC_NOT);
    /* the conclusion is the same formula as step s1 (hash-consing) */
    cr_assert_eq(stmt(t, 4)->formula, stmt(t, 2)->formula);
    cr_assert_eq(stmt(t, 0)->line, 5);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, declarations_and_expectations)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        load("{\"declarations\": [\"sort Person\", "
             "\"const bob: Person\", \"pred Tall(Person)\"], "
             "\"premises\": [\"Tall(bob)\"], \"steps\": [\"Tall(bob)\"], "
             "\"expect\": {\"trace\": \"valid\", \"coherent\": true}}",
             d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_count(d), 0, "%s",
                 fc_diags_count(d) ? fc_diag_message(fc_diags_get(d, 0)) : "");
    cr_assert(fc_trace_checkable(t));
    uint32_t person = fc_sort_lookup(t->ast, "Person");
    cr_assert_geq(person, FC_SORT_FIRST_USER);
    fc_func *tall =
        fc_sorting_find(t->sorting, fc_intern(t->ast, "Tall", 4), 1);
    cr_assert_not_null(tall);
    cr_assert_eq(tall->args[0], person);
    cr_assert_eq(count_kind(t, FC_ST_EXPECT), 2);
    bool valid = false, coherent = false;
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (s->kind != FC_ST_EXPECT)
            continue;
        cr_assert_null(s->label);
        valid |= !strcmp(s->expect_value->name, "valid");
        coherent |= !strcmp(s->expect_value->name, "coherent");
    }
    cr_assert(valid && coherent);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, unknown_citation)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        load("{\"premises\": [\"A\"], \"steps\": [{\"formula\": \"A\", "
             "\"by\": [\"p7\"]}]}",
             d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diag_code(only_error(d)), FC_E_UNKNOWN_LABEL);
    /* the model's citation error: the step is ill-formed, the record is
     * checked */
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(jsonl, citation_diagnostic_points_at_the_cited_label)
{
    /* the column comes from a dangling path: ASan stops it, a plain build
     * may print any column */
    const char *rec = "{\"premises\": [\"A\"], \"steps\": [\"A\", "
                      "{\"formula\": \"A\", \"by\": [\"p1\", \"p7\"]}]}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = load(rec, d);
    cr_assert_not_null(t);
    const fc_diag *g = only_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_UNKNOWN_LABEL);
    int at = fc_utf8_columns(rec, (size_t)(strstr(rec, "\"p7\"") - rec)) + 1;
    /* the string or its first character */
    cr_assert(fc_diag_col(g) == at || fc_diag_col(g) == at + 1,
              "column %d, 'p7' is at %d", fc_diag_col(g), at);
    fc_trace_free(t);
    fc_diags_free(d);
}

