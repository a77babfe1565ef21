/* test_source.c — unit tests for source.c: reading files, the text checks
 * (empty, NUL, UTF-8, size), BOM and line-end normalisation, and the front
 * matter split with its line numbers.  YAML parsing is tested in
 * test_front.c.  Diagnostics are captured and compared as text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "front.h"
#include "source.h"

/* Each test captures diagnostics from a clean slate. */
static int setup(void **state) {
  (void)state;
  diag_capture(1);
  diag_reset_counts();
  source_set_limit(SOURCE_DEFAULT_LIMIT);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  diag_capture(0);
  source_set_limit(SOURCE_DEFAULT_LIMIT);
  return 0;
}

/* source_from_memory on a C string. */
static source *mem(const char *s) {
  return source_from_memory("ev.md", s, strlen(s));
}

/* Assert that the captured messages contain needle. */
#define assert_diag(needle)                                                    \
  do {                                                                         \
    if (!strstr(diag_captured(), (needle)))                                    \
      fail_msg("expected '%s' in diagnostics:\n%s", (needle),                  \
               diag_captured());                                               \
  } while (0)

#define assert_no_diag() assert_string_equal(diag_captured(), "")

/* fm and body as NUL-terminated copies, for comparisons. */
static void assert_part(const char *p, size_t n, const char *want) {
  char *s = strndup(p, n);
  assert_string_equal(s, want);
  free(s);
}

static void test_split_yaml(void **state) {
  (void)state;
  source *s = mem("---\ntitle: x\ndate: 2019\n---\n\nBody line\n");
  assert_non_null(s);
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_part(s->fm, s->fm_len, "title: x\ndate: 2019\n");
  assert_int_equal(s->fm_line, 2);
  assert_part(s->body, s->body_len, "\nBody line\n");
  assert_int_equal(s->body_line, 5);
  assert_string_equal(s->path, "ev.md");
  assert_string_equal(s->dir, ".");
  assert_no_diag();
  source_free(s);
}

static void test_split_none(void **state) {
  (void)state;
  source *s = mem("# Title\n\ntext ---\n---\n");
  assert_non_null(s);
  assert_int_equal(s->fm_kind, SOURCE_FM_NONE);
  assert_int_equal(s->fm_len, 0);
  assert_ptr_equal(s->body, s->text);
  assert_int_equal(s->body_len, s->len);
  assert_int_equal(s->body_line, 1);
  source_free(s);
  /* Only a line of exactly three dashes (plus spaces) opens front matter. */
  s = mem("----\na: 1\n----\n");
  assert_int_equal(s->fm_kind, SOURCE_FM_NONE);
  source_free(s);
  s = mem("---x\na: 1\n---\n");
  assert_int_equal(s->fm_kind, SOURCE_FM_NONE);
  source_free(s);
  s = mem(" ---\na: 1\n---\n");
  assert_int_equal(s->fm_kind, SOURCE_FM_NONE);
  source_free(s);
  assert_no_diag();
}

static void test_split_dots_and_spaces(void **state) {
  (void)state;
  source *s = mem("---  \na: 1\n... \nbody");
  assert_non_null(s);
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_part(s->fm, s->fm_len, "a: 1\n");
  assert_part(s->body, s->body_len, "body");
  assert_int_equal(s->body_line, 4);
  source_free(s);
  /* "..." does not close TOML, nor "+++" YAML. */
  s = mem("---\na: +++\n+++\n---\nb\n");
  assert_part(s->fm, s->fm_len, "a: +++\n+++\n");
  assert_int_equal(s->body_line, 5);
  source_free(s);
  assert_no_diag();
}

static void test_split_front_only(void **state) {
  (void)state;
  source *s = mem("---\na: 1\n---");
  assert_non_null(s);
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_int_equal(s->body_len, 0);
  assert_int_equal(s->body_line, 4);
  source_free(s);
  s = mem("---\n---\nbody\n");
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_int_equal(s->fm_len, 0);
  assert_int_equal(s->body_line, 3);
  source_free(s);
  assert_no_diag();
}

