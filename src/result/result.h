/* The result of checking a trace: statuses, error types and verdicts.
 *
 * One table (result.c) names every status, type and category; every
 * reporter takes its words from it.  This header sees no solver: the
 * engine fills these values, the reporters and summaries read them. */
#ifndef FC_RESULT_H
#define FC_RESULT_H

#include <cjson/cJSON.h>

#include "folcheck.h"
#include "lang/trace.h"
#include "util/util.h"

/* The categories of the error taxonomy (README, "Error taxonomy"), in
 * the order of the paper the taxonomy follows. */
typedef enum fc_category {
    FC_CAT_NONE,
    FC_CAT_FALSE_PREMISE,
    FC_CAT_FALSE_RULE,
    FC_CAT_CALCULATOR_ERROR,
    FC_CAT_FORMAT_ERROR,
    FC_CAT_ILL_FORMED,
    FC_CAT_UNKNOWN,
    FC_CAT_COUNT
} fc_category;

/* "false_premise", ...; and a title for people ("False premise"). */
const char *fc_category_name(fc_category c);
const char *fc_category_title(fc_category c);

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
/* The category of a type, and its name ("false_rule", ...). */
fc_category fc_etype_category_of(fc_etype t);
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
    cJSON *countermodel_tables; /* the same as data: domains, constants,
                                   functions, predicates */
    bool in_global;     /* part of later global contexts */
} fc_step_result;

typedef struct fc_concl_result {
    bool present;
    int stmt;
    fc_status status;   /* against P: entailed, refuted, undetermined */
    char *reason;
    bool reached;
    fc_status reached_status;  /* entailed / undetermined / unknown */
    fc_ivec support;    /* reached: a minimal set of statements that gives it */
    bool vacuous;       /* reached, and no premise is behind its support:
                           it follows from what the trace defined itself */
    /* not reached, and the conclusion is `term = numeral`: the value that
     * the steps give term (exact evaluation), or NULL */
    char *term, *expected, *stated;
} fc_concl_result;

/* A question the checker settled, kept when asked (keep_obligations in
 * fc_check_options) so that another prover can be given it (export,
 * cross-checks): do the formulas given entail goal, or (goal NULL) are
 * they inconsistent?  The nodes belong to the trace's AST. */
typedef struct fc_obligation {
    int step;               /* index into steps; -1: the trace's */
    const char *context;    /* "premises", "global", "local", "parents",
                               "negation" (cth, the other way),
                               "conclusion" (against the premises),
                               "reached" (after the last step) */
    FC_VEC(const fc_node *) given;
    const fc_node *goal;    /* NULL: ⊥, a consistency question */
    fc_status status;       /* folcheck's answer: entailed, contradicted,
                               undetermined, unknown */
    char *smtlib;           /* the question in SMT-LIB 2, unsatisfiable
                               when folcheck's answer holds: given ∧ ¬goal
                               (given ∧ goal when contradicted) */
    /* a second prover's answer (check/crosscheck.h) */
    const char *prover;     /* NULL: not asked */
    char *answer;           /* "unsat", "sat", "Theorem", ..., "timeout" */
    int agrees;             /* 1 agrees, 0 disagrees, -1 no answer */
    unsigned ms;
} fc_obligation;

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
    /* a TSTP derivation (check/derivation.h): inferences verified, and
     * whether an established inference derived $false */
    bool derivation, refutation;
    size_t verified;
    FC_VEC(fc_obligation) obligations;
    uint64_t queries, solver_us, total_us;
    fc_check_options opts;
};

/* Appends an obligation (given copied) and returns it. */
fc_obligation *fc_result_add_obligation(fc_result *r, int step,
                                        const char *context,
                                        const fc_node *const *given,
                                        size_t ngiven, const fc_node *goal,
                                        fc_status status);

/* "folcheck: TRACE step S, CONTEXT context; folcheck's answer: A", one
 * line, the first of an exported problem.  Caller frees. */
char *fc_obligation_title(const fc_result *r, const fc_obligation *o);

/* Whether a step failed: it got an error type.  The one place that
 * decides which steps are F_i, the invalid ones and the errors counted. */
bool fc_step_failed(const fc_step_result *sr);

/* The result as a JSON object (caller deletes). */
cJSON *fc_result_to_json(const fc_result *r);
/* The result as one JSON line (caller frees), with the record's warnings
 * about what was copied from it (invalid_utf8) as "warnings": where no
 * diagnostics are printed (an audit, a binding, a server), they travel
 * with the result. */
char *fc_result_json_line(const fc_result *r, const fc_diags *d);

#endif
