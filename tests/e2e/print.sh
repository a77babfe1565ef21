#!/bin/sh
# print.sh — end-to-end tests of print production (issue 5).  `make e2e`
# runs it from the repository root as
#
#     BOOKLET=build/booklet sh tests/e2e/print.sh
#
# What it checks, on tests/e2e/print/qr-event.md (our own small event with
# registration, live stream and replay URLs and two talks with links)
# padded to 8, 12 and 16 pages with --set page.pad_to=N:
#   - saddle imposition: N/2 landscape sheet sides of two A5 pages
#     (pdfinfo), and the order of the pages on them read back from the
#     folio of each half sheet (pdftotext -x/-y/-W/-H crops of the bottom
#     strip): N|1, 2|N-1, N-2|3, ...; the cover on the right of side 1,
#     the back cover on its left; text stays text, each font embedded
#     once (pdffonts); --paper A4 and --creep; byte-identical reruns;
#   - 2up (both halves the same page), nup:4 on A4 (sheet count, size);
#   - --bleed 3 --marks: a larger sheet, TrimBox and BleedBox on every
#     page (pdfinfo -box) 3 mm apart; plain PDFs carry the boxes too;
#     saddle with marks on A3;
#   - QR codes: zbarimg decodes the back cover's registration, live and
#     replay URLs and each talk's link from booklet's own PNG pages; the
#     short URL is printed under each code;
#   - handout layout: one A4 page with the title, agenda, speakers and
#     the registration and live codes;
#   - navigation (tests/e2e/pdfnav.py, from qpdf --json): outline entries
#     for the sections and each talk, internal links all resolving,
#     external links, page labels cover, 2..N-1, back; links still inside
#     the trim once pages move onto a larger sheet;
#   - previews: -o x.png gives one PNG per page at the size --dpi says,
#     -o x.svg one SVG per page, --impose with -o x.png one PNG per sheet,
#     --contact-sheet one PNG;
#   - bad values of the print options exit 2.
#
# Prints `ok - NAME`, `FAIL - NAME: why` or `skip - NAME: why`; the last
# line is `N passed, N failed[, N skipped]`; exit status 1 when any check
# failed (tests/e2e/lib.sh, the harness).  Outputs go to $E2E_OUT/print
# (default tests/out/print), cleaned first.  POSIX sh: runs under dash.

cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

EV=tests/e2e/print/qr-event.md
NAV=tests/e2e/pdfnav.py

# run NAME ARGS...: booklet -q ARGS with a time limit, stderr to
# $OUT/NAME.err; its exit status
run() {
  name=$1
  shift
  timed "$BOOKLET" -q "$@" 2>"$OUT/$name.err"
}

out_dir print
need skip pdfinfo pdftotext pdffonts
need_booklet

# size FILE: "W x H" of the first page
size() { pdfinfo "$1" 2>/dev/null | awk '/^Page size:/ {print $3 " x " $5}'; }
# crop FILE PAGE X Y W H: text in that box (pt), whitespace squeezed
crop() {
  pdftotext -f "$2" -l "$2" -x "$3" -y "$4" -W "$5" -H "$6" "$1" - 2>/dev/null |
    tr -s '[:space:]' ' ' | sed 's/^ //; s/ $//'
}
# the saddle-stitch page on the left (L) or right (R) of sheet side k of
# an n-page booklet: front sides n-2s|2s+1, back sides 2s+2|n-2s-1
saddle_page() {
  k=$1 n=$2 lr=$3
  s=$(((k - 1) / 2))
  if [ $(((k - 1) % 2)) -eq 0 ]; then
    [ "$lr" = L ] && echo $((n - 2 * s)) || echo $((2 * s + 1))
  else
    [ "$lr" = L ] && echo $((2 * s + 2)) || echo $((n - 2 * s - 1))
  fi
}

TITLE="青石开发者沙龙"

