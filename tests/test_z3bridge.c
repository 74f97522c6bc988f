/* The Z3 bridge: translation, guards, checks with cores, minimization,
 * models and resource limits. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/trace.h"
#include "solver/z3bridge.h"
#include "solver/z3minimize.h"
#include "solver/z3model.h"
#include "solver/z3plain.h"

typedef struct fixture {
    fc_trace *t;
    fc_z3 *z;
    fc_z3_session *s;
    int *lit; /* by statement */
} fixture;

static fixture open_trace(const char *text, unsigned timeout, unsigned rlimit)
{
    fixture f = {0};
    fc_diags *d = fc_diags_new();
    f.t = fc_trace_parse("t.fol", text, strlen(text), FC_DIALECT_NATIVE, d);
    cr_assert_not_null(f.t);
    cr_assert_eq(fc_diags_errors(d), 0, "%s",
                 fc_diags_errors(d) ? fc_diag_message(fc_diags_get(d, 0)) : "");
    fc_diags_free(d);
    f.z = fc_z3_new(timeout, rlimit);
    f.s = fc_z3_session_new(f.z, f.t);
    f.lit = calloc(f.t->stmts.len, sizeof(int));
    for (size_t i = 0; i < f.t->stmts.len; i++) {
        fc_stmt *st = &f.t->stmts.data[i];
        f.lit[i] =
            st->formula ? fc_z3_guard(f.s, fc_z3_term(f.s, st->formula)) : -1;
    }
    return f;
}

static void close_trace(fixture *f)
{
    fc_z3_session_free(f->s);
    fc_z3_free(f->z);
    fc_trace_free(f->t);
    free(f->lit);
}

static fc_node *formula(fixture *f, size_t i)
{
    return f->t->stmts.data[i].formula;
}

/* A guard of ¬S for statement i. */
static int neg(fixture *f, size_t i)
{
    Z3_context c = fc_z3_context(f->s);
    Z3_ast a = Z3_mk_not(c, fc_z3_term(f->s, formula(f, i)));
    Z3_inc_ref(c, a);
    int l = fc_z3_guard(f->s, a);
    Z3_dec_ref(c, a);
    return l;
}

static bool contains(const fc_ivec *v, int x)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->data[i] == x)
            return true;
    return false;
}

static fc_answer ask(fixture *f, const int *lits, size_t n)
{
    fc_query_result q = {0};
    fc_z3_check(f->s, lits, n, false, false, &q);
    fc_answer a = q.answer;
    fc_query_result_free(&q);
    return a;
}

/* ---- translation -------------------------------------------------------- */

Test(z3bridge, sorts_are_translated)
{
    fixture f = open_trace("premise: Dog(rex)\npremise: age = 2.5\n", 0, 0);
    Z3_context c = fc_z3_context(f.s);
    fc_ast *a = f.t->ast;
    fc_node *rex = fc_mk_const(a, fc_intern(a, "rex", 3));
    Z3_ast zr = fc_z3_term(f.s, rex);
    cr_assert_not_null(zr);
    Z3_sort so = Z3_get_sort(c, zr);
    cr_assert_eq(Z3_get_sort_kind(c, so), Z3_UNINTERPRETED_SORT);
    cr_assert_str_eq(Z3_get_symbol_string(c, Z3_get_sort_name(c, so)),
                     "Object");
    fc_node *age = fc_mk_const(a, fc_intern(a, "age", 3));
    cr_assert_eq(Z3_get_sort_kind(c, Z3_get_sort(c, fc_z3_term(f.s, age))),
                 Z3_REAL_SORT);
    cr_assert_eq(
        Z3_get_sort_kind(c, Z3_get_sort(c, fc_z3_term(f.s, formula(&f, 0)))),
        Z3_BOOL_SORT);
    close_trace(&f);
}

Test(z3bridge, declared_int_and_user_sorts)
{
    fixture f = open_trace("sort Person\nconst n: Int\nconst bob: Person\n"
                           "premise: n = 3\n",
                           0, 0);
    Z3_context c = fc_z3_context(f.s);
    fc_ast *a = f.t->ast;
    Z3_ast zn = fc_z3_term(f.s, fc_mk_const(a, fc_intern(a, "n", 1)));
    cr_assert_eq(Z3_get_sort_kind(c, Z3_get_sort(c, zn)), Z3_INT_SORT);
    Z3_ast zb = fc_z3_term(f.s, fc_mk_const(a, fc_intern(a, "bob", 3)));
    Z3_sort sb = Z3_get_sort(c, zb);
    cr_assert_str_eq(Z3_get_symbol_string(c, Z3_get_sort_name(c, sb)),
                     "Person");
    close_trace(&f);
}

