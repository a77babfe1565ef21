/* test_body.c — unit tests of the body stage (src/body.c): the copy of
 * cmark-gfm's tree into md_node (types, attributes, line numbers), tables,
 * plain text, dumps, flattening of deep nesting and thread safety.  It does
 * not test extraction or layout, and reads no seed files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "body.h"
#include "diag.h"
#include "util.h"

/* ---- helpers -------------------------------------------------------- */

static md_node *parse(const char *md) {
  return body_parse_text("t.md", md, strlen(md), 1);
}

/* The n-th node (0-based, pre-order) of type t under root, or NULL. */
static const md_node *find_nth(const md_node *root, md_type t, int nth) {
  const md_node *n = root;
  while (n) {
    if (n->type == t && nth-- == 0)
      return n;
    if (n->first) {
      n = n->first;
      continue;
    }
    while (n != root && !n->next)
      n = n->parent;
    if (n == root)
      return NULL;
    n = n->next;
  }
  return NULL;
}

static const md_node *find(const md_node *root, md_type t) {
  return find_nth(root, t, 0);
}

static int count_type(const md_node *root, md_type t) {
  int k = 0;
  while (find_nth(root, t, k))
    k++;
  return k;
}

static int n_children(const md_node *n) {
  int k = 0;
  for (const md_node *c = n->first; c; c = c->next)
    k++;
  return k;
}

/* Deepest chain of nodes of types in mask-like predicate, and of any type. */
static int max_depth(const md_node *root, int blocks_only) {
  int best = 0, d = 0;
  const md_node *n = root;
  for (;;) {
    int counts = !blocks_only || n->type == MD_BLOCKQUOTE ||
                 n->type == MD_LIST || n->type == MD_ITEM;
    d += counts;
    if (d > best)
      best = d;
    if (n->first) {
      n = n->first;
      continue;
    }
    for (;;) {
      d -= !blocks_only || n->type == MD_BLOCKQUOTE || n->type == MD_LIST ||
           n->type == MD_ITEM;
      if (n == root)
        return best;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
    }
  }
}

