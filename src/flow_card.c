/* flow_card.c — the flow stage's speaker cards (DOC_CARD, a row of
 * flow_block.c's table): a card one a row (round photo, or the name's
 * first letter in a disc, at the left; name, designation and bio to its
 * right), and runs of short cards set as rows of portraits (photo above,
 * text centred under it), each row kept on one page.  The tighter layout
 * of flow.c's fitting sets every card of a run in rows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flow_int.h"
#include "util.h"

/* Lines a bio may have at a grid cell's width for its card to join a row
 * of cards (natural layout); the tighter layout takes every card. */
#define CARD_SHORT_LINES 5
/* Narrowest cell of a row of cards, pt. */
#define CARD_MIN_CELL 96.0
/* Between cards of a row, pt. */
#define CARD_GAP 14.0
/* Cards a row at most; with long bios in the tighter layout. */
#define CARD_MAX_COLUMNS 6
#define CARD_LONG_COLUMNS 2
/* Photo diameter when the card gives none, pt. */
#define CARD_DISC 50.0
/* Space around a card one a row; around a row of portraits; between a
 * portrait's disc and its text, pt. */
#define CARD_SPACE 10.0
#define ROW_SPACE 12.0
#define PORTRAIT_GAP 6.0
/* A bio in a column narrower than this is set ragged, not justified, pt. */
#define NARROW_BIO 160.0
/* The initial in a disc: its size in discs. */
#define INITIAL_SIZE 0.42

static double disc_of(const doc_block *b) {
  return b->height > 0 ? b->height : CARD_DISC;
}

/* Between the disc (d across) and the text of a card one a row, pt. */
static double disc_gap(double d) { return 0.9 * d / 4; }

/* The photo disc of a speaker card at page position (px, y0), d across:
 * the photo cropped round, or the name's first letter in a disc. */
static void draw_disc(flow_state *f, const doc_block *b, double px, double y0,
                      double d) {
  int ok = flow_image_ok(b);
  if (ok) /* the photo covers the disc: its shorter side spans d */
    flow_check_dpi(f, b, b->image.w < b->image.h ? b->image.w : b->image.h, d,
                   d);
  frame *c = flow_add(f, FRAME_CIRCLE_IMAGE, px, y0, d, d);
  /* the face sits in the upper half of a portrait: centre of interest */
  c->crop_x = 0.5, c->crop_y = 0.4;
  c->color = 0xe9e2da;
  if (ok) {
    c->src = xstrdup(b->src);
    c->src_line = b->line;
    c->image = b->image;
    return;
  }
  if (!b->alt || !*b->alt)
    return;
  size_t k; /* initial letter in the disc */
  utf8_decode(b->alt, strlen(b->alt), &k);
  char *initial = xstrndup(b->alt, k);
  layout_style st = *layout_style_get(f->lay, "speaker-name");
  st.size = d * INITIAL_SIZE;
  st.align = LAYOUT_ALIGN_LEFT;
  st.color = f->lay->accent;
  text_para *p = text_layout_plain(f->text, initial, &st, d);
  free(initial);
  flow_keep_para(f, p);
  if (p->n_lines) {
    const text_line *ln = &p->lines[0];
    double base = y0 + d / 2 + (ln->ascent - ln->descent) / 2;
    frame *t = flow_add(f, FRAME_TEXT, px + (d - ln->width) / 2, base,
                        ln->width, ln->height);
    t->line = ln;
  }
}

double flow_card_height(flow_state *f, const doc_block *b, double w) {
  /* as flow_place_card sets it: photo disc at the left, text to its right */
  double d = disc_of(b);
  double tw = w - d - disc_gap(d), h = 0;
  for (size_t i = 0; i < b->n_children; i++)
    h += flow_block_height(f, b->children[i], tw);
  return fmax(h, d) + 2 * CARD_SPACE;
}

void flow_place_card(flow_state *f, const doc_block *b, double x, double w,
                     const doc_block *next) {
  (void)next;
  double d = disc_of(b);
  double gap = disc_gap(d);
  double tw = w - d - gap;
  double h = 0;
  for (size_t i = 0; i < b->n_children; i++)
    h += flow_block_height(f, b->children[i], tw);
  h = fmax(h, d);
  flow_space(f, CARD_SPACE);
  flow_settle_space(f);
  if (f->has_content && f->y + h > f->bottom && h <= f->bottom - f->top)
    flow_new_page(f);
  double y0 = f->y;
  draw_disc(f, b, flow_left(f) + x, y0, d);
  f->has_content = 1;
  f->pending = 0;
  for (size_t i = 0; i < b->n_children; i++)
    flow_place_block(f, b->children[i], x + d + gap, tw,
                     i + 1 < b->n_children ? b->children[i + 1] : NULL);
  if (f->res->n_pages && f->y < y0 + d && flow_page_cur(f)->n_frames)
    f->y = fmax(f->y, y0 + d);
  f->pending = 0;
  flow_space(f, CARD_SPACE);
}

/* ---- speaker cards in columns ------------------------------------------------ */

static void para_release(void *p) { text_para_free(p); }

/* The text of a portrait card's child c (photo above, text under it) at
 * width w: name and designation centred in lines of even length, the bio
 * as its style sets it but never justified in so narrow a column.
 * Measured once a pass (owned by the memo). */
