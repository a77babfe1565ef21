/* document_print.c — the document stage's print blocks (see
 * document_print.h): QR code rows for the back cover and the talks, the
 * full-bleed cover band, and the one-sheet handout section.  Blocks are
 * built with the same doc_block fields document.c uses and are freed by
 * document_free.  Nothing here measures or knows about pages; the QR
 * matrix itself is made by render (qr.h). */
#include "document_print.h"

#include "event_print.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qr.h"
#include "util.h"


static doc_block *blk(doc_kind kind, const char *style, int line) {
  doc_block *b = xcalloc(1, sizeof *b);
  b->kind = kind;
  b->style = xstrdup(style);
  b->line = line;
  return b;
}

static void blk_add(doc_block *parent, doc_block *child) {
  parent->children = xrealloc(
      parent->children, (parent->n_children + 1) * sizeof *parent->children);
  parent->children[parent->n_children++] = child;
}

static doc_block *text_blk(const char *style, const char *text,
                           unsigned flags) {
  doc_block *b = blk(DOC_PARA, style, 0);
  doc_text_append(&b->text, text ? text : "", flags, NULL);
  return b;
}

/* Frees a block this file made or took out of a section (the same
 * fields document.c frees). */
static void blk_free(doc_block *b) {
  if (!b)
    return;
  free(b->style), free(b->anchor), free(b->marker);
  doc_text_free(&b->text);
  for (size_t i = 0; i < b->n_children; i++)
    blk_free(b->children[i]);
  free(b->children);
  for (size_t i = 0; i < b->n_rows * b->n_cols; i++)
    doc_text_free(&b->cells[i]);
  free(b->cells), free(b->aligns), free(b->src), free(b->alt), free(b->trail);
  free(b->url);
  free(b);
}

static void sec_insert(doc_section *s, size_t at, doc_block *b) {
  s->blocks = xrealloc(s->blocks, (s->n_blocks + 1) * sizeof *s->blocks);
  if (at > s->n_blocks)
    at = s->n_blocks;
  memmove(&s->blocks[at + 1], &s->blocks[at],
          (s->n_blocks - at) * sizeof *s->blocks);
  s->blocks[at] = b;
  s->n_blocks++;
}

static void sec_remove(doc_section *s, size_t at) {
  blk_free(s->blocks[at]);
  memmove(&s->blocks[at], &s->blocks[at + 1],
          (s->n_blocks - at - 1) * sizeof *s->blocks);
  s->n_blocks--;
}

static doc_section *find_section(document *d, const char *kind) {
  for (size_t i = d->n_sections; i-- > 0;)
    if (!strcmp(d->sections[i].kind, kind))
      return &d->sections[i];
  return NULL;
}

static int is_url(const char *u) {
  return u && (!strncasecmp(u, "https://", 8) || !strncasecmp(u, "http://", 7));
}

/* ---- QR rows ------------------------------------------------------------ */

/* A row of QR codes of l->qr_size; add codes with qr_add. */
static doc_block *qr_row(const layout *l, int line) {
  doc_block *row = blk(DOC_QR, "qr-label", line);
  row->height = l->qr_size;
  return row;
}

/* One code: label over the short URL, both under the code; the URL is a
 * link to the full address. */
static void qr_add(doc_block *row, const char *label, const char *url) {
  for (size_t i = 0; i < row->n_children; i++)
    if (!strcmp(row->children[i]->src, url))
      return; /* one code per address */
  doc_block *q = blk(DOC_QR, "qr-label", row->line);
  q->src = xstrdup(url);
  q->alt = xstrdup(label && *label ? label : "");
  char *s = qr_short_url(url);
  doc_text_append(&q->text, s, DOC_LINK, url);
  free(s);
  blk_add(row, q);
}

/* ---- cover ---------------------------------------------------------------- */

void print_cover(document *d, const model *m, const layout *l) {
  (void)m;
  doc_section *s = find_section(d, "cover");
  if (!s || !l->cover_bleed)
    return;
  for (size_t i = 0; i < s->n_blocks; i++) {
    doc_block *b = s->blocks[i];
    if (b->kind == DOC_IMAGE && !strcmp(b->style, "cover-image")) {
      b->kind = DOC_BAND;
      b->max_height = 0.45;
      /* the band is the page top: what came before it goes after it */
      if (i > 0) {
        memmove(&s->blocks[1], &s->blocks[0], i * sizeof *s->blocks);
        s->blocks[0] = b;
      }
      return;
    }
  }
}

/* ---- talks ---------------------------------------------------------------- */

