/* render.c — stage 6: draws a flow result with Cairo.  One drawing path
 * for PDF (one file), PNG and SVG (one file per page, FILE-N.png /
 * FILE-N.svg).  Holds:
 *   - font subsetting (issue 9): the glyphs every page uses are collected
 *     per font, HarfBuzz's subsetter cuts each face down to them (glyph
 *     ids kept, CFF subroutines flattened, layout tables dropped), and the
 *     subset is loaded with FreeType into one Cairo font face per font,
 *     shared by all pages;
 *   - glyph runs drawn at the positions text.c computed, with
 *     cairo_show_text_glyphs and the run's cluster map, so that copying
 *     from the PDF gives back the source characters;
 *   - images (PNG by Cairo, the rest by gdk-pixbuf; JPEG bytes embedded
 *     as they are), round photos, placeholders for missing images;
 *   - links, named destinations, outline, page labels and metadata with a
 *     pinned creation date (reproducible output);
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
#include <hb-subset.h>
#include <hb.h>

#include "diag.h"
#include "image.h"
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
  } else if (ferror(s->fp) && !s->err) {
    s->err = EIO;
  }
  s->fp = NULL;
  return s->err ? -1 : 0;
}

static void sink_discard(sink *s) {
  if (s->fp && s->tmp)
    fclose(s->fp);
  s->fp = NULL;
  if (s->tmp) {
    unlink(s->tmp);
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

/* The font cut down to the glyphs used, glyph ids unchanged.  NULL when
 * the subsetter cannot handle it. */
static hb_blob_t *subset_font(const char *file, int index,
                              const font_use *u) {
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
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS |
                                      HB_SUBSET_FLAGS_DESUBROUTINIZE |
                                      HB_SUBSET_FLAGS_NO_HINTING);
    hb_face_t *sub = hb_subset_or_fail(face, in);
    if (sub) {
      out = hb_face_reference_blob(sub);
      hb_face_destroy(sub);
      if (out && hb_blob_get_length(out) == 0) {
        hb_blob_destroy(out);
        out = NULL;
      }
    }
    hb_subset_input_destroy(in);
  }
  hb_face_destroy(face);
  return out;
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

