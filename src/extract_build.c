/* extract_build.c — what decided records become.  A record its group took
 * for a talk becomes a talk: read by the field reader (ex_talk_read) from
 * its title line and blocks when it has them, else from its line read
 * (a table row, a time line, a front-matter entry).  A record of an
 * agenda group (a table, a list or paragraph of time lines) also becomes
 * an agenda row, breaks included, and the table or list is claimed for
 * the agenda.  Items of a list that is not an agenda are taken out of the
 * list (the talk prints them); the list keeps its other items.
 *
 * Then one reconciliation (ex_reconcile): a talk written in two places
 * (a detail section and an agenda row, a list item and a front-matter
 * entry) is matched one to one by title; the more detailed source stays,
 * the other's time, speakers, links and blocks join it, and the talks
 * are put in the order the page first names them. */
#include "extract_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* How detailed a talk's source is: the higher wins a match. */
enum {
  RANK_ROW = 1,    /* an agenda row, a time line */
  RANK_FRONT = 2,  /* a front-matter entry */
  RANK_ITEM = 3,   /* a list item with more under it */
  RANK_DETAIL = 4  /* a heading or title line and its blocks */
};

/* ---- talks and held nodes ------------------------------------------------------ */

size_t ex_talk_new(ex_ctx *x, int line, int rank, long group) {
  model *m = x->m;
  if (m->n_talks + 1 > x->talk_cap) {
    x->talk_cap = x->talk_cap ? x->talk_cap * 2 : 8;
    m->talks = xrealloc(m->talks, x->talk_cap * sizeof *m->talks);
    x->talk_rank = xrealloc(x->talk_rank, x->talk_cap * sizeof *x->talk_rank);
    x->talk_line = xrealloc(x->talk_line, x->talk_cap * sizeof *x->talk_line);
    x->talk_group = xrealloc(x->talk_group, x->talk_cap * sizeof *x->talk_group);
  }
  size_t i = m->n_talks++;
  memset(&m->talks[i], 0, sizeof m->talks[i]);
  m->talks[i].line = line;
  x->talk_rank[i] = rank;
  x->talk_line[i] = line;
  x->talk_group[i] = group;
  return i;
}

md_node *ex_hold(ex_ctx *x, md_node *n) {
  model *m = x->m;
  if (!m->front_body)
    m->front_body = body_parse_text(NULL, "", 0, 1);
  md_node *fb = m->front_body;
  md_unlink(n); /* out of where it was */
  n->parent = fb;
  n->next = NULL;
  n->prev = fb->last;
  if (fb->last)
    fb->last->next = n;
  else
    fb->first = n;
  fb->last = n;
  return n;
}

void ex_text_blocks(ex_ctx *x, const char *text, int line,
                    const md_node ***arr, size_t *n) {
  if (!text || !*text)
    return;
  md_node *doc = ex_front_md(x, text, line);
  for (const md_node *c = doc->first; c; c = c->next)
    ex_push(arr, n, c);
}

void ex_finding(ex_ctx *x, int line, const char *fmt, ...) {
  model *m = x->m;
  strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&b, fmt, ap);
  va_end(ap);
  m->findings = xrealloc(m->findings, (m->n_findings + 1) * sizeof *m->findings);
  m->findings[m->n_findings].line = line;
  m->findings[m->n_findings].text = sb_take(&b);
  m->n_findings++;
}

/* ---- one record --------------------------------------------------------------------- */

static int rank_of(const ex_record *r) {
  switch (r->origin) {
  case EX_FROM_HEADING:
  case EX_FROM_LINE:
  case EX_FROM_PAGE:
    return RANK_DETAIL;
  case EX_FROM_FRONT:
    return RANK_FRONT;
  case EX_FROM_ITEM:
  case EX_FROM_TIMELINE:
    return r->n_blocks ? RANK_ITEM : RANK_ROW;
  case EX_FROM_ROW:
    return r->more ? RANK_ITEM : RANK_ROW;
  }
  return RANK_ROW;
}

