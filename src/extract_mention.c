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
        (cp == '.' && *p == ' '))
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
        (cp == '.' && (p[1] == ' ' || !p[1])))
      return (size_t)(p - t);
    p += k ? k : 1;
  }
  return strlen(t);
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
  ex_person *ps;
  size_t n = extract_people(before, EX_LENIENT, ex_known, x, &ps);
  char *who = NULL;
  if (n == 1 && ex_names_score(ps[0].name, ex_known, x) >= ex_limits.names_likely)
    who = xstrdup(ps[0].name);
  extract_people_free(ps, n);
  free(before);
  return who;
}

/* The mentions of paragraph p as records of the open group. */
static void mentions(ex_ctx *x, ex_records *rs, const md_node *p, long block) {
  strbuf b = {0};
  span *s = NULL;
  size_t n = 0, cap = 0;
  walk(p, &b, &s, &n, &cap);
  char *t = sb_take(&b);
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
        r->line_no = p->line;
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
    else if (b->n->type == MD_LIST)
      for (const md_node *it = b->n->first; it; it = it->next)
        if (it->first && it->first->type == MD_PARAGRAPH)
          mentions(x, rs, it->first, -1);
  }
  if (!rs->g[g].n)
    rs->ng--;
}