Test(z3bridge, translation_is_cached_per_node)
{
    fixture f = open_trace("premise: Dog(rex) ∧ Cat(tom)\n", 0, 0);
    fc_node *conj = formula(&f, 0);
    Z3_ast t1 = fc_z3_term(f.s, conj);
    Z3_ast t2 = fc_z3_term(f.s, conj);
    cr_assert_eq(t1, t2);
    Z3_ast dog = fc_z3_term(f.s, conj->args[0]);
    Z3_context c = fc_z3_context(f.s);
    cr_assert(Z3_is_eq_ast(c, Z3_get_app_arg(c, Z3_to_app(c, t1), 0), dog));
    close_trace(&f);
}

Test(z3bridge, arithmetic_is_exact)
{
    /* 5/2 is 2.5 exactly, and 1/3 + 1/3 + 1/3 is 1 */
    fixture f = open_trace("premise: x = 5 / 2\n"
                           "premise: x = 2.5\n"
                           "premise: 1/3 + 1/3 + 1/3 = 1\n"
                           "premise: 10 / 4 = 2\n",
                           0, 0);
    int l0[] = {f.lit[0], neg(&f, 1)};
    cr_assert_eq(ask(&f, l0, 2), FC_UNSAT);
    int l2[] = {neg(&f, 2)};
    cr_assert_eq(ask(&f, l2, 1), FC_UNSAT);
    int l3[] = {f.lit[3]};
    cr_assert_eq(ask(&f, l3, 1), FC_UNSAT);
    close_trace(&f);
}

Test(z3bridge, division_is_exact_on_int_operands)
{
    /* `/` is exact everywhere: with n an Int, n / 2 is 3.5; `div` is the
     * integer quotient */
    fixture f = open_trace("const n: Int\npremise: n = 7\n"
                           "premise: n / 2 = 3.5\npremise: n / 2 = 3\n"
                           "premise: n div 2 = 3\n",
                           0, 0);
    int l1[] = {f.lit[1], neg(&f, 2)};
    cr_assert_eq(ask(&f, l1, 2), FC_UNSAT);
    int l2[] = {f.lit[1], f.lit[3]};
    cr_assert_eq(ask(&f, l2, 2), FC_UNSAT);
    int l3[] = {f.lit[1], neg(&f, 4)};
    cr_assert_eq(ask(&f, l3, 2), FC_UNSAT);
    close_trace(&f);
}

Test(z3bridge, quantifiers_and_connectives)
{
    fixture f = open_trace("premise: ∀x (Dog(x) → Animal(x))\n"
                           "premise: Dog(rex)\n"
                           "step: Animal(rex)\n"
                           "step: ∃y Animal(y)\n"
                           "step: Animal(rex) ⊕ Dog(rex)\n"
                           "step: Animal(rex) ↔ Dog(rex)\n"
                           "step: ∀x Animal(x)\n",
                           0, 0);
    int ctx[3] = {f.lit[0], f.lit[1], -1};
    for (size_t i = 2; i <= 5; i++) {
        ctx[2] = neg(&f, i);
        fc_answer want = i == 4 ? FC_SAT : FC_UNSAT;
        cr_assert_eq(ask(&f, ctx, 3), want, "step %zu", i);
    }
    ctx[2] = neg(&f, 6);
    cr_assert_eq(ask(&f, ctx, 3), FC_SAT);
    close_trace(&f);
}

/* ---- guards and checks -------------------------------------------------- */

Test(z3bridge, guards_are_numbered_and_null_is_refused)
{
    fixture f = open_trace("premise: A\npremise: B\n", 0, 0);
    cr_assert_eq(f.lit[0], 0);
    cr_assert_eq(f.lit[1], 1);
    cr_assert_eq(fc_z3_guard(f.s, NULL), -1);
    Z3_context c = fc_z3_context(f.s);
    Z3_ast l0 = fc_z3_guard_literal(f.s, 0);
    cr_assert_eq(Z3_get_sort_kind(c, Z3_get_sort(c, l0)), Z3_BOOL_SORT);
    /* guards are not asserted facts: an empty query is satisfiable */
    cr_assert_eq(ask(&f, NULL, 0), FC_SAT);
    close_trace(&f);
}