/* A talk from a record without blocks: its line read, its people, more. */
static void talk_from_line(ex_ctx *x, size_t ti, const ex_record *r) {
  model_talk *t = &x->m->talks[ti];
  char *prefix = NULL;
  char *raw = ex_trim_seps(r->head.title);
  t->title = extract_title_clean(raw, &prefix);
  free(raw);
  t->title_prefix = prefix;
  t->kind = extract_kind(t->title);
  if (t->kind == MODEL_BREAK)
    t->kind = MODEL_TALK;
  if (r->head.time)
    t->time = extract_time_norm(r->head.time);
  if (r->head.people)
    ex_talk_add_people(x, ti, r->head.people, r->line_no);
  if (r->more)
    ex_text_blocks(x, r->more, r->line_no, &x->m->talks[ti].abstract,
                   &x->m->talks[ti].n_abstract);
}

/* The talk of a TALK record; returns its index. */
static long record_talk(ex_ctx *x, ex_record *r) {
  size_t ti = ex_talk_new(x, r->line_no, rank_of(r), (long)r->group);
  /* people named apart from the title line are the talk's before its
   * blocks are read, so that a bio under it finds its speaker */
  if (r->name_led && r->people && r->title_node && !r->head.people)
    ex_talk_add_people(x, ti, r->people, r->line_no);
  if (r->title_node)
    ex_talk_read(x, ti, r->title_node, r->blocks, r->n_blocks, &r->head);
  else
    talk_from_line(x, ti, r);
  model_talk *t = &x->m->talks[ti];
  if (r->people && !t->n_speakers)
    ex_talk_add_people(x, ti, r->people, r->line_no);
  t = &x->m->talks[ti];
  if (r->person_text && !t->n_speakers)
    ex_talk_add_people(x, ti, r->person_text, r->line_no);
  t = &x->m->talks[ti];
  if (r->bio && *r->bio) { /* a bio cell: its one speaker's, else the talk's */
    if (t->n_speakers == 1)
      ex_speaker_bio(x, t->speakers[0], r->bio);
    else
      ex_text_blocks(x, r->bio, r->line_no, &x->m->talks[ti].abstract,
                     &x->m->talks[ti].n_abstract);
  }
  t = &x->m->talks[ti];
  if (r->prefix && !t->title_prefix)
    t->title_prefix = xstrdup(r->prefix);
  if (t->kind == MODEL_BREAK)
    t->kind = MODEL_TALK;
  if (r->day && !t->day)
    t->day = xstrdup(r->day);
  if (r->track && !t->track)
    t->track = xstrdup(r->track);
  if (r->part && !t->part)
    t->part = xstrdup(r->part);
  r->talk = (long)ti;
  return (long)ti;
}

/* The agenda row of a record of an agenda group. */
static void record_row(ex_ctx *x, const ex_record *r) {
  const char *people = r->head.people ? r->head.people : r->people;
  char *p = people ? ex_people_text(people) : NULL;
  char *title = ex_trim_seps(r->head.title);
  /* a row that is no talk keeps its bio cell in its note */
  char *note = r->bio && *r->bio && r->verdict != EX_TALK
                   ? xasprintf("%s%s%s", r->note ? r->note : "",
                               r->note ? " · " : "", r->bio)
                   : NULL;
  ex_agenda_put(x, r->head.time, title, p, note ? note : r->note, r->line_no,
                r->verdict == EX_TALK ? MODEL_TALK : MODEL_BREAK, r->talk);
  free(note);
  model_agenda_row *row = &x->m->agenda[x->m->n_agenda - 1];
  if (r->day)
    row->day = xstrdup(r->day);
  if (r->track)
    row->track = xstrdup(r->track);
  free(p), free(title);
}

/* Blocks [first, end) of bl now belong to owner. */
static void claim(ex_blocks *bl, long first, long end, long owner) {
  for (long i = first; i >= 0 && i < end && (size_t)i < bl->n; i++)
    if (bl->b[i].owner == EX_FREE)
      bl->b[i].owner = owner;
}

/* The list item that record r's title paragraph opens, or NULL. */
static md_node *item_of(const ex_record *r) {
  md_node *p = r->title_node;
  return p && p->parent && p->parent->type == MD_ITEM ? p->parent : NULL;
}

