#include "batch/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <time.h>


void fc_summary_init(fc_summary *s) { memset(s, 0, sizeof *s); }

fc_summary *fc_summary_new(void)
{
    return fc_xcalloc(1, sizeof(fc_summary));
}

static void example_free(fc_example *e)
{
    free(e->file);
    free(e->id);
    free(e->label);
    free(e->text);
    free(e->message);
    memset(e, 0, sizeof *e);
}

static void examples_free(struct fc_examples *x)
{
    if (!x)
        return;
    for (int t = 0; t < FC_T_COUNT; t++)
        for (size_t i = 0; i < x->errors[t].n; i++)
            example_free(&x->errors[t].items[i]);
    for (int c = 0; c < 2; c++)
        for (int v = 0; v < 2; v++)
            for (size_t i = 0; i < x->quadrant[c][v].n; i++)
                example_free(&x->quadrant[c][v].items[i]);
    free(x);
}

static char *dup_or_null(const char *s) { return s ? fc_xstrdup(s) : NULL; }

/* Ids in their natural order: numbers by value (digits only), other ids
 * as strings after them; records without an id last. */
static int id_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return !a - !b;
    size_t la = strlen(a), lb = strlen(b);
    bool da = la && strspn(a, "0123456789") == la;
    bool db = lb && strspn(b, "0123456789") == lb;
    if (da && db) {
        while (la > 1 && *a == '0')
            a++, la--;
        while (lb > 1 && *b == '0')
            b++, lb--;
        if (la != lb)
            return la < lb ? -1 : 1;
    } else if (da != db) {
        return da ? -1 : 1;
    }
    return strcmp(a, b);
}

/* The order of examples: the smallest ids first, then the place (file,
 * line, step), so that shards merge to the examples of one run. */
static int example_cmp(const fc_example *a, const fc_example *b)
{
    int c = id_cmp(a->id, b->id);
    if (c)
        return c;
    c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->step < b->step ? -1 : a->step > b->step;
}

/* Adds a copy of e where it belongs in input order, keeping the first
 * FC_EXAMPLES; an example already there (the same file, line and step:
 * a step with two findings of one type) is kept once. */
static void example_add(fc_example_list *l, const fc_example *e)
{
    size_t at = 0;
    while (at < l->n && example_cmp(&l->items[at], e) < 0)
        at++;
    if (at < l->n && example_cmp(&l->items[at], e) == 0)
        return;
    if (at >= FC_EXAMPLES)
        return;
    if (l->n == FC_EXAMPLES)
        example_free(&l->items[--l->n]);
    memmove(&l->items[at + 1], &l->items[at], (l->n - at) * sizeof *e);
    fc_example *d = &l->items[at];
    d->file = dup_or_null(e->file);
    d->line = e->line;
    d->step = e->step;
    d->id = dup_or_null(e->id);
    d->label = dup_or_null(e->label);
    d->text = dup_or_null(e->text);
    d->message = dup_or_null(e->message);
    l->n++;
}

static struct fc_examples *examples_of(fc_summary *s)
{
    if (!s->examples)
        s->examples = fc_xcalloc(1, sizeof *s->examples);
    return s->examples;
}

void fc_summary_release(fc_summary *s)
{
    examples_free(s->examples);
    s->examples = NULL;
    free(s->runs);
    s->runs = NULL;
    free(s->group_by);
    s->group_by = NULL;
    for (size_t i = 0; i < s->ngroups; i++) {
        free(s->groups[i].value);
        fc_summary_free(s->groups[i].s);
    }
    free(s->groups);
    s->groups = NULL;
    s->ngroups = 0;
}

void fc_summary_set_group_by(fc_summary *s, const char *key)
{
    free(s->group_by);
    s->group_by = NULL;
    if (!key)
        return;
    if (!strncmp(key, "meta.", 5))
        key += 5;
    s->group_by = fc_xstrdup(key);
}

const char *fc_summary_group_by(const fc_summary *s) { return s->group_by; }

fc_summary *fc_summary_group_of(fc_summary *s, const char *value)
{
    size_t lo = 0, hi = s->ngroups;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->groups[mid].value, value);
        if (c == 0)
            return s->groups[mid].s;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    s->groups = fc_xrealloc(s->groups, (s->ngroups + 1) * sizeof *s->groups);
    memmove(&s->groups[lo + 1], &s->groups[lo],
            (s->ngroups - lo) * sizeof *s->groups);
    s->groups[lo].value = fc_xstrdup(value);
    s->groups[lo].s = fc_summary_new();
    s->ngroups++;
    return s->groups[lo].s;
}

char *fc_json_text(const cJSON *v)
{
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (cJSON_IsString(v))
        return fc_xstrdup(v->valuestring);
    char *p = cJSON_PrintUnformatted(v);
    char *out = p ? fc_xstrdup(p) : NULL;
    cJSON_free(p);
    return out;
}

