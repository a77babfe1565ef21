/* render_image.c — the render stage's images: decode each image once per
 * output and draw it scaled into its frame or cropped into a circle, or
 * draw the placeholder for one that cannot be printed.  The format comes
 * from the bytes, never the name: PNG through Cairo; JPEG decoded by
 * gdk-pixbuf but, in a PDF, embedded as its original bytes (gray and RGB,
 * baseline or progressive; CMYK unless Adobe-inverted, see jpeg_adobe),
 * with its EXIF orientation applied as a transform when drawing, so a
 * turned phone photo stays a JPEG too; SVG drawn as vectors by librsvg;
 * everything else (GIF, WebP, BMP, TIFF ...) through gdk-pixbuf.  An
 * image is never squashed: a frame of another shape is covered and
 * cropped.  Fonts are render_fonts.c's, text and the other frames
 * render_draw.c's. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>

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

/* Bytes of an image file read at most (images are capped well below
 * this before they get here). */
#define MAX_IMAGE_BYTES ((size_t)512 << 20)

/* Whole file into memory. */
static unsigned char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  strbuf b = {0};
  char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
    sb_addn(&b, buf, k);
    if (b.len > MAX_IMAGE_BYTES)
      break;
  }
  int bad = ferror(f) || b.len > MAX_IMAGE_BYTES;
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

/* 1 when a JPEG has Adobe's APP14 marker: its CMYK data is then stored
 * inverted, which a PDF must undo with a /Decode array that Cairo 1.16
 * does not write, so such a JPEG is embedded as pixels instead. */
static int jpeg_adobe(const unsigned char *p, size_t n) {
  size_t i = 2;
  while (i + 4 <= n && p[i] == 0xFF) {
    unsigned m = p[i + 1];
    if (m == 0xFF) {
      i++;
      continue;
    }
    size_t len = ((size_t)p[i + 2] << 8) | p[i + 3];
    if (m == 0xDA || m == 0xD9 || len < 2)
      break;
    if (m == 0xEE && len >= 7 && i + 9 <= n && !memcmp(p + i + 4, "Adobe", 5))
      return 1;
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

/* Decode with gdk-pixbuf; NULL (with *why) when it cannot. */
static GdkPixbuf *pixbuf_decode(const unsigned char *data, size_t n,
                                const char **why) {
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
    pb = NULL;
  }
  if (pb)
    g_object_ref(pb);
  g_object_unref(ld);
  return pb;
}

/* An SVG: its handle and size in CSS px. */
static int load_svg(image_entry *e, const unsigned char *data, size_t n,
                    const char **why) {
  GError *err = NULL;
  RsvgHandle *rh = rsvg_handle_new_from_data(data, n, &err);
  if (!rh) {
    if (err)
      g_error_free(err);
    *why = "SVG that cannot be parsed";
    return 0;
  }
  rsvg_handle_set_dpi(rh, 96);
  double w = 0, h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(rh, &w, &h) || w <= 0 ||
      h <= 0) {
    gboolean hw, hh, hv;
    RsvgLength lw, lh;
    RsvgRectangle vb;
    rsvg_handle_get_intrinsic_dimensions(rh, &hw, &lw, &hh, &lh, &hv, &vb);
    w = hv ? vb.width : 0, h = hv ? vb.height : 0;
  }
  if (!(w >= 1 && h >= 1)) {
    g_object_unref(rh);
    *why = "SVG without a size or viewBox";
    return 0;
  }
  e->svg = rh;
  e->w = (int)(w + 0.5), e->h = (int)(h + 0.5);
  return 1;
}

/* Decode an image file into e (surf or svg, w, h, orient).  Returns 0
 * (with *why set) when it cannot be read. */
