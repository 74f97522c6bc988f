/* Reading traces from JSON Lines records with cJSON. */
#include "lang/jsonl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"
#include "lang/trace.h"

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

int fc_json_column_from(const char *record, size_t rlen, size_t start,
                        size_t off)
{
    size_t r = start, k = 0;
    while (r < rlen && record[r] != '"' && k < off) {
        char buf[4];
        int n;
        r += decode_one(record, r, rlen, buf, &n);
        k += (size_t)n;
    }
    return fc_utf8_columns(record, r) + 1;
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

/* A small scanner over raw JSON, to find where a value starts. */
typedef struct jscan {
    const char *s;
    size_t len, i;
} jscan;

static void js_ws(jscan *j)
{
    while (j->i < j->len && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
                             j->s[j->i] == '\r' || j->s[j->i] == '\n'))
        j->i++;
}

/* Skips a string; if out is given, decodes it (truncated to outlen). */
static bool js_string(jscan *j, char *out, size_t outlen)
{
    if (j->i >= j->len || j->s[j->i] != '"')
        return false;
    j->i++;
    if (!out) {
        /* only skipping: an escape's next character cannot end it */
        while (j->i < j->len && j->s[j->i] != '"')
            j->i += j->s[j->i] == '\\' ? 2 : 1;
        if (j->i >= j->len)
            return false;
        j->i++;
        return true;
    }
    size_t o = 0;
    while (j->i < j->len && j->s[j->i] != '"') {
        char buf[4];
        int n;
        size_t used = decode_one(j->s, j->i, j->len, buf, &n);
        for (int k = 0; out && k < n && o + 1 < outlen; k++)
            out[o++] = buf[k];
        j->i += used;
    }
    if (out && outlen)
        out[o] = '\0';
    if (j->i >= j->len)
        return false;
    j->i++;
    return true;
}

static bool js_value(jscan *j, int depth);

static bool js_value(jscan *j, int depth)
{
    js_ws(j);
    if (j->i >= j->len || depth > 200)
        return false;
    char c = j->s[j->i];
    if (c == '"')
        return js_string(j, NULL, 0);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->i++;
        js_ws(j);
        if (j->i < j->len && j->s[j->i] == close) {
            j->i++;
            return true;
        }
        for (;;) {
            if (c == '{') {
                js_ws(j);
                if (!js_string(j, NULL, 0))
                    return false;
                js_ws(j);
                if (j->i >= j->len || j->s[j->i] != ':')
                    return false;
                j->i++;
            }
            if (!js_value(j, depth + 1))
                return false;
            js_ws(j);
            if (j->i < j->len && j->s[j->i] == ',') {
                j->i++;
                continue;
            }
            if (j->i < j->len && j->s[j->i] == close) {
                j->i++;
                return true;
            }
            return false;
        }
    }
    /* number, true, false, null */
    while (j->i < j->len && !strchr(",]} \t\r\n", j->s[j->i]))
        j->i++;
    return true;
}

long fc_json_locate(const char *record, size_t len, const char *const *path,
                    size_t npath)
{
    jscan j = {record, len, 0};
    for (size_t p = 0; p < npath; p++) {
        js_ws(&j);
        if (j.i >= len)
            return -1;
        char c = record[j.i];
        if (c == '{') {
            j.i++;
            bool found = false;
            for (;;) {
                js_ws(&j);
                char key[128];
                if (!js_string(&j, key, sizeof key))
                    return -1;
                js_ws(&j);
                if (j.i >= len || record[j.i] != ':')
                    return -1;
                j.i++;
                if (!strcmp(key, path[p])) {
                    found = true;
                    break;
                }
                if (!js_value(&j, 0))
                    return -1;
                js_ws(&j);
                if (j.i < len && record[j.i] == ',') {
                    j.i++;
                    continue;
                }
                return -1;
            }
            if (!found)
                return -1;
        } else if (c == '[') {
            j.i++;
            long want = strtol(path[p], NULL, 10);
            for (long k = 0; k < want; k++) {
                if (!js_value(&j, 0))
                    return -1;
                js_ws(&j);
                if (j.i >= len || record[j.i] != ',')
                    return -1;
                j.i++;
            }
        } else {
            return -1;
        }
    }
    js_ws(&j);
    return j.i < len ? (long)j.i : -1;
}

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
} reader;

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
    jscan j = {r->record, r->len, (size_t)off};
    for (; from < k; from++) {
        if (!js_value(&j, 0))
            return -1;
        js_ws(&j);
        if (j.i >= j.len || j.s[j.i] != ',')
            return -1;
        j.i++;
        js_ws(&j);
    }
    if (j.i >= j.len)
        return -1;
    r->elem_key = key;
    r->elem_index = k;
    r->elem_off = (long)j.i;
    return (long)j.i;
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
    return off >= 0 ? fc_utf8_columns(r->record, (size_t)off) + 1 : 1;
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
            s->col = off >= 0 ? fc_utf8_columns(r->record, (size_t)off) + 2
                              : 1;
        }
    }
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
        fc_diags_add(diags, FC_E_BAD_JSON, &pos,
                     "this line is not valid JSON (the error is at or "
                     "before column %d)", pos.col);
        free(copy);
        return NULL;
    }
    fc_trace *t = NULL;
    reader r = {0};
    r.name = name;
    r.record = copy;
    r.len = len;
    r.line = lineno;
    r.diags = diags;
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
            jpath dp = path1("dialect");
            pos.col = path_column(&r, &dp, NULL);
            pos.source = copy;
            pos.source_len = len;
            pos.caret = pos.col;
            pos.span = 1;
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
        jpath cp = path1("conclusion-FOL");
        if (cJSON_IsString(c))
            add_formula(&r, FC_ST_CONCLUDE, "conclusion-FOL", &cp,
                        c->valuestring, NULL);
        else if (c)
            field_error(&r, &cp, "'conclusion-FOL' must be a formula string");
    } else {
        add_claims(&r, cJSON_GetObjectItemCaseSensitive(root, "premises"),
                   "premises", FC_ST_PREMISE);
        add_claims(&r, cJSON_GetObjectItemCaseSensitive(root, "steps"),
                   "steps", FC_ST_STEP);
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "conclusion");
        jpath cp = path1("conclusion");
        if (cJSON_IsString(c)) {
            add_formula(&r, FC_ST_CONCLUDE, "conclusion", &cp, c->valuestring,
                        NULL);
        } else if (cJSON_IsObject(c)) {
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "formula");
            const cJSON *l = cJSON_GetObjectItemCaseSensitive(c, "label");
            jpath fp = {{"conclusion", "formula"}, {0}, 2};
            if (!cJSON_IsString(f) || (l && !cJSON_IsString(l)))
                field_error(&r, &cp, "'conclusion' needs a string 'formula' "
                                     "(and a string 'label')");
            else
                add_formula(&r, FC_ST_CONCLUDE, "conclusion.formula", &fp,
                            f->valuestring, l ? l->valuestring : NULL);
        } else if (c && !cJSON_IsNull(c)) {
            field_error(&r, &cp, "'conclusion' must be a formula string");
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
