/* test_event.c — unit tests of the event's facts (src/extract_event.c,
 * src/extract_date.c, src/extract_fmtext.c, src/event_print.c) on small
 * made-up pages, Chinese and English: the date, end date, time, time zone
 * and place as pages write them (info lines, list items, bold labels,
 * headings, key/value tables, "## When" sections, date headings, sentences
 * of the introduction), the front-matter conventions of event themes
 * (start/end, eventdate + tz, dateStart/dateEnd, Talk_date +
 * Talk_start_time, a nested section's time, location maps), the post's
 * date kept apart, years the body omits, disagreeing sources, page-label
 * titles and kickers, descriptions, Markdown inside front-matter text, and
 * the printed forms.  Run from the repository root.  No layout, no PDF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "diag.h"
#include "event_print.h"
#include "extract_int.h"
#include "front.h"
#include "layout.h"
#include "model.h"
#include "source.h"
#include "util.h"

/* ---- helpers -------------------------------------------------------------- */

static model *page(const char *name, const char *md) {
  source *src = source_from_memory(name, md, strlen(md));
  assert_non_null(src);
  front_node *fm = front_parse(src);
  assert_non_null(fm);
  md_node *body = body_parse(src);
  model *m = model_extract(src, fm, body);
  source_free(src);
  return m;
}

static model *extract(const char *md) { return page("t.md", md); }

/* NULL-safe string compare for facts that may be absent. */
#define assert_fact(got, want)                                                 \
  do {                                                                         \
    const char *g_ = (got), *w_ = (want);                                      \
    if (!w_ && g_)                                                             \
      fail_msg("%s is '%s', want NULL", #got, g_);                             \
    else if (w_)                                                               \
      assert_string_equal(g_ ? g_ : "(null)", w_);                             \
  } while (0)

static void expect_when(const model *m, const char *date, const char *end,
                        const char *time, const char *end_time) {
  assert_fact(m->event.date, date);
  assert_fact(m->event.end_date, end);
  assert_fact(m->event.time, time);
  assert_fact(m->event.end_time, end_time);
}

/* ---- dates and times in text ------------------------------------------------- */

static void test_date_forms(void **state) {
  (void)state;
  static const struct {
    const char *text;
    int y, m, d, y2, m2, d2, wday;
  } cases[] = {
      {"2019年12月28日（星期六）", 2019, 12, 28, 0, 0, 0, 6},
      {"2021 年 07 月 24 日（周六）13:30", 2021, 7, 24, 0, 0, 0, 6},
      {"3 月 24 日周日下午 13 点", 0, 3, 24, 0, 0, 0, 0},
      {"2024/03/17 （校历第三周周日）", 2024, 3, 17, 0, 0, 0, 0},
      {"日期 2019.8.24", 2019, 8, 24, 0, 0, 0, -1},
      {"9月20-21日(09:00-16:30)", 0, 9, 20, 0, 9, 21, -1},
      {"从9月29日到10月1日", 0, 9, 29, 0, 10, 1, -1},
      {"2021年12月9日至11日", 2021, 12, 9, 2021, 12, 11, -1},
      {"Monday, June 24", 0, 6, 24, 0, 0, 0, 1},
      {"Wednesday, 23 April 2025 5:30pm", 2025, 4, 23, 0, 0, 0, 3},
      {"Thursday, March 27, 2014", 2014, 3, 27, 0, 0, 0, 4},
      {"on June 6th 2025 alongside", 2025, 6, 6, 0, 0, 0, -1},
      {"Monday the 11th of March", 0, 3, 11, 0, 0, 0, 1},
      {"from 9th to 11th December 2021", 2021, 12, 9, 2021, 12, 11, -1},
      {"July 20-24 2015", 2015, 7, 20, 2015, 7, 24, -1},
      {"29 September – 1 October 2020", 2020, 9, 29, 2020, 10, 1, -1},
      {"October, 13 - Thursday", 0, 10, 13, 0, 0, 0, 4},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    ex_date d;
    if (!extract_date_find(cases[i].text, &d))
      fail_msg("no date in '%s'", cases[i].text);
    if (d.y != cases[i].y || d.m != cases[i].m || d.d != cases[i].d ||
        d.y2 != cases[i].y2 || d.m2 != cases[i].m2 || d.d2 != cases[i].d2 ||
        d.wday != cases[i].wday)
      fail_msg("'%s': %d-%d-%d to %d-%d-%d (weekday %d)", cases[i].text, d.y,
               d.m, d.d, d.y2, d.m2, d.d2, d.wday);
  }
  /* not dates: a version, a score, a month with no day, a year range */
  static const char *const none[] = {"8.21 Apache Meetup", "比分 12/11",
                                     "March 2019 Meeting", "2017-18 春季学期",
                                     "you may 3D print", "OSDT2022"};
  for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
    ex_date d;
    if (extract_date_find(none[i], &d))
      fail_msg("'%s' read as %d-%d-%d", none[i], d.y, d.m, d.d);
  }
}

