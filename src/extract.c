/* extract.c — stage 3: build the event model from the front matter tree
 * and the Markdown tree.  This first version fills the event (title, date,
 * place, links, cover, metadata) and keeps every body block as prose in
 * source order; recognising talks, speakers and the agenda deepens it.
 * Also prints the model as JSON (--dump-model).  No layout here. */
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* ---- small string helpers ---------------------------------------------- */

/* "[text](url)" → "text"; anything else copied.  Caller frees. */
static char *strip_md_link(const char *s) {
  if (!s)
    return NULL;
  char *t = util_trim(s);
  size_t n = strlen(t);
  if (n > 2 && t[0] == '[') {
    char *close = strstr(t, "](");
    if (close && t[n - 1] == ')') {
      char *r = xstrndup(t + 1, (size_t)(close - t - 1));
      free(t);
      return r;
    }
  }
  return t;
}

/* URL from "[text](url)" or a bare URL; NULL otherwise.  Caller frees. */
static char *md_link_url(const char *s) {
  if (!s)
    return NULL;
  const char *p = strstr(s, "](");
  if (p) {
    const char *e = strchr(p + 2, ')');
    if (e)
      return xstrndup(p + 2, (size_t)(e - p - 2));
  }
  if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8))
    return util_trim(s);
  return NULL;
}

static int has_han(const char *s) {
  for (size_t i = 0, n = s ? strlen(s) : 0, k; i < n; i += k)
    if (utf8_is_han(utf8_decode(s + i, n - i, &k)))
      return 1;
  return 0;
}

/* Scalar of the first key present, trimmed, or NULL.  Caller frees.  A
 * list or map where a string is expected is reported and skipped. */
static char *front_first(const source *src, const front_node *fm,
                         const char *const *keys) {
  for (size_t i = 0; keys[i]; i++) {
    const front_node *n = front_get(fm, keys[i]);
    if (!n || n->kind == FRONT_NULL)
      continue;
    const char *s = front_scalar(n);
    if (!s) {
      diag_report(DIAG_FM_TYPE, src->path, n->line, 0, keys[i], "text",
                  "ignored");
      continue;
    }
    char *t = util_trim(s);
    if (*t)
      return t;
    free(t);
  }
  return NULL;
}

/* ---- dates --------------------------------------------------------------- */

static int day_of_week(int y, int m, int d) { /* 0 = Sunday */
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3)
    y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* "2019-12-24T13:00:00+08:00" → date and time for print; NULL when the
 * value is not an ISO date.  *time gets "13:00" when a time other than
 * midnight is given (caller frees both). */
static char *print_date(const char *iso, int zh, char **time) {
  *time = NULL;
  int y, m, d, hh = -1, mm = -1;
  if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
      m > 12 || d < 1 || d > 31 || y < 1900 || y > 2999)
    return NULL;
  const char *t = iso + 10;
  if ((*t == 'T' || *t == ' ') && sscanf(t + 1, "%2d:%2d", &hh, &mm) == 2 &&
      !(hh == 0 && mm == 0) && hh < 24 && mm < 60)
    *time = xasprintf("%02d:%02d", hh, mm);
  int w = day_of_week(y, m, d);
  if (zh) {
    static const char *wd[] = {"日", "一", "二", "三", "四", "五", "六"};
    return xasprintf("%d年%d月%d日 周%s", y, m, d, wd[w]);
  }
  static const char *wd[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                             "Thursday", "Friday", "Saturday"};
  static const char *mn[] = {"January", "February", "March",     "April",
                             "May",     "June",     "July",      "August",
                             "September", "October", "November", "December"};
  return xasprintf("%s, %d %s %d", wd[w], d, mn[m - 1], y);
}

/* ---- event ---------------------------------------------------------------- */

static void add_keywords(model_event *e, const front_node *n) {
  if (!n)
    return;
  if (n->kind == FRONT_SCALAR) {
    char *copy = xstrdup(n->scalar), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
      char *k = util_trim(t);
      if (*k) {
        e->keywords = xrealloc(e->keywords, (e->n_keywords + 1) * sizeof(char *));
        e->keywords[e->n_keywords++] = k;
      } else {
        free(k);
      }
    }
    free(copy);
  } else if (n->kind == FRONT_SEQ) {
    for (size_t i = 0; i < n->n; i++)
      add_keywords(e, n->items[i]);
  }
}

