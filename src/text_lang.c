/* text_lang.c — what the text stage knows about languages and scripts,
 * apart from shaping: which characters stand in CJK context (and so take
 * the CJK face and the Chinese rules), straight quotes and dashes set as
 * typographic ones, hyphenation points from libhyphen's patterns (Debian
 * hyphen-en-us and friends, loaded once per process), and the units of
 * measure a number keeps on its line.  See docs/typesetting.md.  No Pango
 * here; text.c and text_compose.c call these. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <glib.h>
#include <hyphen.h>

#include "diag.h"
#include "text_int.h"

/* ---- script context ----------------------------------------------------- */

int text_is_cjk(uint32_t c) {
  return utf8_is_han(c) || (c >= 0x2E80 && c <= 0x2FDF) ||
         (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3100 && c <= 0x312F) ||
         (c >= 0x31A0 && c <= 0x31FF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* Strong script of a character: 1 CJK, 0 Latin (a letter or digit of
 * another script), -1 neutral (spaces, punctuation, symbols). */
static int strong(uint32_t c) {
  if (text_is_cjk(c))
    return 1;
  if (c < 0x80)
    return isalnum((int)c) ? 0 : -1;
  return g_unichar_isalnum(c) ? 0 : -1;
}

/* Marks that open (take the context of what follows) and close (of what
 * precedes). */
static int opens(uint32_t c) {
  return c == 0x201C || c == 0x2018 || c == '(' || c == '[' || c == '{' ||
         c == '"' || c == '\'';
}

static int closes(uint32_t c) {
  return c == 0x201D || c == 0x2019 || c == ')' || c == ']' || c == '}' ||
         c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?';
}

void text_script(const char *s, size_t n, int cjk_default,
                 unsigned char *flags) {
  /* characters, their offsets and strong scripts */
  size_t cap = n + 1, m = 0;
  uint32_t *cp = xmalloc(cap * sizeof *cp);
  size_t *at = xmalloc(cap * sizeof *at);
  signed char *sc = xmalloc(cap);
  for (size_t i = 0; i < n;) {
    size_t len;
    cp[m] = utf8_decode(s + i, n - i, &len);
    at[m] = i;
    sc[m] = (signed char)strong(cp[m]);
    m++;
    i += len;
  }
  /* the nearest strong script before and after each character, within
   * its hard line */
  signed char *before = xmalloc(m + 1), *after = xmalloc(m + 1);
  int last = -1;
  for (size_t k = 0; k < m; k++) {
    if (cp[k] == '\n')
      last = -1;
    before[k] = (signed char)last;
    if (sc[k] >= 0)
      last = sc[k];
  }
  last = -1;
  for (size_t k = m; k-- > 0;) {
    if (cp[k] == '\n')
      last = -1;
    after[k] = (signed char)last;
    if (sc[k] >= 0)
      last = sc[k];
  }
  for (size_t k = 0; k < m; k++) {
    int cjk;
    if (sc[k] >= 0) {
      cjk = sc[k];
    } else {
      /* a mark right beside CJK is CJK ("说“Hello”。"); else an opening
       * mark goes with what follows, others with what precedes */
      int prev_cjk = k > 0 && text_is_cjk(cp[k - 1]);
      int next_cjk = k + 1 < m && text_is_cjk(cp[k + 1]);
      int first = opens(cp[k]) ? after[k] : before[k];
      int second = opens(cp[k]) ? before[k] : after[k];
      if ((opens(cp[k]) && prev_cjk) || (closes(cp[k]) && next_cjk))
        cjk = 1;
      else
        cjk = first >= 0 ? first : second >= 0 ? second : cjk_default;
    }
    if (cjk)
      flags[at[k]] |= TX_CJK;
  }
  free(cp), free(at), free(sc), free(before), free(after);
}

/* ---- smart punctuation --------------------------------------------------- */

static int is_letter(uint32_t c) { return strong(c) >= 0; }

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

static int is_alpha(uint32_t c) { return is_letter(c) && !is_digit(c); }

/* A space, an opening bracket or dash, or the start: what stands before
 * an opening quote. */
static int opens_after(uint32_t p) {
  return p == 0 || p == ' ' || p == '\t' || p == '\n' || p == 0xA0 ||
         p == '(' || p == '[' || p == '{' || p == 0x2014 || p == 0x2013 ||
         p == '-' || p == '/' || p == 0x201C || p == 0x2018 ||
         text_is_cjk(p);
}

/* Bytes of s[0, n) that belong to a URL or an e-mail address. */
static unsigned char *url_bytes(const char *s, size_t n) {
  unsigned char *u = xcalloc(n + 1, 1);
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && !isspace((unsigned char)s[e]))
      e++;
    int url = 0;
    for (size_t b = i; b < e && !url; b++)
      url = (b + 3 <= e && !memcmp(s + b, "://", 3)) ||
            (b + 4 <= e && !strncmp(s + b, "www.", 4)) || s[b] == '@';
    if (url)
      memset(u + i, 1, e - i);
    i = e < n ? e + 1 : e;
  }
  return u;
}

