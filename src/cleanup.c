/* cleanup.c — the registry of temporary files and the signal handlers that
 * remove them (see cleanup.h).
 *
 * The handler may run at any moment, in any thread, even while another
 * thread is registering a path, so the registry is built for it: a list
 * of slots that only ever grows (slots are reused, never freed), each with
 * an atomic "in use" flag that is set only after its path is written and
 * cleared before the slot is reused.  The handler walks the list without
 * a lock and calls only async-signal-safe functions (unlink, sigaction,
 * sigprocmask, raise).  Writers take a mutex among themselves.  Nothing
 * here decides what is temporary: render registers and unregisters. */
#include "cleanup.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "util.h"

typedef struct slot {
  atomic_int used;    /* 1 while path names a live temporary */
  size_t cap;         /* bytes available in path */
  struct slot *next;  /* next slot (set once, before the slot is linked) */
  char path[];        /* NUL-terminated path, valid while used */
} slot;

static _Atomic(slot *) head;       /* newest slot first */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int installed;
static pid_t parent_pid; /* the process that installed the handlers */

/* Signals that remove the temporaries before the program dies. */
static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_SIGNALS (sizeof signals / sizeof *signals)

static void on_signal(int sig) {
  int saved = errno;
  for (slot *s = atomic_load(&head); s; s = s->next)
    if (atomic_load(&s->used))
      unlink(s->path);
  /* Die of the same signal, so the parent sees the real cause (a shell
   * stops a loop on SIGINT only when the child died of it). */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
  errno = saved; /* not reached */
}

/* In a child of fork(): die with a SIGTERM of our own when the parent
 * dies, so that a worker whose parent was killed removes its temporaries
 * and stops instead of finishing an output nobody waits for. */
static void child_after_fork(void) {
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent_pid) /* the parent died before prctl */
    raise(SIGTERM);
  parent_pid = getpid(); /* for this child's own children */
}

void cleanup_install(void) {
  if (atomic_exchange(&installed, 1))
    return;
  parent_pid = getpid();
  pthread_atfork(NULL, NULL, child_after_fork);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < N_SIGNALS; i++)
    sigaddset(&sa.sa_mask, signals[i]);
  for (size_t i = 0; i < N_SIGNALS; i++) {
    struct sigaction old;
    if (sigaction(signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
      continue; /* ignored on purpose by whoever started us */
    sigaction(signals[i], &sa, NULL);
  }
}

void cleanup_register(const char *path) {
  if (!path)
    return;
  size_t n = strlen(path) + 1;
  pthread_mutex_lock(&lock);
  slot *s = atomic_load(&head);
  while (s && (atomic_load(&s->used) || s->cap < n))
    s = s->next;
  if (s) {
    memcpy(s->path, path, n);
    atomic_store(&s->used, 1);
  } else {
    s = xmalloc(sizeof *s + n);
    s->cap = n;
    memcpy(s->path, path, n);
    atomic_init(&s->used, 1);
    s->next = atomic_load(&head);
    atomic_store(&head, s); /* linked only once complete */
  }
  pthread_mutex_unlock(&lock);
}

void cleanup_unregister(const char *path) {
  if (!path)
    return;
  pthread_mutex_lock(&lock);
  for (slot *s = atomic_load(&head); s; s = s->next)
    if (atomic_load(&s->used) && !strcmp(s->path, path)) {
      atomic_store(&s->used, 0);
      break;
    }
  pthread_mutex_unlock(&lock);
}

int cleanup_count(void) {
  int n = 0;
  pthread_mutex_lock(&lock);
  for (slot *s = atomic_load(&head); s; s = s->next)
    n += atomic_load(&s->used) != 0;
  pthread_mutex_unlock(&lock);
  return n;
}
