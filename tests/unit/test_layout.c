/* test_layout.c — layout files: the default loads with its units turned
 * into points, --set overrides values, and wrong files are errors that
 * name the layout file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layout.h"

static void test_default_loads(void **state) {
  (void)state;
  layout *l = layout_load("a5-booklet", NULL, 0);
  assert_non_null(l);
  assert_float_equal(l->page_w, 419.53, 0.01);
  assert_float_equal(l->page_h, 595.28, 0.01);
  const layout_style *body = layout_style_get(l, "body");
  assert_string_equal(body->name, "body");
  assert_float_equal(body->size, 10, 1e-9);
  assert_string_equal(body->family, "Noto Serif CJK SC, Noto Serif");
  /* the text frame is a whole number of body characters wide */
  double w = l->page_w - l->margin_inner - l->margin_outer;
  double chars = w / body->size;
  assert_float_equal(chars, (double)(long)(chars + 0.5), 1e-6);
  /* headings are sans and keep with the next block */
  const layout_style *h2 = layout_style_get(l, "h2");
  assert_string_equal(h2->family, "Noto Sans CJK SC, Noto Sans");
  assert_int_equal(h2->weight, 700);
  assert_true(h2->keep_with_next);
  /* titles and headings are set in balanced lines, the body is not */
  assert_true(h2->balance);
  assert_true(layout_style_get(l, "cover-title")->balance);
  assert_false(body->balance);
  /* an unknown style falls back to body */
  assert_ptr_equal(layout_style_get(l, "no-such-style"), body);
  assert_int_equal(l->pad_to, 4);
  assert_true(l->baseline_grid);
  layout_free(l);
}

static void test_set_overrides(void **state) {
  (void)state;
  char *sets[] = {"styles.body.size=11pt", "page.size=A4",
                  "page.snap_to_chars=false", "page.margins.top=20mm",
                  "page.baseline_grid=false", "styles.h2.balance=false"};
  layout *l = layout_load("a5-booklet", sets, 6);
  assert_non_null(l);
  assert_float_equal(layout_style_get(l, "body")->size, 11, 1e-9);
  assert_float_equal(l->page_w, 595.28, 0.01);
  assert_float_equal(l->margin_top, 20 * 72 / 25.4, 0.01);
  assert_false(l->baseline_grid);
  assert_false(layout_style_get(l, "h2")->balance);
  layout_free(l);
}

static void test_bad_set(void **state) {
  (void)state;
  char *sets[] = {"styles.body.size"};
  diag_capture(1);
  layout *l = layout_load("a5-booklet", sets, 1);
  assert_null(l);
  assert_non_null(strstr(diag_captured(), "key=value"));
  diag_capture(0);
  char *sets2[] = {"styles.body.size=big"};
  diag_capture(1);
  l = layout_load("a5-booklet", sets2, 1);
  assert_null(l);
  assert_non_null(strstr(diag_captured(), "error:"));
  diag_capture(0);
}

static void test_unknown_key(void **state) {
  (void)state;
  diag_capture(1);
  layout *l = layout_load("tests/unit/fixtures/layout_bad_key.yaml", NULL, 0);
  assert_null(l);
  const char *msg = diag_captured();
  assert_non_null(strstr(msg, "layout_bad_key.yaml:4:"));
  assert_non_null(strstr(msg, "page.colour"));
  diag_capture(0);
}

static void test_bad_unit(void **state) {
  (void)state;
  diag_capture(1);
  layout *l = layout_load("tests/unit/fixtures/layout_bad_unit.yaml", NULL, 0);
  assert_null(l);
  assert_non_null(strstr(diag_captured(), "layout_bad_unit.yaml:4:"));
  diag_capture(0);
}

static void test_missing_layout(void **state) {
  (void)state;
  diag_capture(1);
  assert_null(layout_load("no-such-layout", NULL, 0));
  assert_non_null(strstr(diag_captured(), "no-such-layout"));
  diag_capture(0);
}

static void test_base_inherits(void **state) {
  (void)state;
  layout *l = layout_load("letter", NULL, 0);
  assert_non_null(l);
  assert_string_equal(l->name, "letter");
  assert_float_equal(l->page_w, 612, 0.01);
  assert_int_equal(l->pad_to, 0);                       /* from a4 */
  assert_float_equal(layout_style_get(l, "body")->size, 10.5, 1e-9);
  assert_float_equal(layout_style_get(l, "body")->line_height, 1.7, 1e-9);
  assert_string_equal(layout_style_get(l, "h2")->family, "Noto Sans CJK SC, Noto Sans");
  layout_free(l);
}

/* sponsors: {columns, logo_height}: read, inherited through base:,
 * overridden by --set, and checked (unknown keys, ranges). */
