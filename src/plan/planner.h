/* The obligation planner: the role of each statement (premise, step,
 * definition, conclusion), which definitions a trace has (explicit `define`
 * and steps `c = t` that introduce a fresh constant), and the contexts each
 * step is checked against. */
#ifndef FC_PLANNER_H
#define FC_PLANNER_H

#include "lang/trace.h"

typedef enum fc_role {
    FC_ROLE_NONE,        /* declarations, expectations */
    FC_ROLE_PREMISE,
    FC_ROLE_STEP,
    FC_ROLE_DEFINITION,  /* explicit, or a step `c = t` with c fresh */
    FC_ROLE_CONCLUSION,
} fc_role;

typedef struct fc_plan {
    fc_role *role;          /* by statement */
    fc_node **implicit_def; /* by statement: `c = t` heading a chain step */
    int *first_use;         /* by symbol id: first statement mentioning it */
    size_t nsyms;
    fc_ivec premises;       /* statement indices, in order */
    fc_ivec steps;          /* steps and step-definitions, in order */
    int conclusion;         /* statement index or -1 */
} fc_plan;

fc_plan *fc_plan_new(const fc_trace *t);
void fc_plan_free(fc_plan *p);

/* Statement indices of the local context of the k-th step (position in
 * plan->steps): its cited parents when it has `by`, otherwise the premises
 * and the previous `window` steps (-1: all).  Definitions made before it
 * are always included. */
void fc_plan_local(const fc_plan *p, const fc_trace *t, size_t k, int window,
                   fc_ivec *out);

/* Definitions (statement indices) made before statement `before`. */
void fc_plan_definitions(const fc_plan *p, int before, fc_ivec *out);

/* Symbols of n that appear in no statement before `stmt`: hallucinated
 * entities or quantities.  Appends fc_sym pointers. */
typedef FC_VEC(fc_sym *) fc_symvec;
void fc_plan_fresh_symbols(const fc_plan *p, const fc_node *n, int stmt,
                           fc_symvec *out);

#endif
