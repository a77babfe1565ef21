/* extract_line.c — the reader of one title line: the line an agenda row,
 * a list item, a heading or a bold paragraph opens with, read into a time,
 * a title and the people who give it.  Pages write the two halves in both
 * orders and with any separator ("续本达：Debian 技术分享", "“Title” by Ada
 * Roe", "Title - [Ada Roe](…) - [@ada](…)", "**吴伟** 社区回顾",
 * "王硕博士 —— 《什么是云计算》", "Title (Ada Roe & Bo Li)"), so every split
 * the line allows is tried and the one whose people half scores best as
 * names (ex_names_score), against a title half that does not, is kept.
 *
 * A group of sibling lines is written one way: ex_head_pattern finds the
 * separator and the order most of them use, and reading a line with that
 * pattern (ex_head_read with a pattern) accepts a weaker people half where
 * the group puts people ("wuvist  论使用Python…" among "王健  用Python…").
 *
 * Nothing here knows blocks or the model; it reads text only. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- the separators ------------------------------------------------------------ */

/* Text of each separator a split looks for (spaces as written). */
static const struct {
  ex_sep sep;      /* its kind */
  const char *s;   /* as written */
} sep_texts[] = {
    {EX_SEP_BY, " by "},     {EX_SEP_BY, ", by "},   {EX_SEP_BY, "，by "},
    {EX_SEP_DASH, "——"},     {EX_SEP_DASH, " — "},   {EX_SEP_DASH, "—"},
    {EX_SEP_DASH, " – "},    {EX_SEP_DASH, " -- "},  {EX_SEP_DASH, " - "},
    {EX_SEP_BAR, " | "},     {EX_SEP_BAR, "｜"},     {EX_SEP_BAR, "|"},
    {EX_SEP_TAB, "\t"},      {EX_SEP_COLON, "："},   {EX_SEP_COLON, ": "},
    {EX_SEP_COMMA, "，"},    {EX_SEP_COMMA, ", "},   {EX_SEP_WITH, " with "},
};

/* How much a split by each separator is preferred when the names score
 * alike (the words "by" and quotes say which half is which). */
static double sep_bonus(ex_sep s) {
  switch (s) {
  case EX_SEP_QUOTE:
    return 0.3;
  case EX_SEP_BY:
    return 0.4;
  case EX_SEP_PAREN:
  case EX_SEP_DASH:
  case EX_SEP_TAB:
    return 0.05;
  case EX_SEP_SPACE:
  case EX_SEP_WITH:
    return -0.1;
  default:
    return 0;
  }
}

/* ---- one split -------------------------------------------------------------------- */

typedef struct split {
  char *title;      /* title half, trimmed */
  char *people;     /* people half, trimmed */
  ex_sep sep;       /* separator */
  int people_first; /* people before the title */
  double names;     /* name score of people */
  double tnames;    /* name score of title */
} split;

static void split_free(split *s) {
  free(s->title), free(s->people);
  memset(s, 0, sizeof *s);
}

/* A title half must say something: two code points, not only marks. */
static int title_ok(const char *t) {
  if (!strncasecmp(t, "by ", 3) || t[0] == '@')
    return 0; /* "by Ada", "@ada": people, not a title */
  char *f = ex_fold(t);
  int ok = ex_cps(f) >= 2 || (ex_cps(f) == 1 && ex_has_han(f));
  free(f);
  return ok;
}

/* Score a split of the line into a and b, people in b when !people_first.
 * Keeps it in *best when it beats it. */
static void consider(ex_ctx *x, const char *a, size_t alen, const char *b,
                     ex_sep sep, int people_first, double need, int pattern,
                     split *best, double *best_score) {
  char *ta = ex_trimn(a, alen), *tb = util_trim(b);
  char *title = ex_trim_seps(people_first ? tb : ta);
  char *people = ex_trim_seps(people_first ? ta : tb);
  free(ta), free(tb);
  if (!*people || !title_ok(title)) {
    free(title), free(people);
    return;
  }
  double pn = ex_names_score(people, ex_known, x);
  double tn = ex_names_score(title, ex_known, x);
  /* "Ada Roe - @adaroe": a handle beside a name says the half is people */
  if (strchr(people, '@') && !strchr(title, '@'))
    pn += 0.15;
  double score = pn - 0.6 * tn + sep_bonus(sep);
  /* "by", quotes and the group's own pattern say which half is people */
  int sure_sep = sep == EX_SEP_BY || sep == EX_SEP_QUOTE ||
                 sep == EX_SEP_PAREN || sep == EX_SEP_WITH || pattern;
  if (pn < need || (pn <= tn && !sure_sep) || score <= *best_score) {
    free(title), free(people);
    return;
  }
  split_free(best);
  best->title = title;
  best->people = people;
  best->sep = sep;
  best->people_first = people_first;
  best->names = pn;
  best->tnames = tn;
  *best_score = score;
}

