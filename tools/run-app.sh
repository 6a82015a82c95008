#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is needed, builds, and starts Shulayim from the build folder
# (nothing is installed) on the bundled essay, or on the files given.
#
#   tools/run-app.sh                    the bundled essay
#   tools/run-app.sh TEXT|SIDECAR...    those files
#   SHU_SKIP_DEPS=1 tools/run-app.sh    skip the package install
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ "${SHU_SKIP_DEPS:-0}" != 1 ]; then
  ./tools/install-deps.sh
fi

builddir=_build/default
if [ -f "$builddir/build.ninja" ]; then
  meson configure "$builddir" >/dev/null
else
  meson setup "$builddir"
fi
meson compile -C "$builddir"

# Uninstalled: the schema compiled in the build folder, the translations
# built there, the essay from the source tree. For the Hebrew interface:
#   LANG=he_IL.UTF-8 LANGUAGE=he tools/run-app.sh
export GSETTINGS_SCHEMA_DIR="$root/$builddir/data"
export SHU_LOCALEDIR="$root/$builddir/po"
export SHU_DATADIR="$root/data"
exec "$root/$builddir/src/shulayim" "$@"
