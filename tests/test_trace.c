/* The trace model: labels, citations, expectations, definitions,
 * checkability, positions and the dump. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/passes.h"
#include "lang/trace.h"
#include "helpers.h"

static fc_trace *parse(const char *text, fc_diags *diags)
{
    return fct_parse(text, FC_DIALECT_NATIVE, diags);
}

static fc_stmt *stmt(fc_trace *t, size_t i)
{
    cr_assert_lt(i, t->stmts.len);
    return &t->stmts.data[i];
}



/* ---- labels ------------------------------------------------------------- */

Test(trace, unlabelled_statements_are_numbered_by_kind)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\n"
                        "premise: A → B\n"
                        "step: B\n"
                        "define c := 2 + 2\n"
                        "step: B ∨ C\n"
                        "conclude: B\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    static const char *const want[] = {"p1", "p2", "s1",
                                       "d1", "s2", "conclusion"};
    cr_assert_eq(fc_trace_statement_count(t), 6);
    for (size_t i = 0; i < 6; i++) {
        cr_assert_str_eq(stmt(t, i)->label, want[i]);
        cr_assert_not(stmt(t, i)->label_given);
        cr_assert_eq(fc_trace_find_label(t, want[i]), (int)i);
    }
    cr_assert_eq(fc_trace_find_label(t, "s3"), -1);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, generated_labels_never_repeat_a_given_one)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise p2: A\npremise: B\nstep s1: A\nstep: B\n", d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_str_eq(stmt(t, 0)->label, "p2");
    cr_assert(stmt(t, 0)->label_given);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(stmt(t, i)->label, stmt(t, j)->label);
    cr_assert_eq(stmt(t, 1)->label[0], 'p');
    cr_assert_eq(stmt(t, 3)->label[0], 's');
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, duplicate_labels_are_errors)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise h: A\npremise h: B\nstep: A\n", d);
    const fc_diag *g = fct_find_code(d, FC_E_DUPLICATE_LABEL);
    cr_assert_eq(fc_diag_line(g), 2);
    cr_assert(strstr(fc_diag_message(g), "'h'"));
    cr_assert(strstr(fc_diag_message(g), "line 1"), "%s", fc_diag_message(g));
    cr_assert(stmt(t, 1)->broken);
    cr_assert_not(stmt(t, 0)->broken);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);

    /* on a step, the step is marked broken */
    d = fc_diags_new();
    t = parse("premise h: A\nstep h: A\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_DUPLICATE_LABEL), 1);
    cr_assert(stmt(t, 1)->broken);
    cr_assert_eq(stmt(t, 1)->error_code, FC_E_DUPLICATE_LABEL);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- citations ---------------------------------------------------------- */

Test(trace, citations_resolve_to_earlier_statements)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\npremise r: A → B\ndefine k := 3\n"
                        "step: B by p1, r, d1\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    fc_stmt *s = stmt(t, 3);
    cr_assert_eq(s->by.len, 3);
    cr_assert_eq(s->by.data[0].target, 0);
    cr_assert_eq(s->by.data[1].target, 1);
    cr_assert_eq(s->by.data[2].target, 2);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, unknown_and_later_citations_are_input_errors)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep: B by p1, s2, q\nstep: C\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_UNKNOWN_LABEL), 2);
    const fc_diag *later = fc_diags_get(d, 0);
    const fc_diag *unknown = fc_diags_get(d, 1);
    /* positions point at the cited label */
    cr_assert_eq(fc_diag_line(later), 2);
    cr_assert_eq(fc_diag_col(later), 16);
    cr_assert(strstr(fc_diag_message(later), "'s2'"));
    cr_assert_eq(fc_diag_col(unknown), 20);
    cr_assert(strstr(fc_diag_message(unknown), "'q'"));
    fc_stmt *s = stmt(t, 1);
    cr_assert_eq(s->by.data[0].target, 0);
    cr_assert_eq(s->by.data[1].target, -1);
    cr_assert_eq(s->by.data[2].target, -1);
    /* a step's wrong citation makes the step ill-formed, not the input */
    cr_assert(s->broken);
    cr_assert_eq(s->error_code, FC_E_UNKNOWN_LABEL);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, citing_itself_is_an_error)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep: A by s1\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_UNKNOWN_LABEL), 1);
    cr_assert(stmt(t, 1)->broken);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, citation_errors_of_premises_stay_input_errors)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise p1: A\npremise p2: B by p9\nstep: A\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_UNKNOWN_LABEL), 1);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
    d = fc_diags_new();
    t = parse("premise p1: A\npremise p1: B\nstep: A\n", d);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, a_steps_duplicate_label_makes_it_ill_formed)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise p1: A\nstep s1: A\nstep s1: A\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_DUPLICATE_LABEL), 1);
    cr_assert_not(stmt(t, 1)->broken);
    cr_assert(stmt(t, 2)->broken);
    cr_assert_eq(stmt(t, 2)->error_code, FC_E_DUPLICATE_LABEL);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- expectations ------------------------------------------------------- */

