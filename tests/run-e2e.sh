#!/bin/sh
# run-e2e.sh — end-to-end tests of the booklet binary.  `make e2e` runs it
# from the repository root as
#
#     BOOKLET=build/booklet sh tests/run-e2e.sh
#
# What it checks (see README.md, "Tests"):
#   - every content/*.md sample and every ../shared/seeds/*.md page renders:
#     exit 0, a PDF whose text (pdftotext) holds the front-matter title and
#     at least 99.5% of the page's Han characters (tests/e2e/hanfidelity.py),
#     no look-alike radical or compatibility code points, every font
#     embedded (pdffonts), the Title metadata (pdfinfo), at least 2 pages;
#   - bad inputs (tests/bad/ plus binary files made here): exit status 1,
#     `FILE:LINE[:COL]: error:` on stderr with the right line, no output
#     file, an earlier good output left byte-identical, no temp files left;
#   - the command line: --help, --version, unknown option, no input;
#   - reproducibility: the same input rendered twice gives identical bytes.
#
# Each check prints `ok - NAME` or `FAIL - NAME: why` (`skip - NAME: why`
# when it cannot run here); lines starting with `#` are information.  The
# last line is `N passed, N failed[, N skipped]`; the exit status is 1 when
# any check failed (tests/e2e/lib.sh, the harness).  Outputs go to
# $E2E_OUT/e2e (default tests/out/e2e, git-ignored), cleaned first.
#
# Environment: BOOKLET (binary, default build/booklet), BOOKLET_SEEDS
# (default ../shared/seeds), BOOKLET_TIMEOUT (seconds per run, default 120).
# POSIX sh: runs under dash.

cd "$(dirname "$0")/.." || exit 2
. tests/e2e/lib.sh

E2E=tests/e2e
BAD=tests/bad

# Milliseconds since the epoch, or 0 where date has no %N.
now_ms() {
  t=$(date +%s%N 2>/dev/null)
  case $t in
    *N | '') echo 0 ;;
    *) echo $((t / 1000000)) ;;
  esac
}

# run STEM ARGS...: booklet ARGS (always --offline: tests never touch the
# internet; the seeds' remote images become placeholders), stdout to
# STEM.out and stderr to STEM.err; the exit status is left in $rc (124:
# timed out).
run() {
  run_stem=$1
  shift
  run_booklet "$run_stem" --offline "$@"
}

# ---------------------------------------------------------------- set-up --

out_dir e2e
mkdir -p "$OUT/pdf" "$OUT/gen" "$OUT/bad" "$OUT/keep" "$OUT/cli" \
  "$OUT/repro1" "$OUT/repro2"

need_booklet
run "$OUT/cli/version0" --version
note "booklet: $BOOKLET ($(head -n 1 "$OUT/cli/version0.out"))"

HAVE_POPPLER=1
have pdftotext pdfinfo pdffonts || HAVE_POPPLER=0
if [ "$HAVE_POPPLER" = 0 ]; then
  notok "poppler-utils" "pdftotext, pdfinfo or pdffonts is missing (make deps installs them)"
fi
HAVE_PY=1
have python3 || HAVE_PY=0

# ----------------------------------------------------------- good inputs --

# Every font pdffonts lists must have emb=yes.  Fields are counted from
# the right (emb sub uni object-number generation), since names and types
# may hold spaces ("CID Type 0C") or be wider than their column.
fonts_not_embedded() {
  pdffonts "$1" 2>/dev/null | awk '
    NR > 2 && NF >= 6 {
      n++
      if ($(NF - 4) != "yes") { bad++; printf "%s%s", (bad > 1 ? ", " : ""), $1 }
    }
    END { if (n == 0) printf "no fonts at all" }'
}

