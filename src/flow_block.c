/* flow_block.c — the flow stage by block kind: one table, a row per
 * doc_kind, with the functions that measure a block (its height placed
 * whole), say what it needs at a page foot for the block before it to
 * stay with it (keep-with-next), and place it; and those functions for
 * the text blocks (paragraphs, headings, code), lists, quotes, rules,
 * notes, spaces, page breaks, groups, columns, flexible space and
 * images.  Speaker cards are in flow_card.c, tables in table.c, QR
 * codes, bands and logo grids in flow_print.c.  A text block is broken
 * into lines once per pass (flow_text_para) whoever asks.  The pages
 * themselves are flow_page.c's; sections, padding and fitting flow.c's. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "flow_int.h"
#include "util.h"

/* Code blocks of up to this many lines are never split across pages. */
#define CODE_WHOLE_LINES 12
/* A code block's background: past its text at the left and right, and
 * above it; the text's padding at its top and bottom, pt. */
#define CODE_BG_SIDE 4.0
#define CODE_BG_ABOVE 3.0
#define CODE_PAD_TOP 1.0
#define CODE_PAD_BOTTOM 3.0
/* What a list, quote or item keeps with besides its first child, pt. */
#define NESTED_KEEP 6.0
/* Space around a top-level list, a quote, pt. */
#define LIST_SPACE 4.0
#define QUOTE_SPACE 6.0
/* A quote starts on a new page when fewer lines of its text fit. */
#define QUOTE_MIN_LINES 3
/* Space around a rule, around an accent bar, pt; no rule is drawn at a
 * page top or with less room than RULE_MIN_ROOM below it. */
#define RULE_SPACE 10.0
#define BAR_SPACE_BEFORE 6.0
#define RULE_MIN_ROOM 20.0
/* A dotted leader is drawn only when longer than this, pt; the gap
 * either side of it. */
#define LEADER_MIN 12.0
#define LEADER_GAP 6.0
/* The leader's grey, and its line width (negative: dotted). */
#define LEADER_COLOR 0xb0b0b0
#define LEADER_DOTTED -0.6
/* Notes lines: their pitch in body lines. */
#define NOTES_PITCH 1.3
/* Between columns, pt. */
#define COLUMN_GAP 14.0

/* ---- text blocks ----------------------------------------------------------------- */

static void para_release(void *p) { text_para_free(p); }

text_para *flow_text_para(flow_state *f, const doc_block *b, double w,
                          double indent) {
  text_para *p = flow_memo_get(f, b, FLOW_MEMO_TEXT, w, indent);
  if (!p) {
    p = text_layout(f->text, &b->text, layout_style_get(f->lay, b->style), w,
                    indent);
    flow_memo_put(f, b, FLOW_MEMO_TEXT, w, indent, p, para_release);
  }
  return p;
}

/* The paragraph of b to place: the measured one, kept alive for the
 * frames that will point at its lines. */
static text_para *placed_para(flow_state *f, const doc_block *b, double w,
                              double indent) {
  text_para *p = flow_text_para(f, b, w, indent);
  flow_keep_para(f, text_para_ref(p));
  return p;
}

/* The first-line indent of a paragraph in st, pt: its style's, but
 * where the layout indents only a paragraph that follows a paragraph
 * (English: none after a heading, a list or a table). */
static double first_indent(flow_state *f, const layout_style *st,
                           int after_para) {
  return f->lay->indent_all || after_para ? st->indent * st->size : 0;
}

double flow_body_lines(flow_state *f, int n) {
  const layout_style *st = layout_style_get(f->lay, "body");
  return n * st->size * (st->line_height > 0 ? st->line_height : 1.2);
}

/* 1 when text block b in style st keeps with what follows. */
static int text_sticky(const doc_block *b, const layout_style *st) {
  flow_sticky s = flow_kind_of(b)->sticky;
  return s == FLOW_STICKY_ALWAYS || (s == FLOW_STICKY_STYLE && st->keep_with_next);
}

int flow_is_sticky(const flow_state *f, const doc_block *b) {
  flow_sticky s = flow_kind_of(b)->sticky;
  return s == FLOW_STICKY_ALWAYS ||
         (s == FLOW_STICKY_STYLE &&
          layout_style_get(f->lay, b->style)->keep_with_next);
}

/* Height of text block b with first-line indent, with its spacing. */
static double text_height_at(flow_state *f, const doc_block *b, double w,
                             double indent) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  const text_para *p = flow_text_para(f, b, w, indent);
  return p->height + st->space_before + st->space_after;
}

