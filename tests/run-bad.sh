#!/bin/sh
# run-bad.sh — the bad-input suite: hostile, broken and pathological
# inputs and environments.  `make e2e` runs it after run-e2e.sh as
#
#     BOOKLET=build/booklet sh tests/run-bad.sh
#
# Every case runs booklet under a time limit and checks
#   - the exit status (0 rendered, 1 failed; never a signal or a timeout);
#   - a diagnostic on stderr, `FILE:LINE[:COL]: error:` or `warning:` (for
#     problems with no line, such as a missing file or an unwritable
#     folder, `FILE: error:` naming the file);
#   - the output: a PDF when the status is 0; when it is 1, no output file
#     and no temporary file left in the output folder.
# Inputs that a text fixture cannot hold (NUL bytes, bad UTF-8, megabytes
# of text, broken images) are made at run time in a temporary folder;
# small ones live in tests/bad/.  Then every reproducer in
# tests/fuzz/regress/ must run without a crash or a hang (exit 0 or 1),
# and SIGTERM and SIGINT in the middle of a render must leave no partial
# file and the previous output as it was.
#
# Decisions the cases pin down (see README.md, "Limits"):
#   - a page with front matter and no body is valid: exit 0, a booklet of
#     the front matter alone;
#   - limits: input 16 MB (BOOKLET_MAX_INPUT), nesting 64 levels
#     (BOOKLET_MAX_DEPTH: Markdown is flattened with a warning, YAML is an
#     error), 64 table columns (BOOKLET_MAX_COLUMNS: later cells joined
#     into the last column, warning), YAML aliases 100 000 nodes
#     (BOOKLET_MAX_YAML_NODES, error), 10 000 pages (BOOKLET_MAX_PAGES,
#     error), images over 100 megapixels (placeholder, warning);
#   - a paragraph over 32 KB is split into paragraphs (warning): the
#     10 MB paragraph renders, all of it.
#
# Prints `ok - NAME` / `FAIL - NAME: why` / `skip - NAME: why` and ends with
# `N passed, N failed[, N skipped]`; exit status 1 when anything failed
# (tests/e2e/lib.sh, the harness).
# Environment: BOOKLET (binary), BOOKLET_TIMEOUT (seconds per run, default
# 120), E2E_OUT (work folder root, default tests/out).  POSIX sh.

cd "$(dirname "$0")/.." || exit 2
. tests/e2e/lib.sh

W=$OUT_ROOT/bad-suite
BAD=$ROOT/tests/bad
REGRESS=$ROOT/tests/fuzz/regress
export BOOKLET_DATA="${BOOKLET_DATA:-$ROOT}"

HAVE_PY=0
have python3 && HAVE_PY=1

# Files other than $2 in folder $1 (dot files too): temporaries left.
leftovers() {
  for p in "$1"/* "$1"/.[!.]*; do
    [ -e "$p" ] || continue
    [ "$p" = "$2" ] && continue
    printf ' %s' "${p##*/}"
  done
}

# check NAME WANT_RC PATTERN [booklet args...]
# Runs booklet ARGS -o $W/o/NAME/out.pdf.  PATTERN is an extended regular
# expression that a line of stderr must match ('' for none); the word FILE
# in it stands for the quoted input path (the last argument).
check() {
  cname=$1
  cwant=$2
  cpat=$3
  shift 3
  cdir=$W/o/$cname
  mkdir -p "$cdir"
  cout=$cdir/out.pdf
  for last in "$@"; do :; done
  run_booklet "$W/log/$cname" "$@" -o "$cout"
  cerr=$W/log/$cname.err
  if [ "$rc" -ge 124 ]; then
    notok "$cname: no crash or hang" "exit $rc ($( [ "$rc" = 124 ] && echo "timed out after ${TIMEOUT}s" || echo signal)): $(firstline "$cerr")"
    return
  fi
  if grep -q -E 'Sanitizer|runtime error:|error: crashed' "$cerr"; then
    notok "$cname: no crash, sanitizers quiet" "$(grep -m 1 -E 'Sanitizer|runtime error:|error: crashed' "$cerr" | cut -c1-200)"
  fi
  if [ "$rc" -eq "$cwant" ]; then
    ok "$cname: exit $cwant"
  else
    notok "$cname: exit $cwant" "exit $rc: $(firstline "$cerr")"
  fi
  if [ -n "$cpat" ]; then
    qf=$(ere_quote "$last")
    pat=$(printf '%s' "$cpat" | sed "s|FILE|$(printf '%s' "$qf" | sed 's/[|&\\]/\\&/g')|g")
    if grep -Eq -- "$pat" "$cerr"; then
      ok "$cname: diagnostic"
    else
      notok "$cname: diagnostic" "want /$cpat/, got: $(firstline "$cerr")"
    fi
  fi
  if [ "$cwant" -eq 0 ]; then
    if [ -s "$cout" ] && [ "$(head -c 5 "$cout")" = "%PDF-" ]; then
      ok "$cname: PDF written"
    else
      notok "$cname: PDF written" "no PDF at $cout"
    fi
  elif [ -e "$cout" ]; then
    notok "$cname: no output" "$cout was created"
  else
    ok "$cname: no output"
  fi
  lo=$(leftovers "$cdir" "$cout")
  if [ -z "$lo" ]; then
    ok "$cname: no temporary file"
  else
    notok "$cname: no temporary file" "left:$lo"
  fi
}

