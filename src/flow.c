/* flow.c — stage 5: pour the document's blocks onto pages.  Paragraphs are
 * broken into lines once (text.h) and placed line by line with widow and
 * orphan control; headings keep with what follows; quotes and code blocks
 * carry their bar or background across page breaks; images scale to fit;
 * the cover's flexible space centres its content.  Running headers and
 * folios are added once the page count is known.  Tables are in table.c.
 * Nothing is drawn here: the result is frames for render. */
#include "flow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "flow_int.h"

/* Code blocks of up to this many lines are never split across pages. */
#define CODE_WHOLE_LINES 12
#include "image.h"
#include "util.h"

#define MIN_LINES 2 /* lines a split paragraph keeps on each page */

/* ---- primitives ------------------------------------------------------------ */

flow_page *flow_page_cur(flow_state *f) {
  return &f->res->pages[f->res->n_pages - 1];
}

static int is_recto(size_t page_index) { return page_index % 2 == 0; }

double flow_left(flow_state *f) {
  return is_recto(f->res->n_pages - 1) ? f->lay->margin_inner
                                       : f->lay->margin_outer;
}

static frame *page_insert(flow_page *p, size_t at, frame fr) {
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
  return page_insert(p, p->n_frames, fr);
}

static void add_page(flow_state *f) {
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
    if (h <= 0.5)
      continue;
    double x = flow_left(f) + d->x;
    if (d->kind == FLOW_DECO_BAR) {
      frame *fr = flow_add(f, FRAME_RECT, x, d->y0, d->w, h);
      fr->color = f->lay->accent;
    } else {
      frame fr = {.kind = FRAME_RECT, .x = x, .y = d->y0, .w = d->w, .h = h,
                  .color = 0xf3f1ee};
      page_insert(flow_page_cur(f), d->at_frame, fr);
    }
  }
}

