#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the sidecars' MIME type as the desktop will read it: the merged
definition is accepted by update-mime-database, a sidecar's name gets the
type (and a plain .json file does not), it is a kind of JSON, and its
description is translated into Hebrew.

    check-mime.py MERGED_XML UPDATE_MIME_DATABASE"""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TYPE = "application/x-shulayim-annotations+json"
NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"

merged, update = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    packages = os.path.join(tmp, "packages")
    os.makedirs(packages)
    shutil.copy(merged, packages)
    result = subprocess.run([update, "-V", tmp], capture_output=True, text=True)
    if result.returncode != 0 or "error" in result.stderr.lower():
        sys.exit(f"update-mime-database refused it: {result.stderr}")

    globs = {}
    with open(os.path.join(tmp, "globs2"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                weight, mime, pattern = line.rstrip("\n").split(":")[:3]
                globs[pattern] = mime
    if globs.get("*.annotations.json") != TYPE:
        sys.exit(f"*.annotations.json is not {TYPE}: {globs}")

    with open(os.path.join(tmp, "subclasses"), encoding="utf-8") as f:
        parents = {line.split()[1] for line in f if line.startswith(TYPE + " ")}
    if "application/json" not in parents:
        sys.exit(f"{TYPE} is not a kind of application/json: {parents}")

    root = ET.parse(os.path.join(tmp, "application", TYPE.split("/")[1] + ".xml")).getroot()
    comments = {c.get(LANG): c.text for c in root.iter(NS + "comment")}
    if comments.get(None) != "Shulayim annotations" or not comments.get("he"):
        sys.exit(f"the description is not there in English and Hebrew: {comments}")
print("ok")
