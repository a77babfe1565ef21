/* table.c — the flow stage's tables: column widths measured once for the
 * whole table (short columns keep their natural width, long text columns
 * share the rest), cells broken into lines, rows placed while they fit,
 * breaks only between rows, the header row repeated at the top of every
 * page and never left alone at a page foot.  A row taller than a page is
 * split between lines of its cells.  Rules are drawn booktabs-style. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "flow_int.h"
#include "util.h"

#define PAD_X 4.0 /* cell padding left and right, pt */
#define PAD_Y 3.0 /* cell padding top and bottom, pt */
#define TABLE_MIN_LINES 2 /* lines of a split row's cells on each page */
#define TABLE_SPACE_BEFORE 8.0 /* space before a table, pt */
#define TABLE_SPACE_AFTER 10.0 /* and after it, pt */

typedef struct row {
  text_para **cells; /* one per column */
  double height;     /* content height + padding, pt */
  int header;        /* 1 for a header row */
} row;

/* Column widths: natural widths if they fit; otherwise columns narrower
 * than a fair share keep theirs and the others share what is left in
 * proportion to their natural widths. */
static void column_widths(flow_state *f, const doc_block *b, double w,
                          double *out) {
  size_t nc = b->n_cols;
  double *nat = xcalloc(nc, sizeof *nat);
  int *fixed = xcalloc(nc, sizeof *fixed);
  for (size_t r = 0; r < b->n_rows; r++) {
    const layout_style *st = layout_style_get(
        f->lay, r < b->header_rows ? "table-head" : "table");
    for (size_t c = 0; c < nc; c++) {
      const doc_text *t = &b->cells[r * nc + c];
      double nw = t->text && *t->text ? text_natural_width(f->text, t, st) : 0;
      nw += 2 * PAD_X;
      if (nw > nat[c])
        nat[c] = nw;
    }
  }
  double total = 0;
  for (size_t c = 0; c < nc; c++)
    total += nat[c];
  if (total <= w) {
    /* everything fits: spread the spare width in proportion */
    for (size_t c = 0; c < nc; c++)
      out[c] = total > 0 ? nat[c] + (w - total) * nat[c] / total : w / nc;
  } else {
    double left = w;
    size_t free_cols = nc;
    int changed = 1;
    while (changed && free_cols) {
      changed = 0;
      double fair = left / free_cols;
      for (size_t c = 0; c < nc; c++) {
        if (!fixed[c] && nat[c] <= fair) {
          fixed[c] = 1;
          out[c] = nat[c];
          left -= nat[c];
          free_cols--;
          changed = 1;
        }
      }
    }
    double rest = 0;
    for (size_t c = 0; c < nc; c++)
      if (!fixed[c])
        rest += nat[c];
    for (size_t c = 0; c < nc; c++)
      if (!fixed[c])
        out[c] = rest > 0 ? left * nat[c] / rest : left / free_cols;
    /* never narrower than two characters plus padding */
    for (size_t c = 0; c < nc; c++)
      if (out[c] < 2 * PAD_X + 18)
        out[c] = 2 * PAD_X + 18;
  }
  free(nat);
  free(fixed);
}

static void draw_rule(flow_state *f, double x, double w, double y, double lw) {
  frame *fr = flow_add(f, FRAME_RULE, flow_left(f) + x, y, w, 0);
  fr->color = f->lay->rule_color;
  fr->line_width = lw;
}

