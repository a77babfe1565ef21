/* test_render.c — the render stage end to end on a hand-built flow result (two
 * pages: a Chinese and English paragraph with 大 and 网, bold and link
 * runs, a rule, a rectangle, link areas, an anchor, images), checked
 * with poppler's tools: the text comes back exactly (no Kangxi
 * radicals), fonts are embedded as subsets, metadata is set, subsetting
 * makes the file several times smaller, output is byte-for-byte
 * reproducible, glyphs sit where text.c put them, PNG and SVG pages,
 * JPEGs embedded as JPEG, failed writes leave no file and keep the old
 * one, imposed sheets with marks and a slug line in the document's
 * words, and the contact sheet.  test_render_parts.c tests atomic
 * output and the PDF boxes on their own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <dirent.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "image.h"
#include "qr.h"
#include "render.h"
#include "text.h"
#include "util.h"
#include "test_util.h"

static layout_style body = {
    .name = "body",
    .family = "Noto Serif CJK SC",
    .size = 10,
    .weight = 400,
    .line_height = 1.7,
    .align = LAYOUT_ALIGN_JUSTIFY,
    .color = 0x222222,
};
static layout_style head = {
    .name = "h1",
    .family = "Noto Sans CJK SC",
    .size = 16,
    .weight = 700,
    .line_height = 1.3,
    .align = LAYOUT_ALIGN_LEFT,
    .color = 0x111111,
};
static layout lay = {
    .name = "test",
    .lang = "zh-Hans",
    .code_family = "Noto Sans Mono CJK SC",
    .accent = 0x1a5fb4,
    .rule_color = 0x888888,
    .rule_width = 0.5,
};

static const char *title = "开源技术沙龙 · 第十二期";
static const char *para1 =
    "大家好！本次沙龙聚焦大型网站的架构演进，从单体到微服务，再到云原生。"
    "Speakers come from Alibaba, Tencent and the PostgreSQL community; "
    "每位讲师分享 40 分钟，之后是自由交流。网络直播地址见官网，报名请扫码。";
static const char *para2 =
    "第二页：大数据与网络安全专场。讲师将介绍如何在 Kubernetes 上运行大规模"
    "数据处理任务，以及网站防护的实践经验。详情见上一页的议程。";

typedef struct fixture {
  char dir[64];         /* temporary folder */
  text_ctx *t;
  flow_result r;
  document d;
  doc_text txt1, txt2, txt_title;
  text_para *paras[3];
  char *expected;       /* all text in reading order, no whitespace */
} fixture;

static void append(doc_text *d, const char *s, unsigned flags,
                   const char *url) {
  size_t old = d->text ? strlen(d->text) : 0;
  d->text = xrealloc(d->text, old + strlen(s) + 1);
  memcpy(d->text + old, s, strlen(s) + 1);
  if (flags) {
    d->spans = xrealloc(d->spans, (d->n_spans + 1) * sizeof *d->spans);
    doc_span sp = {old, old + strlen(s), flags, xstrdup(url)};
    d->spans[d->n_spans++] = sp;
  }
}

static void free_text(doc_text *d) {
  for (size_t i = 0; i < d->n_spans; i++)
    free(d->spans[i].url);
  free(d->spans);
  free(d->text);
}

static frame *add_frame(flow_page *p, frame f) {
  VEC_PUSH(p->frames, p->n_frames, p->cap_frames, f);
  return &p->frames[p->n_frames - 1];
}

/* Place the lines of para at x, from top y down; returns the y below. */
static double place(flow_page *pg, const text_para *p, double x, double y) {
  for (size_t i = 0; i < p->n_lines; i++) {
    const text_line *ln = &p->lines[i];
    double base = y + (ln->height - ln->ascent - ln->descent) / 2 + ln->ascent;
    frame f = {.kind = FRAME_TEXT, .x = x, .y = base, .line = ln};
    add_frame(pg, f);
    y += ln->height;
  }
  return y;
}

static void strip_ws(strbuf *b, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    size_t len;
    uint32_t c = utf8_decode(s + i, n - i, &len);
    if (!(c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r' ||
          c == 0x3000))
      sb_addn(b, s + i, len);
    i += len;
  }
}

static void make_png(const char *path, int w, int h) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0.2, 0.5, 0.8);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 1, 0.8, 0.2);
  cairo_arc(cr, w / 2.0, h / 2.0, w / 4.0, 0, 6.3);
  cairo_fill(cr);
  cairo_destroy(cr);
  cairo_surface_write_to_png(s, path);
  cairo_surface_destroy(s);
}

static void make_jpeg(const char *path, int w, int h) {
  GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  guint8 *px = gdk_pixbuf_get_pixels(pb);
  int rs = gdk_pixbuf_get_rowstride(pb);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      guint8 *p = px + y * rs + x * 3;
      p[0] = (guint8)(x * 255 / w);
      p[1] = (guint8)(y * 255 / h);
      p[2] = 128;
    }
  gdk_pixbuf_save(pb, path, "jpeg", NULL, "quality", "80", NULL);
  g_object_unref(pb);
}

