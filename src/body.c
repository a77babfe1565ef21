/* body.c — the Markdown body: parse it with cmark-gfm (tables,
 * strikethrough, autolinks) and copy the result into an owned md_node tree,
 * then free cmark's tree, so no later stage sees cmark.  Also the readers of
 * that tree every stage shares: md_plain_text, md_type_name, md_dump.
 *
 * What this file does not do: decide what any of the text means (that is
 * extract), turn <br> into line breaks or strip HTML tags for print (that
 * is document), or check UTF-8 (that is source; cmark replaces bad bytes).
 *
 * Nothing is lost in the copy: nodes of types we do not know keep their
 * children (or their literal, as text), and cells beyond a table's column
 * count, which cmark drops, are appended to the row's last cell.  One
 * repair goes beyond CommonMark: "**时间：**2020", which its flanking rules
 * leave unbolded, becomes strong text (see fix_strong); and two before it
 * reads the text, as the Markdown of older Jekyll sites (kramdown,
 * redcarpet) does: "####主题一：…" with no space after the hashes is a
 * heading (see atx_spaces).  No walk of
 * a tree here recurses: deeply nested input (5000 '>' in a row) is walked
 * with parent pointers, and nesting beyond BODY_MAX_DEPTH block containers
 * (or BODY_MAX_DEPTH inline containers) is flattened into the deepest kept
 * container, so later stages may recurse safely; tables keep at most
 * BODY_MAX_COLUMNS columns (see there). */
#include "body.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "diag.h"
#include "shortcode.h"
#include "util.h"

/* Deepest nesting of block containers (quotes, lists, items) kept; and of
 * inline containers (emphasis, links, images) inside one block.  The
 * default; $BOOKLET_MAX_DEPTH changes it, up to BODY_DEPTH_CAP, so that
 * later stages may still recurse. */
#define BODY_MAX_DEPTH 64
#define BODY_DEPTH_CAP 1000
/* Most table columns kept (default; $BOOKLET_MAX_COLUMNS changes it): the
 * cells of later columns are joined into the last kept one, " | " between
 * them, so no text is lost and a 500-column table cannot ask the layout
 * for 500 columns a few points wide. */
#define BODY_MAX_COLUMNS 64
#define BODY_COLUMNS_CAP 10000

/* cmark-gfm keeps its extension registry and the table of inline special
 * characters in globals: registration must happen once, and the inline
 * pass of cmark_parser_finish adds and removes the extensions' special
 * characters ('~', ':', 'w', ...) in a global table, so two parses running
 * at once would race.  We register once and serialise the cmark part; the
 * copy into md_node runs in parallel. */
static pthread_once_t register_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static void register_extensions(void) {
  cmark_gfm_core_extensions_ensure_registered();
}

/* State of one copy from cmark to md_node. */
typedef struct copier {
  const char *name;      /* file name for diagnostics */
  const char *text;      /* the body text cmark parsed */
  size_t len;            /* its length in bytes */
  int first_line;        /* input line of the body's first line */
  size_t *lines;         /* byte offset of each body line (lazy), or NULL */
  size_t n_lines;        /* entries in lines */
  int reported;          /* DIAG_MD_DEPTH already reported */
  int reported_para;     /* DIAG_MD_LONG_PARA already reported */
  int max_depth;         /* deepest nesting kept (BODY_MAX_DEPTH) */
  int max_cols;          /* most table columns kept (BODY_MAX_COLUMNS) */
  uint8_t *aligns;       /* alignments of the current table (cmark's memory) */
  int n_cols;            /* columns of the current table */
  int col;               /* index of the next cell in the current row */
  cmark_node *last_cell; /* last cmark cell seen in the current row */
} copier;

/* ---- nodes ---------------------------------------------------------- */

static md_node *node_new(md_type type, int line) {
  md_node *n = xcalloc(1, sizeof *n);
  n->type = type;
  n->line = line;
  return n;
}

static void node_append(md_node *parent, md_node *child) {
  child->parent = parent;
  child->prev = parent->last;
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
}

static md_node *text_node(md_type type, int line, const char *s) {
  md_node *n = node_new(type, line);
  n->text = xstrdup(s ? s : "");
  return n;
}

static int is_block_container(md_type t) {
  return t == MD_BLOCKQUOTE || t == MD_LIST || t == MD_ITEM;
}

static int is_inline_container(md_type t) {
  return t == MD_EMPH || t == MD_STRONG || t == MD_STRIKE || t == MD_LINK ||
         t == MD_IMAGE;
}

static int is_block(md_type t) {
  return t <= MD_TABLE_CELL;
}

/* Block containers from n up to the document.  Bounded: at most
 * max_depth of them are ever kept. */
static int block_depth(const md_node *n) {
  int d = 0;
  for (; n; n = n->parent)
    d += is_block_container(n->type);
  return d;
}

/* Inline containers from n up to its block. */
static int inline_depth(const md_node *n) {
  int d = 0;
  for (; n && !is_block(n->type); n = n->parent)
    d += is_inline_container(n->type);
  return d;
}

