#!/bin/sh
# typeset.sh — typesetting quality, end to end (issue 4).  `make e2e` runs
# it from the repository root as
#
#     BOOKLET=build/booklet sh tests/e2e/typeset.sh
#
# What it checks:
#   - the checker itself (tests/e2e/typecheck.py) finds each kind of fault
#     once in tests/typeset/checker-bad.html, a hand-made page set with
#     one of each;
#   - tests/typeset/stress.md (our own fixture: punctuation at every break
#     position, mixed Chinese, English and numbers, long URLs, a 60-row
#     agenda, a table cell three pages long), every content/*.md sample
#     and every seed page in ../shared/seeds (skipped with a note when
#     absent) render, and typecheck.py counts 0 of each: lines starting
#     with closing or ending with opening punctuation, words outside the
#     text frame or the page, gaps wider than 1.5 line heights in a
#     justified line, justified body lines not flush right, headings
#     ending a page (unless a picture of --dump-flow stands under them),
#     widows and orphans, and in the text layer spaces
#     between two Han characters that the laid-out document
#     (--dump-document) does not have (justification and Han–Latin
#     spacing never add characters); the counts are printed as `#` lines.
#
# Prints `ok - NAME`, `FAIL - NAME: why` or `skip - NAME: why`; the last
# line is `N passed, N failed[, N skipped]`; exit status 1 when any check
# failed.  Outputs go to $E2E_OUT/typeset (default tests/out/typeset),
# cleaned first.  POSIX sh: runs under dash.

cd "$(dirname "$0")/../.." || exit 2

BOOKLET=${BOOKLET:-build/booklet}
SEEDS=${BOOKLET_SEEDS:-../shared/seeds}
TIMEOUT=${BOOKLET_TIMEOUT:-120}
OUT=${E2E_OUT:-tests/out}/typeset
CHECK=tests/e2e/typecheck.py
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE

passed=0
failed=0
skipped=0
ok() {
  passed=$((passed + 1))
  echo "ok - $1"
}
notok() {
  failed=$((failed + 1))
  echo "FAIL - $1: $2"
}
skip() {
  skipped=$((skipped + 1))
  echo "skip - $1: $2"
}
finish() {
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
  exit $?
}
have() { command -v "$1" >/dev/null 2>&1; }

rm -rf "$OUT"
mkdir -p "$OUT"

for tool in python3 pdftotext pdftohtml; do
  if ! have "$tool"; then
    skip "typeset" "$tool not installed"
    finish
  fi
done

# The checker finds what it should.
got=$(python3 "$CHECK" --layout tests/typeset/checker-layout.txt \
  --doc tests/typeset/checker-doc.txt tests/typeset/checker-bad.html 2>&1)
want="start=1 end=1 margin=1 gap=1 ragged=1 heading=1 widow=1 orphan=1 space=1"
if [ "$got" = "$want" ]; then
  ok "checker finds one of each fault in checker-bad.html"
else
  notok "checker finds one of each fault in checker-bad.html" "$got"
fi
# ... and no heading fault where the flow put a picture under the heading
# (tests/typeset/checker-flow.txt: a placeholder below it on page 1)
got=$(python3 "$CHECK" --layout tests/typeset/checker-layout.txt \
  --doc tests/typeset/checker-doc.txt --flow tests/typeset/checker-flow.txt \
  tests/typeset/checker-bad.html 2>&1)
case "$got" in
*" heading=0 "*) ok "checker keeps a heading with the picture under it" ;;
*) notok "checker keeps a heading with the picture under it" "$got" ;;
esac

if ! "$BOOKLET" --dump-layout >"$OUT/layout.txt" 2>"$OUT/layout.err"; then
  notok "layout dump" "$(head -n 1 "$OUT/layout.err")"
  finish
fi

# check_page FILE NAME: render and measure.
check_page() {
  src=$1
  name=$2
  pdf=$OUT/$name.pdf
  # --offline: the pages do not depend on the network (a remote image
  # is its cached copy or a placeholder)
  if ! timeout "$TIMEOUT" "$BOOKLET" -q --offline "$src" -o "$pdf" \
    2>"$OUT/$name.err"; then
    notok "$name renders" "$(grep -m 1 . "$OUT/$name.err")"
    return
  fi
  "$BOOKLET" -q --offline --dump-document "$src" >"$OUT/$name.doc" 2>/dev/null
  "$BOOKLET" -q --offline --dump-flow "$src" >"$OUT/$name.flow" 2>/dev/null
  pdftotext -bbox-layout "$pdf" "$OUT/$name.html"
  pdftohtml -q -xml -i -zoom 1 -stdout "$pdf" >"$OUT/$name.xml" 2>/dev/null
  python3 "$CHECK" -v --layout "$OUT/layout.txt" --doc "$OUT/$name.doc" \
    --fonts "$OUT/$name.xml" --flow "$OUT/$name.flow" "$OUT/$name.html" \
    >"$OUT/$name.check" 2>&1
  rc=$?
  counts=$(tail -n 1 "$OUT/$name.check")
  echo "# $name: $counts"
  if [ $rc -eq 0 ]; then
    ok "$name: no typesetting faults"
  else
    notok "$name: typesetting faults" \
      "$counts; first: $(head -n 1 "$OUT/$name.check")"
  fi
}

check_page tests/typeset/stress.md stress
for f in content/*.md; do
  n=$(basename "$f")
  check_page "$f" "content-${n%.md}"
done
if [ -d "$SEEDS" ]; then
  nseeds=0
  for f in "$SEEDS"/*.md; do
    [ -f "$f" ] || continue
    nseeds=$((nseeds + 1))
    n=$(basename "$f")
    check_page "$f" "seed-${n%.md}"
  done
  [ "$nseeds" -gt 0 ] || skip "seeds" "no .md files in $SEEDS"
else
  skip "seeds" "$SEEDS not found (the seed pages live beside the repository)"
fi

finish
