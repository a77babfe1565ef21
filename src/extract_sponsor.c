/* extract_sponsor.c — the sponsors of the event model: from the front
 * matter (`sponsor:`, `sponsors:`, `partners:` as a name, a list of names
 * or of maps with name/logo/url/tier, or a map of tier → list) and from
 * the blocks of the body's sponsors section that extract.c hands over:
 * list items ("甲社区", "[Acme](url)", "![Acme](logo.png)",
 * "[![Acme](logo.png)](url)", an item with a nested list as a tier),
 * paragraphs that are only a row of (linked) images, and sub-headings as
 * tiers.  What does not read as sponsors stays prose (extract.c keeps it).
 * A sponsor named twice (the front matter and the body) is one sponsor
 * with the fields of both.  No layout here. */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"

/* ---- adding -------------------------------------------------------------- */

/* A sponsor merges only into one of the first MERGE_SCAN (a page names a
 * few dozen; a pathological one must not cost n² comparisons). */
#define MERGE_SCAN 512

/* Add a sponsor (the strings are taken) named by block (or NULL), or
 * merge it into an earlier one of the same name and tier (filling the
 * logo and url it lacks).  x->spon_keys keeps the folded names. */
static void sponsor_add(ex_ctx *x, char *name, char *logo, char *url,
                        const char *tier, int line, const md_node *block) {
  model *m = x->m;
  char *key = ex_fold(name);
  for (size_t i = 0; *key && i < m->n_sponsors && i < MERGE_SCAN; i++) {
    model_sponsor *s = &m->sponsors[i];
    if (strcmp(x->spon_keys[i], key) ||
        !((!s->tier && !tier) || (s->tier && tier && !strcmp(s->tier, tier))))
      continue;
    if (!s->logo)
      s->logo = logo, logo = NULL;
    if (!s->url)
      s->url = url, url = NULL;
    free(key), free(name), free(logo), free(url);
    return;
  }
  if (m->n_sponsors < MERGE_SCAN) {
    util_grow((void **)&x->spon_keys, &x->key_cap, m->n_sponsors + 1,
              sizeof *x->spon_keys);
    x->spon_keys[m->n_sponsors] = key;
  } else {
    free(key);
  }
  model_sponsor s = {.name = name,
                     .logo = logo,
                     .url = url,
                     .tier = tier && *tier ? xstrdup(tier) : NULL,
                     .line = line,
                     .block = block};
  VEC_PUSH(m->sponsors, m->n_sponsors, x->spon_cap, s);
}

/* ---- inline Markdown ----------------------------------------------------- */

/* The image of an inline node: an image, or a link around one image
 * (*link gets the link's address).  NULL for anything else. */
static const md_node *as_image(const md_node *c, const char **link) {
  *link = NULL;
  if (c->type == MD_IMAGE)
    return c;
  if (c->type == MD_LINK && c->first && c->first == c->last &&
      c->first->type == MD_IMAGE) {
    *link = c->url && *c->url ? c->url : NULL;
    return c->first;
  }
  return NULL;
}

/* Address of the first link under n that is not around an image, or
 * NULL. */
static const char *first_link(const md_node *n) {
  for (const md_node *c = n->first; c; c = c->next) {
    const char *l;
    if (as_image(c, &l))
      continue;
    if (c->type == MD_LINK && c->url && *c->url)
      return c->url;
    const char *u = first_link(c);
    if (u)
      return u;
  }
  return NULL;
}

/* The images of a paragraph (top-level inlines), counted. */
static size_t count_images(const md_node *p) {
  size_t n = 0;
  const char *l;
  for (const md_node *c = p->first; c; c = c->next)
    n += as_image(c, &l) != NULL;
  return n;
}

static char *dup_or_null(const char *s) {
  return s && *s ? xstrdup(s) : NULL;
}

/* A sponsor from one image: its alt text names it. */
static void image_sponsor(ex_ctx *x, const md_node *img, const char *link,
                          const char *tier) {
  char *alt = md_plain_text(img);
  char *name = util_trim(alt);
  free(alt);
  sponsor_add(x, name, dup_or_null(img->url), dup_or_null(link), tier,
              img->line, NULL);
}

/* Read a paragraph as sponsors: a row of (linked) images is one sponsor
 * per image; otherwise the paragraph's text names one sponsor, with its
 * image (if it has one) as the logo and the image's or the text's link
 * as its url.  in_body: p stays in the body tree (the sponsor keeps it).
 * Returns the number of sponsors read. */
