/* test_image.c — unit tests for image.c (format sniffing from bytes,
 * probing complete and broken files, EXIF orientation), imgpath.c (site
 * roots, resolution inside roots, escapes refused, the messages) and
 * fetch.c without a network (--offline, bad schemes).  Files are made in
 * a temporary folder; remote fetching is tested end to end with a local
 * server in tests/e2e/images.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <arpa/inet.h>

#include <glib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "document.h"
#include "fetch.h"
#include "image.h"
#include "imgpath.h"
#include "util.h"

static char tmp[256];

static void put(const char *rel, const void *data, size_t n) {
  char *p = xasprintf("%s/%s", tmp, rel);
  char *slash = strrchr(p, '/');
  *slash = 0;
  char *cmd = xasprintf("mkdir -p '%s'", p);
  assert_int_equal(system(cmd), 0);
  free(cmd);
  *slash = '/';
  FILE *f = fopen(p, "wb");
  assert_non_null(f);
  fwrite(data, 1, n, f);
  fclose(f);
  free(p);
}

/* A 2x1 RGB PNG (made with zlib; its bytes kept here). */
static const unsigned char png2x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8, 0xdd, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xcf, 0x00, 0x04,
    0xff, 0x01, 0x07, 0x00, 0x01, 0xff, 0x3d, 0x7d, 0x8c, 0x49, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static int setup(void **state) {
  (void)state;
  snprintf(tmp, sizeof tmp, "/tmp/booklet-test-image-XXXXXX");
  assert_non_null(mkdtemp(tmp));
  diag_capture(1);
  diag_reset_counts();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  diag_capture(0);
  char *cmd = xasprintf("rm -rf '%s'", tmp);
  int rc = system(cmd);
  (void)rc;
  free(cmd);
  return 0;
}

static void test_sniff(void **state) {
  (void)state;
  assert_int_equal(image_sniff(png2x1, sizeof png2x1), IMAGE_PNG);
  const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0};
  assert_int_equal(image_sniff(jpg, 4), IMAGE_JPEG);
  assert_int_equal(image_sniff((const unsigned char *)"GIF89a..", 8), IMAGE_GIF);
  assert_int_equal(image_sniff((const unsigned char *)"RIFF\1\0\0\0WEBPVP8 ", 16),
                   IMAGE_WEBP);
  const char *svg = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- logo -->\n"
                    "<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\">";
  assert_int_equal(image_sniff((const unsigned char *)svg, strlen(svg)), IMAGE_SVG);
  const char *html = "<!doctype html><html><body>404</body></html>";
  assert_int_equal(image_sniff((const unsigned char *)html, strlen(html)),
                   IMAGE_UNKNOWN);
  assert_int_equal(image_sniff((const unsigned char *)"BM", 2), IMAGE_UNKNOWN);
  assert_int_equal(image_sniff(NULL, 0), IMAGE_UNKNOWN);
  assert_string_equal(image_format_name(IMAGE_SVG), "svg");
}

static void test_probe(void **state) {
  (void)state;
  char path[512];
  image_info in;
  const char *why;
  /* PNG bytes under a .jpg name: read by the bytes */
  put("a.jpg", png2x1, sizeof png2x1);
  snprintf(path, sizeof path, "%s/a.jpg", tmp);
  assert_int_equal(image_probe_info(path, &in, &why), 1);
  assert_int_equal(in.format, IMAGE_PNG);
  assert_int_equal(in.w, 2);
  assert_int_equal(in.h, 1);
  /* cut before IEND */
  put("cut.png", png2x1, sizeof png2x1 - 12);
  snprintf(path, sizeof path, "%s/cut.png", tmp);
  assert_int_equal(image_probe_info(path, &in, &why), 0);
  assert_non_null(strstr(why, "truncated PNG"));
  put("t.jpg", "just text\n", 10);
  snprintf(path, sizeof path, "%s/t.jpg", tmp);
  assert_int_equal(image_probe_info(path, &in, &why), 0);
  assert_non_null(strstr(why, "text"));
  put("e.png", "", 0);
  snprintf(path, sizeof path, "%s/e.png", tmp);
  assert_int_equal(image_probe_info(path, &in, &why), 0);
  assert_string_equal(why, "empty file");
  const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 40\"/>";
  put("l.svg", svg, strlen(svg));
  snprintf(path, sizeof path, "%s/l.svg", tmp);
  assert_int_equal(image_probe_info(path, &in, &why), 1);
  assert_int_equal(in.vector, 1);
  assert_int_equal(in.w, 120);
  assert_int_equal(in.h, 40);
  snprintf(path, sizeof path, "%s/none.png", tmp);
  assert_int_equal(image_probe_info(path, &in, &why), 0);
  assert_string_equal(why, "no such file");
}

