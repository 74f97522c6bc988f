#!/usr/bin/env python3
"""Export and cross-checks: the questions a check settles, written for
other provers and put to them.

1. `folcheck export --to smtlib` and `--to tptp` of native, JSON Lines and
   TSTP inputs: one file per question, named by trace, step and context;
   cvc5 answers each SMT-LIB problem as its `:status` says, and E each
   first-order TPTP problem folcheck answered (Theorem, Unsatisfiable or
   CounterSatisfiable, Satisfiable).
2. `check --cross-check cvc5|eprover`: every entailed and contradicted
   answer asked, all agreeing, in JSON per step and for the trace, and in
   the text summary line; `audit --cross-check` counts them in the summary.
3. A second prover that lies, hangs, or prints nonsense (fake `cvc5` and
   `eprover` on PATH): a disagreement is reported as one (a warning, JSON
   "agrees": false, the summary's count); a hang is a timeout and nonsense
   an error, counted as no answer, never as agreement.

Usage: crosscheck_test.py.  Environment: FOLCHECK, the binary.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402

ROOT = fctest.SOURCE
EX = os.path.join(ROOT, "examples")
TSTP = os.path.join(ROOT, "tests", "tstp")
INPUTS = [os.path.join(EX, "natalia.fol"), os.path.join(EX, "records.jsonl"),
          os.path.join(EX, "socrates.tstp"), os.path.join(EX, "socrates.p"),
          os.path.join(TSTP, "skolem-valid.p"),
          os.path.join(TSTP, "contradicted.p"),
          os.path.join(TSTP, "e", "folio-validation-0002.p")]


def prover(args, timeout=30):
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    return p.stdout


def export(checks, work, fmt):
    out = os.path.join(work, fmt)
    rc, stdout, err = fctest.run(["export", "--to", fmt, "--out", out] +
                                 INPUTS)
    files = stdout.split()
    checks.check(rc == 0 and files and all(os.path.isfile(f) for f in files),
                 f"export {fmt}: exit {rc}, {len(files)} files, {err[-300:]}")
    names = {os.path.relpath(f, out) for f in files}
    for want in ("natalia.fol/01-premises", "natalia.fol/02-s1-global",
                 "natalia.fol/03-s1-local", "q17/02-s1-global",
                 "socrates.tstp/01-c_0_3-parents",
                 "skolem-valid.p/01-s1-parents"):
        ext = ".smt2" if fmt == "smtlib" else ".p"
        checks.check(want + ext in names, f"export {fmt}: no {want}{ext} "
                     f"among {sorted(names)[:8]}")
    return files


def smtlib_answers(checks, files):
    asked = agree = 0
    for f in files:
        text = open(f, encoding="utf-8").read()
        m = re.search(r"\(set-info :status (\w+)\)", text)
        if not checks.check(m and "(check-sat)" in text,
                            f"{f}: no status or (check-sat)"):
            continue
        if m.group(1) == "unknown":
            continue
        got = prover(["cvc5", "--lang", "smt2", "--full-saturate-quant",
                      "--tlimit=10000", f]).strip()
        asked += 1
        if got == "unknown":  # no model found for a sat one: no answer
            continue
        agree += checks.check(got == m.group(1),
                              f"{f}: folcheck {m.group(1)}, cvc5 {got}")
    checks.check(asked >= 20 and agree >= asked - 6,
                 f"cvc5 answered {agree} of {asked} SMT-LIB problems alike")


def tptp_answers(checks, files):
    asked = 0
    for f in files:
        text = open(f, encoding="utf-8").read()
        m = re.search(r"folcheck's answer: (\w+)", text)
        if not checks.check(m, f"{f}: no answer comment"):
            continue
        if "tff(" in text:  # E reads no arithmetic; cvc5 reads TPTP's
            got = prover(["cvc5", "--lang", "tptp", "--tlimit=10000", f])
        else:
            got = prover(["eprover", "--auto", "-s", "--cpu-limit=10", f])
        s = re.search(r"SZS status (\w+)", got)
        s = s.group(1) if s else "none"
        want = {"entailed": {"Theorem", "Unsatisfiable"},
                "contradicted": {"Theorem", "Unsatisfiable"},
                "inconsistent": {"Unsatisfiable", "ContradictoryAxioms"},
                "consistent": {"Satisfiable"},
                "undetermined": {"CounterSatisfiable", "Satisfiable"}}.get(
                    m.group(1))
        if want is None or s in ("GaveUp", "ResourceOut", "Unknown"):
            continue
        asked += 1
        checks.check(s in want or (s == "ContradictoryAxioms" and
                                   m.group(1) != "undetermined"),
                     f"{f}: folcheck {m.group(1)}, prover {s}")
    checks.check(asked >= 20, f"only {asked} TPTP problems answered")


def cross(checks, p):
    for path in INPUTS:
        rc, out, err = fctest.run(["check", "--format", "json",
                                   "--cross-check", p, path], timeout=600)
        for r in fctest.parse_concat(out):
            c = r.get("cross_check")
            name = f"{os.path.basename(path)} {r.get('id')} {p}"
            if not checks.check(c and c["prover"] == p,
                                f"{name}: no cross_check"):
                continue
            answers = {a["answer"] for a in c["other_answers"]}
            if p == "eprover" and answers == {"no_arithmetic"}:
                # E does no arithmetic: no answer, never agreement
                checks.check(c["agree"] == c["disagree"] == 0 and
                             "natalia" in path, f"{name}: {c}")
                continue
            checks.check(c["disagree"] == 0 and c["no_answer"] == 0 and
                         c["agree"] >= 1, f"{name}: {c}")
            for s in r["steps"]:
                if s["global"] in ("entailed", "contradicted"):
                    checks.check("cross_check" in s,
                                 f"{name} {s['label']}: not cross-checked")
    rc, out, err = fctest.run(["check", "--cross-check", p,
                               os.path.join(EX, "socrates.tstp")])
    checks.check(f"; {p} agrees on 6 of 6" in out, f"text: {out[-200:]}")


def fake(work, name, body):
    d = os.path.join(work, "bin-" + name)
    os.makedirs(d, exist_ok=True)
    for exe in ("cvc5", "eprover"):
        path = os.path.join(d, exe)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body + "\n")
        os.chmod(path, 0o755)
    return d


def status_free(checks, work):
    """cvc5 aborts when its answer differs from a problem's :status: the
    problems it is given for a cross-check carry none, so that a
    disagreement is one, not an error."""
    env = dict(os.environ)
    env["PATH"] = fake(work, "status", 'for a; do f=$a; done; '
                       'if grep -q ":status" "$f"; then echo error; '
                       'else echo unsat; fi') + os.pathsep + env["PATH"]
    proc = subprocess.run([fctest.FOLCHECK, "check", "--format", "json",
                           "--cross-check", "cvc5",
                           os.path.join(EX, "natalia.fol")],
                          capture_output=True, text=True, env=env,
                          timeout=120)
    c = json.loads(proc.stdout)["cross_check"]
    checks.check(c["agree"] == c["obligations"] > 0, f"status-free: {c}")


def liars(checks, work):
    cases = [("lies", "echo sat; echo '# SZS status CounterSatisfiable'",
              "disagree"),
             ("hangs", "exec sleep 30", "no_answer"),
             ("nonsense", "echo 'what is this'", "no_answer")]
    for name, body, kind in cases:
        env = dict(os.environ)
        env["PATH"] = fake(work, name, body) + os.pathsep + env["PATH"]
        for p in ("cvc5", "eprover"):
            args = [fctest.FOLCHECK, "check", "--format", "json",
                    "--cross-check", p, "--cross-check-timeout", "500",
                    os.path.join(EX, "socrates.tstp")]
            proc = subprocess.run(args, capture_output=True, text=True,
                                  env=env, timeout=120)
            r = json.loads(proc.stdout)
            c = r["cross_check"]
            where = f"a {p} that {name}"
            checks.check(c[kind] == c["obligations"] > 0 and
                         c["agree"] == 0, f"{where}: {c}")
            checks.check(c["agrees"] is (False if kind == "disagree"
                                         else None), f"{where}: {c}")
            answers = {a["answer"] for a in c["other_answers"]}
            checks.check(answers == {"lies": {"sat", "CounterSatisfiable"},
                                     "hangs": {"timeout"},
                                     "nonsense": {"error"}}[name] & answers
                         and len(answers) == 1, f"{where}: {answers}")
            if name == "hangs":
                checks.check(all(a["ms"] < 5000 for a in c["other_answers"]),
                             f"{where}: not stopped in time")
        # the text report: a warning per disagreement
        proc = subprocess.run([fctest.FOLCHECK, "check", "--cross-check",
                               "cvc5", os.path.join(EX, "natalia.fol")],
                              capture_output=True, text=True, env=env,
                              timeout=120)
        if kind == "disagree":
            checks.check("warning[cross_check]: step s1 (global context): "
                         "folcheck says entailed, cvc5 answers sat" in
                         proc.stdout + proc.stderr and "DISAGREES" in
                         proc.stdout, f"text: {proc.stdout[:600]}")
        # the audit summary counts them
        summary = os.path.join(work, name + ".json")
        proc = subprocess.run([fctest.FOLCHECK, "audit", "--cross-check",
                               "cvc5", "--cross-check-timeout", "500",
                               "--summary", summary,
                               os.path.join(EX, "records.jsonl")],
                              capture_output=True, text=True, env=env,
                              timeout=300)
        s = json.load(open(summary))
        checks.check(s["cross_check_asked"] > 0 and
                     s["cross_check_" + kind] == s["cross_check_asked"],
                     f"audit with a cvc5 that {name}: "
                     f"{ {k: v for k, v in s.items() if 'cross' in k} }")


def main():
    fctest.binary("crosscheck_test")
    checks = fctest.Checks()
    for tool in ("cvc5", "eprover"):
        if not checks.check(shutil.which(tool), f"{tool} is not installed "
                            "(scripts/install-deps installs it)"):
            return checks.finish()
    work = tempfile.mkdtemp(prefix="folcheck-cross-")
    try:
        smtlib_answers(checks, export(checks, work, "smtlib"))
        tptp_answers(checks, export(checks, work, "tptp"))
        for p in ("cvc5", "eprover"):
            cross(checks, p)
        liars(checks, work)
        status_free(checks, work)
        rc, out, err = fctest.run(["check", "--cross-check", "z3",
                                   os.path.join(EX, "natalia.fol")])
        checks.check(rc == 2 and "unknown prover 'z3'" in err,
                     f"--cross-check z3: exit {rc}, {err}")
        rc, out, err = fctest.run(["export", os.path.join(EX, "natalia.fol")])
        checks.check(rc == 2 and "--out DIR" in err, f"export: {err}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
