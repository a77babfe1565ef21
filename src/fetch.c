/* fetch.c — remote images over http(s) with libcurl, into an on-disk
 * cache.  One curl multi handle per call fetches every URL a document
 * names at once; each transfer has a connect and a total timeout, a size
 * cap, at most a few redirects and only to http(s).  What arrives is kept
 * only when its bytes are an image (the server's Content-Type is not
 * trusted), written to a temporary file in the cache folder and renamed
 * into place, so a concurrent run never sees half a file.  The cache is
 * keyed by the SHA-256 of the URL and has no expiry: delete the folder to
 * fetch again.  Failures are remembered for the rest of the process (a
 * batch does not retry a dead server for every input) but not on disk.
 * Nothing here knows about documents: see imgpath.c. */
#include "fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>
#include <glib.h>

#include "cleanup.h"
#include "image.h"
#include "util.h"

#define DEFAULT_CONNECT_TIMEOUT 10.0 /* s */
#define DEFAULT_TIMEOUT 30.0         /* s */
#define DEFAULT_MAX_BYTES ((size_t)20 << 20)
#define DEFAULT_REDIRECTS 5
#define DEFAULT_PARALLEL 8

/* ---- process-wide state ------------------------------------------------------ */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ok;

static void curl_init(void) {
  curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

/* URLs that failed in this process, with why. */
typedef struct memo {
  char *url; /* as written */
  char *why; /* the failure */
} memo;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static memo *memos;
static size_t n_memos, cap_memos;

static char *memo_get(const char *url) {
  char *why = NULL;
  pthread_mutex_lock(&memo_lock);
  for (size_t i = 0; i < n_memos && !why; i++)
    if (!strcmp(memos[i].url, url))
      why = xstrdup(memos[i].why);
  pthread_mutex_unlock(&memo_lock);
  return why;
}

static void memo_put(const char *url, const char *why) {
  pthread_mutex_lock(&memo_lock);
  memo m = {xstrdup(url), xstrdup(why)};
  VEC_PUSH(memos, n_memos, cap_memos, m);
  pthread_mutex_unlock(&memo_lock);
}

/* ---- addresses that are refused ------------------------------------------------ */

int fetch_private_address(int family, const unsigned char *a) {
  if (family == AF_INET)
    return a[0] == 0 || a[0] == 10 || a[0] == 127 || a[0] >= 224 ||
           (a[0] == 100 && (a[1] & 0xC0) == 64) ||
           (a[0] == 169 && a[1] == 254) || (a[0] == 172 && (a[1] & 0xF0) == 16) ||
           (a[0] == 192 && a[1] == 168);
  if (family != AF_INET6)
    return 1;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (!memcmp(a, mapped, 12))
    return fetch_private_address(AF_INET, a + 12);
  int zero = 1;
  for (int i = 0; i < 15; i++)
    zero &= a[i] == 0;
  if (zero && (a[15] == 0 || a[15] == 1))
    return 1; /* :: and ::1 */
  return (a[0] & 0xFE) == 0xFC || (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) ||
         a[0] == 0xFF;
}

/* ---- the cache folder -------------------------------------------------------- */

static int mkdirs(const char *path) {
  char *p = xstrdup(path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/')
      continue;
    *s = 0;
    if (mkdir(p, 0700) != 0 && errno != EEXIST) {
      free(p);
      return -1;
    }
    *s = '/';
  }
  int rc = mkdir(p, 0700) == 0 || errno == EEXIST ? 0 : -1;
  struct stat st;
  if (rc == 0 && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode) ||
                  access(p, W_OK | X_OK) != 0))
    rc = -1;
  free(p);
  return rc;
}

char *fetch_cache_dir(const fetch_options *o) {
  char *c[4] = {0};
  int k = 0;
  if (o && o->cache_dir)
    c[k++] = xstrdup(o->cache_dir);
  const char *x = getenv("XDG_CACHE_HOME");
  if (x && x[0] == '/') /* the spec: relative values are ignored */
    c[k++] = xasprintf("%s/booklet", x);
  const char *home = getenv("HOME");
  if (!home || home[0] != '/') {
    struct passwd *pw = getpwuid(getuid());
    home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
  }
  if (home)
    c[k++] = xasprintf("%s/.cache/booklet", home);
  const char *tmp = getenv("TMPDIR");
  c[k++] = xasprintf("%s/booklet-cache-%u", tmp && *tmp ? tmp : "/tmp",
                     (unsigned)getuid());
  char *found = NULL;
  for (int i = 0; i < k; i++) {
    if (!found && mkdirs(c[i]) == 0)
      found = c[i];
    else
      free(c[i]);
    if (o && o->cache_dir && i == 0 && !found)
      break; /* an explicit folder that cannot be made: no fallback */
  }
  return found;
}

