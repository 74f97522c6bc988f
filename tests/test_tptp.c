/* The TPTP reader: every connective read with its meaning, quoted names,
 * includes (relative, selected, missing), tff types and arithmetic, cnf
 * clauses, roles, and bad input with positions. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/checker.h"
#include "helpers.h"
#include "lang/trace.h"
#include "util/diag.h"

static fc_trace *read_tptp(const char *name, const char *text, fc_diags *d)
{
    return fc_trace_parse_flags(name, text, strlen(text), FC_DIALECT_TPTP,
                                FC_READ_INCLUDES, d);
}

/* Checks a TPTP problem (named name) and returns its result. */
static fct_run check_tptp_named(const char *name, const char *text)
{
    fct_run x = {0};
    fc_diags *d = fc_diags_new();
    x.t = read_tptp(name, text, d);
    cr_assert_not_null(x.t, "%s", fc_diags_count(d) ?
                                      fc_diag_message(fc_diags_get(d, 0)) : "");
    cr_assert_eq(fc_diags_errors(d), 0, "%s: %s", text,
                 fc_diags_errors(d) ? fc_diag_message(fc_diags_get(d, 0))
                                    : "");
    fc_diags_free(d);
    fc_checker *c = fc_checker_new(NULL);
    x.r = fc_checker_run(c, x.t);
    fc_checker_free(c);
    return x;
}

/* The conjecture's status against the axioms. */
static fc_status conjecture(const char *text)
{
    fct_run x = check_tptp_named("t.p", text);
    cr_assert(x.r->concl.present, "%s: no conclusion", text);
    fc_status s = x.r->concl.status;
    fct_done(&x);
    return s;
}

#define ENTAILED(text)                                                       \
    cr_expect_eq(conjecture(text), FC_STATUS_ENTAILED, "%s: %s", text,       \
                 fc_status_name(conjecture(text)))
#define REFUTED(text)                                                        \
    cr_expect_eq(conjecture(text), FC_STATUS_REFUTED, "%s: %s", text,        \
                 fc_status_name(conjecture(text)))
#define UNDETERMINED(text)                                                   \
    cr_expect_eq(conjecture(text), FC_STATUS_UNDETERMINED, "%s: %s", text,   \
                 fc_status_name(conjecture(text)))

Test(tptp, every_connective_means_what_it_says)
{
    ENTAILED("fof(a, axiom, p & q). fof(g, conjecture, q).");
    ENTAILED("fof(a, axiom, p | q). fof(b, axiom, ~p). fof(g, conjecture, q).");
    ENTAILED("fof(a, axiom, p => q). fof(b, axiom, p). fof(g, conjecture, q).");
    /* <= points the other way */
    ENTAILED("fof(a, axiom, p <= q). fof(b, axiom, q). fof(g, conjecture, p).");
    UNDETERMINED("fof(a, axiom, p <= q). fof(b, axiom, p). "
                 "fof(g, conjecture, q).");
    ENTAILED("fof(a, axiom, p <=> q). fof(b, axiom, q). fof(g, conjecture, p).");
    REFUTED("fof(a, axiom, p <=> q). fof(b, axiom, ~q). fof(g, conjecture, p).");
    REFUTED("fof(a, axiom, p <~> q). fof(b, axiom, q). fof(g, conjecture, p).");
    ENTAILED("fof(a, axiom, p ~| q). fof(g, conjecture, ~p & ~q).");
    ENTAILED("fof(a, axiom, p ~& q). fof(b, axiom, p). fof(g, conjecture, ~q).");
    UNDETERMINED("fof(a, axiom, p ~& q). fof(g, conjecture, ~p).");
    ENTAILED("fof(a, axiom, ~ ~ p). fof(g, conjecture, p).");
    ENTAILED("fof(g, conjecture, $true).");
    REFUTED("fof(g, conjecture, $false).");
    ENTAILED("fof(a, axiom, ! [X] : p(X)). fof(g, conjecture, p(c)).");
    UNDETERMINED("fof(a, axiom, ? [X] : p(X)). fof(g, conjecture, p(c)).");
    ENTAILED("fof(a, axiom, ! [X, Y] : (r(X, Y) => r(Y, X))). "
             "fof(b, axiom, r(c, d)). fof(g, conjecture, ? [Z] : r(d, Z)).");
    ENTAILED("fof(a, axiom, c = d). fof(b, axiom, p(c)). "
             "fof(g, conjecture, p(d)).");
    REFUTED("fof(a, axiom, c != d). fof(g, conjecture, d = c).");
    /* & and | chains are n-ary */
    ENTAILED("fof(a, axiom, p & q & r). fof(g, conjecture, r & p).");
    ENTAILED("fof(a, axiom, ~p & ~q). fof(b, axiom, p | q | r). "
             "fof(g, conjecture, r).");
}

