/* extract_talk.c — one talk read from its blocks: the title line, then the
 * blocks up to the next talk, walked once in order with a small state
 * machine.  A cue line ("讲师：…", "**嘉宾介绍**", "### You will learn")
 * says what the next blocks are; without one, paragraphs are the abstract,
 * numbered items after it the outline.  Speakers go to the model's speaker
 * list (bios to the speaker, not the talk), takeaways become strings,
 * everything else is referenced as abstract, outline or extra blocks.
 *
 * The model owns the body tree, and this file edits it in two ways only:
 * a paragraph holding several cue lines ("讲师：X<br>时间：Y") is split into
 * one paragraph per cue, and the cue word is cut from the front of a
 * paragraph that becomes the abstract ("Topic 简介：本期…" → "本期…"); the cut
 * word is kept in the talk's labels (the inline-text readers the passes
 * share, ex_lines and ex_text, are extract_lines.c's).  No layout, no
 * front matter. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ---- editing the tree ------------------------------------------------------- */

static void node_unlink(md_node *n) {
  if (n->prev)
    n->prev->next = n->next;
  else if (n->parent)
    n->parent->first = n->next;
  if (n->next)
    n->next->prev = n->prev;
  else if (n->parent)
    n->parent->last = n->prev;
  n->parent = n->prev = n->next = NULL;
}

static void node_append(md_node *parent, md_node *c) {
  c->parent = parent;
  c->prev = parent->last;
  c->next = NULL;
  if (parent->last)
    parent->last->next = c;
  else
    parent->first = c;
  parent->last = c;
}

static void node_insert_after(md_node *ref, md_node *n) {
  n->parent = ref->parent;
  n->prev = ref;
  n->next = ref->next;
  if (ref->next)
    ref->next->prev = n;
  else if (ref->parent)
    ref->parent->last = n;
  ref->next = n;
}

static void node_delete(md_node *n) {
  node_unlink(n);
  body_free(n);
}

static int is_break(const md_node *n) {
  return n->type == MD_SOFTBREAK || n->type == MD_LINEBREAK || ex_is_br(n);
}

static int talk_cue(ex_cue k) { return k >= EX_CUE_SPEAKER && k <= EX_CUE_ROLE; }

/* Split paragraph p before each of its lines that starts with a talk cue.
 * Returns the pieces in order (p first) in *out; caller frees the array. */
static size_t split_cues(md_node *p, md_node ***out) {
  md_node **brks = NULL;
  size_t nb = 0, cap = 0;
  for (md_node *c = p->first; c; c = c->next) {
    if (!is_break(c) || !c->next)
      continue;
    strbuf line = {0};
    for (md_node *d = c->next; d && !is_break(d); d = d->next) {
      char *t = md_plain_text(d);
      sb_add(&line, t);
      free(t);
    }
    ex_cue_hit h;
    if (line.s && talk_cue(extract_cue(line.s, &h)))
      VEC_PUSH(brks, nb, cap, c);
    sb_free(&line);
  }
  md_node **pieces = xmalloc((nb + 1) * sizeof *pieces);
  pieces[0] = p;
  for (size_t i = nb; i-- > 0;) {
    md_node *b = brks[i];
    md_node *np = xcalloc(1, sizeof *np);
    np->type = MD_PARAGRAPH;
    np->line = b->next ? b->next->line : b->line;
    while (b->next) {
      md_node *m = b->next;
      node_unlink(m);
      node_append(np, m);
    }
    node_delete(b);
    node_insert_after(p, np);
    pieces[i + 1] = np;
  }
  free(brks);
  *out = pieces;
  return nb + 1;
}

/* Split paragraph p after its first line: the rest becomes a new
 * paragraph after p, returned (NULL when p has one line). */
static md_node *split_first_line(md_node *p) {
  md_node *b = p->first;
  while (b && !is_break(b))
    b = b->next;
  if (!b || !b->next)
    return NULL;
  md_node *np = xcalloc(1, sizeof *np);
  np->type = MD_PARAGRAPH;
  np->line = b->next->line;
  while (b->next) {
    md_node *m = b->next;
    node_unlink(m);
    node_append(np, m);
  }
  node_delete(b);
  node_insert_after(p, np);
  return np;
}

/* Remove the first n bytes of p's line text (as ex_lines counts them:
 * text, and one byte per line break).  Returns what is left of n. */
static size_t cut_inline(md_node *parent, size_t n) {
  md_node *c = parent->first;
  while (c && n) {
    md_node *next = c->next;
    switch (c->type) {
    case MD_TEXT:
    case MD_CODE: {
      size_t len = c->text ? strlen(c->text) : 0;
      if (len <= n) {
        n -= len;
        node_delete(c);
      } else {
        memmove(c->text, c->text + n, len - n + 1);
        n = 0;
      }
      break;
    }
    case MD_SOFTBREAK:
    case MD_LINEBREAK:
      n--;
      node_delete(c);
      break;
    case MD_HTML_INLINE:
      if (ex_is_br(c)) {
        n--;
        node_delete(c);
      }
      break;
    case MD_IMAGE:
      break;
    default:
      n = cut_inline(c, n);
      if (!c->first)
        node_delete(c);
      break;
    }
    c = next;
  }
  return n;
}

/* Cut the cue (the first `value` bytes) from p, then leading spaces. */
static void cut_cue(md_node *p, size_t value) {
  cut_inline(p, value);
  /* spaces and breaks left at the front */
  for (;;) {
    md_node *c = p->first;
    while (c && c->type != MD_TEXT && !is_break(c) && c->first)
      c = c->first;
    if (!c)
      return;
    if (is_break(c)) {
      md_node *up = c->parent;
      node_delete(c);
      while (up != p && !up->first) {
        md_node *u = up->parent;
        node_delete(up);
        up = u;
      }
      continue;
    }
    if (c->type != MD_TEXT)
      return;
    char *t = util_trim(c->text);
    size_t lead = (size_t)(strstr(c->text, t) - c->text);
    free(t);
    if (!lead)
      return;
    memmove(c->text, c->text + lead, strlen(c->text + lead) + 1);
    if (*c->text)
      return;
    md_node *up = c->parent;
    node_delete(c);
    while (up != p && !up->first) {
      md_node *u = up->parent;
      node_delete(up);
      up = u;
    }
  }
}

