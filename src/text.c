/* text.c — shaping and line breaking with Pango, and the glyph runs that
 * render draws.  Holds booklet's own fontconfig setup (fonts/fonts.conf,
 * never the user's), the Pango context (72 dpi, unhinted, unrounded, so
 * 1 pt = PANGO_SCALE units), the mapping from doc_text spans to Pango
 * attributes, and the walk over Pango's lines that turns them into
 * text_line / text_run / text_glyph in points with cluster maps.
 *
 * Pango shapes each paragraph unwrapped; line breaking, alignment and
 * justification are booklet's own, on the text_line arrays, following
 * W3C clreq (line-start and line-end prohibition, punctuation
 * compression, Han–Latin spacing, justification between characters,
 * whole-paragraph breaking): see "composition" below and
 * docs/typesetting.md.
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
  double ascent;   /* above the baseline, pt */
  double descent;  /* below the baseline, pt */
  uint32_t space;  /* glyph of U+0020, 0 if none */
  double space_adv;/* its advance, pt */
} font_cache;

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
  /* the logical extents Pango gives a line set in this font */
  PangoFontMetrics *fm = pango_font_get_metrics(f, NULL);
  double asc = pango_font_metrics_get_ascent(fm) / PU;
  double desc = pango_font_metrics_get_descent(fm) / PU;
  pango_font_metrics_unref(fm);
  /* the space glyph, to stand in added space in the text layer */
  hb_codepoint_t sp = 0;
  double sp_adv = 0;
  hb_font_t *hb = pango_font_get_hb_font(f);
  if (hb && hb_font_get_nominal_glyph(hb, 0x20, &sp) && sp) {
    PangoRectangle lr;
    pango_font_get_glyph_extents(f, sp, NULL, &lr);
    sp_adv = lr.width / PU;
  }
  font_cache c = {g_object_ref(f), idx, size, slant, asc, desc, sp, sp_adv};
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

/* ---- spans ---------------------------------------------------------- */

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

/* ---- composition -----------------------------------------------------
 * A paragraph is shaped once, unwrapped (one Pango line per hard line);
 * the glyphs are cut into units (shaping clusters, the smallest pieces
 * a line can break between) and booklet breaks the lines itself, after
 * W3C "Requirements for Chinese Text Layout" (clreq):
 *   - line-start and line-end prohibition: never a break before closing
 *     punctuation (，。、；：？！）」』》…— and their half-width forms) or
 *     after opening punctuation (（「『《“‘); the character before is
 *     pulled down to the next line instead;
 *   - a quarter em (layout cjk_latin_space) between Han and Latin letters
 *     or digits, whether or not the source had a space there (a source
 *     space becomes exactly that; several spaces count as one);
 *   - adjacent full-width punctuation compressed with the font's `halt`
 *     feature (，（ or 。」 take 1.5 em, not 2), given back its full width
 *     when a line break splits the pair;
 *   - justified text is broken for the whole paragraph at once (a small
 *     Knuth–Plass: the least stretch over all lines), so a Latin word
 *     that does not fit moves a character or two on earlier lines
 *     instead of spacing out one line; long URLs and words are broken
 *     anywhere (never before closing punctuation) so lines fill; a last
 *     line of a single character is avoided;
 *   - the extra space of a justified line goes between characters: the
 *     gaps around CJK characters and the spaces first, a little between
 *     Latin letters only when those are too few.
 * Added space lives in glyph positions only: the text and cluster maps
 * of the runs are the source's bytes, so copy and search give it back.
 * Code (style "code") is set as written: no added space, no compression. */

/* Classes of characters for composition. */
enum { U_OTHER, U_SPACE, U_HAN, U_CJKP, U_LATIN };
/* The break before a unit, from never to last resort. */
enum { BRK_NO, BRK_OK, BRK_LONG, BRK_ANY };
/* What the gap after a unit does in justification. */
enum { OPP_NONE, OPP_SPACE, OPP_CJK, OPP_LATIN };

static int char_class(uint32_t c) {
  if (c == ' ' || c == '\t' || c == 0x3000)
    return U_SPACE;
  if (utf8_is_han(c) || (c >= 0x2E80 && c <= 0x2FDF) ||
      (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3100 && c <= 0x312F) ||
      (c >= 0x31A0 && c <= 0x31FF) || (c >= 0xAC00 && c <= 0xD7AF) ||
      (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
      (c >= 0xFF41 && c <= 0xFF5A) || (c >= 0xFF66 && c <= 0xFFDC) ||
      c == 0x3005 || c == 0x3007)
    return U_HAN;
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFFEF) || c == 0x201C || c == 0x201D ||
      c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2025 ||
      c == 0x2014 || c == 0x00B7 || c == 0x22EF)
    return U_CJKP;
  if (g_unichar_isalnum(c))
    return U_LATIN;
  return U_OTHER;
}

static int in_list(uint32_t c, const uint32_t *set, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (set[i] == c)
      return 1;
  return 0;
}

