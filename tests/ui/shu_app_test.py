# SPDX-License-Identifier: GPL-3.0-or-later
"""What the tests that run the real app share: a fresh account (HOME and
the four XDG folders made empty), the display and xdotool they need, and
the TAP runner of their scenarios."""
import os
import shutil
import sys
import tempfile


class Failure(Exception):
    pass


def fresh_env(home):
    """The environment of this process with HOME and the XDG folders made
    empty below @home."""
    env = dict(os.environ)
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        os.makedirs(os.path.join(home, sub))
        env[name] = os.path.join(home, sub)
    env["HOME"] = home
    return env


def run_tap(tests, only, prefix, failures=(Failure,)):
    """Runs @tests (name -> function of a fresh temporary folder) as TAP,
    those named in @only when it is not empty, and exits: 1 when any
    failed. Needs a display and xdotool."""
    if shutil.which("xdotool") is None:
        print("Bail out! xdotool is missing: tools/install-deps.sh installs it")
        sys.exit(1)
    if not os.environ.get("DISPLAY"):
        print("Bail out! no display: run under xvfb-run (tools/run-tests.sh does)")
        sys.exit(1)
    failed = 0
    print(f"1..{len(tests)}")
    for number, (name, test) in enumerate(tests.items(), 1):
        if only and name not in only:
            print(f"ok {number} {name} # SKIP not asked for")
            continue
        with tempfile.TemporaryDirectory(prefix=prefix) as home:
            try:
                test(home)
                print(f"ok {number} {name}")
            except failures as failure:
                failed += 1
                print(f"not ok {number} {name} # {failure}")
    sys.exit(1 if failed else 0)
