/* fuzz_extract.c — libFuzzer target for stages 1 to 3: source, front
 * matter, Markdown body (cmark-gfm) and the event model, ending in the
 * --dump-model JSON and the body's text dump.  Nothing here may crash,
 * hang or leak whatever the bytes are.  Built by `make fuzz`;
 * tests/fuzz/regress.c runs saved inputs without libFuzzer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "body.h"
#include "diag.h"
#include "front.h"
#include "model.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 256 * 1024) /* keep each run fast; size limits are e2e tests */
    return 0;
  diag_capture(1);
  source *src = source_from_memory("fuzz.md", (const char *)data, size);
  if (src) {
    front_node *fm = front_parse(src);
    if (fm) {
      md_node *body = body_parse(src);
      char *dump = md_dump(body);
      free(dump);
      char *plain = md_plain_text(body);
      free(plain);
      model *m = model_extract(src, fm, body);
      char *json = model_to_json(m);
      free(json);
      model_free(m);
    }
    source_free(src);
  }
  diag_capture(0);
  return 0;
}