/* clreq line-start prohibition: characters no line may begin with. */
static int no_line_start(uint32_t c) {
  static const uint32_t set[] = {
      /* full-width stops and closing brackets, quotes */
      0xFF0C, 0x3002, 0x3001, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01,
      0xFF09, 0xFF3D, 0xFF5D, 0x3015, 0x3009, 0x300B, 0x300D, 0x300F,
      0x3011, 0x3017, 0x3019, 0x301B, 0xFF60, 0x201D, 0x2019, 0x3003,
      0xFF05, 0xFF61, 0xFF63, 0xFF64, 0xFF65,
      /* marks that are never split from what they follow */
      0x2026, 0x2025, 0x22EF, 0x2014, 0x2013, 0x2010, 0x301C, 0xFF5E,
      0x30FB, 0x30A0, 0x30FC, 0x3005, 0x303B, 0x203C, 0x2047, 0x2048,
      0x2049, 0x2030, 0x2103, 0x00B0,
      /* half-width forms */
      ',', '.', ';', ':', '?', '!', ')', ']', '}', '%'};
  if (in_list(c, set, sizeof set / sizeof *set))
    return 1;
  /* small kana */
  static const uint32_t kana[] = {0x3041, 0x3043, 0x3045, 0x3047, 0x3049,
                                  0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
                                  0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5,
                                  0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5,
                                  0x30E7, 0x30EE, 0x30F5, 0x30F6};
  return in_list(c, kana, sizeof kana / sizeof *kana) ||
         (c >= 0x31F0 && c <= 0x31FF);
}

/* clreq line-end prohibition: characters no line may end with. */
static int no_line_end(uint32_t c) {
  static const uint32_t set[] = {0xFF08, 0xFF3B, 0xFF5B, 0x3014, 0x3008,
                                 0x300A, 0x300C, 0x300E, 0x3010, 0x3016,
                                 0x3018, 0x301A, 0xFF5F, 0xFF62, 0x201C,
                                 0x2018, '(', '[', '{'};
  return in_list(c, set, sizeof set / sizeof *set);
}

/* Full-width punctuation with its blank half on the right (closing
 * brackets, and in Simplified Chinese the stops, set at the left of
 * their em), and with it on the left (opening brackets). */
static int blank_right(uint32_t c) {
  static const uint32_t set[] = {
      0xFF0C, 0x3002, 0x3001, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,
      0xFF09, 0xFF3D, 0xFF5D, 0x3015, 0x3009, 0x300B, 0x300D, 0x300F,
      0x3011, 0x3017, 0x3019, 0x201D, 0x2019};
  return in_list(c, set, sizeof set / sizeof *set);
}

static int blank_left(uint32_t c) {
  static const uint32_t set[] = {0xFF08, 0xFF3B, 0xFF5B, 0x3014, 0x3008,
                                 0x300A, 0x300C, 0x300E, 0x3010, 0x3016,
                                 0x3018, 0x201C, 0x2018};
  return in_list(c, set, sizeof set / sizeof *set);
}

/* Punctuation compression, decided on the text before shaping: in each
 * pair of adjacent full-width marks one gives up its blank half — the
 * first when its blank is on the right (。」 ，（ 」，), else the second
 * when its blank is on the left (（「).  mark[b] is set at the first byte
 * of each compressed character: 1 blank right removed, 2 blank left
 * removed; those characters are shaped with `halt`. */
static void add_compression(PangoAttrList *al, const char *s, size_t n,
                            unsigned char *mark) {
  uint32_t prev = 0;
  size_t prev_at = 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    uint32_t c = utf8_decode(s + i, n - i, &len);
    int pc = prev && (blank_right(prev) || blank_left(prev));
    int cc = blank_right(c) || blank_left(c);
    if (pc && cc) {
      if (blank_right(prev) && !mark[prev_at])
        mark[prev_at] = 1;
      else if (blank_left(c))
        mark[i] = 2;
    }
    prev = c;
    prev_at = i;
    i += len;
  }
  for (size_t i = 0; i < n;) {
    size_t len;
    utf8_decode(s + i, n - i, &len);
    if (mark[i])
      add_attr(al, pango_attr_font_features_new("halt"), i, i + len);
    i += len;
  }
}

/* One glyph of a Pango item. */
typedef struct pglyph {
  uint32_t id;     /* glyph id, or PANGO_GLYPH_EMPTY */
  double pen;      /* pen position from the item's left edge, pt */
  double dx, dy;   /* Pango's offsets, pt */
  double adv;      /* advance, pt */
  size_t cluster;  /* byte offset of its cluster in the text */
} pglyph;

/* A Pango glyph item of an unwrapped line. */
typedef struct gitem {
  int font;        /* index into the context's fonts */
  double size;     /* em, pt */
  double slant;    /* synthetic oblique shear */
  double ascent;   /* font ascent, pt */
  double descent;  /* font descent, pt */
  int rtl;         /* 1 for a right-to-left item */
  uint32_t space;  /* the font's space glyph, 0 if none */
  double space_adv;/* its advance, pt */
  pglyph *g;       /* glyphs in visual order */
  int n;           /* count */
} gitem;

