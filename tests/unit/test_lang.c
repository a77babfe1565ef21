/* test_lang.c — languages and scripts: a page's language from its front
 * matter, its path and its letters (lang.c); which characters stand in
 * CJK context, straight quotes and dashes typeset, hyphenation points
 * from libhyphen's English patterns, units of measure (text_lang.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "lang.h"
#include "text_int.h"

static front_node *yaml(const char *text) {
  return front_parse_text("test.md", text, strlen(text), 1);
}

static void test_normalize(void **state) {
  (void)state;
  const char *in[] = {"zh_CN", "en-us", "ZH-hans", "en", " de ", "zh-Hant-TW"};
  const char *out[] = {"zh-CN", "en-US", "zh-Hans", "en", "de", "zh-Hant-TW"};
  for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
    char *t = lang_normalize(in[i]);
    assert_non_null(t);
    assert_string_equal(t, out[i]);
    free(t);
  }
  assert_null(lang_normalize(""));
  assert_null(lang_normalize("x"));
  assert_null(lang_normalize("中文"));
  assert_null(lang_normalize("12-34"));
  assert_null(lang_normalize("english language"));
}

static void test_from_front(void **state) {
  (void)state;
  const char *cases[][2] = {
      {"title: x\nlang: en\n", "en"},
      {"language: zh-cn\n", "zh-CN"},
      {"languageCode: en-us\ntitle: 中文标题\n", "en-US"},
      {"locale: zh_TW\n", "zh-TW"},
      /* a value that is not a tag is passed over for the next key */
      {"lang: \"\"\nlocale: ja_JP\n", "ja-JP"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    front_node *fm = yaml(cases[i][0]);
    char *t = lang_from_front(fm);
    assert_non_null(t);
    assert_string_equal(t, cases[i][1]);
    free(t);
    front_free(fm);
  }
  front_node *fm = yaml("title: no language here\n");
  assert_null(lang_from_front(fm));
  front_free(fm);
}

static void test_from_path(void **state) {
  (void)state;
  char *t = lang_from_path("site/content/en/events/meetup.md");
  assert_string_equal(t, "en");
  free(t);
  t = lang_from_path("/srv/www/zh-cn/posts/2019/x.md");
  assert_string_equal(t, "zh-CN");
  free(t);
  t = lang_from_path("content/zh/en/x.md"); /* the innermost folder */
  assert_string_equal(t, "en");
  free(t);
  assert_null(lang_from_path("content/events/go/x.md"));
  assert_null(lang_from_path("content/us/x.md"));
  assert_null(lang_from_path("en.md")); /* a file name is not a folder */
  assert_null(lang_from_path(NULL));
}

static void test_of_text(void **state) {
  (void)state;
  assert_string_equal(lang_of_text("开源社区的线下聚会，欢迎参加。"), "zh-Hans");
  assert_string_equal(lang_of_text("An evening of short talks about Rust."),
                      "en");
  /* Chinese with many English terms is still Chinese */
  assert_string_equal(
      lang_of_text("我们在 Kubernetes 上运行 PostgreSQL 与 Redis 集群的经验"),
      "zh-Hans");
  /* an English page that names a Chinese city once is English */
  assert_string_equal(
      lang_of_text("The meetup in 上海 brings together engineers who build "
                   "cloud native gateways, service meshes and observability "
                   "pipelines, with talks, demos and plenty of time for "
                   "questions from the audience."),
      "en");
  assert_null(lang_of_text("2025-06-21 12:00 — !"));
  assert_null(lang_of_text(NULL));
}

static void test_of_page(void **state) {
  (void)state;
  front_node *fm = yaml("title: 分享会\n");
  char *t = lang_of_page(fm, "content/en/x.md", "分享会");
  assert_string_equal(t, "en"); /* the path says so before the text */
  free(t);
  t = lang_of_page(fm, "x.md", "分享会：云原生");
  assert_string_equal(t, "zh-Hans");
  free(t);
  front_free(fm);
  fm = yaml("lang: en\n");
  t = lang_of_page(fm, "zh/x.md", "全中文");
  assert_string_equal(t, "en"); /* declared wins */
  free(t);
  front_free(fm);
  t = lang_of_page(NULL, NULL, "");
  assert_string_equal(t, "zh-Hans");
  free(t);
}

/* text_smarten on s with nothing skipped; "" when unchanged. */
static char *smart(const char *s) {
  size_t n = strlen(s);
  size_t *map = malloc((n + 1) * sizeof *map);
  char *r = text_smarten(s, n, NULL, map);
  free(map);
  return r ? r : strdup(s);
}

