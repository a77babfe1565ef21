/* extract_front.c — talks and speakers written in the front matter, and
 * pages that are one talk.
 *
 * Speakers: Hugo's `speaker:` and Jekyll's `speakers:` / `presenters:`
 * lists (names, maps of name, designation, company, bio, photo; a slug
 * such as "ada-roe" is a reference, read as a name only when nothing else
 * on the page names people).  Sessions: any key, at any depth, that holds
 * a list of maps with a title-like field (`schedule`, `agenda`, `talks`,
 * `presentations`, `extra.days[].talks` …), entries of a break type or
 * with `isBreak` kept as agenda breaks; a `speakers:` list whose entries
 * carry talk titles rather than job titles is a list of talks.
 *
 * A page with no talk anywhere else is one talk when it reads as a talk's
 * own page: its front matter names presenters (or a `talk`), or its body
 * has speaker cue lines, or its author is introduced as the one who
 * speaks.  A page about one person (a name as its subject, a bio) is one
 * speaker card. */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "diag.h"
#include "front.h"
#include "source.h"

/* ---- front-matter maps ------------------------------------------------------------ */

/* Scalar of the first of keys in a mapping (keys compared without case),
 * non-empty, or NULL. */
static const char *map_str(const front_node *map, const char *const *keys) {
  if (!map || map->kind != FRONT_MAP)
    return NULL;
  for (size_t i = 0; keys[i]; i++)
    for (size_t k = 0; k < map->n; k++)
      if (!strcasecmp(map->keys[k], keys[i]) && front_scalar(map->items[k]) &&
          *map->items[k]->scalar)
        return map->items[k]->scalar;
  return NULL;
}

static const front_node *map_get(const front_node *map, const char *const *keys) {
  if (!map || map->kind != FRONT_MAP)
    return NULL;
  for (size_t i = 0; keys[i]; i++)
    for (size_t k = 0; k < map->n; k++)
      if (!strcasecmp(map->keys[k], keys[i]) && map->items[k]->kind != FRONT_NULL)
        return map->items[k];
  return NULL;
}

/* "[text](url)" → "text"; anything else trimmed.  Caller frees. */
static char *link_text(const char *s) {
  char *t = util_trim(s ? s : "");
  size_t n = strlen(t);
  char *close = n > 2 && t[0] == '[' ? strstr(t, "](") : NULL;
  if (close && t[n - 1] == ')') {
    char *r = xstrndup(t + 1, (size_t)(close - t - 1));
    free(t);
    return r;
  }
  return t;
}

/* A slug: lower-case ASCII letters, digits and - or _, no spaces
 * ("ada-roe", "linuxsuren"): a reference to a person, not a name. */
static int slug(const char *s) {
  if (!s || !*s)
    return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
          *p == '_'))
      return 0;
  return 1;
}

/* "ada-roe" → "Ada Roe".  Caller frees. */
static char *slug_name(const char *s) {
  char *r = xstrdup(s);
  int start = 1;
  for (char *p = r; *p; p++) {
    if (*p == '-' || *p == '_') {
      *p = ' ';
      start = 1;
    } else if (start) {
      if (*p >= 'a' && *p <= 'z')
        *p = (char)(*p - 'a' + 'A');
      start = 0;
    }
  }
  return r;
}

/* ---- people ------------------------------------------------------------------------------ */

static const char *const k_name[] = {"name", "fullname", "full_name", "姓名",
                                     "名字", NULL};

/* A person of a front-matter list (a mapping with name, designation,
 * company, bio, photo; or a plain name).  In a list of talks (talks: its
 * entries' title and description are the talk's, read by the sessions)
 * only the person's own keys are read.  Returns the speaker index, or -1
 * when the entry names nobody. */