# ------------------------------------------------------ saddle stitch --
for n in 8 12 16; do
  pdf=$OUT/plain-$n.pdf
  imp=$OUT/saddle-$n.pdf
  if ! run plain-$n --set page.pad_to=$n "$EV" -o "$pdf" ||
    [ "$(pdf_pages "$pdf")" != "$n" ]; then
    notok "$n-page booklet" "got $(pdf_pages "$pdf") pages: $(firstline "$OUT/plain-$n.err")"
    continue
  fi
  if ! run saddle-$n --set page.pad_to=$n --impose saddle "$EV" -o "$imp"; then
    notok "$n pages --impose saddle" "exit status: $(firstline "$OUT/saddle-$n.err")"
    continue
  fi
  sides=$(pdf_pages "$imp")
  [ "$sides" = $((n / 2)) ] && ok "$n pages, saddle: $sides sheet sides" ||
    notok "$n pages, saddle: sheet sides" "$sides, want $((n / 2))"
  sz=$(size "$imp")
  [ "$sz" = "841.89 x 595.28" ] && ok "$n pages, saddle: two A5 pages on a landscape A4 sheet ($sz)" ||
    notok "$n pages, saddle: sheet size" "$sz, want 841.89 x 595.28"
  # each half sheet against the page it should hold: its folio (the
  # bottom 40 pt; pages 1 and n have none) and all its text, both read
  # with the same crop from the unimposed PDF
  bad=""
  folios=0
  k=1
  while [ "$k" -le "$sides" ]; do
    for lr in L R; do
      want=$(saddle_page "$k" "$n" "$lr")
      [ "$lr" = L ] && x=0 || x=420
      wf=$(crop "$pdf" "$want" 0 555 419 40)
      gf=$(crop "$imp" "$k" "$x" 555 419 40)
      wt=$(crop "$pdf" "$want" 0 0 419 595)
      gt=$(crop "$imp" "$k" "$x" 0 419 595)
      [ -n "$wf" ] && folios=$((folios + 1))
      if [ "$want" -eq 1 ] || [ "$want" -eq "$n" ]; then
        [ -z "$gf" ] || bad="$bad side$k$lr: folio '$gf' on page $want;"
      elif [ "$gf" != "$wf" ] || { [ -n "$wf" ] && [ "$wf" != "$want" ]; }; then
        bad="$bad side$k$lr: folio '$gf' (page $want prints '$wf');"
      fi
      [ "$gt" = "$wt" ] || bad="$bad side$k$lr: text is not page $want's;"
    done
    k=$((k + 1))
  done
  order=$(k=1; while [ $k -le 3 ]; do printf '%s|%s ' "$(saddle_page $k $n L)" "$(saddle_page $k $n R)"; k=$((k + 1)); done)
  # (every folio the unimposed pages print must be there; at least the
  # left-hand pages' ones)
  [ "$folios" -lt $((n - 2)) ] &&
    echo "# $n pages: $folios of $((n - 2)) folios visible in the unimposed PDF"
  [ -z "$bad" ] && [ "$folios" -ge $((n / 2 - 1)) ] &&
    ok "$n pages, saddle: half sheets hold pages $order... ($folios folios and all text match)" ||
    notok "$n pages, saddle: page order" "$folios folios found;$bad"
  right=$(crop "$imp" 1 420 0 419 595)
  left=$(crop "$imp" 1 0 0 419 595)
  case "$right" in *"$TITLE"*) r1=1 ;; *) r1=0 ;; esac
  case "$left" in *"$TITLE"*"报名"*) l1=1 ;; *) l1=0 ;; esac
  [ "$r1$l1" = 11 ] && ok "$n pages, saddle: cover on the right of side 1, back cover on its left" ||
    notok "$n pages, saddle: side 1" "right has title: $r1, left has back cover: $l1"
done

