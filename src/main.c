/* main.c — the command line: parse options, run the pipeline
 * (pipeline.h: source → front matter + body → model → document → flow →
 * render) for each input and set the exit status: 0 all written, 1 any
 * input failed, 2 usage.
 *
 * Every input is rendered in a child process of a small fork() pool
 * (-j N at a time, default the number of cores).  A child isolates the
 * input's crashes and its Pango/fontconfig state; it sends back one
 * job_result (status, diagnostic counts, pages, stage timings) through a
 * pipe.  For a batch the parent also collects each child's stdout (dumps,
 * --check reports, printed in input order) and relays its stderr line by
 * line, so messages never tear the progress line shown on a terminal.
 * A single input's child inherits stdout and stderr (`-o -` streams).
 *
 * --check runs everything but writing and prints a preflight report on
 * stdout: the input's diagnostics plus the pipeline's findings read from
 * the model (talks without a speaker, speakers without bio or photo, no
 * agenda), then a summary line.
 *
 * Nothing here reads the page, lays out or draws: that is the pipeline's. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "diag.h"
#include "layout.h"
#include "pipeline.h"
#include "util.h"

typedef struct options {
  const char *output;     /* -o */
  const char *out_dir;    /* -O */
  const char *layout;     /* -l */
  char **sets;            /* --set values */
  size_t n_sets;          /* count */
  int verbose;            /* -v */
  int quiet;              /* -q */
  int jobs;               /* -j: children at a time, 0 = number of cores */
  pipeline_opts run;      /* what each input's pipeline does: --dump-*,
                             --check, --static, --offline,
                             --allow-private-hosts, and render's options
                             (--dpi, --no-subset, --impose --paper --creep
                             --bleed --marks --contact-sheet; threads: the
                             -j budget shared out among the children) */
} options;

/* What a child reports about its input (sent whole through a pipe). */
typedef struct job_result {
  int status;                   /* 0 written (or checked/dumped), 1 failed */
  int errors;                   /* diagnostics of level error */
  int warnings;                 /* diagnostics of level warning (and check
                                   findings) */
  int pages;                    /* pages laid out, 0 if none */
  double ms[PIPELINE_N_STAGES]; /* wall time per stage, ms */
  long rss[PIPELINE_N_STAGES];  /* peak resident set size at the stage's
                                   end, KB */
} job_result;

