/* The checker: step statuses, coherent and valid verdicts, support, unused
 * and inconsistent premises, the conclusion, options and statistics. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/checker.h"
#include "helpers.h"

/* ---- helpers ------------------------------------------------------------ */

typedef fct_run run;

static run check_opts(const char *text, const fc_check_options *o)
{
    return fct_check(text, o);
}

static run check(const char *text)
{
    fc_check_options o;
    fc_check_options_init(&o);
    return check_opts(text, &o);
}



static int idx(run *x, const char *label)
{
    int i = fc_trace_find_label(x->t, label);
    cr_assert_geq(i, 0, "no statement %s", label);
    return i;
}

/* Asserts that v holds exactly the statements of the space-separated list. */
static void assert_set(run *x, const fc_ivec *v, const char *labels)
{
    fc_buf got = {0};
    for (size_t i = 0; i < v->len; i++)
        fc_buf_printf(&got, "%s ", x->t->stmts.data[v->data[i]].label);
    size_t n = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", labels);
    bool ok = true;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        n++;
        bool in = false;
        for (size_t i = 0; i < v->len; i++)
            in |= v->data[i] == idx(x, tok);
        ok &= in;
    }
    cr_assert(ok && n == v->len, "got {%s}, want {%s}",
              got.data ? got.data : "", labels);
    fc_buf_free(&got);
}

#define ASSERT_STATUS(x, label, want_local, want_global)                       \
    do {                                                                       \
        const fc_step_result *sr_ = fct_step((x), (label));                        \
        cr_assert_eq(sr_->local, (want_local), "%s local: %s", (label),        \
                     fc_status_name(sr_->local));                              \
        cr_assert_eq(sr_->global, (want_global), "%s global: %s", (label),     \
                     fc_status_name(sr_->global));                             \
    } while (0)

static const char *const natalia =
    "premise p1: april = 48\n"
    "premise p2: may = april / 2\n"
    "step s1: may = 24                      by p2, p1\n"
    "define total := april + may\n"
    "step s2: total = 48 + 24 = 72\n"
    "conclude: total = 72\n";

/* ---- options ------------------------------------------------------------ */

Test(checker, option_defaults)
{
    fc_check_options o;
    memset(&o, 0x5a, sizeof o);
    fc_check_options_init(&o);
    cr_assert_eq(o.window, 1);
    cr_assert_eq(o.timeout_ms, 10000);
    cr_assert_eq(o.rlimit, 0);
    cr_assert_not(o.explain);
    fc_checker_free(NULL);
    fc_result_free(NULL);
    /* NULL options mean the defaults */
    fc_checker *c = fc_checker_new(NULL);
    fc_diags *d = fc_diags_new();
    fc_trace *t = fc_trace_parse("defaults", "premise: P(a)\n", 14,
                                 FC_DIALECT_NATIVE, d);
    fc_result *r = fc_checker_run(c, t);
    cr_assert_eq(r->opts.window, 1);
    cr_assert_eq(r->opts.timeout_ms, 10000);
    fc_result_free(r);
    fc_trace_free(t);
    fc_diags_free(d);
    fc_checker_free(c);
}

/* ---- valid traces ------------------------------------------------------- */

Test(checker, the_design_example_is_valid)
{
    run x = check(natalia);
    fc_result *r = x.r;
    cr_assert(fc_result_checked(r));
    cr_assert(fc_result_valid(r));
    cr_assert(fc_result_coherent(r));
    cr_assert_not(fc_result_has_unknown(r));
    cr_assert_str_eq(fc_result_verdict(r), "valid");
    cr_assert(r->premises_consistent);
    cr_assert_eq(r->steps.len, 2);
    ASSERT_STATUS(&x, "s1", FC_STATUS_ENTAILED, FC_STATUS_ENTAILED);
    ASSERT_STATUS(&x, "s2", FC_STATUS_ENTAILED, FC_STATUS_ENTAILED);
    assert_set(&x, &fct_step(&x, "s1")->support, "p1 p2");
    cr_assert_eq(fct_step(&x, "s1")->index, 1);
    cr_assert_eq(fct_step(&x, "s2")->index, 2);
    cr_assert_eq(fct_step(&x, "s1")->err.type, FC_T_NONE);
    cr_assert(r->concl.present);
    cr_assert_eq(r->concl.status, FC_STATUS_ENTAILED);
    cr_assert(r->concl.reached);
    cr_assert_eq(r->unused_premises.len, 0);
    cr_assert_eq(r->errors.len, 0);
    cr_assert_gt(r->queries, 0);
    cr_assert_leq(r->solver_us, r->total_us);
    fct_done(&x);
}

