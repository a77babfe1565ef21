/* impose.h — stage 7, print production: where the rendered pages go on
 * printer sheets.  Saddle-stitch booklets (pages padded to a multiple of
 * four and paired 8|1, 2|7, 6|3, 4|5 on landscape sheets, front and back
 * alternating for duplex printing flipped on the short edge, optional
 * creep compensation), two copies of each page per sheet (2up), n pages
 * per sheet (nup:N), a single page on a larger medium with bleed and crop
 * marks, and the contact sheet (all pages as thumbnails).
 *
 * This module is pure geometry: it computes a plan (sheet size, the page
 * in each slot with its position, scale and clip, the trim and bleed
 * boxes, the printer's marks as lines and circles).  render.c carries the
 * plan out with Cairo, drawing each page once into a recording surface
 * and placing the recording in its slots, so text stays text and the
 * fonts are subset once.  Nothing here draws or includes a library. */
#ifndef BOOKLET_IMPOSE_H
#define BOOKLET_IMPOSE_H

#include <stddef.h>

typedef enum impose_mode {
  IMPOSE_NONE,   /* one page per sheet (a larger sheet with bleed/marks) */
  IMPOSE_SADDLE, /* saddle-stitch booklet, two pages per sheet side */
  IMPOSE_2UP,    /* two copies of each page per sheet (cut stacks) */
  IMPOSE_NUP     /* nup pages in order per sheet, row by row */
} impose_mode;

/* The print options of one run (--impose, --paper, --creep, --bleed,
 * --marks, --contact-sheet), passed to render in render_options. */
typedef struct impose_options {
  impose_mode mode;          /* how pages go on sheets */
  int nup;                   /* IMPOSE_NUP: pages per sheet (2..64) */
  double paper_w, paper_h;   /* sheet size, pt; 0: just big enough */
  double creep;              /* saddle: shift of the innermost sheet's
                                pages towards the spine, pt */
  double bleed;              /* pt of bleed round each page; < 0 unset
                                (main puts the layout's value there when
                                marks are asked for, else 0) */
  int marks;                 /* 1: crop marks; registration and fold
                                marks too on imposed sheets */
  const char *contact_sheet; /* PNG of every page as a thumbnail, or NULL */
  int keep_last;             /* saddle: blanks that pad the booklet go
                                before the last page (a back cover stays
                                on the back); set by render */
  const char *job;           /* the job's name for the slug line (the
                                input file), or NULL; set by render */
  const char *job_date;      /* its date for the slug line, or NULL */
} impose_options;

/* Parses "saddle", "2up", "nup:N" or "none" into o->mode and o->nup.
 * Returns 0, or -1 for anything else. */
int impose_parse_mode(const char *s, impose_options *o);
/* Parses a paper name (A3, A4, A5, B5, Letter, Legal, Tabloid, SRA3) or
 * "WxH" with units (e.g. 320x450mm) into o->paper_w/h.  Returns 0 or -1. */
int impose_parse_paper(const char *s, impose_options *o);
/* Parses a length "3", "3mm", "0.5pt", "0.1in" (bare numbers are mm) into
 * points.  Returns 0 or -1. */
int impose_parse_mm(const char *s, double *pt);
/* 1 when the options change nothing: pages are written as they are. */
int impose_is_plain(const impose_options *o);

/* Where one page lands on a sheet. */
typedef struct impose_slot {
  int page;             /* 0-based page index; -1: a blank page */
  double x, y;          /* sheet position of the page's trim top-left, pt */
  double scale;         /* page units to sheet units (1: actual size) */
  double clip_x, clip_y;/* sheet area the page may paint: its trim plus */
  double clip_w, clip_h;/* the bleed where it meets no other page, pt */
} impose_slot;

typedef enum impose_mark_kind {
  IMPOSE_MARK_CROP,   /* line x0,y0 → x1,y1: a cut */
  IMPOSE_MARK_FOLD,   /* dashed line x0,y0 → x1,y1: a fold */
  IMPOSE_MARK_TARGET  /* registration target: circle at x0,y0, radius r,
                         with a cross through it */
} impose_mark_kind;

typedef struct impose_mark {
  impose_mark_kind kind; /* what to draw */
  double x0, y0;         /* start, or centre, pt */
  double x1, y1;         /* end, pt */
  double r;              /* TARGET: radius, pt */
} impose_mark;

/* A box on a sheet, pt from the sheet's top-left corner. */
typedef struct impose_box {
  double x, y, w, h; /* pt */
} impose_box;

typedef struct impose_sheet {
  impose_slot *slots;  /* pages on this sheet side, in drawing order */
  size_t n_slots;      /* count */
  impose_mark *marks;  /* printer's marks */
  size_t n_marks;      /* count */
  impose_box trim;     /* TrimBox: the finished piece(s) */
  impose_box bleed;    /* BleedBox: trim plus bleed */
  int back;            /* saddle: 1 for the back of a sheet */
  char *slug;          /* with marks: the slug line printed outside the
                          bleed under the trim (job, date, sheet n/m,
                          front or back), owned; else NULL */
  double slug_x;       /* its left end, pt */
  double slug_y;       /* its baseline, pt */
} impose_sheet;

typedef struct impose_plan {
  double sheet_w, sheet_h; /* sheet (media) size, pt */
  impose_sheet *sheets;    /* sheet sides in printing order */
  size_t n_sheets;         /* count */
  double bleed;            /* bleed drawn round each page, pt */
} impose_plan;

/* The plan for n_pages pages of page_w x page_h pt.  Imposed sheets
 * (saddle, 2up, n-up) without a --paper are A4, or A3 or SRA3 when the
 * pages and marks need them at actual size.  Never fails (a sheet too
 * small for the pages scales them down to fit).  Caller frees
 * with impose_plan_free. */
impose_plan *impose_plan_make(const impose_options *o, size_t n_pages,
                              double page_w, double page_h);
/* The contact sheet: every page as a thumbnail of thumb_w pt, facing
 * pages side by side as spreads when spreads is 1 (the first page alone
 * on the right), on one sheet.  Caller frees with impose_plan_free. */
impose_plan *impose_contact_plan(size_t n_pages, double page_w,
                                 double page_h, double thumb_w, int spreads);
void impose_plan_free(impose_plan *p);
/* Text dump of a plan (for tests): sheet size, then per sheet its pages
 * and positions.  Caller frees. */
char *impose_plan_dump(const impose_plan *p);

#endif
