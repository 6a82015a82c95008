#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Proves that Shulayim builds and runs as a Flatpak on a machine that cannot
# download the GNOME runtime. It builds a small runtime and SDK from Debian
# packages, exports them into a local OSTree repository, builds the app with
# flatpak-builder from a variant of the real manifest that names that runtime
# and the working tree, runs it inside the sandbox under Xvfb in its
# screenshot mode, and checks the picture it wrote.
#
# Two stand-in runtimes: Debian 12 (GTK 4.8, libadwaita 1.2), the floor the
# app keeps, and Debian 13 (GTK 4.18, libadwaita 1.7), close to the current
# GNOME runtime. On Debian 13 the app is built with deprecation warnings as
# errors: meson.build pins the API to the version it finds, so a deprecated
# call there is one the app should no longer make on today's GNOME.
#
#   flatpak/test-local.sh                       both runtimes, one after the other
#   flatpak/test-local.sh --runtime 12|13       one of them
#   flatpak/test-local.sh [--runtime N] MANIFEST   another manifest
#
# Everything but the cache lives in a temporary folder removed on exit. The
# cache keeps each exported runtime and SDK (~0.4 GB each; about 8 minutes
# to make from nothing, ~1 GB of root file systems on the way), so later
# runs take well under a minute each:
#   SHU_FLATPAK_CACHE   the cache folder (default ~/.cache/shulayim-flatpak-test)
#   SHU_DEBIAN_MIRROR   the Debian mirror (default http://deb.debian.org/debian)
#   SHU_KEEP_TMP=1      keep the temporary folder, to look at a failure
#   SHU_DEPRECATED=warn on Debian 13, deprecations are warnings, listed, and
#                       the run goes on (to see the rest while a port is
#                       under way; the default, errors, is the goal)
#   SHU_FLATPAK_LINT=DIR   also run Flathub's linter from a checkout of
#                       github.com/flathub-infra/flatpak-builder-lint in DIR,
#                       offline, on the manifest, the build folder and the
#                       build's repository (in a Debian 13 root file system
#                       of its own, cached too, as the linter needs
#                       libraries newer than Debian 12's)
# This is not part of tools/run-tests.sh: it runs as root (through sudo if
# needed) to install its tools and to build the runtime, needs a Debian
# mirror the first time, and takes minutes.
set -eu

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi

started=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)

runtime=all
case ${1:-} in
  --runtime) runtime=${2:?--runtime needs 12, 13 or all}; shift 2 ;;
  --runtime=*) runtime=${1#--runtime=}; shift ;;
esac
case $runtime in
  all)
    # One run per runtime, in a process of its own: each has its own
    # temporary folder, Flatpak installation and log.
    "$0" --runtime 12 "$@"
    "$0" --runtime 13 "$@"
    printf 'test-local: [%4ss] PASSED on both runtimes\n' "$(($(date +%s) - started))"
    exit 0 ;;
  12|13) ;;
  *) echo "test-local: --runtime takes 12, 13 or all, not $runtime" >&2; exit 2 ;;
esac
manifest=$(realpath "${1:-$here/io.github.shulayim.Shulayim.json}")

# The tools this test needs and the project's own build does not: they are
# listed here, not in tools/install-deps.sh. flatpak-builder runs eu-strip
# (elfutils) on the host to split debug information.
tools="flatpak flatpak-builder bubblewrap mmdebstrap elfutils xvfb xauth dbus-daemon python3
  ca-certificates"

# The Debian packages of the two runtimes. The SDK is a superset of the
# platform, as GNOME's Sdk is of its Platform, and like it has the tools
# flatpak-builder expects: appstream-util for appstream-compose, elfutils.
# librsvg2-common lets GTK draw symbolic icons and appstream-compose turn
# the SVG app icon into PNGs.
branch=$runtime
if [ "$branch" = 12 ]; then
  suite=bookworm
  werror=""
else
  suite=trixie
  if [ "${SHU_DEPRECATED:-error}" = warn ]; then
    werror="-Wdeprecated-declarations"
  else
    werror="-Werror=deprecated-declarations"
  fi
