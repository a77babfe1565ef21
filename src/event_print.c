/* event_print.c — the event's day, time and place formatted for print in
 * the page's language (see event_print.h).  Chinese: "2019年3月24日 周日
 * 13:00–17:00", ranges "2021年12月9日—11日", "2020年9月29日—10月1日".
 * English: "Monday, 24 June 2019, 9:00–17:30 (UTC+8)", ranges "9–11
 * December 2021", "29 September – 1 October 2020".  Hours carry no leading
 * zero; a time zone is printed only when the page names one.  No layout
 * here: the callers place the strings. */
#include "event_print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int is_zh(const model_event *e) {
  return e->lang && !strncmp(e->lang, "zh", 2);
}


static int ymd(const char *s, int *y, int *m, int *d) {
  return s && sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 && *m >= 1 && *m <= 12 &&
         *d >= 1 && *d <= 31;
}

static const char *const month_en[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const wday_en[] = {"Sunday",   "Monday", "Tuesday",
                                      "Wednesday", "Thursday", "Friday",
                                      "Saturday"};
static const char *const wday_zh[] = {"日", "一", "二", "三", "四", "五", "六"};

/* The day or days. */
static void add_days(strbuf *b, const model_event *e, int zh) {
  int y, m, d, y2, m2, d2;
  if (!ymd(e->date, &y, &m, &d)) {
    if (e->date_text)
      sb_add(b, e->date_text);
    return;
  }
  int range = ymd(e->end_date, &y2, &m2, &d2);
  if (zh) {
    sb_addf(b, "%d年%d月%d日", y, m, d);
    if (!range)
      sb_addf(b, " 周%s", wday_zh[util_weekday(y, m, d)]);
    else if (y2 != y)
      sb_addf(b, "—%d年%d月%d日", y2, m2, d2);
    else if (m2 != m)
      sb_addf(b, "—%d月%d日", m2, d2);
    else
      sb_addf(b, "—%d日", d2);
    return;
  }
  if (!range)
    sb_addf(b, "%s, %d %s %d", wday_en[util_weekday(y, m, d)], d, month_en[m - 1], y);
  else if (y2 != y)
    sb_addf(b, "%d %s %d – %d %s %d", d, month_en[m - 1], y, d2,
            month_en[m2 - 1], y2);
  else if (m2 != m)
    sb_addf(b, "%d %s – %d %s %d", d, month_en[m - 1], d2, month_en[m2 - 1], y);
  else
    sb_addf(b, "%d–%d %s %d", d, d2, month_en[m - 1], y);
}

char *event_print_day(const model_event *e) {
  strbuf b = {0};
  add_days(&b, e, is_zh(e));
  if (!b.len) {
    sb_free(&b);
    return NULL;
  }
  return sb_take(&b);
}

/* "09:30" → "9:30". */
static void add_hm(strbuf *b, const char *t) {
  sb_add(b, t[0] == '0' && t[1] && t[1] != ':' ? t + 1 : t);
}

char *event_print_when(const model_event *e) {
  int zh = is_zh(e);
  strbuf b = {0};
  add_days(&b, e, zh);
  if (e->time) {
    if (b.len)
      sb_add(&b, zh ? " " : ", ");
    add_hm(&b, e->time);
    if (e->end_time) {
      sb_add(&b, "\xe2\x80\x93"); /* – */
      add_hm(&b, e->end_time);
    }
    if (e->timezone)
      sb_addf(&b, zh ? "（%s）" : " (%s)", e->timezone);
  }
  if (!b.len) {
    sb_free(&b);
    return NULL;
  }
  return sb_take(&b);
}

/* 1 when hay holds needle (case aside). */
static int names(const char *hay, const char *needle) {
  return strcasestr(hay, needle) != NULL;
}

static int says_online(const char *s) {
  static const char *const w[] = {"线上", "在线", "直播", "online", "Online",
                                  "virtual", "Virtual", "Zoom", "zoom", NULL};
  for (size_t i = 0; w[i]; i++)
    if (strstr(s, w[i]))
      return 1;
  return 0;
}

char *event_print_place(const model_event *e, const layout *l) {
  int zh = is_zh(e);
  strbuf b = {0};
  const char *v = e->venue;
  if (v)
    sb_add(&b, v);
  if (e->city && !(v && names(v, e->city)) &&
      !(e->address && names(e->address, e->city))) {
    if (b.len)
      sb_add(&b, zh ? "，" : ", ");
    sb_add(&b, e->city);
  }
  if (e->online && !(b.len && says_online(b.s))) {
    sb_add(&b, layout_label(l, b.len ? "also_online" : "online"));
  }
  if (!b.len) {
    sb_free(&b);
    return NULL;
  }
  return sb_take(&b);
}