/* ---- one transfer ------------------------------------------------------------ */

typedef struct xfer {
  const char *url;     /* as the document wrote it */
  char *abs_url;       /* with a scheme */
  char *cache_path;    /* where it goes */
  CURL *easy;          /* the transfer, NULL when not requested */
  strbuf body;         /* bytes so far */
  size_t cap;          /* size cap */
  int too_big;         /* 1 once body passed cap */
  char errbuf[CURL_ERROR_SIZE]; /* curl's detail */
  char *error;         /* result: why it failed */
  int cached;          /* result: served from the cache */
  int done;            /* result known */
  int allow_private;   /* connect to private addresses too */
  int refused;         /* a connection to a private address was refused */
} xfer;

/* libcurl's socket opener: refuses private addresses (every connection
 * of a transfer passes here, redirects included). */
static curl_socket_t open_socket(void *clientp, curlsocktype purpose,
                                 struct curl_sockaddr *addr) {
  (void)purpose;
  xfer *x = clientp;
  const unsigned char *bytes = NULL;
  if (addr->family == AF_INET)
    bytes = (const unsigned char *)&((struct sockaddr_in *)&addr->addr)->sin_addr;
  else if (addr->family == AF_INET6)
    bytes = (const unsigned char *)&((struct sockaddr_in6 *)&addr->addr)->sin6_addr;
  if (!x->allow_private && (!bytes || fetch_private_address(addr->family, bytes))) {
    x->refused = 1;
    return CURL_SOCKET_BAD;
  }
  return socket(addr->family, addr->socktype, addr->protocol);
}


static size_t on_data(char *p, size_t size, size_t nmemb, void *closure) {
  xfer *x = closure;
  size_t n = size * nmemb;
  if (x->body.len + n > x->cap) {
    x->too_big = 1;
    return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
  }
  sb_addn(&x->body, p, n);
  return n;
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* Writes the body to x->cache_path through a temporary file. */
static const char *store(xfer *x) {
  char *tmp = xasprintf("%s.XXXXXX", x->cache_path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    return "cannot write to the cache folder";
  }
  cleanup_register(tmp); /* removed if a signal kills us */
  const char *why = NULL;
  size_t off = 0;
  while (off < x->body.len) {
    ssize_t w = write(fd, x->body.s + off, x->body.len - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      why = "cannot write to the cache folder (disk full?)";
      break;
    }
    off += (size_t)w;
  }
  if (fchmod(fd, 0644) != 0) {
    /* not fatal: the file is ours */
  }
  if (close(fd) != 0 && !why)
    why = "cannot write to the cache folder";
  if (!why && rename(tmp, x->cache_path) != 0)
    why = "cannot rename into the cache folder";
  if (why)
    unlink(tmp);
  cleanup_unregister(tmp);
  free(tmp);
  return why;
}

static char *describe_failure(xfer *x, CURLcode rc, double timeout) {
  long code = 0;
  curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
  long redirects = 0;
  curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &redirects);
  if (rc == CURLE_OK) {
    if (code >= 400 || (code != 0 && code < 200) || (code >= 300 && code < 400))
      return xasprintf("HTTP %ld", code);
    if (!x->body.len)
      return xstrdup("the server sent no bytes");
    return NULL;
  }
  switch (rc) {
  case CURLE_OPERATION_TIMEDOUT:
    return xasprintf("timed out after %g s", timeout);
  case CURLE_WRITE_ERROR:
  case CURLE_FILESIZE_EXCEEDED:
    if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
      return xasprintf("larger than %zu MB", x->cap >> 20);
    break;
  case CURLE_TOO_MANY_REDIRECTS:
    return xstrdup("too many redirects");
  case CURLE_UNSUPPORTED_PROTOCOL:
    if (redirects > 0)
      return xstrdup("redirected to a URL that is not http(s)");
    break;
  case CURLE_PARTIAL_FILE:
    return xstrdup("truncated: the connection closed early");
  case CURLE_COULDNT_RESOLVE_HOST:
    return xstrdup("cannot resolve the host (no network?)");
  case CURLE_COULDNT_CONNECT:
    if (x->refused)
      return xstrdup("the host is a private or local address (refused; "
                     "--allow-private-hosts allows it)");
    return xstrdup("cannot connect to the server");
  default:
    break;
  }
  if (x->errbuf[0])
    return xstrdup(x->errbuf);
  return xstrdup(curl_easy_strerror(rc));
}

