/* extract.c — stage 3: build the event model from the front matter tree
 * and the Markdown tree.  This file runs the passes: the event (title,
 * date, place, links, cover, metadata from the front matter, completed by
 * "时间：/地点：/直播地址：" lines of the part before the talks), front-matter
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

/* URL from "[text](url)" or a bare URL; NULL otherwise.  Caller frees. */
static char *md_link_url(const char *s) {
  if (!s)
    return NULL;
  const char *p = strstr(s, "](");
  if (p) {
    const char *e = strchr(p + 2, ')');
    if (e)
      return xstrndup(p + 2, (size_t)(e - p - 2));
  }
  if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8))
    return util_trim(s);
  return NULL;
}

static int has_han(const char *s) {
  for (size_t i = 0, n = s ? strlen(s) : 0, k; i < n; i += k)
    if (utf8_is_han(utf8_decode(s + i, n - i, &k)))
      return 1;
  return 0;
}

/* Scalar of the first key present, trimmed, or NULL.  Caller frees.  A
 * list or map where a string is expected is reported and skipped. */
static char *front_first(const source *src, const front_node *fm,
                         const char *const *keys) {
  for (size_t i = 0; keys[i]; i++) {
    const front_node *n = front_get(fm, keys[i]);
    if (!n || n->kind == FRONT_NULL)
      continue;
    const char *s = front_scalar(n);
    if (!s) {
      diag_report(DIAG_FM_TYPE, src->path, n->line, 0, keys[i], "text",
                  "ignored");
      continue;
    }
    char *t = util_trim(s);
    if (*t)
      return t;
    free(t);
  }
  return NULL;
}

/* ---- dates --------------------------------------------------------------- */

static int day_of_week(int y, int m, int d) { /* 0 = Sunday */
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3)
    y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* "2019-12-24T13:00:00+08:00" → date and time for print; NULL when the
 * value is not an ISO date.  *time gets "13:00" when a time other than
 * midnight is given, and one an event could start at: "10:41:54" is when a
 * blog post was published, not a meetup's start (caller frees both). */
static char *print_date(const char *iso, int zh, char **time) {
  *time = NULL;
  int y, m, d, hh = -1, mm = -1, ss = 0;
  if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
      m > 12 || d < 1 || d > 31 || y < 1900 || y > 2999)
    return NULL;
  const char *t = iso + 10;
  if ((*t == 'T' || *t == ' ') &&
      sscanf(t + 1, "%2d:%2d:%2d", &hh, &mm, &ss) >= 2 &&
      !(hh == 0 && mm == 0) && hh < 24 && mm < 60 && ss == 0 && mm % 5 == 0)
    *time = xasprintf("%d:%02d", hh, mm);
  int w = day_of_week(y, m, d);
  if (zh) {
    static const char *wd[] = {"日", "一", "二", "三", "四", "五", "六"};
    return xasprintf("%d年%d月%d日 周%s", y, m, d, wd[w]);
  }
  static const char *wd[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                             "Thursday", "Friday", "Saturday"};
  static const char *mn[] = {"January", "February", "March",     "April",
                             "May",     "June",     "July",      "August",
                             "September", "October", "November", "December"};
  return xasprintf("%s, %d %s %d", wd[w], d, mn[m - 1], y);
}

/* ---- event ---------------------------------------------------------------- */

static void add_keywords(model_event *e, const front_node *n) {
  if (!n)
    return;
  if (n->kind == FRONT_SCALAR) {
    char *copy = xstrdup(n->scalar), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
      char *k = util_trim(t);
      if (*k) {
        e->keywords = xrealloc(e->keywords, (e->n_keywords + 1) * sizeof(char *));
        e->keywords[e->n_keywords++] = k;
      } else {
        free(k);
      }
    }
    free(copy);
  } else if (n->kind == FRONT_SEQ) {
    for (size_t i = 0; i < n->n; i++)
      add_keywords(e, n->items[i]);
  }
}

/* Text of the first heading when it is a level-1 heading at the top. */
static const md_node *leading_h1(const md_node *body) {
  const md_node *b = body ? body->first : NULL;
  return b && b->type == MD_HEADING && b->level == 1 ? b : NULL;
}