static void test_time_forms(void **state) {
  (void)state;
  static const struct {
    const char *text;
    int h1, m1, h2, m2;
  } cases[] = {
      {"下午 1:00 - 5:30", 13, 0, 17, 30}, {"晚 8 点", 20, 0, -1, -1},
      {"noon", 12, 0, -1, -1},             {"9:00 am", 9, 0, -1, -1},
      {"14 时 30 分", 14, 30, -1, -1},     {"10AM - 6PM", 10, 0, 18, 0},
      {"6:00-9:00pm", 18, 0, 21, 0},       {"@ 17:30 to 21:00", 17, 30, 21, 0},
      {"19：00-20：00", 19, 0, 20, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int h1, m1, h2, m2;
    if (!extract_time_range(cases[i].text, &h1, &m1, &h2, &m2))
      fail_msg("no time in '%s'", cases[i].text);
    if (h1 != cases[i].h1 || m1 != cases[i].m1 || h2 != cases[i].h2 ||
        m2 != cases[i].m2)
      fail_msg("'%s': %d:%02d-%d:%02d", cases[i].text, h1, m1, h2, m2);
  }
  /* "+08:00" is an offset, not a time */
  int h1, m1, h2, m2;
  assert_false(extract_time_range("UTC+08:00", &h1, &m1, &h2, &m2));
}

static void test_timezones(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"18:30 - 21:30 UTC +08:00", "UTC+8"}, {"(GMT+08:00) 中国标准时间", "UTC+8"},
      {"下午5:00（北京时间）", "UTC+8"},        {"9AM PST", "PST"},
      {"All times are in UTC", "UTC"},        {"UTC-3:30", "UTC-3:30"}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *z = extract_timezone(cases[i][0]);
    assert_fact(z, cases[i][1]);
    free(z);
  }
  assert_null(extract_timezone("签到 13:00"));
}

/* ---- the body's ways of saying when and where --------------------------------- */

static void test_body_lines_zh(void **state) {
  (void)state;
  /* the post's date is not the event's; the year the body omits is the
   * post's, 下午 1:00 is 13:00 */
  model *m = extract("---\ntitle: 春季沙龙\ndate: 2019-03-01\n---\n\n"
                     "**活动时间**：3 月 24 日周日下午 13 点\n\n"
                     "**地点**：示例市 示例路 8 号 3 楼\n\n介绍。\n");
  expect_when(m, "2019-03-24", NULL, "13:00", NULL);
  assert_fact(m->event.published, "2019-03-01");
  assert_fact(m->event.venue, "示例市 示例路 8 号 3 楼");
  assert_int_equal(m->event.lines.date, 6);
  assert_int_equal(m->event.lines.venue, 8);
  model_free(m);

  m = extract("---\ntitle: 夏季沙龙\ndate: 2018-07-01\n---\n\n"
              "- 时间：2018年7月29日（星期日）下午 1:00 - 5:30\n"
              "- 地点：线上\n");
  expect_when(m, "2018-07-29", NULL, "13:00", "17:30");
  assert_null(m->event.venue);
  assert_true(m->event.online);
  model_free(m);

  /* a month earlier than the post's: the next year */
  m = extract("---\ntitle: 新年沙龙\ndate: 2023-11-20\n---\n\n"
              "时间：1 月 6 日 14:00\n");
  assert_fact(m->event.date, "2024-01-06");
  model_free(m);

  /* a heading with a cue, a "## 时间地点" section of "key value" items */
  m = extract("---\ntitle: 见面会\n---\n\n#### 时间：2021 年 8 月 21 日 13:30\n\n"
              "## 时间地点\n\n* 日期 2019.8.24\n* 地点 示例区示例街 56 号\n");
  expect_when(m, "2021-08-21", NULL, "13:30", NULL);
  assert_fact(m->event.venue, "示例区示例街 56 号");
  model_free(m);
}

