/* render_preview.c — the render stage's pictures of pages: PNG and SVG
 * output, one file per page or sheet side (FILE-N.png, FILE-N.svg; all
 * written to temporaries and renamed together at the end), and the
 * contact sheet, every page as a thumbnail on one PNG.  They draw through
 * the same sheets as the PDF (render_sheet.c), without links. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-svg.h>
#include <cairo.h>

#include "diag.h"
#include "render_int.h"
#include "util.h"

/* Cairo's largest image surface side, pixels */
#define MAX_PIXELS 32767

/* The contact sheet: thumbnails THUMB_W pt wide at PX_PER_PT pixels per
 * pt (108 dpi), facing pages as spreads when there are more than
 * SPREAD_MIN_PAGES; a grey ground, a soft shadow under each page and a
 * hairline edge round it. */
#define CONTACT_THUMB_W 132
#define CONTACT_PX_PER_PT 1.5
#define CONTACT_SPREAD_MIN_PAGES 2
#define CONTACT_GROUND 0xe4e1dc
#define CONTACT_SHADOW_ALPHA 0.12
#define CONTACT_SHADOW_DX 1.5
#define CONTACT_SHADOW_DY 2
#define CONTACT_EDGE 0xb5b0a8
#define CONTACT_EDGE_WIDTH 0.4

/* A PNG of w x h pt at dpi: white, *cr scaled to draw in pt.  NULL,
 * reported, when it would be too large. */
static cairo_surface_t *png_surface(rstate *s, double w, double h, double dpi,
                                    cairo_t **cr) {
  double wpx = ceil(w * dpi / 72 - 1e-6);
  double hpx = ceil(h * dpi / 72 - 1e-6);
  if (wpx < 1 || hpx < 1 || wpx > MAX_PIXELS || hpx > MAX_PIXELS) {
    diag_report(DIAG_RENDER, s->diag_file, 0, 0,
                "page too large in pixels at this resolution");
    return NULL;
  }
  cairo_surface_t *surf =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)wpx, (int)hpx);
  *cr = cairo_create(surf);
  cairo_set_source_rgb(*cr, 1, 1, 1);
  cairo_paint(*cr);
  cairo_scale(*cr, dpi / 72, dpi / 72);
  return surf;
}

/* ---- PNG and SVG: one file per page (or sheet) ------------------------- */

static int write_page_file(rstate *s, const impose_plan *p, size_t i,
                           render_sink *k) {
  cairo_surface_t *surf;
  cairo_status_t st = CAIRO_STATUS_SUCCESS;
  cairo_t *cr = NULL;
  if (s->opt->format == RENDER_PNG) {
    double dpi = s->opt->dpi > 0 ? s->opt->dpi : RENDER_DEFAULT_DPI;
    surf = png_surface(s, p->sheet_w, p->sheet_h, dpi, &cr);
    if (!surf)
      return -1;
    render_draw_sheet(cr, s, p, i, NULL);
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (!st)
      st = cairo_surface_write_to_png_stream(surf, render_sink_write, k);
  } else {
    surf = cairo_svg_surface_create_for_stream(render_sink_write, k, p->sheet_w,
                                               p->sheet_h);
    cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PT);
    cr = cairo_create(surf);
    render_draw_sheet(cr, s, p, i, NULL);
    st = cairo_status(cr);
    cairo_destroy(cr);
  }
  cairo_surface_finish(surf);
  if (!st)
    st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  int bad = st != CAIRO_STATUS_SUCCESS || k->err;
  if (render_sink_close(k) != 0 || bad) {
    render_out_report(s->diag_file, k, st ? st : CAIRO_STATUS_WRITE_ERROR);
    return -1;
  }
  return 0;
}

