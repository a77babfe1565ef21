/* text_fixed.c — the text stage's measurer without fonts (text.h,
 * text_new_fixed): text broken into lines of fixed-width boxes, so that
 * tests of layout logic (pagination, keep-with-next, tables) give the
 * same result on every machine.  Every character is one box; a line
 * breaks after a space or a CJK character, or inside a word wider than
 * the line.  Nothing is shaped and no font is opened: text.c's shape()
 * comes here for a context made by text_new_fixed. */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

/* Ascent and descent of a line, in its size. */
#define FIXED_ASCENT 0.8
#define FIXED_DESCENT 0.2

/* One character of a hard line. */
typedef struct fchar {
  size_t b0, b1;  /* its bytes */
  int space;      /* 1 for a space */
  int cjk;        /* 1 for a CJK character */
} fchar;

/* The line of characters c[i, j) of text s into p, starting at x (the
 * indent) in a line avail wide. */
static void add_line(text_para *p, size_t *cap, const char *s,
                     const fchar *c, size_t i, size_t j, double x,
                     double avail, double adv, const layout_style *st,
                     int last) {
  size_t end = j;
  while (end > i && c[end - 1].space)
    end--; /* trailing spaces take no room */
  text_line ln = {0};
  ln.width = (double)(end - i) * adv;
  ln.ascent = FIXED_ASCENT * st->size;
  ln.descent = FIXED_DESCENT * st->size;
  ln.height = st->line_height > 0 ? st->line_height * st->size : st->size;
  ln.last = last;
  if (end > i) {
    text_run r = {0};
    r.font = -1;
    r.size = st->size;
    r.color = st->color;
    r.x = x;
    if (avail > ln.width && st->align == LAYOUT_ALIGN_CENTER)
      r.x += (avail - ln.width) / 2;
    else if (avail > ln.width && st->align == LAYOUT_ALIGN_RIGHT)
      r.x += avail - ln.width;
    r.width = ln.width;
    r.n_bytes = c[end - 1].b1 - c[i].b0;
    r.utf8 = xstrndup(s + c[i].b0, r.n_bytes);
    r.n_glyphs = r.n_clusters = end - i;
    r.glyphs = xcalloc(end - i, sizeof *r.glyphs);
    r.clusters = xcalloc(end - i, sizeof *r.clusters);
    for (size_t k = i; k < end; k++) {
      r.glyphs[k - i].x = (double)(k - i) * adv;
      r.clusters[k - i] = (text_cluster){(int)(c[k].b1 - c[k].b0), 1};
    }
    ln.runs = xmalloc(sizeof *ln.runs);
    ln.runs[0] = r;
    ln.n_runs = 1;
  }
  VEC_PUSH(p->lines, p->n_lines, *cap, ln);
  p->height += ln.height;
}

/* Break the hard line s[0, n) into p: x[0] is the first line's indent,
 * x[1] the others'. */
static void break_hard_line(text_para *p, size_t *cap, const char *s,
                            size_t n, const layout_style *st, double width,
                            const double *x, double adv, int first) {
  fchar *c = xcalloc(n + 1, sizeof *c);
  size_t nc = 0;
  for (size_t b = 0; b < n;) {
    size_t len;
    uint32_t cp = utf8_decode(s + b, n - b, &len);
    if (!len)
      len = 1;
    c[nc++] = (fchar){b, b + len, cp == ' ' || cp == '\t', text_is_cjk(cp)};
    b += len;
  }
  size_t i = 0;
  do {
    double ind = x[first ? 0 : 1];
    double avail = width > 0 ? width - ind : 0;
    size_t j = i, brk = i;
    while (j < nc) {
      if (width > 0 && j > i && !c[j].space &&
          (double)(j + 1 - i) * adv > avail + 1e-9)
        break;
      j++;
      /* a break after a space or a CJK character, before a CJK one */
      if (c[j - 1].space || c[j - 1].cjk || (j < nc && c[j].cjk))
        brk = j;
    }
    if (j < nc && brk > i)
      j = brk; /* the last place a break may go */
    add_line(p, cap, s, c, i, j, ind, avail, adv, st, j >= nc);
    i = j;
    while (i < nc && i > 0 && c[i].space)
      i++; /* a wrapped line starts with no space */
    first = 0;
  } while (i < nc);
  free(c);
}

text_para *text_fixed_shape(const doc_text *txt, const layout_style *st,
                            double width, double indent, double advance) {
  const char *s = txt && txt->text ? txt->text : "";
  text_para *p = xcalloc(1, sizeof *p);
  p->width = width;
  size_t cap = 0;
  double adv = advance * st->size;
  double x[2] = {indent > 0 ? indent : 0, indent < 0 ? -indent : 0};
  int first = 1;
  for (;;) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    break_hard_line(p, &cap, s, n, st, width, x, adv, first);
    first = 0;
    if (!nl)
      break;
    s = nl + 1;
  }
  return p;
}
