# SPDX-License-Identifier: GPL-3.0-or-later
"""A fresh account for the tests that run the real app: the environment of
this process with HOME and the four XDG folders made empty below @home."""
import os


def fresh_env(home):
    env = dict(os.environ)
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        os.makedirs(os.path.join(home, sub))
        env[name] = os.path.join(home, sub)
    env["HOME"] = home
    return env
