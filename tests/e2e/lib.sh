# lib.sh — the harness of the end-to-end scripts (tests/run-e2e.sh,
# tests/run-bad.sh, tests/e2e/*.sh).  Each script goes to the repository
# root and sources it:
#
#     cd "$(dirname "$0")/../.." || exit 2
#     . tests/e2e/lib.sh
#
# What it gives (POSIX sh, runs under dash):
#   - results: `ok NAME`, `notok NAME WHY`, `skip NAME WHY` print
#     `ok - NAME`, `FAIL - NAME: WHY`, `skip - NAME: WHY` and count them;
#     `note TEXT` prints a `# TEXT` line; `tally FILE [PREFIX]` counts the
#     ok/FAIL/skip lines a checker (a Python script) wrote to FILE as if
#     they were the script's own; `finish` runs the clean-up hook, prints
#     `N passed, N failed[, N skipped]` and exits 1 when anything failed;
#   - the environment: ROOT (the repository, the working folder),
#     BOOKLET (binary, default build/booklet, made absolute), TIMEOUT
#     (BOOKLET_TIMEOUT, seconds per run, default 120), SEEDS
#     (BOOKLET_SEEDS, default ../shared/seeds), OUT_ROOT (E2E_OUT,
#     default tests/out, absolute); PYTHONDONTWRITEBYTECODE is exported
#     (no __pycache__ in tests/e2e/);
#   - `out_dir NAME`: OUT=$OUT_ROOT/NAME, emptied and made;
#     `at_finish COMMAND`: a clean-up command `finish` runs (also on INT
#     and TERM), such as stopping a test server;
#   - running: `timed COMMAND ARGS...` runs a command under `timeout
#     $TIMEOUT` when there is one (status 124 when it timed out);
#     `run_booklet STEM ARGS...` runs booklet ARGS timed, stdout to
#     STEM.out and stderr to STEM.err, status in $rc;
#   - tools: `have TOOL...` (all on PATH); `need VERDICT TOOL...` reports
#     the first missing tool with VERDICT (notok or skip) and finishes;
#     `need_booklet` fails and finishes when the binary is not there;
#     `fitz_python` sets PY to the python3 that can import PyMuPDF
#     (Debian's python3-fitz), empty when none can;
#   - small readers: `firstline FILE` (the first diagnostic-looking line,
#     else the first line, flattened, for FAIL messages), `ere_quote TEXT`,
#     `is_pdf FILE`, `pdf_pages FILE`.

# shellcheck disable=SC2034  # SEEDS, rc, PY...: for the scripts that source this
ROOT=$(pwd)
if [ ! -f "$ROOT/tests/e2e/lib.sh" ]; then
  echo "lib.sh: run from the repository root" >&2
  exit 2
fi

