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

static doc_block *text_blk(const char *style, const char *text,
                           unsigned flags) {
  return doc_para(style, text ? text : "", flags, NULL);
}

/* 1 for a page in Chinese (a designation is organisation, then
 * position). */
static int is_zh(const model *m) {
  return m->event.lang && !strncmp(m->event.lang, "zh", 2);
}

static int is_url(const char *u) {
  return u && (!strncasecmp(u, "https://", 8) || !strncasecmp(u, "http://", 7));
}

/* ---- the event's facts as printed -------------------------------------------- */

char *print_when(const model *m) { return event_print_when(&m->event); }

/* s without spaces.  Caller frees. */
static char *unspaced(const char *s) {
  char *r = xstrdup(s), *o = r;
  for (const char *p = s; *p; p++)
    if (*p != ' ')
      *o++ = *p;
  *o = 0;
  return r;
}

/* 1 when every piece of place ("成都 · 天府国际会议中心 2 层": pieces
 * parted by a middle dot or a comma) is in addr (both unspaced). */
static int pieces_in(const char *place, const char *addr) {
  static const char *const seps[] = {"·", "，", ",", "、", NULL};
  char *t = xstrdup(place);
  int all = 1;
  for (char *piece = t; piece && all;) {
    char *next = NULL;
    size_t cut = strlen(piece), len = 0;
    for (size_t i = 0; seps[i]; i++) {
      char *q = strstr(piece, seps[i]);
      if (q && (size_t)(q - piece) < cut)
        cut = (size_t)(q - piece), len = strlen(seps[i]);
    }
    if (piece[cut])
      next = piece + cut + len;
    piece[cut] = 0;
    all = !*piece || strstr(addr, piece) != NULL;
    piece = next;
  }
  free(t);
  return all;
}

char *print_where(const model *m, const layout *l) {
  const model_event *e = &m->event;
  char *place = event_print_place(e, l);
  if (!place || !e->address)
    return place ? place : e->address ? xstrdup(e->address) : NULL;
  /* one of them often holds the other ("银杏大厦" in "成都市银杏大厦 3 楼",
   * "成都 · 天府会议中心" in "成都市天府新区 天府会议中心") */
  char *p = unspaced(place), *addr = unspaced(e->address);
  char *r = pieces_in(p, addr)  ? xstrdup(e->address)
            : strstr(p, addr) ? xstrdup(place)
                              : xasprintf("%s%s%s", place,
                                          layout_label(l, "comma"), e->address);
  free(p), free(addr), free(place);
  return r;
}

const char *print_organizer(const model *m) { return m->event.organizer; }

/* ---- speakers ------------------------------------------------------------- */

/* The role the agenda gives speaker i: of the first row with a role whose
 * talk has i as its only speaker, or whose speaker cell is i's name.  Or
 * NULL. */
static const char *agenda_role(const model *m, size_t i) {
  const char *name = m->speakers[i].name;
  for (size_t r = 0; r < m->n_agenda; r++) {
    const model_agenda_row *a = &m->agenda[r];
    if (!a->role || !*a->role)
      continue;
    if (a->talk >= 0 && (size_t)a->talk < m->n_talks) {
      const model_talk *t = &m->talks[a->talk];
      if (t->n_speakers == 1 && t->speakers[0] == i)
        return a->role;
    } else if (a->speaker && !strcmp(a->speaker, name)) {
      return a->role;
    }
  }
  return NULL;
}

char *print_designation(const model *m, size_t i) {
  const model_speaker *sp = &m->speakers[i];
  const char *des = sp->designation && *sp->designation ? sp->designation
                    : sp->company && *sp->company       ? sp->company
                                                        : NULL;
  const char *role = agenda_role(m, i);
  if (!role || (des && strstr(des, role)))
    return des ? xstrdup(des) : NULL;
  if (!des)
    return xstrdup(role);
  /* Chinese: organisation, then position; English: position, then
   * organisation */
  return is_zh(m) ? xasprintf("%s %s", des, role)
                  : xasprintf("%s, %s", role, des);
}