Test(z3bridge, unsat_core_names_the_guilty_literals)
{
    fixture f = open_trace("premise: A\n"
                           "premise: A → B\n"
                           "premise: C\n"
                           "premise: D ∨ C\n"
                           "step: B\n",
                           0, 0);
    int nb = neg(&f, 4);
    int lits[] = {f.lit[0], f.lit[1], f.lit[2], f.lit[3], nb};
    fc_query_result q = {0};
    fc_z3_check(f.s, lits, 5, true, false, &q);
    cr_assert_eq(q.answer, FC_UNSAT);
    bool has_a = false, has_ab = false, has_nb = false, has_c = false;
    for (size_t i = 0; i < q.core.len; i++) {
        has_a |= q.core.data[i] == f.lit[0];
        has_ab |= q.core.data[i] == f.lit[1];
        has_c |= q.core.data[i] == f.lit[2] || q.core.data[i] == f.lit[3];
        has_nb |= q.core.data[i] == nb;
    }
    cr_assert(has_a && has_ab && has_nb);
    cr_assert_not(has_c, "C plays no part");
    fc_query_result_free(&q);
    close_trace(&f);
}

Test(z3bridge, sat_queries_give_models_when_asked)
{
    fixture f = open_trace("premise: x = 5 / 2\npremise: y = 0 - 1 / 3\n"
                           "premise: z = 48 / 2\n",
                           0, 0);
    int lits[] = {f.lit[0], f.lit[1], f.lit[2]};
    fc_query_result q = {0};
    fc_z3_check(f.s, lits, 3, false, false, &q);
    cr_assert_eq(q.answer, FC_SAT);
    cr_assert_not(q.model);
    fc_z3_check(f.s, lits, 3, false, true, &q);
    cr_assert_eq(q.answer, FC_SAT);
    cr_assert(q.model);
    fc_ast *a = f.t->ast;
    char *x = fc_z3_eval_numeral(
        f.s, fc_z3_model(f.s), fc_z3_term(f.s, fc_mk_const(a, fc_intern(a, "x", 1))));
    char *y = fc_z3_eval_numeral(
        f.s, fc_z3_model(f.s), fc_z3_term(f.s, fc_mk_const(a, fc_intern(a, "y", 1))));
    char *z = fc_z3_eval_numeral(
        f.s, fc_z3_model(f.s), fc_z3_term(f.s, fc_mk_const(a, fc_intern(a, "z", 1))));
    cr_assert_not_null(x);
    cr_assert_not_null(y);
    cr_assert_str_eq(z, "24");
    /* exact values: 5/2 and -1/3, in either notation */
    cr_assert(!strcmp(x, "2.5") || !strcmp(x, "5/2"), "x = %s", x);
    cr_assert_str_eq(y, "-1/3");
    free(x);
    free(y);
    free(z);
    fc_query_result_free(&q);
    close_trace(&f);
}

Test(z3bridge, countermodel_is_readable)
{
    fixture f = open_trace(
        "premise: Dog(rex)\npremise: Cat(tom)\nstep: Dog(tom)\n", 0, 0);
    int lits[] = {f.lit[0], f.lit[1], neg(&f, 2)};
    fc_query_result q = {0};
    fc_z3_check(f.s, lits, 3, false, true, &q);
    cr_assert_eq(q.answer, FC_SAT);
    const fc_node *fs[] = {formula(&f, 0), formula(&f, 1), formula(&f, 2)};
    char *m = fc_z3_describe_model(f.s, fc_z3_model(f.s), fs, 3, NULL, NULL);
    cr_assert_not_null(m);
    cr_assert(strstr(m, "domain Object = {"), "%s", m);
    cr_assert(strstr(m, "rex = "), "%s", m);
    cr_assert(strstr(m, "tom = "), "%s", m);
    cr_assert(strstr(m, "Dog:"), "%s", m);
    cr_assert(strstr(m, "Cat:"), "%s", m);
    /* in the countermodel tom is no dog: its element is in Dog's false set */
    const char *tom = strstr(m, "tom = ") + strlen("tom = ");
    char elem[16];
    size_t n = strcspn(tom, "\n");
    cr_assert_lt(n, sizeof elem);
    memcpy(elem, tom, n);
    elem[n] = '\0';
    const char *dog = strstr(m, "Dog:");
    const char *fals = strstr(dog, "false for {");
    cr_assert_not_null(fals);
    const char *end = strchr(fals, '}');
    char falseset[128];
    snprintf(falseset, sizeof falseset, "%.*s", (int)(end - fals), fals);
    cr_assert(strstr(falseset, elem), "tom is %s, Dog is %s", elem, dog);
    free(m);
    fc_query_result_free(&q);
    close_trace(&f);
}

/* ---- minimization ------------------------------------------------------- */