static int setup(void **state) {
  test_data_dir();
  fixture *fx = xcalloc(1, sizeof *fx);
  snprintf(fx->dir, sizeof fx->dir, "/tmp/booklet-render-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  fx->t = text_new(&lay);
  assert_non_null(fx->t);

  append(&fx->txt_title, title, 0, NULL);
  append(&fx->txt1, "大家好！本次沙龙聚焦", 0, NULL);
  append(&fx->txt1, "大型网站", DOC_BOLD, NULL);
  append(&fx->txt1, para1 + strlen("大家好！本次沙龙聚焦大型网站"), 0, NULL);
  append(&fx->txt2, "第二页：大数据与网络安全专场。讲师将介绍如何在 ", 0, NULL);
  append(&fx->txt2, "Kubernetes", DOC_LINK, "https://kubernetes.io/");
  append(&fx->txt2,
         " 上运行大规模数据处理任务，以及网站防护的实践经验。详情见",
         0, NULL);
  append(&fx->txt2, "上一页的议程", DOC_LINK, "#agenda");
  append(&fx->txt2, "。", 0, NULL);
  assert_string_equal(fx->txt1.text, para1);
  assert_string_equal(fx->txt2.text, para2);

  double width = 300; /* 30 characters of 10 pt */
  fx->paras[0] = text_layout(fx->t, &fx->txt_title, &head, width, 0);
  fx->paras[1] = text_layout(fx->t, &fx->txt1, &body, width, 20);
  fx->paras[2] = text_layout(fx->t, &fx->txt2, &body, width, 20);

  flow_result *r = &fx->r;
  r->page_w = 400;
  r->page_h = 500;
  r->n_pages = 2;
  r->pages = xcalloc(2, sizeof *r->pages);
  r->pages[0].folio = 1;
  r->pages[1].folio = 2;
  char png[128], jpg[128];
  snprintf(png, sizeof png, "%s/logo.png", fx->dir);
  snprintf(jpg, sizeof jpg, "%s/photo.jpg", fx->dir);
  make_png(png, 120, 60);
  make_jpeg(jpg, 200, 300);

  flow_page *p1 = &r->pages[0];
  frame anchor = {.kind = FRAME_ANCHOR, .x = 50, .y = 40,
                  .src = xstrdup("agenda")};
  add_frame(p1, anchor);
  double y = place(p1, fx->paras[0], 50, 40);
  frame rule = {.kind = FRAME_RULE, .x = 50, .y = y + 4, .w = 300,
                .color = 0x888888, .line_width = 0.5};
  add_frame(p1, rule);
  y = place(p1, fx->paras[1], 50, y + 12);
  frame rect = {.kind = FRAME_RECT, .x = 50, .y = y + 10, .w = 300, .h = 20,
                .color = 0xEEF3FA};
  add_frame(p1, rect);
  frame link = {.kind = FRAME_LINK, .x = 50, .y = y + 10, .w = 300, .h = 20,
                .src = xstrdup("https://example.org/apply?id=12&x='q'")};
  add_frame(p1, link);
  frame img = {.kind = FRAME_IMAGE, .x = 50, .y = y + 40, .w = 120, .h = 60,
               .src = xstrdup(png)};
  add_frame(p1, img);
  frame ph = {.kind = FRAME_PLACEHOLDER, .x = 200, .y = y + 40, .w = 120,
              .h = 60};
  add_frame(p1, ph);

  flow_page *p2 = &r->pages[1];
  y = place(p2, fx->paras[2], 50, 40);
  frame circ = {.kind = FRAME_CIRCLE_IMAGE, .x = 50, .y = y + 10, .w = 80,
                .h = 80, .src = xstrdup(jpg), .crop_x = 0.5, .crop_y = 0.3};
  add_frame(p2, circ);
  frame photo = {.kind = FRAME_IMAGE, .x = 150, .y = y + 10, .w = 40,
                 .h = 60, .src = xstrdup(jpg)};
  add_frame(p2, photo);

  r->n_outline = 2;
  r->outline = xcalloc(2, sizeof *r->outline);
  r->outline[0] = (flow_outline){.title = xstrdup("议程"), .level = 1, .page = 0, .y = 40};
  r->outline[1] = (flow_outline){.title = xstrdup("第二页"), .level = 2, .page = 1, .y = 40};

  fx->d.title = (char *)title;
  fx->d.author = "开源社区";
  fx->d.subject = "技术沙龙程序册";
  fx->d.keywords = "开源, 沙龙";
  fx->d.creator = "booklet test";
  fx->d.date = "2019-12-28 13:30";

  strbuf b = {0};
  sb_add(&b, "");
  strip_ws(&b, title);
  strip_ws(&b, para1);
  strip_ws(&b, para2);
  fx->expected = sb_take(&b);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  for (size_t p = 0; p < fx->r.n_pages; p++) {
    for (size_t i = 0; i < fx->r.pages[p].n_frames; i++)
      free(fx->r.pages[p].frames[i].src);
    free(fx->r.pages[p].frames);
  }
  free(fx->r.pages);
  for (size_t i = 0; i < fx->r.n_outline; i++)
    free(fx->r.outline[i].title);
  free(fx->r.outline);
  for (int i = 0; i < 3; i++)
    text_para_free(fx->paras[i]);
  free_text(&fx->txt1);
  free_text(&fx->txt2);
  free_text(&fx->txt_title);
  text_free(fx->t);
  free(fx->expected);
  if (getenv("BOOKLET_TEST_KEEP")) { /* look at the files afterwards */
    fprintf(stderr, "  kept %s\n", fx->dir);
  } else {
    char *cmd = xasprintf("rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
  }
  free(fx);
  return 0;
}

/* 1 when pdfinfo's output has "Key:   value" (any spacing). */
static int has_field(const char *out, const char *key, const char *value) {
  size_t kl = strlen(key);
  for (const char *p = out; (p = strstr(p, key)); p++) {
    if ((p != out && p[-1] != '\n') || p[kl] != ':')
      continue;
    const char *v = p + kl + 1;
    while (*v == ' ')
      v++;
    if (!strncmp(v, value, strlen(value)))
      return 1;
  }
  return 0;
}

static long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int write_pdf(fixture *fx, const char *name, int subset, char *path,
                     size_t n) {
  snprintf(path, n, "%s/%s", fx->dir, name);
  render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = subset,
                      .src_name = "test.md"};
  return render_write(&fx->r, &fx->d, fx->t, &o, path);
}

static void test_text_layer(void **state) {
  fixture *fx = *state;
  char path[256];
  diag_capture(1);
  assert_int_equal(write_pdf(fx, "out.pdf", 1, path, sizeof path), 0);
  diag_capture(0);
  char *txt = test_run("pdftotext -enc UTF-8 '%s' -", path);
  strbuf b = {0};
  sb_add(&b, "");
  strip_ws(&b, txt);
  char *got = sb_take(&b);
  if (strcmp(got, fx->expected))
    fprintf(stderr, "expected: %s\n     got: %s\n", fx->expected, got);
  assert_string_equal(got, fx->expected);
  /* no Kangxi radicals or compatibility ideographs */
  size_t n = strlen(txt);
  for (size_t i = 0; i < n;) {
    size_t len;
    uint32_t c = utf8_decode(txt + i, n - i, &len);
    assert_false(c >= 0x2F00 && c <= 0x2FDF);
    assert_false(c >= 0xF900 && c <= 0xFAFF);
    i += len;
  }
  assert_non_null(strstr(txt, "大型网站"));
  free(got);
  free(txt);
}

static void test_fonts_embedded_subset(void **state) {
  fixture *fx = *state;
  char path[256];
  assert_int_equal(write_pdf(fx, "fonts.pdf", 1, path, sizeof path), 0);
  char *out = test_run("pdffonts '%s'", path);
  /* header, dashes, then one line per font */
  int fonts = 0;
  char *save = NULL;
  for (char *line = strtok_r(out, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save)) {
    if (!strncmp(line, "name", 4) || !strncmp(line, "----", 4))
      continue;
    fonts++;
    assert_non_null(strstr(line, "yes yes"));
    assert_non_null(strchr(line, '+')); /* subset tag ABCDEF+Name */
  }
  assert_true(fonts >= 3); /* serif regular, serif bold, sans bold */
  free(out);
}

static void test_metadata(void **state) {
  fixture *fx = *state;
  char path[256];
  assert_int_equal(write_pdf(fx, "meta.pdf", 1, path, sizeof path), 0);
  char *out = test_run("pdfinfo -isodates '%s'", path);
  assert_true(has_field(out, "Title", "开源技术沙龙 · 第十二期"));
  assert_true(has_field(out, "Author", "开源社区"));
  assert_true(has_field(out, "Subject", "技术沙龙程序册"));
  assert_true(has_field(out, "Keywords", "开源, 沙龙"));
  assert_true(has_field(out, "Creator", "booklet test"));
  assert_true(has_field(out, "CreationDate", "2019-12-28T00:00:00"));
  assert_true(has_field(out, "Pages", "2"));
  assert_true(has_field(out, "Page size", "400 x 500 pts"));
  free(out);
  /* SOURCE_DATE_EPOCH wins over the document's date */
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  assert_int_equal(write_pdf(fx, "meta2.pdf", 1, path, sizeof path), 0);
  unsetenv("SOURCE_DATE_EPOCH");
  out = test_run("pdfinfo -isodates '%s'", path);
  assert_true(has_field(out, "CreationDate", "2023-11-14T22:13:20"));
  free(out);
  /* links, the named destination and page labels */
  out = test_run("pdfinfo -dests '%s'", path);
  assert_non_null(strstr(out, "agenda"));
  free(out);
  /* the objects sit in compressed object streams: qpdf writes them out */
  char plain[300];
  snprintf(plain, sizeof plain, "%s.qdf", path);
  free(test_run("qpdf --qdf --object-streams=disable '%s' '%s'", path, plain));
  size_t n;
  char *pdf = test_read_file(plain, &n);
  assert_non_null(pdf);
  assert_null(memmem(pdf, n, "/ObjStm", 7));
  free(pdf);
  pdf = test_read_file(path, &n);
  assert_non_null(memmem(pdf, n, "/ObjStm", 7)); /* booklet's own: compact */
  free(pdf);
  pdf = test_read_file(plain, &n);
  assert_non_null(memmem(pdf, n, "https://kubernetes.io/", 22));
  assert_non_null(memmem(pdf, n, "https://example.org/apply?id=12&x='q'", 37));
  assert_non_null(memmem(pdf, n, "/Outlines", 9));
  assert_non_null(memmem(pdf, n, "/PageLabels", 11));
  free(pdf);
}

static void test_subset_size(void **state) {
  fixture *fx = *state;
  char a[256], b[256];
  assert_int_equal(write_pdf(fx, "sub.pdf", 1, a, sizeof a), 0);
  assert_int_equal(write_pdf(fx, "full.pdf", 0, b, sizeof b), 0);
  long sub = file_size(a), full = file_size(b);
  fprintf(stderr, "  PDF bytes: subset %ld, not subset %ld\n", sub, full);
  assert_true(sub > 0 && sub < 100 * 1024);
  assert_true(sub * 3 < full);
  /* the unsubset file still has the same text */
  char *t1 = test_run("pdftotext -enc UTF-8 '%s' -", a);
  char *t2 = test_run("pdftotext -enc UTF-8 '%s' -", b);
  assert_string_equal(t1, t2);
  free(t1);
  free(t2);
}

static void test_reproducible(void **state) {
  fixture *fx = *state;
  char a[256], b[256];
  assert_int_equal(write_pdf(fx, "r1.pdf", 1, a, sizeof a), 0);
  assert_int_equal(write_pdf(fx, "r2.pdf", 1, b, sizeof b), 0);
  size_t na, nb;
  char *x = test_read_file(a, &na), *y = test_read_file(b, &nb);
  assert_int_equal(na, nb);
  assert_memory_equal(x, y, na);
  free(x);
  free(y);
}

/* Word boxes from pdftotext -bbox agree with text.c's positions: each
 * text frame's first glyph starts where flow put the line, and justified
 * lines end at the right edge. */
static void test_positions(void **state) {
  fixture *fx = *state;
  char path[256];
  assert_int_equal(write_pdf(fx, "pos.pdf", 1, path, sizeof path), 0);
  char *out = test_run("pdftotext -f 1 -l 1 -bbox '%s' -", path);
  /* The body paragraph's first line starts 20 pt in (indent) at x 70 */
  assert_non_null(strstr(out, "xMin=\"70.000000\""));
  /* and lines end at 350 (x 50 + width 300) */
  assert_non_null(strstr(out, "xMax=\"350.000000\""));
  free(out);
}

/* A copy of JPEG src with an EXIF APP1 segment saying "rotate 90° CW to
 * show" (orientation 6), as phone cameras write. */
static void make_sideways_jpeg(const char *src, const char *dst) {
  size_t n;
  char *jpg = test_read_file(src, &n);
  static const unsigned char app1[] = {
      0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,   /* APP1, Exif */
      'M', 'M', 0, 42, 0, 0, 0, 8,                        /* TIFF header */
      0, 1,                                               /* 1 entry */
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,           /* orientation 6 */
      0, 0, 0, 0};                                        /* no next IFD */
  FILE *f = fopen(dst, "wb");
  fwrite(jpg, 1, 2, f); /* SOI */
  fwrite(app1, 1, sizeof app1, f);
  fwrite(jpg + 2, 1, n - 2, f);
  fclose(f);
  free(jpg);
}

static void test_images(void **state) {
  fixture *fx = *state;
  char path[256];
  assert_int_equal(write_pdf(fx, "img.pdf", 1, path, sizeof path), 0);
  char *out = test_run("pdfimages -list '%s'", path);
  assert_non_null(strstr(out, "jpeg")); /* the photo, embedded as is */
  assert_non_null(strstr(out, "image")); /* the PNG logo, re-encoded */
  free(out);
  int w, h;
  char png[256];
  snprintf(png, sizeof png, "%s/logo.png", fx->dir);
  assert_int_equal(image_probe(png, &w, &h), 1);
  assert_int_equal(w, 120);
  assert_int_equal(h, 60);
  assert_int_equal(image_probe(fx->dir, &w, &h), 0);
  /* a sideways phone photo is reported, and drawn, upright */
  char jpg[256], side[256];
  snprintf(jpg, sizeof jpg, "%s/photo.jpg", fx->dir);
  snprintf(side, sizeof side, "%s/side.jpg", fx->dir);
  make_sideways_jpeg(jpg, side);
  assert_int_equal(image_probe(jpg, &w, &h), 1);
  assert_int_equal(w, 200);
  assert_int_equal(h, 300);
  assert_int_equal(image_probe(side, &w, &h), 1);
  assert_int_equal(w, 300);
  assert_int_equal(h, 200);
  frame *fr = &fx->r.pages[1].frames[fx->r.pages[1].n_frames - 1];
  assert_int_equal(fr->kind, FRAME_IMAGE);
  free(fr->src);
  fr->src = xstrdup(side);
  fr->w = 60;
  fr->h = 40;
  assert_int_equal(write_pdf(fx, "side.pdf", 1, path, sizeof path), 0);
  out = test_run("pdfimages -list '%s'", path);
  /* still the stored 200x300 JPEG bytes: turned by the drawing transform */
  assert_non_null(strstr(out, "200   300"));
  assert_non_null(strstr(out, "jpeg"));
  free(out);
  char txt[256];
  snprintf(txt, sizeof txt, "%s/not-an-image.png", fx->dir);
  FILE *f = fopen(txt, "w");
  fputs("hello", f);
  fclose(f);
  assert_int_equal(image_probe(txt, &w, &h), 0);
  assert_true(image_is_remote("https://x.org/a.png"));
  assert_true(image_is_remote("//cdn.x.org/a.png"));
  assert_false(image_is_remote("/images/a.png"));
}

/* The fonts are subset in as many threads as the options allow (-j's
 * budget): one thread, two or one per face give the same bytes. */
static void test_subset_threads_same(void **state) {
  fixture *fx = *state;
  char *bytes[3];
  size_t len[3];
  for (int k = 0; k < 3; k++) {
    char path[256];
    snprintf(path, sizeof path, "%s/threads%d.pdf", fx->dir, k);
    render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                        .threads = k == 2 ? 0 : k + 1, .src_name = "test.md"};
    assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, path), 0);
    bytes[k] = test_read_file(path, &len[k]);
    assert_non_null(bytes[k]);
  }
  for (int k = 1; k < 3; k++) {
    assert_int_equal(len[k], len[0]);
    assert_memory_equal(bytes[k], bytes[0], len[0]);
  }
  for (int k = 0; k < 3; k++)
    free(bytes[k]);
}