# check_page SOURCE NAME: render SOURCE to $OUT/pdf/NAME.pdf and check it.
check_page() {
  src=$1
  name=$2
  pdf=$OUT/pdf/$name.pdf
  t0=$(now_ms)
  run "$OUT/pdf/$name" "$src" -o "$pdf"
  t1=$(now_ms)
  if [ "$rc" -ne 0 ]; then
    notok "$name: renders" "exit $rc: $(firstline "$OUT/pdf/$name.err")"
    return
  fi
  if [ ! -s "$pdf" ]; then
    notok "$name: renders" "exit 0 but no $pdf"
    return
  fi
  ok "$name: renders"
  warnings=$(grep -c 'warning:' "$OUT/pdf/$name.err")
  [ "$HAVE_POPPLER" = 1 ] || return

  pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p')
  bytes=$(wc -c <"$pdf" | tr -d ' ')
  ms=$((t1 - t0))
  note "$name: ${pages:-?} pages, $bytes bytes, ${ms} ms, $warnings warnings"

  if ! pdftotext -enc UTF-8 "$pdf" "$OUT/pdf/$name.txt" 2>"$OUT/pdf/$name.pdftotext.err"; then
    notok "$name: text layer" "pdftotext failed: $(firstline "$OUT/pdf/$name.pdftotext.err")"
    return
  fi

  if [ "$HAVE_PY" = 0 ]; then
    skip "$name: title in text" "python3 not found"
    skip "$name: Han characters" "python3 not found"
    skip "$name: no look-alike forms" "python3 not found"
    skip "$name: pdfinfo Title" "python3 not found"
  else
    title=$(python3 "$E2E/frontmatter.py" get "$src" title 2>/dev/null)
    if [ -z "$title" ]; then
      skip "$name: title in text" "no title in the front matter"
    elif why=$(python3 "$E2E/frontmatter.py" in-text "$src" title "$OUT/pdf/$name.txt" 2>&1); then
      ok "$name: title in text"
    else
      notok "$name: title in text" "$why"
    fi

    if why=$(python3 "$E2E/hanfidelity.py" --min 0.995 "$src" "$OUT/pdf/$name.txt" 2>&1); then
      ok "$name: Han characters"
      note "$name: Han: $why"
    else
      notok "$name: Han characters" "$why"
    fi

    if why=$(python3 "$E2E/hanfidelity.py" --forms "$src" "$OUT/pdf/$name.txt" 2>&1); then
      ok "$name: no look-alike forms"
    else
      notok "$name: no look-alike forms" "$why"
    fi

    if [ -n "$title" ]; then
      got=$(pdfinfo -enc UTF-8 "$pdf" 2>/dev/null | sed -n 's/^Title:[[:space:]]*//p')
      if why=$(python3 "$E2E/frontmatter.py" equals "$src" title "$got" 2>&1); then
        ok "$name: pdfinfo Title"
      else
        notok "$name: pdfinfo Title" "$why"
      fi
    else
      skip "$name: pdfinfo Title" "no title in the front matter"
    fi
  fi

  bad_fonts=$(fonts_not_embedded "$pdf")
  if [ -z "$bad_fonts" ]; then
    ok "$name: fonts embedded"
  else
    notok "$name: fonts embedded" "not embedded: $bad_fonts"
  fi

  case $pages in
    '' | *[!0-9]*) notok "$name: at least 2 pages" "pdfinfo gave no page count" ;;
    *)
      if [ "$pages" -ge 2 ]; then
        ok "$name: at least 2 pages"
      else
        notok "$name: at least 2 pages" "$pages page(s)"
      fi
      ;;
  esac
}

for f in content/*.md; do
  [ -f "$f" ] || continue
  n=${f##*/}
  check_page "$f" "content-${n%.md}"
done

if [ -d "$SEEDS" ]; then
  nseeds=0
  for f in "$SEEDS"/*.md; do
    [ -f "$f" ] || continue
    nseeds=$((nseeds + 1))
    n=${f##*/}
    check_page "$f" "seed-${n%.md}"
  done
  [ "$nseeds" -gt 0 ] || skip "seeds" "no .md files in $SEEDS"
else
  skip "seeds" "$SEEDS not found (the seed pages live beside the repository)"
fi

# ------------------------------------------------------------ bad inputs --

