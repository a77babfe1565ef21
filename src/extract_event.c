/* extract_event.c — the event's facts: its name (and a site's decoration
 * on it, as a kicker), day and end day, start and end time, time zone,
 * venue, address, city, whether it is online, registration, live-stream
 * and replay addresses, the post's own date, the description, cover,
 * keywords and the page's language; each fact with the input line it came
 * from.
 *
 * Facts are gathered from several sources and decided at the end, most
 * trusted first: explicit event keys of the front matter (event_date,
 * start, startDate, meeting_date, time, venue, location: {city} …), the
 * body's info lines under cue words ("活动时间：", "- **Date:**", "| Venue |
 * … |", a "## When" section), date headings and bold date lines, the days
 * of the agenda and the talks, a sentence of the introduction ("将于 3 月
 * 29 日在清华大学举办", "will take place on June 30th, 2022 at …"), the
 * description, and only then the front matter's `date` — on Hugo and
 * Jekyll sites the post's publication date, used only when nothing else
 * says when the event is and the page reads as an announcement, never for
 * a recap.  A day without a year takes the post's year (the next year when
 * the month is earlier than the post's, the previous one for a recap).
 * When two trusted sources disagree, a warning names both lines and the
 * more specific one is kept.
 *
 * Entry points (extract_int.h): ex_event_front before anything else,
 * ex_event_block (extract_event_body.c) for each top-level body block no
 * talk claimed, ex_event_finish once talks and agenda are known.  This
 * file reads the front matter and decides; nothing here claims a block:
 * every line read stays in the booklet where it was. */
#include "extract_event_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"

void ev_when_init(ev_when *w) {
  memset(w, 0, sizeof *w);
  w->h1 = w->m1 = w->h2 = w->m2 = -1;
}

void ev_when_free(ev_when *w) { free(w->tz), free(w->text); }

/* Days since a fixed day (a year of 0, for a day written without one,
 * counts as 2000): for comparing and counting days. */
long ev_day_num(int y, int m, int d) {
  if (!y)
    y = 2000;
  y -= m <= 2;
  long era = y / 400, yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

char *ev_ymd(int y, int m, int d) { return xasprintf("%04d-%02d-%02d", y, m, d); }

void ev_set_str(char **slot, const char *v, int *line, int at) {
  if (*slot || !v || !*v)
    return;
  *slot = xstrdup(v);
  if (line)
    *line = at;
}

/* ---- front-matter keys ------------------------------------------------------------ */

/* Key folded for lookups: ASCII lowercased, '_', '-', '.' and spaces
 * dropped ("Start_Date", "startDate" → "startdate"). */
static void fold_key(const char *k, char *buf, size_t cap) {
  size_t o = 0;
  for (; *k && o + 1 < cap; k++)
    if (*k != '_' && *k != '-' && *k != ' ' && *k != '.')
      buf[o++] = (char)tolower((unsigned char)*k);
  buf[o] = 0;
}

/* The first of names (folded) that map has as a key, or NULL. */
static const front_node *fkey(const front_node *map, const char *const *names,
                              const char **which) {
  if (!map || map->kind != FRONT_MAP)
    return NULL;
  char buf[64];
  for (size_t i = 0; names[i]; i++)
    for (size_t k = 0; k < map->n; k++) {
      fold_key(map->keys[k], buf, sizeof buf);
      if (!strcmp(buf, names[i]) && map->items[k]->kind != FRONT_NULL) {
        if (which)
          *which = map->keys[k];
        return map->items[k];
      }
    }
  /* a site's own keys under Hugo's [params] or Zola's [extra] */
  static const char *const inner[] = {"params", "extra", NULL};
  for (size_t i = 0; inner[i]; i++)
    for (size_t k = 0; k < map->n; k++) {
      fold_key(map->keys[k], buf, sizeof buf);
      if (!strcmp(buf, inner[i]) && map->items[k]->kind == FRONT_MAP) {
        const front_node *n = fkey(map->items[k], names, which);
        if (n)
          return n;
      }
    }
  return NULL;
}

/* The text of a value: a scalar trimmed, or a list of scalars joined
 * with sep.  NULL when empty or not text (a map). */
static char *node_text(const front_node *n, const char *sep) {
  if (!n)
    return NULL;
  if (n->kind == FRONT_SCALAR) {
    char *t = util_trim(n->scalar);
    if (*t)
      return t;
    free(t);
    return NULL;
  }
  if (n->kind != FRONT_SEQ)
    return NULL;
  strbuf b = {0};
  for (size_t i = 0; i < n->n; i++) {
    char *t = node_text(n->items[i], sep);
    if (t && b.len)
      sb_add(&b, sep);
    if (t)
      sb_add(&b, t);
    free(t);
  }
  char *r = sb_take(&b);
  if (*r)
    return r;
  free(r);
  return NULL;
}

/* Text of the first of names (a list of texts joined when lists is 1); a
 * map, or a list where one text is expected, is reported and skipped.
 * *line gets the value's line.  Caller frees. */
static char *ftext_of(ex_ctx *x, const char *const *names, int *line,
                      int lists) {
  const char *key = NULL;
  const front_node *n = fkey(x->m->front, names, &key);
  if (!n)
    return NULL;
  char *t = lists || n->kind == FRONT_SCALAR ? node_text(n, ", ") : NULL;
  if (!t && n->kind != FRONT_SCALAR)
    diag_report(DIAG_FM_TYPE, x->path, n->line, 0, key, "text", "ignored");
  if (t && line)
    *line = n->line;
  return t;
}

static char *ftext(ex_ctx *x, const char *const *names, int *line) {
  return ftext_of(x, names, line, 0);
}

static int truthy(const char *s) {
  return s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes") ||
               !strcmp(s, "1") || !strcmp(s, "是"));
}

/* ---- reading dates and times ------------------------------------------------------- */

/* "T13:00:00+08:00" or " 13:00" right after a date: 1 with the time
 * (and *tz when an offset is written).  *plain: seconds are 0 and minutes
 * a multiple of five (a start time, not a post's timestamp). */
static int iso_time(const char *t, int *h, int *m, int *plain, char **tz) {
  *tz = NULL;
  if ((*t != 'T' && *t != ' ') || !isdigit((unsigned char)t[1]))
    return 0;
  int hh, mm, ss = 0, n = 0;
  if (sscanf(t + 1, "%2d:%2d%n", &hh, &mm, &n) != 2 || hh > 23 || mm > 59)
    return 0;
  const char *p = t + 1 + n;
  /* "2014-12-09 17:52:41 +0800" is a timestamp, "2019-12-28 13:30-18:00"
   * a range: after a space only a time with seconds reads as ISO */
  if (*t == ' ' && (*p != ':' || !isdigit((unsigned char)p[1])))
    return 0;
  if (*p == ':' && isdigit((unsigned char)p[1])) {
    ss = atoi(p + 1);
    p += 3;
  }
  while (*p == '.' || isdigit((unsigned char)*p))
    p++;
  while (*p == ' ')
    p++;
  if (*p == 'Z')
    *tz = xstrdup("UTC");
  else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
    int oh = atoi(p + 1), om = 0;
    const char *c = p + 1;
    while (isdigit((unsigned char)*c))
      c++;
    if (c - p - 1 == 4)
      om = oh % 100, oh /= 100;
    else if (*c == ':')
      om = atoi(c + 1);
    *tz = extract_tz_offset((*p == '-' ? -1 : 1) * (oh * 60 + om));
  }
  *h = hh, *m = mm;
  *plain = ss == 0 && mm % 5 == 0;
  return 1;
}