void ex_build(ex_ctx *x, ex_blocks *bl, ex_records *rs, size_t from) {
  for (size_t gi = from; gi < rs->ng; gi++) {
    ex_group *g = &rs->g[gi];
    ex_record *r = rs->r + g->first;
    if (g->verdict != EX_TALK && g->origin == EX_FROM_ROW && g->agenda) {
      /* a table whose head says it is an agenda is one, talks or not: its
       * rows are printed as the agenda and find their talks by title */
      for (size_t i = 0; i < g->n; i++) {
        r[i].verdict = EX_BREAK;
        record_row(x, &r[i]);
        if (!r[i].brk && !r[i].placeholder)
          x->m->agenda[x->m->n_agenda - 1].kind = extract_kind(r[i].head.title);
        claim(bl, r[i].first, r[i].end, EX_CLAIM_AGENDA);
      }
      continue;
    }
    if (g->verdict != EX_TALK)
      continue;
    for (size_t i = 0; i < g->n; i++) {
      if (g->agenda && r[i].verdict == EX_NOT)
        r[i].verdict = EX_BREAK; /* an agenda keeps every row */
      if (r[i].verdict == EX_TALK)
        record_talk(x, &r[i]);
      if (g->agenda)
        record_row(x, &r[i]);
    }
    switch (g->origin) {
    case EX_FROM_HEADING:
    case EX_FROM_LINE:
      for (size_t i = 0; i < g->n; i++)
        if (r[i].verdict == EX_TALK)
          claim(bl, r[i].first, r[i].end, r[i].talk);
        else if (r[i].verdict == EX_BREAK && g->origin == EX_FROM_LINE)
          claim(bl, r[i].first, r[i].end, EX_CLAIM_AGENDA);
      break;
    case EX_FROM_ROW:
      for (size_t i = 0; i < g->n; i++)
        claim(bl, r[i].first, r[i].end, EX_CLAIM_AGENDA);
      break;
    case EX_FROM_TIMELINE:
      if (g->block >= 0)
        claim(bl, g->block, g->block + 1, EX_CLAIM_AGENDA);
      else
        for (size_t i = 0; i < g->n; i++)
          claim(bl, r[i].first, r[i].end,
                r[i].verdict == EX_TALK ? r[i].talk : EX_CLAIM_AGENDA);
      break;
    case EX_FROM_ITEM:
      if (g->agenda && g->block >= 0) {
        claim(bl, g->block, g->block + 1, EX_CLAIM_AGENDA);
        break;
      }
      /* talks leave the list; what remains is printed where it is */
      for (size_t i = 0; i < g->n; i++) {
        md_node *it = r[i].verdict == EX_TALK ? item_of(&r[i]) : NULL;
        if (it) {
          md_node *list = it->parent;
          ex_hold(x, it);
          if (!list->first && g->block >= 0)
            claim(bl, g->block, g->block + 1, EX_CLAIM_CONTAINER);
        }
      }
      break;
    default:
      break;
    }
  }
}

/* ---- reconciliation ------------------------------------------------------------------ */

/* Most talks matched pairwise. */
#define RECONCILE_MAX 2000

int ex_same_title(const char *a, const char *b) {
  char *fa = ex_fold(a), *fb = ex_fold(b);
  size_t na = ex_cps(fa), nb = ex_cps(fb);
  int same = 0;
  if (na && nb) {
    if (!strcmp(fa, fb))
      same = 1;
    else if (strstr(fa, fb) || strstr(fb, fa))
      same = (double)(na < nb ? na : nb) >=
             ex_limits.match_contain * (double)(na > nb ? na : nb);
    else
      same = ex_dice(fa, fb) >= ex_limits.match_ratio;
  }
  free(fa), free(fb);
  return same;
}

