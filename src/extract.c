/* extract.c — stage 3: build the event model from the front matter tree
 * and the Markdown tree.  This file runs the passes: the event's facts
 * (extract_event.c: name, day, time, place, links from the front matter,
 * completed by the info lines of blocks no talk holds), front-matter
 * speakers and agenda lists, then the body's top-level blocks: which of
 * them start talks (headings, bold lines, 《》 titles and "议题：" lines that
 * are followed by speaker, bio or takeaway cues), where each talk ends,
 * agenda tables and sponsor lists; whatever no pass claims stays, in
 * source order, in `about` (before the first talk) or `prose` (after).
 * Also frees the model and prints it as JSON (--dump-model).
 *
 * Reading one talk is extract_talk.c's, the agenda and the speaker index
 * extract_agenda.c's, short texts (cues, times, names, titles)
 * extract_text.c's.  No layout here. */
#include "model.h"

#include "extract_int.h"

#include <ctype.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* ---- small string helpers ---------------------------------------------- */

/* "[text](url)" → "text"; anything else copied.  Caller frees. */
static char *strip_md_link(const char *s) {
  if (!s)
    return NULL;
  char *t = util_trim(s);
  size_t n = strlen(t);
  if (n > 2 && t[0] == '[') {
    char *close = strstr(t, "](");
    if (close && t[n - 1] == ')') {
      char *r = xstrndup(t + 1, (size_t)(close - t - 1));
      free(t);
      return r;
    }
  }
  return t;
}

/* Text of the first heading when it is a level-1 heading at the top. */
static const md_node *leading_h1(const md_node *body) {
  const md_node *b = body ? body->first : NULL;
  if (b && b->type == MD_HEADING && b->level == 1)
    return b;
  return ex_opening_heading(body);
}

const md_node *ex_opening_heading(const md_node *body) {
  const md_node *b = body ? body->first : NULL;
  while (b && b->type == MD_HTML_BLOCK) /* "<!-- … -->" */
    b = b->next;
  if (!b || b->type != MD_HEADING || b->level > 2)
    return NULL;
  for (const md_node *o = body->first; o; o = o->next)
    if (o != b && o->type == MD_HEADING && o->level <= b->level &&
        b->level == 2)
      return NULL; /* a section among others, not the page's title */
  return b;
}



/* ---- the passes ------------------------------------------------------------------- */

/* The page's own title line: a leading H1 that repeats the title.  The
 * cover prints it, so it is not printed twice. */
static const md_node *own_title(const model *m, const md_node *body) {
  const md_node *h1 = leading_h1(body);
  if (!h1)
    return NULL;
  char *t = md_plain_text(h1);
  char *a = strip_md_link(t);
  char *fa = ex_fold(a), *ft = ex_fold(m->event.title);
  /* a level-2 heading is the title only when it is the title's words */
  int same = *fa && (!strcmp(fa, ft) ||
                     (h1->level == 1 && (strstr(ft, fa) || strstr(fa, ft))));
  free(t), free(a), free(fa), free(ft);
  return same ? h1 : NULL;
}

/* The adapters of the body, in the order they read it: detail sections
 * first, so that what they hold is theirs; agendas after. */
static void (*const adapters[])(ex_ctx *, ex_blocks *, ex_records *) = {
    ex_records_headings, ex_records_lines,     ex_records_html,
    ex_records_tables,   ex_records_timelines, ex_records_lists,
};

/* Talks and agenda rows from every shape of the body and the front
 * matter, each adapter's groups decided and built before the next reads
 * what is left; then the reconciliation, then the page as one talk. */
static void find_talks(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  for (size_t a = 0; a < sizeof adapters / sizeof *adapters; a++) {
    size_t from = rs->ng;
    adapters[a](x, bl, rs);
    for (size_t g = from; g < rs->ng; g++)
      ex_group_decide(x, rs, g);
    ex_build(x, bl, rs, from);
  }
  size_t rows = x->m->n_agenda;
  ex_front_sessions(x, rs);
  if (rows) {
    /* the page's own agenda wins over front-matter lists */
    for (size_t i = rows; i < x->m->n_agenda; i++)
      model_agenda_row_free(&x->m->agenda[i]);
    x->m->n_agenda = rows;
  }
  ex_reconcile(x);
  /* no programme in any shape: talks named in the text, else the page */
  size_t from = rs->ng;
  ex_records_mentions(x, bl, rs);
  for (size_t g = from; g < rs->ng; g++)
    ex_group_decide(x, rs, g);
  ex_build(x, bl, rs, from);
  ex_mention_bio(x, bl, rs, from);
  if (ex_page_talk(x, bl, rs) < 0)
    ex_profile_page(x, bl);
}

