#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every Debian 12 package needed to build, run and test Shulayim.
# Run as root (or through sudo); safe to run again.
set -eu

packages="
  build-essential pkg-config meson ninja-build gettext git
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev libpango1.0-dev
  desktop-file-utils appstream
  xvfb xauth dbus fonts-dejavu-core xdotool
  python3 python3-jsonschema
"

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $packages
