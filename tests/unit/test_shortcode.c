/* test_shortcode.c — unit tests of src/shortcode.c: Hugo shortcodes and
 * Liquid tags turned into Markdown before parsing, line counts kept,
 * code left alone, unknown tags warned about once with their words kept.
 * The last test goes through body_parse_text to check line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "diag.h"
#include "shortcode.h"
#include "util.h"

static int lines_of(const char *s, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++)
    k += s[i] == '\n';
  return k;
}

/* Expand md; assert the line count stayed; return the text (caller frees). */
static char *expand(const char *md) {
  size_t n = 0;
  char *out = shortcode_expand("t.md", md, strlen(md), 1, &n);
  assert_non_null(out);
  assert_int_equal(strlen(out), n);
  assert_int_equal(lines_of(out, n), lines_of(md, strlen(md)));
  return out;
}

#define assert_expands(md, want)                                               \
  do {                                                                         \
    char *got_ = expand(md);                                                   \
    assert_string_equal(got_, want);                                           \
    free(got_);                                                                \
  } while (0)

static void test_no_tags(void **state) {
  (void)state;
  size_t n = 0;
  assert_null(shortcode_expand("t.md", "plain *text*\n", 13, 1, &n));
}

static void test_hugo(void **state) {
  (void)state;
  diag_capture(1);
  assert_expands("{{< figure src=\"/img/a.jpg\" caption=\"会场 一角\" >}}\n",
                 "![会场 一角](</img/a.jpg>)\n");
  assert_expands("{{< figure src=\"a.png\" alt=\"[x]\" />}}",
                 "![\\[x\\]](<a.png>)");
  assert_expands("看 {{< youtube id=\"abc\" >}} 与 {{< bilibili BV1xx >}}",
                 "看 <https://www.youtube.com/watch?v=abc> 与 "
                 "<https://www.bilibili.com/video/BV1xx>");
  assert_expands("{{< gist ada 42 >}}", "<https://gist.github.com/ada/42>");
  assert_expands("[上一期]({{< ref \"/posts/m11.md\" >}})", "[上一期](/posts/m11.md)");
  assert_expands("{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n",
                 "```go\nx := 1\n```\n");
  /* a container: its title in bold on its own line, its content kept */
  assert_expands("{{% notice info \"报名须知\" %}}\n请 **准时**。\n{{% /notice %}}\n",
                 "**报名须知**\\\n请 **准时**。\n\n");
  /* comments go, with their lines */
  assert_expands("a{{</* figure src=\"x\"\n */>}}b", "a\nb");
  assert_string_equal(diag_captured(), "");
  diag_capture(0);
}

static void test_unknown_warns_once(void **state) {
  (void)state;
  diag_capture(1);
  assert_expands("x\n{{< mything \"一段 说明\" key=val >}}\n{{< mything other >}}\n",
                 "x\n一段 说明\n\n");
  const char *d = diag_captured();
  assert_non_null(strstr(d, "t.md:2: warning: Hugo shortcode tag 'mything' is "
                            "not understood; its words are kept as text"));
  assert_null(strstr(strstr(d, "mything") + 1, "mything")); /* once */
  assert_int_equal(diag_count(DIAG_WARNING), 1);
  diag_capture(0);
}

static void test_liquid(void **state) {
  (void)state;
  diag_capture(1);
  assert_expands("![logo]({{ site.baseurl }}/images/l.png)",
                 "![logo](/images/l.png)");
  assert_expands("{{ \"/a.png\" | relative_url }} {{ page.title }}",
                 "/a.png {{ page.title }}");
  assert_expands("{% raw %}{{ keep }}{% endraw %}", "{{ keep }}");
  assert_expands("a{% comment %}隐藏\n的{% endcomment %}b", "a\nb");
  assert_expands("{% include figure.html image=\"/img/b.png\" caption=\"图二\" %}",
                 "![图二](</img/b.png>)");
  assert_expands("{% if x %}条件{%- endif -%}", "条件");
  assert_expands("[x]({% post_url 2024-01-01-a %})", "[x](2024-01-01-a)");
  assert_string_equal(diag_captured(), "");
  diag_capture(0);
}

static void test_code_untouched(void **state) {
  (void)state;
  assert_expands("```\n{{< figure src=x >}}\n```\n`{{< youtube a >}}` {{< youtube b >}}",
                 "```\n{{< figure src=x >}}\n```\n`{{< youtube a >}}` "
                 "<https://www.youtube.com/watch?v=b>");
  assert_expands("~~~~\n{% raw %}\n~~~\n~~~~\n", "~~~~\n{% raw %}\n~~~\n~~~~\n");
  /* not tags: an unclosed one, and a Vue-style output */
  assert_expands("{{< figure src=x", "{{< figure src=x");
  assert_expands("插值 {{ message }} 保持", "插值 {{ message }} 保持");
}

/* Through the body parser: the image, and line numbers after a tag that
 * spans lines. */
static void test_body_lines(void **state) {
  (void)state;
  const char *md = "{{< figure\n  src=\"a.png\"\n  caption=\"图\" >}}\n\n第二段\n";
  md_node *doc = body_parse_text("t.md", md, strlen(md), 10);
  const md_node *p = doc->first;
  assert_int_equal(p->type, MD_PARAGRAPH);
  assert_int_equal(p->first->type, MD_IMAGE);
  assert_string_equal(p->first->url, "a.png");
  const md_node *p2 = p->next;
  assert_non_null(p2);
  assert_int_equal(p2->line, 14);
  char *t = md_plain_text(p2);
  assert_string_equal(t, "第二段");
  free(t);
  body_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_no_tags),
      cmocka_unit_test(test_hugo),
      cmocka_unit_test(test_unknown_warns_once),
      cmocka_unit_test(test_liquid),
      cmocka_unit_test(test_code_untouched),
      cmocka_unit_test(test_body_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