/* ---- the copy ------------------------------------------------------- */

/* Map a cmark node type to ours.  Returns 0 and leaves *out alone for a
 * type we do not know. */
static int map_type(cmark_node *c, md_type *out) {
  switch (cmark_node_get_type(c)) {
  case CMARK_NODE_DOCUMENT:
    *out = MD_DOCUMENT;
    return 1;
  case CMARK_NODE_BLOCK_QUOTE:
    *out = MD_BLOCKQUOTE;
    return 1;
  case CMARK_NODE_LIST:
    *out = MD_LIST;
    return 1;
  case CMARK_NODE_ITEM:
    *out = MD_ITEM;
    return 1;
  case CMARK_NODE_CODE_BLOCK:
    *out = MD_CODE_BLOCK;
    return 1;
  case CMARK_NODE_HTML_BLOCK:
    *out = MD_HTML_BLOCK;
    return 1;
  case CMARK_NODE_PARAGRAPH:
    *out = MD_PARAGRAPH;
    return 1;
  case CMARK_NODE_HEADING:
    *out = MD_HEADING;
    return 1;
  case CMARK_NODE_THEMATIC_BREAK:
    *out = MD_THEMATIC_BREAK;
    return 1;
  case CMARK_NODE_TEXT:
    *out = MD_TEXT;
    return 1;
  case CMARK_NODE_SOFTBREAK:
    *out = MD_SOFTBREAK;
    return 1;
  case CMARK_NODE_LINEBREAK:
    *out = MD_LINEBREAK;
    return 1;
  case CMARK_NODE_CODE:
    *out = MD_CODE;
    return 1;
  case CMARK_NODE_HTML_INLINE:
    *out = MD_HTML_INLINE;
    return 1;
  case CMARK_NODE_EMPH:
    *out = MD_EMPH;
    return 1;
  case CMARK_NODE_STRONG:
    *out = MD_STRONG;
    return 1;
  case CMARK_NODE_LINK:
    *out = MD_LINK;
    return 1;
  case CMARK_NODE_IMAGE:
    *out = MD_IMAGE;
    return 1;
  default:
    break;
  }
  /* Extension types are numbered at registration and this version of the
   * extensions header does not export them: compare names. */
  if (!cmark_node_get_syntax_extension(c))
    return 0;
  const char *s = cmark_node_get_type_string(c);
  if (!s)
    return 0;
  if (!strcmp(s, "table"))
    *out = MD_TABLE;
  else if (!strcmp(s, "table_row") || !strcmp(s, "table_header"))
    *out = MD_TABLE_ROW;
  else if (!strcmp(s, "table_cell"))
    *out = MD_TABLE_CELL;
  else if (!strcmp(s, "strikethrough"))
    *out = MD_STRIKE;
  else
    return 0;
  return 1;
}

/* Byte offsets of the body's lines, built on first use.  Line ends are
 * "\n", "\r\n" or "\r", as cmark counts them. */
static void index_lines(copier *cp) {
  if (cp->lines)
    return;
  size_t cap = 0;
  VEC_PUSH(cp->lines, cp->n_lines, cap, (size_t)0);
  for (size_t i = 0; i < cp->len; i++) {
    if (cp->text[i] == '\r' && i + 1 < cp->len && cp->text[i + 1] == '\n')
      i++;
    if (cp->text[i] == '\n' || cp->text[i] == '\r')
      VEC_PUSH(cp->lines, cp->n_lines, cap, i + 1);
  }
}

/* cmark keeps only as many cells in a row as the header has.  Append the
 * rest of the row's source line (after the last kept cell's closing pipe)
 * to the last cell as text, so nothing the author wrote disappears. */
static void recover_cells(copier *cp, cmark_node *row, md_node *mrow) {
  cmark_node *cell = cp->last_cell;
  int line = cmark_node_get_start_line(row);
  if (!cell || !mrow->last || cmark_node_get_start_line(cell) != line ||
      line <= 0)
    return;
  index_lines(cp);
  if ((size_t)line > cp->n_lines)
    return;
  size_t ls = cp->lines[line - 1];
  size_t le = (size_t)line < cp->n_lines ? cp->lines[line] : cp->len;
  while (le > ls && (cp->text[le - 1] == '\n' || cp->text[le - 1] == '\r'))
    le--;
  /* A padded cell has column 0; a real one is followed by its pipe. */
  int end = cmark_node_get_end_column(cell);
  if (cmark_node_get_start_column(cell) <= 0 || end <= 0 ||
      ls + (size_t)end >= le || cp->text[ls + (size_t)end] != '|')
    return;
  size_t from = ls + (size_t)end + 1;
  const char *s = cp->text + from;
  size_t n = le - from;
  while (n && (*s == ' ' || *s == '\t'))
    s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (n && s[n - 1] == '|' && !(n >= 2 && s[n - 2] == '\\'))
    n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (!n)
    return;
  strbuf b = {0};
  sb_add(&b, " | ");
  sb_addn(&b, s, n);
  md_node *t = node_new(MD_TEXT, mrow->line);
  t->text = sb_take(&b);
  node_append(mrow->last, t);
}