static void usage(FILE *out) {
  fputs(
      "usage: booklet [options] EVENT.md [EVENT.md ...]\n"
      "Turn an event page (Markdown with YAML front matter) into a PDF "
      "program booklet.\n\n"
      "  -o, --output FILE  output file: .pdf (default), .png (FILE-N.png per "
      "page), .svg; - for stdout\n"
      "  -O, --output-dir DIR  one output per input: DIR/NAME.pdf\n"
      "  -j, --jobs N       use N cores: N inputs at a time (default: all "
      "cores)\n"
      "  -l, --layout L     layout name or file (default a5-booklet)\n"
      "      --set K=V      override one layout value, e.g. "
      "styles.body.size=11pt\n"
      "      --dpi N        resolution of PNG output (default 150)\n"
      "      --static DIR   where site-root image paths (/images/x.jpg) "
      "resolve\n"
      "      --offline      never fetch remote images (cached ones are "
      "used)\n"
      "      --allow-private-hosts  fetch images from loopback and private "
      "addresses too\n"
      "      --check        parse, extract and lay out; report problems on "
      "stdout; write nothing\n"
      "      --dump-model   print the extracted event model as JSON\n"
      "      --dump-document print the document's sections and blocks\n"
      "      --dump-flow    print the pages and frames\n"
      "      --dump-layout  print the loaded layout (with inputs: as set "
      "for each page's language)\n"
      "      --no-subset    embed whole fonts (for measurement)\n"
      "      --impose M     print sheets: saddle (folded booklet), 2up (two "
      "copies per sheet), nup:N\n"
      "      --paper P      sheet for --impose: A4, A3, SRA3, Letter, ... or "
      "WxHmm\n"
      "      --creep MM     saddle: move inner sheets' pages towards the "
      "spine (total, mm)\n"
      "      --bleed MM     extend edge-touching backgrounds and images past "
      "the trim\n"
      "      --marks        crop marks (and registration/fold marks) on a "
      "larger sheet\n"
      "      --contact-sheet FILE  also write all pages as thumbnails to a "
      "PNG\n"
      "  -q, --quiet        errors only; no progress, no summary\n"
      "  -v, --verbose      notes too, and per-stage timings\n"
      "      --version      print the version\n"
      "  -h, --help         this help\n",
      out);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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

/* ---- one input ---------------------------------------------------------- */

/* --check's report of one input on stdout: its diagnostics, the
 * pipeline's findings and a summary line. */
static void print_check(const char *in, const job_result *res,
                        const pipeline_result *pr) {
  fputs(diag_captured(), stdout);
  diag_capture(0);
  if (pr->report)
    fputs(pr->report, stdout);
  printf("%s: %s: %d page%s, %zu talk%s, %zu speaker%s, %zu agenda "
         "row%s; %d error%s, %d warning%s\n",
         in, res->status ? "failed" : "checked", res->pages,
         res->pages == 1 ? "" : "s", pr->talks, pr->talks == 1 ? "" : "s",
         pr->speakers, pr->speakers == 1 ? "" : "s", pr->agenda,
         pr->agenda == 1 ? "" : "s", res->errors, res->errors == 1 ? "" : "s",
         res->warnings, res->warnings == 1 ? "" : "s");
}

/* Sends res to the parent and ends the child. */
static void child_exit(const job_result *res, int fd_res) {
  fflush(stdout);
  fflush(stderr);
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  /* _exit skips LeakSanitizer's check at exit: run it here (make
   * test-asan); a leak ends the child before it reports a result. */
  extern void __lsan_do_leak_check(void);
  __lsan_do_leak_check();
#endif
#endif
  ssize_t w;
  do
    w = write(fd_res, res, sizeof *res);
  while (w < 0 && errno == EINTR);
  _exit(res->status);
}

/* The child's side of a job: run the pipeline, print any dump and the
 * check report, send the result, exit.  Never returns. */
static void child_main(const options *o, const layout *lay, const char *in,
                       const char *out, int fd_res) {
  job_result res = {0};
  diag_reset_counts();
  if (o->run.check)
    diag_capture(1); /* the input's diagnostics belong to the report */
  pipeline_opts po = o->run;
  po.layout = lay;
  po.render.format = render_format_for(out);
  pipeline_result pr;
  int rc = pipeline_run(&po, in, out, &pr);
  if (pr.dump)
    fputs(pr.dump, stdout);
  res.pages = pr.pages;
  memcpy(res.ms, pr.ms, sizeof res.ms);
  memcpy(res.rss, pr.rss_kb, sizeof res.rss);
  res.errors = diag_count(DIAG_ERROR);
  res.warnings = diag_count(DIAG_WARNING) + pr.findings;
  /* failed: no output; with --check, also any error */
  res.status = rc != 0 || (o->run.check && res.errors > 0) ? 1 : 0;
  if (o->run.check)
    print_check(in, &res, &pr);
  pipeline_result_free(&pr);
  child_exit(&res, fd_res);
}

/* ---- the pool ----------------------------------------------------------- */

typedef struct job {
  const char *in;     /* input path */
  char *out;          /* output path */
  pid_t pid;          /* child, 0 before start */
  int fd[3];          /* result, stdout, stderr pipes (read ends), -1 closed */
  job_result res;     /* the child's result */
  size_t res_got;     /* bytes of res received */
  strbuf out_text;    /* the child's stdout (batch) */
  strbuf err_line;    /* a partial stderr line not yet relayed */
  int done;           /* 1 once reaped */
  double t0;          /* start, ms */
} job;

typedef struct pool {
  const options *o;   /* the options */
  pid_t parent;       /* the parent's pid */
  job *jobs;          /* one per input */
  size_t n;           /* count */
  size_t *order;      /* jobs in the order they start: largest input
                         first, so a long one never runs alone at the end */
  size_t next;        /* first entry of order not started */
  size_t n_done;      /* reaped */
  size_t printed;     /* jobs whose stdout has been printed, in order */
  int running;        /* children alive */
  int batch;          /* 1 when several inputs: pipe stdout and stderr */
  int progress;       /* 1 to draw the progress line */
  int progress_shown; /* 1 while a progress line is on the terminal */
  const char *current;/* input named in the progress line */
  double t0;          /* start of the run, ms */
  double drawn;       /* when the progress line was last drawn, ms */
} pool;

static void progress_clear(pool *p) {
  if (p->progress_shown) {
    fputs("\r\033[K", stderr);
    p->progress_shown = 0;
  }
}

static void progress_draw(pool *p) {
  if (!p->progress)
    return;
  int cols = 80;
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
    cols = ws.ws_col;
  double el = (now_ms() - p->t0) / 1e3;
  char head[64];
  int n = snprintf(head, sizeof head, "[%zu/%zu] %d:%04.1f ", p->n_done,
                   p->n, (int)(el / 60), el - 60 * (int)(el / 60));
  const char *name = p->current ? p->current : "";
  int room = cols - 1 - n;
  int len = (int)strlen(name);
  if (room < 4)
    room = 0, len = 0;
  fprintf(stderr, "\r%s%s%.*s\033[K", head, len > room ? "…" : "",
          len > room ? room - 1 : len,
          len > room ? name + len - (room - 1) : name);
  p->progress_shown = 1;
  p->drawn = now_ms();
}

/* Relay complete lines of a child's stderr (all of it at eof). */
static void relay_err(pool *p, job *j, const char *buf, size_t n, int eof) {
  sb_addn(&j->err_line, buf, n);
  if (!j->err_line.len)
    return;
  char *last = eof ? j->err_line.s + j->err_line.len - 1
                   : memrchr(j->err_line.s, '\n', j->err_line.len);
  if (!last)
    return;
  size_t k = (size_t)(last - j->err_line.s) + 1;
  progress_clear(p);
  fwrite(j->err_line.s, 1, k, stderr);
  if (eof && j->err_line.s[k - 1] != '\n')
    fputc('\n', stderr);
  memmove(j->err_line.s, j->err_line.s + k, j->err_line.len - k + 1);
  j->err_line.len -= k;
}

static void close_fd(job *j, int k) {
  if (j->fd[k] >= 0)
    close(j->fd[k]);
  j->fd[k] = -1;
}

/* Start job j: fork a child with its pipes.  Returns 0, or -1 if the
 * child could not be started (the job is then failed and done). */
static int job_start(pool *p, const layout *lay, job *j) {
  int pipes[3][2];
  int n_pipes = p->batch ? 3 : 1;
  for (int k = 0; k < 3; k++)
    pipes[k][0] = pipes[k][1] = -1;
  for (int k = 0; k < n_pipes; k++)
    if (pipe(pipes[k]) != 0)
      goto fail;
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0)
    goto fail;
  if (pid == 0) {
    /* the child: drop the other jobs' pipes, wire its own */
    for (size_t i = 0; i < p->n; i++)
      for (int k = 0; k < 3; k++)
        if (p->jobs[i].fd[k] >= 0)
          close(p->jobs[i].fd[k]);
    for (int k = 0; k < n_pipes; k++)
      close(pipes[k][0]);
#ifdef __linux__
    /* booklet killed: its children stop too (and remove their temporaries) */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != p->parent)
      _exit(1);
#endif
    if (p->batch) {
      dup2(pipes[1][1], STDOUT_FILENO);
      dup2(pipes[2][1], STDERR_FILENO);
      close(pipes[1][1]);
      close(pipes[2][1]);
    }
    child_main(p->o, lay, j->in, j->out, pipes[0][1]);
  }
  for (int k = 0; k < n_pipes; k++) {
    close(pipes[k][1]);
    j->fd[k] = pipes[k][0];
  }
  j->pid = pid;
  j->t0 = now_ms();
  p->running++;
  p->current = j->in;
  return 0;
