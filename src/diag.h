/* diag.h — diagnostics: every message the program can print has an id in
 * one enum and its level and text in one table (below).  Messages go to
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

/* The messages, one per id: DIAG_<ID>_MSG is the message's level and its
 * printf format.  The format is put into every call by the diag_report
 * macro below, so the compiler checks the call's arguments against it. */
#define DIAG_IO_OPEN_MSG DIAG_ERROR, "cannot open: %s" /* strerror */
#define DIAG_IO_READ_MSG DIAG_ERROR, "read error: %s" /* strerror */
#define DIAG_IO_WRITE_MSG DIAG_ERROR, "cannot write %s: %s"
#define DIAG_SRC_EMPTY_MSG DIAG_ERROR, "file is empty: nothing to print"
#define DIAG_SRC_TOO_BIG_MSG DIAG_ERROR, "file is %zu bytes, over the limit of %zu (BOOKLET_MAX_INPUT changes it)"
#define DIAG_SRC_NUL_MSG DIAG_ERROR, "NUL byte in the file: is it binary? not an event page"
#define DIAG_SRC_UTF8_MSG DIAG_ERROR, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8"
#define DIAG_SRC_NO_BODY_MSG DIAG_WARNING, "front matter only, no body text"
#define DIAG_FM_UNTERMINATED_MSG DIAG_ERROR, "front matter opened with '%s' is never closed"
#define DIAG_FM_TOML_MSG DIAG_ERROR, "TOML: %s" /* toml++'s message */
#define DIAG_FM_YAML_MSG DIAG_ERROR, "YAML: %s" /* libyaml's problem */
#define DIAG_FM_NOT_MAP_MSG DIAG_ERROR, "front matter is not a mapping of keys to values"
#define DIAG_FM_DEPTH_MSG DIAG_ERROR, "YAML nested deeper than %d levels (BOOKLET_MAX_DEPTH changes it)"
#define DIAG_FM_ALIAS_MSG DIAG_ERROR, "YAML aliases expand to more than %zu nodes (BOOKLET_MAX_YAML_NODES changes it)"
#define DIAG_FM_DUPKEY_MSG DIAG_WARNING, "duplicate key '%s': the last one wins"
#define DIAG_FM_TYPE_MSG DIAG_WARNING, "'%s' should be %s: %s" /* key, the type wanted, what was done */
#define DIAG_MD_DEPTH_MSG DIAG_WARNING, "blocks nested deeper than %d levels are flattened (BOOKLET_MAX_DEPTH changes it)"
#define DIAG_MD_COLUMNS_MSG DIAG_WARNING, "table has %d columns, over the limit of %d: the cells past column %d are joined into it (BOOKLET_MAX_COLUMNS changes it)"
#define DIAG_MD_LONG_PARA_MSG DIAG_WARNING, "very long paragraph: split into paragraphs of at most %zu KB"
#define DIAG_PAGE_LIMIT_MSG DIAG_ERROR, "the booklet has %zu pages, over the limit of %zu (BOOKLET_MAX_PAGES changes it); nothing is written"
#define DIAG_LAYOUT_OPEN_MSG DIAG_ERROR, "layout '%s' not found"
#define DIAG_LAYOUT_KEY_MSG DIAG_ERROR, "unknown layout key '%s'"
#define DIAG_LAYOUT_VALUE_MSG DIAG_ERROR, "bad value for '%s': %s"
#define DIAG_LAYOUT_SET_MSG DIAG_ERROR, "--set expects key=value, got '%s'"
#define DIAG_FONT_MISSING_MSG DIAG_WARNING, "no font for family '%s'; using '%s'"
#define DIAG_FONT_SUBSET_MSG DIAG_NOTE, "cannot subset font %s; embedding it whole"
#define DIAG_IMG_MISSING_MSG DIAG_WARNING, "image not found: %s; a placeholder is printed"
#define DIAG_IMG_REMOTE_MSG DIAG_WARNING, "remote image not fetched: %s; a placeholder is printed"
#define DIAG_IMG_BAD_MSG DIAG_WARNING, "cannot read image %s (%s); a placeholder is printed"
#define DIAG_IMG_ESCAPE_MSG DIAG_WARNING, "image path escapes its folder: %s; a placeholder is printed"
#define DIAG_LAYOUT_OVERFLOW_MSG DIAG_WARNING, "%s is too big for the page; placed anyway"
#define DIAG_RENDER_MSG DIAG_ERROR, "rendering failed: %s"
#define DIAG_USAGE_MSG DIAG_ERROR, "%s"
#define DIAG_EX_NO_NAME_MSG DIAG_WARNING, "cannot tell a speaker's name in '%s'; kept as text"
#define DIAG_EX_BIO_ALONE_MSG DIAG_WARNING, "speaker bio but no speaker named in this talk; kept with the talk"
#define DIAG_EX_DATE_MSG DIAG_WARNING, "the event's %s is %s here but %s at line %d; using the one at line %d" /* what (date, time, place), value here, value there, its line, the line used */
#define DIAG_EX_AGENDA_ROW_MSG DIAG_NOTE, "agenda row '%s' matches no talk"
#define DIAG_EX_FM_ENTRY_MSG DIAG_WARNING, "'%s' entry %zu has no %s; skipped"
#define DIAG_IMG_LOW_DPI_MSG DIAG_WARNING, "image %s prints at %d dpi at its size of %.0f x %.0f mm, below 150 dpi: it will look soft in print"
#define DIAG_MD_TAG_MSG DIAG_WARNING, "%s tag '%s' is not understood; %s" /* kind, tag, what was done */
#define DIAG_LAYOUT_LABEL_MSG DIAG_WARNING, "the layout has no label '%s' for language '%s'; nothing is printed for it"
#define DIAG_GLYPH_MISSING_MSG DIAG_WARNING, "no font has a glyph for U+%04X '%s'; it prints as an empty box (install a font that has it)"
#define DIAG_HYPHEN_DICT_MSG DIAG_NOTE, "no hyphenation patterns for '%s' (%s); words are not hyphenated"
#define DIAG_FLOW_FIT_MSG DIAG_NOTE, "pages fitted with the %s layout: %zu pages (notes pages: %zu, near-empty pages: %zu)" /* the fit's name */

