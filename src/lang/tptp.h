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

/* Reads t's text (a TPTP file) into its statements, as fc_parse_file
 * does for the other dialects.  includes: read the files it includes
 * (relative to t's name); otherwise an include is an error. */
void fc_tptp_read(fc_trace *t, bool includes, fc_diags *diags);

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