imp=$OUT/saddle-12.pdf
if [ -s "$imp" ]; then
  # text stays text, fonts embedded and subset once
  fonts=$(pdffonts "$imp" 2>/dev/null | awk 'NR > 2 {print $1}')
  dup=$(echo "$fonts" | sed 's/^[A-Z]*+//' | sort | uniq -d)
  notemb=$(pdffonts "$imp" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes"')
  nf=$(echo "$fonts" | grep -c .)
  if [ "$nf" -gt 0 ] && [ -z "$dup" ] && [ -z "$notemb" ]; then
    ok "saddle: vector text, $nf fonts each embedded once"
  else
    notok "saddle: fonts" "count $nf, duplicates '$dup', not embedded '$notemb'"
  fi
  pdftotext "$imp" - 2>/dev/null | grep -q "滚动升级" &&
    ok "saddle: text extractable (pdftotext)" || notok "saddle: text" "pdftotext finds no talk title"
  run saddle-12b --set page.pad_to=12 --impose saddle "$EV" -o "$OUT/saddle-12b.pdf"
  cmp -s "$imp" "$OUT/saddle-12b.pdf" && ok "saddle: two runs give identical bytes" ||
    notok "saddle: reproducible" "two runs differ"
fi

if run saddle-a4 --impose saddle --paper A4 --creep 0.6 "$EV" -o "$OUT/saddle-a4.pdf"; then
  sz=$(size "$OUT/saddle-a4.pdf")
  [ "$sz" = "841.89 x 595.28" ] && ok "--impose saddle --paper A4 --creep 0.6: A4 landscape ($sz)" ||
    notok "--paper A4" "size $sz"
else
  notok "--paper A4 --creep" "$(firstline "$OUT/saddle-a4.err")"
fi

# ---------------------------------------------------------- 2up, n-up --
if run 2up --impose 2up --set page.pad_to=8 "$EV" -o "$OUT/2up.pdf"; then
  n=$(pdf_pages "$OUT/plain-8.pdf")
  l=$(crop "$OUT/2up.pdf" 3 1 0 419 595)
  r=$(crop "$OUT/2up.pdf" 3 422 0 419 595)
  p3=$(crop "$OUT/plain-8.pdf" 3 0 0 419 595)
  [ "$(pdf_pages "$OUT/2up.pdf")" = "$n" ] && [ -n "$p3" ] && [ "$l" = "$p3" ] && [ "$r" = "$p3" ] &&
    [ "$(size "$OUT/2up.pdf")" = "841.89 x 595.28" ] &&
    ok "--impose 2up: $n sheets, page 3 twice on sheet 3" ||
    notok "--impose 2up" "$(pdf_pages "$OUT/2up.pdf") sheets, sheet 3 halves differ from page 3, size $(size "$OUT/2up.pdf")"
else
  notok "--impose 2up" "$(firstline "$OUT/2up.err")"
fi
if run 4up --impose nup:4 --paper A4 --set page.pad_to=8 "$EV" -o "$OUT/4up.pdf"; then
  [ "$(pdf_pages "$OUT/4up.pdf")" = 2 ] && [ "$(size "$OUT/4up.pdf")" = "595.28 x 841.89" ] &&
    ok "--impose nup:4 --paper A4: 8 pages on 2 A4 sheets" ||
    notok "--impose nup:4" "$(pdf_pages "$OUT/4up.pdf") sheets of $(size "$OUT/4up.pdf")"
else
  notok "--impose nup:4" "$(firstline "$OUT/4up.err")"
fi

# ------------------------------------------------------- bleed, marks --
# boxes FILE: "trim x0 y0 x1 y1 / bleed x0 y0 x1 y1" of page 1, and the
# number of pages that have both boxes
boxes() {
  pdfinfo -box -f 1 -l 999 "$1" 2>/dev/null |
    awk '/TrimBox:/ {t++} /BleedBox:/ {b++} END {print (t < b ? t : b)}'
}
if run marks --bleed 3 --marks "$EV" -o "$OUT/marks.pdf"; then
  f=$OUT/marks.pdf
  n=$(pdf_pages "$f")
  nb=$(boxes "$f")
  eval "$(pdfinfo -box "$f" | awk '/^TrimBox:/ {print "t0=" $2 " t1=" $3 " t2=" $4 " t3=" $5}
                                /^BleedBox:/ {print "b0=" $2 " b1=" $3 " b2=" $4 " b3=" $5}
                                /^MediaBox:/ {print "m2=" $4 " m3=" $5}')"
  ok3=$(awk -v t0="$t0" -v b0="$b0" -v t2="$t2" -v b2="$b2" -v m2="$m2" 'BEGIN {
    d = t0 - b0; e = b2 - t2; w = t2 - t0
    print (d > 8.4 && d < 8.6 && e > 8.4 && e < 8.6 && w > 419.4 && w < 419.7 && m2 > b2 + 14) ? 1 : 0 }')
  [ "$nb" = "$n" ] && [ "$ok3" = 1 ] &&
    ok "--bleed 3 --marks: TrimBox ${t0:-?} ${t1:-?} ${t2:-?} ${t3:-?}, BleedBox 3 mm outside, on all $n pages of a larger sheet" ||
    notok "--bleed 3 --marks" "$nb of $n pages with boxes; trim $t0 $t1 $t2 $t3, bleed $b0 $b1 $b2 $b3, media $m2 x $m3"
  nav=$(python3 "$NAV" "$f" 2>&1)
  echo "$nav" | grep -q '^outside 0$' && echo "$nav" | grep -q '^unresolved 0$' &&
    ok "--bleed --marks: links moved with their pages (inside the TrimBox, all resolve)" ||
    notok "--bleed --marks: links" "$(echo "$nav" | grep -E '^(outside|unresolved)' | tr '\n' ' ')"
else
  notok "--bleed 3 --marks" "$(firstline "$OUT/marks.err")"
fi
nb=$(boxes "$OUT/plain-8.pdf")
[ "$nb" = 8 ] && ok "plain PDF: TrimBox and BleedBox on every page" ||
  notok "plain PDF boxes" "$nb of 8 pages"
if run saddle-marks --impose saddle --paper A3 --bleed 3 --marks "$EV" -o "$OUT/saddle-marks.pdf"; then
  f=$OUT/saddle-marks.pdf
  [ "$(size "$f")" = "1190.55 x 841.89" ] && [ "$(boxes "$f")" = "$(pdf_pages "$f")" ] &&
    ok "saddle on A3 with bleed and marks: A3 landscape, boxes on every sheet" ||
    notok "saddle with marks" "size $(size "$f"), boxes on $(boxes "$f") of $(pdf_pages "$f")"
else
  notok "saddle with marks" "$(firstline "$OUT/saddle-marks.err")"
fi

# ------------------------------------------------------------ QR codes --
# decode PNG: the QR codes' texts, sorted, one per line
decode() {
  zbarimg -q --raw -Sdisable -Sqrcode.enable "$1" 2>/dev/null | sort
}
if ! have zbarimg; then
  skip "QR codes decode" "zbarimg is not installed (zbar-tools)"
elif run png --dpi 200 --set page.pad_to=8 "$EV" -o "$OUT/qr.png"; then
  got=$(decode "$OUT/qr-8.png" | tr '\n' ' ')
  want="https://example.com/qingshi/salon-3/apply https://live.example.com/qingshi-salon-3 https://video.example.com/qingshi-salon-3 "
  [ "$got" = "$want" ] && ok "back cover: QR codes decode to the registration, live and replay URLs" ||
    notok "back cover QR codes" "decoded '$got'"
  all=$(for p in "$OUT"/qr-*.png; do decode "$p"; done | sort | tr '\n' ' ')
  case "$all" in
  *"https://slides.example.com/edge-rolling-upgrade"*"code.example.com"*|*"https://code.example.com/xiaohe/edge-observe"*"https://slides.example.com/edge-rolling-upgrade"*)
    ok "talk pages: QR codes of the slides and project links decode" ;;
  *) notok "talk QR codes" "decoded '$all'" ;;
  esac
  txt=$(pdftotext "$OUT/plain-8.pdf" - 2>/dev/null | tr -d '[:space:]')
  case "$txt" in
  *"live.example.com/qingshi-salon-3"*) ok "short URL printed under the codes" ;;
  *) notok "short URL under the codes" "not in the text" ;;
  esac
