/* extract_event_body.c — the event's facts in the body's blocks that no
 * talk holds (see extract_event.c for the order of trust): info lines and
 * list items under cue words ("活动时间：", "- **Date:**", "| Venue | … |"),
 * a "## When" or "## 时间地点" section, date headings and bold day lines
 * (the words beside them as the place), "Posted on …" lines as the post's
 * date, a sentence saying when and where the event is held ("将于 3 月 29 日
 * 在…举办", "will take place on … at …", "在上周六举办的…"), and the link
 * under "## 报名".  Nothing here claims a block. */
#include "extract_event_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The longest paragraph read as a call to register, in code points; how
 * far before its link the call may stand, in bytes. */
#define REGISTER_SENTENCE_CPS 120
#define REGISTER_NEAR_BYTES 24

/* The day of a day number (day_num's inverse). */
static void day_of(long z, int *y, int *m, int *d) {
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* "上周六", "本周日", "下周三" in s, counted from the post's day (weeks
 * start on Monday): 1 and *out; 0 when s has none or there is no post
 * date. */
static int relative_day(const struct ex_event *ev, const char *s, ex_date *out) {
  static const struct {
    const char *w; /* the word */
    int weeks;     /* weeks from the post's */
  } rel[] = {{"上周", -1}, {"本周", 0}, {"这周", 0}, {"下周", 1}};
  enum { SUNDAY = 6, DAYS = 7 }; /* days from Monday; days in a week */
  static const char *const days = "一二三四五六日天"; /* Monday .. Sunday twice */
  if (!ev->pub_y)
    return 0;
  for (size_t r = 0; r < sizeof rel / sizeof *rel; r++) {
    const char *p = strstr(s, rel[r].w);
    const char *c = p ? memmem(days, strlen(days), p + strlen(rel[r].w), 3) : NULL;
    if (!c)
      continue;
    int target = (int)(c - days) / 3; /* 0 Monday .. 6 Sunday, 7 天 */
    if (target > SUNDAY)
      target = SUNDAY;
    /* util_weekday counts from Sunday, target from Monday */
    int pub_wd = (util_weekday(ev->pub_y, ev->pub_m, ev->pub_d) + DAYS - 1) % DAYS;
    long z = ev_day_num(ev->pub_y, ev->pub_m, ev->pub_d) + (target - pub_wd) +
             DAYS * rel[r].weeks;
    memset(out, 0, sizeof *out);
    day_of(z, &out->y, &out->m, &out->d);
    out->wday = (target + 1) % DAYS;
    return 1;
  }
  return 0;
}

/* ---- the body's blocks -------------------------------------------------------------------- */

/* What the heading over a section names (bits): time, place, links. */
enum { SEC_TIME = 1, SEC_PLACE = 2 };

/* The heading a block sits under (its nearest previous heading sibling),
 * or NULL. */
static const md_node *section_heading(const md_node *b) {
  for (const md_node *p = b->prev; p; p = p->prev)
    if (p->type == MD_HEADING)
      return p;
  return NULL;
}

/* What a heading's whole text names: "When", "时间地点", "Time and Venue",
 * "Location", "Date & Location" → SEC_* bits; 0 for anything else. */
