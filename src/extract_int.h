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

/* The state of one extraction (defined below). */
typedef struct ex_ctx ex_ctx;
/* ex_known_fn over the speakers so far (x is the ex_ctx). */
int ex_known(void *x, const char *name, size_t len);

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

/* ---- lexicons and thresholds (extract_lex.c) --------------------------- */

/* The word lists the decisions use. */
typedef enum ex_lex {
  EX_LEX_BREAK,       /* agenda items that are not talks: 签到, Lunch */
  EX_LEX_PLACEHOLDER, /* nothing named yet: 待定, TBD */
  EX_LEX_INFO,        /* headings of event information: 地点, Venue */
  EX_LEX_AGENDA,      /* headings of an agenda or the talks: 议程, Talks */
  EX_LEX_SPEAKERS,    /* headings of speakers' bios: 嘉宾, Speakers */
  EX_LEX_DAY,         /* a part of a day: 上午, Thursday */
  EX_LEX_TRACK,       /* a track, hall or room: 分会场, Track */
  EX_LEX_JOB,         /* a job: 工程师, Engineer */
  EX_LEX_SERIES,      /* a kind of talks as a heading: 闪电演讲, Lightning talks */
  EX_LEX_SPONSORS,    /* headings of sponsors and thanks: 致谢, Sponsors */
  EX_LEX_TALKS,       /* words of talks (议题, Talks): over the talks with a
                         word of sections, or alone */
  EX_LEX_SECTION,     /* words of sections: 介绍, 详情, Overview */
  EX_LEX_COUNT
} ex_lex;

/* The first word of list kind found in text (Chinese anywhere, English as
 * whole words, case ignored), or NULL. */
const char *ex_lex_find(ex_lex kind, const char *text);
/* 1 when text starts with a word of the list (after spaces and opening
 * marks). */
int ex_lex_starts(ex_lex kind, const char *text);
/* 1 when an agenda item's text says it is no talk: it opens with a break
 * word ("签到", "Lunch"), or is short and holds one. */
int ex_break_title(const char *t);
/* 1 when text, folded, is one of the list's words and nothing more. */
int ex_lex_whole(ex_lex kind, const char *text);

/* The numbers the group decisions use. */
typedef struct ex_thresholds {
  double group_share;   /* share of a group's members that must look like
                           talks for all of them to be talks */
  int group_min;        /* and at least this many of them */
  double schedule_share; /* in a schedule (every member timed), this share
                            naming people makes those talks and the rest
                            schedule items */
  double names_sure;    /* a name score this high: people, no doubt */
  double names_likely;  /* this high: people when nothing says otherwise */
  double names_pattern; /* this high: people when the group's pattern puts
                           people there */
  size_t heading_cps;   /* longest heading read as a talk title */
  size_t title_cps;     /* longest title line of an item or paragraph */
  size_t section_cps;   /* longest heading read as a section name */
  int break_words;      /* longest agenda item (in words) read as a break */
  double match_ratio;   /* titles this alike are the same talk ... */
  double match_contain; /* ... or one holds the other, this share of it */
} ex_thresholds;

extern const ex_thresholds ex_limits;

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
/* The shared readers of extract_text.c: */
/* 1 for a separator of names and values (, ，、；; : ： | / - – — ·). */
int ex_is_sep_cp(uint32_t cp);
/* s after its leading spaces. */
const char *ex_skip_spaces(const char *s);
/* Length of s[0..n) without trailing code points drop says yes to. */
size_t ex_rtrim_len(const char *s, size_t n, int (*drop)(uint32_t));
/* 1 for what may end a value and goes (spaces, separators, 。.). */
int ex_is_end_sep(uint32_t cp);
/* 1 for ':' and '：'. */
int ex_is_colon(uint32_t cp);
/* 1 when s starts with an ASCII digit. */
int ex_is_digit_at(const char *s);
/* 1 and the bytes in *len when s starts with a digit, ASCII or Han. */
int ex_is_num_at(const char *s, size_t *len);
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