/* Read a date, a time (range) and a time zone from text into w, each only
 * when w has none yet.  pub: the text is the post's timestamp (its time
 * counts only when it looks like a start time; its offset never, being
 * the site's).  Returns 1 when something was read. */
int ev_when_read(ev_when *w, const char *text, int line, int pub) {
  int got = 0;
  ex_date d;
  size_t from = 0;
  int found = extract_date_find(text, &d);
  if (found) {
    from = d.end;
    if (!w->day.m) {
      w->day = d, w->day_line = line, got = 1;
      w->text = xstrndup(text + d.at, d.end - d.at);
    }
  }
  int h, m, plain;
  char *tz = NULL;
  if (found && iso_time(text + from, &h, &m, &plain, &tz)) {
    if (w->h1 < 0 && !(h == 0 && m == 0) && (!pub || plain)) {
      w->h1 = h, w->m1 = m, w->time_line = line, got = 1;
      if (tz && !pub && !w->tz)
        w->tz = tz, w->tz_line = line, tz = NULL;
    }
    free(tz);
    return got;
  }
  int h2, m2;
  if (w->h1 < 0 && extract_time_range(text + from, &h, &m, &h2, &m2) &&
      (!pub || (m % 5 == 0 && !(h == 0 && m == 0)))) {
    w->h1 = h, w->m1 = m, w->h2 = h2, w->m2 = m2;
    w->time_line = line, got = 1;
  }
  if (!pub && !w->tz && (tz = extract_timezone(text)) != NULL)
    w->tz = tz, w->tz_line = line, got = 1;
  return got;
}

/* An end date or time ("end: 2019-06-24T17:30", "endTime: 18:00") into
 * w's range. */
static void when_end(ev_when *w, const char *text, int line) {
  ev_when e;
  ev_when_init(&e);
  ev_when_read(&e, text, line, 0);
  if (e.day.m && !w->day.d2 &&
      (e.day.y != w->day.y || e.day.m != w->day.m || e.day.d != w->day.d))
    w->day.y2 = e.day.y, w->day.m2 = e.day.m, w->day.d2 = e.day.d;
  if (e.h1 >= 0 && w->h2 < 0)
    w->h2 = e.h1, w->m2 = e.m1, w->time_line = w->time_line ? w->time_line : line;
  if (e.tz && !w->tz)
    w->tz = e.tz, w->tz_line = line, e.tz = NULL;
  free(e.tz), free(e.text);
}

/* ---- the front matter --------------------------------------------------------------- */

static const char *const k_start[] = {
    "eventdate", "eventday", "startdate", "datestart", "start", "starts",
    "startsat", "startat", "startdatetime", "begin", "begins", "beginat",
    "when", "hostdate", "meetingdate", "talkdate", "sessiondate", "daterange",
    "dates", "eventdatetime", "datetime", "timestart", "eventstart",
    "活动时间", "活动日期", "日期", NULL};
static const char *const k_end[] = {"enddate", "dateend", "end", "ends",
                                    "endsat", "endat", "until", "enddatetime",
                                    "timeclose", "timeend", "eventend", NULL};
static const char *const k_time[] = {"time", "starttime", "eventtime",
                                     "talkstarttime", "sessiontime", "hours",
                                     "timerange", "时间", NULL};
static const char *const k_end_time[] = {"endtime", "talkendtime",
                                         "finishtime", NULL};
static const char *const k_tz[] = {"tz", "timezone", NULL};
static const char *const k_pub[] = {"date", "published", "publishdate",
                                    "publishedat", "pubdate", "createdat",
                                    "created", "postdate", NULL};

/* A map of the front matter (not a list) whose own time or date key holds
 * a calendar date: "section1: {time: "2022-10-22 14:00-16:45"}". */
static void nested_when(ex_ctx *x, ev_when *w) {
  static const char *const k_in[] = {"date", "time", "start", "when",
                                     "datetime", "startdate", NULL};
  const front_node *fm = x->m->front;
  for (size_t i = 0; fm && fm->kind == FRONT_MAP && i < fm->n && !w->day.m; i++) {
    const front_node *n = fkey(fm->items[i], k_in, NULL);
    ex_date d;
    if (n && front_scalar(n) && extract_date_find(n->scalar, &d) && d.y)
      ev_when_read(w, n->scalar, n->line, 0);
  }
}

static void front_when(ex_ctx *x) {
  struct ex_event *ev = x->ev;
  ev_when *w = &ev->when[EV_KEY];
  int line = 0;
  char *t = ftext(x, k_start, &line);
  if (t)
    ev_when_read(w, t, line, 0);
  free(t);
  if (!w->day.m)
    nested_when(x, w);
  if ((t = ftext(x, k_time, &line)) != NULL)
    ev_when_read(w, t, line, 0);
  free(t);
  if ((t = ftext(x, k_end, &line)) != NULL)
    when_end(w, t, line);
  free(t);
  if ((t = ftext(x, k_end_time, &line)) != NULL)
    when_end(w, t, line);
  free(t);
  if ((t = ftext(x, k_tz, &line)) != NULL && !w->tz) {
    char *z = extract_timezone(t);
    w->tz = z ? z : xstrdup(t);
    w->tz_line = line;
  }
  free(t);
  /* the post's date */
  ev_when *p = &ev->when[EV_PUB];
  if ((t = ftext(x, k_pub, &line)) != NULL) {
    ev_when_read(p, t, line, 1);
    if (p->day.m && p->day.y) {
      ev->pub_y = p->day.y, ev->pub_m = p->day.m, ev->pub_d = p->day.d;
      x->m->event.published =
          xasprintf("%04d-%02d-%02d", p->day.y, p->day.m, p->day.d);
      x->m->event.lines.published = line;
    }
  }
  free(t);
}

/* Words for online places. */
static const char *const online_words[] = {
    "线上", "在线", "网上", "直播", "远程", "云端", "腾讯会议", "online",
    "virtual", "remote", "zoom", "webinar", "livestream", "youtube",
    "bilibili", "hopin", "teams", NULL};

int ev_online_text(const char *s) {
  char *f = ex_fold(s);
  int on = 0;
  for (size_t i = 0; online_words[i] && !on; i++)
    on = strstr(f, online_words[i]) != NULL;
  on = on || !strncmp(s, "http", 4);
  free(f);
  return on;
}

/* 1 when the whole text only says "online" ("线上", "Virtual", "Online
 * event", "https://zoom.us/…"). */
