/* flow.c — stage 5: pour the document's sections onto pages.  Each
 * section starts on a new page or runs on, as the document and the
 * fitting say; its blocks are placed by kind (flow_block.c's table, on
 * flow_page.c's primitives); the booklet is padded with the document's
 * notes page to the layout's multiple of pages; running headers and
 * folios are added once the page count is known.  The fitting tries a
 * natural, a tighter and looser layouts, and pages' feet shortened, and
 * keeps the one with the fewest notes pages and thin pages; a sheet that
 * its content fills (the handout) is scaled to its pages instead.
 * Nothing is drawn here: the result is frames for render. */
#include "flow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "flow_int.h"
#include "util.h"

/* ---- sections ------------------------------------------------------------------ */

/* 1 when b opens a talk (its head group, with the talk's title). */
static int is_talk_head(const doc_block *b) {
  for (size_t i = 0; i < b->n_children; i++)
    if (b->children[i]->anchor &&
        !strncmp(b->children[i]->anchor, "talk-", 5))
      return 1;
  return 0;
}

/* Takes back the rule that closed the page before the current one (a
 * rule between talks means nothing at a page foot). */
static void drop_last_rule(flow_state *f) {
  flow_result *r = f->res;
  if (r->n_pages < 2)
    return;
  flow_page *p = &r->pages[r->n_pages - 2];
  if (p->n_frames && p->frames[p->n_frames - 1].kind == FRAME_RULE)
    p->n_frames--;
}

/* Place a section's blocks.  page_ends: what follows the section starts
 * on a new page (or nothing does).  Headings at the very end of such a
 * section head nothing and would end a page; they are not placed (what
 * they headed was taken into another section, e.g. an agenda table into
 * the agenda, which has its own title). */
static void place_section(flow_state *f, const doc_section *s, int page_ends) {
  f->after_para = 0;
  double x = 0, w = f->width;
  size_t end = s->n_blocks;
  while (page_ends && end > 0 && flow_is_sticky(f, s->blocks[end - 1]))
    end--;
  int placed = 0; /* a block of the section is placed */
  for (size_t i = 0; i < end; i++) {
    const doc_block *b = s->blocks[i];
    /* the looser layout: a page a talk; the first one stays under the
     * section's title */
    if (f->talk_pages && f->has_content && placed && is_talk_head(b)) {
      flow_new_page(f);
      if (i > 0 && s->blocks[i - 1]->kind == DOC_RULE)
        drop_last_rule(f);
    }
    const flow_kind *k = flow_kind_of(b);
    if (k->place_run) /* speaker cards in rows, flexible space */
      i = k->place_run(f, s, i, x, w) - 1;
    else
      flow_place_block(f, b, x, w, i + 1 < end ? s->blocks[i + 1] : NULL);
    placed = 1;
  }
}

/* ---- header, folio, padding -------------------------------------------------- */

