# fuzz.mk — libFuzzer targets (clang).  Called by the top Makefile's
# `fuzz` rule, from the repository root:
#
#     make fuzz FUZZ_SECONDS=60          build, re-run regress/, fuzz each
#                                        target 60 s (one after the other)
#     make -f tests/fuzz/fuzz.mk build   only build
#
# The library is built once more with clang into build-fuzz/ (by the top
# Makefile with BUILD=build-fuzz), instrumented for coverage
# (-fsanitize=fuzzer-no-link) and with ASan and UBSan.  Each target's
# corpus grows in build-fuzz/corpus/NAME/ and starts from
# tests/fuzz/corpus/NAME/ plus the seed pages in ../shared/seeds/ when
# they are there (read only: nothing is copied into the repository).
# Crashes are written as build-fuzz/crash-* (copy them to
# tests/fuzz/regress/ once fixed).

FB        := build-fuzz
FUZZ_CC   ?= clang
SAN       := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer $(SAN)
# the libraries: the top Makefile passes its list; else it is read from it
PKGS      ?= $(shell $(MAKE) -s -pn -f Makefile no-such-target 2>/dev/null | \
               sed -n 's/^PKGS := //p')
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -lhyphen -lstdc++ -lm -lpthread
TARGETS   := front extract pipeline html
FUZZ_SECONDS ?= 60
SEEDS     ?= ../shared/seeds
# full stacks on malloc: tests/lsan.supp names libraries (fontconfig's own
# leaks when Pango loads the system configuration), which the fast unwinder
# cannot see past a library built without frame pointers
export ASAN_OPTIONS ?= detect_leaks=1:allocator_may_return_null=1:fast_unwind_on_malloc=0
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export BOOKLET_DATA ?= $(CURDIR)

.PHONY: all build lib regress run FORCE

all: build regress run

# CFLAGS goes through the environment: on the command line it would
# replace the top Makefile's own flags (-std=c11, -D...) instead of
# starting them.
lib $(FB)/libbooklet.a: FORCE
	CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" \
	  $(MAKE) BUILD=$(FB) CC=$(FUZZ_CC) CXX=$(FUZZ_CC)++ $(FB)/libbooklet.a

FORCE:

build: $(TARGETS:%=$(FB)/fuzz_%) $(TARGETS:%=$(FB)/regress_%)

$(FB)/fuzz_%: tests/fuzz/fuzz_%.c $(FB)/libbooklet.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $< \
	  $(FB)/libbooklet.a $(PKG_LIBS)

# The same target without libFuzzer's main, for the reproducers.
$(FB)/regress_%: tests/fuzz/fuzz_%.c tests/fuzz/regress.c $(FB)/libbooklet.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -Isrc \
	  -o $@ $< tests/fuzz/regress.c $(FB)/libbooklet.a $(PKG_LIBS)

regress: build
	@set -e; files=$$(ls tests/fuzz/regress/* 2>/dev/null || true); \
	if [ -z "$$files" ]; then echo "fuzz: no reproducers yet"; exit 0; fi; \
	for t in $(TARGETS); do \
	  echo "fuzz: regress_$$t on $$(echo $$files | wc -w) reproducers"; \
	  $(FB)/regress_$$t $$files 2>$(FB)/regress_$$t.log || \
	    { tail -n 40 $(FB)/regress_$$t.log; exit 1; }; \
	done

# Each target for FUZZ_SECONDS; a crash, hang or leak stops the run with
# its report.
run: build
	@set -e; for t in $(TARGETS); do \
	  mkdir -p $(FB)/corpus/$$t; \
	  seeds=""; [ -d "$(SEEDS)" ] && seeds="$(SEEDS)"; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FB)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	    -rss_limit_mb=3072 -max_len=$$( [ $$t = pipeline ] && echo 6000 || echo 65536 ) \
	    -dict=tests/fuzz/booklet.dict -artifact_prefix=$(FB)/ \
	    -print_final_stats=1 $(FB)/corpus/$$t tests/fuzz/corpus/$$t $$seeds \
	    2>$(FB)/fuzz_$$t.log || { tail -n 60 $(FB)/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done' $(FB)/fuzz_$$t.log; \
	done
