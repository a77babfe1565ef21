/* render.c — stage 6: draws a flow result with Cairo.  One drawing path
 * for PDF (one file), PNG and SVG (one file per page, FILE-N.png /
 * FILE-N.svg).  Holds:
 *   - font subsetting (issue 9): the glyphs every page uses are collected
 *     per font, HarfBuzz's subsetter cuts each face down to them (glyphs
 *     renumbered densely, CFF subroutines flattened, layout tables
 *     dropped), and the subset is loaded with FreeType into one Cairo
 *     font face per font, shared by all pages; draw_text maps Pango's
 *     glyph ids to the subset's;
 *   - glyph runs drawn at the positions text.c computed, with
 *     cairo_show_text_glyphs and the run's cluster map, so that copying
 *     from the PDF gives back the source characters;
 *   - images (PNG by Cairo, the rest by gdk-pixbuf; JPEG bytes embedded
 *     as they are), round photos, placeholders for missing images;
 *   - links, named destinations, outline, page labels and metadata with a
 *     pinned creation date (reproducible output);
 *   - QR codes (qr.h) as filled vector squares; backgrounds and images
 *     that touch the trim grown into the bleed;
 *   - sheets (impose.h's plan): pages placed on larger sheets with crop,
 *     fold and registration marks, or imposed two-up / n-up from one
 *     recording surface per page; TrimBox and BleedBox written into
 *     every page object of Cairo's output (libqpdf when that output is
 *     not laid out as expected); the contact sheet;
 *   - safe writing: a temporary file in the target folder, renamed into
 *     place only when everything was written and synced.
 * It does not lay anything out: every position comes from flow and
 * text. */
#include "render.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <hb-subset.h>
#include <hb.h>
#include <qpdf/qpdf-c.h>

#include "cleanup.h"
#include "diag.h"
#include "image.h"
#include "qr.h"
#include "render_int.h"
#include "util.h"

/* ---- output files ---------------------------------------------------- */

render_format render_format_for(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  const char *slash = path ? strrchr(path, '/') : NULL;
  if (!dot || (slash && dot < slash))
    return RENDER_PDF;
  if (!strcasecmp(dot, ".png"))
    return RENDER_PNG;
  if (!strcasecmp(dot, ".svg"))
    return RENDER_SVG;
  return RENDER_PDF;
}

/* FILE.png → FILE-N.png (N from 1).  Caller frees. */
static char *page_path(const char *path, size_t page) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash) || dot == path || dot[-1] == '/')
    return xasprintf("%s-%zu", path, page + 1);
  return xasprintf("%.*s-%zu%s", (int)(dot - path), path, page + 1, dot);
}

/* A file being written: a temporary beside the target. */
typedef struct sink {
  FILE *fp;        /* the temporary (or stdout) */
  char *tmp;       /* its path; NULL for stdout */
  const char *path;/* final path */
  int err;         /* errno of the first write error, 0 none */
} sink;

static mode_t current_umask(void) {
  /* Reading /proc avoids umask()'s set-and-restore race with other
   * threads of a batch. */
  mode_t m = 022;
  FILE *f = fopen("/proc/self/status", "r");
  if (f) {
    char line[128];
    while (fgets(line, sizeof line, f))
      if (!strncmp(line, "Umask:", 6)) {
        m = (mode_t)strtol(line + 6, NULL, 8);
        break;
      }
    fclose(f);
  }
  return m;
}