# pdftext NAME: the text of case NAME's PDF (empty without pdftotext).
pdftext() {
  if have pdftotext && [ -s "$W/o/$1/out.pdf" ]; then
    pdftotext -enc UTF-8 "$W/o/$1/out.pdf" - 2>/dev/null
  fi
}

# ---------------------------------------------------------------- set-up --

out_dir bad-suite
mkdir -p "$W/g" "$W/o" "$W/log" || exit 2
G=$W/g
need_booklet
IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1

# A normal page to put broken things into.
page() { # page FILE BODY...: a small valid page with BODY lines
  f=$1
  shift
  {
    printf -- '---\ntitle: "坏输入测试"\ndate: 2024-03-09\n---\n\n## 关于\n\n'
    for l in "$@"; do printf '%s\n\n' "$l"; done
  } >"$f"
}

# ------------------------------------------------- text and file format --

check empty 1 '^FILE:1: error: ' "$BAD/empty.md"
check whitespace-only 1 '^FILE:[0-9]+: error: ' "$BAD/whitespace.md"
printf -- '---\ntitle: "只有前置元数据"\nlocation: 成都\n---\n' >"$G/only-front.md"
check only-front-matter 0 '' "$G/only-front.md"
if pdftext only-front-matter | grep -q '只有前置元数据'; then
  ok "only-front-matter: title printed"
else
  notok "only-front-matter: title printed" "title not in the PDF text"
fi
printf -- '---\n---\n' >"$G/empty-front.md"
check empty-front-matter 0 '' "$G/empty-front.md"
check unterminated-front-matter 1 '^FILE:1: error: .*never closed' "$BAD/unterminated.md"
printf -- '+++\ntitle = "x"\n\nbody\n' >"$G/unterminated-toml.md"
check unterminated-toml 1 '^FILE:1: error: ' "$G/unterminated-toml.md"
check toml-syntax 1 '^FILE:4:12: error: TOML: ' "$BAD/toml.md"
printf -- '---\ntitle: "NUL"\n---\n\nline\nwor\000ld\n' >"$G/nul.md"
check nul-byte 1 '^FILE:6:4: error: .*NUL' "$G/nul.md"
printf -- '---\ntitle: "a\000b"\n---\n\nbody\n' >"$G/nul-front.md"
check nul-in-front-matter 1 '^FILE:2:[0-9]+: error: .*NUL' "$G/nul-front.md"
printf -- '---\ntitle: "bad"\n---\n\n中文\377\n' >"$G/utf8-ff.md"
check invalid-utf8 1 '^FILE:5:3: error: .*UTF-8' "$G/utf8-ff.md"
printf -- 'text ends in a cut sequence \344\270' >"$G/utf8-cut.md"
check truncated-utf8 1 '^FILE:1:[0-9]+: error: .*UTF-8' "$G/utf8-cut.md"
printf '\377\376-\000-\000-\000\n\000' >"$G/utf16.md"
check utf16-file 1 '^FILE:1:1: error: ' "$G/utf16.md"
printf '\357\273\277---\r\ntitle: "BOM 和 CRLF"\r\n---\r\n\r\n正文\r\n' >"$G/bom-crlf.md"
check bom-crlf 0 '' "$G/bom-crlf.md"
printf -- '---\rtitle: "lone CR"\r---\r\rbody\r' >"$G/lone-cr.md"
check lone-cr 0 '' "$G/lone-cr.md"
cp "$ROOT/content/images/logo.png" "$G/binary.md" 2>/dev/null &&
  check binary-file 1 '^FILE:[0-9]+(:[0-9]+)?: error: ' "$G/binary.md"