static size_t para_sponsors(ex_ctx *x, const md_node *p, const char *tier,
                            int in_body) {
  const char *link;
  if (ex_only_images(p)) {
    size_t n = 0;
    for (const md_node *c = p->first; c; c = c->next) {
      const md_node *img = as_image(c, &link);
      if (img)
        image_sponsor(x, img, link, tier), n++;
    }
    return n;
  }
  char *text = ex_text(p);
  if (!*text) {
    free(text);
    return 0;
  }
  const md_node *img = NULL;
  const char *img_link = NULL;
  for (const md_node *c = p->first; c && !img; c = c->next)
    img = as_image(c, &img_link);
  const char *url = img_link ? img_link : first_link(p);
  sponsor_add(x, text, img ? dup_or_null(img->url) : NULL, dup_or_null(url),
              tier, p->line, in_body ? p : NULL);
  return 1;
}

/* ---- lists --------------------------------------------------------------- */

static size_t list_sponsors(ex_ctx *x, const md_node *list, const char *tier);

/* A list item as sponsors: its one paragraph; a plain line over a nested
 * list as the tier of that list's items; anything else as one sponsor
 * named by the item's whole text. */
static size_t item_sponsors(ex_ctx *x, const md_node *it, const char *tier) {
  const md_node *p = it->first;
  if (!p)
    return 0;
  if (p->type == MD_PARAGRAPH && !p->next)
    return para_sponsors(x, p, tier, 1);
  if (p->type == MD_PARAGRAPH && p->next && !p->next->next &&
      p->next->type == MD_LIST && !count_images(p) && !first_link(p)) {
    char *t = ex_text(p);
    char *sub = ex_trim_seps(t);
    size_t n = *sub && !strchr(sub, '\n') ? list_sponsors(x, p->next, sub) : 0;
    free(t), free(sub);
    if (n)
      return n;
  }
  char *text = ex_text(it);
  if (!*text) {
    free(text);
    return 0;
  }
  sponsor_add(x, text, NULL, dup_or_null(first_link(it)), tier, it->line, it);
  return 1;
}

static size_t list_sponsors(ex_ctx *x, const md_node *list, const char *tier) {
  size_t n = 0;
  for (const md_node *it = list->first; it; it = it->next)
    n += item_sponsors(x, it, tier);
  return n;
}

/* ---- body blocks --------------------------------------------------------- */

/* 1 when a list item holds any text or image. */
static int item_has_content(const md_node *it) {
  char *t = ex_text(it);
  int yes = *t != 0;
  free(t);
  for (const md_node *c = it->first; c && !yes; c = c->next)
    yes = c->type == MD_PARAGRAPH && count_images(c) > 0;
  return yes;
}

int ex_sponsor_is_block(const md_node *b) {
  if (b->type == MD_PARAGRAPH)
    return ex_only_images(b);
  if (b->type != MD_LIST)
    return 0;
  for (const md_node *it = b->first; it; it = it->next)
    if (item_has_content(it))
      return 1;
  return 0;
}

int ex_sponsor_block(ex_ctx *x, const md_node *b, const char *tier) {
  if (!ex_sponsor_is_block(b))
    return 0;
  if (b->type == MD_PARAGRAPH)
    para_sponsors(x, b, tier, 1);
  else
    list_sponsors(x, b, tier);
  return 1;
}

/* ---- front matter -------------------------------------------------------- */

/* Scalar of the first of keys in map (any case), or NULL. */
static const char *fm_str(const front_node *map, const char *const *keys) {
  for (size_t i = 0; keys[i]; i++)
    for (size_t k = 0; k < map->n; k++)
      if (!strcasecmp(map->keys[k], keys[i]) && front_scalar(map->items[k]) &&
          *map->items[k]->scalar)
        return map->items[k]->scalar;
  return NULL;
}

static const char *const k_name[] = {"name", "title", NULL};
static const char *const k_logo[] = {"logo", "image", "img", "icon", NULL};
static const char *const k_url[] = {"url", "link", "website", NULL};
static const char *const k_tier[] = {"tier", "level", "type", NULL};

/* 1 when a map has a key of one sponsor's fields. */
static int is_sponsor_map(const front_node *map) {
  const char *const *sets[] = {k_name, k_logo, k_url, k_tier};
  for (size_t s = 0; s < 4; s++)
    for (size_t i = 0; sets[s][i]; i++)
      for (size_t k = 0; k < map->n; k++)
        if (!strcasecmp(map->keys[k], sets[s][i]))
          return 1;
  return 0;
}

