/* extract_record.c — every place a talk can be written, read into the same
 * record.  The body's top-level blocks first get a section tree: each
 * heading opens a section that runs to the next heading as high, and gets
 * a role by its words (event information, agenda, speakers, sponsors, a
 * day, a track, a field of a talk, or anything else — which may be a
 * talk).  Then the adapters read records, each group of siblings at once:
 * headings of one level under one parent, bold / 《》 / "议题：" title lines
 * of one section, the items of one list, the rows of one table, lines or
 * paragraphs that open with a time.  (HTML tables are extract_html.c's,
 * front-matter lists extract_front.c's.)  A group is then decided as a
 * whole by the features of its members (ex_group_decide): a time, a people
 * half of the title line that reads as names, cue lines under it, a line
 * naming people right under it, 《》 decoration; against it: a sentence, a
 * lone link, a break word, a title that is only names.
 *
 * What the decided records become (talks, agenda rows) is extract_build.c's.
 * Nothing here changes the body tree. */
#include "extract_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most characters of the names after a title in a plain paragraph
 * (ten authors with their affiliations). */
#define BY_PEOPLE_CPS 480

/* Title lines that make a schedule when all of them open with a time. */
#define SCHEDULE_MIN_LINES 3

/* The most characters of the people after a bold title
 * ("**Title** by @handle"). */
#define BOLD_LED_PEOPLE_CPS 40

/* ---- small readers ------------------------------------------------------------ */

static int talk_cue_kind(ex_cue k) {
  return k >= EX_CUE_SPEAKER && k <= EX_CUE_ROLE;
}

unsigned ex_cue_bits(const md_node *b) {
  unsigned ev = 0;
  if (b->type == MD_PARAGRAPH || b->type == MD_HEADING) {
    ex_line *L;
    size_t nl = ex_lines(b, &L);
    for (size_t i = 0; i < nl; i++) {
      ex_cue_hit h;
      ex_cue k = extract_cue(L[i].text, &h);
      if (talk_cue_kind(k))
        ev |= EX_CUE_BIT(k);
    }
    ex_lines_free(L, nl);
    return ev;
  }
  for (const md_node *c = b->first; c; c = c->next)
    ev |= ex_cue_bits(c);
  return ev;
}

/* The first line of a block's text (plain), trimmed.  Caller frees. */
char *ex_first_line(const md_node *b) {
  ex_line *L;
  size_t n = ex_lines(b, &L);
  char *t = util_trim(n ? L[0].text : "");
  ex_lines_free(L, n);
  return t;
}

/* 1 when the first line of paragraph p (up to its first break) is all
 * strong emphasis. */
static int first_line_bold(const md_node *p) {
  int strong = 0;
  for (const md_node *c = p->first; c; c = c->next) {
    if (c->type == MD_SOFTBREAK || c->type == MD_LINEBREAK || ex_is_br(c))
      break;
    if (c->type == MD_STRONG) {
      strong = 1;
    } else if (c->type == MD_TEXT) {
      for (const char *s = c->text; *s; s++)
        if (*s != ' ' && *s != '\t')
          return 0;
    } else {
      return 0;
    }
  }
  return strong;
}

/* 1 when a line ends like a sentence ("。", "！", "."), or leads into what
 * follows ("：", ":"): not a title. */
static int sentence_end(const char *t) {
  size_t n = strlen(t);
  static const char *const ends[] = {"。", "！", "；", "：", ".", "!", ";", ":"};
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    size_t l = strlen(ends[i]);
    if (n >= l && !strcmp(t + n - l, ends[i]))
      return !(l == 1 && n >= 2 && isupper((unsigned char)t[n - 2]));
  }
  return 0;
}

/* 1 when a title line is wholly in 《》 or numbered with a word ("议题1：",
 * "Topic 2:", "第三场："). */
static int decorated(const char *text) {
  char *prefix = NULL;
  char *clean = extract_title_clean(text, &prefix);
  char *t = util_trim(text);
  int quoted = !strncmp(t, "《", 3) && strcmp(clean, t);
  int numbered = prefix && !(prefix[0] >= '0' && prefix[0] <= '9');
  free(prefix), free(clean), free(t);
  return quoted || numbered;
}

/* 1 when a block is only a link, or a line of links ("[《Title》](x.pdf)"). */
static int only_link(const md_node *p) {
  if (!p || p->type != MD_PARAGRAPH)
    return 0;
  int links = 0;
  for (const md_node *c = p->first; c; c = c->next) {
    if (c->type == MD_LINK)
      links++;
    else if (c->type == MD_TEXT) {
      for (const char *s = c->text; *s; s++)
        if (!strchr(" \t,，、|·", *s))
          return 0;
    } else if (c->type != MD_SOFTBREAK && c->type != MD_LINEBREAK) {
      return 0;
    }
  }
  return links > 0;
}

/* ---- blocks and sections -------------------------------------------------------- */

/* 1 when the folded heading is short enough to name a section. */
static int section_sized(const char *folded) {
  return ex_cps(folded) <= ex_limits.section_cps;
}

/* "Day 1", "第一天", "D2": a day by its number. */
static int day_number(const char *t) {
  const char *p = t;
  while (*p == ' ')
    p++;
  if (!strncasecmp(p, "day", 3)) {
    p += 3;
    while (*p == ' ')
      p++;
    return isdigit((unsigned char)*p);
  }
  return !strncmp(p, "第", 3) && (strstr(p, "天") || strstr(p, "日"));
}

