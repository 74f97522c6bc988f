#!/usr/bin/env python3
"""Speed of folcheck against a z3py peer and against the solver floor.

    python3 benchmarks/perf/run.py [--reps 3] [--run-timeout 300]
                                   [--no-profile] [--no-readme]

One command does it all:

1. Builds folcheck in release mode (meson, --buildtype=release) into
   benchmarks/work/build-release, and the solver-cost probe
   (solver_cost.c).
2. Writes the corpora into benchmarks/work/perf/ (corpora.py): ProntoQA
   with injected errors, FOLIO validation (the shared file), synthetic
   GSM8K-style chains of 4, 16, 64 and 256 steps.
3. Runs, --reps times, on every corpus, `folcheck audit --jobs 1` and the
   z3py peer (benchmarks/peers/z3py_peer.py, /usr/bin/python3), back to
   back, alternating which goes first; each run's wall and CPU time (the
   child's rusage).  Ratios are taken per repetition, between the two
   runs made next to each other, and the median is reported.  A run past
   --run-timeout seconds is stopped, reported as timed out (the target it
   serves fails), not repeated, and its first trace gets a CPU-clock
   profile (perf) that shows where the time goes.
4. Checks that the peer and folcheck give the same statuses on every
   trace (premise consistency, each step's local and global status, the
   conclusion's status and reached), and that each tool gives the same
   answers in every repetition.  Every disagreement is listed.
5. Start-up: `folcheck check` on a one-step trace, 21 runs.
6. Profiles (unless --no-profile): callgrind on a slice of each corpus and
   on the one-step trace; instruction counts give the overhead ratio
   independently of the machine's load and show where the time goes.
7. Writes the results table into benchmarks/README.md between
   `<!-- perf:begin -->` and `<!-- perf:end -->` (only that block; the file
   is re-read right before writing) and the raw numbers into
   benchmarks/work/perf/results.json.

Targets (single job, same run): folcheck >= 10x the peer's throughput on
ProntoQA and on FOLIO; overhead ratio (stats.total_us / stats.solver_us)
<= 1.2; per-step cost at 256 steps <= 2x the cost at 16 steps; a one-step
`folcheck check` in < 20 ms.

Exit status: 0 when every target is met and the tools agree, 1 when not,
2 when the benchmark itself could not run.
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "benchmarks", "work")
PERF = os.path.join(WORK, "perf")
BUILD = os.path.join(WORK, "build-release")
README = os.path.join(ROOT, "benchmarks", "README.md")
PEER = os.path.join(ROOT, "benchmarks", "peers", "z3py_peer.py")
PYTHON = "/usr/bin/python3"
BEGIN, END = "<!-- perf:begin -->", "<!-- perf:end -->"

sys.path.insert(0, HERE)
import agree  # noqa: E402
import cgprofile  # noqa: E402
import corpora  # noqa: E402

sys.path.insert(0, os.path.dirname(HERE))
from machine import cpu_model, loadavg  # noqa: E402

CORPORA = ["prontoqa", "folio", "gsm-4", "gsm-16", "gsm-64", "gsm-256"]
TARGET_SPEED = 10.0
TARGET_OVERHEAD = 1.2
TARGET_STEP_GROWTH = 2.0
TARGET_STARTUP_MS = 20.0
RUN_TIMEOUT = 300      # per run (--run-timeout); a run past it is reported
# callgrind slices: the first N traces of a corpus
CG_SLICES = {"prontoqa": 30, "folio": 30, "gsm-16": 2}
CG_TIMEOUT = 1200

ONE_STEP = """\
premise p1: Dog(rex)
premise p2: ∀x (Dog(x) → Animal(x))
step s1: Animal(rex) by p1, p2
"""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# ---- machine ---------------------------------------------------------------

def z3_version():
    r = subprocess.run([PYTHON, "-c", "import z3; print(z3.get_version_string())"],
                       capture_output=True, text=True)
    return r.stdout.strip() or "?"


# ---- build -----------------------------------------------------------------

def sources_digest():
    """A fingerprint of what was measured (src, grammar, include, meson)."""
    h = hashlib.sha256()
    for d in ("src", "grammar", "include"):
        base = os.path.join(ROOT, d)
        for dirpath, dirs, files in sorted(os.walk(base)):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, base)
                with open(path, "rb") as f:
                    h.update(rel.encode() + b"\0" + f.read())
    for name in ("meson.build", "meson_options.txt"):
        with open(os.path.join(ROOT, name), "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:12]


def build():
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        log(f"meson setup {BUILD} (release)")
        subprocess.run(["meson", "setup", BUILD, "--buildtype=release",
                        "-Dtests=false"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    digest = sources_digest()
    r = subprocess.run(["ninja", "-C", BUILD, "folcheck"], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode:
        raise BenchError("release build failed:\n" + r.stdout[-3000:] +
                         r.stderr[-2000:])
    binary = os.path.join(BUILD, "folcheck")
    version = subprocess.run([binary, "version"], capture_output=True,
                             text=True).stdout.strip()
    if digest != sources_digest():
        log("warning: the sources changed during the build")
    probe = os.path.join(PERF, "solver_cost")
    subprocess.run(["cc", "-O2", os.path.join(HERE, "solver_cost.c"), "-o",
                    probe, "-lz3"], check=True)
    return binary, version, digest, probe


# ---- running ----------------------------------------------------------------

def run(cmd, timeout=RUN_TIMEOUT):
    """Runs cmd alone; wall and CPU (user+sys of the child) seconds.  A run
    still going after timeout seconds is killed and marked."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=timeout)
        rc, err, timed_out = r.returncode, r.stderr, False
    except subprocess.TimeoutExpired as e:
        rc, err, timed_out = None, e.stderr or b"", True
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rc": rc, "timeout": timed_out,
            "stderr": err.decode(errors="replace")[-2000:]}


