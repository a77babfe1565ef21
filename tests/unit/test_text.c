/* test_text.c — text.c with the installed Noto CJK fonts: Chinese text
 * breaks into lines that fit, line pitch is the style's, no source text
 * is lost between runs, cluster maps cover every byte and glyph, spans
 * pick the right faces (bold file, emphasis face, code, link colour),
 * alignment and justification, fallback warnings, and two contexts in two
 * threads.  The layout struct is filled by hand (no layout file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "text.h"
#include "util.h"
#include "test_util.h"

static layout_style body_style = {
    .name = "body",
    .family = "Noto Serif CJK SC",
    .size = 10,
    .weight = 400,
    .line_height = 1.7,
    .align = LAYOUT_ALIGN_JUSTIFY,
    .color = 0x222222,
};

static layout test_layout = {
    .name = "test",
    .lang = "zh-Hans",
    .code_family = "Noto Sans Mono CJK SC",
    .accent = 0x1a5fb4,
    .cjk_latin_space = 0.25,
    .hyphenate = 1,
    .word_space_max = 0.8,
    .styles = &body_style,
    .n_styles = 1,
};

static const char *para_zh =
    "开源社区的线下聚会，是开发者交流经验、结识同行的好机会。本次活动邀请了"
    "三位讲师，分享他们在大型网站架构、数据库优化和前端工程化方面的实践，"
    "欢迎大家踊跃报名参加。";

static int setup(void **state) {
  test_data_dir();
  text_ctx *t = text_new(&test_layout);
  assert_non_null(t);
  *state = t;
  return 0;
}

static int teardown(void **state) {
  text_free(*state);
  return 0;
}

static doc_text plain(const char *s) {
  doc_text d = {(char *)s, NULL, 0};
  return d;
}

/* Append s to d with flags (a span when flags != 0).  Like
 * doc_text_append, kept here so the test does not need document.c. */
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

/* Concatenation of every run's text over all lines.  Caller frees. */
static char *para_text(const text_para *p) {
  strbuf b = {0};
  sb_add(&b, "");
  for (size_t i = 0; i < p->n_lines; i++)
    for (size_t k = 0; k < p->lines[i].n_runs; k++)
      sb_addn(&b, p->lines[i].runs[k].utf8, p->lines[i].runs[k].n_bytes);
  return sb_take(&b);
}

/* Every run's cluster map covers its bytes and glyphs exactly. */
static void check_clusters(const text_para *p) {
  for (size_t i = 0; i < p->n_lines; i++)
    for (size_t k = 0; k < p->lines[i].n_runs; k++) {
      const text_run *r = &p->lines[i].runs[k];
      size_t nb = 0, ng = 0;
      for (size_t c = 0; c < r->n_clusters; c++) {
        assert_true(r->clusters[c].n_bytes > 0 || r->clusters[c].n_glyphs > 0);
        nb += (size_t)r->clusters[c].n_bytes;
        ng += (size_t)r->clusters[c].n_glyphs;
      }
      assert_int_equal(nb, r->n_bytes);
      assert_int_equal(ng, r->n_glyphs);
      assert_int_equal(strlen(r->utf8), r->n_bytes);
    }
}

static const text_run *run_containing(const text_para *p, const char *s) {
  for (size_t i = 0; i < p->n_lines; i++)
    for (size_t k = 0; k < p->lines[i].n_runs; k++)
      if (strstr(p->lines[i].runs[k].utf8, s))
        return &p->lines[i].runs[k];
  return NULL;
}

static double line_right(const text_line *ln) {
  double r = 0;
  for (size_t k = 0; k < ln->n_runs; k++) {
    const text_run *run = &ln->runs[k];
    for (size_t g = 0; g < run->n_glyphs; g++)
      if (run->x + run->glyphs[g].x > r)
        r = run->x + run->glyphs[g].x;
  }
  return r;
}

static void test_breaks_chinese(void **state) {
  text_ctx *t = *state;
  doc_text d = plain(para_zh);
  double width = 150;
  text_para *p = text_layout(t, &d, &body_style, width, 20);
  assert_non_null(p);
  assert_true(p->n_lines >= 4);
  double h = 0;
  for (size_t i = 0; i < p->n_lines; i++) {
    const text_line *ln = &p->lines[i];
    assert_true(ln->width <= width + 1e-6);
    assert_float_equal(ln->height, 1.7 * 10, 1e-9);
    assert_true(ln->ascent > 5 && ln->ascent < 15);
    assert_true(ln->descent > 0 && ln->descent < 5);
    assert_int_equal(ln->last, i + 1 == p->n_lines);
    h += ln->height;
  }
  assert_float_equal(p->height, h, 1e-9);
  /* first-line indent: the first glyph starts 20 pt in */
  assert_float_equal(p->lines[0].runs[0].x, 20, 1e-6);
  char *all = para_text(p);
  assert_string_equal(all, para_zh);
  free(all);
  check_clusters(p);
  /* justified: every line but the last ends flush right (the last glyph
   * of a 10 pt CJK line starts 10 pt before the edge, punctuation aside) */
  for (size_t i = 0; i + 1 < p->n_lines; i++)
    assert_float_equal(line_right(&p->lines[i]), width - 10, 0.6);
  text_para_free(p);
}