ex_role ex_heading_role(ex_ctx *x, const char *text) {
  char *t = util_trim(text ? text : "");
  char *f = ex_fold(t);
  ex_role role = EX_ROLE_OTHER;
  ex_cue_hit h;
  ex_cue k = extract_cue(t, &h);
  int y, mo, d;
  if (!*f) {
    role = EX_ROLE_NONE;
  } else if (!strncmp(t, "《", 3)) {
    role = EX_ROLE_OTHER; /* a title in 《》 is a title */
  } else if (k >= EX_CUE_EV_TIME || (k == EX_CUE_TIME && !h.bare)) {
    role = EX_ROLE_INFO;
  } else if (talk_cue_kind(k) && k != EX_CUE_TOPIC && ex_cps(t) <= 24) {
    role = EX_ROLE_CUE;
  } else if (section_sized(f) && ex_lex_find(EX_LEX_SPONSORS, t)) {
    role = EX_ROLE_SPONSORS;
  } else if (day_number(t) ||
             (extract_date(t, &y, &mo, &d) && ex_cps(f) <= 40) ||
             (section_sized(f) && ex_lex_find(EX_LEX_DAY, t) &&
              !ex_lex_find(EX_LEX_AGENDA, t))) {
    role = EX_ROLE_DAY;
  } else if (ex_lex_starts(EX_LEX_TRACK, t) ||
             (section_sized(f) && ex_lex_find(EX_LEX_TRACK, t))) {
    role = EX_ROLE_TRACK;
  } else if (section_sized(f) && ex_lex_find(EX_LEX_SERIES, t)) {
    role = EX_ROLE_SERIES;
  } else if (section_sized(f) && ex_lex_find(EX_LEX_SPEAKERS, t) &&
             !ex_lex_find(EX_LEX_AGENDA, t) && !ex_lex_find(EX_LEX_TALKS, t)) {
    role = EX_ROLE_SPEAKERS; /* "讲师与演讲话题" is over talks */
  } else if (section_sized(f) &&
             (ex_lex_find(EX_LEX_AGENDA, t) || ex_lex_whole(EX_LEX_TALKS, t) ||
              (ex_lex_find(EX_LEX_TALKS, t) &&
               (ex_lex_find(EX_LEX_SECTION, t) || ex_lex_find(EX_LEX_SPEAKERS, t))))) {
    role = EX_ROLE_AGENDA;
  } else if (section_sized(f) && ex_lex_find(EX_LEX_INFO, t)) {
    role = EX_ROLE_INFO;
  } else if (x && x->m->event.title) {
    char *fe = ex_fold(x->m->event.title);
    if (*fe && (!strcmp(fe, f) || (ex_cps(f) >= 6 && strstr(fe, f)) ||
                (ex_cps(fe) >= 6 && strstr(f, fe))))
      role = EX_ROLE_EVENT;
    free(fe);
  }
  free(t), free(f);
  return role;
}

void ex_blocks_read(ex_ctx *x, md_node *body, const md_node *skip,
                    ex_blocks *bl) {
  size_t cap = 0;
  bl->b = NULL;
  bl->n = 0;
  for (md_node *b = body ? body->first : NULL; b; b = b->next) {
    if (b == skip)
      continue;
    ex_block z = {.n = b, .level = EX_LEVEL_BLOCK, .parent = -1, .owner = EX_FREE};
    VEC_PUSH(bl->b, bl->n, cap, z);
  }
  /* open headings, innermost last */
  long *open = xmalloc((bl->n + 1) * sizeof *open);
  size_t depth = 0;
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *e = &bl->b[i];
    e->cues = ex_cue_bits(e->n);
    if (e->n->type == MD_HEADING) {
      e->level = e->n->level;
      while (depth && bl->b[open[depth - 1]].level >= e->level)
        bl->b[open[--depth]].end = i;
      char *t = md_plain_text(e->n);
      e->role = ex_heading_role(x, t);
      free(t);
    }
    e->parent = depth ? open[depth - 1] : -1;
    if (e->n->type == MD_HEADING)
      open[depth++] = (long)i;
  }
  while (depth)
    bl->b[open[--depth]].end = bl->n;
  free(open);
  /* the page's one level-1 heading, first of its headings, is its title */
  long h1 = -1;
  size_t n_h1 = 0;
  for (size_t i = 0; i < bl->n; i++)
    if (bl->b[i].n->type == MD_HEADING) {
      if (h1 < 0 && bl->b[i].level == 1 && !n_h1)
        h1 = (long)i;
      n_h1 += bl->b[i].level == 1;
      if (h1 < 0)
        break;
    }
  if (h1 >= 0 && n_h1 == 1 && bl->b[h1].role == EX_ROLE_OTHER)
    bl->b[h1].role = EX_ROLE_EVENT;
  /* sponsor sections: from their heading to the end of the section */
  for (size_t i = 0; i < bl->n; i++) {
    if (bl->b[i].role != EX_ROLE_SPONSORS || bl->b[i].sponsor)
      continue;
    bl->b[i].sponsor = EX_SPONSORS_HEADING;
    for (size_t j = i + 1; j < bl->b[i].end; j++)
      if (!bl->b[j].sponsor)
        bl->b[j].sponsor = EX_SPONSORS_BODY;
  }
}

void ex_blocks_free(ex_blocks *bl) {
  free(bl->b);
  bl->b = NULL;
  bl->n = 0;
}

/* The text of the nearest heading of role r above block i, or NULL.
 * Caller frees. */
static char *above(const ex_blocks *bl, size_t i, ex_role r) {
  for (long p = bl->b[i].parent; p >= 0; p = bl->b[p].parent)
    if (bl->b[p].role == r)
      return md_plain_text(bl->b[p].n);
  return NULL;
}

/* 1 when block i is where no talk is written: under event information,
 * sponsors or speakers' bios. */
int ex_off_limits(const ex_blocks *bl, size_t i) {
  if (bl->b[i].sponsor)
    return 1;
  /* the nearest section that says what it holds decides: an agenda
   * inside "## 活动介绍" is an agenda */
  for (long p = bl->b[i].parent; p >= 0; p = bl->b[p].parent) {
    ex_role r = bl->b[p].role;
    if (r == EX_ROLE_INFO || r == EX_ROLE_SPONSORS || r == EX_ROLE_SPEAKERS)
      return 1;
    if (r == EX_ROLE_AGENDA || r == EX_ROLE_SERIES)
      return 0;
  }
  return 0;
}

/* 1 when the innermost section over block i is about the agenda or the
 * talks, or names a kind, a day or a track of them. */
static int agenda_section(const ex_blocks *bl, size_t i) {
  long p = bl->b[i].n->type == MD_HEADING ? bl->b[i].parent : bl->b[i].parent;
  if (p < 0)
    return 0;
  ex_role r = bl->b[p].role;
  return r == EX_ROLE_AGENDA || r == EX_ROLE_SERIES || r == EX_ROLE_DAY ||
         r == EX_ROLE_TRACK;
}

/* ---- records and groups ------------------------------------------------------------ */

size_t ex_group_open(ex_records *rs, ex_origin origin, long block) {
  ex_group g = {.origin = origin, .block = block, .first = rs->n};
  VEC_PUSH(rs->g, rs->ng, rs->gcap, g);
  return rs->ng - 1;
}

ex_record *ex_record_add(ex_records *rs) {
  ex_record z = {0};
  z.group = rs->ng - 1;
  z.origin = rs->g[z.group].origin;
  z.first = z.end = -1;
  z.talk = -1;
  z.part_block = -1;
  VEC_PUSH(rs->r, rs->n, rs->cap, z);
  rs->g[z.group].n++;
  return &rs->r[rs->n - 1];
}

void ex_records_free(ex_records *rs) {
  for (size_t i = 0; i < rs->n; i++) {
    ex_record *r = &rs->r[i];
    free(r->blocks), free(r->line), free(r->people), free(r->more), free(r->time);
    free(r->bio);
    free(r->person_text), free(r->prefix), free(r->note);
    free(r->day), free(r->track), free(r->part);
    ex_head_free(&r->head);
  }
  free(rs->r), free(rs->g);
  memset(rs, 0, sizeof *rs);
}