static long fm_person(ex_ctx *x, const front_node *item, const char *list,
                      size_t pos, int talks) {
  static const char *const k_alias[] = {"alias", "nickname", "花名", NULL};
  static const char *const k_des[] = {"designation", "position", "role",
                                      "job_title", "jobtitle", "job", "title",
                                      "职位", "头衔", NULL};
  static const char *const k_company[] = {"company", "organization",
                                          "organisation", "org", "affiliation",
                                          "employer", "公司", NULL};
  static const char *const k_bio[] = {"bio", "biography", "description", "about",
                                      "intro", "summary", "简介", "介绍", NULL};
  static const char *const k_photo[] = {"image", "photo", "avatar", "picture",
                                        "img", "headshot", "thumbnail", "pic",
                                        "photo_url", NULL};
  static const char *const k_path[] = {"path", "url", "src", NULL};
  static const char *const k_des_talks[] = {"designation", "position", "role",
                                            "job_title", "jobtitle", "job",
                                            "职位", "头衔", NULL};
  static const char *const k_bio_talks[] = {"bio", "biography", "speaker_bio",
                                            "about", NULL};
  if (item->kind == FRONT_SCALAR) {
    char *name = link_text(item->scalar);
    ex_person *ps;
    size_t n = extract_people(name, EX_LENIENT, ex_known, x, &ps);
    long idx = -1;
    for (size_t i = 0; i < n; i++)
      idx = (long)ex_speaker_add(x, &ps[i], item->line);
    extract_people_free(ps, n);
    free(name);
    return idx;
  }
  const char *nm = map_str(item, k_name);
  if (!nm) {
    diag_report(DIAG_EX_FM_ENTRY, x->m->path, item->line, 0, list, pos + 1,
                "name");
    return -1;
  }
  ex_person p = {0};
  char *name = link_text(nm);
  ex_person *ps;
  size_t n = extract_people(name, EX_LENIENT, ex_known, x, &ps);
  if (n == 1 && !ps[0].designation) {
    p.name = xstrdup(ps[0].name);
    p.alias = xstrdup(ps[0].alias);
  } else {
    p.name = util_trim(name);
  }
  extract_people_free(ps, n);
  free(name);
  const char *alias = map_str(item, k_alias);
  if (alias) {
    free(p.alias);
    p.alias = xstrdup(alias);
  }
  const char *des = map_str(item, talks ? k_des_talks : k_des),
             *company = map_str(item, k_company);
  if (des && company && !strstr(des, company))
    p.designation = ex_has_han(des) || ex_has_han(company)
                        ? xasprintf("%s %s", company, des)
                        : xasprintf("%s, %s", des, company);
  else if (des || company)
    p.designation = xstrdup(des ? des : company);
  p.company = xstrdup(company);
  size_t idx = ex_speaker_add(x, &p, item->line);
  free(p.name), free(p.alias), free(p.designation), free(p.company);
  model_speaker *s = &x->m->speakers[idx];
  const front_node *ph = map_get(item, k_photo);
  const char *photo = front_scalar(ph) ? ph->scalar : map_str(ph, k_path);
  if (photo && !s->photo)
    s->photo = xstrdup(photo);
  const char *const *kb = talks ? k_bio_talks : k_bio;
  const char *bio = map_str(item, kb);
  if (bio)
    ex_speaker_bio_md(x, idx, bio, map_get(item, kb)->line);
  return (long)idx;
}

/* The page of the person a slug names, as static-site generators lay
 * them out beside the talks (speakers/ada-roe.md, _speakers/ada-roe.md,
 * people/ada-roe/index.md, in the page's folder or up to three above),
 * loaded; NULL when there is none. */
static source *slug_page(ex_ctx *x, const char *s) {
  enum { LEVELS_UP = 3 }; /* folders above the page's that are looked in */
  static const char *const dirs[] = {"speakers", "_speakers", "people",
                                     "_people", "authors", NULL};
  static const char *const files[] = {".md", "/index.md", "/_index.md", NULL};
  const char *base = x->m->dir ? x->m->dir : ".";
  strbuf up = {0};
  sb_add(&up, base);
  sb_addc(&up, '/');
  source *src = NULL;
  for (int level = 0; level <= LEVELS_UP && !src; level++) {
    for (size_t d = 0; dirs[d] && !src; d++)
      for (size_t f = 0; files[f] && !src; f++) {
        char *path = xasprintf("%s%s/%s%s", up.s, dirs[d], s, files[f]);
        struct stat st;
        if (!stat(path, &st) && S_ISREG(st.st_mode))
          src = source_load(path);
        free(path);
      }
    sb_add(&up, "../");
  }
  sb_free(&up);
  return src;
}

/* The speaker a slug ("ada-roe") names: from the person's own page when
 * there is one (its title or name, job, photo, and its text or bio as
 * the bio), else the slug written as a name ("Ada Roe").  Returns the
 * speaker index. */
static size_t slug_person(ex_ctx *x, const char *s, int line) {
  static const char *const k_person[] = {"name", "title", NULL};
  static const char *const k_job[] = {"designation", "position", "role",
                                      "job_title", "jobtitle", "job", NULL};
  static const char *const k_org[] = {"company", "organization",
                                      "organisation", "org", "affiliation",
                                      NULL};
  static const char *const k_pic[] = {"image", "photo", "avatar", "picture",
                                      "headshot", "photo_url", NULL};
  static const char *const k_about[] = {"bio", "biography", "about", NULL};
  source *src = slug_page(x, s);
  front_node *fm = src ? front_parse(src) : NULL;
  const char *nm = map_str(fm, k_person);
  ex_person p = {.name = nm ? link_text(nm) : slug_name(s)};
  const char *job = map_str(fm, k_job), *org = map_str(fm, k_org);
  if (job && org && !strstr(job, org))
    p.designation = xasprintf("%s, %s", job, org);
  else if (job || org)
    p.designation = xstrdup(job ? job : org);
  p.company = org ? xstrdup(org) : NULL;
  size_t idx = ex_speaker_add(x, &p, line);
  free(p.name), free(p.designation), free(p.company);
  const char *pic = map_str(fm, k_pic);
  if (pic && !x->m->speakers[idx].photo)
    x->m->speakers[idx].photo = xstrdup(pic);
  const char *bio = map_str(fm, k_about);
  if (bio)
    ex_speaker_bio_md(x, idx, bio, line);
  else if (src && src->body_len) {
    char *text = xstrndup(src->body, src->body_len);
    ex_speaker_bio_md(x, idx, text, line);
    free(text);
  }
  front_free(fm);
  source_free(src);
  return idx;
}

