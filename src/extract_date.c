/* extract_date.c — calendar dates, weekdays and time zones in short texts,
 * for the event's facts (extract_event.c): "2019年3月24日", "3 月 24 日
 * （周日）", "2024/03/17", "2019.8.24", "9月20-21日", "2020年9月29日至10月1
 * 日", "Monday, June 24", "June 6th 2025", "the 11th of March", "9th to
 * 11th December 2021", "July 20-24 2015", "October, 13"; weekdays written
 * beside them ("（星期六）", "Thursday,"); time zones ("UTC +8:00",
 * "GMT+08:00", "北京时间", "PST").
 *
 * Everything here reads one string; nothing looks at the Markdown tree or
 * the model.  A year is only a four-digit number from 1900 to 2999; a
 * number pair such as "8.21" or "12/11" is never read as a date, because
 * it reads as a version, a score or a day in either order as often.
 * Times of day are extract_text.c's. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- small readers ----------------------------------------------------------- */

static int digit(const char *s) { return *s >= '0' && *s <= '9'; }

/* Up to max digits at *p (advancing *p); -1 when none or when more digits
 * follow. */
static int num(const char **p, int max) {
  int v = 0, n = 0;
  const char *q = *p;
  while (digit(q) && n < max)
    v = v * 10 + (*q++ - '0'), n++;
  if (!n || digit(q))
    return -1;
  *p = q;
  return v;
}

static const char *spaces(const char *s) {
  size_t k;
  while (*s && ex_is_space(ex_cp(s, &k)))
    s += k;
  return s;
}

static int starts(const char *s, const char *w) {
  return !strncmp(s, w, strlen(w));
}

static int days_in(int y, int m) {
  static const int n[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && y > 0)
    return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return n[m - 1];
}

static int valid(int y, int m, int d) {
  return (y == 0 || (y >= 1900 && y <= 2999)) && m >= 1 && m <= 12 && d >= 1 &&
         d <= days_in(y, m);
}


/* ---- names of months and weekdays ------------------------------------------- */

