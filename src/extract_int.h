/* extract_int.h — what the files of the extract stage share (extract.c,
 * extract_text.c, extract_talk.c, extract_agenda.c, extract_sponsor.c):
 * the readers of short texts that know how event pages are written — cue
 * words ("讲师：", "Speaker:"), times, people ("肖涵（涵畅）蚂蚁金服高级
 * 技术专家"), talk titles ("议题1：《…》") — and the extraction context
 * the passes fill.  Private to the stage: no other module includes it
 * (the unit test of the stage does).  Nothing here knows about layout. */
#ifndef BOOKLET_EXTRACT_INT_H
#define BOOKLET_EXTRACT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "util.h"

/* ---- cue words --------------------------------------------------------- */

/* What a cue word at the start of a line announces. */
typedef enum ex_cue {
  EX_CUE_NONE,
  /* inside a talk */
  EX_CUE_SPEAKER,   /* 主讲人, 讲师, 嘉宾, Speaker */
  EX_CUE_BIO,       /* 讲师简介, 嘉宾介绍, Bio */
  EX_CUE_ABSTRACT,  /* 议题简介, 议题摘要, Topic 简介, Abstract */
  EX_CUE_OUTLINE,   /* 大纲, Outline */
  EX_CUE_TAKEAWAYS, /* 听众收获, 听众收益, Takeaways, You will learn */
  EX_CUE_TIME,      /* 时间, Time */
  EX_CUE_TOPIC,     /* 议题, 题目, Topic, Title */
  EX_CUE_LINK,      /* 项目地址, 视频回放, Slides, Video */
  EX_CUE_ROLE,      /* 公司, 职位, Company, Position */
  /* about the event (read in the part before the talks) */
  EX_CUE_EV_TIME,   /* 活动时间, 日期, Date */
  EX_CUE_EV_PLACE,  /* 地点, 活动地点, Venue, Location */
  EX_CUE_EV_LIVE,   /* 直播地址, Live */
  EX_CUE_EV_REPLAY, /* 直播回放, Replay */
  EX_CUE_EV_REG,    /* 报名, Registration */
  EX_CUE_EV_FEE,    /* 费用, Fee */
  EX_CUE_EV_ORG,    /* 主办方, Organizer */
  EX_CUE_COUNT
} ex_cue;

/* A cue found at the start of a line. */
typedef struct ex_cue_hit {
  ex_cue kind;    /* what it announces */
  size_t key_at;  /* byte offset of the key as written */
  size_t key_len; /* its length in bytes */
  size_t value;   /* byte offset where the value starts (after the colon
                     and spaces); the length of the line when bare */
  int bare;       /* 1: the line is only the key ("**嘉宾介绍**") */
} ex_cue_hit;

/* Cue at the start of line (one line, no '\n').  Forms: "key：value",
 * "key: value", "【key】value", and the bare key.  Returns hit->kind
 * (EX_CUE_NONE when the line does not start with a known cue). */
ex_cue extract_cue(const char *line, ex_cue_hit *hit);
/* The cue a key names ("讲师" → SPEAKER), spaces and case ignored. */
ex_cue extract_cue_key(const char *key, size_t len);
/* Like extract_cue_key for the part before the talks, where keys are
 * also read by what they contain ("视频直播回放地址" → EV_REPLAY). */
ex_cue extract_event_key(const char *key, size_t len);

/* ---- small text helpers ------------------------------------------------ */

/* One code point at s (s NUL-terminated); *len gets its length (0 at the
 * end of the string). */
uint32_t ex_cp(const char *s, size_t *len);
int ex_is_space(uint32_t cp);
/* Copy of s[0..n) with spaces trimmed at both ends.  Caller frees. */
char *ex_trimn(const char *s, size_t n);
/* Copy of s with spaces and the separators ",，、;；:：|/-–—·" trimmed at
 * both ends (and "。." at the end).  Caller frees. */
char *ex_trim_seps(const char *s);
/* Key for comparing titles and names: letters, digits and Han only,
 * ASCII lowercased.  Caller frees. */
char *ex_fold(const char *s);
/* Length in code points. */
size_t ex_cps(const char *s);
/* 1 when s holds a Han character. */
int ex_has_han(const char *s);
/* Length of a leading list marker ("1、", "2.", "(3)", "①", "- ") and the
 * spaces after it; 0 when there is none. */