/* Text of the first heading when it is a level-1 heading at the top. */
static const md_node *leading_h1(const md_node *body) {
  const md_node *b = body ? body->first : NULL;
  return b && b->type == MD_HEADING && b->level == 1 ? b : NULL;
}

static void read_event(model *m, const source *src) {
  model_event *e = &m->event;
  const front_node *fm = m->front;
  static const char *const k_title[] = {"title", "name", NULL};
  static const char *const k_sub[] = {"subtitle", NULL};
  static const char *const k_date[] = {"date", "event_date", "start_date", NULL};
  static const char *const k_loc[] = {"location", "venue", "place", "city", NULL};
  static const char *const k_addr[] = {"address", NULL};
  static const char *const k_fee[] = {"fee", "price", NULL};
  static const char *const k_org[] = {"organizer", "organiser", "host", NULL};
  static const char *const k_reg[] = {"apply_url", "registration", "register",
                                      "signup", "rsvp", NULL};
  static const char *const k_live[] = {"live", "live_url", "livestream", NULL};
  static const char *const k_replay[] = {"replay", "replay_url", "video", NULL};
  static const char *const k_cover[] = {"image.path", "image", "cover",
                                        "bg_image", "featuredImage", NULL};
  static const char *const k_desc[] = {"description", "summary", NULL};
  static const char *const k_author[] = {"author", NULL};

  char *title = front_first(src, fm, k_title);
  const md_node *h1 = leading_h1(m->body);
  if (!title && h1) {
    title = md_plain_text(h1);
    e->line = h1->line;
  } else {
    const front_node *tn = front_get(fm, "title");
    e->line = tn ? tn->line : 1;
  }
  e->title = title ? strip_md_link(title) : xstrdup("");
  free(title);
  if (!*e->title) {
    /* fall back to the file name without its folder and extension */
    const char *base = strrchr(src->path, '/');
    base = base ? base + 1 : src->path;
    free(e->title);
    e->title = xstrdup(base);
    char *dot = strrchr(e->title, '.');
    if (dot && dot != e->title)
      *dot = 0;
  }
  e->subtitle = front_first(src, fm, k_sub);
  e->date = front_first(src, fm, k_date);
  e->location = front_first(src, fm, k_loc);
  e->address = front_first(src, fm, k_addr);
  e->fee = front_first(src, fm, k_fee);
  char *org = front_first(src, fm, k_org);
  e->organizer = org ? strip_md_link(org) : NULL;
  free(org);
  char *reg = front_first(src, fm, k_reg);
  if (reg) {
    e->registration = md_link_url(reg);
    if (!e->registration)
      e->registration = xstrdup(reg);
  }
  free(reg);
  e->live = front_first(src, fm, k_live);
  e->replay = front_first(src, fm, k_replay);
  e->cover_image = front_first(src, fm, k_cover);
  e->description = front_first(src, fm, k_desc);
  char *author = front_first(src, fm, k_author);
  e->author = author ? strip_md_link(author) : NULL;
  free(author);
  add_keywords(e, front_get(fm, "tags"));
  add_keywords(e, front_get(fm, "keywords"));

  const char *lang = front_str(fm, "lang");
  if (!lang)
    lang = front_str(fm, "language");
  if (lang)
    e->lang = xstrdup(lang);
  else
    e->lang = xstrdup(has_han(e->title) || has_han(e->description) ||
                              has_han(src->body)
                          ? "zh-Hans"
                          : "en");
  int zh = !strncmp(e->lang, "zh", 2);
  e->date_text = print_date(e->date, zh, &e->time);
}

/* ---- blocks ----------------------------------------------------------------- */

static void push_block(const md_node ***arr, size_t *n, const md_node *b) {
  *arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
  (*arr)[(*n)++] = b;
}

