/* The classifier: gives every failed step one type of the error taxonomy
 * (README, "Error taxonomy"), the first that applies in the table's
 * order, with the details a user needs; and the trace-level findings.
 *
 * The checker calls it once per step, after the step's statuses are
 * known, and once per trace; any further question it has goes to the
 * solver interface, never back to the checker.
 *
 * Cost: a step that follows costs nothing here.  The variant searches are
 * bounded: at most FC_MAX_OPERATOR_VARIANTS operator replacements,
 * FC_MAX_QUANTIFIER_VARIANTS quantifier changes and FC_MAX_FALLACY_QUERIES
 * fallacy checks per failed step, all on the trace's own solver. */
#ifndef FC_CLASSIFY_H
#define FC_CLASSIFY_H

#include "plan/planner.h"
#include "result/result.h"
#include "solver/solver.h"

#define FC_MAX_OPERATOR_VARIANTS 24
#define FC_MAX_QUANTIFIER_VARIANTS 16
#define FC_MAX_FALLACY_QUERIES 16

/* What the checker tells the classifier of the step it just checked.
 * Variants of a step (operator and quantifier changes) are made as new
 * nodes of the trace's AST, an interning arena that grows; the trace's
 * statements never change. */
typedef struct fc_classify_in {
    const fc_trace *t;
    const fc_plan *plan;
    fc_solver *solver;
    bool explain;                   /* countermodels for failed steps */
    const fc_ivec *global_stmts;    /* G_i, statement indices */
    const fc_ivec *local_stmts;     /* L_i */
    const fc_ivec *failed;          /* F_i: earlier failed steps */
    const fc_ivec *contradicted;    /* earlier contradicted steps */
} fc_classify_in;

/* Gives the k-th step of r its error type, or none when it did not fail
 * (fc_step_failed). */
void fc_classify_step(const fc_classify_in *in, fc_result *r, size_t k);
/* The trace-level findings: inconsistent premises, the conclusion. */
void fc_classify_trace(const fc_trace *t, fc_result *r);

#endif
