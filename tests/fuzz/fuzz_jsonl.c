/* libFuzzer harness: the JSON Lines reader and the JSON result (every
 * record that reads is checked, under a small resource limit, and written
 * as JSON). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "folcheck.h"

static fc_checker *checker;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!checker) {
        fc_check_options o;
        fc_check_options_init(&o);
        o.rlimit = 20000;
        o.timeout_ms = 2000;
        o.trace_timeout_ms = 5000;
        checker = fc_checker_new(&o);
    }
    fc_diags *diags = fc_diags_new();
    fc_trace *t = fc_trace_from_json("fuzz.jsonl", 1, (const char *)data,
                                     size, FC_DIALECT_NATIVE, diags);
    if (t && fc_trace_checkable(t) && size < 4096) {
        fc_result *r = fc_checker_run(checker, t);
        char *j = fc_report_json(r, false);
        free(j);
        fc_result_free(r);
    }
    fc_trace_free(t);
    fc_diags_free(diags);
    return 0;
}