/* Dark modules of a rendered code: an ARGB image sampled at each module's
 * centre (16 px margin, 8 px a module) against q; returns the count wrong. */
static int wrong_modules(cairo_surface_t *img, const qr_code *q) {
  cairo_surface_flush(img);
  const unsigned char *data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img), wrong = 0;
  for (int y = 0; y < q->size; y++)
    for (int x = 0; x < q->size; x++) {
      int px = 16 + x * 8 + 4, py = 16 + y * 8 + 4;
      uint32_t v = *(const uint32_t *)(const void *)(data + py * stride + px * 4);
      int dark = (v & 0xff) < 128;
      wrong += dark != (q->modules[y * q->size + x] != 0);
    }
  return wrong;
}

/* A white ARGB image of w x h px. */
static cairo_surface_t *on_white(int w, int h) {
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(img);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_destroy(cr);
  return img;
}

/* A QR code frame renders module for module, in PNG (the PDF drawing: a
 * form in module units) and in SVG (the outline drawn directly, read back
 * with librsvg): sampled at each module's centre, dark exactly where the
 * code is, for codes of several sizes (the outline path, its holes and
 * the corners where two dark modules touch diagonally). */
static void test_qr_modules(void **state) {
  fixture *fx = *state;
  const char *urls[] = {"https://example.org/a",
                        "https://example.org/events/jc-db-meetup-12/apply",
                        "https://gw.example.com/os/bmw-prod/"
                        "7b73191a-0057-4f57-9570-fed0929b75d1.pdf?x=1&y=2"};
  for (size_t u = 0; u < sizeof urls / sizeof *urls; u++) {
    qr_code *q = qr_encode(urls[u]);
    assert_non_null(q);
    double mod = 4; /* pt a module; 8 px at 144 dpi */
    frame f = {.kind = FRAME_QR, .x = 8, .y = 8, .w = q->size * mod,
               .h = q->size * mod, .color = 0x000000, .src = (char *)urls[u]};
    flow_page pg = {.frames = &f, .n_frames = 1, .folio = 0};
    flow_result r = {.page_w = 16 + q->size * mod, .page_h = 16 + q->size * mod,
                     .pages = &pg, .n_pages = 1};
    int px = (int)(r.page_w * 2), py = (int)(r.page_h * 2);
    for (int svg = 0; svg < 2; svg++) {
      char path[256], page[256];
      snprintf(path, sizeof path, "%s/qr%zu.%s", fx->dir, u, svg ? "svg" : "png");
      snprintf(page, sizeof page, "%s/qr%zu-1.%s", fx->dir, u, svg ? "svg" : "png");
      render_options o = {.format = svg ? RENDER_SVG : RENDER_PNG, .dpi = 144,
                          .subset = 1, .src_name = "test.md"};
      assert_int_equal(render_write(&r, &fx->d, fx->t, &o, path), 0);
      cairo_surface_t *img = on_white(px, py);
      cairo_t *cr = cairo_create(img);
      if (svg) {
        GError *err = NULL;
        RsvgHandle *h = rsvg_handle_new_from_file(page, &err);
        assert_non_null(h);
        RsvgRectangle vp = {0, 0, px, py};
        assert_true(rsvg_handle_render_document(h, cr, &vp, &err));
        g_object_unref(h);
      } else {
        cairo_surface_t *s = cairo_image_surface_create_from_png(page);
        assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
        cairo_set_source_surface(cr, s, 0, 0);
        cairo_paint(cr);
        cairo_surface_destroy(s);
      }
      cairo_destroy(cr);
      int wrong = wrong_modules(img, q);
      if (wrong)
        fail_msg("%s (%s): %d of %d modules wrong", urls[u], svg ? "SVG" : "PNG",
                 wrong, q->size * q->size);
      cairo_surface_destroy(img);
    }
    qr_free(q);
  }
}

