#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a translation has errors, or lacks a message of the current
sources: each catalog named on the command line must translate every message
xgettext finds in the files of po/POTFILES, with none left fuzzy. Also fails
when a plural message counts more than one thing: one plural form cannot agree
with two numbers in every language, so each count is pluralised on its own.

    check-translations.py SOURCE_ROOT LANG...
"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

# The extraction of meson's i18n.gettext(preset: 'glib'), which writes
# po/shulayim.pot: the same keywords, so the same messages.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_set_error:4:c-format", "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
]


def tool(name):
    path = shutil.which(name)
    if path is None:
        print(f"{name} not found: install gettext (tools/install-deps.sh)")
        sys.exit(1)
    return path


# A number in a format string: %u, %d, %2$u, %lu…
NUMBER = re.compile(r"%(?:\d+\$)?[-+ #0-9.]*(?:hh|h|ll|l|z)?[diu]")


def plural_messages(pot):
    """The msgids of the plural messages of @pot, their lines joined."""
    messages, current, field = [], None, None
    for line in pot.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, field = [line[6:]], "msgid"
        elif line.startswith("msgid_plural "):
            messages.append(current)
            field = "plural"
        elif line.startswith('"') and field == "msgid":
            current.append(line)
        else:
            field = None if not line.startswith('"') else field
    return ["".join(part.strip('"') for part in parts) for parts in messages]


def main():
    root = pathlib.Path(sys.argv[1])
    langs = sys.argv[2:]
    status = 0

    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / "current.pot"
        run = subprocess.run(
            [tool("xgettext"), *XGETTEXT_ARGS, "--package-name=shulayim",
             "--files-from=po/POTFILES", "--output", str(pot)],
            cwd=root, capture_output=True, text=True)
        if run.returncode != 0:
            print("xgettext failed:\n" + run.stderr)
            return 1

        for msgid in plural_messages(pot):
            # A place in a count ("3 of 7"): the plural follows the count.
            if msgid == "%u of %u":
                continue
            if len(NUMBER.findall(msgid)) > 1:
                print(f"one plural for several numbers (give each its own): {msgid}")
                status = 1

        for lang in langs:
            po = root / "po" / f"{lang}.po"
            if not po.exists():
                print(f"{po}: missing")
                status = 1
                continue

            # Errors: bad syntax, format directives that do not match the
            # English, a broken header or plural formula.
            run = subprocess.run(
                [tool("msgfmt"), "--check", "--statistics", "-o", "/dev/null", str(po)],
                capture_output=True, text=True, env={"LC_ALL": "C", "PATH": ""})
            print(f"{lang}: {run.stderr.strip()}")
            if run.returncode != 0:
                status = 1
            elif re.search(r"\b(fuzzy|untranslated)\b", run.stderr):
                print(f"{po}: has fuzzy or untranslated messages")
                status = 1

            # Messages of the sources that the catalog does not translate
            # (msgcmp counts fuzzy and empty entries as missing).
            run = subprocess.run([tool("msgcmp"), str(po), str(pot)],
                                 capture_output=True, text=True, env={"LC_ALL": "C", "PATH": ""})
            if run.returncode != 0:
                print(f"{po}: does not translate every message of the sources "
                      "(regenerate po/shulayim.pot, run msgmerge --update, translate):")
                print(run.stderr)
                status = 1

    return status


if __name__ == "__main__":
    sys.exit(main())
