/* image.h — what flow needs to know about an image before it is drawn:
 * whether it can be read, and its size in pixels.  Decoding for drawing
 * lives in render. */
#ifndef BOOKLET_IMAGE_H
#define BOOKLET_IMAGE_H

/* Returns 1 and sets *w, *h (pixels) when path is a readable local image
 * (by its bytes, whatever its name); 0 otherwise. */
int image_probe(const char *path, int *w, int *h);
/* 1 when src is a remote URL (http:, https:, //). */
int image_is_remote(const char *src);

#endif
