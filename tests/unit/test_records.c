/* test_records.c — the record-based extraction (issue 14): every shape a
 * talk is written in read into the same records, groups of siblings
 * decided together, one reconciliation across origins, names in every
 * script, the title-line reader both ways round, and --check's findings.
 * Every page here is made up for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "body.h"
#include "extract_int.h"
#include "front.h"
#include "model.h"
#include "source.h"
#include "util.h"

/* ---- helpers ------------------------------------------------------------------ */

static model *extract(const char *md) {
  source *src = source_from_memory("t.md", md, strlen(md));
  assert_non_null(src);
  front_node *fm = front_parse(src);
  assert_non_null(fm);
  md_node *body = body_parse(src);
  model *m = model_extract(src, fm, body);
  source_free(src);
  return m;
}

/* Names of talk i's speakers joined with '|'.  Caller frees. */
static char *names(const model *m, size_t i) {
  strbuf b = {0};
  for (size_t k = 0; k < m->talks[i].n_speakers; k++) {
    if (k)
      sb_addc(&b, '|');
    sb_add(&b, m->speakers[m->talks[i].speakers[k]].name);
  }
  return sb_take(&b);
}

#define assert_names(m, i, want)                                              \
  do {                                                                        \
    char *got_ = names(m, i);                                                 \
    assert_string_equal(got_, want);                                          \
    free(got_);                                                               \
  } while (0)

/* 1 when some finding of m holds text. */
static int found(const model *m, const char *text) {
  for (size_t i = 0; i < m->n_findings; i++)
    if (strstr(m->findings[i].text, text))
      return 1;
  return 0;
}

/* ---- the title-line reader ------------------------------------------------------ */

typedef struct line_case {
  const char *line;   /* as written */
  const char *time;   /* the time read, or NULL */
  const char *title;  /* the title half */
  const char *people; /* the people half, or NULL */
} line_case;

static void test_head_both_orders(void **state) {
  (void)state;
  static const line_case cases[] = {
      {"18:40 - 18:55 续本达：Debian 技术分享", "18:40 - 18:55", "Debian 技术分享",
       "续本达"},
      {"19:10 – \"Fast Widgets\" by Ada Roe", "19:10", "\"Fast Widgets\"", "Ada Roe"},
      {"Fast Widgets - Ada Roe - @adaroe", NULL, "Fast Widgets", "Ada Roe - @adaroe"},
      {"Fast Widgets (Ada Roe & Bo Li)", NULL, "Fast Widgets", "Ada Roe & Bo Li"},
      {"Fast Widgets with Ada Roe", NULL, "Fast Widgets", "Ada Roe"},
      {"王小明（某科技）：分布式缓存", NULL, "分布式缓存", "王小明（某科技）"},
      {"讲师团 王硕博士 —— 《什么是云计算》", NULL, "《什么是云计算》",
       "讲师团 王硕博士"},
      {"《缓存设计》，主讲人: 张三", NULL, "《缓存设计》", "主讲人: 张三"},
      {"13h00 -- 13h30 Opening the Toolbox, by Zoë Müller", "13h00 -- 13h30",
       "Opening the Toolbox", "Zoë Müller"},
      {"Building Web Apps with Rust", NULL, "Building Web Apps with Rust", NULL},
  };
  model m = {0};
  ex_ctx x = {.m = &m};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    ex_head h;
    ex_head_read(&x, cases[i].line, NULL, &h);
    if (cases[i].time)
      assert_string_equal(h.time, cases[i].time);
    else
      assert_null(h.time);
    assert_string_equal(h.title, cases[i].title);
    if (cases[i].people)
      assert_string_equal(h.people, cases[i].people);
    else
      assert_null(h.people);
    ex_head_free(&h);
  }
}

/* A group's pattern lets a weak people half through: "wuvist" is no
 * name by its shape, but the siblings write name, spaces, title. */
static void test_head_group_pattern(void **state) {
  (void)state;
  model *m = extract("## 流水\n\n"
                     "### 10:00 潘俊勇 我经历的软件重构\n\n录音。\n\n"
                     "### 10:40 王健 用 Python 架设游戏服务端\n\n录音。\n\n"
                     "### 11:20 wuvist 论推荐引擎的优越性\n\n录音。\n\n"
                     "### 12:00 午餐\n\n好吃。\n");
  assert_int_equal(m->n_talks, 3);
  assert_string_equal(m->talks[2].title, "论推荐引擎的优越性");
  assert_names(m, 2, "wuvist");
  model_free(m);
}

/* ---- names in every script ---------------------------------------------------- */

