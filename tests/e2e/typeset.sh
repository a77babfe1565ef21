#!/bin/sh
# typeset.sh — typesetting quality, end to end (issue 4).  `make e2e` runs
# it from the repository root as
#
#     BOOKLET=build/booklet sh tests/e2e/typeset.sh
#
# What it checks:
#   - the checker itself (tests/e2e/typecheck.py) finds each kind of fault
#     once in tests/typeset/checker-bad.html, a hand-made page set with
#     one of each, and once each of the faults it reads from a PDF itself
#     (letter-spaced words, quotes from a CJK face in Latin context,
#     .notdef glyphs) in a PDF made by tests/typeset/make-checker-pdf.py;
#   - tests/typeset/stress.md (our own Chinese fixture: punctuation at
#     every break position, mixed Chinese, English and numbers, long URLs,
#     a 60-row agenda, a table cell three pages long),
#     tests/typeset/stress-en.md (our own English fixture: long words,
#     quotes and apostrophes, dashes, URLs, emoji, a 100-character title),
#     every content/*.md sample and every seed page in ../shared/seeds
#     (skipped with a note when absent) render, and typecheck.py counts 0
#     of each: lines starting with closing or ending with opening
#     punctuation, words outside the text frame or the page (running heads
#     included), gaps wider than 1.5 line heights in a justified line,
#     justified body lines not flush right, headings ending a page
#     (unless a picture of --dump-flow stands under them), widows
#     and orphans, in the text layer spaces between two Han characters that
#     the laid-out document (--dump-document) does not have (justification
#     and Han–Latin spacing never add characters), word spaces over 0.9 em
#     in justified English lines, letter-spaced Latin words, quotes drawn
#     from a CJK face in Latin context, and .notdef glyphs; each page is
#     checked against the layout as set for its language (--dump-layout
#     PAGE); the counts are printed as `#` lines;
#   - the English sample and fixture have hyphenated line ends.
# The PDF checks need PyMuPDF (python3-fitz, Debian's python3): the
# python3 that can import it is used, else they are skipped with a note.
#
# Prints `ok - NAME`, `FAIL - NAME: why` or `skip - NAME: why`; the last
# line is `N passed, N failed[, N skipped]`; exit status 1 when any check
# failed (tests/e2e/lib.sh, the harness).  Outputs go to
# $E2E_OUT/typeset (default tests/out/typeset), cleaned first.  POSIX sh:
# runs under dash.

cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

CHECK=tests/e2e/typecheck.py

out_dir typeset
need skip python3 pdftotext pdftohtml
need_booklet
# a python3 with PyMuPDF for the checks on the PDF itself
PDFCHECK=1
if ! fitz_python; then
  PY=python3
  PDFCHECK=0
  skip "PDF checks" "no python3 with PyMuPDF (python3-fitz): letter-spacing, CJK quotes and .notdef are not checked"
fi

# The checker finds what it should.
got=$(python3 "$CHECK" --layout tests/typeset/checker-layout.txt \
  --doc tests/typeset/checker-doc.txt tests/typeset/checker-bad.html 2>&1)
want="start=1 end=1 margin=1 gap=1 ragged=1 heading=1 widow=1 orphan=1 space=1 loose=1 hyphens=0"
if [ "$got" = "$want" ]; then
  ok "checker finds one of each fault in checker-bad.html"
else
  notok "checker finds one of each fault in checker-bad.html" "$got"
fi
if [ $PDFCHECK = 1 ]; then
  if $PY tests/typeset/make-checker-pdf.py "$OUT/checker-bad.pdf" 2>"$OUT/checker-bad.err" &&
    pdftotext -bbox-layout "$OUT/checker-bad.pdf" "$OUT/checker-bad.html" 2>/dev/null; then
    got=$($PY "$CHECK" --layout tests/typeset/checker-layout.txt \
      --pdf "$OUT/checker-bad.pdf" "$OUT/checker-bad.html" 2>&1)
    case $got in
    *" letterspace=1 cjkquote=1 notdef=1 "*)
      ok "checker finds a letter-spaced word, a CJK quote and a .notdef glyph" ;;
    *) notok "checker finds a letter-spaced word, a CJK quote and a .notdef glyph" "$got" ;;
    esac
  else
    notok "make-checker-pdf.py" "$(head -n 1 "$OUT/checker-bad.err")"
  fi