/* Copy the attributes of c into n. */
static void copy_fields(copier *cp, cmark_node *c, md_node *n) {
  switch (n->type) {
  case MD_HEADING:
    n->level = cmark_node_get_heading_level(c);
    break;
  case MD_LIST:
    n->ordered = cmark_node_get_list_type(c) == CMARK_ORDERED_LIST;
    n->start = cmark_node_get_list_start(c);
    n->tight = cmark_node_get_list_tight(c);
    break;
  case MD_CODE_BLOCK:
    n->info = xstrdup(cmark_node_get_fence_info(c));
    if (!n->info)
      n->info = xstrdup("");
    /* fall through */
  case MD_TEXT:
  case MD_CODE:
  case MD_HTML_BLOCK:
  case MD_HTML_INLINE: {
    const char *lit = cmark_node_get_literal(c);
    n->text = xstrdup(lit ? lit : "");
    break;
  }
  case MD_LINK:
  case MD_IMAGE: {
    const char *u = cmark_node_get_url(c), *t = cmark_node_get_title(c);
    n->url = xstrdup(u ? u : "");
    n->title = xstrdup(t ? t : "");
    break;
  }
  case MD_TABLE: {
    cp->n_cols = cmark_gfm_extensions_get_table_columns(c);
    cp->aligns = cmark_gfm_extensions_get_table_alignments(c);
    n->n_cols = cp->n_cols < cp->max_cols ? cp->n_cols : cp->max_cols;
    if (cp->n_cols > cp->max_cols)
      diag_report(DIAG_MD_COLUMNS, cp->name, n->line, 0, cp->n_cols,
                  cp->max_cols, cp->max_cols);
    break;
  }
  case MD_TABLE_ROW:
    n->header = cmark_gfm_extensions_get_table_row_is_header(c) != 0;
    cp->col = 0;
    cp->last_cell = NULL;
    break;
  case MD_TABLE_CELL: {
    uint8_t a = cp->aligns && cp->col < cp->n_cols ? cp->aligns[cp->col] : 0;
    n->align = a == 'l' || a == 'c' || a == 'r' ? (char)a : 0;
    cp->col++;
    cp->last_cell = c;
    break;
  }
  default:
    break;
  }
}

/* Entering cmark node c (not the document): make its md_node under the
 * md_node its parent maps to, or attach nothing when c is flattened or of
 * an unknown container type.  c's user data is set to the md_node its
 * children go to. */
static void copy_enter(copier *cp, cmark_node *c) {
  md_node *parent = cmark_node_get_user_data(cmark_node_parent(c));
  int cline = cmark_node_get_start_line(c);
  int line = cline > 0      ? cline + cp->first_line - 1
             : parent->last ? parent->last->line
                            : parent->line;
  md_type t;
  if (!map_type(c, &t)) {
    /* Unknown: keep the children where c is; a literal becomes text. */
    const char *lit = cmark_node_get_literal(c);
    cmark_node_set_user_data(c, parent);
    if (lit && *lit) {
      int blk = (cmark_node_get_type(c) & CMARK_NODE_TYPE_MASK) ==
                CMARK_NODE_TYPE_BLOCK;
      md_node *tn = text_node(MD_TEXT, line, lit);
      if (blk &&
          (is_block_container(parent->type) || parent->type == MD_DOCUMENT)) {
        md_node *p = node_new(MD_PARAGRAPH, line);
        node_append(p, tn);
        tn = p;
      }
      node_append(parent, tn);
    }
    return;
  }
  int keep = 1;
  if (is_block_container(t)) {
    int d = block_depth(parent) + 1;
    keep = t == MD_LIST   ? d < cp->max_depth
           : t == MD_ITEM ? d <= cp->max_depth && parent->type == MD_LIST
                          : d <= cp->max_depth;
    if (!keep && !cp->reported) {
      cp->reported = 1;
      diag_report(DIAG_MD_DEPTH, cp->name, line, 0, cp->max_depth);
    }
  } else if (is_inline_container(t)) {
    keep = inline_depth(parent) < cp->max_depth;
  } else if (t == MD_TABLE_CELL && parent->type != MD_TABLE_ROW) {
    keep = 0;
  } else if (t == MD_TABLE_CELL && cp->col >= cp->max_cols && parent->last) {
    /* past the column limit: this cell's content goes on in the last
     * kept cell, after a " | " */
    md_node *last = parent->last;
    node_append(last, text_node(MD_TEXT, line, " | "));
    cp->col++;
    cp->last_cell = c;
    cmark_node_set_user_data(c, last);
    return;
  } else if (t == MD_TEXT) {
    /* The autolink extension leaves empty text nodes behind. */
    const char *lit = cmark_node_get_literal(c);
    keep = lit && *lit;
  }
  if (!keep) {
    cmark_node_set_user_data(c, parent);
    return;
  }
  md_node *n = node_new(t, line);
  copy_fields(cp, c, n);
  node_append(parent, n);
  cmark_node_set_user_data(c, n);
}

