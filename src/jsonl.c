/* Reading traces from JSON Lines records with cJSON. */
#include "jsonl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "trace.h"

/* ---- raw positions ------------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static unsigned read_hex4(const char *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return 0xFFFFFFFF;
        v = v * 16 + (unsigned)h;
    }
    return v;
}

static int encode_utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes one escape or byte at raw[i]; returns raw bytes consumed and
 * writes the decoded bytes to out (*n). */
static size_t decode_one(const char *raw, size_t i, size_t end, char *out,
                         int *n)
{
    if (raw[i] != '\\' || i + 1 >= end) {
        out[0] = raw[i];
        *n = 1;
        return 1;
    }
    char c = raw[i + 1];
    switch (c) {
    case 'n': out[0] = '\n'; *n = 1; return 2;
    case 't': out[0] = '\t'; *n = 1; return 2;
    case 'r': out[0] = '\r'; *n = 1; return 2;
    case 'b': out[0] = '\b'; *n = 1; return 2;
    case 'f': out[0] = '\f'; *n = 1; return 2;
    case 'u': {
        if (i + 6 > end)
            break;
        unsigned cp = read_hex4(raw + i + 2);
        size_t used = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 12 <= end &&
            raw[i + 6] == '\\' && raw[i + 7] == 'u') {
            unsigned lo = read_hex4(raw + i + 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 12;
            }
        }
        if (cp == 0xFFFFFFFF)
            break;
        *n = encode_utf8(cp, out);
        return used;
    }
    default:
        out[0] = c;
        *n = 1;
        return 2;
    }
    out[0] = c;
    *n = 1;
    return 2;
}

int fc_json_column(const char *record, size_t rlen, const char *str,
                   size_t slen, size_t off)
{
    for (size_t i = 0; i < rlen; i++) {
        if (record[i] != '"')
            continue;
        size_t start = i + 1, j = start;
        while (j < rlen && record[j] != '"')
            j += record[j] == '\\' ? 2 : 1;
        if (j > rlen)
            j = rlen;
        /* compare the decoded token with str */
        size_t k = 0, r = start, raw_at_off = (size_t)-1;
        bool same = true;
        while (r < j) {
            char buf[4];
            int n;
            if (k == off)
                raw_at_off = r;
            size_t used = decode_one(record, r, j, buf, &n);
            if (k + (size_t)n > slen || memcmp(buf, str + k, (size_t)n)) {
                same = false;
                break;
            }
            k += (size_t)n;
            r += used;
        }
        if (same && k == slen) {
            if (raw_at_off == (size_t)-1)
                raw_at_off = r;
            return fc_utf8_columns(record, raw_at_off) + 1;
        }
        i = j;
    }
    return 0;
}

/* ---- records ------------------------------------------------------------ */

typedef struct reader {
    fc_trace *t;
    fc_diags *diags;
    const char *record;
    size_t len;
    int line;
    bool failed;
} reader;