static int section_bits(const md_node *h) {
  if (!h)
    return 0;
  char *t = md_plain_text(h);
  int bits = 0;
  size_t n = strlen(t);
  /* split at "and", "&", "和", "与", "、", "/" and read each part */
  char *copy = xstrdup(t);
  static const char *const joins[] = {" and ", "&", "和", "与", "、", "/", "及",
                                      NULL};
  for (size_t j = 0; joins[j]; j++)
    for (char *p; (p = strstr(copy, joins[j])) != NULL;)
      memset(p, '|', strlen(joins[j]));
  int parts = 0, all = 1;
  for (char *save = NULL, *p = strtok_r(copy, "|", &save); p;
       p = strtok_r(NULL, "|", &save)) {
    char *k = util_trim(p);
    ex_cue c = *k ? extract_event_key(k, strlen(k)) : EX_CUE_NONE;
    if (c == EX_CUE_NONE && !strcmp(k, "时间地点"))
      c = EX_CUE_EV_TIME, bits |= SEC_PLACE;
    if (c == EX_CUE_TIME || c == EX_CUE_EV_TIME)
      bits |= SEC_TIME;
    else if (c == EX_CUE_EV_PLACE)
      bits |= SEC_PLACE;
    else if (*k && c != EX_CUE_EV_REG)
      all = 0;
    parts += *k != 0;
    free(k);
  }
  free(copy), free(t);
  return parts && all && n < 80 ? bits : 0;
}

/* Words of a sentence that says when an event is held. */
static const char *const held_words[] = {
    "举办", "举行", "召开", "将于", "开幕", "相约", "见面", "开展", "进行",
    "willbe", "willtakeplace", "takeplace", "takesplace", "tobeheld",
    "beheld", "heldon", "hosted", "joinus", "happening", "gathered",
    "meeting", "meetup", "event", "workshop", "conference", "wemeet",
    "wellmeet", "wewillmeet", NULL};

/* 1 when a text says when rather than where ("上周六", "今年 6 月"). */
static int time_words(const char *s) {
  static const char *const w[] = {"周", "星期", "今年", "去年", "明年", "今天",
                                  "昨天", "明天", "日前", "近日", "月", "晚上",
                                  "下午", "上午", "期间", "之际", "时候", NULL};
  ex_date d;
  if (extract_date_find(s, &d))
    return 1;
  for (size_t i = 0; w[i]; i++)
    if (strstr(s, w[i]))
      return 1;
  return 0;
}

/* "在清华大学举办", "在西活学术报告厅成功举行": the place between 在 and
 * the verb; "held at the Rapperswil-Jona campus of OST", "will be at
 * Margrethepladsen 4, …": the place after "at".  Caller frees; NULL when
 * none. */
static char *prose_place(const char *s) {
  const char *zai = strstr(s, "在");
  static const char *const verbs[] = {"举办", "举行", "召开", NULL};
  static const char *const adv[] = {"成功", "完美", "隆重", "顺利", "圆满",
                                    "正式", "联合", "共同", "盛大", NULL};
  for (; zai; zai = strstr(zai + 3, "在")) {
    static const char *const not_at[] = {"现", "正", "存", "实", "所", "自",
                                         "还", "就", "好", "都", NULL};
    int word = !strncmp(zai + 3, "于", 3);
    for (size_t i = 0; not_at[i] && !word; i++)
      word = zai - s >= 3 && !strncmp(zai - 3, not_at[i], 3);
    if (word) /* 现在, 正在, 在于: not "at" */
      continue;
    const char *v = NULL;
    for (size_t i = 0; verbs[i]; i++) {
      const char *p = strstr(zai, verbs[i]);
      if (p && (!v || p < v))
        v = p;
    }
    if (!v || v - zai > 60)
      continue;
    char *place = xstrndup(zai + 3, (size_t)(v - zai - 3));
    if (strstr(place, "，") || strstr(place, "。") || !*place) {
      free(place);
      continue;
    }
    for (int again = 1; again;) {
      again = 0;
      for (size_t i = 0; adv[i]; i++) {
        size_t pl = strlen(place), al = strlen(adv[i]);
        if (pl > al && !strcmp(place + pl - al, adv[i]))
          place[pl - al] = 0, again = 1;
      }
    }
    char *t = ex_trim_seps(place);
    free(place);
    if (ex_cps(t) >= 2 && !time_words(t))
      return t;
    free(t);
  }
  static const char *const at[] = {"held at ", "take place at ", "takes place at ",
                                   "will be at ", "hosted at ", "meet at ",
                                   "be at ", NULL};
  const char *p = NULL;
  for (size_t i = 0; at[i] && !p; i++)
    if ((p = ex_casestr(s, at[i])) != NULL)
      p += strlen(at[i]);
  /* "… on June 30th, 2022 at (the) Smolarz Auditorium": the first " at "
   * before a capital ("at 18:00 at Acme Office") */
  for (const char *a = s; !p && (a = strstr(a, " at ")) != NULL; a += 4) {
    const char *w = a + 4 + (strncmp(a + 4, "the ", 4) ? 0 : 4);
    if (isupper((unsigned char)*w))
      p = a + 4;
  }
  if (!p)
    return NULL;
  if (!strncasecmp(p, "the ", 4))
    p += 4;
  size_t n = strcspn(p, ".;(!?\n");
  static const char *const stops[] = {" on ", " from ", " starting ", " at ",
                                      " for ", " and will", NULL};
  for (size_t i = 0; stops[i]; i++) {
    const char *q = strstr(p, stops[i]);
    if (q && (size_t)(q - p) < n)
      n = (size_t)(q - p);
  }
  char *t = xstrndup(p, n > 120 ? 0 : n);
  char *r = ex_trim_seps(t);
  free(t);
  if (*r && (isupper((unsigned char)*r) || isdigit((unsigned char)*r)))
    return r;
  free(r);
  return NULL;
}

