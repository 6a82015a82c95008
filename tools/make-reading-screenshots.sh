#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the reading view's screenshots of issue 20, the same way every
# time, for a person to look at: the bundled essay with the test sample's
# annotations and a pointed text (Genesis 1:1-8, with niqqud, in
# paragraphs with blank lines between them), at 800x600, 1280x800 and
# 1920x1080, with the English and the Hebrew interface, light and dark;
# the pointed text again at 150%; the essay with all twelve label
# colours; and an annotation's extent before and
# after a change (selected with its handles, then grown by a word at its
# end, as Alt+End does).
#
#   tools/make-reading-screenshots.sh [FOLDER]     (default /tmp/shu-reading-shots)
#
# Needs the build (meson compile -C _build/default), xvfb-run and
# ImageMagick's import. Each shot is a new user's: fresh home and XDG
# folders, settings in a key file there, nothing of this machine's.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-/tmp/shu-reading-shots}")
build=$root/_build/default
app=$build/src/shulayim
harness=$build/tests/harness/shulayim-test

fail () {
  echo "make-reading-screenshots: $*" >&2
  exit 1
}
[ -x "$app" ] && [ -x "$harness" ] || fail "build first: meson compile -C _build/default"
command -v xvfb-run >/dev/null || fail "needs xvfb-run"
command -v import >/dev/null || fail "needs ImageMagick's import"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shulayim-reading.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# Genesis 1:1-8 (public domain), pointed, hard-wrapped at about 70
# characters as the essay is, one paragraph a day.
cat > "$tmp/pointed.he.txt" <<'TEXT'
בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ. וְהָאָרֶץ הָיְתָה תֹהוּ
וָבֹהוּ וְחֹשֶׁךְ עַל-פְּנֵי תְהוֹם וְרוּחַ אֱלֹהִים מְרַחֶפֶת עַל-פְּנֵי הַמָּיִם.

וַיֹּאמֶר אֱלֹהִים יְהִי אוֹר וַיְהִי-אוֹר. וַיַּרְא אֱלֹהִים אֶת-הָאוֹר כִּי-טוֹב
וַיַּבְדֵּל אֱלֹהִים בֵּין הָאוֹר וּבֵין הַחֹשֶׁךְ. וַיִּקְרָא אֱלֹהִים לָאוֹר יוֹם
וְלַחֹשֶׁךְ קָרָא לָיְלָה וַיְהִי-עֶרֶב וַיְהִי-בֹקֶר יוֹם אֶחָד.

וַיֹּאמֶר אֱלֹהִים יְהִי רָקִיעַ בְּתוֹךְ הַמָּיִם וִיהִי מַבְדִּיל בֵּין מַיִם לָמָיִם.
וַיַּעַשׂ אֱלֹהִים אֶת-הָרָקִיעַ וַיַּבְדֵּל בֵּין הַמַּיִם אֲשֶׁר מִתַּחַת לָרָקִיעַ
וּבֵין הַמַּיִם אֲשֶׁר מֵעַל לָרָקִיעַ וַיְהִי-כֵן. וַיִּקְרָא אֱלֹהִים לָרָקִיעַ
שָׁמָיִם וַיְהִי-עֶרֶב וַיְהִי-בֹקֶר יוֹם שֵׁנִי.
TEXT

# Runs the app for one shot: NAME LANG SCHEME SIZE FONT_SCALE TEXT [SIDECAR]
shot () {
  name=$1 lang=$2 scheme=$3 size=$4 scale=$5 text=$6 sidecar=${7:-}
  home=$tmp/home-$name
  mkdir -p "$home/Documents" "$home/.config/glib-2.0/settings"
  cp "$text" "$home/Documents/"
  [ -z "$sidecar" ] || cp "$sidecar" "$home/Documents/$(basename "$text").annotations.json"
  printf '[io/github/shulayim/Shulayim]\nfont-scale=%s\n' "$scale" \
    > "$home/.config/glib-2.0/settings/keyfile"
  run_app "$home" "$lang" "$scheme" "$size" \
    "$app" --window-size="$size" --screenshot="$out/$name.png" \
    "$home/Documents/$(basename "$text")" > "$tmp/$name.log" 2>&1 \
    || { cat "$tmp/$name.log" >&2; fail "$name failed"; }
  [ -s "$out/$name.png" ] || { cat "$tmp/$name.log" >&2; fail "$name: no picture"; }
  echo "$out/$name.png"
}

