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

/* ---- front matter: speakers and agenda lists ------------------------------ */

/* Scalar of the first of keys in a mapping (plain keys), or NULL. */
static const char *map_str(const front_node *map, const char *const *keys) {
  if (!map || map->kind != FRONT_MAP)
    return NULL;
  for (size_t i = 0; keys[i]; i++)
    for (size_t k = 0; k < map->n; k++)
      if (!strcasecmp(map->keys[k], keys[i]) && front_scalar(map->items[k]) &&
          *map->items[k]->scalar)
        return map->items[k]->scalar;
  return NULL;
}

static const front_node *map_get(const front_node *map, const char *const *keys) {
  if (!map || map->kind != FRONT_MAP)
    return NULL;
  for (size_t i = 0; keys[i]; i++)
    for (size_t k = 0; k < map->n; k++)
      if (!strcasecmp(map->keys[k], keys[i]) && map->items[k]->kind != FRONT_NULL)
        return map->items[k];
  return NULL;
}

/* A person of a front-matter list (a mapping with name, designation,
 * company, bio, photo; or a plain name).  Returns the speaker index, or
 * -1 when the entry names nobody (reported). */
static long fm_person(ex_ctx *x, const front_node *item, const char *list,
                      size_t pos) {
  static const char *const k_name[] = {"name", "fullname", "full_name", "姓名",
                                       "名字", NULL};
  static const char *const k_alias[] = {"alias", "nickname", "花名", NULL};
  static const char *const k_des[] = {"designation", "position", "role",
                                      "job_title", "jobtitle", "job", "title",
                                      "职位", "头衔", NULL};
  static const char *const k_company[] = {"company", "organization",
                                          "organisation", "org", "affiliation",
                                          "employer", "公司", NULL};
  static const char *const k_bio[] = {"bio", "biography", "description", "about",
                                      "intro", "summary", "简介", "介绍", NULL};
  static const char *const k_photo[] = {"image", "photo", "avatar", "picture",
                                        "img", "headshot", "thumbnail", "pic",
                                        NULL};
  static const char *const k_path[] = {"path", "url", "src", NULL};
  if (item->kind == FRONT_SCALAR) {
    char *name = strip_md_link(item->scalar);
    ex_person *ps;
    size_t n = extract_people(name, EX_LENIENT, ex_known, x, &ps);
    long idx = -1;
    for (size_t i = 0; i < n; i++)
      idx = (long)ex_speaker_add(x, &ps[i], item->line);
    extract_people_free(ps, n);
    free(name);
    return idx;
  }
  const char *nm = map_str(item, k_name);
  if (!nm) {
    diag_report(DIAG_EX_FM_ENTRY, x->m->path, item->line, 0, list, pos + 1,
                "name");
    return -1;
  }
  ex_person p = {0};
  char *name = strip_md_link(nm);
  ex_person *ps;
  size_t n = extract_people(name, EX_LENIENT, ex_known, x, &ps);
  if (n == 1 && !ps[0].designation) {
    p.name = xstrdup(ps[0].name);
    p.alias = xstrdup(ps[0].alias);
  } else {
    p.name = util_trim(name);
  }
  extract_people_free(ps, n);
  free(name);
  const char *alias = map_str(item, k_alias);
  if (alias) {
    free(p.alias);
    p.alias = xstrdup(alias);
  }
  const char *des = map_str(item, k_des), *company = map_str(item, k_company);
  if (des && company && !strstr(des, company))
    p.designation = ex_has_han(des) || ex_has_han(company)
                        ? xasprintf("%s %s", company, des)
                        : xasprintf("%s, %s", des, company);
  else if (des || company)
    p.designation = xstrdup(des ? des : company);
  p.company = xstrdup(company);
  size_t idx = ex_speaker_add(x, &p, item->line);
  free(p.name), free(p.alias), free(p.designation), free(p.company);
  model_speaker *s = &x->m->speakers[idx];
  const front_node *ph = map_get(item, k_photo);
  const char *photo = front_scalar(ph) ? ph->scalar : map_str(ph, k_path);
  if (photo && !s->photo)
    s->photo = xstrdup(photo);
  const char *bio = map_str(item, k_bio);
  if (bio) {
    char *b = util_trim(bio);
    ex_speaker_bio(x, idx, b);
    free(b);
  }
  return (long)idx;
}

/* Hugo `speaker:` and Jekyll `speakers:` / `presenters:` lists. */
static void fm_speakers(ex_ctx *x) {
  static const char *const lists[] = {"speaker", "speakers", "presenter",
                                      "presenters", NULL};
  for (size_t l = 0; lists[l]; l++) {
    const front_node *n = front_get(x->m->front, lists[l]);
    if (!n)
      continue;
    if (n->kind == FRONT_SCALAR) {
      fm_person(x, n, lists[l], 0);
    } else if (n->kind == FRONT_SEQ) {
      for (size_t i = 0; i < n->n; i++)
        fm_person(x, n->items[i], lists[l], i);
    } else if (n->kind == FRONT_MAP) {
      static const char *const k_name[] = {"name", NULL};
      if (map_str(n, k_name)) {
        fm_person(x, n, lists[l], 0);
      } else { /* a mapping of ids to people */
        for (size_t i = 0; i < n->n; i++)
          if (n->items[i]->kind == FRONT_MAP)
            fm_person(x, n->items[i], lists[l], i);
      }
    }
  }
}

