/* text.c — shaping with Pango, and the glyph runs that render draws.
 * Holds booklet's own fontconfig setup (fonts/fonts.conf, never the
 * user's), the Pango context (72 dpi, unhinted, unrounded, so 1 pt =
 * PANGO_SCALE units), the faces of each script (a style's family list
 * names a Latin face and a CJK face: quotes, dashes and ellipses take the
 * face of their context, Latin emphasis the Latin face's italic), the
 * mapping from doc_text spans to Pango attributes, the walk over Pango's
 * glyphs that cuts them into units, warnings for characters no face has,
 * running heads shortened to fit, and the paragraph cache.
 *
 * Pango shapes each paragraph unwrapped; line breaking, alignment and
 * justification are booklet's own (text_compose.c), on the units, by the
 * rules of each script: W3C clreq for Chinese, word spaces and
 * hyphenation for English (text_lang.c); see docs/typesetting.md.
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
#include "text_int.h"
#include "util.h"

#define PU ((double)PANGO_SCALE)

_Static_assert(TEXT_GLYPH_EMPTY == PANGO_GLYPH_EMPTY, "glyph ids");
_Static_assert(TEXT_GLYPH_UNKNOWN == PANGO_GLYPH_UNKNOWN_FLAG, "glyph ids");

/* A PangoFont already seen, with what the runs need to know about it. */
typedef struct font_cache {
  PangoFont *font; /* a reference we hold */
  int index;       /* into text_ctx.fonts */
  double size;     /* em size, pt */
  double slant;    /* synthetic oblique shear, 0 none */
  double ascent;   /* above the baseline, pt */
  double descent;  /* below the baseline, pt */
  uint32_t space;  /* glyph of U+0020, 0 if none */
  double space_adv;/* its advance, pt */
  uint32_t hyphen; /* glyph of the hyphen (U+002D), 0 if none */
  double hyphen_adv; /* its advance, pt */
} font_cache;

/* The faces of a style's family list by script: which comes first, and
 * the list reordered to put its Latin or its CJK face first. */
typedef struct family_roles {
  char *list;    /* the style's family list */
  int first_cjk; /* 1: its first installed face is a CJK face */
  char *latin;   /* the list with its first Latin face first, or NULL */
  char *cjk;     /* the list with its first CJK face first, or NULL */
} family_roles;

/* Emphasis treatment decided once per body family. */
typedef struct emph_choice {
  char *family;    /* the style's family list */
  int use_bold;    /* 1: the emphasis face is the body face, use bold */
} emph_choice;

/* A paragraph laid out before, by what it was laid out from (see
 * para_key).  The cache holds one reference to p. */
typedef struct para_entry {
  uint64_t hash; /* of key */
  char *key;     /* the key bytes; NULL for an empty slot */
  size_t len;    /* their count */
  text_para *p;  /* the paragraph */
} para_entry;

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
  para_entry *paras;        /* paragraphs laid out so far: an open-
                               addressed table, cap_paras a power of 2 */
  size_t n_paras, cap_paras;     /* count, allocated */
  family_roles *roles;      /* faces by script per family list */
  size_t n_roles, cap_roles;     /* count, allocated */
  uint32_t *missing;        /* characters reported as having no glyph */
  size_t n_missing, cap_missing; /* count, allocated */
  char *source;             /* input file, for missing-glyph warnings */
  int page_cjk;             /* 1: the layout's language is CJK (text with
                               no letters is in CJK context) */
  PangoLanguage *cjk_lang;  /* language of Han on a non-CJK page */
  char *hyph_lang;          /* language of hyphenation patterns: the
                               page's, English on a CJK page */
  double fixed_advance;     /* > 0: a measurer without fonts
                               (text_new_fixed): each character this
                               many em wide; no Pango, no fontconfig */
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
  const char *lang = l && l->lang && *l->lang ? l->lang : "zh-Hans";
  pango_context_set_language(t->pc, language_for(lang));
  pango_context_set_base_dir(t->pc, PANGO_DIRECTION_LTR);
  t->page_cjk = !strncasecmp(lang, "zh", 2) || !strncasecmp(lang, "ja", 2) ||
                !strncasecmp(lang, "ko", 2);
  t->cjk_lang = language_for(t->page_cjk ? lang : "zh-Hans");
  t->hyph_lang = xstrdup(t->page_cjk ? "en" : lang);
  return t;
}

text_ctx *text_new_fixed(const layout *l, double advance) {
  text_ctx *t = xcalloc(1, sizeof *t);
  t->l = l;
  t->fixed_advance = advance > 0 ? advance : 1;
  return t;
}

