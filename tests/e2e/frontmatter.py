#!/usr/bin/env python3
"""frontmatter.py — read an event page's front matter the way booklet does,
for the end-to-end tests (tests/run-e2e.sh).  Test helper only: booklet
itself parses with libyaml in C.

    frontmatter.py get FILE KEY             print a top-level scalar
    frontmatter.py in-text FILE KEY TEXT    is KEY's value in the text file?
    frontmatter.py equals FILE KEY STRING   is KEY's value equal to STRING?

Comparisons ignore whitespace the way a typeset page changes it: `in-text`
drops all whitespace (a title may wrap across lines on the cover, and a
quarter-em space may be added between Han and Latin), `equals` collapses
runs of whitespace and trims the ends.  Exit 0 yes, 1 no, 2 usage or
missing key.

TOML front matter (+++) is read with Python's tomllib.
Scalars are read as strings, without YAML's type guessing (libyaml gives
booklet strings too).  PyYAML's BaseLoader is used when installed; a small
built-in reader handles the usual top-level `key: value` forms otherwise.
The last duplicate key wins, as in booklet.
"""
import re
import sys

_WS = re.compile(r"\s+", re.UNICODE)


def split(text):
    """Return (front_matter, body) of a page's text; front_matter is None
    when the page has none.  Handles a BOM and CRLF line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() not in ("---", "+++"):
        return None, text
    fence = lines[0].rstrip()
    closers = ("---", "...") if fence == "---" else ("+++",)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            return "".join(lines[1:i]), "".join(lines[i + 1:])
    return None, text  # unterminated: booklet refuses such a page


def _unquote_double(s):
    out, i = [], 0
    esc = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"',
           "/": "/", " ": " ", "a": "\a", "b": "\b", "e": "\x1b",
           "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            width = {"x": 2, "u": 4, "U": 8}.get(n)
            if width:
                out.append(chr(int(s[i + 2:i + 2 + width], 16)))
                i += 2 + width
                continue
            out.append(esc.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _fold(lines):
    """Join the lines of a multi-line flow scalar: single breaks become
    spaces, blank lines become newlines."""
    out, pending_blank = "", 0
    for ln in lines:
        ln = ln.strip()
        if not ln:
            pending_blank += 1
            continue
        if out:
            out += "\n" * pending_blank if pending_blank else " "
        out += ln
        pending_blank = 0
    return out


def _fallback(fm):
    """A small reader for top-level scalars: plain, quoted and block."""
    result = {}
    lines = fm.splitlines()
    key_re = re.compile(r"^([^\s#'\"\-?:][^:#]*?)\s*:(?:\s+(.*))?$")
    i = 0
    while i < len(lines):
        m = key_re.match(lines[i])
        i += 1
        if not m:
            continue
        key, rest = m.group(1).strip(), (m.group(2) or "").rstrip()
        # following lines that belong to this value (indented or blank)
        cont = []
        while i < len(lines) and (lines[i][:1] in (" ", "\t") or not lines[i].strip()):
            cont.append(lines[i])
            i += 1
        while cont and not cont[-1].strip():
            cont.pop()
        if rest.startswith('"'):
            raw = "\n".join([rest[1:]] + cont)
            end = re.search(r'(?<!\\)(?:\\\\)*"', raw)
            raw = raw[:end.end() - 1] if end else raw
            result[key] = _unquote_double(_fold(raw.split("\n")) if "\n" in raw else raw)
        elif rest.startswith("'"):
            raw = "\n".join([rest[1:]] + cont)
            end = re.search(r"'(?!')", raw)
            raw = raw[:end.start()] if end else raw
            raw = _fold(raw.split("\n")) if "\n" in raw else raw
            result[key] = raw.replace("''", "'")
        elif rest[:1] in ("|", ">"):
            body = [c for c in cont]
            ind = min((len(c) - len(c.lstrip()) for c in body if c.strip()), default=0)
            body = [c[ind:] for c in body]
            if rest[0] == "|":
                result[key] = "\n".join(body)
            else:
                result[key] = _fold(body)
        elif rest == "" or rest.startswith("#"):
            result[key] = None  # a nested mapping or list
        elif rest[0] in "[{&*!":
            result[key] = None  # a flow collection, anchor, alias or tag
        else:
            plain = re.sub(r"\s+#.*$", "", rest)
            more = [re.sub(r"\s+#.*$", "", c) for c in cont]
            result[key] = _fold([plain] + more) if more else plain.strip()
    return result


def load(path):
    """Front matter of the page at path as a dict (values: str or other)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    fm, _ = split(text)
    if fm is None:
        return {}
    if text.lstrip("\ufeff").startswith("+++"):
        import tomllib  # Python 3.11+
        try:
            data = tomllib.loads(fm)
        except tomllib.TOMLDecodeError:  # booklet refuses such pages
            return {}
        return {k: v if isinstance(v, (str, dict, list)) else str(v)
                for k, v in data.items()}
    try:
        import yaml  # PyYAML, when installed
        data = yaml.load(fm, Loader=yaml.BaseLoader)
        return data if isinstance(data, dict) else {}
    except ImportError:
        return _fallback(fm)
    except Exception:  # YAML error: booklet refuses such pages anyway
        return _fallback(fm)


def field(path, key):
    """A top-level scalar as a string, or None."""
    v = load(path).get(key)
    return v if isinstance(v, str) else None


def squeeze(s):
    return _WS.sub("", s)


def collapse(s):
    return _WS.sub(" ", s).strip()


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    cmd, path, key = argv[0], argv[1], argv[2]
    value = field(path, key)
    if value is None:
        print("no scalar '%s' in %s" % (key, path), file=sys.stderr)
        return 2
    if cmd == "get" and len(argv) == 3:
        print(value)
        return 0
    if cmd == "in-text" and len(argv) == 4:
        with open(argv[3], encoding="utf-8", errors="replace") as f:
            text = f.read()
        want = squeeze(value)
        # also accept a word hyphenated at a line end ("Meet-\nup")
        dehyph = re.sub(r"-\s*\n\s*", "", text)
        if want in squeeze(text) or want in squeeze(dehyph):
            return 0
        print("'%s' not found in %s" % (value, argv[3]), file=sys.stderr)
        return 1
    if cmd == "equals" and len(argv) == 4:
        if collapse(value) == collapse(argv[3]):
            return 0
        print("expected '%s', got '%s'" % (collapse(value), collapse(argv[3])),
              file=sys.stderr)
        return 1
    print("usage: see frontmatter.py's header", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
