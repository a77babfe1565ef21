/* lang.c — the language of a page (see lang.h): declared in the front
 * matter, named by a folder of its path, or read off its letters.  The
 * known language subtags and the front-matter keys are named tables. */
#include "lang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Front-matter keys that declare the page's language, in order (Hugo:
 * languageCode, defaultContentLanguage; Jekyll: lang, locale). */
static const char *const lang_keys[] = {"lang", "language", "languageCode",
                                        "locale", "defaultContentLanguage",
                                        NULL};

/* Primary subtags a folder of a content path may be named after. */
static const char *const known[] = {
    "zh", "en", "ja", "ko", "de", "fr", "es", "pt", "it", "ru", "nl", "sv",
    "da", "nb", "no", "fi", "pl", "cs", "tr", "uk", "vi", "id", "th", "ar",
    "he", "hu", "ro", "el", NULL};

/* Scripts and regions written in title case / upper case. */
char *lang_normalize(const char *tag) {
  if (!tag)
    return NULL;
  while (*tag == ' ')
    tag++;
  size_t n = strlen(tag);
  while (n && tag[n - 1] == ' ')
    n--;
  if (n < 2 || n > 35)
    return NULL;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)tag[i]) && tag[i] != '-' && tag[i] != '_')
      return NULL;
  char *out = xstrndup(tag, n);
  size_t part = 0, start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && out[i] != '-' && out[i] != '_')
      continue;
    size_t len = i - start;
    for (size_t k = start; k < i; k++) {
      char c = out[k];
      if (part == 0)
        out[k] = (char)tolower((unsigned char)c);
      else if (len == 4) /* script: Hans */
        out[k] = (char)(k == start ? toupper((unsigned char)c)
                                   : tolower((unsigned char)c));
      else if (len == 2) /* region: CN */
        out[k] = (char)toupper((unsigned char)c);
    }
    if (i < n)
      out[i] = '-';
    start = i + 1;
    part++;
  }
  /* the primary subtag is letters only, two or three of them */
  size_t p = strcspn(out, "-");
  int letters = p >= 2 && p <= 3;
  for (size_t i = 0; i < p; i++)
    letters &= isalpha((unsigned char)out[i]) != 0;
  if (!letters) {
    free(out);
    return NULL;
  }
  return out;
}

char *lang_from_front(const front_node *fm) {
  for (size_t i = 0; lang_keys[i]; i++) {
    char *t = lang_normalize(front_str(fm, lang_keys[i]));
    if (t)
      return t;
  }
  return NULL;
}

static int known_subtag(const char *s, size_t n) {
  for (size_t i = 0; known[i]; i++)
    if (strlen(known[i]) == n && !strncasecmp(known[i], s, n))
      return 1;
  return 0;
}

char *lang_from_path(const char *path) {
  if (!path)
    return NULL;
  char *found = NULL;
  const char *p = path;
  while (*p) {
    const char *e = strchr(p, '/');
    if (!e)
      break; /* the file's own name is not a folder */
    size_t n = (size_t)(e - p);
    size_t primary = strcspn(p, "-_/");
    if (n >= 2 && n <= 10 && primary <= n && known_subtag(p, primary)) {
      char *seg = xstrndup(p, n);
      char *t = lang_normalize(seg);
      free(seg);
      if (t) {
        free(found);
        found = t;
      }
    }
    p = e + 1;
  }
  return found;
}

const char *lang_of_text(const char *utf8) {
  if (!utf8)
    return NULL;
  size_t han = 0, latin = 0, n = strlen(utf8);
  for (size_t i = 0; i < n;) {
    size_t len;
    uint32_t c = utf8_decode(utf8 + i, n - i, &len);
    if (utf8_is_han(c))
      han++;
    else if (c < 0x80 ? isalpha((int)c) != 0 : (c >= 0xC0 && c < 0x250))
      latin++;
    i += len;
  }
  if (!han && !latin)
    return NULL;
  /* a Han character counts as a word, five Latin letters as one */
  double words = (double)han + (double)latin / 5;
  return (double)han >= 0.2 * words ? "zh-Hans" : "en";
}

char *lang_of_page(const front_node *fm, const char *path, const char *text) {
  char *t = lang_from_front(fm);
  if (!t)
    t = lang_from_path(path);
  if (!t) {
    const char *g = lang_of_text(text);
    t = xstrdup(g ? g : "zh-Hans");
  }
  return t;
}
