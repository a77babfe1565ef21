/* extract_timeline.c — talks written as lines or paragraphs that open
 * with a time ("09:30-09:50 Title" over a line naming the speaker; a
 * paragraph of "9:40 – 10:30 Title，Name" lines), read into records of
 * one group per run, across the day and track headings that only group
 * them.  Part of the record adapters (extract_record.c has the others and
 * the decisions). */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- lines and paragraphs that open with a time ------------------------------------- */

/* Roles of headings that only group talks: days, tracks, kinds, agendas. */
static int container_role(ex_role r) {
  return r == EX_ROLE_DAY || r == EX_ROLE_TRACK || r == EX_ROLE_SERIES ||
         r == EX_ROLE_AGENDA;
}

/* 1 when every heading above block i up to top (not included) groups
 * talks only (a day, a track …). */
static int containers_to(const ex_blocks *bl, size_t i, long top) {
  for (long p = bl->b[i].parent; p != top && p >= 0; p = bl->b[p].parent)
    if (!container_role(bl->b[p].role))
      return 0;
  return 1;
}

/* 1 when block i is inside the section of heading top (-1: the page). */
static int inside(const ex_blocks *bl, size_t i, long top) {
  return top < 0 || (i > (size_t)top && i < bl->b[top].end);
}


/* A paragraph of time lines ("9:40 – 10:30 Title，Name" a line): one
 * group, a record a timed line; a line without a time under a timed one
 * names its people when it reads as names. */
static int timeline_paragraph(ex_ctx *x, ex_blocks *bl, ex_records *rs, size_t i) {
  ex_line *L;
  size_t n = ex_lines(bl->b[i].n, &L), t = 0;
  for (size_t k = 0; k < n; k++)
    t += ex_timed(L[k].text);
  if (t < 2 || t * 5 < n * 3) {
    ex_lines_free(L, n);
    return 0;
  }
  size_t g = ex_group_open(rs, EX_FROM_TIMELINE, (long)i);
  rs->g[g].agenda = 1;
  char *day = NULL;
  ex_record *last = NULL;
  int t_seen = 0;
  for (size_t k = 0; k < n; k++) {
    char *line = util_trim(L[k].text);
    int y, m, d;
    if (!ex_timed(line) && extract_date(line, &y, &m, &d) && !last) {
      /* the day of the rows below (kept as a row too: its place) */
      free(day);
      day = xstrdup(line);
    }
    if (!ex_timed(line) && last && !last->people &&
        ex_names_score(line, ex_known, x) >= ex_limits.names_likely) {
      last->people = line;
      continue;
    }
    ex_record *r = ex_record_add(rs);
    r->line = line;
    r->line_no = L[k].line;
    r->first = (long)i;
    r->end = (long)i + 1;
    r->label = !t_seen && !ex_timed(line); /* "【日程安排】" over the times */
    ex_place(r, bl, i);
    if (day && !r->day)
      r->day = xstrdup(day);
    last = ex_timed(line) ? r : NULL;
    t_seen |= ex_timed(line);
  }
  free(day);
  ex_lines_free(L, n);
  return 1;
}

void ex_records_timelines(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (b->owner != EX_FREE || b->sponsor || b->n->type != MD_PARAGRAPH ||
        ex_off_limits(bl, i))
      continue;
    if (timeline_paragraph(x, bl, rs, i))
      continue;
    /* a run of paragraphs in one section, each talk opening with a time */
    char *t = ex_first_line(b->n);
    int is_timed = ex_timed(t);
    free(t);
    if (!is_timed)
      continue;
    /* the run goes on across the headings of its days and tracks ("## 上午",
     * "## 下午") under the same parent */
    long top = b->parent;
    while (top >= 0 && container_role(bl->b[top].role))
      top = bl->b[top].parent;
    size_t j = i, count = 0;
    for (; j < bl->n; j++) {
      const ex_block *c = &bl->b[j];
      if (c->n->type == MD_HEADING && c->owner == EX_FREE &&
          container_role(c->role) && containers_to(bl, j, top))
        continue;
      if (c->owner != EX_FREE || c->sponsor || c->n->type == MD_HEADING ||
          !inside(bl, j, top))
        break;
      if (c->n->type == MD_PARAGRAPH) {
        char *ct = ex_first_line(c->n);
        count += ex_timed(ct);
        free(ct);
      }
    }
    if (count < 2)
      continue;
    size_t g = ex_group_open(rs, EX_FROM_TIMELINE, -1);
    rs->g[g].agenda = 1;
    for (size_t k = i; k < j;) {
      const ex_block *c = &bl->b[k];
      char *ct = c->n->type == MD_PARAGRAPH ? ex_first_line(c->n) : NULL;
      if (!ct || !ex_timed(ct)) {
        free(ct);
        k++;
        continue;
      }
      ex_record *r = ex_record_add(rs);
      r->title_node = c->n;
      r->line = ct;
      r->line_no = c->n->line;
      r->first = (long)k;
      size_t e = k + 1;
      for (; e < j; e++) {
        if (bl->b[e].n->type == MD_HEADING)
          break;
        if (bl->b[e].n->type != MD_PARAGRAPH)
          continue;
        char *et = ex_first_line(bl->b[e].n);
        int stop = ex_timed(et);
        free(et);
        if (stop)
          break;
      }
      r->end = (long)e;
      ex_take_blocks(r, bl, k + 1, e);
      ex_place(r, bl, k);
      k = e;
    }
    i = j - 1;
  }
}