fail:;
  int err = errno;
  for (int k = 0; k < 3; k++)
    for (int e = 0; e < 2; e++)
      if (pipes[k][e] >= 0)
        close(pipes[k][e]);
  char *msg = xasprintf("%s: cannot start a job: %s", j->in, strerror(err));
  diag_report(DIAG_USAGE, NULL, 0, 0, msg);
  free(msg);
  j->res.status = 1;
  j->res.errors = 1;
  j->done = 1;
  p->n_done++;
  return -1;
}

/* Print the children's stdout in input order, as far as jobs are done. */
static void flush_outputs(pool *p) {
  while (p->printed < p->n && p->jobs[p->printed].done) {
    job *q = &p->jobs[p->printed++];
    if (q->out_text.len) {
      progress_clear(p);
      fwrite(q->out_text.s, 1, q->out_text.len, stdout);
      fflush(stdout);
    }
    sb_free(&q->out_text);
  }
}

/* Reap job j once all its pipes are closed. */
static void job_finish(pool *p, job *j) {
  int st = 0;
  while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
    ;
  double total = now_ms() - j->t0;
  p->running--;
  p->n_done++;
  j->done = 1;
  const char *why = NULL;
  char buf[128];
  if (WIFSIGNALED(st)) {
    snprintf(buf, sizeof buf, "crashed (%s); the other inputs go on",
             strsignal(WTERMSIG(st)));
    why = buf;
  } else if (j->res_got != sizeof j->res) {
    snprintf(buf, sizeof buf, "stopped without a result (exit status %d)",
             WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    why = buf;
  }
  if (why) {
    memset(&j->res, 0, sizeof j->res);
    j->res.status = 1;
    j->res.errors = 1;
    progress_clear(p);
    diag_report(DIAG_USAGE, j->in, 0, 0, why);
    if (p->o->run.check) /* the report names it too */
      sb_addf(&j->out_text, "%s: error: %s\n%s: failed: no report\n", j->in,
              why, j->in);
  }
  if (p->o->verbose && !p->o->quiet && !why) {
    progress_clear(p);
    strbuf b = {0};
    sb_addf(&b, "%s: note: timings:", j->in);
    for (int s = 0; s < PIPELINE_N_STAGES; s++)
      sb_addf(&b, " %s %.1f ms,", pipeline_stage_name(s), j->res.ms[s]);
    sb_addf(&b, " total %.1f ms; %d page%s; peak memory", total,
            j->res.pages, j->res.pages == 1 ? "" : "s");
    for (int s = 0; s < PIPELINE_N_STAGES; s++)
      if (j->res.rss[s])
        sb_addf(&b, " %s %.1f MB", pipeline_stage_name(s),
                j->res.rss[s] / 1024.0);
    sb_addc(&b, '\n');
    fputs(b.s, stderr);
    sb_free(&b);
  }
  flush_outputs(p);
}

/* Wait for output of the running children and handle it. */
static void pool_poll(pool *p) {
  struct pollfd pfd[3 * 64 + 3];
  job *owner[3 * 64 + 3];
  int kind[3 * 64 + 3];
  nfds_t n = 0;
  for (size_t i = 0; i < p->next && n + 3 <= sizeof pfd / sizeof *pfd; i++) {
    job *j = &p->jobs[p->order[i]];
    if (j->done || !j->pid)
      continue;
    for (int k = 0; k < 3; k++)
      if (j->fd[k] >= 0) {
        pfd[n] = (struct pollfd){.fd = j->fd[k], .events = POLLIN};
        owner[n] = j;
        kind[n++] = k;
      }
  }
  int timeout = p->progress ? 100 : -1;
  int r = poll(pfd, n, timeout);
  if (r < 0 && errno != EINTR)
    r = 0;
  for (nfds_t i = 0; r > 0 && i < n; i++) {
    if (!pfd[i].revents)
      continue;
    job *j = owner[i];
    int k = kind[i];
    char buf[65536];
    ssize_t got;
    if (k == 0 && j->res_got < sizeof j->res) {
      got = read(j->fd[0], (char *)&j->res + j->res_got,
                 sizeof j->res - j->res_got);
      if (got > 0)
        j->res_got += (size_t)got;
    } else {
      got = read(j->fd[k], buf, sizeof buf);
      if (got > 0 && k == 1)
        sb_addn(&j->out_text, buf, (size_t)got);
      else if (got > 0 && k == 2)
        relay_err(p, j, buf, (size_t)got, 0);
    }
    if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) {
      if (k == 2)
        relay_err(p, j, "", 0, 1);
      close_fd(j, k);
    }
    if (j->fd[0] < 0 && j->fd[1] < 0 && j->fd[2] < 0)
      job_finish(p, j);
  }
  if (p->progress && (!p->progress_shown || now_ms() - p->drawn >= 100))
    progress_draw(p);
}