/* The typographic form of a straight quote q between prev and next, or
 * 0 to keep it.  *open tells whether a double quote is open: between two
 * Han characters only that can tell an opening from a closing one. */
static uint32_t smart_quote(char q, uint32_t prev, uint32_t next, int *open) {
  if (q == '"') {
    if (is_digit(prev) && !is_alpha(next))
      return 0; /* inches: 5'10" */
    int opening = opens_after(prev) && next && next != ' ' && next != '\n' &&
                  !(text_is_cjk(prev) && *open);
    *open = opening;
    return opening ? 0x201C : 0x201D;
  }
  if (is_letter(prev) && !is_digit(prev) && is_letter(next))
    return 0x2019; /* it's */
  if (is_digit(prev) && !is_alpha(next))
    return 0; /* feet: 5'10" */
  if (opens_after(prev) && is_digit(next))
    return 0x2019; /* '90s */
  if (opens_after(prev) && next && next != ' ' && next != '\n')
    return 0x2018;
  return 0x2019;
}

/* The dash for a run of hyphens at s[i] (prev: the character before):
 * --- em, -- en, not a command-line --flag; its length in *take.  0 to
 * keep them. */
static uint32_t smart_dash(const char *s, size_t n, size_t i, uint32_t prev,
                           size_t *take) {
  *take = i + 2 < n && s[i + 2] == '-' ? 3 : 2;
  unsigned char after = i + *take < n ? (unsigned char)s[i + *take] : 0;
  if (after == '-' || ((prev == 0 || prev == ' ') && isalpha(after))) {
    *take = 1;
    return 0;
  }
  return *take == 3 ? 0x2014 : 0x2013;
}

char *text_smarten(const char *s, size_t n, const unsigned char *skip,
                   size_t *map) {
  if (!memchr(s, '"', n) && !memchr(s, '\'', n) && !memchr(s, '-', n))
    return NULL;
  unsigned char *url = url_bytes(s, n);
  strbuf out = {0};
  int changed = 0;
  uint32_t prev = 0, prev2 = 0; /* the characters before, as printed */
  int open = 0;                  /* a double quote is open */
  for (size_t i = 0; i < n;) {
    size_t len, nlen;
    uint32_t c = utf8_decode(s + i, n - i, &len);
    uint32_t next = i + len < n ? utf8_decode(s + i + len, n - i - len, &nlen)
                                : 0;
    uint32_t put = 0;
    size_t take = len;
    if (!(skip && skip[i]) && !url[i]) {
      if (c == '"' || c == '\'')
        put = smart_quote((char)c, prev, next, &open);
      else if (c == '-' && next == '-')
        put = smart_dash(s, n, i, prev, &take);
      else if (c == '-' && prev == ' ' && next == ' ' && prev2 &&
               !text_is_cjk(prev2) && prev2 != ' ')
        put = 0x2013; /* word - word → word – word, in Latin context */
    }
    for (size_t b = 0; b < take; b++)
      map[i + b] = out.len;
    if (put) {
      utf8_encode(&out, put);
      changed = 1;
    } else {
      sb_addn(&out, s + i, take);
    }
    prev2 = prev;
    prev = put ? put : c;
    if (c == '\n')
      open = 0;
    i += take;
  }
  map[n] = out.len;
  free(url);
  if (!changed) {
    sb_free(&out);
    return NULL;
  }
  return sb_take(&out);
}

/* ---- hyphenation ------------------------------------------------------------ */

/* Patterns loaded so far, by language tag (NULL dict: none found). */
typedef struct hyph_entry {
  char *lang;       /* the tag asked for */
  HyphenDict *dict; /* libhyphen's patterns, or NULL */
} hyph_entry;

static hyph_entry *hyph_dicts;
static size_t n_hyph, cap_hyph;
static pthread_mutex_t hyph_lock = PTHREAD_MUTEX_INITIALIZER;

/* The pattern file for a tag: hyph_ll_CC.dic, hyph_ll.dic, and for
 * English hyph_en_US.dic, in $BOOKLET_HYPHEN_DIR or /usr/share/hyphen. */
