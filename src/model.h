/* model.h — stage 3: the event model extracted from the front matter and
 * the Markdown tree: the event, its talks, speakers, agenda, sponsors, and
 * every body block no extractor claimed (kept in source order as prose).
 * The model owns the parsed body tree; blocks are referenced, not copied.
 * No layout knowledge lives here. */
#ifndef BOOKLET_MODEL_H
#define BOOKLET_MODEL_H

#include <stddef.h>

#include "body.h"
#include "front.h"

typedef struct model_link {
  char *label; /* what it is ("slides", "video", "直播"), may be "" */
  char *url;   /* the address */
} model_link;

/* The input lines the event's facts came from (0: not given, or made up
 * from the file name), for diagnostics and tests. */
typedef struct model_event_lines {
  int date;         /* date and end_date */
  int time;         /* time and end_time */
  int timezone;     /* timezone */
  int venue;        /* venue */
  int address;      /* address */
  int city;         /* city */
  int online;       /* online */
  int registration; /* registration */
  int live;         /* live */
  int replay;       /* replay */
  int published;    /* published */
  int description;  /* description */
} model_event_lines;

typedef struct model_event {
  char *title;        /* the event's name without decoration; never NULL */
  char *kicker;       /* site decoration taken off the title ("活动回顾"),
                         printed above it, or NULL */
  char *subtitle;     /* or NULL */
  char *date;         /* the event's (first) day, "YYYY-MM-DD", or NULL when
                         the page does not say (never the post's date when
                         the page says otherwise) */
  char *end_date;     /* last day of a multi-day event, "YYYY-MM-DD", or
                         NULL */
  char *date_text;    /* the day as written when it has no year the page
                         lets us tell ("Tuesday, September 26th"), else
                         NULL; date is then NULL */
  char *time;         /* start, "HH:MM" on a 24-hour clock, or NULL */
  char *end_time;     /* end, "HH:MM", or NULL */
  char *timezone;     /* "UTC+8", "UTC", or a zone as written ("PST"), or
                         NULL when the page names none */
  char *venue;        /* the place's name (or the whole place as written),
                         or NULL */
  char *address;      /* street address, or NULL */
  char *city;         /* city (and country), or NULL */
  int online;         /* 1 when the event is (also) online: 线上, online,
                         Zoom, a live stream as its place */
  char *fee;          /* or NULL */
  char *organizer;    /* or NULL */
  char *registration; /* registration URL (apply_url...), or NULL */
  char *live;         /* live stream URL, or NULL */
  char *replay;       /* replay URL, or NULL */
  char *published;    /* the post's date ("YYYY-MM-DD"), kept apart from
                         the event's, or NULL */
  char *cover_image;  /* cover image path/URL, or NULL */
  char *description;  /* plain text, cut only at a sentence end, or NULL */
  int description_off_cover; /* 1: the description names another day than
                                the event's; printed with the about text,
                                not on the cover */
  char *author;       /* for PDF metadata, or NULL */
  char *lang;         /* BCP 47 language, "zh-Hans" or "en" */
  char **keywords;    /* tags and keywords */
  size_t n_keywords;  /* count */
  int line;           /* line of the title in the input */
  model_event_lines lines; /* where each fact came from */
} model_event;

typedef enum model_talk_kind {
  MODEL_TALK,
  MODEL_KEYNOTE,
  MODEL_PANEL,
  MODEL_BREAK
} model_talk_kind;

typedef struct model_speaker {
  char *name;        /* display name, never NULL */
  char *alias;       /* nickname from （…）, or NULL */
  char *designation; /* title and/or company, or NULL */
  char *company;     /* or NULL */
  char *bio;         /* or NULL */
  char *photo;       /* path or URL, or NULL */
  int line;          /* where first seen */
  const md_node **bio_md; /* a bio written in Markdown in the front matter
                             (links, emphasis, lists), as blocks of
                             model.front_body, printed instead of bio's
                             plain text; NULL when none */
  size_t n_bio_md;   /* count */
  size_t bio_md_len; /* bytes at the start of bio that bio_md gives; the
                        rest of bio (a bio found later in the body) is
                        printed after the blocks */
} model_speaker;

/* The cue words a page used inside one talk, as written ("讲师",
 * "听众收益", "Topic 简介", "You will learn"), so the booklet can print the
 * author's own labels and no text of the page is lost.  Each is the first
 * such cue in the talk, or NULL when the talk had none. */
typedef struct model_talk_labels {
  char *speaker;   /* before the speakers: "主讲人", "嘉宾", "Speaker" */
  char *time;      /* before the time: "时间", "Time" */
  char *bio;       /* before a speaker's bio: "讲师简介", "嘉宾介绍", "Bio" */
  char *abstract;  /* before the abstract: "议题摘要", "Abstract" */
  char *outline;   /* before the outline: "大纲", "Outline" */
  char *takeaways; /* before the takeaways: "听众收益", "You will learn" */
  char *links;     /* before links: "项目地址", "视频回放", "Slides" */
} model_talk_labels;

