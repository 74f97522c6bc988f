/* The obligation planner: roles, implicit definitions, local windows, `by`
 * contexts and fresh symbols. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/planner.h"
#include "helpers.h"

static fc_trace *parse(const char *text) { return fct_parse_clean(text); }

static int idx(fc_trace *t, const char *label)
{
    int i = fc_trace_find_label(t, label);
    cr_assert_geq(i, 0, "no statement '%s'", label);
    return i;
}

/* Asserts that v holds exactly the statements named in the space-separated
 * list of labels, in any order. */
static void assert_set(fc_trace *t, const fc_ivec *v, const char *labels)
{
    fc_ivec want = {0};
    char buf[256];
    snprintf(buf, sizeof buf, "%s", labels);
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
        fc_vec_push(&want, idx(t, tok));
    fc_buf got = {0};
    for (size_t i = 0; i < v->len; i++)
        fc_buf_printf(&got, "%s ", t->stmts.data[v->data[i]].label);
    cr_assert(fc_ivec_same_set(v, &want) && v->len == want.len,
              "got {%s}, want {%s}", got.data ? got.data : "", labels);
    fc_buf_free(&got);
    fc_vec_free(&want);
}

/* Position of a statement in plan->steps. */
static size_t step_pos(fc_plan *p, fc_trace *t, const char *label)
{
    int s = idx(t, label);
    for (size_t k = 0; k < p->steps.len; k++)
        if (p->steps.data[k] == s)
            return k;
    cr_assert_fail("'%s' is not a step", label);
    return 0;
}

/* ---- roles -------------------------------------------------------------- */

Test(planner, roles_of_statements)
{
    fc_trace *t = parse("sort Person\n"
                        "premise: A\n"
                        "step: A ∨ B\n"
                        "define k := 3\n"
                        "conclude: A\n"
                        "expect: valid\n");
    fc_plan *p = fc_plan_new(t);
    cr_assert_eq(p->role[0], FC_ROLE_NONE);
    cr_assert_eq(p->role[1], FC_ROLE_PREMISE);
    cr_assert_eq(p->role[2], FC_ROLE_STEP);
    cr_assert_eq(p->role[3], FC_ROLE_DEFINITION);
    cr_assert_eq(p->role[4], FC_ROLE_CONCLUSION);
    cr_assert_eq(p->role[5], FC_ROLE_NONE);
    cr_assert_eq(p->premises.len, 1);
    cr_assert_eq(p->premises.data[0], 1);
    /* explicit definitions are not steps */
    cr_assert_eq(p->steps.len, 1);
    cr_assert_eq(p->steps.data[0], 2);
    cr_assert_eq(p->conclusion, 4);
    fc_plan_free(p);
    fc_plan_free(NULL);
    fc_trace_free(t);
}

