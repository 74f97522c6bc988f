#!/usr/bin/env python3
"""scripts/slurm-audit on a real Slurm: a one-node cluster started here
(tests/slurm_cluster.py), a file audited as a job array of 3 tasks with a
dependent merge, compared with one `folcheck audit` of the same file: the
results line for line and the summary (apart from run provenance and
timings and query counts).  Then a shard is lost and run again alone (rerun), and the
output is the same; merging with a shard missing names it.

Skipped (exit 77) only where the cluster cannot start, with the reason.
Environment: FOLCHECK (the binary), FOLCHECK_SOURCE (the repository).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from slurm_cluster import Cluster, ClusterError  # noqa: E402

SOURCE = os.environ.get("FOLCHECK_SOURCE", os.path.dirname(HERE))
BINARY = os.path.abspath(os.environ.get("FOLCHECK",
                                        os.path.join(SOURCE, "build",
                                                     "folcheck")))
SCRIPT = os.path.join(SOURCE, "scripts", "slurm-audit")
# effort, not results: times, and the number of solver queries (which
# depends on what a worker's Z3 context saw before: a shard's worker sees
# other traces than the single run's)
TIMINGS = ("solver_us", "check_us", "wall_us", "total_us", "queries")
from fctest import Checks  # noqa: E402

checks = Checks(defer=True)
check = checks.check


def without_timing(o):
    if isinstance(o, dict):
        return {k: without_timing(v) for k, v in o.items()
                if k not in TIMINGS and k not in ("runs", "stats")}
    if isinstance(o, list):
        return [without_timing(v) for v in o]
    return o


def results(path):
    with open(path) as f:
        return [without_timing(json.loads(l)) for l in f]


def summary(path):
    with open(path) as f:
        return without_timing(json.load(f))


def main():
    why = Cluster.unavailable()
    if why:
        print(f"SKIP: no one-node Slurm cluster here: {why}")
        return 77
    work = tempfile.mkdtemp(prefix="folcheck-slurm-test-")
    os.chmod(work, 0o755)
    try:
        data = os.path.join(work, "traces.jsonl")
        gen = subprocess.run([sys.executable, os.path.join(
            SOURCE, "benchmarks", "audit", "gen.py"), "600", "--seed", "11"],
            capture_output=True, text=True, check=True).stdout.splitlines()
        # a record that cannot be read, and a blank line, in the middle
        lines = gen[:250] + ["{not json", ""] + gen[250:]
        with open(data, "w") as f:
            f.write("\n".join(lines) + "\n")
        single = os.path.join(work, "single")
        os.mkdir(single)
        subprocess.run([BINARY, "audit", "--jobs", "2", "--out",
                        os.path.join(single, "results.jsonl"), "--summary",
                        os.path.join(single, "summary.json"), data],
                       check=True)
        out = os.path.join(work, "out")
        try:
            cluster = Cluster(cpus=2).start()
        except ClusterError as e:
            print(f"SKIP: the one-node Slurm cluster did not start: {e}")
            return 77
        try:
            p = subprocess.run([SCRIPT, "submit", data, out, "--tasks", "3",
                                "--folcheck", BINARY], env=cluster.env,
                               capture_output=True, text=True)
            check(p.returncode == 0, f"submit: {p.stdout} {p.stderr}")
            check(cluster.wait_jobs(600), "the jobs did not finish in 600 s")
            for i in range(3):
                check(os.path.exists(os.path.join(out, f"shard-{i}.jsonl")),
                      f"shard {i} has no results: " +
                      open(os.path.join(out, f"task-{i}.log")).read()
                      if os.path.exists(os.path.join(out, f"task-{i}.log"))
                      else f"shard {i}: no log")
            merged = os.path.join(out, "results.jsonl")
            if check(os.path.exists(merged), "no merged results: " + (
                    open(os.path.join(out, "merge.log")).read()
                    if os.path.exists(os.path.join(out, "merge.log"))
                    else cluster.diagnose())):
                want = results(os.path.join(single, "results.jsonl"))
                got = results(merged)
                check(len(got) == len(want) == 601,
                      f"{len(got)} merged results, {len(want)} single, "
                      f"601 records")
                first = next((i for i, (a, b) in enumerate(zip(got, want))
                              if a != b), None)
                check(got == want, f"merged results differ from the single "
                                   f"run's at line {first}")
                check(summary(os.path.join(out, "summary.json")) ==
                      summary(os.path.join(single, "summary.json")),
                      "the merged summary differs from the single run's")
                with open(os.path.join(out, "summary.json")) as f:
                    runs = json.load(f).get("runs", [])
                check(len(runs) == 3, f"the merged summary lists {len(runs)} "
                                      f"runs, not 3")
            # a lost shard: merging names it; rerun alone restores it
            before = open(merged).read() if os.path.exists(merged) else ""
            os.unlink(os.path.join(out, "shard-1.jsonl"))
            os.unlink(os.path.join(out, "summary.json"))
            p = subprocess.run([SCRIPT, "merge", out], capture_output=True,
                               text=True)
            check(p.returncode == 2 and "shards not done: 1" in p.stderr,
                  f"merge with a shard missing: {p.returncode} {p.stderr}")
            p = subprocess.run([SCRIPT, "rerun", out, "1"], env=cluster.env,
                               capture_output=True, text=True)
            check(p.returncode == 0, f"rerun: {p.stdout} {p.stderr}")
            check(cluster.wait_jobs(600), "the rerun did not finish")
            after = open(merged).read() if os.path.exists(merged) else ""
            check(os.path.exists(os.path.join(out, "summary.json")),
                  "no summary after the rerun")
            check([without_timing(json.loads(l)) for l in after.splitlines()]
                  == [without_timing(json.loads(l))
                      for l in before.splitlines()],
                  "the results after rerunning shard 1 differ")
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
