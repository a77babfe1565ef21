/* extract_mention.c — talks named only in running text, for pages with no
 * programme in any other shape (recaps, announcements): "讲师江裕诚为大家带
 * 来《…》主题分享", "第二个主题，是@Wuvist带来的[《…》](…)", "Ada Roe, who
 * is …, will talk about *Typed Holes*".  A mention is a talk word (带来,
 * 主题, will talk about, speaking on …), the first marked title after it
 * (《…》, emphasis, a link, quotes) and a person in the same sentence: the
 * name just before the talk word, a handle, or the linked or capitalised
 * name that opens the sentence.  Mentions with no person are not read;
 * the paragraphs stay where they are (the talk holds no blocks), so
 * nothing of the text is lost or moved.
 *
 * Runs only when no other adapter found a talk on the page. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Words that introduce a talk's title in running text. */
static const char *const talk_words[] = {
    "为大家带来", "带来", "主题为", "主题", "分享了", "分享", "主讲",
    "will talk about", "will speak about", "will speak on", "speaking on",
    "speaking about", "will present", "will reflect on", "talks about",
    "talk about", NULL};

/* A marked span of a paragraph's text: its bytes in the text. */
typedef struct span {
  size_t at, end; /* [at, end) in the text */
} span;

/* Walk the inline nodes of p, appending their text to b and the spans of
 * emphasis, strong and link text to *s (n of them, cap capacity). */
static void walk(const md_node *p, strbuf *b, span **s, size_t *n, size_t *cap) {
  for (const md_node *c = p->first; c; c = c->next) {
    size_t at = b->len;
    if (c->type == MD_TEXT || c->type == MD_CODE) {
      sb_add(b, c->text ? c->text : "");
    } else if (c->type == MD_SOFTBREAK || c->type == MD_LINEBREAK) {
      sb_addc(b, ' ');
    } else if (c->type == MD_EMPH || c->type == MD_STRONG || c->type == MD_LINK) {
      walk(c, b, s, n, cap);
      span sp = {at, b->len};
      if (sp.end > sp.at)
        VEC_PUSH(*s, *n, *cap, sp);
    } else if (c->type == MD_HTML_INLINE) {
      continue;
    } else {
      walk(c, b, s, n, cap);
    }
  }
}

/* The first title after byte from: a 《…》 or a marked span starting within
 * reach.  Its text (decoration kept) or NULL.  Caller frees. */
static char *title_after(const char *t, size_t from, const span *s, size_t n,
                         size_t *title_end) {
  /* the title comes soon after the word: a few characters, a few words */
  const size_t reach = 80;
  const char *q = strstr(t + from, "《");
  size_t best = (size_t)-1, end = 0;
  if (q && (size_t)(q - t) - from <= reach) {
    const char *c = strstr(q, "》");
    if (c)
      best = (size_t)(q - t), end = (size_t)(c - t) + 3;
  }
  for (size_t i = 0; i < n; i++)
    if (s[i].at >= from && s[i].at - from <= reach && s[i].at < best)
      best = s[i].at, end = s[i].end;
  if (best == (size_t)-1)
    return NULL;
  char *r = ex_trimn(t + best, end - best);
  *title_end = end;
  if (ex_cps(r) < 2) {
    free(r);
    return NULL;
  }
  return r;
}

/* Start of the sentence holding byte at. */
static size_t sentence_start(const char *t, size_t at) {
  size_t s = 0;
  for (const char *p = t; (size_t)(p - t) < at;) {
    size_t k;
    uint32_t cp = ex_cp(p, &k);
    if (!k)
      break;
    p += k;
    if (cp == 0x3002 || cp == 0xFF1B || cp == 0xFF01 || cp == '!' ||
        cp == '\n' || (cp == '.' && *p == ' '))
      s = (size_t)(p - t);
  }
  return s;
}

