/* render_image.c — the render stage's images: decode each image once per
 * output (PNG through Cairo, JPEG kept as its original bytes for PDF,
 * everything else through gdk-pixbuf, EXIF orientation applied), draw it
 * scaled into its frame or cropped into a circle, and draw the
 * placeholder for images that cannot be printed.  Fonts and text are in
 * render.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "diag.h"
#include "image.h"
#include "render_int.h"
#include "util.h"

typedef struct membuf {
  const unsigned char *p; /* bytes */
  size_t n, off;          /* length, read position */
} membuf;

static cairo_status_t mem_read(void *closure, unsigned char *data,
                               unsigned int length) {
  membuf *m = closure;
  if (m->n - m->off < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy(data, m->p + m->off, length);
  m->off += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Whole file into memory (images are capped well below this). */
static unsigned char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  strbuf b = {0};
  char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
    sb_addn(&b, buf, k);
    if (b.len > ((size_t)512 << 20))
      break;
  }
  int bad = ferror(f) || b.len > ((size_t)512 << 20);
  fclose(f);
  if (bad || !b.len) {
    sb_free(&b);
    return NULL;
  }
  *n = b.len;
  return (unsigned char *)b.s;
}

/* Number of colour components of a baseline or progressive JPEG, 0 if
 * the header cannot be read. */
static int jpeg_components(const unsigned char *p, size_t n) {
  size_t i = 2;
  while (i + 4 <= n) {
    if (p[i] != 0xFF)
      return 0;
    unsigned m = p[i + 1];
    if (m == 0xFF) {
      i++;
      continue;
    }
    size_t len = ((size_t)p[i + 2] << 8) | p[i + 3];
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
      return i + 9 < n ? p[i + 9] : 0;
    if (m == 0xD9 || m == 0xDA)
      return 0;
    i += 2 + len;
  }
  return 0;
}

static cairo_surface_t *surface_from_pixbuf(GdkPixbuf *pb) {
  int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
  int nch = gdk_pixbuf_get_n_channels(pb);
  int alpha = gdk_pixbuf_get_has_alpha(pb);
  int stride = gdk_pixbuf_get_rowstride(pb);
  if (gdk_pixbuf_get_bits_per_sample(pb) != 8 || nch < 3)
    return NULL;
  cairo_surface_t *s = cairo_image_surface_create(
      alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status(s)) {
    cairo_surface_destroy(s);
    return NULL;
  }
  cairo_surface_flush(s);
  const guint8 *src = gdk_pixbuf_read_pixels(pb);
  unsigned char *dst = cairo_image_surface_get_data(s);
  int dstride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < h; y++) {
    const guint8 *sp = src + (size_t)y * (size_t)stride;
    uint32_t *dp = (uint32_t *)(void *)(dst + (size_t)y * (size_t)dstride);
    for (int x = 0; x < w; x++, sp += nch) {
      uint32_t r = sp[0], g = sp[1], b = sp[2], a = alpha ? sp[3] : 255;
      if (a != 255) {
        r = (r * a + 127) / 255;
        g = (g * a + 127) / 255;
        b = (b * a + 127) / 255;
      }
      dp[x] = (a << 24) | (r << 16) | (g << 8) | b;
    }
  }
  cairo_surface_mark_dirty(s);
  return s;
}

static void free_bytes(void *p) { free(p); }

/* Decode an image file.  JPEGs keep their original bytes for the PDF.
 * Returns NULL (with *why set) when it cannot be read. */
