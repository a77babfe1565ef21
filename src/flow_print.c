/* flow_print.c — the flow stage's print blocks, beside table.c: a row of
 * QR codes (DOC_QR: each code a FRAME_QR square with a link over it, its
 * label and short URL centred under it; the row kept on one page), a
 * full-bleed band (DOC_BAND: an image edge to edge across the page top;
 * render extends whatever touches the trim into the bleed) and the
 * sponsors' logo grid (DOC_LOGOS: logos of equal area centred in their
 * cells, names under them, links over them; rows kept whole).  The QR
 * matrix and the image pixels are render's business: here a code or a
 * logo is only a rectangle. */
#include <math.h>
#include <string.h>

#include "flow_int.h"
#include "util.h"

/* Caption style: the named style, centred, no indent. */
static layout_style caption_style(flow_state *f, const char *name) {
  layout_style st = *layout_style_get(f->lay, name);
  st.align = LAYOUT_ALIGN_CENTER;
  st.indent = 0;
  return st;
}

/* Geometry of a row of codes laid out in width w. */
typedef struct qr_geom {
  double size;   /* code side, pt */
  double cell;   /* cell width (code and caption), pt */
  double gap;    /* between cells, pt */
  size_t per;    /* cells per line of codes */
} qr_geom;

static qr_geom geom(const doc_block *b, double w) {
  qr_geom g;
  g.size = b->height > 0 ? b->height : 56;
  if (g.size > w)
    g.size = w;
  g.cell = fmin(w, g.size * 1.7);
  g.gap = g.size * 0.3;
  g.per = (size_t)floor((w + g.gap) / (g.cell + g.gap));
  if (g.per < 1)
    g.per = 1;
  return g;
}

/* Captions of code c: label and URL paragraphs at the cell width. */
static void captions(flow_state *f, const doc_block *c, double cell,
                     text_para **label, text_para **url) {
  layout_style ls = caption_style(f, "qr-label");
  layout_style us = caption_style(f, "qr-url");
  *label = NULL;
  if (c->alt && *c->alt)
    *label = text_layout_plain(f->text, c->alt, &ls, cell);
  *url = c->text.text && *c->text.text
             ? text_layout(f->text, &c->text, &us, cell, 0)
             : NULL;
}

/* Height of one line of codes starting at child i. */
static double line_height(flow_state *f, const doc_block *b, size_t i,
                          const qr_geom *g, int keep) {
  double h = 0;
  for (size_t k = i; k < b->n_children && k < i + g->per; k++) {
    text_para *lp, *up;
    captions(f, b->children[k], g->cell, &lp, &up);
    double ch = (lp ? lp->height : 0) + (up ? up->height : 0);
    if (ch > h)
      h = ch;
    if (keep) {
      if (lp)
        flow_keep_para(f, lp);
      if (up)
        flow_keep_para(f, up);
    } else {
      text_para_free(lp);
      text_para_free(up);
    }
  }
  return g->size + 4 + h;
}

double flow_qr_height(flow_state *f, const doc_block *b, double w) {
  qr_geom g = geom(b, w);
  double h = 0;
  for (size_t i = 0; i < b->n_children; i += g.per)
    h += line_height(f, b, i, &g, 0) + (i ? 10 : 0);
  return h + 16;
}

static void place_lines(flow_state *f, const text_para *p, double x,
                        double y) {
  for (size_t i = 0; p && i < p->n_lines; i++) {
    const text_line *ln = &p->lines[i];
    double lead = (ln->height - (ln->ascent + ln->descent)) / 2;
    frame *fr = flow_add(f, FRAME_TEXT, x, y + lead + ln->ascent, ln->width,
                         ln->height);
    fr->line = ln;
    y += ln->height;
  }
}

void flow_place_qr(flow_state *f, const doc_block *b, double x, double w,
                   const doc_block *next) {
  (void)next;
  if (!b->n_children)
    return;
  qr_geom g = geom(b, w);
  flow_space(f, 8);
  for (size_t i = 0; i < b->n_children; i += g.per) {
    size_t n = b->n_children - i < g.per ? b->n_children - i : g.per;
    double h = line_height(f, b, i, &g, 0);
    flow_settle_space(f);
    if (f->has_content && f->y + h > f->bottom)
      flow_new_page(f);
    double row_w = (double)n * g.cell + (double)(n - 1) * g.gap;
    double x0 = flow_left(f) + x + (w - row_w) / 2;
    for (size_t k = 0; k < n; k++) {
      const doc_block *c = b->children[i + k];
      double cx = x0 + (double)k * (g.cell + g.gap);
      double qx = cx + (g.cell - g.size) / 2;
      frame *q = flow_add(f, FRAME_QR, qx, f->y, g.size, g.size);
      q->src = xstrdup(c->src);
      q->color = 0x000000;
      frame *lk = flow_add(f, FRAME_LINK, qx, f->y, g.size, g.size);
      lk->src = xstrdup(c->src);
      text_para *lp, *up;
      captions(f, c, g.cell, &lp, &up);
      if (lp)
        flow_keep_para(f, lp);
      if (up)
        flow_keep_para(f, up);
      double y = f->y + g.size + 4;
      place_lines(f, lp, cx, y);
      place_lines(f, up, cx, y + (lp ? lp->height : 0));
    }
    f->y += h;
    f->has_content = 1;
    flow_space(f, 10);
  }
  flow_space(f, 8);
}