static text_para *card_text(flow_state *f, const doc_block *c, double w) {
  text_para *p = flow_memo_get(f, c, FLOW_MEMO_CARD, w, 0);
  if (p)
    return p;
  layout_style st = *layout_style_get(f->lay, c->style);
  st.indent = 0;
  if (strcmp(c->style, "speaker-bio")) {
    st.align = LAYOUT_ALIGN_CENTER;
    st.balance = 1; /* "网管软件资深专家" broken evenly, no lone "家" */
  } else if (st.align == LAYOUT_ALIGN_JUSTIFY && w < NARROW_BIO) {
    st.align = LAYOUT_ALIGN_LEFT;
  }
  p = text_layout(f->text, &c->text, &st, w, 0);
  flow_memo_put(f, c, FLOW_MEMO_CARD, w, 0, p, para_release);
  return p;
}

/* Height of a portrait card at width w; with place, it is drawn at
 * body-relative x from the current y. */
static double portrait_card(flow_state *f, const doc_block *b, double x,
                            double w, int place) {
  double d = disc_of(b);
  double y = f->y;
  if (place)
    draw_disc(f, b, flow_left(f) + x + (w - d) / 2, y, d);
  double h = d + PORTRAIT_GAP;
  for (size_t i = 0; i < b->n_children; i++) {
    const doc_block *c = b->children[i];
    if (c->kind != DOC_PARA && c->kind != DOC_HEADING)
      continue;
    const layout_style *st = layout_style_get(f->lay, c->style);
    text_para *p = card_text(f, c, w);
    if (place) {
      f->y = y + h;
      for (size_t k = 0; k < p->n_lines; k++)
        flow_place_line(f, &p->lines[k], x);
      flow_keep_para(f, text_para_ref(p));
    }
    h += p->height + (i + 1 < b->n_children ? st->space_after : 0);
  }
  if (place)
    f->y = y;
  return h;
}

/* 1 when card b's bio is short at a cell's width, or it has none. */
static int bio_short(flow_state *f, const doc_block *b, double cell) {
  for (size_t i = 0; i < b->n_children; i++) {
    const doc_block *c = b->children[i];
    if (c->kind != DOC_PARA || strcmp(c->style, "speaker-bio"))
      continue;
    if (card_text(f, c, cell)->n_lines > CARD_SHORT_LINES)
      return 0;
  }
  return 1;
}

/* 1 when card b joins a row of cards: a short bio or none (natural), or
 * any card (tight). */
static int card_short(flow_state *f, const doc_block *b, double cell) {
  return f->tight || bio_short(f, b, cell);
}

/* Cards a row in width w (at most max), and the cell width. */
static size_t card_columns(flow_state *f, double w, size_t max, double *cell) {
  size_t n = (size_t)floor((w + CARD_GAP) / (CARD_MIN_CELL + CARD_GAP));
  if (f->lay->speaker_columns > 0 && max > (size_t)f->lay->speaker_columns)
    max = (size_t)f->lay->speaker_columns;
  if (n > max)
    n = max;
  if (n < 1)
    n = 1;
  *cell = (w - CARD_GAP * (double)(n - 1)) / (double)n;
  return n;
}

/* The taller of the card set one a row and the card in a row of
 * portraits (flow_place_card_run decides which with the cards after it),
 * with the space before it. */
double flow_card_keep_height(flow_state *f, const doc_block *b, double w) {
  double cell, h = flow_card_height(f, b, w);
  if (card_columns(f, w, CARD_MAX_COLUMNS, &cell) > 1 && card_short(f, b, cell))
    h = fmax(h, portrait_card(f, b, 0, cell, 0));
  return h + ROW_SPACE;
}

/* A row of portraits: cards [i, j) of s, each cell wide. */
static void place_portrait_row(flow_state *f, const doc_section *s, size_t i,
                               size_t j, double x, double cell) {
  double h = 0;
  for (size_t k = i; k < j; k++)
    h = fmax(h, portrait_card(f, s->blocks[k], 0, cell, 0));
  flow_space(f, ROW_SPACE);
  flow_settle_space(f);
  if (f->has_content && f->y + h > f->bottom)
    flow_new_page(f);
  /* a short last row starts at the left, under the full ones */
  for (size_t k = i; k < j; k++)
    portrait_card(f, s->blocks[k], x + (double)(k - i) * (cell + CARD_GAP),
                  cell, 1);
  f->y += h;
  f->has_content = 1;
  flow_space(f, ROW_SPACE);
}

size_t flow_place_card_run(flow_state *f, const doc_section *s, size_t i,
                           double x, double w) {
  double cell;
  size_t per = card_columns(f, w, CARD_MAX_COLUMNS, &cell);
  size_t end = i;
  int long_bios = 0;
  for (; end < s->n_blocks && s->blocks[end]->kind == DOC_CARD; end++)
    long_bios |= !bio_short(f, s->blocks[end], cell);
  if (f->tight && long_bios) /* long bios: two a row, not narrower */
    per = card_columns(f, w, CARD_LONG_COLUMNS, &cell);
  int rows = 0; /* rows of portrait cards placed */
  while (i < end) {
    size_t j = i;
    while (j < end && j - i < per && per > 1 &&
           card_short(f, s->blocks[j], cell))
      j++;
    /* a long bio, or a short card alone (but the last short card after
     * a grid's rows, which stays a portrait under them) */
    if (j - i == 0 || (j - i == 1 && !rows)) {
      flow_place_card(f, s->blocks[i], x, w, NULL);
      i++;
      continue;
    }
    place_portrait_row(f, s, i, j, x, cell);
    rows++;
    i = j;
  }
  return end;
}