# Inputs that need bytes a text fixture cannot hold are made here.
G=$OUT/gen
# 0xFF at line 6, column 9 (ASCII before it on that line).
printf -- '---\ntitle: "bad byte"\n---\n\nThe next line has a byte that is never UTF-8.\nPrefix: \377 and more\n' >"$G/utf8-ff.md"
# A three-byte lead (0xE4) cut short by a newline: line 4, column 5.
printf -- '---\ntitle: "cut short"\n---\nabc \344\n\nmore text\n' >"$G/utf8-truncated.md"
# Overlong encoding of '/' (0xC0 0xAF): line 3, column 3.
printf -- 'First line\nSecond line\nab\300\257cd\n' >"$G/utf8-overlong.md"
# An encoded UTF-16 surrogate (0xED 0xA0 0x80): line 2, column 1.
printf -- 'fine\n\355\240\200 surrogate\n' >"$G/utf8-surrogate.md"
# A bad byte inside the front matter: line 2, column 8.
printf -- '---\ntitle: \377\n---\n\nbody\n' >"$G/utf8-in-front.md"
# After Han text (3 bytes each): line 2, byte column 10 or character column 4.
printf -- 'ok\n\344\270\255\346\226\207\345\255\227\377\n' >"$G/utf8-after-han.md"
# A NUL byte on line 2.
printf -- 'Title line\nwor\000ld\n' >"$G/nul.md"
# Real binary files: the project's own images.
cp content/images/logo.png "$G/image-png.md" 2>/dev/null
cp content/images/speaker-1.jpg "$G/image-jpg.md" 2>/dev/null
mkdir -p "$G/folder.md"

# A good PDF at the same -o path must survive every failure byte for byte.
KEEP=$OUT/keep/program.pdf
keep_ok=0
run "$OUT/gen/keep-good" content/en-conference.md -o "$KEEP"
if [ "$rc" -eq 0 ] && [ -s "$KEEP" ]; then
  keep_ok=1
  keep_sum=$(cksum <"$KEEP")
  cp "$KEEP" "$OUT/gen/keep-golden.pdf" # to restore it after a failed check
else
  note "could not render content/en-conference.md for the keep checks (exit $rc)"
fi

# bad NAME FILE LINE [COL]: FILE must fail with exit 1 and a diagnostic
# `FILE:LINE[:COL]: error:`.  LINE and COL are extended regular
# expressions ('' for LINE: no line number is required).
bad() {
  bname=$1
  bfile=$2
  bline=$3
  bcol=${4:-}
  bout=$OUT/bad/$bname.pdf
  run "$OUT/gen/$bname" "$bfile" -o "$bout"
  if [ "$rc" -eq 1 ]; then
    ok "bad $bname: exit status 1"
  else
    notok "bad $bname: exit status 1" "exit $rc"
  fi

  qfile=$(ere_quote "$bfile")
  if [ -z "$bline" ]; then
    pat="^$qfile(:[0-9]+)*: error: "
    want="$bfile: error:"
  elif [ -z "$bcol" ]; then
    pat="^$qfile:($bline)(:[0-9]+)?: error: "
    want="$bfile:$bline: error:"
  else
    pat="^$qfile:($bline):($bcol): error: "
    want="$bfile:$bline:$bcol: error:"
  fi
  if grep -Eq -- "$pat" "$OUT/gen/$bname.err"; then
    ok "bad $bname: diagnostic"
  else
    notok "bad $bname: diagnostic" "want '$want ...', got: $(firstline "$OUT/gen/$bname.err")"
  fi

  if [ -e "$bout" ]; then
    notok "bad $bname: no output file" "$bout was created"
    rm -f "$bout"
  else
    ok "bad $bname: no output file"
  fi

  if [ "$keep_ok" = 1 ]; then
    run "$OUT/gen/$bname.keep" "$bfile" -o "$KEEP"
    if [ ! -f "$KEEP" ]; then
      notok "bad $bname: earlier output kept" "$KEEP was removed"
      cp "$OUT/gen/keep-golden.pdf" "$KEEP"
    elif [ "$(cksum <"$KEEP")" != "$keep_sum" ]; then
      notok "bad $bname: earlier output kept" "$KEEP was changed"
      cp "$OUT/gen/keep-golden.pdf" "$KEEP"
    else
      ok "bad $bname: earlier output kept"
    fi
  else
    skip "bad $bname: earlier output kept" "no good PDF to keep"
  fi
}

