/* render_fonts.c — the render stage's fonts (issue 9): the glyphs every
 * page and slug line uses are collected per font, HarfBuzz's subsetter
 * cuts each face down to them (glyphs renumbered densely, CFF
 * subroutines flattened, layout tables dropped), several faces at once
 * in threads, and each subset is loaded with FreeType into one Cairo
 * font face per font, shared by all pages.  render_glyph_id maps Pango's
 * glyph ids to the subset's.  A face the subsetter cannot handle is
 * embedded whole, with a warning.  Drawing is render_draw.c's. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-ft.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-subset.h>
#include <hb.h>

#include "diag.h"
#include "render_int.h"
#include "util.h"

/* What a Cairo font face built on our own FT_Face keeps alive; freed
 * when Cairo destroys the face (it may outlive this call in Cairo's
 * font caches).  Each face has its own FT_Library, so faces of
 * different threads never share FreeType state. */
typedef struct ft_hold {
  FT_Library lib;  /* owns face */
  FT_Face face;    /* the face Cairo draws with */
  hb_blob_t *blob; /* the subset font's bytes, or NULL */
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
  hb_set_t *glyphs; /* glyph ids */
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
     * charstrings up to the highest id); render_draw_text maps the ids. */
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

uint32_t render_glyph_id(const glyph_map *m, uint32_t old) {
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
  size_t lanes =
      max_threads > 0 && (size_t)max_threads < n ? (size_t)max_threads : n;
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

int render_fonts_prepare(rstate *s) {
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

void render_fonts_release(rstate *s) {
  for (size_t i = 0; i < s->n_fonts; i++)
    if (s->faces && s->faces[i])
      cairo_font_face_destroy(s->faces[i]);
  for (size_t i = 0; s->gmaps && i < s->n_fonts; i++) {
    free(s->gmaps[i].old);
    free(s->gmaps[i].new_id);
  }
  free(s->faces);
  free(s->gmaps);
  s->faces = NULL;
  s->gmaps = NULL;
}
