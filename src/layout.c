/* layout.c — load a layout file (YAML, read through front.h's generic
 * tree), apply --set overrides to that tree, merge the values of the
 * page's language (`languages:`) over the rest, and turn it into the
 * layout struct in points, with the printed words (`labels:`).  Unknown
 * keys and bad values are errors naming the layout file and line.
 * Drawing and measuring live elsewhere. */
#include "layout.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "front.h"
#include "util.h"

static char *search_dir;

void layout_set_search_dir(const char *dir) {
  free(search_dir);
  search_dir = xstrdup(dir);
}

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Finds the layout file for a name or path.  Caller frees. */
static char *find_layout(const char *name) {
  if (strchr(name, '/') || strstr(name, ".yaml") || strstr(name, ".yml"))
    return file_exists(name) ? xstrdup(name) : NULL;
  const char *dirs[4];
  size_t n = 0;
  if (search_dir)
    dirs[n++] = search_dir;
  const char *env = getenv("BOOKLET_LAYOUTS");
  if (env && *env)
    dirs[n++] = env;
  char *data = xasprintf("%s/layouts", util_data_dir());
  dirs[n++] = data;
  dirs[n++] = "layouts";
  char *found = NULL;
  for (size_t i = 0; i < n && !found; i++) {
    char *p = xasprintf("%s/%s.yaml", dirs[i], name);
    if (file_exists(p))
      found = p;
    else
      free(p);
  }
  free(data);
  return found;
}

/* ---- values ---------------------------------------------------------- */

typedef struct ctx {
  const char *file; /* layout file, for messages */
  int errors;       /* count of errors reported */
  double em;        /* em for lengths given in em (body size) */
  const front_node *fonts;  /* fonts: map (aliases) */
  const front_node *colors; /* colors: map (aliases) */
} ctx;

static void bad(ctx *c, const front_node *n, const char *key, const char *why) {
  diag_report(DIAG_LAYOUT_VALUE, c->file, n ? n->line : 0, 0, key, why);
  c->errors++;
}

/* Parses a length with a unit into points.  Returns 0 on success. */
static int parse_length(const char *s, double em, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || !isfinite(v))
    return -1;
  while (*end == ' ')
    end++;
  double k;
  if (!*end || !strcmp(end, "pt"))
    k = 1;
  else if (!strcmp(end, "mm"))
    k = 72.0 / 25.4;
  else if (!strcmp(end, "cm"))
    k = 72.0 / 2.54;
  else if (!strcmp(end, "in"))
    k = 72.0;
  else if (!strcmp(end, "em"))
    k = em;
  else
    return -1;
  *out = v * k;
  return 0;
}

static double get_length(ctx *c, const front_node *map, const char *key,
                         double def, double em) {
  const front_node *n = front_get(map, key);
  if (!n)
    return def;
  double v;
  const char *s = front_scalar(n);
  if (!s || parse_length(s, em, &v) != 0 || v < 0 || v > 10000) {
    bad(c, n, key, "expected a length such as 12pt, 15mm or 0.25em");
    return def;
  }
  return v;
}

static double get_number(ctx *c, const front_node *map, const char *key,
                         double def, double lo, double hi) {
  const front_node *n = front_get(map, key);
  if (!n)
    return def;
  const char *s = front_scalar(n);
  char *end = NULL;
  double v = s ? strtod(s, &end) : 0;
  if (!s || end == s || *end || !(v >= lo && v <= hi)) {
    char why[96];
    snprintf(why, sizeof why, "expected a number from %g to %g", lo, hi);
    bad(c, n, key, why);
    return def;
  }
  return v;
}

