/* test_extract.c — unit tests of the extract stage (src/extract*.c): small
 * Markdown snippets, Chinese and English, written for these tests, one per
 * way pages write talks (heading or bold titles with cue lines, "**key：**
 * value" lists, "Name, Title at Company", "Title by Name", agenda tables,
 * front-matter speaker lists, aliases, times, kinds), sponsors (body
 * lists of names, links and logos, rows of logos, sub-headings and nested
 * lists as tiers; front-matter names, maps, tier maps, TOML tables), the
 * "nothing is lost" rule (every Han character of a body is found again
 * in the model), the text readers of extract_int.h, golden files
 * (tests/extract/NAME.md beside the expected NAME.json model and NAME.diag
 * diagnostics), a 10 MB body against the clock, and the five seed pages
 * of ../shared/seeds when that folder exists (skipped with a message
 * otherwise).  Run from the repository root.  No layout, no PDF.
 *
 * Standalone build:
 *   gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -pedantic -Isrc \
 *     tests/unit/test_extract.c src/extract*.c src/source.c src/front.c \
 *     src/body.c src/util.c src/diag.c $(pkg-config --cflags --libs yaml-0.1) \
 *     -lcmark-gfm-extensions -lcmark-gfm -lcmocka -lpthread -lm
 * EXTRACT_TEST_SMALL=1 shrinks the big-body test (for valgrind);
 * EXTRACT_UPDATE=1 rewrites the golden files' expected output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "body.h"
#include "diag.h"
#include "extract_int.h"
#include "front.h"
#include "model.h"
#include "source.h"
#include "util.h"
#include "test_util.h"

/* ---- helpers -------------------------------------------------------------- */

/* The body text of the last page extracted (for the nothing-lost check). */
static char *last_body;

static model *extract(const char *md) {
  source *src = source_from_memory("t.md", md, strlen(md));
  assert_non_null(src);
  front_node *fm = front_parse(src);
  assert_non_null(fm);
  md_node *body = body_parse(src);
  free(last_body);
  last_body = xstrndup(src->body ? src->body : "", src->body ? src->body_len : 0);
  model *m = model_extract(src, fm, body);
  source_free(src);
  return m;
}

static model *extract_file(const char *path) {
  source *src = source_load(path);
  if (!src)
    return NULL;
  front_node *fm = front_parse(src);
  md_node *body = body_parse(src);
  free(last_body);
  last_body = xstrndup(src->body ? src->body : "", src->body ? src->body_len : 0);
  model *m = model_extract(src, fm, body);
  source_free(src);
  return m;
}

/* Speaker names of talk i joined with "|". Caller frees. */
static char *names(const model *m, size_t i) {
  strbuf b = {0};
  const model_talk *t = &m->talks[i];
  for (size_t k = 0; k < t->n_speakers; k++)
    sb_addf(&b, "%s%s", k ? "|" : "", m->speakers[t->speakers[k]].name);
  return sb_take(&b);
}

static const model_speaker *speaker(const model *m, const char *name) {
  for (size_t i = 0; i < m->n_speakers; i++)
    if (!strcmp(m->speakers[i].name, name))
      return &m->speakers[i];
  return NULL;
}

static char *blocks(const md_node *const *b, size_t n) {
  strbuf s = {0};
  for (size_t i = 0; i < n; i++) {
    char *t = md_plain_text(b[i]);
    sb_addf(&s, "%s%s", i ? "\n" : "", t);
    free(t);
  }
  return sb_take(&s);
}

#define assert_names(m, i, want)                                              \
  do {                                                                        \
    char *got_ = names(m, i);                                                 \
    assert_string_equal(got_, want);                                          \
    free(got_);                                                               \
  } while (0)

#define assert_blocks(arr, n, want)                                           \
  do {                                                                        \
    char *got_ = blocks(arr, n);                                              \
    assert_string_equal(got_, want);                                          \
    free(got_);                                                               \
  } while (0)

/* ---- nothing lost ------------------------------------------------------------ */

static void add(strbuf *b, const char *s) {
  if (s) {
    sb_add(b, s);
    sb_addc(b, '\n');
  }
}

static void add_blocks(strbuf *b, const md_node *const *blk, size_t n) {
  char *t = blocks(blk, n);
  add(b, t);
  free(t);
}