/* Words that name a link's kind on the line that holds it. */
static const char *const link_cues[3][10] = {
    {"报名", "注册", "登记", "购票", "register", "sign up", "sign-up", "rsvp",
     "ticket", NULL},
    {"直播", "live stream", "livestream", "live-stream", "watch live", NULL},
    {"回放", "录像", "视频回顾", "replay", "recording", NULL},
};

/* Where the last cue of kind k stands in s, or -1. */
static long cue_at(const char *s, print_link_kind k) {
  long at = -1;
  for (size_t i = 0; link_cues[k][i]; i++)
    for (const char *p = s; (p = strcasestr(p, link_cues[k][i])); p++)
      if (p - s > at)
        at = p - s;
  return at;
}

/* 1 when s names link kind k outside 《》 (a title such as 《蚂蚁注册中心
 * 分享》 names no registration), and no other kind after it: the cue
 * nearest the link wins ("视频直播回放地址：" is a replay). */
static int names_kind(const char *s, print_link_kind k) {
  strbuf b = {0};
  int depth = 0;
  sb_add(&b, "");
  for (const char *p = s; *p; p++) {
    int open = !strncmp(p, "《", 3), close = !strncmp(p, "》", 3);
    if (open || close) {
      depth += open ? 1 : depth > 0 ? -1 : 0;
      p += 2;
      continue;
    }
    if (!depth)
      sb_addc(&b, *p);
  }
  long mine = cue_at(b.s, k);
  int hit = mine >= 0;
  for (int o = PRINT_REGISTRATION; o <= PRINT_REPLAY && hit; o++)
    hit = o == (int)k || cue_at(b.s, (print_link_kind)o) <= mine;
  sb_free(&b);
  return hit;
}

/* 1 for the address of a file (slides, a document, a picture), which is
 * never the page to register on, watch or replay. */
static int file_url(const char *u) {
  static const char *const ext[] = {".pdf", ".ppt", ".pptx", ".key", ".zip",
                                    ".doc", ".docx", ".png", ".jpg", ".jpeg",
                                    ".gif", ".svg", NULL};
  size_t n = strcspn(u, "?#");
  for (size_t i = 0; ext[i]; i++) {
    size_t e = strlen(ext[i]);
    if (n > e && !strncasecmp(u + n - e, ext[i], e))
      return 1;
  }
  return 0;
}

/* Empties b (its bytes stay allocated). */
static void sb_reset(strbuf *b) {
  b->len = 0;
  if (b->s)
    b->s[0] = 0;
}

/* The first http(s) link among n's inlines, in order, that names kind k
 * by its own text or the text before it since the last link or line
 * break (ctx, carried along): "报名：<link>", "[Register here](…)". */
static const char *line_link(const md_node *n, print_link_kind k,
                             strbuf *ctx) {
  for (const md_node *c = n->first; c; c = c->next) {
    switch (c->type) {
    case MD_TEXT:
    case MD_CODE:
      sb_add(ctx, c->text ? c->text : "");
      break;
    case MD_SOFTBREAK:
    case MD_LINEBREAK:
      sb_reset(ctx);
      break;
    case MD_HTML_INLINE:
      if (c->text && !strncasecmp(c->text, "<br", 3))
        sb_reset(ctx);
      break;
    case MD_IMAGE:
      break;
    case MD_LINK: {
      char *t = md_plain_text(c);
      sb_add(ctx, t);
      free(t);
      int hit = is_url(c->url) && !file_url(c->url) && names_kind(ctx->s, k);
      sb_reset(ctx); /* what follows a link is the next one's */
      if (hit)
        return c->url;
      break;
    }
    default: {
      const char *u = line_link(c, k, ctx);
      if (u)
        return u;
      break;
    }
    }
  }
  return NULL;
}

/* The first paragraph under n (itself, list items, quotes) with a link
 * that names kind k (line_link): that link. */
