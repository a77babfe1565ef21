/* layout.h — layout files (layouts/NAME.yaml): page size, margins, fonts,
 * text styles, colours, running header and footer, the order of sections,
 * and the words the booklet prints (labels).  Loaded at run time; --set
 * key=value overrides one value.  A layout holds values per language
 * (`languages: {en: {...}, zh: {...}}`, any top-level key but base, name
 * and languages): a page is set with the layout localized to its language
 * (layout_localize).  Lengths are in points (1/72 in) after loading; the
 * file may use mm, cm, in, pt, em. */
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

/* A word or phrase the booklet prints ("目录", "Contents", "：", "Talk
 * {n}"), by the key the document stage asks for ("contents", "colon",
 * "talk_number"). */
typedef struct layout_word {
  char *key;  /* one of layout_label_keys */
  char *text; /* what is printed, UTF-8 ("" prints nothing) */
} layout_word;

/* The label keys a layout may define, NULL-terminated (layout.c). */
extern const char *const layout_label_keys[];
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
  char *lang;            /* the language the layout is set for (BCP 47:
                            "zh-Hans", "en"): the page's, after
                            layout_localize, else `language:` */
  char *source;          /* the name or path it was loaded from */
  char **sets;           /* the --set overrides it was loaded with
                            (copies), applied again when localized */
  size_t n_sets;         /* count */
  layout_word *labels;  /* printed words for lang */
  size_t n_labels;       /* count */
  char *label_warned;    /* per layout_label_keys entry: 1 once a
                            missing label was reported */
  int hyphenate;         /* 1: Latin words in justified text break at
                            libhyphen's points, with a hyphen drawn */
  double word_space_max; /* loosest word space a justified Latin line may
                            have, em; a line that would need more is set
                            ragged right */
  int indent_all;        /* 1: every paragraph gets its style's first-line
                            indent (Chinese); 0: only one that follows a
                            paragraph (English: none after a heading) */
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
 * path, load it for its own `language:`, then apply sets[i] = "key=value"
 * overrides.  The values of every other language are checked too.
 * Errors are reported as file:line: error and NULL is returned.  Caller
 * frees. */
layout *layout_load(const char *name_or_path, char **sets, size_t n_sets);
/* The same layout (file and overrides) set for language lang (a page's
 * BCP 47 tag): the values of `languages:` for the tag, else for its
 * primary subtag ("zh" for "zh-Hans"), else for "en", over the rest;
 * --set overrides still win.  lang becomes the layout's lang.  NULL (with
 * errors reported) when those values are wrong.  Caller frees. */
layout *layout_localize(const layout *l, const char *lang);
/* The printed text for a label key: never NULL; "" (with a warning, once
 * per key) when the layout has none for its language. */
const char *layout_label(const layout *l, const char *key);
/* The label with "{n}" replaced by n ("Talk {n}" -> "Talk 3").  Caller
 * frees. */
char *layout_label_n(const layout *l, const char *key, long n);
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
