#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# first-frame.sh - median time from launch to a GTK/X11 app's window being
# mapped and painted, for one or more command lines, runs interleaved A B A B.
#
# Usage: first-frame.sh [options] 'CMD A' ['CMD B' ...]
#   -n RUNS     measured runs per command (default 7)
#   -w N        warm-up runs per command, not counted (default 1)
#   -m METRIC   headline metric: paint | content | ready | settled (default content)
#   -q MS       quiet period that ends a run after the last paint (default 3000;
#               gnome-text-editor 43.2 has a ~2 s pause before its last change
#               on a 5 MB file)
#   -t SEC      limit per run (default 30)
#   -e VAR=VAL  extra environment for the commands (repeatable), e.g. -e GTK_A11Y=none
#   -T          wrap each command in /usr/bin/time -v and report its peak RSS
#   -o DIR      keep per-run logs, runs.tsv and each command's last frame (PPM) in DIR
#   -D          use the X display in $DISPLAY instead of starting Xvfb
#   -p          porcelain: only tab-separated lines on stdout
#                 command<TAB>metric<TAB>median<TAB>min<TAB>max<TAB>ok<TAB>runs
#
# Each command line is split like a shell would (quotes are honoured; it is
# eval'ed, so write it as you would type it). Without -D the script runs itself
# under  xvfb-run -a -s '-screen 0 1280x800x24'  (one X server for the batch).
#
# Every run starts clean: fresh XDG_CONFIG_HOME/DATA/STATE/CACHE dirs (no
# session restore, no recent files), GSETTINGS_BACKEND=memory, a private
# D-Bus session bus (ffwatch -b: dbus-daemon --session --nofork, as
# dbus-run-session runs it) started BEFORE the clock starts, so its start-up is
# not timed and no run can hand its file to an earlier run's GApplication
# instance; gtk-cursor-blink=false in the fresh settings.ini (an
# endless blink would otherwise keep repainting). The Mesa shader cache
# (MESA_SHADER_CACHE_DIR) is shared by all runs of the batch, so it is warm
# after the warm-up runs, as on a user's machine.
#
# The timing is done by ffwatch (ffwatch.c beside this script, built on first
# use into $FIRSTFRAME_CACHE, default /tmp/firstframe-cache): see its header.
#   paint    launch -> the app's first frame on screen (DAMAGE on its window)
#   content  launch -> first frame holding the bulk of the content (for an app
#            that shows an empty view and then the loaded file: the file)
#   ready    launch -> visually complete (within 5% of the last frame)
#   settled  launch -> last visible change before the quiet period
#   rss      peak RSS (VmHWM) of the window's owner when the run was stopped,
#            or /usr/bin/time -v's "Maximum resident set size" with -T
#
# Cleanup: ffwatch is a child subreaper and stops and reaps the command, the
# bus and everything they started before it returns. As a fallback, every
# process a run starts carries FIRSTFRAME_RUN=<token> in its environment; after
# each run (and on exit, INT, TERM) any such process still alive is sent
# SIGTERM then SIGKILL by PID, and the run's temp dirs are removed.
# Needs: xvfb, xauth, dbus (dbus-daemon), gcc, pkg-config, libx11-dev,
# libxdamage-dev, libxext-dev (libgtk-4-dev pulls them all in), time (for -T).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

runs=7 warm=1 metric=content quiet=3000 limit=30 use_time=0 keep="" use_display=0 porcelain=0
extra_env=()
orig_args=("$@")
usage() { sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while getopts "n:w:m:q:t:e:To:Dph" o; do
  case $o in
    n) runs=$OPTARG ;; w) warm=$OPTARG ;; m) metric=$OPTARG ;; q) quiet=$OPTARG ;;
    t) limit=$OPTARG ;; e) extra_env+=("$OPTARG") ;; T) use_time=1 ;; o) keep=$OPTARG ;;
    D) use_display=1 ;; p) porcelain=1 ;; *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
case $metric in paint|content|ready|settled) ;; *) echo "first-frame.sh: -m paint|content|ready|settled" >&2; exit 2 ;; esac

