/* measure.c — the bench's stopwatch: runs a command RUNS times and prints
 * the median, minimum and maximum wall time in milliseconds, the peak
 * resident set size in KB (of the command and of any children it waited
 * for: ru_maxrss from wait4), the worst exit status and the median CPU
 * time (user + system, the command and its children) in milliseconds:
 *
 *     build/measure RUNS COMMAND [ARGS...]
 *     → 812.4 798.1 830.9 61234 0 1590.2
 *
 * CPU time over wall time is the number of cores the command kept busy:
 * on a loaded machine a parallel run gets fewer than it asks for.
 *
 * The command's stdout and stderr go to /dev/null.  Used by run.sh only;
 * tests never time anything. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int runs = argc > 2 ? atoi(argv[1]) : 0;
  if (runs < 1 || runs > 1000) {
    fputs("usage: measure RUNS COMMAND [ARGS...]\n", stderr);
    return 2;
  }
  double *ms = calloc((size_t)runs, sizeof *ms);
  double *cpu = calloc((size_t)runs, sizeof *cpu);
  long peak = 0;
  int worst = 0;
  for (int i = 0; i < runs; i++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid < 0) {
      perror("measure: fork");
      return 1;
    }
    if (pid == 0) {
      int null = open("/dev/null", O_RDWR);
      dup2(null, 1);
      dup2(null, 2);
      execvp(argv[2], argv + 2);
      _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) {
      perror("measure: wait4");
      return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    cpu[i] = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
             (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    if (ru.ru_maxrss > peak)
      peak = ru.ru_maxrss;
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (code > worst)
      worst = code;
  }
  qsort(ms, (size_t)runs, sizeof *ms, cmp);
  qsort(cpu, (size_t)runs, sizeof *cpu, cmp);
  double med = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
  double cmed =
      runs % 2 ? cpu[runs / 2] : (cpu[runs / 2 - 1] + cpu[runs / 2]) / 2;
  printf("%.1f %.1f %.1f %ld %d %.1f\n", med, ms[0], ms[runs - 1], peak, worst,
         cmed);
  free(ms);
  free(cpu);
  return 0;
}
