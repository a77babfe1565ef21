/* test_flow.c — pagination on tiny pages that force breaks: documents
 * built by hand (no Markdown, no extraction), laid out by flow_run on a
 * 200 x 220 pt page whose text frame is 16 body characters wide and 12
 * body lines tall.  The text is measured by text.h's measurer without
 * fonts (text_new_fixed: every character a box one em wide), so that the
 * results do not depend on the fonts installed; one test runs again with
 * the Noto CJK fonts of fonts/ (skipped when there are none).  Checks,
 * for every
 * position a heading or paragraph can fall at: no heading ends a page;
 * no widow or orphan (a split paragraph keeps two lines on each side);
 * talk header groups are never split; tables repeat their header row on
 * every page, never leave it alone at a page foot, and split a row taller
 * than a page inside its cells; list markers align; with the baseline
 * grid, body lines sit on multiples of the body line pitch; sponsor logo
 * grids give every logo the same area, centred in its column, and keep
 * rows whole and tier headings with their first row; the table of block
 * kinds has a row for every kind, a heading stays with the start of a
 * block of each kind at a page foot (its keep height), a text block is
 * measured once a pass, and padding pages carry the document's notes
 * page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "document.h"
#include "document_print.h"
#include "flow.h"
#include "flow_int.h"
#include "text.h"
#include "util.h"
#include "test_util.h"

#define PITCH 15.0 /* body line pitch, pt */
#define TOP 20.0   /* frame top, pt */

static layout_style styles[] = {
    {.name = "body", .family = "Noto Serif CJK SC", .size = 10,
     .weight = 400, .line_height = 1.5, .indent = 2,
     .align = LAYOUT_ALIGN_JUSTIFY},
    {.name = "h2", .family = "Noto Sans CJK SC", .size = 12, .weight = 700,
     .line_height = 1.4, .space_before = 8, .space_after = 4,
     .align = LAYOUT_ALIGN_LEFT, .keep_with_next = 1},
    {.name = "talk-kicker", .family = "Noto Sans CJK SC", .size = 8,
     .weight = 700, .line_height = 1.4, .align = LAYOUT_ALIGN_LEFT,
     .keep_with_next = 1},
    {.name = "talk-title", .family = "Noto Sans CJK SC", .size = 12,
     .weight = 700, .line_height = 1.4, .align = LAYOUT_ALIGN_LEFT,
     .keep_with_next = 1},
    {.name = "talk-speaker", .family = "Noto Sans CJK SC", .size = 9,
     .weight = 400, .line_height = 1.5, .space_after = 6,
     .align = LAYOUT_ALIGN_LEFT, .keep_with_next = 1},
    {.name = "list", .family = "Noto Serif CJK SC", .size = 10,
     .weight = 400, .line_height = 1.5, .align = LAYOUT_ALIGN_JUSTIFY},
    {.name = "table", .family = "Noto Serif CJK SC", .size = 9,
     .weight = 400, .line_height = 1.5, .align = LAYOUT_ALIGN_LEFT},
    {.name = "table-head", .family = "Noto Sans CJK SC", .size = 9,
     .weight = 700, .line_height = 1.5, .align = LAYOUT_ALIGN_LEFT},
    {.name = "sponsor-name", .family = "Noto Sans CJK SC", .size = 7,
     .weight = 400, .line_height = 1.3, .align = LAYOUT_ALIGN_CENTER},
    {.name = "sponsor-text", .family = "Noto Sans CJK SC", .size = 10,
     .weight = 700, .line_height = 1.3, .align = LAYOUT_ALIGN_CENTER},
};

static layout lay = {
    .name = "tiny",
    .page_w = 200,
    .page_h = 220,
    .margin_top = TOP,
    .margin_bottom = 20,
    .margin_inner = 20,
    .margin_outer = 20,
    .lang = "zh-Hans",
    .cjk_latin_space = 0.25,
    .code_family = "Noto Sans Mono CJK SC",
    .accent = 0xa23b2a,
    .rule_color = 0x999999,
    .rule_width = 0.5,
    .styles = styles,
    .n_styles = sizeof styles / sizeof *styles,
    .image_dpi = 150,
};

/* Text measured in boxes one em wide: no fonts. */
static int setup(void **state) {
  text_ctx *t = text_new_fixed(&lay, 1.0);
  assert_non_null(t);
  *state = t;
  return 0;
}

/* The fonts of fonts/ (NULL state when none are installed: the test
 * skips). */
static int setup_fonts(void **state) {
  test_data_dir();
  diag_capture(1); /* a machine without fonts says so; the test skips */
  *state = text_new(&lay);
  diag_capture(0);
  return 0;
}

static int teardown(void **state) {
  text_free(*state);
  return 0;
}

/* ---- building documents ---------------------------------------------- */

static doc_block *block(doc_kind kind, const char *style, const char *text) {
  doc_block *b = xcalloc(1, sizeof *b);
  b->kind = kind;
  b->style = xstrdup(style);
  if (text)
    doc_text_append(&b->text, text, 0, NULL);
  return b;
}

static void add_child(doc_block *parent, doc_block *b) {
  parent->children = xrealloc(parent->children,
                              (parent->n_children + 1) * sizeof *b);
  parent->children[parent->n_children++] = b;
}