int ev_only_online(const char *s) {
  if (!strncmp(s, "http", 4) && !strchr(s, ' '))
    return 1;
  char *f = ex_fold(s);
  static const char *const extra[] = {"event", "meeting", "meetup", "only",
                                      "活动", "会议", "分享", "形式", NULL};
  for (size_t i = 0; online_words[i]; i++) {
    char *p;
    while ((p = strstr(f, online_words[i])) != NULL)
      memmove(p, p + strlen(online_words[i]), strlen(p + strlen(online_words[i])) + 1);
  }
  for (size_t i = 0; extra[i]; i++) {
    char *p;
    while ((p = strstr(f, extra[i])) != NULL)
      memmove(p, p + strlen(extra[i]), strlen(p + strlen(extra[i])) + 1);
  }
  int only = !*f;
  free(f);
  return only;
}

/* A place value into source pl: online words, "Name, 12 Street" split
 * into venue and address (Latin text), else the venue as written. */
void ev_place_value(ev_place *pl, const char *v, int line) {
  if (!v || !*v)
    return;
  if (ev_online_text(v) && !pl->online)
    pl->online = 1, pl->oline = line;
  if (ev_only_online(v) || pl->venue)
    return;
  /* "Galvanize: 1062 Delaware Street", "Hotel, Bredgade 37, 1260 København",
   * "Ocado | Szewska 8 | Wrocław": a name without digits, then an address */
  if (!ex_has_han(v)) {
    const char *seps[] = {": ", " | ", ", ", " - ", NULL};
    for (size_t i = 0; seps[i]; i++) {
      const char *c = strstr(v, seps[i]);
      if (!c || c == v)
        continue;
      int digits_before = 0, digits_after = 0;
      for (const char *p = v; p < c; p++)
        digits_before |= isdigit((unsigned char)*p);
      for (const char *p = c; *p; p++)
        digits_after |= isdigit((unsigned char)*p);
      if (digits_before || !digits_after)
        continue;
      pl->venue = ex_trimn(v, (size_t)(c - v));
      pl->vline = line;
      if (!pl->address) {
        char *a = util_trim(c + strlen(seps[i]));
        if (!strcmp(seps[i], " | ")) /* "Szewska 8 | Wrocław" */
          for (char *p; (p = strstr(a, " | ")) != NULL;)
            p[0] = ',', memmove(p + 1, p + 2, strlen(p + 2) + 1);
        pl->address = a;
        pl->aline = line;
      }
      return;
    }
  }
  pl->venue = xstrdup(v);
  pl->vline = line;
}

static void front_place(ex_ctx *x) {
  static const char *const k_venue[] = {"venue", "venuename", "location",
                                        "locationname", "place", "where",
                                        "eventlocation", "eventvenue", "地点",
                                        "活动地点", "场地", NULL};
  static const char *const k_addr[] = {"address", "venueaddress",
                                       "locationaddress", "streetaddress",
                                       "地址", NULL};
  static const char *const k_city[] = {"city", "town", "locality", "城市", NULL};
  static const char *const k_country[] = {"country", "国家", NULL};
  static const char *const k_online[] = {"online", "virtual", "isonline",
                                         "remote", NULL};
  static const char *const k_name[] = {"name", "venue", "title", "place", NULL};
  ev_place *pl = &x->ev->place[PL_KEY];
  const front_node *fm = x->m->front, *map = NULL;
  for (size_t i = 0; k_venue[i] && !map; i++) {
    const char *one[] = {k_venue[i], NULL};
    const front_node *n = fkey(fm, one, NULL);
    map = n && n->kind == FRONT_MAP ? n : NULL;
  }
  char *t;
  for (size_t i = 0; k_venue[i] && !pl->venue; i++) {
    const char *one[] = {k_venue[i], NULL};
    const front_node *n = fkey(fm, one, NULL);
    if (n && n != map && (t = ftext_of(x, one, NULL, 1)) != NULL) {
      ev_place_value(pl, t, n->line);
      free(t);
    }
  }
  if (map && !pl->venue) { /* location: {name, address, city, country} */
    const front_node *n = fkey(map, k_name, NULL);
    if ((t = node_text(n, ", ")) != NULL)
      ev_place_value(pl, t, n->line);
    free(t);
  }
  const front_node *base[] = {map, fm};
  for (int b = 0; b < 2; b++) {
    const front_node *n;
    if (!pl->address && (n = fkey(base[b], k_addr, NULL)) != NULL &&
        (t = node_text(n, ", ")) != NULL)
      pl->address = t, pl->aline = n->line;
    if (!pl->city && (n = fkey(base[b], k_city, NULL)) != NULL &&
        (t = node_text(n, ", ")) != NULL) {
      pl->city = t, pl->cline = n->line;
      const front_node *c = fkey(base[b], k_country, NULL);
      char *ct = node_text(c, ", ");
      if (ct && !strstr(t, ct)) {
        pl->city = xasprintf("%s, %s", t, ct);
        free(t);
      }
      free(ct);
    }
    if ((n = fkey(base[b], k_online, NULL)) != NULL && truthy(front_scalar(n)))
      pl->online = 1, pl->oline = n->line;
  }
}

/* ---- links ---------------------------------------------------------------------------- */

/* What an address is by its host. */
typedef enum url_kind {
  URL_UNKNOWN,      /* nothing to tell */
  URL_REGISTRATION, /* an event platform's page */
  URL_LIVE          /* a live stream */
} url_kind;

static url_kind url_kind_of(const char *u) {
  static const char *const reg[] = {"meetup.com/", "eventbrite.", "huodongxing.com",
                                    "lu.ma/", "hopin.com", "bagevent.com",
                                    "tito.io", "forms.gle/", "docs.google.com/forms",
                                    "wj.qq.com", "jinshuju.net", NULL};
  static const char *const live[] = {"youtube.com/live", "youtu.be/live",
                                     "live.bilibili.com", "twitch.tv/",
                                     "zoom.us/j", "meeting.tencent.com", NULL};
  if (!u || strncmp(u, "http", 4))
    return URL_UNKNOWN;
  for (size_t i = 0; live[i]; i++)
    if (ex_casestr(u, live[i]))
      return URL_LIVE;
  for (size_t i = 0; reg[i]; i++)
    if (ex_casestr(u, reg[i]))
      return URL_REGISTRATION;
  return URL_UNKNOWN;
}

/* "[text](url)" or a bare URL → the URL; else NULL.  Caller frees. */
static char *link_url(const char *s) {
  if (!s)
    return NULL;
  const char *p = strstr(s, "](");
  if (p) {
    const char *e = strchr(p + 2, ')');
    if (e)
      return xstrndup(p + 2, (size_t)(e - p - 2));
  }
  return ex_find_url(s);
}

void ev_set_link(ex_ctx *x, ex_cue kind, const char *url, int line) {
  model_event *e = &x->m->event;
  if (kind == EX_CUE_EV_REG)
    ev_set_str(&e->registration, url, &e->lines.registration, line);
  else if (kind == EX_CUE_EV_LIVE)
    ev_set_str(&e->live, url, &e->lines.live, line);
  else if (kind == EX_CUE_EV_REPLAY)
    ev_set_str(&e->replay, url, &e->lines.replay, line);
}

