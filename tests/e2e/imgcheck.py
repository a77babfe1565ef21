#!/usr/bin/env python3
"""imgcheck.py — fixtures and pixel checks for tests/e2e/images.sh.

    imgcheck.py fixtures DIR     make the test tree under DIR (needs
                                 ImageMagick's convert for JPEG, GIF, WebP)
    imgcheck.py redright PDF     exit 0 when the page showing the red/blue
                                 test photo has red right of blue (the
                                 EXIF orientation 6 photo was turned upright)
    imgcheck.py color PDF RRGGBB exit 0 when some page shows that colour
    imgcheck.py ppi              read `pdfimages -list` on stdin: exit 0
                                 when every image has x-ppi == y-ppi (none
                                 squashed); print the offenders otherwise

Everything is made here from scratch: no image comes from elsewhere.
Python standard library plus the convert and pdftoppm commands.
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib


# ---- fixtures --------------------------------------------------------------

def png(path, w, h, pixel):
    """An RGB PNG whose pixel(x, y) gives (r, g, b)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def convert(*args):
    subprocess.run(["convert", *args], check=True)


def with_orientation(jpeg, value):
    """The JPEG with an EXIF APP1 segment holding Orientation = value,
    placed after the JFIF APP0 segment."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) \
        + struct.pack(">HHIHH", 0x0112, 3, 1, value, 0) + struct.pack(">I", 0)
    body = b"Exif\x00\x00" + tiff
    seg = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    at = 2
    if jpeg[2:4] == b"\xff\xe0":
        at = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:at] + seg + jpeg[at:]


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def fixtures(root):
    site = os.path.join(root, "site")
    ev = os.path.join(site, "content", "events")
    img = os.path.join(ev, "img")
    static = os.path.join(site, "static", "images")
    outside = os.path.join(root, "outside")
    www = os.path.join(root, "www")
    for d in (img, static, outside, www):
        os.makedirs(d, exist_ok=True)
    write(os.path.join(site, "config.toml"), 'baseURL = "https://example.org/"\ntitle = "test site"\n')

    # the site-root cover: a wide warm gradient, 1600 x 600
    png(os.path.join(static, "banner.png"), 1600, 600,
        lambda x, y: (200 + x * 50 // 1600, 160 + y * 60 // 600, 90))
    # a secret outside the site, and paths that lead to it
    png(os.path.join(outside, "secret.png"), 44, 44, lambda x, y: (0, 0, 0))
    os.symlink(os.path.join("..", "..", "..", "outside", "secret.png"),
               os.path.join(static, "evil.png"))
    os.symlink(os.path.join(outside, "secret.png"), os.path.join(img, "link.png"))

    # a plain photo, 900 x 600 (teal), baseline JPEG
    png(os.path.join(root, "photo.png"), 900, 600, lambda x, y: (30, 140 + y % 40, 150))
    convert(os.path.join(root, "photo.png"), "-quality", "85", os.path.join(img, "photo.jpg"))
    # a photo stored sideways: 600 x 300, red top half, blue bottom half,
    # EXIF orientation 6 (turn 90 degrees clockwise to view)
    png(os.path.join(root, "rb.png"), 600, 300,
        lambda x, y: (230, 20, 20) if y < 150 else (20, 20, 230))
    convert(os.path.join(root, "rb.png"), "-quality", "90", os.path.join(root, "rb.jpg"))
    with open(os.path.join(root, "rb.jpg"), "rb") as f:
        data = f.read()
    write(os.path.join(img, "rotated.jpg"), with_orientation(data, 6), "wb")
    # CMYK (Adobe, as Photoshop and ImageMagick write it): green, 500 x 400
    convert("-size", "500x400", "xc:#20a040", "-colorspace", "CMYK", "-quality", "90",
            os.path.join(img, "cmyk.jpg"))
    # progressive JPEG, 640 x 400
    convert("-size", "640x400", "gradient:#404080-#8080c0", "-interlace", "Plane",
            os.path.join(img, "progressive.jpg"))
    # GIF 300 x 200, WebP 320 x 200
    convert("-size", "300x200", "xc:#c0c040", os.path.join(img, "anim.gif"))
    convert("-size", "320x200", "xc:#40c0c0", os.path.join(img, "pic.webp"))
    # small PNG 60 x 40: printed at 150 dpi, not blown up
    png(os.path.join(img, "small.png"), 60, 40, lambda x, y: (90, 90, 90))
    # PNG bytes under a .jpg name
    png(os.path.join(img, "really-png.jpg"), 120, 80, lambda x, y: (100, 60, 160))
    # speaker photos: portrait 400 x 600, and a tiny 40 x 40 (low dpi)
    png(os.path.join(img, "face2.png"), 400, 600, lambda x, y: (120, 100 + y // 10, 80))
    convert("-size", "40x40", "xc:#806040", os.path.join(img, "face.jpg"))
    # broken ones
    with open(os.path.join(img, "photo.jpg"), "rb") as f:
        photo = f.read()
    write(os.path.join(img, "truncated.jpg"), photo[: len(photo) // 2], "wb")
    write(os.path.join(img, "notes.jpg"), "这不是图片，只是一段说明文字。\n")
    write(os.path.join(img, "empty.png"), "")
    # SVG logo: orange, vector
    svg = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="240" '
           'height="80" viewBox="0 0 240 80"><rect x="4" y="4" width="232" height="72" '
           'rx="12" fill="#ff8800"/><circle cx="40" cy="40" r="24" fill="#ffffff"/></svg>\n')
    write(os.path.join(img, "logo.svg"), svg)

    # the server's files
    write(os.path.join(www, "photo.jpg"), photo, "wb")
    write(os.path.join(www, "logo.svg"), svg)

    # site-root paths elsewhere: --static, and a static/ found by walking up
    png(os.path.join(root, "assets", "images", "s.png"), 300, 200, lambda x, y: (50, 120, 50))
    hugo = os.path.join(root, "hugo")
    png(os.path.join(hugo, "static", "images", "h.png"), 300, 200, lambda x, y: (120, 50, 50))
    os.makedirs(os.path.join(hugo, "content", "post"), exist_ok=True)
    os.makedirs(os.path.join(root, "plain"), exist_ok=True)


# ---- checks ----------------------------------------------------------------

def pages(pdf, dpi=30):
    """Yield (width, height, rgb bytes) for each page of pdf."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), pdf, os.path.join(tmp, "p")], check=True)
        for name in sorted(os.listdir(tmp)):
            with open(os.path.join(tmp, name), "rb") as f:
                data = f.read()
            # P6 header: magic, width, height, maxval, each white-separated
            fields, pos = [], 0
            while len(fields) < 4:
                while data[pos:pos + 1].isspace():
                    pos += 1
                start = pos
                while not data[pos:pos + 1].isspace():
                    pos += 1
                fields.append(data[start:pos])
            pos += 1
            yield int(fields[1]), int(fields[2]), data[pos:]


