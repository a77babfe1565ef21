#!/bin/sh
# cli.sh — end-to-end tests of booklet's command line and batch runs
# (issue 7).  `make e2e` runs it after run-e2e.sh, from the repository
# root, as
#
#     BOOKLET=build/booklet sh tests/e2e/cli.sh
#
# What it checks:
#   - a batch with -O of three inputs, one bad: exit 1, the two good PDFs
#     written, none for the bad one, the summary line on stderr, no
#     progress line when stderr is not a terminal, nothing with -q;
#   - -j 2 gives the same bytes as -j 1;
#   - -o - writes one valid PDF on stdout and nothing else;
#   - --check writes no file, prints `file:line: warning:` findings and a
#     summary line per input on stdout, exit 0 for good inputs and 1 when
#     an input has an error;
#   - -v prints the per-stage timings;
#   - usage errors exit 2 and write nothing: unknown option, no input,
#     -o with two inputs, -o with -O, a bad -j, two inputs that would write
#     one output file, an option without its value;
#   - --help names every option of main.c's option table (one line each)
#     and so does the man page, which renders without warnings;
#   - reproducible output across working folders and absolute paths of
#     the input, and with SOURCE_DATE_EPOCH;
#   - make install PREFIX=...: the installed binary, run from another
#     folder, finds its layouts; the man page is installed.
#
# Prints `ok - NAME`, `FAIL - NAME: why` or `skip - NAME: why`; the last
# line is `N passed, N failed[, N skipped]`; exit status 1 when any check
# failed (tests/e2e/lib.sh, the harness).  Outputs go to
# $E2E_OUT/cli-batch (default tests/out/cli-batch), cleaned first.  POSIX
# sh: runs under dash.

cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

out_dir cli-batch
need_booklet

# Seed pages name remote images: never wait for the network here.
OFFLINE=
"$BOOKLET" --help 2>/dev/null | grep -q -e '--offline' && OFFLINE=--offline

GOOD1=content/zh-meetup.md
GOOD2=content/en-conference.md
BADIN=tests/bad/unterminated.md

# ------------------------------------------------------------------ batch --

run_booklet "$OUT/batch" -j 2 -O "$OUT/batch" "$GOOD1" "$BADIN" "$GOOD2"
n_pdf=$(find "$OUT/batch" -name '*.pdf' | wc -l | tr -d ' ')
if [ "$rc" -eq 1 ] && is_pdf "$OUT/batch/zh-meetup.pdf" &&
  is_pdf "$OUT/batch/en-conference.pdf" && [ "$n_pdf" -eq 2 ]; then
  ok "batch -O: one bad input of three: exit 1, the two good PDFs written"
else
  notok "batch -O: one bad input of three" "exit $rc, $n_pdf PDFs: $(firstline "$OUT/batch.err")"
fi
if grep -q "^$BADIN:[0-9]*:.*error:" "$OUT/batch.err"; then
  ok "batch -O: the bad input is reported as FILE:LINE: error"
else
  notok "batch -O: the bad input is reported" "$(firstline "$OUT/batch.err")"
fi
if tail -n 1 "$OUT/batch.err" | grep -Eq '^2 written, 1 failed, [0-9]+ warnings?$'; then
  ok "batch -O: summary line '2 written, 1 failed, N warnings' at the end"
else
  notok "batch -O: summary line" "last line: $(tail -n 1 "$OUT/batch.err")"
fi
if LC_ALL=C grep -q "$(printf '\r')" "$OUT/batch.err"; then
  notok "batch: no progress line when stderr is not a terminal" "found a carriage return"
else
  ok "batch: no progress line when stderr is not a terminal"
fi
if ls -a "$OUT/batch" | grep -q '^\.'"[^.]"; then
  notok "batch: no temporary files left" "$(ls -a "$OUT/batch" | tr '\n' ' ')"
else
  ok "batch: no temporary files left"
fi

run_booklet "$OUT/quiet" -q -O "$OUT/quiet" "$GOOD2" "$BADIN"
if [ "$rc" -eq 1 ] && ! grep -q 'written' "$OUT/quiet.err" &&
  ! grep -q 'warning:' "$OUT/quiet.err" && grep -q 'error:' "$OUT/quiet.err"; then
  ok "batch -q: errors only, no summary"