static int get_bool(ctx *c, const front_node *map, const char *key, int def) {
  const front_node *n = front_get(map, key);
  if (!n)
    return def;
  const char *s = front_scalar(n);
  if (s && (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")))
    return 1;
  if (s && (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")))
    return 0;
  bad(c, n, key, "expected true or false");
  return def;
}

static int parse_color(const char *s, uint32_t *out) {
  if (!s || s[0] != '#' || strlen(s) != 7)
    return -1;
  for (int i = 1; i < 7; i++)
    if (!isxdigit((unsigned char)s[i]))
      return -1;
  *out = (uint32_t)strtoul(s + 1, NULL, 16);
  return 0;
}

static uint32_t get_color(ctx *c, const front_node *map, const char *key,
                          uint32_t def) {
  const front_node *n = front_get(map, key);
  if (!n)
    return def;
  const char *s = front_scalar(n);
  if (s && c->colors && s[0] != '#')
    s = front_str(c->colors, s) ? front_str(c->colors, s) : s;
  uint32_t v;
  if (parse_color(s, &v) != 0) {
    bad(c, n, key, "expected a colour #RRGGBB or a name from colors:");
    return def;
  }
  return v;
}

static char *get_string(ctx *c, const front_node *map, const char *key,
                        const char *def) {
  const front_node *n = front_get(map, key);
  if (!n)
    return xstrdup(def);
  if (n->kind == FRONT_NULL)
    return xstrdup("");
  const char *s = front_scalar(n);
  if (!s) {
    bad(c, n, key, "expected text");
    return xstrdup(def);
  }
  return xstrdup(s);
}

/* A family value may name an alias from fonts: (serif, sans, ...). */
static char *resolve_family(ctx *c, const char *v) {
  const char *alias = c->fonts ? front_str(c->fonts, v) : NULL;
  return xstrdup(alias ? alias : v);
}

/* Checks that every key of map is in the NULL-terminated list. */
static void check_keys(ctx *c, const front_node *map, const char *const *ok,
                       const char *prefix) {
  if (!map)
    return;
  if (map->kind != FRONT_MAP) {
    bad(c, map, prefix, "expected a mapping of keys");
    return;
  }
  for (size_t i = 0; i < map->n; i++) {
    int known = 0;
    for (size_t k = 0; ok[k] && !known; k++)
      known = !strcmp(map->keys[i], ok[k]);
    if (!known) {
      char *full = prefix[0] ? xasprintf("%s.%s", prefix, map->keys[i])
                             : xstrdup(map->keys[i]);
      diag_report(DIAG_LAYOUT_KEY, c->file, map->items[i]->line, 0, full);
      free(full);
      c->errors++;
    }
  }
}

/* ---- --set ------------------------------------------------------------ */

static front_node *new_node(front_kind kind, int line) {
  front_node *n = xcalloc(1, sizeof *n);
  n->kind = kind;
  n->line = line;
  return n;
}

static front_node *map_child(front_node *map, const char *key, int create) {
  for (size_t i = 0; i < map->n; i++)
    if (!strcmp(map->keys[i], key))
      return map->items[i];
  if (!create)
    return NULL;
  map->keys = xrealloc(map->keys, (map->n + 1) * sizeof *map->keys);
  map->items = xrealloc(map->items, (map->n + 1) * sizeof *map->items);
  map->keys[map->n] = xstrdup(key);
  map->items[map->n] = new_node(FRONT_NULL, map->line);
  return map->items[map->n++];
}

/* Applies "a.b.c=value" to the tree.  Lists are written [x, y, z]. */
static int apply_set(front_node *root, const char *set) {
  const char *eq = strchr(set, '=');
  if (!eq || eq == set) {
    diag_report(DIAG_LAYOUT_SET, NULL, 0, 0, set);
    return -1;
  }
  char *path = xstrndup(set, (size_t)(eq - set));
  front_node *n = root;
  char *save = NULL;
  for (char *part = strtok_r(path, ".", &save); part;
       part = strtok_r(NULL, ".", &save)) {
    if (n->kind != FRONT_MAP) {
      for (size_t i = 0; i < n->n; i++)
        front_free(n->items[i]);
      free(n->items);
      free(n->scalar);
      n->items = NULL, n->scalar = NULL, n->n = 0;
      n->kind = FRONT_MAP;
    }
    n = map_child(n, part, 1);
  }
  free(path);
  /* replace the value */
  for (size_t i = 0; i < n->n; i++) {
    front_free(n->items[i]);
    if (n->keys)
      free(n->keys[i]);
  }
  free(n->items), free(n->keys), free(n->scalar);
  n->items = NULL, n->keys = NULL, n->scalar = NULL, n->n = 0;
  const char *v = eq + 1;
  size_t vl = strlen(v);
  if (vl >= 2 && v[0] == '[' && v[vl - 1] == ']') {
    n->kind = FRONT_SEQ;
    char *list = xstrndup(v + 1, vl - 2);
    char *s2 = NULL;
    for (char *it = strtok_r(list, ",", &s2); it; it = strtok_r(NULL, ",", &s2)) {
      front_node *item = new_node(FRONT_SCALAR, 0);
      item->scalar = util_trim(it);
      n->items = xrealloc(n->items, (n->n + 1) * sizeof *n->items);
      n->items[n->n++] = item;
    }
    free(list);
  } else {
    n->kind = FRONT_SCALAR;
    n->scalar = xstrdup(v);
  }
  return 0;
}

/* ---- styles ------------------------------------------------------------ */

static const char *const style_keys[] = {
    "family", "size", "weight", "italic", "line_height", "space_before",
    "space_after", "indent", "align", "color", "keep_with_next", "balance", NULL};

static void style_init_from(layout_style *s, const layout_style *base,
                            const char *name) {
  *s = *base;
  s->name = xstrdup(name);
  s->family = xstrdup(base->family);
}

static void style_read(ctx *c, layout_style *s, const front_node *m,
                       const char *prefix) {
  check_keys(c, m, style_keys, prefix);
  const front_node *fam = front_get(m, "family");
  if (fam) {
    const char *v = front_scalar(fam);
    if (v) {
      free(s->family);
      s->family = resolve_family(c, v);
    } else {
      bad(c, fam, "family", "expected a font family name");
    }
  }
  s->size = get_length(c, m, "size", s->size, c->em);
  if (s->size < 1)
    s->size = 1;
  const front_node *w = front_get(m, "weight");
  if (w) {
    const char *v = front_scalar(w);
    if (v && !strcmp(v, "bold"))
      s->weight = 700;
    else if (v && !strcmp(v, "normal"))
      s->weight = 400;
    else
      s->weight = (int)get_number(c, m, "weight", s->weight, 100, 900);
  }
  s->italic = get_bool(c, m, "italic", s->italic);
  s->line_height = get_number(c, m, "line_height", s->line_height, 0.8, 4);
  s->space_before = get_length(c, m, "space_before", s->space_before, s->size);
  s->space_after = get_length(c, m, "space_after", s->space_after, s->size);
  /* indent: "2em" or a bare number of em */
  const front_node *ind = front_get(m, "indent");
  if (ind) {
    const char *v = front_scalar(ind);
    double pt;
    if (v && parse_length(v, s->size, &pt) == 0) {
      char *end;
      strtod(v, &end);
      s->indent = *end ? pt / s->size : strtod(v, NULL);
    } else {
      bad(c, ind, "indent", "expected a length such as 2em");
    }
  }
  const front_node *al = front_get(m, "align");
  if (al) {
    const char *v = front_scalar(al);
    if (v && !strcmp(v, "left"))
      s->align = LAYOUT_ALIGN_LEFT;
    else if (v && !strcmp(v, "justify"))
      s->align = LAYOUT_ALIGN_JUSTIFY;
    else if (v && !strcmp(v, "center"))
      s->align = LAYOUT_ALIGN_CENTER;
    else if (v && !strcmp(v, "right"))
      s->align = LAYOUT_ALIGN_RIGHT;
    else
      bad(c, al, "align", "expected left, justify, center or right");
  }
  s->color = get_color(c, m, "color", s->color);
  s->keep_with_next = get_bool(c, m, "keep_with_next", s->keep_with_next);
  s->balance = get_bool(c, m, "balance", s->balance);
}

/* ---- load --------------------------------------------------------------- */

static const char *const top_keys[] = {
    "base", "name", "page", "language", "cjk_latin_space", "image_dpi", "fonts",
    "colors", "rule_width", "header", "footer", "sections", "styles", "qr",
    "cover_image", "sponsors", "languages", "labels", "hyphenate",
    "word_space_max", "indent_all", "section", "speakers", "agenda", NULL};
/* What a language's values may set: every top-level key but these. */
static const char *const not_per_language[] = {"base", "name", "languages",
                                               NULL};

/* Printed words, by what they are.  Separators count: Chinese sets a
 * full-width colon and enumeration comma where English has ": " and
 * ", ".  A new word the booklet prints gets a key here and a text in
 * every language of layouts/a5-booklet.yaml. */
const char *const layout_label_keys[] = {
    /* section titles */
    "contents", "about", "agenda", "talks", "speakers", "sponsors", "notes",
    "more",
    /* the event's facts on the cover, handout and back cover */
    "venue", "address", "fee", "register", "live", "replay", "online",
    "also_online",
    /* agenda column heads */
    "time", "session", "speaker", "track",
    /* the back cover and the handout's foot */
    "organizer", "thanks",
    /* talk kickers and labels; talk_number has a {n} field */
    "panel", "keynote", "break", "talk_number", "outline", "takeaways",
    "link",
    /* separators: after a label, between names, around an alias, between
     * a name and a designation, and before a speaker's designation in the
     * handout list, and between a place and its street address */
    "colon", "list_sep", "paren_open", "paren_close", "meta_sep",
    "handout_sep", "comma", NULL};
static const char *const qr_keys[] = {"back", "talks", "size", NULL};
static const char *const sponsor_keys[] = {"columns", "logo_height", NULL};
static const char *const page_keys[] = {"size", "width", "height", "margins",
                                        "snap_to_chars", "bleed", "pad_to",
                                        "baseline_grid", "fill", NULL};
static const char *const margin_keys[] = {"top", "bottom", "inner", "outer",
                                          NULL};

static const struct {
  const char *name;
  double w, h; /* pt */
} sizes[] = {
    {"A3", 841.89, 1190.55}, {"A4", 595.28, 841.89}, {"A5", 419.53, 595.28},
    {"A6", 297.64, 419.53},  {"B5", 498.90, 708.66}, {"Letter", 612, 792},
    {"Legal", 612, 1008},
};

static void read_page(ctx *c, layout *l, const front_node *page) {
  check_keys(c, page, page_keys, "page");
  l->page_w = 419.53, l->page_h = 595.28;
  const front_node *sz = front_get(page, "size");
  if (sz) {
    const char *v = front_scalar(sz);
    size_t i;
    for (i = 0; v && i < sizeof sizes / sizeof *sizes; i++)
      if (!strcasecmp(v, sizes[i].name))
        break;
    if (!v || i == sizeof sizes / sizeof *sizes)
      bad(c, sz, "page.size", "expected A3, A4, A5, A6, B5, Letter or Legal");
    else
      l->page_w = sizes[i].w, l->page_h = sizes[i].h;
  }
  l->page_w = get_length(c, page, "width", l->page_w, 12);
  l->page_h = get_length(c, page, "height", l->page_h, 12);
  const front_node *m = front_get(page, "margins");
  check_keys(c, m, margin_keys, "page.margins");
  double d = 15 * 72 / 25.4;
  l->margin_top = get_length(c, m, "top", d, 12);
  l->margin_bottom = get_length(c, m, "bottom", d, 12);
  l->margin_inner = get_length(c, m, "inner", d, 12);
  l->margin_outer = get_length(c, m, "outer", d, 12);
  l->bleed = get_length(c, page, "bleed", 0, 12);
  l->pad_to = (int)get_number(c, page, "pad_to", 0, 0, 64);
  l->baseline_grid = get_bool(c, page, "baseline_grid", 0);
  if (l->page_w < 72 || l->page_h < 72 || l->page_w > 14400 ||
      l->page_h > 14400)
    bad(c, page, "page", "page size out of range");
  if (l->margin_inner + l->margin_outer > l->page_w - 36 ||
      l->margin_top + l->margin_bottom > l->page_h - 72)
    bad(c, page, "page.margins", "margins leave no room for text");
}

/* sponsors: {columns, logo_height}: the sponsor logo grid. */
static void read_sponsors(ctx *c, layout *l, const front_node *sp) {
  check_keys(c, sp, sponsor_keys, "sponsors");
  double cols = get_number(c, sp, "columns", 3, 1, 8);
  if (cols != floor(cols)) {
    bad(c, front_get(sp, "columns"), "sponsors.columns",
        "expected a whole number from 1 to 8");
    cols = 3;
  }
  l->sponsor_columns = (int)cols;
  double def = 14 * 72 / 25.4;
  l->sponsor_logo_h = get_length(c, sp, "logo_height", def, 12);
  if (l->sponsor_logo_h < 12 || l->sponsor_logo_h > 216) {
    bad(c, front_get(sp, "logo_height"), "sponsors.logo_height",
        "expected 4.2mm to 76mm");
    l->sponsor_logo_h = def;
  }
}

/* labels: {key: text}: keys from layout_label_keys. */
static void read_labels(ctx *c, layout *l, const front_node *labels) {
  check_keys(c, labels, layout_label_keys, "labels");
  if (!labels || labels->kind != FRONT_MAP)
    return;
  l->labels = xcalloc(labels->n ? labels->n : 1, sizeof *l->labels);
  for (size_t i = 0; i < labels->n; i++) {
    const front_node *v = labels->items[i];
    const char *t = v->kind == FRONT_NULL ? "" : front_scalar(v);
    if (!t) {
      bad(c, v, labels->keys[i], "expected the text to print");
      continue;
    }
    l->labels[l->n_labels++] =
        (layout_word){xstrdup(labels->keys[i]), xstrdup(t)};
  }
}

/* languages: {TAG: {key: value}}: each language's values may set any
 * top-level key but base, name and languages (checked before they are
 * merged, so a wrong one is reported whichever language is loaded). */
static void check_languages(ctx *c, const front_node *root) {
  const front_node *langs = front_get(root, "languages");
  if (langs && langs->kind != FRONT_MAP)
    bad(c, langs, "languages", "expected a mapping of languages to values");
  for (size_t i = 0; langs && langs->kind == FRONT_MAP && i < langs->n; i++) {
    char *prefix = xasprintf("languages.%s", langs->keys[i]);
    const front_node *v = langs->items[i];
    if (v->kind != FRONT_MAP) {
      bad(c, v, prefix, "expected a mapping of layout keys");
    } else {
      for (size_t k = 0; k < v->n; k++)
        for (size_t j = 0; not_per_language[j]; j++)
          if (!strcmp(v->keys[k], not_per_language[j])) {
            char *full = xasprintf("%s.%s", prefix, v->keys[k]);
            bad(c, v->items[k], full, "not a value a language can set");
            free(full);
          }
    }
    free(prefix);
  }
}

/* Typesetting by language: hyphenation, word spaces, indents. */
static void read_typesetting(ctx *c, layout *l, const front_node *root) {
  l->hyphenate = get_bool(c, root, "hyphenate", 0);
  l->indent_all = get_bool(c, root, "indent_all", 1);
  l->word_space_max =
      get_length(c, root, "word_space_max", 0.8 * c->em, c->em) / c->em;
  if (l->word_space_max < 0.2 || l->word_space_max > 3) {
    bad(c, front_get(root, "word_space_max"), "word_space_max",
        "expected 0.2em to 3em");
    l->word_space_max = 0.8;
  }
}

/* ---- pages (issue 17) ----------------------------------------------------- */

static const char *const section_opt_keys[] = {"page_break", NULL};
static const char *const speaker_keys[] = {"columns", NULL};
static const char *const agenda_keys[] = {"tracks", NULL};

/* section: {NAME: {page_break: before|recto|none}}, speakers: {columns},
 * agenda: {tracks: column|tables|side-by-side}, page.fill. */
static void read_pages(ctx *c, layout *l, const front_node *root) {
  const front_node *secs = front_get(root, "section");
  if (secs && secs->kind != FRONT_MAP)
    bad(c, secs, "section", "expected a mapping of section names");
  size_t n = secs && secs->kind == FRONT_MAP ? secs->n : 0;
  l->section_opts = xcalloc(n ? n : 1, sizeof *l->section_opts);
  for (size_t i = 0; i < n; i++) {
    const front_node *o = secs->items[i];
    char *key = xasprintf("section.%s", secs->keys[i]);
    check_keys(c, o, section_opt_keys, key);
    char *brk = get_string(c, o, "page_break", "none");
    layout_section_opt *so = &l->section_opts[l->n_section_opts++];
    so->name = xstrdup(secs->keys[i]);
    so->brk = !strcmp(brk, "before") ? LAYOUT_BREAK_BEFORE
              : !strcmp(brk, "recto") ? LAYOUT_BREAK_RECTO
                                      : LAYOUT_BREAK_NONE;
    if (strcmp(brk, "before") && strcmp(brk, "recto") && strcmp(brk, "none"))
      bad(c, front_get(o, "page_break"), key,
          "page_break: expected before, recto or none");
    free(brk), free(key);
  }
  const front_node *sp = front_get(root, "speakers");
  check_keys(c, sp, speaker_keys, "speakers");
  double cols = get_number(c, sp, "columns", 3, 1, 6);
  if (cols != floor(cols)) {
    bad(c, front_get(sp, "columns"), "speakers.columns",
        "expected a whole number from 1 to 6");
    cols = 3;
  }
  l->speaker_columns = (int)cols;
  const front_node *ag = front_get(root, "agenda");
  check_keys(c, ag, agenda_keys, "agenda");
  char *tr = get_string(c, ag, "tracks", "column");
  l->tracks = !strcmp(tr, "tables")         ? LAYOUT_TRACKS_TABLES
              : !strcmp(tr, "side-by-side") ? LAYOUT_TRACKS_SIDE
                                            : LAYOUT_TRACKS_COLUMN;
  if (strcmp(tr, "tables") && strcmp(tr, "side-by-side") &&
      strcmp(tr, "column"))
    bad(c, front_get(ag, "tracks"), "agenda.tracks",
        "expected column, tables or side-by-side");
  free(tr);
  l->fill = get_bool(c, front_get(root, "page"), "fill", 0);
}

layout_break layout_section_break(const layout *l, const char *kind,
                                  layout_break def) {
  for (size_t i = 0; i < l->n_section_opts; i++)
    if (!strcmp(l->section_opts[i].name, kind))
      return l->section_opts[i].brk;
  return def;
}

static void load_tree(ctx *c, layout *l, const front_node *root) {
  check_keys(c, root, top_keys, "");
  c->fonts = front_get(root, "fonts");
  c->colors = front_get(root, "colors");
  l->name = get_string(c, root, "name", "layout");
  read_page(c, l, front_get(root, "page"));
  l->lang = get_string(c, root, "language", "zh-Hans");
  l->rule_width = get_length(c, root, "rule_width", 0.5, 12);
  l->image_dpi = get_number(c, root, "image_dpi", 150, 10, 2400);
  l->header = get_string(c, root, "header", "{event.title}");
  l->footer = get_string(c, root, "footer", "{page}");
  const front_node *qr = front_get(root, "qr");
  check_keys(c, qr, qr_keys, "qr");
  l->qr_back = get_bool(c, qr, "back", 1);
  l->qr_talks = get_bool(c, qr, "talks", 0);
  l->qr_size = get_length(c, qr, "size", 20 * 72 / 25.4, 12);
  if (l->qr_size < 36 || l->qr_size > 288) {
    bad(c, front_get(qr, "size"), "qr.size", "expected 12.7mm to 100mm");
    l->qr_size = 20 * 72 / 25.4;
  }
  read_sponsors(c, l, front_get(root, "sponsors"));
  read_pages(c, l, root);
  char *cover = get_string(c, root, "cover_image", "framed");
  l->cover_bleed = !strcmp(cover, "full-bleed");
  if (!l->cover_bleed && strcmp(cover, "framed"))
    bad(c, front_get(root, "cover_image"), "cover_image",
        "expected full-bleed or framed");
  free(cover);
  const front_node *colors = c->colors;
  l->accent = get_color(c, colors, "accent", 0xa23b2a);
  l->rule_color = get_color(c, colors, "rule", 0x999999);
  uint32_t text_color = get_color(c, colors, "text", 0x1d1d1f);
  l->emph_family = resolve_family(c, "emph");
  l->code_family = resolve_family(c, "mono");
  if (!strcmp(l->emph_family, "emph")) {
    free(l->emph_family);
    l->emph_family = xstrdup("Noto Sans CJK SC");
  }
  if (!strcmp(l->code_family, "mono")) {
    free(l->code_family);
    l->code_family = xstrdup("monospace");
  }

  /* body first: every other style starts as a copy of it */
  const front_node *styles = front_get(root, "styles");
  if (styles && styles->kind != FRONT_MAP)
    bad(c, styles, "styles", "expected a mapping of style names");
  layout_style body = {0};
  body.name = xstrdup("body");
  body.family = resolve_family(c, "serif");
  if (!strcmp(body.family, "serif")) {
    free(body.family);
    body.family = xstrdup("Noto Serif CJK SC");
  }
  body.size = 10, body.weight = 400, body.line_height = 1.6;
  body.align = LAYOUT_ALIGN_JUSTIFY, body.color = text_color;
  c->em = 12;
  const front_node *bm = front_get(styles, "body");
  if (bm)
    style_read(c, &body, bm, "styles.body");
  c->em = body.size;
  read_typesetting(c, l, root);
  read_labels(c, l, front_get(root, "labels"));
  l->label_warned = xcalloc(sizeof layout_label_keys / sizeof *layout_label_keys, 1);
  l->cjk_latin_space = get_length(c, root, "cjk_latin_space", 0.25 * body.size,
                                  body.size) /
                       body.size;
  size_t n = 1 + (styles && styles->kind == FRONT_MAP ? styles->n : 0);
  l->styles = xcalloc(n, sizeof *l->styles);
  l->styles[0] = body;
  l->n_styles = 1;
  for (size_t i = 0; styles && styles->kind == FRONT_MAP && i < styles->n;
       i++) {
    if (!strcmp(styles->keys[i], "body"))
      continue;
    layout_style *s = &l->styles[l->n_styles++];
    style_init_from(s, &body, styles->keys[i]);
    s->indent = 0;
    char *prefix = xasprintf("styles.%s", styles->keys[i]);
    style_read(c, s, styles->items[i], prefix);
    free(prefix);
  }
  l->header_style = (layout_style *)layout_style_get(l, "header");

  const front_node *secs = front_get(root, "sections");
  if (secs && secs->kind == FRONT_SEQ) {
    l->sections = xcalloc(secs->n + 1, sizeof *l->sections);
    for (size_t i = 0; i < secs->n; i++) {
      const char *v = front_scalar(secs->items[i]);
      if (v)
        l->sections[l->n_sections++] = xstrdup(v);
    }
  } else {
    if (secs)
      bad(c, secs, "sections", "expected a list of section names");
    static const char *def[] = {"cover", "body"};
    l->sections = xcalloc(3, sizeof *l->sections);
    for (size_t i = 0; i < 2; i++)
      l->sections[l->n_sections++] = xstrdup(def[i]);
  }

  /* a text frame a whole number of body characters wide */
  const front_node *page = front_get(root, "page");
  if (get_bool(c, page, "snap_to_chars", 0)) {
    double w = l->page_w - l->margin_inner - l->margin_outer;
    double chars = floor(w / body.size + 1e-6);
    double extra = w - chars * body.size;
    l->margin_inner += extra / 2;
    l->margin_outer += extra / 2;
  }
}

/* Deep-merges src into dst: mappings merge key by key, anything else in
 * src replaces dst's value.  src's nodes are moved (src is emptied). */
static void merge_into(front_node *dst, front_node *src) {
  for (size_t i = 0; i < src->n; i++) {
    front_node *d = map_child(dst, src->keys[i], 0);
    if (d && d->kind == FRONT_MAP && src->items[i]->kind == FRONT_MAP) {
      merge_into(d, src->items[i]);
      front_free(src->items[i]);
    } else if (d) {
      /* swap contents so the old value is freed with src */
      front_node tmp = *d;
      *d = *src->items[i];
      *src->items[i] = tmp;
      front_free(src->items[i]);
    } else {
      front_node *n = map_child(dst, src->keys[i], 1);
      *n = *src->items[i];
      free(src->items[i]);
    }
    free(src->keys[i]);
  }
  free(src->keys), free(src->items);
  src->keys = NULL, src->items = NULL, src->n = 0;
}

/* Reads a layout file and, through `base:`, the layouts it builds on. */
static front_node *read_tree(const char *name, char **path_out, int depth) {
  char *path = find_layout(name);
  if (!path) {
    diag_report(DIAG_LAYOUT_OPEN, NULL, 0, 0, name);
    return NULL;
  }
  front_node *root = front_parse_file(path);
  if (!root) {
    free(path);
    return NULL;
  }
  const char *base = front_str(root, "base");
  if (root->kind == FRONT_MAP && base) {
    if (depth > 8) {
      diag_report(DIAG_LAYOUT_VALUE, path, front_get(root, "base")->line, 0,
                  "base", "layouts build on each other in a loop");
      front_free(root);
      free(path);
      return NULL;
    }
    char *base_path = NULL;
    front_node *b = read_tree(base, &base_path, depth + 1);
    free(base_path);
    if (!b || b->kind != FRONT_MAP) {
      front_free(b);
      front_free(root);
      free(path);
      return NULL;
    }
    merge_into(b, root);
    front_free(root);
    root = b;
  }
  *path_out = path;
  return root;
}

/* The values of languages: for tag: its own, else its primary subtag's
 * ("zh" for "zh-Hans"), else, for a language in Latin script, "en"'s.
 * NULL when the layout has none. */
static front_node *language_values(front_node *root, const char *tag) {
  front_node *langs = map_child(root, "languages", 0);
  if (!langs || langs->kind != FRONT_MAP || !tag)
    return NULL;
  size_t primary = strcspn(tag, "-_");
  int cjk = !strncasecmp(tag, "zh", 2) || !strncasecmp(tag, "ja", 2) ||
            !strncasecmp(tag, "ko", 2);
  for (int pass = 0; pass < (cjk ? 2 : 3); pass++)
    for (size_t i = 0; i < langs->n; i++) {
      const char *k = langs->keys[i];
      int hit = pass == 0   ? !strcasecmp(k, tag)
                : pass == 1 ? strlen(k) == primary &&
                                  !strncasecmp(k, tag, primary)
                            : !strcasecmp(k, "en");
      if (hit && langs->items[i]->kind == FRONT_MAP)
        return langs->items[i];
    }
  return NULL;
}

/* Loads the layout for language lang (NULL: the layout's `language:`). */
static layout *load_for(const char *name, char **sets, size_t n_sets,
                        const char *lang) {
  char *path = NULL;
  front_node *root = read_tree(name, &path, 0);
  if (!root)
    return NULL;
  ctx c = {.file = path};
  if (root->kind != FRONT_MAP) {
    bad(&c, root, "layout", "expected a mapping of keys");
    front_free(root);
    free(path);
    return NULL;
  }
  for (size_t i = 0; i < n_sets; i++)
    if (apply_set(root, sets[i]) != 0)
      c.errors++;
  char *tag = xstrdup(lang ? lang : front_str(root, "language"));
  if (!tag)
    tag = xstrdup("zh-Hans");
  check_languages(&c, root);
  front_node *values = c.errors ? NULL : language_values(root, tag);
  if (values) {
    /* the values go over the rest (moved out of languages:); --set
     * still wins */
    merge_into(root, values);
    for (size_t i = 0; i < n_sets; i++)
      apply_set(root, sets[i]);
  }
  layout *l = xcalloc(1, sizeof *l);
  l->path = path;
  const char *slash = strrchr(path, '/');
  l->dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
  if (!c.errors)
    load_tree(&c, l, root);
  free(l->lang);
  l->lang = tag;
  l->source = xstrdup(name);
  l->sets = xcalloc(n_sets ? n_sets : 1, sizeof *l->sets);
  for (size_t i = 0; i < n_sets; i++)
    l->sets[l->n_sets++] = xstrdup(sets[i]);
  front_free(root);
  if (c.errors) {
    layout_free(l);
    return NULL;
  }
  return l;
}

layout *layout_load(const char *name, char **sets, size_t n_sets) {
  layout *l = load_for(name, sets, n_sets, NULL);
  if (!l)
    return NULL;
  /* check the values of every other language now, not when a page in
   * that language comes */
  char *path = NULL;
  front_node *root = read_tree(name, &path, 0);
  const front_node *langs = front_get(root, "languages");
  int ok = 1;
  for (size_t i = 0; ok && langs && langs->kind == FRONT_MAP && i < langs->n;
       i++) {
    size_t k = strlen(langs->keys[i]);
    if (!strncasecmp(langs->keys[i], l->lang, k) &&
        (l->lang[k] == 0 || l->lang[k] == '-'))
      continue; /* the one just loaded ("zh" for "zh-Hans") */
    layout *other = load_for(name, sets, n_sets, langs->keys[i]);
    ok = other != NULL;
    layout_free(other);
  }
  front_free(root);
  free(path);
  if (!ok) {
    layout_free(l);
    return NULL;
  }
  return l;
}

layout *layout_localize(const layout *l, const char *lang) {
  /* --set language=X sets every page in X */
  for (size_t i = 0; i < l->n_sets; i++)
    if (!strncmp(l->sets[i], "language=", 9) && l->sets[i][9])
      lang = l->sets[i] + 9;
  return load_for(l->source, l->sets, l->n_sets, lang);
}

const char *layout_label(const layout *l, const char *key) {
  for (size_t i = 0; i < l->n_labels; i++)
    if (!strcmp(l->labels[i].key, key))
      return l->labels[i].text;
  for (size_t k = 0; layout_label_keys[k]; k++)
    if (!strcmp(layout_label_keys[k], key) && l->label_warned &&
        !l->label_warned[k]) {
      l->label_warned[k] = 1;
      diag_report(DIAG_LAYOUT_LABEL, l->path, 0, 0, key, l->lang);
    }
  return "";
}

char *layout_label_n(const layout *l, const char *key, long n) {
  const char *t = layout_label(l, key);
  const char *at = strstr(t, "{n}");
  if (!at)
    return xstrdup(t);
  return xasprintf("%.*s%ld%s", (int)(at - t), t, n, at + 3);
}

void layout_free(layout *l) {
  if (!l)
    return;
  free(l->name), free(l->path), free(l->dir), free(l->lang);
  free(l->source);
  for (size_t i = 0; i < l->n_sets; i++)
    free(l->sets[i]);
  free(l->sets);
  for (size_t i = 0; i < l->n_labels; i++)
    free(l->labels[i].key), free(l->labels[i].text);
  free(l->labels);
  free(l->label_warned);
  free(l->emph_family), free(l->code_family);
  free(l->header), free(l->footer);
  for (size_t i = 0; i < l->n_styles; i++)
    free(l->styles[i].name), free(l->styles[i].family);
  free(l->styles);
  for (size_t i = 0; i < l->n_sections; i++)
    free(l->sections[i]);
  free(l->sections);
  for (size_t i = 0; i < l->n_section_opts; i++)
    free(l->section_opts[i].name);
  free(l->section_opts);
  free(l);
}

const layout_style *layout_style_get(const layout *l, const char *name) {
  for (size_t i = 0; i < l->n_styles; i++)
    if (!strcmp(l->styles[i].name, name))
      return &l->styles[i];
  /* h5 falls back to h4 ..., anything else to body */
  if (name[0] == 'h' && name[1] >= '2' && name[1] <= '6' && !name[2]) {
    char up[3] = {'h', (char)(name[1] - 1), 0};
    return layout_style_get(l, up);
  }
  return &l->styles[0];
}

char *layout_dump(const layout *l) {
  strbuf b = {0};
  sb_addf(&b, "layout %s\npage %.2f x %.2f pt\n", l->name, l->page_w,
          l->page_h);
  sb_addf(&b, "margins top %.2f bottom %.2f inner %.2f outer %.2f\n",
          l->margin_top, l->margin_bottom, l->margin_inner, l->margin_outer);
  sb_addf(&b, "bleed %.2f pad_to %d baseline_grid %d lang %s "
          "cjk_latin_space %.3f em\n",
          l->bleed, l->pad_to, l->baseline_grid, l->lang, l->cjk_latin_space);
  sb_addf(&b, "sponsors columns %d logo_height %.2f\n", l->sponsor_columns,
          l->sponsor_logo_h);
  sb_addf(&b, "hyphenate %d word_space_max %.2f em indent_all %d\n",
          l->hyphenate, l->word_space_max, l->indent_all);
  for (size_t i = 0; i < l->n_labels; i++)
    sb_addf(&b, "label %s '%s'\n", l->labels[i].key, l->labels[i].text);
  sb_add(&b, "sections");
  for (size_t i = 0; i < l->n_sections; i++)
    sb_addf(&b, " %s", l->sections[i]);
  sb_addc(&b, '\n');
  for (size_t i = 0; i < l->n_section_opts; i++)
    sb_addf(&b, "section %s page_break %d\n", l->section_opts[i].name,
            (int)l->section_opts[i].brk);
  sb_addf(&b, "speakers columns %d agenda tracks %d fill %d\n",
          l->speaker_columns, (int)l->tracks, l->fill);
  for (size_t i = 0; i < l->n_styles; i++) {
    const layout_style *s = &l->styles[i];
    sb_addf(&b,
            "style %s: family '%s' size %.2f weight %d italic %d lh %.2f "
            "before %.2f after %.2f indent %.2f align %d color #%06x keep %d "
            "balance %d\n",
            s->name, s->family, s->size, s->weight, s->italic, s->line_height,
            s->space_before, s->space_after, s->indent, (int)s->align,
            (unsigned)s->color, s->keep_with_next, s->balance);
  }
  return sb_take(&b);
}