/* Input sizes for the start order (largest first; ties in input order). */
static off_t *sort_sizes;
static int by_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (sort_sizes[x] != sort_sizes[y])
    return sort_sizes[x] < sort_sizes[y] ? 1 : -1;
  return (x > y) - (x < y);
}

/* Run every job, jobs at a time. */
static void pool_run(pool *p, const layout *lay, int jobs) {
  p->order = xcalloc(p->n, sizeof *p->order);
  sort_sizes = xcalloc(p->n, sizeof *sort_sizes);
  for (size_t i = 0; i < p->n; i++) {
    struct stat st;
    p->order[i] = i;
    sort_sizes[i] = stat(p->jobs[i].in, &st) == 0 ? st.st_size : 0;
  }
  if (jobs > 1)
    qsort(p->order, p->n, sizeof *p->order, by_size);
  free(sort_sizes);
  sort_sizes = NULL;
  p->t0 = now_ms();
  while (p->n_done < p->n) {
    while (p->running < jobs && p->next < p->n) {
      job *j = &p->jobs[p->order[p->next++]];
      if (job_start(p, lay, j) != 0)
        continue;
      if (p->progress)
        progress_draw(p);
    }
    if (p->running > 0)
      pool_poll(p);
  }
  flush_outputs(p);
  progress_clear(p);
  free(p->order);
  p->order = NULL;
}

