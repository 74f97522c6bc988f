/* Parser: precedence, quantifier scope, chains, spellings, binders,
 * statement separators, comments, error codes and positions, limits. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"
#include "lang/trace.h"
#include "helpers.h"

/* ---- helpers ------------------------------------------------------------ */

static fc_trace *parse_d(const char *text, fc_dialect d, fc_diags *diags)
{
    return fct_parse_in(text, d, diags);
}

static fc_trace *parse(const char *text, fc_diags *diags)
{
    return parse_d(text, FC_DIALECT_NATIVE, diags);
}

static fc_stmt *stmt(fc_trace *t, size_t i)
{
    cr_assert_lt(i, t->stmts.len, "statement %zu of %zu", i, t->stmts.len);
    return &t->stmts.data[i];
}

static fc_node *formula(fc_trace *t, size_t i)
{
    fc_stmt *s = stmt(t, i);
    cr_assert_not(s->broken, "statement %zu is broken: %s", i,
                  s->error_msg ? s->error_msg : "?");
    cr_assert_not_null(s->formula);
    return s->formula;
}

static fc_sym *sym(fc_ast *a, const char *n)
{
    return fc_intern(a, n, strlen(n));
}
static fc_node *C(fc_ast *a, const char *n)
{
    return fc_mk_const(a, sym(a, n));
}
static fc_node *V(fc_ast *a, const char *n)
{
    return fc_mk_var(a, sym(a, n), 0, 0);
}
static fc_node *N(fc_ast *a, const char *n)
{
    return fc_mk_num(a, n, strlen(n));
}
static fc_node *app1(fc_ast *a, const char *f, fc_node *x)
{
    return fc_mk_app(a, sym(a, f), &x, 1);
}
static fc_node *app2(fc_ast *a, const char *f, fc_node *x, fc_node *y)
{
    fc_node *args[2] = {x, y};
    return fc_mk_app(a, sym(a, f), args, 2);
}
static fc_node *all(fc_ast *a, const char *v, fc_node *body)
{
    return fc_mk_quant(a, FC_FORALL, sym(a, v), 0, 0, body);
}
static fc_node *ex(fc_ast *a, const char *v, fc_node *body)
{
    return fc_mk_quant(a, FC_EXISTS, sym(a, v), 0, 0, body);
}

#define ASSERT_NODE(a, got, want)                                              \
    do {                                                                       \
        /* binders are tagged by sort inference: compare as written */      \
        fc_node *g_ = fc_untag_binders((a), (got)), *w_ = (want);             \
        if (g_ != w_) {                                                        \
            char *gs = fc_node_str((a), g_), *ws = fc_node_str((a), w_);       \
            cr_assert_fail("parsed `%s`, expected `%s`", gs, ws);              \
        }                                                                      \
    } while (0)

/* The first error diagnostic, or fails. */
static const fc_diag *first_error(const fc_diags *d)
{
    for (size_t i = 0; i < fc_diags_count(d); i++)
        if (fc_diag_severity(fc_diags_get(d, i)) == FC_SEV_ERROR)
            return fc_diags_get(d, i);
    cr_assert_fail("no error diagnostic");
    return NULL;
}

/* ---- precedence --------------------------------------------------------- */

Test(parse, not_binds_tighter_than_and)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: ¬A ∧ B\n", d);
    fc_ast *a = t->ast;
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_AND, fc_mk1(a, FC_NOT, C(a, "A")), C(a, "B")));
    cr_assert_eq(fc_diags_count(d), 0);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, and_binds_tighter_than_or_and_xor)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A ∨ B ∧ C\n"
                        "premise: A ∧ B ∨ C\n"
                        "premise: A ⊕ B ∧ C\n",
                        d);
    fc_ast *a = t->ast;
    fc_node *A = C(a, "A"), *B = C(a, "B"), *Cc = C(a, "C");
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_OR, A, fc_mk2(a, FC_AND, B, Cc)));
    ASSERT_NODE(a, formula(t, 1),
                fc_mk2(a, FC_OR, fc_mk2(a, FC_AND, A, B), Cc));
    ASSERT_NODE(a, formula(t, 2),
                fc_mk2(a, FC_XOR, A, fc_mk2(a, FC_AND, B, Cc)));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, or_and_xor_share_a_level)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A ⊕ B ∨ C\npremise: A ∨ B ⊕ C\n", d);
    fc_ast *a = t->ast;
    fc_node *A = C(a, "A"), *B = C(a, "B"), *Cc = C(a, "C");
    /* same level, grouped left to right */
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_OR, fc_mk2(a, FC_XOR, A, B), Cc));
    ASSERT_NODE(a, formula(t, 1),
                fc_mk2(a, FC_XOR, fc_mk2(a, FC_OR, A, B), Cc));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, implication_is_right_associative_and_below_or)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A → B → C\npremise: A ∨ B → C ∧ D\n", d);
    fc_ast *a = t->ast;
    fc_node *A = C(a, "A"), *B = C(a, "B"), *Cc = C(a, "C"), *D = C(a, "D");
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_IMPLIES, A, fc_mk2(a, FC_IMPLIES, B, Cc)));
    ASSERT_NODE(a, formula(t, 1),
                fc_mk2(a, FC_IMPLIES, fc_mk2(a, FC_OR, A, B),
                       fc_mk2(a, FC_AND, Cc, D)));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, iff_binds_loosest)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A → B ↔ C → D\n"
                        "premise: ¬A ∧ B ∨ C → D → E ↔ F\n",
                        d);
    fc_ast *a = t->ast;
    fc_node *A = C(a, "A"), *B = C(a, "B"), *Cc = C(a, "C"), *D = C(a, "D");
    fc_node *E = C(a, "E"), *F = C(a, "F");
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_IFF, fc_mk2(a, FC_IMPLIES, A, B),
                       fc_mk2(a, FC_IMPLIES, Cc, D)));
    fc_node *lhs =
        fc_mk2(a, FC_OR, fc_mk2(a, FC_AND, fc_mk1(a, FC_NOT, A), B), Cc);
    ASSERT_NODE(a, formula(t, 1),
                fc_mk2(a, FC_IFF,
                       fc_mk2(a, FC_IMPLIES, lhs, fc_mk2(a, FC_IMPLIES, D, E)),
                       F));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, arithmetic_precedence_and_unary_minus)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: a + b * c = a - b / 2\n"
                        "premise: -a * b = -3\n",
                        d);
    fc_ast *a = t->ast;
    fc_node *x = C(a, "a"), *y = C(a, "b"), *z = C(a, "c");
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_EQ, fc_mk2(a, FC_ADD, x, fc_mk2(a, FC_MUL, y, z)),
                       fc_mk2(a, FC_SUB, x, fc_mk2(a, FC_DIV, y, N(a, "2")))));
    /* unary minus binds tighter than *, and -3 stays a numeral */
    ASSERT_NODE(a, formula(t, 1),
                fc_mk2(a, FC_EQ, fc_mk2(a, FC_MUL, fc_mk1(a, FC_NEG, x), y),
                       N(a, "-3")));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, numerals_are_normalized_when_read)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: x = 2.50\npremise: x = 2.5\n"
                        "premise: x = 007\npremise: x = 7\n",
                        d);
    cr_assert_eq(formula(t, 0), formula(t, 1));
    cr_assert_eq(formula(t, 2), formula(t, 3));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- quantifiers -------------------------------------------------------- */

