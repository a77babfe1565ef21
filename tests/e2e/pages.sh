#!/bin/sh
# pages.sh — issue 17: every page earns its place.  Renders the content/
# samples and every seed page (../shared/seeds; skipped with a message
# when absent), each also with the links taken out of its front matter,
# and reads the PDFs back with PyMuPDF (tests/e2e/pagecheck.py):
#   - the last page is a back cover: no running head, no folio, and it
#     names the event (its title from --dump-model);
#   - at most one notes page, and none after the back cover;
#   - no inner page with fewer than six lines and no picture;
#   - a page count that is a multiple of four (a5-booklet);
#   - in the a4 layout too (no padding), and there no inner page but the
#     last less than 40 % full (pagecheck.py --min-fill);
# and on the multi-track sample (content/zh-conference.md):
#   - a day heading per day and a track column in the a5 agenda; every
#     agenda row keeps its time; the morning keynote printed before the
#     first parallel session; a role from the schedule on the talk and
#     the speaker card;
#   - the a4 layout: tracks side by side;
#   - the handout: one A4 page whose text reaches the lower third, with
#     the registration, live and replay codes;
# and the back cover's codes from links in the body (a made-up page);
# and on print: --impose saddle without --paper is an A4 sheet (841.9 x
# 595.3 pt); with --marks a slug line (input, date, sheet n/m, front or
# back) outside the trim, set in the booklet's own faces whatever the
# input's name.
# Prints `ok - ...` / `FAIL - ...`, ends with `N passed, N failed[, N
# skipped]` (tests/e2e/lib.sh, the harness).  Outputs in $E2E_OUT/pages
# (default tests/out/pages).
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

out_dir pages
need_booklet

# PyMuPDF from Debian's python3-fitz: the first python3 that has it
if ! fitz_python; then
  notok "python3-fitz" "PyMuPDF not installed"
  finish
fi

title_of() { # the event's title from the model
  "$BOOKLET" --offline -q --dump-model "$1" |
    "$PY" -c 'import json,sys; print(json.load(sys.stdin)["event"]["title"])'
}

# check NAME FILE [booklet options]: the page rules on one rendering
check() {
  n=$1 f=$2
  shift 2
  if ! "$BOOKLET" --offline -q "$@" "$f" -o "$OUT/$n.pdf" 2>"$OUT/$n.err"; then
    notok "$n" "booklet failed: $(head -c 300 "$OUT/$n.err")"
    return
  fi
  t=$(title_of "$f")
  "$PY" tests/e2e/pagecheck.py "$OUT/$n.pdf" --title "$t" --pad "${PAD:-4}" \
    --min-fill "${MINFILL:-0}" >"$OUT/$n.txt"
  tally "$OUT/$n.txt" "$n: "
}

# the page without the links of its front matter (registration, live,
# replay keys): its back cover must still be there
strip_links() {
  awk 'NR == 1 { fm = ($0 == "---" || $0 == "+++"); print; next }
       fm && ($0 == "---" || $0 == "+++") { fm = 0 }
       fm && tolower($0) ~ /^[ \t]*(apply_url|registration|register|live|live_url|livestream|replay|replay_url|video)[ \t]*[:=]/ { next }
       { print }' "$1" >"$2"
}

run_page() {
  f=$1 n=$(basename "$1" .md)
  check "$n" "$f"
  strip_links "$f" "$OUT/$n-nolinks.md"
  # relative images resolve beside the original
  check "$n-nolinks" "$OUT/$n-nolinks.md" --static "$(dirname "$f")"
  # the A4 reading PDF: no padding, sections flow on (no inner page but
  # the last under 40 % full)
  PAD=0 MINFILL=40 check "$n-a4" "$f" -l a4
}

