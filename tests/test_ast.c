/* AST: interning, hash-consing, flattening, printing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lang/ast.h"

Test(ast, interning_returns_one_symbol_per_name)
{
    fc_ast *a = fc_ast_new();
    fc_sym *x = fc_intern(a, "Dog", 3);
    fc_sym *y = fc_intern(a, "Dog", 3);
    fc_sym *z = fc_intern(a, "Cat", 3);
    cr_assert_eq(x, y);
    cr_assert_neq(x, z);
    cr_assert_eq(fc_lookup_sym(a, "Cat", 3), z);
    cr_assert_null(fc_lookup_sym(a, "Cow", 3));
    fc_ast_free(a);
}

Test(ast, structurally_equal_nodes_are_one_node)
{
    fc_ast *a = fc_ast_new();
    fc_node *rex = fc_mk_const(a, fc_intern(a, "rex", 3));
    fc_node *d1 = fc_mk_app(a, fc_intern(a, "Dog", 3), &rex, 1);
    fc_node *d2 = fc_mk_app(a, fc_intern(a, "Dog", 3), &rex, 1);
    cr_assert_eq(d1, d2);
    fc_node *n1 = fc_mk1(a, FC_NOT, d1);
    fc_node *n2 = fc_mk1(a, FC_NOT, d2);
    cr_assert_eq(n1, n2);
    cr_assert_neq(n1, d1);
    fc_ast_free(a);
}

Test(ast, conjunctions_flatten_and_stay_shallow)
{
    fc_ast *a = fc_ast_new();
    fc_node *acc = fc_mk_const(a, fc_intern(a, "p0", 2));
    for (int i = 1; i < 5000; i++) {
        char name[16];
        int n = snprintf(name, sizeof name, "p%d", i);
        acc = fc_mk2(a, FC_AND, acc, fc_mk_const(a, fc_intern(a, name, n)));
    }
    cr_assert_eq(acc->kind, FC_AND);
    cr_assert_eq(acc->nargs, 5000);
    cr_assert_eq(acc->depth, 2);
    fc_ast_free(a);
}

Test(ast, numerals_are_normalized)
{
    fc_ast *a = fc_ast_new();
    cr_assert_eq(fc_mk_num(a, "007", 3), fc_mk_num(a, "7", 1));
    cr_assert_eq(fc_mk_num(a, "2.50", 4), fc_mk_num(a, "2.5", 3));
    cr_assert_eq(fc_mk_num(a, "3.0", 3), fc_mk_num(a, "3", 1));
    cr_assert_str_eq(fc_mk_num(a, "0.0", 3)->num, "0");
    fc_ast_free(a);
}

Test(ast, quantifiers_close_their_variable)
{
    fc_ast *a = fc_ast_new();
    fc_sym *x = fc_intern(a, "x", 1);
    fc_node *vx = fc_mk_var(a, x, 0, 0);
    fc_node *px = fc_mk_app(a, fc_intern(a, "P", 1), &vx, 1);
    cr_assert_not(px->closed);
    fc_node *all = fc_mk_quant(a, FC_FORALL, x, 0, 0, px);
    cr_assert(all->closed);
    fc_node *y = fc_mk_var(a, fc_intern(a, "y", 1), 0, 0);
    fc_node *args[2] = {vx, y};
    fc_node *r = fc_mk_app(a, fc_intern(a, "R", 1), args, 2);
    cr_assert_not(fc_mk_quant(a, FC_FORALL, x, 0, 0, r)->closed);
    fc_ast_free(a);
}

Test(ast, printing_uses_few_parentheses)
{
    fc_ast *a = fc_ast_new();
    fc_sym *x = fc_intern(a, "x", 1);
    fc_node *vx = fc_mk_var(a, x, 0, 0);
    fc_node *p = fc_mk_app(a, fc_intern(a, "P", 1), &vx, 1);
    fc_node *q = fc_mk_app(a, fc_intern(a, "Q", 1), &vx, 1);
    fc_node *f = fc_mk_quant(a, FC_FORALL, x, 0, 0, fc_mk2(a, FC_IMPLIES, p, q));
    char *s = fc_node_str(a, f);
    cr_assert_str_eq(s, "∀x (P(x) → Q(x))");
    free(s);
    fc_node *g = fc_mk2(a, FC_AND, f, p);
    s = fc_node_str(a, g);
    cr_assert_str_eq(s, "(∀x (P(x) → Q(x))) ∧ P(x)");
    free(s);
    fc_node *one = fc_mk_num(a, "1", 1), *two = fc_mk_num(a, "2", 1);
    fc_node *c = fc_mk_const(a, fc_intern(a, "c", 1));
    fc_node *sub = fc_mk2(a, FC_SUB, c, fc_mk2(a, FC_SUB, one, two));
    s = fc_node_str(a, sub);
    cr_assert_str_eq(s, "c - (1 - 2)");
    free(s);
    fc_ast_free(a);
}

Test(ast, replace_rebuilds_only_what_changes)
{
    fc_ast *a = fc_ast_new();
    fc_node *c = fc_mk_const(a, fc_intern(a, "c", 1));
    fc_node *d = fc_mk_const(a, fc_intern(a, "d", 1));
    fc_node *pc = fc_mk_app(a, fc_intern(a, "P", 1), &c, 1);
    fc_node *pd = fc_mk_app(a, fc_intern(a, "P", 1), &d, 1);
    fc_node *f = fc_mk2(a, FC_OR, pc, fc_mk1(a, FC_NOT, pc));
    fc_node *g = fc_node_replace(a, f, c, d);
    cr_assert_eq(g, fc_mk2(a, FC_OR, pd, fc_mk1(a, FC_NOT, pd)));
    cr_assert_eq(fc_node_replace(a, f, d, c), f);
    fc_ast_free(a);
}