# ------------------------------------------------------- sizes and depth --

# 1 MB on one line, no spaces (one unbreakable "word"), and 1 MB of Han.
awk 'BEGIN { printf "---\ntitle: \"long line\"\n---\n\n"; s = "abcdefghij"; for (i = 0; i < 17; i++) s = s s; print substr(s, 1, 1000000) }' >"$G/long-line.md"
check long-line-1mb 0 '' "$G/long-line.md"
awk 'BEGIN { printf "---\ntitle: \"长行\"\n---\n\n"; s = "汉字排版测试"; for (i = 0; i < 16; i++) s = s s; print substr(s, 1, 333333) }' >"$G/long-han.md"
check long-han-line-1mb 0 'FILE:5: warning: very long paragraph' "$G/long-han.md"
# 10 MB in one paragraph (many lines): under the 16 MB limit, so it
# renders, split into 32 KB paragraphs, and every character is printed.
awk 'BEGIN { printf "---\ntitle: \"十兆段落\"\n---\n\n"; l = "这是一个非常长的段落，用来测试排版程序在十兆字节的输入下是否仍然稳定可靠。"; for (i = 0; i < 90000; i++) print l }' >"$G/para-10mb.md"
check paragraph-10mb 0 'FILE:5: warning: very long paragraph' "$G/para-10mb.md"
if [ "$HAVE_PY" = 1 ] && have pdftotext && [ -s "$W/o/paragraph-10mb/out.pdf" ]; then
  pdftotext -enc UTF-8 "$W/o/paragraph-10mb/out.pdf" "$W/log/para-10mb.txt" 2>/dev/null
  if why=$(python3 tests/e2e/hanfidelity.py --min 1.0 "$G/para-10mb.md" "$W/log/para-10mb.txt" 2>&1); then
    ok "paragraph-10mb: every character printed"
  else
    notok "paragraph-10mb: every character printed" "$why"
  fi
