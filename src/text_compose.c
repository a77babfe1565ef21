/* text_compose.c — line composition: from the units of a shaped hard line
 * (text.c cuts Pango's glyphs into them) to set lines, by the rules of
 * each script (W3C clreq for Chinese; word spaces, hyphenation and
 * smart punctuation for English; docs/typesetting.md):
 *   - classes: a character is Han, CJK punctuation, Latin (letter or
 *     digit), a space or other; curly quotes, … and — count as CJK
 *     punctuation only in CJK context (text_script);
 *   - spacing: a quarter em (cjk_latin_space) between Han and a Latin
 *     letter or digit, never next to - & / + : or brackets; several
 *     spaces count as one; no space beside full-width punctuation; a
 *     compressed mark gets its width back when a break splits its pair;
 *   - breaks: never before closing or after opening punctuation (clreq),
 *     Pango's (UAX #14) between Latin characters; a number stays with
 *     its unit (100 ms, 3 月); URLs break only after / . - ? & = (nothing
 *     drawn); Latin words at libhyphen's points (a hyphen drawn) in
 *     justified text, anywhere else only when wider than the line;
 *   - breaking: justified text for the whole paragraph at once (a small
 *     Knuth–Plass), headings balanced, the rest greedily, never leaving
 *     a lone Han character on a last line that can take a companion;
 *   - justification between Han characters, at script boundaries and at
 *     word spaces (which may also shrink a little), never between Latin
 *     letters; a line whose word spaces would pass word_space_max is set
 *     ragged instead;
 *   - runs: glyph runs in points with cluster maps, added space and
 *     drawn hyphens kept out of the text layer's words.
 * It knows nothing of Pango or fonts: text.c hands it units. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "text_int.h"

/* How much a gap may stretch before it shows, in em: a tenth between CJK
 * characters (more would also split the text layer's words), a third at
 * a word space. */
#define CAP_CJK 0.1
#define CAP_SPACE 0.33
/* A word space may shrink by this share of its width. */
#define SHRINK_SPACE 0.2
/* Costs of breaking, squared into a line's demerits. */
#define PEN_HYPH 50
#define PEN_NAME 500
#define PEN_LONG 50
#define PEN_ANY 3000
/* The badness of a line that cannot be justified (its word spaces would
 * pass word_space_max, or it has no gap to stretch): it is set ragged,
 * which is worse than a hyphen and better than a split word; a ragged
 * line loses a little more for each em it falls short. */
#define LOOSE_BAD 1000
#define LOOSE_BAD_PER_EM 100

/* ---- classes ------------------------------------------------------------ */

/* Quotes, ellipses and dashes: full-width CJK punctuation in CJK context,
 * Latin punctuation in Latin context (they take the face of their
 * context, text.c).  The middle dot is CJK punctuation in either. */
static int is_contextual(uint32_t c) {
  return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
         c == 0x2026 || c == 0x2025 || c == 0x2014 || c == 0x22EF;
}

static int char_class(uint32_t c, int cjk) {
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
      (c >= 0xFF00 && c <= 0xFFEF))
    return U_CJKP;
  if (is_contextual(c))
    return cjk ? U_CJKP : U_OTHER;
  if (c == 0x00B7)
    return U_CJKP;
  if (c < 0x80 ? (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z')
               : g_unichar_isalnum(c))
    return U_LATIN;
  return U_OTHER;
}

static int is_cjk_class(int c) { return c == U_HAN || c == U_CJKP; }

/* A break at a hyphenation point: a hyphen is drawn there. */
static int is_hyph(int brk) { return brk == BRK_HYPH || brk == BRK_NAME; }

static int is_contextual(uint32_t c);

/* Full-width punctuation proper (its blank is part of its em), beside
 * which a source space is dropped: the CJK marks, and quotes, ellipses
 * and dashes in CJK context; not the middle dot, which a separator such
 * as "Talk 3 · 9:00" sets between spaces. */
static int is_fullwidth_punct(const unit *u, int at_end) {
  uint32_t c = at_end ? u->last : u->first;
  int cls = at_end ? u->cls1 : u->cls0;
  return cls == U_CJKP && ((c > 0x3000 && c <= 0x303F) ||
                           (c >= 0xFF00 && c <= 0xFFEF) || is_contextual(c));
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

void compose_compression(const char *s, size_t n, unsigned char *flags) {
  uint32_t prev = 0;
  size_t prev_at = 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    uint32_t c = utf8_decode(s + i, n - i, &len);
    /* quotes compress only as CJK punctuation */
    int cc = (blank_right(c) || blank_left(c)) &&
             (!is_contextual(c) || (flags[i] & TX_CJK));
    int pc = prev != 0;
    if (pc && cc) {
      if (blank_right(prev) && !(flags[prev_at] & TX_COMPRESS_L) &&
          !(flags[prev_at] & TX_COMPRESS))
        flags[prev_at] |= TX_COMPRESS;
      else if (blank_left(c))
        flags[i] |= TX_COMPRESS_L;
    }
    prev = cc ? c : 0;
    prev_at = i;
    i += len;
  }
}