# --- an X server of our own -------------------------------------------------
# The outer shell stays as xvfb-run's parent: on INT/TERM/HUP it sends TERM to
# the inner script (which stops its run and cleans up), then waits for
# xvfb-run, which stops its Xvfb.
if [ "$use_display" = 0 ] && [ -z "${FIRSTFRAME_INNER:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "first-frame.sh: xvfb-run missing (apt-get install xvfb xauth)" >&2; exit 3; }
  pidf=$(mktemp /tmp/firstframe-pid.XXXXXX)
  FIRSTFRAME_INNER=1 FIRSTFRAME_PIDFILE=$pidf \
    xvfb-run -a -s '-screen 0 1280x800x24' "${BASH_SOURCE[0]}" "${orig_args[@]}" &
  xpid=$!
  stop_inner() {
    local p; p=$(cat "$pidf" 2>/dev/null)
    [ -n "$p" ] && kill -TERM "$p" 2>/dev/null
    wait "$xpid"; rm -f "$pidf"; exit 130
  }
  trap stop_inner INT TERM HUP
  wait "$xpid"; rc=$?
  rm -f "$pidf"
  exit $rc
fi
[ -n "${DISPLAY:-}" ] || { echo "first-frame.sh: no DISPLAY" >&2; exit 3; }
[ -n "${FIRSTFRAME_PIDFILE:-}" ] && echo $$ > "$FIRSTFRAME_PIDFILE"

# --- ffwatch ----------------------------------------------------------------
cache=${FIRSTFRAME_CACHE:-/tmp/firstframe-cache}
mkdir -p "$cache"
ffw=$cache/ffwatch
if [ ! -x "$ffw" ] || [ "$here/ffwatch.c" -nt "$ffw" ]; then
  gcc -O2 -Wall -o "$ffw.tmp.$$" "$here/ffwatch.c" $(pkg-config --cflags --libs x11 xdamage xext) \
    && mv "$ffw.tmp.$$" "$ffw" || { rm -f "$ffw.tmp.$$"; echo "first-frame.sh: cannot build ffwatch" >&2; exit 3; }
fi

batch=$(mktemp -d /tmp/firstframe.XXXXXX)
outdir=${keep:-$batch/out}
mkdir -p "$outdir" "$batch/mesa"
cur_token="" cur_dir="" cur_ffw=""

sweep() { # kill every process carrying FIRSTFRAME_RUN=$1, by PID
  local tok=$1 sig pid pids
  [ -n "$tok" ] || return 0
  for sig in TERM KILL; do
    pids=()
    for pid in $(grep -lsa "FIRSTFRAME_RUN=$tok" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
      [ "$pid" != "$$" ] && [ "$pid" != "$BASHPID" ] && pids+=("$pid")
    done
    [ ${#pids[@]} -eq 0 ] && return 0
    kill -"$sig" "${pids[@]}" 2>/dev/null
    [ $sig = TERM ] && sleep 0.3
  done
}
end_run() {
  # a run cut short: ffwatch stops and reaps what it started on TERM (<= ~5 s)
  if [ -n "$cur_ffw" ] && kill -0 "$cur_ffw" 2>/dev/null; then
    kill -TERM "$cur_ffw" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$cur_ffw" 2>/dev/null || break; sleep 0.1; done
  fi
  cur_ffw=""
  # fallback: anything of this run still alive, found by its FIRSTFRAME_RUN token
  sweep "$cur_token"
  [ -n "$cur_dir" ] && rm -rf "$cur_dir"
  cur_token="" cur_dir=""
}
on_exit() { trap '' INT TERM HUP; end_run; rm -rf "$batch"; }
trap on_exit EXIT
trap 'exit 130' INT TERM HUP

# one run: $1 = label for logs, $2 = command index; sets RESULT to ffwatch's line.
# Runs in the main shell (not in $(...)) so that the traps see the run's state,
# and waits on ffwatch with `wait` so that INT/TERM are handled at once.
one_run() {
  local label=$1 ci=$2 argv
  RESULT=""
  eval "argv=( ${cmds[$ci]} )"
  cur_token=$$-$RANDOM$RANDOM
  cur_dir=$(mktemp -d "$batch/run.XXXXXX")
  mkdir -p "$cur_dir"/{config/gtk-4.0,data,state,cache,runtime}
  chmod 700 "$cur_dir/runtime"
  printf '[Settings]\ngtk-cursor-blink = false\n' > "$cur_dir/config/gtk-4.0/settings.ini"
  local envs=(FIRSTFRAME_RUN="$cur_token" GSETTINGS_BACKEND=memory
    XDG_CONFIG_HOME="$cur_dir/config" XDG_DATA_HOME="$cur_dir/data"
    XDG_STATE_HOME="$cur_dir/state" XDG_CACHE_HOME="$cur_dir/cache"
    XDG_RUNTIME_DIR="$cur_dir/runtime" MESA_SHADER_CACHE_DIR="$batch/mesa" "${extra_env[@]}")
  local pre=()
  [ "$use_time" = 1 ] && pre=(/usr/bin/time -v -o "$outdir/$label.time")
  env "${envs[@]}" \
    timeout -k 5 $((limit + 20)) "$ffw" -b -q "$quiet" -t $((limit * 1000)) \
      -l "$outdir/$label.log" -o "$outdir/$label.ppm" -- "${pre[@]}" "${argv[@]}" \
      > "$cur_dir/result" 2>>"$outdir/$label.stderr" &
  cur_ffw=$!
  wait "$cur_ffw"
  cur_ffw=""
  RESULT=$(grep '^status=' "$cur_dir/result" | tail -n 1)
  [ -n "$RESULT" ] || RESULT="status=ffwatch-failed"
  if [ "$use_time" = 1 ] && [ -f "$outdir/$label.time" ]; then
    RESULT+=" time_rss_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$outdir/$label.time")"
  fi
  end_run
}

cmds=("$@")
ncmd=${#cmds[@]}
tsv=$outdir/runs.tsv
: > "$tsv"
total=$(( (warm + runs) * ncmd ))
k=0
for ((r = 1; r <= warm + runs; r++)); do
  for ((c = 0; c < ncmd; c++)); do
    k=$((k + 1))
    kind=run; [ $r -le "$warm" ] && kind=warmup
    one_run "c$c-r$r" "$c"
    printf '%s\t%d\t%s\t%s\n' "$kind" "$c" "$r" "$RESULT" >> "$tsv"
    [ "$porcelain" = 1 ] || printf '[%d/%d] %s c%d: %s\n' "$k" "$total" "$kind" "$c" "$RESULT" >&2
  done
done

# --- statistics -------------------------------------------------------------
stat() { # $1 = command index, $2 = key -> "median min max n"
  awk -F'\t' -v c="$1" -v key="$2" '
    $1 == "run" && $2 == c && $4 ~ /^status=ok / {
      n = split($4, kv, " ")
      for (i = 1; i <= n; i++) { split(kv[i], p, "="); if (p[1] == key && p[2] + 0 >= 0) print p[2] + 0 }
    }' "$tsv" | sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "- - - 0"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.0f %.0f %.0f %d\n", m, v[1], v[NR], NR
    }'
}
okcount() { awk -F'\t' -v c="$1" '$1 == "run" && $2 == c && $4 ~ /^status=ok / { n++ } END { print n + 0 }' "$tsv"; }

rsskey=rss_kb; [ "$use_time" = 1 ] && rsskey=time_rss_kb
if [ "$porcelain" = 1 ]; then
  for ((c = 0; c < ncmd; c++)); do
    for key in map paint content ready settled; do
      read -r med mn mx n <<< "$(stat $c ${key}_ms)"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${cmds[$c]}" "${key}_ms" "$med" "$mn" "$mx" "$n" "$runs"
    done
    read -r med mn mx n <<< "$(stat $c $rsskey)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${cmds[$c]}" "$rsskey" "$med" "$mn" "$mx" "$n" "$runs"
  done
else
  echo "# first-frame.sh: $runs runs (+$warm warm-up) per command, interleaved; Xvfb ${DISPLAY}; ms after launch, median [min-max]"
  for ((c = 0; c < ncmd; c++)); do
    read -r med mn mx n <<< "$(stat $c ${metric}_ms)"
    printf '%s ms  %s [%s-%s] n=%s/%s  %s\n' "$med" "$metric" "$mn" "$mx" "$n" "$runs" "${cmds[$c]}"
  done
  echo "#"
  printf '# %-4s %-16s %-16s %-16s %-16s %-16s %-13s %s\n' cmd map paint content ready settled "rss_MiB" command
  for ((c = 0; c < ncmd; c++)); do
    cols=()
    for key in map paint content ready settled; do
      read -r med mn mx n <<< "$(stat $c ${key}_ms)"
      cols+=("$med [$mn-$mx]")
    done
    read -r med mn mx n <<< "$(stat $c $rsskey)"
    if [ "$n" != 0 ]; then rss=$(awk -v a="$med" -v b="$mn" -v d="$mx" 'BEGIN{printf "%.0f [%.0f-%.0f]", a/1024, b/1024, d/1024}'); else rss="-"; fi
    printf '# %-4s %-16s %-16s %-16s %-16s %-16s %-13s %s\n' "c$c" "${cols[0]}" "${cols[1]}" "${cols[2]}" "${cols[3]}" "${cols[4]}" "$rss" "${cmds[$c]}"
  done
  fails=$(awk -F'\t' '$1 == "run" && $4 !~ /^status=ok / { n++ } END { print n + 0 }' "$tsv")
  [ "$fails" = 0 ] || echo "# $fails measured run(s) failed: see runs.tsv${keep:+ in $keep}"
  [ -n "$keep" ] && echo "# per-run logs: $keep"
fi
exit 0
