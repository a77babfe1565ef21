/* extract_agenda.c — the agenda of the event model: rows put by the
 * builders of records (ex_agenda_put), the columns of agenda tables, a
 * table read inside a talk, or rows derived from the
 * talks' times; then each row is linked to the talk with the most similar
 * title.  Also the speaker index (names and aliases to speakers).
 *
 * Agenda cells name people in any order ("高飞航 陌陌中间件架构师", "Maya
 * Okafor", "张三、李四"); they are read with extract_people and added to
 * the speakers, so a designation written only in the agenda is kept.  No
 * layout here, and no reading of talk sections (extract_talk.c). */
#include "extract_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ---- the speaker index ------------------------------------------------------ */

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static long index_get(ex_ctx *x, const char *key) {
  if (!x->hcap || !*key)
    return -1;
  for (size_t i = hash_str(key) & (x->hcap - 1);; i = (i + 1) & (x->hcap - 1)) {
    if (!x->hkeys[i])
      return -1;
    if (!strcmp(x->hkeys[i], key))
      return (long)x->hvals[i];
  }
}

static void index_put(ex_ctx *x, const char *key, size_t val) {
  if (!*key || index_get(x, key) >= 0)
    return;
  if ((x->hn + 1) * 2 > x->hcap) {
    size_t ncap = x->hcap ? x->hcap * 2 : 64;
    char **nk = xcalloc(ncap, sizeof *nk);
    size_t *nv = xcalloc(ncap, sizeof *nv);
    for (size_t i = 0; i < x->hcap; i++) {
      if (!x->hkeys[i])
        continue;
      size_t j = hash_str(x->hkeys[i]) & (ncap - 1);
      while (nk[j])
        j = (j + 1) & (ncap - 1);
      nk[j] = x->hkeys[i];
      nv[j] = x->hvals[i];
    }
    free(x->hkeys), free(x->hvals);
    x->hkeys = nk, x->hvals = nv, x->hcap = ncap;
  }
  size_t j = hash_str(key) & (x->hcap - 1);
  while (x->hkeys[j])
    j = (j + 1) & (x->hcap - 1);
  x->hkeys[j] = xstrdup(key);
  x->hvals[j] = val;
  x->hn++;
}

long ex_speaker_find(ex_ctx *x, const char *name, size_t len) {
  char *s = xstrndup(name, len);
  char *f = ex_fold(s);
  long i = index_get(x, f);
  free(s), free(f);
  return i;
}

int ex_known(void *x, const char *name, size_t len) {
  return ex_speaker_find(x, name, len) >= 0;
}

size_t ex_speaker_add(ex_ctx *x, const ex_person *p, int line) {
  model *m = x->m;
  char *name = util_trim(p->name);
  char *fn = ex_fold(name);
  char *fa = p->alias ? ex_fold(p->alias) : NULL;
  long i = index_get(x, fn);
  int by_alias = 0;
  if (i < 0 && fa && *fa) {
    i = index_get(x, fa);
    by_alias = i >= 0;
  }
  if (i < 0) {
    if (m->n_speakers + 1 > x->spk_cap) {
      x->spk_cap = x->spk_cap ? x->spk_cap * 2 : 8;
      m->speakers = xrealloc(m->speakers, x->spk_cap * sizeof *m->speakers);
    }
    i = (long)m->n_speakers++;
    model_speaker *s = &m->speakers[i];
    memset(s, 0, sizeof *s);
    s->name = name;
    name = NULL;
    s->line = line;
  }
  model_speaker *s = &m->speakers[i];
  if (by_alias) {
    /* known by the nickname ("涵畅"), now named in full ("肖涵（涵畅）") */
    char *sf = ex_fold(s->name);
    if (!strcmp(sf, fa)) {
      if (!s->alias)
        s->alias = s->name;
      else
        free(s->name);
      s->name = name;
      name = NULL;
    }
    free(sf);
  }
  free(name);
  if (!s->alias && p->alias && fa && *fa) {
    char *sf = ex_fold(s->name);
    if (strcmp(sf, fa))
      s->alias = util_trim(p->alias);
    free(sf);
  }
  if (p->designation && *p->designation) {
    if (!s->designation)
      s->designation = xstrdup(p->designation);
    else if (strlen(p->designation) > strlen(s->designation) &&
             strstr(p->designation, s->designation)) {
      free(s->designation);
      s->designation = xstrdup(p->designation);
    }
  }
  if (p->company && *p->company && !s->company)
    s->company = xstrdup(p->company);
  index_put(x, fn, (size_t)i);
  if (fa)
    index_put(x, fa, (size_t)i);
  free(fn), free(fa);
  return (size_t)i;
}