/* A name written as Markdown ("[Acme](url)", "![Acme](logo.png)",
 * "[![Acme](logo.png)](url)"): read like a paragraph of the body.
 * Returns the number of sponsors read (0: not Markdown). */
static size_t md_scalar(ex_ctx *x, const char *s, int line, const char *tier) {
  if (!strstr(s, "]("))
    return 0;
  md_node *doc = body_parse_text(x->path, s, strlen(s), line);
  size_t n = 0;
  if (doc->first && doc->first == doc->last && doc->first->type == MD_PARAGRAPH)
    n = para_sponsors(x, doc->first, tier, 0);
  body_free(doc);
  return n;
}

/* One sponsor of a map: name (or title), logo, url, tier.  A name
 * written as a Markdown link ("[Acme](url)") gives the url too. */
static void map_sponsor(ex_ctx *x, const front_node *map, const char *tier,
                        const char *list, size_t pos) {
  const char *name = fm_str(map, k_name), *logo = fm_str(map, k_logo);
  const char *url = fm_str(map, k_url), *t = fm_str(map, k_tier);
  if (!name && !logo) {
    diag_report(DIAG_EX_FM_ENTRY, x->path, map->line, 0, list, pos + 1, "name");
    return;
  }
  char *nm = name ? util_trim(name) : xstrdup("");
  char *u = dup_or_null(url);
  if (strstr(nm, "](")) {
    md_node *doc = body_parse_text(x->path, nm, strlen(nm), map->line);
    const md_node *p = doc->first;
    if (p && p == doc->last && p->type == MD_PARAGRAPH) {
      char *text = ex_text(p);
      if (!u)
        u = dup_or_null(first_link(p));
      if (*text)
        free(nm), nm = text;
      else
        free(text);
    }
    body_free(doc);
  }
  sponsor_add(x, nm, dup_or_null(logo), u, t ? t : tier, map->line, NULL);
}

/* A front-matter sponsor value: a name, a map of one sponsor, a list of
 * either, or a map of tier → list. */
static void fm_value(ex_ctx *x, const front_node *n, const char *tier,
                     const char *list, size_t pos, int depth) {
  if (!n || depth > 4)
    return;
  switch (n->kind) {
  case FRONT_SCALAR: {
    char *s = util_trim(n->scalar);
    if (*s && !md_scalar(x, s, n->line, tier)) {
      int bare_url = !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8);
      sponsor_add(x, xstrdup(s), NULL, bare_url ? xstrdup(s) : NULL, tier,
                  n->line, NULL);
    }
    free(s);
    break;
  }
  case FRONT_SEQ:
    for (size_t i = 0; i < n->n; i++)
      fm_value(x, n->items[i], tier, list, i, depth + 1);
    break;
  case FRONT_MAP:
    if (is_sponsor_map(n)) {
      map_sponsor(x, n, tier, list, pos);
      break;
    }
    /* tier → sponsors */
    for (size_t i = 0; i < n->n; i++)
      fm_value(x, n->items[i], n->keys[i], list, i, depth + 1);
    break;
  default:
    break;
  }
}

void ex_sponsors_front(ex_ctx *x) {
  static const char *const keys[] = {"sponsor", "sponsors", "partners", NULL};
  for (size_t k = 0; keys[k]; k++)
    fm_value(x, front_get(x->m->front, keys[k]), NULL, keys[k], 0, 0);
}

int ex_sponsor_part(ex_ctx *x, const ex_blocks *bl, size_t i, char **tier) {
  const md_node *node = bl->b[i].n;
  if (node->type == MD_HEADING) {
    free(*tier);
    *tier = NULL;
    if (node == x->m->sponsors_heading || i + 1 >= bl->n ||
        bl->b[i + 1].sponsor != EX_SPONSORS_BODY || bl->b[i + 1].owner != EX_FREE ||
        !ex_sponsor_is_block(bl->b[i + 1].n))
      return 0;
    char *t = ex_text(node);
    if (!*t || strchr(t, '\n')) {
      free(t);
      return 0;
    }
    *tier = t;
    return 1;
  }
  return bl->b[i].sponsor == EX_SPONSORS_BODY && ex_sponsor_block(x, node, *tier);
}