model *model_extract(const source *src, front_node *front, md_node *body) {
  model *m = xcalloc(1, sizeof *m);
  m->path = xstrdup(src->path);
  m->dir = xstrdup(src->dir);
  m->front = front;
  m->body = body;
  read_event(m, src);

  /* A leading H1 that repeats the title is the page's own title line: the
   * cover prints it, so it is not printed twice. */
  const md_node *skip = NULL;
  const md_node *h1 = leading_h1(body);
  if (h1) {
    char *t = md_plain_text(h1);
    char *a = strip_md_link(t);
    /* compare ignoring spaces and punctuation differences: contains */
    if (!strcmp(a, m->event.title) || strstr(m->event.title, a) ||
        strstr(a, m->event.title))
      skip = h1;
    free(t), free(a);
  }
  for (const md_node *b = body ? body->first : NULL; b; b = b->next)
    if (b != skip)
      push_block(&m->prose, &m->n_prose, b);
  return m;
}

static void free_talk(model_talk *t) {
  free(t->title), free(t->time), free(t->speakers);
  free(t->abstract), free(t->outline), free(t->extra);
  for (size_t i = 0; i < t->n_takeaways; i++)
    free(t->takeaways[i]);
  free(t->takeaways);
  for (size_t i = 0; i < t->n_links; i++)
    free(t->links[i].label), free(t->links[i].url);
  free(t->links);
}

void model_free(model *m) {
  if (!m)
    return;
  model_event *e = &m->event;
  free(e->title), free(e->subtitle), free(e->date), free(e->date_text);
  free(e->time), free(e->location), free(e->address), free(e->fee);
  free(e->organizer), free(e->registration), free(e->live), free(e->replay);
  free(e->cover_image), free(e->description), free(e->author), free(e->lang);
  for (size_t i = 0; i < e->n_keywords; i++)
    free(e->keywords[i]);
  free(e->keywords);
  for (size_t i = 0; i < m->n_talks; i++)
    free_talk(&m->talks[i]);
  free(m->talks);
  for (size_t i = 0; i < m->n_speakers; i++) {
    model_speaker *s = &m->speakers[i];
    free(s->name), free(s->alias), free(s->designation), free(s->company);
    free(s->bio), free(s->photo);
  }
  free(m->speakers);
  for (size_t i = 0; i < m->n_agenda; i++)
    free(m->agenda[i].time), free(m->agenda[i].title),
        free(m->agenda[i].speaker);
  free(m->agenda);
  for (size_t i = 0; i < m->n_sponsors; i++)
    free(m->sponsors[i]);
  free(m->sponsors);
  free(m->about), free(m->prose);
  free(m->path), free(m->dir);
  body_free(m->body);
  front_free(m->front);
  free(m);
}

/* ---- JSON ------------------------------------------------------------------- */

static void json_str(strbuf *b, const char *s) {
  sb_addc(b, '"');
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    switch (*p) {
    case '"': sb_add(b, "\\\""); break;
    case '\\': sb_add(b, "\\\\"); break;
    case '\n': sb_add(b, "\\n"); break;
    case '\r': sb_add(b, "\\r"); break;
    case '\t': sb_add(b, "\\t"); break;
    default:
      if (*p < 0x20)
        sb_addf(b, "\\u%04x", *p);
      else
        sb_addc(b, (char)*p);
    }
  }
  sb_addc(b, '"');
}

static void json_kv(strbuf *b, const char *k, const char *v, int comma) {
  json_str(b, k);
  sb_add(b, ": ");
  json_str(b, v);
  if (comma)
    sb_add(b, ", ");
}

static char *blocks_text(const md_node *const *blocks, size_t n) {
  strbuf b = {0};
  for (size_t i = 0; i < n; i++) {
    char *t = md_plain_text(blocks[i]);
    if (b.len)
      sb_add(&b, "\n\n");
    sb_add(&b, t);
    free(t);
  }
  return sb_take(&b);
}

static const char *kind_name(model_talk_kind k) {
  switch (k) {
  case MODEL_KEYNOTE: return "keynote";
  case MODEL_PANEL: return "panel";
  case MODEL_BREAK: return "break";
  default: return "talk";
  }
}