Test(checker, support_is_minimal_and_unused_premises_are_listed)
{
    run x = check("premise p1: A\n"
                  "premise p2: A → B\n"
                  "premise p3: C\n"
                  "premise p4: C → D\n"
                  "premise p5: B → B ∨ E\n"
                  "step s1: B\n"
                  "step s2: B ∨ A\n");
    cr_assert(fc_result_valid(x.r));
    assert_set(&x, &fct_step(&x, "s1")->support, "p1 p2");
    /* s2 follows from p1 alone (or from s1): one premise, minimal */
    cr_assert_eq(fct_step(&x, "s2")->support.len, 1);
    assert_set(&x, &x.r->unused_premises, "p3 p4 p5");
    fct_done(&x);
}

Test(checker, tautologies_need_no_support)
{
    run x = check("premise: A\nstep: B ∨ ¬B\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_ENTAILED, FC_STATUS_ENTAILED);
    cr_assert_eq(fct_step(&x, "s1")->support.len, 0);
    cr_assert(fc_result_valid(x.r));
    fct_done(&x);
}

Test(checker, definitions_explicit_and_implicit)
{
    run x = check("premise: april = 48\n"
                  "premise: may = 24\n"
                  "step: total = april + may\n"
                  "step: total = 72\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_DEFINITION, FC_STATUS_DEFINITION);
    ASSERT_STATUS(&x, "s2", FC_STATUS_ENTAILED, FC_STATUS_ENTAILED);
    cr_assert(fc_result_valid(x.r));
    fct_done(&x);
}

Test(checker, quantified_reasoning)
{
    run x = check("premise: ∀x (Dog(x) → Animal(x))\n"
                  "premise: ∀x (Animal(x) → ¬Plant(x))\n"
                  "premise: Dog(rex)\n"
                  "step: Animal(rex)\n"
                  "step: ¬Plant(rex)\n"
                  "step: ∃y ¬Plant(y)\n"
                  "conclude: ∃y (Dog(y) ∧ ¬Plant(y))\n");
    cr_assert(fc_result_valid(x.r));
    cr_assert(x.r->concl.reached);
    fct_done(&x);
}

/* ---- failing steps ------------------------------------------------------ */

Test(checker, contradicted_step_is_incoherent_and_invalid)
{
    run x = check("premise: Dog(rex)\nstep: ¬Dog(rex)\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_CONTRADICTED, FC_STATUS_CONTRADICTED);
    cr_assert_neq(fct_step(&x, "s1")->err.type, FC_T_NONE);
    cr_assert_not(fc_result_coherent(x.r));
    cr_assert_not(fc_result_valid(x.r));
    cr_assert_str_eq(fc_result_verdict(x.r), "invalid");
    /* a contradicted step leaves the global context */
    cr_assert_not(fct_step(&x, "s1")->in_global);
    fct_done(&x);
}

Test(checker, undetermined_step_is_coherent_but_invalid)
{
    run x = check("premise: Dog(rex)\npremise: Cat(tom)\nstep: Dog(tom)\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_UNDETERMINED, FC_STATUS_UNDETERMINED);
    cr_assert(fc_result_coherent(x.r));
    cr_assert_not(fc_result_valid(x.r));
    cr_assert_str_eq(fc_result_verdict(x.r), "invalid");
    fct_done(&x);
}

Test(checker, ill_formed_step_is_incoherent)
{
    run x =
        check("premise: Dog(rex)\nstep: Dog(rex) ∧\nstep: Dog(rex) + 1 = 2\n"
              "step: Dog(rex)\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_ILL_FORMED, FC_STATUS_ILL_FORMED);
    ASSERT_STATUS(&x, "s2", FC_STATUS_ILL_FORMED, FC_STATUS_ILL_FORMED);
    ASSERT_STATUS(&x, "s3", FC_STATUS_ENTAILED, FC_STATUS_ENTAILED);
    cr_assert_not(fc_result_coherent(x.r));
    cr_assert_not(fc_result_valid(x.r));
    fct_done(&x);
}

Test(checker, a_leap_is_coherent_but_invalid)
{
    /* the cited parent does not entail the step: locally undetermined,
     * globally entailed */
    run x = check("premise p1: A\n"
                  "premise p2: A → B\n"
                  "step s1: B by p1\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_UNDETERMINED, FC_STATUS_ENTAILED);
    cr_assert(fc_result_coherent(x.r));
    cr_assert_not(fc_result_valid(x.r));
    fct_done(&x);
}

Test(checker, cited_parents_are_the_local_context)
{
    run x = check("premise p1: A\n"
                  "premise p2: A → B\n"
                  "premise p3: C\n"
                  "step s1: B by p1, p2\n"
                  "step s2: B ∧ C by s1, p3\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_ENTAILED, FC_STATUS_ENTAILED);
    ASSERT_STATUS(&x, "s2", FC_STATUS_ENTAILED, FC_STATUS_ENTAILED);
    cr_assert(fc_result_valid(x.r));
    fct_done(&x);
}

Test(checker, later_steps_are_checked_without_contradicted_ones)
{
    /* s1 is contradicted and leaves G: s2 = ¬A is then entailed by P alone,
     * not vacuously by an inconsistent G */
    run x = check("premise: ¬A\npremise: B\nstep: A\nstep: ¬A ∧ B\nstep: C\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_CONTRADICTED, FC_STATUS_CONTRADICTED);
    const fc_step_result *s2 = fct_step(&x, "s2");
    cr_assert_eq(s2->global, FC_STATUS_ENTAILED);
    cr_assert_eq(s2->err.type, FC_T_NONE);
    /* C is not entailed: G does not contain the contradicted s1 */
    cr_assert_eq(fct_step(&x, "s3")->global, FC_STATUS_UNDETERMINED);
    fct_done(&x);
}

Test(checker, a_local_context_without_a_model_entails_the_step)
{
    /* DESIGN checks X ∧ ¬S first: L_2 = P + s1 has no model (s1
     * contradicts P), so s2 is entailed there, vacuously, even though the
     * part of L_2 that shares its symbols (¬C) contradicts it.  G_2 leaves
     * s1 out, and there s2 is contradicted. */
    run x = check("premise: ¬A\npremise: ¬C\nstep: A\nstep: C\n");
    ASSERT_STATUS(&x, "s1", FC_STATUS_CONTRADICTED, FC_STATUS_CONTRADICTED);
    ASSERT_STATUS(&x, "s2", FC_STATUS_ENTAILED, FC_STATUS_CONTRADICTED);
    fct_done(&x);
}

Test(checker, window_sets_the_local_context)
{
    const char *text = "premise: A\n"
                       "step: C\n"
                       "step: A ∨ D\n"
                       "step: C ∧ A\n";
    fc_check_options o;
    fc_check_options_init(&o);
    run x = check_opts(text, &o);
    /* window 1: s3's local context is P and s2, which lack C */
    cr_assert_eq(fct_step(&x, "s3")->local, FC_STATUS_UNDETERMINED);
    cr_assert_eq(fct_step(&x, "s3")->global, FC_STATUS_ENTAILED);
    fct_done(&x);
    o.window = -1;
    x = check_opts(text, &o);
    cr_assert_eq(fct_step(&x, "s3")->local, FC_STATUS_ENTAILED);
    fct_done(&x);
    o.window = 2;
    x = check_opts(text, &o);
    cr_assert_eq(fct_step(&x, "s3")->local, FC_STATUS_ENTAILED);
    fct_done(&x);
}

Test(checker, redundant_steps_are_noted)
{
    run x = check("premise p1: Dog(rex)\nstep s1: Dog(rex)\n");
    const fc_step_result *s1 = fct_step(&x, "s1");
    cr_assert(s1->redundant);
    cr_assert_eq(s1->redundant_of, idx(&x, "p1"));
    cr_assert_eq(s1->err.type, FC_T_NONE);
    cr_assert(fc_result_valid(x.r));
    fct_done(&x);
}

/* ---- premises ----------------------------------------------------------- */

Test(checker, inconsistent_premises)
{
    run x = check("premise p1: A\npremise p2: B\npremise p3: ¬A\n"
                  "step: C\nconclude: C\n");
    fc_result *r = x.r;
    cr_assert_not(r->premises_consistent);
    assert_set(&x, &r->inconsistent_core, "p1 p3");
    cr_assert_not(fc_result_valid(r));
    bool found = false;
    for (size_t i = 0; i < r->errors.len; i++)
        found |= r->errors.data[i].type == FC_T_INCONSISTENT_PREMISES;
    cr_assert(found);
    cr_assert_str_eq(fc_result_verdict(r), "invalid");
    fct_done(&x);
}

/* ---- the conclusion ----------------------------------------------------- */

Test(checker, conclusion_statuses)
{
    run x = check("premise: A\npremise: A → B\nstep: B\nconclude: B\n");
    cr_assert_eq(x.r->concl.status, FC_STATUS_ENTAILED);
    cr_assert(x.r->concl.reached);
    cr_assert(fc_result_valid(x.r));
    fct_done(&x);

    x = check("premise: A\npremise: A → ¬B\nstep: ¬B\nconclude: B\n");
    cr_assert_eq(x.r->concl.status, FC_STATUS_REFUTED);
    cr_assert_not(x.r->concl.reached);
    cr_assert_not(fc_result_valid(x.r));
    fct_done(&x);

    x = check("premise: A\nstep: A ∨ B\nconclude: B\n");
    cr_assert_eq(x.r->concl.status, FC_STATUS_UNDETERMINED);
    cr_assert_not(x.r->concl.reached);
    bool mismatch = false;
    for (size_t i = 0; i < x.r->errors.len; i++)
        mismatch |= x.r->errors.data[i].type == FC_T_CONCLUSION_MISMATCH;
    cr_assert(mismatch);
    cr_assert_not(fc_result_valid(x.r));
    /* every step is fine: the trace is still coherent */
    cr_assert(fc_result_coherent(x.r));
    fct_done(&x);
}

Test(checker, no_conclusion_is_fine)
{
    run x = check("premise: A\nstep: A ∨ B\n");
    cr_assert_not(x.r->concl.present);
    cr_assert(fc_result_valid(x.r));
    fct_done(&x);
}

Test(checker, conclusion_reached_through_definitions)
{
    run x = check(natalia);
    cr_assert(x.r->concl.reached);
    fct_done(&x);
    /* the conclusion names the defined constant, which P alone lacks */
    x = check("premise: a = 2\npremise: b = 3\ndefine c := a * b\n"
              "conclude: c = 6\n");
    cr_assert_eq(x.r->concl.status, FC_STATUS_ENTAILED);
    cr_assert(x.r->concl.reached);
    cr_assert(fc_result_valid(x.r));
    fct_done(&x);
}

/* ---- input errors, unknown answers -------------------------------------- */

Test(checker, uncheckable_trace_gives_an_error_result)
{
    run x = check("premise: A ∧\nstep: A\n");
    cr_assert_not(fc_result_checked(x.r));
    cr_assert_not(fc_result_valid(x.r));
    cr_assert_not(fc_result_coherent(x.r));
    cr_assert_str_eq(fc_result_verdict(x.r), "error");
    cr_assert_eq(x.r->steps.len, 0);
    fct_done(&x);
}

static const char *const hard =
    "premise: ∀x ∀y (f(x, y) = f(y, x))\n"
    "premise: ∀x (x * x * x + 3 * x * x - 7 * x + 11 > 0 ∨ P(x))\n"
    "step: ∀x (x*x*x*x - 5*x*x*x + 2*x*x + 9*x - 4 > 0 ∨ P(x) ∨ x < -10)\n";

Test(checker, resource_limit_gives_unknown_never_entailed)
{
    fc_check_options o;
    fc_check_options_init(&o);
    o.rlimit = 1;
    run x = check_opts(hard, &o);
    fc_result *r = x.r;
    cr_assert(fc_result_has_unknown(r));
    cr_assert_not(fc_result_valid(r));
    const fc_step_result *s1 = fct_step(&x, "s1");
    cr_assert_neq(s1->global, FC_STATUS_ENTAILED);
    if (s1->global == FC_STATUS_UNKNOWN) {
        cr_assert_not_null(s1->global_reason);
        cr_assert_gt(strlen(s1->global_reason), 0);
        cr_assert_eq(s1->err.type, FC_T_SOLVER_UNKNOWN);
    }
    /* nothing is invalid, some answers are unknown */
    cr_assert_str_eq(fc_result_verdict(r), "unknown");
    fct_done(&x);
}

Test(checker, explain_gives_countermodels)
{
    fc_check_options o;
    fc_check_options_init(&o);
    o.explain = true;
    run x = check_opts("premise: Dog(rex)\npremise: Cat(tom)\nstep: Dog(tom)\n",
                       &o);
    const fc_step_result *s1 = fct_step(&x, "s1");
    cr_assert_not_null(s1->countermodel);
    cr_assert(strstr(s1->countermodel, "tom"), "%s", s1->countermodel);
    fct_done(&x);
    /* and none without the option */
    x = check("premise: Dog(rex)\npremise: Cat(tom)\nstep: Dog(tom)\n");
    cr_assert_null(fct_step(&x, "s1")->countermodel);
    fct_done(&x);
}

Test(checker, countermodels_are_small_tables_with_the_steps_symbols)
{
    /* the ∀∃/∃∀ swap: the relation that matters (Teaches) is in the
     * model, the smallest domain is found first, and the model is data */
    fc_check_options o;
    fc_check_options_init(&o);
    o.explain = true;
    run x = check_opts("premise: ∀x (Student(x) → ∃y Teaches(y, x))\n"
                       "premise: Student(ann)\npremise: Student(bob)\n"
                       "step s1: ∃y ∀x (Student(x) → Teaches(y, x))\n",
                       &o);
    const fc_step_result *s1 = fct_step(&x, "s1");
    cr_assert_not_null(s1->countermodel);
    cr_assert(strstr(s1->countermodel, "Teaches:"), "%s", s1->countermodel);
    const cJSON *m = s1->countermodel_tables;
    cr_assert_not_null(m);
    const cJSON *dom = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(m, "domains"), "Object");
    /* one element cannot refute it (ann and bob would be taught by
     * themselves); two can */
    cr_assert_eq(cJSON_GetArraySize(dom), 2, "%s", s1->countermodel);
    const cJSON *teaches = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(m, "predicates"), "Teaches");
    cr_assert_not_null(teaches);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
                     teaches, "true")) +
                     cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
                         teaches, "false")),
                 4);
    cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(m, "constants"), "ann")));
    fct_done(&x);
}

