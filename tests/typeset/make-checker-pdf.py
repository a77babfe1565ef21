#!/usr/bin/env python3
"""make-checker-pdf.py — writes a one-page PDF with one of each fault that
typecheck.py finds in a PDF itself (--pdf): a letter-spaced Latin word, an
apostrophe in Latin context drawn from a CJK face, and a character drawn
as the font's .notdef box; beside them, lines that are right (a word set
normally, an apostrophe from the Latin face, Chinese quotes from the CJK
face around Chinese) and must not be counted.  Test helper for
tests/e2e/typeset.sh; needs PyMuPDF (python3-fitz) and the Debian fonts
booklet's layouts use.

    make-checker-pdf.py OUT.pdf
"""
import sys

import fitz  # PyMuPDF

SERIF = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
CJK = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: make-checker-pdf.py OUT.pdf\n")
        return 2
    doc = fitz.open()
    page = doc.new_page(width=419.53, height=595.28)
    page.insert_font(fontname="ser", fontfile=SERIF)
    page.insert_font(fontname="cjk", fontfile=CJK)
    size = 10
    font = fitz.Font(fontfile=SERIF)
    # right: a word set normally, an apostrophe from the Latin face
    page.insert_text((60, 100), "Normal words, it\u2019s fine.", fontname="ser",
                     fontsize=size)
    # right: Chinese quotes from the CJK face around Chinese
    page.insert_text((60, 120), "\u8bf4\u201c\u4e2d\u6587\u201d\u3002",
                     fontname="cjk", fontsize=size)
    # fault: a letter-spaced word (2 pt between its letters)
    x = 60
    for ch in "Spaced":
        page.insert_text((x, 140), ch, fontname="ser", fontsize=size)
        x += font.text_length(ch, size) + 2
    # fault: an apostrophe between Latin letters from the CJK face
    w = font.text_length("it", size)
    page.insert_text((60, 160), "it", fontname="ser", fontsize=size)
    page.insert_text((60 + w, 160), "\u2019", fontname="cjk", fontsize=size)
    page.insert_text((60 + w + 5, 160), "s", fontname="ser", fontsize=size)
    # fault: a character the face lacks, drawn as .notdef
    page.insert_text((60, 180), "box \ue000 here", fontname="ser",
                     fontsize=size)
    doc.save(sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
