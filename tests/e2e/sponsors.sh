#!/bin/sh
# sponsors.sh — end-to-end tests of the sponsors' logo grid (issue 6:
# "sponsor logos in a grid, equal visual weight").  `make e2e` runs it as
#
#     BOOKLET=build/booklet sh tests/e2e/sponsors.sh
#
# It makes its own test images (PNG and JPEG with ImageMagick's convert,
# SVG written here, one logo missing) and two event pages, and checks from
# the PDF (poppler-utils, qpdf) and from stderr:
#   - exit status 0; a missing logo is a placeholder (--dump-flow) with
#     the sponsor's name in it and a warning naming file:line;
#   - `pdfimages -list`: one image per raster logo (the SVG stays vector:
#     no image, its colour on the page), the JPEG embedded as jpeg, none
#     squashed (x-ppi = y-ppi), and every logo of the same area (w·h, from
#     the pixels and the ppi) within 2 %, whatever its shape;
#   - `pdftotext -bbox-layout`: every name, tier and line of the page in
#     the text layer; the names of one tier sit in 3 equally spaced
#     columns, a row's names on one line;
#   - link annotations (qpdf --json) to exactly the sponsors' URLs;
#   - --dump-model: "sponsors" as objects {name, logo, url, tier};
#   - pagination: a 12-logo tier pushed down a page by 3 to 12 intro
#     paragraphs: no row is split over two pages, the tier heading is
#     always on the page of its first row, and some grids do break
#     between rows.
#
# Prints `ok - NAME` / `FAIL - NAME: why`, then `N passed, N failed`; exit
# status 1 when any check failed (tests/e2e/lib.sh, the harness).
# Outputs go to $E2E_OUT/sponsors (default tests/out/sponsors), cleaned
# first.  Environment: BOOKLET (binary), BOOKLET_TIMEOUT (seconds per run,
# 120).

cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

need_booklet
need notok python3 pdfimages pdftotext pdftoppm qpdf convert

out_dir sponsors
CHECK="python3 $OUT/check.py"

# run NAME ARGS...: booklet with a time limit, offline; stdout in
# $OUT/NAME.out, stderr in $OUT/NAME.err, exit status in $rc
run() {
  name=$1
  shift
  run_booklet "$OUT/$name" --offline "$@"
}

# checks NAME ARGS...: run check.py, count its ok/FAIL lines
checks() {
  name=$1
  shift
  $CHECK "$@" >"$OUT/$name.checks" 2>&1
  tally "$OUT/$name.checks"
  if [ "$tallied" -eq 0 ]; then
    notok "$name" "check.py gave no result: $(tail -n 1 "$OUT/$name.checks")"
  fi
}

# ---- the checker ------------------------------------------------------------

cat >"$OUT/check.py" <<'EOF'
"""Checks of sponsors.sh; each prints `ok - NAME` or `FAIL - NAME: why`."""
import html
import json
import re
import subprocess
import sys


def say(name, good, why=""):
    print(("ok - %s" % name) if good else ("FAIL - %s: %s" % (name, why)))


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True).stdout.decode()


def images(pdf):
    """pdfimages -list rows: (page, w, h, enc, x-ppi, y-ppi)."""
    rows = []
    for line in run("pdfimages", "-list", pdf).splitlines():
        f = line.split()
        if len(f) >= 14 and f[0].isdigit() and f[2] == "image":
            rows.append((int(f[0]), int(f[3]), int(f[4]), f[8],
                         float(f[12]), float(f[13])))
    return rows


def lines(pdf):
    """Text lines of every page: (page, text, x-centre, y-centre)."""
    out = []
    page = 0
    for chunk in re.split(r"(<page [^>]*>)", run("pdftotext", "-bbox-layout", pdf, "-")):
        if chunk.startswith("<page "):
            page += 1
            continue
        for m in re.finditer(r"<line xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" "
                             r"xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">(.*?)</line>",
                             chunk, re.S):
            words = re.findall(r"<word[^>]*>(.*?)</word>", m.group(5), re.S)
            text = " ".join(html.unescape(w) for w in words)
            x0, y0, x1, y1 = map(float, m.group(1, 2, 3, 4))
            out.append((page, text, (x0 + x1) / 2, (y0 + y1) / 2))
    return out