char *fc_group_value(const char *meta_json, const char *key)
{
    if (!strncmp(key, "meta.", 5))
        key += 5;
    cJSON *m = meta_json ? cJSON_Parse(meta_json) : NULL;
    char *out = cJSON_IsObject(m)
                    ? fc_json_text(cJSON_GetObjectItemCaseSensitive(m, key))
                    : NULL;
    cJSON_Delete(m);
    return out ? out : fc_xstrdup("(none)");
}

void fc_summary_free(fc_summary *s)
{
    if (!s)
        return;
    fc_summary_release(s);
    free(s);
}

void fc_summary_add_run(fc_summary *s, const char *input,
                        const fc_audit_options *o)
{
    cJSON *runs = s->runs ? cJSON_Parse(s->runs) : NULL;
    if (!runs)
        runs = cJSON_CreateArray();
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "input", input ? input : "-");
    char date[32] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON_AddStringToObject(r, "date", date);
    cJSON_AddStringToObject(r, "folcheck", FOLCHECK_VERSION);
    if (o) {
        if (o->check.window < 0)
            cJSON_AddStringToObject(r, "window", "all");
        else
            cJSON_AddNumberToObject(r, "window", o->check.window);
        cJSON_AddNumberToObject(r, "timeout_ms", o->check.timeout_ms);
        cJSON_AddNumberToObject(r, "rlimit", o->check.rlimit);
        cJSON_AddNumberToObject(r, "jobs", o->jobs);
        char shard[32];
        snprintf(shard, sizeof shard, "%u/%u", o->shard_i,
                 o->shard_n ? o->shard_n : 1);
        cJSON_AddStringToObject(r, "shard", shard);
        cJSON_AddStringToObject(r, "dialect", fc_dialect_name(o->dialect));
    }
    cJSON_AddItemToArray(runs, r);
    char *txt = cJSON_PrintUnformatted(runs);
    free(s->runs);
    s->runs = fc_xstrdup(txt);
    cJSON_free(txt);
    cJSON_Delete(runs);
}

static int ref_of_status(fc_status st)
{
    switch (st) {
    case FC_STATUS_ENTAILED: return FC_REF_ENTAILED;
    case FC_STATUS_REFUTED:
    case FC_STATUS_CONTRADICTED: return FC_REF_REFUTED;
    case FC_STATUS_UNDETERMINED: return FC_REF_UNDETERMINED;
    case FC_STATUS_UNKNOWN: return FC_REF_UNKNOWN;
    default: return FC_REF_NONE;
    }
}

/* The reference conclusion status: FOLIO's label, or an expectation. */
static int reference_of(const fc_trace *t)
{
    if (t->ref_label) {
        if (!strcmp(t->ref_label, "True"))
            return FC_REF_ENTAILED;
        if (!strcmp(t->ref_label, "False"))
            return FC_REF_REFUTED;
        if (!strcmp(t->ref_label, "Uncertain") ||
            !strcmp(t->ref_label, "Unknown"))
            return FC_REF_UNDETERMINED;
    }
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *e = &t->stmts.data[i];
        if (e->kind != FC_ST_EXPECT || !e->label || !e->expect_value)
            continue;
        int target = fc_trace_find_label(t, e->label);
        if (target < 0 || t->stmts.data[target].kind != FC_ST_CONCLUDE)
            continue;
        const char *w = e->expect_value->name;
        if (!strcmp(w, "entailed"))
            return FC_REF_ENTAILED;
        if (!strcmp(w, "refuted"))
            return FC_REF_REFUTED;
        if (!strcmp(w, "undetermined"))
            return FC_REF_UNDETERMINED;
    }
    return -1;
}

/* Expected trace verdict from `expect: valid|invalid`: 1, 0 or -1. */
static int expected_valid(const fc_trace *t)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *e = &t->stmts.data[i];
        if (e->kind != FC_ST_EXPECT || e->label || !e->expect_value)
            continue;
        if (!strcmp(e->expect_value->name, "valid"))
            return 1;
        if (!strcmp(e->expect_value->name, "invalid"))
            return 0;
    }
    return -1;
}

/* The formula of statement i as written, shortened to 200 bytes (on a
 * character boundary). */
static char *stmt_text(const fc_trace *t, int i)
{
    if (i < 0 || (size_t)i >= t->stmts.len)
        return NULL;
    const fc_stmt *st = &t->stmts.data[i];
    const char *p = NULL;
    size_t n = 0;
    if (st->source) {
        p = st->source;
        n = strlen(p);
    } else if (t->text && st->fend > st->fbeg && st->fend <= t->len) {
        p = t->text + st->fbeg;
        n = st->fend - st->fbeg;
    }
    if (!p)
        return NULL;
    bool cut = n > 200;
    if (cut) {
        n = 200;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;
    }
    fc_buf b = {0};
    fc_buf_putn(&b, p, n);
    if (cut)
        fc_buf_puts(&b, "\xe2\x80\xa6");
    return fc_buf_take(&b);
}

static int record_line(const fc_trace *t, int stmt)
{
    if (t->json)
        return t->json_line;
    if (stmt >= 0 && (size_t)stmt < t->stmts.len)
        return t->stmts.data[stmt].line;
    return 1;
}