static void add_furniture(flow_state *f) {
  const layout *l = f->lay;
  flow_result *r = f->res;
  const layout_style *hs = layout_style_get(l, "header");
  const layout_style *fs = layout_style_get(l, "folio");
  text_para *head = NULL;
  if (f->doc->header_text && *f->doc->header_text) {
    /* a head wider than the frame is shortened to fit its line */
    char *fit = text_fit(f->text, f->doc->header_text, hs, f->width);
    head = text_layout_plain(f->text, fit, hs, f->width);
    free(fit);
  }
  if (head)
    flow_keep_para(f, head);
  for (size_t i = 0; i < r->n_pages; i++) {
    flow_page *p = &r->pages[i];
    if (p->folio == 0)
      continue;
    p->folio = (int)i + 1;
    double left = flow_is_recto(i) ? l->margin_inner : l->margin_outer;
    int recto = flow_is_recto(i);
    if (head && head->n_lines) {
      const text_line *ln = &head->lines[0];
      double y = l->margin_top - 0.55 * l->margin_top + ln->ascent;
      double x = recto && hs->align == LAYOUT_ALIGN_LEFT
                     ? left + f->width - ln->width
                     : left;
      frame fr = {.kind = FRAME_TEXT, .x = x, .y = y, .w = ln->width,
                  .h = ln->height, .line = ln};
      flow_page_insert(p, p->n_frames, fr);
      frame rule = {.kind = FRAME_RULE, .x = left, .y = y + ln->descent + 3,
                    .w = f->width, .h = 0, .color = l->rule_color,
                    .line_width = 0.3};
      flow_page_insert(p, p->n_frames, rule);
    }
    char *num = xasprintf("%d", p->folio);
    strbuf b = {0};
    for (const char *t = f->doc->footer ? f->doc->footer : "{page}"; *t;) {
      if (!strncmp(t, "{page}", 6)) {
        sb_add(&b, num);
        t += 6;
      } else {
        sb_addc(&b, *t++);
      }
    }
    free(num);
    char *folio = sb_take(&b);
    text_para *fp = text_layout_plain(f->text, folio, fs, f->width);
    free(folio);
    flow_keep_para(f, fp);
    if (fp->n_lines) {
      const text_line *ln = &fp->lines[0];
      double y = l->page_h - l->margin_bottom * 0.45;
      /* a left-aligned folio goes to the outer corner; centred or
       * right-aligned ones are already placed by their alignment */
      double x = recto && fs->align == LAYOUT_ALIGN_LEFT
                     ? left + f->width - ln->width
                     : left;
      frame fr = {.kind = FRAME_TEXT, .x = x, .y = y, .w = ln->width,
                  .h = ln->height, .line = ln};
      flow_page_insert(p, p->n_frames, fr);
    }
  }
}

/* Notes pages until the page count plus `reserve` (a back cover still
 * to come) is a multiple of the layout's pad_to, each with the blocks of
 * the document's notes page (its heading and ruled lines); how many. */
static size_t pad_pages(flow_state *f, size_t reserve) {
  int m = f->lay->pad_to;
  const doc_section *notes = f->doc->notes_page;
  size_t added = 0;
  if (m <= 1)
    return 0;
  while ((f->res->n_pages + reserve) % (size_t)m) {
    f->plain = 0;
    flow_add_page(f);
    for (size_t i = 0; notes && i < notes->n_blocks; i++)
      flow_place_block(f, notes->blocks[i], 0, f->width,
                       i + 1 < notes->n_blocks ? notes->blocks[i + 1] : NULL);
    added++;
  }
  return added;
}

/* A section's title, in the outline and set as a section title. */
static void place_section_title(flow_state *f, const doc_section *s) {
  flow_result *r = f->res;
  doc_block title = {.kind = DOC_HEADING, .style = "section-title"};
  doc_text_append(&title.text, s->title, 0, NULL);
  title.anchor = s->anchor;
  /* placed first so the outline entry has the page it lands on */
  size_t at = r->n_outline;
  r->outline = xrealloc(r->outline, (r->n_outline + 1) * sizeof *r->outline);
  r->outline[r->n_outline++] =
      (flow_outline){xstrdup(s->title), xstrdup(s->anchor), 1, 0, 0};
  flow_place_heading(f, &title, 0, f->width, s->n_blocks ? s->blocks[0] : NULL);
  doc_text_free(&title.text);
  /* where the title's anchor went */
  flow_page *pg = flow_page_cur(f);
  r->outline[at].page = (int)r->n_pages - 1;
  r->outline[at].y = f->y;
  for (size_t k = pg->n_frames; k-- > 0;)
    if (pg->frames[k].kind == FRAME_ANCHOR && pg->frames[k].src &&
        !strcmp(pg->frames[k].src, s->anchor)) {
      r->outline[at].y = pg->frames[k].y;
      break;
    }
}

/* ---- entry and fitting ------------------------------------------------------ */

/* What the fitting tries: the layout as the document sets it (natural),
 * a tighter one (every card in columns; only the layout's page breaks),
 * looser ones (every titled section on a new page; and each talk too). */