static void front_links(ex_ctx *x) {
  static const char *const k_reg[] = {
      "applyurl", "registration", "register", "registrationurl",
      "registrationlink", "signup", "signupurl", "rsvp", "rsvpurl", "tickets",
      "ticketurl", "ticketsurl", "ticketlink", "meetupurl", "meetuplink",
      "bookingurl", "报名", "报名链接", "报名地址", NULL};
  static const char *const k_live[] = {"live", "liveurl", "livestream",
                                       "livestreamurl", "streamurl", "stream",
                                       "livevideourl", "直播", "直播地址", NULL};
  static const char *const k_replay[] = {"replay", "replayurl", "recording",
                                         "recordingurl", "video", "videourl",
                                         "回放", "回放地址", NULL};
  const char *const *lists[] = {k_reg, k_live, k_replay};
  const ex_cue kinds[] = {EX_CUE_EV_REG, EX_CUE_EV_LIVE, EX_CUE_EV_REPLAY};
  for (int i = 0; i < 3; i++) {
    int line = 0;
    char *t = ftext(x, lists[i], &line);
    char *u = link_url(t);
    ev_set_link(x, kinds[i], u ? u : t, line);
    free(u), free(t);
  }
  /* any other address the page gives that says what it is: an event
   * platform's page, a live stream; also in a `links:` map */
  const front_node *fm = x->m->front;
  for (size_t i = 0; fm && fm->kind == FRONT_MAP && i < fm->n; i++) {
    const front_node *v = fm->items[i];
    size_t n = v->kind == FRONT_MAP ? v->n : 1;
    for (size_t k = 0; k < n; k++) {
      const front_node *s = v->kind == FRONT_MAP ? v->items[k] : v;
      const char *u = front_scalar(s);
      url_kind kind = url_kind_of(u);
      if (kind != URL_UNKNOWN)
        ev_set_link(x, kind == URL_REGISTRATION ? EX_CUE_EV_REG : EX_CUE_EV_LIVE,
                    u, s->line);
    }
  }
}

/* ---- the event's name ------------------------------------------------------------------ */

/* Labels a site gives a page instead of a name. */
static const char *const page_labels[] = {
    "活动", "活动详情", "活动介绍", "活动信息", "议程", "日程", "会议议程",
    "大会议程", "活动议程", "首页", "主页", "关于", "简介", "详情", "program",
    "programme", "schedule", "agenda", "event", "events", "meetup", "meetups",
    "home", "index", "about", "talks", "speakers", "overview", "details",
    "info", "page", "post", "untitled", "nextevent", "nextmeetup",
    "upcomingevent", "upcomingevents", "upcomingmeetup", "community",
    "conference", "workshop", NULL};

/* 1 when t is no name: empty, a generic word ("活动", "program"), a slug
 * or the file's name ("rust-meetup-2019"), a key ("NextEvent"). */
static int page_label(const char *t, const char *path) {
  char *f = ex_fold(t);
  int label = !*f;
  for (size_t i = 0; page_labels[i] && !label; i++)
    label = !strcmp(f, page_labels[i]);
  free(f);
  if (label || strchr(t, ' ') || ex_has_han(t))
    return label;
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t bl = strcspn(base, ".");
  if (strlen(t) == bl && !strncmp(t, base, bl))
    return 1;
  int lower = 1, upper_inner = 0, sep = 0, other = 0;
  for (const char *p = t; *p; p++) {
    if (isupper((unsigned char)*p)) {
      lower = 0;
      upper_inner += p > t;
    } else if (*p == '-' || *p == '_') {
      sep = 1;
    } else if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p)) {
      other = 1;
    }
  }
  if (other)
    return 0;
  return (lower && sep) || (upper_inner && !sep); /* slug, CamelCase key */
}

/* "【活动回顾】Title", "[视频] Title": the bracketed label as *kicker and
 * the rest as the title (both allocated); 0 when there is none. */
static int split_kicker(const char *t, char **kicker, char **rest) {
  static const char *const pairs[][2] = {{"【", "】"}, {"[", "]"}, {"〔", "〕"},
                                         {"［", "］"}};
  for (size_t i = 0; i < 4; i++) {
    size_t ol = strlen(pairs[i][0]);
    if (strncmp(t, pairs[i][0], ol))
      continue;
    const char *c = strstr(t + ol, pairs[i][1]);
    if (!c)
      return 0;
    char *k = ex_trimn(t + ol, (size_t)(c - t - ol));
    char *r = ex_trim_seps(c + strlen(pairs[i][1]));
    size_t kc = ex_cps(k);
    if (!*k || !*r || kc > 12 || (!ex_has_han(k) && strchr(k, ' ') &&
                                  kc > 16)) {
      free(k), free(r);
      return 0;
    }
    *kicker = k, *rest = r;
    return 1;
  }
  return 0;
}

/* The body's first level-1 heading that is no cue and (unless labels)
 * no page label.  Lower headings are the page's sections: one taken as
 * the event's name would be lost as a talk's title. */
static const md_node *title_heading(const md_node *body, const char *path,
                                    int labels) {
  for (const md_node *b = body ? body->first : NULL; b; b = b->next) {
    if (b->type != MD_HEADING || b->level > 1)
      continue;
    char *t = md_plain_text(b);
    ex_cue_hit h;
    int ok = (labels || !page_label(t, path)) &&
             extract_cue(t, &h) == EX_CUE_NONE && *t;
    free(t);
    if (ok)
      return b;
  }
  /* no level-1 heading: a level-2 one that opens the page ("OCaml 2014 -
   * Preliminary Program" underlined with dashes) */
  const md_node *b = ex_opening_heading(body);
  if (b && b->level == 2) {
    /* a section's word ("## Talks", "## 议程") names no event */
    char *t = md_plain_text(b);
    ex_cue_hit h;
    int section = ex_lex_whole(EX_LEX_TALKS, t) || ex_lex_whole(EX_LEX_AGENDA, t) ||
                  ex_lex_whole(EX_LEX_SPEAKERS, t) || ex_lex_whole(EX_LEX_INFO, t) ||
                  ex_lex_whole(EX_LEX_SPONSORS, t) || ex_lex_whole(EX_LEX_SECTION, t);
    /* …and says which event: a year or an edition's number in it
     * ("OCaml 2014 - Preliminary Program", "Meetup #12") */
    int numbered = strpbrk(t, "0123456789") != NULL;
    int ok = !page_label(t, path) && !section && numbered &&
             extract_cue(t, &h) == EX_CUE_NONE && *t;
    free(t);
    if (ok)
      return b;
  }
  return NULL;
}

/* The description's first clause, for a title. */
static char *first_clause(const char *d) {
  static const char *const stops[] = {"。", "，", "！", "？", "；", "：", ". ",
                                      ", ", "! ", "? ", "; ", ": ", " - ",
                                      " | ", " — ", NULL};
  size_t cut = strlen(d);
  for (size_t i = 0; stops[i]; i++) {
    const char *p = strstr(d, stops[i]);
    if (p && (size_t)(p - d) < cut)
      cut = (size_t)(p - d);
  }
  return ex_trimn(d, cut);
}

