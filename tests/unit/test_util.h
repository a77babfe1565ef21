/* test_util.h — helpers the unit tests share: where the repository's data
 * is (fonts/, layouts/), the output of a shell command (pdfinfo,
 * pdftotext, qpdf), the bytes of a file and the entries of a folder.  Included after <cmocka.h>. */
#ifndef BOOKLET_TEST_UTIL_H
#define BOOKLET_TEST_UTIL_H

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* BOOKLET_DATA is the repository holding this file, unless it is set. */
static inline void test_data_dir(void) {
  if (getenv("BOOKLET_DATA"))
    return;
  char buf[PATH_MAX];
  if (realpath(__FILE__, buf)) {
    for (int i = 0; i < 3; i++) { /* test_util.h, unit/, tests/ */
      char *s = strrchr(buf, '/');
      if (s)
        *s = 0;
    }
    setenv("BOOKLET_DATA", buf, 0);
  }
}

/* Standard output of a shell command made from fmt.  Caller frees. */
static inline char *test_run(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf cmd = {0};
  sb_vaddf(&cmd, fmt, ap);
  va_end(ap);
  FILE *p = popen(cmd.s, "r");
  assert_non_null(p);
  strbuf out = {0};
  sb_add(&out, "");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    sb_addn(&out, buf, n);
  pclose(p);
  sb_free(&cmd);
  return sb_take(&out);
}

/* The bytes of the file at path, NUL-terminated, their count in *n (n may
 * be NULL); NULL when it cannot be opened.  Caller frees. */
static inline char *test_read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  strbuf b = {0};
  sb_add(&b, "");
  char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, f)) > 0)
    sb_addn(&b, buf, k);
  fclose(f);
  if (n)
    *n = b.len;
  return sb_take(&b);
}

/* Entries of folder dir whose name starts with prefix. */
static inline int test_count_entries(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (!strncmp(e->d_name, prefix, strlen(prefix)))
      n++;
  closedir(d);
  return n;
}

#endif
