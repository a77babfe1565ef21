#!/bin/sh
# make-images.sh — regenerate the sample images under content/images/.
# Not run by the build: the images are committed.  Needs ImageMagick 6
# (Debian: apt-get install imagemagick).  Pure abstract graphics, no text,
# so no font is involved and the output is the same on any machine with
# the same ImageMagick.  Metadata (dates, comments) is stripped so that
# rerunning the script does not change the files needlessly.
#
#   sh content/images/make-images.sh        (from anywhere)
set -eu
cd "$(dirname "$0")"

# Debian's ImageMagick 6 binary; some machines shadow `convert` with a
# stand-in, so prefer the versioned name.
IM=${IM:-}
if [ -z "$IM" ]; then
  for c in convert-im6.q16 /usr/bin/convert convert; do
    if command -v "$c" >/dev/null 2>&1; then IM=$c; break; fi
  done
fi
[ -n "$IM" ] || { echo "make-images: ImageMagick not found" >&2; exit 1; }

PNGOPT="-depth 8 -strip -define png:exclude-chunk=date,time,tEXt,zTXt -define png:compression-level=9"
JPGOPT="-strip -sampling-factor 4:2:0 -interlace none"

# --- cover banner for the Chinese meetup: 1200x600 JPEG -------------------
# Teal-to-indigo gradient, large translucent rings, a gold dot and a row of dots.
# shellcheck disable=SC2086
"$IM" -size 1200x600 gradient:'#0f4c5c'-'#2b2d6e' -rotate 0 \
  -fill none -stroke 'rgba(255,255,255,0.18)' -strokewidth 28 \
  -draw "circle 960,300 960,60" \
  -stroke 'rgba(255,255,255,0.10)' -strokewidth 14 \
  -draw "circle 960,300 960,150" \
  -stroke none -fill 'rgba(255,209,102,0.9)' -draw "circle 1150,96 1150,70" \
  -fill 'rgba(255,255,255,0.22)' \
  -draw "circle 120,480 128,480" -draw "circle 170,480 178,480" \
  -draw "circle 220,480 228,480" -draw "circle 270,480 278,480" \
  -draw "circle 320,480 328,480" \
  -fill 'rgba(255,209,102,0.85)' -draw "rectangle 120,120 360,132" \
  -blur 0x0.6 $JPGOPT -quality 78 cover-zh.jpg

# --- cover banner for the English conference: 1200x600 PNG ----------------
# Warm sunrise gradient with layered hills; few colours, so PNG stays small.
# shellcheck disable=SC2086
"$IM" -size 1200x600 gradient:'#f6d365'-'#fda085' \
  -fill '#e76f51' -draw "path 'M 0,430 Q 300,330 600,420 T 1200,400 L 1200,600 L 0,600 Z'" \
  -fill '#9c3d54' -draw "path 'M 0,500 Q 350,420 700,500 T 1200,480 L 1200,600 L 0,600 Z'" \
  -fill '#3d2c5e' -draw "path 'M 0,560 Q 400,520 800,565 T 1200,550 L 1200,600 L 0,600 Z'" \
  -fill 'rgba(255,255,255,0.85)' -draw "circle 860,250 860,170" \
  +dither -colors 160 $PNGOPT PNG8:cover-en.png

# --- speaker portraits: 400x400, abstract silhouettes ---------------------
# avatar NAME EXT TOP BOTTOM FIGURE OPTIONS [FORMAT-PREFIX]
avatar() {
  # shellcheck disable=SC2086
  "$IM" -size 400x400 gradient:"$3"-"$4" \
    -fill "$5" -draw "circle 200,165 200,95" \
    -draw "ellipse 200,400 140,125 180,360" \
    -fill 'rgba(255,255,255,0.16)' -draw "circle 70,70 70,40" \
    $6 "${7:-}$1.$2"
}
avatar speaker-1 jpg '#8ecae6' '#219ebc' '#023047' "$JPGOPT -quality 80"
avatar speaker-2 jpg '#ffd6a5' '#f4a261' '#6d3b1f' "$JPGOPT -quality 80"
avatar speaker-3 png '#caffbf' '#52b788' '#1b4332' "+dither -colors 64 $PNGOPT" PNG8:
avatar speaker-4 jpg '#e0c3fc' '#8e7dbe' '#2d1e4f' "$JPGOPT -quality 80"
avatar speaker-5 png '#ffadad' '#e5989b' '#5e2b2b' "+dither -colors 64 $PNGOPT" PNG8:

# --- community logo: 360x360 PNG with transparency -------------------------
# Three interlocking rings on a transparent ground.
# shellcheck disable=SC2086
"$IM" -size 360x360 xc:none -fill none -strokewidth 26 \
  -stroke '#0f4c5c' -draw "circle 180,125 180,50" \
  -stroke '#f4a261' -draw "circle 128,215 128,140" \
  -stroke '#2b2d6e' -draw "circle 232,215 232,140" \
  $PNGOPT PNG32:logo.png

# --- in-body diagram: 1000x480 PNG ------------------------------------------
# Three layers of boxes joined by arrows (clients -> proxy -> storage).
box() { printf 'roundrectangle %d,%d %d,%d 14,14' "$1" "$2" "$3" "$4"; }
# shellcheck disable=SC2086
"$IM" -size 1000x480 xc:'#fbfaf7' \
  -fill '#e8f1f2' -stroke '#0f4c5c' -strokewidth 4 \
  -draw "$(box 60 60 260 140)" -draw "$(box 400 60 600 140)" -draw "$(box 740 60 940 140)" \
  -fill '#fde8d7' -stroke '#c8553d' \
  -draw "$(box 230 200 770 280)" \
  -fill '#e4e3f3' -stroke '#2b2d6e' \
  -draw "$(box 60 340 300 420)" -draw "$(box 380 340 620 420)" -draw "$(box 700 340 940 420)" \
  -stroke '#555555' -strokewidth 4 -fill '#555555' \
  -draw "line 160,140 330,196" -draw "line 500,140 500,196" -draw "line 840,140 670,196" \
  -draw "line 330,280 180,336" -draw "line 500,280 500,336" -draw "line 670,280 820,336" \
  -draw "polygon 500,200 490,184 510,184" \
  -draw "polygon 500,340 490,324 510,324" \
  -draw "polygon 330,200 314,188 322,182" -draw "polygon 670,200 678,182 686,188" \
  -draw "polygon 180,340 180,322 190,328" -draw "polygon 820,340 810,328 820,322" \
  +dither -colors 32 $PNGOPT PNG8:diagram.png

ls -l cover-zh.jpg cover-en.png speaker-*.* logo.png diagram.png
