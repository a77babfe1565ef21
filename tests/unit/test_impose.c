/* test_impose.c — the imposition plan (impose.h) and QR encoding (qr.h):
 * saddle-stitch page order for 8, 12 and 16 pages, padding with blanks,
 * creep towards the spine, 2up and n-up grids, paper fitting, crop and
 * registration marks, trim and bleed boxes, option parsing; QR sizes and
 * the short URL printed under a code.  Pure geometry: no Cairo, no fonts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "impose.h"
#include "qr.h"

#define A5W 419.53
#define A5H 595.28
#define MM (72.0 / 25.4)
/* A4 landscape, the default sheet of imposed A5 pages (297 x 210 mm) */
#define A4L_W 841.89
#define A4L_H 595.28
/* where a spread of two A5 pages starts when centred on A4 landscape */
#define X0 ((A4L_W - 2 * A5W) / 2)

/* The saddle page (1-based) at left/right of sheet side k (0-based). */
static int want_page(size_t k, int n, int right) {
  int s = (int)k / 2;
  if (k % 2 == 0)
    return right ? 2 * s + 1 : n - 2 * s;
  return right ? n - 2 * s - 1 : 2 * s + 2;
}

static void check_saddle(int n) {
  impose_options o = {.mode = IMPOSE_SADDLE};
  impose_plan *p = impose_plan_make(&o, (size_t)n, A5W, A5H);
  assert_int_equal(p->n_sheets, (size_t)n / 2);
  /* no --paper: the sheet is A4, the spread centred on it at actual size */
  assert_float_equal(p->sheet_w, A4L_W, 0.01);
  assert_float_equal(p->sheet_h, A4L_H, 0.01);
  for (size_t k = 0; k < p->n_sheets; k++) {
    const impose_sheet *s = &p->sheets[k];
    assert_int_equal(s->n_slots, 2);
    assert_int_equal(s->back, (int)(k % 2));
    assert_int_equal(s->slots[0].page + 1, want_page(k, n, 0));
    assert_int_equal(s->slots[1].page + 1, want_page(k, n, 1));
    assert_float_equal(s->slots[0].scale, 1, 1e-9);
    assert_float_equal(s->slots[0].x, X0, 0.01);
    assert_float_equal(s->slots[1].x, X0 + A5W, 0.01);
    assert_float_equal(s->trim.x, X0, 0.01);
    assert_float_equal(s->trim.w, 2 * A5W, 1e-9);
  }
  impose_plan_free(p);
}

static void test_saddle_order(void **state) {
  (void)state;
  check_saddle(8);
  check_saddle(12);
  check_saddle(16);
  /* the example of issue 5, literally */
  impose_options o = {.mode = IMPOSE_SADDLE};
  impose_plan *p = impose_plan_make(&o, 8, A5W, A5H);
  char *d = impose_plan_dump(p);
  assert_non_null(strstr(d, "sheet 841.89 x 595.28"));
  assert_non_null(strstr(d, "side 1: 8@1.4,0.0 1@420.9,0.0"));
  assert_non_null(strstr(d, "side 2 back: 2@1.4,0.0 7@420.9,0.0"));
  assert_non_null(strstr(d, "side 3: 6@1.4,0.0 3@420.9,0.0"));
  assert_non_null(strstr(d, "side 4 back: 4@1.4,0.0 5@420.9,0.0"));
  free(d);
  impose_plan_free(p);
}

static void test_saddle_pads_with_blanks(void **state) {
  (void)state;
  impose_options o = {.mode = IMPOSE_SADDLE};
  impose_plan *p = impose_plan_make(&o, 6, A5W, A5H);
  assert_int_equal(p->n_sheets, 4); /* padded to 8 */
  assert_int_equal(p->sheets[0].slots[0].page, -1); /* page 8: blank */
  assert_int_equal(p->sheets[0].slots[1].page, 0);
  assert_int_equal(p->sheets[1].slots[1].page, -1); /* page 7: blank */
  impose_plan_free(p);
  /* a back cover stays last: the blanks go before it */
  o.keep_last = 1;
  p = impose_plan_make(&o, 6, A5W, A5H);
  assert_int_equal(p->sheets[0].slots[0].page, 5); /* back cover outside */
  assert_int_equal(p->sheets[1].slots[1].page, -1); /* position 7: blank */
  assert_int_equal(p->sheets[2].slots[0].page, -1); /* position 6: blank */
  assert_int_equal(p->sheets[3].slots[1].page, 4);  /* position 5: page 5 */
  impose_plan_free(p);
}

static void test_creep(void **state) {
  (void)state;
  impose_options o = {.mode = IMPOSE_SADDLE, .creep = 2};
  impose_plan *p = impose_plan_make(&o, 12, A5W, A5H);
  /* outer sheet unmoved, innermost (sheet 3: sides 5, 6) by the creep,
   * both pages towards the spine */
  assert_float_equal(p->sheets[0].slots[0].x, X0, 1e-6);
  assert_float_equal(p->sheets[2].slots[0].x, X0 + 1, 1e-6);
  assert_float_equal(p->sheets[2].slots[1].x, X0 + A5W - 1, 1e-6);
  assert_float_equal(p->sheets[5].slots[0].x, X0 + 2, 1e-6);
  assert_float_equal(p->sheets[5].slots[1].x, X0 + A5W - 2, 1e-6);
  /* each page still clipped at the spine */
  assert_float_equal(p->sheets[5].slots[0].clip_x + p->sheets[5].slots[0].clip_w,
                     X0 + A5W, 1e-6);
  impose_plan_free(p);
}

