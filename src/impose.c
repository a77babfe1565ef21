/* impose.c — stage 7's geometry: which page goes where on which printer
 * sheet, the sheet size, the trim and bleed boxes and the printer's
 * marks.  Saddle stitch, 2up, n-up, single pages on a larger medium and
 * the contact sheet all come down to the same plan (see impose.h); the
 * drawing is render.c's.  Lengths are points, y grows downwards. */
#include "impose.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define MM (72.0 / 25.4)
#define MARK_LEN (5 * MM)   /* length of a crop mark */
#define MARK_GAP (2.0)      /* crop marks start this far outside the bleed */
#define TARGET_R (2.2 * MM) /* registration target radius */

/* ---- options ------------------------------------------------------------ */

int impose_parse_mode(const char *s, impose_options *o) {
  if (!s)
    return -1;
  if (!strcasecmp(s, "none")) {
    o->mode = IMPOSE_NONE;
  } else if (!strcasecmp(s, "saddle") || !strcasecmp(s, "booklet")) {
    o->mode = IMPOSE_SADDLE;
  } else if (!strcasecmp(s, "2up")) {
    o->mode = IMPOSE_2UP;
    o->nup = 2;
  } else if (!strncasecmp(s, "nup:", 4) || !strncasecmp(s, "nup=", 4)) {
    char *end;
    long n = strtol(s + 4, &end, 10);
    if (end == s + 4 || *end || n < 2 || n > 64)
      return -1;
    o->mode = IMPOSE_NUP;
    o->nup = (int)n;
  } else {
    return -1;
  }
  return 0;
}

/* A length with an optional unit; bare numbers are in `unit` points. */
static int parse_len(const char *s, double unit, double *pt) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || !isfinite(v) || v < 0)
    return -1;
  while (*end == ' ')
    end++;
  double k;
  if (!*end)
    k = unit;
  else if (!strcmp(end, "mm"))
    k = MM;
  else if (!strcmp(end, "cm"))
    k = 10 * MM;
  else if (!strcmp(end, "in"))
    k = 72;
  else if (!strcmp(end, "pt"))
    k = 1;
  else
    return -1;
  *pt = v * k;
  return 0;
}

int impose_parse_mm(const char *s, double *pt) {
  double v;
  if (!s || parse_len(s, MM, &v) != 0 || v > 100 * MM)
    return -1;
  *pt = v;
  return 0;
}

int impose_parse_paper(const char *s, impose_options *o) {
  static const struct {
    const char *name;
    double w, h; /* pt, portrait */
  } papers[] = {
      {"A3", 841.89, 1190.55},  {"A4", 595.28, 841.89},
      {"A5", 419.53, 595.28},   {"B5", 498.90, 708.66},
      {"B4", 708.66, 1000.63},  {"SRA3", 907.09, 1275.59},
      {"Letter", 612, 792},     {"Legal", 612, 1008},
      {"Tabloid", 792, 1224},
  };
  if (!s)
    return -1;
  for (size_t i = 0; i < sizeof papers / sizeof *papers; i++)
    if (!strcasecmp(s, papers[i].name)) {
      o->paper_w = papers[i].w;
      o->paper_h = papers[i].h;
      return 0;
    }
  /* WxH with one unit at the end (mm when none): 320x450mm */
  const char *x = strpbrk(s, "xX");
  if (!x)
    return -1;
  const char *unit = x + 1;
  while (*unit && (isdigit((unsigned char)*unit) || *unit == '.'))
    unit++;
  char *a = xasprintf("%.*s%s", (int)(x - s), s, unit);
  char *b = xstrdup(x + 1);
  double w, h;
  int rc = parse_len(a, MM, &w) == 0 && parse_len(b, MM, &h) == 0 &&
                   w >= 72 && h >= 72 && w <= 14400 && h <= 14400
               ? 0
               : -1;
  free(a);
  free(b);
  if (rc == 0)
    o->paper_w = w, o->paper_h = h;
  return rc;
}

int impose_is_plain(const impose_options *o) {
  return !o || (o->mode == IMPOSE_NONE && o->bleed <= 0 && !o->marks &&
                !(o->paper_w > 0));
}

/* ---- building a plan ------------------------------------------------------ */