fi
# Template tags opened and never closed, 2 MB of them (a scan that looked
# for each one's end from scratch would take hours), and unclosed `spans.
awk 'BEGIN { printf "---\ntitle: \"tags\"\n---\n\n"; for (i = 0; i < 20000; i++) { for (k = 0; k < 10; k++) printf "{%% raw %%}{{< x {{%% y {{/* "; print "" } }' >"$G/open-tags.md"
check unclosed-template-tags 0 '' "$G/open-tags.md"
awk 'BEGIN { printf "---\ntitle: \"ticks\"\n---\n\n"; for (i = 0; i < 200000; i++) printf "`a``b"; print " {{< youtube x >}}" }' >"$G/open-ticks.md"
check unclosed-code-spans 0 '' "$G/open-ticks.md"
BOOKLET_MAX_INPUT=1M
export BOOKLET_MAX_INPUT
check input-over-limit-env 1 '^FILE:1: error: file is [0-9]+ bytes, over the limit of 1048576' "$G/para-10mb.md"
unset BOOKLET_MAX_INPUT
head -c 17000000 /dev/zero | tr '\000' 'a' >"$G/17mb.md"
check input-over-limit 1 '^FILE:1: error: file is 17000000 bytes, over the limit' "$G/17mb.md"
check endless-input 1 '^/dev/zero(:1)?: error: ' /dev/zero
rm -f "$G/17mb.md"
awk 'BEGIN { printf "---\ntitle: \"深\"\n---\n\n"; for (i = 0; i < 5000; i++) printf ">"; print " 五千层引用" }' >"$G/deep-quote.md"
check deep-quote-5000 0 '^FILE:5: warning: .*nested deeper than 64' "$G/deep-quote.md"
awk 'BEGIN { printf "---\ntitle: \"深\"\n---\n\n"; for (i = 0; i < 1500; i++) { for (k = 0; k < i * 2; k++) printf " "; print "- 第" i "层" } }' >"$G/deep-list.md"
check deep-list-1500 0 'FILE:[0-9]+: warning: .*nested deeper than 64' "$G/deep-list.md"
awk 'BEGIN { printf "---\ntitle: \"深\"\n---\n\n"; for (i = 0; i < 5000; i++) printf "- "; print "五千层列表" }' >"$G/deep-list-line.md"
check deep-list-one-line 0 'FILE:5: warning: .*nested deeper' "$G/deep-list-line.md"
awk 'BEGIN { printf "---\ntitle: \"深\"\n---\n\n"; for (i = 0; i < 5000; i++) printf "*_[**"; printf "内"; for (i = 0; i < 5000; i++) printf "**](u)_*"; print "" }' >"$G/deep-inline.md"
check deep-inline-5000 0 '' "$G/deep-inline.md"
awk 'BEGIN { printf "---\ntitle: \"深\"\n---\n\n"; for (i = 0; i < 5000; i++) printf "<div>"; printf "x"; for (i = 0; i < 5000; i++) printf "</div>"; print "" }' >"$G/deep-html.md"
check deep-html-5000 0 '' "$G/deep-html.md"
awk 'BEGIN { printf "---\ntitle: x\nd: "; for (i = 0; i < 5000; i++) printf "["; for (i = 0; i < 5000; i++) printf "]"; printf "\n---\n\nbody\n" }' >"$G/deep-yaml.md"
check deep-yaml-5000 1 '^FILE:3:[0-9]+: error: YAML nested deeper than 64' "$G/deep-yaml.md"
awk 'BEGIN { printf "---\ntitle: \"宽表\"\n---\n\n"; for (r = 0; r < 4; r++) { printf "|"; for (c = 0; c < 500; c++) printf (r == 1 ? "---|" : " 格%d |"), c; print "" } }' >"$G/wide-table.md"
check table-500-columns 0 '^FILE:5: warning: table has 500 columns, over the limit of 64' "$G/wide-table.md"
# 3 rows of 500 cells, each with one 格: all 1500 must be printed (the
# header row may be printed again on later pages)
n=$(pdftext table-500-columns | grep -o '格' | wc -l | tr -d ' ')
if [ "$n" -ge 1500 ]; then
  ok "table-500-columns: every cell printed"
else
  notok "table-500-columns: every cell printed" "$n of 1500 cells in the PDF text"
fi
awk 'BEGIN { printf "---\ntitle: \"长表\"\n---\n\n| 时间 | 议题 |\n| --- | --- |\n"; for (r = 0; r < 20000; r++) print "| " r " | 第" r "行 |" }' >"$G/long-table.md"
check table-20000-rows 0 '' "$G/long-table.md"
awk 'BEGIN { printf "---\ntitle: \"图\"\n---\n\n"; for (i = 0; i < 3000; i++) print "![图" i "](no/such/image" i ".png)\n" }' >"$G/many-images.md"
check many-missing-images 0 'FILE:[0-9]+: warning: image not found' "$G/many-images.md"
awk 'BEGIN { printf "---\ntitle: \"页\"\n---\n\n"; for (i = 0; i < 300; i++) print "# 第" i "章\n\n正文\n" }' >"$G/pages.md"
BOOKLET_MAX_PAGES=10
export BOOKLET_MAX_PAGES
check page-limit 1 '^FILE: error: the booklet has [0-9]+ pages, over the limit of 10 ' "$G/pages.md"
unset BOOKLET_MAX_PAGES
awk 'BEGIN { printf "---\ntitle: \""; for (i = 0; i < 20000; i++) printf "很长的标题"; printf "\"\n---\n\n正文\n" }' >"$G/long-title.md"
check long-title 0 '' "$G/long-title.md"

# --------------------------------------------------------- front matter --