/* 1 when sentence s names the event: it shares four Han characters or
 * a word of six letters in a row with its title. */
static int names_event(const char *s, const char *title) {
  char *fs = ex_fold(s), *ft = ex_fold(title);
  int hit = 0;
  size_t n = strlen(ft), k;
  for (size_t i = 0; i < n && !hit; i += k) {
    uint32_t cp = ex_cp(ft + i, &k);
    if (!k)
      break;
    size_t want = utf8_is_han(cp) ? 4 : 6, got = 0, j = i, kk;
    while (got < want && j < n && ex_cp(ft + j, &kk) && kk)
      j += kk, got++;
    if (got == want) {
      char save = ft[j];
      ft[j] = 0;
      hit = strstr(fs, ft + i) != NULL;
      ft[j] = save;
    }
  }
  free(fs), free(ft);
  return hit;
}

/* Words of a sentence that says where an event is held, without a day. */
static const char *const place_words[] = {
    "举办", "举行", "召开", "heldat", "takeplaceat", "takesplaceat",
    "willbeat", "hostedat", NULL};

/* Words of a sentence about what is usual, not about this event. */
static const char *const habit_words[] = {"一般", "通常", "每年", "往年", "历年",
                                          "每届", "usually", "everyyear",
                                          "annually", "generally", "often", NULL};

/* A sentence of the introduction that says when (and where) the event is
 * held: "TUNA 将于 3 月 29 日…举办", "The event will take place from 9th
 * to 11th December 2021, fully online." */