/* The keys of the page's own speakers. */
static const char *const speaker_lists[] = {"speaker", "speakers", "presenter",
                                            "presenters", NULL};

/* 1 when a speakers list holds talks: maps with a name and a `title` that
 * reads as a talk's title, not a job ("A journey => A developer"), for
 * most entries. */
static int speakers_are_talks(const front_node *n) {
  static const char *const k_title[] = {"title", "talk", "topic", NULL};
  if (!n || n->kind != FRONT_SEQ || !n->n)
    return 0;
  size_t talks = 0;
  for (size_t i = 0; i < n->n; i++) {
    const char *t = map_str(n->items[i], k_title);
    if (!t || !map_str(n->items[i], k_name))
      return 0;
    talks += !ex_lex_find(EX_LEX_JOB, t) || ex_cps(t) > 40;
  }
  return talks * 2 > n->n;
}

void ex_front_speakers(ex_ctx *x) {
  for (size_t l = 0; speaker_lists[l]; l++) {
    const front_node *n = front_get(x->m->front, speaker_lists[l]);
    if (!n)
      continue;
    /* a list of talks by speaker: its people here, its talks read as
     * sessions */
    int talks = speakers_are_talks(n);
    if (n->kind == FRONT_SCALAR) {
      if (!slug(n->scalar))
        fm_person(x, n, speaker_lists[l], 0, talks);
    } else if (n->kind == FRONT_SEQ) {
      for (size_t i = 0; i < n->n; i++)
        if (!slug(front_scalar(n->items[i])))
          fm_person(x, n->items[i], speaker_lists[l], i, talks);
    } else if (n->kind == FRONT_MAP) {
      if (map_str(n, k_name)) {
        fm_person(x, n, speaker_lists[l], 0, talks);
      } else { /* a mapping of ids to people */
        for (size_t i = 0; i < n->n; i++)
          if (n->items[i]->kind == FRONT_MAP)
            fm_person(x, n->items[i], speaker_lists[l], i, talks);
      }
    }
  }
}

/* ---- sessions ---------------------------------------------------------------------------- */

static const char *const k_title[] = {"title", "topic", "talk", "session",
                                      "subject", "item", "议题", "主题", "题目",
                                      "标题", NULL};
static const char *const k_people[] = {
    "speaker", "speakers", "presenter", "presenters", "authors", "by",
    "moderator", "panelists", "host", "credit", "讲师", "嘉宾", "演讲者",
    "分享人", "主讲人", NULL};
static const char *const k_time[] = {"time", "when", "slot", "时间", NULL};
static const char *const k_start[] = {"start", "start_time", "starttime",
                                      "from", "begin", NULL};
static const char *const k_end[] = {"end", "end_time", "endtime", "to",
                                    "until", NULL};
static const char *const k_abs[] = {"abstract", "description", "summary",
                                    "desc", "details", "简介", "摘要", NULL};
static const char *const k_track[] = {"track", "room", "stage", "hall",
                                      "venue", NULL};

/* Keys whose lists are never sessions. */
static const char *const not_sessions[] = {
    "authors", "organizers", "organisers", "committee", "organising_committee",
    "organizing_committee", "program_committee", "programme_committee",
    "sponsors", "partners", "volunteers", "costs", "important_dates", "dates",
    "links", "menu", "comments", "tags", "categories", "images", "gallery",
    "resources", "hosted_by", "contributors", "maintainers", "faq", "prices",
    "tickets", "speakers", "presenters", "speaker", "presenter", "aliases",
    "keywords", NULL};

static int in_list(const char *const *l, const char *k) {
  for (size_t i = 0; l[i]; i++)
    if (!strcasecmp(l[i], k))
      return 1;
  return 0;
}

/* 1 when list n of key holds sessions: maps, most with a title and
 * something more (people, a time, an abstract). */
static int session_list(const char *key, const front_node *n) {
  if (!n || n->kind != FRONT_SEQ || !n->n || (key && in_list(not_sessions, key)))
    return 0;
  size_t ok = 0;
  for (size_t i = 0; i < n->n; i++) {
    const front_node *e = n->items[i];
    if (e->kind != FRONT_MAP || !map_str(e, k_title))
      continue;
    ok += map_get(e, k_people) || map_str(e, k_time) || map_str(e, k_start) ||
          map_str(e, k_abs);
  }
  return ok * 2 >= n->n && ok >= 1;
}