static bool all_subsets_sat(fixture *f, const fc_ivec *core)
{
    for (size_t skip = 0; skip < core->len; skip++) {
        fc_ivec rest = {0};
        for (size_t i = 0; i < core->len; i++)
            if (i != skip)
                fc_vec_push(&rest, core->data[i]);
        fc_answer a = ask(f, rest.data, rest.len);
        fc_vec_free(&rest);
        if (a != FC_SAT)
            return false;
    }
    return true;
}

/* Minimizes the literals in core by deletion in order, with fixed ones
 * given (fc_z3_minimize_lits); core keeps the literals that stay. */
static void minimize(fixture *f, const int *fixed, size_t nfixed,
                     fc_ivec *core)
{
    fc_ivec keep = {0};
    cr_assert(fc_z3_minimize_lits(f->s, fixed, nfixed, core->data, core->len,
                                  NULL, &keep));
    fc_ivec kept = {0};
    for (size_t i = 0; i < keep.len; i++)
        fc_vec_push(&kept, core->data[keep.data[i]]);
    fc_vec_free(core);
    *core = kept;
    fc_vec_free(&keep);
}

Test(z3bridge, minimize_core_by_deletion)
{
    fixture f = open_trace("premise: x > 5\n"
                           "premise: x > 3\n"
                           "premise: x > 4\n"
                           "premise: y = 1\n"
                           "premise: x < 2\n",
                           0, 0);
    fc_ivec core = {0};
    for (size_t i = 0; i < 5; i++)
        fc_vec_push(&core, f.lit[i]);
    cr_assert_eq(ask(&f, core.data, core.len), FC_UNSAT);
    uint64_t before = fc_z3_queries(f.s);
    minimize(&f, NULL, 0, &core);
    cr_assert_gt(fc_z3_queries(f.s), before);
    cr_assert_eq(core.len, 2, "a lower bound and x < 2");
    cr_assert(contains(&core, f.lit[4]));
    cr_assert_eq(ask(&f, core.data, core.len), FC_UNSAT);
    cr_assert(all_subsets_sat(&f, &core));
    fc_vec_free(&core);
    close_trace(&f);
}

Test(z3bridge, minimize_core_keeps_what_it_is_told)
{
    fixture f = open_trace("premise: A\npremise: A → B\npremise: B\n"
                           "step: B\n",
                           0, 0);
    int nb = neg(&f, 3);
    fc_ivec core = {0};
    fc_vec_push(&core, f.lit[0]);
    fc_vec_push(&core, f.lit[1]);
    fc_vec_push(&core, f.lit[2]);
    minimize(&f, &nb, 1, &core);
    /* {B, ¬B} is the minimal one; ¬B, fixed, is kept */
    fc_vec_push(&core, nb);
    cr_assert_eq(ask(&f, core.data, core.len), FC_UNSAT);
    cr_assert(all_subsets_sat(&f, &core));
    cr_assert_eq(core.len, 2);
    cr_assert(contains(&core, f.lit[2]));
    fc_vec_free(&core);
    close_trace(&f);
}

/* ---- statistics and limits ---------------------------------------------- */

Test(z3bridge, queries_are_counted)
{
    fixture f = open_trace("premise: A\n", 0, 0);
    cr_assert_eq(fc_z3_queries(f.s), 0);
    int l[] = {f.lit[0]};
    ask(&f, l, 1);
    ask(&f, l, 1);
    cr_assert_eq(fc_z3_queries(f.s), 2);
    cr_assert_lt(fc_z3_solver_us(f.s), 60u * 1000 * 1000);
    close_trace(&f);
}

Test(z3bridge, one_context_serves_several_sessions)
{
    fc_diags *d = fc_diags_new();
    fc_z3 *z = fc_z3_new(0, 0);
    for (int round = 0; round < 3; round++) {
        const char *text = round % 2 ? "premise: A ∧ ¬A\n" : "premise: A ∨ B\n";
        fc_trace *t =
            fc_trace_parse("t.fol", text, strlen(text), FC_DIALECT_NATIVE, d);
        fc_z3_session *s = fc_z3_session_new(z, t);
        int l = fc_z3_guard(s, fc_z3_term(s, t->stmts.data[0].formula));
        fc_query_result q = {0};
        fc_z3_check(s, &l, 1, false, false, &q);
        cr_assert_eq(q.answer, round % 2 ? FC_UNSAT : FC_SAT);
        fc_query_result_free(&q);
        fc_z3_session_free(s);
        fc_trace_free(t);
    }
    fc_z3_free(z);
    fc_z3_free(NULL);
    fc_z3_session_free(NULL);
    fc_diags_free(d);
}