/* ---- the talk's state ------------------------------------------------------- */

typedef enum sect {
  S_DEFAULT,   /* after the title or a field: paragraphs are the abstract */
  S_SPEAKER,   /* after a bare speaker cue: the next paragraph names them */
  S_BIO,       /* a bio */
  S_ABSTRACT,  /* the abstract */
  S_OUTLINE,   /* the outline */
  S_TAKEAWAYS, /* takeaways */
  S_TIME,      /* after a bare time cue */
  S_LINKS,     /* links */
  S_EXTRA      /* under a heading of its own: kept as it is */
} sect;

typedef struct tstate {
  ex_ctx *x;         /* the extraction */
  size_t ti;         /* the talk */
  sect s;            /* what the next block is */
  int fresh;         /* nothing read since the title */
  int title_heading; /* the title came from a heading */
  long bio_to;       /* speaker that bio paragraphs go to, or -1 */
  char *link_label;  /* label of bare URLs in a links section (owned) */
} tstate;

static model_talk *T(tstate *st) { return &st->x->m->talks[st->ti]; }

void ex_push(const md_node ***arr, size_t *n, const md_node *b) {
  if (*n < 4 || !(*n & (*n - 1)))
    *arr = xrealloc((void *)*arr, (*n < 4 ? 4 : *n * 2) * sizeof **arr);
  (*arr)[(*n)++] = b;
}

void ex_push_str(char ***arr, size_t *n, char *s) {
  if (*n < 4 || !(*n & (*n - 1)))
    *arr = xrealloc(*arr, (*n < 4 ? 4 : *n * 2) * sizeof **arr);
  (*arr)[(*n)++] = s;
}

static void extra(tstate *st, const md_node *b) {
  ex_push(&T(st)->extra, &T(st)->n_extra, b);
}

static void set_label(char **slot, const char *line, const ex_cue_hit *h) {
  char *k = ex_trimn(line + h->key_at, h->key_len);
  if (!*k) {
    free(k);
    return;
  }
  if (!*slot) {
    *slot = k;
  } else if (!strstr(*slot, k)) {
    char *j = xasprintf("%s、%s", *slot, k);
    free(*slot);
    free(k);
    *slot = j;
  } else {
    free(k);
  }
}

/* Speakers of one talk compared one by one up to this many (a line naming
 * thousands of people is not a talk's speaker line; past it duplicates are
 * not looked for, so the walk stays linear). */
#define TALK_SPEAKERS_CHECKED 256

static int talk_has(model_talk *t, size_t idx) {
  for (size_t i = 0; i < t->n_speakers && i < TALK_SPEAKERS_CHECKED; i++)
    if (t->speakers[i] == idx)
      return 1;
  return 0;
}

static void talk_speaker(tstate *st, size_t idx) {
  model_talk *t = T(st);
  if (talk_has(t, idx))
    return;
  size_t n = t->n_speakers;
  if (n < 4 || !(n & (n - 1)))
    t->speakers = xrealloc(t->speakers, (n < 4 ? 4 : n * 2) * sizeof *t->speakers);
  t->speakers[t->n_speakers++] = idx;
}

/* Read people from text into the talk; returns how many. */
static size_t add_people(tstate *st, const char *text, ex_strict strict,
                         int line) {
  ex_person *ps;
  size_t n = extract_people(text, strict, ex_known, st->x, &ps);
  for (size_t i = 0; i < n; i++) {
    size_t idx = ex_speaker_add(st->x, &ps[i], line);
    talk_speaker(st, idx);
    if (n == 1)
      st->bio_to = (long)idx;
  }
  if (n != 1)
    st->bio_to = -1;
  extract_people_free(ps, n);
  return n;
}

size_t ex_talk_add_people(ex_ctx *x, size_t ti, const char *text, int line) {
  tstate st = {.x = x, .ti = ti, .s = S_DEFAULT, .bio_to = -1};
  char *people = ex_people_text(text);
  size_t n = add_people(&st, people, EX_LENIENT, line);
  free(people);
  return n;
}

/* Longest time text a talk takes; more time cues go to extra. */
#define TIME_MAX 128

static int add_time(tstate *st, const char *text) {
  model_talk *t = T(st);
  if (t->time && strlen(t->time) > TIME_MAX)
    return 0;
  char *v = extract_time_norm(text);
  if (!*v) {
    free(v);
    return 1;
  }
  if (t->time) {
    char *j = xasprintf("%s %s", t->time, v);
    free(t->time);
    free(v);
    t->time = j;
  } else {
    t->time = v;
  }
  return 1;
}

static void add_link(tstate *st, const char *label, const char *url) {
  model_talk *t = T(st);
  size_t n = t->n_links;
  if (n < 4 || !(n & (n - 1)))
    t->links = xrealloc(t->links, (n < 4 ? 4 : n * 2) * sizeof *t->links);
  t->links[t->n_links].label = ex_trim_seps(label ? label : "");
  t->links[t->n_links].url = xstrdup(url);
  t->n_links++;
}

/* Links from lines "label URL" or "label" then "URL" or a bare URL (then
 * labelled deflabel).  All or nothing: 0 when a line is neither. */
