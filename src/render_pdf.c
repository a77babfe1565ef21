/* render_pdf.c — the PDF file: the sheets drawn onto one Cairo PDF
 * surface in memory, with the document's metadata and a pinned creation
 * date (reproducible output), bookmarks and page labels when the pages
 * are not imposed (a saddle booklet's sheet sides are labelled 1a, 1b,
 * 2a ...); then the TrimBox and BleedBox of every page
 * (render_boxes.c) and the bytes written atomically (render_out.c).
 * What a page holds is render_draw.c's, where it sits on its sheet
 * render_sheet.c's. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "diag.h"
#include "render_int.h"
#include "util.h"

/* Documents of at most this many sheets are written compact by qpdf
 * ($BOOKLET_COMPACT_PAGES changes it; 0: never). */
#define COMPACT_MAX_SHEETS 256
/* Outline levels kept; deeper entries hang at the deepest. */
#define OUTLINE_LEVELS 7

/* ---- metadata, outline, page labels ------------------------------------- */

/* 1 when s starts with an ISO date, YYYY-MM-DD. */
static int iso_date(const char *s) {
  static const char shape[] = "dddd-dd-dd";
  if (!s || strlen(s) < sizeof shape - 1)
    return 0;
  for (size_t i = 0; i < sizeof shape - 1; i++)
    if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
      return 0;
  return 1;
}

void render_creation_date(const document *d, char *buf, size_t n) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (!errno && !*end && v >= 0) {
      time_t tt = (time_t)v;
      struct tm tm;
      if (gmtime_r(&tt, &tm)) {
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return;
      }
    }
  }
  const char *date = d ? d->date : NULL;
  if (iso_date(date)) {
    snprintf(buf, n, "%.10sT00:00:00Z", date);
    return;
  }
  snprintf(buf, n, "2000-01-01T00:00:00Z");
}

static void set_metadata(cairo_surface_t *surf, const document *d) {
  char date[64];
  render_creation_date(d, date, sizeof date);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
  if (!d)
    return;
  struct {
    cairo_pdf_metadata_t key;
    const char *v;
  } m[] = {{CAIRO_PDF_METADATA_TITLE, d->title},
           {CAIRO_PDF_METADATA_AUTHOR, d->author},
           {CAIRO_PDF_METADATA_SUBJECT, d->subject},
           {CAIRO_PDF_METADATA_KEYWORDS, d->keywords},
           {CAIRO_PDF_METADATA_CREATOR, d->creator}};
  for (size_t i = 0; i < sizeof m / sizeof *m; i++)
    if (m[i].v && *m[i].v)
      cairo_pdf_surface_set_metadata(surf, m[i].key, m[i].v);
}

/* Bookmarks; positions moved to where the pages sit on their sheets
 * (one page per sheet here: pages are not imposed). */