static int sink_open(sink *s, const char *path) {
  memset(s, 0, sizeof *s);
  s->path = path;
  if (!strcmp(path, "-")) {
    s->fp = stdout;
    return 0;
  }
  /* A device or pipe (/dev/null, /dev/full, a FIFO) is written in place:
   * renaming a temporary over it would replace the device node. */
  struct stat dst;
  if (stat(path, &dst) == 0 && !S_ISREG(dst.st_mode)) {
    s->fp = S_ISDIR(dst.st_mode) ? (errno = EISDIR, NULL) : fopen(path, "wb");
    s->err = s->fp ? 0 : errno;
    return s->fp ? 0 : -1;
  }
  const char *slash = strrchr(path, '/');
  if (slash)
    s->tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
  else
    s->tmp = xasprintf(".%s.XXXXXX", path);
  int fd = mkstemp(s->tmp);
  if (fd < 0) {
    s->err = errno;
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  cleanup_register(s->tmp); /* removed if a signal kills us */
  struct stat st;
  mode_t mode = stat(path, &st) == 0 && S_ISREG(st.st_mode)
                    ? (st.st_mode & 07777)
                    : (0666 & ~current_umask());
  if (fchmod(fd, mode) != 0) {
    /* not fatal: the file is still written, with mkstemp's 0600 */
  }
  s->fp = fdopen(fd, "wb");
  if (!s->fp) {
    s->err = errno;
    close(fd);
    unlink(s->tmp);
    cleanup_unregister(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  return 0;
}

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int length) {
  sink *s = closure;
  if (s->err)
    return CAIRO_STATUS_WRITE_ERROR;
  if (length && fwrite(data, 1, length, s->fp) != length) {
    s->err = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

/* Flush and sync; on success the temporary is ready to be renamed. */
static int sink_close(sink *s) {
  if (!s->fp)
    return -1;
  if (fflush(s->fp) != 0 && !s->err)
    s->err = errno ? errno : EIO;
  if (s->tmp) {
    if (!s->err && fsync(fileno(s->fp)) != 0)
      s->err = errno;
    if (fclose(s->fp) != 0 && !s->err)
      s->err = errno ? errno : EIO;
  } else if (s->fp != stdout) { /* a device written in place */
    if (fclose(s->fp) != 0 && !s->err)
      s->err = errno ? errno : EIO;
  } else if (ferror(s->fp) && !s->err) {
    s->err = EIO;
  }
  s->fp = NULL;
  return s->err ? -1 : 0;
}

static void sink_discard(sink *s) {
  if (s->fp && s->fp != stdout)
    fclose(s->fp);
  s->fp = NULL;
  if (s->tmp) {
    unlink(s->tmp);
    cleanup_unregister(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
  }
}

static int sink_commit(sink *s) {
  if (!s->tmp)
    return 0;
  if (rename(s->tmp, s->path) != 0) {
    s->err = errno;
    return -1;
  }
  cleanup_unregister(s->tmp);
  free(s->tmp);
  s->tmp = NULL;
  return 0;
}

/* ---- fonts ----------------------------------------------------------- */

/* What a Cairo font face built on our own FT_Face keeps alive; freed
 * when Cairo destroys the face (it may outlive this call in Cairo's
 * font caches).  Each face has its own FT_Library, so faces of
 * different threads never share FreeType state. */
typedef struct ft_hold {
  FT_Library lib;   /* owns face */
  FT_Face face;     /* the face Cairo draws with */
  hb_blob_t *blob;  /* the subset font's bytes, or NULL */
} ft_hold;

static const cairo_user_data_key_t hold_key;

static void hold_free(void *p) {
  ft_hold *h = p;
  if (h->face)
    FT_Done_Face(h->face);
  if (h->lib)
    FT_Done_FreeType(h->lib);
  if (h->blob)
    hb_blob_destroy(h->blob);
  free(h);
}

/* Glyphs one font draws.  No characters: the text layer comes from the
 * cluster maps, and Cairo re-subsets the program (without cmap) anyway. */
typedef struct font_use {
  hb_set_t *glyphs;   /* glyph ids */
} font_use;

static const hb_tag_t dropped_tables[] = {
    /* Shaping is done: layout tables only cost bytes (and make the
     * subsetter keep every alternate glyph reachable through them). */
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
    HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
    HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'),
    HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'),
    HB_TAG('v', 'm', 't', 'x'), HB_TAG('m', 'o', 'r', 'x'),
    HB_TAG('k', 'e', 'r', 'x'), HB_TAG('f', 'e', 'a', 't'),
};

/* The font cut down to the glyphs used, renumbered densely (.notdef
 * stays 0); *map gets each used glyph's new id (caller frees its
 * arrays).  NULL, with *map empty, when the subsetter cannot handle the
 * font. */
static hb_blob_t *subset_font(const char *file, int index, const font_use *u,
                              glyph_map *map) {
  memset(map, 0, sizeof *map);
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
  if (!blob)
    return NULL;
  hb_face_t *face = hb_face_create(blob, (unsigned)index);
  hb_blob_destroy(blob);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  hb_blob_t *out = NULL;
  if (in) {
    hb_set_union(hb_subset_input_glyph_set(in), u->glyphs);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped_tables / sizeof *dropped_tables; i++)
      hb_set_add(drop, dropped_tables[i]);
    /* No RETAIN_GIDS: keeping the ids costs time and bytes (empty
     * charstrings up to the highest id); draw_text maps the ids. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE |
                                      HB_SUBSET_FLAGS_NO_HINTING);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    if (sub) {
      out = hb_face_reference_blob(sub);
      hb_face_destroy(sub);
      if (out && hb_blob_get_length(out) == 0) {
        hb_blob_destroy(out);
        out = NULL;
      }
    }
    if (out) {
      /* every glyph asked for must have a new id, else draw the whole
       * font rather than wrong glyphs */
      const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
      size_t n = hb_set_get_population(u->glyphs);
      map->old = xmalloc((n ? n : 1) * sizeof *map->old);
      map->new_id = xmalloc((n ? n : 1) * sizeof *map->new_id);
      hb_codepoint_t g = HB_SET_VALUE_INVALID;
      while (hb_set_next(u->glyphs, &g)) {
        hb_codepoint_t v = hb_map_get(o2n, g);
        if (v == HB_MAP_VALUE_INVALID) {
          hb_blob_destroy(out);
          out = NULL;
          break;
        }
        map->old[map->n] = g;
        map->new_id[map->n++] = v;
      }
      if (!out) {
        free(map->old);
        free(map->new_id);
        memset(map, 0, sizeof *map);
      }
    }
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
  }
  hb_face_destroy(face);
  return out;
}

/* Glyph id in the face being drawn: the subset's id for old, or old
 * itself when the face is the whole font.  A glyph the subset lacks
 * (cannot happen: every drawn glyph was collected) becomes .notdef. */
static uint32_t map_glyph(const glyph_map *m, uint32_t old) {
  if (!m->n)
    return old;
  size_t lo = 0, hi = m->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->old[mid] < old)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < m->n && m->old[lo] == old ? m->new_id[lo] : 0;
}

/* A Cairo face for font f: the subset when blob is given, else the file
 * as it is.  NULL if FreeType cannot load it. */
static cairo_font_face_t *make_face(const text_font *f, hb_blob_t *blob) {
  ft_hold *h = xcalloc(1, sizeof *h);
  h->blob = blob; /* released with h from here on */
  if (FT_Init_FreeType(&h->lib)) {
    h->lib = NULL;
    hold_free(h);
    return NULL;
  }
  FT_Error e;
  if (blob) {
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    e = FT_New_Memory_Face(h->lib, (const FT_Byte *)data, (FT_Long)len, 0,
                           &h->face);
  } else {
    e = FT_New_Face(h->lib, f->file, f->index, &h->face);
  }
  if (e) {
    h->face = NULL;
    hold_free(h);
    return NULL;
  }
  cairo_font_face_t *ff =
      cairo_ft_font_face_create_for_ft_face(h->face, FT_LOAD_NO_HINTING);
  if (cairo_font_face_status(ff)) {
    cairo_font_face_destroy(ff);
    hold_free(h);
    return NULL;
  }
  if (cairo_font_face_set_user_data(ff, &hold_key, h, hold_free)) {
    cairo_font_face_destroy(ff);
    hold_free(h);
    return NULL;
  }
  if (f->embolden)
    cairo_ft_font_face_set_synthesize(ff, CAIRO_FT_SYNTHESIZE_BOLD);
  return ff;
}

/* ---- rendering state -------------------------------------------------- */

/* Adds the glyphs of line ln to use. */
static void use_line(const text_line *ln, size_t n_fonts, font_use *use) {
  for (size_t k = 0; k < ln->n_runs; k++) {
    const text_run *run = &ln->runs[k];
    if (run->font < 0 || (size_t)run->font >= n_fonts)
      continue;
    font_use *u = &use[run->font];
    if (!u->glyphs) {
      u->glyphs = hb_set_create();
      hb_set_add(u->glyphs, 0); /* .notdef, always */
    }
    for (size_t g = 0; g < run->n_glyphs; g++)
      hb_set_add(u->glyphs, run->glyphs[g].id);
  }
}

/* The glyphs of every text frame and of the slug lines, per font. */
static void collect_glyphs(const rstate *s, font_use *use) {
  const flow_result *r = s->r;
  for (size_t p = 0; p < r->n_pages; p++)
    for (size_t i = 0; i < r->pages[p].n_frames; i++) {
      const frame *f = &r->pages[p].frames[i];
      if (f->kind == FRAME_TEXT && f->line)
        use_line(f->line, s->n_fonts, use);
    }
  for (size_t i = 0; i < s->n_slugs; i++)
    if (s->slugs[i] && s->slugs[i]->n_lines)
      use_line(&s->slugs[i]->lines[0], s->n_fonts, use);
}

/* One face to subset, for a thread of subset_all. */
typedef struct subset_job {
  const text_font *font; /* the face */
  const font_use *use;   /* its glyphs */
  glyph_map *map;        /* filled: old -> new glyph ids */
  hb_blob_t *blob;       /* the subset, or NULL */
} subset_job;

static void *subset_thread(void *arg) {
  subset_job *j = arg;
  j->blob = subset_font(j->font->file, j->font->index, j->use, j->map);
  return NULL;
}

/* The faces of one subsetting thread: jobs first, first + step, ... */
typedef struct subset_lane {
  subset_job *jobs;
  size_t n, first, step;
} subset_lane;

static void *subset_lane_run(void *arg) {
  subset_lane *l = arg;
  for (size_t i = l->first; i < l->n; i += l->step)
    subset_thread(&l->jobs[i]);
  return NULL;
}

/* Subset every used face in up to max_threads threads (0: one per face):
 * a CJK face takes ~10 ms, mostly in HarfBuzz's plan, and the faces are
 * independent (the output does not depend on the order).  The caller's
 * thread takes the first lane; a thread that cannot start is run here. */
static void subset_all(subset_job *jobs, size_t n, int max_threads) {
  size_t lanes = max_threads > 0 && (size_t)max_threads < n ? (size_t)max_threads : n;
  if (lanes < 1)
    lanes = 1;
  pthread_t *tid = xcalloc(lanes, sizeof *tid);
  int *started = xcalloc(lanes, sizeof *started);
  subset_lane *lane = xcalloc(lanes, sizeof *lane);
  for (size_t t = 0; t < lanes; t++)
    lane[t] = (subset_lane){jobs, n, t, lanes};
  for (size_t t = 1; t < lanes; t++)
    started[t] = pthread_create(&tid[t], NULL, subset_lane_run, &lane[t]) == 0;
  for (size_t t = 0; t < lanes; t++)
    if (t == 0 || !started[t])
      subset_lane_run(&lane[t]);
  for (size_t t = 1; t < lanes; t++)
    if (started[t])
      pthread_join(tid[t], NULL);
  free(lane);
  free(started);
  free(tid);
}

static int prepare_fonts(rstate *s) {
  s->faces = xcalloc(s->n_fonts ? s->n_fonts : 1, sizeof *s->faces);
  s->gmaps = xcalloc(s->n_fonts ? s->n_fonts : 1, sizeof *s->gmaps);
  font_use *use = xcalloc(s->n_fonts ? s->n_fonts : 1, sizeof *use);
  collect_glyphs(s, use);
  subset_job *jobs = xcalloc(s->n_fonts ? s->n_fonts : 1, sizeof *jobs);
  size_t n_jobs = 0;
  for (size_t i = 0; s->opt->subset && i < s->n_fonts; i++)
    if (use[i].glyphs)
      jobs[n_jobs++] = (subset_job){&s->fonts[i], &use[i], &s->gmaps[i], NULL};
  subset_all(jobs, n_jobs, s->opt->threads);
  int rc = 0;
  for (size_t i = 0, k = 0; i < s->n_fonts; i++) {
    if (!use[i].glyphs)
      continue;
    const text_font *f = &s->fonts[i];
    glyph_map *gm = &s->gmaps[i];
    hb_blob_t *blob = s->opt->subset ? jobs[k++].blob : NULL;
    if (s->opt->subset && !blob)
      diag_report(DIAG_FONT_SUBSET, s->diag_file, 0, 0, f->file);
    s->faces[i] = make_face(f, blob);
    if (!s->faces[i] && blob) {
      /* make_face released the blob; try the file itself, whose glyph
       * ids need no mapping */
      diag_report(DIAG_FONT_SUBSET, s->diag_file, 0, 0, f->file);
      free(gm->old);
      free(gm->new_id);
      memset(gm, 0, sizeof *gm);
      s->faces[i] = make_face(f, NULL);
    }
    if (!s->faces[i]) {
      char *why = xasprintf("cannot load font %s", f->file);
      diag_report(DIAG_RENDER, s->diag_file, 0, 0, why);
      free(why);
      rc = -1;
    }
  }
  for (size_t i = 0; i < s->n_fonts; i++) {
    hb_set_destroy(use[i].glyphs);
  }
  free(use);
  free(jobs);
  return rc;
}

static void release(rstate *s) {
  for (size_t i = 0; i < s->n_fonts; i++)
    if (s->faces && s->faces[i])
      cairo_font_face_destroy(s->faces[i]);
  for (size_t i = 0; s->gmaps && i < s->n_fonts; i++) {
    free(s->gmaps[i].old);
    free(s->gmaps[i].new_id);
  }
  free(s->faces);
  free(s->gmaps);
  for (size_t i = 0; i < s->n_slugs; i++)
    text_para_free(s->slugs[i]);
  free(s->slugs);
  render_images_release(s);
}

/* ---- drawing helpers -------------------------------------------------- */


/* A number for a Cairo attribute string, whatever the locale. */
static void fmt_num(char *buf, size_t n, double v) {
  snprintf(buf, n, "%.3f", v);
  for (char *p = buf; *p; p++)
    if (*p == ',')
      *p = '.';
}

/* Appends s quoted for a Cairo attribute string: 'it\'s'. */
static void add_quoted(strbuf *b, const char *s) {
  sb_addc(b, '\'');
  for (; *s; s++) {
    if (*s == '\'' || *s == '\\')
      sb_addc(b, '\\');
    sb_addc(b, *s);
  }
  sb_addc(b, '\'');
}

/* "uri='…'" or, for "#name", "dest='name'".  Caller frees; NULL when the
 * target is empty. */
static char *link_attrs(const char *url) {
  if (!url || !*url || !strcmp(url, "#"))
    return NULL;
  strbuf b = {0};
  if (url[0] == '#') {
    sb_add(&b, "dest=");
    add_quoted(&b, url + 1);
  } else {
    sb_add(&b, "uri=");
    add_quoted(&b, url);
  }
  return sb_take(&b);
}

static int cjk_start(const char *s, size_t n) {
  size_t len;
  uint32_t c = n ? utf8_decode(s, n, &len) : 0;
  return utf8_is_han(c) || (c >= 0x3000 && c <= 0x30FF) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

static void draw_text(cairo_t *cr, rstate *s, const frame *f) {
  const text_line *ln = f->line;
  if (!ln)
    return;
  for (size_t k = 0; k < ln->n_runs; k++) {
    const text_run *r = &ln->runs[k];
    if (!r->n_glyphs || r->font < 0 || (size_t)r->font >= s->n_fonts ||
        !s->faces[r->font])
      continue;
    cairo_set_font_face(cr, s->faces[r->font]);
    cairo_matrix_t m;
    cairo_matrix_init(&m, r->size, 0, -r->slant * r->size, r->size, 0, 0);
    cairo_set_font_matrix(cr, &m);
    set_color(cr, r->color);
    const glyph_map *gm = &s->gmaps[r->font];
    cairo_glyph_t *gl = xmalloc(r->n_glyphs * sizeof *gl);
    for (size_t g = 0; g < r->n_glyphs; g++) {
      gl[g].index = map_glyph(gm, r->glyphs[g].id);
      gl[g].x = f->x + r->x + r->glyphs[g].x;
      gl[g].y = f->y + r->glyphs[g].y;
    }
    cairo_text_cluster_t *cl =
        xmalloc((r->n_clusters ? r->n_clusters : 1) * sizeof *cl);
    for (size_t c = 0; c < r->n_clusters; c++) {
      cl[c].num_bytes = r->clusters[c].n_bytes;
      cl[c].num_glyphs = r->clusters[c].n_glyphs;
    }
    char *link =
        (r->flags & DOC_LINK) && !s->no_tags ? link_attrs(r->url) : NULL;
    if (link)
      cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
    cairo_show_text_glyphs(cr, r->utf8, (int)r->n_bytes, gl,
                           (int)r->n_glyphs, cl, (int)r->n_clusters, 0);
    if (link) {
      cairo_tag_end(cr, CAIRO_TAG_LINK);
      free(link);
    }
    if (r->flags & DOC_STRIKE) {
      /* Through the middle of the ideographic em box for CJK, a little
       * above the x-height middle for Latin. */
      double y = f->y - r->size * (cjk_start(r->utf8, r->n_bytes) ? 0.38 : 0.28);
      cairo_set_line_width(cr, r->size * 0.06);
      cairo_move_to(cr, f->x + r->x, y);
      cairo_line_to(cr, f->x + r->x + r->width, y);
      cairo_stroke(cr);
    }
    free(gl);
    free(cl);
  }
}

/* ---- images ------------------------------------------------------------ */

/* A PNG in memory, read by Cairo. */
/* ---- QR codes, bleed ---------------------------------------------------- */

/* The outline of the dark modules of q as closed paths in module units
 * (whole numbers), one point per corner: each boundary edge of a dark
 * module runs with the module on its right (clockwise on the page), and
 * the edges are joined into loops, turning right first where two loops
 * touch at a corner.  Holes come out the other way round, so the nonzero
 * rule fills the modules exactly. */
static void qr_outline(cairo_t *cr, const qr_code *q) {
  int n = q->size, v = n + 1;
  enum { R = 1, D = 2, L = 4, U = 8 };
  static const int dx[4] = {1, 0, -1, 0}, dy[4] = {0, 1, 0, -1};
  unsigned char *out = xcalloc((size_t)v * (size_t)v, 1); /* edges leaving a vertex */
#define DARK(x, y) ((x) >= 0 && (y) >= 0 && (x) < n && (y) < n && \
                    q->modules[(size_t)(y) * (size_t)n + (size_t)(x)])
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      if (!DARK(x, y))
        continue;
      if (!DARK(x, y - 1))
        out[y * v + x] |= R; /* top, rightwards */
      if (!DARK(x + 1, y))
        out[y * v + x + 1] |= D; /* right side, downwards */
      if (!DARK(x, y + 1))
        out[(y + 1) * v + x + 1] |= L; /* bottom, leftwards */
      if (!DARK(x - 1, y))
        out[(y + 1) * v + x] |= U; /* left side, upwards */
    }
#undef DARK
  for (int s = 0; s < v * v; s++) {
    while (out[s]) {
      int x = s % v, y = s / v, d = 0;
      while (!(out[s] & (1 << d)))
        d++;
      cairo_move_to(cr, x, y);
      int px = x, py = y;
      for (;;) {
        out[py * v + px] &= (unsigned char)~(1 << d);
        px += dx[d], py += dy[d];
        if (px == x && py == y)
          break;
        int here = out[py * v + px], nd = -1;
        for (int turn = 1; turn >= -1 && nd < 0; turn--) { /* right, on, left */
          int c = (d + turn + 4) % 4;
          if (here & (1 << c))
            nd = c;
        }
        if (nd < 0)
          break; /* cannot happen: every vertex of a loop goes on */
        if (nd != d)
          cairo_line_to(cr, px, py);
        d = nd;
      }
      cairo_close_path(cr);
    }
  }
  free(out);
}

/* A QR code as filled vector shapes: the outline of its dark modules in
 * one path filled once (no hairline seams between modules).  For PDF the
 * path is drawn in module units on a recording surface painted scaled
 * into the frame, so the file holds it as a form of small whole numbers:
 * about half the bytes of the same outline in page coordinates.  SVG gets
 * the outline drawn directly (Cairo 1.16's SVG surface leaks a snapshot
 * of a recording surface used as a source). */
static void draw_qr(cairo_t *cr, const frame *f, int as_form) {
  qr_code *q = qr_encode(f->src);
  if (!q || !(f->w > 0)) {
    qr_free(q);
    return;
  }
  cairo_save(cr);
  cairo_translate(cr, f->x, f->y);
  cairo_scale(cr, f->w / q->size, f->w / q->size);
  if (as_form) {
    cairo_rectangle_t ext = {0, 0, q->size, q->size};
    cairo_surface_t *rec =
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *qc = cairo_create(rec);
    qr_outline(qc, q);
    set_color(qc, f->color);
    cairo_set_fill_rule(qc, CAIRO_FILL_RULE_WINDING);
    cairo_fill(qc);
    cairo_destroy(qc);
    cairo_set_source_surface(cr, rec, 0, 0);
    cairo_rectangle(cr, 0, 0, q->size, q->size);
    cairo_fill(cr);
    cairo_surface_destroy(rec);
  } else {
    cairo_new_path(cr);
    qr_outline(cr, q);
    set_color(cr, f->color);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
  }
  cairo_restore(cr);
  qr_free(q);
}

/* A frame that touches the trim on a side reaches s->bleed past it on
 * that side (backgrounds and full-bleed images).  Returns 1 and sets
 * *out when f touches the trim anywhere. */
static int bleed_frame(const rstate *s, const frame *f, frame *out) {
  const double eps = 0.5, W = s->r->page_w, H = s->r->page_h, b = s->bleed;
  int touched = 0;
  *out = *f;
  if (f->x <= eps)
    out->w += out->x + b, out->x = -b, touched = 1;
  if (f->y <= eps)
    out->h += out->y + b, out->y = -b, touched = 1;
  if (f->x + f->w >= W - eps)
    out->w = W + b - out->x, touched = 1;
  if (f->y + f->h >= H - eps)
    out->h = H + b - out->y, touched = 1;
  return touched;
}

/* An image covering the rectangle of f, cropped round its centre of
 * interest, never stretched (an image grown into the bleed, a band). */
static void draw_image_cover(cairo_t *cr, rstate *s, const frame *f) {
  frame g = *f;
  int iw = 0, ih = 0;
  if (f->src && !image_is_remote(f->src) && image_probe(f->src, &iw, &ih) &&
      iw > 0 && ih > 0) {
    double sc = fmax(f->w / iw, f->h / ih);
    double px = f->crop_x > 0 ? f->crop_x : 0.5;
    double py = f->crop_y > 0 ? f->crop_y : 0.5;
    g.w = iw * sc, g.h = ih * sc;
    g.x = f->x + (f->w - g.w) * px;
    g.y = f->y + (f->h - g.h) * py;
  }
  cairo_save(cr);
  cairo_rectangle(cr, f->x, f->y, f->w, f->h);
  cairo_clip(cr);
  render_draw_image(cr, s, &g);
  cairo_restore(cr);
}

static void draw_frame(cairo_t *cr, rstate *s, const frame *f) {
  frame grown;
  char a[64], b[64], c[64], d[64];
  strbuf sb = {0};
  switch (f->kind) {
  case FRAME_TEXT:
    draw_text(cr, s, f);
    break;
  case FRAME_RECT:
    if (bleed_frame(s, f, &grown))
      f = &grown;
    set_color(cr, f->color);
    cairo_rectangle(cr, f->x, f->y, f->w, f->h);
    cairo_fill(cr);
    break;
  case FRAME_STROKE_RECT:
    set_color(cr, f->color);
    cairo_set_line_width(cr, f->line_width > 0 ? f->line_width : 0.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_rectangle(cr, f->x, f->y, f->w, f->h);
    cairo_stroke(cr);
    break;
  case FRAME_RULE:
    set_color(cr, f->color);
    cairo_set_line_width(cr, f->line_width > 0 ? f->line_width : 0.5);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(cr, f->x, f->y);
    cairo_line_to(cr, f->x + f->w, f->y + f->h);
    cairo_stroke(cr);
    break;
  case FRAME_IMAGE:
    if (bleed_frame(s, f, &grown))
      draw_image_cover(cr, s, &grown);
    else
      render_draw_image(cr, s, f);
    break;
  case FRAME_CIRCLE_IMAGE:
    render_draw_circle_image(cr, s, f);
    break;
  case FRAME_PLACEHOLDER:
    render_draw_placeholder(cr, f);
    break;
  case FRAME_QR:
    draw_qr(cr, f, s->opt->format != RENDER_SVG);
    break;
  case FRAME_LINK: {
    char *target = s->no_tags ? NULL : link_attrs(f->src);
    if (!target || f->w <= 0 || f->h <= 0) {
      free(target);
      break;
    }
    /* Cairo takes rect= and dest positions in page units, untouched by
     * the CTM: a page moved onto a larger sheet moves them itself */
    double x0 = f->x, y0 = f->y, x1 = f->x + f->w, y1 = f->y + f->h;
    cairo_user_to_device(cr, &x0, &y0);
    cairo_user_to_device(cr, &x1, &y1);
    fmt_num(a, sizeof a, x0);
    fmt_num(b, sizeof b, y0);
    fmt_num(c, sizeof c, x1 - x0);
    fmt_num(d, sizeof d, y1 - y0);
    sb_addf(&sb, "rect=[%s %s %s %s] %s", a, b, c, d, target);
    free(target);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, sb.s);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    break;
  }
  case FRAME_ANCHOR:
    if (!f->src || !*f->src || s->no_tags)
      break;
    double dx = f->x, dy = f->y;
    cairo_user_to_device(cr, &dx, &dy);
    fmt_num(a, sizeof a, dx);
    fmt_num(b, sizeof b, dy);
    sb_add(&sb, "name=");
    add_quoted(&sb, f->src[0] == '#' ? f->src + 1 : f->src);
    sb_addf(&sb, " x=%s y=%s", a, b);
    cairo_tag_begin(cr, CAIRO_TAG_DEST, sb.s);
    cairo_tag_end(cr, CAIRO_TAG_DEST);
    break;
  }
  sb_free(&sb);
}

static void draw_page(cairo_t *cr, rstate *s, const flow_page *p) {
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);
  for (size_t i = 0; i < p->n_frames; i++) {
    cairo_save(cr);
    draw_frame(cr, s, &p->frames[i]);
    cairo_restore(cr);
  }
}