static int links_from_lines(tstate *st, ex_line *L, size_t n, const char *deflabel) {
  const char *pending = NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (L[i].n_urls > 1 || (L[i].n_urls == 0 && *L[i].label && pending))
      return 0;
    if (L[i].n_urls == 0 && *L[i].label)
      pending = L[i].label;
    else if (L[i].n_urls == 1)
      pending = NULL, k++;
  }
  if (pending || !k)
    return 0;
  for (size_t i = 0; i < n; i++) {
    if (L[i].n_urls == 0 && *L[i].label)
      pending = L[i].label;
    else if (L[i].n_urls == 1) {
      add_link(st, *L[i].label ? L[i].label : pending ? pending : deflabel,
               L[i].url);
      pending = NULL;
    }
  }
  return 1;
}

/* Strip a list marker and trailing separators for a takeaway. */
static char *takeaway_text(const char *s) {
  const char *p = s + ex_marker_len(s);
  char *t = util_trim(p);
  size_t n = strlen(t);
  static const char *const tails[] = {"；", ";", "，", ","};
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
      size_t l = strlen(tails[i]);
      if (n >= l && !strcmp(t + n - l, tails[i])) {
        n -= l;
        t[n] = 0;
        again = 1;
      }
    }
  }
  return t;
}

static void add_takeaway(tstate *st, const char *s) {
  char *t = takeaway_text(s);
  if (*t)
    ex_push_str(&T(st)->takeaways, &T(st)->n_takeaways, t);
  else
    free(t);
}

static void takeaways_from_para(tstate *st, const md_node *p) {
  ex_line *L;
  size_t n = ex_lines(p, &L);
  size_t marked = 0, nonempty = 0;
  for (size_t i = 0; i < n; i++) {
    char *t = util_trim(L[i].text);
    if (*t) {
      nonempty++;
      marked += ex_marker_len(t) > 0;
    }
    free(t);
  }
  if (nonempty >= 2 && marked == nonempty) {
    for (size_t i = 0; i < n; i++)
      add_takeaway(st, L[i].text);
  } else {
    char *t = ex_text(p);
    add_takeaway(st, t);
    free(t);
  }
  ex_lines_free(L, n);
}

/* ---- bios ----------------------------------------------------------------------- */

/* Longest bio in bytes that more paragraphs are added to. */
#define BIO_MAX 8192

/* A bio paragraph (or list): to the speaker it names first, else to the
 * speaker of the latest speaker cue.  A bio naming someone new in a talk
 * that has no speakers yet adds them ("嘉宾介绍" then "祝辰（花名忘禅），…"). */
/* A designation read from a bio's first sentence without the verb that
 * opens it: "is the Co-founder and CEO of EloqData" → "Co-founder and CEO
 * of EloqData"; in place. */
static void drop_bio_verb(char *d) {
  static const char *const verbs[] = {"is the ", "is a ", "is an ", "is ",
                                      "was the ", "was a ", "was an ",
                                      "works as a ", "works as an ",
                                      "works as ", "serves as the ",
                                      "serves as a ", "serves as ", NULL};
  for (size_t i = 0; verbs[i]; i++) {
    size_t n = strlen(verbs[i]);
    if (!strncasecmp(d, verbs[i], n) && d[n]) {
      memmove(d, d + n, strlen(d + n) + 1);
      return;
    }
  }
}

static void bio_block(tstate *st, const md_node *b, const char *text) {
  model_talk *t = T(st);
  ex_person *ps;
  size_t n = extract_people(text, EX_BIO, ex_known, st->x, &ps);
  long to = -1;
  if (n) {
    long found = ex_speaker_find(st->x, ps[0].name, strlen(ps[0].name));
    if (found < 0 && ps[0].alias)
      found = ex_speaker_find(st->x, ps[0].alias, strlen(ps[0].alias));
    if (found >= 0 && talk_has(t, (size_t)found)) {
      to = found;
      /* fill what the speaker line did not give ("X is the CEO of Y":
       * "CEO of Y") */
      ex_person q = ps[0];
      if (q.designation)
        drop_bio_verb(q.designation);
      ex_speaker_add(st->x, &q, b->line);
    } else if (!t->n_speakers || (st->bio_to < 0 && t->n_speakers > 1)) {
      to = (long)ex_speaker_add(st->x, &ps[0], b->line);
      talk_speaker(st, (size_t)to);
    }
  }
  extract_people_free(ps, n);
  if (to < 0)
    to = st->bio_to >= 0 ? st->bio_to
         : T(st)->n_speakers == 1 ? (long)T(st)->speakers[0]
                                  : -1;
  if (to < 0) {
    diag_report(DIAG_EX_BIO_ALONE, st->x->path, b->line, 0);
    extra(st, b);
    return;
  }
  /* a bio runs a few paragraphs; a long run is the talk's own text */
  const char *bio = st->x->m->speakers[to].bio;
  if (bio && strlen(bio) > BIO_MAX) {
    extra(st, b);
    return;
  }
  st->bio_to = to;
  ex_speaker_bio(st->x, (size_t)to, text);
}

/* ---- blocks -------------------------------------------------------------------- */

static void block(tstate *st, md_node *b);

static int has_abstract(tstate *st) { return T(st)->n_abstract > 0; }

/* A cue line read: the paragraph or heading it opens, its lines, the
 * cue, and its value (the rest of the first line and the lines after). */
typedef struct cue_line {
  md_node *p;         /* the paragraph or heading */
  ex_line *L;         /* its lines */
  size_t n;           /* count */
  const ex_cue_hit *h;/* the cue */
  const char *value;  /* the value, trimmed ("" when bare) */
  int heading;        /* p is a heading */
} cue_line;

/* 1 when text opens by telling who one of the talk's speakers is: the
 * name (a Latin name's first word will do) and a verb of a bio ("Jane
 * builds design systems at Acme", "Jane Doe is …", "张三是…", "张三现任…"). */