/* The example of step k (or of the trace, k < 0, with message), without
 * its text (see offer). */
static void example_of(const fc_result *r, int k, const char *message,
                       fc_example *e)
{
    const fc_trace *t = r->t;
    memset(e, 0, sizeof *e);
    e->file = t->name;
    e->id = t->id;
    if (k >= 0) {
        const fc_step_result *sr = &r->steps.data[k];
        e->step = sr->index;
        e->line = record_line(t, sr->stmt);
        e->label = t->stmts.data[sr->stmt].label;
        e->message = sr->err.message;
    } else {
        e->line = t->json ? t->json_line : 1;
        e->message = (char *)message;
    }
}

/* Adds e to l when it is among the first; the formula's text is made
 * only then (a long audit's lists fill up early). */
static void offer(fc_example_list *l, const fc_result *r, int stmt,
                  fc_example *e)
{
    if (l->n == FC_EXAMPLES && example_cmp(e, &l->items[l->n - 1]) >= 0)
        return;
    if (stmt >= 0)
        e->text = stmt_text(r->t, stmt);
    example_add(l, e);
    free(e->text);
    e->text = NULL;
}

void fc_summary_add_example(fc_summary *s, fc_etype type, bool coherent,
                            bool valid, const fc_example *e)
{
    struct fc_examples *x = examples_of(s);
    fc_example_list *l = type == FC_T_NONE ? &x->quadrant[coherent][valid]
                                           : &x->errors[type];
    example_add(l, e);
}

static void add_examples(fc_summary *s, const fc_result *r)
{
    struct fc_examples *x = examples_of(s);
    fc_example e;
    int first_failed = -1;
    for (size_t k = 0; k < r->steps.len; k++) {
        const fc_step_result *sr = &r->steps.data[k];
        if (sr->err.type == FC_T_NONE)
            continue;
        if (first_failed < 0)
            first_failed = (int)k;
        example_of(r, (int)k, NULL, &e);
        offer(&x->errors[sr->err.type], r, sr->stmt, &e);
    }
    /* a finding about the conclusion shows the conclusion */
    int concl = r->concl.present ? r->concl.stmt : -1;
    for (size_t i = 0; i < r->errors.len; i++) {
        fc_etype type = r->errors.data[i].type;
        example_of(r, -1, r->errors.data[i].message, &e);
        int at = type == FC_T_INCONSISTENT_PREMISES ? -1 : concl;
        if (at >= 0)
            e.label = r->t->stmts.data[at].label;
        offer(&x->errors[type], r, at, &e);
    }
    /* a quadrant's example: the trace, with its first failing step */
    example_of(r, first_failed,
               r->errors.len ? r->errors.data[0].message : NULL, &e);
    int at = first_failed >= 0 ? r->steps.data[first_failed].stmt : -1;
    if (at < 0 && r->errors.len &&
        r->errors.data[0].type != FC_T_INCONSISTENT_PREMISES && concl >= 0) {
        at = concl;
        e.label = r->t->stmts.data[at].label;
    }
    offer(&x->quadrant[r->coherent][r->valid], r, at, &e);
}

void fc_summary_add_input_error(fc_summary *s, fc_code code)
{
    s->records++;
    s->input_errors++;
    if (code < FC_CODE_COUNT)
        s->input_error_codes[code]++;
}

void fc_summary_add_result(fc_summary *s, const fc_result *r)
{
    const fc_trace *t = r->t;
    s->dialects[t->dialect]++;
    if (!r->checked) {
        fc_summary_add_input_error(s, t->first_error ? t->first_error->code
                                                     : FC_E_SYNTAX);
        return;
    }
    s->records++;
    s->traces++;
    s->steps += r->steps.len;
    const char *verdict = fc_result_verdict(r);
    bool unknown = !strcmp(verdict, "unknown");
    s->coherent += r->coherent;
    s->valid += r->valid;
    s->unknown += unknown;
    s->quadrant[r->coherent][r->valid]++;
    s->premises_inconsistent += !r->premises_consistent;
    for (size_t i = 0; i < r->obligations.len; i++) {
        const fc_obligation *o = &r->obligations.data[i];
        if (!o->prover)
            continue;
        s->cross_asked++;
        s->cross_agree += o->agrees == 1;
        s->cross_disagree += o->agrees == 0;
        s->cross_no_answer += o->agrees < 0;
    }
    bool seen[FC_T_COUNT] = {0};
    size_t n = r->steps.len;
    for (size_t k = 0; k < n; k++) {
        const fc_step_result *sr = &r->steps.data[k];
        s->step_status[sr->global]++;
        s->local_status[sr->local]++;
        size_t abs = k < FC_POS_ABS - 1 ? k : FC_POS_ABS - 1;
        size_t rel = n > 1 ? k * FC_POS_REL / n : 0;
        s->pos_steps[abs]++;
        s->rel_steps[rel]++;
        if (sr->err.type != FC_T_NONE) {
            s->step_errors[sr->err.type]++;
            s->pos_errors[abs]++;
            s->rel_errors[rel]++;
            seen[sr->err.type] = true;
        }
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        s->trace_errors[r->errors.data[i].type]++;
        seen[r->errors.data[i].type] = true;
    }
    for (int i = 0; i < FC_T_COUNT; i++)
        s->traces_with_error[i] += seen[i];
    add_examples(s, r);
    int got = FC_REF_NONE;
    if (r->concl.present) {
        s->conclusions++;
        s->reached += r->concl.reached;
        s->vacuous += r->concl.vacuous;
        s->conclusion_status[r->concl.status]++;
        got = ref_of_status(r->concl.status);
    }
    int ref = reference_of(t);
    if (ref >= 0 && !r->concl.present) {
        /* a label with nothing to compare it with (FOLIO records
         * without conclusion-FOL): counted apart */
        s->labelled_no_conclusion++;
    } else if (ref >= 0) {
        s->labelled++;
        s->confusion[ref][got]++;
    }
    int ev = expected_valid(t);
    if (ev >= 0)
        s->verdict_confusion[ev][r->valid ? 0 : unknown ? 2 : 1]++;
    s->queries += r->queries;
    s->solver_us += r->solver_us;
    s->check_us += r->total_us;
}