Test(trace, trace_expectations)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep: A\n"
                        "expect: valid\nexpect: coherent\n"
                        "expect: inconsistent_premises\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(stmt(t, 2)->kind, FC_ST_EXPECT);
    cr_assert_null(stmt(t, 2)->label);
    cr_assert_str_eq(stmt(t, 2)->expect_value->name, "valid");
    cr_assert_not(fc_stmt_is_claim(stmt(t, 2)));
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, unknown_expectation_words_are_errors)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep: A\nexpect: banana\n"
                        "expect: entailed\n",
                        d);
    /* `entailed` is a step status, not a verdict of the trace */
    cr_assert_eq(fct_count_code(d, FC_E_BAD_EXPECT), 2);
    const fc_diag *g = fct_find_code(d, FC_E_BAD_EXPECT);
    cr_assert_eq(fc_diag_line(g), 3);
    cr_assert(strstr(fc_diag_message(g), "banana"));
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- definitions -------------------------------------------------------- */

Test(trace, definitions_must_introduce_new_names)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: total = 3\ndefine total := 4\n", d);
    const fc_diag *g = fct_find_code(d, FC_E_REDEFINED);
    cr_assert_eq(fc_diag_line(g), 2);
    cr_assert_eq(fc_diag_col(g), 8);
    cr_assert(strstr(fc_diag_message(g), "'total'"));
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);

    d = fc_diags_new();
    t = parse("premise: A\ndefine c := c + 1\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_REDEFINED), 1);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, a_definition_is_name_equals_term)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: april = 48\ndefine total := april * 2\n", d);
    cr_assert_eq(fc_diags_count(d), 0);
    fc_stmt *s = stmt(t, 1);
    cr_assert_eq(s->kind, FC_ST_DEFINE);
    cr_assert(fc_stmt_is_claim(s));
    cr_assert_eq(s->formula->kind, FC_EQ);
    cr_assert_eq(s->formula->args[0], s->def_name);
    cr_assert_eq(s->formula->args[1], s->def_term);
    cr_assert_str_eq(s->def_name->sym->name, "total");
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- checkability ------------------------------------------------------- */

Test(trace, broken_steps_are_verdicts_broken_premises_input_errors)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep: A ∧\nstep: A\n", d);
    cr_assert(stmt(t, 1)->broken);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);

    /* the conclusion is the model's: broken, it is ill-formed */
    d = fc_diags_new();
    t = parse("premise: A\nstep: A\nconclude: A ∨\n", d);
    cr_assert(stmt(t, 2)->broken);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);

    static const char *const uncheckable[] = {
        "premise: A ∧\nstep: A\n",
        "premise: A\nconst a: Nope\n",
    };
    for (size_t i = 0; i < 2; i++) {
        d = fc_diags_new();
        t = parse(uncheckable[i], d);
        cr_assert_not(fc_trace_checkable(t), "%s", uncheckable[i]);
        cr_assert_geq(t->input_errors, 1);
        cr_assert_not_null(t->first_error);
        fc_trace_free(t);
        fc_diags_free(d);
    }
}

Test(trace, first_error_is_a_copy_of_the_first_input_error)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\npremise: B ∧\n", d);
    cr_assert_not_null(t->first_error);
    cr_assert_eq(t->first_error->code, FC_E_SYNTAX);
    cr_assert_eq(t->first_error->line, 2);
    /* a copy: it survives the list */
    fc_diags_free(d);
    cr_assert_str_eq(t->first_error->file, "t.fol");
    fc_trace_free(t);
}

/* ---- accessors, positions, dump ----------------------------------------- */

Test(trace, accessors)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        fc_trace_parse("my.fol", "premise: A\n", 11, FC_DIALECT_NATIVE, d);
    cr_assert_str_eq(fc_trace_name(t), "my.fol");
    cr_assert_null(fc_trace_id(t));
    cr_assert_eq(fc_trace_statement_count(t), 1);
    fc_trace_free(t);
    fc_trace_free(NULL);
    fc_diags_free(d);

    fc_dialect dl;
    cr_assert(fc_dialect_from_name("folio", &dl));
    cr_assert_eq(dl, FC_DIALECT_FOLIO);
    cr_assert(fc_dialect_from_name("tptp", &dl));
    cr_assert_eq(dl, FC_DIALECT_TPTP);
    cr_assert(fc_dialect_from_name("native", &dl));
    cr_assert_eq(dl, FC_DIALECT_NATIVE);
    cr_assert_not(fc_dialect_from_name("lean", &dl));
    cr_assert_str_eq(fc_dialect_name(FC_DIALECT_FOLIO), "folio");
    cr_assert_str_eq(fc_stmt_kind_name(FC_ST_CONCLUDE), "conclude");
}