typedef enum flow_fit {
  FLOW_NATURAL,
  FLOW_TIGHT,
  FLOW_LOOSE,
  FLOW_LOOSER,
  FLOW_FITS
} flow_fit;

/* A set of sections by index (bit i: section i; sections past 63 are never
 * in it). */
typedef unsigned long long fit_set;
#define FIT_BIT(i) ((i) < 64 ? 1ULL << (i) : 0ULL)

/* Where each section starts under fit k, and the sections of `extra` on
 * a new page too: 1 a new page. */
static void fit_starts(const document *d, flow_fit k, fit_set extra,
                       int *starts) {
  for (size_t i = 0; i < d->n_sections; i++) {
    const doc_section *s = &d->sections[i];
    int always = s->plain || (i > 0 && d->sections[i - 1].plain) ||
                 !strcmp(s->kind, "contents");
    if (k == FLOW_TIGHT) /* the layout's page breaks still hold */
      starts[i] = always || s->new_page;
    else if (k == FLOW_LOOSE || k == FLOW_LOOSER)
      starts[i] = always || s->new_page || s->title != NULL;
    else
      starts[i] = always || s->new_page || (extra & FIT_BIT(i)) != 0;
  }
}

/* Baselines closer than this are one line, pt. */
#define SAME_BASELINE 0.5

/* Body lines of a page: distinct baselines of its text, before the
 * running head and folio are added. */
static size_t page_lines(const flow_page *p) {
  size_t n = 0;
  double last = -1;
  for (size_t k = 0; k < p->n_frames; k++) {
    const frame *fr = &p->frames[k];
    if (fr->kind == FRAME_TEXT && fabs(fr->y - last) > SAME_BASELINE) {
      n++;
      last = fr->y;
    }
  }
  return n;
}

static int page_has_picture(const flow_page *p) {
  for (size_t k = 0; k < p->n_frames; k++) {
    frame_kind kd = p->frames[k].kind;
    if (kd == FRAME_IMAGE || kd == FRAME_QR ||
        (kd == FRAME_CIRCLE_IMAGE && p->frames[k].src))
      return 1; /* a placeholder, a disc with an initial: no picture */
  }
  return 0;
}

/* Inner pages (not the first, not the last, not notes) with fewer than
 * FLOW_THIN_LINES lines and no picture. */
#define FLOW_THIN_LINES 6
static size_t thin_pages(const flow_result *r, size_t notes) {
  size_t n = 0;
  for (size_t i = 1; i + 1 + notes < r->n_pages; i++)
    if (r->pages[i].folio != 0 && !page_has_picture(&r->pages[i]) &&
        page_lines(&r->pages[i]) < FLOW_THIN_LINES)
      n++;
  return n;
}

/* One pass of the flow, the pages' feet shortened by shorten[0..n_sh).
 * notes_out: notes pages added to pad it. */
static flow_result *flow_pass(const document *d, const layout *l,
                              text_ctx *text, int grid, flow_fit k,
                              fit_set extra, const double *shorten,
                              size_t n_sh, size_t *notes_out) {
  flow_result *r = xcalloc(1, sizeof *r);
  r->page_w = l->page_w, r->page_h = l->page_h;
  flow_state f = {.doc = d, .lay = l, .text = text, .res = r};
  f.top = l->margin_top;
  f.bottom = l->page_h - l->margin_bottom;
  f.width = l->page_w - l->margin_inner - l->margin_outer;
  f.tight = k == FLOW_TIGHT;
  f.talk_pages = k == FLOW_LOOSER;
  f.shorten = shorten, f.n_shorten = n_sh;
  int *starts = xcalloc(d->n_sections + 1, sizeof *starts);
  fit_starts(d, k, extra, starts);
  f.starts = starts;
  if (grid) {
    const layout_style *body = layout_style_get(l, "body");
    f.grid = body->size * (body->line_height > 0 ? body->line_height : 1.2);
  }
  size_t notes = 0;
  for (size_t i = 0; i < d->n_sections; i++) {
    const doc_section *s = &d->sections[i];
    f.section = (int)i;
    if (!strcmp(s->kind, "back") && i + 1 == d->n_sections && r->n_pages)
      notes += pad_pages(&f, 1); /* the back cover is the last page */
    f.plain = s->plain;
    if (r->n_pages == 0 || (starts[i] && f.has_content))
      flow_add_page(&f);
    if (s->recto && !flow_is_recto(r->n_pages - 1))
      flow_add_page(&f);
    if (s->title)
      place_section_title(&f, s);
    place_section(&f, s, i + 1 >= d->n_sections || starts[i + 1]);
  }
  if (r->n_pages == 0)
    flow_add_page(&f);
  notes += pad_pages(&f, 0);
  flow_memo_free(&f);
  free(starts);
  *notes_out = notes;
  return r;
}

