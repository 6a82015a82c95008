#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The texts of issue 27 that froze the window: one line of 100 000 or a
# million Hebrew letters with no space, one line of 10 or 50 MB of words.
# Prints the app's time to its first frame with the text laid out and its
# peak memory for each (tests/bench/shu-bench-launch.c), once: a run that
# gives no frame ends after 120 s (tests/harness/shu-bench-hooks.c). Then
# the essay repeated to 200 MB (as its lines are), which kept a core busy
# for over a minute after it showed: also the processor time and the
# frames of the 10 s after its first frame (SHU_BENCH=settle).
#
#   tests/bench/long-lines.sh BUILD DIR [APP_BUILD]
#
# BUILD makes the inputs in DIR/long; APP_BUILD (default BUILD) is the
# build whose app is measured, so that an older build can be compared.
# Run it under `nice -n 19` on a shared machine.
set -u

build=$1
dir=$2
app_build=${3:-$1}
root=$(cd "$(dirname "$0")/../.." && pwd)

if [ ! -f "$dir/long/words-50mb.txt" ]; then
  "$build/tests/bench/shu-bench-gen" --long-lines "$root/data/essay.he.txt" "$dir" >/dev/null \
    || exit 1
fi

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for text in letters-100k.txt letters-1m.txt words-10mb.txt words-50mb.txt; do
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    env GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
        GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$app_build/data" \
        SHU_DATADIR="$root/data" SHU_BENCH=first-frame \
    "$build/tests/bench/shu-bench-launch" 1 "app $text" -- \
    "$app_build/tests/harness/shulayim-test" --window-size=1000x700 "$dir/long/$text"
done

huge="$dir/long/essay-200mb.txt"
if [ ! -f "$huge" ]; then
  # 1 MB of copies of the essay, then 200 of those.
  mb="$dir/long/essay-1mb.txt"
  : > "$mb"
  while [ "$(wc -c < "$mb")" -lt 1000000 ]; do cat "$root/data/essay.he.txt" >> "$mb"; done
  : > "$huge.part"
  i=0
  while [ $i -lt 200 ]; do cat "$mb" >> "$huge.part"; i=$((i + 1)); done
  mv "$huge.part" "$huge"
fi
xvfb-run -a -s "-screen 0 1280x1024x24" \
  env GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
      GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$app_build/data" \
      SHU_DATADIR="$root/data" SHU_BENCH=settle \
  "$build/tests/bench/shu-bench-launch" 1 "app essay-200mb.txt" -- \
  "$app_build/tests/harness/shulayim-test" --window-size=1000x700 "$huge"