static void read_event(model *m, const source *src) {
  model_event *e = &m->event;
  const front_node *fm = m->front;
  static const char *const k_title[] = {"title", "name", NULL};
  static const char *const k_sub[] = {"subtitle", NULL};
  static const char *const k_date[] = {"date", "event_date", "start_date", NULL};
  static const char *const k_loc[] = {"location", "venue", "place", "city", NULL};
  static const char *const k_addr[] = {"address", NULL};
  static const char *const k_fee[] = {"fee", "price", NULL};
  static const char *const k_org[] = {"organizer", "organiser", "host", NULL};
  static const char *const k_reg[] = {"apply_url", "registration", "register",
                                      "signup", "rsvp", NULL};
  static const char *const k_live[] = {"live", "live_url", "livestream", NULL};
  static const char *const k_replay[] = {"replay", "replay_url", "video", NULL};
  static const char *const k_cover[] = {"image.path", "image", "cover",
                                        "bg_image", "featuredImage", NULL};
  static const char *const k_desc[] = {"description", "summary", NULL};
  static const char *const k_author[] = {"author", NULL};

  char *title = front_first(src, fm, k_title);
  const md_node *h1 = leading_h1(m->body);
  if (!title && h1) {
    title = md_plain_text(h1);
    e->line = h1->line;
  } else {
    const front_node *tn = front_get(fm, "title");
    e->line = tn ? tn->line : 1;
  }
  e->title = title ? strip_md_link(title) : xstrdup("");
  free(title);
  if (!*e->title) {
    /* fall back to the file name without its folder and extension */
    const char *base = strrchr(src->path, '/');
    base = base ? base + 1 : src->path;
    free(e->title);
    e->title = xstrdup(base);
    char *dot = strrchr(e->title, '.');
    if (dot && dot != e->title)
      *dot = 0;
  }
  e->subtitle = front_first(src, fm, k_sub);
  e->date = front_first(src, fm, k_date);
  e->location = front_first(src, fm, k_loc);
  e->address = front_first(src, fm, k_addr);
  e->fee = front_first(src, fm, k_fee);
  char *org = front_first(src, fm, k_org);
  e->organizer = org ? strip_md_link(org) : NULL;
  free(org);
  char *reg = front_first(src, fm, k_reg);
  if (reg) {
    e->registration = md_link_url(reg);
    if (!e->registration)
      e->registration = xstrdup(reg);
  }
  free(reg);
  e->live = front_first(src, fm, k_live);
  e->replay = front_first(src, fm, k_replay);
  e->cover_image = front_first(src, fm, k_cover);
  e->description = front_first(src, fm, k_desc);
  char *author = front_first(src, fm, k_author);
  e->author = author ? strip_md_link(author) : NULL;
  free(author);
  add_keywords(e, front_get(fm, "tags"));
  add_keywords(e, front_get(fm, "keywords"));

  const char *lang = front_str(fm, "lang");
  if (!lang)
    lang = front_str(fm, "language");
  if (lang)
    e->lang = xstrdup(lang);
  else
    e->lang = xstrdup(has_han(e->title) || has_han(e->description) ||
                              has_han(src->body)
                          ? "zh-Hans"
                          : "en");
  int zh = !strncmp(e->lang, "zh", 2);
  e->date_text = print_date(e->date, zh, &e->time);
}

/* ---- the event from the page's own lines ------------------------------------- */

static int fm_ymd(const char *date, int *y, int *m, int *d) {
  return date && sscanf(date, "%4d-%2d-%2d", y, m, d) == 3;
}

/* "时间：2021 年 07 月 24 日（周六）13:30-17:30" in the part before the talks. */
static void event_time(ex_ctx *x, const char *value, int line, int *warned) {
  model_event *e = &x->m->event;
  char *norm = extract_time_norm(value);
  long at = extract_time_at(norm);
  char *date_part = at >= 0 ? xstrndup(norm, (size_t)at) : xstrdup(norm);
  char *dp = ex_trim_seps(date_part);
  free(date_part);
  char *time_part = at >= 0 ? ex_trim_seps(norm + at) : NULL;
  int y, mo, d, fy, fm, fd;
  int has_date = extract_date(norm, &y, &mo, &d);
  if (!e->date) {
    if (has_date) {
      e->date = xasprintf("%04d-%02d-%02d", y, mo, d);
      char *ignored = NULL;
      free(e->date_text);
      e->date_text = print_date(e->date, x->zh, &ignored);
      free(ignored);
    } else if (*dp && !e->date_text) {
      e->date_text = xstrdup(dp);
    }
    if (time_part && *time_part && !e->time) {
      e->time = time_part;
      time_part = NULL;
    }
  } else if (has_date && fm_ymd(e->date, &fy, &fm, &fd) &&
             (fy != y || fm != mo || fd != d)) {
    if (!*warned) {
      diag_report(DIAG_EX_DATE, x->path, line, 0, *dp ? dp : norm, e->date);
      *warned = 1;
    }
  } else if (time_part && *time_part) {
    /* the same day: the page's time (often a range) is the event's */
    free(e->time);
    e->time = time_part;
    time_part = NULL;
  }
  free(norm), free(dp), free(time_part);
}