static impose_sheet *add_sheet(impose_plan *p) {
  p->sheets = xrealloc(p->sheets, (p->n_sheets + 1) * sizeof *p->sheets);
  impose_sheet *s = &p->sheets[p->n_sheets++];
  memset(s, 0, sizeof *s);
  return s;
}

static void add_slot(impose_sheet *s, impose_slot sl) {
  s->slots = xrealloc(s->slots, (s->n_slots + 1) * sizeof *s->slots);
  s->slots[s->n_slots++] = sl;
}

static void add_mark(impose_sheet *s, impose_mark_kind k, double x0,
                     double y0, double x1, double y1) {
  s->marks = xrealloc(s->marks, (s->n_marks + 1) * sizeof *s->marks);
  s->marks[s->n_marks++] = (impose_mark){k, x0, y0, x1, y1, TARGET_R};
}

/* Crop marks for the cut lines xs (vertical) and ys (horizontal) of the
 * content box [X0,X1]x[Y0,Y1], drawn outside its bleed. */
static void crop_marks(impose_sheet *s, const double *xs, size_t nx,
                       const double *ys, size_t ny, impose_box c,
                       double bleed) {
  double off = bleed + MARK_GAP;
  for (size_t i = 0; i < nx; i++) {
    add_mark(s, IMPOSE_MARK_CROP, xs[i], c.y - off - MARK_LEN, xs[i],
             c.y - off);
    add_mark(s, IMPOSE_MARK_CROP, xs[i], c.y + c.h + off, xs[i],
             c.y + c.h + off + MARK_LEN);
  }
  for (size_t i = 0; i < ny; i++) {
    add_mark(s, IMPOSE_MARK_CROP, c.x - off - MARK_LEN, ys[i], c.x - off,
             ys[i]);
    add_mark(s, IMPOSE_MARK_CROP, c.x + c.w + off, ys[i],
             c.x + c.w + off + MARK_LEN, ys[i]);
  }
}

/* Registration targets beside the middle of the left and right edges. */
static void targets(impose_sheet *s, impose_box c, double bleed) {
  double d = bleed + MARK_GAP + MARK_LEN / 2;
  double cy = c.y + c.h / 2;
  add_mark(s, IMPOSE_MARK_TARGET, c.x - d, cy, 0, 0);
  add_mark(s, IMPOSE_MARK_TARGET, c.x + c.w + d, cy, 0, 0);
}

/* Room round the content for bleed and marks, pt. */
static double media_margin(const impose_options *o, double bleed) {
  return o->marks ? bleed + MARK_GAP + MARK_LEN + 3 * MM : bleed;
}

/* Grid geometry shared by every mode: cols x rows cells of page_w x
 * page_h with gutter g between cells, scaled and centred on the sheet. */
typedef struct grid {
  int cols, rows;   /* cells */
  double gx;        /* horizontal gutter between cells, pt (unscaled) */
  double gy;        /* vertical gutter, pt (unscaled) */
  double scale;     /* page scale */
  double x0, y0;    /* sheet position of the first cell's trim, pt */
} grid;

static double content_w(const grid *g, double pw) {
  return g->cols * pw + (g->cols - 1) * g->gx;
}
static double content_h(const grid *g, double ph) {
  return g->rows * ph + (g->rows - 1) * g->gy;
}

/* Sheet size and scale for grid g.  With a paper size the sheet is the
 * paper, turned whichever way gives the larger scale; without, it is
 * just big enough at actual size.  The bleed may run off a paper's edge
 * when there are no marks (an office printer prints no bleed anyway),
 * so only trim and marks must fit. */
static void fit(impose_plan *p, grid *g, const impose_options *o,
                double pw, double ph, double bleed) {
  double m = media_margin(o, bleed);
  double fitm = o->marks ? m : 0;
  double cw = content_w(g, pw), ch = content_h(g, ph);
  if (o->paper_w > 0 && o->paper_h > 0) {
    double a = o->paper_w, b = o->paper_h;
    double s1 = fmin((a - 2 * fitm) / cw, (b - 2 * fitm) / ch);
    double s2 = fmin((b - 2 * fitm) / cw, (a - 2 * fitm) / ch);
    if (s2 > s1 + 1e-9) {
      double t = a;
      a = b, b = t, s1 = s2;
    } else if (fabs(s2 - s1) <= 1e-9 && cw > ch && a < b) {
      double t = a; /* same scale: landscape content on landscape paper */
      a = b, b = t;
    }
    p->sheet_w = a, p->sheet_h = b;
    g->scale = fmin(1.0, s1 > 0 ? s1 : 0.01);
  } else {
    p->sheet_w = cw + 2 * m;
    p->sheet_h = ch + 2 * m;
    g->scale = 1;
  }
  g->x0 = (p->sheet_w - cw * g->scale) / 2;
  g->y0 = (p->sheet_h - ch * g->scale) / 2;
}

