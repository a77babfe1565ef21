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
    size_t i = from ? from[c] : 0;
    for (; i < p->n_lines; i++) {
      const text_line *ln = &p->lines[i];
      if (h + ln->height + PAD_Y > max_h + 0.01 && i > (from ? from[c] : 0))
        break;
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

void table_place(flow_state *f, const doc_block *b, double x, double w) {
  size_t nc = b->n_cols, nr = b->n_rows;
  if (!nc || !nr)
    return;
  double *cw = xcalloc(nc, sizeof *cw);
  column_widths(f, b, w, cw);
  double tw = 0;
  for (size_t c = 0; c < nc; c++)
    tw += cw[c];
  if (tw > w + 0.5)
    diag_report(DIAG_LAYOUT_OVERFLOW, f->doc->source_path, b->line, 0,
                "a table with this many columns");

  row *rows = xcalloc(nr, sizeof *rows);
  for (size_t r = 0; r < nr; r++) {
    rows[r].header = r < b->header_rows;
    rows[r].cells = xcalloc(nc, sizeof *rows[r].cells);
    const layout_style *st =
        layout_style_get(f->lay, rows[r].header ? "table-head" : "table");
    double h = 0;
    for (size_t c = 0; c < nc; c++) {
      layout_style cs = *st;
      char a = b->aligns ? b->aligns[c] : 0;
      cs.align = a == 'c' ? LAYOUT_ALIGN_CENTER
                 : a == 'r' ? LAYOUT_ALIGN_RIGHT
                            : LAYOUT_ALIGN_LEFT;
      cs.indent = 0;
      text_para *p = text_layout(f->text, &b->cells[r * nc + c], &cs,
                                 fmax(cw[c] - 2 * PAD_X, 1), 0);
      flow_keep_para(f, p);
      rows[r].cells[c] = p;
      if (p->height > h)
        h = p->height;
    }
    rows[r].height = h + 2 * PAD_Y;
  }
  double head_h = 0;
  for (size_t r = 0; r < b->header_rows; r++)
    head_h += rows[r].height;

  flow_space(f, 8);
  flow_settle_space(f);
  size_t first_body = b->header_rows;
  /* the header never stands alone: it goes with the first body row */
  double need = head_h + (first_body < nr ? rows[first_body].height : 0);
  if (f->has_content && f->y + need > f->bottom)
    flow_new_page(f);

  int on_page = 0; /* rows placed on this page, header excluded */
  double table_top = f->y;
  draw_rule(f, x, tw, f->y, 0.9);
  for (size_t r = 0; r < b->header_rows; r++)
    place_row_part(f, &rows[r], nc, cw, x, NULL, rows[r].height, 1);
  if (b->header_rows)
    draw_rule(f, x, tw, f->y, 0.5);
  (void)table_top;
  for (size_t r = first_body; r < nr; r++) {
    row *rw = &rows[r];
    if (f->y + rw->height > f->bottom + 0.01) {
      if (on_page == 0 && rw->height > f->bottom - f->y) {
        /* a row taller than what is left of a fresh page: split it
         * between lines of its cells */
        size_t *from = xcalloc(nc, sizeof *from);
        while (!row_done(rw, nc, from)) {
          place_row_part(f, rw, nc, cw, x, from, f->bottom - f->y, 0);
          if (!row_done(rw, nc, from)) {
            draw_rule(f, x, tw, f->y, 0.9);
            flow_new_page(f);
            draw_rule(f, x, tw, f->y, 0.9);
            for (size_t h = 0; h < b->header_rows; h++)
              place_row_part(f, &rows[h], nc, cw, x, NULL, rows[h].height, 1);
            if (b->header_rows)
              draw_rule(f, x, tw, f->y, 0.5);
          }
        }
        free(from);
        on_page++;
        if (r + 1 < nr)
          draw_rule(f, x, tw, f->y, 0.25);
        continue;
      }
      draw_rule(f, x, tw, f->y, 0.9);
      flow_new_page(f);
      on_page = 0;
      draw_rule(f, x, tw, f->y, 0.9);
      for (size_t h = 0; h < b->header_rows; h++)
        place_row_part(f, &rows[h], nc, cw, x, NULL, rows[h].height, 1);
      if (b->header_rows)
        draw_rule(f, x, tw, f->y, 0.5);
      if (f->y + rw->height > f->bottom + 0.01) {
        r--; /* retry on the fresh page: the split path takes it */
        on_page = 0;
        continue;
      }
    }
    place_row_part(f, rw, nc, cw, x, NULL, rw->height, 0);
    on_page++;
    if (r + 1 < nr)
      draw_rule(f, x, tw, f->y, 0.25);
  }
  draw_rule(f, x, tw, f->y, 0.9);
  for (size_t r = 0; r < nr; r++)
    free(rows[r].cells);
  free(rows);
  free(cw);
  flow_space(f, 10);
}
