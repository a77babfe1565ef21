/* text.c — shaping and line breaking with Pango, and the glyph runs that
 * render draws.  Holds booklet's own fontconfig setup (fonts/fonts.conf,
 * never the user's), the Pango context (72 dpi, unhinted, unrounded, so
 * 1 pt = PANGO_SCALE units), the mapping from doc_text spans to Pango
 * attributes, and the walk over Pango's lines that turns them into
 * text_line / text_run / text_glyph in points with cluster maps.
 *
 * After Pango has shaped and broken a paragraph, the glyph positions are
 * ours: alignment and justification are applied here, on the text_line
 * arrays, not by Pango.  The CJK composition rules of issue 4 (line-start
 * prohibition, punctuation compression, Han–Latin spacing, justification
 * between characters) belong in the same place: see compose_line().
 *
 * It does not decide where lines go on a page (flow) or draw anything
 * (render).  Pango units and Pango/fontconfig types never leave this
 * file. */
#include "text.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>

#include "diag.h"
#include "util.h"

#define PU ((double)PANGO_SCALE)

/* A PangoFont already seen, with what the runs need to know about it. */
typedef struct font_cache {
  PangoFont *font; /* a reference we hold */
  int index;       /* into text_ctx.fonts */
  double size;     /* em size, pt */
  double slant;    /* synthetic oblique shear, 0 none */
} font_cache;

/* Emphasis treatment decided once per body family. */
typedef struct emph_choice {
  char *family;    /* the style's family list */
  int use_bold;    /* 1: the emphasis face is the body face, use bold */
} emph_choice;

struct text_ctx {
  const layout *l;          /* for lang, emph/code family, accent */
  FcConfig *fc;             /* booklet's fontconfig configuration (shared) */
  PangoFontMap *map;        /* font map bound to fc */
  PangoContext *pc;         /* 72 dpi, unhinted */
  text_font *fonts;         /* fonts used by runs so far */
  size_t n_fonts, cap_fonts;     /* count, allocated */
  font_cache *cache;        /* PangoFont -> fonts index */
  size_t n_cache, cap_cache;     /* count, allocated */
  char **checked;           /* families already checked for fallback */
  size_t n_checked, cap_checked; /* count, allocated */
  emph_choice *emph;        /* emphasis decisions per body family */
  size_t n_emph, cap_emph;       /* count, allocated */
};

/* ---- set-up ---------------------------------------------------------- */

/* BCP 47 tag from the layout to the tag Pango and fontconfig use for
 * choosing regional glyph forms: zh-Hans → zh-cn and so on. */
static PangoLanguage *language_for(const char *tag) {
  if (!tag || !*tag)
    return pango_language_from_string("zh-cn");
  char low[64];
  size_t n = 0;
  for (; tag[n] && n < sizeof low - 1; n++)
    low[n] = (char)tolower((unsigned char)(tag[n] == '_' ? '-' : tag[n]));
  low[n] = 0;
  if (!strcmp(low, "zh") || !strncmp(low, "zh-hans", 7) ||
      !strcmp(low, "zh-cn") || !strcmp(low, "zh-sg"))
    return pango_language_from_string("zh-cn");
  if (!strcmp(low, "zh-hant-hk") || !strcmp(low, "zh-hk") ||
      !strcmp(low, "zh-mo") || !strcmp(low, "zh-hant-mo"))
    return pango_language_from_string("zh-hk");
  if (!strncmp(low, "zh-hant", 7) || !strcmp(low, "zh-tw"))
    return pango_language_from_string("zh-tw");
  return pango_language_from_string(low);
}

/* One fontconfig configuration for the process, built on first use and
 * kept (fontconfig is thread-safe for lookups; every text_ctx, in any
 * thread, has its own Pango font map on top of it).  Parsing it once
 * also saves each input of a batch the start-up cost. */
static FcConfig *shared_fc;
static pthread_once_t shared_fc_once = PTHREAD_ONCE_INIT;

/* Used when fonts/fonts.conf cannot be read (a broken install): the
 * system font folders and caches, still without any user settings. */
