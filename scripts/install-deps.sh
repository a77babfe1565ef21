#!/bin/sh
# Install the Debian packages booklet needs to build, run and test, only
# those that are missing.  Runs apt-get directly as root, through sudo
# otherwise.  Called by `make deps` (and so by `make run` and `make test`).
set -e
PKGS="build-essential pkg-config
libcairo2-dev libpango1.0-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev
libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgdk-pixbuf-2.0-dev
fonts-noto-cjk fonts-noto-core fonts-symbola poppler-utils libcmocka-dev
libhyphen-dev hyphen-en-us python3-fitz
libqrencode-dev libqpdf-dev qpdf zbar-tools
libcurl4-openssl-dev librsvg2-dev webp-pixbuf-loader imagemagick
libtomlplusplus-dev libxml2-dev python3 python3-fitz"
if [ -n "$BOOKLET_EXTRA_PKGS" ]; then PKGS="$PKGS $BOOKLET_EXTRA_PKGS"; fi

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