/* Give record r the top-level blocks [from, to) of bl. */
void ex_take_blocks(ex_record *r, const ex_blocks *bl, size_t from,
                    size_t to) {
  r->n_blocks = to > from ? to - from : 0;
  r->blocks = xmalloc((r->n_blocks ? r->n_blocks : 1) * sizeof *r->blocks);
  for (size_t i = from; i < to; i++)
    r->blocks[i - from] = bl->b[i].n;
}

static int day_line(const char *t);

/* The day a bold line before block i in its section names
 * ("**12月10日，周六，上午**" over a list of the morning's talks), the
 * nearest one; NULL when none.  Caller frees. */
static char *day_line_above(const ex_blocks *bl, size_t i) {
  long stop = bl->b[i].parent;
  for (long j = (long)i - 1; j > stop && j >= 0; j--) {
    const md_node *n = bl->b[j].n;
    if (n->type == MD_HEADING)
      break;
    if (n->type != MD_PARAGRAPH || !first_line_bold(n))
      continue;
    char *t = ex_first_line(n);
    if (day_line(t))
      return t;
    free(t);
  }
  return NULL;
}

/* 1 when the body has two level-1 headings or more: they are its
 * sections, not a title (which the extractor has taken off). */
static int h1_sections(const ex_blocks *bl) {
  size_t n = 0;
  for (size_t i = 0; i < bl->n && n < 2; i++)
    n += bl->b[i].n->type == MD_HEADING && bl->b[i].level == 1;
  return n >= 2;
}

/* The day and track headings above block i, for a record. */
void ex_place(ex_record *r, const ex_blocks *bl, size_t i) {
  /* "### 10:00 AM - 10:45 AM" over a title line: the slot's time */
  long hp = bl->b[i].parent;
  if (!r->time && hp >= 0 && hp != (long)i) {
    char *ht = md_plain_text(bl->b[hp].n);
    const char *p = ex_skip_spaces(ht);
    size_t lt = extract_leading_time(p);
    if (lt && !*ex_skip_spaces(p + lt))
      r->time = ex_trimn(p, lt);
    free(ht);
  }
  r->day = above(bl, i, EX_ROLE_DAY);
  if (!r->day)
    r->day = day_line_above(bl, i);
  r->track = above(bl, i, EX_ROLE_TRACK);
  r->under_agenda = agenda_section(bl, i);
  /* the day or theme the page groups it under: the nearest heading above
   * it that is one (a track is no part; what holds the programme ends
   * the search) */
  for (long p = bl->b[i].parent; p >= 0; p = bl->b[p].parent) {
    ex_role role = bl->b[p].role;
    if (role == EX_ROLE_TRACK)
      continue;
    if (role == EX_ROLE_DAY || role == EX_ROLE_SERIES ||
        (role == EX_ROLE_OTHER && (bl->b[p].level > 1 || h1_sections(bl)))) {
      r->part_block = p;
      if (role != EX_ROLE_DAY)
        r->part = md_plain_text(bl->b[p].n);
    }
    break;
  }
}

int ex_timed(const char *t) {
  const char *p = t;
  while (*p == '~' || *p == ' ' || *p == '\t')
    p++;
  return extract_leading_time(p) > 0;
}

/* ---- headings ---------------------------------------------------------------------- */

static md_node *line_paragraph(md_node *b);

/* 1 when heading i holds headings that may be talks or containers of
 * them, or talks written another way (two title lines, lines that open
 * with times): then it is a container, not a talk. */
static int heading_container(const ex_blocks *bl, size_t i) {
  size_t lines = 0, times = 0;
  for (size_t j = i + 1; j < bl->b[i].end; j++) {
    const ex_block *c = &bl->b[j];
    if (c->n->type == MD_HEADING && c->parent == (long)i &&
        c->role != EX_ROLE_CUE && c->role != EX_ROLE_INFO &&
        c->role != EX_ROLE_NONE)
      return 1;
    if (c->n->type == MD_HEADING)
      continue;
    lines += line_paragraph(c->n) != NULL;
    if (c->n->type == MD_PARAGRAPH || c->n->type == MD_LIST) {
      ex_line *L;
      const md_node *p = c->n->type == MD_LIST ? c->n->first ? c->n->first->first : NULL
                                                : c->n;
      size_t n = p && p->type == MD_PARAGRAPH ? ex_lines(p, &L) : 0;
      for (size_t k = 0; k < n; k++)
        times += ex_timed(L[k].text);
      if (n)
        ex_lines_free(L, n);
      if (c->n->type == MD_LIST)
        for (const md_node *it = c->n->first ? c->n->first->next : NULL; it;
             it = it->next) {
          char *t = it->first && it->first->type == MD_PARAGRAPH
                        ? ex_first_line(it->first) : NULL;
          times += t && ex_timed(t);
          free(t);
        }
    }
  }
  return lines >= 2 || times >= 2;
}

/* "**Title** by @handle", "**Title** — Name": a first line that opens with
 * bold text and goes on with no more than a name's length. */
static int bold_led(const md_node *p) {
  const md_node *c = p->first;
  if (!c || c->type != MD_STRONG)
    return 0;
  char *bold = md_plain_text(c);
  char *line = ex_first_line(p);
  size_t rest = ex_cps(line) - ex_cps(bold);
  /* people after a title are short; a title after a name is a title's
   * length ("**Jane Doe** (Acme) — *Designing for the Edge*") */
  size_t most = ex_names_score(bold, NULL, NULL) >= ex_limits.names_sure
                    ? ex_limits.title_cps
                    : BOLD_LED_PEOPLE_CPS;
  int ok = ex_cps(bold) >= 2 && rest > 0 && rest <= most;
  free(bold), free(line);
  return ok;
}

/* "(Acme) — Designing for the Edge" after a bold name: the affiliation in
 * brackets that opens rest, moved to *affil (or NULL), and what follows
 * the separator after it; NULL when rest holds no title.  Caller frees
 * both. */
static char *title_after_name(const char *rest, char **affil) {
  *affil = NULL;
  const char *p = ex_skip_spaces(rest);
  if (*p == '(' || !strncmp(p, "\uff08", 3)) {
    const char *close = strstr(p, *p == '(' ? ")" : "\uff09");
    if (!close)
      return NULL;
    size_t cl = *p == '(' ? 1 : 3;
    *affil = xstrndup(p, (size_t)(close + cl - p));
    p = close + cl;
  }
  /* a dash, a colon or a bar between them ("**赵晓杰** Jenkins 中文社区发起人"
   * is a name and a designation, "**Title** by @x" a title and a name) */
  static const char *const seps[] = {"\u2014", "\u2013", "-", ":", "\uff1a",
                                     "|", "\uff5c", NULL};
  p = ex_skip_spaces(p);
  size_t sl = 0;
  for (size_t i = 0; seps[i] && !sl; i++)
    if (!strncmp(p, seps[i], strlen(seps[i])))
      sl = strlen(seps[i]);
  if (!sl) {
    free(*affil), *affil = NULL;
    return NULL;
  }
  return ex_trim_seps(p + sl);
}