/* How many different texts the talks have in the field at offset off
 * (day or part). */
static size_t distinct(const model *m, size_t off) {
  size_t n = 0;
  for (size_t i = 0; i < m->n_talks; i++) {
    const char *v = *(char *const *)((const char *)&m->talks[i] + off);
    if (!v)
      continue;
    size_t k = 0;
    while (k < i) {
      const char *w = *(char *const *)((const char *)&m->talks[k] + off);
      if (w && !strcmp(v, w))
        break;
      k++;
    }
    n += k == i;
  }
  return n;
}

/* 1 when block b is an HTML comment and nothing else (printed nowhere). */
static int html_comment(const md_node *b) {
  if (b->type != MD_HTML_BLOCK || !b->text)
    return 0;
  const char *t = ex_skip_spaces(b->text);
  size_t n = strlen(t);
  while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
    n--;
  /* one comment: its first "-->" is the block's end */
  return n >= 7 && !strncmp(t, "<!--", 4) && strstr(t + 4, "-->") == t + n - 3;
}

/* The days and themes the page groups its talks under: when the talks
 * fall under two or more (or one theme beside two days), each talk keeps
 * its own (printed over the talks
 * of it) and their headings, holding nothing else, leave the page's other
 * text; a single one is no grouping (the talks' parts go). */
static void talk_parts(ex_ctx *x, ex_blocks *bl, const ex_records *rs) {
  model *m = x->m;
  size_t parts = distinct(m, offsetof(model_talk, part));
  size_t days = distinct(m, offsetof(model_talk, day));
  /* one theme beside two days or more ("## 开场演讲" before "## 上午",
   * "## 下午") is a part of the programme as they are */
  if (parts == 1 && days >= 2)
    parts = 2;
  if (parts < 2)
    for (size_t i = 0; i < m->n_talks; i++)
      free(m->talks[i].part), m->talks[i].part = NULL;
  for (size_t i = 0; i < rs->n; i++) {
    const ex_record *r = &rs->r[i];
    if (r->talk < 0 || r->verdict != EX_TALK || r->part_block < 0)
      continue;
    int day = bl->b[r->part_block].role == EX_ROLE_DAY;
    if (day ? days >= 2 : parts >= 2)
      bl->b[r->part_block].parts = 1;
  }
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *h = &bl->b[i];
    if (!h->parts || h->owner != EX_FREE)
      continue;
    int alone = 1; /* nothing of its own under it (a comment is nothing) */
    for (size_t k = i + 1; k < h->end && alone; k++)
      alone = bl->b[k].owner != EX_FREE || html_comment(bl->b[k].n) ||
              (bl->b[k].n->type == MD_HEADING && bl->b[k].parts);
    if (alone)
      h->owner = EX_CLAIM_CONTAINER;
  }
}

/* Index of the first block of the talks (held by a talk, else read into
 * the agenda), bl->n when there is none. */
static size_t talks_start(const ex_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++)
    if (bl->b[i].owner >= 0)
      return i;
  for (size_t i = 0; i < bl->n; i++)
    if (bl->b[i].owner == EX_CLAIM_AGENDA)
      return i;
  return bl->n;
}

/* "# 日程安排" over day headings whose lines became the agenda and the
 * talks: a heading of an agenda over the first of them (not right over
 * it: that one titles the talks), whose section they took whole, is the
 * agenda section's title; NULL when none. */
static const md_node *agenda_over(const ex_blocks *bl, size_t first) {
  size_t i = 0;
  while (i < bl->n && bl->b[i].owner != EX_CLAIM_AGENDA && bl->b[i].owner < 0)
    i++;
  for (long p = i < bl->n ? bl->b[i].parent : -1; p >= 0; p = bl->b[p].parent) {
    const ex_block *h = &bl->b[p];
    if (h->owner != EX_FREE || h->role != EX_ROLE_AGENDA)
      continue;
    if ((size_t)p + 1 == first)
      return NULL; /* right over the talks: their heading */
    int whole = 1;
    for (size_t k = (size_t)p + 1; k < h->end && whole; k++)
      whole = bl->b[k].owner != EX_FREE || bl->b[k].n->type == MD_HEADING;
    return whole ? h->n : NULL;
  }
  return NULL;
}