/* A unit: one shaping cluster, the smallest thing a line holds. */
typedef struct unit {
  int item;            /* its glyph item */
  int g0, g1;          /* its glyphs [g0, g1) in the item, visual order */
  size_t b0, b1;       /* its bytes in the text */
  double adv;          /* advance, pt (compressed, collapsed, set) */
  double gap;          /* space after it when the next unit is on the
                          same line (Han–Latin), pt */
  double restore;      /* width given back to a compressed mark whose
                          pair a line break splits, pt */
  int side;            /* compressed: 1 blank right removed (restored at
                          a line end), -1 blank left (at a line start) */
  uint32_t first, last;/* first and last character */
  int cls0, cls1;      /* their classes U_* */
  int brk;             /* the break before it, BRK_* */
  int opp;             /* the gap after it in justification, OPP_* */
} unit;

/* One hard line (paragraph between '\n') being composed. */
typedef struct hline {
  gitem *items;        /* glyph items in visual order */
  size_t n_items;      /* count */
  unit *u;             /* units in logical order */
  size_t n;            /* count */
  double *pre;         /* pre[k]: sum of adv + gap of units < k */
  double *cap;         /* cap[k]: sum of stretch capacity of gaps < k */
  size_t *trail;       /* trail[j]: end of [0, j) without trailing spaces */
  double ascent;       /* extents of the unwrapped line (empty lines) */
  double descent;
} hline;

static int unit_cmp(const void *a, const void *b) {
  const unit *x = a, *y = b;
  return x->b0 < y->b0 ? -1 : x->b0 > y->b0;
}

/* Glyph items and units of one unwrapped Pango line. */
static void collect_units(text_ctx *t, hline *h, PangoLayoutLine *pline,
                          const char *text) {
  size_t cap_items = 0, cap_u = 0;
  int any_rtl = 0;
  for (GSList *r = pline->runs; r; r = r->next) {
    PangoGlyphItem *gi = r->data;
    PangoItem *item = gi->item;
    PangoGlyphString *gs = gi->glyphs;
    if (gs->num_glyphs <= 0)
      continue;
    const font_cache *fc = font_entry(t, item->analysis.font);
    gitem it = {fc->index,   fc->size,      fc->slant,
                fc->ascent,  fc->descent,   item->analysis.level & 1,
                fc->space,   fc->space_adv, NULL,
                gs->num_glyphs};
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
    }
    VEC_PUSH(h->items, h->n_items, cap_items, it);
    int ii = (int)h->n_items - 1;
    size_t item_end = (size_t)item->offset + (size_t)item->length;
    any_rtl |= it.rtl;
    /* clusters: runs of glyphs with the same cluster byte */
    for (int i = 0; i < it.n;) {
      int j = i + 1;
      while (j < it.n && it.g[j].cluster == it.g[i].cluster)
        j++;
      unit u = {0};
      u.item = ii;
      u.g0 = i, u.g1 = j;
      u.b0 = it.g[i].cluster;
      if (!it.rtl)
        u.b1 = j < it.n ? it.g[j].cluster : item_end;
      else
        u.b1 = i > 0 ? it.g[i - 1].cluster : item_end;
      for (int k = i; k < j; k++)
        u.adv += it.g[k].adv;
      VEC_PUSH(h->u, h->n, cap_u, u);
      i = j;
    }
  }
  if (any_rtl)
    qsort(h->u, h->n, sizeof *h->u, unit_cmp);
  for (size_t k = 0; k < h->n; k++) {
    unit *u = &h->u[k];
    size_t len, nb = u->b1 > u->b0 ? u->b1 - u->b0 : 0;
    u->first = nb ? utf8_decode(text + u->b0, nb, &len) : 0;
    u->last = u->first;
    for (size_t b = nb ? len : 0; b < nb; b += len)
      u->last = utf8_decode(text + u->b0 + b, nb - b, &len);
    u->cls0 = char_class(u->first);
    u->cls1 = char_class(u->last);
  }
}

static int is_cjk_class(int c) { return c == U_HAN || c == U_CJKP; }

/* A run of Latin-script units (no space, no CJK) with a letter or digit
 * in it, e.g. "v1.30", "C++", "80%": what stands a quarter em off Han. */
static void latin_words(const hline *h, int *has_latin) {
  size_t k = 0;
  while (k < h->n) {
    if (h->u[k].cls0 == U_SPACE || is_cjk_class(h->u[k].cls0)) {
      has_latin[k++] = 0;
      continue;
    }
    size_t e = k;
    int any = 0;
    while (e < h->n && h->u[e].cls0 != U_SPACE && !is_cjk_class(h->u[e].cls0) &&
           !is_cjk_class(h->u[e].cls1)) {
      any |= h->u[e].cls0 == U_LATIN || h->u[e].cls1 == U_LATIN;
      e++;
    }
    if (e == k)
      e = k + 1;
    for (size_t i = k; i < e; i++)
      has_latin[i] = any;
    k = e;
  }
}

