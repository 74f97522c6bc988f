/* The JSON form of results, the one pipelines read: one object per trace,
 * and one per record that could not be read. */
#include "lang/jsonpos.h"
#include "result/result.h"

#include <stdlib.h>
#include <string.h>

static cJSON *labels_array(const fc_trace *t, const fc_ivec *v)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < v->len; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(
                                    t->stmts.data[v->data[i]].label));
    return a;
}

static void add_error_fields(cJSON *e, fc_etype type, const char *message,
                             const cJSON *details)
{
    cJSON_AddStringToObject(e, "category", fc_etype_category(type));
    cJSON_AddStringToObject(e, "type", fc_etype_name(type));
    cJSON_AddStringToObject(e, "message", message ? message : "");
    if (details) {
        const cJSON *it;
        cJSON_ArrayForEach(it, details)
            cJSON_AddItemToObject(e, it->string, cJSON_Duplicate(it, true));
    }
}

static void add_common(cJSON *o, const fc_trace *t)
{
    if (t->id_json)
        cJSON_AddItemToObject(o, "id", cJSON_CreateRaw(t->id_json));
    else if (t->id)
        cJSON_AddStringToObject(o, "id", t->id);
    else
        cJSON_AddNullToObject(o, "id");
    cJSON_AddStringToObject(o, "file", t->name);
    if (t->json)
        cJSON_AddNumberToObject(o, "line", t->json_line);
    if (t->meta)
        cJSON_AddItemToObject(o, "meta", cJSON_CreateRaw(t->meta));
    if (t->ref_label)
        cJSON_AddStringToObject(o, "label", t->ref_label);
}

/* The cross-checks of step k (-1: the trace's own questions; -2: all of
 * them, with the step's label in each answer that is not agreement), or
 * NULL when none was asked. */
static cJSON *cross_json(const fc_result *r, int k)
{
    cJSON *c = NULL, *dis = NULL;
    int n = 0, agree = 0, disagree = 0, none = 0;
    for (size_t i = 0; i < r->obligations.len; i++) {
        const fc_obligation *o = &r->obligations.data[i];
        if ((k != -2 && o->step != k) || !o->prover)
            continue;
        if (!c) {
            c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "prover", o->prover);
            dis = cJSON_CreateArray();
        }
        n++;
        agree += o->agrees == 1;
        disagree += o->agrees == 0;
        none += o->agrees < 0;
        if (o->agrees != 1) {
            cJSON *d = cJSON_CreateObject();
            if (k == -2 && o->step >= 0)
                cJSON_AddStringToObject(
                    d, "step",
                    r->t->stmts.data[r->steps.data[o->step].stmt].label);
            cJSON_AddStringToObject(d, "context", o->context);
            cJSON_AddStringToObject(d, "folcheck",
                                    o->goal ? fc_status_name(o->status)
                                            : "inconsistent");
            cJSON_AddStringToObject(d, "answer", o->answer ? o->answer : "");
            cJSON_AddNumberToObject(d, "ms", o->ms);
            cJSON_AddItemToArray(dis, d);
        }
    }
    if (!c)
        return NULL;
    if (disagree)
        cJSON_AddBoolToObject(c, "agrees", false);
    else if (none)
        cJSON_AddNullToObject(c, "agrees");
    else
        cJSON_AddBoolToObject(c, "agrees", true);
    cJSON_AddNumberToObject(c, "obligations", n);
    cJSON_AddNumberToObject(c, "agree", agree);
    cJSON_AddNumberToObject(c, "disagree", disagree);
    cJSON_AddNumberToObject(c, "no_answer", none);
    cJSON_AddItemToObject(c, "other_answers", dis);
    return c;
}

