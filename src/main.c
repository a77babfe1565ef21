/* main.c — command line: parse options, run the stages for each input
 * (source → front matter + body → model → document → flow → render) and
 * set the exit status: 0 all written, 1 any input failed, 2 usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "diag.h"
#include "document.h"
#include "flow.h"
#include "front.h"
#include "layout.h"
#include "model.h"
#include "render.h"
#include "source.h"
#include "text.h"
#include "util.h"

typedef struct options {
  const char *output;     /* -o */
  const char *out_dir;    /* -O */
  const char *layout;     /* -l */
  char **sets;            /* --set values */
  size_t n_sets;          /* count */
  int dump;               /* 0 none, 1 model, 2 document, 3 flow, 4 layout */
  int check;              /* --check: everything but writing */
  int verbose;            /* -v */
  int quiet;              /* -q */
  int subset;             /* font subsetting on (default) */
  double dpi;             /* PNG resolution */
} options;

static void usage(FILE *out) {
  fputs(
      "usage: booklet [options] EVENT.md [EVENT.md ...]\n"
      "Turn an event page (Markdown with YAML front matter) into a PDF "
      "program booklet.\n\n"
      "  -o FILE            output file: .pdf (default), .png (FILE-N.png per "
      "page), .svg; - for stdout\n"
      "  -O DIR             one output per input: DIR/NAME.pdf\n"
      "  -l, --layout L     layout name or file (default a5-booklet)\n"
      "      --set K=V      override one layout value, e.g. "
      "styles.body.size=11pt\n"
      "      --dpi N        resolution of PNG output (default 150)\n"
      "      --check        parse, extract and lay out; write nothing\n"
      "      --dump-model   print the extracted event model as JSON\n"
      "      --dump-document print the document's sections and blocks\n"
      "      --dump-flow    print the pages and frames\n"
      "      --dump-layout  print the loaded layout\n"
      "      --no-subset    embed whole fonts (for measurement)\n"
      "  -q, --quiet        errors only\n"
      "  -v, --verbose      notes too\n"
      "      --version      print the version\n"
      "  -h, --help         this help\n",
      out);
}

/* Output path for an input when -o is not given: NAME.pdf in -O DIR or
 * in the current folder.  Caller frees. */
static char *default_output(const options *o, const char *in) {
  const char *base = strrchr(in, '/');
  base = base ? base + 1 : in;
  char *name = xstrdup(base);
  char *dot = strrchr(name, '.');
  if (dot && dot != name)
    *dot = 0;
  char *out = xasprintf("%s%s%s.pdf", o->out_dir ? o->out_dir : "",
                        o->out_dir ? "/" : "", name);
  free(name);
  return out;
}

/* Runs every stage for one input.  Returns 0 when written. */
static int run_one(const options *o, const layout *lay, const char *in,
                   const char *out) {
  source *src = source_load(in);
  if (!src)
    return -1;
  front_node *fm = front_parse(src);
  if (!fm) {
    source_free(src);
    return -1;
  }
  md_node *body = body_parse(src);
  model *m = model_extract(src, fm, body);
  source_free(src);
  if (o->dump == 1) {
    char *json = model_to_json(m);
    fputs(json, stdout);
    free(json);
    model_free(m);
    return 0;
  }
  document *d = document_build(m, lay);
  model_free(m);
  if (o->dump == 2) {
    char *s = document_dump(d);
    fputs(s, stdout);
    free(s);
    document_free(d);
    return 0;
  }
  text_ctx *tx = text_new(lay);
  if (!tx) {
    document_free(d);
    return -1;
  }
  /* a first pass finds the pages of the contents' entries */
  int has_contents = 0;
  for (size_t i = 0; i < d->n_sections; i++)
    has_contents |= !strcmp(d->sections[i].kind, "contents");
  diag_mute(has_contents);
  flow_result *r = flow_run(d, lay, tx);
  diag_mute(0);
  if (has_contents) {
    const char **anchors = xcalloc(r->n_outline + 1, sizeof *anchors);
    int *pages = xcalloc(r->n_outline + 1, sizeof *pages);
    size_t n = 0;
    for (size_t i = 0; i < r->n_outline; i++)
      if (r->outline[i].anchor) {
        anchors[n] = r->outline[i].anchor;
        pages[n++] = r->outline[i].page + 1;
      }
    document_set_pages(d, anchors, pages, n);
    free(anchors);
    free(pages);
    flow_free(r);
    r = flow_run(d, lay, tx);
  }
  int rc = 0;
  if (o->dump == 3) {
    char *s = flow_dump(r);
    fputs(s, stdout);
    free(s);
  } else if (!o->check) {
    render_options ro = {.format = render_format_for(out),
                         .dpi = o->dpi,
                         .subset = o->subset,
                         .src_name = in};
    rc = render_write(r, d, tx, &ro, out);
  }
  flow_free(r);
  text_free(tx);
  document_free(d);
  return rc;
}