/* What text block b needs at a page foot: its first FLOW_MIN_LINES
 * lines, or all of them when it is too short to be split (widows and
 * orphans); a sticky one whole with what it in turn keeps (two body
 * lines). */
static double text_keep_at(flow_state *f, const doc_block *b, double w,
                           double indent) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  const text_para *p = flow_text_para(f, b, w, indent);
  int sticky = text_sticky(b, st);
  size_t need = sticky || p->n_lines < 2 * FLOW_MIN_LINES ? p->n_lines
                                                          : FLOW_MIN_LINES;
  double h = st->space_before;
  for (size_t i = 0; i < p->n_lines && i < need; i++)
    h += p->lines[i].height;
  if (sticky)
    h += st->space_after + flow_body_lines(f, FLOW_MIN_LINES);
  else if (f->grid > 0 && p->n_lines &&
           fabs(p->lines[0].height - f->grid) < FLOW_EPS)
    h += f->grid; /* snapping to the grid may push it down */
  return h;
}

static double para_height(flow_state *f, const doc_block *b, double w) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  return text_height_at(f, b, w, first_indent(f, st, 0));
}

static double para_keep(flow_state *f, const doc_block *b, double w) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  return text_keep_at(f, b, w, first_indent(f, st, 0));
}

static double plain_text_height(flow_state *f, const doc_block *b, double w) {
  return text_height_at(f, b, w, 0);
}

static double plain_text_keep(flow_state *f, const doc_block *b, double w) {
  return text_keep_at(f, b, w, 0);
}

/* Space before text block b of paragraph p; a block that keeps with
 * what follows moves to a new page with it when they do not fit. */
static void text_open(flow_state *f, const doc_block *b,
                      const layout_style *st, const text_para *p, double w,
                      const doc_block *next) {
  flow_space(f, st->space_before);
  if (text_sticky(b, st) && !f->in_group) {
    /* a heading never ends a page: it moves with two lines of what follows
     * (inside a group the group saw to that) */
    double need = f->pending + p->height + st->space_after +
                  flow_keep_height(f, next, w);
    if (f->has_content && f->y + need > f->bottom)
      flow_new_page(f);
  }
  flow_settle_space(f);
}

/* A dotted leader from x0 to x1 at baseline y, when long enough. */
static void add_leader(flow_page *pg, size_t trail, double x0, double x1,
                       double y) {
  if (x1 - x0 <= LEADER_MIN)
    return;
  frame lead = {.kind = FRAME_RULE, .x = x0, .y = y - 1, .w = x1 - x0,
                .color = LEADER_COLOR, .line_width = LEADER_DOTTED,
                .trail = trail};
  util_grow((void **)&pg->frames, &pg->cap_frames, pg->n_frames + 1,
            sizeof *pg->frames);
  pg->frames[pg->n_frames++] = lead;
}

/* The page number flush right on the last line of p (a contents entry,
 * b->trail), after a dotted leader: a stand-in until flow_fill_trails
 * knows the page. */
static void place_trail(flow_state *f, const doc_block *b,
                        const layout_style *st, const text_para *p, double x,
                        double w) {
  text_para *tp = text_layout_plain(f->text, b->trail, st, w);
  flow_keep_para(f, tp);
  flow_page *pg = flow_page_cur(f);
  for (size_t k = pg->n_frames; k-- > 0;) {
    frame *last = &pg->frames[k];
    if (last->kind != FRAME_TEXT || last->line != &p->lines[p->n_lines - 1])
      continue;
    if (!tp->n_lines)
      break;
    flow_result *r = f->res;
    r->trails = xrealloc(r->trails, (r->n_trails + 1) * sizeof *r->trails);
    size_t id = ++r->n_trails;
    r->trails[id - 1] = (flow_trail){
        .anchor = b->anchor ? xstrdup(b->anchor) : NULL,
        .style = b->style,
        .page = r->n_pages - 1,
        .x0 = last->x + last->w + LEADER_GAP,
        .right = flow_left(f) + x + w,
        .w = w,
        .y = last->y};
    const text_line *tl = &tp->lines[0];
    const flow_trail *t = &r->trails[id - 1];
    add_leader(pg, id, t->x0, t->right - tl->width - LEADER_GAP, t->y);
    frame *fr = flow_add(f, FRAME_TEXT, t->right - tl->width, t->y, tl->width,
                         tl->height);
    fr->line = tl;
    fr->trail = id;
    break;
  }
}