static void test_fonts_and_bold(void **state) {
  text_ctx *t = *state;
  const char *s = "常规文字和粗体文字";
  doc_span sp = {15, 27, DOC_BOLD, NULL}; /* 和粗体文 */
  doc_text d = {(char *)s, &sp, 1};
  text_para *p = text_layout(t, &d, &body_style, 400, 0);
  assert_int_equal(p->n_lines, 1);
  const text_run *reg = run_containing(p, "常规");
  const text_run *bold = run_containing(p, "粗体");
  assert_non_null(reg);
  assert_non_null(bold);
  assert_int_not_equal(reg->font, bold->font);
  assert_int_equal(bold->flags & DOC_BOLD, DOC_BOLD);
  size_t n;
  const text_font *f = text_fonts(t, &n);
  assert_true(n >= 2);
  assert_non_null(strstr(f[reg->font].file, "NotoSerifCJK-Regular.ttc"));
  assert_non_null(strstr(f[bold->font].file, "NotoSerifCJK-Bold.ttc"));
  assert_true(f[reg->font].index > 0); /* the SC face, not the first (JP) */
  assert_int_equal(f[reg->font].index, f[bold->font].index);
  assert_string_equal(f[reg->font].family, "Noto Serif CJK SC");
  char *all = para_text(p);
  assert_string_equal(all, s);
  free(all);
  check_clusters(p);
  /* 9 Han characters at 10 pt are 90 pt: unhinted, unrounded advances */
  assert_float_equal(p->lines[0].width, 90, 1e-6);
  text_para_free(p);
}

static void test_spans(void **state) {
  text_ctx *t = *state;
  /* emphasis on CJK and Latin, a link, code, small, strike */
  doc_text d = {0};
  append(&d, "请看", 0, NULL);
  append(&d, "重点 key point", DOC_EMPH, NULL);
  append(&d, "和", 0, NULL);
  append(&d, "官网", DOC_LINK, "https://example.org/");
  append(&d, "与", 0, NULL);
  append(&d, "另一个", DOC_LINK, "#talk-2");
  append(&d, "，运行", 0, NULL);
  append(&d, "make run", DOC_CODE, NULL);
  append(&d, "。", 0, NULL);
  append(&d, "旧", DOC_STRIKE, NULL);
  append(&d, "小字", DOC_SMALL, NULL);
  text_para *p = text_layout(t, &d, &body_style, 500, 0);
  char *all = para_text(p);
  assert_string_equal(all, d.text);
  free(all);
  check_clusters(p);
  size_t n;
  const text_font *f = text_fonts(t, &n);
  const text_run *body = run_containing(p, "请看");
  const text_run *em = run_containing(p, "重点");
  const text_run *latin = run_containing(p, "key");
  assert_non_null(em);
  assert_non_null(latin);
  /* CJK emphasis: another face (Kai if installed, else the Hei face) */
  assert_string_not_equal(f[em->font].file, f[body->font].file);
  assert_float_equal(em->slant, 0, 1e-9);
  /* Latin emphasis: italic, synthetic in Noto CJK (no italic face) */
  assert_true(latin->slant > 0.1);
  const text_run *link = run_containing(p, "官网");
  assert_non_null(link);
  assert_string_equal(link->utf8, "官网"); /* split at span boundaries */
  assert_string_equal(link->url, "https://example.org/");
  assert_int_equal(link->color, 0x1a5fb4);
  assert_int_equal(body->color, 0x222222);
  const text_run *link2 = run_containing(p, "另一个");
  assert_string_equal(link2->utf8, "另一个");
  assert_string_equal(link2->url, "#talk-2");
  const text_run *code = run_containing(p, "make");
  assert_non_null(strstr(f[code->font].family, "Mono"));
  assert_float_equal(code->size, 9, 0.01);
  const text_run *strike = run_containing(p, "旧");
  assert_string_equal(strike->utf8, "旧");
  assert_true(strike->flags & DOC_STRIKE);
  const text_run *small = run_containing(p, "小字");
  assert_float_equal(small->size, 8.5, 0.01);
  text_para_free(p);
  free_text(&d);
}

static void test_hard_break_and_latin(void **state) {
  text_ctx *t = *state;
  const char *s = "第一行\nSupercalifragilisticexpialidocious-and-a-long-url "
                  "https://example.org/a/very/long/path/that/does/not/fit";
  doc_text d = plain(s);
  text_para *p = text_layout(t, &d, &body_style, 80, 0);
  assert_true(p->n_lines >= 4);
  assert_int_equal(p->lines[0].last, 1); /* before the hard break */
  for (size_t i = 0; i < p->n_lines; i++)
    assert_true(p->lines[i].width <= 80 + 1e-6);
  /* no text lost and no hyphen added; only the newline is not in a run */
  char *all = para_text(p);
  const char *nl = strchr(s, '\n');
  assert_int_equal(strlen(all), strlen(s) - 1);
  assert_memory_equal(all, s, (size_t)(nl - s));
  assert_string_equal(all + (nl - s), nl + 1);
  free(all);
  check_clusters(p);
  text_para_free(p);
}