static void push_talk(model *m, size_t *cap, const model_talk *t) {
  if (m->n_talks + 1 > *cap) {
    *cap = *cap ? *cap * 2 : 8;
    m->talks = xrealloc(m->talks, *cap * sizeof *m->talks);
  }
  m->talks[m->n_talks++] = *t;
}

/* One entry of a front-matter agenda or talk list. */
static void fm_entry(ex_ctx *x, const front_node *item, const char *list,
                     size_t pos, int make_talk, size_t *talk_cap) {
  static const char *const k_time[] = {"time", "when", "slot", "时间", NULL};
  static const char *const k_start[] = {"start", "start_time", "from", NULL};
  static const char *const k_end[] = {"end", "end_time", "to", "until", NULL};
  static const char *const k_title[] = {"title", "topic", "talk", "session",
                                        "subject", "name", "议题", "主题", NULL};
  static const char *const k_people[] = {"speaker", "speakers", "presenter",
                                         "presenters", "by", "讲师", "嘉宾", NULL};
  static const char *const k_abs[] = {"abstract", "description", "summary",
                                      "简介", "摘要", NULL};
  if (item->kind == FRONT_SCALAR) {
    size_t lt = extract_leading_time(item->scalar);
    char *tm = xstrndup(item->scalar, lt);
    char *rest = ex_trim_seps(item->scalar + lt);
    ex_agenda_add(x, tm, rest, NULL, NULL, NULL, item->line);
    free(tm), free(rest);
    return;
  }
  if (item->kind != FRONT_MAP)
    return;
  const char *title = map_str(item, k_title);
  if (!title) {
    diag_report(DIAG_EX_FM_ENTRY, x->m->path, item->line, 0, list, pos + 1,
                "title");
    return;
  }
  char *time = NULL;
  const char *t1 = map_str(item, k_time);
  const char *st = map_str(item, k_start), *en = map_str(item, k_end);
  if (t1)
    time = xstrdup(t1);
  else if (st)
    time = en ? xasprintf("%s-%s", st, en) : xstrdup(st);
  /* speakers: a text, or a list of names or of people */
  size_t *idx = NULL, n_idx = 0;
  strbuf names = {0};
  const front_node *pn = map_get(item, k_people);
  if (pn && pn->kind == FRONT_SCALAR) {
    sb_add(&names, pn->scalar);
  } else if (pn && (pn->kind == FRONT_SEQ || pn->kind == FRONT_MAP)) {
    size_t count = pn->kind == FRONT_SEQ ? pn->n : 1;
    for (size_t i = 0; i < count; i++) {
      const front_node *it = pn->kind == FRONT_SEQ ? pn->items[i] : pn;
      long k = fm_person(x, it, list, pos);
      if (k < 0)
        continue;
      idx = xrealloc(idx, (n_idx + 1) * sizeof *idx);
      idx[n_idx++] = (size_t)k;
      if (names.len)
        sb_add(&names, x->zh ? "、" : ", ");
      sb_add(&names, x->m->speakers[k].name);
    }
  }
  char *people = sb_take(&names);
  ex_agenda_add(x, time, title, people, NULL, NULL, item->line);
  model_agenda_row *row = &x->m->agenda[x->m->n_agenda - 1];
  /* the entry's day, track (or room) and the speaker's role */
  static const char *const k_day[] = {"day", "date", NULL};
  static const char *const k_track[] = {"track", "room", "hall", NULL};
  static const char *const k_role[] = {"role", "position", "职务", NULL};
  row->day = xstrdup(map_str(item, k_day));
  row->track = xstrdup(map_str(item, k_track));
  row->role = xstrdup(map_str(item, k_role));
  if (make_talk && row->kind != MODEL_BREAK) {
    model_talk t = {0};
    t.title = xstrdup(row->title);
    t.kind = row->kind;
    t.time = *row->time ? xstrdup(row->time) : NULL;
    t.line = item->line;
    t.day = xstrdup(row->day);
    t.track = xstrdup(row->track);
    if (!n_idx && *row->speaker) {
      ex_person *ps;
      size_t n = extract_people(row->speaker, EX_LENIENT, ex_known, x, &ps);
      for (size_t i = 0; i < n; i++) {
        idx = xrealloc(idx, (n_idx + 1) * sizeof *idx);
        idx[n_idx++] = ex_speaker_add(x, &ps[i], item->line);
      }
      extract_people_free(ps, n);
    }
    t.speakers = idx;
    t.n_speakers = n_idx;
    idx = NULL;
    const char *abs = map_str(item, k_abs);
    if (abs) {
      const front_node *an = map_get(item, k_abs);
      md_node *doc = body_parse_text(x->m->path, abs, strlen(abs), an->line);
      if (!x->m->front_body)
        x->m->front_body = body_parse_text(NULL, "", 0, 1);
      md_node *fb = x->m->front_body;
      doc->parent = fb;
      doc->prev = fb->last;
      if (fb->last)
        fb->last->next = doc;
      else
        fb->first = doc;
      fb->last = doc;
      for (const md_node *c = doc->first; c; c = c->next)
        ex_push(&t.abstract, &t.n_abstract, c);
    }
    push_talk(x->m, talk_cap, &t);
  }
  free(idx);
  free(people), free(time);
}