size_t ex_marker_len(const char *s);
/* First http(s) URL in s, or NULL.  Caller frees. */
char *ex_find_url(const char *s);
/* Case-insensitive ASCII search for needle in hay. */
const char *ex_casestr(const char *hay, const char *needle);

/* ---- times and dates --------------------------------------------------- */

/* A time text normalised for print: times as H:MM on a 24-hour clock
 * ("下午 1:00" → "13:00", "9:00 am" → "9:00", "noon" → "12:00",
 * "19：00" → "19:00"), ranges with an en dash and no spaces
 * ("13:00 - 13:30" → "13:00–13:30"); the date part and anything else is
 * kept as written.  Caller frees. */
char *extract_time_norm(const char *s);
/* Length in bytes of a time or time range at the start of s (after
 * spaces), 0 when s does not start with one.  "13:00-13:30 签到" → 11. */
size_t extract_leading_time(const char *s);
/* Byte offset of the first time of day in s (after any date), or -1. */
long extract_time_at(const char *s);
/* The first time of day or range in s, on a 24-hour clock: 1 with *h1
 * *m1 and, for a range, *h2 *m2 (else -1); 0 when s holds no time. */
int extract_time_range(const char *s, int *h1, int *m1, int *h2, int *m2);

/* A calendar date as read from a text (extract_date.c). */
typedef struct ex_date {
  int y, m, d;    /* the (first) day; y is 0 when the text gives no year */
  int y2, m2, d2; /* the last day of a range ("9月20-21日"), or all 0 */
  int wday;       /* weekday written beside it (0 Sunday .. 6), or -1 */
  size_t at, end; /* bytes of the date as written in the text */
} ex_date;

/* The first calendar date in s: "2019年12月28日", "2020/5/6", "2019.8.24",
 * "3 月 24 日", "9月20-21日", "October 4, 2025", "June 6th 2025", "the
 * 11th of March", "9th to 11th December 2021", "July 20-24 2015".  1 and
 * *out when found. */
int extract_date_find(const char *s, ex_date *out);
/* The first date with a year in s: 1 and *y *m *d when found. */
int extract_date(const char *s, int *y, int *m, int *d);
/* The time zone a text names: "UTC+8" for "UTC +08:00", "GMT+8",
 * "北京时间"; "UTC"; a zone's abbreviation as written ("PST"); NULL when
 * none.  Caller frees. */
char *extract_timezone(const char *s);
/* "UTC+8", "UTC-3:30", "UTC" for an offset in minutes east.  Caller
 * frees. */
char *extract_tz_offset(int minutes);

/* ---- people -------------------------------------------------------------- */

/* A person as read from a speaker line. */
typedef struct ex_person {
  char *name;        /* display name, never NULL */
  char *alias;       /* nickname from （…）, or NULL */
  char *designation; /* title and/or company, or NULL */
  char *company;     /* company when it can be told apart, or NULL */
} ex_person;

/* How sure a caller must be that a text names people. */
typedef enum ex_strict {
  EX_LENIENT, /* after a speaker cue: any name-shaped first word */
  EX_STRICT,  /* no cue: a Han name with a known surname, a Latin name of
                 two or more capitalised words, or a known speaker */
  EX_BIO      /* a bio that starts with the name ("吕思泉是…", "祝辰（花名
                 忘禅），蚂蚁集团技术专家，…"): name and a short designation */
} ex_strict;

/* Callback: 1 when name is a speaker already known (front matter). */
typedef int (*ex_known_fn)(void *ctx, const char *name, size_t len);

/* Read the people named in s: names split by 、；;&/ "and" "和" and
 * line breaks (and commas when every part is a bare name), each with an
 * alias in （）, a designation and a company.  Returns the count (0 when s
 * does not read as people) and the array in *out; free with
 * extract_people_free. */
size_t extract_people(const char *s, ex_strict strict, ex_known_fn known,
                      void *kctx, ex_person **out);
void extract_people_free(ex_person *p, size_t n);

/* ---- titles ---------------------------------------------------------------- */

/* A talk title without decoration: 《》 (even doubled), enclosing quotes
 * and "**", a leading "议题1：", "Topic 2:", "第三场：" (returned in
 * *prefix as written, e.g. "议题1", or NULL).  Caller frees both. */