/* ---- scale -------------------------------------------------------------- */

Test(checker, queries_grow_linearly_with_the_trace)
{
    /* n independent facts and n steps that each use one of them: supports
     * stay small, so the solver queries per step must stay bounded as the
     * trace grows (incremental solving, no per-step re-check of all of G) */
    uint64_t q[2];
    static const int lens[2] = {20, 80};
    for (int k = 0; k < 2; k++) {
        fc_buf b = {0};
        for (int i = 1; i <= lens[k]; i++)
            fc_buf_printf(&b, "premise: x%d = %d\n", i, i);
        for (int i = 1; i <= lens[k]; i++)
            fc_buf_printf(&b, "step: x%d + 1 = %d\n", i, i + 1);
        run x = check(b.data);
        cr_assert(fc_result_valid(x.r));
        for (size_t j = 0; j < x.r->steps.len; j++) {
            const fc_step_result *sr = &x.r->steps.data[j];
            cr_assert_eq(sr->support.len, 1);
            cr_assert_eq(sr->support.data[0], (int)j);
        }
        q[k] = x.r->queries;
        fct_done(&x);
        fc_buf_free(&b);
    }
    double per20 = (double)q[0] / 20, per80 = (double)q[1] / 80;
    cr_assert_lt(per80, 1.5 * per20 + 1,
                 "%llu queries for 20 steps, %llu for 80",
                 (unsigned long long)q[0], (unsigned long long)q[1]);
}