/* `schedule:` / `agenda:` lists (agenda rows), `talks:` / `sessions:`
 * (also talks, when the body has none). */
static void fm_lists(ex_ctx *x, int body_talks, size_t *talk_cap) {
  static const char *const lists[] = {"schedule", "agenda", "program",
                                      "programme", "talks", "sessions", NULL};
  for (size_t l = 0; lists[l]; l++) {
    const front_node *n = front_get(x->m->front, lists[l]);
    if (!n)
      continue;
    int talks = l >= 4 && !body_talks;
    if (n->kind == FRONT_SEQ) {
      for (size_t i = 0; i < n->n; i++)
        fm_entry(x, n->items[i], lists[l], i, talks, talk_cap);
    } else if (n->kind == FRONT_MAP) { /* days: lists of entries */
      for (size_t d = 0; d < n->n; d++)
        if (n->items[d]->kind == FRONT_SEQ)
          for (size_t i = 0; i < n->items[d]->n; i++)
            fm_entry(x, n->items[d]->items[i], lists[l], i, talks, talk_cap);
    }
  }
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

/* ---- blocks ------------------------------------------------------------------- */

/* What the talk finder knows of a top-level block. */
typedef struct binfo {
  md_node *n;       /* the block */
  int level;        /* heading level; 7 for other blocks */
  unsigned ev;      /* talk cues at the start of its lines (1 << ex_cue) */
  int cue_heading;  /* a heading that is a cue ("### Abstract") */
  int cand;         /* title candidate: 0 no, 1 heading, 2 bold or 《》
                       paragraph, 3 "议题：…" line */
  int decorated;    /* title in 《》 or numbered "议题1：" */
  int section;      /* heading names an about/agenda section ("关于") */
  int sponsor;      /* 1 in a sponsors section, 2 its heading */
  int start;        /* 1 when a talk starts here */
  int talk_list;    /* 1 for a list whose items are talks */
  int owner;        /* talk whose range holds it, or -1 */
} binfo;

#define EVB(k) (1u << (k))

static int talk_cue_kind(ex_cue k) { return k >= EX_CUE_SPEAKER && k <= EX_CUE_ROLE; }

static int has_any(const char *folded, const char *const *words) {
  for (size_t i = 0; words[i]; i++)
    if (strstr(folded, words[i]))
      return 1;
  return 0;
}

static const char *const sponsor_words[] = {
    "致谢", "感谢", "鸣谢", "赞助", "合作伙伴", "合作单位", "合作方", "合作社区",
    "支持单位", "支持社区", "协办", "联合主办", "媒体支持", "社区伙伴", "sponsor",
    "thanks", "thankyou", "partner", "supporter", "acknowledg", NULL};

static const char *const section_words[] = {
    "关于", "活动介绍", "活动简介", "活动信息", "活动详情", "活动概要", "议程",
    "日程", "概要", "概述", "直播信息", "报名", "交通", "须知", "注意事项", "联系",
    "了解更多", "回顾", "agenda", "schedule", "program", "about", "overview",
    "venue", "registration", "contact", "faq", "conduct", "travel", NULL};

/* 1 when the first line of paragraph p (up to its first break) is all
 * strong emphasis. */
static int first_line_bold(const md_node *p) {
  int strong = 0;
  for (const md_node *c = p->first; c; c = c->next) {
    if (c->type == MD_SOFTBREAK || c->type == MD_LINEBREAK || ex_is_br(c))
      break;
    if (c->type == MD_STRONG) {
      strong = 1;
    } else if (c->type == MD_TEXT) {
      for (const char *s = c->text; *s; s++)
        if (*s != ' ' && *s != '\t')
          return 0;
    } else {
      return 0;
    }
  }
  return strong;
}

/* 2 when a title line is wholly in 《》, 1 when it is numbered with a word
 * ("议题1：", "Topic 2:", "第三场："), else 0. */
static int is_decorated(const char *text) {
  char *prefix = NULL;
  char *clean = extract_title_clean(text, &prefix);
  char *t = util_trim(text);
  int quoted = !strncmp(t, "《", 3) && !prefix && strcmp(clean, t);
  int numbered = prefix && !(prefix[0] >= '0' && prefix[0] <= '9');
  free(prefix), free(clean), free(t);
  return quoted ? 2 : numbered;
}

/* 1 when a line ends like a sentence ("。", "！", "."): not a title. */
static int sentence_end(const char *t) {
  size_t n = strlen(t);
  static const char *const ends[] = {"。", "！", "？", ".", "!", "?", "；"};
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    size_t l = strlen(ends[i]);
    if (n >= l && !strcmp(t + n - l, ends[i]))
      return 1;
  }
  return 0;
}