static void test_body_lines_en(void **state) {
  (void)state;
  /* a weekday picks the year; a bare "6:30 - 9:00" is in the evening */
  model *m = extract("---\ntitle: Gophers Night\ndate: 2019-05-30\n---\n\n"
                     "- Date: Monday, June 24\n- Time: 6:30 - 9:00\n"
                     "- Location: [Acme Hall: 12 Example Street, Springfield]"
                     "(https://maps.example.org/1)\n");
  expect_when(m, "2019-06-24", NULL, "18:30", "21:00");
  assert_fact(m->event.venue, "Acme Hall");
  assert_fact(m->event.address, "12 Example Street, Springfield");
  model_free(m);

  /* "When" and "Location" sections */
  m = extract("---\ntitle: Rust Evening\n---\n\nWhen\n----\n"
              "Tuesday, April 9th, 2024 @ 17:30 to 21:00\n\n"
              "Location\n--------\n[Example Labs](https://example.org)\n"
              "Canal Street 5\n1000 AA Springfield\n");
  expect_when(m, "2024-04-09", NULL, "17:30", "21:00");
  assert_fact(m->event.venue, "Example Labs");
  assert_fact(m->event.address, "Canal Street 5, 1000 AA Springfield");
  model_free(m);

  /* a key/value table */
  m = extract("---\ntitle: Tech Talk\ndate: 2020-03-11T09:17:07+05:30\n---\n\n"
              "| | |\n|---|---|\n| **Time** | March 28, 2020, 4pm - 6pm |\n"
              "| **Venue** | Online |\n");
  expect_when(m, "2020-03-28", NULL, "16:00", "18:00");
  assert_true(m->event.online);
  model_free(m);

  /* a sentence asking to register gives its link, when nothing else
   * does; a link far from the words does not */
  m = extract("---\ntitle: June Meetup\n---\n\nSee the [old slides]"
              "(https://example.org/slides).\n\n"
              "RSVP at [our form](https://example.org/rsvp).\n");
  assert_fact(m->event.registration, "https://example.org/rsvp");
  model_free(m);
  m = extract("---\ntitle: June Meetup\n---\n\nThanks to everyone who sent a "
              "[talk proposal](https://example.org/cfp), see you there and "
              "do not forget to register.\n");
  assert_null(m->event.registration);
  model_free(m);
  m = extract("---\ntitle: June Meetup\n---\n\n"
              "RSVP at [our form](https://example.org/rsvp).\n\n"
              "- Register: https://example.org/tickets\n");
  assert_fact(m->event.registration, "https://example.org/tickets");
  model_free(m);
}