/* Number of the talk whose head group this is ("talk-N" anchor), or 0. */
static int talk_number(const doc_block *b) {
  if (b->kind != DOC_GROUP)
    return 0;
  for (size_t i = 0; i < b->n_children; i++) {
    const doc_block *c = b->children[i];
    if (c->kind == DOC_HEADING && c->anchor && !strncmp(c->anchor, "talk-", 5))
      return atoi(c->anchor + 5);
  }
  return 0;
}

void print_talks(document *d, const model *m, const layout *l) {
  doc_section *s = find_section(d, "talks");
  if (!s || !l->qr_talks)
    return;
  int talk = 0;
  for (size_t i = 0; i < s->n_blocks; i++) {
    doc_block *b = s->blocks[i];
    int n = talk_number(b);
    if (n > 0) {
      talk = n;
      continue;
    }
    if (b->kind != DOC_PARA || strcmp(b->style, "talk-links") || talk < 1 ||
        (size_t)talk > m->n_talks)
      continue;
    const model_talk *t = &m->talks[talk - 1];
    doc_block *row = qr_row(l, t->line);
    size_t plain = 0;
    for (size_t k = 0; k < t->n_links; k++) {
      if (is_url(t->links[k].url))
        qr_add(row, t->links[k].label && *t->links[k].label
                        ? t->links[k].label
                        : layout_label(l, "link"),
               t->links[k].url);
      else
        plain++;
    }
    if (!row->n_children) {
      blk_free(row);
      continue;
    }
    if (plain) {
      sec_insert(s, i + 1, row); /* keep the line for what has no code */
      i++;
    } else {
      sec_remove(s, i);
      sec_insert(s, i, row);
    }
  }
}

/* ---- back cover ------------------------------------------------------------- */

/* Adds the event's registration, live stream and replay codes to row. */
static void event_codes(doc_block *row, const model *m, const layout *l,
                        int with_replay) {
  const model_event *e = &m->event;
  if (is_url(e->registration))
    qr_add(row, layout_label(l, "register"), e->registration);
  if (is_url(e->live))
    qr_add(row, layout_label(l, "live"), e->live);
  if (with_replay && is_url(e->replay))
    qr_add(row, layout_label(l, "replay"), e->replay);
}

static int has_link(const doc_block *b) {
  for (size_t i = 0; i < b->text.n_spans; i++)
    if (b->text.spans[i].url && is_url(b->text.spans[i].url))
      return 1;
  return 0;
}

void print_back(document *d, const model *m, const layout *l) {
  doc_section *s = find_section(d, "back");
  if (!s || !l->qr_back)
    return;
  doc_block *row = qr_row(l, m->event.line);
  event_codes(row, m, l, 1);
  if (!row->n_children) {
    blk_free(row);
    return;
  }
  /* the codes (with their labels and addresses) replace the link lines */
  size_t at = s->n_blocks;
  for (size_t i = 0; i < s->n_blocks;) {
    doc_block *b = s->blocks[i];
    if (b->kind == DOC_PARA && !strcmp(b->style, "back") && has_link(b)) {
      if (at == s->n_blocks)
        at = i;
      sec_remove(s, i);
      continue;
    }
    i++;
  }
  if (at == s->n_blocks) /* before the closing fill */
    at = s->n_blocks && s->blocks[s->n_blocks - 1]->kind == DOC_FILL
             ? s->n_blocks - 1
             : s->n_blocks;
  sec_insert(s, at, row);
}

/* ---- handout ----------------------------------------------------------------- */

static void add(doc_section *s, doc_block *b) { sec_insert(s, s->n_blocks, b); }