/* Title text of a candidate: its first line, after a "议题：" cue and a
 * time ("14:00-14:40 《…》"). */
static char *cand_title(const binfo *bi) {
  ex_line *L;
  size_t nl = ex_lines(bi->n, &L);
  const char *t = nl ? L[0].text : "";
  ex_cue_hit h;
  for (size_t i = 0; bi->cand == 3 && i < nl; i++)
    if (extract_cue(L[i].text, &h) == EX_CUE_TOPIC && L[i].text[h.value]) {
      t = L[i].text + h.value;
      break;
    }
  t += extract_leading_time(t);
  char *r = ex_trim_seps(t);
  ex_lines_free(L, nl);
  return r;
}

/* Talk cues in the lines of block b and of the blocks inside it. */
static unsigned cue_bits(const md_node *b) {
  unsigned ev = 0;
  if (b->type == MD_PARAGRAPH || b->type == MD_HEADING) {
    ex_line *L;
    size_t nl = ex_lines(b, &L);
    for (size_t i = 0; i < nl; i++) {
      ex_cue_hit h;
      ex_cue k = extract_cue(L[i].text, &h);
      if (talk_cue_kind(k))
        ev |= EVB(k);
    }
    ex_lines_free(L, nl);
    return ev;
  }
  for (const md_node *c = b->first; c; c = c->next)
    ev |= cue_bits(c);
  return ev;
}

static void classify(binfo *bi) {
  md_node *n = bi->n;
  bi->level = 7;
  bi->owner = -1;
  if (n->type == MD_HEADING || n->type == MD_PARAGRAPH) {
    ex_line *L;
    size_t nl = ex_lines(n, &L);
    int cue_block = 0;
    for (size_t i = 0; i < nl; i++) {
      ex_cue_hit h;
      ex_cue k = extract_cue(L[i].text, &h);
      if (!talk_cue_kind(k))
        continue;
      bi->ev |= EVB(k);
      if (i == 0)
        cue_block = 1;
      /* "议题：…" as a line of a block of cue lines names a talk */
      if (cue_block && k == EX_CUE_TOPIC && L[i].text[h.value])
        bi->cand = 3;
      if (i == 0 && n->type == MD_HEADING && k != EX_CUE_TOPIC)
        bi->cue_heading = 1;
      if (i == 0 && k != EX_CUE_TOPIC && bi->cand != 3)
        bi->cand = -1; /* a cue line is never a title */
    }
    const char *first = nl ? L[0].text : "";
    if (n->type == MD_HEADING) {
      bi->level = n->level;
      char *f = ex_fold(first);
      if (has_any(f, sponsor_words) && ex_cps(f) <= 16)
        bi->sponsor = 2;
      bi->section = has_any(f, section_words);
      free(f);
      if (!bi->cand)
        bi->cand = 1;
      if (bi->cue_heading && bi->cand == 3)
        bi->cue_heading = 0;
    } else if (!bi->cand && nl) {
      char *t = util_trim(first);
      size_t cps = ex_cps(t);
      int colon_end = cps && (!strcmp(t + strlen(t) - 1, ":") ||
                              (strlen(t) >= 3 && !strcmp(t + strlen(t) - 3, "：")));
      /* a bold line, or a plain one wholly in 《》 */
      char *tt = ex_trim_seps(t + extract_leading_time(t));
      if (cps && cps <= 100 && !colon_end && !sentence_end(t) &&
          (first_line_bold(n) || is_decorated(tt) == 2))
        bi->cand = 2;
      free(tt);
      free(t);
    }
    if (bi->cand > 0) {
      char *title = cand_title(bi);
      bi->decorated = is_decorated(title) > 0;
      free(title);
    }
    if (bi->cand < 0)
      bi->cand = 0;
    ex_lines_free(L, nl);
  } else if (n->type == MD_LIST) {
    /* the cues of each item's first paragraph */
    for (const md_node *it = n->first; it; it = it->next)
      if (it->first && it->first->type == MD_PARAGRAPH)
        bi->ev |= cue_bits(it->first);
  }
}

/* A strict person line ("Jane Doe, Staff Engineer at Acme", "> 张三 某公司
 * 架构师") right under a title. */
static int is_person_line(ex_ctx *x, const md_node *b) {
  if (b->type == MD_BLOCKQUOTE && b->first && b->first == b->last)
    b = b->first;
  if (b->type != MD_PARAGRAPH)
    return 0;
  char *t = ex_text(b);
  int ok = 0;
  if (!strchr(t, '\n') && ex_cps(t) <= 80) {
    ex_person *ps;
    size_t n = extract_people(t, EX_STRICT, ex_known, x, &ps);
    extract_people_free(ps, n);
    ok = n > 0;
  }
  free(t);
  return ok;
}