Test(parse, quantifier_scope_extends_as_far_right_as_possible)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: ∀x P(x) ∧ Q(x)\n"
                        "premise: ∀x P(x) → ∃y R(x, y) ∨ S(y)\n"
                        "premise: A ∧ ∀x P(x) ∨ Q(x)\n"
                        "premise: (∀x P(x)) ∧ Q(c)\n",
                        d);
    fc_ast *a = t->ast;
    fc_node *x = V(a, "x"), *y = V(a, "y");
    fc_node *Px = app1(a, "P", x), *Qx = app1(a, "Q", x);
    ASSERT_NODE(a, formula(t, 0), all(a, "x", fc_mk2(a, FC_AND, Px, Qx)));
    ASSERT_NODE(
        a, formula(t, 1),
        all(a, "x",
            fc_mk2(a, FC_IMPLIES, Px,
                   ex(a, "y",
                      fc_mk2(a, FC_OR, app2(a, "R", x, y), app1(a, "S", y))))));
    ASSERT_NODE(
        a, formula(t, 2),
        fc_mk2(a, FC_AND, C(a, "A"), all(a, "x", fc_mk2(a, FC_OR, Px, Qx))));
    ASSERT_NODE(a, formula(t, 3),
                fc_mk2(a, FC_AND, all(a, "x", Px), app1(a, "Q", C(a, "c"))));
    cr_assert(formula(t, 0)->closed);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, binder_spellings_give_one_node)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: ∀x ∀y R(x, y)\n"
                        "premise: ∀x,y R(x, y)\n"
                        "premise: ∀x, y R(x, y)\n"
                        "premise: ∀x. ∀y. R(x, y)\n"
                        "premise: forall x y. R(x, y)\n"
                        "premise: ! [x,y] : R(x, y)\n"
                        "premise: ![x, y]: R(x, y)\n",
                        d);
    fc_ast *a = t->ast;
    fc_node *want =
        all(a, "x", all(a, "y", app2(a, "R", V(a, "x"), V(a, "y"))));
    for (size_t i = 0; i < 7; i++)
        ASSERT_NODE(a, formula(t, i), want);
    cr_assert_eq(fc_diags_count(d), 0);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, existential_spellings_give_one_node)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: ∃x P(x)\n"
                        "premise: ∃x. P(x)\n"
                        "premise: exists x. P(x)\n"
                        "premise: ? [x] : P(x)\n",
                        d);
    fc_ast *a = t->ast;
    fc_node *want = ex(a, "x", app1(a, "P", V(a, "x")));
    for (size_t i = 0; i < 4; i++)
        ASSERT_NODE(a, formula(t, i), want);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, tptp_binders_with_uppercase_variables)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: ! [X,Y] : (R(X,Y) => ? [Z] : R(Y,Z))\n", d);
    fc_ast *a = t->ast;
    fc_node *X = V(a, "X"), *Y = V(a, "Y"), *Z = V(a, "Z");
    ASSERT_NODE(a, formula(t, 0),
                all(a, "X",
                    all(a, "Y",
                        fc_mk2(a, FC_IMPLIES, app2(a, "R", X, Y),
                               ex(a, "Z", app2(a, "R", Y, Z))))));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, sorted_binders_carry_their_sort)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person\n"
                        "premise: ∀x:Person Likes(x, x)\n"
                        "premise: ! [X:Person] : Likes(X, X)\n"
                        "premise: ∀x: Likes(x, x)\n",
                        d);
    fc_ast *a = t->ast;
    uint32_t person = fc_sort_lookup(a, "Person");
    cr_assert_geq(person, FC_SORT_FIRST_USER);
    fc_node *f = formula(t, 1);
    cr_assert_eq(f->kind, FC_FORALL);
    cr_assert_eq(f->annot, person);
    fc_node *x = fc_mk_var(a, sym(a, "x"), person, 0);
    ASSERT_NODE(
        a, f,
        fc_mk_quant(a, FC_FORALL, sym(a, "x"), person, 0, app2(a, "Likes", x, x)));
    fc_node *g = formula(t, 2);
    cr_assert_eq(g->kind, FC_FORALL);
    cr_assert_eq(g->annot, person);
    /* `∀x: body`: a colon not followed by a sort separates the body */
    fc_node *h = formula(t, 3);
    ASSERT_NODE(a, h, all(a, "x", app2(a, "Likes", V(a, "x"), V(a, "x"))));
    cr_assert_eq(fc_diags_errors(d), 0);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, binder_with_unknown_sort_is_an_error)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: ! [X:Robot] : P(X)\n", d);
    const fc_diag *g = first_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_UNKNOWN_SORT);
    cr_assert(stmt(t, 0)->broken);
    cr_assert_not(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, a_declared_constant_may_share_a_variable_name)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("const x: Object\npremise: P(x) ∧ ∃x Q(x)\n", d);
    fc_ast *a = t->ast;
    /* the binder shadows the constant only inside its scope */
    ASSERT_NODE(a, formula(t, 1),
                fc_mk2(a, FC_AND, app1(a, "P", C(a, "x")),
                       ex(a, "x", app1(a, "Q", V(a, "x")))));
    cr_assert_eq(fc_diags_errors(d), 0);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- chains ------------------------------------------------------------- */