/* 1 when s ends a sentence (or a quote or bracket after one). */
int ev_ends_sentence(const char *s) {
  static const char *const ends[] = {"。", "！", "？", ".", "!", "?", "…", "”",
                                     "」", "）", ")", "\"", "』", "~", "～", NULL};
  size_t n = strlen(s);
  for (size_t i = 0; ends[i]; i++) {
    size_t l = strlen(ends[i]);
    if (n >= l && !strcmp(s + n - l, ends[i]))
      return 1;
  }
  return 0;
}

/* The description as printed: dropped when it repeats the title; cut back
 * to its last clause end when the site cut it mid-word (it stops without
 * a sentence end where the body goes on, or with "..."). */
static char *clean_description(char *d, const char *title, const char *body) {
  if (!d)
    return NULL;
  char *fd = ex_fold(d), *ft = ex_fold(title);
  int same = !*fd || strstr(ft, fd) != NULL;
  free(ft);
  if (same) {
    free(fd), free(d);
    return NULL;
  }
  size_t n = strlen(d);
  int dots = n > 3 && (!strcmp(d + n - 3, "...") || !strcmp(d + n - 3, "…"));
  int cut = dots;
  if (!cut && !ev_ends_sentence(d) && body && ex_cps(fd) >= 8) {
    char *fb = ex_fold(body);
    char *at = strstr(fb, fd);
    cut = at && at[strlen(fd)] != 0;
    free(fb);
  }
  free(fd);
  if (!cut)
    return d;
  static const char *const clause[] = {"。", "！", "？", "；", "，", ". ", "! ",
                                       "? ", "; ", ", ", NULL};
  size_t best = 0;
  for (size_t i = 0; clause[i]; i++)
    for (const char *p = strstr(d, clause[i]); p; p = strstr(p + 1, clause[i]))
      if ((size_t)(p - d) > best)
        best = (size_t)(p - d) + (clause[i][0] & 0x80 && i < 3 ? strlen(clause[i]) : 0);
  if (!best) {
    free(d);
    return NULL;
  }
  char *r = ex_trimn(d, best);
  free(d);
  return r;
}

static void front_names(ex_ctx *x, const source *src) {
  static const char *const k_title[] = {"title", "name", "eventname",
                                        "eventtitle", "topic", NULL};
  static const char *const k_display[] = {"displaytext", "displaytitle",
                                          "linktitle", "shorttitle", NULL};
  static const char *const k_sub[] = {"subtitle", "tagline", NULL};
  static const char *const k_desc[] = {"description", "summary", "excerpt",
                                       "desc", "abstract", NULL};
  model *m = x->m;
  model_event *e = &m->event;
  int line = 0, dline = 0;
  char *raw = ftext(x, k_title, &line);
  char *title = ex_front_plain(raw);
  free(raw);
  raw = ftext(x, k_desc, &dline);
  char *desc = ex_front_plain(raw);
  free(raw);
  e->line = line ? line : 1;
  char *kicker = NULL, *rest = NULL;
  if (title && split_kicker(title, &kicker, &rest)) {
    free(title);
    title = rest;
    e->kicker = kicker;
  }
  if (!title || page_label(title, src->path)) {
    char *alt = NULL;
    int aline = 0;
    char *d = ftext(x, k_display, &aline);
    const md_node *h = title_heading(m->body, src->path, 0);
    if (!h && !title)
      h = title_heading(m->body, src->path, 1);
    if (d)
      alt = ex_front_plain(d);
    else if (h)
      alt = md_plain_text(h), aline = h->line;
    else if (desc)
      alt = first_clause(desc), aline = dline;
    free(d);
    if (alt && *alt && !page_label(alt, src->path)) {
      free(title);
      title = alt, e->line = aline;
      alt = NULL;
      if (!e->kicker && split_kicker(title, &kicker, &rest))
        free(title), title = rest, e->kicker = kicker;
    } else if (!title && h) { /* a label ("Next Meetup") beats a file name */
      title = md_plain_text(h), e->line = h->line;
    }
    free(alt);
  }
  if (!title || !*title) { /* the file name without folder and extension */
    const char *base = strrchr(src->path, '/');
    free(title);
    title = xstrdup(base ? base + 1 : src->path);
    char *dot = strrchr(title, '.');
    if (dot && dot != title)
      *dot = 0;
  }
  e->title = title;
  char *sub = ftext(x, k_sub, NULL);
  e->subtitle = ex_front_plain(sub);
  free(sub);
  char *full = e->kicker ? xasprintf("%s %s", e->kicker, e->title) : NULL;
  e->description = clean_description(desc, full ? full : e->title, src->body);
  free(full);
  if (e->description)
    e->lines.description = dline;
}

/* ---- keywords, cover, people, language ----------------------------------------------------- */

static void add_keywords(model_event *e, const front_node *n) {
  if (!n)
    return;
  if (n->kind == FRONT_SCALAR) { /* "a, b，c" */
    for (const char *p = n->scalar; *p;) {
      const char *c = strchr(p, ','), *w = strstr(p, "，");
      const char *end = c && (!w || c < w) ? c : w ? w : p + strlen(p);
      char *k = ex_trimn(p, (size_t)(end - p));
      if (*k)
        ex_push_str(&e->keywords, &e->n_keywords, k);
      else
        free(k);
      p = *end ? end + (*end == ',' ? 1 : 3) : end;
    }
  } else if (n->kind == FRONT_SEQ) {
    for (size_t i = 0; i < n->n; i++)
      add_keywords(e, n->items[i]);
  }
}

/* "[Name](url)" → "Name", through the Markdown reader.  Caller frees. */
static char *plain_field(ex_ctx *x, const char *const *keys) {
  char *t = ftext_of(x, keys, NULL, 1);
  char *p = ex_front_plain(t);
  free(t);
  if (p && !*p)
    free(p), p = NULL;
  return p;
}

static void front_meta(ex_ctx *x) {
  static const char *const k_fee[] = {"fee", "price", "cost", "费用", NULL};
  static const char *const k_org[] = {"organizer", "organiser", "host",
                                      "hostedby", "主办方", "主办", NULL};
  static const char *const k_cover[] = {"cover", "bgimage", "featuredimage",
                                        "poster", "banner", NULL};
  static const char *const k_author[] = {"author", "authors", NULL};
  model_event *e = &x->m->event;
  const front_node *fm = x->m->front;
  e->fee = plain_field(x, k_fee);
  e->organizer = plain_field(x, k_org);
  e->author = plain_field(x, k_author);
  const front_node *img = front_get(fm, "image");
  const char *cv = img && img->kind == FRONT_MAP ? front_str(img, "path")
                                                 : front_scalar(img);
  e->cover_image = cv && *cv ? xstrdup(cv) : ftext(x, k_cover, NULL);
  add_keywords(e, front_get(fm, "tags"));
  add_keywords(e, front_get(fm, "keywords"));
}

