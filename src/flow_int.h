/* flow_int.h — private to the flow stage (flow.c, flow_page.c,
 * flow_block.c, flow_card.c, flow_print.c, table.c): the state of the
 * page being filled, the page primitives (flow_page.c), the measurements
 * of a pass (flow_page.c), and the table of block kinds (flow_block.c)
 * that says for each doc_kind how it is measured, what it keeps at a page
 * foot and how it is placed.  Not a public header: no other stage
 * includes it; the unit tests do. */
#ifndef BOOKLET_FLOW_INT_H
#define BOOKLET_FLOW_INT_H

#include "flow.h"
#include "image.h"

/* ---- state -------------------------------------------------------------- */

/* What an open decoration draws. */
typedef enum flow_deco_kind {
  FLOW_DECO_BAR, /* a quote's bar in the accent colour, left of its text */
  FLOW_DECO_BG   /* a code block's background, behind its text */
} flow_deco_kind;

/* An open decoration: a quote bar or a code background that follows its
 * content across page breaks and is closed into frames per page. */
typedef struct flow_deco {
  flow_deco_kind kind; /* bar or background */
  double x;            /* pt from the body frame's left edge */
  double w;            /* width, pt */
  double y0;           /* top on the current page, pt */
  size_t at_frame;     /* frame index to insert a background before */
} flow_deco;

/* Decorations (quote bars, code backgrounds) open at once; deeper ones
 * are not drawn (their content is). */
#define FLOW_MAX_DECOS 16
/* Lines a split paragraph keeps on each page (widows and orphans). */
#define FLOW_MIN_LINES 2
/* Slack in comparisons of heights, pt: a line that overshoots the frame
 * by less still fits. */
#define FLOW_EPS 0.01
/* Decorations and backgrounds lower than this are not drawn, pt. */
#define FLOW_MIN_DECO 0.5
/* A frame bottom no content reaches, pt: set while columns measured to
 * fit are placed, so nothing breaks inside a column. */
#define FLOW_NO_BOTTOM 1e9

/* Background of a code block, 0xRRGGBB. */
#define FLOW_CODE_BG 0xf3f1ee

/* The measurements of one pass, by block (flow_page.c). */
typedef struct flow_memo flow_memo;

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
  int after_para;        /* 1 right after an indented paragraph: the
                            next one is indented too (layout indent_all
                            0: no indent after headings, lists ...) */
  int para_before;       /* after_para as it was before the block being
                            placed (flow_place_block resets after_para) */
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
  flow_memo *memo;       /* what this pass measured, or NULL (flow_page.c
                            makes it on first use; flow_memo_free) */
} flow_state;

/* ---- page primitives (flow_page.c) -------------------------------------- */

/* 1 for a right-hand page (the first page is one). */
int flow_is_recto(size_t page_index);
/* Current page. */
flow_page *flow_page_cur(flow_state *f);
/* Left edge of the body frame on the current page (facing pages). */
double flow_left(flow_state *f);
/* Room left on the current page, pt. */
double flow_room(flow_state *f);
/* Insert frame fr into page p before index at (at most its count). */
frame *flow_page_insert(flow_page *p, size_t at, frame fr);
/* Add a frame to the current page; returns it. */
frame *flow_add(flow_state *f, frame_kind kind, double x, double y, double w,
                double h);
/* Open a page after the last one (no decorations carried over). */
void flow_add_page(flow_state *f);
/* Start a new page (closing and reopening decorations). */
void flow_new_page(flow_state *f);
/* Place pending weak space (dropped at a page top). */
void flow_settle_space(flow_state *f);
/* Weak space: the larger of pending and s survives. */
void flow_space(flow_state *f, double s);
/* Keep a paragraph alive for the frames that point at its lines (the
 * result takes over one reference). */
void flow_keep_para(flow_state *f, text_para *p);
/* The contents' page numbers, once r's pages are known (flow_trail):
 * each stand-in becomes the page of its anchor, set in l's style of the
 * entry; one with no page is dropped with its leader. */
void flow_fill_trails(flow_result *r, const layout *l, text_ctx *text);
/* Place one text line at body-relative x; breaks the page if needed. */
void flow_place_line(flow_state *f, const text_line *ln, double x);
/* Place a broken paragraph at body-relative x: widows and orphans kept
 * to FLOW_MIN_LINES on each side of a page break, on the baseline grid
 * when its lines have the grid's pitch. */
void flow_place_para(flow_state *f, const text_para *p, double x);

/* ---- measurements of a pass (flow_page.c) ------------------------------- */

/* What a measurement is of: one block can be measured in several ways. */
typedef enum flow_memo_kind {
  FLOW_MEMO_TEXT,     /* a text block's paragraph (text_para) */
  FLOW_MEMO_CARD,     /* a portrait card's text (text_para) */
  FLOW_MEMO_TABLE     /* a table's columns and rows (table.c) */
} flow_memo_kind;

/* The measurement of block b as kind k at width w with a first-line
 * indent (0 where none applies), or NULL when not measured yet in this
 * pass.  Owned by the memo. */
void *flow_memo_get(flow_state *f, const doc_block *b, flow_memo_kind k,
                    double w, double indent);
/* Remember val as that measurement; the memo frees it with free_fn at
 * the end of the pass. */
void flow_memo_put(flow_state *f, const doc_block *b, flow_memo_kind k,
                   double w, double indent, void *val,
                   void (*free_fn)(void *));
/* Free what the pass measured. */
void flow_memo_free(flow_state *f);

/* ---- block kinds (flow_block.c) ----------------------------------------- */