static int load_image(image_entry *e, const char *path, int pdf,
                      const char **why) {
  size_t n = 0;
  errno = 0;
  unsigned char *data = read_file(path, &n);
  if (!data) {
    *why = errno ? strerror(errno) : "empty or unreadable file";
    return 0;
  }
  image_format fmt = image_sniff(data, n);
  cairo_surface_t *s = NULL;
  e->orient = 1;
  if (fmt == IMAGE_SVG) {
    int ok = load_svg(e, data, n, why);
    free(data);
    return ok;
  }
  if (fmt == IMAGE_UNKNOWN || fmt == IMAGE_AVIF) {
    *why = "not an image booklet can read";
    free(data);
    return 0;
  }
  if (fmt == IMAGE_PNG) {
    membuf m = {data, n, 0};
    s = cairo_image_surface_create_from_png_stream(mem_read, &m);
    if (cairo_surface_status(s)) {
      cairo_surface_destroy(s);
      s = NULL; /* try gdk-pixbuf below (odd PNGs) */
    }
  }
  if (!s) {
    GdkPixbuf *pb = pixbuf_decode(data, n, why);
    if (pb && fmt == IMAGE_JPEG) {
      /* kept as stored: the orientation is a transform when drawing, so
       * the original bytes can still be embedded */
      e->orient = image_jpeg_orientation(data, n);
      s = surface_from_pixbuf(pb);
      int comps = jpeg_components(data, n);
      if (s && pdf &&
          (comps == 1 || comps == 3 || (comps == 4 && !jpeg_adobe(data, n)))) {
        if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, n,
                                        free_bytes, data) ==
            CAIRO_STATUS_SUCCESS)
          data = NULL; /* now owned by the surface */
      }
    } else if (pb) {
      GdkPixbuf *upright = gdk_pixbuf_apply_embedded_orientation(pb);
      s = upright ? surface_from_pixbuf(upright) : NULL;
      if (upright)
        g_object_unref(upright);
    }
    if (pb) {
      g_object_unref(pb);
      if (!s)
        *why = "unsupported pixel format";
    }
  }
  free(data);
  if (s) {
    e->w = cairo_image_surface_get_width(s);
    e->h = cairo_image_surface_get_height(s);
    if (e->w <= 0 || e->h <= 0) {
      cairo_surface_destroy(s);
      s = NULL;
      *why = "image without pixels";
    }
  }
  e->surf = s;
  return s != NULL;
}