/* The page (1-based) of anchor in r's outline, 0 when it has none. */
static int anchor_page(const flow_result *r, const char *anchor) {
  for (size_t i = 0; anchor && i < r->n_outline; i++)
    if (r->outline[i].anchor && !strcmp(r->outline[i].anchor, anchor))
      return r->outline[i].page + 1;
  return 0;
}

/* Trail id's frames on pg: its number set to line tl (or gone with no
 * line), its leader meeting the number (or gone when too short). */
static void set_trail(flow_page *pg, size_t id, const flow_trail *t,
                      const text_line *tl) {
  double x1 = tl ? t->right - tl->width - LEADER_GAP : t->x0;
  int leader = 0;
  size_t out = 0;
  for (size_t k = 0; k < pg->n_frames; k++) {
    frame *fr = &pg->frames[k];
    if (fr->trail == id && fr->kind == FRAME_TEXT && tl) {
      fr->line = tl, fr->x = t->right - tl->width, fr->w = tl->width;
      fr->h = tl->height;
    } else if (fr->trail == id && fr->kind == FRAME_RULE &&
               x1 - t->x0 > LEADER_MIN) {
      fr->w = x1 - t->x0, leader = 1;
    } else if (fr->trail == id) {
      continue; /* dropped */
    }
    pg->frames[out++] = *fr;
  }
  pg->n_frames = out;
  if (tl && !leader)
    add_leader(pg, id, t->x0, x1, t->y);
}

void flow_fill_trails(flow_result *r, const layout *l, text_ctx *text) {
  for (size_t i = 0; i < r->n_trails; i++) {
    const flow_trail *t = &r->trails[i];
    int page = anchor_page(r, t->anchor);
    const text_line *tl = NULL;
    if (page > 0) {
      char num[24];
      snprintf(num, sizeof num, "%d", page);
      text_para *tp =
          text_layout_plain(text, num, layout_style_get(l, t->style), t->w);
      util_grow((void **)&r->paras, &r->cap_paras, r->n_paras + 1,
                sizeof *r->paras);
      r->paras[r->n_paras++] = tp;
      tl = tp->n_lines ? &tp->lines[0] : NULL;
    }
    set_trail(&r->pages[t->page], i + 1, t, tl);
  }
}

/* Lines of p at x, then b's trail. */
static void place_lines_and_trail(flow_state *f, const doc_block *b,
                                  const layout_style *st, const text_para *p,
                                  double x, double w) {
  flow_place_para(f, p, x);
  if (b->trail && p->n_lines)
    place_trail(f, b, st, p, x, w);
}

static void para_place(flow_state *f, const doc_block *b, double x, double w,
                       const doc_block *next) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  text_para *p = placed_para(f, b, w, first_indent(f, st, f->para_before));
  text_open(f, b, st, p, w, next);
  place_lines_and_trail(f, b, st, p, x, w);
  flow_space(f, st->space_after);
  f->after_para = st->indent > 0; /* the next paragraph is indented too */
}

/* A heading of paragraph p: its anchor (and outline entry), its lines. */
static void heading_set(flow_state *f, const doc_block *b, text_para *p,
                        double x, double w, const doc_block *next) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  text_open(f, b, st, p, w, next);
  if (b->anchor) {
    frame *a = flow_add(f, FRAME_ANCHOR, flow_left(f) + x, f->y, 0, 0);
    a->src = xstrdup(b->anchor);
    if (b->outline) {
      flow_result *r = f->res;
      r->outline = xrealloc(r->outline, (r->n_outline + 1) * sizeof *r->outline);
      r->outline[r->n_outline++] = (flow_outline){
          xstrdup(b->text.text), xstrdup(b->anchor), b->level + 1,
          (int)r->n_pages - 1, f->y};
    }
  }
  place_lines_and_trail(f, b, st, p, x, w);
  flow_space(f, st->space_after);
}

static void heading_place(flow_state *f, const doc_block *b, double x,
                          double w, const doc_block *next) {
  heading_set(f, b, placed_para(f, b, w, 0), x, w, next);
}

/* A heading that lives only while it is placed (a section's title): laid
 * out here, not remembered by the pass. */
void flow_place_heading(flow_state *f, const doc_block *b, double x,
                        double w, const doc_block *next) {
  text_para *p = text_layout(f->text, &b->text,
                             layout_style_get(f->lay, b->style), w, 0);
  flow_keep_para(f, p);
  heading_set(f, b, p, x, w, next);
}

/* A short listing is read whole (code_place), on its background: what
 * comes before it keeps with all of it; a long one with its first lines
 * and the background's top. */
