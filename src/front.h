/* front.h — stage 2a: the YAML front matter parsed (libyaml) into a
 * generic owned tree that later stages query by key.  Also used to read
 * layout files.  Nothing outside front.c sees libyaml. */
#ifndef BOOKLET_FRONT_H
#define BOOKLET_FRONT_H

#include <stddef.h>

#include "source.h"

typedef enum front_kind {
  FRONT_NULL,   /* empty value or ~ / null */
  FRONT_SCALAR, /* string, number, bool: kept as text */
  FRONT_SEQ,    /* list */
  FRONT_MAP     /* mapping; keys are strings */
} front_kind;

typedef struct front_node {
  front_kind kind;            /* which of the above */
  int line;                   /* 1-based line in the input file */
  char *scalar;               /* FRONT_SCALAR: the text (never NULL) */
  int quoted;                 /* FRONT_SCALAR: 1 if written in quotes */
  size_t n;                   /* SEQ/MAP: number of items */
  char **keys;                /* MAP: keys[i] names items[i] */
  struct front_node **items;  /* SEQ/MAP: children */
} front_node;

/* Parse src's front matter.  Returns an empty FRONT_MAP when there is none.
 * On a YAML error, a non-mapping top level or a TOML block (not supported)
 * reports an error with the file and line and returns NULL.  Duplicate
 * keys: the last wins (warning).  Caller frees with front_free. */
front_node *front_parse(const source *src);
/* Parse a whole YAML file (a layout).  Same rules; NULL on error. */
front_node *front_parse_file(const char *path);
/* Parse YAML text; name and first_line are for diagnostics. */
front_node *front_parse_text(const char *name, const char *text, size_t len,
                             int first_line);
void front_free(front_node *n);

/* Value of key in a mapping, or NULL (also when map is not a mapping).
 * Keys are matched as written, else in any case ("Title" for "title").
 * A dotted key "image.path" walks nested mappings. */
const front_node *front_get(const front_node *map, const char *key);
/* Scalar text of key, or NULL when absent or not a scalar. */
const char *front_str(const front_node *map, const char *key);
/* Scalar text of a node, or NULL. */
const char *front_scalar(const front_node *n);
/* Dump the tree as indented text (for tests).  Caller frees. */
char *front_dump(const front_node *n);

#endif