fi
# ... and no heading fault where the flow put a picture under the heading
# (tests/typeset/checker-flow.txt: a placeholder below it on page 1)
got=$($PY "$CHECK" --layout tests/typeset/checker-layout.txt \
  --doc tests/typeset/checker-doc.txt --flow tests/typeset/checker-flow.txt \
  tests/typeset/checker-bad.html 2>&1)
case "$got" in
*" heading=0 "*) ok "checker keeps a heading with the picture under it" ;;
*) notok "checker keeps a heading with the picture under it" "$got" ;;
esac

# A character no font has: one warning at its line, and the checker sees
# the .notdef box it prints as.
printf -- '---\ntitle: Glyphs\nlang: en\n---\n\nA line.\n\nAn unknown character \364\217\277\275 here, and again \364\217\277\275.\n' \
  >"$OUT/notdef.md"
if "$BOOKLET" "$OUT/notdef.md" -o "$OUT/notdef.pdf" 2>"$OUT/notdef.err"; then
  n=$(grep -c "notdef.md:8: warning: no font has a glyph for U+10FFFD" "$OUT/notdef.err")
  if [ "$n" = 1 ] && [ "$(wc -l <"$OUT/notdef.err")" -eq 1 ]; then
    ok "a character no font has: one warning at its line"
  else
    notok "a character no font has: one warning at its line" "$(cat "$OUT/notdef.err")"
  fi
  if [ $PDFCHECK = 1 ]; then
    pdftotext -bbox-layout "$OUT/notdef.pdf" "$OUT/notdef.html"
    got=$($PY "$CHECK" --layout tests/typeset/checker-layout.txt \
      --pdf "$OUT/notdef.pdf" "$OUT/notdef.html" 2>&1)
    case $got in
    *" notdef=2 "*) ok "checker counts the two .notdef boxes" ;;
    *) notok "checker counts the two .notdef boxes" "$got" ;;
    esac
  fi
else
  notok "a character no font has: renders" "$(head -n 1 "$OUT/notdef.err")"
fi

# check_page FILE NAME: render and measure.
check_page() {
  src=$1
  name=$2
  pdf=$OUT/$name.pdf
  # --offline: the pages do not depend on the network (a remote image
  # is its cached copy or a placeholder)
  if ! timed "$BOOKLET" -q --offline "$src" -o "$pdf" \
    2>"$OUT/$name.err"; then
    notok "$name renders" "$(grep -m 1 . "$OUT/$name.err")"
    return
  fi
  "$BOOKLET" -q --offline --dump-document "$src" >"$OUT/$name.doc" 2>/dev/null
  "$BOOKLET" -q --offline --dump-layout "$src" >"$OUT/$name.layout" 2>/dev/null
  "$BOOKLET" -q --offline --dump-flow "$src" >"$OUT/$name.flow" 2>/dev/null
  pdftotext -bbox-layout "$pdf" "$OUT/$name.html"
  pdftohtml -q -xml -i -zoom 1 -stdout "$pdf" >"$OUT/$name.xml" 2>/dev/null
  if [ $PDFCHECK = 1 ]; then
    set -- --pdf "$pdf"
  else
    set --
  fi
  $PY "$CHECK" -v --layout "$OUT/$name.layout" --doc "$OUT/$name.doc" \
    --fonts "$OUT/$name.xml" --flow "$OUT/$name.flow" "$@" "$OUT/$name.html" \
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

# hyphenated NAME: the last check of NAME counted hyphenated line ends
hyphenated() {
  n=$(tail -n 1 "$OUT/$1.check" | sed -n 's/.*hyphens=\([0-9]*\).*/\1/p')
  if [ "${n:-0}" -gt 0 ]; then
    ok "$1: $n lines end at a hyphenation point"
  else
    notok "$1: hyphenated line ends" "none"
  fi
}

check_page tests/typeset/stress.md stress
check_page tests/typeset/stress-en.md stress-en
hyphenated stress-en
for f in content/*.md; do
  n=$(basename "$f")
  check_page "$f" "content-${n%.md}"
done
hyphenated content-en-conference
hyphenated content-en-summit
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
