#!/bin/sh
# program.sh — issue 3's layout check: for every seed page (../shared/seeds,
# skipped when absent) and every content/*.md sample, every talk title of
# the extracted model is printed on the agenda page and on its own talk page
# (tests/e2e/program.py).  Ends with `N passed, N failed[, N skipped]`.
BOOKLET=${BOOKLET:-build/booklet}
SEEDS=${BOOKLET_SEEDS:-../shared/seeds}
OUT=${E2E_OUT:-tests/out}/program
mkdir -p "$OUT"
pass=0 fail=0 skip=0
check() {
  f=$1
  n=$(basename "$f" .md)
  if ! "$BOOKLET" --offline -q --dump-model "$f" >"$OUT/$n.json" ||
    ! "$BOOKLET" --offline -q "$f" -o "$OUT/$n.pdf"; then
    echo "FAIL - $n: booklet failed"
    fail=$((fail + 1))
    return
  fi
  python3 tests/e2e/program.py "$OUT/$n.json" "$OUT/$n.pdf" >"$OUT/$n.txt"
  while IFS= read -r line; do
    case "$line" in
    "ok - "*) pass=$((pass + 1)); echo "ok - $n: ${line#ok - }" ;;
    "FAIL - "*) fail=$((fail + 1)); echo "FAIL - $n: ${line#FAIL - }" ;;
    esac
  done <"$OUT/$n.txt"
}
for f in content/*.md; do check "$f"; done
if [ -d "$SEEDS" ]; then
  for f in "$SEEDS"/*.md; do check "$f"; done
else
  echo "skip - seeds: $SEEDS not found"
  skip=1
fi
if [ "$skip" -gt 0 ]; then
  echo "$pass passed, $fail failed, $skip skipped"
else
  echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