/* Which candidates start talks. */
static void find_talks(ex_ctx *x, binfo *bi, size_t n) {
  const unsigned strong = EVB(EX_CUE_SPEAKER) | EVB(EX_CUE_BIO) |
                          EVB(EX_CUE_TAKEAWAYS);
  for (size_t i = 0; i < n; i++) {
    binfo *b = &bi[i];
    if (!b->cand || b->sponsor)
      continue;
    if (b->section && !b->decorated)
      continue;
    unsigned ev = b->cand == 1 ? 0 : b->ev;
    size_t j = i + 1;
    for (; j < n; j++) {
      const binfo *c = &bi[j];
      /* "### 第一场" then "议题：…": the topic line belongs to the heading */
      int topic_under = b->cand == 1 && j == i + 1 && c->cand == 3;
      if ((c->n->type == MD_HEADING &&
           (!c->cue_heading || (b->cand == 1 && c->level <= b->level))) ||
          c->cand == 2 || (c->cand == 3 && !topic_under) || c->sponsor)
        break;
      ev |= c->ev;
    }
    int is = b->decorated || (ev & strong) ||
             ((ev & EVB(EX_CUE_ABSTRACT)) && (ev & EVB(EX_CUE_TIME)));
    if (!is && b->cand == 3)
      is = (ev & (EVB(EX_CUE_TIME) | EVB(EX_CUE_ABSTRACT))) != 0;
    if (!is && b->cand != 3 && i + 1 < n && j > i + 1)
      is = is_person_line(x, bi[i + 1].n);
    if (!is && j > i + 1) {
      char *t = cand_title(b), *tp = NULL, *pp = NULL;
      is = extract_title_people(t, ex_known, x, &tp, &pp);
      free(t), free(tp), free(pp);
    }
    b->start = is;
  }
  for (size_t i = 0; i + 1 < n; i++)
    if (bi[i].start && bi[i].cand == 1 && bi[i + 1].cand == 3)
      bi[i + 1].start = 0;
  /* headings at a talk heading's level between two talk headings are talks
   * too (a talk whose page names no speaker) */
  long prev = -1;
  for (size_t i = 0; i < n; i++) {
    if (!bi[i].start || bi[i].cand != 1)
      continue;
    if (prev >= 0 && bi[prev].level == bi[i].level) {
      int ok = 1;
      for (size_t j = (size_t)prev + 1; j < i && ok; j++)
        if (bi[j].n->type == MD_HEADING && !bi[j].cue_heading &&
            bi[j].level < bi[i].level)
          ok = 0;
      for (size_t j = (size_t)prev + 1; j < i && ok; j++)
        if (bi[j].n->type == MD_HEADING && !bi[j].cue_heading &&
            bi[j].level == bi[i].level && !bi[j].sponsor && !bi[j].section)
          bi[j].start = 1;
    }
    prev = (long)i;
  }
}

/* 1 when list item it opens with a talk title: a first line led by bold
 * text or by 《》 that is neither a cue nor a sentence.  *evidence: the
 * item also holds talk cues (speaker, time, abstract …) or names its
 * speaker in the title line ("**Title** — Name", "Title by Name"). */
static int item_talk(ex_ctx *x, const md_node *it, int *evidence) {
  *evidence = 0;
  const md_node *p = it->first;
  if (!p || p->type != MD_PARAGRAPH)
    return 0;
  const md_node *c0 = p->first;
  while (c0 && c0->type == MD_TEXT && !*c0->text)
    c0 = c0->next;
  ex_line *L;
  size_t nl = ex_lines(p, &L);
  char *t = util_trim(nl ? L[0].text : "");
  const char *tt = t + extract_leading_time(t);
  while (*tt == ' ')
    tt++;
  ex_cue_hit h;
  int ok = *t && ex_cps(t) <= 100 && !sentence_end(t) &&
           !talk_cue_kind(extract_cue(t, &h)) &&
           ((c0 && c0->type == MD_STRONG) || !strncmp(tt, "《", 3));
  if (ok) {
    unsigned ev = 0;
    for (size_t i = 1; i < nl; i++) {
      ex_cue k = extract_cue(L[i].text, &h);
      if (talk_cue_kind(k))
        ev |= EVB(k);
    }
    for (const md_node *c = p->next; c; c = c->next)
      ev |= cue_bits(c);
    char *tp = NULL, *pp = NULL;
    int people = extract_title_people(tt, ex_known, x, &tp, &pp);
    free(tp), free(pp);
    *evidence = people || (ev & ~EVB(EX_CUE_LINK)) != 0;
  }
  free(t);
  ex_lines_free(L, nl);
  return ok;
}

/* 1 when list b is a list of talks: every item opens with a title, and
 * at least two (and half) of them show they are talks. */
static int talk_list(ex_ctx *x, const md_node *b) {
  if (b->type != MD_LIST)
    return 0;
  size_t n = 0, evid = 0;
  for (const md_node *it = b->first; it; it = it->next) {
    int e;
    if (!item_talk(x, it, &e))
      return 0;
    n++;
    evid += (size_t)e;
  }
  return n >= 2 && evid >= 2 && 2 * evid >= n;
}

