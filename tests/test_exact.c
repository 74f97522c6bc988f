/* Exact evaluation (solver/exact.h): what equations force is decided
 * over the rationals, and nothing else is claimed.  An equation affine in
 * its one unvalued constant fixes it; an equation between a term and a
 * value gives the term that value; neither makes a model on its own. */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "lang/trace.h"
#include "solver/exact.h"

/* The premises of text (a native trace), the last one negated when neg,
 * decided by exact evaluation; core gets the formula indices. */
static fc_answer decide(const char *text, bool negate_last, int search,
                        fc_ivec *core)
{
    fc_trace *t = fct_parse_clean(text);
    const fc_node *forms[16];
    bool neg[16] = {0};
    size_t n = 0;
    for (size_t i = 0; i < t->stmts.len && n < 16; i++)
        if (t->stmts.data[i].kind == FC_ST_PREMISE)
            forms[n++] = t->stmts.data[i].formula;
    if (negate_last && n)
        neg[n - 1] = true;
    fc_exact *x = fc_exact_new(t);
    fc_ivec c = {0};
    fc_answer a = fc_exact_decide(x, forms, neg, n, search, &c);
    if (core)
        for (size_t i = 0; i < c.len; i++)
            fc_vec_push(core, c.data[i]);
    fc_vec_free(&c);
    fc_exact_free(x);
    fc_trace_free(t);
    return a;
}

Test(exact, an_affine_equation_fixes_its_one_free_constant)
{
    fc_ivec core = {0};
    cr_assert_eq(decide("premise p1: b = 20\n"
                        "premise p2: a + b = 68\n"
                        "premise p3: a = 48\n",
                        true, 0, &core),
                 FC_UNSAT);
    /* the core holds both equations behind a's value */
    cr_assert(fc_ivec_contains(&core, 0) && fc_ivec_contains(&core, 1) && fc_ivec_contains(&core, 2));
    fc_vec_free(&core);
    /* with 3 * a / 2 and a - on both sides, still affine */
    cr_assert_eq(decide("premise p1: b = 4\n"
                        "premise p2: 3 * a / 2 - b = a + 1\n"
                        "premise p3: a = 10\n",
                        true, 0, NULL),
                 FC_UNSAT);
}

Test(exact, a_term_takes_its_equations_value)
{
    fc_ivec core = {0};
    cr_assert_eq(decide("premise p1: t1 = a + b\n"
                        "premise p2: a + b = 68\n"
                        "premise p3: t1 = 68\n",
                        true, 0, &core),
                 FC_UNSAT);
    cr_assert(fc_ivec_contains(&core, 0) && fc_ivec_contains(&core, 1) && fc_ivec_contains(&core, 2));
    fc_vec_free(&core);
}

Test(exact, term_values_make_no_model)
{
    /* a + b = 68 and a - b = 2 force a = 35, b = 33, so a * b = 5 is
     * false: values read off terms must not pass for a model */
    cr_assert_neq(decide("premise p1: a + b = 68\n"
                         "premise p2: a - b = 2\n"
                         "premise p3: a * b = 5\n",
                         false, 0, NULL),
                  FC_SAT);
}

Test(exact, a_nonlinear_equation_is_not_solved)
{
    /* a * a + b = 6 with b = 2: a is 2 or -2, not forced */
    cr_assert_neq(decide("premise p1: b = 2\n"
                         "premise p2: a * a + b = 6\n"
                         "premise p3: a = 2\n",
                         true, 0, NULL),
                  FC_UNSAT);
    /* a * (a - 1) = 0 is 0 at a = 0 and at a = 1 */
    cr_assert_neq(decide("premise p1: a * (a - 1) = 0\n"
                         "premise p2: a = 1\n",
                         true, 0, NULL),
                  FC_UNSAT);
}

Test(exact, an_int_is_not_given_a_fraction)
{
    cr_assert_neq(decide("const n: Int\n"
                         "premise p1: 2 * n = 3\n",
                         false, 1, NULL),
                  FC_SAT);
}

Test(exact, trial_values_go_to_constants_no_equation_fixes)
{
    /* t1 = a + b with b fixed: a gets a trial value, the equation then
     * fixes t1, and t1 = a + b is true: a model */
    cr_assert_eq(decide("premise p1: b = 20\n"
                        "premise p2: t1 = a + b\n"
                        "premise p3: t1 = a + b & a + b = 68\n",
                        true, 1, NULL),
                 FC_SAT);
}