static HyphenDict *load_dict(const char *lang, char **tried) {
  const char *dir = getenv("BOOKLET_HYPHEN_DIR");
  if (!dir || !*dir)
    dir = "/usr/share/hyphen";
  char ll[16] = {0}, cc[16] = {0};
  size_t k = strcspn(lang, "-_");
  if (k == 0 || k >= sizeof ll)
    return NULL;
  for (size_t i = 0; i < k; i++)
    ll[i] = (char)tolower((unsigned char)lang[i]);
  if (lang[k] && strlen(lang + k + 1) < sizeof cc)
    for (size_t i = 0; lang[k + 1 + i]; i++)
      cc[i] = (char)toupper((unsigned char)lang[k + 1 + i]);
  char *names[3] = {
      cc[0] && strlen(cc) == 2 ? xasprintf("%s/hyph_%s_%s.dic", dir, ll, cc)
                               : NULL,
      xasprintf("%s/hyph_%s.dic", dir, ll),
      !strcmp(ll, "en") ? xasprintf("%s/hyph_en_US.dic", dir) : NULL};
  HyphenDict *d = NULL;
  for (int i = 0; i < 3; i++) {
    if (!d && names[i] && access(names[i], R_OK) == 0)
      d = hnj_hyphen_load(names[i]);
    if (!d && names[i] && !*tried)
      *tried = xstrdup(names[i]);
    free(names[i]);
  }
  return d;
}

static HyphenDict *dict_for(const char *lang) {
  pthread_mutex_lock(&hyph_lock);
  HyphenDict *d = NULL;
  size_t i;
  for (i = 0; i < n_hyph; i++)
    if (!strcasecmp(hyph_dicts[i].lang, lang))
      break;
  if (i < n_hyph) {
    d = hyph_dicts[i].dict;
  } else {
    char *tried = NULL;
    d = load_dict(lang, &tried);
    if (!d)
      diag_report(DIAG_HYPHEN_DICT, NULL, 0, 0, lang,
                  tried ? tried : "no pattern file");
    free(tried);
    hyph_entry e = {xstrdup(lang), d};
    VEC_PUSH(hyph_dicts, n_hyph, cap_hyph, e);
  }
  pthread_mutex_unlock(&hyph_lock);
  return d;
}

int text_hyphenate(const char *lang, const char *w, size_t len,
                   unsigned char *points) {
  if (!lang || len < 5 || len > 60)
    return 0;
  HyphenDict *d = dict_for(lang);
  if (!d)
    return 0;
  char word[64], hyph[72];
  for (size_t i = 0; i < len; i++)
    word[i] = (char)tolower((unsigned char)w[i]);
  word[len] = 0;
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  memset(hyph, 0, sizeof hyph);
  if (hnj_hyphen_hyphenate2(d, word, (int)len, hyph, NULL, &rep, &pos, &cut)) {
    free(rep), free(pos), free(cut);
    return 0;
  }
  int count = 0;
  for (size_t i = 1; i + 3 < len; i++) { /* two letters before, three after */
    points[i] = (hyph[i] & 1) && !rep;
    count += points[i];
  }
  if (rep) { /* non-standard hyphenation (not in English): none */
    for (size_t i = 0; i < len; i++)
      free(rep[i]);
    free(rep), free(pos), free(cut);
    return 0;
  }
  return count;
}

/* ---- units of measure ------------------------------------------------------ */

/* Units a number keeps on its line ("100 ms", "4 GB", "2.5 GHz"). */
static const char *const units[] = {
    "ms", "s", "us", "µs", "ns", "min", "mins", "h", "hr", "hrs", "sec",
    "B", "KB", "MB", "GB", "TB", "PB", "kB", "KiB", "MiB", "GiB", "TiB",
    "Kb", "Mb", "Gb", "bps", "Kbps", "Mbps", "Gbps", "%", "‰", "°", "°C",
    "°F", "K", "km", "m", "cm", "mm", "nm", "kg", "g", "mg", "t", "Hz",
    "kHz", "MHz", "GHz", "px", "pt", "em", "dpi", "W", "kW", "V", "mAh",
    "fps", "rps", "qps", "QPS", "TPS", "RPS", "ops", "x", "×", "k", "M",
    "cores", "vCPU", "CPU", "CPUs", NULL};

int text_is_unit(const char *w, size_t len) {
  for (size_t i = 0; units[i]; i++)
    if (strlen(units[i]) == len && !memcmp(units[i], w, len))
      return 1;
  return 0;
}