void text_set_source(text_ctx *t, const char *path) {
  free(t->source);
  t->source = xstrdup(path);
}

void text_free(text_ctx *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->cap_paras; i++)
    if (t->paras[i].key) {
      free(t->paras[i].key);
      text_para_free(t->paras[i].p);
    }
  free(t->paras);
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
  for (size_t i = 0; i < t->n_roles; i++)
    free(t->roles[i].list), free(t->roles[i].latin), free(t->roles[i].cjk);
  free(t->roles);
  free(t->missing);
  free(t->source);
  free(t->hyph_lang);
  if (t->pc)
    g_object_unref(t->pc);
  if (t->map)
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
  /* the logical extents Pango gives a line set in this font: its
   * HarfBuzz extents (what Pango 1.50 reads too), without
   * pango_font_get_metrics, which lays out sample text and so sorts every
   * installed font for a font set of this face */
  hb_font_t *hb = pango_font_get_hb_font(f);
  hb_font_extents_t ext;
  double asc, desc;
  if (hb && hb_font_get_h_extents(hb, &ext)) {
    asc = ext.ascender / PU;
    desc = -ext.descender / PU;
  } else {
    PangoFontMetrics *fm = pango_font_get_metrics(f, NULL);
    asc = pango_font_metrics_get_ascent(fm) / PU;
    desc = pango_font_metrics_get_descent(fm) / PU;
    pango_font_metrics_unref(fm);
  }
  /* the space glyph, to stand in added space in the text layer */
  hb_codepoint_t sp = 0;
  double sp_adv = 0;
  if (hb && hb_font_get_nominal_glyph(hb, 0x20, &sp) && sp) {
    PangoRectangle lr;
    pango_font_get_glyph_extents(f, sp, NULL, &lr);
    sp_adv = lr.width / PU;
  }
  /* and the hyphen drawn at hyphenation points */
  hb_codepoint_t hy = 0;
  double hy_adv = 0;
  if (hb && hb_font_get_nominal_glyph(hb, '-', &hy) && hy) {
    PangoRectangle lr;
    pango_font_get_glyph_extents(f, hy, NULL, &lr);
    hy_adv = lr.width / PU;
  }
  font_cache c = {g_object_ref(f), idx, size, slant, asc, desc, sp, sp_adv,
                  hy, hy_adv};
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
  if (!list || !*list || diag_muted()) /* muted: the next pass reports */
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

/* ---- faces by script -------------------------------------------------- */

/* Is the installed face of family fam a CJK face (one that covers
 * Simplified Chinese)?  1 yes, 0 a Latin face, -1 not installed.  Asked of
 * fontconfig directly: a Pango font set would sort every installed font. */
static int face_is_cjk(text_ctx *t, const char *fam) {
  FcPattern *p = FcPatternCreate();
  FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)fam);
  FcConfigSubstitute(t->fc, p, FcMatchPattern);
  FcDefaultSubstitute(p);
  FcResult res;
  FcPattern *m = FcFontMatch(t->fc, p, &res);
  FcPatternDestroy(p);
  int r = -1;
  FcLangSet *ls = NULL;
  if (m && pattern_has_family(m, fam))
    r = FcPatternGetLangSet(m, FC_LANG, 0, &ls) == FcResultMatch && ls &&
        FcLangSetHasLang(ls, (const FcChar8 *)"zh-cn") != FcLangDifferentLang;
  if (m)
    FcPatternDestroy(m);
  return r;
}

/* The family list with its member at index `at` moved to the front.
 * Caller frees. */
static char *list_with_first(char **fams, size_t n, size_t at) {
  strbuf b = {0};
  sb_add(&b, fams[at]);
  for (size_t i = 0; i < n; i++)
    if (i != at)
      sb_addf(&b, ", %s", fams[i]);
  return sb_take(&b);
}

