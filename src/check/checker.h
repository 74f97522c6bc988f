/* The checks of the design ("The checks"): premise consistency, each step
 * against its local and global context, the conclusion, support, and the
 * coherent and valid verdicts.  The result is a plain value the classifier
 * completes and the reporters print. */
#ifndef FC_CHECKER_H
#define FC_CHECKER_H

#include <cjson/cJSON.h>

#include "folcheck.h"
#include "plan/planner.h"
#include "solver/smallmodel.h"
#include "lang/trace.h"
#include "solver/z3bridge.h"

typedef enum fc_status {
    FC_STATUS_NONE,
    FC_STATUS_ENTAILED,
    FC_STATUS_CONTRADICTED,
    FC_STATUS_UNDETERMINED,
    FC_STATUS_UNKNOWN,
    FC_STATUS_DEFINITION,
    FC_STATUS_ILL_FORMED,
    FC_STATUS_REFUTED,      /* conclusion against the premises */
} fc_status;

const char *fc_status_name(fc_status s);

/* The error taxonomy, in the order types are tried. */
typedef enum fc_etype {
    FC_T_NONE,
    FC_T_SYNTAX,
    FC_T_TYPE_MISMATCH,
    FC_T_SOLVER_UNKNOWN,
    FC_T_PROPAGATED,
    FC_T_OPERATION_MISAPPLICATION,
    FC_T_ARITHMETIC,
    FC_T_INFERENCE_VIOLATION,
    FC_T_QUANTIFIER_MISUSE,
    FC_T_CONTRADICTS_PREMISES,
    FC_T_CONTRADICTS_STEPS,
    FC_T_UNGROUNDED_SYMBOL,
    FC_T_MISSING_STEPS,
    FC_T_FALSE_ASSUMPTION,
    FC_T_CONCLUSION_MISMATCH,
    FC_T_INCONSISTENT_PREMISES,
    FC_T_COUNT
} fc_etype;

const char *fc_etype_name(fc_etype t);
const char *fc_etype_category(fc_etype t);
/* The type named by an `expect` word, or FC_T_NONE. */
fc_etype fc_etype_from_name(const char *name);

typedef struct fc_error {
    fc_etype type;
    char *message;
    cJSON *details;     /* type-specific fields, merged into the JSON */
} fc_error;

typedef struct fc_step_result {
    int stmt;           /* index of the statement in the trace */
    int index;          /* 1-based among steps */
    fc_status local, global;
    char *local_reason, *global_reason;  /* why unknown */
    bool global_without_failed;  /* entailed without earlier failed steps */
    fc_ivec support;    /* statement indices */
    fc_error err;
    bool redundant;     /* restates an earlier statement */
    int redundant_of;
    char *countermodel;
    bool in_global;     /* part of later global contexts */
    int lit, neg_lit;   /* solver literals of S_i and ¬S_i, or -1 */
    int def_lit;        /* an implicit definition `c = t` inside it */
} fc_step_result;

typedef struct fc_concl_result {
    bool present;
    int stmt;
    fc_status status;   /* against P: entailed, refuted, undetermined */
    char *reason;
    bool reached;
    fc_status reached_status;  /* entailed / undetermined / unknown */
    fc_ivec support;    /* reached: a minimal set of statements that gives it */
} fc_concl_result;

typedef struct fc_trace_error {
    fc_etype type;
    char *message;
    cJSON *details;
} fc_trace_error;

struct fc_result {
    const fc_trace *t;
    bool checked;
    bool premises_consistent;
    bool premises_unknown;
    bool coherent, valid, has_unknown;
    fc_ivec inconsistent_core;
    FC_VEC(fc_step_result) steps;
    fc_concl_result concl;
    fc_ivec unused_premises;
    FC_VEC(fc_trace_error) errors;  /* trace-level findings */
    uint64_t queries, solver_us, total_us;
    fc_check_options opts;
};

