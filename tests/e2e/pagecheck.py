#!/usr/bin/env python3
"""pagecheck.py — what each page of a rendered booklet holds, read back
from the PDF with PyMuPDF (python3-fitz): its text lines (running head and
folio told apart from the body by where they sit), its pictures (raster
images, and vector forms such as QR codes), whether it is a ruled notes
page.  Used by tests/e2e/pages.sh.

    pagecheck.py FILE.pdf [--title TEXT] [--pad N] [--min-fill PCT] [--json]

Prints one line per page, then the findings the booklet must not have,
each as `FAIL - what` (or `ok - what`):
  - the last page has no folio and names the event (--title: the event's
    title as --dump-model gives it; its first 12 characters are looked for);
  - at most one notes page, and none after the back cover;
  - no inner page (not the first, not the last) with fewer than six body
    lines and no picture;
  - a page count that is a multiple of four (--pad 4; --pad 0 skips it);
  - with --min-fill, no inner page but the last one (the end of the
    content) filled less than PCT % of the height between the running
    head and the folio (to its lowest line or picture): a reading PDF
    flows its sections on.
"""
import json
import re
import sys

import fitz

HEAD_FRACTION = 0.075  # running head: baseline above 7.5 % of the height
FOLIO_FRACTION = 0.93  # folio: a number below 93 % of the height
NOTES_WORDS = {"笔记", "Notes"}


def squash(s):
    return re.sub(r"\s+", "", s)


def page_facts(page):
    """Lines of the body, the head, the folio and the pictures of a page."""
    h = page.rect.height
    body, head, folio = [], [], []
    low = 0  # the lowest body line or picture, pt from the top
    for b in page.get_text("dict")["blocks"]:
        if b["type"] != 0:
            if HEAD_FRACTION * h < b["bbox"][1] and b["bbox"][3] < FOLIO_FRACTION * h:
                low = max(low, b["bbox"][3])
            continue
        for ln in b["lines"]:
            text = "".join(s["text"] for s in ln["spans"]).strip()
            if not text:
                continue
            y = ln["spans"][0]["origin"][1]  # baseline
            if y < HEAD_FRACTION * h:
                head.append(text)
            elif y > FOLIO_FRACTION * h and re.fullmatch(r"[\dixvlc]+", text):
                folio.append(text)
            else:
                body.append(text)
                low = max(low, ln["bbox"][3])
    # pictures: raster images, forms (QR codes), and vector art (an SVG
    # logo: filled curves at least 10 pt across; not rules, table lines,
    # bands, a placeholder's small icon, or the plain disc that holds a
    # speaker's initial where there is no photo)
    def disc(d):
        r = d["rect"]
        return all(i[0] == "c" for i in d["items"]) and abs(r.width - r.height) < 1
    pictures = len(page.get_images()) + len(page.get_xobjects())
    pictures += sum(1 for d in page.get_drawings()
                    if d.get("fill") and any(i[0] == "c" for i in d["items"])
                    and d["rect"].width >= 10 and d["rect"].height >= 10
                    and not disc(d))
    rules = sum(1 for d in page.get_drawings()
                if d["rect"].height < 1 and d["rect"].width > page.rect.width / 2)
    notes = bool(body) and body[0] in NOTES_WORDS and len(body) == 1 and rules >= 5
    for d in page.get_drawings():  # rules, table lines, logos, discs
        r = d["rect"]
        if HEAD_FRACTION * h < r.y0 and r.y1 < FOLIO_FRACTION * h:
            low = max(low, r.y1)
    top, bottom = HEAD_FRACTION * h, FOLIO_FRACTION * h
    fill = max(0.0, (low - top) / (bottom - top))
    return {"body": body, "head": head, "folio": folio, "pictures": pictures,
            "notes": notes, "fill": fill}


def main():
    args = sys.argv[1:]
    path = args.pop(0)
    title, pad, as_json, min_fill = None, 4, False, 0
    while args:
        a = args.pop(0)
        if a == "--title":
            title = args.pop(0)
        elif a == "--pad":
            pad = int(args.pop(0))
        elif a == "--min-fill":
            min_fill = int(args.pop(0))
        elif a == "--json":
            as_json = True
    doc = fitz.open(path)
    pages = [page_facts(p) for p in doc]
    if as_json:
        print(json.dumps(pages, ensure_ascii=False, indent=1))
        return
    for i, p in enumerate(pages):
        kind = "notes" if p["notes"] else f"{len(p['body'])} lines"
        print(f"# page {i + 1}: {kind}, {p['pictures']} pictures, "
              f"folio {'/'.join(p['folio']) or '-'}, head {'yes' if p['head'] else 'no'}, "
              f"filled {100 * p['fill']:.0f} %")
    n = len(pages)
    last = pages[-1]
    report = []
    report.append((not last["folio"] and not last["head"],
                   "last page has no running head or folio"))
    if title:
        want = squash(title)[:12]
        report.append((want in squash("".join(last["body"])),
                       f"last page names the event ({want})"))
    notes = [i for i, p in enumerate(pages) if p["notes"]]
    report.append((len(notes) <= 1, f"at most one notes page ({len(notes)})"))
    if notes:
        report.append((notes[-1] < n - 1, "no notes page after the back cover"))
    thin = [i + 1 for i, p in enumerate(pages[1:-1], 1)
            if not p["notes"] and len(p["body"]) < 6 and not p["pictures"]]
    report.append((not thin, "no inner page with fewer than six lines and no "
                   "picture" + (f" (pages {thin})" if thin else "")))
    if min_fill:
        inner = [i for i, p in enumerate(pages[1:-1], 1) if not p["notes"]]
        empty = [i + 1 for i in inner[:-1] if 100 * pages[i]["fill"] < min_fill]
        report.append((not empty, f"no inner page but the last filled less than "
                       f"{min_fill} %" + (f" (pages {empty})" if empty else "")))
    if pad > 1:
        report.append((n % pad == 0, f"{n} pages, a multiple of {pad}"))
    for ok, what in report:
        print(("ok - " if ok else "FAIL - ") + what)


if __name__ == "__main__":
    main()