/* A document of one plain section (no header, no folio). */
static document *doc_new(void) {
  document *d = xcalloc(1, sizeof *d);
  d->title = xstrdup("test");
  d->lang = xstrdup("zh-Hans");
  d->sections = xcalloc(1, sizeof *d->sections);
  d->n_sections = 1;
  d->sections[0].kind = xstrdup("body");
  d->sections[0].new_page = 1;
  d->sections[0].plain = 1;
  return d;
}

static void add(document *d, doc_block *b) {
  doc_section *s = &d->sections[0];
  s->blocks = xrealloc(s->blocks, (s->n_blocks + 1) * sizeof *s->blocks);
  s->blocks[s->n_blocks++] = b;
}

/* n characters of Chinese text, with a comma now and then, starting with
 * a tag character so that paragraphs can be told apart. */
static char *zh(const char *tag, int n) {
  static const char *words = "排版测试段落文字内容示例";
  strbuf b = {0};
  sb_add(&b, tag);
  for (int i = 1; i < n; i++) {
    size_t len;
    const char *p = words;
    for (int k = 0; k < i % 12; k++) {
      utf8_decode(p, strlen(p), &len);
      p += len;
    }
    utf8_decode(p, strlen(p), &len);
    if (i % 9 == 8)
      sb_add(&b, "，");
    else
      sb_addn(&b, p, len);
  }
  sb_add(&b, "。");
  return sb_take(&b);
}

static doc_block *para(const char *tag, int chars) {
  char *s = zh(tag, chars);
  doc_block *b = block(DOC_PARA, "body", s);
  free(s);
  return b;
}

/* ---- reading results ------------------------------------------------- */

/* Text of a line.  Caller frees. */
static char *text_of(const text_line *ln) {
  strbuf b = {0};
  sb_add(&b, "");
  for (size_t k = 0; k < ln->n_runs; k++)
    sb_addn(&b, ln->runs[k].utf8, ln->runs[k].n_bytes);
  return sb_take(&b);
}

/* The paragraph (index into r->paras) a line belongs to, or -1. */
static long para_of(const flow_result *r, const text_line *ln) {
  for (size_t i = 0; i < r->n_paras; i++) {
    const text_para *p = r->paras[i];
    if (p->n_lines && ln >= p->lines && ln < p->lines + p->n_lines)
      return (long)i;
  }
  return -1;
}

static int starts_with(const text_line *ln, const char *prefix) {
  char *s = text_of(ln);
  int yes = !strncmp(s, prefix, strlen(prefix));
  free(s);
  return yes;
}

/* Last text frame of a page (lowest baseline), or NULL. */
static const frame *last_text(const flow_page *p) {
  const frame *last = NULL;
  for (size_t k = 0; k < p->n_frames; k++) {
    const frame *fr = &p->frames[k];
    if (fr->kind == FRAME_TEXT && fr->line && (!last || fr->y >= last->y))
      last = fr;
  }
  return last;
}

/* Every paragraph split over pages keeps at least 2 lines on each. */
static void check_widows(const flow_result *r) {
  for (size_t i = 0; i < r->n_paras; i++) {
    const text_para *p = r->paras[i];
    if (p->n_lines < 2)
      continue;
    /* lines per page, in order */
    size_t run = 0;
    long page = -1;
    size_t seen = 0;
    for (size_t pg = 0; pg < r->n_pages; pg++) {
      size_t here = 0;
      for (size_t k = 0; k < r->pages[pg].n_frames; k++) {
        const frame *fr = &r->pages[pg].frames[k];
        if (fr->kind == FRAME_TEXT && fr->line >= p->lines &&
            fr->line < p->lines + p->n_lines)
          here++;
      }
      if (!here)
        continue;
      if (page >= 0 && (run < 2 || here < 2)) {
        char *s = text_of(&p->lines[0]);
        fail_msg("paragraph '%.30s' split %zu | %zu over pages %ld and %zu",
                 s, run, here, page + 1, pg + 1);
      }
      page = (long)pg;
      run = here;
      seen += here;
    }
    (void)seen;
  }
}

/* ---- tests ------------------------------------------------------------ */

/* A heading with its paragraph after fillers of 1..30 lines: the heading
 * is never the last line of a page, and no paragraph leaves a widow or
 * an orphan. */
static void headings_and_widows(text_ctx *t) {
  for (int filler = 1; filler <= 30; filler++) {
    document *d = doc_new();
    add(d, para("甲", 14 + 16 * (filler - 1)));
    static const int sizes[] = {5, 2, 3, 1, 4, 7, 2, 6};
    for (int h = 0; h < 8; h++) {
      char title[32];
      snprintf(title, sizeof title, "标题%d号", h);
      doc_block *hb = block(DOC_HEADING, "h2", title);
      hb->level = 2;
      add(d, hb);
      if (h == 3) /* a heading right after a heading */
        add(d, block(DOC_HEADING, "h2", "紧跟的标题"));
      add(d, para("乙", 14 + 16 * (sizes[h] - 1)));
    }
    flow_result *r = flow_run(d, &lay, t);
    for (size_t pg = 0; pg + 1 < r->n_pages; pg++) {
      const frame *last = last_text(&r->pages[pg]);
      if (last && (starts_with(last->line, "标题") ||
                   starts_with(last->line, "紧跟")))
        fail_msg("filler %d: page %zu ends with a heading", filler, pg + 1);
    }
    check_widows(r);
    flow_free(r);
    document_free(d);
  }
}

