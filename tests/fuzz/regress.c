/* regress.c — runs a libFuzzer target's LLVMFuzzerTestOneInput on files
 * named on the command line, without libFuzzer: the reproducers kept in
 * tests/fuzz/regress/ are re-run this way (under the sanitizers) by
 * `make fuzz`, and through booklet itself by tests/run-bad.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  int bad = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      perror(argv[i]);
      bad = 1;
      continue;
    }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
      n += r;
      if (n == cap)
        buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) {
      fputs("regress: out of memory\n", stderr);
      return 2;
    }
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    fprintf(stderr, "regress: ok %s\n", argv[i]);
  }
  return bad;
}
