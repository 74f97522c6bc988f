/* Corpus summaries of an audit.  Every field is a count or a sum, so
 * summaries add up: the summary of a run equals the sum of the summaries of
 * its shards (`folcheck merge`).  Rates are derived when printed. */
#ifndef FC_SUMMARY_H
#define FC_SUMMARY_H

#include <cjson/cJSON.h>

#include "result/result.h"

/* Step positions: absolute 1..FC_POS_ABS (the last bucket holds the rest)
 * and relative position in the trace in FC_POS_REL buckets. */
#define FC_POS_ABS 32
#define FC_POS_REL 10

/* Reference and predicted conclusion statuses for the confusion matrix. */
enum {
    FC_REF_ENTAILED,
    FC_REF_REFUTED,
    FC_REF_UNDETERMINED,
    FC_REF_UNKNOWN,     /* predicted only: the solver gave up */
    FC_REF_NONE,        /* predicted only: no conclusion or not checked */
    FC_REF_COUNT
};

/* "entailed", "refuted", "undetermined", "unknown", "none". */
const char *fc_ref_name(int ref);

struct fc_summary {
    uint64_t records;         /* input lines read (after sharding) */
    uint64_t input_errors;    /* records that could not be checked */
    uint64_t traces;          /* traces checked */
    uint64_t steps;
    uint64_t coherent, valid, unknown;
    uint64_t quadrant[2][2];  /* [coherent][valid] */
    uint64_t premises_inconsistent;
    uint64_t step_status[FC_STATUS_REFUTED + 1];   /* global */
    uint64_t local_status[FC_STATUS_REFUTED + 1];
    uint64_t step_errors[FC_T_COUNT];              /* by type */
    uint64_t trace_errors[FC_T_COUNT];
    uint64_t traces_with_error[FC_T_COUNT];
    uint64_t conclusions, reached;
    uint64_t vacuous;         /* reached with no premise behind it */
    uint64_t conclusion_status[FC_STATUS_REFUTED + 1];
    uint64_t confusion[FC_REF_COUNT][FC_REF_COUNT]; /* [reference][got] */
    uint64_t labelled;
    uint64_t labelled_no_conclusion; /* a label, no conclusion to check */
    uint64_t verdict_confusion[2][3];  /* [expected valid][valid,invalid,unknown] */
    uint64_t pos_steps[FC_POS_ABS], pos_errors[FC_POS_ABS];
    uint64_t rel_steps[FC_POS_REL], rel_errors[FC_POS_REL];
    uint64_t input_error_codes[FC_CODE_COUNT];
    uint64_t dialects[FC_DIALECT_PYTHON + 1]; /* traces read in each */
    uint64_t queries, solver_us, check_us, wall_us;
    /* --cross-check: the answers put to a second prover */
    uint64_t cross_asked, cross_agree, cross_disagree, cross_no_answer;
    /* not a counter: the runs added up here, as a JSON array of objects
     * (input, date, version, options); merging concatenates them */
    char *runs;
    /* not a counter: the run stopped early (its output could not be
     * written), and the counts cover what was done */
    bool partial;
    /* not counters: `audit --group-by KEY` keeps a sub-summary per value
     * of the records' meta KEY, sorted by value; merging adds up the
     * groups of the same value */
    char *group_by;
    struct fc_summary_group *groups;
    size_t ngroups;
    /* not counters: the examples behind the numbers, the FC_EXAMPLES
     * records with the smallest ids (then file, line, step) per error type
     * and per quadrant; merging keeps the smallest of both */
    struct fc_examples *examples;   /* NULL until one is added */
};

#define FC_EXAMPLES 5

typedef struct fc_example {
    char *file;
    int line;           /* the record's line (JSON Lines), the step's (text) */
    int step;           /* 1-based step index; 0 for the trace */
    char *id;           /* the record's id text, or NULL */
    char *label;        /* the failing step's label, or NULL */
    char *text;         /* its formula as written (shortened), or NULL */
    char *message;      /* the finding, or NULL */
} fc_example;

typedef struct fc_example_list {
    fc_example items[FC_EXAMPLES];
    size_t n;
} fc_example_list;

struct fc_examples {
    fc_example_list errors[FC_T_COUNT];
    fc_example_list quadrant[2][2];   /* [coherent][valid] */
};

typedef struct fc_summary_group {
    char *value;        /* the meta value's text; "(none)" when missing */
    fc_summary *s;
} fc_summary_group;

/* The sub-summary of value (made when new, kept sorted by value). */
fc_summary *fc_summary_group_of(fc_summary *s, const char *value);
/* A JSON value as text: a string's own text, any other value's JSON;
 * NULL for a missing value or null.  Caller frees. */
char *fc_json_text(const cJSON *v);
/* The value of meta key (a top-level key of the record's `meta` object;
 * "meta.model" and "model" name the same) in meta's JSON text: a string's
 * text, or any other value's JSON; "(none)" when there is none. */
char *fc_group_value(const char *meta_json, const char *key);

void fc_summary_init(fc_summary *s);
/* Frees what a summary owns (its runs), not the summary itself. */
void fc_summary_release(fc_summary *s);
void fc_summary_add_result(fc_summary *s, const fc_result *r);
/* A record that could not be read at all (bad JSON, wrong fields). */
void fc_summary_add_input_error(fc_summary *s, fc_code code);

cJSON *fc_summary_to_json(const fc_summary *s);
/* false when the JSON is not a folcheck summary; *err says why. */
bool fc_summary_from_json(const cJSON *j, fc_summary *s, const char **err);


/* Adds a copy of e to the examples of error type (FC_T_NONE: of the
 * quadrant [coherent][valid] instead), if it is among the first. */
void fc_summary_add_example(fc_summary *s, fc_etype type, bool coherent,
                            bool valid, const fc_example *e);

#endif