/* Leaving cmark node c, after its children. */
static void copy_exit(copier *cp, cmark_node *c) {
  md_node *n = cmark_node_get_user_data(c);
  md_type t;
  if (n && n->type == MD_TABLE_ROW && map_type(c, &t) && t == MD_TABLE_ROW)
    recover_cells(cp, c, n);
}

/* Copy cmark's document into a new md tree, walking without recursion. */
static md_node *copy_tree(copier *cp, cmark_node *root) {
  md_node *doc = node_new(MD_DOCUMENT, cp->first_line);
  cmark_node_set_user_data(root, doc);
  cmark_node *c = cmark_node_first_child(root);
  while (c) {
    copy_enter(cp, c);
    cmark_node *k = cmark_node_first_child(c);
    if (k) {
      c = k;
      continue;
    }
    for (;;) {
      copy_exit(cp, c);
      cmark_node *nx = cmark_node_next(c);
      if (nx) {
        c = nx;
        break;
      }
      c = cmark_node_parent(c);
      if (c == root) {
        c = NULL;
        break;
      }
    }
  }
  return doc;
}

/* ---- walking md trees without recursion ----------------------------- */

/* The step after (n, entering) in a walk of root's subtree that visits
 * every node twice, entering and leaving (leaves too).  Returns NULL when
 * the walk is over. */
static const md_node *walk_next(const md_node *root, const md_node *n,
                                int *entering) {
  if (*entering) {
    if (n->first)
      return n->first;
    *entering = 0;
    return n;
  }
  if (n == root)
    return NULL;
  if (n->next) {
    *entering = 1;
    return n->next;
  }
  return n->parent;
}

/* ---- strong emphasis next to CJK punctuation ------------------------ */

/* CommonMark's flanking rules leave "**时间：**2020" unbolded: the closing
 * "**" follows punctuation and precedes a letter, so it cannot close.
 * Chinese pages write this all the time (and the renderers they were
 * written for bold it).  After the copy, leftover "**" pairs in the text of
 * one inline parent become MD_STRONG: an opener is a run of exactly two '*'
 * followed by a non-space, a closer one preceded by a non-space. */

#define NPOS ((size_t)-1)

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Offset of the next run of exactly two '*' in s[from..n) that can open
 * (opener) or close (!opener), or NPOS.  at_edge: an opener may end the
 * string, or a closer begin it (the content is in a sibling). */
static size_t find_stars(const char *s, size_t n, size_t from, int opener,
                         int at_edge) {
  for (size_t p = from; p + 1 < n; p++) {
    if (s[p] != '*' || s[p + 1] != '*')
      continue;
    if ((p > 0 && s[p - 1] == '*') || (p + 2 < n && s[p + 2] == '*')) {
      while (p < n && s[p] == '*') /* a longer run: not ours */
        p++;
      continue;
    }
    if (opener ? (p + 2 < n ? !is_space(s[p + 2]) : at_edge)
               : (p > 0 ? !is_space(s[p - 1]) : at_edge))
      return p;
  }
  return NPOS;
}

static void insert_before(md_node *ref, md_node *n) {
  n->parent = ref->parent;
  n->next = ref;
  n->prev = ref->prev;
  if (ref->prev)
    ref->prev->next = n;
  else
    ref->parent->first = n;
  ref->prev = n;
}

void md_unlink(md_node *n) {
  if (!n->parent)
    return;
  if (n->prev)
    n->prev->next = n->next;
  else
    n->parent->first = n->next;
  if (n->next)
    n->next->prev = n->prev;
  else
    n->parent->last = n->prev;
  n->parent = n->prev = n->next = NULL;
}

static md_node *text_n(int line, const char *s, size_t n) {
  md_node *t = node_new(MD_TEXT, line);
  t->text = xstrndup(s, n);
  return t;
}

/* Pairs inside text node c, in one pass: the text before each pair and the
 * pair (as MD_STRONG) go in front of c, c keeps the rest.  Returns the
 * offset of the first opener left in c, or NPOS. */
static size_t strong_in_node(md_node *c) {
  const char *s = c->text;
  size_t n = strlen(s), pos = 0, i = NPOS;
  int before_inline =
      c->next && c->next->type != MD_SOFTBREAK && c->next->type != MD_LINEBREAK;
  for (;;) {
    i = find_stars(s, n, pos, 1, before_inline);
    size_t j = i == NPOS ? NPOS : find_stars(s, n, i + 3, 0, 0);
    if (j == NPOS)
      break;
    if (i > pos)
      insert_before(c, text_n(c->line, s + pos, i - pos));
    md_node *strong = node_new(MD_STRONG, c->line);
    node_append(strong, text_n(c->line, s + i + 2, j - i - 2));
    insert_before(c, strong);
    pos = j + 2;
  }
  if (pos > 0) {
    memmove(c->text, s + pos, n - pos + 1);
    if (i != NPOS)
      i -= pos;
  }
  return i;
}

/* A pair from the opener at i in text node a to the closer at j in a later
 * sibling b: the siblings between go into a new MD_STRONG.  Empty text
 * nodes left over are removed.  Returns the node to go on with. */
