#!/usr/bin/env python3
"""Cross-checks: folcheck's answers on every corpus of benchmarks/, put to
a second prover, cvc5 and E in turn.

    python3 benchmarks/cross/run.py [--no-readme] [--per-corpus N]
                                    [--timeout MS]

Corpora, the first N records of each (default 150; the injection corpus:
N spread over its injection types): ProntoQA, FOLIO
(validation, the folio dialect), cotlog, LeanReasoner, GPT-4's GSM8K
programs (faithful-cot, the python dialect), the injection corpus
(benchmarks/inject, seed 1), and E's proofs of FOLIO problems
(benchmarks/tstp's, when that benchmark has run).  Each is audited with
`--cross-check cvc5` and with `--cross-check eprover` (time limit per
problem --timeout, default 10000 ms); every `entailed` and `contradicted`
answer, and every inconsistency of premises, is a question for the second
prover.  The table counts questions, agreements, disagreements, and the
answers that are none (time-outs, give-ups, problems a prover cannot
take); every disagreement is listed.  It replaces the text between
`<!-- cross:begin -->` and `<!-- cross:end -->` in benchmarks/README.md.

The binary is $FOLCHECK, or build/folcheck in the repo; data from
$FOLCHECK_DATA (default ../shared/data).  Standard library only.  Exit
status 0 when every corpus ran, 1 otherwise.
"""
import collections
import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "benchmarks", "work", "cross")
CORPORA_DIR = os.path.join(ROOT, "benchmarks", "corpora")
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
sys.path.insert(0, os.path.join(ROOT, "benchmarks", "inject"))
import machine  # noqa: E402

BEGIN, END = "<!-- cross:begin -->", "<!-- cross:end -->"
FOLCHECK = os.environ.get("FOLCHECK") or os.path.join(ROOT, "build",
                                                      "folcheck")
DATA = os.environ.get("FOLCHECK_DATA") or os.path.join(
    os.path.dirname(ROOT), "shared", "data")