static double code_keep(flow_state *f, const doc_block *b, double w) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  const text_para *p = flow_text_para(f, b, w, 0);
  if (p->n_lines <= CODE_WHOLE_LINES)
    return st->space_before + p->height + (CODE_PAD_TOP + CODE_PAD_BOTTOM);
  return text_keep_at(f, b, w, 0) + CODE_PAD_TOP;
}

static void code_place(flow_state *f, const doc_block *b, double x, double w,
                       const doc_block *next) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  text_para *p = placed_para(f, b, w, 0);
  text_open(f, b, st, p, w, next);
  /* a short listing is read whole: it moves to the next page rather
   * than leave a few of its lines on either side */
  double pads = CODE_PAD_TOP + CODE_PAD_BOTTOM;
  if (p->n_lines <= CODE_WHOLE_LINES && f->has_content &&
      f->y + p->height + pads > f->bottom &&
      p->height + pads <= f->bottom - f->top)
    flow_new_page(f);
  if (f->n_decos >= FLOW_MAX_DECOS) { /* too deep for a background */
    place_lines_and_trail(f, b, st, p, x, w);
    flow_space(f, st->space_after);
    return;
  }
  flow_deco *d = &f->decos[f->n_decos++];
  *d = (flow_deco){FLOW_DECO_BG, x - CODE_BG_SIDE, w + 2 * CODE_BG_SIDE,
                   f->y - CODE_BG_ABOVE, flow_page_cur(f)->n_frames};
  f->y += CODE_PAD_TOP;
  flow_place_para(f, p, x);
  f->y += CODE_PAD_BOTTOM;
  f->n_decos--;
  double h = f->y - d->y0;
  frame fr = {.kind = FRAME_RECT, .x = flow_left(f) + d->x, .y = d->y0,
              .w = d->w, .h = h, .color = FLOW_CODE_BG};
  if (h > FLOW_MIN_DECO)
    flow_page_insert(flow_page_cur(f), d->at_frame, fr);
  flow_space(f, st->space_after);
}

/* ---- blocks of blocks ------------------------------------------------------------ */

double flow_children_height(flow_state *f, const doc_block *b, double w) {
  double h = 0;
  for (size_t i = 0; i < b->n_children; i++)
    h += flow_block_height(f, b->children[i], w);
  return h;
}

/* A list, quote or item: what its first child keeps. */
static double first_child_keep(flow_state *f, const doc_block *b, double w) {
  return b->n_children ? NESTED_KEEP + flow_keep_height(f, b->children[0], w)
                       : 0;
}

static void place_children(flow_state *f, const doc_block *b, double x,
                           double w, const doc_block *after) {
  for (size_t i = 0; i < b->n_children; i++)
    flow_place_block(f, b->children[i], x, w,
                     i + 1 < b->n_children ? b->children[i + 1] : after);
}

static void item_place(flow_state *f, const doc_block *b, double x, double w,
                       const doc_block *next) {
  place_children(f, b, x, w, next);
}

/* A group is kept together, with the first lines of what follows. */
static void group_place(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *next) {
  double h = flow_block_height(f, b, w) + flow_keep_height(f, next, w);
  if (b->n_children)
    flow_space(f, layout_style_get(f->lay, b->children[0]->style)
                      ->space_before);
  if (f->has_content && f->y + f->pending + h > f->bottom)
    flow_new_page(f);
  int outer = f->in_group;
  f->in_group = 1;
  place_children(f, b, x, w, next);
  f->in_group = outer;
}

static double group_keep(flow_state *f, const doc_block *b, double w) {
  return flow_block_height(f, b, w) + flow_body_lines(f, FLOW_MIN_LINES);
}

/* The markers of list b's items laid out, and the hanging indent wide
 * enough for the widest, so that numbers and bullets align. */
static text_para **list_markers(flow_state *f, const doc_block *b,
                                const layout_style *st, double *hang) {
  text_para **markers = xcalloc(b->n_children ? b->n_children : 1,
                                sizeof *markers);
  *hang = 1.5 * st->size;
  for (size_t i = 0; i < b->n_children; i++) {
    const doc_block *it = b->children[i];
    doc_text t = {0};
    doc_text_append(&t, it->marker ? it->marker : "•", 0, NULL);
    markers[i] = text_layout(f->text, &t, st, 4 * st->size, 0);
    flow_keep_para(f, markers[i]);
    doc_text_free(&t);
    double mw = markers[i]->n_lines ? markers[i]->lines[0].width : 0;
    if (mw + 0.5 * st->size > *hang)
      *hang = mw + 0.5 * st->size;
  }
  return markers;
}

