/* Reading traces from JSON Lines records with cJSON. */
#include "lang/jsonl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/jsonpos.h"
#include "lang/parse.h"
#include "lang/passes.h"
#include "lang/trace.h"

/* ---- records ------------------------------------------------------------ */

typedef struct reader {
    fc_trace *t;
    fc_diags *diags;
    const char *name;
    const char *record;
    size_t len;
    int line;
    bool failed;
    /* the last array element located: element elem_index of the
     * top-level array elem_key starts at elem_off */
    const char *elem_key;
    int elem_index;
    long elem_off;
    /* the last column counted: byte col_off of the record is in column
     * col_cols (0-based), so that the columns of a record's statements,
     * asked in order, cost one pass over it */
    size_t col_off;
    int col_cols;
} reader;

/* The 0-based column of byte off of the record. */
static int column_at(reader *r, size_t off)
{
    if (off < r->col_off) {
        r->col_off = 0;
        r->col_cols = 0;
    }
    r->col_cols += fc_utf8_columns(r->record + r->col_off, off - r->col_off);
    r->col_off = off;
    return r->col_cols;
}

/* A JSON path, for positions: up to 4 parts, each an object key or (when
 * the key is NULL) an array index. */
typedef struct jpath {
    const char *key[4];
    int index[4];
    size_t n;
} jpath;

static jpath path1(const char *a)
{
    jpath p = {{a}, {0}, 1};
    return p;
}

static jpath path_idx(const char *a, int i, const char *b)
{
    jpath p = {{a, NULL, b}, {0, i, 0}, b ? 3 : 2};
    return p;
}

/* Where element k of the top-level array key starts: on from the last
 * element located in that array, so that the formulas of a record are
 * located in one pass over it, not one pass each. */
static long element_offset(reader *r, const char *key, int k)
{
    long off;
    int from = 0;
    if (r->elem_key && !strcmp(r->elem_key, key) && r->elem_index <= k) {
        off = r->elem_off;
        from = r->elem_index;
    } else {
        const char *parts[2] = {key, "0"};
        off = fc_json_locate(r->record, r->len, parts, 2);
        if (off < 0)
            return -1;
    }
    off = fc_json_skip_elements(r->record, r->len, (size_t)off, k - from);
    if (off < 0)
        return -1;
    r->elem_key = key;
    r->elem_index = k;
    r->elem_off = off;
    return off;
}

/* The column of the value at path, or of the record's start. */
static int path_column(reader *r, const jpath *p, long *off_out)
{
    char bufs[4][24];
    const char *parts[4];
    for (size_t i = 0; i < p->n; i++) {
        if (p->key[i]) {
            parts[i] = p->key[i];
        } else {
            snprintf(bufs[i], sizeof bufs[i], "%d", p->index[i]);
            parts[i] = bufs[i];
        }
    }
    long off;
    if (p->n >= 2 && p->key[0] && !p->key[1]) {
        /* in an element of a top-level array: the rest of the path is
         * looked for from the element's start */
        off = element_offset(r, p->key[0], p->index[1]);
        if (off >= 0 && p->n > 2) {
            long rest = fc_json_locate(r->record + off, r->len - (size_t)off,
                                       parts + 2, p->n - 2);
            off = rest >= 0 ? off + rest : -1;
        }
    } else {
        off = fc_json_locate(r->record, r->len, parts, p->n);
    }
    if (off_out)
        *off_out = off;
    return off >= 0 ? column_at(r, (size_t)off) + 1 : 1;
}

