#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build floor-probe.c (beside this script) into OUTDIR (default /tmp/peer/build).
# Needs: gcc, pkg-config, libgtk-4-dev.   Usage: build-floor-probe.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/peer/build}
mkdir -p "$out"
gcc -O2 -g -Wall -o "$out/floor-probe" "$here/floor-probe.c" $(pkg-config --cflags --libs gtk4)
echo "$out/floor-probe"