static void collect_glyphs(const flow_result *r, size_t n_fonts,
                           font_use *use) {
  for (size_t p = 0; p < r->n_pages; p++)
    for (size_t i = 0; i < r->pages[p].n_frames; i++) {
      const frame *f = &r->pages[p].frames[i];
      if (f->kind != FRAME_TEXT || !f->line)
        continue;
      for (size_t k = 0; k < f->line->n_runs; k++) {
        const text_run *run = &f->line->runs[k];
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
}

static int prepare_fonts(rstate *s) {
  s->faces = xcalloc(s->n_fonts ? s->n_fonts : 1, sizeof *s->faces);
  font_use *use = xcalloc(s->n_fonts ? s->n_fonts : 1, sizeof *use);
  collect_glyphs(s->r, s->n_fonts, use);
  int rc = 0;
  for (size_t i = 0; i < s->n_fonts; i++) {
    if (!use[i].glyphs)
      continue;
    const text_font *f = &s->fonts[i];
    hb_blob_t *blob = s->opt->subset ? subset_font(f->file, f->index, &use[i])
                                     : NULL;
    if (s->opt->subset && !blob)
      diag_report(DIAG_FONT_SUBSET, s->diag_file, 0, 0, f->file);
    s->faces[i] = make_face(f, blob);
    if (!s->faces[i] && blob) {
      /* make_face released the blob; try the file itself */
      diag_report(DIAG_FONT_SUBSET, s->diag_file, 0, 0, f->file);
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
  return rc;
}

static void release(rstate *s) {
  for (size_t i = 0; i < s->n_fonts; i++)
    if (s->faces && s->faces[i])
      cairo_font_face_destroy(s->faces[i]);
  free(s->faces);
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
    cairo_glyph_t *gl = xmalloc(r->n_glyphs * sizeof *gl);
    for (size_t g = 0; g < r->n_glyphs; g++) {
      gl[g].index = r->glyphs[g].id;
      gl[g].x = f->x + r->x + r->glyphs[g].x;
      gl[g].y = f->y + r->glyphs[g].y;
    }
    cairo_text_cluster_t *cl =
        xmalloc((r->n_clusters ? r->n_clusters : 1) * sizeof *cl);
    for (size_t c = 0; c < r->n_clusters; c++) {
      cl[c].num_bytes = r->clusters[c].n_bytes;
      cl[c].num_glyphs = r->clusters[c].n_glyphs;
    }
    char *link = (r->flags & DOC_LINK) ? link_attrs(r->url) : NULL;
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
static void draw_frame(cairo_t *cr, rstate *s, const frame *f) {
  char a[64], b[64], c[64], d[64];
  strbuf sb = {0};
  switch (f->kind) {
  case FRAME_TEXT:
    draw_text(cr, s, f);
    break;
  case FRAME_RECT:
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
    render_draw_image(cr, s, f);
    break;
  case FRAME_CIRCLE_IMAGE:
    render_draw_circle_image(cr, s, f);
    break;
  case FRAME_PLACEHOLDER:
    render_draw_placeholder(cr, f);
    break;
  case FRAME_LINK: {
    char *target = link_attrs(f->src);
    if (!target || f->w <= 0 || f->h <= 0) {
      free(target);
      break;
    }
    fmt_num(a, sizeof a, f->x);
    fmt_num(b, sizeof b, f->y);
    fmt_num(c, sizeof c, f->w);
    fmt_num(d, sizeof d, f->h);
    sb_addf(&sb, "rect=[%s %s %s %s] %s", a, b, c, d, target);
    free(target);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, sb.s);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    break;
  }
  case FRAME_ANCHOR:
    if (!f->src || !*f->src)
      break;
    fmt_num(a, sizeof a, f->x);
    fmt_num(b, sizeof b, f->y);
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

static void add_outline(cairo_surface_t *surf, const flow_result *r) {
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
    fmt_num(y, sizeof y, o->y > 0 ? o->y : 0);
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

static int write_pdf(rstate *s, const char *path) {
  sink k;
  if (sink_open(&k, path) != 0) {
    diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, path, strerror(k.err));
    return -1;
  }
  const flow_result *r = s->r;
  cairo_surface_t *surf =
      cairo_pdf_surface_create_for_stream(sink_write, &k, r->page_w, r->page_h);
  set_metadata(surf, s->d);
  cairo_t *cr = cairo_create(surf);
  int any_folio = 0;
  for (size_t p = 0; p < r->n_pages; p++)
    any_folio |= r->pages[p].folio > 0;
  for (size_t p = 0; p < r->n_pages; p++) {
    page_label(surf, r, s->d, p, any_folio);
    draw_page(cr, s, &r->pages[p]);
    cairo_show_page(cr);
  }
  add_outline(surf, r);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  if (!st)
    st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  int bad = st != CAIRO_STATUS_SUCCESS || k.err;
  if (sink_close(&k) != 0 || bad) {
    report_status(s, &k, st ? st : CAIRO_STATUS_WRITE_ERROR);
    sink_discard(&k);
    return -1;
  }
  if (sink_commit(&k) != 0) {
    diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, path, strerror(k.err));
    sink_discard(&k);
    return -1;
  }
  return 0;
}

/* ---- PNG and SVG: one file per page ------------------------------------ */

static int write_page_file(rstate *s, size_t p, sink *k) {
  const flow_result *r = s->r;
  cairo_surface_t *surf;
  cairo_status_t st = CAIRO_STATUS_SUCCESS;
  if (s->opt->format == RENDER_PNG) {
    double dpi = s->opt->dpi > 0 ? s->opt->dpi : 150;
    double wpx = ceil(r->page_w * dpi / 72 - 1e-6);
    double hpx = ceil(r->page_h * dpi / 72 - 1e-6);
    if (wpx < 1 || hpx < 1 || wpx > 32767 || hpx > 32767) {
      diag_report(DIAG_RENDER, s->diag_file, 0, 0,
                  "page too large in pixels at this resolution");
      return -1;
    }
    surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)wpx, (int)hpx);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72, dpi / 72);
    draw_page(cr, s, &r->pages[p]);
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (!st)
      st = cairo_surface_write_to_png_stream(surf, sink_write, k);
  } else {
    surf = cairo_svg_surface_create_for_stream(sink_write, k, r->page_w,
                                               r->page_h);
    cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(surf);
    draw_page(cr, s, &r->pages[p]);
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

static int write_pages(rstate *s, const char *path) {
  if (!strcmp(path, "-")) {
    diag_report(DIAG_RENDER, s->diag_file, 0, 0,
                "PNG and SVG pages cannot go to standard output");
    return -1;
  }
  size_t n = s->r->n_pages;
  sink *k = xcalloc(n, sizeof *k);
  char **names = xcalloc(n, sizeof *names);
  int rc = 0;
  size_t done = 0;
  for (; done < n && rc == 0; done++) {
    names[done] = page_path(path, done);
    if (sink_open(&k[done], names[done]) != 0) {
      diag_report(DIAG_IO_WRITE, s->diag_file, 0, 0, names[done],
                  strerror(k[done].err));
      rc = -1;
    } else if (write_page_file(s, done, &k[done]) != 0) {
      rc = -1;
    }
  }
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

/* ---- entry point -------------------------------------------------------- */

int render_write(const flow_result *r, const document *d,
                 const text_ctx *text, const render_options *opt,
                 const char *path) {
  render_options defaults = {RENDER_PDF, 150, 1, NULL};
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
  s.fonts = text ? text_fonts(text, &s.n_fonts) : NULL;
  int rc = prepare_fonts(&s);
  if (rc == 0)
    rc = opt->format == RENDER_PDF ? write_pdf(&s, path) : write_pages(&s, path);
  release(&s);
  return rc;
}