Test(parse, chained_comparisons_are_conjunctions)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: a = b = c\n"
                        "premise: 0 < x <= 5\n"
                        "premise: a = b ∧ b = c\n"
                        "premise: 1 ≤ y < z ≠ 4\n",
                        d);
    fc_ast *a = t->ast;
    fc_node *ea = C(a, "a"), *eb = C(a, "b"), *ec = C(a, "c");
    fc_node *abc =
        fc_mk2(a, FC_AND, fc_mk2(a, FC_EQ, ea, eb), fc_mk2(a, FC_EQ, eb, ec));
    ASSERT_NODE(a, formula(t, 0), abc);
    cr_assert_eq(formula(t, 0), formula(t, 2));
    fc_node *x = C(a, "x");
    ASSERT_NODE(a, formula(t, 1),
                fc_mk2(a, FC_AND, fc_mk2(a, FC_LT, N(a, "0"), x),
                       fc_mk2(a, FC_LE, x, N(a, "5"))));
    fc_node *y = C(a, "y"), *z = C(a, "z");
    fc_node *three[3] = {fc_mk2(a, FC_LE, N(a, "1"), y), fc_mk2(a, FC_LT, y, z),
                         fc_mk2(a, FC_NE, z, N(a, "4"))};
    ASSERT_NODE(a, formula(t, 3), fc_mk(a, FC_AND, three, 3));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, chain_links_share_the_middle_term)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("step: total = 48 + 24 = 72\n", d);
    fc_ast *a = t->ast;
    fc_node *sum = fc_mk2(a, FC_ADD, N(a, "48"), N(a, "24"));
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_AND, fc_mk2(a, FC_EQ, C(a, "total"), sum),
                       fc_mk2(a, FC_EQ, sum, N(a, "72"))));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- spellings ---------------------------------------------------------- */

/* Parses `premise: <pattern with each spelling>` lines and checks that every
 * one gives the node of the first. */
static void same_node_for(const char *const *spellings, const char *fmt)
{
    fc_buf b = {0};
    size_t n = 0;
    for (; spellings[n]; n++) {
        fc_buf_puts(&b, "premise: ");
        fc_buf_printf(&b, fmt, spellings[n]);
        fc_buf_putc(&b, '\n');
    }
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse(b.data, d);
    cr_assert_not_null(t);
    cr_assert_eq(t->stmts.len, n, "%s", b.data);
    fc_node *first = formula(t, 0);
    for (size_t i = 1; i < n; i++) {
        fc_node *f = formula(t, i);
        if (f != first) {
            char *x = fc_node_str(t->ast, f), *y = fc_node_str(t->ast, first);
            cr_assert_fail("spelling '%s' gives `%s`, '%s' gives `%s`",
                           spellings[i], x, spellings[0], y);
        }
    }
    cr_assert_eq(fc_diags_count(d), 0, "%s", b.data);
    fc_trace_free(t);
    fc_diags_free(d);
    fc_buf_free(&b);
}

Test(parse, every_spelling_of_not)
{
    static const char *const s[] = {"¬", "~", "!", "not ", NULL};
    same_node_for(s, "%sA");
}

Test(parse, every_spelling_of_and)
{
    static const char *const s[] = {"∧", "&", "&&", "/\\", "and", NULL};
    same_node_for(s, "A %s B");
}

Test(parse, every_spelling_of_or)
{
    static const char *const s[] = {"∨", "|", "||", "\\/", "or", NULL};
    same_node_for(s, "A %s B");
}

Test(parse, every_spelling_of_xor)
{
    static const char *const s[] = {"⊕", "xor", NULL};
    same_node_for(s, "A %s B");
}

Test(parse, every_spelling_of_implies)
{
    static const char *const s[] = {"→", "->", "=>", "implies", NULL};
    same_node_for(s, "A %s B");
}

Test(parse, every_spelling_of_iff)
{
    static const char *const s[] = {"↔", "⟷", "<->", "<=>", "iff", NULL};
    same_node_for(s, "A %s B");
}

Test(parse, every_spelling_of_true_and_false)
{
    static const char *const t[] = {"⊤", "true", "$true", NULL};
    same_node_for(t, "A ∨ %s");
    static const char *const f[] = {"⊥", "false", "$false", NULL};
    same_node_for(f, "A ∧ %s");
}

