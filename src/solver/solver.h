/* The solver interface: the checker and the classifier ask whether a set
 * of a trace's statements and formulas is satisfiable, for a core or for
 * a model, here and nowhere else.  No solver type crosses this header;
 * Z3 (solver/z3bridge.h), its reference counting and its parameters stay
 * in this folder.
 *
 * A context belongs to one worker and is reused across traces; a solver
 * (fc_solver) holds one trace's queries.  It answers with one of two
 * implementations, chosen per trace (solver_impl.h):
 *
 * - guarded (guarded.c): every statement sits behind an assumption
 *   literal for the whole trace, and a query switches on the ones it
 *   needs; nothing is asserted or retracted per query;
 * - scratch (scratch.c), for long traces with arithmetic: each context is
 *   pushed onto a scratch solver and popped, and G grows on a solver of
 *   its own that holds P, the definitions and the accepted steps for good.
 *
 * Formulas are named by statement index or by AST node; literals (int)
 * name formulas put behind a guard, for queries over any set of them. */
#ifndef FC_SOLVER_H
#define FC_SOLVER_H

#include "folcheck.h"
#include "plan/planner.h"
#include "plan/reach.h"
#include "result/result.h"
#include "solver/query.h"

/* ---- contexts ---------------------------------------------------------- */

typedef struct fc_solver_context fc_solver_context;

fc_solver_context *fc_solver_context_new(unsigned timeout_ms,
                                         unsigned rlimit);
void fc_solver_context_free(fc_solver_context *c);

/* ---- one trace ---------------------------------------------------------- */

typedef struct fc_solver fc_solver;

/* Translates the trace's claims and puts each behind a literal.  A trace
 * whose answers could depend on what the context saw before (arithmetic,
 * and under o->explain or o->rlimit any trace) checks on Z3 only on a
 * renewed context, so its result depends on the trace alone: an
 * arithmetic trace may first be tried without Z3 (fc_solver_deferred). */
fc_solver *fc_solver_new(fc_solver_context *ctx, const fc_trace *t,
                         const fc_plan *p, const fc_check_options *o);
void fc_solver_free(fc_solver *s);
/* Did the trace want a check on Z3 that fc_solver_new deferred?  Its
 * answers are then incomplete: check it again after
 * fc_solver_context_fresh. */
bool fc_solver_deferred(const fc_solver *s);
/* The next trace starts on a fresh context. */
void fc_solver_context_fresh(fc_solver_context *c);
/* Stops the checks still running at at_us (fc_now_us time; 0: none): a
 * trace's time limit.  It holds for the context until changed. */
void fc_solver_deadline(fc_solver_context *c, uint64_t at_us);

/* Relevance and the definitions in reach of the queries (plan/reach.h):
 * the checker sets the focus, the solver reads it. */
fc_reach *fc_solver_reach(fc_solver *s);

/* Could statement stmt be translated?  Its literal, or -1. */
bool fc_solver_has(const fc_solver *s, int stmt);
int fc_solver_lit(const fc_solver *s, int stmt);
/* The literal of statement stmt's implicit definition, or -1. */
int fc_solver_def_lit(const fc_solver *s, int stmt);
/* The literal of ¬S for statement stmt, made on first use; -1 when S has
 * none. */
int fc_solver_neg_lit(fc_solver *s, int stmt);

uint64_t fc_solver_queries(const fc_solver *s);
uint64_t fc_solver_us(const fc_solver *s);

/* ---- statuses (the questions are in solver/query.h) ---------------------- */

/* Is statement goal entailed or contradicted by a context? */
void fc_solver_status(fc_solver *s, const fc_query *q, fc_eval *e);
/* The status of a statement against G. */
void fc_solver_global_status(fc_solver *s, const fc_global_query *q,
                             fc_eval *e);
/* G grows: see fc_hold. */
void fc_solver_hold(fc_solver *s, fc_hold what, int stmt);

/* ---- minimal subsets ---------------------------------------------------- */