/* Cores this process may run on. */
static int n_cores(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

/* mkdir -p: dir and its missing parents.  0 when dir is a folder. */
static int make_dirs(const char *dir) {
  char *path = xstrdup(dir);
  int rc = 0;
  for (char *s = path + 1; rc == 0; s++) {
    if (*s != '/' && *s != 0)
      continue;
    char c = *s;
    *s = 0;
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
      rc = -1;
    *s = c;
    if (!c)
      break;
  }
  struct stat st;
  if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
    if (errno == 0 || stat(dir, &st) == 0)
      errno = ENOTDIR;
    rc = -1;
  }
  free(path);
  return rc;
}

/* A usage error: message, exit status 2. */
static int usage_error(const char *fmt, const char *arg) {
  char *msg = xasprintf(fmt, arg ? arg : "");
  diag_report(DIAG_USAGE, NULL, 0, 0, msg);
  free(msg);
  return 2;
}


/* ---- options ------------------------------------------------------------ */

enum {
  OPT_SET = 256, OPT_DUMP_MODEL, OPT_DUMP_DOC, OPT_DUMP_FLOW, OPT_DUMP_LAYOUT,
  OPT_CHECK, OPT_VERSION, OPT_NO_SUBSET, OPT_DPI, OPT_STATIC, OPT_OFFLINE,
  OPT_PRIVATE, OPT_IMPOSE, OPT_PAPER, OPT_CREEP, OPT_BLEED, OPT_MARKS,
  OPT_CONTACT
};

