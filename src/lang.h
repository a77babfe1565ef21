/* lang.h — the language a page is written in, as a BCP 47 tag: from what
 * its front matter declares (lang, language, languageCode, locale), else
 * from a language folder in its path (content/en/..., /zh-cn/...), else
 * from its text (the share of Han against Latin letters).  Used to choose
 * the layout's values and words for the page (layout_localize); the
 * extraction stage decides model.event.lang with it.  Nothing here reads
 * files or knows about layouts. */
#ifndef BOOKLET_LANG_H
#define BOOKLET_LANG_H

#include "front.h"

/* A language tag as written ("zh_CN", "en-us", "ZH-hans") in the usual
 * form ("zh-CN", "en-US", "zh-Hans"): a copy, or NULL when tag is not a
 * language tag (empty, too long, not letters, digits and - or _).
 * Caller frees. */
char *lang_normalize(const char *tag);
/* The language the front matter declares: the first of lang, language,
 * languageCode, locale, defaultContentLanguage that is a language tag
 * (normalized), or NULL.  Caller frees. */
char *lang_from_front(const front_node *fm);
/* The language a content path names by a folder ("content/en/post.md",
 * "/zh-cn/events/x.md", "site/_posts/ja/x.md"), the last such folder; or
 * NULL.  Only known language subtags count ("en", "zh", "ja", ...), so
 * "/us/" or "/go/" is not a language.  Caller frees. */
char *lang_from_path(const char *path);
/* The language of a text by its letters: "zh-Hans" when Han characters
 * are at least a fifth of the letters (a Han character weighs as much as
 * a Latin word of five letters), "en" when there are Latin letters, NULL
 * with no letters at all.  Not freed. */
const char *lang_of_text(const char *utf8);
/* The page's language: declared, else by path, else by text (title,
 * description and body together), else "zh-Hans".  Caller frees. */
char *lang_of_page(const front_node *fm, const char *path, const char *text);

#endif
