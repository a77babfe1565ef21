/* shortcode.h — the template tags static site generators leave in a
 * page's Markdown (Hugo shortcodes, Jekyll's Liquid), turned into the
 * Markdown they stand for before the body is parsed.  See shortcode.c. */
#ifndef BOOKLET_SHORTCODE_H
#define BOOKLET_SHORTCODE_H

#include <stddef.h>

/* Expand the tags in text[0..len), the body of path that starts at line
 * first_line (for warnings).  Returns a new NUL-terminated text of
 * *out_len bytes with the same number of lines, or NULL when text holds
 * no tag (use it as it is).  Warns (file:line) once per tag name it does
 * not understand. */
char *shortcode_expand(const char *path, const char *text, size_t len,
                       int first_line, size_t *out_len);

#endif