/* How far down its frame page p's content reaches, 0..1 (text frames
 * stand on their baselines). */
static double page_fill(const flow_page *p, const layout *l) {
  double top = l->margin_top, bottom = l->page_h - l->margin_bottom, low = top;
  for (size_t k = 0; k < p->n_frames; k++) {
    const frame *fr = &p->frames[k];
    double y = fr->kind == FRAME_TEXT ? fr->y : fr->y + fr->h;
    if (fr->kind != FRAME_ANCHOR && fr->kind != FRAME_LINK && y > low)
      low = y;
  }
  return bottom > top ? (low - top) / (bottom - top) : 1;
}

/* Inner pages (as thin_pages counts them) whose content stops in the top
 * FLOW_SPARSE of their frame: they add to a fit's cost, and between fits
 * of the same cost the one with fewer wins (a section whole on a page
 * rather than one card spilled). */
#define FLOW_SPARSE 0.4
/* What a sparse page costs when fits are compared: more than a notes page
 * (a reader turns past it for nothing), less than a second one (ten), so
 * a page a talk with most talks a few lines long loses to the natural
 * layout with two notes pages. */
#define FIT_SPARSE_COST 2.0
static size_t sparse_pages(const flow_result *r, size_t notes,
                           const layout *l) {
  size_t n = 0;
  for (size_t i = 1; i + 1 + notes < r->n_pages; i++)
    if (r->pages[i].folio != 0 && page_fill(&r->pages[i], l) < FLOW_SPARSE)
      n++;
  return n;
}

/* Cost of a pass: notes pages beyond one and thin pages weigh FIT_WEIGHT,
 * a notes page one. */
#define FIT_WEIGHT 10.0
static double fit_cost(const flow_result *r, size_t notes) {
  return FIT_WEIGHT * (double)(notes > 1 ? notes - 1 : 0) +
         FIT_WEIGHT * (double)thin_pages(r, notes) + (double)notes;
}

flow_result *flow_run(const document *d, const layout *l, text_ctx *text) {
  return flow_run_grid(d, l, text, l->baseline_grid);
}

/* A page's foot goes up by at most this many body lines (fit_shorten);
 * rounds of shortening a fit tries (fit_best). */
#define FIT_MAX_SHORTEN 20
#define FIT_ROUNDS 4

/* The shortenings that move lines on to the thin pages of r: for each
 * inner page with fewer than FLOW_THIN_LINES lines that the page before
 * it runs into, that page's foot goes up by the lines missing.  Adds to
 * sh[0..n) (grown to r's pages); 1 when anything changed. */
