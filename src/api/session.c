/* Sessions: a trace checked as it is written.  The session keeps the
 * record (the problem, the steps so far, the conclusion) and checks the
 * whole of it at each addition, so that every answer is the batch
 * check's by construction: sort inference, definitions and the contexts
 * G_i and L_i all depend on the trace as a whole. */
#include "folcheck.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

struct fc_session {
    fc_checker *checker;
    cJSON *rec;          /* the record: problem, "steps", "conclusion" */
    cJSON *steps;        /* borrowed from rec */
    size_t nsteps;
    char *result;        /* the last result line, or NULL when stale */
};

static char *print(const cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    char *out = fc_xstrdup(s);
    cJSON_free(s);
    return out;
}

static const char *result_now(fc_session *s)
{
    if (!s->result) {
        char *text = print(s->rec);
        s->result = fc_check_json(s->checker, "<session>", text, strlen(text),
                                  true, FC_DIALECT_NATIVE);
        free(text);
    }
    return s->result;
}

/* The result's member `key`, or its error record when the trace could
 * not be checked, as text. */
static char *member_of_result(fc_session *s, const char *key, size_t index)
{
    cJSON *r = cJSON_Parse(result_now(s));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, key);
    if (cJSON_IsArray(v))
        v = index < (size_t)cJSON_GetArraySize(v)
                ? cJSON_GetArrayItem(v, (int)index)
                : NULL;
    char *out = v ? print(v) : print(r);
    cJSON_Delete(r);
    return out;
}

fc_session *fc_session_new(fc_checker *c, const char *problem_json,
                           char **err)
{
    cJSON *rec = problem_json ? cJSON_Parse(problem_json) : NULL;
    const char *why = NULL;
    if (!cJSON_IsObject(rec))
        why = "the problem is not a JSON object";
    else if (cJSON_HasObjectItem(rec, "steps") &&
             !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(rec, "steps")))
        why = "the problem's \"steps\" is not an array";
    if (why) {
        cJSON_Delete(rec);
        if (err) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "verdict", "error");
            cJSON *o = cJSON_AddObjectToObject(e, "error");
            cJSON_AddStringToObject(o, "code", "bad_json");
            cJSON_AddStringToObject(o, "message", why);
            *err = print(e);
            cJSON_Delete(e);
        }
        return NULL;
    }
    fc_session *s = fc_xcalloc(1, sizeof *s);
    s->checker = c;
    s->rec = rec;
    s->steps = cJSON_GetObjectItemCaseSensitive(rec, "steps");
    if (!s->steps)
        s->steps = cJSON_AddArrayToObject(rec, "steps");
    s->nsteps = (size_t)cJSON_GetArraySize(s->steps);
    /* the problem itself must be checkable: a broken premise or
     * declaration is the problem's error, not a step's */
    cJSON *r = cJSON_Parse(result_now(s));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "verdict");
    bool bad = !cJSON_IsString(v) || !strcmp(v->valuestring, "error");
    cJSON_Delete(r);
    if (bad) {
        if (err)
            *err = fc_xstrdup(s->result);
        fc_session_free(s);
        return NULL;
    }
    return s;
}

void fc_session_free(fc_session *s)
{
    if (!s)
        return;
    cJSON_Delete(s->rec);
    free(s->result);
    free(s);
}

char *fc_session_add_step(fc_session *s, const char *formula,
                          const char *label, const char *const *by,
                          size_t nby)
{
    cJSON *st = cJSON_CreateObject();
    cJSON_AddStringToObject(st, "formula", formula ? formula : "");
    if (label)
        cJSON_AddStringToObject(st, "label", label);
    if (nby) {
        cJSON *b = cJSON_AddArrayToObject(st, "by");
        for (size_t i = 0; i < nby; i++)
            cJSON_AddItemToArray(b, cJSON_CreateString(by[i] ? by[i] : ""));
    }
    cJSON_AddItemToArray(s->steps, st);
    s->nsteps++;
    free(s->result);
    s->result = NULL;
    return member_of_result(s, "steps", s->nsteps - 1);
}

char *fc_session_conclude(fc_session *s, const char *formula)
{
    cJSON_DeleteItemFromObjectCaseSensitive(s->rec, "conclusion");
    cJSON_AddStringToObject(s->rec, "conclusion", formula ? formula : "");
    free(s->result);
    s->result = NULL;
    return member_of_result(s, "conclusion", 0);
}

char *fc_session_result(fc_session *s) { return fc_xstrdup(result_now(s)); }

size_t fc_session_steps(const fc_session *s) { return s->nsteps; }
