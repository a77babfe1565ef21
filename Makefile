# booklet — build, run, test.  `make run` and `make test` install missing
# Debian packages first (scripts/install-deps.sh), so two commands are
# enough on a fresh machine.

CC      ?= cc
PKGS    := pangocairo pangoft2 cairo-ft harfbuzz harfbuzz-subset fontconfig \
           freetype2 yaml-0.1 libcmark-gfm gdk-pixbuf-2.0
VERSION := 0.1.0
BUILD   ?= build

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -pedantic -Wno-overlength-strings \
           -DBOOKLET_VERSION='"$(VERSION)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lm -lpthread

SRCS    := $(wildcard src/*.c)
LIBSRCS := $(filter-out src/main.c,$(SRCS))
OBJS    := $(LIBSRCS:src/%.c=$(BUILD)/%.o)
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

$(LIB): $(OBJS)
	ar rcs $@ $^

$(BIN): $(BUILD)/main.o $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

$(BUILD):
	mkdir -p $(BUILD) $(BUILD)/tests

$(BUILD)/tests/%: tests/unit/%.c $(LIB) | $(BUILD)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIB) $(PKG_LIBS) -lcmocka $(LDFLAGS)

# Render every sample event.  Copy this rule: make's own -j parallelises it.
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

e2e: $(BIN)
	@BOOKLET=$(BIN) sh tests/run-e2e.sh

test: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) e2e

test-asan:
	$(MAKE) BUILD=build-asan CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" LDFLAGS="-fsanitize=address,undefined" unit e2e

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c

clean:
	rm -rf build build-asan out tests/out

PREFIX ?= /usr/local
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/booklet/layouts $(DESTDIR)$(PREFIX)/share/booklet/fonts
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/booklet
	install -m 644 layouts/*.yaml $(DESTDIR)$(PREFIX)/share/booklet/layouts/
	cp -r fonts/. $(DESTDIR)$(PREFIX)/share/booklet/fonts/

-include $(OBJS:.o=.d) $(BUILD)/main.d