else
  notok "batch -q: errors only, no summary" "exit $rc: $(firstline "$OUT/quiet.err")"
fi

run_booklet "$OUT/mkdir" -O "$OUT/made/sub" "$GOOD2"
if [ "$rc" -eq 0 ] && is_pdf "$OUT/made/sub/en-conference.pdf"; then
  ok "-O DIR: DIR and its parents are created when missing"
else
  notok "-O DIR: DIR is created when missing" "exit $rc: $(firstline "$OUT/mkdir.err")"
fi

# ------------------------------------------------------------ -j 1 vs -j 2 --

set -- content/*.md
[ -d "$SEEDS" ] && set -- "$@" "$SEEDS"/*.md
run_booklet "$OUT/j1" $OFFLINE -q -j 1 -O "$OUT/j1" "$@"
rc1=$rc
run_booklet "$OUT/j2" $OFFLINE -q -j 2 -O "$OUT/j2" "$@"
diffs=
for f in "$OUT"/j1/*.pdf; do
  cmp -s "$f" "$OUT/j2/$(basename "$f")" || diffs="$diffs $(basename "$f")"
done
if [ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] && [ -z "$diffs" ] &&
  [ "$(ls "$OUT/j1" | wc -l)" -eq "$#" ]; then
  ok "-j 2 gives the same bytes as -j 1 ($# inputs)"
else
  notok "-j 2 gives the same bytes as -j 1" "exit $rc1/$rc, differ:${diffs:- none}"
fi

# ------------------------------------------------------------------ -o - --

run_booklet "$OUT/stdout" "$GOOD1" -o -
if [ "$rc" -eq 0 ] && is_pdf "$OUT/stdout.out" && [ "$(grep -c '%%EOF' "$OUT/stdout.out")" -eq 1 ] &&
  cmp -s "$OUT/stdout.out" "$OUT/j1/zh-meetup.pdf"; then
  ok "-o -: one PDF on stdout, the same bytes as a file"
else
  notok "-o -: one PDF on stdout" "exit $rc: $(firstline "$OUT/stdout.err")"
fi
if have pdfinfo; then
  if pdfinfo "$OUT/stdout.out" >/dev/null 2>&1; then
    ok "-o -: pdfinfo reads it"
  else
    notok "-o -: pdfinfo reads it" "$(pdfinfo "$OUT/stdout.out" 2>&1 | head -n 1)"
  fi
fi

# ----------------------------------------------------------------- --check --

mkdir -p "$OUT/check"
cp "$GOOD1" "$GOOD2" "$OUT/check/" && cp -R content/images "$OUT/check/"
before=$(ls -a "$OUT/check" | wc -l)
(cd "$OUT/check" && "$BOOKLET" --check zh-meetup.md en-conference.md \
  >../check.out 2>../check.err)
rc=$?
after=$(ls -a "$OUT/check" | wc -l)
if [ "$rc" -eq 0 ] && [ "$before" -eq "$after" ]; then
  ok "--check: good inputs exit 0 and no file is written"
else
  notok "--check: good inputs exit 0 and no file is written" "exit $rc, files $before -> $after"
fi
if grep -Eq '^zh-meetup\.md: checked: [0-9]+ pages?,.*[0-9]+ errors?, [0-9]+ warnings?$' "$OUT/check.out" &&
  grep -Eq '^en-conference\.md: checked: ' "$OUT/check.out"; then
  ok "--check: a summary line per input on stdout"
else
  notok "--check: a summary line per input on stdout" "$(firstline "$OUT/check.out")"
fi
badlines=$(grep -v -E '^[^:]+(:[0-9]+)*: (warning|error|note): |^[^:]+: (checked|failed): ' "$OUT/check.out" | head -n 1)
if [ -z "$badlines" ]; then
  ok "--check: every report line is file[:line]: warning|error: ... or a summary"
else
  notok "--check: report lines" "$badlines"
fi
# a page with findings: a talk without a speaker, a speaker without bio or
# photo, an image that is not there
cat >"$OUT/check/findings.md" <<'EOF'
---
title: "检查用的活动"
date: 2024-03-02
speaker:
  - name: "王小明"
    designation: "某公司 工程师"
---

## 议程

### 《没有讲师的议题》

这个议题没有写讲师，检查应当指出来。

![缺失的图片](images/no-such-image.png)
EOF
run_booklet "$OUT/check-findings" --check "$OUT/check/findings.md"
if [ "$rc" -eq 0 ] && grep -q 'findings\.md\(:[0-9]*\)*: warning: .*no-such-image' "$OUT/check-findings.out" &&
  grep -q 'findings.md: checked: .*[1-9][0-9]* warnings*$' "$OUT/check-findings.out"; then
  ok "--check: findings (a missing image) as file:line: warning on stdout"
else
  notok "--check: findings on stdout" "exit $rc: $(firstline "$OUT/check-findings.out")"
fi
if grep -q "speaker '王小明' has no bio and no photo" "$OUT/check-findings.out"; then
  ok "--check: a speaker without bio or photo is reported"
else
  notok "--check: a speaker without bio or photo" "$(grep -c . "$OUT/check-findings.out") lines: $(firstline "$OUT/check-findings.out")"
fi
if grep -q "talk '没有讲师的议题' has no speaker" "$OUT/check-findings.out"; then
  ok "--check: a talk without a speaker is reported"
elif grep -q 'checked: .* 0 talks' "$OUT/check-findings.out"; then
  skip "--check: a talk without a speaker" "no talk recognised in the page (extraction)"
else
  notok "--check: a talk without a speaker" "$(firstline "$OUT/check-findings.out")"
fi
[ ! -e "$OUT/check/findings.pdf" ] && [ ! -e findings.pdf ] &&
  ok "--check: no PDF for the checked page" ||
  notok "--check: no PDF for the checked page" "a PDF was written"
run_booklet "$OUT/check-bad" --check "$GOOD2" "$BADIN"
if [ "$rc" -eq 1 ] && grep -q "^$BADIN:[0-9]*: error:" "$OUT/check-bad.out" &&
  grep -q "^$BADIN: failed: " "$OUT/check-bad.out"; then
  ok "--check: an input with an error: exit 1, reported on stdout"
else
  notok "--check: an input with an error" "exit $rc: $(firstline "$OUT/check-bad.out")"
fi

# ---------------------------------------------------------------------- -v --

run_booklet "$OUT/verbose" -v "$GOOD2" -o "$OUT/verbose.pdf"
if [ "$rc" -eq 0 ] &&
  grep -Eq 'parse [0-9.]+ ms.*extract [0-9.]+ ms.*images [0-9.]+ ms.*layout [0-9.]+ ms.*render\+write [0-9.]+ ms' "$OUT/verbose.err"; then
  ok "-v: per-stage timings (parse, extract, images, layout, render+write)"
else
  notok "-v: per-stage timings" "exit $rc: $(grep timings "$OUT/verbose.err" | head -n 1)"
fi

# ------------------------------------------------------------ usage errors --

usage_case() {
  name=$1
  shift
  run_booklet "$OUT/usage" "$@"
  if [ "$rc" -eq 2 ] && grep -q 'error:' "$OUT/usage.err" && [ ! -s "$OUT/usage.out" ] &&
    [ -z "$(find "$OUT/u" -type f 2>/dev/null)" ]; then
    ok "usage error exits 2, writes nothing: $name"
  else
    notok "usage error exits 2: $name" "exit $rc: $(firstline "$OUT/usage.err")"
  fi
}
mkdir -p "$OUT/u/a" "$OUT/u/b"
cp "$GOOD2" "$OUT/u/a/x.md"
cp "$GOOD2" "$OUT/u/b/x.md"
rm -f "$OUT/u/a/x.md" "$OUT/u/b/x.md" # names only: nothing may be read
usage_case "unknown option" --no-such-option "$GOOD2" -O "$OUT/u"
usage_case "no input" -O "$OUT/u"
usage_case "-o with two inputs" -o "$OUT/u/x.pdf" "$GOOD1" "$GOOD2"
usage_case "-o with -O" -o "$OUT/u/x.pdf" -O "$OUT/u" "$GOOD2"
usage_case "-j 0" -j 0 -O "$OUT/u" "$GOOD2"
usage_case "-j not a number" -j two -O "$OUT/u" "$GOOD2"
usage_case "-j without a value" "$GOOD2" -j
usage_case "two inputs, one output name" -O "$OUT/u" "$OUT/u/a/x.md" "$OUT/u/b/x.md"

# -------------------------------------------------------- --help, man page --

run_booklet "$OUT/help" --help
# every long option in main.c's table, and every short one in its optstring
opts=$(sed -n 's/^ *{"\([a-z][a-z-]*\)", *[a-z_]*_argument.*/\1/p' src/main.c)
shorts=$(sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' src/main.c | tr -d ':')
missing=
for o in $opts; do
  grep -q -e "--$o" "$OUT/help.out" || missing="$missing --$o"
done
i=1
while [ "$i" -le "${#shorts}" ]; do
  c=$(printf '%s' "$shorts" | cut -c"$i")
  grep -q -e "-$c[ ,]" "$OUT/help.out" || missing="$missing -$c"
  i=$((i + 1))
done
if [ "$rc" -eq 0 ] && [ -n "$opts" ] && [ -z "$missing" ]; then
  ok "--help lists every option ($(echo $opts | wc -w | tr -d ' ') long, ${#shorts} short)"
else
  notok "--help lists every option" "exit $rc, missing:${missing:- (none found in src/main.c)}"
fi
long_lines=$(awk 'length($0) > 100' "$OUT/help.out" | head -n 1)
[ -z "$long_lines" ] && ok "--help: one line per option, none over 100 columns" ||
  notok "--help: lines over 100 columns" "$long_lines"
missing=
for o in $opts; do
  pat=$(printf '%s' "--$o" | sed 's/-/\\\\-/g')
  grep -q -e "$pat" booklet.1 || missing="$missing --$o"
done
[ -z "$missing" ] && ok "booklet.1 documents every long option" ||
  notok "booklet.1 documents every long option" "missing:$missing"
missing=
for s in NAME SYNOPSIS DESCRIPTION OPTIONS LAYOUTS "EXIT STATUS" EXAMPLES FILES; do
  grep -q "^\.SH \"*$s" booklet.1 || missing="$missing $s"
done
[ -z "$missing" ] && ok "booklet.1 has NAME .. FILES sections" ||
  notok "booklet.1 sections" "missing:$missing"
if have groff; then
  groff -man -ww -z booklet.1 >"$OUT/groff.err" 2>&1
  if [ $? -eq 0 ] && [ ! -s "$OUT/groff.err" ]; then
    ok "booklet.1 renders with groff, no warnings"
  else
    notok "booklet.1 renders with groff" "$(firstline "$OUT/groff.err")"
  fi
elif have man; then
  man -l booklet.1 >/dev/null 2>"$OUT/groff.err" && ok "booklet.1 renders (man -l)" ||
    notok "booklet.1 renders (man -l)" "$(firstline "$OUT/groff.err")"
else
  skip "booklet.1 renders" "neither groff nor man is installed"
fi

run_booklet "$OUT/version" --version
if [ "$rc" -eq 0 ] && grep -Eq '^booklet [0-9]+\.[0-9]+' "$OUT/version.out"; then
  ok "--version"
else
  notok "--version" "exit $rc: $(firstline "$OUT/version.out")"
fi

# -------------------------------------------------------- reproducibility --

mkdir -p "$OUT/r1/event" "$OUT/r2/deeper/place/event"
for d in "$OUT/r1/event" "$OUT/r2/deeper/place/event"; do
  cp "$GOOD1" "$d/" && cp -R content/images "$d/"
done
(cd "$OUT/r1" && "$BOOKLET" -q event/zh-meetup.md -o a.pdf)
ra=$?
(cd "$OUT/r2/deeper/place/event" && "$BOOKLET" -q zh-meetup.md -o "$OUT/r2/b.pdf")
rb=$?
(cd / && "$BOOKLET" -q "$OUT/r2/deeper/place/event/zh-meetup.md" -o "$OUT/r2/c.pdf")
rcc=$?
if [ "$ra$rb$rcc" = 000 ] && cmp -s "$OUT/r1/a.pdf" "$OUT/r2/b.pdf" &&
  cmp -s "$OUT/r1/a.pdf" "$OUT/r2/c.pdf" && cmp -s "$OUT/r1/a.pdf" "$OUT/j1/zh-meetup.pdf"; then
  ok "reproducible across working folders and input paths"
else
  notok "reproducible across working folders and input paths" \
    "exit $ra/$rb/$rcc; $(cmp "$OUT/r1/a.pdf" "$OUT/r2/c.pdf" 2>&1 | head -n 1)"
fi
if [ ! -s "$OUT/r2/c.pdf" ]; then
  notok "no file paths in the PDF" "no PDF to look at"
elif LC_ALL=C grep -a -q -e "$OUT" -e "$ROOT" "$OUT/r2/c.pdf"; then
  notok "no file paths in the PDF" "$(LC_ALL=C grep -a -o -e "$OUT[^ )]*" -e "$ROOT[^ )]*" "$OUT/r2/c.pdf" | head -n 1)"