def tool_cmd(tool, binary, corpus_path, out):
    if tool == "folcheck":
        return [binary, "audit", corpus_path, "--jobs", "1", "--out", out]
    return [PYTHON, PEER, corpus_path, "--out", out]


def output_stats(path):
    """Sums over the checked traces of an output file."""
    s = {"traces": 0, "steps": 0, "errors": 0, "solver_us": 0,
         "total_us": 0, "queries": 0}
    for rec in agree.load(path):
        if rec.get("error"):
            s["errors"] += 1
            continue
        s["traces"] += 1
        s["steps"] += len(rec.get("steps") or [])
        st = rec.get("stats") or {}
        for k in ("solver_us", "total_us", "queries"):
            s[k] += st.get(k, 0)
    return s


def throughput(binary, paths, reps, timeout):
    """{corpus: [ {folcheck: run, peer: run} per rep ]}, outputs kept.
    A tool that timed out on a corpus is not run on it again."""
    out_dir = os.path.join(PERF, "out")
    os.makedirs(out_dir, exist_ok=True)
    res = {c: [] for c in CORPORA}
    gave_up = {}
    for rep in range(reps):
        for c in CORPORA:
            pair = {}
            order = ("folcheck", "peer") if rep % 2 == 0 else ("peer", "folcheck")
            for tool in order:
                out = os.path.join(out_dir, f"{c}.{tool}.r{rep}.jsonl")
                if (c, tool) in gave_up:
                    pair[tool] = dict(gave_up[(c, tool)], skipped=True)
                    continue
                load = loadavg()
                r = run(tool_cmd(tool, binary, paths[c], out), timeout)
                if r["timeout"]:
                    r.update(load=load, out=out, stats=output_stats(out))
                    gave_up[(c, tool)] = pair[tool] = r
                    log(f"rep {rep + 1}/{reps} {c:9s} {tool:8s} "
                        f"TIMED OUT after {timeout} s")
                    continue
                if r["rc"] not in (0, 1, 3):
                    raise BenchError(f"{tool} on {c} exited {r['rc']}: "
                                     f"{r['stderr']}")
                r["load"] = load
                r["out"] = out
                r["stats"] = output_stats(out)
                pair[tool] = r
                log(f"rep {rep + 1}/{reps} {c:9s} {tool:8s} "
                    f"wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  "
                    f"load {load:.1f}")
            res[c].append(pair)
    return res


def startup(binary, n=21):
    path = os.path.join(PERF, "one-step.fol")
    with open(path, "w", encoding="utf-8") as f:
        f.write(ONE_STEP)
    cmd = [binary, "check", "--format", "json", path]
    for _ in range(2):
        run(cmd)
    runs = [run(cmd) for _ in range(n)]
    if any(r["rc"] not in (0,) for r in runs):
        raise BenchError(f"one-step check failed: {runs[0]['stderr']}")
    walls = sorted(r["wall"] * 1e3 for r in runs)
    cpus = sorted(r["cpu"] * 1e3 for r in runs)
    return {"runs": n, "wall_ms_median": statistics.median(walls),
            "wall_ms_min": walls[0], "cpu_ms_median": statistics.median(cpus),
            "path": path}


