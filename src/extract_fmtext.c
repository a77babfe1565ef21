/* extract_fmtext.c — text written inside the front matter (a speaker's
 * bio, a talk's abstract, the event's title and description) read the way
 * the body is read: Markdown parsed by cmark-gfm (links, emphasis, lists,
 * HTML entities such as "&amp;"), GitHub's ":emoji:" shortcodes turned
 * into their characters (a table of the common ones; an unknown code stays
 * as written), and a wiki's bold marks ("'''Location: '''") dropped.
 *
 * Longer texts become blocks of the model's front_body document (owned by
 * the model, referenced like the body's blocks, printed by the same code);
 * one-line fields become plain strings.  Nothing here decides what a text
 * is: the callers do. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- emoji shortcodes ----------------------------------------------------------- */

typedef struct emoji {
  const char *name; /* shortcode without colons */
  const char *utf8; /* its character(s) */
} emoji;

/* The common GitHub shortcodes, sorted by name (bsearch). */
static const emoji emojis[] = {
    {"+1", "\U0001F44D"},          {"-1", "\U0001F44E"},
    {"100", "\U0001F4AF"},         {"alarm_clock", "\u23F0"},
    {"beer", "\U0001F37A"},        {"beers", "\U0001F37B"},
    {"bell", "\U0001F514"},        {"book", "\U0001F4D6"},
    {"books", "\U0001F4DA"},       {"boom", "\U0001F4A5"},
    {"bowtie", "\U0001F454"},      {"bulb", "\U0001F4A1"},
    {"bus", "\U0001F68C"},         {"cake", "\U0001F370"},
    {"calendar", "\U0001F4C6"},    {"camera", "\U0001F4F7"},
    {"car", "\U0001F697"},         {"chart_with_upwards_trend", "\U0001F4C8"},
    {"check", "\u2714\uFE0F"},     {"clap", "\U0001F44F"},
    {"clock1", "\U0001F550"},      {"coffee", "\u2615"},
    {"computer", "\U0001F4BB"},    {"confetti_ball", "\U0001F38A"},
    {"cool", "\U0001F192"},        {"crab", "\U0001F980"},
    {"date", "\U0001F4C5"},        {"desert_island", "\U0001F3DD\uFE0F"},
    {"dog", "\U0001F436"},         {"earth_africa", "\U0001F30D"},
    {"earth_americas", "\U0001F30E"}, {"earth_asia", "\U0001F30F"},
    {"email", "\U0001F4E7"},       {"exclamation", "\u2757"},
    {"eyes", "\U0001F440"},        {"fire", "\U0001F525"},
    {"flag-cn", "\U0001F1E8\U0001F1F3"}, {"gift", "\U0001F381"},
    {"globe_with_meridians", "\U0001F310"}, {"grin", "\U0001F601"},
    {"grinning", "\U0001F600"},    {"hammer", "\U0001F528"},
    {"handshake", "\U0001F91D"},   {"heart", "\u2764\uFE0F"},
    {"heart_eyes", "\U0001F60D"},  {"heavy_check_mark", "\u2714\uFE0F"},
    {"hourglass", "\u231B"},       {"house", "\U0001F3E0"},
    {"information_source", "\u2139\uFE0F"}, {"joy", "\U0001F602"},
    {"key", "\U0001F511"},         {"laptop", "\U0001F4BB"},
    {"laughing", "\U0001F606"},    {"link", "\U0001F517"},
    {"lock", "\U0001F512"},        {"loudspeaker", "\U0001F4E2"},
    {"mag", "\U0001F50D"},         {"mega", "\U0001F4E3"},
    {"memo", "\U0001F4DD"},        {"microphone", "\U0001F3A4"},
    {"money_with_wings", "\U0001F4B8"}, {"movie_camera", "\U0001F3A5"},
    {"muscle", "\U0001F4AA"},      {"new", "\U0001F195"},
    {"ok_hand", "\U0001F44C"},     {"package", "\U0001F4E6"},
    {"paperclip", "\U0001F4CE"},   {"partying_face", "\U0001F973"},
    {"pencil", "\U0001F4DD"},      {"pencil2", "\u270F\uFE0F"},
    {"phone", "\u260E\uFE0F"},     {"pizza", "\U0001F355"},
    {"point_down", "\U0001F447"},  {"point_right", "\U0001F449"},
    {"point_up", "\u261D\uFE0F"},  {"pray", "\U0001F64F"},
    {"pushpin", "\U0001F4CC"},     {"question", "\u2753"},
    {"raised_hands", "\U0001F64C"}, {"rocket", "\U0001F680"},
    {"round_pushpin", "\U0001F4CD"}, {"rugby_football", "\U0001F3C9"},
    {"runner", "\U0001F3C3"},      {"scroll", "\U0001F4DC"},
    {"see_no_evil", "\U0001F648"}, {"seedling", "\U0001F331"},
    {"smile", "\U0001F604"},       {"smiley", "\U0001F603"},
    {"snake", "\U0001F40D"},       {"sparkles", "\u2728"},
    {"speech_balloon", "\U0001F4AC"}, {"star", "\u2B50"},
    {"star2", "\U0001F31F"},       {"stopwatch", "\u23F1\uFE0F"},
    {"sunglasses", "\U0001F60E"},  {"sunny", "\u2600\uFE0F"},
    {"tada", "\U0001F389"},        {"thinking", "\U0001F914"},
    {"thumbsdown", "\U0001F44E"},  {"thumbsup", "\U0001F44D"},
    {"ticket", "\U0001F3AB"},      {"tickets", "\U0001F39F\uFE0F"},
    {"trophy", "\U0001F3C6"},      {"tv", "\U0001F4FA"},
    {"unicorn", "\U0001F984"},     {"video_camera", "\U0001F4F9"},
    {"warning", "\u26A0\uFE0F"},   {"wave", "\U0001F44B"},
    {"white_check_mark", "\u2705"}, {"wink", "\U0001F609"},
    {"world_map", "\U0001F5FA\uFE0F"}, {"wrench", "\U0001F527"},
    {"x", "\u274C"},               {"zap", "\u26A1"},
};