static void test_date_headings_and_prose(void **state) {
  (void)state;
  /* a date heading with a time; the words beside it are its place */
  model *m = extract("---\ntitle: Rust Meetup\n---\n\n"
                     "#### Wednesday, 23 April 2025 5:30pm\n\nTalks below.\n");
  expect_when(m, "2025-04-23", NULL, "17:30", NULL);
  model_free(m);
  m = extract("# Example Workshop 2014\n\n#### Springfield (Freedonia), "
              "September 5, 2014\n\nWelcome.\n");
  assert_fact(m->event.date, "2014-09-05");
  assert_fact(m->event.venue, "Springfield (Freedonia)");
  model_free(m);

  /* bold day lines of a two-day programme give the first and last day */
  m = extract("# 示例大会 2022\n\n**12月10日，周六，上午**\n\n- 09:30 开场\n\n"
              "**12月11日，周日，下午**\n\n- 14:00 闭幕\n");
  expect_when(m, "2022-12-10", "2022-12-11", NULL, NULL);
  model_free(m);

  /* a sentence of the introduction: day and place */
  m = extract("---\ntitle: 示例开源日\ndate: 2017-09-29\n---\n\n"
              "示例开源日将于**10月21日**下午在**示例大学**举办，欢迎参加。\n");
  assert_fact(m->event.date, "2017-10-21");
  assert_fact(m->event.venue, "示例大学");
  model_free(m);
  m = extract("---\ntitle: Example Day\n---\n\n"
              "Example Day will take place on June 30th, 2022 at the Example "
              "Community Space, 345 Sample St. Doors open at noon.\n");
  assert_fact(m->event.date, "2022-06-30");
  assert_fact(m->event.venue, "Example Community Space");
  assert_fact(m->event.address, "345 Sample St");
  model_free(m);
  m = extract("---\ntitle: Days 3\n---\n\nThe event will take place from "
              "**9th to 11th December 2021, fully online**.\n");
  expect_when(m, "2021-12-09", "2021-12-11", NULL, NULL);
  assert_true(m->event.online);
  model_free(m);
  /* "上周六" counted from the post's day (a Monday) */
  m = extract("---\ntitle: 示例沙龙回顾\ndate: 2019-08-19\n---\n\n"
              "在上周六举办的示例沙龙上，五位讲师进行了分享。\n");
  assert_fact(m->event.date, "2019-08-17");
  model_free(m);
  /* no front matter and no level-1 heading: the level-2 heading that
   * opens the page (after a comment) names the event, not the file */
  m = extract("<!-- set title Program -->\n\nExample Workshop 2014 - Program\n"
              "------------------\n#### Springfield, September 5, 2014\n\n"
              "Talks below.\n");
  assert_fact(m->event.title, "Example Workshop 2014 - Program");
  assert_fact(m->event.date, "2014-09-05");
  model_free(m);
  /* a sentence opening with the day: its place is where it is held */
  m = extract("---\ntitle: 示例沙龙回顾\ndate: 2023-05-22\n---\n\n"
              "5 月 20 日，示例技术沙龙在杭州举办。\n");
  assert_fact(m->event.date, "2023-05-20");
  assert_fact(m->event.venue, "杭州");
  model_free(m);
  /* pictographs for the day, the time and the place */
  m = extract("---\ntitle: Example Night\ndate: 2025-01-20\n---\n\n"
              "\U0001F4C5 Wednesday, February 12, 2025\n"
              "\U0001F555 18:30 \u2013 21:30\n"
              "\U0001F4CD Example Hub, Rua Augusta 100, Lisbon\n");
  expect_when(m, "2025-02-12", NULL, "18:30", "21:30");
  assert_fact(m->event.venue, "Example Hub");
  assert_fact(m->event.address, "Rua Augusta 100, Lisbon");
  model_free(m);
  /* "We meet on … at 18:00 at [Place](…), Street": the place is the one
   * that follows a capital */
  m = extract("---\ntitle: Example Spring\n---\n\nWe meet on **Thursday 3 April "
              "2025 at 18:00** at [Acme Office](https://maps.example/acme), "
              "Storgata 1, Oslo.\n");
  expect_when(m, "2025-04-03", NULL, "18:00", NULL);
  assert_fact(m->event.venue, "Acme Office");
  model_free(m);
  /* a sentence about what usually happens is no place */
  m = extract("---\ntitle: 示例大会\n---\n\n示例大会一般在欧洲举办。\n");
  assert_null(m->event.venue);
  model_free(m);
}