static const char fallback_conf[] =
    "<?xml version=\"1.0\"?><fontconfig>"
    "<dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>"
    "<cachedir>/var/cache/fontconfig</cachedir>"
    "<cachedir prefix=\"xdg\">fontconfig</cachedir>"
    "</fontconfig>";

static void make_fc_config(void) {
  FcConfig *fc = FcConfigCreate();
  if (!fc)
    return;
  /* fontconfig looks relative names up in its own folder, not ours */
  char *conf = xasprintf("%s/fonts/fonts.conf", util_data_dir());
  char *abs = realpath(conf, NULL);
  if (!abs || !FcConfigParseAndLoad(fc, (const FcChar8 *)abs, FcTrue))
    FcConfigParseAndLoadFromMemory(fc, (const FcChar8 *)fallback_conf, FcTrue);
  free(abs);
  free(conf);
  if (!FcConfigBuildFonts(fc)) {
    FcConfigDestroy(fc);
    return;
  }
  shared_fc = fc;
}

static int fc_has_fonts(FcConfig *fc) {
  FcFontSet *sys = FcConfigGetFonts(fc, FcSetSystem);
  FcFontSet *app = FcConfigGetFonts(fc, FcSetApplication);
  return (sys && sys->nfont > 0) || (app && app->nfont > 0);
}

text_ctx *text_new(const layout *l) {
  pthread_once(&shared_fc_once, make_fc_config);
  FcConfig *fc = shared_fc;
  if (!fc || !fc_has_fonts(fc)) {
    diag_report_level(DIAG_ERROR, DIAG_FONT_MISSING, NULL, 0, 0,
                      l && l->styles && l->n_styles ? l->styles[0].family
                                                     : "serif",
                      "nothing: no fonts found");
    return NULL;
  }
  text_ctx *t = xcalloc(1, sizeof *t);
  t->l = l;
  t->fc = fc;
  t->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!t->map) {
    diag_report(DIAG_RENDER, NULL, 0, 0, "no FreeType font map in Pango");
    free(t);
    return NULL;
  }
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(t->map), fc);
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(t->map), 72.0);
  t->pc = pango_font_map_create_context(t->map);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(t->pc, fo);
  cairo_font_options_destroy(fo);
  pango_cairo_context_set_resolution(t->pc, 72.0);
  pango_context_set_round_glyph_positions(t->pc, FALSE);
  pango_context_set_language(t->pc, language_for(l ? l->lang : NULL));
  pango_context_set_base_dir(t->pc, PANGO_DIRECTION_LTR);
  return t;
}

void text_free(text_ctx *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->n_cache; i++)
    g_object_unref(t->cache[i].font);
  free(t->cache);
  for (size_t i = 0; i < t->n_fonts; i++) {
    free(t->fonts[i].file);
    free(t->fonts[i].family);
  }
  free(t->fonts);
  for (size_t i = 0; i < t->n_checked; i++)
    free(t->checked[i]);
  free(t->checked);
  for (size_t i = 0; i < t->n_emph; i++)
    free(t->emph[i].family);
  free(t->emph);
  g_object_unref(t->pc);
  g_object_unref(t->map); /* Pango drops its reference to fc */
  free(t);
}

const text_font *text_fonts(const text_ctx *t, size_t *n) {
  *n = t->n_fonts;
  return t->fonts;
}

/* ---- fonts ----------------------------------------------------------- */

static FcPattern *pattern_of(PangoFont *f) {
  if (!f || !PANGO_IS_FC_FONT(f))
    return NULL;
  return pango_fc_font_get_pattern(PANGO_FC_FONT(f));
}