static void test_names_scripts(void **state) {
  (void)state;
  static const char *const one[] = {"Zoë Müller", "José Núñez", "Jan van der Berg",
                                    "Łukasz Nowak", "Anne-Marie O'Neil"};
  for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
    ex_person *ps;
    size_t n = extract_people(one[i], EX_LENIENT, NULL, NULL, &ps);
    assert_int_equal(n, 1);
    assert_string_equal(ps[0].name, one[i]);
    extract_people_free(ps, n);
    assert_true(ex_names_score(one[i], NULL, NULL) >= ex_limits.names_likely);
  }
  /* several people and one company; separators of every kind */
  ex_person *ps;
  size_t n = extract_people("Ada Roe, Bo Li and Cy Wu, Acme", EX_LENIENT, NULL,
                            NULL, &ps);
  assert_int_equal(n, 3);
  assert_string_equal(ps[2].name, "Cy Wu");
  assert_string_equal(ps[2].company, "Acme");
  extract_people_free(ps, n);
  static const char *const lists[] = {"张三、李四", "张三；李四", "Ada Roe & Bo Li",
                                      "Ada Roe and Bo Li", "Ada Roe, Bo Li",
                                      "张三/李四", "Ada Roe\nBo Li", "张三和李四"};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
    n = extract_people(lists[i], EX_LENIENT, NULL, NULL, &ps);
    assert_int_equal(n, 2);
    extract_people_free(ps, n);
  }
  /* 和 ending a name joins nothing */
  n = extract_people("许清和、陈默、白露", EX_LENIENT, NULL, NULL, &ps);
  assert_int_equal(n, 3);
  assert_string_equal(ps[0].name, "许清和");
  extract_people_free(ps, n);
  /* a job at the end is no name: the name that opens the line is the
   * person, its long designation naming jobs still reads as one */
  n = extract_people("岳川，示例科技联合创始人＆CEO，Example Cloud 项目 VP， "
                     "Example Mesh Committer",
                     EX_LENIENT, NULL, NULL, &ps);
  assert_int_equal(n, 1);
  assert_string_equal(ps[0].name, "岳川");
  extract_people_free(ps, n);
  assert_true(ex_names_score("岳川，示例科技联合创始人＆CEO，Example Cloud 项目 VP， "
                             "Example Mesh Committer",
                             NULL, NULL) >= ex_limits.names_likely);
  assert_true(ex_names_score("Example Mesh Committer", NULL, NULL) <
              ex_limits.names_likely);
  /* the name written again at the head of the designation goes */
  n = extract_people("严冬，严冬，示例公司监控负责人", EX_LENIENT, NULL, NULL, &ps);
  assert_string_equal(ps[0].name, "严冬");
  assert_string_equal(ps[0].designation, "示例公司监控负责人");
  extract_people_free(ps, n);
  /* aliases in either bracket; a handle after the name is dropped */
  n = extract_people("季明（清风）", EX_LENIENT, NULL, NULL, &ps);
  assert_string_equal(ps[0].alias, "清风");
  extract_people_free(ps, n);
  n = extract_people("程安(Kai Cheng)", EX_LENIENT, NULL, NULL, &ps);
  assert_string_equal(ps[0].alias, "Kai Cheng");
  extract_people_free(ps, n);
  char *t = ex_people_text("Ada Roe (@adaroe)");
  assert_string_equal(t, "Ada Roe");
  free(t);
  /* notes in brackets are no aliases; names glued to a company */
  n = extract_people("齐尧 (video)", EX_LENIENT, NULL, NULL, &ps);
  assert_null(ps[0].alias);
  extract_people_free(ps, n);
  n = extract_people("腾讯云孔令飞", EX_LENIENT, NULL, NULL, &ps);
  assert_string_equal(ps[0].name, "孔令飞");
  assert_string_equal(ps[0].company, "腾讯云");
  extract_people_free(ps, n);
  /* not names: things, words of a programme */
  assert_true(ex_names_score("Serverless Computing", NULL, NULL) < ex_limits.names_likely);
  assert_true(ex_names_score("微应用", NULL, NULL) < ex_limits.names_likely);
  assert_true(ex_names_score("第一场", NULL, NULL) < ex_limits.names_likely);
}

/* ---- adapters ---------------------------------------------------------------- */

static void test_list_item_shapes(void **state) {
  (void)state;
  model *m = extract("## Talks\n\n"
                     "- Fast Widgets (Ada Roe & Bo Li)\n"
                     "- \"Slow Gadgets\" – Cy Wu\n"
                     "- 王小明（某科技）：缓存一致性\n"
                     "- 《日志平台》，主讲人: 张三\n"
                     "- [边缘推理，李四](https://example.org/video)\n");
  assert_int_equal(m->n_talks, 5);
  assert_string_equal(m->talks[0].title, "Fast Widgets");
  assert_names(m, 0, "Ada Roe|Bo Li");
  assert_string_equal(m->talks[1].title, "Slow Gadgets");
  assert_names(m, 1, "Cy Wu");
  assert_string_equal(m->talks[2].title, "缓存一致性");
  assert_names(m, 2, "王小明");
  assert_string_equal(m->talks[3].title, "日志平台");
  assert_names(m, 3, "张三");
  assert_string_equal(m->talks[4].title, "边缘推理");
  assert_names(m, 4, "李四");
  /* the items left the list with their talks: nothing is printed twice */
  assert_int_equal(m->n_prose + m->n_about, 1);
  model_free(m);
}

static void test_heading_sections(void **state) {
  (void)state;
  model *m = extract("# 夏季技术沙龙\n\n开场白。\n\n"
                     "## 议程\n\n"
                     "### 缓存的一致性\n\n讲师：祁天和\n\n缓存与数据库。\n\n"
                     "### 日志平台的演进\n\nBy Ada Roe\n\nFrom one box to many.\n\n"
                     "## 地点\n\n某大厦 3 楼。\n");
  /* the page's title, the agenda heading and the venue are no talks */
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 0, "祁天和");
  assert_names(m, 1, "Ada Roe");
  model_free(m);
}

