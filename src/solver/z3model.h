/* Reading Z3 models, private to solver/: the value of a numeric term, and
 * a countermodel in a form a reader can follow. */
#ifndef FC_Z3MODEL_H
#define FC_Z3MODEL_H

#include "solver/z3bridge.h"

/* The value of a term in model m, as a decimal string ("24", "2.5",
 * "-1/3"); NULL when it has no numeric value.  Caller frees. */
char *fc_z3_eval_numeral(fc_z3_session *s, Z3_model m, Z3_ast term);

/* A readable countermodel: the domains, the constants, and the tables of
 * the predicates and functions of the given formulas, as text and (when
 * tables is not NULL) as JSON ({"domains", "constants", "functions",
 * "predicates", "truncated"}).  Every symbol of focus (the step) is
 * shown, however large its table (up to MAX_FOCUS entries); the others
 * when their tables are small.  Caller frees both. */
char *fc_z3_describe_model(fc_z3_session *s, Z3_model m,
                           const fc_node *const *formulas, size_t n,
                           const fc_node *focus, cJSON **tables);

#endif
