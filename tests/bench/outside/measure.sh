#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Start-up as the user sees it, measured from outside the app: the frames
# the X server receives from the window (X DAMAGE, ffwatch.c), for the app
# and for the floor (floor-probe.c: a bare read-only GtkTextView with the
# same ranges as GtkTextTags), on the essay with its sidecar and on the
# 5 MB text with 50k annotations, with GTK's default renderer and with
# cairo, all in one interleaved batch (first-frame.sh). The scripts beside
# this one are copies of the shared harness (../shared/bench in the
# project's workspace); docs/PERFORMANCE.md says how to read the figures.
#
#   tests/bench/outside/measure.sh BUILD INPUTS REPETITIONS
#
# BUILD: the build folder (relative to the source root), INPUTS: the folder
# shu-bench-gen wrote. Needs xvfb-run, gcc, pkg-config and GTK's headers.
set -eu

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=$1 dir=$2 reps=$3
out=$dir/outside
rm -rf "$out/logs"
mkdir -p "$out"

probe=$("$here/build-floor-probe.sh" "$out/probe")
app="$root/$build/src/shulayim --window-size=1000x700"
floor="$probe --hold --size 1000x700"
essay=$dir/essay/essay.he.txt
big=$dir/text-5mb.txt
cairo="env GSK_RENDERER=cairo"

# Floor then app, per input and renderer; the floor draws its ranges in its
# first frame, the app may draw the highlights in a later one.
names=(
  "essay, floor (default renderer)" "essay, app (default renderer)"
  "essay, floor (cairo)" "essay, app (cairo)"
  "5 MB + 50k, floor (default renderer)" "5 MB + 50k, app (default renderer)"
  "5 MB + 50k, floor (cairo)" "5 MB + 50k, app (cairo)"
)
cmds=(
  "$floor --tags 200 $essay" "$app $essay"
  "$cairo $floor --tags 200 $essay" "$cairo $app $essay"
  "$floor --tags 50000 $big" "$app $big"
  "$cairo $floor --tags 50000 $big" "$cairo $app $big"
)

echo "# outside: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The quiet period ends a run: 4 s, longer than the sidecar's load, so that
# the frame with the highlights is seen.
"$here/first-frame.sh" -p -n "$reps" -w 1 -q 4000 -t 60 \
  -e GTK_A11Y=none -e NO_AT_BRIDGE=1 \
  -e GSETTINGS_SCHEMA_DIR="$root/$build/data" -e SHU_DATADIR="$root/data" \
  -o "$out/logs" "${cmds[@]}" > "$out/porcelain.tsv"
echo "# outside: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Per run, from its log: the frames drawn (not the server's own clearing
# on map), those that changed no pixel (drawn while nothing changed, at
# start-up or later), and those after the last change (idle: a run ends
# after 4 s without any frame, so a window that keeps drawing shows here).
frames_of () { # $1 = command index -> one line per measured run: frames identical idle
  local c=$1 r settled log
  for ((r = 2; r <= reps + 1; r++)); do
    log=$out/logs/c$c-r$r.log
    settled=$(awk -F'\t' -v c="$c" -v r="$r" '$1 == "run" && $2 == c && $3 == r {
        n = split($4, kv, " ")
        for (i = 1; i <= n; i++) { split(kv[i], p, "="); if (p[1] == "settled_ms") print p[2] }
      }' "$out/logs/runs.tsv")
    [ -f "$log" ] && [ -n "$settled" ] || continue
    # The server's timestamp (srv=), which the metrics use too.
    awk -v settled="$settled" '$2 == "paint" && $0 !~ /uniform=1/ {
        frames++
        if ($0 ~ /diffprev=0 /) same++
        split($3, srv, "=")
        if (srv[2] + 0 > settled + 0.5) idle++
      }
      END { printf "%d %d %d\n", frames, same, idle }' "$log"
  done
}

median () { sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    printf "%g\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

metric () { # $1 = command index, $2 = key -> "median min max n"
  awk -F'\t' -v cmd="${cmds[$1]}" -v key="$2" '$1 == cmd && $2 == key {
      print $3, $4, $5, $6 }' "$out/porcelain.tsv"
}

row () { # label value min max unit n
  printf '| %-60s | %10s | %10s .. %-10s | %-6s | n=%s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}

for ((c = 0; c < ${#cmds[@]}; c++)); do
  read -r med mn mx n <<< "$(metric "$c" paint_ms)"
  row "outside ${names[$c]}: first frame" "$med" "$mn" "$mx" ms "$n"
  read -r med mn mx n <<< "$(metric "$c" content_ms)"
  row "outside ${names[$c]}: highlights shown" "$med" "$mn" "$mx" ms "$n"
  read -r med mn mx n <<< "$(metric "$c" rss_kb)"
  row "outside ${names[$c]}: peak RSS" "$((med / 1024))" "$((mn / 1024))" "$((mx / 1024))" MiB "$n"
  runs=$(frames_of "$c")
  for k in 1 2 3; do
    values=$(echo "$runs" | awk -v k="$k" 'NF { print $k }')
    label=$(echo "drawn identical idle" | cut -d' ' -f"$k")
    row "outside ${names[$c]}: frames, $label" \
      "$(echo "$values" | median)" "$(echo "$values" | sort -g | head -n1)" \
      "$(echo "$values" | sort -g | tail -n1)" frames "$(echo "$values" | grep -c .)"
  done
done

# The targets: the app's highlights against the floor's first frame of the
# same input and renderer, in the same batch.
for ((c = 0; c < ${#cmds[@]}; c += 2)); do
  read -r floor_ms _ <<< "$(metric "$c" paint_ms)"
  read -r app_ms _ <<< "$(metric $((c + 1)) content_ms)"
  ratio=$(awk -v a="$app_ms" -v f="$floor_ms" \
    'BEGIN { if (f > 0) printf "%.2f", a / f; else print "-" }')
  printf '| %-60s | %10s |\n' "outside ${names[$((c + 1))]}: highlights / floor" "${ratio}x"
done