static void field_error(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void field_error(reader *r, const char *fmt, ...)
{
    fc_pos pos = {.file = r->t->name, .line = r->line, .col = 1};
    va_list ap;
    va_start(ap, fmt);
    fc_diags_vadd(r->diags, FC_E_BAD_FIELD, &pos, fmt, ap);
    va_end(ap);
    r->failed = true;
}

/* Adds a claim statement read from a string formula. */
static fc_stmt *add_formula(reader *r, fc_stmt_kind kind, const char *field,
                            const char *formula, const char *label)
{
    fc_stmt s = {0};
    fc_trace *t = r->t;
    s.kind = kind;
    s.field = fc_xstrdup(field);
    s.source = fc_xstrdup(formula);
    s.line = r->line;
    size_t flen = strlen(formula);
    s.col = fc_json_column(r->record, r->len, formula, flen, 0);
    s.fbeg = 0;
    s.fend = flen;
    if (label && *label) {
        s.label = fc_xstrdup(label);
        s.label_given = true;
    }
    size_t before = r->diags->items.len;
    s.formula = fc_parse_formula(t->ast, r->diags, t->dialect, t->name,
                                 r->line, r->record, r->len, field, formula,
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
    if (!cJSON_IsArray(arr)) {
        field_error(r, "'%s' must be an array of formulas", name);
        return;
    }
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char field[64];
        snprintf(field, sizeof field, "%s[%d]", name, i++);
        if (cJSON_IsString(it)) {
            add_formula(r, kind, field, it->valuestring, NULL);
            continue;
        }
        if (!cJSON_IsObject(it)) {
            field_error(r, "%s must be a formula string or an object", field);
            continue;
        }
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(it, "formula");
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(it, "label");
        const cJSON *by = cJSON_GetObjectItemCaseSensitive(it, "by");
        if (!cJSON_IsString(f)) {
            field_error(r, "%s needs a string 'formula'", field);
            continue;
        }
        if (l && !cJSON_IsString(l)) {
            field_error(r, "%s: 'label' must be a string", field);
            continue;
        }
        char ffield[80];
        snprintf(ffield, sizeof ffield, "%s.formula", field);
        fc_stmt *s = add_formula(r, kind, ffield, f->valuestring,
                                 l ? l->valuestring : NULL);
        if (by) {
            if (!cJSON_IsArray(by)) {
                field_error(r, "%s: 'by' must be an array of labels", field);
                continue;
            }
            s->has_by = true;
            const cJSON *c;
            cJSON_ArrayForEach(c, by)
            {
                if (!cJSON_IsString(c)) {
                    field_error(r, "%s: 'by' must hold label strings", field);
                    break;
                }
                fc_cite cite = {fc_intern(r->t->ast, c->valuestring,
                                          strlen(c->valuestring)),
                                0, -1};
                fc_vec_push(&s->by, cite);
            }
        }
    }
}

static void add_expect(reader *r, const char *label, const char *value)
{
    fc_stmt s = {0};
    s.kind = FC_ST_EXPECT;
    s.line = r->line;
    s.field = fc_xstrdup("expect");
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
    if (!cJSON_IsObject(e)) {
        field_error(r, "'expect' must be an object");
        return;
    }
    const cJSON *trace = cJSON_GetObjectItemCaseSensitive(e, "trace");
    const cJSON *coh = cJSON_GetObjectItemCaseSensitive(e, "coherent");
    const cJSON *step = cJSON_GetObjectItemCaseSensitive(e, "step");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "type");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(e, "status");
    const cJSON *concl = cJSON_GetObjectItemCaseSensitive(e, "conclusion");
    if (trace && cJSON_IsString(trace))
        add_expect(r, NULL, trace->valuestring);
    else if (trace)
        field_error(r, "expect.trace must be a string");
    if (coh && cJSON_IsBool(coh))
        add_expect(r, NULL, cJSON_IsTrue(coh) ? "coherent" : "incoherent");
    else if (coh)
        field_error(r, "expect.coherent must be true or false");
    if (step && !cJSON_IsString(step))
        field_error(r, "expect.step must be a label string");
    if (cJSON_IsString(step) && cJSON_IsString(type))
        add_expect(r, step->valuestring, type->valuestring);
    if (cJSON_IsString(step) && cJSON_IsString(status))
        add_expect(r, step->valuestring, status->valuestring);
    if (concl && cJSON_IsString(concl))
        add_expect(r, "conclusion", concl->valuestring);
}