static cairo_surface_t *load_image(const char *path, int pdf,
                                   const char **why) {
  size_t n = 0;
  errno = 0;
  unsigned char *data = read_file(path, &n);
  if (!data) {
    *why = errno ? strerror(errno) : "empty or unreadable file";
    return NULL;
  }
  static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
                                           0x1a, '\n'};
  cairo_surface_t *s = NULL;
  if (n >= 8 && !memcmp(data, png_sig, 8)) {
    membuf m = {data, n, 0};
    s = cairo_image_surface_create_from_png_stream(mem_read, &m);
    if (cairo_surface_status(s)) {
      cairo_surface_destroy(s);
      s = NULL; /* try gdk-pixbuf below (odd PNGs) */
    }
  }
  if (!s) {
    GdkPixbufLoader *ld = gdk_pixbuf_loader_new();
    GError *err = NULL;
    GdkPixbuf *pb = NULL;
    if (gdk_pixbuf_loader_write(ld, data, n, &err) &&
        gdk_pixbuf_loader_close(ld, &err))
      pb = gdk_pixbuf_loader_get_pixbuf(ld);
    else if (!err)
      gdk_pixbuf_loader_close(ld, NULL);
    if (err) {
      *why = "not an image gdk-pixbuf can read";
      g_error_free(err);
    }
    if (pb) {
      const char *orient = gdk_pixbuf_get_option(pb, "orientation");
      int turned = orient && strcmp(orient, "1");
      GdkPixbuf *upright = gdk_pixbuf_apply_embedded_orientation(pb);
      s = upright ? surface_from_pixbuf(upright) : NULL;
      if (upright)
        g_object_unref(upright);
      int is_jpeg = n > 3 && data[0] == 0xFF && data[1] == 0xD8 &&
                    data[2] == 0xFF;
      int comps = is_jpeg ? jpeg_components(data, n) : 0;
      /* Embed the JPEG as it is, unless it must be turned upright or
       * is CMYK (whose inverted Adobe variant PDF readers disagree on). */
      if (s && pdf && is_jpeg && !turned && (comps == 1 || comps == 3)) {
        if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, n,
                                        free_bytes, data) == CAIRO_STATUS_SUCCESS)
          data = NULL; /* now owned by the surface */
      }
      if (!s)
        *why = "unsupported pixel format";
    }
    g_object_unref(ld);
  }
  free(data);
  return s;
}

static const image_entry *get_image(rstate *s, const char *src) {
  if (!src)
    return NULL;
  for (size_t i = 0; i < s->n_images; i++)
    if (!strcmp(s->images[i].src, src))
      return &s->images[i];
  /* Flow has probed the image already; these reports only come when it
   * changed or broke since, or flow passed something it should not. */
  image_entry e = {xstrdup(src), NULL, 0, 0};
  const char *why = "cannot be read";
  if (image_is_remote(src)) {
    diag_report(DIAG_IMG_REMOTE, s->diag_file, 0, 0, src);
  } else if (access(src, R_OK) != 0) {
    diag_report(DIAG_IMG_MISSING, s->diag_file, 0, 0, src);
  } else if (!image_probe(src, &e.w, &e.h)) {
    /* not an image, or too many pixels to decode */
    diag_report(DIAG_IMG_BAD, s->diag_file, 0, 0, src,
                "not an image, or too large");
  } else {
    e.surf = load_image(src, s->opt->format == RENDER_PDF, &why);
    if (e.surf) {
      e.w = cairo_image_surface_get_width(e.surf);
      e.h = cairo_image_surface_get_height(e.surf);
      if (e.w <= 0 || e.h <= 0) {
        cairo_surface_destroy(e.surf);
        e.surf = NULL;
      }
    }
    if (!e.surf)
      diag_report(DIAG_IMG_BAD, s->diag_file, 0, 0, src, why);
  }
  VEC_PUSH(s->images, s->n_images, s->cap_images, e);
  return &s->images[s->n_images - 1];
}

/* Grey box with a thin border and a small picture sign in its top-left
 * corner (the alt text, drawn by flow, usually sits in the middle). */
