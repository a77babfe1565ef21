/* pipeline.c — one input through every stage, in order: source → front
 * matter + body → model → layout localized to the page's language →
 * document → images → flow → render.  Each step is a small function that
 * takes the previous step's result and frees what it no longer needs, so
 * the sequence reads top to bottom in pipeline_run_source.
 *
 * The contents page needs the pages of the sections it lists: flow lays
 * the document out once and fills them in at its end (flow_trail).
 *
 * --check's preflight is here too, because it reads the model: findings
 * such as talks without a speaker or speakers without a bio, returned as
 * text for main.c to print.  Nothing here parses options, forks or prints:
 * dumps and findings are returned as text. */
#include "pipeline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "body.h"
#include "diag.h"
#include "document.h"
#include "flow.h"
#include "front.h"
#include "model.h"
#include "text.h"
#include "util.h"

static const char *const stage_names[PIPELINE_N_STAGES] = {
    "parse", "extract", "images", "layout", "render+write"};

const char *pipeline_stage_name(pipeline_stage st) {
  return st < PIPELINE_N_STAGES ? stage_names[st] : "?";
}

void pipeline_result_free(pipeline_result *res) {
  free(res->report);
  free(res->dump);
  res->report = res->dump = NULL;
}

/* ---- timing ------------------------------------------------------------- */