static const char *const month_names[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

/* A month's name (or its first three letters, "Sept", with a dot or not)
 * at s, as a word: 1..12 and *end after it, else 0. */
static int month_at(const char *s, const char **end) {
  if (!isalpha((unsigned char)*s))
    return 0;
  size_t n = 0;
  while (isalpha((unsigned char)s[n]))
    n++;
  for (int i = 0; i < 12; i++) {
    size_t full = strlen(month_names[i]);
    int ok = (n == full && !strncasecmp(s, month_names[i], n)) ||
             (n == 3 && !strncasecmp(s, month_names[i], 3)) ||
             (n == 4 && i == 8 && !strncasecmp(s, "sept", 4));
    if (ok) {
      *end = s + n + (s[n] == '.' ? 1 : 0);
      return i + 1;
    }
  }
  return 0;
}

static const char *const wday_en[] = {"sunday",   "monday", "tuesday",
                                      "wednesday", "thursday", "friday",
                                      "saturday"};

/* A weekday's name at s as a word ("Monday", "Mon", "Mon."): 0..6 and
 * *end after it, else -1. */
static int wday_en_at(const char *s, const char **end) {
  size_t n = 0;
  while (isalpha((unsigned char)s[n]))
    n++;
  for (int i = 0; i < 7; i++)
    if ((n == strlen(wday_en[i]) || n == 3) && n &&
        !strncasecmp(s, wday_en[i], n)) {
      *end = s + n + (s[n] == '.' ? 1 : 0);
      return i;
    }
  return -1;
}

/* "周六", "星期日", "礼拜天" at s: 0..6 and *end, else -1. */
static int wday_zh_at(const char *s, const char **end) {
  static const char *const pre[] = {"星期", "礼拜", "周"};
  static const char *const days[] = {"日", "一", "二", "三", "四", "五", "六", "天"};
  for (size_t i = 0; i < 3; i++) {
    if (!starts(s, pre[i]))
      continue;
    const char *q = s + strlen(pre[i]);
    for (int d = 0; d < 8; d++)
      if (starts(q, days[d])) {
        *end = q + strlen(days[d]);
        return d == 7 ? 0 : d;
      }
  }
  return -1;
}

/* English ordinal suffix after a day number ("st", "nd", "rd", "th"). */
static const char *ordinal(const char *s) {
  static const char *const suf[] = {"st", "nd", "rd", "th"};
  for (int i = 0; i < 4; i++)
    if (!strncasecmp(s, suf[i], 2) && !isalpha((unsigned char)s[2]))
      return s + 2;
  return s;
}

/* A range separator at s ("-", "–", "—", "~", "至", "到", "to", "until"),
 * with the spaces around it: the position after it, or NULL. */
static const char *range_sep(const char *s) {
  static const char *const seps[] = {"——", "--", "-", "–", "—", "~", "～", "〜",
                                     "－", "至", "到", "to ", "until ", "through ",
                                     "thru "};
  const char *p = spaces(s);
  for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
    if (!strncasecmp(p, seps[i], strlen(seps[i])))
      return spaces(p + strlen(seps[i]));
  return NULL;
}

/* A four-digit year after a day: ", 2014", " 2014", "，2014年". */
static int year_after(const char **p) {
  const char *q = *p;
  while (*q == ',' || *q == ' ')
    q++;
  if (starts(q, "，"))
    q += 3;
  int y = num(&q, 4);
  if (y < 1900 || y > 2999 || isalpha((unsigned char)*q) || *q == ':')
    return 0;
  if (starts(q, "年"))
    q += 3;
  *p = q;
  return y;
}

/* ---- one date ------------------------------------------------------------------ */

/* "YYYY-MM-DD", "YYYY/M/D", "YYYY.M.D", "YYYY 年 M 月 D 日" at s. */
static const char *ymd_at(const char *s, int *y, int *m, int *d) {
  const char *q = s;
  *y = num(&q, 4);
  if (*y < 1900 || q - s != 4)
    return NULL;
  q = spaces(q);
  char sep = 0;
  int zh = starts(q, "年");
  if (zh)
    q = spaces(q + 3);
  else if (*q == '-' || *q == '/' || *q == '.')
    sep = *q++;
  else
    return NULL;
  *m = num(&q, 2);
  if (*m < 1)
    return NULL;
  q = spaces(q);
  if (zh) {
    if (!starts(q, "月"))
      return NULL;
    q = spaces(q + 3);
  } else if (*q == sep) {
    q++;
  } else {
    return NULL;
  }
  *d = num(&q, 2);
  if (*d < 1)
    return NULL;
  const char *r = spaces(q);
  if (starts(r, "日") || starts(r, "号"))
    q = r + 3;
  return q;
}

static const char *range_sep(const char *s);

/* "M 月 D 日" (or 号) at s, without a year; "9月20-21日" also gives *d2
 * (else 0). */
static const char *md_zh_at(const char *s, int *m, int *d, int *d2) {
  const char *q = s;
  *d2 = 0;
  *m = num(&q, 2);
  if (*m < 1)
    return NULL;
  q = spaces(q);
  if (!starts(q, "月"))
    return NULL;
  q = spaces(q + 3);
  *d = num(&q, 2);
  if (*d < 1)
    return NULL;
  q = spaces(q);
  const char *r = range_sep(q);
  if (r && !starts(q, "日") && !starts(q, "号")) { /* "20-21日" */
    *d2 = num(&r, 2);
    q = spaces(r);
    if (*d2 < 1)
      return NULL;
  }
  if (!starts(q, "日") && !starts(q, "号"))
    return NULL;
  return q + 3;
}

/* The end of a Chinese range after a first day of month m:
 * "-21日", "至10月1日", "—2021年12月11日". */
static const char *zh_range_end(const char *s, int y, int m, ex_date *o) {
  const char *q = range_sep(s);
  if (!q)
    return NULL;
  int y2 = 0, m2 = 0, d2 = 0;
  int dd2;
  const char *e = ymd_at(q, &y2, &m2, &d2);
  if (!e)
    e = md_zh_at(q, &m2, &d2, &dd2), y2 = y;
  if (!e) {
    const char *r = q;
    d2 = num(&r, 2);
    r = spaces(r);
    if (d2 < 1 || (!starts(r, "日") && !starts(r, "号")))
      return NULL;
    e = r + 3, m2 = m, y2 = y;
  }
  o->y2 = y2, o->m2 = m2, o->d2 = d2;
  return e;
}

/* English, month first: "June 24", "June 6th, 2025", "July 20-24 2015",
 * "September 29 – October 1, 2020", "October, 13". */
static const char *month_first(const char *s, ex_date *o) {
  const char *q;
  int m = month_at(s, &q);
  if (!m)
    return NULL;
  if (*q == ',')
    q++;
  q = spaces(q);
  int d = num(&q, 2);
  if (d < 1 || isalpha((unsigned char)*ordinal(q)) || *q == ':')
    return NULL;
  q = ordinal(q);
  o->m = m, o->d = d;
  const char *r = range_sep(q);
  if (r) {
    const char *r2 = r;
    int m2 = month_at(r, &r2);
    if (m2)
      r2 = spaces(r2);
    else
      m2 = m;
    int d2 = num(&r2, 2);
    if (d2 >= 1 && !isalpha((unsigned char)*ordinal(r2)) && *r2 != ':') {
      o->m2 = m2, o->d2 = d2;
      q = ordinal(r2);
    }
  }
  int y = year_after(&q);
  o->y = y;
  if (o->d2)
    o->y2 = y ? y + (o->m2 < o->m ? 1 : 0) : 0;
  return q;
}

/* English, day first: "24 June 2019", "9th to 11th December 2021",
 * "the 11th of March", "29 September – 1 October 2020". */
static const char *day_first(const char *s, ex_date *o) {
  const char *q = s;
  int d = num(&q, 2);
  if (d < 1)
    return NULL;
  q = ordinal(q);
  int d2 = 0, m2 = 0;
  const char *r = range_sep(q);
  if (r) { /* "9th to 11th December" */
    const char *r2 = r;
    int dd = num(&r2, 2);
    if (dd >= 1) {
      r2 = spaces(ordinal(r2));
      const char *r3;
      if (month_at(r2, &r3))
        d2 = dd, q = r2;
    }
  }
  q = spaces(q);
  if (!strncasecmp(q, "of ", 3))
    q = spaces(q + 3);
  int m = month_at(q, &q);
  if (!m)
    return NULL;
  o->d = d, o->m = m;
  if (d2)
    o->d2 = d2, o->m2 = m;
  if (!d2 && (r = range_sep(q)) != NULL) { /* "29 September – 1 October" */
    const char *r2 = r;
    int dd = num(&r2, 2);
    if (dd >= 1) {
      r2 = spaces(ordinal(r2));
      if ((m2 = month_at(r2, &r2)) != 0)
        o->d2 = dd, o->m2 = m2, q = r2;
    }
  }
  int y = year_after(&q);
  o->y = y;
  if (o->d2)
    o->y2 = y ? y : 0, o->y = y ? y - (o->m2 < o->m ? 1 : 0) : 0;
  return q;
}

/* A weekday written just before byte `at` ("Monday, ", "周六 ") or just
 * after `end` ("（星期六）", " Thursday"); -1 when none. */
static int weekday_near(const char *s, size_t at, size_t end) {
  const char *q = s + end, *e;
  for (;;) {
    q = spaces(q);
    if (*q == '(' || *q == ',' || *q == '-')
      q++;
    else if (starts(q, "（") || starts(q, "，") || starts(q, "、"))
      q += 3;
    else
      break;
  }
  int w = wday_zh_at(q, &e);
  if (w < 0 && isalpha((unsigned char)*q))
    w = wday_en_at(q, &e);
  if (w >= 0)
    return w;
  /* "（校历第三周周日）": a weekday at the end of a note in brackets */
  if (q > s + end && (starts(q - 3, "（") || q[-1] == '(')) {
    const char *close = strstr(q, starts(q - 3, "（") ? "）" : ")");
    for (const char *r = q; close && r < close && r - q < 40; r++)
      if ((w = wday_zh_at(r, &e)) >= 0 && e == close)
        return w;
  }
  /* before: back over spaces, commas and "the" to the start of a word */
  size_t i = at;
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == ','))
    i--;
  if (i >= 4 && !strncasecmp(s + i - 3, "the", 3) &&
      (i == 3 || s[i - 4] == ' ')) {
    i -= 3;
    while (i > 0 && s[i - 1] == ' ')
      i--;
  }
  size_t j = i;
  while (j > 0 && isalpha((unsigned char)s[j - 1]))
    j--;
  if (j < i && (w = wday_en_at(s + j, &e)) >= 0 && e - s >= (long)i - 1)
    return w;
  for (size_t back = 6; back <= 9 && back <= i; back += 3)
    if ((w = wday_zh_at(s + i - back, &e)) >= 0 && (size_t)(e - s) == i)
      return w;
  return -1;
}