static void test_2up_and_nup(void **state) {
  (void)state;
  impose_options o = {.mode = IMPOSE_2UP, .nup = 2};
  impose_plan *p = impose_plan_make(&o, 3, A5W, A5H);
  assert_int_equal(p->n_sheets, 3);
  assert_int_equal(p->sheets[1].slots[0].page, 1);
  assert_int_equal(p->sheets[1].slots[1].page, 1);
  assert_float_equal(p->sheet_w, A4L_W, 0.01); /* A4 landscape */
  assert_float_equal(p->sheet_h, A4L_H, 0.01);
  assert_float_equal(p->sheets[0].slots[0].scale, 1, 1e-9);
  impose_plan_free(p);

  impose_options n = {0};
  assert_int_equal(impose_parse_mode("nup:4", &n), 0);
  assert_int_equal(impose_parse_paper("A4", &n), 0);
  p = impose_plan_make(&n, 10, A5W, A5H);
  assert_int_equal(p->n_sheets, 3);
  assert_float_equal(p->sheet_w, 595.28, 0.01); /* A4 portrait: 2 x 2 */
  assert_float_equal(p->sheet_h, 841.89, 0.01);
  const impose_sheet *last = &p->sheets[2];
  assert_int_equal(last->slots[0].page, 8);
  assert_int_equal(last->slots[1].page, 9);
  assert_int_equal(last->slots[2].page, -1);
  assert_true(last->slots[0].scale < 0.75 && last->slots[0].scale > 0.65);
  impose_plan_free(p);
}

static void test_bleed_marks_boxes(void **state) {
  (void)state;
  impose_options o = {.bleed = 3 * MM, .marks = 1};
  impose_plan *p = impose_plan_make(&o, 2, A5W, A5H);
  assert_int_equal(p->n_sheets, 2);
  const impose_sheet *s = &p->sheets[0];
  assert_true(p->sheet_w > A5W + 2 * 3 * MM + 20);
  assert_float_equal(s->trim.w, A5W, 1e-9);
  assert_float_equal(s->bleed.x, s->trim.x - 3 * MM, 1e-9);
  assert_float_equal(s->bleed.w, A5W + 6 * MM, 1e-9);
  assert_float_equal(s->slots[0].clip_w, A5W + 6 * MM, 1e-9);
  assert_int_equal(s->n_marks, 8); /* two per corner, no targets */
  for (size_t i = 0; i < s->n_marks; i++) {
    const impose_mark *m = &s->marks[i];
    assert_int_equal(m->kind, IMPOSE_MARK_CROP);
    /* outside the bleed */
    int inside_x = m->x0 > s->bleed.x && m->x0 < s->bleed.x + s->bleed.w;
    int inside_y = m->y0 > s->bleed.y && m->y0 < s->bleed.y + s->bleed.h;
    assert_false(inside_x && inside_y);
  }
  impose_plan_free(p);
  /* saddle with marks: crops, fold marks at the spine, two targets */
  impose_options q = {.mode = IMPOSE_SADDLE, .bleed = 3 * MM, .marks = 1};
  p = impose_plan_make(&q, 4, A5W, A5H);
  size_t folds = 0, targets = 0;
  for (size_t i = 0; i < p->sheets[0].n_marks; i++) {
    folds += p->sheets[0].marks[i].kind == IMPOSE_MARK_FOLD;
    targets += p->sheets[0].marks[i].kind == IMPOSE_MARK_TARGET;
  }
  assert_int_equal(folds, 2);
  assert_int_equal(targets, 2);
  /* no bleed at the spine: the left page stops there */
  const impose_slot *l = &p->sheets[0].slots[0];
  assert_float_equal(l->clip_x + l->clip_w, p->sheets[0].slots[1].x, 1e-9);
  impose_plan_free(p);
}