def callgrind(binary, paths, one_step):
    """Profiles of a slice of each corpus and of the one-step check."""
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        return None
    cg = os.path.join(PERF, "callgrind")
    os.makedirs(cg, exist_ok=True)
    jobs = {}
    for c, n in CG_SLICES.items():
        sl = os.path.join(cg, f"{c}-{n}.jsonl")
        with open(paths[c], encoding="utf-8") as f:
            lines = [line for _, line in zip(range(n), f)]
        with open(sl, "w", encoding="utf-8") as f:
            f.writelines(lines)
        jobs[c] = ([binary, "audit", sl, "--jobs", "1", "--out", os.devnull],
                   len(lines))
    jobs["one-step"] = ([binary, "check", "--format", "json", one_step], 1)
    res = {}
    for name, (cmd, traces) in jobs.items():
        out = os.path.join(cg, f"{name}.callgrind")
        t0 = time.monotonic()
        try:
            r = subprocess.run(["valgrind", "--tool=callgrind",
                                f"--callgrind-out-file={out}"] + cmd,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=CG_TIMEOUT)
        except subprocess.TimeoutExpired:
            log(f"callgrind {name}: still running after {CG_TIMEOUT} s, "
                f"skipped")
            continue
        if r.returncode not in (0, 1, 3):
            log(f"callgrind {name}: exit {r.returncode}")
            continue
        s = cgprofile.summarize(out)
        s["traces"] = traces
        s["file"] = out
        res[name] = s
        log(f"callgrind {name}: {s['total'] / 1e6:.0f} M instructions, "
            f"{100 * s['check'] / max(s['total'], 1):.1f}% in check "
            f"({time.monotonic() - t0:.0f} s)")
    return res


SKIP_FRAMES = {"main", "work", "fc_checker_run", "fc_audit_run", "check_one",
               "start_thread", "clone3"}