static const char *const hard =
    "premise: ∀x ∀y (f(x, y) = f(y, x))\n"
    "premise: ∀x (x * x * x + 3 * x * x - 7 * x + 11 > 0 ∨ P(x))\n"
    "step: ∀x (x*x*x*x - 5*x*x*x + 2*x*x + 9*x - 4 > 0 ∨ P(x) ∨ x < -10)\n";

Test(z3bridge, resource_limit_gives_unknown_with_a_reason)
{
    fixture f = open_trace(hard, 0, 1);
    int lits[] = {f.lit[0], f.lit[1], neg(&f, 2)};
    fc_query_result q = {0};
    fc_z3_check(f.s, lits, 3, true, true, &q);
    cr_assert_eq(q.answer, FC_UNKNOWN);
    cr_assert_gt(strlen(q.reason), 0);
    cr_assert_eq(q.core.len, 0);
    cr_assert_not(q.model);
    fc_query_result_free(&q);
    close_trace(&f);
}

Test(z3bridge, resource_limit_reason_names_the_rlimit)
{
    fixture f = open_trace(hard, 10000, 1);
    int lits[] = {f.lit[0], f.lit[1], neg(&f, 2)};
    fc_query_result q = {0};
    /* every query that hits the limit says so, not only the first */
    for (int i = 0; i < 3; i++) {
        fc_z3_check(f.s, lits, 3, false, false, &q);
        cr_assert_eq(q.answer, FC_UNKNOWN);
        cr_assert(strstr(q.reason, "rlimit"), "query %d: %s", i, q.reason);
        cr_assert_null(strstr(q.reason, "timeout"), "query %d: %s", i,
                       q.reason);
    }
    fc_query_result_free(&q);
    close_trace(&f);
}

/* Z3's resource count runs on over a context's life.  A query that gives up
 * for its own reason (nonlinear arithmetic without nlsat) after earlier
 * queries have used more than --rlimit in all must not be blamed on the
 * limit: the same query alone says "incomplete". */
Test(z3bridge, an_unknown_after_much_work_is_not_blamed_on_the_rlimit)
{
    fc_buf b = {0};
    fc_buf_puts(&b, "premise: y * y * y = 2\n");
    const int groups = 40;
    for (int i = 0; i < groups; i++)
        fc_buf_printf(&b,
                      "premise: P%d(a) ∨ Q%d(a)\npremise: ∀x (P%d(x) → R%d(x))\n"
                      "premise: ∀x (Q%d(x) → R%d(x))\nstep: R%d(a)\n",
                      i, i, i, i, i, i, i);
    const unsigned limit = 20000;
    fixture f = open_trace(b.data, 0, limit);
    fc_query_result q = {0};
    for (int i = 0; i < groups; i++) {
        size_t first = 1 + 4 * (size_t)i;
        int lits[] = {f.lit[first], f.lit[first + 1], f.lit[first + 2],
                      neg(&f, first + 3)};
        fc_z3_check(f.s, lits, 4, false, false, &q);
        cr_assert_eq(q.answer, FC_UNSAT, "group %d: %d (%s)", i, q.answer,
                     q.reason);
    }
    int cube[] = {f.lit[0]};
    fc_z3_check(f.s, cube, 1, false, false, &q);
    cr_assert_eq(q.answer, FC_UNKNOWN);
    cr_assert_null(strstr(q.reason, "rlimit"), "%s", q.reason);
    cr_assert(strstr(q.reason, "incomplete"), "%s", q.reason);
    fc_query_result_free(&q);
    close_trace(&f);
    free(b.data);
}

/* Ten pigeons in nine holes: unsat, and far beyond a short timeout. */
static char *pigeonholes(void)
{
    fc_buf b = {0};
    const int n = 9;
    for (int i = 0; i <= n; i++) {
        fc_buf_puts(&b, "premise: ");
        for (int j = 0; j < n; j++)
            fc_buf_printf(&b, "%sP%dh%d", j ? " ∨ " : "", i, j);
        fc_buf_puts(&b, "\n");
    }
    for (int j = 0; j < n; j++)
        for (int i = 0; i <= n; i++)
            for (int k = i + 1; k <= n; k++)
                fc_buf_printf(&b, "premise: ¬(P%dh%d ∧ P%dh%d)\n", i, j, k,
                              j);
    return b.data;
}