static md_node *strong_across(md_node *a, size_t i, md_node *b, size_t j) {
  md_node *strong = node_new(MD_STRONG, a->line);
  insert_before(b, strong);
  if (a->text[i + 2])
    node_append(strong,
                text_n(a->line, a->text + i + 2, strlen(a->text + i + 2)));
  a->text[i] = 0;
  while (a->next != strong) {
    md_node *m = a->next;
    md_unlink(m);
    node_append(strong, m);
  }
  if (j > 0)
    node_append(strong, text_n(b->line, b->text, j));
  memmove(b->text, b->text + j + 2, strlen(b->text + j + 2) + 1);
  if (!*a->text) {
    md_unlink(a);
    free(a->text);
    free(a);
  }
  if (*b->text)
    return b;
  md_node *after = b->next;
  md_unlink(b);
  free(b->text);
  free(b);
  return after;
}

/* Pair leftover "**" among the children of p.  Linear: each text node is
 * scanned once for pairs inside it, and when an opener finds no closer in
 * any later sibling, no later opener can, so the scan stops. */
static void fix_strong_children(md_node *p) {
  md_node *c = p->first;
  while (c) {
    if (c->type != MD_TEXT) {
      c = c->next;
      continue;
    }
    size_t i = strong_in_node(c);
    if (i == NPOS) {
      c = c->next;
      continue;
    }
    md_node *d = c;
    size_t j = NPOS;
    while (j == NPOS && d->next) {
      d = d->next;
      if (d->type == MD_TEXT)
        j = find_stars(d->text, strlen(d->text), 0, 0, 1);
    }
    if (j == NPOS)
      return;
    c = strong_across(c, i, d, j);
  }
}

/* ---- very long paragraphs ------------------------------------------ */

/* A paragraph is shaped and broken into lines as a whole, and everything
 * that takes (glyphs, break opportunities, Pango's layout) is held for all
 * of it at once: one 10 MB paragraph took 1.2 GB where 32 KB pieces take
 * 0.35 GB; and Pango's own line breaking, which measures natural width in
 * 32-bit units of 1/1024 pt, overflows past some 200 000 characters.  So
 * a paragraph of more than BODY_MAX_PARA bytes of text is split into
 * paragraphs of at most that size, each cut after a sentence end or a
 * space when there is one near the limit, else between two characters.
 * Nothing is lost; a warning names the paragraph. */
#define BODY_MAX_PARA ((size_t)32 * 1024)

/* Bytes of text under n (n's own literal included; a line break counts
 * as the one byte it prints as). */
static size_t text_bytes(const md_node *n) {
  size_t b = 0;
  int entering = 1;
  for (const md_node *m = n; m; m = walk_next(n, m, &entering))
    if (entering && m->text)
      b += strlen(m->text);
    else if (entering && (m->type == MD_SOFTBREAK || m->type == MD_LINEBREAK))
      b++;
  return b;
}

/* Where to cut s (n bytes, n > max): after the last sentence end or space
 * in the second half of s[0..max), else at the last character boundary
 * at or before max.  Never 0. */