_Static_assert(offsetof(fc_summary, runs) % sizeof(uint64_t) == 0,
               "a summary starts with an array of counters");

bool fc_summary_is_partial(const fc_summary *s) { return s->partial; }
void fc_summary_set_partial(fc_summary *s) { s->partial = true; }

void fc_summary_merge(fc_summary *dst, const fc_summary *src)
{
    /* every field before runs is a uint64_t count or sum */
    uint64_t *d = (uint64_t *)dst;
    const uint64_t *s = (const uint64_t *)src;
    for (size_t i = 0; i < offsetof(fc_summary, runs) / sizeof(uint64_t); i++)
        d[i] += s[i];
    dst->partial |= src->partial;
    if (src->runs) {
        cJSON *a = dst->runs ? cJSON_Parse(dst->runs) : NULL;
        cJSON *b = cJSON_Parse(src->runs);
        if (!a)
            a = cJSON_CreateArray();
        cJSON *it;
        while (b && (it = cJSON_DetachItemFromArray(b, 0)))
            cJSON_AddItemToArray(a, it);
        char *txt = cJSON_PrintUnformatted(a);
        free(dst->runs);
        dst->runs = fc_xstrdup(txt);
        cJSON_free(txt);
        cJSON_Delete(a);
        cJSON_Delete(b);
    }
    if (src->examples) {
        struct fc_examples *x = examples_of(dst);
        for (int t = 0; t < FC_T_COUNT; t++)
            for (size_t i = 0; i < src->examples->errors[t].n; i++)
                example_add(&x->errors[t], &src->examples->errors[t].items[i]);
        for (int c = 0; c < 2; c++)
            for (int v = 0; v < 2; v++)
                for (size_t i = 0; i < src->examples->quadrant[c][v].n; i++)
                    example_add(&x->quadrant[c][v],
                                &src->examples->quadrant[c][v].items[i]);
    }
    if (src->group_by && !dst->group_by)
        dst->group_by = fc_xstrdup(src->group_by);
    for (size_t i = 0; i < src->ngroups; i++)
        fc_summary_merge(fc_summary_group_of(dst, src->groups[i].value),
                         src->groups[i].s);
}

/* ---- JSON --------------------------------------------------------------- */

static const char *const ref_names[FC_REF_COUNT] = {
    "entailed", "refuted", "undetermined", "unknown", "none"};

const char *fc_ref_name(int ref) { return ref_names[ref]; }

/* A named table of counters, written as an object and read back. */
typedef struct table {
    const char *key;
    uint64_t *values;
    size_t n;
    const char *(*name)(size_t i);
} table;

static const char *status_name_i(size_t i) { return fc_status_name((fc_status)i); }
static const char *etype_name_i(size_t i) { return fc_etype_name((fc_etype)i); }
static const char *code_name_i(size_t i) { return fc_code_name((fc_code)i); }
static const char *dialect_name_i(size_t i)
{
    return fc_dialect_name((fc_dialect)i);
}

static void tables_of(fc_summary *s, table *t, size_t *n)
{
    size_t k = 0;
    t[k++] = (table){"step_status", s->step_status, FC_STATUS_REFUTED + 1,
                     status_name_i};
    t[k++] = (table){"local_status", s->local_status, FC_STATUS_REFUTED + 1,
                     status_name_i};
    t[k++] = (table){"step_errors", s->step_errors, FC_T_COUNT, etype_name_i};
    t[k++] = (table){"trace_errors", s->trace_errors, FC_T_COUNT,
                     etype_name_i};
    t[k++] = (table){"traces_with_error", s->traces_with_error, FC_T_COUNT,
                     etype_name_i};
    t[k++] = (table){"conclusion_status", s->conclusion_status,
                     FC_STATUS_REFUTED + 1, status_name_i};
    t[k++] = (table){"input_error_codes", s->input_error_codes,
                     FC_CODE_COUNT, code_name_i};
    t[k++] = (table){"dialects", s->dialects, FC_DIALECT_PYTHON + 1,
                     dialect_name_i};
    *n = k;
}

