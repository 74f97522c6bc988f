#!/usr/bin/env python3
"""ProntoQA gold chains must check as valid proofs.

Translates the 500 ProntoQA dev problems with benchmarks/corpora/prontoqa.py,
runs `folcheck check --format json` on them and asserts, per trace:
  - nothing was left untranslated, and the chain's conclusion answers the
    question (statement for answer A, its negation for B);
  - the premises are consistent, the trace is valid and coherent, the
    conclusion is entailed and reached;
  - every step is locally and globally entailed, with no error.
So that this cannot pass vacuously, it also checks mutants in the same run:
  - flip: one step (a different position per trace) gets ¬ added or removed;
    that step must be contradicted and the trace invalid;
  - cite (every 5th problem): one step cites an unrelated rule premise instead
    of its own; the trace must be invalid.

Environment: FOLCHECK (the binary), FOLCHECK_DATA (data dir, tests/data when
unset; a missing file fails), FOLCHECK_SOURCE (repo root).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import fctest



def fail_exit(msg):
    print(f"prontoqa_chains: {msg}")
    sys.exit(1)


def parse_results(text):
    """folcheck prints one JSON object per trace; accept any whitespace."""
    return fctest.parse_concat(text)


def negate(formula):
    return formula[1:] if formula.startswith("¬") else "¬" + formula


def make_mutants(trace, k):
    """Mutants of trace number k: [(kind, step label, mutant trace)]."""
    muts = []
    steps = trace["steps"]
    if not steps:
        return muts
    # flip one step's polarity; the position varies from trace to trace
    i = k % len(steps)
    t = json.loads(json.dumps(trace))
    t["steps"][i]["formula"] = negate(t["steps"][i]["formula"])
    t["id"] = f"{trace['id']}#flip-{steps[i]['label']}"
    t.pop("conclusion", None)  # judge the flipped step, not the conclusion
    muts.append(("flip", steps[i]["label"], t))
    if k % 5 == 0:
        # cite a rule premise the step does not follow from
        j = (k // 5) % len(steps)
        own = steps[j]["by"][0]
        used = {s["by"][0] for s in steps}
        others = [p["label"] for p in trace["premises"]
                  if p["formula"].startswith("∀") and p["label"] not in used]
        if others:
            t = json.loads(json.dumps(trace))
            t["steps"][j]["by"][0] = others[k % len(others)]
            t["id"] = f"{trace['id']}#cite-{steps[j]['label']}"
            muts.append(("cite", steps[j]["label"], t))
            assert others[k % len(others)] != own
    return muts


def check_trace(trace, r):
    """Failure messages for an original trace's result r."""
    tid = trace["id"]
    errs = []
    for i in trace.get("untranslated", []):
        errs.append(f"{tid}: untranslated {i['where']}: {i['sentence']!r}: {i['reason']}")
    if r is None:
        return errs + [f"{tid}: no result from folcheck"]
    if "error" in r and r.get("error"):
        return errs + [f"{tid}: folcheck could not read the trace: {json.dumps(r['error'])}"]
    if r.get("premises_consistent") is not True:
        errs.append(f"{tid}: premises_consistent = {r.get('premises_consistent')!r}")
    if r.get("valid") is not True or r.get("verdict") != "valid":
        errs.append(f"{tid}: verdict {r.get('verdict')!r}, valid = {r.get('valid')!r}, "
                    f"errors = {json.dumps(r.get('errors'))}")
    if r.get("coherent") is not True:
        errs.append(f"{tid}: coherent = {r.get('coherent')!r}")
    c = r.get("conclusion") or {}
    if c.get("status") != "entailed" or c.get("reached") is not True:
        errs.append(f"{tid}: conclusion {trace.get('conclusion')!r}: status "
                    f"{c.get('status')!r}, reached {c.get('reached')!r}")
    rsteps = r.get("steps") or []
    if len(rsteps) != len(trace["steps"]):
        errs.append(f"{tid}: {len(rsteps)} step results for {len(trace['steps'])} steps")
    for s, rs in zip(trace["steps"], rsteps):
        if (rs.get("local") != "entailed" or rs.get("global") != "entailed"
                or rs.get("error") is not None):
            errs.append(f"{tid}: step {s['label']} {s['formula']} by {','.join(s['by'])} "
                        f"({s['text']!r}): local {rs.get('local')!r}, global "
                        f"{rs.get('global')!r}, error {json.dumps(rs.get('error'))}")
    # the conclusion is derived, not given
    if trace.get("conclusion") in {p["formula"] for p in trace["premises"]}:
        errs.append(f"{tid}: conclusion {trace['conclusion']} is a premise")
    return errs