/* 1 when t names a day ("12月10日，周六，上午", "Thursday, 9th December"). */
static int day_line(const char *t) {
  int y, m, d;
  size_t n = ex_cps(t);
  return n <= 32 && (day_number(t) || (extract_date(t, &y, &m, &d) && n <= 32) ||
                     (ex_lex_find(EX_LEX_DAY, t) && n <= 12));
}

/* A paragraph that is a title line: wholly bold (or opening bold and a
 * name after it), or wholly in 《》; not a day, not a cue. */
static int title_paragraph(const md_node *b) {
  if (!b || b->type != MD_PARAGRAPH || ex_only_images(b))
    return 0;
  char *t = ex_first_line(b);
  int ok = *t && ex_cps(t) <= ex_limits.title_cps && !sentence_end(t) &&
           (first_line_bold(b) || bold_led(b) ||
            (!strncmp(t, "《", 3) && decorated(t))) &&
           !day_line(t);
  ex_cue_hit h;
  if (ok && extract_cue(t, &h) != EX_CUE_NONE)
    ok = 0;
  free(t);
  return ok;
}

/* Roles of headings that may be talks: anything else, and a kind of
 * talks ("### 闪电演讲") that holds no talks of its own. */
static int candidate_role(ex_role r) {
  return r == EX_ROLE_OTHER || r == EX_ROLE_SERIES;
}

/* 1 when a heading of role r at level may hold a part of the programme
 * (a day, a track, a theme: "## 1: Pipelines"). */
static int part_role(ex_role r, int level) {
  return r == EX_ROLE_DAY || r == EX_ROLE_TRACK || r == EX_ROLE_SERIES ||
         (r == EX_ROLE_OTHER && level > 1);
}

/* 1 when headings a and b are kin for a group: under the same heading,
 * or under two sibling headings that each hold a part of the programme
 * (talks under "## 1: Pipelines" and under "## 2: Imaging"). */
static int kin(const ex_blocks *bl, size_t a, size_t b) {
  long pa = bl->b[a].parent, pb = bl->b[b].parent;
  if (pa == pb)
    return 1;
  return pa >= 0 && pb >= 0 && bl->b[pa].parent == bl->b[pb].parent &&
         bl->b[pa].level == bl->b[pb].level &&
         part_role(bl->b[pa].role, bl->b[pa].level) &&
         part_role(bl->b[pb].role, bl->b[pb].level);
}

/* Where the kin of heading i can stand: to the end of its section's
 * section when its section holds a part of the programme. */
static size_t kin_end(const ex_blocks *bl, size_t i) {
  long p = bl->b[i].parent;
  if (p < 0)
    return bl->n;
  if (!part_role(bl->b[p].role, bl->b[p].level))
    return bl->b[p].end;
  long gp = bl->b[p].parent;
  return gp >= 0 ? bl->b[gp].end : bl->n;
}

void ex_records_headings(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  char *seen = xcalloc(bl->n ? bl->n : 1, 1);
  for (size_t i = 0; i < bl->n; i++) {
    const ex_block *h = &bl->b[i];
    if (h->n->type != MD_HEADING || seen[i] || h->owner != EX_FREE)
      continue;
    if (!candidate_role(h->role) || ex_off_limits(bl, i) || heading_container(bl, i))
      continue;
    /* the siblings: same level, same parent (or parts of one programme) */
    size_t g = ex_group_open(rs, EX_FROM_HEADING, -1);
    size_t end = kin_end(bl, i);
    for (size_t j = i; j < end; j++) {
      const ex_block *s = &bl->b[j];
      if (s->n->type != MD_HEADING)
        continue;
      if (!kin(bl, i, j) || s->level != h->level || seen[j] ||
          s->owner != EX_FREE || !candidate_role(s->role) ||
          ex_off_limits(bl, j) || heading_container(bl, j))
        continue;
      seen[j] = 1;
      ex_record *r = ex_record_add(rs);
      r->title_node = s->n;
      r->first = (long)j;
      r->end = (long)s->end;
      /* "### 《English title》" then "### 《中文译名》" with nothing between:
       * one talk, the second its title in another language */
      if (s->end == j + 1 && j + 1 < bl->n && bl->b[j + 1].n->type == MD_HEADING &&
          bl->b[j + 1].level == s->level && bl->b[j + 1].role == EX_ROLE_OTHER &&
          !heading_container(bl, j + 1)) {
        seen[j + 1] = 1;
        r->end = (long)bl->b[j + 1].end;
      }
      r->line = md_plain_text(s->n);
      r->line_no = s->n->line;
      ex_take_blocks(r, bl, j + 1, (size_t)r->end);
      ex_place(r, bl, j);
      /* "## 腾讯云孔令飞" over "**Title**": a person's section */
      if (r->n_blocks && title_paragraph(r->blocks[0])) {
        ex_person p;
        ex_person *ps;
        size_t np = extract_people(r->line, EX_LENIENT, ex_known, x, &ps);
        int person = np == 1 && ex_names_score(ps[0].name, ex_known, x) >=
                                    ex_limits.names_likely;
        (void)p;
        extract_people_free(ps, np);
        if (person) {
          r->people = r->line;
          r->line = ex_first_line(r->blocks[0]);
          r->title_node = r->blocks[0];
          memmove(r->blocks, r->blocks + 1, --r->n_blocks * sizeof *r->blocks);
        }
      }
    }
    (void)g;
  }
  free(seen);
}

/* ---- title lines ------------------------------------------------------------------- */

/* The paragraph a block opens with when it is a title line: the block
 * itself, or the first paragraph of a blockquote ("> **Title** by @x").
 * NULL otherwise. */
/* The "议题：…" line of a block of cue lines ("【嘉宾】江离\n【议题】边缘
 *推理"): its text, or NULL.  Caller frees. */
static char *topic_line(const md_node *p) {
  ex_line *L;
  size_t n = ex_lines(p, &L);
  char *topic = NULL;
  for (size_t i = 0; i < n; i++) {
    ex_cue_hit h;
    ex_cue k = extract_cue(L[i].text, &h);
    if (k == EX_CUE_NONE)
      break; /* a line of prose: the block is no block of cues */
    if (k == EX_CUE_TOPIC && !h.bare && L[i].text[h.value]) {
      topic = util_trim(L[i].text);
      break;
    }
  }
  ex_lines_free(L, n);
  return topic;
}

static md_node *line_paragraph(md_node *b) {
  md_node *p = b->type == MD_BLOCKQUOTE ? b->first : b;
  if (!p || p->type != MD_PARAGRAPH)
    return NULL;
  char *t = topic_line(p);
  int topic = t != NULL;
  free(t);
  return topic || title_paragraph(p) ? p : NULL;
}