/* The quoted title of s: 《…》, “…” or "…" (the first pair), with bytes of
 * the text before it in *pre and the offset after it in *post. */
static int quoted(const char *s, size_t *pre, size_t *post) {
  static const char *const pairs[][2] = {{"《", "》"}, {"“", "”"}, {"\"", "\""},
                                         {"「", "」"}};
  for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
    const char *o = strstr(s, pairs[i][0]);
    if (!o)
      continue;
    const char *c = strstr(o + strlen(pairs[i][0]), pairs[i][1]);
    if (!c || c == o + strlen(pairs[i][0]))
      continue;
    c += strlen(pairs[i][1]);
    while (!strncmp(c, pairs[i][1], strlen(pairs[i][1])))
      c += strlen(pairs[i][1]);
    *pre = (size_t)(o - s);
    *post = (size_t)(c - s);
    return 1;
  }
  return 0;
}

/* Splits by quotes: "Name 《Title》 [slides]", "组织：Name《Title》",
 * "“Title” by Name", "《Title》——Name". */
static void quote_splits(ex_ctx *x, const char *s, double need, split *best,
                         double *score) {
  size_t pre, post;
  if (!quoted(s, &pre, &post))
    return;
  char *before = ex_trimn(s, pre);
  /* a role before the name: "北大 Linux 俱乐部：vimacs《…》" */
  const char *colon = strstr(before, "：");
  const char *who = colon ? colon + 3 : before;
  if (!colon && (colon = strstr(before, ": ")))
    who = colon + 2;
  char *title = xstrndup(s + pre, post - pre);
  const char *after = s + post;
  size_t k;
  while (*after && (ex_is_space(ex_cp(after, &k)) || strchr("-–—,，:：|", *after) ||
                    !strncmp(after, "——", 6) || !strncmp(after, "，", 3) ||
                    !strncmp(after, "：", 3)))
    after += ex_cp(after, &k) ? k : 1;
  if (!strncasecmp(after, "by ", 3))
    after += 3;
  char *who_t = ex_trim_seps(who);
  if (*who_t) {
    /* people before the title */
    char *line = xasprintf("%s\t%s", who_t, title);
    consider(x, line, strlen(who_t), line + strlen(who_t) + 1, EX_SEP_QUOTE, 1,
             need, 0, best, score);
    free(line);
  }
  if (*after) {
    char *line = xasprintf("%s\t%s", title, after);
    consider(x, line, strlen(title), line + strlen(title) + 1, EX_SEP_QUOTE, 0,
             need, 0, best, score);
    free(line);
  }
  free(who_t), free(before), free(title);
}

/* "Title (A & B)": names in brackets at the end. */
static void paren_split(ex_ctx *x, const char *s, double need, split *best,
                        double *score) {
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ')
    n--;
  int full = n >= 3 && !strncmp(s + n - 3, "）", 3);
  if (!n || (s[n - 1] != ')' && !full))
    return;
  size_t close = full ? n - 3 : n - 1;
  int depth = 0;
  for (long i = (long)n - 1; i >= 0; i--) {
    if (s[i] == ')' || (i >= 2 && !strncmp(s + i - 2, "）", 3)))
      depth++;
    else if (s[i] == '(' || (i >= 2 && !strncmp(s + i - 2, "（", 3))) {
      if (--depth)
        continue;
      size_t open = s[i] == '(' ? (size_t)i : (size_t)i - 2;
      size_t ol = s[open] == '(' ? 1 : 3;
      if (!open)
        return;
      char *in = ex_trimn(s + open + ol, close - open - ol);
      char *line = xasprintf("%.*s\t%s", (int)open, s, in);
      consider(x, line, open, line + open + 1, EX_SEP_PAREN, 0, need, 0, best,
               score);
      free(line), free(in);
      return;
    }
  }
}

/* 1 when p in s is inside round brackets ("(Jonas Weber, Acme GmbH)"). */
static int in_brackets(const char *s, const char *p) {
  int depth = 0;
  size_t k;
  for (const char *q = s; q < p; q += k) {
    uint32_t cp = ex_cp(q, &k);
    if (cp == '(' || cp == 0xFF08)
      depth++;
    else if ((cp == ')' || cp == 0xFF09) && depth)
      depth--;
    if (!k)
      break;
  }
  return depth > 0;
}

