#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the metainfo's screenshots (data/screenshots/*.png) from the build
# folder, the same way every time: the bundled Hebrew essay with the test
# sample's annotations, a new user's settings, Xvfb, the app's own
# screenshot mode, then rounded corners and a shadow as a window has on
# GNOME (Xvfb has no compositor to draw them).
#
#   tools/make-screenshots.sh            into data/screenshots/
#   tools/make-screenshots.sh FOLDER     elsewhere
#
# Needs the build (meson compile -C _build/default), xvfb-run and
# ImageMagick's convert. The captions are in the metainfo, in the order of
# the table below; keep the two together.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/data/screenshots}")
build=$root/_build/default
app=$build/src/shulayim

fail () {
  echo "make-screenshots: $*" >&2
  exit 1
}
[ -x "$app" ] || fail "build first: meson compile -C _build/default"
command -v convert >/dev/null || fail "needs ImageMagick's convert"
command -v xvfb-run >/dev/null || fail "needs xvfb-run"

# The window's size: with the shadow's margin the picture stays within the
# 1000x700 Flathub recommends.
size=940x640

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shulayim-shots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# name       language  colours
shots="
main-en      en        light
main-en-dark en        dark
main-he      he        light
main-he-dark he        dark
"

printf '%s\n' "$shots" | while read -r name lang scheme; do
  [ -n "$name" ] || continue
  # A new user each time, who keeps texts in ~/Documents: the window's
  # subtitle shows that short path, not a temporary folder's.
  home=$tmp/home-$name
  mkdir -p "$home/Documents" "$home/.config/glib-2.0/settings"
  cp "$root/data/essay.he.txt" "$root/tests/data/essay.he.txt.annotations.json" \
    "$home/Documents/"
  # The settings as a new user has them, in a key file rather than in
  # memory so that nothing on this machine shows through.
  : > "$home/.config/glib-2.0/settings/keyfile"
  if [ "$lang" = he ]; then
    locale=he_IL.UTF-8
  else
    locale=C.UTF-8
  fi
  if [ "$scheme" = dark ]; then
    colours=prefer-dark
  else
    colours=prefer-light
  fi
  raw=$tmp/$name.png
  (cd "$home" && env -i PATH="$PATH" HOME="$home" \
     XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
     XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" \
     LANG="$locale" LANGUAGE="$lang" LC_ALL="$locale" \
     GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
     SHU_LOCALEDIR="$build/po" SHU_DATADIR="$root/data" \
     ADW_DEBUG_COLOR_SCHEME="$colours" GTK_A11Y=none GDK_BACKEND=x11 \
     xvfb-run -a -s '-screen 0 1280x1024x24' \
     "$app" --window-size="$size" --screenshot="$raw" "$home/Documents/essay.he.txt") \
    > "$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log" >&2; exit 1; }
  [ -s "$raw" ] || { cat "$tmp/$name.log" >&2; exit 1; }
  # Rounded top corners (libadwaita's window radius, 12 px) and a soft
  # shadow, on a transparent background; -strip keeps the file the same
  # from run to run (no dates in it).
  w=$(identify -format '%w' "$raw")
  h=$(identify -format '%h' "$raw")
  convert -size "${w}x${h}" xc:black -fill white \
    -draw "roundrectangle 0,0 $((w - 1)),$((h + 12)) 12,12" "$tmp/mask.png"
  convert "$raw" "$tmp/mask.png" -alpha off -compose CopyOpacity -composite \
    \( +clone -background 'rgba(0,0,0,0.45)' -shadow 60x10+0+4 \) \
    +swap -background none -compose Over -layers merge +repage \
    -strip -define png:exclude-chunks=date,time "$out/$name.png"
  echo "make-screenshots: $out/$name.png ($(identify -format '%wx%h' "$out/$name.png"))"
done
