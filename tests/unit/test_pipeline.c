/* test_pipeline.c — pipeline.c, the stage sequence, end to end on small
 * made-up pages held in memory: a page becomes a PDF whose page count
 * (pdfinfo) is the one the run reports, its contents page listing each
 * entry with the page it is on (pdftotext); an input that
 * cannot be read stops with `file:line: error:` and leaves no file (and
 * no temporary) behind; --check writes nothing and returns its findings
 * as text; a dump stops the run and returns its text; a file read from
 * disk and the same bytes from memory give the same PDF.  Real fonts and
 * layouts (fonts/, layouts/); PDFs in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "layout.h"
#include "pipeline.h"
#include "source.h"
#include "util.h"
#include "test_util.h"

/* A meetup of three talks, one of them with no speaker named. */
static const char *page =
    "---\n"
    "title: 云原生小聚 第三期\n"
    "date: 2024-05-18\n"
    "location: 上海市徐汇区漕河泾开发区\n"
    "---\n"
    "\n"
    "本期聚焦服务网格与可观测性，欢迎报名参加。\n"
    "\n"
    "## 议程\n"
    "\n"
    "| 时间 | 议题 | 讲师 |\n"
    "| --- | --- | --- |\n"
    "| 14:00 | 服务网格落地实践 | 张三 |\n"
    "| 14:40 | 可观测性的三根支柱 | 李四 |\n"
    "| 15:20 | 自由交流 | |\n"
    "\n"
    "## 服务网格落地实践\n"
    "\n"
    "讲师：张三，示例公司架构师\n"
    "\n"
    "介绍服务网格在生产环境中的落地经验，包括灰度发布与故障注入。\n"
    "\n"
    "## 可观测性的三根支柱\n"
    "\n"
    "讲师：李四，示例科技 SRE\n"
    "\n"
    "日志、指标与链路追踪如何配合，定位线上问题。\n";

/* Front matter YAML cannot read: a second colon on line 3, column 12. */
static const char *bad_page = "---\n"
                              "title: 坏的页面\n"
                              "location: 成都: 高新区\n"
                              "---\n"
                              "\n"
                              "正文。\n";

typedef struct fixture {
  char dir[64];   /* temporary folder for the outputs */
  layout *booklet; /* a5-booklet: has a contents page */
  layout *handout; /* handout: has none */
} fixture;

static int setup(void **state) {
  fixture *fx = xcalloc(1, sizeof *fx);
  snprintf(fx->dir, sizeof fx->dir, "/tmp/booklet-pipeline-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  diag_capture(1);
  diag_reset_counts();
  fx->booklet = layout_load("a5-booklet", NULL, 0);
  fx->handout = layout_load("handout", NULL, 0);
  if (!fx->booklet || !fx->handout)
    fail_msg("layouts not loaded:\n%s", diag_captured());
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  diag_capture(0);
  DIR *d = opendir(fx->dir);
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (e->d_name[0] != '.') {
      char *p = xasprintf("%s/%s", fx->dir, e->d_name);
      unlink(p);
      free(p);
    }
  if (d)
    closedir(d);
  rmdir(fx->dir);
  layout_free(fx->booklet);
  layout_free(fx->handout);
  free(fx);
  return 0;
}

/* The options of a plain run with layout l: offline, PDF, subset. */
static pipeline_opts opts(const layout *l) {
  pipeline_opts o = {.layout = l,
                     .images = {.offline = 1},
                     .render = {.format = RENDER_PDF, .dpi = 150,
                                .subset = 1, .threads = 1,
                                .print = {.bleed = -1}}};
  return o;
}

/* s as an input named name, its images relative to the content folder. */
static source *mem(const char *name, const char *s) {
  source *src = source_from_memory(name, s, strlen(s));
  assert_non_null(src);
  return src;
}

/* Files in dir, all of them (temporaries too). */
static int count_files(const char *dir) {
  int n = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)))
    n += e->d_name[0] != '.';
  if (d)
    closedir(d);
  return n;
}

/* Pages of a PDF by pdfinfo, -1 when it cannot be read. */
static int pdf_pages(const char *path) {
  char *out = test_run("pdfinfo '%s' 2>/dev/null", path);
  const char *p = strstr(out, "\nPages:");
  int pages = p ? atoi(p + 7) : !strncmp(out, "Pages:", 6) ? atoi(out + 6) : -1;
  free(out);
  return pages;
}

/* Text of page n of the PDF at path (pdftotext).  Caller frees. */
static char *page_text(const char *path, int n) {
  return test_run("pdftotext -layout -f %d -l %d '%s' -", n, n, path);
}

/* Every line of the contents page (page 2) that ends in a page number
 * names a text found on that page; there are at least three, and no
 * stand-in number (000) is left. */