/* End of the sentence holding byte at. */
static size_t sentence_end(const char *t, size_t at) {
  for (const char *p = t + at; *p;) {
    size_t k;
    uint32_t cp = ex_cp(p, &k);
    if (cp == 0x3002 || cp == 0xFF1B || cp == 0xFF01 || cp == '!' ||
        cp == '\n' || (cp == '.' && (p[1] == ' ' || !p[1])))
      return (size_t)(p - t);
    p += k ? k : 1;
  }
  return strlen(t);
}

/* The one name text is, read leniently and likely a person's; NULL when
 * it is none or several.  Caller frees. */
static char *one_name(ex_ctx *x, const char *text) {
  ex_person *ps;
  size_t n = extract_people(text, EX_LENIENT, ex_known, x, &ps);
  char *who = NULL;
  if (n == 1 && ex_names_score(ps[0].name, ex_known, x) >= ex_limits.names_likely)
    who = xstrdup(ps[0].name);
  extract_people_free(ps, n);
  return who;
}

/* 1 when sentence s opens with a pronoun for a person ("She will be
 * speaking on …", "他将带来…"). */
static int opens_with_pronoun(const char *s) {
  static const char *const words[] = {"she ", "he ", "they ", "她们", "他们",
                                      "她", "他", NULL};
  while (*s == ' ' || *s == '\n')
    s++;
  for (size_t i = 0; words[i]; i++)
    if (!strncasecmp(s, words[i], strlen(words[i])))
      return 1;
  return 0;
}

/* The person the page's title names, for a pronoun: a part of the title
 * between dashes, colons or bars that is one name and nothing else
 * ("Invited Speaker - Ada Roe", "Keynote: 王小明").  Caller frees; NULL
 * when no part is. */
static char *title_person(ex_ctx *x) {
  static const char *const seps[] = {" - ", " \u2013 ", " \u2014 ", ": ",
                                     "\uff1a", " | ", "\uff5c", NULL};
  const char *title = x->m->event.title;
  if (!title)
    return NULL;
  char *who = NULL;
  for (const char *p = title; *p && !who;) {
    const char *end = p + strlen(p), *next = end;
    for (size_t i = 0; seps[i]; i++) {
      const char *q = strstr(p, seps[i]);
      if (q && q < end)
        end = q, next = q + strlen(seps[i]);
    }
    char *part = ex_trimn(p, (size_t)(end - p));
    /* "Invited Speaker", "Keynote": the label, not the person */
    int label = ex_lex_find(EX_LEX_SPEAKERS, part) ||
                ex_lex_find(EX_LEX_SERIES, part) ||
                ex_lex_find(EX_LEX_TALKS, part) ||
                ex_casestr(part, "keynote") != NULL;
    char *name = *part && !label ? one_name(x, part) : NULL;
    if (name && strcmp(name, part)) /* more than the name */
      free(name), name = NULL;
    who = name;
    free(part);
    p = next;
  }
  return who;
}

/* The person of a mention: an @handle in its sentence, the name just
 * before the talk word ("…工程师江裕诚为大家带来"), or the name that opens
 * the sentence ("Ada Roe, who is …").  Caller frees; NULL when none. */
