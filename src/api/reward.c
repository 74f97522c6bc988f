/* Rewards from a result: the recipes of README ("For RL users"), with
 * weights that override their values.  One implementation, shared by the
 * Python package and the server. */
#include "folcheck.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "result/result.h"
#include "util/util.h"

void fc_reward_weights_init(fc_reward_weights *w)
{
    w->valid = 1.0;
    w->coherent_invalid = 0.5;
    w->incoherent = 0.0;
    w->vacuous = 0.0;
    w->error = 0.0;
    w->entailed = 1.0;
    w->definition = 1.0;
    for (int i = 0; i < FC_T_COUNT; i++)
        w->by_type[i] = -1;
    for (int i = 0; i < FC_CAT_COUNT; i++)
        w->by_category[i] = -1;
    w->failed = 0.0;
}

static char *err_key(const char *key, const char *why)
{
    fc_buf b = {0};
    fc_buf_printf(&b, "weight \"%s\": %s", key, why);
    return fc_buf_take(&b);
}

static int category_from_name(const char *name)
{
    for (int c = 1; c < FC_CAT_COUNT; c++)
        if (!strcmp(fc_category_name((fc_category)c), name))
            return c;
    return -1;
}

bool fc_reward_weights_parse(const char *json, fc_reward_weights *w,
                             char **err)
{
    fc_reward_weights_init(w);
    if (!json || !*json)
        return true;
    cJSON *j = cJSON_Parse(json);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        *err = fc_xstrdup("the weights are not a JSON object");
        return false;
    }
    struct {
        const char *key;
        double *v;
    } named[] = {
        {"valid", &w->valid},           {"coherent_invalid", &w->coherent_invalid},
        {"incoherent", &w->incoherent}, {"vacuous", &w->vacuous},
        {"error", &w->error},           {"entailed", &w->entailed},
        {"definition", &w->definition}, {"failed", &w->failed},
    };
    const cJSON *it;
    bool ok = true;
    cJSON_ArrayForEach(it, j)
    {
        const char *k = it->string;
        if (!cJSON_IsNumber(it)) {
            *err = err_key(k, "not a number");
            ok = false;
            break;
        }
        double v = it->valuedouble;
        bool found = false;
        for (size_t i = 0; i < sizeof named / sizeof *named && !found; i++)
            if (!strcmp(named[i].key, k)) {
                *named[i].v = v;
                found = true;
            }
        fc_etype t = fc_etype_from_name(k);
        int c = category_from_name(k);
        if (!found && t != FC_T_NONE) {
            w->by_type[t] = v;
            found = true;
        } else if (!found && c > 0) {
            w->by_category[c] = v;
            found = true;
        }
        if (!found) {
            *err = err_key(k, "unknown (a verdict: valid, coherent_invalid, "
                              "incoherent, vacuous, error; a step: entailed, "
                              "definition, failed; an error type or "
                              "category)");
            ok = false;
            break;
        }
    }
    cJSON_Delete(j);
    return ok;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A failed step's reward: its type's weight, else its category's, else
 * the weight of any failed step. */
static double failed_step(const cJSON *error, const fc_reward_weights *w)
{
    const char *type = str_of(error, "type");
    const char *cat = str_of(error, "category");
    fc_etype t = type ? fc_etype_from_name(type) : FC_T_NONE;
    if (t != FC_T_NONE && w->by_type[t] >= 0)
        return w->by_type[t];
    int c = cat ? category_from_name(cat) : -1;
    if (c > 0 && w->by_category[c] >= 0)
        return w->by_category[c];
    return w->failed;
}

bool fc_reward_compute(const cJSON *result, const fc_reward_weights *w,
                       fc_reward *out, char **err)
{
    memset(out, 0, sizeof *out);
    out->first_failed = -1;
    const char *verdict = str_of(result, "verdict");
    if (!cJSON_IsObject(result) || !verdict) {
        *err = fc_xstrdup("the result is not a folcheck result (no "
                          "\"verdict\")");
        return false;
    }
    out->verdict = verdict;
    if (!strcmp(verdict, "error")) {
        out->reward = w->error;
        return true;
    }
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(result, "steps");
    if (!cJSON_IsArray(steps)) {
        *err = fc_xstrdup("the result has no \"steps\" array");
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(steps), k = 0, held = 0;
    out->step_rewards = fc_xmalloc((n ? n : 1) * sizeof(double));
    const cJSON *st;
    cJSON_ArrayForEach(st, steps)
    {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(st, "error");
        const char *g = str_of(st, "global");
        double r;
        if (cJSON_IsObject(e)) {
            r = failed_step(e, w);
            if (out->first_failed < 0)
                out->first_failed = (int)k;
        } else {
            r = g && !strcmp(g, "definition") ? w->definition : w->entailed;
            if (out->first_failed < 0)
                held++;
        }
        out->step_rewards[k++] = r;
    }
    out->nsteps = n;
    const cJSON *concl = cJSON_GetObjectItemCaseSensitive(result, "conclusion");
    bool vacuous = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(concl,
                                                                 "vacuous"));
    bool valid = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(result,
                                                               "valid"));
    bool coherent = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(result,
                                                                  "coherent"));
    if (vacuous)
        out->reward = w->vacuous;
    else if (valid)
        out->reward = w->valid;
    else if (!coherent)
        out->reward = w->incoherent;
    else
        out->reward = n ? w->coherent_invalid * (double)held / (double)n : 0;
    return true;
}

void fc_reward_free(fc_reward *r)
{
    free(r->step_rewards);
    r->step_rewards = NULL;
}

cJSON *fc_reward_to_json(const fc_reward *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "reward", r->reward);
    cJSON *a = cJSON_AddArrayToObject(o, "step_rewards");
    for (size_t i = 0; i < r->nsteps; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(r->step_rewards[i]));
    cJSON_AddStringToObject(o, "verdict", r->verdict);
    if (r->first_failed >= 0)
        cJSON_AddNumberToObject(o, "first_failed", r->first_failed + 1);
    else
        cJSON_AddNullToObject(o, "first_failed");
    return o;
}

char *fc_reward_json(const char *result_json, const char *weights_json,
                     char **err)
{
    char *e = NULL;
    fc_reward_weights w;
    if (!fc_reward_weights_parse(weights_json, &w, &e)) {
        if (err)
            *err = e;
        else
            free(e);
        return NULL;
    }
    cJSON *res = result_json ? cJSON_Parse(result_json) : NULL;
    fc_reward r;
    if (!fc_reward_compute(res, &w, &r, &e)) {
        cJSON_Delete(res);
        if (err)
            *err = e;
        else
            free(e);
        return NULL;
    }
    cJSON *o = fc_reward_to_json(&r);
    char *s = cJSON_PrintUnformatted(o);
    char *out = fc_xstrdup(s);
    cJSON_free(s);
    cJSON_Delete(o);
    fc_reward_free(&r);
    cJSON_Delete(res);
    return out;
}
