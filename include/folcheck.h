/* folcheck: check reasoning traces written in first-order logic.
 *
 * Data flows one way: text or JSON Lines -> fc_trace (parsed, sorted) ->
 * fc_checker (Z3) -> fc_result -> reports (text, JSON) and summaries.
 *
 * Ownership, for every function in this header:
 *   - A function named *_new, *_parse, *_load or *_run returns an object the
 *     caller owns and releases with the matching *_free.  *_free(NULL) does
 *     nothing.
 *   - A function returning `char *` returns a NUL-terminated string the
 *     caller releases with free().
 *   - A function returning `const` pointers lends them: they stay valid until
 *     the object they came from is freed.
 *   - Arguments are borrowed, never consumed.  An fc_result borrows the
 *     fc_trace it was computed from: free the result before the trace.
 *   - Errors are values: functions return NULL or false and append
 *     diagnostics to the fc_diags the caller passes.  The library never
 *     prints and never exits.
 *   - One fc_checker (it owns a Z3 context) is used by one thread at a time;
 *     use one checker per worker thread.
 */
#ifndef FOLCHECK_H
#define FOLCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FOLCHECK_VERSION "0.1.0"

/* ---- limits (named in the errors that report them) ---------------------- */

/* Deepest nesting of a formula: parentheses, operators and quantifiers. */
#define FC_MAX_DEPTH 1000
/* Longest statement (or JSON formula string), in bytes. */
#define FC_MAX_STATEMENT_BYTES (1u << 20)
/* Most arguments of one predicate or function application. */
#define FC_MAX_ARITY 1000
/* Entries of the parser's stack: formulas that nest without parentheses
 * (¬¬¬..., chains of →) stop here, past FC_MAX_DEPTH levels. */
#define FC_MAX_PARSER_STACK (4 * FC_MAX_DEPTH + 64)
/* Longest JSON Lines record, in bytes. */
#define FC_MAX_RECORD_BYTES (64u << 20)

/* ---- the allocator ------------------------------------------------------- */

/* Tunes glibc's malloc for the checker's pattern, process-wide: every
 * trace with arithmetic gets a fresh Z3 context, whose tables of several
 * MiB are allocated and freed again; with glibc's adaptive thresholds,
 * depending on the heap's layout, they were returned to the system and
 * faulted in anew on every trace (50 ms instead of 3 for a short
 * arithmetic trace).  Fixes the mmap threshold at 32 MiB and the trim
 * threshold at 128 MiB.  The CLI calls it at start, the Python package
 * when it loads the library (unless FOLCHECK_MALLOC_TUNING=0).  Does
 * nothing where malloc is not glibc's. */
void fc_tune_allocator(void);

/* ---- files ------------------------------------------------------------- */

/* Files written whole or not at all: the text goes to a temporary beside
 * path (path.tmp.PID), renamed over path on commit.  Opening at the start
 * of a run checks that path's directory can be written.  NULL (with
 * errno) when the temporary cannot be created. */
typedef struct fc_atomic_file {
    FILE *f;
    char *path, *tmp;
} fc_atomic_file;
bool fc_atomic_open(fc_atomic_file *a, const char *path);
/* Closes and renames; false (with errno, the temporary removed) when a
 * write, the close or the rename failed. */
bool fc_atomic_commit(fc_atomic_file *a);
/* Closes and removes the temporary. */
void fc_atomic_abort(fc_atomic_file *a);

/* ---- diagnostics -------------------------------------------------------- */

typedef enum fc_severity {
    FC_SEV_ERROR,
    FC_SEV_WARNING,
    FC_SEV_NOTE,
} fc_severity;

/* Stable diagnostic codes.  fc_code_name() gives the name printed between
 * brackets, as in `error[unbalanced_paren]`; never renumber or rename. */