check yaml-syntax-error 1 '^FILE:4:[0-9]+: error: YAML' "$BAD/yaml-error.md"
check yaml-tab-indent 1 '^FILE:4:[0-9]+: error: YAML' "$BAD/yaml-tab.md"
check front-matter-list 1 '^FILE:2: error: front matter is not a mapping' "$BAD/fm-list.md"
check front-matter-scalar 1 '^FILE:2: error: front matter is not a mapping' "$BAD/fm-scalar.md"
{
  printf -- '---\ntitle: "billion laughs"\n'
  printf 'a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n'
  p=a
  for x in b c d e f g h i; do
    printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' "$x" "$x" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p"
    p=$x
  done
  printf -- '---\n\nbody\n'
} >"$G/billion-laughs.md"
check yaml-billion-laughs 1 '^FILE:[0-9]+:[0-9]+: error: YAML aliases expand to more than 100000' "$G/billion-laughs.md"
awk 'BEGIN { printf "---\ntitle: t\nbig: &b \""; for (i = 0; i < 100000; i++) printf "0123456789"; printf "\"\nl: ["; for (i = 0; i < 1000; i++) printf "*b,"; printf "*b]\n---\n\nbody\n" }' >"$G/alias-bytes.md"
check yaml-alias-bytes 1 '^FILE:4:[0-9]+: error: YAML: aliases copy more than' "$G/alias-bytes.md"
printf -- '---\ntitle: t\nx: *nope\n---\n\nbody\n' >"$G/alias-undefined.md"
check yaml-undefined-alias 1 '^FILE:3:[0-9]+: error: YAML' "$G/alias-undefined.md"
printf -- '---\ntitle: "重复"\ntitle: "第二个"\n---\n\n正文\n' >"$G/dup-key.md"
check yaml-duplicate-key 0 '^FILE:3:[0-9]+: warning: duplicate key' "$G/dup-key.md"
printf -- '---\ntitle: "类型"\nspeaker: "张三丰"\n---\n\n正文\n' >"$G/speaker-text.md"
check speaker-is-text 0 '' "$G/speaker-text.md"
if pdftext speaker-is-text | grep -q '张三丰'; then
  ok "speaker-is-text: the name is printed"
else
  notok "speaker-is-text: the name is printed" "张三丰 not in the PDF text"
fi
printf -- '---\ntitle: "类型"\ndate: [1, 2]\n---\n\n正文\n' >"$G/date-list.md"
check date-is-list 0 '^FILE:3: warning: .date' "$G/date-list.md"
printf -- '---\ntitle: {a: b}\ntags: 5\nspeaker: [1, [2], {name: [x]}]\nlocation: [成都, 高新区]\n---\n\n正文\n' >"$G/wrong-types.md"
check wrong-types 0 '^FILE:2: warning: .title' "$G/wrong-types.md"
printf -- '---\ntitle: !!binary "aGVsbG8="\n? [complex, key]\n: value\nempty:\n~: null key\n---\n\n正文\n' >"$G/odd-yaml.md"
check odd-yaml 0 '' "$G/odd-yaml.md"

# -------------------------------------------------------------- layouts --

printf 'base: a5-booklet\npage:\n  size: [A5\n' >"$G/broken-layout.yaml"
page "$G/page.md" "正文。"
check layout-broken-yaml 1 "^$(ere_quote "$G/broken-layout.yaml"):[0-9]+:[0-9]+: error: YAML" --layout "$G/broken-layout.yaml" "$G/page.md"
printf 'base: a5-booklet\nno_such_key: 1\n' >"$G/unknown-key.yaml"
check layout-unknown-key 1 "^$(ere_quote "$G/unknown-key.yaml"):2: error: unknown layout key" --layout "$G/unknown-key.yaml" "$G/page.md"
printf 'base: a5-booklet\nstyles:\n  body: {size: -5pt}\n' >"$G/bad-value.yaml"
check layout-bad-value 1 "^$(ere_quote "$G/bad-value.yaml"):3: error: bad value" --layout "$G/bad-value.yaml" "$G/page.md"
printf 'base: a5-booklet\npage: {margins: {top: 300mm}}\n' >"$G/no-room.yaml"
check layout-no-room 1 "^$(ere_quote "$G/no-room.yaml"):[0-9]+: error: " --layout "$G/no-room.yaml" "$G/page.md"
: >"$G/empty-layout.yaml"
check layout-empty-file 0 '' --layout "$G/empty-layout.yaml" "$G/page.md"
printf 'base: a5-booklet\nfonts:\n  serif: "No Such Family Xyzzy"\n  sans: "Another Missing Face"\n' >"$G/no-font.yaml"
check layout-missing-font 0 "warning: no font for family 'No Such Family Xyzzy'; using " --layout "$G/no-font.yaml" "$G/page.md"
check layout-not-found 1 "error: layout 'no-such-layout' not found" --layout no-such-layout "$G/page.md"
printf 'base: a5-booklet\n\377\n' >"$G/binary-layout.yaml"
check layout-invalid-utf8 1 "^$(ere_quote "$G/binary-layout.yaml"):2:1: error: " --layout "$G/binary-layout.yaml" "$G/page.md"
check layout-bad-set 1 "error: " --set 'styles.body.size=huge' "$G/page.md"