fi
platform_packages="libgtk-4-1 libadwaita-1-0 libjson-glib-1.0-0 fonts-dejavu-core fontconfig
  hicolor-icon-theme adwaita-icon-theme librsvg2-common shared-mime-info
  gsettings-desktop-schemas libglib2.0-bin"
sdk_packages="$platform_packages build-essential meson ninja-build pkg-config
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev gettext desktop-file-utils appstream
  appstream-util libglib2.0-dev-bin gtk-update-icon-cache elfutils"
platform_id=io.github.shulayim.test.Platform
sdk_id=io.github.shulayim.test.Sdk
mirror=${SHU_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The window size asked for. Xvfb draws at scale 1 with no compositor, so
# there is no shadow, but GTK still frames such a window ("solid-csd": a few
# pixels of padding and border on every side) and the picture is of what is
# inside that frame: the same few pixels less in each direction.
shot_size=1000x700

log () {
  printf '%s [%4ss] %s\n' "test-local $branch:" "$(($(date +%s) - started))" "$*"
}

fail () {
  log "FAILED: $*"
  exit 1
}

# Installs the missing tools only, so that a second run does not need the
# network for apt.
missing=""
for p in $tools; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "installing$missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
arch=$(flatpak --default-arch)

# Each runtime has its own folder in the cache: building one does not
# throw the other away.
cache=${SHU_FLATPAK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shulayim-flatpak-test}/debian-$branch
# The cache key changes whenever anything that goes into the runtime does,
# including this script's way of assembling it (the "layout" number).
key=$(printf 'layout 1\n%s\n%s\n%s\n%s\n%s\n' "$suite" "$mirror" "$arch" \
        "$platform_packages" "$sdk_packages" | sha256sum | cut -c1-16)
keydir=$cache/$key
mkdir -p "$keydir"
# Runtimes under older keys will not be used again. Only folders named like
# a key go: SHU_FLATPAK_CACHE may point at a folder that holds other things.
for old in "$cache"/*; do
  case ${old##*/} in
    *[!0-9a-f]*) continue ;;
  esac
  [ ${#old} -eq $((${#cache} + 17)) ] && [ "$old" != "$keydir" ] && rm -rf "$old"
done

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/shulayim-flatpak.XXXXXX")
cleanup () {
  status=$?
  if [ "${SHU_KEEP_TMP:-0}" = 1 ]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# make_rootfs KIND PACKAGES: a Debian root file system as a tarball in the
# cache. The "essential" variant is dpkg, coreutils and friends, plus what is
# asked for with its dependencies: no apt, no init.
make_rootfs () {
  kind=$1
  packages=$(echo "$2" | tr -s ' \n' ',,' | sed 's/^,//; s/,$//')
  [ -s "$keydir/$kind.tar" ] && return 0
  log "mmdebstrap: Debian $suite $kind root file system"
  # Downloaded .deb files are shared between the two runs: the platform's
  # packages are a subset of the SDK's.
  debs=$keydir/debs
  mkdir -p "$debs"
  # shellcheck disable=SC2016 # "$1" is for mmdebstrap's hook shell.
  mmdebstrap --variant=essential --format=tar --include="$packages" \
    --skip=essential/unlink \
    --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
    --setup-hook="sync-in '$debs' /var/cache/apt/archives/" \
    --customize-hook="sync-out /var/cache/apt/archives '$debs'" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    "$suite" "$keydir/$kind.tar.part" "$mirror"
  mv "$keydir/$kind.tar.part" "$keydir/$kind.tar"
}

# export_runtime KIND ID: lays the root file system out as a Flatpak runtime
# and commits it to the cached repository. Flatpak mounts files/ as /usr and
# links each entry of files/etc into /etc, so files/ is the rootfs's /usr with
# its /etc merged in as files/etc.
export_runtime () {
  kind=$1
  id=$2
  dir=$tmp/runtime-$kind
  log "assembling $id from $kind.tar"
  mkdir -p "$dir/files"
  tar -x -f "$keydir/$kind.tar" -C "$dir/files" --no-same-owner \
    --strip-components=2 ./usr/
  mkdir -p "$dir/files/etc"
  tar -x -f "$keydir/$kind.tar" -C "$dir/files/etc" --no-same-owner \
    --strip-components=2 ./etc/
  # Flatpak writes these itself for each sandbox; the shadow files are
  # unreadable by design and have no place in a runtime.
  for f in passwd group shadow gshadow passwd- group- shadow- gshadow- hostname hosts \
           resolv.conf machine-id localtime timezone mtab; do
    rm -f "$dir/files/etc/$f"
  done
  # A relative link such as /etc/os-release -> ../usr/lib/os-release would
  # point to /usr/usr/lib once etc/ lives in /usr/etc: aim it again.
  python3 - "$dir/files" <<'EOF'
import os, sys
files = sys.argv[1]
for top, dirs, names in os.walk(os.path.join(files, "etc")):
    for name in dirs + names:
        path = os.path.join(top, name)
        if not os.path.islink(path):
            continue
        target = os.readlink(path)
        if target.startswith("/"):
            continue
        rel = os.path.relpath(path, files)            # etc/...
        old_abs = os.path.normpath(os.path.join("/", os.path.dirname(rel), target))
        if old_abs.startswith("/usr/"):
            new_abs = old_abs[len("/usr"):]
        elif old_abs.startswith("/etc/"):
            new_abs = old_abs
        else:
            continue
        new = os.path.relpath(new_abs, os.path.join("/", os.path.dirname(rel)))
        if new != target:
            os.unlink(path)
            os.symlink(new, path)
EOF
  cat > "$dir/metadata" <<EOF
[Runtime]
name=$id
runtime=$platform_id/$arch/$branch
sdk=$sdk_id/$arch/$branch
EOF
  log "flatpak build-export --runtime $id"
  flatpak build-export --runtime --files=files --no-update-summary \
    --subject="$id from Debian $branch ($suite)" "$keydir/repo.part" "$dir" "$branch" >/dev/null
  rm -rf "$dir"
}

# deprecations: lists the deprecated calls the build reported, one a line
# (file:line: what), as the compiler names them.
deprecations () {
  grep -o "[^ /]*\.[ch]:[0-9]*:[0-9]*: \(warning\|error\): .* is deprecated.*" \
    "$tmp/flatpak-builder.log" | sed 's/ \[-W[^]]*\]$//' \
    | sort -u | sort -t: -k1,1 -k2,2n > "$tmp/deprecations" || true
  if [ -s "$tmp/deprecations" ]; then
    log "$(wc -l < "$tmp/deprecations") deprecated calls on Debian $branch:"
    sed 's/^/test-local:   /' "$tmp/deprecations"
  fi
}

# lint: runs flatpak-builder-lint (SHU_FLATPAK_LINT) without a network, in
# a Debian 13 root file system with its dependencies, on the real manifest,
# the build folder and the repository. The build is of the variant, so the
# runtime it names is the stand-in's. Prints the linter's findings; fails on
# an error that is not one of those a network or the real runtime would
# settle (listed, with why, in offline below).
lint () {
  linter=$(realpath "$SHU_FLATPAK_LINT")
  [ -f "$linter/flatpak_builder_lint/cli.py" ] \
    || fail "SHU_FLATPAK_LINT=$linter is not a checkout of flatpak-builder-lint"
  lint_packages="python3 python3-lxml python3-requests python3-requests-cache
    python3-ruamel.yaml python3-jsonschema python3-gi
    gir1.2-appstream-1.0 gir1.2-ostree-1.0 appstream desktop-file-utils
    flatpak-builder ostree git ca-certificates"
  lint_key=$(printf 'lint 1\n%s\n%s\n%s\n' "$mirror" "$arch" "$lint_packages" \
               | sha256sum | cut -c1-16)
  lint_root=${cache%/*}/lint-$lint_key
  if [ ! -f "$lint_root.done" ]; then
    log "mmdebstrap: Debian trixie root file system for the linter"
    # Linter roots under older keys will not be used again.
    for old in "${cache%/*}"/lint-*; do
      name=${old##*/lint-}
      case ${name%.done} in
        *[!0-9a-f]*) continue ;;
      esac
      [ ${#name} -ge 16 ] && rm -rf "$old"
    done
    mmdebstrap --variant=essential --format=directory \
      --include="$(echo "$lint_packages" | tr -s ' \n' ',,' | sed 's/^,//; s/,$//')" \
      --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/doc/*' \
      trixie "$lint_root" "$mirror" > "$tmp/lint-root.log" 2>&1 \
      || { tail -n 20 "$tmp/lint-root.log"; fail "the linter's root file system"; }
    touch "$lint_root.done"
  fi
  # The linter reads its version from its package's metadata: a checkout
  # has none, so a minimal one goes beside a copy.
  rm -rf "$tmp/linter"
  mkdir -p "$tmp/linter/flatpak_builder_lint-0.dist-info"
  cp -r "$linter/flatpak_builder_lint" "$tmp/linter/"
  printf 'Metadata-Version: 2.1\nName: flatpak_builder_lint\nVersion: %s\n' \
    "$(sed -n 's/^version = "\(.*\)"/\1/p' "$linter/pyproject.toml")" \
    > "$tmp/linter/flatpak_builder_lint-0.dist-info/METADATA"
  # Debian has no publicsuffixlist module. The linter asks it only for the
  # domain behind an app ID that is not on a code host; for one on a code
  # host (io.github.NAME.APP) the answer it falls back to is the same,
  # NAME.github.io.
  cat > "$tmp/linter/publicsuffixlist.py" <<'EOF'
class PublicSuffixList:
    def is_private(self, domain):
        return False

    def privatesuffix(self, domain):
        return None
EOF
  # REPO as in Flathub's build pipeline, which turns on the checks only it
  # makes (a "dir" source, the build's network access, the repository's size).
  # The list of what Flathub holds comes from its repository's summary, or
  # offline from a copy shipped with the linter's releases, which a checkout
  # lacks: an empty one says that Flathub holds nothing yet.
  lint_run () {
    # --unshare-net: nothing leaves this machine, whatever a check tries.
    bwrap --bind "$lint_root" / --dev /dev --proc /proc --tmpfs /tmp --tmpfs /root \
      --bind "$tmp/linter" /linter --bind "$tmp/lint-manifest" /manifest \
      --ro-bind "$tmp/build" /work/build --ro-bind "$tmp/repo" /work/repo \
      --unshare-net --die-with-parent --chdir /manifest \
      --setenv PYTHONPATH /linter --setenv HOME /root --setenv LC_ALL C.UTF-8 \
      --setenv REPO "https://github.com/flathub/$app_id" "$@"
  }
  # The manifest is linted where Flathub has it, alone in a folder of its
  # own (flatpak-builder writes its state beside it).
  mkdir -p "$tmp/lint-manifest"
  cp "$manifest" "$tmp/lint-manifest/"
  lint_run python3 -c '
import gi
gi.require_version("OSTree", "1.0")
from gi.repository import GLib, OSTree
meta = {"xa.sparse-cache": GLib.Variant("a{sa{sv}}", {})}
empty = GLib.Variant(OSTree.SUMMARY_GVARIANT_STRING, ([], meta)).get_data_as_bytes().get_data()
for name in ("flathub-stable.summary", "flathub-beta.summary"):
    open("/linter/flatpak_builder_lint/staticfiles/" + name, "wb").write(empty)
' || fail "the linter's empty Flathub summary"
  lint_status=0
  # flatpak-builder 1.2 installs the metainfo as appdata, later ones not.
  metainfo=$(cd "$tmp/build/files/share" \
               && ls metainfo/*.xml appdata/*.xml 2>/dev/null | head -n 1)
  for kind in manifest builddir repo appstream; do
    case $kind in
      manifest) target=/manifest/${manifest##*/} ;;
      builddir) target=/work/build ;;
      repo) target=/work/repo ;;
      appstream) target=/work/build/files/share/$metainfo ;;
    esac
    lint_run python3 -c \
      'import sys; from flatpak_builder_lint.cli import main; sys.exit(main())' \
      "$kind" "$target" > "$tmp/lint-$kind.json" 2> "$tmp/lint-$kind.err" || true
    log "flatpak-builder-lint $kind (offline):"
    sed 's/^/test-local:   /' "$tmp/lint-$kind.json"
    python3 - "$kind" "$tmp/lint-$kind.json" "$tmp/lint-$kind.err" <<'EOF' || lint_status=1
import json, re, sys
kind, out, err = sys.argv[1:]
# What only a network or Flathub's own build settles, and why.
offline = {
    # It fetches the project's page, https://github.com/shulayim/shulayim.
    "appid-url-not-reachable",
    # Flathub's build downloads the screenshots and mirrors them (to its
    # media server and a screenshots ref in the repository).
    "appstream-external-screenshot-url",
    "appstream-screenshots-not-mirrored-in-ostree",
    # appstreamcli validate, without --no-net, fetches every URL.
    "url-not-reachable",
    "screenshot-image-not-found",
    # The stand-in only: flatpak-builder 1.2 (Debian 12's, on this host)
    # composes the catalog with appstream-glib, which drops <developer>;
    # Flathub's composes with appstreamcli, which keeps it (the metainfo
    # has one, and passes appstreamcli validate).
    "appstream-missing-developer-name",
}
text = open(out, encoding="utf-8").read()
if kind == "appstream":
    # appstreamcli's own report: "W: ID:LINE: TAG".
    found = re.findall(r"^[EW]: \S+: (\S+)$", text, re.M)
    found += re.findall(r"^[EW]: \S+:\d+: (\S+)", text, re.M)
    left = sorted(set(t for t in found if t not in offline))
    if left:
        sys.exit(f"test-local:   {kind}: " + ", ".join(left))
    sys.exit(0)
if not text.strip() and open(err).read().strip():
    sys.exit(f"{kind}: the linter failed:\n" + open(err).read()[-2000:])
try:
    results = json.loads(text) if text.strip() else {}
except ValueError:
    sys.exit(f"{kind}: the linter printed no JSON:\n" + open(err).read()[-2000:])
left = [e for e in results.get("errors", []) if e.split(":")[0] not in offline]
if left:
    sys.exit(f"test-local:   {kind}: errors: " + ", ".join(left))
EOF
  done
  [ "$lint_status" = 0 ] || fail "flatpak-builder-lint"
}

