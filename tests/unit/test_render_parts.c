/* test_render_parts.c — the render stage's parts that need no laid-out
 * pages, through render_int.h: render_out.c (per-page file names; a file
 * written atomically, so a failed fill leaves the old file and no
 * temporary) and render_boxes.c (TrimBox and BleedBox added to a PDF
 * Cairo wrote, in place and by qpdf, with the same boxes either way;
 * input that is not Cairo's layout refused with a reason, so the caller
 * can take the other way).  test_render.c covers the whole stage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "impose.h"
#include "render_int.h"
#include "util.h"
#include "test_util.h"

/* ---- helpers ---------------------------------------------------------------- */

static void write_file(const char *path, const char *s, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(s, 1, n, f), n);
  fclose(f);
}

static char dir[64];
static int have_poppler; /* pdfinfo is installed */

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/booklet-parts-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char *cmd = xasprintf("rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  free(cmd);
  return 0;
}

/* ---- render_out.c ------------------------------------------------------------- */

static void test_page_path(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"out.png", "out-3.png"},         {"a/b.c/out.svg", "a/b.c/out-3.svg"},
      {"a.b/out", "a.b/out-3"},         {".hidden", ".hidden-3"},
      {"dir/.png", "dir/.png-3"},       {"out", "out-3"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *p = render_page_path(cases[i][0], 2);
    assert_string_equal(p, cases[i][1]);
    free(p);
  }
}

static cairo_status_t put_text(render_sink *k, void *arg) {
  const char *s = arg;
  return render_sink_write(k, (const unsigned char *)s, (unsigned)strlen(s));
}

static cairo_status_t fail_half_way(render_sink *k, void *arg) {
  put_text(k, arg);
  return CAIRO_STATUS_NO_MEMORY;
}

/* A file is replaced only when all of it was written; a failure keeps
 * the old one, says why, and leaves no temporary. */
static void test_out_file_atomic(void **state) {
  (void)state;
  char path[128];
  snprintf(path, sizeof path, "%s/prog.pdf", dir);
  write_file(path, "old", 3);
  chmod(path, 0640);
  diag_capture(1);
  assert_int_equal(render_out_file(path, "ev.md", fail_half_way, "new"), -1);
  assert_non_null(strstr(diag_captured(), "ev.md"));
  assert_non_null(strstr(diag_captured(), "out of memory"));
  diag_capture(0);
  size_t n;
  char *s = test_read_file(path, &n);
  assert_string_equal(s, "old");
  free(s);
  assert_int_equal(test_count_entries(dir, ".prog.pdf"), 0);
  assert_int_equal(render_out_file(path, "ev.md", put_text, "new"), 0);
  s = test_read_file(path, &n);
  assert_string_equal(s, "new");
  free(s);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0640); /* the old file's mode */
  assert_int_equal(test_count_entries(dir, ".prog.pdf"), 0);
  /* a folder that does not exist: reported, nothing written */
  snprintf(path, sizeof path, "%s/none/prog.pdf", dir);
  diag_capture(1);
  assert_int_equal(render_out_file(path, "ev.md", put_text, "new"), -1);
  assert_non_null(strstr(diag_captured(), "No such file or directory"));
  diag_capture(0);
}

/* ---- render_boxes.c ------------------------------------------------------------ */