static void test_align(void **state) {
  text_ctx *t = *state;
  layout_style st = body_style;
  doc_text d = plain("居中");
  st.align = LAYOUT_ALIGN_CENTER;
  text_para *p = text_layout(t, &d, &st, 100, 0);
  assert_float_equal(p->lines[0].runs[0].x, 40, 1e-6);
  assert_float_equal(p->lines[0].width, 20, 1e-6);
  text_para_free(p);
  st.align = LAYOUT_ALIGN_RIGHT;
  p = text_layout_plain(t, "12", &st, 100);
  assert_float_equal(p->lines[0].runs[0].x + p->lines[0].width, 100, 1e-6);
  text_para_free(p);
  /* justified last line stays left */
  st.align = LAYOUT_ALIGN_JUSTIFY;
  p = text_layout(t, &d, &st, 100, 0);
  assert_float_equal(p->lines[0].runs[0].x, 0, 1e-6);
  assert_float_equal(p->lines[0].runs[0].glyphs[1].x, 10, 1e-6);
  text_para_free(p);
  doc_text e = plain("十个汉字十个汉字十个");
  assert_float_equal(text_natural_width(t, &e, &st), 100, 1e-6);
  doc_text empty = plain("");
  p = text_layout(t, &empty, &st, 100, 0);
  assert_int_equal(p->n_lines, 1);
  assert_int_equal(p->lines[0].n_runs, 0);
  assert_float_equal(p->height, 17, 1e-9);
  text_para_free(p);
}

static void test_missing_family(void **state) {
  text_ctx *t = *state;
  layout_style st = body_style;
  st.family = "No Such Family Anywhere, Noto Serif CJK SC";
  doc_text d = plain("字");
  diag_capture(1);
  text_para *p = text_layout(t, &d, &st, 100, 0);
  text_para_free(p);
  p = text_layout(t, &d, &st, 100, 0);
  text_para_free(p);
  const char *msg = diag_captured();
  const char *hit = strstr(msg, "No Such Family Anywhere");
  assert_non_null(hit);
  assert_null(strstr(hit + 1, "No Such Family Anywhere")); /* once */
  assert_non_null(strstr(msg, "Noto Serif CJK SC"));
  diag_capture(0);
}

/* The same paragraph asked for again (flow's measuring and placing, the
 * second pass for the contents) is the same shared paragraph; any
 * difference in what it depends on gives another one. */
static void test_cache(void **state) {
  text_ctx *t = *state;
  doc_text d = plain(para_zh);
  text_para *a = text_layout(t, &d, &body_style, 200, 10);
  text_para *b = text_layout(t, &d, &body_style, 200, 10);
  assert_ptr_equal(a, b);
  /* an equal copy of the text and of the style hits too */
  char *copy = strdup(para_zh);
  doc_text d2 = plain(copy);
  layout_style st = body_style;
  text_para *c = text_layout(t, &d2, &st, 200, 10);
  assert_ptr_equal(a, c);
  /* width, indent, style and spans each make a different paragraph */
  text_para *w = text_layout(t, &d, &body_style, 180, 10);
  text_para *i = text_layout(t, &d, &body_style, 200, 0);
  st.size += 1;
  text_para *z = text_layout(t, &d, &st, 200, 10);
  doc_text bold = {0};
  append(&bold, para_zh, DOC_BOLD, NULL);
  text_para *o = text_layout(t, &bold, &body_style, 200, 10);
  assert_true(a != w && a != i && a != z && a != o && w != i);
  assert_true(w->n_lines > a->n_lines || w->lines[0].width < 200);
  /* links key on their targets; the runs keep their own copies, so a
   * paragraph outlives the text it was made from (a fuzzer found runs
   * pointing at a freed text's URL when a later text reused its address) */
  doc_text l1 = {0}, l2 = {0}, l3 = {0};
  append(&l1, "官网", DOC_LINK, "https://example.org/");
  append(&l2, "官网", DOC_LINK, "https://example.org/");
  append(&l3, "官网", DOC_LINK, "https://example.org/other");
  text_para *p1 = text_layout(t, &l1, &body_style, 200, 0);
  doc_text_free(&l1);
  text_para *p2 = text_layout(t, &l2, &body_style, 200, 0);
  text_para *p3 = text_layout(t, &l3, &body_style, 200, 0);
  assert_ptr_equal(p1, p2);
  assert_true(p1 != p3);
  assert_string_equal(p2->lines[0].runs[0].url, "https://example.org/");
  assert_true(p2->lines[0].runs[0].url != l2.spans[0].url);
  assert_string_equal(p3->lines[0].runs[0].url, "https://example.org/other");
  /* each caller frees its own; the context frees the last reference */
  text_para *all[] = {a, b, c, w, i, z, o, p1, p2, p3};
  for (size_t k = 0; k < sizeof all / sizeof *all; k++)
    text_para_free(all[k]);
  assert_int_equal(a->n_lines, b->n_lines); /* still alive: the cache's */
  free(copy);
  doc_text_free(&bold);
  doc_text_free(&l2);
  doc_text_free(&l3);
}