/* No talk titles at all: a speaker cue still makes one talk, named by a
 * "议题：" line near it or by the event. */
static long lone_talk(binfo *bi, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!bi[i].sponsor && (bi[i].ev & EVB(EX_CUE_SPEAKER)) &&
        bi[i].n->type != MD_HEADING)
      return (long)i;
  return -1;
}

/* A block of a sponsors section (bi[i]): sponsors (read into the model
 * with the current *tier), a sub-heading over sponsors (their tier, kept
 * in *tier), or prose.  Returns 1 when the block is claimed. */
static int sponsor_part(ex_ctx *x, const binfo *bi, size_t n, size_t i,
                        char **tier) {
  const md_node *node = bi[i].n;
  if (node->type == MD_HEADING) {
    free(*tier);
    *tier = NULL;
    if (node == x->m->sponsors_heading || i + 1 >= n ||
        bi[i + 1].sponsor != 1 || bi[i + 1].owner >= 0 ||
        !ex_sponsor_is_block(bi[i + 1].n))
      return 0;
    char *t = ex_text(node);
    if (!*t || strchr(t, '\n')) {
      free(t);
      return 0;
    }
    *tier = t;
    return 1;
  }
  return bi[i].sponsor == 1 && ex_sponsor_block(x, node, *tier);
}

/* The speaker a block names by itself: a heading or a wholly bold line
 * that is a known speaker's name ("### 沈清和", "**闻笛（向量实验室）**"),
 * or -1. */
static long speaker_named_by(ex_ctx *x, const binfo *b) {
  const md_node *n = b->n;
  if (n->type != MD_HEADING &&
      !(n->type == MD_PARAGRAPH && first_line_bold(n) && !n->first->next))
    return -1;
  char *t = ex_text(n);
  long i = -1;
  if (!strchr(t, '\n') && ex_cps(t) <= 40) {
    char *name = util_trim(t);
    i = ex_speaker_find(x, name, strlen(name));
    if (i < 0) {
      ex_person *ps;
      size_t np = extract_people(name, EX_STRICT, ex_known, x, &ps);
      if (np == 1)
        i = ex_speaker_find(x, ps[0].name, strlen(ps[0].name));
      extract_people_free(ps, np);
    }
    free(name);
  }
  free(t);
  return i;
}

/* Owners of blocks besides talks (binfo.owner): read into the agenda or
 * the sponsors, or into a speaker (and taken out of the prose again). */
#define CLAIMED (INT_MAX - 1)
#define SPEAKER_CLAIM INT_MAX

/* Take the blocks speakers claimed out of arr (which holds blocks in the
 * order of bi). */
static void drop_claimed(const binfo *bi, size_t n, const md_node ***arr,
                         size_t *cnt) {
  size_t r = 0, w = 0;
  for (size_t k = 0; k < n && r < *cnt; k++) {
    if (bi[k].n != (*arr)[r])
      continue;
    if (bi[k].owner != SPEAKER_CLAIM)
      (*arr)[w++] = (*arr)[r];
    r++;
  }
  while (r < *cnt)
    (*arr)[w++] = (*arr)[r++];
  *cnt = w;
}

/* The known speaker whose bold name opens paragraph p and a sentence
 * about them ("**Priya Raman** is a data engineer at …", "**沈清和**，某
 * 公司工程师……"), or -1. */
static long bio_lead(ex_ctx *x, const md_node *p) {
  if (p->type != MD_PARAGRAPH || !p->first || p->first->type != MD_STRONG ||
      !p->first->next)
    return -1;
  char *name = md_plain_text(p->first), *all = ex_text(p);
  char *nm = util_trim(name);
  long i = ex_speaker_find(x, nm, strlen(nm));
  if (i >= 0 && ex_cps(all) < ex_cps(nm) + 8)
    i = -1; /* a name and a word or two: not a bio */
  free(name), free(all), free(nm);
  return i;
}

/* The heading just before bi[i], when it names a section of speakers
 * ("## 嘉宾介绍", "## Speakers"), titles the speaker cards: taken. */
static void take_speakers_heading(ex_ctx *x, binfo *bi, size_t i) {
  static const char *const words[] = {"嘉宾", "讲师", "讲者", "分享人", "分享者",
                                      "主讲", "speaker", "presenter", "bio", NULL};
  if (x->m->speakers_heading || i == 0 || bi[i - 1].owner >= 0 ||
      bi[i - 1].n->type != MD_HEADING ||
      (bi[i].n->type == MD_HEADING && bi[i - 1].level >= bi[i].level))
    return;
  char *t = md_plain_text(bi[i - 1].n), *f = ex_fold(t);
  if (has_any(f, words) && ex_cps(f) <= 16) {
    x->m->speakers_heading = bi[i - 1].n;
    bi[i - 1].owner = SPEAKER_CLAIM;
  }
  free(t), free(f);
}