else
  notok "PNG pages for QR decoding" "$(firstline "$OUT/png.err")"
fi

# -------------------------------------------------------------- handout --
if run handout -l handout "$EV" -o "$OUT/handout.pdf"; then
  f=$OUT/handout.pdf
  txt=$(pdftotext "$f" - 2>/dev/null | tr -d '[:space:]')
  miss=""
  for w in "$TITLE" "2026年3月21日" "青石创业园" "议程" "14:00–14:45" "茶歇" "陈一苇" "吴晓禾" "报名" "直播"; do
    case "$txt" in *"$w"*) ;; *) miss="$miss $w" ;; esac
  done
  [ "$(pdf_pages "$f")" = 1 ] && [ "$(size "$f")" = "595.28 x 841.89" ] && [ -z "$miss" ] &&
    ok "--layout handout: one A4 page with title, date, venue, agenda, speakers, codes" ||
    notok "--layout handout" "$(pdf_pages "$f") pages of $(size "$f"); missing:$miss"
  if have zbarimg && run handout-png -l handout --dpi 150 "$EV" -o "$OUT/handout.png"; then
    got=$(decode "$OUT/handout-1.png" | tr '\n' ' ')
    [ "$got" = "https://example.com/qingshi/salon-3/apply https://live.example.com/qingshi-salon-3 https://video.example.com/qingshi-salon-3 " ] &&
      ok "handout: registration, live stream and replay codes decode" ||
      notok "handout codes" "decoded '$got'"
  fi
else
  notok "--layout handout" "$(firstline "$OUT/handout.err")"
fi

# ----------------------------------------------------------- navigation --
if ! have qpdf; then
  skip "navigation" "qpdf is not installed"
