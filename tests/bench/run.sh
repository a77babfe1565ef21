#!/bin/sh
# run.sh — `make bench`: what booklet costs, printed, never judged by exit
# status (tests never time anything; this never fails on a timing).
#
#     BOOKLET=build/booklet FLOOR=build/floor MEASURE=build/measure \
#       sh tests/bench/run.sh
#
# Prints, all measured in this one run:
#   1. each content/*.md sample and each ../shared/seeds/*.md page: pages,
#      PDF bytes, median wall time of BENCH_RUNS runs (default 5), peak RSS,
#      the floor's median on the same text (floor.c: one PangoLayout onto a
#      Cairo PDF surface, no booklet logic) and booklet / floor;
#   2. synthetic programs of about 10, 100 and 1000 pages (gen.awk): the
#      same, plus the cost per page, its ratio to the 10-page cost and the
#      marginal cost of each page added;
#   3. a batch of 20 inputs with -j 1 and -j 2: medians and the speedup;
#   4. peers when installed (pandoc with xelatex, weasyprint) on the seeds;
#   5. PDF bytes per seed with and without font subsetting (--no-subset),
#      the bytes of the font programs in each (pdfparts.py, with qpdf) and
#      the ratios of issue 9's target: the subset file over the no-subset
#      file without its fonts, and the two files without their fonts;
#   6. the issue-7 targets, met or missed, from the figures above.
#
# Environment: BOOKLET, FLOOR, MEASURE (binaries), BOOKLET_SEEDS (default
# ../shared/seeds), BENCH_RUNS (default 5, at least 5 for quoted figures),
# BENCH_OUT (work folder; default a temporary folder, removed at the end),
# BENCH_SIZES (synthetic page targets, default "10 100 1000").
# Timings from a loaded machine mean little: the load average is printed.
# POSIX sh: runs under dash.

cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)

BOOKLET=${BOOKLET:-build/booklet}
FLOOR=${FLOOR:-build/floor}
MEASURE=${MEASURE:-build/measure}
SEEDS=${BOOKLET_SEEDS:-../shared/seeds}
RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_SIZES:-10 100 1000}
FONTSCONF=$ROOT/fonts/fonts.conf
BENCH=tests/bench

for b in "$BOOKLET" "$FLOOR" "$MEASURE"; do
  if [ ! -x "$b" ]; then
    echo "bench: $b is missing (run make bench)" >&2
    exit 2
  fi
done
case $BOOKLET in /*) ;; *) BOOKLET=$ROOT/$BOOKLET ;; esac
case $FLOOR in /*) ;; *) FLOOR=$ROOT/$FLOOR ;; esac
case $MEASURE in /*) ;; *) MEASURE=$ROOT/$MEASURE ;; esac

if [ -n "$BENCH_OUT" ]; then
  OUT=$BENCH_OUT
  mkdir -p "$OUT" || exit 2
  KEEP=1
else
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/booklet-bench.XXXXXX") || exit 2
  KEEP=0
fi
cleanup() { [ "$KEEP" = 1 ] || rm -rf "$OUT"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers --

# measure RUNS CMD...: sets m_med m_min m_max (ms), m_rss (KB), m_rc,
# m_cpu (median user + system ms).
measure() {
  # shellcheck disable=SC2046  # the fields are numbers
  set -- $("$MEASURE" "$@")
  m_med=$1 m_min=$2 m_max=$3 m_rss=$4 m_rc=$5 m_cpu=$6
}

# Page count of a PDF (pdfinfo, else counting page objects).
pages() {
  if command -v pdfinfo >/dev/null 2>&1; then
    pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2; f = 1 } END { if (!f) print 0 }'
  else
    LC_ALL=C grep -c '/Type */Page[^s]' "$1" 2>/dev/null || echo 0
  fi
}

bytes() { if [ -f "$1" ]; then wc -c <"$1" | tr -d ' '; else echo 0; fi; }

# div A B [FORMAT]: A / B, or "-" when B is 0.
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b + 0 == 0) print "-"; else printf f "\n", a / b }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f\n", k / 1024 }'; }

