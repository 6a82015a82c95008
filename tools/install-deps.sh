#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every Debian 12 package needed to build, run and test Shulayim.
# Run as root (or through sudo); safe to run again.
set -eu

# libxml2-utils (xmllint) and unzip run the TEI and REFI-QDA conformance
# checkers (../shared/conformance) in the tests; zip makes their archives.
packages="
  build-essential pkg-config meson ninja-build gettext git
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev libpango1.0-dev
  desktop-file-utils appstream
  xvfb xauth dbus fonts-dejavu-core xdotool
  python3 python3-jsonschema
  libxml2-utils unzip zip
  locales
"

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $packages

# The Hebrew interface test and screenshots run under he_IL.UTF-8: gettext
# ignores LANGUAGE in the C locale, and setlocale() fails for a locale that
# was never generated. Uncomment it in locale.gen and generate it once.
if ! locale -a 2>/dev/null | grep -qix 'he_IL.utf8'; then
  sed -i 's/^# *\(he_IL.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -qx 'he_IL.UTF-8 UTF-8' /etc/locale.gen || echo 'he_IL.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen
fi