void ex_speaker_bio(ex_ctx *x, size_t i, const char *bio) {
  model_speaker *s = &x->m->speakers[i];
  if (!bio || !*bio)
    return;
  if (!s->bio) {
    s->bio = xstrdup(bio);
  } else if (strlen(s->bio) > 65536 || !strstr(s->bio, bio)) {
    char *j = xasprintf("%s\n\n%s", s->bio, bio);
    free(s->bio);
    s->bio = j;
  }
}

/* ---- rows ------------------------------------------------------------------- */

static model_agenda_row *new_row(ex_ctx *x) {
  model *m = x->m;
  size_t n = m->n_agenda;
  if (n < 4 || !(n & (n - 1)))
    m->agenda = xrealloc(m->agenda, (n < 4 ? 4 : n * 2) * sizeof *m->agenda);
  model_agenda_row *r = &m->agenda[m->n_agenda++];
  memset(r, 0, sizeof *r);
  r->talk = -1;
  return r;
}

/* Speaker names of a cell or line, added to the speakers; the names joined
 * for print, or the text as written when it names nobody ("全体讲师"). */
static char *row_people(ex_ctx *x, const char *text, const char *company,
                        int line, size_t **idx, size_t *n_idx) {
  ex_person *ps;
  size_t n = extract_people(text, EX_LENIENT, ex_known, x, &ps);
  strbuf b = {0};
  for (size_t i = 0; i < n; i++) {
    if (company && *company && n == 1 && !ps[i].designation)
      ps[i].designation = xstrdup(company);
    size_t k = ex_speaker_add(x, &ps[i], line);
    if (idx) {
      if (*n_idx < 4 || !(*n_idx & (*n_idx - 1)))
        *idx = xrealloc(*idx, (*n_idx < 4 ? 4 : *n_idx * 2) * sizeof **idx);
      (*idx)[(*n_idx)++] = k;
    }
    if (i)
      sb_add(&b, x->zh ? "、" : ", ");
    sb_add(&b, x->m->speakers[k].name);
  }
  extract_people_free(ps, n);
  if (!n) {
    sb_free(&b);
    return ex_trim_seps(text);
  }
  return sb_take(&b);
}

void ex_agenda_put(ex_ctx *x, const char *time, const char *title,
                   const char *people, const char *note, int line,
                   model_talk_kind kind, long talk) {
  model_agenda_row *r = new_row(x);
  r->line = line;
  r->time = time ? extract_time_norm(time) : xstrdup("");
  char *prefix = NULL;
  r->title = extract_title_clean(title ? title : "", &prefix);
  free(prefix);
  r->kind = kind == MODEL_BREAK ? MODEL_BREAK : extract_kind(r->title);
  if (kind != MODEL_BREAK && r->kind == MODEL_BREAK)
    r->kind = MODEL_TALK;
  /* the people of a break (hosts of a welcome) are no speakers */
  r->speaker = !people || !*people ? xstrdup("")
               : r->kind == MODEL_BREAK
                   ? ex_trim_seps(people)
                   : row_people(x, people, NULL, line, NULL, NULL);
  r->note = note && *note ? xstrdup(note) : NULL;
  r->talk = (int)talk;
}

/* ---- tables ------------------------------------------------------------------ */

#define COL_NONE EX_COL_NONE
#define COL_TIME EX_COL_TIME
#define COL_TITLE EX_COL_TITLE
#define COL_SPEAKER EX_COL_SPEAKER
#define COL_COMPANY EX_COL_COMPANY
#define COL_ROOM EX_COL_ROOM

