/* document.c — stage 4: turn the event model into the booklet's sections
 * of blocks, in the order the layout's section list gives.  Markdown
 * blocks become doc blocks with style names; inline Markdown becomes rich
 * text (UTF-8 plus styled ranges).  Everything is copied, so the model can
 * be freed once the document is built.  No measuring or pages here. */
#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "image.h"
#include "util.h"
#include "document_print.h"
#include "event_print.h"

/* ---- rich text ----------------------------------------------------------- */

void doc_text_append(doc_text *t, const char *s, unsigned flags,
                     const char *url) {
  size_t n = strlen(s);
  if (!n)
    return;
  size_t start = t->text ? strlen(t->text) : 0;
  t->text = xrealloc(t->text, start + n + 1);
  memcpy(t->text + start, s, n + 1);
  if (!flags && !url)
    return;
  doc_span *last = t->n_spans ? &t->spans[t->n_spans - 1] : NULL;
  if (last && last->end == start && last->flags == flags &&
      ((!last->url && !url) || (last->url && url && !strcmp(last->url, url)))) {
    last->end = start + n;
    return;
  }
  t->spans = xrealloc(t->spans, (t->n_spans + 1) * sizeof *t->spans);
  t->spans[t->n_spans++] = (doc_span){start, start + n, flags, xstrdup(url)};
}

void doc_text_free(doc_text *t) {
  free(t->text);
  for (size_t i = 0; i < t->n_spans; i++)
    free(t->spans[i].url);
  free(t->spans);
  memset(t, 0, sizeof *t);
}

static size_t text_len(const doc_text *t) { return t->text ? strlen(t->text) : 0; }

/* Last code point of the text, or 0. */
static uint32_t last_cp(const doc_text *t) {
  size_t n = text_len(t);
  if (!n)
    return 0;
  size_t i = n - 1;
  while (i > 0 && ((unsigned char)t->text[i] & 0xC0) == 0x80)
    i--;
  size_t k;
  return utf8_decode(t->text + i, n - i, &k);
}

static int is_cjk(uint32_t c) {
  return utf8_is_han(c) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x3040 && c <= 0x30FF) ||
         (c >= 0x2010 && c <= 0x201F) || c == 0x2026;
}

/* ---- blocks ------------------------------------------------------------------ */

doc_block *doc_block_new(doc_kind kind, const char *style, int line) {
  doc_block *b = xcalloc(1, sizeof *b);
  b->kind = kind;
  b->style = xstrdup(style);
  b->line = line;
  return b;
}

void doc_block_add(doc_block *parent, doc_block *child) {
  parent->children = xrealloc(parent->children,
                              (parent->n_children + 1) * sizeof *parent->children);
  parent->children[parent->n_children++] = child;
}

void doc_block_free(doc_block *b) {
  if (!b)
    return;
  free(b->style), free(b->anchor), free(b->marker);
  doc_text_free(&b->text);
  for (size_t i = 0; i < b->n_children; i++)
    doc_block_free(b->children[i]);
  free(b->children);
  for (size_t i = 0; i < b->n_rows * b->n_cols; i++)
    doc_text_free(&b->cells[i]);
  free(b->cells), free(b->aligns), free(b->src), free(b->alt), free(b->trail);
  free(b->url);
  free(b);
}

void doc_section_add(doc_section *s, doc_block *b) {
  if (!b)
    return;
  s->blocks = xrealloc(s->blocks, (s->n_blocks + 1) * sizeof *s->blocks);
  s->blocks[s->n_blocks++] = b;
}

/* ---- inline Markdown → rich text ------------------------------------------------ */

typedef struct conv {
  const model *m;   /* the model (for the input's folder) */
  int heading_no;   /* counter for heading anchors */
  const layout *l;  /* the layout, set for the page's language: the
                       words the booklet prints (labels) */
  int sponsors_out; /* 1 when a sponsors section is printed (the layout
                       has one and the page names sponsors) */
} conv;

/* Returns 1 for an HTML line break tag. */
static int is_br(const char *html) {
  if (!html)
    return 0;
  while (*html == ' ')
    html++;
  return !strncasecmp(html, "<br", 3) &&
         (html[3] == '>' || html[3] == '/' || html[3] == ' ');
}

/* Appends text of an HTML fragment without its tags. */
static void append_html_text(doc_text *t, const char *html, unsigned flags) {
  strbuf b = {0};
  int in_tag = 0;
  for (const char *p = html; *p; p++) {
    if (*p == '<') {
      if (is_br(p))
        sb_addc(&b, '\n');
      in_tag = 1;
    } else if (*p == '>' && in_tag) {
      in_tag = 0;
    } else if (!in_tag) {
      sb_addc(&b, *p);
    }
  }
  if (b.len)
    doc_text_append(t, b.s, flags, NULL);
  sb_free(&b);
}

static void inline_to_text(const md_node *n, doc_text *t, unsigned flags,
                           const char *url) {
  for (const md_node *c = n->first; c; c = c->next) {
    switch (c->type) {
    case MD_TEXT:
      doc_text_append(t, c->text ? c->text : "", flags, url);
      break;
    case MD_CODE:
      doc_text_append(t, c->text ? c->text : "", flags | DOC_CODE, url);
      break;
    case MD_SOFTBREAK: {
      /* Chinese text is not spaced: a line break in the source between
       * CJK characters vanishes; between Latin words it is a space. */
      uint32_t prev = last_cp(t);
      if (prev && !is_cjk(prev) && prev != ' ' && prev != '\n')
        doc_text_append(t, " ", flags, url);
      break;
    }
    case MD_LINEBREAK:
      doc_text_append(t, "\n", flags, url);
      break;
    case MD_HTML_INLINE:
      append_html_text(t, c->text ? c->text : "", flags);
      break;
    case MD_EMPH:
      inline_to_text(c, t, flags | DOC_EMPH, url);
      break;
    case MD_STRONG:
      inline_to_text(c, t, flags | DOC_BOLD, url);
      break;
    case MD_STRIKE:
      inline_to_text(c, t, flags | DOC_STRIKE, url);
      break;
    case MD_LINK:
      inline_to_text(c, t, flags | DOC_LINK, c->url);
      break;
    case MD_IMAGE: {
      /* an image inside running text: its alt text stays in the text */
      char *alt = md_plain_text(c);
      if (*alt) {
        doc_text_append(t, "[", flags | DOC_SMALL, NULL);
        doc_text_append(t, alt, flags | DOC_SMALL, NULL);
        doc_text_append(t, "]", flags | DOC_SMALL, NULL);
      }
      free(alt);
      break;
    }
    default:
      inline_to_text(c, t, flags, url);
      break;
    }
  }
}

