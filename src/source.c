/* source.c — stage 1: read an event file into memory, check that it is
 * text we can work with (size limit, no NUL bytes, strict UTF-8), remove a
 * byte order mark, turn CRLF and lone CR line ends into LF, and split the
 * front matter (--- YAML --- or +++ TOML +++) from the body.  Line numbers
 * survive all of this: a line of `text` is a line of the input file.  This
 * file does not parse YAML, TOML or Markdown; see front.c and body.c. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

/* Largest input accepted (bytes): source_set_limit's value, else
 * $BOOKLET_MAX_INPUT, else SOURCE_DEFAULT_LIMIT.  0 = not decided yet. */
static size_t limit_set;

void source_set_limit(size_t bytes) {
  limit_set = bytes;
}

static size_t input_limit(void) {
  if (!limit_set)
    limit_set = util_env_limit("BOOKLET_MAX_INPUT", SOURCE_DEFAULT_LIMIT);
  return limit_set;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when the
 * bytes there are not valid UTF-8: a stray continuation byte, a truncated
 * sequence, an overlong form, a surrogate or a code point past U+10FFFF. */
static size_t utf8_valid_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  size_t need;
  unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* surrogates D800-DFFF */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* past U+10FFFF */
  } else {
    return 0; /* 80-BF continuation, C0/C1 overlong, F5-FF */
  }
  if (need >= n)
    return 0;
  if (s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i <= need; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  return need + 1;
}

/* Check that data is NUL-free strict UTF-8.  On the first problem reports
 * it at its line and column (columns count characters, from 1) and returns
 * 0.  A lone CR counts as a line end, as it does after normalisation. */
static int check_text(const char *name, const char *data, size_t len) {
  const unsigned char *s = (const unsigned char *)data;
  int line = 1, col = 1;
  size_t i = 0;
  while (i < len) {
    if (s[i] == 0) {
      diag_report(DIAG_SRC_NUL, name, line, col);
      return 0;
    }
    size_t k = utf8_valid_len(s + i, len - i);
    if (k == 0) {
      diag_report(DIAG_SRC_UTF8, name, line, col, (unsigned)s[i]);
      return 0;
    }
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) {
      line++;
      col = 1;
    } else {
      col++;
    }
    i += k;
  }
  return 1;
}

/* 1 when data holds nothing but ASCII white space. */
static int all_space(const char *data, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (data[i] != ' ' && (data[i] < '\t' || data[i] > '\r'))
      return 0; /* not one of space, \t \n \v \f \r */
  return 1;
}

/* Copy of data with CRLF and lone CR turned into LF; *out_len gets the new
 * length.  Caller frees. */
static char *normalise_newlines(const char *data, size_t len, size_t *out_len) {
  char *t = xmalloc(len + 1);
  size_t j = 0;
  for (size_t i = 0; i < len; i++) {
    if (data[i] == '\r') {
      t[j++] = '\n';
      if (i + 1 < len && data[i + 1] == '\n')
        i++;
    } else {
      t[j++] = data[i];
    }
  }
  t[j] = 0;
  *out_len = j;
  return t;
}

/* 1 when the line [s, s+n) is the three characters of fence followed by
 * nothing but spaces or tabs. */