/* Index of PangoFont f in the fonts table (added on first use). */
static const font_cache *font_entry(text_ctx *t, PangoFont *f) {
  for (size_t i = 0; i < t->n_cache; i++)
    if (t->cache[i].font == f)
      return &t->cache[i];
  FcPattern *p = pattern_of(f);
  FcChar8 *file = NULL, *family = NULL;
  int index = 0;
  FcBool embolden = FcFalse;
  FcMatrix *m = NULL;
  double slant = 0;
  if (p) {
    FcPatternGetString(p, FC_FILE, 0, &file);
    FcPatternGetInteger(p, FC_INDEX, 0, &index);
    FcPatternGetString(p, FC_FAMILY, 0, &family);
    FcPatternGetBool(p, FC_EMBOLDEN, 0, &embolden);
    if (FcPatternGetMatrix(p, FC_MATRIX, 0, &m) == FcResultMatch && m)
      slant = m->xy;
  }
  const char *path = file ? (const char *)file : "";
  int idx = -1;
  for (size_t i = 0; i < t->n_fonts; i++)
    if (!strcmp(t->fonts[i].file, path) && t->fonts[i].index == index &&
        t->fonts[i].embolden == (embolden ? 1 : 0))
      idx = (int)i;
  if (idx < 0) {
    text_font tf = {xstrdup(path), index,
                    xstrdup(family ? (const char *)family : "?"),
                    embolden ? 1 : 0};
    VEC_PUSH(t->fonts, t->n_fonts, t->cap_fonts, tf);
    idx = (int)t->n_fonts - 1;
  }
  PangoFontDescription *d = pango_font_describe_with_absolute_size(f);
  double size = pango_font_description_get_size(d) / PU;
  pango_font_description_free(d);
  font_cache c = {g_object_ref(f), idx, size, slant};
  VEC_PUSH(t->cache, t->n_cache, t->cap_cache, c);
  return &t->cache[t->n_cache - 1];
}

static int is_generic(const char *fam) {
  static const char *const g[] = {"serif", "sans-serif", "sans", "monospace",
                                  "mono", "kai", "system-ui", "cursive",
                                  "fantasy"};
  for (size_t i = 0; i < sizeof g / sizeof *g; i++)
    if (!strcasecmp(fam, g[i]))
      return 1;
  return 0;
}

/* First family of a comma-separated list, trimmed.  Caller frees. */
static char *first_family(const char *list) {
  if (!list)
    return xstrdup("");
  const char *e = strchr(list, ',');
  char *f = xstrndup(list, e ? (size_t)(e - list) : strlen(list));
  char *tr = util_trim(f);
  free(f);
  return tr;
}

/* The face Pango picks for a family list (for fallback checks).  Caller
 * unrefs. */
static PangoFont *load_face(text_ctx *t, const char *family, int weight,
                            int italic) {
  PangoFontDescription *d = pango_font_description_new();
  pango_font_description_set_family(d, family);
  pango_font_description_set_size(d, 10 * PANGO_SCALE);
  pango_font_description_set_weight(d, (PangoWeight)weight);
  if (italic)
    pango_font_description_set_style(d, PANGO_STYLE_ITALIC);
  PangoFont *f = pango_context_load_font(t->pc, d);
  pango_font_description_free(d);
  return f;
}

static int pattern_has_family(FcPattern *p, const char *fam) {
  FcChar8 *s;
  for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch;
       i++)
    if (!strcasecmp((const char *)s, fam))
      return 1;
  return 0;
}

/* Warn once per family when the first family of list is not installed
 * and fontconfig substitutes another. */
static void check_family(text_ctx *t, const char *list) {
  if (!list || !*list)
    return;
  char *fam = first_family(list);
  if (!*fam || is_generic(fam)) {
    free(fam);
    return;
  }
  for (size_t i = 0; i < t->n_checked; i++)
    if (!strcasecmp(t->checked[i], fam)) {
      free(fam);
      return;
    }
  VEC_PUSH(t->checked, t->n_checked, t->cap_checked, fam);
  PangoFont *f = load_face(t, list, 400, 0);
  FcPattern *p = pattern_of(f);
  if (p && !pattern_has_family(p, fam)) {
    FcChar8 *got = NULL;
    FcPatternGetString(p, FC_FAMILY, 0, &got);
    diag_report(DIAG_FONT_MISSING, NULL, 0, 0, fam,
                got ? (const char *)got : "?");
  }
  if (f)
    g_object_unref(f);
}