Test(parse, every_spelling_of_comparisons)
{
    static const char *const ne[] = {"≠", "!=", NULL};
    same_node_for(ne, "x %s 1");
    static const char *const le[] = {"≤", "<=", NULL};
    same_node_for(le, "x %s 1");
    static const char *const ge[] = {"≥", ">=", NULL};
    same_node_for(ge, "x %s 1");
}

Test(parse, every_spelling_of_forall)
{
    static const char *const s[] = {"∀x P(x)", "∀x. P(x)", "forall x. P(x)",
                                    "! [x] : P(x)", NULL};
    same_node_for(s, "%s");
}

Test(parse, ascii_and_unicode_trace_are_identical)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: ∀x (Dog(x) ∧ ¬Cat(x) → Animal(x) ∨ ⊥)\n"
                        "premise: forall x. (Dog(x) & ~Cat(x) -> Animal(x) | "
                        "false)\n"
                        "premise: ! [x] : (Dog(x) /\\ not Cat(x) => Animal(x) "
                        "\\/ $false)\n",
                        d);
    cr_assert_eq(formula(t, 0), formula(t, 1));
    cr_assert_eq(formula(t, 0), formula(t, 2));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- statements, separators, comments ----------------------------------- */

Test(parse, semicolons_separate_statements)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A; premise: B;step: A ∧ B\n", d);
    cr_assert_eq(t->stmts.len, 3);
    fc_ast *a = t->ast;
    ASSERT_NODE(a, formula(t, 0), C(a, "A"));
    ASSERT_NODE(a, formula(t, 1), C(a, "B"));
    ASSERT_NODE(a, formula(t, 2), fc_mk2(a, FC_AND, C(a, "A"), C(a, "B")));
    cr_assert_eq(stmt(t, 2)->kind, FC_ST_STEP);
    cr_assert_eq(stmt(t, 1)->line, 1);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, newlines_inside_parentheses_continue_the_statement)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: (A ∧\n"
                        "   B) ∨\n"
                        "premise: C\n",
                        d);
    /* `∨` at the end of line 2 is outside parentheses: that statement ends
     * too soon, and the next one still parses */
    cr_assert_eq(t->stmts.len, 2);
    cr_assert(stmt(t, 0)->broken);
    cr_assert_eq(fc_diag_line(first_error(d)), 2);
    ASSERT_NODE(t->ast, formula(t, 1), C(t->ast, "C"));
    cr_assert_eq(stmt(t, 1)->line, 3);
    fc_trace_free(t);
    fc_diags_free(d);

    d = fc_diags_new();
    t = parse("premise: P(a,\n  b) ∧ (Q(a)\n  ∨ Q(b))\nstep: Q(b)\n", d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(t->stmts.len, 2);
    fc_ast *a = t->ast;
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_AND, app2(a, "P", C(a, "a"), C(a, "b")),
                       fc_mk2(a, FC_OR, app1(a, "Q", C(a, "a")),
                              app1(a, "Q", C(a, "b")))));
    cr_assert_eq(stmt(t, 0)->line, 1);
    cr_assert_eq(stmt(t, 1)->line, 4);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, comments_run_to_the_end_of_the_line)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("% a comment line\n"
                        "// another\n"
                        "premise: A % ∧ B\n"
                        "\n"
                        "premise: B // ∨ C )( #\n"
                        "premise: (A ∧ % inside parentheses\n"
                        "  B)\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(t->stmts.len, 3);
    fc_ast *a = t->ast;
    ASSERT_NODE(a, formula(t, 0), C(a, "A"));
    ASSERT_NODE(a, formula(t, 1), C(a, "B"));
    ASSERT_NODE(a, formula(t, 2), fc_mk2(a, FC_AND, C(a, "A"), C(a, "B")));
    cr_assert_eq(stmt(t, 0)->line, 3);
    cr_assert_eq(stmt(t, 1)->line, 5);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, statement_kinds_labels_and_citations)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise h1: A\n"
                        "premise: A → B\n"
                        "step mid: B by h1, p2\n"
                        "define total := a + b\n"
                        "conclude goal: B\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(t->stmts.len, 5);
    cr_assert_str_eq(stmt(t, 0)->label, "h1");
    cr_assert(stmt(t, 0)->label_given);
    cr_assert_eq(stmt(t, 2)->kind, FC_ST_STEP);
    cr_assert(stmt(t, 2)->has_by);
    cr_assert_eq(stmt(t, 2)->by.len, 2);
    cr_assert_str_eq(stmt(t, 2)->by.data[0].label->name, "h1");
    cr_assert_eq(stmt(t, 2)->by.data[0].target, 0);
    cr_assert_eq(stmt(t, 2)->by.data[1].target, 1);
    fc_stmt *def = stmt(t, 3);
    cr_assert_eq(def->kind, FC_ST_DEFINE);
    fc_ast *a = t->ast;
    ASSERT_NODE(a, def->def_name, C(a, "total"));
    ASSERT_NODE(a, def->def_term, fc_mk2(a, FC_ADD, C(a, "a"), C(a, "b")));
    ASSERT_NODE(a, def->formula,
                fc_mk2(a, FC_EQ, def->def_name, def->def_term));
    cr_assert_eq(stmt(t, 4)->kind, FC_ST_CONCLUDE);
    cr_assert_str_eq(stmt(t, 4)->label, "goal");
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, declarations)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("sort Person, City\n"
                        "const bonnie, clyde: Person\n"
                        "pred Likes(Person, Person)\n"
                        "fun age(Person): Real\n"
                        "pred Raining\n",
                        d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(t->stmts.len, 5);
    cr_assert_eq(stmt(t, 0)->kind, FC_ST_SORT);
    cr_assert_eq(stmt(t, 0)->names.len, 2);
    cr_assert_neq(fc_sort_lookup(t->ast, "City"), FC_SORT_NONE);
    cr_assert_eq(stmt(t, 1)->names.len, 2);
    cr_assert_str_eq(stmt(t, 1)->result_sort->name, "Person");
    fc_stmt *likes = stmt(t, 2);
    cr_assert_eq(likes->kind, FC_ST_PRED);
    cr_assert_str_eq(likes->names.data[0]->name, "Likes");
    cr_assert_eq(likes->arg_sorts.len, 2);
    fc_stmt *age = stmt(t, 3);
    cr_assert_str_eq(age->names.data[0]->name, "age");
    cr_assert_eq(age->arg_sorts.len, 1);
    cr_assert_str_eq(age->result_sort->name, "Real");
    cr_assert_eq(stmt(t, 4)->arg_sorts.len, 0);
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- folio identifiers -------------------------------------------------- */

Test(parse, folio_identifiers_may_contain_punctuation)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse_d("premise: Released(l-2021)\n"
                          "premise: Language(c++)\n"
                          "premise: Revenue(y42.3billion)\n"
                          "premise: Owns(bob’s-car)\n",
                          FC_DIALECT_FOLIO, d);
    cr_assert_eq(fc_diags_count(d), 0);
    fc_ast *a = t->ast;
    ASSERT_NODE(a, formula(t, 0), app1(a, "Released", C(a, "l-2021")));
    ASSERT_NODE(a, formula(t, 1), app1(a, "Language", C(a, "c++")));
    ASSERT_NODE(a, formula(t, 2), app1(a, "Revenue", C(a, "y42.3billion")));
    ASSERT_NODE(a, formula(t, 3), app1(a, "Owns", C(a, "bob’s-car")));
    fc_trace_free(t);
    fc_diags_free(d);

    /* in the native dialect `l-2021` is a subtraction */
    d = fc_diags_new();
    t = parse("premise: x = l-2021\n", d);
    a = t->ast;
    ASSERT_NODE(a, formula(t, 0),
                fc_mk2(a, FC_EQ, C(a, "x"),
                       fc_mk2(a, FC_SUB, C(a, "l"), N(a, "2021"))));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, folio_quantifier_takes_one_variable)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t =
        parse_d("premise: ∀x ∃y (Dog(x) → Owner(y, x))\n", FC_DIALECT_FOLIO, d);
    fc_ast *a = t->ast;
    fc_node *x = V(a, "x"), *y = V(a, "y");
    ASSERT_NODE(a, formula(t, 0),
                all(a, "x",
                    ex(a, "y",
                       fc_mk2(a, FC_IMPLIES, app1(a, "Dog", x),
                              app2(a, "Owner", y, x)))));
    fc_trace_free(t);
    fc_diags_free(d);
}

