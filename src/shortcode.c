/* shortcode.c — the template tags static site generators leave in a
 * page's Markdown, read before cmark-gfm sees the body.  Event pages come
 * from Hugo and Jekyll sites, and their bodies hold
 *   Hugo shortcodes   {{< figure src="/img/a.jpg" caption="会场" >}},
 *                     {{< youtube ID >}}, {{< bilibili BV… >}}, {{< gist u id >}},
 *                     {{< ref "x.md" >}}, {{< highlight go >}}…{{< /highlight >}},
 *                     {{% notice info %}}…{{% /notice %}}, and Hugo's comment tags;
 *   Jekyll's Liquid   {{ site.baseurl }}, {{ "/a.png" | relative_url }},
 *                     {% link x.md %}, {% post_url x %}, {% include figure.html
 *                     image="…" caption="…" %}, {% raw %}…{% endraw %},
 *                     {% highlight %}, {% comment %}…{% endcomment %}.
 * Each becomes the Markdown it stands for: an image, an address, a code
 * fence, or nothing around content that stays.  A tag booklet does not
 * know keeps the words among its parameters (a notice's title, a quote)
 * and is named in one warning per name.  A Liquid output it does not know
 * ({{ page.x }}) stays as written.  Every replacement keeps the newlines
 * of what it replaces, so line numbers stay true.  Code — fenced blocks
 * and `spans` — is left as written.  No other Markdown is read here. */
#include "shortcode.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "util.h"

#define TAG_MAX 4096   /* a "tag" longer than this is text */
#define MAX_PARAMS 16  /* parameters read of one tag */

typedef struct param {
  char *key; /* NULL for a positional parameter */
  char *val;
} param;

typedef struct tag {
  char *name;  /* lowercased */
  int closing; /* {{< /name >}} */
  param p[MAX_PARAMS];
  int n;
} tag;

/* Closing strings whose next place in the text is remembered, so that a
 * text full of openers without closers is read in linear time. */
enum { CL_HUGO_ANGLE, CL_HUGO_PCT, CL_LIQUID_TAG, CL_LIQUID_OUT, CL_CMT_ANGLE,
       CL_CMT_PCT, CL_CMT, CL_ENDRAW, CL_ENDCOMMENT, CL_COUNT };
static const char *const closers[CL_COUNT] = {
    ">}}", "%}}", "%}", "}}", "*/>}}", "*/%}}", "*/}}", "endraw", "endcomment"};

#define RUN_CACHE 32 /* code spans: runs of up to this many backticks */

typedef struct ctx {
  const char *path;
  strbuf out;
  int line;       /* input line at the scan position */
  char **warned;  /* tag names warned about */
  size_t n_warned;
  const char *end;               /* end of the text */
  const char *next[CL_COUNT];    /* next place of each closer (or end),
                                    NULL before the first look */
  const char *no_close[RUN_CACHE + 1]; /* a run of k backticks before
                                    this has no closing run */
} ctx;

/* ---- reading a tag ---------------------------------------------------- */

static int is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_ws(const char *s, const char *e) {
  while (s < e && is_ws(*s))
    s++;
  return s;
}

/* A value: "quoted" (with \" escapes), 'quoted', `raw`, or a bare word. */
static char *read_value(const char **ps, const char *e) {
  const char *s = *ps;
  strbuf b = {0};
  sb_add(&b, "");
  if (s < e && (*s == '"' || *s == '\'' || *s == '`')) {
    char q = *s++;
    while (s < e && *s != q) {
      if (*s == '\\' && q == '"' && s + 1 < e)
        s++;
      sb_addc(&b, *s++);
    }
    if (s < e)
      s++;
  } else {
    while (s < e && !is_ws(*s))
      sb_addc(&b, *s++);
  }
  *ps = s;
  return sb_take(&b);
}

static void parse_tag(const char *s, const char *e, tag *t) {
  memset(t, 0, sizeof *t);
  s = skip_ws(s, e);
  if (s < e && *s == '/') {
    t->closing = 1;
    s = skip_ws(s + 1, e);
  }
  strbuf b = {0};
  sb_add(&b, "");
  while (s < e && !is_ws(*s))
    sb_addc(&b, (char)tolower((unsigned char)*s++));
  if (b.len && b.s[b.len - 1] == '/') /* {{< name/>}} */
    b.s[--b.len] = 0;
  t->name = sb_take(&b);
  while (t->n < MAX_PARAMS) {
    s = skip_ws(s, e);
    if (s >= e || (*s == '/' && skip_ws(s + 1, e) >= e))
      break;
    const char *start = s;
    char *key = NULL;
    if (*s != '"' && *s != '\'' && *s != '`') {
      const char *k = s;
      while (k < e && !is_ws(*k) && *k != '=')
        k++;
      if (k < e && *k == '=' && k > s) {
        key = xstrndup(s, (size_t)(k - s));
        s = k + 1;
      }
    }
    t->p[t->n].key = key;
    t->p[t->n].val = read_value(&s, e);
    t->n++;
    if (s == start)
      s++;
  }
}