void flow_new_page(flow_state *f) {
  close_decos(f, f->y);
  add_page(f);
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

static double room(flow_state *f) { return f->bottom - f->y; }

void flow_place_line(flow_state *f, const text_line *ln, double x) {
  if (f->y + ln->height > f->bottom + 0.01 && f->has_content)
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

/* ---- paragraphs --------------------------------------------------------------- */

static text_para *layout_text(flow_state *f, const doc_text *t,
                              const layout_style *st, double width,
                              double indent) {
  text_para *p = text_layout(f->text, t, st, width, indent);
  flow_keep_para(f, p);
  return p;
}

/* Lines of p from the first that fit in h, at least 1 if any. */
static size_t lines_fitting(const text_para *p, size_t from, double h) {
  size_t k = 0;
  double acc = 0;
  for (size_t i = from; i < p->n_lines; i++) {
    acc += p->lines[i].height;
    if (acc > h + 0.01)
      break;
    k++;
  }
  return k;
}

/* Place a broken paragraph at body-relative x: widows and orphans kept to
 * MIN_LINES on each side of a page break. */
static void place_para(flow_state *f, const text_para *p, double x) {
  size_t i = 0, n = p->n_lines;
  flow_settle_space(f);
  if (f->grid > 0 && n && fabs(p->lines[0].height - f->grid) < 0.01) {
    /* on the baseline grid: start on the next multiple of the pitch */
    double k = ceil((f->y - f->top) / f->grid - 1e-6);
    f->y = f->top + k * f->grid;
  }
  while (i < n) {
    size_t rest = n - i;
    size_t k = lines_fitting(p, i, room(f));
    if (k >= rest) {
      k = rest;
    } else if (f->has_content && (rest < 2 * MIN_LINES || k < MIN_LINES)) {
      flow_new_page(f);
      continue;
    } else {
      if (k == 0)
        k = 1; /* a line taller than the page: placed anyway */
      if (rest - k < MIN_LINES && rest > MIN_LINES + 1)
        k = rest - MIN_LINES; /* no widow, even after a full page */
    }
    for (size_t j = 0; j < k; j++)
      flow_place_line(f, &p->lines[i + j], x);
    i += k;
    if (i < n)
      flow_new_page(f);
  }
}

/* ---- images ------------------------------------------------------------------- */

static void place_caption(flow_state *f, const char *alt, double x, double w) {
  if (!alt || !*alt)
    return;
  doc_text t = {0};
  doc_text_append(&t, alt, 0, NULL);
  const layout_style *st = layout_style_get(f->lay, "caption");
  text_para *p = layout_text(f, &t, st, w, 0);
  doc_text_free(&t);
  f->y += 3;
  for (size_t i = 0; i < p->n_lines; i++)
    flow_place_line(f, &p->lines[i], x);
}

/* Probe b's image (once the image step has run, b->src is a checked
 * local file or NULL; reports here only catch what changed since). */
int flow_probe_image(flow_state *f, const doc_block *b, image_info *info) {
  const char *why = NULL;
  if (!b->src)
    return 0; /* reported by the image step: a placeholder */
  if (image_is_remote(b->src)) {
    diag_report(DIAG_IMG_REMOTE, f->doc->source_path, b->line, 0, b->src);
    return 0;
  }
  if (image_probe_info(b->src, info, &why) && info->w > 0 && info->h > 0)
    return 1;
  if (!b->src[0])
    diag_report(DIAG_IMG_MISSING, f->doc->source_path, b->line, 0,
                "(empty path)");
  else if (why && !strcmp(why, "no such file"))
    diag_report(DIAG_IMG_MISSING, f->doc->source_path, b->line, 0,
                image_name(b->src));
  else
    diag_report(DIAG_IMG_BAD, f->doc->source_path, b->line, 0,
                image_name(b->src), why ? why : "unreadable");
  return 0;
}

/* Size of an image in a w x max_h box, aspect kept: never larger than its
 * pixels at the layout's image_dpi (150), except a cover image, which
 * fills its box; SVG at its own size (CSS px), scaled down to fit. */
static void image_fit(const flow_state *f, const doc_block *b,
                      const image_info *in, double w, double max_h,
                      double *iw, double *ih) {
  double dpi = f->lay->image_dpi > 0 ? f->lay->image_dpi : 150;
  double nat_w = in->w * 72.0 / (in->vector ? 96 : dpi);
  double nat_h = in->h * 72.0 / (in->vector ? 96 : dpi);
  double s = fmin(w / nat_w, max_h / nat_h);
  if (strcmp(b->style, "cover-image") != 0)
    s = fmin(1.0, s);
  *iw = nat_w * s, *ih = nat_h * s;
}

/* Preflight: a raster image of pw pixels across printed w pt wide. */
void flow_check_dpi(flow_state *f, const doc_block *b, const image_info *in,
                    double pw, double w, double h) {
  if (in->vector || w <= 0)
    return;
  double dpi = pw / (w / 72.0);
  if (dpi < 149.5)
    diag_report(DIAG_IMG_LOW_DPI, f->doc->source_path, b->line, 0,
                image_name(b->src), (int)(dpi + 0.5), w / 72 * 25.4,
                h / 72 * 25.4);
}

static void place_image(flow_state *f, const doc_block *b, double x,
                        double w) {
  image_info info;
  int ok = flow_probe_image(f, b, &info);
  /* the covers' pictures have no caption, and one that cannot be drawn
   * leaves no empty frame: the cover is typographic without it */
  int cover = !strcmp(b->style, "cover-image") || !strcmp(b->style, "cover-logo");
  if (cover && !ok)
    return;
  int with_caption = !cover;
  double frame_h = f->bottom - f->top;
  double max_h = frame_h * (b->max_height > 0 ? b->max_height : 1);
  double iw, ih;
  if (ok) {
    image_fit(f, b, &info, w, max_h, &iw, &ih);
    flow_check_dpi(f, b, &info, info.w, iw, ih);
  } else {
    iw = w * 0.8, ih = fmin(90, max_h);
  }
  f->pending = fmax(f->pending, 6);
  flow_settle_space(f);
  double need = ih + (with_caption && b->alt && *b->alt ? 16 : 0);
  if (f->y + need > f->bottom && f->has_content)
    flow_new_page(f);
  double ix = flow_left(f) + x + (w - iw) / 2;
  if (ok) {
    frame *fr = flow_add(f, FRAME_IMAGE, ix, f->y, iw, ih);
    fr->src = xstrdup(b->src);
    fr->src_line = b->line;
    fr->crop_x = 0.5, fr->crop_y = 0.5;
    f->y += ih;
    f->has_content = 1;
    if (with_caption)
      place_caption(f, b->alt, x, w);
  } else {
    frame *fr = flow_add(f, FRAME_PLACEHOLDER, ix, f->y, iw, ih);
    fr->src = xstrdup(b->src);
    fr->color = f->lay->rule_color;
    double y0 = f->y;
    /* the alt text inside the box, centred (nothing without one) */
    doc_text t = {0};
    doc_text_append(&t, b->alt ? b->alt : "", 0, NULL);
    const layout_style *st = layout_style_get(f->lay, "placeholder");
    text_para *p = layout_text(f, &t, st, iw - 16, 0);
    doc_text_free(&t);
    double th = p->height;
    f->y = y0 + fmax(4, (ih - th) / 2);
    for (size_t i = 0; b->alt && *b->alt && i < p->n_lines &&
                       f->y + p->lines[i].height <= y0 + ih + 40;
         i++)
      flow_place_line(f, &p->lines[i], ix - flow_left(f) + 8);
    f->y = fmax(f->y, y0 + ih);
    f->has_content = 1;
  }
  flow_space(f, 8);
}

/* ---- blocks --------------------------------------------------------------------- */

static void place_block(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *next);

static double block_height(flow_state *f, const doc_block *b, double w);
static double card_keep_height(flow_state *f, const doc_block *b, double w);

/* The first-line indent of a paragraph in st, pt: its style's, but
 * where the layout indents only a paragraph that follows a paragraph
 * (English: none after a heading, a list or a table). */
static double first_indent(flow_state *f, const layout_style *st,
                           int after_para) {
  return f->lay->indent_all || after_para ? st->indent * st->size : 0;
}

/* n lines of body text, pt. */
static double body_lines(flow_state *f, int n) {
  const layout_style *st = layout_style_get(f->lay, "body");
  return n * st->size * (st->line_height > 0 ? st->line_height : 1.2);
}

/* What a block needs at a page foot for the block before it to stay with
 * it (keep-with-next): a paragraph's first MIN_LINES lines, or all of
 * them when it is too short to be split (widows and orphans); a heading
 * whole with what it in turn keeps (two body lines); an unbreakable
 * group or card whole; a table's header and first row. */
static double head_height(flow_state *f, const doc_block *b, double w) {
  if (!b)
    return 0;
  switch (b->kind) {
  case DOC_PARA:
  case DOC_HEADING:
  case DOC_CODE_BLOCK: {
    const layout_style *st = layout_style_get(f->lay, b->style);
    double indent = b->kind == DOC_PARA ? first_indent(f, st, 0) : 0;
    text_para *p = text_layout(f->text, &b->text, st, w, indent);
    int sticky = st->keep_with_next || b->kind == DOC_HEADING;
    size_t need = sticky || p->n_lines < 2 * MIN_LINES ? p->n_lines
                                                       : MIN_LINES;
    double h = st->space_before;
    for (size_t i = 0; i < p->n_lines && i < need; i++)
      h += p->lines[i].height;
    if (sticky)
      h += st->space_after + body_lines(f, MIN_LINES);
    else if (f->grid > 0 && p->n_lines &&
             fabs(p->lines[0].height - f->grid) < 0.01)
      h += f->grid; /* snapping to the grid may push it down */
    text_para_free(p);
    return h;
  }
  case DOC_LIST:
  case DOC_QUOTE:
  case DOC_ITEM:
    return b->n_children ? 6 + head_height(f, b->children[0], w) : 0;
  case DOC_GROUP:
    return block_height(f, b, w) + body_lines(f, MIN_LINES);
  case DOC_CARD: /* whole, as a row card or in a row of portraits */
    return card_keep_height(f, b, w);
  case DOC_IMAGE:
  case DOC_QR:
  case DOC_COLUMNS: /* kept whole */
    return block_height(f, b, w);
  case DOC_TABLE:
    return table_keep_height(f, b, w);
  case DOC_LOGOS: /* its first row */
    return flow_logos_height(f, b, w, 1);
  default:
    return 0;
  }
}

static void place_text_block(flow_state *f, const doc_block *b, double x,
                             double w, const doc_block *next) {
  const layout_style *st = layout_style_get(f->lay, b->style);
  double indent = b->kind == DOC_PARA ? first_indent(f, st, f->after_para) : 0;
  text_para *p = layout_text(f, &b->text, st, w, indent);
  flow_space(f, st->space_before);
  if ((st->keep_with_next || b->kind == DOC_HEADING) && !f->in_group) {
    /* a heading never ends a page: it moves with two lines of what follows
     * (inside a group the group saw to that) */
    double need = f->pending + p->height + st->space_after +
                  head_height(f, next, w);
    if (f->has_content && f->y + need > f->bottom)
      flow_new_page(f);
  }
  flow_settle_space(f);
  if (b->kind == DOC_HEADING && b->anchor) {
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
  /* a short listing is read whole: it moves to the next page rather
   * than leave a few of its lines on either side */
  if (b->kind == DOC_CODE_BLOCK && p->n_lines <= CODE_WHOLE_LINES &&
      f->has_content && f->y + p->height + 4 > f->bottom &&
      p->height + 4 <= f->bottom - f->top)
    flow_new_page(f);
  if (b->kind == DOC_CODE_BLOCK && f->n_decos < FLOW_MAX_DECOS) {
    flow_deco *d = &f->decos[f->n_decos++];
    *d = (flow_deco){FLOW_DECO_BG, x - 4, w + 8, f->y - 3,
                     flow_page_cur(f)->n_frames};
    f->y += 1;
    place_para(f, p, x);
    f->y += 3;
    f->n_decos--;
    double h = f->y - d->y0;
    frame fr = {.kind = FRAME_RECT, .x = flow_left(f) + d->x, .y = d->y0,
                .w = d->w, .h = h, .color = 0xf3f1ee};
    if (h > 0.5)
      page_insert(flow_page_cur(f), d->at_frame, fr);
  } else {
    place_para(f, p, x);
    if (b->trail && p->n_lines) {
      /* page number flush right on the entry's last line */
      text_para *tp = text_layout_plain(f->text, b->trail, st, w);
      flow_keep_para(f, tp);
      flow_page *pg = flow_page_cur(f);
      for (size_t k = pg->n_frames; k-- > 0;) {
        frame *last = &pg->frames[k];
        if (last->kind == FRAME_TEXT && last->line == &p->lines[p->n_lines - 1]) {
          if (tp->n_lines) {
            const text_line *tl = &tp->lines[0];
            double y = last->y;
            /* dotted leader between the entry and its number */
            double x0 = last->x + last->w + 6;
            double x1 = flow_left(f) + x + w - tl->width - 6;
            if (x1 - x0 > 12) {
              frame *lead = flow_add(f, FRAME_RULE, x0, y - 1, x1 - x0, 0);
              lead->color = 0xb0b0b0;
              lead->line_width = -0.6; /* negative: dotted */
            }
            frame *fr = flow_add(f, FRAME_TEXT,
                                 flow_left(f) + x + w - tl->width, y,
                                 tl->width, tl->height);
            fr->line = tl;
          }
          break;
        }
      }
    }
  }
  flow_space(f, st->space_after);
}

static void place_children(flow_state *f, const doc_block *b, double x,
                           double w, const doc_block *after) {
  for (size_t i = 0; i < b->n_children; i++)
    place_block(f, b->children[i], x, w,
                i + 1 < b->n_children ? b->children[i + 1] : after);
}

static void place_list(flow_state *f, const doc_block *b, double x, double w,
                       const doc_block *after) {
  const layout_style *st = layout_style_get(f->lay, "list");
  /* one hanging indent for the whole list, wide enough for its widest
   * marker, so numbers and bullets align */
  double hang = 1.5 * st->size;
  text_para **markers = xcalloc(b->n_children ? b->n_children : 1,
                                sizeof *markers);
  for (size_t i = 0; i < b->n_children; i++) {
    const doc_block *it = b->children[i];
    doc_text t = {0};
    doc_text_append(&t, it->marker ? it->marker : "•", 0, NULL);
    markers[i] = layout_text(f, &t, st, 4 * st->size, 0);
    doc_text_free(&t);
    double mw = markers[i]->n_lines ? markers[i]->lines[0].width : 0;
    if (mw + 0.5 * st->size > hang)
      hang = mw + 0.5 * st->size;
  }
  double indent = b->level == 0 ? 0.5 * st->size : 0;
  flow_space(f, b->level == 0 ? 4 : 0);
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
      double need = f->pending + block_height(f, it->children[0], iw) +
                    head_height(f, it->children[1], iw);
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
  flow_space(f, b->level == 0 ? 4 : 0);
}

static void place_quote(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *after) {
  const layout_style *st = layout_style_get(f->lay, "quote");
  if (f->n_decos >= FLOW_MAX_DECOS) { /* too deep for one more bar */
    place_children(f, b, x, w, after);
    return;
  }
  flow_space(f, 6);
  flow_settle_space(f);
  if (f->has_content && room(f) < 3 * st->size * st->line_height)
    flow_new_page(f);
  flow_deco *d = &f->decos[f->n_decos++];
  *d = (flow_deco){FLOW_DECO_BAR, x, 2, f->y, flow_page_cur(f)->n_frames};
  f->has_content = 1;
  double pad = 1.2 * st->size;
  place_children(f, b, x + pad, w - pad, after);
  f->pending = 0;
  f->n_decos--;
  double h = f->y - d->y0;
  if (h > 0.5) {
    frame *fr = flow_add(f, FRAME_RECT, flow_left(f) + d->x, d->y0, d->w, h);
    fr->color = f->lay->accent;
  }
  flow_space(f, 6);
}

static void place_rule(flow_state *f, const doc_block *b, double x,
                       double w) {
  if (b->height > 0) { /* an accent bar, aligned as its style */
    flow_space(f, 6);
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
    flow_space(f, 10);
    return;
  }
  flow_space(f, 10);
  flow_settle_space(f);
  if (room(f) < 20) {
    flow_new_page(f);
    return; /* a rule at a page top means nothing */
  }
  frame *fr = flow_add(f, FRAME_RULE, flow_left(f) + x + w * 0.3, f->y,
                       w * 0.4, 0);
  fr->color = f->lay->rule_color;
  fr->line_width = f->lay->rule_width;
  f->has_content = 1;
  flow_space(f, 10);
}

static void place_notes(flow_state *f, double x, double w) {
  flow_settle_space(f);
  const layout_style *st = layout_style_get(f->lay, "body");
  double pitch = st->size * st->line_height * 1.3;
  for (double y = f->y + pitch; y <= f->bottom; y += pitch) {
    frame *fr = flow_add(f, FRAME_RULE, flow_left(f) + x, y, w, 0);
    fr->color = 0xc8c8c8;
    fr->line_width = 0.4;
  }
  f->y = f->bottom;
  f->has_content = 1;
}

/* The photo disc of a speaker card at page position (px, y0), d across:
 * the photo cropped round, or the name's first letter in a disc. */
static void draw_disc(flow_state *f, const doc_block *b, double px, double y0,
                      double d) {
  image_info info;
  int ok = flow_probe_image(f, b, &info);
  if (ok) /* the photo covers the disc: its shorter side spans d */
    flow_check_dpi(f, b, &info, info.w < info.h ? info.w : info.h, d, d);
  frame *c = flow_add(f, FRAME_CIRCLE_IMAGE, px, y0, d, d);
  /* the face sits in the upper half of a portrait: centre of interest */
  c->crop_x = 0.5, c->crop_y = 0.4;
  c->color = 0xe9e2da;
  if (ok) {
    c->src = xstrdup(b->src);
    c->src_line = b->line;
    return;
  }
  if (!b->alt || !*b->alt)
    return;
  size_t k; /* initial letter in the disc */
  utf8_decode(b->alt, strlen(b->alt), &k);
  char *initial = xstrndup(b->alt, k);
  layout_style st = *layout_style_get(f->lay, "speaker-name");
  st.size = d * 0.42;
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

/* A speaker card: a round photo (or the name's first letter in a disc) at
 * the left, name, designation and bio to its right, kept on one page when
 * it fits on one. */
static void place_card(flow_state *f, const doc_block *b, double x, double w) {
  double d = b->height > 0 ? b->height : 50;
  double gap = 0.9 * d / 4;
  double tw = w - d - gap;
  double h = 0;
  for (size_t i = 0; i < b->n_children; i++)
    h += block_height(f, b->children[i], tw);
  h = fmax(h, d);
  flow_space(f, 10);
  flow_settle_space(f);
  if (f->has_content && f->y + h > f->bottom && h <= f->bottom - f->top)
    flow_new_page(f);
  double y0 = f->y;
  draw_disc(f, b, flow_left(f) + x, y0, d);
  f->has_content = 1;
  f->pending = 0;
  for (size_t i = 0; i < b->n_children; i++)
    place_block(f, b->children[i], x + d + gap, tw,
                i + 1 < b->n_children ? b->children[i + 1] : NULL);
  if (f->res->n_pages && f->y < y0 + d && flow_page_cur(f)->n_frames)
    f->y = fmax(f->y, y0 + d);
  f->pending = 0;
  flow_space(f, 10);
}

/* ---- speaker cards in columns ------------------------------------------------ */

/* Lines a bio may have at a grid cell's width for its card to join a row
 * of cards (natural layout); the tighter layout takes every card. */
#define CARD_SHORT_LINES 5
/* Narrowest cell of a row of cards, pt. */
#define CARD_MIN_CELL 96.0
/* Between cards of a row, pt. */
#define CARD_GAP 14.0

/* The texts of a portrait card (photo above, text under it) at width w:
 * name and designation centred in lines of even length, the bio as its
 * style sets it but never justified in so narrow a column.  Frees
 * nothing: caller does. */
static text_para *card_text(flow_state *f, const doc_block *c, double w) {
  layout_style st = *layout_style_get(f->lay, c->style);
  st.indent = 0;
  if (strcmp(c->style, "speaker-bio")) {
    st.align = LAYOUT_ALIGN_CENTER;
    st.balance = 1; /* "网管软件资深专家" broken evenly, no lone "家" */
  }
  else if (st.align == LAYOUT_ALIGN_JUSTIFY && w < 160)
    st.align = LAYOUT_ALIGN_LEFT;
  return text_layout(f->text, &c->text, &st, w, 0);
}

/* Height of a portrait card at width w; with place, it is drawn at
 * body-relative x from the current y. */
static double portrait_card(flow_state *f, const doc_block *b, double x,
                            double w, int place) {
  double d = b->height > 0 ? b->height : 50;
  double y = f->y;
  if (place)
    draw_disc(f, b, flow_left(f) + x + (w - d) / 2, y, d);
  double h = d + 6;
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
      flow_keep_para(f, p);
    }
    h += p->height + (i + 1 < b->n_children ? st->space_after : 0);
    if (!place)
      text_para_free(p);
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
    text_para *p = card_text(f, c, cell);
    size_t n = p->n_lines;
    text_para_free(p);
    if (n > CARD_SHORT_LINES)
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

/* What card b needs at a page foot for a heading to stay with it: the
 * taller of the card set one a row and the card in a row of portraits
 * (place_card_run decides which with the cards after it), with the space
 * before it. */
static double card_keep_height(flow_state *f, const doc_block *b, double w) {
  double cell, h = block_height(f, b, w);
  if (card_columns(f, w, 6, &cell) > 1 && card_short(f, b, cell))
    h = fmax(h, portrait_card(f, b, 0, cell, 0));
  return h + 12;
}

/* The run of cards from blocks[i]: rows of short cards, each row kept on
 * one page, and the other cards one a row.  Returns the index after the
 * run. */
static size_t place_card_run(flow_state *f, const doc_section *s, size_t i,
                             double x, double w) {
  double cell;
  size_t per = card_columns(f, w, 6, &cell);
  size_t end = i;
  int long_bios = 0;
  for (; end < s->n_blocks && s->blocks[end]->kind == DOC_CARD; end++)
    long_bios |= !bio_short(f, s->blocks[end], cell);
  if (f->tight && long_bios) /* long bios: two a row, not narrower */
    per = card_columns(f, w, 2, &cell);
  int rows = 0; /* rows of portrait cards placed */
  while (i < end) {
    size_t j = i;
    while (j < end && j - i < per && per > 1 &&
           card_short(f, s->blocks[j], cell))
      j++;
    /* a long bio, or a short card alone (but the last short card after
     * a grid's rows, which stays a portrait under them) */
    if (j - i == 0 || (j - i == 1 && !rows)) {
      place_card(f, s->blocks[i], x, w);
      i++;
      continue;
    }
    double h = 0;
    for (size_t k = i; k < j; k++)
      h = fmax(h, portrait_card(f, s->blocks[k], 0, cell, 0));
    flow_space(f, 12);
    flow_settle_space(f);
    if (f->has_content && f->y + h > f->bottom)
      flow_new_page(f);
    /* a short last row starts at the left, under the full ones */
    for (size_t k = i; k < j; k++)
      portrait_card(f, s->blocks[k], x + (double)(k - i) * (cell + CARD_GAP),
                    cell, 1);
    f->y += h;
    f->has_content = 1;
    flow_space(f, 12);
    rows++;
    i = j;
  }
  return end;
}

/* ---- columns ------------------------------------------------------------------ */

#define COLUMN_GAP 14.0 /* between columns, pt */

/* Children of b side by side, kept on one page; one after another at the
 * full width when the tallest is taller than a page. */
static void place_columns(flow_state *f, const doc_block *b, double x,
                          double w) {
  size_t n = b->n_children;
  if (!n)
    return;
  double cw = (w - COLUMN_GAP * (double)(n - 1)) / (double)n, h = 0;
  for (size_t i = 0; i < n; i++)
    h = fmax(h, block_height(f, b->children[i], cw));
  if (h > f->bottom - f->top) {
    for (size_t i = 0; i < n; i++)
      place_block(f, b->children[i], x, w, NULL);
    return;
  }
  flow_settle_space(f);
  if (f->has_content && f->y + h > f->bottom)
    flow_new_page(f);
  double y0 = f->y, bottom = f->bottom, y1 = y0;
  f->bottom = 1e9; /* measured to fit: no break inside a column */
  for (size_t i = 0; i < n; i++) {
    f->y = y0;
    f->pending = 0;
    place_block(f, b->children[i], x + (double)i * (cw + COLUMN_GAP), cw,
                NULL);
    y1 = fmax(y1, f->y);
  }
  f->bottom = bottom;
  f->y = y1;
  f->has_content = 1;
}

static void place_block(flow_state *f, const doc_block *b, double x, double w,
                        const doc_block *next) {
  /* what follows anything but an indented paragraph starts flush */
  int para = f->after_para;
  f->after_para = 0;
  switch (b->kind) {
  case DOC_PARA:
  case DOC_HEADING:
  case DOC_CODE_BLOCK:
    f->after_para = para;
    place_text_block(f, b, x, w, next);
    f->after_para = b->kind == DOC_PARA &&
                    layout_style_get(f->lay, b->style)->indent > 0;
    break;
  case DOC_LIST:
    place_list(f, b, x, w, next);
    break;
  case DOC_ITEM:
  case DOC_GROUP: {
    if (b->kind == DOC_GROUP) {
      /* kept together, with the first lines of what follows */
      double h = block_height(f, b, w) + head_height(f, next, w);
      if (b->n_children)
        flow_space(f, layout_style_get(f->lay, b->children[0]->style)
                          ->space_before);
      if (f->has_content && f->y + f->pending + h > f->bottom)
        flow_new_page(f);
    }
    int outer = f->in_group;
    f->in_group = b->kind == DOC_GROUP || outer;
    place_children(f, b, x, w, next);
    f->in_group = outer;
    break;
  }
  case DOC_CARD:
    place_card(f, b, x, w);
    break;
  case DOC_QUOTE:
    place_quote(f, b, x, w, next);
    break;
  case DOC_TABLE:
    table_place(f, b, x, w);
    break;
  case DOC_IMAGE:
    place_image(f, b, x, w);
    break;
  case DOC_RULE:
    place_rule(f, b, x, w);
    break;
  case DOC_COLUMNS:
    place_columns(f, b, x, w);
    break;
  case DOC_SPACE:
    flow_space(f, b->height);
    break;
  case DOC_PAGE_BREAK:
    if (f->has_content)
      flow_new_page(f);
    break;
  case DOC_NOTES:
    place_notes(f, x, w);
    break;
  case DOC_FILL:
    break; /* handled by place_section */
  case DOC_QR: /* flow_print.c */
    flow_place_qr(f, b, x, w);
    break;
  case DOC_BAND:
    flow_place_band(f, b);
    break;
  case DOC_LOGOS:
    flow_place_logos(f, b, x, w);
    break;
  }
}

/* Height of a block laid out at width w (for groups and the cover). */
static double block_height(flow_state *f, const doc_block *b, double w) {
  switch (b->kind) {
  case DOC_PARA:
  case DOC_HEADING:
  case DOC_CODE_BLOCK: {
    const layout_style *st = layout_style_get(f->lay, b->style);
    double indent = b->kind == DOC_PARA ? first_indent(f, st, 0) : 0;
    text_para *p = text_layout(f->text, &b->text, st, w, indent);
    double h = p->height + st->space_before + st->space_after;
    text_para_free(p);
    return h;
  }
  case DOC_SPACE:
    return b->height;
  case DOC_CARD: {
    /* as place_card sets it: photo disc at the left, text to its right */
    double d = b->height > 0 ? b->height : 50;
    double tw = w - d - 0.9 * d / 4, h = 0;
    for (size_t i = 0; i < b->n_children; i++)
      h += block_height(f, b->children[i], tw);
    return fmax(h, d) + 20;
  }
  case DOC_QR:
    return flow_qr_height(f, b, w);
  case DOC_LOGOS:
    return flow_logos_height(f, b, w, 0);
  case DOC_TABLE:
    return table_height(f, b, w);
  case DOC_RULE:
    return b->height > 0 ? b->height + 16 : 20;
  case DOC_COLUMNS: {
    size_t n = b->n_children;
    double cw = (w - COLUMN_GAP * (double)(n ? n - 1 : 0)) / (double)(n ? n : 1);
    double h = 0;
    for (size_t i = 0; i < n; i++)
      h = fmax(h, block_height(f, b->children[i], cw));
    return h;
  }
  case DOC_IMAGE: {
    image_info in;
    double iw, ih;
    double max_h = (f->bottom - f->top) * (b->max_height > 0 ? b->max_height : 1);
    if (b->src && !image_is_remote(b->src) && image_probe_info(b->src, &in, NULL)) {
      image_fit(f, b, &in, w, max_h, &iw, &ih);
      return ih + 14;
    }
    return fmin(90, max_h) + 14;
  }
  default: {
    double h = 0;
    for (size_t i = 0; i < b->n_children; i++)
      h += block_height(f, b->children[i], w);
    return h;
  }
  }
}

/* A heading or other keep-with-next text block. */
static int is_sticky(const flow_state *f, const doc_block *b) {
  return b->kind == DOC_HEADING ||
         ((b->kind == DOC_PARA) &&
          layout_style_get(f->lay, b->style)->keep_with_next);
}

/* 1 when b opens a talk (its head group, with the talk's title). */
static int is_talk_head(const doc_block *b) {
  if (b->kind != DOC_GROUP)
    return 0;
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
  while (page_ends && end > 0 && is_sticky(f, s->blocks[end - 1]))
    end--;
  int placed = 0; /* a block of the section is placed */
  for (size_t i = 0; i < end; i++) {
    const doc_block *b = s->blocks[i];
    if (b->kind == DOC_FILL) {
      /* flexible space: share what is left of the page between this and
       * the later fills of the section */
      double rest = 0;
      int fills = 1;
      for (size_t k = i + 1; k < s->n_blocks; k++) {
        if (s->blocks[k]->kind == DOC_FILL)
          fills++;
        else
          rest += block_height(f, s->blocks[k], w);
      }
      double gap = (f->bottom - f->y - rest) / fills;
      if (gap > 0)
        f->y += gap;
      f->pending = 0;
      continue;
    }
    /* the looser layout: a page a talk; the first one stays under the
     * section's title */
    if (f->talk_pages && f->has_content && is_talk_head(b) && placed) {
      flow_new_page(f);
      if (i > 0 && s->blocks[i - 1]->kind == DOC_RULE)
        drop_last_rule(f);
    }
    if (b->kind == DOC_CARD) { /* speaker cards, short ones in rows */
      i = place_card_run(f, s, i, x, w) - 1;
      placed = 1;
      continue;
    }
    place_block(f, b, x, w, i + 1 < end ? s->blocks[i + 1] : NULL);
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
    double left = is_recto(i) ? l->margin_inner : l->margin_outer;
    int recto = is_recto(i);
    if (head && head->n_lines) {
      const text_line *ln = &head->lines[0];
      double y = l->margin_top - 0.55 * l->margin_top + ln->ascent;
      double x = recto && hs->align == LAYOUT_ALIGN_LEFT
                     ? left + f->width - ln->width
                     : left;
      frame fr = {.kind = FRAME_TEXT, .x = x, .y = y, .w = ln->width,
                  .h = ln->height, .line = ln};
      page_insert(p, p->n_frames, fr);
      frame rule = {.kind = FRAME_RULE, .x = left, .y = y + ln->descent + 3,
                    .w = f->width, .h = 0, .color = l->rule_color,
                    .line_width = 0.3};
      page_insert(p, p->n_frames, rule);
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
      page_insert(p, p->n_frames, fr);
    }
  }
}

/* Notes pages until the page count plus `reserve` (a back cover still
 * to come) is a multiple of the layout's pad_to; how many. */
static size_t pad_pages(flow_state *f, size_t reserve) {
  int m = f->lay->pad_to;
  size_t added = 0;
  if (m <= 1)
    return 0;
  while ((f->res->n_pages + reserve) % (size_t)m) {
    f->plain = 0;
    add_page(f);
    doc_block *title = xcalloc(1, sizeof *title);
    title->kind = DOC_HEADING;
    title->style = xstrdup("section-title");
    doc_text_append(&title->text, layout_label(f->lay, "notes"), 0, NULL);
    place_text_block(f, title, 0, f->width, NULL);
    place_notes(f, 0, f->width);
    doc_text_free(&title->text);
    free(title->style);
    free(title);
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
  place_text_block(f, &title, 0, f->width, s->n_blocks ? s->blocks[0] : NULL);
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

/* Body lines of a page: distinct baselines of its text, before the
 * running head and folio are added. */
static size_t page_lines(const flow_page *p) {
  size_t n = 0;
  double last = -1;
  for (size_t k = 0; k < p->n_frames; k++) {
    const frame *fr = &p->frames[k];
    if (fr->kind == FRAME_TEXT && fabs(fr->y - last) > 0.5) {
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
      add_page(&f);
    if (s->recto && !is_recto(r->n_pages - 1))
      add_page(&f);
    if (s->title)
      place_section_title(&f, s);
    place_section(&f, s, i + 1 >= d->n_sections || starts[i + 1]);
  }
  if (r->n_pages == 0)
    add_page(&f);
  notes += pad_pages(&f, 0);
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

/* Cost of a pass: notes pages beyond one and thin pages weigh ten, a
 * notes page one. */
static double fit_cost(const flow_result *r, size_t notes) {
  return 10.0 * (double)(notes > 1 ? notes - 1 : 0) +
         10.0 * (double)thin_pages(r, notes) + (double)notes;
}

flow_result *flow_run(const document *d, const layout *l, text_ctx *text) {
  return flow_run_grid(d, l, text, l->baseline_grid);
}

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
        (*sh)[i - 1] > 20 * pitch)
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
  for (int round = 0; round < 4 && thin_pages(cur, cur_notes); round++) {
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
  if (l->fill)
    return fill_sheet(d, l, text, grid);
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