static void assert_contents_right(const char *pdf) {
  char *toc = page_text(pdf, 2);
  assert_null(strstr(toc, "000"));
  int entries = 0;
  for (char *ln = strtok(toc, "\n"); ln; ln = strtok(NULL, "\n")) {
    char *end = ln + strlen(ln);
    while (end > ln && end[-1] == ' ')
      *--end = 0;
    char *num = end;
    while (num > ln && num[-1] >= '0' && num[-1] <= '9')
      num--;
    if (num == end || num == ln || num[-1] != ' ')
      continue;
    int page = atoi(num);
    while (num > ln && num[-1] == ' ')
      *--num = 0;
    char *there = page_text(pdf, page);
    if (!strstr(there, ln))
      fail_msg("contents: '%s' is not on page %d:\n%s", ln, page, there);
    free(there);
    entries++;
  }
  assert_true(entries >= 3);
  free(toc);
}

#define assert_diag(needle)                                                    \
  do {                                                                         \
    if (!strstr(diag_captured(), (needle)))                                    \
      fail_msg("expected '%s' in diagnostics:\n%s", (needle),                  \
               diag_captured());                                               \
  } while (0)

/* A page in memory becomes a PDF of the pages the run reports; the
 * booklet's contents page gives each entry the page it is on. */
static void test_page_to_pdf(void **state) {
  fixture *fx = *state;
  if (system("pdfinfo -v >/dev/null 2>&1") != 0)
    skip();
  char *out = xasprintf("%s/meetup.pdf", fx->dir);
  pipeline_opts o = opts(fx->booklet);
  pipeline_result res;
  assert_int_equal(pipeline_run_source(&o, mem("meetup.md", page), out, &res),
                   0);
  assert_true(res.pages >= 4);
  assert_int_equal(pdf_pages(out), res.pages);
  assert_contents_right(out);
  assert_null(res.dump);
  assert_null(res.report);
  assert_true(res.ms[PIPELINE_RENDER] > 0);
  assert_true(res.rss_kb[PIPELINE_RENDER] > 0);
  assert_int_equal(count_files(fx->dir), 1);
  pipeline_result_free(&res);
  free(out);
}

/* A layout with no contents page (the handout). */
static void test_without_contents(void **state) {
  fixture *fx = *state;
  if (system("pdfinfo -v >/dev/null 2>&1") != 0)
    skip();
  char *out = xasprintf("%s/handout.pdf", fx->dir);
  pipeline_opts o = opts(fx->handout);
  pipeline_result res;
  assert_int_equal(pipeline_run_source(&o, mem("meetup.md", page), out, &res),
                   0);
  assert_true(res.pages >= 1);
  assert_int_equal(pdf_pages(out), res.pages);
  pipeline_result_free(&res);
  free(out);
}

/* Front matter that cannot be read: file:line: error, -1, and no output
 * or temporary left in the folder. */
static void test_error_leaves_nothing(void **state) {
  fixture *fx = *state;
  char *out = xasprintf("%s/bad.pdf", fx->dir);
  pipeline_opts o = opts(fx->booklet);
  pipeline_result res;
  assert_int_equal(pipeline_run_source(&o, mem("bad.md", bad_page), out, &res),
                   -1);
  assert_diag("bad.md:3:");
  assert_diag(": error: YAML: ");
  assert_int_equal(res.pages, 0);
  assert_null(res.dump);
  assert_int_equal(count_files(fx->dir), 0);
  pipeline_result_free(&res);
  free(out);
}

/* A file that is not there: an error naming it, -1, no output. */
static void test_missing_file(void **state) {
  fixture *fx = *state;
  char *out = xasprintf("%s/none.pdf", fx->dir);
  char *in = xasprintf("%s/no-such-page.md", fx->dir);
  pipeline_opts o = opts(fx->booklet);
  pipeline_result res;
  assert_int_equal(pipeline_run(&o, in, out, &res), -1);
  assert_diag("no-such-page.md");
  assert_diag("error: ");
  assert_int_equal(count_files(fx->dir), 0);
  pipeline_result_free(&res);
  free(in);
  free(out);
}

/* --check: laid out, nothing written; the model's counts and findings
 * come back (the break has no speaker and is no finding; every speaker
 * lacks a photo). */
