/* Reading Z3 models, private to solver/: the value of a numeric term, and
 * a countermodel in a form a reader can follow. */
#ifndef FC_Z3MODEL_H
#define FC_Z3MODEL_H

#include "solver/z3bridge.h"

/* The value of a term in model m, as a decimal string ("24", "2.5",
 * "-1/3"); NULL when it has no numeric value.  Caller frees. */
char *fc_z3_eval_numeral(fc_z3_session *s, Z3_model m, Z3_ast term);

/* A readable countermodel: the domains, the constants, and the tables of
 * the predicates and functions of the given formulas.  Caller frees. */
char *fc_z3_describe_model(fc_z3_session *s, Z3_model m,
                           const fc_node *const *formulas, size_t n);

#endif