/* A section of speakers after the talks ("## 嘉宾介绍" over "### 沈清和"
 * and her bio): the blocks under a known speaker's name up to the next
 * name or heading as high go to that speaker — paragraphs as the bio,
 * a paragraph of one image as the photo — and are claimed.  The section's
 * own heading titles the speaker cards. */
static void speaker_sections(ex_ctx *x, binfo *bi, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (bi[i].owner >= 0 || bi[i].sponsor)
      continue;
    long lead = bio_lead(x, bi[i].n);
    if (lead >= 0) { /* "**Priya Raman** is a data engineer at …" */
      char *t = ex_text(bi[i].n);
      ex_speaker_bio(x, (size_t)lead, t);
      free(t);
      bi[i].owner = SPEAKER_CLAIM;
      take_speakers_heading(x, bi, i);
      continue;
    }
    long sp = speaker_named_by(x, &bi[i]);
    if (sp < 0)
      continue;
    int level = bi[i].level;
    size_t j = i + 1;
    int ok = 1;
    for (; j < n; j++) {
      const binfo *b = &bi[j];
      if (b->owner >= 0 || b->sponsor ||
          (b->n->type == MD_HEADING && b->level <= level) ||
          speaker_named_by(x, b) >= 0)
        break;
      if (b->n->type != MD_PARAGRAPH && b->n->type != MD_LIST &&
          b->n->type != MD_BLOCKQUOTE)
        ok = 0; /* tables, code: not a bio; left as prose */
    }
    if (!ok || j == i + 1)
      continue;
    model_speaker *s = &x->m->speakers[sp];
    for (size_t k = i + 1; k < j; k++) {
      const md_node *b = bi[k].n;
      if (b->type == MD_PARAGRAPH && ex_only_images(b) && b->first &&
          b->first->type == MD_IMAGE && !b->first->next && !s->photo &&
          b->first->url) {
        s->photo = xstrdup(b->first->url);
      } else {
        char *t = ex_text(b);
        ex_speaker_bio(x, (size_t)sp, t);
        free(t);
      }
      bi[k].owner = SPEAKER_CLAIM;
    }
    bi[i].owner = SPEAKER_CLAIM;
    take_speakers_heading(x, bi, i);
    i = j - 1;
  }
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

