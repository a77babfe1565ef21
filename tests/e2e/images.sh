#!/bin/sh
# images.sh — end-to-end tests of images (issue 6).  `make e2e` runs it as
#
#     BOOKLET=build/booklet sh tests/e2e/images.sh
#
# It makes its own fixtures (tests/e2e/imgcheck.py: PNG, JPEG baseline,
# progressive, CMYK and EXIF-turned, GIF, WebP, SVG, a truncated JPEG, a
# text file named .jpg, PNG bytes named .jpg, an empty file, a path and a
# symlink leading out of the site) in a Hugo-like site, serves remote
# images from a local HTTP server on 127.0.0.1 (tests/e2e/imgserver.py,
# started and killed here; never the internet) and checks, from the PDF and
# stderr:
#   - local, relative and site-root paths (config.toml site, --static, a
#     static/ folder found by walking up); escapes refused with file:line;
#   - image count and encodings (`pdfimages -list`: JPEGs stay jpeg), no
#     image squashed (x-ppi == y-ppi), small images not blown up past
#     150 dpi, the EXIF-turned photo upright, CMYK colours right, SVG drawn
#     as vectors (its colour on the page, no raster image);
#   - broken images become placeholders with their alt text, a warning
#     with file:line says why, the rest of the booklet is there, exit 0;
#   - the resolution preflight warning; speaker photos all one size;
#   - remote: 404, timeout, not an image, too large, truncated, redirects
#     to file: and in a loop; fetches run in parallel; a second run makes
#     no request (the cache); --offline makes none at all.
#
# Prints `ok - NAME` / `FAIL - NAME: why` / `skip - NAME: why`, then
# `N passed, N failed[, N skipped]`; exit status 1 when any check failed
# (tests/e2e/lib.sh, the harness).  Outputs go to $E2E_OUT/images
# (default tests/out/images), cleaned first.
# Environment: BOOKLET (binary), BOOKLET_TIMEOUT (seconds per run, 120).

cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

CHECK="python3 $ROOT/tests/e2e/imgcheck.py"

need_booklet
need notok python3 pdfimages pdftotext pdftoppm convert

out_dir images
# a private cache; no proxy between us and 127.0.0.1
XDG_CACHE_HOME=$OUT/cache
BOOKLET_FETCH_TIMEOUT=2
export XDG_CACHE_HOME BOOKLET_FETCH_TIMEOUT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
NO_PROXY=127.0.0.1
no_proxy=127.0.0.1
export NO_PROXY no_proxy

if ! $CHECK fixtures "$OUT" >"$OUT/fixtures.log" 2>&1; then
  notok "fixtures" "$(tail -n 1 "$OUT/fixtures.log")"
  finish
fi

# run NAME ARGS...: booklet with a time limit; stderr in $OUT/NAME.err,
# exit status in $rc.  The test server listens on 127.0.0.1, which booklet
# refuses by default: these runs allow it (the refusal is tested below).
run() {
  name=$1
  shift
  run_booklet "$OUT/$name" --allow-private-hosts "$@"
}

# line FILE TEXT: number of the first line of FILE containing TEXT
line() {
  grep -n -F -- "$2" "$1" | head -n 1 | cut -d: -f1
}

# warned NAME ERRFILE FILE LINE PATTERN: stderr has FILE:LINE: warning: ..PATTERN
warned() {
  if grep -E -q "^$3:$4: warning: .*$5" "$2"; then
    ok "$1"
  else
    notok "$1" "no '$3:$4: warning: ...$5' on stderr"
  fi
}

# ---- a Hugo-like site: local, relative and site-root paths ---------------

EV=$OUT/site/content/events
cat >"$EV/event.md" <<'EOF'
---
title: "图片测试：本地、站点根路径与各种格式"
date: 2025-06-01T14:00:00+08:00
location: "测试市 图片大厦"
image: "/images/banner.png"
speaker:
  - name: "陈小图"
    image: "img/face2.png"
    designation: "图像组 组长"
  - name: "李低清"
    image: "img/face.jpg"
    designation: "低分辨率照片"
  - name: "王缺图"
    image: "img/nobody.jpg"
    designation: "照片缺失"
---

## 各种格式

一张普通的照片：

![普通照片](img/photo.jpg)

![手机横拍的照片](img/rotated.jpg)

![印刷用的CMYK图](img/cmyk.jpg)

![渐进式JPEG](img/progressive.jpg)

![动图GIF](img/anim.gif)

![WebP图片](img/pic.webp)