void render_draw_placeholder(cairo_t *cr, const frame *f) {
  cairo_save(cr);
  cairo_rectangle(cr, f->x, f->y, f->w, f->h);
  set_color(cr, 0xF2F2F0);
  cairo_fill_preserve(cr);
  set_color(cr, 0xC4C4C0);
  cairo_set_line_width(cr, 0.5);
  cairo_stroke(cr);
  double u = fmin(fmin(f->w, f->h) / 4, 14);
  if (u >= 6) {
    double x = f->x + u * 0.45, y = f->y + u * 0.45, w = u, h = u * 0.75;
    set_color(cr, 0xA8A8A4);
    cairo_set_line_width(cr, fmax(0.4, u / 24));
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_rectangle(cr, x, y, w, h);
    cairo_stroke(cr);
    /* hills */
    cairo_move_to(cr, x + w * 0.08, y + h * 0.88);
    cairo_line_to(cr, x + w * 0.38, y + h * 0.45);
    cairo_line_to(cr, x + w * 0.58, y + h * 0.70);
    cairo_line_to(cr, x + w * 0.72, y + h * 0.55);
    cairo_line_to(cr, x + w * 0.92, y + h * 0.88);
    cairo_stroke(cr);
    /* sun */
    cairo_arc(cr, x + w * 0.74, y + h * 0.27, u * 0.09, 0, 2 * M_PI);
    cairo_fill(cr);
  }
  cairo_restore(cr);
}

static void paint_image(cairo_t *cr, rstate *s, const image_entry *im,
                        double x, double y, double sx, double sy) {
  cairo_translate(cr, x, y);
  cairo_scale(cr, sx, sy);
  cairo_set_source_surface(cr, im->surf, 0, 0);
  cairo_pattern_t *p = cairo_get_source(cr);
  cairo_pattern_set_filter(p, CAIRO_FILTER_GOOD);
  if (s->raster)
    cairo_pattern_set_extend(p, CAIRO_EXTEND_PAD);
  cairo_paint(cr);
}

void render_draw_image(cairo_t *cr, rstate *s, const frame *f) {
  const image_entry *im = get_image(s, f->src);
  if (!im || !im->surf || f->w <= 0 || f->h <= 0) {
    render_draw_placeholder(cr, f);
    return;
  }
  cairo_save(cr);
  cairo_rectangle(cr, f->x, f->y, f->w, f->h);
  cairo_clip(cr);
  paint_image(cr, s, im, f->x, f->y, f->w / im->w, f->h / im->h);
  cairo_restore(cr);
}

static double clamp(double v, double lo, double hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

/* Cover the circle inscribed in the frame, keeping the centre of
 * interest (crop_x, crop_y) as near the middle as the image allows. */
void render_draw_circle_image(cairo_t *cr, rstate *s, const frame *f) {
  const image_entry *im = get_image(s, f->src);
  double d = fmin(f->w, f->h);
  if (d <= 0)
    return;
  double cx = f->x + f->w / 2, cy = f->y + f->h / 2;
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_arc(cr, cx, cy, d / 2, 0, 2 * M_PI);
  if (!im || !im->surf) {
    set_color(cr, 0xE6E6E2);
    cairo_fill(cr);
    cairo_restore(cr);
    return;
  }
  cairo_clip(cr);
  double sc = fmax(d / im->w, d / im->h);
  double sw = im->w * sc, sh = im->h * sc;
  double px = clamp(f->crop_x, 0, 1), py = clamp(f->crop_y, 0, 1);
  if (px == 0 && py == 0)
    px = py = 0.5; /* unset: the centre */
  double ox = clamp(d / 2 - px * sw, d - sw, 0);
  double oy = clamp(d / 2 - py * sh, d - sh, 0);
  paint_image(cr, s, im, cx - d / 2 + ox, cy - d / 2 + oy, sc, sc);
  cairo_restore(cr);
}

void render_images_release(rstate *s) {
  for (size_t i = 0; i < s->n_images; i++) {
    free(s->images[i].src);
    if (s->images[i].surf)
      cairo_surface_destroy(s->images[i].surf);
  }
  free(s->images);
  s->images = NULL;
  s->n_images = s->cap_images = 0;
}