bad missing-file "$OUT/gen/no-such-page.md" ''
bad directory "$G/folder.md" ''
bad empty "$BAD/empty.md" '[0-9]+'
bad whitespace-only "$BAD/whitespace.md" '[0-9]+'
bad utf8-ff "$G/utf8-ff.md" 6 9
bad utf8-truncated "$G/utf8-truncated.md" 4 5
bad utf8-overlong "$G/utf8-overlong.md" 3 3
bad utf8-surrogate "$G/utf8-surrogate.md" 2 1
bad utf8-in-front-matter "$G/utf8-in-front.md" 2 8
bad utf8-after-han "$G/utf8-after-han.md" 2 '4|10'
bad nul-byte "$G/nul.md" 2
bad binary-png "$G/image-png.md" '[0-9]+'
bad binary-jpeg "$G/image-jpg.md" '[0-9]+'
bad unterminated-front-matter "$BAD/unterminated.md" 1
bad yaml-syntax "$BAD/yaml-error.md" 4
bad yaml-tab "$BAD/yaml-tab.md" 4
bad front-matter-list "$BAD/fm-list.md" '1|2'
bad front-matter-scalar "$BAD/fm-scalar.md" '1|2'
bad toml-syntax "$BAD/toml.md" 4 12

# Nothing but the kept PDF in its folder, nothing at all in bad/ (temp
# files may be hidden, so dot files are looked at too).
leftover=""
for p in "$OUT/bad"/* "$OUT/bad"/.[!.]* "$OUT/keep"/* "$OUT/keep"/.[!.]*; do
  [ -e "$p" ] || continue
  [ "$p" = "$KEEP" ] && continue
  leftover="$leftover ${p#"$OUT"/}"
done
if [ -z "$leftover" ]; then
  ok "no temp files left after failures"
else
  notok "no temp files left after failures" "found:$leftover"
fi

# ------------------------------------------------------------------ CLI --

C=$OUT/cli
run "$C/help" --help
if [ "$rc" -eq 0 ] && grep -q -e '-o' "$C/help.out"; then
  ok "cli: --help exits 0 and mentions -o"
else
  notok "cli: --help exits 0 and mentions -o" "exit $rc, stdout: $(firstline "$C/help.out")"
fi

run "$C/version" --version
if [ "$rc" -eq 0 ] && grep -Eq '[0-9]+\.[0-9]+' "$C/version.out"; then
  ok "cli: --version prints a version"
else
  notok "cli: --version prints a version" "exit $rc, stdout: $(firstline "$C/version.out")"
fi

run "$C/unknown" --no-such-option content/en-conference.md -o "$C/unknown.pdf"
if [ "$rc" -eq 2 ] && [ -s "$C/unknown.err" ] && [ ! -e "$C/unknown.pdf" ]; then
  ok "cli: unknown option exits 2"
else
  notok "cli: unknown option exits 2" "exit $rc: $(firstline "$C/unknown.err")"
fi

run "$C/noinput"
if [ "$rc" -eq 2 ] && [ -s "$C/noinput.err" ]; then
  ok "cli: no input exits 2"
else
  notok "cli: no input exits 2" "exit $rc: $(firstline "$C/noinput.err")"
fi

run "$C/noarg" content/en-conference.md -o
if [ "$rc" -eq 2 ]; then
  ok "cli: -o without a file exits 2"
else
  notok "cli: -o without a file exits 2" "exit $rc: $(firstline "$C/noarg.err")"
fi

# ------------------------------------------------------- reproducibility --

for f in content/*.md; do
  [ -f "$f" ] || continue
  n=${f##*/}
  n=${n%.md}
  run "$OUT/repro1/$n" "$f" -o "$OUT/repro1/$n.pdf"
  rc1=$rc
  sleep 1 # a different second, so an unpinned creation date shows up
  run "$OUT/repro2/$n" "$f" -o "$OUT/repro2/$n.pdf"
  if [ "$rc1" -ne 0 ] || [ "$rc" -ne 0 ]; then
    notok "reproducible: $n" "a run failed (exit $rc1, $rc)"
  elif cmp -s "$OUT/repro1/$n.pdf" "$OUT/repro2/$n.pdf"; then
    ok "reproducible: $n"
  else
    notok "reproducible: $n" "two runs gave different bytes ($(cmp "$OUT/repro1/$n.pdf" "$OUT/repro2/$n.pdf" 2>&1 | head -n 1))"
  fi
done

finish