/* Place lines [from, to) of each cell of a row starting at y. */
static void place_row_part(flow_state *f, const row *rw, size_t nc,
                           const double *cw, double x, size_t *from,
                           double max_h, int head) {
  double y0 = f->y;
  double used = 0;
  if (head) {
    double wsum = 0;
    for (size_t c = 0; c < nc; c++)
      wsum += cw[c];
    frame *bg = flow_add(f, FRAME_RECT, flow_left(f) + x, y0, wsum, 0);
    bg->color = 0xf1ece6;
    bg->h = rw->height;
  }
  double cx = x;
  for (size_t c = 0; c < nc; c++) {
    const text_para *p = rw->cells[c];
    double y = y0 + PAD_Y, h = PAD_Y;
    size_t i0 = from ? from[c] : 0, end = p->n_lines;
    if (from) {
      /* the lines that fit (at least one), leaving no single line of the
       * cell for the next page */
      double acc = PAD_Y;
      size_t k = 0;
      while (i0 + k < p->n_lines &&
             (k == 0 || acc + p->lines[i0 + k].height + PAD_Y <= max_h + 0.01))
        acc += p->lines[i0 + k++].height;
      size_t rest = p->n_lines - i0;
      if (k < rest && rest - k < TABLE_MIN_LINES && k > TABLE_MIN_LINES)
        k = rest - TABLE_MIN_LINES;
      end = i0 + k;
    }
    size_t i = i0;
    for (; i < end; i++) {
      const text_line *ln = &p->lines[i];
      double lead = (ln->height - ln->ascent - ln->descent) / 2;
      frame *fr = flow_add(f, FRAME_TEXT, flow_left(f) + cx + PAD_X,
                           y + lead + ln->ascent, ln->width, ln->height);
      fr->line = ln;
      y += ln->height;
      h += ln->height;
    }
    if (from)
      from[c] = i;
    if (h + PAD_Y > used)
      used = h + PAD_Y;
    cx += cw[c];
  }
  f->y = y0 + (from ? used : rw->height);
  f->has_content = 1;
}

static int row_done(const row *rw, size_t nc, const size_t *from) {
  for (size_t c = 0; c < nc; c++)
    if (from[c] < rw->cells[c]->n_lines)
      return 0;
  return 1;
}

/* A table measured for width w: column widths once for the whole table,
 * every cell broken into lines (kept alive by the flow result).  Measured
 * once a pass (the pass's memo owns it). */
typedef struct measured {
  double *cw;    /* column widths, pt */
  double tw;     /* their sum, pt */
  row *rows;     /* n_rows rows */
  size_t n_rows; /* count */
  double head_h; /* height of the header rows, pt */
} measured;

static void measure(flow_state *f, const doc_block *b, double w,
                    measured *m) {
  size_t nc = b->n_cols, nr = b->n_rows;
  m->n_rows = nr;
  m->cw = xcalloc(nc, sizeof *m->cw);
  column_widths(f, b, w, m->cw);
  m->tw = 0;
  for (size_t c = 0; c < nc; c++)
    m->tw += m->cw[c];
  m->rows = xcalloc(nr, sizeof *m->rows);
  m->head_h = 0;
  for (size_t r = 0; r < nr; r++) {
    m->rows[r].header = r < b->header_rows;
    m->rows[r].cells = xcalloc(nc, sizeof *m->rows[r].cells);
    const layout_style *st =
        layout_style_get(f->lay, m->rows[r].header ? "table-head" : "table");
    double h = 0;
    for (size_t c = 0; c < nc; c++) {
      layout_style cs = *st;
      char a = b->aligns ? b->aligns[c] : 0;
      cs.align = a == 'c' ? LAYOUT_ALIGN_CENTER
                 : a == 'r' ? LAYOUT_ALIGN_RIGHT
                            : LAYOUT_ALIGN_LEFT;
      cs.indent = 0;
      text_para *p = text_layout(f->text, &b->cells[r * nc + c], &cs,
                                 fmax(m->cw[c] - 2 * PAD_X, 1), 0);
      flow_keep_para(f, p);
      m->rows[r].cells[c] = p;
      if (p->height > h)
        h = p->height;
    }
    m->rows[r].height = h + 2 * PAD_Y;
    if (m->rows[r].header)
      m->head_h += m->rows[r].height;
  }
}

static void measured_free(void *p) {
  measured *m = p;
  for (size_t r = 0; r < m->n_rows; r++)
    free(m->rows[r].cells);
  free(m->rows);
  free(m->cw);
  free(m);
}

/* Table b measured for width w, once a pass. */
static const measured *measured_at(flow_state *f, const doc_block *b,
                                   double w) {
  measured *m = flow_memo_get(f, b, FLOW_MEMO_TABLE, w, 0);
  if (!m) {
    m = xcalloc(1, sizeof *m);
    measure(f, b, w, m);
    flow_memo_put(f, b, FLOW_MEMO_TABLE, w, 0, m, measured_free);
  }
  return m;
}

/* Height of the first lines of a row: what has to fit at a page foot to
 * start splitting a row taller than a page there (MIN_LINES lines of each
 * cell, fewer if it has fewer). */
static double row_start_height(const row *rw, size_t nc) {
  double h = 0;
  for (size_t c = 0; c < nc; c++) {
    const text_para *p = rw->cells[c];
    double ch = 0;
    for (size_t i = 0; i < p->n_lines && i < TABLE_MIN_LINES; i++)
      ch += p->lines[i].height;
    if (ch > h)
      h = ch;
  }
  return h + 2 * PAD_Y;
}

