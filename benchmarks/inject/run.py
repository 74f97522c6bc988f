#!/usr/bin/env python3
"""Injected-error benchmark of folcheck's error taxonomy.

    python3 benchmarks/inject/run.py [--seed 1] [--pq-count 500]
                                     [--gsm-count 250] [--jobs 2]
                                     [--no-readme] [--rescore]

The binary is $FOLCHECK, or build/folcheck in the repo.

1. Takes the 500 valid ProntoQA dev traces (benchmarks/corpora/prontoqa.py)
   and seeded synthetic GSM8K-style chains (benchmarks/corpora/gsm_synth.py),
   and injects one error of known type per trace (inject.py; the expected
   labels and why are in benchmarks/inject/README.md).  The uninjected
   traces go along as controls.
2. Runs `folcheck audit IN --jobs N --out OUT` over all of them.
3. Scores folcheck against the labels.  Recall of type T: of the injected
   (trace, step, T) labels, the share where folcheck gave that step type T
   (for trace-level types: an error of type T with "step": null).
   Precision of T: of every error of type T folcheck reported, on any step
   or trace of any input (injected or control; a step without a label is
   expected to have no error), the share that matches a label.
4. Writes benchmarks/work/inject-{input,output}.jsonl, inject-results.json,
   inject-misses.jsonl (every disagreement with its input and output), and
   the table into benchmarks/README.md between `<!-- inject:begin -->` and
   `<!-- inject:end -->` (only that block; the file is re-read just before
   writing).

Standard library only.  Exit status 0 when every type reaches 95% recall and
95% precision and every control is valid, 1 otherwise, 2 when the benchmark
could not run.
"""

import argparse
import collections
import datetime
import json
import os
import random
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "benchmarks", "work")
README = os.path.join(ROOT, "benchmarks", "README.md")
BEGIN, END = "<!-- inject:begin -->", "<!-- inject:end -->"
TARGET = 0.95

sys.path.insert(0, HERE)
import inject  # noqa: E402

TYPES = ["contradicts_premises", "ungrounded_symbol", "missing_steps",
         "inference_violation", "arithmetic", "operation_misapplication",
         "propagated", "conclusion_mismatch"]


def log(msg):
    print(f"inject: {msg}", file=sys.stderr, flush=True)


# --- inputs -----------------------------------------------------------------

def generate(seed, pq_count, gsm_count):
    """All input traces (injected and controls) and skip counts."""
    out, skipped = [], collections.Counter()
    pq = inject.prontoqa_traces()[:pq_count]
    for t in pq:
        out.append(inject.clean(dict(t, id=f"clean-pq-{t['id']}"), "prontoqa"))
    for itype, fn in inject.PRONTOQA_INJECTORS.items():
        for i, t in enumerate(pq):
            rng = random.Random(f"{seed}/prontoqa/{itype}/{i}")
            try:
                out.append(fn(t, rng, f"inj-pq-{itype}-{t['id']}"))
            except inject.NotApplicable:
                skipped[("prontoqa", itype)] += 1
    for i in range(gsm_count):
        rng = random.Random(f"{seed}/gsm/clean/{i}")
        items = inject.gsm_chain(rng)
        out.append(inject.clean(
            inject.gsm_synth.to_trace(items, f"clean-gsm-{i}"), "gsm"))
    for itype, fn in inject.GSM_INJECTORS.items():
        got = attempt = 0
        while got < gsm_count:
            rng = random.Random(f"{seed}/gsm/{itype}/{attempt}")
            attempt += 1
            items = inject.gsm_chain(rng)
            try:
                out.append(fn(items, rng, f"inj-gsm-{itype}-{got}"))
                got += 1
            except inject.NotApplicable:
                skipped[("gsm", itype)] += 1
            if attempt > 20 * gsm_count:
                raise RuntimeError(f"gsm {itype}: too few eligible chains")
    return out, skipped


# --- scoring ----------------------------------------------------------------

def step_types(result):
    """label -> folcheck's error type or None, for every step."""
    return {s["label"]: (s["error"] or {}).get("type")
            for s in result.get("steps", [])}


def trace_types(result):
    ts = [e["type"] for e in result.get("errors", []) if e.get("step") is None]
    if result.get("error"):  # the trace could not be read at all
        ts.append("unreadable:" + result["error"].get("type", "?"))
    return ts


