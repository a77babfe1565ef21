/* source.h — stage 1: read an event file, check that it is text (UTF-8,
 * no NUL bytes), and split the front matter from the body.  Line numbers
 * are kept so later stages can point at the input.  No parsing of YAML or
 * Markdown happens here. */
#ifndef BOOKLET_SOURCE_H
#define BOOKLET_SOURCE_H

#include <stddef.h>

typedef enum source_fm_kind {
  SOURCE_FM_NONE, /* no front matter */
  SOURCE_FM_YAML, /* between --- lines */
  SOURCE_FM_TOML  /* between +++ lines */
} source_fm_kind;

typedef struct source {
  char *path;             /* file name as given, used in diagnostics */
  char *dir;              /* folder of the file ("." if none) */
  char *text;             /* whole file, NUL-terminated, BOM removed */
  size_t len;             /* bytes in text */
  source_fm_kind fm_kind; /* kind of front matter */
  const char *fm;         /* front matter content (points into text) */
  size_t fm_len;          /* its length in bytes */
  int fm_line;            /* 1-based line of the front matter's first line */
  const char *body;       /* body (points into text) */
  size_t body_len;        /* its length in bytes */
  int body_line;          /* 1-based line of the body's first line */
} source;

/* Largest input accepted, in bytes: source_set_limit's value, else the
 * environment variable BOOKLET_MAX_INPUT (e.g. 32M), else this default.
 * A larger input is an error at line 1.  0 restores the default. */
#define SOURCE_DEFAULT_LIMIT ((size_t)16 * 1024 * 1024)
void source_set_limit(size_t bytes);

/* Read and split path.  On failure reports an error (file:line[:col]) and
 * returns NULL.  Caller frees with source_free. */
source *source_load(const char *path);
/* Same from memory; name is used in diagnostics and dir is ".". */
source *source_from_memory(const char *name, const char *data, size_t len);
void source_free(source *src);

/* Read and check path like source_load (size, NUL bytes, UTF-8, BOM, CRLF)
 * but do not look for front matter: the whole file is the body (fm_kind
 * NONE) and an empty file is accepted.  For YAML files such as layouts,
 * whose first line may be a `---` document marker.  NULL on error. */
source *source_load_plain(const char *path);

#endif
