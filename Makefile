# booklet — build, run, test.  `make run` and `make test` install missing
# Debian packages first (scripts/install-deps.sh), so two commands are
# enough on a fresh machine.

CC      ?= cc
PKGS    := pangocairo pangoft2 cairo-ft harfbuzz harfbuzz-subset fontconfig \
           freetype2 yaml-0.1 libcmark-gfm gdk-pixbuf-2.0 libqrencode libqpdf libcurl librsvg-2.0 \
           tomlplusplus libxml-2.0
VERSION := 0.1.0
BUILD   ?= build

CFLAGS  ?= -O2 -g
# -Werror=format: a diag_report call whose arguments do not match its
# message's format (diag.h) does not build.
override CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -pedantic -Wno-overlength-strings \
           -Werror=format -DBOOKLET_VERSION='"$(VERSION)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lhyphen -lstdc++ -lm -lpthread
# The one C++ file (TOML front matter through toml++) gets the C flags but
# the language ones, so sanitizer and optimisation flags reach it too
# (but UBSan's vptr check, which needs the C++ runtime at link time).
CXX_ALL = $(filter-out -std=c11 -Wno-overlength-strings,$(CFLAGS)) -std=c++17 \
          -fno-sanitize=vptr

SRCS    := $(wildcard src/*.c)
LIBSRCS := $(filter-out src/main.c,$(SRCS))
OBJS    := $(LIBSRCS:src/%.c=$(BUILD)/%.o) $(patsubst src/%.cc,$(BUILD)/%.o,$(wildcard src/*.cc))
BIN     := $(BUILD)/booklet
LIB     := $(BUILD)/libbooklet.a

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

CONTENT := $(wildcard content/*.md)
PROGRAMS := $(CONTENT:content/%.md=out/%.pdf)

.PHONY: all deps run test unit e2e test-asan programs bench clean format install

all: $(BIN)

deps:
	@sh scripts/install-deps.sh

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: src/%.cc | $(BUILD)
	$(CXX) $(CXX_ALL) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(OBJS)
	ar rcs $@ $^

$(BIN): $(BUILD)/main.o $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

$(BUILD):
	mkdir -p $(BUILD) $(BUILD)/tests

$(BUILD)/tests/%: tests/unit/%.c $(LIB) | $(BUILD)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIB) $(PKG_LIBS) -lcmocka $(LDFLAGS)

# Render every sample event.  Copy this rule: make's own -j parallelises it
# (make -j4 programs); each PDF is written to a temporary and renamed, so an
# interrupted run never leaves a broken one.
programs: $(PROGRAMS)
out/%.pdf: content/%.md $(BIN)
	@mkdir -p out
	$(BIN) $< -o $@

run: deps
	$(MAKE) all
	$(MAKE) programs
	@ls -l out/*.pdf

unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do $$t || fail=1; done; exit $$fail

# Every suite runs even when an earlier one fails; the rule fails if any did.
e2e: $(BIN)
	@BOOKLET=$(BIN) sh tests/run-e2e.sh; e=$$?; \
	 BOOKLET=$(BIN) sh tests/e2e/cli.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/print.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/run-bad.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/images.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/typeset.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/seeds_model.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/program.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/sponsors.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/event.sh || e=1; \
	 BOOKLET=$(BIN) sh tests/e2e/pages.sh || e=1; \
	 exit $$e

test: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) e2e

# The whole suite (unit + e2e, bad inputs included) built with clang's
# AddressSanitizer and UBSan in build-asan/.  CFLAGS goes through the
# environment so that the flags above (-std=c11, -D...) are kept.  Leaks
# are errors; tests/lsan.supp lists the few library leaks we cannot fix.
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
test-asan:
	CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	LDFLAGS="-fsanitize=address,undefined" $(ASAN_ENV) \
	  $(MAKE) BUILD=build-asan CC=clang CXX=clang++ unit e2e

# libFuzzer targets (tests/fuzz/fuzz.mk): build with clang into build-fuzz/,
# re-run the kept reproducers, then fuzz each target FUZZ_SECONDS.
.PHONY: fuzz
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) -f tests/fuzz/fuzz.mk FUZZ_SECONDS=$(FUZZ_SECONDS) PKGS="$(PKGS)"

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c

clean:
	rm -rf build build-asan out tests/out

# make install PREFIX=/opt/booklet [DESTDIR=...]: the binary, the layouts
# and fonts/ in share/booklet (where the binary looks: <exe>/../share/booklet)
# and the man page.
PREFIX ?= /usr/local
MANDIR ?= $(PREFIX)/share/man
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/booklet/layouts \
	  $(DESTDIR)$(PREFIX)/share/booklet/fonts $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/booklet
	install -m 644 layouts/*.yaml $(DESTDIR)$(PREFIX)/share/booklet/layouts/
	cp -R fonts/. $(DESTDIR)$(PREFIX)/share/booklet/fonts/
	install -m 644 booklet.1 $(DESTDIR)$(MANDIR)/man1/booklet.1

# make bench: timings, sizes and memory (prints; never fails on timing).
# floor: the same text through one PangoLayout, no booklet logic;
# measure: median wall time and peak RSS of a command.
BENCH_BINS := $(BUILD)/floor $(BUILD)/measure
$(BUILD)/floor: tests/bench/floor.c | $(BUILD)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS) $(LDFLAGS)
$(BUILD)/measure: tests/bench/measure.c | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS)
bench: $(BIN) $(BENCH_BINS)
	@BOOKLET=$(BIN) FLOOR=$(BUILD)/floor MEASURE=$(BUILD)/measure sh tests/bench/run.sh

-include $(OBJS:.o=.d) $(BUILD)/main.d