/* Splits at the first and the last place of each separator. */
static void text_splits(ex_ctx *x, const char *s, const ex_pattern *want,
                        double need, split *best, double *score) {
  for (size_t i = 0; i < sizeof sep_texts / sizeof *sep_texts; i++) {
    ex_sep sep = sep_texts[i].sep;
    if (want && want->sep != sep)
      continue;
    const char *w = sep_texts[i].s;
    size_t wl = strlen(w);
    /* the first and the last place outside brackets */
    const char *first = NULL, *last = NULL;
    for (const char *p = s; (p = ex_casestr(p, w)); p++)
      if (p > s && !in_brackets(s, p)) {
        if (!first)
          first = p;
        last = p;
      }
    if (!first)
      continue;
    const char *at[2] = {first, last};
    for (int j = 0; j < (first == last ? 1 : 2); j++) {
      size_t len = (size_t)(at[j] - s);
      for (int pf = 0; pf < 2; pf++) {
        if (want && want->people_first != pf)
          continue;
        if (sep == EX_SEP_BY && pf)
          continue; /* "by" always comes before the people */
        if (sep == EX_SEP_WITH && pf)
          continue;
        consider(x, s, len, at[j] + wl, sep, pf,
                 sep == EX_SEP_WITH ? ex_limits.names_sure : need, want != NULL,
                 best, score);
      }
    }
  }
}

/* "Name  Title" and "**Name** Title": the first run of spaces. */
static void space_split(ex_ctx *x, const char *s, const ex_pattern *want,
                        double need, split *best, double *score) {
  const char *sp = s;
  size_t k;
  while (*sp && !ex_is_space(ex_cp(sp, &k)))
    sp += k;
  if (!*sp || sp == s)
    return;
  for (int pf = 0; pf < 2; pf++) {
    if (want && want->people_first != pf)
      continue;
    if (!pf) {
      /* "Title  Name": the last run of spaces */
      const char *last = NULL;
      for (const char *p = s; *p; p += k)
        if (ex_is_space(ex_cp(p, &k)) && !ex_is_space(ex_cp(p + k, &k)))
          last = p;
      if (last)
        consider(x, s, (size_t)(last - s), last, EX_SEP_SPACE, 0, need,
                 want != NULL, best, score);
    } else {
      consider(x, s, (size_t)(sp - s), sp, EX_SEP_SPACE, 1, need, want != NULL,
               best, score);
    }
  }
}

/* ---- the line ---------------------------------------------------------------------- */

void ex_head_free(ex_head *h) {
  free(h->time), free(h->title), free(h->people);
  memset(h, 0, sizeof *h);
}

/* Skip what may stand before a time: spaces, "~", list markers are gone
 * already.  Returns the time's length at *p (0 none) and moves *p past the
 * separators after it. */
static size_t lead_time(const char **p, char **time) {
  const char *s = *p;
  size_t k;
  while (*s && (ex_is_space(ex_cp(s, &k)) || *s == '~'))
    s += k;
  size_t lt = extract_leading_time(s);
  if (!lt)
    return 0;
  *time = ex_trimn(s, lt);
  s += lt;
  while (*s) {
    uint32_t cp = ex_cp(s, &k);
    if (ex_is_space(cp) || cp == '-' || cp == 0x2013 || cp == 0x2014 ||
        cp == '~' || cp == ':' || cp == 0xFF1A || cp == '|' || cp == ',' ||
        cp == 0xFF0C)
      s += k;
    else
      break;
  }
  *p = s;
  return lt;
}

void ex_head_read(ex_ctx *x, const char *line, const ex_pattern *want,
                  ex_head *h) {
  memset(h, 0, sizeof *h);
  const char *s = line ? line : "";
  lead_time(&s, &h->time);
  char *t = ex_trim_seps(s);
  split best = {0};
  double score = -1;
  double need = want ? ex_limits.names_pattern : ex_limits.names_likely;
  if (!want || want->sep == EX_SEP_QUOTE)
    quote_splits(x, t, need, &best, &score);
  if (!want || want->sep == EX_SEP_PAREN)
    paren_split(x, t, need, &best, &score);
  text_splits(x, t, want, need, &best, &score);
  if (!best.people && (!want || want->sep == EX_SEP_SPACE))
    space_split(x, t, want, want ? need : ex_limits.names_sure, &best, &score);
  if (best.people) {
    h->title = best.title;
    h->people = best.people;
    h->sep = best.sep;
    h->people_first = best.people_first;
    h->names = best.names;
    h->title_names = best.tnames;
    free(t);
  } else {
    h->title = t;
    h->title_names = ex_names_score(t, ex_known, x);
  }
}

void ex_head_pattern(const ex_head *heads, size_t n, ex_pattern *out) {
  int votes[EX_SEP_COUNT][2] = {{0}};
  for (size_t i = 0; i < n; i++)
    if (heads[i].people)
      votes[heads[i].sep][heads[i].people_first]++;
  int best = 0;
  out->sep = EX_SEP_NONE;
  out->people_first = 0;
  for (int s = 1; s < EX_SEP_COUNT; s++)
    for (int pf = 0; pf < 2; pf++)
      if (votes[s][pf] > best) {
        best = votes[s][pf];
        out->sep = (ex_sep)s;
        out->people_first = pf;
      }
}