Test(tptp, quoted_names_are_names)
{
    ENTAILED("fof('all men', axiom, ! [X] : ('Man'(X) => mortal(X))). "
             "fof(s, axiom, 'Man'('Socrates')). "
             "fof(g, conjecture, mortal('Socrates')).");
    /* a quoted name is the same name as the bare one */
    ENTAILED("fof(a, axiom, p(socrates)). fof(g, conjecture, p('socrates')).");
    /* an escaped quote inside */
    ENTAILED("fof(a, axiom, p('it\\'s')). fof(g, conjecture, p('it\\'s')).");
    /* formula names become labels, numbers too */
    fct_run x = check_tptp_named("t.p", "fof(1, axiom, p). "
                                         "fof('the goal', conjecture, p).");
    cr_assert_str_eq(x.t->stmts.data[0].label, "1");
    cr_assert_str_eq(x.t->stmts.data[1].label, "the goal");
    cr_assert_eq(x.r->concl.status, FC_STATUS_ENTAILED);
    fct_done(&x);
}

Test(tptp, comments_of_both_kinds)
{
    ENTAILED("% a line comment\n"
             "fof(a, axiom, /* inside */ p). % after\n"
             "/* a block\n   over lines */\n"
             "fof(g, conjecture, p).\n");
}

Test(tptp, cnf_clauses_are_universally_closed)
{
    ENTAILED("cnf(c1, axiom, ~p(X) | q(X)). cnf(c2, axiom, p(a)). "
             "cnf(g, conjecture, q(a)).");
    ENTAILED("cnf(c1, axiom, ~p(X) | q(X)). cnf(c2, axiom, p(b)). "
             "cnf(g, conjecture, q(b)).");
    ENTAILED("cnf(c1, axiom, (r(X, Y) | ~r(Y, X))). cnf(c2, axiom, r(c, d)). "
             "fof(g, conjecture, r(d, c)).");
}

Test(tptp, tff_types_and_arithmetic)
{
    ENTAILED("tff(n_type, type, n: $int). tff(m_type, type, m: $int).\n"
             "tff(a1, axiom, n = 3). tff(a2, axiom, $sum(n, 4) = m).\n"
             "tff(g, conjecture, $greater(m, 6) & $less(m, 8)).");
    ENTAILED("tff(x_type, type, x: $rat).\n"
             "tff(a1, axiom, x = 1/2).\n"
             "tff(g, conjecture, $product(x, 4) = 2 & $quotient(x, 2) = 1/4).");
    ENTAILED("tff(y_type, type, y: $real). tff(a1, axiom, y = 2.5e1).\n"
             "tff(g, conjecture, $difference(y, 5.0) = 20.0 & "
             "$uminus(y) = -25.0).");
    ENTAILED("tff(g, conjecture, $floor(2.5) = 2.0 & $ceiling(2.5) = 3.0 & "
             "$truncate(-2.5) = -2.0 & $to_int(-2.5) = -3).");
    ENTAILED("tff(g, conjecture, $quotient_f(-7, 2) = -4 & "
             "$remainder_f(-7, 2) = 1).");
    ENTAILED("tff(g, conjecture, $lesseq(2, 2) & $greatereq(3, 2) & "
             "$is_int(4.0) & ~$is_int(4.5)).");
    ENTAILED("tff(a, axiom, $distinct(1, 2, 3)). "
             "tff(g, conjecture, $distinct(4, 5)).");
    /* declared sorts and typed quantifiers */
    ENTAILED("tff(person_type, type, person: $tType).\n"
             "tff(bob_type, type, bob: person).\n"
             "tff(age_type, type, age: person > $int).\n"
             "tff(old_type, type, old: person > $o).\n"
             "tff(a1, axiom, ! [P: person] : ($greater(age(P), 60) => old(P))).\n"
             "tff(a2, axiom, age(bob) = 70).\n"
             "tff(g, conjecture, old(bob)).");
    ENTAILED("tff(f_type, type, f: ($int * $int) > $int).\n"
             "tff(a1, axiom, ! [X: $int, Y: $int] : f(X, Y) = $sum(X, Y)).\n"
             "tff(g, conjecture, f(2, 3) = 5).");
}