static size_t cut_point(const char *s, size_t max) {
  static const char *const ends[] = {"\xe3\x80\x82", "\xef\xbc\x81",
                                     "\xef\xbc\x9f", "\xef\xbc\x9b",
                                     ". ", "! ", "? ", "; ", " "};
  for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
    size_t len = strlen(ends[k]);
    for (size_t i = max - len + 1; i-- > max / 2;)
      if (!memcmp(s + i, ends[k], len))
        return i + len;
  }
  size_t i = max;
  while (i > 1 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

static void insert_after(md_node *ref, md_node *n) {
  if (ref->next)
    insert_before(ref->next, n);
  else
    node_append(ref->parent, n);
}

/* Split paragraph p as described above. */
static void split_paragraph(copier *cp, md_node *p) {
  /* text children longer than the limit become several text nodes */
  for (md_node *c = p->first; c; c = c->next) {
    if (c->type != MD_TEXT || strlen(c->text) <= BODY_MAX_PARA)
      continue;
    const char *s = c->text;
    size_t n = strlen(s);
    while (n > BODY_MAX_PARA) {
      size_t k = cut_point(s, BODY_MAX_PARA);
      insert_before(c, text_n(c->line, s, k));
      s += k, n -= k;
    }
    memmove(c->text, s, n + 1);
  }
  /* then the children are dealt out to paragraphs of at most the limit */
  md_node *cur = p;
  size_t acc = 0;
  md_node *c = p->first;
  while (c) {
    md_node *next = c->next;
    size_t b = text_bytes(c);
    if (acc > 0 && acc + b > BODY_MAX_PARA) {
      /* a line end closing a part goes */
      md_node *end = cur == p ? c->prev : cur->last;
      if (end && end->type == MD_SOFTBREAK) {
        md_unlink(end);
        free(end);
      }
      md_node *q = node_new(MD_PARAGRAPH, c->line);
      insert_after(cur, q);
      cur = q;
      acc = 0;
    }
    if (cur != p) {
      md_unlink(c);
      if (!cur->first && (c->type == MD_SOFTBREAK || c->type == MD_LINEBREAK)) {
        free(c->text); /* a line end opening a paragraph: nothing to keep */
        free(c);
        c = next;
        continue;
      }
      node_append(cur, c);
    }
    acc += b;
    c = next;
  }
  if (!cp->reported_para) {
    cp->reported_para = 1;
    diag_report(DIAG_MD_LONG_PARA, cp->name, p->line, 0,
                (size_t)(BODY_MAX_PARA / 1024));
  }
}

static void split_long_paragraphs(copier *cp, md_node *doc) {
  md_node **paras = NULL;
  size_t n = 0, cap = 0;
  int entering = 1;
  for (const md_node *m = doc; m; m = walk_next(doc, m, &entering))
    if (entering && m->type == MD_PARAGRAPH && text_bytes(m) > BODY_MAX_PARA)
      VEC_PUSH(paras, n, cap, (md_node *)m);
  for (size_t i = 0; i < n; i++)
    split_paragraph(cp, paras[i]);
  free(paras);
}

static int has_inlines(md_type t) {
  return t == MD_PARAGRAPH || t == MD_HEADING || t == MD_TABLE_CELL ||
         is_inline_container(t);
}

static void fix_strong(md_node *doc) {
  int entering = 1;
  for (const md_node *n = doc; n; n = walk_next(doc, n, &entering))
    if (!entering && has_inlines(n->type) && n->first)
      fix_strong_children((md_node *)n);
}

/* Length of a fence opener (``` or ~~~, three or more) at s, or 0. */
static size_t fence_len(const char *s, const char *end) {
  size_t n = 0;
  while (s + n < end && (s[n] == '`' || s[n] == '~') && s[n] == s[0])
    n++;
  return n >= 3 ? n : 0;
}

/* The end of a line's text (before "\r\n" or "\n") within [s, next). */
static const char *line_end(const char *s, const char *next) {
  const char *e = next;
  if (e > s && e[-1] == '\n')
    e--;
  if (e > s && e[-1] == '\r')
    e--;
  return e;
}

/* A kramdown attribute list closing a heading line ("{#id}", "{: .x}"):
 * where it starts, or NULL. */
static const char *kramdown_ial(const char *line, const char *next) {
  const char *e = line_end(line, next);
  while (e > line && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  if (e == line || e[-1] != '}')
    return NULL;
  const char *o = e - 1;
  while (o > line && *o != '{')
    o--;
  if (*o != '{' || (o[1] != '#' && o[1] != ':') || o == line || o[-1] != ' ')
    return NULL;
  while (o > line && o[-1] == ' ')
    o--;
  return o;
}

/* 1 when a line is only a kramdown attribute list or extension tag. */
static int kramdown_line(const char *line, const char *next) {
  const char *e = line_end(line, next);
  const char *s = line;
  while (s < e && (*s == ' ' || *s == '\t'))
    s++;
  while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  return e - s >= 3 && s[0] == '{' && s[1] == ':' && e[-1] == '}';
}

/* "##Title" at the start of a line (two to six hashes and no space, the
 * heading of kramdown and redcarpet pages) gets the space CommonMark wants:
 * "## Title".  A single "#word" is left alone (a tag, not a heading), and
 * so are lines inside fenced code and indented lines.  Returns the new
 * text (*out_len bytes, the same lines) or NULL when nothing changed. */
static char *atx_spaces(const char *text, size_t len, size_t *out_len) {
  strbuf b = {0};
  const char *end = text + len, *done = text;
  size_t fence = 0;
  char fence_ch = 0;
  for (const char *line = text; line < end;) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *next = nl ? nl + 1 : end;
    size_t f = fence_len(line, next);
    if (fence) {
      if (f >= fence && line[0] == fence_ch)
        fence = 0;
    } else if (f) {
      fence = f, fence_ch = line[0];
    } else {
      size_t h = 0;
      while (line + h < next && line[h] == '#')
        h++;
      if (h >= 2 && h <= 6 && line + h < next && line[h] != ' ' &&
          line[h] != '\t' && line[h] != '\n' && line[h] != '\r') {
        sb_addn(&b, done, (size_t)(line + h - done));
        sb_addc(&b, ' ');
        done = line + h;
      }
      /* kramdown's attribute lists: "## Venue {#venue}" and lines that
       * are only "{: .table}" or "{::coverage … /}" are markup, not text */
      const char *ial = h ? kramdown_ial(line, next) : NULL;
      if (ial) {
        sb_addn(&b, done, (size_t)(ial - done));
        done = line_end(ial, next);
      } else if (!h && kramdown_line(line, next)) {
        sb_addn(&b, done, (size_t)(line - done));
        done = line_end(line, next);
      }
    }
    line = next;
  }
  if (!b.len)
    return NULL;
  sb_addn(&b, done, (size_t)(end - done));
  *out_len = b.len;
  return sb_take(&b);
}

md_node *body_parse_text(const char *name, const char *text, size_t len,
                         int first_line) {
  static const char *const exts[] = {"table", "strikethrough", "autolink"};
  pthread_once(&register_once, register_extensions);
  if (first_line < 1)
    first_line = 1;
  if (!text)
    len = 0;
  /* Hugo shortcodes and Liquid tags become the Markdown they stand for */
  size_t exp_len = 0;
  char *expanded = shortcode_expand(name, text, len, first_line, &exp_len);
  if (expanded)
    text = expanded, len = exp_len;
  char *spaced = text ? atx_spaces(text, len, &exp_len) : NULL;
  if (spaced)
    text = spaced, len = exp_len;

  pthread_mutex_lock(&parse_lock);
  cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE |
                                     CMARK_OPT_VALIDATE_UTF8);
  for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
    cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
    if (e)
      cmark_parser_attach_syntax_extension(p, e);
  }
  if (len)
    cmark_parser_feed(p, text, len);
  cmark_node *root = cmark_parser_finish(p);
  cmark_parser_free(p);
  pthread_mutex_unlock(&parse_lock);

  copier cp = {0};
  size_t lim = util_env_limit("BOOKLET_MAX_DEPTH", BODY_MAX_DEPTH);
  cp.max_depth = lim < 2 ? 2 : lim > BODY_DEPTH_CAP ? BODY_DEPTH_CAP : (int)lim;
  lim = util_env_limit("BOOKLET_MAX_COLUMNS", BODY_MAX_COLUMNS);
  cp.max_cols = lim < 1 ? 1 : lim > BODY_COLUMNS_CAP ? BODY_COLUMNS_CAP : (int)lim;
  cp.name = name;
  cp.text = text;
  cp.len = len;
  cp.first_line = first_line;
  md_node *doc = copy_tree(&cp, root);
  fix_strong(doc);
  split_long_paragraphs(&cp, doc);
  free(cp.lines);
  cmark_node_free(root);
  free(expanded);
  free(spaced);
  return doc;
}

