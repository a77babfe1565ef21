/* flow_page.c — the flow stage's page primitives: open a page, the room
 * left on it, add a frame, weak space that collapses at page edges,
 * decorations (quote bars, code backgrounds) carried across a break, a
 * line and a broken paragraph placed with widow and orphan control; and
 * the measurements of a pass, so that a block is measured once however
 * often keep-with-next, groups and placing ask for its height.  What is
 * placed, and how each kind of block is measured, is flow_block.c's. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flow_int.h"
#include "util.h"

/* ---- pages ------------------------------------------------------------------ */

int flow_is_recto(size_t page_index) { return page_index % 2 == 0; }

flow_page *flow_page_cur(flow_state *f) {
  return &f->res->pages[f->res->n_pages - 1];
}

double flow_left(flow_state *f) {
  return flow_is_recto(f->res->n_pages - 1) ? f->lay->margin_inner
                                            : f->lay->margin_outer;
}

double flow_room(flow_state *f) { return f->bottom - f->y; }

frame *flow_page_insert(flow_page *p, size_t at, frame fr) {
  util_grow((void **)&p->frames, &p->cap_frames, p->n_frames + 1,
            sizeof *p->frames);
  if (at > p->n_frames)
    at = p->n_frames;
  memmove(&p->frames[at + 1], &p->frames[at],
          (p->n_frames - at) * sizeof *p->frames);
  p->frames[at] = fr;
  p->n_frames++;
  return &p->frames[at];
}

frame *flow_add(flow_state *f, frame_kind kind, double x, double y, double w,
                double h) {
  flow_page *p = flow_page_cur(f);
  frame fr = {.kind = kind, .x = x, .y = y, .w = w, .h = h};
  return flow_page_insert(p, p->n_frames, fr);
}

void flow_add_page(flow_state *f) {
  flow_result *r = f->res;
  r->pages = xrealloc(r->pages, (r->n_pages + 1) * sizeof *r->pages);
  flow_page *p = &r->pages[r->n_pages++];
  memset(p, 0, sizeof *p);
  p->section = f->section;
  p->folio = f->plain ? 0 : -1; /* -1: numbered once the count is known */
  size_t at = r->n_pages - 1;
  f->bottom = f->lay->page_h - f->lay->margin_bottom -
              (at < f->n_shorten ? f->shorten[at] : 0);
  f->y = f->top;
  f->pending = 0;
  f->has_content = 0;
}

/* Close the open decorations on the current page into frames. */
static void close_decos(flow_state *f, double y_end) {
  for (int i = 0; i < f->n_decos; i++) {
    flow_deco *d = &f->decos[i];
    double h = y_end - d->y0;
    if (h <= FLOW_MIN_DECO)
      continue;
    double x = flow_left(f) + d->x;
    if (d->kind == FLOW_DECO_BAR) {
      frame *fr = flow_add(f, FRAME_RECT, x, d->y0, d->w, h);
      fr->color = f->lay->accent;
    } else {
      frame fr = {.kind = FRAME_RECT, .x = x, .y = d->y0, .w = d->w, .h = h,
                  .color = FLOW_CODE_BG};
      flow_page_insert(flow_page_cur(f), d->at_frame, fr);
    }
  }
}

void flow_new_page(flow_state *f) {
  close_decos(f, f->y);
  flow_add_page(f);
  for (int i = 0; i < f->n_decos; i++) {
    f->decos[i].y0 = f->top;
    f->decos[i].at_frame = flow_page_cur(f)->n_frames;
  }
}

void flow_space(flow_state *f, double s) {
  if (s > f->pending)
    f->pending = s;
}

void flow_settle_space(flow_state *f) {
  if (f->has_content)
    f->y += f->pending;
  f->pending = 0;
}

void flow_keep_para(flow_state *f, text_para *p) {
  flow_result *r = f->res;
  util_grow((void **)&r->paras, &r->cap_paras, r->n_paras + 1,
            sizeof *r->paras);
  r->paras[r->n_paras++] = p;
}

/* ---- lines and paragraphs ------------------------------------------------------ */

void flow_place_line(flow_state *f, const text_line *ln, double x) {
  if (f->y + ln->height > f->bottom + FLOW_EPS && f->has_content)
    flow_new_page(f);
  double lead = (ln->height - (ln->ascent + ln->descent)) / 2;
  double base = f->y + lead + ln->ascent;
  frame *fr = flow_add(f, FRAME_TEXT, flow_left(f) + x, base, ln->width,
                       ln->height);
  fr->line = ln;
  if (f->marker) {
    frame *m = flow_add(f, FRAME_TEXT, flow_left(f) + f->marker_x, base,
                        f->marker->width, ln->height);
    m->line = f->marker;
    f->marker = NULL;
  }
  f->y += ln->height;
  f->has_content = 1;
}