# HOME LANG SCHEME SIZE COMMAND...: under its own Xvfb the size of the
# window, with the locale's translations from the build (the uninstalled
# app finds them through SHU_LOCALEDIR).
run_app () {
  home=$1 lang=$2 scheme=$3 size=$4
  shift 4
  if [ "$lang" = he ]; then locale=he_IL.UTF-8; else locale=C.UTF-8; fi
  if [ "$scheme" = dark ]; then colours=prefer-dark; else colours=prefer-light; fi
  (cd "$home" && env -i PATH="$PATH" HOME="$home" \
     XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
     XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" \
     LANG="$locale" LANGUAGE="$lang" LC_ALL="$locale" \
     GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
     SHU_LOCALEDIR="$build/po" SHU_DATADIR="$root/data" \
     ADW_DEBUG_COLOR_SCHEME="$colours" GTK_A11Y=none NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
     SHU_TEST_SCRIPT="${SHU_TEST_SCRIPT:-}" \
     xvfb-run -a -s "-screen 0 ${size}x24" "$@")
}

for size in 800x600 1280x800 1920x1080; do
  for lang in en he; do
    for scheme in light dark; do
      shot "essay-$size-$lang-$scheme" "$lang" "$scheme" "$size" 1.0 \
        "$root/data/essay.he.txt" "$root/tests/data/essay.he.txt.annotations.json"
      shot "pointed-$size-$lang-$scheme" "$lang" "$scheme" "$size" 1.0 "$tmp/pointed.he.txt"
    done
  done
done
shot "pointed-150-1280x800-he-light" he light 1280x800 1.5 "$tmp/pointed.he.txt"

# Every colour of the palette: the essay with two spans of two words under
# each of twelve labels, imported from brat standoff (new labels take the
# palette's colours in turn).
mkdir -p "$tmp/labels"
cp "$root/data/essay.he.txt" "$tmp/labels/"
python3 - "$tmp/labels/essay.he.txt" > "$tmp/labels/essay.ann" <<'PY'
import re
import sys
text = open(sys.argv[1], encoding="utf-8").read()
words = list(re.finditer(r"\S+", text))
k, i = 0, 5
while k < 24:
    start, end = words[i].start(), words[i + 1].end()
    if "\n" in text[start:end] or end - start >= 30:
        i += 1
        continue
    print(f"T{k + 1}\tLabel{k % 12 + 1:02d} {start} {end}\t{text[start:end]}")
    k, i = k + 1, i + 8
PY
"$build/src/cli/shulayim-cli" import --from brat "$tmp/labels/essay.ann" \
  --source "$tmp/labels/essay.he.txt" -o "$tmp/labels/essay.he.txt.annotations.json" \
  > /dev/null 2>&1 || fail "the labels' sidecar"
for lang in en he; do
  for scheme in light dark; do
    shot "labels-1280x800-$lang-$scheme" "$lang" "$scheme" 1280x800 1.0 \
      "$tmp/labels/essay.he.txt" "$tmp/labels/essay.he.txt.annotations.json"
  done
done
shot "pointed-150-1280x800-en-dark" en dark 1280x800 1.5 "$tmp/pointed.he.txt"

# The extent edit: the first annotation selected (Alt+Down), its handles
# shown; then its end grown by a word (Alt+End's action). The harness
# runs the steps and says when each is on screen; the X server's picture
# of the screen is taken then.
extent () {
  lang=$1 size=1280x800
  name=extent-$lang
  home=$tmp/home-$name
  mkdir -p "$home/Documents" "$home/.config/glib-2.0/settings"
  cp "$root/data/essay.he.txt" "$root/tests/data/essay.he.txt.annotations.json" \
    "$home/Documents/"
  : > "$home/.config/glib-2.0/settings/keyfile"
  cat > "$tmp/$name.script" <<SCRIPT
wait 1500
activate win.next-annotation
wait 800
print before
wait 2500
activate win.move-edge 'grow-end'
wait 800
print after
wait 2500
quit
SCRIPT
  cat > "$tmp/$name.sh" <<SH
#!/bin/sh
"$harness" --window-size=$size "$home/Documents/essay.he.txt" > "$tmp/$name.out" 2>&1 &
for step in before after; do
  n=0
  until grep -q "^\$step\$" "$tmp/$name.out" 2>/dev/null; do
    n=\$((n + 1)); [ \$n -lt 300 ] || exit 1; sleep 0.1
  done
  import -window root "$out/$name-\$step.png"
done
wait
SH
  chmod +x "$tmp/$name.sh"
  SHU_TEST_SCRIPT="$tmp/$name.script" run_app "$home" "$lang" light "$size" "$tmp/$name.sh" \
    || { cat "$tmp/$name.out" >&2; fail "$name failed"; }
  echo "$out/$name-before.png"
  echo "$out/$name-after.png"
}
extent en
extent he