static int fit_shorten(const flow_state *f, const flow_result *r,
                       size_t notes, int round, double **sh, size_t *n) {
  const layout_style *body = layout_style_get(f->lay, "body");
  double pitch = body->size * (body->line_height > 0 ? body->line_height : 1.2);
  int changed = 0;
  if (*n < r->n_pages) {
    *sh = xrealloc(*sh, r->n_pages * sizeof **sh);
    memset(*sh + *n, 0, (r->n_pages - *n) * sizeof **sh);
    *n = r->n_pages;
  }
  for (size_t i = 2; i + 1 + notes < r->n_pages; i++) {
    const flow_page *p = &r->pages[i];
    size_t lines = page_lines(p);
    if (p->folio == 0 || r->pages[i - 1].folio == 0 ||
        page_has_picture(p) || lines >= FLOW_THIN_LINES ||
        (*sh)[i - 1] > FIT_MAX_SHORTEN * pitch)
      continue;
    /* content moves in pieces (a card, a heading with its lines): each
     * round asks for twice as much */
    (*sh)[i - 1] += (double)(FLOW_THIN_LINES - lines) * pitch * (1 << round) + 1;
    changed = 1;
  }
  return changed;
}

/* The best pass of fit k: as it comes, then with the feet of pages
 * before thin pages shortened (a few rounds).  Its cost and notes pages
 * in *cost_out and *notes_out. */
static flow_result *fit_best(const document *d, const layout *l,
                             text_ctx *text, int grid, flow_fit k,
                             fit_set extra, double *cost_out,
                             size_t *notes_out) {
  size_t notes, n_sh = 0;
  double *sh = NULL;
  flow_result *best = flow_pass(d, l, text, grid, k, extra, NULL, 0, &notes);
  double cost = fit_cost(best, notes);
  size_t best_notes = notes;
  flow_state f = {.doc = d, .lay = l};
  /* each round shortens the pages before the thin pages of the last
   * round's pass further; the best pass is kept */
  flow_result *cur = best;
  size_t cur_notes = notes;
  for (int round = 0; round < FIT_ROUNDS && thin_pages(cur, cur_notes);
       round++) {
    if (!fit_shorten(&f, cur, cur_notes, round, &sh, &n_sh))
      break;
    int muted = diag_muted();
    diag_mute(1); /* the first pass said it all */
    flow_result *r = flow_pass(d, l, text, grid, k, extra, sh, n_sh, &cur_notes);
    diag_mute(muted);
    double c = fit_cost(r, cur_notes);
    if (cur != best)
      flow_free(cur);
    cur = r;
    if (c < cost) {
      flow_free(best);
      best = r, cost = c, best_notes = cur_notes;
    }
  }
  if (cur != best)
    flow_free(cur);
  free(sh);
  *cost_out = cost;
  *notes_out = best_notes;
  return best;
}

/* l with every style's size and spacing times k (the styles' names and
 * families shared with l).  Free with free(copy->styles). */
static layout scaled_layout(const layout *l, double k) {
  layout c = *l;
  c.styles = xcalloc(l->n_styles, sizeof *c.styles);
  for (size_t i = 0; i < l->n_styles; i++) {
    c.styles[i] = l->styles[i];
    c.styles[i].size *= k;
    c.styles[i].space_before *= k;
    c.styles[i].space_after *= k;
  }
  c.header_style = NULL;
  return c;
}

/* Pages of d flowed with every style scaled by k. */
static size_t pages_at(const document *d, const layout *l, text_ctx *text,
                       int grid, double k) {
  size_t notes;
  layout c = scaled_layout(l, k);
  int muted = diag_muted();
  diag_mute(1);
  flow_result *r =
      flow_pass(d, &c, text, grid, FLOW_NATURAL, 0, NULL, 0, &notes);
  diag_mute(muted);
  size_t n = r->n_pages;
  flow_free(r);
  free(c.styles);
  return n;
}

/* The scales fill_sheet tries, largest first; 1 is the layout as is. */
static const double fill_scales[] = {1.5, 1.35, 1.25, 1.16, 1.08, 1.0,
                                     0.93, 0.86, 0.8, 0.74, 0.68};
#define FILL_ONE 5 /* index of 1.0 */
#define FILL_N (sizeof fill_scales / sizeof *fill_scales)

/* The largest scale at which d takes at most target pages, from 1 up or
 * down the list; -1 when even the smallest takes more. */