/* Checks parent/sibling links of every node: the tree is well formed. */
static void check_links(const md_node *root) {
  const md_node *n = root;
  for (;;) {
    const md_node *prev = NULL;
    for (const md_node *c = n->first; c; c = c->next) {
      assert_ptr_equal(c->parent, n);
      assert_ptr_equal(c->prev, prev);
      prev = c;
    }
    assert_ptr_equal(n->last, prev);
    if (n->first) {
      n = n->first;
      continue;
    }
    while (n != root && !n->next)
      n = n->parent;
    if (n == root)
      return;
    n = n->next;
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

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

/* ---- blocks --------------------------------------------------------- */

static void test_empty(void **state) {
  (void)state;
  md_node *d = body_parse_text("t.md", "", 0, 7);
  assert_int_equal(d->type, MD_DOCUMENT);
  assert_null(d->first);
  assert_null(d->parent);
  char *s = md_plain_text(d);
  assert_string_equal(s, "");
  free(s);
  s = md_dump(d);
  assert_string_equal(s, "document @7\n");
  free(s);
  body_free(d);

  d = body_parse_text(NULL, NULL, 0, 0);
  assert_non_null(d);
  assert_null(d->first);
  body_free(d);

  d = parse("\n\n   \n");
  assert_null(d->first);
  body_free(d);

  body_free(NULL);
  s = md_plain_text(NULL);
  assert_string_equal(s, "");
  free(s);
  assert_string_equal(diag_captured(), "");
}

static void test_headings_lines(void **state) {
  (void)state;
  const char *md =
      "# One\n\ntext\n\n### Three\n\nSetext\n======\n\n###### Six ##\n";
  md_node *d = body_parse_text("t.md", md, strlen(md), 10);
  const md_node *h = find_nth(d, MD_HEADING, 0);
  assert_int_equal(h->level, 1);
  assert_int_equal(h->line, 10);
  assert_string_equal(h->first->text, "One");
  assert_int_equal(h->first->line, 10);
  h = find_nth(d, MD_HEADING, 1);
  assert_int_equal(h->level, 3);
  assert_int_equal(h->line, 14);
  h = find_nth(d, MD_HEADING, 2);
  assert_int_equal(h->level, 1);
  assert_int_equal(h->line, 16);
  assert_string_equal(h->first->text, "Setext");
  h = find_nth(d, MD_HEADING, 3);
  assert_int_equal(h->level, 6);
  assert_int_equal(h->line, 19);
  assert_string_equal(h->first->text, "Six");
  assert_int_equal(find(d, MD_PARAGRAPH)->line, 12);
  check_links(d);
  body_free(d);
}

static void test_source_struct(void **state) {
  (void)state;
  char text[] = "---\ntitle: x\n---\n\n## Hi\n";
  source src = {0};
  src.path = "ev.md";
  src.text = text;
  src.len = strlen(text);
  src.body = text + 17;
  src.body_len = strlen(text + 17);
  src.body_line = 4;
  md_node *d = body_parse(&src);
  const md_node *h = find(d, MD_HEADING);
  assert_non_null(h);
  assert_int_equal(h->level, 2);
  assert_int_equal(h->line, 5);
  body_free(d);

  src.body = NULL;
  src.body_len = 0;
  d = body_parse(&src);
  assert_null(d->first);
  body_free(d);
}

static void test_lists(void **state) {
  (void)state;
  const char *md = "- a\n- b\n  1. x\n  2. y\n\n"
                   "paragraph\n\n"
                   "3) three\n\n4) four\n";
  md_node *d = parse(md);
  const md_node *l = find_nth(d, MD_LIST, 0);
  assert_int_equal(l->ordered, 0);
  assert_int_equal(l->tight, 1);
  assert_int_equal(l->line, 1);
  assert_int_equal(n_children(l), 2);
  assert_int_equal(l->first->type, MD_ITEM);
  assert_int_equal(l->last->line, 2);
  const md_node *inner = find_nth(d, MD_LIST, 1);
  assert_int_equal(inner->ordered, 1);
  assert_int_equal(inner->start, 1);
  assert_ptr_equal(inner->parent, l->last);
  assert_int_equal(inner->line, 3);
  assert_string_equal(inner->last->first->first->text, "y");
  const md_node *l3 = find_nth(d, MD_LIST, 2);
  assert_int_equal(l3->ordered, 1);
  assert_int_equal(l3->start, 3);
  assert_int_equal(l3->tight, 0);
  assert_int_equal(l3->line, 8);
  assert_int_equal(l3->last->line, 10);
  check_links(d);
  body_free(d);
}

static void test_blockquote_code(void **state) {
  (void)state;
  const char *md = "> quoted *text*\n> more\n\n```c title\nint x;\n```\n\n"
                   "    indented\n\n---\n";
  md_node *d = parse(md);
  const md_node *q = find(d, MD_BLOCKQUOTE);
  assert_int_equal(q->line, 1);
  assert_int_equal(q->first->type, MD_PARAGRAPH);
  char *s = md_plain_text(q);
  assert_string_equal(s, "quoted text more");
  free(s);
  const md_node *c = find_nth(d, MD_CODE_BLOCK, 0);
  assert_string_equal(c->info, "c title");
  assert_string_equal(c->text, "int x;\n");
  assert_int_equal(c->line, 4);
  c = find_nth(d, MD_CODE_BLOCK, 1);
  assert_string_equal(c->info, "");
  assert_string_equal(c->text, "indented\n");
  assert_int_equal(c->line, 8);
  assert_int_equal(find(d, MD_THEMATIC_BREAK)->line, 10);
  s = md_plain_text(d);
  assert_string_equal(s, "quoted text more\nint x;\nindented");
  free(s);
  body_free(d);
}

/* ---- inlines -------------------------------------------------------- */

static void test_inlines(void **state) {
  (void)state;
  const char *md = "*em* **strong** ~~gone~~ `co de` [link](http://a.b \"T\") "
                   "![alt *x*](img.png) see https://example.org/p?q=1 now\n";
  md_node *d = parse(md);
  const md_node *p = find(d, MD_PARAGRAPH);
  assert_string_equal(find(p, MD_EMPH)->first->text, "em");
  assert_string_equal(find(p, MD_STRONG)->first->text, "strong");
  assert_string_equal(find(p, MD_STRIKE)->first->text, "gone");
  assert_string_equal(find(p, MD_CODE)->text, "co de");
  const md_node *l = find_nth(p, MD_LINK, 0);
  assert_string_equal(l->url, "http://a.b");
  assert_string_equal(l->title, "T");
  assert_string_equal(l->first->text, "link");
  const md_node *img = find(p, MD_IMAGE);
  assert_string_equal(img->url, "img.png");
  assert_string_equal(img->title, "");
  assert_non_null(find(img, MD_EMPH));
  const md_node *auto_l = find_nth(p, MD_LINK, 1);
  assert_non_null(auto_l);
  assert_string_equal(auto_l->url, "https://example.org/p?q=1");
  assert_string_equal(auto_l->first->text, "https://example.org/p?q=1");
  assert_int_equal(auto_l->line, 1);
  /* no empty text nodes are kept */
  for (int i = 0; find_nth(d, MD_TEXT, i); i++)
    assert_true(find_nth(d, MD_TEXT, i)->text[0] != 0);
  char *s = md_plain_text(p);
  assert_string_equal(s, "em strong gone co de link alt x see "
                         "https://example.org/p?q=1 now");
  free(s);
  check_links(d);
  body_free(d);
}

static void test_html(void **state) {
  (void)state;
  const char *md =
      "a<br>b<span>c</span>d<BR />e\n\n<div>\nblock <b>x</b><br/>y\n</div>\n";
  md_node *d = parse(md);
  assert_int_equal(count_type(d, MD_HTML_INLINE), 4);
  assert_string_equal(find_nth(d, MD_HTML_INLINE, 0)->text, "<br>");
  assert_string_equal(find_nth(d, MD_HTML_INLINE, 1)->text, "<span>");
  assert_string_equal(find_nth(d, MD_HTML_INLINE, 3)->text, "<BR />");
  const md_node *hb = find(d, MD_HTML_BLOCK);
  assert_string_equal(hb->text, "<div>\nblock <b>x</b><br/>y\n</div>\n");
  assert_int_equal(hb->line, 3);
  char *s = md_plain_text(d->first);
  assert_string_equal(s, "a\nbcd\ne");
  free(s);
  s = md_plain_text(hb);
  assert_string_equal(s, "\nblock x\ny");
  free(s);
  body_free(d);
}

static void test_plain_breaks(void **state) {
  (void)state;
  const char *md = "line one\nline two<br/>\nline three  \nline four\\\nfive\n";
  md_node *d = parse(md);
  assert_int_equal(count_type(d, MD_SOFTBREAK), 2);
  assert_int_equal(count_type(d, MD_LINEBREAK), 2);
  assert_int_equal(find_nth(d, MD_TEXT, 1)->line, 2);
  assert_int_equal(find_nth(d, MD_LINEBREAK, 1)->line, 4);
  char *s = md_plain_text(d);
  assert_string_equal(s, "line one line two\nline three\nline four\nfive");
  free(s);
  body_free(d);
}

static void test_cjk_strong(void **state) {
  (void)state;
  const char *md = "- **时间：**2020/5/6（周三） 19:00\n"
                   "- **嘉宾简介**：正常\n"
                   "- a **[链接](u)：**说明 and 2 ** 3 ** 4 **x\n";
  md_node *d = parse(md);
  const md_node *it = find(d, MD_LIST)->first;
  const md_node *p = it->first;
  assert_int_equal(p->first->type, MD_STRONG);
  assert_string_equal(p->first->first->text, "时间：");
  assert_string_equal(p->first->next->text, "2020/5/6（周三） 19:00");
  p = it->next->first;
  assert_int_equal(p->first->type, MD_STRONG);
  assert_string_equal(p->first->first->text, "嘉宾简介");
  p = it->next->next->first;
  const md_node *st = find(p, MD_STRONG);
  assert_non_null(st);
  assert_int_equal(st->first->type, MD_LINK);
  assert_string_equal(st->last->text, "：");
  char *s = md_plain_text(p);
  assert_string_equal(s, "a 链接：说明 and 2 ** 3 ** 4 **x");
  free(s);
  assert_int_equal(count_type(d, MD_STRONG), 3);
  check_links(d);
  body_free(d);
}

/* ---- tables --------------------------------------------------------- */

static void test_table(void **state) {
  (void)state;
  const char *md =
      "intro\n\n"
      "| 时间 | 分享主题 | 嘉宾 | x |\n"
      "|:-----|:--------:|-----:|---|\n"
      "| 5 月 6 日 | 陌陌的 **Service Mesh** | 高飞航<br>架构师 | |\n"
      "| only |\n";
  md_node *d = parse(md);
  const md_node *t = find(d, MD_TABLE);
  assert_non_null(t);
  assert_int_equal(t->n_cols, 4);
  assert_int_equal(t->line, 3);
  assert_int_equal(n_children(t), 3);
  const md_node *h = t->first;
  assert_int_equal(h->type, MD_TABLE_ROW);
  assert_int_equal(h->header, 1);
  assert_int_equal(h->line, 3);
  assert_int_equal(h->next->header, 0);
  assert_int_equal(h->next->line, 5);
  const char aligns[] = {'l', 'c', 'r', 0};
  for (const md_node *r = t->first; r; r = r->next) {
    assert_int_equal(n_children(r), 4);
    int i = 0;
    for (const md_node *c = r->first; c; c = c->next, i++) {
      assert_int_equal(c->type, MD_TABLE_CELL);
      assert_int_equal(c->align, aligns[i]);
      assert_int_equal(c->line, r->line);
    }
  }
  assert_string_equal(h->first->first->text, "时间");
  const md_node *r1 = h->next;
  assert_string_equal(r1->first->first->text, "5 月 6 日");
  assert_non_null(find(r1->first->next, MD_STRONG));
  const md_node *br = find(r1, MD_HTML_INLINE);
  assert_string_equal(br->text, "<br>");
  char *s = md_plain_text(r1->first->next->next);
  assert_string_equal(s, "高飞航\n架构师");
  free(s);
  assert_null(r1->last->first); /* empty cell */
  const md_node *r2 = r1->next;
  assert_string_equal(r2->first->first->text, "only");
  assert_null(r2->last->first); /* padded by cmark */
  assert_int_equal(r2->last->line, 6);
  check_links(d);
  body_free(d);
}

static void test_table_extra_cells(void **state) {
  (void)state;
  const char *md =
      "> | a | b |\r\n> |---|---|\r\n> | 1 | 二 | 三 \\| x | 四 |\r\n"
      "> | 5 | 6 |\r\n";
  md_node *d = parse(md);
  const md_node *t = find(d, MD_TABLE);
  assert_non_null(t);
  const md_node *r = t->first->next;
  assert_int_equal(r->line, 3);
  assert_int_equal(n_children(r), 2);
  char *s = md_plain_text(r->last);
  assert_string_equal(s, "二 | 三 \\| x | 四");
  free(s);
  s = md_plain_text(r->next->last);
  assert_string_equal(s, "6");
  free(s);
  body_free(d);
}

/* A paragraph of more than 32 KB (Pango cannot break one of some
 * hundreds of KB) is split into paragraphs of at most 32 KB, at sentence
 * ends, keeping every byte of text and the inline markup; a warning. */
static void test_long_paragraph(void **state) {
  (void)state;
  strbuf b = {0};
  for (int i = 0; i < 8000; i++) /* 8000 x 14 bytes, one line each */
    sb_addf(&b, "%s第%04d句。\n", i % 100 == 7 ? "**粗体**" : "", i);
  sb_add(&b, "\n后一段。\n");
  md_node *d = parse(b.s);
  assert_non_null(strstr(diag_captured(),
                         "t.md:1: warning: very long paragraph: split"));
  int paras = 0, strong = 0;
  for (const md_node *p = d->first; p; p = p->next) {
    assert_int_equal(p->type, MD_PARAGRAPH);
    char *t = md_plain_text(p);
    size_t len = strlen(t);
    assert_true(len <= 32 * 1024);
    if (p->next) { /* cut after a sentence end, not inside a character */
      assert_true(len >= 3);
      assert_string_equal(t + len - 3, "。");
    }
    free(t);
    for (const md_node *c = p->first; c; c = c->next)
      strong += c->type == MD_STRONG;
    paras++;
  }
  assert_true(paras >= 5); /* about 110 KB: four parts, and the last one */
  assert_int_equal(strong, 80);
  const md_node *last = d->last;
  char *t = md_plain_text(last);
  assert_string_equal(t, "后一段。");
  free(t);
  body_free(d);
  sb_free(&b);
}

static void test_wide_table(void **state) {
  (void)state;
  strbuf b = {0};
  for (int row = 0; row < 4; row++) {
    sb_addc(&b, '|');
    for (int c = 0; c < 500; c++)
      sb_addf(&b, row == 1 ? "---|" : " c%d |", c);
    sb_addc(&b, '\n');
  }
  double t0 = now();
  md_node *d = body_parse_text("t.md", b.s, b.len, 1);
  assert_true(now() - t0 < 10.0);
  const md_node *t = find(d, MD_TABLE);
  assert_non_null(t);
  /* 64 columns kept; the cells of columns 64..500 are joined into the
   * 64th, so no text is lost (and a warning says so). */
  assert_int_equal(t->n_cols, 64);
  assert_int_equal(n_children(t), 3);
  for (const md_node *r = t->first; r; r = r->next)
    assert_int_equal(n_children(r), 64);
  char *last = md_plain_text(t->last->last);
  assert_non_null(strstr(last, "c63 | c64 | c65"));
  assert_non_null(strstr(last, "| c498 | c499"));
  free(last);
  body_free(d);
  sb_free(&b);
}

/* ---- nesting -------------------------------------------------------- */

static void test_deep_quote(void **state) {
  (void)state;
  strbuf b = {0};
  sb_add(&b, "first\n\n");
  for (int i = 0; i < 5000; i++)
    sb_addc(&b, '>');
  sb_add(&b, " deep text\n");
  double t0 = now();
  md_node *d = body_parse_text("t.md", b.s, b.len, 5);
  assert_true(now() - t0 < 10.0);
  assert_int_equal(max_depth(d, 1), 64);
  assert_true(max_depth(d, 0) < 80);
  char *s = md_plain_text(d);
  assert_string_equal(s, "first\ndeep text");
  free(s);
  assert_non_null(
      strstr(diag_captured(), "t.md:7: warning: blocks nested deeper than 64"));
  assert_int_equal(diag_count(DIAG_WARNING), 1);
  s = md_dump(d);
  assert_non_null(strstr(s, "text @7 \"deep text\""));
  free(s);
  check_links(d);
  body_free(d);
  sb_free(&b);
}

static void test_deep_list(void **state) {
  (void)state;
  strbuf b = {0};
  for (int i = 0; i < 5000; i++)
    sb_add(&b, i % 2 ? "1. " : "- ");
  sb_add(&b, "x\n");
  for (int i = 0; i < 3000; i++) /* deep nesting over many lines too */
    sb_add(&b, "> - ");
  sb_add(&b, "y\n");
  double t0 = now();
  md_node *d = body_parse_text("t.md", b.s, b.len, 1);
  assert_true(now() - t0 < 10.0);
  assert_true(max_depth(d, 1) <= 64);
  assert_true(max_depth(d, 0) < 80);
  /* lists hold only items */
  for (int i = 0; find_nth(d, MD_LIST, i); i++)
    for (const md_node *c = find_nth(d, MD_LIST, i)->first; c; c = c->next)
      assert_int_equal(c->type, MD_ITEM);
  char *s = md_plain_text(d);
  assert_string_equal(s, "x\ny");
  free(s);
  assert_int_equal(diag_count(DIAG_WARNING), 1);
  assert_non_null(strstr(diag_captured(), "t.md:1: warning:"));
  check_links(d);
  body_free(d);
  sb_free(&b);
}

static void test_deep_inline(void **state) {
  (void)state;
  strbuf b = {0};
  for (int i = 0; i < 3000; i++)
    sb_add(&b, "![");
  sb_add(&b, "alt");
  for (int i = 0; i < 3000; i++)
    sb_add(&b, "](u)");
  sb_add(&b, "\n\n");
  for (int i = 0; i < 4000; i++)
    sb_addc(&b, '*');
  sb_add(&b, "e");
  for (int i = 0; i < 4000; i++)
    sb_addc(&b, '*');
  sb_addc(&b, '\n');
  md_node *d = body_parse_text("t.md", b.s, b.len, 1);
  assert_true(max_depth(d, 0) <= 64 + 3);
  char *s = md_plain_text(d);
  assert_string_equal(s, "alt\ne");
  free(s);
  s = md_dump(d);
  free(s);
  body_free(d);
  sb_free(&b);
}

/* ---- dump, names, odd input ----------------------------------------- */

static void test_dump(void **state) {
  (void)state;
  const char *md = "## T\n\n1. a \"q\"\\\\\n\n| h |\n|--:|\n| `c` |\n\n"
                   "```sh\necho\t1\n```\n";
  md_node *d = body_parse_text("t.md", md, strlen(md), 3);
  char *s = md_dump(d);
  assert_string_equal(s, "document @3\n"
                         "  heading @3 level=2\n"
                         "    text @3 \"T\"\n"
                         "  list @5 ordered start=1 tight\n"
                         "    item @5\n"
                         "      paragraph @5\n"
                         "        text @5 \"a \\\"q\\\"\\\\\"\n"
                         "  table @7 cols=1\n"
                         "    table_row @7 header\n"
                         "      table_cell @7 align=r\n"
                         "        text @7 \"h\"\n"
                         "    table_row @9\n"
                         "      table_cell @9 align=r\n"
                         "        code @9 \"c\"\n"
                         "  code_block @11 info=\"sh\" \"echo\\t1\\n\"\n");
  free(s);
  s = md_dump(find(d, MD_TABLE)->last);
  assert_string_equal(
      s, "table_row @9\n  table_cell @9 align=r\n    code @9 \"c\"\n");
  free(s);
  body_free(d);

  d = parse("[x](/u 't') ![i](p)\n");
  s = md_dump(d);
  assert_string_equal(s, "document @1\n"
                         "  paragraph @1\n"
                         "    link @1 url=\"/u\" title=\"t\"\n"
                         "      text @1 \"x\"\n"
                         "    text @1 \" \"\n"
                         "    image @1 url=\"p\"\n"
                         "      text @1 \"i\"\n");
  free(s);
  body_free(d);
}

static void test_type_names(void **state) {
  (void)state;
  assert_string_equal(md_type_name(MD_DOCUMENT), "document");
  assert_string_equal(md_type_name(MD_TABLE_CELL), "table_cell");
  assert_string_equal(md_type_name(MD_STRIKE), "strike");
  assert_string_equal(md_type_name(MD_IMAGE), "image");
  for (int t = MD_DOCUMENT; t <= MD_IMAGE; t++)
    assert_string_not_equal(md_type_name((md_type)t), "unknown");
  assert_string_equal(md_type_name((md_type)999), "unknown");
}

static void test_odd_input(void **state) {
  (void)state;
  /* NUL and invalid UTF-8 bytes: cmark replaces them; nothing crashes. */
  const char md[] =
      "a\0b \xff\xfe c\n\n[^1] and [^1]\n\n[^1]: foot\n\n<!-- c -->\n";
  md_node *d = body_parse_text("t.md", md, sizeof md - 1, 1);
  char *s = md_plain_text(d);
  assert_non_null(strstr(s, "a\xef\xbf\xbd"
                            "b"));
  assert_non_null(strstr(s, " c"));
  free(s);
  /* CRLF line ends count as one line each */
  body_free(d);
  d = parse("a\r\n\r\n# b\r\n\rc\n");
  assert_int_equal(find(d, MD_HEADING)->line, 3);
  assert_int_equal(find_nth(d, MD_PARAGRAPH, 1)->line, 5);
  body_free(d);
}

/* ---- threads -------------------------------------------------------- */

/* cmark-gfm switches the extensions' special characters on and off in a
 * global table around each inline pass: unserialised parses lose
 * strikethroughs and autolinks now and then. */
static void *parse_many(void *arg) {
  const char *md = arg;
  long bad = 0;
  for (int i = 0; i < 40; i++) {
    md_node *d = parse(md);
    bad += count_type(d, MD_STRIKE) != 300 || count_type(d, MD_LINK) != 600 ||
           count_type(d, MD_TABLE_CELL) != 4;
    body_free(d);
  }
  return (void *)bad;
}

static void test_threads(void **state) {
  (void)state;
  strbuf b = {0};
  for (int i = 0; i < 300; i++)
    sb_add(&b, "~~s~~ see https://x.org and www.y.org\n\n");
  sb_add(&b, "| a | b |\n|---|---|\n| 1 | 2 |\n");
  pthread_t th[4];
  for (int i = 0; i < 4; i++)
    assert_int_equal(pthread_create(&th[i], NULL, parse_many, b.s), 0);
  long bad = 0;
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(th[i], &r);
    bad += (long)r;
  }
  assert_int_equal(bad, 0);
  sb_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
      cmocka_unit_test_setup_teardown(test_headings_lines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_source_struct, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
      cmocka_unit_test_setup_teardown(test_blockquote_code, setup, teardown),
      cmocka_unit_test_setup_teardown(test_inlines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_html, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plain_breaks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cjk_strong, setup, teardown),
      cmocka_unit_test_setup_teardown(test_table, setup, teardown),
      cmocka_unit_test_setup_teardown(test_table_extra_cells, setup, teardown),
      cmocka_unit_test_setup_teardown(test_wide_table, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_paragraph, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deep_quote, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deep_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deep_inline, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
      cmocka_unit_test_setup_teardown(test_type_names, setup, teardown),
      cmocka_unit_test_setup_teardown(test_odd_input, setup, teardown),
      cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
  };
  return cmocka_run_group_tests_name("body", tests, NULL, NULL);
}