/* The Latin and CJK faces of a style's family list, decided once. */
static const family_roles *roles_of(text_ctx *t, const char *list) {
  if (!list)
    list = "serif";
  for (size_t i = 0; i < t->n_roles; i++)
    if (!strcmp(t->roles[i].list, list))
      return &t->roles[i];
  family_roles r = {xstrdup(list), 1, NULL, NULL};
  char **fams = NULL;
  size_t n = 0, cap = 0;
  for (const char *p = list; *p;) {
    const char *e = strchr(p, ',');
    char *raw = xstrndup(p, e ? (size_t)(e - p) : strlen(p));
    char *f = util_trim(raw);
    free(raw);
    if (*f)
      VEC_PUSH(fams, n, cap, f);
    else
      free(f);
    p = e ? e + 1 : p + strlen(p);
  }
  int latin = -1, cjk = -1;
  for (size_t i = 0; i < n && (latin < 0 || cjk < 0); i++) {
    if (is_generic(fams[i]))
      continue;
    int c = face_is_cjk(t, fams[i]);
    if (c == 1 && cjk < 0)
      cjk = (int)i;
    if (c == 0 && latin < 0)
      latin = (int)i;
  }
  r.first_cjk = cjk >= 0 && (latin < 0 || cjk < latin);
  if (latin >= 0)
    r.latin = list_with_first(fams, n, (size_t)latin);
  if (cjk >= 0)
    r.cjk = list_with_first(fams, n, (size_t)cjk);
  for (size_t i = 0; i < n; i++)
    free(fams[i]);
  free(fams);
  VEC_PUSH(t->roles, t->n_roles, t->cap_roles, r);
  return &t->roles[t->n_roles - 1];
}

/* ---- attributes ------------------------------------------------------ */

static void add_attr(PangoAttrList *al, PangoAttribute *a, size_t s,
                     size_t e) {
  a->start_index = (guint)s;
  a->end_index = (guint)e;
  pango_attr_list_insert(al, a);
}

/* EMPH over [s,e): the emphasis face for CJK stretches, italic for the
 * rest: the Latin face's real italic (on a Chinese page too), else
 * fontconfig's synthetic oblique, which render reproduces. */
static void add_emph(text_ctx *t, PangoAttrList *al, const char *text,
                     const unsigned char *flags, size_t s, size_t e,
                     const layout_style *st, const family_roles *fr) {
  int bold = emph_uses_bold(t, st);
  if (!bold)
    check_family(t, emph_family(t));
  for (size_t i = s; i < e;) {
    int cjk = flags[i] & TX_CJK;
    size_t j = i + 1;
    while (j < e && ((text[j] & 0xC0) == 0x80 || (flags[j] & TX_CJK) == cjk))
      j++;
    if (cjk && bold)
      add_attr(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), i, j);
    else if (cjk)
      add_attr(al, pango_attr_family_new(emph_family(t)), i, j);
    else {
      add_attr(al, pango_attr_style_new(PANGO_STYLE_ITALIC), i, j);
      if (fr->first_cjk && fr->latin)
        add_attr(al, pango_attr_family_new(fr->latin), i, j);
    }
    i = j;
  }
}

/* Quotes, dashes and ellipses from the face of their context: in CJK context the CJK face's full-width forms, in Latin
 * context the Latin face's proportional ones; …… and —— always CJK.
 * Han on a page in another language is tagged Chinese (its glyph
 * forms). */
static void add_script_faces(text_ctx *t, PangoAttrList *al, const char *s,
                             size_t n, const unsigned char *flags,
                             const family_roles *fr) {
  int page_cjk = t->page_cjk;
  for (size_t i = 0; i < n;) {
    size_t len;
    uint32_t c = utf8_decode(s + i, n - i, &len);
    if (flags[i] & TX_NOFACE) {
      i += len;
      continue;
    }
    int ctx = flags[i] & TX_CJK;
    int punct = c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
                c == 0x2026 || c == 0x2014 || c == 0x2025;
    if (punct) {
      size_t l2 = 0;
      uint32_t next = i + len < n ? utf8_decode(s + i + len, n - i - len, &l2)
                                  : 0;
      uint32_t before = 0;
      if (i > 0) {
        size_t b = i - 1;
        while (b > 0 && (s[b] & 0xC0) == 0x80)
          b--;
        before = utf8_decode(s + b, n - b, &l2);
      }
      int doubled = (c == 0x2026 || c == 0x2014) && (next == c || before == c);
      if ((ctx || doubled) && !fr->first_cjk && fr->cjk)
        add_attr(al, pango_attr_family_new(fr->cjk), i, i + len);
      else if (!ctx && !doubled && fr->first_cjk && fr->latin)
        add_attr(al, pango_attr_family_new(fr->latin), i, i + len);
    } else if (ctx && !page_cjk && text_is_cjk(c)) {
      size_t j = i + len;
      while (j < n && (flags[j] & TX_CJK))
        j++;
      add_attr(al, pango_attr_language_new(t->cjk_lang), i, j);
      i = j;
      continue;
    }
    i += len;
  }
}

