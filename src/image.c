/* image.c — what flow needs to know about an image before it is drawn:
 * its format, judged by its bytes whatever its name says; whether the
 * file is complete (a truncated JPEG or PNG is refused here rather than
 * printed half grey); and its size in pixels as it will be shown, i.e.
 * after the EXIF orientation of phone photos is applied.  SVG sizes come
 * from librsvg, the others from gdk-pixbuf's header readers.  Nothing is
 * decoded here; render decodes and draws. */
#include "image.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>

#include "util.h"

/* Larger images are refused: decoding one would take gigabytes. */
#define IMAGE_MAX_PIXELS 100000000.0
/* Larger files are refused without being read. */
#define IMAGE_MAX_BYTES ((long long)64 << 20)
/* Bytes read from each end of a file to judge it. */
#define IMAGE_PEEK 65536

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
int image_jpeg_orientation(const unsigned char *p, size_t n) {
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

/* ---- sniffing --------------------------------------------------------------- */

static int starts(const unsigned char *p, size_t n, const char *sig,
                  size_t k) {
  return n >= k && !memcmp(p, sig, k);
}

/* SVG: optional BOM, white space, an XML declaration, comments and a
 * doctype, then an <svg element. */
static int is_svg(const unsigned char *p, size_t n) {
  size_t i = 0;
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    i = 3;
  if (n > 8192)
    n = 8192;
  while (i < n) {
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
                     p[i] == '\n'))
      i++;
    if (i >= n || p[i] != '<')
      return 0;
    if (n - i >= 4 && !strncasecmp((const char *)p + i, "<svg", 4))
      return n - i == 4 || p[i + 4] == ' ' || p[i + 4] == '>' ||
             p[i + 4] == '\n' || p[i + 4] == '\t' || p[i + 4] == '\r' ||
             p[i + 4] == ':';
    const char *end = NULL;
    if (n - i >= 4 && !memcmp(p + i, "<!--", 4))
      end = "-->";
    else if (n - i >= 2 && (p[i + 1] == '?' || p[i + 1] == '!'))
      end = ">";
    else
      return 0;
    const unsigned char *q = memmem(p + i, n - i, end, strlen(end));
    if (!q)
      return 0;
    i = (size_t)(q - p) + strlen(end);
  }
  return 0;
}

image_format image_sniff(const unsigned char *p, size_t n) {
  if (!p)
    return IMAGE_UNKNOWN;
  if (starts(p, n, "\x89PNG\r\n\x1a\n", 8))
    return IMAGE_PNG;
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
    return IMAGE_JPEG;
  if (starts(p, n, "GIF87a", 6) || starts(p, n, "GIF89a", 6))
    return IMAGE_GIF;
  if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
    return IMAGE_WEBP;
  if (starts(p, n, "II*\0", 4) || starts(p, n, "MM\0*", 4))
    return IMAGE_TIFF;
  if (n >= 18 && p[0] == 'B' && p[1] == 'M') {
    unsigned dib = p[14] | p[15] << 8;
    if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 ||
        dib == 108 || dib == 124)
      return IMAGE_BMP;
  }
  /* ICO/CUR: reserved 0, type 1 or 2, 1..255 images */
  if (n >= 6 && p[0] == 0 && p[1] == 0 && (p[2] == 1 || p[2] == 2) &&
      p[3] == 0 && p[4] && !p[5])
    return IMAGE_ICO;
  if (n >= 12 && !memcmp(p + 4, "ftyp", 4) &&
      (!memcmp(p + 8, "avif", 4) || !memcmp(p + 8, "avis", 4) ||
       !memcmp(p + 8, "heic", 4) || !memcmp(p + 8, "heix", 4) ||
       !memcmp(p + 8, "mif1", 4) || !memcmp(p + 8, "msf1", 4)))
    return IMAGE_AVIF;
  if (is_svg(p, n))
    return IMAGE_SVG;
  return IMAGE_UNKNOWN;
}

const char *image_format_name(image_format f) {
  static const char *names[] = {"unknown", "png", "jpeg", "gif", "webp",
                                "svg",     "bmp", "tiff", "ico", "avif"};
  return (unsigned)f < sizeof names / sizeof *names ? names[f] : "unknown";
}

/* 1 when the bytes look like text (an HTML error page, a note). */
static int looks_text(const unsigned char *p, size_t n) {
  if (!n)
    return 0;
  size_t bad = 0;
  for (size_t i = 0; i < n && i < 4096; i++)
    if (p[i] < 0x09 || (p[i] > 0x0D && p[i] < 0x20) || p[i] == 0x7F)
      bad++;
  return bad == 0;
}

/* ---- completeness ------------------------------------------------------------ */

/* Offset of a JPEG's first scan (SOS marker) within p[0..n), or n when it
 * lies beyond. */
static size_t jpeg_scan_start(const unsigned char *p, size_t n) {
  size_t i = 2;
  while (i + 4 <= n) {
    if (p[i] != 0xFF)
      return i; /* broken marker chain: judge from here */
    unsigned m = p[i + 1];
    if (m == 0xFF) {
      i++;
      continue;
    }
    if (m == 0xDA || m == 0xD9)
      return i;
    size_t len = (size_t)p[i + 2] << 8 | p[i + 3];
    if (len < 2)
      return i;
    i += 2 + len;
  }
  return n;
}