/* Trims trailing newlines and spaces left by <br> at a paragraph end. */
static void text_rtrim(doc_text *t) {
  size_t n = text_len(t);
  while (n && (t->text[n - 1] == '\n' || t->text[n - 1] == ' '))
    n--;
  if (!t->text)
    return;
  t->text[n] = 0;
  for (size_t i = 0; i < t->n_spans; i++) {
    if (t->spans[i].end > n)
      t->spans[i].end = n;
    if (t->spans[i].start > n)
      t->spans[i].start = n;
  }
}

/* ---- Markdown blocks → doc blocks ---------------------------------------------- */

static void convert_block(conv *cv, const md_node *n, doc_block *into,
                          doc_section *sec, const char *para_style, int depth);

static void emit(doc_block *into, doc_section *sec, doc_block *b) {
  if (!b)
    return;
  if (into)
    doc_block_add(into, b);
  else
    doc_section_add(sec, b);
}

static doc_block *image_block(conv *cv, const md_node *img) {
  doc_block *b = doc_block_new(DOC_IMAGE, "caption", img->line);
  const char *url = img->url ? img->url : "";
  if (image_is_remote(url) || url[0] == '/' || !cv->m->dir)
    b->src = xstrdup(url);
  else
    b->src = xasprintf("%s/%s", cv->m->dir, url);
  /* the alt text or nothing: a file name is not a caption */
  b->alt = md_plain_text(img);
  b->max_height = 0.6;
  return b;
}

/* A paragraph may hold images between text: split it into text
 * paragraphs and image blocks, in order. */
static void convert_paragraph(conv *cv, const md_node *n, doc_block *into,
                              doc_section *sec, const char *style) {
  doc_text t = {0};
  int line = n->line;
  for (const md_node *c = n->first; c; c = c->next) {
    if (c->type == MD_IMAGE ||
        (c->type == MD_LINK && c->first && c->first == c->last &&
         c->first->type == MD_IMAGE)) {
      text_rtrim(&t);
      if (text_len(&t)) {
        doc_block *p = doc_block_new(DOC_PARA, style, line);
        p->text = t;
        memset(&t, 0, sizeof t);
        emit(into, sec, p);
      } else {
        doc_text_free(&t);
      }
      emit(into, sec, image_block(cv, c->type == MD_IMAGE ? c : c->first));
      continue;
    }
    /* one inline node at a time, reusing the inline converter */
    md_node tmp = *c;
    md_node holder = {0};
    tmp.next = tmp.prev = NULL;
    holder.first = holder.last = &tmp;
    if (c->type == MD_SOFTBREAK && !text_len(&t))
      continue;
    inline_to_text(&holder, &t, 0, NULL);
  }
  text_rtrim(&t);
  /* drop leading newlines left after an image */
  if (text_len(&t)) {
    size_t skip = 0;
    while (t.text[skip] == '\n' || t.text[skip] == ' ')
      skip++;
    if (skip) {
      memmove(t.text, t.text + skip, strlen(t.text + skip) + 1);
      for (size_t i = 0; i < t.n_spans; i++) {
        t.spans[i].start = t.spans[i].start > skip ? t.spans[i].start - skip : 0;
        t.spans[i].end = t.spans[i].end > skip ? t.spans[i].end - skip : 0;
      }
    }
  }
  if (text_len(&t)) {
    doc_block *p = doc_block_new(DOC_PARA, style, line);
    p->text = t;
    emit(into, sec, p);
  } else {
    doc_text_free(&t);
  }
}

static void convert_table(const md_node *n, doc_block *into, doc_section *sec) {
  size_t rows = 0, cols = (size_t)(n->n_cols > 0 ? n->n_cols : 0);
  for (const md_node *r = n->first; r; r = r->next) {
    rows++;
    size_t c = 0;
    for (const md_node *cell = r->first; cell; cell = cell->next)
      c++;
    if (c > cols)
      cols = c;
  }
  if (!rows || !cols)
    return;
  doc_block *b = doc_block_new(DOC_TABLE, "table", n->line);
  b->n_rows = rows, b->n_cols = cols;
  b->cells = xcalloc(rows * cols, sizeof *b->cells);
  b->aligns = xcalloc(cols + 1, 1);
  size_t ri = 0;
  for (const md_node *r = n->first; r; r = r->next, ri++) {
    if (r->header && ri == b->header_rows)
      b->header_rows++;
    size_t ci = 0;
    for (const md_node *cell = r->first; cell; cell = cell->next, ci++) {
      inline_to_text(cell, &b->cells[ri * cols + ci], 0, NULL);
      text_rtrim(&b->cells[ri * cols + ci]);
      if (ri == 0)
        b->aligns[ci] = cell->align;
    }
  }
  emit(into, sec, b);
}

static void convert_list(conv *cv, const md_node *n, doc_block *into,
                         doc_section *sec, int depth) {
  doc_block *list = doc_block_new(DOC_LIST, "list", n->line);
  list->level = depth;
  int num = n->start ? n->start : 1;
  static const char *bullets[] = {"•", "◦", "▪"};
  for (const md_node *it = n->first; it; it = it->next) {
    doc_block *item = doc_block_new(DOC_ITEM, "list", it->line);
    item->marker = n->ordered ? xasprintf("%d.", num++)
                              : xstrdup(bullets[depth % 3]);
    for (const md_node *c = it->first; c; c = c->next)
      convert_block(cv, c, item, sec, "list", depth + 1);
    doc_block_add(list, item);
  }
  emit(into, sec, list);
}

static void convert_block(conv *cv, const md_node *n, doc_block *into,
                          doc_section *sec, const char *para_style, int depth) {
  switch (n->type) {
  case MD_HEADING: {
    char style[4] = {'h', (char)('0' + (n->level < 1 ? 1 : n->level > 6 ? 6 : n->level)), 0};
    doc_block *b = doc_block_new(DOC_HEADING, style, n->line);
    inline_to_text(n, &b->text, 0, NULL);
    text_rtrim(&b->text);
    b->level = n->level;
    b->anchor = xasprintf("h%d", ++cv->heading_no);
    b->outline = n->level <= 3;
    if (!text_len(&b->text)) {
      doc_block_free(b);
      return;
    }
    emit(into, sec, b);
    break;
  }
  case MD_PARAGRAPH:
    convert_paragraph(cv, n, into, sec, para_style);
    break;
  case MD_LIST:
    convert_list(cv, n, into, sec, depth);
    break;
  case MD_ITEM:
    for (const md_node *c = n->first; c; c = c->next)
      convert_block(cv, c, into, sec, para_style, depth);
    break;
  case MD_BLOCKQUOTE: {
    doc_block *q = doc_block_new(DOC_QUOTE, "quote", n->line);
    q->level = depth;
    for (const md_node *c = n->first; c; c = c->next)
      convert_block(cv, c, q, sec, "quote", depth + 1);
    emit(into, sec, q);
    break;
  }
  case MD_CODE_BLOCK: {
    doc_block *b = doc_block_new(DOC_CODE_BLOCK, "code", n->line);
    doc_text_append(&b->text, n->text ? n->text : "", 0, NULL);
    text_rtrim(&b->text);
    emit(into, sec, b);
    break;
  }
  case MD_HTML_BLOCK: {
    doc_block *b = doc_block_new(DOC_PARA, para_style, n->line);
    append_html_text(&b->text, n->text ? n->text : "", 0);
    char *trimmed = util_trim(b->text.text ? b->text.text : "");
    int empty = !*trimmed;
    free(trimmed);
    if (empty)
      doc_block_free(b);
    else
      emit(into, sec, b);
    break;
  }
  case MD_THEMATIC_BREAK:
    emit(into, sec, doc_block_new(DOC_RULE, "body", n->line));
    break;
  case MD_TABLE:
    convert_table(n, into, sec);
    break;
  default:
    /* an unexpected node: keep its text */
    if (n->first) {
      doc_block *b = doc_block_new(DOC_PARA, para_style, n->line);
      inline_to_text(n, &b->text, 0, NULL);
      if (text_len(&b->text))
        emit(into, sec, b);
      else
        doc_block_free(b);
    }
    break;
  }
}

