#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the sources' include graph has no loop between types.

Usage: check-includes.py SOURCE_ROOT [--graph] [--allow A,B,...]...

Reads the quoted includes ("shu-x.h") of every .c and .h under src/
(the model, the app and the CLI) and builds a graph whose nodes are
types, not files: a type's own files count as one node. shu-foo.c and
shu-foo.h are the type "foo"; where a private header shu-foo-private.h
exists, shu-foo-*.c and shu-foo-*.h belong to "foo" as well (as
shu-window.c, shu-window-actions.c, ... with shu-window-private.h).
Includes that name no file under src/ (config.h, generated headers) are
left out.

Prints the strongly connected components with more than one type (each
one a dependency loop, with the includes that make it) and fails on any.
A loop known and not fixed yet can be allowed with --allow, naming all
its types; an allowed loop that no longer exists also fails, so the
allowance is removed once the loop is broken. --graph prints the whole
graph first.
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def collect(src):
    files = {}
    for folder, _dirs, names in os.walk(src):
        for name in names:
            if name.endswith(('.c', '.h')):
                if name in files:
                    sys.exit(f'two files named {name}: the graph needs unique names')
                files[name] = os.path.join(folder, name)
    return files


def stem(name):
    base = os.path.splitext(name)[0]
    return base[len('shu-'):] if base.startswith('shu-') else base


def node_of(name, families):
    s = stem(name)
    if s.endswith('-private'):
        return s[:-len('-private')]
    # The longest family the name belongs to.
    best = None
    for family in families:
        if s == family or s.startswith(family + '-'):
            if best is None or len(family) > len(best):
                best = family
    return best if best is not None else s


def build(src):
    files = collect(src)
    families = {stem(n)[:-len('-private')] for n in files
                if stem(n).endswith('-private')}
    edges = {}   # node -> {node: [(file, header)]}
    nodes = set()
    for name, path in sorted(files.items()):
        here = node_of(name, families)
        nodes.add(here)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for header in INCLUDE.findall(text):
            header = os.path.basename(header)
            if header not in files:
                continue
            there = node_of(header, families)
            if there != here:
                edges.setdefault(here, {}).setdefault(there, []).append((name, header))
    return nodes, edges


def components(nodes, edges):
    """Tarjan's strongly connected components, iteratively."""
    index = {}
    low = {}
    on_stack = set()
    stack = []
    result = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, {}))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, {})))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def main(argv):
    args = argv[1:]
    show_graph = False
    allowed = []
    root = None
    while args:
        arg = args.pop(0)
        if arg == '--graph':
            show_graph = True
        elif arg == '--allow':
            allowed.append(frozenset(args.pop(0).split(',')))
        elif root is None:
            root = arg
        else:
            sys.exit(__doc__)
    if root is None:
        sys.exit(__doc__)

    nodes, edges = build(os.path.join(root, 'src'))
    if show_graph:
        for node in sorted(nodes):
            print(f'{node} -> {", ".join(sorted(edges.get(node, {}))) or "-"}')
        print()

    loops = [c for c in components(nodes, edges) if len(c) > 1]
    failed = False
    for loop in sorted(loops):
        members = set(loop)
        known = frozenset(loop) in allowed
        print(f'{"allowed " if known else ""}loop of {len(loop)} types: {", ".join(loop)}')
        for node in loop:
            for there, why in sorted(edges.get(node, {}).items()):
                if there in members:
                    for name, header in why:
                        print(f'  {name} includes {header}')
        if not known:
            failed = True
    present = {frozenset(c) for c in loops}
    for allowance in allowed:
        if allowance not in present:
            print(f'allowed loop {", ".join(sorted(allowance))} is gone: remove its --allow')
            failed = True
    print(f'{len(nodes)} types, {len(loops)} loops')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