/* Two contexts laying out at the same time (batch -j). */
static void *thread_body(void *arg) {
  (void)arg;
  text_ctx *t = text_new(&test_layout);
  if (!t)
    return "no context";
  const char *res = NULL;
  for (int k = 0; k < 20 && !res; k++) {
    doc_text d = plain(para_zh);
    text_para *p = text_layout(t, &d, &body_style, 120, 0);
    char *all = para_text(p);
    if (strcmp(all, para_zh))
      res = "text lost";
    free(all);
    text_para_free(p);
  }
  text_free(t);
  return (void *)res;
}

static void test_threads(void **state) {
  (void)state;
  pthread_t th[3];
  for (int i = 0; i < 3; i++)
    assert_int_equal(pthread_create(&th[i], NULL, thread_body, NULL), 0);
  for (int i = 0; i < 3; i++) {
    void *r;
    pthread_join(th[i], &r);
    assert_null(r);
  }
}


/* ---- composition (clreq) -------------------------------------------- */

/* Text of line i.  Caller frees. */
static char *line_text(const text_line *ln) {
  strbuf b = {0};
  sb_add(&b, "");
  for (size_t k = 0; k < ln->n_runs; k++)
    sb_addn(&b, ln->runs[k].utf8, ln->runs[k].n_bytes);
  return sb_take(&b);
}

/* First and last character of a line (trailing spaces skipped). */
static void line_ends(const text_line *ln, uint32_t *first, uint32_t *last) {
  char *s = line_text(ln);
  size_t n = strlen(s), len;
  while (n && s[n - 1] == ' ')
    n--;
  *first = *last = 0;
  for (size_t i = 0; i < n; i += len) {
    uint32_t c = utf8_decode(s + i, n - i, &len);
    if (!*first)
      *first = c;
    *last = c;
  }
  free(s);
}

static int closing(uint32_t c) {
  static const char *set = "，。、．：；？！）］｝〕〉》」』】〗”’…—,.;:?!)]}%";
  size_t len;
  for (const char *p = set; *p; p += len)
    if (utf8_decode(p, strlen(p), &len) == c)
      return 1;
  return 0;
}

static int opening(uint32_t c) {
  static const char *set = "（［｛〔〈《「『【〖“‘([{";
  size_t len;
  for (const char *p = set; *p; p += len)
    if (utf8_decode(p, strlen(p), &len) == c)
      return 1;
  return 0;
}

/* Right edge of a line's ink: the end of its last run, or the start of
 * its trailing space (a line broken after a space keeps it in its text). */
static double ink_right(const text_line *ln) {
  const text_run *r = &ln->runs[ln->n_runs - 1];
  if (r->n_bytes && r->utf8[r->n_bytes - 1] == ' ' && r->n_glyphs)
    return r->x + r->glyphs[r->n_glyphs - 1].x;
  return r->x + r->width;
}

/* Left edge of the first glyph and right edge (pen + advance is not
 * stored: the last glyph's x plus an em for CJK) of every glyph. */
typedef struct gpos {
  double x;      /* glyph x from the line's left edge */
  uint32_t c;    /* its character (first of its cluster) */
} gpos;

/* Glyph positions of a line in visual order with their characters. */
static gpos *line_glyphs(const text_line *ln, size_t *n) {
  gpos *g = NULL;
  size_t cnt = 0, cap = 0;
  for (size_t k = 0; k < ln->n_runs; k++) {
    const text_run *r = &ln->runs[k];
    size_t b = 0, gi = 0;
    for (size_t c = 0; c < r->n_clusters; c++) {
      size_t len;
      uint32_t ch = utf8_decode(r->utf8 + b, r->n_bytes - b, &len);
      for (int q = 0; q < r->clusters[c].n_glyphs; q++, gi++) {
        gpos p = {r->x + r->glyphs[gi].x, ch};
        VEC_PUSH(g, cnt, cap, p);
      }
      b += (size_t)r->clusters[c].n_bytes;
    }
  }
  *n = cnt;
  return g;
}

/* x of the glyph of character c (the first), or -1. */
static double x_of(const text_line *ln, uint32_t c) {
  size_t n;
  gpos *g = line_glyphs(ln, &n);
  double x = -1;
  for (size_t i = 0; i < n; i++)
    if (g[i].c == c) {
      x = g[i].x;
      break;
    }
  free(g);
  return x;
}

static const char *dense_zh =
    "排版这件事，说难不难，说易不易：一行字里只要有一个逗号跑到了行首，"
    "读者就会觉得“这本册子不太讲究”。所以我们要检查的，不只是“字对不对”，"
    "还有“字放在哪里”——每一个句号、顿号、引号、括号（包括半角的和全角的）"
    "都得待在它该待的位置上。有人问：为什么？答案很简单！「他说：『明天见。』」"
    "括号连在一起：“（上午）（下午）”，还有《书名》，《另一本书》。"
    "最后再来一串省略号……以及一串破折号——看它们会不会被拆开。";

/* No line starts with closing or ends with opening punctuation, at every
 * width from 5 to 30 characters, and every line but the last of a
 * justified paragraph ends flush right. */