typedef enum fc_code {
    FC_E_SYNTAX,
    FC_E_UNBALANCED_PAREN,
    FC_E_BAD_CHAR,
    FC_E_BAD_UTF8,
    FC_E_EMPTY_INPUT,
    FC_E_TOO_DEEP,
    FC_E_TOO_LONG,
    FC_E_UNKNOWN_KEYWORD,
    FC_E_DUPLICATE_LABEL,
    FC_E_UNKNOWN_LABEL,
    FC_E_DANGLING_QUANTIFIER,
    FC_E_TRAILING_COMMA,
    FC_E_BAD_JSON,
    FC_E_BAD_FIELD,
    FC_E_TYPE_MISMATCH,
    FC_E_FREE_VARIABLE,
    FC_E_REDEFINED,
    FC_E_UNKNOWN_SORT,
    FC_E_UNKNOWN_DIALECT,
    FC_E_BAD_EXPECT,
    FC_E_IO,
    FC_W_ARITY_OVERLOAD,
    FC_W_FREE_VARIABLE,
    FC_W_EXPECT_UNUSED,
    FC_E_BAD_EXPONENT,
    FC_E_DIVISION_BY_ZERO,
    FC_E_UNSUPPORTED_PYTHON,
    FC_E_BUILTIN_ARITY,
    FC_W_COMMENT_LOOKS_LIKE_CODE,
    FC_W_BUILTIN_SHADOWED,
    FC_W_INVALID_UTF8,
    FC_E_INCLUDE_MISSING,
    FC_E_UNSUPPORTED_TPTP,
    FC_CODE_COUNT
} fc_code;

typedef struct fc_diag fc_diag;
typedef struct fc_diags fc_diags;

fc_diags *fc_diags_new(void);
void fc_diags_free(fc_diags *d);
size_t fc_diags_count(const fc_diags *d);
/* Number of diagnostics of severity FC_SEV_ERROR. */
size_t fc_diags_errors(const fc_diags *d);
const fc_diag *fc_diags_get(const fc_diags *d, size_t i);

const char *fc_code_name(fc_code code);
/* One-line description of what the code means, for `--list-codes`. */
const char *fc_code_summary(fc_code code);

fc_code fc_diag_code(const fc_diag *d);
fc_severity fc_diag_severity(const fc_diag *d);
int fc_diag_line(const fc_diag *d);
int fc_diag_col(const fc_diag *d);
const char *fc_diag_message(const fc_diag *d);
/* `file:line:col: error[code]: message`, then the source line with a caret
 * under the position.  With color, ANSI escapes highlight it. */
char *fc_diag_format(const fc_diag *d, bool color);

/* ---- traces ------------------------------------------------------------- */

typedef enum fc_dialect {
    FC_DIALECT_NATIVE,
    FC_DIALECT_FOLIO,
    FC_DIALECT_TPTP,
    FC_DIALECT_PYTHON,
} fc_dialect;

/* "native", "folio", "tptp" or "python"; false when the name is
 * unknown. */
bool fc_dialect_from_name(const char *name, fc_dialect *out);
const char *fc_dialect_name(fc_dialect d);

typedef struct fc_trace fc_trace;

/* Parses a trace in the text syntax.  name is used in diagnostics.  The
 * result is NULL only when nothing could be read (an empty file); a trace
 * whose steps do not parse is returned with those steps marked ill-formed.
 * Use fc_trace_checkable() to know whether it can be checked. */
fc_trace *fc_trace_parse(const char *name, const char *text, size_t len,
                         fc_dialect dialect, fc_diags *diags);

/* fc_trace_parse with flags.  FC_READ_INCLUDES lets a TPTP problem read
 * the files it includes (relative to name, then under $TPTP): only for
 * text from a file the user gave.  Without it (fc_trace_parse, and so the
 * library's JSON calls and the server) an include is an error, so that
 * text from elsewhere cannot make folcheck read local files. */
#define FC_READ_INCLUDES 1u
fc_trace *fc_trace_parse_flags(const char *name, const char *text,
                               size_t len, fc_dialect dialect,
                               unsigned flags, fc_diags *diags);

/* Parses one JSON Lines record (the trace schema, or a FOLIO record with
 * `premises-FOL`).  lineno is the record's line in its file, for
 * diagnostics.  NULL when the record is not JSON or has wrong field types. */
fc_trace *fc_trace_from_json(const char *name, int lineno, const char *text,
                             size_t len, fc_dialect dialect,
                             fc_diags *diags);

void fc_trace_free(fc_trace *t);

/* Is diagnostic g the error of one of t's steps or of its conclusion, which
 * the result reports as that statement's finding (the text report prints
 * it there: printing the diagnostic too would say it twice)? */
bool fc_trace_reports_diag(const fc_trace *t, const fc_diag *g);

/* False when a premise, declaration, citation or expectation is broken:
 * the trace cannot be checked meaningfully.  Broken steps do not count:
 * they are verdicts (ill-formed steps), not input errors. */
bool fc_trace_checkable(const fc_trace *t);
const char *fc_trace_name(const fc_trace *t);
/* The record's `id`, or NULL. */
const char *fc_trace_id(const fc_trace *t);
size_t fc_trace_statement_count(const fc_trace *t);