static void test_agenda_days(void **state) {
  (void)state;
  /* no info line: the talks' days */
  model *m = extract("---\ntitle: 线上系列\ndate: 2022-04-01\n---\n\n"
                     "### 第一讲\n\n- **时间：**2022/4/7（周四） 20:00-21:00\n"
                     "- **讲师：**戴明轩 示例存储 架构师\n\n"
                     "### 第二讲\n\n- **时间：**2022/4/14（周四） 20:00-21:00\n"
                     "- **讲师：**庄一然 样例云 研发经理\n");
  expect_when(m, "2022-04-07", "2022-04-14", NULL, NULL);
  model_free(m);
  /* an odd year (the last day was computed wrong in odd years: 11-22
   * came out as 11-06) */
  m = extract("---\ntitle: 大会\nsessions:\n"
              "  - {day: \"第一天 · 2025 年 11 月 21 日\", time: \"09:00\", "
              "title: \"编译器的一天\", speaker: 张小明}\n"
              "  - {day: \"第二天 · 2025 年 11 月 22 日\", time: \"09:00\", "
              "title: \"内存模型入门\", speaker: 李大刚}\n---\n\nHi.\n");
  expect_when(m, "2025-11-21", "2025-11-22", NULL, NULL);
  model_free(m);
}

/* ---- front-matter conventions ---------------------------------------------------- */

static void test_front_keys(void **state) {
  (void)state;
  /* start and end (and the end is not taken for the start) */
  model *m = extract("---\ntitle: Conf\nstart: 2019-06-24T09:00:00+08:00\n"
                     "end: 2019-06-24T17:30:00+08:00\n---\n\nHi.\n");
  expect_when(m, "2019-06-24", NULL, "09:00", "17:30");
  assert_fact(m->event.timezone, "UTC+8");
  model_free(m);
  m = extract("---\ntitle: Conf\neventdate: 2023-05-06 10:00\n"
              "tz: Europe/Berlin\n---\n\nHi.\n");
  expect_when(m, "2023-05-06", NULL, "10:00", NULL);
  assert_fact(m->event.timezone, "Europe/Berlin");
  model_free(m);
  m = extract("---\ntitle: Conf\ndateStart: 2023-10-12\ndateEnd: 2023-10-13\n"
              "date: 2023-01-02\n---\n\nHi.\n");
  expect_when(m, "2023-10-12", "2023-10-13", NULL, NULL);
  assert_fact(m->event.published, "2023-01-02");
  model_free(m);
  m = extract("---\ntitle: A talk\nTalk_date: 2022-11-03\n"
              "Talk_start_time: '18:00'\n---\n\nHi.\n");
  expect_when(m, "2022-11-03", NULL, "18:00", NULL);
  model_free(m);
  m = extract("---\ntitle: 沙龙\nsection1:\n  time: \"2022-10-22 14:00-16:45\"\n"
              "---\n\n介绍。\n");
  expect_when(m, "2022-10-22", NULL, "14:00", "16:45");
  model_free(m);
  m = extract("---\ntitle: Meetup\nwhen: 2021-09-09 18:30\nvenue: Hall 2\n"
              "location:\n  city: Zurich\n  country: Switzerland\n---\n\nHi.\n");
  expect_when(m, "2021-09-09", NULL, "18:30", NULL);
  assert_fact(m->event.venue, "Hall 2");
  assert_fact(m->event.city, "Zurich, Switzerland");
  model_free(m);
  /* TOML keys in any case */
  m = extract("+++\nTitle = \"示例 TOML 沙龙\"\nStartDate = \"2024-05-18\"\n+++\n\n"
              "介绍。\n");
  assert_fact(m->event.title, "示例 TOML 沙龙");
  assert_fact(m->event.date, "2024-05-18");
  model_free(m);
  /* a site's own keys under Hugo's [params] (or Zola's [extra]): the
   * event's day, not the post's */
  m = extract("+++\ntitle = \"Workshop\"\ndate = 2024-10-01\n[params]\n"
              "eventdate = \"2024-11-09\"\nstarttime = \"10:00\"\n"
              "venue = \"Makerspace, Leeds\"\n+++\n\nBring a laptop.\n");
  expect_when(m, "2024-11-09", NULL, "10:00", NULL);
  assert_fact(m->event.venue, "Makerspace, Leeds");
  assert_fact(m->event.published, "2024-10-01");
  model_free(m);
}