static void prose_facts(ex_ctx *x, const md_node *b) {
  struct ex_event *ev = x->ev;
  char *t = ex_text(b);
  size_t n = strlen(t);
  for (size_t i = 0; i < n;) {
    size_t j = i, k;
    /* one sentence: up to 。！？ or ". " */
    while (j < n) {
      uint32_t cp = ex_cp(t + j, &k);
      j += k ? k : 1;
      if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '\n' ||
          ((cp == '.' || cp == '!' || cp == '?') && (t[j] == ' ' || !t[j])))
        break;
    }
    char *s = xstrndup(t + i, j - i);
    ex_date d;
    int rel = 0;
    if (ev_has_word(s, held_words) && !extract_date_find(s, &d) &&
        !ev->when[EV_PROSE].day.m && relative_day(ev, s, &d)) {
      ev_when *w = &ev->when[EV_PROSE]; /* "在上周六举办的…" */
      w->day = d, w->day_line = b->line, rel = 1;
      w->text = xasprintf("%04d-%02d-%02d", d.y, d.m, d.d);
    }
    if (!rel && ev_has_word(s, held_words) && extract_date_find(s, &d)) {
      ev_when *w = &ev->when[EV_PROSE];
      int named = names_event(s, x->m->event.title);
      if (w->day.m && named && !ev->prose_named) { /* a later one names it */
        ev_when_free(w);
        ev_when_init(w);
      }
      if (!w->day.m) {
        ev_when_read(w, s, b->line, 0);
        ev->prose_named = named;
      }
      ev_place *pl = &ev->place[PL_PROSE];
      char *place = prose_place(s);
      if (place)
        ev_place_value(pl, place, b->line);
      free(place);
      if (ev_online_text(s) && !pl->online && !strstr(s, "http"))
        pl->online = 1, pl->oline = b->line;
    } else if (!ev->place[PL_PROSE].venue && ev_has_word(s, place_words) &&
               !ev_has_word(s, habit_words)) {
      char *place = prose_place(s);
      if (place)
        ev_place_value(&ev->place[PL_PROSE], place, b->line);
      free(place);
    }
    free(s);
    i = j;
  }
  free(t);
}

/* What a line with a date in it is. */
typedef enum date_line_kind {
  DATE_LINE_NONE,   /* no date, or a date among other things */
  DATE_LINE_DAY,    /* a date and little else ("Tuesday, September 26th",
                       "**12月10日，周六，上午**", "Gothenburg (Sweden),
                       September 5, 2014"), not a "key: date" line whose
                       key is about something else */
  DATE_LINE_POSTED, /* the post's date ("Posted on 2014/08/18 by …") */
  DATE_LINE_STAMP   /* another stamp of the page ("转换时间：2021-02-01") */
} date_line_kind;

/* A day line is at most this many characters, of which at most these
 * many besides the date when it has a year, or the fewer when not. */
#define DAY_LINE_MAX_CPS 80u
#define DAY_LINE_MAX_REST_WITH_YEAR 40u
#define DAY_LINE_MAX_REST 16u

/* What line s is, and its date in *d. */
static date_line_kind date_line(const char *s, ex_date *d) {
  static const char *const posted[] = {"posted", "published", "发布", "发表",
                                       NULL};
  static const char *const stamp[] = {"updated", "lastmodified", "更新", "修改",
                                      "转换", "转载", "编辑", NULL};
  if (!extract_date_find(s, d))
    return DATE_LINE_NONE;
  char *before = xstrndup(s, d->at);
  date_line_kind kind = ev_has_word(before, posted)  ? DATE_LINE_POSTED
                        : ev_has_word(before, stamp) ? DATE_LINE_STAMP
                                                     : DATE_LINE_NONE;
  free(before);
  if (kind != DATE_LINE_NONE)
    return kind; /* "Posted on 2014/08/18 by xmj", "转换时间：2021-02-01" */
  const char *c1 = strstr(s, "："), *c2 = strchr(s, ':');
  const char *c = c1 && (!c2 || c1 < c2) ? c1 : c2;
  if (c && (size_t)(c - s) < d->at) {
    ex_cue k = extract_event_key(s, (size_t)(c - s));
    if (k != EX_CUE_TIME && k != EX_CUE_EV_TIME)
      return DATE_LINE_NONE;
  }
  size_t rest = ex_cps(s) - ex_cps(s + d->at) + ex_cps(s + d->end);
  size_t cps = ex_cps(s);
  return cps <= DAY_LINE_MAX_CPS &&
                 rest <= (d->y ? DAY_LINE_MAX_REST_WITH_YEAR : DAY_LINE_MAX_REST)
             ? DATE_LINE_DAY
             : DATE_LINE_NONE;
}

/* "Posted on 2014/08/18": the post's date, when the front matter gave
 * none. */