static PangoAttrList *make_attrs(text_ctx *t, const char *text, size_t n,
                                 const doc_text *txt, const layout_style *st,
                                 const unsigned char *flags,
                                 const family_roles *fr) {
  PangoAttrList *al = pango_attr_list_new();
  /* Never insert a hyphen that is not in the source: booklet draws its
   * own at hyphenation points only. */
  add_attr(al, pango_attr_insert_hyphens_new(FALSE), 0, n);
  add_script_faces(t, al, text, n, flags, fr);
  for (size_t k = 0; txt && k < txt->n_spans; k++) {
    const doc_span *sp = &txt->spans[k];
    size_t s = sp->start, e = sp->end < n ? sp->end : n;
    if (s >= e)
      continue;
    double scale = 1;
    if (sp->flags & DOC_BOLD)
      add_attr(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, e);
    if (sp->flags & DOC_EMPH)
      add_emph(t, al, text, flags, s, e, st, fr);
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
  for (size_t i = 0; i < n; i++)
    if (flags[i] & (TX_COMPRESS | TX_COMPRESS_L)) {
      size_t len;
      utf8_decode(text + i, n - i, &len);
      add_attr(al, pango_attr_font_features_new("halt"), i, i + len);
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

/* ---- missing glyphs ------------------------------------------------------ */

/* Line of the first occurrence of s in the file at path, or 0. */
static int line_of(const char *path, const char *s) {
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (!f)
    return 0;
  char buf[8192];
  int line = 1, found = 0;
  size_t keep = 0, sl = strlen(s);
  /* lines are counted in each chunk; a match may straddle two chunks */
  while (!found) {
    size_t got = fread(buf + keep, 1, sizeof buf - 1 - keep, f);
    if (!got)
      break;
    size_t len = keep + got;
    buf[len] = 0;
    char *hit = memmem(buf, len, s, sl);
    size_t upto = hit ? (size_t)(hit - buf) : len > sl ? len - sl : 0;
    for (size_t i = keep ? keep : 0; i < upto; i++)
      line += buf[i] == '\n';
    if (hit) {
      found = 1;
      break;
    }
    keep = len - upto;
    memmove(buf, buf + upto, keep);
    for (size_t i = 0; i < keep; i++) /* counted again next round */
      line -= buf[i] == '\n';
    keep = keep > sl ? sl : keep;
  }
  fclose(f);
  return found ? line : 0;
}

/* A character no face has (drawn as the .notdef box): one warning per
 * character, at the line of the input where it first appears. */
static void report_missing(text_ctx *t, uint32_t cp) {
  if (diag_muted() || cp < 0x20 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
      cp == 0x200D || cp == 0xAD)
    return; /* the next pass reports; joiners and selectors draw nothing */
  for (size_t i = 0; i < t->n_missing; i++)
    if (t->missing[i] == cp)
      return;
  VEC_PUSH(t->missing, t->n_missing, t->cap_missing, cp);
  strbuf ch = {0};
  utf8_encode(&ch, cp);
  diag_report(DIAG_GLYPH_MISSING, t->source, line_of(t->source, ch.s), 0,
              (unsigned)cp, ch.s);
  sb_free(&ch);
}

/* ---- units ------------------------------------------------------------ */

static int unit_cmp(const void *a, const void *b) {
  const unit *x = a, *y = b;
  return x->b0 < y->b0 ? -1 : x->b0 > y->b0;
}

/* The units of one glyph item (clusters: runs of glyphs with the same
 * cluster byte). */
static void item_units(hline *h, size_t *cap_u, int ii, size_t item_end) {
  const gitem *it = &h->items[ii];
  for (int i = 0; i < it->n;) {
    int j = i + 1;
    while (j < it->n && it->g[j].cluster == it->g[i].cluster)
      j++;
    unit u = {0};
    u.item = ii;
    u.g0 = i, u.g1 = j;
    u.b0 = it->g[i].cluster;
    if (!it->rtl)
      u.b1 = j < it->n ? it->g[j].cluster : item_end;
    else
      u.b1 = i > 0 ? it->g[i - 1].cluster : item_end;
    for (int k = i; k < j; k++)
      u.adv += it->g[k].adv;
    VEC_PUSH(h->u, h->n, *cap_u, u);
    i = j;
  }
}

/* Glyph items and units of one unwrapped Pango line. */
static void collect_units(text_ctx *t, hline *h, PangoLayoutLine *pline) {
  size_t cap_items = 0, cap_u = 0;
  int any_rtl = 0;
  for (GSList *r = pline->runs; r; r = r->next) {
    PangoGlyphItem *gi = r->data;
    PangoItem *item = gi->item;
    PangoGlyphString *gs = gi->glyphs;
    if (gs->num_glyphs <= 0)
      continue;
    const font_cache *fc = font_entry(t, item->analysis.font);
    gitem it = {fc->index,   fc->size,       fc->slant,
                fc->ascent,  fc->descent,    item->analysis.level & 1,
                fc->space,   fc->space_adv,  fc->hyphen,
                fc->hyphen_adv, NULL,        gs->num_glyphs};
    it.g = xmalloc((size_t)it.n * sizeof *it.g);
    double pen = 0;
    for (int i = 0; i < it.n; i++) {
      PangoGlyphInfo *gl = &gs->glyphs[i];
      it.g[i].id = gl->glyph;
      it.g[i].pen = pen;
      it.g[i].dx = gl->geometry.x_offset / PU;
      it.g[i].dy = gl->geometry.y_offset / PU;
      it.g[i].adv = gl->geometry.width / PU;
      it.g[i].cluster = (size_t)item->offset + (size_t)gs->log_clusters[i];
      pen += it.g[i].adv;
      if (gl->glyph != PANGO_GLYPH_EMPTY &&
          (gl->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
        report_missing(t, gl->glyph & ~PANGO_GLYPH_UNKNOWN_FLAG);
    }
    VEC_PUSH(h->items, h->n_items, cap_items, it);
    any_rtl |= it.rtl;
    item_units(h, &cap_u, (int)h->n_items - 1,
               (size_t)item->offset + (size_t)item->length);
  }
  if (any_rtl)
    qsort(h->u, h->n, sizeof *h->u, unit_cmp);
}

/* ---- paragraphs ------------------------------------------------------ */

/* txt with straight quotes and dashes typeset (text_smarten), its spans
 * moved along; *out owns its text and spans (free with doc_text_free)
 * when it differs, else it is txt itself, borrowed. */
static int smarten(const doc_text *txt, int compose, doc_text *out) {
  *out = *txt;
  const char *src = txt->text;
  size_t n = strlen(src);
  if (!compose || !n)
    return 0;
  unsigned char *skip = xcalloc(n + 1, 1);
  for (size_t k = 0; k < txt->n_spans; k++)
    if (txt->spans[k].flags & DOC_CODE)
      for (size_t b = txt->spans[k].start; b < txt->spans[k].end && b < n; b++)
        skip[b] = 1;
  size_t *map = xmalloc((n + 1) * sizeof *map);
  char *sm = text_smarten(src, n, skip, map);
  free(skip);
  if (!sm) {
    free(map);
    return 0;
  }
  out->text = sm;
  out->spans = xcalloc(txt->n_spans ? txt->n_spans : 1, sizeof *out->spans);
  for (size_t k = 0; k < txt->n_spans; k++) {
    out->spans[k] = txt->spans[k];
    out->spans[k].start = map[txt->spans[k].start < n ? txt->spans[k].start : n];
    out->spans[k].end = map[txt->spans[k].end < n ? txt->spans[k].end : n];
    out->spans[k].url = xstrdup(txt->spans[k].url);
  }
  free(map);
  return 1;
}

/* Per byte: script context, code and links (never hyphenated, faces
 * left alone in code), compressed marks, and Pango's line breaks and
 * character boundaries. */
static unsigned char *byte_flags(text_ctx *t, const char *src, size_t n,
                                 const doc_text *txt, int compose) {
  unsigned char *flags = xcalloc(n + 1, 1);
  text_script(src, n, t->page_cjk, flags);
  for (size_t k = 0; txt && k < txt->n_spans; k++) {
    const doc_span *sp = &txt->spans[k];
    unsigned f = (sp->flags & DOC_CODE) ? TX_NOHYPH | TX_NOFACE
                 : (sp->flags & DOC_LINK) ? TX_NOHYPH
                                          : 0;
    for (size_t b = sp->start; f && b < sp->end && b < n; b++)
      flags[b] |= (unsigned char)f;
  }
  if (compose)
    compose_compression(src, n, flags);
  return flags;
}

static void pango_breaks(PangoLayout *pl, const char *src, size_t n,
                         unsigned char *flags) {
  int n_la = 0;
  const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(pl, &n_la);
  int ci = 0;
  for (size_t b = 0; b <= n && ci < n_la; ci++) {
    size_t len = 1;
    if (b < n)
      utf8_decode(src + b, n - b, &len);
    if (la[ci].is_line_break)
      flags[b] |= TX_LB;
    if (la[ci].is_cursor_position)
      flags[b] |= TX_CURSOR;
    b += len;
  }
}

/* The lines of one hard line of the layout into p. */
static void compose_hard_line(text_ctx *t, const compose_ctx *c,
                              PangoLayoutLine *pline, double width,
                              const double *x, double align_width,
                              text_para *p, size_t *cap_lines) {
  hline h = {0};
  if (!pline->runs) {
    /* an empty line is as high as Pango sets it (only then asked: the
     * run heights Pango computes come from font metrics, which cost a
     * font set of every face's own name) */
    PangoRectangle log;
    pango_layout_line_get_extents(pline, NULL, &log);
    h.ascent = -log.y / PU;
    h.descent = (log.height + log.y) / PU;
  }
  collect_units(t, &h, pline);
  compose_spacing(c, &h);
  double avail[2] = {width - x[0], width - x[1]};
  compose_breaks(c, &h, width > 0 ? avail[1] : 0);
  size_t n_ends;
  size_t *ends = compose_break_lines(c, &h, avail, width > 0, &n_ends);
  size_t start = 0;
  const layout_style *st = c->st;
  for (size_t m = 0; m < n_ends; m++) {
    text_line ln = compose_line(c, &h, start, ends[m], x[m ? 1 : 0],
                                avail[m ? 1 : 0], align_width, m + 1 == n_ends);
    double maxsize = st->size;
    for (size_t k = 0; k < ln.n_runs; k++)
      if (ln.runs[k].size > maxsize)
        maxsize = ln.runs[k].size;
    ln.height = st->line_height > 0 ? st->line_height * maxsize
                                    : ln.ascent + ln.descent;
    VEC_PUSH(p->lines, p->n_lines, *cap_lines, ln);
    p->height += ln.height;
    start = ends[m];
  }
  free(ends);
  compose_hline_free(&h);
}

/* Shape and break.  width <= 0: no wrapping.  indent: added to the first
 * line (negative: to every other line).  align_width: the width the
 * lines are aligned in (0: none). */
static text_para *shape(text_ctx *t, const doc_text *in,
                        const layout_style *st, double width,
                        double indent, double align_width) {
  if (t->fixed_advance > 0)
    return text_fixed_shape(in, st, width, indent, t->fixed_advance);
  doc_text txt0 = {in && in->text ? in->text : "", in ? in->spans : NULL,
                   in ? in->n_spans : 0};
  char *fixed = NULL;
  size_t n0 = strlen(txt0.text);
  if (!g_utf8_validate(txt0.text, (gssize)n0, NULL)) {
    /* Earlier stages guarantee UTF-8; keep offsets if they slip. */
    fixed = xstrdup(txt0.text);
    const char *bad;
    while (!g_utf8_validate(fixed, (gssize)n0, &bad))
      fixed[bad - fixed] = '?';
    txt0.text = fixed;
  }
  check_family(t, st->family);
  int compose = !(st->name && !strcmp(st->name, "code"));
  doc_text txt;
  int owned = smarten(&txt0, compose, &txt);
  const char *src = txt.text;
  size_t n = strlen(src);
  const family_roles *fr = roles_of(t, st->family);
  unsigned char *flags = byte_flags(t, src, n, &txt, compose);

  PangoLayout *pl = pango_layout_new(t->pc);
  pango_layout_set_text(pl, src, (int)n);
  PangoFontDescription *d = style_desc(st);
  pango_layout_set_font_description(pl, d);
  pango_font_description_free(d);
  pango_layout_set_width(pl, -1);
  pango_layout_set_alignment(pl, PANGO_ALIGN_LEFT);
  PangoAttrList *al = make_attrs(t, src, n, &txt, st, flags, fr);
  pango_layout_set_attributes(pl, al);
  pango_attr_list_unref(al);
  pango_breaks(pl, src, n, flags);

  const layout *l = t->l;
  compose_ctx c = {
      .text = src, .n = n, .flags = flags, .txt = &txt, .st = st,
      .compose = compose,
      .q = l ? l->cjk_latin_space : 0.25,
      .word_space_max = l && l->word_space_max > 0 ? l->word_space_max : 0.8,
      .hyphenate = l && l->hyphenate && st->align == LAYOUT_ALIGN_JUSTIFY &&
                   !st->balance,
      .hyph_lang = t->hyph_lang,
      .link_color = l ? l->accent : st->color};
  text_para *p = xcalloc(1, sizeof *p);
  p->width = width;
  size_t cap_lines = 0;
  /* x of the first line and of the others */
  double x[2] = {indent > 0 ? indent : 0, indent < 0 ? -indent : 0};
  for (GSList *pli = pango_layout_get_lines_readonly(pl); pli;
       pli = pli->next) {
    compose_hard_line(t, &c, pli->data, width, x, align_width, p, &cap_lines);
    x[0] = 0; /* the indent is the paragraph's first line's */
  }
  free(flags);
  g_object_unref(pl);
  if (owned)
    doc_text_free(&txt);
  free(fixed);
  return p;
}

/* ---- paragraph cache -------------------------------------------------- */

/* Booklet lays most paragraphs out more than once: flow measures a block
 * for keep-with-next and then places it, and the whole document is
 * flowed twice when the contents need page numbers.  text_layout keeps
 * every paragraph it makes, keyed by all it depends on, and hands the
 * same one out again (with a reference more). */

static void key_add(strbuf *k, const void *v, size_t n) {
  sb_addn(k, (const char *)v, n);
}

/* The key: the style's fields that shape reads, the widths, the text and
 * its spans with their link targets (the runs keep copies of those). */
static void para_key(strbuf *k, const doc_text *txt, const layout_style *st,
                     double width, double indent) {
  const char *fam = st->family ? st->family : "";
  const char *name = st->name ? st->name : "";
  key_add(k, fam, strlen(fam) + 1);
  key_add(k, name, strlen(name) + 1);
  key_add(k, &st->size, sizeof st->size);
  key_add(k, &st->weight, sizeof st->weight);
  key_add(k, &st->italic, sizeof st->italic);
  key_add(k, &st->line_height, sizeof st->line_height);
  key_add(k, &st->align, sizeof st->align);
  key_add(k, &st->balance, sizeof st->balance);
  key_add(k, &st->color, sizeof st->color);
  key_add(k, &width, sizeof width);
  key_add(k, &indent, sizeof indent);
  const char *text = txt && txt->text ? txt->text : "";
  key_add(k, text, strlen(text) + 1);
  for (size_t i = 0; txt && i < txt->n_spans; i++) {
    const doc_span *sp = &txt->spans[i];
    key_add(k, &sp->start, sizeof sp->start);
    key_add(k, &sp->end, sizeof sp->end);
    key_add(k, &sp->flags, sizeof sp->flags);
    const char *url = sp->url ? sp->url : "";
    key_add(k, url, strlen(url) + 1);
  }
}

static uint64_t fnv1a(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

/* The slot of key k (hash h): its entry, or the empty slot for it. */
static para_entry *para_slot(text_ctx *t, uint64_t h, const strbuf *k) {
  size_t mask = t->cap_paras - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    para_entry *e = &t->paras[i];
    if (!e->key ||
        (e->hash == h && e->len == k->len && !memcmp(e->key, k->s, k->len)))
      return e;
  }
}

/* Room for one more entry: the table doubles at half full. */
static void para_grow(text_ctx *t) {
  if (2 * (t->n_paras + 1) <= t->cap_paras)
    return;
  para_entry *old = t->paras;
  size_t n = t->cap_paras;
  t->cap_paras = n ? 2 * n : 256;
  t->paras = xcalloc(t->cap_paras, sizeof *t->paras);
  for (size_t i = 0; i < n; i++)
    if (old[i].key) {
      size_t mask = t->cap_paras - 1, j = (size_t)old[i].hash & mask;
      while (t->paras[j].key)
        j = (j + 1) & mask;
      t->paras[j] = old[i];
    }
  free(old);
}

/* A cached paragraph's once-only checks (a missing family is reported
 * by the first unmuted layout that uses it). */
static void recheck(text_ctx *t, const doc_text *txt, const layout_style *st) {
  if (diag_muted() || t->fixed_advance > 0)
    return;
  check_family(t, st->family);
  for (size_t i = 0; txt && i < txt->n_spans; i++) {
    if ((txt->spans[i].flags & DOC_EMPH) && !emph_uses_bold(t, st))
      check_family(t, emph_family(t));
    if (txt->spans[i].flags & DOC_CODE)
      check_family(t, code_family(t));
  }
}

text_para *text_layout(text_ctx *t, const doc_text *txt,
                       const layout_style *st, double width,
                       double first_indent) {
  strbuf k = {0};
  para_key(&k, txt, st, width, first_indent);
  uint64_t h = fnv1a(k.s, k.len);
  para_grow(t);
  para_entry *e = para_slot(t, h, &k);
  if (e->key) {
    sb_free(&k);
    recheck(t, txt, st);
    e->p->refs++;
    return e->p;
  }
  text_para *p = shape(t, txt, st, width, first_indent, width);
  e->hash = h;
  e->len = k.len;
  e->key = sb_take(&k);
  e->p = p;
  t->n_paras++;
  p->refs++; /* the cache's */
  return p;
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

text_para *text_para_ref(text_para *p) {
  if (p)
    p->refs++;
  return p;
}

void text_para_free(text_para *p) {
  if (!p || p->refs-- > 0)
    return;
  for (size_t i = 0; i < p->n_lines; i++) {
    text_line *ln = &p->lines[i];
    for (size_t k = 0; k < ln->n_runs; k++) {
      free(ln->runs[k].glyphs);
      free(ln->runs[k].utf8);
      free(ln->runs[k].clusters);
      free(ln->runs[k].url);
    }
    free(ln->runs);
  }
  free(p->lines);
  free(p);
}

/* ---- running heads ------------------------------------------------------ */

/* Width of utf8 on one line in st, pt. */
static double plain_width(text_ctx *t, const char *utf8,
                          const layout_style *st) {
  doc_text txt = {(char *)utf8, NULL, 0};
  return text_natural_width(t, &txt, st);
}

/* How good a place is to cut a running head before, worst first. */
typedef enum cut_kind {
  CUT_NONE,  /* not a character boundary */
  CUT_ANY,   /* between Han characters (or others) */
  CUT_WORD,  /* at a space between words */
  CUT_CLAUSE /* after a clause mark */
} cut_kind;

/* The least share of what fits, in tenths, that a cut of each kind may
 * keep (a clause mark anywhere in the first half is no good cut). */
static const int cut_keep_tenths[] = {
    [CUT_NONE] = 0, [CUT_ANY] = 0, [CUT_WORD] = 5, [CUT_CLAUSE] = 6};

/* The kind of cut before byte b of s. */
static cut_kind cut_quality(const char *s, size_t b) {
  if ((s[b] & 0xC0) == 0x80)
    return CUT_NONE;
  size_t p = b - 1;
  while (p > 0 && (s[p] & 0xC0) == 0x80)
    p--;
  size_t len;
  uint32_t before = utf8_decode(s + p, b - p, &len);
  static const uint32_t clause[] = {':', ';', ',', '|', 0x2014, 0x2013,
                                    0xFF1A, 0xFF1B, 0xFF0C, 0x3001, 0xFF5C,
                                    0x00B7};
  for (size_t i = 0; i < sizeof clause / sizeof *clause; i++)
    if (before == clause[i])
      return CUT_CLAUSE;
  if (s[b] == ' ')
    return CUT_WORD;
  uint32_t at = utf8_decode(s + b, strlen(s + b), &len);
  return text_is_cjk(before) || text_is_cjk(at) ? CUT_ANY : CUT_NONE;
}

/* s[0, b) without trailing spaces and clause marks, then "…". */
static char *with_ellipsis(const char *s, size_t b) {
  while (b > 0) {
    size_t p = b - 1;
    while (p > 0 && (s[p] & 0xC0) == 0x80)
      p--;
    size_t len;
    uint32_t c = utf8_decode(s + p, b - p, &len);
    if (c != ' ' && c != ':' && c != ';' && c != ',' && c != '-' &&
        c != 0x2014 && c != 0x2013 && c != 0xFF1A && c != 0xFF0C &&
        c != 0x3001 && c != 0xFF1B && c != '|' && c != 0x00B7)
      break;
    b = p;
  }
  return xasprintf("%.*s\u2026", (int)b, s);
}

char *text_fit(text_ctx *t, const char *utf8, const layout_style *st,
               double width) {
  if (!utf8 || plain_width(t, utf8, st) <= width + 1e-6)
    return xstrdup(utf8 ? utf8 : "");
  /* the longest prefix that fits with its ellipsis (widths grow with
   * the prefix), found by bisection over character boundaries */
  size_t n = strlen(utf8), nb = 0;
  size_t *at = xmalloc((n + 1) * sizeof *at);
  for (size_t b = 0; b < n; b++)
    if ((utf8[b] & 0xC0) != 0x80)
      at[nb++] = b;
  size_t lo = 0, hi = nb ? nb - 1 : 0;
  while (lo < hi) {
    size_t mid = (lo + hi + 1) / 2;
    char *c = with_ellipsis(utf8, at[mid]);
    int fits = plain_width(t, c, st) <= width + 1e-6;
    free(c);
    if (fits)
      lo = mid;
    else
      hi = mid - 1;
  }
  lo = nb ? at[lo] : 0;
  free(at);
  /* the best cut within it: a clause, else a word, else anywhere, as
   * long as it keeps most of what fits */
  size_t cut = 0;
  for (int q = CUT_CLAUSE; q >= CUT_ANY && !cut; q--)
    for (size_t b = lo; b > 0 && b * 10 >= lo * (size_t)cut_keep_tenths[q]; b--)
      if (b < n && cut_quality(utf8, b) >= (cut_kind)q) {
        cut = b;
        break;
      }
  return with_ellipsis(utf8, cut ? cut : lo);
}