# bench_input NAME SOURCE: render SOURCE with booklet and the floor,
# RUNS times each; sets r_row (a table row) and r_pages r_bytes r_med
# r_rss (KB) r_floor r_ratio (wall time) r_cratio (CPU time: steadier on a
# busy machine).
bench_input() {
  name=$1 src=$2
  pdf=$OUT/pdf/$name.pdf
  "$BOOKLET" $OFFLINE -q "$src" -o "$pdf" 2>/dev/null
  r_pages=$(pages "$pdf")
  r_bytes=$(bytes "$pdf")
  measure "$RUNS" "$BOOKLET" $OFFLINE -q "$src" -o "$pdf"
  r_med=$m_med r_rss=$m_rss r_rc=$m_rc r_cpu=$m_cpu
  awk -f "$BENCH/bodytext.awk" "$src" >"$OUT/txt/$name.txt"
  measure "$RUNS" "$FLOOR" "$OUT/txt/$name.txt" "$OUT/floor/$name.pdf" "$FONTSCONF"
  r_floor=$m_med
  r_ratio=$(div "$r_med" "$r_floor")
  r_cratio=$(div "$r_cpu" "$m_cpu")
  flag=
  [ "$r_rc" = 0 ] || flag="  (exit $r_rc)"
  r_row=$(printf '%-28s %5s %9s %9s %8s %9s %7s %7s%s' "$name" "$r_pages" \
    "$r_bytes" "$r_med" "$(mb "$r_rss")" "$r_floor" "$r_ratio" "$r_cratio" "$flag")
}

header() {
  printf '%-28s %5s %9s %9s %8s %9s %7s %7s\n' input pages bytes "median-ms" \
    "rss-MB" "floor-ms" "x-floor" "cpu-x"
}

# Remote images: never fetched while timing (seed pages name dozens), and
# an empty private cache, so every run does the same work.
OFFLINE=
"$BOOKLET" --help 2>/dev/null | grep -q -e '--offline' && OFFLINE=--offline
XDG_CACHE_HOME=$OUT/cache
export XDG_CACHE_HOME

mkdir -p "$OUT/pdf" "$OUT/txt" "$OUT/floor" "$OUT/gen" "$OUT/batch/in" \
  "$OUT/batch/j1" "$OUT/batch/j2" "$OUT/peer" || exit 2

# ----------------------------------------------------------------- header --

echo "# booklet bench — $("$BOOKLET" --version 2>/dev/null | head -n 1)"
echo "# $(uname -srm); $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?');" \
  "median of $RUNS runs each; times in ms, wall clock"
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "# note: the machine is busy (load $load): timings are noisy"
fi

# ------------------------------------------------- samples and seed pages --

