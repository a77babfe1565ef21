/* document_agenda.c — the document stage's agenda (print_agenda in
 * document_print.h): the model's agenda rows (or one row per talk) as
 * tables a reader takes in at a glance.  A day heading per day when the
 * event has several; within a day with parallel tracks, rows in time
 * order with the plenary sessions (rows of no track) in place, set as the
 * layout's agenda.tracks says: one table with a track column, a table per
 * track under its heading, or the tracks' tables side by side.  A row
 * without a time takes its talk's.  Blocks only: nothing is measured
 * here, and what does not fit side by side is the flow's business. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "document_print.h"
#include "util.h"

/* One row of the agenda as printed. */
typedef struct arow {
  const char *time;    /* as printed, "" for none */
  int start;           /* start in minutes from midnight for ordering;
                          a row without one takes the row before's */
  const char *title;   /* session title, "" for none */
  char *speaker;       /* names as printed, owned, "" for none */
  const char *role;    /* the speaker's role from the table, or NULL */
  const char *note;    /* the table's other columns, or NULL */
  const char *day;     /* day as written, NULL before any day is named */
  const char *track;   /* track or room, NULL for a plenary row */
  model_talk_kind kind;/* talk, keynote, panel, break */
  int talk;            /* index into the model's talks, or -1 */
  size_t order;        /* position in the page, for a stable order */
  int line;            /* source line */
} arow;

/* What the tables of one agenda print. */
typedef struct aspec {
  const model *m;      /* the model */
  const layout *l;     /* the layout, for the printed words */
  int handout;         /* 1 on the handout (no links to talk pages) */
  int time, speaker;   /* columns that have content anywhere */
  int track;           /* 1: a track column */
  int merged;          /* 1: the speaker under the title, one column */
} aspec;

/* Start of a time range in minutes ("9:00", "13:30-14:10", "下午 2:00",
 * "2:00 pm"), or -1. */
static int start_minutes(const char *t) {
  for (const char *p = t; p && *p; p++) {
    if (!isdigit((unsigned char)*p))
      continue;
    char *end;
    long h = strtol(p, &end, 10);
    if ((*end != ':' && strncmp(end, "：", 3)) || h > 24)
      return -1;
    const char *mm = *end == ':' ? end + 1 : end + 3;
    if (!isdigit((unsigned char)mm[0]) || !isdigit((unsigned char)mm[1]))
      return -1;
    int min = (mm[0] - '0') * 10 + (mm[1] - '0');
    int pm = (strstr(t, "下午") && strstr(t, "下午") < p) ||
             (strstr(t, "晚上") && strstr(t, "晚上") < p) ||
             strcasestr(mm, "pm") != NULL;
    if (pm && h < 12)
      h += 12;
    return (int)h * 60 + min;
  }
  return -1;
}

