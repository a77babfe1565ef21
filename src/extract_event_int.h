/* extract_event_int.h — what the two files of the event's facts share
 * (extract_event.c: the front matter and the decision; extract_event_body.c:
 * the body's blocks): where a fact came from, what each source said, and
 * the small readers both use.  Private to those two files. */
#ifndef BOOKLET_EXTRACT_EVENT_INT_H
#define BOOKLET_EXTRACT_EVENT_INT_H

#include "extract_int.h"

/* Where a date or time came from, most trusted first. */
typedef enum ev_src {
  EV_KEY,    /* an explicit event key of the front matter */
  EV_LINE,   /* a body line under a cue word, a key/value table row */
  EV_HEAD,   /* a heading or bold line that is a date */
  EV_AGENDA, /* the days of the talks and the agenda rows */
  EV_PROSE,  /* a sentence of the introduction */
  EV_DESC,   /* the front matter's description */
  EV_PUB,    /* the front matter's date: the post's */
  EV_NSRC
} ev_src;

/* What one source says of when. */
typedef struct ev_when {
  ex_date day;          /* day.m is 0 when the source names no day */
  int day_line;         /* its line */
  int h1, m1, h2, m2;   /* start and end time, -1 when none */
  int time_line;        /* their line */
  char *tz;             /* time zone, or NULL */
  int tz_line;          /* its line */
  char *text;           /* the date as written (for messages), or NULL */
} ev_when;

/* Which place source. */
enum { PL_KEY, PL_LINE, PL_PROSE, PL_N };

/* What one source says of where. */
typedef struct ev_place {
  char *venue;   /* or NULL */
  char *address; /* or NULL */
  char *city;    /* or NULL */
  int vline, aline, cline; /* their lines */
  int online;    /* 1: the source says online */
  int oline;     /* its line */
} ev_place;

struct ex_event {
  ev_when when[EV_NSRC];  /* per source, the first it gave */
  ev_place place[PL_N];   /* per source */
  int pub_y, pub_m, pub_d; /* the post's date, pub_y 0 when none */
  int recap;              /* the page reports an event that took place */
  int announce;           /* the page announces one */
  const md_node *link_head; /* heading whose section gave its link */
  int prose_named;        /* the prose sentence read names the event */
  const md_node *meta;    /* a leading block of "Title: … / Date: …"
                             metadata lines (Pelican), or NULL */
  char *reg_guess;        /* a link a sentence asks to register at ("RSVP
                             at [our form](…)"), taken when nothing else
                             gives the registration; or NULL */
  int reg_guess_line;     /* its line */
};

/* A source that says nothing yet. */
void ev_when_init(ev_when *w);
void ev_when_free(ev_when *w);
/* Days since a fixed day (a year of 0 counts as 2000). */
long ev_day_num(int y, int m, int d);
/* "YYYY-MM-DD".  Caller frees. */
char *ev_ymd(int y, int m, int d);
/* *slot = copy of v (and *line = at) unless *slot is set or v empty. */
void ev_set_str(char **slot, const char *v, int *line, int at);
/* A date, a time (range) and a time zone read from text into w, each only
 * when w has none; pub: the post's timestamp.  1 when something was read. */
int ev_when_read(ev_when *w, const char *text, int line, int pub);
/* 1 when a place text says online (线上, Zoom, a URL) / says only that. */
int ev_online_text(const char *s);
int ev_only_online(const char *s);
/* A place value into a source: online, venue and address. */
void ev_place_value(ev_place *pl, const char *v, int line);
/* The event's registration, live or replay address, once. */
void ev_set_link(ex_ctx *x, ex_cue kind, const char *url, int line);
/* 1 when the folded text holds one of the words. */
int ev_has_word(const char *s, const char *const *words);
/* 1 when s ends a sentence (or a quote or bracket after one). */
int ev_ends_sentence(const char *s);

#endif