/* ---- PDF --------------------------------------------------------------- */

/* CreationDate: SOURCE_DATE_EPOCH, else the event's date, else a fixed
 * date; never the clock, so the same input gives the same bytes. */
static void creation_date(const document *d, char *buf, size_t n) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (!errno && !*end && v >= 0) {
      time_t tt = (time_t)v;
      struct tm tm;
      if (gmtime_r(&tt, &tm)) {
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return;
      }
    }
  }
  const char *date = d ? d->date : NULL;
  if (date && strlen(date) >= 10 && isdigit((unsigned char)date[0]) &&
      isdigit((unsigned char)date[1]) && isdigit((unsigned char)date[2]) &&
      isdigit((unsigned char)date[3]) && date[4] == '-' &&
      isdigit((unsigned char)date[5]) && isdigit((unsigned char)date[6]) &&
      date[7] == '-' && isdigit((unsigned char)date[8]) &&
      isdigit((unsigned char)date[9])) {
    snprintf(buf, n, "%.10sT00:00:00Z", date);
    return;
  }
  snprintf(buf, n, "2000-01-01T00:00:00Z");
}

static void set_metadata(cairo_surface_t *surf, const document *d) {
  char date[64];
  creation_date(d, date, sizeof date);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
  if (!d)
    return;
  struct {
    cairo_pdf_metadata_t key;
    const char *v;
  } m[] = {{CAIRO_PDF_METADATA_TITLE, d->title},
           {CAIRO_PDF_METADATA_AUTHOR, d->author},
           {CAIRO_PDF_METADATA_SUBJECT, d->subject},
           {CAIRO_PDF_METADATA_KEYWORDS, d->keywords},
           {CAIRO_PDF_METADATA_CREATOR, d->creator}};
  for (size_t i = 0; i < sizeof m / sizeof *m; i++)
    if (m[i].v && *m[i].v)
      cairo_pdf_surface_set_metadata(surf, m[i].key, m[i].v);
}