static void test_headings_and_widows(void **state) {
  headings_and_widows(*state);
}

/* The same with the fonts of fonts/: the rules hold whatever measures. */
static void test_headings_with_fonts(void **state) {
  if (!*state)
    skip(); /* no fonts installed */
  headings_and_widows(*state);
}

static int teardown_fonts(void **state) {
  if (*state)
    text_free(*state);
  return 0;
}

/* A short code block (up to 12 lines) is never split: wherever it
 * falls, all its lines are on one page.  A long one still may be. */
static void test_code_whole(void **state) {
  text_ctx *t = *state;
  strbuf code = {0};
  for (int i = 0; i < 8; i++)
    sb_addf(&code, "%sline_%d := f(%d)", i ? "\n" : "", i, i);
  int moved = 0;
  for (int filler = 1; filler <= 40; filler++) {
    document *d = doc_new();
    add(d, para("甲", 14 + 16 * (filler - 1)));
    add(d, block(DOC_CODE_BLOCK, "code", code.s));
    add(d, para("乙", 30));
    flow_result *r = flow_run(d, &lay, t);
    long page = -1;
    for (size_t pg = 0; pg < r->n_pages; pg++)
      for (size_t k = 0; k < r->pages[pg].n_frames; k++) {
        const frame *fr = &r->pages[pg].frames[k];
        if (fr->kind != FRAME_TEXT || !fr->line || !starts_with(fr->line, "line_"))
          continue;
        if (page >= 0 && page != (long)pg)
          fail_msg("filler %d: code split over pages %ld and %zu", filler,
                   page + 1, pg + 1);
        page = (long)pg;
      }
    assert_true(page >= 0);
    moved += page > 0;
    flow_free(r);
    document_free(d);
  }
  assert_true(moved > 0); /* some fillers pushed it to page 2 */
  sb_free(&code);
}

/* Talk header groups (kicker, title, speaker) are never split, wherever
 * they fall. */
static void test_groups_whole(void **state) {
  text_ctx *t = *state;
  for (int filler = 1; filler <= 14; filler++) {
    document *d = doc_new();
    add(d, para("甲", 14 + 16 * (filler - 1)));
    for (int g = 0; g < 3; g++) {
      doc_block *grp = block(DOC_GROUP, "body", NULL);
      add_child(grp, block(DOC_PARA, "talk-kicker", "议题一"));
      add_child(grp, block(DOC_HEADING, "talk-title",
                           "一个相当长的演讲题目，长到需要换行才能放下"));
      add_child(grp, block(DOC_PARA, "talk-speaker", "讲师某某"));
      add(d, grp);
      add(d, para("乙", 14 + 16 * 3));
    }
    flow_result *r = flow_run(d, &lay, t);
    /* each group's lines: kicker, title lines, speaker on one page */
    for (size_t pg = 0; pg < r->n_pages; pg++) {
      const flow_page *p = &r->pages[pg];
      int open = 0; /* saw a kicker, not yet its speaker */
      for (size_t k = 0; k < p->n_frames; k++) {
        const frame *fr = &p->frames[k];
        if (fr->kind != FRAME_TEXT || !fr->line)
          continue;
        if (starts_with(fr->line, "议题一"))
          open = 1;
        else if (starts_with(fr->line, "讲师某某"))
          open = 0;
      }
      if (open)
        fail_msg("filler %d: a talk header split after page %zu", filler,
                 pg + 1);
    }
    /* and the title is never last on a page */
    for (size_t pg = 0; pg + 1 < r->n_pages; pg++) {
      const frame *last = last_text(&r->pages[pg]);
      if (last && (starts_with(last->line, "议题一") ||
                   starts_with(last->line, "讲师某某")))
        fail_msg("filler %d: page %zu ends with a talk header", filler,
                 pg + 1);
    }
    flow_free(r);
    document_free(d);
  }
}

/* A table: header cells, then rows; cell (r, c) says "行r列c". */
static doc_block *table(int rows, int tall_row, int tall_chars) {
  doc_block *b = block(DOC_TABLE, "table", NULL);
  b->n_cols = 3;
  b->n_rows = (size_t)rows + 1;
  b->header_rows = 1;
  b->cells = xcalloc(b->n_rows * b->n_cols, sizeof *b->cells);
  doc_text_append(&b->cells[0], "时间", 0, NULL);
  doc_text_append(&b->cells[1], "议题", 0, NULL);
  doc_text_append(&b->cells[2], "讲师", 0, NULL);
  for (int r = 1; r <= rows; r++) {
    char s[64];
    snprintf(s, sizeof s, "%02d:00", r % 24);
    doc_text_append(&b->cells[r * 3], s, 0, NULL);
    if (r == tall_row) {
      char *long_text = zh("长", tall_chars);
      doc_text_append(&b->cells[r * 3 + 1], long_text, 0, NULL);
      free(long_text);
    } else {
      snprintf(s, sizeof s, "行%d的议题", r);
      doc_text_append(&b->cells[r * 3 + 1], s, 0, NULL);
    }
    doc_text_append(&b->cells[r * 3 + 2], "某某", 0, NULL);
  }
  return b;
}