static int opens_bio(const model *m, const model_talk *t, const char *text) {
  static const char *const verbs[] = {
      " is ",     " has ",   " was ",    " works ",  " leads ", " builds ",
      " loves ",  " joined ", " holds ",  " runs ",   "'s ",     "\u2019s ",
      " serves ", " received ", " founded ", " specializes ", " focuses ",
      "\u662f",  "\u73b0\u4efb", "\uff0c\u73b0\u4efb", NULL}; /* 是 现任 ，现任 */
  for (size_t k = 0; k < t->n_speakers; k++) {
    const char *name = m->speakers[t->speakers[k]].name;
    size_t full = strlen(name), first = strcspn(name, " ");
    size_t lens[2] = {full, first < full && !ex_has_han(name) ? first : 0};
    for (int i = 0; i < 2; i++) {
      if (lens[i] < 2 || strncmp(text, name, lens[i]))
        continue;
      for (size_t v = 0; verbs[v]; v++)
        if (!strncmp(text + lens[i], verbs[v], strlen(verbs[v])))
          return 1;
    }
  }
  return 0;
}

/* 1 when line reads as an English sentence, not a name: it ends in a
 * full stop and runs four words or more ("Mia shows how to trace a
 * request."). */
static int sentence_line(const char *line) {
  size_t n = strlen(line);
  while (n && line[n - 1] == ' ')
    n--;
  int stop = (n && strchr(".!?", line[n - 1])) ||
             (n >= 3 && (!strncmp(line + n - 3, "\u3002", 3) ||
                         !strncmp(line + n - 3, "\uff01", 3)));
  size_t words = 1;
  for (const char *p = line; *p; p++)
    words += *p == ' ' && p[1] && p[1] != ' ';
  /* a Chinese line under a name is its designation, full stop or not */
  return stop && words >= 4 && !ex_has_han(line);
}

/* The longest line read as a speaker and their role. */
#define ROLE_LINE_MAX_CPS 80
/* The longest label before a colon that opens a line of its own. */
#define LABEL_MAX_CPS 10

/* 1 when line opens with a short label and a colon ("简介：", "Abstract:"):
 * a field of its own, not more people. */
static int label_line(const char *line) {
  size_t n = 0, k;
  for (const char *p = line; *p && n <= LABEL_MAX_CPS; p += k, n++) {
    uint32_t cp = ex_cp(p, &k);
    if (!k)
      break;
    if (ex_is_colon(cp))
      return n > 0 && (cp != ':' || (p[1] != '/' && !isdigit((unsigned char)p[1])));
  }
  return 0;
}

/* "Speaker: Mia Chen (Pixel)" over "Mia shows how to trace …" in one
 * paragraph: the value ends before the first line that is a sentence or
 * a field of its own ("简介：…").
 * Cuts c->value there and returns that line and the rest (caller frees),
 * or NULL. */
static char *sentence_after_people(const cue_line *c) {
  for (char *nl = strchr(c->value, '\n'); nl; nl = strchr(nl + 1, '\n')) {
    char *line = nl + 1;
    char *end = strchr(line, '\n');
    char save = end ? *end : 0;
    if (end)
      *end = 0;
    int prose = sentence_line(line) || label_line(line);
    if (end)
      *end = save;
    if (prose) {
      char *rest = xstrdup(line);
      *nl = 0;
      return rest;
    }
  }
  return NULL;
}

/* The text after a speaker line in its paragraph: the speaker's bio when
 * it tells who they are, else the talk's abstract. */
static void after_people(tstate *st, const cue_line *c, const char *rest) {
  if (opens_bio(st->x->m, T(st), rest))
    bio_block(st, c->p, rest);
  else
    ex_text_blocks(st->x, rest, c->p->line, &T(st)->abstract,
                   &T(st)->n_abstract);
}

static void cue_speaker(tstate *st, const cue_line *c) {
  model_talk *t = T(st);
  const char *first = c->L[0].text;
  char *rest = sentence_after_people(c);
  if (!*c->value) {
    set_label(&t->labels.speaker, first, c->h);
    st->s = S_SPEAKER;
  } else if (add_people(st, c->value, EX_LENIENT, c->p->line)) {
    set_label(&T(st)->labels.speaker, first, c->h);
    char *key = xstrndup(first + c->h->key_at, c->h->key_len);
    if (extract_kind(key) == MODEL_PANEL)
      T(st)->kind = MODEL_PANEL;
    free(key);
    st->s = S_DEFAULT;
    if (rest)
      after_people(st, c, rest);
  } else {
    diag_report(DIAG_EX_NO_NAME, st->x->path, c->p->line, 0, c->value);
    extra(st, c->p); /* the whole paragraph, its sentences too */
  }
  free(rest);
}

static void cue_bio(tstate *st, const cue_line *c) {
  set_label(&T(st)->labels.bio, c->L[0].text, c->h);
  if (!*c->value) {
    st->s = S_BIO;
  } else if (c->heading) {
    extra(st, c->p);
    st->s = S_BIO;
  } else {
    cut_cue(c->p, c->h->value);
    char *text = ex_text(c->p);
    bio_block(st, c->p, text);
    free(text);
    st->s = S_DEFAULT;
  }
}

/* An abstract or an outline (abs: which). */
static void cue_text(tstate *st, const cue_line *c, int abs) {
  model_talk *t = T(st);
  set_label(abs ? &t->labels.abstract : &t->labels.outline, c->L[0].text, c->h);
  if (*c->value && c->heading) {
    extra(st, c->p);
  } else if (*c->value) {
    cut_cue(c->p, c->h->value);
    if (abs)
      ex_push(&t->abstract, &t->n_abstract, c->p);
    else
      ex_push(&t->outline, &t->n_outline, c->p);
  }
  st->s = abs ? S_ABSTRACT : S_OUTLINE;
}

