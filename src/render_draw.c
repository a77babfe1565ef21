/* render_draw.c — the render stage's drawing: one flow frame after
 * another onto a Cairo context, the same code for PDF, PNG and SVG.
 * Glyph runs are drawn at the positions text.c computed, with
 * cairo_show_text_glyphs and the run's cluster map, so that copying from
 * the PDF gives back the source characters (glyph ids mapped to the
 * subset faces of render_fonts.c); links and named destinations as Cairo
 * tags; rules, rectangles and QR codes (qr.h) as vector shapes;
 * backgrounds that touch the trim grown into the bleed.  Images are
 * render_image.c's, sheets and marks render_sheet.c's.  Nothing is laid
 * out here: every position comes from flow and text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "qr.h"
#include "render_int.h"
#include "util.h"

/* A struck-through run: the line's height above the baseline and its
 * width, in ems of the run's size (the middle of the ideographic em box
 * for CJK, a little above the x-height's middle for Latin). */
#define STRIKE_RISE_CJK 0.38
#define STRIKE_RISE_LATIN 0.28
#define STRIKE_WIDTH 0.06
/* pt: a rule or outline whose frame gives no width */
#define DEFAULT_LINE_WIDTH 0.5
/* pt: a frame this near the trim touches it (and grows into the bleed) */
#define TRIM_SNAP 0.5

/* How a QR code is written: as a form of module units painted scaled
 * (PDF, PNG) or as a path in page units (SVG). */
typedef enum qr_paint { QR_AS_FORM, QR_AS_PATH } qr_paint;

void render_fmt_num(char *buf, size_t n, double v) {
  snprintf(buf, n, "%.3f", v);
  for (char *p = buf; *p; p++)
    if (*p == ',')
      *p = '.';
}

/* Appends s quoted for a Cairo attribute string: 'it\'s'. */
static void add_quoted(strbuf *b, const char *s) {
  sb_addc(b, '\'');
  for (; *s; s++) {
    if (*s == '\'' || *s == '\\')
      sb_addc(b, '\\');
    sb_addc(b, *s);
  }
  sb_addc(b, '\'');
}

/* "uri='…'" or, for "#name", "dest='name'".  Caller frees; NULL when the
 * target is empty. */
static char *link_attrs(const char *url) {
  if (!url || !*url || !strcmp(url, "#"))
    return NULL;
  strbuf b = {0};
  if (url[0] == '#') {
    sb_add(&b, "dest=");
    add_quoted(&b, url + 1);
  } else {
    sb_add(&b, "uri=");
    add_quoted(&b, url);
  }
  return sb_take(&b);
}