/* Bookmarks; positions moved to where the pages sit on their sheets
 * (one page per sheet here: pages are not imposed). */
static void add_outline(cairo_surface_t *surf, const flow_result *r,
                        const impose_plan *p) {
  int ids[8] = {0}; /* latest entry per level; 0 is the root */
  for (size_t i = 0; i < r->n_outline; i++) {
    const flow_outline *o = &r->outline[i];
    if (!o->title || o->page < 0 || (size_t)o->page >= r->n_pages)
      continue;
    int level = o->level < 1 ? 1 : o->level > 7 ? 7 : o->level;
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    for (int l = level - 1; l >= 1; l--)
      if (ids[l]) {
        parent = ids[l];
        break;
      }
    char y[64], attrs[128];
    double dy = 0;
    if ((size_t)o->page < p->n_sheets && p->sheets[o->page].n_slots)
      dy = p->sheets[o->page].slots[0].y;
    fmt_num(y, sizeof y, (o->y > 0 ? o->y : 0) + dy);
    snprintf(attrs, sizeof attrs, "page=%d pos=[0 %s]", o->page + 1, y);
    ids[level] = cairo_pdf_surface_add_outline(
        surf, parent, o->title, attrs,
        level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    for (int l = level + 1; l < 8; l++)
      ids[l] = 0;
  }
}

/* Page label: the folio, or for unnumbered pages the section's name. */
static void page_label(cairo_surface_t *surf, const flow_result *r,
                       const document *d, size_t p, int any_folio) {
  if (!any_folio)
    return;
  const flow_page *pg = &r->pages[p];
  char buf[32];
  if (pg->folio > 0) {
    snprintf(buf, sizeof buf, "%d", pg->folio);
    cairo_pdf_surface_set_page_label(surf, buf);
    return;
  }
  const char *name = NULL;
  if (d && pg->section >= 0 && (size_t)pg->section < d->n_sections) {
    const doc_section *sec = &d->sections[pg->section];
    name = sec->title && *sec->title ? sec->title : sec->kind;
  }
  if (!name || !*name) {
    snprintf(buf, sizeof buf, "%zu", p + 1);
    name = buf;
  }
  cairo_pdf_surface_set_page_label(surf, name);
}

static int report_status(rstate *s, const sink *k, cairo_status_t st) {
  if (k->err)
    diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, k->path,
                strerror(k->err));
  else
    diag_report(DIAG_RENDER, s->diag_file, 0, 0, cairo_status_to_string(st));
  return -1;
}