for f in content/*.md; do run_page "$f"; done
if [ -d "$SEEDS" ]; then
  for f in "$SEEDS"/*.md; do run_page "$f"; done
else
  skip "seeds" "$SEEDS not found (the seed pages live beside the repository)"
fi

# ---- the multi-track sample -------------------------------------------------
CONF=content/zh-conference.md
"$PY" - "$OUT/zh-conference.pdf" <<'EOF' >"$OUT/conf.txt"
import re, sys, fitz
doc = fitz.open(sys.argv[1])
text = [p.get_text() for p in doc]
# the agenda's pages: those with the track column's head cell
ag = [i for i, p in enumerate(doc) if any(w[4] == "分会场" for w in p.get_text("words"))]
def say(ok, what):
    print(("ok - " if ok else "FAIL - ") + what)
say(bool(ag), "a5 agenda has a track column (分会场)")
agenda = "".join(text[i] for i in ag)
say("第一天" in agenda and "第二天" in agenda, "a day heading per day")
say(0 <= agenda.find("开源数据库的下一个十年") < agenda.find("在 Kubernetes 上跑有状态服务"),
    "the morning keynote before the first parallel session")
rows = ["签到与早餐", "茶歇", "工作坊：从零搭一条可观测的链路", "闪电演讲：社区的十分钟", "闭幕与抽奖"]
# every row keeps its time: a time on the line of each title's cell
missing = []
for r in rows:
    found = timed = False
    for i in ag:
        words = doc[i].get_text("words")
        for w in words:
            if r[:4] not in w[4]:
                continue
            found = True
            timed |= any(re.match(r"\d{1,2}:\d\d", v[4]) and abs(v[1] - w[1]) < 3
                         for v in words)
    if not timed:
        missing.append(r if found else r + " (not found)")
say(not missing, "agenda rows keep their time" + (f" (missing: {missing})" if missing else ""))
# the role of a schedule entry (not in the speaker's designation in the
# front matter) under the speaker's name on the talk and on the card
talk = card = False
for i, p in enumerate(doc):
    if i in ag:
        continue
    words = p.get_text("words")
    names = [w for w in words if w[4].startswith("周岩")]
    roles = [w for w in words if "平台工程负责人" in w[4]]
    near = any(0 <= r[1] - n[1] < 30 and abs(r[0] - n[0]) < 200
               for n in names for r in roles)
    if near and "在 Kubernetes 上跑有状态服务的十个坑" in text[i]:
        talk = True
    elif near:
        card = True
say(talk, "a role from the schedule on the speaker's line of the talk")
say(card, "a role from the schedule on the speaker's card")
EOF
tally "$OUT/conf.txt" "zh-conference: "

if "$BOOKLET" -q -l a4 "$CONF" -o "$OUT/conf-a4.pdf" &&
  "$PY" - "$OUT/conf-a4.pdf" <<'EOF'; then
import sys, fitz
doc = fitz.open(sys.argv[1])
# side by side: on one line (same y) the headings of two tracks' columns
for p in doc:
    spans = [s for b in p.get_text("dict")["blocks"] if b["type"] == 0
             for ln in b["lines"] for s in ln["spans"]]
    a = [s for s in spans if s["text"].startswith("A 厅")]
    b = [s for s in spans if s["text"].startswith("B 厅")]
    if any(abs(x["origin"][1] - y["origin"][1]) < 2 and x["origin"][0] < y["origin"][0]
           for x in a for y in b):
        sys.exit(0)
sys.exit(1)
EOF
  ok "zh-conference a4: tracks side by side"
else
  notok "zh-conference a4" "no page with the A and B track headings side by side"
fi

# ---- the handout ---------------------------------------------------------------
for f in "$CONF" content/zh-meetup.md content/en-conference.md; do
  n=$(basename "$f" .md)
  if ! "$BOOKLET" -q -l handout "$f" -o "$OUT/$n-handout.pdf"; then
    notok "$n handout" "booklet failed"
    continue
  fi
  r=$("$PY" - "$OUT/$n-handout.pdf" <<'EOF'
import sys, fitz
doc = fitz.open(sys.argv[1])
p = doc[0]
h = p.rect.height
low = max((w[3] for w in p.get_text("words")), default=0)
print(len(doc), "%.0f" % (100 * low / h), len(p.get_xobjects()))
EOF
)
  set -- $r
  [ "$1" = 1 ] && ok "$n handout: one page" || notok "$n handout" "$1 pages"
  [ "$2" -ge 67 ] && ok "$n handout: text reaches the lower third ($2 %)" ||
    notok "$n handout" "text ends at $2 % of the sheet"
done
codes=$("$PY" -c "import fitz,sys; d = fitz.open(sys.argv[1]); print(len(d[0].get_xobjects()))" "$OUT/zh-conference-handout.pdf")
[ "$codes" -ge 3 ] && ok "zh-conference handout: registration, live and replay codes ($codes)" ||
  notok "zh-conference handout" "$codes QR codes, want 3"

# ---- links from the body on the back cover ------------------------------------
# tests/e2e/pages/body-links.md (made up): registration and replay only in
# its text; the slides of a talk called 《…注册中心…》 are no registration,
# and "视频直播回放地址" is a replay, not a live stream
BL=tests/e2e/pages/body-links.md
if "$BOOKLET" -q --offline "$BL" -o "$OUT/body-links.pdf"; then
  n=$(pdf_pages "$OUT/body-links.pdf")
  back=$(pdftotext -f "$n" -l "$n" "$OUT/body-links.pdf" - | tr -d ' \n')
  case "$back" in
  *报名example.org/salon-3/signup*回放example.org/salon-3/replay*)
    case "$back" in
    *.pdf* | *直播*) notok "body links" "back cover: $back" ;;
    *) ok "body links: back cover codes for registration and replay, none for slides" ;;
    esac ;;
  *) notok "body links" "back cover: $back" ;;
  esac
else
  notok "body links" "booklet failed"
fi

# ---- print: the default sheet, the slug line ------------------------------------
if "$BOOKLET" -q content/zh-meetup.md --impose saddle -o "$OUT/saddle.pdf"; then
  sz=$(pdfinfo "$OUT/saddle.pdf" | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\).*/\1/p')
  [ "$sz" = "841.89 x 595.28" ] && ok "--impose saddle: an A4 sheet ($sz pt)" ||
    notok "--impose saddle" "sheet $sz, want 841.89 x 595.28"