model *model_extract(const source *src, front_node *front, md_node *body) {
  model *m = xcalloc(1, sizeof *m);
  m->path = xstrdup(src->path);
  m->dir = xstrdup(src->dir);
  m->front = front;
  m->body = body;
  read_event(m, src);
  ex_ctx x = {.m = m, .path = m->path, .zh = !strncmp(m->event.lang, "zh", 2)};
  fm_speakers(&x);

  /* A leading H1 that repeats the title is the page's own title line: the
   * cover prints it, so it is not printed twice. */
  const md_node *skip = NULL;
  const md_node *h1 = leading_h1(body);
  if (h1) {
    char *t = md_plain_text(h1);
    char *a = strip_md_link(t);
    char *fa = ex_fold(a), *ft = ex_fold(m->event.title);
    if (*fa && (!strcmp(fa, ft) || strstr(ft, fa) || strstr(fa, ft)))
      skip = h1;
    free(t), free(a), free(fa), free(ft);
  }
  size_t n = 0, cap = 0;
  binfo *bi = NULL;
  for (md_node *b = body ? body->first : NULL; b; b = b->next)
    if (b != skip) {
      binfo z = {.n = b};
      VEC_PUSH(bi, n, cap, z);
    }
  for (size_t i = 0; i < n; i++)
    classify(&bi[i]);
  /* sponsor sections: from their heading to the next heading as high */
  for (size_t i = 0; i < n; i++) {
    if (bi[i].sponsor != 2)
      continue;
    if (!m->sponsors_heading)
      m->sponsors_heading = bi[i].n;
    size_t j = i + 1;
    for (; j < n; j++) {
      if (bi[j].n->type == MD_HEADING && bi[j].level <= bi[i].level)
        break;
      bi[j].sponsor = 1;
    }
    i = j - 1;
  }
  find_talks(&x, bi, n);

  /* talks and their ranges */
  size_t talk_cap = 0, first_start = n;
  long lone = -1;
  size_t n_starts = 0;
  for (size_t i = 0; i < n; i++)
    n_starts += bi[i].start;
  int list_talks = 0; /* talks written as the items of lists */
  for (size_t i = 0; !n_starts && i < n; i++)
    if (!bi[i].sponsor && talk_list(&x, bi[i].n))
      bi[i].talk_list = 1, list_talks = 1;
  if (!n_starts && !list_talks) {
    lone = lone_talk(bi, n);
    if (lone >= 0)
      n_starts = 1;
  }
  for (size_t i = 0; i < n; i++) {
    if (bi[i].talk_list) {
      if (first_start == n)
        first_start = i;
      bi[i].owner = (int)m->n_talks;
      for (md_node *it = bi[i].n->first; it; it = it->next) {
        size_t ti = m->n_talks;
        model_talk t = {.line = it->line};
        push_talk(m, &talk_cap, &t);
        size_t nb = 0;
        for (md_node *c = it->first->next; c; c = c->next)
          nb++;
        md_node **blocks = xmalloc((nb ? nb : 1) * sizeof *blocks);
        nb = 0;
        for (md_node *c = it->first->next; c; c = c->next)
          blocks[nb++] = c;
        ex_talk_fill(&x, ti, it->first, blocks, nb);
        free(blocks);
      }
      continue;
    }
    if (!bi[i].start && (long)i != lone)
      continue;
    if (first_start == n)
      first_start = i;
    size_t ti = m->n_talks;
    model_talk t = {0};
    t.line = bi[i].n->line;
    if ((long)i == lone) {
      t.title = xstrdup(m->event.title);
    }
    push_talk(m, &talk_cap, &t);
    int level = bi[i].level;
    size_t j = i + 1;
    for (; j < n; j++) {
      if (bi[j].start || bi[j].sponsor == 2)
        break;
      if (bi[j].n->type == MD_HEADING && bi[j].level <= level &&
          (!bi[j].cue_heading || level < 7) && (bi[j].cand != 3 || level == 7))
        break;
    }
    md_node **blocks = xmalloc((j - i) * sizeof *blocks);
    size_t nb = 0;
    for (size_t k = i + ((long)i == lone ? 0 : 1); k < j; k++) {
      blocks[nb++] = bi[k].n;
      bi[k].owner = (int)ti;
    }
    bi[i].owner = (int)ti;
    ex_talk_fill(&x, ti, (long)i == lone ? NULL : bi[i].n, blocks, nb);
    free(blocks);
    i = j - 1;
  }
  if (first_start < n && first_start > 0) {
    const binfo *b = &bi[first_start - 1];
    if (b->n->type == MD_HEADING && !b->cue_heading && b->owner < 0 &&
        (b->level < bi[first_start].level || bi[first_start].level == 7))
      m->talks_heading = b->n;
  }

  /* what no talk holds: agenda, sponsors, the rest about or prose */
  int warned = 0;
  char *tier = NULL; /* the sponsors' tier heading read last */
  ex_cue sec_cue = EX_CUE_NONE; /* what the last heading names */
  for (size_t i = 0; i < n; i++) {
    binfo *b = &bi[i];
    if (!b->sponsor)
      free(tier), tier = NULL;
    if (b->owner >= 0) {
      sec_cue = EX_CUE_NONE;
      continue;
    }
    md_node *node = b->n;
    if (node->type == MD_TABLE && ex_agenda_table(&x, node)) {
      if (i > 0 && bi[i - 1].n->type == MD_HEADING && !m->agenda_heading)
        m->agenda_heading = bi[i - 1].n;
      b->owner = CLAIMED;
      continue;
    }
    if (b->sponsor && sponsor_part(&x, bi, n, i, &tier)) {
      b->owner = CLAIMED;
      continue;
    }
    if ((node->type == MD_LIST || node->type == MD_PARAGRAPH) && !b->sponsor &&
        ex_time_list(&x, node)) {
      if (i > 0 && bi[i - 1].n->type == MD_HEADING && !m->agenda_heading)
        m->agenda_heading = bi[i - 1].n;
      b->owner = CLAIMED;
      continue;
    }
    int about = i < first_start;
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
    event_lines(&x, node, about, &warned);
    if (about)
      ex_push(&m->about, &m->n_about, node);
    else
      ex_push(&m->prose, &m->n_prose, node);
  }
  free(tier);

  /* the agenda: the page's table, else front-matter lists, else the
   * talks' times */
  size_t rows_before = m->n_agenda;
  fm_lists(&x, m->n_talks > 0, &talk_cap);
  if (rows_before) {
    /* the page's own agenda wins over front-matter lists */
    for (size_t i = rows_before; i < m->n_agenda; i++)
      model_agenda_row_free(&m->agenda[i]);
    m->n_agenda = rows_before;
  }
  ex_agenda_link(&x);
  ex_talk_links_elsewhere(&x);
  /* bios in a section of speakers (the agenda has named them all now) */
  speaker_sections(&x, bi, n);
  drop_claimed(bi, n, &m->about, &m->n_about);
  drop_claimed(bi, n, &m->prose, &m->n_prose);
  free(bi);
  if (!m->n_agenda)
    ex_agenda_derive(&x);

  /* sponsors named in the front matter */
  ex_sponsors_front(&x);

  for (size_t i = 0; i < x.hcap; i++)
    free(x.hkeys[i]);
  free(x.hkeys), free(x.hvals);
  for (size_t i = 0; i < m->n_sponsors && i < x.key_cap; i++)
    free(x.spon_keys[i]);
  free(x.spon_keys);
  return m;
}

void model_agenda_row_free(model_agenda_row *r) {
  free(r->time), free(r->title), free(r->speaker), free(r->note);
  free(r->day), free(r->track), free(r->role);
}

static void free_talk(model_talk *t) {
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
    free_talk(&m->talks[i]);
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