static int same(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The rows, from the agenda or from the talks. Caller frees with
 * rows_free. */
static arow *rows_make(const model *m, const layout *l, int from_talks,
                       size_t *n_out) {
  size_t n = from_talks ? m->n_talks : m->n_agenda;
  arow *r = xcalloc(n ? n : 1, sizeof *r);
  for (size_t i = 0; i < n; i++) {
    arow *a = &r[i];
    a->order = i;
    if (from_talks) {
      const model_talk *t = &m->talks[i];
      strbuf sp = {0};
      for (size_t k = 0; k < t->n_speakers; k++)
        sb_addf(&sp, "%s%s", k ? layout_label(l, "list_sep") : "",
                m->speakers[t->speakers[k]].name);
      a->time = t->time ? t->time : "";
      a->title = t->title, a->speaker = sb_take(&sp);
      a->day = t->day, a->track = t->track, a->kind = t->kind;
      a->talk = (int)i;
      a->line = t->line;
    } else {
      const model_agenda_row *g = &m->agenda[i];
      a->time = g->time ? g->time : "";
      a->title = g->title ? g->title : "";
      a->speaker = xstrdup(g->speaker ? g->speaker : "");
      a->role = g->role, a->note = g->note;
      a->day = g->day, a->track = g->track, a->kind = g->kind;
      a->talk = g->talk;
      a->line = g->line;
    }
    if (!a->speaker)
      a->speaker = xstrdup("");
    /* a row without a time keeps its talk's */
    if (!*a->time && a->talk >= 0 && (size_t)a->talk < m->n_talks &&
        m->talks[a->talk].time)
      a->time = m->talks[a->talk].time;
    if (!a->day && i > 0)
      a->day = r[i - 1].day; /* under the day named before it */
    a->start = start_minutes(a->time);
    if (a->start < 0 && i > 0 && same(a->day, r[i - 1].day))
      a->start = r[i - 1].start;
  }
  *n_out = n;
  return r;
}

static void rows_free(arow *r, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(r[i].speaker);
  free(r);
}

/* By start time, then page order. */
static int by_start(const void *x, const void *y) {
  const arow *a = *(const arow *const *)x, *b = *(const arow *const *)y;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* A table of rows[0..n) as sp says. */
static doc_block *table_of(const aspec *sp, arow *const *rows, size_t n) {
  const model *m = sp->m;
  const layout *l = sp->l;
  size_t cols = (size_t)(sp->time + sp->track + 1 +
                         (sp->speaker && !sp->merged));
  doc_block *b = doc_block_new(DOC_TABLE, "table", n ? rows[0]->line : 0);
  b->n_rows = n + 1, b->n_cols = cols, b->header_rows = 1;
  b->cells = xcalloc(b->n_rows * cols, sizeof *b->cells);
  b->aligns = xcalloc(cols + 1, 1);
  /* column heads as the page wrote them */
  const char *const *ah = (const char *const *)m->agenda_head;
  size_t c = 0;
  if (sp->time)
    doc_text_append(&b->cells[c++], ah[0] ? ah[0] : layout_label(l, "time"), 0,
                    NULL);
  if (sp->track)
    doc_text_append(&b->cells[c++], layout_label(l, "track"), 0, NULL);
  doc_text_append(&b->cells[c++], ah[1] ? ah[1] : layout_label(l, "session"), 0,
                  NULL);
  if (sp->speaker && !sp->merged)
    doc_text_append(&b->cells[c++], ah[2] ? ah[2] : layout_label(l, "speaker"),
                    0, NULL);
  for (size_t i = 0; i < n; i++) {
    const arow *r = rows[i];
    doc_text *row = &b->cells[(i + 1) * cols];
    c = 0;
    if (sp->time)
      doc_text_append(&row[c++], r->time, 0, NULL);
    if (sp->track)
      doc_text_append(&row[c++], r->track ? r->track : "", 0, NULL);
    doc_text *tc = &row[c++];
    char *anchor = r->talk >= 0 && !sp->handout
                       ? xasprintf("#talk-%d", r->talk + 1)
                       : NULL;
    unsigned fl = r->kind == MODEL_KEYNOTE ? DOC_BOLD : 0;
    doc_text_append(tc, r->title, fl | (anchor ? DOC_LINK : 0), anchor);
    free(anchor);
    if (r->note && *r->note) { /* other columns of the page's table */
      doc_text_append(tc, "\n", 0, NULL);
      doc_text_append(tc, r->note, DOC_SMALL, NULL);
    }
    if (!sp->track && !sp->time && r->track && *r->track) {
      doc_text_append(tc, "\n", 0, NULL);
      doc_text_append(tc, r->track, DOC_SMALL, NULL);
    }
    doc_text *pc = sp->merged ? tc : sp->speaker ? &row[c++] : NULL;
    if (pc && *r->speaker) {
      if (sp->merged)
        doc_text_append(pc, "\n", 0, NULL);
      doc_text_append(pc, r->speaker, sp->merged ? DOC_SMALL : 0, NULL);
      /* a role no speaker card will print */
      if (r->role && *r->role && r->talk < 0) {
        doc_text_append(pc, sp->merged ? " · " : "\n", 0, NULL);
        doc_text_append(pc, r->role, DOC_SMALL, NULL);
      }
    }
  }
  return b;
}

/* The distinct tracks of rows[0..n) in order of first appearance. */
static size_t tracks_of(arow *const *rows, size_t n, const char **out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (!rows[i]->track)
      continue;
    size_t j = 0;
    while (j < k && strcmp(out[j], rows[i]->track))
      j++;
    if (j == k)
      out[k++] = rows[i]->track;
  }
  return k;
}

/* A heading in style at level. */
static doc_block *heading(const char *style, const char *text, int level) {
  doc_block *h = doc_block_new(DOC_HEADING, style, 0);
  doc_text_append(&h->text, text, 0, NULL);
  h->level = level;
  return h;
}

/* One run of parallel rows: a table per track under its heading, or
 * those side by side. */
static void parallel_run(doc_section *s, const aspec *sp, arow *const *run,
                         size_t n, int side) {
  const char **tracks = xcalloc(n, sizeof *tracks);
  size_t nt = tracks_of(run, n, tracks);
  arow **mine = xcalloc(n, sizeof *mine);
  doc_block *cols = side ? doc_block_new(DOC_COLUMNS, "body", 0) : NULL;
  aspec one = *sp;
  one.track = 0;
  one.merged = side || sp->merged;
  for (size_t t = 0; t < nt; t++) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
      if (run[i]->track && !strcmp(run[i]->track, tracks[t]))
        mine[k++] = run[i];
    doc_block *h = heading("agenda-track", tracks[t], 4);
    doc_block *tb = table_of(&one, mine, k);
    if (side) {
      doc_block *g = doc_block_new(DOC_GROUP, "body", 0);
      doc_block_add(g, h);
      doc_block_add(g, tb);
      doc_block_add(cols, g);
    } else {
      doc_section_add(s, h);
      doc_section_add(s, tb);
    }
  }
  doc_section_add(s, cols);
  free(mine);
  free(tracks);
}