/* ---- sections ------------------------------------------------------------------- */

static doc_section *new_section(document *d, const char *kind,
                                const char *title) {
  d->sections = xrealloc(d->sections, (d->n_sections + 1) * sizeof *d->sections);
  doc_section *s = &d->sections[d->n_sections++];
  memset(s, 0, sizeof *s);
  s->kind = xstrdup(kind);
  s->title = xstrdup(title);
  s->anchor = xasprintf("sec-%s", kind);
  s->new_page = 1;
  return s;
}

doc_block *doc_para(const char *style, const char *text, unsigned flags,
                       const char *url) {
  doc_block *b = doc_block_new(DOC_PARA, style, 0);
  doc_text_append(&b->text, text, flags, url);
  return b;
}

static char *resolve_src(const model *m, const char *url);
static int name_like(const char *s);

/* An accent rule `w` wide (fraction of the frame) and `thick` pt, aligned
 * as style. */
static doc_block *accent_rule(const char *style, double w, double thick) {
  doc_block *r = doc_block_new(DOC_RULE, style, 0);
  r->height = thick;
  r->max_height = w;
  return r;
}

/* The logo of the page's organizer: a sponsor whose tier names the
 * organizer (主办, Organizer, Host) and who has a logo; or NULL. */
static const model_sponsor *organizer_logo(const model *m) {
  static const char *const cues[] = {"主办", "organiz", "organis", "host",
                                     NULL};
  for (size_t i = 0; i < m->n_sponsors; i++) {
    const model_sponsor *sp = &m->sponsors[i];
    if (!sp->logo || !sp->tier)
      continue;
    for (size_t k = 0; cues[k]; k++)
      if (strcasestr(sp->tier, cues[k]))
        return sp;
  }
  return NULL;
}

/* The layout's word for key (see layout_label_keys). */
static const char *tr(const conv *cv, const char *key) {
  return layout_label(cv->l, key);
}

/* The cover: the cover image (a band across the top, or framed) or, with
 * none, an accent band; the kicker (organizer or series), the title set
 * large, an accent rule, when and where, the description; the organizer
 * (its logo when the page names one) at the foot.  An image that cannot
 * be drawn leaves the accent band, never an empty frame (flow). */
static void build_cover(conv *cv, document *d, const layout *l) {
  const model *m = cv->m;
  const model_event *e = &m->event;
  doc_section *s = new_section(d, "cover", NULL);
  s->plain = 1;
  if (e->cover_image) {
    md_node img = {0};
    img.type = MD_IMAGE;
    img.url = e->cover_image;
    img.line = e->line;
    doc_block *b = image_block(cv, &img);
    free(b->alt);
    b->alt = xstrdup(e->title);
    b->max_height = 0.38;
    free(b->style);
    b->style = xstrdup("cover-image");
    doc_section_add(s, b);
    doc_block *sp = doc_block_new(DOC_SPACE, "body", 0);
    sp->height = 18;
    doc_section_add(s, sp);
  } else if (l->cover_bleed) {
    doc_block *band = doc_block_new(DOC_BAND, "cover-image", e->line);
    band->max_height = 0.035; /* an accent band, no image */
    doc_section_add(s, band);
  }
  doc_section_add(s, doc_block_new(DOC_FILL, "body", 0));
  const char *org = print_organizer(m);
  if (e->kicker || org) {
    char *k = e->kicker && org
                  ? xasprintf("%s%s%s", e->kicker, tr(cv, "meta_sep"), org)
                  : xstrdup(e->kicker ? e->kicker : org);
    doc_section_add(s, doc_para("cover-kicker", k, 0, NULL));
    free(k);
  }
  doc_section_add(s, doc_para("cover-title", e->title, 0, NULL));
  if (e->subtitle)
    doc_section_add(s, doc_para("cover-subtitle", e->subtitle, 0, NULL));
  doc_section_add(s, accent_rule("cover-meta", 0.12, 2.5));
  doc_block *meta = doc_block_new(DOC_PARA, "cover-meta", e->line);
  char *when = print_when(m), *where = print_where(m, cv->l);
  if (when)
    doc_text_append(&meta->text, when, DOC_BOLD, NULL);
  if (where) {
    if (text_len(&meta->text))
      doc_text_append(&meta->text, "\n", 0, NULL);
    doc_text_append(&meta->text, where, 0, NULL);
  }
  free(when), free(where);
  const struct {
    const char *label, *value;
    int link;
  } rows[] = {
      {"fee", e->fee, 0},
      {"register", e->registration, 1},
      {"live", e->live, 1},
      {"replay", e->replay, 1},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    if (!rows[i].value)
      continue;
    if (text_len(&meta->text))
      doc_text_append(&meta->text, "\n", 0, NULL);
    doc_text_append(&meta->text, layout_label(cv->l, rows[i].label), DOC_BOLD,
                    NULL);
    doc_text_append(&meta->text, layout_label(cv->l, "colon"), DOC_BOLD, NULL);
    doc_text_append(&meta->text, rows[i].value, rows[i].link ? DOC_LINK : 0,
                    rows[i].link ? rows[i].value : NULL);
  }
  if (text_len(&meta->text))
    doc_section_add(s, meta);
  else
    doc_block_free(meta);
  if (e->description && !e->description_off_cover)
    doc_section_add(s, doc_para("cover-description", e->description, 0, NULL));
  doc_section_add(s, doc_block_new(DOC_FILL, "body", 0));
  const model_sponsor *logo = organizer_logo(m);
  if (logo) {
    doc_block *b = doc_block_new(DOC_IMAGE, "cover-logo", logo->line);
    b->src = resolve_src(m, logo->logo);
    b->alt = xstrdup(logo->name);
    b->max_height = 0.06;
    doc_section_add(s, b);
  }
}