/* "Multicore OCaml, by Stephen Dolan, Leo White (University of
 * Cambridge)." — a plain paragraph that opens with a title and the word
 * "by" before names: a title line written without markup; so is "The
 * State of OCaml (invited), Xavier Leroy (INRIA)." without the "by" when
 * every name has its affiliation in brackets, as programmes of papers
 * write their authors. */

/* The people half of text t after its title, cut at its end (a full stop
 * after the names, a legend of affiliations "; (C = University of
 * Cambridge)"), in place; 1 when it reads as names. */
static int people_after(ex_ctx *x, char *t, char *people, int bracketed) {
  char *legend = strstr(people, "; (");
  if (legend)
    *legend = 0;
  char *stop = strstr(people, ". ");
  if (stop)
    *stop = 0;
  size_t n = strlen(t);
  while (n && (t[n - 1] == ' ' || t[n - 1] == '.'))
    t[--n] = 0;
  if (bracketed && (!strchr(people, '(') || t[n ? n - 1 : 0] != ')'))
    return 0;
  return ex_names_score(people, ex_known, x) >= ex_limits.names_likely;
}

/* The title line of such a paragraph: its text up to the end of the
 * names (a full stop after them, or a link), soft breaks as spaces, or
 * without "by" its title alone and the names in *people; NULL when it is
 * no such line.  Caller frees both. */
static char *by_line(ex_ctx *x, const md_node *p, char **people) {
  if (!p || p->type != MD_PARAGRAPH)
    return NULL;
  strbuf b = {0};
  for (const md_node *c = p->first; c; c = c->next) {
    if (c->type == MD_LINK || c->type == MD_IMAGE)
      break; /* "[PDF Abstract](…)" after the names */
    char *t = c->type == MD_SOFTBREAK ? xstrdup(" ") : md_plain_text(c);
    sb_add(&b, t);
    free(t);
  }
  char *t = sb_take(&b);
  char *line = NULL;
  /* the title is a title's length; the names may be many */
  const size_t most = 2 * (size_t)ex_limits.title_cps;
  char *by = (char *)ex_casestr(t, " by ");
  if (by && by > t && ex_cps(by) <= BY_PEOPLE_CPS) {
    *by = 0;
    /* "Presented by X", "Hosted by X": a verb, not a title */
    size_t tl = strlen(t);
    int verb = !strchr(t, ' ') && tl > 3 && !strcasecmp(t + tl - 2, "ed");
    int title_ok = ex_cps(t) <= most && !verb;
    *by = ' ';
    if (title_ok && people_after(x, t, by + 4, 0))
      line = util_trim(t);
  }
  /* "Title, Name (Affiliation), Name (Affiliation).": the title up to
   * the comma, the names in *people */
  for (char *c = t; !line && !by && (c = strstr(c, ", ")); c += 2) {
    *c = 0;
    /* the title ends before the first author: a part of it that is a
     * name with its affiliation ("…Manager, Roberto Di Cosmo (D+I)") says
     * the names began earlier */
    const char *last = strrchr(t, ',');
    int author = last && strchr(last, '(') &&
                 ex_names_score(last + 1, ex_known, x) >= ex_limits.names_likely;
    int title_ok = !author && ex_cps(t) <= most &&
                   ex_cps(c + 2) <= BY_PEOPLE_CPS;
    char *names = xstrdup(c + 2);
    if (title_ok && people_after(x, names, names, 1)) {
      line = util_trim(t);
      *people = util_trim(names);
    }
    free(names);
    *c = ',';
    if (!title_ok)
      break;
  }
  free(t);
  return line;
}

/* A bold-led line split into record r's title and people: "**Title** by
 * @handle" (the bold run is the title, the rest names its people), or,
 * when the bold run is surely a name and the rest is not names, "**Jane
 * Doe** (Acme) — Designing for the Edge" (the rest is the title). */
static void bold_led_split(ex_record *r) {
  char *bold = md_plain_text(r->title_node->first);
  if (strlen(bold) > strlen(r->line) || strncmp(r->line, bold, strlen(bold))) {
    free(bold);
    return;
  }
  const char *rest = r->line + strlen(bold);
  char *affil;
  char *title = title_after_name(rest, &affil);
  if (title && *title &&
      ex_names_score(bold, NULL, NULL) >= ex_limits.names_sure &&
      ex_names_score(title, NULL, NULL) < ex_limits.names_likely) {
    r->people = affil ? xasprintf("%s %s", bold, affil) : xstrdup(bold);
    r->name_led = 1;
    free(r->line);
    r->line = title;
    free(bold), free(affil);
    return;
  }
  free(title), free(affil);
  char *people = ex_trim_seps(rest);
  if (!strncasecmp(people, "by ", 3))
    memmove(people, people + 3, strlen(people + 3) + 1);
  if (*people) {
    r->people = people;
    free(r->line);
    r->line = bold;
  } else {
    free(people), free(bold);
  }
}

void ex_records_lines(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  long group_parent = -2;
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (b->owner != EX_FREE || b->sponsor || b->n->type == MD_HEADING)
      continue;
    md_node *p = ex_off_limits(bl, i) ? NULL : line_paragraph(b->n);
    char *people = NULL;
    char *plain = p || ex_off_limits(bl, i) ? NULL : by_line(x, b->n, &people);
    if (plain)
      p = b->n;
    if (!p)
      continue;
    /* title lines of sibling sections (the sessions of a programme, the
     * days of a schedule) are siblings too: the group is the nearest
     * section above them that is not a session, a day or a track */
    long gp = b->parent;
    while (gp >= 0 && bl->b[gp].owner == EX_FREE &&
           (bl->b[gp].role == EX_ROLE_OTHER || bl->b[gp].role == EX_ROLE_DAY ||
            bl->b[gp].role == EX_ROLE_TRACK))
      gp = bl->b[gp].parent;
    if (group_parent != gp) {
      ex_group_open(rs, EX_FROM_LINE, -1);
      group_parent = gp;
    }
    ex_record *r = ex_record_add(rs);
    r->title_node = p;
    r->first = (long)i;
    char *topic = plain ? NULL : topic_line(p);
    r->line = plain ? plain : topic ? topic : ex_first_line(p);
    r->plain = plain != NULL;
    r->people = people;
    if (!plain && bold_led(p))
      bold_led_split(r);
    r->line_no = p->line;
    ex_place(r, bl, i);
    if (plain) {
      r->end = (long)i + 1;
      r->blocks = xmalloc(sizeof *r->blocks);
      continue;
    }
    if (b->n->type == MD_BLOCKQUOTE) {
      /* the quote's other blocks are the talk's */
      size_t n = 0;
      for (md_node *c = p->next; c; c = c->next)
        n++;
      r->blocks = xmalloc((n ? n : 1) * sizeof *r->blocks);
      for (md_node *c = p->next; c; c = c->next)
        r->blocks[r->n_blocks++] = c;
      r->end = (long)i + 1;
      continue;
    }
    /* the blocks up to the next title line, heading or sponsors */
    size_t j = i + 1;
    for (; j < bl->n; j++) {
      const ex_block *c = &bl->b[j];
      if (c->owner != EX_FREE || c->sponsor ||
          (c->n->type == MD_HEADING && c->role != EX_ROLE_CUE) ||
          line_paragraph(c->n))
        break;
    }
    r->end = (long)j;
    ex_take_blocks(r, bl, i + 1, j);
  }
}

