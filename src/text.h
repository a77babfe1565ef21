/* text.h — text measuring and line breaking with Pango.  A paragraph of
 * rich text is shaped and broken into lines once for a given width; each
 * line comes back as glyph runs with positions in points, the font file
 * each run uses, and the cluster map back to the source text, so that
 * render can draw them without Pango.  Pango units exist only in text.c.
 * CJK composition rules (line-start prohibition, justification between
 * characters, Han–Latin spacing) are applied here. */
#ifndef BOOKLET_TEXT_H
#define BOOKLET_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "document.h"
#include "layout.h"

/* A font file (face) used by some run; render subsets and embeds it. */
typedef struct text_font {
  char *file;   /* font file path */
  int index;    /* face index in a collection (.ttc) */
  char *family; /* family name, for diagnostics */
  int embolden; /* 1: drawn with synthetic bold (family has no bold) */
} text_font;

typedef struct text_glyph {
  uint32_t id; /* glyph id in the font */
  double x;    /* pen x from the run's start, pt */
  double y;    /* vertical offset (positive down), pt */
} text_glyph;

typedef struct text_cluster {
  int n_bytes;  /* UTF-8 bytes of the cluster */
  int n_glyphs; /* glyphs of the cluster */
} text_cluster;

typedef struct text_run {
  int font;              /* index into the context's fonts */
  double size;           /* font size, pt (em of the glyphs) */
  uint32_t color;        /* 0xRRGGBB */
  double x;              /* start of the run from the line's left edge, pt */
  double width;          /* advance of the run, pt */
  text_glyph *glyphs;    /* glyphs in visual order (logical for a
                            right-to-left run; x is absolute anyway) */
  size_t n_glyphs;       /* count */
  char *utf8;            /* source text of the run */
  size_t n_bytes;        /* its length */
  text_cluster *clusters;/* cluster map, in logical order */
  size_t n_clusters;     /* count */
  unsigned flags;        /* DOC_STRIKE, DOC_LINK ... from the span */
  char *url;             /* DOC_LINK target (a copy the run owns) */
  double slant;          /* synthetic oblique: x shear per unit of height
                            (0.2 for Latin emphasis in a face without an
                            italic), 0 for none */
} text_run;

typedef struct text_line {
  double width;      /* natural width of the content, pt */
  double ascent;     /* above the baseline, pt */
  double descent;    /* below the baseline, pt */
  double height;     /* line pitch (baseline to baseline), pt */
  text_run *runs;    /* runs in visual order */
  size_t n_runs;     /* count */
  int last;          /* 1 for a paragraph's last line (not justified) */
} text_line;

typedef struct text_para {
  text_line *lines;  /* lines in order */
  size_t n_lines;    /* count */
  double width;      /* the width it was broken for, pt */
  double height;     /* sum of line heights, pt */
  int refs;          /* owners besides the first: text_layout hands a
                        paragraph out again, text_para_free drops one */
} text_para;

typedef struct text_ctx text_ctx;

/* Create a context for a layout: sets up fontconfig (booklet's own
 * configuration in fonts/), the font map at 72 dpi with unhinted metrics.
 * Returns NULL with an error reported if no usable font exists. */
text_ctx *text_new(const layout *l);
void text_free(text_ctx *t);

/* Shape and break t in style st for the given width.  first_indent is
 * added to the first line (pt).  Alignment (justify, centre, right) is
 * applied to the glyph positions.  The same inputs give the same
 * paragraph again, shared (the context keeps each one until text_free):
 * never change it.  Caller frees with text_para_free. */
text_para *text_layout(text_ctx *t, const doc_text *txt,
                       const layout_style *st, double width,
                       double first_indent);
/* Shape a single line of plain text without wrapping (headers, folios,
 * table heads measuring).  Caller frees. */
text_para *text_layout_plain(text_ctx *t, const char *utf8,
                             const layout_style *st, double width);
/* Width of txt on one line without wrapping, pt. */
double text_natural_width(text_ctx *t, const doc_text *txt,
                          const layout_style *st);
void text_para_free(text_para *p);
/* One more owner of p (a measurement kept and also placed): returns p,
 * which then takes one more text_para_free. */
text_para *text_para_ref(text_para *p);

/* The input file the text comes from: a character no font has is
 * reported at the line where it first appears there. */
void text_set_source(text_ctx *t, const char *path);
/* utf8 as one line of style st no wider than width: itself when it
 * fits, else shortened at a clause or word boundary (between Han
 * characters when it must) with an ellipsis (running heads).  Caller
 * frees. */
char *text_fit(text_ctx *t, const char *utf8, const layout_style *st,
               double width);

/* Fonts used so far, indexed by text_run.font. */
const text_font *text_fonts(const text_ctx *t, size_t *n);

/* ---- a measurer without fonts (tests) ----------------------------------
 * A context whose text is made of fixed-width boxes, for tests of layout
 * logic that must not depend on the installed fonts: every character
 * (but a forced line break) is `advance` em wide at its style's size;
 * a line is the style's line_height times its size high (the size when
 * line_height is 0), its ascent 0.8 and its descent 0.2 of the size; a
 * line breaks after a space or a CJK character, or anywhere in a word
 * wider than the line (no hyphenation, no CJK composition, no
 * justification: alignment moves the run).  Runs have no font (font
 * -1) and glyph ids 0: such paragraphs cannot be rendered.  Free with
 * text_free. */
text_ctx *text_new_fixed(const layout *l, double advance);

#endif