static void test_prohibition(void **state) {
  text_ctx *t = *state;
  doc_text d = plain(dense_zh);
  for (double w = 50; w <= 300; w += 3.5) {
    text_para *p = text_layout(t, &d, &body_style, w, 20);
    char *all = para_text(p);
    assert_string_equal(all, dense_zh);
    free(all);
    check_clusters(p);
    for (size_t i = 0; i < p->n_lines; i++) {
      uint32_t a, b;
      line_ends(&p->lines[i], &a, &b);
      if (closing(a) || opening(b))
        fail_msg("width %.1f line %zu starts U+%04X ends U+%04X", w, i,
                 (unsigned)a, (unsigned)b);
      assert_true(p->lines[i].width <= w + 0.01);
      if (i + 1 < p->n_lines) {
        double r = ink_right(&p->lines[i]);
        if (fabs(r - w) > 0.5)
          fail_msg("width %.1f line %zu ends at %.2f", w, i, r);
      }
    }
    text_para_free(p);
  }
}

/* A quarter em between Han and Latin letters or digits, whether or not
 * the source had a space, and never twice. */
static void test_cjk_latin_space(void **state) {
  text_ctx *t = *state;
  layout_style st = body_style;
  st.align = LAYOUT_ALIGN_LEFT;
  const char *forms[] = {"在2024年用Go", "在 2024 年用 Go", "在  2024  年用   Go"};
  double x2[3], xn[3], xg[3];
  for (int i = 0; i < 3; i++) {
    doc_text d = plain(forms[i]);
    text_para *p = text_layout(t, &d, &st, 300, 0);
    assert_int_equal(p->n_lines, 1);
    char *all = para_text(p);
    assert_string_equal(all, forms[i]); /* the text is the source's */
    free(all);
    x2[i] = x_of(&p->lines[0], '2');
    xn[i] = x_of(&p->lines[0], 0x5E74); /* 年 */
    xg[i] = x_of(&p->lines[0], 'G');
    text_para_free(p);
  }
  /* 在 is 10 pt wide: 2 starts a quarter em after it */
  assert_float_equal(x2[0], 12.5, 0.01);
  for (int i = 1; i < 3; i++) {
    assert_float_equal(x2[i], x2[0], 0.01);
    assert_float_equal(xn[i], xn[0], 0.01);
    assert_float_equal(xg[i], xg[0], 0.01);
  }
  /* 年 a quarter em after the 4 digits */
  assert_true(xn[0] - x2[0] > 2.5);
  /* no space between Han and punctuation or inside Latin words */
  doc_text d = plain("用Kubernetes。");
  text_para *p = text_layout(t, &d, &st, 300, 0);
  double xk = x_of(&p->lines[0], 'K');
  assert_float_equal(xk, 12.5, 0.01);
  text_para_free(p);
  /* code keeps what it was given */
  layout_style code = st;
  code.name = "code";
  d = plain("在2024年");
  p = text_layout(t, &d, &code, 300, 0);
  assert_float_equal(x_of(&p->lines[0], '2'), 10, 0.01);
  text_para_free(p);
}

/* Adjacent full-width punctuation takes 1.5 em, not 2; split by a line
 * break, each keeps its full em. */
static void test_compression(void **state) {
  text_ctx *t = *state;
  layout_style st = body_style;
  st.align = LAYOUT_ALIGN_LEFT;
  struct {
    const char *s;
    double w;
  } cases[] = {{"字。」字", 35}, {"字」，字", 35}, {"字，（字", 35},
               {"字（「字", 35}, {"字。」』字", 40}, {"字字", 20}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    doc_text d = plain(cases[i].s);
    text_para *p = text_layout(t, &d, &st, 300, 0);
    if (fabs(p->lines[0].width - cases[i].w) > 0.01)
      fail_msg("%s: width %.2f, want %.2f", cases[i].s, p->lines[0].width,
               cases[i].w);
    text_para_free(p);
  }
  /* the opening bracket's glyph moves left by its blank half */
  doc_text d = plain("字（「字");
  text_para *p = text_layout(t, &d, &st, 300, 0);
  assert_float_equal(x_of(&p->lines[0], 0x300C), 15, 0.01);
  text_para_free(p);
  /* split between ， and （: the comma ends its line a full em wide */
  d = plain("一二三四五，（六七）");
  p = text_layout(t, &d, &body_style, 60, 0);
  assert_true(p->n_lines >= 2);
  uint32_t a, b;
  line_ends(&p->lines[0], &a, &b);
  assert_int_equal(b, 0xFF0C);
  assert_float_equal(p->lines[0].width, 60, 0.01);
  line_ends(&p->lines[1], &a, &b);
  assert_int_equal(a, 0xFF08);
  assert_float_equal(x_of(&p->lines[1], 0xFF08), 0, 0.01);
  text_para_free(p);
}

/* Largest distance between the starts of two neighbouring glyphs in a
 * line, beyond the first glyph's natural 10 pt em, over all lines. */
static double widest_gap(const text_para *p, size_t upto) {
  double worst = 0;
  for (size_t i = 0; i < upto; i++) {
    size_t n;
    gpos *g = line_glyphs(&p->lines[i], &n);
    for (size_t k = 0; k + 1 < n; k++) {
      double d = g[k + 1].x - g[k].x;
      if (d > worst)
        worst = d;
    }
    free(g);
  }
  return worst;
}

/* A long URL or word pushed to the next line must not leave the line
 * before spaced out: a word wider than the line is broken where the line
 * is full, a URL after / . - ? & = (the line may then end short). */