if [ ! -f "$keydir/repo/done" ]; then
  make_rootfs platform "$platform_packages"
  make_rootfs sdk "$sdk_packages"
  rm -rf "$keydir/repo.part"
  export_runtime platform "$platform_id"
  export_runtime sdk "$sdk_id"
  flatpak build-update-repo "$keydir/repo.part" >/dev/null
  touch "$keydir/repo.part/done"
  rm -rf "$keydir/repo"
  mv "$keydir/repo.part" "$keydir/repo"
  # The repository is the cache from now on: the root file systems and the
  # packages would only double the space it takes.
  rm -rf "$keydir/platform.tar" "$keydir/sdk.tar" "$keydir/debs"
else
  log "runtime and SDK from the cache $keydir"
fi

# From here on, everything Flatpak writes goes into the temporary folder: the
# user installation, the sandbox's home (~/.var/app) and its runtime dir.
export FLATPAK_USER_DIR="$tmp/flatpak"
export HOME="$tmp/home"
export XDG_RUNTIME_DIR="$tmp/run"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

log "installing the runtime and SDK into a temporary user installation"
flatpak --user remote-add --no-gpg-verify shulayim-test "file://$keydir/repo"
flatpak --user install -y --noninteractive shulayim-test \
  "runtime/$platform_id/$arch/$branch" "runtime/$sdk_id/$arch/$branch" >/dev/null