static const struct option longopts[] = {
    {"output", required_argument, 0, 'o'},
    {"output-dir", required_argument, 0, 'O'},
    {"jobs", required_argument, 0, 'j'},
    {"layout", required_argument, 0, 'l'},
    {"set", required_argument, 0, OPT_SET},
    {"dpi", required_argument, 0, OPT_DPI},
    {"static", required_argument, 0, OPT_STATIC},
    {"offline", no_argument, 0, OPT_OFFLINE},
    {"allow-private-hosts", no_argument, 0, OPT_PRIVATE},
    {"check", no_argument, 0, OPT_CHECK},
    {"dump-model", no_argument, 0, OPT_DUMP_MODEL},
    {"dump-document", no_argument, 0, OPT_DUMP_DOC},
    {"dump-flow", no_argument, 0, OPT_DUMP_FLOW},
    {"dump-layout", no_argument, 0, OPT_DUMP_LAYOUT},
    {"no-subset", no_argument, 0, OPT_NO_SUBSET},
    {"impose", required_argument, 0, OPT_IMPOSE},
    {"paper", required_argument, 0, OPT_PAPER},
    {"creep", required_argument, 0, OPT_CREEP},
    {"bleed", required_argument, 0, OPT_BLEED},
    {"marks", no_argument, 0, OPT_MARKS},
    {"contact-sheet", required_argument, 0, OPT_CONTACT},
    {"quiet", no_argument, 0, 'q'},
    {"verbose", no_argument, 0, 'v'},
    {"version", no_argument, 0, OPT_VERSION},
    {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0}};

/* -j N and --dpi N.  Returns -1 when read, else the exit status. */
static int number_option(options *o, int c, const char *arg) {
  char *end;
  if (c == 'j') {
    long n = strtol(arg, &end, 10);
    if (end == arg || *end || n < 1 || n > 256)
      return usage_error("-j expects a number of jobs from 1 to 256, "
                         "got '%s'", arg);
    o->jobs = (int)n;
    return -1;
  }
  double dpi = strtod(arg, &end);
  o->run.render.dpi = dpi;
  if (end == arg || *end || dpi < 10 || dpi > 1200)
    return usage_error("--dpi expects a number from 10 to 1200, got "
                       "'%s'", arg);
  return -1;
}

/* --impose, --paper, --creep, --bleed (impose.h).  Returns -1 when read,
 * else the exit status. */
static int print_option(options *o, int c, const char *arg) {
  impose_options *print = &o->run.render.print;
  int bad = c == OPT_IMPOSE ? impose_parse_mode(arg, print)
            : c == OPT_PAPER ? impose_parse_paper(arg, print)
            : impose_parse_mm(arg, c == OPT_CREEP ? &print->creep
                                                  : &print->bleed);
  if (!bad)
    return -1;
  return usage_error(c == OPT_IMPOSE ? "--impose expects saddle, 2up, "
                                       "nup:N or none, got '%s'"
                     : c == OPT_PAPER ? "--paper expects A4, A3, SRA3, "
                                        "Letter, ... or WxHmm, got '%s'"
                                      : "expected a length in mm "
                                        "(0 to 100), got '%s'",
                     arg);
}