static void test_title_lines(void **state) {
  (void)state;
  model *m = extract("**《分布式追踪》** by @tracer\n\n"
                     "讲者信息：甘霖，某公司工程师。\n\n"
                     "**《服务网格》** by @mesh\n\n"
                     "讲者信息：白露，某公司架构师。\n\n"
                     "**演讲概要**\n\n不是标题。\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "分布式追踪");
  /* the real name from the bio wins over the handle */
  assert_names(m, 0, "甘霖");
  assert_names(m, 1, "白露");
  model_free(m);
}

static void test_table_rows_are_talks(void **state) {
  (void)state;
  model *m = extract("| Time | Talk | Proposed By |\n|---|---|---|\n"
                     "| 16:00 | Things on the Internet | Dee Goel |\n"
                     "| 16:30 | Serverless Computing | Sam Rao |\n"
                     "| 17:00 | Break | |\n");
  assert_int_equal(m->n_talks, 2);
  assert_int_equal(m->n_agenda, 3);
  assert_names(m, 1, "Sam Rao");
  assert_string_equal(m->talks[1].time, "16:30");
  assert_int_equal(m->agenda[2].kind, MODEL_BREAK);
  model_free(m);
}

static void test_html_table(void **state) {
  (void)state;
  model *m = extract(
      "<table>\n"
      "  <tr><th>Start</th><th>End</th><th>Title</th><th>Speaker(s)</th></tr>\n"
      "\n"
      "  <tr><td>9:00</td><td>9:30</td><td>Registration</td><td></td></tr>\n"
      "\n"
      "  <tr><td>9:30</td><td>10:00</td><td><details>\n"
      "    <summary>Typed Holes Today</summary>\n"
      "    <p>What the compiler can guess for you.</p>\n"
      "  </details></td><td>Ada Roe<br>&amp; Bo Li</td></tr>\n"
      "\n"
      "  <tr><td>10:00</td><td>10:20</td><td>break</td><td><small>chair: Cy Wu</small></td></tr>\n"
      "</table>\n");
  assert_int_equal(m->n_talks, 1);
  assert_string_equal(m->talks[0].title, "Typed Holes Today");
  assert_names(m, 0, "Ada Roe|Bo Li");
  assert_string_equal(m->talks[0].time, "9:30–10:00");
  assert_int_equal(m->talks[0].n_abstract, 1);
  /* the chair of a break is nobody's speaker */
  assert_int_equal(m->n_speakers, 2);
  assert_int_equal(m->n_agenda, 3);
  model_free(m);
}

static void test_html_grid(void **state) {
  (void)state;
  model *m = extract("<table>\n"
                     "<tr><td>Day</td><td>Track A</td><td>Track B</td></tr>\n"
                     "<tr><td rowspan=\"2\">9:00-12:00</td><td>Product Ideas</td>"
                     "<td>Team Habits</td></tr>\n"
                     "<tr><td>Ada Roe</td><td>Bo Li</td></tr>\n"
                     "</table>\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 0, "Ada Roe");
  assert_string_equal(m->talks[1].track, "Track B");
  assert_names(m, 1, "Bo Li");
  model_free(m);
}

static void test_time_lines(void **state) {
  (void)state;
  /* one paragraph of times, a label over them */
  model *m = extract("【日程】\n"
                     "9:00 – 9:30\t签到\n"
                     "9:30 – 10:20\t编译器的测试，程安\n"
                     "10:20 – 11:10\t调试器的未来，甘霖\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 1, "甘霖");
  assert_int_equal(m->n_agenda, 4); /* the label kept as a row */
  model_free(m);
  /* paragraphs that open with a time, across the day's headings */
  m = extract("## 上午\n\n09：30-10：00 可观测性入门\n\n程安，某公司工程师\n\n"
              "## 下午\n\n13：30-14：00 链路追踪实践\n\n甘霖，某公司架构师\n\n"
              "14：00-14：15 茶歇\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 0, "程安");
  assert_string_equal(m->talks[1].day, "下午");
  model_free(m);
}

static void test_front_sessions(void **state) {
  (void)state;
  model *m = extract("---\ntitle: Conf\n"
                     "extra:\n"
                     "  days:\n"
                     "    - date: \"June 3\"\n"
                     "      program_elements:\n"
                     "        - time: \"9:00\"\n"
                     "          title: Doors and Coffee\n"
                     "          type: break\n"
                     "        - time: \"9:30\"\n"
                     "          title: Typed Holes Today\n"
                     "          speaker: Ada Roe\n"
                     "        - time: \"10:00\"\n"
                     "          title: Lunch\n"
                     "          isBreak: true\n"
                     "---\n");
  assert_int_equal(m->n_talks, 1);
  assert_names(m, 0, "Ada Roe");
  assert_string_equal(m->talks[0].day, "June 3");
  assert_int_equal(m->n_agenda, 3);
  model_free(m);
  /* a speakers list whose entries name talks, not jobs */
  m = extract("---\ntitle: Night\nspeakers:\n"
              "  - name: Ada Roe\n    title: Typed Holes Today\n"
              "  - name: Bo Li\n    title: Shipping Less Code\n---\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 1, "Bo Li");
  assert_null(m->speakers[0].designation);
  model_free(m);
}

static void test_page_is_a_talk(void **state) {
  (void)state;
  model *m = extract("---\ntitle: \"Typed Holes Today\"\npresenters: \"Ada Roe, Bo Li\"\n"
                     "room: \"Hall 2\"\n---\n\nWhat the compiler can guess for you.\n");
  assert_int_equal(m->n_talks, 1);
  assert_string_equal(m->talks[0].title, "Typed Holes Today");
  assert_names(m, 0, "Ada Roe|Bo Li");
  assert_int_equal(m->talks[0].n_abstract, 1);
  model_free(m);
  /* a post with no presenters and no cue words is no talk */
  m = extract("---\ntitle: We moved\nauthor: Ada Roe\n---\n\nNew office.\n");
  assert_int_equal(m->n_talks, 0);
  assert_true(found(m, "no talk recognised"));
  model_free(m);
}

/* Write text to dir/rel, making its folders. */
static void put(const char *dir, const char *rel, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
    *p = 0;
    mkdir(path, 0755);
    *p = '/';
  }
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static model *extract_file(const char *path) {
  source *src = source_load(path);
  assert_non_null(src);
  front_node *fm = front_parse(src);
  assert_non_null(fm);
  md_node *body = body_parse(src);
  model *m = model_extract(src, fm, body);
  source_free(src);
  return m;
}

static void test_page_kinds(void **state) {
  (void)state;
  /* a talk's own page: abstract, track and room, slides and video from
   * the front matter, its presenters as speakers with their bios */
  model *m = extract("---\ntitle: \"Typed Holes in Practice\"\n"
                     "abstract: \"Holes **one step** at a time.\"\n"
                     "room: Hall B\ntrack: Languages\n"
                     "slides_url: https://example.org/holes.pdf\n"
                     "video_url: https://video.example.org/holes\n"
                     "url: /talks/holes/\n"
                     "presenters:\n  - name: Ada Roe\n    company: Acme\n"
                     "    bio: \"Ada works on [Acme](https://acme.example).\"\n"
                     "  - name: Bo Li\n---\n");
  assert_int_equal(m->n_talks, 1);
  assert_names(m, 0, "Ada Roe|Bo Li");
  assert_int_equal(m->talks[0].n_abstract, 1);
  assert_string_equal(m->talks[0].track, "Languages · Hall B");
  assert_int_equal(m->talks[0].n_links, 2); /* not the page's own url */
  assert_string_equal(m->talks[0].links[0].url, "https://example.org/holes.pdf");
  assert_non_null(m->speakers[0].bio);
  assert_string_equal(m->speakers[0].designation, "Acme");
  model_free(m);
  /* speakers named by slugs: their own pages beside the talk */
  char dir[] = "/tmp/booklet-kinds-XXXXXX";
  assert_non_null(mkdtemp(dir));
  put(dir, "content/talks/less.md",
      "+++\nTitle = \"Shipping Less Code\"\nSpeakers = [\"ada-roe\", \"cy-wu\"]\n"
      "Abstract = \"Delete code.\"\n+++\n\nMore on deleting code.\n");
  put(dir, "content/speakers/ada-roe.md",
      "---\ntitle: \"Ada Roe-Lindqvist\"\nrole: Compiler engineer\n---\n\n"
      "Ada writes *compilers*.\n");
  char path[512];
  snprintf(path, sizeof path, "%s/content/talks/less.md", dir);
  m = extract_file(path);
  assert_int_equal(m->n_talks, 1);
  assert_names(m, 0, "Ada Roe-Lindqvist|Cy Wu"); /* read, else the slug */
  assert_string_equal(m->speakers[0].designation, "Compiler engineer");
  assert_non_null(m->speakers[0].bio);
  assert_non_null(strstr(m->speakers[0].bio, "Ada writes compilers"));
  assert_int_equal(m->speakers[0].n_bio_md, 1);
  assert_null(m->speakers[1].bio);
  model_free(m);
  static const char *const made[] = {"content/talks/less.md",
                                     "content/speakers/ada-roe.md",
                                     "content/talks", "content/speakers",
                                     "content", ""};
  for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, made[i]);
    if (remove(path))
      fail_msg("could not remove %s", path);
  }
  /* an author's own talk page: links in a metadata list, the body says
   * it is a talk */
  m = extract("---\ntitle: Fearless Refactoring\nauthor: Dana Kim\nmetadata:\n"
              "  - name: Slides\n    url: https://example.org/r.pdf\n"
              "  - name: Venue\n    url: https://example.org/venue\n---\n\n"
              "In this talk Dana refactors a large program without fear.\n");
  assert_int_equal(m->n_talks, 1);
  assert_names(m, 0, "Dana Kim");
  assert_int_equal(m->talks[0].n_links, 1);
  assert_string_equal(m->talks[0].links[0].label, "Slides");
  model_free(m);
  /* a page about one person: one speaker card, the text its bio */
  m = extract("---\ntitle: Elena Petrova\nrole: Staff Engineer\n"
              "company: Example Corp\ntwitter: elenap\n---\n\n"
              "Elena builds databases.\n\nShe lives in Lisbon.\n");
  assert_int_equal(m->n_talks, 0);
  assert_int_equal(m->n_speakers, 1);
  assert_string_equal(m->speakers[0].name, "Elena Petrova");
  assert_string_equal(m->speakers[0].designation, "Staff Engineer, Example Corp");
  assert_int_equal(m->speakers[0].n_bio_md, 2);
  assert_non_null(strstr(m->speakers[0].bio, "Twitter @elenap"));
  assert_int_equal(m->n_about, 0); /* printed on the card, not twice */
  model_free(m);
  /* a page of notes: its text, and --check says there is no event */
  m = extract("---\ntitle: Notes\n---\n\nSome notes from the team.\n");
  assert_int_equal(m->n_talks, 0);
  assert_int_equal(m->n_speakers, 0);
  assert_int_equal(m->n_about + m->n_prose, 1);
  assert_true(found(m, "no event facts"));
  model_free(m);
}

/* A programme of papers: "Title, by Names (Affiliation)." paragraphs, and
 * without "by" when every author has an affiliation in brackets (a legend
 * of the abbreviations after them is not a name). */
static void test_plain_title_lines(void **state) {
  (void)state;
  model *m = extract("#### 09:10-10:00 - Runtime\n\n"
                     "Fast Widgets in Practice, by Ada Roe, Bo Li (University "
                     "of Examples).\n[PDF Abstract](a1.pdf).\n\n"
                     "Gadgets meet the Collector, by Cy Doe (ACME).\n"
                     "[PDF Abstract](a2.pdf).\n\n"
                     "#### 10:30-11:00 - News\n\n"
                     "The State of Widgets (invited), Dee Fox\n"
                     "(Example Institute).\n\n"
                     "Widget Tools for Everyone, Eve Park (X), Finn Gray (Y); "
                     "(X = Example University, Y = Why Labs).\n"
                     "[PDF Abstract](a3.pdf).\n\n"
                     "Doors open at nine, coffee (and tea) in the hall.\n");
  assert_int_equal(m->n_talks, 4);
  assert_string_equal(m->talks[0].title, "Fast Widgets in Practice");
  assert_names(m, 0, "Ada Roe|Bo Li");
  assert_names(m, 1, "Cy Doe");
  assert_string_equal(m->talks[2].title, "The State of Widgets (invited)");
  assert_names(m, 2, "Dee Fox");
  assert_string_equal(m->talks[3].title, "Widget Tools for Everyone");
  assert_names(m, 3, "Eve Park|Finn Gray");
  model_free(m);
}

/* "**Name** (Org) — *Title*" lines: a bold name leads, the title follows a
 * dash; the paragraph opening with the speaker's name is the bio; a bold
 * name and a designation with no dash is no talk line. */
static void test_name_led_lines(void **state) {
  (void)state;
  model *m = extract("## Speakers\n\n"
                     "**Jane Doe** (Acme) \u2014 *Designing for the Edge*\n\n"
                     "Jane builds design systems at Acme.\n\n"
                     "**Tom Lee** (Beta Corp) \u2014 *CSS Containers in Practice "
                     "and Beyond*\n\n"
                     "Tom has been writing CSS since 1999.\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "Designing for the Edge");
  assert_names(m, 0, "Jane Doe");
  assert_string_equal(m->talks[1].title, "CSS Containers in Practice and Beyond");
  assert_names(m, 1, "Tom Lee");
  assert_int_equal(m->talks[0].n_abstract, 0);
  assert_non_null(m->speakers[0].bio);
  assert_non_null(strstr(m->speakers[0].bio, "Jane builds"));
  model_free(m);
  /* a speakers list of talks: the people keep their company and bio */
  m = extract("---\ntitle: Night\nspeakers:\n  - name: Ada Roe\n"
              "    company: Acme\n    talk: Shipping on Fridays\n"
              "    bio: Ada runs platform at Acme.\n  - name: Bo Li\n"
              "    company: Beta\n    talk: Incident Reviews that Work\n"
              "---\n\nHi.\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 0, "Ada Roe");
  assert_string_equal(m->speakers[0].designation, "Acme");
  assert_non_null(strstr(m->speakers[0].bio, "runs platform"));
  model_free(m);
  /* "X is the CEO of Y" under a talk: a bio, and its designation without
   * the verb; a separator "~" between a name and a designation */
  m = extract("## Aurora Search\n\nSpeaker: Lin Tao\n\n"
              "Lin Tao is the Co-founder and CEO of Examplesoft, building "
              "databases.\n\n## Quiet Tables\n\n讲师：小罗 ~ 示例研究院负责人\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->speakers[0].designation, "Co-founder and CEO of Examplesoft");
  assert_int_equal(m->talks[0].n_abstract, 0);
  assert_string_equal(m->speakers[1].designation, "示例研究院负责人");
  model_free(m);
  m = extract("## Speakers\n\n**Jane Doe** Staff Engineer at Acme\n\n"
              "**Tom Lee** Designer at Beta\n");
  assert_int_equal(m->n_talks, 0);
  model_free(m);
}

/* Bold title lines that all open with a time are a schedule: the talks
 * are talks, the breaks ("签到", "自由交流") agenda rows, not talks. */
static void test_bold_schedule(void **state) {
  (void)state;
  model *m = extract("## 活动议程\n\n**14:00-14:30 签到**\n\n"
                     "**14:30-15:20 《服务端组件实践》**\n\n"
                     "分享嘉宾：陈晨，示例科技前端负责人\n\n"
                     "**15:30-16:20 《前端可观测性》**\n\n"
                     "分享嘉宾：刘洋，某某云高级工程师\n\n"
                     "**16:20-17:00 自由交流**\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "服务端组件实践");
  assert_names(m, 1, "刘洋");
  assert_int_equal(m->n_agenda, 4);
  assert_string_equal(m->agenda[0].title, "签到");
  assert_string_equal(m->agenda[3].title, "自由交流");
  model_free(m);
}

/* Slots headed by their time alone, over a bold title and a line of
 * people ("Presented by …" too): the talks take the slot's time. */
static void test_time_slots(void **state) {
  (void)state;
  model *m = extract("## Schedule\n\n### 10:00 AM - 10:45 AM\n\n"
                     "**Making Builds Boring**\n\nPriya Raman, Example Corp\n\n"
                     "Builds should be dull.\n\n### 11:00 AM - 11:45 AM\n\n"
                     "**Rust at the Edge**\n\nPresented by Lukas Berg (Widgets Inc)"
                     "\n\nEdge computing with Rust.\n\n### 12:00 PM - 1:00 PM\n\n"
                     "Lunch\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].time, "10:00\u201310:45");
  assert_names(m, 1, "Lukas Berg");
  assert_string_equal(m->talks[1].time, "11:00\u201311:45");
  model_free(m);
}

/* A table of a time column and room columns: each cell a talk in its
 * room at its row's time; a row the same in every room is one item. */
static void test_track_grid(void **state) {
  (void)state;
  model *m = extract("| Time | Room A | Room B |\n|---|---|---|\n"
                     "| 10:00 | Scaling Search \u2014 Ana Li | Design Tokens \u2014 Ben Cole |\n"
                     "| 11:00 | Vector Stores \u2014 Cy Park | Cascade Layers \u2014 Dee Moss |\n"
                     "| 12:00 | Lunch | Lunch |\n");
  assert_int_equal(m->n_talks, 4);
  assert_string_equal(m->talks[1].title, "Design Tokens");
  assert_names(m, 1, "Ben Cole");
  assert_string_equal(m->talks[1].track, "Room B");
  assert_string_equal(m->talks[2].time, "11:00");
  assert_int_equal(m->n_agenda, 5);
  assert_string_equal(m->agenda[4].title, "Lunch");
  model_free(m);
  /* a bio column is its speaker's bio, not a note of the row */
  m = extract("| 时间 | 议题 | 讲师 | 嘉宾介绍 |\n|---|---|---|---|\n"
              "| 14:00 | 服务网格实践 | 张三 | 示例科技架构师，十年经验。 |\n"
              "| 15:00 | 可观测性 | 李四 | 某某云工程师。 |\n| 16:00 | 茶歇 | | |\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 0, "张三");
  assert_non_null(m->speakers[0].bio);
  assert_non_null(strstr(m->speakers[0].bio, "十年经验"));
  assert_null(m->agenda[0].note);
  model_free(m);
}

/* A speaker cue's paragraph goes on with other fields: a label line
 * ("简介：") and an English sentence are the talk's text, not more of the
 * speaker; a note in brackets after a name stays in its brackets. */
static void test_speaker_line_ends(void **state) {
  (void)state;
  model *m = extract("## 性能测试框架\n\n演讲者：齐尧\n简介：\n"
                     "介绍一个新的性能测试框架，以及如何为它添加用例。\n\n"
                     "## Tracing Everything\n\nSpeaker: Mia Chen (Pixel)\n"
                     "Mia shows how to trace a whole request path.\n\n"
                     "## Agenda\n\n| Time | Talk |\n|---|---|\n"
                     "| 10:00 | 性能测试框架，齐尧 (video) |\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 0, "齐尧");
  assert_true(m->talks[0].n_abstract > 0);
  const char *d = m->speakers[0].designation;
  assert_true(!d || !strstr(d, "简介"));
  assert_names(m, 1, "Mia Chen");
  assert_int_equal(m->n_speakers, 2);
  assert_true(m->talks[1].n_abstract > 0);
  model_free(m);
  /* a talk's page: "Name: role" lines under its speakers give their
   * designations, not more abstract */
  m = extract("---\ntitle: \"Vector Search at Scale\"\npresenters: \"Ana Li, "
              "Ben Cole\"\n---\n\nWhy vector search needs a new index.\n\n"
              "### Speakers:\n\n<img src=\"a.png\" width=\"200\" /><br/>\n\n"
              "Ana Li: Example CTO\n\nAna Li serves as the CTO at Example.\n");
  assert_int_equal(m->n_talks, 1);
  assert_string_equal(m->speakers[0].designation, "Example CTO");
  assert_non_null(strstr(m->speakers[0].bio, "serves as"));
  assert_int_equal(m->talks[0].n_abstract, 1);
  model_free(m);
  ex_person *ps;
  size_t n = extract_people("翟京(Orson Zhai) (video)", EX_LENIENT, NULL, NULL, &ps);
  assert_int_equal(n, 1);
  assert_string_equal(ps[0].alias, "Orson Zhai");
  assert_string_equal(ps[0].designation, "(video)");
  extract_people_free(ps, n);
}

static void test_mentions(void **state) {
  (void)state;
  /* a recap with the talks named only in its sentences */
  model *m = extract("活动很顺利。\n\n"
                     "首先由示例科技高级开发工程师江明远为大家带来《静态网站托管》主题分享，"
                     "讲得很细。\n\n"
                     "第二个主题，是@hilda带来的[《日志平台的演进》](https://example.org/s)，"
                     "干货满满。\n\n"
                     "- [Ada Roe](https://example.org/ada) who works at Acme will talk "
                     "about *Typed Holes Today* and more.\n");
  assert_int_equal(m->n_talks, 3);
  assert_string_equal(m->talks[0].title, "静态网站托管");
  assert_names(m, 0, "江明远");
  assert_string_equal(m->talks[1].title, "日志平台的演进");
  assert_names(m, 1, "hilda");
  assert_string_equal(m->talks[2].title, "Typed Holes Today");
  assert_names(m, 2, "Ada Roe");
  /* the sentences stay where they are */
  assert_int_equal(m->n_about + m->n_prose, 4);
  model_free(m);
  /* a title with no one giving it is no talk */
  m = extract("我们读了《人月神话》，收获很多。\n");
  assert_int_equal(m->n_talks, 0);
  model_free(m);
  /* a speaker's announcement in raw HTML: "She" is the person the page's
   * title names (not its label), and the paragraphs from the one opening
   * with her name are her bio */
  m = extract("---\ntitle: Invited Speaker - Mira Okafor\n---\n\n"
              "<div class=\"row\"><span class=\"abstract\">Our second invited "
              "speaker is here!<br><br>She will be speaking on "
              "<a href=\"/talks/mira\">maps that tell the truth</a></span>\n"
              "</div>\n\n"
              "Mira is a cartographer based out of Lagos.\n\n"
              "With ten years of field work, Mira draws maps for cities.\n");
  assert_int_equal(m->n_talks, 1);
  assert_string_equal(m->talks[0].title, "maps that tell the truth");
  assert_names(m, 0, "Mira Okafor");
  assert_int_equal(m->n_speakers, 1);
  assert_int_equal(m->speakers[0].n_bio_md, 2);
  assert_non_null(strstr(m->speakers[0].bio, "Mira is a cartographer"));
  model_free(m);
}

/* ---- group decisions ---------------------------------------------------------- */

static void test_group_all_or_none(void **state) {
  (void)state;
  /* six items, four look like talks: all six are talks or breaks */
  model *m = extract("## Schedule\n\n"
                     "- 18:00 Doors open\n"
                     "- 18:30 Typed Holes Today by Ada Roe\n"
                     "- 19:00 Shipping Less Code by Bo Li\n"
                     "- 19:30 Pizza\n"
                     "- 20:00 Faster Builds by Cy Wu\n"
                     "- 20:30 Notes From The Field\n");
  assert_int_equal(m->n_agenda, 6);
  assert_int_equal(m->n_talks, 4); /* the last one too, with no speaker */
  assert_string_equal(m->talks[3].title, "Notes From The Field");
  assert_int_equal(m->agenda[0].kind, MODEL_BREAK);
  assert_int_equal(m->agenda[3].kind, MODEL_BREAK);
  model_free(m);
  /* a schedule, every item timed, where fewer than half the items are
   * talks: those naming a speaker are talks, the rest schedule items */
  m = extract("- 18:00 - 18:15: Doors and welcome (15 min)\n"
              "- 18:15 - 18:45: Typed Holes Today by Ada Roe (20 + 10 min)\n"
              "- 18:45 - 19:00: A word from the host (10 min)\n"
              "- 19:00 - 19:45: Soup and bread, courtesy of the host\n"
              "- 19:45 - 20:15: Shipping Less Code by Bo Li (20 + 10 min)\n"
              "- 20:15 - 20:30: Sticker swap and more\n"
              "- 20:30: On to the café round the corner\n");
  assert_int_equal(m->n_agenda, 7);
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "Typed Holes Today");
  assert_names(m, 0, "Ada Roe");
  assert_string_equal(m->talks[1].title, "Shipping Less Code");
  assert_int_equal(m->agenda[3].kind, MODEL_BREAK);
  assert_int_equal(m->agenda[5].kind, MODEL_BREAK);
  model_free(m);
  /* the same items without times are no schedule: no talks from two */
  m = extract("- Doors and welcome\n"
              "- Typed Holes Today by Ada Roe\n"
              "- A word from the host\n"
              "- Soup and bread, courtesy of the host\n"
              "- Shipping Less Code by Bo Li\n"
              "- Sticker swap and more\n"
              "- On to the café round the corner\n");
  assert_int_equal(m->n_agenda, 0);
  model_free(m);
  /* a list of downloads is no list of talks */
  m = extract("资料下载：\n\n"
              "- [《分布式追踪》](https://example.org/a.pdf)\n"
              "- [《服务网格》](https://example.org/b.pdf)\n"
              "- [《边缘推理》](https://example.org/c.pdf)\n");
  assert_int_equal(m->n_talks, 0);
  model_free(m);
  /* a list of guests and their jobs is no list of talks */
  m = extract("- 肥猫：Arch Linux 开发者\n- 王雪瑞：Gentoo 开发者\n- 李成刚：系统组负责人\n");
  assert_int_equal(m->n_talks, 0);
  model_free(m);
  /* nor a list of the event's facts */
  m = extract("- 时间：周六下午\n- 地点：某大厦\n- 形式：线下\n");
  assert_int_equal(m->n_talks, 0);
  model_free(m);
}

static void test_bold_day_lines(void **state) {
  (void)state;
  /* a bold line naming a day is the day of the talks after it */
  model *m = extract("## 议程\n\n"
                     "**3月2日，周六，上午**\n\n"
                     "- 09:30 张小明 - 编译器的一天\n"
                     "- 10:10 李大刚 - 内存模型入门\n\n"
                     "**3月3日，周日，下午**\n\n"
                     "- 14:00 王一鸣 - 链接器漫谈\n"
                     "- 14:40 赵子健 - 调试器是怎样炼成的\n");
  assert_int_equal(m->n_talks, 4);
  assert_non_null(m->talks[0].day);
  assert_string_equal(m->talks[0].day, "3月2日，周六，上午");
  assert_string_equal(m->talks[1].day, "3月2日，周六，上午");
  assert_string_equal(m->talks[3].day, "3月3日，周日，下午");
  assert_string_equal(m->agenda[2].day, "3月3日，周日，下午");
  model_free(m);
  /* a bold line that names no day is none */
  m = extract("**Evening programme**\n\n"
              "- 18:30 Typed Holes Today by Ada Roe\n"
              "- 19:00 Shipping Less Code by Bo Li\n");
  assert_int_equal(m->n_talks, 2);
  assert_null(m->talks[0].day);
  model_free(m);
}

static void test_talk_parts(void **state) {
  (void)state;
  /* talks grouped under themes: each talk knows its theme, the theme
   * headings leave the page's other text (they are printed over the
   * talks) */
  model *m = extract("# Summit\n\nAn intro.\n\n"
                     "## 1: Pipelines\n\n"
                     "### Typed Holes Today\n\nBy Ada Roe\n\nAbout holes.\n\n"
                     "### Shipping Less Code\n\nBy Bo Li\n\nAbout less.\n\n"
                     "## 2: Imaging\n\n"
                     "### Faster Builds\n\nBy Cy Wu\n\nAbout builds.\n\n"
                     "## Venue\n\nHall 2.\n");
  assert_int_equal(m->n_talks, 3);
  assert_non_null(m->talks[0].part);
  assert_string_equal(m->talks[0].part, "1: Pipelines");
  assert_string_equal(m->talks[1].part, "1: Pipelines");
  assert_string_equal(m->talks[2].part, "2: Imaging");
  for (size_t i = 0; i < m->n_prose; i++) {
    char *t = md_plain_text(m->prose[i]);
    assert_null(strstr(t, "Imaging"));
    free(t);
  }
  model_free(m);
  /* one heading over all the talks is no grouping */
  m = extract("## Programme of the evening\n\n"
              "### Typed Holes Today\n\nBy Ada Roe\n\nAbout holes.\n\n"
              "### Shipping Less Code\n\nBy Bo Li\n\nAbout less.\n");
  assert_int_equal(m->n_talks, 2);
  assert_null(m->talks[0].part);
  assert_null(m->talks[1].part);
  model_free(m);
  /* a theme heading with text of its own stays where it is, too */
  m = extract("## 1: Pipelines\n\nTwo talks on pipelines.\n\n"
              "### Typed Holes Today\n\nBy Ada Roe\n\nAbout holes.\n\n"
              "## 2: Imaging\n\n"
              "### Faster Builds\n\nBy Cy Wu\n\nAbout builds.\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].part, "1: Pipelines");
  int kept = 0;
  for (size_t i = 0; i < m->n_about; i++) {
    char *t = md_plain_text(m->about[i]);
    kept += strstr(t, "1: Pipelines") != NULL;
    free(t);
  }
  assert_int_equal(kept, 1);
  model_free(m);
  /* one theme before two days is a part as they are; the schedule's own
   * heading over the days titles the agenda; a speaker line with a long
   * designation is the speaker, not the talk's text too */
  m = extract("---\ntitle: 示例开发者大会\n---\n\n# 日程安排\n\n## 开场演讲\n\n09:30-09:50 项目的过去与未来\n\n"
              "吴明，示例公司创始工程师\n\n## 上午\n\n10:00-10:30 链路追踪实践\n\n"
              "赵光，示例公司监控负责人\n\n10:35-11:15 部门实践\n\n刘鹏，示例公司\n\n"
              "## 下午\n\n13:30-14:10 社区之道\n\n"
              "温铭，示例科技联合创始人＆CEO，Example APISIX 项目 VP， Example Committer\n\n"
              "14:10-14:50 应用实践\n\n宋东，示例公司研发负责人\n");
  assert_int_equal(m->n_talks, 5);
  assert_string_equal(m->talks[0].part, "开场演讲");
  assert_non_null(m->agenda_heading);
  char *ah = md_plain_text(m->agenda_heading);
  assert_string_equal(ah, "日程安排");
  free(ah);
  assert_names(m, 3, "温铭");
  assert_int_equal(m->talks[3].n_abstract + m->talks[3].n_extra, 0);
  model_free(m);
}

/* ---- reconciliation ---------------------------------------------------------- */

static void test_reconcile(void **state) {
  (void)state;
  model *m = extract("## 议程\n\n"
                     "- 14:00 - 14:30 **程安** 编译器的测试\n"
                     "- 14:30 - 15:00 **甘霖** 调试器的未来\n"
                     "- 15:00 - 15:30 **白露** 链接器漫谈\n\n"
                     "## 演讲内容简介\n\n"
                     "### 调试器的未来\n\n演讲者：甘霖\n\n讲讲调试器。\n\n"
                     "### 编译器的测试\n\n演讲者：程安\n\n讲讲测试。\n");
  /* one talk each: the detail sections win, the rows give their times and
   * the order; the row with no section is a talk of its own */
  assert_int_equal(m->n_talks, 3);
  assert_string_equal(m->talks[0].title, "编译器的测试");
  assert_string_equal(m->talks[0].time, "14:00–14:30");
  assert_int_equal(m->talks[0].n_abstract, 1);
  assert_string_equal(m->talks[1].title, "调试器的未来");
  assert_string_equal(m->talks[2].title, "链接器漫谈");
  assert_names(m, 2, "白露");
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(m->agenda[i].talk, (int)i);
  model_free(m);
}

/* ---- --check ------------------------------------------------------------------ */

static void test_check_findings(void **state) {
  (void)state;
  /* times but no talk: said so */
  model *m = extract("9:00 签到\n9:30 开场\n10:00 午餐\n");
  assert_int_equal(m->n_talks, 0);
  assert_true(found(m, "open with a time"));
  model_free(m);
  /* a group decided by a narrow margin */
  m = extract("- Typed Holes Today by Ada Roe\n- Shipping Less Code by Bo Li\n"
              "- Notes\n- More notes\n- Other notes\n");
  assert_true(found(m, "look like talks"));
  model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_head_both_orders),
      cmocka_unit_test(test_head_group_pattern),
      cmocka_unit_test(test_names_scripts),
      cmocka_unit_test(test_list_item_shapes),
      cmocka_unit_test(test_heading_sections),
      cmocka_unit_test(test_title_lines),
      cmocka_unit_test(test_table_rows_are_talks),
      cmocka_unit_test(test_html_table),
      cmocka_unit_test(test_html_grid),
      cmocka_unit_test(test_time_lines),
      cmocka_unit_test(test_front_sessions),
      cmocka_unit_test(test_page_is_a_talk),
      cmocka_unit_test(test_page_kinds),
      cmocka_unit_test(test_plain_title_lines),
      cmocka_unit_test(test_name_led_lines),
      cmocka_unit_test(test_bold_schedule),
      cmocka_unit_test(test_time_slots),
      cmocka_unit_test(test_track_grid),
      cmocka_unit_test(test_speaker_line_ends),
      cmocka_unit_test(test_mentions),
      cmocka_unit_test(test_group_all_or_none),
      cmocka_unit_test(test_bold_day_lines),
      cmocka_unit_test(test_talk_parts),
      cmocka_unit_test(test_reconcile),
      cmocka_unit_test(test_check_findings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
