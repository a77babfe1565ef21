/* flow_int.h — private to the flow stage (flow.c, table.c, flow_print.c):
 * the state of the page being filled and the placement primitives these
 * files share.  Not a public header: no other stage includes it. */
#ifndef BOOKLET_FLOW_INT_H
#define BOOKLET_FLOW_INT_H

#include "flow.h"
#include "image.h"

/* An open decoration: a quote bar or a code background that follows its
 * content across page breaks and is closed into frames per page. */
typedef struct flow_deco {
  int kind;        /* FLOW_DECO_BAR or FLOW_DECO_BG */
  double x;        /* pt from the body frame's left edge */
  double w;        /* width, pt */
  double y0;       /* top on the current page, pt */
  size_t at_frame; /* frame index to insert a background before */
} flow_deco;

enum { FLOW_DECO_BAR, FLOW_DECO_BG };

/* Decorations (quote bars, code backgrounds) open at once; deeper ones
 * are not drawn (their content is). */
#define FLOW_MAX_DECOS 16

typedef struct flow_state {
  const document *doc;   /* what is laid out */
  const layout *lay;     /* the layout */
  text_ctx *text;        /* measuring */
  flow_result *res;      /* pages so far */
  double top;            /* body frame top, pt */
  double bottom;         /* body frame bottom, pt */
  double width;          /* body frame width, pt */
  double y;              /* next free y on the current page, pt */
  double pending;        /* weak space waiting to be placed, pt */
  int has_content;       /* 1 once something is on the current page */
  int plain;             /* 1 while in a plain section (no header/folio) */
  int section;           /* current section index */
  flow_deco decos[FLOW_MAX_DECOS]; /* open decorations, innermost last */
  int n_decos;           /* count */
  const text_line *marker; /* list marker waiting for its item's first line */
  double marker_x;       /* where the marker goes (from frame left), pt */
  int after_para;         /* 1 right after an indented paragraph: the
                            next one is indented too (layout indent_all
                            0: no indent after headings, lists ...) */
  double grid;           /* baseline grid: body line pitch, pt; 0 off.
                            Paragraphs set at this pitch start on a
                            multiple of it from the frame top, so lines
                            of facing pages line up */
  int tight;             /* 1: the tighter layout: every run of speaker
                            cards in columns (flow.c's fitting) */
  const int *starts;     /* per section: 1 starts a new page, 0 runs on
                            (the fitting's choice; NULL: the document's) */
  int in_group;          /* 1 while a group's children are placed (the
                            group kept them together already) */
  int talk_pages;        /* 1: the looser layout: each talk on a page */
  const double *shorten; /* per page index: pt taken off the page's foot
                            so that lines move on to a page that would
                            otherwise hold only a few (fitting) */
  size_t n_shorten;      /* count */
} flow_state;

/* Current page. */
flow_page *flow_page_cur(flow_state *f);
/* Left edge of the body frame on the current page (facing pages). */
double flow_left(flow_state *f);
/* Start a new page (closing and reopening decorations). */
void flow_new_page(flow_state *f);
/* Add a frame to the current page; returns it. */
frame *flow_add(flow_state *f, frame_kind kind, double x, double y, double w,
                double h);
/* Place pending weak space (dropped at a page top). */
void flow_settle_space(flow_state *f);
/* Weak space: the larger of pending and s survives. */
void flow_space(flow_state *f, double s);
/* Keep a paragraph alive for the frames that point at its lines. */
void flow_keep_para(flow_state *f, text_para *p);
/* Lay the document out (flow_run) with the body text on a baseline grid
 * or not.  flow_run reads the choice from the layout. */
flow_result *flow_run_grid(const document *d, const layout *l, text_ctx *text,
                           int grid);

/* Probe block b's image (src as the image step left it): 1 and *info
 * when it can be drawn, else 0 after reporting what is wrong (nothing
 * when src is NULL: the image step reported it). */
int flow_probe_image(flow_state *f, const doc_block *b, image_info *info);
/* Preflight: warn when b's raster image, pw pixels across, prints below
 * 150 dpi at w x h pt. */
void flow_check_dpi(flow_state *f, const doc_block *b, const image_info *in,
                    double pw, double w, double h);

/* Place one text line at body-relative x; breaks the page if needed. */
void flow_place_line(flow_state *f, const text_line *ln, double x);

/* table.c: place a table block at body-relative x with width w. */
void table_place(flow_state *f, const doc_block *b, double x, double w);
/* table.c: what a table needs at a page foot to start there (its header
 * and first row, or that row's first lines when it is taller than a
 * page), for keep-with-next, pt. */
double table_keep_height(flow_state *f, const doc_block *b, double w);
/* table.c: the height a table takes placed whole in width w, pt. */
double table_height(flow_state *f, const doc_block *b, double w);

/* flow_print.c: a row of QR codes (DOC_QR) at body-relative x in width
 * w, its height, and a full-bleed band (DOC_BAND) at the page top. */
void flow_place_qr(flow_state *f, const doc_block *b, double x, double w);
double flow_qr_height(flow_state *f, const doc_block *b, double w);
void flow_place_band(flow_state *f, const doc_block *b);
/* flow_print.c: the sponsor logo grid (DOC_LOGOS) at body-relative x in
 * width w, a row at a time, each row on one page; its height, or with
 * first_row only its first row's (what a tier heading keeps with). */
void flow_place_logos(flow_state *f, const doc_block *b, double x, double w);
double flow_logos_height(flow_state *f, const doc_block *b, double w,
                         int first_row);

#endif