ex_col ex_column_kind(const char *head) {
  static const struct {
    const char *w;
    ex_col kind;
  } words[] = {
      /* before the speaker's words: "嘉宾介绍" is no speaker column */
      {"嘉宾介绍", EX_COL_BIO}, {"讲师介绍", EX_COL_BIO}, {"嘉宾简介", EX_COL_BIO},
      {"讲师简介", EX_COL_BIO}, {"个人简介", EX_COL_BIO}, {"speakerbio", EX_COL_BIO},
      {"biography", EX_COL_BIO}, {"bio", EX_COL_BIO},
      {"时间", COL_TIME},       {"时段", COL_TIME},       {"日期", COL_TIME},
      {"time", COL_TIME},       {"date", COL_TIME},       {"when", COL_TIME},
      {"讲师", COL_SPEAKER},    {"嘉宾", COL_SPEAKER},    {"分享人", COL_SPEAKER},
      {"主讲", COL_SPEAKER},    {"演讲者", COL_SPEAKER},  {"演讲人", COL_SPEAKER},
      {"讲者", COL_SPEAKER},    {"分享者", COL_SPEAKER},  {"主持", COL_SPEAKER},
      {"speaker", COL_SPEAKER}, {"presenter", COL_SPEAKER}, {"who", COL_SPEAKER},
      {"host", COL_SPEAKER},    {"proposedby", COL_SPEAKER}, {"author", COL_SPEAKER},
      {"activity", COL_TITLE},  {"start", COL_TIME},      {"end", COL_TIME},      {"公司", COL_COMPANY},
      {"room", COL_ROOM},       {"track", COL_ROOM},      {"hall", COL_ROOM},
      {"stage", COL_ROOM},      {"会场", COL_ROOM},       {"教室", COL_ROOM},
      {"地点", COL_ROOM},       {"location", COL_ROOM},   {"单位", COL_COMPANY},
      {"职位", COL_COMPANY},    {"company", COL_COMPANY}, {"affiliation", COL_COMPANY},
      {"organi", COL_COMPANY},  {"议题", COL_TITLE},      {"主题", COL_TITLE},
      {"题目", COL_TITLE},      {"话题", COL_TITLE},      {"内容", COL_TITLE},
      {"环节", COL_TITLE},      {"议程", COL_TITLE},      {"流程", COL_TITLE},      {"安排", COL_TITLE},
      {"演讲", COL_TITLE},      {"活动", COL_TITLE},      {"topic", COL_TITLE},
      {"talk", COL_TITLE},      {"title", COL_TITLE},     {"session", COL_TITLE},
      {"subject", COL_TITLE},   {"program", COL_TITLE},   {"agenda", COL_TITLE},
      {"what", COL_TITLE},
  };
  char *f = ex_fold(head);
  ex_col kind = COL_NONE;
  if (ex_cps(f) <= 12)
    for (size_t i = 0; i < sizeof words / sizeof *words && !kind; i++)
      if (strstr(f, words[i].w))
        kind = words[i].kind;
  free(f);
  return kind;
}

int ex_table_columns(const md_node *table, ex_col *cols, int max, int *n_cols) {
  const md_node *head = table->first;
  *n_cols = 0;
  if (!head || head->type != MD_TABLE_ROW || !head->header)
    return 0;
  int seen[EX_COL_COUNT] = {0};
  for (const md_node *c = head->first; c && *n_cols < max; c = c->next) {
    char *t = ex_text(c);
    ex_col k = ex_column_kind(t);
    free(t);
    if (k && seen[k])
      k = COL_NONE;
    seen[k] = 1;
    cols[(*n_cols)++] = k;
  }
  return seen[COL_TITLE] && (seen[COL_TIME] || seen[COL_SPEAKER]);
}

#define MAX_COLS EX_MAX_COLS


/* One row of a table read inside a talk: the line reader splits a title
 * cell that also names people when the row has no speaker cell; the room
 * cell is the row's track. */
static void table_row(ex_ctx *x, char **cell, const char *note, int line) {
  ex_head h;
  ex_head_read(x, cell[COL_TITLE] ? cell[COL_TITLE] : "", NULL, &h);
  const char *people = cell[COL_SPEAKER] && *cell[COL_SPEAKER] ? cell[COL_SPEAKER]
                                                               : h.people;
  char *title = ex_trim_seps(cell[COL_SPEAKER] && *cell[COL_SPEAKER] && h.people
                                 ? cell[COL_TITLE]
                                 : h.title);
  char *who = people && cell[COL_COMPANY] && *cell[COL_COMPANY]
                  ? xasprintf("%s（%s）", people, cell[COL_COMPANY])
                  : people ? xstrdup(people) : NULL;
  ex_agenda_put(x, cell[COL_TIME] ? cell[COL_TIME] : h.time, title, who, note,
                line, ex_break_title(title) ? MODEL_BREAK : MODEL_TALK, -1);
  /* the room column: where the row is, as the tables read alone say */
  if (cell[COL_ROOM] && *cell[COL_ROOM])
    x->m->agenda[x->m->n_agenda - 1].track = xstrdup(cell[COL_ROOM]);
  free(who), free(title);
  ex_head_free(&h);
}