/* Move what talk a has that b lacks into b; a is emptied. */
static void merge(ex_ctx *x, size_t a, size_t b) {
  model *m = x->m;
  model_talk *ta = &m->talks[a], *tb = &m->talks[b];
  /* the more specific time: a range over its start */
  if (ta->time && (!tb->time || (!strstr(tb->time, "\xe2\x80\x93") &&
                                 strstr(ta->time, "\xe2\x80\x93") &&
                                 !strncmp(ta->time, tb->time, strlen(tb->time))))) {
    free(tb->time);
    tb->time = ta->time, ta->time = NULL;
  }
  if (!tb->n_speakers && ta->n_speakers) {
    free(tb->speakers);
    tb->speakers = ta->speakers, tb->n_speakers = ta->n_speakers;
    ta->speakers = NULL, ta->n_speakers = 0;
  }
  for (size_t i = 0; i < ta->n_links; i++) {
    int dup = 0;
    for (size_t k = 0; k < tb->n_links && !dup; k++)
      dup = !strcmp(tb->links[k].url, ta->links[i].url);
    if (dup)
      continue;
    tb->links = xrealloc(tb->links, (tb->n_links + 1) * sizeof *tb->links);
    tb->links[tb->n_links++] = ta->links[i];
    ta->links[i].label = ta->links[i].url = NULL;
  }
  /* nothing lost: the other's text is printed with the talk */
  for (size_t i = 0; i < ta->n_abstract; i++)
    ex_push(tb->n_abstract ? &tb->extra : &tb->abstract,
            tb->n_abstract ? &tb->n_extra : &tb->n_abstract, ta->abstract[i]);
  for (size_t i = 0; i < ta->n_outline; i++)
    ex_push(&tb->extra, &tb->n_extra, ta->outline[i]);
  for (size_t i = 0; i < ta->n_extra; i++)
    ex_push(&tb->extra, &tb->n_extra, ta->extra[i]);
  for (size_t i = 0; i < ta->n_takeaways; i++) {
    ex_push_str(&tb->takeaways, &tb->n_takeaways, ta->takeaways[i]);
    ta->takeaways[i] = NULL;
  }
  if (tb->kind == MODEL_TALK && ta->kind != MODEL_BREAK)
    tb->kind = ta->kind;
  if (!tb->day && ta->day)
    tb->day = ta->day, ta->day = NULL;
  if (!tb->track && ta->track)
    tb->track = ta->track, ta->track = NULL;
  if (!tb->part && ta->part)
    tb->part = ta->part, ta->part = NULL;
  if (x->talk_line[a] < x->talk_line[b])
    x->talk_line[b] = x->talk_line[a];
  if (x->talk_rank[a] > x->talk_rank[b])
    x->talk_rank[b] = x->talk_rank[a];
  for (size_t i = 0; i < m->n_agenda; i++)
    if (m->agenda[i].talk == (int)a)
      m->agenda[i].talk = (int)b;
}

/* Put the talks in the order of perm (perm[i]: the old index of the new
 * i-th talk; -1 entries are dropped, already freed). */
static void reorder(ex_ctx *x, const long *perm, size_t n) {
  model *m = x->m;
  size_t old_n = m->n_talks;
  long *where = xmalloc((old_n ? old_n : 1) * sizeof *where);
  for (size_t i = 0; i < old_n; i++)
    where[i] = -1;
  model_talk *t = xmalloc((n ? n : 1) * sizeof *t);
  int *rank = xmalloc((n ? n : 1) * sizeof *rank);
  int *line = xmalloc((n ? n : 1) * sizeof *line);
  long *group = xmalloc((n ? n : 1) * sizeof *group);
  for (size_t i = 0; i < n; i++) {
    t[i] = m->talks[perm[i]];
    rank[i] = x->talk_rank[perm[i]];
    line[i] = x->talk_line[perm[i]];
    group[i] = x->talk_group[perm[i]];
    where[perm[i]] = (long)i;
  }
  memcpy(m->talks, t, n * sizeof *t);
  memcpy(x->talk_rank, rank, n * sizeof *rank);
  memcpy(x->talk_line, line, n * sizeof *line);
  memcpy(x->talk_group, group, n * sizeof *group);
  m->n_talks = n;
  for (size_t i = 0; i < m->n_agenda; i++)
    if (m->agenda[i].talk >= 0)
      m->agenda[i].talk = (int)where[m->agenda[i].talk];
  free(t), free(rank), free(line), free(group), free(where);
}