def head(src, dst, n):
    with open(src, encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as g:
        for i, line in enumerate(f):
            if i >= n:
                break
            g.write(line)


def importer(script, out, n, extra=()):
    full = out + ".all"
    subprocess.run([sys.executable, os.path.join(CORPORA_DIR, script),
                    "--out", full] + list(extra), check=True,
                   capture_output=True, text=True)
    head(full, out, n)
    os.unlink(full)


def corpora(n):
    """(name, JSONL path, audit arguments)."""
    out = []
    p = os.path.join(WORK, "prontoqa.jsonl")
    importer("prontoqa.py", p, n)
    out.append(("ProntoQA", p, []))
    p = os.path.join(WORK, "folio.jsonl")
    head(os.path.join(DATA, "folio", "folio-validation.jsonl"), p, n)
    out.append(("FOLIO (validation)", p, ["--dialect", "folio"]))
    for name, script, extra in (("cotlog", "cotlog.py", []),
                                ("LeanReasoner", "leanreasoner.py", []),
                                ("GSM8K (faithful-cot)", "faithful_cot.py",
                                 ["--python"])):
        p = os.path.join(WORK, script.replace(".py", ".jsonl"))
        importer(script, p, n, extra)
        out.append((name, p, []))
    import run as inject_run  # benchmarks/inject/run.py
    traces, _ = inject_run.generate(1, max(2, n // 10), max(2, n // 10))
    p = os.path.join(WORK, "inject.jsonl")
    with open(p, "w", encoding="utf-8") as f:
        # every injection type and the controls: a stride through them
        for t in traces[::max(1, len(traces) // n)][:n]:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    out.append(("injection corpus", p, []))
    proofs = sorted(glob.glob(os.path.join(ROOT, "benchmarks", "work",
                                           "tstp", "validation-*.tstp")))
    proofs = [x for x in proofs if ".mut-" not in x][:n]
    if proofs:
        out.append(("E's proofs of FOLIO (TSTP)", proofs, []))
    return out


def audit(name, path, args, prover, timeout):
    """The results, and the wall time."""
    t0 = time.time()
    if isinstance(path, list):  # TSTP files: check, one JSON per file
        cmd = [FOLCHECK, "check", "--format", "json", "--cross-check",
               prover, "--cross-check-timeout", str(timeout)] + path
    else:
        cmd = [FOLCHECK, "audit", "--jobs", "2", "--cross-check", prover,
               "--cross-check-timeout", str(timeout)] + args + [path]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=7200)
    results = [json.loads(line) for line in p.stdout.splitlines()
               if line.strip()]
    return results, time.time() - t0, p.returncode


def tally(results):
    c = collections.Counter()
    answers = collections.Counter()
    disagreements = []
    for r in results:
        x = r.get("cross_check")
        if not x:
            continue
        c["asked"] += x["obligations"]
        c["agree"] += x["agree"]
        c["disagree"] += x["disagree"]
        c["none"] += x["no_answer"]
        for a in x["other_answers"]:
            answers[a["answer"]] += 1
            if a["answer"] in ("sat", "CounterSatisfiable", "Satisfiable"):
                disagreements.append((r.get("id") or r.get("file"), a))
    return c, answers, disagreements


def main(argv):
    n = int(argv[argv.index("--per-corpus") + 1]) \
        if "--per-corpus" in argv else 150
    timeout = int(argv[argv.index("--timeout") + 1]) \
        if "--timeout" in argv else 10000
    os.makedirs(WORK, exist_ok=True)
    started = time.time()
    load = [machine.loadavg()]
    failures = []
    rows, dis_lines = [], []
    for name, path, args in corpora(n):
        for prover in ("cvc5", "eprover"):
            results, secs, rc = audit(name, path, args, prover, timeout)
            load.append(machine.loadavg())
            if rc not in (0, 1, 3) or not results:
                failures.append("%s with %s: exit %d, %d results" % (
                    name, prover, rc, len(results)))
            c, answers, dis = tally(results)
            none = ", ".join("%s %d" % kv for kv in sorted(
                answers.items()) if kv[0] not in (
                    "sat", "CounterSatisfiable", "Satisfiable"))
            rows.append("| %s | %s | %d | %d | %d | %d | %d | %s | %.0f s |" %
                        (name, prover, len(results), c["asked"], c["agree"],
                         c["disagree"], c["none"], none or "", secs))
            for who, a in dis:
                dis_lines.append("- %s, %s: `%s` step %s (%s context): "
                                 "folcheck %s, %s %s" % (
                                     name, prover, who, a.get("step", "-"),
                                     a["context"], a["folcheck"], prover,
                                     a["answer"]))
    total = time.time() - started
    L = [BEGIN, "",
         "Command: `python3 benchmarks/cross/run.py --per-corpus %d "
         "--timeout %d` (binary %s; cvc5 %s; E %s). Run %s, %.0f min." % (
             n, timeout, os.path.relpath(FOLCHECK, ROOT),
             subprocess.run(["cvc5", "--version"], capture_output=True,
                            text=True).stdout.split("\n")[0].replace(
                                "This is cvc5 version ", ""),
             subprocess.run(["eprover", "--version"], capture_output=True,
                            text=True).stdout.strip().split(" ")[1],
             time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), total / 60),
         "",
         "Machine: %d CPUs, %s; load average %.1f-%.1f." % (
             os.cpu_count(), machine.cpu_model(), min(load), max(load)),
         "",
         "| corpus (first %d records) | prover | traces | questions | agree "
         "| disagree | no answer | what the no-answers were | wall |" % n,
         "|---|---|---|---|---|---|---|---|---|"] + rows
    L += ["", "Disagreements: %s" % ("none." if not dis_lines else "")]
    L += dis_lines
    L += ["", END]
    return machine.finish("\n".join(L), failures, argv,
                          os.path.join(ROOT, "benchmarks", "README.md"),
                          BEGIN, END, 'Cross-checks (cvc5 and E)')


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