def score(inputs, results):
    labels = collections.Counter()        # type -> injected labels
    labels_src = collections.Counter()    # (type, source)
    hits = collections.Counter()
    hits_src = collections.Counter()
    said = collections.defaultdict(collections.Counter)  # type -> folcheck said
    reported = collections.Counter()      # type -> folcheck errors
    correct = collections.Counter()       # type -> of those, matching a label
    fp_expected = collections.defaultdict(collections.Counter)
    misses = []
    controls = collections.Counter()
    controls_valid = collections.Counter()
    fallacies = collections.Counter()
    by_form = collections.defaultdict(lambda: [0, 0])  # (type, form)

    for t, r in zip(inputs, results):
        meta = t["meta"]["inject"]
        if r.get("id") != t["id"]:
            raise RuntimeError(f"output out of order: {r.get('id')} vs {t['id']}")
        src = meta["source"]
        if meta["type"] == "none":
            controls[src] += 1
            controls_valid[src] += bool(r.get("valid"))
        exp_steps = {l["step"]: l["type"] for l in meta["labels"]}
        forms = {l["step"]: l.get("form") for l in meta["labels"]}
        exp_trace = collections.Counter(meta["trace"])
        got_steps = step_types(r)
        got_trace = collections.Counter(trace_types(r))
        bad = False
        # recall
        for lab, ty in exp_steps.items():
            labels[ty] += 1
            labels_src[(ty, src)] += 1
            g = got_steps.get(lab, "missing step")
            said[ty][g or "none"] += 1
            form = forms.get(lab)
            if form:
                by_form[(ty, form)][0] += 1
                by_form[(ty, form)][1] += g == ty
            if g == ty:
                hits[ty] += 1
                hits_src[(ty, src)] += 1
            else:
                bad = True
        for ty, n in exp_trace.items():
            labels[ty] += n
            labels_src[(ty, src)] += n
            g = min(n, got_trace.get(ty, 0))
            hits[ty] += g
            hits_src[(ty, src)] += g
            said[ty][ty] += g
            if g < n:
                bad = True
                others = [x for x in got_trace if x != ty] or ["none"]
                said[ty]["/".join(others)] += n - g
        # precision
        for lab, g in got_steps.items():
            if g is None:
                continue
            reported[g] += 1
            if exp_steps.get(lab) == g:
                correct[g] += 1
            else:
                fp_expected[g][exp_steps.get(lab) or "none"] += 1
                bad = True
        for g, n in got_trace.items():
            reported[g] += n
            m = min(n, exp_trace.get(g, 0))
            correct[g] += m
            if n > m:
                fp_expected[g]["none (trace)"] += n - m
                bad = True
        for s in r.get("steps", []):
            e = s.get("error") or {}
            if e.get("type") == "inference_violation":
                fallacies[(e.get("details") or e).get("fallacy", "?")] += 1
        if bad:
            misses.append({"id": t["id"], "inject": meta, "input": t,
                           "output": r})
    return {"labels": labels, "labels_src": labels_src, "hits": hits,
            "hits_src": hits_src, "said": said, "reported": reported,
            "correct": correct, "fp_expected": fp_expected, "misses": misses,
            "controls": controls, "controls_valid": controls_valid,
            "fallacies": fallacies, "by_form": by_form}


# --- report -----------------------------------------------------------------

def pct(a, b):
    return "n/a" if not b else f"{100.0 * a / b:.1f}%"


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return os.cpu_count(), model