/* Tables break between rows and repeat the header on every page; a row
 * taller than a page is split inside its cells; the header is never
 * alone at a page foot; a heading before the table stays with it. */
static void test_tables(void **state) {
  text_ctx *t = *state;
  for (int filler = 1; filler <= 12; filler++) {
    for (int tall = 0; tall <= 1; tall++) {
      document *d = doc_new();
      add(d, para("甲", 14 + 16 * (filler - 1)));
      add(d, block(DOC_HEADING, "h2", "议程表"));
      int rows = tall ? 3 : 30;
      add(d, table(rows, tall ? 1 : 0, 600));
      flow_result *r = flow_run(d, &lay, t);
      const text_para *tall_cell = NULL;
      size_t tall_seen = 0, pages_with_rows = 0;
      for (size_t pg = 0; pg < r->n_pages; pg++) {
        const flow_page *p = &r->pages[pg];
        double head_y = -1, first_row_y = -1, last_head_y = -1;
        int rows_after_head = 0;
        for (size_t k = 0; k < p->n_frames; k++) {
          const frame *fr = &p->frames[k];
          if (fr->kind != FRAME_TEXT || !fr->line)
            continue;
          if (starts_with(fr->line, "时间")) {
            if (head_y < 0)
              head_y = fr->y;
            last_head_y = fr->y;
          } else if (starts_with(fr->line, "行") ||
                     (fr->line->n_runs && strstr(fr->line->runs[0].utf8, ":00")) ||
                     para_of(r, fr->line) >= 0) {
            long pi = para_of(r, fr->line);
            const text_para *pp = pi >= 0 ? r->paras[pi] : NULL;
            int is_tall = pp && pp->n_lines > 20;
            if (is_tall) {
              tall_cell = pp;
              tall_seen++;
            }
            int in_table = starts_with(fr->line, "行") || is_tall ||
                           strstr(fr->line->runs[0].utf8, ":00");
            if (in_table) {
              if (first_row_y < 0 || fr->y < first_row_y)
                first_row_y = fr->y;
              if (last_head_y >= 0 && fr->y > last_head_y)
                rows_after_head++;
            }
          }
        }
        if (first_row_y >= 0) {
          pages_with_rows++;
          if (head_y < 0 || head_y > first_row_y)
            fail_msg("filler %d tall %d: page %zu has rows but no header "
                     "above them", filler, tall, pg + 1);
        }
        if (head_y >= 0 && !rows_after_head)
          fail_msg("filler %d tall %d: header alone on page %zu", filler,
                   tall, pg + 1);
        if (pg + 1 < r->n_pages) {
          const frame *last = last_text(p);
          if (last && starts_with(last->line, "议程表"))
            fail_msg("filler %d tall %d: page %zu ends with the heading",
                     filler, tall, pg + 1);
        }
      }
      if (tall) {
        /* the tall cell: every line placed exactly once, over 3+ pages */
        assert_non_null(tall_cell);
        assert_int_equal(tall_seen, tall_cell->n_lines);
        assert_true(pages_with_rows >= 3);
      } else {
        assert_true(pages_with_rows >= 2);
      }
      flow_free(r);
      document_free(d);
    }
  }
}

/* List markers 1. to 12. end at the same x (numbers align on the dot),
 * and the items' text starts at one hanging indent. */
static void test_list_markers(void **state) {
  text_ctx *t = *state;
  document *d = doc_new();
  doc_block *list = block(DOC_LIST, "list", NULL);
  for (int i = 1; i <= 12; i++) {
    doc_block *it = block(DOC_ITEM, "list", NULL);
    char m[8];
    snprintf(m, sizeof m, "%d.", i);
    it->marker = xstrdup(m);
    add_child(it, block(DOC_PARA, "list", i % 3 ? "短条目"
                        : "这一条比较长，长到需要换行，看第二行是否对齐"));
    add_child(list, it);
  }
  add(d, list);
  flow_result *r = flow_run(d, &lay, t);
  double marker_right = -1, text_x = -1;
  for (size_t pg = 0; pg < r->n_pages; pg++)
    for (size_t k = 0; k < r->pages[pg].n_frames; k++) {
      const frame *fr = &r->pages[pg].frames[k];
      if (fr->kind != FRAME_TEXT || !fr->line || !fr->line->n_runs)
        continue;
      char *s = text_of(fr->line);
      size_t n = strlen(s);
      if (n && s[n - 1] == '.') {
        double right = fr->x + fr->w;
        if (marker_right < 0)
          marker_right = right;
        assert_float_equal(right, marker_right, 0.01);
      } else {
        if (text_x < 0)
          text_x = fr->x;
        assert_float_equal(fr->x, text_x, 0.01); /* hanging indent */
      }
      free(s);
    }
  assert_true(marker_right > 0 && text_x > marker_right);
  flow_free(r);
  document_free(d);
}

/* With the baseline grid, every body line's top is a whole number of
 * body pitches below the frame top, whatever stands between. */
