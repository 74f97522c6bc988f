/* JSON in, JSON out: a checker from options in JSON, and one call that
 * reads a trace (text or a record), checks it and gives the result line.
 * The shape of the way in for bindings (ctypes), servers and training
 * loops, which hold no C structures. */
#include "folcheck.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "result/result.h"
#include "util/util.h"

void fc_string_free(char *s) { free(s); }

static char *fmt_err(const char *fmt, const char *a)
{
    fc_buf b = {0};
    fc_buf_printf(&b, fmt, a);
    return fc_buf_take(&b);
}

/* A non-negative integer (or -1 when allow_all) that fits in an int. */
static bool read_int(const cJSON *it, bool allow_all, long *out)
{
    if (!cJSON_IsNumber(it))
        return false;
    double v = it->valuedouble;
    if (v != floor(v) || v > INT_MAX || v < (allow_all ? -1 : 0))
        return false;
    *out = (long)v;
    return true;
}

bool fc_api_options(const char *json, fc_check_options *o, char **err)
{
    fc_check_options_init(o);
    if (!json || !*json)
        return true;
    cJSON *j = cJSON_Parse(json);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        *err = fc_xstrdup("the options are not a JSON object");
        return false;
    }
    bool ok = true;
    const cJSON *it;
    cJSON_ArrayForEach(it, j)
    {
        long v = 0;
        const char *k = it->string;
        if (!strcmp(k, "window") && read_int(it, true, &v))
            o->window = (int)v;
        else if (!strcmp(k, "timeout_ms") && read_int(it, false, &v))
            o->timeout_ms = (unsigned)v;
        else if (!strcmp(k, "rlimit") && read_int(it, false, &v))
            o->rlimit = (unsigned)v;
        else if (!strcmp(k, "trace_timeout_ms") && read_int(it, false, &v))
            o->trace_timeout_ms = (unsigned)v;
        else if (!strcmp(k, "explain") && cJSON_IsBool(it))
            o->explain = cJSON_IsTrue(it);
        else if (cJSON_IsNull(it))
            continue; /* null: the default */
        else {
            *err = fmt_err("option \"%s\": unknown, or not a value it takes "
                           "(window: an integer >= -1; timeout_ms, rlimit, "
                           "trace_timeout_ms: integers >= 0; explain: a "
                           "boolean)",
                           k);
            ok = false;
            break;
        }
    }
    cJSON_Delete(j);
    return ok;
}

fc_checker *fc_checker_new_json(const char *options_json, char **err)
{
    fc_check_options o;
    char *e = NULL;
    if (!fc_api_options(options_json, &o, &e)) {
        if (err)
            *err = e;
        else
            free(e);
        return NULL;
    }
    return fc_checker_new(&o);
}

char *fc_api_check(fc_checker *c, const char *name, int lineno,
                   const char *input, size_t len, bool record,
                   fc_dialect dialect, uint64_t *total_us)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = record ? fc_trace_from_json(name, lineno, input, len,
                                              dialect, d)
                         : fc_trace_parse(name, input, len, dialect, d);
    char *out;
    if (total_us)
        *total_us = 0;
    if (!t) {
        out = fc_error_record_json(name, lineno, record ? input : "",
                                   record ? len : 0, d, 0, NULL);
    } else {
        fc_result *r = fc_checker_run(c, t);
        out = fc_result_json_line(r, d);
        if (total_us)
            *total_us = r->total_us;
        fc_result_free(r);
        fc_trace_free(t);
    }
    fc_diags_free(d);
    return out;
}

char *fc_check_json(fc_checker *c, const char *name, const char *input,
                    size_t len, bool record, fc_dialect dialect)
{
    if (!input) {
        input = "";
        len = 0;
    }
    return fc_api_check(c, name ? name : "<input>", 1, input, len, record,
                        dialect, NULL);
}