/* ---- sheets (impose.h) ------------------------------------------------- */

/* Printer's marks in registration black, hairline. */
static void draw_marks(cairo_t *cr, const impose_sheet *sh) {
  if (!sh->n_marks)
    return;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.3);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  for (size_t i = 0; i < sh->n_marks; i++) {
    const impose_mark *m = &sh->marks[i];
    cairo_new_path(cr);
    if (m->kind == IMPOSE_MARK_TARGET) {
      cairo_arc(cr, m->x0, m->y0, m->r, 0, 2 * M_PI);
      cairo_move_to(cr, m->x0 - 1.5 * m->r, m->y0);
      cairo_line_to(cr, m->x0 + 1.5 * m->r, m->y0);
      cairo_move_to(cr, m->x0, m->y0 - 1.5 * m->r);
      cairo_line_to(cr, m->x0, m->y0 + 1.5 * m->r);
      cairo_set_dash(cr, NULL, 0, 0);
      cairo_stroke(cr);
      cairo_arc(cr, m->x0, m->y0, m->r * 0.45, 0, 2 * M_PI);
      cairo_fill(cr);
      continue;
    }
    double dash[2] = {2, 2};
    cairo_set_dash(cr, dash, m->kind == IMPOSE_MARK_FOLD ? 2 : 0, 0);
    cairo_move_to(cr, m->x0, m->y0);
    cairo_line_to(cr, m->x1, m->y1);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

/* The slug lines of the plan's sheet sides (impose.c's text), shaped by
 * text.c like every other line in a small sans face, so that any input
 * name (Chinese too) is set in the booklet's own subset fonts.  Before
 * prepare_fonts: the slugs' glyphs are subset with the rest. */
static void shape_slugs(rstate *s, text_ctx *text, const impose_plan *p) {
  if (!text)
    return;
  layout_style st = {.name = "slug", .family = "sans-serif", .size = 6,
                     .weight = 400, .line_height = 1.2,
                     .align = LAYOUT_ALIGN_LEFT, .color = 0x000000};
  for (size_t i = 0; i < p->n_sheets; i++) {
    if (!p->sheets[i].slug)
      continue;
    if (!s->slugs) {
      s->slugs = xcalloc(p->n_sheets, sizeof *s->slugs);
      s->n_slugs = p->n_sheets;
    }
    s->slugs[i] = text_layout_plain(text, p->sheets[i].slug, &st, 1e6);
  }
}

/* The slug line of sheet side i under the trim, where impose.c put it:
 * the job for the print shop, never part of the piece. */
static void draw_slug(cairo_t *cr, rstate *s, const impose_sheet *sh,
                      size_t i) {
  if (!sh->slug || i >= s->n_slugs || !s->slugs[i] ||
      !s->slugs[i]->n_lines)
    return;
  frame f = {.kind = FRAME_TEXT, .x = sh->slug_x, .y = sh->slug_y,
             .line = &s->slugs[i]->lines[0]};
  draw_text(cr, s, &f);
}

/* One sheet side: each slot's page clipped to its trim plus bleed, from
 * its recording when recs is given, else drawn directly; then marks. */
static void draw_sheet(cairo_t *cr, rstate *s, const impose_plan *p,
                       size_t i, cairo_surface_t **recs) {
  const impose_sheet *sh = &p->sheets[i];
  for (size_t k = 0; k < sh->n_slots; k++) {
    const impose_slot *sl = &sh->slots[k];
    if (sl->page < 0 || (size_t)sl->page >= s->r->n_pages)
      continue; /* a blank page */
    cairo_save(cr);
    cairo_rectangle(cr, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h);
    cairo_clip(cr);
    cairo_translate(cr, sl->x, sl->y);
    cairo_scale(cr, sl->scale, sl->scale);
    if (recs) {
      cairo_set_source_surface(cr, recs[sl->page], 0, 0);
      cairo_paint(cr);
    } else {
      draw_page(cr, s, &s->r->pages[sl->page]);
    }
    cairo_restore(cr);
  }
  draw_marks(cr, sh);
  draw_slug(cr, s, sh, i);
}

/* Page p drawn once into a recording surface that covers its bleed. */
static cairo_surface_t *record_page(rstate *s, size_t p) {
  double b = s->bleed;
  cairo_rectangle_t ext = {-b, -b, s->r->page_w + 2 * b,
                           s->r->page_h + 2 * b};
  cairo_surface_t *rec =
      cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
  cairo_t *cr = cairo_create(rec);
  draw_page(cr, s, &s->r->pages[p]);
  cairo_destroy(cr);
  return rec;
}

/* ---- PDF boxes (libqpdf) --------------------------------------------- */

static cairo_status_t mem_write(void *closure, const unsigned char *data,
                                unsigned int length) {
  sb_addn(closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void put_box(qpdf_data q, qpdf_oh page, const char *key,
                    impose_box b, double sheet_h) {
  double v[4] = {b.x, sheet_h - (b.y + b.h), b.x + b.w, sheet_h - b.y};
  qpdf_oh arr = qpdf_oh_new_array(q);
  for (int i = 0; i < 4; i++)
    qpdf_oh_append_item(q, arr, qpdf_oh_new_real_from_double(q, v[i], 3));
  qpdf_oh_replace_key(q, page, key, arr);
}

/* Documents of at most this many sheets are written compact by qpdf
 * ($BOOKLET_COMPACT_PAGES changes it; 0: never). */
#define COMPACT_MAX_SHEETS 256

/* The PDF Cairo wrote, with a TrimBox and a BleedBox on every page and
 * a deterministic /ID; streams are copied as they are, and with compact
 * the other objects (dictionaries, the xref) go into compressed object
 * streams.  Returns 0 and
 * the new bytes in *out, or -1 with the reason in *why (caller frees
 * both). */
static int add_boxes(const strbuf *pdf, const impose_plan *p, int compact,
                     strbuf *out, char **why) {
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  int rc = -1;
  if (qpdf_read_memory(q, "booklet.pdf", pdf->s, pdf->len, NULL) &
      QPDF_ERRORS)
    goto done;
  int n = qpdf_get_num_pages(q);
  if (n < 0 || (size_t)n != p->n_sheets) {
    *why = xstrdup("page count changed");
    goto done;
  }
  for (int i = 0; i < n; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    put_box(q, page, "/TrimBox", p->sheets[i].trim, p->sheet_h);
    put_box(q, page, "/BleedBox", p->sheets[i].bleed, p->sheet_h);
  }
  if (qpdf_init_write_memory(q) & QPDF_ERRORS)
    goto done;
  qpdf_set_stream_data_mode(q, qpdf_s_preserve);
  qpdf_set_object_stream_mode(q, compact ? qpdf_o_generate : qpdf_o_preserve);
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  if (qpdf_write(q) & QPDF_ERRORS)
    goto done;
  sb_addn(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
  rc = 0;
done:
  if (rc && !*why && qpdf_has_error(q))
    *why = xstrdup(qpdf_get_error_full_text(q, qpdf_get_error(q)));
  if (rc && !*why)
    *why = xstrdup("qpdf failed");
  qpdf_cleanup(&q);
  return rc;
}

/* ---- PDF boxes without re-reading the file ------------------------------ */

/* Cairo 1.16 writes every object uncompressed at the offset its classic
 * xref table gives, and each page object as
 *     N 0 obj\n<< /Type /Page % K\n   /Parent P 0 R\n   /MediaBox [ … ]\n…
 * so the boxes go in after the /MediaBox line of page K's object, and the
 * xref table and startxref are written again with the shifted offsets.
 * Only object starts listed in the xref are looked at, never stream
 * bytes.  Cairo lists a few ids it never writes (their offset points at
 * another object): those become free entries, as qpdf would make them.
 * The trailer gains an /ID made from the bytes written.  Any surprise in
 * the layout returns -1 and the caller uses qpdf instead.  Memory: the
 * output file once more, where qpdf held every object (~60 MB at 1000
 * pages). */

typedef struct box_ins {
  size_t pos;  /* offset in the input where the text goes */
  size_t page; /* sheet index, from cairo's "% K" comment */
} box_ins;

static int cmp_ins(const void *a, const void *b) {
  const box_ins *x = a, *y = b;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Reads a decimal number at s[*i..n); -1 if none or too long. */
static long long read_num(const char *s, size_t n, size_t *i) {
  long long v = 0;
  size_t start = *i;
  while (*i < n && *i - start < 15 && isdigit((unsigned char)s[*i]))
    v = v * 10 + (s[(*i)++] - '0');
  return *i == start || (*i < n && isdigit((unsigned char)s[*i])) ? -1 : v;
}

static int has_at(const char *s, size_t n, size_t i, const char *lit) {
  size_t l = strlen(lit);
  return i <= n && n - i >= l && !memcmp(s + i, lit, l);
}

/* "x0 y0 x1 y1" of box b in PDF space (y up), 3 decimals at most. */
static void add_box_line(strbuf *out, const char *key, impose_box b,
                         double sheet_h) {
  double v[4] = {b.x, sheet_h - (b.y + b.h), b.x + b.w, sheet_h - b.y};
  sb_addf(out, "   /%s [", key);
  for (int i = 0; i < 4; i++) {
    char num[64];
    fmt_num(num, sizeof num, v[i]);
    char *e = num + strlen(num);
    while (e > num && e[-1] == '0')
      *--e = 0;
    if (e > num && e[-1] == '.')
      *--e = 0;
    if (!strcmp(num, "-0"))
      strcpy(num, "0");
    sb_addf(out, " %s", num);
  }
  sb_add(out, " ]\n");
}

static int add_boxes_direct(const strbuf *pdf, const impose_plan *p,
                            strbuf *out, char **why) {
  const char *s = pdf->s;
  size_t n = pdf->len;
  size_t i = n > 64 ? n - 64 : 0, sx = 0;
  for (; i + 10 < n; i++) /* the last "startxref\n" */
    if (has_at(s, n, i, "startxref\n"))
      sx = i;
  if (!s || !sx) {
    *why = xstrdup("no startxref");
    return -1;
  }
  i = sx + 10;
  long long xref = read_num(s, n, &i);
  if (xref <= 0 || (size_t)xref >= sx || !has_at(s, n, (size_t)xref, "xref\n0 ")) {
    *why = xstrdup("no classic xref table");
    return -1;
  }
  i = (size_t)xref + 7;
  long long count = read_num(s, n, &i);
  if (count < 1 || count > 8000000 || !has_at(s, n, i, "\n") ||
      (n - i - 1) / 20 < (size_t)count) {
    *why = xstrdup("bad xref table");
    return -1;
  }
  size_t ent = i + 1, trailer = ent + 20 * (size_t)count;
  if (!has_at(s, n, trailer, "trailer\n<<")) {
    *why = xstrdup("bad trailer");
    return -1;
  }
  size_t tr_end = sx; /* the trailer dictionary's ">>" */
  while (tr_end > trailer && s[tr_end] != '>')
    tr_end--;
  if (tr_end < trailer + 11 || s[tr_end - 1] != '>') {
    *why = xstrdup("bad trailer");
    return -1;
  }
  tr_end--;
  size_t nobj = (size_t)count;
  size_t *off = xcalloc(nobj, sizeof *off); /* 0: free */
  box_ins *ins = xcalloc(p->n_sheets ? p->n_sheets : 1, sizeof *ins);
  unsigned char *seen = xcalloc(p->n_sheets ? p->n_sheets : 1, 1);
  size_t n_ins = 0;
  int rc = -1;
  for (size_t k = 1; k < nobj; k++) {
    const char *e = s + ent + 20 * k;
    size_t j = 0;
    long long o = read_num(e, 10, &j);
    if (o < 0 || j != 10 || memcmp(e + 10, " 00000 ", 7) ||
        (e[17] != 'n' && e[17] != 'f') || e[18] != ' ' || e[19] != '\n') {
      *why = xstrdup("bad xref entry");
      goto done;
    }
    if (e[17] != 'n' || o <= 0 || (size_t)o >= (size_t)xref)
      continue;
    /* the entry must point at its own object, else Cairo never wrote it */
    j = (size_t)o;
    if (read_num(s, (size_t)xref, &j) != (long long)k ||
        !has_at(s, (size_t)xref, j, " 0 obj\n"))
      continue;
    off[k] = (size_t)o;
    j += 7;
    if (!has_at(s, (size_t)xref, j, "<< /Type /Page % "))
      continue;
    j += 17;
    long long pg = read_num(s, (size_t)xref, &j);
    if (pg < 1 || (size_t)pg > p->n_sheets || seen[pg - 1] ||
        n_ins == p->n_sheets) {
      *why = xstrdup("unexpected page object");
      goto done;
    }
    /* the /MediaBox line, within the next few lines */
    size_t lim = j + 200 < (size_t)xref ? j + 200 : (size_t)xref, m = j;
    while (m < lim && !has_at(s, lim, m, "\n   /MediaBox ["))
      m++;
    size_t end = m + 14;
    while (end < lim && s[end] != '\n' && s[end] != ']')
      end++;
    if (m >= lim || !has_at(s, lim, end, "]\n")) {
      *why = xstrdup("page without /MediaBox");
      goto done;
    }
    seen[pg - 1] = 1;
    ins[n_ins].pos = end + 2;
    ins[n_ins++].page = (size_t)pg - 1;
  }
  if (n_ins != p->n_sheets) {
    *why = xstrdup("page count changed");
    goto done;
  }
  qsort(ins, n_ins, sizeof *ins, cmp_ins);
  /* body with the boxes; each insertion shifts what follows it */
  size_t *shift = xcalloc(n_ins + 1, sizeof *shift); /* before ins[k] */
  sb_addn(out, s, n_ins ? ins[0].pos : (size_t)xref);
  for (size_t k = 0; k < n_ins; k++) {
    size_t before = out->len;
    const impose_sheet *sh = &p->sheets[ins[k].page];
    add_box_line(out, "TrimBox", sh->trim, p->sheet_h);
    add_box_line(out, "BleedBox", sh->bleed, p->sheet_h);
    shift[k + 1] = shift[k] + (out->len - before);
    size_t to = k + 1 < n_ins ? ins[k + 1].pos : (size_t)xref;
    sb_addn(out, s + ins[k].pos, to - ins[k].pos);
  }
  size_t new_xref = out->len;
  /* the /ID: a digest of everything before the xref */
  GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
  g_checksum_update(md5, (const guchar *)out->s, (gssize)out->len);
  char id[33];
  snprintf(id, sizeof id, "%s", g_checksum_get_string(md5));
  g_checksum_free(md5);
  /* free entries chained from entry 0, as the format wants */
  size_t next_free = 0;
  for (size_t k = nobj; k-- > 1;)
    if (!off[k]) {
      off[k] = next_free; /* reused below as "next free" */
      next_free = k;
      off[k] |= (size_t)1 << (sizeof(size_t) * 8 - 1);
    }
  sb_addf(out, "xref\n0 %zu\n%010zu 65535 f \n", nobj, next_free);
  const size_t FREE = (size_t)1 << (sizeof(size_t) * 8 - 1);
  for (size_t k = 1; k < nobj; k++) {
    if (off[k] & FREE) {
      sb_addf(out, "%010zu 00001 f \n", off[k] & ~FREE);
      continue;
    }
    size_t lo = 0, hi = n_ins; /* insertions before this object */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (ins[mid].pos <= off[k])
        lo = mid + 1;
      else
        hi = mid;
    }
    sb_addf(out, "%010zu 00000 n \n", off[k] + shift[lo]);
  }
  sb_addn(out, s + trailer, tr_end - trailer);
  sb_addf(out, "   /ID [<%s> <%s>]\n>>\nstartxref\n%zu\n%%%%EOF\n", id, id,
          new_xref);
  free(shift);
  rc = 0;
done:
  free(off);
  free(ins);
  free(seen);
  return rc;
}

/* ---- PDF --------------------------------------------------------------- */

static int write_pdf(rstate *s, const impose_plan *p, const char *path) {
  const flow_result *r = s->r;
  int imposed = s->opt->print.mode != IMPOSE_NONE;
  strbuf raw = {0};
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(
      mem_write, &raw, p->sheet_w, p->sheet_h);
  set_metadata(surf, s->d);
  cairo_surface_t **recs = NULL;
  if (imposed) {
    /* each page drawn once; a sheet places the recordings */
    s->no_tags = 1;
    recs = xcalloc(r->n_pages, sizeof *recs);
    for (size_t i = 0; i < r->n_pages; i++)
      recs[i] = record_page(s, i);
  }
  cairo_t *cr = cairo_create(surf);
  int any_folio = 0;
  for (size_t i = 0; i < r->n_pages; i++)
    any_folio |= r->pages[i].folio > 0;
  for (size_t i = 0; i < p->n_sheets; i++) {
    if (!imposed) {
      page_label(surf, r, s->d, i, any_folio);
    } else if (s->opt->print.mode == IMPOSE_SADDLE) {
      char label[48];
      snprintf(label, sizeof label, "%zu%s", i / 2 + 1,
               p->sheets[i].back ? "b" : "a");
      cairo_pdf_surface_set_page_label(surf, label);
    }
    draw_sheet(cr, s, p, i, recs);
    cairo_show_page(cr);
  }
  if (!imposed)
    add_outline(surf, r, p);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  util_lsan_pause(1); /* cairo 1.16 leaks in its CFF subsetter here */
  cairo_surface_finish(surf);
  util_lsan_pause(0);
  if (!st)
    st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  for (size_t i = 0; recs && i < r->n_pages; i++)
    cairo_surface_destroy(recs[i]);
  free(recs);
  s->no_tags = 0;
  if (st != CAIRO_STATUS_SUCCESS) {
    diag_report(DIAG_RENDER, s->diag_file, 0, 0, cairo_status_to_string(st));
    sb_free(&raw);
    return -1;
  }
  strbuf boxed = {0};
  char *why = NULL;
  const strbuf *final = &raw;
  /* Up to COMPACT_MAX_SHEETS, qpdf writes the file again with its
   * objects packed into compressed object streams (a 12-page booklet:
   * 188 KB -> 161 KB, about 10 ms).  Longer documents are patched in
   * place (add_boxes_direct): qpdf would hold every object in memory. */
  int compact = p->n_sheets <= util_env_limit("BOOKLET_COMPACT_PAGES",
                                              COMPACT_MAX_SHEETS);
  int ok = (compact ? add_boxes(&raw, p, 1, &boxed, &why)
                    : add_boxes_direct(&raw, p, &boxed, &why)) == 0;
  if (!ok) {
    /* the other way */
    boxed.len = 0;
    free(why);
    why = NULL;
    ok = (compact ? add_boxes_direct(&raw, p, &boxed, &why)
                  : add_boxes(&raw, p, 0, &boxed, &why)) == 0;
  }
  if (ok) {
    final = &boxed;
  } else {
    char *msg = xasprintf("cannot add TrimBox/BleedBox (%s); written "
                          "without them", why);
    diag_report_level(DIAG_WARNING, DIAG_RENDER, s->diag_file, 0, 0, msg);
    free(msg);
  }
  free(why);
  sink k;
  int rc = 0;
  if (sink_open(&k, path) != 0) {
    diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, path, strerror(k.err));
    rc = -1;
  } else {
    sink_write(&k, (const unsigned char *)final->s, (unsigned)final->len);
    if (sink_close(&k) != 0 || k.err) {
      report_status(s, &k, CAIRO_STATUS_WRITE_ERROR);
      sink_discard(&k);
      rc = -1;
    } else if (sink_commit(&k) != 0) {
      diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, path, strerror(k.err));
      sink_discard(&k);
      rc = -1;
    }
  }
  sb_free(&raw);
  sb_free(&boxed);
  return rc;
}

/* ---- PNG and SVG: one file per page (or sheet) ------------------------- */

/* A PNG of w x h pt at dpi: white, then draw(cr) in pt. */
static cairo_surface_t *png_surface(rstate *s, double w, double h, double dpi,
                                    cairo_t **cr) {
  double wpx = ceil(w * dpi / 72 - 1e-6);
  double hpx = ceil(h * dpi / 72 - 1e-6);
  if (wpx < 1 || hpx < 1 || wpx > 32767 || hpx > 32767) {
    diag_report(DIAG_RENDER, s->diag_file, 0, 0,
                "page too large in pixels at this resolution");
    return NULL;
  }
  cairo_surface_t *surf =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)wpx, (int)hpx);
  *cr = cairo_create(surf);
  cairo_set_source_rgb(*cr, 1, 1, 1);
  cairo_paint(*cr);
  cairo_scale(*cr, dpi / 72, dpi / 72);
  return surf;
}