/* ---- formula mode (JSON strings) ---------------------------------------- */

Test(parse, formula_mode_reads_one_formula)
{
    fc_ast *a = fc_ast_new();
    fc_diags *d = fc_diags_new();
    const char *f = "∀x (Dog(x) →\n Animal(x))";
    fc_node *n = fc_parse_formula(a, d, FC_DIALECT_NATIVE, "r.jsonl", 3, NULL,
                                  0, -1, "premises[0]", f, strlen(f));
    cr_assert_not_null(n);
    fc_node *x = V(a, "x");
    ASSERT_NODE(
        a, n,
        all(a, "x",
            fc_mk2(a, FC_IMPLIES, app1(a, "Dog", x), app1(a, "Animal", x))));
    cr_assert_eq(fc_diags_count(d), 0);

    /* keywords mean nothing inside a formula string, `by` neither */
    const char *g = "premise ∧ step";
    n = fc_parse_formula(a, d, FC_DIALECT_NATIVE, "r.jsonl", 3, NULL, 0, -1,
                         "steps[0]", g, strlen(g));
    cr_assert_not_null(n);
    ASSERT_NODE(a, n, fc_mk2(a, FC_AND, C(a, "premise"), C(a, "step")));
    fc_diags_free(d);
    fc_ast_free(a);
}

Test(parse, formula_mode_errors_name_the_field_and_column)
{
    fc_ast *a = fc_ast_new();
    fc_diags *d = fc_diags_new();
    const char *f = "Dog(rex) ∧ ∧ Cat(tom)";
    fc_node *n = fc_parse_formula(a, d, FC_DIALECT_NATIVE, "r.jsonl", 7, NULL,
                                  0, -1, "steps[1]", f, strlen(f));
    cr_assert_null(n);
    const fc_diag *g = first_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_SYNTAX);
    cr_assert_eq(fc_diag_line(g), 7);
    cr_assert_str_eq(g->field, "steps[1]");
    /* the second ∧ is the 12th display column of the formula */
    cr_assert_eq(g->fcol, 12);

    fc_diags_clear(d);
    n = fc_parse_formula(a, d, FC_DIALECT_NATIVE, "r.jsonl", 1, NULL, 0, -1,
                         "conclusion", "  ", 2);
    cr_assert_null(n);
    cr_assert_eq(fc_diag_code(first_error(d)), FC_E_SYNTAX);
    fc_diags_free(d);
    fc_ast_free(a);
}

/* ---- malformed input: codes and positions ------------------------------- */

typedef struct bad_case {
    const char *text;
    fc_code code;
    int line, col;
} bad_case;