/* Each statement's normalized formula with its inferred sorts, one per line,
 * as `folcheck parse` prints them. */
char *fc_trace_dump(const fc_trace *t);

/* ---- checking ----------------------------------------------------------- */

typedef struct fc_check_options {
    int window;             /* previous steps in the local context; -1: all */
    unsigned timeout_ms;    /* per solver query; 0: none */
    unsigned rlimit;        /* Z3 resource limit per query; 0: none */
    bool explain;           /* countermodels for steps that do not follow */
    unsigned trace_timeout_ms; /* wall clock per trace: the steps left
                               when it runs out are unknown; 0: none */
    bool keep_obligations;  /* keep each question settled, with its
                               SMT-LIB text, for export and cross-checks */
    const char *cross_check;    /* "cvc5" or "eprover": every entailed and
                                   contradicted answer re-verified by it
                                   (fc_cross_check); NULL: none */
    unsigned cross_check_timeout_ms; /* per problem; 0: 10000 */
} fc_check_options;

/* window 1, timeout 10000 ms, trace timeout 60000 ms, no rlimit, no
 * explanations. */
void fc_check_options_init(fc_check_options *o);

typedef struct fc_checker fc_checker;
typedef struct fc_result fc_result;

fc_checker *fc_checker_new(const fc_check_options *opts);
void fc_checker_free(fc_checker *c);

/* Checks a trace.  Never NULL: a trace that is not checkable gives a result
 * that carries its input errors. */
fc_result *fc_checker_run(fc_checker *c, const fc_trace *t);
void fc_result_free(fc_result *r);

bool fc_result_checked(const fc_result *r);   /* false: input errors */
bool fc_result_valid(const fc_result *r);
bool fc_result_coherent(const fc_result *r);
bool fc_result_has_unknown(const fc_result *r);
/* "valid", "invalid", "unknown" (nothing is invalid but some answer is
 * unknown) or "error" (the trace has input errors and was not checked). */
const char *fc_result_verdict(const fc_result *r);

/* ---- obligations: the questions a check settled --------------------------- */

/* With keep_obligations, a result keeps every question its check settled
 * (premise consistency, each step against its global and local context,
 * a derivation's inferences against their parents, the conclusion). */
size_t fc_result_obligation_count(const fc_result *r);
/* Obligation i as a standalone problem for another prover, format
 * "smtlib" (SMT-LIB 2, unsat when folcheck's answer holds) or "tptp" (a
 * Theorem, or Unsatisfiable for a consistency question); *name a file
 * name stem ("s3-global", "premises").  NULL with *why when it cannot be
 * written.  Caller frees the text and *name. */
char *fc_result_obligation_problem(const fc_result *r, size_t i,
                                   const char *format, char **name,
                                   const char **why);
/* Re-verifies every entailed and contradicted answer, and inconsistent
 * premises, with a second prover ("cvc5" or "eprover", run as a process
 * for at most timeout_ms each): the answers go into the result (JSON
 * "cross_check").  A prover that times out or cannot read a problem is
 * counted as such, never as agreeing.  -1 for an unknown prover, or a
 * result without obligations. */
int fc_cross_check(fc_result *r, const char *prover, unsigned timeout_ms);

/* ---- reports ------------------------------------------------------------ */

typedef struct fc_report_options {
    bool color;
    bool explain;
    bool stats;
} fc_report_options;

/* Compiler-style text: one finding per failed step, a summary line. */
char *fc_report_text(const fc_result *r, const fc_report_options *o);
/* One JSON object (one line unless pretty). */
char *fc_report_json(const fc_result *r, bool pretty);

/* The JSON result for a record that could not be read as a trace: its id
 * and meta when the JSON itself is fine, and the first error of d from
 * index first on, with its code, line and column.  *code (may be NULL)
 * receives that code. */
char *fc_error_record_json(const char *name, int lineno, const char *line,
                           size_t len, const fc_diags *d, size_t first,
                           fc_code *code);

/* Regression mode: compares a result with the trace's `expect` statements.
 * Returns the number of expectations checked, and appends one line per
 * mismatch to *mismatches (caller frees; NULL when none). */
size_t fc_result_expectations(const fc_result *r, size_t *failed,
                              char **mismatches);

/* A regression run: one case per trace (named "file" or "file#id"), met
 * when every `expect` line of the trace holds.  A trace without
 * expectations passes as skipped; a file that cannot be read fails. */