/* A break entry: `isBreak`/`break` true, or a type that is not a talk. */
static int break_entry(const front_node *e) {
  static const char *const k_break[] = {"isbreak", "is_break", "break", NULL};
  static const char *const k_type[] = {"type", "kind", "category", NULL};
  const char *b = map_str(e, k_break);
  if (b && (!strcasecmp(b, "true") || !strcmp(b, "1") || !strcasecmp(b, "yes")))
    return 1;
  const char *t = map_str(e, k_type);
  return t && (ex_lex_find(EX_LEX_BREAK, t) || !strcasecmp(t, "meal") ||
               !strcasecmp(t, "social"));
}

/* People of an entry: its names joined (speaker indices into *idx) when
 * they are maps or a list; the text otherwise.  Caller frees. */
static char *entry_people(ex_ctx *x, const front_node *e, const char *list,
                          size_t pos, size_t **idx, size_t *n_idx) {
  const front_node *pn = map_get(e, k_people);
  strbuf names = {0};
  if (pn && pn->kind == FRONT_SCALAR) {
    sb_add(&names, pn->scalar);
  } else if (pn && (pn->kind == FRONT_SEQ || pn->kind == FRONT_MAP)) {
    size_t count = pn->kind == FRONT_SEQ ? pn->n : 1;
    for (size_t i = 0; i < count; i++) {
      const front_node *it = pn->kind == FRONT_SEQ ? pn->items[i] : pn;
      if (slug(front_scalar(it)))
        continue;
      long k = fm_person(x, it, list, pos, 0);
      if (k < 0)
        continue;
      *idx = xrealloc(*idx, (*n_idx + 1) * sizeof **idx);
      (*idx)[(*n_idx)++] = (size_t)k;
      if (names.len)
        sb_add(&names, x->zh ? "、" : ", ");
      sb_add(&names, x->m->speakers[k].name);
    }
  }
  return sb_take(&names);
}

/* Links of an entry: slides, video, link … as the talk's links; of the
 * page's own front matter (page), not its url or link, which are the
 * page's address. */
static void entry_links(const front_node *e, model_talk *t, int page) {
  static const char *const keys[] = {"slides", "slides_url", "video", "video_url",
                                     "youtube_video", "watch_ocamlorg_video",
                                     "recording", "pdf", "link", "url", NULL};
  for (size_t i = 0; keys[i]; i++) {
    if (page && (!strcmp(keys[i], "link") || !strcmp(keys[i], "url")))
      break;
    const char *one[] = {keys[i], NULL};
    const char *u = map_str(e, one);
    if (!u || (strncmp(u, "http", 4) && !strchr(u, '/') && !strchr(u, '.')))
      continue;
    t->links = xrealloc(t->links, (t->n_links + 1) * sizeof *t->links);
    t->links[t->n_links].label = xstrdup(keys[i]);
    t->links[t->n_links].url = xstrdup(u);
    t->n_links++;
  }
}

/* One entry of a session list: a talk (rank of a front-matter entry) and,
 * with agenda, an agenda row. */
/* A string entry of a session list ("18:30 Doors open", "14:00 Title ——
 * Name"): read as a title line; a row of the agenda, and a talk unless it
 * is a break. */
static void session_line(ex_ctx *x, const front_node *e, long group,
                         int agenda, const char *day) {
  ex_head h;
  ex_head_read(x, e->scalar, NULL, &h);
  int brk = ex_break_title(h.title) && !h.people;
  long ti = -1;
  if (!brk) {
    ti = (long)ex_talk_new(x, e->line, 1, group);
    model_talk *t = &x->m->talks[ti];
    char *prefix = NULL;
    t->title = extract_title_clean(h.title, &prefix);
    t->title_prefix = prefix;
    t->kind = extract_kind(t->title) == MODEL_BREAK ? MODEL_TALK
                                                    : extract_kind(t->title);
    if (h.time)
      t->time = extract_time_norm(h.time);
    if (h.people)
      ex_talk_add_people(x, (size_t)ti, h.people, e->line);
    if (day)
      x->m->talks[ti].day = xstrdup(day);
  }
  if (agenda) {
    char *p = h.people ? ex_people_text(h.people) : NULL;
    ex_agenda_put(x, h.time, h.title, p, NULL, e->line,
                  brk ? MODEL_BREAK : MODEL_TALK, ti);
    free(p);
  }
  ex_head_free(&h);
}

