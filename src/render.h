/* render.h — stage 6: draw the flow result with Cairo to PDF (fonts
 * subset with HarfBuzz to the glyphs used, text drawn with its cluster map
 * so copy and search give back the source), PNG (one file per page) or
 * SVG.  PDF metadata, outline and links come from the document.  Output is
 * written to a temporary file in the target folder and renamed into place
 * only on success. */
#ifndef BOOKLET_RENDER_H
#define BOOKLET_RENDER_H

#include "document.h"
#include "flow.h"
#include "impose.h"
#include "text.h"

typedef enum render_format {
  RENDER_PDF,
  RENDER_PNG,
  RENDER_SVG
} render_format;

typedef struct render_options {
  render_format format; /* output kind */
  double dpi;           /* PNG resolution */
  int subset;           /* 1: subset fonts with HarfBuzz (default) */
  int threads;          /* most threads for subsetting fonts; 0: one per
                           face */
  const char *src_name; /* input name, for diagnostics */
  impose_options print; /* imposition, bleed, marks, paper and contact
                           sheet (impose.h); all zero: pages as they are */
} render_options;

/* Guess the format from a file name's extension (.pdf default). */
render_format render_format_for(const char *path);
/* Write the pages to path.  Returns 0 on success; on failure reports an
 * error, removes any temporary file and returns -1 (an existing file at
 * path is left untouched).
 * PDF: one file; path "-" writes it to standard output.
 * PNG and SVG: one file per page, always named FILE-N.ext (N from 1, no
 * padding: out.png gives out-1.png, out-2.png ...), also for a one-page
 * result, so scripts never need to guess; all pages are written to
 * temporaries first and renamed together at the end.  PNG pages are
 * opt->dpi pixels per inch (150 when 0), on white.
 * text is the context the lines were laid out with: its font table says
 * which file each run's glyph ids belong to.  With --marks the sheets'
 * slug lines are shaped in it too (text_layout_plain), so a context is
 * rendered by one thread at a time, like it is flowed. */
/* Print production (opt->print): PDF pages go through impose.h's plan:
 * saddle/2up/n-up sheets are drawn from one Cairo recording surface per
 * page (vector, text kept as text, fonts subset once); with bleed or
 * marks each page sits on a larger medium.  Every PDF page carries a
 * TrimBox and a BleedBox (added with libqpdf after Cairo wrote the file,
 * deterministic /ID).  PNG and SVG output show the same sheets.  Outline,
 * links and page labels are kept when pages are not imposed.  With
 * print.contact_sheet, a PNG of all pages as thumbnails is written too. */
int render_write(const flow_result *r, const document *d,
                 text_ctx *text, const render_options *opt,
                 const char *path);

#endif