static void test_smart_quotes(void **state) {
  (void)state;
  const char *cases[][2] = {
      {"\"Hello,\" she said.", "\u201cHello,\u201d she said."},
      {"it's, we'll, they're", "it\u2019s, we\u2019ll, they\u2019re"},
      {"the attendees' questions", "the attendees\u2019 questions"},
      {"'the quiet document'", "\u2018the quiet document\u2019"},
      {"'90s hardware", "\u201990s hardware"},
      {"one page - no jargon", "one page \u2013 no jargon"},
      {"02:00--04:30", "02:00\u201304:30"},
      {"the keynote --- the one", "the keynote \u2014 the one"},
      /* feet and inches, command-line flags, Chinese context left alone */
      {"5'10\" tall", "5'10\" tall"},
      {"run make --jobs 2", "run make --jobs 2"},
      {"合肥站 - SOFA", "合肥站 - SOFA"},
      /* straight quotes around Chinese curl too */
      {"他说\"你好\"。", "他说\u201c你好\u201d。"},
      /* addresses are left as written */
      {"see https://x.org/it's-here", "see https://x.org/it's-here"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *r = smart(cases[i][0]);
    assert_string_equal(r, cases[i][1]);
    free(r);
  }
}

static void test_smart_skip_and_map(void **state) {
  (void)state;
  const char *s = "say \"x\" in `\"code\"`";
  size_t n = strlen(s);
  unsigned char *skip = calloc(n + 1, 1);
  const char *code = strchr(s, '`');
  for (size_t b = (size_t)(code - s); b < n; b++)
    skip[b] = 1;
  size_t *map = malloc((n + 1) * sizeof *map);
  char *r = text_smarten(s, n, skip, map);
  assert_non_null(r);
  assert_string_equal(r, "say \u201cx\u201d in `\"code\"`");
  /* offsets move by the two extra bytes of each curly quote */
  assert_int_equal(map[4], 4);  /* the opening quote */
  assert_int_equal(map[5], 7);  /* x */
  assert_int_equal(map[n], strlen(r));
  free(r);
  free(map);
  free(skip);
}

static void test_script_context(void **state) {
  (void)state;
  const char *s = "说\u201cHello\u201d。It\u2019s \u201c中文\u201d here";
  size_t n = strlen(s);
  unsigned char *f = calloc(n + 1, 1);
  text_script(s, n, 0, f);
  /* quotes right beside Chinese are CJK, the apostrophe is Latin, quotes
   * around Chinese in an English sentence are CJK */
  const char *q1 = strstr(s, "\u201cHello");
  const char *q2 = strstr(s, "\u201d。");
  const char *ap = strstr(s, "\u2019s");
  const char *q3 = strstr(s, "\u201c中文");
  assert_true(f[q1 - s] & TX_CJK);
  assert_true(f[q2 - s] & TX_CJK);
  assert_false(f[ap - s] & TX_CJK);
  assert_true(f[q3 - s] & TX_CJK);
  assert_false(f[strstr(s, "Hello") - s] & TX_CJK);
  free(f);
}

static void test_hyphenate(void **state) {
  (void)state;
  unsigned char pts[64] = {0};
  const char *w = "internationalization";
  int n = text_hyphenate("en", w, strlen(w), pts);
  if (n == 0)
    skip(); /* no hyphen-en-us patterns installed */
  assert_true(n >= 4);
  /* two letters at least before a point, three after */
  assert_false(pts[0]);
  for (size_t i = strlen(w) - 3; i < strlen(w); i++)
    assert_false(pts[i]);
  /* in-ter-na-tion-al-iza-tion: a point after "inter" */
  assert_true(pts[4]);
  memset(pts, 0, sizeof pts);
  assert_int_equal(text_hyphenate("en", "cat", 3, pts), 0);
  /* a language without patterns: none, quietly */
  assert_int_equal(text_hyphenate("xx", w, strlen(w), pts), 0);
}

static void test_units(void **state) {
  (void)state;
  assert_true(text_is_unit("ms", 2));
  assert_true(text_is_unit("GB", 2));
  assert_true(text_is_unit("%", 1));
  assert_true(text_is_unit("GHz", 3));
  assert_false(text_is_unit("mass", 4));
  assert_false(text_is_unit("talks", 5));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalize),     cmocka_unit_test(test_from_front),
      cmocka_unit_test(test_from_path),     cmocka_unit_test(test_of_text),
      cmocka_unit_test(test_of_page),       cmocka_unit_test(test_smart_quotes),
      cmocka_unit_test(test_smart_skip_and_map),
      cmocka_unit_test(test_script_context),
      cmocka_unit_test(test_hyphenate),     cmocka_unit_test(test_units),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