static void set_once(char **slot, const char *v) {
  if (!*slot && v && *v)
    *slot = xstrdup(v);
}

/* "key：value" lines of a block in the about part (about = 1) or after the
 * talks (links only). */
static void event_lines(ex_ctx *x, const md_node *b, int about, int *warned) {
  if (b->type == MD_LIST || b->type == MD_ITEM || b->type == MD_BLOCKQUOTE) {
    for (const md_node *c = b->first; c; c = c->next)
      event_lines(x, c, about, warned);
    return;
  }
  if (b->type != MD_PARAGRAPH)
    return;
  model_event *e = &x->m->event;
  ex_line *L;
  size_t n = ex_lines(b, &L);
  for (size_t i = 0; i < n; i++) {
    ex_cue_hit h;
    ex_cue k = extract_cue(L[i].text, &h);
    if (k == EX_CUE_NONE || k == EX_CUE_LINK) {
      /* keys read by what they contain: "视频直播回放地址" */
      const char *c1 = strstr(L[i].text, "："), *c2 = strchr(L[i].text, ':');
      const char *c = c1 && (!c2 || c1 < c2) ? c1 : c2;
      if (c && (c == c2 ? c[1] != '/' : 1)) {
        ex_cue ek = extract_event_key(L[i].text, (size_t)(c - L[i].text));
        if (ek != EX_CUE_NONE && ek != EX_CUE_LINK) {
          k = ek;
          h.value = (size_t)(c - L[i].text) + (c == c1 ? 3 : 1);
        }
      }
    }
    char *value = util_trim(L[i].text + (h.value <= strlen(L[i].text) ? h.value : 0));
    char *url = L[i].url ? xstrdup(L[i].url) : ex_find_url(value);
    switch (k) {
    case EX_CUE_TIME:
    case EX_CUE_EV_TIME:
      if (about && *value)
        event_time(x, value, L[i].line, warned);
      break;
    case EX_CUE_EV_PLACE:
      if (about && *value) {
        if (!e->location) {
          e->location = xstrdup(value);
        } else if (!e->address) {
          /* the page's place when it says more than the front matter */
          char *fl = ex_fold(e->location), *fv = ex_fold(value);
          if (!strstr(fl, fv))
            e->address = xstrdup(value);
          free(fl), free(fv);
        }
      }
      break;
    case EX_CUE_EV_LIVE:
      set_once(&e->live, url);
      break;
    case EX_CUE_EV_REPLAY:
      set_once(&e->replay, url);
      break;
    case EX_CUE_EV_REG:
      set_once(&e->registration, url);
      break;
    case EX_CUE_EV_FEE:
      if (about)
        set_once(&e->fee, value);
      break;
    case EX_CUE_EV_ORG:
      if (about)
        set_once(&e->organizer, value);
      break;
    default:
      break;
    }
    free(value), free(url);
  }
  ex_lines_free(L, n);
}

/* The first http(s) address of a block: a link's, else one in its text.
 * Caller frees; NULL when there is none. */