Test(checker, one_checker_many_traces)
{
    /* more traces than a Z3 context is reused for */
    fc_check_options o;
    fc_check_options_init(&o);
    fc_checker *c = fc_checker_new(&o);
    fc_diags *d = fc_diags_new();
    for (int i = 0; i < 300; i++) {
        char text[128];
        snprintf(text, sizeof text,
                 "premise: a = %d\nstep: a + 1 = %d\nstep: a = %d\n", i, i + 1,
                 i % 7 == 0 ? i + 2 : i);
        fc_trace *t =
            fc_trace_parse("t.fol", text, strlen(text), FC_DIALECT_NATIVE, d);
        fc_result *r = fc_checker_run(c, t);
        cr_assert_eq(fc_result_valid(r), i % 7 != 0, "trace %d", i);
        fc_result_free(r);
        fc_trace_free(t);
        fc_diags_clear(d);
    }
    fc_diags_free(d);
    fc_checker_free(c);
}

/* The JSON result line of text checked on checker c, without its stats
 * (times and query counts). */
static char *result_line(fc_checker *c, const char *text)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        fc_trace_parse("t.fol", text, strlen(text), FC_DIALECT_NATIVE, d);
    fc_result *r = fc_checker_run(c, t);
    cJSON *j = fc_result_to_json(r);
    cJSON_DeleteItemFromObject(j, "stats");
    char *line = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    fc_result_free(r);
    fc_trace_free(t);
    fc_diags_free(d);
    return line;
}