int extract_date_find(const char *s, ex_date *out) {
  size_t k;
  for (const char *p = s; *p; p += k ? k : 1) {
    ex_cp(p, &k);
    ex_date o = {0};
    const char *e = NULL;
    int at_word = p == s || !isalnum((unsigned char)p[-1]);
    if (digit(p) && (p == s || !digit(p - 1))) {
      int y, m, d;
      if ((e = ymd_at(p, &y, &m, &d)) != NULL) {
        o.y = y, o.m = m, o.d = d;
        const char *r = zh_range_end(e, y, m, &o);
        if (!r && (r = range_sep(e)) != NULL) {
          int y2, m2, d2;
          const char *r2 = ymd_at(r, &y2, &m2, &d2);
          r = r2 ? (o.y2 = y2, o.m2 = m2, o.d2 = d2, r2) : NULL;
        }
        if (r)
          e = r;
      } else if ((e = md_zh_at(p, &m, &d, &o.d2)) != NULL) {
        o.m = m, o.d = d, o.m2 = o.d2 ? m : 0;
        const char *r = o.d2 ? NULL : zh_range_end(e, 0, m, &o);
        if (r)
          e = r;
      } else if (at_word) {
        e = day_first(p, &o);
      }
    } else if (at_word && isalpha((unsigned char)*p)) {
      e = month_first(p, &o);
    }
    if (!e || !valid(o.y, o.m, o.d))
      continue;
    if (o.d2 && (!valid(o.y2, o.m2, o.d2) ||
                 (o.y2 == o.y && (o.m2 * 40 + o.d2 <= o.m * 40 + o.d))))
      o.y2 = o.m2 = o.d2 = 0; /* not a range after all */
    o.at = (size_t)(p - s);
    o.end = (size_t)(e - s);
    o.wday = weekday_near(s, o.at, o.end);
    *out = o;
    return 1;
  }
  return 0;
}

