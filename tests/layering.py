#!/usr/bin/env python3
"""The layering of src/: includes run one way, down the stages of
src/STAGES, with no circles between modules.

Reads every `#include "..."` of src/ and grammar/ (grammar belongs to the
lang stage) and fails when
- a folder of src/ is not a stage of src/STAGES;
- a file includes a file of a later stage;
- a file outside a stage includes a header that the stage keeps private;
- two or more modules (a .c with its .h) include each other around a
  circle;
- a file outside src/solver includes <z3.h>;
- README's Layout table does not match the tree: each stage has a row
  that names every .c file of its folder, and names no file that is not
  there.

Usage: layering.py [ROOT]   (ROOT defaults to FOLCHECK_SOURCE or ..)
       layering.py --self-test [ROOT]
Exit 0 when the layering holds; 1 with one line per violation.  The
self-test copies the tree, plants a circle, an include up the stages, a
private header seen from outside and <z3.h> outside the solver, and passes
when each of them is caught.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def read_stages(root):
    stages, public = [], {}
    with open(os.path.join(root, "src", "STAGES"), encoding="utf-8") as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            stages.append(words[0])
            if len(words) > 1:
                public[words[0]] = set(words[1:])
    return stages, public


def sources(root):
    """(path relative to root, stage folder) of every file to read."""
    out = []
    for top, stage_of in (("src", None), ("grammar", "lang")):
        base = os.path.join(root, top)
        for dirpath, _, files in os.walk(base):
            for name in sorted(files):
                if not name.endswith((".c", ".h", ".l", ".y")):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                parts = rel.split(os.sep)
                stage = stage_of or (parts[1] if len(parts) > 2 else None)
                out.append((rel, stage))
    return out


def module(path):
    return os.path.splitext(path)[0]


def resolve(root, inc):
    """The file an include names: src/<inc>, or include/<inc>."""
    for base in ("src", "include"):
        p = os.path.join(base, inc)
        if os.path.exists(os.path.join(root, p)):
            return p
    return None


def check(root):
    stages, public = read_stages(root)
    rank = {s: i for i, s in enumerate(stages)}
    problems = []
    graph = {}
    for rel, stage in sources(root):
        if stage is None:
            problems.append(f"{rel}: a file of src/ outside any stage folder")
            continue
        if stage not in rank:
            problems.append(f"{rel}: folder src/{stage} is not in src/STAGES")
            continue
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            text = f.read()
        for kind, inc in INCLUDE.findall(text):
            if kind == "<":
                if inc == "z3.h" and stage != "solver":
                    problems.append(f"{rel}: includes <z3.h> outside "
                                    "src/solver")
                continue
            target = resolve(root, inc)
            if target is None or not target.startswith("src" + os.sep):
                continue  # the public header, or a generated file
            tstage = target.split(os.sep)[1]
            if tstage not in rank:
                continue
            if rank[tstage] > rank[stage]:
                problems.append(f"{rel}: includes {inc}, of stage "
                                f"{tstage}, above its own stage {stage}")
            if (tstage != stage and tstage in public and
                    os.path.basename(target) not in public[tstage]):
                problems.append(f"{rel}: includes {inc}, private to "
                                f"src/{tstage}")
            a, b = module(rel), module(target)
            if a != b:
                graph.setdefault(a, set()).add(b)
    problems += [f"include circle: {' -> '.join(c)}" for c in circles(graph)]
    problems += readme_layout(root, stages)
    return problems


def readme_layout(root, stages):
    """Mismatches between README's Layout table and src/."""
    problems = []
    path = os.path.join(root, "README.md")
    if not os.path.exists(path):
        return problems
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.find("## Layout")
    if start < 0:
        return ["README.md: no Layout section"]
    end = text.find("\n## ", start + 1)
    rows = {}
    for line in text[start:end if end > 0 else None].splitlines():
        m = re.match(r"\|\s*`src/(\w+)/`\s*\|(.*)\|\s*$", line)
        if m:
            rows[m.group(1)] = set(re.findall(r"`(\w+\.c)`", m.group(2)))
    for stage in stages:
        folder = os.path.join(root, "src", stage)
        have = {n for n in os.listdir(folder) if n.endswith(".c")} \
            if os.path.isdir(folder) else set()
        if stage not in rows:
            problems.append(f"README.md: Layout has no row for src/{stage}/")
            continue
        for n in sorted(have - rows[stage]):
            problems.append(f"README.md: Layout row src/{stage}/ does not "
                            f"name {n}")
        for n in sorted(rows[stage] - have):
            problems.append(f"README.md: Layout row src/{stage}/ names {n}, "
                            "which is not there")
    return problems


def circles(graph):
    """One circle per strongly connected component of more than one module
    (Tarjan), each as a path that returns to its start."""
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    out = []
    for comp in comps:
        members = set(comp)
        path = [comp[0]]
        while True:  # walk inside the component until a module repeats
            nxt = sorted(w for w in graph[path[-1]] if w in members)[0]
            if nxt in path:
                out.append(path[path.index(nxt):] + [nxt])
                break
            path.append(nxt)
    return out


def plant(root, rel, line):
    """Adds an include line after the first line of a file."""
    path = os.path.join(root, rel)
    with open(path, encoding="utf-8") as f:
        head, rest = f.read().split("\n", 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + "\n" + line + "\n" + rest)


def self_test(root):
    import shutil
    import tempfile
    plants = [
        ("src/util/diag.c", '#include "lang/ast.h"', "above its own stage"),
        ("src/lang/ast.c", '#include "solver/session.h"', "above its own"),
        ("src/classify/classify.c", '#include "solver/z3bridge.h"',
         "private to src/solver"),
        ("src/report/report.c", "#include <z3.h>", "<z3.h> outside"),
        ("src/util/util.h", '#include "util/diag.h"', "include circle"),
    ]
    failures = 0
    for rel, line, expect in plants:
        with tempfile.TemporaryDirectory() as tmp:
            for top in ("src", "include", "grammar"):
                shutil.copytree(os.path.join(root, top),
                                os.path.join(tmp, top))
            before = check(tmp)
            plant(tmp, rel, line)
            found = [p for p in check(tmp) if p not in before]
            ok = any(expect in p for p in found)
            print(f"{'ok' if ok else 'MISSED'}: {line} in {rel}: "
                  f"{found if found else 'nothing found'}")
            failures += not ok
    print(f"{len(plants) - failures} passed, {failures} failed")
    return 1 if failures else 0


def main():
    args = sys.argv[1:]
    selftest = args[:1] == ["--self-test"]
    if selftest:
        args = args[1:]
    root = (args[0] if args else
            os.environ.get("FOLCHECK_SOURCE",
                           os.path.join(os.path.dirname(__file__), "..")))
    if selftest:
        return self_test(root)
    problems = check(root)
    for p in problems:
        print(p)
    print(f"layering: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
