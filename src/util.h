/* util.h — allocation wrappers that abort on failure, a growable string
 * buffer and small UTF-8 helpers shared by every stage.  Nothing here knows
 * about events or layouts; the only library behind it besides libc is
 * GLib's Unicode character tables (letters and case of any script). */
#ifndef BOOKLET_UTIL_H
#define BOOKLET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation: these never return NULL; on exhaustion they print a message
 * and abort.  Free with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);             /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);  /* copies at most n bytes, adds NUL */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *items (element size elem) so that it holds at least need elements;
 * *cap is updated.  Usage: VEC_PUSH style helpers below. */
void util_grow(void **items, size_t *cap, size_t need, size_t elem);
#define VEC_PUSH(arr, n, cap, value)                                        \
  do {                                                                     \
    util_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr));            \
    (arr)[(n)++] = (value);                                                \
  } while (0)

/* A growable NUL-terminated byte string. Zero-initialise to start. */
typedef struct strbuf {
  char *s;    /* the bytes, always NUL-terminated once anything is added */
  size_t len; /* bytes used, excluding the NUL */
  size_t cap; /* bytes allocated */
} strbuf;

void sb_add(strbuf *b, const char *s);
void sb_addn(strbuf *b, const char *s, size_t n);
void sb_addc(strbuf *b, char c);
void sb_addf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(strbuf *b, const char *fmt, va_list ap);
/* Returns the string (caller frees) and resets the buffer; never NULL. */
char *sb_take(strbuf *b);
void sb_free(strbuf *b);

/* UTF-8: decode one code point at s (at most n bytes); stores its length in
 * *len (>= 1).  Invalid sequences decode as U+FFFD with *len = 1. */
uint32_t utf8_decode(const char *s, size_t n, size_t *len);
/* Appends the UTF-8 encoding of cp. */
void utf8_encode(strbuf *b, uint32_t cp);
/* 1 when cp is a Han ideograph (CJK Unified, Ext A-, Compatibility). */
int utf8_is_han(uint32_t cp);
/* 1 when cp is a letter of any script (GLib's Unicode tables). */
int utf8_is_alpha(uint32_t cp);
/* 1 when cp is an uppercase or titlecase letter ("Z", "Ł", "É"). */
int utf8_is_upper(uint32_t cp);
/* 1 when cp is a lowercase letter ("ë", "ß"). */
int utf8_is_lower(uint32_t cp);
/* 1 when cp is a combining mark (an accent written as its own code
 * point after its letter). */
int utf8_is_mark(uint32_t cp);
/* Day of the week of a Gregorian date, 0 = Sunday. */
int util_weekday(int y, int m, int d);

/* Copy of s with leading and trailing ASCII and ideographic (U+3000)
 * whitespace removed.  Caller frees. */
char *util_trim(const char *s);

/* A limit read from the environment variable name: a whole number with
 * an optional suffix k, M or G (powers of 1024), e.g. BOOKLET_MAX_INPUT=32M.
 * Returns def when the variable is unset, empty or not such a number (a
 * bad value is reported on stderr each time it is read).  Limits: see README.md. */
size_t util_env_limit(const char *name, size_t def);

/* Under LeakSanitizer, stop (on = 1) or resume (on = 0) counting this
 * thread's new allocations as possible leaks; without it, nothing.  Only
 * for a library call known to leak on its own (cairo 1.16's PDF font
 * subsetting in cairo_surface_finish): never around our own code. */
void util_lsan_pause(int on);

/* The folder holding booklet's data (layouts/, fonts/): $BOOKLET_DATA if
 * set, else <exe>/../share/booklet when installed, else the source tree
 * (<exe>/.. for build/booklet), else ".".  Never NULL; do not free. */
const char *util_data_dir(void);

#endif