static void finish(xfer *x, CURLcode rc, double timeout) {
  char *why = describe_failure(x, rc, timeout);
  if (!why) {
    image_format f = image_sniff((const unsigned char *)x->body.s,
                                 x->body.len);
    if (f == IMAGE_UNKNOWN) {
      char *ct = NULL;
      curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
      size_t i = 0;
      while (i < x->body.len && strchr(" \t\r\n", x->body.s[i]))
        i++;
      const char *what = i < x->body.len && x->body.s[i] == '<'
                             ? "an HTML page"
                             : "bytes of no image format";
      why = xasprintf("not an image: the server sent %s%s%s", what,
                      ct && *ct ? " labelled " : "", ct && *ct ? ct : "");
    } else {
      const char *w = store(x);
      if (w)
        why = xstrdup(w);
    }
  }
  x->error = why;
  x->done = 1;
  sb_free(&x->body);
  if (why)
    memo_put(x->url, why);
}

static double env_seconds(const char *name, double dflt) {
  const char *v = getenv(name);
  if (!v || !*v)
    return dflt;
  char *end;
  double d = strtod(v, &end);
  return *end || !(d > 0) || d > 3600 ? dflt : d;
}

static CURL *make_easy(xfer *x, const fetch_options *o, double connect_s,
                       double total_s, struct curl_slist *headers) {
  CURL *e = curl_easy_init();
  if (!e)
    return NULL;
  curl_easy_setopt(e, CURLOPT_URL, x->abs_url);
  curl_easy_setopt(e, CURLOPT_PRIVATE, x);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(connect_s * 1000));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(total_s * 1000));
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  x->allow_private = o && o->allow_private;
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS,
                   (long)(o && o->max_redirects > 0 ? o->max_redirects
                                                    : DEFAULT_REDIRECTS));
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85: the _STR forms */
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
                   (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->cap);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_USERAGENT, "booklet/" BOOKLET_VERSION);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  return e;
}

/* ---- many transfers ---------------------------------------------------------- */

static char *absolute_url(const char *url) {
  return !strncmp(url, "//", 2) ? xasprintf("https:%s", url) : xstrdup(url);
}

static char *cache_name(const char *dir, const char *abs_url) {
  gchar *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, abs_url, -1);
  char *p = xasprintf("%s/%s", dir, hex);
  g_free(hex);
  return p;
}

/* The limits of one call: timeouts and the size cap. */
typedef struct limits {
  double total_s;   /* whole transfer, s */
  double connect_s; /* connecting, s (at most total_s) */
  size_t cap;       /* bytes per image */
} limits;

static limits limits_for(const fetch_options *o) {
  limits l;
  l.total_s = o && o->timeout > 0 ? o->timeout : DEFAULT_TIMEOUT;
  l.total_s = env_seconds("BOOKLET_FETCH_TIMEOUT", l.total_s);
  l.connect_s = o && o->connect_timeout > 0 ? o->connect_timeout
                                            : DEFAULT_CONNECT_TIMEOUT;
  if (l.connect_s > l.total_s)
    l.connect_s = l.total_s;
  l.cap = o && o->max_bytes ? o->max_bytes : DEFAULT_MAX_BYTES;
  return l;
}

/* Sets up transfer x for url: decided at once (not http(s), no cache
 * folder, in the cache, --offline, failed before in this process) or left
 * to fetch (x->done 0). */
static void xfer_plan(xfer *x, const char *url, const char *dir,
                      const fetch_options *o, size_t cap) {
  x->url = url;
  x->abs_url = absolute_url(url);
  x->cap = cap;
  if (strncasecmp(x->abs_url, "http://", 7) &&
      strncasecmp(x->abs_url, "https://", 8)) {
    x->error = xstrdup("only http and https URLs are fetched");
    x->done = 1;
    return;
  }
  if (!dir) {
    x->error = xstrdup("no cache folder can be made");
    x->done = 1;
    return;
  }
  x->cache_path = cache_name(dir, x->abs_url);
  if (is_file(x->cache_path)) {
    x->cached = x->done = 1;
  } else if (o && o->offline) {
    x->error = xstrdup("not fetched: --offline and not in the cache");
    x->done = 1;
  } else if ((x->error = memo_get(url))) {
    x->done = 1;
  }
}