static void field_error(reader *r, const jpath *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void field_error(reader *r, const jpath *p, const char *fmt, ...)
{
    fc_pos pos = {.file = r->name, .line = r->line, .col = 1};
    if (p)
        pos.col = path_column(r, p, NULL);
    pos.source = r->record;
    pos.source_len = r->len;
    pos.caret = pos.col;
    pos.span = 1;
    va_list ap;
    va_start(ap, fmt);
    fc_diags_vadd(r->diags, FC_E_BAD_FIELD, &pos, fmt, ap);
    va_end(ap);
    r->failed = true;
}

/* Adds a claim statement read from a string formula at path. */
static fc_stmt *add_formula(reader *r, fc_stmt_kind kind, const char *field,
                            const jpath *p, const char *formula,
                            const char *label)
{
    fc_stmt s = {0};
    fc_trace *t = r->t;
    s.kind = kind;
    s.field = fc_xstrdup(field);
    s.source = fc_xstrdup(formula);
    s.line = r->line;
    size_t flen = strlen(formula);
    long off;
    s.col = path_column(r, p, &off) + (off >= 0 ? 1 : 0); /* past the quote */
    s.fbeg = 0;
    s.fend = flen;
    if (label && *label) {
        s.label = fc_xstrdup(label);
        s.label_given = true;
    }
    size_t before = r->diags->items.len;
    s.formula = fc_parse_formula(t->ast, r->diags, t->dialect, t->name,
                                 r->line, r->record, r->len,
                                 off >= 0 ? off + 1 : -1, field, formula,
                                 flen);
    if (!s.formula) {
        s.broken = true;
        s.error_code = FC_E_SYNTAX;
        if (r->diags->items.len > before) {
            fc_diag *g = r->diags->items.data[r->diags->items.len - 1];
            s.error_code = g->code;
            s.error_msg = fc_xstrdup(g->message);
            s.error_col = g->col;
        } else {
            s.error_msg = fc_xstrdup("the formula does not parse");
        }
    }
    return fc_trace_add(t, &s);
}

static void add_claims(reader *r, const cJSON *arr, const char *name,
                       fc_stmt_kind kind)
{
    if (!arr)
        return;
    jpath top = path1(name);
    if (!cJSON_IsArray(arr)) {
        field_error(r, &top, "'%s' must be an array of formulas", name);
        return;
    }
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        int k = i++;
        char field[64];
        snprintf(field, sizeof field, "%s[%d]", name, k);
        jpath here = path_idx(name, k, NULL);
        if (cJSON_IsString(it)) {
            add_formula(r, kind, field, &here, it->valuestring, NULL);
            continue;
        }
        if (!cJSON_IsObject(it)) {
            field_error(r, &here, "%s must be a formula string or an object",
                        field);
            continue;
        }
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(it, "formula");
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(it, "label");
        const cJSON *by = cJSON_GetObjectItemCaseSensitive(it, "by");
        if (!cJSON_IsString(f)) {
            jpath fp = path_idx(name, k, "formula");
            field_error(r, f ? &fp : &here, "%s needs a string 'formula'",
                        field);
            continue;
        }
        if (l && !cJSON_IsString(l)) {
            jpath lp = path_idx(name, k, "label");
            field_error(r, &lp, "%s: 'label' must be a string", field);
            continue;
        }
        char ffield[80];
        snprintf(ffield, sizeof ffield, "%s.formula", field);
        jpath fp = path_idx(name, k, "formula");
        fc_stmt *s = add_formula(r, kind, ffield, &fp, f->valuestring,
                                 l ? l->valuestring : NULL);
        if (!by)
            continue;
        jpath bp = path_idx(name, k, "by");
        if (!cJSON_IsArray(by)) {
            field_error(r, &bp, "%s: 'by' must be an array of labels", field);
            continue;
        }
        s->has_by = true;
        const cJSON *c;
        int ci = 0;
        cJSON_ArrayForEach(c, by)
        {
            if (!cJSON_IsString(c)) {
                field_error(r, &bp, "%s: 'by' must hold label strings",
                            field);
                break;
            }
            jpath cp = path_idx(name, k, "by");
            cp.key[3] = NULL;
            cp.index[3] = ci++;
            cp.n = 4;
            fc_cite cite = {fc_intern(r->t->ast, c->valuestring,
                                      strlen(c->valuestring)),
                            0, -1, path_column(r, &cp, NULL)};
            fc_vec_push(&s->by, cite);
        }
    }
}