static void test_published_date(void **state) {
  (void)state;
  /* an announcement with nothing else: the front matter's date */
  model *m = extract("---\ntitle: 示例 Meetup 报名开启\n"
                     "date: 2020-03-12T21:00:00+08:00\n---\n\n介绍。\n");
  expect_when(m, "2020-03-12", NULL, "21:00", NULL);
  model_free(m);
  /* a recap: never the post's date */
  m = extract("---\ntitle: 第七届示例 Meetup 回顾\n"
              "date: 2019-10-28T10:41:54+08:00\n---\n\n回顾内容。\n");
  expect_when(m, NULL, NULL, NULL, NULL);
  assert_fact(m->event.published, "2019-10-28");
  model_free(m);
  /* a post's timestamp is no start time */
  m = extract("---\ntitle: Example Meetup\ndate: 2020-05-06T10:41:54+08:00\n"
              "---\n\nHi.\n");
  assert_null(m->event.time);
  model_free(m);
  /* a recap's year: the day the body gives without one is before the post */
  m = extract("---\ntitle: 示例用户聚会回顾\ndate: 2015-01-05\n---\n\n"
              "示例用户聚会于 12 月 20 日成功举行。\n");
  assert_fact(m->event.date, "2014-12-20");
  model_free(m);
}

static void test_disagreement(void **state) {
  (void)state;
  diag_capture(1);
  model *m = extract("---\ntitle: 示例沙龙\nevent_date: 2024-03-01\n---\n\n"
                     "时间：2024年3月2日 14:00-17:00\n");
  const char *msg = diag_captured();
  assert_non_null(strstr(msg, "t.md:6: warning: the event's date is 2024-03-02 "
                              "here but 2024-03-01 at line 3; using the one at "
                              "line 6"));
  diag_capture(0);
  expect_when(m, "2024-03-02", NULL, "14:00", "17:00");
  model_free(m);
  /* the front matter's place is the city the body's venue is in */
  m = extract("---\ntitle: 示例沙龙\nlocation: 中国示例\n---\n\n"
              "时间：2024年3月2日\n\n地点：示例谷 G 座\n");
  assert_fact(m->event.venue, "示例谷 G 座");
  assert_fact(m->event.city, "中国示例");
  model_free(m);
  /* a description that names another day is not printed */
  diag_capture(1);
  m = extract("---\ntitle: 示例沙龙\ndescription: 示例沙龙，2024 年 3 月 1 日。\n"
              "---\n\n时间：2024年3月2日\n");
  assert_non_null(strstr(diag_captured(), "t.md:3: warning:"));
  diag_capture(0);
  assert_true(m->event.description_off_cover);
  model_free(m);
}

/* ---- the event's name ---------------------------------------------------------------- */

static void test_page_label_titles(void **state) {
  (void)state;
  model *m = extract("---\ntitle: \"活动\"\n---\n\n# 示例开源沙龙第 3 期\n\n介绍。\n");
  assert_fact(m->event.title, "示例开源沙龙第 3 期");
  model_free(m);
  m = extract("---\ntitle: program\ndisplaytext: Example Conf 2024\n---\n\nHi.\n");
  assert_fact(m->event.title, "Example Conf 2024");
  model_free(m);
  m = extract("---\ntitle: NextEvent\ndisplaytext: \"Example Night #4\"\n---\n\n"
              "Hi.\n");
  assert_fact(m->event.title, "Example Night #4");
  model_free(m);
  m = page("content/rust-night-2019.md",
           "---\ntitle: rust-night-2019\n---\n\n# Rust Night 2019\n\nHi.\n");
  assert_fact(m->event.title, "Rust Night 2019");
  model_free(m);
  m = extract("---\ntitle: schedule\ndescription: \"Example Summit: two days of "
              "talks\"\n---\n\nHi.\n");
  assert_fact(m->event.title, "Example Summit");
  model_free(m);
  /* site decoration becomes the kicker */
  m = extract("---\ntitle: 【活动回顾】示例 Meetup 第 5 期\n---\n\n回顾。\n");
  assert_fact(m->event.title, "示例 Meetup 第 5 期");
  assert_fact(m->event.kicker, "活动回顾");
  model_free(m);
  m = extract("---\ntitle: \"[视频] Example DevCon 2020\"\n---\n\nHi.\n");
  assert_fact(m->event.title, "Example DevCon 2020");
  assert_fact(m->event.kicker, "视频");
  model_free(m);
}