/* Lines of p from the first that fit in h, at least 1 if any. */
static size_t lines_fitting(const text_para *p, size_t from, double h) {
  size_t k = 0;
  double acc = 0;
  for (size_t i = from; i < p->n_lines; i++) {
    acc += p->lines[i].height;
    if (acc > h + FLOW_EPS)
      break;
    k++;
  }
  return k;
}

void flow_place_para(flow_state *f, const text_para *p, double x) {
  size_t i = 0, n = p->n_lines;
  flow_settle_space(f);
  if (f->grid > 0 && n && fabs(p->lines[0].height - f->grid) < FLOW_EPS) {
    /* on the baseline grid: start on the next multiple of the pitch */
    double k = ceil((f->y - f->top) / f->grid - 1e-6);
    f->y = f->top + k * f->grid;
  }
  while (i < n) {
    size_t rest = n - i;
    size_t k = lines_fitting(p, i, flow_room(f));
    if (k >= rest) {
      k = rest;
    } else if (f->has_content &&
               (rest < 2 * FLOW_MIN_LINES || k < FLOW_MIN_LINES)) {
      flow_new_page(f);
      continue;
    } else {
      if (k == 0)
        k = 1; /* a line taller than the page: placed anyway */
      if (rest - k < FLOW_MIN_LINES && rest > FLOW_MIN_LINES + 1)
        k = rest - FLOW_MIN_LINES; /* no widow, even after a full page */
    }
    for (size_t j = 0; j < k; j++)
      flow_place_line(f, &p->lines[i + j], x);
    i += k;
    if (i < n)
      flow_new_page(f);
  }
}

/* ---- measurements of a pass ------------------------------------------------------ */

/* One measurement: of what, and the value. */
typedef struct memo_entry {
  const doc_block *b;      /* the block measured; NULL for an empty slot */
  flow_memo_kind kind;     /* how */
  double w;                /* at this width, pt */
  double indent;           /* with this first-line indent, pt */
  void *val;               /* the measurement */
  void (*free_fn)(void *); /* frees it */
} memo_entry;

struct flow_memo {
  memo_entry *e; /* open-addressed table; cap a power of 2 */
  size_t n;      /* entries in use */
  size_t cap;    /* slots */
};

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

static uint64_t bits(double d) {
  uint64_t u;
  if (d == 0)
    d = 0; /* -0 and 0 are one key */
  memcpy(&u, &d, sizeof u);
  return u;
}

static uint64_t memo_hash(const doc_block *b, flow_memo_kind k, double w,
                          double indent) {
  uint64_t h = mix(0, (uint64_t)(uintptr_t)b);
  h = mix(h, (uint64_t)k);
  h = mix(h, bits(w));
  return mix(h, bits(indent));
}

/* The slot of the key: its entry, or the empty slot where it goes. */
static memo_entry *memo_slot(flow_memo *m, const doc_block *b,
                             flow_memo_kind k, double w, double indent) {
  size_t mask = m->cap - 1;
  for (size_t i = (size_t)memo_hash(b, k, w, indent) & mask;;
       i = (i + 1) & mask) {
    memo_entry *e = &m->e[i];
    if (!e->b || (e->b == b && e->kind == k && e->w == w &&
                  e->indent == indent))
      return e;
  }
}

void *flow_memo_get(flow_state *f, const doc_block *b, flow_memo_kind k,
                    double w, double indent) {
  if (!f->memo || !f->memo->n)
    return NULL;
  memo_entry *e = memo_slot(f->memo, b, k, w, indent);
  return e->b ? e->val : NULL;
}

/* Room for one more entry: the table doubles at half full. */
static void memo_grow(flow_memo *m) {
  if (2 * (m->n + 1) <= m->cap)
    return;
  memo_entry *old = m->e;
  size_t n = m->cap;
  m->cap = n ? 2 * n : 256;
  m->e = xcalloc(m->cap, sizeof *m->e);
  for (size_t i = 0; i < n; i++)
    if (old[i].b)
      *memo_slot(m, old[i].b, old[i].kind, old[i].w, old[i].indent) = old[i];
  free(old);
}

void flow_memo_put(flow_state *f, const doc_block *b, flow_memo_kind k,
                   double w, double indent, void *val,
                   void (*free_fn)(void *)) {
  if (!f->memo)
    f->memo = xcalloc(1, sizeof *f->memo);
  flow_memo *m = f->memo;
  memo_grow(m);
  memo_entry *e = memo_slot(m, b, k, w, indent);
  if (e->b) { /* measured again: the new value replaces the old */
    if (e->free_fn)
      e->free_fn(e->val);
  } else {
    m->n++;
  }
  *e = (memo_entry){b, k, w, indent, val, free_fn};
}

void flow_memo_free(flow_state *f) {
  flow_memo *m = f->memo;
  if (!m)
    return;
  for (size_t i = 0; i < m->cap; i++)
    if (m->e[i].b && m->e[i].free_fn)
      m->e[i].free_fn(m->e[i].val);
  free(m->e);
  free(m);
  f->memo = NULL;
}