/* The agenda as a table: the model's rows, or one row per talk. */
static doc_block *agenda_table(const model *m, const layout *l) {
  size_t n = m->n_agenda ? m->n_agenda : m->n_talks;
  if (!n)
    return NULL;
  int has_time = 0, has_speaker = 0;
  for (size_t i = 0; i < n; i++) {
    if (m->n_agenda) {
      has_time |= m->agenda[i].time && *m->agenda[i].time;
      has_speaker |= m->agenda[i].speaker && *m->agenda[i].speaker;
    } else {
      has_time |= m->talks[i].time && *m->talks[i].time;
      has_speaker |= m->talks[i].n_speakers > 0;
    }
  }
  size_t cols = 1 + (size_t)has_time + (size_t)has_speaker;
  doc_block *b = blk(DOC_TABLE, "table", m->n_agenda ? m->agenda[0].line : 0);
  b->n_rows = n + 1, b->n_cols = cols, b->header_rows = 1;
  b->cells = xcalloc(b->n_rows * cols, sizeof *b->cells);
  b->aligns = xcalloc(cols + 1, 1);
  size_t c = 0;
  if (has_time)
    doc_text_append(&b->cells[c++], layout_label(l, "time"), 0, NULL);
  doc_text_append(&b->cells[c++], layout_label(l, "session"), 0, NULL);
  if (has_speaker)
    doc_text_append(&b->cells[c++], layout_label(l, "speaker"), 0, NULL);
  for (size_t i = 0; i < n; i++) {
    doc_text *row = &b->cells[(i + 1) * cols];
    const char *time, *title;
    strbuf sp = {0};
    if (m->n_agenda) {
      time = m->agenda[i].time, title = m->agenda[i].title;
      sb_add(&sp, m->agenda[i].speaker ? m->agenda[i].speaker : "");
    } else {
      const model_talk *t = &m->talks[i];
      time = t->time, title = t->title;
      for (size_t k = 0; k < t->n_speakers; k++)
        sb_addf(&sp, "%s%s", k ? layout_label(l, "list_sep") : "",
                m->speakers[t->speakers[k]].name);
    }
    c = 0;
    if (has_time)
      doc_text_append(&row[c++], time ? time : "", 0, NULL);
    doc_text_append(&row[c++], title ? title : "", 0, NULL);
    if (has_speaker)
      doc_text_append(&row[c++], sp.s ? sp.s : "", 0, NULL);
    sb_free(&sp);
  }
  return b;
}

void print_handout(document *d, const model *m, const layout *l) {
  const model_event *e = &m->event;
  d->sections = xrealloc(d->sections, (d->n_sections + 1) * sizeof *d->sections);
  doc_section *s = &d->sections[d->n_sections++];
  memset(s, 0, sizeof *s);
  s->kind = xstrdup("handout");
  s->anchor = xstrdup("sec-handout");
  s->new_page = 1;
  s->plain = 1;
  if (e->organizer)
    add(s, text_blk("cover-kicker", e->organizer, 0));
  doc_block *title = blk(DOC_HEADING, "handout-title", e->line);
  doc_text_append(&title->text, e->title, 0, NULL);
  title->level = 1;
  title->anchor = xstrdup("handout-title");
  title->outline = 1;
  add(s, title);
  if (e->subtitle)
    add(s, text_blk("handout-meta", e->subtitle, 0));
  doc_block *meta = blk(DOC_PARA, "handout-meta", e->line);
  char *when = event_print_when(e), *place = event_print_place(e, l);
  if (when)
    doc_text_append(&meta->text, when, DOC_BOLD, NULL);
  const struct {
    const char *label, *v;
  } rows[] = {{"venue", place}, {"address", e->address}, {"fee", e->fee}};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    if (!rows[i].v)
      continue;
    if (meta->text.text && *meta->text.text)
      doc_text_append(&meta->text, "\n", 0, NULL);
    doc_text_append(&meta->text, layout_label(l, rows[i].label), DOC_BOLD, NULL);
    doc_text_append(&meta->text, layout_label(l, "colon"), DOC_BOLD, NULL);
    doc_text_append(&meta->text, rows[i].v, 0, NULL);
  }
  free(when), free(place);
  if (meta->text.text && *meta->text.text)
    add(s, meta);
  else
    blk_free(meta);
  if (e->description && !e->description_off_cover)
    add(s, text_blk("handout-description", e->description, 0));

  doc_block *agenda = agenda_table(m, l);
  if (agenda) {
    add(s, text_blk("handout-head", layout_label(l, "agenda"), 0));
    s->blocks[s->n_blocks - 1]->kind = DOC_HEADING;
    s->blocks[s->n_blocks - 1]->level = 2;
    add(s, agenda);
  }
  if (m->n_speakers) {
    doc_block *h = text_blk("handout-head", layout_label(l, "speakers"), 0);
    h->kind = DOC_HEADING;
    h->level = 2;
    add(s, h);
    doc_block *p = blk(DOC_PARA, "handout-speakers", 0);
    for (size_t i = 0; i < m->n_speakers; i++) {
      const model_speaker *sp = &m->speakers[i];
      if (i)
        doc_text_append(&p->text, "\n", 0, NULL);
      doc_text_append(&p->text, sp->name, DOC_BOLD, NULL);
      const char *des = sp->designation && *sp->designation ? sp->designation
                                                            : sp->company;
      if (des && *des) {
        doc_text_append(&p->text, layout_label(l, "handout_sep"), 0, NULL);
        doc_text_append(&p->text, des, 0, NULL);
      }
    }
    add(s, p);
  }
  doc_block *row = qr_row(l, e->line);
  event_codes(row, m, l, 0);
  if (row->n_children) {
    add(s, blk(DOC_FILL, "body", 0)); /* the codes at the foot of the sheet */
    add(s, row);
  } else {
    blk_free(row);
  }
}