# --------------------------------------------------------------- images --

I=$G/img
mkdir -p "$I"
head -c 3000 /dev/urandom >"$I/noise.png"
head -c 120 "$ROOT/content/images/logo.png" >"$I/truncated.png"
head -c 2000 "$ROOT/content/images/speaker-1.jpg" >"$I/truncated.jpg"
: >"$I/zero.png"
mkdir -p "$I/dir.png"
ln -sf loop-b.png "$I/loop-a.png"
ln -sf loop-a.png "$I/loop-b.png"
if [ "$HAVE_PY" = 1 ]; then
  python3 - "$I/huge.png" "$I/wide.png" <<'EOF'
import struct, sys, zlib
def png(path, w, h):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    idat = zlib.compress(b"\0" * 1000)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
png(sys.argv[1], 50000, 50000)
png(sys.argv[2], 2000000, 1)
EOF
fi
cp "$ROOT/content/images/logo.png" "$I/logo.png"
img_case() { # img_case NAME IMAGE-PATH: a page with that image, exit 0 + warning
  page "$G/img-$1.md" "![图]($2)" "图后的文字。"
  check "image-$1" 0 "^$(ere_quote "$G/img-$1.md"):[0-9]+: warning: .*image" "$G/img-$1.md"
}
img_case corrupt img/noise.png
img_case truncated-png img/truncated.png
img_case truncated-jpeg img/truncated.jpg
img_case zero-bytes img/zero.png
img_case directory img/dir.png
img_case symlink-loop img/loop-a.png
img_case missing img/nowhere.png
img_case remote https://example.invalid/x.png
img_case escapes-root ../../../../../../../../etc/passwd
img_case absolute-outside /etc/passwd
if [ -f "$I/huge.png" ]; then
  img_case huge-50000x50000 img/huge.png
  img_case huge-2000000x1 img/wide.png
else
  skip "image-huge" "python3 needed to write the PNG"
fi
if pdftext image-escapes-root | grep -q 'root:'; then
  notok "image-escapes-root: nothing of /etc/passwd printed" "its text is in the PDF"
else
  ok "image-escapes-root: nothing of /etc/passwd printed"
fi
# a front-matter image, a speaker photo and a cover image, all broken
printf -- '---\ntitle: "坏图"\nimage: img/noise.png\nspeaker:\n  - name: 张三\n    image: img/zero.png\n  - name: 李四\n    image: /dev/zero\n---\n\n正文\n' >"$G/img-front.md"
check image-front-matter 0 'warning: .*image' "$G/img-front.md"

# ------------------------------------------------------- files and paths --

check missing-input 1 '^FILE: error: cannot open' "$G/no-such-file.md"
check input-is-directory 1 '^FILE: error: ' "$I"
check input-dev-null 1 '^/dev/null:1: error: file is empty' /dev/null
ln -sf loop-2.md "$G/loop-1.md"
ln -sf loop-1.md "$G/loop-2.md"
check input-symlink-loop 1 '^FILE: error: cannot open' "$G/loop-1.md"
page "$G/unreadable.md" "正文"
chmod 000 "$G/unreadable.md"
if [ "$IS_ROOT" = 1 ] || cat "$G/unreadable.md" >/dev/null 2>&1; then
  skip "unreadable-input" "running as root: chmod 000 does not stop reading"
else
  check unreadable-input 1 '^FILE: error: cannot open' "$G/unreadable.md"
fi
chmod 644 "$G/unreadable.md"