static void add_outline(cairo_surface_t *surf, const flow_result *r,
                        const impose_plan *p) {
  int ids[OUTLINE_LEVELS + 1] = {0}; /* latest entry per level; 0: root */
  for (size_t i = 0; i < r->n_outline; i++) {
    const flow_outline *o = &r->outline[i];
    if (!o->title || o->page < 0 || (size_t)o->page >= r->n_pages)
      continue;
    int level = o->level < 1                ? 1
                : o->level > OUTLINE_LEVELS ? OUTLINE_LEVELS
                                            : o->level;
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    for (int l = level - 1; l >= 1; l--)
      if (ids[l]) {
        parent = ids[l];
        break;
      }
    char y[64], attrs[128];
    double dy = 0;
    if ((size_t)o->page < p->n_sheets && p->sheets[o->page].n_slots)
      dy = p->sheets[o->page].slots[0].y;
    render_fmt_num(y, sizeof y, (o->y > 0 ? o->y : 0) + dy);
    snprintf(attrs, sizeof attrs, "page=%d pos=[0 %s]", o->page + 1, y);
    ids[level] = cairo_pdf_surface_add_outline(
        surf, parent, o->title, attrs,
        level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    for (int l = level + 1; l <= OUTLINE_LEVELS; l++)
      ids[l] = 0;
  }
}

/* Page label: the folio, or for unnumbered pages the section's name. */
static void page_label(cairo_surface_t *surf, const flow_result *r,
                       const document *d, size_t p, int any_folio) {
  if (!any_folio)
    return;
  const flow_page *pg = &r->pages[p];
  char buf[32];
  if (pg->folio > 0) {
    snprintf(buf, sizeof buf, "%d", pg->folio);
    cairo_pdf_surface_set_page_label(surf, buf);
    return;
  }
  const char *name = NULL;
  if (d && pg->section >= 0 && (size_t)pg->section < d->n_sections) {
    const doc_section *sec = &d->sections[pg->section];
    name = sec->title && *sec->title ? sec->title : sec->kind;
  }
  if (!name || !*name) {
    snprintf(buf, sizeof buf, "%zu", p + 1);
    name = buf;
  }
  cairo_pdf_surface_set_page_label(surf, name);
}

/* The label of sheet side i: pages as the flow numbered them, a saddle
 * booklet's sides as sheet number and side (1a, 1b, 2a ...), other
 * imposed sheets none (the viewer's own numbers). */
static void sheet_label(cairo_surface_t *surf, const rstate *s,
                        const impose_plan *p, size_t i, int any_folio) {
  if (s->opt->print.mode == IMPOSE_NONE) {
    page_label(surf, s->r, s->d, i, any_folio);
  } else if (s->opt->print.mode == IMPOSE_SADDLE) {
    char label[48];
    snprintf(label, sizeof label, "%zu%s", i / 2 + 1,
             p->sheets[i].back ? "b" : "a");
    cairo_pdf_surface_set_page_label(surf, label);
  }
}

/* ---- drawing and writing ------------------------------------------------ */

static cairo_status_t mem_write(void *closure, const unsigned char *data,
                                unsigned int length) {
  sb_addn(closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The sheets as Cairo writes them, into raw.  Imposed sheets place one
 * recording per page, without links (they would point into the wrong
 * sheet). */
static cairo_status_t draw_pdf(rstate *s, const impose_plan *p, strbuf *raw) {
  const flow_result *r = s->r;
  int imposed = s->opt->print.mode != IMPOSE_NONE;
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(
      mem_write, raw, p->sheet_w, p->sheet_h);
  set_metadata(surf, s->d);
  cairo_surface_t **recs = NULL;
  if (imposed) {
    /* each page drawn once; a sheet places the recordings */
    s->no_tags = 1;
    recs = render_record_pages(s);
  }
  cairo_t *cr = cairo_create(surf);
  int any_folio = 0;
  for (size_t i = 0; i < r->n_pages; i++)
    any_folio |= r->pages[i].folio > 0;
  for (size_t i = 0; i < p->n_sheets; i++) {
    sheet_label(surf, s, p, i, any_folio);
    render_draw_sheet(cr, s, p, i, recs);
    cairo_show_page(cr);
  }
  if (!imposed)
    add_outline(surf, r, p);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  util_lsan_pause(1); /* cairo 1.16 leaks in its CFF subsetter here */
  cairo_surface_finish(surf);
  util_lsan_pause(0);
  if (!st)
    st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  render_recordings_free(s, recs);
  s->no_tags = 0;
  return st;
}

/* raw with its boxes into boxed; raw itself, with a warning, when
 * neither way can add them.  Up to COMPACT_MAX_SHEETS, qpdf writes the
 * file again with its objects packed into compressed object streams (a
 * 12-page booklet: 188 KB -> 161 KB, about 10 ms).  Longer documents are
 * patched in place: qpdf would hold every object in memory. */
static const strbuf *add_boxes(rstate *s, const impose_plan *p,
                               const strbuf *raw, strbuf *boxed) {
  char *why = NULL;
  int compact = p->n_sheets <=
                util_env_limit("BOOKLET_COMPACT_PAGES", COMPACT_MAX_SHEETS);
  int ok =
      (compact ? render_boxes_qpdf(raw, p, RENDER_OBJSTM_GENERATE, boxed, &why)
               : render_boxes_direct(raw, p, boxed, &why)) == 0;
  if (!ok) {
    /* the other way */
    boxed->len = 0;
    free(why);
    why = NULL;
    ok = (compact ? render_boxes_direct(raw, p, boxed, &why)
                  : render_boxes_qpdf(raw, p, RENDER_OBJSTM_PRESERVE, boxed,
                                      &why)) == 0;
  }
  if (!ok) {
    char *msg = xasprintf("cannot add TrimBox/BleedBox (%s); written "
                          "without them",
                          why);
    diag_report_level(DIAG_WARNING, DIAG_RENDER, s->diag_file, 0, 0, msg);
    free(msg);
  }
  free(why);
  return ok ? boxed : raw;
}

static cairo_status_t put_bytes(render_sink *k, void *arg) {
  const strbuf *b = arg;
  return render_sink_write(k, (const unsigned char *)b->s, (unsigned)b->len);
}

int render_write_pdf(rstate *s, const impose_plan *p, const char *path) {
  strbuf raw = {0}, boxed = {0};
  cairo_status_t st = draw_pdf(s, p, &raw);
  int rc = -1;
  if (st != CAIRO_STATUS_SUCCESS) {
    diag_report(DIAG_RENDER, s->diag_file, 0, 0, cairo_status_to_string(st));
  } else {
    const strbuf *final = add_boxes(s, p, &raw, &boxed);
    rc = render_out_file(path, s->diag_file, put_bytes, (void *) final);
  }
  sb_free(&raw);
  sb_free(&boxed);
  return rc;
}