typedef struct model_talk {
  char *title;             /* without 《》, ** or "议题1：" */
  model_talk_kind kind;    /* talk, keynote, panel, break */
  char *time;              /* as printed, or NULL */
  size_t *speakers;        /* indices into model.speakers */
  size_t n_speakers;       /* count */
  const md_node **abstract;/* blocks of the abstract (in the body tree) */
  size_t n_abstract;       /* count */
  const md_node **outline; /* blocks of the outline */
  size_t n_outline;        /* count */
  char **takeaways;        /* one string per takeaway */
  size_t n_takeaways;      /* count */
  model_link *links;       /* slides, video, project */
  size_t n_links;          /* count */
  const md_node **extra;   /* other blocks inside the talk, in order */
  size_t n_extra;          /* count */
  int line;                /* line of the title */
  char *title_prefix;      /* numbering cut from the title as written
                              ("议题1", "Topic 2", "第三场"), or NULL */
  model_talk_labels labels;/* the page's own cue words in this talk */
  char *day;               /* the day it is on as the page names it ("Day 1",
                              "10月22日", "2019-05-06"), or NULL */
  char *part;              /* the theme section of the page it is in
                              ("1: Workflow and Pipelines", "闪电演讲"),
                              printed over the talks of it; NULL */
  char *track;             /* its track, hall or room ("Track 3：数据库",
                              "Room A"), or NULL */
} model_talk;

/* A sponsor or partner, from the front matter (`sponsors:` lists of
 * names or of maps, a map of tier → list) or from the body's sponsors
 * section (list items, rows of logos, sub-headings as tiers). */
typedef struct model_sponsor {
  char *name; /* as written; never NULL, "" for a logo with no alt text */
  char *logo; /* logo path or URL as written, or NULL */
  char *url;  /* the sponsor's link, or NULL */
  char *tier; /* level as written ("金牌", "Gold", "媒体支持"), or NULL */
  int line;   /* source line */
  const md_node *block; /* the body block that names it (a list item's
                           paragraph, in the body tree), so its own
                           emphasis and links can be printed; or NULL */
} model_sponsor;

typedef struct model_agenda_row {
  char *time;    /* or "" */
  char *title;   /* or "" */
  char *speaker; /* names joined with "、" or ", ", or "" */
  int talk;      /* index into talks, or -1 */
  int line;      /* source line */
  model_talk_kind kind; /* talk, keynote, panel or break (茶歇, Lunch) */
  char *note;    /* other columns of an agenda table, joined, or NULL */
  char *day;     /* day heading or date the row is under, or NULL */
  char *track;   /* track, hall or room of the row, or NULL */
  char *role;    /* the speaker's role or position as the page's table
                    gives it (职务, "Role"), or NULL */
} model_agenda_row;

/* Something the extraction decided on thin evidence, or could not
 * decide, for --check to report (the booklet is made either way). */
typedef struct model_finding {
  int line;   /* source line it is about, 0 for the page */
  char *text; /* what was found, in words */
} model_finding;

typedef struct model {
  char *path;                /* input file, for diagnostics */
  char *dir;                 /* its folder, for relative images */
  model_event event;         /* the event */
  model_talk *talks;         /* talks in order */
  size_t n_talks;            /* count */
  model_speaker *speakers;   /* unique speakers */
  size_t n_speakers;         /* count */
  model_agenda_row *agenda;  /* agenda rows */
  size_t n_agenda;           /* count */
  model_sponsor *sponsors;   /* sponsors and thanks lines, in order */
  size_t n_sponsors;         /* count */
  const md_node **about;     /* unclaimed blocks before the first talk */
  size_t n_about;            /* count */
  const md_node **prose;     /* unclaimed blocks after the talks */
  size_t n_prose;            /* count */
  md_node *body;             /* the parsed body, owned */
  front_node *front;         /* the front matter, owned */
  /* Headings that introduce the agenda, the talks and the sponsors
   * ("## 活动议程", "## 讲师与议题", "## 致谢").  They stay in about or
   * prose like any unclaimed block; a section printer may take its title
   * from one and skip it there.  NULL when there is none. */
  const md_node *agenda_heading;   /* heading just before the agenda */
  const md_node *talks_heading;    /* heading just before the first talk */
  const md_node *sponsors_heading; /* heading of the sponsors section */
  const md_node *speakers_heading; /* heading of a section of speakers'
                                      bios ("## 嘉宾介绍") */
  /* The blocks of the page's sponsors sections that are not sponsors
   * ("感谢以下单位的大力支持：", a closing line), before the first sponsor
   * and after it.  They stay in about or prose too: the sponsors section
   * prints them beside the sponsors, and the body then skips them. */
  const md_node **sponsors_intro; /* before the first sponsor */
  size_t n_sponsors_intro;         /* count */
  const md_node **sponsors_outro; /* after it */
  size_t n_sponsors_outro;         /* count */
  char *agenda_head[3];      /* the agenda table's column heads as written
                                (time, title, speaker), or NULL */
  model_finding *findings;   /* what the extraction was unsure of, in
                                source order of its passes */
  size_t n_findings;         /* count */
  md_node *front_body;       /* Markdown read from front-matter texts (talk
                                abstracts of a `talks:` list), owned; its
                                blocks are referenced like the body's */
} model;

/* Build the model.  Takes ownership of front and body (both freed by
 * model_free).  Reports input problems as warnings; never fails. */
model *model_extract(const source *src, front_node *front, md_node *body);
void model_free(model *m);
/* Free the strings of one agenda row (not the row itself). */
void model_agenda_row_free(model_agenda_row *r);
/* The model as JSON (the --dump-model shape).  Caller frees. */
char *model_to_json(const model *m);

#endif