static int emoji_cmp(const void *key, const void *e) {
  return strcmp(key, ((const emoji *)e)->name);
}

const char *ex_emoji(const char *name, size_t len) {
  char buf[40];
  if (!len || len >= sizeof buf)
    return NULL;
  memcpy(buf, name, len);
  buf[len] = 0;
  const emoji *e = bsearch(buf, emojis, sizeof emojis / sizeof *emojis,
                           sizeof *emojis, emoji_cmp);
  return e ? e->utf8 : NULL;
}

static int shortcode_char(char c) {
  return islower((unsigned char)c) || isdigit((unsigned char)c) || c == '_' ||
         c == '-' || c == '+';
}

char *ex_emoji_text(const char *s) {
  strbuf b = {0};
  for (const char *p = s; *p;) {
    if (*p == ':') {
      const char *q = p + 1;
      while (shortcode_char(*q) && q - p < 40)
        q++;
      const char *e = *q == ':' ? ex_emoji(p + 1, (size_t)(q - p - 1)) : NULL;
      if (e) {
        sb_add(&b, e);
        p = q + 1;
        continue;
      }
    }
    sb_addc(&b, *p++);
  }
  return sb_take(&b);
}

/* ---- Markdown ------------------------------------------------------------------- */

/* Shortcodes in the text nodes of a parsed tree (not in code). */
static void emoji_tree(md_node *n) {
  for (md_node *c = n->first; c; c = c->next) {
    if (c->type == MD_TEXT && c->text && strchr(c->text, ':')) {
      char *t = ex_emoji_text(c->text);
      free(c->text);
      c->text = t;
    }
    emoji_tree(c);
  }
}