cJSON *fc_result_to_json(const fc_result *r)
{
    const fc_trace *t = r->t;
    cJSON *o = cJSON_CreateObject();
    add_common(o, t);
    if (!r->checked) {
        cJSON_AddStringToObject(o, "verdict", "error");
        cJSON *e = cJSON_AddObjectToObject(o, "error");
        const fc_diag *g = t->first_error;
        cJSON_AddStringToObject(e, "category",
                                fc_category_name(FC_CAT_ILL_FORMED));
        cJSON_AddStringToObject(e, "type",
                                fc_etype_name(g && g->code == FC_E_TYPE_MISMATCH
                                                  ? FC_T_TYPE_MISMATCH
                                                  : FC_T_SYNTAX));
        cJSON_AddStringToObject(e, "code", g ? fc_code_name(g->code) : "io");
        cJSON_AddNumberToObject(e, "line", g ? g->line : 0);
        cJSON_AddNumberToObject(e, "column", g ? g->col : 0);
        if (g && g->field)
            cJSON_AddStringToObject(e, "field", g->field);
        cJSON_AddStringToObject(e, "message", g ? g->message : "unreadable");
        return o;
    }
    cJSON_AddStringToObject(o, "verdict", fc_result_verdict(r));
    cJSON_AddBoolToObject(o, "coherent", r->coherent);
    cJSON_AddBoolToObject(o, "valid", r->valid);
    /* null when the solver could not decide (DESIGN: never claim what
     * was not shown) */
    if (r->premises_unknown)
        cJSON_AddNullToObject(o, "premises_consistent");
    else
        cJSON_AddBoolToObject(o, "premises_consistent",
                              r->premises_consistent);
    if (r->derivation) {
        cJSON *d = cJSON_AddObjectToObject(o, "derivation");
        cJSON_AddNumberToObject(d, "inferences", (double)r->steps.len);
        cJSON_AddNumberToObject(d, "verified", (double)r->verified);
        cJSON_AddBoolToObject(d, "refutation", r->refutation);
    }
    if (r->concl.present) {
        cJSON *c = cJSON_AddObjectToObject(o, "conclusion");
        cJSON_AddStringToObject(c, "label", t->stmts.data[r->concl.stmt].label);
        cJSON_AddStringToObject(c, "status", fc_status_name(r->concl.status));
        cJSON_AddBoolToObject(c, "reached", r->concl.reached);
        if (r->concl.reached) {
            cJSON_AddItemToObject(c, "support",
                                  labels_array(t, &r->concl.support));
            cJSON_AddBoolToObject(c, "vacuous", r->concl.vacuous);
        }
        if (r->concl.reason)
            cJSON_AddStringToObject(c, "reason", r->concl.reason);
    } else {
        cJSON_AddNullToObject(o, "conclusion");
        if (t->ref_label)
            cJSON_AddStringToObject(o, "note", "no conclusion to check: "
                                               "the label is not compared");
    }
    cJSON *steps = cJSON_AddArrayToObject(o, "steps");
    cJSON *errors = cJSON_CreateArray();
    for (size_t k = 0; k < r->steps.len; k++) {
        const fc_step_result *sr = &r->steps.data[k];
        const fc_stmt *s = &t->stmts.data[sr->stmt];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "index", sr->index);
        cJSON_AddStringToObject(j, "label", s->label);
        cJSON_AddNumberToObject(j, "line", s->line);
        cJSON_AddStringToObject(j, "local", fc_status_name(sr->local));
        cJSON_AddStringToObject(j, "global", fc_status_name(sr->global));
        if (sr->global_reason)
            cJSON_AddStringToObject(j, "reason", sr->global_reason);
        if (sr->global == FC_STATUS_ENTAILED)
            cJSON_AddItemToObject(j, "support", labels_array(t, &sr->support));
        if (s->inference) {
            cJSON *inf = cJSON_AddObjectToObject(j, "inference");
            cJSON_AddStringToObject(inf, s->inference->introduced
                                             ? "introduced" : "rule",
                                    s->inference->rule);
            if (!s->inference->introduced)
                cJSON_AddStringToObject(inf, "status", s->inference->status);
            cJSON *ps = cJSON_AddArrayToObject(inf, "parents");
            for (size_t i = 0; i < s->by.len; i++)
                cJSON_AddItemToArray(ps, cJSON_CreateString(
                                             s->by.data[i].label->name));
        }
        if (sr->redundant)
            cJSON_AddStringToObject(j, "redundant",
                                    t->stmts.data[sr->redundant_of].label);
        if (sr->err.type != FC_T_NONE) {
            cJSON *e = cJSON_AddObjectToObject(j, "error");
            add_error_fields(e, sr->err.type, sr->err.message, sr->err.details);
            if (sr->local == FC_STATUS_ILL_FORMED && (s->broken || s->ill_sorted))
                cJSON_AddStringToObject(e, "code", fc_code_name(s->error_code));
            cJSON *short_e = cJSON_CreateObject();
            cJSON_AddNumberToObject(short_e, "step", sr->index);
            cJSON_AddStringToObject(short_e, "label", s->label);
            cJSON_AddStringToObject(short_e, "category",
                                    fc_etype_category(sr->err.type));
            cJSON_AddStringToObject(short_e, "type",
                                    fc_etype_name(sr->err.type));
            cJSON_AddItemToArray(errors, short_e);
        } else {
            cJSON_AddNullToObject(j, "error");
        }
        cJSON *cross = cross_json(r, (int)k);
        if (cross)
            cJSON_AddItemToObject(j, "cross_check", cross);
        if (sr->countermodel)
            cJSON_AddStringToObject(j, "countermodel", sr->countermodel);
        if (sr->countermodel_tables)
            cJSON_AddItemReferenceToObject(j, "countermodel_tables",
                                           sr->countermodel_tables);
        cJSON_AddItemToArray(steps, j);
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        const fc_trace_error *te = &r->errors.data[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNullToObject(e, "step");
        add_error_fields(e, te->type, te->message, te->details);
        cJSON_AddItemToArray(errors, e);
    }
    cJSON_AddItemToObject(o, "errors", errors);
    cJSON *cross = cross_json(r, -2);
    if (cross)
        cJSON_AddItemToObject(o, "cross_check", cross);
    cJSON_AddItemToObject(o, "unused_premises",
                          labels_array(t, &r->unused_premises));
    cJSON *st = cJSON_AddObjectToObject(o, "stats");
    cJSON_AddNumberToObject(st, "queries", (double)r->queries);
    cJSON_AddNumberToObject(st, "solver_us", (double)r->solver_us);
    cJSON_AddNumberToObject(st, "total_us", (double)r->total_us);
    return o;
}