static void list_place(flow_state *f, const doc_block *b, double x, double w,
                       const doc_block *after) {
  const layout_style *st = layout_style_get(f->lay, "list");
  double hang;
  text_para **markers = list_markers(f, b, st, &hang);
  double indent = b->level == 0 ? 0.5 * st->size : 0;
  flow_space(f, b->level == 0 ? LIST_SPACE : 0);
  for (size_t i = 0; i < b->n_children; i++) {
    const doc_block *it = b->children[i];
    if (markers[i]->n_lines) {
      f->marker = &markers[i]->lines[0];
      /* numbers align right against the text, bullets centre */
      f->marker_x = x + indent + hang - 0.5 * st->size - f->marker->width;
    }
    if (it->n_children > 1 && it->children[0]->kind == DOC_PARA &&
        it->children[1]->kind == DOC_LIST) {
      /* an item that leads into a nested list keeps its text with the
       * first lines of that list */
      double iw = w - indent - hang;
      double need = f->pending + flow_block_height(f, it->children[0], iw) +
                    flow_keep_height(f, it->children[1], iw);
      if (f->has_content && f->y + need > f->bottom)
        flow_new_page(f);
    }
    place_children(f, it, x + indent + hang, w - indent - hang,
                   i + 1 < b->n_children ? b->children[i + 1] : after);
    if (f->marker) { /* an item with no text: the marker alone */
      const text_line *m = f->marker;
      f->marker = NULL;
      flow_settle_space(f);
      flow_place_line(f, m, f->marker_x);
    }
  }
  free(markers);
  flow_space(f, b->level == 0 ? LIST_SPACE : 0);
}

static void quote_place(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *after) {
  const layout_style *st = layout_style_get(f->lay, "quote");
  if (f->n_decos >= FLOW_MAX_DECOS) { /* too deep for one more bar */
    place_children(f, b, x, w, after);
    return;
  }
  flow_space(f, QUOTE_SPACE);
  flow_settle_space(f);
  if (f->has_content &&
      flow_room(f) < QUOTE_MIN_LINES * st->size * st->line_height)
    flow_new_page(f);
  flow_deco *d = &f->decos[f->n_decos++];
  *d = (flow_deco){FLOW_DECO_BAR, x, 2, f->y, flow_page_cur(f)->n_frames};
  f->has_content = 1;
  double pad = 1.2 * st->size;
  place_children(f, b, x + pad, w - pad, after);
  f->pending = 0;
  f->n_decos--;
  double h = f->y - d->y0;
  if (h > FLOW_MIN_DECO) {
    frame *fr = flow_add(f, FRAME_RECT, flow_left(f) + d->x, d->y0, d->w, h);
    fr->color = f->lay->accent;
  }
  flow_space(f, QUOTE_SPACE);
}

/* Width of each of b's columns in w. */
static double column_width(const doc_block *b, double w) {
  size_t n = b->n_children;
  return (w - COLUMN_GAP * (double)(n ? n - 1 : 0)) / (double)(n ? n : 1);
}

static double columns_height(flow_state *f, const doc_block *b, double w) {
  double cw = column_width(b, w), h = 0;
  for (size_t i = 0; i < b->n_children; i++)
    h = fmax(h, flow_block_height(f, b->children[i], cw));
  return h;
}

/* Children of b side by side, kept on one page; one after another at the
 * full width when the tallest is taller than a page. */
static void columns_place(flow_state *f, const doc_block *b, double x,
                          double w, const doc_block *next) {
  (void)next;
  size_t n = b->n_children;
  if (!n)
    return;
  double cw = column_width(b, w), h = columns_height(f, b, w);
  if (h > f->bottom - f->top) {
    for (size_t i = 0; i < n; i++)
      flow_place_block(f, b->children[i], x, w, NULL);
    return;
  }
  flow_settle_space(f);
  if (f->has_content && f->y + h > f->bottom)
    flow_new_page(f);
  double y0 = f->y, bottom = f->bottom, y1 = y0;
  f->bottom = FLOW_NO_BOTTOM; /* measured to fit: no break inside a column */
  for (size_t i = 0; i < n; i++) {
    f->y = y0;
    f->pending = 0;
    flow_place_block(f, b->children[i], x + (double)i * (cw + COLUMN_GAP), cw,
                     NULL);
    y1 = fmax(y1, f->y);
  }
  f->bottom = bottom;
  f->y = y1;
  f->has_content = 1;
}

/* ---- rules, notes, space ------------------------------------------------------- */

