/* extract_html.c — agendas written as raw HTML in the Markdown: a
 * <table> of the programme (a header of Start / Title / Speaker, or a grid
 * whose first row names tracks and whose first column holds times, a row
 * of titles over a row of speakers), parsed with libxml2's HTML parser
 * (lenient, as browsers are), never with patterns over tags.  Each row
 * (each cell of a grid) becomes a record of the agenda; a cell's
 * <details><summary>Title</summary>abstract</details> gives the title and
 * the abstract; <br> and paragraphs are line breaks.
 *
 * An HTML table often spans several HTML blocks of the Markdown (a blank
 * line ends one): a run of adjacent HTML blocks is read as one document.
 * Tables that read as no agenda stay where they are. */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Most rows and columns of an HTML table read (larger ones stay as they
 * are). */
#define HTML_MAX_ROWS 400
#define HTML_MAX_COLS 16

/* ---- text of nodes ------------------------------------------------------------------ */

static int named(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE &&
         !strcasecmp((const char *)n->name, name);
}

static int block_element(const xmlNode *n) {
  static const char *const names[] = {"p", "div", "li", "tr", "h1", "h2", "h3",
                                      "h4", "h5", "h6", "details", NULL};
  for (size_t i = 0; names[i]; i++)
    if (named(n, names[i]))
      return 1;
  return 0;
}

/* Text of n into b: <br> and the ends of blocks as '\n', runs of spaces
 * as one.  skip: an element left out (a <summary> read apart). */
static void text_of(const xmlNode *n, strbuf *b, const xmlNode *skip) {
  for (const xmlNode *c = n; c; c = c->next) {
    if (c == skip)
      continue;
    if (c->type == XML_TEXT_NODE && c->content) {
      for (const char *s = (const char *)c->content; *s; s++) {
        int space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
        if (space) {
          if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '\n')
            sb_addc(b, ' ');
        } else if (!strncmp(s, "\xc2\xa0", 2)) {
          sb_addc(b, ' ');
          s++;
        } else {
          sb_addc(b, *s);
        }
      }
    } else if (c->type == XML_ELEMENT_NODE) {
      if (named(c, "br")) {
        sb_addc(b, '\n');
        continue;
      }
      if (named(c, "script") || named(c, "style"))
        continue;
      text_of(c->children, b, skip);
      if (block_element(c) && b->len && b->s[b->len - 1] != '\n')
        sb_addc(b, '\n');
    }
  }
}

/* The text of a cell, trimmed line by line.  Caller frees. */
static char *cell_text(const xmlNode *cell, const xmlNode *skip) {
  strbuf b = {0};
  text_of(cell->children, &b, skip);
  char *raw = sb_take(&b);
  strbuf o = {0};
  for (char *line = raw, *nl; line; line = nl ? nl + 1 : NULL) {
    nl = strchr(line, '\n');
    if (nl)
      *nl = 0;
    char *t = util_trim(line);
    if (*t) {
      if (o.len)
        sb_addc(&o, '\n');
      sb_add(&o, t);
    }
    free(t);
  }
  free(raw);
  return sb_take(&o);
}

/* The first element named name under n (depth first), or NULL. */
static const xmlNode *find(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n; c; c = c->next) {
    if (named(c, name))
      return c;
    const xmlNode *f = c->type == XML_ELEMENT_NODE ? find(c->children, name) : NULL;
    if (f)
      return f;
  }
  return NULL;
}

/* ---- a table as a matrix ------------------------------------------------------------- */

typedef struct cell {
  char *text;   /* the cell's text (shared by the places a span covers) */
  char *more;   /* text after a <summary>, or NULL */
  int origin;   /* 1 where the cell is written, 0 where its span reaches */
  int header;   /* a <th> */
} cell;

typedef struct matrix {
  cell c[HTML_MAX_ROWS][HTML_MAX_COLS]; /* rows × columns */
  int rows, cols;                        /* used */
  int line[HTML_MAX_ROWS];               /* source line of each row */
} matrix;

static int span(const xmlNode *td, const char *attr) {
  xmlChar *v = xmlGetProp((xmlNode *)td, (const xmlChar *)attr);
  int n = v ? atoi((const char *)v) : 1;
  xmlFree(v);
  return n < 1 ? 1 : n > HTML_MAX_ROWS ? HTML_MAX_ROWS : n;
}

/* Fill m from table t (rowspans and colspans spread); 0 when it is too
 * big to read. */