static void posted_on(ex_ctx *x, const ex_date *d, int line) {
  struct ex_event *ev = x->ev;
  if (ev->pub_y || !d->y)
    return;
  ev->pub_y = d->y, ev->pub_m = d->m, ev->pub_d = d->d;
  x->m->event.published = ev_ymd(d->y, d->m, d->d);
  x->m->event.lines.published = line;
}

/* What a date line says besides the day: its place ("Gothenburg
 * (Sweden)", "中科院软件所5号楼4层大会议厅"), without the weekday, the
 * time or a part of the day.  NULL when nothing is left.  Caller frees. */
static char *date_line_place(const char *s, const ex_date *d) {
  static const char *const drop[] = {
      "上午", "下午", "晚上", "中午", "全天", "morning", "afternoon", "evening",
      "星期", "周", "礼拜", "Monday", "Tuesday", "Wednesday", "Thursday",
      "Friday", "Saturday", "Sunday", NULL};
  strbuf b = {0};
  sb_addn(&b, s, d->at);
  sb_add(&b, " ");
  sb_add(&b, s + d->end);
  char *t = sb_take(&b);
  static const char *const day_chars = "一二三四五六日天";
  for (size_t i = 0; drop[i]; i++)
    for (char *p; (p = strstr(t, drop[i])) != NULL;) {
      size_t n = strlen(drop[i]), k;
      int zh_week = !strcmp(drop[i], "周") || !strcmp(drop[i], "星期") ||
                    !strcmp(drop[i], "礼拜");
      if (zh_week && ex_cp(p + n, &k) && k == 3 &&
          memmem(day_chars, strlen(day_chars), p + n, 3))
        n += 3; /* and the day's character: "周六" */
      memset(p, ' ', n);
    }
  long at = extract_time_at(t);
  if (at >= 0)
    t[at] = 0;
  for (char *p = t, *q = t;; p++) { /* runs of spaces as one */
    if (*p == ' ' && q > t && q[-1] == ' ')
      continue;
    if (!(*q++ = *p))
      break;
  }
  /* brackets left empty, separators at both ends */
  static const char *const empty[] = {"（ ）", "（  ）", "( )", "()", "（）", NULL};
  for (size_t i = 0; empty[i]; i++)
    for (char *p; (p = strstr(t, empty[i])) != NULL;)
      memset(p, ' ', strlen(empty[i]));
  char *r = ex_trim_seps(t);
  free(t);
  int digits_only = 1;
  for (const char *p = r; *p; p++)
    digits_only &= isdigit((unsigned char)*p) || *p == ' ';
  if (ex_cps(r) < 2 || digits_only) {
    free(r);
    return NULL;
  }
  return r;
}


/* A date line: the first gives the day (and the line's place), the later
 * ones within a fortnight the last day ("**12月10日，上午**" … "**12月11
 * 日，下午**"). */
static void head_date(ex_ctx *x, const char *t, const ex_date *d, int line) {
  struct ex_event *ev = x->ev;
  ev_when *w = &ev->when[EV_HEAD];
  if (!w->day.m) {
    ev_when_read(w, t, line, 0);
    /* "5 月 20 日，示例沙龙在杭州举办。": a sentence's place is where it
     * says the event is held, not all its other words */
    int sentence = ev_ends_sentence(t) || strstr(t, "举办") ||
                   strstr(t, "举行") || strstr(t, "召开");
    char *place = sentence ? prose_place(t) : date_line_place(t, d);
    if (place && !ev_only_online(place))
      ev_place_value(&ev->place[PL_PROSE], place, line);
    free(place);
    return;
  }
  if ((w->day.y == 0) != (d->y == 0))
    return;
  long first = ev_day_num(w->day.y, w->day.m, w->day.d);
  long last = ev_day_num(d->y, d->m, d->d);
  long end = w->day.d2 ? ev_day_num(w->day.y2, w->day.m2, w->day.d2) : first;
  if (last > end && last - first <= 14)
    w->day.y2 = d->y, w->day.m2 = d->m, w->day.d2 = d->d;
}

