/* The trace model, as data: premises, steps, definitions, the conclusion,
 * declarations and expectations, with labels, citations and positions.
 * Reading fills it (lang/parse.h, lang/jsonl.h); lang/passes.h finishes it.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_TRACE_H
#define FC_TRACE_H

#include "lang/ast.h"
#include "util/diag.h"
#include "folcheck.h"
#include "lang/sorts.h"

typedef enum fc_stmt_kind {
    FC_ST_PREMISE,
    FC_ST_STEP,
    FC_ST_DEFINE,
    FC_ST_CONCLUDE,
    FC_ST_EXPECT,
    FC_ST_SORT,
    FC_ST_CONST,
    FC_ST_PRED,
    FC_ST_FUN,
} fc_stmt_kind;

typedef struct fc_cite {
    fc_sym *label;
    size_t off;       /* byte offset of the label in the text */
    int target;       /* index of the cited statement, or -1 */
    int json_col;     /* JSON input: column of the label in the record */
} fc_cite;

/* TSTP: how a derived formula came about, `inference(rule, [status(S)],
 * [parents])`.  A parent is a record the statement cites (an index into
 * its `by`) or a nested inference, an anonymous intermediate step.  An
 * `introduced(kind)` source is an inference without parents. */
typedef struct fc_inference fc_inference;
struct fc_inference {
    char *rule;             /* "spm", ...; introduced: the kind */
    char *status;           /* "thm", "cth", "esa", ...; "" when none */
    bool introduced;
    FC_VEC(int) cites;      /* indices into the statement's by */
    FC_VEC(fc_inference *) nested;
};

void fc_inference_free(fc_inference *inf);

typedef struct fc_stmt {
    fc_stmt_kind kind;
    char *label;            /* given, or generated (p1, s1, ...) */
    bool label_given;
    fc_node *formula;       /* premise, step, conclusion; define: name = t */
    fc_node *def_name;      /* define: the constant defined */
    fc_node *def_term;
    FC_VEC(fc_cite) by;
    bool has_by;
    /* declarations: names (sort/const), or the pred/fun name in names[0] */
    FC_VEC(fc_sym *) names;
    FC_VEC(fc_sym *) arg_sorts;
    fc_sym *result_sort;
    /* expect: `expect LABEL: value`, label empty for the trace */
    fc_sym *expect_value;
    /* position in the text (FILE mode) or in the record (JSON) */
    size_t beg, end;        /* statement extent */
    size_t fbeg, fend;      /* formula extent */
    int line, col;
    size_t line_off;        /* offset of the statement's first line */
    char *field;            /* JSON: "premises[2]" */
    char *source;           /* JSON: the formula string as given */
    /* problems found while reading */
    bool broken;            /* does not parse */
    bool ill_sorted;        /* type_mismatch or free variable */
    fc_code error_code;
    char *error_msg;
    int error_col;          /* display column of the problem */
    size_t err_beg, err_end;/* where the problem is (text input) */
    bool has_err_pos;
    FC_VEC(fc_sym *) bound; /* names bound by quantifiers in it */
    /* a TSTP derivation's records: the inference behind a step; a
     * premise that is an assumption (negated_conjecture), not an axiom */
    fc_inference *inference;
    bool assumption;
} fc_stmt;

struct fc_trace {
    char *name;             /* file name */
    char *id;               /* JSON `id` for people (a string's text, a
                               number's digits), or NULL */
    char *id_json;          /* JSON `id` exactly as the record wrote it
                               (valid UTF-8), or NULL */
    char *meta;             /* JSON `meta` exactly as written, or NULL */
    char *ref_label;        /* reference answer: FOLIO `label`, or NULL */
    fc_dialect dialect;
    bool derivation;        /* a TSTP derivation: steps are inferences,
                               each checked against its parents */
    fc_ast *ast;
    FC_VEC(fc_stmt) stmts;
    char *text;             /* the source, for excerpts (FILE mode) */
    size_t len;
    bool json;
    int json_line;
    size_t input_errors;    /* errors that make it uncheckable */
    fc_diag *first_error;   /* copy of the first input error */
    size_t diag_start;      /* its diagnostics start here in the list */
    /* label -> statement: open addressing over label hashes */
    int *label_slots;
    size_t label_cap, label_count;
    fc_sorting *sorting;
    /* JSON expectations: {"trace": ..., "coherent": ..., ...} as
     * synthesized expect statements live in stmts too */
};

void fc_stmt_free(fc_stmt *s);
fc_stmt *fc_trace_add(fc_trace *t, fc_stmt *s);  /* moves *s */
fc_trace *fc_trace_alloc(const char *name, fc_dialect dialect);
const char *fc_stmt_kind_name(fc_stmt_kind k);
/* Index of the statement with this label, or -1. */
int fc_trace_find_label(const fc_trace *t, const char *label);
/* The label table holds claims and declarations, not expectations (which
 * name the statement they are about).  fc_trace_label_add adds statement
 * i's label: -1, or the index of the statement already holding it. */
int fc_trace_label_add(fc_trace *t, int i);
bool fc_trace_label_taken(const fc_trace *t, const char *label);
bool fc_stmt_is_claim(const fc_stmt *s); /* premise, step, define, conclude */

/* Position of a statement (or of an offset inside it) for diagnostics. */
void fc_trace_pos(const fc_trace *t, const fc_stmt *s, size_t off,
                  size_t end, fc_pos *pos);

#endif
