/* render_int.h — private to the render stage: the state of one
 * render_write call and what the stage's files call in one another, a
 * section per file (render.c lists them and what each owns).  No other
 * stage includes it. */
#ifndef BOOKLET_RENDER_INT_H
#define BOOKLET_RENDER_INT_H

#include <cairo.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "render.h"
#include "util.h"

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

/* PNG pages' resolution when the options give none, pixels per inch */
#define RENDER_DEFAULT_DPI 150

static inline void set_color(cairo_t *cr, uint32_t c) {
  cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0,
                       ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* ---- render_out.c: atomic output ---------------------------------------- */

/* A file being written: a temporary beside the target. */
typedef struct render_sink {
  FILE *fp;         /* the temporary (or stdout, or a device) */
  char *tmp;        /* its path; NULL for stdout and devices */
  const char *path; /* final path */
  int err;          /* errno of the first write error, 0 none */
} render_sink;

/* Opens a temporary beside path ("-": standard output; a device or pipe:
 * itself).  Returns 0, or -1 with the errno in s->err. */
int render_sink_open(render_sink *s, const char *path);
/* A cairo_write_func_t appending to the sink (closure) and keeping the
 * first error. */
cairo_status_t render_sink_write(void *closure, const unsigned char *data,
                                 unsigned int length);
/* Flushes, syncs and closes; 0 when the temporary is ready to be
 * renamed. */
int render_sink_close(render_sink *s);
/* Closes and removes the temporary, if any. */
void render_sink_discard(render_sink *s);
/* Renames the temporary into place.  Returns 0 or -1 (s->err). */
int render_sink_commit(render_sink *s);
/* Reports a failed sink (its errno) or Cairo status st.  Returns -1. */
int render_out_report(const char *diag_file, const render_sink *k,
                      cairo_status_t st);
/* Writes one file atomically: fill(k, arg) writes the content into the
 * open sink k and returns Cairo's status.  Returns 0, or -1 with the
 * failure reported and no file left behind. */
typedef cairo_status_t (*render_fill_fn)(render_sink *k, void *arg);
int render_out_file(const char *path, const char *diag_file,
                    render_fill_fn fill, void *arg);
/* FILE.png → FILE-N.png (N = page + 1).  Caller frees. */
char *render_page_path(const char *path, size_t page);

/* ---- render_fonts.c: subsetting ----------------------------------------- */

/* Subsets every font the pages and slug lines use (s->opt->subset) and
 * makes s->faces and s->gmaps.  Returns 0, or -1 when a font cannot be
 * loaded at all (reported). */
int render_fonts_prepare(rstate *s);
/* Frees what render_fonts_prepare made. */
void render_fonts_release(rstate *s);
/* Glyph id in the face being drawn: the subset's id for old, or old
 * itself when the face is the whole font.  A glyph the subset lacks
 * (cannot happen: every drawn glyph was collected) becomes .notdef. */
uint32_t render_glyph_id(const glyph_map *m, uint32_t old);

/* ---- render_draw.c: frames ---------------------------------------------- */

/* Every frame of page p onto cr, in page units. */
void render_draw_page(cairo_t *cr, rstate *s, const flow_page *p);
/* One text line (frame f's) with its cluster map. */
void render_draw_text(cairo_t *cr, rstate *s, const frame *f);
/* A number for a PDF or Cairo attribute string, "%.3f" whatever the
 * locale. */
void render_fmt_num(char *buf, size_t n, double v);

/* ---- render_image.c: images decoded once per render_write, by path ------- */

void render_draw_image(cairo_t *cr, rstate *s, const frame *f);
/* An image grown into the bleed, covering its frame. */
void render_draw_image_cover(cairo_t *cr, rstate *s, const frame *f);
void render_draw_circle_image(cairo_t *cr, rstate *s, const frame *f);
void render_draw_placeholder(cairo_t *cr, const frame *f);
/* Frees the decoded images. */
void render_images_release(rstate *s);

/* ---- render_sheet.c: the plan's sheets ---------------------------------- */

/* Shapes the slug lines of p's sheet sides into s->slugs (before
 * render_fonts_prepare, so their glyphs are subset too). */
void render_sheet_slugs(rstate *s, text_ctx *text, const impose_plan *p);
/* Sheet side i of p: its pages, from their recordings when recs is
 * given (render_record_pages), then marks and slug line. */
void render_draw_sheet(cairo_t *cr, rstate *s, const impose_plan *p, size_t i,
                       cairo_surface_t **recs);
/* Every page drawn once into a recording surface covering its bleed.
 * Caller frees with render_recordings_free. */
cairo_surface_t **render_record_pages(rstate *s);
void render_recordings_free(rstate *s, cairo_surface_t **recs);
/* Frees the slug lines. */
void render_sheet_release(rstate *s);

/* ---- render_pdf.c: the PDF ---------------------------------------------- */

/* The PDF's CreationDate, "YYYY-MM-DDTHH:MM:SSZ": SOURCE_DATE_EPOCH,
 * else the event's date, else a fixed date; never the clock, so the same
 * input gives the same bytes. */
void render_creation_date(const document *d, char *buf, size_t n);
/* Draws p's sheets to a PDF with boxes and writes it to path ("-":
 * standard output).  Returns 0 or -1 (reported). */
int render_write_pdf(rstate *s, const impose_plan *p, const char *path);

/* ---- render_boxes.c: TrimBox and BleedBox ---------------------------------
 */

/* Whether qpdf packs the objects into compressed object streams. */
typedef enum render_objstm {
  RENDER_OBJSTM_PRESERVE, /* as Cairo wrote them */
  RENDER_OBJSTM_GENERATE  /* packed: a smaller file */
} render_objstm;

/* pdf (as Cairo wrote it, one page per sheet of p) with a TrimBox and a
 * BleedBox on every page and a deterministic /ID, appended to out.
 * Returns 0, or -1 with the reason in *why (caller frees).
 * _qpdf: read and written again by libqpdf, streams copied as they are;
 * _direct: patched in place, for Cairo 1.16's own layout only. */
int render_boxes_qpdf(const strbuf *pdf, const impose_plan *p,
                      render_objstm objstm, strbuf *out, char **why);
int render_boxes_direct(const strbuf *pdf, const impose_plan *p, strbuf *out,
                        char **why);

/* ---- render_preview.c: PNG, SVG, contact sheet -------------------------- */

/* One PNG or SVG per sheet side, FILE-N.ext, renamed into place
 * together.  Returns 0 or -1 (reported). */
int render_write_pages(rstate *s, const impose_plan *p, const char *path);
/* Every page as a thumbnail on one PNG at path.  Returns 0 or -1. */
int render_write_contact(rstate *s, const char *path);

#endif