static int write_page_file(rstate *s, const impose_plan *p, size_t i,
                           sink *k) {
  cairo_surface_t *surf;
  cairo_status_t st = CAIRO_STATUS_SUCCESS;
  cairo_t *cr = NULL;
  if (s->opt->format == RENDER_PNG) {
    double dpi = s->opt->dpi > 0 ? s->opt->dpi : 150;
    surf = png_surface(s, p->sheet_w, p->sheet_h, dpi, &cr);
    if (!surf)
      return -1;
    draw_sheet(cr, s, p, i, NULL);
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (!st)
      st = cairo_surface_write_to_png_stream(surf, sink_write, k);
  } else {
    surf = cairo_svg_surface_create_for_stream(sink_write, k, p->sheet_w,
                                               p->sheet_h);
    cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PT);
    cr = cairo_create(surf);
    draw_sheet(cr, s, p, i, NULL);
    st = cairo_status(cr);
    cairo_destroy(cr);
  }
  cairo_surface_finish(surf);
  if (!st)
    st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  int bad = st != CAIRO_STATUS_SUCCESS || k->err;
  if (sink_close(k) != 0 || bad) {
    report_status(s, k, st ? st : CAIRO_STATUS_WRITE_ERROR);
    return -1;
  }
  return 0;
}