static void add_expect(reader *r, const char *key, const char *label,
                       const char *value)
{
    fc_stmt s = {0};
    s.kind = FC_ST_EXPECT;
    s.line = r->line;
    char field[64];
    snprintf(field, sizeof field, "expect.%s", key);
    s.field = fc_xstrdup(field);
    jpath p = {{"expect", key}, {0}, 2};
    s.col = path_column(r, &p, NULL);
    s.source = fc_xstrdup(value);
    s.fend = strlen(value);
    if (label) {
        s.label = fc_xstrdup(label);
        s.label_given = true;
    }
    s.expect_value = fc_intern(r->t->ast, value, strlen(value));
    fc_trace_add(r->t, &s);
}

static void read_expect(reader *r, const cJSON *e)
{
    if (!e)
        return;
    jpath ep = path1("expect");
    if (!cJSON_IsObject(e)) {
        field_error(r, &ep, "'expect' must be an object");
        return;
    }
    const cJSON *trace = cJSON_GetObjectItemCaseSensitive(e, "trace");
    const cJSON *coh = cJSON_GetObjectItemCaseSensitive(e, "coherent");
    const cJSON *step = cJSON_GetObjectItemCaseSensitive(e, "step");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "type");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(e, "status");
    const cJSON *concl = cJSON_GetObjectItemCaseSensitive(e, "conclusion");
    if (trace && cJSON_IsString(trace))
        add_expect(r, "trace", NULL, trace->valuestring);
    else if (trace)
        field_error(r, &ep, "expect.trace must be a string");
    if (coh && cJSON_IsBool(coh))
        add_expect(r, "coherent", NULL,
                   cJSON_IsTrue(coh) ? "coherent" : "incoherent");
    else if (coh)
        field_error(r, &ep, "expect.coherent must be true or false");
    if (step && !cJSON_IsString(step))
        field_error(r, &ep, "expect.step must be a label string");
    if (cJSON_IsString(step) && cJSON_IsString(type))
        add_expect(r, "type", step->valuestring, type->valuestring);
    if (cJSON_IsString(step) && cJSON_IsString(status))
        add_expect(r, "status", step->valuestring, status->valuestring);
    if (concl && cJSON_IsString(concl))
        add_expect(r, "conclusion", "conclusion", concl->valuestring);
}

static void read_declarations(reader *r, const cJSON *d)
{
    if (!d)
        return;
    jpath dp = path1("declarations");
    if (!cJSON_IsArray(d)) {
        field_error(r, &dp, "'declarations' must be an array of strings");
        return;
    }
    const cJSON *it;
    int k = 0;
    cJSON_ArrayForEach(it, d)
    {
        jpath ip = path_idx("declarations", k, NULL);
        if (!cJSON_IsString(it)) {
            field_error(r, &ip, "'declarations' must be an array of strings");
            break;
        }
        char field[64];
        snprintf(field, sizeof field, "declarations[%d]", k++);
        long off;
        path_column(r, &ip, &off);
        size_t first = r->t->stmts.len;
        fc_parse_declaration(r->t, r->diags, r->name, r->line, r->record,
                             r->len, off >= 0 ? off + 1 : -1, field,
                             it->valuestring, strlen(it->valuestring));
        for (size_t i = first; i < r->t->stmts.len; i++) {
            fc_stmt *s = &r->t->stmts.data[i];
            free(s->field);
            s->field = fc_xstrdup(field);
            free(s->source);
            s->source = fc_xstrdup(it->valuestring);
            s->line = r->line;
            s->col = off >= 0 ? column_at(r, (size_t)off) + 2
                              : 1;
        }
    }
}

/* The dialect of a record: folio when it has `premises-FOL`, or as its
 * `dialect` says.  False, with a diagnostic, when it cannot be read. */