else
  ok "no file paths in the PDF"
fi
SOURCE_DATE_EPOCH=86400 "$BOOKLET" -q "$GOOD1" -o "$OUT/r1/sde.pdf"
if have pdfinfo; then
  if pdfinfo -isodates "$OUT/r1/sde.pdf" 2>/dev/null | grep -q 'CreationDate: *1970-01-02'; then
    ok "SOURCE_DATE_EPOCH sets the creation date"
  else
    notok "SOURCE_DATE_EPOCH sets the creation date" "$(pdfinfo -isodates "$OUT/r1/sde.pdf" 2>&1 | grep -i date | head -n 1)"
  fi
  if pdfinfo -isodates "$OUT/r1/a.pdf" 2>/dev/null | grep -q 'CreationDate: *2025-11-1[45]'; then
    ok "without SOURCE_DATE_EPOCH the creation date is the event's"
  else
    notok "creation date from the event" "$(pdfinfo -isodates "$OUT/r1/a.pdf" 2>&1 | grep -i date | head -n 1)"
  fi
fi

# ---------------------------------------------------------------- install --

MAKE=${MAKE:-make}
if have "$MAKE" && [ -f Makefile ]; then
  if "$MAKE" -s install PREFIX="$OUT/inst" BIN="$BOOKLET" >"$OUT/install.log" 2>&1; then
    (cd "$OUT/r1" && unset BOOKLET_DATA BOOKLET_LAYOUTS &&
      "$OUT/inst/bin/booklet" -q event/zh-meetup.md -o inst.pdf >"$OUT/inst-run.log" 2>&1)
    rc=$?
    (cd "$OUT/r1" && "$BOOKLET" -q event/zh-meetup.md -o here.pdf)
    if [ "$rc" -eq 0 ] && cmp -s "$OUT/r1/inst.pdf" "$OUT/r1/here.pdf"; then
      ok "make install: the installed binary finds its layouts and fonts (same PDF)"
    else
      notok "make install: the installed binary" "exit $rc: $(firstline "$OUT/inst-run.log")"
    fi
    (cd / && "$OUT/inst/bin/booklet" --dump-layout -l a4 >/dev/null 2>"$OUT/inst-a4.log")
    [ $? -eq 0 ] && ok "make install: layout a4 found from /" ||
      notok "make install: layout a4 found from /" "$(firstline "$OUT/inst-a4.log")"
    [ -s "$OUT/inst/share/man/man1/booklet.1" ] && ok "make install: man page in share/man/man1" ||
      notok "make install: man page" "not in $OUT/inst/share/man/man1"
  else
    notok "make install PREFIX=..." "$(firstline "$OUT/install.log")"
  fi
else
  skip "make install" "make is not available"
fi

finish