static void tag_free(tag *t) {
  free(t->name);
  for (int i = 0; i < t->n; i++)
    free(t->p[i].key), free(t->p[i].val);
}

/* The named parameter key (any case), or NULL. */
static const char *named(const tag *t, const char *key) {
  for (int i = 0; i < t->n; i++)
    if (t->p[i].key && !strcasecmp(t->p[i].key, key) && *t->p[i].val)
      return t->p[i].val;
  return NULL;
}

/* The i-th positional parameter, or NULL. */
static const char *positional(const tag *t, int i) {
  for (int k = 0; k < t->n; k++)
    if (!t->p[k].key && i-- == 0)
      return *t->p[k].val ? t->p[k].val : NULL;
  return NULL;
}

static int name_in(const char *name, const char *const *set) {
  for (size_t i = 0; set[i]; i++)
    if (!strcmp(name, set[i]))
      return 1;
  return 0;
}

/* ---- writing Markdown ----------------------------------------------------- */

static void add_escaped(strbuf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '[' || *s == ']' || *s == '\\' || *s == '*' || *s == '_')
      sb_addc(b, '\\');
    sb_addc(b, *s == '\n' ? ' ' : *s);
  }
}

static void add_image(strbuf *b, const char *alt, const char *src) {
  sb_add(b, "![");
  add_escaped(b, alt ? alt : "");
  sb_add(b, "](<");
  for (const char *s = src; *s; s++)
    if (*s != '<' && *s != '>' && *s != '\n')
      sb_addc(b, *s);
  sb_add(b, ">)");
}

/* 1 when a parameter reads as words a reader should see: it has a space
 * or a non-ASCII character and is not an address or a path. */
static int is_words(const char *v) {
  if (!*v || !strncmp(v, "http", 4) || *v == '/' || *v == '.')
    return 0;
  for (const char *s = v; *s; s++)
    if (*s == ' ' || (unsigned char)*s >= 0x80)
      return 1;
  return 0;
}

/* The words among a tag's parameters, kept as text.  1 when any. */
static int add_words(strbuf *b, const tag *t) {
  int any = 0;
  for (int i = 0; i < t->n; i++)
    if (is_words(t->p[i].val)) {
      if (any)
        sb_addc(b, ' ');
      add_escaped(b, t->p[i].val);
      any = 1;
    }
  return any;
}

static void warn_once(ctx *c, const char *kind, const char *name, int kept) {
  for (size_t i = 0; i < c->n_warned; i++)
    if (!strcmp(c->warned[i], name))
      return;
  c->warned = xrealloc(c->warned, (c->n_warned + 1) * sizeof *c->warned);
  c->warned[c->n_warned++] = xstrdup(name);
  diag_report(DIAG_MD_TAG, c->path, c->line, 0, kind, name,
              kept ? "its words are kept as text" : "it is left out");
}

/* ---- Hugo ----------------------------------------------------------------- */

/* An embedded video or post: its address. */
static int embed(const tag *t, strbuf *r) {
  const char *nm = t->name;
  const char *id = named(t, "id") ? named(t, "id") : positional(t, 0);
  if (!strcmp(nm, "youtube") && id)
    sb_addf(r, "<https://www.youtube.com/watch?v=%s>", id);
  else if (!strcmp(nm, "vimeo") && id)
    sb_addf(r, "<https://vimeo.com/%s>", id);
  else if (!strcmp(nm, "bilibili") && (named(t, "bvid") || id))
    sb_addf(r, "<https://www.bilibili.com/video/%s>",
            named(t, "bvid") ? named(t, "bvid") : id);
  else if (!strcmp(nm, "gist") && positional(t, 0) && positional(t, 1))
    sb_addf(r, "<https://gist.github.com/%s/%s>", positional(t, 0),
            positional(t, 1));
  else if ((!strcmp(nm, "tweet") || !strcmp(nm, "twitter") || !strcmp(nm, "x")) &&
           id)
    sb_addf(r, "<https://x.com/%s/status/%s>",
            named(t, "user") ? named(t, "user") : "i", id);
  else if (!strcmp(nm, "instagram") && id)
    sb_addf(r, "<https://www.instagram.com/p/%s/>", id);
  else
    return 0;
  return 1;
}