/* The headings that introduce the agenda and the talks ("## 活动议程"),
 * for the sections' titles. */
static void section_headings(model *m, const ex_blocks *bl, size_t first) {
  for (size_t i = 0; i < bl->n; i++)
    if (bl->b[i].owner == EX_CLAIM_AGENDA && i > 0 &&
        bl->b[i - 1].n->type == MD_HEADING && bl->b[i - 1].owner == EX_FREE) {
      m->agenda_heading = bl->b[i - 1].n;
      break;
    }
  if (!m->agenda_heading && m->n_agenda)
    m->agenda_heading = agenda_over(bl, first);
  if (first < bl->n && first > 0 && bl->b[first].owner >= 0) {
    const ex_block *b = &bl->b[first - 1];
    /* a day or theme the talk pages print over their talks is not the
     * section's title too */
    if (b->n->type == MD_HEADING && b->role != EX_ROLE_CUE && !b->parts &&
        b->owner == EX_FREE && b->n != m->agenda_heading &&
        (b->level < bl->b[first].level || bl->b[first].level == EX_LEVEL_BLOCK))
      m->talks_heading = b->n;
  }
}

/* What no talk holds: sponsors, the event's info lines and link sections,
 * the rest about (before the talks) or prose (after). */
static void leftovers(ex_ctx *x, ex_blocks *bl) {
  model *m = x->m;
  size_t first = talks_start(bl);
  section_headings(m, bl, first);
  char *tier = NULL; /* the sponsors' tier heading read last */
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (!b->sponsor)
      free(tier), tier = NULL;
    if (b->owner != EX_FREE)
      continue;
    if (b->sponsor == EX_SPONSORS_HEADING && !m->sponsors_heading)
      m->sponsors_heading = b->n;
    md_node *node = b->n;
    if (b->sponsor && ex_sponsor_part(x, bl, i, &tier)) {
      b->owner = EX_CLAIM_SPONSORS;
      continue;
    }
    int about = i < first;
    if (b->sponsor && node != m->sponsors_heading) {
      if (m->n_sponsors)
        ex_push(&m->sponsors_outro, &m->n_sponsors_outro, node);
      else
        ex_push(&m->sponsors_intro, &m->n_sponsors_intro, node);
    }
    ex_event_block(x, node, about);
    if (about)
      ex_push(&m->about, &m->n_about, node);
    else
      ex_push(&m->prose, &m->n_prose, node);
  }
  free(tier);
}

/* --check: no talk, and whether the page has lines that open with a time
 * or talk cue words ("讲师：", "Speaker:") that should have made some. */
static void no_talk_finding(ex_ctx *x, const ex_blocks *bl) {
  if (x->m->n_talks)
    return;
  size_t timed = 0, cues = 0;
  for (size_t i = 0; i < bl->n; i++) {
    cues += bl->b[i].cues != 0;
    if (bl->b[i].n->type == MD_PARAGRAPH) {
      ex_line *L;
      size_t n = ex_lines(bl->b[i].n, &L);
      for (size_t k = 0; k < n; k++)
        timed += extract_leading_time(L[k].text) > 0;
      ex_lines_free(L, n);
    } else if (bl->b[i].n->type == MD_LIST) {
      for (const md_node *it = bl->b[i].n->first; it; it = it->next) {
        char *t = it->first ? ex_text(it->first) : NULL;
        timed += t && extract_leading_time(t) > 0;
        free(t);
      }
    }
  }
  if (timed >= 2 || cues)
    ex_finding(x, 0,
               "no talk recognised, though %zu lines open with a time and %zu "
               "blocks have talk cue words; the booklet prints no programme",
               timed, cues);
  else
    ex_finding(x, 0, "no talk recognised; the booklet prints no programme");
}

/* --check: a page with no talk that says nothing of when or where an
 * event is: printed as its text, and said so. */
static void no_facts_finding(ex_ctx *x) {
  const model_event *e = &x->m->event;
  if (x->m->n_talks || e->date || e->date_text || e->time || e->venue ||
      e->address || e->city || e->online)
    return;
  ex_finding(x, 0,
             "no event facts either (no day, time or place): the booklet "
             "prints the page's text%s",
             x->m->n_speakers ? " and its speaker" : "");
}