static const char *find_link(const md_node *n, print_link_kind k) {
  if (n->type == MD_PARAGRAPH) {
    strbuf ctx = {0};
    sb_add(&ctx, "");
    const char *u = line_link(n, k, &ctx);
    sb_free(&ctx);
    return u;
  }
  if (n->type != MD_LIST && n->type != MD_ITEM && n->type != MD_BLOCKQUOTE)
    return NULL;
  for (const md_node *c = n->first; c; c = c->next) {
    const char *u = find_link(c, k);
    if (u)
      return u;
  }
  return NULL;
}

const char *print_link(const model *m, print_link_kind k) {
  const model_event *e = &m->event;
  const char *own = k == PRINT_REGISTRATION ? e->registration
                    : k == PRINT_LIVE       ? e->live
                                            : e->replay;
  if (is_url(own))
    return own;
  for (size_t i = 0; i < m->n_about; i++) {
    const char *u = find_link(m->about[i], k);
    if (u)
      return u;
  }
  for (size_t i = 0; i < m->n_prose; i++) {
    const char *u = find_link(m->prose[i], k);
    if (u)
      return u;
  }
  return NULL;
}

const char *print_link_label(const layout *l, print_link_kind k) {
  return layout_label(l, k == PRINT_REGISTRATION ? "register"
                         : k == PRINT_LIVE       ? "live"
                                                 : "replay");
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
  doc_block_free(s->blocks[at]);
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

/* ---- QR rows ------------------------------------------------------------ */

/* A row of QR codes of l->qr_size; add codes with qr_add. */
static doc_block *qr_row(const layout *l, int line) {
  doc_block *row = doc_block_new(DOC_QR, "qr-label", line);
  row->height = l->qr_size;
  return row;
}

/* One code: label over the short URL, both under the code; the URL is a
 * link to the full address. */
static void qr_add(doc_block *row, const char *label, const char *url) {
  for (size_t i = 0; i < row->n_children; i++)
    if (!strcmp(row->children[i]->src, url))
      return; /* one code per address */
  doc_block *q = doc_block_new(DOC_QR, "qr-label", row->line);
  q->src = xstrdup(url);
  q->alt = xstrdup(label && *label ? label : "");
  char *s = qr_short_url(url);
  doc_text_append(&q->text, s, DOC_LINK, url);
  free(s);
  doc_block_add(row, q);
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
      doc_block_free(row);
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
static void event_codes(doc_block *row, const model *m, const layout *l) {
  for (int k = PRINT_REGISTRATION; k <= PRINT_REPLAY; k++) {
    const char *url = print_link(m, (print_link_kind)k);
    if (url)
      qr_add(row, print_link_label(l, (print_link_kind)k), url);
  }
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
  event_codes(row, m, l);
  if (!row->n_children) {
    doc_block_free(row);
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

static doc_block *handout_head(const layout *l, const char *key) {
  doc_block *h = text_blk("handout-head", layout_label(l, key), 0);
  h->kind = DOC_HEADING;
  h->level = 2;
  return h;
}

/* The speakers, one a line with their designation; in columns side by
 * side when there are many. */
static void handout_speakers(doc_section *s, const model *m,
                             const layout *l) {
  size_t cols = m->n_speakers > 12 ? 3 : m->n_speakers > 5 ? 2 : 1;
  doc_block *grid = doc_block_new(DOC_COLUMNS, "body", 0);
  size_t per = (m->n_speakers + cols - 1) / cols;
  for (size_t c = 0; c < cols; c++) {
    doc_block *p = doc_block_new(DOC_PARA, "handout-speakers", 0);
    for (size_t i = c * per; i < m->n_speakers && i < (c + 1) * per; i++) {
      const model_speaker *sp = &m->speakers[i];
      if (i > c * per)
        doc_text_append(&p->text, "\n", 0, NULL);
      doc_text_append(&p->text, sp->name, DOC_BOLD, NULL);
      char *des = print_designation(m, i);
      if (des) {
        doc_text_append(&p->text, layout_label(l, "handout_sep"), 0, NULL);
        doc_text_append(&p->text, des, DOC_SMALL, NULL);
      }
      free(des);
    }
    doc_block_add(grid, p);
  }
  if (cols == 1) {
    add(s, grid->children[0]);
    grid->n_children = 0;
    doc_block_free(grid);
  } else {
    add(s, grid);
  }
}

/* The handout: the event on one sheet.  Its facts as a header (kicker,
 * title, when and where under an accent rule), the description, the
 * whole agenda with times and speakers, the speakers, and at the foot
 * every QR code with the organizer and the sponsors.  The flow scales it
 * to fill the sheet (layout page.fill). */
void print_handout(document *d, const model *m, const layout *l) {
  const model_event *e = &m->event;
  d->sections = xrealloc(d->sections, (d->n_sections + 1) * sizeof *d->sections);
  doc_section *s = &d->sections[d->n_sections++];
  memset(s, 0, sizeof *s);
  s->kind = xstrdup("handout");
  s->anchor = xstrdup("sec-handout");
  s->new_page = 1;
  s->plain = 1;
  if (print_organizer(m))
    add(s, text_blk("cover-kicker", print_organizer(m), 0));
  doc_block *title = doc_block_new(DOC_HEADING, "handout-title", e->line);
  doc_text_append(&title->text, e->title, 0, NULL);
  title->level = 1;
  title->anchor = xstrdup("handout-title");
  title->outline = 1;
  add(s, title);
  if (e->subtitle)
    add(s, text_blk("handout-meta", e->subtitle, 0));
  doc_block *rule = doc_block_new(DOC_RULE, "handout-meta", 0);
  rule->height = 2, rule->max_height = 1;
  add(s, rule);
  doc_block *meta = doc_block_new(DOC_PARA, "handout-meta", e->line);
  char *when = print_when(m), *where = print_where(m, l);
  if (when)
    doc_text_append(&meta->text, when, DOC_BOLD, NULL);
  if (where) {
    if (when)
      doc_text_append(&meta->text, layout_label(l, "meta_sep"), 0, NULL);
    doc_text_append(&meta->text, where, 0, NULL);
  }
  free(when), free(where);
  if (e->fee) {
    if (meta->text.text)
      doc_text_append(&meta->text, "\n", 0, NULL);
    doc_text_append(&meta->text, layout_label(l, "fee"), DOC_BOLD, NULL);
    doc_text_append(&meta->text, layout_label(l, "colon"), DOC_BOLD, NULL);
    doc_text_append(&meta->text, e->fee, 0, NULL);
  }
  if (meta->text.text && *meta->text.text)
    add(s, meta);
  else
    doc_block_free(meta);
  if (e->description && !e->description_off_cover)
    add(s, text_blk("handout-description", e->description, 0));
  if (m->n_agenda || m->n_talks) {
    add(s, handout_head(l, "agenda"));
    print_agenda(s, m, l, m->n_agenda == 0, 1);
  }
  if (m->n_speakers) {
    add(s, handout_head(l, "speakers"));
    handout_speakers(s, m, l);
  }
  add(s, doc_block_new(DOC_FILL, "body", 0)); /* the foot of the sheet */
  doc_block *row = qr_row(l, e->line);
  event_codes(row, m, l);
  if (row->n_children)
    add(s, row);
  else
    doc_block_free(row);
  strbuf foot = {0};
  if (print_organizer(m))
    sb_addf(&foot, "%s%s%s", layout_label(l, "organizer"),
            layout_label(l, "colon"), print_organizer(m));
  for (size_t i = 0, k = 0; i < m->n_sponsors; i++) {
    const char *n = m->sponsors[i].name;
    if (!*n || (print_organizer(m) && !strcmp(n, print_organizer(m))))
      continue;
    if (!k++)
      sb_addf(&foot, "%s%s%s", foot.len ? "\n" : "", layout_label(l, "thanks"),
              layout_label(l, "colon"));
    else
      sb_add(&foot, layout_label(l, "list_sep"));
    sb_add(&foot, n);
  }
  if (foot.len)
    add(s, text_blk("handout-foot", foot.s, 0));
  sb_free(&foot);
}