else
  nav=$(python3 "$NAV" "$OUT/plain-8.pdf" 2>&1)
  echo "$nav" >"$OUT/nav.txt"
  val() { echo "$nav" | awk -v k="$1" '$1 == k {sub(/^[^ ]* /, ""); print}'; }
  titles=$(val outline-titles)
  miss=""
  # section titles are the page's own headings (## 活动议程, ## 讲师与议题)
  for w in 活动议程 讲师与议题 嘉宾 在一千个边缘节点上滚动升级 小团队的边缘观测; do
    case "$titles" in *"$w"*) ;; *) miss="$miss $w" ;; esac
  done
  [ -z "$miss" ] && [ "$(val outline)" -ge 5 ] &&
    ok "outline: $(val outline) entries, the sections and each talk" ||
    notok "outline" "$(val outline) entries '$titles'; missing:$miss"
  [ "$(val internal)" -ge 7 ] && [ "$(val unresolved)" = 0 ] &&
    ok "internal links: $(val internal) (contents and agenda entries), all resolve to destinations" ||
    notok "internal links" "$(val internal) internal, $(val unresolved) unresolved"
  [ "$(val external)" -ge 5 ] && ok "external links: $(val external) clickable URLs" ||
    notok "external links" "$(val external)"
  want="cover|2|3|4|5|6|7|back"
  [ "$(val labels)" = "$want" ] && ok "page labels match the folios: $want" ||
    notok "page labels" "$(val labels), want $want"
fi

# -------------------------------------------------------------- previews --
# pngsize FILE: "W H" from the PNG header
pngsize() {
  od -An -tu1 -j16 -N8 "$1" 2>/dev/null |
    awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8}'
}
mkdir -p "$OUT/png" "$OUT/svg" "$OUT/sheets"
if run prev-png --dpi 50 --set page.pad_to=8 "$EV" -o "$OUT/png/p.png" --contact-sheet "$OUT/contact.png"; then
  n=$(ls "$OUT"/png/p-*.png 2>/dev/null | wc -l | tr -d ' ')
  sz=$(pngsize "$OUT/png/p-1.png")
  # A5 at 50 dpi: ceil(419.53 * 50 / 72) x ceil(595.28 * 50 / 72)
  [ "$n" = 8 ] && [ "$sz" = "292 414" ] && ok "-o x.png --dpi 50: 8 PNG pages of 292 x 414 px" ||
    notok "PNG previews" "$n files, first $sz"
  csz=$(pngsize "$OUT/contact.png")
  cw=${csz% *}
  ch=${csz#* }
  [ -n "$cw" ] && [ "$cw" -gt 600 ] && [ "$cw" -gt "$ch" ] &&
    ok "--contact-sheet: one PNG of all pages ($cw x $ch px)" ||
    notok "--contact-sheet" "size '$csz'"
else
  notok "PNG previews" "$(firstline "$OUT/prev-png.err")"
fi
if run prev-svg --set page.pad_to=8 "$EV" -o "$OUT/svg/p.svg"; then
  n=$(ls "$OUT"/svg/p-*.svg 2>/dev/null | wc -l | tr -d ' ')
  grep -q 'width="419.53' "$OUT/svg/p-1.svg" && w=1 || w=0
  [ "$n" = 8 ] && [ "$w" = 1 ] && ok "-o x.svg: 8 SVG pages, 419.53 pt wide" ||
    notok "SVG previews" "$n files, width ok: $w"
else
  notok "SVG previews" "$(firstline "$OUT/prev-svg.err")"
fi
if run prev-sheets --dpi 40 --set page.pad_to=8 --impose saddle "$EV" -o "$OUT/sheets/s.png"; then
  n=$(ls "$OUT"/sheets/s-*.png 2>/dev/null | wc -l | tr -d ' ')
  sz=$(pngsize "$OUT/sheets/s-1.png")
  [ "$n" = 4 ] && [ "$sz" = "468 331" ] && ok "--impose saddle -o x.png: 4 sheet previews of 468 x 331 px (A4)" ||
    notok "imposed PNG previews" "$n files, first $sz"
else
  notok "imposed PNG previews" "$(firstline "$OUT/prev-sheets.err")"
fi

# ----------------------------------------------------------- bad values --
for args in "--impose fold" "--impose nup:1" "--paper Z9" "--bleed abc" "--creep -1"; do
  # shellcheck disable=SC2086
  timed "$BOOKLET" $args "$EV" -o "$OUT/bad.pdf" >/dev/null 2>"$OUT/bad.err"
  rc=$?
  [ "$rc" = 2 ] && [ ! -e "$OUT/bad.pdf" ] && ok "$args: usage error (exit 2), nothing written" ||
    notok "$args" "exit $rc: $(firstline "$OUT/bad.err")"
done

finish