Test(z3bridge, timeout_stops_a_long_check_and_says_so)
{
    char *text = pigeonholes();
    fixture f = open_trace(text, 200, 0);
    int *lits = calloc(f.t->stmts.len, sizeof(int));
    for (size_t i = 0; i < f.t->stmts.len; i++)
        lits[i] = f.lit[i];
    fc_query_result q = {0};
    /* the watchdog stops each check, not only the first */
    for (int i = 0; i < 2; i++) {
        uint64_t t0 = fc_now_us();
        fc_z3_check(f.s, lits, f.t->stmts.len, true, false, &q);
        uint64_t took_ms = (fc_now_us() - t0) / 1000;
        cr_assert_eq(q.answer, FC_UNKNOWN);
        cr_assert(strstr(q.reason, "timeout after 200 ms"), "%s", q.reason);
        cr_assert_geq(took_ms, 200);
        cr_assert_lt(took_ms, 5000, "took %llu ms",
                     (unsigned long long)took_ms);
    }
    /* and a quick check after it is answered */
    int one[] = {f.lit[0]};
    fc_z3_check(f.s, one, 1, false, false, &q);
    cr_assert_eq(q.answer, FC_SAT);
    fc_query_result_free(&q);
    free(lits);
    free(text);
    close_trace(&f);
}

/* Sessions that share the guarded solver (fc_z3_session_share_solver) get
 * it empty: nothing of an earlier trace's formulas stays, a quantified
 * trace after a ground one is decided as on a solver of its own, and a
 * check that the timeout interrupted leaves nothing behind. */
Test(z3bridge, a_shared_solver_starts_each_session_empty)
{
    char *pigeons = pigeonholes();
    struct {
        const char *text;
        fc_answer want; /* all premises together */
        fc_answer want_step; /* premises and the negated step, if any */
    } rounds[] = {
        {"premise: A ∧ ¬A\n", FC_UNSAT, 0},
        {"premise: A ∨ B\n", FC_SAT, 0},
        {"premise: ¬A\n", FC_SAT, 0},
        {"premise: ∀x (P(x) → Q(x))\npremise: P(a)\nstep: Q(a)\n", FC_SAT,
         FC_UNSAT},
        {pigeons, FC_UNKNOWN, 0},
        {"premise: ∀x (P(x) → Q(x))\npremise: ¬Q(a)\nstep: ¬P(a)\n",
         FC_SAT, FC_UNSAT},
        {"premise: A\n", FC_SAT, 0},
    };
    fc_diags *d = fc_diags_new();
    fc_z3 *z = fc_z3_new(200, 0);
    for (size_t r = 0; r < sizeof rounds / sizeof rounds[0]; r++) {
        const char *text = rounds[r].text;
        fc_trace *t =
            fc_trace_parse("t.fol", text, strlen(text), FC_DIALECT_NATIVE, d);
        cr_assert_not_null(t);
        fc_z3_session *s = fc_z3_session_new(z, t);
        fc_z3_session_share_solver(s);
        int lits[512], n = 0, step = -1;
        for (size_t i = 0; i < t->stmts.len; i++) {
            fc_stmt *st = &t->stmts.data[i];
            if (st->kind == FC_ST_PREMISE)
                lits[n++] = fc_z3_guard(s, fc_z3_term(s, st->formula));
            else if (st->formula)
                step = (int)i;
        }
        fc_query_result q = {0};
        fc_z3_check(s, lits, (size_t)n, false, false, &q);
        cr_assert_eq(q.answer, rounds[r].want, "round %zu: answer %d (%s)", r,
                     q.answer, q.reason);
        if (step >= 0) {
            Z3_context c = fc_z3_context(s);
            Z3_ast a = Z3_mk_not(c, fc_z3_term(s, t->stmts.data[step].formula));
            Z3_inc_ref(c, a);
            lits[n] = fc_z3_guard(s, a);
            Z3_dec_ref(c, a);
            fc_z3_check(s, lits, (size_t)n + 1, false, false, &q);
            cr_assert_eq(q.answer, rounds[r].want_step, "round %zu: step %d",
                         r, q.answer);
        }
        fc_query_result_free(&q);
        fc_z3_session_free(s);
        fc_trace_free(t);
    }
    fc_z3_free(z);
    fc_diags_free(d);
    free(pigeons);
}

/* ---- plain solvers ------------------------------------------------------ */

static Z3_ast term(fixture *f, size_t i)
{
    return fc_z3_term(f->s, formula(f, i));
}

static Z3_ast not_term(fixture *f, size_t i)
{
    return Z3_mk_not(fc_z3_context(f->s), term(f, i));
}

