/* The questions put to the solver interface and its answers, as plain
 * values (the functions are in solver/solver.h). */
#ifndef FC_QUERY_H
#define FC_QUERY_H

#include "result/result.h"
#include "util/util.h"

typedef enum fc_answer {
    FC_SAT,
    FC_UNSAT,
    FC_UNKNOWN,
} fc_answer;

typedef struct fc_query_result {
    fc_answer answer;
    char reason[160];   /* for FC_UNKNOWN */
    fc_ivec core;       /* for FC_UNSAT when a core is wanted: literals */
    bool model;         /* FC_SAT with a model, until the next query */
} fc_query_result;

static inline void fc_query_result_free(fc_query_result *q)
{
    fc_vec_free(&q->core);
}

/* A status with what the solver showed on the way. */
typedef struct fc_eval {
    fc_status status;   /* entailed, contradicted, undetermined, unknown */
    char reason[160];   /* unknown: why */
    fc_ivec core;       /* entailed or contradicted: statements of used */
    fc_ivec used;       /* the statements of the context asked */
    bool helped;        /* G: a failed step was needed */
    bool core_defs;     /* the core may hold definitions besides own's */
} fc_eval;

static inline void fc_eval_free(fc_eval *e)
{
    fc_vec_free(&e->core);
    fc_vec_free(&e->used);
}

/* Is statement goal entailed (ctx ∧ ¬goal unsat) or contradicted (ctx ∧
 * goal unsat) by the statements ctx with the definitions in reach? */
typedef struct fc_query {
    const fc_ivec *ctx;
    int own;            /* whose implicit definition is given; -1: none */
    bool all_defs;      /* every definition in reach, not only those of
                           the symbols at hand */
    int goal;           /* -1: ⊥, so "entailed" means ctx is inconsistent */
    bool entail, contra; /* which of the two queries to ask */
    bool budget;        /* a first attempt on part of a context, which a
                           full query follows when it does not settle the
                           question: the probes' resource budget */
} fc_query;


/* The status of goal against G, the statements gstmts, with the failed
 * steps among them or without them. */
typedef struct fc_global_query {
    const fc_ivec *gstmts;
    const fc_ivec *failed;
    int goal;
    bool without_failed;
    bool entail, contra;
} fc_global_query;


/* G grows as the trace is checked: the premises at the start, then each
 * definition as the trace reaches it, and each step after its check, for
 * good when it holds, apart when it failed (later steps are also checked
 * without it). */
typedef enum fc_hold {
    FC_HOLD_PREMISES,   /* stmt unused */
    FC_HOLD_DEFINITION, /* an explicit definition, or a definition step */
    FC_HOLD_IMPLICIT,   /* the implicit definition inside step stmt */
    FC_HOLD_STEP,       /* a step that holds */
    FC_HOLD_FAILED,     /* a step that failed but stays in G */
} fc_hold;


/* What a minimization is given besides its candidates: the implicit
 * definition of statement own, statement goal (negated when negate; -1:
 * none), the statements given, and the definitions in reach. */
typedef struct fc_subset_query {
    int own, goal;
    bool negate;
    const fc_ivec *given;   /* may be NULL */
    const fc_ivec *seed;    /* a core known to do it, or NULL */
    bool full;              /* at last, ask the whole set without the
                               probes' budget */
} fc_subset_query;

#endif