typedef struct scalar {
    const char *key;
    uint64_t *v;
} scalar;

static size_t scalars_of(fc_summary *s, scalar *out)
{
    size_t k = 0;
    out[k++] = (scalar){"records", &s->records};
    out[k++] = (scalar){"input_errors", &s->input_errors};
    out[k++] = (scalar){"traces", &s->traces};
    out[k++] = (scalar){"steps", &s->steps};
    out[k++] = (scalar){"coherent", &s->coherent};
    out[k++] = (scalar){"valid", &s->valid};
    out[k++] = (scalar){"unknown", &s->unknown};
    out[k++] = (scalar){"premises_inconsistent", &s->premises_inconsistent};
    out[k++] = (scalar){"conclusions", &s->conclusions};
    out[k++] = (scalar){"reached", &s->reached};
    out[k++] = (scalar){"vacuous", &s->vacuous};
    out[k++] = (scalar){"labelled", &s->labelled};
    out[k++] = (scalar){"labelled_no_conclusion", &s->labelled_no_conclusion};
    out[k++] = (scalar){"queries", &s->queries};
    out[k++] = (scalar){"cross_check_asked", &s->cross_asked};
    out[k++] = (scalar){"cross_check_agree", &s->cross_agree};
    out[k++] = (scalar){"cross_check_disagree", &s->cross_disagree};
    out[k++] = (scalar){"cross_check_no_answer", &s->cross_no_answer};
    return k;
}

static double ratio(uint64_t a, uint64_t b) { return b ? (double)a / b : 0; }

static cJSON *array_of(const uint64_t *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
    return a;
}

static const char *const quadrant_names[2][2] = {
    {"incoherent_invalid", "incoherent_valid"},
    {"coherent_invalid", "coherent_valid"}};

static cJSON *example_list_json(const fc_example_list *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < l->n; i++) {
        const fc_example *e = &l->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", e->file ? e->file : "");
        cJSON_AddNumberToObject(o, "line", e->line);
        cJSON_AddNumberToObject(o, "step", e->step);
        if (e->id)
            cJSON_AddStringToObject(o, "id", e->id);
        if (e->label)
            cJSON_AddStringToObject(o, "label", e->label);
        if (e->text)
            cJSON_AddStringToObject(o, "text", e->text);
        if (e->message)
            cJSON_AddStringToObject(o, "message", e->message);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *examples_to_json(const struct fc_examples *x)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *err = cJSON_AddObjectToObject(o, "errors");
    for (int t = 1; t < FC_T_COUNT; t++)
        if (x->errors[t].n)
            cJSON_AddItemToObject(err, fc_etype_name((fc_etype)t),
                                  example_list_json(&x->errors[t]));
    cJSON *q = cJSON_AddObjectToObject(o, "quadrants");
    for (int c = 1; c >= 0; c--)
        for (int v = 1; v >= 0; v--)
            if (x->quadrant[c][v].n)
                cJSON_AddItemToObject(q, quadrant_names[c][v],
                                      example_list_json(&x->quadrant[c][v]));
    return o;
}

static bool example_list_from_json(const cJSON *a, fc_example_list *l)
{
    if (!cJSON_IsArray(a))
        return false;
    const cJSON *o;
    cJSON_ArrayForEach(o, a) {
        const cJSON *file = cJSON_GetObjectItemCaseSensitive(o, "file");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(o, "line");
        const cJSON *step = cJSON_GetObjectItemCaseSensitive(o, "step");
        if (!cJSON_IsString(file) || !cJSON_IsNumber(line) ||
            !cJSON_IsNumber(step))
            return false;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(o, "label");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(o, "message");
        fc_example e = {
            .file = file->valuestring,
            .line = line->valueint,
            .step = step->valueint,
            .id = cJSON_IsString(id) ? id->valuestring : NULL,
            .label = cJSON_IsString(label) ? label->valuestring : NULL,
            .text = cJSON_IsString(text) ? text->valuestring : NULL,
            .message = cJSON_IsString(msg) ? msg->valuestring : NULL};
        example_add(l, &e);
    }
    return true;
}

static bool examples_from_json(const cJSON *j, fc_summary *s)
{
    struct fc_examples *x = examples_of(s);
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "errors");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(j, "quadrants");
    const cJSON *it;
    cJSON_ArrayForEach(it, err) {
        fc_etype t = fc_etype_from_name(it->string);
        if (t == FC_T_NONE || !example_list_from_json(it, &x->errors[t]))
            return false;
    }
    cJSON_ArrayForEach(it, q) {
        bool found = false;
        for (int c = 0; c < 2 && !found; c++)
            for (int v = 0; v < 2 && !found; v++)
                if (!strcmp(it->string, quadrant_names[c][v])) {
                    found = true;
                    if (!example_list_from_json(it, &x->quadrant[c][v]))
                        return false;
                }
        if (!found)
            return false;
    }
    return true;
}

