/* fuzz_pipeline.c — libFuzzer target for the whole pipeline on small
 * inputs: source → front matter + body → model → document → flow (two
 * passes, like main.c when there is a contents page) → render to a PDF in
 * a private temporary folder (on /dev/shm when there is one, so fsync is
 * cheap).  The first byte picks the layout.  Inputs are read as if they
 * were in content/, so relative image paths such as images/logo.png
 * reach the real image code.  Built by `make fuzz`; tests/fuzz/regress.c
 * runs saved inputs without libFuzzer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "body.h"
#include "diag.h"
#include "document.h"
#include "flow.h"
#include "front.h"
#include "layout.h"
#include "model.h"
#include "render.h"
#include "source.h"
#include "text.h"
#include "util.h"

/* Inputs longer than this are skipped: each run must stay fast. */
#define MAX_INPUT 6000

static const char *const layouts[] = {"a5-booklet", "a4", "b5", "letter"};
#define N_LAYOUTS (sizeof layouts / sizeof *layouts)
static layout *lay[N_LAYOUTS];
static text_ctx *tx[N_LAYOUTS];
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
    tx[i] = text_new(lay[i]);
    if (!tx[i]) {
      fprintf(stderr, "fuzz_pipeline: no fonts\n%s", diag_captured());
      abort();
    }
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
  size_t which = data[0] % N_LAYOUTS;
  data++, size--;
  diag_capture(1);
  source *src = source_from_memory("fuzz.md", (const char *)data, size);
  if (src) {
    free(src->dir);
    src->dir = xstrdup(content_dir);
  }
  front_node *fm = src ? front_parse(src) : NULL;
  if (!fm) {
    source_free(src);
    diag_capture(0);
    return 0;
  }
  md_node *body = body_parse(src);
  model *m = model_extract(src, fm, body);
  source_free(src);
  document *d = document_build(m, lay[which]);
  model_free(m);
  char *dd = document_dump(d);
  free(dd);
  int has_contents = 0;
  for (size_t i = 0; i < d->n_sections; i++)
    has_contents |= !strcmp(d->sections[i].kind, "contents");
  flow_result *r = flow_run(d, lay[which], tx[which]);
  if (has_contents) {
    const char **anchors = xcalloc(r->n_outline + 1, sizeof *anchors);
    int *pages = xcalloc(r->n_outline + 1, sizeof *pages);
    size_t n = 0;
    for (size_t i = 0; i < r->n_outline; i++)
      if (r->outline[i].anchor) {
        anchors[n] = r->outline[i].anchor;
        pages[n++] = r->outline[i].page + 1;
      }
    document_set_pages(d, anchors, pages, n);
    free(anchors);
    free(pages);
    flow_free(r);
    r = flow_run(d, lay[which], tx[which]);
  }
  char *fd = flow_dump(r);
  free(fd);
  render_options ro = {.format = RENDER_PDF, .dpi = 150, .subset = 1,
                       .src_name = "fuzz.md"};
  render_write(r, d, tx[which], &ro, out_path);
  flow_free(r);
  document_free(d);
  diag_capture(0);
  return 0;
}