/* Shortcodes around content that stays (their tags go; a title among
 * their parameters stays as text). */
static const char *const containers[] = {
    "notice", "alert", "tip", "note", "warning", "info", "danger", "caution",
    "details", "admonition", "callout", "hint", "center", "columns", "column",
    "tabs", "tab", "expand", "collapse", "quote", "blockquote", "markdown",
    "raw", "html", "rawhtml", "box", "card", "highlight-box", "mermaid", NULL};

/* eol: the tag ends its line. */
static void hugo(ctx *c, const tag *t, strbuf *r, int eol) {
  const char *nm = t->name;
  static const char *const images[] = {"figure", "img", "image", "picture", NULL};
  if (t->closing) {
    if (!strcmp(nm, "highlight") || !strcmp(nm, "code"))
      sb_add(r, "```");
    return;
  }
  if (name_in(nm, images)) {
    const char *src = named(t, "src") ? named(t, "src") : positional(t, 0);
    const char *text = named(t, "caption") ? named(t, "caption")
                       : named(t, "alt")   ? named(t, "alt")
                                           : named(t, "title");
    if (src) {
      add_image(r, text, src);
      return;
    }
  } else if (!strcmp(nm, "highlight") || !strcmp(nm, "code")) {
    sb_add(r, "```");
    if (positional(t, 0))
      sb_add(r, positional(t, 0));
    return;
  } else if (!strcmp(nm, "ref") || !strcmp(nm, "relref")) {
    const char *p = positional(t, 0) ? positional(t, 0) : named(t, "path");
    if (p)
      sb_add(r, p);
    return;
  } else if (embed(t, r)) {
    return;
  } else if (name_in(nm, containers)) {
    /* a title ("报名须知") in bold, on a line of its own before the
     * content when the tag ends its line */
    strbuf w = {0};
    if (add_words(&w, t)) {
      sb_addf(r, "**%s**%s", w.s, eol ? "\\" : "");
    }
    sb_free(&w);
    return;
  }
  warn_once(c, "Hugo shortcode", nm, add_words(r, t));
}

/* ---- Liquid ----------------------------------------------------------------- */

static void liquid_tag(ctx *c, const tag *t, strbuf *r) {
  const char *nm = t->name;
  static const char *const flow[] = {
      "if", "elsif", "else", "endif", "unless", "endunless", "for", "endfor",
      "case", "when", "endcase", "assign", "capture", "endcapture", "increment",
      "decrement", "cycle", "break", "continue", "seo", "feed_meta", NULL};
  if (!strcmp(nm, "link") || !strcmp(nm, "post_url")) {
    if (positional(t, 0))
      sb_add(r, positional(t, 0));
    return;
  }
  if (!strcmp(nm, "highlight")) {
    sb_add(r, "```");
    if (positional(t, 0))
      sb_add(r, positional(t, 0));
    return;
  }
  if (!strcmp(nm, "endhighlight")) {
    sb_add(r, "```");
    return;
  }
  if (!strcmp(nm, "include") || !strcmp(nm, "include_relative")) {
    static const char *const keys[] = {"image", "src", "img", "file", "url", "path", NULL};
    for (size_t i = 0; keys[i]; i++) {
      const char *src = named(t, keys[i]);
      if (src) {
        const char *text = named(t, "caption") ? named(t, "caption")
                           : named(t, "alt")   ? named(t, "alt")
                                               : named(t, "title");
        add_image(r, text, src);
        return;
      }
    }
    warn_once(c, "Liquid", positional(t, 0) ? positional(t, 0) : nm,
              add_words(r, t));
    return;
  }
  if (name_in(nm, flow))
    return;
  warn_once(c, "Liquid", nm, add_words(r, t));
}

