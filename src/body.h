/* body.h — stage 2b: the Markdown body parsed by cmark-gfm (tables,
 * strikethrough, autolinks) and copied into an owned tree of md_node, so
 * that nothing later points into cmark memory.  Line numbers are lines of
 * the input file, not of the body. */
#ifndef BOOKLET_BODY_H
#define BOOKLET_BODY_H

#include "source.h"

typedef enum md_type {
  MD_DOCUMENT,
  /* blocks */
  MD_HEADING,       /* level 1..6 */
  MD_PARAGRAPH,
  MD_LIST,          /* ordered, start, tight */
  MD_ITEM,
  MD_BLOCKQUOTE,
  MD_CODE_BLOCK,    /* text, info */
  MD_HTML_BLOCK,    /* text */
  MD_THEMATIC_BREAK,
  MD_TABLE,         /* children are MD_TABLE_ROW; n_cols */
  MD_TABLE_ROW,     /* header: 1 for the header row; children MD_TABLE_CELL */
  MD_TABLE_CELL,    /* align; inline children */
  /* inlines */
  MD_TEXT,          /* text */
  MD_SOFTBREAK,
  MD_LINEBREAK,
  MD_CODE,          /* text */
  MD_HTML_INLINE,   /* text, e.g. "<br/>" */
  MD_EMPH,
  MD_STRONG,
  MD_STRIKE,
  MD_LINK,          /* url, title; children are the link text */
  MD_IMAGE          /* url, title; children are the alt text */
} md_type;

typedef struct md_node {
  md_type type;           /* node type */
  int line;               /* 1-based line in the input file (0 unknown) */
  char *text;             /* TEXT, CODE, CODE_BLOCK, HTML_*: literal */
  char *url;              /* LINK, IMAGE: destination */
  char *title;            /* LINK, IMAGE: title attribute */
  char *info;             /* CODE_BLOCK: info string */
  int level;              /* HEADING: 1..6 */
  int ordered;            /* LIST: 1 numbered, 0 bullets */
  int start;              /* LIST: first number */
  int tight;              /* LIST: 1 tight */
  int header;             /* TABLE_ROW: 1 for the header row */
  int n_cols;             /* TABLE: number of columns */
  char align;             /* TABLE_CELL: 0, 'l', 'c' or 'r' */
  struct md_node *parent; /* enclosing node, NULL for the document */
  struct md_node *first;  /* first child */
  struct md_node *last;   /* last child */
  struct md_node *next;   /* next sibling */
  struct md_node *prev;   /* previous sibling */
} md_node;

/* Parse src's body.  Never fails on content (Markdown has no syntax
 * errors); nesting deeper than the limit is flattened with a warning.
 * Caller frees with body_free. */
md_node *body_parse(const source *src);
md_node *body_parse_text(const char *name, const char *text, size_t len,
                         int first_line);
void body_free(md_node *doc);

/* Concatenated text of a node's inline content (soft breaks as spaces,
 * hard breaks and <br> as '\n').  Caller frees. */
char *md_plain_text(const md_node *n);
/* Take n out of its parent's children (no-op when it has no parent); n
 * keeps its own children. */
void md_unlink(md_node *n);
/* Name of a type, for dumps ("heading", "paragraph", ...). */
const char *md_type_name(md_type t);
/* Dump the tree as indented text (for tests).  Caller frees. */
char *md_dump(const md_node *n);

#endif