static bool record_dialect(reader *r, const cJSON *root, bool folio,
                           fc_pos *pos, fc_dialect *dialect)
{
    const cJSON *dj = cJSON_GetObjectItemCaseSensitive(root, "dialect");
    if (folio)
        *dialect = FC_DIALECT_FOLIO;
    if (dj && (!cJSON_IsString(dj) ||
               !fc_dialect_from_name(dj->valuestring, dialect))) {
        jpath dp = path1("dialect");
        pos->col = path_column(r, &dp, NULL);
        pos->source = r->record;
        pos->source_len = r->len;
        pos->caret = pos->col;
        pos->span = 1;
        fc_diags_add(r->diags, FC_E_UNKNOWN_DIALECT, pos,
                     "unknown dialect %s%s%s: use native, folio, python or tptp",
                     cJSON_IsString(dj) ? "'" : "",
                     cJSON_IsString(dj) ? dj->valuestring : "(not a string)",
                     cJSON_IsString(dj) ? "'" : "");
        return false;
    }
    return true;
}

/* The raw text of a top-level value, valid UTF-8: an invalid byte
 * becomes U+FFFD, with a warning at the field. */
static char *raw_field(reader *r, const char *key)
{
    size_t beg, end;
    char *raw = fc_json_raw_value(r->record, r->len, key, &beg, &end);
    if (!raw)
        return NULL;
    bool bad = false;
    char *clean = fc_utf8_sanitize(raw, strlen(raw), &bad);
    free(raw);
    if (bad) {
        fc_pos pos = {.file = r->name, .line = r->line};
        pos.col = column_at(r, beg) + 1;
        pos.source = r->record;
        pos.source_len = r->len;
        pos.caret = pos.col;
        pos.span = 1;
        fc_diags_add(r->diags, FC_W_INVALID_UTF8, &pos,
                     "`%s` holds bytes that are not UTF-8; each is written "
                     "as U+FFFD in the output", key);
    }
    return clean;
}

/* `id`, `meta` and the reference `label`: id and meta are copied as the
 * record writes them (numbers keep their digits, strings their escapes). */
static void read_meta(reader *r, fc_trace *t, const cJSON *root)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (cJSON_IsString(id) || cJSON_IsNumber(id)) {
        t->id_json = raw_field(r, "id");
        if (cJSON_IsString(id))
            t->id = fc_utf8_sanitize(id->valuestring, strlen(id->valuestring),
                                     NULL);
        else
            t->id = fc_xstrdup(t->id_json ? t->id_json : "?");
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "meta"))
        t->meta = raw_field(r, "meta");
    const cJSON *label = cJSON_GetObjectItemCaseSensitive(root, "label");
    if (cJSON_IsString(label))
        t->ref_label = fc_utf8_sanitize(label->valuestring,
                                        strlen(label->valuestring), NULL);
}

/* A FOLIO record: `premises-FOL` and `conclusion-FOL`. */
static void read_folio(reader *r, const cJSON *root, const cJSON *premises)
{
    add_claims(r, premises, "premises-FOL", FC_ST_PREMISE);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "conclusion-FOL");
    jpath cp = path1("conclusion-FOL");
    if (cJSON_IsString(c))
        add_formula(r, FC_ST_CONCLUDE, "conclusion-FOL", &cp, c->valuestring,
                    NULL);
    else if (c)
        field_error(r, &cp, "'conclusion-FOL' must be a formula string");
}

/* The trace schema's `conclusion`: a formula string or an object with a
 * `formula` and a `label`. */
static void read_conclusion(reader *r, const cJSON *c)
{
    jpath cp = path1("conclusion");
    if (cJSON_IsString(c)) {
        add_formula(r, FC_ST_CONCLUDE, "conclusion", &cp, c->valuestring,
                    NULL);
    } else if (cJSON_IsObject(c)) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "formula");
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(c, "label");
        jpath fp = {{"conclusion", "formula"}, {0}, 2};
        if (!cJSON_IsString(f) || (l && !cJSON_IsString(l)))
            field_error(r, &cp, "'conclusion' needs a string 'formula' "
                                "(and a string 'label')");
        else
            add_formula(r, FC_ST_CONCLUDE, "conclusion.formula", &fp,
                        f->valuestring, l ? l->valuestring : NULL);
    } else if (c && !cJSON_IsNull(c)) {
        field_error(r, &cp, "'conclusion' must be a formula string");
    }
}