cJSON *fc_summary_to_json(const fc_summary *cs)
{
    fc_summary *s = (fc_summary *)cs;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "folcheck_summary", 1);
    scalar sc[24];
    size_t nsc = scalars_of(s, sc);
    for (size_t i = 0; i < nsc; i++)
        cJSON_AddNumberToObject(o, sc[i].key, (double)*sc[i].v);
    cJSON *rates = cJSON_AddObjectToObject(o, "rates");
    cJSON_AddNumberToObject(rates, "coherence", ratio(s->coherent, s->traces));
    cJSON_AddNumberToObject(rates, "validity", ratio(s->valid, s->traces));
    cJSON_AddNumberToObject(rates, "coherent_but_invalid",
                            ratio(s->quadrant[1][0], s->traces));
    cJSON_AddNumberToObject(rates, "conclusion_reached",
                            ratio(s->reached, s->conclusions));
    uint64_t agree = 0;
    for (int i = 0; i < FC_REF_COUNT; i++)
        agree += s->confusion[i][i];
    cJSON_AddNumberToObject(rates, "label_agreement",
                            ratio(agree, s->labelled));
    cJSON *q = cJSON_AddObjectToObject(o, "quadrant");
    cJSON_AddNumberToObject(q, "coherent_valid", (double)s->quadrant[1][1]);
    cJSON_AddNumberToObject(q, "coherent_invalid", (double)s->quadrant[1][0]);
    cJSON_AddNumberToObject(q, "incoherent_valid", (double)s->quadrant[0][1]);
    cJSON_AddNumberToObject(q, "incoherent_invalid",
                            (double)s->quadrant[0][0]);
    table t[12];
    size_t nt;
    tables_of(s, t, &nt);
    for (size_t i = 0; i < nt; i++) {
        cJSON *obj = cJSON_AddObjectToObject(o, t[i].key);
        for (size_t j = 0; j < t[i].n; j++)
            if (t[i].values[j])
                cJSON_AddNumberToObject(obj, t[i].name(j),
                                        (double)t[i].values[j]);
    }
    /* errors by category, derived */
    cJSON *bycat = cJSON_AddObjectToObject(o, "step_errors_by_category");
    for (int i = 1; i < FC_T_COUNT; i++) {
        if (!s->step_errors[i])
            continue;
        const char *cat = fc_etype_category((fc_etype)i);
        cJSON *c = cJSON_GetObjectItemCaseSensitive(bycat, cat);
        if (c)
            cJSON_SetNumberValue(c, c->valuedouble + (double)s->step_errors[i]);
        else
            cJSON_AddNumberToObject(bycat, cat, (double)s->step_errors[i]);
    }
    cJSON *conf = cJSON_AddObjectToObject(o, "confusion");
    for (int i = 0; i < FC_REF_UNKNOWN; i++) {
        cJSON *row = cJSON_AddObjectToObject(conf, ref_names[i]);
        for (int j = 0; j < FC_REF_COUNT; j++)
            cJSON_AddNumberToObject(row, ref_names[j],
                                    (double)s->confusion[i][j]);
    }
    cJSON *vc = cJSON_AddObjectToObject(o, "verdict_confusion");
    static const char *const vnames[] = {"valid", "invalid", "unknown"};
    for (int i = 1; i >= 0; i--) {
        cJSON *row = cJSON_AddObjectToObject(vc, i ? "valid" : "invalid");
        for (int j = 0; j < 3; j++)
            cJSON_AddNumberToObject(row, vnames[j],
                                    (double)s->verdict_confusion[i][j]);
    }
    cJSON *pos = cJSON_AddObjectToObject(o, "positions");
    cJSON *abs = cJSON_AddObjectToObject(pos, "absolute");
    cJSON_AddItemToObject(abs, "steps", array_of(s->pos_steps, FC_POS_ABS));
    cJSON_AddItemToObject(abs, "errors", array_of(s->pos_errors, FC_POS_ABS));
    cJSON *rel = cJSON_AddObjectToObject(pos, "relative");
    cJSON_AddItemToObject(rel, "steps", array_of(s->rel_steps, FC_POS_REL));
    cJSON_AddItemToObject(rel, "errors", array_of(s->rel_errors, FC_POS_REL));
    cJSON *runs = s->runs ? cJSON_Parse(s->runs) : NULL;
    cJSON_AddItemToObject(o, "runs", runs ? runs : cJSON_CreateArray());
    if (s->partial)
        cJSON_AddTrueToObject(o, "partial");
    if (s->examples)
        cJSON_AddItemToObject(o, "examples", examples_to_json(s->examples));
    if (s->group_by) {
        cJSON_AddStringToObject(o, "group_by", s->group_by);
        cJSON *g = cJSON_AddArrayToObject(o, "groups");
        for (size_t i = 0; i < s->ngroups; i++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "value", s->groups[i].value);
            cJSON_AddItemToObject(e, "summary",
                                  fc_summary_to_json(s->groups[i].s));
            cJSON_AddItemToArray(g, e);
        }
    }
    cJSON *tm = cJSON_AddObjectToObject(o, "timing");
    cJSON_AddNumberToObject(tm, "solver_us", (double)s->solver_us);
    cJSON_AddNumberToObject(tm, "check_us", (double)s->check_us);
    cJSON_AddNumberToObject(tm, "wall_us", (double)s->wall_us);
    return o;
}