/* All the text the model holds (what the booklet can print). */
static char *model_text(const model *m) {
  strbuf b = {0};
  const model_event *e = &m->event;
  add(&b, e->title), add(&b, e->subtitle), add(&b, e->date_text);
  add(&b, e->kicker), add(&b, e->time), add(&b, e->venue), add(&b, e->address);
  add(&b, e->city), add(&b, e->fee);
  add(&b, e->organizer), add(&b, e->description);
  for (size_t i = 0; i < m->n_talks; i++) {
    const model_talk *t = &m->talks[i];
    add(&b, t->title), add(&b, t->title_prefix), add(&b, t->time);
    const model_talk_labels *l = &t->labels;
    add(&b, l->speaker), add(&b, l->time), add(&b, l->bio);
    add(&b, l->abstract), add(&b, l->outline), add(&b, l->takeaways);
    add(&b, l->links);
    for (size_t k = 0; k < t->n_takeaways; k++)
      add(&b, t->takeaways[k]);
    for (size_t k = 0; k < t->n_links; k++)
      add(&b, t->links[k].label), add(&b, t->links[k].url);
    add_blocks(&b, t->abstract, t->n_abstract);
    add_blocks(&b, t->outline, t->n_outline);
    add_blocks(&b, t->extra, t->n_extra);
  }
  for (size_t i = 0; i < m->n_speakers; i++) {
    const model_speaker *s = &m->speakers[i];
    add(&b, s->name), add(&b, s->alias), add(&b, s->designation);
    add(&b, s->company), add(&b, s->bio);
  }
  for (size_t i = 0; i < m->n_agenda; i++)
    add(&b, m->agenda[i].time), add(&b, m->agenda[i].title),
        add(&b, m->agenda[i].speaker), add(&b, m->agenda[i].note),
        add(&b, m->agenda[i].track);
  for (int i = 0; i < 3; i++)
    add(&b, m->agenda_head[i]);
  for (size_t i = 0; i < m->n_sponsors; i++)
    add(&b, m->sponsors[i].name), add(&b, m->sponsors[i].tier);
  add_blocks(&b, m->about, m->n_about);
  add_blocks(&b, m->prose, m->n_prose);
  const md_node *heads[] = {m->agenda_heading, m->talks_heading,
                            m->sponsors_heading, m->speakers_heading};
  for (size_t i = 0; i < 4; i++)
    if (heads[i])
      add_blocks(&b, &heads[i], 1);
  return sb_take(&b);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Han code points of s (HTML comments left out), sorted. */
static uint32_t *han_sorted(const char *s, size_t *n) {
  size_t cap = 0, k;
  uint32_t *v = NULL;
  *n = 0;
  size_t len = strlen(s);
  for (size_t i = 0; i < len; i += k) {
    if (!strncmp(s + i, "<!--", 4)) {
      const char *e = strstr(s + i + 4, "-->");
      k = e ? (size_t)(e + 3 - (s + i)) : len - i;
      continue;
    }
    uint32_t cp = utf8_decode(s + i, len - i, &k);
    if (utf8_is_han(cp))
      VEC_PUSH(v, *n, cap, cp);
  }
  if (*n)
    qsort(v, *n, sizeof *v, cmp_u32);
  return v;
}

/* Share of the body's Han characters (as a multiset) found in the model;
 * *missing gets a few of those not found. */
static double han_kept(const model *m, const char *body, char *missing,
                       size_t cap) {
  char *mt = model_text(m);
  size_t nb, nm;
  uint32_t *hb = han_sorted(body, &nb), *hm = han_sorted(mt, &nm);
  size_t i = 0, j = 0, kept = 0, o = 0;
  missing[0] = 0;
  while (i < nb) {
    while (j < nm && hm[j] < hb[i])
      j++;
    if (j < nm && hm[j] == hb[i]) {
      kept++, i++, j++;
    } else {
      strbuf c = {0};
      utf8_encode(&c, hb[i]);
      if (o + c.len + 1 < cap) {
        memcpy(missing + o, c.s, c.len);
        o += c.len;
        missing[o] = 0;
      }
      sb_free(&c);
      i++;
    }
  }
  free(hb), free(hm), free(mt);
  return nb ? (double)kept / (double)nb : 1.0;
}

/* Weaker: every distinct Han character of the body is in the model (for
 * pages that repeat names and designations, which the model keeps once). */
static void assert_no_char_lost(const model *m) {
  char *mt = model_text(m);
  size_t nb, nm;
  uint32_t *hb = han_sorted(last_body, &nb), *hm = han_sorted(mt, &nm);
  strbuf miss = {0};
  for (size_t i = 0, j = 0; i < nb; i++) {
    if (i && hb[i] == hb[i - 1])
      continue;
    while (j < nm && hm[j] < hb[i])
      j++;
    if (j >= nm || hm[j] != hb[i])
      utf8_encode(&miss, hb[i]);
  }
  free(hb), free(hm), free(mt);
  if (miss.len) {
    print_message("Han characters lost: %s\n", miss.s);
    sb_free(&miss);
    fail();
  }
}

static void assert_nothing_lost(const model *m) {
  char missing[256];
  double r = han_kept(m, last_body, missing, sizeof missing);
  if (r < 1.0)
    fail_msg("Han characters lost: %s (%.4f kept)", missing, r);
}

/* ---- talks: headings with cue lines ---------------------------------------------- */

static void test_heading_bold_cue(void **state) {
  (void)state;
  model *m = extract(
      "---\ntitle: 测试沙龙\n---\n\n"
      "开场介绍一段。\n\n"
      "### 《边缘网关的演进》》\n\n"
      "**主讲人：韩立新 示例科技 网络平台资深工程师**\n\n"
      "这是议题的摘要，讲述网关如何一步步演进。\n\n"
      "![现场照片](photo.jpg)\n\n"
      "### 《日志平台十年》\n\n"
      "**主讲人：宁若溪（溪溪）样例网络高级技术专家**\n\n"
      "第二个摘要。\n\n"
      "## 致谢\n\n感谢以下伙伴：\n\n- 甲社区\n- [乙基金会](https://example.org)\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "边缘网关的演进");
  assert_names(m, 0, "韩立新");
  assert_string_equal(speaker(m, "韩立新")->designation, "示例科技 网络平台资深工程师");
  assert_string_equal(speaker(m, "韩立新")->company, "示例科技");
  assert_blocks(m->talks[0].abstract, m->talks[0].n_abstract,
                "这是议题的摘要，讲述网关如何一步步演进。");
  assert_int_equal(m->talks[0].n_extra, 1); /* the photo */
  assert_string_equal(m->talks[0].labels.speaker, "主讲人");
  assert_string_equal(m->talks[1].title, "日志平台十年");
  const model_speaker *s = speaker(m, "宁若溪");
  assert_non_null(s);
  assert_string_equal(s->alias, "溪溪");
  assert_string_equal(s->designation, "样例网络高级技术专家");
  /* about before the first talk, the thanks after */
  assert_int_equal(m->n_about, 1);
  assert_int_equal(m->n_sponsors, 2);
  assert_string_equal(m->sponsors[1].name, "乙基金会");
  assert_string_equal(m->sponsors[1].url, "https://example.org");
  assert_int_equal(m->n_prose, 2); /* "致谢" heading and its intro stay */
  assert_non_null(m->sponsors_heading);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_heading_soft_break_cues(void **state) {
  (void)state;
  model *m = extract("## 议程\n\n"
                     "### 存储引擎的取舍\n"
                     "讲师：卢启明\n"
                     "时间：14:00 - 15:00\n\n"
                     "摘要第一段。\n\n"
                     "摘要第二段。\n\n"
                     "### 观测体系建设\n\n"
                     "讲师：Alice Chen，Example Corp SRE\n\n"
                     "时间：15:10-15:50\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "存储引擎的取舍");
  assert_names(m, 0, "卢启明");
  assert_string_equal(m->talks[0].time, "14:00–15:00");
  assert_int_equal(m->talks[0].n_abstract, 2);
  assert_names(m, 1, "Alice Chen");
  assert_string_equal(speaker(m, "Alice Chen")->designation, "Example Corp SRE");
  assert_string_equal(m->talks[1].time, "15:10–15:50");
  /* times on every talk: the agenda comes from them */
  assert_int_equal(m->n_agenda, 2);
  assert_string_equal(m->agenda[1].speaker, "Alice Chen");
  assert_int_equal(m->agenda[1].talk, 1);
  assert_ptr_equal(m->talks_heading, m->about[0]);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_english_heading_cues(void **state) {
  (void)state;
  model *m = extract("---\ntitle: River Tech Day\n---\n\n"
                     "Welcome to the day.\n\n"
                     "## Shipping Small Services\n\n"
                     "**Speaker:** Nora Quinlan, Principal Engineer at Bluefin Labs\n"
                     "**Time:** 9:30 am - 10:15 am\n\n"
                     "### Abstract\n\n"
                     "How we split a monolith without stopping the line.\n\n"
                     "### You will learn\n\n"
                     "- Where to cut first\n"
                     "- How to measure the cost\n\n"
                     "## Panel: Running On-Call Well\n\n"
                     "**Speakers:** Nora Quinlan, Omar Haddad and Lena Fischer\n\n"
                     "A conversation.\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "Shipping Small Services");
  assert_names(m, 0, "Nora Quinlan");
  const model_speaker *s = speaker(m, "Nora Quinlan");
  assert_string_equal(s->designation, "Principal Engineer at Bluefin Labs");
  assert_string_equal(s->company, "Bluefin Labs");
  assert_string_equal(m->talks[0].time, "9:30–10:15");
  assert_int_equal(m->talks[0].n_takeaways, 2);
  assert_string_equal(m->talks[0].takeaways[1], "How to measure the cost");
  assert_string_equal(m->talks[0].labels.takeaways, "You will learn");
  assert_string_equal(m->talks[0].labels.abstract, "Abstract");
  assert_int_equal(m->talks[1].kind, MODEL_PANEL);
  assert_names(m, 1, "Nora Quinlan|Omar Haddad|Lena Fischer");
  assert_int_equal(m->n_about, 1);
  model_free(m);
}

/* ---- talks: bold titles and cue paragraphs ---------------------------------------- */

static void test_bold_title_cue_paragraphs(void **state) {
  (void)state;
  model *m = extract(
      "## 本期议题\n\n"
      "**《消息队列的云上实践》**\n\n"
      "**嘉宾介绍**\n\n"
      "苏明远（花名青石），示例集团技术专家，2019年加入后一直做消息系统。\n\n"
      "**议题简介**\n\n"
      "介绍消息队列在云上运行时遇到的问题。\n"
      "以及对应的解法。\n\n"
      "**听众收获**\n\n"
      "1、了解云上消息队列的架构；\n\n"
      "2、掌握排查延迟的办法。\n\n"
      "**《数据库迁移复盘》**\n\n"
      "**嘉宾介绍**\n\n"
      "贝思远是样例银行的数据库工程师，负责核心库。\n\n"
      "**议题简介**\n\n"
      "一次迁移的完整复盘。\n\n"
      "**项目地址**\n\n"
      "迁移工具\nhttps://example.org/migrate\n\n"
      "## 了解更多\n\n加入我们的群。\n");
  assert_int_equal(m->n_talks, 2);
  const model_talk *t = &m->talks[0];
  assert_string_equal(t->title, "消息队列的云上实践");
  assert_names(m, 0, "苏明远");
  const model_speaker *s = speaker(m, "苏明远");
  assert_string_equal(s->alias, "青石");
  assert_string_equal(s->designation, "示例集团技术专家");
  assert_non_null(strstr(s->bio, "2019年加入"));
  assert_string_equal(t->labels.bio, "嘉宾介绍");
  assert_int_equal(t->n_abstract, 1);
  assert_int_equal(t->n_takeaways, 2);
  assert_string_equal(t->takeaways[0], "了解云上消息队列的架构");
  assert_string_equal(t->labels.takeaways, "听众收获");
  /* a name followed by 是 */
  assert_names(m, 1, "贝思远");
  assert_int_equal(m->talks[1].n_links, 1);
  assert_string_equal(m->talks[1].links[0].label, "迁移工具");
  assert_string_equal(m->talks[1].links[0].url, "https://example.org/migrate");
  assert_int_equal(m->n_prose, 2);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_numbered_bold_titles(void **state) {
  (void)state;
  model *m = extract(
      "**议题1：缓存系统的一致性**\n\n"
      "讲师：祁天和，示例公司基础架构部工程师\n\n"
      "时间： 6月2日 19：00-20：00\n\n"
      "讲师简介：祁天和，负责缓存平台多年。\n\n"
      "议题摘要：\n\n"
      "缓存与数据库之间的一致性一直是难题。\n\n"
      "1、现状\n\n"
      "2、方案\n\n"
      "听众收益：\n\n"
      "1.了解一致性模型\n\n"
      "2.学会评估方案\n\n"
      "**Topic 2: Edge Functions in Practice**\n\n"
      "Speaker: Ivy Park\n\n"
      "Time: noon\n");
  assert_int_equal(m->n_talks, 2);
  const model_talk *t = &m->talks[0];
  assert_string_equal(t->title, "缓存系统的一致性");
  assert_string_equal(t->title_prefix, "议题1");
  assert_string_equal(t->time, "6月2日 19:00–20:00");
  assert_string_equal(speaker(m, "祁天和")->designation, "示例公司基础架构部工程师");
  assert_string_equal(speaker(m, "祁天和")->bio, "祁天和，负责缓存平台多年。");
  assert_int_equal(t->n_abstract, 1);
  assert_int_equal(t->n_outline, 2);
  assert_int_equal(t->n_takeaways, 2);
  assert_string_equal(t->takeaways[1], "学会评估方案");
  assert_string_equal(m->talks[1].title, "Edge Functions in Practice");
  assert_string_equal(m->talks[1].title_prefix, "Topic 2");
  assert_string_equal(m->talks[1].time, "12:00");
  assert_names(m, 1, "Ivy Park");
  assert_nothing_lost(m);
  model_free(m);
}

static void test_topic_lines(void **state) {
  (void)state;
  model *m = extract("活动介绍一段。\n\n"
                     "议题：服务治理的实践\n"
                     "讲师：杜若，示例公司架构师\n"
                     "时间：19:00-19:40\n\n"
                     "服务治理的一些实践。\n\n"
                     "议题：日志平台的演进\n"
                     "讲师：白芷\n\n"
                     "日志平台的故事。\n\n"
                     "【嘉宾】江离 样例科技 CTO\n"
                     "【议题】边缘推理\n"
                     "在边缘设备上跑模型。\n\n"
                     "**《流式计算入门》**\n"
                     "蒋蓠 示例数据 工程师\n");
  assert_int_equal(m->n_talks, 4);
  assert_string_equal(m->talks[0].title, "服务治理的实践");
  assert_names(m, 0, "杜若");
  assert_string_equal(m->talks[0].time, "19:00–19:40");
  assert_int_equal(m->talks[0].n_abstract, 1);
  assert_string_equal(m->talks[1].title, "日志平台的演进");
  assert_names(m, 1, "白芷");
  assert_string_equal(m->talks[2].title, "边缘推理");
  assert_names(m, 2, "江离");
  assert_blocks(m->talks[2].abstract, m->talks[2].n_abstract, "在边缘设备上跑模型。");
  /* a speaker line under a bold title, in the same paragraph */
  assert_string_equal(m->talks[3].title, "流式计算入门");
  assert_names(m, 3, "蒋蓠");
  assert_string_equal(speaker(m, "蒋蓠")->designation, "示例数据 工程师");
  assert_int_equal(m->n_about, 1);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_session_heading_topic(void **state) {
  (void)state;
  model *m = extract("### 第一场\n\n议题：《高可用架构》\n\n讲师：沈括\n\n摘要。\n\n"
                     "### 第二场\n\n议题：成本优化\n\n讲师：苏颂\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "高可用架构");
  assert_string_equal(m->talks[0].title_prefix, "第一场 议题");
  assert_names(m, 0, "沈括");
  assert_string_equal(m->talks[1].title, "成本优化");
  assert_nothing_lost(m);
  model_free(m);
}

static void test_key_value_list(void **state) {
  (void)state;
  model *m = extract(
      "### 服务网格的流量治理\n\n"
      "- **时间：**2021/3/4（周四） 19:00-20:00\n"
      "- **嘉宾：**晏知秋 样例云 架构师\n"
      "- **嘉宾简介**：长期从事网络与流量治理。\n"
      "- **Topic 简介：**介绍流量治理的常见模式。\n"
      "- **视频回放**：https://example.org/v/1\n\n"
      "### 可观测性入门\n\n"
      "- **时间：**2021/3/5（周五） 19:00-20:00\n"
      "- **嘉宾：**Tom Reed\n");
  assert_int_equal(m->n_talks, 2);
  const model_talk *t = &m->talks[0];
  assert_string_equal(t->time, "2021/3/4（周四） 19:00–20:00");
  assert_names(m, 0, "晏知秋");
  const model_speaker *s = speaker(m, "晏知秋");
  assert_string_equal(s->designation, "样例云 架构师");
  assert_string_equal(s->bio, "长期从事网络与流量治理。");
  /* the cue word is cut from the abstract and kept as a label */
  assert_blocks(t->abstract, t->n_abstract, "介绍流量治理的常见模式。");
  assert_string_equal(t->labels.abstract, "Topic 简介");
  assert_int_equal(t->n_links, 1);
  assert_string_equal(t->links[0].label, "视频回放");
  assert_string_equal(t->links[0].url, "https://example.org/v/1");
  assert_names(m, 1, "Tom Reed");
  assert_nothing_lost(m);
  model_free(m);
}

/* ---- speakers written in or next to the title ---------------------------------- */

static void test_link_cues(void **state) {
  (void)state;
  model *m = extract("### 工具链分享\n\n"
                     "讲师：祝远航\n\n"
                     "**项目地址：**<br>构建工具\nhttps://example.org/build\n\n"
                     "Slides: [PDF](https://example.org/s.pdf)\n\n"
                     "视频：稍后上线\n");
  assert_int_equal(m->n_talks, 1);
  const model_talk *t = &m->talks[0];
  assert_int_equal(t->n_links, 2);
  assert_string_equal(t->links[0].label, "构建工具");
  assert_string_equal(t->links[0].url, "https://example.org/build");
  assert_string_equal(t->links[1].label, "Slides PDF");
  assert_string_equal(t->links[1].url, "https://example.org/s.pdf");
  assert_int_equal(t->n_extra, 1); /* no URL yet: kept as it is */
  assert_nothing_lost(m);
  model_free(m);
}

static void test_links_elsewhere(void **state) {
  (void)state;
  model *m = extract("## 活动信息\n\n"
                     "- 地点：某处\n"
                     "- 资料下载：<br/>\n"
                     "[《构建工具的十年》](https://example.org/a.pdf)<br/>\n"
                     "[《 缓存 设计》](https://example.org/b)\n\n"
                     "录像：[Ops at Scale](https://www.youtube.com/watch?v=1)\n\n"
                     "[无关的文章](https://example.org/c)\n\n"
                     "## 议题\n\n"
                     "### 构建工具的十年\n\n讲师：祝远航\n\n"
                     "### 缓存设计\n\n讲师：顾晚晴\n\n"
                     "### Ops at Scale\n\nSpeaker: Ada Byron\n\n"
                     "Slides: https://example.org/ops.pdf\n");
  assert_int_equal(m->n_talks, 3);
  const model_talk *t = &m->talks[0];
  assert_int_equal(t->n_links, 1); /* the cue before the links names them */
  assert_string_equal(t->links[0].label, "资料下载");
  assert_string_equal(t->links[0].url, "https://example.org/a.pdf");
  t = &m->talks[1]; /* spaces and 《》 do not hide the title */
  assert_int_equal(t->n_links, 1);
  assert_string_equal(t->links[0].url, "https://example.org/b");
  t = &m->talks[2]; /* no cue: named by what the address is */
  assert_int_equal(t->n_links, 2);
  assert_string_equal(t->links[0].url, "https://example.org/ops.pdf");
  assert_string_equal(t->links[1].label, "视频");
  /* a link to no talk is only prose, and the blocks stay where they were */
  for (size_t i = 0; i < m->n_talks; i++)
    for (size_t k = 0; k < m->talks[i].n_links; k++)
      assert_null(strstr(m->talks[i].links[k].url, "/c"));
  char *about = blocks(m->about, m->n_about);
  assert_non_null(strstr(about, "资料下载"));
  assert_non_null(strstr(about, "无关的文章"));
  free(about);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_event_link_sections(void **state) {
  (void)state;
  model *m = extract("## 报名\n\n名额有限，点击[这里](https://example.org/rsvp)报名，"
                     "或者访问 https://example.org/other\n\n"
                     "## Live stream\n\nWatch at https://example.org/live\n\n"
                     "## 直播信息\n\n[回看](https://example.org/not-replay)\n");
  assert_string_equal(m->event.registration, "https://example.org/rsvp");
  assert_string_equal(m->event.live, "https://example.org/live");
  /* a heading that only mentions a cue names nothing */
  assert_null(m->event.replay);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_list_talks(void **state) {
  (void)state;
  model *m = extract("# Talks\n\n"
                     "1. **Signals in Practice** — Zhang Wei (Example Inc.)\n"
                     "   - Time: 7:15 pm\n"
                     "   - We compare signals in three frameworks.\n"
                     "2. **CSS Container Queries at Scale** — Maria Rossi\n"
                     "   - Time: 7:45 pm\n"
                     "3. **Shipping Less JavaScript** by Tom Baker\n\n"
                     "# Agenda\n\n| When | What |\n|---|---|\n"
                     "| 7:00 pm | Doors open |\n| 7:15 pm | Signals in Practice |\n");
  assert_int_equal(m->n_talks, 3);
  /* a table without a speaker column: rows name their talks' speakers */
  assert_int_equal(m->n_agenda, 2);
  assert_string_equal(m->agenda[0].speaker, "");
  assert_string_equal(m->agenda[1].speaker, "Zhang Wei");
  assert_string_equal(m->talks[0].title, "Signals in Practice");
  assert_names(m, 0, "Zhang Wei");
  assert_string_equal(m->talks[0].time, "19:15");
  assert_string_equal(m->talks[1].title, "CSS Container Queries at Scale");
  assert_names(m, 1, "Maria Rossi");
  assert_string_equal(m->talks[2].title, "Shipping Less JavaScript");
  assert_names(m, 2, "Tom Baker");
  assert_nothing_lost(m);
  model_free(m);

  m = extract("## 议程安排\n\n"
              "- 《云原生存储的取舍》\n"
              "  - 讲师：顾晚晴，潮汐云 存储负责人\n"
              "  - 时间：14:00-14:40\n"
              "- 《日志平台的十年》\n"
              "  - 讲师：祝远航\n"
              "  - 议题简介：从单机到集群。\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "云原生存储的取舍");
  assert_names(m, 0, "顾晚晴");
  assert_string_equal(m->talks[0].time, "14:00–14:40");
  assert_names(m, 1, "祝远航");
  assert_nothing_lost(m);
  model_free(m);

  /* bold items that show nothing of a talk stay a list */
  m = extract("## 现场\n\n- **披萨** 和饮料管够\n- **贴纸** 人手一套\n");
  assert_int_equal(m->n_talks, 0);
  assert_int_equal(m->n_about, 2);
  model_free(m);
}

static void test_speaker_sections(void **state) {
  (void)state;
  model *m = extract("## 议题\n\n"
                     "### 《从零实现一个 B+ 树》\n\n讲师：沈清和\n\n一步一步写出 B+ 树。\n\n"
                     "### 《向量检索的工程实践》\n\n讲师：闻笛（向量实验室）\n\n介绍取舍。\n\n"
                     "## 嘉宾介绍\n\n"
                     "### 沈清和\n\n某数据库公司内核工程师。\n\n十年存储引擎经验。\n\n"
                     "**闻笛**\n\n![闻笛](images/wendi.png)\n\n开源项目 vlite 作者。\n\n"
                     "## 交通\n\n地铁 2 号线。\n");
  assert_int_equal(m->n_talks, 2);
  const model_speaker *s = speaker(m, "沈清和");
  assert_non_null(s);
  assert_string_equal(s->bio, "某数据库公司内核工程师。\n\n十年存储引擎经验。");
  s = speaker(m, "闻笛");
  assert_non_null(s);
  assert_string_equal(s->bio, "开源项目 vlite 作者。");
  assert_string_equal(s->photo, "images/wendi.png");
  /* the section's heading titles the cards; the next section stays */
  assert_non_null(m->speakers_heading);
  char *h = md_plain_text(m->speakers_heading);
  assert_string_equal(h, "嘉宾介绍");
  free(h);
  assert_blocks(m->prose, m->n_prose, "交通\n地铁 2 号线。");
  assert_no_char_lost(m); /* the names are kept once, on the cards */
  model_free(m);

  /* speakers named only by the agenda; bios that open with the bold name;
   * "Name, Acme GmbH" is one person and a company */
  m = extract("## Schedule\n\n"
              "- 7:00 PM — *Testing Pipelines* (Priya Raman)\n"
              "- 7:40 PM — *Streaming Without Tears* (Jonas Weber, Acme GmbH)\n\n"
              "## Speakers\n\n"
              "**Priya Raman** is a data engineer at Example Analytics.\n\n"
              "**Jonas Weber** builds streaming systems.\n\n"
              "**Jonas Weber**\n\n"
              "## Venue\n\nHall 2.\n");
  assert_int_equal(m->n_speakers, 2);
  s = speaker(m, "Jonas Weber");
  assert_non_null(s);
  assert_string_equal(s->designation, "Acme GmbH");
  assert_string_equal(s->bio, "Jonas Weber builds streaming systems.");
  assert_string_equal(speaker(m, "Priya Raman")->bio,
                      "Priya Raman is a data engineer at Example Analytics.");
  h = md_plain_text(m->speakers_heading);
  assert_string_equal(h, "Speakers");
  free(h);
  /* a bold name alone is no bio: it stays, as does the next section (after
   * the talks the agenda gives, so in the prose) */
  assert_blocks(m->about, m->n_about, "Schedule");
  assert_blocks(m->prose, m->n_prose, "Jonas Weber\nVenue\nHall 2.");
  model_free(m);

  /* a name nobody spoke under stays prose */
  m = extract("### 《题目》\n\n讲师：沈清和\n\n## 关于\n\n### 林远\n\n某人。\n");
  assert_null(speaker(m, "林远"));
  assert_null(m->speakers_heading);
  assert_blocks(m->prose, m->n_prose, "关于\n林远\n某人。");
  model_free(m);
}

static void test_name_title_at_company(void **state) {
  (void)state;
  model *m = extract("## Faster Builds With Caching\n\n"
                     "Priya Raman, Staff Engineer at Northwind\n\n"
                     "Builds took an hour; now they take six minutes.\n\n"
                     "## Testing in Production\n\n"
                     "> Marco Silva, SRE Lead at Contoso\n\n"
                     "Why we stopped fearing it.\n");
  assert_int_equal(m->n_talks, 2);
  assert_names(m, 0, "Priya Raman");
  assert_string_equal(speaker(m, "Priya Raman")->designation,
                      "Staff Engineer at Northwind");
  assert_int_equal(m->talks[0].n_abstract, 1);
  assert_names(m, 1, "Marco Silva");
  assert_string_equal(speaker(m, "Marco Silva")->company, "Contoso");
  model_free(m);
}

static void test_title_by_name(void **state) {
  (void)state;
  model *m = extract("## Talks\n\n"
                     "### Designing for Failure by Hana Kimura\n\n"
                     "Failure is normal.\n\n"
                     "### Lessons From Ten Outages by Luis Ortega and Mei Lin\n\n"
                     "A story in ten parts.\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "Designing for Failure");
  assert_names(m, 0, "Hana Kimura");
  assert_string_equal(m->talks[1].title, "Lessons From Ten Outages");
  assert_names(m, 1, "Luis Ortega|Mei Lin");
  model_free(m);
}

static void test_quoted_title_dash_speaker(void **state) {
  (void)state;
  model *m = extract("### “Zero Trust at Home” - Grace Liu\n\n"
                     "Notes from a home lab.\n\n"
                     "### 《从零搭建数据湖》——柏青松\n\n"
                     "一次从零开始的实践。\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "Zero Trust at Home");
  assert_names(m, 0, "Grace Liu");
  assert_string_equal(m->talks[1].title, "从零搭建数据湖");
  assert_names(m, 1, "柏青松");
  assert_nothing_lost(m);
  model_free(m);
}

static void test_title_paren_speaker(void **state) {
  (void)state;
  model *m = extract("### Rust for Embedded Teams (Jonas Berg)\n\n"
                     "What changed after a year.\n\n"
                     "### 实时计算平台的演进（钟雨桐）\n\n"
                     "平台三年的变化。\n\n"
                     "### Kubernetes Basics (Part 1)\n\n"
                     "No speaker in this title.\n");
  /* "(Part 1)" is not a person; the last heading is a sibling of two talks
   * and written the same way: a talk too (decided with its group), with
   * no speaker */
  assert_int_equal(m->n_talks, 3);
  assert_string_equal(m->talks[0].title, "Rust for Embedded Teams");
  assert_names(m, 0, "Jonas Berg");
  assert_string_equal(m->talks[1].title, "实时计算平台的演进");
  assert_names(m, 1, "钟雨桐");
  assert_string_equal(m->talks[2].title, "Kubernetes Basics (Part 1)");
  assert_int_equal(m->talks[2].n_speakers, 0);
  assert_int_equal(m->n_prose, 0);
  model_free(m);
}

static void test_name_company_colon_title(void **state) {
  (void)state;
  model *m = extract("### 骆文清（样例科技）：大模型推理的工程优化\n\n"
                     "推理服务的成本与延迟。\n\n"
                     "### Ada Brooks (Fabrikam): Serverless Cold Starts\n\n"
                     "Measuring and fixing them.\n");
  assert_int_equal(m->n_talks, 2);
  assert_string_equal(m->talks[0].title, "大模型推理的工程优化");
  assert_names(m, 0, "骆文清");
  assert_string_equal(speaker(m, "骆文清")->designation, "样例科技");
  assert_string_equal(m->talks[1].title, "Serverless Cold Starts");
  assert_names(m, 1, "Ada Brooks");
  assert_string_equal(speaker(m, "Ada Brooks")->designation, "Fabrikam");
  assert_nothing_lost(m);
  model_free(m);
}

/* ---- agenda tables ------------------------------------------------------------------ */

static void test_agenda_table_zh(void **state) {
  (void)state;
  model *m = extract(
      "## 活动议程\n\n"
      "| 时间 | 分享主题 | 分享嘉宾 |\n"
      "| --- | --- | --- |\n"
      "| 13:30-14:00 | 签到 | |\n"
      "| 14:00-14:40 | 《向量检索实践》 | 庞晓峰 样例数据 架构师 |\n"
      "| 14:40-15:20 | 双人对谈：开源治理 | 鲍一鸣、邵子衿 |\n"
      "| 15:20-16:00 | 圆桌：工程效率 | 甘露<br>严松<br>示例公司 技术总监 乔木 |\n"
      "| 16:00-16:15 | 茶歇 | — |\n\n"
      "### 向量检索实践\n\n"
      "讲师：庞晓峰\n\n"
      "向量检索的落地。\n");
  assert_int_equal(m->n_agenda, 5);
  assert_int_equal(m->agenda[0].kind, MODEL_BREAK);
  assert_string_equal(m->agenda[1].time, "14:00–14:40");
  assert_string_equal(m->agenda[1].title, "向量检索实践");
  assert_string_equal(m->agenda[1].speaker, "庞晓峰");
  assert_int_equal(m->agenda[1].talk, 0);
  assert_string_equal(speaker(m, "庞晓峰")->designation, "样例数据 架构师");
  assert_string_equal(m->agenda[2].speaker, "鲍一鸣、邵子衿");
  assert_int_equal(m->agenda[3].kind, MODEL_PANEL);
  assert_string_equal(m->agenda[3].speaker, "甘露、严松、乔木");
  assert_string_equal(speaker(m, "乔木")->designation, "示例公司 技术总监");
  assert_int_equal(m->agenda[4].kind, MODEL_BREAK);
  assert_string_equal(m->agenda_head[1], "分享主题");
  assert_ptr_equal(m->agenda_heading, m->about[0]);
  /* the table is claimed: only the heading stays in about; its rows with
   * no section of their own are talks too */
  assert_int_equal(m->n_about, 1);
  assert_int_equal(m->n_talks, 3);
  assert_string_equal(m->talks[1].title, "双人对谈：开源治理");
  assert_names(m, 1, "鲍一鸣|邵子衿");
  assert_int_equal(m->talks[2].kind, MODEL_PANEL);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_agenda_table_en(void **state) {
  (void)state;
  model *m = extract("## Schedule\n\n"
                     "| Time | Talk | Speaker | Room |\n"
                     "|------|------|---------|------|\n"
                     "| 9:00 am | Registration | | Lobby |\n"
                     "| 9:30 am - 10:15 am | Keynote: Open Data | Rosa Diaz | Hall A |\n"
                     "| 10:30 am | Pairing at Scale | Alice Smith & Bob Jones | Hall B |\n"
                     "| 11:15 am | Lightning Talks | Cara Wu, Dev Patel and Eli Moss | Hall B |\n"
                     "| noon | Lunch | | |\n"
                     "| 1:00 pm | Data Contracts | Head of Data, Fabrikam - Ivan Petrov | Hall A |\n");
  assert_int_equal(m->n_agenda, 6);
  assert_string_equal(m->agenda[0].time, "9:00");
  assert_int_equal(m->agenda[0].kind, MODEL_BREAK);
  assert_string_equal(m->agenda[0].track, "Lobby"); /* the room column */
  assert_string_equal(m->agenda[1].time, "9:30–10:15");
  assert_int_equal(m->agenda[1].kind, MODEL_KEYNOTE);
  assert_string_equal(m->agenda[2].speaker, "Alice Smith, Bob Jones");
  assert_string_equal(m->agenda[3].speaker, "Cara Wu, Dev Patel, Eli Moss");
  assert_string_equal(m->agenda[4].time, "12:00");
  assert_int_equal(m->agenda[4].kind, MODEL_BREAK);
  assert_string_equal(m->agenda[5].time, "13:00");
  /* name last */
  assert_string_equal(m->agenda[5].speaker, "Ivan Petrov");
  assert_string_equal(speaker(m, "Ivan Petrov")->designation, "Head of Data, Fabrikam");
  model_free(m);
}

static void test_agenda_time_list(void **state) {
  (void)state;
  model *m = extract("## 日程\n\n"
                     "- 13:00-13:30 签到\n"
                     "- 13:30-14:10 《云上数据库》 聂远山\n"
                     "- 14:10-14:50 Serverless in Practice by Nia Grant\n");
  assert_int_equal(m->n_agenda, 3);
  assert_int_equal(m->agenda[0].kind, MODEL_BREAK);
  assert_string_equal(m->agenda[1].title, "云上数据库");
  assert_string_equal(m->agenda[1].speaker, "聂远山");
  assert_string_equal(m->agenda[2].title, "Serverless in Practice");
  assert_string_equal(m->agenda[2].speaker, "Nia Grant");
  /* rows that name a title and people are talks; the break is not */
  assert_int_equal(m->n_talks, 2);
  assert_int_equal(m->agenda[1].talk, 0);
  assert_int_equal(m->agenda[0].talk, -1);
  assert_nothing_lost(m);
  model_free(m);
}

/* ---- front matter ----------------------------------------------------------------- */

static void test_front_matter_speakers(void **state) {
  (void)state;
  diag_capture(1);
  model *m = extract("---\ntitle: 小型聚会\n"
                     "speaker:\n"
                     "  - name: \"葛平安 \"\n"
                     "    image: \"images/ge.jpg\"\n"
                     "    designation: \"样例网络 运维专家\"\n"
                     "  - name: 孔令宜\n"
                     "    designation: 示例大学 讲师\n"
                     "speakers:\n"
                     "  - name: Jane Roe\n"
                     "    company: Tailspin\n"
                     "    title: Developer Advocate\n"
                     "    bio: Jane writes docs.\n"
                     "    photo: images/jane.png\n"
                     "  - company: NoName Inc\n"
                     "---\n\n"
                     "### 运维自动化\n\n"
                     "主讲人: 葛平安 \n\n"
                     "自动化的经验。\n");
  assert_int_equal(m->n_speakers, 3);
  assert_non_null(strstr(diag_captured(),
                         "t.md:15: warning: 'speakers' entry 2 has no name; skipped"));
  diag_capture(0);
  assert_int_equal(m->n_talks, 1);
  assert_names(m, 0, "葛平安");
  const model_speaker *s = speaker(m, "葛平安");
  assert_string_equal(s->designation, "样例网络 运维专家");
  assert_string_equal(s->photo, "images/ge.jpg");
  assert_string_equal(speaker(m, "孔令宜")->designation, "示例大学 讲师");
  s = speaker(m, "Jane Roe");
  assert_string_equal(s->designation, "Developer Advocate, Tailspin");
  assert_string_equal(s->company, "Tailspin");
  assert_string_equal(s->bio, "Jane writes docs.");
  assert_string_equal(s->photo, "images/jane.png");
  model_free(m);
}

static void test_front_matter_lists(void **state) {
  (void)state;
  model *m = extract("---\ntitle: Data Night\n"
                     "schedule:\n"
                     "  - \"18:30 Doors open\"\n"
                     "  - time: \"19:00\"\n"
                     "    title: Stream Joins Explained\n"
                     "    speaker: Kai Becker\n"
                     "talks:\n"
                     "  - title: Stream Joins Explained\n"
                     "    start: \"19:00\"\n"
                     "    end: \"19:40\"\n"
                     "    speakers:\n"
                     "      - name: Kai Becker\n"
                     "        company: Lakeside\n"
                     "    abstract: |\n"
                     "      Joins over *unbounded* data.\n"
                     "---\n\n"
                     "Meet us at the lab.\n");
  /* the page has no talk sections: the front-matter talk list makes them */
  assert_int_equal(m->n_talks, 1);
  assert_string_equal(m->talks[0].title, "Stream Joins Explained");
  assert_string_equal(m->talks[0].time, "19:00–19:40");
  assert_names(m, 0, "Kai Becker");
  assert_blocks(m->talks[0].abstract, m->talks[0].n_abstract,
                "Joins over unbounded data.");
  assert_string_equal(speaker(m, "Kai Becker")->designation, "Lakeside");
  /* schedule and talks both give rows */
  assert_int_equal(m->n_agenda, 3);
  assert_int_equal(m->agenda[0].kind, MODEL_BREAK);
  assert_string_equal(m->agenda[0].time, "18:30");
  assert_int_equal(m->agenda[1].talk, 0);
  model_free(m);
}

/* ---- aliases -------------------------------------------------------------------------- */

static void test_alias_merge(void **state) {
  (void)state;
  model *m = extract("### 网关的设计\n\n主讲人：柯文远（远山）\n\n摘要。\n\n"
                     "### 圆桌：落地与创新\n\n主讲人: 施南 、远山 、郑一帆 \n\n"
                     "### 观测实践\n\n主讲人：青木\n\n摘要。\n\n"
                     "### 数据治理\n\n主讲人：孟青（青木）\n\n摘要。\n");
  assert_int_equal(m->n_talks, 4);
  assert_int_equal(m->talks[1].kind, MODEL_PANEL);
  assert_names(m, 1, "施南|柯文远|郑一帆");
  assert_int_equal(m->talks[1].speakers[1], m->talks[0].speakers[0]);
  /* known by the nickname first, then named in full: one person */
  assert_int_equal(m->talks[2].speakers[0], m->talks[3].speakers[0]);
  const model_speaker *s = &m->speakers[m->talks[2].speakers[0]];
  assert_string_equal(s->name, "孟青");
  assert_string_equal(s->alias, "青木");
  assert_int_equal(m->n_speakers, 4);
  model_free(m);
}

/* ---- text readers ------------------------------------------------------------------- */

static void check_time(const char *in, const char *want) {
  char *got = extract_time_norm(in);
  if (strcmp(got, want))
    fail_msg("time '%s': got '%s', want '%s'", in, got, want);
  free(got);
}

static void test_time_shapes(void **state) {
  (void)state;
  check_time("13:00 - 13:30", "13:00–13:30");
  check_time("19：00-20：00", "19:00–20:00");
  check_time("下午 1:00", "13:00");
  check_time("9:00 am", "9:00");
  check_time("9:00 am - 10:30 am", "9:00–10:30");
  check_time("1:00-2:00 pm", "13:00–14:00");
  check_time("11:30 AM – 1 PM", "11:30–13:00");
  check_time("noon", "12:00");
  check_time("2020/5/6（周三） 19:00-20:00", "2020/5/6（周三） 19:00–20:00");
  check_time("6月11日 19:00-20:00", "6月11日 19:00–20:00");
  check_time("5 月 13 日", "5月13日");
  check_time("晚上7点半", "19:30");
  check_time("下午 2:00~4:30", "14:00–16:30");
  check_time("2021 年 07 月 24 日（周六）13:30-17:30", "2021年07月24日（周六）13:30–17:30");
  check_time("v1.2:00 build", "v1.2:00 build"); /* not a time */
  assert_int_equal(extract_leading_time("13:00-13:30 签到"), 11);
  assert_int_equal(extract_leading_time("签到 13:00"), 0);
  int y, mo, d;
  assert_true(extract_date("时间：2019年12月28日（星期六）", &y, &mo, &d));
  assert_int_equal(y * 10000 + mo * 100 + d, 20191228);
  assert_true(extract_date("Saturday, October 4, 2025", &y, &mo, &d));
  assert_int_equal(y * 10000 + mo * 100 + d, 20251004);
  assert_true(extract_date("on 4 October 2025", &y, &mo, &d));
  assert_false(extract_date("version 2.0.1", &y, &mo, &d));
}

static void check_title(const char *in, const char *want, const char *want_prefix) {
  char *prefix = NULL;
  char *got = extract_title_clean(in, &prefix);
  if (strcmp(got, want) || (want_prefix ? !prefix || strcmp(prefix, want_prefix) : !!prefix))
    fail_msg("title '%s': got '%s' [%s]", in, got, prefix ? prefix : "-");
  free(got), free(prefix);
}

static void test_title_clean(void **state) {
  (void)state;
  check_title("《基于事件的架构》》", "基于事件的架构", NULL);
  check_title("**议题3：《流批一体》**", "流批一体", "议题3");
  check_title("议题四：《长跑》", "长跑", "议题四");
  check_title("Topic 2: Edge Caching", "Edge Caching", "Topic 2");
  check_title("第三场：安全左移", "安全左移", "第三场");
  check_title("“Quoted Title”", "Quoted Title", NULL);
  check_title("2.0 版本的新特性", "2.0 版本的新特性", NULL);
  check_title("《书》与《剑》", "《书》与《剑》", NULL);
  check_title("三、圆桌讨论", "圆桌讨论", "三");
  check_title("一二三木头人", "一二三木头人", NULL);
}

static void check_people(const char *in, ex_strict strict, const char *want) {
  ex_person *ps;
  size_t n = extract_people(in, strict, NULL, NULL, &ps);
  strbuf b = {0};
  for (size_t i = 0; i < n; i++)
    sb_addf(&b, "%s%s/%s/%s", i ? "|" : "", ps[i].name,
            ps[i].alias ? ps[i].alias : "", ps[i].designation ? ps[i].designation : "");
  char *got = sb_take(&b);
  if (strcmp(got, want))
    fail_msg("people '%s': got '%s', want '%s'", in, got, want);
  free(got);
  extract_people_free(ps, n);
}

static void test_people(void **state) {
  (void)state;
  check_people("韩立新 示例科技 网络平台资深工程师", EX_LENIENT,
               "韩立新//示例科技 网络平台资深工程师");
  check_people("宁若溪（溪溪）样例网络高级技术专家", EX_LENIENT,
               "宁若溪/溪溪/样例网络高级技术专家");
  check_people("祁天和，示例公司基础架构部工程师", EX_LENIENT,
               "祁天和//示例公司基础架构部工程师");
  check_people("施南 、远山 、郑一帆 ", EX_LENIENT, "施南//|远山//|郑一帆//");
  check_people("甘露；严松", EX_LENIENT, "甘露//|严松//");
  check_people("Ann Lee & Bo Kim", EX_LENIENT, "Ann Lee//|Bo Kim//");
  check_people("Ann Lee, Bo Kim and Cy Ng", EX_LENIENT, "Ann Lee//|Bo Kim//|Cy Ng//");
  check_people("Ann Lee, Staff Engineer at Initech", EX_LENIENT,
               "Ann Lee//Staff Engineer at Initech");
  check_people("样例数据 架构师 庞晓峰", EX_LENIENT, "庞晓峰//样例数据 架构师");
  check_people("全体讲师", EX_LENIENT, "");
  check_people("待定", EX_LENIENT, "");
  check_people("苏明远（花名青石），示例集团技术专家，2019年加入", EX_BIO,
               "苏明远/青石/示例集团技术专家");
  check_people("贝思远是样例银行的数据库工程师，负责核心库。", EX_BIO,
               "贝思远//样例银行的数据库工程师");
  /* short or unusual bios (a fuzzer found the first read past the end) */
  check_people("讲师", EX_BIO, "");
  check_people("全体讲师", EX_BIO, "");
  check_people("\xf0\xa0\x80\x80\xf0\xa0\x80\x81是工程师", EX_BIO,
               "\xf0\xa0\x80\x80\xf0\xa0\x80\x81//工程师");
  /* strict: a sentence is not a person line */
  check_people("本次分享介绍了很多内容。", EX_STRICT, "");
  check_people("The Hard Way", EX_STRICT, "");
  check_people("Grace Liu", EX_STRICT, "Grace Liu//");
}

static void test_cues(void **state) {
  (void)state;
  ex_cue_hit h;
  assert_int_equal(extract_cue("讲师：张三", &h), EX_CUE_SPEAKER);
  assert_string_equal(&"讲师：张三"[h.value], "张三");
  assert_int_equal(extract_cue("嘉宾介绍", &h), EX_CUE_BIO);
  assert_true(h.bare);
  assert_int_equal(extract_cue("Topic 简介: x", &h), EX_CUE_ABSTRACT);
  assert_int_equal(extract_cue("听众收益：", &h), EX_CUE_TAKEAWAYS);
  assert_int_equal(extract_cue("You'll learn:", &h), EX_CUE_TAKEAWAYS);
  assert_int_equal(extract_cue("【嘉宾】李四", &h), EX_CUE_SPEAKER);
  assert_int_equal(extract_cue("Time: 9:00", &h), EX_CUE_TIME);
  assert_int_equal(extract_cue("https://example.org", &h), EX_CUE_NONE);
  assert_int_equal(extract_cue("19:00 开场", &h), EX_CUE_NONE);
  assert_int_equal(extract_cue("活动时间：周六", &h), EX_CUE_EV_TIME);
  assert_int_equal(extract_event_key("视频直播回放地址", strlen("视频直播回放地址")),
                   EX_CUE_EV_REPLAY);
}

static void test_kinds(void **state) {
  (void)state;
  assert_int_equal(extract_kind("圆桌：工程效率"), MODEL_PANEL);
  assert_int_equal(extract_kind("Round Table on Hiring"), MODEL_PANEL);
  assert_int_equal(extract_kind("Keynote: Open Data"), MODEL_KEYNOTE);
  assert_int_equal(extract_kind("主题演讲：未来十年"), MODEL_KEYNOTE);
  assert_int_equal(extract_kind("茶歇"), MODEL_BREAK);
  assert_int_equal(extract_kind("Lunch"), MODEL_BREAK);
  assert_int_equal(extract_kind("Registration and coffee"), MODEL_BREAK);
  assert_int_equal(extract_kind("Breaking the Monolith"), MODEL_TALK);
  assert_int_equal(extract_kind("高并发系统设计"), MODEL_TALK);
}

/* ---- the event from the page ----------------------------------------------------------- */

static void test_event_from_body(void **state) {
  (void)state;
  model *m = extract("---\ntitle: 周末沙龙\n---\n\n"
                     "## 活动信息\n\n"
                     "- 时间：2024年3月2日（周六）13:30-17:00\n"
                     "- 地点：示例路 100 号 3 楼\n"
                     "- 直播地址：https://live.example.org/1\n"
                     "- 报名：[点这里](https://example.org/apply)\n\n"
                     "沙龙介绍。\n");
  assert_string_equal(m->event.date, "2024-03-02");
  assert_string_equal(m->event.time, "13:30");
  assert_string_equal(m->event.end_time, "17:00");
  assert_string_equal(m->event.venue, "示例路 100 号 3 楼");
  assert_string_equal(m->event.live, "https://live.example.org/1");
  assert_string_equal(m->event.registration, "https://example.org/apply");
  assert_int_equal(m->n_talks, 0);
  assert_int_equal(m->n_about, 3); /* kept: they are the about text */
  model_free(m);

  /* a different day than the post's date: the page's day, no warning
   * (the front matter's date is when the post was published) */
  diag_capture(1);
  m = extract("---\ntitle: t\ndate: 2024-03-01T14:00:00+08:00\n---\n\n"
              "时间：2024年3月2日 14:00\n");
  assert_string_equal(diag_captured(), "");
  diag_capture(0);
  assert_string_equal(m->event.date, "2024-03-02");
  assert_string_equal(m->event.published, "2024-03-01");
  assert_string_equal(m->event.time, "14:00");
  model_free(m);

  /* the same day: the page's time range */
  m = extract("---\ntitle: t\ndate: 2024-03-02T13:00:00+08:00\n---\n\n"
              "活动时间：2024 年 3 月 2 日 13:30-17:00\n");
  assert_string_equal(m->event.time, "13:30");
  assert_string_equal(m->event.end_time, "17:00");
  model_free(m);
}

/* ---- what stays prose --------------------------------------------------------------------- */

static void test_ambiguous_stays_prose(void **state) {
  (void)state;
  model *m = extract("## 关于本次活动\n\n"
                     "时间：周六下午\n\n"
                     "一段介绍。\n\n"
                     "## 交通指南\n\n"
                     "坐地铁。\n\n"
                     "**温馨提示**\n\n"
                     "请准时到场。\n");
  assert_int_equal(m->n_talks, 0);
  assert_int_equal(m->n_about, 7);
  assert_int_equal(m->n_prose, 0);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_unreadable_speaker(void **state) {
  (void)state;
  diag_capture(1);
  model *m = extract("### 闪电演讲\n\n讲师：待定\n\n内容稍后公布。\n");
  assert_non_null(strstr(diag_captured(), "warning: cannot tell a speaker"));
  diag_capture(0);
  assert_int_equal(m->n_talks, 1);
  assert_int_equal(m->talks[0].n_speakers, 0);
  assert_int_equal(m->talks[0].n_extra, 1); /* "讲师：待定" kept */
  assert_nothing_lost(m);
  model_free(m);
}

static void test_lone_talk(void **state) {
  (void)state;
  model *m = extract("---\ntitle: 一次分享：缓存设计\n---\n\n"
                     "欢迎参加。\n\n"
                     "讲师：龚子墨，示例公司工程师\n\n"
                     "分享缓存设计的经验。\n");
  assert_int_equal(m->n_talks, 1);
  assert_string_equal(m->talks[0].title, "一次分享：缓存设计");
  assert_names(m, 0, "龚子墨");
  assert_int_equal(m->n_about, 1);
  assert_nothing_lost(m);
  model_free(m);
}

static void test_nothing_lost_mixed(void **state) {
  (void)state;
  model *m = extract(
      "# 页面标题不同\n\n"
      "引言段落，含**强调**与[链接](https://example.org)。\n\n"
      "| 时间 | 议题 | 讲师 |\n|---|---|---|\n"
      "| 14:00 | 《甲乙丙》 | 丁戊己 |\n\n"
      "### 《甲乙丙》\n\n"
      "讲师：丁戊己，庚辛公司 壬癸专家<br>时间：14:00-14:40\n\n"
      "议题简介：天地玄黄，宇宙洪荒。\n\n"
      "- 日月盈昃\n- 辰宿列张\n\n"
      "听众收获：\n\n1. 寒来暑往\n2. 秋收冬藏\n\n"
      "> 闰余成岁\n\n"
      "```\n律吕调阳\n```\n\n"
      "### 云腾致雨\n\n"
      "嘉宾：露结为霜\n\n"
      "金生丽水，玉出昆冈。\n\n"
      "---\n\n"
      "## 鸣谢\n\n- 剑号巨阙\n- 珠称夜光\n\n"
      "<!-- 注释不打印 -->\n"
      "尾声。\n");
  assert_int_equal(m->n_talks, 2);
  assert_int_equal(m->n_agenda, 1);
  assert_int_equal(m->n_sponsors, 2);
  assert_nothing_lost(m);
  model_free(m);
}

/* ---- sponsors ------------------------------------------------------------------------------ */

/* Sponsor i is name, logo, url, tier (NULL: none). */
static void assert_sponsor(const model *m, size_t i, const char *name,
                           const char *logo, const char *url,
                           const char *tier) {
  assert_true(i < m->n_sponsors);
  const model_sponsor *s = &m->sponsors[i];
  assert_string_equal(s->name, name);
  if (logo)
    assert_string_equal(s->logo, logo);
  else
    assert_null(s->logo);
  if (url)
    assert_string_equal(s->url, url);
  else
    assert_null(s->url);
  if (tier)
    assert_string_equal(s->tier, tier);
  else
    assert_null(s->tier);
}

static void test_sponsors_body(void **state) {
  (void)state;
  model *m = extract("## 合作伙伴\n\n"
                     "感谢以下伙伴的支持：\n\n"
                     "- 甲社区\n"
                     "- [乙基金会](https://example.org/yi)\n"
                     "- ![丙科技](logos/bing.png)\n"
                     "- [![丁云](logos/ding.svg)](https://example.org/ding)\n"
                     "- ![](logos/wu.png) 戊数据\n"
                     "- 联合主办方[己书局](https://example.org/ji)赠书\n\n"
                     "[![庚](g.png)](https://example.org/geng) ![辛](x.png)\n\n"
                     "### 金牌赞助\n\n"
                     "- ![壬](r.png)\n\n"
                     "### 媒体支持\n\n"
                     "- 癸周刊\n\n"
                     "### 联系我们\n\n"
                     "欢迎更多伙伴加入。\n");
  assert_int_equal(m->n_sponsors, 10);
  assert_sponsor(m, 0, "甲社区", NULL, NULL, NULL);
  assert_sponsor(m, 1, "乙基金会", NULL, "https://example.org/yi", NULL);
  assert_sponsor(m, 2, "丙科技", "logos/bing.png", NULL, NULL);
  assert_sponsor(m, 3, "丁云", "logos/ding.svg", "https://example.org/ding",
                 NULL);
  assert_sponsor(m, 4, "戊数据", "logos/wu.png", NULL, NULL);
  assert_sponsor(m, 5, "联合主办方己书局赠书", NULL, "https://example.org/ji",
                 NULL);
  /* a paragraph that is a row of (linked) images: one sponsor each */
  assert_sponsor(m, 6, "庚", "g.png", "https://example.org/geng", NULL);
  assert_sponsor(m, 7, "辛", "x.png", NULL, NULL);
  /* sub-headings over sponsors are tiers */
  assert_sponsor(m, 8, "壬", "r.png", NULL, "金牌赞助");
  assert_sponsor(m, 9, "癸周刊", NULL, NULL, "媒体支持");
  assert_int_equal(m->sponsors[0].line, 5);
  assert_int_equal(m->sponsors[9].line, 20);
  assert_non_null(m->sponsors[0].block); /* printed as the page wrote it */
  /* what is not a sponsor stays prose, and is the section's own text */
  assert_int_equal(m->n_about, 4); /* 合作伙伴, the intro, 联系我们 + line */
  assert_int_equal(m->n_sponsors_intro, 1);
  assert_blocks(m->sponsors_intro, 1, "感谢以下伙伴的支持：");
  assert_int_equal(m->n_sponsors_outro, 2);
  assert_blocks(m->sponsors_outro, 2, "联系我们\n欢迎更多伙伴加入。");
  assert_nothing_lost(m);
  char *js = model_to_json(m);
  assert_non_null(strstr(js, "{\"name\": \"丁云\", \"logo\": \"logos/ding.svg\", "
                             "\"url\": \"https://example.org/ding\", "
                             "\"tier\": \"\", \"line\": 8}"));
  assert_non_null(strstr(js, "\"tier\": \"金牌赞助\""));
  free(js);
  model_free(m);
}

static void test_sponsors_nested_tiers(void **state) {
  (void)state;
  model *m = extract("# Launch Night\n\nWelcome.\n\n"
                     "## Sponsors\n\n"
                     "- Gold\n"
                     "  - [Acme](https://acme.example)\n"
                     "  - Globex\n"
                     "- Initech\n\n"
                     "Thanks to all of them.\n\n"
                     "## Directions\n\n"
                     "- Take the tram\n");
  assert_int_equal(m->n_sponsors, 3);
  assert_sponsor(m, 0, "Acme", NULL, "https://acme.example", "Gold");
  assert_sponsor(m, 1, "Globex", NULL, NULL, "Gold");
  assert_sponsor(m, 2, "Initech", NULL, NULL, NULL);
  assert_int_equal(m->n_sponsors_outro, 1);
  /* the next section is not the sponsors' (no talks: all is "about") */
  assert_blocks(m->about, m->n_about,
                "Welcome.\nSponsors\nThanks to all of them.\nDirections\n"
                "Take the tram");
  model_free(m);
}

static void test_sponsors_front_yaml(void **state) {
  (void)state;
  diag_capture(1);
  model *m = extract("---\n"
                     "title: Launch Night\n"
                     "sponsor: \"[Solo](https://solo.example)\"\n"
                     "sponsors:\n"
                     "  - Plain Co\n"
                     "  - name: Acme\n"
                     "    logo: img/acme.svg\n"
                     "    url: https://acme.example\n"
                     "    level: Gold\n"
                     "  - title: Beta\n"
                     "    image: img/beta.png\n"
                     "    website: https://beta.example\n"
                     "  - logo: img/anon.png\n"
                     "  - link: https://nolabel.example\n"
                     "partners:\n"
                     "  gold:\n"
                     "    - name: Goldie\n"
                     "      icon: g.png\n"
                     "      tier: Platinum\n"
                     "  media: [Press One, \"[Press Two](https://p2.example)\"]\n"
                     "---\n\nHello.\n");
  assert_non_null(strstr(diag_captured(),
                         "t.md:14: warning: 'sponsors' entry 5 has no name; skipped"));
  diag_capture(0);
  assert_int_equal(m->n_sponsors, 8);
  assert_sponsor(m, 0, "Solo", NULL, "https://solo.example", NULL);
  assert_sponsor(m, 1, "Plain Co", NULL, NULL, NULL);
  assert_sponsor(m, 2, "Acme", "img/acme.svg", "https://acme.example", "Gold");
  assert_sponsor(m, 3, "Beta", "img/beta.png", "https://beta.example", NULL);
  assert_sponsor(m, 4, "", "img/anon.png", NULL, NULL);
  /* a map of tier → list; an entry's own tier wins */
  assert_sponsor(m, 5, "Goldie", "g.png", NULL, "Platinum");
  assert_sponsor(m, 6, "Press One", NULL, NULL, "media");
  assert_sponsor(m, 7, "Press Two", NULL, "https://p2.example", "media");
  assert_int_equal(m->sponsors[2].line, 6);
  assert_null(m->sponsors[0].block);
  model_free(m);
}

static void test_sponsors_front_toml(void **state) {
  (void)state;
  model *m = extract("+++\n"
                     "title = \"工作坊\"\n"
                     "[[sponsors]]\n"
                     "name = \"潮汐\"\n"
                     "logo = \"images/tide.svg\"\n"
                     "url = \"https://example.org/tide\"\n"
                     "[[sponsors]]\n"
                     "name = \"咖啡馆\"\n"
                     "+++\n\n正文。\n");
  assert_int_equal(m->n_sponsors, 2);
  assert_sponsor(m, 0, "潮汐", "images/tide.svg", "https://example.org/tide",
                 NULL);
  assert_sponsor(m, 1, "咖啡馆", NULL, NULL, NULL);
  model_free(m);
}

static void test_sponsors_merge_and_prose(void **state) {
  (void)state;
  /* named in the front matter and in the body: one sponsor */
  model *m = extract("---\ntitle: T\n"
                     "sponsors:\n  - name: Acme\n    logo: acme.png\n"
                     "---\n\n"
                     "## Partners\n\n- [Acme](https://acme.example)\n- Zeta\n");
  assert_int_equal(m->n_sponsors, 2);
  assert_sponsor(m, 0, "Acme", "acme.png", "https://acme.example", NULL);
  assert_sponsor(m, 1, "Zeta", NULL, NULL, NULL);
  model_free(m);
  /* a thanks section without a list: prose, no sponsors */
  m = extract("## 致谢\n\n感谢所有志愿者。\n\n### 特别鸣谢\n\n感谢场地方。\n");
  assert_int_equal(m->n_sponsors, 0);
  assert_int_equal(m->n_about, 4);
  assert_nothing_lost(m);
  model_free(m);
}

/* ---- size ------------------------------------------------------------------------------- */

/* CPU time of this process: what the extraction costs, whatever else the
 * machine is doing. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sanitizers slow everything down several times. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define SLOW_BUILD 1
#endif
#endif
#ifndef SLOW_BUILD
#define SLOW_BUILD 0
#endif

static void test_big_body(void **state) {
  (void)state;
  int small = getenv("EXTRACT_TEST_SMALL") != NULL;
  size_t target = small ? (size_t)1 << 20 : (size_t)10 << 20;
  strbuf b = {0};
  sb_add(&b, "---\ntitle: 大页面\n---\n\n| 时间 | 议题 | 讲师 |\n|---|---|---|\n");
  for (int i = 0; i < 2000; i++)
    sb_addf(&b, "| 9:%02d | 议题%d | 讲师%d号 |\n", i % 60, i, i);
  sb_add(&b, "\n");
  for (int i = 0; b.len < target; i++) {
    sb_addf(&b, "### 《第%d个议题》\n\n讲师：祁%s，示例公司工程师\n时间：下午 2:00 - 3:00\n\n",
            i, i % 2 ? "天" : "地");
    sb_add(&b, "议题简介：这一段是摘要，写得比较长，用来把页面撑大，"
               "反复出现的文字不影响测试的意义。\n\n");
    sb_add(&b, "- 要点一\n- 要点二\n\n听众收获：\n\n1. 收获一\n2. 收获二\n\n");
    if (i % 100 == 0) {
      /* a long run of bio paragraphs and cue lines in one paragraph */
      sb_add(&b, "**嘉宾介绍**\n\n");
      for (int k = 0; k < 200; k++)
        sb_add(&b, "一段很长的介绍。\n\n");
      for (int k = 0; k < 200; k++)
        sb_add(&b, "时间：19:00\n");
      sb_add(&b, "\n");
    }
  }
  source *src = source_from_memory("big.md", b.s, b.len);
  front_node *fm = front_parse(src);
  md_node *body = body_parse(src);
  double t0 = now();
  model *m = model_extract(src, fm, body);
  double dt = now() - t0;
  print_message("extract of %zu bytes: %.3f s CPU, %zu talks, %zu agenda rows\n",
                b.len, dt, m->n_talks, m->n_agenda);
  size_t talks = m->n_talks, rows = m->n_agenda;
  model_free(m);
  source_free(src);
  sb_free(&b);
  assert_true(talks > (small ? 100u : 1000u));
  assert_int_equal(rows, 2000);
  /* the time is printed, never asserted: tests do not fail on timing (make
   * bench measures); it must end at all, and make test's timeout says so */
}

/* ---- golden files ----------------------------------------------------------------------- */

/* tests/extract/NAME.md beside NAME.json (the --dump-model output) and
 * NAME.diag (the diagnostics, often empty), compared as text.  Run from
 * the repository root; EXTRACT_UPDATE=1 rewrites the expected files. */

#define GOLDEN "tests/extract"

static void write_all(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when got equals the file's text; else prints the first line that
 * differs. */
static int same_as(const char *path, const char *got) {
  char *want = test_read_file(path, NULL);
  if (!want) {
    print_message("%s: missing (EXTRACT_UPDATE=1 writes it)\n", path);
    return 0;
  }
  int same = !strcmp(want, got);
  if (!same) {
    const char *a = want, *b = got;
    int line = 1;
    while (*a && *a == *b) {
      if (*a == '\n')
        line++;
      a++, b++;
    }
    print_message("%s: differs at line %d\n", path, line);
  }
  free(want);
  return same;
}

static void test_golden(void **state) {
  (void)state;
  DIR *d = opendir(GOLDEN);
  if (!d) {
    print_message(GOLDEN " not found (run from the repository root): skipped\n");
    skip();
  }
  char **files = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > 3 && !strcmp(e->d_name + l - 3, ".md"))
      VEC_PUSH(files, n, cap, xstrndup(e->d_name, l - 3));
  }
  closedir(d);
  qsort(files, n, sizeof *files, cmp_str);
  int update = getenv("EXTRACT_UPDATE") != NULL, bad = 0;
  for (size_t i = 0; i < n; i++) {
    char *md = xasprintf(GOLDEN "/%s.md", files[i]);
    char *js = xasprintf(GOLDEN "/%s.json", files[i]);
    char *dg = xasprintf(GOLDEN "/%s.diag", files[i]);
    diag_capture(1);
    model *m = extract_file(md);
    char *diag = xstrdup(diag_captured());
    diag_capture(0);
    char *json = m ? model_to_json(m) : xstrdup("(no model)\n");
    if (update) {
      write_all(js, json);
      write_all(dg, diag);
    } else {
      bad |= !same_as(js, json);
      bad |= !same_as(dg, diag);
    }
    if (m)
      assert_no_char_lost(m);
    model_free(m);
    free(md), free(js), free(dg), free(json), free(diag), free(files[i]);
  }
  free(files);
  assert_true(n > 0);
  assert_false(bad);
}

/* ---- the seed pages ---------------------------------------------------------------------- */

/* The seed pages are others' writing and are not copied here, not even
 * their titles: a talk is checked against the FNV-1a hash of its title and
 * of its speaker names joined with "|", and the text is printed when it
 * differs.  Merges are checked by index. */

/* The seed pages' folder: $BOOKLET_SEEDS, else ../shared/seeds. */
static const char *seeds_dir(void) {
  const char *d = getenv("BOOKLET_SEEDS");
  return d && *d ? d : "../shared/seeds";
}

static uint64_t fnv1a(const char *s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
  return h;
}

typedef struct seed_talk_want {
  uint64_t title;    /* hash of the title */
  uint64_t speakers; /* hash of the speaker names joined with "|" */
} seed_talk_want;

/* The seed whose file name starts with prefix, or NULL. Caller frees. */
static char *seed_path(const char *prefix) {
  DIR *d = opendir(seeds_dir());
  if (!d)
    return NULL;
  char *found = NULL;
  struct dirent *e;
  while ((e = readdir(d)))
    if (!found && !strncmp(e->d_name, prefix, strlen(prefix)) &&
        strstr(e->d_name, ".md"))
      found = xasprintf("%s/%s", seeds_dir(), e->d_name);
  closedir(d);
  return found;
}

/* The model of the seed whose file name starts with prefix; the test is
 * skipped (cmocka's skip(), not passed) when there is no such seed. */
static model *seed(const char *prefix) {
  char *p = seed_path(prefix);
  if (!p) {
    print_message("%s not found (or no %s*.md): seed test skipped\n",
                  seeds_dir(), prefix);
    skip();
  }
  model *m = extract_file(p);
  free(p);
  assert_non_null(m);
  return m;
}

/* Seeds repeat designations and names (agenda and talk): most of the
 * multiset of Han characters comes back, not all. */
static void seed_kept(const model *m) {
  char missing[256];
  double r = han_kept(m, last_body, missing, sizeof missing);
  print_message("Han characters kept: %.4f\n", r);
  assert_true(r >= 0.97);
  assert_no_char_lost(m);
}

static void seed_talks(const model *m, const seed_talk_want *want, size_t n) {
  assert_int_equal(m->n_talks, n);
  int bad = 0;
  for (size_t i = 0; i < n; i++) {
    char *who = names(m, i);
    if (fnv1a(m->talks[i].title) != want[i].title ||
        fnv1a(who) != want[i].speakers) {
      print_message("talk %zu: got '%s' by '%s'\n", i, m->talks[i].title, who);
      bad = 1;
    }
    free(who);
  }
  assert_false(bad);
}

static const model_speaker *first_speaker(const model *m, size_t talk) {
  assert_true(m->talks[talk].n_speakers > 0);
  return &m->speakers[m->talks[talk].speakers[0]];
}

static void test_seed_000(void **state) {
  (void)state;
  model *m = seed("000_");
  static const seed_talk_want want[] = {
      {0x56476e581aee59f5ULL, 0x794ec85c0acad643ULL},
      {0xbea7f4fe88bfeaafULL, 0x18ab8677ae9bf2e2ULL},
      {0xfecbc9602a8a72b0ULL, 0xb9e0fc5d9929ea7dULL},
      {0xb9bb9ac83e299044ULL, 0xef61231cb1269038ULL},
  };
  seed_talks(m, want, 4);
  for (size_t i = 0; i < 4; i++) {
    assert_int_equal(m->talks[i].n_speakers, 1);
    assert_non_null(first_speaker(m, i)->designation);
    assert_int_equal(m->talks[i].n_abstract, 1);
  }
  /* "名（别名）" speaker lines */
  assert_non_null(first_speaker(m, 1)->alias);
  assert_non_null(first_speaker(m, 2)->alias);
  assert_int_equal(m->n_sponsors, 10);
  /* the first three thanks lines link to their sponsors; the section's
   * intro line is its own text */
  for (size_t i = 0; i < 10; i++) {
    assert_true((m->sponsors[i].url != NULL) == (i < 3));
    assert_null(m->sponsors[i].logo);
    assert_non_null(m->sponsors[i].block);
  }
  assert_int_equal(m->n_sponsors_intro, 1);
  seed_kept(m);
  model_free(m);
}

static void test_seed_001(void **state) {
  (void)state;
  model *m = seed("001_");
  static const seed_talk_want want[] = {
      {0x32cf8ede81119c75ULL, 0x90b1b7d284d485b7ULL},
      {0xb4eb1a4011c012a5ULL, 0x57f069067f78a45aULL},
      {0x3f44974e8267a36eULL, 0x18ab8677ae9bf2e2ULL},
      {0x22a91de6a01236baULL, 0xfcea940a34a5f18cULL},
      {0x80e479e65becafbeULL, 0x0017c0fe7880954eULL},
      {0x16c02df8790b71a4ULL, 0xf515c47c12453159ULL},
  };
  seed_talks(m, want, 6);
  /* one panel of five */
  assert_int_equal(m->talks[3].kind, MODEL_PANEL);
  assert_int_equal(m->talks[3].n_speakers, 5);
  /* the four front-matter speakers first, with designations and photos */
  for (int i = 0; i < 4; i++) {
    assert_non_null(m->speakers[i].designation);
    assert_non_null(m->speakers[i].photo);
  }
  /* merged with the body's: a name with a trailing space, and a nickname
   * in the panel that is talk 2's speaker's alias */
  assert_int_equal(m->talks[1].speakers[0], 1);
  assert_int_equal(m->talks[5].speakers[0], 3);
  assert_int_equal(m->talks[3].speakers[3], 1);
  assert_int_equal(m->talks[3].speakers[4], 3);
  assert_int_equal(m->talks[3].speakers[1], m->talks[2].speakers[0]);
  assert_non_null(first_speaker(m, 2)->alias);
  /* `sponsor: "[Name](url)"` in the front matter */
  assert_int_equal(m->n_sponsors, 1);
  assert_non_null(m->sponsors[0].url);
  assert_null(strchr(m->sponsors[0].name, '['));
  seed_kept(m);
  model_free(m);
}

static void test_seed_002(void **state) {
  (void)state;
  model *m = seed("002_");
  static const seed_talk_want want[] = {
      {0x46b9663a101c3259ULL, 0x72d45a04f44632afULL},
      {0xceeb6b837e0f2ac0ULL, 0x4d6fa62505cb2862ULL},
      {0xff826e538444c2edULL, 0xcf3404b6bf75b37bULL},
      {0x7526e67ed7396252ULL, 0x0f508f5f6de05565ULL},
  };
  seed_talks(m, want, 4);
  for (size_t i = 0; i < 4; i++) {
    const model_talk *t = &m->talks[i];
    assert_non_null(t->time);
    assert_non_null(strstr(t->time, "19:00–20:00"));
    assert_non_null(first_speaker(m, i)->designation);
    assert_non_null(first_speaker(m, i)->bio);
    assert_int_equal(t->n_abstract, 1);
  }
  /* the agenda from its table, each row linked to its talk */
  assert_int_equal(m->n_agenda, 4);
  for (int i = 0; i < 4; i++) {
    assert_int_equal(m->agenda[i].talk, i);
    assert_string_equal(m->agenda[i].speaker, m->speakers[m->talks[i].speakers[0]].name);
  }
  seed_kept(m);
  model_free(m);
}

static void test_seed_003(void **state) {
  (void)state;
  model *m = seed("003_");
  static const seed_talk_want want[] = {
      {0x066b9a9c5dad35e5ULL, 0xa211bb5e9004df95ULL},
      {0xd7f3a7f635c5446aULL, 0xc9f2dc233b6bcb35ULL},
      {0xd32bc6ed1bd14226ULL, 0xd80d7b364ae33775ULL},
      {0x2e01090120ec1512ULL, 0xfecdd1bd937cde73ULL},
  };
  seed_talks(m, want, 4);
  for (size_t i = 0; i < 4; i++) {
    const model_talk *t = &m->talks[i];
    assert_non_null(t->time);
    assert_non_null(t->title_prefix);
    assert_non_null(first_speaker(m, i)->designation);
    assert_non_null(first_speaker(m, i)->bio);
    assert_int_equal(t->n_abstract, 1);
    assert_true(t->n_outline >= 1);
    assert_true(t->n_takeaways >= 2);
  }
  /* no table: the agenda comes from the talks' times */
  assert_int_equal(m->n_agenda, 4);
  seed_kept(m);
  model_free(m);
}

static void test_seed_004(void **state) {
  (void)state;
  model *m = seed("004_");
  static const seed_talk_want want[] = {
      {0x1c19de2974b0eee2ULL, 0xe2c22fa603cb3b92ULL},
      {0xc3a40db5ec6f00bbULL, 0xcfe01bad8ed33eb1ULL},
      {0xe66f820ccea70802ULL, 0xc113884c0c79d787ULL},
      {0x74c6fdb38c29d1d6ULL, 0x268b09dd2ad56162ULL},
      {0xa2b2b042aeeb6ac7ULL, 0x5a9cdafec963a628ULL},
  };
  seed_talks(m, want, 5);
  /* speakers named only at the start of their bios, aliases from （花名…） */
  assert_non_null(first_speaker(m, 0)->alias);
  assert_non_null(first_speaker(m, 2)->alias);
  for (size_t i = 0; i < 5; i++) {
    const model_talk *t = &m->talks[i];
    assert_non_null(first_speaker(m, i)->bio);
    assert_non_null(first_speaker(m, i)->designation);
    assert_int_equal(t->n_abstract, 1);
    assert_true(t->n_takeaways >= 1);
    /* each talk's slides, listed in the introduction, join the talk */
    int pdf = 0;
    for (size_t k = 0; k < t->n_links; k++)
      pdf += strstr(t->links[k].url, ".pdf") != NULL;
    assert_int_equal(pdf, 1);
  }
  /* the event's time range from its "key：value" list */
  assert_non_null(m->event.time);
  assert_non_null(m->event.end_time);
  seed_kept(m);
  model_free(m);
}

static int teardown_all(void **state) {
  (void)state;
  free(last_body);
  last_body = NULL;
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_heading_bold_cue),
      cmocka_unit_test(test_heading_soft_break_cues),
      cmocka_unit_test(test_english_heading_cues),
      cmocka_unit_test(test_bold_title_cue_paragraphs),
      cmocka_unit_test(test_numbered_bold_titles),
      cmocka_unit_test(test_topic_lines),
      cmocka_unit_test(test_session_heading_topic),
      cmocka_unit_test(test_key_value_list),
      cmocka_unit_test(test_link_cues),
      cmocka_unit_test(test_links_elsewhere),
      cmocka_unit_test(test_event_link_sections),
      cmocka_unit_test(test_list_talks),
      cmocka_unit_test(test_speaker_sections),
      cmocka_unit_test(test_name_title_at_company),
      cmocka_unit_test(test_title_by_name),
      cmocka_unit_test(test_quoted_title_dash_speaker),
      cmocka_unit_test(test_title_paren_speaker),
      cmocka_unit_test(test_name_company_colon_title),
      cmocka_unit_test(test_agenda_table_zh),
      cmocka_unit_test(test_agenda_table_en),
      cmocka_unit_test(test_agenda_time_list),
      cmocka_unit_test(test_front_matter_speakers),
      cmocka_unit_test(test_front_matter_lists),
      cmocka_unit_test(test_alias_merge),
      cmocka_unit_test(test_time_shapes),
      cmocka_unit_test(test_title_clean),
      cmocka_unit_test(test_people),
      cmocka_unit_test(test_cues),
      cmocka_unit_test(test_kinds),
      cmocka_unit_test(test_event_from_body),
      cmocka_unit_test(test_ambiguous_stays_prose),
      cmocka_unit_test(test_unreadable_speaker),
      cmocka_unit_test(test_lone_talk),
      cmocka_unit_test(test_nothing_lost_mixed),
      cmocka_unit_test(test_sponsors_body),
      cmocka_unit_test(test_sponsors_nested_tiers),
      cmocka_unit_test(test_sponsors_front_yaml),
      cmocka_unit_test(test_sponsors_front_toml),
      cmocka_unit_test(test_sponsors_merge_and_prose),
      cmocka_unit_test(test_golden),
      cmocka_unit_test(test_big_body),
      cmocka_unit_test(test_seed_000),
      cmocka_unit_test(test_seed_001),
      cmocka_unit_test(test_seed_002),
      cmocka_unit_test(test_seed_003),
      cmocka_unit_test(test_seed_004),
  };
  return cmocka_run_group_tests_name("extract", tests, NULL, teardown_all);
}
