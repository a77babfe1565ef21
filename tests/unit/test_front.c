/* test_front.c — unit tests for front.c: YAML front matter into the
 * front_node tree (scalars as text, nulls, lines of the input file),
 * errors and warnings with their locations, aliases and merge keys, the
 * depth and alias-expansion limits, key lookup and the text dump; TOML
 * front matter (front_toml.cc) into the same tree.  The
 * split of front matter from the body is tested in test_source.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "front.h"
#include "source.h"
#include "util.h"

static int setup(void **state) {
  (void)state;
  diag_capture(1);
  diag_reset_counts();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  diag_capture(0);
  return 0;
}

#define assert_diag(needle)                                                    \
  do {                                                                         \
    if (!strstr(diag_captured(), (needle)))                                    \
      fail_msg("expected '%s' in diagnostics:\n%s", (needle),                  \
               diag_captured());                                               \
  } while (0)

#define assert_no_diag() assert_string_equal(diag_captured(), "")

/* Parse a whole event page given as a C string ("ev.md"); NULL when the
 * source or the front matter fails. */
static front_node *parse(const char *page) {
  source *s = source_from_memory("ev.md", page, strlen(page));
  if (!s)
    return NULL;
  front_node *f = front_parse(s);
  source_free(s);
  return f;
}

static void test_scalars(void **state) {
  (void)state;
  front_node *f = parse("---\n"
                        "title: \"Meetup #9\"\n"
                        "single: 'it''s'\n"
                        "date: 2019-10-28T10:41:54+08:00\n"
                        "date2: 2022-03-09 19:23:47 +0800\n"
                        "draft: false\n"
                        "count: 007\n"
                        "a: ~\n"
                        "b: null\n"
                        "c:\n"
                        "d: \"\"\n"
                        "e: '~'\n"
                        "block: |\n  line 1\n  line 2\n"
                        "---\nbody\n");
  assert_non_null(f);
  assert_int_equal(f->kind, FRONT_MAP);
  assert_string_equal(front_str(f, "title"), "Meetup #9");
  assert_true(front_get(f, "title")->quoted);
  assert_string_equal(front_str(f, "single"), "it's");
  assert_true(front_get(f, "single")->quoted);
  assert_string_equal(front_str(f, "date"), "2019-10-28T10:41:54+08:00");
  assert_false(front_get(f, "date")->quoted);
  assert_string_equal(front_str(f, "date2"), "2022-03-09 19:23:47 +0800");
  assert_string_equal(front_str(f, "draft"), "false");
  assert_string_equal(front_str(f, "count"), "007");
  assert_int_equal(front_get(f, "a")->kind, FRONT_NULL);
  assert_int_equal(front_get(f, "b")->kind, FRONT_NULL);
  assert_int_equal(front_get(f, "c")->kind, FRONT_NULL);
  assert_null(front_str(f, "c"));
  assert_string_equal(front_str(f, "d"), "");
  assert_string_equal(front_str(f, "e"), "~");
  assert_string_equal(front_str(f, "block"), "line 1\nline 2\n");
  assert_no_diag();
  front_free(f);
}

static void test_lines(void **state) {
  (void)state;
  /* Lines are the input file's: the front matter starts on line 2. */
  front_node *f = parse("---\n"       /* 1 */
                        "title: x\n"  /* 2 */
                        "\n"          /* 3 */
                        "# comment\n" /* 4 */
                        "list:\n"     /* 5 */
                        "  - a\n"     /* 6 */
                        "  - b\n"     /* 7 */
                        "---\nbody\n");
  assert_non_null(f);
  assert_int_equal(f->line, 2);
  assert_int_equal(front_get(f, "title")->line, 2);
  const front_node *l = front_get(f, "list");
  assert_int_equal(l->kind, FRONT_SEQ);
  assert_int_equal(l->n, 2);
  assert_int_equal(l->items[0]->line, 6);
  assert_int_equal(l->items[1]->line, 7);
  front_free(f);
  /* front_parse_text with an offset. */
  f = front_parse_text("x.yaml", "a: 1\nb: 2\n", 10, 40);
  assert_int_equal(front_get(f, "b")->line, 41);
  front_free(f);
}