BOOKLET=${BOOKLET:-build/booklet}
case $BOOKLET in
/*) ;;
*/*) BOOKLET=$ROOT/$BOOKLET ;;
esac
TIMEOUT=${BOOKLET_TIMEOUT:-120}
SEEDS=${BOOKLET_SEEDS:-../shared/seeds}
OUT_ROOT=${E2E_OUT:-tests/out}
case $OUT_ROOT in /*) ;; *) OUT_ROOT=$ROOT/$OUT_ROOT ;; esac
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE

# ---- results ------------------------------------------------------------

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
note() {
  echo "# $*"
}

# tally FILE [PREFIX]: the `ok - X`, `FAIL - X: why` and `skip - X: why`
# lines a checker wrote to FILE, counted and printed as this script's own
# (PREFIX before each name); its `#` lines are left out, its other lines
# printed as `#` notes (so a traceback shows).  $tallied is the number of
# results (0 may mean the checker crashed: the caller decides).
tally() {
  tally_prefix=${2-}
  tallied=0
  while IFS= read -r tally_line; do
    case $tally_line in
    "ok - "*) ok "$tally_prefix${tally_line#ok - }" ;;
    "FAIL - "*)
      failed=$((failed + 1))
      echo "FAIL - $tally_prefix${tally_line#FAIL - }"
      ;;
    "skip - "*)
      skipped=$((skipped + 1))
      echo "skip - $tally_prefix${tally_line#skip - }"
      ;;
    '' | "#"*) continue ;;
    *) echo "# $tally_line" && continue ;;
    esac
    tallied=$((tallied + 1))
  done <"$1"
}

FINISH_HOOK=
# at_finish COMMAND: run COMMAND (eval'd) when the script finishes, is
# interrupted or terminated.
at_finish() {
  FINISH_HOOK=$1
  trap 'finish' INT TERM
}

finish() {
  if [ -n "$FINISH_HOOK" ]; then
    finish_hook=$FINISH_HOOK
    FINISH_HOOK=
    eval "$finish_hook"
  fi
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
  exit $?
}

# ---- folders ------------------------------------------------------------

# out_dir NAME: OUT=$OUT_ROOT/NAME, emptied and made (exit 2 when it
# cannot be).
out_dir() {
  OUT=$OUT_ROOT/$1
  rm -rf "$OUT"
  mkdir -p "$OUT" || exit 2
}

# ---- running ------------------------------------------------------------

HAVE_TIMEOUT=0
command -v timeout >/dev/null 2>&1 && HAVE_TIMEOUT=1

# timed COMMAND ARGS...: COMMAND under a time limit of $TIMEOUT seconds
# when timeout(1) is there; its status (124: timed out).
timed() {
  if [ "$HAVE_TIMEOUT" = 1 ]; then
    timeout "$TIMEOUT" "$@"
  else
    "$@"
  fi
}

# run_booklet STEM ARGS...: booklet ARGS, timed, stdout to STEM.out and
# stderr to STEM.err; the exit status in $rc.
run_booklet() {
  run_stem=$1
  shift
  timed "$BOOKLET" "$@" >"$run_stem.out" 2>"$run_stem.err"
  rc=$?
}

# ---- tools --------------------------------------------------------------

# have TOOL...: every TOOL is on PATH.
have() {
  for have_tool in "$@"; do
    command -v "$have_tool" >/dev/null 2>&1 || return 1
  done
}

# need VERDICT TOOL...: when a TOOL is missing, report it with VERDICT
# (notok or skip) and finish.
need() {
  need_verdict=$1
  shift
  for need_tool in "$@"; do
    if ! have "$need_tool"; then
      $need_verdict "tools" "$need_tool not found (make deps installs it)"
      finish
    fi
  done
}

# need_booklet: fail and finish when $BOOKLET is not an executable file.
need_booklet() {
  if [ ! -x "$BOOKLET" ] || [ -d "$BOOKLET" ]; then
    notok "booklet binary" "$BOOKLET is not an executable file (run make first)"
    finish
  fi
}

# fitz_python: PY is the first python3 that can import PyMuPDF (fitz,
# Debian's python3-fitz, which only the system python3 may have); empty
# when none can.
fitz_python() {
  PY=
  for fitz_py in python3 /usr/bin/python3; do
    if "$fitz_py" -c 'import fitz' 2>/dev/null; then
      PY=$fitz_py
      return 0
    fi
  done
  return 1
}

# ---- readers ------------------------------------------------------------

# firstline FILE: its first error, warning or sanitizer line, else its
# first line, flattened and cut, for a FAIL message; "(nothing)" when
# the file is empty or missing.
firstline() {
  if [ ! -s "$1" ]; then
    echo "(nothing)"
  elif grep -q -E 'error|warning|ERROR|Sanitizer' "$1"; then
    grep -m 1 -E 'error|warning|ERROR|Sanitizer' "$1" |
      tr -s '[:space:]' ' ' | cut -c1-200
  else
    grep -m 1 . "$1" | tr -s '[:space:]' ' ' | cut -c1-200
  fi
}

# ere_quote TEXT: TEXT escaped for use inside a grep -E pattern.
ere_quote() {
  # shellcheck disable=SC2016  # the $ is a character to escape
  printf '%s' "$1" | sed 's/[][\\.|$(){}?+*^]/\\&/g'
}

# is_pdf FILE: starts with %PDF- and ends with %%EOF.
is_pdf() {
  [ -s "$1" ] && [ "$(head -c 5 "$1")" = "%PDF-" ] &&
    tail -c 32 "$1" | grep -q '%%EOF'
}

# pdf_pages FILE: its page count (pdfinfo), empty when unreadable.
pdf_pages() {
  pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p'
}
