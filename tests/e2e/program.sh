#!/bin/sh
# program.sh — issue 3's layout check: for every seed page (../shared/seeds,
# skipped when absent) and every content/*.md sample, every talk title of
# the extracted model is printed on the agenda page and on its own talk page
# (tests/e2e/program.py).  Ends with `N passed, N failed[, N skipped]`
# (tests/e2e/lib.sh, the harness).  Outputs in $E2E_OUT/program (default
# tests/out/program).
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

out_dir program
need_booklet

# check FILE: the model's talk titles on the agenda and the talk pages
check() {
  f=$1
  n=$(basename "$f" .md)
  if ! "$BOOKLET" --offline -q --dump-model "$f" >"$OUT/$n.json" ||
    ! "$BOOKLET" --offline -q "$f" -o "$OUT/$n.pdf"; then
    notok "$n" "booklet failed"
    return
  fi
  python3 tests/e2e/program.py "$OUT/$n.json" "$OUT/$n.pdf" >"$OUT/$n.txt"
  tally "$OUT/$n.txt" "$n: "
}
for f in content/*.md; do check "$f"; done
if [ -d "$SEEDS" ]; then
  for f in "$SEEDS"/*.md; do check "$f"; done
else
  skip "seeds" "$SEEDS not found (the seed pages live beside the repository)"
fi
finish