typedef struct fc_test_run fc_test_run;

fc_test_run *fc_test_run_new(void);
void fc_test_run_free(fc_test_run *run);
void fc_test_run_add_result(fc_test_run *run, const char *name,
                            const fc_result *r);
/* A file no trace could be read from: its diagnostics are the failure. */
void fc_test_run_add_unreadable(fc_test_run *run, const char *name,
                                const fc_diags *d);
size_t fc_test_run_cases(const fc_test_run *run);
size_t fc_test_run_failed(const fc_test_run *run);
/* The mismatches, then "N passed, N failed[, N skipped] (...)"; TAP 13;
 * JUnit XML.  Caller frees each. */
char *fc_test_run_text(const fc_test_run *run);
char *fc_test_run_tap(const fc_test_run *run);
char *fc_test_run_junit(const fc_test_run *run);

/* ---- summaries ---------------------------------------------------------- */

/* Corpus metrics of an audit: counts and sums only, so that summaries of
 * shards add up to the summary of the whole run. */
typedef struct fc_summary fc_summary;

fc_summary *fc_summary_new(void);
void fc_summary_free(fc_summary *s);
/* Adds src into dst. */
void fc_summary_merge(fc_summary *dst, const fc_summary *src);
/* The summary as pretty-printed JSON. */
char *fc_summary_json(const fc_summary *s);
/* Reads a summary written by fc_summary_json; NULL with *err (caller
 * frees) when the text is not one. */
fc_summary *fc_summary_parse(const char *json, char **err);
/* A short table for people. */
char *fc_summary_table(const fc_summary *s);

/* ---- reports: HTML ------------------------------------------------------ */

/* One self-contained HTML page (inline CSS and SVG; no scripts, fonts or
 * network) drawn from n >= 1 audit summaries, as fc_summary_json writes
 * them, shown side by side to compare runs.  names[i] labels summary i (a
 * file name, say); names or an entry may be NULL.  All text from the
 * summaries and names is escaped.  Returns the page (caller frees with
 * free()), or NULL with *err set (caller frees with free()) when a text is
 * not a summary; the message starts with that summary's name. */
/* fc_report_html with the audit's result lines (results_text, `audit`
 * output; NULL for none): every example's id links to a section with that
 * trace's steps, statuses and findings. */
char *fc_report_html_results(const char *const *summary_json_texts,
                             const char *const *names, size_t n,
                             const char *results_text, char **err);
char *fc_report_html(const char *const *summary_json_texts,
                     const char *const *names, size_t n, char **err);

/* The paired analysis of two audits' result lines (`audit` output, one
 * JSON object per line): records paired by key (`id`, or a meta key:
 * `problem` and `meta.problem` are the same), split into four groups by
 * whether the base and the RL record are right (its conclusion, the
 * reference answer, is reached; or, with correct_by, its meta key says
 * so), and each group's base and RL columns compared as in
 * fc_report_html, each RL column tested against its group's base.
 * Unpaired and repeated keys are counted and listed.  NULL with *err
 * (caller frees) when a file is not result lines. */
char *fc_report_paired_html(const char *base_text, const char *base_name,
                            const char *rl_text, const char *rl_name,
                            const char *key, const char *correct_by,
                            char **err);

/* ---- batch audits ------------------------------------------------------- */

typedef struct fc_audit_options {
    fc_check_options check;
    fc_dialect dialect;     /* for records without a `dialect` field */
    int jobs;               /* worker threads; 0: the number of cores */
    unsigned shard_i, shard_n;  /* keep record r when r % n == i */
} fc_audit_options;

void fc_audit_options_init(fc_audit_options *o);

/* Records a run in the summary's metadata (input, date, version, options);
 * merged summaries list every run. */
void fc_summary_add_run(fc_summary *s, const char *input,
                        const fc_audit_options *o);

typedef struct fc_audit_progress {
    uint64_t records_read, done, errors;
    uint64_t bytes_read, bytes_total;   /* bytes_total: 0 when unknown */
    uint64_t elapsed_us;
    uint64_t invalid, incoherent;   /* of the traces checked so far */
} fc_audit_progress;

/* Called now and then from a worker thread, and once at the end. */
typedef void (*fc_progress_fn)(const fc_audit_progress *p, void *user);

