/* imgpath.c — the image step between document and flow (see imgpath.h):
 * find the roots an input's images may come from, resolve each image's
 * path inside one of them with realpath (so neither `..` nor a symlink
 * leads out), fetch the remote ones in one parallel batch (fetch.c), and
 * check that every file is an image (image.c), probing each file once.
 * What the probe found (format, size in pixels upright) stays on the
 * block for flow, which opens no image file.  Each image that cannot be
 * printed is reported here, once, with the file:line of the block that
 * names it and the path as the page wrote it; its src becomes NULL and
 * flow prints a placeholder.  Decoding and drawing are render's. */
#include "imgpath.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fetch.h"
#include "image.h"
#include "util.h"

/* Files that mark a Hugo or Jekyll site's root folder. */
static const char *const site_markers[] = {
    "hugo.toml",   "hugo.yaml",   "hugo.yml",   "hugo.json",  "config.toml",
    "config.yaml", "config.yml",  "config.json", "_config.yml", "_config.yaml",
    "_config.toml", NULL};

/* Folders looked at above the input, at most. */
#define MAX_WALK 12
/* Folders a local image path is looked for in before the site root, at
 * most (the input's, --static, static/ folders above the input). */
#define MAX_BASES 6

/* Where an input's images may come from: absolute, symlink-free paths. */
typedef struct roots {
  char *input;        /* the input file's folder */
  char *site;         /* site root above it, or NULL */
  char *given;        /* --static DIR, or NULL */
  char **statics;     /* static/ folders above the input, nearest first */
  size_t n_statics;   /* count */
  size_t cap_statics; /* allocated */
} roots;

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_reg(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Parent of an absolute path, in place; 0 at "/". */
static int go_up(char *p) {
  char *s = strrchr(p, '/');
  if (!s || (s == p && !p[1]))
    return 0;
  if (s == p)
    p[1] = 0;
  else
    *s = 0;
  return 1;
}

static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir);
  return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

char *imgpath_site_root(const char *dir) {
  char *d = realpath(dir ? dir : ".", NULL);
  if (!d)
    return NULL;
  for (int k = 0; k < MAX_WALK; k++) {
    for (int i = 0; site_markers[i]; i++) {
      char *m = join(d, site_markers[i]);
      int found = is_reg(m);
      free(m);
      if (found)
        return d;
    }
    if (!go_up(d))
      break;
  }
  free(d);
  return NULL;
}

static void roots_find(roots *r, const document *d, const imgpath_options *o) {
  memset(r, 0, sizeof *r);
  r->input = realpath(d->base_dir && *d->base_dir ? d->base_dir : ".", NULL);
  if (o && o->static_dir)
    r->given = realpath(o->static_dir, NULL);
  if (!r->input)
    return;
  r->site = imgpath_site_root(r->input);
  char *dir = xstrdup(r->input);
  for (int k = 0; k < MAX_WALK; k++) {
    char *st = join(dir, "static");
    char *real = is_dir(st) ? realpath(st, NULL) : NULL;
    free(st);
    if (real)
      VEC_PUSH(r->statics, r->n_statics, r->cap_statics, real);
    if ((r->site && !strcmp(dir, r->site)) || !go_up(dir))
      break;
  }
  free(dir);
}

static void roots_free(roots *r) {
  free(r->input), free(r->site), free(r->given);
  for (size_t i = 0; i < r->n_statics; i++)
    free(r->statics[i]);
  free(r->statics);
}

/* 1 when the absolute path lies inside root (or is it). */
static int inside(const char *path, const char *root) {
  size_t n = strlen(root);
  if (n == 1 && root[0] == '/')
    return 1;
  return !strncmp(path, root, n) && (path[n] == '/' || path[n] == 0);
}

