/* The parser stage: the state shared by the flex scanner and the bison
 * parser in grammar/, the entry points the JSON reader calls, and
 * fc_trace_parse (folcheck.h), which reads a text trace and runs the passes.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_PARSE_H
#define FC_PARSE_H

#include "lang/ast.h"
#include "util/diag.h"
#include "lang/trace.h"

typedef struct fc_loc {
    size_t beg, end; /* byte offsets into the parsed text */
} fc_loc;

typedef struct fc_binder {
    fc_sym *var;
    uint32_t annot;
} fc_binder;

typedef struct fc_binders {
    fc_kind kind; /* FC_FORALL or FC_EXISTS */
    size_t n;
    fc_binder *items;
} fc_binders;

typedef struct fc_nlist {
    FC_VEC(fc_node *) items;
} fc_nlist;

enum fc_parse_mode { FC_MODE_FILE, FC_MODE_FORMULA };

typedef struct fc_pstate {
    fc_ast *ast;
    fc_diags *diags;
    fc_dialect dialect;
    int mode;
    const char *file;
    const char *text;
    size_t len;
    /* JSON input: where the formula string sits, for positions */
    const char *field;
    int json_line;
    const char *json_record;   /* the whole record line, or NULL */
    size_t json_record_len;
    long json_raw_off;         /* where the string's content starts, or -1 */
    bool json_positions;       /* FILE mode over a JSON string */

    /* line lookup cache (FILE mode) */
    size_t cache_off, cache_line_start;
    int cache_line;

    /* scanner */
    size_t off;                /* byte offset of the next token */
    int start_token;           /* first token handed to the parser */
    bool begun;
    bool stmt_start;           /* no token yet in this statement */
    bool stmt_has_tokens;
    size_t stmt_beg;
    int depth;                 /* open parentheses */
    FC_VEC(size_t) open_parens;/* offsets of the open parentheses */
    int last_token, prev_token;
    size_t last_token_beg;
    /* an error found by the scanner, reported at the next syntax error */
    bool lex_error;
    fc_code lex_code;
    fc_loc lex_loc;
    char lex_msg[200];
    bool want_skip;            /* skip to the next statement */
    bool pending_newline;      /* end the statement before the next token */

    /* parser */
    FC_VEC(fc_binders *) binders;  /* owned: freed with the state */
    FC_VEC(fc_nlist *) lists;      /* owned: freed with the state */
    FC_VEC(fc_binder) scope;       /* variables bound at this point */
    FC_VEC(fc_sym *) bound_here;   /* every name bound in the statement */
    fc_stmt cur;                   /* the statement being read */
    bool cur_has_kind;

    /* output */
    fc_trace *trace;       /* FILE mode: statements go here */
    fc_node *formula;      /* FORMULA mode: the result */
    fc_loc formula_loc;
    bool fatal;            /* the parser stack overflowed */
} fc_pstate;

/* Turns a byte offset of the parsed text into a position for diagnostics
 * (st's line cache moves on). */
void fc_pstate_pos(fc_pstate *st, fc_loc loc, fc_pos *pos, int *line_out);
void fc_pstate_error(fc_pstate *st, fc_code code, fc_loc loc,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Called by the grammar for each statement read in FILE mode (the
 * statement is moved into the trace; st->cur is reset). */
void fc_pstate_emit(fc_pstate *st, fc_loc loc);
/* Called by the grammar when a statement does not parse. */
void fc_pstate_emit_broken(fc_pstate *st, fc_loc loc);

/* Runs the parser over st->text.  Returns false when it had to stop early
 * (the caller resumes after the failing statement). */
bool fc_parse_run(fc_pstate *st);

/* Parses one formula string (JSON input).  NULL on error, with a
 * diagnostic. */
fc_node *fc_parse_formula(fc_ast *ast, fc_diags *diags, fc_dialect dialect,
                          const char *file, int json_line,
                          const char *record, size_t record_len,
                          long raw_off, const char *field, const char *text,
                          size_t len);

/* Parses one declaration string of a JSON record (`sort S`, `pred P(S)`)
 * into t, with positions in the record. */
void fc_parse_declaration(fc_trace *t, fc_diags *diags, const char *file,
                          int json_line, const char *record,
                          size_t record_len, long raw_off, const char *field,
                          const char *text, size_t len);

/* Parses a whole text trace into t (FILE mode). */
void fc_parse_file(fc_trace *t, fc_diags *diags, const char *file,
                   const char *text, size_t len, fc_dialect dialect);

#endif