void ex_agenda_heads(model *m, const md_node *table, const ex_col *cols, int n) {
  /* m->agenda_head[]: the time's, the title's and the speaker's */
  enum { HEAD_TIME, HEAD_TITLE, HEAD_SPEAKER };
  if (m->agenda_head[HEAD_TIME] || m->agenda_head[HEAD_TITLE] ||
      m->agenda_head[HEAD_SPEAKER])
    return;
  int i = 0;
  for (const md_node *c = table->first->first; c && i < n; c = c->next, i++) {
    int slot = cols[i] == COL_TIME      ? HEAD_TIME
               : cols[i] == COL_TITLE   ? HEAD_TITLE
               : cols[i] == COL_SPEAKER ? HEAD_SPEAKER
                                        : -1;
    if (slot >= 0 && !m->agenda_head[slot])
      m->agenda_head[slot] = ex_text(c);
  }
}

int ex_agenda_table(ex_ctx *x, const md_node *table) {
  ex_col cols[MAX_COLS];
  int n;
  if (table->type != MD_TABLE || !ex_table_columns(table, cols, MAX_COLS, &n))
    return 0;
  ex_agenda_heads(x->m, table, cols, n);
  for (const md_node *row = table->first->next; row; row = row->next) {
    char *cell[EX_COL_COUNT] = {0};
    strbuf note = {0};
    int i = 0, any = 0;
    for (const md_node *c = row->first; c; c = c->next, i++) {
      char *t = ex_text(c);
      any |= *t != 0;
      ex_col k = i < n ? cols[i] : COL_NONE;
      if (k && !cell[k]) {
        cell[k] = t;
      } else {
        if (*t)
          sb_addf(&note, "%s%s", note.len ? " · " : "", t);
        free(t);
      }
    }
    if (any) {
      char *nt = sb_take(&note);
      table_row(x, cell, nt, row->line);
      free(nt);
    } else {
      sb_free(&note);
    }
    for (int k = 0; k < EX_COL_COUNT; k++)
      free(cell[k]);
  }
  return 1;
}

/* ---- linking rows and talks ---------------------------------------------------- */

double ex_dice(const char *a, const char *b) {
  size_t na = ex_cps(a), nb = ex_cps(b);
  if (na < 2 || nb < 2)
    return 0;
  if (na > 200 || nb > 200)
    return 0;
  /* bigrams as pairs of code points */
  uint64_t *ga = xmalloc(na * sizeof *ga), *gb = xmalloc(nb * sizeof *gb);
  size_t ka = 0, kb = 0, k;
  uint32_t prev = 0;
  for (const char *p = a; *p; p += k) {
    uint32_t cp = ex_cp(p, &k);
    if (p != a)
      ga[ka++] = (uint64_t)prev << 32 | cp;
    prev = cp;
  }
  for (const char *p = b; *p; p += k) {
    uint32_t cp = ex_cp(p, &k);
    if (p != b)
      gb[kb++] = (uint64_t)prev << 32 | cp;
    prev = cp;
  }
  size_t common = 0;
  char *used = xcalloc(kb, 1);
  for (size_t i = 0; i < ka; i++)
    for (size_t j = 0; j < kb; j++)
      if (!used[j] && ga[i] == gb[j]) {
        used[j] = 1;
        common++;
        break;
      }
  free(ga), free(gb), free(used);
  return 2.0 * (double)common / (double)(ka + kb);
}

/* Titles the comparison of cmp_folded looks at (set just before qsort;
 * thread-local, as extraction runs in parallel on a batch). */
static _Thread_local char **sort_folded;

static int cmp_folded(const void *a, const void *b) {
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  int c = strcmp(sort_folded[i], sort_folded[j]);
  return c ? c : (i > j) - (i < j);
}

/* Most rows times talks compared by similarity (beyond exact matches). */
#define FUZZY_BUDGET 40000