static void test_baseline_grid(void **state) {
  text_ctx *t = *state;
  document *d = doc_new();
  for (int i = 0; i < 12; i++) {
    add(d, para("甲", 14 + 16 * (i % 4)));
    add(d, block(DOC_HEADING, "h2", "打乱行距的标题"));
    if (i % 3 == 0)
      add(d, table(2, 0, 0));
  }
  flow_result *r = flow_run_grid(d, &lay, t, 1);
  size_t body_lines = 0;
  for (size_t pg = 0; pg < r->n_pages; pg++)
    for (size_t k = 0; k < r->pages[pg].n_frames; k++) {
      const frame *fr = &r->pages[pg].frames[k];
      if (fr->kind != FRAME_TEXT || !fr->line ||
          fabs(fr->line->height - PITCH) > 0.01 || !starts_with(fr->line, "甲"))
        continue;
      const text_line *ln = fr->line;
      double lead = (ln->height - ln->ascent - ln->descent) / 2;
      double top = fr->y - lead - ln->ascent - TOP;
      double k2 = top / PITCH;
      if (fabs(k2 - round(k2)) > 1e-6)
        fail_msg("page %zu: a body line at %.3f pt, off the grid", pg + 1,
                 top);
      body_lines++;
    }
  assert_true(body_lines > 10);
  flow_free(r);
  /* without the grid the same document has lines off it */
  r = flow_run(d, &lay, t);
  int off = 0;
  for (size_t pg = 0; pg < r->n_pages && !off; pg++)
    for (size_t k = 0; k < r->pages[pg].n_frames; k++) {
      const frame *fr = &r->pages[pg].frames[k];
      if (fr->kind != FRAME_TEXT || !fr->line ||
          fabs(fr->line->height - PITCH) > 0.01)
        continue;
      const text_line *ln = fr->line;
      double lead = (ln->height - ln->ascent - ln->descent) / 2;
      double k2 = (fr->y - lead - ln->ascent - TOP) / PITCH;
      off |= fabs(k2 - round(k2)) > 1e-3;
    }
  assert_true(off);
  flow_free(r);
  document_free(d);
}

/* ---- sponsor logos ------------------------------------------------------ */

/* An SVG file of w x h px in dir; returns its path.  Caller frees. */
static char *svg_file(const char *dir, const char *name, int w, int h) {
  char *path = xasprintf("%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fprintf(fp,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
          "height=\"%d\"><rect width=\"%d\" height=\"%d\" fill=\"#335\"/>"
          "</svg>\n",
          w, h, w, h);
  fclose(fp);
  return path;
}

/* A logo cell named name (src may be NULL: its logo could not be read),
 * with the facts the image step would leave on it. */
static doc_block *logo(const char *src, const char *name, const char *url) {
  doc_block *c = block(DOC_IMAGE, "sponsor-name", name);
  c->src = src ? xstrdup(src) : NULL;
  if (src)
    assert_int_equal(image_probe_info(src, &c->image, NULL), 1);
  c->alt = xstrdup(name);
  c->url = url ? xstrdup(url) : NULL;
  return c;
}

/* Index of the page that shows a text line starting with prefix, or -1. */
static long page_of_text(const flow_result *r, const char *prefix) {
  for (size_t pg = 0; pg < r->n_pages; pg++)
    for (size_t k = 0; k < r->pages[pg].n_frames; k++) {
      const frame *fr = &r->pages[pg].frames[k];
      if (fr->kind == FRAME_TEXT && fr->line && starts_with(fr->line, prefix))
        return (long)pg;
    }
  return -1;
}

/* A grid of two columns, logos 30 pt: equal areas (aspect kept, a tall
 * logo held to the box height), each logo centred in one of two columns
 * with its name under it, links over the cells that have one, a
 * placeholder for an unreadable logo, a name alone for a sponsor without
 * one; after fillers of 1..14 lines, no row is split over two pages and
 * the tier heading is always on the page of the first row. */