/* A single-track table, in two columns on the handout when long. */
static void single_table(doc_section *s, const aspec *sp, arow *const *rows,
                         size_t n) {
  if (!sp->handout || n < 16) {
    doc_section_add(s, table_of(sp, rows, n));
    return;
  }
  aspec two = *sp;
  two.merged = 1;
  doc_block *cols = doc_block_new(DOC_COLUMNS, "body", 0);
  size_t half = (n + 1) / 2;
  doc_block_add(cols, table_of(&two, rows, half));
  doc_block_add(cols, table_of(&two, rows + half, n - half));
  doc_section_add(s, cols);
}

/* The rows of one day. */
static void day_tables(doc_section *s, const aspec *base, const layout *l,
                       arow **rows, size_t n) {
  const char **tracks = xcalloc(n ? n : 1, sizeof *tracks);
  size_t nt = tracks_of(rows, n, tracks);
  free(tracks);
  aspec sp = *base;
  if (nt < 2) {
    single_table(s, &sp, rows, n);
    return;
  }
  /* parallel tracks: in time order, plenary sessions in place */
  qsort(rows, n, sizeof *rows, by_start);
  if (l->tracks == LAYOUT_TRACKS_COLUMN) {
    sp.track = 1;
    sp.merged = sp.speaker;
    doc_section_add(s, table_of(&sp, rows, n));
    return;
  }
  for (size_t i = 0, j; i < n; i = j) {
    int plenary = rows[i]->track == NULL;
    for (j = i + 1; j < n && (rows[j]->track == NULL) == plenary; j++)
      ;
    if (plenary)
      doc_section_add(s, table_of(&sp, rows + i, j - i));
    else
      parallel_run(s, &sp, rows + i, j - i,
                   l->tracks == LAYOUT_TRACKS_SIDE);
  }
}

void print_agenda(doc_section *s, const model *m, const layout *l,
                  int from_talks, int handout) {
  size_t n;
  arow *rows = rows_make(m, l, from_talks, &n);
  if (!n) {
    rows_free(rows, n);
    return;
  }
  aspec sp = {.m = m, .l = l, .handout = handout};
  for (size_t i = 0; i < n; i++) {
    sp.time |= *rows[i].time != 0;
    sp.speaker |= *rows[i].speaker != 0;
  }
  /* the days in the order the page names them */
  const char **days = xcalloc(n, sizeof *days);
  size_t nd = 0;
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    while (k < nd && !same(days[k], rows[i].day))
      k++;
    if (k == nd)
      days[nd++] = rows[i].day;
  }
  arow **mine = xcalloc(n, sizeof *mine);
  /* on the handout, the days in two columns side by side: the first
   * days until half the rows are in the left one */
  doc_block *cols = NULL, *col = NULL;
  size_t split = nd, seen = 0;
  if (handout && nd >= 2) {
    cols = doc_block_new(DOC_COLUMNS, "body", 0);
    for (size_t d = 0; d < nd && split == nd; d++) {
      for (size_t i = 0; i < n; i++)
        seen += same(rows[i].day, days[d]);
      if (2 * seen >= n || d + 2 == nd)
        split = d + 1;
    }
  }
  for (size_t d = 0; d < nd; d++) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
      if (same(rows[i].day, days[d]))
        mine[k++] = &rows[i];
    doc_section day = {0}, *into = cols ? &day : s;
    if (days[d] && (nd > 1 || m->n_agenda))
      doc_section_add(into, heading("agenda-day", days[d], 3));
    day_tables(into, &sp, l, mine, k);
    if (cols) { /* the day's blocks into its column */
      if (d == 0 || d == split) {
        col = doc_block_new(DOC_GROUP, "body", 0);
        doc_block_add(cols, col);
      }
      for (size_t b = 0; b < day.n_blocks; b++)
        doc_block_add(col, day.blocks[b]);
      free(day.blocks);
    }
  }
  doc_section_add(s, cols);
  free(mine);
  free(days);
  rows_free(rows, n);
}