md_node *body_parse(const source *src) {
  if (!src)
    return body_parse_text(NULL, "", 0, 1);
  return body_parse_text(src->path, src->body, src->body ? src->body_len : 0,
                         src->body_line);
}

/* ---- freeing -------------------------------------------------------- */

void body_free(md_node *doc) {
  if (!doc)
    return;
  md_node *n = doc;
  while (n) {
    if (n->first) {
      n = n->first;
      continue;
    }
    /* n is a leaf now (its children are gone): free it, go on. */
    md_node *up = n == doc ? NULL : n->parent;
    md_node *nx = n == doc ? NULL : n->next;
    if (up)
      up->first = nx;
    free(n->text);
    free(n->url);
    free(n->title);
    free(n->info);
    free(n);
    n = nx ? nx : up;
  }
}

/* ---- plain text ----------------------------------------------------- */

/* 1 when s is exactly a <br> tag: <br>, <br/>, <br />, </br>, any case. */
static int is_br(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && s[i] == '<')
    i++;
  else
    return 0;
  if (i < n && s[i] == '/')
    i++;
  if (i + 2 > n || (s[i] != 'b' && s[i] != 'B') ||
      (s[i + 1] != 'r' && s[i + 1] != 'R'))
    return 0;
  i += 2;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
    i++;
  if (i < n && s[i] == '/')
    i++;
  return i + 1 == n && s[i] == '>';
}

/* Text of an HTML block: tags and comments removed, <br> as '\n'. */
static void add_html_text(strbuf *b, const char *s) {
  while (*s) {
    if (*s == '<' && !strncmp(s, "<!--", 4)) {
      const char *e = strstr(s + 4, "-->");
      s = e ? e + 3 : s + strlen(s);
      continue;
    }
    if (*s == '<' && (s[1] == '/' || s[1] == '!' || s[1] == '?' ||
                      ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))) {
      const char *e = strchr(s, '>');
      if (e) {
        if (is_br(s, (size_t)(e - s) + 1))
          sb_addc(b, '\n');
        s = e + 1;
        continue;
      }
    }
    sb_addc(b, *s++);
  }
}

static void add_trimmed_nl(strbuf *b, const char *s) {
  size_t n = strlen(s);
  while (n && s[n - 1] == '\n')
    n--;
  sb_addn(b, s, n);
}

/* Blocks whose text is their inline children or their literal. */
static int is_text_block(md_type t) {
  return t == MD_PARAGRAPH || t == MD_HEADING || t == MD_TABLE_CELL ||
         t == MD_CODE_BLOCK || t == MD_HTML_BLOCK || t == MD_THEMATIC_BREAK;
}