def hang_profile(binary, path, seconds=60):
    """Where folcheck spends a run that does not finish: a CPU-clock sample
    (perf, with call graphs) of its first trace, inclusive shares of the
    named functions of folcheck and of the Z3 API."""
    if not shutil.which("perf"):
        return None
    hp = os.path.join(PERF, "hang")
    os.makedirs(hp, exist_ok=True)
    name = os.path.basename(path).split(".")[0]
    first = os.path.join(hp, f"{name}-first.jsonl")
    with open(path, encoding="utf-8") as f, open(first, "w") as g:
        g.write(f.readline())
    data = os.path.join(hp, f"{name}.perf.data")
    subprocess.run(["timeout", "-s", "INT", str(seconds), "perf", "record",
                    "-q", "-F", "250", "-e", "cpu-clock", "--call-graph",
                    "dwarf,8192", "-o", data, "--", binary, "audit", first,
                    "--jobs", "1", "--out", os.devnull],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r = subprocess.run(["perf", "report", "-i", data, "--children", "--sort",
                        "dso,symbol", "--stdio", "-g", "none"],
                       capture_output=True, text=True)
    top = []
    for line in r.stdout.splitlines():
        m = re.match(r"^\s+([\d.]+)%\s+[\d.]+%\s+(\S+)\s+\[\.\]\s+(\S+)",
                     line)
        if not m:
            continue
        dso, sym = m.group(2), m.group(3)
        if sym.startswith("0x") or sym in SKIP_FRAMES:
            continue
        if dso == "folcheck" or (dso.startswith("libz3") and
                                 sym.startswith("Z3_")):
            top.append((sym, float(m.group(1))))
    os.unlink(data)
    return {"seconds": seconds, "top": top[:12]}


def solver_cost(probe):
    r = subprocess.run([probe, "300"], capture_output=True, text=True)
    try:
        return json.loads(r.stdout)
    except ValueError:
        return None


# ---- figures -----------------------------------------------------------------

def counts(paths):
    """Traces and steps of each corpus, from the input."""
    res = {}
    for c, p in paths.items():
        recs = agree.load(p)
        res[c] = {"traces": len(recs),
                  "steps": sum(len(r.get("steps") or []) for r in recs)}
    return res


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def figures(tp, counts):
    fig = {}
    for c, reps in tp.items():
        f = {}
        for tool in ("folcheck", "peer"):
            runs = [p[tool] for p in reps]
            if any(r.get("timeout") for r in runs):
                f[tool] = {"timeout": True, "wall": None, "cpu": None,
                           "traces": counts[c]["traces"],
                           "steps": counts[c]["steps"],
                           "done": runs[0]["stats"]["traces"]}
                continue
            st = runs[0]["stats"]
            f[tool] = {"timeout": False,
                "wall": med(r["wall"] for r in runs),
                "cpu": med(r["cpu"] for r in runs),
                "traces": st["traces"], "steps": st["steps"],
                "errors": st["errors"],
                "queries": st["queries"],
                "total_us": med(r["stats"]["total_us"] for r in runs),
                "solver_us": med(r["stats"]["solver_us"] for r in runs),
                "overhead": med(r["stats"]["total_us"] /
                                max(r["stats"]["solver_us"], 1) for r in runs),
            }
            f[tool]["traces_s"] = st["traces"] / f[tool]["wall"]
            f[tool]["steps_s"] = st["steps"] / f[tool]["wall"]
            f[tool]["us_step"] = (f[tool]["total_us"] / st["steps"]
                                  if st["steps"] else None)
            f[tool]["cpu_us_step"] = (f[tool]["cpu"] * 1e6 / st["steps"]
                                      if st["steps"] else None)
        if f["folcheck"]["timeout"] or f["peer"]["timeout"]:
            f["speed_wall"] = f["speed_cpu"] = None
        else:
            f["speed_wall"] = med(p["peer"]["wall"] / p["folcheck"]["wall"]
                                  for p in reps)
            f["speed_cpu"] = med(p["peer"]["cpu"] / p["folcheck"]["cpu"]
                                 for p in reps)
        f["loads"] = [p[t]["load"] for p in reps for t in p
                      if not p[t].get("skipped")]
        fig[c] = f
    return fig


def agreement(tp):
    res = {}
    for c, reps in tp.items():
        if any(p[t].get("timeout") for p in reps for t in p):
            res[c] = {"traces": 0, "steps": 0, "skipped": [],
                      "disagreements": [], "stable": {}, "timeout": True}
            continue
        a = agree.compare(reps[0]["folcheck"]["out"], reps[0]["peer"]["out"])
        # each tool against itself across repetitions
        stable = {}
        for tool in ("folcheck", "peer"):
            diffs = []
            for p in reps[1:]:
                d = agree.compare(reps[0][tool]["out"], p[tool]["out"])
                diffs += d["disagreements"]
            stable[tool] = diffs
        a["stable"] = stable
        res[c] = a
    return res


# ---- report ------------------------------------------------------------------

def fmt_n(x, digits=0):
    if x is None or x != x:
        return "–"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def verdict(ok):
    return "PASS" if ok else "FAIL"


def render(ctx):
    fig, ag, su = ctx["fig"], ctx["agree"], ctx["startup"]
    cg, sc = ctx.get("callgrind"), ctx.get("solver_cost")
    L = []
    loads = [x for c in fig.values() for x in c["loads"]]
    L.append(f"Command: `python3 benchmarks/perf/run.py` (release build in "
             f"benchmarks/work/build-release, {ctx['version']}, sources "
             f"{ctx['digest']}). Run {ctx['date']}, {ctx['minutes']:.0f} min, "
             f"{ctx['reps']} repetition{'s' if ctx['reps'] != 1 else ''}; "
             f"medians throughout.")
    L.append("")
    L.append(f"Machine: {ctx['nproc']} CPUs (`nproc`), {ctx['cpu']}; load "
             f"average {min(loads):.1f}-{max(loads):.1f} during the runs (the "
             f"machine is shared, so wall times are inflated; CPU times, "
             f"user+sys of the process, are given beside them). Z3 "
             f"{ctx['z3']} (C API and Debian python3-z3). Both tools run "
             f"single-job: `folcheck audit FILE --jobs 1 --out OUT` and "
             f"`/usr/bin/python3 benchmarks/peers/z3py_peer.py FILE --out OUT`,"
             f" back to back, alternating which goes first.")
    L.append("")
    # targets
    t = ctx["targets"]
    L.append("| target | measured | result |")
    L.append("|---|---|---|")
    for row in t:
        L.append(f"| {row['name']} | {row['measured']} | {verdict(row['ok'])} |")
    L.append("")
    # throughput
    L.append("Throughput (wall time of the whole process, start-up included):")
    L.append("")
    L.append("| corpus | traces | steps | folcheck s (CPU s) | traces/s | "
             "steps/s | peer s (CPU s) | traces/s | steps/s | "
             "speed vs peer: wall (CPU) |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for c in CORPORA:
        f = fig[c]
        a, b = f["folcheck"], f["peer"]
        speed = ("–" if f["speed_wall"] is None else
                 f"{f['speed_wall']:.2f}x ({f['speed_cpu']:.2f}x)")
        L.append(f"| {c} | {a['traces']} | {a['steps']} | {tool_cells(a, ctx)}"
                 f" | {tool_cells(b, ctx)} | {speed} |")
    L.append("")
    L.append("Speed vs peer = peer time / folcheck time, per repetition "
             "(the two runs made next to each other), median; above 1 "
             "folcheck is faster.")
    L.append("")
    # overhead
    L.append("Overhead over the solver floor: folcheck's own accounting "
             "(Σ stats.total_us / Σ stats.solver_us over the traces; "
             "solver_us is the time inside Z3's check calls), and the same "
             "for the peer (time inside `Solver.check()`):")
    L.append("")
    L.append("| corpus | folcheck queries/trace | folcheck total / solver | "
             "peer queries/trace | peer total / solver |")
    L.append("|---|---|---|---|---|")
    for c in CORPORA:
        a, b = fig[c]["folcheck"], fig[c]["peer"]
        cells = []
        for t in (a, b):
            if t["timeout"]:
                cells.append("timed out | –")
            else:
                cells.append(f"{t['queries'] / max(t['traces'], 1):.1f} | "
                             f"{t['overhead']:.2f}")
        L.append(f"| {c} | {cells[0]} | {cells[1]} |")
    L.append("")
    if cg:
        L.append("The same ratio in instructions (callgrind, independent of "
                 "the load): all of folcheck's instructions / those inside "
                 "`Z3_solver_check_assumptions`, on a slice of each corpus.")
        L.append("")
        L.append("| slice | instructions | in check | in other Z3 calls | "
                 "outside Z3 | ratio | Z3 solvers made per trace |")
        L.append("|---|---|---|---|---|---|---|")
        for name, s in cg.items():
            tot = max(s["total"], 1)
            other = s["z3_total"] - s["check"]
            outside = s["total"] - s["z3_total"]
            tr = f"{s['traces']} trace{'s' if s['traces'] != 1 else ''}"
            L.append(f"| {name} ({tr}) | "
                     f"{s['total'] / 1e6:,.0f} M | {100 * s['check'] / tot:.1f}% | "
                     f"{100 * other / tot:.1f}% | {100 * outside / tot:.1f}% | "
                     f"{s['total'] / max(s['check'], 1):.1f} | "
                     f"{solvers_made(s) / s['traces']:.1f} |")
        L.append("")
    # per-step
    L.append("Per-step cost against trace length (GSM8K-style chains; "
             "folcheck's Σ stats.total_us / steps, and the process's CPU "
             "time / steps, which includes start-up):")
    L.append("")
    L.append("| steps per trace | traces | folcheck µs/step | folcheck CPU "
             "µs/step | peer µs/step |")
    L.append("|---|---|---|---|---|")
    for n in (4, 16, 64, 256):
        f = fig[f"gsm-{n}"]
        a, b = f["folcheck"], f["peer"]
        to = f"timed out (> {ctx['run_timeout']} s)"
        L.append(f"| {n} | {a['traces']} | "
                 f"{to if a['timeout'] else fmt_n(a['us_step'])} | "
                 f"{to if a['timeout'] else fmt_n(a['cpu_us_step'])} | "
                 f"{to if b['timeout'] else fmt_n(b['us_step'])} |")
    L.append("")
    L.append(f"Start-up: `folcheck check --format json` on a one-step trace "
             f"(benchmarks/work/perf/one-step.fol), {su['runs']} runs: median "
             f"{su['wall_ms_median']:.1f} ms wall (fastest "
             f"{su['wall_ms_min']:.1f} ms), median {su['cpu_ms_median']:.1f} ms "
             f"CPU.")
    L.append("")
    # agreement
    L.extend(render_agreement(ag))
    L.append("")
    # profile
    L.extend(render_profile(ctx))
    return "\n".join(L)


def tool_cells(a, ctx):
    if a["timeout"]:
        return (f"timed out (> {ctx['run_timeout']} s, {a['done']} of "
                f"{a['traces']} traces written) | – | –")
    return (f"{a['wall']:.2f} ({a['cpu']:.2f}) | {a['traces_s']:.1f} | "
            f"{a['steps_s']:.1f}")


def render_agreement(ag):
    L = []
    n_tr = sum(a["traces"] for a in ag.values())
    n_st = sum(a["steps"] for a in ag.values())
    dis = [(c, d) for c, a in ag.items() for d in a["disagreements"]]
    skipped = [(c, s) for c, a in ag.items() for s in a["skipped"]]
    unstable = [(c, t, d) for c, a in ag.items() for t, ds in a["stable"].items()
                for d in ds]
    missing = [c for c, a in ag.items() if a.get("timeout")]
    L.append(f"Agreement with the peer: {n_tr} traces, {n_st} steps compared "
             f"(premise consistency, each step's local and global status, the "
             f"conclusion's status and reached): "
             f"{'no disagreement' if not dis else f'{len(dis)} disagreements'}.")
    if missing:
        L.append(f"Not compared, because a tool timed out on them: "
                 f"{', '.join(missing)}.")
    if skipped:
        L.append(f"Skipped, because both tools reject them as unreadable "
                 f"({len(skipped)}): " + "; ".join(
                     f"{c} {name} ({why.strip()})" for c, (name, why) in skipped)
                 + ".")
    if dis:
        L.append("")
        L.append("| corpus | trace | where | folcheck | peer |")
        L.append("|---|---|---|---|---|")
        for c, (name, where, a, b) in dis[:60]:
            L.append(f"| {c} | {name} | {where} | {a} | {b} |")
        if len(dis) > 60:
            L.append(f"| ... | {len(dis) - 60} more in "
                     f"benchmarks/work/perf/results.json | | | |")
    if unstable:
        L.append(f"Answers that changed between repetitions: {len(unstable)} "
                 f"(first: {unstable[0]}).")
    else:
        L.append("Each tool gave the same answers in every repetition.")
    return L


def render_profile(ctx):
    cg, sc, fig = ctx.get("callgrind"), ctx.get("solver_cost"), ctx["fig"]
    L = []
    if not cg:
        return L
    L.append("Where folcheck's time goes (callgrind, inclusive instructions "
             "of the Z3 calls made from folcheck's code, share of all "
             "instructions):")
    L.append("")
    names = ["prontoqa", "folio", "gsm-16", "one-step"]
    names = [n for n in names if n in cg]
    apis = set()
    for n in names:
        tot = cg[n]["total"]
        apis |= {k for k, v in cg[n]["z3_by_api"].items() if v / tot > 0.01}
    apis = sorted(apis, key=lambda k: -cg[names[0]]["z3_by_api"].get(k, 0))
    L.append("| where | " + " | ".join(names) + " |")
    L.append("|---|" + "---|" * len(names))
    for k in apis:
        row = []
        for n in names:
            s = cg[n]
            row.append(f"{100 * s['z3_by_api'].get(k, 0) / s['total']:.1f}% "
                       f"({s['z3_calls'].get(k, 0) / s['traces']:.0f}/trace)")
        L.append(f"| `{k}` | " + " | ".join(row) + " |")
    fns = [("fc_z3_minimize_lits", "support minimization on the guarded "
            "solver (`fc_z3_minimize_lits`, incl. its Z3 calls)"),
           ("fc_z3_minimize_formulas", "support minimization on solvers of "
            "its own, arithmetic (`fc_z3_minimize_formulas`)"),
           ("check_premises", "premise consistency (`check_premises`)"),
           ("fc_classify_step", "error classification (`fc_classify_step`)"),
           ("fc_z3_guard", "guarded session solver (`fc_z3_guard`)"),
           ("fc_trace_from_json", "reading JSON, parsing, sorts "
            "(`fc_trace_from_json`)"),
           ("fc_trace_parse", "parsing a file (`fc_trace_parse`)"),
           ("fc_result_to_json", "output (`fc_result_to_json`)")]
    for fn, label in fns:
        if not any(fn in cg[n]["functions"] for n in names):
            continue
        row = [f"{100 * cg[n]['functions'].get(fn, 0) / cg[n]['total']:.1f}%"
               for n in names]
        L.append(f"| {label} | " + " | ".join(row) + " |")
    L.append("")
    if sc:
        L.append(f"The cost of a Z3 solver (benchmarks/perf/solver_cost.c, "
                 f"one ProntoQA-sized entailment, {sc['runs']} runs, CPU): on "
                 f"a new solver {sc['fresh_us'] / 1e3:.2f} ms per query, "
                 f"{sc['fresh_check_us'] / 1e3:.2f} ms of it inside the first "
                 f"check; on a solver kept alive (push, assert, check, pop) "
                 f"{sc['live_us']:.0f} µs, {sc['live_check_us']:.0f} µs inside "
                 f"check. Z3 builds a solver's core lazily, at its first "
                 f"assert, push or check, so that cost shows up in "
                 f"`Z3_solver_assert` and `Z3_solver_push`, and in the first "
                 f"check (which folcheck's solver_us counts as solver time).")
        L.append("")
    L.extend(findings(ctx))
    return L


def solvers_made(s):
    return sum(n for k, n in s["z3_calls"].items()
               if re.match(r"Z3_mk_.*solver", k))


def share(s, *apis):
    return sum(s["z3_by_api"].get(k, 0) for k in apis) / max(s["total"], 1)


def findings(ctx):
    """What the measurements say about the failing targets, and where
    folcheck would have to change; every number is from this run."""
    cg, sc, fig = ctx.get("callgrind"), ctx.get("solver_cost"), ctx["fig"]
    failing = {t["key"] for t in ctx["targets"] if not t["ok"]}
    L = []
    if not failing:
        return L
    L.append("Findings:")
    L.append("")
    speed = [k for k in ("speed_prontoqa", "speed_folio") if k in failing]
    for key in speed:
        c = key.split("_", 1)[1]
        f = fig[c]
        a, b = f["folcheck"], f["peer"]
        if a["timeout"] or b["timeout"]:
            continue
        budget = b["cpu"] / TARGET_SPEED / a["traces"] * 1e3
        floor = a["solver_us"] / a["traces"] / 1e3
        line = (f"- {c}: 10x the peer means at most {budget:.2f} ms CPU per "
                f"trace; folcheck spends {a['cpu'] / a['traces'] * 1e3:.2f} ms, "
                f"of which {floor:.2f} ms inside check calls "
                f"({a['queries'] / a['traces']:.1f} queries per trace; the "
                f"peer asks {b['queries'] / b['traces']:.1f}).")
        if floor > budget:
            line += (" The check calls alone exceed the budget: less overhead "
                     "cannot reach the target; fewer or cheaper queries must.")
        if cg and c in cg:
            s = cg[c]
            fn = s["functions"]
            mini = (fn.get("fc_z3_minimize_formulas", 0) +
                    fn.get("fc_z3_minimize_lits", 0)) / s["total"]
            cls = (fn.get("fc_classify_step", 0) +
                   fn.get("fc_classify_trace", 0)) / s["total"]
            line += (f" By instructions: support minimization "
                     f"(`fc_z3_minimize_lits` and `_formulas`, not among "
                     f"the peer's checks) {100 * mini:.0f}%, error "
                     f"classification "
                     f"{100 * cls:.0f}%, `Z3_solver_push` + `Z3_solver_assert` "
                     f"{100 * share(s, 'Z3_solver_push', 'Z3_solver_assert'):.0f}%"
                     f" ({s['z3_calls'].get('Z3_solver_push', 0) / s['traces']:.0f}"
                     f" pushes and "
                     f"{s['z3_calls'].get('Z3_solver_assert', 0) / s['traces']:.0f}"
                     f" asserts per trace), {solvers_made(s) / s['traces']:.1f} "
                     f"solvers made per trace.")
        L.append(line)
    if "overhead" in failing and cg:
        parts = []
        for name, s in cg.items():
            if name == "one-step":
                continue
            parts.append(
                f"{name}: {100 * s['check'] / s['total']:.0f}% in check, "
                f"push+assert {100 * share(s, 'Z3_solver_push', 'Z3_solver_assert'):.0f}%,"
                f" unsat cores {100 * share(s, 'Z3_solver_get_unsat_core'):.0f}%, "
                f"solvers made/freed "
                f"{100 * share(s, *[k for k in s['z3_by_api'] if re.match(r'Z3_mk_.*solver', k)], 'Z3_solver_dec_ref'):.0f}%, "
                f"outside Z3 {100 * (s['total'] - s['z3_total']) / s['total']:.0f}%")
        L.append("- Overhead, by instructions (the rest of the Z3 calls are "
                 "the overhead the ratio counts): " + "; ".join(parts) + ".")
    hangs = ctx.get("hangs") or {}
    for c, h in hangs.items():
        top = ", ".join(f"`{k}` {v:.1f}%" for k, v in h["top"][:8])
        L.append(f"- {c}: folcheck did not finish in {ctx['run_timeout']} s. "
                 f"A {h['seconds']} s CPU-clock sample (perf) of its first "
                 f"trace, inclusive: {top}.")
    if "step_growth" in failing and not (fig["gsm-16"]["folcheck"]["timeout"] or
                                         fig["gsm-256"]["folcheck"]["timeout"]):
        a, b = fig["gsm-16"]["folcheck"], fig["gsm-256"]["folcheck"]
        L.append(
            f"- Per-step cost: {fmt_n(a['us_step'])} µs at 16 steps, "
            f"{fmt_n(b['us_step'])} µs at 256 ({a['queries'] / a['steps']:.1f}"
            f" and {b['queries'] / b['steps']:.1f} queries per step); time in "
            f"check calls is {100 * b['solver_us'] / max(b['total_us'], 1):.0f}%"
            f" of it at 256 steps.")
    if "startup" in failing:
        su = ctx["startup"]
        line = (f"- Start-up: {su['wall_ms_median']:.1f} ms wall median, "
                f"{su['cpu_ms_median']:.1f} ms CPU")
        if su["cpu_ms_median"] < TARGET_STARTUP_MS:
            line += (" (the CPU time is within the target: the wall time is "
                     "the shared machine's queueing)")
        if cg and "one-step" in cg:
            s = cg["one-step"]
            line += (f"; {s['total'] / 1e6:.0f} M instructions: creating the "
                     f"Z3 context {100 * share(s, 'Z3_mk_context_rc'):.0f}%, "
                     f"check {100 * s['check'] / s['total']:.0f}%, push+assert "
                     f"{100 * share(s, 'Z3_solver_push', 'Z3_solver_assert'):.0f}%"
                     f" ({solvers_made(s)} solvers)")
        L.append(line + ".")
    return L


def speed_target(f, name):
    if f["speed_wall"] is None:
        return {"key": f"speed_{name}", "measured": "not measured (timed out)",
                "ok": False}
    return {"key": f"speed_{name}",
            "measured": f"{f['speed_wall']:.2f}x wall ({f['speed_cpu']:.2f}x CPU)",
            "ok": f["speed_wall"] >= TARGET_SPEED}


def targets(fig, su):
    over = {c: (None if fig[c]["folcheck"]["timeout"] else
                fig[c]["folcheck"]["overhead"]) for c in CORPORA}
    g16, g256 = fig["gsm-16"]["folcheck"], fig["gsm-256"]["folcheck"]
    growth = (g256["us_step"] / g16["us_step"]
              if g16.get("us_step") and g256.get("us_step") else None)
    return [
        dict(speed_target(fig["prontoqa"], "prontoqa"),
             name=f"throughput >= {TARGET_SPEED:.0f}x the peer's, ProntoQA"),
        dict(speed_target(fig["folio"], "folio"),
             name=f"throughput >= {TARGET_SPEED:.0f}x the peer's, "
                  f"FOLIO validation"),
        {"key": "overhead",
         "name": f"overhead ratio (total / solver) <= {TARGET_OVERHEAD}, "
                 f"every corpus",
         "measured": ", ".join(f"{c} " + ("timed out" if v is None else
                                          f"{v:.2f}")
                               for c, v in over.items()),
         "ok": all(v is not None and v <= TARGET_OVERHEAD
                   for v in over.values())},
        {"key": "step_growth",
         "name": f"per-step cost at 256 steps <= {TARGET_STEP_GROWTH:.0f}x "
                 f"the cost at 16",
         "measured": ("not measured (timed out)" if growth is None else
                      f"{growth:.2f}x ({fmt_n(g256['us_step'])} vs "
                      f"{fmt_n(g16['us_step'])} µs/step)"),
         "ok": growth is not None and growth <= TARGET_STEP_GROWTH},
        {"key": "startup",
         "name": f"one-step `folcheck check` < {TARGET_STARTUP_MS:.0f} ms",
         "measured": f"{su['wall_ms_median']:.1f} ms wall "
                     f"({su['cpu_ms_median']:.1f} ms CPU)",
         "ok": su["wall_ms_median"] < TARGET_STARTUP_MS},
    ]


def write_readme(block):
    with open(README, encoding="utf-8") as f:
        text = f.read()
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < i:
        raise BenchError(f"{README}: markers {BEGIN} / {END} not found")
    new = text[:i + len(BEGIN)] + "\n" + block.rstrip() + "\n" + text[j:]
    with open(README + ".tmp", "w", encoding="utf-8") as f:
        f.write(new)
    os.replace(README + ".tmp", README)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--run-timeout", type=int, default=RUN_TIMEOUT,
                    help="seconds a tool may take on one corpus")
    ap.add_argument("--render-only", action="store_true",
                    help="rewrite the README block from the last run's "
                    "results.json, measuring nothing")
    a = ap.parse_args(argv)
    if a.render_only:
        with open(os.path.join(PERF, "results.json")) as f:
            ctx = json.load(f)
        block = render(ctx)
        print(block)
        if not a.no_readme:
            write_readme(block)
        return 0
    t_start = time.monotonic()
    os.makedirs(PERF, exist_ok=True)
    try:
        binary, version, digest, probe = build()
        log(f"{version}, sources {digest}")
        info = corpora.build(PERF)
        paths = {c: info[c]["path"] for c in CORPORA}
        su = startup(binary)
        log(f"start-up: {su['wall_ms_median']:.1f} ms wall median")
        tp = throughput(binary, paths, a.reps, a.run_timeout)
        sc = solver_cost(probe)
        hangs = {}
        for c in CORPORA:
            if any(p["folcheck"].get("timeout") for p in tp[c]):
                log(f"profiling the first trace of {c} (folcheck timed out)")
                h = hang_profile(binary, paths[c])
                if h:
                    hangs[c] = h
        cg = None if a.no_profile else callgrind(binary, paths, su["path"])
    except (BenchError, subprocess.SubprocessError, OSError) as e:
        log(f"benchmark failed: {e}")
        return 2
    fig = figures(tp, counts(paths))
    ag = agreement(tp)
    tg = targets(fig, su)
    ctx = {"fig": fig, "agree": ag, "startup": su, "callgrind": cg,
           "solver_cost": sc, "targets": tg, "version": version,
           "digest": digest, "reps": a.reps, "nproc": os.cpu_count(),
           "cpu": cpu_model(), "z3": z3_version(),
           "date": datetime.datetime.now(datetime.timezone.utc)
           .strftime("%Y-%m-%d %H:%M UTC"),
           "minutes": (time.monotonic() - t_start) / 60, "corpora": info,
           "run_timeout": a.run_timeout, "hangs": hangs}
    if digest != sources_digest():
        log("warning: the sources changed during the run; the numbers are "
            f"for {digest}")
    block = render(ctx)
    with open(os.path.join(PERF, "results.json"), "w") as f:
        json.dump({k: v for k, v in ctx.items()}, f, indent=1, default=str)
    print(block)
    if not a.no_readme:
        write_readme(block)
        log(f"wrote {README}")
    ok = all(t["ok"] for t in tg) and not any(
        x["disagreements"] for x in ag.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