static int read_matrix(const xmlNode *t, matrix *m, int first_line) {
  memset(m, 0, sizeof *m);
  const xmlNode *rows[HTML_MAX_ROWS];
  int nr = 0;
  /* rows directly, or in thead / tbody / tfoot */
  for (const xmlNode *c = t->children; c; c = c->next) {
    if (named(c, "tr")) {
      if (nr == HTML_MAX_ROWS)
        return 0;
      rows[nr++] = c;
    } else if (named(c, "thead") || named(c, "tbody") || named(c, "tfoot")) {
      for (const xmlNode *r = c->children; r; r = r->next)
        if (named(r, "tr")) {
          if (nr == HTML_MAX_ROWS)
            return 0;
          rows[nr++] = r;
        }
    }
  }
  for (int r = 0; r < nr; r++) {
    int col = 0;
    m->line[r] = first_line + (rows[r]->line > 0 ? rows[r]->line - 1 : 0);
    for (const xmlNode *td = rows[r]->children; td; td = td->next) {
      if (!named(td, "td") && !named(td, "th"))
        continue;
      while (col < HTML_MAX_COLS && m->c[r][col].text)
        col++;
      if (col >= HTML_MAX_COLS)
        break; /* the rest of a too-wide row is not read */
      const xmlNode *sum = find(td->children, "summary");
      char *more = NULL, *text;
      if (sum) {
        text = cell_text(sum, NULL);
        more = cell_text(td, sum);
        if (!*more)
          free(more), more = NULL;
      } else {
        text = cell_text(td, NULL);
      }
      int rs = span(td, "rowspan"), cs = span(td, "colspan");
      for (int i = 0; i < rs && r + i < nr; i++)
        for (int j = 0; j < cs && col + j < HTML_MAX_COLS; j++) {
          cell *c = &m->c[r + i][col + j];
          if ((i || j) && c->text)
            continue; /* a span running into a cell already taken */
          c->text = text;
          c->origin = !i && !j;
          c->more = c->origin ? more : NULL;
          c->header = named(td, "th");
        }
      col += cs;
      if (col > m->cols)
        m->cols = col > HTML_MAX_COLS ? HTML_MAX_COLS : col;
    }
  }
  m->rows = nr;
  return nr > 0;
}

static void matrix_free(matrix *m) {
  for (int r = 0; r < HTML_MAX_ROWS; r++)
    for (int c = 0; c < HTML_MAX_COLS; c++)
      if (m->c[r][c].origin)
        free(m->c[r][c].text), free(m->c[r][c].more);
}

/* ---- records -------------------------------------------------------------------------- */

/* Column kinds of the first row (as an agenda table's header); 1 when it
 * reads as one. */
static int header_kinds(ex_ctx *x, const matrix *m, ex_col *kinds) {
  (void)x;
  int seen[EX_COL_COUNT] = {0}, any = 0;
  for (int c = 0; c < m->cols; c++) {
    kinds[c] = ex_column_kind(m->c[0][c].text ? m->c[0][c].text : "");
    any |= kinds[c] != EX_COL_NONE;
    seen[kinds[c]] = 1;
  }
  return any && seen[EX_COL_TITLE] && (seen[EX_COL_TIME] || seen[EX_COL_SPEAKER]);
}

/* Rows of a table with a header: time columns joined ("8:00–9:00"), the
 * title and its abstract, the speakers. */
static void header_rows(ex_ctx *x, ex_records *rs, const matrix *m,
                        const ex_col *kinds, long first, long end) {
  for (int r = 1; r < m->rows; r++) {
    strbuf time = {0}, note = {0};
    const cell *title = NULL, *people = NULL;
    for (int c = 0; c < m->cols; c++) {
      const cell *e = &m->c[r][c];
      if (!e->text || !*e->text)
        continue;
      if (kinds[c] == EX_COL_TIME && !strchr(e->text, '\n'))
        sb_addf(&time, "%s%s", time.len ? "-" : "", e->text);
      else if (kinds[c] == EX_COL_TITLE && !title)
        title = e;
      else if ((kinds[c] == EX_COL_SPEAKER || kinds[c] == EX_COL_COMPANY) &&
               !people)
        people = e;
      else if (e->origin)
        sb_addf(&note, "%s%s", note.len ? "\n" : "", e->text);
    }
    if (!title && !people) {
      sb_free(&time), sb_free(&note);
      continue;
    }
    ex_record *rec = ex_record_add(rs);
    char *t = sb_take(&time);
    rec->line = xasprintf("%s %s", t, title ? title->text : "");
    free(t);
    rec->line_no = m->line[r];
    rec->first = first, rec->end = end;
    if (people) {
      /* "chair: …" on a break row names its chair, not a speaker */
      if (strncasecmp(people->text, "chair", 5))
        rec->people = xstrdup(people->text);
      else
        sb_addf(&note, "%s%s", note.len ? "\n" : "", people->text);
    }
    char *n = sb_take(&note);
    if (title && title->more)
      rec->more = *n ? xasprintf("%s\n\n%s", title->more, n) : xstrdup(title->more);
    else if (*n)
      rec->more = xstrdup(n);
    free(n);
  }
  (void)x;
}