char *fc_report_json(const fc_result *r, bool pretty)
{
    cJSON *o = fc_result_to_json(r);
    char *s = pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *out = fc_xstrdup(s);
    cJSON_free(s);
    return out;
}

char *fc_result_json_line(const fc_result *r, const fc_diags *d)
{
    cJSON *o = fc_result_to_json(r);
    cJSON *w = NULL;
    for (size_t i = 0; i < fc_diags_count(d); i++) {
        const fc_diag *g = fc_diags_get(d, i);
        if (fc_diag_code(g) != FC_W_INVALID_UTF8)
            continue;
        if (!w)
            w = cJSON_AddArrayToObject(o, "warnings");
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "code", fc_code_name(fc_diag_code(g)));
        cJSON_AddStringToObject(e, "message", fc_diag_message(g));
        cJSON_AddItemToArray(w, e);
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *out = fc_xstrdup(s);
    cJSON_free(s);
    return out;
}

/* An error record for a line that could not be read as a trace. */
char *fc_error_record_json(const char *name, int lineno, const char *line,
                           size_t len, const fc_diags *d, size_t first,
                           fc_code *code)
{
    cJSON *o = cJSON_CreateObject();
    /* keep the id and meta, as written, when the JSON itself is fine */
    char *copy = fc_xstrndup(line, len);
    cJSON *rec = cJSON_ParseWithOpts(copy, NULL, 0);
    const cJSON *id = rec ? cJSON_GetObjectItemCaseSensitive(rec, "id") : NULL;
    const cJSON *meta = rec ? cJSON_GetObjectItemCaseSensitive(rec, "meta")
                            : NULL;
    size_t beg, end;
    char *raw = NULL;
    if (cJSON_IsString(id) || cJSON_IsNumber(id))
        raw = fc_json_raw_value(line, len, "id", &beg, &end);
    if (raw) {
        char *clean = fc_utf8_sanitize(raw, strlen(raw), NULL);
        cJSON_AddItemToObject(o, "id", cJSON_CreateRaw(clean));
        free(clean);
        free(raw);
    } else {
        cJSON_AddNullToObject(o, "id");
    }
    cJSON_AddStringToObject(o, "file", name);
    cJSON_AddNumberToObject(o, "line", lineno);
    raw = meta ? fc_json_raw_value(line, len, "meta", &beg, &end) : NULL;
    if (raw) {
        char *clean = fc_utf8_sanitize(raw, strlen(raw), NULL);
        cJSON_AddItemToObject(o, "meta", cJSON_CreateRaw(clean));
        free(clean);
        free(raw);
    }
    cJSON_AddStringToObject(o, "verdict", "error");
    const fc_diag *g = NULL;
    for (size_t i = first; i < fc_diags_count(d); i++)
        if (fc_diag_severity(fc_diags_get(d, i)) == FC_SEV_ERROR) {
            g = fc_diags_get(d, i);
            break;
        }
    fc_code c = g ? fc_diag_code(g) : FC_E_BAD_JSON;
    if (code)
        *code = c;
    cJSON *e = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(e, "category",
                                fc_category_name(FC_CAT_ILL_FORMED));
    cJSON_AddStringToObject(e, "type", fc_etype_name(FC_T_SYNTAX));
    cJSON_AddStringToObject(e, "code", fc_code_name(c));
    cJSON_AddNumberToObject(e, "line", g ? fc_diag_line(g) : lineno);
    cJSON_AddNumberToObject(e, "column", g ? fc_diag_col(g) : 0);
    cJSON_AddStringToObject(e, "message", g ? fc_diag_message(g)
                                            : "the record cannot be read");
    char *s = cJSON_PrintUnformatted(o);
    char *r = fc_xstrdup(s);
    cJSON_free(s);
    cJSON_Delete(o);
    cJSON_Delete(rec);
    free(copy);
    return r;
}