/* Reads JSON Lines records from in and writes one JSON result per record to
 * out, in input order; a record that cannot be read gets an error record
 * and the batch goes on.  Adds the run to summary.  name is used in
 * diagnostics.  Each line is flushed when out is not a regular file (a
 * pipe answers record by record).  False on an I/O error, with errno
 * saying why; when out cannot be written the run stops reading, and the
 * summary is marked partial (it counts what was done). */
/* Did the run behind the summary stop early (see fc_audit_run)? */
bool fc_summary_is_partial(const fc_summary *s);
void fc_summary_set_partial(fc_summary *s);
/* Keep a sub-summary per value of the records' meta key (`model`, or
 * `meta.model`: the same) besides the totals: set it before fc_audit_run.
 * NULL: no groups.  Summaries merge group by group. */
void fc_summary_set_group_by(fc_summary *s, const char *key);
const char *fc_summary_group_by(const fc_summary *s); /* NULL: none */

bool fc_audit_run(FILE *in, const char *name, FILE *out,
                  const fc_audit_options *o, fc_summary *summary,
                  fc_progress_fn progress, void *user,
                  uint64_t bytes_total);

/* ---- JSON in, JSON out: bindings, servers, training loops -------------- */

/* Frees a string this library returned (for bindings that do not share
 * the C library's free()). */
void fc_string_free(char *s);

/* A checker from options given as a JSON object (NULL or "" for the
 * defaults): "window" (int, -1 for all), "timeout_ms", "rlimit",
 * "trace_timeout_ms" (non-negative integers; 0: none) and "explain"
 * (bool).  NULL with *err (caller frees) on a bad key or value. */
fc_checker *fc_checker_new_json(const char *options_json, char **err);

/* Checks one trace and returns its result as one JSON line (caller frees),
 * the object `check --format json` prints: the trace in the text syntax
 * of dialect when record is false, or one JSON Lines record when it is
 * true.  A trace that cannot be checked gives its error record ("verdict":
 * "error").  name appears as "file" (NULL: "<input>").  Never NULL. */
char *fc_check_json(fc_checker *c, const char *name, const char *input,
                    size_t len, bool record, fc_dialect dialect);

/* A session checks a trace as it is written: open it with the problem
 * (a JSON object with "premises" and optionally "declarations", "dialect",
 * "id", "meta", as in a record; its "steps" and "conclusion", when given,
 * are added first), then add steps one at a time.  Each answer equals that
 * of the batch check of the trace so far (without wall-clock limits: a
 * --timeout or --trace-timeout can end a query sooner in one than in the
 * other).  A session borrows its checker: one thread at a time. */
typedef struct fc_session fc_session;

/* NULL with *err (caller frees: the JSON error record as text) when the
 * object is not a record or its premises or declarations are broken. */
fc_session *fc_session_new(fc_checker *c, const char *problem_json,
                           char **err);
void fc_session_free(fc_session *s);
/* Adds a step (formula in the session's dialect; label and by may be
 * NULL; by lists nby labels) and returns the step's object as in the
 * result's "steps" (caller frees).  A step that does not parse, or cites
 * a wrong label, is an ill-formed step, not an error. */
char *fc_session_add_step(fc_session *s, const char *formula,
                          const char *label, const char *const *by,
                          size_t nby);
/* Sets the conclusion (replacing any earlier one) and returns the
 * result's "conclusion" object (caller frees). */
char *fc_session_conclude(fc_session *s, const char *formula);
/* The result of the trace so far, as fc_check_json gives it. */
char *fc_session_result(fc_session *s);
/* How many steps were added. */
size_t fc_session_steps(const fc_session *s);

/* Rewards from a JSON result (the text fc_check_json returns, or any
 * `--format json` line).  weights_json (NULL or "" for the defaults) is a
 * JSON object of numbers that overrides the recipe's values:
 *   trace: "valid" 1.0; "coherent_invalid" 0.5, the factor of the share of
 *     steps that hold before the first failed one; "incoherent" 0.0;
 *     "vacuous" 0.0 (the conclusion follows from the trace's own
 *     definitions); "error" 0.0 (input errors);
 *   steps: "entailed" 1.0, "definition" 1.0, and per error type (its name,
 *     as "arithmetic", or its category, as "false_rule") 0.0.
 * Returns {"reward": r, "step_rewards": [...], "verdict": "...",
 * "first_failed": index or null} as text (caller frees), or NULL with *err
 * (caller frees) when the result or the weights are not JSON of the right
 * shape. */
char *fc_reward_json(const char *result_json, const char *weights_json,
                     char **err);

#ifdef __cplusplus
}
#endif

#endif
