#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""D-Bus activation, as GNOME Shell launches the app (DBusActivatable=true in
the desktop file): on a session bus of its own whose service folder holds the
built D-Bus service file, a call to the app's name starts it in service mode,
the window a user gets appears, and the app quits when asked over the bus.
The other tests run the app without any session bus, as from a terminal.

    test-dbus-activation.py APP SERVICE_FILE DESKTOP_FILE

Prints TAP."""
import configparser
import os
import subprocess
import sys
import tempfile
import time

import shu_app_test

APP, SERVICE, DESKTOP = sys.argv[1:4]
APP_ID = "io.github.shulayim.Shulayim"
OBJECT_PATH = "/" + APP_ID.replace(".", "/")


def fail(message):
    print(f"not ok 1 /dbus/activation # {message}")
    sys.exit(1)


def read_entry(path, group):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser[group]


def gdbus(env, path, method, *args, timeout=60):
    return subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID,
                           "--object-path", path, "--method", method, *args],
                          env=env, capture_output=True, text=True, timeout=timeout)


print("1..1")
if not os.environ.get("DISPLAY"):
    fail("no display: run under xvfb-run (tools/run-tests.sh does)")

desktop = read_entry(DESKTOP, "Desktop Entry")
if os.path.basename(DESKTOP) != APP_ID + ".desktop":
    fail(f"the desktop file is {os.path.basename(DESKTOP)}, not named after the bus name")
if desktop.get("DBusActivatable") != "true":
    fail("the desktop file does not say DBusActivatable=true")
service = read_entry(SERVICE, "D-BUS Service")
if service.get("Name") != APP_ID:
    fail(f"the service file is for {service.get('Name')}")
exec_line = service.get("Exec", "")
if not exec_line.endswith("/shulayim --gapplication-service"):
    fail(f"the service file runs {exec_line!r}")

with tempfile.TemporaryDirectory(prefix="shu-dbus-") as home:
    env = shu_app_test.fresh_env(home)
    # The installed file, run from the build folder instead.
    services = os.path.join(home, "services")
    os.makedirs(services)
    with open(os.path.join(services, APP_ID + ".service"), "w", encoding="utf-8") as f:
        f.write(f"[D-BUS Service]\nName={APP_ID}\nExec={APP} --gapplication-service\n")
    config = os.path.join(home, "session.conf")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f"""<busconfig>
  <type>session</type>
  <listen>unix:dir={home}</listen>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""")
    # Activated services inherit the bus's environment: the display, the
    # schema and catalogs of the build folder, the fresh home.
    bus = subprocess.Popen(["dbus-daemon", "--nofork", "--print-address",
                            f"--config-file={config}"], env=env,
                           stdout=subprocess.PIPE, text=True)
    try:
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()

        run = gdbus(env, OBJECT_PATH, "org.freedesktop.Application.Activate", "{}")
        if run.returncode != 0:
            fail(f"activating {APP_ID} failed: {run.stderr.strip()}")

        # The window a user gets: the bundled essay, with the window's actions
        # exported on the bus.
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                                "essay.he.txt"], env=env, capture_output=True, text=True,
                               timeout=60)
        if not found.stdout.split():
            fail("no window appeared")
        run = gdbus(env, OBJECT_PATH + "/window/1", "org.gtk.Actions.List")
        if "'sidebar-visible'" not in run.stdout:
            fail(f"the window's actions are not on the bus: {run.stdout} {run.stderr}")

        run = gdbus(env, OBJECT_PATH, "org.freedesktop.Application.ActivateAction",
                    "quit", "[]", "{}")
        if run.returncode != 0:
            fail(f"quit failed: {run.stderr.strip()}")
        for _ in range(100):
            owner = subprocess.run(["gdbus", "call", "--session", "--dest",
                                    "org.freedesktop.DBus", "--object-path",
                                    "/org/freedesktop/DBus", "--method",
                                    "org.freedesktop.DBus.NameHasOwner", APP_ID],
                                   env=env, capture_output=True, text=True, timeout=10)
            if "false" in owner.stdout:
                break
            time.sleep(0.1)
        else:
            fail("the app is still running after quit")
    finally:
        bus.terminate()
        bus.wait()

print("ok 1 /dbus/activation")