static void test_speakers(void **state) {
  (void)state;
  /* Shaped like Hugo event pages: a list of maps, comments between. */
  front_node *f = parse("---\n"
                        "title: \"第九届 Meetup\"\n"
                        "# event speaker\n"
                        "speaker:\n"
                        "  # speaker loop\n"
                        "  - name : \"张三\"\n"
                        "    image : \"images/event-speakers/zhang.jpg\"\n"
                        "    designation : \"示例集团高级技术专家\"\n"
                        "\n"
                        "  # speaker loop\n"
                        "  - name : \"李四 \"\n"
                        "    image : \"images/event-speakers/li.jpg\"\n"
                        "    designation : \"酷公司技术专家\"\n"
                        "type: \"event\"\n"
                        "---\n");
  assert_non_null(f);
  const front_node *sp = front_get(f, "speaker");
  assert_non_null(sp);
  assert_int_equal(sp->kind, FRONT_SEQ);
  assert_int_equal(sp->n, 2);
  assert_int_equal(sp->items[0]->kind, FRONT_MAP);
  assert_string_equal(front_str(sp->items[0], "name"), "张三");
  assert_string_equal(front_str(sp->items[0], "designation"),
                      "示例集团高级技术专家");
  assert_string_equal(front_str(sp->items[1], "name"), "李四 ");
  assert_string_equal(front_str(sp->items[1], "image"),
                      "images/event-speakers/li.jpg");
  assert_int_equal(sp->items[1]->line, 11);
  assert_string_equal(front_str(f, "type"), "event");
  assert_no_diag();
  front_free(f);
}

static void test_cjk(void **state) {
  (void)state;
  front_node *f =
      parse("---\n主讲人: 赵化冰 中兴通讯\n标题: 《基于5G的实践》\n"
            "时间: 2019年12月28日（星期六）\n"
            "描述: \"本期 Meetup 邀请社区大咖，带来精彩分享。\"\n---\n");
  assert_non_null(f);
  assert_string_equal(front_str(f, "主讲人"), "赵化冰 中兴通讯");
  assert_string_equal(front_str(f, "标题"), "《基于5G的实践》");
  assert_string_equal(front_str(f, "时间"), "2019年12月28日（星期六）");
  assert_string_equal(front_str(f, "描述"),
                      "本期 Meetup 邀请社区大咖，带来精彩分享。");
  assert_no_diag();
  front_free(f);
}

static void test_dotted(void **state) {
  (void)state;
  front_node *f = parse("---\nimage:\n    path: https://x/y.jpg\n"
                        "    alt: 封面\n"
                        "a.b: literal\n"
                        "a:\n  b: nested\n  c: {d: deep}\n"
                        "x.y:\n  z: dotted-key-then-nested\n---\n");
  assert_non_null(f);
  assert_string_equal(front_str(f, "image.path"), "https://x/y.jpg");
  assert_string_equal(front_str(f, "image.alt"), "封面");
  assert_int_equal(front_get(f, "image")->kind, FRONT_MAP);
  assert_null(front_str(f, "image")); /* a map is not a scalar */
  assert_string_equal(front_str(f, "a.b"), "literal"); /* literal first */
  assert_string_equal(front_str(f, "a.c.d"), "deep");
  assert_string_equal(front_str(f, "x.y.z"), "dotted-key-then-nested");
  assert_null(front_get(f, "image.nope"));
  assert_null(front_get(f, "image.path.more"));
  assert_null(front_get(f, "nope"));
  assert_null(front_get(f, ""));
  assert_null(front_get(f, "."));
  assert_null(front_get(NULL, "a"));
  assert_null(front_get(front_get(f, "image.path"), "x"));
  assert_null(front_scalar(NULL));
  front_free(f);
}

static void test_no_front_matter(void **state) {
  (void)state;
  front_node *f = parse("# Just a page\n\ntext\n");
  assert_non_null(f);
  assert_int_equal(f->kind, FRONT_MAP);
  assert_int_equal(f->n, 0);
  char *d = front_dump(f);
  assert_string_equal(d, "{} @1\n");
  free(d);
  front_free(f);
  /* Empty, comment-only and null blocks are empty maps too. */
  static const char *empties[] = {"---\n---\nb\n", "---\n# c\n---\nb\n",
                                  "---\n~\n---\nb\n"};
  for (size_t i = 0; i < 3; i++) {
    f = parse(empties[i]);
    assert_non_null(f);
    assert_int_equal(f->kind, FRONT_MAP);
    assert_int_equal(f->n, 0);
    front_free(f);
  }
  assert_no_diag();
}