Test(z3bridge, plain_solver_base_assertions_and_guards)
{
    fixture f = open_trace("premise: A\npremise: A → B\npremise: C\n"
                           "step: B\nstep: ¬C\n",
                           0, 0);
    Z3_context c = fc_z3_context(f.s);
    fc_zsolver *v = fc_zsolver_new(f.s);
    fc_zsolver_assert(v, term(&f, 0));
    fc_zsolver_assert(v, term(&f, 1));
    fc_zsolver_assert(v, NULL); /* ignored */
    Z3_ast g_c = fc_zsolver_guard(v, term(&f, 2));
    Z3_ast nb = not_term(&f, 3);
    Z3_inc_ref(c, nb);
    Z3_ast g_nb = fc_zsolver_guard(v, nb);
    Z3_dec_ref(c, nb);
    uint64_t before = fc_z3_queries(f.s);
    /* A, A → B entail B: ¬B under its guard is unsat; C is no part of it */
    Z3_ast as[2] = {g_c, g_nb};
    fc_ivec core = {0};
    char reason[64];
    cr_assert_eq(fc_zsolver_check(v, as, 2, &core, reason, sizeof reason),
                 FC_UNSAT);
    cr_assert_eq(core.len, 1);
    cr_assert_eq(core.data[0], 1);
    cr_assert_eq(fc_z3_queries(f.s), before + 1);
    /* without the guard, nothing is assumed */
    cr_assert_eq(fc_zsolver_check(v, as, 1, &core, reason, sizeof reason),
                 FC_SAT);
    fc_vec_free(&core);
    fc_zsolver_free(v);
    fc_zsolver_free(NULL);
    close_trace(&f);
}

Test(z3bridge, plain_solver_push_and_pop)
{
    fixture f = open_trace("premise: A\nstep: ¬A\n", 0, 0);
    fc_zsolver *v = fc_zsolver_new(f.s);
    fc_zsolver_assert(v, term(&f, 0));
    fc_zsolver_push(v);
    fc_zsolver_assert(v, term(&f, 1));
    cr_assert_eq(fc_zsolver_check(v, NULL, 0, NULL, NULL, 0), FC_UNSAT);
    fc_zsolver_pop(v);
    cr_assert_eq(fc_zsolver_check(v, NULL, 0, NULL, NULL, 0), FC_SAT);
    fc_zsolver_free(v);
    close_trace(&f);
}

Test(z3bridge, minimize_formulas_keeps_a_subset_that_entails)
{
    fixture f = open_trace("premise: x > 5\n"
                           "premise: y = 1\n"
                           "premise: x > 3\n"
                           "premise: z = y + 1\n"
                           "step: x > 2 ∧ z = 2\n",
                           0, 0);
    Z3_context c = fc_z3_context(f.s);
    Z3_ast forms[4] = {term(&f, 0), term(&f, 1), term(&f, 2), term(&f, 3)};
    Z3_ast goal = not_term(&f, 4);
    Z3_inc_ref(c, goal);
    fc_ivec keep = {0};
    fc_z3_minimize_formulas(f.s, NULL, 0, forms, 4, goal, &keep);
    /* y = 1 and z = y + 1 are needed, and one of the lower bounds */
    cr_assert_eq(keep.len, 3);
    cr_assert(contains(&keep, 1));
    cr_assert(contains(&keep, 3));
    /* deletion in order drops x > 5 first, since x > 3 does as well */
    cr_assert(contains(&keep, 2));
    /* with y = 1 given as hard, only the bound and z = y + 1 remain */
    Z3_ast hard[1] = {term(&f, 1)};
    Z3_ast rest[3] = {term(&f, 0), term(&f, 2), term(&f, 3)};
    fc_z3_minimize_formulas(f.s, hard, 1, rest, 3, goal, &keep);
    cr_assert_eq(keep.len, 2);
    cr_assert(contains(&keep, 2));
    Z3_dec_ref(c, goal);
    fc_vec_free(&keep);
    close_trace(&f);
}

/* The result is that of deletion in index order, whichever core the
 * solver finds first: here both {b} and {a, a → b} entail b, and deletion
 * keeps b, the last candidate that every smaller set needs. */