/* ---- spacing -------------------------------------------------------------- */

static void set_classes(const compose_ctx *c, hline *h) {
  for (size_t k = 0; k < h->n; k++) {
    unit *u = &h->u[k];
    size_t len, nb = u->b1 > u->b0 ? u->b1 - u->b0 : 0;
    size_t last_at = u->b0;
    u->first = nb ? utf8_decode(c->text + u->b0, nb, &len) : 0;
    u->last = u->first;
    for (size_t b = nb ? len : 0; b < nb; b += len) {
      last_at = u->b0 + b;
      u->last = utf8_decode(c->text + u->b0 + b, nb - b, &len);
    }
    u->cls0 = char_class(u->first, nb && (c->flags[u->b0] & TX_CJK));
    u->cls1 = char_class(u->last, nb && (c->flags[last_at] & TX_CJK));
  }
}

void compose_spacing(const compose_ctx *c, hline *h) {
  set_classes(c, h);
  for (size_t k = 0; k < h->n; k++) {
    unit *u = &h->u[k];
    const gitem *it = &h->items[u->item];
    unsigned char m = u->b1 > u->b0 ? c->flags[u->b0] : 0;
    if ((m & (TX_COMPRESS | TX_COMPRESS_L)) && u->adv < 0.75 * it->size) {
      u->side = (m & TX_COMPRESS) ? 1 : -1;
      u->restore = it->size - u->adv;
    }
  }
  if (!c->compose)
    return;
  double q = c->q;
  for (size_t k = 0; k < h->n; k++) {
    unit *u = &h->u[k];
    if (u->cls0 == U_SPACE && u->first != 0x3000) {
      /* a run of spaces [k, e): one space, of the width its neighbours
       * ask for */
      size_t e = k;
      while (e < h->n && h->u[e].cls0 == U_SPACE && h->u[e].first != 0x3000)
        e++;
      for (size_t i = k + 1; i < e; i++)
        h->u[i].adv = 0; /* no double spaces */
      if (k > 0 && e < h->n) {
        const unit *a = &h->u[k - 1], *b = &h->u[e];
        if ((a->cls1 == U_HAN && b->cls0 == U_LATIN) ||
            (a->cls1 == U_LATIN && b->cls0 == U_HAN))
          u->adv = q * h->items[a->cls1 == U_HAN ? a->item : b->item].size;
        else if (is_fullwidth_punct(a, 1) || is_fullwidth_punct(b, 0))
          u->adv = 0; /* full-width marks carry their own space */
      } else if (k > 0 && is_fullwidth_punct(&h->u[k - 1], 1)) {
        u->adv = 0;
      }
      k = e - 1;
      continue;
    }
    if (k + 1 < h->n) {
      /* Han next to a Latin letter or digit, with no space between:
       * never next to - & / + : or brackets */
      const unit *b = &h->u[k + 1];
      if (u->cls1 == U_HAN && b->cls0 == U_LATIN)
        u->gap = q * h->items[u->item].size;
      else if (u->cls1 == U_LATIN && b->cls0 == U_HAN)
        u->gap = q * h->items[b->item].size;
    }
  }
}

/* ---- breaks --------------------------------------------------------------- */

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* The break Pango and clreq allow before unit k. */
static int basic_break(const compose_ctx *c, const hline *h, size_t k) {
  const unit *b = &h->u[k], *a = &h->u[k - 1];
  unsigned char f = c->flags[b->b0];
  if (b->cls0 == U_SPACE || !(f & TX_CURSOR))
    return BRK_NO;
  if (no_line_start(b->first) || no_line_end(a->last))
    return BRK_NO;
  if (a->cls1 == U_SPACE)
    return BRK_OK;
  /* a number and the Han character after it (its unit or counter: 3 月,
   * 12 期), and 第 with its number, stay together */
  if ((is_digit(a->last) && b->cls0 == U_HAN) ||
      (a->last == 0x7B2C && is_digit(b->first)))
    return BRK_NO;
  if (is_cjk_class(a->cls1) || is_cjk_class(b->cls0)) {
    int ascii_sym = (a->last < 0x80 && a->cls1 == U_OTHER) ||
                    (b->first < 0x80 && b->cls0 == U_OTHER);
    return !ascii_sym || (f & TX_LB) ? BRK_OK : BRK_ANY;
  }
  return (f & TX_LB) ? BRK_OK : BRK_ANY;
}

/* Units [k, e) are a token of Latin script (no space, no CJK). */
static size_t token_end(const hline *h, size_t k) {
  size_t e = k + 1;
  while (e < h->n && h->u[e].cls0 != U_SPACE && !is_cjk_class(h->u[e].cls0))
    e++;
  return e;
}

/* A URL, an e-mail address or a path: breaks after / . - ? & = only
 * (after the last of a run of them), never inside the scheme. */