# The variant differs from the real manifest in the runtime it names, in
# building the working tree where the real one fetches the release tag of
# the project's repository, and in its relative source paths made absolute
# because it lives elsewhere. On Debian 13 it also makes deprecations errors.
variant=$tmp/manifest.json
app_id=$(python3 - "$manifest" "$variant" "$platform_id" "$sdk_id" "$branch" "$werror" \
           "$(cd "$here/.." && pwd)" <<'EOF'
import json, os, sys
src, dst, platform, sdk, branch, werror, tree = sys.argv[1:]
with open(src, encoding="utf-8") as f:
    m = json.load(f)
base = os.path.dirname(src)
m["runtime"], m["sdk"], m["runtime-version"] = platform, sdk, branch
if werror:
    options = m.setdefault("build-options", {})
    options["cflags"] = (options.get("cflags", "") + " " + werror).strip()

working_tree = {
    "type": "dir",
    "path": tree,
    "skip": [".git", ".flatpak-builder", "_build", "_build-asan", "_build-flatpak"],
}

def absolute(modules):
    for module in modules:
        if not isinstance(module, dict):
            raise SystemExit("modules given by file name are not supported here")
        module["sources"] = [
            working_tree if isinstance(source, dict) and source.get("type") == "git"
            and source.get("url", "").rstrip("/").endswith("/shulayim/shulayim.git")
            else source
            for source in module.get("sources", [])]
        for source in module.get("sources", []):
            if source is working_tree:
                continue
            if isinstance(source, dict) and "path" in source:
                source["path"] = os.path.normpath(os.path.join(base, source["path"]))
            if isinstance(source, dict) and "paths" in source:
                source["paths"] = [os.path.normpath(os.path.join(base, p))
                                   for p in source["paths"]]
        absolute(module.get("modules", []))

absolute(m["modules"])
with open(dst, "w", encoding="utf-8") as f:
    json.dump(m, f, indent=2)
print(m.get("id") or m["app-id"])
EOF
)