/* 1 when a JPEG whose first bytes are head[0..hn) and last bytes
 * tail[0..tn) (starting at file offset toff) ends with its EOI marker
 * after the first scan. */
static int jpeg_complete(const unsigned char *head, size_t hn,
                         const unsigned char *tail, size_t tn, long long toff) {
  long long scan = (long long)jpeg_scan_start(head, hn);
  for (size_t i = tn; i-- > 1;)
    if (tail[i - 1] == 0xFF && tail[i] == 0xD9)
      return toff + (long long)i - 1 > scan;
  return 0;
}

/* 1 when the file has an EOI marker anywhere after offset from: for
 * JPEGs followed by more than IMAGE_PEEK bytes of something else (the
 * video of a phone's "motion photo").  Inside scan data 0xFF is always
 * followed by 0x00 or a restart marker, so the first FF D9 is the end. */
static int jpeg_eoi_after(FILE *f, long long from) {
  static _Thread_local unsigned char buf[IMAGE_PEEK];
  if (fseeko(f, (off_t)from, SEEK_SET) != 0)
    return 0;
  int last_ff = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    if (last_ff && buf[0] == 0xD9)
      return 1;
    for (const unsigned char *p = buf; (p = memchr(p, 0xFF, n - (size_t)(p - buf)));
         p++)
      if ((size_t)(p - buf) + 1 < n && p[1] == 0xD9)
        return 1;
    last_ff = buf[n - 1] == 0xFF;
  }
  return 0;
}

static int png_complete(const unsigned char *tail, size_t tn) {
  return memmem(tail, tn, "IEND", 4) != NULL;
}

/* ---- probing ----------------------------------------------------------------- */

/* Size of an SVG in CSS px: its width and height, else its viewBox. */
static int svg_size(const char *path, int *w, int *h, const char **why) {
  GError *err = NULL;
  RsvgHandle *rh = rsvg_handle_new_from_file(path, &err);
  if (!rh) {
    *why = "SVG that cannot be parsed";
    if (err)
      g_error_free(err);
    return 0;
  }
  rsvg_handle_set_dpi(rh, 96);
  double dw = 0, dh = 0;
  gboolean has_w, has_h, has_vb;
  RsvgLength lw, lh;
  RsvgRectangle vb;
  rsvg_handle_get_intrinsic_dimensions(rh, &has_w, &lw, &has_h, &lh, &has_vb,
                                       &vb);
  if (!rsvg_handle_get_intrinsic_size_in_pixels(rh, &dw, &dh) || dw <= 0 ||
      dh <= 0) {
    /* only a viewBox (or percentages): its units are the size */
    if (has_vb && vb.width > 0 && vb.height > 0) {
      dw = vb.width, dh = vb.height;
    } else {
      dw = dh = 0;
    }
  }
  g_object_unref(rh);
  if (!(dw >= 1 && dh >= 1 && dw < 1e6 && dh < 1e6)) {
    *why = "SVG without a size or viewBox";
    return 0;
  }
  *w = (int)(dw + 0.5);
  *h = (int)(dh + 0.5);
  return 1;
}

/* The size of the file at path when it is a regular, non-empty file of
 * at most IMAGE_MAX_BYTES; else -1 with *why. */
static long long file_size(const char *path, const char **why) {
  struct stat st;
  if (stat(path, &st) != 0) {
    *why = "no such file";
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    *why = "not a regular file";
    return -1;
  }
  if (st.st_size == 0) {
    *why = "empty file";
    return -1;
  }
  if ((long long)st.st_size > IMAGE_MAX_BYTES) {
    *why = "file larger than 64 MB";
    return -1;
  }
  return (long long)st.st_size;
}

/* The first and last bytes of a file of size bytes (head[0..*hn),
 * tail[0..*tn) from offset *toff) and its format; for a JPEG, *complete
 * says whether its end marker follows its first scan.  0 with *why when
 * it cannot be opened. */
static int read_ends(const char *path, long long size, unsigned char *head,
                     size_t *hn, unsigned char *tail, size_t *tn,
                     long long *toff, image_format *fmt, int *complete,
                     const char **why) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *why = "cannot open the file";
    return 0;
  }
  *hn = fread(head, 1, IMAGE_PEEK, f);
  *toff = size > IMAGE_PEEK ? size - IMAGE_PEEK : 0;
  *tn = 0;
  if (fseeko(f, (off_t)*toff, SEEK_SET) == 0)
    *tn = fread(tail, 1, IMAGE_PEEK, f);
  *fmt = image_sniff(head, *hn);
  *complete = 1;
  if (*fmt == IMAGE_JPEG && !jpeg_complete(head, *hn, tail, *tn, *toff))
    *complete = *toff > 0 &&
                jpeg_eoi_after(f, (long long)jpeg_scan_start(head, *hn));
  fclose(f);
  return 1;
}