static void test_description(void **state) {
  (void)state;
  /* cut by the site mid-word: back to its last clause end */
  model *m = extract("---\ntitle: 示例沙龙\ndescription: \"示例社区举办本次在线"
                     "技术沙龙活动，邀请 Envoy 社区 Cor\"\n---\n\n示例社区举办本次"
                     "在线技术沙龙活动，邀请 Envoy 社区 Core Maintainer 分享。\n");
  assert_fact(m->event.description, "示例社区举办本次在线技术沙龙活动");
  model_free(m);
  /* repeating the title: dropped */
  m = extract("---\ntitle: 示例沙龙第 7 期\ndescription: 示例沙龙第 7 期\n---\n\n"
              "介绍。\n");
  assert_null(m->event.description);
  model_free(m);
}

/* ---- Markdown inside front-matter text -------------------------------------------------- */

static int has_type(const md_node *n, md_type t) {
  if (n->type == t)
    return 1;
  for (const md_node *c = n->first; c; c = c->next)
    if (has_type(c, t))
      return 1;
  return 0;
}

static void test_front_markdown(void **state) {
  (void)state;
  model *m = extract("---\ntitle: Example Night\nspeakers:\n"
                     "  - name: Ada Roe\n"
                     "    bio: |\n"
                     "      Works at [Acme](https://acme.example) &amp; builds "
                     "*tools* :desert_island:.\n\n"
                     "      - Rust\n"
                     "      - Go\n"
                     "description: \"Tools &amp; tea :coffee: and :nope:\"\n"
                     "---\n\nHi.\n");
  assert_int_equal(m->n_speakers, 1);
  const model_speaker *s = &m->speakers[0];
  assert_int_equal(s->n_bio_md, 2);
  assert_true(has_type(s->bio_md[0], MD_LINK));
  assert_true(has_type(s->bio_md[0], MD_EMPH));
  assert_int_equal(s->bio_md[1]->type, MD_LIST);
  assert_non_null(strstr(s->bio, "Works at Acme & builds tools \U0001F3DD"));
  assert_null(strstr(s->bio, "]("));
  assert_fact(m->event.description, "Tools & tea \u2615 and :nope:");
  model_free(m);
  /* one-line fields keep what would start a block */
  char *p = ex_front_plain("1. Intro &amp; '''Location: '''Hall");
  assert_fact(p, "1. Intro & Location: Hall");
  free(p);
  p = ex_front_plain("# not a heading");
  assert_fact(p, "# not a heading");
  free(p);
  assert_fact(ex_emoji("tada", 4), "\U0001F389");
  assert_null(ex_emoji("no_such_code", 12));
  /* a multi-line string indented as a whole is text, not a code block */
  m = extract("+++\ntitle = \"Example Night\"\n[[speakers]]\n"
              "\tname = \"Bo Li\"\n"
              "\tbio = \"\"\"\n\tBuilds <em>small</em> tools.\n\n"
              "\t  Likes tea.\n\t\"\"\"\n+++\n\nHi.\n");
  assert_int_equal(m->n_speakers, 1);
  s = &m->speakers[0];
  assert_int_equal(s->n_bio_md, 2);
  assert_int_equal(s->bio_md[0]->type, MD_PARAGRAPH);
  assert_int_equal(s->bio_md[1]->type, MD_PARAGRAPH);
  assert_non_null(strstr(s->bio, "Builds small tools."));
  model_free(m);
}

/* ---- the language ---------------------------------------------------------------------------- */