static void test_logo_grid(void **state) {
  text_ctx *t = *state;
  char dir[] = "/tmp/booklet-logos-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char *sq = svg_file(dir, "sq.svg", 100, 100);
  char *wide = svg_file(dir, "wide.svg", 200, 100);
  char *wider = svg_file(dir, "wider.svg", 400, 100);
  char *tall = svg_file(dir, "tall.svg", 100, 200);
  const double box = 30, area = box * box;
  for (int filler = 1; filler <= 14; filler++) {
    document *d = doc_new();
    add(d, para("甲", 14 + 16 * (filler - 1)));
    doc_block *h = block(DOC_HEADING, "h2", "金牌赞助");
    h->level = 3;
    add(d, h);
    doc_block *g = block(DOC_LOGOS, "sponsor-name", NULL);
    g->n_cols = 2;
    g->height = box;
    add_child(g, logo(sq, "方块", "https://example.org/sq"));
    add_child(g, logo(wide, "宽条", NULL));
    add_child(g, logo(wider, "更宽", "https://example.org/wider"));
    add_child(g, logo(tall, "高个", NULL));
    add_child(g, logo(NULL, "缺图", NULL));
    doc_block *name = block(DOC_PARA, "sponsor-text", "无标志");
    name->url = xstrdup("https://example.org/none");
    add_child(g, name);
    add(d, g);
    flow_result *r = flow_run(d, &lay, t);
    double left = lay.margin_inner, w = lay.page_w - 40;
    double cell = (w - fmin(14, w * 0.05)) / 2;
    size_t images = 0, placeholders = 0, links = 0;
    long first_row_page = -1;
    for (size_t pg = 0; pg < r->n_pages; pg++) {
      const flow_page *p = &r->pages[pg];
      for (size_t k = 0; k < p->n_frames; k++) {
        const frame *fr = &p->frames[k];
        if (fr->kind == FRAME_LINK)
          links++;
        if (fr->kind == FRAME_PLACEHOLDER)
          placeholders++;
        if (fr->kind != FRAME_IMAGE)
          continue;
        images++;
        if (first_row_page < 0)
          first_row_page = (long)pg;
        int is_tall = strstr(fr->src, "tall") != NULL;
        double aspect = strstr(fr->src, "wider") ? 4
                        : strstr(fr->src, "wide") ? 2
                        : is_tall               ? 0.5
                                                : 1;
        assert_float_equal(fr->w / fr->h, aspect, 1e-6);
        if (is_tall)
          assert_float_equal(fr->h, box, 1e-6);
        else
          assert_float_equal(fr->w * fr->h, area, area * 0.01);
        /* centred in the left or the right column (page 1 is recto) */
        double lx = pg % 2 == 0 ? left : lay.margin_outer;
        double cx = fr->x + fr->w / 2 - lx;
        double col0 = cell / 2, col1 = w - cell / 2;
        assert_true(fabs(cx - col0) < 0.01 || fabs(cx - col1) < 0.01);
        /* the other frame of its row (same box top) is on this page */
        size_t in_row = 0;
        for (size_t j = 0; j < p->n_frames; j++) {
          const frame *o = &p->frames[j];
          if ((o->kind == FRAME_IMAGE || o->kind == FRAME_PLACEHOLDER) &&
              fabs((o->y + o->h / 2) - (fr->y + fr->h / 2)) < box / 2)
            in_row++;
        }
        assert_int_equal(in_row, 2);
      }
    }
    assert_int_equal(images, 4);
    assert_int_equal(placeholders, 1);
    assert_int_equal(links, 3);
    /* the names are in the text, the tier heading with the first row */
    assert_true(page_of_text(r, "方块") >= 0);
    assert_true(page_of_text(r, "缺图") >= 0);
    assert_true(page_of_text(r, "无标志") >= 0);
    assert_int_equal(page_of_text(r, "金牌赞助"), first_row_page);
    flow_free(r);
    document_free(d);
  }
  const char *files[] = {sq, wide, wider, tall};
  for (size_t i = 0; i < 4; i++) {
    remove(files[i]);
    free((char *)files[i]);
  }
  rmdir(dir);
}

/* ---- the measurer without fonts ---------------------------------------- */

/* Boxes one em wide: 16 characters of 10 pt a 160 pt line, a Latin word
 * kept whole unless wider than the line, forced breaks kept, the style's
 * line height. */
static void test_fixed_measurer(void **state) {
  text_ctx *t = *state;
  const layout_style *body = &styles[0];
  doc_text txt = {0};
  char *s = zh("甲", 40);
  doc_text_append(&txt, s, 0, NULL);
  free(s);
  text_para *p = text_layout(t, &txt, body, 160, 0);
  assert_int_equal(p->n_lines, 3);
  assert_float_equal(p->lines[0].width, 160, 1e-9);
  assert_float_equal(p->lines[2].width, 90, 1e-9); /* 8 and the 。 */
  assert_float_equal(p->height, 3 * PITCH, 1e-9);
  assert_float_equal(p->lines[0].ascent + p->lines[0].descent, 10, 1e-9);
  text_para_free(p);
  doc_text_free(&txt);
  /* a first-line indent of two characters takes two boxes */
  doc_text_append(&txt, "一二三四五六七八九十一二三四五六七", 0, NULL);
  p = text_layout(t, &txt, body, 160, 20);
  assert_int_equal(p->n_lines, 2);
  assert_float_equal(p->lines[0].width, 140, 1e-9);
  text_para_free(p);
  doc_text_free(&txt);
  /* words break at spaces; a word wider than the line anywhere */
  doc_text_append(&txt, "abc defgh ijklmnopqrstuvwxyz\nz", 0, NULL);
  p = text_layout(t, &txt, body, 100, 0);
  const char *want[] = {"abc defgh", "ijklmnopqr", "stuvwxyz", "z"};
  assert_int_equal(p->n_lines, 4);
  for (size_t i = 0; i < 4; i++) {
    char *got = text_of(&p->lines[i]);
    assert_string_equal(got, want[i]);
    free(got);
  }
  text_para_free(p);
  doc_text_free(&txt);
  assert_float_equal(text_natural_width(t, &(doc_text){"abc", NULL, 0}, body),
                     30, 1e-9);
}

/* ---- the table of block kinds ------------------------------------------ */

/* Every kind has its row: a height, a keep height and a place; headings
 * always keep with what follows, paragraphs as their style says. */
