/* front_toml.h — C interface of front_toml.cc: TOML front matter
 * (+++ … +++) parsed with toml++ into the front_node tree of front.h.
 * Called by front_parse; nothing else needs it. */
#ifndef BOOKLET_FRONT_TOML_H
#define BOOKLET_FRONT_TOML_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "front.h"

/* Parse len bytes of TOML.  name and first_line (the file line of text's
 * first line) are for diagnostics.  Tables keep their keys in written
 * order; values are scalar text (numbers, booleans, dates as written in
 * TOML).  On a syntax error, or nesting deeper than max_depth, reports an
 * error with file:line and returns NULL.  Caller frees with front_free. */
front_node *front_toml_parse(const char *name, const char *text, size_t len,
                             int first_line, int max_depth);

#ifdef __cplusplus
}
#endif

#endif