static void check_bad(const bad_case *c)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse(c->text, d);
    const fc_diag *g = first_error(d);
    cr_expect_eq(fc_diag_code(g), c->code, "%s: got %s, want %s", c->text,
                 fc_code_name(fc_diag_code(g)), fc_code_name(c->code));
    cr_expect_eq(fc_diag_line(g), c->line, "%s: line %d, want %d", c->text,
                 fc_diag_line(g), c->line);
    cr_expect_eq(fc_diag_col(g), c->col, "%s: col %d, want %d", c->text,
                 fc_diag_col(g), c->col);
    cr_expect_not_null(t, "%s", c->text);
    if (t) {
        cr_expect(t->stmts.len >= 1 && t->stmts.data[0].broken, "%s", c->text);
        cr_expect_not(fc_trace_checkable(t), "%s", c->text);
        cr_expect_eq(t->stmts.data[0].error_code, c->code, "%s", c->text);
    }
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, malformed_statements_get_codes_and_positions)
{
    static const bad_case cases[] = {
        {"premise: (A ∧ B\n", FC_E_UNBALANCED_PAREN, 1, 10},
        {"premise: A ∧ B)\n", FC_E_UNBALANCED_PAREN, 1, 15},
        {"premise: A ∧\n", FC_E_SYNTAX, 1, 13},
        {"premise: A ∧ ∧ B\n", FC_E_SYNTAX, 1, 14},
        {"premise: ∀x\n", FC_E_DANGLING_QUANTIFIER, 1, 12},
        {"premise: A ∨ ∀\n", FC_E_DANGLING_QUANTIFIER, 1, 14},
        {"premise: P(a,)\n", FC_E_TRAILING_COMMA, 1, 14},
        {"premies: A\n", FC_E_UNKNOWN_KEYWORD, 1, 1},
        {"premise: A # B\n", FC_E_BAD_CHAR, 1, 12},
        {"premise: ¬¬A ∧ # B\n", FC_E_BAD_CHAR, 1, 16},
        {"premise: A \xff B\n", FC_E_BAD_UTF8, 1, 12},
        {"premise: A ∧ \xe2\x88 B\n", FC_E_BAD_UTF8, 1, 14},
        {"premise: A ∧ ☃\n", FC_E_BAD_CHAR, 1, 14},
        {"% header\n\npremise: ((A)\n", FC_E_UNBALANCED_PAREN, 3, 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_bad(&cases[i]);
}

Test(parse, errors_on_later_lines_count_lines_and_utf8_columns)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A\n"
                        "premise: ∀x (P(x) → Q(x))\n"
                        "step: ¬B ∧ ∧ C\n",
                        d);
    const fc_diag *g = first_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_SYNTAX);
    cr_assert_eq(fc_diag_line(g), 3);
    /* s t e p : _ ¬ B _ ∧ _ ∧: the second ∧ is column 12 */
    cr_assert_eq(fc_diag_col(g), 12);
    cr_assert_str_eq(g->source, "step: ¬B ∧ ∧ C");
    /* a broken step is a verdict, not an input error */
    cr_assert(stmt(t, 2)->broken);
    cr_assert(fc_trace_checkable(t));
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, parsing_resumes_after_a_broken_statement)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: A ∧\n"
                        "premise: B\n"
                        "step: A ) B\n"
                        "step: B\n",
                        d);
    cr_assert_eq(t->stmts.len, 4);
    cr_assert(stmt(t, 0)->broken);
    ASSERT_NODE(t->ast, formula(t, 1), C(t->ast, "B"));
    cr_assert(stmt(t, 2)->broken);
    cr_assert_eq(stmt(t, 2)->error_code, FC_E_UNBALANCED_PAREN);
    ASSERT_NODE(t->ast, formula(t, 3), C(t->ast, "B"));
    cr_assert_eq(fc_diags_errors(d), 2);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, empty_input_gives_no_trace)
{
    static const char *const empties[] = {"", "\n\n", "% only a comment\n",
                                          "   // nothing\n"};
    for (size_t i = 0; i < 4; i++) {
        fc_diags *d = fc_diags_new();
        fc_trace *t = parse(empties[i], d);
        cr_assert_null(t);
        cr_assert_eq(fc_diags_errors(d), 1);
        cr_assert_eq(fc_diag_code(first_error(d)), FC_E_EMPTY_INPUT);
        fc_diags_free(d);
    }
}

/* ---- limits ------------------------------------------------------------- */

static char *nested_parens(size_t depth, const char *after)
{
    fc_buf b = {0};
    fc_buf_puts(&b, "premise: ");
    for (size_t i = 0; i < depth; i++)
        fc_buf_putc(&b, '(');
    fc_buf_putc(&b, 'A');
    for (size_t i = 0; i < depth; i++)
        fc_buf_putc(&b, ')');
    fc_buf_puts(&b, "\n");
    fc_buf_puts(&b, after);
    return fc_buf_take(&b);
}

Test(parse, nesting_up_to_the_limit_is_fine)
{
    char *text = nested_parens(FC_MAX_DEPTH - 1, "");
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse(text, d);
    cr_assert_eq(fc_diags_count(d), 0);
    ASSERT_NODE(t->ast, formula(t, 0), C(t->ast, "A"));
    fc_trace_free(t);
    fc_diags_free(d);
    free(text);
}