static int write_pages(rstate *s, const impose_plan *p, const char *path) {
  if (!strcmp(path, "-")) {
    diag_report(DIAG_RENDER, s->diag_file, 0, 0,
                "PNG and SVG pages cannot go to standard output");
    return -1;
  }
  size_t n = p->n_sheets;
  sink *k = xcalloc(n, sizeof *k);
  char **names = xcalloc(n, sizeof *names);
  int rc = 0;
  size_t done = 0;
  s->no_tags = 1;
  for (; done < n && rc == 0; done++) {
    names[done] = page_path(path, done);
    if (sink_open(&k[done], names[done]) != 0) {
      diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, names[done],
                  strerror(k[done].err));
      rc = -1;
    } else if (write_page_file(s, p, done, &k[done]) != 0) {
      rc = -1;
    }
  }
  s->no_tags = 0;
  /* All pages written: move them into place together. */
  for (size_t i = 0; i < done && rc == 0; i++)
    if (sink_commit(&k[i]) != 0) {
      diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, names[i],
                  strerror(k[i].err));
      rc = -1;
    }
  for (size_t i = 0; i < done; i++) {
    sink_discard(&k[i]);
    free(names[i]);
  }
  free(k);
  free(names);
  return rc;
}

/* ---- contact sheet --------------------------------------------------------- */

