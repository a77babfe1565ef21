/* fuzz_html.c — libFuzzer target for the HTML adapter of the extract
 * stage (extract_html.c): the input is put inside a raw HTML table of a
 * Markdown page (so libxml2's parser, the row and cell matrix with its
 * spans, <details>/<summary> and the grid reading all see it) and the
 * page is extracted.  Nothing may crash, hang or leak whatever the bytes
 * are.  Built by `make fuzz`; tests/fuzz/regress.c runs saved inputs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "diag.h"
#include "front.h"
#include "model.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 64 * 1024)
    return 0;
  static const char head[] = "# Programme\n\n<table>\n";
  static const char tail[] = "\n</table>\n\nAfter the table.\n";
  size_t n = sizeof head - 1 + size + sizeof tail - 1;
  char *md = malloc(n);
  if (!md)
    return 0;
  memcpy(md, head, sizeof head - 1);
  memcpy(md + sizeof head - 1, data, size);
  memcpy(md + sizeof head - 1 + size, tail, sizeof tail - 1);
  diag_capture(1);
  source *src = source_from_memory("fuzz.md", md, n);
  if (src) {
    front_node *fm = front_parse(src);
    if (fm) {
      md_node *body = body_parse(src);
      model *m = model_extract(src, fm, body);
      char *json = model_to_json(m);
      free(json);
      model_free(m);
    }
    source_free(src);
  }
  diag_capture(0);
  free(md);
  return 0;
}