static void test_png_svg(void **state) {
  fixture *fx = *state;
  char path[256], p1[256], p2[256];
  snprintf(path, sizeof path, "%s/page.png", fx->dir);
  assert_int_equal(render_format_for(path), RENDER_PNG);
  render_options o = {.format = RENDER_PNG, .dpi = 144, .subset = 1,
                      .src_name = "test.md"};
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, path), 0);
  snprintf(p1, sizeof p1, "%s/page-1.png", fx->dir);
  snprintf(p2, sizeof p2, "%s/page-2.png", fx->dir);
  for (int i = 0; i < 2; i++) {
    cairo_surface_t *s = cairo_image_surface_create_from_png(i ? p2 : p1);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(s), 800);  /* 400 pt */
    assert_int_equal(cairo_image_surface_get_height(s), 1000); /* 500 pt */
    cairo_surface_destroy(s);
  }
  assert_int_equal(file_size(path), -1); /* no FILE.png itself */
  snprintf(path, sizeof path, "%s/page.svg", fx->dir);
  assert_int_equal(render_format_for(path), RENDER_SVG);
  o.format = RENDER_SVG;
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, path), 0);
  snprintf(p1, sizeof p1, "%s/page-1.svg", fx->dir);
  snprintf(p2, sizeof p2, "%s/page-2.svg", fx->dir);
  size_t n;
  char *svg = test_read_file(p1, &n);
  assert_non_null(svg);
  assert_non_null(strstr(svg, "<svg"));
  assert_non_null(strstr(svg, "width=\"400pt\""));
  free(svg);
  assert_true(file_size(p2) > 0);
  assert_int_equal(test_count_entries(fx->dir, ".page"), 0); /* no temporaries */
  assert_int_equal(render_format_for("x.PDF"), RENDER_PDF);
  assert_int_equal(render_format_for("dir.png/x"), RENDER_PDF);
}

