/* image.c — what flow needs to know about an image before it is drawn:
 * whether the file is an image at all (judged by its bytes, whatever its
 * name says) and its size in pixels as it will be shown, i.e. after the
 * EXIF orientation of phone photos is applied.  Nothing is decoded here;
 * render decodes and draws. */
#include "image.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

/* Larger images are refused: decoding one would take gigabytes. */
#define IMAGE_MAX_PIXELS 100000000.0

static unsigned rd16(const unsigned char *p, int be) {
  return be ? (unsigned)(p[0] << 8 | p[1]) : (unsigned)(p[1] << 8 | p[0]);
}

static unsigned long rd32(const unsigned char *p, int be) {
  return be ? ((unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
               (unsigned long)p[2] << 8 | p[3])
            : ((unsigned long)p[3] << 24 | (unsigned long)p[2] << 16 |
               (unsigned long)p[1] << 8 | p[0]);
}

/* EXIF orientation (1..8) of a JPEG whose head is p[0..n), 1 if none. */
static int jpeg_orientation(const unsigned char *p, size_t n) {
  if (n < 4 || p[0] != 0xFF || p[1] != 0xD8)
    return 1;
  size_t i = 2;
  while (i + 4 <= n && p[i] == 0xFF) {
    unsigned m = p[i + 1];
    if (m == 0xFF) { /* fill byte */
      i++;
      continue;
    }
    size_t len = (size_t)p[i + 2] << 8 | p[i + 3];
    if (m == 0xDA || m == 0xD9 || len < 2)
      break;
    if (m == 0xE1 && len >= 16 && i + 2 + len <= n &&
        !memcmp(p + i + 4, "Exif\0\0", 6)) {
      const unsigned char *t = p + i + 10; /* TIFF header */
      size_t tn = len - 8;
      int be = t[0] == 'M';
      if ((t[0] != 'M' && t[0] != 'I') || rd16(t + 2, be) != 42)
        return 1;
      unsigned long ifd = rd32(t + 4, be);
      if (ifd + 2 > tn)
        return 1;
      unsigned count = rd16(t + ifd, be);
      for (unsigned k = 0; k < count; k++) {
        size_t e = ifd + 2 + (size_t)k * 12;
        if (e + 12 > tn)
          break;
        if (rd16(t + e, be) == 0x0112) {
          unsigned v = rd16(t + e + 8, be);
          return v >= 1 && v <= 8 ? (int)v : 1;
        }
      }
      return 1;
    }
    i += 2 + len;
  }
  return 1;
}

int image_probe(const char *path, int *w, int *h) {
  if (!path || !*path || image_is_remote(path))
    return 0;
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  int iw = 0, ih = 0;
  GdkPixbufFormat *fmt = gdk_pixbuf_get_file_info(path, &iw, &ih);
  if (!fmt || iw <= 0 || ih <= 0)
    return 0;
  if ((double)iw * (double)ih > IMAGE_MAX_PIXELS)
    return 0;
  /* Photos from phones are stored sideways with an EXIF note to turn
   * them; render draws them upright, so report the upright size. */
  unsigned char head[65536];
  FILE *f = fopen(path, "rb");
  if (f) {
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (jpeg_orientation(head, n) >= 5) {
      int t = iw;
      iw = ih;
      ih = t;
    }
  }
  *w = iw;
  *h = ih;
  return 1;
}

int image_is_remote(const char *src) {
  if (!src)
    return 0;
  return !strncasecmp(src, "http:", 5) || !strncasecmp(src, "https:", 6) ||
         !strncmp(src, "//", 2);
}