Test(parse, nesting_past_the_limit_is_too_deep)
{
    static const size_t depths[] = {FC_MAX_DEPTH + 1, 100000};
    for (size_t i = 0; i < 2; i++) {
        char *text = nested_parens(depths[i], "premise: B\n");
        fc_diags *d = fc_diags_new();
        fc_trace *t = parse(text, d);
        const fc_diag *g = first_error(d);
        cr_assert_eq(fc_diag_code(g), FC_E_TOO_DEEP);
        cr_assert_eq(fc_diag_line(g), 1);
        cr_assert(strstr(fc_diag_message(g), "FC_MAX_DEPTH"),
                  "the limit is named: %s", fc_diag_message(g));
        cr_assert(stmt(t, 0)->broken);
        /* the next statement is still read */
        cr_assert_eq(t->stmts.len, 2);
        ASSERT_NODE(t->ast, formula(t, 1), C(t->ast, "B"));
        fc_trace_free(t);
        fc_diags_free(d);
        free(text);
    }
}

Test(parse, deep_operator_chains_are_too_deep)
{
    static const size_t depths[] = {2 * FC_MAX_DEPTH, 100000};
    for (size_t i = 0; i < 2; i++) {
        fc_buf b = {0};
        fc_buf_puts(&b, "premise: ");
        for (size_t k = 0; k < depths[i]; k++)
            fc_buf_puts(&b, "¬");
        fc_buf_puts(&b, "A\npremise: B\n");
        fc_diags *d = fc_diags_new();
        fc_trace *t = parse(b.data, d);
        cr_assert_eq(fc_diag_code(first_error(d)), FC_E_TOO_DEEP);
        cr_assert(stmt(t, 0)->broken);
        cr_assert_eq(t->stmts.len, 2);
        ASSERT_NODE(t->ast, formula(t, 1), C(t->ast, "B"));
        fc_trace_free(t);
        fc_diags_free(d);
        fc_buf_free(&b);
    }
}

Test(parse, long_flat_formulas_are_not_deep)
{
    /* 5000 conjuncts: long, but flat n-ary nodes keep it shallow */
    fc_buf b = {0};
    fc_buf_puts(&b, "premise: p0");
    for (int i = 1; i < 5000; i++)
        fc_buf_printf(&b, " ∧ p%d", i);
    fc_buf_puts(&b, "\n");
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse(b.data, d);
    cr_assert_eq(fc_diags_count(d), 0);
    fc_node *f = formula(t, 0);
    cr_assert_eq(f->kind, FC_AND);
    cr_assert_eq(f->nargs, 5000);
    fc_trace_free(t);
    fc_diags_free(d);
    fc_buf_free(&b);
}

Test(parse, formula_mode_depth_limit)
{
    fc_buf b = {0};
    for (int i = 0; i < 100000; i++)
        fc_buf_putc(&b, '(');
    fc_buf_putc(&b, 'A');
    for (int i = 0; i < 100000; i++)
        fc_buf_putc(&b, ')');
    fc_ast *a = fc_ast_new();
    fc_diags *d = fc_diags_new();
    fc_node *n = fc_parse_formula(a, d, FC_DIALECT_NATIVE, "r.jsonl", 1, NULL,
                                  0, -1, "premises[0]", b.data, b.len);
    cr_assert_null(n);
    cr_assert_eq(fc_diag_code(first_error(d)), FC_E_TOO_DEEP);
    fc_diags_free(d);
    fc_ast_free(a);
    fc_buf_free(&b);
}

Test(parse, over_long_statement_is_too_long)
{
    /* an argument list longer than FC_MAX_STATEMENT_BYTES, then a 10 MB
     * identifier: both are cut at the limit, and reading goes on */
    fc_buf b = {0};
    fc_buf_puts(&b, "premise: P(a");
    while (b.len <= FC_MAX_STATEMENT_BYTES + 16)
        fc_buf_puts(&b, ", a");
    fc_buf_puts(&b, ")\npremise: ");
    for (int i = 0; i < 10 * 1000 * 1000; i++)
        fc_buf_putc(&b, 'a');
    fc_buf_puts(&b, "\npremise: B\n");
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse(b.data, d);
    cr_assert_eq(fc_diags_errors(d), 2);
    for (size_t i = 0; i < 2; i++) {
        const fc_diag *g = fc_diags_get(d, i);
        cr_assert_eq(fc_diag_code(g), FC_E_TOO_LONG);
        cr_assert_eq(fc_diag_line(g), (int)i + 1);
        cr_assert(strstr(fc_diag_message(g), "FC_MAX_STATEMENT_BYTES"));
        cr_assert(stmt(t, i)->broken);
    }
    cr_assert_eq(t->stmts.len, 3);
    ASSERT_NODE(t->ast, formula(t, 2), C(t->ast, "B"));
    fc_trace_free(t);
    fc_diags_free(d);
    fc_buf_free(&b);
}

/* ---- regressions -------------------------------------------------------- */

Test(parse, statement_after_an_unclosed_paren_is_kept)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse("premise: (A ∧ B\npremise: C\nstep: C\n", d);
    const fc_diag *g = first_error(d);
    cr_assert_eq(fc_diag_code(g), FC_E_UNBALANCED_PAREN);
    cr_assert_eq(t->stmts.len, 3);
    cr_assert(stmt(t, 0)->broken);
    ASSERT_NODE(t->ast, formula(t, 1), C(t->ast, "C"));
    cr_assert_eq(stmt(t, 1)->kind, FC_ST_PREMISE);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, long_flat_statement_under_the_limit_parses_quickly, .timeout = 60)
{
    /* about 650 KB, under FC_MAX_STATEMENT_BYTES: building the flat
     * conjunction must take linear time and memory (a quadratic one needs
     * tens of GB here) */
    fc_buf b = {0};
    fc_buf_puts(&b, "premise: p0");
    for (int i = 1; i < 60000; i++)
        fc_buf_printf(&b, " ∧ p%d", i);
    fc_buf_puts(&b, "\n");
    fc_diags *d = fc_diags_new();
    fc_trace *t = parse(b.data, d);
    cr_assert_eq(fc_diags_count(d), 0);
    cr_assert_eq(formula(t, 0)->nargs, 60000);
    fc_trace_free(t);
    fc_diags_free(d);
    fc_buf_free(&b);
}