static void session(ex_ctx *x, const front_node *e, const char *list,
                    size_t pos, long group, int agenda, const char *day) {
  if (e->kind == FRONT_SCALAR) {
    session_line(x, e, group, agenda, day);
    return;
  }
  const char *title = map_str(e, k_title);
  if (!title) {
    if (e->kind == FRONT_MAP)
      diag_report(DIAG_EX_FM_ENTRY, x->m->path, e->line, 0, list, pos + 1,
                  "title");
    return;
  }
  static const char *const k_day[] = {"day", "date", NULL};
  const char *own_day = map_str(e, k_day);
  if (own_day)
    day = own_day;
  char *time = NULL;
  const char *t1 = map_str(e, k_time);
  const char *st = map_str(e, k_start), *en = map_str(e, k_end);
  if (t1)
    time = xstrdup(t1);
  else if (st)
    time = en ? xasprintf("%s-%s", st, en) : xstrdup(st);
  size_t *idx = NULL, n_idx = 0;
  char *people = entry_people(x, e, list, pos, &idx, &n_idx);
  /* a speakers list of talks: each entry's name is its speaker */
  if (!*people && in_list(speaker_lists, list) && map_str(e, k_name)) {
    /* its `title` is the talk's, not a job: the name alone */
    ex_person who = {.name = link_text(map_str(e, k_name))};
    size_t k = ex_speaker_add(x, &who, e->line);
    free(who.name);
    idx = xrealloc(idx, (n_idx + 1) * sizeof *idx);
    idx[n_idx++] = k;
    free(people);
    people = xstrdup(x->m->speakers[k].name);
  }
  ex_head h;
  ex_head_read(x, title, NULL, &h);
  if (*people) { /* the entry's own people: the title is all title */
    ex_head_free(&h);
    memset(&h, 0, sizeof h);
    h.title = xstrdup(title);
  }
  int brk = break_entry(e) ||
            (ex_break_title(h.title) && !*people && !h.people &&
             extract_kind(h.title) != MODEL_KEYNOTE);
  long ti = -1;
  if (!brk) {
    ti = (long)ex_talk_new(x, e->line, map_get(e, k_abs) ? 3 : 2, group);
    model_talk *t = &x->m->talks[ti];
    char *prefix = NULL;
    char *raw = ex_trim_seps(h.title);
    t->title = extract_title_clean(raw, &prefix);
    t->title_prefix = prefix;
    free(raw);
    t->kind = extract_kind(t->title);
    if (t->kind == MODEL_BREAK)
      t->kind = MODEL_TALK;
    if (time)
      t->time = extract_time_norm(time);
    t->speakers = idx, t->n_speakers = n_idx;
    idx = NULL;
    if (!t->n_speakers && (*people || h.people))
      ex_talk_add_people(x, (size_t)ti, *people ? people : h.people, e->line);
    t = &x->m->talks[ti];
    const front_node *an = map_get(e, k_abs);
    if (front_scalar(an))
      ex_text_blocks(x, an->scalar, an->line, &t->abstract, &t->n_abstract);
    t = &x->m->talks[ti];
    entry_links(e, t, 0);
    const char *tr = map_str(e, k_track);
    if (tr)
      t->track = xstrdup(tr);
    if (day)
      t->day = xstrdup(day);
  }
  if (agenda) {
    char *p = *people ? xstrdup(people) : h.people ? ex_people_text(h.people) : NULL;
    ex_agenda_put(x, time, h.title, p, NULL, e->line, brk ? MODEL_BREAK : MODEL_TALK,
                  ti);
    model_agenda_row *row = &x->m->agenda[x->m->n_agenda - 1];
    if (day)
      row->day = xstrdup(day);
    const char *tr = map_str(e, k_track);
    if (tr)
      row->track = xstrdup(tr);
    /* the speaker's role as the entry gives it ("职务") */
    static const char *const k_role[] = {"role", "position", "职务", NULL};
    const char *role = map_str(e, k_role);
    if (role)
      row->role = xstrdup(role);
    free(p);
  }
  ex_head_free(&h);
  free(idx), free(people), free(time);
}

/* The day a map of a list of days names ("day", "date", "title"). */
static char *day_of(const front_node *map) {
  static const char *const k_day[] = {"date", "day", "title", "name", NULL};
  const char *d = map_str(map, k_day);
  if (!d)
    return NULL;
  const char *day[] = {"day", NULL};
  const char *num = map_str(map, day);
  if (num && d == num)
    return xasprintf("Day %s", num);
  return xstrdup(d);
}

/* Walk the front matter (to depth levels) for session lists. */
static void walk_sessions(ex_ctx *x, ex_records *rs, const front_node *n,
                          const char *key, const char *day, int depth) {
  if (!n || depth > 4)
    return;
  if (n->kind == FRONT_MAP) {
    for (size_t i = 0; i < n->n; i++)
      walk_sessions(x, rs, n->items[i], n->keys[i], day, depth + 1);
    return;
  }
  if (n->kind != FRONT_SEQ)
    return;
  if (session_list(key, n) ||
      (key && in_list(speaker_lists, key) && speakers_are_talks(n))) {
    size_t timed = 0;
    for (size_t i = 0; i < n->n; i++)
      timed += map_str(n->items[i], k_time) || map_str(n->items[i], k_start) ||
               (front_scalar(n->items[i]) &&
                extract_leading_time(n->items[i]->scalar));
    long g = (long)ex_group_open(rs, EX_FROM_FRONT, -1);
    for (size_t i = 0; i < n->n; i++)
      session(x, n->items[i], key ? key : "", i, g, timed * 2 >= n->n && timed,
              day);
    return;
  }
  /* a list of days, each with its sessions */
  for (size_t i = 0; i < n->n; i++) {
    char *d = n->items[i]->kind == FRONT_MAP ? day_of(n->items[i]) : NULL;
    walk_sessions(x, rs, n->items[i], NULL, d ? d : day, depth + 1);
    free(d);
  }
}

