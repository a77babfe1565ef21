/* fuzz_front.c — libFuzzer target for stage 1 and 2a: the input is an
 * event file; it is checked and split (source_from_memory), its front
 * matter parsed (front_parse) and dumped, and the same bytes are also read
 * as a whole YAML file the way layouts are (front_parse_text) and loaded
 * as a layout file (layout_load, which may pull in a `base:` layout from
 * BOOKLET_DATA).  Nothing here may crash, hang or leak whatever the bytes
 * are.  Built by `make fuzz`; tests/fuzz/regress.c runs saved inputs
 * without libFuzzer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "front.h"
#include "layout.h"
#include "source.h"
#include "util.h"

static char layout_path[256]; /* a private file the bytes are written to */
static char tmp_dir[200];     /* its folder, removed at exit */

static void remove_tmp(void) {
  unlink(layout_path);
  rmdir(tmp_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *data = getenv("BOOKLET_DATA");
  if (!data || !*data)
    setenv("BOOKLET_DATA", util_data_dir(), 1);
  snprintf(tmp_dir, sizeof tmp_dir, "%s/booklet-fuzz-XXXXXX",
           access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
  if (!mkdtemp(tmp_dir)) {
    perror("fuzz_front: mkdtemp");
    abort();
  }
  snprintf(layout_path, sizeof layout_path, "%s/layout.yaml", tmp_dir);
  atexit(remove_tmp);
  return 0;
}

/* The bytes as a layout file, with one --set. */
static void try_layout(const uint8_t *data, size_t size) {
  FILE *f = fopen(layout_path, "wb");
  if (!f)
    return;
  fwrite(data, 1, size, f);
  fclose(f);
  char *sets[] = {"styles.body.size=11pt"};
  layout *l = layout_load(layout_path, sets, 1);
  if (l) {
    char *dump = layout_dump(l);
    free(dump);
    layout_free(l);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag_capture(1); /* messages into a buffer, emptied on each input */
  source *src = source_from_memory("fuzz.md", (const char *)data, size);
  if (src) {
    front_node *fm = front_parse(src);
    if (fm) {
      char *dump = front_dump(fm);
      free(dump);
      (void)front_str(fm, "title");
      (void)front_get(fm, "speaker.name");
      front_free(fm);
    }
    /* the whole (checked) text as a layout-style YAML file */
    front_node *all = front_parse_text("fuzz.yaml", src->text, src->len, 1);
    front_free(all);
    source_free(src);
  }
  try_layout(data, size);
  diag_capture(0);
  return 0;
}