static char *person_of(ex_ctx *x, const char *t, size_t sent, size_t verb) {
  size_t end_s = sentence_end(t, verb);
  for (const char *at = t + sent; at < t + end_s && (at = memchr(at, '@', (size_t)(t + end_s - at)));
       at++) {
    size_t e = 1;
    while (at + e < t + end_s && (isalnum((unsigned char)at[e]) || at[e] == '_'))
      e++;
    if (e > 2)
      return xstrndup(at, e); /* the @ says it is a person's handle */
  }
  /* the words just before the talk word, without the little words that
   * join them to it */
  static const char *const joins[] = {"将为大家", "为大家", "将", "为", "是", "的",
                                      "，", ",", " ", NULL};
  size_t end = verb;
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; joins[i]; i++) {
      size_t l = strlen(joins[i]);
      if (end >= sent + l && !strncmp(t + end - l, joins[i], l)) {
        end -= l;
        again = 1;
      }
    }
  }
  char *before = ex_trimn(t + sent, end - sent);
  /* "Ada Roe, who is …": the name that opens the sentence */
  const char *who_at = ex_casestr(before, " who ");
  if (who_at)
    before[who_at - before] = 0;
  else {
    /* "…讲师 —— 某公司产品经理庞志伟": the last part before the word */
    char *cut = before;
    static const char *const seps[] = {"，", "——", " ", "、", NULL};
    for (size_t i = 0; seps[i]; i++)
      for (char *q = before; (q = strstr(q, seps[i])); q += strlen(seps[i]))
        if (q + strlen(seps[i]) > cut && q[strlen(seps[i])])
          cut = q + strlen(seps[i]);
    memmove(before, cut, strlen(cut) + 1);
  }
  char *who = one_name(x, before);
  free(before);
  if (!who && opens_with_pronoun(t + sent))
    who = title_person(x);
  return who;
}

/* The mentions of text t (its marked spans s[0..n), from input line
 * line) as records of the open group. */
static void mentions_in(ex_ctx *x, ex_records *rs, const char *t,
                        const span *s, size_t n, int line, long block) {
  size_t from = 0;
  for (;;) {
    size_t best = (size_t)-1, wl = 0;
    for (size_t i = 0; talk_words[i]; i++) {
      const char *w = ex_casestr(t + from, talk_words[i]);
      if (w && (size_t)(w - t) < best)
        best = (size_t)(w - t), wl = strlen(talk_words[i]);
    }
    if (best == (size_t)-1)
      break;
    size_t title_end = best + wl;
    char *title = title_after(t, best + wl, s, n, &title_end);
    int made = 0;
    if (title) {
      size_t sent = sentence_start(t, best);
      char *who = person_of(x, t, sent, best);
      if (who) {
        ex_record *r = ex_record_add(rs);
        r->line = title;
        r->people = who;
        r->mentioned = 1;
        r->line_no = line;
        r->first = r->end = block;
        title = NULL;
        made = 1;
      }
    }
    free(title);
    /* the next talk word after this title: "第二个主题，是@x带来的《…》"
     * names one talk */
    from = made && title_end > best + wl ? title_end : best + wl;
  }
}

/* The mentions of paragraph p. */
static void mentions(ex_ctx *x, ex_records *rs, const md_node *p, long block) {
  strbuf b = {0};
  span *s = NULL;
  size_t n = 0, cap = 0;
  walk(p, &b, &s, &n, &cap);
  char *t = sb_take(&b);
  mentions_in(x, rs, t, s, n, p->line, block);
  free(t), free(s);
}

/* 1 when element e is one of name[]. */
static int element_in(const xmlNode *e, const char *const *names) {
  for (size_t i = 0; names[i]; i++)
    if (!strcasecmp((const char *)e->name, names[i]))
      return 1;
  return 0;
}

/* The text of HTML nodes from n on into b (runs of white space as one
 * space, a line break around blocks and at <br>), the spans of links and
 * emphasis into *s. */
static void html_walk(const xmlNode *n, strbuf *b, span **s, size_t *ns,
                      size_t *cap) {
  static const char *const blocks[] = {"p", "div", "br", "li", "tr", "hr",
                                       "h1", "h2", "h3", "h4", "h5", "h6",
                                       "ul", "ol", "table", "section", NULL};
  static const char *const marks[] = {"a", "em", "strong", "b", "i", "q",
                                      "cite", NULL};
  static const char *const skipped[] = {"script", "style", NULL};
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE && n->content) {
      for (const char *c = (const char *)n->content; *c; c++) {
        int white = *c == ' ' || *c == '\n' || *c == '\t' || *c == '\r';
        if (!white)
          sb_addc(b, *c);
        else if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '\n')
          sb_addc(b, ' ');
      }
    } else if (n->type == XML_ELEMENT_NODE && !element_in(n, skipped)) {
      int block = element_in(n, blocks);
      if (block)
        sb_addc(b, '\n');
      size_t at = b->len;
      html_walk(n->children, b, s, ns, cap);
      span sp = {at, b->len};
      if (element_in(n, marks) && sp.end > sp.at)
        VEC_PUSH(*s, *ns, *cap, sp);
      if (block)
        sb_addc(b, '\n');
    }
  }
}

