/* Regression runs (`folcheck test`): each trace is a case whose `expect`
 * lines are met or not, reported as text, TAP or JUnit XML. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct test_case {
    char *name;
    size_t expectations;
    char *mismatches;   /* NULL when it passed */
} test_case;

struct fc_test_run {
    FC_VEC(test_case) cases;
};

fc_test_run *fc_test_run_new(void) { return fc_xcalloc(1, sizeof(fc_test_run)); }

void fc_test_run_free(fc_test_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->cases.len; i++) {
        free(run->cases.data[i].name);
        free(run->cases.data[i].mismatches);
    }
    fc_vec_free(&run->cases);
    free(run);
}

static void add_case(fc_test_run *run, const char *name, size_t expectations,
                     char *mismatches)
{
    test_case tc = {fc_xstrdup(name), expectations, mismatches};
    fc_vec_push(&run->cases, tc);
}

void fc_test_run_add_result(fc_test_run *run, const char *name,
                            const fc_result *r)
{
    size_t failed;
    char *mism = NULL;
    size_t n = fc_result_expectations(r, &failed, &mism);
    if (!failed) {
        free(mism);
        mism = NULL;
    }
    if (!fc_result_checked(r) && n == 0) {
        /* nothing was expected, but the trace could not be read */
        free(mism);
        mism = fc_report_text(r, &(fc_report_options){0});
    }
    add_case(run, name, n, mism);
}

void fc_test_run_add_unreadable(fc_test_run *run, const char *name,
                                const fc_diags *d)
{
    fc_buf b = {0};
    for (size_t k = 0; k < fc_diags_count(d); k++) {
        char *s = fc_diag_format(fc_diags_get(d, k), false);
        fc_buf_puts(&b, s);
        free(s);
    }
    if (!b.len)
        fc_buf_printf(&b, "%s: cannot be read\n", name);
    add_case(run, name, 0, fc_buf_take(&b));
}

size_t fc_test_run_cases(const fc_test_run *run) { return run->cases.len; }

size_t fc_test_run_failed(const fc_test_run *run)
{
    size_t failed = 0;
    for (size_t i = 0; i < run->cases.len; i++)
        failed += run->cases.data[i].mismatches != NULL;
    return failed;
}

/* Cases without expectations that passed: reported as skipped. */
static size_t empty_cases(const fc_test_run *run)
{
    size_t empty = 0;
    for (size_t i = 0; i < run->cases.len; i++)
        empty += !run->cases.data[i].mismatches &&
                 !run->cases.data[i].expectations;
    return empty;
}

char *fc_test_run_text(const fc_test_run *run)
{
    fc_buf b = {0};
    size_t expectations = 0, failed = fc_test_run_failed(run);
    size_t empty = empty_cases(run), n = run->cases.len;
    for (size_t i = 0; i < n; i++) {
        expectations += run->cases.data[i].expectations;
        if (run->cases.data[i].mismatches)
            fc_buf_puts(&b, run->cases.data[i].mismatches);
    }
    fc_buf_printf(&b, "%zu passed, %zu failed", n - failed - empty, failed);
    if (empty)
        fc_buf_printf(&b, ", %zu skipped", empty);
    fc_buf_printf(&b, " (%zu traces, %zu expectations)\n", n, expectations);
    return fc_buf_take(&b);
}

char *fc_test_run_tap(const fc_test_run *run)
{
    fc_buf b = {0};
    fc_buf_printf(&b, "TAP version 13\n1..%zu\n", run->cases.len);
    for (size_t i = 0; i < run->cases.len; i++) {
        const test_case *tc = &run->cases.data[i];
        if (tc->mismatches) {
            fc_buf_printf(&b, "not ok %zu - %s\n", i + 1, tc->name);
            const char *p = tc->mismatches;
            while (*p) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                fc_buf_printf(&b, "# %.*s\n", (int)n, p);
                p += n + (nl ? 1 : 0);
            }
        } else if (!tc->expectations) {
            fc_buf_printf(&b, "ok %zu - %s # SKIP no expectations\n", i + 1,
                          tc->name);
        } else {
            fc_buf_printf(&b, "ok %zu - %s (%zu expectations)\n", i + 1,
                          tc->name, tc->expectations);
        }
    }
    return fc_buf_take(&b);
}

static void xml_escape(fc_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fc_buf_puts(b, "&lt;"); break;
        case '>': fc_buf_puts(b, "&gt;"); break;
        case '&': fc_buf_puts(b, "&amp;"); break;
        case '"': fc_buf_puts(b, "&quot;"); break;
        default: fc_buf_printf(b, "%c", *s);
        }
    }
}

char *fc_test_run_junit(const fc_test_run *run)
{
    fc_buf b = {0};
    fc_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fc_buf_printf(&b, "<testsuite name=\"folcheck\" tests=\"%zu\" "
                      "failures=\"%zu\" skipped=\"%zu\">\n",
                  run->cases.len, fc_test_run_failed(run), empty_cases(run));
    for (size_t i = 0; i < run->cases.len; i++) {
        const test_case *tc = &run->cases.data[i];
        fc_buf_puts(&b, "  <testcase classname=\"folcheck\" name=\"");
        xml_escape(&b, tc->name);
        fc_buf_puts(&b, "\"");
        if (tc->mismatches) {
            fc_buf_puts(&b, ">\n    <failure message=\"expectation not "
                            "met\">");
            xml_escape(&b, tc->mismatches);
            fc_buf_puts(&b, "</failure>\n  </testcase>\n");
        } else if (!tc->expectations) {
            fc_buf_puts(&b, ">\n    <skipped message=\"no "
                            "expectations\"/>\n  </testcase>\n");
        } else {
            fc_buf_puts(&b, "/>\n");
        }
    }
    fc_buf_puts(&b, "</testsuite>\n");
    return fc_buf_take(&b);
}