/* ---- math: percents, operators, built-ins, the comment rule ------------- */

static size_t warnings_for(const char *text, fc_dialect dialect, fc_code c)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = fct_parse(text, dialect, d);
    size_t n = fct_count_code(d, c);
    fc_trace_free(t);
    fc_diags_free(d);
    return n;
}

Test(parse, comment_that_reads_like_code_gets_a_warning)
{
    static const char *const code[] = {
        "premise: x = y % 4\n",
        "step: each = cookies // kids = 3\n",
        "premise: x = y % (a + b)\n",
        "premise: x = 20% * y % 3\n",
    };
    for (size_t i = 0; i < sizeof code / sizeof *code; i++)
        cr_assert_eq(warnings_for(code[i], FC_DIALECT_NATIVE,
                                  FC_W_COMMENT_LOOKS_LIKE_CODE),
                     1, "%s", code[i]);
    static const char *const prose[] = {
        "premise: x = y   % a trailing comment\n",
        "premise: x = 20% * y   % comment\n",
        "premise: x = y % a fresh name\n",
        "premise: x = y // the discount\n",
        "% 4 apples, a whole-line comment\npremise: x = 1\n",
        "// x = 5, commented out\npremise: x = 1\n",
    };
    for (size_t i = 0; i < sizeof prose / sizeof *prose; i++)
        cr_assert_eq(warnings_for(prose[i], FC_DIALECT_NATIVE,
                                  FC_W_COMMENT_LOOKS_LIKE_CODE),
                     0, "%s", prose[i]);
}

Test(parse, percent_literal_is_a_numeral_with_its_sign)
{
    fc_trace *t = fct_parse_clean("premise: x = 20% * 150\n");
    const fc_node *f = formula(t, 0);
    cr_assert_eq(f->args[1]->kind, FC_MUL);
    cr_assert_str_eq(f->args[1]->args[0]->num, "20%");
    cr_assert(fc_num_is_percent(f->args[1]->args[0]));
    fc_trace_free(t);
    /* `20%5` is not a percent of anything */
    fc_diags *d = fc_diags_new();
    fc_trace *u = fct_parse("premise: x = 20%5\n", FC_DIALECT_NATIVE, d);
    cr_assert_eq(fc_diags_errors(d), 1);
    fc_trace_free(u);
    fc_diags_free(d);
}

Test(parse, operators_and_builtins_and_their_precedence)
{
    fc_trace *t = fct_parse_clean(
        "premise: a = -2 ^ 2\n"
        "premise: b = 7 mod 2 * 3\n"
        "premise: c = floor(a / b) + min(a, b, 3) + abs(a)\n"
        "premise: d = (2 ** 3) ^ 2\n");
    char *s0 = fc_node_str(t->ast, formula(t, 0));
    char *s1 = fc_node_str(t->ast, formula(t, 1));
    char *s2 = fc_node_str(t->ast, formula(t, 2));
    char *s3 = fc_node_str(t->ast, formula(t, 3));
    cr_assert_eq(formula(t, 0)->args[1]->kind, FC_NEG, "%s", s0);
    cr_assert_eq(formula(t, 1)->args[1]->kind, FC_MUL, "%s", s1);
    cr_assert_str_eq(s2, "c = floor(a / b) + min(a, b, 3) + abs(a)");
    cr_assert_str_eq(s3, "d = (2 ^ 3) ^ 2");
    cr_assert_eq(formula(t, 3)->args[1]->args[0]->kind, FC_POW);
    free(s0);
    free(s1);
    free(s2);
    free(s3);
    fc_trace_free(t);
}

Test(parse, declared_symbol_wins_over_a_builtin_with_a_warning)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = fct_parse("fun floor(Real): Real\n"
                            "premise: x = floor(2.5)\n"
                            "premise: y = ceil(2.5)\n",
                            FC_DIALECT_NATIVE, d);
    cr_assert_eq(fct_count_code(d, FC_W_BUILTIN_SHADOWED), 1);
    cr_assert_eq(formula(t, 1)->args[1]->kind, FC_APP);
    cr_assert_eq(formula(t, 2)->args[1]->kind, FC_CEIL);
    fc_trace_free(t);
    fc_diags_free(d);
}

Test(parse, python_program_is_premises_definitions_and_a_conclusion)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = fct_parse("import math\n"
                            "eggs = 16  # read from the question\n"
                            "boxes = math.ceil(eggs / 5)\n"
                            "left = eggs % 5 + eggs // 5 + 2 ** 3\n"
                            "# conclude: boxes == 4\n",
                            FC_DIALECT_PYTHON, d);
    cr_assert_eq(fc_diags_errors(d), 0);
    cr_assert_eq(t->stmts.len, 4);
    cr_assert_eq(stmt(t, 0)->kind, FC_ST_PREMISE);
    cr_assert_eq(stmt(t, 1)->kind, FC_ST_DEFINE);
    cr_assert_eq(stmt(t, 1)->def_term->kind, FC_CEIL);
    cr_assert_eq(stmt(t, 2)->kind, FC_ST_DEFINE);
    cr_assert_eq(stmt(t, 3)->kind, FC_ST_CONCLUDE);
    char *s = fc_node_str(t->ast, stmt(t, 2)->def_term);
    cr_assert_str_eq(s, "eggs mod 5 + eggs div 5 + 2 ^ 3");
    free(s);
    fc_trace_free(t);
    fc_diags_free(d);
}