/* The subset face renumbers glyphs: drawn with the mapped ids it must
 * give exactly the pixels of the whole font drawn with Pango's ids. */
static void test_subset_glyphs_match(void **state) {
  fixture *fx = *state;
  char a[256], b[256], p[256];
  snprintf(a, sizeof a, "%s/sub.png", fx->dir);
  snprintf(b, sizeof b, "%s/full.png", fx->dir);
  render_options o = {.format = RENDER_PNG, .dpi = 72, .subset = 1,
                      .src_name = "test.md"};
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, a), 0);
  o.subset = 0;
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, b), 0);
  for (int i = 1; i <= 2; i++) {
    size_t na, nb;
    snprintf(p, sizeof p, "%s/sub-%d.png", fx->dir, i);
    char *x = test_read_file(p, &na);
    snprintf(p, sizeof p, "%s/full-%d.png", fx->dir, i);
    char *y = test_read_file(p, &nb);
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(na, nb);
    assert_memory_equal(x, y, na);
    free(x);
    free(y);
  }
}

/* TrimBox and BleedBox are written into Cairo's page objects (documents
 * too long to be compacted by qpdf): every page
 * has both, every xref entry in use points at its own object, startxref
 * at the table, and the trailer has an /ID. */
static void test_boxes_xref(void **state) {
  fixture *fx = *state;
  char path[256];
  /* the in-place path, which documents over 256 pages take */
  setenv("BOOKLET_COMPACT_PAGES", "0", 1);
  int rc = write_pdf(fx, "boxes.pdf", 1, path, sizeof path);
  unsetenv("BOOKLET_COMPACT_PAGES");
  assert_int_equal(rc, 0);
  size_t n;
  char *pdf = test_read_file(path, &n);
  assert_non_null(pdf);
  int trim = 0, bleed = 0;
  for (char *q = pdf; (q = memmem(q, n - (size_t)(q - pdf), "/TrimBox [", 10));
       q++)
    trim++;
  for (char *q = pdf; (q = memmem(q, n - (size_t)(q - pdf), "/BleedBox [", 11));
       q++)
    bleed++;
  assert_int_equal(trim, 2);
  assert_int_equal(bleed, 2);
  char *sx = NULL;
  for (char *q = pdf; (q = memmem(q, n - (size_t)(q - pdf), "startxref\n", 10));
       q++)
    sx = q;
  assert_non_null(sx);
  long xref = strtol(sx + 10, NULL, 10);
  assert_true(xref > 0 && (size_t)xref < n);
  assert_memory_equal(pdf + xref, "xref\n0 ", 7);
  char *e;
  long count = strtol(pdf + xref + 7, &e, 10);
  assert_true(count > 2);
  e++; /* the newline */
  for (long k = 1; k < count; k++) {
    const char *ent = e + 20 * k;
    if (ent[17] != 'n')
      continue;
    long off = strtol(ent, NULL, 10);
    char want[32];
    int w = snprintf(want, sizeof want, "%ld 0 obj\n", k);
    assert_true(off > 0 && off < xref);
    assert_memory_equal(pdf + off, want, (size_t)w);
  }
  assert_non_null(memmem(e, n - (size_t)(e - pdf), "/ID [<", 6));
  free(pdf);
  char *out = test_run("pdfinfo -box '%s'", path);
  assert_non_null(strstr(out, "TrimBox:"));
  assert_non_null(strstr(out, "BleedBox:"));
  free(out);
}