log "flatpak-builder $app_id"
# There is no FUSE in a container, so no rofiles-fuse.
# The build is exported to a repository too, which the linter reads.
(cd "$tmp" && flatpak-builder --user --install --force-clean --disable-rofiles-fuse \
  --repo="$tmp/repo" --state-dir="$tmp/state" "$tmp/build" "$variant" \
  > "$tmp/flatpak-builder.log" 2>&1) \
  || { tail -n 40 "$tmp/flatpak-builder.log"; deprecations; fail "flatpak-builder"; }
deprecations

# The installed app must hold no more rights than a window needs: a display,
# X11 shared memory and the GPU. No network, no files, no D-Bus names beyond
# its own, which Flatpak always allows.
permissions=$(flatpak --user info --show-permissions "$app_id")
printf '%s\n' "$permissions" | sed 's/^/test-local:   /'
printf '%s\n' "$permissions" | python3 -c '
import sys
allowed = {"shared": {"ipc"}, "sockets": {"wayland", "x11", "fallback-x11"},
           "devices": {"dri"}}
section, extra = None, []
for line in sys.stdin.read().splitlines():
    if line.startswith("["):
        section = line
        if section != "[Context]":
            extra.append(section)
    elif "=" in line and section == "[Context]":
        key, values = line.split("=", 1)
        for value in filter(None, values.split(";")):
            if value not in allowed.get(key, set()):
                extra.append(f"{key}={value}")