def uris(pdf):
    """URIs of the link annotations."""
    doc = json.loads(run("qpdf", "--json=2", pdf))
    objs = doc["qpdf"][1]
    found = []
    for v in objs.values():
        d = v.get("value") if isinstance(v, dict) else None
        if isinstance(d, dict) and d.get("/Subtype") == "/Link":
            a = d.get("/A")
            if isinstance(a, str) and a.endswith(" R"):
                a = objs.get("obj:" + a, {}).get("value")
            if isinstance(a, dict) and "/URI" in a:
                found.append(a["/URI"][2:] if a["/URI"].startswith("u:") else a["/URI"])
    return found


def find(ls, name):
    return [l for l in ls if l[1] == name]


def columns(ls, names, n, label):
    """The names sit in n equally spaced columns, a row's names on one
    line (one page and baseline)."""
    got = [find(ls, nm) for nm in names]
    missing = [nm for nm, g in zip(names, got) if len(g) != 1]
    if missing:
        say(label + ": names placed once", False, "not found once: %s" % missing)
        return
    pts = [g[0] for g in got]
    xs = sorted(set(round(p[2]) for p in pts))
    merged = []
    for x in xs:
        if not merged or x - merged[-1] > 2:
            merged.append(x)
    say(label + ": %d columns" % n, len(merged) == n, "x centres %s" % xs)
    if len(merged) == n and n > 2:
        gaps = [b - a for a, b in zip(merged, merged[1:])]
        say(label + ": columns equally spaced", max(gaps) - min(gaps) <= 2,
            "gaps %s" % gaps)
    rows = [pts[i:i + n] for i in range(0, len(pts), n)]
    bad = [r for r in rows if len(set((p[0], round(p[3])) for p in r)) != 1]
    say(label + ": rows on one line", not bad, "rows %s" % bad)


def check_event(pdf, model, flow, err, md):
    # images: one per raster logo, JPEG kept, none squashed, equal areas
    im = images(pdf)
    sizes = sorted((w, h) for _, w, h, _, _, _ in im)
    want = sorted([(600, 600), (1200, 600), (1200, 300), (900, 600),
                   (1000, 400), (900, 300), (800, 400), (900, 450)])
    say("images: one per raster logo, the SVG stays vector", sizes == want,
        "sizes %s, want %s" % (sizes, want))
    encs = {(w, h): e for _, w, h, e, _, _ in im}
    say("images: the JPEG logo embedded as jpeg", encs.get((900, 450)) == "jpeg",
        "encodings %s" % encs)
    say("images: PNG logos as images",
        all(e == "image" for k, e in encs.items() if k != (900, 450)), str(encs))
    say("images: none squashed (x-ppi = y-ppi)",
        all(abs(x - y) <= 1 for *_, x, y in im), str(im))
    areas = {(w, h): (w / x * 72) * (h / y * 72) for _, w, h, _, x, y in im}
    lo, hi = min(areas.values()), max(areas.values())
    say("equal visual weight: every logo the same area (2 %)",
        hi / lo <= 1.02, "areas pt² %s" % {k: round(v) for k, v in areas.items()})
    # the text layer
    ls = lines(pdf)
    text = "\n".join(l[1] for l in ls)
    names = ["Acme Rockets", "Globex", "Initech", "Wayne Enterprises", "Tyrell",
             "Oscorp", "Umbrella", "Hooli", "Vandelay", "Pied Piper",
             "Soylent", "Stark Library", "Thanks to our partners:", "Gold",
             "Silver", "See you next year."]
    lost = [n for n in names if n not in text]
    say("names, tiers and the section's lines in the text", not lost,
        "missing %s" % lost)
    columns(ls, ["Acme Rockets", "Globex", "Initech", "Wayne Enterprises",
                 "Tyrell", "Oscorp"], 3, "gold")
    # the tier heading comes right before its grid
    g = find(ls, "Gold")
    a = find(ls, "Acme Rockets")
    say("tier heading above its first row", g and a and g[0][0] == a[0][0]
        and g[0][3] < a[0][3], "Gold %s, Acme %s" % (g, a))
    # links: exactly the sponsors that have a URL
    u = sorted(set(uris(pdf)))
    wu = sorted(["https://acme.example/", "https://globex.example/",
                 "https://initech.example/", "https://umbrella.example/",
                 "https://soylent.example/", "https://stark.example/"])
    say("link annotations to the sponsors' URLs", u == wu, "got %s" % u)
    # the missing logo: a placeholder with the name, a warning at its line
    fl = open(flow, encoding="utf-8").read()
    say("missing logo: a placeholder", "placeholder" in fl and
        "Vandelay" in fl, "no placeholder frame in --dump-flow")
    src = open(md, encoding="utf-8").read().splitlines()
    at = next(i + 1 for i, l in enumerate(src) if "Vandelay" in l)
    e = open(err, encoding="utf-8").read()
    say("missing logo: warning with file:line",
        re.search(r"ev\.md:%d: warning: image not found: logos/missing\.png" % at, e)
        is not None, "stderr: %s" % e.strip())
    # the model
    m = json.load(open(model, encoding="utf-8"))
    sp = m.get("sponsors", [])
    shape = all(isinstance(s, dict) and {"name", "logo", "url", "tier"} <= set(s)
                for s in sp)
    say("--dump-model: sponsors as objects", shape and len(sp) == 12,
        "%d sponsors: %s" % (len(sp), sp[:2]))
    by = {s["name"]: s for s in sp} if shape else {}
    say("--dump-model: fields", by.get("Soylent", {}).get("url") == "https://soylent.example/"
        and by.get("Soylent", {}).get("logo") == "logos/soylent.png"
        and by.get("Umbrella", {}).get("tier") == "Silver"
        and by.get("Acme Rockets", {}).get("tier") == "Gold"
        and by.get("Pied Piper", {}).get("logo") == "",
        "%s" % sp)


