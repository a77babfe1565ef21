/* diag.h — diagnostics: every message the program can print has an id in
 * one enum and its text and level in one table (diag.c).  Messages go to
 * stderr as `file:line[:col]: warning|error: text`.  Counters let main()
 * decide the exit status.  Thread-safe: a batch renders inputs in
 * parallel, and each message is written with one fputs under a lock. */
#ifndef BOOKLET_DIAG_H
#define BOOKLET_DIAG_H

typedef enum diag_level {
  DIAG_NOTE,    /* informative, printed only with -v */
  DIAG_WARNING, /* something was repaired; output still written */
  DIAG_ERROR    /* this input cannot be rendered */
} diag_level;

/* One id per message.  Texts are printf formats in diag.c's table. */
typedef enum diag_id {
  DIAG_IO_OPEN,          /* cannot open: %s (strerror) */
  DIAG_IO_READ,          /* read error: %s */
  DIAG_IO_WRITE,         /* cannot write output %s: %s */
  DIAG_SRC_EMPTY,        /* file is empty */
  DIAG_SRC_TOO_BIG,      /* file is %zu bytes, limit %zu */
  DIAG_SRC_NUL,          /* NUL byte: binary file? */
  DIAG_SRC_UTF8,         /* invalid UTF-8 byte 0x%02x */
  DIAG_SRC_NO_BODY,      /* front matter only, no body (warning) */
  DIAG_FM_UNTERMINATED,  /* front matter opened with %s never closed */
  DIAG_FM_TOML,          /* TOML syntax error (toml++ message) */
  DIAG_FM_YAML,          /* YAML: %s */
  DIAG_FM_NOT_MAP,       /* front matter is not a mapping */
  DIAG_FM_DEPTH,         /* YAML nested deeper than %d */
  DIAG_FM_ALIAS,         /* YAML aliases expand past %zu nodes */
  DIAG_FM_DUPKEY,        /* duplicate key '%s': the last one wins */
  DIAG_FM_TYPE,          /* '%s' should be %s, got %s: %s */
  DIAG_MD_DEPTH,         /* nesting deeper than %d; flattened */
  DIAG_MD_COLUMNS,       /* table has %d columns, limit %d, merged into %d */
  DIAG_MD_LONG_PARA,     /* paragraph split into parts of %zu KB */
  DIAG_PAGE_LIMIT,       /* %zu pages, over the limit of %zu */
  DIAG_LAYOUT_OPEN,      /* layout '%s' not found */
  DIAG_LAYOUT_KEY,       /* unknown layout key '%s' */
  DIAG_LAYOUT_VALUE,     /* bad value for '%s': %s */
  DIAG_LAYOUT_SET,       /* --set expects key=value, got '%s' */
  DIAG_FONT_MISSING,     /* no font for family '%s'; using '%s' */
  DIAG_FONT_SUBSET,      /* cannot subset font %s; embedding it whole */
  DIAG_IMG_MISSING,      /* image not found: %s */
  DIAG_IMG_REMOTE,       /* remote image not fetched: %s */
  DIAG_IMG_BAD,          /* cannot read image %s: %s */
  DIAG_IMG_ESCAPE,       /* image path escapes its root: %s */
  DIAG_LAYOUT_OVERFLOW,  /* %s too big for the page; placed anyway */
  DIAG_RENDER,           /* rendering failed: %s */
  DIAG_USAGE,            /* %s */
  DIAG_EX_NO_NAME,       /* cannot tell a speaker's name in '%s'; kept as text */
  DIAG_EX_BIO_ALONE,     /* a speaker bio with no speaker; kept with the talk */
  DIAG_EX_DATE,          /* the event's %s (date, time, place) is %s here
                            but %s at line %d; using line %d */
  DIAG_EX_AGENDA_ROW,    /* (note) agenda row '%s' matches no talk */
  DIAG_EX_FM_ENTRY,      /* '%s' entry %zu has no %s; skipped */
  DIAG_IMG_LOW_DPI,      /* image %s prints at %d dpi (%.0f x %.0f mm) */
  DIAG_MD_TAG,           /* %s tag '%s' not understood; %s */
  DIAG_LAYOUT_LABEL,     /* no label '%s' for language '%s' */
  DIAG_GLYPH_MISSING,    /* no font has U+%04X '%s' */
  DIAG_HYPHEN_DICT,      /* (note) no hyphenation patterns for '%s' */
  DIAG_FLOW_FIT,         /* (note) pages fitted: %s; %zu pages, %zu notes,
                            %zu near-empty */
  DIAG_COUNT
} diag_id;

/* Report a message.  file may be NULL (then no location is printed);
 * line and col are 1-based, 0 when unknown. */
void diag_report(diag_id id, const char *file, int line, int col, ...);
/* Like diag_report with an explicit level override (e.g. an error that a
 * caller downgrades to a warning). */
void diag_report_level(diag_level level, diag_id id, const char *file,
                       int line, int col, ...);

/* Number of messages of a level reported so far by this thread. */
int diag_count(diag_level level);
void diag_reset_counts(void);
/* While muted (per thread), messages are neither printed nor counted:
 * used for a layout pass whose result is thrown away. */
void diag_mute(int on);
/* 1 while this thread is muted: a check that reports only once (a
 * missing font) waits for an unmuted pass. */
int diag_muted(void);
/* 0 quiet (errors only), 1 normal, 2 verbose (notes too). */
void diag_set_verbosity(int v);
/* For tests: capture messages into a buffer instead of stderr.  Pass NULL
 * to stop capturing.  The buffer is owned by diag.c; diag_captured()
 * returns its contents (valid until the next report). */
void diag_capture(int on);
const char *diag_captured(void);

#endif