def redright(pdf):
    for w, h, px in pages(pdf, 40):
        red, blue = [], []
        for i in range(0, len(px) - 2, 3):
            r, g, b = px[i], px[i + 1], px[i + 2]
            if r > 180 and g < 80 and b < 80:
                red.append((i // 3) % w)
            elif b > 180 and r < 80 and g < 80:
                blue.append((i // 3) % w)
        if len(red) > 20 and len(blue) > 20:
            rx, bx = sum(red) / len(red), sum(blue) / len(blue)
            print("red x %.1f, blue x %.1f" % (rx, bx))
            return 0 if rx > bx + 2 else 1
    print("no page shows the red/blue photo")
    return 1


def color(pdf, hexcode):
    want = tuple(int(hexcode[i:i + 2], 16) for i in (0, 2, 4))
    for w, h, px in pages(pdf, 30):
        n = 0
        for i in range(0, len(px) - 2, 3):
            if all(abs(px[i + k] - want[k]) <= 24 for k in range(3)):
                n += 1
                if n >= 20:
                    return 0
    return 1


def ppi():
    bad = []
    for line in sys.stdin:
        f = line.split()
        if len(f) >= 14 and f[0].isdigit() and f[2] in ("image", "smask", "mask"):
            x, y = float(f[12]), float(f[13])
            if abs(x - y) > 1:
                bad.append(line.strip())
    for b in bad:
        print(b)
    return 1 if bad else 0


def main():
    cmd = sys.argv[1]
    if cmd == "fixtures":
        fixtures(sys.argv[2])
        return 0
    if cmd == "redright":
        return redright(sys.argv[2])
    if cmd == "color":
        return color(sys.argv[2], sys.argv[3])
    if cmd == "ppi":
        return ppi()
    print("unknown command", cmd, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