/* 1 when b is one of blocks[0..n). */
static int among(const md_node *const *blocks, size_t n, const md_node *b) {
  for (size_t i = 0; i < n; i++)
    if (blocks[i] == b)
      return 1;
  return 0;
}

/* A heading the model names as the title of a program section is
 * printed as that section's title, not again among the prose, and the
 * other prose of the sponsors section is printed with the sponsors — but
 * only when that section is printed. */
static int taken_heading(conv *cv, const md_node *b) {
  const model *m = cv->m;
  return b && ((b == m->agenda_heading && m->n_agenda) ||
               (b == m->talks_heading && m->n_talks) ||
               (cv->sponsors_out &&
                (b == m->sponsors_heading ||
                 among(m->sponsors_intro, m->n_sponsors_intro, b) ||
                 among(m->sponsors_outro, m->n_sponsors_outro, b))));
}

static void add_blocks(conv *cv, doc_section *s, const md_node *const *blocks,
                       size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!taken_heading(cv, blocks[i]))
      convert_block(cv, blocks[i], NULL, s, "body", 0);
}

/* 1 when blocks hold more than headings (and comments, printed nowhere):
 * headings alone head nothing (what
 * they headed went into the agenda or the talks, and flow places no
 * heading at a section's end), so they make no About of their own. */
static int headed_text(const md_node *const *blocks, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const md_node *b = blocks[i];
    const char *t = b->type == MD_HTML_BLOCK && b->text ? b->text : "";
    t += strspn(t, " \t\r\n");
    const char *close = strstr(t, "-->");
    int comment = !strncmp(t, "<!--", 4) && close &&
                  !close[3 + strspn(close + 3, " \t\r\n")];
    if (b->type != MD_HEADING && !comment)
      return 1;
  }
  return 0;
}

/* Title of a section: the page's own heading when it has one. Caller
 * frees. */
static char *heading_title(const md_node *h, const char *fallback) {
  if (h) {
    char *t = md_plain_text(h);
    char *r = util_trim(t);
    free(t);
    if (*r)
      return r;
    free(r);
  }
  return xstrdup(fallback);
}

static const char *section_title(const layout *l, const char *kind);

/* ---- program sections from the event model ------------------------------------ */

static char *resolve_src(const model *m, const char *url) {
  if (!url)
    return NULL;
  if (image_is_remote(url) || url[0] == '/' || !m->dir)
    return xstrdup(url);
  return xasprintf("%s/%s", m->dir, url);
}

/* "Name（alias）· designation" for speaker i (print_designation: with
 * the role the agenda gives). */
static void speaker_line(const conv *cv, doc_text *t, size_t i) {
  const model *m = cv->m;
  const model_speaker *sp = &m->speakers[i];
  doc_text_append(t, sp->name, DOC_BOLD, NULL);
  if (sp->alias) {
    doc_text_append(t, tr(cv, "paren_open"), DOC_BOLD, NULL);
    doc_text_append(t, sp->alias, DOC_BOLD, NULL);
    doc_text_append(t, tr(cv, "paren_close"), DOC_BOLD, NULL);
  }
  char *des = print_designation(m, i);
  if (des) {
    doc_text_append(t, tr(cv, "meta_sep"), 0, NULL);
    doc_text_append(t, des, 0, NULL);
  }
  free(des);
}

/* The agenda's header line: the day, time and place ("2019年12月28日 周六
 * 13:30–17:30 · 杭州西溪谷 G 座"). */
static void agenda_meta(doc_section *s, const model_event *e,
                        const layout *l) {
  char *when = event_print_when(e), *place = event_print_place(e, l);
  if (when || place) {
    char *t = when && place
                  ? xasprintf("%s%s%s", when, layout_label(l, "meta_sep"), place)
                  : xstrdup(when ? when : place);
    doc_section_add(s, doc_para("agenda-meta", t, 0, NULL));
    free(t);
  }
  free(when), free(place);
}

static void build_agenda(conv *cv, document *d, const layout *l) {
  const model *m = cv->m;
  if (!m->n_agenda)
    return;
  char *title = heading_title(m->agenda_heading, section_title(l, "agenda"));
  doc_section *s = new_section(d, "agenda", title);
  free(title);
  agenda_meta(s, &m->event, l);
  print_agenda(s, m, l, 0, 0);
}

/* 1 when talk i says nothing its agenda row does not (a title, a time,
 * speakers, and no abstract, outline, takeaways, links or other text):
 * the agenda prints it, a page of its own would print it again, empty. */
static int talk_in_agenda_only(const model *m, size_t i) {
  const model_talk *t = &m->talks[i];
  if (t->n_abstract || t->n_outline || t->n_takeaways || t->n_extra ||
      t->n_links)
    return 0;
  for (size_t r = 0; r < m->n_agenda; r++)
    if (m->agenda[r].talk == (int)i)
      return 1;
  return 0;
}

/* 1 when two texts, either NULL, are the same. */
static int same_text(const char *a, const char *b) {
  return a == b || (a && b && !strcmp(a, b));
}

/* The days and themes the page groups its talks under: a heading over the
 * first talk of each (the day when the talks fall on two or more days;
 * the extraction keeps a theme only when there are two or more).  *day
 * and *part are the ones printed last; a rule closing the talk before
 * gives way to the heading. */
static void talk_part(conv *cv, doc_section *s, const model_talk *t,
                      int days, const char **day, const char **part) {
  const char *heads[2] = {NULL, NULL};
  if (days && t->day && !same_text(t->day, *day)) {
    heads[0] = *day = t->day;
    *part = NULL;
  }
  if (t->part && !same_text(t->part, *part))
    heads[1] = *part = t->part;
  for (int k = 0; k < 2; k++) {
    if (!heads[k])
      continue;
    if (s->n_blocks && s->blocks[s->n_blocks - 1]->kind == DOC_RULE)
      doc_block_free(s->blocks[--s->n_blocks]);
    doc_block *h = doc_block_new(DOC_HEADING, "talk-part", t->line);
    doc_text_append(&h->text, heads[k], 0, NULL);
    h->level = 2;
    h->anchor = xasprintf("part-%d-%d", k, cv->heading_no++);
    doc_section_add(s, h);
  }
}

/* 1 when the printed talks fall on two or more days. */
static int talk_days(const model *m) {
  const char *first = NULL;
  for (size_t i = 0; i < m->n_talks; i++) {
    const char *d = m->talks[i].day;
    if (!d || talk_in_agenda_only(m, i))
      continue;
    if (first && strcmp(first, d))
      return 1;
    first = d;
  }
  return 0;
}