/* {{ site.baseurl }} and {{ "/a.png" | relative_url }}: 1 when read. */
static int liquid_output(const char *s, const char *e, strbuf *r) {
  s = skip_ws(s, e);
  while (e > s && is_ws(e[-1]))
    e--;
  const char *bar = memchr(s, '|', (size_t)(e - s));
  const char *he = bar ? bar : e;
  while (he > s && is_ws(he[-1]))
    he--;
  size_t n = (size_t)(he - s);
  static const char *const empty[] = {"site.baseurl", "site.url",
                                      "site.github.url", "base_path", NULL};
  for (size_t i = 0; empty[i]; i++)
    if (n == strlen(empty[i]) && !memcmp(s, empty[i], n))
      return 1;
  if (n >= 2 && (*s == '"' || *s == '\'') && he[-1] == *s) {
    sb_addn(r, s + 1, n - 2);
    return 1;
  }
  return 0;
}

/* ---- the scan --------------------------------------------------------------- */

static const char *find(const char *s, size_t n, const char *what) {
  size_t k = strlen(what);
  for (size_t i = 0; i + k <= n; i++)
    if (s[i] == what[0] && !memcmp(s + i, what, k))
      return s + i;
  return NULL;
}

static int count_nl(const char *s, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++)
    k += s[i] == '\n';
  return k;
}

/* The next place of closer k at or after from (c->end when none). */
static const char *next_closer(ctx *c, int k, const char *from) {
  if (!c->next[k] || (c->next[k] < from && c->next[k] != c->end)) {
    const char *p = find(from, (size_t)(c->end - from), closers[k]);
    c->next[k] = p ? p : c->end;
  }
  return c->next[k];
}

/* Closer k within TAG_MAX bytes of s, or NULL. */
static const char *closer_near(ctx *c, int k, const char *s, size_t lim) {
  const char *p = next_closer(c, k, s);
  return p != c->end && (size_t)(p - s) + strlen(closers[k]) <= lim ? p : NULL;
}

/* Copy s[0..n) as it is. */
static void copy(ctx *c, const char *s, size_t n) {
  sb_addn(&c->out, s, n);
  c->line += count_nl(s, n);
}

/* After a replacement: the newlines of what it replaced. */
static void keep_lines(ctx *c, const char *s, size_t n) {
  int k = count_nl(s, n);
  for (int i = 0; i < k; i++)
    sb_addc(&c->out, '\n');
  c->line += k;
}

/* The block of a Liquid tag (raw, comment) whose opening tag ends at s:
 * the bytes up to the end of its end tag ("{% endraw %}"), in *body the
 * bytes before that tag; 0 when it is not closed. */
static size_t liquid_block(ctx *c, const char *s, int k, size_t *body) {
  const char *name = next_closer(c, k, s);
  if (name == c->end)
    return 0;
  /* "{%", "{%-" and spaces before the name, "%}" after it */
  const char *p = name;
  while (p > s && (p[-1] == ' ' || p[-1] == '-'))
    p--;
  if (p - s < 2 || p[-2] != '{' || p[-1] != '%')
    return 0;
  const char *close = find(name, (size_t)(c->end - name) < 64 ? (size_t)(c->end - name) : 64, "%}");
  if (!close)
    return 0;
  *body = (size_t)(p - 2 - s);
  return (size_t)(close + 2 - s);
}