/* The page's language (lang.c): declared in the front matter, else a
 * language folder of the path, else by the letters of its title,
 * description and body. */
static char *page_lang(ex_ctx *x, const source *src) {
  strbuf t = {0};
  const char *parts[] = {x->m->event.title, x->m->event.description};
  for (size_t i = 0; i < 2; i++)
    if (parts[i])
      sb_add(&t, parts[i]), sb_addc(&t, '\n');
  if (src->body)
    sb_addn(&t, src->body, src->body_len);
  char *text = sb_take(&t);
  char *l = lang_of_page(x->m->front, src->path, text);
  free(text);
  return l;
}

/* Words that tell a recap from an announcement. */
static const char *const recap_words[] = {
    "回顾", "小结", "总结", "实录", "整理", "视频", "圆满", "成功举办",
    "成功举行", "顺利举办", "落幕", "recap", "review", "wrapup", "recording",
    "washeld", "tookplace", "gathered", "highlights", "writeup", NULL};
static const char *const announce_words[] = {
    "报名", "预告", "邀请", "欢迎", "即将", "将于", "诚邀", "开启", "通知",
    "议程公布", "upcoming", "joinus", "register", "rsvp", "tickets",
    "willbeheld", "willtakeplace", "event", "meetup", "活动", "workshop",
    "conference", "summit", "symposium", "hackathon", "sprint", "大会", "峰会",
    "沙龙", "工作坊", "分享会", "研讨会", "见面会", "黑客松", NULL};

int ev_has_word(const char *s, const char *const *words) {
  if (!s)
    return 0;
  char *f = ex_fold(s);
  int hit = 0;
  for (size_t i = 0; words[i] && !hit; i++)
    hit = strstr(f, words[i]) != NULL;
  free(f);
  return hit;
}

static void page_kind(ex_ctx *x) {
  static const char *const k_kind[] = {"layout", "type", "category",
                                       "categories", "kind", NULL};
  struct ex_event *ev = x->ev;
  const model_event *e = &x->m->event;
  char *kind = ftext(x, k_kind, NULL);
  const char *texts[] = {e->title, e->kicker, e->description};
  for (int i = 0; i < 3; i++)
    ev->recap |= ev_has_word(texts[i], recap_words);
  ev->announce = !ev->recap &&
                 (ev_has_word(kind, announce_words) || ev_has_word(e->title, announce_words) ||
                  ev_has_word(e->kicker, announce_words) || e->registration ||
                  ev->when[EV_PUB].h1 >= 0);
  free(kind);
}


/* ---- metadata lines at the top of the body (Pelican) ------------------------------------- */

/* A first paragraph whose every line is "Key: value" with a key such as
 * Title, Date, Author, Category, Tags, Slug or Summary, and with Title or
 * Date among them: the metadata some generators keep in the body.  Its
 * Title names the event when the front matter does not, its Date is the
 * post's.  The block stays in the body; it is not read as info lines. */
static void body_meta(ex_ctx *x, const source *src) {
  static const char *const keys[] = {"title", "date", "author", "authors",
                                     "category", "categories", "tags", "slug", "summary",
                                     "modified", "status", "lang", NULL};
  const md_node *b = x->m->body ? x->m->body->first : NULL;
  if (!b || b->type != MD_PARAGRAPH)
    return;
  ex_line *L;
  size_t n = ex_lines(b, &L), ok = 0;
  const char *title = NULL, *date = NULL;
  int tline = 0, dline = 0;
  for (size_t i = 0; i < n; i++) {
    const char *c = strchr(L[i].text, ':');
    char k[24];
    size_t kl = c ? (size_t)(c - L[i].text) : 0;
    if (!c || kl >= sizeof k || c[1] != ' ')
      break;
    memcpy(k, L[i].text, kl);
    k[kl] = 0;
    for (size_t j = 0; j < kl; j++)
      k[j] = (char)tolower((unsigned char)k[j]);
    size_t j = 0;
    while (keys[j] && strcmp(keys[j], k))
      j++;
    if (!keys[j])
      break;
    ok++;
    if (j == 0)
      title = c + 2, tline = L[i].line;
    else if (j == 1)
      date = c + 2, dline = L[i].line;
  }
  if (ok == n && n && (title || date)) {
    x->ev->meta = b;
    model_event *e = &x->m->event;
    if (title && (!e->title || page_label(e->title, src->path) ||
                  !fkey(x->m->front, (const char *const[]){"title", NULL}, NULL))) {
      free(e->title);
      e->title = ex_front_plain(title);
      e->line = tline;
    }
    ev_when *p = &x->ev->when[EV_PUB];
    if (date && !p->day.m && ev_when_read(p, date, dline, 1) && p->day.y) {
      x->ev->pub_y = p->day.y, x->ev->pub_m = p->day.m, x->ev->pub_d = p->day.d;
      free(e->published);
      e->published = xasprintf("%04d-%02d-%02d", p->day.y, p->day.m, p->day.d);
      e->lines.published = dline;
    }
  }
  ex_lines_free(L, n);
}

void ex_event_front(ex_ctx *x, const source *src) {
  x->ev = xcalloc(1, sizeof *x->ev);
  for (int i = 0; i < EV_NSRC; i++)
    ev_when_init(&x->ev->when[i]);
  front_names(x, src);
  body_meta(x, src);
  front_meta(x);
  front_links(x);
  front_when(x);
  front_place(x);
  page_kind(x);
  model_event *e = &x->m->event;
  e->lang = page_lang(x, src);
  x->zh = !strncmp(e->lang, "zh", 2);
}

/* ---- deciding --------------------------------------------------------------------------- */

/* A year written in the event's name ("OSDT2022", "DevCon 2020"), or 0. */
static int title_year(const char *t) {
  for (const char *p = t; p && *p; p++)
    if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0'))
      if (isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
          (p == t || !isdigit((unsigned char)p[-1])) &&
          !isdigit((unsigned char)p[4]))
        return atoi(p);
  return 0;
}

/* The year of a day the page gives without one: the post's (the next
 * year when the month is earlier than the post's, the previous one in a
 * recap when it is later), else the year another source gives, else the
 * one in the event's name; a weekday written beside the day picks
 * between neighbouring years.  0 when nothing tells. */
static int infer_year(const ex_ctx *x, const ex_date *d) {
  const struct ex_event *ev = x->ev;
  int y = 0;
  if (ev->pub_y) {
    y = ev->pub_y;
    if (ev->recap && d->m > ev->pub_m)
      y--;
    else if (!ev->recap && d->m < ev->pub_m)
      y++;
  }
  for (int s = 0; !y && s < EV_NSRC; s++)
    if (s != EV_PUB && ev->when[s].day.y)
      y = ev->when[s].day.y;
  if (!y)
    y = title_year(x->m->event.title);
  if (y && d->wday >= 0 && util_weekday(y, d->m, d->d) != d->wday)
    for (int k = -1; k <= 1; k += 2)
      if (util_weekday(y + k, d->m, d->d) == d->wday) {
        y += k;
        break;
      }
  return y;
}