/* Options that only set a flag or a value. */
static void flag_option(options *o, int c, char *arg) {
  switch (c) {
  case 'o': o->output = arg; break;
  case 'O': o->out_dir = arg; break;
  case 'l': o->layout = arg; break;
  case 'q': o->quiet = 1; break;
  case 'v': o->verbose = 1; break;
  case OPT_SET:
    o->sets = xrealloc(o->sets, (o->n_sets + 1) * sizeof *o->sets);
    o->sets[o->n_sets++] = arg;
    break;
  case OPT_CHECK: o->run.check = 1; break;
  case OPT_DUMP_MODEL: o->run.dump = PIPELINE_DUMP_MODEL; break;
  case OPT_DUMP_DOC: o->run.dump = PIPELINE_DUMP_DOCUMENT; break;
  case OPT_DUMP_FLOW: o->run.dump = PIPELINE_DUMP_FLOW; break;
  case OPT_DUMP_LAYOUT: o->run.dump = PIPELINE_DUMP_LAYOUT; break;
  case OPT_NO_SUBSET: o->run.render.subset = 0; break;
  case OPT_MARKS: o->run.render.print.marks = 1; break;
  case OPT_CONTACT: o->run.render.print.contact_sheet = arg; break;
  case OPT_OFFLINE: o->run.images.offline = 1; break;
  case OPT_PRIVATE: o->run.images.allow_private = 1; break;
  default: break;
  }
}

/* One option c (getopt_long's value) with its argument.  Returns -1 to
 * go on, else the exit status (help, version, usage error). */
static int apply_option(options *o, int c, char **argv) {
  switch (c) {
  case 'h': usage(stdout); return 0;
  case OPT_VERSION: printf("booklet %s\n", BOOKLET_VERSION); return 0;
  case 'j':
  case OPT_DPI: return number_option(o, c, optarg);
  case OPT_IMPOSE:
  case OPT_PAPER:
  case OPT_CREEP:
  case OPT_BLEED: return print_option(o, c, optarg);
  case OPT_STATIC: {
    struct stat st;
    if (stat(optarg, &st) != 0 || !S_ISDIR(st.st_mode))
      return usage_error("--static expects a folder, got '%s'", optarg);
    o->run.images.static_dir = optarg;
    return -1;
  }
  case ':':
    return usage_error("option '%s' needs a value (see --help)",
                       argv[optind - 1]);
  case '?':
    return usage_error("unknown option '%s' (see --help)", argv[optind - 1]);
  default: flag_option(o, c, optarg); return -1;
  }
}

/* Reads the options of argv into o.  Returns -1 to go on, else the exit
 * status. */
static int parse_options(int argc, char **argv, options *o) {
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":o:O:j:l:qvh", longopts, NULL)) != -1) {
    int rc = apply_option(o, c, argv);
    if (rc >= 0)
      return rc;
  }
  return -1;
}

/* Options that do not go together for n inputs: the message, or NULL. */
static const char *misuse(const options *o, int n_inputs) {
  int writes = !o->run.check && o->run.dump == PIPELINE_DUMP_NONE;
  if (n_inputs < 1 && o->run.dump != PIPELINE_DUMP_LAYOUT)
    return "no input file (see --help)";
  if (o->output && n_inputs > 1)
    return "-o names one output; use -O DIR for several inputs";
  if (o->run.render.print.contact_sheet && n_inputs > 1)
    return "--contact-sheet names one file; give one input";
  if (o->output && o->out_dir)
    return "-o and -O exclude each other: -o names the output, -O a folder";
  if (o->output && !strcmp(o->output, "-") && writes && isatty(STDOUT_FILENO))
    return "-o - would write the PDF to the terminal; redirect it (> file.pdf) "
           "or pipe it";
  return NULL;
}

/* ---- the run ------------------------------------------------------------ */

/* Usage error (2) when two inputs would be written to one file, else 0. */
static int outputs_clash(const pool *p) {
  for (size_t i = 0; i < p->n; i++)
    for (size_t k = 0; k < i; k++)
      if (!strcmp(p->jobs[i].out, p->jobs[k].out)) {
        char *msg = xasprintf("%s and %s would both be written to %s; "
                              "rename one or render them separately",
                              p->jobs[k].in, p->jobs[i].in, p->jobs[i].out);
        int rc = usage_error("%s", msg);
        free(msg);
        return rc;
      }
  return 0;
}

/* Runs every job of p and prints the batch summary.  Returns the exit
 * status: 1 when any input failed, else 0. */