/* Han–Latin spacing, collapsed spaces, compressed marks. */
static void set_spacing(text_ctx *t, hline *h, const unsigned char *mark,
                        int compose) {
  double q = t->l ? t->l->cjk_latin_space : 0.25;
  int *lat = xcalloc(h->n ? h->n : 1, sizeof *lat);
  latin_words(h, lat);
  for (size_t k = 0; k < h->n; k++) {
    unit *u = &h->u[k];
    const gitem *it = &h->items[u->item];
    if (mark && u->b1 > u->b0 && mark[u->b0] && u->adv < 0.75 * it->size) {
      u->side = mark[u->b0] == 1 ? 1 : -1;
      u->restore = it->size - u->adv;
    }
  }
  if (!compose) {
    free(lat);
    return;
  }
  for (size_t k = 0; k < h->n; k++) {
    unit *u = &h->u[k];
    if (u->cls0 == U_SPACE && u->first != 0x3000) {
      /* a run of spaces [k, e) */
      size_t e = k;
      while (e < h->n && h->u[e].cls0 == U_SPACE && h->u[e].first != 0x3000)
        e++;
      for (size_t i = k + 1; i < e; i++)
        h->u[i].adv = 0; /* no double spaces */
      if (k > 0 && e < h->n) {
        const unit *a = &h->u[k - 1], *b = &h->u[e];
        if (a->cls1 == U_HAN && lat[e])
          u->adv = q * h->items[a->item].size;
        else if (lat[k - 1] && b->cls0 == U_HAN)
          u->adv = q * h->items[b->item].size;
      }
      k = e - 1;
      continue;
    }
    if (k + 1 < h->n) {
      const unit *b = &h->u[k + 1];
      if (u->cls1 == U_HAN && lat[k + 1] && b->cls0 != U_SPACE)
        u->gap = q * h->items[u->item].size;
      else if (lat[k] && b->cls0 == U_HAN)
        u->gap = q * h->items[b->item].size;
    }
  }
  free(lat);
}

/* Break levels and justification classes of the gaps. */
static void set_breaks(hline *h, const PangoLogAttr *la, int n_la,
                       const int *char_of, const char *text, double avail,
                       double em) {
  for (size_t k = 0; k < h->n; k++) {
    unit *b = &h->u[k];
    b->brk = BRK_NO;
    if (k == 0)
      continue;
    const unit *a = &h->u[k - 1];
    int ci = char_of[b->b0];
    int pango_ok = ci < n_la && la[ci].is_line_break;
    int char_ok = ci < n_la && la[ci].is_cursor_position;
    if (b->cls0 == U_SPACE || !char_ok)
      b->brk = BRK_NO;
    else if (no_line_start(b->first) || no_line_end(a->last))
      b->brk = BRK_NO;
    else if (a->cls1 == U_SPACE)
      b->brk = BRK_OK;
    else if (is_cjk_class(a->cls1) || is_cjk_class(b->cls0)) {
      int ascii_sym = (a->last < 0x80 && a->cls1 == U_OTHER) ||
                      (b->first < 0x80 && b->cls0 == U_OTHER);
      b->brk = !ascii_sym || pango_ok ? BRK_OK : BRK_ANY;
    } else {
      b->brk = pango_ok ? BRK_OK : BRK_ANY;
    }
  }
  /* Long words and URLs may break anywhere (never before closing
   * punctuation), so that a justified line fills instead of spacing out. */
  size_t k = 0;
  while (k < h->n) {
    if (h->u[k].cls0 == U_SPACE || is_cjk_class(h->u[k].cls0)) {
      k++;
      continue;
    }
    size_t e = k + 1;
    while (e < h->n && h->u[e].cls0 != U_SPACE && !is_cjk_class(h->u[e].cls0))
      e++;
    double w = 0;
    for (size_t i = k; i < e; i++)
      w += h->u[i].adv;
    size_t b0 = h->u[k].b0, b1 = h->u[e - 1].b1;
    int url = 0, slashes = 0;
    for (size_t b = b0; b < b1; b++) {
      if (text[b] == '/')
        slashes++;
      if (text[b] == '@' || (text[b] == ':' && b + 2 < b1 &&
                             text[b + 1] == '/' && text[b + 2] == '/'))
        url = 1;
    }
    if (url || slashes >= 2 || (avail > 0 && w > avail / 3))
      for (size_t i = k + 1; i < e; i++)
        if (h->u[i].brk == BRK_ANY)
          h->u[i].brk = BRK_LONG;
    k = e;
  }
  for (size_t k2 = 0; k2 < h->n; k2++) {
    unit *a = &h->u[k2];
    a->opp = OPP_NONE;
    if (k2 + 1 >= h->n)
      break;
    const unit *b = &h->u[k2 + 1];
    if (a->cls1 == U_SPACE)
      a->opp = a->adv > 0 ? OPP_SPACE : OPP_NONE;
    else if (b->cls0 == U_SPACE)
      a->opp = OPP_NONE;
    else if (a->last == b->first &&
             (a->last == 0x2026 || a->last == 0x2014 || a->last == 0x2025))
      a->opp = OPP_NONE; /* inside …… and —— */
    else if (is_cjk_class(a->cls1) || is_cjk_class(b->cls0))
      a->opp = OPP_CJK;
    else
      a->opp = OPP_LATIN;
  }
  (void)em;
}

/* How much a gap may stretch before it shows, pt: a tenth of an em
 * between CJK characters (more would also split the text layer's words),
 * a third of an em at a space, a trace between Latin letters. */
static double opp_capacity(int opp, double em) {
  switch (opp) {
  case OPP_CJK:
    return 0.1 * em;
  case OPP_SPACE:
    return 0.33 * em;
  case OPP_LATIN:
    return 0.03 * em;
  default:
    return 0;
  }
}