/* ---- list items -------------------------------------------------------------------- */

/* 1 when an item's first line is a label over a sub-list ("闪电演讲:",
 * "Lightning talks"), whose items are the records instead. */
static const md_node *label_sublist(const md_node *it, char **label) {
  const md_node *p = it->first;
  if (!p || p->type != MD_PARAGRAPH)
    return NULL;
  const md_node *sub = NULL;
  for (const md_node *c = p->next; c; c = c->next)
    if (c->type == MD_LIST)
      sub = c;
  if (!sub)
    return NULL;
  char *t = ex_text(p);
  size_t n = strlen(t);
  int colon = (n && t[n - 1] == ':') || (n >= 3 && !strcmp(t + n - 3, "："));
  (void)colon;
  int yes = !strchr(t, '\n') && ex_cps(t) <= ex_limits.section_cps &&
            (ex_lex_find(EX_LEX_SERIES, t) || ex_lex_find(EX_LEX_AGENDA, t));
  if (yes)
    *label = ex_trim_seps(t);
  free(t);
  return yes ? sub : NULL;
}

/* The items of list l as one group (and labelled sub-lists as groups of
 * their own). */
static void list_group(ex_ctx *x, ex_blocks *bl, ex_records *rs, size_t bi,
                       const md_node *l, const char *day, const char *series) {
  size_t g = ex_group_open(rs, EX_FROM_ITEM, l == bl->b[bi].n ? (long)bi : -1);
  size_t timed = 0, items = 0;
  for (md_node *it = l->first; it; it = it->next) {
    char *label = NULL;
    const md_node *sub = label_sublist(it, &label);
    if (sub) {
      free(label);
      continue;
    }
    items++;
    ex_record *r = ex_record_add(rs);
    r->title_node = it->first && it->first->type == MD_PARAGRAPH ? it->first : NULL;
    r->line = r->title_node ? ex_first_line(r->title_node) : xstrdup("");
    r->line_no = it->line;
    r->first = (long)bi;
    r->end = (long)bi + 1;
    size_t n = 0;
    for (md_node *c = it->first; c; c = c->next)
      n++;
    r->blocks = xmalloc((n ? n : 1) * sizeof *r->blocks);
    for (md_node *c = r->title_node ? it->first->next : it->first; c; c = c->next)
      r->blocks[r->n_blocks++] = c;
    ex_place(r, bl, bi);
    if (day && !r->day)
      r->day = xstrdup(day);
    if (series && !r->track)
      r->track = xstrdup(series);
    timed += extract_leading_time(r->line + (*r->line == '~')) > 0;
  }
  rs->g[g].agenda = timed >= 2 && timed * 2 >= items;
  for (md_node *it = l->first; it; it = it->next) {
    char *label = NULL;
    const md_node *sub = label_sublist(it, &label);
    if (sub)
      list_group(x, bl, rs, bi, sub, day, label);
    free(label);
  }
}

/* A day named by the paragraph before a list ("**12月10日，周六，上午**"),
 * or NULL.  Caller frees. */
static char *day_before(const ex_blocks *bl, size_t i) {
  if (!i || bl->b[i - 1].n->type != MD_PARAGRAPH)
    return NULL;
  char *t = ex_first_line(bl->b[i - 1].n);
  int y, m, d;
  if (ex_cps(t) <= 24 && (extract_date(t, &y, &m, &d) || day_number(t) ||
                          (ex_lex_find(EX_LEX_DAY, t) && ex_cps(t) <= 12)))
    return t;
  free(t);
  return NULL;
}

void ex_records_lists(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (b->owner != EX_FREE || b->sponsor || b->n->type != MD_LIST ||
        ex_off_limits(bl, i))
      continue;
    char *day = day_before(bl, i);
    list_group(x, bl, rs, i, b->n, day, NULL);
    free(day);
  }
}

/* ---- features and decisions -------------------------------------------------------- */

/* Talk cues that make a talk by themselves. */
#define STRONG_CUES                                                          \
  (EX_CUE_BIT(EX_CUE_SPEAKER) | EX_CUE_BIT(EX_CUE_BIO) |                     \
   EX_CUE_BIT(EX_CUE_TAKEAWAYS))

/* 1 when the block right after the title line names people: "By Ada Roe",
 * "_Ada Roe_", "[Ada Roe](…):", "> 张三 某公司架构师", a second line of
 * the title paragraph. */
static int person_under(ex_ctx *x, ex_record *r) {
  const md_node *b = NULL;
  char *t = NULL;
  if (r->title_node && r->title_node->type == MD_PARAGRAPH) {
    ex_line *L;
    size_t n = ex_lines(r->title_node, &L);
    if (n >= 2)
      t = util_trim(L[1].text);
    ex_lines_free(L, n);
  }
  if (!t && r->n_blocks) {
    b = r->blocks[0];
    if (b->type == MD_BLOCKQUOTE && b->first && b->first == b->last)
      b = b->first;
    /* "- Title" over "+ 姜原, 优趣天下研发工程师": the sub-list's first item */
    if (b->type == MD_LIST && b->first && b->first->first)
      b = b->first->first;
    if (b->type == MD_PARAGRAPH && !ex_only_images(b))
      t = ex_first_line(b);
    /* "Title, by Names (Affiliation)." under it is a talk of its own */
    char *people = NULL, *own = t ? by_line(x, b, &people) : NULL;
    if (own)
      free(t), t = NULL;
    free(own), free(people);
  }
  if (!t)
    return 0;
  int ok = 0;
  size_t n = strlen(t);
  int stop = n >= 3 && !strcmp(t + n - 3, "。");
  if (ex_cps(t) <= 100 && !stop) {
    ex_cue_hit h;
    ex_cue k = extract_cue(t, &h);
    const char *v = k == EX_CUE_SPEAKER ? t + h.value : t;
    /* a name alone must be surely one; with a designation beside it, or
     * after a speaker cue, likely is enough */
    double need = k == EX_CUE_SPEAKER || strpbrk(v, ",/(") || strstr(v, "，") ||
                          strstr(v, "（") || strchr(v, ' ')
                      ? ex_limits.names_likely
                      : ex_limits.names_sure;
    ok = ex_names_score(v, ex_known, x) >= need;
    if (ok && !r->person_text)
      r->person_text = xstrdup(v);
  }
  free(t);
  return ok;
}

