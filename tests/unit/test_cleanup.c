/* test_cleanup.c — the temporary-file registry and its signal handlers
 * (src/cleanup.c): registering and forgetting paths, slots reused, and a
 * process killed by SIGTERM or SIGINT removing its registered files and
 * dying of the signal; a worker forked after cleanup_install() dying with
 * its parent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"

static char dir[64];

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/booklet-cleanup-XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void touch(const char *path) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("partial", f);
  fclose(f);
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void test_register(void **state) {
  (void)state;
  int base = cleanup_count();
  cleanup_register("/tmp/a-booklet-test-path");
  cleanup_register("/tmp/another-one");
  assert_int_equal(cleanup_count(), base + 2);
  cleanup_unregister("/tmp/a-booklet-test-path");
  assert_int_equal(cleanup_count(), base + 1);
  cleanup_unregister("/tmp/never-registered");
  cleanup_unregister(NULL);
  assert_int_equal(cleanup_count(), base + 1);
  /* a freed slot is reused, also for a longer path */
  cleanup_register("/tmp/x");
  cleanup_unregister("/tmp/x");
  cleanup_register("/tmp/a much longer path than any before it, to grow");
  assert_int_equal(cleanup_count(), base + 2);
  cleanup_unregister("/tmp/a much longer path than any before it, to grow");
  cleanup_unregister("/tmp/another-one");
  assert_int_equal(cleanup_count(), base);
}

/* A child registers two files, forgets one, and sends itself sig. */
static void killed_by(int sig) {
  char kept[128], gone[128];
  snprintf(gone, sizeof gone, "%s/.out.pdf.%d", dir, sig);
  snprintf(kept, sizeof kept, "%s/kept.%d", dir, sig);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    signal(sig, SIG_DFL); /* as if started from a terminal */
    cleanup_install();
    touch(gone);
    cleanup_register(gone);
    touch(kept);
    cleanup_register(kept);
    cleanup_unregister(kept); /* renamed into place, say */
    raise(sig);
    _exit(0); /* not reached */
  }
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  assert_true(WIFSIGNALED(st));
  assert_int_equal(WTERMSIG(st), sig);
  assert_false(exists(gone));
  assert_true(exists(kept));
}

static void test_sigterm(void **state) {
  (void)state;
  killed_by(SIGTERM);
}

static void test_sigint(void **state) {
  (void)state;
  killed_by(SIGINT);
}

/* A worker forked after cleanup_install() gets SIGTERM when its parent
 * dies, and removes its own temporary. */
static void test_worker_dies_with_parent(void **state) {
  (void)state;
  char tmp[128], ready[128];
  snprintf(tmp, sizeof tmp, "%s/.worker.pdf.tmp", dir);
  snprintf(ready, sizeof ready, "%s/ready", dir);
  pid_t parent = fork();
  assert_true(parent >= 0);
  if (parent == 0) {
    signal(SIGTERM, SIG_DFL);
    cleanup_install();
    pid_t worker = fork();
    if (worker == 0) {
      touch(tmp);
      cleanup_register(tmp);
      touch(ready);
      for (;;)
        pause(); /* until the parent's death kills us */
    }
    for (int i = 0; i < 500 && !exists(ready); i++)
      usleep(10000);
    raise(SIGTERM);
    _exit(0);
  }
  int st;
  assert_int_equal(waitpid(parent, &st, 0), parent);
  assert_true(WIFSIGNALED(st));
  for (int i = 0; i < 500 && exists(tmp); i++)
    usleep(10000);
  assert_false(exists(tmp));
}

/* An ignored signal stays ignored (nohup, `cmd &` in a script). */
static void test_ignored_stays_ignored(void **state) {
  (void)state;
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    signal(SIGHUP, SIG_IGN);
    cleanup_install();
    struct sigaction sa;
    sigaction(SIGHUP, NULL, &sa);
    _exit(sa.sa_handler == SIG_IGN ? 0 : 1);
  }
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_register),
      cmocka_unit_test(test_sigterm),
      cmocka_unit_test(test_sigint),
      cmocka_unit_test(test_worker_dies_with_parent),
      cmocka_unit_test(test_ignored_stays_ignored),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