static int fill_scale(const document *d, const layout *l, text_ctx *text,
                      int grid, size_t target) {
  int i = FILL_ONE;
  if (pages_at(d, l, text, grid, fill_scales[i]) <= target) {
    while (i > 0 && pages_at(d, l, text, grid, fill_scales[i - 1]) <= target)
      i--;
    return i;
  }
  while (++i < (int)FILL_N)
    if (pages_at(d, l, text, grid, fill_scales[i]) <= target)
      return i;
  return -1;
}

/* A sheet filled by its content (layout page.fill: the handout): the
 * type and its spacing scaled to the largest size that keeps one page
 * (down to about two thirds), else the largest that keeps two (both
 * sides of the sheet, the second not a lone leftover), in steps. */
static flow_result *fill_sheet(const document *d, const layout *l,
                               text_ctx *text, int grid) {
  int i = fill_scale(d, l, text, grid, 1);
  if (i < 0)
    i = fill_scale(d, l, text, grid, 2);
  double k = i < 0 ? fill_scales[FILL_N - 1] : fill_scales[i];
  size_t notes;
  int muted = diag_muted();
  layout c = scaled_layout(l, k);
  diag_mute(1);
  flow_result *r =
      flow_pass(d, &c, text, grid, FLOW_NATURAL, 0, NULL, 0, &notes);
  diag_mute(muted);
  flow_state f = {.doc = d, .lay = &c, .text = text, .res = r};
  f.width = l->page_w - l->margin_inner - l->margin_outer;
  add_furniture(&f);
  free(c.styles);
  return r;
}

/* One layout the fitting tries. */
typedef struct fit_try {
  flow_fit k;     /* the fit */
  fit_set extra;  /* natural: sections on a new page too */
} fit_try;

/* What the fitting tries, in order of preference: the natural layout; a
 * tighter one; the natural one with one more section on a new page (from
 * the last), then with two (tried only while the best pads with more than
 * one notes page); the looser ones.  Caller frees. */
static fit_try *fit_tries(const document *d, size_t *n_out) {
  size_t ns = d->n_sections, n = 0, nc = 0;
  size_t *cand = xcalloc(ns ? ns : 1, sizeof *cand);
  for (size_t j = ns; j-- > 1;) {
    const doc_section *s = &d->sections[j];
    if (j < 64 && !s->plain && !s->new_page && s->title &&
        !d->sections[j - 1].plain)
      cand[nc++] = j;
  }
  fit_try *t = xcalloc(4 + nc + nc * nc / 2, sizeof *t);
  t[n++] = (fit_try){FLOW_NATURAL, 0};
  t[n++] = (fit_try){FLOW_TIGHT, 0};
  for (size_t a = 0; a < nc; a++)
    t[n++] = (fit_try){FLOW_NATURAL, FIT_BIT(cand[a])};
  for (size_t a = 0; a < nc; a++)
    for (size_t b = a + 1; b < nc; b++)
      t[n++] = (fit_try){FLOW_NATURAL, FIT_BIT(cand[a]) | FIT_BIT(cand[b])};
  t[n++] = (fit_try){FLOW_LOOSE, 0};
  t[n++] = (fit_try){FLOW_LOOSER, 0};
  free(cand);
  *n_out = n;
  return t;
}

/* "natural (about, agenda on a new page)": the try for the -v note.
 * Caller frees. */
static char *fit_name(const document *d, const fit_try *t) {
  static const char *const names[] = {"natural", "tighter", "looser",
                                      "loosest"};
  if (!t->extra)
    return xstrdup(names[t->k]);
  strbuf b = {0};
  sb_add(&b, "natural (");
  for (size_t i = 0, k = 0; i < d->n_sections && i < 64; i++)
    if (t->extra & FIT_BIT(i))
      sb_addf(&b, "%s%s", k++ ? ", " : "", d->sections[i].kind);
  sb_add(&b, " on a new page)");
  return sb_take(&b);
}