char *md_plain_text(const md_node *root) {
  strbuf b = {0};
  if (!root)
    return sb_take(&b);
  /* Text blocks do not nest: one pair of marks is enough.  before is the
   * length ahead of the open block's '\n' separator, after the length
   * behind it; a block that adds nothing takes its separator back. */
  size_t before = 0, after = 0;
  int entering = 1;
  for (const md_node *n = root; n; n = walk_next(root, n, &entering)) {
    if (!entering) {
      if (is_text_block(n->type) && b.len == after && b.s) {
        b.len = before;
        b.s[before] = 0;
      }
      continue;
    }
    if (is_text_block(n->type)) {
      before = b.len;
      if (b.len)
        sb_addc(&b, '\n');
      after = b.len;
    }
    switch (n->type) {
    case MD_TEXT:
    case MD_CODE:
      sb_add(&b, n->text ? n->text : "");
      break;
    case MD_SOFTBREAK:
      /* After a <br> the line end adds nothing. */
      if (!b.len || b.s[b.len - 1] != '\n')
        sb_addc(&b, ' ');
      break;
    case MD_LINEBREAK:
      sb_addc(&b, '\n');
      break;
    case MD_HTML_INLINE:
      if (n->text && is_br(n->text, strlen(n->text)))
        sb_addc(&b, '\n');
      break;
    case MD_CODE_BLOCK:
      add_trimmed_nl(&b, n->text ? n->text : "");
      break;
    case MD_HTML_BLOCK: {
      strbuf h = {0};
      add_html_text(&h, n->text ? n->text : "");
      add_trimmed_nl(&b, h.s ? h.s : "");
      sb_free(&h);
      break;
    }
    default:
      break;
    }
  }
  return sb_take(&b);
}

/* ---- names and dumps ------------------------------------------------ */

const char *md_type_name(md_type t) {
  static const char *const names[] = {
      [MD_DOCUMENT] = "document",
      [MD_HEADING] = "heading",
      [MD_PARAGRAPH] = "paragraph",
      [MD_LIST] = "list",
      [MD_ITEM] = "item",
      [MD_BLOCKQUOTE] = "blockquote",
      [MD_CODE_BLOCK] = "code_block",
      [MD_HTML_BLOCK] = "html_block",
      [MD_THEMATIC_BREAK] = "thematic_break",
      [MD_TABLE] = "table",
      [MD_TABLE_ROW] = "table_row",
      [MD_TABLE_CELL] = "table_cell",
      [MD_TEXT] = "text",
      [MD_SOFTBREAK] = "softbreak",
      [MD_LINEBREAK] = "linebreak",
      [MD_CODE] = "code",
      [MD_HTML_INLINE] = "html_inline",
      [MD_EMPH] = "emph",
      [MD_STRONG] = "strong",
      [MD_STRIKE] = "strike",
      [MD_LINK] = "link",
      [MD_IMAGE] = "image",
  };
  if ((unsigned)t >= sizeof names / sizeof *names || !names[t])
    return "unknown";
  return names[t];
}

/* Append s in double quotes, escaping quotes, backslashes and control
 * characters; UTF-8 is kept as is. */
static void add_quoted(strbuf *b, const char *s) {
  sb_addc(b, '"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      sb_addc(b, '\\');
      sb_addc(b, (char)c);
    } else if (c == '\n') {
      sb_add(b, "\\n");
    } else if (c == '\t') {
      sb_add(b, "\\t");
    } else if (c == '\r') {
      sb_add(b, "\\r");
    } else if (c < 0x20 || c == 0x7f) {
      sb_addf(b, "\\x%02x", c);
    } else {
      sb_addc(b, (char)c);
    }
  }
  sb_addc(b, '"');
}

static void dump_node(strbuf *b, const md_node *n, int depth) {
  for (int i = 0; i < depth; i++)
    sb_add(b, "  ");
  sb_add(b, md_type_name(n->type));
  sb_addf(b, " @%d", n->line);
  switch (n->type) {
  case MD_HEADING:
    sb_addf(b, " level=%d", n->level);
    break;
  case MD_LIST:
    if (n->ordered)
      sb_addf(b, " ordered start=%d", n->start);
    else
      sb_add(b, " bullet");
    sb_add(b, n->tight ? " tight" : " loose");
    break;
  case MD_CODE_BLOCK:
    if (n->info && *n->info) {
      sb_add(b, " info=");
      add_quoted(b, n->info);
    }
    break;
  case MD_LINK:
  case MD_IMAGE:
    sb_add(b, " url=");
    add_quoted(b, n->url);
    if (n->title && *n->title) {
      sb_add(b, " title=");
      add_quoted(b, n->title);
    }
    break;
  case MD_TABLE:
    sb_addf(b, " cols=%d", n->n_cols);
    break;
  case MD_TABLE_ROW:
    if (n->header)
      sb_add(b, " header");
    break;
  case MD_TABLE_CELL:
    if (n->align)
      sb_addf(b, " align=%c", n->align);
    break;
  default:
    break;
  }
  if (n->text) {
    sb_addc(b, ' ');
    add_quoted(b, n->text);
  }
  sb_addc(b, '\n');
}

char *md_dump(const md_node *root) {
  strbuf b = {0};
  int depth = 0, entering = 1;
  for (const md_node *n = root; n; n = walk_next(root, n, &entering)) {
    if (entering)
      dump_node(&b, n, depth++);
    else
      depth--;
  }
  return sb_take(&b);
}