Test(tptp, roles)
{
    /* every premise role is a premise */
    const char *roles[] = {"axiom", "hypothesis", "definition", "assumption",
                           "lemma", "theorem", "corollary", "plain",
                           "negated_conjecture"};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
        char text[200];
        snprintf(text, sizeof text,
                 "fof(a, %s, p). fof(g, conjecture, p).", roles[i]);
        ENTAILED(text);
    }
    /* a problem without a conjecture checks its axioms' consistency */
    fct_run x = check_tptp_named("t.p", "fof(a, axiom, p). "
                                         "fof(b, axiom, ~p).");
    cr_assert(!x.r->concl.present);
    cr_assert(!x.r->premises_consistent);
    fct_done(&x);
}

static char *temp_dir(void)
{
    char *dir = strdup("/tmp/folcheck-tptp-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

Test(tptp, includes_are_read_relative_to_the_including_file)
{
    char *dir = temp_dir();
    char path[512], sub[512];
    snprintf(sub, sizeof sub, "%s/Axioms", dir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/Axioms/men.ax", dir);
    write_file(path, "fof(men, axiom, ! [X] : (man(X) => mortal(X))).\n"
                     "fof(gods, axiom, ! [X] : (god(X) => ~mortal(X))).\n"
                     "include('more.ax').\n");
    snprintf(path, sizeof path, "%s/Axioms/more.ax", dir);
    write_file(path, "fof(zeus, axiom, god(zeus)).\n");
    snprintf(path, sizeof path, "%s/problem.p", dir);
    const char *text = "include('Axioms/men.ax').\n"
                       "fof(s, axiom, man(socrates)).\n"
                       "fof(g, conjecture, mortal(socrates) & ~mortal(zeus)).\n";
    fct_run x = check_tptp_named(path, text);
    cr_assert_eq(x.r->concl.status, FC_STATUS_ENTAILED);
    fct_done(&x);
    /* a selection reads only the formulas named */
    text = "include('Axioms/men.ax', [men]).\n"
           "fof(s, axiom, man(socrates)).\n"
           "fof(g, conjecture, ~mortal(zeus)).\n";
    x = check_tptp_named(path, text);
    cr_assert_eq(x.r->concl.status, FC_STATUS_UNDETERMINED);
    fct_done(&x);
    /* a missing include: an error at the file name */
    fc_diags *d = fc_diags_new();
    text = "fof(a, axiom, p).\ninclude('Axioms/none.ax').\n";
    fc_trace *t = read_tptp(path, text, d);
    const fc_diag *g = fct_find_code(d, FC_E_INCLUDE_MISSING);
    cr_assert_eq(fc_diag_line(g), 2);
    cr_assert_eq(fc_diag_col(g), 9);
    cr_assert(strstr(fc_diag_message(g), "Axioms/none.ax"));
    cr_assert(t == NULL || !fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
    /* an error inside an included file is reported at the include */
    snprintf(path, sizeof path, "%s/Axioms/bad.ax", dir);
    write_file(path, "fof(a, axiom, p &).\n");
    snprintf(path, sizeof path, "%s/problem.p", dir);
    d = fc_diags_new();
    text = "fof(b, axiom, q).\n\ninclude('Axioms/bad.ax').\n";
    t = read_tptp(path, text, d);
    cr_assert(fc_diags_errors(d) >= 1);
    g = fc_diags_get(d, 0);
    cr_assert(strstr(g->file, "bad.ax"), "%s", g->file);
    cr_assert_eq(fc_diag_line(g), 1);
    cr_assert(t == NULL || !fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
    /* text given to the library reads no file: an error at the include */
    d = fc_diags_new();
    text = "include('Axioms/men.ax').\nfof(g, conjecture, p).\n";
    t = fc_trace_parse(path, text, strlen(text), FC_DIALECT_TPTP, d);
    g = fct_find_code(d, FC_E_UNSUPPORTED_TPTP);
    cr_assert(strstr(fc_diag_message(g), "command line"));
    cr_assert_eq(fc_diag_col(g), 9);
    fc_trace_free(t);
    fc_diags_free(d);
    /* nor does an include of a device */
    d = fc_diags_new();
    text = "include('/dev/zero').\n";
    t = read_tptp(path, text, d);
    cr_assert_eq(fct_count_code(d, FC_E_INCLUDE_MISSING), 1);
    fc_trace_free(t);
    fc_diags_free(d);
    /* an include of itself stops at a depth limit */
    snprintf(path, sizeof path, "%s/loop.p", dir);
    write_file(path, "include('loop.p').\n");
    d = fc_diags_new();
    text = "include('loop.p').\n";
    t = read_tptp(path, text, d);
    cr_assert_eq(fct_count_code(d, FC_E_TOO_DEEP), 1);
    fc_trace_free(t);
    fc_diags_free(d);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(dir);
}

/* Reads text; the first diagnostic must have code, line and column. */
static void bad(const char *text, fc_code code, int line, int col)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = fc_trace_parse("bad.p", text, strlen(text), FC_DIALECT_TPTP,
                                 d);
    cr_assert(fc_diags_errors(d) >= 1, "%s: no error", text);
    const fc_diag *g = fc_diags_get(d, 0);
    cr_expect_eq(fc_diag_code(g), code, "%s: %s (%s)", text,
                 fc_code_name(fc_diag_code(g)), fc_diag_message(g));
    cr_expect_eq(fc_diag_line(g), line, "%s: line %d", text, fc_diag_line(g));
    cr_expect_eq(fc_diag_col(g), col, "%s: column %d", text, fc_diag_col(g));
    cr_assert(t == NULL || !fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(tptp, bad_input_has_a_code_and_a_position)
{
    bad("fof(a, axiom, p(X)).", FC_E_FREE_VARIABLE, 1, 17);
    bad("fof(a, axiom,\n  p & q | r).", FC_E_SYNTAX, 2, 9);
    bad("fof(a, axiom, p => q => r).", FC_E_SYNTAX, 1, 22);
    bad("fof(a, axiom, p).\nfof(b axiom, q).", FC_E_SYNTAX, 2, 7);
    bad("fof(a, axiom, p) fof(b, axiom, q).", FC_E_SYNTAX, 1, 18);
    bad("fof(a, axiom, 'p).", FC_E_SYNTAX, 1, 15);
    bad("fof(a, axiom, p). /* open", FC_E_SYNTAX, 1, 19);
    bad("thf(a, axiom, p).", FC_E_UNSUPPORTED_TPTP, 1, 1);
    bad("fof(a, axiom, $ite(p, q, r)).", FC_E_UNSUPPORTED_TPTP, 1, 15);
    bad("fof(a, axiom, \"obj\" = c).", FC_E_UNSUPPORTED_TPTP, 1, 15);
    bad("tff(t, type, c: thing).", FC_E_UNKNOWN_SORT, 1, 17);
    bad("tff(a, axiom, $sum(1) = 1).", FC_E_BUILTIN_ARITY, 1, 15);
    bad("tff(a, axiom, 1/0 = 1).", FC_E_DIVISION_BY_ZERO, 1, 15);
    bad("fof(a, axiom, p @ q).", FC_E_SYNTAX, 1, 17);
    bad("fof(a, wish, p).", FC_E_UNSUPPORTED_TPTP, 1, 1);
    bad("fof(g, conjecture, p).\nfof(h, conjecture, q).",
        FC_E_UNSUPPORTED_TPTP, 2, 1);
    bad("% nothing\n", FC_E_EMPTY_INPUT, 1, 1);
    /* deep nesting stops with an error, not the stack */
    size_t n = 5000;
    char *deep = malloc(n * 2 + 64);
    strcpy(deep, "fof(a, axiom, ");
    for (size_t i = 0; i < n; i++)
        strcat(deep, "~");
    strcat(deep, "p).");
    bad(deep, FC_E_TOO_DEEP, 1, 2015);
    free(deep);
}

Test(tptp, json_records_in_the_tptp_dialect)
{
    const char *rec =
        "{\"dialect\": \"tptp\", \"premises\": [\"~p(X) | q(X)\", "
        "\"p(a)\", \"! [N: $int] : $greater($sum(N, 1), N)\"], "
        "\"steps\": [\"q(a)\"], \"conclusion\": \"? [Y] : q(Y)\"}";
    fc_diags *d = fc_diags_new();
    fc_trace *t = fc_trace_from_json("r.jsonl", 1, rec, strlen(rec),
                                     FC_DIALECT_NATIVE, d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_errors(d), 0, "%s", fc_diags_errors(d) ?
                 fc_diag_message(fc_diags_get(d, 0)) : "");
    fc_checker *c = fc_checker_new(NULL);
    fc_result *r = fc_checker_run(c, t);
    cr_assert(fc_result_valid(r));
    fc_result_free(r);
    fc_checker_free(c);
    fc_trace_free(t);
    fc_diags_free(d);
    /* a bad formula: its field and its column in the record */
    rec = "{\"dialect\": \"tptp\", \"premises\": [\"p & q | r\"], "
          "\"steps\": [\"q\"]}";
    d = fc_diags_new();
    t = fc_trace_from_json("r.jsonl", 3, rec, strlen(rec), FC_DIALECT_NATIVE,
                           d);
    const fc_diag *g = fct_find_code(d, FC_E_SYNTAX);
    cr_assert_eq(fc_diag_line(g), 3);
    cr_assert_eq(fc_diag_col(g), (int)(strstr(rec, "| r") - rec) + 1);
    cr_assert_str_eq(g->field, "premises[0]");
    cr_assert(strstr(fc_diag_message(g), "parentheses"));
    fc_trace_free(t);
    fc_diags_free(d);
    /* a step that does not parse is ill-formed, not an input error */
    rec = "{\"dialect\": \"tptp\", \"premises\": [\"p\"], "
          "\"steps\": [\"p &\"]}";
    d = fc_diags_new();
    t = fc_trace_from_json("r.jsonl", 1, rec, strlen(rec), FC_DIALECT_NATIVE,
                           d);
    cr_assert_not_null(t);
    cr_assert(fc_trace_checkable(t));
    cr_assert(strstr(fc_diag_message(fct_find_code(d, FC_E_SYNTAX)),
                     "the end of the formula"));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(tptp, recovers_after_a_bad_formula)
{
    /* every bad formula is reported, not only the first */
    const char *text = "fof(a, axiom, p &).\nfof(b, axiom, q).\n"
                       "fof(c, axiom, r |).\n";
    fc_diags *d = fc_diags_new();
    fc_trace *t = fc_trace_parse("bad.p", text, strlen(text), FC_DIALECT_TPTP,
                                 d);
    cr_assert_eq(fc_diags_errors(d), 2);
    cr_assert_eq(fc_diag_line(fc_diags_get(d, 0)), 1);
    cr_assert_eq(fc_diag_line(fc_diags_get(d, 1)), 3);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- derivations and obligations ---------------------------------------- */

Test(tptp, a_derivation_reads_its_inferences_with_their_parents)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = read_tptp(
        "d.p",
        "fof(a1, axiom, p(a), file('x.p', a1)).\n"
        "fof(g, conjecture, q(a)).\n"
        "fof(n, negated_conjecture, ~q(a), inference(simp, [status(thm)],"
        " [inference(assume_negation, [status(cth)], [g]), a1])).\n"
        "cnf(f, plain, $false, inference(sr, [], [n, a1]), ['proof']).\n",
        d);
    cr_assert_not_null(t);
    cr_assert_eq(fc_diags_errors(d), 0);
    cr_assert(t->derivation);
    const fc_stmt *n = &t->stmts.data[2], *f = &t->stmts.data[3];
    cr_assert_eq(n->kind, FC_ST_STEP);
    cr_assert_str_eq(n->inference->rule, "simp");
    cr_assert_str_eq(n->inference->status, "thm");
    /* the nested assume_negation cites g; simp itself cites a1 */
    cr_assert_eq(n->inference->nested.len, 1);
    cr_assert_str_eq(n->inference->nested.data[0]->status, "cth");
    cr_assert_eq(n->by.len, 2);
    cr_assert_eq(n->by.data[n->inference->nested.data[0]->cites.data[0]]
                     .target, 1);
    cr_assert_eq(n->by.data[n->inference->cites.data[0]].target, 0);
    /* no status given: thm, the strongest claim */
    cr_assert_str_eq(f->inference->status, "thm");
    cr_assert_eq(t->stmts.data[1].kind, FC_ST_CONCLUDE);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(tptp, a_problem_without_inferences_is_no_derivation)
{
    fct_run x = check_tptp_named("t.p", "fof(a, axiom, p(a)).\n"
                                        "fof(b, plain, p(a) | q(a)).\n");
    cr_assert_not(x.t->derivation);
    cr_assert_not(x.r->derivation);
    fct_done(&x);
}

/* A check that keeps its obligations writes each as TPTP and SMT-LIB. */
Test(tptp, obligations_are_written_for_other_provers)
{
    fc_check_options o;
    fc_check_options_init(&o);
    o.keep_obligations = true;
    fc_diags *d = fc_diags_new();
    fc_trace *t = read_tptp(
        "d.p",
        "fof(a1, axiom, ![X]: ?[Y]: r(X, Y)).\n"
        "fof(s1, plain, ![X]: r(X, sk(X)),"
        " inference(skolemize, [status(esa)], [a1])).\n",
        d);
    fc_checker *c = fc_checker_new(&o);
    fc_result *r = fc_checker_run(c, t);
    cr_assert_eq(fc_result_obligation_count(r), 1);
    char *name = NULL;
    const char *why = NULL;
    char *p = fc_result_obligation_problem(r, 0, "tptp", &name, &why);
    cr_assert_not_null(p, "%s", why ? why : "");
    cr_assert_str_eq(name, "s1-parents");
    /* the Skolem term is an existential right after X */
    cr_assert(strstr(p, "fof(given_1, axiom, (! [V") != NULL, "%s", p);
    cr_assert(strstr(p, "fof(goal, conjecture, (! [V") != NULL, "%s", p);
    cr_assert(strstr(p, "_X] : (? [V_sk_211] : r(V") != NULL, "%s", p);
    cr_assert(strstr(p, "_X,V_sk_211)))).") != NULL, "%s", p);
    free(p);
    free(name);
    p = fc_result_obligation_problem(r, 0, "smtlib", NULL, &why);
    cr_assert(strstr(p, "(set-info :status unsat)") && strstr(p,
              "(check-sat)"), "%s", p);
    free(p);
    cr_assert_null(fc_result_obligation_problem(r, 0, "dimacs", NULL, &why));
    cr_assert_null(fc_result_obligation_problem(r, 5, "tptp", NULL, &why));
    fc_result_free(r);
    fc_checker_free(c);
    fc_trace_free(t);
    fc_diags_free(d);
}