static void rule_place(flow_state *f, const doc_block *b, double x, double w,
                       const doc_block *next) {
  (void)next;
  if (b->height > 0) { /* an accent bar, aligned as its style */
    flow_space(f, BAR_SPACE_BEFORE);
    flow_settle_space(f);
    double bw = w * (b->max_height > 0 ? b->max_height : 1);
    layout_align al = layout_style_get(f->lay, b->style)->align;
    double bx = al == LAYOUT_ALIGN_CENTER  ? x + (w - bw) / 2
                : al == LAYOUT_ALIGN_RIGHT ? x + w - bw
                                           : x;
    frame *fr = flow_add(f, FRAME_RECT, flow_left(f) + bx, f->y, bw,
                         b->height);
    fr->color = f->lay->accent;
    f->y += b->height;
    f->has_content = 1;
    flow_space(f, RULE_SPACE);
    return;
  }
  flow_space(f, RULE_SPACE);
  flow_settle_space(f);
  if (flow_room(f) < RULE_MIN_ROOM) {
    flow_new_page(f);
    return; /* a rule at a page top means nothing */
  }
  frame *fr = flow_add(f, FRAME_RULE, flow_left(f) + x + w * 0.3, f->y,
                       w * 0.4, 0);
  fr->color = f->lay->rule_color;
  fr->line_width = f->lay->rule_width;
  f->has_content = 1;
  flow_space(f, RULE_SPACE);
}

static double rule_height(flow_state *f, const doc_block *b, double w) {
  (void)f, (void)w;
  return b->height > 0 ? b->height + (BAR_SPACE_BEFORE + RULE_SPACE)
                       : 2 * RULE_SPACE;
}

/* Ruled lines for notes from here to the page foot. */
static void notes_place(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *next) {
  (void)b, (void)next;
  flow_settle_space(f);
  const layout_style *st = layout_style_get(f->lay, "body");
  double pitch = st->size * st->line_height * NOTES_PITCH;
  for (double y = f->y + pitch; y <= f->bottom; y += pitch) {
    frame *fr = flow_add(f, FRAME_RULE, flow_left(f) + x, y, w, 0);
    fr->color = 0xc8c8c8;
    fr->line_width = 0.4;
  }
  f->y = f->bottom;
  f->has_content = 1;
}

static void space_place(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *next) {
  (void)x, (void)w, (void)next;
  flow_space(f, b->height);
}

static double space_height(flow_state *f, const doc_block *b, double w) {
  (void)f, (void)w;
  return b->height;
}

static void break_place(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *next) {
  (void)b, (void)x, (void)w, (void)next;
  if (f->has_content)
    flow_new_page(f);
}

/* Flexible space: the section's fills share what is left of the page
 * below the blocks after this one. */
static size_t fill_run(flow_state *f, const doc_section *s, size_t i,
                       double x, double w) {
  (void)x;
  double rest = 0;
  int fills = 1;
  for (size_t k = i + 1; k < s->n_blocks; k++) {
    if (s->blocks[k]->kind == DOC_FILL)
      fills++;
    else
      rest += flow_block_height(f, s->blocks[k], w);
  }
  double gap = (f->bottom - f->y - rest) / fills;
  if (gap > 0)
    f->y += gap;
  f->pending = 0;
  return i + 1;
}

/* A fill inside another block: nothing to share. */
static void nothing_place(flow_state *f, const doc_block *b, double x,
                          double w, const doc_block *next) {
  (void)f, (void)b, (void)x, (void)w, (void)next;
}

static double no_height(flow_state *f, const doc_block *b, double w) {
  (void)f, (void)b, (void)w;
  return 0;
}

/* ---- images ------------------------------------------------------------------- */

/* Print resolution under which a raster image is warned about, dpi. */
#define FLOW_MIN_DPI 150.0
/* Pixels a raster image shows per inch at its natural size, unless the
 * layout says (image_dpi); SVG sizes are CSS px. */
#define IMAGE_DPI 150.0
#define CSS_DPI 96.0
/* Space before and after an image; above its caption; what its caption
 * needs below it to start on its page; what it adds to its height when
 * measured, pt. */
#define IMAGE_SPACE_BEFORE 6.0
#define IMAGE_SPACE_AFTER 8.0
#define CAPTION_GAP 3.0
#define CAPTION_ROOM 16.0
#define IMAGE_EXTRA 14.0
/* A placeholder: its width in the frame's, its height at most, pt; the
 * alt text's inset and how far it may run below the box, pt. */
#define PLACEHOLDER_W 0.8
#define PLACEHOLDER_H 90.0
#define PLACEHOLDER_INSET 8.0
#define PLACEHOLDER_SPILL 40.0