static int same_face(PangoFont *a, PangoFont *b) {
  FcPattern *pa = pattern_of(a), *pb = pattern_of(b);
  if (!pa || !pb)
    return 0;
  FcChar8 *fa = NULL, *fb = NULL;
  int ia = 0, ib = 0;
  FcPatternGetString(pa, FC_FILE, 0, &fa);
  FcPatternGetString(pb, FC_FILE, 0, &fb);
  FcPatternGetInteger(pa, FC_INDEX, 0, &ia);
  FcPatternGetInteger(pb, FC_INDEX, 0, &ib);
  return fa && fb && !strcmp((const char *)fa, (const char *)fb) && ia == ib;
}

static const char *emph_family(const text_ctx *t) {
  return t->l && t->l->emph_family && *t->l->emph_family ? t->l->emph_family
                                                         : "kai";
}

static const char *code_family(const text_ctx *t) {
  return t->l && t->l->code_family && *t->l->code_family ? t->l->code_family
                                                         : "monospace";
}

/* Emphasis in Chinese text.  Chinese has no italic: slanted Han
 * characters read as a rendering fault.  The book convention is a change
 * of face: Kai (楷体) for emphasis and quotes in Song (宋体) body text,
 * else Hei (黑体), which every Chinese reader knows as the emphasis face
 * in Song text.  The layout's emph_family names it; without one the
 * fonts.conf alias "kai" gives a Kai face when installed and Noto Sans
 * CJK (Hei) otherwise.  When that comes out as the body face itself
 * (a Hei body and no Kai installed), bold is the distinction left. */
static int emph_uses_bold(text_ctx *t, const layout_style *st) {
  const char *fam = st->family ? st->family : "serif";
  for (size_t i = 0; i < t->n_emph; i++)
    if (!strcmp(t->emph[i].family, fam))
      return t->emph[i].use_bold;
  PangoFont *body = load_face(t, fam, st->weight > 0 ? st->weight : 400, 0);
  PangoFont *em = load_face(t, emph_family(t), st->weight > 0 ? st->weight : 400, 0);
  emph_choice c = {xstrdup(fam), same_face(body, em)};
  if (body)
    g_object_unref(body);
  if (em)
    g_object_unref(em);
  VEC_PUSH(t->emph, t->n_emph, t->cap_emph, c);
  return c.use_bold;
}

/* ---- attributes ------------------------------------------------------ */

/* Characters set in the CJK way: Han, kana, hangul, bopomofo, CJK and
 * full-width punctuation. */