static bool read_count(const cJSON *o, const char *key, uint64_t *v,
                       const char **err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it) {
        *v = 0;
        return true;
    }
    if (!cJSON_IsNumber(it) || it->valuedouble < 0) {
        *err = key;
        return false;
    }
    *v = (uint64_t)it->valuedouble;
    return true;
}

static bool read_array(const cJSON *o, const char *key, uint64_t *v,
                       size_t n, const char **err)
{
    if (!o)
        return true;
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!a)
        return true;
    if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n) {
        *err = key;
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const cJSON *x = cJSON_GetArrayItem(a, (int)i);
        if (!cJSON_IsNumber(x)) {
            *err = key;
            return false;
        }
        v[i] = (uint64_t)x->valuedouble;
    }
    return true;
}

bool fc_summary_from_json(const cJSON *j, fc_summary *s, const char **err)
{
    fc_summary_init(s);
    *err = NULL;
    if (!cJSON_IsObject(j) ||
        !cJSON_GetObjectItemCaseSensitive(j, "folcheck_summary")) {
        *err = "folcheck_summary";
        return false;
    }
    scalar sc[24];
    size_t nsc = scalars_of(s, sc);
    for (size_t i = 0; i < nsc; i++)
        if (!read_count(j, sc[i].key, sc[i].v, err))
            return false;
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(j, "quadrant");
    if (q) {
        if (!read_count(q, "coherent_valid", &s->quadrant[1][1], err) ||
            !read_count(q, "coherent_invalid", &s->quadrant[1][0], err) ||
            !read_count(q, "incoherent_valid", &s->quadrant[0][1], err) ||
            !read_count(q, "incoherent_invalid", &s->quadrant[0][0], err))
            return false;
    }
    table t[12];
    size_t nt;
    tables_of(s, t, &nt);
    for (size_t i = 0; i < nt; i++) {
        const cJSON *obj = cJSON_GetObjectItemCaseSensitive(j, t[i].key);
        if (!obj)
            continue;
        const cJSON *it;
        cJSON_ArrayForEach(it, obj)
        {
            size_t k;
            for (k = 0; k < t[i].n; k++)
                if (!strcmp(t[i].name(k), it->string))
                    break;
            if (k == t[i].n || !cJSON_IsNumber(it)) {
                *err = t[i].key;
                return false;
            }
            t[i].values[k] = (uint64_t)it->valuedouble;
        }
    }
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(j, "confusion");
    for (int i = 0; conf && i < FC_REF_UNKNOWN; i++) {
        const cJSON *row = cJSON_GetObjectItemCaseSensitive(conf, ref_names[i]);
        for (int k = 0; row && k < FC_REF_COUNT; k++)
            if (!read_count(row, ref_names[k], &s->confusion[i][k], err))
                return false;
    }
    const cJSON *vc = cJSON_GetObjectItemCaseSensitive(j, "verdict_confusion");
    static const char *const vnames[] = {"valid", "invalid", "unknown"};
    for (int i = 0; vc && i < 2; i++) {
        const cJSON *row =
            cJSON_GetObjectItemCaseSensitive(vc, i ? "valid" : "invalid");
        for (int k = 0; row && k < 3; k++)
            if (!read_count(row, vnames[k], &s->verdict_confusion[i][k], err))
                return false;
    }
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(j, "positions");
    const cJSON *abs = cJSON_GetObjectItemCaseSensitive(pos, "absolute");
    const cJSON *rel = cJSON_GetObjectItemCaseSensitive(pos, "relative");
    if (!read_array(abs, "steps", s->pos_steps, FC_POS_ABS, err) ||
        !read_array(abs, "errors", s->pos_errors, FC_POS_ABS, err) ||
        !read_array(rel, "steps", s->rel_steps, FC_POS_REL, err) ||
        !read_array(rel, "errors", s->rel_errors, FC_POS_REL, err))
        return false;
    s->partial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "partial"));
    const cJSON *runs = cJSON_GetObjectItemCaseSensitive(j, "runs");
    if (cJSON_IsArray(runs)) {
        char *txt = cJSON_PrintUnformatted(runs);
        s->runs = fc_xstrdup(txt);
        cJSON_free(txt);
    }
    const cJSON *tm = cJSON_GetObjectItemCaseSensitive(j, "timing");
    if (tm && (!read_count(tm, "solver_us", &s->solver_us, err) ||
               !read_count(tm, "check_us", &s->check_us, err) ||
               !read_count(tm, "wall_us", &s->wall_us, err)))
        return false;
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(j, "examples");
    if (ex && (!cJSON_IsObject(ex) || !examples_from_json(ex, s))) {
        *err = "examples";
        return false;
    }
    const cJSON *gb = cJSON_GetObjectItemCaseSensitive(j, "group_by");
    if (gb) {
        const cJSON *groups = cJSON_GetObjectItemCaseSensitive(j, "groups");
        if (!cJSON_IsString(gb) || !cJSON_IsArray(groups)) {
            *err = "groups";
            return false;
        }
        s->group_by = fc_xstrdup(gb->valuestring);
        const cJSON *e;
        cJSON_ArrayForEach(e, groups) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "value");
            const cJSON *sj = cJSON_GetObjectItemCaseSensitive(e, "summary");
            if (!cJSON_IsString(v) || !cJSON_IsObject(sj)) {
                *err = "groups";
                return false;
            }
            fc_summary tmp;
            fc_summary_init(&tmp);
            if (!fc_summary_from_json(sj, &tmp, err)) {
                fc_summary_release(&tmp);
                return false;
            }
            fc_summary_merge(fc_summary_group_of(s, v->valuestring), &tmp);
            fc_summary_release(&tmp);
        }
    }
    return true;
}