/* A tag at s: the bytes it takes (0: not a tag, copy the text as it is). */
static size_t tag_at(ctx *c, const char *s, size_t n) {
  size_t lim = n < TAG_MAX ? n : TAG_MAX;
  static const struct {
    const char *open;
    int close;
  } comments[] = {{"{{</*", CL_CMT_ANGLE}, {"{{%/*", CL_CMT_PCT}, {"{{/*", CL_CMT}};
  for (size_t i = 0; i < sizeof comments / sizeof *comments; i++) {
    size_t k = strlen(comments[i].open);
    if (n >= k && !memcmp(s, comments[i].open, k)) {
      const char *e = closer_near(c, comments[i].close, s + k, lim - k);
      if (!e)
        return 0;
      size_t used = (size_t)(e - s) + strlen(closers[comments[i].close]);
      keep_lines(c, s, used);
      return used;
    }
  }
  int hugo_tag = n >= 3 && (s[2] == '<' || s[2] == '%') && s[1] == '{';
  int liquid = !hugo_tag && s[1] == '%';
  int ck = hugo_tag ? (s[2] == '<' ? CL_HUGO_ANGLE : CL_HUGO_PCT)
           : liquid ? CL_LIQUID_TAG
                    : CL_LIQUID_OUT;
  size_t open = hugo_tag ? 3 : 2;
  if (n < open)
    return 0;
  const char *e = closer_near(c, ck, s + open, lim - open);
  if (!e)
    return 0;
  size_t used = (size_t)(e - s) + strlen(closers[ck]);
  const char *in = s + open, *in_end = e;
  if (liquid) { /* whitespace control: {%- … -%} */
    if (in < in_end && *in == '-')
      in++;
    if (in_end > in && in_end[-1] == '-')
      in_end--;
  }
  strbuf r = {0};
  sb_add(&r, "");
  if (!hugo_tag && !liquid) {
    if (!liquid_output(in, in_end, &r)) {
      sb_free(&r);
      return 0;
    }
  } else {
    tag t;
    parse_tag(in, in_end, &t);
    if (!*t.name) {
      tag_free(&t);
      sb_free(&r);
      return 0;
    }
    if (liquid && (!strcmp(t.name, "raw") || !strcmp(t.name, "comment"))) {
      /* raw: its content as written; comment: nothing */
      int raw = !strcmp(t.name, "raw");
      size_t body = 0;
      size_t blk = liquid_block(c, s + used, raw ? CL_ENDRAW : CL_ENDCOMMENT, &body);
      tag_free(&t);
      sb_free(&r);
      keep_lines(c, s, used);
      if (!blk)
        return used;
      if (raw)
        copy(c, s + used, body);
      else
        keep_lines(c, s + used, body);
      keep_lines(c, s + used + body, blk - body);
      return used + blk;
    }
    if (hugo_tag)
      hugo(c, &t, &r, used < n && s[used] == '\n');
    else
      liquid_tag(c, &t, &r);
    tag_free(&t);
  }
  sb_addn(&c->out, r.s, r.len);
  sb_free(&r);
  keep_lines(c, s, used);
  return used;
}

/* The end of a code span opened by the backticks at s (a run closed by
 * one of the same length before a blank line), or s plus the run when
 * it is not closed.  A run of k backticks that found no closer up to some
 * place tells the later runs of k before that place: none either. */
static size_t code_span(ctx *c, const char *s, size_t n) {
  size_t run = 0;
  while (run < n && s[run] == '`')
    run++;
  if (run > RUN_CACHE || (c->no_close[run] && s < c->no_close[run]))
    return run;
  size_t m = run;
  while (m < n) {
    if (s[m] == '\n' && m + 1 < n && s[m + 1] == '\n')
      break;
    if (s[m] == '`') {
      size_t q = m;
      while (q < n && s[q] == '`')
        q++;
      if (q - m == run)
        return q;
      m = q;
      continue;
    }
    m++;
  }
  c->no_close[run] = s + m;
  return run;
}

char *shortcode_expand(const char *path, const char *text, size_t len,
                       int first_line, size_t *out_len) {
  if (!text || (!find(text, len, "{{") && !find(text, len, "{%")))
    return NULL;
  ctx c = {.path = path, .line = first_line, .end = text + len};
  sb_add(&c.out, "");
  char fence = 0;    /* the open fence's character, or 0 */
  size_t fence_n = 0;/* its length */
  int bol = 1;
  size_t i = 0;
  while (i < len) {
    if (bol) {
      size_t j = i, sp = 0;
      while (j < len && text[j] == ' ' && sp < 3)
        j++, sp++;
      size_t k = j;
      while (k < len && (text[k] == '`' || text[k] == '~') && text[k] == text[j])
        k++;
      int is_fence = k - j >= 3;
      if (is_fence && !fence)
        fence = text[j], fence_n = k - j;
      else if (is_fence && text[j] == fence && k - j >= fence_n)
        fence = 0, is_fence = 2;
      if (fence || is_fence == 2 || (is_fence && fence)) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        copy(&c, text + i, end - i);
        i = end;
        continue;
      }
    }
    char ch = text[i];
    bol = ch == '\n';
    if (ch == '`') {
      size_t end = code_span(&c, text + i, len - i);
      copy(&c, text + i, end);
      i += end;
      continue;
    }
    if (ch == '{' && i + 1 < len && (text[i + 1] == '{' || text[i + 1] == '%')) {
      size_t used = tag_at(&c, text + i, len - i);
      if (used) {
        i += used;
        bol = text[i - 1] == '\n';
        continue;
      }
    }
    sb_addc(&c.out, ch);
    c.line += ch == '\n';
    i++;
  }
  for (size_t k = 0; k < c.n_warned; k++)
    free(c.warned[k]);
  free(c.warned);
  *out_len = c.out.len;
  return sb_take(&c.out);
}