static void ctx_free(ex_ctx *x) {
  for (size_t i = 0; i < x->hcap; i++)
    free(x->hkeys[i]);
  free(x->hkeys), free(x->hvals);
  for (size_t i = 0; i < x->m->n_sponsors && i < x->key_cap; i++)
    free(x->spon_keys[i]);
  free(x->spon_keys);
  free(x->talk_rank), free(x->talk_line), free(x->talk_group);
}

model *model_extract(const source *src, front_node *front, md_node *body) {
  model *m = xcalloc(1, sizeof *m);
  m->path = xstrdup(src->path);
  m->dir = xstrdup(src->dir);
  m->front = front;
  m->body = body;
  ex_ctx x = {.m = m, .path = m->path};
  ex_event_front(&x, src);
  ex_front_speakers(&x);
  ex_blocks bl;
  ex_blocks_read(&x, body, own_title(m, body), &bl);
  ex_records rs = {0};
  find_talks(&x, &bl, &rs);
  talk_parts(&x, &bl, &rs);
  leftovers(&x, &bl);
  ex_agenda_link(&x);
  ex_talk_links_elsewhere(&x);
  ex_speaker_sections(&x, &bl);
  ex_drop_claimed(&bl, &m->about, &m->n_about);
  ex_drop_claimed(&bl, &m->prose, &m->n_prose);
  if (!m->n_agenda)
    ex_agenda_derive(&x);
  ex_sponsors_front(&x);
  no_talk_finding(&x, &bl);
  ex_event_finish(&x);
  no_facts_finding(&x);
  ex_records_free(&rs);
  ex_blocks_free(&bl);
  ctx_free(&x);
  return m;
}

void model_agenda_row_free(model_agenda_row *r) {
  free(r->time), free(r->title), free(r->speaker), free(r->note);
  free(r->day), free(r->track), free(r->role);
}

void ex_talk_clear(model_talk *t) {
  free(t->title), free(t->time), free(t->speakers), free(t->title_prefix);
  free(t->day), free(t->part), free(t->track);
  model_talk_labels *l = &t->labels;
  free(l->speaker), free(l->time), free(l->bio), free(l->abstract);
  free(l->outline), free(l->takeaways), free(l->links);
  free(t->abstract), free(t->outline), free(t->extra);
  for (size_t i = 0; i < t->n_takeaways; i++)
    free(t->takeaways[i]);
  free(t->takeaways);
  for (size_t i = 0; i < t->n_links; i++)
    free(t->links[i].label), free(t->links[i].url);
  free(t->links);
  memset(t, 0, sizeof *t);
}

void model_free(model *m) {
  if (!m)
    return;
  model_event *e = &m->event;
  free(e->title), free(e->kicker), free(e->subtitle), free(e->date);
  free(e->end_date), free(e->date_text), free(e->time), free(e->end_time);
  free(e->timezone), free(e->venue), free(e->address), free(e->city);
  free(e->fee), free(e->organizer), free(e->registration), free(e->live);
  free(e->replay), free(e->published), free(e->cover_image);
  free(e->description), free(e->author), free(e->lang);
  for (size_t i = 0; i < e->n_keywords; i++)
    free(e->keywords[i]);
  free(e->keywords);
  for (size_t i = 0; i < m->n_talks; i++)
    ex_talk_clear(&m->talks[i]);
  free(m->talks);
  for (size_t i = 0; i < m->n_speakers; i++) {
    model_speaker *s = &m->speakers[i];
    free(s->name), free(s->alias), free(s->designation), free(s->company);
    free(s->bio), free(s->photo), free(s->bio_md);
  }
  free(m->speakers);
  for (size_t i = 0; i < m->n_agenda; i++)
    model_agenda_row_free(&m->agenda[i]);
  free(m->agenda);
  for (int i = 0; i < 3; i++)
    free(m->agenda_head[i]);
  body_free(m->front_body);
  for (size_t i = 0; i < m->n_sponsors; i++) {
    model_sponsor *s = &m->sponsors[i];
    free(s->name), free(s->logo), free(s->url), free(s->tier);
  }
  free(m->sponsors);
  free(m->about), free(m->prose);
  for (size_t i = 0; i < m->n_findings; i++)
    free(m->findings[i].text);
  free(m->findings);
  free(m->sponsors_intro), free(m->sponsors_outro);
  free(m->path), free(m->dir);
  body_free(m->body);
  front_free(m->front);
  free(m);
}