/* Trim box of cell (c, r). */
static impose_box cell(const grid *g, int c, int r, double pw, double ph) {
  double s = g->scale;
  return (impose_box){g->x0 + c * (pw + g->gx) * s,
                      g->y0 + r * (ph + g->gy) * s, pw * s, ph * s};
}

static impose_box grow(impose_box b, double d, const impose_plan *p) {
  impose_box r = {b.x - d, b.y - d, b.w + 2 * d, b.h + 2 * d};
  /* never past the sheet */
  double x1 = fmin(r.x + r.w, p->sheet_w), y1 = fmin(r.y + r.h, p->sheet_h);
  r.x = fmax(r.x, 0), r.y = fmax(r.y, 0);
  r.w = x1 - r.x, r.h = y1 - r.y;
  return r;
}

/* The page at booklet position pos (0-based) of total: pages in order,
 * blanks (-1) at the end, or before the last page with keep_last. */
static int saddle_at(size_t pos, size_t n, size_t total, int keep_last) {
  if (keep_last && n > 1 && pos == total - 1)
    return (int)n - 1;
  if (pos < (keep_last && n > 1 ? n - 1 : n))
    return (int)pos;
  return -1;
}

static void saddle(impose_plan *p, const impose_options *o, size_t n,
                   double pw, double ph, double bleed) {
  size_t total = (n + 3) / 4 * 4;
  grid g = {.cols = 2, .rows = 1};
  fit(p, &g, o, pw, ph, bleed);
  size_t sheets = total / 4;
  double b = bleed * g.scale;
  for (size_t k = 0; k < total / 2; k++) {
    size_t s = k / 2;
    int back = (int)(k % 2);
    size_t left = back ? 2 * s + 1 : total - 1 - 2 * s;
    size_t right = back ? total - 2 - 2 * s : 2 * s;
    double shift = sheets > 1 ? o->creep * (double)s / (double)(sheets - 1)
                              : 0;
    shift *= g.scale;
    impose_sheet *sh = add_sheet(p);
    sh->back = back;
    impose_box L = cell(&g, 0, 0, pw, ph), R = cell(&g, 1, 0, pw, ph);
    double spine = R.x;
    impose_slot ls = {saddle_at(left, n, total, o->keep_last), L.x + shift,
                      L.y, g.scale, L.x - b, L.y - b, spine - (L.x - b),
                      L.h + 2 * b};
    impose_slot rs = {saddle_at(right, n, total, o->keep_last), R.x - shift,
                      R.y, g.scale, spine, R.y - b, R.w + b, R.h + 2 * b};
    add_slot(sh, ls);
    add_slot(sh, rs);
    sh->trim = (impose_box){L.x, L.y, L.w + R.w, L.h};
    sh->bleed = grow(sh->trim, b, p);
    if (o->marks) {
      double xs[2] = {L.x, R.x + R.w}, ys[2] = {L.y, L.y + L.h};
      crop_marks(sh, xs, 2, ys, 2, sh->trim, b);
      double off = b + MARK_GAP;
      add_mark(sh, IMPOSE_MARK_FOLD, spine, L.y - off - MARK_LEN, spine,
               L.y - off);
      add_mark(sh, IMPOSE_MARK_FOLD, spine, L.y + L.h + off, spine,
               L.y + L.h + off + MARK_LEN);
      targets(sh, sh->trim, b);
    }
  }
}

/* cols x rows for n cells: the factor pair whose sheet is most like a
 * paper sheet (or, with a paper size, that prints largest). */
