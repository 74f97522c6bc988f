#!/usr/bin/env python3
"""Benchmark of `folcheck audit`: memory and parallel throughput.

    python3 benchmarks/audit/run.py [--throughput-file 10k|100k] [--rounds 3]
                                    [--no-readme]

Builds nothing: the binary is $FOLCHECK, or build/folcheck in the repo.

1. Generates (deterministically, benchmarks/audit/gen.py) a 100,000-trace and
   a 10,000-trace JSON Lines file into benchmarks/work/: small ProntoQA-like
   rule chains and GSM8K-like arithmetic chains, ~20% with injected errors.
2. Memory: runs `folcheck audit FILE --out OUT --summary S` on each (default
   --jobs, i.e. every core) and takes the peak RSS of that very process from
   wait4(2) (ru_maxrss); a sampler also reads VmRSS from /proc while it runs,
   so growth over the run is visible.  Targets: the 100k peak < 100 MB and
   within 10% of the 10k peak.
3. Throughput (run first): --jobs 1 and --jobs 2 on the same (10k) file, `--rounds`
   rounds, interleaved so that drift in machine load hits both alike; the
   median wall time of each.  Target: jobs 2 >= 1.7x jobs 1.  As context
   (not a target) each round also runs the machine's ceiling for two-way
   parallelism: two independent `--jobs 1` processes at once, on
   --shard 0/2 and 1/2 of the same file.
4. Checks each run's output (one line per record, ids in input order,
   summary counts) so that a fast wrong run cannot pass.
5. Writes the results table into benchmarks/README.md between
   `<!-- audit:begin -->` and `<!-- audit:end -->` (only that block; the
   file is re-read just before writing), and raw numbers to
   benchmarks/work/audit-results.json.

Standard library only.  Exit status: 0 when every target passes, 1 when one
fails, 2 when the benchmark itself could not run.
"""

import argparse
import datetime
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "benchmarks", "work")
README = os.path.join(ROOT, "benchmarks", "README.md")
BEGIN, END = "<!-- audit:begin -->", "<!-- audit:end -->"

sys.path.insert(0, HERE)
import gen  # noqa: E402

sys.path.insert(0, os.path.dirname(HERE))
from machine import cpu_model, loadavg  # noqa: E402

RSS_LIMIT_MB = 100.0
RSS_GROWTH = 0.10
SPEEDUP = 1.7


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def nproc():
    try:
        return int(subprocess.run(["nproc"], capture_output=True, text=True).stdout)
    except (OSError, ValueError):
        return os.cpu_count() or 1


def ensure_file(count, seed=1):
    """benchmarks/work/audit-<count>.jsonl, regenerated unless its stamp
    says it was made by this generator with these parameters."""
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, f"audit-{count}.jsonl")
    stamp = path + ".stamp"
    with open(os.path.join(HERE, "gen.py"), "rb") as f:
        want = f"count={count} seed={seed} gen={hash_bytes(f.read())}"
    try:
        with open(stamp) as f:
            if f.read() == want and os.path.getsize(path) > 0:
                return path
    except OSError:
        pass
    t0 = time.monotonic()
    gen.write(path, count, seed)
    with open(stamp, "w") as f:
        f.write(want)
    log(f"generated {path} ({os.path.getsize(path) / 1e6:.1f} MB) in "
        f"{time.monotonic() - t0:.1f} s")
    return path


def hash_bytes(b):
    import hashlib
    return hashlib.sha256(b).hexdigest()[:16]


class Run:
    """One folcheck process: wall time, CPU time and peak RSS (wait4)."""

    def __init__(self, argv, sample=False):
        self.argv = argv
        self.sample = sample
        self.samples = []  # (seconds, VmRSS kB)

    def start(self):
        self.t0 = time.monotonic()
        self.load0 = loadavg()
        self.p = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
        self.err_chunks = []
        self._err = threading.Thread(target=self._drain, daemon=True)
        self._err.start()
        if self.sample:
            self._stop = threading.Event()
            self._s = threading.Thread(target=self._sampler, daemon=True)
            self._s.start()
        return self

    def _drain(self):
        self.err_chunks.append(self.p.stderr.read())

    def _sampler(self):
        path = f"/proc/{self.p.pid}/status"
        while not self._stop.wait(0.5):
            try:
                with open(path) as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            self.samples.append((time.monotonic() - self.t0,
                                                 int(line.split()[1])))
            except OSError:
                break

    def wait(self):
        _, status, ru = os.wait4(self.p.pid, 0)
        self.wall = time.monotonic() - self.t0
        self.p.returncode = os.waitstatus_to_exitcode(status)
        if self.sample:
            self._stop.set()
            self._s.join()
        self._err.join()
        self.rc = self.p.returncode
        self.maxrss_kb = ru.ru_maxrss
        self.user, self.sys = ru.ru_utime, ru.ru_stime
        self.load1 = loadavg()
        self.stderr = b"".join(self.err_chunks).decode("utf-8", "replace")
        return self