/* 1 when an image of format fmt whose last bytes are tail[0..tn) is one
 * booklet reads and is whole (complete: a JPEG's end marker is there);
 * else 0 with *why. */
static int format_ok(image_format fmt, const unsigned char *head, size_t hn,
                     const unsigned char *tail, size_t tn, int complete,
                     const char **why) {
  switch (fmt) {
  case IMAGE_UNKNOWN:
    *why = looks_text(head, hn) ? "not an image: the file is text"
                                : "not an image format booklet knows";
    return 0;
  case IMAGE_AVIF:
    *why = "AVIF/HEIF images are not supported; convert it to JPEG";
    return 0;
  case IMAGE_JPEG:
    if (!complete) {
      *why = "truncated JPEG (no end marker)";
      return 0;
    }
    return 1;
  case IMAGE_PNG:
    if (!png_complete(tail, tn)) {
      *why = "truncated PNG (no IEND chunk)";
      return 0;
    }
    return 1;
  case IMAGE_GIF:
    if (!memchr(tail + (tn > 16 ? tn - 16 : 0), 0x3B, tn > 16 ? 16 : tn)) {
      *why = "truncated GIF (no trailer)";
      return 0;
    }
    return 1;
  default:
    return 1;
  }
}

/* Size in pixels of a raster image from gdk-pixbuf's header reader; 0
 * with *why when it cannot be read or has too many pixels. */
static int raster_size(const char *path, image_format fmt, int *iw, int *ih,
                       const char **why) {
  GdkPixbufFormat *pf = gdk_pixbuf_get_file_info(path, iw, ih);
  if (!pf) {
    *why = fmt == IMAGE_WEBP ? "no WebP decoder (install webp-pixbuf-loader)"
                             : "image header cannot be read";
    return 0;
  }
  if (*iw <= 0 || *ih <= 0) {
    *why = "image header cannot be read";
    return 0;
  }
  if ((double)*iw * (double)*ih > IMAGE_MAX_PIXELS) {
    *why = "more than 100 million pixels";
    return 0;
  }
  return 1;
}

int image_probe_info(const char *path, image_info *info, const char **why) {
  const char *dummy;
  if (!why)
    why = &dummy;
  *why = NULL;
  memset(info, 0, sizeof *info);
  info->orientation = 1;
  if (!path || !*path || image_is_remote(path)) {
    *why = "not a local file";
    return 0;
  }
  long long size = file_size(path, why);
  if (size < 0)
    return 0;
  static _Thread_local unsigned char head[IMAGE_PEEK], tail[IMAGE_PEEK];
  size_t hn, tn;
  long long toff;
  image_format fmt;
  int complete;
  if (!read_ends(path, size, head, &hn, tail, &tn, &toff, &fmt, &complete,
                 why))
    return 0;
  info->format = fmt;
  if (!format_ok(fmt, head, hn, tail, tn, complete, why))
    return 0;
  int iw = 0, ih = 0;
  if (fmt == IMAGE_SVG) {
    if (!svg_size(path, &iw, &ih, why))
      return 0;
    info->vector = 1;
  } else if (!raster_size(path, fmt, &iw, &ih, why)) {
    return 0;
  }
  if (fmt == IMAGE_JPEG) {
    /* Photos from phones are stored sideways with an EXIF note to turn
     * them; render draws them upright, so report the upright size. */
    info->orientation = image_jpeg_orientation(head, hn);
    if (info->orientation >= 5) {
      int t = iw;
      iw = ih;
      ih = t;
    }
  }
  info->w = iw;
  info->h = ih;
  return 1;
}

int image_probe(const char *path, int *w, int *h) {
  image_info in;
  if (!image_probe_info(path, &in, NULL))
    return 0;
  *w = in.w;
  *h = in.h;
  return 1;
}

int image_is_remote(const char *src) {
  if (!src)
    return 0;
  return !strncasecmp(src, "http:", 5) || !strncasecmp(src, "https:", 6) ||
         !strncmp(src, "//", 2);
}

/* ---- names for messages ------------------------------------------------------ */

typedef struct alias {
  char *path; /* local file */
  char *name; /* what the page wrote */
} alias;
static pthread_mutex_t alias_lock = PTHREAD_MUTEX_INITIALIZER;
static alias *aliases;
static size_t n_aliases, cap_aliases;

void image_set_name(const char *path, const char *name) {
  if (!path || !name || !strcmp(path, name))
    return;
  pthread_mutex_lock(&alias_lock);
  size_t i = 0;
  while (i < n_aliases && strcmp(aliases[i].path, path))
    i++;
  if (i == n_aliases) {
    alias a = {xstrdup(path), xstrdup(name)};
    VEC_PUSH(aliases, n_aliases, cap_aliases, a);
  }
  pthread_mutex_unlock(&alias_lock);
}

const char *image_name(const char *path) {
  if (!path)
    return "";
  const char *name = path;
  pthread_mutex_lock(&alias_lock);
  for (size_t i = 0; i < n_aliases; i++)
    if (!strcmp(aliases[i].path, path)) {
      name = aliases[i].name;
      break;
    }
  pthread_mutex_unlock(&alias_lock);
  return name;
}