static void build_talks(conv *cv, document *d) {
  const model *m = cv->m;
  size_t shown = 0;
  for (size_t i = 0; i < m->n_talks; i++)
    shown += !talk_in_agenda_only(m, i);
  if (!shown)
    return;
  char *stitle = heading_title(m->talks_heading, section_title(cv->l, "talks"));
  doc_section *s = new_section(d, "talks", stitle);
  free(stitle);
  int number = 0, days = talk_days(m);
  size_t done = 0;
  const char *day = NULL, *part = NULL;
  for (size_t i = 0; i < m->n_talks; i++) {
    const model_talk *t = &m->talks[i];
    if (talk_in_agenda_only(m, i))
      continue;
    done++;
    talk_part(cv, s, t, days, &day, &part);
    doc_block *head = doc_block_new(DOC_GROUP, "body", t->line);
    doc_block *kick = doc_block_new(DOC_PARA, "talk-kicker", t->line);
    if (t->kind == MODEL_PANEL)
      doc_text_append(&kick->text, tr(cv, "panel"), 0, NULL);
    else if (t->kind == MODEL_KEYNOTE)
      doc_text_append(&kick->text, tr(cv, "keynote"), 0, NULL);
    else if (t->kind == MODEL_BREAK)
      doc_text_append(&kick->text, tr(cv, "break"), 0, NULL);
    else if (t->title_prefix && *t->title_prefix) {
      ++number; /* the page's own numbering, as written */
      doc_text_append(&kick->text, t->title_prefix, 0, NULL);
    } else {
      char *n = layout_label_n(cv->l, "talk_number", ++number);
      doc_text_append(&kick->text, n, 0, NULL);
      free(n);
    }
    if (t->time && *t->time) {
      doc_text_append(&kick->text, "  ·  ", 0, NULL);
      if (t->labels.time) {
        doc_text_append(&kick->text, t->labels.time, 0, NULL);
        doc_text_append(&kick->text, tr(cv, "colon"), 0, NULL);
      }
      doc_text_append(&kick->text, t->time, 0, NULL);
    }
    doc_block_add(head, kick);
    doc_block *title = doc_block_new(DOC_HEADING, "talk-title", t->line);
    doc_text_append(&title->text, t->title, 0, NULL);
    title->level = 2;
    title->anchor = xasprintf("talk-%zu", i + 1);
    title->outline = 1;
    doc_block_add(head, title);
    if (t->n_speakers) {
      doc_block *sp = doc_block_new(DOC_PARA, "talk-speaker", t->line);
      for (size_t k = 0; k < t->n_speakers; k++) {
        if (k)
          doc_text_append(&sp->text, "\n", 0, NULL);
        if (k == 0 && t->labels.speaker) {
          doc_text_append(&sp->text, t->labels.speaker, 0, NULL);
          doc_text_append(&sp->text, tr(cv, "colon"), 0, NULL);
        }
        speaker_line(cv, &sp->text, t->speakers[k]);
      }
      doc_block_add(head, sp);
    }
    doc_section_add(s, head);
    if (t->labels.abstract && t->n_abstract)
      doc_section_add(s, doc_para("talk-label", t->labels.abstract, 0, NULL));
    for (size_t k = 0; k < t->n_abstract; k++)
      convert_block(cv, t->abstract[k], NULL, s, "body", 0);
    if (t->n_outline) {
      doc_section_add(s, doc_para("talk-label",
                          t->labels.outline ? t->labels.outline
                                            : tr(cv, "outline"),
                          0, NULL));
      for (size_t k = 0; k < t->n_outline; k++)
        convert_block(cv, t->outline[k], NULL, s, "body", 0);
    }
    if (t->n_takeaways) {
      doc_section_add(s, doc_para("talk-label",
                          t->labels.takeaways
                              ? t->labels.takeaways
                              : tr(cv, "takeaways"),
                          0, NULL));
      doc_block *list = doc_block_new(DOC_LIST, "list", t->line);
      for (size_t k = 0; k < t->n_takeaways; k++) {
        doc_block *item = doc_block_new(DOC_ITEM, "list", t->line);
        item->marker = xasprintf("%zu.", k + 1);
        doc_block_add(item, doc_para("list", t->takeaways[k], 0, NULL));
        doc_block_add(list, item);
      }
      doc_section_add(s, list);
    }
    for (size_t k = 0; k < t->n_extra; k++)
      convert_block(cv, t->extra[k], NULL, s, "body", 0);
    if (t->n_links) {
      if (t->labels.links)
        doc_section_add(s, doc_para("talk-label", t->labels.links, 0, NULL));
      doc_block *p = doc_block_new(DOC_PARA, "talk-links", t->line);
      for (size_t k = 0; k < t->n_links; k++) {
        if (k)
          doc_text_append(&p->text, "\n", 0, NULL);
        if (t->links[k].label && *t->links[k].label) {
          doc_text_append(&p->text, t->links[k].label, DOC_BOLD, NULL);
          doc_text_append(&p->text, tr(cv, "colon"), DOC_BOLD, NULL);
        }
        doc_text_append(&p->text, t->links[k].url, DOC_LINK, t->links[k].url);
      }
      doc_section_add(s, p);
    }
    if (done < shown)
      doc_section_add(s, doc_block_new(DOC_RULE, "body", 0));
  }
}

static void build_speakers(conv *cv, document *d, const layout *l) {
  const model *m = cv->m;
  if (!m->n_speakers)
    return;
  char *title =
      heading_title(m->speakers_heading, section_title(cv->l, "speakers"));
  doc_section *s = new_section(d, "speakers", title);
  free(title);
  const layout_style *body = layout_style_get(l, "body");
  for (size_t i = 0; i < m->n_speakers; i++) {
    const model_speaker *sp = &m->speakers[i];
    doc_block *card = doc_block_new(DOC_CARD, "body", sp->line);
    card->src = resolve_src(m, sp->photo);
    card->alt = xstrdup(sp->name);
    card->height = 5.2 * body->size;
    doc_block *name = doc_block_new(DOC_PARA, "speaker-name", sp->line);
    doc_text_append(&name->text, sp->name, 0, NULL);
    if (sp->alias) {
      doc_text_append(&name->text, tr(cv, "paren_open"), 0, NULL);
      doc_text_append(&name->text, sp->alias, 0, NULL);
      doc_text_append(&name->text, tr(cv, "paren_close"), 0, NULL);
    }
    doc_block_add(card, name);
    char *des = print_designation(m, i);
    if (des)
      doc_block_add(card, doc_para("speaker-meta", des, 0, NULL));
    free(des);
    if (sp->bio && *sp->bio) {
      /* the page's own bio cue ("讲师简介") from a talk of this speaker */
      const char *label = NULL;
      for (size_t t = 0; t < m->n_talks && !label; t++)
        for (size_t k = 0; k < m->talks[t].n_speakers; k++)
          if (m->talks[t].speakers[k] == i && m->talks[t].labels.bio) {
            label = m->talks[t].labels.bio;
            break;
          }
      doc_block *bio = doc_block_new(DOC_PARA, "speaker-bio", sp->line);
      if (label) {
        doc_text_append(&bio->text, label, DOC_BOLD, NULL);
        doc_text_append(&bio->text, tr(cv, "colon"), DOC_BOLD, NULL);
      }
      /* a bio written in Markdown: its own blocks, then any more text */
      const char *rest = sp->bio + (sp->n_bio_md ? sp->bio_md_len : 0);
      rest += strspn(rest, "\n");
      if (sp->n_bio_md && label)
        doc_block_add(card, bio), bio = NULL;
      for (size_t k = 0; k < sp->n_bio_md; k++)
        convert_block(cv, sp->bio_md[k], card, s, "speaker-bio", 0);
      if (*rest && !bio)
        bio = doc_block_new(DOC_PARA, "speaker-bio", sp->line);
      if (*rest)
        doc_text_append(&bio->text, rest, 0, NULL);
      if (bio && text_len(&bio->text))
        doc_block_add(card, bio);
      else
        doc_block_free(bio);
    }
    doc_section_add(s, card);
  }
}