/* ---- JSON ------------------------------------------------------------------- */

static void json_str(strbuf *b, const char *s) {
  sb_addc(b, '"');
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    switch (*p) {
    case '"': sb_add(b, "\\\""); break;
    case '\\': sb_add(b, "\\\\"); break;
    case '\n': sb_add(b, "\\n"); break;
    case '\r': sb_add(b, "\\r"); break;
    case '\t': sb_add(b, "\\t"); break;
    default:
      if (*p < 0x20)
        sb_addf(b, "\\u%04x", *p);
      else
        sb_addc(b, (char)*p);
    }
  }
  sb_addc(b, '"');
}

static void json_kv(strbuf *b, const char *k, const char *v, int comma) {
  json_str(b, k);
  sb_add(b, ": ");
  json_str(b, v);
  if (comma)
    sb_add(b, ", ");
}

static char *blocks_text(const md_node *const *blocks, size_t n) {
  strbuf b = {0};
  for (size_t i = 0; i < n; i++) {
    char *t = md_plain_text(blocks[i]);
    if (b.len)
      sb_add(&b, "\n\n");
    sb_add(&b, t);
    free(t);
  }
  return sb_take(&b);
}

static const char *kind_name(model_talk_kind k) {
  switch (k) {
  case MODEL_KEYNOTE: return "keynote";
  case MODEL_PANEL: return "panel";
  case MODEL_BREAK: return "break";
  default: return "talk";
  }
}

/* The event's facts, with the input lines they came from. */
static void json_event(strbuf *b, const model_event *e) {
  sb_add(b, "{\"event\": {");
  json_kv(b, "title", e->title, 1);
  json_kv(b, "kicker", e->kicker, 1);
  json_kv(b, "subtitle", e->subtitle, 1);
  json_kv(b, "date", e->date, 1);
  json_kv(b, "end_date", e->end_date, 1);
  json_kv(b, "date_text", e->date_text, 1);
  json_kv(b, "time", e->time, 1);
  json_kv(b, "end_time", e->end_time, 1);
  json_kv(b, "timezone", e->timezone, 1);
  json_kv(b, "venue", e->venue, 1);
  json_kv(b, "address", e->address, 1);
  json_kv(b, "city", e->city, 1);
  sb_addf(b, "\"online\": %s, ", e->online ? "true" : "false");
  json_kv(b, "fee", e->fee, 1);
  json_kv(b, "organizer", e->organizer, 1);
  json_kv(b, "registration", e->registration, 1);
  json_kv(b, "live", e->live, 1);
  json_kv(b, "replay", e->replay, 1);
  json_kv(b, "published", e->published, 1);
  json_kv(b, "cover", e->cover_image, 1);
  json_kv(b, "description", e->description, 1);
  json_kv(b, "author", e->author, 1);
  const model_event_lines *el = &e->lines;
  sb_addf(b, "\"lines\": {\"date\": %d, \"time\": %d, \"venue\": %d, "
             "\"address\": %d, \"city\": %d, \"online\": %d, "
             "\"registration\": %d, \"live\": %d, \"replay\": %d, "
             "\"published\": %d}, ",
          el->date, el->time, el->venue, el->address, el->city, el->online,
          el->registration, el->live, el->replay, el->published);
  json_kv(b, "lang", e->lang, 0);
  sb_add(b, "}");
}

/* A talk's speakers (name, alias, designation) and its blocks as text. */
static void json_talk_people(strbuf *b, const model *m, const model_talk *t) {
  sb_add(b, "\"speakers\": [");
  for (size_t k = 0; k < t->n_speakers; k++) {
    const model_speaker *s = &m->speakers[t->speakers[k]];
    sb_add(b, k ? ", {" : "{");
    json_kv(b, "name", s->name, 1);
    json_kv(b, "alias", s->alias, 1);
    json_kv(b, "designation", s->designation, 0);
    sb_addc(b, '}');
  }
  sb_add(b, "], ");
  char *abs = blocks_text(t->abstract, t->n_abstract);
  json_kv(b, "abstract", abs, 1);
  free(abs);
  char *outl = blocks_text(t->outline, t->n_outline);
  json_kv(b, "outline", outl, 1);
  free(outl);
}

