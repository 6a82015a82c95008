#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file with translatable strings is missing from po/POTFILES,
or when POTFILES names a file that does not exist or has none."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = set()
for line in (root / "po" / "POTFILES").read_text(encoding="utf-8").splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)

c_marks = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*(?:"|[A-Za-z_]+\s*,\s*")')
xml_marks = re.compile(r'translatable="yes"|<_?summary>|<_?description>|<name>|<p>')
patterns = {".c": c_marks, ".ui": xml_marks}
found = set()
for folder in ("src", "ui"):
    for path in sorted((root / folder).rglob("*")):
        mark = patterns.get(path.suffix)
        if mark is not None and mark.search(path.read_text(encoding="utf-8")):
            found.add(path.relative_to(root).as_posix())
for path in sorted((root / "data").glob("*")):
    if path.name.endswith((".desktop.in", ".metainfo.xml.in", ".mime.xml.in", ".gschema.xml")):
        found.add(path.relative_to(root).as_posix())

status = 0
for name in sorted(found - listed):
    print(f"po/POTFILES: missing {name}, which has translatable strings")
    status = 1
for name in sorted(listed - found):
    what = "does not exist" if not (root / name).exists() else "has no translatable strings"
    print(f"po/POTFILES: lists {name}, which {what}")
    status = 1
print(f"{len(found)} files with translatable strings, {len(listed)} listed")
sys.exit(status)