/* A wiki's bold and italic marks ("'''Location: '''", "''x''") dropped. */
static char *drop_wiki_marks(const char *s) {
  strbuf b = {0};
  for (const char *p = s; *p;) {
    if (p[0] == '\'' && p[1] == '\'') {
      while (*p == '\'')
        p++;
      continue;
    }
    sb_addc(&b, *p++);
  }
  return sb_take(&b);
}

/* text without the indent its non-blank lines after the first share
 * (the first loses its own, as a trimmed text has none): a multi-line
 * string indented as a whole inside the front matter ("description =
 * \"\"\"<newline><tab>First paragraph…") is the text, not a code block. */
static char *dedent(const char *text) {
  size_t common = (size_t)-1;
  const char *second = text + strcspn(text, "\n");
  for (const char *l = *second ? second + 1 : second; *l;) {
    size_t n = strspn(l, " \t");
    const char *e = l + strcspn(l, "\n");
    if (l + n < e && !(e[-1] == '\r' && l + n + 1 == e) && n < common)
      common = n;
    l = *e ? e + 1 : e;
  }
  if (common == 0 || common == (size_t)-1)
    return xstrdup(text);
  strbuf b = {0};
  for (const char *l = text; *l;) {
    const char *e = l + strcspn(l, "\n");
    size_t n = strspn(l, " \t");
    const char *from = l == text ? l + n : l + (n < common ? n : common);
    sb_addn(&b, from, (size_t)(e - from));
    if (*e)
      sb_addc(&b, '\n');
    l = *e ? e + 1 : e;
  }
  return sb_take(&b);
}

md_node *ex_front_md(ex_ctx *x, const char *text, int line) {
  char *d = dedent(text);
  char *t = strstr(d, "''") ? drop_wiki_marks(d) : xstrdup(d);
  free(d);
  md_node *doc = body_parse_text(x->m->path, t, strlen(t), line);
  free(t);
  emoji_tree(doc);
  return ex_hold(x, doc);
}

/* text with a backslash before a first character that would start a
 * block ("1. Intro", "# x", "- y"), so one line stays one paragraph. */
static char *escape_block_start(const char *text) {
  strbuf b = {0};
  const char *p = text;
  while (*p == ' ' || *p == '\t')
    p++;
  const char *q = p;
  while (isdigit((unsigned char)*q))
    q++;
  if (q > p && q - p < 10 && (*q == '.' || *q == ')')) {
    sb_addn(&b, p, (size_t)(q - p));
    sb_addc(&b, '\\');
    p = q;
  } else if (*p && strchr("#>-+*=|~`", *p)) {
    sb_addc(&b, '\\');
  }
  sb_add(&b, p);
  return sb_take(&b);
}

char *ex_front_plain(const char *text) {
  if (!text)
    return NULL;
  char *one = xstrdup(text);
  for (char *p = one; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  char *w = strstr(one, "''") ? drop_wiki_marks(one) : xstrdup(one);
  char *esc = escape_block_start(w);
  md_node *doc = body_parse_text(NULL, esc, strlen(esc), 1);
  emoji_tree(doc);
  char *plain = doc->first ? md_plain_text(doc->first) : xstrdup("");
  body_free(doc);
  char *r = util_trim(plain);
  free(plain), free(esc), free(w), free(one);
  return r;
}

void ex_speaker_bio_md(ex_ctx *x, size_t i, const char *bio, int line) {
  char *t = util_trim(bio ? bio : "");
  if (!*t) {
    free(t);
    return;
  }
  md_node *doc = ex_front_md(x, t, line);
  free(t);
  strbuf plain = {0};
  for (const md_node *c = doc->first; c; c = c->next) {
    char *p = ex_text(c);
    if (plain.len)
      sb_add(&plain, "\n\n");
    sb_add(&plain, p);
    free(p);
  }
  char *p = sb_take(&plain);
  model_speaker *s = &x->m->speakers[i];
  if (!s->bio) {
    for (const md_node *c = doc->first; c; c = c->next)
      ex_push(&s->bio_md, &s->n_bio_md, c);
    s->bio_md_len = strlen(p);
  }
  ex_speaker_bio(x, i, p);
  free(p);
}