/* 1 when the text holds at least two letters (a title, not "6人"). */
static int wordy(const char *t) {
  size_t k, letters = 0;
  for (const char *p = t; *p; p += k)
    letters += utf8_is_alpha(ex_cp(p, &k)) != 0;
  return letters >= 2;
}

/* 1 when t is a job ("Arch Linux 开发者", "Senior Engineer, Acme"): a
 * Chinese phrase that ends with a job word, or a short English one that
 * holds one. */
static int job_phrase(const char *t) {
  /* the heads of Chinese job phrases */
  static const char *const heads[] = {
      "工程师", "专家", "经理", "总监", "架构师", "创始人", "负责人", "研究员",
      "教授", "主管", "顾问", "成员", "作者", "布道师", "发起人", "会员",
      "维护者", "开发者", "贡献者", "讲师", "合伙人", "CTO", "CEO"};
  if (!ex_lex_find(EX_LEX_JOB, t))
    return 0;
  if (ex_has_han(t)) {
    size_t n = strlen(t);
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
      size_t wl = strlen(heads[i]);
      if (n >= wl && !strcmp(t + n - wl, heads[i]))
        return 1;
    }
    return 0;
  }
  size_t words = 1;
  for (const char *c = t; *c; c++)
    words += *c == ' ';
  return words <= 6;
}

/* 1 when the line is a field of the event or of a talk ("时间：…",
 * "Location: …", "活动形式：…"), not a title: a cue word, or a short key
 * before a colon and a value. */
static int field_line(const char *line) {
  ex_cue_hit h;
  ex_cue k = extract_cue(line, &h);
  if (k != EX_CUE_NONE && k != EX_CUE_TOPIC)
    return 1;
  return 0;
}

/* 1 when the text of r's blocks holds a word of list kind ("闪电演讲环节"
 * over "演讲者和演讲内容待定"). */
static int blocks_say(const ex_record *r, ex_lex kind) {
  int yes = 0;
  for (size_t i = 0; i < r->n_blocks && !yes; i++) {
    char *t = ex_text(r->blocks[i]);
    yes = ex_lex_find(kind, t) != NULL;
    free(t);
  }
  return yes;
}

/* Read record r's features (its line read with pattern p, or freely). */
static void features(ex_ctx *x, ex_record *r, const ex_pattern *p) {
  ex_head_free(&r->head);
  const char *line = r->line ? r->line : "";
  ex_cue_hit h;
  ex_cue k = extract_cue(line, &h);
  if (k == EX_CUE_TOPIC && !h.bare)
    line += h.value;
  r->info = field_line(r->line ? r->line : "") && r->origin != EX_FROM_ROW;
  /* the numbering of the title ("主题一：", "Talk 1:") is no part of it */
  char *prefix = NULL;
  char *clean = extract_title_clean(line, &prefix);
  size_t lt = extract_leading_time(line);
  const char *read = prefix && !lt ? clean : line;
  r->person_line = !r->plain && person_under(x, r);
  unsigned cues = 0;
  for (size_t i = 0; i < r->n_blocks; i++)
    cues |= ex_cue_bits(r->blocks[i]);
  /* people named apart (a line under it, a speaker cue, a speaker cell):
   * the title line is all title */
  static const ex_pattern whole = {EX_SEP_NONE, 0};
  int apart = r->people || r->person_line ||
              (cues & (EX_CUE_BIT(EX_CUE_SPEAKER) | EX_CUE_BIT(EX_CUE_BIO)));
  ex_head_read(x, read, apart ? &whole : p, &r->head);
  free(r->prefix);
  r->prefix = prefix && !lt ? prefix : NULL;
  if (!r->prefix)
    free(prefix);
  free(clean);
  if (!r->head.time && r->time)
    r->head.time = xstrdup(r->time);
  r->cues = 0;
  for (size_t i = 0; i < r->n_blocks; i++)
    r->cues |= ex_cue_bits(r->blocks[i]);
  if (r->title_node && r->title_node->type == MD_PARAGRAPH)
    r->cues |= ex_cue_bits(r->title_node) & ~EX_CUE_BIT(EX_CUE_TOPIC);
  char *title = ex_trim_seps(r->head.title);
  r->decorated = decorated(title) ||
                 (r->title_node && r->title_node->type == MD_PARAGRAPH &&
                  first_line_bold(r->title_node));
  r->sentence = ex_cps(line) > 2 * ex_limits.title_cps ||
                /* a title column's cell is a title at any length */
                (ex_cps(title) > ex_limits.title_cps && !r->decorated &&
                 r->origin != EX_FROM_ROW) ||
                (sentence_end(line) && !r->decorated && ex_cps(line) > 20 &&
                 !r->head.people) ||
                strstr(title, "。") != NULL;
  r->link_only = r->title_node && only_link(r->title_node) && !r->head.time &&
                 !r->head.people;
  /* a title in 《》 or quotes is one whatever its words; a bold line
   * ("**14:00-14:30 签到**") may still be a break */
  r->brk = (ex_break_title(title) || ex_break_title(line)) && !decorated(title) &&
           extract_kind(line) != MODEL_KEYNOTE && extract_kind(line) != MODEL_PANEL;
  r->placeholder = ex_lex_whole(EX_LEX_PLACEHOLDER, title) ||
                   ex_lex_starts(EX_LEX_PLACEHOLDER, title) ||
                   (ex_lex_find(EX_LEX_SERIES, title) && !r->head.people &&
                    blocks_say(r, EX_LEX_PLACEHOLDER));
  r->no_title = (!r->head.people && !r->people && !r->person_line &&
                 !(r->cues & EX_CUE_BIT(EX_CUE_TOPIC)) && /* titled below */
                 r->head.title_names >= ex_limits.names_likely &&
                 !r->decorated && ex_cps(title) <= 24) ||
                !wordy(title);
  /* "Name：Arch Linux 开发者", "Name：本期资料提供与审核，10年，…工程师，…":
   * the other half names a job or tells a life, not a talk */
  size_t clauses = 1;
  for (const char *c = title; (c = strstr(c, "，")); c += 3)
    clauses++;
  r->job = r->head.people && (job_phrase(title) ||
                               (clauses >= 3 && ex_lex_find(EX_LEX_JOB, title)));
  free(title);
  int ev = 0;
  if (r->cues & STRONG_CUES)
    ev += 3;
  if (r->head.people && r->head.names >= ex_limits.names_likely)
    ev += 2;
  else if (r->head.people)
    ev += 1;
  if (r->people && ex_names_score(r->people, ex_known, x) >= ex_limits.names_likely)
    ev += 2;
  if (r->person_line)
    ev += 2;
  if (r->cues & (EX_CUE_BIT(EX_CUE_ABSTRACT) | EX_CUE_BIT(EX_CUE_OUTLINE) |
                 EX_CUE_BIT(EX_CUE_TIME)))
    ev += 1;
  if (r->decorated || r->mentioned)
    ev += 1;
  if (r->head.time)
    ev += 1;
  if (r->more)
    ev += 1;
  if (r->under_agenda && r->origin == EX_FROM_HEADING)
    ev += 2;
  if ((r->sentence && !(r->cues & STRONG_CUES)) || r->link_only || r->info ||
      r->job)
    ev = 0;
  r->evidence = ev;
}