![小图标](img/small.png)

![名字是jpg其实是PNG](img/really-png.jpg)

![矢量标志](img/logo.svg)

## 坏掉的图片

![截断的照片](img/truncated.jpg)

![其实是文字](img/notes.jpg)

![空文件](img/empty.png)

![不存在的图](img/missing.png)

![越界的图片](../../../outside/secret.png)

![链接出界](img/link.png)

![站点根路径出界](/images/evil.png)

![站点内的上级路径](../../static/images/banner.png)

结尾段落完好，坏图之后的内容照常印出。
EOF

run local "$EV/event.md" -o "$OUT/local.pdf"
LOCAL=$OUT/local.pdf
E=$OUT/local.err
F=$EV/event.md
if [ "$rc" -eq 0 ] && [ -s "$LOCAL" ]; then
  ok "local: exit 0 with broken images, PDF written"
else
  notok "local: exit 0" "exit $rc: $(head -n 1 "$E")"
fi
pdfimages -list "$LOCAL" >"$OUT/local.list" 2>&1
pdftotext "$LOCAL" "$OUT/local.txt" 2>/dev/null

# imgrow W H: the pdfimages rows of an image of that size
imgrow() {
  awk -v w="$1" -v h="$2" '$3 == "image" && $4 == w && $5 == h' "$OUT/local.list"
}
# enc_is NAME W H ENC
enc_is() {
  r=$(imgrow "$2" "$3" | head -n 1)
  if [ -z "$r" ]; then
    notok "$1" "no $2x$3 image in pdfimages -list"
  elif [ "$(echo "$r" | awk '{print $9}')" = "$4" ]; then
    ok "$1"
  else
    notok "$1" "encoding $(echo "$r" | awk '{print $9}'), want $4"
  fi
}
enc_is "JPEG embedded as JPEG bytes" 900 600 jpeg
enc_is "EXIF-turned JPEG still embedded as JPEG" 600 300 jpeg
enc_is "progressive JPEG embedded as JPEG" 640 400 jpeg
enc_is "PNG cover from a site-root path" 1600 600 image
enc_is "GIF decoded" 300 200 image
enc_is "PNG named .jpg read by its bytes" 120 80 image
enc_is "speaker photo (PNG)" 400 600 image
if ls /usr/lib/*/gdk-pixbuf-2.0/*/loaders/ 2>/dev/null | grep -q webp; then
  enc_is "WebP decoded" 320 200 image
else
  skip "WebP decoded" "no gdk-pixbuf WebP loader (webp-pixbuf-loader)"
fi
if [ -n "$(imgrow 500 400)" ]; then
  ok "CMYK JPEG embedded"
else
  notok "CMYK JPEG embedded" "no 500x400 image"
fi
if $CHECK color "$LOCAL" 20a040 && ! $CHECK color "$LOCAL" df5fbf; then
  ok "CMYK JPEG prints green, not inverted"
else
  notok "CMYK JPEG colours" "no #20a040 area on any page (inverted CMYK?)"
fi
# nothing from the refused files: the secret outside the site is 44x44
if [ -z "$(imgrow 44 44)" ]; then
  ok "no image from outside the site"
else
  notok "no image from outside the site" "$(imgrow 44 44 | head -n 1)"
fi
n=$(awk '$3 == "image"' "$OUT/local.list" | wc -l)
# cover twice at most (band/cover), 8 body images, 2 speaker photos
if [ "$n" -ge 11 ] && [ "$n" -le 13 ]; then
  ok "image count ($n)"
else
  notok "image count" "$n images in the PDF, want 11 to 13"
fi
bad=$($CHECK ppi <"$OUT/local.list")
if [ -z "$bad" ]; then
  ok "no image squashed (x-ppi = y-ppi everywhere)"
else
  notok "no image squashed" "$(echo "$bad" | head -n 1)"
fi
p=$(imgrow 60 40 | awk '{print $13}' | head -n 1)
if [ "$p" = 150 ]; then
  ok "small image not blown up (150 ppi)"
else
  notok "small image not blown up" "placed at ${p:-?} ppi, want 150"
fi
p=$(imgrow 900 600 | awk '{print $13}' | head -n 1)
if [ -n "$p" ] && [ "$p" -ge 150 ]; then
  ok "large photo scaled to the frame ($p ppi)"
else
  notok "large photo scaled to the frame" "${p:-?} ppi"
fi
if out=$($CHECK redright "$LOCAL"); then
  ok "EXIF orientation honoured ($out)"