int extract_date(const char *s, int *y, int *m, int *d) {
  ex_date o;
  while (extract_date_find(s, &o)) {
    if (o.y) {
      *y = o.y, *m = o.m, *d = o.d;
      return 1;
    }
    s += o.end;
  }
  return 0;
}

/* ---- time zones ------------------------------------------------------------------ */

/* Named zones kept as written (a name can mean two offsets: CST). */
static const char *const zone_names[] = {
    "PST", "PDT", "MST", "MDT", "CST", "CDT", "EST", "EDT", "AKST", "HST",
    "BST", "CET", "CEST", "EET", "EEST", "WET", "WEST", "MSK", "IST", "JST",
    "KST", "HKT", "SGT", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT", NULL};

/* "+8", "+08:00", "-0700", "−3:30" at s: minutes east of UTC in *off. */
static const char *offset_at(const char *s, int *off) {
  int sign;
  if (*s == '+')
    sign = 1, s++;
  else if (*s == '-')
    sign = -1, s++;
  else if (starts(s, "−"))
    sign = -1, s += 3;
  else
    return NULL;
  s = spaces(s);
  const char *q = s;
  int h = 0, n = 0;
  while (digit(q) && n < 4)
    h = h * 10 + (*q++ - '0'), n++;
  if (!n || digit(q))
    return NULL;
  int m = 0;
  if (n == 4) { /* "0800" */
    m = h % 100, h /= 100;
  } else if (n > 2) {
    return NULL;
  } else if (*q == ':' && digit(q + 1) && digit(q + 2)) {
    m = (q[1] - '0') * 10 + (q[2] - '0');
    q += 3;
  }
  if (h > 14 || m > 59)
    return NULL;
  *off = sign * (h * 60 + m);
  return q;
}

char *extract_tz_offset(int minutes) {
  if (!minutes)
    return xstrdup("UTC");
  int a = minutes < 0 ? -minutes : minutes;
  if (a % 60)
    return xasprintf("UTC%c%d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
  return xasprintf("UTC%c%d", minutes < 0 ? '-' : '+', a / 60);
}

char *extract_timezone(const char *s) {
  static const char *const beijing[] = {"北京时间", "中国标准时间", "beijingtime",
                                        "chinastandardtime", NULL};
  char *f = ex_fold(s);
  for (size_t i = 0; beijing[i]; i++)
    if (strstr(f, beijing[i])) {
      free(f);
      return xstrdup("UTC+8");
    }
  free(f);
  for (const char *p = s; *p; p++) {
    if (p > s && isalnum((unsigned char)p[-1]))
      continue;
    if (!strncmp(p, "UTC", 3) || !strncmp(p, "GMT", 3)) {
      const char *q = spaces(p + 3);
      int off;
      if (offset_at(q, &off))
        return extract_tz_offset(off);
      if (!isalnum((unsigned char)p[3]))
        return xstrdup("UTC");
    }
    for (size_t i = 0; zone_names[i]; i++) {
      size_t n = strlen(zone_names[i]);
      if (!strncmp(p, zone_names[i], n) && !isalnum((unsigned char)p[n]))
        return xstrdup(zone_names[i]);
    }
  }
  return NULL;
}