static void test_syntax_error(void **state) {
  (void)state;
  assert_null(parse("---\ntitle: x\ndesc: a: b\n---\nbody\n"));
  assert_diag("ev.md:3:8: error: YAML: mapping values are not allowed");
  diag_capture(1);
  assert_null(parse("---\na: 1\nb: 2\nc: \"open\n---\n"));
  assert_diag("ev.md:5:1: error: YAML:");
  assert_diag("quoted scalar at line 4");
  diag_capture(1);
  assert_null(parse("---\na: 1\n\tb: 2\n---\n"));
  assert_diag("ev.md:3:1: error: YAML:");
  diag_capture(1);
  assert_null(parse("---\na: *undefined\n---\n"));
  assert_diag("ev.md:2:4: error: YAML: alias '*undefined'");
  assert_int_equal(diag_count(DIAG_ERROR), 4);
}

static void test_not_map(void **state) {
  (void)state;
  assert_null(parse("---\n- a\n- b\n---\n"));
  assert_diag("ev.md:2: error: front matter is not a mapping");
  diag_capture(1);
  assert_null(parse("---\n\njust some text\n---\n"));
  assert_diag("ev.md:3: error: front matter is not a mapping");
}

/* TOML front matter (Hugo's +++) through toml++: the same tree as YAML,
 * keys in written order, values as text, lines of the input file. */
static void test_toml(void **state) {
  (void)state;
  front_node *f = parse("+++\n"
                        "title = \"Rust 夜读\"\n"
                        "date = 2024-05-18T14:00:00+08:00\n"
                        "draft = false\n"
                        "seats = 120\n"
                        "fee = 9.5\n"
                        "tags = [\"rust\", \"meetup\"]\n"
                        "[image]\n"
                        "path = \"img/cover.jpg\"\n"
                        "[[speakers]]\n"
                        "name = \"陈一鸣\"\n"
                        "bio = \"\"\"十年\n经验\"\"\"\n"
                        "[[speakers]]\n"
                        "name = \"Alice\"\n"
                        "+++\nbody\n");
  assert_non_null(f);
  assert_int_equal(f->kind, FRONT_MAP);
  assert_int_equal(f->n, 8);
  const char *order[] = {"title", "date", "draft", "seats",
                         "fee",   "tags", "image", "speakers"};
  for (size_t i = 0; i < 8; i++)
    assert_string_equal(f->keys[i], order[i]);
  assert_string_equal(front_str(f, "title"), "Rust 夜读");
  assert_int_equal(front_get(f, "title")->line, 2);
  assert_string_equal(front_str(f, "date"), "2024-05-18T14:00:00+08:00");
  assert_string_equal(front_str(f, "draft"), "false");
  assert_string_equal(front_str(f, "seats"), "120");
  assert_string_equal(front_str(f, "fee"), "9.5");
  assert_int_equal(front_get(f, "tags")->kind, FRONT_SEQ);
  assert_string_equal(front_scalar(front_get(f, "tags")->items[1]), "meetup");
  assert_string_equal(front_str(f, "image.path"), "img/cover.jpg");
  const front_node *sp = front_get(f, "speakers");
  assert_int_equal(sp->kind, FRONT_SEQ);
  assert_int_equal(sp->n, 2);
  assert_string_equal(front_str(sp->items[0], "name"), "陈一鸣");
  assert_string_equal(front_str(sp->items[0], "bio"), "十年\n经验");
  assert_int_equal(front_get(sp->items[1], "name")->line, 15);
  assert_int_equal(diag_count(DIAG_ERROR), 0);
  front_free(f);
}

