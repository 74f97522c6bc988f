#define _POSIX_C_SOURCE 200809L
#include "util/util.h"

#include "folcheck.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(void)
{
    fputs("folcheck: out of memory\n", stderr);
    abort();
}

void *fc_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *fc_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *fc_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *fc_xstrndup(const char *s, size_t n)
{
    char *d = fc_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *fc_xstrdup(const char *s) { return fc_xstrndup(s, strlen(s)); }

static void buf_reserve(fc_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = fc_xrealloc(b->data, cap);
    b->cap = cap;
}

void fc_buf_putn(fc_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void fc_buf_puts(fc_buf *b, const char *s) { fc_buf_putn(b, s, strlen(s)); }

void fc_buf_putc(fc_buf *b, char c) { fc_buf_putn(b, &c, 1); }

void fc_buf_vprintf(fc_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void fc_buf_printf(fc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fc_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *fc_buf_take(fc_buf *b)
{
    char *s = b->data ? b->data : fc_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void fc_buf_free(fc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

uint64_t fc_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    /* FNV-1a, then a final mix: simple and good enough for symbol names. */
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

uint64_t fc_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void fc_buf_put_numeral(fc_buf *b, const char *num)
{
    size_t n = strlen(num);
    if (n <= 60) {
        fc_buf_puts(b, num);
        return;
    }
    size_t digits = 0;
    for (size_t i = 0; i < n; i++)
        digits += num[i] >= '0' && num[i] <= '9';
    fc_buf_putn(b, num, 24);
    fc_buf_puts(b, "…");
    fc_buf_putn(b, num + n - 8, 8);
    fc_buf_printf(b, " (%zu digits)", digits);
}

bool fc_atomic_open(fc_atomic_file *a, const char *path)
{
    memset(a, 0, sizeof *a);
    fc_buf b = {0};
    fc_buf_printf(&b, "%s.tmp.%ld", path, (long)getpid());
    a->tmp = fc_buf_take(&b);
    a->f = fopen(a->tmp, "w");
    if (!a->f) {
        int e = errno;
        free(a->tmp);
        a->tmp = NULL;
        errno = e;
        return false;
    }
    a->path = fc_xstrdup(path);
    return true;
}

bool fc_atomic_commit(fc_atomic_file *a)
{
    bool ok = !ferror(a->f);
    int e = ok ? 0 : EIO;
    if (fclose(a->f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(a->tmp, a->path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
    errno = e;
    return ok;
}

void fc_atomic_abort(fc_atomic_file *a)
{
    if (a->f) {
        fclose(a->f);
        unlink(a->tmp);
    }
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
}

char *fc_utf8_sanitize(const char *s, size_t n, bool *replaced)
{
    fc_buf b = {0};
    bool bad = false;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int k = fc_utf8_len(p + i, n - i);
        if (k == 0) {
            fc_buf_puts(&b, "\xEF\xBF\xBD");
            bad = true;
            i++;
        } else {
            fc_buf_putn(&b, s + i, (size_t)k);
            i += (size_t)k;
        }
    }
    if (replaced)
        *replaced = bad;
    if (!b.data)
        return fc_xstrdup("");
    return fc_buf_take(&b);
}

int fc_utf8_len(const unsigned char *s, size_t avail)
{
    if (avail == 0)
        return 0;
    unsigned c = s[0];
    int n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (avail < (size_t)n)
        return 0;
    unsigned cp = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

int fc_utf8_columns(const char *line, size_t off)
{
    int cols = 0;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80)
            cols++;
    return cols;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void fc_ivec_sort(fc_ivec *v)
{
    if (v->len > 1)
        qsort(v->data, v->len, sizeof(int), cmp_int);
}

bool fc_ivec_contains(const fc_ivec *v, int x)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->data[i] == x)
            return true;
    return false;
}

bool fc_ivec_subset(const fc_ivec *a, const fc_ivec *b)
{
    for (size_t i = 0; i < a->len; i++)
        if (!fc_ivec_contains(b, a->data[i]))
            return false;
    return true;
}

bool fc_ivec_same_set(const fc_ivec *a, const fc_ivec *b)
{
    return fc_ivec_subset(a, b) && fc_ivec_subset(b, a);
}

void fc_tune_allocator(void)
{
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}
