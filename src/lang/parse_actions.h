/* Helpers called from the grammar's actions (grammar/parser.y); part of
 * the parser module (lang/parse.h).
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_PARSE_ACTIONS_H
#define FC_PARSE_ACTIONS_H

#include "parser.h"

void fc_p_kind(fc_pstate *st, fc_stmt_kind kind);
void fc_p_label(fc_pstate *st, fc_sym *label, fc_loc loc);
void fc_p_cite(fc_pstate *st, fc_sym *label, fc_loc loc);
void fc_p_claim(fc_pstate *st, fc_node *formula, fc_loc loc);
/* `name = expr` in a Python program: a premise when expr is a numeral, a
 * definition otherwise; a name assigned twice is an error. */
void fc_p_py_assign(fc_pstate *st, fc_sym *name, fc_loc nloc,
                    fc_node *expr, fc_loc eloc);
/* base ^ exp: exp must be a non-negative integer numeral.  NULL, with an
 * error, when it is not. */
fc_node *fc_p_pow(fc_pstate *st, fc_node *base, fc_node *exp, fc_loc eloc);
void fc_p_define(fc_pstate *st, fc_sym *name, fc_loc nloc, fc_node *term,
                 fc_loc tloc);
void fc_p_decl_name(fc_pstate *st, fc_sym *name);
fc_node *fc_p_ident(fc_pstate *st, fc_sym *name);
fc_node *fc_p_negate(fc_pstate *st, fc_node *x);
void fc_p_open_scope(fc_pstate *st, fc_binders *b);
fc_node *fc_p_quant(fc_pstate *st, fc_binders *b, fc_node *body);
fc_node *fc_p_chain(fc_pstate *st, fc_node *chain, fc_node *left, int op,
                    fc_node *right);
fc_nlist *fc_p_list(fc_pstate *st);
bool fc_p_depth_ok(fc_pstate *st, fc_node *n, fc_loc loc);
bool fc_p_arity_ok(fc_pstate *st, fc_nlist *args, fc_loc loc);

#endif