void flow_place_band(flow_state *f, const doc_block *b, double x, double w,
                     const doc_block *next) {
  (void)x, (void)w, (void)next;
  double pw = f->res->page_w, ph = f->res->page_h;
  double max_h = ph * (b->max_height > 0 ? b->max_height : 0.45);
  int ok = flow_image_ok(b);
  double iw = b->image.w, ih = b->image.h;
  if (f->has_content)
    flow_new_page(f);
  /* without an image (none, or one that cannot be drawn) the band is a
   * strip of the accent colour, never an empty frame */
  double strip = ph * (b->src || b->max_height <= 0 || b->max_height > 0.1
                           ? 0.035
                           : b->max_height);
  double h = ok ? fmin(pw * ih / iw, max_h) : strip;
  frame *fr = flow_add(f, ok ? FRAME_IMAGE : FRAME_RECT, 0, 0, pw, h);
  if (ok) {
    fr->src = xstrdup(b->src);
    fr->crop_x = 0.5, fr->crop_y = 0.5;
    fr->image = b->image;
  } else {
    fr->color = f->lay->accent;
  }
  f->y = fmax(f->y, h + 6);
  f->pending = 0;
  f->has_content = 1;
}

/* ---- sponsor logos ------------------------------------------------------- */

/* Cells a row at most (layout sponsors.columns is 1..8). */
#define LOGO_MAX_COLS 8

/* Geometry of a logo grid laid out in width w. */
typedef struct logo_geom {
  double cell;    /* cell width, pt */
  double gap;     /* between cells across, pt */
  double box;     /* logo box height: the side of a square logo, pt */
  double row_gap; /* between rows, pt */
  size_t per;     /* cells a row */
} logo_geom;

static logo_geom logo_geometry(const doc_block *b, double w) {
  logo_geom g;
  g.per = b->n_cols >= 1 && b->n_cols <= LOGO_MAX_COLS ? b->n_cols : 3;
  g.gap = fmin(14, w * 0.05);
  /* narrow frames: fewer cells rather than cells narrower than an inch */
  while (g.per > 1 && (w - (double)(g.per - 1) * g.gap) / (double)g.per < 72)
    g.per--;
  g.cell = (w - (double)(g.per - 1) * g.gap) / (double)g.per;
  g.box = fmin(b->height > 0 ? b->height : 40, g.cell);
  g.row_gap = 0.4 * g.box;
  return g;
}

/* Size of a logo w/h = aspect: the area of a square g->box high (equal
 * visual weight), shrunk (aspect kept) to fit a cell g->cell wide and
 * g->box high. */
static void logo_size(const logo_geom *g, double aspect, double *w, double *h) {
  *w = g->box * sqrt(aspect);
  *h = g->box / sqrt(aspect);
  double s = fmin(1, fmin(g->cell / *w, g->box / *h));
  *w *= s, *h *= s;
}

/* One cell as measured: the logo (or its placeholder) and the text. */
typedef struct logo_cell {
  int logo;        /* 1: a logo cell (DOC_IMAGE), 0: a name alone */
  int ok;          /* the logo can be drawn */
  double lw, lh;   /* logo or placeholder size, pt */
  text_para *text; /* name under the logo, alone, or in the placeholder */
  double h;        /* the cell's height, pt */
} logo_cell;

/* Measure cell c. */
static void logo_measure(flow_state *f, const doc_block *c, const logo_geom *g,
                         logo_cell *out) {
  memset(out, 0, sizeof *out);
  out->logo = c->kind == DOC_IMAGE;
  if (!out->logo) { /* the name alone, set large, centred in the box */
    layout_style st = caption_style(f, c->style);
    out->text = text_layout(f->text, &c->text, &st, g->cell, 0);
    out->h = fmax(g->box, out->text->height);
    return;
  }
  out->ok = flow_image_ok(c);
  if (out->ok) {
    logo_size(g, (double)c->image.w / c->image.h, &out->lw, &out->lh);
    layout_style st = caption_style(f, c->style);
    if (c->text.text && *c->text.text)
      out->text = text_layout(f->text, &c->text, &st, g->cell, 0);
    out->h = g->box + (out->text ? 4 + out->text->height : 0);
    return;
  }
  /* a placeholder as wide as a 2:1 logo may be and the box high, the
   * name in it under render's picture icon (at most 14 pt at the top
   * left corner) */
  out->lw = fmin(g->cell, 2 * g->box);
  double icon = 1.3 * fmin(out->lw / 4, 14) + 2;
  layout_style st = caption_style(f, "placeholder");
  doc_text alt = {0};
  doc_text_append(&alt, c->alt && *c->alt ? c->alt : " ", 0, NULL);
  out->text = text_layout(f->text, &alt, &st, out->lw - 8, 0);
  doc_text_free(&alt);
  out->lh = fmax(g->box, icon + out->text->height + 4);
  out->h = out->lh;
}