void ex_agenda_link(ex_ctx *x) {
  model *m = x->m;
  if (!m->n_talks || !m->n_agenda)
    return;
  char **tf = xcalloc(m->n_talks, sizeof *tf);
  char *linked = xcalloc(m->n_talks, 1);
  for (size_t i = 0; i < m->n_talks; i++)
    tf[i] = ex_fold(m->talks[i].title);
  int fuzzy = m->n_talks * m->n_agenda <= FUZZY_BUDGET;
  size_t *order = NULL;
  if (!fuzzy) {
    order = xmalloc(m->n_talks * sizeof *order);
    for (size_t i = 0; i < m->n_talks; i++)
      order[i] = i;
    sort_folded = tf;
    qsort(order, m->n_talks, sizeof *order, cmp_folded);
  }
  for (size_t r = 0; r < m->n_agenda; r++) {
    model_agenda_row *row = &m->agenda[r];
    char *rf = ex_fold(row->title);
    long best = -1;
    double score = 0;
    if (*rf && fuzzy) {
      for (size_t i = 0; i < m->n_talks; i++) {
        if (!*tf[i])
          continue;
        double s = !strcmp(rf, tf[i]) ? 2.0 : 0;
        if (!s && ex_cps(rf) >= 4 && ex_cps(tf[i]) >= 4 &&
            (strstr(tf[i], rf) || strstr(rf, tf[i])))
          s = 1.5;
        if (!s)
          s = ex_dice(rf, tf[i]);
        if (linked[i])
          s -= 0.25;
        if (s > score) {
          score = s;
          best = (long)i;
        }
      }
    } else if (*rf) {
      /* too many to compare pairwise: equal titles only, by binary search */
      size_t lo = 0, hi = m->n_talks;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(tf[order[mid]], rf) < 0)
          lo = mid + 1;
        else
          hi = mid;
      }
      for (; lo < m->n_talks && !strcmp(tf[order[lo]], rf) && best < 0; lo++)
        if (!linked[order[lo]])
          best = (long)order[lo], score = 2;
    }
    free(rf);
    if (best < 0 || score < 0.5) {
      if (row->kind != MODEL_BREAK && *row->title)
        diag_report(DIAG_EX_AGENDA_ROW, x->path, row->line, 0, row->title);
      continue;
    }
    row->talk = (int)best;
    linked[best] = 1;
    model_talk *t = &m->talks[best];
    if (!t->time && *row->time)
      t->time = xstrdup(row->time);
    if (row->kind == MODEL_TALK && t->kind != MODEL_TALK)
      row->kind = t->kind;
    if (!t->n_speakers && *row->speaker) {
      size_t *idx = NULL, n = 0;
      char *names = row_people(x, row->speaker, NULL, row->line, &idx, &n);
      free(names);
      t->speakers = idx;
      t->n_speakers = n;
    }
    /* a table without a speaker column: the row names the talk's */
    if (!*row->speaker && t->n_speakers) {
      strbuf b = {0};
      for (size_t k = 0; k < t->n_speakers; k++) {
        if (k)
          sb_add(&b, x->zh ? "、" : ", ");
        sb_add(&b, m->speakers[t->speakers[k]].name);
      }
      free(row->speaker);
      row->speaker = sb_take(&b);
    }
  }
  for (size_t i = 0; i < m->n_talks; i++)
    free(tf[i]);
  free(tf), free(linked), free(order);
}

void ex_agenda_derive(ex_ctx *x) {
  model *m = x->m;
  size_t timed = 0;
  for (size_t i = 0; i < m->n_talks; i++)
    timed += m->talks[i].time != NULL;
  if (!timed || timed * 2 < m->n_talks)
    return;
  for (size_t i = 0; i < m->n_talks; i++) {
    const model_talk *t = &m->talks[i];
    model_agenda_row *r = new_row(x);
    r->time = xstrdup(t->time ? t->time : "");
    r->title = xstrdup(t->title);
    strbuf b = {0};
    for (size_t k = 0; k < t->n_speakers; k++) {
      if (k)
        sb_add(&b, x->zh ? "、" : ", ");
      sb_add(&b, m->speakers[t->speakers[k]].name);
    }
    r->speaker = sb_take(&b);
    r->talk = (int)i;
    r->line = t->line;
    r->kind = t->kind;
  }
}
