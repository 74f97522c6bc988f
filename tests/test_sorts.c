/* Sort inference: defaults, declarations, Int, clashes with rollback,
 * arities, free variables. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/sorts.h"
#include "lang/trace.h"
#include "helpers.h"

/* ---- helpers ------------------------------------------------------------ */

static fc_trace *parse_d(const char *text, fc_dialect d, fc_diags *diags)
{
    return fct_parse(text, d, diags);
}

static fc_trace *parse(const char *text, fc_diags *diags)
{
    return parse_d(text, FC_DIALECT_NATIVE, diags);
}

static fc_sym *sym(fc_ast *a, const char *n)
{
    return fc_intern(a, n, strlen(n));
}
static fc_node *C(fc_ast *a, const char *n)
{
    return fc_mk_const(a, sym(a, n));
}

static uint32_t sort_of_const(fc_trace *t, const char *name)
{
    return fc_sort_of(t->sorting, t->ast, C(t->ast, name));
}

static fc_func *func(fc_trace *t, const char *name, size_t arity)
{
    fc_func *f = fc_sorting_find(t->sorting, sym(t->ast, name), arity);
    cr_assert_not_null(f, "%s/%zu is unknown", name, arity);
    return f;
}



/* ---- defaults ----------------------------------------------------------- */

Test(sorts, individuals_are_object_atoms_bool_numbers_real)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: Dog(rex)\n"
                        "premise: total = april + 2\n"
                        "premise: Raining\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(sort_of_const(t, "rex"), FC_SORT_OBJECT);
    cr_assert_eq(sort_of_const(t, "total"), FC_SORT_REAL);
    cr_assert_eq(sort_of_const(t, "april"), FC_SORT_REAL);
    cr_assert_eq(sort_of_const(t, "Raining"), FC_SORT_BOOL);
    fc_func *dog = func(t, "Dog", 1);
    cr_assert_eq(dog->args[0], FC_SORT_OBJECT);
    cr_assert_eq(dog->result, FC_SORT_BOOL);
    cr_assert_not(dog->declared);
    cr_assert_not(t->sorting->int_default);
    fc_node *two = fc_mk_num(t->ast, "2", 1);
    cr_assert_eq(fc_sort_of(t->sorting, t->ast, two), FC_SORT_REAL);
    cr_assert_eq(fc_sort_of(t->sorting, t->ast, t->stmts.data[0].formula),
                 FC_SORT_BOOL);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, functions_get_sorts_from_their_use)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: age(bob) = 30\n"
                        "premise: Parent(mother(bob), bob)\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    fc_func *age = func(t, "age", 1);
    cr_assert_eq(age->args[0], FC_SORT_OBJECT);
    cr_assert_eq(age->result, FC_SORT_REAL);
    fc_func *mother = func(t, "mother", 1);
    cr_assert_eq(mother->result, FC_SORT_OBJECT);
    fc_func *parent = func(t, "Parent", 2);
    cr_assert_eq(parent->result, FC_SORT_BOOL);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, unification_flows_across_statements)
{
    /* `x` is only compared with y, and y is a number elsewhere */
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: x = y\npremise: y > 1\n", d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(sort_of_const(t, "x"), FC_SORT_REAL);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, int_when_a_declaration_mentions_it)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        parse("const n: Int\npremise: n = 5\npremise: m = 3 + 1\n", d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert(t->sorting->int_default);
    cr_assert_eq(sort_of_const(t, "n"), FC_SORT_INT);
    /* undeclared quantities follow the numerals */
    cr_assert_eq(sort_of_const(t, "m"), FC_SORT_INT);
    cr_assert_eq(fc_sort_of(t->sorting, t->ast, fc_mk_num(t->ast, "5", 1)),
                 FC_SORT_INT);
    fc_trace_free(t);
    fc_diags_free(d);

    d = fc_diags_new();
    t = parse("sort Person\nfun age(Person): Int\npremise: age(bob) = 3\n", d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert(t->sorting->int_default);
    cr_assert_eq(func(t, "age", 1)->result, FC_SORT_INT);
    cr_assert_eq(sort_of_const(t, "bob"), fc_sort_lookup(t->ast, "Person"));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, declarations_fix_sorts)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\n"
                        "const bonnie: Person\n"
                        "pred Likes(Person, Person)\n"
                        "fun height(Person): Real\n"
                        "premise: Likes(bonnie, clyde)\n"
                        "premise: height(clyde) > 1.5\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    uint32_t person = fc_sort_lookup(t->ast, "Person");
    cr_assert_geq(person, FC_SORT_FIRST_USER);
    cr_assert_eq(sort_of_const(t, "bonnie"), person);
    cr_assert_eq(sort_of_const(t, "clyde"), person);
    fc_func *likes = func(t, "Likes", 2);
    cr_assert(likes->declared);
    cr_assert_eq(likes->args[0], person);
    cr_assert_eq(likes->args[1], person);
    cr_assert(func(t, "bonnie", 0)->declared);
    cr_assert_eq(func(t, "height", 1)->result, FC_SORT_REAL);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, sorted_binder_fixes_the_variable)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\npremise: ∀x:Person Happy(x)\n", d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(func(t, "Happy", 1)->args[0],
                 fc_sort_lookup(t->ast, "Person"));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- clashes ------------------------------------------------------------ */