static void fill_years(ex_ctx *x) {
  for (int s = 0; s < EV_NSRC; s++) {
    ex_date *d = &x->ev->when[s].day;
    if (!d->m || d->y)
      continue;
    d->y = infer_year(x, d);
    if (d->y && d->d2 && !d->y2)
      d->y2 = d->y + (d->m2 < d->m ? 1 : 0);
    if (d->y && d->d > (d->m == 2 && d->y % 4 ? 28 : 31))
      d->m = 0; /* no such day that year */
  }
}

/* The days of the talks and of the agenda's rows: the first and the
 * last. */
static void agenda_when(ex_ctx *x) {
  const model *m = x->m;
  ev_when *w = &x->ev->when[EV_AGENDA];
  long lo = 0, hi = 0;
  for (size_t i = 0; i < m->n_talks + m->n_agenda; i++) {
    const char *texts[2];
    int line;
    if (i < m->n_talks)
      texts[0] = m->talks[i].day, texts[1] = m->talks[i].time,
      line = m->talks[i].line;
    else
      texts[0] = m->agenda[i - m->n_talks].day,
      texts[1] = m->agenda[i - m->n_talks].time,
      line = m->agenda[i - m->n_talks].line;
    for (int k = 0; k < 2; k++) {
      ex_date d;
      if (!texts[k] || !extract_date_find(texts[k], &d))
        continue;
      if (!d.y)
        d.y = infer_year(x, &d);
      long key = d.y * 400L + d.m * 32L + d.d;
      if (!lo || key < lo) {
        lo = key;
        free(w->text);
        w->day = d, w->day_line = line;
        w->text = xstrndup(texts[k] + d.at, d.end - d.at);
      }
      if (key > hi)
        hi = key;
    }
  }
  if (hi > lo && lo) {
    ex_date *d = &w->day;
    d->y2 = (int)(hi / 400), d->m2 = (int)(hi % 400 / 32),
    d->d2 = (int)(hi % 400 % 32); /* (400 is no multiple of 32) */
  }
  /* a page of one talk: its time is the event's */
  if (m->n_talks == 1 && m->n_agenda <= 1 && m->talks[0].time && w->day.m &&
      w->h1 < 0) {
    ev_when t;
    ev_when_init(&t);
    ev_when_read(&t, m->talks[0].time, m->talks[0].line, 0);
    if (t.day.m && t.h1 >= 0)
      w->h1 = t.h1, w->m1 = t.m1, w->h2 = t.h2, w->m2 = t.m2,
      w->time_line = t.time_line;
    ev_when_free(&t);
  }
}

static int same_day(const ex_date *a, const ex_date *b) {
  return a->y == b->y && a->m == b->m && a->d == b->d;
}

/* How much a source says of when: a year, a time, an end. */
static int specific(const ev_when *w) {
  return (w->day.y != 0) + (w->h1 >= 0) + (w->h2 >= 0) + (w->day.d2 != 0);
}


/* Warn that two sources disagree; what names the fact ("date", "time"). */
static void disagree(ex_ctx *x, const char *what, const char *a, int la,
                     const char *b, int lb, int used) {
  diag_report(DIAG_EX_DATE, x->path, la, 0, what, a, b, lb, used);
}

/* Which source's day is the event's. */
static int pick_day(ex_ctx *x) {
  struct ex_event *ev = x->ev;
  int pub_ok = ev->announce && !ev->recap;
  int chosen = -1;
  for (int s = 0; s < EV_NSRC && chosen < 0; s++)
    if (ev->when[s].day.m && ev->when[s].day.y && (s != EV_PUB || pub_ok))
      chosen = s;
  for (int s = 0; s < EV_NSRC && chosen < 0; s++) /* a day with no year */
    if (ev->when[s].day.m && s != EV_PUB)
      chosen = s;
  ev_when *k = &ev->when[EV_KEY], *l = &ev->when[EV_LINE];
  if (chosen == EV_KEY && l->day.m && l->day.y && k->day.y &&
      !same_day(&k->day, &l->day)) {
    char *a = ev_ymd(l->day.y, l->day.m, l->day.d);
    char *b = ev_ymd(k->day.y, k->day.m, k->day.d);
    if (specific(l) > specific(k))
      chosen = EV_LINE;
    disagree(x, "date", a, l->day_line, b, k->day_line,
             chosen == EV_LINE ? l->day_line : k->day_line);
    free(a), free(b);
  }
  return chosen;
}

static char *hm(int h, int m) { return xasprintf("%02d:%02d", h, m); }

/* The event's time: the chosen day's source's, else the most trusted
 * source's that names no other day; an explicit time key that says
 * otherwise is warned about. */
static void pick_time(ex_ctx *x, int chosen) {
  struct ex_event *ev = x->ev;
  model_event *e = &x->m->event;
  const ex_date *day = chosen >= 0 ? &ev->when[chosen].day : NULL;
  int t = chosen >= 0 && ev->when[chosen].h1 >= 0 ? chosen : -1;
  for (int s = 0; s < EV_NSRC && t < 0; s++) {
    const ev_when *w = &ev->when[s];
    if (w->h1 < 0 || (s == EV_PUB && chosen != EV_PUB && (!day || !w->day.m)))
      continue;
    if (!w->day.m || (day && same_day(&w->day, day)))
      t = s;
  }
  const ev_when *k = &ev->when[EV_KEY];
  if (t >= 0 && t != EV_KEY && k->h1 >= 0 && !k->day.m) {
    const ev_when *w = &ev->when[t];
    if (k->h1 != w->h1 || k->m1 != w->m1) {
      int use_key = (k->h2 >= 0) > (w->h2 >= 0);
      char *a = xasprintf("%d:%02d", w->h1, w->m1);
      char *b = xasprintf("%d:%02d", k->h1, k->m1);
      disagree(x, "time", a, w->time_line, b, k->time_line,
               use_key ? k->time_line : w->time_line);
      free(a), free(b);
      if (use_key)
        t = EV_KEY;
    } else if (k->h2 >= 0 && w->h2 < 0) {
      t = EV_KEY; /* the same start, and the key gives the end */
    }
  }
  if (t < 0)
    return;
  const ev_when *w = &ev->when[t];
  int h1 = w->h1, h2 = w->h2;
  /* "6:30 - 9:00" with no am or pm: nobody meets at 6:30 in the morning */
  if (h1 >= 1 && h1 <= 6 && (h2 < 0 || (h2 > h1 && h2 <= 12)))
    h1 += 12, h2 += h2 >= 0 ? 12 : 0;
  e->time = hm(h1, w->m1);
  if (h2 >= 0 && (h2 != h1 || w->m2 != w->m1))
    e->end_time = hm(h2 % 24, w->m2);
  e->lines.time = w->time_line;
  const ev_when *z = w->tz ? w : k->tz ? k : ev->when[EV_LINE].tz ? &ev->when[EV_LINE] : NULL;
  if (z) {
    e->timezone = xstrdup(z->tz);
    e->lines.timezone = z->tz_line;
  }
}