else
  notok "EXIF orientation honoured" "$out"
fi
if $CHECK color "$LOCAL" ff8800 && [ -z "$(imgrow 240 80)" ]; then
  ok "SVG drawn as vectors (its colour on the page, no raster image)"
else
  notok "SVG drawn as vectors" "no #ff8800 on any page, or a 240x80 raster image"
fi
for alt in 截断的照片 其实是文字 空文件 不存在的图 越界的图片 链接出界 站点根路径出界; do
  if tr -d ' \n' <"$OUT/local.txt" | grep -q "$alt"; then
    ok "placeholder shows '$alt'"
  else
    notok "placeholder shows '$alt'" "not in pdftotext output"
  fi
done
if tr -d ' \n' <"$OUT/local.txt" | grep -q '结尾段落完好'; then
  ok "the rest of the booklet is there"
else
  notok "the rest of the booklet is there" "last paragraph missing"
fi
warned "truncated JPEG warned" "$E" "$F" "$(line "$F" truncated.jpg)" "truncated JPEG"
warned "text named .jpg warned" "$E" "$F" "$(line "$F" notes.jpg)" "text"
warned "empty file warned" "$E" "$F" "$(line "$F" empty.png)" "empty file"
warned "missing file warned" "$E" "$F" "$(line "$F" missing.png)" "not found: img/missing.png"
warned "relative path escaping the site refused" "$E" "$F" "$(line "$F" outside/secret.png)" "escapes"
warned "symlink out of the site refused" "$E" "$F" "$(line "$F" img/link.png)" "escapes"
warned "site-root symlink out of static/ refused" "$E" "$F" "$(line "$F" /images/evil.png)" "escapes"
if grep -q 'static/images/banner.png' "$E"; then
  notok "relative path inside the site accepted" "$(grep 'static/images/banner.png' "$E" | head -n 1)"
else
  ok "relative path inside the site accepted"
fi
if grep -E -q "^$F:[0-9]+: warning: image not found: img/nobody.jpg" "$E"; then
  ok "missing speaker photo warned with file:line"
else
  notok "missing speaker photo warned" "no warning naming img/nobody.jpg"
fi
if grep -E -q "^$F:[0-9]+: warning: image img/face.jpg prints at [0-9]+ dpi" "$E"; then
  ok "low resolution warned (preflight)"
else
  notok "low resolution warned" "no 'prints at N dpi' warning for img/face.jpg"
fi
if grep -q 'dpi' "$E" && grep 'dpi' "$E" | grep -v -q 'face.jpg'; then
  notok "no false low-resolution warnings" "$(grep dpi "$E" | grep -v face.jpg | head -n 1)"
else
  ok "no false low-resolution warnings"
fi
timed "$BOOKLET" --dump-flow "$EV/event.md" 2>/dev/null |
  awk '$1 == "circle" {print $4, $5}' | sort -u >"$OUT/circles"
if [ "$(wc -l <"$OUT/circles")" -eq 1 ]; then
  ok "speaker photos all one size ($(cat "$OUT/circles"))"
else
  notok "speaker photos all one size" "$(tr '\n' ';' <"$OUT/circles")"
fi

# ---- site-root paths: --static, and a static/ folder found walking up ----

cat >"$OUT/plain/event.md" <<'EOF'
---
title: "站点根路径"
---

## 图

![根路径图](/images/s.png)
EOF
run static --static "$OUT/assets" "$OUT/plain/event.md" -o "$OUT/static.pdf"
if [ "$rc" -eq 0 ] && [ "$(pdfimages -list "$OUT/static.pdf" | awk '$3 == "image" && $4 == 300' | wc -l)" -ge 1 ] &&
  ! grep -q warning "$OUT/static.err"; then
  ok "--static DIR resolves /images/x.png"
else
  notok "--static DIR" "exit $rc, $(head -n 1 "$OUT/static.err")"
fi
run nostatic "$OUT/plain/event.md" -o "$OUT/nostatic.pdf"
if [ "$rc" -eq 0 ] && grep -q "event.md:7: warning: image not found: /images/s.png.*--static" "$OUT/nostatic.err"; then
  ok "site-root path without a root: warning suggests --static"
else
  notok "site-root path without a root" "exit $rc, $(head -n 1 "$OUT/nostatic.err")"
fi
run badstatic --static "$OUT/no-such-dir" "$OUT/plain/event.md" -o "$OUT/badstatic.pdf"
if [ "$rc" -eq 2 ]; then
  ok "--static with no such folder: usage error"