/* A minimal subset of the statements cands (in statement order, so the
 * answer does not depend on the solver's history) that with the fixed
 * part is unsatisfiable: a support of goal when negate, the witnesses of
 * a contradiction when not.  First with the definitions of the symbols at
 * hand, then with all of them.  Appends statement indices to out; false
 * when the whole of cands does not do it.  A candidate whose deletion a
 * budgeted probe cannot refute stays: the subset can be larger than
 * minimal on hard arithmetic, never too small. */
bool fc_solver_minimal_subset(fc_solver *s, const fc_ivec *cands,
                              const fc_subset_query *q, fc_ivec *out);

/* ---- formulas and models ------------------------------------------------ */

/* A literal for formula n of the trace's AST, or for its negation; -1
 * when it cannot be translated. */
int fc_solver_guard(fc_solver *s, const fc_node *n, bool negated);
/* The literals of the statements stmts and of the implicit definitions
 * inside them. */
void fc_solver_lits(const fc_solver *s, const fc_ivec *stmts, fc_ivec *lits);

/* Checks the conjunction of lits and extra (-1: none).  With want_core,
 * q->core holds literals of an unsat core; with want_model, the model is
 * kept until the next query. */
void fc_solver_check(fc_solver *s, const fc_ivec *lits, int extra,
                     bool want_core, bool want_model, fc_query_result *q);
/* The conjunction of forms (each negated when neg[i]) on a solver of
 * its own, pushed and popped: its cost does not grow with the trace,
 * which suits questions about a few formulas of a long one (a
 * derivation's inference against its parents).  Exact evaluation first
 * on traces with arithmetic.  reason says why on FC_UNKNOWN. */
fc_answer fc_solver_check_formulas(fc_solver *s, const fc_node *const *forms,
                                   const bool *neg, size_t n, char *reason,
                                   size_t size);

/* fc_solver_check for a countermodel: the smallest model with at most 4
 * elements per uninterpreted sort when there is one, else any. */
void fc_solver_check_small_model(fc_solver *s, const fc_ivec *lits,
                                 int extra, fc_query_result *q);

/* The question "given ∧ goal" (negate: ∧ ¬goal; goal NULL: given alone)
 * as an SMT-LIB 2 script with its declarations and (check-sat), status
 * the expected answer ("unsat", "sat", "unknown"), comment its first line
 * (one line); NULL when a formula
 * cannot be translated.  Caller frees. */
char *fc_solver_smtlib(fc_solver *s, const fc_node *const *given, size_t n,
                       const fc_node *goal, bool negate, const char *status,
                       const char *comment);

/* Fills the smtlib text of every obligation of r. */
void fc_solver_obligations_smtlib(fc_solver *s, fc_result *r);

/* Can formula or term n be translated?  (It is, once, here.) */
bool fc_solver_translates(fc_solver *s, const fc_node *n);

/* The value of term n in the last model as a decimal string ("24",
 * "2.5", "-1/3"); NULL when it has none.  Caller frees. */
char *fc_solver_model_value(fc_solver *s, const fc_node *n);
/* The value that the equations among the formulas of lits fix for term
 * n, by exact evaluation (solver/exact.h); NULL when they do not, or the
 * trace has no arithmetic.  Caller frees. */
char *fc_solver_exact_value(fc_solver *s, const fc_ivec *lits,
                            const fc_node *n);
/* The first division in f (`/`, `mod`, `div`) whose divisor the
 * equations among the formulas of lits fix to 0, or NULL. */
const fc_node *fc_solver_zero_divisor(fc_solver *s, const fc_ivec *lits,
                                      const fc_node *f);
/* A literal for `n ≠ value` (value as fc_solver_model_value gives it). */
int fc_solver_guard_other_value(fc_solver *s, const fc_node *n,
                                const char *value);
/* Does the numeral n differ from value? */
bool fc_solver_value_differs(fc_solver *s, const fc_node *n,
                             const char *value);
/* The last model, readable: the domain, constants and the truth of the
 * atoms of the given formulas, every symbol of focus (the step) among
 * them, and (tables) the same as JSON.  Caller frees; NULL without a
 * model. */
char *fc_solver_describe_model(fc_solver *s, const fc_node *const *forms,
                               size_t n, const fc_node *focus,
                               cJSON **tables);

#endif