static void test_toml_errors(void **state) {
  (void)state;
  /* an unclosed string on the file's line 3 */
  assert_null(parse("+++\ntitle = \"x\"\nplace = \"成都\n+++\nbody\n"));
  assert_diag("ev.md:3:");
  assert_diag("error: TOML:");
  /* a key given twice is an error in TOML */
  diag_capture(1);
  assert_null(parse("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\nbody\n"));
  assert_diag("ev.md:3:");
  /* nesting past the limit */
  diag_capture(1);
  setenv("BOOKLET_MAX_DEPTH", "3", 1);
  assert_null(parse("+++\na = [[[[1]]]]\n+++\nbody\n"));
  unsetenv("BOOKLET_MAX_DEPTH");
  assert_diag("ev.md:2:");
  assert_diag("nested deeper than 3 levels");
  /* an empty TOML block is an empty mapping */
  diag_capture(1);
  front_node *f = parse("+++\n+++\nbody\n");
  assert_non_null(f);
  assert_int_equal(f->kind, FRONT_MAP);
  assert_int_equal(f->n, 0);
  front_free(f);
}

static void test_dupkey(void **state) {
  (void)state;
  front_node *f = parse("---\ntitle: one\ndescription: first\n"
                        "description: second\n---\n");
  assert_non_null(f);
  assert_diag("ev.md:4:1: warning: duplicate key 'description'");
  assert_string_equal(front_str(f, "description"), "second");
  assert_int_equal(f->n, 2);
  assert_int_equal(diag_count(DIAG_WARNING), 1);
  assert_int_equal(diag_count(DIAG_ERROR), 0);
  front_free(f);
}

static void test_complex_key(void **state) {
  (void)state;
  front_node *f = parse("---\na: 1\n[x, y]: 2\n? {k: v}\n: 3\nb: 4\n---\n");
  assert_non_null(f);
  assert_diag("ev.md:3:1: warning:");
  assert_diag("ev.md:4:3: warning:");
  assert_int_equal(f->n, 2);
  assert_string_equal(front_str(f, "b"), "4");
  front_free(f);
}

static void test_aliases(void **state) {
  (void)state;
  front_node *f = parse("---\n"
                        "who: &z {name: 张三, org: 示例}\n"
                        "host: *z\n"
                        "base: &b {x: 1, y: 2}\n"
                        "c:\n  <<: *b\n  y: 3\n"
                        "d: {<<: [{p: 1}, {p: 2, q: 2}]}\n"
                        "s: &s plain\n"
                        "t: *s\n"
                        "---\n");
  assert_non_null(f);
  const front_node *who = front_get(f, "who"), *host = front_get(f, "host");
  assert_ptr_not_equal(who, host); /* a deep copy, owned once */
  assert_string_equal(front_str(f, "host.name"), "张三");
  assert_string_equal(front_str(f, "c.x"), "1");
  assert_string_equal(front_str(f, "c.y"), "3"); /* explicit key wins */
  assert_string_equal(front_str(f, "d.p"), "1"); /* earlier merge wins */
  assert_string_equal(front_str(f, "d.q"), "2");
  assert_null(front_get(f, "c.<<"));
  assert_string_equal(front_str(f, "t"), "plain");
  assert_no_diag();
  front_free(f);
  /* An anchored value replaced by a duplicate key can still be aliased. */
  f = parse("---\na: &x {k: v}\na: 1\nb: *x\n---\n");
  assert_non_null(f);
  assert_string_equal(front_str(f, "b.k"), "v");
  front_free(f);
}