static void prefix_sums(hline *h, double em) {
  h->pre = xmalloc((h->n + 1) * sizeof *h->pre);
  h->cap = xmalloc((h->n + 1) * sizeof *h->cap);
  h->trail = xmalloc((h->n + 1) * sizeof *h->trail);
  h->pre[0] = h->cap[0] = 0;
  h->trail[0] = 0;
  for (size_t k = 0; k < h->n; k++) {
    h->pre[k + 1] = h->pre[k] + h->u[k].adv + h->u[k].gap;
    h->cap[k + 1] = h->cap[k] + opp_capacity(h->u[k].opp, em);
    h->trail[k + 1] = h->u[k].cls0 == U_SPACE ? h->trail[k] : k + 1;
  }
}

/* End of the ink of line [i, j): trailing spaces left out. */
static size_t ink_end(const hline *h, size_t i, size_t j) {
  size_t e = h->trail[j];
  return e > i ? e : i;
}

/* Natural width of the units [i, j) set as one line, pt. */
static double line_width(const hline *h, size_t i, size_t j) {
  size_t e = ink_end(h, i, j);
  if (e <= i)
    return 0;
  double w = h->pre[e] - h->pre[i] - h->u[e - 1].gap;
  if (e == j && h->u[j - 1].side == 1 && j < h->n)
    w += h->u[j - 1].restore;
  if (h->u[i].side == -1 && i > 0)
    w += h->u[i].restore;
  return w;
}

/* First position after i where a line may end. */
static size_t next_legal(const hline *h, size_t i) {
  size_t j = i + 1;
  while (j < h->n && h->u[j].brk == BRK_NO)
    j++;
  return j;
}

/* Greedy breaking (text not justified): as much as fits on each line,
 * breaking inside a word only when it alone does not fit. */
static size_t *break_greedy(const hline *h, const double *avail,
                            size_t *n_out) {
  size_t *ends = NULL, n = 0, cap = 0;
  size_t i = 0;
  while (i < h->n) {
    double a = avail[n ? 1 : 0];
    size_t best[4] = {0, 0, 0, 0};
    size_t end = 0;
    for (size_t j = i + 1; j <= h->n; j++) {
      if (j < h->n && h->u[j].brk == BRK_NO)
        continue;
      if (line_width(h, i, j) > a + 1e-6)
        break;
      if (j == h->n) {
        end = j;
        break;
      }
      best[h->u[j].brk] = j;
    }
    if (!end)
      end = best[BRK_OK] ? best[BRK_OK]
            : best[BRK_LONG] ? best[BRK_LONG]
            : best[BRK_ANY] ? best[BRK_ANY]
                            : next_legal(h, i);
    VEC_PUSH(ends, n, cap, end);
    i = end;
  }
  *n_out = n;
  return ends;
}

/* Whole-paragraph breaking for justified text: the breaks that minimise
 * the sum over lines of (10 + badness)² + penalty², where badness grows
 * with the cube of the stretch a line needs over what its gaps can take
 * unseen, and breaking inside a word costs a penalty. */
static size_t *break_optimal(const hline *h, const double *avail,
                             double em, size_t *n_out) {
  size_t n = h->n;
  double *best = xmalloc((n + 1) * sizeof *best);
  size_t *prev = xmalloc((n + 1) * sizeof *prev);
  int *lines = xcalloc(n + 1, sizeof *lines);
  for (size_t k = 0; k <= n; k++)
    best[k] = HUGE_VAL;
  best[0] = 0;
  for (size_t i = 0; i < n; i++) {
    if (best[i] == HUGE_VAL)
      continue;
    double a = avail[lines[i] ? 1 : 0];
    size_t first = next_legal(h, i);
    for (size_t j = i + 1; j <= n; j++) {
      if (j < n && h->u[j].brk == BRK_NO)
        continue;
      double w = line_width(h, i, j);
      double cost;
      if (w > a + 1e-6) {
        if (j != first)
          break;
        cost = 1e12; /* a piece wider than the line: placed anyway */
      } else if (j == n) {
        /* the last line is not justified; a lone character is avoided */
        int letters = 0;
        for (size_t k = i; k < n && letters < 2; k++)
          letters += h->u[k].cls0 == U_HAN || h->u[k].cls0 == U_LATIN;
        cost = letters < 2 && i > 0 ? 1e6 : 0;
      } else {
        size_t e = ink_end(h, i, j);
        double capacity = e > i + 1 ? h->cap[e - 1] - h->cap[i] : 0;
        double r = (a - w) / (capacity > 0.01 * em ? capacity : 0.01 * em);
        double bad = r > 100 ? 1e8 : 100 * r * r * r;
        double pen = h->u[j].brk == BRK_OK ? 0
                     : h->u[j].brk == BRK_LONG ? 50
                                               : 3000;
        cost = (10 + bad) * (10 + bad) + pen * pen;
      }
      if (best[i] + cost < best[j]) {
        best[j] = best[i] + cost;
        prev[j] = i;
        lines[j] = lines[i] + 1;
      }
    }
  }
  size_t count = (size_t)lines[n];
  size_t *ends = xmalloc((count ? count : 1) * sizeof *ends);
  size_t k = n;
  for (size_t m = count; m-- > 0;) {
    ends[m] = k;
    k = prev[k];
  }
  free(best);
  free(prev);
  free(lines);
  *n_out = count;
  return ends;
}