if extra:
    sys.exit("more rights than a window needs: " + ", ".join(extra))
' || fail "permissions"
exports=$FLATPAK_USER_DIR/exports/share
[ -f "$exports/applications/$app_id.desktop" ] || fail "no exported desktop file"
# D-Bus activation: Flatpak exports the service file, its Exec rewritten to
# "flatpak run", and lets the app own its own name without a --own-name
# permission (so the permissions check above needs no allowance for it).
grep -qx 'DBusActivatable=true' "$exports/applications/$app_id.desktop" \
  || fail "the exported desktop file is not D-Bus activatable"
grep -q "^Exec=.*flatpak.* run .*$app_id" "$exports/dbus-1/services/$app_id.service" \
  || fail "no exported D-Bus service that runs the app"
[ -f "$exports/icons/hicolor/scalable/apps/$app_id.svg" ] || fail "no exported app icon"
[ -f "$exports/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" ] \
  || fail "no exported symbolic icon"
# appstream-compose turned the metainfo into the catalog software centres
# read, with icons: flatpak-builder 1.2 writes it to app-info, later ones to
# swcatalog.
app_files=$(flatpak --user info --show-location "$app_id")/files
[ -f "$app_files/share/app-info/xmls/$app_id.xml.gz" ] \
  || [ -f "$app_files/share/swcatalog/xml/$app_id.xml.gz" ] \
  || fail "no AppStream catalog composed from the metainfo"