static void test_kind_table(void **state) {
  (void)state;
  for (int k = 0; k < DOC_KIND_COUNT; k++) {
    doc_block b = {.kind = (doc_kind)k, .style = "body"};
    const flow_kind *row = flow_kind_of(&b);
    assert_non_null(row->height);
    assert_non_null(row->keep_height);
    assert_non_null(row->place);
  }
  doc_block h = {.kind = DOC_HEADING, .style = "body"};
  doc_block p = {.kind = DOC_PARA, .style = "h2"};
  doc_block q = {.kind = DOC_PARA, .style = "body"};
  doc_block c = {.kind = DOC_CARD, .style = "body"};
  flow_state f = {.lay = &lay};
  assert_true(flow_is_sticky(&f, &h));
  assert_true(flow_is_sticky(&f, &p));  /* h2 keeps with next */
  assert_false(flow_is_sticky(&f, &q));
  assert_false(flow_is_sticky(&f, &c));
  assert_non_null(flow_kind_of(&c)->place_run); /* cards go in rows */
}

/* A flow state for measuring outside a pass. */
static flow_state measuring(text_ctx *t) {
  return (flow_state){.lay = &lay, .text = t, .top = TOP, .bottom = 200,
                      .width = 160};
}

/* Keep heights, with boxes of known size: a paragraph of 3 lines whole
 * (too short to split), of 5 lines its first 2; a heading whole with
 * its space and two body lines; a group whole with two body lines. */
static void test_keep_heights(void **state) {
  flow_state f = measuring(*state);
  doc_block *p3 = para("甲", 40), *p5 = para("乙", 75);
  assert_float_equal(flow_block_height(&f, p3, 160), 3 * PITCH, 1e-9);
  assert_float_equal(flow_keep_height(&f, p3, 160), 3 * PITCH, 1e-9);
  assert_float_equal(flow_block_height(&f, p5, 160), 5 * PITCH, 1e-9);
  assert_float_equal(flow_keep_height(&f, p5, 160), 2 * PITCH, 1e-9);
  doc_block *h = block(DOC_HEADING, "h2", "标题");
  /* space before 8, one line of 12 pt at 1.4, space after 4, 2 lines */
  assert_float_equal(flow_keep_height(&f, h, 160), 8 + 16.8 + 4 + 2 * PITCH,
                     1e-9);
  assert_float_equal(flow_block_height(&f, h, 160), 8 + 16.8 + 4, 1e-9);
  doc_block *g = block(DOC_GROUP, "body", NULL);
  add_child(g, para("丙", 20));
  assert_float_equal(flow_keep_height(&f, g, 160), 2 * PITCH + 2 * PITCH,
                     1e-9);
  assert_float_equal(flow_keep_height(&f, NULL, 160), 0, 1e-9);
  flow_memo_free(&f);
  doc_block_free(p3), doc_block_free(p5), doc_block_free(h),
      doc_block_free(g);
}

/* A block is broken into lines once a pass: its height, keep height and
 * placing share one paragraph; another width is another paragraph. */
static void test_measured_once(void **state) {
  flow_state f = measuring(*state);
  doc_block *b = para("甲", 40);
  text_para *p = flow_text_para(&f, b, 160, 0);
  flow_block_height(&f, b, 160);
  flow_keep_height(&f, b, 160);
  assert_ptr_equal(flow_text_para(&f, b, 160, 0), p);
  assert_true(flow_text_para(&f, b, 100, 0) != p);
  assert_int_equal(flow_text_para(&f, b, 100, 0)->n_lines, 5);
  flow_memo_free(&f);
  doc_block_free(b);
}

/* The frame on page pg that starts block kind k of test_heading_keeps..,
 * or 0 when the page has none. */
static int page_starts_kind(const flow_page *p, doc_kind k) {
  for (size_t i = 0; i < p->n_frames; i++) {
    const frame *fr = &p->frames[i];
    int text = fr->kind == FRAME_TEXT && fr->line;
    switch (k) {
    case DOC_TABLE:
      if (text && starts_with(fr->line, "时间"))
        return 1;
      break;
    case DOC_IMAGE:
    case DOC_LOGOS:
      if (fr->kind == FRAME_IMAGE || fr->kind == FRAME_PLACEHOLDER)
        return 1;
      break;
    case DOC_CARD:
      if (fr->kind == FRAME_CIRCLE_IMAGE)
        return 1;
      break;
    case DOC_LIST:
      if (text && starts_with(fr->line, "1."))
        return 1;
      break;
    case DOC_CODE_BLOCK:
      if (text && starts_with(fr->line, "line_"))
        return 1;
      break;
    default:
      if (text && starts_with(fr->line, "乙"))
        return 1;
      break;
    }
  }
  return 0;
}