static void test_language(void **state) {
  (void)state;
  model *m = extract("---\ntitle: Example\nlanguageCode: zh-CN\n---\n\nHello.\n");
  assert_fact(m->event.lang, "zh-CN"); /* the tag as declared, in its usual form */
  model_free(m);
  m = page("site/content/en/post.md", "---\ntitle: 示例\n---\n\n示例。\n");
  assert_fact(m->event.lang, "en");
  model_free(m);
  m = extract("---\ntitle: Example Meetup 示例\n---\n\n这是一个示例活动，欢迎参加。\n");
  assert_fact(m->event.lang, "zh-Hans");
  model_free(m);
  m = extract("---\ntitle: Example Meetup\n---\n\nAn evening meetup about "
              "compilers, with a talk by 王小明 on register allocation and "
              "one by Ada Roe on linkers, then pizza and questions. Doors open at six; "
              "bring a laptop if you want to follow the examples, and tell us "
              "in advance if you need a seat near the front.\n");
  assert_fact(m->event.lang, "en");
  model_free(m);
}

/* ---- printing ---------------------------------------------------------------------------------- */

static void expect_print(const char *lang, const char *date, const char *end,
                         const char *time, const char *end_time,
                         const char *tz, const char *want) {
  model_event e = {0};
  e.lang = (char *)lang, e.date = (char *)date, e.end_date = (char *)end;
  e.time = (char *)time, e.end_time = (char *)end_time, e.timezone = (char *)tz;
  char *w = event_print_when(&e);
  assert_fact(w, want);
  free(w);
}

static void test_print(void **state) {
  (void)state;
  expect_print("zh-Hans", "2019-03-24", NULL, "13:00", "17:00", NULL,
               "2019年3月24日 周日 13:00–17:00");
  expect_print("en", "2019-06-24", NULL, "09:00", "17:30", "UTC+8",
               "Monday, 24 June 2019, 9:00–17:30 (UTC+8)");
  expect_print("zh-Hans", "2021-12-09", "2021-12-11", NULL, NULL, NULL,
               "2021年12月9日—11日");
  expect_print("zh-Hans", "2020-09-29", "2020-10-01", NULL, NULL, NULL,
               "2020年9月29日—10月1日");
  expect_print("en", "2021-12-09", "2021-12-11", NULL, NULL, NULL,
               "9–11 December 2021");
  expect_print("en", "2020-09-29", "2020-10-01", NULL, NULL, NULL,
               "29 September – 1 October 2020");
  expect_print("en", NULL, NULL, "18:30", NULL, NULL, "18:30");
  expect_print("en", NULL, NULL, NULL, NULL, NULL, NULL);
  layout *base = layout_load("a5-booklet", NULL, 0);
  assert_non_null(base);
  layout *lz = layout_localize(base, "zh-Hans"), *le = layout_localize(base, "en");
  model_event e = {0};
  e.lang = "zh-Hans", e.venue = "示例谷 G 座", e.city = "样例市";
  char *p = event_print_place(&e, lz);
  assert_fact(p, "示例谷 G 座，样例市");
  free(p);
  e.city = "示例谷"; /* the venue names the city already */
  p = event_print_place(&e, lz);
  assert_fact(p, "示例谷 G 座");
  free(p);
  e.city = NULL, e.online = 1;
  p = event_print_place(&e, lz);
  assert_fact(p, "示例谷 G 座（线上同步）");
  free(p);
  e.venue = NULL, e.lang = "en";
  p = event_print_place(&e, le);
  assert_fact(p, "Online");
  free(p);
  layout_free(lz), layout_free(le), layout_free(base);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_forms),
      cmocka_unit_test(test_time_forms),
      cmocka_unit_test(test_timezones),
      cmocka_unit_test(test_body_lines_zh),
      cmocka_unit_test(test_body_lines_en),
      cmocka_unit_test(test_date_headings_and_prose),
      cmocka_unit_test(test_agenda_days),
      cmocka_unit_test(test_front_keys),
      cmocka_unit_test(test_published_date),
      cmocka_unit_test(test_disagreement),
      cmocka_unit_test(test_page_label_titles),
      cmocka_unit_test(test_description),
      cmocka_unit_test(test_front_markdown),
      cmocka_unit_test(test_language),
      cmocka_unit_test(test_print),
  };
  return cmocka_run_group_tests_name("event", tests, NULL, NULL);
}