static int url_breaks(const compose_ctx *c, hline *h, size_t k, size_t e) {
  const char *t = c->text;
  size_t b0 = h->u[k].b0, b1 = h->u[e - 1].b1;
  size_t scheme_end = b0, slashes = 0;
  int url = 0;
  for (size_t b = b0; b < b1; b++) {
    if (t[b] == '/')
      slashes++;
    if (t[b] == ':' && b + 2 < b1 && t[b + 1] == '/' && t[b + 2] == '/')
      url = 1, scheme_end = b + 3;
    if (t[b] == '@' || (b + 4 <= b1 && !strncmp(t + b, "www.", 4)))
      url = 1;
  }
  if (!url && slashes < 2)
    return 0;
  static const char after[] = "/.-?&=";
  for (size_t i = k + 1; i < e; i++) {
    unit *u = &h->u[i];
    if (u->brk == BRK_NO)
      continue; /* a space, inside a character, or prohibited */
    char p = t[u->b0 - 1], n = t[u->b0];
    int at = u->b0 > scheme_end && strchr(after, p) && !strchr(after, n) &&
             !no_line_start(u->first);
    u->brk = at ? BRK_LONG : BRK_ANY;
  }
  return 1;
}

/* Hyphenation points of the word t[b0, b1) among the units [k, e):
 * BRK_HYPH in a lowercase word, BRK_NAME (a last resort: a name is
 * divided only when the line would otherwise be loose) in a capitalised
 * one; never in an acronym, a word with digits or other signs, code or
 * a link. */
static void hyphenate_word(const compose_ctx *c, hline *h, size_t k, size_t e,
                           size_t b0, size_t b1) {
  const char *t = c->text;
  if (b1 - b0 < 6 || b1 - b0 > 60)
    return;
  int name = t[b0] >= 'A' && t[b0] <= 'Z';
  for (size_t b = b0 + (size_t)name; b < b1; b++)
    if (!(t[b] >= 'a' && t[b] <= 'z') || (c->flags[b] & TX_NOHYPH))
      return;
  unsigned char pts[64] = {0};
  if (!text_hyphenate(c->hyph_lang, t + b0, b1 - b0, pts))
    return;
  for (size_t i = k + 1; i < e; i++) {
    unit *u = &h->u[i];
    if (u->b0 <= b0 || u->b0 >= b1 || !pts[u->b0 - 1 - b0] ||
        !(c->flags[u->b0] & TX_CURSOR))
      continue;
    const gitem *it = &h->items[h->u[i - 1].item];
    if (!it->hyphen)
      continue;
    u->brk = name ? BRK_NAME : BRK_HYPH;
    u->hyph = it->hyphen_adv;
  }
}

/* Hyphenation points of the token of units [k, e): its letters without
 * the marks around them, each part of a compound ("Paris-Rocquencourt")
 * on its own. */
static void hyphen_breaks(const compose_ctx *c, hline *h, size_t k, size_t e) {
  const char *t = c->text;
  size_t b0 = h->u[k].b0, b1 = h->u[e - 1].b1;
  while (b0 < b1 && !((t[b0] | 32) >= 'a' && (t[b0] | 32) <= 'z'))
    b0++;
  while (b1 > b0 && !((t[b1 - 1] | 32) >= 'a' && (t[b1 - 1] | 32) <= 'z'))
    b1--;
  for (size_t p = b0; p < b1;) {
    const char *dash = memchr(t + p, '-', b1 - p);
    size_t q = dash ? (size_t)(dash - t) : b1;
    hyphenate_word(c, h, k, e, p, q);
    p = q + 1;
  }
}

/* The space before a unit of measure after a number is not a break. */
static void keep_units(const compose_ctx *c, hline *h) {
  for (size_t k = 1; k + 1 < h->n; k++) {
    if (h->u[k].cls0 != U_SPACE || !is_digit(h->u[k - 1].last))
      continue;
    size_t s = k;
    while (s < h->n && h->u[s].cls0 == U_SPACE)
      s++;
    if (s < h->n && h->u[s].cls0 == U_HAN) {
      h->u[s].brk = BRK_NO; /* "3 月" as "3月" */
      continue;
    }
    if (s >= h->n || is_cjk_class(h->u[s].cls0))
      continue;
    size_t e = token_end(h, s);
    size_t b0 = h->u[s].b0, b1 = h->u[e - 1].b1;
    while (b1 > b0 && strchr(".,;:!?)", c->text[b1 - 1]))
      b1--;
    if (text_is_unit(c->text + b0, b1 - b0))
      h->u[s].brk = BRK_NO;
  }
}

static void set_opportunities(hline *h) {
  for (size_t k = 0; k < h->n; k++) {
    unit *a = &h->u[k];
    a->opp = OPP_NONE;
    if (k + 1 >= h->n)
      break;
    const unit *b = &h->u[k + 1];
    if (a->cls1 == U_SPACE)
      a->opp = a->adv > 0 ? OPP_SPACE : OPP_NONE;
    else if (b->cls0 == U_SPACE)
      a->opp = OPP_NONE;
    else if (a->last == b->first &&
             (a->last == 0x2026 || a->last == 0x2014 || a->last == 0x2025))
      a->opp = OPP_NONE; /* inside …… and —— */
    else if (is_cjk_class(a->cls1) || is_cjk_class(b->cls0))
      a->opp = OPP_CJK;
    /* between Latin letters: none, never letter-spaced */
  }
}

