/* imgpath.h — the image step between document and flow: every image the
 * document names (Markdown images, the cover, speaker photos) is turned
 * into a local file that exists, lies inside its root and is an image, or
 * is reported once and left for flow to print as a placeholder.
 *
 *   relative paths     against the input file's folder (then, as Hugo
 *                      themes mean them, the site's static folder)
 *   /site/root/paths   against --static DIR, else a static/ folder or a
 *                      site root (config.toml, hugo.toml, _config.yml ...)
 *                      found by walking up from the input
 *   http(s) URLs       fetched in parallel into the cache (fetch.h),
 *                      unless offline
 *
 * A path never leaves its root (`..` and symlinks are resolved first):
 * a relative path may climb inside the site (or the --static folder) that
 * holds the input, else not out of the input's folder; a site-root path
 * stays inside the folder it is found in.  Refused paths are reported as
 * escapes and printed as placeholders. */
#ifndef BOOKLET_IMGPATH_H
#define BOOKLET_IMGPATH_H

#include "document.h"

typedef struct imgpath_options {
  const char *static_dir; /* --static DIR, or NULL */
  int offline;            /* --offline: never touch the network */
  int allow_private;      /* --allow-private-hosts: fetch from loopback
                             and private addresses too */
  const char *cache_dir;  /* NULL: fetch.h's default (XDG cache) */
} imgpath_options;

/* Resolve the src of every DOC_IMAGE, DOC_CARD and DOC_BAND block of d
 * in place: afterwards src is an absolute path to a readable image and
 * the block's image field holds its facts (format, size in pixels
 * upright; each file probed once), or src is NULL when the image cannot
 * be printed (a warning with file:line has then been reported; alt still
 * names it).  o may be NULL. */
void imgpath_prepare(document *d, const imgpath_options *o);

/* The site root above folder dir (absolute): the nearest folder holding
 * config.toml, config.yaml, hugo.toml, _config.yml ...; NULL if none.
 * Caller frees. */
char *imgpath_site_root(const char *dir);

#endif