static cairo_status_t mem_write(void *closure, const unsigned char *data,
                                unsigned int length) {
  sb_addn(closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* n pages of w x h pt as Cairo writes them, with a link and some text so
 * the file has more objects than pages. */
static void cairo_pdf(strbuf *out, size_t n, double w, double h) {
  cairo_surface_t *surf =
      cairo_pdf_surface_create_for_stream(mem_write, out, w, h);
  cairo_t *cr = cairo_create(surf);
  for (size_t i = 0; i < n; i++) {
    cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
    cairo_rectangle(cr, 10, 10, w - 20, 30);
    cairo_fill(cr);
    cairo_tag_begin(cr, CAIRO_TAG_LINK,
                    "rect=[10 10 50 20] uri='https://example.org/'");
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  assert_int_equal(cairo_surface_status(surf), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surf);
}

/* pdfinfo's boxes of every page of the PDF in b.  Caller frees. */
static char *boxes_of(const strbuf *b, const char *name) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  write_file(path, b->s, b->len);
  return test_run("pdfinfo -box -f 1 -l 99 '%s' 2>&1 | grep Box", path);
}

/* Both ways give every page the plan's TrimBox and BleedBox; pdfinfo
 * reads the same boxes from both files. */
static void test_boxes_both_ways(void **state) {
  (void)state;
  if (!have_poppler)
    skip();
  impose_options o = {.mode = IMPOSE_NONE, .bleed = 8.5, .marks = 1};
  impose_plan *p = impose_plan_make(&o, 3, 300, 400);
  assert_int_equal(p->n_sheets, 3);
  strbuf raw = {0}, direct = {0}, qpdf = {0};
  cairo_pdf(&raw, p->n_sheets, p->sheet_w, p->sheet_h);
  char *why = NULL;
  assert_int_equal(render_boxes_direct(&raw, p, &direct, &why), 0);
  assert_null(why);
  assert_int_equal(
      render_boxes_qpdf(&raw, p, RENDER_OBJSTM_PRESERVE, &qpdf, &why), 0);
  assert_null(why);
  char *a = boxes_of(&direct, "direct.pdf");
  char *b = boxes_of(&qpdf, "qpdf.pdf");
  assert_string_equal(a, b);
  /* trim: the 300 x 400 page in the middle of the sheet */
  char want[128];
  snprintf(want, sizeof want, "TrimBox:   %8.2f %8.2f %8.2f %8.2f",
           p->sheets[0].trim.x,
           p->sheet_h - p->sheets[0].trim.y - p->sheets[0].trim.h,
           p->sheets[0].trim.x + p->sheets[0].trim.w,
           p->sheet_h - p->sheets[0].trim.y);
  assert_non_null(strstr(a, want));
  int pages = 0;
  for (const char *q = a; (q = strstr(q, "TrimBox")); q++)
    pages++;
  assert_int_equal(pages, 3);
  char *check = test_run("qpdf --check '%s/direct.pdf' 2>&1", dir);
  if (!strstr(check, "not found")) /* qpdf's tool may be missing */
    assert_non_null(strstr(check, "No syntax or stream encoding errors"));
  free(check);
  free(a);
  free(b);
  sb_free(&raw);
  sb_free(&direct);
  sb_free(&qpdf);
  impose_plan_free(p);
}

/* What is not Cairo's layout is refused with a reason, never patched:
 * the caller then takes the other way. */
static void test_boxes_refused(void **state) {
  (void)state;
  impose_options o = {0};
  impose_plan *p = impose_plan_make(&o, 2, 300, 400);
  strbuf raw = {0}, out = {0};
  char *why = NULL;
  sb_add(&raw, "%PDF-1.5\nnot a PDF Cairo wrote\n");
  assert_int_equal(render_boxes_direct(&raw, p, &out, &why), -1);
  assert_string_equal(why, "no startxref");
  free(why);
  why = NULL;
  assert_int_equal(render_boxes_qpdf(&raw, p, RENDER_OBJSTM_GENERATE, &out,
                                     &why),
                   -1);
  assert_non_null(why);
  free(why);
  why = NULL;
  /* a real file with another page count than the plan's */
  raw.len = 0;
  cairo_pdf(&raw, 3, p->sheet_w, p->sheet_h);
  assert_int_equal(render_boxes_direct(&raw, p, &out, &why), -1);
  assert_string_equal(why, "unexpected page object");
  free(why);
  why = NULL;
  assert_int_equal(
      render_boxes_qpdf(&raw, p, RENDER_OBJSTM_PRESERVE, &out, &why), -1);
  assert_string_equal(why, "page count changed");
  free(why);
  assert_int_equal(out.len, 0);
  sb_free(&raw);
  sb_free(&out);
  impose_plan_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_page_path),
      cmocka_unit_test_setup_teardown(test_out_file_atomic, setup, teardown),
      cmocka_unit_test_setup_teardown(test_boxes_both_ways, setup, teardown),
      cmocka_unit_test_setup_teardown(test_boxes_refused, setup, teardown),
  };
  have_poppler = system("pdfinfo -v >/dev/null 2>&1") == 0;
  return cmocka_run_group_tests(tests, NULL, NULL);
}
