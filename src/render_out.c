/* render_out.c — the render stage's output files: each is written to a
 * temporary beside its target (mode as the old file's, or 0666 less the
 * umask), flushed and synced, and renamed into place only when all of it
 * was written, so a failed run never leaves a broken file or destroys
 * the previous good one; the temporary is registered with cleanup.h so
 * that a signal removes it too.  Standard output ("-") and devices are
 * written in place.  Also the names of per-page files (FILE-N.ext).
 * Nothing here draws: callers hand bytes or a Cairo stream to a sink. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "diag.h"
#include "render_int.h"
#include "util.h"

char *render_page_path(const char *path, size_t page) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash) || dot == path || dot[-1] == '/')
    return xasprintf("%s-%zu", path, page + 1);
  return xasprintf("%.*s-%zu%s", (int)(dot - path), path, page + 1, dot);
}

static mode_t current_umask(void) {
  /* Reading /proc avoids umask()'s set-and-restore race with other
   * threads of a batch. */
  mode_t m = 022;
  FILE *f = fopen("/proc/self/status", "r");
  if (f) {
    char line[128];
    while (fgets(line, sizeof line, f))
      if (!strncmp(line, "Umask:", 6)) {
        m = (mode_t)strtol(line + 6, NULL, 8);
        break;
      }
    fclose(f);
  }
  return m;
}

int render_sink_open(render_sink *s, const char *path) {
  memset(s, 0, sizeof *s);
  s->path = path;
  if (!strcmp(path, "-")) {
    s->fp = stdout;
    return 0;
  }
  /* A device or pipe (/dev/null, /dev/full, a FIFO) is written in place:
   * renaming a temporary over it would replace the device node. */
  struct stat dst;
  if (stat(path, &dst) == 0 && !S_ISREG(dst.st_mode)) {
    s->fp = S_ISDIR(dst.st_mode) ? (errno = EISDIR, NULL) : fopen(path, "wb");
    s->err = s->fp ? 0 : errno;
    return s->fp ? 0 : -1;
  }
  const char *slash = strrchr(path, '/');
  if (slash)
    s->tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
  else
    s->tmp = xasprintf(".%s.XXXXXX", path);
  int fd = mkstemp(s->tmp);
  if (fd < 0) {
    s->err = errno;
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  cleanup_register(s->tmp); /* removed if a signal kills us */
  struct stat st;
  mode_t mode = stat(path, &st) == 0 && S_ISREG(st.st_mode)
                    ? (st.st_mode & 07777)
                    : (0666 & ~current_umask());
  if (fchmod(fd, mode) != 0) {
    /* not fatal: the file is still written, with mkstemp's 0600 */
  }
  s->fp = fdopen(fd, "wb");
  if (!s->fp) {
    s->err = errno;
    close(fd);
    unlink(s->tmp);
    cleanup_unregister(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  return 0;
}

cairo_status_t render_sink_write(void *closure, const unsigned char *data,
                                 unsigned int length) {
  render_sink *s = closure;
  if (s->err)
    return CAIRO_STATUS_WRITE_ERROR;
  if (length && fwrite(data, 1, length, s->fp) != length) {
    s->err = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

int render_sink_close(render_sink *s) {
  if (!s->fp)
    return -1;
  if (fflush(s->fp) != 0 && !s->err)
    s->err = errno ? errno : EIO;
  if (s->tmp) {
    if (!s->err && fsync(fileno(s->fp)) != 0)
      s->err = errno;
    if (fclose(s->fp) != 0 && !s->err)
      s->err = errno ? errno : EIO;
  } else if (s->fp != stdout) { /* a device written in place */
    if (fclose(s->fp) != 0 && !s->err)
      s->err = errno ? errno : EIO;
  } else if (ferror(s->fp) && !s->err) {
    s->err = EIO;
  }
  s->fp = NULL;
  return s->err ? -1 : 0;
}

void render_sink_discard(render_sink *s) {
  if (s->fp && s->fp != stdout)
    fclose(s->fp);
  s->fp = NULL;
  if (s->tmp) {
    unlink(s->tmp);
    cleanup_unregister(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
  }
}

int render_sink_commit(render_sink *s) {
  if (!s->tmp)
    return 0;
  if (rename(s->tmp, s->path) != 0) {
    s->err = errno;
    return -1;
  }
  cleanup_unregister(s->tmp);
  free(s->tmp);
  s->tmp = NULL;
  return 0;
}

int render_out_report(const char *diag_file, const render_sink *k,
                      cairo_status_t st) {
  if (k->err)
    diag_report(DIAG_IO_WRITE, diag_file, 0, 0, k->path, strerror(k->err));
  else
    diag_report(DIAG_RENDER, diag_file, 0, 0, cairo_status_to_string(st));
  return -1;
}

int render_out_file(const char *path, const char *diag_file,
                    render_fill_fn fill, void *arg) {
  render_sink k;
  if (render_sink_open(&k, path) != 0) {
    diag_report(DIAG_IO_WRITE, diag_file, 0, 0, path, strerror(k.err));
    return -1;
  }
  cairo_status_t st = fill(&k, arg);
  if (render_sink_close(&k) != 0 || st || k.err) {
    render_out_report(diag_file, &k, st ? st : CAIRO_STATUS_WRITE_ERROR);
    render_sink_discard(&k);
    return -1;
  }
  if (render_sink_commit(&k) != 0) {
    diag_report(DIAG_IO_WRITE, diag_file, 0, 0, path, strerror(k.err));
    render_sink_discard(&k);
    return -1;
  }
  return 0;
}