def run_one(argv, sample=False):
    return Run(argv, sample).start().wait()


def verify(out_path, in_path, summary_path, expect_records):
    """Problems with a run's output: line count, id order, summary counts."""
    problems = []
    ids_in = []
    with open(in_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                ids_in.append(json.loads(line)["id"])
    n = 0
    with open(out_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rid = json.loads(line).get("id")
            except ValueError:
                problems.append(f"output line {n} is not JSON")
                break
            if n > len(ids_in) or rid != ids_in[n - 1]:
                problems.append(f"output line {n} has id {rid!r}, expected "
                                f"{ids_in[n - 1] if n <= len(ids_in) else None!r}")
                break
    if n != expect_records:
        problems.append(f"{n} output lines for {expect_records} records")
    try:
        with open(summary_path) as f:
            s = json.load(f)
        if s.get("records") != expect_records:
            problems.append(f"summary records {s.get('records')} != {expect_records}")
        if s.get("input_errors"):
            problems.append(f"summary has {s.get('input_errors')} input errors")
    except (OSError, ValueError) as e:
        problems.append(f"summary unreadable: {e}")
        s = {}
    return problems, s


def mb(kb):
    return kb / 1024.0


def memory_run(folcheck, path, count, tag):
    out = os.path.join(WORK, f"audit-{tag}.out.jsonl")
    summ = os.path.join(WORK, f"audit-{tag}.summary.json")
    argv = [folcheck, "audit", path, "--out", out, "--summary", summ]
    log(f"memory: {' '.join(shlex.quote(a) for a in argv)}")
    r = run_one(argv, sample=True)
    if r.rc != 0:
        log(f"  exit {r.rc}: {r.stderr[:500]}")
    problems, s = verify(out, path, summ, count)
    for p in problems:
        log(f"  WRONG OUTPUT: {p}")
    # RSS over the run: the largest sample in each fifth of the run
    fifths = []
    if r.samples:
        for k in range(5):
            lo, hi = r.wall * k / 5, r.wall * (k + 1) / 5
            xs = [v for t, v in r.samples if lo <= t < hi]
            fifths.append(round(mb(max(xs)), 1) if xs else None)
    log(f"  {r.wall:.1f} s wall, {r.user + r.sys:.1f} s CPU, peak RSS "
        f"{mb(r.maxrss_kb):.1f} MB, RSS by fifth of the run {fifths}")
    return {"tag": tag, "count": count, "argv": argv, "rc": r.rc,
            "wall_s": r.wall, "user_s": r.user, "sys_s": r.sys,
            "maxrss_kb": r.maxrss_kb, "rss_fifths_mb": fifths,
            "rss_samples": r.samples[::max(1, len(r.samples) // 200)],
            "load": [r.load0, r.load1], "problems": problems,
            "traces": s.get("traces"), "valid": s.get("valid"),
            "steps": s.get("steps"), "queries": s.get("queries"),
            "solver_s": (s.get("timing") or {}).get("solver_us", 0) / 1e6,
            "check_s": (s.get("timing") or {}).get("check_us", 0) / 1e6,
            "stderr": r.stderr[-2000:]}


def throughput(folcheck, path, count, rounds):
    """Interleaved rounds of jobs 1, jobs 2 and two jobs-1 processes."""
    res = {"jobs1": [], "jobs2": [], "two_procs": []}
    for k in range(rounds):
        for kind in ("jobs1", "jobs2", "two_procs"):
            if kind == "two_procs":
                outs = [os.path.join(WORK, f"audit-tp-{i}.out.jsonl") for i in (0, 1)]
                argvs = [[folcheck, "audit", path, "--jobs", "1", "--shard",
                          f"{i}/2", "--out", outs[i]] for i in (0, 1)]
                t0 = time.monotonic()
                load0 = loadavg()
                rs = [Run(a).start() for a in argvs]
                rs = [r.wait() for r in rs]
                wall = time.monotonic() - t0
                rc = max(r.rc for r in rs)
                cpu = sum(r.user + r.sys for r in rs)
                nout = 0
                for o in outs:
                    with open(o, "rb") as f:
                        nout += sum(1 for _ in f)
                problems = [] if nout == count else [f"{nout} lines for {count}"]
                rec = {"wall_s": wall, "cpu_s": cpu, "rc": rc,
                       "load": [load0, loadavg()], "problems": problems,
                       "sys_s": sum(r.sys for r in rs)}
            else:
                j = kind[-1]
                out = os.path.join(WORK, f"audit-tp-jobs{j}.out.jsonl")
                summ = os.path.join(WORK, f"audit-tp-jobs{j}.summary.json")
                argv = [folcheck, "audit", path, "--jobs", j, "--out", out,
                        "--summary", summ]
                r = run_one(argv)
                problems, _ = verify(out, path, summ, count)
                rec = {"wall_s": r.wall, "cpu_s": r.user + r.sys, "rc": r.rc,
                       "sys_s": r.sys, "load": [r.load0, r.load1],
                       "problems": problems, "maxrss_kb": r.maxrss_kb}
            for p in rec["problems"]:
                log(f"  WRONG OUTPUT ({kind}): {p}")
            res[kind].append(rec)
            log(f"throughput round {k + 1}/{rounds} {kind}: {rec['wall_s']:.1f} s "
                f"wall, {rec['cpu_s']:.1f} s CPU ({rec['sys_s']:.1f} s sys), "
                f"{count / rec['wall_s']:.0f} traces/s, load "
                f"{rec['load'][0]:.1f}->{rec['load'][1]:.1f}")
    return res


def replace_block(text, block):
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < 0 or j < i:
        raise ValueError(f"{README} lacks the {BEGIN} ... {END} markers")
    return text[:i + len(BEGIN)] + "\n" + block.rstrip("\n") + "\n" + text[j:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3,
                    help="throughput rounds (median of them; default 3)")
    ap.add_argument("--throughput-file", choices=["10k", "100k"], default="10k")
    ap.add_argument("--no-readme", action="store_true",
                    help="do not rewrite benchmarks/README.md")
    ap.add_argument("--smoke", action="store_true",
                    help="a quick trial of the script itself: 2,000 and 200 "
                         "traces, implies --no-readme; the targets do not apply")
    a = ap.parse_args()
    big, small = (2_000, 200) if a.smoke else (100_000, 10_000)
    if a.smoke:
        a.no_readme = True

    folcheck = os.environ.get("FOLCHECK") or os.path.join(ROOT, "build", "folcheck")
    folcheck = os.path.abspath(folcheck)
    if not os.access(folcheck, os.X_OK):
        log(f"no folcheck binary at {folcheck}: build it first "
            f"(meson setup build && ninja -C build) or set FOLCHECK")
        return 2
    version = subprocess.run([folcheck, "version"], capture_output=True,
                             text=True).stdout.strip()
    started = datetime.datetime.now(datetime.timezone.utc)
    t_start = time.monotonic()
    f100k = ensure_file(big)
    f10k = ensure_file(small)

    # throughput first: it is the measurement most sensitive to whatever else
    # the machine is doing, and the memory runs do not depend on speed
    tp_path, tp_count = (f10k, small) if a.throughput_file == "10k" else (f100k, big)
    tp = throughput(folcheck, tp_path, tp_count, a.rounds)
    mem10 = memory_run(folcheck, f10k, small, "10k")
    mem100 = memory_run(folcheck, f100k, big, "100k")

    med = {k: statistics.median(r["wall_s"] for r in v) for k, v in tp.items()}
    med_cpu = {k: statistics.median(r["cpu_s"] for r in v) for k, v in tp.items()}
    speedup = med["jobs1"] / med["jobs2"]
    ceiling = med["jobs1"] / med["two_procs"]
    rss10, rss100 = mb(mem10["maxrss_kb"]), mb(mem100["maxrss_kb"])
    growth = (rss100 - rss10) / rss10
    broken = [f"{m['tag']}: {p}" for m in (mem10, mem100) for p in m["problems"]]
    broken += [f"{m['tag']}: exit {m['rc']}" for m in (mem10, mem100) if m["rc"]]
    for k, v in tp.items():
        for r in v:
            broken += [f"throughput {k}: {p}" for p in r["problems"]]
            if r["rc"]:
                broken.append(f"throughput {k}: exit {r['rc']}")
    ok_rss = rss100 < RSS_LIMIT_MB and not broken
    ok_growth = abs(growth) <= RSS_GROWTH and not broken
    ok_speed = speedup >= SPEEDUP and not broken
    verdict = lambda ok: "PASS" if ok else "FAIL"
    elapsed = time.monotonic() - t_start

    loads = [x for m in (mem10, mem100) for x in m["load"]]
    loads += [x for v in tp.values() for r in v for x in r["load"]]
    cmd = "python3 benchmarks/audit/run.py" + (
        f" --rounds {a.rounds}" if a.rounds != 3 else "") + (
        " --throughput-file 100k" if a.throughput_file == "100k" else "")
    jobs_default = nproc()
    L = []
    shown = os.path.relpath(folcheck, ROOT) if folcheck.startswith(ROOT + os.sep) else folcheck
    if os.environ.get("FOLCHECK"):
        cmd = f"FOLCHECK={shown} {cmd}"
    L.append(f"Command: `{cmd}` (binary {shown}, {version or 'folcheck ?'}). Run "
             f"{started:%Y-%m-%d %H:%M} UTC, {elapsed / 60:.0f} min.")
    L.append("")
    L.append(f"Machine: {jobs_default} CPUs (`nproc`), {cpu_model()}; "
             f"load average during the runs {min(loads):.1f}-{max(loads):.1f} "
             f"(the machine is shared).")
    L.append("")
    L.append("Inputs (benchmarks/audit/gen.py, seed 1): half ProntoQA-like rule "
             "chains (2-6 hops, distractor rules), half GSM8K-like arithmetic "
             "chains (2-6 steps); ~20% with an injected error.")
    L.append("")
    L.append("| measurement | value | target | result |")
    L.append("|---|---|---|---|")
    L.append(f"| peak RSS, {big:,} traces (`audit`, default --jobs = {jobs_default}; wait4 ru_maxrss) "
             f"| {rss100:.1f} MB | < {RSS_LIMIT_MB:.0f} MB | {verdict(ok_rss)} |")
    L.append(f"| peak RSS, {small:,} traces | {rss10:.1f} MB | | |")
    L.append(f"| {big:,} peak vs {small:,} peak | {growth * 100:+.1f}% | within ±{RSS_GROWTH * 100:.0f}% "
             f"| {verdict(ok_growth)} |")
    L.append(f"| --jobs 1, {tp_count:,} traces (median of {a.rounds}) | "
             f"{med['jobs1']:.1f} s, {tp_count / med['jobs1']:.0f} traces/s | | |")
    L.append(f"| --jobs 2, same file (median of {a.rounds}) | "
             f"{med['jobs2']:.1f} s, {tp_count / med['jobs2']:.0f} traces/s | | |")
    L.append(f"| speedup --jobs 2 / --jobs 1 | {speedup:.2f}x | ≥ {SPEEDUP}x "
             f"| {verdict(ok_speed)} |")
    L.append(f"| context: two `--jobs 1` processes at once (--shard 0/2, 1/2) | "
             f"{med['two_procs']:.1f} s, {ceiling:.2f}x | (machine ceiling, not a target) | |")
    L.append("")
    L.append(f"CPU time (user+sys, median): --jobs 1 {med_cpu['jobs1']:.1f} s, "
             f"--jobs 2 {med_cpu['jobs2']:.1f} s, two processes {med_cpu['two_procs']:.1f} s. "
             f"{big:,}-trace run: {mem100['wall_s']:.0f} s wall, "
             f"{mem100['user_s'] + mem100['sys_s']:.0f} s CPU "
             f"({mem100['sys_s']:.0f} s sys), solver {mem100['solver_s']:.0f} s "
             f"of {mem100['check_s']:.0f} s checking; RSS by fifth of the run "
             f"(MB): {', '.join('-' if x is None else f'{x:.1f}' for x in mem100['rss_fifths_mb'])}.")
    L.append("")
    L.append("All runs " + ("were checked: one result per record, ids in input "
                            "order, summary counts." if not broken else
                            "were checked, and some were WRONG: " + "; ".join(broken[:5])))
    block = "\n".join(L) + "\n"
    print(block)

    raw = {"started": started.isoformat(), "folcheck": folcheck,
           "version": version, "nproc": jobs_default, "cpu": cpu_model(),
           "memory": [mem10, mem100], "throughput": tp,
           "median_wall_s": med, "median_cpu_s": med_cpu, "speedup": speedup,
           "two_process_ceiling": ceiling, "rss_growth": growth,
           "pass": {"rss": ok_rss, "growth": ok_growth, "speedup": ok_speed},
           "broken": broken}
    with open(os.path.join(WORK, "audit-results.json"), "w") as f:
        json.dump(raw, f, indent=1)

    if not a.no_readme:
        # re-read right before writing: other sections belong to others
        with open(README, encoding="utf-8") as f:
            text = f.read()
        new = replace_block(text, block)
        tmp = README + ".audit-tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(tmp, README)
        log(f"wrote the audit block of {README}")
    return 0 if (ok_rss and ok_growth and ok_speed) else 1


if __name__ == "__main__":
    sys.exit(main())
