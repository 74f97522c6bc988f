#!/usr/bin/env python3
"""The scheduler's overhead: the same file audited by `folcheck audit
--jobs 2` and by scripts/slurm-audit as a 2-task job array on a one-node
Slurm cluster (tests/slurm_cluster.py) with its dependent merge, wall time
from submission to the merged output.  Both outputs are checked equal
(apart from run provenance and effort).  The file comes from
benchmarks/audit/gen.py (default 100,000 traces).

    python3 benchmarks/cluster/run.py [--count 100000] [--no-readme]

Needs root, slurm-wlm and munge.  Writes its table between
<!-- cluster:begin --> and <!-- cluster:end --> in benchmarks/README.md.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests"))
sys.path.insert(0, os.path.join(REPO, "benchmarks"))
from slurm_cluster import Cluster  # noqa: E402
import machine  # noqa: E402

EFFORT = ("solver_us", "check_us", "wall_us", "total_us", "queries", "runs",
          "stats")


def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items() if k not in EFFORT}
    if isinstance(o, list):
        return [clean(v) for v in o]
    return o


def same_results(a, b):
    with open(a) as fa, open(b) as fb:
        for la, lb in zip(fa, fb):
            if clean(json.loads(la)) != clean(json.loads(lb)):
                return False
        return fa.read() == fb.read() == ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--folcheck", default=os.path.join(REPO, "build",
                                                       "folcheck"))
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args()
    binary = os.path.abspath(args.folcheck)
    why = Cluster.unavailable()
    if why:
        print(f"cannot run: {why}")
        return 2
    work = tempfile.mkdtemp(prefix="folcheck-cluster-bench-")
    os.chmod(work, 0o755)
    data = os.path.join(work, "traces.jsonl")
    with open(data, "w") as f:
        subprocess.run([sys.executable, os.path.join(REPO, "benchmarks",
                                                     "audit", "gen.py"),
                        str(args.count), "--seed", "1"], stdout=f, check=True)
    load0 = machine.loadavg()
    t0 = time.perf_counter()
    subprocess.run([binary, "audit", "--jobs", "2", "--out",
                    os.path.join(work, "single.jsonl"), "--summary",
                    os.path.join(work, "single.json"), data], check=True)
    single_s = time.perf_counter() - t0
    out = os.path.join(work, "out")
    with Cluster(cpus=2) as c:
        t0 = time.perf_counter()
        subprocess.run([os.path.join(REPO, "scripts", "slurm-audit"),
                        "submit", data, out, "--tasks", "2", "--folcheck",
                        binary], env=c.env, check=True,
                       stdout=subprocess.DEVNULL)
        ok = c.wait_jobs(7200)
        slurm_s = time.perf_counter() - t0
    tasks = []
    for i in range(2):
        with open(os.path.join(out, f"shard-{i}.summary.json")) as f:
            tasks.append(json.load(f)["timing"]["wall_us"] / 1e6)
    equal = ok and same_results(os.path.join(out, "results.jsonl"),
                                os.path.join(work, "single.jsonl"))
    with open(os.path.join(out, "summary.json")) as f:
        merged = clean(json.load(f))
    with open(os.path.join(work, "single.json")) as f:
        equal = equal and merged == clean(json.load(f))
    lines = [
        f"Command: `python3 benchmarks/cluster/run.py` "
        f"({time.strftime('%Y-%m-%d')}, {machine.cpu_model()}, 2 cores, "
        f"load {load0:.1f} at the start; a machine shared with other work). "
        f"{args.count:,} traces from `benchmarks/audit/gen.py --seed 1`.",
        "",
        "| run | wall | traces/s | output |",
        "|---|---|---|---|",
        f"| `folcheck audit --jobs 2` | {single_s:.1f} s | "
        f"{args.count / single_s:,.0f} | reference |",
        f"| `scripts/slurm-audit --tasks 2` (one node, 2 CPUs): submission "
        f"to merged output | {slurm_s:.1f} s | {args.count / slurm_s:,.0f} "
        f"| {'equal' if equal else 'DIFFERENT'} |",
        "",
        f"The two array tasks ran {tasks[0]:.1f} s and {tasks[1]:.1f} s "
        f"(`audit --jobs 1` each, one CPU each); the scheduler's overhead "
        f"(submission, scheduling, the dependent merge job and the "
        f"interleave of the results) is {slurm_s - max(tasks):.1f} s over "
        f"the longer task, and the whole array takes "
        f"{(slurm_s / single_s - 1) * 100:+.0f}% against one `audit --jobs "
        f"2`.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_readme:
        path = os.path.join(REPO, "benchmarks", "README.md")
        s = open(path, encoding="utf-8").read()
        block = f"<!-- cluster:begin -->\n{text}\n<!-- cluster:end -->"
        if "<!-- cluster:begin -->" in s:
            s = re.sub(r"<!-- cluster:begin -->.*?<!-- cluster:end -->",
                       lambda m: block, s, flags=re.S)
        else:
            s = s.rstrip("\n") + "\n\n## Past one machine: a Slurm job " \
                "array against one audit\n\n" + block + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(s)
    subprocess.run(["rm", "-rf", work])
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