static void test_orientation(void **state) {
  (void)state;
  /* SOI, APP1 Exif with Orientation = 6 (big-endian TIFF) */
  const unsigned char j[] = {
      0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x22, 'E',  'x',  'i',  'f',  0,    0,
      'M',  'M',  0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12,
      0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0xFF, 0xD9};
  assert_int_equal(image_jpeg_orientation(j, sizeof j), 6);
  assert_int_equal(image_jpeg_orientation(j, 8), 1); /* cut short */
  assert_int_equal(image_jpeg_orientation(png2x1, sizeof png2x1), 1);
}

/* A document with one image block per src, for imgpath_prepare. */
static document *doc_with(const char *base, const char *const *srcs, size_t n) {
  document *d = xcalloc(1, sizeof *d);
  d->base_dir = xstrdup(base);
  d->source_path = xasprintf("%s/ev.md", base);
  d->sections = xcalloc(1, sizeof *d->sections);
  d->n_sections = 1;
  doc_section *s = &d->sections[0];
  s->kind = xstrdup("about");
  s->blocks = xcalloc(n, sizeof *s->blocks);
  for (size_t i = 0; i < n; i++) {
    doc_block *b = xcalloc(1, sizeof *b);
    b->kind = DOC_IMAGE;
    b->style = xstrdup("caption");
    b->line = (int)i + 10;
    b->src = srcs[i][0] == '/' || strstr(srcs[i], "://")
                 ? xstrdup(srcs[i])
                 : xasprintf("%s/%s", base, srcs[i]);
    b->alt = xstrdup("alt");
    s->blocks[s->n_blocks++] = b;
  }
  return d;
}

static void test_prepare(void **state) {
  (void)state;
  put("site/config.toml", "title = 'x'\n", 12);
  put("site/static/images/s.png", png2x1, sizeof png2x1);
  put("site/content/ev/img/a.png", png2x1, sizeof png2x1);
  put("outside.png", png2x1, sizeof png2x1);
  char *ev = xasprintf("%s/site/content/ev", tmp);
  char *link = xasprintf("%s/img/link.png", ev);
  char *target = xasprintf("%s/outside.png", tmp);
  assert_int_equal(symlink(target, link), 0);
  char *root = imgpath_site_root(ev);
  char *want = xasprintf("%s/site", tmp);
  char *want_real = realpath(want, NULL);
  assert_string_equal(root, want_real);
  free(root), free(want), free(want_real);

  const char *srcs[] = {"img/a.png",          "/images/s.png",
                        "images/s.png",       "../../../outside.png",
                        "img/link.png",       "img/nope.png",
                        "data:image/png;base64,AAAA", "../../static/images/s.png",
                        "img/%61.png"};
  size_t n = sizeof srcs / sizeof *srcs;
  document *d = doc_with(ev, srcs, n);
  imgpath_options o = {.offline = 1};
  imgpath_prepare(d, &o);
  doc_block **b = d->sections[0].blocks;
  assert_non_null(b[0]->src);
  assert_non_null(strstr(b[0]->src, "/img/a.png"));
  assert_non_null(b[1]->src); /* site-root, from static/ */
  assert_non_null(strstr(b[1]->src, "/static/images/s.png"));
  assert_non_null(b[2]->src); /* Hugo-style relative, from static/ */
  assert_null(b[3]->src);     /* escapes the site */
  assert_null(b[4]->src);     /* symlink out */
  assert_null(b[5]->src);     /* missing */
  assert_null(b[6]->src);     /* not http(s) */
  assert_non_null(b[7]->src); /* ../ inside the site is fine */
  assert_non_null(b[8]->src); /* %61 = a */
  /* what the probe found stays on the block: flow opens no file */
  assert_int_equal(b[0]->image.format, IMAGE_PNG);
  assert_int_equal(b[0]->image.w, 2);
  assert_int_equal(b[0]->image.h, 1);
  assert_int_equal(b[1]->image.w, 2); /* s.png, probed once for three */
  assert_int_equal(b[7]->image.w, 2);
  assert_int_equal(b[3]->image.w, 0); /* no image: no facts */
  assert_int_equal(b[5]->image.w, 0);
  const char *msgs = diag_captured();
  assert_non_null(strstr(msgs, "ev.md:13: warning: image path escapes its folder: "
                               "../../../outside.png"));
  assert_non_null(strstr(msgs, "ev.md:14: warning: image path escapes its folder: "
                               "img/link.png"));
  assert_non_null(strstr(msgs, "ev.md:15: warning: image not found: img/nope.png"));
  assert_non_null(strstr(msgs, "ev.md:16: warning: cannot read image data:"));
  /* messages name what the page wrote */
  assert_string_equal(image_name(b[0]->src), "img/a.png");
  document_free(d);
  free(ev), free(link), free(target);
}

