#!/usr/bin/env python3
"""imgserver.py — a local HTTP server for tests/e2e/images.sh.

    python3 imgserver.py DIR PORTFILE LOGFILE

Serves the files of DIR on 127.0.0.1 at a free port, which it writes to
PORTFILE once it listens.  Every request is appended to LOGFILE as
`PATH` on its own line, and `max-concurrent N` lines record how many
requests were being answered at once (parallel fetches overlap).
Special paths (no file needed):

    /404.png         404 Not Found
    /slow.jpg        waits 6 s, then sends DIR/photo.jpg
    /delay1-*.jpg    waits 1 s, then sends DIR/photo.jpg
    /page.jpg        200 with an HTML page (not an image)
    /huge.png        announces 30 MB; sends a few bytes
    /cut.jpg         announces the whole photo, sends half, closes
    /to-file.jpg     302 to file:///etc/hostname (must not be followed)
    /to-photo.jpg    302 to /photo.jpg
    /loop.jpg        302 to itself (too many redirects)

Runs until killed.  Python standard library only.
"""
import http.server
import os
import sys
import threading
import time

ROOT, PORTFILE, LOGFILE = sys.argv[1], sys.argv[2], sys.argv[3]
lock = threading.Lock()
active = 0
peak = 0


def log(line):
    with lock:
        with open(LOGFILE, "a", encoding="utf-8") as f:
            f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_bytes(self, code, ctype, data, length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def file(self, name):
        with open(os.path.join(ROOT, name), "rb") as f:
            return f.read()

    def do_GET(self):
        global active, peak
        path = self.path.split("?")[0]
        log(path)
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            self.answer(path)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with lock:
                active -= 1
            log("max-concurrent %d" % peak)

    def answer(self, path):
        if path == "/404.png":
            self.send_bytes(404, "text/html", b"<h1>404 Not Found</h1>")
        elif path == "/slow.jpg":
            time.sleep(6)
            self.send_bytes(200, "image/jpeg", self.file("photo.jpg"))
        elif path.startswith("/delay1-"):
            time.sleep(1)
            self.send_bytes(200, "image/jpeg", self.file("photo.jpg"))
        elif path == "/page.jpg":
            self.send_bytes(200, "image/jpeg",
                            b"<!doctype html><html><body>Sign in first</body></html>\n")
        elif path == "/huge.png":
            self.send_bytes(200, "image/png", b"\x89PNG\r\n\x1a\n", 30 * 1024 * 1024)
            self.close_connection = True
        elif path == "/cut.jpg":
            data = self.file("photo.jpg")
            self.send_bytes(200, "image/jpeg", data[: len(data) // 2], len(data))
            self.close_connection = True
        elif path == "/to-file.jpg":
            self.redirect("file:///etc/hostname")
        elif path == "/to-photo.jpg":
            self.redirect("/photo.jpg")
        elif path == "/loop.jpg":
            self.redirect("/loop.jpg")
        else:
            name = os.path.normpath(path.lstrip("/"))
            full = os.path.join(ROOT, name)
            if name.startswith("..") or not os.path.isfile(full):
                self.send_bytes(404, "text/plain", b"not found\n")
                return
            ctype = "image/png" if name.endswith(".png") else \
                "image/svg+xml" if name.endswith(".svg") else "image/jpeg"
            self.send_bytes(200, ctype, self.file(name))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