static void test_crlf(void **state) {
  (void)state;
  source *s = mem("---\r\na: 1\r\n---\r\nline1\r\nline2\r\n");
  assert_non_null(s);
  assert_null(memchr(s->text, '\r', s->len));
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_part(s->fm, s->fm_len, "a: 1\n");
  assert_part(s->body, s->body_len, "line1\nline2\n");
  assert_int_equal(s->body_line, 4);
  assert_int_equal(s->len, strlen(s->text));
  source_free(s);
  /* Lone CR (old Mac) also ends a line, so line numbers agree. */
  s = mem("---\ra: 1\r---\rbody\r");
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_part(s->body, s->body_len, "body\n");
  assert_int_equal(s->body_line, 4);
  source_free(s);
  assert_no_diag();
}

static void test_bom(void **state) {
  (void)state;
  source *s = mem("\xEF\xBB\xBF---\na: 1\n---\nbody\n");
  assert_non_null(s);
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_int_equal((unsigned char)s->text[0], '-');
  assert_int_equal(s->body_line, 4);
  source_free(s);
  /* A BOM does not count as a column. */
  s = mem("\xEF\xBB\xBF"
          "ab\x80");
  assert_null(s);
  assert_diag("ev.md:1:3: error: invalid UTF-8 (byte 0x80)");
}

static void test_empty(void **state) {
  (void)state;
  assert_null(source_from_memory("e.md", "", 0));
  assert_diag("e.md:1: error: file is empty");
  assert_int_equal(diag_count(DIAG_ERROR), 1);
  diag_capture(1);
  assert_null(mem(" \n\t\r\n  \n"));
  assert_diag("ev.md:1: error: file is empty");
  diag_capture(1);
  assert_null(mem("\xEF\xBB\xBF\n"));
  assert_diag("ev.md:1: error: file is empty");
  assert_null(source_from_memory(NULL, NULL, 0));
}

static void test_unterminated(void **state) {
  (void)state;
  assert_null(mem("---\ntitle: x\n\nbody\n"));
  assert_diag("ev.md:1: error: front matter opened with '---' is never closed");
  diag_capture(1);
  assert_null(mem("+++\ntitle = 'x'\n"));
  assert_diag("ev.md:1: error: front matter opened with '+++' is never closed");
  diag_capture(1);
  assert_null(mem("---"));
  assert_diag("ev.md:1: error:");
  diag_capture(1);
  assert_null(mem("+++\na = 1\n---\n")); /* TOML needs +++ */
  assert_diag("never closed");
}

static void test_nul(void **state) {
  (void)state;
  static const char data[] = "---\na: 1\n---\nab\0c\n";
  assert_null(source_from_memory("bin.md", data, sizeof data - 1));
  assert_diag("bin.md:4:3: error: NUL byte");
  diag_capture(1);
  /* Columns count characters, not bytes. */
  static const char cjk[] = "标题\n中文\0";
  assert_null(source_from_memory("bin.md", cjk, sizeof cjk - 1));
  assert_diag("bin.md:2:3: error:");
}