/* BOOKLET_DEBUG_GROUPS=1: each group's records and their features on
 * stderr, for whoever tunes the decisions. */
static void debug_group(const ex_records *rs, size_t gi, size_t talky,
                        size_t voters) {
  static const char *const origin[] = {"heading", "line", "item", "row",
                                       "timeline", "front", "page"};
  const ex_group *g = &rs->g[gi];
  fprintf(stderr, "group %zu %s agenda=%d pattern=%d/%d talky=%zu/%zu verdict=%d\n", gi,
          origin[g->origin], g->agenda, (int)g->pattern.sep, g->pattern.people_first,
          talky, voters, (int)g->verdict);
  for (size_t i = 0; i < g->n; i++) {
    const ex_record *r = &rs->r[g->first + i];
    fprintf(stderr,
            "  @%d ev=%d brk=%d info=%d job=%d no_title=%d sent=%d pl=%d "
            "[%s] T=[%s] P=[%s]\n",
            r->line_no, r->evidence, r->brk, r->info, r->job, r->no_title,
            r->sentence, r->person_line, r->head.time ? r->head.time : "",
            r->head.title, r->head.people ? r->head.people : "");
  }
}

/* Evidence a record needs to count as looking like a talk. */
#define TALKY 2

/* Names of the origins, for findings. */
static const char *const origin_words[] = {"headings", "title lines",
                                           "list items", "table rows",
                                           "time lines", "entries", "page"};

/* --check: a group decided by a narrow margin either way. */
static void narrow(ex_ctx *x, const ex_records *rs, size_t gi, size_t talky,
                   size_t voters) {
  const ex_group *g = &rs->g[gi];
  if (!talky || !g->n)
    return;
  int line = rs->r[g->first].line_no;
  double share = (double)talky / (double)voters;
  if (g->verdict == EX_NOT && share >= ex_limits.group_share / 2)
    ex_finding(x, line,
               "%zu of %zu %s look like talks; not read as talks "
               "(a programme here?)",
               talky, voters, origin_words[g->origin]);
  else if (g->verdict == EX_TALK && talky < voters &&
           share < ex_limits.group_share + 0.25)
    ex_finding(x, line,
               "read as talks, though only %zu of %zu %s look like talks",
               talky, voters, origin_words[g->origin]);
}

void ex_group_decide(ex_ctx *x, ex_records *rs, size_t gi) {
  ex_group *g = &rs->g[gi];
  ex_record *r = rs->r + g->first;
  /* how the group writes its lines: read freely, then by the pattern */
  ex_head *heads = xcalloc(g->n ? g->n : 1, sizeof *heads);
  for (size_t i = 0; i < g->n; i++) {
    features(x, &r[i], NULL);
    heads[i] = r[i].head;
  }
  ex_head_pattern(heads, g->n, &g->pattern);
  free(heads);
  if (g->pattern.sep != EX_SEP_NONE)
    for (size_t i = 0; i < g->n; i++)
      if (!r[i].head.people || r[i].head.sep != g->pattern.sep ||
          r[i].head.people_first != g->pattern.people_first) {
        ex_head free_read = r[i].head;
        memset(&r[i].head, 0, sizeof r[i].head);
        features(x, &r[i], &g->pattern);
        /* the pattern found no people here: keep the free reading */
        if (!r[i].head.people && free_read.people) {
          ex_head_free(&r[i].head);
          r[i].head = free_read;
          features(x, &r[i], NULL);
        } else {
          ex_head_free(&free_read);
        }
      }
  /* "Zoom.Quiet" among "赖勇浩 论 Python 与设计模式": one word where the
   * group writes a name and a title is the name alone */
  if (g->pattern.sep == EX_SEP_SPACE && g->pattern.people_first)
    for (size_t i = 0; i < g->n; i++)
      if (!r[i].head.people && !strchr(r[i].head.title, ' ') &&
          !ex_has_han(r[i].head.title))
        r[i].no_title = 1;
  size_t voters = 0, talky = 0, timed_n = 0, named = 0;
  int strongest = 0;
  for (size_t i = 0; i < g->n; i++) {
    timed_n += (r[i].time && *r[i].time) || (r[i].head.time && *r[i].head.time);
    if (r[i].brk || r[i].placeholder || r[i].no_title || r[i].link_only ||
        r[i].info || r[i].label)
      continue;
    voters++;
    talky += r[i].evidence >= TALKY;
    named += r[i].evidence >= TALKY && r[i].head.people;
    if (r[i].evidence > strongest)
      strongest = r[i].evidence;
  }
  /* title lines that all open with a time are a schedule: its breaks
   * ("**14:00-14:30 签到**") are kept as agenda rows (unless the page
   * has an agenda already) */
  if (g->origin == EX_FROM_LINE && g->n >= SCHEDULE_MIN_LINES &&
      timed_n == g->n && !x->m->n_agenda)
    g->agenda = 1;
  int yes = talky >= (size_t)ex_limits.group_min &&
            (double)talky >= ex_limits.group_share * (double)voters;
  /* one talk alone: only with strong evidence of its own */
  if (!yes && voters == 1 && talky == 1 && strongest >= 3)
    yes = 1;
  /* a schedule (every member timed) where some items name their
   * speakers: those are talks, the rest are the schedule's other items
   * (a dinner, a raffle) */
  int schedule = 0;
  if (!yes && g->agenda && timed_n == g->n &&
      named >= (size_t)ex_limits.group_min &&
      (double)named >= ex_limits.schedule_share * (double)voters)
    yes = schedule = 1;
  g->verdict = yes ? EX_TALK : EX_NOT;
  narrow(x, rs, gi, talky, voters);
  if (getenv("BOOKLET_DEBUG_GROUPS"))
    debug_group(rs, gi, talky, voters);
  for (size_t i = 0; i < g->n; i++) {
    if (!yes)
      r[i].verdict = EX_NOT;
    else if (r[i].brk || r[i].placeholder || r[i].no_title || r[i].label)
      r[i].verdict = g->agenda ? EX_BREAK : EX_NOT;
    else if (r[i].link_only || r[i].info || r[i].job ||
             (r[i].sentence && r[i].evidence < TALKY) ||
             (schedule && (r[i].evidence < TALKY || !r[i].head.people)))
      r[i].verdict = g->agenda ? EX_BREAK : EX_NOT;
    else
      r[i].verdict = EX_TALK;
  }
}