char *extract_title_clean(const char *s, char **prefix);
/* Speakers written inside a title line: "Name（公司）：Title", "Title by
 * Name", "“Title” - Speaker", "《Title》 Speaker", "Title (Speaker)",
 * "Title——Speaker".  Returns 1 with the title part in *title and the
 * people part in *people (both caller frees); 0 when the line holds no
 * speaker. */
int extract_title_people(const char *s, ex_known_fn known, void *kctx,
                         char **title, char **people);
/* Kind of a talk by its title: panel, keynote, break or talk. */
model_talk_kind extract_kind(const char *title);

/* ---- inline text of blocks ---------------------------------------------- */

/* One line of a block's inline text (lines end at soft and hard breaks
 * and <br>). */
typedef struct ex_line {
  char *text;  /* the line's text, link texts included */
  char *label; /* the text without bare URLs (autolinks), trimmed */
  char *url;   /* the first link's address on the line, or NULL */
  int n_urls;  /* links on the line */
  int line;    /* input line */
} ex_line;

/* The lines of a paragraph, heading or cell.  Caller frees with
 * ex_lines_free. */
size_t ex_lines(const md_node *block, ex_line **out);
void ex_lines_free(ex_line *l, size_t n);
/* Inline text of a block for a string field: soft breaks as a space
 * (nothing between two CJK characters), hard breaks and <br> as '\n'.
 * Containers (lists, quotes, items) give their blocks' texts, one a
 * line.  Caller frees. */
char *ex_text(const md_node *block);
/* 1 when an HTML inline node is a <br>. */
int ex_is_br(const md_node *n);
/* 1 when a paragraph holds only images (and spaces). */
int ex_only_images(const md_node *p);

/* ---- the extraction context ------------------------------------------------ */

/* State shared by the passes of one extraction. */
typedef struct ex_ctx {
  model *m;          /* the model being built */
  const char *path;  /* input file, for diagnostics */
  int zh;            /* the page is Chinese (joins names with "、") */
  char **hkeys;      /* speaker index: folded names and aliases ... */
  size_t *hvals;     /* ... to speaker indices */
  size_t hcap;       /* slots in the index (a power of two) */
  size_t hn;         /* keys in the index */
  size_t spk_cap;    /* capacity of m->speakers */
  size_t spon_cap;   /* capacity of m->sponsors */
  char **spon_keys;  /* folded names of the first sponsors (for merging) */
  size_t key_cap;    /* capacity of spon_keys */
  struct ex_event *ev; /* the event's facts gathered so far
                          (extract_event.c's; NULL once decided) */
} ex_ctx;

/* Add a speaker, or merge into the one with the same name or alias
 * (肖涵（涵畅） and 涵畅 are one person; "付铖 " and "付铖" too).  Returns
 * the speaker's index. */
size_t ex_speaker_add(ex_ctx *x, const ex_person *p, int line);
/* Index of the speaker named (or nicknamed) name[0..len), or -1. */
long ex_speaker_find(ex_ctx *x, const char *name, size_t len);
/* ex_known_fn over the speakers so far. */
int ex_known(void *x, const char *name, size_t len);
/* Give speaker i a bio (appended when it has another one). */
void ex_speaker_bio(ex_ctx *x, size_t i, const char *bio);

/* Append b to an array of block pointers (amortised growth). */
void ex_push(const md_node ***arr, size_t *n, const md_node *b);
/* Append s (taken) to an array of strings. */
void ex_push_str(char ***arr, size_t *n, char *s);

/* Fill talk ti from its title block (a heading, a bold paragraph or a
 * "议题：…" paragraph; NULL when the talk has none and keeps the title it
 * has) and the blocks after it up to the next talk.  Blocks go to the
 * talk's abstract, outline or extra (in order), or are read into its
 * fields; nothing is dropped but cue words (kept in labels) and rules. */
void ex_talk_fill(ex_ctx *x, size_t ti, md_node *title, md_node *const *blocks,
                  size_t n);
/* Read a table as an agenda: 1 (rows appended to m->agenda) when its
 * header looks like time / topic / speaker. */