int main(int argc, char **argv) {
  options o = {.layout = "a5-booklet", .subset = 1, .dpi = 150};
  enum { OPT_SET = 256, OPT_DUMP_MODEL, OPT_DUMP_DOC, OPT_DUMP_FLOW,
         OPT_DUMP_LAYOUT, OPT_CHECK, OPT_VERSION, OPT_NO_SUBSET, OPT_DPI };
  static const struct option longopts[] = {
      {"output", required_argument, 0, 'o'},
      {"layout", required_argument, 0, 'l'},
      {"set", required_argument, 0, OPT_SET},
      {"dpi", required_argument, 0, OPT_DPI},
      {"check", no_argument, 0, OPT_CHECK},
      {"dump-model", no_argument, 0, OPT_DUMP_MODEL},
      {"dump-document", no_argument, 0, OPT_DUMP_DOC},
      {"dump-flow", no_argument, 0, OPT_DUMP_FLOW},
      {"dump-layout", no_argument, 0, OPT_DUMP_LAYOUT},
      {"no-subset", no_argument, 0, OPT_NO_SUBSET},
      {"quiet", no_argument, 0, 'q'},
      {"verbose", no_argument, 0, 'v'},
      {"version", no_argument, 0, OPT_VERSION},
      {"help", no_argument, 0, 'h'},
      {0, 0, 0, 0}};
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "o:O:l:qvh", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': o.output = optarg; break;
    case 'O': o.out_dir = optarg; break;
    case 'l': o.layout = optarg; break;
    case 'q': o.quiet = 1; break;
    case 'v': o.verbose = 1; break;
    case 'h': usage(stdout); return 0;
    case OPT_SET:
      o.sets = xrealloc(o.sets, (o.n_sets + 1) * sizeof *o.sets);
      o.sets[o.n_sets++] = optarg;
      break;
    case OPT_DPI: {
      char *end;
      o.dpi = strtod(optarg, &end);
      if (*end || o.dpi < 10 || o.dpi > 1200) {
        diag_report(DIAG_USAGE, NULL, 0, 0, "--dpi expects a number from 10 to 1200");
        return 2;
      }
      break;
    }
    case OPT_CHECK: o.check = 1; break;
    case OPT_DUMP_MODEL: o.dump = 1; break;
    case OPT_DUMP_DOC: o.dump = 2; break;
    case OPT_DUMP_FLOW: o.dump = 3; break;
    case OPT_DUMP_LAYOUT: o.dump = 4; break;
    case OPT_NO_SUBSET: o.subset = 0; break;
    case OPT_VERSION: printf("booklet %s\n", BOOKLET_VERSION); return 0;
    default: {
      char *msg = xasprintf("unknown option '%s' (see --help)",
                            argv[optind - 1]);
      diag_report(DIAG_USAGE, NULL, 0, 0, msg);
      free(msg);
      free(o.sets);
      return 2;
    }
    }
  }
  diag_set_verbosity(o.quiet ? 0 : o.verbose ? 2 : 1);
  int n_inputs = argc - optind;
  if (n_inputs < 1 && o.dump != 4) {
    diag_report(DIAG_USAGE, NULL, 0, 0, "no input file (see --help)");
    free(o.sets);
    return 2;
  }
  if (o.output && n_inputs > 1) {
    diag_report(DIAG_USAGE, NULL, 0, 0,
                "-o names one output; use -O DIR for several inputs");
    free(o.sets);
    return 2;
  }
  layout *lay = layout_load(o.layout, o.sets, o.n_sets);
  free(o.sets);
  if (!lay)
    return 1;
  if (o.dump == 4) {
    char *s = layout_dump(lay);
    fputs(s, stdout);
    free(s);
    layout_free(lay);
    return 0;
  }
  int failed = 0;
  for (int i = optind; i < argc; i++) {
    char *out = o.output ? xstrdup(o.output) : default_output(&o, argv[i]);
    if (run_one(&o, lay, argv[i], out) != 0)
      failed++;
    free(out);
  }
  layout_free(lay);
  return failed ? 1 : 0;
}