/* One line of info: a cue ("时间：…", "Where: …"), or, under a heading that
 * names the time or the place, a line that gives it ("日期 2019.8.24",
 * "Tuesday, April 9th, 2024 @ 17:30 to 21:00"). */
static void info_line(ex_ctx *x, const ex_line *L, int about, int sec,
                      int first_line) {
  struct ex_event *ev = x->ev;
  model_event *e = &x->m->event;
  const char *text = L->text;
  ex_cue_hit h;
  ex_cue k = extract_cue(text, &h);
  if (k == EX_CUE_NONE || k == EX_CUE_LINK) { /* "视频直播回放地址：" */
    const char *c1 = strstr(text, "："), *c2 = strchr(text, ':');
    const char *c = c1 && (!c2 || c1 < c2) ? c1 : c2;
    if (c && (c == c2 ? c[1] != '/' : 1)) {
      ex_cue ek = extract_event_key(text, (size_t)(c - text));
      if (ek != EX_CUE_NONE && ek != EX_CUE_LINK)
        k = ek, h.value = (size_t)(c - text) + (c == c1 ? 3 : 1);
    }
  }
  if (k == EX_CUE_NONE && sec) { /* "日期 2019.8.24" under "## 时间地点" */
    size_t sp = strcspn(text, " \t");
    ex_cue ek = sp < strlen(text) ? extract_event_key(text, sp) : EX_CUE_NONE;
    if (ek == EX_CUE_TIME || ek == EX_CUE_EV_TIME || ek == EX_CUE_EV_PLACE)
      k = ek, h.value = sp + 1;
  }
  char *key = k != EX_CUE_NONE ? xstrndup(text + h.key_at, h.key_len) : NULL;
  char *value = util_trim(text + (h.value <= strlen(text) ? h.value : 0));
  char *url = L->url ? xstrdup(L->url) : ex_find_url(value);
  if (k == EX_CUE_NONE && (sec & SEC_TIME) && first_line) {
    k = EX_CUE_EV_TIME;
  } else if (k == EX_CUE_NONE && (sec & SEC_PLACE) && !(sec & SEC_TIME)) {
    ev_place *pl = &ev->place[PL_LINE];
    if (first_line && ev_ends_sentence(value) && ex_cps(value) > 40) {
      char *pp = prose_place(value); /* "This meetup will be at …" */
      ev_place_value(pl, pp, L->line);
      free(pp);
    } else if (first_line) {
      ev_place_value(pl, value, L->line);
    }
    else if (L->url && !strpbrk(value, "0123456789"))
      ; /* "[See on a map](…)" */
    else if (*value && pl->venue && !pl->address)
      ev_set_str(&pl->address, value, &pl->aline, L->line);
    else if (*value && pl->address && ex_cps(value) < 60) {
      char *a = xasprintf("%s, %s", pl->address, value);
      free(pl->address);
      pl->address = a;
    }
  }
  ex_date d;
  date_line_kind dl = k == EX_CUE_NONE && !sec ? date_line(text, &d) : DATE_LINE_NONE;
  if (dl == DATE_LINE_DAY) /* inside a block ("\t2014年9月13日（周六）…") */
    head_date(x, text, &d, L->line);
  else if (dl == DATE_LINE_POSTED)
    posted_on(x, &d, L->line);
  char *fk = key ? ex_fold(key) : NULL;
  switch (k) {
  case EX_CUE_TIME:
  case EX_CUE_EV_TIME:
    if ((about || k == EX_CUE_EV_TIME) && *value)
      ev_when_read(&ev->when[EV_LINE], value, L->line, 0);
    break;
  case EX_CUE_EV_PLACE:
    if (*value) {
      ev_place *pl = &ev->place[PL_LINE];
      if (!strcmp(fk, "地址") || !strcmp(fk, "address"))
        ev_set_str(&pl->address, value, &pl->aline, L->line);
      else if (!pl->venue)
        ev_place_value(pl, value, L->line);
      else if (!pl->address)
        ev_set_str(&pl->address, value, &pl->aline, L->line);
    }
    break;
  case EX_CUE_EV_LIVE:
  case EX_CUE_EV_REPLAY:
  case EX_CUE_EV_REG:
    ev_set_link(x, k, url, L->line);
    break;
  case EX_CUE_EV_FEE:
    if (about)
      ev_set_str(&e->fee, value, NULL, 0);
    break;
  case EX_CUE_EV_ORG:
    if (about)
      ev_set_str(&e->organizer, value, NULL, 0);
    break;
  default:
    break;
  }
  free(fk), free(key), free(value), free(url);
}

