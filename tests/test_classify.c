/* The classifier: one case per error type of the taxonomy, the order in
 * which types are tried, and the details each type reports. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"
#include "helpers.h"

/* ---- helpers ------------------------------------------------------------ */

typedef fct_run run;

static run check_rlimit(const char *text, unsigned rlimit)
{
    run x = {0};
    fc_diags *d = fc_diags_new();
    x.t = fc_trace_parse("t.fol", text, strlen(text), FC_DIALECT_NATIVE, d);
    cr_assert_not_null(x.t);
    fc_diags_free(d);
    fc_check_options o;
    fc_check_options_init(&o);
    o.rlimit = rlimit;
    fc_checker *c = fc_checker_new(&o);
    x.r = fc_checker_run(c, x.t);
    fc_checker_free(c);
    cr_assert(fc_result_checked(x.r));
    return x;
}

static run check(const char *text) { return check_rlimit(text, 0); }



/* The step's error type, checked, with its category and message. */
static const fc_step_result *expect_type(run *x, const char *label,
                                         fc_etype want)
{
    const fc_step_result *sr = fct_step(x, label);
    cr_assert_eq(sr->err.type, want, "%s: got %s (%s), want %s", label,
                 fc_etype_name(sr->err.type),
                 sr->err.message ? sr->err.message : "", fc_etype_name(want));
    if (want != FC_T_NONE) {
        cr_assert_not_null(sr->err.message);
        cr_assert_gt(strlen(sr->err.message), 0);
    }
    return sr;
}

static const char *detail_str(const fc_step_result *sr, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(sr->err.details, key);
    cr_assert(cJSON_IsString(v), "detail '%s' is missing", key);
    return v->valuestring;
}

/* The detail array `key` as "a b c". */
static char *detail_list(const fc_step_result *sr, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(sr->err.details, key);
    cr_assert(cJSON_IsArray(v), "detail '%s' is missing", key);
    fc_buf b = {0};
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        cr_assert(cJSON_IsString(it));
        fc_buf_printf(&b, "%s%s", b.len ? " " : "", it->valuestring);
    }
    return fc_buf_take(&b);
}

#define ASSERT_LIST(sr, key, want)                                             \
    do {                                                                       \
        char *l_ = detail_list((sr), (key));                                   \
        cr_assert_str_eq(l_, (want), "%s", (key));                             \
        free(l_);                                                              \
    } while (0)

static bool trace_error(run *x, fc_etype type)
{
    for (size_t i = 0; i < x->r->errors.len; i++)
        if (x->r->errors.data[i].type == type)
            return true;
    return false;
}

/* ---- names -------------------------------------------------------------- */

Test(classify, names_and_categories)
{
    static const struct {
        fc_etype t;
        const char *name, *category;
    } want[] = {
        {FC_T_SYNTAX, "syntax", "ill_formed"},
        {FC_T_TYPE_MISMATCH, "type_mismatch", "false_rule"},
        {FC_T_SOLVER_UNKNOWN, "solver_unknown", "unknown"},
        {FC_T_PROPAGATED, "propagated", "false_premise"},
        {FC_T_OPERATION_MISAPPLICATION, "operation_misapplication",
         "false_rule"},
        {FC_T_ARITHMETIC, "arithmetic", "calculator_error"},
        {FC_T_INFERENCE_VIOLATION, "inference_violation", "false_rule"},
        {FC_T_QUANTIFIER_MISUSE, "quantifier_misuse", "false_rule"},
        {FC_T_CONTRADICTS_PREMISES, "contradicts_premises", "false_premise"},
        {FC_T_CONTRADICTS_STEPS, "contradicts_steps", "false_rule"},
        {FC_T_UNGROUNDED_SYMBOL, "ungrounded_symbol", "false_premise"},
        {FC_T_MISSING_STEPS, "missing_steps", "false_rule"},
        {FC_T_FALSE_ASSUMPTION, "false_assumption", "false_premise"},
        {FC_T_CONCLUSION_MISMATCH, "conclusion_mismatch", "format_error"},
        {FC_T_INCONSISTENT_PREMISES, "inconsistent_premises", "false_premise"},
    };
    size_t n = sizeof want / sizeof *want;
    cr_assert_eq(n, FC_T_COUNT - 1, "every type is listed");
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(fc_etype_name(want[i].t), want[i].name);
        cr_assert_str_eq(fc_etype_category(want[i].t), want[i].category);
        cr_assert_eq(fc_etype_from_name(want[i].name), want[i].t);
    }
    /* the category of arithmetic names it too, in `expect` lines */
    cr_assert_eq(fc_etype_from_name("calculator_error"), FC_T_ARITHMETIC);
    cr_assert_eq(fc_etype_from_name("entailed"), FC_T_NONE);
    cr_assert_eq(fc_etype_from_name("nonsense"), FC_T_NONE);
}

