/* extract_lines.c — the inline-text readers every pass of the extractor
 * shares: a block's text as plain text (ex_text: a soft break a space
 * unless Han characters meet at it, hard breaks and <br> new lines) and
 * as lines (ex_lines: a line per break, with its first URL and its text
 * without bare URLs), and two small tests of inline nodes (ex_is_br,
 * ex_only_images). */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int ex_is_br(const md_node *n) {
  if (!n || n->type != MD_HTML_INLINE || !n->text)
    return 0;
  const char *s = n->text;
  if (*s++ != '<')
    return 0;
  if (*s == '/')
    s++;
  if ((s[0] | 0x20) != 'b' || (s[1] | 0x20) != 'r')
    return 0;
  s += 2;
  while (*s == ' ' || *s == '\t' || *s == '\n')
    s++;
  if (*s == '/')
    s++;
  return s[0] == '>' && !s[1];
}

int ex_only_images(const md_node *p) {
  int images = 0;
  for (const md_node *c = p->first; c; c = c->next) {
    if (c->type == MD_IMAGE ||
        (c->type == MD_LINK && c->first && c->first == c->last &&
         c->first->type == MD_IMAGE))
      images++;
    else if (c->type == MD_TEXT) {
      for (const char *s = c->text; *s; s++)
        if (*s != ' ' && *s != '\t')
          return 0;
    } else if (c->type != MD_SOFTBREAK && c->type != MD_LINEBREAK &&
               !ex_is_br(c)) {
      return 0;
    }
  }
  return images > 0;
}

typedef struct line_builder {
  ex_line *l;     /* lines so far */
  size_t n, cap;  /* count, capacity */
  strbuf text;    /* current line */
  strbuf label;   /* current line without bare URLs */
  char *url;      /* first URL of the current line */
  int n_urls;     /* URLs on the current line */
  int line;       /* input line of the current line */
} line_builder;

static void lb_end(line_builder *b) {
  ex_line l;
  l.text = sb_take(&b->text);
  char *lab = sb_take(&b->label);
  l.label = util_trim(lab);
  free(lab);
  l.url = b->url;
  l.n_urls = b->n_urls;
  l.line = b->line;
  VEC_PUSH(b->l, b->n, b->cap, l);
  b->url = NULL;
  b->n_urls = 0;
  b->line = 0;
}

static void lb_walk(line_builder *b, const md_node *n, int in_bare_link) {
  for (const md_node *c = n->first; c; c = c->next) {
    if (!b->line)
      b->line = c->line;
    switch (c->type) {
    case MD_TEXT:
    case MD_CODE:
      sb_add(&b->text, c->text ? c->text : "");
      if (!in_bare_link)
        sb_add(&b->label, c->text ? c->text : "");
      break;
    case MD_SOFTBREAK:
    case MD_LINEBREAK:
      lb_end(b);
      break;
    case MD_HTML_INLINE:
      if (ex_is_br(c))
        lb_end(b);
      break;
    case MD_IMAGE:
      break;
    case MD_LINK: {
      char *t = md_plain_text(c);
      const char *u = c->url ? c->url : "";
      int bare = !strcmp(t, u) || (!strncmp(u, "mailto:", 7) && !strcmp(t, u + 7));
      free(t);
      if (!b->url && *u)
        b->url = xstrdup(u);
      b->n_urls++;
      lb_walk(b, c, in_bare_link || bare);
      break;
    }
    default:
      lb_walk(b, c, in_bare_link);
      break;
    }
  }
}

size_t ex_lines(const md_node *block, ex_line **out) {
  line_builder b = {0};
  b.line = block->line;
  lb_walk(&b, block, 0);
  lb_end(&b);
  *out = b.l;
  return b.n;
}

void ex_lines_free(ex_line *l, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(l[i].text), free(l[i].label), free(l[i].url);
  free(l);
}

static int is_cjk(uint32_t cp) { return cp >= 0x2E80 && cp < 0xFF00; }

static void text_walk(strbuf *b, const md_node *n) {
  for (const md_node *c = n->first; c; c = c->next) {
    switch (c->type) {
    case MD_TEXT:
    case MD_CODE:
      sb_add(b, c->text ? c->text : "");
      break;
    case MD_SOFTBREAK:
      sb_addc(b, '\x01'); /* decided when the next character is known */
      break;
    case MD_LINEBREAK:
      sb_addc(b, '\n');
      break;
    case MD_HTML_INLINE:
      if (ex_is_br(c))
        sb_addc(b, '\n');
      break;
    case MD_IMAGE:
      break;
    default:
      text_walk(b, c);
      break;
    }
  }
}

static int is_container(md_type t) {
  return t == MD_LIST || t == MD_ITEM || t == MD_BLOCKQUOTE ||
         t == MD_DOCUMENT || t == MD_TABLE || t == MD_TABLE_ROW;
}

static void text_block(strbuf *b, const md_node *n) {
  if (is_container(n->type)) {
    for (const md_node *c = n->first; c; c = c->next)
      text_block(b, c);
    return;
  }
  if (b->len && b->s[b->len - 1] != '\n')
    sb_addc(b, '\n');
  if (n->type == MD_CODE_BLOCK || n->type == MD_HTML_BLOCK) {
    char *t = md_plain_text(n);
    sb_add(b, t);
    free(t);
  } else {
    text_walk(b, n);
  }
}

char *ex_text(const md_node *block) {
  strbuf b = {0};
  text_block(&b, block);
  /* soft breaks: nothing between CJK text, a space elsewhere; no space
   * next to a line end */
  strbuf o = {0};
  size_t k;
  for (size_t i = 0; i < b.len; i++) {
    if (b.s[i] != '\x01') {
      sb_addc(&o, b.s[i]);
      continue;
    }
    uint32_t prev = 0, next = 0;
    if (o.len) {
      size_t j = o.len - 1;
      while (j && ((unsigned char)o.s[j] & 0xC0) == 0x80)
        j--;
      prev = ex_cp(o.s + j, &k);
    }
    if (i + 1 < b.len)
      next = ex_cp(b.s + i + 1, &k);
    if (!(is_cjk(prev) && is_cjk(next)) && prev != '\n' && prev != ' ' &&
        next != '\n' && next != '\x01' && next)
      sb_addc(&o, ' ');
  }
  sb_free(&b);
  char *r = sb_take(&o);
  char *t = util_trim(r);
  free(r);
  return t;
}