/* A grid: the first row names the tracks, the first column the times; a
 * row of titles over a row of their speakers in the same time span. */
static void grid_rows(ex_ctx *x, ex_records *rs, const matrix *m, long first,
                      long end) {
  for (int r = 1; r < m->rows; r++) {
    const cell *tc = &m->c[r][0];
    if (!tc->text || !extract_leading_time(tc->text))
      continue;
    /* the row under it, in the same time span: the speakers */
    int under = r + 1 < m->rows && m->c[r + 1][0].text == tc->text;
    for (int c = 1; c < m->cols; c++) {
      const cell *title = &m->c[r][c];
      if (!title->text || !*title->text || !title->origin)
        continue;
      ex_record *rec = ex_record_add(rs);
      rec->line = xasprintf("%s %s", tc->text, title->text);
      for (char *p = rec->line; *p; p++)
        if (*p == '\n')
          *p = ' ';
      rec->line_no = m->line[r];
      rec->first = first, rec->end = end;
      if (under && m->c[r + 1][c].text && *m->c[r + 1][c].text)
        rec->people = xstrdup(m->c[r + 1][c].text);
      if (m->c[0][c].text && *m->c[0][c].text) {
        rec->track = xstrdup(m->c[0][c].text);
        for (char *p = rec->track; *p; p++)
          if (*p == '\n')
            *p = ' ';
      }
      rec->more = title->more ? xstrdup(title->more) : NULL;
    }
    if (under)
      r++;
  }
  (void)x;
}

/* Read the tables of one HTML document (blocks [first, end) of bl). */
static void read_tables(ex_ctx *x, ex_records *rs, const char *html, int line,
                        long first, long end) {
  htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!doc)
    return;
  const xmlNode *root = xmlDocGetRootElement(doc);
  matrix *m = xmalloc(sizeof *m);
  for (const xmlNode *t = find(root, "table"); t;) {
    if (read_matrix(t, m, line) && m->rows >= 2) {
      ex_col kinds[HTML_MAX_COLS];
      size_t g = ex_group_open(rs, EX_FROM_ROW, -1);
      rs->g[g].agenda = 1;
      if (header_kinds(x, m, kinds))
        header_rows(x, rs, m, kinds, first, end);
      else
        grid_rows(x, rs, m, first, end);
      if (!rs->g[g].n)
        rs->ng--; /* nothing read: no group */
    }
    matrix_free(m);
    /* the next table after this one (not inside it) */
    const xmlNode *next = NULL;
    for (const xmlNode *p = t; p && !next; p = p->parent) {
      for (const xmlNode *s = p->next; s && !next; s = s->next)
        next = named(s, "table") ? s
               : s->type == XML_ELEMENT_NODE ? find(s->children, "table")
                                             : NULL;
      if (p->parent && p->parent->type == XML_DOCUMENT_NODE)
        break;
    }
    t = next;
  }
  free(m);
  xmlFreeDoc(doc);
}

/* 1 when block b is HTML (a block of raw HTML, or HTML indented so that
 * Markdown took it for code). */
static int html_block(const md_node *b) {
  if (b->type == MD_HTML_BLOCK)
    return 1;
  if (b->type == MD_CODE_BLOCK && (!b->info || !*b->info) && b->text) {
    const char *s = b->text;
    while (*s == ' ' || *s == '\n')
      s++;
    return *s == '<';
  }
  return 0;
}

void ex_records_html(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  for (size_t i = 0; i < bl->n; i++) {
    if (bl->b[i].owner != EX_FREE || !html_block(bl->b[i].n))
      continue;
    size_t j = i;
    strbuf html = {0};
    for (; j < bl->n && bl->b[j].owner == EX_FREE && html_block(bl->b[j].n); j++) {
      sb_add(&html, bl->b[j].n->text ? bl->b[j].n->text : "");
      sb_addc(&html, '\n');
    }
    if (strcasestr(html.s, "<table"))
      read_tables(x, rs, html.s, bl->b[i].n->line, (long)i, (long)j);
    sb_free(&html);
    i = j - 1;
  }
}