int flow_image_ok(const doc_block *b) {
  return b->src && b->image.w > 0 && b->image.h > 0;
}

void flow_check_dpi(flow_state *f, const doc_block *b, double pw, double w,
                    double h) {
  if (b->image.vector || w <= 0)
    return;
  double dpi = pw / (w / 72.0);
  if (dpi < FLOW_MIN_DPI - 0.5)
    diag_report(DIAG_IMG_LOW_DPI, f->doc->source_path, b->line, 0,
                image_name(b->src), (int)(dpi + 0.5), w / 72 * 25.4,
                h / 72 * 25.4);
}

/* 1 for the covers' pictures: no caption, and no frame when they cannot
 * be drawn (the cover is typographic without them). */
static int is_cover_picture(const doc_block *b) {
  return !strcmp(b->style, "cover-image") || !strcmp(b->style, "cover-logo");
}

/* Size of b's image in a w x max_h box, aspect kept: never larger than
 * its pixels at the layout's image_dpi, except a cover image, which fills
 * its box; SVG at its own size (CSS px), scaled down to fit. */
static void image_fit(const flow_state *f, const doc_block *b, double w,
                      double max_h, double *iw, double *ih) {
  const image_info *in = &b->image;
  double dpi = f->lay->image_dpi > 0 ? f->lay->image_dpi : IMAGE_DPI;
  double nat_w = in->w * 72.0 / (in->vector ? CSS_DPI : dpi);
  double nat_h = in->h * 72.0 / (in->vector ? CSS_DPI : dpi);
  double s = fmin(w / nat_w, max_h / nat_h);
  if (strcmp(b->style, "cover-image") != 0)
    s = fmin(1.0, s);
  *iw = nat_w * s, *ih = nat_h * s;
}

/* The tallest b's image may be on this page's frame, pt. */
static double image_max_h(const flow_state *f, const doc_block *b) {
  return (f->bottom - f->top) * (b->max_height > 0 ? b->max_height : 1);
}

static double image_height(flow_state *f, const doc_block *b, double w) {
  double max_h = image_max_h(f, b), iw, ih;
  if (!flow_image_ok(b))
    return fmin(PLACEHOLDER_H, max_h) + IMAGE_EXTRA;
  image_fit(f, b, w, max_h, &iw, &ih);
  return ih + IMAGE_EXTRA;
}

static void place_caption(flow_state *f, const char *alt, double x, double w) {
  if (!alt || !*alt)
    return;
  doc_text t = {0};
  doc_text_append(&t, alt, 0, NULL);
  const layout_style *st = layout_style_get(f->lay, "caption");
  text_para *p = text_layout(f->text, &t, st, w, 0);
  flow_keep_para(f, p);
  doc_text_free(&t);
  f->y += CAPTION_GAP;
  for (size_t i = 0; i < p->n_lines; i++)
    flow_place_line(f, &p->lines[i], x);
}

/* A framed box iw x ih at page x ix for an image that cannot be drawn,
 * its alt text centred in it (nothing without one). */
static void place_placeholder(flow_state *f, const doc_block *b, double ix,
                              double iw, double ih) {
  frame *fr = flow_add(f, FRAME_PLACEHOLDER, ix, f->y, iw, ih);
  fr->src = xstrdup(b->src);
  fr->color = f->lay->rule_color;
  double y0 = f->y;
  doc_text t = {0};
  doc_text_append(&t, b->alt ? b->alt : "", 0, NULL);
  const layout_style *st = layout_style_get(f->lay, "placeholder");
  text_para *p = text_layout(f->text, &t, st, iw - 2 * PLACEHOLDER_INSET, 0);
  flow_keep_para(f, p);
  doc_text_free(&t);
  f->y = y0 + fmax(4, (ih - p->height) / 2);
  for (size_t i = 0; b->alt && *b->alt && i < p->n_lines &&
                     f->y + p->lines[i].height <= y0 + ih + PLACEHOLDER_SPILL;
       i++)
    flow_place_line(f, &p->lines[i], ix - flow_left(f) + PLACEHOLDER_INSET);
  f->y = fmax(f->y, y0 + ih);
  f->has_content = 1;
}