static void cue_takeaways(tstate *st, const cue_line *c) {
  set_label(&T(st)->labels.takeaways, c->L[0].text, c->h);
  if (*c->value && c->heading) {
    add_takeaway(st, c->value);
  } else if (*c->value) {
    cut_cue(c->p, c->h->value);
    takeaways_from_para(st, c->p);
  }
  st->s = S_TAKEAWAYS;
}

static void cue_time(tstate *st, const cue_line *c) {
  set_label(&T(st)->labels.time, c->L[0].text, c->h);
  if (!*c->value)
    st->s = S_TIME;
  else if (add_time(st, c->value))
    st->s = S_DEFAULT;
  else
    extra(st, c->p);
}

/* "### 第一场" then "议题：…": the cue names the talk, the heading's text
 * becomes its numbering. */
static void cue_topic(tstate *st, const cue_line *c) {
  model_talk *t = T(st);
  if (!st->fresh || !*c->value) {
    extra(st, c->p);
    return;
  }
  char *prefix = NULL;
  char *title = extract_title_clean(c->value, &prefix);
  char *old = t->title;
  char *key = ex_trimn(c->L[0].text + c->h->key_at, c->h->key_len);
  char *pre;
  if (old && *old)
    pre = t->title_prefix ? xasprintf("%s %s %s", t->title_prefix, old, key)
                          : xasprintf("%s %s", old, key);
  else
    pre = xstrdup(key);
  if (prefix) {
    char *j = xasprintf("%s %s", pre, prefix);
    free(pre);
    pre = j;
  }
  free(t->title_prefix);
  t->title_prefix = pre;
  free(key), free(prefix), free(old);
  t->title = title;
  t->kind = extract_kind(title);
}

static void cue_link(tstate *st, const cue_line *c) {
  model_talk_labels *lb = &T(st)->labels;
  const char *first = c->L[0].text;
  char *key = ex_trimn(first + c->h->key_at, c->h->key_len);
  if (!*c->value) {
    set_label(&lb->links, first, c->h);
    free(st->link_label);
    st->link_label = xstrdup(key);
    st->s = S_LINKS;
  } else if (c->n == 1 && c->L[0].n_urls == 1) {
    set_label(&lb->links, first, c->h);
    const char *rest = strlen(c->L[0].label) >= c->h->value - c->h->key_at
                           ? c->L[0].label + (c->h->value - c->h->key_at)
                           : "";
    char *r = ex_trim_seps(rest);
    char *label = *r ? xasprintf("%s %s", key, r) : xstrdup(key);
    add_link(st, label, c->L[0].url);
    free(label), free(r);
  } else if (c->n > 1 && !first[c->h->value] &&
             links_from_lines(st, c->L + 1, c->n - 1, key)) {
    /* "项目地址：" then "name" and "URL" lines */
    set_label(&lb->links, first, c->h);
  } else {
    char *u = ex_find_url(c->value);
    if (u && c->n == 1 && !strchr(c->value, ' ')) {
      set_label(&lb->links, first, c->h);
      add_link(st, key, u);
    } else {
      extra(st, c->p);
    }
    free(u);
  }
  free(key);
}

/* "公司：…", "职位：…": to the speaker the talk last named. */
static void cue_role(tstate *st, const cue_line *c) {
  model_talk *t = T(st);
  long to = st->bio_to >= 0 ? st->bio_to
            : t->n_speakers ? (long)t->speakers[t->n_speakers - 1]
                            : -1;
  if (to < 0 || !*c->value) {
    extra(st, c->p);
    return;
  }
  model_speaker *s = &st->x->m->speakers[to];
  if (s->designation && strlen(s->designation) > 256) {
    extra(st, c->p);
    return;
  }
  char *d = s->designation ? xasprintf("%s %s", s->designation, c->value)
                           : xstrdup(c->value);
  free(s->designation);
  s->designation = d;
}

/* A cue line starting paragraph (or heading) p. */
static void cue(tstate *st, md_node *p, ex_line *L, size_t n, ex_cue_hit *h,
                int heading) {
  /* the value: the rest of the first line and the lines after it */
  strbuf v = {0};
  sb_add(&v, L[0].text + h->value);
  for (size_t i = 1; i < n; i++) {
    if (v.len)
      sb_addc(&v, '\n');
    sb_add(&v, L[i].text);
  }
  char *raw = sb_take(&v);
  char *value = util_trim(raw);
  free(raw);
  cue_line c = {.p = p, .L = L, .n = n, .h = h, .value = value,
                .heading = heading};
  switch (h->kind) {
  case EX_CUE_SPEAKER:
    cue_speaker(st, &c);
    break;
  case EX_CUE_BIO:
    cue_bio(st, &c);
    break;
  case EX_CUE_ABSTRACT:
  case EX_CUE_OUTLINE:
    cue_text(st, &c, h->kind == EX_CUE_ABSTRACT);
    break;
  case EX_CUE_TAKEAWAYS:
    cue_takeaways(st, &c);
    break;
  case EX_CUE_TIME:
    cue_time(st, &c);
    break;
  case EX_CUE_TOPIC:
    cue_topic(st, &c);
    break;
  case EX_CUE_LINK:
    cue_link(st, &c);
    break;
  case EX_CUE_ROLE:
    cue_role(st, &c);
    break;
  default:
    extra(st, p);
    break;
  }
  free(value);
}


/* 1 when text is one of the talk's speakers and their role, on one short
 * line: "Hubert Zhang: EloqData CTO", "温铭，示例科技 CEO". */