/* The trace of a parsed record, or NULL with a diagnostic. */
static fc_trace *read_record(reader *r, const cJSON *root, fc_dialect dialect,
                             fc_pos *pos)
{
    if (!cJSON_IsObject(root)) {
        fc_diags_add(r->diags, FC_E_BAD_FIELD, pos,
                     "a record must be a JSON object");
        return NULL;
    }
    const cJSON *folio = cJSON_GetObjectItemCaseSensitive(root,
                                                          "premises-FOL");
    if (!record_dialect(r, root, folio != NULL, pos, &dialect))
        return NULL;
    fc_trace *t = fc_trace_alloc(r->name, dialect);
    t->json = true;
    t->json_line = r->line;
    t->diag_start = r->diags->items.len;
    r->t = t;
    read_meta(r, t, root);
    read_declarations(r, cJSON_GetObjectItemCaseSensitive(root,
                                                          "declarations"));
    if (folio) {
        read_folio(r, root, folio);
    } else {
        add_claims(r, cJSON_GetObjectItemCaseSensitive(root, "premises"),
                   "premises", FC_ST_PREMISE);
        add_claims(r, cJSON_GetObjectItemCaseSensitive(root, "steps"),
                   "steps", FC_ST_STEP);
        read_conclusion(r, cJSON_GetObjectItemCaseSensitive(root,
                                                            "conclusion"));
    }
    read_expect(r, cJSON_GetObjectItemCaseSensitive(root, "expect"));
    if (!r->failed && t->stmts.len == 0)
        fc_diags_add(r->diags, FC_E_EMPTY_INPUT, pos,
                     "the record has no premises, steps or conclusion");
    if (r->failed || t->stmts.len == 0) {
        fc_trace_free(t);
        return NULL;
    }
    fc_trace_finish(t, r->diags);
    return t;
}

/* The deepest nesting of arrays and objects outside strings. */
static int json_depth(const char *s, size_t n)
{
    int depth = 0, max = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                max = depth;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return max;
}

fc_trace *fc_trace_from_json(const char *name, int lineno, const char *text,
                             size_t len, fc_dialect dialect, fc_diags *diags)
{
    fc_pos pos = {.file = name, .line = lineno, .col = 1};
    if (len > FC_MAX_RECORD_BYTES) {
        fc_diags_add(diags, FC_E_TOO_LONG, &pos,
                     "record longer than the limit of %u bytes "
                     "(FC_MAX_RECORD_BYTES)", (unsigned)FC_MAX_RECORD_BYTES);
        return NULL;
    }
    char *copy = fc_xstrndup(text, len);
    const char *end = NULL;
    /* nothing but blanks may follow the record's value */
    cJSON *root = cJSON_ParseWithOpts(copy, &end, 1);
    if (!root) {
        size_t off = end && end >= copy ? (size_t)(end - copy) : 0;
        pos.col = fc_utf8_columns(copy, off) + 1;
        pos.source = copy;
        pos.source_len = len;
        pos.caret = pos.col;
        pos.span = 1;
        if (json_depth(copy, len) > CJSON_NESTING_LIMIT)
            fc_diags_add(diags, FC_E_TOO_DEEP, &pos,
                         "the record nests deeper than the limit of %d "
                         "levels of arrays and objects",
                         CJSON_NESTING_LIMIT);
        else
            fc_diags_add(diags, FC_E_BAD_JSON, &pos,
                         "this line is not valid JSON (the error is at or "
                         "before column %d)", pos.col);
        free(copy);
        return NULL;
    }
    reader r = {0};
    r.name = name;
    r.record = copy;
    r.len = len;
    r.line = lineno;
    r.diags = diags;
    fc_trace *t = read_record(&r, root, dialect, &pos);
    cJSON_Delete(root);
    free(copy);
    return t;
}