/* What breaking a heading before unit j costs, in em² of slack: nothing
 * after punctuation or before an opening bracket; a little at a space
 * between words; more where Han meets Latin, much more where it meets a
 * number ("第 5 站", "12 期" are one phrase); between Han characters the
 * most, least after 的/之 or before 与/和/及/或, where a phrase ends;
 * inside a Latin word almost never. */
static double title_penalty(const hline *h, size_t j) {
  static const uint32_t ends[] = {0x7684, 0x4E4B}; /* 的 之 */
  static const uint32_t starts[] = {0x4E0E, 0x548C, 0x53CA, 0x6216}; /* 与和及或 */
  const unit *b = &h->u[j];
  if (b->brk == BRK_LONG || b->brk == BRK_ANY)
    return 100;
  size_t k = j - 1;
  int spaced = 0;
  while (k > 0 && h->u[k].cls1 == U_SPACE)
    k--, spaced = 1;
  const unit *a = &h->u[k];
  if (a->cls1 == U_CJKP || (a->cls1 == U_OTHER && a->last < 0x80) ||
      blank_left(b->first))
    return 0;
  int ca = is_cjk_class(a->cls1), cb = is_cjk_class(b->cls0);
  if (ca != cb) {
    uint32_t other = ca ? b->first : a->last;
    return other < 0x80 && g_unichar_isdigit(other) ? 10 : 4;
  }
  if (!ca || spaced)
    return 3;
  if (in_list(a->last, ends, 2) || in_list(b->first, starts, 4))
    return 6;
  return 12;
}

/* Balanced breaking for headings and titles: as many lines as greedy
 * breaking needs, of lengths as even as they can be (the sum of the
 * squared slack of every line, the last included), broken at spaces and
 * punctuation before phrases and words are split: "锦城开源数据库 Meetup /
 * 第 12 期：云原生时代的 / 存储与高可用", not "… 与高可 / 用". */
static size_t *break_balanced(const hline *h, const double *avail, double em,
                              size_t *n_out) {
  size_t lines;
  size_t *greedy = break_greedy(h, avail, &lines);
  size_t n = h->n;
  if (lines < 2 || lines > 8 || n > 600) {
    *n_out = lines;
    return greedy;
  }
  size_t w = n + 1;
  double *cost = xmalloc((lines + 1) * w * sizeof *cost);
  size_t *from = xmalloc((lines + 1) * w * sizeof *from);
  for (size_t k = 0; k < (lines + 1) * w; k++)
    cost[k] = HUGE_VAL;
  cost[0] = 0;
  for (size_t l = 1; l <= lines; l++) {
    double a = avail[l > 1];
    for (size_t i = 0; i < n; i++) {
      double c0 = cost[(l - 1) * w + i];
      if (c0 == HUGE_VAL)
        continue;
      for (size_t j = i + 1; j <= n; j++) {
        if (j < n && h->u[j].brk == BRK_NO)
          continue;
        double lw = line_width(h, i, j);
        if (lw > a + 1e-6)
          break;
        double slack = (a - lw) / em;
        double c = c0 + slack * slack + (j < n ? title_penalty(h, j) : 0);
        if (c < cost[l * w + j]) {
          cost[l * w + j] = c;
          from[l * w + j] = i;
        }
      }
    }
  }
  if (cost[lines * w + n] == HUGE_VAL) { /* a piece wider than a line */
    free(cost), free(from);
    *n_out = lines;
    return greedy;
  }
  size_t k = n;
  for (size_t l = lines; l > 0; l--) {
    greedy[l - 1] = k;
    k = from[l * w + k];
  }
  free(cost), free(from);
  *n_out = lines;
  return greedy;
}

static void push_run(text_line *ln, size_t *cap, text_run r) {
  VEC_PUSH(ln->runs, ln->n_runs, *cap, r);
}

/* The extra space of a justified line [i, e) (e: end of its ink) spread
 * over its gaps in proportion to what each can take unseen (a CJK gap a
 * tenth of an em, a space a third, a letter gap a trace: see
 * opp_capacity), so no kind of gap opens up before the others; add[k]
 * is what the gap after unit k gets. */
static void justify(const hline *h, size_t i, size_t e, double extra,
                    double em, double *add) {
  double total = 0;
  for (size_t k = i; k + 1 < e; k++)
    total += opp_capacity(h->u[k].opp, em);
  if (total <= 0)
    return; /* a single unit: nothing to spread between */
  for (size_t k = i; k + 1 < e; k++)
    add[k] = extra * opp_capacity(h->u[k].opp, em) / total;
}