static int names_role(const model *m, const model_talk *t, const char *text) {
  if (strchr(text, '\n') || ex_cps(text) > ROLE_LINE_MAX_CPS)
    return 0;
  for (size_t k = 0; k < t->n_speakers; k++) {
    const char *name = m->speakers[t->speakers[k]].name;
    size_t n = strlen(name);
    if (strncmp(text, name, n))
      continue;
    const char *r = text + n;
    size_t cl;
    uint32_t cp = ex_cp(r, &cl);
    if ((ex_is_colon(cp) || cp == ',' || cp == 0xFF0C) &&
        *ex_skip_spaces(r + cl) && !strpbrk(r, ".!?") && !strstr(r, "\u3002"))
      return 1;
  }
  return 0;
}

/* A paragraph without a cue, by what the last cue announced. */
static void plain(tstate *st, md_node *p, ex_line *L, size_t n) {
  model_talk *t = T(st);
  switch (st->s) {
  case S_SPEAKER: {
    char *text = ex_text(p);
    if (ex_cps(text) > 60 || strstr(text, "。")) {
      bio_block(st, p, text);
    } else if (!add_people(st, text, EX_LENIENT, p->line)) {
      diag_report(DIAG_EX_NO_NAME, st->x->path, p->line, 0, text);
      extra(st, p);
    }
    free(text);
    st->s = S_DEFAULT;
    break;
  }
  case S_BIO: {
    char *text = ex_text(p);
    bio_block(st, p, text);
    free(text);
    break;
  }
  case S_TAKEAWAYS:
    takeaways_from_para(st, p);
    break;
  case S_OUTLINE:
    ex_push(&t->outline, &t->n_outline, p);
    break;
  case S_TIME: {
    char *text = ex_text(p);
    if (!add_time(st, text))
      extra(st, p);
    free(text);
    st->s = S_DEFAULT;
    break;
  }
  case S_LINKS:
    if (!links_from_lines(st, L, n, st->link_label ? st->link_label : ""))
      extra(st, p);
    break;
  case S_EXTRA:
    extra(st, p);
    break;
  case S_ABSTRACT:
  case S_DEFAULT: {
    char *first = util_trim(L[0].text);
    int marked = ex_marker_len(first) > 0;
    free(first);
    if (st->s == S_DEFAULT && st->fresh && !t->n_speakers && n == 1) {
      ex_person *ps;
      size_t k = extract_people(L[0].text, EX_STRICT, ex_known, st->x, &ps);
      extract_people_free(ps, k);
      if (k && add_people(st, L[0].text, EX_STRICT, p->line))
        break;
      /* "温铭，支流科技联合创始人＆CEO，…": a name and its designation,
       * as the record's reader saw (person_under) */
      if (!k &&
          (strpbrk(L[0].text, ",(") || strstr(L[0].text, "\uff0c")) &&
          ex_names_score(L[0].text, ex_known, st->x) >= ex_limits.names_likely &&
          add_people(st, L[0].text, EX_LENIENT, p->line))
        break;
    }
    char *text = ex_text(p);
    int bio = opens_bio(st->x->m, t, text);
    int role = !bio && n == 1 && names_role(st->x->m, t, text) &&
               add_people(st, text, EX_LENIENT, p->line);
    if (bio)
      bio_block(st, p, text);
    free(text);
    if (bio) {
      st->s = S_BIO;
    } else if (role) {
      st->s = S_DEFAULT; /* "Hubert Zhang: EloqData CTO", a speaker's line */
    } else if (marked && has_abstract(st)) {
      ex_push(&t->outline, &t->n_outline, p);
      st->s = S_OUTLINE;
    } else {
      ex_push(&t->abstract, &t->n_abstract, p);
      st->s = S_ABSTRACT;
    }
    break;
  }
  }
}

static void paragraph_piece(tstate *st, md_node *p) {
  if (ex_only_images(p)) {
    extra(st, p);
    return;
  }
  ex_line *L;
  size_t n = ex_lines(p, &L);
  ex_cue_hit h;
  if (n && talk_cue(extract_cue(L[0].text, &h)))
    cue(st, p, L, n, &h, 0);
  else
    plain(st, p, L, n);
  ex_lines_free(L, n);
}

static void paragraph(tstate *st, md_node *p) {
  md_node **pieces;
  size_t n = split_cues(p, &pieces);
  for (size_t i = 0; i < n; i++) {
    paragraph_piece(st, pieces[i]);
    st->fresh = 0;
  }
  free(pieces);
}

static int item_starts_with_cue(const md_node *item) {
  const md_node *p = item->first;
  if (!p || p->type != MD_PARAGRAPH)
    return 0;
  ex_line *L;
  size_t n = ex_lines(p, &L);
  ex_cue_hit h;
  int yes = n && talk_cue(extract_cue(L[0].text, &h));
  ex_lines_free(L, n);
  return yes;
}

