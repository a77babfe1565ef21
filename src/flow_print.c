/* flow_print.c — the flow stage's print blocks (issue 5), beside table.c:
 * a row of QR codes (DOC_QR: each code a FRAME_QR square with a link
 * over it, its label and short URL centred under it; the row kept on one
 * page) and a full-bleed band (DOC_BAND: an image edge to edge across the
 * page top; render extends whatever touches the trim into the bleed).
 * The QR matrix is render's business: here a code is only a square. */
#include <math.h>
#include <string.h>

#include "diag.h"
#include "flow_int.h"
#include "image.h"
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

void flow_place_qr(flow_state *f, const doc_block *b, double x, double w) {
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

void flow_place_band(flow_state *f, const doc_block *b) {
  double pw = f->res->page_w, ph = f->res->page_h;
  double max_h = ph * (b->max_height > 0 ? b->max_height : 0.45);
  int ok = 0;
  double iw = 0, ih = 0;
  const char *file = f->doc->source_path, *why = NULL;
  image_info in;
  if (b->src && image_is_remote(b->src)) {
    diag_report(DIAG_IMG_REMOTE, file, b->line, 0, b->src);
  } else if (b->src && image_probe_info(b->src, &in, &why) && in.w > 0 &&
             in.h > 0) {
    ok = 1, iw = in.w, ih = in.h;
  } else if (b->src) {
    if (why && strcmp(why, "no such file"))
      diag_report(DIAG_IMG_BAD, file, b->line, 0, image_name(b->src), why);
    else
      diag_report(DIAG_IMG_MISSING, file, b->line, 0, image_name(b->src));
  }
  if (f->has_content)
    flow_new_page(f);
  double h = ok ? fmin(pw * ih / iw, max_h) : ph * 0.25;
  frame *fr = flow_add(f, ok ? FRAME_IMAGE : FRAME_RECT, 0, 0, pw, h);
  if (ok) {
    fr->src = xstrdup(b->src);
    fr->crop_x = 0.5, fr->crop_y = 0.5;
  } else {
    fr->color = 0xe9e2da;
  }
  f->y = fmax(f->y, h + 6);
  f->pending = 0;
  f->has_content = 1;
}