int ex_agenda_table(ex_ctx *x, const md_node *table);
/* 1 when a table's header looks like an agenda's (without reading it). */
int ex_is_agenda_table(const md_node *table);
/* Add an agenda row.  time is normalised, title cleaned (and read for
 * speakers when people is empty), people read and added to the speakers;
 * company goes to a lone speaker's designation.  Any may be NULL. */
void ex_agenda_add(ex_ctx *x, const char *time, const char *title,
                   const char *people, const char *company, const char *note,
                   int line);
/* Read a list (or a paragraph) whose every line starts with a time as
 * agenda rows ("13:00-13:30 签到"); 1 when read. */
int ex_time_list(ex_ctx *x, const md_node *b);
/* ---- the event's facts (extract_event.c) ----------------------------------- */

/* Name, kicker, description, cover, keywords, links, language and the
 * explicit date, time and place keys of the front matter (and metadata
 * lines at the top of the body); sets x->zh.  Call first. */
void ex_event_front(ex_ctx *x, const source *src);
/* The facts in one top-level body block no talk claimed: info lines and
 * list items under cue words, key/value tables, a "## When" section, a
 * date heading or bold date line, a sentence saying when and where the
 * event is held (about = 1: the block is before the talks), a link under
 * "## 报名".  The block itself is left where it is. */
void ex_event_block(ex_ctx *x, const md_node *b, int about);
/* 1 when a heading names a section of the event's facts as a whole ("##
 * 时间和地点", "When", "Location", "Date & Venue"): not a talk. */
int ex_event_heading(const md_node *h);
/* Decide between the sources (with the talks' and agenda's days), warn
 * when two trusted ones disagree, and fill m->event's date, end_date,
 * time, end_time, timezone, venue, address, city, online. */
void ex_event_finish(ex_ctx *x);

/* ---- text written in the front matter (extract_fmtext.c) ---------------------- */

/* A front-matter text parsed as Markdown like the body (links, emphasis,
 * lists, entities; ":emoji:" shortcodes as characters), added to the
 * model's front_body; returns its document node (owned by the model). */
md_node *ex_front_md(ex_ctx *x, const char *text, int line);
/* A one-line front-matter field as plain text: Markdown inlines read
 * ("[Acme](url)" → "Acme", "&amp;" → "&"), shortcodes mapped, line breaks
 * as spaces.  NULL for NULL.  Caller frees. */
char *ex_front_plain(const char *text);
/* Give speaker i a bio written in the front matter: parsed as Markdown,
 * kept as blocks (bio_md) and as plain text (bio). */
void ex_speaker_bio_md(ex_ctx *x, size_t i, const char *bio, int line);
/* The character of a GitHub emoji shortcode (name without colons), or
 * NULL when it is not in the table. */
const char *ex_emoji(const char *name, size_t len);
/* s with its known ":shortcode:"s replaced.  Caller frees. */
char *ex_emoji_text(const char *s);

/* ---- sponsors (extract_sponsor.c) ------------------------------------------ */

/* 1 when block b of a sponsors section names sponsors: a list with any
 * text or image in it, or a paragraph that is only (linked) images. */
int ex_sponsor_is_block(const md_node *b);
/* Read block b of a sponsors section into m->sponsors, each with tier
 * (copied; NULL for none): list items ("Name", "[Name](url)",
 * "![Name](logo)", "[![Name](logo)](url)", a line over a nested list as
 * that list's tier) and rows of images.  1 when read (the block is
 * claimed), 0 when b is prose. */
int ex_sponsor_block(ex_ctx *x, const md_node *b, const char *tier);
/* The sponsors of the front matter: `sponsor`, `sponsors`, `partners` as
 * a name, a list of names or maps (name/title, logo/image/img/icon,
 * url/link/website, tier/level/type), or a map of tier → list. */
void ex_sponsors_front(ex_ctx *x);

/* Link each agenda row to the talk with the most similar title; a linked
 * talk without a time or speakers takes the row's. */
void ex_agenda_link(ex_ctx *x);
/* Rows from the talks, when at least half of them have a time. */
void ex_agenda_derive(ex_ctx *x);
/* Links written away from their talks ("资料下载：[《Title》](slides.pdf)" in
 * the introduction): a link whose text is a talk's title (decoration
 * aside) is added to that talk, labelled by the cue before it or by what
 * its address is (slides, video).  The block itself stays where it is. */
void ex_talk_links_elsewhere(ex_ctx *x);

#endif
