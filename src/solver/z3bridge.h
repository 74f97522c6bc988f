/* The Z3 bridge, private to solver/: the Z3 context and its parameters,
 * and one session per trace with its guarded solver, where each formula
 * sits behind an assumption literal and a check answers with an unsat
 * core or a model.
 *
 * A context (fc_z3) belongs to one checker and is reused across traces.
 * Translation is z3terms, which this builds on; z3plain (plain solvers),
 * z3minimize (minimization) and z3model (models) build on this. */
#ifndef FC_Z3BRIDGE_H
#define FC_Z3BRIDGE_H

#include <z3.h>

#include "lang/ast.h"
#include "lang/sorts.h"
#include "util/util.h"
#include "solver/query.h"
#include "solver/z3terms.h"

typedef struct fc_z3 fc_z3;

/* Resource budget (Z3 rlimit units) of one minimization probe and of a
 * first attempt on part of a context: refuted probes need little of it,
 * and it bounds what the others, which may run long, cost. */
#define FC_PROBE_RLIMIT 20000

fc_z3 *fc_z3_new(unsigned timeout_ms, unsigned rlimit);
/* Checks still running at at_us (fc_now_us time; 0: none) are stopped. */
void fc_z3_deadline(fc_z3 *z, uint64_t at_us);
void fc_z3_free(fc_z3 *z);

/* ---- sessions ----------------------------------------------------------- */

typedef struct fc_z3_session fc_z3_session;

struct fc_trace;
fc_z3_session *fc_z3_session_new(fc_z3 *z, const struct fc_trace *t);
void fc_z3_session_free(fc_z3_session *s);
/* Takes the guarded solver from the context's last session and hands it on
 * at the end, the session's formulas in a scope of their own.  Z3's caches
 * survive the pop and change what a resource limit decides, so only
 * contexts the checker reuses share (fc_solver_new).  Call before the
 * first check. */
void fc_z3_session_share_solver(fc_z3_session *s);
/* No check of this session may run on Z3: one that would answers unknown
 * and marks the session deferred (fc_z3_session_deferred).  For a trace
 * that must see a fresh context but started on a used one, in the hope
 * that exact evaluation answers everything (fc_solver_new). */
void fc_z3_session_defer_checks(fc_z3_session *s);
bool fc_z3_session_deferred(const fc_z3_session *s);

Z3_context fc_z3_context(const fc_z3_session *s);
/* The Z3 term for a node (cached; the session keeps a reference). NULL when
 * Z3 rejected it. */
Z3_ast fc_z3_term(fc_z3_session *s, const fc_node *n);
/* The session's translation of the trace (z3terms.h). */
fc_z3_terms *fc_z3_session_terms(fc_z3_session *s);

/* Statistics of the session: queries and microseconds spent in checks. */
uint64_t fc_z3_queries(const fc_z3_session *s);
uint64_t fc_z3_solver_us(const fc_z3_session *s);

/* ---- the guarded solver ------------------------------------------------- */

/* A fresh assumption literal `lit` with `lit -> formula` asserted once.
 * Returns the literal's index, or -1 when the formula cannot be translated. */
int fc_z3_guard(fc_z3_session *s, Z3_ast formula);
Z3_ast fc_z3_guard_literal(const fc_z3_session *s, int lit);
/* The number of guard literals the session has made. */
size_t fc_z3_literal_count(const fc_z3_session *s);

/* Checks the conjunction of the guarded formulas lits[0..n).  With
 * want_core, fills core on UNSAT; with want_model, keeps the model on SAT
 * (valid until the next query). */
void fc_z3_check(fc_z3_session *s, const int *lits, size_t n, bool want_core,
                 bool want_model, fc_query_result *out);
/* The model of the last check that kept one, or NULL. */
Z3_model fc_z3_model(const fc_z3_session *s);

/* fc_z3_check with a model wanted, preferring a small one: the first
 * satisfying check with at most k elements in every uninterpreted sort,
 * k = 1 .. max_k; when none is that small (or the bounded checks do not
 * answer), the unbounded check.  For countermodels a reader can follow. */
void fc_z3_check_small_model(fc_z3_session *s, const int *lits, size_t n,
                             unsigned max_k, fc_query_result *out);

/* A model finder that fc_z3_check asks first, when no model is wanted: it
 * returns true only when it found a model of the guarded formulas
 * lits[0..n), and the answer is then FC_SAT without a solver call. */
typedef bool (*fc_sat_oracle)(void *arg, const int *lits, size_t n);
void fc_z3_set_oracle(fc_z3_session *s, fc_sat_oracle fn, void *arg);

/* A decision procedure that fc_z3_check asks before Z3 (solver/exact.h):
 * FC_UNSAT with core (literals) when it is given, FC_SAT, or FC_UNKNOWN
 * to leave the check to Z3.  A satisfiable answer is taken only when no
 * model is wanted.  It is asked again, to search for a model, when Z3
 * gives up. */
typedef fc_answer (*fc_exact_oracle)(void *arg, const int *lits, size_t n,
                                     int search, fc_ivec *core);
void fc_z3_set_exact(fc_z3_session *s, fc_exact_oracle fn, void *arg);

/* Whether the next checks get the probes' budget (FC_PROBE_RLIMIT, no
 * MBQI), for attempts that a full check follows when they do not settle
 * the question; returns the previous setting, to restore it. */
bool fc_z3_probe(fc_z3_session *s, bool on);

/* ---- plain solvers (z3plain.h, z3minimize.h) ---------------------------- */

/* A new plain solver of the session's context, with the full parameters
 * or (budget) the probes', held by the caller; and the switch between. */
Z3_solver fc_z3_new_solver(fc_z3_session *s, bool budget);
void fc_z3_set_budget(fc_z3_session *s, Z3_solver solver, bool budget);
/* Checks solver under assumptions as[0..n), counted in the session's
 * statistics; on UNSAT with core, core receives the indices (into as) of a
 * core; on UNKNOWN with reason, reason says why. */
fc_answer fc_z3_solver_check(fc_z3_session *s, Z3_solver solver,
                             const Z3_ast *as, size_t n, fc_ivec *core,
                             char *reason, size_t reason_len);

#endif
