#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole annotate flow with the keyboard only, on the real app: real key
presses through the X server (xdotool), no actions called from inside.
Opens a copy of the essay, selects two words, annotates with a label digit
and a comment, saves with Ctrl+S, and checks the saved sidecar as a user
would: the quote, the label and the comment. Prints TAP."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import shu_app_test

APP, ESSAY = sys.argv[1], sys.argv[2]
print("1..1")


def fail(message):
    print(f"not ok 1 /keyboard/annotate-save # {message}")
    sys.exit(1)


if shutil.which("xdotool") is None:
    fail("xdotool is missing: tools/install-deps.sh installs it")
if not os.environ.get("DISPLAY"):
    fail("no display: run under xvfb-run (tools/run-tests.sh does)")

with tempfile.TemporaryDirectory(prefix="shu-keyboard-") as home:
    env = shu_app_test.fresh_env(home)
    text = os.path.join(home, "essay.he.txt")
    shutil.copyfile(ESSAY, text)
    sidecar = text + ".annotations.json"

    app = subprocess.Popen([APP, "--window-size=1000x700", text], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        def key(*keys):
            for k in keys:
                subprocess.run(["xdotool", "key", "--clearmodifiers", k], env=env, check=True)
                time.sleep(0.6)

        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                                "essay.he.txt"], env=env, capture_output=True, text=True,
                               timeout=60)
        window = found.stdout.split()[0] if found.stdout.split() else None
        if window is None:
            fail("the window did not appear")
        subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env)
        # The window maps before its text is laid out; a loaded machine
        # needs a moment more.
        time.sleep(3)

        # The text has the focus at start. Hebrew reads right to left, so
        # Ctrl+Left moves forward a word: skip "חמאין ספק", select "היום כי".
        key("ctrl+Left", "ctrl+Left", "shift+ctrl+Left", "shift+ctrl+Left")
        # Enter opens the annotate popover; 2 picks the second label and moves
        # to the comment; Ctrl+Enter adds.
        key("Return")
        time.sleep(1.5)
        key("2")
        subprocess.run(["xdotool", "type", "--delay", "60", "keyboard only"], env=env,
                       check=True)
        key("ctrl+Return")
        time.sleep(0.5)
        key("ctrl+s")

        deadline = time.time() + 20
        while not os.path.exists(sidecar) and time.time() < deadline:
            time.sleep(0.2)
        if not os.path.exists(sidecar):
            fail("Ctrl+S wrote no sidecar")
        time.sleep(0.5)
    finally:
        app.terminate()
        try:
            output = app.communicate(timeout=10)[0].decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            app.kill()
            output = ""

    with open(sidecar, encoding="utf-8") as f:
        document = json.load(f)
    items = document["first"]["items"]
    if len(items) != 1:
        fail(f"expected one annotation, found {len(items)}")
    item = items[0]
    quotes = [s["exact"] for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector"]
    values = {b["purpose"]: b["value"] for b in item.get("body", [])}
    label_names = [label["name"] for label in document.get("labels", [])]
    print(f"# saved: quote {quotes!r}, bodies {values!r}")
    if quotes != ["היום כי"]:
        fail(f"the quote is {quotes!r}, not the two words selected")
    if len(label_names) < 2 or values.get("tagging") != label_names[1]:
        fail(f"the label is {values.get('tagging')!r}, not the second one ({label_names[1:2]})")
    if values.get("commenting") != "keyboard only":
        fail(f"the comment is {values.get('commenting')!r}")
    if output.strip():
        print("# app output: " + output.strip().replace("\n", "\n# "))

print("ok 1 /keyboard/annotate-save")