/* 1 when a sponsor line reads as a name that fits a grid cell ("杭州开源
 * 咖啡馆", "Cloud Native Computing Foundation"), not a thanks line with a
 * description ("Acme — venue and coffee", "银杏大厦 免费提供场地"):
 * short, on one line, without clause punctuation. */
static int name_like(const char *s) {
  static const char *const seps[] = {"—", "–", " - ", "：", ": ", "，", ", ",
                                     "、", "；", "; ", "。", "！", "？", "\n"};
  for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
    if (strstr(s, seps[i]))
      return 0;
  size_t width = 0, k; /* Han and full-width characters count two */
  for (size_t i = 0, n = strlen(s); i < n; i += k)
    width += utf8_decode(s + i, n - i, &k) >= 0x2E80 ? 2 : 1;
  return width <= 36;
}

/* A cell of the logo grid: the logo with the name under it, or the name
 * alone, set large. */
static doc_block *logo_cell(const model *m, const model_sponsor *sp) {
  doc_block *c =
      doc_block_new(sp->logo ? DOC_IMAGE : DOC_PARA,
                sp->logo ? "sponsor-name" : "sponsor-text", sp->line);
  doc_text_append(&c->text, sp->name, 0, NULL);
  c->url = xstrdup(sp->url);
  if (sp->logo) {
    c->src = resolve_src(m, sp->logo);
    c->alt = xstrdup(sp->name);
  }
  return c;
}

/* The sponsors idx[0..n) of one tier, in the order the page gives them:
 * the tier's name as a small heading, a grid of those with a logo and of
 * the names that fit a cell, then a list of the other lines.  A tier
 * without any logo stays a list. */
static void sponsor_tier(conv *cv, doc_section *s, const layout *l,
                         const size_t *idx, size_t n) {
  const model *m = cv->m;
  int logos = 0;
  for (size_t k = 0; k < n; k++)
    logos |= m->sponsors[idx[k]].logo != NULL;
  doc_block *grid = NULL, *list = NULL;
  for (size_t k = 0; k < n; k++) {
    const model_sponsor *sp = &m->sponsors[idx[k]];
    if (!*sp->name && !sp->logo)
      continue;
    if (logos && (sp->logo || name_like(sp->name))) {
      if (!grid) {
        grid = doc_block_new(DOC_LOGOS, "sponsor-name", sp->line);
        grid->n_cols =
            (size_t)(l->sponsor_columns > 0 ? l->sponsor_columns : 3);
        grid->height = l->sponsor_logo_h;
      }
      doc_block_add(grid, logo_cell(m, sp));
      continue;
    }
    if (!list)
      list = doc_block_new(DOC_LIST, "list", sp->line);
    doc_block *item = doc_block_new(DOC_ITEM, "list", sp->line);
    item->marker = xstrdup("•");
    if (sp->block) /* as the page wrote it: its emphasis, its links */
      convert_block(cv, sp->block, item, s, "list", 1);
    else
      doc_block_add(item, doc_para("list", sp->name, sp->url ? DOC_LINK : 0, sp->url));
    doc_block_add(list, item);
  }
  const char *tier = n ? m->sponsors[idx[0]].tier : NULL;
  if (tier && (grid || list)) {
    doc_block *h =
        doc_block_new(DOC_HEADING, "sponsor-tier", (grid ? grid : list)->line);
    doc_text_append(&h->text, tier, 0, NULL);
    h->level = 3;
    doc_section_add(s, h);
  }
  doc_section_add(s, grid);
  doc_section_add(s, list);
}

/* 1 when two tiers are the same (NULL: no tier). */
static int same_tier(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* A sponsor's place when grouping by tier: its tier, its index, and the
 * index of the first sponsor of its tier. */
typedef struct tier_ref {
  const char *tier; /* NULL: no tier */
  size_t i;         /* index into model.sponsors */
  size_t first;     /* first index of the same tier */
} tier_ref;

/* By tier (no tier first), then by index. */
static int by_tier(const void *a, const void *b) {
  const tier_ref *x = a, *y = b;
  int c = !x->tier   ? (y->tier ? -1 : 0)
          : !y->tier ? 1
                     : strcmp(x->tier, y->tier);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* By the tier's first appearance, then by index. */
static int by_first(const void *a, const void *b) {
  const tier_ref *x = a, *y = b;
  if (x->first != y->first)
    return (x->first > y->first) - (x->first < y->first);
  return (x->i > y->i) - (x->i < y->i);
}

static void build_sponsors(conv *cv, document *d, const layout *l) {
  const model *m = cv->m;
  if (!m->n_sponsors)
    return;
  char *stitle = heading_title(m->sponsors_heading,
                               section_title(cv->l, "sponsors"));
  doc_section *s = new_section(d, "sponsors", stitle);
  free(stitle);
  /* the section's own lines before the sponsors */
  for (size_t i = 0; i < m->n_sponsors_intro; i++)
    convert_block(cv, m->sponsors_intro[i], NULL, s, "body", 0);
  /* the tiers in the order they first appear, each sponsor in its own */
  size_t n = m->n_sponsors;
  tier_ref *r = xcalloc(n, sizeof *r);
  for (size_t i = 0; i < n; i++)
    r[i] = (tier_ref){m->sponsors[i].tier, i, i};
  qsort(r, n, sizeof *r, by_tier);
  for (size_t i = 1; i < n; i++)
    if (same_tier(r[i].tier, r[i - 1].tier))
      r[i].first = r[i - 1].first;
  qsort(r, n, sizeof *r, by_first);
  size_t *idx = xcalloc(n, sizeof *idx);
  for (size_t i = 0; i < n; i++)
    idx[i] = r[i].i;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && r[j].first == r[i].first; j++)
      ;
    sponsor_tier(cv, s, l, idx + i, j - i);
  }
  free(idx), free(r);
  for (size_t i = 0; i < m->n_sponsors_outro; i++)
    convert_block(cv, m->sponsors_outro[i], NULL, s, "body", 0);
}