/* Whether a block keeps with what follows it (keep-with-next). */
typedef enum flow_sticky {
  FLOW_STICKY_NEVER,  /* never */
  FLOW_STICKY_STYLE,  /* when its style says keep_with_next */
  FLOW_STICKY_ALWAYS  /* always (headings) */
} flow_sticky;

/* What the flow does with one kind of block: a row of flow_block.c's
 * table, one per doc_kind.  A new block kind is a new row and its
 * functions; nothing else in the flow asks what kind a block is. */
typedef struct flow_kind {
  /* The height b takes placed whole in width w, with the space around
   * it, pt (a group, the columns, what follows a fill). */
  double (*height)(flow_state *f, const doc_block *b, double w);
  /* What b needs at a page foot for the block before it to stay with it
   * (keep-with-next), pt. */
  double (*keep_height)(flow_state *f, const doc_block *b, double w);
  /* Place b at body-relative x in width w; next: the block after it (what
   * it keeps with), or NULL. */
  void (*place)(flow_state *f, const doc_block *b, double x, double w,
                const doc_block *next);
  /* Place the run of blocks of this kind that starts at s->blocks[i] of a
   * section together (speaker cards in rows, flexible space that shares
   * the rest of the page); returns the index after the run.  NULL: each
   * block is placed alone. */
  size_t (*place_run)(flow_state *f, const doc_section *s, size_t i,
                      double x, double w);
  flow_sticky sticky; /* keep-with-next */
} flow_kind;

/* The row of b's kind. */
const flow_kind *flow_kind_of(const doc_block *b);
/* The row's height, keep_height and place for b; flow_keep_height is 0
 * for NULL (nothing follows). */
double flow_block_height(flow_state *f, const doc_block *b, double w);
double flow_keep_height(flow_state *f, const doc_block *b, double w);
void flow_place_block(flow_state *f, const doc_block *b, double x, double w,
                      const doc_block *next);
/* 1 when b keeps with what follows it (a heading, a sticky paragraph). */
int flow_is_sticky(const flow_state *f, const doc_block *b);
/* Place a heading block as a section title (flow.c: the title of a
 * section), keeping it with next. */
void flow_place_heading(flow_state *f, const doc_block *b, double x,
                        double w, const doc_block *next);
/* The paragraph of text block b at width w with first-line indent, as
 * measured once in this pass (owned by the memo). */
text_para *flow_text_para(flow_state *f, const doc_block *b, double w,
                          double indent);
/* n lines of body text, pt. */
double flow_body_lines(flow_state *f, int n);
/* Blocks that lay their children out one after another: their height
 * is the children's; a list, quote or item keeps its first child. */
double flow_children_height(flow_state *f, const doc_block *b, double w);

/* ---- images (flow_block.c) ---------------------------------------------- */

/* 1 when block b's image can be drawn: the image step found src a
 * readable image and left its facts on the block (b->image). */
int flow_image_ok(const doc_block *b);
/* Preflight: warn when b's raster image, pw pixels across, prints below
 * FLOW_MIN_DPI at w x h pt. */
void flow_check_dpi(flow_state *f, const doc_block *b, double pw, double w,
                    double h);

/* ---- speaker cards (flow_card.c) ---------------------------------------- */

/* A speaker card: round photo or initial at the left, its text to the
 * right, kept on one page when it fits on one. */
void flow_place_card(flow_state *f, const doc_block *b, double x, double w,
                     const doc_block *next);
/* Its height placed so, pt. */
double flow_card_height(flow_state *f, const doc_block *b, double w);
/* What it needs at a page foot for a heading to stay with it, pt. */
double flow_card_keep_height(flow_state *f, const doc_block *b, double w);
/* The run of cards from s->blocks[i]: short ones in rows of portraits,
 * the others one a row.  Returns the index after the run. */
size_t flow_place_card_run(flow_state *f, const doc_section *s, size_t i,
                           double x, double w);

/* ---- tables (table.c) --------------------------------------------------- */

/* Place a table block at body-relative x with width w. */
void table_place(flow_state *f, const doc_block *b, double x, double w,
                 const doc_block *next);
/* What a table needs at a page foot to start there (its header and first
 * row, or that row's first lines when it is taller than a page), for
 * keep-with-next, pt. */
double table_keep_height(flow_state *f, const doc_block *b, double w);
/* The height a table takes placed whole in width w, pt. */
double table_height(flow_state *f, const doc_block *b, double w);

/* ---- print blocks (flow_print.c) ---------------------------------------- */

/* A row of QR codes (DOC_QR) at body-relative x in width w, and its
 * height. */
void flow_place_qr(flow_state *f, const doc_block *b, double x, double w,
                   const doc_block *next);
double flow_qr_height(flow_state *f, const doc_block *b, double w);
/* A full-bleed band (DOC_BAND) at the page top. */
void flow_place_band(flow_state *f, const doc_block *b, double x, double w,
                     const doc_block *next);
/* The sponsor logo grid (DOC_LOGOS) at body-relative x in width w, a row
 * at a time, each row on one page; its height, and what a tier heading
 * keeps with (its first row). */
void flow_place_logos(flow_state *f, const doc_block *b, double x, double w,
                      const doc_block *next);
double flow_logos_height(flow_state *f, const doc_block *b, double w);
double flow_logos_keep_height(flow_state *f, const doc_block *b, double w);

/* ---- entry (flow.c) ----------------------------------------------------- */

/* Lay the document out (flow_run) with the body text on a baseline grid
 * or not.  flow_run reads the choice from the layout. */
flow_result *flow_run_grid(const document *d, const layout *l, text_ctx *text,
                           int grid);

#endif