Test(sorts, bool_used_as_a_number_is_a_type_mismatch)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: Dog(rex)\nstep: Dog(rex) + 1 = 2\n", d);
    const fc_diag *g = fct_find_code(d, FC_E_TYPE_MISMATCH);
    cr_assert_eq(fc_diag_line(g), 2);
    cr_assert_eq(fc_diag_col(g), 7);
    cr_assert(strstr(fc_diag_message(g), "Dog(rex)"), "%s", fc_diag_message(g));
    cr_assert(strstr(fc_diag_message(g), "Bool"), "%s", fc_diag_message(g));
    fc_stmt *s = &t->stmts.data[1];
    cr_assert(s->ill_sorted);
    cr_assert_not(s->broken);
    cr_assert_eq(s->error_code, FC_E_TYPE_MISMATCH);
    /* an ill-sorted step is a verdict: the trace can still be checked */
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, ill_sorted_premise_makes_the_trace_uncheckable)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\nconst bob: Person\n"
                        "premise: bob = 3\n",
                        d);
    cr_assert_eq(fct_count_code(d, FC_E_TYPE_MISMATCH), 1);
    cr_assert(t->stmts.data[2].ill_sorted);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, ordering_an_individual_is_a_type_mismatch)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\nconst bob: Person\nstep: bob < 3\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_TYPE_MISMATCH), 1);
    cr_assert(t->stmts.data[2].ill_sorted);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, sorted_binder_clash)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\nstep: ∀x:Person x > 0\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_TYPE_MISMATCH), 1);
    cr_assert(t->stmts.data[1].ill_sorted);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, a_clash_is_rolled_back)
{
    /* p2 clashes (A is Bool) after it has already made b a number and the
     * argument of Q a number; both are undone, so that p5 can make b a
     * Person without a second error */
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\n"
                        "premise: A\n"
                        "premise: Q(b) ∧ b + A = 1\n"
                        "const bob: Person\n"
                        "pred Likes(Person, Person)\n"
                        "premise: Likes(b, bob) ∧ Q(bob)\n",
                        d);
    cr_assert_eq(fct_count_code(d, FC_E_TYPE_MISMATCH), 1);
    cr_assert_eq(fc_diag_line(fct_find_code(d, FC_E_TYPE_MISMATCH)), 3);
    cr_assert(t->stmts.data[2].ill_sorted);
    cr_assert_not(t->stmts.data[5].ill_sorted);
    uint32_t person = fc_sort_lookup(t->ast, "Person");
    cr_assert_eq(sort_of_const(t, "b"), person);
    cr_assert_eq(func(t, "Q", 1)->args[0], person);
    cr_assert_eq(sort_of_const(t, "A"), FC_SORT_BOOL);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, arity_clash_in_native_is_a_type_mismatch)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: Dog(rex)\nstep: Dog(rex, fido)\n", d);
    const fc_diag *g = fct_find_code(d, FC_E_TYPE_MISMATCH);
    cr_assert_eq(fc_diag_line(g), 2);
    cr_assert(strstr(fc_diag_message(g), "Dog"));
    cr_assert(strstr(fc_diag_message(g), "2 arguments"), "%s",
              fc_diag_message(g));
    cr_assert(t->stmts.data[1].ill_sorted);
    cr_assert_not(t->stmts.data[0].ill_sorted);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, folio_allows_two_arities_of_one_name)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse_d("premise: Dog(rex)\npremise: Dog(rex, fido)\n",
                          FC_DIALECT_FOLIO, d);
    cr_assert_eq(fc_diags_errors(d), 0);
    cr_assert(fc_trace_checkable(t));
    fc_func *d1 = func(t, "Dog", 1), *d2 = func(t, "Dog", 2);
    cr_assert_neq(d1, d2);
    cr_assert(d1->overloaded);
    cr_assert(d2->overloaded);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- free variables ----------------------------------------------------- */

