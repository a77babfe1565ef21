/* text_int.h — private to the text stage (text.c, text_compose.c,
 * text_lang.c): the pieces a paragraph is composed from once Pango has
 * shaped it (glyph items, units, hard lines), the composition entry
 * points text.c calls, and the language helpers (script context, smart
 * punctuation, hyphenation, units of measure).  Not a public header: no
 * other stage includes it; the unit tests do, to test the rules one by
 * one.  Nothing here is a Pango or fontconfig type. */
#ifndef BOOKLET_TEXT_INT_H
#define BOOKLET_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"
#include "util.h"

/* ---- composition (text_compose.c) ------------------------------------ */

/* Classes of characters for composition. */
enum { U_OTHER, U_SPACE, U_HAN, U_CJKP, U_LATIN };
/* The break before a unit, from never to last resort: BRK_OK at a space
 * or between CJK characters; BRK_HYPH at a hyphenation point (a hyphen is
 * drawn); BRK_NAME at one in a capitalised word (a name: only to avoid a
 * loose line); BRK_LONG after / . - ? & = inside a URL or path (nothing
 * drawn); BRK_ANY anywhere else, only when a piece is wider than the
 * line. */
enum { BRK_NO, BRK_OK, BRK_HYPH, BRK_NAME, BRK_LONG, BRK_ANY, BRK_LEVELS };
/* What the gap after a unit does in justification: a word space, a gap
 * next to a CJK character, or none (inside a Latin word: never
 * letter-spaced). */
enum { OPP_NONE, OPP_SPACE, OPP_CJK };

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
  uint32_t hyphen; /* the font's hyphen glyph, 0 if none */
  double hyphen_adv; /* its advance, pt */
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
  double hyph;         /* BRK_HYPH, BRK_NAME: the width of the hyphen drawn at the
                          end of the line when it breaks before this
                          unit, pt */
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
  double *cap;         /* cap[k]: stretch capacity of the gaps < k, pt */
  double *shrink;      /* shrink[k]: shrink capacity of the spaces < k */
  size_t *trail;       /* trail[j]: end of [0, j) without trailing spaces */
  double ascent;       /* extents of the unwrapped line (empty lines) */
  double descent;
} hline;

/* Per byte of a paragraph's text: what composition needs to know besides
 * the glyphs. */
enum {
  TX_CJK = 1 << 0,     /* the character is in CJK context (text_script) */
  TX_LB = 1 << 1,      /* Pango allows a line break before it */
  TX_CURSOR = 1 << 2,  /* a character boundary (cursor position) */
  TX_NOHYPH = 1 << 3,  /* never hyphenated (code, links) */
  TX_COMPRESS = 1 << 4,/* compressed full-width mark, blank right gone */
  TX_COMPRESS_L = 1 << 5,/* compressed, blank left gone */
  TX_NOFACE = 1 << 6   /* code: faces not changed by script */
};

/* What composing a paragraph needs besides its units. */
typedef struct compose_ctx {
  const char *text;          /* the paragraph's text (smartened) */
  size_t n;                  /* its length */
  const unsigned char *flags;/* per byte: TX_* */
  const doc_text *txt;       /* its spans (offsets into text) */
  const layout_style *st;    /* the style */
  int compose;               /* 0 for code: set as written */
  double q;                  /* Han–Latin space, em */
  double word_space_max;     /* loosest word space, em */
  int hyphenate;             /* 1: BRK_HYPH points are set */
  const char *hyph_lang;     /* language of the hyphenation patterns */
  uint32_t link_color;       /* colour of links */
} compose_ctx;

/* Glyph ids with a meaning (Pango's PANGO_GLYPH_EMPTY and
 * PANGO_GLYPH_UNKNOWN_FLAG; text.c checks they match). */
#define TEXT_GLYPH_EMPTY 0x0FFFFFFFu
#define TEXT_GLYPH_UNKNOWN 0x10000000u

/* Marks TX_COMPRESS / TX_COMPRESS_L on the first byte of the full-width
 * marks of s[0, n) that give up half their width: in each pair of
 * adjacent marks, the first when its blank is on the right (。」 ，（ 」，),
 * else the second when its blank is on the left (（「).  Quotes count
 * only in CJK context (TX_CJK already set). */
void compose_compression(const char *s, size_t n, unsigned char *flags);
/* Classes, Han–Latin spacing, collapsed spaces, compressed marks of the
 * units of h (filled from Pango by text.c). */
void compose_spacing(const compose_ctx *c, hline *h);
/* Break levels and justification classes; avail is the line width (0:
 * no wrapping). */
void compose_breaks(const compose_ctx *c, hline *h, double avail);
/* Breaks h into lines of avail[0] (first) and avail[1] (others) pt (one
 * line when wrap is 0); the ends of the lines, *n_out of them.  Caller
 * frees. */
size_t *compose_break_lines(const compose_ctx *c, hline *h,
                            const double *avail, int wrap, size_t *n_out);
/* The line of units [i, j) of h, starting at x0, set in avail pt
 * (aligned in align_width when > 0).  Owned by the caller
 * (text_para_free frees its runs). */
text_line compose_line(const compose_ctx *c, const hline *h, size_t i,
                       size_t j, double x0, double avail, double align_width,
                       int last);
void compose_hline_free(hline *h);

/* ---- language (text_lang.c) -------------------------------------------- */

/* 1 for a CJK character: Han, kana, hangul, bopomofo, CJK and full-width
 * punctuation and forms. */
int text_is_cjk(uint32_t c);
/* Marks TX_CJK on the bytes of the characters of s[0, n) that are in
 * CJK context: CJK characters themselves, and punctuation and symbols
 * next to them (an opening mark by what follows it, a closing mark by
 * what precedes it, others by the text before them).  cjk_default: the
 * context of text with no letters at all (the page's language). */
void text_script(const char *s, size_t n, int cjk_default,
                 unsigned char *flags);
/* Straight quotes, apostrophes and dashes typeset: "x" → “x”, it's →
 * it’s, a spaced hyphen between Latin words → en dash, -- → –, --- → —.
 * Bytes with skip[b] set (code) are copied as they are, and so are URLs
 * and feet-and-inches (5'10").  map (n + 1 entries) gets each input
 * byte's offset in the result.  Returns the result (caller frees), or
 * NULL when nothing changed (map untouched). */
char *text_smarten(const char *s, size_t n, const unsigned char *skip,
                   size_t *map);
/* Hyphenation points of the word w[0, len) (ASCII letters): points[i] = 1
 * when a hyphen may go after byte i, with at least two letters before
 * and three after.  lang: BCP 47 tag of the patterns (libhyphen,
 * /usr/share/hyphen or $BOOKLET_HYPHEN_DIR).  Returns the number of
 * points, 0 when there are none or no patterns for lang (a note once). */
int text_hyphenate(const char *lang, const char *w, size_t len,
                   unsigned char *points);
/* 1 when word w[0, len) is a unit of measure that stays with the number
 * before it ("ms", "GB", "%", "°C"). */
int text_is_unit(const char *w, size_t len);

/* ---- the measurer without fonts (text_fixed.c) ------------------------- */

/* txt in style st broken into lines of boxes advance em wide (see
 * text_new_fixed).  width <= 0: no wrapping.  Caller frees. */
text_para *text_fixed_shape(const doc_text *txt, const layout_style *st,
                            double width, double indent, double advance);

#endif