static void test_paper_fit(void **state) {
  (void)state;
  /* A4 pages saddle-stitched on A4 paper: scaled to A5 */
  impose_options o = {.mode = IMPOSE_SADDLE};
  assert_int_equal(impose_parse_paper("a4", &o), 0);
  impose_plan *p = impose_plan_make(&o, 4, 595.28, 841.89);
  assert_float_equal(p->sheet_w, 841.89, 0.01);
  assert_float_equal(p->sheets[0].slots[0].scale, 0.7071, 0.001);
  impose_plan_free(p);
  /* A5 pages on A3 with marks: actual size, centred */
  impose_options m = {.mode = IMPOSE_SADDLE, .marks = 1};
  assert_int_equal(impose_parse_paper("A3", &m), 0);
  p = impose_plan_make(&m, 8, A5W, A5H);
  assert_float_equal(p->sheet_w, 1190.55, 0.01);
  assert_float_equal(p->sheets[0].slots[0].scale, 1, 1e-9);
  assert_float_equal(p->sheets[0].trim.x, (1190.55 - 2 * A5W) / 2, 0.01);
  impose_plan_free(p);
  /* no --paper, marks: A4 has no room round the spread for them, so the
   * sheet is A3 (landscape), the pages at actual size */
  impose_options k = {.mode = IMPOSE_SADDLE, .marks = 1, .bleed = 3 * MM};
  p = impose_plan_make(&k, 8, A5W, A5H);
  assert_float_equal(p->sheet_w, 1190.55, 0.01);
  assert_float_equal(p->sheet_h, 841.89, 0.01);
  assert_float_equal(p->sheets[0].slots[0].scale, 1, 1e-9);
  impose_plan_free(p);
  /* no --paper, A4 pages: A3 takes the spread at actual size */
  impose_options a = {.mode = IMPOSE_SADDLE};
  p = impose_plan_make(&a, 4, 595.28, 841.89);
  assert_float_equal(p->sheet_w, 1190.55, 0.01);
  assert_true(p->sheets[0].slots[0].scale > 0.999);
  impose_plan_free(p);
  /* a single page (no imposition) keeps a sheet just big enough */
  impose_options one = {0};
  p = impose_plan_make(&one, 2, A5W, A5H);
  assert_float_equal(p->sheet_w, A5W, 0.01);
  impose_plan_free(p);
}

static void test_parse(void **state) {
  (void)state;
  impose_options o = {0};
  double v;
  assert_int_equal(impose_parse_mode("saddle", &o), 0);
  assert_int_equal(o.mode, IMPOSE_SADDLE);
  assert_int_equal(impose_parse_mode("2up", &o), 0);
  assert_int_equal(o.mode, IMPOSE_2UP);
  assert_int_equal(impose_parse_mode("nup:9", &o), 0);
  assert_int_equal(o.nup, 9);
  assert_int_equal(impose_parse_mode("nup:1", &o), -1);
  assert_int_equal(impose_parse_mode("fold", &o), -1);
  assert_int_equal(impose_parse_paper("320x450mm", &o), 0);
  assert_float_equal(o.paper_w, 320 * MM, 1e-6);
  assert_float_equal(o.paper_h, 450 * MM, 1e-6);
  assert_int_equal(impose_parse_paper("Letter", &o), 0);
  assert_float_equal(o.paper_w, 612, 1e-9);
  assert_int_equal(impose_parse_paper("Z9", &o), -1);
  assert_int_equal(impose_parse_mm("3", &v), 0);
  assert_float_equal(v, 3 * MM, 1e-9);
  assert_int_equal(impose_parse_mm("0.5pt", &v), 0);
  assert_float_equal(v, 0.5, 1e-9);
  assert_int_equal(impose_parse_mm("-1", &v), -1);
  assert_int_equal(impose_parse_mm("3furlongs", &v), -1);
}

static void test_contact_sheet(void **state) {
  (void)state;
  impose_plan *p = impose_contact_plan(12, A5W, A5H, 100, 1);
  assert_int_equal(p->n_sheets, 1);
  assert_int_equal(p->sheets[0].n_slots, 12);
  /* page 1 alone on the right of the first spread, 2|3 next */
  const impose_slot *s = p->sheets[0].slots;
  assert_float_equal(s[0].x, 24 + 100, 1e-9); /* right half of spread 1 */
  assert_true(s[1].x > s[0].x + 100);
  assert_float_equal(s[2].x, s[1].x + 100, 1e-9);
  assert_float_equal(s[1].y, s[2].y, 1e-9);
  impose_plan_free(p);
}

static void test_qr(void **state) {
  (void)state;
  qr_code *q = qr_encode("https://example.org/events/jc-db-meetup-12/apply");
  assert_non_null(q);
  assert_true(q->size >= 21 && (q->size - 21) % 4 == 0);
  /* finder pattern: top-left 7x7 ring is dark */
  for (int i = 0; i < 7; i++) {
    assert_int_equal(q->modules[i], 1);
    assert_int_equal(q->modules[(size_t)i * (size_t)q->size], 1);
  }
  assert_int_equal(q->modules[(size_t)1 * (size_t)q->size + 1], 0);
  qr_free(q);
  assert_null(qr_encode(""));
  char *s = qr_short_url("https://www.example.org/a/b/");
  assert_string_equal(s, "example.org/a/b");
  free(s);
  s = qr_short_url("http://live.example.com");
  assert_string_equal(s, "live.example.com");
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_saddle_order),
      cmocka_unit_test(test_saddle_pads_with_blanks),
      cmocka_unit_test(test_creep),
      cmocka_unit_test(test_2up_and_nup),
      cmocka_unit_test(test_bleed_marks_boxes),
      cmocka_unit_test(test_paper_fit),
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_contact_sheet),
      cmocka_unit_test(test_qr),
  };
  return cmocka_run_group_tests_name("impose", tests, NULL, NULL);
}