/* 1 when a sponsor is named by a name alone: one with a logo, a tier or
 * from the front matter, short, and without a space between two Han
 * characters (such a space parts a name from what it did: "银杏大厦 免费
 * 提供场地"; one beside a Latin word does not: "成都 Rust 用户组"). */
static int sponsor_named(const model_sponsor *sp) {
  if (!*sp->name || !name_like(sp->name) ||
      (!sp->logo && !sp->tier && sp->block))
    return 0;
  const char *s = sp->name;
  size_t k, n = strlen(s);
  uint32_t prev = 0;
  for (size_t i = 0; i < n; i += k) {
    uint32_t c = utf8_decode(s + i, n - i, &k);
    if (c == ' ' && utf8_is_han(prev)) {
      size_t j = i, kk = 1;
      while (j < n && s[j] == ' ')
        j++;
      if (j < n && utf8_is_han(utf8_decode(s + j, n - j, &kk)))
        return 0;
    }
    prev = c;
  }
  return 1;
}

/* The back cover, the booklet's outside back page (never a running head
 * or folio): the event's name, when and where, the codes of the
 * registration, live stream and replay addresses (from the front matter
 * or the page's text; print_back turns the lines into QR codes), the
 * organizer and the sponsors' names.  Without links it is the same page,
 * typographic. */
static void build_back(conv *cv, document *d) {
  const model *m = cv->m;
  const model_event *e = &m->event;
  doc_section *s = new_section(d, "back", NULL);
  s->plain = 1;
  doc_section_add(s, doc_block_new(DOC_FILL, "body", 0));
  doc_section_add(s, doc_para("back-title", e->title, 0, NULL));
  char *when = print_when(m), *where = print_where(m, cv->l);
  if (when)
    doc_section_add(s, doc_para("back-meta", when, DOC_BOLD, NULL));
  if (where)
    doc_section_add(s, doc_para("back-meta", where, 0, NULL));
  free(when), free(where);
  doc_section_add(s, accent_rule("back", 0.12, 1.5));
  for (int k = PRINT_REGISTRATION; k <= PRINT_REPLAY; k++) {
    const char *url = print_link(m, (print_link_kind)k);
    if (!url)
      continue;
    doc_block *p = doc_block_new(DOC_PARA, "back", 0);
    doc_text_append(&p->text, print_link_label(cv->l, (print_link_kind)k),
                    DOC_BOLD, NULL);
    doc_text_append(&p->text, "\n", 0, NULL);
    doc_text_append(&p->text, url, DOC_LINK, url);
    doc_section_add(s, p);
  }
  doc_section_add(s, doc_block_new(DOC_FILL, "body", 0));
  const char *org = print_organizer(m);
  if (org) {
    doc_block *p = doc_block_new(DOC_PARA, "back", 0);
    doc_text_append(&p->text, tr(cv, "organizer"), DOC_BOLD, NULL);
    doc_text_append(&p->text, tr(cv, "colon"), DOC_BOLD, NULL);
    doc_text_append(&p->text, org, 0, NULL);
    doc_section_add(s, p);
  }
  /* the sponsors by name, in the order the page gives them */
  strbuf names = {0};
  for (size_t i = 0; i < m->n_sponsors; i++) {
    const char *n = m->sponsors[i].name;
    if (!sponsor_named(&m->sponsors[i]) || (org && !strcmp(n, org)))
      continue;
    sb_addf(&names, "%s%s", names.len ? tr(cv, "meta_sep") : "", n);
  }
  if (names.len) {
    doc_block *p = doc_block_new(DOC_PARA, "back", 0);
    doc_text_append(&p->text, tr(cv, "thanks"), DOC_BOLD, NULL);
    doc_text_append(&p->text, "\n", 0, NULL);
    doc_text_append(&p->text, names.s, 0, NULL);
    doc_section_add(s, p);
  }
  sb_free(&names);
}

/* The contents: one entry per titled section, talks and top headings of
 * an untitled body below it.  Page numbers are filled in by
 * flow once the pages are known (flow_trail). */
static void build_contents(document *d, size_t at, const layout *l) {
  doc_section sec = {0};
  sec.kind = xstrdup("contents");
  sec.title = xstrdup(section_title(l, "contents"));
  sec.anchor = xstrdup("sec-contents");
  sec.new_page = 1;
  size_t entries = 0;
  for (size_t i = 0; i < d->n_sections; i++) {
    doc_section *s = &d->sections[i];
    if (s->plain)
      continue;
    if (s->title) {
      doc_block *e = doc_para("contents-entry", s->title, DOC_LINK, NULL);
      e->text.spans[0].url = xasprintf("#%s", s->anchor);
      e->anchor = xstrdup(s->anchor);
      e->trail = xstrdup("000");
      doc_section_add(&sec, e);
      entries++;
    }
    for (size_t k = 0; k < s->n_blocks; k++) {
      const doc_block *b = s->blocks[k];
      const doc_block *h = b;
      if (b->kind == DOC_GROUP)
        for (size_t c = 0; c < b->n_children; c++)
          if (b->children[c]->kind == DOC_HEADING)
            h = b->children[c];
      if (h->kind != DOC_HEADING || !h->anchor || !h->outline)
        continue;
      if (s->title && strcmp(s->kind, "talks"))
        continue; /* only talks are listed under a titled section */
      if (!s->title && h->level > 2)
        continue;
      doc_block *e = doc_para("contents-sub", h->text.text, DOC_LINK, NULL);
      e->text.spans[0].url = xasprintf("#%s", h->anchor);
      e->anchor = xstrdup(h->anchor);
      e->trail = xstrdup("000");
      doc_section_add(&sec, e);
      entries++;
    }
  }
  if (entries < 3) { /* a contents page for two entries is noise */
    for (size_t k = 0; k < sec.n_blocks; k++)
      doc_block_free(sec.blocks[k]);
    free(sec.blocks), free(sec.kind), free(sec.title), free(sec.anchor);
    return;
  }
  d->sections = xrealloc(d->sections, (d->n_sections + 1) * sizeof *d->sections);
  memmove(&d->sections[at + 1], &d->sections[at],
          (d->n_sections - at) * sizeof *d->sections);
  d->sections[at] = sec;
  d->n_sections++;
}

/* The title of a section of kind ("contents", "agenda" ...): the
 * layout's label of that name. */
static const char *section_title(const layout *l, const char *kind) {
  return layout_label(l, kind);
}

