#!/usr/bin/env python3
"""pdfnav.py — what a PDF offers for on-screen navigation, read from
`qpdf --json=2` (no PDF library needed).

    pdfnav.py FILE.pdf           prints one `key value` line each:
      pages N
      outline N                  bookmarks (all levels)
      outline-titles T1|T2|...
      links N                    link annotations
      internal N                 links to a named destination (or a page)
      external N                 links to a URI
      unresolved N               internal links whose name has no destination
      outside N                  link rectangles not inside their page's TrimBox
      dests N                    named destinations
      labels L1|L2|...           page labels as a reader shows them
      link-rects x0,y0,... |...  first link rectangle of each page with links

Exit status 2 when qpdf fails.  Used by tests/e2e/print.sh.
"""
import json
import subprocess
import sys


def load(path):
    try:
        out = subprocess.run(["qpdf", "--json=2", path], check=True,
                             capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print("qpdf failed: %s" % e, file=sys.stderr)
        sys.exit(2)
    return json.loads(out)


def val(objs, ref):
    """Follow an indirect reference ("12 0 R") to its value."""
    while isinstance(ref, str) and ref.endswith(" R"):
        ref = objs.get("obj:" + ref, {}).get("value")
    return ref


def s(v):
    """A qpdf JSON string ("u:text", "b:hex" or "/Name") as text."""
    if isinstance(v, str) and v[:2] in ("u:", "b:"):
        return v[2:]
    return v


def names_tree(objs, node, out):
    node = val(objs, node) or {}
    arr = node.get("/Names") or []
    for i in range(0, len(arr) - 1, 2):
        out[s(arr[i])] = arr[i + 1]
    for kid in node.get("/Kids") or []:
        names_tree(objs, kid, out)


def label_for(labels, i):
    """Page label of 0-based page i from the number tree's ranges."""
    best = None
    for start, d in labels:
        if start <= i:
            best = (start, d)
    if not best:
        return str(i + 1)
    start, d = best
    prefix = s(d.get("/P", "")) or ""
    num = ""
    if d.get("/S") == "/D":
        num = str(d.get("/St", 1) + i - start)
    return prefix + num


def main():
    d = load(sys.argv[1])
    objs = d["qpdf"][1]
    pages = d["pages"]
    root = val(objs, d["qpdf"][0].get("root") if isinstance(d["qpdf"][0], dict)
               else None)
    if not root:
        trailer = objs.get("trailer", {}).get("value", {})
        root = val(objs, trailer.get("/Root"))
    dests = {}
    names = val(objs, root.get("/Names")) if root else None
    if names and names.get("/Dests"):
        names_tree(objs, names["/Dests"], dests)
    outline = [o for o in d.get("outlines", [])]

    def count(items):
        n, titles = 0, []
        for o in items:
            n += 1
            titles.append(o.get("title", ""))
            k, t = count(o.get("kids", []))
            n += k
            titles += t
        return n, titles

    n_out, titles = count(outline)
    links = internal = external = unresolved = outside = 0
    rects = []
    for p in pages:
        pobj = val(objs, p["object"]) or {}
        trim = pobj.get("/TrimBox") or pobj.get("/MediaBox")
        first = None
        for a in val(objs, pobj.get("/Annots")) or []:
            a = val(objs, a)
            if not isinstance(a, dict) or a.get("/Subtype") != "/Link":
                continue
            links += 1
            r = a.get("/Rect")
            if first is None:
                first = r
            if trim and r and (r[0] < trim[0] - 0.5 or r[1] < trim[1] - 0.5 or
                               r[2] > trim[2] + 0.5 or r[3] > trim[3] + 0.5):
                outside += 1
            act = val(objs, a.get("/A")) or {}
            dest = a.get("/Dest")
            if act.get("/S") == "/URI":
                external += 1
            elif act.get("/S") == "/GoTo" or dest is not None:
                internal += 1
                target = dest if dest is not None else act.get("/D")
                if isinstance(target, str) and s(target) not in dests:
                    unresolved += 1
        if first:
            rects.append(",".join("%.1f" % v for v in first))
    labels = []
    pl = val(objs, root.get("/PageLabels")) if root else None
    if pl:
        nums = pl.get("/Nums") or []
        labels = [(nums[i], val(objs, nums[i + 1]))
                  for i in range(0, len(nums) - 1, 2)]
    print("pages %d" % len(pages))
    print("outline %d" % n_out)
    print("outline-titles %s" % "|".join(titles))
    print("links %d" % links)
    print("internal %d" % internal)
    print("external %d" % external)
    print("unresolved %d" % unresolved)
    print("outside %d" % outside)
    print("dests %d" % len(dests))
    print("labels %s" % "|".join(label_for(labels, i)
                                 for i in range(len(pages))))
    print("link-rects %s" % "|".join(rects))


if __name__ == "__main__":
    main()