Test(z3bridge, minimize_formulas_is_deletion_in_order)
{
    fixture f = open_trace("premise: A\n"
                           "premise: A → B\n"
                           "premise: B\n"
                           "premise: C\n"
                           "step: B\n",
                           0, 0);
    Z3_context c = fc_z3_context(f.s);
    Z3_ast forms[4] = {term(&f, 0), term(&f, 1), term(&f, 2), term(&f, 3)};
    Z3_ast goal = not_term(&f, 4);
    Z3_inc_ref(c, goal);
    fc_ivec keep = {0};
    cr_assert(fc_z3_minimize_formulas(f.s, NULL, 0, forms, 4, goal, &keep));
    cr_assert_eq(keep.len, 1);
    cr_assert_eq(keep.data[0], 2);
    /* without B, the other pair is the one */
    Z3_ast two[3] = {term(&f, 0), term(&f, 1), term(&f, 3)};
    cr_assert(fc_z3_minimize_formulas(f.s, NULL, 0, two, 3, goal, &keep));
    cr_assert_eq(keep.len, 2);
    cr_assert(contains(&keep, 0) && contains(&keep, 1));
    /* nothing entails it: the call says so */
    Z3_ast none[1] = {term(&f, 3)};
    cr_assert_not(fc_z3_minimize_formulas(f.s, NULL, 0, none, 1, goal, &keep));
    Z3_dec_ref(c, goal);
    fc_vec_free(&keep);
    close_trace(&f);
}

/* regression: fc_z3_eval_numeral gives "" instead of NULL for non-numbers (fixed) */
Test(z3bridge, eval_numeral_is_null_for_non_numbers)
{
    fixture f = open_trace("premise: x = 1\npremise: Dog(rex)\n", 0, 0);
    int lits[] = {f.lit[0], f.lit[1]};
    fc_query_result q = {0};
    fc_z3_check(f.s, lits, 2, false, true, &q);
    cr_assert_eq(q.answer, FC_SAT);
    char *b = fc_z3_eval_numeral(f.s, fc_z3_model(f.s), fc_z3_term(f.s, formula(&f, 1)));
    cr_assert_null(b, "a Boolean evaluates to '%s'", b);
    fc_ast *a = f.t->ast;
    Z3_ast rex = fc_z3_term(f.s, fc_mk_const(a, fc_intern(a, "rex", 3)));
    char *o = fc_z3_eval_numeral(f.s, fc_z3_model(f.s), rex);
    cr_assert_null(o, "an individual evaluates to '%s'", o);
    fc_query_result_free(&q);
    close_trace(&f);
}


/* ---- the model oracle ---------------------------------------------------- */

typedef struct oracle_calls {
    int calls;
    bool answer;
} oracle_calls;

static bool counting_oracle(void *arg, const int *lits, size_t n)
{
    (void)lits;
    (void)n;
    oracle_calls *o = arg;
    o->calls++;
    return o->answer;
}

Test(z3bridge, an_oracle_model_answers_sat_without_a_solver_query)
{
    fixture f = open_trace("premise: P(a)\npremise: P(a) → Q(a)\n", 0, 0);
    oracle_calls o = {0, true};
    fc_z3_set_oracle(f.s, counting_oracle, &o);
    int lits[2] = {f.lit[0], f.lit[1]};
    cr_assert_eq(ask(&f, lits, 2), FC_SAT);
    cr_assert_eq(o.calls, 1);
    cr_assert_eq(fc_z3_queries(f.s), 0);
    /* a query that wants a model goes to Z3, and the oracle is not asked */
    fc_query_result q = {0};
    fc_z3_check(f.s, lits, 2, false, true, &q);
    cr_assert_eq(q.answer, FC_SAT);
    cr_assert(q.model);
    cr_assert_eq(o.calls, 1);
    cr_assert_eq(fc_z3_queries(f.s), 1);
    fc_query_result_free(&q);
    close_trace(&f);
}

Test(z3bridge, after_a_skipped_first_check_unsat_is_still_proved)
{
    /* the oracle answers the first full check (the premises); the next
     * one goes to Z3 on a budget and is refuted there.  (That the budget
     * and the fresh start keep MBQI's answers is test_classify's swapped
     * quantifiers: without them that step is unknown.) */
    fixture f = open_trace("premise: P(a)\npremise: ∀x (P(x) → Q(x))\n"
                           "step: Q(a)\n",
                           0, 0);
    oracle_calls o = {0, true};
    fc_z3_set_oracle(f.s, counting_oracle, &o);
    int p[2] = {f.lit[0], f.lit[1]};
    cr_assert_eq(ask(&f, p, 2), FC_SAT);
    cr_assert_eq(fc_z3_queries(f.s), 0);
    o.answer = false;
    int q[3] = {f.lit[0], f.lit[1], neg(&f, 2)};
    cr_assert_eq(ask(&f, q, 3), FC_UNSAT);
    cr_assert_geq(fc_z3_queries(f.s), 1);
    close_trace(&f);
}