/* ---- one case per type, in the table's order ---------------------------- */

Test(classify, syntax)
{
    run x = check("premise: A\nstep: A ∧\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_SYNTAX);
    cr_assert_eq(sr->global, FC_STATUS_ILL_FORMED);
    cr_assert(strstr(sr->err.message, "ends too soon"), "%s", sr->err.message);
    fct_done(&x);
}

Test(classify, type_mismatch)
{
    run x = check("premise: Dog(rex)\nstep: Dog(rex) + 1 = 2\n"
                  "step: Dog(rex, fido)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_TYPE_MISMATCH);
    cr_assert(strstr(sr->err.message, "Bool"), "%s", sr->err.message);
    expect_type(&x, "s2", FC_T_TYPE_MISMATCH);
    fct_done(&x);
}

Test(classify, solver_unknown)
{
    run x = check_rlimit(
        "premise: ∀x ∀y (f(x, y) = f(y, x))\n"
        "premise: ∀x (x * x * x + 3 * x * x - 7 * x + 11 > 0 ∨ P(x))\n"
        "step: ∀x (x*x*x*x - 5*x*x*x + 2*x*x + 9*x - 4 > 0 ∨ P(x) ∨ x < -10)\n",
        1);
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_SOLVER_UNKNOWN);
    cr_assert_gt(strlen(detail_str(sr, "reason")), 0);
    fct_done(&x);
}

Test(classify, unknown_while_putting_back_is_solver_unknown)
{
    /* s1 is put back in place of p1; whether p2 stays consistent with it
     * needs a model of x * x = 2, which the solver cannot give.  With p2
     * left out s2 does not follow, but with p2 it might have: the type is
     * not guessed from what comes after propagated.  (A put-back claim
     * shares a symbol with the step, through G, or it is not put back.) */
    run x = check("premise: a = 3\n"
                  "premise: a = 4 → x * x = 2\n"
                  "step: a = 4\n"
                  "step: x * x = 2 ∨ y = 1\n");
    expect_type(&x, "s1", FC_T_ARITHMETIC);
    const fc_step_result *sr = expect_type(&x, "s2", FC_T_SOLVER_UNKNOWN);
    cr_assert_eq(sr->global, FC_STATUS_UNDETERMINED);
    cr_assert(strstr(sr->err.message, "classifying"), "%s", sr->err.message);
    cr_assert_gt(strlen(detail_str(sr, "reason")), 0);
    /* an error, not an unknown verdict: s2 is not entailed */
    cr_assert_not(fc_result_valid(x.r));
    fct_done(&x);
}

Test(classify, propagated_from_a_failed_step)
{
    /* s1 is an ungrounded assumption; s2 follows only with its help */
    run x = check("premise: A\npremise: A → B\nstep: C\nstep: C ∨ D\n");
    expect_type(&x, "s1", FC_T_UNGROUNDED_SYMBOL);
    const fc_step_result *sr = expect_type(&x, "s2", FC_T_PROPAGATED);
    cr_assert_eq(sr->global, FC_STATUS_ENTAILED);
    ASSERT_LIST(sr, "from", "s1");
    fct_done(&x);
}

Test(classify, propagated_by_putting_a_wrong_result_back)
{
    /* the design's wrong-clips trace: s1 miscomputes may; s2 is right given
     * s1's stated result, which replaces p2 (the premise it contradicts) */
    run x = check("premise p1: april = 48\n"
                  "premise p2: may = april / 2\n"
                  "step s1: may = 48 / 2 = 25             by p2, p1\n"
                  "define total := april + may\n"
                  "step s2: total = 48 + 25 = 73\n"
                  "conclude: total = 72\n");
    const fc_step_result *s1 = expect_type(&x, "s1", FC_T_ARITHMETIC);
    cr_assert_str_eq(detail_str(s1, "expected"), "24");
    cr_assert_str_eq(detail_str(s1, "stated"), "25");
    const fc_step_result *s2 = expect_type(&x, "s2", FC_T_PROPAGATED);
    ASSERT_LIST(s2, "from", "s1");
    cr_assert_eq(s2->global, FC_STATUS_CONTRADICTED);
    fct_done(&x);
}

Test(classify, operation_misapplication)
{
    run x = check("premise: a = 6\npremise: b = 3\nstep: c = a - b = 9\n");
    const fc_step_result *sr =
        expect_type(&x, "s1", FC_T_OPERATION_MISAPPLICATION);
    cr_assert_str_eq(detail_str(sr, "operator"), "-");
    cr_assert_str_eq(detail_str(sr, "expected_operator"), "+");
    cr_assert_str_eq(detail_str(sr, "term"), "a - b");
    cr_assert_str_eq(detail_str(sr, "corrected"), "a + b");
    fct_done(&x);
}

Test(classify, arithmetic)
{
    run x = check("premise: a = 6\npremise: b = 3\nstep: a * b = 20\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_ARITHMETIC);
    cr_assert_eq(sr->global, FC_STATUS_CONTRADICTED);
    cr_assert_str_eq(detail_str(sr, "term"), "a * b");
    cr_assert_str_eq(detail_str(sr, "expected"), "18");
    cr_assert_str_eq(detail_str(sr, "stated"), "20");
    fct_done(&x);
}

Test(classify, arithmetic_with_exact_fractions)
{
    run x = check("premise: pie = 5\nstep: pie / 2 = 2\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_ARITHMETIC);
    const char *e = detail_str(sr, "expected");
    cr_assert(!strcmp(e, "5/2") || !strcmp(e, "2.5"), "expected %s", e);
    fct_done(&x);
}

Test(classify, inference_violation_affirming_the_consequent)
{
    run x = check("premise: ∀x (Dog(x) → Animal(x))\npremise: Animal(rex)\n"
                  "step: Dog(rex)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_INFERENCE_VIOLATION);
    cr_assert_str_eq(detail_str(sr, "fallacy"), "affirming_the_consequent");
    ASSERT_LIST(sr, "formulas", "p1");
    fct_done(&x);
}

Test(classify, inference_violation_denying_the_antecedent)
{
    run x = check("premise: ∀x (Dog(x) → Animal(x))\npremise: ¬Dog(rex)\n"
                  "step: ¬Animal(rex)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_INFERENCE_VIOLATION);
    cr_assert_str_eq(detail_str(sr, "fallacy"), "denying_the_antecedent");
    fct_done(&x);
}

Test(classify, inference_violation_converse)
{
    run x = check("premise: ∀x (Dog(x) → Animal(x))\n"
                  "step: ∀x (Animal(x) → Dog(x))\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_INFERENCE_VIOLATION);
    cr_assert_str_eq(detail_str(sr, "fallacy"), "converse");
    fct_done(&x);
}

Test(classify, inference_violation_affirming_a_disjunct)
{
    run x = check("premise: Tea(bob) ∨ Coffee(bob)\npremise: Tea(bob)\n"
                  "step: ¬Coffee(bob)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_INFERENCE_VIOLATION);
    cr_assert_str_eq(detail_str(sr, "fallacy"), "affirming_a_disjunct");
    fct_done(&x);
}

Test(classify, inference_violation_undistributed_middle)
{
    run x = check("premise: ∀x (Cat(x) → Mammal(x))\n"
                  "premise: ∀x (Dog(x) → Mammal(x))\n"
                  "step: ∀x (Cat(x) → Dog(x))\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_INFERENCE_VIOLATION);
    cr_assert_str_eq(detail_str(sr, "fallacy"), "undistributed_middle");
    ASSERT_LIST(sr, "formulas", "p1 p2");
    fct_done(&x);
}

Test(classify, inference_violation_existential_fallacy)
{
    run x = check("premise: ∀x (Unicorn(x) → Horned(x))\n"
                  "step: ∃x (Unicorn(x) ∧ Horned(x))\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_INFERENCE_VIOLATION);
    cr_assert_str_eq(detail_str(sr, "fallacy"), "existential_fallacy");
    fct_done(&x);
}

Test(classify, quantifier_misuse_forall_for_exists)
{
    run x = check("premise: ∀x (Dog(x) → Animal(x))\npremise: Dog(rex)\n"
                  "step: ∀x Animal(x)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_QUANTIFIER_MISUSE);
    cr_assert_str_eq(detail_str(sr, "corrected"), "∃x Animal(x)");
    fct_done(&x);
}

Test(classify, quantifier_misuse_swapped_quantifiers)
{
    /* everyone loves someone does not give someone loved by all */
    run x = check("premise: ∀x ∃y Loves(x, y)\nstep: ∃y ∀x Loves(x, y)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_QUANTIFIER_MISUSE);
    cr_assert_str_eq(detail_str(sr, "change"), "swapped quantifiers");
    cr_assert_str_eq(detail_str(sr, "corrected"), "∀x ∃y Loves(x, y)");
    fct_done(&x);
}

Test(classify, quantifier_misuse_negation_across_a_quantifier)
{
    /* something is not a ghost does not give there is no ghost */
    run x = check("premise: ∃x ¬Ghost(x)\nstep: ¬∃x Ghost(x)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_QUANTIFIER_MISUSE);
    cr_assert(strstr(detail_str(sr, "change"), "negation"), "%s",
              detail_str(sr, "change"));
    cr_assert_str_eq(detail_str(sr, "corrected"), "∃x ¬Ghost(x)");
    fct_done(&x);
}

Test(classify, contradicts_premises)
{
    run x = check("premise: Dog(rex)\npremise: Cat(tom)\nstep: ¬Dog(rex)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_CONTRADICTS_PREMISES);
    ASSERT_LIST(sr, "contradicts", "p1");
    fct_done(&x);
}

Test(classify, contradicts_steps)
{
    run x = check("premise: A ∨ B\nstep: A\nstep: ¬A\n");
    expect_type(&x, "s1", FC_T_FALSE_ASSUMPTION);
    const fc_step_result *sr = expect_type(&x, "s2", FC_T_CONTRADICTS_STEPS);
    ASSERT_LIST(sr, "contradicts", "s1");
    fct_done(&x);
}

Test(classify, ungrounded_symbol)
{
    run x = check("premise: Dog(rex)\nstep: Cat(tom)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_UNGROUNDED_SYMBOL);
    ASSERT_LIST(sr, "symbols", "Cat tom");
    fct_done(&x);
}

Test(classify, ungrounded_quantity)
{
    /* `discount = 5` with a fresh discount is no definition */
    run x = check("premise: price = 20\nstep: discount = 5\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_UNGROUNDED_SYMBOL);
    ASSERT_LIST(sr, "symbols", "discount");
    fct_done(&x);
}

Test(classify, missing_steps)
{
    run x = check("premise p1: A\npremise p2: A → B\npremise p3: B → C\n"
                  "step s1: C by p1\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_MISSING_STEPS);
    ASSERT_LIST(sr, "cited", "p1");
    ASSERT_LIST(sr, "support", "p1 p2 p3");
    cr_assert_eq(sr->local, FC_STATUS_UNDETERMINED);
    cr_assert_eq(sr->global, FC_STATUS_ENTAILED);
    fct_done(&x);
}

Test(classify, false_assumption)
{
    run x = check("premise: Dog(rex)\npremise: Cat(tom)\nstep: Dog(tom)\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_FALSE_ASSUMPTION);
    cr_assert_null(sr->err.details);
    fct_done(&x);
}

Test(classify, conclusion_mismatch)
{
    run x = check("premise: A\nstep: A ∨ B\nconclude: B\n");
    cr_assert(trace_error(&x, FC_T_CONCLUSION_MISMATCH));
    cr_assert_not(trace_error(&x, FC_T_INCONSISTENT_PREMISES));
    fct_done(&x);
}

Test(classify, inconsistent_premises)
{
    run x = check("premise: A\npremise: ¬A\nstep: B\n");
    cr_assert(trace_error(&x, FC_T_INCONSISTENT_PREMISES));
    fct_done(&x);
}

/* ---- the order ---------------------------------------------------------- */

Test(classify, good_steps_get_no_type)
{
    run x = check("premise: a = 6\npremise: b = 3\nstep: c = a + b = 9\n"
                  "step: c > 8\n");
    expect_type(&x, "s1", FC_T_NONE);
    expect_type(&x, "s2", FC_T_NONE);
    cr_assert_eq(x.r->errors.len, 0);
    fct_done(&x);
}

Test(classify, operator_slip_before_arithmetic)
{
    /* both apply (a + b is 9, not 3); the table tries the operator first */
    run x = check("premise: a = 6\npremise: b = 3\nstep: a + b = 3\n");
    const fc_step_result *sr =
        expect_type(&x, "s1", FC_T_OPERATION_MISAPPLICATION);
    cr_assert_str_eq(detail_str(sr, "expected_operator"), "-");
    fct_done(&x);
}

Test(classify, arithmetic_before_contradicts_premises)
{
    run x = check("premise: a = 6\nstep: a = 7\n");
    const fc_step_result *sr = expect_type(&x, "s1", FC_T_ARITHMETIC);
    cr_assert_str_eq(detail_str(sr, "expected"), "6");
    fct_done(&x);
}

Test(classify, propagated_before_ungrounded)
{
    /* s2 uses a fresh D too, but follows from the failed s1 */
    run x = check("premise: A\nstep: C\nstep: C ∨ D\n");
    expect_type(&x, "s2", FC_T_PROPAGATED);
    fct_done(&x);
}

Test(classify, inference_violation_before_false_assumption)
{
    run x = check("premise: A → B\npremise: B\nstep: A\n");
    expect_type(&x, "s1", FC_T_INFERENCE_VIOLATION);
    fct_done(&x);
}

Test(classify, failed_steps_do_not_help_later_steps)
{
    /* s2 restates the failed s1: entailed by G, but only through s1 */
    run x = check("premise: Dog(rex)\npremise: Cat(tom)\nstep: Dog(tom)\n"
                  "step: Dog(tom) ∨ Cat(rex)\n");
    expect_type(&x, "s1", FC_T_FALSE_ASSUMPTION);
    const fc_step_result *sr = expect_type(&x, "s2", FC_T_PROPAGATED);
    cr_assert_not(sr->global_without_failed);
    fct_done(&x);
}

Test(classify, ungrounded_symbol_close_to_a_known_one_gets_a_suggestion)
{
    run x = check("premise: ∀x (Man(x) → Mortal(x))\n"
                  "premise: Man(socrates)\n"
                  "step: Mortl(socrates)\n"
                  "step: mortal(socrates)\n"
                  "step: Happy(socrates)\n");
    const fc_step_result *s1 = expect_type(&x, "s1", FC_T_UNGROUNDED_SYMBOL);
    cr_assert_str_eq(detail_str(s1, "suggestion"), "Mortal");
    cr_assert(strstr(s1->err.message, "did you mean 'Mortal'?"), "%s",
              s1->err.message);
    const fc_step_result *s2 = expect_type(&x, "s2", FC_T_UNGROUNDED_SYMBOL);
    cr_assert_str_eq(detail_str(s2, "suggestion"), "Mortal");
    const fc_step_result *s3 = expect_type(&x, "s3", FC_T_UNGROUNDED_SYMBOL);
    cr_assert_null(cJSON_GetObjectItemCaseSensitive(s3->err.details,
                                                    "suggestion"));
    cr_assert_null(strstr(s3->err.message, "did you mean"));
    fct_done(&x);
}
