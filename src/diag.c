/* diag.c — the table of message texts and levels, and the reporter.  See
 * diag.h.  Counts are per thread (a batch job counts its own input). */
#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static const struct {
  diag_level level;
  const char *fmt;
} table[DIAG_COUNT] = {
    [DIAG_IO_OPEN] = {DIAG_ERROR, "cannot open: %s"},
    [DIAG_IO_READ] = {DIAG_ERROR, "read error: %s"},
    [DIAG_IO_WRITE] = {DIAG_ERROR, "cannot write %s: %s"},
    [DIAG_SRC_EMPTY] = {DIAG_ERROR, "file is empty: nothing to print"},
    [DIAG_SRC_TOO_BIG] = {DIAG_ERROR, "file is %zu bytes, over the limit of %zu (BOOKLET_MAX_INPUT changes it)"},
    [DIAG_SRC_NUL] = {DIAG_ERROR, "NUL byte in the file: is it binary? not an event page"},
    [DIAG_SRC_UTF8] = {DIAG_ERROR, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8"},
    [DIAG_SRC_NO_BODY] = {DIAG_WARNING, "front matter only, no body text"},
    [DIAG_FM_UNTERMINATED] = {DIAG_ERROR, "front matter opened with '%s' is never closed"},
    [DIAG_FM_TOML] = {DIAG_ERROR, "TOML: %s"},
    [DIAG_FM_YAML] = {DIAG_ERROR, "YAML: %s"},
    [DIAG_FM_NOT_MAP] = {DIAG_ERROR, "front matter is not a mapping of keys to values"},
    [DIAG_FM_DEPTH] = {DIAG_ERROR, "YAML nested deeper than %d levels (BOOKLET_MAX_DEPTH changes it)"},
    [DIAG_FM_ALIAS] = {DIAG_ERROR, "YAML aliases expand to more than %zu nodes (BOOKLET_MAX_YAML_NODES changes it)"},
    [DIAG_FM_DUPKEY] = {DIAG_WARNING, "duplicate key '%s': the last one wins"},
    [DIAG_FM_TYPE] = {DIAG_WARNING, "'%s' should be %s: %s"},
    [DIAG_MD_DEPTH] = {DIAG_WARNING, "blocks nested deeper than %d levels are flattened (BOOKLET_MAX_DEPTH changes it)"},
    [DIAG_MD_COLUMNS] = {DIAG_WARNING, "table has %d columns, over the limit of %d: the cells past column %d are joined into it (BOOKLET_MAX_COLUMNS changes it)"},
    [DIAG_MD_LONG_PARA] = {DIAG_WARNING, "very long paragraph: split into paragraphs of at most %zu KB"},
    [DIAG_PAGE_LIMIT] = {DIAG_ERROR, "the booklet has %zu pages, over the limit of %zu (BOOKLET_MAX_PAGES changes it); nothing is written"},
    [DIAG_LAYOUT_OPEN] = {DIAG_ERROR, "layout '%s' not found"},
    [DIAG_LAYOUT_KEY] = {DIAG_ERROR, "unknown layout key '%s'"},
    [DIAG_LAYOUT_VALUE] = {DIAG_ERROR, "bad value for '%s': %s"},
    [DIAG_LAYOUT_SET] = {DIAG_ERROR, "--set expects key=value, got '%s'"},
    [DIAG_FONT_MISSING] = {DIAG_WARNING, "no font for family '%s'; using '%s'"},
    [DIAG_FONT_SUBSET] = {DIAG_NOTE, "cannot subset font %s; embedding it whole"},
    [DIAG_IMG_MISSING] = {DIAG_WARNING, "image not found: %s; a placeholder is printed"},
    [DIAG_IMG_REMOTE] = {DIAG_WARNING, "remote image not fetched: %s; a placeholder is printed"},
    [DIAG_IMG_BAD] = {DIAG_WARNING, "cannot read image %s (%s); a placeholder is printed"},
    [DIAG_IMG_ESCAPE] = {DIAG_WARNING, "image path escapes its folder: %s; a placeholder is printed"},
    [DIAG_LAYOUT_OVERFLOW] = {DIAG_WARNING, "%s is too big for the page; placed anyway"},
    [DIAG_RENDER] = {DIAG_ERROR, "rendering failed: %s"},
    [DIAG_USAGE] = {DIAG_ERROR, "%s"},
    [DIAG_EX_NO_NAME] = {DIAG_WARNING, "cannot tell a speaker's name in '%s'; kept as text"},
    [DIAG_EX_BIO_ALONE] = {DIAG_WARNING, "speaker bio but no speaker named in this talk; kept with the talk"},
    [DIAG_EX_DATE] = {DIAG_WARNING, "the event's %s is %s here but %s at line %d; using the one at line %d"},
    [DIAG_EX_AGENDA_ROW] = {DIAG_NOTE, "agenda row '%s' matches no talk"},
    [DIAG_EX_FM_ENTRY] = {DIAG_WARNING, "'%s' entry %zu has no %s; skipped"},
    [DIAG_MD_TAG] = {DIAG_WARNING, "%s tag '%s' is not understood; %s"},
    [DIAG_LAYOUT_LABEL] = {DIAG_WARNING, "the layout has no label '%s' for language '%s'; nothing is printed for it"},
    [DIAG_GLYPH_MISSING] = {DIAG_WARNING, "no font has a glyph for U+%04X '%s'; it prints as an empty box (install a font that has it)"},
    [DIAG_HYPHEN_DICT] = {DIAG_NOTE, "no hyphenation patterns for '%s' (%s); words are not hyphenated"},
    [DIAG_FLOW_FIT] = {DIAG_NOTE, "pages fitted with the %s layout: %zu pages (notes pages: %zu, near-empty pages: %zu)"},
    [DIAG_IMG_LOW_DPI] = {DIAG_WARNING, "image %s prints at %d dpi at its size of %.0f x %.0f mm, below 150 dpi: it will look soft in print"},
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int counts[3];
static _Thread_local int muted;
static int verbosity = 1;
static int capturing;
static strbuf captured;

static void report(diag_level level, diag_id id, const char *file, int line,
                   int col, va_list ap) {
  if (id < 0 || id >= DIAG_COUNT || muted)
    return;
  counts[level]++;
  if (level == DIAG_NOTE && verbosity < 2)
    return;
  if (level == DIAG_WARNING && verbosity < 1)
    return;
  strbuf b = {0};
  if (file) {
    sb_add(&b, file);
    if (line > 0)
      sb_addf(&b, ":%d", line);
    if (line > 0 && col > 0)
      sb_addf(&b, ":%d", col);
    sb_add(&b, ": ");
  } else {
    sb_add(&b, "booklet: ");
  }
  sb_add(&b, level == DIAG_ERROR ? "error: "
             : level == DIAG_WARNING ? "warning: "
                                     : "note: ");
  sb_vaddf(&b, table[id].fmt, ap);
  sb_addc(&b, '\n');
  pthread_mutex_lock(&lock);
  if (capturing)
    sb_add(&captured, b.s);
  else
    fputs(b.s, stderr);
  pthread_mutex_unlock(&lock);
  sb_free(&b);
}

void diag_report(diag_id id, const char *file, int line, int col, ...) {
  va_list ap;
  va_start(ap, col);
  if (id >= 0 && id < DIAG_COUNT)
    report(table[id].level, id, file, line, col, ap);
  va_end(ap);
}

void diag_report_level(diag_level level, diag_id id, const char *file,
                       int line, int col, ...) {
  va_list ap;
  va_start(ap, col);
  report(level, id, file, line, col, ap);
  va_end(ap);
}

int diag_count(diag_level level) { return counts[level]; }

void diag_mute(int on) { muted = on; }

int diag_muted(void) { return muted; }

void diag_reset_counts(void) { memset(counts, 0, sizeof counts); }

void diag_set_verbosity(int v) { verbosity = v; }

void diag_capture(int on) {
  pthread_mutex_lock(&lock);
  capturing = on;
  sb_free(&captured);
  pthread_mutex_unlock(&lock);
}

const char *diag_captured(void) { return captured.s ? captured.s : ""; }
