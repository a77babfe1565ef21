/* pipeline.h — the stages in order for one input, the only place that
 * sequences them:
 *
 *   source → front matter + body → model → (preflight for --check)
 *   → layout localized to the page's language → document → images
 *   → flow (once; the contents page's numbers filled in at its end)
 *   → render (and imposition) to the output file.
 *
 * Used by main.c (one call per input, in a child process), the pipeline
 * fuzz target and the tests.  Nothing here parses the command line, forks
 * or prints a summary: that is main.c's.  Diagnostics are reported by the
 * stages as they go (diag.h); the caller decides where they end up. */
#ifndef BOOKLET_PIPELINE_H
#define BOOKLET_PIPELINE_H

#include <stddef.h>

#include "imgpath.h"
#include "layout.h"
#include "render.h"
#include "source.h"

/* Where a run stops to print a stage's result instead of writing. */
typedef enum pipeline_dump {
  PIPELINE_DUMP_NONE,     /* run to the end (write, or --check) */
  PIPELINE_DUMP_MODEL,    /* the event model as JSON (--dump-model) */
  PIPELINE_DUMP_DOCUMENT, /* the document's sections and blocks */
  PIPELINE_DUMP_FLOW,     /* the pages and their frames */
  PIPELINE_DUMP_LAYOUT    /* the layout as localized for the page */
} pipeline_dump;

/* The stages timed, in order.  render_write draws and writes in one call
 * (the PDF is streamed as pages are drawn), so they are one stage. */
typedef enum pipeline_stage {
  PIPELINE_PARSE,   /* source, front matter, body */
  PIPELINE_EXTRACT, /* the event model */
  PIPELINE_IMAGES,  /* layout localized, document, image paths and fetches */
  PIPELINE_LAYOUT,  /* flow */
  PIPELINE_RENDER,  /* render and write */
  PIPELINE_N_STAGES
} pipeline_stage;

typedef struct pipeline_opts {
  const layout *layout;   /* the layout loaded for the run; each page is
                             set with it localized to its language */
  pipeline_dump dump;     /* stop and print a stage's result */
  int check;              /* --check: preflight findings, lay out, write
                             nothing */
  imgpath_options images; /* --static, --offline, --allow-private-hosts */
  render_options render;  /* format, dpi, subsetting, threads, print
                             production; src_name is set per input, and a
                             negative print.bleed means the layout's bleed
                             with --marks, else none */
} pipeline_opts;

/* What one run found and cost.  Plain numbers but report and dump. */
typedef struct pipeline_result {
  int pages;                           /* pages laid out, 0 if none */
  double ms[PIPELINE_N_STAGES];        /* wall time per stage, ms; 0 for
                                          stages not run */
  long rss_kb[PIPELINE_N_STAGES];      /* peak resident set size at the
                                          stage's end, KB */
  size_t talks, speakers, agenda;      /* the model's counts (--check) */
  int findings;                        /* --check: lines in report */
  char *report;                        /* --check: the preflight findings,
                                          `file[:line]: warning: ...` a
                                          line each; NULL when none */
  char *dump;                          /* the text asked for by opts->dump,
                                          else NULL */
} pipeline_result;

/* Run every stage for the file at path, writing out (a file name, or "-"
 * for standard output; unused with --check and the dumps).  res is
 * cleared first and filled as far as the run got.  Returns 0 when written
 * (or checked, or dumped), -1 when the input failed (errors reported, no
 * output left behind).  Free res's texts with pipeline_result_free. */
int pipeline_run(const pipeline_opts *o, const char *path, const char *out,
                 pipeline_result *res);
/* The same for a source already loaded (source_from_memory, with dir set
 * for its relative image paths); takes src and frees it. */
int pipeline_run_source(const pipeline_opts *o, source *src, const char *out,
                        pipeline_result *res);
/* Frees res's report and dump (not res itself). */
void pipeline_result_free(pipeline_result *res);

/* The name of stage st in timings ("parse", ..., "render+write"). */
const char *pipeline_stage_name(pipeline_stage st);

#endif