/* A talk's takeaways, links and the cue words that labelled its parts. */
static void json_talk_parts(strbuf *b, const model_talk *t) {
  sb_add(b, "\"takeaways\": [");
  for (size_t k = 0; k < t->n_takeaways; k++) {
    if (k)
      sb_add(b, ", ");
    json_str(b, t->takeaways[k]);
  }
  sb_add(b, "], \"links\": [");
  for (size_t k = 0; k < t->n_links; k++) {
    sb_add(b, k ? ", {" : "{");
    json_kv(b, "label", t->links[k].label, 1);
    json_kv(b, "url", t->links[k].url, 0);
    sb_addc(b, '}');
  }
  sb_add(b, "], \"labels\": {");
  const model_talk_labels *l = &t->labels;
  json_kv(b, "speaker", l->speaker, 1);
  json_kv(b, "time", l->time, 1);
  json_kv(b, "bio", l->bio, 1);
  json_kv(b, "abstract", l->abstract, 1);
  json_kv(b, "outline", l->outline, 1);
  json_kv(b, "takeaways", l->takeaways, 1);
  json_kv(b, "links", l->links, 0);
  sb_add(b, "}, ");
}

static void json_talks(strbuf *b, const model *m) {
  sb_add(b, ",\n \"talks\": [");
  for (size_t i = 0; i < m->n_talks; i++) {
    const model_talk *t = &m->talks[i];
    sb_add(b, i ? ",\n  {" : "\n  {");
    json_kv(b, "title", t->title, 1);
    json_kv(b, "title_prefix", t->title_prefix, 1);
    json_kv(b, "kind", kind_name(t->kind), 1);
    json_kv(b, "time", t->time, 1);
    json_kv(b, "day", t->day, 1);
    json_kv(b, "part", t->part, 1);
    json_kv(b, "track", t->track, 1);
    json_talk_people(b, m, t);
    json_talk_parts(b, t);
    sb_addf(b, "\"extra_blocks\": %zu, \"line\": %d}", t->n_extra, t->line);
  }
  sb_add(b, "]");
}

static void json_speakers(strbuf *b, const model *m) {
  sb_add(b, ",\n \"speakers\": [");
  for (size_t i = 0; i < m->n_speakers; i++) {
    const model_speaker *s = &m->speakers[i];
    sb_add(b, i ? ",\n  {" : "\n  {");
    json_kv(b, "name", s->name, 1);
    json_kv(b, "alias", s->alias, 1);
    json_kv(b, "designation", s->designation, 1);
    json_kv(b, "company", s->company, 1);
    json_kv(b, "bio", s->bio, 1);
    json_kv(b, "photo", s->photo, 0);
    sb_addc(b, '}');
  }
  sb_add(b, "]");
}

static void json_agenda(strbuf *b, const model *m) {
  sb_add(b, ",\n \"agenda\": [");
  for (size_t i = 0; i < m->n_agenda; i++) {
    const model_agenda_row *r = &m->agenda[i];
    sb_add(b, i ? ",\n  {" : "\n  {");
    json_kv(b, "time", r->time, 1);
    json_kv(b, "title", r->title, 1);
    json_kv(b, "speaker", r->speaker, 1);
    json_kv(b, "kind", kind_name(r->kind), 1);
    json_kv(b, "note", r->note, 1);
    json_kv(b, "day", r->day, 1);
    json_kv(b, "track", r->track, 1);
    json_kv(b, "role", r->role, 1);
    sb_addf(b, "\"talk\": %d, \"line\": %d}", r->talk, r->line);
  }
  sb_add(b, "]");
}

static void json_sponsors(strbuf *b, const model *m) {
  sb_add(b, ",\n \"sponsors\": [");
  for (size_t i = 0; i < m->n_sponsors; i++) {
    const model_sponsor *s = &m->sponsors[i];
    sb_add(b, i ? ",\n  {" : "\n  {");
    json_kv(b, "name", s->name, 1);
    json_kv(b, "logo", s->logo, 1);
    json_kv(b, "url", s->url, 1);
    json_kv(b, "tier", s->tier, 1);
    sb_addf(b, "\"line\": %d}", s->line);
  }
  sb_add(b, "]");
}

char *model_to_json(const model *m) {
  strbuf b = {0};
  json_event(&b, &m->event);
  json_talks(&b, m);
  json_speakers(&b, m);
  json_agenda(&b, m);
  json_sponsors(&b, m);
  sb_addf(&b, ",\n \"about_blocks\": %zu, \"prose_blocks\": %zu}\n",
          m->n_about, m->n_prose);
  return sb_take(&b);
}