/* Words of running Latin text: for each unit, how many tokens the stretch
 * of Latin script it is in has (a stretch ends at CJK). */
static int *latin_words(const hline *h) {
  int *words = xcalloc(h->n ? h->n : 1, sizeof *words);
  size_t s = 0;
  while (s < h->n) {
    size_t e = s;
    int count = 0;
    while (e < h->n && !is_cjk_class(h->u[e].cls0)) {
      if (h->u[e].cls0 != U_SPACE && (e == s || h->u[e - 1].cls1 == U_SPACE))
        count++;
      e++;
    }
    for (size_t k = s; k < e; k++)
      words[k] = count;
    s = e > s ? e : s + 1;
  }
  return words;
}

void compose_breaks(const compose_ctx *c, hline *h, double avail) {
  for (size_t k = 0; k < h->n; k++)
    h->u[k].brk = k ? basic_break(c, h, k) : BRK_NO;
  int *words = c->hyphenate && c->compose ? latin_words(h) : NULL;
  size_t k = 0;
  while (k < h->n) {
    if (h->u[k].cls0 == U_SPACE || is_cjk_class(h->u[k].cls0)) {
      k++;
      continue;
    }
    size_t e = token_end(h, k);
    if (!url_breaks(c, h, k, e)) {
      /* words of English text, not a name or term among Chinese */
      if (words && words[k] >= 3)
        hyphen_breaks(c, h, k, e);
      /* a long identifier or path piece (not a plain word), or a word
       * wider than the line, may break anywhere so that lines fill */
      double w = 0;
      int plain = 1;
      for (size_t i = k; i < e; i++) {
        const unit *u = &h->u[i];
        w += u->adv;
        plain &= u->cls0 == U_LATIN && !is_digit(u->first) &&
                 (i == k || !g_unichar_isupper(u->first));
      }
      if (avail > 0 && (w > avail || (!plain && w > avail / 3)))
        for (size_t i = k + 1; i < e; i++)
          if (h->u[i].brk == BRK_ANY)
            h->u[i].brk = BRK_LONG;
    }
    k = e;
  }
  free(words);
  keep_units(c, h);
  set_opportunities(h);
}

/* ---- line breaking -------------------------------------------------------- */

static double opp_capacity(int opp, double em) {
  return opp == OPP_CJK ? CAP_CJK * em : opp == OPP_SPACE ? CAP_SPACE * em : 0;
}

static void prefix_sums(hline *h, double em) {
  h->pre = xmalloc((h->n + 1) * sizeof *h->pre);
  h->cap = xmalloc((h->n + 1) * sizeof *h->cap);
  h->shrink = xmalloc((h->n + 1) * sizeof *h->shrink);
  h->trail = xmalloc((h->n + 1) * sizeof *h->trail);
  h->pre[0] = h->cap[0] = h->shrink[0] = 0;
  h->trail[0] = 0;
  for (size_t k = 0; k < h->n; k++) {
    const unit *u = &h->u[k];
    h->pre[k + 1] = h->pre[k] + u->adv + u->gap;
    h->cap[k + 1] = h->cap[k] + opp_capacity(u->opp, em);
    h->shrink[k + 1] =
        h->shrink[k] + (u->opp == OPP_SPACE ? SHRINK_SPACE * u->adv : 0);
    h->trail[k + 1] = u->cls0 == U_SPACE ? h->trail[k] : k + 1;
  }
}

/* End of the ink of line [i, j): trailing spaces left out. */
static size_t ink_end(const hline *h, size_t i, size_t j) {
  size_t e = h->trail[j];
  return e > i ? e : i;
}

/* Natural width of the units [i, j) set as one line, pt (with the
 * hyphen drawn when it breaks at a hyphenation point). */
static double line_width(const hline *h, size_t i, size_t j) {
  size_t e = ink_end(h, i, j);
  if (e <= i)
    return 0;
  double w = h->pre[e] - h->pre[i] - h->u[e - 1].gap;
  if (e == j && h->u[j - 1].side == 1 && j < h->n)
    w += h->u[j - 1].restore;
  if (h->u[i].side == -1 && i > 0)
    w += h->u[i].restore;
  if (j < h->n && is_hyph(h->u[j].brk))
    w += h->u[j].hyph;
  return w;
}

/* Word spaces of line [i, j) (those that stretch): their count and
 * natural width, pt. */
static void line_spaces(const hline *h, size_t i, size_t j, int *count,
                        double *width) {
  size_t e = ink_end(h, i, j);
  *count = 0, *width = 0;
  for (size_t k = i; k + 1 < e; k++)
    if (h->u[k].opp == OPP_SPACE)
      (*count)++, *width += h->u[k].adv;
}