static void test_sponsor_grid_keys(void **state) {
  (void)state;
  layout *l = layout_load("a5-booklet", NULL, 0);
  assert_non_null(l);
  assert_int_equal(l->sponsor_columns, 3);
  assert_float_equal(l->sponsor_logo_h, 14 * 72 / 25.4, 0.01);
  layout_free(l);
  l = layout_load("letter", NULL, 0); /* letter → a4 → a5-booklet */
  assert_non_null(l);
  assert_int_equal(l->sponsor_columns, 3);
  layout_free(l);
  char *sets[] = {"sponsors.columns=4", "sponsors.logo_height=20mm"};
  l = layout_load("a4", sets, 2);
  assert_non_null(l);
  assert_int_equal(l->sponsor_columns, 4);
  assert_float_equal(l->sponsor_logo_h, 20 * 72 / 25.4, 0.01);
  char *dump = layout_dump(l);
  assert_non_null(strstr(dump, "sponsors columns 4 logo_height 56.69"));
  free(dump);
  layout_free(l);
  static const char *const bad[][2] = {
      {"sponsors.colums=4", "unknown layout key 'sponsors.colums'"},
      {"sponsors.columns=0", "from 1 to 8"},
      {"sponsors.columns=2.5", "whole number"},
      {"sponsors.logo_height=1mm", "sponsors.logo_height"},
      {"sponsors.logo_height=tall", "logo_height"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *set[] = {(char *)bad[i][0]};
    diag_capture(1);
    assert_null(layout_load("a5-booklet", set, 1));
    assert_non_null(strstr(diag_captured(), bad[i][1]));
    diag_capture(0);
  }
}


/* Values per language: a page's language picks its values (its tag, its
 * primary subtag, else en), --set still wins, --set language=X forces
 * X; labels give the printed words; wrong values are errors at load. */
static void test_languages(void **state) {
  (void)state;
  layout *l = layout_load("a5-booklet", NULL, 0);
  assert_non_null(l);
  assert_string_equal(l->lang, "zh-Hans");
  assert_string_equal(layout_label(l, "contents"), "目录");
  assert_string_equal(layout_label(l, "colon"), "：");
  assert_true(l->indent_all);
  layout *en = layout_localize(l, "en");
  assert_non_null(en);
  assert_string_equal(en->lang, "en");
  const layout_style *body = layout_style_get(en, "body");
  assert_float_equal(body->line_height, 1.4, 1e-9);
  assert_float_equal(body->indent, 1, 1e-9);
  assert_string_equal(body->family, "Noto Serif, Noto Serif CJK SC");
  assert_string_equal(layout_style_get(en, "h2")->family,
                      "Noto Sans, Noto Sans CJK SC");
  assert_true(en->hyphenate);
  assert_false(en->indent_all);
  assert_float_equal(en->word_space_max, 0.8, 1e-9);
  assert_string_equal(layout_label(en, "contents"), "Contents");
  assert_string_equal(layout_label(en, "colon"), ": ");
  char *n = layout_label_n(en, "talk_number", 3);
  assert_string_equal(n, "Talk 3");
  free(n);
  /* values not set per language come from the rest */
  assert_float_equal(en->page_w, l->page_w, 1e-9);
  assert_float_equal(layout_style_get(en, "h2")->size, 14, 1e-9);
  layout_free(en);
  /* zh-TW takes zh's values, de (not in the layout) en's */
  layout *tw = layout_localize(l, "zh-TW");
  assert_string_equal(layout_label(tw, "contents"), "目录");
  assert_string_equal(tw->lang, "zh-TW");
  layout_free(tw);
  layout *de = layout_localize(l, "de");
  assert_string_equal(layout_label(de, "notes"), "Notes");
  layout_free(de);
  layout_free(l);
  /* --set wins over a language's value; language=X forces X */
  char *sets[] = {"styles.body.line_height=1.5", "language=en"};
  l = layout_load("a5-booklet", sets, 2);
  assert_non_null(l);
  layout *zh = layout_localize(l, "zh-Hans");
  assert_string_equal(zh->lang, "en");
  assert_float_equal(layout_style_get(zh, "body")->line_height, 1.5, 1e-9);
  assert_float_equal(layout_style_get(zh, "body")->indent, 1, 1e-9);
  layout_free(zh);
  layout_free(l);
  /* handout → a4 → a5-booklet: the languages come along */
  l = layout_load("handout", NULL, 0);
  en = layout_localize(l, "en");
  assert_string_equal(layout_label(en, "agenda"), "Agenda");
  layout_free(en);
  layout_free(l);
}

static void test_bad_languages(void **state) {
  (void)state;
  diag_capture(1);
  assert_null(layout_load("tests/unit/fixtures/layout_bad_lang.yaml", NULL, 0));
  assert_non_null(strstr(diag_captured(), "layout_bad_lang.yaml:7:"));
  assert_non_null(strstr(diag_captured(), "styles.body.leading"));
  diag_capture(0);
  diag_capture(1);
  assert_null(
      layout_load("tests/unit/fixtures/layout_bad_label.yaml", NULL, 0));
  assert_non_null(strstr(diag_captured(), "layout_bad_label.yaml:6:"));
  assert_non_null(strstr(diag_captured(), "labels.contnets"));
  diag_capture(0);
  char *set[] = {"languages.en.name=x"};
  diag_capture(1);
  assert_null(layout_load("a5-booklet", set, 1));
  assert_non_null(strstr(diag_captured(), "languages.en.name"));
  diag_capture(0);
  /* a label the layout lacks prints nothing, with a warning once */
  layout *l = layout_load("tests/unit/fixtures/layout_no_labels.yaml", NULL, 0);
  assert_non_null(l);
  diag_capture(1);
  assert_string_equal(layout_label(l, "agenda"), "");
  assert_string_equal(layout_label(l, "agenda"), "");
  const char *msg = diag_captured();
  assert_non_null(strstr(msg, "no label 'agenda'"));
  assert_null(strstr(strstr(msg, "no label") + 1, "no label"));
  diag_capture(0);
  layout_free(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_default_loads), cmocka_unit_test(test_set_overrides),
      cmocka_unit_test(test_bad_set),       cmocka_unit_test(test_unknown_key),
      cmocka_unit_test(test_bad_unit),      cmocka_unit_test(test_missing_layout),
      cmocka_unit_test(test_base_inherits), cmocka_unit_test(test_sponsor_grid_keys),
      cmocka_unit_test(test_languages),     cmocka_unit_test(test_bad_languages),
  };
  return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