static void choose_grid(impose_plan *p, grid *best, const impose_options *o,
                        int n, double pw, double ph, double bleed) {
  double best_score = -1;
  for (int c = 1; c <= n; c++) {
    if (n % c)
      continue;
    grid g = {.cols = c, .rows = n / c, .gx = 2 * bleed, .gy = 2 * bleed};
    impose_plan tmp = {0};
    fit(&tmp, &g, o, pw, ph, bleed);
    double score;
    if (o->paper_w > 0) {
      score = g.scale;
    } else {
      double a = content_w(&g, pw) / content_h(&g, ph);
      if (a < 1)
        a = 1 / a;
      score = 1 / (1 + fabs(a - sqrt(2)));
    }
    if (score > best_score + 1e-9) {
      best_score = score;
      *best = g;
      p->sheet_w = tmp.sheet_w, p->sheet_h = tmp.sheet_h;
    }
  }
}

/* 2up (each page twice) and n-up (n pages in order) and the single
 * page on a larger medium (n = 1). */
static void nup(impose_plan *p, const impose_options *o, size_t n_pages,
                double pw, double ph, double bleed, int per, int copies) {
  grid g = {.cols = per, .rows = 1, .scale = 1};
  choose_grid(p, &g, o, per, pw, ph, bleed);
  double b = bleed * g.scale;
  size_t per_sheet = copies ? 1 : (size_t)per;
  for (size_t first = 0; first < n_pages; first += per_sheet) {
    impose_sheet *sh = add_sheet(p);
    double *xs = xcalloc((size_t)g.cols * 2, sizeof *xs);
    double *ys = xcalloc((size_t)g.rows * 2, sizeof *ys);
    impose_box all = {0};
    for (int i = 0; i < per; i++) {
      int c = i % g.cols, r = i / g.cols;
      size_t page = copies ? first : first + (size_t)i;
      impose_box t = cell(&g, c, r, pw, ph);
      impose_slot sl = {page < n_pages ? (int)page : -1, t.x, t.y, g.scale,
                        t.x - b, t.y - b, t.w + 2 * b, t.h + 2 * b};
      add_slot(sh, sl);
      if (r == 0)
        xs[2 * c] = t.x, xs[2 * c + 1] = t.x + t.w;
      if (c == 0)
        ys[2 * r] = t.y, ys[2 * r + 1] = t.y + t.h;
      if (i == 0)
        all = t;
      else if (i == per - 1)
        all.w = t.x + t.w - all.x, all.h = t.y + t.h - all.y;
    }
    sh->trim = all;
    sh->bleed = grow(all, b, p);
    if (o->marks) {
      crop_marks(sh, xs, (size_t)g.cols * 2, ys, (size_t)g.rows * 2, all, b);
      if (per > 1)
        targets(sh, all, b);
    }
    free(xs);
    free(ys);
  }
}

/* The slug line of each sheet side when there are marks: job, date,
 * sheet n/m and, for a saddle booklet printed duplex, front or back;
 * under the trim, beyond the bottom crop marks. */
static void slugs(impose_plan *p, const impose_options *o) {
  if (!o->marks)
    return;
  int duplex = o->mode == IMPOSE_SADDLE;
  size_t sheets = duplex ? (p->n_sheets + 1) / 2 : p->n_sheets;
  for (size_t i = 0; i < p->n_sheets; i++) {
    impose_sheet *sh = &p->sheets[i];
    size_t n = duplex ? i / 2 + 1 : i + 1;
    sh->slug = xasprintf("%s  ·  %s  ·  sheet %zu/%zu%s",
                         o->job ? o->job : "booklet",
                         o->job_date ? o->job_date : "", n, sheets,
                         !duplex ? "" : sh->back ? "  ·  back" : "  ·  front");
    sh->slug_x = sh->trim.x;
    sh->slug_y = sh->trim.y + sh->trim.h + p->bleed + MARK_GAP + MARK_LEN +
                 2.2 * MM;
  }
}

/* The plan on the given paper (o's, or none). */
static impose_plan *plan_on(const impose_options *o, size_t n_pages,
                            double page_w, double page_h) {
  impose_plan *p = xcalloc(1, sizeof *p);
  double bleed = o->bleed > 0 ? o->bleed : 0;
  p->bleed = bleed;
  if (n_pages == 0)
    n_pages = 1;
  switch (o->mode) {
  case IMPOSE_SADDLE:
    saddle(p, o, n_pages, page_w, page_h, bleed);
    break;
  case IMPOSE_2UP:
    nup(p, o, n_pages, page_w, page_h, bleed, 2, 1);
    break;
  case IMPOSE_NUP:
    nup(p, o, n_pages, page_w, page_h, bleed, o->nup > 1 ? o->nup : 2, 0);
    break;
  case IMPOSE_NONE:
    nup(p, o, n_pages, page_w, page_h, bleed, 1, 0);
    break;
  }
  slugs(p, o);
  return p;
}

