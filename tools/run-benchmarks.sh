#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the project and runs the benchmarks (docs/PERFORMANCE.md): the
# model (load, save, edits) and the app's launch and scrolling next to a
# plain GtkTextView, under Xvfb with software rendering, then the app's
# start-up and idle frames as the X server sees them. Not part of the
# test suite: it takes minutes and wants a quiet machine.
#
#   tools/run-benchmarks.sh [REPETITIONS]     (default 3)
#
# Environment: SHU_BENCH_DIR (where the inputs go, default /tmp/shu-bench),
# SHU_BENCH_BUILD (the build folder, default _build/bench),
# SHU_BENCH_SIZES (sidecars for the model, in thousands, default "1 10 50 200").
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
reps=${1:-3}
dir=${SHU_BENCH_DIR:-/tmp/shu-bench}
build=${SHU_BENCH_BUILD:-_build/bench}
sizes=${SHU_BENCH_SIZES:-1 10 50 200}

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=debugoptimized -Dbenchmarks=true >/dev/null
fi
meson compile -C "$build" >/dev/null

bench="$build/tests/bench"
if [ ! -f "$dir/text-5mb.txt.annotations.json" ] \
   || [ ! -f "$dir/essay/essay.he.txt.annotations.json" ]; then
  "$bench/shu-bench-gen" data/essay.he.txt "$dir" >/dev/null
fi

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $reps repetitions; median and min .. max (or p95)"
# shellcheck disable=SC2086
"$bench/shu-bench-model" "$dir" "$reps" $sizes

# The display: one Xvfb for all the runs, software rendering, no session bus.
run_gui () {
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    env GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
        GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
        SHU_DATADIR="$root/data" "$@"
}

# The app with the benchmark hooks attached: the uninstalled test program.
app="$build/tests/harness/shulayim-test"
floor="$bench/shu-bench-floor"
size=1000x700
# The app opens TEXT and its sidecar beside it; 5 MB has the 50k sidecar.
for text in text-0.2mb.txt text-1mb.txt text-5mb.txt para-200kb.txt; do
  run_gui env SHU_BENCH=first-frame "$bench/shu-bench-launch" "$reps" "floor $text" -- \
    "$floor" "$dir/$text" "$size"
  run_gui env SHU_BENCH=first-frame "$bench/shu-bench-launch" "$reps" "app $text" -- \
    "$app" --window-size="$size" "$dir/$text"
done
for text in text-5mb.txt para-200kb.txt; do
  run_gui env SHU_BENCH=scroll "$bench/shu-bench-launch" 1 "floor scroll $text" -- \
    "$floor" "$dir/$text" "$size"
  run_gui env SHU_BENCH=scroll "$bench/shu-bench-launch" 1 "app scroll $text" -- \
    "$app" --window-size="$size" "$dir/$text"
done

# Editing in the app at 5 MB + 50k: how long the main loop stalls, and
# how long until the next frame is painted, when a word is annotated (and
# its recovery journal written), when that annotation is deleted, when
# the deletion is undone and when it is saved, next to the window left
# idle (tests/harness/shu-bench-hooks.h). On a copy, since it saves (each repetition
# adds one annotation to it).
edit="$dir/edit"
mkdir -p "$edit"
cp "$dir/text-5mb.txt" "$dir/text-5mb.txt.annotations.json" "$edit/"
run_gui env SHU_BENCH=edit XDG_STATE_HOME="$edit/state" \
  "$bench/shu-bench-launch" "$reps" "app edit text-5mb.txt" -- \
  "$app" --window-size="$size" "$edit/text-5mb.txt"
rm -rf "$edit"

# From outside the app: the frames the X server receives (X DAMAGE), the
# app against a bare GtkTextView with the same ranges, both renderers, in
# one interleaved batch; and the frames drawn while nothing changed
# (tests/bench/outside/measure.sh, docs/PERFORMANCE.md).
tests/bench/outside/measure.sh "$build" "$dir" "$reps"

# The texts of issue 27 that froze the window (one line of 100k or 1M
# letters with no space, one of 10 or 50 MB of words): the first frame.
tests/bench/long-lines.sh "$build" "$dir"

# Suggestions on the 5 MB text against reading its sidecar (#29), and a
# hostile sidecar of many rejections with a label each (#27).
"$bench/shu-bench-suggest" "$dir" 24000 "$reps"
"$bench/shu-bench-rejections" "$root/data/essay.he.txt" "$dir"
