#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is needed, builds, and runs the whole test suite: the normal
# build (display tests under Xvfb), then the whole suite again built with
# AddressSanitizer and UndefinedBehaviorSanitizer. Ends with one line
# "N passed, N failed" and exits non-zero on any failure.
#
#   tools/run-tests.sh            install packages, build and test
#   SHU_SKIP_DEPS=1 tools/run-tests.sh   skip the package install
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ "${SHU_SKIP_DEPS:-0}" != 1 ]; then
  ./tools/install-deps.sh || { echo "installing packages failed"; echo "0 passed, 1 failed"; exit 1; }
fi

status=0
logs=""

# run_suite BUILDDIR MESON_SETUP_ARGS... -- MESON_TEST_ARGS...
run_suite () {
  builddir=$1; shift
  rm -f "$builddir/meson-logs/testlog.json"
  setup_args=""
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do setup_args="$setup_args $1"; shift; done
  [ $# -gt 0 ] && shift
  # shellcheck disable=SC2086
  if [ -f "$builddir/build.ninja" ]; then
    meson configure "$builddir" $setup_args >/dev/null || return 1
  else
    meson setup "$builddir" $setup_args || return 1
  fi
  meson compile -C "$builddir" || return 1
  # A display for the UI tests, and no session bus (as in CI).
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    env GTK_A11Y=none GDK_BACKEND=x11 \
    meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@"
}

if ! run_suite _build/default -- ; then status=1; fi
logs="$logs _build/default/meson-logs/testlog.json"

# Everything again, display tests included, built with the sanitizers
# (tests/meson.build points LSAN_OPTIONS at tests/lsan.supp).
if ! run_suite _build/sanitize -Db_sanitize=address,undefined -Db_lundef=false \
     -Dbenchmarks=false -- ; then
  status=1
fi
logs="$logs _build/sanitize/meson-logs/testlog.json"

# shellcheck disable=SC2086
python3 - $logs <<'PY'
import json, sys
passed = failed = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                result = json.loads(line).get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    pass
                else:
                    failed += 1
    except FileNotFoundError:
        print(f"{path}: no test log (the build failed)")
        failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
summary=$?
[ $summary -ne 0 ] && status=1
exit $status
