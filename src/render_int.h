/* render_int.h — private to the render stage (render.c and
 * render_image.c): the state of one render_write call and the image
 * drawing entry points.  No other stage includes it. */
#ifndef BOOKLET_RENDER_INT_H
#define BOOKLET_RENDER_INT_H

#include <cairo.h>
#include <stdint.h>

#include "render.h"

typedef struct image_entry {
  char *src;              /* path as given by flow */
  cairo_surface_t *surf;  /* decoded raster image as stored (not turned
                             upright), NULL for SVG or if unreadable */
  void *svg;              /* SVG: its RsvgHandle (librsvg stays inside
                             render_image.c), else NULL */
  int w, h;               /* pixels as stored; SVG: CSS px */
  int orient;             /* EXIF orientation 1..8 applied when drawing */
} image_entry;

/* Glyph ids of one font in its subset face: old[i] (sorted, as Pango
 * shaped them) became new_id[i] when the subsetter renumbered them. */
typedef struct glyph_map {
  uint32_t *old;    /* glyph ids in the whole font, ascending */
  uint32_t *new_id; /* the same glyphs' ids in the subset */
  size_t n;         /* count */
} glyph_map;

/* One render_write call. */
typedef struct rstate {
  const flow_result *r;        /* what to draw */
  const document *d;           /* metadata, section names */
  const render_options *opt;   /* format, dpi, subsetting */
  const char *diag_file;       /* for messages */
  const text_font *fonts;      /* from the text context */
  size_t n_fonts;              /* count */
  cairo_font_face_t **faces;   /* one per font, NULL if unused */
  glyph_map *gmaps;            /* one per font; n == 0 when its face is
                                  the whole font (ids unchanged) */
  image_entry *images;         /* decoded images, by src */
  size_t n_images, cap_images; /* count, allocated */
  int raster;                  /* 1 for PNG */
  double bleed;                /* pt: frames touching the trim extend this
                                  far past it (0 none) */
  int no_tags;                 /* 1: no links or destinations (imposed
                                  sheets, previews) */
  text_para **slugs;           /* with marks: each sheet side's slug line
                                  shaped by text.c (index as the plan's
                                  sheets), or NULL; owned */
  size_t n_slugs;              /* count */
} rstate;


static inline void set_color(cairo_t *cr, uint32_t c) {
  cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0,
                       ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* render_image.c: images decoded once per render_write, by path. */
void render_draw_image(cairo_t *cr, rstate *s, const frame *f);
void render_draw_circle_image(cairo_t *cr, rstate *s, const frame *f);
void render_draw_placeholder(cairo_t *cr, const frame *f);
/* Frees the decoded images. */
void render_images_release(rstate *s);

#endif