int render_write_pages(rstate *s, const impose_plan *p, const char *path) {
  if (!strcmp(path, "-")) {
    diag_report(DIAG_RENDER, s->diag_file, 0, 0,
                "PNG and SVG pages cannot go to standard output");
    return -1;
  }
  size_t n = p->n_sheets;
  render_sink *k = xcalloc(n, sizeof *k);
  char **names = xcalloc(n, sizeof *names);
  int rc = 0;
  size_t done = 0;
  s->no_tags = 1;
  for (; done < n && rc == 0; done++) {
    names[done] = render_page_path(path, done);
    if (render_sink_open(&k[done], names[done]) != 0) {
      diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, names[done],
                  strerror(k[done].err));
      rc = -1;
    } else if (write_page_file(s, p, done, &k[done]) != 0) {
      rc = -1;
    }
  }
  s->no_tags = 0;
  /* All pages written: move them into place together. */
  for (size_t i = 0; i < done && rc == 0; i++)
    if (render_sink_commit(&k[i]) != 0) {
      diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, names[i],
                  strerror(k[i].err));
      rc = -1;
    }
  for (size_t i = 0; i < done; i++) {
    render_sink_discard(&k[i]);
    free(names[i]);
  }
  free(k);
  free(names);
  return rc;
}

/* ---- contact sheet ---------------------------------------------------------
 */

/* Each page's paper under it: a soft shadow, then white. */
static void contact_paper(cairo_t *cr, const impose_sheet *sh) {
  for (size_t i = 0; i < sh->n_slots; i++) {
    const impose_slot *sl = &sh->slots[i];
    cairo_set_source_rgba(cr, 0, 0, 0, CONTACT_SHADOW_ALPHA);
    cairo_rectangle(cr, sl->clip_x + CONTACT_SHADOW_DX,
                    sl->clip_y + CONTACT_SHADOW_DY, sl->clip_w, sl->clip_h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h);
    cairo_fill(cr);
  }
}

/* A hairline round each page. */
static void contact_edges(cairo_t *cr, const impose_sheet *sh) {
  cairo_set_line_width(cr, CONTACT_EDGE_WIDTH);
  set_color(cr, CONTACT_EDGE);
  for (size_t i = 0; i < sh->n_slots; i++) {
    const impose_slot *sl = &sh->slots[i];
    cairo_rectangle(cr, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h);
    cairo_stroke(cr);
  }
}

/* What render_out_file writes: the drawn contact sheet, unless drawing
 * it failed. */
typedef struct contact_png {
  cairo_surface_t *surf; /* the picture */
  cairo_status_t st;     /* how drawing it went */
} contact_png;

static cairo_status_t put_png(render_sink *k, void *arg) {
  contact_png *c = arg;
  if (c->st)
    return c->st;
  return cairo_surface_write_to_png_stream(c->surf, render_sink_write, k);
}

int render_write_contact(rstate *s, const char *path) {
  const flow_result *r = s->r;
  int spreads = r->n_pages > CONTACT_SPREAD_MIN_PAGES;
  impose_plan *p = impose_contact_plan(r->n_pages, r->page_w, r->page_h,
                                       CONTACT_THUMB_W, spreads);
  cairo_t *cr = NULL;
  cairo_surface_t *surf =
      png_surface(s, p->sheet_w, p->sheet_h, 72 * CONTACT_PX_PER_PT, &cr);
  if (!surf) {
    impose_plan_free(p);
    return -1;
  }
  set_color(cr, CONTACT_GROUND);
  cairo_paint(cr);
  contact_paper(cr, &p->sheets[0]);
  int raster = s->raster;
  double bleed = s->bleed;
  s->raster = 1, s->no_tags = 1, s->bleed = 0;
  render_draw_sheet(cr, s, p, 0, NULL);
  s->raster = raster, s->no_tags = 0, s->bleed = bleed;
  contact_edges(cr, &p->sheets[0]);
  contact_png c = {surf, cairo_status(cr)};
  cairo_destroy(cr);
  int rc = render_out_file(path, s->diag_file, put_png, &c);
  cairo_surface_destroy(surf);
  impose_plan_free(p);
  return rc;
}
