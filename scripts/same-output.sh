#!/bin/sh
# same-output.sh — render every seed page and every content/ sample with one
# booklet binary into a folder, so that two builds (before and after a
# refactor) can be compared byte for byte:
#
#     scripts/same-output.sh /tmp/before old/booklet
#     scripts/same-output.sh /tmp/after  build/booklet
#     diff -r /tmp/before /tmp/after && echo identical
#
# Usage: same-output.sh DIR [BOOKLET]   (BOOKLET also from the environment;
# default build/booklet).  DIR is emptied first.
#
# For each input NAME (seed-XXX or content-XXX) it writes
#   NAME.pdf           the default layout (a5-booklet)
#   NAME.a4.pdf        --layout a4
#   NAME.handout.pdf   --layout handout
#   NAME.saddle.pdf    --impose saddle --paper A4 --marks
#   NAME.model.json    --dump-model
#   NAME.document.txt  --dump-document
#   NAME.flow.txt      --dump-flow
#   NAME.check.txt     --check (its report on stdout)
#   NAME.*.err         each run's stderr, then its exit status as `exit N`
# plus, for the content samples, PNG and SVG pages (NAME-N.png, NAME-N.svg),
# each tests/bad/*.md input's diagnostics, exit status and whether it left
# a file (bad-XXX.err), and one batch run of all inputs with -O (batch/,
# batch.err).
#
# What would make two runs differ other than the program:
#   - the PDF's creation date is never the clock (render.c: SOURCE_DATE_EPOCH,
#     else the event's date, else 2000-01-01) and the /ID is a digest of the
#     bytes: nothing to pin, but SOURCE_DATE_EPOCH is unset here so the
#     event's date is what is exercised;
#   - remote images: every run is --offline with an empty cache folder
#     (XDG_CACHE_HOME inside DIR), so they are placeholders both times;
#   - fonts and layouts: BOOKLET_DATA is this repository, whatever the
#     binary's location, and fontconfig is set up from fonts/ by booklet;
#   - paths: inputs are named relative to the repository root, and DIR is
#     written as OUT in the captured stderr.
# POSIX sh.

cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: same-output.sh DIR [BOOKLET]" >&2
  exit 2
fi
DIR=$1
BOOKLET=${2:-${BOOKLET:-build/booklet}}
case $BOOKLET in /*) ;; *) BOOKLET=$ROOT/$BOOKLET ;; esac
if [ ! -x "$BOOKLET" ]; then
  echo "same-output: $BOOKLET is not an executable (run make)" >&2
  exit 2
fi
SEEDS=${BOOKLET_SEEDS:-../shared/seeds}

rm -rf "$DIR" && mkdir -p "$DIR" || exit 2
DIR=$(cd "$DIR" && pwd)
CACHE=$(mktemp -d "${TMPDIR:-/tmp}/same-output-cache.XXXXXX") || exit 2
trap 'rm -rf "$CACHE"' EXIT
trap 'exit 130' INT TERM

BOOKLET_DATA=$ROOT
XDG_CACHE_HOME=$CACHE
export BOOKLET_DATA XDG_CACHE_HOME
unset SOURCE_DATE_EPOCH BOOKLET_MAX_INPUT BOOKLET_FETCH_TIMEOUT

# run ERR ARGS...: booklet --offline ARGS, stderr (DIR as OUT) and the exit
# status into ERR; stdout is the caller's.
run() {
  err=$1
  shift
  "$BOOKLET" --offline "$@" 2>"$err.tmp"
  rc=$?
  sed "s|$DIR|OUT|g" "$err.tmp" >"$err"
  rm -f "$err.tmp"
  echo "exit $rc" >>"$err"
}

# one NAME INPUT [extra]: every output of one input; extra adds PNG/SVG.
one() {
  n=$1 in=$2
  o=$DIR/$n
  run "$o.err" "$in" -o "$o.pdf"
  run "$o.a4.err" --layout a4 "$in" -o "$o.a4.pdf"
  run "$o.handout.err" --layout handout "$in" -o "$o.handout.pdf"
  run "$o.saddle.err" --impose saddle --paper A4 --marks "$in" \
    -o "$o.saddle.pdf"
  run "$o.model.err" --dump-model "$in" >"$o.model.json"
  run "$o.document.err" --dump-document "$in" >"$o.document.txt"
  run "$o.flow.err" --dump-flow "$in" >"$o.flow.txt"
  run "$o.check.err" --check "$in" >"$o.check.txt"
  if [ "$3" = extra ]; then
    run "$o.png.err" --dpi 30 "$in" -o "$o.png"
    run "$o.svg.err" "$in" -o "$o.svg"
  fi
}

inputs=""
count=0
if [ -d "$SEEDS" ] && ls "$SEEDS"/*.md >/dev/null 2>&1; then
  for f in "$SEEDS"/*.md; do
    b=$(basename "$f" .md)
    one "seed-$b" "$f"
    inputs="$inputs $f"
    count=$((count + 1))
  done
else
  echo "same-output: skip the seeds: $SEEDS has no pages"
fi
for f in content/*.md; do
  b=$(basename "$f" .md)
  one "content-$b" "$f" extra
  inputs="$inputs $f"
  count=$((count + 1))
done

# inputs that fail or warn: diagnostics, status and whether a file is left
for f in tests/bad/*.md; do
  b=$(basename "$f" .md)
  run "$DIR/bad-$b.err" "$f" -o "$DIR/bad-$b.pdf"
  if [ -f "$DIR/bad-$b.pdf" ]; then
    echo "output written" >>"$DIR/bad-$b.err"
  else
    echo "no output" >>"$DIR/bad-$b.err"
  fi
done

# one batch run (-j 1: messages in a fixed order)
mkdir -p "$DIR/batch"
# shellcheck disable=SC2086  # the inputs are one word each
run "$DIR/batch.err" -j 1 -O "$DIR/batch" $inputs tests/bad/yaml-error.md

echo "same-output: $count inputs rendered into $DIR with $BOOKLET"