void ex_front_sessions(ex_ctx *x, ex_records *rs) {
  walk_sessions(x, rs, x->m->front, NULL, NULL, 0);
}

/* ---- the page as one talk ----------------------------------------------------------------- */

/* Names of presenters the front matter gives for the page, joined, or
 * NULL.  Caller frees. */
static char *page_presenters(ex_ctx *x) {
  static const char *const keys[] = {"presenters", "presenter", "speakers",
                                     "speaker", "credit", "authors", NULL};
  const front_node *fm = x->m->front;
  for (size_t i = 0; keys[i]; i++) {
    const front_node *n = front_get(fm, keys[i]);
    if (!n)
      continue;
    strbuf b = {0};
    size_t count = n->kind == FRONT_SEQ ? n->n : 1;
    for (size_t k = 0; k < count; k++) {
      const front_node *it = n->kind == FRONT_SEQ ? n->items[k] : n;
      const char *s = front_scalar(it) ? it->scalar : map_str(it, k_name);
      if (!s)
        continue;
      char *name;
      if (slug(s)) { /* (the speakers may move as one is added) */
        size_t k = slug_person(x, s, it->line);
        name = xstrdup(x->m->speakers[k].name);
      } else {
        name = link_text(s);
      }
      if (b.len)
        sb_add(&b, x->zh ? "、" : ", ");
      sb_add(&b, name);
      free(name);
    }
    if (b.len)
      return sb_take(&b);
    sb_free(&b);
  }
  return NULL;
}

/* The page's talk title: a `talk` key, else its title without a series
 * prefix ("第 79 期 …", "【活动】…"), or NULL. */
static char *page_talk_title(ex_ctx *x) {
  static const char *const k_talk[] = {"talk", "talk_title", "session", NULL};
  const char *t = map_str(x->m->front, k_talk);
  if (t)
    return xstrdup(t);
  return NULL;
}

/* 1 when the page's text says its author gives the talk: the summary or
 * the description (or the page's first lines) say someone 分享 / 讲 /
 * gave a talk, or the body has a talk's fields as headings (大纲, Slides,
 * 分享时间). */
static int author_speaks(ex_ctx *x, const ex_blocks *bl) {
  static const char *const words[] = {"分享", "讲师", "主讲", "演讲", "talk",
                                      "presentation", "spoke", "speaks", NULL};
  static const char *const k_sum[] = {"summary", "description", "desc",
                                      "excerpt", NULL};
  const char *s = map_str(x->m->front, k_sum);
  for (size_t i = 0; s && words[i]; i++)
    if (ex_casestr(s, words[i]))
      return 1;
  int fields = 0;
  for (size_t i = 0; i < bl->n; i++)
    fields += bl->b[i].role == EX_ROLE_CUE;
  return fields >= 2;
}

/* Words of a link's name that make it a talk's material. */
static const char *const material[] = {"slides", "slide", "video", "recording",
                                       "deck", "幻灯片", "视频", "讲稿", "回放",
                                       "ppt", "pdf", NULL};

/* 1 when name names a talk's material ("Slides", "Video recording"). */
static int material_name(const char *name) {
  for (size_t i = 0; name && material[i]; i++)
    if (ex_casestr(name, material[i]))
      return 1;
  return 0;
}

/* Links of a list of {name, url} maps in the page's front matter
 * (`metadata:`, `links:`, `resources:`) that name a talk's material;
 * added to t when t is not NULL.  Returns how many there are. */
static size_t material_links(const front_node *fm, model_talk *t) {
  static const char *const lists[] = {"metadata", "links", "resources",
                                      "materials", NULL};
  static const char *const k_label[] = {"name", "title", "label", "type",
                                        "text", NULL};
  static const char *const k_url[] = {"url", "link", "href", "value", NULL};
  size_t n = 0;
  for (size_t l = 0; lists[l]; l++) {
    const front_node *list = front_get(fm, lists[l]);
    for (size_t i = 0; list && list->kind == FRONT_SEQ && i < list->n; i++) {
      const char *label = map_str(list->items[i], k_label);
      const char *url = map_str(list->items[i], k_url);
      if (!url || !material_name(label))
        continue;
      n++;
      if (!t)
        continue;
      t->links = xrealloc(t->links, (t->n_links + 1) * sizeof *t->links);
      t->links[t->n_links].label = xstrdup(label);
      t->links[t->n_links].url = xstrdup(url);
      t->n_links++;
    }
  }
  return n;
}

