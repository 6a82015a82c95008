#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The installed program carries no test or benchmark hooks: they live in
the uninstalled test program (tests/harness/shulayim-test), which runs the
same application with them attached. Reads both executables as bytes, so
symbol names (unless stripped) and the strings of the code both count, as
`nm` and `strings` would show them; the test program must have every
marker, or the check would not see them in the product either.

    check-no-test-hooks.py PRODUCT TEST_PROGRAM

Prints TAP."""
import sys

# What each hook leaves in a binary: the environment variables that switch
# them on, their output and their functions' names.
MARKERS = [
    b"SHU_TEST_SCRIPT",
    b"shu_test_script_run",
    b"SHU_BENCH",
    b"SHU-BENCH",
    b"shu_bench_hooks_attach",
    # Their source files, named in the debugging information.
    b"shu-test-script",
    b"shu-bench-hooks",
]


def markers_in(path):
    with open(path, "rb") as f:
        data = f.read()
    return [m.decode() for m in MARKERS if m in data]


def main():
    product, test_program = sys.argv[1], sys.argv[2]
    print("1..2")
    missing = [m.decode() for m in MARKERS if m.decode() not in markers_in(test_program)]
    if missing:
        print(f"not ok 1 - the test program has the hooks: no {', '.join(missing)} "
              f"in {test_program}")
    else:
        print("ok 1 - the test program has the hooks")
    found = markers_in(product)
    if found:
        print(f"not ok 2 - the installed program has no test hooks: {product} "
              f"has {', '.join(found)}")
    else:
        print("ok 2 - the installed program has no test hooks")
    return 1 if missing or found else 0


if __name__ == "__main__":
    sys.exit(main())