static void test_fetch_offline(void **state) {
  (void)state;
  char *cache = xasprintf("%s/cache", tmp);
  fetch_item it[3] = {{.url = "https://example.invalid/a.png"},
                      {.url = "ftp://example.invalid/a.png"},
                      {.url = "https://example.invalid/a.png"}};
  fetch_options o = {.offline = 1, .cache_dir = cache};
  fetch_all(it, 3, &o);
  assert_null(it[0].path);
  assert_non_null(strstr(it[0].error, "--offline"));
  assert_non_null(strstr(it[1].error, "only http and https"));
  assert_non_null(strstr(it[2].error, "--offline"));
  for (int i = 0; i < 3; i++)
    free(it[i].error), free(it[i].path);
  char *dir = fetch_cache_dir(&o);
  assert_string_equal(dir, cache);
  free(dir);
  /* a cached file is used offline: named by the SHA-256 of the URL; a
   * protocol-relative URL is https */
  gchar *hex = g_compute_checksum_for_string(
      G_CHECKSUM_SHA256, "https://example.invalid/b.png", -1);
  char *rel = xasprintf("cache/%s", hex);
  put(rel, png2x1, sizeof png2x1);
  fetch_item one = {.url = "//example.invalid/b.png"};
  fetch_all(&one, 1, &o);
  assert_non_null(one.path);
  assert_null(one.error);
  assert_int_equal(one.cached, 1);
  assert_non_null(strstr(one.path, hex));
  free(one.path);
  g_free(hex);
  free(rel);
  free(cache);
}

/* Addresses remote images are never fetched from unless allowed. */
static void test_private_addresses(void **state) {
  (void)state;
  static const char *const refused[] = {
      "127.0.0.1", "10.1.2.3",     "172.16.0.1", "172.31.255.255", "192.168.1.1",
      "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
      "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1",
      "::ffff:127.0.0.1", "::ffff:10.0.0.1"};
  static const char *const allowed[] = {"93.184.216.34", "172.32.0.1", "8.8.8.8",
                                        "100.128.0.1", "2606:4700::1111",
                                        "::ffff:8.8.8.8"};
  unsigned char a[16];
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    int v6 = strchr(refused[i], ':') != NULL;
    assert_int_equal(inet_pton(v6 ? AF_INET6 : AF_INET, refused[i], a), 1);
    if (!fetch_private_address(v6 ? AF_INET6 : AF_INET, a))
      fail_msg("%s should be refused", refused[i]);
  }
  for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) {
    int v6 = strchr(allowed[i], ':') != NULL;
    assert_int_equal(inet_pton(v6 ? AF_INET6 : AF_INET, allowed[i], a), 1);
    if (fetch_private_address(v6 ? AF_INET6 : AF_INET, a))
      fail_msg("%s should be allowed", allowed[i]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_private_addresses),
      cmocka_unit_test_setup_teardown(test_sniff, setup, teardown),
      cmocka_unit_test_setup_teardown(test_probe, setup, teardown),
      cmocka_unit_test_setup_teardown(test_orientation, setup, teardown),
      cmocka_unit_test_setup_teardown(test_prepare, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_offline, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