/* Nine levels of ten aliases each: 10^9 nodes if expanded. */
static void test_billion_laughs(void **state) {
  (void)state;
  strbuf b = {0};
  sb_add(&b,
         "---\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
  for (int i = 1; i <= 9; i++) {
    sb_addf(&b, "l%d: &l%d [", i, i);
    for (int j = 0; j < 10; j++)
      sb_addf(&b, "%s*l%d", j ? ", " : "", i - 1);
    sb_add(&b, "]\n");
  }
  sb_add(&b, "---\nbody\n");
  clock_t t0 = clock();
  assert_null(parse(b.s));
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_diag("ev.md:");
  assert_diag("error: YAML aliases expand to more than 100000 nodes");
  assert_true(secs < 2.0);
  sb_free(&b);
  /* The same through merge keys. */
  diag_capture(1);
  sb_add(&b, "---\nm0: &m0 {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n");
  for (int i = 1; i <= 9; i++) {
    sb_addf(&b, "m%d: &m%d [", i, i);
    for (int j = 0; j < 10; j++)
      sb_addf(&b, "%s{<<: *m%d, k%d: 1}", j ? ", " : "", i - 1, j);
    sb_add(&b, "]\n");
  }
  sb_add(&b, "---\n");
  /* Merged keys collapse (each key once), so this stays small: parsed
   * quickly and correctly, no error. */
  t0 = clock();
  front_node *f = parse(b.s);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_non_null(f);
  assert_true(secs < 2.0);
  assert_int_equal(front_get(f, "m0.a")->n, 10);
  assert_int_equal(front_get(f, "m9")->n, 10);
  assert_string_equal(
      front_scalar(front_get(front_get(f, "m9")->items[3], "k3")), "1");
  assert_no_diag();
  front_free(f);
  sb_free(&b);
}

static void test_depth(void **state) {
  (void)state;
  strbuf b = {0};
  /* Flow nesting far past the limit. */
  sb_add(&b, "---\na: ");
  for (int i = 0; i < 5000; i++)
    sb_addc(&b, '[');
  sb_add(&b, "\n---\n");
  assert_null(parse(b.s));
  assert_diag("ev.md:2:");
  assert_diag("error: YAML nested deeper than 64 levels");
  sb_free(&b);

  /* Block nesting: n keys each opening the next map make n maps in all
   * (the top one included): 64 are fine, 65 are not. */
  for (int levels = 64; levels <= 65; levels++) {
    diag_capture(1);
    sb_add(&b, "---\n");
    for (int i = 0; i < levels; i++)
      sb_addf(&b, "%*sk:\n", i, "");
    sb_addf(&b, "%*sv\n---\n", levels, "");
    front_node *f = parse(b.s);
    if (levels == 64) {
      assert_non_null(f);
      assert_no_diag();
    } else {
      assert_null(f);
      assert_diag("error: YAML nested deeper than 64 levels");
    }
    front_free(f);
    sb_free(&b);
  }

  /* An alias of a deep node placed deep also counts. */
  diag_capture(1);
  sb_add(&b, "---\na: &d ");
  for (int i = 0; i < 40; i++)
    sb_addc(&b, '[');
  for (int i = 0; i < 40; i++)
    sb_addc(&b, ']');
  sb_add(&b, "\nb: ");
  for (int i = 0; i < 40; i++)
    sb_addc(&b, '[');
  sb_add(&b, "*d");
  for (int i = 0; i < 40; i++)
    sb_addc(&b, ']');
  sb_add(&b, "\n---\n");
  assert_null(parse(b.s));
  assert_diag("error: YAML nested deeper than 64 levels");
  sb_free(&b);
}

static void test_multi_docs(void **state) {
  (void)state;
  const char *y = "a: 1\n---\nb: 2\n---\n[broken\n";
  front_node *f = front_parse_text("multi.yaml", y, strlen(y), 1);
  assert_non_null(f);
  assert_int_equal(f->n, 1);
  assert_string_equal(front_str(f, "a"), "1");
  assert_null(front_get(f, "b"));
  assert_no_diag();
  front_free(f);
  /* An empty text is an empty map. */
  f = front_parse_text("e.yaml", "", 0, 1);
  assert_non_null(f);
  assert_int_equal(f->n, 0);
  front_free(f);
}

static void test_dump(void **state) {
  (void)state;
  front_node *f = parse("---\n"
                        "title: \"Meetup \\\"9\\\"\"\n"
                        "date: 2019-12-24T13:00:00+08:00\n"
                        "none: ~\n"
                        "tags: [meetup, 云原生]\n"
                        "speaker:\n"
                        "  - name: 张三\n"
                        "    image: {path: a.jpg}\n"
                        "note: |\n  two\n  lines\n"
                        "---\n");
  assert_non_null(f);
  char *d = front_dump(f);
  assert_string_equal(d, "{} @2\n"
                         "  title: \"Meetup \\\"9\\\"\" @2\n"
                         "  date: 2019-12-24T13:00:00+08:00 @3\n"
                         "  none: ~ @4\n"
                         "  tags: [] @5\n"
                         "    - meetup @5\n"
                         "    - 云原生 @5\n"
                         "  speaker: [] @7\n"
                         "    - {} @7\n"
                         "      name: 张三 @7\n"
                         "      image: {} @8\n"
                         "        path: a.jpg @8\n"
                         "  note: two\\nlines\\n @9\n");
  free(d);
  front_free(f);
  d = front_dump(NULL);
  assert_string_equal(d, "");
  free(d);
}

/* Path of a fixture, or NULL (test skipped) when not run from the root. */
static const char *fixture(const char *name) {
  static char path[256];
  snprintf(path, sizeof path, "tests/unit/fixtures/%s", name);
  if (access(path, R_OK) != 0) {
    print_message("fixture %s not found (run from the repository root)\n",
                  path);
    return NULL;
  }
  return path;
}

static void test_parse_file(void **state) {
  (void)state;
  const char *path = fixture("layout.yaml");
  if (!path)
    skip();
  front_node *f = front_parse_file(path);
  assert_non_null(f);
  assert_string_equal(front_str(f, "page.size"), "A5");
  assert_string_equal(front_str(f, "page.margin.inner"), "20mm");
  assert_int_equal(front_get(f, "fonts.body")->line, 7);
  assert_no_diag();
  front_free(f);

  path = fixture("bad-layout.yaml");
  assert_null(front_parse_file(path));
  assert_diag("tests/unit/fixtures/bad-layout.yaml:4:1: error: YAML:");

  diag_capture(1);
  assert_null(front_parse_file("/nonexistent/layout.yaml"));
  assert_diag("/nonexistent/layout.yaml: error: cannot open");
}

static void test_fixture_event(void **state) {
  (void)state;
  const char *path = fixture("event.md");
  if (!path)
    skip();
  source *s = source_load(path);
  assert_non_null(s);
  front_node *f = front_parse(s);
  assert_non_null(f);
  assert_string_equal(front_str(f, "image.path"), "images/cover.jpg");
  assert_string_equal(front_str(f, "fee"), "免费");
  const front_node *sp = front_get(f, "speaker");
  assert_int_equal(sp->n, 2);
  assert_string_equal(front_str(sp->items[1], "designation"),
                      "Example Corp, SRE");
  assert_int_equal(front_get(f, "tags")->n, 2);
  assert_no_diag();
  front_free(f);
  source_free(s);
}

/* Random YAML-ish text straight into the parser: never crash or leak. */
static void test_fuzz(void **state) {
  (void)state;
  static const char *atoms[] = {
      "a",  ": ",    "- ",          "\n", "  ",    "[",     "]",      "{",
      "}",  ", ",    "&x ",         "*x", "<<: ",  "\"q\"", "'s'",    "|\n",
      "? ", "~",     "中文",        "#c", "---\n", "\t",    "!!str ", "&y ",
      "*y", "...\n", "%YAML 1.1\n", "\\", ">\n"};
  const size_t n_atoms = sizeof atoms / sizeof *atoms;
  unsigned r = 987654321u;
  diag_set_verbosity(0);
  for (int iter = 0; iter < 20000; iter++) {
    strbuf b = {0};
    int len = (int)((r = r * 1103515245u + 12345u) >> 16) % 40;
    for (int i = 0; i < len; i++) {
      r = r * 1103515245u + 12345u;
      sb_add(&b, atoms[(r >> 16) % n_atoms]);
    }
    diag_capture(1);
    front_free(front_parse_text("fuzz.yaml", b.s ? b.s : "", b.len, 1));
    sb_free(&b);
  }
  diag_set_verbosity(1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_speakers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cjk, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dotted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_front_matter, setup, teardown),
      cmocka_unit_test_setup_teardown(test_syntax_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_map, setup, teardown),
      cmocka_unit_test_setup_teardown(test_toml, setup, teardown),
      cmocka_unit_test_setup_teardown(test_toml_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dupkey, setup, teardown),
      cmocka_unit_test_setup_teardown(test_complex_key, setup, teardown),
      cmocka_unit_test_setup_teardown(test_aliases, setup, teardown),
      cmocka_unit_test_setup_teardown(test_billion_laughs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
      cmocka_unit_test_setup_teardown(test_multi_docs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
      cmocka_unit_test_setup_teardown(test_parse_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixture_event, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
  };
  return cmocka_run_group_tests_name("front", tests, NULL, NULL);
}