static int is_cjk(uint32_t c) {
  return utf8_is_han(c) || (c >= 0x2E80 && c <= 0x2FDF) ||
         (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3100 && c <= 0x312F) ||
         (c >= 0x31A0 && c <= 0x31FF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* Neutral characters take the class of what they stand next to. */
static int is_neutral(uint32_t c) {
  return c == ' ' || c == '\t' || c == 0xA0 || (c >= 0x2000 && c <= 0x206F) ||
         (c < 0x80 && !isalnum((int)c));
}

static void add_attr(PangoAttrList *al, PangoAttribute *a, size_t s,
                     size_t e) {
  a->start_index = (guint)s;
  a->end_index = (guint)e;
  pango_attr_list_insert(al, a);
}

/* EMPH over [s,e): the emphasis face for CJK stretches, italic for the
 * rest (a real italic where the family has one, else fontconfig's
 * synthetic oblique, which render reproduces). */
static void add_emph(text_ctx *t, PangoAttrList *al, const char *text,
                     size_t s, size_t e, const layout_style *st) {
  int bold = emph_uses_bold(t, st);
  if (!bold)
    check_family(t, emph_family(t));
  size_t i = s, seg = s;
  int cls = -1; /* 1 CJK, 0 other, -1 not yet known */
  while (i <= e) {
    int c = -1;
    size_t len = 1;
    if (i < e) {
      uint32_t cp = utf8_decode(text + i, e - i, &len);
      c = is_neutral(cp) ? cls : is_cjk(cp) ? 1 : 0;
      if (cls < 0) /* leading neutrals join the first real class */
        cls = c;
    }
    if (i == e || (c >= 0 && c != cls)) {
      if (seg < i) {
        if (cls == 1 && bold)
          add_attr(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), seg, i);
        else if (cls == 1)
          add_attr(al, pango_attr_family_new(emph_family(t)), seg, i);
        else
          add_attr(al, pango_attr_style_new(PANGO_STYLE_ITALIC), seg, i);
      }
      seg = i;
      cls = c;
    }
    if (i == e)
      break;
    i += len;
  }
}

static PangoAttrList *make_attrs(text_ctx *t, const char *text, size_t n,
                                 const doc_text *txt,
                                 const layout_style *st) {
  PangoAttrList *al = pango_attr_list_new();
  /* Never insert a hyphen that is not in the source: a broken URL or
   * name must copy back as written. */
  add_attr(al, pango_attr_insert_hyphens_new(FALSE), 0, n);
  for (size_t k = 0; txt && k < txt->n_spans; k++) {
    const doc_span *sp = &txt->spans[k];
    size_t s = sp->start, e = sp->end < n ? sp->end : n;
    if (s >= e)
      continue;
    double scale = 1;
    if (sp->flags & DOC_BOLD)
      add_attr(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, e);
    if (sp->flags & DOC_EMPH)
      add_emph(t, al, text, s, e, st);
    if (sp->flags & DOC_CODE) {
      check_family(t, code_family(t));
      add_attr(al, pango_attr_family_new(code_family(t)), s, e);
      scale *= 0.9;
    }
    if (sp->flags & DOC_SMALL)
      scale *= 0.85;
    if (scale != 1)
      add_attr(al,
               pango_attr_size_new((int)lround(st->size * scale * PU)), s, e);
  }
  return al;
}

static PangoFontDescription *style_desc(const layout_style *st) {
  PangoFontDescription *d = pango_font_description_new();
  pango_font_description_set_family(d, st->family && *st->family ? st->family
                                                                 : "serif");
  pango_font_description_set_size(d, (int)lround(st->size * PU));
  pango_font_description_set_weight(d,
                                    (PangoWeight)(st->weight > 0 ? st->weight : 400));
  pango_font_description_set_style(d, st->italic ? PANGO_STYLE_ITALIC
                                                 : PANGO_STYLE_NORMAL);
  return d;
}

/* ---- from Pango lines to text_line ---------------------------------- */

/* Span index covering byte b, or -1. */
static int span_at(const doc_text *txt, size_t b) {
  if (!txt)
    return -1;
  size_t lo = 0, hi = txt->n_spans;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (txt->spans[mid].end <= b)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < txt->n_spans && txt->spans[lo].start <= b && b < txt->spans[lo].end)
    return (int)lo;
  return -1;
}

/* One glyph of a Pango run before it is split into text_runs. */
typedef struct pglyph {
  uint32_t id;     /* glyph id, or PANGO_GLYPH_EMPTY */
  double pen;      /* pen position from the line's left edge, pt */
  double dx, dy;   /* Pango's offsets, pt */
  double adv;      /* advance, pt */
  size_t cluster;  /* byte offset of its cluster in the text */
} pglyph;

static void push_run(text_line *ln, size_t *cap, text_run r) {
  VEC_PUSH(ln->runs, ln->n_runs, *cap, r);
}

/* Split one PangoGlyphItem at span boundaries into text_runs appended to
 * ln.  x0 is the run's left edge from the line's left edge, pt. */
