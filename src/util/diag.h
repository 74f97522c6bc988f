/* Diagnostics: errors and warnings as values.  Every code is listed once,
 * in the registry in diag.c, with its stable name; users search for the
 * name and tests assert it. */
#ifndef FC_DIAG_H
#define FC_DIAG_H

#include "folcheck.h"
#include "util/util.h"

struct fc_diag {
    fc_code code;
    fc_severity severity;
    char *file;     /* file name, or "<input>" */
    int line;       /* 1-based line in the file; 0 when unknown */
    int col;        /* 1-based display column in that line; 0 when unknown */
    char *field;    /* JSON input: which formula ("premises[2]"), or NULL */
    int fcol;       /* JSON input: 1-based column inside that formula */
    char *source;   /* the text to show under the message (line or formula) */
    int caret;      /* 1-based display column of the caret in source */
    int span;       /* display columns to underline, at least 1 */
    char *message;
};

struct fc_diags {
    FC_VEC(fc_diag *) items;
    size_t errors;
};

/* Where a diagnostic points: filled by the front end for each statement. */
typedef struct fc_pos {
    const char *file;
    int line, col;          /* in the file */
    const char *source;     /* line shown with the caret (not copied yet) */
    size_t source_len;
    int caret, span;        /* in source, display columns */
    const char *field;      /* JSON formula field, or NULL */
    int fcol;
} fc_pos;

fc_diag *fc_diags_add(fc_diags *d, fc_code code, const fc_pos *pos,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
fc_diag *fc_diags_vadd(fc_diags *d, fc_code code, const fc_pos *pos,
                       const char *fmt, va_list ap);
/* Moves every diagnostic of src to the end of dst; src is left empty. */
void fc_diags_splice(fc_diags *dst, fc_diags *src);
void fc_diags_clear(fc_diags *d);

fc_severity fc_code_severity(fc_code code);

#endif