/* An arithmetic trace first runs on the checker's used context with checks
 * on Z3 held back, and again on a fresh one when it wants Z3: in a batch
 * of traces that do and do not, each result equals the trace's alone. */
Test(checker, arithmetic_traces_held_back_from_z3_equal_alone)
{
    static const char *traces[] = {
        /* exact evaluation decides every query */
        "premise: a = 32\npremise: b = 77\nstep: t1 = a + b = 109\n"
        "step: answer = t1 * 2\nconclude: answer = 218\n",
        /* x is not fixed: Z3 */
        "premise: x > 2\npremise: y = x + 1\nstep: y > 3\n"
        "step: y * y > 9\nconclude: y > 3\n",
        /* without arithmetic, in between */
        "premise: ∀x (P(x) → Q(x))\npremise: P(a)\nstep: Q(a)\n",
        "premise: a = 3\npremise: b > a\nstep: c = a + b\nstep: c > 6\n"
        "step: c > 7\n",
    };
    static const int order[] = {0, 1, 0, 1, 3, 2, 0, 3, 3, 1, 0, 0};
    size_t n = sizeof traces / sizeof *traces;
    char *alone[4];
    for (size_t i = 0; i < n; i++) {
        fc_checker *c = fc_checker_new(NULL);
        alone[i] = result_line(c, traces[i]);
        fc_checker_free(c);
    }
    fc_checker *c = fc_checker_new(NULL);
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        char *got = result_line(c, traces[order[k]]);
        cr_assert_str_eq(got, alone[order[k]], "trace %d at %zu", order[k],
                         k);
        free(got);
    }
    fc_checker_free(c);
    for (size_t i = 0; i < n; i++)
        free(alone[i]);
}

