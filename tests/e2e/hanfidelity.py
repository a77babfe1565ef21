#!/usr/bin/env python3
"""hanfidelity.py — does the PDF's text layer give back the page's Han
characters?  Test helper for tests/run-e2e.sh.

    hanfidelity.py [--min 0.995] SOURCE.md PDFTEXT.txt
        Han check.  Counts every Han character (CJK Unified Ideographs
        U+4E00-U+9FFF and Extension A U+3400-U+4DBF) in the page's body
        (after the front matter; HTML comments excluded, they never print)
        and in the front matter's title, description and location, as a
        multiset.  The score is the sum over characters of
        min(count in PDF text, count in source) divided by the source
        total.  Passes when both the body's score and the overall score
        are at least --min.  A page without Han characters passes.

    hanfidelity.py --forms SOURCE.md PDFTEXT.txt
        Forms check.  Fails when the PDF text holds Kangxi radicals
        (U+2F00-U+2FDF), CJK radicals supplement (U+2E80-U+2EFF) or
        compatibility ideographs (U+F900-U+FAFF, U+2F800-U+2FA1F) that the
        source file does not: the sign of a font whose ToUnicode map sends
        ordinary ideographs to look-alike code points, so the PDF looks
        right but copy and search give back the wrong characters.

    hanfidelity.py --count FILE...
        Print the Han counts of pages (a dry run without a PDF).

Exit status: 0 pass, 1 fail, 2 usage error.  One line of explanation goes
to stdout (the e2e script prints it after FAIL or as a comment).
"""
import collections
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frontmatter  # noqa: E402  (same folder)

FIELDS = ("title", "description", "location")


def is_han(ch):
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def is_lookalike(ch):
    o = ord(ch)
    return (0x2F00 <= o <= 0x2FDF or 0x2E80 <= o <= 0x2EFF
            or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F)


def han(text):
    return collections.Counter(c for c in text if is_han(c))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def source_parts(path):
    """(body Counter, front-matter-fields Counter) of a page."""
    _, body = frontmatter.split(read(path))
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    fields = collections.Counter()
    data = frontmatter.load(path)
    for k in FIELDS:
        v = data.get(k)
        if isinstance(v, str):
            fields += han(v)
    return han(body), fields


def score(want, have):
    total = sum(want.values())
    got = sum(min(n, have.get(c, 0)) for c, n in want.items())
    return got, total


def missing_list(want, have, limit=24):
    short = [(c, n - have.get(c, 0)) for c, n in want.items() if have.get(c, 0) < n]
    short.sort(key=lambda x: (-x[1], x[0]))
    s = " ".join("%s(U+%04X)x%d" % (c, ord(c), n) for c, n in short[:limit])
    if len(short) > limit:
        s += " ... (%d more)" % (len(short) - limit)
    return s


def check_han(src, pdftext, minimum):
    body, fields = source_parts(src)
    have = han(read(pdftext))
    bgot, btotal = score(body, have)
    allwant = body + fields
    agot, atotal = score(allwant, have)
    if atotal == 0:
        print("none in the source")
        return 0
    bratio = bgot / btotal if btotal else 1.0
    aratio = agot / atotal
    summary = "body %d/%d (%.2f%%), with title/description/location %d/%d (%.2f%%)" % (
        bgot, btotal, 100 * bratio, agot, atotal, 100 * aratio)
    if bratio >= minimum and aratio >= minimum:
        print(summary)
        return 0
    print("%s, below %.1f%%; missing: %s" % (summary, 100 * minimum,
                                             missing_list(allwant, have)))
    return 1


def check_forms(src, pdftext):
    allowed = set(c for c in read(src) if is_lookalike(c))
    bad = collections.Counter(c for c in read(pdftext)
                              if is_lookalike(c) and c not in allowed)
    if not bad:
        print("no radical or compatibility forms")
        return 0
    print("look-alike code points in the PDF text: " + " ".join(
        "%s(U+%04X)x%d" % (c, ord(c), n) for c, n in bad.most_common(24)))
    return 1


def main(argv):
    minimum = 0.995
    if argv[:1] == ["--count"] and len(argv) > 1:
        for p in argv[1:]:
            body, fields = source_parts(p)
            print("%s: body %d Han (%d distinct), title/description/location %d" % (
                p, sum(body.values()), len(body), sum(fields.values())))
        return 0
    if argv[:1] == ["--forms"] and len(argv) == 3:
        return check_forms(argv[1], argv[2])
    if argv[:1] == ["--min"] and len(argv) >= 2:
        try:
            minimum = float(argv[1])
        except ValueError:
            print("--min expects a number such as 0.995")
            return 2
        argv = argv[2:]
    if len(argv) != 2:
        print("usage: hanfidelity.py [--min R] SOURCE.md PDFTEXT.txt | "
              "--forms SOURCE.md PDFTEXT.txt | --count FILE...")
        return 2
    return check_han(argv[0], argv[1], minimum)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
