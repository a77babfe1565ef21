/* extract_tables.c — talks written as the rows of a Markdown table whose
 * head reads as an agenda (时间 | 议题 | 讲师, Time | Topic | Speaker): a
 * record a row, its title from the title cell (a <details> summary's
 * text, the rest its abstract), its people from the speaker and company
 * cells, its room the row's track; and track grids (Time | Room A | Room
 * B): a record a cell.  One of the record adapters (extract_record.c has
 * the others and the decisions). */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>

/* The text of a cell split at an HTML "<summary>…</summary>": the summary
 * is the title, what follows it (up to </details>) more text.  Without a
 * summary the whole text is the title and *more is NULL. */
static char *cell_summary(const md_node *cell, char **more) {
  *more = NULL;
  int in = 0, after = 0, any = 0;
  strbuf t = {0}, m = {0};
  for (const md_node *c = cell->first; c; c = c->next) {
    if (c->type == MD_HTML_INLINE && c->text) {
      if (!strncasecmp(c->text, "<summary", 8)) {
        in = 1, any = 1;
        continue;
      }
      if (!strncasecmp(c->text, "</summary", 9)) {
        in = 0, after = 1;
        continue;
      }
      if (!strncasecmp(c->text, "</details", 9) ||
          !strncasecmp(c->text, "<details", 8))
        continue;
    }
    char *s = md_plain_text(c);
    if (c->type == MD_TEXT || c->type == MD_CODE || !strchr("<", c->text ? c->text[0] : 'x'))
      sb_add(after && !in ? &m : &t, s);
    free(s);
  }
  if (!any) {
    sb_free(&t), sb_free(&m);
    return ex_text(cell);
  }
  char *title = sb_take(&t);
  char *r = util_trim(title);
  free(title);
  char *mm = sb_take(&m);
  *more = util_trim(mm);
  free(mm);
  if (!**more) {
    free(*more);
    *more = NULL;
  }
  return r;
}

/* "| Time | Room A | Room B |": a time column and two or more columns of
 * rooms or tracks, the talks in the cells.  1 when table is one. */
static int track_grid(const md_node *table, const ex_col *cols, int n) {
  if (n < 3 || cols[0] != EX_COL_TIME)
    return 0;
  for (int k = 1; k < n; k++)
    if (cols[k] != EX_COL_ROOM && cols[k] != EX_COL_NONE)
      return 0;
  int rooms = 0;
  for (const md_node *c = table->first->first; c; c = c->next) {
    char *t = ex_text(c);
    rooms += ex_column_kind(t) == EX_COL_ROOM;
    free(t);
  }
  return rooms >= 2;
}

/* The rows of a track grid as records: a cell a talk ("Scaling Search —
 * Ana Li") at the row's time in the column's room; a row that says the
 * same in every room ("Lunch") one record for all. */
static void grid_records(ex_records *rs, const ex_blocks *bl, size_t i) {
  const md_node *table = bl->b[i].n;
  char *room[EX_MAX_COLS] = {0};
  int n = 0;
  for (const md_node *c = table->first->first; c && n < EX_MAX_COLS; c = c->next)
    room[n++] = ex_text(c);
  for (const md_node *row = table->first->next; row; row = row->next) {
    char *cell[EX_MAX_COLS] = {0};
    int k = 0;
    for (const md_node *c = row->first; c && k < n; c = c->next)
      cell[k++] = ex_text(c);
    int same = 1;
    for (int c = 2; c < k; c++)
      same &= cell[1] && cell[c] && !strcmp(cell[1], cell[c]);
    for (int c = 1; c < k; c++) {
      if (!cell[c] || !*cell[c] || (same && c > 1))
        continue;
      ex_record *r = ex_record_add(rs);
      r->first = (long)i;
      r->end = (long)i + 1;
      r->line_no = row->line;
      r->line = xstrdup(cell[c]);
      if (cell[0] && *cell[0])
        r->time = xstrdup(cell[0]);
      ex_place(r, bl, i);
      if (!same) {
        free(r->track);
        r->track = xstrdup(room[c]);
      }
    }
    for (int c = 0; c < k; c++)
      free(cell[c]);
  }
  for (int c = 0; c < n; c++)
    free(room[c]);
}

void ex_records_tables(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    /* a table whose head reads as an agenda is one wherever it stands */
    if (b->owner != EX_FREE || b->sponsor || b->n->type != MD_TABLE)
      continue;
    ex_col cols[EX_MAX_COLS];
    int n;
    int agenda = ex_table_columns(b->n, cols, EX_MAX_COLS, &n);
    if (track_grid(b->n, cols, n)) {
      size_t g = ex_group_open(rs, EX_FROM_ROW, (long)i);
      rs->g[g].agenda = 1;
      grid_records(rs, bl, i);
      continue;
    }
    if (!agenda)
      continue;
    size_t g = ex_group_open(rs, EX_FROM_ROW, (long)i);
    rs->g[g].agenda = 1;
    ex_agenda_heads(x->m, b->n, cols, n);
    for (const md_node *row = b->n->first->next; row; row = row->next) {
      char *cell[EX_COL_COUNT] = {0}, *more = NULL;
      strbuf note = {0};
      int k = 0, any = 0;
      for (const md_node *c = row->first; c; c = c->next, k++) {
        ex_col kind = k < n ? cols[k] : EX_COL_NONE;
        char *t = kind == EX_COL_TITLE && !cell[kind] ? cell_summary(c, &more)
                                                      : ex_text(c);
        any |= *t != 0;
        if (kind && !cell[kind]) {
          cell[kind] = t;
        } else {
          if (*t)
            sb_addf(&note, "%s%s", note.len ? " · " : "", t);
          free(t);
        }
      }
      if (!any) { /* an empty row: its empty cells go too */
        sb_free(&note);
        free(more);
        for (int c = 0; c < EX_COL_COUNT; c++)
          free(cell[c]);
        continue;
      }
      ex_record *r = ex_record_add(rs);
      r->first = (long)i;
      r->end = (long)i + 1;
      r->line_no = row->line;
      r->line = xstrdup(cell[EX_COL_TITLE] ? cell[EX_COL_TITLE] : "");
      if (cell[EX_COL_TIME] && *cell[EX_COL_TIME])
        r->time = xstrdup(cell[EX_COL_TIME]);
      if (cell[EX_COL_SPEAKER] && *cell[EX_COL_SPEAKER]) {
        r->people = cell[EX_COL_COMPANY] && *cell[EX_COL_COMPANY]
                        ? xasprintf("%s（%s）", cell[EX_COL_SPEAKER],
                                    cell[EX_COL_COMPANY])
                        : xstrdup(cell[EX_COL_SPEAKER]);
      }
      char *nt = sb_take(&note);
      r->note = *nt ? nt : NULL;
      if (!r->note)
        free(nt);
      r->more = more;
      ex_place(r, bl, i);
      if (cell[EX_COL_BIO] && *cell[EX_COL_BIO])
        r->bio = xstrdup(cell[EX_COL_BIO]);
      if (cell[EX_COL_ROOM] && *cell[EX_COL_ROOM]) {
        free(r->track);
        r->track = xstrdup(cell[EX_COL_ROOM]);
      }
      for (int c = 0; c < EX_COL_COUNT; c++)
        free(cell[c]);
    }
  }
}