static void test_missing_folder(void **state) {
  fixture *fx = *state;
  char path[300], dir[256];
  snprintf(dir, sizeof dir, "%s/no/such", fx->dir);
  snprintf(path, sizeof path, "%s/out.pdf", dir);
  render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                      .src_name = "test.md"};
  diag_capture(1);
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, path), -1);
  assert_non_null(strstr(diag_captured(), "out.pdf"));
  assert_non_null(strstr(diag_captured(), "No such file or directory"));
  diag_capture(0);
  assert_int_equal(file_size(path), -1);
  snprintf(path, sizeof path, "%s/no/out.png", fx->dir);
  o.format = RENDER_PNG;
  diag_capture(1);
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, path), -1);
  diag_capture(0);
}

/* A write that fails half way (file size limit, like a full disk) keeps
 * the previous good file and leaves no temporary behind. */
static void test_failed_write_keeps_old(void **state) {
  fixture *fx = *state;
  char path[256];
  snprintf(path, sizeof path, "%s/keep.pdf", fx->dir);
  FILE *f = fopen(path, "w");
  fputs("previous good file", f);
  fclose(f);
  struct rlimit old, lim;
  getrlimit(RLIMIT_FSIZE, &old);
  lim = old;
  lim.rlim_cur = 4096;
  signal(SIGXFSZ, SIG_IGN);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
  render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                      .src_name = "test.md"};
  diag_capture(1);
  int rc = render_write(&fx->r, &fx->d, fx->t, &o, path);
  setrlimit(RLIMIT_FSIZE, &old);
  assert_int_equal(rc, -1);
  assert_non_null(strstr(diag_captured(), "keep.pdf"));
  assert_non_null(strstr(diag_captured(), "too large"));
  diag_capture(0);
  size_t n;
  char *s = test_read_file(path, &n);
  assert_string_equal(s, "previous good file");
  free(s);
  assert_int_equal(test_count_entries(fx->dir, ".keep.pdf"), 0);
  /* and a good write replaces it, keeping its permissions */
  chmod(path, 0640);
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, path), 0);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0640);
  assert_true(st.st_size > 1000);
}