static void list(tstate *st, md_node *l) {
  model_talk *t = T(st);
  size_t items = 0, cues = 0;
  for (const md_node *it = l->first; it; it = it->next)
    items++, cues += item_starts_with_cue(it);
  if (cues && cues * 2 >= items) {
    /* a list of "**key：**value" items: each item's blocks in turn */
    for (md_node *it = l->first; it; it = it->next) {
      for (md_node *c = it->first; c;) {
        md_node *next = c->next;
        block(st, c);
        c = next;
      }
    }
    return;
  }
  switch (st->s) {
  case S_TAKEAWAYS:
    for (const md_node *it = l->first; it; it = it->next) {
      char *text = ex_text(it);
      add_takeaway(st, text);
      free(text);
    }
    break;
  case S_OUTLINE:
    ex_push(&t->outline, &t->n_outline, l);
    break;
  case S_ABSTRACT:
  case S_DEFAULT:
    if (has_abstract(st)) {
      ex_push(&t->outline, &t->n_outline, l);
      st->s = S_OUTLINE;
    } else if (st->s == S_ABSTRACT) {
      ex_push(&t->abstract, &t->n_abstract, l);
    } else {
      extra(st, l);
    }
    break;
  case S_BIO: {
    char *text = ex_text(l);
    bio_block(st, l, text);
    free(text);
    break;
  }
  case S_SPEAKER: {
    int ok = 1;
    for (const md_node *it = l->first; it && ok; it = it->next) {
      char *text = ex_text(it);
      ex_person *ps;
      size_t k = extract_people(text, EX_LENIENT, ex_known, st->x, &ps);
      extract_people_free(ps, k);
      ok = k > 0;
      free(text);
    }
    for (const md_node *it = l->first; it && ok; it = it->next) {
      char *text = ex_text(it);
      add_people(st, text, EX_LENIENT, it->line);
      free(text);
    }
    if (!ok)
      extra(st, l);
    st->s = S_DEFAULT;
    break;
  }
  case S_LINKS: {
    /* every item a link line: all of them, else the list as it is */
    int ok = 1;
    for (const md_node *it = l->first; it && ok; it = it->next)
      ok = it->first && it->first == it->last && it->first->type == MD_PARAGRAPH;
    size_t before = t->n_links;
    for (const md_node *it = l->first; it && ok; it = it->next) {
      ex_line *L;
      size_t n = ex_lines(it->first, &L);
      ok = links_from_lines(st, L, n, st->link_label ? st->link_label : "");
      ex_lines_free(L, n);
    }
    if (!ok) {
      for (size_t i = before; i < t->n_links; i++)
        free(t->links[i].label), free(t->links[i].url);
      t->n_links = before;
      extra(st, l);
    }
    break;
  }
  default:
    extra(st, l);
    break;
  }
}

static void heading(tstate *st, md_node *h) {
  ex_line *L;
  size_t n = ex_lines(h, &L);
  ex_cue_hit hit;
  if (n && talk_cue(extract_cue(L[0].text, &hit))) {
    cue(st, h, L, n, &hit, 1);
  } else {
    extra(st, h);
    st->s = S_EXTRA;
  }
  ex_lines_free(L, n);
}

static int person_line(tstate *st, const md_node *b) {
  char *text = ex_text(b);
  int ok = 0;
  if (!strchr(text, '\n') && ex_cps(text) <= 80) {
    ex_person *ps;
    size_t k = extract_people(text, EX_STRICT, ex_known, st->x, &ps);
    extract_people_free(ps, k);
    ok = k > 0 && add_people(st, text, EX_STRICT, b->line) > 0;
  }
  free(text);
  return ok;
}

static void block(tstate *st, md_node *b) {
  switch (b->type) {
  case MD_PARAGRAPH:
    paragraph(st, b);
    return;
  case MD_HEADING:
    heading(st, b);
    break;
  case MD_LIST:
    list(st, b);
    break;
  case MD_TABLE:
    if (!ex_agenda_table(st->x, b))
      extra(st, b);
    break;
  case MD_THEMATIC_BREAK:
    return; /* a separator between talks */
  case MD_BLOCKQUOTE:
    /* "> Jane Doe, Staff Engineer" right under the title */
    if (st->fresh && !T(st)->n_speakers && person_line(st, b))
      break;
    /* "> 演讲者：…" / "> 时间：…": the quote holds the talk's fields */
    if (ex_cue_bits(b) & (EX_CUE_BIT(EX_CUE_SPEAKER) | EX_CUE_BIT(EX_CUE_TIME))) {
      for (md_node *c = b->first; c;) {
        md_node *next = c->next;
        block(st, c);
        c = next;
      }
      return;
    }
    extra(st, b);
    break;
  default:
    extra(st, b);
    break;
  }
  st->fresh = 0;
}

/* ---- the talk ------------------------------------------------------------------ */

void ex_talk_fill(ex_ctx *x, size_t ti, md_node *const *blocks, size_t n) {
  ex_talk_read(x, ti, NULL, blocks, n, NULL);
}

/* Sure enough of the people of a title line to read them before the
 * blocks (so that a bio after them finds them). */
#define HEAD_PEOPLE_FIRST 0.75

/* The pieces of a title paragraph: split at its cue lines, the "议题：…"
 * line of a block of cue lines first (it is the title), then the lines
 * after the title line as a piece of their own ("**《…》**" over "张三 某
 * 公司").  *title becomes the first piece.  Returns the pieces (caller
 * frees the array) and their count in *n. */
static md_node **title_pieces(md_node **title, size_t *n) {
  md_node **pieces = NULL;
  *n = 0;
  if ((*title)->type != MD_PARAGRAPH)
    return NULL;
  *n = split_cues(*title, &pieces);
  for (size_t i = 0; i < *n; i++) {
    ex_line *L;
    size_t nl = ex_lines(pieces[i], &L);
    ex_cue_hit h;
    int topic = nl && extract_cue(L[0].text, &h) == EX_CUE_TOPIC &&
                L[0].text[h.value];
    ex_lines_free(L, nl);
    if (topic) {
      md_node *t = pieces[i];
      /* to the front, the others in their order */
      memmove(pieces + 1, pieces, i * sizeof *pieces);
      pieces[0] = t;
      break;
    }
  }
  *title = pieces[0];
  md_node *rest = split_first_line(*title);
  if (rest) {
    pieces = xrealloc(pieces, (*n + 1) * sizeof *pieces);
    memmove(pieces + 2, pieces + 1, (*n - 1) * sizeof *pieces);
    pieces[1] = rest;
    (*n)++;
  }
  return pieces;
}

