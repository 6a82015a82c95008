#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A new user's first minutes, on the real app with real key presses
(xdotool): an empty home and empty XDG folders, settings kept in a key file
there (as on a real account, across restarts), and the app started with no
argument, on the bundled essay, whose folder is not the user's to write.

1. Mark a word with the keyboard, save with Ctrl+S, quit with Ctrl+Q, start
   again: the annotation is there.
2. The same, saving through the "Save Changes?" question when quitting.
3. Resize the window, quit, start again, twice: it keeps its size.

What is checked is what the user gets and sees: the saved file (in the
user's own folder, made private), the annotations the restarted window holds
and the subtitle it shows (reported by the test program's script), the
window's size on the screen. Prints TAP."""
import json
import os
import stat
import subprocess
import sys
import time

import shu_app_test

# The installed program, driven by key presses, and the test program (the
# same app with the test script hook, tests/harness) for the scripted starts.
APP, TEST_APP = sys.argv[1], sys.argv[2]
# Further arguments pick tests by name, as -p does for GLib's tests.
ONLY = sys.argv[3:]


Failure = shu_app_test.Failure


def fresh_env(home):
    env = shu_app_test.fresh_env(home)
    # Settings live in the account, as on a real one: a key file in the
    # config folder, read again by the next start.
    env["GSETTINGS_BACKEND"] = "keyfile"
    for name in ("SHU_DATADIR", "SHU_TEST_SCRIPT"):
        env.pop(name, None)
    return env


def key(env, *keys):
    for k in keys:
        subprocess.run(["xdotool", "key", "--clearmodifiers", k], env=env, check=True)
        time.sleep(0.6)


def start(env, script=None):
    """Starts the app with no argument; returns it and its window's id."""
    run_env = dict(env)
    if script is not None:
        path = os.path.join(env["HOME"], "script.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(script)
        run_env["SHU_TEST_SCRIPT"] = path
    program = APP if script is None else TEST_APP
    app = subprocess.Popen([program], env=run_env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
    if script is not None:
        return app, None
    found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                            "essay.he.txt"], env=env, capture_output=True, text=True,
                           timeout=60)
    ids = found.stdout.split()
    if not ids:
        stop(app)
        raise Failure("the window did not appear")
    subprocess.run(["xdotool", "windowfocus", "--sync", ids[0]], env=env)
    # The window maps before its text is laid out; a loaded machine needs a
    # moment more.
    time.sleep(3)
    return app, ids[0]


def stop(app, timeout=10):
    """Waits for the app to end (killing it if it does not); its output."""
    try:
        return app.communicate(timeout=timeout)[0].decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        app.kill()
        return app.communicate()[0].decode("utf-8", "replace") + "\n(killed)"


def mark_a_word(env):
    # The text has the focus at start. Hebrew reads right to left, so
    # Ctrl+Left moves forward a word: skip "חמאין", select "ספק".
    key(env, "ctrl+Left", "shift+ctrl+Left")
    # Enter opens the annotate popover; 1 picks the first label and moves to
    # the comment; Ctrl+Enter adds.
    key(env, "Return")
    time.sleep(1.5)
    key(env, "1", "ctrl+Return")


def wait_for(path, seconds=20):
    deadline = time.time() + seconds
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.2)
    return os.path.exists(path)


def check_saved(env, sidecar):
    folder = os.path.dirname(sidecar)
    if not os.path.exists(sidecar):
        raise Failure(f"nothing was saved in {folder}: "
                      f"{sorted(os.listdir(env['XDG_DATA_HOME']))!r}")
    mode = stat.S_IMODE(os.stat(folder).st_mode)
    if mode != 0o700:
        raise Failure(f"the user's folder {folder} was made with mode {mode:o}, not 700")
    with open(sidecar, encoding="utf-8") as f:
        items = json.load(f)["first"]["items"]
    quotes = [s["exact"] for item in items for s in item["target"]["selector"]
              if s["type"] == "TextQuoteSelector"]
    print(f"# saved: {quotes!r}")
    if quotes != ["ספק"]:
        raise Failure(f"the saved quotes are {quotes!r}, not the word marked")


def check_restart_shows_it(env):
    """Starts again: the window must hold the annotation and say where it is."""
    app, _ = start(env, "annotations\ntitle\nquit\n")
    output = stop(app, 60)
    print("# restart: " + output.strip().replace("\n", "\n# "))
    if "annotations 1\n" not in output:
        raise Failure("after a restart the window does not show the annotation")
    if "subtitle Annotations kept in your Shulayim folder\n" not in output:
        raise Failure("the subtitle does not say the annotations are in the user's folder")


def session(env, actions):
    """Starts the app, does what actions(app, window) does, and makes sure
    the app has ended; returns what actions returned."""
    app, window = start(env)
    try:
        return actions(app, window)
    finally:
        deadline = time.time() + 5
        while app.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        if app.poll() is None:
            app.terminate()
        output = stop(app)
        if output.strip():
            print("# app output: " + output.strip().replace("\n", "\n# "))


def ctrl_s_then_restart(home):
    env = fresh_env(home)
    sidecar = os.path.join(env["XDG_DATA_HOME"], "shulayim", "essay.he.txt.annotations.json")

    def actions(app, window):
        mark_a_word(env)
        key(env, "ctrl+s")
        saved = wait_for(sidecar)
        key(env, "ctrl+q")
        # A failed save leaves work unsaved, and quitting asks about it.
        if not saved:
            key(env, "Escape")

    session(env, actions)
    check_saved(env, sidecar)
    check_restart_shows_it(env)


def save_on_close_then_restart(home):
    env = fresh_env(home)
    sidecar = os.path.join(env["XDG_DATA_HOME"], "shulayim", "essay.he.txt.annotations.json")

    def actions(app, window):
        mark_a_word(env)
        key(env, "ctrl+q")
        time.sleep(1)
        # "Save Changes?": Save is the default answer, Enter chooses it; the
        # window closes once the file is written.
        key(env, "Return")
        wait_for(sidecar)
        deadline = time.time() + 20
        while app.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        return app.poll() is not None

    closed = session(env, actions)
    check_saved(env, sidecar)
    if not closed:
        raise Failure("the window did not close after saving")
    check_restart_shows_it(env)


def geometry(env, window):
    out = subprocess.run(["xdotool", "getwindowgeometry", window], env=env,
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if "Geometry:" in line:
            return line.split("Geometry:")[1].strip()
    raise Failure(f"no geometry in {out!r}")


def window_keeps_its_size(home):
    env = fresh_env(home)

    def resize(app, window):
        subprocess.run(["xdotool", "windowsize", "--sync", window, "900", "650"], env=env)
        time.sleep(1.5)
        size = geometry(env, window)
        print(f"# resized to {size}")
        key(env, "ctrl+q")
        return size

    def measure(app, window):
        size = geometry(env, window)
        key(env, "ctrl+q")
        return size

    size = session(env, resize)
    for restart in (1, 2):
        again = session(env, measure)
        print(f"# restart {restart}: {again}")
        if again != size:
            raise Failure(f"restart {restart}: the window is {again}, it was {size}")


TESTS = {
    "/fresh-account/ctrl-s-then-restart": ctrl_s_then_restart,
    "/fresh-account/save-on-close-then-restart": save_on_close_then_restart,
    "/fresh-account/window-keeps-its-size": window_keeps_its_size,
}
shu_app_test.run_tap(TESTS, ONLY, "shu-fresh-", (Failure,))