static void test_long_words_fill(void **state) {
  text_ctx *t = *state;
  const char *s = "完整的报名说明请见https://example.org/events/typesetting/"
                  "2025/registration/instructions-for-participants.html，"
                  "还有一个很长的词Supercalifragilisticexpialidocious"
                  "andantidisestablishmentarianism也要断开。";
  doc_text d = plain(s);
  text_para *p = text_layout(t, &d, &body_style, 200, 0);
  char *all = para_text(p);
  assert_string_equal(all, s);
  free(all);
  for (size_t i = 0; i + 1 < p->n_lines; i++) {
    double right = ink_right(&p->lines[i]);
    char *ln = line_text(&p->lines[i]);
    char last = ln[strlen(ln) - 1];
    /* a word wider than the line is never letter-spaced: the line with
     * its end may fall short by less than an em */
    int word = strlen(ln) > 20 && !strchr(ln, ' ') &&
               !strchr(ln + strlen(ln) - 20, '/');
    if (fabs(right - 200) > 0.5 && !strchr("/.-?&=", last) &&
        !(word && right > 190))
      fail_msg("line %zu ends at %.2f: %s", i, right, ln);
    free(ln);
  }
  /* no glyph more than an em and a half from the one before it */
  assert_true(widest_gap(p, p->n_lines) < 15);
  text_para_free(p);
  /* English: spaces stretch, letters never */
  const char *en = "A justified English line must stretch its spaces, not "
                   "its letters: internationalization and interoperability "
                   "are long words that do not fit everywhere.";
  d = plain(en);
  p = text_layout(t, &d, &body_style, 180, 0);
  for (size_t i = 0; i + 1 < p->n_lines; i++)
    assert_float_equal(ink_right(&p->lines[i]), 180, 0.5);
  assert_true(widest_gap(p, p->n_lines) < 25);
  text_para_free(p);
}

/* Justified Chinese in a frame 15 characters wide or more: the stretch
 * between Han characters stays within a tenth of an em, so the text
 * layer has no spaces between them; and the last line is never a single
 * character. */
static void test_justify_between_chars(void **state) {
  text_ctx *t = *state;
  for (double w = 150; w <= 330; w += 7) {
    doc_text d = plain(para_zh);
    text_para *p = text_layout(t, &d, &body_style, w, 20);
    for (size_t i = 0; i + 1 < p->n_lines; i++) {
      size_t n;
      gpos *g = line_glyphs(&p->lines[i], &n);
      for (size_t k = 0; k + 1 < n; k++)
        if (utf8_is_han(g[k].c) && utf8_is_han(g[k + 1].c) &&
            g[k + 1].x - g[k].x > 11.0)
          fail_msg("width %.0f line %zu: %.2f pt between Han", w, i,
                   g[k + 1].x - g[k].x);
      free(g);
    }
    char *last = line_text(&p->lines[p->n_lines - 1]);
    size_t chars = 0, len;
    for (size_t b = 0; last[b]; b += len)
      chars += utf8_is_han(utf8_decode(last + b, strlen(last + b), &len));
    if (p->n_lines > 1 && chars < 2)
      fail_msg("width %.0f: last line '%s'", w, last);
    free(last);
    text_para_free(p);
  }
}

/* Headings in balanced lines: as many as greedy breaking gives, broken
 * after punctuation and at spaces before phrases are split, and never a
 * lone last character. */