/* The talk's title, numbering and time from its title line as read. */
static void read_title(tstate *st, md_node *title, const ex_head *pre) {
  model_talk *t = T(st);
  t->line = title->line;
  st->title_heading = title->type == MD_HEADING;
  ex_line *L;
  size_t nl = ex_lines(title, &L);
  ex_cue_hit h;
  char *topic_key = NULL;
  if (nl && extract_cue(L[0].text, &h) == EX_CUE_TOPIC && !h.bare)
    topic_key = ex_trimn(L[0].text + h.key_at, h.key_len);
  ex_lines_free(L, nl);
  if (pre->time)
    add_time(st, pre->time);
  char *raw = ex_trim_seps(pre->title);
  if (pre->people && pre->names >= HEAD_PEOPLE_FIRST) {
    char *people = ex_people_text(pre->people);
    add_people(st, people, EX_LENIENT, t->line);
    free(people);
  }
  char *prefix = NULL;
  free(t->title);
  t->title = extract_title_clean(raw, &prefix);
  free(raw);
  /* the cue word that named the talk ("议题") is kept like a number */
  if (topic_key && prefix) {
    t->title_prefix = xasprintf("%s %s", topic_key, prefix);
    free(prefix);
    free(topic_key);
  } else {
    t->title_prefix = prefix ? prefix : topic_key;
  }
  t->kind = extract_kind(t->title);
}

void ex_talk_read(ex_ctx *x, size_t ti, md_node *title, md_node *const *blocks,
                  size_t n, const ex_head *pre) {
  tstate st = {.x = x, .ti = ti, .s = S_DEFAULT, .fresh = 1, .bio_to = -1};
  md_node **pieces = NULL;
  size_t n_pieces = 0;
  if (title && pre) {
    pieces = title_pieces(&title, &n_pieces);
    read_title(&st, title, pre);
  }
  for (size_t i = 1; i < n_pieces; i++) {
    paragraph_piece(&st, pieces[i]);
    st.fresh = 0;
  }
  free(pieces);
  for (size_t i = 0; i < n; i++)
    block(&st, blocks[i]);
  model_talk *t = T(&st);
  /* the people of the title line ("Title by Name", "《Title》——张三") when
   * nothing under it named speakers */
  if (pre && pre->people && !t->n_speakers) {
    char *people = ex_people_text(pre->people);
    add_people(&st, people, EX_LENIENT, t->line);
    free(people);
  }
  t = T(&st);
  if (t->kind == MODEL_TALK && t->title)
    t->kind = extract_kind(t->title);
  if (!t->title)
    t->title = xstrdup("");
  free(st.link_label);
}

/* ---- links to talks written elsewhere ------------------------------------ */

/* What a link is by its address: slides, a video or another link. */
static const char *link_kind_label(const char *url, int zh) {
  static const char *const slides[] = {".pdf", ".ppt", ".pptx", ".key", ".odp",
                                       "slideshare.", "speakerdeck.",
                                       "/slides", "slides.", NULL};
  static const char *const video[] = {"youtube.", "youtu.be", "bilibili.",
                                      "vimeo.", "youku.", "v.qq.", NULL};
  for (size_t i = 0; slides[i]; i++)
    if (ex_casestr(url, slides[i]))
      return zh ? "幻灯片" : "Slides";
  for (size_t i = 0; video[i]; i++)
    if (ex_casestr(url, video[i]))
      return zh ? "视频" : "Video";
  return zh ? "链接" : "Link";
}

/* The link cue ("资料下载：", "Slides:") that opens paragraph p, copied,
 * or NULL. */
static char *para_link_cue(const md_node *p) {
  if (!p || p->type != MD_PARAGRAPH)
    return NULL;
  ex_line *L = NULL;
  size_t n = ex_lines(p, &L);
  char *key = NULL;
  ex_cue_hit h;
  if (n && extract_cue(L[0].text, &h) == EX_CUE_LINK)
    key = ex_trimn(L[0].text + h.key_at, h.key_len);
  ex_lines_free(L, n);
  return key;
}

/* The label of a link: the cue of its paragraph, else of the items it
 * sits in ("- 幻灯片：" over a nested list of links), else its kind. */
static char *link_label_of(const md_node *link, int zh) {
  const md_node *p = link->parent;
  while (p && p->type != MD_PARAGRAPH && p->type != MD_TABLE_CELL)
    p = p->parent;
  char *key = para_link_cue(p);
  for (const md_node *a = p ? p->parent : NULL; !key && a; a = a->parent)
    if (a->type == MD_ITEM && a->first && a->first != p)
      key = para_link_cue(a->first);
  return key ? key : xstrdup(link_kind_label(link->url, zh));
}

/* The talk whose title a link's text is (decoration aside), or -1. */
static long talk_of_link(const model *m, const md_node *link) {
  char *text = md_plain_text(link), *prefix = NULL;
  char *clean = extract_title_clean(text, &prefix);
  char *key = ex_fold(clean);
  long found = -1;
  for (size_t i = 0; *key && i < m->n_talks && found < 0; i++) {
    char *tk = ex_fold(m->talks[i].title);
    if (!strcmp(tk, key))
      found = (long)i;
    free(tk);
  }
  free(text), free(prefix), free(clean), free(key);
  return found;
}

static void links_in(ex_ctx *x, const md_node *n) {
  for (const md_node *c = n->first; c; c = c->next) {
    if (c->type == MD_LINK && c->url && ex_casestr(c->url, "http") == c->url) {
      long ti = talk_of_link(x->m, c);
      if (ti < 0)
        continue;
      model_talk *t = &x->m->talks[ti];
      int have = 0;
      for (size_t k = 0; k < t->n_links && !have; k++)
        have = !strcmp(t->links[k].url, c->url);
      if (!have) {
        tstate st = {.x = x, .ti = (size_t)ti};
        char *label = link_label_of(c, x->zh);
        add_link(&st, label, c->url);
        free(label);
      }
      continue;
    }
    links_in(x, c);
  }
}

void ex_talk_links_elsewhere(ex_ctx *x) {
  model *m = x->m;
  if (!m->n_talks)
    return;
  for (size_t i = 0; i < m->n_about; i++)
    links_in(x, m->about[i]);
  for (size_t i = 0; i < m->n_prose; i++)
    links_in(x, m->prose[i]);
}