char *model_to_json(const model *m) {
  strbuf b = {0};
  const model_event *e = &m->event;
  sb_add(&b, "{\"event\": {");
  json_kv(&b, "title", e->title, 1);
  json_kv(&b, "subtitle", e->subtitle, 1);
  json_kv(&b, "date", e->date, 1);
  json_kv(&b, "date_text", e->date_text, 1);
  json_kv(&b, "time", e->time, 1);
  json_kv(&b, "location", e->location, 1);
  json_kv(&b, "address", e->address, 1);
  json_kv(&b, "fee", e->fee, 1);
  json_kv(&b, "organizer", e->organizer, 1);
  json_kv(&b, "registration", e->registration, 1);
  json_kv(&b, "live", e->live, 1);
  json_kv(&b, "replay", e->replay, 1);
  json_kv(&b, "cover", e->cover_image, 1);
  json_kv(&b, "description", e->description, 1);
  json_kv(&b, "author", e->author, 1);
  json_kv(&b, "lang", e->lang, 0);
  sb_add(&b, "},\n \"talks\": [");
  for (size_t i = 0; i < m->n_talks; i++) {
    const model_talk *t = &m->talks[i];
    sb_add(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "title", t->title, 1);
    json_kv(&b, "kind", kind_name(t->kind), 1);
    json_kv(&b, "time", t->time, 1);
    sb_add(&b, "\"speakers\": [");
    for (size_t k = 0; k < t->n_speakers; k++) {
      const model_speaker *s = &m->speakers[t->speakers[k]];
      sb_add(&b, k ? ", {" : "{");
      json_kv(&b, "name", s->name, 1);
      json_kv(&b, "designation", s->designation, 0);
      sb_addc(&b, '}');
    }
    sb_add(&b, "], ");
    char *abs = blocks_text(t->abstract, t->n_abstract);
    json_kv(&b, "abstract", abs, 1);
    free(abs);
    char *outl = blocks_text(t->outline, t->n_outline);
    json_kv(&b, "outline", outl, 1);
    free(outl);
    sb_add(&b, "\"takeaways\": [");
    for (size_t k = 0; k < t->n_takeaways; k++) {
      if (k)
        sb_add(&b, ", ");
      json_str(&b, t->takeaways[k]);
    }
    sb_add(&b, "], \"links\": [");
    for (size_t k = 0; k < t->n_links; k++) {
      sb_add(&b, k ? ", {" : "{");
      json_kv(&b, "label", t->links[k].label, 1);
      json_kv(&b, "url", t->links[k].url, 0);
      sb_addc(&b, '}');
    }
    sb_addf(&b, "], \"line\": %d}", t->line);
  }
  sb_add(&b, "],\n \"speakers\": [");
  for (size_t i = 0; i < m->n_speakers; i++) {
    const model_speaker *s = &m->speakers[i];
    sb_add(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "name", s->name, 1);
    json_kv(&b, "alias", s->alias, 1);
    json_kv(&b, "designation", s->designation, 1);
    json_kv(&b, "company", s->company, 1);
    json_kv(&b, "bio", s->bio, 1);
    json_kv(&b, "photo", s->photo, 0);
    sb_addc(&b, '}');
  }
  sb_add(&b, "],\n \"agenda\": [");
  for (size_t i = 0; i < m->n_agenda; i++) {
    const model_agenda_row *r = &m->agenda[i];
    sb_add(&b, i ? ",\n  {" : "\n  {");
    json_kv(&b, "time", r->time, 1);
    json_kv(&b, "title", r->title, 1);
    json_kv(&b, "speaker", r->speaker, 0);
    sb_addc(&b, '}');
  }
  sb_add(&b, "],\n \"sponsors\": [");
  for (size_t i = 0; i < m->n_sponsors; i++) {
    if (i)
      sb_add(&b, ", ");
    json_str(&b, m->sponsors[i]);
  }
  sb_addf(&b, "],\n \"about_blocks\": %zu, \"prose_blocks\": %zu}\n",
          m->n_about, m->n_prose);
  return sb_take(&b);
}
