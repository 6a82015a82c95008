#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer harnesses of tests/fuzz with clang, AddressSanitizer
# and UndefinedBehaviorSanitizer, and runs one of them for a while.
#
#   tools/fuzz.sh TARGET SECONDS [LIBFUZZER_ARGS...]
#
# TARGET is a harness name (sidecar, decode, ...: tests/fuzz/fuzz-TARGET.c).
# Not part of the normal build or of tools/run-tests.sh: it installs clang
# and libFuzzer's runtime itself when they are missing (Debian 12 packages).
# The corpus grows in _build/fuzz/corpus-TARGET, seeded from
# tests/fuzz/corpus/TARGET; crashes are written to _build/fuzz/artifacts/.
# A crash input belongs in tests/fuzz/regressions/ once it is fixed, where
# tests/model/test-regressions.c replays it in every test run.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 TARGET SECONDS [LIBFUZZER_ARGS...]" >&2
  exit 2
fi
target=$1
seconds=$2
shift 2

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
builddir=_build/fuzz

if ! command -v clang >/dev/null 2>&1 \
   || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends clang libclang-rt-14-dev
fi

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true -Dgui=disabled -Dbenchmarks=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized
fi
meson compile -C "$builddir" "fuzz-$target"

corpus="$builddir/corpus-$target"
mkdir -p "$corpus" "$builddir/artifacts"
if [ -d "tests/fuzz/corpus/$target" ]; then
  cp -n "tests/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
fi

# Undefined behaviour is a crash, not a message.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
exec "$builddir/tests/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$builddir/artifacts/$target-" -print_final_stats=1 "$@" "$corpus"