/* One transfer per distinct URL of items into xs (n long); which[i] is
 * item i's transfer.  Returns the number of transfers. */
static size_t plan_all(const fetch_item *items, size_t n, xfer *xs,
                       size_t *which, const char *dir, const fetch_options *o,
                       size_t cap) {
  size_t nx = 0;
  for (size_t i = 0; i < n; i++) {
    const char *u = items[i].url ? items[i].url : "";
    size_t k = 0;
    while (k < nx && strcmp(xs[k].url, u))
      k++;
    which[i] = k;
    if (k == nx)
      xfer_plan(&xs[nx++], u, dir, o, cap);
  }
  return nx;
}

/* Drives multi until every transfer ended (or curl failed), finishing
 * each as it ends. */
static void multi_wait(CURLM *multi, double total_s) {
  int running = 1;
  while (running) {
    if (curl_multi_perform(multi, &running) != CURLM_OK)
      break;
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left))) {
      if (msg->msg != CURLMSG_DONE)
        continue;
      xfer *x = NULL;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
      if (x && !x->done)
        finish(x, msg->data.result, total_s);
    }
    if (running && curl_multi_poll(multi, NULL, 0, 1000, NULL) != CURLM_OK)
      break;
  }
}

/* Runs the pending transfers of xs on multi, in parallel, then releases
 * their handles; any not finished is failed. */
static void multi_run(CURLM *multi, xfer *xs, size_t nx,
                      const fetch_options *o, const limits *l,
                      struct curl_slist *headers) {
  long par = o && o->parallel > 0 ? o->parallel : DEFAULT_PARALLEL;
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, par);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, par);
  for (size_t k = 0; k < nx; k++) {
    xfer *x = &xs[k];
    if (x->done)
      continue;
    x->easy = make_easy(x, o, l->connect_s, l->total_s, headers);
    if (!x->easy || curl_multi_add_handle(multi, x->easy) != CURLM_OK) {
      x->error = xstrdup("cannot start the transfer");
      x->done = 1;
    }
  }
  multi_wait(multi, l->total_s);
  for (size_t k = 0; k < nx; k++) {
    xfer *x = &xs[k];
    if (x->easy) {
      curl_multi_remove_handle(multi, x->easy);
      curl_easy_cleanup(x->easy);
      x->easy = NULL;
    }
    if (!x->done) {
      x->error = xstrdup("the transfer did not finish");
      x->done = 1;
    }
  }
}

/* Fetches the transfers of xs not decided yet. */
static void fetch_pending(xfer *xs, size_t nx, const fetch_options *o,
                          const limits *l) {
  size_t pending = 0;
  for (size_t k = 0; k < nx; k++)
    pending += !xs[k].done;
  if (!pending)
    return;
  pthread_once(&curl_once, curl_init);
  CURLM *multi = curl_ok ? curl_multi_init() : NULL;
  struct curl_slist *headers = curl_slist_append(
      NULL, "Accept: image/avif,image/webp,image/png,image/svg+xml,"
            "image/*;q=0.8,*/*;q=0.5");
  if (multi) {
    multi_run(multi, xs, nx, o, l, headers);
    curl_multi_cleanup(multi);
  } else {
    for (size_t k = 0; k < nx; k++)
      if (!xs[k].done)
        xs[k].error = xstrdup("libcurl cannot be started"), xs[k].done = 1;
  }
  curl_slist_free_all(headers);
}

void fetch_all(fetch_item *items, size_t n, const fetch_options *o) {
  if (!n)
    return;
  for (size_t i = 0; i < n; i++)
    items[i].path = items[i].error = NULL, items[i].cached = 0;
  limits l = limits_for(o);
  char *dir = fetch_cache_dir(o);
  xfer *xs = xcalloc(n, sizeof *xs);
  size_t *which = xcalloc(n, sizeof *which);
  size_t nx = plan_all(items, n, xs, which, dir, o, l.cap);
  fetch_pending(xs, nx, o, &l);
  for (size_t i = 0; i < n; i++) {
    xfer *x = &xs[which[i]];
    if (x->error) {
      items[i].error = xstrdup(x->error);
    } else {
      items[i].path = xstrdup(x->cache_path);
      items[i].cached = x->cached;
    }
  }
  for (size_t k = 0; k < nx; k++) {
    free(xs[k].abs_url);
    free(xs[k].cache_path);
    free(xs[k].error);
    sb_free(&xs[k].body);
  }
  free(xs);
  free(which);
  free(dir);
}
