#!/usr/bin/env python3
"""program.py — are the talks laid out as a program?  For one page:
reads booklet's --dump-model JSON and the PDF's text page by page
(pdftotext -f N -l N), then checks that every talk title is printed on a
talk page (a page after the agenda whose text holds the title) and, when the
model has an agenda, on the agenda page too; and that the agenda comes
before the talks.  Titles may wrap: whitespace is ignored when comparing, and the page's
text is read both in reading order and in drawing order (pdftotext -raw).

    program.py MODEL.json PDF      prints `ok - ...`/`FAIL - ...` lines
Exit status 0 when every check passed."""
import json
import re
import subprocess
import sys


def squash(s):
    return re.sub(r"\s+", "", s)


def main():
    model = json.load(open(sys.argv[1], encoding="utf-8"))
    pdf = sys.argv[2]
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    def page_text(p, *mode):
        return squash(subprocess.run(["pdftotext", *mode, "-f", str(p), "-l", str(p),
                                      pdf, "-"], capture_output=True, text=True).stdout)
    # reading order, and drawing order (-raw): a title wrapped inside a
    # table cell is whole in the second, where pdftotext's reading order
    # may put the next column between its lines
    text = [page_text(p) + "\n" + page_text(p, "-raw") for p in range(1, pages + 1)]
    ok = True

    def report(good, what):
        nonlocal ok
        print(("ok - " if good else "FAIL - ") + what)
        ok = ok and good

    talks = [t for t in model["talks"] if t["kind"] != "break"]
    agenda_titles = [squash(r["title"]) for r in model["agenda"]]
    agenda_page = None
    if model["agenda"]:
        # the agenda page: the page holding the most agenda titles
        counts = [sum(1 for a in agenda_titles if a and a in t) for t in text]
        agenda_page = max(range(pages), key=lambda i: counts[i])
        report(counts[agenda_page] >= max(1, len([a for a in agenda_titles if a]) // 2),
               "agenda page %d holds %d of %d agenda titles"
               % (agenda_page + 1, counts[agenda_page], len(agenda_titles)))
    first_talk_page = None
    for t in talks:
        title = squash(t["title"])
        if not title:
            continue
        start = agenda_page + 1 if agenda_page is not None else 1
        hits = [i for i in range(start, pages) if title in text[i]]
        report(bool(hits), "talk '%s' on its own page (page %s)"
               % (t["title"], hits[0] + 1 if hits else "none"))
        if hits and first_talk_page is None:
            first_talk_page = hits[0]
        if agenda_page is not None:
            in_agenda = any(title in a or a in title for a in agenda_titles if a)
            if in_agenda:
                report(title in text[agenda_page],
                       "talk '%s' on the agenda page" % t["title"])
    if agenda_page is not None and first_talk_page is not None:
        report(agenda_page < first_talk_page, "the agenda comes before the talks")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