/* Each case: input, expected "file:line:col: error: ... (byte 0xNN)". */
static void test_utf8(void **state) {
  (void)state;
  static const struct {
    const char *in, *want;
  } cases[] = {
      {"ok\n中文\xff\n", "ev.md:2:3: error: invalid UTF-8 (byte 0xff)"},
      {"a\xC0\xAF",
       "ev.md:1:2: error: invalid UTF-8 (byte 0xc0)"}, /* overlong / */
      {"\xE0\x80\xAF", "ev.md:1:1: error: invalid UTF-8 (byte 0xe0)"},
      {"ab\xF0\x80\x80\xAF", "ev.md:1:3: error: invalid UTF-8 (byte 0xf0)"},
      {"x\xED\xA0\x80",
       "ev.md:1:2: error: invalid UTF-8 (byte 0xed)"}, /* surrogate */
      {"\xF4\x90\x80\x80",
       "ev.md:1:1: error: invalid UTF-8 (byte 0xf4)"}, /* >10FFFF */
      {"\xF5\x80\x80\x80", "ev.md:1:1: error: invalid UTF-8 (byte 0xf5)"},
      {"中\xE4\xB8",
       "ev.md:1:2: error: invalid UTF-8 (byte 0xe4)"}, /* truncated */
      {"中\xE4\xB8x", "ev.md:1:2: error: invalid UTF-8 (byte 0xe4)"},
      {"a\r\nb\r\n\x80", "ev.md:3:1: error: invalid UTF-8 (byte 0x80)"},
      {"a\rb\r\tc\x80", "ev.md:3:3: error: invalid UTF-8 (byte 0x80)"},
      {"---\ntitle: \"caf\xe9\"\n---\n",
       "ev.md:2:12: error: invalid UTF-8 (byte 0xe9)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    diag_capture(1);
    source *s = mem(cases[i].in);
    if (s)
      fail_msg("case %zu accepted", i);
    assert_diag(cases[i].want);
  }
  /* Valid: 2-, 3- and 4-byte forms, the largest code point. */
  diag_capture(1);
  source *s = mem("é 中 😀 \xF4\x8F\xBF\xBF \xEF\xBF\xBD");
  assert_non_null(s);
  assert_no_diag();
  source_free(s);
}

static void test_toml(void **state) {
  (void)state;
  source *s = mem("+++\ntitle = \"x\"\n+++\nbody\n");
  assert_non_null(s);
  assert_int_equal(s->fm_kind, SOURCE_FM_TOML);
  assert_part(s->fm, s->fm_len, "title = \"x\"\n");
  assert_int_equal(s->fm_line, 2);
  assert_int_equal(s->body_line, 4);
  assert_no_diag();
  source_free(s);
}

static void test_limit(void **state) {
  (void)state;
  source_set_limit(10);
  assert_null(mem("0123456789A"));
  assert_diag("ev.md:1: error: file is 11 bytes, over the limit of 10");
  diag_capture(1);
  source *s = mem("0123456789");
  assert_non_null(s);
  source_free(s);
  assert_no_diag();
}

/* A fresh temporary folder; caller removes it with rm_tmp. */
static char *make_tmp(void) {
  char *dir = strdup("/tmp/booklet-test-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return dir;
}

static char *write_file(const char *dir, const char *name, const char *data,
                        size_t len) {
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  sprintf(path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  fclose(f);
  return path;
}

static void rm_tmp(char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char path[512];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(dir);
  free(dir);
}

static void test_load(void **state) {
  (void)state;
  char *dir = make_tmp();
  static const char text[] =
      "\xEF\xBB\xBF---\r\ntitle: 标题\r\n---\r\nbody\r\n";
  char *path = write_file(dir, "event.md", text, sizeof text - 1);
  source *s = source_load(path);
  assert_non_null(s);
  assert_string_equal(s->path, path);
  assert_string_equal(s->dir, dir);
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_part(s->fm, s->fm_len, "title: 标题\n");
  assert_part(s->body, s->body_len, "body\n");
  assert_int_equal(s->body_line, 4);
  source_free(s);

  /* Too big (checked from the file size, before reading). */
  source_set_limit(8);
  assert_null(source_load(path));
  assert_diag("event.md:1: error: file is");
  source_set_limit(SOURCE_DEFAULT_LIMIT);

  /* Errors name the file. */
  diag_capture(1);
  char *bad = write_file(dir, "bad.md", "x\n\xff", 3);
  assert_null(source_load(bad));
  assert_diag("bad.md:2:1: error: invalid UTF-8");
  diag_capture(1);
  char *empty = write_file(dir, "empty.md", "", 0);
  assert_null(source_load(empty));
  assert_diag("empty.md:1: error: file is empty");

  /* Plain loading: no split, empty is fine, `---` need not close. */
  diag_capture(1);
  char *yaml = write_file(dir, "l.yaml", "---\na: 1\n", 9);
  s = source_load_plain(yaml);
  assert_non_null(s);
  assert_int_equal(s->fm_kind, SOURCE_FM_NONE);
  assert_int_equal(s->body_len, 9);
  source_free(s);
  s = source_load_plain(empty);
  assert_non_null(s);
  assert_int_equal(s->len, 0);
  source_free(s);
  assert_no_diag();

  free(path);
  free(bad);
  free(empty);
  free(yaml);
  rm_tmp(dir);
}

static void test_load_errors(void **state) {
  (void)state;
  assert_null(source_load("/nonexistent/booklet/x.md"));
  assert_diag("/nonexistent/booklet/x.md: error: cannot open: No such file");
  diag_capture(1);
  char *dir = make_tmp();
  assert_null(source_load(dir));
  assert_diag("error: cannot open: Is a directory");
  rm_tmp(dir);
}

static void test_fixture(void **state) {
  (void)state;
  const char *path = "tests/unit/fixtures/event.md";
  if (access(path, R_OK) != 0) {
    print_message("fixture %s not found (run from the repository root)\n",
                  path);
    skip();
  }
  source *s = source_load(path);
  assert_non_null(s);
  assert_string_equal(s->dir, "tests/unit/fixtures");
  assert_int_equal(s->fm_kind, SOURCE_FM_YAML);
  assert_int_equal(s->body_line, 18);
  assert_true(strncmp(s->body, "\n## 议程", strlen("\n## 议程")) == 0);
  source_free(s);
}

/* The real pages in ../shared/seeds/ ($BOOKLET_SEEDS) load and their front
 * matter parses without errors (skipped when the folder is absent). */
static void test_seeds(void **state) {
  (void)state;
  const char *dir = getenv("BOOKLET_SEEDS");
  if (!dir || !*dir)
    dir = "../shared/seeds";
  DIR *d = opendir(dir);
  if (!d) {
    print_message("%s not found: seed test skipped\n", dir);
    skip();
  }
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 3 || strcmp(e->d_name + len - 3, ".md") != 0)
      continue;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    source *s = source_load(path);
    if (!s)
      fail_msg("%s: %s", path, diag_captured());
    front_node *f = front_parse(s);
    if (!f)
      fail_msg("%s: %s", path, diag_captured());
    assert_true(s->body_line > 1);
    front_free(f);
    source_free(s);
    n++;
  }
  closedir(d);
  assert_int_equal(diag_count(DIAG_ERROR), 0);
  assert_true(n > 0);
}

/* Random bytes and mutated pages: never crash, never leak. */
static void test_fuzz(void **state) {
  (void)state;
  diag_set_verbosity(0);
  static const char seed[] = "---\ntitle: \"x\"\nspeaker:\n  - name: 张三\n"
                             "    image: a.jpg\n---\n\n正文 body\r\n";
  unsigned r = 12345;
  char buf[256];
  for (int iter = 0; iter < 20000; iter++) {
    size_t len;
    if (iter % 2) {
      len = (r = r * 1103515245u + 12345u) % sizeof buf;
      for (size_t i = 0; i < len; i++)
        buf[i] = (char)((r = r * 1103515245u + 12345u) >> 16);
    } else {
      len = sizeof seed - 1;
      memcpy(buf, seed, len);
      for (int k = 0; k < 3; k++) {
        r = r * 1103515245u + 12345u;
        buf[(r >> 8) % len] = (char)(r >> 20);
      }
    }
    diag_capture(1);
    source *s = source_from_memory("fuzz.md", buf, len);
    if (s) {
      front_free(front_parse(s));
      source_free(s);
    }
  }
  diag_set_verbosity(1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_split_yaml, setup, teardown),
      cmocka_unit_test_setup_teardown(test_split_none, setup, teardown),
      cmocka_unit_test_setup_teardown(test_split_dots_and_spaces, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_split_front_only, setup, teardown),
      cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unterminated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nul, setup, teardown),
      cmocka_unit_test_setup_teardown(test_utf8, setup, teardown),
      cmocka_unit_test_setup_teardown(test_toml, setup, teardown),
      cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_load, setup, teardown),
      cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixture, setup, teardown),
      cmocka_unit_test_setup_teardown(test_seeds, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
  };
  return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
