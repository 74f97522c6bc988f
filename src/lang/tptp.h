/* The TPTP reader: fof, tff (with $int $rat $real arithmetic) and cnf
 * problems read into the trace model.
 *
 * A problem's axioms (and hypotheses, definitions, lemmas, theorems,
 * corollaries, plain and negated_conjecture formulas) are premises, its
 * conjecture the conclusion, and tff type formulas declarations.  Free
 * variables of cnf clauses are universally closed.  Includes are read
 * relative to the including file, then under $TPTP.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl
 * (tptp sits beside parse) */
#ifndef FC_TPTP_H
#define FC_TPTP_H

#include "lang/trace.h"
#include "util/diag.h"

/* Reads a TPTP file and runs the passes.  includes: read the files it
 * includes (relative to name's folder); otherwise an include is an error.  NULL, with diagnostics, when nothing could be read. */
fc_trace *fc_tptp_parse(const char *name, const char *text, size_t len,
                        bool includes, fc_diags *diags);

/* Reads one TPTP formula of a JSON record (fof or tff syntax; free
 * upper-case variables are universally closed, as in cnf).  NULL, with a
 * diagnostic at its place in the record (line json_line, the string at
 * raw offset raw_off, field), on error. */
fc_node *fc_tptp_parse_formula(fc_ast *ast, fc_diags *diags, const char *file,
                               int json_line, const char *record,
                               size_t record_len, long raw_off,
                               const char *field, const char *text,
                               size_t len);

#endif