/* How much s reads as the names of people (the speaker half of a title
 * line, a cell of a speaker column), 0 (not at all) to 1 (known speakers):
 * every person extract_people reads in it must have a name of a person's
 * shape — a Han name with a family name, two or more capitalised Latin
 * words that are not things ("Computing", "GraphQL"), an @handle —, with
 * a short designation at most, and the names must be most of the text. */
double ex_names_score(const char *s, ex_known_fn known, void *kctx);
/* s without @handles (when anything else names the person) and a leading
 * "by ".  Caller frees. */
char *ex_people_text(const char *s);

/* ---- titles ---------------------------------------------------------------- */

/* A talk title without decoration: 《》 (even doubled), enclosing quotes
 * and "**", a leading "议题1：", "Topic 2:", "第三场：" (returned in
 * *prefix as written, e.g. "议题1", or NULL).  Caller frees both. */
char *extract_title_clean(const char *s, char **prefix);
/* ---- title lines (extract_line.c) -------------------------------------- */

/* What separates the title of a line from its people. */
typedef enum ex_sep {
  EX_SEP_NONE,
  EX_SEP_QUOTE, /* 《Title》 or “Title” with the people beside it */
  EX_SEP_BY,    /* "Title by Name" */
  EX_SEP_PAREN, /* "Title (A & B)" */
  EX_SEP_DASH,  /* ——, —, –, -, -- */
  EX_SEP_BAR,   /* | ｜ */
  EX_SEP_TAB,   /* a tab */
  EX_SEP_COLON, /* ： or ": " */
  EX_SEP_COMMA, /* ， or ", " */
  EX_SEP_WITH,  /* "Title with Name" */
  EX_SEP_SPACE, /* spaces: "王健  用Python…", "**吴伟** 回顾" */
  EX_SEP_COUNT
} ex_sep;

/* How the lines of a group are written. */
typedef struct ex_pattern {
  ex_sep sep;       /* their separator */
  int people_first; /* 1 when the people come first */
} ex_pattern;

/* A title line read. */
typedef struct ex_head {
  char *time;         /* the leading time as written, or NULL */
  char *title;        /* the title half, decoration kept; never NULL */
  char *people;       /* the people half, or NULL */
  ex_sep sep;         /* what split them (EX_SEP_NONE without people) */
  int people_first;   /* the people came first */
  double names;       /* name score of the people half */
  double title_names; /* name score of the title half (of the whole line
                         when nothing split it) */
} ex_head;

/* Read line into h (free with ex_head_free): a leading time (any form
 * extract_leading_time knows, after "~"), then the split into title and
 * people whose people half scores best as names.  With want, only that
 * separator and order are tried, and a weaker people half is accepted. */
void ex_head_read(ex_ctx *x, const char *line, const ex_pattern *want,
                  ex_head *h);
void ex_head_free(ex_head *h);
/* The separator and order most of heads use (EX_SEP_NONE when none split). */
void ex_head_pattern(const ex_head *heads, size_t n, ex_pattern *out);

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
struct ex_ctx {
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
  size_t talk_cap;   /* capacity of m->talks and of the arrays below */
  int *talk_rank;    /* how detailed the source of each talk is (a detail
                        section beats an agenda row beats a link) */
  int *talk_line;    /* the earliest source line of each talk */
  long *talk_group;  /* the record group each talk came from, or -1 */
  struct ex_event *ev; /* the event's facts gathered so far
                          (extract_event.c's; NULL once decided) */
};