/* 1 when line [i, j) cannot be justified by extra pt: it has no gap to
 * stretch, its word spaces would be wider than max_em, or a Latin word
 * or URL that did not fit would leave its CJK gaps open past 0.2 em (it
 * would read letter-spaced; Chinese alone is spread between characters
 * as far as it must).  Such a line is set ragged. */
static int unjustifiable(const hline *h, size_t i, size_t j, double extra,
                         double em, double max_em) {
  size_t e = ink_end(h, i, j);
  double cap = e > i + 1 ? h->cap[e - 1] - h->cap[i] : 0;
  if (extra <= 0.05 * em)
    return 0;
  int latin_edge = (e > i && !is_cjk_class(h->u[e - 1].cls1)) ||
                   (j < h->n && !is_cjk_class(h->u[j].cls0));
  if (cap <= 0 || extra / cap > 2)
    return latin_edge;
  int n;
  double sw;
  line_spaces(h, i, j, &n, &sw);
  return n > 0 && sw / n + extra * CAP_SPACE * em / cap > max_em * em;
}

/* First position after i where a line may end. */
static size_t next_legal(const hline *h, size_t i) {
  size_t j = i + 1;
  while (j < h->n && h->u[j].brk == BRK_NO)
    j++;
  return j;
}

static int letters_from(const hline *h, size_t i, int upto) {
  int letters = 0;
  for (size_t k = i; k < h->n && letters < upto; k++)
    letters += h->u[k].cls0 == U_HAN || h->u[k].cls0 == U_LATIN;
  return letters;
}

/* A last line holding a single Han character takes a companion from the
 * line before when that line can give one and the last still fits. */
static void no_lone_last(const hline *h, const double *avail, size_t *ends,
                         size_t n) {
  if (n < 2)
    return;
  size_t start = n > 2 ? ends[n - 3] : 0, s = ends[n - 2];
  if (h->u[s].cls0 != U_HAN || letters_from(h, s, 2) > 1)
    return;
  for (size_t p = s; p-- > start + 1;) {
    if (h->u[p].brk != BRK_OK)
      continue;
    if (line_width(h, p, h->n) <= avail[1] + 1e-6)
      ends[n - 2] = p;
    return;
  }
}

/* Greedy breaking (text not justified): as much as fits on each line,
 * breaking inside a word only when it alone does not fit. */
static size_t *break_greedy(const hline *h, const double *avail,
                            size_t *n_out) {
  size_t *ends = NULL, n = 0, cap = 0;
  size_t i = 0;
  while (i < h->n) {
    double a = avail[n ? 1 : 0];
    size_t best[BRK_LEVELS] = {0};
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
      end = best[BRK_OK]     ? best[BRK_OK]
            : best[BRK_HYPH] ? best[BRK_HYPH]
            : best[BRK_NAME] ? best[BRK_NAME]
            : best[BRK_LONG] ? best[BRK_LONG]
            : best[BRK_ANY]  ? best[BRK_ANY]
                             : next_legal(h, i);
    VEC_PUSH(ends, n, cap, end);
    i = end;
  }
  no_lone_last(h, avail, ends, n);
  *n_out = n;
  return ends;
}

/* The demerits of line [i, j) (not the last) set justified in a pt. */
static double line_cost(const compose_ctx *c, const hline *h, size_t i,
                        size_t j, double a) {
  double em = c->st->size, w = line_width(h, i, j);
  size_t e = ink_end(h, i, j);
  double bad;
  if (w > a) { /* word spaces shrink */
    double sh = e > i + 1 ? h->shrink[e - 1] - h->shrink[i] : 0;
    double r = sh > 0 ? (w - a) / sh : 2;
    bad = r > 1 ? HUGE_VAL : 100 * r * r * r;
  } else {
    double capacity = e > i + 1 ? h->cap[e - 1] - h->cap[i] : 0;
    double r = capacity > 0 ? (a - w) / capacity : a - w > 0.05 * em ? 1e3 : 0;
    bad = r > 100 ? 1e8 : 100 * r * r * r;
    if (unjustifiable(h, i, j, a - w, em, c->word_space_max))
      bad = LOOSE_BAD + LOOSE_BAD_PER_EM * (a - w) / em;
  }
  int brk = h->u[j].brk;
  double pen = brk == BRK_OK     ? 0
               : brk == BRK_HYPH ? PEN_HYPH
               : brk == BRK_NAME ? PEN_NAME
               : brk == BRK_LONG ? PEN_LONG
                                 : PEN_ANY;
  return (10 + bad) * (10 + bad) + pen * pen;
}

/* Whole-paragraph breaking for justified text: the breaks that minimise
 * the sum over lines of (10 + badness)² + penalty², where badness grows
 * with the cube of the stretch (or shrink) a line needs over what its
 * gaps can take unseen, and breaking inside a word costs a penalty. */