/* 1 when the page's front matter gives a talk's material: slides or a
 * video under their own keys, or in a list of links. */
static int page_material(const front_node *fm) {
  static const char *const keys[] = {"slides", "slides_url", "video",
                                     "video_url", "recording", "youtube_video",
                                     NULL};
  return map_str(fm, keys) || material_links(fm, NULL);
}

/* 1 when the first paragraph of the body says it is about a talk ("In
 * this talk …", "本次分享…"). */
static int body_says_talk(const ex_blocks *bl) {
  static const char *const phrases[] = {"this talk", "my talk", "this session",
                                        "this presentation", "本次分享",
                                        "本次演讲", "这次分享", "本场分享",
                                        "本讲", NULL};
  for (size_t i = 0; i < bl->n; i++) {
    if (bl->b[i].n->type != MD_PARAGRAPH)
      continue;
    char *t = ex_text(bl->b[i].n);
    int yes = 0;
    for (size_t k = 0; phrases[k] && !yes; k++)
      yes = ex_casestr(t, phrases[k]) != NULL;
    free(t);
    return yes;
  }
  return 0;
}

/* The page talk's track and room from the front matter ("Languages ·
 * Hall B"), or NULL.  Caller frees. */
static char *page_place(const front_node *fm) {
  static const char *const k_tr[] = {"track", NULL};
  static const char *const k_room[] = {"room", "stage", "hall", NULL};
  const char *tr = map_str(fm, k_tr), *room = map_str(fm, k_room);
  if (tr && room)
    return xasprintf("%s · %s", tr, room);
  return tr || room ? xstrdup(tr ? tr : room) : NULL;
}

/* The page talk's abstract from the front matter (`abstract`, or a
 * `summary` that is not the event's description on the cover). */
static void page_abstract(ex_ctx *x, model_talk *t) {
  static const char *const k_a[] = {"abstract", "talk_abstract", "摘要", NULL};
  static const char *const k_s[] = {"summary", NULL};
  const front_node *fm = x->m->front;
  const front_node *an = map_get(fm, k_a);
  if (!front_scalar(an)) {
    an = map_get(fm, k_s);
    const char *d = x->m->event.description;
    if (front_scalar(an) && d && ex_same_title(d, an->scalar))
      an = NULL;
  }
  if (front_scalar(an) && *an->scalar)
    ex_text_blocks(x, an->scalar, an->line, &t->abstract, &t->n_abstract);
}

long ex_page_talk(ex_ctx *x, ex_blocks *bl, ex_records *rs) {
  model *m = x->m;
  if (m->n_talks)
    return -1;
  char *people = page_presenters(x);
  char *title = page_talk_title(x);
  int cue_lines = 0;
  for (size_t i = 0; i < bl->n; i++)
    if (bl->b[i].owner == EX_FREE && !bl->b[i].sponsor &&
        (bl->b[i].cues & EX_CUE_BIT(EX_CUE_SPEAKER)) &&
        bl->b[i].n->type != MD_HEADING)
      cue_lines++;
  static const char *const k_author[] = {"author", NULL};
  const front_node *author = front_get(m->front, "author");
  if (!author)
    author = front_get(m->front, "authors");
  if (!people && !title && !cue_lines && author &&
      (author_speaks(x, bl) || page_material(m->front) || body_says_talk(bl))) {
    const char *a = front_scalar(author) ? author->scalar
                    : author->kind == FRONT_SEQ && author->n
                        ? front_scalar(author->items[0])
                        : map_str(author, k_author);
    if (a && ex_names_score(a, ex_known, x) >= ex_limits.names_pattern)
      people = xstrdup(a);
  }
  /* a talk page's front matter: "title" names people when a `talk` names
   * the talk ("Halldór Eldjárn & Þórður Hans Baldursson") */
  if (title && !people &&
      ex_names_score(m->event.title, ex_known, x) >= ex_limits.names_likely)
    people = xstrdup(m->event.title);
  if (!people && !title && !cue_lines) {
    free(people), free(title);
    return -1;
  }
  size_t g = ex_group_open(rs, EX_FROM_PAGE, -1);
  size_t ti = ex_talk_new(x, m->event.line, 4, (long)g);
  char *prefix = NULL;
  m->talks[ti].title = extract_title_clean(title ? title : m->event.title, &prefix);
  m->talks[ti].title_prefix = prefix;
  free(title);
  m->talks[ti].kind = extract_kind(m->talks[ti].title);
  if (m->talks[ti].kind == MODEL_BREAK)
    m->talks[ti].kind = MODEL_TALK;
  if (people)
    ex_talk_add_people(x, ti, people, m->event.line);
  /* what the front matter says of the talk: its abstract (the body
   * follows it), its track and room, its slides and video */
  page_abstract(x, &m->talks[ti]);
  m->talks[ti].track = page_place(m->front);
  entry_links(m->front, &m->talks[ti], 1);
  material_links(m->front, &m->talks[ti]);
  /* every block nobody claimed is the talk's; a talk found by its cue
   * lines alone starts at the first of them (what comes before is the
   * page's introduction) */
  size_t from = 0;
  if (!people && !title)
    while (from < bl->n && !(bl->b[from].cues & EX_CUE_BIT(EX_CUE_SPEAKER)))
      from++;
  size_t nb = 0;
  md_node **blocks = xmalloc((bl->n ? bl->n : 1) * sizeof *blocks);
  for (size_t i = from; i < bl->n; i++)
    if (bl->b[i].owner == EX_FREE && !bl->b[i].sponsor) {
      blocks[nb++] = bl->b[i].n;
      bl->b[i].owner = (long)ti;
    }
  ex_talk_fill(x, ti, blocks, nb);
  free(blocks);
  free(people);
  return (long)ti;
}