static void read_declarations(reader *r, const cJSON *d)
{
    if (!d)
        return;
    if (!cJSON_IsArray(d)) {
        field_error(r, "'declarations' must be an array of strings");
        return;
    }
    fc_buf b = {0};
    const cJSON *it;
    cJSON_ArrayForEach(it, d)
    {
        if (!cJSON_IsString(it)) {
            field_error(r, "'declarations' must be an array of strings");
            break;
        }
        fc_buf_printf(&b, "%s\n", it->valuestring);
    }
    if (b.len) {
        char name[64];
        snprintf(name, sizeof name, "%s:%d:declarations", r->t->name,
                 r->line);
        fc_parse_file(r->t, r->diags, name, b.data, b.len,
                      FC_DIALECT_NATIVE);
        /* positions of these statements point into the buffer, which
         * goes away: keep the statement but no source excerpt */
        for (size_t i = 0; i < r->t->stmts.len; i++) {
            fc_stmt *s = &r->t->stmts.data[i];
            if (s->kind >= FC_ST_SORT && !s->field) {
                s->field = fc_xstrdup("declarations");
                s->line = r->line;
            }
        }
    }
    fc_buf_free(&b);
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
    cJSON *root = cJSON_ParseWithOpts(copy, &end, 0);
    if (!root) {
        size_t off = end && end >= copy ? (size_t)(end - copy) : 0;
        pos.col = fc_utf8_columns(copy, off) + 1;
        pos.source = copy;
        pos.source_len = len;
        pos.caret = pos.col;
        pos.span = 1;
        fc_diags_add(diags, FC_E_BAD_JSON, &pos,
                     "this line is not valid JSON (the error is at or "
                     "before column %d)", pos.col);
        free(copy);
        return NULL;
    }
    fc_trace *t = NULL;
    reader r = {0};
    if (!cJSON_IsObject(root)) {
        fc_diags_add(diags, FC_E_BAD_FIELD, &pos,
                     "a record must be a JSON object");
        goto done;
    }
    const cJSON *folio = cJSON_GetObjectItemCaseSensitive(root,
                                                          "premises-FOL");
    const cJSON *dj = cJSON_GetObjectItemCaseSensitive(root, "dialect");
    if (folio)
        dialect = FC_DIALECT_FOLIO;
    if (dj) {
        if (!cJSON_IsString(dj) ||
            !fc_dialect_from_name(dj->valuestring, &dialect)) {
            fc_diags_add(diags, FC_E_UNKNOWN_DIALECT, &pos,
                         "unknown dialect %s%s%s: use native, folio or tptp",
                         cJSON_IsString(dj) ? "'" : "",
                         cJSON_IsString(dj) ? dj->valuestring : "(not a string)",
                         cJSON_IsString(dj) ? "'" : "");
            goto done;
        }
    }
    if (dialect == FC_DIALECT_TPTP) {
        fc_diags_add(diags, FC_E_UNKNOWN_DIALECT, &pos,
                     "the tptp dialect is not supported in JSON records; "
                     "use native or folio");
        goto done;
    }
    t = fc_trace_alloc(name, dialect);
    t->json = true;
    t->json_line = lineno;
    t->diag_start = diags->items.len;
    r.t = t;
    r.diags = diags;
    r.record = copy;
    r.len = len;
    r.line = lineno;

    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (cJSON_IsString(id))
        t->id = fc_xstrdup(id->valuestring);
    else if (cJSON_IsNumber(id))
        t->id = cJSON_PrintUnformatted(id);
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
    if (meta)
        t->meta = cJSON_PrintUnformatted(meta);
    const cJSON *label = cJSON_GetObjectItemCaseSensitive(root, "label");
    if (cJSON_IsString(label))
        t->ref_label = fc_xstrdup(label->valuestring);

    read_declarations(&r, cJSON_GetObjectItemCaseSensitive(root,
                                                          "declarations"));
    if (folio) {
        add_claims(&r, folio, "premises-FOL", FC_ST_PREMISE);
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(root,
                                                          "conclusion-FOL");
        if (cJSON_IsString(c))
            add_formula(&r, FC_ST_CONCLUDE, "conclusion-FOL", c->valuestring,
                        NULL);
        else if (c)
            field_error(&r, "'conclusion-FOL' must be a formula string");
    } else {
        add_claims(&r, cJSON_GetObjectItemCaseSensitive(root, "premises"),
                   "premises", FC_ST_PREMISE);
        add_claims(&r, cJSON_GetObjectItemCaseSensitive(root, "steps"),
                   "steps", FC_ST_STEP);
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "conclusion");
        if (cJSON_IsString(c)) {
            add_formula(&r, FC_ST_CONCLUDE, "conclusion", c->valuestring,
                        NULL);
        } else if (cJSON_IsObject(c)) {
            cJSON *arr = cJSON_CreateArray();
            cJSON_AddItemReferenceToArray(arr, (cJSON *)c);
            add_claims(&r, arr, "conclusion", FC_ST_CONCLUDE);
            cJSON_Delete(arr);
        } else if (c && !cJSON_IsNull(c)) {
            field_error(&r, "'conclusion' must be a formula string");
        }
    }
    read_expect(&r, cJSON_GetObjectItemCaseSensitive(root, "expect"));
    if (r.failed) {
        fc_trace_free(t);
        t = NULL;
        goto done;
    }
    if (t->stmts.len == 0) {
        fc_diags_add(diags, FC_E_EMPTY_INPUT, &pos,
                     "the record has no premises, steps or conclusion");
        fc_trace_free(t);
        t = NULL;
        goto done;
    }
    fc_trace_finish(t, diags);
done:
    cJSON_Delete(root);
    free(copy);
    return t;
}