else
  notok "--static with no such folder" "exit $rc"
fi
cat >"$OUT/hugo/content/post/event.md" <<'EOF'
---
title: "自动找到 static"
image: "images/h.png"
---

## 图

![根路径图](/images/h.png)
EOF
run hugo "$OUT/hugo/content/post/event.md" -o "$OUT/hugo.pdf"
if [ "$rc" -eq 0 ] && ! grep -q warning "$OUT/hugo.err" &&
  [ "$(pdfimages -list "$OUT/hugo.pdf" | awk '$3 == "image" && $4 == 300' | wc -l)" -ge 1 ]; then
  ok "static/ found by walking up (site-root and Hugo-style relative)"
else
  notok "static/ found by walking up" "exit $rc, $(head -n 1 "$OUT/hugo.err")"
fi

# ---- remote images from a local server ------------------------------------

python3 "$ROOT/tests/e2e/imgserver.py" "$OUT/www" "$OUT/port" "$OUT/server.log" 2>"$OUT/server.err" &
SERVER=$!
stop_server() {
  kill "$SERVER" 2>/dev/null
  wait "$SERVER" 2>/dev/null
}
at_finish stop_server
i=0
while [ ! -s "$OUT/port" ] && [ $i -lt 100 ]; do
  sleep 0.1
  i=$((i + 1))
done
if [ ! -s "$OUT/port" ]; then
  notok "local HTTP server" "did not start: $(head -n 1 "$OUT/server.err")"
  finish
fi
U=http://127.0.0.1:$(cat "$OUT/port")
: >"$OUT/server.log"
R=$OUT/remote/event.md
mkdir -p "$OUT/remote"
cat >"$R" <<EOF
---
title: "远程图片"
speaker:
  - name: "远程讲师"
    image: "$U/delay1-c.jpg"
    designation: "网络组"
---

## 远程

![远程照片](${U}/photo.jpg)

![跳转后的照片](${U}/to-photo.jpg)

![远程标志](${U}/logo.svg)

![并行一](${U}/delay1-a.jpg)

![并行二](${U}/delay1-b.jpg)

![远程四零四](${U}/404.png)

![很慢的图](${U}/slow.jpg)

![网页不是图](${U}/page.jpg)

![太大的图](${U}/huge.png)

![传了一半](${U}/cut.jpg)

![跳到本地文件](${U}/to-file.jpg)

![无限跳转](${U}/loop.jpg)

