/* Positions in raw JSON text: string escapes, display columns, and where
 * a value sits, for diagnostics (cJSON does not keep positions). */
#include "lang/jsonpos.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

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

long fc_json_skip_elements(const char *record, size_t len, size_t off,
                           int count)
{
    jscan j = {record, len, off};
    for (int k = 0; k < count; k++) {
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
    return (long)j.i;
}

char *fc_json_raw_value(const char *record, size_t len, const char *key,
                        size_t *beg, size_t *end)
{
    const char *path[1] = {key};
    long off = fc_json_locate(record, len, path, 1);
    if (off < 0)
        return NULL;
    jscan j = {record, len, (size_t)off};
    if (!js_value(&j, 0))
        return NULL;
    *beg = (size_t)off;
    *end = j.i;
    char *out = malloc(j.i - (size_t)off + 1);
    if (!out)
        abort();
    memcpy(out, record + off, j.i - (size_t)off);
    out[j.i - (size_t)off] = '\0';
    return out;
}