static int run_jobs(options *o, pool *p, const layout *lay) {
  /* -j N is a budget of N cores (default: all): N inputs at a time, or
   * fewer inputs each with N / inputs threads for its fonts */
  int budget = o->jobs ? o->jobs : n_cores();
  int jobs = budget;
  if (jobs > (int)p->n)
    jobs = (int)p->n;
  if (jobs > 64)
    jobs = 64; /* pool_poll's table */
  o->run.render.threads = budget / (jobs > 0 ? jobs : 1);
  if (o->run.render.threads < 1)
    o->run.render.threads = 1;
  p->progress = p->batch && !o->quiet && isatty(STDERR_FILENO);
  /* a reader gone (booklet -o - x.md | head) is a write error, reported
   * by render, not a crash */
  signal(SIGPIPE, SIG_IGN);
  pool_run(p, lay, jobs);
  int n_failed = 0, n_warnings = 0;
  for (size_t i = 0; i < p->n; i++) {
    n_failed += p->jobs[i].res.status != 0;
    n_warnings += p->jobs[i].res.warnings;
  }
  if (p->batch && !o->quiet)
    fprintf(stderr, "%zu %s, %d failed, %d warning%s\n",
            p->n - (size_t)n_failed,
            o->run.check                         ? "checked"
            : o->run.dump != PIPELINE_DUMP_NONE ? "dumped"
                                                 : "written",
            n_failed, n_warnings, n_warnings == 1 ? "" : "s");
  return n_failed ? 1 : 0;
}

/* One job per input, its output named; the outputs checked and -O's
 * folder made; then the jobs.  Returns the exit status. */
static int run_inputs(options *o, const layout *lay, char **inputs,
                      int n_inputs) {
  pool p = {.o = o, .n = (size_t)n_inputs, .batch = n_inputs > 1,
            .parent = getpid()};
  p.jobs = xcalloc(p.n, sizeof *p.jobs);
  int writes = !o->run.check && o->run.dump == PIPELINE_DUMP_NONE;
  for (size_t i = 0; i < p.n; i++) {
    job *j = &p.jobs[i];
    j->in = inputs[i];
    j->out = o->output ? xstrdup(o->output) : default_output(o, j->in);
    j->fd[0] = j->fd[1] = j->fd[2] = -1;
  }
  /* two inputs named alike would race for one output file */
  int rc = writes ? outputs_clash(&p) : 0;
  if (!rc && writes && o->out_dir && make_dirs(o->out_dir) != 0) {
    diag_report(DIAG_IO_WRITE, NULL, 0, 0, o->out_dir, strerror(errno));
    rc = 1;
  }
  if (!rc)
    rc = run_jobs(o, &p, lay);
  for (size_t i = 0; i < p.n; i++) {
    free(p.jobs[i].out);
    sb_free(&p.jobs[i].out_text);
    sb_free(&p.jobs[i].err_line);
  }
  free(p.jobs);
  return rc;
}

int main(int argc, char **argv) {
  cleanup_install(); /* temporaries removed on SIGINT/SIGTERM */
  options o = {.layout = "a5-booklet",
               .run = {.render = {.subset = 1, .dpi = 150,
                                  .print = {.bleed = -1}}}};
  int rc = parse_options(argc, argv, &o);
  if (rc >= 0) {
    free(o.sets);
    return rc;
  }
  diag_set_verbosity(o.quiet ? 0 : o.verbose ? 2 : 1);
  int n_inputs = argc - optind;
  const char *bad = misuse(&o, n_inputs);
  if (bad) {
    free(o.sets);
    return usage_error("%s", bad);
  }
  layout *lay = layout_load(o.layout, o.sets, o.n_sets);
  free(o.sets);
  if (!lay)
    return 1;
  if (o.run.dump == PIPELINE_DUMP_LAYOUT && n_inputs == 0) {
    char *s = layout_dump(lay);
    fputs(s, stdout);
    free(s);
    rc = 0;
  } else {
    rc = run_inputs(&o, lay, argv + optind, n_inputs);
  }
  layout_free(lay);
  return rc;
}