struct fc_checker {
    fc_check_options opts;
    fc_z3 *z;
    size_t traces;      /* checked with this context so far */
    size_t renewals;    /* contexts freed so far */
};

/* The state the classifier works with while a trace is checked. */
typedef struct fc_check {
    fc_result *r;
    fc_trace *t;
    fc_z3_session *z;
    const fc_check_options *opts;
    int *stmt_lit;      /* by statement index: literal of S, or -1 */
    int *stmt_neg;      /* by statement index: literal of ¬S, or -1 */
    int *stmt_step;     /* by statement index: index into r->steps, or -1 */
    fc_plan *plan;
    int *def_lit;       /* by statement: implicit definition literal, or -1 */
    fc_ivec failed;     /* statements of earlier failed steps (F_i) */
    fc_ivec contradicted; /* statements of earlier contradicted steps */
    bool g_sure;        /* G is known consistent: implied answers are safe */
    /* the contexts of the step being classified (literals) */
    fc_ivec local_lits, global_lits, global_stmts, local_stmts;
    /* G holds P, the definitions and the accepted steps for good (failed
     * steps behind guards).  Other queries go to the session's guarded
     * solver, with the statements switched on by literals; or, in traces
     * with arithmetic, to lsolver (NULL otherwise), where each context is
     * pushed behind guards and popped */
    fc_zsolver *gsolver, *lsolver;
    FC_VEC(Z3_ast) fguards;   /* G guards of failed steps still in G */
    Z3_ast *terms;            /* by statement: the formula in Z3, or NULL */
    fc_ivec *syms;            /* by statement: its symbols' ids, sorted */
    uint32_t *sym_stamp;      /* by symbol id: relevance scratch */
    uint32_t sym_now;
    /* the implicit definitions of steps before defs_upto belong to every
     * context; focus is the statement being checked (its own definition
     * is passed separately) */
    int defs_upto, focus;
    uint32_t *stamp;          /* by statement: set-membership scratch */
    uint32_t stamp_now;
    /* traces without arithmetic: one-element models answer satisfiable
     * queries before the solver (NULL otherwise) */
    fc_small *small;
    FC_VEC(const fc_node *) lit_node; /* by literal: the formula it guards */
    FC_VEC(bool) lit_neg;         /* by literal: it guards the negation */
} fc_check;

/* A minimal subset of the statements cands (in statement order, so the
 * answer does not depend on the solver's history) that, with the implicit
 * definition of statement own, statement goal (negated when negate) and
 * the implicit definitions before c->defs_upto, is unsatisfiable: a
 * support of S when goal is S negated, the witnesses of a contradiction
 * when it is not.  own and goal may be -1.  Appends to out; false when the
 * whole of cands does not do it. */
bool fc_check_minimal_subset(fc_check *c, const fc_ivec *cands, int own,
                             int goal, bool negate, fc_ivec *out);

/* Fills the literal lists of the k-th step's contexts for the classifier. */
void fc_check_prepare_classify(fc_check *c, size_t k);

/* Literals of a list of statements, with the implicit definitions of
 * steps among them. */
void fc_check_lits(fc_check *c, const fc_ivec *stmts, fc_ivec *lits);
/* A literal of the session's guarded solver for formula n, or for its
 * negation when negated; -1 when Z3 cannot represent it. */
int fc_check_guard(fc_check *c, const fc_node *n, bool negated);

/* Literal of ¬S for statement i, created on first use. */
int fc_check_neg(fc_check *c, int stmt);

/* Runs one query: lits plus extra.  Records statistics. */
void fc_check_query(fc_check *c, const fc_ivec *ctx, int extra,
                    bool want_core, bool want_model, fc_query_result *q);

/* Statement indices of a core's literals (minus the query literal). */
void fc_check_core_stmts(fc_check *c, const fc_ivec *core, int skip_lit,
                         fc_ivec *out);

#endif