static char *first_url(const md_node *b) {
  for (const md_node *c = b->first; c; c = c->next) {
    if (c->type == MD_LINK && c->url && !strncmp(c->url, "http", 4))
      return xstrdup(c->url);
    char *u = first_url(c);
    if (u)
      return u;
  }
  if (b->type == MD_TEXT && b->text)
    return ex_find_url(b->text);
  return NULL;
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
  int same = *fa && (!strcmp(fa, ft) || strstr(ft, fa) || strstr(fa, ft));
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
  ex_page_talk(x, bl, rs);
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

/* The headings that introduce the agenda and the talks ("## 活动议程"),
 * for the sections' titles. */
static void section_headings(model *m, const ex_blocks *bl, size_t first) {
  for (size_t i = 0; i < bl->n; i++)
    if (bl->b[i].owner == EX_CLAIM_AGENDA && i > 0 &&
        bl->b[i - 1].n->type == MD_HEADING && bl->b[i - 1].owner == EX_FREE) {
      m->agenda_heading = bl->b[i - 1].n;
      break;
    }
  if (first < bl->n && first > 0 && bl->b[first].owner >= 0) {
    const ex_block *b = &bl->b[first - 1];
    if (b->n->type == MD_HEADING && b->role != EX_ROLE_CUE &&
        b->owner == EX_FREE && b->n != m->agenda_heading &&
        (b->level < bl->b[first].level || bl->b[first].level == 7))
      m->talks_heading = b->n;
  }
}

/* What no talk holds: sponsors, the event's info lines and link sections,
 * the rest about (before the talks) or prose (after). */
static void leftovers(ex_ctx *x, ex_blocks *bl) {
  model *m = x->m;
  size_t first = talks_start(bl);
  section_headings(m, bl, first);
  int warned = 0;
  char *tier = NULL;            /* the sponsors' tier heading read last */
  ex_cue sec_cue = EX_CUE_NONE; /* what the last heading names */
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (!b->sponsor)
      free(tier), tier = NULL;
    if (b->owner != EX_FREE) {
      sec_cue = EX_CUE_NONE;
      continue;
    }
    if (b->sponsor == 2 && !m->sponsors_heading)
      m->sponsors_heading = b->n;
    md_node *node = b->n;
    if (b->sponsor && ex_sponsor_part(x, bl, i, &tier)) {
      b->owner = EX_CLAIM_SPONSORS;
      continue;
    }
    int about = i < first;
    /* "## 报名" over "点击[这里](url)报名": the section's first link */
    if (node->type == MD_HEADING) {
      char *ht = md_plain_text(node);
      sec_cue = extract_cue_key(ht, strlen(ht));
      free(ht);
    } else if (sec_cue == EX_CUE_EV_REG || sec_cue == EX_CUE_EV_LIVE ||
               sec_cue == EX_CUE_EV_REPLAY) {
      char *url = first_url(node);
      if (url) {
        model_event *e = &m->event;
        set_once(sec_cue == EX_CUE_EV_REG    ? &e->registration
                 : sec_cue == EX_CUE_EV_LIVE ? &e->live
                                             : &e->replay,
                 url);
        free(url);
        sec_cue = EX_CUE_NONE;
      }
    }
    if (b->sponsor && node != m->sponsors_heading) {
      if (m->n_sponsors)
        ex_push(&m->sponsors_outro, &m->n_sponsors_outro, node);
      else
        ex_push(&m->sponsors_intro, &m->n_sponsors_intro, node);
    }
    event_lines(x, node, about, &warned);
    if (about)
      ex_push(&m->about, &m->n_about, node);
    else
      ex_push(&m->prose, &m->n_prose, node);
  }
  free(tier);
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
  read_event(m, src);
  ex_ctx x = {.m = m, .path = m->path, .zh = !strncmp(m->event.lang, "zh", 2)};
  ex_front_speakers(&x);
  ex_blocks bl;
  ex_blocks_read(&x, body, own_title(m, body), &bl);
  ex_records rs = {0};
  find_talks(&x, &bl, &rs);
  leftovers(&x, &bl);
  ex_agenda_link(&x);
  ex_talk_links_elsewhere(&x);
  ex_speaker_sections(&x, &bl);
  ex_drop_claimed(&bl, &m->about, &m->n_about);
  ex_drop_claimed(&bl, &m->prose, &m->n_prose);
  if (!m->n_agenda)
    ex_agenda_derive(&x);
  ex_sponsors_front(&x);
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
  free(t->day), free(t->track);
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
  free(e->title), free(e->subtitle), free(e->date), free(e->date_text);
  free(e->time), free(e->location), free(e->address), free(e->fee);
  free(e->organizer), free(e->registration), free(e->live), free(e->replay);
  free(e->cover_image), free(e->description), free(e->author), free(e->lang);
  for (size_t i = 0; i < e->n_keywords; i++)
    free(e->keywords[i]);
  free(e->keywords);
  for (size_t i = 0; i < m->n_talks; i++)
    ex_talk_clear(&m->talks[i]);
  free(m->talks);
  for (size_t i = 0; i < m->n_speakers; i++) {
    model_speaker *s = &m->speakers[i];
    free(s->name), free(s->alias), free(s->designation), free(s->company);
    free(s->bio), free(s->photo);
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

char *model_to_json(const model *m) {
  strbuf b = {0};
  const model_event *e = &m->event;
  sb_add(&b, "{\"event\": {");
  json_kv(&b, "title", e->title, 1);
  json_kv(&b, "subtitle", e->subtitle, 1);
  json_kv(&b, "date", e->date, 1);
  json_kv(&b, "date_text", e->date_text, 1);
  json_kv(&b, "time", e->time, 1);
  json_kv(&b, "location", e->location, 1);
  json_kv(&b, "address", e->address, 1);
  json_kv(&b, "fee", e->fee, 1);
  json_kv(&b, "organizer", e->organizer, 1);
  json_kv(&b, "registration", e->registration, 1);
  json_kv(&b, "live", e->live, 1);
  json_kv(&b, "replay", e->replay, 1);
  json_kv(&b, "cover", e->cover_image, 1);
  json_kv(&b, "description", e->description, 1);
  json_kv(&b, "author", e->author, 1);
  json_kv(&b, "lang", e->lang, 0);
  sb_add(&b, "},\n \"talks\": [");
  for (size_t i = 0; i < m->n_talks; i++) {
    const model_talk *t = &m->talks[i];
    sb_add(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "title", t->title, 1);
    json_kv(&b, "title_prefix", t->title_prefix, 1);
    json_kv(&b, "kind", kind_name(t->kind), 1);
    json_kv(&b, "time", t->time, 1);
    json_kv(&b, "day", t->day, 1);
    json_kv(&b, "track", t->track, 1);
    sb_add(&b, "\"speakers\": [");
    for (size_t k = 0; k < t->n_speakers; k++) {
      const model_speaker *s = &m->speakers[t->speakers[k]];
      sb_add(&b, k ? ", {" : "{");
      json_kv(&b, "name", s->name, 1);
      json_kv(&b, "alias", s->alias, 1);
      json_kv(&b, "designation", s->designation, 0);
      sb_addc(&b, '}');
    }
    sb_add(&b, "], ");
    char *abs = blocks_text(t->abstract, t->n_abstract);
    json_kv(&b, "abstract", abs, 1);
    free(abs);
    char *outl = blocks_text(t->outline, t->n_outline);
    json_kv(&b, "outline", outl, 1);
    free(outl);
    sb_add(&b, "\"takeaways\": [");
    for (size_t k = 0; k < t->n_takeaways; k++) {
      if (k)
        sb_add(&b, ", ");
      json_str(&b, t->takeaways[k]);
    }
    sb_add(&b, "], \"links\": [");
    for (size_t k = 0; k < t->n_links; k++) {
      sb_add(&b, k ? ", {" : "{");
      json_kv(&b, "label", t->links[k].label, 1);
      json_kv(&b, "url", t->links[k].url, 0);
      sb_addc(&b, '}');
    }
    sb_add(&b, "], \"labels\": {");
    const model_talk_labels *l = &t->labels;
    json_kv(&b, "speaker", l->speaker, 1);
    json_kv(&b, "time", l->time, 1);
    json_kv(&b, "bio", l->bio, 1);
    json_kv(&b, "abstract", l->abstract, 1);
    json_kv(&b, "outline", l->outline, 1);
    json_kv(&b, "takeaways", l->takeaways, 1);
    json_kv(&b, "links", l->links, 0);
    sb_addf(&b, "}, \"extra_blocks\": %zu, \"line\": %d}", t->n_extra,
            t->line);
  }
  sb_add(&b, "],\n \"speakers\": [");
  for (size_t i = 0; i < m->n_speakers; i++) {
    const model_speaker *s = &m->speakers[i];
    sb_add(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "name", s->name, 1);
    json_kv(&b, "alias", s->alias, 1);
    json_kv(&b, "designation", s->designation, 1);
    json_kv(&b, "company", s->company, 1);
    json_kv(&b, "bio", s->bio, 1);
    json_kv(&b, "photo", s->photo, 0);
    sb_addc(&b, '}');
  }
  sb_add(&b, "],\n \"agenda\": [");
  for (size_t i = 0; i < m->n_agenda; i++) {
    const model_agenda_row *r = &m->agenda[i];
    sb_add(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "time", r->time, 1);
    json_kv(&b, "title", r->title, 1);
    json_kv(&b, "speaker", r->speaker, 1);
    json_kv(&b, "kind", kind_name(r->kind), 1);
    json_kv(&b, "note", r->note, 1);
    json_kv(&b, "day", r->day, 1);
    json_kv(&b, "track", r->track, 1);
    json_kv(&b, "role", r->role, 1);
    sb_addf(&b, "\"talk\": %d, \"line\": %d}", r->talk, r->line);
  }
  sb_add(&b, "],\n \"sponsors\": [");
  for (size_t i = 0; i < m->n_sponsors; i++) {
    const model_sponsor *s = &m->sponsors[i];
    sb_add(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "name", s->name, 1);
    json_kv(&b, "logo", s->logo, 1);
    json_kv(&b, "url", s->url, 1);
    json_kv(&b, "tier", s->tier, 1);
    sb_addf(&b, "\"line\": %d}", s->line);
  }
  sb_addf(&b, "],\n \"about_blocks\": %zu, \"prose_blocks\": %zu}\n",
          m->n_about, m->n_prose);
  return sb_take(&b);
}
