/* Helpers shared by the Criterion suites: parsing a trace from text,
 * checking it, finding steps and diagnostics.  Each suite includes this
 * header instead of keeping copies of its own. */
#ifndef FC_TEST_HELPERS_H
#define FC_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <string.h>

#include "folcheck.h"
#include "result/result.h"

/* The trace of text, named t.fol, in dialect d; NULL when it cannot be
 * read at all (diags says why). */
static inline fc_trace *fct_parse_in(const char *text, fc_dialect d,
                                     fc_diags *diags)
{
    return fc_trace_parse("t.fol", text, strlen(text), d, diags);
}

/* The same, and the trace must come back. */
static inline fc_trace *fct_parse(const char *text, fc_dialect d,
                                  fc_diags *diags)
{
    fc_trace *t = fct_parse_in(text, d, diags);
    cr_assert_not_null(t);
    return t;
}

/* A native trace that must read without an error. */
static inline fc_trace *fct_parse_clean(const char *text)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = fct_parse(text, FC_DIALECT_NATIVE, d);
    cr_assert_eq(fc_diags_errors(d), 0, "%s",
                 fc_diags_errors(d) ? fc_diag_message(fc_diags_get(d, 0))
                                    : "");
    fc_diags_free(d);
    return t;
}

static inline size_t fct_count_code(const fc_diags *d, fc_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < fc_diags_count(d); i++)
        n += fc_diag_code(fc_diags_get(d, i)) == code;
    return n;
}

/* The first diagnostic with the code; there must be one. */
static inline const fc_diag *fct_find_code(const fc_diags *d, fc_code code)
{
    for (size_t i = 0; i < fc_diags_count(d); i++)
        if (fc_diag_code(fc_diags_get(d, i)) == code)
            return fc_diags_get(d, i);
    cr_assert_fail("no diagnostic %s", fc_code_name(code));
    return NULL;
}

/* A native trace and its result. */
typedef struct fct_run {
    fc_trace *t;
    fc_result *r;
} fct_run;

/* Checks text with the options o (NULL: the defaults) on a checker of
 * its own. */
static inline fct_run fct_check(const char *text, const fc_check_options *o)
{
    fct_run x = {0};
    fc_diags *d = fc_diags_new();
    x.t = fct_parse(text, FC_DIALECT_NATIVE, d);
    fc_diags_free(d);
    fc_checker *c = fc_checker_new(o);
    x.r = fc_checker_run(c, x.t);
    cr_assert_not_null(x.r);
    fc_checker_free(c);
    return x;
}

static inline void fct_done(fct_run *x)
{
    fc_result_free(x->r);
    fc_trace_free(x->t);
}

/* The result of the step labelled label; there must be one. */
static inline const fc_step_result *fct_step(const fct_run *x,
                                             const char *label)
{
    for (size_t k = 0; k < x->r->steps.len; k++) {
        const fc_step_result *sr = &x->r->steps.data[k];
        if (!strcmp(x->t->stmts.data[sr->stmt].label, label))
            return sr;
    }
    cr_assert_fail("no step %s", label);
    return NULL;
}

#endif
