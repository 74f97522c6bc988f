/* Plain Z3 solvers of a session, private to solver/, for the scratch
 * implementation: a context asserted for good at the base level is
 * propagated once by Z3, so a long trace does not make each query slower.
 * Unlike the session's guarded solver, nothing sits behind a literal
 * unless the caller asks for a guard; terms come from the session. */
#ifndef FC_Z3PLAIN_H
#define FC_Z3PLAIN_H

#include "solver/z3bridge.h"

typedef struct fc_zsolver fc_zsolver;

fc_zsolver *fc_zsolver_new(fc_z3_session *s);
void fc_zsolver_free(fc_zsolver *v);
/* Asserts f at the current level; NULL is ignored. */
void fc_zsolver_assert(fc_zsolver *v, Z3_ast f);
void fc_zsolver_push(fc_zsolver *v);
void fc_zsolver_pop(fc_zsolver *v);
/* A fresh Boolean `b` with `b -> f` asserted at the current level; check
 * with b among the assumptions to use f, and find b in cores. */
Z3_ast fc_zsolver_guard(fc_zsolver *v, Z3_ast f);
/* Gives the solver's checks the probes' budget (FC_PROBE_RLIMIT, no MBQI),
 * or takes it away. */
void fc_zsolver_budget(fc_zsolver *v, bool on);

/* Checks under assumptions; on UNSAT with core, core receives the indices
 * (into assumptions) of a core.  Counts in the session's statistics. */
fc_answer fc_zsolver_check(fc_zsolver *v, const Z3_ast *assumptions,
                           size_t n, fc_ivec *core, char *reason,
                           size_t reason_len);

#endif
