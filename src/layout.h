/* layout.h — layout files (layouts/NAME.yaml): page size, margins, fonts,
 * text styles, colours, running header and footer, the order of sections.
 * Loaded at run time; --set key=value overrides one value.  Lengths are in
 * points (1/72 in) after loading; the file may use mm, cm, in, pt, em. */
#ifndef BOOKLET_LAYOUT_H
#define BOOKLET_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

typedef enum layout_align {
  LAYOUT_ALIGN_LEFT,
  LAYOUT_ALIGN_JUSTIFY,
  LAYOUT_ALIGN_CENTER,
  LAYOUT_ALIGN_RIGHT
} layout_align;

typedef struct layout_style {
  char *name;          /* "body", "h1".."h6", "code", "quote", ... */
  char *family;        /* font family list, comma-separated (Pango) */
  double size;         /* font size, pt */
  int weight;          /* CSS-like weight: 400 regular, 700 bold */
  int italic;          /* 1 for italic (Latin only; CJK uses emph_family) */
  double line_height;  /* line pitch as a multiple of size */
  double space_before; /* pt */
  double space_after;  /* pt */
  double indent;       /* first-line indent, in em of this style */
  layout_align align;  /* paragraph alignment */
  uint32_t color;      /* 0xRRGGBB */
  int keep_with_next;  /* 1 for headings: never last on a page */
  int balance;         /* 1 for headings and titles: lines of even length,
                          broken at spaces and punctuation first (not for
                          justified styles) */
} layout_style;

/* ---- pages (issue 17): which sections start a page, speaker cards to
 * a row, how parallel tracks are set, a sheet filled by its content ---- */

/* Where a section starts (layout section.NAME.page_break). */
typedef enum layout_break {
  LAYOUT_BREAK_NONE,   /* runs on after what comes before it */
  LAYOUT_BREAK_BEFORE, /* starts a new page */
  LAYOUT_BREAK_RECTO   /* starts a right-hand (odd) page */
} layout_break;

/* How an agenda day with parallel tracks is set (agenda.tracks). */
typedef enum layout_tracks {
  LAYOUT_TRACKS_COLUMN, /* one table per day with a track column */
  LAYOUT_TRACKS_TABLES, /* one table per track under its heading */
  LAYOUT_TRACKS_SIDE    /* the tracks' tables side by side */
} layout_tracks;

typedef struct layout_section_opt {
  char *name;        /* section kind ("talks") */
  layout_break brk;  /* where it starts */
} layout_section_opt;

typedef struct layout {
  char *name;            /* layout name */
  char *path;            /* file it came from */
  char *dir;             /* folder of layout files (for fonts etc.) */
  double page_w;         /* page width, pt */
  double page_h;         /* page height, pt */
  double margin_top;     /* pt */
  double margin_bottom;  /* pt */
  double margin_inner;   /* pt (binding side) */
  double margin_outer;   /* pt */
  double bleed;          /* pt */
  char *lang;            /* default text language, "zh-Hans" */
  double cjk_latin_space;/* space between Han and Latin, in em */
  char *emph_family;     /* family for emphasis in CJK text (no italic) */
  char *code_family;     /* monospace family */
  uint32_t accent;       /* accent colour 0xRRGGBB */
  uint32_t rule_color;   /* rules and table lines */
  double rule_width;     /* pt */
  char *header;          /* running header template, e.g. "{event.title}" */
  char *footer;          /* folio template, e.g. "{page}" */
  layout_style *header_style; /* style of header/footer text */
  layout_style *styles;  /* all styles */
  size_t n_styles;       /* count */
  char **sections;       /* section names in order: cover, contents, ... */
  size_t n_sections;     /* count */
  int pad_to;            /* pad page count to a multiple (4 for booklets), 0 none */
  int baseline_grid;     /* 1: body lines on a grid of the body line pitch */
  double image_dpi;      /* max upscaling: images never print above
                            their pixels at this dpi (150) */
  int qr_back;           /* qr.back: QR codes of the registration, live
                            stream and replay URLs on the back cover */
  int qr_talks;          /* qr.talks: QR codes of each talk's links */
  double qr_size;        /* qr.size: side of a QR code, pt */
  int cover_bleed;       /* cover_image: full-bleed: the cover image runs
                            edge to edge across the top, into the bleed */
  int sponsor_columns;   /* sponsors.columns: cells per row of the sponsor
                            logo grid */
  double sponsor_logo_h; /* sponsors.logo_height: the height of a square
                            logo, pt.  Every logo gets that area (equal
                            visual weight), within a cell of the column's
                            width and this height */
  /* pages (issue 17) */
  layout_section_opt *section_opts; /* section.NAME: {page_break} */
  size_t n_section_opts;  /* count */
  int speaker_columns;    /* speakers.columns: most speaker cards a row
                             (short bios; 1 keeps one card a row) */
  layout_tracks tracks;   /* agenda.tracks: how parallel tracks are set */
  int fill;               /* page.fill: 1 when the content is scaled up
                             to fill its sheet (the handout) */
} layout;

/* Find a layout by name (searched in the layout folders) or as a file
 * path, load it, then apply sets[i] = "key=value" overrides.  Errors are
 * reported as file:line: error and NULL is returned.  Caller frees. */
layout *layout_load(const char *name_or_path, char **sets, size_t n_sets);
void layout_free(layout *l);
/* Style by name; falls back to "body" (always present). */
const layout_style *layout_style_get(const layout *l, const char *name);
/* Folders searched for layouts, in order: $BOOKLET_LAYOUTS, the folder of
 * the executable's ../share/booklet/layouts, ./layouts, the build folder. */
void layout_set_search_dir(const char *dir);
/* Where a section of this kind starts: its section.NAME.page_break, or
 * def when the layout does not say. */
layout_break layout_section_break(const layout *l, const char *kind,
                                  layout_break def);
/* Text dump (for tests). Caller frees. */
char *layout_dump(const layout *l);

#endif
