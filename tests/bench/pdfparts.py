#!/usr/bin/env python3
"""pdfparts.py — bytes of a PDF's embedded font programs (the streams named
by /FontFile, /FontFile2, /FontFile3), for `make bench`'s issue-9 table.
Reads the file with qpdf --json (object streams included).

    pdfparts.py FILE.pdf     prints: TOTAL_BYTES FONT_PROGRAM_BYTES"""
import json
import os
import subprocess
import sys


def font_bytes(path):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=none", path],
                         capture_output=True, check=False).stdout
    objs = json.loads(out)["qpdf"][1]
    files = set()
    for v in objs.values():
        val = v.get("value")
        if isinstance(val, dict):
            for k in ("/FontFile", "/FontFile2", "/FontFile3"):
                if k in val:
                    files.add("obj:" + val[k])
    total = 0
    for name in files:
        length = objs.get(name, {}).get("stream", {}).get("dict", {}).get("/Length")
        if isinstance(length, str):  # an indirect length: "12 0 R"
            length = objs.get("obj:" + length, {}).get("value")
        total += length if isinstance(length, int) else 0
    return total


if __name__ == "__main__":
    print(os.path.getsize(sys.argv[1]), font_bytes(sys.argv[1]))
