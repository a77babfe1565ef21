/* image.h — what flow needs to know about an image before it is drawn:
 * its format (told by its bytes, never its name), whether it can be
 * read, and its size in pixels as it will be shown.  Decoding for
 * drawing lives in render. */
#ifndef BOOKLET_IMAGE_H
#define BOOKLET_IMAGE_H

#include <stddef.h>

typedef enum image_format {
  IMAGE_UNKNOWN, /* not an image we know */
  IMAGE_PNG,
  IMAGE_JPEG,
  IMAGE_GIF,
  IMAGE_WEBP,
  IMAGE_SVG,  /* vector: drawn by librsvg */
  IMAGE_BMP,
  IMAGE_TIFF,
  IMAGE_ICO,
  IMAGE_AVIF  /* and HEIF: known so the message can name it */
} image_format;

typedef struct image_info {
  image_format format; /* from the bytes */
  int w, h;            /* pixels, upright (EXIF orientation applied); for
                          SVG its size in CSS px (1/96 in) */
  int orientation;     /* EXIF orientation 1..8 of a JPEG, else 1 */
  int vector;          /* 1 for SVG: any size prints sharp */
} image_info;

/* Format of the bytes p[0..n) (the first few kilobytes of a file are
 * enough). */
image_format image_sniff(const unsigned char *p, size_t n);
/* Lower-case name of a format ("jpeg", "svg", ...). */
const char *image_format_name(image_format f);

/* Returns 1 and fills *info when path is a complete, readable local image
 * (judged by its bytes, whatever its name); 0 otherwise, with *why (if
 * why is not NULL) set to a static reason: "no such file", "not an image
 * (text)", "truncated JPEG", "too many pixels", ... */
int image_probe_info(const char *path, image_info *info, const char **why);
/* Returns 1 and sets *w, *h (pixels, upright) when path is a readable
 * local image; 0 otherwise. */
int image_probe(const char *path, int *w, int *h);
/* EXIF orientation (1..8) of the JPEG whose first bytes are p[0..n), 1
 * when it has none. */
int image_jpeg_orientation(const unsigned char *p, size_t n);
/* Remember that the local file path stands for name (the URL it was
 * fetched from, or the path as the page wrote it), so that later messages
 * can name what the reader wrote.  Thread-safe; kept until exit. */
void image_set_name(const char *path, const char *name);
/* The name path stands for, or path itself when none was set. */
const char *image_name(const char *path);
/* 1 when src is a remote URL (http:, https:, //). */
int image_is_remote(const char *src);

#endif
