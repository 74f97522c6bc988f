/* What one Z3 query costs, by how the solver is used: the floor under
 * folcheck's and the peer's numbers.  One ProntoQA-sized entailment
 * (∀x (A(x) → B(x)), A(c), ¬B(c): unsat) is asked
 *   fresh:  of a new solver each time (Z3_mk_solver, set params, assert,
 *           check, release): what a solver made per trace or per query pays;
 *   live:   of one solver kept for the whole run (push, assert, check, pop).
 * Prints JSON: CPU microseconds per query, mean over the runs, and the part
 * of it spent inside Z3_solver_check_assumptions.
 *
 *   cc -O2 solver_cost.c -o solver_cost -lz3 && ./solver_cost [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <z3.h>

static double cpu_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    Z3_config cfg = Z3_mk_config();
    Z3_set_param_value(cfg, "model", "true");
    Z3_context c = Z3_mk_context_rc(cfg);
    Z3_del_config(cfg);
    Z3_params p = Z3_mk_params(c);
    Z3_params_inc_ref(c, p);
    Z3_params_set_uint(c, p, Z3_mk_string_symbol(c, "timeout"), 10000);

    Z3_sort obj = Z3_mk_uninterpreted_sort(c, Z3_mk_string_symbol(c, "Object"));
    Z3_inc_ref(c, Z3_sort_to_ast(c, obj));
    Z3_sort b = Z3_mk_bool_sort(c);
    Z3_inc_ref(c, Z3_sort_to_ast(c, b));
    Z3_func_decl A = Z3_mk_func_decl(c, Z3_mk_string_symbol(c, "A"), 1, &obj, b);
    Z3_inc_ref(c, Z3_func_decl_to_ast(c, A));
    Z3_func_decl B = Z3_mk_func_decl(c, Z3_mk_string_symbol(c, "B"), 1, &obj, b);
    Z3_inc_ref(c, Z3_func_decl_to_ast(c, B));
    /* a reference-counted context: every term is held while in use */
#define HOLD(e) (tmp = (e), Z3_inc_ref(c, tmp), tmp)
    Z3_ast tmp;
    Z3_ast x = HOLD(Z3_mk_const(c, Z3_mk_string_symbol(c, "x"), obj));
    Z3_ast k = HOLD(Z3_mk_const(c, Z3_mk_string_symbol(c, "k"), obj));
    Z3_ast ax = HOLD(Z3_mk_app(c, A, 1, &x)), bx = HOLD(Z3_mk_app(c, B, 1, &x));
    Z3_ast imp = HOLD(Z3_mk_implies(c, ax, bx));
    Z3_ast bk = HOLD(Z3_mk_app(c, B, 1, &k));
    Z3_app bound = Z3_to_app(c, x);
    Z3_ast f[3];
    f[0] = HOLD(Z3_mk_forall_const(c, 0, 1, &bound, 0, NULL, imp));
    f[1] = HOLD(Z3_mk_app(c, A, 1, &k));
    f[2] = HOLD(Z3_mk_not(c, bk));

    double t0 = cpu_us(), in_check = 0;
    for (int i = 0; i < n; i++) {
        Z3_solver s = Z3_mk_solver(c);
        Z3_solver_inc_ref(c, s);
        Z3_solver_set_params(c, s, p);
        for (int j = 0; j < 3; j++)
            Z3_solver_assert(c, s, f[j]);
        double q = cpu_us();
        if (Z3_solver_check(c, s) != Z3_L_FALSE)
            return 2;
        in_check += cpu_us() - q;
        Z3_solver_dec_ref(c, s);
    }
    double fresh = (cpu_us() - t0) / n, fresh_check = in_check / n;

    Z3_solver s = Z3_mk_solver(c);
    Z3_solver_inc_ref(c, s);
    Z3_solver_set_params(c, s, p);
    Z3_solver_push(c, s);
    Z3_solver_pop(c, s, 1);
    in_check = 0;
    t0 = cpu_us();
    for (int i = 0; i < n; i++) {
        Z3_solver_push(c, s);
        for (int j = 0; j < 3; j++)
            Z3_solver_assert(c, s, f[j]);
        double q = cpu_us();
        if (Z3_solver_check_assumptions(c, s, 0, NULL) != Z3_L_FALSE)
            return 2;
        in_check += cpu_us() - q;
        Z3_solver_pop(c, s, 1);
    }
    double live = (cpu_us() - t0) / n, live_check = in_check / n;
    printf("{\"runs\": %d, \"fresh_us\": %.1f, \"fresh_check_us\": %.1f, "
           "\"live_us\": %.1f, \"live_check_us\": %.1f, \"z3\": \"%s\"}\n",
           n, fresh, fresh_check, live, live_check, Z3_get_full_version());
    Z3_solver_dec_ref(c, s);
    Z3_params_dec_ref(c, p);
    Z3_del_context(c);
    return 0;
}
