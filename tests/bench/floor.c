/* floor.c — the bench's floor: the least work any program must do to set
 * a text in Chinese on A5 pages.  The whole text goes through one
 * PangoLayout (Noto Serif CJK SC 10 pt, line height 1.7, justified, first
 * lines indented two characters, wrapped at the width of a5-booklet's text
 * frame) onto a Cairo PDF surface, paginated by line heights.  No booklet
 * logic: no model, no sections, no keep-with-next, no own font subsetting.
 * `make bench` runs it on the same body text as booklet and prints
 * booklet's time as a ratio to this one.
 *
 *     build/floor TEXT.txt OUT.pdf [FONTS.conf]
 *
 * TEXT.txt: UTF-8, one paragraph per line.  FONTS.conf: the fontconfig
 * file to load (booklet's fonts/fonts.conf, so both use the same fonts and
 * caches); without it the system configuration is used.  Prints the page
 * count on stdout. */
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>

#define MM (72.0 / 25.4)

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: floor TEXT.txt OUT.pdf [FONTS.conf]\n", stderr);
    return 2;
  }
  gchar *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents(argv[1], &text, &len, NULL)) {
    fprintf(stderr, "floor: cannot read %s\n", argv[1]);
    return 1;
  }
  /* A5 with a5-booklet's margins; the frame is 33 body characters wide
   * (snap_to_chars), the height what the margins leave. */
  const double page_w = 148 * MM, page_h = 210 * MM;
  const double top = 17 * MM, bottom = 19 * MM, inner = 17 * MM;
  const double size = 10, width = 33 * size, leading = 1.7;
  const double frame_h = page_h - top - bottom;

  PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (argc > 3) {
    FcConfig *fc = FcConfigCreate();
    if (!FcConfigParseAndLoad(fc, (const FcChar8 *)argv[3], FcTrue) ||
        !FcConfigBuildFonts(fc)) {
      fprintf(stderr, "floor: cannot load %s\n", argv[3]);
      return 1;
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), fc);
    FcConfigDestroy(fc);
  }
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
  PangoContext *pc = pango_font_map_create_context(map);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(pc, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(pc, FALSE);
  pango_context_set_language(pc, pango_language_from_string("zh-Hans"));

  PangoLayout *lay = pango_layout_new(pc);
  PangoFontDescription *fd =
      pango_font_description_from_string("Noto Serif CJK SC 10");
  pango_layout_set_font_description(lay, fd);
  pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_justify(lay, TRUE);
  pango_layout_set_indent(lay, (int)(2 * size * PANGO_SCALE));
  pango_layout_set_line_spacing(lay, (float)leading);
  pango_layout_set_text(lay, text, (int)len);

  cairo_surface_t *surf = cairo_pdf_surface_create(argv[2], page_w, page_h);
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 0.11, 0.11, 0.12);
  PangoLayoutIter *it = pango_layout_get_iter(lay);
  double pitch = size * leading, y = 0;
  int pages = 1;
  do {
    if (y + pitch > frame_h) {
      cairo_show_page(cr);
      pages++;
      y = 0;
    }
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    PangoRectangle ink, log;
    pango_layout_iter_get_line_extents(it, &ink, &log);
    double x = (pages % 2 ? inner : 14 * MM) + (double)log.x / PANGO_SCALE;
    cairo_move_to(cr, x, top + y + size * 0.88 + (pitch - size) / 2);
    pango_cairo_show_layout_line(cr, line);
    y += pitch;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  int bad = cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(surf);
  printf("%d\n", pages);
  pango_font_description_free(fd);
  g_object_unref(lay);
  g_object_unref(pc);
  g_object_unref(map);
  g_free(text);
  return bad;
}