static size_t utf8_count(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static void test_balance(void **state) {
  text_ctx *t = *state;
  layout_style st = body_style, greedy;
  st.name = "cover-title";
  st.family = "Noto Sans CJK SC";
  st.size = 24;
  st.weight = 700;
  st.line_height = 1.3;
  st.align = LAYOUT_ALIGN_LEFT;
  greedy = st;
  st.balance = 1;
  const char *title = "锦城开源数据库 Meetup 第 12 期：云原生时代的存储与高可用";
  doc_text d = plain(title);
  for (double w = 120; w <= 520; w += 7) {
    text_para *g = text_layout(t, &d, &greedy, w, 0);
    text_para *p = text_layout(t, &d, &st, w, 0);
    assert_int_equal(p->n_lines, g->n_lines);
    char *all = para_text(p);
    assert_string_equal(all, title);
    free(all);
    for (size_t i = 0; i < p->n_lines; i++)
      assert_true(p->lines[i].width <= w + 0.01);
    if (p->n_lines > 1) {
      char *last = line_text(&p->lines[p->n_lines - 1]);
      if (utf8_count(last) < 2)
        fail_msg("width %.0f: last line '%s'", w, last);
      free(last);
    }
    text_para_free(g);
    text_para_free(p);
  }
  /* the cover of an A5 booklet: 330 pt */
  text_para *p = text_layout(t, &d, &st, 330, 0);
  assert_int_equal(p->n_lines, 3);
  const char *want[] = {"锦城开源数据库 ", "Meetup 第 12 期：", "云原生时代的存储与高可用"};
  for (size_t i = 0; i < 3; i++) {
    char *ln = line_text(&p->lines[i]);
    assert_string_equal(ln, want[i]);
    free(ln);
  }
  text_para_free(p);
  /* "第 5 站" stays one phrase: the break goes after the separator */
  doc_text d2 = plain("可观测性工作坊 · 第 5 站：从日志到链路追踪");
  p = text_layout(t, &d2, &st, 330, 0);
  assert_int_equal(p->n_lines, 2);
  char *l2 = line_text(&p->lines[1]);
  assert_string_equal(l2, "第 5 站：从日志到链路追踪");
  free(l2);
  text_para_free(p);
}


/* Han–Latin space only where both neighbours are letters or digits: not
 * next to - & / + : or brackets; a source space beside full-width
 * punctuation is dropped. */
static void test_spacing_rules(void **state) {
  text_ctx *t = *state;
  layout_style st = body_style;
  st.align = LAYOUT_ALIGN_LEFT;
  struct {
    const char *s;  /* text */
    uint32_t a, b;  /* two characters */
    double dx;      /* distance between their glyphs, pt */
  } cases[] = {
      {"合肥站-SOFA", 0x7AD9 /* 站 */, '-', 10},
      {"微服务/Service", 0x52A1 /* 务 */, '/', 10},
      {"用C++语言", '+', 0x8BED /* 语 */, -1}, /* no space after ++ */
      {"他说：Go很好", 0xFF1A /* ： */, 'G', 10},
      {"结束。 Next", 0x3002 /* 。 */, 'N', 10}, /* the space dropped */
      {"用Go写", 0x7528 /* 用 */, 'G', 12.5},  /* a quarter em */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    doc_text d = plain(cases[i].s);
    text_para *p = text_layout(t, &d, &st, 300, 0);
    assert_int_equal(p->n_lines, 1);
    char *all = para_text(p);
    assert_string_equal(all, cases[i].s); /* the text layer is the source */
    free(all);
    double xa = x_of(&p->lines[0], cases[i].a);
    double xb = x_of(&p->lines[0], cases[i].b);
    assert_true(xa >= 0 && xb > xa);
    if (cases[i].dx > 0 && fabs(xb - xa - cases[i].dx) > 0.05)
      fail_msg("'%s': %.2f pt, not %.2f", cases[i].s, xb - xa, cases[i].dx);
    if (cases[i].dx < 0) {
      /* the glyph right after ++ starts where the second + ends */
      size_t n;
      gpos *g = line_glyphs(&p->lines[0], &n);
      for (size_t k = 0; k + 1 < n; k++)
        if (g[k].c == '+' && g[k + 1].c == 0x8BED)
          assert_true(g[k + 1].x - g[k].x < 7);
      free(g);
    }
    text_para_free(p);
  }
}

/* Byte offsets of the text where the lines of p break (the text of the
 * lines before each).  *n gets their count.  Caller frees. */
static size_t *breaks_of(const text_para *p, size_t *n) {
  size_t *at = malloc((p->n_lines ? p->n_lines : 1) * sizeof *at), off = 0;
  *n = 0;
  for (size_t i = 0; i + 1 < p->n_lines; i++) {
    char *ln = line_text(&p->lines[i]);
    off += strlen(ln);
    at[(*n)++] = off;
    free(ln);
  }
  return at;
}

/* A URL breaks only after / . - ? & = (no hyphen added), at every width. */
static void test_url_breaks(void **state) {
  text_ctx *t = *state;
  const char *s = "报名请见 https://example.org/events/typesetting-day/2025/"
                  "register?track=composition&lang=zh 或发邮件。";
  size_t u0 = (size_t)(strstr(s, "https") - s), u1 = (size_t)(strstr(s, " 或") - s);
  doc_text d = plain(s);
  for (double w = 120; w <= 300; w += 9) {
    text_para *p = text_layout(t, &d, &body_style, w, 0);
    char *all = para_text(p);
    assert_string_equal(all, s); /* nothing added, nothing lost */
    free(all);
    size_t n, *at = breaks_of(p, &n);
    for (size_t k = 0; k < n; k++)
      if (at[k] > u0 && at[k] < u1 && !strchr("/.-?&=", s[at[k] - 1]))
        fail_msg("width %.0f: a break after '%.8s'", w, s + at[k] - 8);
    free(at);
    text_para_free(p);
  }
}

/* A number keeps its unit: "100 ms" and "3 月" are never split. */
static void test_units_together(void **state) {
  text_ctx *t = *state;
  const char *s = "延迟从 100 ms 降到 11 ms，内存从 4 GB 降到 2 GB，"
                  "活动在 3 月 15 日举行，可用性达到 99.95 % 以上。";
  static const char *const units[] = {"ms", "GB", "%", "月", "日"};
  doc_text d = plain(s);
  for (double w = 60; w <= 250; w += 3) {
    text_para *p = text_layout(t, &d, &body_style, w, 0);
    size_t n, *at = breaks_of(p, &n);
    for (size_t k = 0; k < n; k++) {
      size_t b = at[k], e = b;
      while (e > 0 && s[e - 1] == ' ')
        e--;
      const char *next = s + b;
      while (*next == ' ')
        next++;
      int digit = e > 0 && s[e - 1] >= '0' && s[e - 1] <= '9';
      for (size_t u = 0; digit && u < sizeof units / sizeof *units; u++)
        if (!strncmp(next, units[u], strlen(units[u])))
          fail_msg("width %.0f: '%.*s' | '%s'", w, (int)b, s, next);
    }
    free(at);
    text_para_free(p);
  }
}

/* A running head wider than its line is shortened at a clause or word
 * boundary with an ellipsis; one that fits is left alone. */
static void test_fit(void **state) {
  text_ctx *t = *state;
  layout_style st = body_style;
  st.align = LAYOUT_ALIGN_LEFT;
  st.size = 7.5;
  const char *title = "Typesetting Stress Day: Extraordinarily Long Words, "
                      "Quotes, Dashes and URLs in One Narrow Column of Text";
  char *same = text_fit(t, "短标题 Short", &st, 300);
  assert_string_equal(same, "短标题 Short");
  free(same);
  for (double w = 60; w <= 300; w += 20) {
    char *f = text_fit(t, title, &st, w);
    doc_text d = plain(f);
    assert_true(text_natural_width(t, &d, &st) <= w + 0.01);
    size_t n = strlen(f);
    assert_true(n > 3 && !strcmp(f + n - 3, "\u2026"));
    /* a prefix of the title, cut before a space or after a clause mark */
    assert_int_equal(strncmp(f, title, n - 3), 0);
    char after = title[n - 3];
    if (n - 3 > 12 && !strchr(" ,:;", after))
      fail_msg("width %.0f: cut inside a word: %s", w, f);
    free(f);
  }
  /* Chinese: between characters, after the colon when it keeps most */
  char *zh = text_fit(t, "锦城开源数据库 Meetup 第 12 期：云原生时代的存储与高可用", &st,
                      150);
  doc_text d = plain(zh);
  assert_true(text_natural_width(t, &d, &st) <= 150.01);
  assert_non_null(strstr(zh, "\u2026"));
  free(zh);
}

/* English text as English: a Latin face first, hyphenated justified
 * lines with a hyphen drawn (a soft hyphen in the text layer), word
 * spaces stretched but never the letters of a word, smart quotes. */
static void test_english(void **state) {
  (void)state;
  layout_style st = body_style;
  st.family = "Noto Serif, Noto Serif CJK SC";
  layout l = test_layout;
  l.lang = "en";
  l.hyphenate = 1;
  l.word_space_max = 0.8;
  l.styles = &st;
  text_ctx *t = text_new(&l);
  assert_non_null(t);
  const char *s = "Every infrastructure team wants to build the clever thing: "
                  "the new consensus layer, the custom scheduler, the storage "
                  "engine that is thirty percent faster on a benchmark nobody "
                  "runs in production. Meanwhile the outages come from expired "
                  "certificates, full disks and a cron job that was moved to a "
                  "different host years ago, and \"it's\" the boring parts "
                  "that matter.";
  doc_text d = plain(s);
  int hyphens = 0;
  for (double w = 150; w <= 300; w += 10) {
    text_para *p = text_layout(t, &d, &st, w, 0);
    check_clusters(p);
    char *all = para_text(p);
    assert_non_null(strstr(all, "\u201cit\u2019s\u201d")); /* smart quotes */
    free(all);
    for (size_t i = 0; i + 1 < p->n_lines; i++) {
      char *ln = line_text(&p->lines[i]);
      size_t n = strlen(ln);
      hyphens += n > 2 && !strcmp(ln + n - 2, "\xC2\xAD");
      free(ln);
    }
    /* the word "consensus" is as wide as it is set alone */
    const text_run *r = run_containing(p, "consensus");
    if (r) {
      size_t at = (size_t)(strstr(r->utf8, "consensus") - r->utf8);
      size_t b = 0, g0 = 0, gi = 0;
      for (size_t c = 0; c < r->n_clusters && b <= at + 8; c++) {
        if (b == at)
          g0 = gi;
        b += (size_t)r->clusters[c].n_bytes;
        gi += (size_t)r->clusters[c].n_glyphs;
      }
      double span = r->glyphs[gi - 1].x - r->glyphs[g0].x;
      doc_text w1 = plain("consensus");
      text_para *q = text_layout_plain(t, "consensus", &st, 0);
      const text_run *qr = &q->lines[0].runs[0];
      double span1 = qr->glyphs[qr->n_glyphs - 1].x - qr->glyphs[0].x;
      (void)w1;
      assert_float_equal(span, span1, 0.01);
      text_para_free(q);
    }
    text_para_free(p);
  }
  assert_true(hyphens > 0);
  text_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_breaks_chinese, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fonts_and_bold, setup, teardown),
      cmocka_unit_test_setup_teardown(test_spans, setup, teardown),
      cmocka_unit_test_setup_teardown(test_hard_break_and_latin, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_align, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_family, setup, teardown),
      cmocka_unit_test(test_threads),
      cmocka_unit_test_setup_teardown(test_cache, setup, teardown),
      cmocka_unit_test_setup_teardown(test_prohibition, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cjk_latin_space, setup, teardown),
      cmocka_unit_test_setup_teardown(test_compression, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_words_fill, setup, teardown),
      cmocka_unit_test_setup_teardown(test_balance, setup, teardown),
      cmocka_unit_test_setup_teardown(test_justify_between_chars, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_spacing_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_url_breaks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_units_together, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fit, setup, teardown),
      cmocka_unit_test(test_english),
  };
  test_data_dir();
  return cmocka_run_group_tests(tests, NULL, NULL);
}