static void add_glyph_item(text_ctx *t, text_line *ln, size_t *cap_runs,
                           PangoGlyphItem *gi, double x0, const char *text,
                           const doc_text *txt, const layout_style *st) {
  PangoItem *item = gi->item;
  PangoGlyphString *gs = gi->glyphs;
  int n = gs->num_glyphs;
  if (n <= 0)
    return;
  const font_cache fc = *font_entry(t, item->analysis.font);
  int rtl = item->analysis.level & 1;
  size_t item_end = (size_t)item->offset + (size_t)item->length;

  /* Visual positions first, then glyphs in logical order: for RTL the
   * reversed list, so that clusters always run forward through the text
   * (positions are absolute, so drawing order does not matter). */
  pglyph *g = xmalloc((size_t)n * sizeof *g);
  double pen = x0;
  for (int i = 0; i < n; i++) {
    PangoGlyphInfo *gl = &gs->glyphs[i];
    g[i].id = gl->glyph;
    g[i].pen = pen;
    g[i].dx = gl->geometry.x_offset / PU;
    g[i].dy = gl->geometry.y_offset / PU;
    g[i].adv = gl->geometry.width / PU;
    g[i].cluster = (size_t)item->offset + (size_t)gs->log_clusters[i];
    pen += g[i].adv;
  }
  if (rtl)
    for (int i = 0, j = n - 1; i < j; i++, j--) {
      pglyph tmp = g[i];
      g[i] = g[j];
      g[j] = tmp;
    }

  int i = 0;
  while (i < n) {
    /* One segment: clusters whose first byte lies in the same span. */
    int key = span_at(txt, g[i].cluster);
    int j = i + 1;
    while (j < n && (g[j].cluster == g[j - 1].cluster ||
                     span_at(txt, g[j].cluster) == key))
      j++;
    size_t s = g[i].cluster;
    size_t e = j < n ? g[j].cluster : item_end;
    text_run r = {0};
    r.font = fc.index;
    r.size = fc.size;
    r.slant = fc.slant;
    const doc_span *sp = key >= 0 ? &txt->spans[key] : NULL;
    r.flags = sp ? sp->flags : 0;
    r.url = sp && (sp->flags & DOC_LINK) ? sp->url : NULL;
    r.color = (r.flags & DOC_LINK) && t->l ? t->l->accent : st->color;
    r.utf8 = xstrndup(text + s, e - s);
    r.n_bytes = e - s;
    double left = g[i].pen, right = g[i].pen + g[i].adv;
    for (int k = i; k < j; k++) {
      if (g[k].pen < left)
        left = g[k].pen;
      if (g[k].pen + g[k].adv > right)
        right = g[k].pen + g[k].adv;
    }
    r.x = left;
    r.width = right - left;
    r.glyphs = xmalloc((size_t)(j - i) * sizeof *r.glyphs);
    r.clusters = xmalloc((size_t)(j - i) * sizeof *r.clusters);
    for (int k = i; k < j;) {
      int m = k;
      text_cluster c = {0, 0};
      while (m < j && g[m].cluster == g[k].cluster) {
        if (g[m].id != PANGO_GLYPH_EMPTY) {
          text_glyph tg;
          /* A character no font has: draw the font's .notdef box; the
           * cluster map still gives the character back. */
          tg.id = (g[m].id & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : g[m].id;
          tg.x = g[m].pen + g[m].dx - r.x;
          tg.y = g[m].dy;
          r.glyphs[r.n_glyphs++] = tg;
          c.n_glyphs++;
        }
        m++;
      }
      size_t ce = m < j ? g[m].cluster : e;
      c.n_bytes = (int)(ce - g[k].cluster);
      if (c.n_bytes > 0 || c.n_glyphs > 0)
        r.clusters[r.n_clusters++] = c;
      k = m;
    }
    push_run(ln, cap_runs, r);
    i = j;
  }
  free(g);
}

/* ---- composition: alignment and justification ----------------------
 * Everything that moves glyphs after Pango has broken the lines lives
 * here.  Issue 4 (clreq) extends compose_line: punctuation compression,
 * Han–Latin spacing, prohibition fixes that pull a character down. */

/* First code point of cluster c of run r, and of its last character. */
static void cluster_chars(const text_run *r, size_t byte, int n_bytes,
                          uint32_t *first, uint32_t *last) {
  size_t len;
  *first = utf8_decode(r->utf8 + byte, (size_t)n_bytes, &len);
  *last = *first;
  for (size_t b = len; b < (size_t)n_bytes; b += len)
    *last = utf8_decode(r->utf8 + byte + b, (size_t)n_bytes - b, &len);
}

static int is_space(uint32_t c) { return c == ' ' || c == 0x3000 || c == 0xA0; }

/* Spread extra points over the line: after spaces and between
 * characters where either side is CJK (never between two Latin letters,
 * which would letter-space words). */
static void justify_line(text_line *ln, double extra) {
  /* Flat list of clusters in visual order (runs are LTR here). */
  typedef struct fc {
    size_t run;
    uint32_t first, last;
  } fcl;
  size_t n = 0, cap = 0;
  fcl *cl = NULL;
  for (size_t ri = 0; ri < ln->n_runs; ri++) {
    text_run *r = &ln->runs[ri];
    size_t b = 0;
    for (size_t ci = 0; ci < r->n_clusters; ci++) {
      fcl c = {ri, 0, 0};
      if (r->clusters[ci].n_bytes > 0)
        cluster_chars(r, b, r->clusters[ci].n_bytes, &c.first, &c.last);
      b += (size_t)r->clusters[ci].n_bytes;
      VEC_PUSH(cl, n, cap, c);
    }
  }
  /* Trailing spaces do not count: the line ends at its last ink. */
  size_t end = n;
  while (end > 0 && (is_space(cl[end - 1].last) || cl[end - 1].last == 0))
    end--;
  int *opp = xcalloc(n ? n : 1, sizeof *opp); /* gap after cluster k */
  int total = 0;
  for (size_t k = 0; k + 1 < end; k++) {
    uint32_t a = cl[k].last, b = cl[k + 1].first;
    if (is_space(a) || is_cjk(a) || is_cjk(b)) {
      opp[k] = 1;
      total++;
    }
  }
  if (total > 0) {
    double step = extra / total;
    int before = 0; /* opportunities left of the current cluster */
    size_t k = 0;
    for (size_t ri = 0; ri < ln->n_runs; ri++) {
      text_run *r = &ln->runs[ri];
      int at_start = before;
      r->x += at_start * step;
      size_t gi = 0;
      for (size_t ci = 0; ci < r->n_clusters; ci++, k++) {
        for (int q = 0; q < r->clusters[ci].n_glyphs; q++, gi++)
          r->glyphs[gi].x += (before - at_start) * step;
        if (opp[k]) {
          before++;
          if (ci + 1 < r->n_clusters)
            r->width += step;
        }
      }
    }
  }
  free(opp);
  free(cl);
}

static void compose_line(text_line *ln, layout_align align, double width) {
  if (width <= 0)
    return;
  double extra = width - ln->width;
  if (extra <= 0)
    return;
  double shift = 0;
  switch (align) {
  case LAYOUT_ALIGN_RIGHT:
    shift = extra;
    break;
  case LAYOUT_ALIGN_CENTER:
    shift = extra / 2;
    break;
  case LAYOUT_ALIGN_JUSTIFY:
    if (!ln->last)
      justify_line(ln, extra);
    return;
  case LAYOUT_ALIGN_LEFT:
    return;
  }
  for (size_t i = 0; i < ln->n_runs; i++)
    ln->runs[i].x += shift;
}

/* ---- paragraphs ------------------------------------------------------ */

/* Shape and break.  width <= 0: no wrapping.  align_width: the width the
 * lines are aligned in (0: none). */
static text_para *shape(text_ctx *t, const doc_text *txt,
                        const layout_style *st, double width,
                        double indent, double align_width) {
  const char *src = txt && txt->text ? txt->text : "";
  size_t n = strlen(src);
  char *fixed = NULL;
  if (!g_utf8_validate(src, (gssize)n, NULL)) {
    /* Earlier stages guarantee UTF-8; keep offsets if they slip. */
    fixed = xstrdup(src);
    const char *bad;
    while (!g_utf8_validate(fixed, (gssize)n, &bad))
      fixed[bad - fixed] = '?';
    src = fixed;
  }
  check_family(t, st->family);

  PangoLayout *pl = pango_layout_new(t->pc);
  pango_layout_set_text(pl, src, (int)n);
  PangoFontDescription *d = style_desc(st);
  pango_layout_set_font_description(pl, d);
  pango_font_description_free(d);
  if (width > 0) {
    pango_layout_set_width(pl, (int)floor(width * PU));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
  } else {
    pango_layout_set_width(pl, -1);
  }
  pango_layout_set_indent(pl, (int)lround(indent * PU));
  pango_layout_set_alignment(pl, PANGO_ALIGN_LEFT);
  pango_layout_set_justify(pl, FALSE);
  PangoAttrList *al = make_attrs(t, src, n, txt, st);
  pango_layout_set_attributes(pl, al);
  pango_attr_list_unref(al);

  text_para *p = xcalloc(1, sizeof *p);
  p->width = width;
  size_t cap_lines = 0;
  PangoLayoutIter *it = pango_layout_get_iter(pl);
  do {
    PangoLayoutLine *pline = pango_layout_iter_get_line_readonly(it);
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    int base = pango_layout_iter_get_baseline(it);
    text_line ln = {0};
    size_t cap_runs = 0;
    double x = log.x / PU;
    ln.ascent = (base - log.y) / PU;
    ln.descent = (log.y + log.height - base) / PU;
    double maxsize = st->size;
    for (GSList *r = pline->runs; r; r = r->next) {
      PangoGlyphItem *gi = r->data;
      size_t before = ln.n_runs;
      add_glyph_item(t, &ln, &cap_runs, gi, x, src, txt, st);
      for (size_t k = before; k < ln.n_runs; k++)
        if (ln.runs[k].size > maxsize)
          maxsize = ln.runs[k].size;
      x += pango_glyph_string_get_width(gi->glyphs) / PU;
    }
    ln.width = x > 0 ? x : 0;
    ln.height = st->line_height > 0 ? st->line_height * maxsize
                                    : ln.ascent + ln.descent;
    VEC_PUSH(p->lines, p->n_lines, cap_lines, ln);
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);

  /* A paragraph's last line, and each line before a hard break, is not
   * justified. */
  GSList *pl_it = pango_layout_get_lines_readonly(pl);
  for (size_t i = 0; i < p->n_lines; i++) {
    GSList *next = pl_it ? pl_it->next : NULL;
    p->lines[i].last =
        !next || ((PangoLayoutLine *)next->data)->is_paragraph_start;
    pl_it = next;
  }
  for (size_t i = 0; i < p->n_lines; i++) {
    compose_line(&p->lines[i], st->align, align_width);
    p->height += p->lines[i].height;
  }
  g_object_unref(pl);
  free(fixed);
  return p;
}

text_para *text_layout(text_ctx *t, const doc_text *txt,
                       const layout_style *st, double width,
                       double first_indent) {
  return shape(t, txt, st, width, first_indent, width);
}

text_para *text_layout_plain(text_ctx *t, const char *utf8,
                             const layout_style *st, double width) {
  doc_text txt = {(char *)(utf8 ? utf8 : ""), NULL, 0};
  layout_style s = *st;
  if (s.align == LAYOUT_ALIGN_JUSTIFY)
    s.align = LAYOUT_ALIGN_LEFT;
  return shape(t, &txt, &s, 0, 0, width);
}

double text_natural_width(text_ctx *t, const doc_text *txt,
                          const layout_style *st) {
  layout_style s = *st;
  s.align = LAYOUT_ALIGN_LEFT;
  text_para *p = shape(t, txt, &s, 0, 0, 0);
  double w = 0;
  for (size_t i = 0; i < p->n_lines; i++)
    if (p->lines[i].width > w)
      w = p->lines[i].width;
  text_para_free(p);
  return w;
}

void text_para_free(text_para *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n_lines; i++) {
    text_line *ln = &p->lines[i];
    for (size_t k = 0; k < ln->n_runs; k++) {
      free(ln->runs[k].glyphs);
      free(ln->runs[k].utf8);
      free(ln->runs[k].clusters);
    }
    free(ln->runs);
  }
  free(p->lines);
  free(p);
}