# Flathub reads the licence from the installed app.
cmp -s "$app_files/share/licenses/$app_id/COPYING" "$here/../COPYING" \
  || fail "COPYING is not installed under share/licenses/$app_id"

# The sandbox can always write its own cache folder, ~/.var/app/ID/cache,
# which is the same path inside and outside: no --filesystem needed.
shot=$HOME/.var/app/$app_id/cache/test-local-shot.png
# The bundled essay keeps its annotations in the app's own data folder
# (~/.var/app/ID/data/shulayim in the sandbox): seed the test sample there,
# so the picture shows highlights drawn on the text inside the sandbox.
mkdir -p "$HOME/.var/app/$app_id/data/shulayim"
cp "$here/../tests/data/essay.he.txt.annotations.json" "$HOME/.var/app/$app_id/data/shulayim/"
log "flatpak run $app_id --window-size=$shot_size --screenshot=$shot"
# A session bus as on a desktop: flatpak puts its D-Bus proxy between the app
# and the bus, and the app registers its name through it.
LANG=C.UTF-8 timeout 180 dbus-run-session -- xvfb-run -a -s '-screen 0 1280x1024x24' \
  flatpak run --user "$app_id" --window-size="$shot_size" --screenshot="$shot" \
  > "$tmp/run.log" 2>&1 \
  || { cat "$tmp/run.log"; fail "flatpak run"; }
[ -s "$shot" ] || { cat "$tmp/run.log"; fail "no screenshot at $shot"; }

# Reads the PNG with nothing but the standard library: size and enough
# pixel statistics to tell a window from a blank or single-colour picture.
python3 - "$shot" "$shot_size" <<'EOF' \
  || fail "screenshot check"
import struct, sys, zlib
path, (want_w, want_h) = sys.argv[1], map(int, sys.argv[2].split("x"))
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    raise SystemExit(f"{path}: not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour, _, _, interlace = ihdr
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
if depth != 8 or channels is None or interlace:
    raise SystemExit(f"{path}: unexpected PNG format {ihdr}")
raw, stride, bpp = zlib.decompress(idat), width * channels, channels
rows, prev, i = [], bytearray(stride), 0
for _ in range(height):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[x] = (line[x] + pr) & 255
    rows.append(bytes(line))
    prev = line
colours, dark, tinted = set(), 0, 0
for y, row in enumerate(rows):
    for x in range(0, stride, channels):
        px = row[x:x + channels]
        colours.add(px)
        if sum(px[:3] if channels >= 3 else px[:1] * 3) < 3 * 96:
            dark += 1
        # Below the header bar, the text is grey on white: coloured pixels
        # there are the highlights of the seeded annotations.
        if y >= 60 and channels >= 3 and max(px[:3]) - min(px[:3]) >= 30:
            tinted += 1
print(f"test-local:   {path}: {width}x{height}, {len(colours)} colours, "
      f"{100 * dark / (width * height):.1f}% dark pixels, {tinted} highlight pixels")
frame = want_w - width
if frame != want_h - height or not 0 <= frame <= 16:
    raise SystemExit(f"{path}: {width}x{height} is not the {want_w}x{want_h} asked for "
                     "less an even frame")
if len(colours) < 16 or dark == 0:
    raise SystemExit(f"{path}: the picture is blank")
if tinted < 2000:
    raise SystemExit(f"{path}: no highlights on the text ({tinted} coloured pixels)")
EOF

# The metainfo says the app provides shulayim-cli too: it must run inside.
cli=$(flatpak run --user --command=shulayim-cli "$app_id" --version 2>&1) \
  || fail "shulayim-cli in the sandbox: $cli"
log "flatpak run --command=shulayim-cli $app_id --version: $cli"

if [ -n "${SHU_FLATPAK_LINT:-}" ]; then
  lint
fi

if [ "${SHU_KEEP_TMP:-0}" = 1 ]; then
  log "screenshot kept at $shot"
fi
log "PASSED in $(($(date +%s) - started)) s:" \
  "runtime, build, permissions, exports, screenshot, CLI"
