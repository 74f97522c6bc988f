/* Small containers shared by every module: growable arrays, a string
 * builder and hashing.  Allocation failure aborts: a checker that cannot
 * allocate a few bytes has no useful way to go on. */
#ifndef FC_UTIL_H
#define FC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

void *fc_xmalloc(size_t n);
void *fc_xcalloc(size_t n, size_t size);
void *fc_xrealloc(void *p, size_t n);
char *fc_xstrdup(const char *s);
char *fc_xstrndup(const char *s, size_t n);

/* A growable array of T: `FC_VEC(int) v = {0};` */
#define FC_VEC(T) struct { T *data; size_t len, cap; }

typedef FC_VEC(int) fc_ivec;

/* True when every element of a is in b. */
bool fc_ivec_subset(const fc_ivec *a, const fc_ivec *b);
bool fc_ivec_contains(const fc_ivec *v, int x);
/* Sorts v in increasing order. */
void fc_ivec_sort(fc_ivec *v);
bool fc_ivec_same_set(const fc_ivec *a, const fc_ivec *b);

#define fc_vec_push(v, x)                                                    \
    do {                                                                     \
        if ((v)->len == (v)->cap) {                                          \
            (v)->cap = (v)->cap ? 2 * (v)->cap : 8;                          \
            (v)->data = fc_xrealloc((v)->data,                               \
                                    (v)->cap * sizeof(*(v)->data));          \
        }                                                                    \
        (v)->data[(v)->len++] = (x);                                         \
    } while (0)

#define fc_vec_free(v)                                                       \
    do {                                                                     \
        free((v)->data);                                                     \
        (v)->data = NULL;                                                    \
        (v)->len = (v)->cap = 0;                                             \
    } while (0)

/* A NUL-terminated string that grows as text is appended. */
typedef struct fc_buf {
    char *data;
    size_t len, cap;
} fc_buf;

void fc_buf_putn(fc_buf *b, const char *s, size_t n);
void fc_buf_puts(fc_buf *b, const char *s);
void fc_buf_putc(fc_buf *b, char c);
void fc_buf_printf(fc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void fc_buf_vprintf(fc_buf *b, const char *fmt, va_list ap);
/* Hands the string to the caller (never NULL) and resets the buffer. */
char *fc_buf_take(fc_buf *b);
void fc_buf_free(fc_buf *b);

uint64_t fc_hash_bytes(const void *p, size_t n, uint64_t seed);
static inline uint64_t fc_hash_mix(uint64_t h, uint64_t x)
{
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
}

/* A well-mixed hash of one 64-bit key (splitmix64's finalizer): every
 * input bit reaches the low bits that index a power-of-two table. */
static inline uint64_t fc_hash_u64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* A numeral for a message: one longer than 60 characters is written as
 * its first 24 and last 8 digits, with its length ("12345…6789 (100000
 * digits)").  Appended to b. */
void fc_buf_put_numeral(fc_buf *b, const char *num);

/* Monotonic clock in microseconds. */
uint64_t fc_now_us(void);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
int fc_utf8_len(const unsigned char *s, size_t avail);
/* A copy of s[0..n) as valid UTF-8: each byte that starts no valid
 * sequence becomes U+FFFD; *replaced (may be NULL) says whether any did. */
char *fc_utf8_sanitize(const char *s, size_t n, bool *replaced);
/* Number of display columns from line start to byte offset off: UTF-8
 * aware, so carets line up under multi-byte operators. */
int fc_utf8_columns(const char *line, size_t off);

#endif