static int is_fence(const char *s, size_t n, const char *fence) {
  if (n < 3 || memcmp(s, fence, 3) != 0)
    return 0;
  for (size_t i = 3; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t')
      return 0;
  return 1;
}

/* Length of the line at s (up to, not including, its '\n' or the end). */
static size_t line_len(const char *s, const char *end) {
  const char *nl = memchr(s, '\n', (size_t)(end - s));
  return nl ? (size_t)(nl - s) : (size_t)(end - s);
}

/* Find the front matter in src->text and set the fm and body fields.
 * Returns 0 (after reporting) when a block is opened and never closed. */
static int split(source *src) {
  const char *p = src->text, *end = src->text + src->len;
  src->fm_kind = SOURCE_FM_NONE;
  src->fm = src->text;
  src->fm_len = 0;
  src->fm_line = 1;
  src->body = src->text;
  src->body_len = src->len;
  src->body_line = 1;

  size_t n = line_len(p, end);
  source_fm_kind kind;
  if (is_fence(p, n, "---"))
    kind = SOURCE_FM_YAML;
  else if (is_fence(p, n, "+++"))
    kind = SOURCE_FM_TOML;
  else
    return 1;

  const char *fm = p + n + (p + n < end); /* past the opening line's '\n' */
  int line = 2;
  for (const char *q = fm; q < end; line++) {
    size_t m = line_len(q, end);
    int closes = kind == SOURCE_FM_YAML
                     ? is_fence(q, m, "---") || is_fence(q, m, "...")
                     : is_fence(q, m, "+++");
    if (closes) {
      src->fm_kind = kind;
      src->fm = fm;
      src->fm_len = (size_t)(q - fm);
      src->fm_line = 2;
      src->body = q + m + (q + m < end);
      src->body_len = (size_t)(end - src->body);
      src->body_line = line + 1;
      return 1;
    }
    q += m + (q + m < end);
  }
  diag_report(DIAG_FM_UNTERMINATED, src->path, 1, 0,
              kind == SOURCE_FM_YAML ? "---" : "+++");
  return 0;
}

/* Folder part of path: "." when there is none, "/" for a file in the
 * root.  Caller frees. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return xstrdup(".");
  if (slash == path)
    return xstrdup("/");
  return xstrndup(path, (size_t)(slash - path));
}

/* Everything after reading: checks, normalisation and (when want_fm) the
 * front matter split.  data is not taken over.  NULL on error. */
static source *build(const char *name, char *dir, const char *data, size_t len,
                     int want_fm) {
  size_t limit = input_limit();
  if (len > limit) {
    diag_report(DIAG_SRC_TOO_BIG, name, 1, 0, len, limit);
    free(dir);
    return NULL;
  }
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (!check_text(name, data, len)) {
    free(dir);
    return NULL;
  }
  if (want_fm && all_space(data, len)) {
    diag_report(DIAG_SRC_EMPTY, name, 1, 0);
    free(dir);
    return NULL;
  }
  source *src = xcalloc(1, sizeof *src);
  src->path = xstrdup(name);
  src->dir = dir;
  src->text = normalise_newlines(data, len, &src->len);
  if (!want_fm) {
    src->fm_kind = SOURCE_FM_NONE;
    src->fm = src->body = src->text;
    src->fm_line = src->body_line = 1;
    src->body_len = src->len;
    return src;
  }
  if (!split(src)) {
    source_free(src);
    return NULL;
  }
  return src;
}

/* Read the whole file at path into *data (caller frees) and *len.  Stops
 * reading one byte past the limit so that endless inputs (a pipe, a
 * device) cannot exhaust memory.  Reports and returns 0 on failure. */
static int read_file(const char *path, char **data, size_t *len) {
  size_t limit = input_limit();
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    diag_report(DIAG_IO_OPEN, path, 0, 0, strerror(errno));
    return 0;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    diag_report(DIAG_IO_READ, path, 0, 0, strerror(errno));
    close(fd);
    return 0;
  }
  if (S_ISDIR(st.st_mode)) {
    diag_report(DIAG_IO_OPEN, path, 0, 0, strerror(EISDIR));
    close(fd);
    return 0;
  }
  if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > limit) {
    diag_report(DIAG_SRC_TOO_BIG, path, 1, 0, (size_t)st.st_size, limit);
    close(fd);
    return 0;
  }
  size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
  size_t n = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    if (n == cap) {
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      diag_report(DIAG_IO_READ, path, 0, 0, strerror(errno));
      free(buf);
      close(fd);
      return 0;
    }
    if (r == 0)
      break;
    n += (size_t)r;
    if (n > limit) {
      diag_report(DIAG_SRC_TOO_BIG, path, 1, 0, n, limit);
      free(buf);
      close(fd);
      return 0;
    }
  }
  close(fd);
  *data = buf;
  *len = n;
  return 1;
}

/* source_load and source_load_plain. */
static source *load(const char *path, int want_fm) {
  char *data;
  size_t len;
  if (!read_file(path, &data, &len))
    return NULL;
  source *src = build(path, dir_of(path), data, len, want_fm);
  free(data);
  return src;
}

source *source_load(const char *path) {
  return load(path, 1);
}

source *source_load_plain(const char *path) {
  return load(path, 0);
}

source *source_from_memory(const char *name, const char *data, size_t len) {
  if (!name)
    name = "<memory>";
  if (!data)
    len = 0, data = "";
  return build(name, xstrdup("."), data, len, 1);
}

void source_free(source *src) {
  if (!src)
    return;
  free(src->path);
  free(src->dir);
  free(src->text);
  free(src);
}
