/* render_sheet.c — the render stage's sheets: carries out impose.h's
 * plan with Cairo.  Each slot's page is clipped to its trim plus bleed
 * and placed at its position and scale, drawn directly (PNG, SVG, pages
 * on a larger medium) or from one recording surface per page (imposed
 * PDF sheets: each page drawn once, text kept as text, fonts subset
 * once); then the printer's marks (crop, fold, registration) and the
 * slug line, which is shaped by text.c like every other line.  Where
 * the pages go is impose.c's; what a page holds is render_draw.c's. */
#include <math.h>
#include <stdlib.h>

#include <cairo.h>

#include "render_int.h"
#include "util.h"

/* pt: printer's marks are hairlines */
#define MARK_LINE_WIDTH 0.3
/* a registration target's cross reaches this many radii from its centre;
 * its dot is this many radii wide */
#define TARGET_CROSS 1.5
#define TARGET_DOT 0.45
/* pt: dash and gap of a fold mark */
#define FOLD_DASH 2
/* the slug line: pt size and line height of its small sans face, and a
 * measure wide enough that it is never broken */
#define SLUG_SIZE 6
#define SLUG_LINE_HEIGHT 1.2
#define SLUG_WIDTH 1e6

/* Printer's marks in registration black, hairline. */
static void draw_marks(cairo_t *cr, const impose_sheet *sh) {
  if (!sh->n_marks)
    return;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, MARK_LINE_WIDTH);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  for (size_t i = 0; i < sh->n_marks; i++) {
    const impose_mark *m = &sh->marks[i];
    cairo_new_path(cr);
    if (m->kind == IMPOSE_MARK_TARGET) {
      cairo_arc(cr, m->x0, m->y0, m->r, 0, 2 * M_PI);
      cairo_move_to(cr, m->x0 - TARGET_CROSS * m->r, m->y0);
      cairo_line_to(cr, m->x0 + TARGET_CROSS * m->r, m->y0);
      cairo_move_to(cr, m->x0, m->y0 - TARGET_CROSS * m->r);
      cairo_line_to(cr, m->x0, m->y0 + TARGET_CROSS * m->r);
      cairo_set_dash(cr, NULL, 0, 0);
      cairo_stroke(cr);
      cairo_arc(cr, m->x0, m->y0, m->r * TARGET_DOT, 0, 2 * M_PI);
      cairo_fill(cr);
      continue;
    }
    double dash[2] = {FOLD_DASH, FOLD_DASH};
    cairo_set_dash(cr, dash, m->kind == IMPOSE_MARK_FOLD ? 2 : 0, 0);
    cairo_move_to(cr, m->x0, m->y0);
    cairo_line_to(cr, m->x1, m->y1);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

/* The slug lines of the plan's sheet sides (impose.c's text), shaped by
 * text.c like every other line in a small sans face, so that any input
 * name (Chinese too) is set in the booklet's own subset fonts.  Before
 * render_fonts_prepare: the slugs' glyphs are subset with the rest. */
void render_sheet_slugs(rstate *s, text_ctx *text, const impose_plan *p) {
  if (!text)
    return;
  layout_style st = {.name = "slug",
                     .family = "sans-serif",
                     .size = SLUG_SIZE,
                     .weight = 400,
                     .line_height = SLUG_LINE_HEIGHT,
                     .align = LAYOUT_ALIGN_LEFT,
                     .color = 0x000000};
  for (size_t i = 0; i < p->n_sheets; i++) {
    if (!p->sheets[i].slug)
      continue;
    if (!s->slugs) {
      s->slugs = xcalloc(p->n_sheets, sizeof *s->slugs);
      s->n_slugs = p->n_sheets;
    }
    s->slugs[i] = text_layout_plain(text, p->sheets[i].slug, &st, SLUG_WIDTH);
  }
}

/* The slug line of sheet side i under the trim, where impose.c put it:
 * the job for the print shop, never part of the piece. */
static void draw_slug(cairo_t *cr, rstate *s, const impose_sheet *sh,
                      size_t i) {
  if (!sh->slug || i >= s->n_slugs || !s->slugs[i] || !s->slugs[i]->n_lines)
    return;
  frame f = {.kind = FRAME_TEXT,
             .x = sh->slug_x,
             .y = sh->slug_y,
             .line = &s->slugs[i]->lines[0]};
  render_draw_text(cr, s, &f);
}

/* One sheet side: each slot's page clipped to its trim plus bleed, from
 * its recording when recs is given, else drawn directly; then marks. */
void render_draw_sheet(cairo_t *cr, rstate *s, const impose_plan *p, size_t i,
                       cairo_surface_t **recs) {
  const impose_sheet *sh = &p->sheets[i];
  for (size_t k = 0; k < sh->n_slots; k++) {
    const impose_slot *sl = &sh->slots[k];
    if (sl->page < 0 || (size_t)sl->page >= s->r->n_pages)
      continue; /* a blank page */
    cairo_save(cr);
    cairo_rectangle(cr, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h);
    cairo_clip(cr);
    cairo_translate(cr, sl->x, sl->y);
    cairo_scale(cr, sl->scale, sl->scale);
    if (recs) {
      cairo_set_source_surface(cr, recs[sl->page], 0, 0);
      cairo_paint(cr);
    } else {
      render_draw_page(cr, s, &s->r->pages[sl->page]);
    }
    cairo_restore(cr);
  }
  draw_marks(cr, sh);
  draw_slug(cr, s, sh, i);
}

/* Page p drawn once into a recording surface that covers its bleed. */
static cairo_surface_t *record_page(rstate *s, size_t p) {
  double b = s->bleed;
  cairo_rectangle_t ext = {-b, -b, s->r->page_w + 2 * b, s->r->page_h + 2 * b};
  cairo_surface_t *rec =
      cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
  cairo_t *cr = cairo_create(rec);
  render_draw_page(cr, s, &s->r->pages[p]);
  cairo_destroy(cr);
  return rec;
}

cairo_surface_t **render_record_pages(rstate *s) {
  cairo_surface_t **recs = xcalloc(s->r->n_pages, sizeof *recs);
  for (size_t i = 0; i < s->r->n_pages; i++)
    recs[i] = record_page(s, i);
  return recs;
}

void render_recordings_free(rstate *s, cairo_surface_t **recs) {
  for (size_t i = 0; recs && i < s->r->n_pages; i++)
    cairo_surface_destroy(recs[i]);
  free(recs);
}

void render_sheet_release(rstate *s) {
  for (size_t i = 0; i < s->n_slugs; i++)
    text_para_free(s->slugs[i]);
  free(s->slugs);
  s->slugs = NULL;
  s->n_slugs = 0;
}
