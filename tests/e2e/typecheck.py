#!/usr/bin/env python3
"""typecheck.py — typesetting quality of a rendered booklet, measured on
the PDF's words and their boxes.  Test helper for tests/e2e/typeset.sh.

    typecheck.py --layout DUMP [--doc DOCDUMP] [--fonts XML] [--flow FLOW] [--pdf PDF]
                 [-v] BBOX.html

BBOX.html is `pdftotext -bbox-layout` output; DUMP is `booklet
--dump-layout` for the layout the PDF was made with (page size, margins,
body style); DOCDUMP (`booklet --dump-document`) tells which body lines
end at a hard line break; XML (`pdftohtml -xml -zoom 1`, optional) tells
which lines are bold, to find headings; FLOW (`booklet --dump-flow`,
optional) tells where pictures are (images, placeholders, QR codes),
which the text layer does not show.  Counts, over all pages:

  start      lines that start with closing punctuation (，。、；：？！）」』
             》〉】…— ” and the half-width ,.;:?!) ]}) — every line of
             every frame and table cell is looked at
  end        lines that end with opening punctuation (（「『【《〈“‘ ([{)
  margin     words past the left or right edge of the text frame, or off
             the page: lines wider than their frame, running heads
             included
  gap        gaps between words of a justified line (one that reaches the
             frame's right edge) wider than 1.5 x its line height
  ragged     body lines (body size, at the frame's left edge or its
             first-line indent) followed by another line of the same
             paragraph (same left edge, one body line pitch below, on this
             page or at the top of the next) that do not end flush with
             the frame's right edge (0.5 pt); lines before a hard break
             (from DOCDUMP) are left out, and so are lines that are
             mostly a URL (it breaks only after / . - ? & = and has
             nothing to stretch)
  heading    pages whose last line in the text frame is a heading (at the
             frame's left edge, set larger than the body, or bold and not
             smaller than the body by more than 0.6 pt — a bold speaker
             name under a talk title is not a heading; XML needed for
             bold) with other lines above it and no picture below it
             (FLOW: a heading over its image or placeholder is kept with
             it); pages without a folio (cover, back) are left out
  widow      a body paragraph's last line alone at the top of a page
  orphan     a body paragraph's first line alone at the foot of a page
  space      (with DOCDUMP) two Han characters that the text layer splits
             into two words, so that copy and pdftotext give a space
             between them, where the document has none: added space
             (justification, Han–Latin spacing) must stay under the
             reader's word-break threshold between Han; words further
             apart than 0.8 em (table columns) are not one line's words
  loose      gaps wider than 0.9 em between two Latin words of a justified
             body line (word spaces stretched into holes)

With --pdf (the PDF itself, read with PyMuPDF, python3-fitz), also:
  letterspace  Latin words whose letters stand apart (two or more gaps of
               more than 0.05 em between letters drawn next to each
               other): justification must never letter-space a word
  cjkquote     quotation marks and apostrophes in Latin context (a Latin
               letter or digit on their inner side, no CJK on the other)
               drawn from a CJK face, where they are full-width
  notdef       characters printed as an empty box: drawn as glyph 0
               (.notdef), or from a face whose font file (found by its
               PostScript name with fc-list) has no glyph for them

Prints one line `start=N end=N margin=N gap=N ragged=N heading=N widow=N
orphan=N [space=N] loose=N [letterspace=N cjkquote=N notdef=N] hyphens=N`
(with -v, each finding first, one per line, `page N: kind: text`).
hyphens (lines ending at a hyphenation point, with a soft hyphen in the
text layer) is a count, not a fault.  Exit status 0 when every fault
count is 0, 1 otherwise, 2 for usage errors (or --pdf without PyMuPDF).
Python standard library, and PyMuPDF (and fontconfig's fc-list) for --pdf.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"

CLOSING = set("，。、．：；？！）］｝〕〉》」』】〗〙〛｠”’〃％…‥—–〜～・ー々")
HALF_CLOSING = set(",;:?!)]}%")
OPENING = set("（［｛〔〈《「『【〖〘〚｟“‘([{")

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,;:!?)\]-]*$")
SHY = "\u00ad"
URL = re.compile(r"://|www\.|@|/[^/\s]+/")


def url_line(ln, before=None):
    """Half the line or more is URL words (its first word is one when the
    line before ended inside a URL)."""
    cont = before is not None and url_line(before) and \
        before.words[-1].text[-1:] in "/.-?&="
    url = sum(w.x1 - w.x0 for i, w in enumerate(ln.words)
              if URL.search(w.text) or (i == 0 and cont))
    return url >= 0.5 * (ln.x1 - ln.x0)
TOL_EDGE = 0.5     # pt: flush right, frame edges
BOX_RATIO = 1.437  # pdftotext word box height / font size (Noto CJK)
LATIN_BOX_RATIO = 1.362  # the same for Noto Serif and Noto Sans


def usage(msg):
    sys.stderr.write("typecheck.py: %s\n" % msg)
    sys.exit(2)


def read_layout(path):
    """Page size, margins, body size, line height and indent."""
    lay = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"page ([\d.]+) x ([\d.]+) pt", line)
            if m:
                lay["w"], lay["h"] = float(m.group(1)), float(m.group(2))
            m = re.match(r"margins top ([\d.]+) bottom ([\d.]+) inner ([\d.]+) "
                         r"outer ([\d.]+)", line)
            if m:
                (lay["top"], lay["bottom"], lay["inner"],
                 lay["outer"]) = map(float, m.groups())
            m = re.match(r"style body: family '([^',]*).* size ([\d.]+) .* "
                         r"lh ([\d.]+) .* indent ([\d.]+)", line)
            if m:
                lay["family"] = m.group(1)
                lay["size"], lay["lh"], lay["indent"] = map(float, m.groups()[1:])
    for k in ("w", "h", "top", "bottom", "inner", "outer", "size", "lh"):
        if k not in lay:
            usage("%s: no '%s' in the layout dump" % (path, k))
    lay.setdefault("indent", 0.0)
    # word boxes are as high as the body face's ascent and descent: a
    # layout whose body is set in a Latin face first has Latin boxes
    global BOX_RATIO
    if "CJK" not in lay.get("family", "CJK"):
        BOX_RATIO = LATIN_BOX_RATIO
    return lay


class Word:
    def __init__(self, e):
        self.x0 = float(e.get("xMin"))
        self.y0 = float(e.get("yMin"))
        self.x1 = float(e.get("xMax"))
        self.y1 = float(e.get("yMax"))
        self.text = e.text or ""


class Line:
    """Words on one baseline in one column, left to right."""

    def __init__(self, words):
        self.words = sorted(words, key=lambda w: w.x0)
        self.x0 = self.words[0].x0
        self.x1 = max(w.x1 for w in self.words)
        self.y0 = min(w.y0 for w in self.words)
        self.y1 = max(w.y1 for w in self.words)
        hs = sorted(w.y1 - w.y0 for w in self.words)
        self.size = hs[len(hs) // 2] / BOX_RATIO
        self.text = " ".join(w.text for w in self.words)
        self.bold = False  # every word bold (pdftohtml)
        self.mono = False  # every word in a monospace face: code

    def first(self):
        return self.words[0].text[:1]

    def last(self):
        return self.words[-1].text[-1:]


def read_pages(path):
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        usage("%s: %s" % (path, e))
    pages = []
    for p in root.iter(NS + "page"):
        words = [Word(w) for w in p.iter(NS + "word")]
        pages.append((float(p.get("width")), float(p.get("height")), words))
    return pages


def rows(words):
    """Group words that share a baseline into rows, left to right.  Boxes
    of different fonts differ in height, so words join a row when their
    vertical centres are within a fifth of the smaller box."""
    out = []
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        c, h = (w.y0 + w.y1) / 2, w.y1 - w.y0
        if out:
            row = out[-1]
            rc = sum((v.y0 + v.y1) / 2 for v in row) / len(row)
            rh = min(v.y1 - v.y0 for v in row)
            if abs(c - rc) <= 0.2 * min(h, rh):
                row.append(w)
                continue
        out.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in out]


def segments(row, cut):
    """Split a row of words (left to right) at gaps wider than cut."""
    out, cur = [], [row[0]]
    for w in row[1:]:
        if w.x0 - cur[-1].x1 > cut:
            out.append(cur)
            cur = [w]
        else:
            cur.append(w)
    out.append(cur)
    return out


def read_fonts(path):
    """Per page (1-based), boxes of text from pdftohtml -xml -zoom 1 with
    what their font is: (top, left, right, bold, mono)."""
    out = {}
    if not path:
        return out
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return out
    mono = {}
    for p in root.iter("page"):
        for fs in p.iter("fontspec"):
            mono[fs.get("id")] = "mono" in (fs.get("family") or "").lower()
        n = int(p.get("number"))
        items = []
        for t in p.iter("text"):
            top, left = float(t.get("top")), float(t.get("left"))
            width = float(t.get("width"))
            txt = "".join(t.itertext()).strip()
            if not txt:
                continue
            items.append((top, left, left + width, t.find("b") is not None,
                          mono.get(t.get("font"), False)))
        out[n] = items
    return out


def hard_breaks(path):
    """Text that comes right before a hard line break in the document,
    without spaces: a body line ending there is not justified."""
    if not path:
        return ""
    with open(path, encoding="utf-8") as f:
        return re.sub(r"[ \t]", "", f.read())


QUOTES_OPEN = set("‘“")
QUOTES_CLOSE = set("’”")


def pdf_lines(page):
    """The glyphs of a page (PyMuPDF text trace) as lines, left to right:
    (x0, x1, size, font, char, glyph) per glyph, lines by baseline."""
    glyphs = []
    for span in page.get_texttrace():
        if span.get("wmode", 0) != 0:
            continue
        for u, gid, origin, bbox in span["chars"]:
            glyphs.append((round(origin[1], 1), origin[0], bbox[2],
                           span["size"], span["font"], chr(u), gid))
    lines = {}
    for g in glyphs:
        lines.setdefault(g[0], []).append(g[1:])
    return [sorted(v) for _, v in sorted(lines.items())]


def letter_spaced(line, hit, pno):
    """Words whose letters stand apart: two or more gaps over 0.05 em
    between letters drawn next to each other."""
    spaced, word = 0, ""
    for a, b in zip(line, line[1:]):
        gap = b[0] - a[1]
        if a[4].isascii() and a[4].isalpha() and b[4].isascii() and \
                b[4].isalpha() and gap < 0.5 * a[2]:
            word = word or a[4]
            word += b[4]
            spaced += gap > 0.05 * a[2]
            continue
        if spaced >= 2:
            hit("letterspace", pno, word)
        spaced, word = 0, ""
    if spaced >= 2:
        hit("letterspace", pno, word)


def cjk_quotes(line, hit, pno):
    """Quotes and apostrophes in Latin context drawn from a CJK face."""
    for k, g in enumerate(line):
        ch, font = g[4], g[3]
        if ch not in QUOTES_OPEN and ch not in QUOTES_CLOSE:
            continue
        if "CJK" not in font and g[1] - g[0] < 0.8 * g[2]:
            continue
        prev = line[k - 1][4] if k > 0 else " "
        nxt = line[k + 1][4] if k + 1 < len(line) else " "
        inner, outer = (nxt, prev) if ch in QUOTES_OPEN else (prev, nxt)
        if inner.isascii() and (inner.isalnum() or inner in ".,!?") and \
                not CJK.match(outer):
            hit("cjkquote", pno, "%s%s%s in %s" % (prev, ch, nxt, font))


class Faces:
    """The installed font files by PostScript name (fc-list), opened with
    PyMuPDF on demand: does the face a PDF names have a glyph for c?"""

    def __init__(self, fitz):
        self.fitz, self.files, self.fonts = fitz, {}, {}
        try:
            out = subprocess.run(["fc-list", "-f", "%{postscriptname}|%{file}\n"],
                                 capture_output=True, text=True).stdout
        except OSError:
            out = ""
        for line in out.splitlines():
            ps, _, f = line.partition("|")
            if ps and f:
                self.files.setdefault(ps, f)

    def lacks(self, pdf_font, c):
        ps = pdf_font.split("+")[-1]
        if ps not in self.fonts:
            f = self.files.get(ps)
            try:
                self.fonts[ps] = self.fitz.Font(fontfile=f) if f else None
            except RuntimeError:
                self.fonts[ps] = None
        font = self.fonts[ps]
        return font is not None and not font.has_glyph(ord(c))


def pdf_checks(path, hit):
    try:
        import fitz  # PyMuPDF, Debian python3-fitz
    except ImportError:
        usage("--pdf needs PyMuPDF (python3-fitz) for %s" % sys.executable)
    faces = Faces(fitz)
    try:
        doc = fitz.open(path)
    except RuntimeError as e:
        usage("%s: %s" % (path, e))
    for pno, page in enumerate(doc, 1):
        for line in pdf_lines(page):
            letter_spaced(line, hit, pno)
            cjk_quotes(line, hit, pno)
            for g in line:
                # (U+FFFD: what PyMuPDF gives for glyphs under ActualText)
                if not g[4].isspace() and (g[5] == 0 or (
                        g[4] != "\ufffd" and faces.lacks(g[3], g[4]))):
                    hit("notdef", pno, "U+%04X in %s" % (ord(g[4]), g[3]))


def read_pictures(path):
    """Per page (1-based), the top edges of the pictures the flow placed
    (image, placeholder, qr frames of `booklet --dump-flow`), pt."""
    out = {}
    if not path:
        return out
    page = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"page (\d+)", line)
            if m:
                page = int(m.group(1))
                continue
            m = re.match(r"\s+(image|placeholder|qr) ([\d.-]+) ([\d.-]+)", line)
            if m and page:
                out.setdefault(page, []).append(float(m.group(3)))
    return out


def main(argv):
    args = {"layout": None, "doc": None, "fonts": None, "flow": None, "pdf": None}
    verbose = False
    files = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--layout", "--doc", "--fonts", "--flow", "--pdf"):
            if i + 1 >= len(argv):
                usage("%s needs a value" % a)
            args[a[2:]] = argv[i + 1]
            i += 2
            continue
        if a == "-v":
            verbose = True
        elif a.startswith("-"):
            usage("unknown option %s" % a)
        else:
            files.append(a)
        i += 1
    if len(files) != 1 or not args["layout"]:
        usage("usage: typecheck.py --layout DUMP [--doc DOCDUMP] "
              "[--fonts XML] [--flow FLOW] [--pdf PDF] [-v] BBOX.html")
    lay = read_layout(args["layout"])
    pages = read_pages(files[0])
    fonts = read_fonts(args["fonts"])
    pictures = read_pictures(args["flow"])
    breaks = hard_breaks(args["doc"])
    doc_text = ""
    if args["doc"]:
        with open(args["doc"], encoding="utf-8") as f:
            doc_text = f.read()

    names = ["start", "end", "margin", "gap", "ragged", "heading", "widow",
             "orphan"] + (["space"] if args["doc"] else []) + ["loose"] + \
        (["letterspace", "cjkquote", "notdef"] if args["pdf"] else [])
    hyphens = 0
    counts = {k: 0 for k in names}
    findings = []

    def hit(kind, page, text):
        counts[kind] += 1
        findings.append("page %d: %s: %s" % (page, kind, text[:60]))

    size = lay["size"]
    pitch = size * lay["lh"]
    indent = lay["indent"] * size
    top, bottom = lay["top"], lay["h"] - lay["bottom"]
    width = lay["w"] - lay["inner"] - lay["outer"]

    # per page: the body lines in the frame, for the pagination checks
    page_lines = []
    for pi, (pw, ph, words) in enumerate(pages):
        pno = pi + 1
        left = lay["inner"] if pi % 2 == 0 else lay["outer"]
        right = left + width
        for w in words:
            if w.x0 < -TOL_EDGE or w.x1 > pw + TOL_EDGE or w.y0 < -TOL_EDGE \
                    or w.y1 > ph + TOL_EDGE:
                hit("margin", pno, "off the page: " + w.text)
            elif w.x0 < left - TOL_EDGE or w.x1 > right + TOL_EDGE:
                hit("margin", pno, "%.1f..%.1f outside %.1f..%.1f: %s" %
                    (w.x0, w.x1, left, right, w.text))
        lines = []
        for row in rows(words):
            # a justified line reaches the right edge: look at its gaps
            line = Line(row)
            lh = line.size * lay["lh"]
            if abs(line.x1 - right) <= TOL_EDGE and \
                    not re.fullmatch(r"\d+", row[-1].text):
                for a, b in zip(row, row[1:]):
                    if b.x0 - a.x1 > 1.5 * lh:
                        hit("gap", pno, "%.1f pt before %s" % (b.x0 - a.x1,
                                                               line.text))
                # word spaces of a justified body line between Latin words
                if abs(line.size - size) <= 0.25 and line.x0 < left + 3 * size:
                    for a, b in zip(row, row[1:]):
                        if LATIN_WORD.search(a.text) and \
                                re.match(r"[A-Za-z0-9(‘“]", b.text) and \
                                0.9 * line.size < b.x0 - a.x1 <= 1.5 * lh:
                            hit("loose", pno, "%.1f pt before %s in %s" %
                                (b.x0 - a.x1, b.text, line.text))
            if row[-1].text.endswith(SHY):
                hyphens += 1
            if args["doc"]:
                for a, b in zip(row, row[1:]):
                    pair = a.text[-1:] + " " + b.text[:1]
                    if HAN.match(a.text[-1:]) and HAN.match(b.text[:1]) and \
                            b.x0 - a.x1 < 0.8 * line.size and \
                            pair not in doc_text:
                        hit("space", pno, "'%s' in %s" % (pair, line.text))
            for seg in segments(row, 6.0):
                ln = Line(seg)
                boxes = [b for b in fonts.get(pno, [])
                         if abs(b[0] - ln.y0) <= 2 and b[1] < ln.x1 + 1 and
                         b[2] > ln.x0 - 1]
                ln.bold = bool(boxes) and all(b[3] for b in boxes)
                ln.mono = bool(boxes) and all(b[4] for b in boxes)
                lines.append(ln)
                if ln.mono:
                    continue  # code is set as written
                if re.fullmatch(r"[—…–-]+", ln.text):
                    continue  # a dash standing for "none" in a cell
                if ln.first() in CLOSING or ln.first() in HALF_CLOSING:
                    if not (ln.first() == "." and ln.text[1:2].isalpha()):
                        hit("start", pno, ln.text)
                if ln.last() in OPENING:
                    hit("end", pno, ln.text)
        # lines inside the text frame, top to bottom
        frame = [ln for ln in lines if ln.y0 >= top - 2 and ln.y1 <= bottom + 2]
        frame.sort(key=lambda ln: (ln.y1, ln.x0))
        has_folio = any(ln.y0 > bottom + 2 for ln in lines)
        page_lines.append((pno, left, right, frame, has_folio))

    def is_body(ln, left):
        return abs(ln.size - size) <= 0.25 and (
            abs(ln.x0 - left) <= TOL_EDGE or
            (indent > 0 and abs(ln.x0 - left - indent) <= TOL_EDGE))

    def starts_para(ln, left):
        return indent > 0 and abs(ln.x0 - left - indent) <= TOL_EDGE

    def continues(a, b, left_b):
        """b is the line after a in the same body paragraph (same page)."""
        return (is_body(b, left_b) and not starts_para(b, left_b) and
                abs((b.y1 - a.y1) - pitch) <= 0.3)

    def ends_hard(ln):
        tail = re.sub(r"\s", "", ln.text)[-8:]
        return bool(tail) and (tail + "\n") in breaks

    for idx, (pno, left, right, frame, has_folio) in enumerate(page_lines):
        nxt = page_lines[idx + 1] if idx + 1 < len(page_lines) else None
        # the first line of the next page, when it continues a paragraph
        cont = None
        if nxt and nxt[3]:
            f0 = nxt[3][0]
            if is_body(f0, nxt[1]) and not starts_para(f0, nxt[1]) and \
                    f0.y0 < top + pitch:
                cont = f0
        body_idx = [k for k, ln in enumerate(frame) if is_body(ln, left)]
        for k in body_idx:
            ln = frame[k]
            after = frame[k + 1] if k + 1 < len(frame) else None
            last_on_page = after is None
            follows = (after is not None and continues(ln, after, left)) or \
                (last_on_page and cont is not None and indent > 0)
            before = frame[k - 1] if k > 0 and \
                continues(frame[k - 1], ln, left) else None
            if follows and abs(ln.x1 - right) > TOL_EDGE and \
                    not ends_hard(ln) and not url_line(ln, before):
                hit("ragged", pno, "ends %.1f pt short: %s" % (right - ln.x1,
                                                               ln.text))
        if not has_folio or not frame:
            continue
        # a heading last in the frame, with something above it
        last = frame[-1]
        if len(frame) > 1 and (last.size > size + 0.4 or
                               (last.bold and last.size >= size - 0.6)) and \
                abs(last.x0 - left) <= TOL_EDGE and \
                len(last.text) > 1 and not re.fullmatch(r"[\d\s]+", last.text) \
                and not any(y >= last.y1 - 1 for y in pictures.get(pno, [])):
            hit("heading", pno, last.text)
        # orphan: a paragraph's first line alone at the foot
        if frame and is_body(last, left) and cont is not None:
            before = frame[-2] if len(frame) > 1 else None
            first_line = starts_para(last, left) or before is None or \
                not continues(before, last, left)
            if first_line:
                hit("orphan", pno, last.text)
        # widow: a paragraph's last line alone at the top of the next page
        if cont is not None and frame and is_body(last, left):
            nframe = nxt[3]
            second = nframe[1] if len(nframe) > 1 else None
            if second is None or not continues(cont, second, nxt[1]):
                hit("widow", nxt[0], cont.text)

    if args["pdf"]:
        pdf_checks(args["pdf"], hit)

    if verbose:
        for f in findings:
            print(f)
    print(" ".join("%s=%d" % (k, v) for k, v in counts.items()) +
          " hyphens=%d" % hyphens)
    return 0 if not any(counts.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