/* Every id, in enum order: X(id) for each.  An id here without its _MSG
 * line above, or a _MSG line whose id is not here, does not compile. */
#define DIAG_IDS(X) \
  X(DIAG_IO_OPEN) \
  X(DIAG_IO_READ) \
  X(DIAG_IO_WRITE) \
  X(DIAG_SRC_EMPTY) \
  X(DIAG_SRC_TOO_BIG) \
  X(DIAG_SRC_NUL) \
  X(DIAG_SRC_UTF8) \
  X(DIAG_SRC_NO_BODY) \
  X(DIAG_FM_UNTERMINATED) \
  X(DIAG_FM_TOML) \
  X(DIAG_FM_YAML) \
  X(DIAG_FM_NOT_MAP) \
  X(DIAG_FM_DEPTH) \
  X(DIAG_FM_ALIAS) \
  X(DIAG_FM_DUPKEY) \
  X(DIAG_FM_TYPE) \
  X(DIAG_MD_DEPTH) \
  X(DIAG_MD_COLUMNS) \
  X(DIAG_MD_LONG_PARA) \
  X(DIAG_PAGE_LIMIT) \
  X(DIAG_LAYOUT_OPEN) \
  X(DIAG_LAYOUT_KEY) \
  X(DIAG_LAYOUT_VALUE) \
  X(DIAG_LAYOUT_SET) \
  X(DIAG_FONT_MISSING) \
  X(DIAG_FONT_SUBSET) \
  X(DIAG_IMG_MISSING) \
  X(DIAG_IMG_REMOTE) \
  X(DIAG_IMG_BAD) \
  X(DIAG_IMG_ESCAPE) \
  X(DIAG_LAYOUT_OVERFLOW) \
  X(DIAG_RENDER) \
  X(DIAG_USAGE) \
  X(DIAG_EX_NO_NAME) \
  X(DIAG_EX_BIO_ALONE) \
  X(DIAG_EX_DATE) \
  X(DIAG_EX_AGENDA_ROW) \
  X(DIAG_EX_FM_ENTRY) \
  X(DIAG_IMG_LOW_DPI) \
  X(DIAG_MD_TAG) \
  X(DIAG_LAYOUT_LABEL) \
  X(DIAG_GLYPH_MISSING) \
  X(DIAG_HYPHEN_DICT) \
  X(DIAG_FLOW_FIT)

/* One id per message. */
typedef enum diag_id {
#define DIAG_ENUM_ROW_(id) id,
  DIAG_IDS(DIAG_ENUM_ROW_)
#undef DIAG_ENUM_ROW_
  DIAG_COUNT
} diag_id;

/* The level and the format of a message id (a name, not a variable). */
#define DIAG_LEVEL(id) DIAG_FIRST_(id##_MSG)
#define DIAG_FORMAT(id) DIAG_SECOND_(id##_MSG)
#define DIAG_FIRST_(...) DIAG_FIRST2_(__VA_ARGS__)
#define DIAG_FIRST2_(level, fmt) level
#define DIAG_SECOND_(...) DIAG_SECOND2_(__VA_ARGS__)
#define DIAG_SECOND2_(level, fmt) fmt

/* diag_report(id, file, line, col, args...): report a message.  file may be
 * NULL (then no location is printed); line and col are 1-based, 0 when
 * unknown; args are checked against the id's format.  id must be one of
 * the DIAG_ names written out. */
#define diag_report(id, ...) diag_emit(DIAG_FORMAT(id), id, __VA_ARGS__)
/* diag_report_level(level, id, file, line, col, args...): diag_report with
 * an explicit level (e.g. an error that a caller downgrades to a warning). */
#define diag_report_level(level, id, ...)                                     \
  diag_emit_level(DIAG_FORMAT(id), level, id, __VA_ARGS__)

/* What the two macros call: fmt is the id's format, passed by the macro. */
#if defined(__GNUC__) || defined(__clang__)
#define DIAG_PRINTF_(f, a) __attribute__((format(printf, f, a)))
#else
#define DIAG_PRINTF_(f, a)
#endif
void diag_emit(const char *fmt, diag_id id, const char *file, int line,
               int col, ...) DIAG_PRINTF_(1, 6);
void diag_emit_level(const char *fmt, diag_level level, diag_id id,
                     const char *file, int line, int col, ...)
    DIAG_PRINTF_(1, 7);

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