/* A finding for --check (model.findings) at source line. */
void ex_finding(ex_ctx *x, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Add a speaker, or merge into the one with the same name or alias
 * (肖涵（涵畅） and 涵畅 are one person; "付铖 " and "付铖" too).  Returns
 * the speaker's index. */
size_t ex_speaker_add(ex_ctx *x, const ex_person *p, int line);
/* Index of the speaker named (or nicknamed) name[0..len), or -1. */
long ex_speaker_find(ex_ctx *x, const char *name, size_t len);
/* Give speaker i a bio (appended when it has another one). */
void ex_speaker_bio(ex_ctx *x, size_t i, const char *bio);

/* Append b to an array of block pointers (amortised growth). */
void ex_push(const md_node ***arr, size_t *n, const md_node *b);
/* Append s (taken) to an array of strings. */
void ex_push_str(char ***arr, size_t *n, char *s);

/* Read blocks into talk ti (a talk whose title is set already, the page
 * as one talk): each block goes to the talk's abstract, outline or extra
 * (in order), or is read into its fields; nothing is dropped but cue
 * words (kept in labels) and rules. */
void ex_talk_fill(ex_ctx *x, size_t ti, md_node *const *blocks, size_t n);
/* Add the people named in text (handles dropped when a name is there) to
 * talk ti and the speakers; returns how many. */
size_t ex_talk_add_people(ex_ctx *x, size_t ti, const char *text, int line);
/* Fill talk ti from its title node (a heading, a bold paragraph or a
 * "议题：…" paragraph) whose line was read already (pre: time, title and
 * people halves, see ex_head_read), the node's other lines and the blocks
 * after it, read as ex_talk_fill reads them. */
void ex_talk_read(ex_ctx *x, size_t ti, md_node *title, md_node *const *blocks,
                  size_t n, const ex_head *pre);
/* Kinds of the columns of an agenda table. */
typedef enum ex_col {
  EX_COL_NONE,    /* anything else (a note) */
  EX_COL_TIME,    /* 时间, Time, Start */
  EX_COL_TITLE,   /* 议题, Topic, Title, Activity */
  EX_COL_SPEAKER, /* 讲师, Speaker, Proposed by */
  EX_COL_COMPANY, /* 公司, Company */
  EX_COL_ROOM,    /* 会场, Room, Track: where the row is */
  EX_COL_BIO,     /* 嘉宾介绍, Bio: the speaker's bio */
  EX_COL_COUNT
} ex_col;
/* Kind of a column by its head ("时间" → EX_COL_TIME). */
ex_col ex_column_kind(const char *head);
/* Most columns of a table read. */
#define EX_MAX_COLS 32
/* Column kinds of a table's header row into cols (at most max, *n_cols
 * of them); 1 when it reads as an agenda: a title column and a time or a
 * speaker column. */
int ex_table_columns(const md_node *table, ex_col *cols, int max, int *n_cols);
/* The agenda's column heads as the page writes them (time, title,
 * speaker) into m->agenda_head, from the header of table whose column
 * kinds are cols[0..n), unless an earlier table gave them. */
void ex_agenda_heads(model *m, const md_node *table, const ex_col *cols, int n);
/* Bigram Dice coefficient of two folded strings (code points), 0..1. */
double ex_dice(const char *a, const char *b);
/* Read a table as an agenda: 1 (rows appended to m->agenda) when its
 * header looks like time / topic / speaker. */
int ex_agenda_table(ex_ctx *x, const md_node *table);
/* Add an agenda row read already: time normalised, title cleaned, the
 * people read and added to the speakers; kind MODEL_BREAK for a break,
 * else by the title; talk the talk it is, or -1. */
void ex_agenda_put(ex_ctx *x, const char *time, const char *title,
                   const char *people, const char *note, int line,
                   model_talk_kind kind, long talk);
/* ---- blocks, sections and records (extract_record.c) ------------------- */

/* What a heading's section is about. */
typedef enum ex_role {
  EX_ROLE_NONE,     /* not a heading */
  EX_ROLE_OTHER,    /* anything else: maybe a talk */
  EX_ROLE_EVENT,    /* the page's own title */
  EX_ROLE_INFO,     /* event information: 时间地点, Venue, Registration */
  EX_ROLE_AGENDA,   /* over an agenda or the talks: 议程, Talks */
  EX_ROLE_SPEAKERS, /* over speakers' bios: 嘉宾介绍, Speakers */
  EX_ROLE_SPONSORS, /* over sponsors: 致谢, Sponsors */
  EX_ROLE_DAY,      /* a day or part of one: 上午, Day 1, 2019-05-06 */
  EX_ROLE_TRACK,    /* a track or room: Track 3：数据库, 分会场 */
  EX_ROLE_SERIES,   /* a kind of talks: 闪电演讲, Lightning talks */
  EX_ROLE_CUE       /* a field of a talk: 分享嘉宾, Abstract */
} ex_role;

/* What claimed a block besides a talk (ex_block.owner). */
enum {
  EX_FREE = -1,             /* nobody: about or prose */
  EX_CLAIM_AGENDA = -2,     /* read into the agenda */
  EX_CLAIM_SPONSORS = -3,   /* read into the sponsors */
  EX_CLAIM_SPEAKER = -4,    /* read into a speaker's bio */
  EX_CLAIM_CONTAINER = -5   /* a heading over talks, printed by them */
};

/* Where a block stands to a sponsors section.  EX_SPONSORS_NONE is 0, so
 * `if (b->sponsor)` asks whether the block is in one. */
typedef enum ex_sponsor_mark {
  EX_SPONSORS_NONE = 0, /* not in a sponsors section */
  EX_SPONSORS_BODY,     /* a block of a sponsors section */
  EX_SPONSORS_HEADING   /* the heading of a sponsors section */
} ex_sponsor_mark;

/* The level of a block that is not a heading: below every heading's. */
#define EX_LEVEL_BLOCK 7

/* One top-level block of the body and what the passes know of it. */
typedef struct ex_block {
  md_node *n;              /* the block */
  int level;               /* heading level 1..6; EX_LEVEL_BLOCK for others */
  long parent;             /* the heading whose section holds it, or -1 */
  size_t end;              /* a heading: index after its section's last block */
  ex_role role;            /* a heading's role (EX_ROLE_NONE for other blocks) */
  unsigned cues;           /* talk cues at the start of its lines (1 << ex_cue) */
  ex_sponsor_mark sponsor; /* in a sponsors section, or its heading */
  long owner;              /* the talk that holds it (>= 0) or EX_FREE / EX_CLAIM_* */
  int parts;               /* a heading a talk is under as its day or theme */
} ex_block;

/* The body's top-level blocks. */
typedef struct ex_blocks {
  ex_block *b;   /* in source order */
  size_t n;      /* count */
} ex_blocks;

/* Fill bl from the body (the page's own leading H1 title left out), with
 * the sections headings open and the role of each. */
void ex_blocks_read(ex_ctx *x, md_node *body, const md_node *skip,
                    ex_blocks *bl);
void ex_blocks_free(ex_blocks *bl);
/* Role of a heading by its text. */
ex_role ex_heading_role(ex_ctx *x, const char *text);
/* Talk cues at the start of the lines of b and the blocks in it. */
unsigned ex_cue_bits(const md_node *b);
#define EX_CUE_BIT(k) (1u << (k))

/* Where a talk was written. */
typedef enum ex_origin {
  EX_FROM_HEADING,  /* a heading and its section */
  EX_FROM_LINE,     /* a bold, 《》 or "议题：" line and the blocks after it */
  EX_FROM_ITEM,     /* a list item */
  EX_FROM_ROW,      /* a table row (Markdown or HTML) */
  EX_FROM_TIMELINE, /* a line or paragraph that opens with a time */
  EX_FROM_FRONT,    /* an entry of a front-matter list */
  EX_FROM_PAGE      /* the page itself */
} ex_origin;

/* What a group decided a record is. */
typedef enum ex_verdict {
  EX_NOT,   /* not a talk: left where it is */
  EX_TALK,  /* a talk */
  EX_BREAK  /* a break or other item of an agenda */
} ex_verdict;

/* One place a talk may be written, read the same way for every shape. */
typedef struct ex_record {
  ex_origin origin;      /* where */
  size_t group;          /* its group of siblings */
  md_node *title_node;   /* the heading or paragraph its title line opens,
                            or NULL (rows, front matter) */
  md_node **blocks;      /* the blocks it holds after the title line */
  size_t n_blocks;       /* count */
  long first, end;       /* top-level blocks [first, end) it holds, or -1 */
  char *line;            /* the title line as written (plain text) */
  ex_head head;          /* the title line read */
  char *people;          /* people named apart from the line (a speaker
                            cell, the line under it), or NULL */
  char *more;            /* more text (a row's abstract), or NULL */
  char *time;            /* a time given apart from the line (a table's
                            time column), or NULL */
  char *note;            /* a row's other cells, joined, or NULL */
  char *bio;             /* a row's bio cell (its speaker's), or NULL */
  int info;              /* its line is a field of the event ("时间：…",
                            "Location: …"), not a talk */
  int job;               /* its title half names a job ("Arch Linux 开发者"):
                            a list of guests, not of talks */
  int under_agenda;      /* it sits in a section over the agenda or the
                            talks ("## 活动议程", "## Lightning talks") */
  int label;             /* a label over the lines of an agenda
                            ("【日程安排】"), kept as a row */
  char *person_text;     /* the line under it that names people, or NULL */
  char *prefix;          /* the numbering cut from its title ("议题1",
                            "Talk 2"), or NULL */
  int plain;             /* a plain paragraph read as a title line ("Title,
                            by Names (Affiliation)."): it holds its people */
  int name_led;          /* "**Jane Doe** — Title": a bold name led the
                            line, and the people are known before its
                            blocks are read */
  int mentioned;         /* read from running text: a talk word ("will
                            speak on", "带来") said its title is a talk's */
  char *day;             /* the day heading it is under, or NULL */
  char *track;           /* the track heading it is under, or NULL */
  char *part;            /* the theme heading it is under ("1: Imaging"),
                            or NULL */
  long part_block;       /* the day or theme heading it is under, or -1 */
  const void *front;     /* a front-matter entry (front_node), or NULL */
  int line_no;           /* source line */
  unsigned cues;         /* talk cues in its blocks */
  int person_line;       /* a line right under it names people */
  int decorated;         /* its title is in 《》 or quotes, or bold */
  int sentence;          /* its line reads as a sentence */
  int link_only;         /* its line is only a link */
  int brk;               /* a break word opens its line */
  int placeholder;       /* its title is "待定" / "TBD" */
  int no_title;          /* its line names people and nothing else */
  int evidence;          /* how strongly it looks like a talk (0 none) */
  ex_verdict verdict;    /* what its group decided */
  long talk;             /* the talk it became or joined, or -1 */
} ex_record;

/* Records that are siblings: items of one list, rows of one table,
 * headings of one level under one parent, lines of one section. */
typedef struct ex_group {
  ex_origin origin;   /* of its records */
  long block;         /* the top-level block it is (list, table), or -1 */
  size_t first, n;    /* its records in ex_records.r */
  int agenda;         /* its rows are the page's agenda */
  ex_pattern pattern; /* how its lines are written */
  ex_verdict verdict; /* EX_TALK when its members are talks */
} ex_group;

/* All records of a page. */
typedef struct ex_records {
  ex_record *r;       /* records */
  size_t n, cap;      /* count, capacity */
  ex_group *g;        /* groups */
  size_t ng, gcap;    /* count, capacity */
} ex_records;

/* Start a group; records added next belong to it.  Returns its index. */
size_t ex_group_open(ex_records *rs, ex_origin origin, long block);
/* A new record of the open group (zeroed but for origin, group, talk). */
ex_record *ex_record_add(ex_records *rs);
void ex_records_free(ex_records *rs);

/* The adapters: each adds groups of records for the blocks nobody owns. */
void ex_records_headings(ex_ctx *x, ex_blocks *bl, ex_records *rs);
void ex_records_lines(ex_ctx *x, ex_blocks *bl, ex_records *rs);
void ex_records_lists(ex_ctx *x, ex_blocks *bl, ex_records *rs);
void ex_records_tables(ex_ctx *x, ex_blocks *bl, ex_records *rs);
void ex_records_timelines(ex_ctx *x, ex_blocks *bl, ex_records *rs);
/* Helpers the adapters share (extract_record.c): a line opens with a
 * time; a block's first line, trimmed (caller frees); a block a section
 * keeps for itself (info, sponsors, speakers); a record's day, track and
 * part from the headings above block i; blocks [from, to) given to r. */
int ex_timed(const char *t);
char *ex_first_line(const md_node *b);
int ex_off_limits(const ex_blocks *bl, size_t i);
void ex_place(ex_record *r, const ex_blocks *bl, size_t i);
void ex_take_blocks(ex_record *r, const ex_blocks *bl, size_t from,
                    size_t to);
void ex_records_html(ex_ctx *x, ex_blocks *bl, ex_records *rs);
/* Talks named only in running text ("讲师X为大家带来《…》", "Ada Roe will
 * talk about *…*"); only on a page with no talk in any other shape. */
void ex_records_mentions(ex_ctx *x, ex_blocks *bl, ex_records *rs);
/* The heading that opens the page (after HTML comments): a level-1 one,
 * or a level-2 one with no other heading as high; NULL when none. */
const md_node *ex_opening_heading(const md_node *body);
/* On a page whose one talk a mention named, with one speaker and no bio:
 * the paragraphs from the first that opens with the speaker's name up to
 * the next heading are the speaker's bio ("Ada is the founder of …"). */
void ex_mention_bio(ex_ctx *x, ex_blocks *bl, const ex_records *rs,
                    size_t from);

/* Read each record's line of group g (its pattern first), its features,
 * and decide the group. */
void ex_group_decide(ex_ctx *x, ex_records *rs, size_t g);

/* ---- talks from records (extract_build.c) ---------------------------------- */

/* Turn the decided records of groups [from, rs->ng) into talks and agenda
 * rows, claiming their blocks. */
void ex_build(ex_ctx *x, ex_blocks *bl, ex_records *rs, size_t from);
/* A new empty talk at source line, of rank (see ex_ctx.talk_rank) and
 * from group; returns its index. */
size_t ex_talk_new(ex_ctx *x, int line, int rank, long group);
/* Keep a node (and what is under it) in the model's tree of nodes that
 * are not in the body: parsed front-matter texts, items taken out of a
 * list.  Returns it. */
md_node *ex_hold(ex_ctx *x, md_node *n);
/* Parse Markdown text (from a front-matter value or an HTML cell) into
 * blocks the model holds; their pointers are appended to *arr. */
void ex_text_blocks(ex_ctx *x, const char *text, int line,
                    const md_node ***arr, size_t *n);

/* Free what a talk holds (not the talk itself) and zero it. */
void ex_talk_clear(model_talk *t);

/* ---- the front matter and the page (extract_front.c) ----------------------- */

/* The page's speakers from its front matter (`speakers:`, `presenters:` …;
 * slugs left out). */
void ex_front_speakers(ex_ctx *x);
/* Talks and agenda rows from the front matter's session lists (a group
 * of rs each, for bookkeeping). */
void ex_front_sessions(ex_ctx *x, ex_records *rs);
/* When no talk was found: the page as one talk, if it reads as a talk's
 * own page; every free block becomes the talk's.  Returns its index or -1. */
long ex_page_talk(ex_ctx *x, ex_blocks *bl, ex_records *rs);
/* A page about one person (its title a person's name, with a job, a bio
 * or their addresses in the front matter) and no talk: one speaker card,
 * the page's text its bio.  Returns the speaker index, or -1. */
long ex_profile_page(ex_ctx *x, ex_blocks *bl);

/* Match talks written twice (a detail section and an agenda row or item)
 * one to one by title; the more detailed one stays, the other's time,
 * speakers, links and blocks join it.  Then rows not matched become
 * talks of their own. */
void ex_reconcile(ex_ctx *x);
/* 1 when two titles name the same talk (decoration and case aside). */
int ex_same_title(const char *a, const char *b);

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
/* Block i of a sponsors section: sponsors (read into the model with the
 * current *tier), a sub-heading over sponsors (their tier, kept in
 * *tier), or prose.  Returns 1 when the block is claimed. */
int ex_sponsor_part(ex_ctx *x, const ex_blocks *bl, size_t i, char **tier);
/* ---- speakers' bios apart from the talks (extract_speakers.c) ------------ */

/* Sections of bios after the talks: the blocks under a known speaker's
 * name (a heading, a bold line, "**Name** is …") become that speaker's
 * bio and photo and are claimed (EX_CLAIM_SPEAKER); the section's
 * heading titles the cards. */
void ex_speaker_sections(ex_ctx *x, ex_blocks *bl);
/* Take the blocks speakers claimed out of arr (blocks in the order of bl). */
void ex_drop_claimed(const ex_blocks *bl, const md_node ***arr, size_t *cnt);

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