Test(trace, statements_know_their_line_and_column)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        parse("% c\n\n  premise: A\nstep: (A\n  ∧ A)\n  step: A\n", d);
    cr_assert_eq(stmt(t, 0)->line, 3);
    cr_assert_eq(stmt(t, 0)->col, 3);
    cr_assert_eq(stmt(t, 1)->line, 4);
    cr_assert_eq(stmt(t, 2)->line, 6);
    fc_pos pos;
    fc_stmt *s = stmt(t, 0);
    fc_trace_pos(t, s, s->fbeg, s->fend, &pos);
    cr_assert_eq(pos.line, 3);
    cr_assert_eq(pos.col, 12);
    cr_assert_eq(pos.caret, 12);
    cr_assert_eq(pos.span, 1);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, dump_prints_normalized_formulas_with_sorts)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: forall x. (Dog(x) -> Animal(x))\n"
                        "step: a = 1 + 2\n"
                        "sort Person\n",
                        d);
    char *s = fc_trace_dump(t);
    cr_assert_str_eq(s,
                     "premise p1: ∀x (Dog(x) → Animal(x))\n"
                     "    Dog(Object): Bool, x: Object, Animal(Object): Bool\n"
                     "step s1: a = 1 + 2\n"
                     "    a: Real\n"
                     "sort: Person\n");
    free(s);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- regressions -------------------------------------------------------- */

Test(trace, step_expectations_name_their_step)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep s3: A\n"
                        "expect s3: entailed\n"
                        "expect s3: calculator_error\n"
                        "conclude: A\n"
                        "expect conclusion: reached\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0, "%s",
                 fc_diags_count(d) ? fc_diag_message(fc_diags_get(d, 0)) : "");
    cr_assert(fc_trace_checkable(t));
    fc_stmt *e = stmt(t, 2);
    cr_assert_eq(e->kind, FC_ST_EXPECT);
    cr_assert_str_eq(e->label, "s3");
    cr_assert_str_eq(e->expect_value->name, "entailed");
    /* the label still finds the step, not the expectation */
    cr_assert_eq(fc_trace_find_label(t, "s3"), 1);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, expectation_of_an_unlabelled_step)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep: A\nexpect s1: entailed\n", d);
    cr_assert_eq(fc_diags_count(d), 0, "%s",
                 fc_diags_count(d) ? fc_diag_message(fc_diags_get(d, 0)) : "");
    cr_assert_str_eq(stmt(t, 1)->label, "s1");
    cr_assert_eq(fc_trace_find_label(t, "s1"), 1);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);

    /* an expectation written before the statement it names */
    d = fc_diags_new();
    t = parse("premise: A\nexpect conclusion: reached\nconclude: A\n", d);
    cr_assert_eq(fc_diags_count(d), 0, "%s",
                 fc_diags_count(d) ? fc_diag_message(fc_diags_get(d, 0)) : "");
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(trace, expectation_for_a_missing_step_is_an_error)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\nstep: A\nexpect s9: entailed\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_BAD_EXPECT), 1);
    cr_assert_eq(fct_count_code(d, FC_E_DUPLICATE_LABEL), 0);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* The model alone: statements added by hand, then the passes. */
static void add_premise(fc_trace *t, const char *label, const char *atom)
{
    fc_stmt s = {0};
    s.kind = FC_ST_PREMISE;
    if (label) {
        s.label = strdup(label);
        s.label_given = true;
    }
    s.formula = fc_mk_const(t->ast, fc_intern(t->ast, atom, strlen(atom)));
    s.line = (int)t->stmts.len + 1;
    fc_trace_add(t, &s);
}

static fc_trace *three_premises(void)
{
    fc_trace *t = fc_trace_alloc("m.fol", FC_DIALECT_NATIVE);
    add_premise(t, "a", "A");
    add_premise(t, NULL, "B");
    add_premise(t, "a", "C");
    return t;
}

Test(trace, the_label_table)
{
    fc_trace *t = three_premises();
    /* before the table is built, lookups scan the statements */
    cr_assert_not(fc_trace_label_taken(t, "a"));
    cr_assert_eq(fc_trace_find_label(t, "a"), 0);
    cr_assert_eq(fc_trace_label_add(t, 0), -1);
    cr_assert(fc_trace_label_taken(t, "a"));
    cr_assert_eq(fc_trace_label_add(t, 2), 0); /* taken by statement 0 */
    cr_assert_not(fc_trace_label_taken(t, "p2"));
    cr_assert_null(t->sorting);
    fc_trace_free(t);
}

Test(trace, the_passes_finish_a_trace_built_by_hand)
{
    fc_trace *t = three_premises();
    fc_diags *d = fc_diags_new();
    fc_trace_finish(t, d);
    cr_assert_eq(fct_count_code(d, FC_E_DUPLICATE_LABEL), 1);
    cr_assert_str_eq(stmt(t, 1)->label, "p2");
    cr_assert_eq(fc_trace_find_label(t, "p2"), 1);
    cr_assert_not_null(t->sorting);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}
