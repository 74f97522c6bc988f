#!/usr/bin/env python3
"""examples/dask/audit.py on a Dask LocalCluster (2 worker processes, 5
shards) against one `folcheck audit` of the same file: the results line
for line and the summary (apart from run provenance, timings and query
counts).  Runs with Debian's /usr/bin/python3 and python3-distributed.
Environment: FOLCHECK (the binary), FOLCHECK_SOURCE (the repository).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("FOLCHECK_SOURCE", os.path.dirname(HERE))
BINARY = os.path.abspath(os.environ.get("FOLCHECK",
                                        os.path.join(SOURCE, "build",
                                                     "folcheck")))
EFFORT = ("solver_us", "check_us", "wall_us", "total_us", "queries",
          "runs", "stats")


def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items() if k not in EFFORT}
    if isinstance(o, list):
        return [clean(v) for v in o]
    return o


def main():
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        print(f"SKIP: python3-distributed is not installed ({e})")
        return 77
    work = tempfile.mkdtemp(prefix="folcheck-dask-test-")
    failures = []
    try:
        data = os.path.join(work, "traces.jsonl")
        gen = subprocess.run([sys.executable, os.path.join(
            SOURCE, "benchmarks", "audit", "gen.py"), "400", "--seed", "13"],
            capture_output=True, text=True, check=True).stdout.splitlines()
        with open(data, "w") as f:
            f.write("\n".join(gen[:100] + ["[1, 2]", ""] + gen[100:]) + "\n")
        single = subprocess.run([BINARY, "audit", "--summary",
                                 os.path.join(work, "single.json"), data],
                                capture_output=True, check=True).stdout
        out = os.path.join(work, "out")
        p = subprocess.run([sys.executable, os.path.join(
            SOURCE, "examples", "dask", "audit.py"), data, out, "--shards",
            "5", "--workers", "2", "--folcheck", BINARY],
            capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            failures.append(f"the Dask audit failed: {p.stderr[-2000:]}")
        else:
            want = [clean(json.loads(l)) for l in single.decode().splitlines()]
            with open(os.path.join(out, "results.jsonl")) as f:
                got = [clean(json.loads(l)) for l in f]
            if len(got) != 401 or got != want:
                first = next((i for i, (a, b) in enumerate(zip(got, want))
                              if a != b), None)
                failures.append(f"results differ: {len(got)} lines vs "
                                f"{len(want)}, first difference at {first}")
            with open(os.path.join(out, "summary.json")) as f:
                s = json.load(f)
            with open(os.path.join(work, "single.json")) as f:
                w = json.load(f)
            if clean(s) != clean(w):
                failures.append("the merged summary differs from the single "
                                "run's")
            if len(s.get("runs", [])) != 5:
                failures.append(f"{len(s.get('runs', []))} runs in the "
                                f"merged summary, not 5")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print(f"{3 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