static size_t *break_optimal(const compose_ctx *c, const hline *h,
                             const double *avail, size_t *n_out) {
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
      double w = line_width(h, i, j), cost;
      size_t e = ink_end(h, i, j);
      double sh = j < n && e > i + 1 ? h->shrink[e - 1] - h->shrink[i] : 0;
      if (w - sh > a + 1e-6) {
        if (j != first)
          break;
        cost = 1e12; /* a piece wider than the line: placed anyway */
      } else if (j == n) {
        /* the last line is not justified; a lone character is avoided */
        cost = w > a + 1e-6 ? HUGE_VAL
               : letters_from(h, i, 2) < 2 && i > 0 ? 1e6
                                                    : 0;
      } else {
        cost = line_cost(c, h, i, j, a);
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
enum title_cost {
  TITLE_AT_PUNCT = 0,   /* after punctuation, before an opening bracket */
  TITLE_AT_SPACE = 3,   /* at a space, or between Latin words */
  TITLE_AT_SCRIPT = 4,  /* where Han meets Latin */
  TITLE_AT_PHRASE = 6,  /* between Han characters where a phrase ends */
  TITLE_AT_NUMBER = 10, /* where Han meets a number */
  TITLE_IN_HAN = 12,    /* between other Han characters */
  TITLE_IN_WORD = 100   /* where no break is allowed: inside a word */
};

static double title_penalty(const hline *h, size_t j) {
  static const uint32_t ends[] = {0x7684, 0x4E4B}; /* 的 之 */
  static const uint32_t starts[] = {0x4E0E, 0x548C, 0x53CA, 0x6216}; /* 与和及或 */
  const unit *b = &h->u[j];
  if (b->brk != BRK_OK)
    return TITLE_IN_WORD;
  size_t k = j - 1;
  int spaced = 0;
  while (k > 0 && h->u[k].cls1 == U_SPACE)
    k--, spaced = 1;
  const unit *a = &h->u[k];
  if (a->cls1 == U_CJKP || (a->cls1 == U_OTHER && a->last < 0x80) ||
      blank_left(b->first))
    return TITLE_AT_PUNCT;
  int ca = is_cjk_class(a->cls1), cb = is_cjk_class(b->cls0);
  if (ca != cb) {
    uint32_t other = ca ? b->first : a->last;
    return other < 0x80 && is_digit(other) ? TITLE_AT_NUMBER : TITLE_AT_SCRIPT;
  }
  if (!ca || spaced)
    return TITLE_AT_SPACE;
  if (in_list(a->last, ends, sizeof ends / sizeof *ends) ||
      in_list(b->first, starts, sizeof starts / sizeof *starts))
    return TITLE_AT_PHRASE;
  return TITLE_IN_HAN;
}

/* Balanced breaking for headings and titles: as many lines as greedy
 * breaking needs, of lengths as even as they can be (the sum of the
 * squared slack of every line, the last included), broken at spaces and
 * punctuation before phrases and words are split: "锦城开源数据库 Meetup /
 * 第 12 期：云原生时代的 / 存储与高可用", not "… 与高可 / 用". */
static size_t *break_balanced(const hline *h, const double *avail, double em,
                              size_t *n_out) {
  /* past these many lines or units the greedy breaks are kept (the
   * search grows with their product) */
  enum { BALANCE_MAX_LINES = 8, BALANCE_MAX_UNITS = 600 };
  size_t lines;
  size_t *greedy = break_greedy(h, avail, &lines);
  size_t n = h->n;
  if (lines < 2 || lines > BALANCE_MAX_LINES || n > BALANCE_MAX_UNITS) {
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

size_t *compose_break_lines(const compose_ctx *c, hline *h,
                            const double *avail, int wrap, size_t *n_out) {
  prefix_sums(h, c->st->size);
  if (!wrap || h->n == 0) {
    size_t *ends = xmalloc(sizeof *ends);
    ends[0] = h->n;
    *n_out = 1;
    return ends;
  }
  if (c->st->align == LAYOUT_ALIGN_JUSTIFY)
    return break_optimal(c, h, avail, n_out);
  if (c->st->balance)
    return break_balanced(h, avail, c->st->size, n_out);
  return break_greedy(h, avail, n_out);
}

/* ---- lines ---------------------------------------------------------------- */

/* The extra space of a justified line [i, e) (e: end of its ink) spread
 * over its gaps in proportion to what each can take unseen (a CJK gap a
 * tenth of an em, a word space a third; never between Latin letters), or
 * taken from its word spaces when it is negative; add[k] is what the gap
 * after unit k gets.  Nothing when the word spaces would pass the
 * loosest allowed: the line is set ragged. */
static void justify(const compose_ctx *c, const hline *h, size_t i, size_t j,
                    double extra, double *add) {
  double em = c->st->size;
  size_t e = ink_end(h, i, j);
  if (extra < 0) {
    double sh = h->shrink[e - 1] - h->shrink[i];
    for (size_t k = i; sh > 0 && k + 1 < e; k++)
      if (h->u[k].opp == OPP_SPACE)
        add[k - i] = extra * SHRINK_SPACE * h->u[k].adv / sh;
    return;
  }
  double total = 0;
  for (size_t k = i; k + 1 < e; k++)
    total += opp_capacity(h->u[k].opp, em);
  if (total <= 0 || unjustifiable(h, i, j, extra, em, c->word_space_max))
    return;
  for (size_t k = i; k + 1 < e; k++)
    add[k - i] = extra * opp_capacity(h->u[k].opp, em) / total;
}

/* Where each unit of line [i, j) goes: x and width per unit (indexed
 * k - i), in visual order vis. */
typedef struct line_geom {
  size_t *vis;  /* units in visual order */
  double *add;  /* justification after each unit */
  double *ux;   /* x of each unit */
  double *uw;   /* width of each unit */
  size_t e;     /* end of the ink */
} line_geom;

static void place_units(const compose_ctx *c, const hline *h, size_t i,
                        size_t j, double x0, double avail, double align_width,
                        int last, text_line *ln, line_geom *g) {
  size_t cnt = j - i ? j - i : 1;
  g->e = ink_end(h, i, j);
  g->add = xcalloc(cnt, sizeof *g->add);
  g->vis = xmalloc(cnt * sizeof *g->vis);
  g->ux = xmalloc(cnt * sizeof *g->ux);
  g->uw = xmalloc(cnt * sizeof *g->uw);
  double natural = line_width(h, i, j);
  ln->width = x0 + natural;
  int any_rtl = 0;
  for (size_t k = 0; k < j - i; k++) {
    g->vis[k] = i + k;
    any_rtl |= h->items[h->u[i + k].item].rtl;
  }
  double shift = 0, extra = align_width - ln->width;
  const layout_style *st = c->st;
  if (align_width > 0 && st->align == LAYOUT_ALIGN_RIGHT && extra > 0)
    shift = extra;
  else if (align_width > 0 && st->align == LAYOUT_ALIGN_CENTER && extra > 0)
    shift = extra / 2;
  else if (align_width > 0 && st->align == LAYOUT_ALIGN_JUSTIFY && !last &&
           !any_rtl && g->e > i && fabs(avail - natural) > 1e-6)
    justify(c, h, i, j, avail - natural, g->add);
  for (size_t k = i; k + 1 < g->e; k++)
    ln->width += g->add[k - i];
  if (any_rtl) /* items in the order of the unwrapped line, clusters left
                  to right within each */
    for (size_t a = 1; a < j - i; a++)
      for (size_t b = a; b > 0; b--) {
        const unit *x = &h->u[g->vis[b - 1]], *y = &h->u[g->vis[b]];
        if (x->item < y->item || (x->item == y->item && x->g0 < y->g0))
          break;
        size_t tmp = g->vis[b - 1];
        g->vis[b - 1] = g->vis[b];
        g->vis[b] = tmp;
      }
  double pen = x0 + shift;
  for (size_t v = 0; v < j - i; v++) {
    size_t k = g->vis[v];
    const unit *u = &h->u[k];
    double w = u->adv;
    if (u->side == 1 && k + 1 == j && j < h->n)
      w += u->restore;
    if (u->side == -1 && k == i && i > 0)
      w += u->restore;
    if (k >= g->e && k > i)
      w = u->adv; /* trailing space: placed, not counted */
    g->ux[k - i] = pen;
    g->uw[k - i] = w;
    pen += w;
    if (k + 1 < g->e)
      pen += u->gap + g->add[k - i];
  }
}

static void geom_free(line_geom *g) {
  free(g->vis), free(g->add), free(g->ux), free(g->uw);
}

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

/* The glyphs and clusters of unit q into run r (x relative to the run). */
static void add_unit_glyphs(const compose_ctx *c, const hline *h,
                            const line_geom *g, size_t i, size_t j, size_t q,
                            text_run *r) {
  const unit *u = &h->u[q];
  const gitem *it = &h->items[u->item];
  text_cluster cl = {(int)(u->b1 - u->b0), 0};
  double base = it->g[u->g0].pen;
  double shift_l = u->side == -1 && q == i && i > 0 ? u->restore : 0;
  for (int gi = 0; gi < u->g1 - u->g0; gi++) {
    /* glyphs in logical order: reversed in a right-to-left item */
    int gx = it->rtl ? u->g1 - 1 - gi : u->g0 + gi;
    const pglyph *pg = &it->g[gx];
    if (pg->id == TEXT_GLYPH_EMPTY)
      continue;
    /* A character no font has: draw the font's .notdef box; the cluster
     * map still gives the character back (text.c warns). */
    text_glyph tg = {(pg->id & TEXT_GLYPH_UNKNOWN) ? 0 : pg->id,
                     g->ux[q - i] + (pg->pen - base) + pg->dx + shift_l - r->x,
                     pg->dy};
    r->glyphs[r->n_glyphs++] = tg;
    cl.n_glyphs++;
  }
  /* Space added after a character (Han–Latin spacing, wide
   * justification) would read as a word break, and copy and search would
   * give a space the source does not have.  An invisible space glyph in
   * the character's own cluster fills it: the text layer then spans the
   * character and its added space as one character (render's cluster map
   * turns it into ActualText). */
  double added = q + 1 < g->e ? u->gap + g->add[q - i] : 0;
  if (added >= 0.09 * it->size && cl.n_glyphs && u->cls1 != U_SPACE &&
      !it->rtl && it->space && it->space_adv > 0) {
    text_glyph tg = {it->space,
                     g->ux[q - i] + g->uw[q - i] + added - it->space_adv - r->x,
                     0};
    r->glyphs[r->n_glyphs++] = tg;
    cl.n_glyphs++;
  }
  if (cl.n_bytes > 0 || cl.n_glyphs > 0)
    r->clusters[r->n_clusters++] = cl;
  /* the hyphen of a line broken at a hyphenation point: drawn after the
   * last unit, and a soft hyphen (U+00AD) in the text layer */
  if (q + 1 == j && j < h->n && is_hyph(h->u[j].brk) && it->hyphen) {
    text_glyph tg = {it->hyphen, g->ux[q - i] + g->uw[q - i] - r->x, 0};
    r->glyphs[r->n_glyphs++] = tg;
    r->clusters[r->n_clusters++] = (text_cluster){2, 1};
    r->utf8 = xrealloc(r->utf8, r->n_bytes + 3);
    memcpy(r->utf8 + r->n_bytes, "\xC2\xAD", 3);
    r->n_bytes += 2;
    r->width += it->hyphen_adv;
  }
  (void)c;
}

/* The run of visual units [v, w2) of line [i, j). */
static text_run make_run(const compose_ctx *c, const hline *h,
                         const line_geom *g, size_t i, size_t j, size_t v,
                         size_t w2) {
  const unit *u0 = &h->u[g->vis[v]];
  const gitem *it = &h->items[u0->item];
  int key = span_at(c->txt, u0->b0);
  text_run r = {0};
  r.font = it->font;
  r.size = it->size;
  r.slant = it->slant;
  const doc_span *sp = key >= 0 ? &c->txt->spans[key] : NULL;
  r.flags = sp ? sp->flags : 0;
  r.url = sp && (sp->flags & DOC_LINK) && sp->url ? xstrdup(sp->url) : NULL;
  r.color = (r.flags & DOC_LINK) ? c->link_color : c->st->color;
  /* logical order of the run's units */
  size_t lo = g->vis[v], hi = g->vis[v];
  for (size_t q = v; q < w2; q++) {
    lo = g->vis[q] < lo ? g->vis[q] : lo;
    hi = g->vis[q] > hi ? g->vis[q] : hi;
  }
  size_t b0 = h->u[lo].b0, b1 = h->u[hi].b1;
  r.utf8 = xstrndup(c->text + b0, b1 - b0);
  r.n_bytes = b1 - b0;
  double left = g->ux[g->vis[v] - i], right = left;
  size_t ng = 0;
  for (size_t q = lo; q <= hi; q++) {
    ng += (size_t)(h->u[q].g1 - h->u[q].g0);
    left = g->ux[q - i] < left ? g->ux[q - i] : left;
    if (g->ux[q - i] + g->uw[q - i] > right)
      right = g->ux[q - i] + g->uw[q - i];
  }
  r.x = left;
  r.width = right - left;
  /* room for an added space per unit and a hyphen */
  r.glyphs = xmalloc((ng + (hi - lo + 1) + 1) * sizeof *r.glyphs);
  r.clusters = xmalloc((hi - lo + 2) * sizeof *r.clusters);
  for (size_t q = lo; q <= hi; q++)
    add_unit_glyphs(c, h, g, i, j, q, &r);
  return r;
}

text_line compose_line(const compose_ctx *c, const hline *h, size_t i,
                       size_t j, double x0, double avail, double align_width,
                       int last) {
  text_line ln = {0};
  size_t cap_runs = 0;
  ln.last = last;
  line_geom g;
  place_units(c, h, i, j, x0, avail, align_width, last, &ln, &g);
  /* runs: visual units of one item and one span */
  for (size_t v = 0; v < j - i;) {
    const unit *u0 = &h->u[g.vis[v]];
    int key = span_at(c->txt, u0->b0);
    size_t w2 = v + 1;
    while (w2 < j - i && h->u[g.vis[w2]].item == u0->item &&
           span_at(c->txt, h->u[g.vis[w2]].b0) == key)
      w2++;
    text_run r = make_run(c, h, &g, i, j, v, w2);
    VEC_PUSH(ln.runs, ln.n_runs, cap_runs, r);
    const gitem *it = &h->items[u0->item];
    ln.ascent = it->ascent > ln.ascent ? it->ascent : ln.ascent;
    ln.descent = it->descent > ln.descent ? it->descent : ln.descent;
    v = w2;
  }
  if (!ln.n_runs) {
    ln.ascent = h->ascent;
    ln.descent = h->descent;
  }
  geom_free(&g);
  return ln;
}

void compose_hline_free(hline *h) {
  for (size_t i = 0; i < h->n_items; i++)
    free(h->items[i].g);
  free(h->items);
  free(h->u);
  free(h->pre);
  free(h->cap);
  free(h->shrink);
  free(h->trail);
}