/* Every page as a thumbnail on one PNG, facing pages as spreads, on a
 * grey ground, each page with a hairline edge and a soft shadow. */
static int write_contact(rstate *s, const char *path) {
  const flow_result *r = s->r;
  const double px_per_pt = 1.5; /* 108 dpi */
  double thumb_w = 132;
  int spreads = r->n_pages > 2;
  impose_plan *p =
      impose_contact_plan(r->n_pages, r->page_w, r->page_h, thumb_w, spreads);
  cairo_t *cr = NULL;
  cairo_surface_t *surf =
      png_surface(s, p->sheet_w, p->sheet_h, 72 * px_per_pt, &cr);
  if (!surf) {
    impose_plan_free(p);
    return -1;
  }
  set_color(cr, 0xe4e1dc);
  cairo_paint(cr);
  const impose_sheet *sh = &p->sheets[0];
  for (size_t i = 0; i < sh->n_slots; i++) {
    const impose_slot *sl = &sh->slots[i];
    cairo_set_source_rgba(cr, 0, 0, 0, 0.12);
    cairo_rectangle(cr, sl->clip_x + 1.5, sl->clip_y + 2, sl->clip_w,
                    sl->clip_h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h);
    cairo_fill(cr);
  }
  int raster = s->raster;
  double bleed = s->bleed;
  s->raster = 1, s->no_tags = 1, s->bleed = 0;
  draw_sheet(cr, s, p, 0, NULL);
  s->raster = raster, s->no_tags = 0, s->bleed = bleed;
  cairo_set_line_width(cr, 0.4);
  set_color(cr, 0xb5b0a8);
  for (size_t i = 0; i < sh->n_slots; i++) {
    const impose_slot *sl = &sh->slots[i];
    cairo_rectangle(cr, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h);
    cairo_stroke(cr);
  }
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  sink k;
  int rc = 0;
  if (sink_open(&k, path) != 0) {
    diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, path, strerror(k.err));
    rc = -1;
  } else {
    if (!st)
      st = cairo_surface_write_to_png_stream(surf, sink_write, &k);
    if (sink_close(&k) != 0 || st || k.err) {
      report_status(s, &k, st ? st : CAIRO_STATUS_WRITE_ERROR);
      sink_discard(&k);
      rc = -1;
    } else if (sink_commit(&k) != 0) {
      diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, path, strerror(k.err));
      sink_discard(&k);
      rc = -1;
    }
  }
  cairo_surface_destroy(surf);
  impose_plan_free(p);
  return rc;
}

/* ---- entry point -------------------------------------------------------- */

int render_write(const flow_result *r, const document *d,
                 text_ctx *text, const render_options *opt,
                 const char *path) {
  render_options defaults = {.format = RENDER_PDF, .dpi = 150, .subset = 1};
  if (!opt)
    opt = &defaults;
  rstate s = {0};
  s.r = r;
  s.d = d;
  s.opt = opt;
  s.diag_file = opt->src_name;
  s.raster = opt->format == RENDER_PNG;
  if (!r || !path || !*path || r->n_pages == 0 || !(r->page_w > 0) ||
      !(r->page_h > 0)) {
    diag_report(DIAG_RENDER, s.diag_file, 0, 0, "no pages to write");
    return -1;
  }
  /* a bound on time and output size for hostile inputs */
  size_t max_pages = util_env_limit("BOOKLET_MAX_PAGES", 10000);
  if (r->n_pages > max_pages) {
    diag_report(DIAG_PAGE_LIMIT, s.diag_file, 0, 0, r->n_pages, max_pages);
    return -1;
  }
  s.bleed = opt->print.bleed > 0 ? opt->print.bleed : 0;
  impose_options print = opt->print;
  /* a back cover stays the booklet's last page when blanks pad it */
  int last = r->pages[r->n_pages - 1].section;
  print.keep_last = d && last >= 0 && (size_t)last < d->n_sections &&
                    !strcmp(d->sections[last].kind, "back");
  /* the slug line: the input's name and the document's pinned date */
  char date[32];
  creation_date(d, date, sizeof date);
  date[10] = 0;
  const char *slash = opt->src_name ? strrchr(opt->src_name, '/') : NULL;
  print.job = slash ? slash + 1 : opt->src_name;
  print.job_date = date;
  impose_plan *plan =
      impose_plan_make(&print, r->n_pages, r->page_w, r->page_h);
  /* the slugs first: shaping them may add a face to the font table */
  shape_slugs(&s, text, plan);
  s.fonts = text ? text_fonts(text, &s.n_fonts) : NULL;
  int rc = prepare_fonts(&s);
  if (rc == 0)
    rc = opt->format == RENDER_PDF ? write_pdf(&s, plan, path)
                                   : write_pages(&s, plan, path);
  if (rc == 0 && opt->print.contact_sheet)
    rc = write_contact(&s, opt->print.contact_sheet);
  impose_plan_free(plan);
  release(&s);
  return rc;
}