static void image_place(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *next) {
  (void)next;
  int ok = flow_image_ok(b);
  int cover = is_cover_picture(b);
  if (cover && !ok)
    return;
  double max_h = image_max_h(f, b), iw, ih;
  if (ok) {
    image_fit(f, b, w, max_h, &iw, &ih);
    flow_check_dpi(f, b, b->image.w, iw, ih);
  } else {
    iw = w * PLACEHOLDER_W, ih = fmin(PLACEHOLDER_H, max_h);
  }
  f->pending = fmax(f->pending, IMAGE_SPACE_BEFORE);
  flow_settle_space(f);
  double need = ih + (!cover && b->alt && *b->alt ? CAPTION_ROOM : 0);
  if (f->y + need > f->bottom && f->has_content)
    flow_new_page(f);
  double ix = flow_left(f) + x + (w - iw) / 2;
  if (ok) {
    frame *fr = flow_add(f, FRAME_IMAGE, ix, f->y, iw, ih);
    fr->src = xstrdup(b->src);
    fr->src_line = b->line;
    fr->crop_x = 0.5, fr->crop_y = 0.5;
    fr->image = b->image;
    f->y += ih;
    f->has_content = 1;
    if (!cover)
      place_caption(f, b->alt, x, w);
  } else {
    place_placeholder(f, b, ix, iw, ih);
  }
  flow_space(f, IMAGE_SPACE_AFTER);
}

/* ---- the table ----------------------------------------------------------------- */

/* One row per doc_kind, in its order. */
static const flow_kind kinds[DOC_KIND_COUNT] = {
    [DOC_PARA] = {para_height, para_keep, para_place, NULL,
                  FLOW_STICKY_STYLE},
    [DOC_HEADING] = {plain_text_height, plain_text_keep, heading_place, NULL,
                     FLOW_STICKY_ALWAYS},
    [DOC_LIST] = {flow_children_height, first_child_keep, list_place, NULL,
                  FLOW_STICKY_NEVER},
    [DOC_ITEM] = {flow_children_height, first_child_keep, item_place, NULL,
                  FLOW_STICKY_NEVER},
    [DOC_QUOTE] = {flow_children_height, first_child_keep, quote_place, NULL,
                   FLOW_STICKY_NEVER},
    [DOC_CODE_BLOCK] = {plain_text_height, code_keep, code_place, NULL,
                        FLOW_STICKY_STYLE},
    [DOC_TABLE] = {table_height, table_keep_height, table_place, NULL,
                   FLOW_STICKY_NEVER},
    [DOC_IMAGE] = {image_height, image_height, image_place, NULL,
                   FLOW_STICKY_NEVER},
    [DOC_RULE] = {rule_height, no_height, rule_place, NULL, FLOW_STICKY_NEVER},
    [DOC_SPACE] = {space_height, no_height, space_place, NULL,
                   FLOW_STICKY_NEVER},
    [DOC_FILL] = {no_height, no_height, nothing_place, fill_run,
                  FLOW_STICKY_NEVER},
    [DOC_PAGE_BREAK] = {no_height, no_height, break_place, NULL,
                        FLOW_STICKY_NEVER},
    [DOC_GROUP] = {flow_children_height, group_keep, group_place, NULL,
                   FLOW_STICKY_NEVER},
    [DOC_NOTES] = {no_height, no_height, notes_place, NULL, FLOW_STICKY_NEVER},
    [DOC_CARD] = {flow_card_height, flow_card_keep_height, flow_place_card,
                  flow_place_card_run, FLOW_STICKY_NEVER},
    [DOC_QR] = {flow_qr_height, flow_qr_height, flow_place_qr, NULL,
                FLOW_STICKY_NEVER},
    [DOC_BAND] = {no_height, no_height, flow_place_band, NULL,
                  FLOW_STICKY_NEVER},
    [DOC_LOGOS] = {flow_logos_height, flow_logos_keep_height, flow_place_logos,
                   NULL, FLOW_STICKY_NEVER},
    [DOC_COLUMNS] = {columns_height, columns_height, columns_place, NULL,
                     FLOW_STICKY_NEVER},
};

const flow_kind *flow_kind_of(const doc_block *b) {
  assert((unsigned)b->kind < DOC_KIND_COUNT && kinds[b->kind].place);
  return &kinds[b->kind];
}

double flow_block_height(flow_state *f, const doc_block *b, double w) {
  return flow_kind_of(b)->height(f, b, w);
}

double flow_keep_height(flow_state *f, const doc_block *b, double w) {
  return b ? flow_kind_of(b)->keep_height(f, b, w) : 0;
}

void flow_place_block(flow_state *f, const doc_block *b, double x, double w,
                      const doc_block *next) {
  /* what follows anything but an indented paragraph starts flush (a
   * paragraph sets after_para again) */
  f->para_before = f->after_para;
  f->after_para = 0;
  flow_kind_of(b)->place(f, b, x, w, next);
}