impose_plan *impose_plan_make(const impose_options *o, size_t n_pages,
                              double page_w, double page_h) {
  impose_options none = {0};
  if (!o)
    o = &none;
  if (o->mode == IMPOSE_NONE || o->paper_w > 0)
    return plan_on(o, n_pages, page_w, page_h);
  /* imposed sheets are paper: A4, or the next size that takes the pages
   * (and marks) at actual size */
  static const char *const papers[] = {"A4", "A3", "SRA3"};
  for (size_t i = 0; i < sizeof papers / sizeof *papers; i++) {
    impose_options on = *o;
    impose_parse_paper(papers[i], &on);
    impose_plan *p = plan_on(&on, n_pages, page_w, page_h);
    if (p->n_sheets && p->sheets[0].n_slots &&
        p->sheets[0].slots[0].scale > 0.999)
      return p;
    impose_plan_free(p);
  }
  return plan_on(o, n_pages, page_w, page_h);
}

impose_plan *impose_contact_plan(size_t n_pages, double page_w,
                                 double page_h, double thumb_w, int spreads) {
  impose_plan *p = xcalloc(1, sizeof *p);
  double s = thumb_w / page_w, tw = thumb_w, th = page_h * s;
  const double margin = 24, gap_x = 20, gap_y = 24;
  /* units: a spread (two page widths) or a single page */
  size_t units = spreads ? n_pages / 2 + 1 : n_pages;
  double unit_w = spreads ? 2 * tw : tw;
  size_t cols = spreads ? 4 : 6;
  if (units < cols)
    cols = units;
  size_t rows = (units + cols - 1) / cols;
  p->sheet_w = 2 * margin + (double)cols * unit_w + (double)(cols - 1) * gap_x;
  p->sheet_h = 2 * margin + (double)rows * th + (double)(rows - 1) * gap_y;
  impose_sheet *sh = add_sheet(p);
  for (size_t i = 0; i < n_pages; i++) {
    size_t u = spreads ? (i + 1) / 2 : i;
    int right = spreads ? (i % 2 == 0) : 0;
    double ux = margin + (double)(u % cols) * (unit_w + gap_x);
    double uy = margin + (double)(u / cols) * (th + gap_y);
    double x = ux + (right ? tw : 0);
    impose_slot sl = {(int)i, x, uy, s, x, uy, tw, th};
    add_slot(sh, sl);
  }
  sh->trim = (impose_box){0, 0, p->sheet_w, p->sheet_h};
  sh->bleed = sh->trim;
  return p;
}

void impose_plan_free(impose_plan *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n_sheets; i++) {
    free(p->sheets[i].slots);
    free(p->sheets[i].marks);
    free(p->sheets[i].slug);
  }
  free(p->sheets);
  free(p);
}

char *impose_plan_dump(const impose_plan *p) {
  strbuf b = {0};
  sb_addf(&b, "sheet %.2f x %.2f bleed %.2f sides %zu\n", p->sheet_w,
          p->sheet_h, p->bleed, p->n_sheets);
  for (size_t i = 0; i < p->n_sheets; i++) {
    const impose_sheet *s = &p->sheets[i];
    sb_addf(&b, "side %zu%s:", i + 1, s->back ? " back" : "");
    for (size_t k = 0; k < s->n_slots; k++) {
      const impose_slot *sl = &s->slots[k];
      if (sl->page < 0)
        sb_add(&b, " blank");
      else
        sb_addf(&b, " %d", sl->page + 1);
      sb_addf(&b, "@%.1f,%.1f", sl->x, sl->y);
    }
    sb_addf(&b, " trim %.1f %.1f %.1f %.1f marks %zu\n", s->trim.x, s->trim.y,
            s->trim.w, s->trim.h, s->n_marks);
  }
  return sb_take(&b);
}