static const image_entry *get_image(rstate *s, const frame *f) {
  const char *src = f->src;
  if (!src)
    return NULL;
  for (size_t i = 0; i < s->n_images; i++)
    if (!strcmp(s->images[i].src, src))
      return &s->images[i];
  /* The image step and flow have checked the file already; these
   * reports only come when it changed or broke since, or when it decodes
   * badly although its header and end are sound. */
  image_entry e = {xstrdup(src), NULL, NULL, 0, 0, 1};
  const char *why = "cannot be read";
  int line = f->src_line;
  const char *name = image_name(src);
  if (image_is_remote(src)) {
    diag_report(DIAG_IMG_REMOTE, s->diag_file, line, 0, name);
  } else if (access(src, R_OK) != 0) {
    diag_report(DIAG_IMG_MISSING, s->diag_file, line, 0, name);
  } else if (!load_image(&e, src, s->opt->format == RENDER_PDF, &why)) {
    diag_report(DIAG_IMG_BAD, s->diag_file, line, 0, name, why);
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

/* Size of the image as shown (orientation applied). */
static void upright_size(const image_entry *im, double *w, double *h) {
  int turned = im->orient >= 5 && im->orient <= 8;
  *w = turned ? im->h : im->w;
  *h = turned ? im->w : im->h;
}

/* Draw the image upright into the rectangle x, y, w, h (clip first to
 * crop).  EXIF orientation: the matrix takes the stored pixels to the
 * upright picture. */
static void paint_image(cairo_t *cr, rstate *s, const image_entry *im,
                        double x, double y, double w, double h) {
  if (im->svg) {
    RsvgRectangle vp = {x, y, w, h};
    GError *err = NULL;
    if (!rsvg_handle_render_document(im->svg, cr, &vp, &err)) {
      diag_report(DIAG_RENDER, s->diag_file, 0, 0,
                  err && err->message ? err->message : "SVG drawing failed");
    }
    if (err)
      g_error_free(err);
    return;
  }
  double uw, uh;
  upright_size(im, &uw, &uh);
  double W = im->w, H = im->h;
  cairo_matrix_t m;
  switch (im->orient) {
  case 2: cairo_matrix_init(&m, -1, 0, 0, 1, W, 0); break;  /* mirrored */
  case 3: cairo_matrix_init(&m, -1, 0, 0, -1, W, H); break; /* 180 */
  case 4: cairo_matrix_init(&m, 1, 0, 0, -1, 0, H); break;  /* flipped */
  case 5: cairo_matrix_init(&m, 0, 1, 1, 0, 0, 0); break;   /* transposed */
  case 6: cairo_matrix_init(&m, 0, 1, -1, 0, H, 0); break;  /* 90 cw */
  case 7: cairo_matrix_init(&m, 0, -1, -1, 0, H, W); break; /* transverse */
  case 8: cairo_matrix_init(&m, 0, -1, 1, 0, 0, W); break;  /* 90 ccw */
  default: cairo_matrix_init_identity(&m); break;
  }
  cairo_translate(cr, x, y);
  cairo_scale(cr, w / uw, h / uh);
  cairo_transform(cr, &m);
  cairo_set_source_surface(cr, im->surf, 0, 0);
  cairo_pattern_t *p = cairo_get_source(cr);
  cairo_pattern_set_filter(p, CAIRO_FILTER_GOOD);
  if (s->raster)
    cairo_pattern_set_extend(p, CAIRO_EXTEND_PAD);
  cairo_paint(cr);
}

static double clamp(double v, double lo, double hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

static int drawable(const image_entry *im) {
  return im && (im->surf || im->svg) && im->w > 0 && im->h > 0;
}

void render_draw_image(cairo_t *cr, rstate *s, const frame *f) {
  const image_entry *im = get_image(s, f);
  if (!drawable(im) || f->w <= 0 || f->h <= 0) {
    render_draw_placeholder(cr, f);
    return;
  }
  /* Never squashed: an image whose frame has another shape (a cover
   * band) covers the frame, centred on its centre of interest, and is
   * cropped to it. */
  double uw, uh;
  upright_size(im, &uw, &uh);
  double sc = fmax(f->w / uw, f->h / uh);
  double sw = uw * sc, sh = uh * sc;
  double px = f->crop_x > 0 || f->crop_y > 0 ? clamp(f->crop_x, 0, 1) : 0.5;
  double py = f->crop_x > 0 || f->crop_y > 0 ? clamp(f->crop_y, 0, 1) : 0.5;
  double ox = clamp(f->w / 2 - px * sw, f->w - sw, 0);
  double oy = clamp(f->h / 2 - py * sh, f->h - sh, 0);
  if (fabs(sw - f->w) < 0.01 && fabs(sh - f->h) < 0.01)
    ox = oy = 0, sw = f->w, sh = f->h; /* the usual case: exact fit */
  cairo_save(cr);
  cairo_rectangle(cr, f->x, f->y, f->w, f->h);
  cairo_clip(cr);
  paint_image(cr, s, im, f->x + ox, f->y + oy, sw, sh);
  cairo_restore(cr);
}

/* An image grown into the bleed: sized from the file (image_probe) to
 * cover the frame, then drawn as render_draw_image draws it, clipped. */
void render_draw_image_cover(cairo_t *cr, rstate *s, const frame *f) {
  frame g = *f;
  int iw = 0, ih = 0;
  if (f->src && !image_is_remote(f->src) && image_probe(f->src, &iw, &ih) &&
      iw > 0 && ih > 0) {
    double sc = fmax(f->w / iw, f->h / ih);
    double px = f->crop_x > 0 ? f->crop_x : 0.5;
    double py = f->crop_y > 0 ? f->crop_y : 0.5;
    g.w = iw * sc, g.h = ih * sc;
    g.x = f->x + (f->w - g.w) * px;
    g.y = f->y + (f->h - g.h) * py;
  }
  cairo_save(cr);
  cairo_rectangle(cr, f->x, f->y, f->w, f->h);
  cairo_clip(cr);
  render_draw_image(cr, s, &g);
  cairo_restore(cr);
}

/* Cover the circle inscribed in the frame, keeping the centre of
 * interest (crop_x, crop_y) as near the middle as the image allows. */
void render_draw_circle_image(cairo_t *cr, rstate *s, const frame *f) {
  const image_entry *im = get_image(s, f);
  double d = fmin(f->w, f->h);
  if (d <= 0)
    return;
  double cx = f->x + f->w / 2, cy = f->y + f->h / 2;
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_arc(cr, cx, cy, d / 2, 0, 2 * M_PI);
  if (!drawable(im)) {
    set_color(cr, 0xE6E6E2);
    cairo_fill(cr);
    cairo_restore(cr);
    return;
  }
  cairo_clip(cr);
  double uw, uh;
  upright_size(im, &uw, &uh);
  double sc = fmax(d / uw, d / uh);
  double sw = uw * sc, sh = uh * sc;
  double px = clamp(f->crop_x, 0, 1), py = clamp(f->crop_y, 0, 1);
  if (px == 0 && py == 0)
    px = py = 0.5; /* unset: the centre */
  double ox = clamp(d / 2 - px * sw, d - sw, 0);
  double oy = clamp(d / 2 - py * sh, d - sh, 0);
  paint_image(cr, s, im, cx - d / 2 + ox, cy - d / 2 + oy, sw, sh);
  cairo_restore(cr);
}

void render_images_release(rstate *s) {
  for (size_t i = 0; i < s->n_images; i++) {
    free(s->images[i].src);
    if (s->images[i].surf)
      cairo_surface_destroy(s->images[i].surf);
    if (s->images[i].svg)
      g_object_unref(s->images[i].svg);
  }
  free(s->images);
  s->images = NULL;
  s->n_images = s->cap_images = 0;
}
