/* util.c — allocation wrappers, string buffer, UTF-8 helpers and the data
 * folder lookup.  See util.h. */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

static void oom(size_t n) {
  fprintf(stderr, "booklet: out of memory (%zu bytes)\n", n);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    oom(n);
  return p;
}

void *xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    oom(count * size);
  return p;
}

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom(n);
  return q;
}

char *xstrdup(const char *s) {
  if (!s)
    return NULL;
  return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n) {
  size_t len = strnlen(s, n);
  char *p = xmalloc(len + 1);
  memcpy(p, s, len);
  p[len] = 0;
  return p;
}

char *xasprintf(const char *fmt, ...) {
  strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&b, fmt, ap);
  va_end(ap);
  return sb_take(&b);
}

void util_grow(void **items, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap)
    return;
  size_t c = *cap ? *cap : 4;
  while (c < need)
    c *= 2;
  *items = xrealloc(*items, c * elem);
  memset((char *)*items + *cap * elem, 0, (c - *cap) * elem);
  *cap = c;
}

static void sb_reserve(strbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t c = b->cap ? b->cap : 64;
  while (c < b->len + extra + 1)
    c *= 2;
  b->s = xrealloc(b->s, c);
  b->cap = c;
}

void sb_addn(strbuf *b, const char *s, size_t n) {
  sb_reserve(b, n);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = 0;
}

void sb_add(strbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }

void sb_addc(strbuf *b, char c) { sb_addn(b, &c, 1); }

void sb_vaddf(strbuf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return;
  sb_reserve(b, (size_t)n);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void sb_addf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(b, fmt, ap);
  va_end(ap);
}

char *sb_take(strbuf *b) {
  char *s = b->s ? b->s : xstrdup("");
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

void sb_free(strbuf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

uint32_t utf8_decode(const char *str, size_t n, size_t *len) {
  const unsigned char *s = (const unsigned char *)str;
  *len = 1;
  if (n == 0)
    return 0xFFFD;
  unsigned c = s[0];
  if (c < 0x80)
    return c;
  int need;
  uint32_t cp, min;
  if ((c & 0xE0) == 0xC0) {
    need = 1, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    need = 2, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    need = 3, cp = c & 0x07, min = 0x10000;
  } else {
    return 0xFFFD;
  }
  if ((size_t)need >= n)
    return 0xFFFD;
  for (int i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0xFFFD;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0xFFFD;
  *len = (size_t)need + 1;
  return cp;
}

void utf8_encode(strbuf *b, uint32_t cp) {
  char buf[4];
  size_t n;
  if (cp < 0x80) {
    buf[0] = (char)cp, n = 1;
  } else if (cp < 0x800) {
    buf[0] = (char)(0xC0 | (cp >> 6));
    buf[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    buf[0] = (char)(0xE0 | (cp >> 12));
    buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  sb_addn(b, buf, n);
}

int utf8_is_alpha(uint32_t cp) { return g_unichar_isalpha((gunichar)cp); }

int utf8_is_upper(uint32_t cp) {
  return g_unichar_isupper((gunichar)cp) || g_unichar_istitle((gunichar)cp);
}

int utf8_is_lower(uint32_t cp) { return g_unichar_islower((gunichar)cp); }

int utf8_is_mark(uint32_t cp) { return g_unichar_ismark((gunichar)cp); }

int utf8_is_han(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         cp == 0x3007;
}

static int is_space_at(const char *s, size_t n, size_t *len) {
  if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
    *len = 1;
    return 1;
  }
  if (n >= 3 && (unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
      (unsigned char)s[2] == 0x80) {
    *len = 3;
    return 1;
  }
  if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
    *len = 2;
    return 1;
  }
  return 0;
}

char *util_trim(const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s), k;
  while (n && is_space_at(s, n, &k))
    s += k, n -= k;
  for (;;) {
    if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
              s[n - 1] == '\r'))
      n--;
    else if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 &&
             (unsigned char)s[n - 2] == 0x80 && (unsigned char)s[n - 1] == 0x80)
      n -= 3;
    else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
             (unsigned char)s[n - 1] == 0xA0)
      n -= 2;
    else
      break;
  }
  return xstrndup(s, n);
}

size_t util_env_limit(const char *name, size_t def) {
  const char *v = getenv(name);
  if (!v || !*v)
    return def;
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  unsigned long long k = 1;
  if (*end == 'k' || *end == 'K')
    k = 1024, end++;
  else if (*end == 'm' || *end == 'M')
    k = 1024 * 1024, end++;
  else if (*end == 'g' || *end == 'G')
    k = 1024 * 1024 * 1024, end++;
  if (end == v || *end || errno || v[0] == '-' || n > SIZE_MAX / k) {
    fprintf(stderr,
            "booklet: warning: %s=%s is not a number such as 1000, 64k or "
            "16M; using %zu\n",
            name, v, def);
    return def;
  }
  return (size_t)(n * k);
}

/* Defined by the sanitizer runtimes when linked in; NULL otherwise. */
extern void __lsan_disable(void) __attribute__((weak));
extern void __lsan_enable(void) __attribute__((weak));

void util_lsan_pause(int on) {
  if (on && __lsan_disable)
    __lsan_disable();
  else if (!on && __lsan_enable)
    __lsan_enable();
}

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char data_dir[PATH_MAX + 64];

const char *util_data_dir(void) {
  if (data_dir[0])
    return data_dir;
  const char *env = getenv("BOOKLET_DATA");
  if (env && *env) {
    snprintf(data_dir, sizeof data_dir, "%s", env);
    return data_dir;
  }
  char exe[PATH_MAX - 64];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      char cand[PATH_MAX + 64];
      snprintf(cand, sizeof cand, "%s/../share/booklet/layouts", exe);
      if (is_dir(cand)) {
        snprintf(data_dir, sizeof data_dir, "%s/../share/booklet", exe);
        return data_dir;
      }
      /* build/booklet, build/tests/x, build-asan/... in the source tree */
      for (int up = 1; up <= 2; up++) {
        snprintf(cand, sizeof cand, "%s%s/layouts", exe,
                 up == 1 ? "/.." : "/../..");
        if (is_dir(cand)) {
          snprintf(data_dir, sizeof data_dir, "%s%s", exe,
                   up == 1 ? "/.." : "/../..");
          return data_dir;
        }
      }
    }
  }
  snprintf(data_dir, sizeof data_dir, ".");
  return data_dir;
}

int util_weekday(int y, int m, int d) {
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3)
    y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}