/* The mentions in a block of raw HTML ("She will be speaking on
 * <a href=…>Title</a>"), read with libxml2's HTML parser. */
static void html_mentions(ex_ctx *x, ex_records *rs, const md_node *h) {
  if (!h->text || !*h->text)
    return;
  htmlDocPtr doc = htmlReadMemory(h->text, (int)strlen(h->text), NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!doc)
    return;
  strbuf b = {0};
  span *s = NULL;
  size_t n = 0, cap = 0;
  html_walk(xmlDocGetRootElement(doc), &b, &s, &n, &cap);
  xmlFreeDoc(doc);
  char *t = sb_take(&b);
  mentions_in(x, rs, t, s, n, h->line, -1);
  free(t), free(s);
}

void ex_records_mentions(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  if (x->m->n_talks)
    return;
  size_t g = ex_group_open(rs, EX_FROM_LINE, -1);
  for (size_t i = 0; i < bl->n; i++) {
    const ex_block *b = &bl->b[i];
    if (b->owner != EX_FREE || b->sponsor)
      continue;
    if (b->n->type == MD_PARAGRAPH)
      mentions(x, rs, b->n, -1);
    else if (b->n->type == MD_HTML_BLOCK)
      html_mentions(x, rs, b->n);
    else if (b->n->type == MD_LIST)
      for (const md_node *it = b->n->first; it; it = it->next)
        if (it->first && it->first->type == MD_PARAGRAPH)
          mentions(x, rs, it->first, -1);
  }
  if (!rs->g[g].n)
    rs->ng--;
}

/* 1 when text opens with the person's name or, for a Latin name, its
 * first word ("Aurynn is the founder of …", "Aurynn’s expertise"). */
static int opens_with_name(const char *text, const char *name) {
  size_t n = strlen(name);
  if (!strncmp(text, name, n))
    return 1;
  size_t first = strcspn(name, " ");
  if (ex_has_han(name) || first == n || first < 2 || strncmp(text, name, first))
    return 0;
  char c = text[first];
  return c == ' ' || c == ',' || c == '\'' || !strncmp(text + first, "\u2019", 3);
}

void ex_mention_bio(ex_ctx *x, ex_blocks *bl, const ex_records *rs,
                    size_t from) {
  model *m = x->m;
  long ti = -1;
  for (size_t g = from; g < rs->ng; g++)
    for (size_t i = 0; i < rs->g[g].n; i++) {
      const ex_record *r = &rs->r[rs->g[g].first + i];
      if (r->mentioned && r->talk >= 0)
        ti = ti < 0 || ti == r->talk ? r->talk : -2;
    }
  if (ti < 0 || m->n_talks != 1 || m->talks[ti].n_speakers != 1)
    return;
  size_t si = m->talks[ti].speakers[0];
  model_speaker *s = &m->speakers[si];
  if (s->bio || s->n_bio_md)
    return;
  int in = 0;
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (b->n->type == MD_HEADING && in)
      break;
    if (b->owner != EX_FREE || b->sponsor || b->n->type != MD_PARAGRAPH)
      continue;
    char *t = ex_text(b->n);
    in = in || opens_with_name(t, s->name);
    if (in && *t) {
      ex_push(&s->bio_md, &s->n_bio_md, b->n);
      ex_speaker_bio(x, si, t);
      s = &m->speakers[si];
      b->owner = EX_CLAIM_SPEAKER;
    }
    free(t);
  }
  if (s->n_bio_md)
    s->bio_md_len = strlen(s->bio);
}