/* Measure the row of n cells from child i into cells; its height. */
static double logo_row(flow_state *f, const doc_block *b, size_t i, size_t n,
                       const logo_geom *g, logo_cell *cells) {
  double h = 0;
  for (size_t k = 0; k < n; k++) {
    logo_measure(f, b->children[i + k], g, &cells[k]);
    h = fmax(h, cells[k].h);
  }
  return h;
}

static void logo_row_free(logo_cell *cells, size_t n) {
  for (size_t k = 0; k < n; k++)
    text_para_free(cells[k].text);
}

/* Height of the grid, or with first_row only its first row's. */
static double logos_height(flow_state *f, const doc_block *b, double w,
                           int first_row) {
  if (!b->n_children)
    return 0;
  logo_geom g = logo_geometry(b, w);
  logo_cell cells[LOGO_MAX_COLS];
  double h = 6;
  for (size_t i = 0; i < b->n_children; i += g.per) {
    size_t n = b->n_children - i < g.per ? b->n_children - i : g.per;
    h += logo_row(f, b, i, n, &g, cells) + (i ? g.row_gap : 0);
    logo_row_free(cells, n);
    if (first_row)
      break;
  }
  return h;
}

double flow_logos_height(flow_state *f, const doc_block *b, double w) {
  return logos_height(f, b, w, 0);
}

double flow_logos_keep_height(flow_state *f, const doc_block *b, double w) {
  return logos_height(f, b, w, 1);
}

/* Draw one measured cell at cx, y (page coordinates): the logo centred
 * in the box (or its placeholder with the name in it) and the name
 * under it, or the name alone; a link over it all. */
static void logo_place_cell(flow_state *f, const doc_block *c,
                            const logo_geom *g, logo_cell *cell, double cx,
                            double y) {
  double lx = cx + (g->cell - cell->lw) / 2;
  double ly = y + (g->box - cell->lh) / 2;
  if (cell->logo && cell->ok) {
    frame *fr = flow_add(f, FRAME_IMAGE, lx, ly, cell->lw, cell->lh);
    fr->src = xstrdup(c->src);
    fr->src_line = c->line;
    fr->crop_x = 0.5, fr->crop_y = 0.5;
    fr->image = c->image;
    flow_check_dpi(f, c, c->image.w, cell->lw, cell->lh);
    place_lines(f, cell->text, cx, y + g->box + 4);
  } else if (cell->logo) {
    ly = y;
    frame *fr = flow_add(f, FRAME_PLACEHOLDER, lx, ly, cell->lw, cell->lh);
    fr->src = xstrdup(c->src);
    fr->color = f->lay->rule_color;
    double icon = 1.3 * fmin(cell->lw / 4, 14) + 2;
    double room = cell->lh - icon - 4 - cell->text->height;
    place_lines(f, cell->text, lx + 4, ly + icon + fmax(0, room / 2));
  } else {
    place_lines(f, cell->text, cx,
                y + fmax(0, (g->box - cell->text->height) / 2));
  }
  if (cell->text)
    flow_keep_para(f, cell->text);
  cell->text = NULL;
  if (c->url && *c->url) {
    frame *lk = flow_add(f, FRAME_LINK, cx, y, g->cell, cell->h);
    lk->src = xstrdup(c->url);
  }
}

void flow_place_logos(flow_state *f, const doc_block *b, double x, double w,
                      const doc_block *next) {
  (void)next;
  if (!b->n_children)
    return;
  logo_geom g = logo_geometry(b, w);
  logo_cell cells[LOGO_MAX_COLS];
  flow_space(f, 6);
  for (size_t i = 0; i < b->n_children; i += g.per) {
    size_t n = b->n_children - i < g.per ? b->n_children - i : g.per;
    double h = logo_row(f, b, i, n, &g, cells);
    flow_settle_space(f);
    if (f->has_content && f->y + h > f->bottom)
      flow_new_page(f);
    /* a short row is centred under the full ones */
    double row_w = (double)n * g.cell + (double)(n - 1) * g.gap;
    double x0 = flow_left(f) + x + (w - row_w) / 2;
    for (size_t k = 0; k < n; k++)
      logo_place_cell(f, b->children[i + k], &g, &cells[k],
                      x0 + (double)k * (g.cell + g.gap), f->y);
    f->y += h;
    f->has_content = 1;
    flow_space(f, g.row_gap);
  }
  flow_space(f, 8);
}