/* Build text_line from units [i, j) of h, starting at x0. */
static text_line make_line(text_ctx *t, const hline *h, size_t i, size_t j,
                           double x0, double avail, int last,
                           const layout_style *st, double align_width,
                           const char *text, const doc_text *txt) {
  text_line ln = {0};
  size_t cap_runs = 0;
  size_t e = ink_end(h, i, j);
  double natural = line_width(h, i, j);
  ln.width = x0 + natural;
  ln.last = last;
  double em = st->size;
  size_t cnt = j - i;
  double *add = xcalloc(cnt ? cnt : 1, sizeof *add); /* indexed k - i */
  size_t *vis = xmalloc((cnt ? cnt : 1) * sizeof *vis);
  int any_rtl = 0;
  for (size_t k = 0; k < cnt; k++) {
    vis[k] = i + k;
    any_rtl |= h->items[h->u[i + k].item].rtl;
  }
  double shift = 0;
  if (align_width > 0) {
    double extra = align_width - ln.width;
    if (st->align == LAYOUT_ALIGN_RIGHT && extra > 0)
      shift = extra;
    else if (st->align == LAYOUT_ALIGN_CENTER && extra > 0)
      shift = extra / 2;
    else if (st->align == LAYOUT_ALIGN_JUSTIFY && !last && !any_rtl &&
             avail - natural > 0 && e > i)
      justify(h, i, e, avail - natural, em, add - i);
  }
  if (any_rtl) {
    /* visual order: items in the order of the unwrapped line, clusters
     * left to right within each */
    for (size_t a = 1; a < cnt; a++)
      for (size_t b = a; b > 0; b--) {
        const unit *x = &h->u[vis[b - 1]], *y = &h->u[vis[b]];
        if (x->item < y->item || (x->item == y->item && x->g0 < y->g0))
          break;
        size_t tmp = vis[b - 1];
        vis[b - 1] = vis[b];
        vis[b] = tmp;
      }
  }
  /* unit positions */
  double *ux = xmalloc((cnt ? cnt : 1) * sizeof *ux);
  double *uw = xmalloc((cnt ? cnt : 1) * sizeof *uw);
  double pen = x0 + shift;
  for (size_t v = 0; v < cnt; v++) {
    size_t k = vis[v];
    const unit *u = &h->u[k];
    double w = u->adv;
    if (u->side == 1 && k + 1 == j && j < h->n)
      w += u->restore;
    if (u->side == -1 && k == i && i > 0)
      w += u->restore;
    if (k >= e && k > i)
      w = u->adv; /* trailing space: placed, not counted */
    ux[k - i] = pen;
    uw[k - i] = w;
    pen += w;
    if (k + 1 < e)
      pen += u->gap + add[k - i];
  }
  /* runs: visual units of one item and one span */
  for (size_t v = 0; v < cnt;) {
    size_t k = vis[v];
    const unit *u0 = &h->u[k];
    int key = span_at(txt, u0->b0);
    size_t w2 = v + 1;
    while (w2 < cnt && h->u[vis[w2]].item == u0->item &&
           span_at(txt, h->u[vis[w2]].b0) == key)
      w2++;
    const gitem *it = &h->items[u0->item];
    text_run r = {0};
    r.font = it->font;
    r.size = it->size;
    r.slant = it->slant;
    const doc_span *sp = key >= 0 ? &txt->spans[key] : NULL;
    r.flags = sp ? sp->flags : 0;
    r.url = sp && (sp->flags & DOC_LINK) && sp->url ? xstrdup(sp->url) : NULL;
    r.color = (r.flags & DOC_LINK) && t->l ? t->l->accent : st->color;
    /* logical order of the run's units */
    size_t lo = vis[v], hi = vis[v];
    for (size_t q = v; q < w2; q++) {
      if (vis[q] < lo)
        lo = vis[q];
      if (vis[q] > hi)
        hi = vis[q];
    }
    size_t b0 = h->u[lo].b0, b1 = h->u[hi].b1;
    r.utf8 = xstrndup(text + b0, b1 - b0);
    r.n_bytes = b1 - b0;
    double left = ux[vis[v] - i], right = left;
    size_t ng = 0;
    for (size_t q = lo; q <= hi; q++) {
      ng += (size_t)(h->u[q].g1 - h->u[q].g0);
      if (ux[q - i] < left)
        left = ux[q - i];
      if (ux[q - i] + uw[q - i] > right)
        right = ux[q - i] + uw[q - i];
    }
    r.x = left;
    r.width = right - left;
    r.glyphs = xmalloc((ng + (hi - lo + 1)) * sizeof *r.glyphs);
    r.clusters = xmalloc((hi - lo + 1) * sizeof *r.clusters);
    for (size_t q = lo; q <= hi; q++) {
      const unit *u = &h->u[q];
      text_cluster c = {(int)(u->b1 - u->b0), 0};
      double base = it->g[u->g0].pen;
      double shift_l = u->side == -1 && q == i && i > 0 ? u->restore : 0;
      for (int gi = 0; gi < u->g1 - u->g0; gi++) {
        /* glyphs in logical order: reversed in a right-to-left item */
        int g = it->rtl ? u->g1 - 1 - gi : u->g0 + gi;
        const pglyph *pg = &it->g[g];
        if (pg->id == PANGO_GLYPH_EMPTY)
          continue;
        text_glyph tg;
        /* A character no font has: draw the font's .notdef box; the
         * cluster map still gives the character back. */
        tg.id = (pg->id & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : pg->id;
        tg.x = ux[q - i] + (pg->pen - base) + pg->dx + shift_l - r.x;
        tg.y = pg->dy;
        r.glyphs[r.n_glyphs++] = tg;
        c.n_glyphs++;
      }
      /* Space added after a character (Han–Latin spacing, wide
       * justification) would read as a word break, and copy and search
       * would give a space the source does not have.  An invisible space
       * glyph in the character's own cluster fills it: the text layer
       * then spans the character and its added space as one character
       * (render's cluster map turns it into ActualText). */
      double added = q + 1 < e ? u->gap + add[q - i] : 0;
      if (added >= 0.09 * it->size && c.n_glyphs && u->cls1 != U_SPACE &&
          !it->rtl && it->space && it->space_adv > 0) {
        text_glyph tg = {it->space,
                         ux[q - i] + uw[q - i] + added - it->space_adv - r.x,
                         0};
        r.glyphs[r.n_glyphs++] = tg;
        c.n_glyphs++;
      }
      if (c.n_bytes > 0 || c.n_glyphs > 0)
        r.clusters[r.n_clusters++] = c;
    }
    push_run(&ln, &cap_runs, r);
    if (it->ascent > ln.ascent)
      ln.ascent = it->ascent;
    if (it->descent > ln.descent)
      ln.descent = it->descent;
    v = w2;
  }
  if (!ln.n_runs) {
    ln.ascent = h->ascent;
    ln.descent = h->descent;
  }
  free(add);
  free(vis);
  free(ux);
  free(uw);
  return ln;
}

static void hline_free(hline *h) {
  for (size_t i = 0; i < h->n_items; i++)
    free(h->items[i].g);
  free(h->items);
  free(h->u);
  free(h->pre);
  free(h->cap);
  free(h->trail);
}

/* ---- paragraphs ------------------------------------------------------ */

/* Shape and break.  width <= 0: no wrapping.  indent: added to the first
 * line (negative: to every other line).  align_width: the width the
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
  int compose = !(st->name && !strcmp(st->name, "code"));

  PangoLayout *pl = pango_layout_new(t->pc);
  pango_layout_set_text(pl, src, (int)n);
  PangoFontDescription *d = style_desc(st);
  pango_layout_set_font_description(pl, d);
  pango_font_description_free(d);
  pango_layout_set_width(pl, -1);
  pango_layout_set_alignment(pl, PANGO_ALIGN_LEFT);
  PangoAttrList *al = make_attrs(t, src, n, txt, st);
  unsigned char *mark = NULL;
  if (compose) {
    mark = xcalloc(n + 1, 1);
    add_compression(al, src, n, mark);
  }
  pango_layout_set_attributes(pl, al);
  pango_attr_list_unref(al);

  int n_la = 0;
  const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(pl, &n_la);
  int *char_of = xmalloc((n + 1) * sizeof *char_of);
  {
    int ci = 0;
    for (size_t b = 0; b <= n;) {
      size_t len = 1;
      if (b < n)
        utf8_decode(src + b, n - b, &len);
      for (size_t q = 0; q < len && b + q <= n; q++)
        char_of[b + q] = ci;
      ci++;
      b += len;
    }
  }

  text_para *p = xcalloc(1, sizeof *p);
  p->width = width;
  size_t cap_lines = 0;
  double em = st->size;
  int first_line = 1;
  for (GSList *pli = pango_layout_get_lines_readonly(pl); pli;
       pli = pli->next) {
    PangoLayoutLine *pline = pli->data;
    hline h = {0};
    PangoRectangle log;
    pango_layout_line_get_extents(pline, NULL, &log);
    h.ascent = -log.y / PU;
    h.descent = (log.height + log.y) / PU;
    collect_units(t, &h, pline, src);
    set_spacing(t, &h, mark, compose);
    /* x of the first line and of the others, and their widths */
    double x_first = first_line && indent > 0 ? indent : 0;
    double x_rest = indent < 0 ? -indent : 0;
    double avail[2] = {width - x_first, width - x_rest};
    set_breaks(&h, la, n_la, char_of, src, width > 0 ? avail[1] : 0, em);
    prefix_sums(&h, em);
    size_t *ends, n_ends;
    if (width <= 0 || h.n == 0) {
      ends = xmalloc(sizeof *ends);
      ends[0] = h.n;
      n_ends = 1;
    } else if (st->align == LAYOUT_ALIGN_JUSTIFY) {
      ends = break_optimal(&h, avail, em, &n_ends);
    } else if (st->balance) {
      ends = break_balanced(&h, avail, em, &n_ends);
    } else {
      ends = break_greedy(&h, avail, &n_ends);
    }
    size_t start = 0;
    for (size_t m = 0; m < n_ends; m++) {
      double x0 = m == 0 ? x_first : x_rest;
      text_line ln = make_line(t, &h, start, ends[m], x0, avail[m ? 1 : 0],
                               m + 1 == n_ends, st, align_width, src, txt);
      double maxsize = st->size;
      for (size_t k = 0; k < ln.n_runs; k++)
        if (ln.runs[k].size > maxsize)
          maxsize = ln.runs[k].size;
      ln.height = st->line_height > 0 ? st->line_height * maxsize
                                      : ln.ascent + ln.descent;
      VEC_PUSH(p->lines, p->n_lines, cap_lines, ln);
      p->height += ln.height;
      start = ends[m];
    }
    free(ends);
    hline_free(&h);
    first_line = 0;
  }
  free(char_of);
  free(mark);
  g_object_unref(pl);
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
  if (diag_muted())
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