static char *resolve_fields(const char *tmpl, const model *m,
                            const layout *l) {
  strbuf b = {0};
  for (const char *p = tmpl; *p;) {
    if (*p == '{') {
      const char *e = strchr(p, '}');
      if (e) {
        size_t n = (size_t)(e - p - 1);
        const char *v = NULL;
        char *own = NULL;
        if (!strncmp(p + 1, "event.title", n) && n == 11)
          v = m->event.title;
        else if (!strncmp(p + 1, "event.short_title", n) && n == 17)
          /* a shorter title for the running head, from the front matter
           * (no event field holds it yet), else the title */
          v = front_str(m->front, "short_title") ? front_str(m->front,
                                                             "short_title")
                                                 : m->event.title;
        else if (!strncmp(p + 1, "event.date", n) && n == 10)
          v = own = event_print_day(&m->event);
        else if (!strncmp(p + 1, "event.location", n) && n == 14)
          v = own = event_print_place(&m->event, l);
        if (v || strncmp(p + 1, "page", n)) {
          sb_add(&b, v ? v : "");
          free(own);
          p = e + 1;
          continue;
        }
      }
    }
    sb_addc(&b, *p++);
  }
  return sb_take(&b);
}

/* The notes page flow repeats to pad the booklet: the layout's word for
 * notes as a section title, then ruled lines to the page foot. */
static doc_section *build_notes_page(conv *cv) {
  doc_section *s = xcalloc(1, sizeof *s);
  s->kind = xstrdup("notes");
  doc_block *h = doc_block_new(DOC_HEADING, "section-title", 0);
  doc_text_append(&h->text, tr(cv, "notes"), 0, NULL);
  doc_section_add(s, h);
  doc_section_add(s, doc_block_new(DOC_NOTES, "body", 0));
  return s;
}

document *document_build(const model *m, const layout *l) {
  document *d = xcalloc(1, sizeof *d);
  conv cv = {.m = m, .l = l};
  for (size_t i = 0; i < l->n_sections && m->n_sponsors; i++)
    cv.sponsors_out |= !strcmp(l->sections[i], "sponsors");
  const model_event *e = &m->event;
  d->title = xstrdup(e->title);
  d->author = xstrdup(e->author ? e->author : e->organizer);
  d->subject = xstrdup(e->description);
  strbuf kw = {0};
  for (size_t i = 0; i < e->n_keywords; i++)
    sb_addf(&kw, "%s%s", i ? ", " : "", e->keywords[i]);
  d->keywords = sb_take(&kw);
  d->creator = xstrdup("booklet " BOOKLET_VERSION);
  d->lang = xstrdup(l->lang && *l->lang ? l->lang : e->lang);
  d->date = xstrdup(e->date);
  d->header_text = resolve_fields(l->header, m, l);
  d->footer = xstrdup(l->footer);
  d->slug_sheet = xstrdup(layout_label(l, "slug_sheet"));
  d->slug_front = xstrdup(layout_label(l, "slug_front"));
  d->slug_back = xstrdup(layout_label(l, "slug_back"));
  d->base_dir = xstrdup(m->dir);
  d->source_path = xstrdup(m->path);

  long contents_at = -1;
  for (size_t i = 0; i < l->n_sections; i++) {
    const char *kind = l->sections[i];
    if (!strcmp(kind, "cover")) {
      build_cover(&cv, d, l);
      print_cover(d, m, l);
    } else if (!strcmp(kind, "contents")) {
      contents_at = (long)d->n_sections;
    } else if (!strcmp(kind, "about") &&
               (headed_text(m->about, m->n_about) || e->description_off_cover)) {
      /* a page that opens with its own heading ("## 活动介绍") has it
       * as the section's title, not printed twice */
      const md_node *first = m->n_about ? m->about[0] : NULL;
      int own = first && first->type == MD_HEADING && first->level <= 3 &&
                !taken_heading(&cv, first);
      char *title = heading_title(own ? first : NULL,
                                  section_title(l, "about"));
      doc_section *s = new_section(d, "about", title);
      free(title);
      if (e->description_off_cover) /* kept, away from the cover's date */
        doc_section_add(s, doc_para("body", e->description, 0, NULL));
      add_blocks(&cv, s, m->about + own, m->n_about - (size_t)own);
    } else if (!strcmp(kind, "agenda")) {
      build_agenda(&cv, d, l);
    } else if (!strcmp(kind, "talks")) {
      build_talks(&cv, d);
      print_talks(d, m, l);
    } else if (!strcmp(kind, "speakers")) {
      build_speakers(&cv, d, l);
    } else if (!strcmp(kind, "sponsors")) {
      build_sponsors(&cv, d, l);
    } else if (!strcmp(kind, "handout")) {
      print_handout(d, m, l);
    } else if (!strcmp(kind, "back")) {
      build_back(&cv, d);
      print_back(d, m, l);
    } else if (!strcmp(kind, "body") && m->n_prose) {
      /* what no extractor claimed: untitled when it is the whole page,
       * "more" after a program */
      doc_section *s = new_section(
          d, "body",
          m->n_talks ? tr(&cv, "more") : NULL);
      add_blocks(&cv, s, m->prose, m->n_prose);
    }
    /* "notes" pages are added by flow when the layout pads the booklet
     * (build_notes_page) */
  }
  /* drop sections that ended with no blocks */
  size_t k = 0;
  for (size_t i = 0; i < d->n_sections; i++) {
    if (d->sections[i].n_blocks) {
      d->sections[k++] = d->sections[i];
    } else {
      free(d->sections[i].kind), free(d->sections[i].title);
      free(d->sections[i].anchor), free(d->sections[i].blocks);
    }
  }
  d->n_sections = k;
  if (contents_at >= 0)
    build_contents(d, (size_t)contents_at > d->n_sections ? d->n_sections
                                                           : (size_t)contents_at,
                   l);
  if (l->pad_to > 1)
    d->notes_page = build_notes_page(&cv);
  /* where each section starts: the covers and the handout on their own
   * pages, the others as the layout says (contents and talks on a new
   * page unless it says otherwise; the rest run on) */
  for (size_t i = 0; i < d->n_sections; i++) {
    doc_section *s = &d->sections[i];
    int own = !strcmp(s->kind, "contents") || !strcmp(s->kind, "talks");
    layout_break brk = layout_section_break(
        l, s->kind, own ? LAYOUT_BREAK_BEFORE : LAYOUT_BREAK_NONE);
    s->new_page = s->plain || brk != LAYOUT_BREAK_NONE;
    s->recto = brk == LAYOUT_BREAK_RECTO;
  }
  return d;
}

static void section_free(doc_section *s) {
  for (size_t k = 0; k < s->n_blocks; k++)
    doc_block_free(s->blocks[k]);
  free(s->blocks), free(s->kind), free(s->title), free(s->anchor);
}

void document_free(document *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->n_sections; i++)
    section_free(&d->sections[i]);
  free(d->sections);
  if (d->notes_page)
    section_free(d->notes_page);
  free(d->notes_page);
  free(d->title), free(d->author), free(d->subject), free(d->keywords);
  free(d->creator), free(d->lang), free(d->date), free(d->header_text);
  free(d->footer), free(d->base_dir), free(d->source_path);
  free(d->slug_sheet), free(d->slug_front), free(d->slug_back);
  free(d);
}