/* ---- known bugs --------------------------------------------------------- */

/* regression: a step's support may name an earlier failed step (fixed) */
Test(checker, support_leaves_out_failed_steps)
{
    /* s1 fails (quantifier misuse) but stays in G; s2 follows from p1 and
     * p2 without it, so its support is theirs, and they are used */
    run x = check("premise p1: ∀x (Dog(x) → Animal(x))\n"
                  "premise p2: Dog(rex)\n"
                  "step s1: ∀x Animal(x)\n"
                  "step s2: Animal(rex) by p2\n");
    const fc_step_result *s2 = fct_step(&x, "s2");
    cr_assert_eq(s2->global, FC_STATUS_ENTAILED);
    cr_assert(s2->global_without_failed);
    cr_assert_not(fc_ivec_contains(&s2->support, idx(&x, "s1")),
                  "the support names the failed s1");
    assert_set(&x, &s2->support, "p1 p2");
    cr_assert_eq(x.r->unused_premises.len, 0);
    fct_done(&x);
}


/* ---- regressions -------------------------------------------------------- */

Test(checker, resource_limit_reason_is_named)
{
    fc_check_options o;
    fc_check_options_init(&o);
    o.rlimit = 1;
    run x = check_opts(hard, &o);
    const fc_step_result *s1 = fct_step(&x, "s1");
    cr_assert_eq(s1->global, FC_STATUS_UNKNOWN);
    cr_assert(strstr(s1->global_reason, "rlimit"), "reason: %s",
              s1->global_reason);
    fct_done(&x);
}
