/* document.h — stage 4: the booklet as sections of blocks (cover,
 * contents, about, agenda, talks, speakers, sponsors, notes, back cover),
 * built from the event model and the layout's section list.  Blocks carry
 * rich text (UTF-8 plus styled byte ranges) and a style name; nothing here
 * measures text or knows about pages. */
#ifndef BOOKLET_DOCUMENT_H
#define BOOKLET_DOCUMENT_H

#include <stddef.h>

#include "image.h"
#include "layout.h"
#include "model.h"

/* Inline style flags of a span. */
enum {
  DOC_BOLD = 1 << 0,   /* strong: real bold face */
  DOC_EMPH = 1 << 1,   /* emphasis: italic for Latin, emph_family for CJK */
  DOC_CODE = 1 << 2,   /* inline code: monospace */
  DOC_STRIKE = 1 << 3, /* strikethrough */
  DOC_LINK = 1 << 4,   /* link: url set, drawn in accent colour */
  DOC_SMALL = 1 << 5   /* smaller text (0.85 of the style size) */
};

typedef struct doc_span {
  size_t start;  /* byte offset into doc_text.text */
  size_t end;    /* byte offset, exclusive */
  unsigned flags;/* DOC_BOLD | ... */
  char *url;     /* DOC_LINK: external URL, or "#anchor" internal; else NULL */
} doc_span;

typedef struct doc_text {
  char *text;       /* UTF-8, '\n' is a forced line break */
  doc_span *spans;  /* styled ranges, sorted by start, not overlapping */
  size_t n_spans;   /* count */
} doc_text;

typedef enum doc_kind {
  DOC_PARA,       /* text in style */
  DOC_HEADING,    /* text in style; level; anchor; keep with next */
  DOC_LIST,       /* children are DOC_ITEM */
  DOC_ITEM,       /* marker ("1.", "•"); children are blocks */
  DOC_QUOTE,      /* children are blocks, drawn indented with a bar */
  DOC_CODE_BLOCK, /* text, preformatted, no wrapping changes */
  DOC_TABLE,      /* cells[row * n_cols + col] */
  DOC_IMAGE,      /* src, alt; placeholder if it cannot be drawn */
  DOC_RULE,       /* horizontal rule */
  DOC_SPACE,      /* vertical space of height pt (weak: collapses) */
  DOC_FILL,       /* flexible space: pushes the rest to the page bottom */
  DOC_PAGE_BREAK, /* next block starts a new page */
  DOC_GROUP,      /* children kept together on one page (cards) */
  DOC_NOTES,      /* ruled lines filling the rest of the page */
  DOC_CARD,       /* speaker card: round photo (src) or initial (alt) at
                     the left, children blocks to its right; unbreakable */
  DOC_QR,         /* QR codes in a row, kept together: children are DOC_QR
                     leaves, each src = URL, alt = label printed above the
                     short URL under the code; the row's height = the code
                     size, pt (document_print.c, flow_print.c) */
  DOC_BAND,       /* image src edge to edge across the page top, into the
                     bleed (a full-bleed cover); max_height = fraction of
                     the page height it may take */
  DOC_LOGOS,      /* sponsor logos in a grid of n_cols cells a row, each
                     row kept on one page: children are the cells, a
                     DOC_IMAGE (src the logo, alt and text the name printed
                     under it, url) or a DOC_PARA (a sponsor without a
                     logo: text its name, set large in the cell, url);
                     height = the side of a square logo, pt, whose area
                     every logo gets (flow_print.c) */
  DOC_COLUMNS     /* children set side by side in equal columns, kept on
                     one page (parallel tracks, a long agenda on the
                     handout); one after another when they do not fit a
                     page */
} doc_kind;

/* Number of block kinds (flow has a row for each). */
#define DOC_KIND_COUNT (DOC_COLUMNS + 1)

typedef struct doc_block {
  doc_kind kind;           /* what it is */
  int line;                /* source line, 0 if generated */
  char *style;             /* layout style name ("body", "h2", ...) */
  doc_text text;           /* PARA, HEADING, CODE_BLOCK; ITEM: unused */
  int level;               /* HEADING: 1..6; LIST/QUOTE: nesting depth */
  char *anchor;            /* HEADING: id for outline and internal links */
  int outline;             /* HEADING: 1 to appear in the PDF outline */
  char *marker;            /* ITEM: "1." or "•" */
  struct doc_block **children; /* LIST, ITEM, QUOTE, GROUP */
  size_t n_children;       /* count */
  size_t n_rows;           /* TABLE */
  size_t n_cols;           /* TABLE; LOGOS: cells a row */
  size_t header_rows;      /* TABLE: leading rows repeated on each page */
  doc_text *cells;         /* TABLE: n_rows * n_cols */
  char *aligns;            /* TABLE: n_cols of 0/'l'/'c'/'r' */
  char *src;               /* IMAGE: resolved path or URL as written */
  image_info image;        /* IMAGE, CARD, BAND and logo cells: what the
                              image step found src to be (format, size in
                              pixels upright, vector); image.w 0 when it
                              cannot be drawn or was not checked */
  char *alt;               /* IMAGE: alt text (or file name) */
  double max_height;       /* IMAGE: fraction of the frame height, 0 = 1 */
  double height;           /* SPACE: pt; CARD: photo diameter, pt; RULE:
                              >0 an accent bar this thick, pt, max_height
                              of the frame's width, at the left */
  char *trail;             /* PARA: text set flush right on the last line
                              (a contents entry's page number: a stand-in
                              flow replaces, flow_trail), or NULL */
  char *url;               /* cells of LOGOS: the sponsor's link, or NULL */
} doc_block;

typedef struct doc_section {
  char *kind;          /* "cover", "about", "agenda", "talks", ... */
  char *title;         /* for contents and outline; NULL for cover */
  char *anchor;        /* link target id */
  int new_page;        /* 1: starts on a new page */
  int recto;           /* 1: starts on a right-hand (odd) page */
  int plain;           /* 1: no running header or folio (cover, back) */
  doc_block **blocks;  /* in order */
  size_t n_blocks;     /* count */
} doc_section;

typedef struct document {
  char *title;         /* PDF Title */
  char *author;        /* PDF Author */
  char *subject;       /* PDF Subject (description) */
  char *keywords;      /* PDF Keywords, comma-separated */
  char *creator;       /* "booklet VERSION" */
  char *lang;          /* main language */
  char *date;          /* ISO date of the event for CreationDate, or NULL */
  char *header_text;   /* running header, fields resolved */
  char *footer;        /* folio template, "{page}" still unresolved */
  char *slug_sheet;    /* the print slug line's words (layout labels):
                          "sheet {n}", {n} becoming n/m, */
  char *slug_front;    /* the front of a duplex sheet and */
  char *slug_back;     /* its back */
  char *base_dir;      /* folder that relative image paths resolve in */
  char *source_path;   /* input file, for diagnostics */
  doc_section *sections; /* in order */
  size_t n_sections;   /* count */
  doc_section *notes_page; /* what flow puts on each page it adds to pad
                              the booklet to the layout's pad_to (its
                              heading, ruled lines); NULL when the layout
                              does not pad */
} document;

/* Build the document.  The document copies what it needs: the model can
 * be freed afterwards.  Caller frees with document_free. */
document *document_build(const model *m, const layout *l);
void document_free(document *d);
/* Text dump of sections and blocks (for tests).  Caller frees. */
char *document_dump(const document *d);

/* Helpers for building rich text. */
void doc_text_append(doc_text *t, const char *s, unsigned flags,
                     const char *url);
void doc_text_free(doc_text *t);

#endif