echo
echo "## samples and seeds (floor: the same body text, one PangoLayout)"
header
seed_ratios=
seed_cratios=
for f in content/*.md; do
  [ -f "$f" ] || continue
  bench_input "$(basename "$f" .md)" "$f"
  echo "$r_row"
done
n_seeds=0
if [ -d "$SEEDS" ]; then
  for f in "$SEEDS"/*.md; do
    [ -f "$f" ] || continue
    n_seeds=$((n_seeds + 1))
    bench_input "seed:$(basename "$f" .md | cut -c1-16)" "$f"
    echo "$r_row"
    seed_ratios="$seed_ratios $r_ratio"
    seed_cratios="$seed_cratios $r_cratio"
  done
else
  echo "(seeds: $SEEDS not found; skipped)"
fi

# ------------------------------------------------------ synthetic programs --

echo
echo "## synthetic programs (tests/bench/gen.awk)"
# Calibrate: pages grow about linearly with talks; two renders give the
# slope and the fixed pages, then each target gets its number of talks.
awk -v talks=20 -f "$BENCH/gen.awk" >"$OUT/gen/cal20.md"
awk -v talks=60 -f "$BENCH/gen.awk" >"$OUT/gen/cal60.md"
"$BOOKLET" $OFFLINE -q "$OUT/gen/cal20.md" -o "$OUT/gen/cal20.pdf" 2>/dev/null
"$BOOKLET" $OFFLINE -q "$OUT/gen/cal60.md" -o "$OUT/gen/cal60.pdf" 2>/dev/null
p20=$(pages "$OUT/gen/cal20.pdf")
p60=$(pages "$OUT/gen/cal60.pdf")
echo "# calibration: 20 talks -> $p20 pages, 60 talks -> $p60 pages"
printf '%-28s %5s %9s %9s %8s %9s %7s %7s %9s %7s %9s\n' input pages bytes \
  "median-ms" "rss-MB" "floor-ms" "x-floor" "cpu-x" "ms/page" "x-10pg" "marg-ms/p"
base_pp= prev_pages= prev_med= pp_ratio_last= rss_last= pages_last=
for target in $SIZES; do
  talks=$(awk -v t="$target" -v a="$p20" -v b="$p60" 'BEGIN {
    s = (b - a) / 40; if (s <= 0) s = 0.6
    n = int(20 + (t - a) / s + 0.5); if (n < 1) n = 1; print n }')
  src=$OUT/gen/gen-$target.md
  awk -v talks="$talks" -f "$BENCH/gen.awk" >"$src"
  bench_input "gen-$target:$talks-talks" "$src"
  pp=$(div "$r_med" "$r_pages" %.2f)
  [ -n "$base_pp" ] || base_pp=$pp
  ratio=$(div "$pp" "$base_pp")
  if [ -n "$prev_pages" ] && [ "$r_pages" -gt "$prev_pages" ]; then
    marg=$(awk -v a="$r_med" -v b="$prev_med" -v p="$r_pages" -v q="$prev_pages" \
      'BEGIN { printf "%.2f\n", (a - b) / (p - q) }')
  else
    marg=-
  fi
  printf '%s %9s %7s %9s\n' "$r_row" "$pp" "$ratio" "$marg"
  prev_pages=$r_pages prev_med=$r_med
  pp_ratio_last=$ratio rss_last=$r_rss pages_last=$r_pages
done

# ------------------------------------------------------------ batch -j 1/2 --

echo
echo "## batch of 20 inputs: -j 1 versus -j 2 (load average now" \
  "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'))"
# 20 distinct file names (an -O batch refuses two inputs with one name):
# the samples, the seeds and small synthetic programs, in turn.
cp -R content/images "$OUT/batch/in/" 2>/dev/null
set --
for f in content/*.md "$SEEDS"/*.md; do
  [ -f "$f" ] && set -- "$@" "$f"
done
for t in 3 5 8; do
  awk -v talks=$t -f "$BENCH/gen.awk" >"$OUT/gen/small-$t.md"
  set -- "$@" "$OUT/gen/small-$t.md"
done
n=0
while [ "$n" -lt 20 ]; do
  for f in "$@"; do
    [ "$n" -lt 20 ] || break
    n=$((n + 1))
    cp "$f" "$OUT/batch/in/$(printf %02d "$n")-$(basename "$f")"
  done
done
measure "$RUNS" "$BOOKLET" $OFFLINE -q -j 1 -O "$OUT/batch/j1" "$OUT"/batch/in/*.md
j1=$m_med j1rc=$m_rc j1cpu=$m_cpu
measure "$RUNS" "$BOOKLET" $OFFLINE -q -j 2 -O "$OUT/batch/j2" "$OUT"/batch/in/*.md
j2=$m_med j2rc=$m_rc j2cpu=$m_cpu
speedup=$(div "$j1" "$j2")
same=identical
for f in "$OUT"/batch/j1/*.pdf; do
  cmp -s "$f" "$OUT/batch/j2/$(basename "$f")" || same=DIFFERENT
done
echo "-j 1: $j1 ms (exit $j1rc)   -j 2: $j2 ms (exit $j2rc)   speedup $speedup" \
  "($(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores); outputs $same"
# CPU time shows whether the pool or the machine limited the speedup: the
# same CPU time in both runs means no parallel overhead; CPU / wall is the
# number of cores the run actually got.
echo "cpu: -j 1 $j1cpu ms ($(div "$j1cpu" "$j1") cores busy)   -j 2 $j2cpu ms" \
  "($(div "$j2cpu" "$j2") cores busy); bound from CPU time (no overhead:" \
  "2.00) $(awk -v a="$j1cpu" -v b="$j2cpu" -v n="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)" \
    'BEGIN { c = n < 2 ? n : 2; if (b > 0) printf "%.2f\n", c * a / b; else print "-" }')"

# ------------------------------------------------------------------ peers --

echo
echo "## peers (same seed pages; Markdown as is)"
peer() {
  pname=$1
  shift
  if ! "$@" >/dev/null 2>&1; then
    echo "$pname: not installed"
    return
  fi
  printf '%-28s %9s %9s %7s\n' input "median-ms" "booklet" "x-peer"
  for f in "$SEEDS"/*.md content/zh-meetup.md; do
    [ -f "$f" ] || continue
    b=$(basename "$f" .md)
    case $pname in
      pandoc*)
        measure "$RUNS" pandoc "$f" -o "$OUT/peer/$b.pdf" --pdf-engine=xelatex \
          -V CJKmainfont="Noto Serif CJK SC" -V papersize=a5 ;;
      weasyprint*)
        pandoc "$f" -s -o "$OUT/peer/$b.html" 2>/dev/null ||
          { echo "$pname: pandoc is needed to make HTML; skipped"; return; }
        measure "$RUNS" weasyprint "$OUT/peer/$b.html" "$OUT/peer/$b-w.pdf" ;;
    esac
    measure_peer=$m_med
    measure "$RUNS" "$BOOKLET" $OFFLINE -q "$f" -o "$OUT/pdf/peer-$b.pdf"
    printf '%-28s %9s %9s %7s\n' "$(echo "$b" | cut -c1-28)" "$measure_peer" \
      "$m_med" "$(div "$m_med" "$measure_peer")"
  done
}
if command -v pandoc >/dev/null 2>&1 && command -v xelatex >/dev/null 2>&1; then
  peer "pandoc+xelatex" pandoc --version
else
  echo "pandoc+xelatex: not installed"
fi
if command -v weasyprint >/dev/null 2>&1; then
  peer "weasyprint" weasyprint --version
else
  echo "weasyprint: not installed"
fi

# ------------------------------------------------------- font subsetting --

echo
echo "## PDF bytes with and without font subsetting (issue 9)"
echo "fonts: bytes of the embedded font programs; rest: the file without them;"
echo "n/s: no-subset / subset; s/rest-n: subset / the no-subset file's rest;"
echo "rest s/n: the subset file's rest / the no-subset file's rest"
printf '%-24s %8s %8s %8s %9s %9s %8s %5s %8s %8s\n' input subset fonts rest \
  "no-subset" fonts rest "n/s" "s/rest-n" "rest s/n"
for f in content/*.md "$SEEDS"/*.md; do
  [ -f "$f" ] || continue
  b=$(basename "$f" .md)
  "$BOOKLET" $OFFLINE -q "$f" -o "$OUT/pdf/sub-$b.pdf" 2>/dev/null
  "$BOOKLET" $OFFLINE -q --no-subset "$f" -o "$OUT/pdf/nosub-$b.pdf" 2>/dev/null
  s1=$(bytes "$OUT/pdf/sub-$b.pdf")
  s2=$(bytes "$OUT/pdf/nosub-$b.pdf")
  f1= f2=
  if command -v qpdf >/dev/null 2>&1; then
    f1=$(python3 $BENCH/pdfparts.py "$OUT/pdf/sub-$b.pdf" 2>/dev/null | awk '{ print $2 }')
    f2=$(python3 $BENCH/pdfparts.py "$OUT/pdf/nosub-$b.pdf" 2>/dev/null | awk '{ print $2 }')
  fi
  r1=- r2=- q1=- q2=-
  if [ -n "$f1" ] && [ -n "$f2" ]; then
    r1=$((s1 - f1)) r2=$((s2 - f2))
    q1=$(div "$s1" "$r2" %.2f) q2=$(div "$r1" "$r2" %.2f)
  fi
  printf '%-24s %8s %8s %8s %9s %9s %8s %5s %8s %8s\n' "$(echo "$b" | cut -c1-24)" \
    "$s1" "${f1:--}" "$r1" "$s2" "${f2:--}" "$r2" "$(div "$s2" "$s1" %.1f)" "$q1" "$q2"
done

# ---------------------------------------------------------------- targets --

echo
echo "## issue 7 targets (figures from this run)"
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
if [ "$n_seeds" -gt 0 ]; then
  worst=$(echo "$seed_ratios" | tr ' ' '\n' | awk 'NF && $1 != "-" { if ($1 > m) m = $1 } END { printf "%.2f\n", m }')
  cworst=$(echo "$seed_cratios" | tr ' ' '\n' | awk 'NF && $1 != "-" { if ($1 > m) m = $1 } END { printf "%.2f\n", m }')
  echo "seed / floor <= 1.5:             worst ${worst}x wall   $(verdict "$worst <= 1.5");" \
    "worst ${cworst}x CPU time   $(verdict "$cworst <= 1.5")"
else
  echo "seed / floor <= 1.5:             no seeds"
fi
if [ -n "$pp_ratio_last" ] && [ "$pp_ratio_last" != - ]; then
  echo "largest ($pages_last pages) ms/page <= 1.25x the 10-page: ${pp_ratio_last}x   $(verdict "$pp_ratio_last <= 1.25")"
  echo "largest ($pages_last pages) peak RSS < 150 MB:  $(mb "$rss_last") MB   $(verdict "$rss_last < 150 * 1024")"
fi
echo "-j 2 >= 1.7x faster than -j 1:    ${speedup}x   $(verdict "${speedup:-0} >= 1.7")"
exit 0
