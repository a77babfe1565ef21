/* fuzz_front.c — libFuzzer target for stage 1 and 2a: the input is an
 * event file; it is checked and split (source_from_memory), its front
 * matter parsed (front_parse) and dumped, and the same bytes are also read
 * as a whole YAML file the way layouts are (front_parse_text).  Nothing
 * here may crash, hang or leak whatever the bytes are.  Built by
 * `make fuzz`; tests/fuzz/regress.c runs saved inputs without libFuzzer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "front.h"
#include "source.h"

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
  diag_capture(0);
  return 0;
}