Test(planner, no_conclusion)
{
    fc_trace *t = parse("premise: A\nstep: A\n");
    fc_plan *p = fc_plan_new(t);
    cr_assert_eq(p->conclusion, -1);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, broken_steps_are_steps_broken_premises_are_not_context)
{
    fc_diags *d = fc_diags_new();
    const char *text = "premise: A\nstep: A ∧\nstep: A\n";
    fc_trace *t =
        fc_trace_parse("t.fol", text, strlen(text), FC_DIALECT_NATIVE, d);
    fc_plan *p = fc_plan_new(t);
    cr_assert_eq(p->steps.len, 2);
    cr_assert_eq(p->role[1], FC_ROLE_STEP);
    fc_plan_free(p);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- implicit definitions ----------------------------------------------- */

Test(planner, fresh_constant_equal_to_a_known_term_is_a_definition)
{
    fc_trace *t = parse("premise: april = 48\n"
                        "premise: may = april / 2\n"
                        "step: total = april + may\n"
                        "step: twice = 2 * 2\n");
    fc_plan *p = fc_plan_new(t);
    cr_assert_eq(p->role[idx(t, "s1")], FC_ROLE_DEFINITION);
    /* built from numerals only, but not a bare numeral */
    cr_assert_eq(p->role[idx(t, "s2")], FC_ROLE_DEFINITION);
    /* step-definitions stay in the step list */
    cr_assert_eq(p->steps.len, 2);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, a_bare_numeral_is_not_a_definition)
{
    fc_trace *t = parse("premise: price = 20\n"
                        "step: discount = 5\n"
                        "step: loss = -5\n"
                        "step: 7 = seven\n");
    fc_plan *p = fc_plan_new(t);
    cr_assert_eq(p->role[idx(t, "s1")], FC_ROLE_STEP);
    cr_assert_eq(p->role[idx(t, "s2")], FC_ROLE_STEP);
    cr_assert_eq(p->role[idx(t, "s3")], FC_ROLE_STEP);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, not_a_definition_when_the_name_is_known_or_the_term_is_not)
{
    fc_trace *t = parse("premise: april = 48\n"
                        "premise: total > 0\n"
                        "step: total = april + 1\n"
                        "step: c = april + d\n"
                        "step: P(x) = april\n");
    fc_plan *p = fc_plan_new(t);
    /* total appears in p2 */
    cr_assert_eq(p->role[idx(t, "s1")], FC_ROLE_STEP);
    /* d is unknown */
    cr_assert_eq(p->role[idx(t, "s2")], FC_ROLE_STEP);
    /* the left side is not a constant */
    cr_assert_eq(p->role[idx(t, "s3")], FC_ROLE_STEP);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, a_definition_is_not_fresh_once_defined)
{
    fc_trace *t = parse("premise: a = 1\n"
                        "step: b = a + 1\n"
                        "step: b = a + 2\n");
    fc_plan *p = fc_plan_new(t);
    cr_assert_eq(p->role[idx(t, "s1")], FC_ROLE_DEFINITION);
    cr_assert_eq(p->role[idx(t, "s2")], FC_ROLE_STEP);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, a_chain_headed_by_a_fresh_constant_defines_it)
{
    fc_trace *t = parse("premise: april = 48\n"
                        "premise: may = 24\n"
                        "step: total = april + may = 72\n");
    fc_plan *p = fc_plan_new(t);
    int s1 = idx(t, "s1");
    cr_assert_eq(p->role[s1], FC_ROLE_STEP);
    fc_node *def = p->implicit_def[s1];
    cr_assert_not_null(def);
    cr_assert_eq(def, t->stmts.data[s1].formula->args[0]);
    cr_assert_eq(def->kind, FC_EQ);
    cr_assert_str_eq(def->args[0]->sym->name, "total");
    cr_assert_null(p->implicit_def[idx(t, "p1")]);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, definitions_before_a_statement)
{
    fc_trace *t = parse("premise: a = 1\n"
                        "define b := a + 1\n"
                        "step: c = b * 2\n"
                        "step: c > 0\n"
                        "define e := c\n");
    fc_plan *p = fc_plan_new(t);
    fc_ivec v = {0};
    fc_plan_definitions(p, idx(t, "s2"), &v);
    assert_set(t, &v, "d1 s1");
    v.len = 0;
    fc_plan_definitions(p, (int)t->stmts.len, &v);
    assert_set(t, &v, "d1 s1 d2");
    fc_vec_free(&v);
    fc_plan_free(p);
    fc_trace_free(t);
}

/* ---- local contexts ----------------------------------------------------- */

static const char *const chain = "premise: A\n"
                                 "premise: A → B\n"
                                 "step: B\n"
                                 "step: B ∨ C\n"
                                 "define k := 1\n"
                                 "step: A ∧ B\n"
                                 "step: k > 0\n";

Test(planner, local_context_window_of_one)
{
    fc_trace *t = parse(chain);
    fc_plan *p = fc_plan_new(t);
    fc_ivec v = {0};
    fc_plan_local(p, t, step_pos(p, t, "s1"), 1, &v);
    assert_set(t, &v, "p1 p2");
    fc_plan_local(p, t, step_pos(p, t, "s2"), 1, &v);
    assert_set(t, &v, "p1 p2 s1");
    /* definitions made before the step are always there */
    fc_plan_local(p, t, step_pos(p, t, "s3"), 1, &v);
    assert_set(t, &v, "p1 p2 s2 d1");
    fc_plan_local(p, t, step_pos(p, t, "s4"), 1, &v);
    assert_set(t, &v, "p1 p2 s3 d1");
    fc_vec_free(&v);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, local_context_wider_windows)
{
    fc_trace *t = parse(chain);
    fc_plan *p = fc_plan_new(t);
    fc_ivec v = {0};
    fc_plan_local(p, t, step_pos(p, t, "s4"), 2, &v);
    assert_set(t, &v, "p1 p2 s2 s3 d1");
    fc_plan_local(p, t, step_pos(p, t, "s4"), -1, &v);
    assert_set(t, &v, "p1 p2 s1 s2 s3 d1");
    fc_plan_local(p, t, step_pos(p, t, "s4"), 0, &v);
    assert_set(t, &v, "p1 p2 d1");
    fc_plan_local(p, t, step_pos(p, t, "s2"), 10, &v);
    assert_set(t, &v, "p1 p2 s1");
    fc_vec_free(&v);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, step_definitions_do_not_use_up_the_window)
{
    fc_trace *t = parse("premise: a = 1\n"
                        "step: a > 0\n"
                        "step: b = a + 1\n"
                        "step: b > 1\n");
    fc_plan *p = fc_plan_new(t);
    cr_assert_eq(p->role[idx(t, "s2")], FC_ROLE_DEFINITION);
    fc_ivec v = {0};
    fc_plan_local(p, t, step_pos(p, t, "s3"), 1, &v);
    /* the previous claim is s1; s2 is there as a definition */
    assert_set(t, &v, "p1 s1 s2");
    fc_vec_free(&v);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, cited_parents_are_the_whole_local_context)
{
    fc_trace *t = parse("premise: A\n"
                        "premise: A → B\n"
                        "premise: C\n"
                        "define k := 1\n"
                        "step: B by p2, p1, p2\n"
                        "step: B ∧ C by s1\n");
    fc_plan *p = fc_plan_new(t);
    fc_ivec v = {0};
    fc_plan_local(p, t, step_pos(p, t, "s1"), 1, &v);
    /* duplicates collapse; the definition is still in */
    assert_set(t, &v, "p1 p2 d1");
    fc_plan_local(p, t, step_pos(p, t, "s2"), -1, &v);
    assert_set(t, &v, "s1 d1");
    fc_vec_free(&v);
    fc_plan_free(p);
    fc_trace_free(t);
}

/* ---- fresh symbols ------------------------------------------------------ */

Test(planner, fresh_symbols_are_those_no_earlier_statement_mentions)
{
    fc_trace *t = parse("premise: Dog(rex)\n"
                        "step: Cat(tom) ∨ Dog(tom)\n"
                        "step: Cat(rex)\n");
    fc_plan *p = fc_plan_new(t);
    int s1 = idx(t, "s1"), s2 = idx(t, "s2");
    fc_symvec v = {0};
    fc_plan_fresh_symbols(p, t->stmts.data[s1].formula, s1, &v);
    cr_assert_eq(v.len, 2);
    bool cat = false, tom = false;
    for (size_t i = 0; i < v.len; i++) {
        cat |= !strcmp(v.data[i]->name, "Cat");
        tom |= !strcmp(v.data[i]->name, "tom");
    }
    cr_assert(cat && tom);
    v.len = 0;
    /* by s2, Cat and rex are known */
    fc_plan_fresh_symbols(p, t->stmts.data[s2].formula, s2, &v);
    cr_assert_eq(v.len, 0);
    fc_vec_free(&v);
    fc_plan_free(p);
    fc_trace_free(t);
}

Test(planner, declared_names_are_not_fresh)
{
    fc_trace *t = parse("sort Person\nconst bob: Person\npred Tall(Person)\n"
                        "premise: A\nstep: Tall(bob)\n");
    fc_plan *p = fc_plan_new(t);
    int s1 = idx(t, "s1");
    fc_symvec v = {0};
    fc_plan_fresh_symbols(p, t->stmts.data[s1].formula, s1, &v);
    cr_assert_eq(v.len, 0);
    fc_vec_free(&v);
    fc_plan_free(p);
    fc_trace_free(t);
}

/* ---- index sets --------------------------------------------------------- */

Test(planner, ivec_sets)
{
    fc_ivec a = {0}, b = {0};
    fc_vec_push(&a, 3);
    fc_vec_push(&a, 1);
    fc_vec_push(&b, 1);
    fc_vec_push(&b, 3);
    fc_vec_push(&b, 5);
    cr_assert(fc_ivec_contains(&a, 3));
    cr_assert_not(fc_ivec_contains(&a, 5));
    cr_assert(fc_ivec_subset(&a, &b));
    cr_assert_not(fc_ivec_subset(&b, &a));
    cr_assert_not(fc_ivec_same_set(&a, &b));
    fc_vec_push(&a, 5);
    cr_assert(fc_ivec_same_set(&a, &b));
    fc_ivec empty = {0};
    cr_assert(fc_ivec_subset(&empty, &a));
    fc_vec_free(&a);
    fc_vec_free(&b);
}