def check_pages(pdfs):
    """A 12-logo tier at many heights on the page: rows never split,
    the heading on the page of the first row, some grids break."""
    split_seen = 0
    for pdf in pdfs:
        ls = lines(pdf)
        names = ["Firm %02d" % i for i in range(1, 13)]
        pts = [find(ls, n) for n in names]
        if any(len(p) != 1 for p in pts):
            say("%s: names" % pdf, False, "missing some of %s" % names)
            continue
        pts = [p[0] for p in pts]
        rows = [pts[i:i + 3] for i in range(0, 12, 3)]
        whole = all(len(set((p[0], round(p[3])) for p in r)) == 1 for r in rows)
        head = find(ls, "Partners of the year")
        kept = head and head[0][0] == pts[0][0]
        say("%s: rows whole, heading with the first row" % pdf.split("/")[-1],
            whole and kept, "rows %s, heading %s" % (rows, head))
        split_seen += len(set(p[0] for p in pts)) > 1
    say("some grids break between rows over two pages", split_seen > 0,
        "no grid crossed a page")


if __name__ == "__main__":
    if sys.argv[1] == "event":
        check_event(*sys.argv[2:7])
    elif sys.argv[1] == "pages":
        check_pages(sys.argv[2:])
EOF

# ---- fixtures ---------------------------------------------------------------

EV=$OUT/ev
mkdir -p "$EV/logos"
# raster logos of many shapes, each a flat colour (PNG) and one JPEG
mk() { convert -size "$2" "xc:$3" "$EV/logos/$1" 2>>"$OUT/fixtures.log"; }
mk acme.png 600x600 '#d03020' && mk globex.png 1200x600 '#20a040' &&
  mk initech.png 1200x300 '#2040c0' && mk wayne.png 900x600 '#404040' &&
  mk tyrell.png 1000x400 '#a05010' && mk oscorp.png 900x300 '#108060' &&
  mk soylent.png 800x400 '#209090' && mk hooli.jpg 900x450 '#c0a020'
if [ $? -ne 0 ]; then
  notok "fixtures" "convert failed: $(tail -n 1 "$OUT/fixtures.log")"
  finish