Test(sorts, folio_free_variable_is_read_as_forall_with_a_warning)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse_d("premise: Dog(x) → Animal(x)\n", FC_DIALECT_FOLIO, d);
    cr_assert_eq(fc_diags_errors(d), 0);
    const fc_diag *g = fct_find_code(d, FC_W_FREE_VARIABLE);
    cr_assert_eq(fc_diag_severity(g), FC_SEV_WARNING);
    cr_assert_eq(fc_diag_line(g), 1);
    fc_ast *a = t->ast;
    fc_node *x = fc_mk_var(a, sym(a, "x"), 0, 0);
    fc_node *dog = fc_mk_app(a, sym(a, "Dog"), &x, 1);
    fc_node *animal = fc_mk_app(a, sym(a, "Animal"), &x, 1);
    fc_node *want = fc_mk_quant(a, FC_FORALL, sym(a, "x"), 0, 0,
                                fc_mk2(a, FC_IMPLIES, dog, animal));
    cr_assert_eq(fc_untag_binders(a, t->stmts.data[0].formula), want);
    cr_assert(want->closed);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, folio_constants_are_not_free_variables)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        parse_d("premise: Dog(rex)\npremise: Dog(a)\n", FC_DIALECT_FOLIO, d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(t->stmts.data[0].formula->kind, FC_APP);
    cr_assert_eq(t->stmts.data[1].formula->kind, FC_APP);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, native_free_variable_is_an_error)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: (∀x P(x)) ∧ Q(x)\n", d);
    const fc_diag *g = fct_find_code(d, FC_E_FREE_VARIABLE);
    cr_assert_eq(fc_diag_severity(g), FC_SEV_ERROR);
    cr_assert(strstr(fc_diag_message(g), "'x'"));
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);

    /* in a step it is a verdict, not an input error */
    d = fc_diags_new();
    t = parse("premise: A\nstep: (∃y P(y)) → P(y)\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_FREE_VARIABLE), 1);
    cr_assert(t->stmts.data[1].broken || t->stmts.data[1].ill_sorted);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- sorts of nodes made after inference -------------------------------- */

Test(sorts, sort_of_new_nodes_follows_their_parts)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\nconst bob: Person\n"
                        "premise: a = 6 ∧ b = 3 ∧ Tall(bob)\n",
                        d);
    fc_ast *a = t->ast;
    /* a variant the classifier might build: a * b */
    fc_node *prod = fc_mk2(a, FC_MUL, C(a, "a"), C(a, "b"));
    cr_assert_eq(fc_sort_of(t->sorting, a, prod), FC_SORT_REAL);
    fc_node *neg = fc_mk1(a, FC_NOT, fc_mk2(a, FC_EQ, prod, C(a, "a")));
    cr_assert_eq(fc_sort_of(t->sorting, a, neg), FC_SORT_BOOL);
    fc_node *bob = C(a, "bob");
    fc_node *tall = fc_mk_app(a, sym(a, "Tall"), &bob, 1);
    cr_assert_eq(fc_func_of(t->sorting, a, tall), func(t, "Tall", 1));
    cr_assert_null(fc_func_of(t->sorting, a, prod));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, unknown_sort_in_a_declaration)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("const bob: Robot\npremise: A\n", d);
    const fc_diag *g = fct_find_code(d, FC_E_UNKNOWN_SORT);
    cr_assert_eq(fc_diag_line(g), 1);
    cr_assert(strstr(fc_diag_message(g), "Robot"));
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(sorts, builtin_sorts_cannot_be_redeclared)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Int\npremise: A\n", d);
    cr_assert_eq(fct_count_code(d, FC_E_REDEFINED), 1);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- known bugs --------------------------------------------------------- */

/* regression: no arity_overload warning for a folio name at two arities (fixed) */
Test(sorts, folio_arity_overload_is_a_warning)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse_d("premise: Dog(rex)\npremise: Dog(rex, fido)\n",
                          FC_DIALECT_FOLIO, d);
    const fc_diag *g = fct_find_code(d, FC_W_ARITY_OVERLOAD);
    cr_assert_eq(fc_diag_severity(g), FC_SEV_WARNING);
    cr_assert_eq(fc_diag_line(g), 2);
    cr_assert(strstr(fc_diag_message(g), "Dog"));
    cr_assert_eq(fc_diags_errors(d), 0);
    fc_trace_free(t);
    fc_diags_free(d);
}


/* regression: bound variables of one name shared a sort across scopes */
Test(sorts, bound_variables_of_different_scopes_are_unrelated)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\n"
                        "const bob: Person\n"
                        "pred Likes(Person, Person)\n"
                        "premise: ∀x Likes(x, bob)\n"
                        "premise: ∀x (x > 0 ∨ x < 1)\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);

    /* and an unrelated numeric ∀x does not make Dog's domain Real */
    d = fc_diags_new();
    t = parse("premise: ∀x Dog(x)\npremise: ∀x (x > 0)\npremise: Dog(rex)\n",
              d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(func(t, "Dog", 1)->args[0], FC_SORT_OBJECT);
    cr_assert_eq(sort_of_const(t, "rex"), FC_SORT_OBJECT);
    fc_trace_free(t);
    fc_diags_free(d);
}

