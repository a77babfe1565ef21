/* fuzz_pipeline.c — libFuzzer target for the whole pipeline on small
 * inputs, through pipeline.h as main.c runs it: source → front matter +
 * body → model → layout for the page's language → document → images →
 * flow (the contents page filled in at its end) → render to a PDF in a private
 * temporary folder (on /dev/shm when there is one, so fsync is cheap).
 * The first byte picks the layout (its low bits) and, when its high bit
 * is set, a dump (document or flow) instead of the PDF, so the printers
 * are fuzzed too.  Inputs are read as if they were in content/, so
 * relative image paths such as images/logo.png reach the real image code;
 * remote images are never fetched (offline, an empty cache folder).
 * Built by `make fuzz`; tests/fuzz/regress.c runs saved inputs without
 * libFuzzer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "layout.h"
#include "pipeline.h"
#include "source.h"
#include "text.h"
#include "util.h"

/* Inputs longer than this are skipped: each run must stay fast. */
#define MAX_INPUT 6000

static const char *const layouts[] = {"a5-booklet", "a4", "b5", "letter"};
#define N_LAYOUTS (sizeof layouts / sizeof *layouts)
static layout *lay[N_LAYOUTS];
static text_ctx *keep[N_LAYOUTS]; /* one per layout, never freed */
static char out_path[256];
static char *content_dir; /* <data>/content: the inputs' folder */

static char tmp_dir[200]; /* private folder of out_path, removed at exit */

static void remove_tmp(void) {
  unlink(out_path);
  rmdir(tmp_dir);
}

static void setup(void) {
  if (lay[0])
    return;
  const char *data = getenv("BOOKLET_DATA");
  if (!data || !*data)
    setenv("BOOKLET_DATA", util_data_dir(), 1);
  data = util_data_dir();
  diag_capture(1);
  for (size_t i = 0; i < N_LAYOUTS; i++) {
    lay[i] = layout_load(layouts[i], NULL, 0);
    if (!lay[i]) {
      fprintf(stderr, "fuzz_pipeline: cannot load layout %s from %s\n%s",
              layouts[i], data, diag_captured());
      abort();
    }
    /* kept for the process's life: Pango loads the system fontconfig
     * configuration once (its own leak at that load, suppressed in
     * tests/lsan.supp, cannot be matched with libFuzzer's fast unwinder,
     * so it must happen here, outside the inputs' runs) */
    keep[i] = text_new(lay[i]);
    if (!keep[i]) {
      fprintf(stderr, "fuzz_pipeline: no fonts\n%s", diag_captured());
      abort();
    }
    /* shaping once makes Pango load the system configuration now, not in
     * the first input's run */
    text_para_free(text_layout_plain(keep[i], "Aa 中文",
                                     layout_style_get(lay[i], "body"), 100));
  }
  diag_capture(0);
  snprintf(tmp_dir, sizeof tmp_dir, "%s/booklet-fuzz-XXXXXX",
           access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
  if (!mkdtemp(tmp_dir)) {
    perror("fuzz_pipeline: mkdtemp");
    abort();
  }
  snprintf(out_path, sizeof out_path, "%s/out.pdf", tmp_dir);
  atexit(remove_tmp);
  content_dir = xasprintf("%s/content", data);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  setup();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > MAX_INPUT)
    return 0;
  setup();
  size_t which = (data[0] & 0x7F) % N_LAYOUTS;
  pipeline_dump dump = !(data[0] & 0x80) ? PIPELINE_DUMP_NONE
                       : data[0] & 0x40  ? PIPELINE_DUMP_FLOW
                                         : PIPELINE_DUMP_DOCUMENT;
  data++, size--;
  diag_capture(1);
  source *src = source_from_memory("fuzz.md", (const char *)data, size);
  if (src) {
    free(src->dir);
    src->dir = xstrdup(content_dir);
    pipeline_opts o = {.layout = lay[which],
                       .dump = dump,
                       .images = {.offline = 1, .cache_dir = tmp_dir},
                       .render = {.format = RENDER_PDF, .dpi = 150,
                                  .subset = 1}};
    pipeline_result res;
    pipeline_run_source(&o, src, out_path, &res);
    pipeline_result_free(&res);
  }
  diag_capture(0);
  return 0;
}