# output problems: the error names the output
page "$G/ok.md" "正文。"
run_booklet "$W/log/out-missing-dir" "$G/ok.md" -o "$W/o/no/such/dir/out.pdf"
if [ "$rc" -eq 1 ] && grep -Eq "error: cannot write .*no/such/dir" "$W/log/out-missing-dir.err" &&
  [ ! -e "$W/o/no" ]; then
  ok "output-folder-missing: exit 1, error names it"
else
  notok "output-folder-missing: exit 1, error names it" "exit $rc: $(firstline "$W/log/out-missing-dir.err")"
fi
mkdir -p "$W/o/readonly"
chmod 555 "$W/o/readonly"
if [ "$IS_ROOT" = 1 ]; then
  ro=/proc/booklet-test.pdf # not writable even for root
else
  ro=$W/o/readonly/out.pdf
fi
run_booklet "$W/log/out-readonly" "$G/ok.md" -o "$ro"
if [ "$rc" -eq 1 ] && grep -Eq "error: cannot write $(ere_quote "$ro")" "$W/log/out-readonly.err" &&
  [ -z "$(leftovers "$W/o/readonly" "")" ]; then
  ok "output-folder-unwritable: exit 1, error names it"
else
  notok "output-folder-unwritable: exit 1, error names it" "exit $rc: $(firstline "$W/log/out-readonly.err")"
fi
chmod 755 "$W/o/readonly"
mkdir -p "$W/o/outdir/out.pdf"
run_booklet "$W/log/out-is-dir" "$G/ok.md" -o "$W/o/outdir/out.pdf"
if [ "$rc" -eq 1 ] && grep -q "error: " "$W/log/out-is-dir.err" && [ -d "$W/o/outdir/out.pdf" ] &&
  [ -z "$(leftovers "$W/o/outdir" "$W/o/outdir/out.pdf")" ]; then
  ok "output-is-directory: exit 1, nothing left"
else
  notok "output-is-directory: exit 1, nothing left" "exit $rc: $(firstline "$W/log/out-is-dir.err")"
fi
if [ -c /dev/full ]; then
  run_booklet "$W/log/dev-full" "$G/ok.md" -o /dev/full
  if [ "$rc" -eq 1 ] && grep -Eq "error: cannot write /dev/full" "$W/log/dev-full.err" && [ -c /dev/full ]; then
    ok "output-dev-full: exit 1, error, device untouched"
  else
    notok "output-dev-full: exit 1, error, device untouched" "exit $rc: $(firstline "$W/log/dev-full.err")"
  fi
  "$BOOKLET" "$G/ok.md" -o - >/dev/full 2>"$W/log/stdout-full.err"
  rc=$?
  if [ "$rc" -eq 1 ] && grep -q "error: " "$W/log/stdout-full.err"; then
    ok "output-stdout-to-dev-full: exit 1 with an error"
  else
    notok "output-stdout-to-dev-full: exit 1 with an error" "exit $rc: $(firstline "$W/log/stdout-full.err")"
  fi
else
  skip "output-dev-full" "no /dev/full here"
fi
if [ -c /dev/null ]; then
  run_booklet "$W/log/dev-null" "$G/ok.md" -o /dev/null
  if [ "$rc" -eq 0 ] && [ -c /dev/null ]; then
    ok "output-dev-null: exit 0, device untouched"
  else
    notok "output-dev-null: exit 0, device untouched" "exit $rc, $(ls -l /dev/null)"
  fi
fi

# ------------------------------------------------ signals in mid-render --