static void test_stdout(void **state) {
  fixture *fx = *state;
  char path[256];
  snprintf(path, sizeof path, "%s/stdout.pdf", fx->dir);
  fflush(stdout);
  int saved = dup(1);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  assert_true(fd >= 0);
  dup2(fd, 1);
  close(fd);
  render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                      .src_name = "test.md"};
  int rc = render_write(&fx->r, &fx->d, fx->t, &o, "-");
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  assert_int_equal(rc, 0);
  char *out = test_run("pdfinfo '%s'", path);
  assert_true(has_field(out, "Pages", "2"));
  free(out);
}

/* Renders of one layout in parallel threads (batch -j) give the same
 * bytes as a render alone. */
typedef struct job {
  fixture *fx;
  char path[256];
  int rc;
} job;

static void *render_job(void *arg) {
  job *j = arg;
  render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                      .src_name = "test.md"};
  j->rc = render_write(&j->fx->r, &j->fx->d, j->fx->t, &o, j->path);
  return NULL;
}

static void test_threads(void **state) {
  fixture *fx = *state;
  char alone[256];
  assert_int_equal(write_pdf(fx, "alone.pdf", 1, alone, sizeof alone), 0);
  size_t na;
  char *ref = test_read_file(alone, &na);
  job jobs[4];
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    jobs[i].fx = fx;
    jobs[i].rc = -1;
    snprintf(jobs[i].path, sizeof jobs[i].path, "%s/t%d.pdf", fx->dir, i);
    assert_int_equal(pthread_create(&th[i], NULL, render_job, &jobs[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(jobs[i].rc, 0);
    size_t n;
    char *got = test_read_file(jobs[i].path, &n);
    assert_int_equal(n, na);
    assert_memory_equal(got, ref, n);
    free(got);
  }
  free(ref);
}

/* Imposed sheets (render_sheet.c): a saddle booklet of the two pages
 * padded to four on one sheet, front and back, each page drawn from its
 * recording (text kept as text), crop marks, and the slug line in the
 * document's words with the sheet number put in. */
static void test_sheets(void **state) {
  fixture *fx = *state;
  char path[256];
  snprintf(path, sizeof path, "%s/saddle.pdf", fx->dir);
  fx->d.slug_sheet = "第{n}张";
  fx->d.slug_front = "正面";
  fx->d.slug_back = "背面";
  render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                      .src_name = "dir/活动.md",
                      .print = {.mode = IMPOSE_SADDLE, .marks = 1,
                                .bleed = 8.5}};
  int rc = render_write(&fx->r, &fx->d, fx->t, &o, path);
  fx->d.slug_sheet = fx->d.slug_front = fx->d.slug_back = NULL;
  assert_int_equal(rc, 0);
  char *out = test_run("pdfinfo '%s'", path);
  assert_true(has_field(out, "Pages", "2")); /* one sheet, two sides */
  free(out);
  char *front = test_run("pdftotext -enc UTF-8 -f 1 -l 1 '%s' -", path);
  char *back = test_run("pdftotext -enc UTF-8 -f 2 -l 2 '%s' -", path);
  assert_non_null(strstr(front, "活动.md"));
  assert_non_null(strstr(front, "第1/1张"));
  assert_non_null(strstr(front, "正面"));
  assert_null(strstr(front, "sheet"));
  assert_non_null(strstr(back, "背面"));
  /* pages 4|1 on the front, 2|3 on the back: page 1's title, page 2's
   * text */
  assert_non_null(strstr(front, "开源技术沙龙"));
  assert_non_null(strstr(back, "Kubernetes"));
  free(front);
  free(back);
  out = test_run("pdfinfo -box '%s'", path);
  assert_non_null(strstr(out, "TrimBox:"));
  assert_non_null(strstr(out, "BleedBox:"));
  free(out);
  /* the slug line is set in the subset faces, not a second copy */
  out = test_run("pdffonts '%s' | awk 'NR > 2 { sub(/^[A-Z]+\\+/, \"\", $1); "
            "print $1 }' | sort | uniq -d",
            path);
  assert_string_equal(out, "");
  free(out);
}

/* The contact sheet (render_preview.c): both pages as 132 pt thumbnails
 * side by side on a grey ground, at 1.5 px per pt, beside the PDF. */
static void test_contact_sheet(void **state) {
  fixture *fx = *state;
  char path[256], sheet[256];
  snprintf(sheet, sizeof sheet, "%s/contact.png", fx->dir);
  snprintf(path, sizeof path, "%s/with-contact.pdf", fx->dir);
  render_options o = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                      .src_name = "test.md",
                      .print = {.contact_sheet = sheet}};
  assert_int_equal(render_write(&fx->r, &fx->d, fx->t, &o, path), 0);
  assert_true(file_size(path) > 0);
  cairo_surface_t *s = cairo_image_surface_create_from_png(sheet);
  assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  /* 24 pt margins, two 132 x 165 pt pages 20 pt apart */
  assert_int_equal(cairo_image_surface_get_width(s), 498);
  assert_int_equal(cairo_image_surface_get_height(s), 320);
  cairo_surface_flush(s);
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  uint32_t ground = *(const uint32_t *)(px + 5 * stride + 5 * 4) & 0xffffff;
  assert_int_equal(ground, 0xe4e1dc);
  /* each thumbnail is paper with something drawn on it */
  for (int t = 0; t < 2; t++) {
    int x0 = (int)((24 + t * 152) * 1.5), y0 = 36;
    int white = 0, ink = 0;
    for (int y = y0 + 4; y < y0 + 240; y++)
      for (int x = x0 + 4; x < x0 + 190; x++) {
        uint32_t c = *(const uint32_t *)(px + y * stride + x * 4) & 0xffffff;
        white += c == 0xffffff;
        ink += c != 0xffffff && c != 0xe4e1dc;
      }
    assert_true(white > 1000);
    assert_true(ink > 100);
  }
  cairo_surface_destroy(s);
  assert_int_equal(test_count_entries(fx->dir, ".contact"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_text_layer, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fonts_embedded_subset, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
      cmocka_unit_test_setup_teardown(test_subset_size, setup, teardown),
      cmocka_unit_test_setup_teardown(test_reproducible, setup, teardown),
      cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_images, setup, teardown),
      cmocka_unit_test_setup_teardown(test_subset_threads_same, setup, teardown),
      cmocka_unit_test_setup_teardown(test_qr_modules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_png_svg, setup, teardown),
      cmocka_unit_test_setup_teardown(test_subset_glyphs_match, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_boxes_xref, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_folder, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_write_keeps_old, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_stdout, setup, teardown),
      cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
      cmocka_unit_test_setup_teardown(test_sheets, setup, teardown),
      cmocka_unit_test_setup_teardown(test_contact_sheet, setup, teardown),
  };
  test_data_dir();
  if (system("pdftotext -v >/dev/null 2>&1") != 0) {
    fprintf(stderr, "test_render: poppler-utils not installed; skipped\n");
    return 0;
  }
  return cmocka_run_group_tests(tests, NULL, NULL);
}