/* A block of kind k that follows the heading in the test below. */
static doc_block *follower(doc_kind k) {
  doc_block *b;
  switch (k) {
  case DOC_TABLE:
    return table(4, 0, 0);
  case DOC_IMAGE: /* a picture 300 x 200 px: its facts are all flow reads */
    b = block(DOC_IMAGE, "body", NULL);
    b->src = xstrdup("/nowhere/picture.png");
    b->image = (image_info){.format = IMAGE_PNG, .w = 300, .h = 200,
                            .orientation = 1};
    return b;
  case DOC_LOGOS:
    b = block(DOC_LOGOS, "sponsor-name", NULL);
    b->n_cols = 2;
    b->height = 30;
    add_child(b, logo(NULL, "甲方", NULL));
    add_child(b, logo(NULL, "乙方", NULL));
    return b;
  case DOC_CARD:
    b = block(DOC_CARD, "body", NULL);
    b->alt = xstrdup("张三");
    b->height = 40;
    add_child(b, block(DOC_PARA, "speaker-name", "张三"));
    add_child(b, para("乙", 40));
    return b;
  case DOC_LIST: {
    b = block(DOC_LIST, "list", NULL);
    doc_block *it = block(DOC_ITEM, "list", NULL);
    it->marker = xstrdup("1.");
    add_child(it, para("乙", 50));
    add_child(b, it);
    return b;
  }
  case DOC_CODE_BLOCK:
    return block(DOC_CODE_BLOCK, "code", "line_1 := f(1)\nline_2 := f(2)");
  case DOC_GROUP:
    b = block(DOC_GROUP, "body", NULL);
    add_child(b, para("乙", 30));
    add_child(b, block(DOC_PARA, "talk-speaker", "讲师某某"));
    return b;
  default:
    return para("乙", 60);
  }
}

/* A heading never ends a page: after fillers of 1..13 lines, the heading
 * is on the page where the block after it starts, for a block of each
 * kind that has something to keep (what each row's keep_height says). */
static void test_heading_keeps_with_each_kind(void **state) {
  text_ctx *t = *state;
  static const doc_kind followers[] = {DOC_PARA,  DOC_TABLE, DOC_IMAGE,
                                       DOC_LOGOS, DOC_CARD,  DOC_LIST,
                                       DOC_CODE_BLOCK, DOC_GROUP};
  for (size_t k = 0; k < sizeof followers / sizeof *followers; k++)
    for (int filler = 1; filler <= 13; filler++) {
      document *d = doc_new();
      add(d, para("甲", 14 + 16 * (filler - 1)));
      add(d, block(DOC_HEADING, "h2", "随后的标题"));
      add(d, follower(followers[k]));
      flow_result *r = flow_run(d, &lay, t);
      long head = page_of_text(r, "随后的标题"), first = -1;
      for (size_t pg = 0; pg < r->n_pages && first < 0; pg++)
        if (page_starts_kind(&r->pages[pg], followers[k]))
          first = (long)pg;
      if (head < 0 || head != first)
        fail_msg("kind %d after %d lines: heading on page %ld, the block "
                 "starts on page %ld",
                 (int)followers[k], filler, head + 1, first + 1);
      flow_free(r);
      document_free(d);
    }
}

/* ---- notes pages -------------------------------------------------------- */

/* The pages that pad a booklet to a multiple of four carry what the
 * document's notes page holds (flow makes no content of its own), and a
 * document without one is padded with empty pages. */
static void test_notes_pages(void **state) {
  text_ctx *t = *state;
  layout padded = lay;
  padded.pad_to = 4;
  document *d = doc_new();
  add(d, para("甲", 16 * 14)); /* 14 lines: two pages */
  d->notes_page = xcalloc(1, sizeof *d->notes_page);
  d->notes_page->kind = xstrdup("notes");
  doc_section_add(d->notes_page, block(DOC_HEADING, "h2", "随手记"));
  doc_section_add(d->notes_page, block(DOC_NOTES, "body", NULL));
  flow_result *r = flow_run(d, &padded, t);
  assert_int_equal(r->n_pages, 4);
  for (size_t pg = 2; pg < 4; pg++) {
    const flow_page *p = &r->pages[pg];
    size_t rules = 0, heads = 0;
    for (size_t k = 0; k < p->n_frames; k++) {
      rules += p->frames[k].kind == FRAME_RULE;
      heads += p->frames[k].kind == FRAME_TEXT && p->frames[k].line &&
               starts_with(p->frames[k].line, "随手记");
    }
    assert_int_equal(heads, 1);
    assert_true(rules > 4);
    assert_int_equal(p->folio, (int)pg + 1);
  }
  flow_free(r);
  doc_section *np = d->notes_page;
  for (size_t i = 0; i < np->n_blocks; i++)
    doc_block_free(np->blocks[i]);
  free(np->blocks), free(np->kind), free(np);
  d->notes_page = NULL;
  r = flow_run(d, &padded, t);
  assert_int_equal(r->n_pages, 4);
  assert_int_equal(r->pages[3].n_frames, 1); /* its folio alone */
  flow_free(r);
  document_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_headings_and_widows, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_code_whole, setup, teardown),
      cmocka_unit_test_setup_teardown(test_groups_whole, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tables, setup, teardown),
      cmocka_unit_test_setup_teardown(test_list_markers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_baseline_grid, setup, teardown),
      cmocka_unit_test_setup_teardown(test_logo_grid, setup, teardown),
      cmocka_unit_test_setup_teardown(test_headings_with_fonts, setup_fonts,
                                      teardown_fonts),
      cmocka_unit_test_setup_teardown(test_fixed_measurer, setup, teardown),
      cmocka_unit_test(test_kind_table),
      cmocka_unit_test_setup_teardown(test_keep_heights, setup, teardown),
      cmocka_unit_test_setup_teardown(test_measured_once, setup, teardown),
      cmocka_unit_test_setup_teardown(test_heading_keeps_with_each_kind, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_notes_pages, setup, teardown),
  };
  test_data_dir();
  return cmocka_run_group_tests(tests, NULL, NULL);
}