def check_mutant(kind, label, mt, r):
    tid = mt["id"]
    if r is None:
        return [f"{tid}: no result from folcheck"]
    if r.get("error"):
        return [f"{tid}: folcheck could not read the mutant: {json.dumps(r['error'])}"]
    errs = []
    if r.get("valid") is not False:
        errs.append(f"{tid}: {kind} mutant of step {label} is not invalid "
                    f"(verdict {r.get('verdict')!r})")
    if kind == "flip":
        rs = next((s for s in r.get("steps", []) if s.get("label") == label), None)
        if rs is None or rs.get("global") != "contradicted":
            errs.append(f"{tid}: flipped step {label} is not globally contradicted: "
                        f"{json.dumps(rs)}")
    return errs


def start_folcheck(binary, traces, tmpdir, name):
    path = os.path.join(tmpdir, name)
    with open(path, "w", encoding="utf-8") as fh:
        for t in traces:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    out = open(path + ".out", "w+b")
    err = open(path + ".err", "w+b")
    proc = subprocess.Popen([binary, "check", "--format", "json", path],
                            stdout=out, stderr=err)
    return name, proc, out, err


def finish_folcheck(started):
    name, proc, out, err = started
    try:
        rc = proc.wait(timeout=600)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        fail_exit(f"folcheck check {name} timed out after 600 s")
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read(), err.read()
    out.close()
    err.close()
    if rc not in (0, 1, 3):
        fail_exit(f"folcheck check {name} exited with {rc}:\n"
                  f"{stderr.decode(errors='replace')[-2000:]}")
    try:
        results = parse_results(stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        fail_exit(f"cannot parse folcheck's JSON output for {name}: {e}")
    return rc, {r.get("id"): r for r in results}, len(results)


def main():
    t0 = time.monotonic()
    path = fctest.data_file("prontoqa_chains", "prontoqa", "prontoqa-dev.json")
    binary = fctest.binary("prontoqa_chains")
    source = fctest.SOURCE
    sys.path.insert(0, os.path.join(source, "benchmarks", "corpora"))
    import prontoqa  # noqa: E402

    problems = prontoqa.load_problems(path)
    traces, issues = prontoqa.translate_all(problems)
    if len(traces) != 500:
        print(f"prontoqa_chains: note: {len(traces)} problems, expected 500")

    mutants = []  # (k, kind, label, trace)
    for k, t in enumerate(traces):
        for kind, label, mt in make_mutants(t, k):
            mutants.append((k, kind, label, mt))

    with tempfile.TemporaryDirectory(prefix="prontoqa-") as tmp:
        # the originals and the mutants are checked concurrently
        a = start_folcheck(binary, traces, tmp, "prontoqa.jsonl")
        b = start_folcheck(binary, [m[3] for m in mutants], tmp,
                           "prontoqa-mutants.jsonl")
        rc, res, nres = finish_folcheck(a)
        _, mres, _ = finish_folcheck(b)

    failures = {}  # problem index -> messages
    for k, t in enumerate(traces):
        msgs = check_trace(t, res.get(t["id"]))
        if msgs:
            failures.setdefault(k, []).extend(msgs)
    rejected = 0
    for k, kind, label, mt in mutants:
        msgs = check_mutant(kind, label, mt, mres.get(mt["id"]))
        if msgs:
            failures.setdefault(k, []).extend(msgs)
        else:
            rejected += 1
    if nres != len(traces):
        print(f"FAIL: folcheck printed {nres} results for {len(traces)} traces")
    if not failures and rc != 0:
        print(f"FAIL: every trace valid but folcheck exited with {rc}")

    for k in sorted(failures):
        for m in failures[k]:
            print(f"FAIL {m}")
    n_steps = sum(len(t["steps"]) for t in traces)
    print(f"translated {len(traces)} problems: "
          f"{sum(len(t['premises']) for t in traces)} premises, {n_steps} steps, "
          f"{len(issues)} untranslated sentences")
    print(f"sanity: {rejected} of {len(mutants)} mutants rejected "
          f"({sum(1 for m in mutants if m[1] == 'flip')} flipped steps, "
          f"{sum(1 for m in mutants if m[1] == 'cite')} wrong citations)")
    print(f"time {time.monotonic() - t0:.1f}s")
    nfail = len(failures)
    print(f"{len(traces) - nfail} passed, {nfail} failed")
    ok = nfail == 0 and nres == len(traces) and rc == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