/* What a table needs at a page foot to start there: its header and first
 * row, or the first lines of that row when it is taller than a page. */
static double start_height(const flow_state *f, const measured *m,
                           const doc_block *b) {
  size_t first = b->header_rows;
  if (first >= b->n_rows)
    return m->head_h;
  const row *rw = &m->rows[first];
  double frame = f->bottom - f->top - m->head_h;
  return m->head_h + (rw->height > frame ? row_start_height(rw, b->n_cols)
                                         : rw->height);
}

double table_keep_height(flow_state *f, const doc_block *b, double w) {
  if (!b->n_cols || !b->n_rows)
    return 0;
  return TABLE_SPACE_BEFORE + start_height(f, measured_at(f, b, w), b);
}

double table_height(flow_state *f, const doc_block *b, double w) {
  if (!b->n_cols || !b->n_rows)
    return 0;
  const measured *m = measured_at(f, b, w);
  double h = TABLE_SPACE_BEFORE + TABLE_SPACE_AFTER;
  for (size_t r = 0; r < b->n_rows; r++)
    h += m->rows[r].height;
  return h;
}

/* Close the table on this page and continue it on the next: bottom rule,
 * new page, top rule and the header rows again. */
static void continue_on_next_page(flow_state *f, const doc_block *b,
                                  const measured *m, double x) {
  draw_rule(f, x, m->tw, f->y, 0.9);
  flow_new_page(f);
  draw_rule(f, x, m->tw, f->y, 0.9);
  for (size_t h = 0; h < b->header_rows; h++)
    place_row_part(f, &m->rows[h], b->n_cols, m->cw, x, NULL,
                   m->rows[h].height, 1);
  if (b->header_rows)
    draw_rule(f, x, m->tw, f->y, 0.5);
}

void table_place(flow_state *f, const doc_block *b, double x, double w,
                 const doc_block *next) {
  (void)next;
  size_t nc = b->n_cols, nr = b->n_rows;
  if (!nc || !nr)
    return;
  const measured *mp = measured_at(f, b, w);
  const measured m = *mp;
  if (m.tw > w + 0.5)
    diag_report(DIAG_LAYOUT_OVERFLOW, f->doc->source_path, b->line, 0,
                "a table with this many columns");

  flow_space(f, TABLE_SPACE_BEFORE);
  flow_settle_space(f);
  /* the header never stands alone: it goes with the first body row (or
   * the first lines of a row taller than a page) */
  if (f->has_content && f->y + start_height(f, &m, b) > f->bottom + 0.01)
    flow_new_page(f);

  draw_rule(f, x, m.tw, f->y, 0.9);
  for (size_t r = 0; r < b->header_rows; r++)
    place_row_part(f, &m.rows[r], nc, m.cw, x, NULL, m.rows[r].height, 1);
  if (b->header_rows)
    draw_rule(f, x, m.tw, f->y, 0.5);
  double frame = f->bottom - f->top - m.head_h; /* rows on a fresh page */
  for (size_t r = b->header_rows; r < nr; r++) {
    row *rw = &m.rows[r];
    if (f->y + rw->height > f->bottom + 0.01) {
      if (rw->height > frame + 0.01) {
        /* taller than a page: split between lines of its cells, starting
         * here when its first lines fit */
        if (f->y + row_start_height(rw, nc) > f->bottom + 0.01)
          continue_on_next_page(f, b, &m, x);
        size_t *from = xcalloc(nc, sizeof *from);
        for (;;) {
          place_row_part(f, rw, nc, m.cw, x, from, f->bottom - f->y, 0);
          if (row_done(rw, nc, from))
            break;
          continue_on_next_page(f, b, &m, x);
        }
        free(from);
        if (r + 1 < nr)
          draw_rule(f, x, m.tw, f->y, 0.25);
        continue;
      }
      continue_on_next_page(f, b, &m, x);
    }
    place_row_part(f, rw, nc, m.cw, x, NULL, rw->height, 0);
    if (r + 1 < nr)
      draw_rule(f, x, m.tw, f->y, 0.25);
  }
  draw_rule(f, x, m.tw, f->y, 0.9);
  flow_space(f, TABLE_SPACE_AFTER);
}