/* ---- a page about one person ----------------------------------------------------------- */

/* The person's addresses the front matter gives, as one line
 * ("Twitter @elenap · GitHub elenap · https://elena.example.org"), or
 * NULL.  Caller frees. */
static char *profile_links(const front_node *fm) {
  static const struct {
    const char *key, *label, *at;
  } k[] = {{"twitter", "Twitter", "@"},   {"x", "X", "@"},
           {"github", "GitHub", ""},      {"gitlab", "GitLab", ""},
           {"linkedin", "LinkedIn", ""},  {"mastodon", "Mastodon", ""},
           {"weibo", "微博", ""},         {"website", "", ""},
           {"homepage", "", ""},          {"blog", "", ""},
           {"url", "", ""}};
  strbuf b = {0};
  for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
    const char *one[] = {k[i].key, NULL};
    const char *v = map_str(fm, one);
    if (!v)
      continue;
    if (!strcmp(k[i].key, "url") && strncmp(v, "http", 4))
      continue; /* the page's own address */
    if (b.len)
      sb_add(&b, " · ");
    int full = !strncmp(v, "http", 4) || !*k[i].label;
    if (!full)
      sb_addf(&b, "%s %s%s", k[i].label, *v == '@' ? "" : k[i].at, v);
    else
      sb_add(&b, v);
  }
  return b.len ? sb_take(&b) : (sb_free(&b), NULL);
}

long ex_profile_page(ex_ctx *x, ex_blocks *bl) {
  static const char *const k_job[] = {"designation", "position", "role",
                                      "job_title", "jobtitle", "job", "职位",
                                      NULL};
  static const char *const k_org[] = {"company", "organization",
                                      "organisation", "affiliation", "公司",
                                      NULL};
  static const char *const k_pic[] = {"avatar", "photo", "headshot",
                                      "picture", "image", NULL};
  static const char *const k_bio[] = {"bio", "biography", "about", NULL};
  model *m = x->m;
  const front_node *fm = m->front;
  const char *name = m->event.title;
  if (m->n_talks || m->n_speakers || !name ||
      ex_names_score(name, ex_known, x) < ex_limits.names_sure)
    return -1;
  ex_person *ps;
  size_t n = extract_people(name, EX_STRICT, ex_known, x, &ps);
  int one = n == 1 && !ps[0].designation;
  extract_people_free(ps, n);
  const char *job = map_str(fm, k_job), *org = map_str(fm, k_org);
  char *links = profile_links(fm);
  if (!one || (!job && !org && !links && !map_str(fm, k_bio))) {
    free(links);
    return -1;
  }
  ex_person p = {.name = util_trim(name)};
  if (job && org && !strstr(job, org))
    p.designation = xasprintf("%s, %s", job, org);
  else if (job || org)
    p.designation = xstrdup(job ? job : org);
  p.company = org ? xstrdup(org) : NULL;
  size_t idx = ex_speaker_add(x, &p, m->event.line);
  free(p.name), free(p.designation), free(p.company);
  model_speaker *s = &m->speakers[idx];
  const char *pic = map_str(fm, k_pic);
  if (pic)
    s->photo = xstrdup(pic);
  const front_node *bio = map_get(fm, k_bio);
  if (front_scalar(bio))
    ex_speaker_bio_md(x, idx, bio->scalar, bio->line);
  /* the page's text is the bio */
  s = &m->speakers[idx];
  int own = !s->n_bio_md;
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (b->owner != EX_FREE || b->sponsor || b->n->type == MD_HEADING)
      continue;
    char *t = ex_text(b->n);
    if (*t) {
      if (own)
        ex_push(&s->bio_md, &s->n_bio_md, b->n);
      ex_speaker_bio(x, idx, t);
      b->owner = EX_CLAIM_SPEAKER;
    }
    free(t);
  }
  if (own && s->n_bio_md)
    s->bio_md_len = strlen(s->bio);
  if (links) {
    ex_speaker_bio(x, idx, links);
    free(links);
  }
  return (long)idx;
}