static void decide_when(ex_ctx *x) {
  struct ex_event *ev = x->ev;
  model_event *e = &x->m->event;
  agenda_when(x);
  if (e->description)
    ev_when_read(&ev->when[EV_DESC], e->description, e->lines.description, 0);
  fill_years(x);
  int chosen = pick_day(x);
  if (chosen >= 0) {
    const ev_when *w = &ev->when[chosen];
    const ex_date *d = &w->day;
    if (d->y)
      e->date = ev_ymd(d->y, d->m, d->d);
    else
      e->date_text = xstrdup(w->text);
    if (d->y && d->d2 && d->y2)
      e->end_date = ev_ymd(d->y2, d->m2, d->d2);
    e->lines.date = w->day_line;
    /* a later last day that another source starting that day gives
     * ("9th to 11th December" in a sentence, the agenda's last day) */
    long end = d->d2 ? ev_day_num(d->y2, d->m2, d->d2) : ev_day_num(d->y, d->m, d->d);
    for (int s = 0; s < EV_NSRC && d->y; s++) {
      const ex_date *o = &ev->when[s].day;
      if (s == chosen || !same_day(o, d) || !o->d2 || !o->y2)
        continue;
      long oe = ev_day_num(o->y2, o->m2, o->d2);
      if (oe > end && oe - ev_day_num(d->y, d->m, d->d) <= 31) {
        end = oe;
        free(e->end_date);
        e->end_date = ev_ymd(o->y2, o->m2, o->d2);
      }
    }
  }
  pick_time(x, chosen);
  /* a description that gives another day is not printed beside the
   * event's day on the cover */
  const ex_date *dd = &ev->when[EV_DESC].day;
  if (chosen >= 0 && chosen != EV_DESC && dd->m && e->date &&
      !same_day(dd, &ev->when[chosen].day)) {
    char *a = ev_ymd(dd->y, dd->m, dd->d);
    disagree(x, "date", dd->y ? a : ev->when[EV_DESC].text,
             e->lines.description, e->date, e->lines.date, e->lines.date);
    free(a);
    e->description_off_cover = 1;
  }
}

/* A place folded for comparing, without its online part ("翀咖啡 +
 * Zoom" → "翀咖啡").  Caller frees. */
static char *place_key(const char *v) {
  char *f = ex_fold(v);
  for (size_t i = 0; online_words[i]; i++)
    for (char *p; (p = strstr(f, online_words[i])) != NULL;)
      memmove(p, p + strlen(online_words[i]), strlen(p + strlen(online_words[i])) + 1);
  return f;
}

/* How precisely a place is given: a number (a street's, a floor's) or a
 * word of a building or a street. */
static int place_detail(const char *v) {
  static const char *const w[] = {"号", "路", "街", "楼", "层", "室", "厅",
                                  "大厦", "street", "road", "avenue", "floor",
                                  "hall", "room", NULL};
  int d = 0;
  for (const char *p = v; *p && !d; p++)
    d = isdigit((unsigned char)*p);
  return d + ev_has_word(v, w);
}

/* A short place, such as a city ("中国杭州", "Rapperswil, Switzerland"). */
static int city_like(const char *s) {
  for (const char *p = s; *p; p++)
    if (isdigit((unsigned char)*p))
      return 0;
  size_t words = 1;
  for (const char *p = s; *p; p++)
    words += *p == ' ';
  return ex_has_han(s) ? ex_cps(s) <= 6 : words <= 3;
}

static void take(char **dst, int *dline, char **src, int sline) {
  *dst = *src, *dline = sline, *src = NULL;
}

static void decide_place(ex_ctx *x) {
  struct ex_event *ev = x->ev;
  model_event *e = &x->m->event;
  ev_place *k = &ev->place[PL_KEY], *l = &ev->place[PL_LINE],
           *p = &ev->place[PL_PROSE];
  if (k->venue && !l->venue && p->venue && city_like(k->venue) && !k->city) {
    char *fk = ex_fold(k->venue), *fp = ex_fold(p->venue);
    if (!strstr(fp, fk)) /* location: Rapperswil; "held at the OST campus" */
      take(&k->city, &k->cline, &k->venue, k->vline);
    free(fk), free(fp);
  }
  if (k->venue && l->venue) {
    char *fk = place_key(k->venue), *fl = place_key(l->venue);
    if (strstr(fl, fk)) {
      take(&e->venue, &e->lines.venue, &l->venue, l->vline);
    } else if (strstr(fk, fl)) {
      take(&e->venue, &e->lines.venue, &k->venue, k->vline);
    } else if (city_like(k->venue)) { /* location: 中国杭州, 地点：西溪谷 G 座 */
      take(&e->venue, &e->lines.venue, &l->venue, l->vline);
      if (!k->city)
        take(&k->city, &k->cline, &k->venue, k->vline);
    } else {
      int sl = place_detail(l->venue), sk = place_detail(k->venue);
      int use_line = sl != sk ? sl > sk : strlen(l->venue) >= strlen(k->venue);
      disagree(x, "place", l->venue, l->vline, k->venue, k->vline,
               use_line ? l->vline : k->vline);
      if (use_line)
        take(&e->venue, &e->lines.venue, &l->venue, l->vline);
      else
        take(&e->venue, &e->lines.venue, &k->venue, k->vline);
    }
    free(fk), free(fl);
  }
  ev_place *order[] = {k, l, p};
  for (int i = 0; i < PL_N; i++) {
    ev_place *s = order[i];
    if (!e->venue && s->venue)
      take(&e->venue, &e->lines.venue, &s->venue, s->vline);
    if (!e->address && s->address)
      take(&e->address, &e->lines.address, &s->address, s->aline);
    if (!e->city && s->city)
      take(&e->city, &e->lines.city, &s->city, s->cline);
    if (!e->online && s->online)
      e->online = 1, e->lines.online = s->oline;
  }
  if (e->venue && e->address) { /* an address the venue already holds */
    char *fv = ex_fold(e->venue), *fa = ex_fold(e->address);
    if (strstr(fv, fa))
      free(e->address), e->address = NULL, e->lines.address = 0;
    free(fv), free(fa);
  }
  if (!e->online && e->live && !e->venue && !e->address)
    e->online = 1, e->lines.online = e->lines.live;
}

static void place_free(ev_place *p) {
  free(p->venue), free(p->address), free(p->city);
}

void ex_event_finish(ex_ctx *x) {
  struct ex_event *ev = x->ev;
  if (!ev)
    return;
  decide_when(x);
  decide_place(x);
  if (ev->reg_guess)
    ev_set_link(x, EX_CUE_EV_REG, ev->reg_guess, ev->reg_guess_line);
  free(ev->reg_guess);
  for (int i = 0; i < EV_NSRC; i++)
    ev_when_free(&ev->when[i]);
  for (int i = 0; i < PL_N; i++)
    place_free(&ev->place[i]);
  free(ev);
  x->ev = NULL;
}