static int cjk_start(const char *s, size_t n) {
  size_t len;
  uint32_t c = n ? utf8_decode(s, n, &len) : 0;
  return utf8_is_han(c) || (c >= 0x3000 && c <= 0x30FF) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

void render_draw_text(cairo_t *cr, rstate *s, const frame *f) {
  const text_line *ln = f->line;
  if (!ln)
    return;
  for (size_t k = 0; k < ln->n_runs; k++) {
    const text_run *r = &ln->runs[k];
    if (!r->n_glyphs || r->font < 0 || (size_t)r->font >= s->n_fonts ||
        !s->faces[r->font])
      continue;
    cairo_set_font_face(cr, s->faces[r->font]);
    cairo_matrix_t m;
    cairo_matrix_init(&m, r->size, 0, -r->slant * r->size, r->size, 0, 0);
    cairo_set_font_matrix(cr, &m);
    set_color(cr, r->color);
    const glyph_map *gm = &s->gmaps[r->font];
    cairo_glyph_t *gl = xmalloc(r->n_glyphs * sizeof *gl);
    for (size_t g = 0; g < r->n_glyphs; g++) {
      gl[g].index = render_glyph_id(gm, r->glyphs[g].id);
      gl[g].x = f->x + r->x + r->glyphs[g].x;
      gl[g].y = f->y + r->glyphs[g].y;
    }
    cairo_text_cluster_t *cl =
        xmalloc((r->n_clusters ? r->n_clusters : 1) * sizeof *cl);
    for (size_t c = 0; c < r->n_clusters; c++) {
      cl[c].num_bytes = r->clusters[c].n_bytes;
      cl[c].num_glyphs = r->clusters[c].n_glyphs;
    }
    char *link =
        (r->flags & DOC_LINK) && !s->no_tags ? link_attrs(r->url) : NULL;
    if (link)
      cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
    cairo_show_text_glyphs(cr, r->utf8, (int)r->n_bytes, gl, (int)r->n_glyphs,
                           cl, (int)r->n_clusters, 0);
    if (link) {
      cairo_tag_end(cr, CAIRO_TAG_LINK);
      free(link);
    }
    if (r->flags & DOC_STRIKE) {
      /* Through the middle of the ideographic em box for CJK, a little
       * above the x-height middle for Latin. */
      double y =
          f->y - r->size * (cjk_start(r->utf8, r->n_bytes) ? STRIKE_RISE_CJK
                                                           : STRIKE_RISE_LATIN);
      cairo_set_line_width(cr, r->size * STRIKE_WIDTH);
      cairo_move_to(cr, f->x + r->x, y);
      cairo_line_to(cr, f->x + r->x + r->width, y);
      cairo_stroke(cr);
    }
    free(gl);
    free(cl);
  }
}

/* The outline of the dark modules of q as closed paths in module units
 * (whole numbers), one point per corner: each boundary edge of a dark
 * module runs with the module on its right (clockwise on the page), and
 * the edges are joined into loops, turning right first where two loops
 * touch at a corner.  Holes come out the other way round, so the nonzero
 * rule fills the modules exactly. */
static void qr_outline(cairo_t *cr, const qr_code *q) {
  int n = q->size, v = n + 1;
  enum { R = 1, D = 2, L = 4, U = 8 };
  static const int dx[4] = {1, 0, -1, 0}, dy[4] = {0, 1, 0, -1};
  unsigned char *out =
      xcalloc((size_t)v * (size_t)v, 1); /* edges leaving a vertex */
#define DARK(x, y)                                                             \
  ((x) >= 0 && (y) >= 0 && (x) < n && (y) < n &&                               \
   q->modules[(size_t)(y) * (size_t)n + (size_t)(x)])
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      if (!DARK(x, y))
        continue;
      if (!DARK(x, y - 1))
        out[y * v + x] |= R; /* top, rightwards */
      if (!DARK(x + 1, y))
        out[y * v + x + 1] |= D; /* right side, downwards */
      if (!DARK(x, y + 1))
        out[(y + 1) * v + x + 1] |= L; /* bottom, leftwards */
      if (!DARK(x - 1, y))
        out[(y + 1) * v + x] |= U; /* left side, upwards */
    }
#undef DARK
  for (int s = 0; s < v * v; s++) {
    while (out[s]) {
      int x = s % v, y = s / v, d = 0;
      while (!(out[s] & (1 << d)))
        d++;
      cairo_move_to(cr, x, y);
      int px = x, py = y;
      for (;;) {
        out[py * v + px] &= (unsigned char)~(1 << d);
        px += dx[d], py += dy[d];
        if (px == x && py == y)
          break;
        int here = out[py * v + px], nd = -1;
        for (int turn = 1; turn >= -1 && nd < 0; turn--) { /* right, on, left */
          int c = (d + turn + 4) % 4;
          if (here & (1 << c))
            nd = c;
        }
        if (nd < 0)
          break; /* cannot happen: every vertex of a loop goes on */
        if (nd != d)
          cairo_line_to(cr, px, py);
        d = nd;
      }
      cairo_close_path(cr);
    }
  }
  free(out);
}

/* A QR code as filled vector shapes: the outline of its dark modules in
 * one path filled once (no hairline seams between modules).  For PDF the
 * path is drawn in module units on a recording surface painted scaled
 * into the frame, so the file holds it as a form of small whole numbers:
 * about half the bytes of the same outline in page coordinates.  SVG gets
 * the outline drawn directly (Cairo 1.16's SVG surface leaks a snapshot
 * of a recording surface used as a source). */
static void draw_qr(cairo_t *cr, const frame *f, qr_paint how) {
  qr_code *q = qr_encode(f->src);
  if (!q || !(f->w > 0)) {
    qr_free(q);
    return;
  }
  cairo_save(cr);
  cairo_translate(cr, f->x, f->y);
  cairo_scale(cr, f->w / q->size, f->w / q->size);
  if (how == QR_AS_FORM) {
    cairo_rectangle_t ext = {0, 0, q->size, q->size};
    cairo_surface_t *rec =
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *qc = cairo_create(rec);
    qr_outline(qc, q);
    set_color(qc, f->color);
    cairo_set_fill_rule(qc, CAIRO_FILL_RULE_WINDING);
    cairo_fill(qc);
    cairo_destroy(qc);
    cairo_set_source_surface(cr, rec, 0, 0);
    cairo_rectangle(cr, 0, 0, q->size, q->size);
    cairo_fill(cr);
    cairo_surface_destroy(rec);
  } else {
    cairo_new_path(cr);
    qr_outline(cr, q);
    set_color(cr, f->color);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
  }
  cairo_restore(cr);
  qr_free(q);
}

/* A frame that touches the trim on a side reaches s->bleed past it on
 * that side (backgrounds and full-bleed images).  Returns 1 and sets
 * *out when f touches the trim anywhere. */
static int bleed_frame(const rstate *s, const frame *f, frame *out) {
  const double eps = TRIM_SNAP, W = s->r->page_w, H = s->r->page_h,
               b = s->bleed;
  int touched = 0;
  *out = *f;
  if (f->x <= eps)
    out->w += out->x + b, out->x = -b, touched = 1;
  if (f->y <= eps)
    out->h += out->y + b, out->y = -b, touched = 1;
  if (f->x + f->w >= W - eps)
    out->w = W + b - out->x, touched = 1;
  if (f->y + f->h >= H - eps)
    out->h = H + b - out->y, touched = 1;
  return touched;
}