fi
cat >"$EV/logos/umbrella.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">
  <rect width="300" height="100" rx="12" fill="#7a1fa2"/>
</svg>
EOF

# front matter: a map of tier → list; body: a sponsors section with an
# intro line, a linked logo, a name with a link and a closing line
cat >"$EV/ev.md" <<'EOF'
---
title: "Sponsor Test Night"
date: 2025-06-01
sponsors:
  Gold:
    - name: Acme Rockets
      logo: logos/acme.png
      url: https://acme.example/
    - name: Globex
      logo: logos/globex.png
      url: https://globex.example/
    - name: Initech
      logo: logos/initech.png
      url: https://initech.example/
    - {name: Wayne Enterprises, logo: logos/wayne.png}
    - {name: Tyrell, logo: logos/tyrell.png}
    - {name: Oscorp, logo: logos/oscorp.png}
  Silver:
    - name: Umbrella
      logo: logos/umbrella.svg
      url: https://umbrella.example/
    - name: Hooli
      logo: logos/hooli.jpg
    - name: Vandelay
      logo: logos/missing.png
    - name: Pied Piper
---

An evening of talks about building things.

## Partners

Thanks to our partners:

- [![Soylent](logos/soylent.png)](https://soylent.example/)
- [Stark Library](https://stark.example/)

See you next year.
EOF

run event "$EV/ev.md" -o "$EV/ev.pdf"
if [ "$rc" -eq 0 ] && [ -s "$EV/ev.pdf" ]; then
  ok "event: exit 0, PDF written"
else
  notok "event: exit 0, PDF written" "exit $rc: $(head -n 3 "$OUT/event.err")"
  finish
fi
run event-model --dump-model "$EV/ev.md"
run event-flow --dump-flow "$EV/ev.md"
if python3 "$ROOT/tests/e2e/imgcheck.py" color "$EV/ev.pdf" 7a1fa2; then
  ok "SVG logo drawn (its colour on the page)"
else
  notok "SVG logo drawn (its colour on the page)" "no #7a1fa2 on any page"
fi
checks event event "$EV/ev.pdf" "$OUT/event-model.out" "$OUT/event-flow.out" \
  "$OUT/event.err" "$EV/ev.md"

# ---- pagination: one tier of 12 logos after 3..12 intro paragraphs -----------

PG=$OUT/pages
mkdir -p "$PG/logos"
cp "$EV/logos/acme.png" "$EV/logos/initech.png" "$EV/logos/umbrella.svg" "$PG/logos/"
pdfs=
k=3
while [ $k -le 12 ]; do
  {
    printf -- '---\ntitle: "Pagination %d"\n---\n\nA short page.\n\n## Sponsors\n\n' "$k"
    i=1
    while [ $i -le $k ]; do
      printf 'Paragraph %d of the thanks: the people and firms who made the day\n' "$i"
      printf 'possible gave rooms, coffee, time and advice, and we are glad to name\n'
      printf 'them all here in the printed programme of the event.\n\n'
      i=$((i + 1))
    done
    printf '### Partners of the year\n\n'
    i=1
    for l in acme.png initech.png umbrella.svg acme.png initech.png umbrella.svg \
      acme.png initech.png umbrella.svg acme.png initech.png umbrella.svg; do
      printf -- '- ![Firm %02d](logos/%s)\n' "$i" "$l"
      i=$((i + 1))
    done
  } >"$PG/p$k.md"
  run "pages-$k" "$PG/p$k.md" -o "$PG/p$k.pdf"
  if [ "$rc" -ne 0 ]; then
    notok "pages $k: exit 0" "exit $rc: $(head -n 3 "$OUT/pages-$k.err")"
  elif [ -s "$OUT/pages-$k.err" ]; then
    notok "pages $k: no warnings" "$(head -n 3 "$OUT/pages-$k.err")"
  else
    pdfs="$pdfs $PG/p$k.pdf"
  fi
  k=$((k + 1))
done
# shellcheck disable=SC2086
checks pages pages $pdfs

finish