/* The lines of a paragraph (and of the items of a list or quote). */
static void block_lines(ex_ctx *x, const md_node *b, int about, int sec,
                        int *first) {
  if (b->type == MD_LIST || b->type == MD_ITEM || b->type == MD_BLOCKQUOTE) {
    for (const md_node *c = b->first; c; c = c->next)
      block_lines(x, c, about, sec, first);
    return;
  }
  if (b->type != MD_PARAGRAPH && b->type != MD_HEADING)
    return;
  ex_line *L;
  size_t n = ex_lines(b, &L);
  for (size_t i = 0; i < n; i++, *first = 0)
    info_line(x, &L[i], about, sec, *first);
  ex_lines_free(L, n);
}

/* A key/value table ("| **Time** | March 28, 2020, 4pm - 6pm |"): rows
 * whose first cell is an event cue are read as "key: value" lines. */
static void table_facts(ex_ctx *x, const md_node *t, int about) {
  for (const md_node *r = t->first; r; r = r->next) {
    const md_node *c0 = r->first, *c1 = c0 ? c0->next : NULL;
    if (!c1)
      continue;
    char *k = md_plain_text(c0), *v = md_plain_text(c1);
    char *kt = ex_trim_seps(k);
    ex_cue cue = *kt ? extract_event_key(kt, strlen(kt)) : EX_CUE_NONE;
    if (cue != EX_CUE_NONE && cue != EX_CUE_LINK) {
      char *url = NULL;
      for (const md_node *n = c1->first; n && !url; n = n->next)
        if (n->type == MD_LINK && n->url)
          url = n->url;
      ex_line L = {.text = xasprintf("%s: %s", kt, v), .url = url,
                   .line = r->line};
      info_line(x, &L, about, 0, 0);
      free(L.text);
    }
    free(k), free(v), free(kt);
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

/* "## 报名" / "## Tickets" / "## Live stream" over a paragraph with a
 * link: the section's first address is the event's. */
static void section_link(ex_ctx *x, const md_node *b, const md_node *h) {
  if (!h || h == x->ev->link_head || b->type == MD_HEADING)
    return;
  char *ht = md_plain_text(h);
  ex_cue c = extract_cue_key(ht, strlen(ht));
  free(ht);
  if (c != EX_CUE_EV_REG && c != EX_CUE_EV_LIVE && c != EX_CUE_EV_REPLAY)
    return;
  char *url = first_url(b);
  if (url) {
    ev_set_link(x, c, url, b->line);
    x->ev->link_head = h;
  }
  free(url);
}

/* 1 when text holds a word that asks the reader to register. */
static int asks_to_register(const char *text) {
  static const char *const asks[] = {"rsvp", "register", "sign up", "signup",
                                     "get your ticket", "get tickets",
                                     "book your", "报名", NULL};
  for (size_t i = 0; asks[i]; i++)
    if (ex_casestr(text, asks[i]))
      return 1;
  return 0;
}

/* "RSVP at [our form](…)", "[Register on Meetup](…)", "[官网日程/报名](…)":
 * the first link of a short paragraph whose own text, or the few words
 * before it, ask the reader to register.  A guess, taken at the end when
 * nothing else gave the registration (ex_event_finish). */
static void register_sentence(ex_ctx *x, const md_node *b) {
  if (b->type != MD_PARAGRAPH || x->ev->reg_guess)
    return;
  char *all = ex_text(b);
  size_t cps = ex_cps(all);
  free(all);
  if (cps > REGISTER_SENTENCE_CPS)
    return;
  strbuf before = {0};
  sb_add(&before, "");
  for (const md_node *c = b->first; c; c = c->next) {
    char *t = md_plain_text(c);
    if (c->type == MD_LINK && c->url && !strncmp(c->url, "http", 4)) {
      /* the words just before it: a clause, not the paragraph */
      const char *near = before.s + (before.len > REGISTER_NEAR_BYTES
                                         ? before.len - REGISTER_NEAR_BYTES
                                         : 0);
      if (asks_to_register(t) || asks_to_register(near)) {
        x->ev->reg_guess = xstrdup(c->url);
        x->ev->reg_guess_line = b->line;
      }
      free(t);
      break;
    }
    sb_add(&before, t);
    free(t);
  }
  sb_free(&before);
}

/* 1 when a block is a few short lines (an address, a day), not prose. */
static int short_block(const md_node *b) {
  char *t = ex_text(b);
  size_t lines = 1, len = 0, longest = 0;
  for (const char *p = t; *p; p++) {
    if (*p == '\n')
      lines++, longest = len > longest ? len : longest, len = 0;
    else if (((unsigned char)*p & 0xC0) != 0x80)
      len++;
  }
  longest = len > longest ? len : longest;
  free(t);
  return lines <= 6 && longest <= 80;
}

/* A one-line paragraph that ends with a colon: it introduces the next
 * block. */
static int lead_in(const md_node *b) {
  if (!b || b->type != MD_PARAGRAPH)
    return 0;
  char *t = ex_text(b);
  size_t n = strlen(t);
  int r = !strchr(t, '\n') &&
          ((n && t[n - 1] == ':') || (n >= 3 && !strcmp(t + n - 3, "：")));
  free(t);
  return r;
}

void ex_event_block(ex_ctx *x, const md_node *b, int about) {
  struct ex_event *ev = x->ev;
  if (!ev || b == ev->meta)
    return;
  const md_node *h = section_heading(b);
  section_link(x, b, h);
  register_sentence(x, b);
  int sec = b->type == MD_HEADING ? 0 : section_bits(h);
  /* only the first block under such a heading gives a bare value (after
   * a lead-in such as "The address of the venue:") */
  if (sec && h->next != b && !(h->next == b->prev && lead_in(b->prev)))
    sec = 0;
  if (sec && lead_in(b))
    return;
  if (sec && !short_block(b)) /* prose under "## Venue": read as prose */
    sec = 0;
  ex_date d;
  if (b->type == MD_TABLE) {
    table_facts(x, b, about);
    return;
  }
  if (b->type == MD_HEADING || b->type == MD_PARAGRAPH) {
    char *t = ex_text(b);
    ex_cue_hit hit;
    int cue = extract_cue(t, &hit) != EX_CUE_NONE;
    date_line_kind dl = !cue && !strchr(t, '\n') && !(sec & SEC_TIME)
                            ? date_line(t, &d)
                            : DATE_LINE_NONE;
    if (dl == DATE_LINE_POSTED)
      posted_on(x, &d, b->line);
    if (dl == DATE_LINE_DAY)
      head_date(x, t, &d, b->line);
    free(t);
    if (dl != DATE_LINE_NONE)
      return;
  }
  int first = 1;
  block_lines(x, b, about, sec, &first);
  if (b->type == MD_PARAGRAPH) /* after the talks too: the first wins */
    prose_facts(x, b);
}

