/* render.c — stage 6's entry point: checks what it is given, makes the
 * print plan (impose.h: pages as they are, or on sheets), has the slug
 * lines shaped and the fonts subset, and hands the plan to the writer
 * of the output's format.  The stage's files, one concern each (their
 * shared declarations are in render_int.h):
 *   render_out.c      atomic output: temporary, fsync, rename, cleanup
 *   render_fonts.c    HarfBuzz subsetting and the Cairo font faces
 *   render_draw.c     frames drawn with Cairo: text, rules, QR, links
 *   render_image.c    images decoded once and drawn, placeholders
 *   render_sheet.c    pages placed on sheets, printer's marks, slug lines
 *   render_pdf.c      the PDF: metadata, outline, page labels
 *   render_boxes.c    TrimBox/BleedBox into Cairo's PDF (qpdf or in place)
 *   render_preview.c  PNG and SVG pages, the contact sheet
 * Nothing in the stage lays anything out: every position comes from
 * flow and text. */
#include "render.h"

#include <string.h>
#include <strings.h>

#include "diag.h"
#include "render_int.h"
#include "util.h"

/* Most pages one output may have ($BOOKLET_MAX_PAGES changes it): a bound
 * on time and output size for hostile inputs. */
#define MAX_PAGES 10000

render_format render_format_for(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  const char *slash = path ? strrchr(path, '/') : NULL;
  if (!dot || (slash && dot < slash))
    return RENDER_PDF;
  if (!strcasecmp(dot, ".png"))
    return RENDER_PNG;
  if (!strcasecmp(dot, ".svg"))
    return RENDER_SVG;
  return RENDER_PDF;
}

static void release(rstate *s) {
  render_fonts_release(s);
  render_sheet_release(s);
  render_images_release(s);
}

/* The print options as the plan needs them: a back cover stays the
 * booklet's last page when blanks pad it; the slug line names the input
 * and the document's pinned date (date: room for it), in the document's
 * words. */
static impose_options print_options(const flow_result *r, const document *d,
                                    const render_options *opt, char *date,
                                    size_t n) {
  impose_options print = opt->print;
  int last = r->pages[r->n_pages - 1].section;
  print.keep_last = d && last >= 0 && (size_t)last < d->n_sections &&
                    !strcmp(d->sections[last].kind, "back");
  render_creation_date(d, date, n);
  date[10] = 0;
  const char *slash = opt->src_name ? strrchr(opt->src_name, '/') : NULL;
  print.job = slash ? slash + 1 : opt->src_name;
  print.job_date = date;
  if (d) {
    print.slug_sheet = d->slug_sheet;
    print.slug_front = d->slug_front;
    print.slug_back = d->slug_back;
  }
  return print;
}

int render_write(const flow_result *r, const document *d, text_ctx *text,
                 const render_options *opt, const char *path) {
  render_options defaults = {
      .format = RENDER_PDF, .dpi = RENDER_DEFAULT_DPI, .subset = 1};
  if (!opt)
    opt = &defaults;
  rstate s = {0};
  s.r = r;
  s.d = d;
  s.opt = opt;
  s.diag_file = opt->src_name;
  s.raster = opt->format == RENDER_PNG;
  if (!r || !path || !*path || r->n_pages == 0 || !(r->page_w > 0) ||
      !(r->page_h > 0)) {
    diag_report(DIAG_RENDER, s.diag_file, 0, 0, "no pages to write");
    return -1;
  }
  size_t max_pages = util_env_limit("BOOKLET_MAX_PAGES", MAX_PAGES);
  if (r->n_pages > max_pages) {
    diag_report(DIAG_PAGE_LIMIT, s.diag_file, 0, 0, r->n_pages, max_pages);
    return -1;
  }
  s.bleed = opt->print.bleed > 0 ? opt->print.bleed : 0;
  char date[32];
  impose_options print = print_options(r, d, opt, date, sizeof date);
  impose_plan *plan =
      impose_plan_make(&print, r->n_pages, r->page_w, r->page_h);
  /* the slugs first: shaping them may add a face to the font table */
  render_sheet_slugs(&s, text, plan);
  s.fonts = text ? text_fonts(text, &s.n_fonts) : NULL;
  int rc = render_fonts_prepare(&s);
  if (rc == 0)
    rc = opt->format == RENDER_PDF ? render_write_pdf(&s, plan, path)
                                   : render_write_pages(&s, plan, path);
  if (rc == 0 && opt->print.contact_sheet)
    rc = render_write_contact(&s, opt->print.contact_sheet);
  impose_plan_free(plan);
  release(&s);
  return rc;
}