static void draw_rect(cairo_t *cr, const rstate *s, const frame *f) {
  frame grown;
  if (bleed_frame(s, f, &grown))
    f = &grown;
  set_color(cr, f->color);
  cairo_rectangle(cr, f->x, f->y, f->w, f->h);
  cairo_fill(cr);
}

static void draw_stroke_rect(cairo_t *cr, const frame *f) {
  set_color(cr, f->color);
  cairo_set_line_width(cr,
                       f->line_width > 0 ? f->line_width : DEFAULT_LINE_WIDTH);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_rectangle(cr, f->x, f->y, f->w, f->h);
  cairo_stroke(cr);
}

static void draw_rule(cairo_t *cr, const frame *f) {
  set_color(cr, f->color);
  cairo_set_line_width(cr,
                       f->line_width > 0 ? f->line_width : DEFAULT_LINE_WIDTH);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_move_to(cr, f->x, f->y);
  cairo_line_to(cr, f->x + f->w, f->y + f->h);
  cairo_stroke(cr);
}

/* An image; one that touches the trim covers its frame grown into the
 * bleed. */
static void draw_image_frame(cairo_t *cr, rstate *s, const frame *f) {
  frame grown;
  if (bleed_frame(s, f, &grown))
    render_draw_image_cover(cr, s, &grown);
  else
    render_draw_image(cr, s, f);
}

/* A link area.  Cairo takes rect= and dest positions in page units,
 * untouched by the CTM: a page moved onto a larger sheet moves them
 * itself. */
static void draw_link(cairo_t *cr, const rstate *s, const frame *f) {
  char *target = s->no_tags ? NULL : link_attrs(f->src);
  if (!target || f->w <= 0 || f->h <= 0) {
    free(target);
    return;
  }
  char a[64], b[64], c[64], d[64];
  double x0 = f->x, y0 = f->y, x1 = f->x + f->w, y1 = f->y + f->h;
  cairo_user_to_device(cr, &x0, &y0);
  cairo_user_to_device(cr, &x1, &y1);
  render_fmt_num(a, sizeof a, x0);
  render_fmt_num(b, sizeof b, y0);
  render_fmt_num(c, sizeof c, x1 - x0);
  render_fmt_num(d, sizeof d, y1 - y0);
  strbuf sb = {0};
  sb_addf(&sb, "rect=[%s %s %s %s] %s", a, b, c, d, target);
  free(target);
  cairo_tag_begin(cr, CAIRO_TAG_LINK, sb.s);
  cairo_tag_end(cr, CAIRO_TAG_LINK);
  sb_free(&sb);
}

/* A named destination, where links and the outline point. */
static void draw_anchor(cairo_t *cr, const rstate *s, const frame *f) {
  if (!f->src || !*f->src || s->no_tags)
    return;
  char a[64], b[64];
  double dx = f->x, dy = f->y;
  cairo_user_to_device(cr, &dx, &dy);
  render_fmt_num(a, sizeof a, dx);
  render_fmt_num(b, sizeof b, dy);
  strbuf sb = {0};
  sb_add(&sb, "name=");
  add_quoted(&sb, f->src[0] == '#' ? f->src + 1 : f->src);
  sb_addf(&sb, " x=%s y=%s", a, b);
  cairo_tag_begin(cr, CAIRO_TAG_DEST, sb.s);
  cairo_tag_end(cr, CAIRO_TAG_DEST);
  sb_free(&sb);
}

static void draw_frame(cairo_t *cr, rstate *s, const frame *f) {
  switch (f->kind) {
  case FRAME_TEXT:
    render_draw_text(cr, s, f);
    break;
  case FRAME_RECT:
    draw_rect(cr, s, f);
    break;
  case FRAME_STROKE_RECT:
    draw_stroke_rect(cr, f);
    break;
  case FRAME_RULE:
    draw_rule(cr, f);
    break;
  case FRAME_IMAGE:
    draw_image_frame(cr, s, f);
    break;
  case FRAME_CIRCLE_IMAGE:
    render_draw_circle_image(cr, s, f);
    break;
  case FRAME_PLACEHOLDER:
    render_draw_placeholder(cr, f);
    break;
  case FRAME_QR:
    draw_qr(cr, f, s->opt->format != RENDER_SVG ? QR_AS_FORM : QR_AS_PATH);
    break;
  case FRAME_LINK:
    draw_link(cr, s, f);
    break;
  case FRAME_ANCHOR:
    draw_anchor(cr, s, f);
    break;
  }
}

void render_draw_page(cairo_t *cr, rstate *s, const flow_page *p) {
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);
  for (size_t i = 0; i < p->n_frames; i++) {
    cairo_save(cr);
    draw_frame(cr, s, &p->frames[i]);
    cairo_restore(cr);
  }
}