static int hexval(int c) {
  return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* rel with %XX escapes decoded, or NULL when it has none. */
static char *percent_decoded(const char *rel) {
  if (!strchr(rel, '%'))
    return NULL;
  strbuf b = {0};
  for (const char *s = rel; *s; s++) {
    int hi, lo;
    if (*s == '%' && (hi = hexval((unsigned char)s[1])) >= 0 &&
        (lo = hexval((unsigned char)s[2])) >= 0 && (hi || lo)) {
      sb_addc(&b, (char)(hi << 4 | lo));
      s += 2;
    } else {
      sb_addc(&b, *s);
    }
  }
  return sb_take(&b);
}

/* Where looking for a path under a root led. */
typedef enum lookup {
  R_MISSING, /* no such file there */
  R_FOUND,   /* found inside the root */
  R_ESCAPED  /* found, but outside the root */
} lookup;

/* Looks for rel under base; the file found must lie inside root.  On
 * R_FOUND *out is the real path; on R_ESCAPED it is where the path led. */
static lookup try_under(const char *base, const char *root, const char *rel,
                        char **out) {
  char *variants[3] = {xstrdup(rel), percent_decoded(rel), NULL};
  /* a query or fragment that a web server would ignore */
  size_t cut = strcspn(rel, "?#");
  if (rel[cut])
    variants[2] = xstrndup(rel, cut);
  lookup res = R_MISSING;
  for (int i = 0; i < 3 && res == R_MISSING; i++) {
    if (!variants[i] || !*variants[i])
      continue;
    char *p = join(base, variants[i]);
    char *real = realpath(p, NULL);
    free(p);
    if (!real)
      continue;
    res = inside(real, root) ? R_FOUND : R_ESCAPED;
    *out = real;
  }
  for (int i = 0; i < 3; i++)
    free(variants[i]);
  return res;
}

/* 1 when src starts with a URL scheme ("data:", "file:", "ftp:" ...). */
static int has_scheme(const char *s) {
  if (!isalpha((unsigned char)s[0]))
    return 0;
  size_t i = 1;
  while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' ||
         s[i] == '.')
    i++;
  return s[i] == ':' && i >= 2; /* "C:" is a drive, not a scheme */
}

/* The path as the page wrote it: document joins relative paths with the
 * input's folder; this undoes that (a pointer into src). */
static const char *as_written(const char *src, const char *base_dir) {
  size_t bn = base_dir ? strlen(base_dir) : 0;
  if (bn && !strncmp(src, base_dir, bn) && src[bn] == '/')
    return src + bn + 1;
  return src;
}

/* Resolves a local path, shown as the page wrote it (site-root when it
 * starts with '/'); reports and returns NULL when it cannot. */
static char *resolve_local(const roots *r, const char *file, int line,
                           const char *shown) {
  int site_rooted = shown[0] == '/';
  const char *rel = shown;
  while (*rel == '/')
    rel++;
  if (!*rel) {
    diag_report(DIAG_IMG_MISSING, file, line, 0, "(empty path)");
    return NULL;
  }
  /* candidate (base, root) pairs in order: the input's folder, --static,
   * static/ folders (up to MAX_BASES pairs so far), the site */
  const char *bases[MAX_BASES + 1], *rts[MAX_BASES + 1];
  int n = 0;
  if (!site_rooted && r->input) {
    /* ../ may climb inside the site, or inside a --static folder that
     * holds the input, but not out of it */
    bases[n] = r->input;
    rts[n++] = r->site                                   ? r->site
               : r->given && inside(r->input, r->given) ? r->given
                                                        : r->input;
  }
  if (r->given)
    bases[n] = r->given, rts[n++] = r->given;
  for (size_t i = 0; i < r->n_statics && n < MAX_BASES; i++)
    bases[n] = r->statics[i], rts[n++] = r->statics[i];
  if (r->site)
    bases[n] = r->site, rts[n++] = r->site; /* Jekyll serves its root */
  char *escaped = NULL;
  for (int i = 0; i < n; i++) {
    char *out = NULL;
    lookup res = try_under(bases[i], rts[i], rel, &out);
    if (res == R_FOUND) {
      free(escaped);
      return out;
    }
    if (res == R_ESCAPED && !escaped) {
      escaped = xasprintf("%s (leads to %s, outside %s)", shown, out, rts[i]);
    }
    free(out);
  }
  if (escaped) {
    diag_report(DIAG_IMG_ESCAPE, file, line, 0, escaped);
    free(escaped);
    return NULL;
  }
  if (site_rooted && !r->given && !r->n_statics && !r->site) {
    char *msg = xasprintf("%s (a site-root path: give the site's static "
                          "folder with --static DIR)",
                          shown);
    diag_report(DIAG_IMG_MISSING, file, line, 0, msg);
    free(msg);
  } else {
    diag_report(DIAG_IMG_MISSING, file, line, 0, shown);
  }
  return NULL;
}