/* A run's clock: when the current stage began. */
typedef struct stage_clock {
  pipeline_result *res; /* where stage times go */
  double t;             /* start of the current stage, ms (monotonic) */
} stage_clock;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Peak resident set size of this process so far, KB. */
static long peak_rss_kb(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* Ends stage st: its time since the last end, and the memory peak. */
static void stage_end(stage_clock *c, pipeline_stage st) {
  double t1 = now_ms();
  c->res->ms[st] = t1 - c->t;
  c->res->rss_kb[st] = peak_rss_kb();
  c->t = t1;
}

/* ---- preflight (--check) ------------------------------------------------ */

/* One finding of the preflight report: `file[:line]: warning: text`. */
static void finding(strbuf *b, int *count, const char *file, int line,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void finding(strbuf *b, int *count, const char *file, int line,
                    const char *fmt, ...) {
  sb_add(b, file);
  if (line > 0)
    sb_addf(b, ":%d", line);
  sb_add(b, ": warning: ");
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(b, fmt, ap);
  va_end(ap);
  sb_addc(b, '\n');
  (*count)++;
}

/* 1 when speaker i gives one of m's talks. */
static int gives_a_talk(const model *m, size_t i) {
  for (size_t t = 0; t < m->n_talks; t++)
    for (size_t k = 0; k < m->talks[t].n_speakers; k++)
      if (m->talks[t].speakers[k] == i)
        return 1;
  return 0;
}

/* What the model says is missing from the page.  Findings are appended
 * to b; returns their number. */
static int check_model(const model *m, const char *file, strbuf *b) {
  int n = 0;
  for (size_t i = 0; i < m->n_talks; i++) {
    const model_talk *t = &m->talks[i];
    if (t->kind != MODEL_BREAK && t->n_speakers == 0)
      finding(b, &n, file, t->line, "talk '%s' has no speaker", t->title);
  }
  for (size_t i = 0; i < m->n_speakers; i++) {
    const model_speaker *s = &m->speakers[i];
    if (!s->bio || !s->photo)
      finding(b, &n, file, s->line, "speaker '%s' has no %s", s->name,
              !s->bio && !s->photo ? "bio and no photo"
              : !s->bio            ? "bio"
                                   : "photo");
  }
  for (size_t i = 0; i < m->n_speakers; i++)
    if (!gives_a_talk(m, i))
      finding(b, &n, file, m->speakers[i].line, "speaker '%s' gives no talk",
              m->speakers[i].name);
  for (size_t i = 0; i < m->n_findings; i++)
    finding(b, &n, file, m->findings[i].line, "%s", m->findings[i].text);
  if (m->n_talks > 0 && m->n_agenda == 0)
    finding(b, &n, file, 0,
            "no agenda recognised (%zu talks but no agenda rows); the "
            "booklet prints none",
            m->n_talks);
  return n;
}

/* The model's counts and, with --check, its findings into res. */
static void preflight(const model *m, const char *in, pipeline_result *res) {
  strbuf report = {0};
  res->talks = m->n_talks;
  res->speakers = m->n_speakers;
  res->agenda = m->n_agenda;
  res->findings = check_model(m, in, &report);
  res->report = report.s ? sb_take(&report) : NULL;
}

/* ---- the steps ---------------------------------------------------------- */

/* Front matter, body and model from src, which is freed.  NULL when the
 * front matter cannot be read (reported). */
static model *read_model(source *src, stage_clock *clock) {
  front_node *fm = front_parse(src);
  if (!fm) {
    source_free(src);
    return NULL;
  }
  md_node *body = body_parse(src);
  stage_end(clock, PIPELINE_PARSE);
  model *m = model_extract(src, fm, body);
  source_free(src);
  stage_end(clock, PIPELINE_EXTRACT);
  return m;
}

/* Draws r and writes it to out.  0 when written. */
static int write_output(const pipeline_opts *o, const flow_result *r,
                        const document *d, text_ctx *tx,
                        const layout *lay, const char *in, const char *out) {
  render_options ro = o->render;
  ro.src_name = in;
  if (ro.print.bleed < 0) /* --marks alone: the layout's bleed */
    ro.print.bleed = ro.print.marks ? lay->bleed : 0;
  return render_write(r, d, tx, &ro, out);
}

/* The steps after the document is built: images, flow, then the flow
 * dump or the output (nothing with --check).  Frees d. */
static int from_document(const pipeline_opts *o, document *d,
                         const layout *lay, const char *in, const char *out,
                         stage_clock *clock) {
  pipeline_result *res = clock->res;
  /* images: resolve paths, fetch remote ones, check each is an image */
  imgpath_prepare(d, &o->images);
  stage_end(clock, PIPELINE_IMAGES);
  text_ctx *tx = text_new(lay);
  if (!tx) {
    document_free(d);
    return -1;
  }
  text_set_source(tx, in);
  flow_result *r = flow_run(d, lay, tx);
  res->pages = (int)r->n_pages;
  stage_end(clock, PIPELINE_LAYOUT);
  int rc = 0;
  if (o->dump == PIPELINE_DUMP_FLOW) {
    res->dump = flow_dump(r);
  } else if (!o->check) {
    rc = write_output(o, r, d, tx, lay, in, out);
    stage_end(clock, PIPELINE_RENDER);
  }
  flow_free(r);
  text_free(tx);
  document_free(d);
  return rc;
}

/* The steps after the model: the layout for the page's language, the
 * document, then the rest.  Frees m. */
static int from_model(const pipeline_opts *o, model *m, const char *in,
                      const char *out, stage_clock *clock) {
  /* the page is set by the rules and words of its language */
  layout *lay = layout_localize(o->layout, m->event.lang);
  if (!lay) {
    model_free(m);
    return -1;
  }
  if (o->dump == PIPELINE_DUMP_LAYOUT) {
    clock->res->dump = layout_dump(lay);
    layout_free(lay);
    model_free(m);
    return 0;
  }
  document *d = document_build(m, lay);
  model_free(m);
  int rc = 0;
  if (o->dump == PIPELINE_DUMP_DOCUMENT) {
    clock->res->dump = document_dump(d);
    document_free(d);
  } else {
    rc = from_document(o, d, lay, in, out, clock);
  }
  layout_free(lay);
  return rc;
}

/* ---- the run ------------------------------------------------------------ */

/* Every step from src (freed), the clock started at t0 (before the file
 * was read, so that reading counts as parsing). */
static int run(const pipeline_opts *o, source *src, const char *out,
               pipeline_result *res, double t0) {
  stage_clock clock = {res, t0};
  char *in = xstrdup(src->path); /* the name diagnostics give */
  model *m = read_model(src, &clock);
  int rc = -1;
  if (!m) {
    /* failed: reported */
  } else if (o->dump == PIPELINE_DUMP_MODEL) {
    res->dump = model_to_json(m);
    model_free(m);
    rc = 0;
  } else {
    if (o->check)
      preflight(m, in, res);
    rc = from_model(o, m, in, out, &clock);
  }
  free(in);
  return rc;
}

int pipeline_run_source(const pipeline_opts *o, source *src, const char *out,
                        pipeline_result *res) {
  memset(res, 0, sizeof *res);
  return run(o, src, out, res, now_ms());
}

int pipeline_run(const pipeline_opts *o, const char *path, const char *out,
                 pipeline_result *res) {
  memset(res, 0, sizeof *res);
  double t0 = now_ms();
  source *src = source_load(path);
  return src ? run(o, src, out, res, t0) : -1;
}
