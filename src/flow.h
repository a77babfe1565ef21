/* flow.h — stage 5: blocks measured with text.h and poured into page
 * frames: margins of facing pages, keep-with-next, widows and orphans,
 * tables split between rows with the header repeated (table.c), images
 * scaled to fit, running header and folio once the page count is known.
 * The result is a list of pages of frames; only render draws them. */
#ifndef BOOKLET_FLOW_H
#define BOOKLET_FLOW_H

#include <stddef.h>
#include <stdint.h>

#include "document.h"
#include "layout.h"
#include "text.h"

typedef enum frame_kind {
  FRAME_TEXT,        /* one text line; x,y is the left end of the baseline */
  FRAME_RECT,        /* filled rectangle x,y,w,h (y top) */
  FRAME_STROKE_RECT, /* outlined rectangle */
  FRAME_RULE,        /* line from (x,y) to (x+w,y+h), width line_width */
  FRAME_IMAGE,       /* image file src into x,y,w,h (y top) */
  FRAME_PLACEHOLDER, /* framed box for a missing image; alt printed in it */
  FRAME_LINK,        /* clickable area x,y,w,h with url or #anchor */
  FRAME_ANCHOR,      /* named destination at x,y */
  FRAME_CIRCLE_IMAGE, /* image cropped to the circle inscribed in x,y,w,h */
  FRAME_QR           /* QR code of the text src filling the square x,y,w,w
                        (y top; quiet zone outside it), drawn as vector
                        squares */
} frame_kind;

typedef struct frame {
  frame_kind kind;          /* what to draw */
  double x, y;              /* pt from the page's top-left corner */
  double w, h;              /* pt */
  const text_line *line;    /* FRAME_TEXT: owned by the flow result */
  uint32_t color;           /* fill or stroke colour 0xRRGGBB */
  double line_width;        /* RULE, STROKE_RECT: pt */
  char *src;                /* IMAGE: file path; LINK: url; ANCHOR: name */
  double crop_x, crop_y;    /* IMAGE: centre of interest, 0..1 */
  int src_line;             /* IMAGE, CIRCLE_IMAGE: input line naming the
                               image, for render's messages; 0 unknown */
  image_info image;         /* IMAGE, CIRCLE_IMAGE: the image's facts as
                               the image step found them (size in pixels
                               upright, format), for render */
  size_t trail;             /* TEXT, RULE: 1 + the index of the contents
                               entry's page number (flow_trail) the frame
                               shows or leads to, else 0 */
} frame;

typedef struct flow_page {
  frame *frames;      /* in drawing order */
  size_t n_frames;    /* count */
  size_t cap_frames;  /* allocated */
  int folio;          /* printed page number, 0 for none */
  int section;        /* index of the section the page starts in */
} flow_page;

typedef struct flow_outline {
  char *title;  /* bookmark text */
  char *anchor; /* destination name, or NULL */
  int level;    /* 1 top level */
  int page;     /* 0-based page index */
  double y;     /* pt from top */
} flow_outline;

/* A contents entry's page number.  The entry is placed with a stand-in
 * number as wide as most page numbers, and once every page is known
 * (flow_run's last step) the frames marked with the trail get the page of
 * its anchor: the number set flush right, the dotted leader meeting it. */
typedef struct flow_trail {
  char *anchor;      /* the entry's destination (an outline anchor) */
  const char *style; /* the entry's style: the number's face */
  size_t page;       /* index of the page the entry ends on */
  double x0;         /* where a leader starts: after the entry's text, pt */
  double right;      /* the measure's right edge, pt from the page's left */
  double w;          /* the measure's width, pt */
  double y;          /* the last line's baseline, pt from the top */
} flow_trail;

typedef struct flow_result {
  double page_w, page_h;  /* pt */
  flow_page *pages;       /* pages in order */
  size_t n_pages;         /* count */
  flow_outline *outline;  /* bookmarks in order */
  size_t n_outline;       /* count */
  text_para **paras;      /* every paragraph whose lines frames point at */
  size_t n_paras;         /* count */
  size_t cap_paras;       /* allocated */
  flow_trail *trails;     /* the contents' page numbers */
  size_t n_trails;        /* count */
} flow_result;

/* Lay the document out.  text is the measuring context (its fonts are the
 * ones render embeds).  Never fails: anything too big is placed anyway
 * with a warning.  Caller frees with flow_free. */
flow_result *flow_run(const document *d, const layout *l, text_ctx *text);
void flow_free(flow_result *r);
/* Text dump of pages and frames (for tests).  Caller frees. */
char *flow_dump(const flow_result *r);

#endif