# Kill booklet while its temporary file is being written: no partial file,
# the previous output byte for byte, no temporary, the worker gone too.
# The whole PDF is written at the end in one write and an fsync, too fast
# to hit from a script, so strace (when there) makes that fsync last 3 s.
# Without strace the kill lands where it may: then only the invariants
# are checked (no temporary; the old output or a complete new one).
awk 'BEGIN { printf "---\ntitle: \"信号\"\n---\n\n"; for (i = 0; i < 2000; i++) print "## 第" i "节\n\n这是一段用来让渲染持续一会儿的文字，内容本身并不重要。\n" }' >"$G/slow.md"
HAVE_STRACE=0
strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=1 true >/dev/null 2>&1 && HAVE_STRACE=1
# env --default-signal: a background job of a script starts with SIGINT
# ignored, and booklet rightly keeps an ignored signal ignored.
DEFSIG=
env --default-signal=INT true 2>/dev/null && DEFSIG="env --default-signal=INT"
signal_case() { # signal_case SIG
  sdir=$W/o/signal-$1
  mkdir -p "$sdir"
  printf '%%PDF-1.5 the previous output\n' >"$sdir/out.pdf"
  before=$(cksum <"$sdir/out.pdf")
  if [ "$HAVE_STRACE" = 1 ]; then
    strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=3000000 \
      $DEFSIG "$BOOKLET" "$G/slow.md" -o "$sdir/out.pdf" >"$W/log/signal-$1.out" 2>"$W/log/signal-$1.err" &
  else
    $DEFSIG "$BOOKLET" "$G/slow.md" -o "$sdir/out.pdf" >"$W/log/signal-$1.out" 2>"$W/log/signal-$1.err" &
  fi
  spid=$!
  i=0
  seen=
  while [ $i -lt $((TIMEOUT * 20)) ] && kill -0 "$spid" 2>/dev/null; do
    set -- "$sdir"/.out.pdf.*
    if [ -e "$1" ]; then
      seen=$1
      break
    fi
    sleep 0.05
    i=$((i + 1))
  done
  bpid=$spid
  [ "$HAVE_STRACE" = 1 ] && bpid=$(ps -o pid= --ppid "$spid" 2>/dev/null | tr -d ' ' | head -n 1)
  [ -n "$seen" ] && [ "$HAVE_STRACE" = 1 ] && sleep 0.3 # into the slow fsync
  kill -"$SIGNAME" "${bpid:-$spid}" 2>/dev/null
  { wait "$spid"; } 2>/dev/null
  src=$?
  sleep 0.3
  left=$(leftovers "$sdir" "$sdir/out.pdf")
  same=0
  [ "$(cksum <"$sdir/out.pdf")" = "$before" ] && same=1
  name="signal-$SIGNAME: killed while writing"
  if [ -z "$seen" ]; then
    notok "$name" "its temporary file never appeared (exit $src)"
  elif [ "$HAVE_STRACE" = 1 ]; then
    if [ "$src" -gt 128 ] && [ "$same" = 1 ] && [ -z "$left" ]; then
      ok "$name: previous output intact, no temporary"
    else
      notok "$name: previous output intact, no temporary" "exit $src, left:$left, output $( [ "$same" = 1 ] && echo intact || echo changed)"
    fi
  elif [ -z "$left" ] && { [ "$same" = 1 ] || [ "$(tail -c 6 "$sdir/out.pdf" | tr -d '\n')" = "%%EOF" ]; }; then
    skip "$name" "no strace to hold the write open; invariants hold (no temporary, no partial file)"
  else
    notok "$name: no partial file, no temporary" "exit $src, left:$left"
  fi
  if ps -eo args 2>/dev/null | grep -F "$G/slow.md" | grep -v grep | grep -qv strace; then
    notok "signal-$SIGNAME: no worker left running" "$(ps -eo pid,args | grep -F "$G/slow.md" | grep -v grep | head -n 1)"
  else
    ok "signal-$SIGNAME: no worker left running"
  fi
}
SIGNAME=TERM
signal_case TERM
if [ -n "$DEFSIG" ]; then
  SIGNAME=INT
  signal_case INT
else
  skip "signal-INT" "env has no --default-signal (coreutils 8.31+)"
fi

# ------------------------------------------------- fuzzing reproducers --

nreg=0
for f in "$REGRESS"/*; do
  [ -f "$f" ] || continue
  nreg=$((nreg + 1))
  n=${f##*/}
  mkdir -p "$W/o/regress"
  run_booklet "$W/log/regress-$n" "$f" -o "$W/o/regress/$n.pdf"
  if [ "$rc" -le 1 ] && ! grep -q -E 'Sanitizer|runtime error:|error: crashed' "$W/log/regress-$n.err"; then
    ok "regress $n: exit $rc, no crash"
  else
    notok "regress $n: no crash" "exit $rc: $(firstline "$W/log/regress-$n.err")"
  fi
done
[ "$nreg" -gt 0 ] || skip "regress" "no reproducers in tests/fuzz/regress/"

finish
