/* diag.c — the reporter, and the level of each message id (the texts are
 * in diag.h's table, put into each call by its macros).  See diag.h.
 * Counts are per thread (a batch job counts its own input). */
#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* The level of each message (its format comes with each call). */
static const diag_level levels[DIAG_COUNT] = {
#define LEVEL_ROW(id) [id] = DIAG_LEVEL(id),
    DIAG_IDS(LEVEL_ROW)
#undef LEVEL_ROW
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int counts[3];
static _Thread_local int muted;
static int verbosity = 1;
static int capturing;
static strbuf captured;

static void report(const char *fmt, diag_level level, diag_id id,
                   const char *file, int line, int col, va_list ap) {
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
  sb_vaddf(&b, fmt, ap);
  sb_addc(&b, '\n');
  pthread_mutex_lock(&lock);
  if (capturing)
    sb_add(&captured, b.s);
  else
    fputs(b.s, stderr);
  pthread_mutex_unlock(&lock);
  sb_free(&b);
}

void diag_emit(const char *fmt, diag_id id, const char *file, int line,
               int col, ...) {
  va_list ap;
  va_start(ap, col);
  if (id >= 0 && id < DIAG_COUNT)
    report(fmt, levels[id], id, file, line, col, ap);
  va_end(ap);
}

void diag_emit_level(const char *fmt, diag_level level, diag_id id,
                     const char *file, int line, int col, ...) {
  va_list ap;
  va_start(ap, col);
  report(fmt, level, id, file, line, col, ap);
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