flow_result *flow_run_grid(const document *d, const layout *l, text_ctx *text,
                           int grid) {
  if (l->fill) {
    flow_result *r = fill_sheet(d, l, text, grid);
    flow_fill_trails(r, l, text);
    return r;
  }
  size_t n_try;
  fit_try *tries = fit_tries(d, &n_try);
  double cost;
  size_t notes, chosen = 0;
  flow_result *best =
      fit_best(d, l, text, grid, FLOW_NATURAL, 0, &cost, &notes);
  size_t sparse = sparse_pages(best, notes, l);
  int muted = diag_muted();
  diag_mute(1);
  /* in order until one costs at most a notes page and has no sparse
   * page; the cheapest wins (at most one notes page and no thin page is
   * as cheap as none), then the one with fewer sparse pages, then the
   * first */
  for (size_t t = 1; t < n_try && (cost > 1 || sparse); t++) {
    double c;
    size_t nn;
    /* two more sections on new pages are for the padding (they add a
     * page or two), not worth a pass otherwise */
    if (tries[t].extra & (tries[t].extra - 1) && notes <= 1)
      continue;
    flow_result *r =
        fit_best(d, l, text, grid, tries[t].k, tries[t].extra, &c, &nn);
    size_t sp = sparse_pages(r, nn, l);
    double a = (c > 1 ? c : 1) + FIT_SPARSE_COST * (double)sp,
           b = (cost > 1 ? cost : 1) + FIT_SPARSE_COST * (double)sparse;
    if (a < b || (a == b && sp < sparse)) {
      flow_free(best);
      best = r, cost = c, notes = nn, chosen = t, sparse = sp;
    } else {
      flow_free(r);
    }
  }
  diag_mute(muted);
  /* which fit won, with -v */
  char *how = fit_name(d, &tries[chosen]);
  diag_report(DIAG_FLOW_FIT, d->source_path, 0, 0, how, best->n_pages, notes,
              thin_pages(best, notes));
  free(how);
  free(tries);
  flow_state f = {.doc = d, .lay = l, .text = text, .res = best};
  f.width = l->page_w - l->margin_inner - l->margin_outer;
  add_furniture(&f);
  flow_fill_trails(best, l, text);
  return best;
}

void flow_free(flow_result *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->n_pages; i++) {
    for (size_t k = 0; k < r->pages[i].n_frames; k++)
      free(r->pages[i].frames[k].src);
    free(r->pages[i].frames);
  }
  free(r->pages);
  for (size_t i = 0; i < r->n_outline; i++)
    free(r->outline[i].title), free(r->outline[i].anchor);
  free(r->outline);
  for (size_t i = 0; i < r->n_paras; i++)
    text_para_free(r->paras[i]);
  free(r->paras);
  for (size_t i = 0; i < r->n_trails; i++)
    free(r->trails[i].anchor);
  free(r->trails);
  free(r);
}

static void line_text(strbuf *b, const text_line *ln) {
  for (size_t i = 0; i < ln->n_runs; i++)
    sb_addn(b, ln->runs[i].utf8, ln->runs[i].n_bytes);
}

char *flow_dump(const flow_result *r) {
  static const char *names[] = {"text", "rect", "stroke", "rule", "image",
                                "placeholder", "link", "anchor", "circle", "qr"};
  strbuf b = {0};
  sb_addf(&b, "pages %zu size %.2f x %.2f\n", r->n_pages, r->page_w, r->page_h);
  for (size_t i = 0; i < r->n_pages; i++) {
    const flow_page *p = &r->pages[i];
    sb_addf(&b, "page %zu folio %d section %d\n", i + 1, p->folio, p->section);
    for (size_t k = 0; k < p->n_frames; k++) {
      const frame *fr = &p->frames[k];
      sb_addf(&b, "  %s %.1f %.1f %.1f %.1f", names[fr->kind], fr->x, fr->y,
              fr->w, fr->h);
      if (fr->line) {
        sb_add(&b, " \"");
        line_text(&b, fr->line);
        sb_addc(&b, '"');
      }
      if (fr->src)
        sb_addf(&b, " '%s'", fr->src);
      sb_addc(&b, '\n');
    }
  }
  return sb_take(&b);
}
