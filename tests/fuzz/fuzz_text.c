/* libFuzzer harness: the text readers.  The first byte picks the dialect
 * (native, folio, python, tptp), the rest is a trace file; the trace is
 * parsed, and checked when it can be, under a small resource limit, with
 * every question it settles written as SMT-LIB and TPTP problems. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "folcheck.h"

static fc_checker *checker;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!checker) {
        fc_check_options o;
        fc_check_options_init(&o);
        o.rlimit = 20000;
        o.timeout_ms = 2000;
        o.trace_timeout_ms = 5000;
        o.keep_obligations = true;
        checker = fc_checker_new(&o);
    }
    static const fc_dialect dialects[] = {FC_DIALECT_NATIVE,
                                          FC_DIALECT_FOLIO,
                                          FC_DIALECT_PYTHON,
                                          FC_DIALECT_TPTP};
    fc_dialect d = dialects[data[0] % 4];
    fc_diags *diags = fc_diags_new();
    fc_trace *t = fc_trace_parse("fuzz", (const char *)data + 1, size - 1,
                                 d, diags);
    if (t && fc_trace_checkable(t) && size < 4096) {
        fc_result *r = fc_checker_run(checker, t);
        for (size_t i = 0; i < fc_result_obligation_count(r); i++) {
            const char *why = NULL;
            char *name = NULL;
            free(fc_result_obligation_problem(r, i, "smtlib", NULL, &why));
            free(fc_result_obligation_problem(r, i, "tptp", &name, &why));
            free(name);
        }
        fc_result_free(r);
    }
    fc_trace_free(t);
    fc_diags_free(diags);
    return 0;
}