char *fc_summary_table(const fc_summary *s)
{
    fc_buf b = {0};
    fc_buf_printf(&b, "traces %llu (%llu input errors), steps %llu\n",
                  (unsigned long long)s->traces,
                  (unsigned long long)s->input_errors,
                  (unsigned long long)s->steps);
    fc_buf_printf(&b,
                  "coherent %.1f%%  valid %.1f%%  coherent but invalid "
                  "%.1f%%  unknown %llu\n",
                  100 * ratio(s->coherent, s->traces),
                  100 * ratio(s->valid, s->traces),
                  100 * ratio(s->quadrant[1][0], s->traces),
                  (unsigned long long)s->unknown);
    bool any = false;
    for (int i = 1; i < FC_T_COUNT; i++) {
        uint64_t n = s->step_errors[i] + s->trace_errors[i];
        if (!n)
            continue;
        fc_buf_printf(&b, "%s  %-15s %-25s %llu\n", any ? "" : "errors:\n",
                      fc_etype_category((fc_etype)i), fc_etype_name((fc_etype)i),
                      (unsigned long long)n);
        any = true;
    }
    if (s->conclusions)
        fc_buf_printf(&b,
                      "conclusions %llu: reached %llu (vacuous %llu); "
                      "entailed %llu, refuted %llu, undetermined %llu, "
                      "unknown %llu\n",
                      (unsigned long long)s->conclusions,
                      (unsigned long long)s->reached,
                      (unsigned long long)s->vacuous,
                      (unsigned long long)s->conclusion_status[FC_STATUS_ENTAILED],
                      (unsigned long long)s->conclusion_status[FC_STATUS_REFUTED],
                      (unsigned long long)
                          s->conclusion_status[FC_STATUS_UNDETERMINED],
                      (unsigned long long)s->conclusion_status[FC_STATUS_UNKNOWN]);
    if (s->labelled) {
        uint64_t agree = 0;
        for (int i = 0; i < FC_REF_COUNT; i++)
            agree += s->confusion[i][i];
        fc_buf_printf(&b, "agreement with reference labels: %llu/%llu\n",
                      (unsigned long long)agree,
                      (unsigned long long)s->labelled);
    }
    if (s->labelled_no_conclusion)
        fc_buf_printf(&b, "reference labels without a conclusion to check "
                          "(left out of the agreement): %llu\n",
                      (unsigned long long)s->labelled_no_conclusion);
    if (s->group_by) {
        fc_buf_printf(&b, "by %s:\n", s->group_by);
        for (size_t i = 0; i < s->ngroups; i++) {
            const fc_summary *g = s->groups[i].s;
            fc_buf_printf(&b,
                          "  %-20s traces %llu  coherent %.1f%%  valid "
                          "%.1f%%  coherent but invalid %.1f%%\n",
                          s->groups[i].value, (unsigned long long)g->traces,
                          100 * ratio(g->coherent, g->traces),
                          100 * ratio(g->valid, g->traces),
                          100 * ratio(g->quadrant[1][0], g->traces));
        }
    }
    fc_buf_printf(&b, "solver %.1f s, checking %.1f s, wall %.1f s\n",
                  s->solver_us / 1e6, s->check_us / 1e6, s->wall_us / 1e6);
    return fc_buf_take(&b);
}

char *fc_summary_json(const fc_summary *s)
{
    cJSON *j = fc_summary_to_json(s);
    char *p = cJSON_Print(j);
    char *r = fc_xstrdup(p);
    cJSON_free(p);
    cJSON_Delete(j);
    return r;
}

fc_summary *fc_summary_parse(const char *json, char **err)
{
    cJSON *j = cJSON_ParseWithOpts(json, NULL, 0);
    *err = NULL;
    if (!j) {
        *err = fc_xstrdup("not valid JSON");
        return NULL;
    }
    fc_summary *s = fc_summary_new();
    const char *why = NULL;
    if (!fc_summary_from_json(j, s, &why)) {
        fc_buf b = {0};
        fc_buf_printf(&b, "not a folcheck summary: bad field '%s'",
                      why ? why : "?");
        *err = fc_buf_take(&b);
        fc_summary_free(s);
        s = NULL;
    }
    cJSON_Delete(j);
    return s;
}