![不支持的协议](ftp://127.0.0.1/x.png)

远程图片之后的段落照常印出。
EOF

run remote "$R" -o "$OUT/remote.pdf"
E=$OUT/remote.err
if [ "$rc" -eq 0 ] && [ -s "$OUT/remote.pdf" ]; then
  ok "remote: exit 0 with broken URLs"
else
  notok "remote: exit 0" "exit $rc: $(head -n 1 "$E")"
fi
pdfimages -list "$OUT/remote.pdf" >"$OUT/remote.list" 2>&1
n=$(awk '$3 == "image" && $9 == "jpeg"' "$OUT/remote.list" | wc -l)
if [ "$n" -ge 4 ]; then
  ok "remote JPEGs fetched and embedded as JPEG ($n)"
else
  notok "remote JPEGs fetched" "$n jpeg images, want 4 or more"
fi
if $CHECK color "$OUT/remote.pdf" ff8800; then
  ok "remote SVG drawn"
else
  notok "remote SVG drawn" "no #ff8800 on any page"
fi
warned "HTTP 404 warned" "$E" "$R" "$(line "$R" /404.png)" "HTTP 404"
warned "slow server times out" "$E" "$R" "$(line "$R" /slow.jpg)" "timed out"
warned "HTML page is not an image" "$E" "$R" "$(line "$R" /page.jpg)" "not an image"
warned "too large refused" "$E" "$R" "$(line "$R" /huge.png)" "larger than"
warned "truncated download" "$E" "$R" "$(line "$R" /cut.jpg)" "(truncated|end marker)"
warned "redirect to file: refused" "$E" "$R" "$(line "$R" /to-file.jpg)" "not http"
warned "redirect loop stopped" "$E" "$R" "$(line "$R" /loop.jpg)" "too many redirects"
warned "ftp: not fetched" "$E" "$R" "$(line "$R" ftp://)" "only http and https"
# without --allow-private-hosts: 127.0.0.1 is refused before any request,
# also when a redirect leads there (the address is checked as each
# connection opens)
P=$OUT/private/event.md
mkdir -p "$OUT/private"
printf -- '---\ntitle: "本机"\n---\n\n![本机图片](%s/photo-private.jpg)\n\n![跳转](%s/to-photo.jpg?private)\n' \
  "$U" "$U" >"$P"
: >"$OUT/server.log.before"
cp "$OUT/server.log" "$OUT/server.log.before"
timed "$BOOKLET" "$P" -o "$OUT/private.pdf" >/dev/null 2>"$OUT/private.err"
prc=$?
if [ "$prc" -eq 0 ] && grep -q "$P:5: warning: .*private or local address" "$OUT/private.err" &&
  ! grep -q 'photo-private' "$OUT/server.log"; then
  ok "private host refused (no request reached 127.0.0.1)"
else
  notok "private host refused" "exit $prc: $(head -n 1 "$OUT/private.err")"
fi
pdftotext "$OUT/remote.pdf" "$OUT/remote.txt" 2>/dev/null
if tr -d ' \n' <"$OUT/remote.txt" | grep -q '远程四零四' &&
  tr -d ' \n' <"$OUT/remote.txt" | grep -q '远程图片之后的段落照常印出'; then
  ok "remote placeholders and the rest of the text"
else
  notok "remote placeholders" "alt text or the last paragraph missing"
fi
if grep -q '/to-file' "$OUT/server.log" && ! grep -q 'etc/hostname' "$E" &&
  [ "$(grep -c '^/loop.jpg' "$OUT/server.log")" -le 7 ]; then
  ok "redirects limited"
else
  notok "redirects limited" "$(grep -c '^/loop.jpg' "$OUT/server.log") requests for /loop.jpg"
fi
peak=$(grep '^max-concurrent' "$OUT/server.log" | awk '{print $2}' | sort -n | tail -n 1)
if [ "${peak:-0}" -ge 3 ]; then
  ok "fetches run in parallel ($peak at once)"
else
  notok "fetches run in parallel" "at most ${peak:-0} requests at once"
fi
cp "$OUT/server.log" "$OUT/server.first.log"

# second run: everything that arrived is in the cache
: >"$OUT/server.log"
run remote2 "$R" -o "$OUT/remote2.pdf"
again=$(grep -E '^/(photo|to-photo|logo|delay1-)' "$OUT/server.log" | wc -l)
n2=$(pdfimages -list "$OUT/remote2.pdf" | awk '$3 == "image" && $9 == "jpeg"' | wc -l)
if [ "$rc" -eq 0 ] && [ "$again" -eq 0 ] && [ "$n2" -eq "$n" ]; then
  ok "second run served from the cache (no request for cached images)"
else
  notok "cache" "exit $rc, $again requests for cached images, $n2 vs $n JPEGs"
fi
if ls "$XDG_CACHE_HOME/booklet" 2>/dev/null | grep -q '\.'; then
  notok "cache written atomically" "temporary files left: $(ls "$XDG_CACHE_HOME/booklet" | grep '\.' | head -n 1)"
else
  ok "cache written atomically (no temporaries left)"
fi

# --offline: never a request; from the cache when it has the image
: >"$OUT/server.log"
XDG_CACHE_HOME=$OUT/cache-empty
run offline --offline "$R" -o "$OUT/offline.pdf"
XDG_CACHE_HOME=$OUT/cache
# requests: the log's path lines (a slow answer from an earlier run may
# still add its max-concurrent line)
requests() {
  grep -c '^/' "$OUT/server.log"
}
if [ "$rc" -eq 0 ] && [ "$(requests)" -eq 0 ] &&
  grep -q "$R:$(line "$R" /photo.jpg): warning: remote image not fetched: .*offline" "$OUT/offline.err"; then
  ok "--offline makes no request; placeholders and warnings"
else
  notok "--offline" "exit $rc, $(requests) requests, $(grep -v ftp: "$OUT/offline.err" | head -n 1)"
fi
: >"$OUT/server.log"
run offline2 --offline "$R" -o "$OUT/offline2.pdf"
n3=$(pdfimages -list "$OUT/offline2.pdf" | awk '$3 == "image" && $9 == "jpeg"' | wc -l)
if [ "$rc" -eq 0 ] && [ "$(requests)" -eq 0 ] && [ "$n3" -eq "$n" ]; then
  ok "--offline uses the cache"
else
  notok "--offline uses the cache" "exit $rc, $(requests) requests, $n3 JPEGs"
fi

finish