else
  notok "--impose saddle" "booklet failed"
fi
if "$BOOKLET" -q content/zh-meetup.md --impose saddle --marks -o "$OUT/marks.pdf"; then
  s1=$(pdftotext -f 1 -l 1 "$OUT/marks.pdf" - | grep -c "zh-meetup.md.*sheet 1/.*front")
  s2=$(pdftotext -f 2 -l 2 "$OUT/marks.pdf" - | grep -c "zh-meetup.md.*sheet 1/.*back")
  [ "$s1" = 1 ] && [ "$s2" = 1 ] && ok "--marks: slug line with job, sheet n/m, front and back" ||
    notok "--marks slug line" "front $s1, back $s2"
  # outside the trim: below the TrimBox
  below=$("$PY" - "$OUT/marks.pdf" <<'EOF'
import sys, fitz
d = fitz.open(sys.argv[1])
p = d[0]
trim = p.trimbox
ws = [w for w in p.get_text("words") if w[4] == "sheet"]
print(1 if ws and ws[0][1] > trim.y1 else 0)
EOF
)
  [ "$below" = 1 ] && ok "--marks: the slug line is outside the trim" ||
    notok "--marks slug line" "not below the trim box"
else
  notok "--impose saddle --marks" "booklet failed"
fi

# a job whose name is not ASCII: the slug line is set in the booklet's
# own (subset) faces, not a second copy of a CJK face
cp content/zh-meetup.md "$OUT/活动.md"
if "$BOOKLET" -q "$OUT/活动.md" --static content --impose saddle --marks \
  -o "$OUT/marks-zh.pdf"; then
  s1=$(pdftotext -f 1 -l 1 "$OUT/marks-zh.pdf" - | grep -c "活动.md.*sheet 1/.*front")
  dup=$(pdffonts "$OUT/marks-zh.pdf" | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1 }' |
    sort | uniq -d | tr '\n' ' ')
  [ "$s1" = 1 ] && [ -z "$dup" ] &&
    ok "--marks: a Chinese job name in the slug line, no face embedded twice" ||
    notok "--marks Chinese job name" "slug $s1, faces twice: $dup"
else
  notok "--marks Chinese job name" "booklet failed"
fi

finish