static void test_check_writes_nothing(void **state) {
  fixture *fx = *state;
  char *out = xasprintf("%s/check.pdf", fx->dir);
  pipeline_opts o = opts(fx->booklet);
  o.check = 1;
  pipeline_result res;
  assert_int_equal(pipeline_run_source(&o, mem("meetup.md", page), out, &res),
                   0);
  assert_int_equal(count_files(fx->dir), 0);
  assert_true(res.pages > 0);
  assert_true(res.talks >= 2);
  assert_true(res.speakers >= 2);
  assert_int_equal(res.agenda, 3);
  assert_non_null(res.report);
  int lines = 0;
  for (const char *p = res.report; *p; p++)
    lines += *p == '\n';
  assert_int_equal(lines, res.findings);
  assert_non_null(strstr(res.report, "meetup.md:"));
  assert_non_null(strstr(res.report, ": warning: speaker '张三' has no"));
  pipeline_result_free(&res);
  free(out);
}

/* Each dump stops the run at its stage and returns the stage's text. */
static void test_dumps(void **state) {
  fixture *fx = *state;
  char *out = xasprintf("%s/dump.pdf", fx->dir);
  static const struct {
    pipeline_dump dump;
    const char *start; /* what the text starts with */
    int laid_out;      /* 1 when flow ran */
  } want[] = {{PIPELINE_DUMP_MODEL, "{\"event\": {", 0},
              {PIPELINE_DUMP_LAYOUT, "", 0},
              {PIPELINE_DUMP_DOCUMENT, "", 0},
              {PIPELINE_DUMP_FLOW, "", 1}};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    pipeline_opts o = opts(fx->booklet);
    o.dump = want[i].dump;
    pipeline_result res;
    assert_int_equal(
        pipeline_run_source(&o, mem("meetup.md", page), out, &res), 0);
    assert_non_null(res.dump);
    assert_true(strlen(res.dump) > 20);
    assert_memory_equal(res.dump, want[i].start, strlen(want[i].start));
    assert_int_equal(res.pages > 0, want[i].laid_out);
    assert_true(res.ms[PIPELINE_RENDER] == 0);
    assert_int_equal(count_files(fx->dir), 0);
    pipeline_result_free(&res);
  }
  free(out);
}

/* A page whose text is all taken by the talks, leaving headings (and a
 * comment) only, has no About section: its title would stand alone. */
static void test_no_empty_about(void **state) {
  fixture *fx = *state;
  char *out = xasprintf("%s/about.pdf", fx->dir);
  static const char *prog =
      "<!-- made by hand -->\n\nExample Workshop 2014 - Program\n"
      "------------------\n#### Springfield, September 5, 2014\n\n"
      "#### 09:00-09:10 - Welcome\n\n#### 09:10-10:00 - Runtime\n"
      "Fast Widgets in Practice, by Ada Roe, Bo Li (University of Examples).\n\n"
      "Gadgets meet the Collector, by Cy Doe (ACME).\n\n"
      "#### 10:30-11:00 - Tools\nSlow Gadgets, by Dee Fox (Example Labs).\n\n"
      "Quick Widgets, by Eve Park (Example Labs).\n";
  pipeline_opts o = opts(fx->booklet);
  o.dump = PIPELINE_DUMP_DOCUMENT;
  pipeline_result res;
  assert_int_equal(pipeline_run_source(&o, mem("workshop.md", prog), out, &res),
                   0);
  assert_non_null(res.dump);
  assert_non_null(strstr(res.dump, "section talks"));
  assert_null(strstr(res.dump, "section about"));
  pipeline_result_free(&res);
  free(out);
}

/* The same bytes read from a file and from memory (with the file's name
 * and folder) give the same PDF. */
static void test_file_same_as_memory(void **state) {
  fixture *fx = *state;
  char *in = xasprintf("%s/meetup.md", fx->dir);
  FILE *f = fopen(in, "w");
  assert_non_null(f);
  fputs(page, f);
  fclose(f);
  char *a = xasprintf("%s/a.pdf", fx->dir);
  char *b = xasprintf("%s/b.pdf", fx->dir);
  pipeline_opts o = opts(fx->booklet);
  pipeline_result res;
  assert_int_equal(pipeline_run(&o, in, a, &res), 0);
  pipeline_result_free(&res);
  source *src = mem(in, page);
  free(src->dir);
  src->dir = xstrdup(fx->dir);
  assert_int_equal(pipeline_run_source(&o, src, b, &res), 0);
  pipeline_result_free(&res);
  size_t na, nb;
  char *pa = test_read_file(a, &na), *pb = test_read_file(b, &nb);
  assert_non_null(pa);
  assert_non_null(pb);
  assert_int_equal(na, nb);
  assert_memory_equal(pa, pb, na);
  free(pa), free(pb);
  free(a), free(b), free(in);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_page_to_pdf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_without_contents, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_error_leaves_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_check_writes_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_dumps, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_empty_about, setup, teardown),
      cmocka_unit_test_setup_teardown(test_file_same_as_memory, setup,
                                      teardown),
  };
  test_data_dir();
  return cmocka_run_group_tests(tests, NULL, NULL);
}