/* Order of talks by their first source line (stable). */
static _Thread_local const int *sort_lines;

static int by_line(const void *a, const void *b) {
  long i = *(const long *)a, j = *(const long *)b;
  int c = (sort_lines[i] > sort_lines[j]) - (sort_lines[i] < sort_lines[j]);
  return c ? c : (i > j) - (i < j);
}

/* 1 when talks a and b have the same speakers, at least one. */
static int same_speakers(const model_talk *a, const model_talk *b) {
  if (!a->n_speakers || a->n_speakers != b->n_speakers)
    return 0;
  for (size_t i = 0; i < a->n_speakers; i++) {
    int in = 0;
    for (size_t k = 0; k < b->n_speakers && !in; k++)
      in = a->speakers[i] == b->speakers[k];
    if (!in)
      return 0;
  }
  return 1;
}

/* Talks of group g, not gone nor merged, with the speakers of talk t. */
static size_t with_speakers_of(const ex_ctx *x, const char *gone,
                               const char *merged, long g, size_t t) {
  size_t c = 0;
  for (size_t i = 0; i < x->m->n_talks; i++)
    c += !gone[i] && !merged[i] && x->talk_group[i] == g &&
         same_speakers(&x->m->talks[i], &x->m->talks[t]);
  return c;
}

/* A detail section and an agenda row that no title matched, naming the
 * same speakers, each the only such talk of its group: one talk whose
 * titles differ ("Beyond Compiler Engineering" in the agenda, "Xposed for
 * ART on Android" in the detail).  The detail's title stays. */
static void by_speakers(ex_ctx *x, char *gone, char *merged) {
  model *m = x->m;
  for (size_t i = 0; i < m->n_talks && m->n_talks <= RECONCILE_MAX; i++)
    for (size_t j = 0; j < m->n_talks && !gone[i] && !merged[i]; j++) {
      if (j == i || gone[j] || merged[j] || x->talk_group[j] == x->talk_group[i] ||
          x->talk_rank[i] <= x->talk_rank[j] ||
          !same_speakers(&m->talks[i], &m->talks[j]) ||
          with_speakers_of(x, gone, merged, x->talk_group[i], i) != 1 ||
          with_speakers_of(x, gone, merged, x->talk_group[j], j) != 1)
        continue;
      merge(x, j, i);
      ex_talk_clear(&m->talks[j]);
      gone[j] = 1;
      merged[i] = 1;
    }
}

void ex_reconcile(ex_ctx *x) {
  model *m = x->m;
  size_t n = m->n_talks;
  if (!n)
    return;
  char *gone = xcalloc(n, 1), *merged = xcalloc(n, 1);
  /* each talk takes at most one talk of each other group; pages with
   * more talks than this are compared no further (pairs grow as n²) */
  long *taken = xmalloc(n * sizeof *taken);
  for (size_t i = 0; i < n && n <= RECONCILE_MAX; i++) {
    if (gone[i])
      continue;
    size_t nt = 0;
    for (size_t j = i + 1; j < n; j++) {
      if (gone[j] || x->talk_group[j] == x->talk_group[i])
        continue;
      int dup_group = 0;
      for (size_t k = 0; k < nt && !dup_group; k++)
        dup_group = taken[k] == x->talk_group[j];
      if (dup_group || !ex_same_title(m->talks[i].title, m->talks[j].title))
        continue;
      size_t win = x->talk_rank[j] > x->talk_rank[i] ? j : i;
      size_t lose = win == i ? j : i;
      merge(x, lose, win);
      ex_talk_clear(&m->talks[lose]);
      gone[lose] = 1;
      merged[win] = 1;
      taken[nt++] = x->talk_group[lose];
      if (lose == i)
        break;
    }
  }
  free(taken);
  by_speakers(x, gone, merged);
  free(merged);
  long *perm = xmalloc(n * sizeof *perm);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!gone[i])
      perm[k++] = (long)i;
  sort_lines = x->talk_line;
  qsort(perm, k, sizeof *perm, by_line);
  reorder(x, perm, k);
  free(perm), free(gone);
}