def version(folcheck):
    try:
        return subprocess.run([folcheck, "version"], capture_output=True,
                              text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def fmt_counter(c):
    return ", ".join(f"{k} {v}" for k, v in c.most_common())


def render(sc, info):
    L = []
    L.append(f"Command: `{info['command']}` (binary {info['binary']}, "
             f"{info['version']}). Run {info['date']}, "
             f"{info['wall']:.0f} s for {info['traces']} traces "
             f"(`folcheck audit --jobs {info['jobs']}`).")
    L.append("")
    L.append(f"Machine: {info['ncpu']} CPUs, {info['cpu']}; load average "
             f"before/after {info['load0']} / {info['load1']} (shared).")
    L.append("")
    L.append(f"Inputs (benchmarks/inject/inject.py, seed {info['seed']}): the "
             f"{info['pq']} valid ProntoQA dev traces (benchmarks/corpora/"
             f"prontoqa.py) and {info['gsm']} synthetic GSM8K-style chains per "
             "injection (benchmarks/corpora/gsm_synth.py, 3-8 steps); one "
             "injected error per trace at a seeded random eligible step. "
             "Expected labels and eligibility: benchmarks/inject/README.md.")
    L.append("")
    L.append("| type | injection | injected (ProntoQA + GSM) | recall | "
             "folcheck reported | precision | ≥ 95% |")
    L.append("|---|---|---|---|---|---|---|")
    how = {
        "contradicts_premises": "polarity flip of a derived fact / `≠` as the "
                                "last link of a chain",
        "ungrounded_symbol": "fresh predicate or individual / fresh quantity "
                             "as an operand",
        "missing_steps": "step removed, next step keeps the stale citation",
        "inference_violation": "affirming the consequent of a distractor rule",
        "arithmetic": "wrong result (±1, ±2, ±10); also the first step of "
                      "each `propagated` injection",
        "operation_misapplication": "wrong operator in the names, values "
                                    "of the right one",
        "propagated": "step recomputed from an earlier wrong result",
        "conclusion_mismatch": "negated conclusion / wrong final value "
                               "(trace level)",
    }
    all_pass = True
    for ty in TYPES:
        n = sc["labels"][ty]
        h = sc["hits"][ty]
        rep = sc["reported"][ty]
        cor = sc["correct"][ty]
        rec = h / n if n else 0.0
        prec = cor / rep if rep else 0.0
        ok = n > 0 and rec >= TARGET and prec >= TARGET
        all_pass &= ok
        L.append(f"| {ty} | {how[ty]} | {n} ({sc['labels_src'][(ty, 'prontoqa')]}"
                 f" + {sc['labels_src'][(ty, 'gsm')]}) | {pct(h, n)} | {rep} | "
                 f"{pct(cor, rep)} | {'PASS' if ok else 'FAIL'} |")
    others = sorted(set(sc["reported"]) - set(TYPES))
    for ty in others:
        all_pass = False
        L.append(f"| {ty} (never injected) | - | 0 | - | {sc['reported'][ty]} "
                 f"| 0.0% | FAIL |")
    cv, cn = sum(sc["controls_valid"].values()), sum(sc["controls"].values())
    L.append("")
    L.append(f"Controls (uninjected): {cv} of {cn} valid "
             f"(ProntoQA {sc['controls_valid']['prontoqa']}/"
             f"{sc['controls']['prontoqa']}, GSM {sc['controls_valid']['gsm']}/"
             f"{sc['controls']['gsm']}). "
             f"Fallacy named for inference_violation: "
             f"{fmt_counter(sc['fallacies']) or 'none'}.")
    all_pass &= cv == cn
    if sc["by_form"]:
        parts = [f"{n_ok}/{n} ({pct(n_ok, n)}) where the stated wrong value "
                 f"is {'a quotient `(p / q)`' if form == 'quotient' else 'a plain numeral'}"
                 for (ty, form), (n, n_ok) in sorted(sc["by_form"].items())]
        L.append("")
        L.append("arithmetic recall by how the wrong result is written: "
                 + "; ".join(parts) + ".")
    below = []
    for ty in TYPES + others:
        n, rep = sc["labels"][ty], sc["reported"][ty]
        rec = sc["hits"][ty] / n if n else 0.0
        prec = sc["correct"][ty] / rep if rep else 0.0
        if ty not in TYPES or rec < TARGET or prec < TARGET:
            below.append((ty, rec, prec))
    if below:
        L.append("")
        L.append("Confusion for the types below target:")
        L.append("")
        for ty, rec, prec in below:
            if sc["labels"][ty] and rec < TARGET:
                L.append(f"- {ty}, recall: folcheck said "
                         f"{fmt_counter(sc['said'][ty])}.")
            if sc["reported"][ty] and prec < TARGET:
                L.append(f"- {ty}, precision: where it was reported the "
                         f"label was {fmt_counter(sc['fp_expected'][ty])}.")
    if info.get("notes"):
        L.append("")
        L.extend(info["notes"])
    L.append("")
    L.append("Every disagreement, with its input and folcheck's output: "
             "benchmarks/work/inject-misses.jsonl.")
    return "\n".join(L), all_pass


def replace_block(text, block):
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < i:
        raise ValueError(f"{README} lacks the {BEGIN} ... {END} markers")
    return text[:i + len(BEGIN)] + "\n" + block + "\n" + text[j:]


def load_notes():
    """Findings written by hand after investigating (kept across runs)."""
    p = os.path.join(HERE, "notes.md")
    if not os.path.exists(p):
        return []
    with open(p, encoding="utf-8") as f:
        return f.read().strip().splitlines()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pq-count", type=int, default=500)
    ap.add_argument("--gsm-count", type=int, default=250)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--rescore", action="store_true",
                    help="do not run folcheck: score the outputs of the last "
                         "run again (after editing notes.md)")
    args = ap.parse_args()

    folcheck = os.environ.get("FOLCHECK", os.path.join(ROOT, "build",
                                                       "folcheck"))
    if not os.access(folcheck, os.X_OK):
        log(f"no folcheck binary at {folcheck} (set FOLCHECK)")
        return 2
    os.makedirs(WORK, exist_ok=True)
    inp = os.path.join(WORK, "inject-input.jsonl")
    outp = os.path.join(WORK, "inject-output.jsonl")

    traces, skipped = generate(args.seed, args.pq_count, args.gsm_count)
    with open(inp, "w", encoding="utf-8") as f:
        for t in traces:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    log(f"{len(traces)} traces -> {inp}; not applicable: "
        f"{dict((f'{a}/{b}', n) for (a, b), n in skipped.items())}")

    prev = {}
    if args.rescore:
        with open(os.path.join(WORK, "inject-results.json"),
                  encoding="utf-8") as f:
            prev = json.load(f)["info"]
        wall, load0, load1 = prev["wall"], prev["load0"], prev["load1"]
    else:
        load0 = " ".join(f"{x:.1f}" for x in os.getloadavg())
        t0 = time.time()
        cmd = [folcheck, "audit", inp, "--jobs", str(args.jobs), "--out",
               outp]
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        wall = time.time() - t0
        load1 = " ".join(f"{x:.1f}" for x in os.getloadavg())
        if p.returncode != 0:
            log(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-2000:]}")
            return 2
    with open(outp, encoding="utf-8") as f:
        results = [json.loads(l) for l in f if l.strip()]
    if len(results) != len(traces):
        log(f"{len(results)} results for {len(traces)} traces")
        return 2
    log(f"audit took {wall:.0f} s")

    sc = score(traces, results)
    with open(os.path.join(WORK, "inject-misses.jsonl"), "w",
              encoding="utf-8") as f:
        for m in sc["misses"]:
            f.write(json.dumps(m, ensure_ascii=False) + "\n")

    ncpu, cpu = machine()
    cmdline = "python3 benchmarks/inject/run.py"
    extra = [a for a in sys.argv[1:] if a not in ("--no-readme", "--rescore")]
    if extra:
        cmdline += " " + " ".join(shlex.quote(a) for a in extra)
    if "FOLCHECK" in os.environ:
        cmdline = f"FOLCHECK={os.environ['FOLCHECK']} " + cmdline
    info = {"command": cmdline, "binary": folcheck,
            "version": prev.get("version") or version(folcheck),
            "date": prev.get("date") or datetime.datetime.now(
                datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "wall": wall, "traces": len(traces), "jobs": args.jobs,
            "ncpu": ncpu, "cpu": cpu, "load0": load0, "load1": load1,
            "seed": args.seed, "pq": args.pq_count, "gsm": args.gsm_count,
            "notes": load_notes()}
    block, ok = render(sc, info)
    print(block)
    res = {k: (dict((str(a), b) for a, b in v.items())
               if isinstance(v, collections.Counter) else v)
           for k, v in sc.items()
           if k not in ("misses", "said", "fp_expected", "by_form")}
    res["by_form"] = {f"{a}/{b}": v for (a, b), v in sc["by_form"].items()}
    res["said"] = {k: dict(v) for k, v in sc["said"].items()}
    res["fp_expected"] = {k: dict(v) for k, v in sc["fp_expected"].items()}
    res["misses"] = len(sc["misses"])
    res["info"] = info
    res["skipped"] = {f"{a}/{b}": n for (a, b), n in skipped.items()}
    res["pass"] = ok
    with open(os.path.join(WORK, "inject-results.json"), "w",
              encoding="utf-8") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)

    if not args.no_readme:
        with open(README, encoding="utf-8") as f:
            text = f.read()
        new = replace_block(text, block)
        tmp = README + ".inject-tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(tmp, README)
        log(f"wrote the inject block of {README}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