static void collect(doc_block *b, doc_block ***refs, size_t *n,
                    size_t *cap) {
  /* not DOC_QR: its src is a link to print as a code, not an image */
  if ((b->kind == DOC_IMAGE || b->kind == DOC_CARD || b->kind == DOC_BAND) &&
      b->src)
    VEC_PUSH(*refs, *n, *cap, b);
  for (size_t i = 0; i < b->n_children; i++)
    collect(b->children[i], refs, n, cap);
}

/* Replaces b->src by path (owned), or NULL after a report. */
static void set_src(doc_block *b, char *path) {
  free(b->src);
  b->src = path;
  if (!path)
    b->image = (image_info){0};
}

/* What probing one local file found. */
typedef struct probe {
  char *path;      /* the file */
  int ok;          /* 1: an image that can be printed */
  image_info info; /* its facts, when ok */
  const char *why; /* else why not (static) */
} probe;

/* The files probed so far in this document: each once. */
typedef struct probes {
  probe *p;   /* in order */
  size_t n;   /* count */
  size_t cap; /* allocated */
} probes;

static const probe *probe_once(probes *ps, const char *path) {
  for (size_t i = 0; i < ps->n; i++)
    if (!strcmp(ps->p[i].path, path))
      return &ps->p[i];
  probe pr = {.path = xstrdup(path)};
  pr.ok = image_probe_info(path, &pr.info, &pr.why);
  VEC_PUSH(ps->p, ps->n, ps->cap, pr);
  return &ps->p[ps->n - 1];
}

static void probes_free(probes *ps) {
  for (size_t i = 0; i < ps->n; i++)
    free(ps->p[i].path);
  free(ps->p);
}

/* Checks the local file is an image and leaves its facts on b; reports
 * and frees it if not. */
static char *checked(probes *ps, doc_block *b, char *path, const char *file,
                     const char *shown) {
  if (!path)
    return NULL;
  const probe *pr = probe_once(ps, path);
  if (!pr->ok) {
    diag_report(DIAG_IMG_BAD, file, b->line, 0, shown,
                pr->why ? pr->why : "unreadable");
    free(path);
    return NULL;
  }
  b->image = pr->info;
  image_set_name(path, shown);
  return path;
}

void imgpath_prepare(document *d, const imgpath_options *o) {
  doc_block **refs = NULL;
  size_t n = 0, cap = 0;
  for (size_t s = 0; s < d->n_sections; s++)
    for (size_t i = 0; i < d->sections[s].n_blocks; i++)
      collect(d->sections[s].blocks[i], &refs, &n, &cap);
  if (!n)
    return;
  const char *file = d->source_path;
  roots r;
  roots_find(&r, d, o);
  probes ps = {0};
  fetch_item *items = xcalloc(n, sizeof *items);
  size_t *item_ref = xcalloc(n, sizeof *item_ref);
  size_t ni = 0;
  for (size_t i = 0; i < n; i++) {
    doc_block *b = refs[i];
    const char *src = b->src;
    if (image_is_remote(src)) {
      item_ref[ni] = i;
      items[ni++].url = src;
      continue;
    }
    const char *shown = as_written(src, d->base_dir);
    if (has_scheme(shown)) {
      diag_report(DIAG_IMG_BAD, file, b->line, 0, shown,
                  "only http and https URLs are fetched");
      set_src(b, NULL);
      continue;
    }
    char *path = resolve_local(&r, file, b->line, shown);
    set_src(b, checked(&ps, b, path, file, shown));
  }
  if (ni) {
    fetch_options fo = {.offline = o && o->offline,
                        .allow_private = o && o->allow_private,
                        .cache_dir = o ? o->cache_dir : NULL};
    fetch_all(items, ni, &fo);
    for (size_t k = 0; k < ni; k++) {
      doc_block *b = refs[item_ref[k]];
      char *url = b->src;
      b->src = NULL;
      if (items[k].path) {
        b->src = checked(&ps, b, items[k].path, file, url);
      } else if (o && o->offline) {
        char *msg = xasprintf("%s (--offline)", url);
        diag_report(DIAG_IMG_REMOTE, file, b->line, 0, msg);
        free(msg);
      } else {
        diag_report(DIAG_IMG_BAD, file, b->line, 0, url, items[k].error);
      }
      free(items[k].error);
      free(url);
    }
  }
  free(items);
  free(item_ref);
  free(refs);
  probes_free(&ps);
  roots_free(&r);
}
