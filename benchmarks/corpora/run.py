#!/usr/bin/env python3
"""Audit three corpora of real model outputs with folcheck and write the
results into benchmarks/README.md.

    python3 benchmarks/corpora/run.py [--no-readme] [--jobs N]

The binary is $FOLCHECK, or build/folcheck in the repo.  Data come from
$FOLCHECK_DATA/llm-traces (default: ../shared/data next to the repo).

For each corpus (cotlog, leanreasoner, faithful-cot):
1. its importer (benchmarks/corpora/<corpus>.py) writes folcheck JSON Lines
   to benchmarks/work/<corpus>.jsonl and its translation counts to
   benchmarks/work/<corpus>.import.json;
2. `folcheck audit` writes benchmarks/work/<corpus>.out.jsonl and the corpus
   summary benchmarks/work/<corpus>.summary.json (kept for the HTML report);
   the run is checked: exit status 0 (no crash: a signal is reported as
   one), no hang (a time limit), one result per record, ids in order;
3. corpus-specific comparisons: cotlog's E-prover flags (disagreements
   explained in benchmarks/corpora/cotlog-disagreements.md),
   Faithful-CoT's answers, LeanReasoner's wrong steps under right answers.

Finally the tables replace the text between `<!-- corpora:begin -->` and
`<!-- corpora:end -->` in benchmarks/README.md (the file is re-read just
before writing; nothing else in it changes).  Raw numbers go to
benchmarks/work/corpora-results.json.

Standard library only.  Exit status 0 when every corpus audited without a
crash, hang or lost record; 1 otherwise; 2 when it could not run.
"""

import argparse
import collections
import datetime
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "benchmarks", "work")
README = os.path.join(ROOT, "benchmarks", "README.md")
DISAGREE_MD = os.path.join(HERE, "cotlog-disagreements.md")
BEGIN, END = "<!-- corpora:begin -->", "<!-- corpora:end -->"
AUDIT_TIMEOUT = 900

sys.path.insert(0, HERE)
import cotlog_agree  # noqa: E402

CORPORA = [
    ("cotlog", "cotlog.py"),
    ("leanreasoner", "leanreasoner.py"),
    ("faithful-cot", "faithful_cot.py"),
]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def run_corpus(name, script, binary, jobs, problems):
    inp = os.path.join(WORK, name + ".jsonl")
    stats = os.path.join(WORK, name + ".import.json")
    out = os.path.join(WORK, name + ".out.jsonl")
    summ = os.path.join(WORK, name + ".summary.json")
    p = subprocess.run([sys.executable, os.path.join(HERE, script),
                        "--out", inp, "--stats", stats],
                       capture_output=True, text=True)
    sys.stderr.write(p.stderr)
    if p.returncode != 0:
        problems.append("%s: importer failed (%d)" % (name, p.returncode))
        return None
    t0 = time.monotonic()
    try:
        a = subprocess.run([binary, "audit", inp, "--summary", summ,
                            "--jobs", str(jobs), "--out", out],
                           capture_output=True, text=True,
                           timeout=AUDIT_TIMEOUT)
        rc = a.returncode
        err = a.stderr
    except subprocess.TimeoutExpired:
        rc, err = None, "timed out after %d s" % AUDIT_TIMEOUT
    wall = time.monotonic() - t0
    res = {"name": name, "input": inp, "out": out, "summary_path": summ,
           "wall_s": wall, "rc": rc, "stderr": err[-2000:],
           "import": json.load(open(stats))}
    if rc is None:
        problems.append("%s: folcheck audit hung (%s)" % (name, err))
        return res
    if rc < 0:
        problems.append("%s: folcheck audit crashed (signal %d): %s"
                        % (name, -rc, err[-300:]))
        return res
    if rc != 0:
        problems.append("%s: folcheck audit exited %d: %s"
                        % (name, rc, err[-300:]))
        return res
    records = load(inp)
    results = load(out)
    if len(results) != len(records):
        problems.append("%s: %d records but %d results"
                        % (name, len(records), len(results)))
    elif [r["id"] for r in records] != [o.get("id") for o in results]:
        problems.append("%s: results not in input order" % name)
    res["records"] = records
    res["results"] = results
    res["summary"] = json.load(open(summ))
    return res


def reasons(d, primary=None, s=None):
    """'context 10, reading 1' (for the strict reading: the primary cases
    that remain plus the new ones)."""
    if primary is not None:
        return "%d carried over, %s new" % (
            s["steps"] - s["agree_strict"] - sum(d.values()),
            ", ".join("%s %d" % kv for kv in sorted(d.items(),
                                                    key=lambda kv: -kv[1]))
            or "none")
    return ", ".join("%s %d" % kv for kv in sorted(d.items(),
                                                   key=lambda kv: -kv[1])) \
        or "none"


def corpus_row(r):
    s = r["summary"]
    t = s["traces"]
    return {
        "traces": t, "records": s["records"],
        "unreadable": s["input_errors"], "steps": s["steps"],
        "coherent": s["coherent"], "valid": s["valid"],
        "coherent_invalid": s["quadrant"]["coherent_invalid"],
        "unknown": s["unknown"],
        "conclusions": s["conclusions"], "reached": s["reached"],
        "wall_s": r["wall_s"],
    }


# --- corpus-specific comparisons -------------------------------------------

def faithful(r):
    by = {x["id"]: x for x in r["records"]}
    tabs = {"all": collections.Counter(), "complete": collections.Counter()}
    for o in r["results"]:
        m = by[o["id"]]["meta"]
        reached = bool(o.get("conclusion") and o["conclusion"].get("reached"))
        k = (m["gpt4_correct"], reached)
        tabs["all"][k] += 1
        if m["complete"]:
            tabs["complete"][k] += 1
    return {k: {"%s/%s" % kk: v for kk, v in c.items()}
            for k, c in tabs.items()}


def lean(r):
    by = {x["id"]: x for x in r["records"]}
    probs = {}
    traces_err = traces_false = 0
    proofs = collections.Counter()
    for o in r["results"]:
        m = by[o["id"]]["meta"]
        p = probs.setdefault(m["problem_id"], {
            "correct": m["correct"], "wrong": False, "false": False,
            "proof_wrong": False})
        steps = o.get("steps") or []
        wrong = any(s.get("error") for s in steps)
        false = any(s["global"] in ("contradicted", "undetermined",
                                    "ill_formed") for s in steps)
        traces_err += wrong
        traces_false += false
        p["wrong"] |= wrong
        p["false"] |= false
        if not m["sorry"]:
            # a proof the model claims finished: its answer rests on it
            p["proof_wrong"] |= wrong
            proofs[("valid" if o.get("valid") else "invalid",
                    "correct" if m["correct"] else "wrong")] += 1
    c = collections.Counter()
    for p in probs.values():
        c[("wrong" if p["wrong"] else "clean",
           "correct" if p["correct"] else "wrong_answer")] += 1
        c[("false" if p["false"] else "nofalse",
           "correct" if p["correct"] else "wrong_answer")] += 1
        c[("proofwrong" if p["proof_wrong"] else "proofclean",
           "correct" if p["correct"] else "wrong_answer")] += 1
    return {"problems": len(probs), "traces": len(r["results"]),
            "traces_with_error": traces_err,
            "traces_with_false_step": traces_false,
            "by": {"%s/%s" % k: v for k, v in c.items()},
            "finished_proofs": {"%s/%s" % k: v for k, v in proofs.items()}}


# --- README ----------------------------------------------------------------

def md_block(results, agree, extra, binary, version, minutes, problems):
    now = datetime.datetime.now(datetime.timezone.utc)
    try:
        load_avg = "%.1f" % os.getloadavg()[0]
    except OSError:
        load_avg = "?"
    L = []
    L.append("Command: `python3 benchmarks/corpora/run.py` (binary %s, %s). "
             "Run %s, %.1f min, %d CPUs, load average %s at the end." % (
                 os.path.relpath(binary, ROOT) if binary.startswith(ROOT)
                 else binary, version, now.strftime("%Y-%m-%d %H:%M UTC"),
                 minutes, os.cpu_count() or 0, load_avg))
    L.append("")
    L.append("Importers: `benchmarks/corpora/cotlog.py`, `leanreasoner.py`, "
             "`faithful_cot.py` (data: shared/data/llm-traces). Inputs, "
             "results and the audit summaries are in `benchmarks/work/"
             "<corpus>.{jsonl,out.jsonl,summary.json}`. Defaults: window 1, "
             "10 s per query, `--jobs 2`.")
    L.append("")
    if problems:
        L.append("**Problems:** " + "; ".join(problems))
        L.append("")
    names = [r["name"] for r in results if r and "summary" in r]
    rows = {r["name"]: corpus_row(r) for r in results if r and "summary" in r}
    L.append("| corpus | traces | unreadable | steps | coherent | valid | "
             "coherent but invalid | unknown | conclusions reached | "
             "audit wall time |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for n in names:
        x = rows[n]
        L.append("| %s | %d | %d | %d | %s | %s | %s | %d | %s | %.0f s |" % (
            n, x["traces"], x["unreadable"], x["steps"],
            pct(x["coherent"], x["traces"]), pct(x["valid"], x["traces"]),
            pct(x["coherent_invalid"], x["traces"]), x["unknown"],
            "%d/%d" % (x["reached"], x["conclusions"]), x["wall_s"]))
    L.append("")
    L.append("Rates are over readable traces. *Coherent*: no step locally "
             "contradicted or ill-formed. *Valid*: consistent premises, every "
             "step entailed without help from failed steps, cited parents "
             "entail their step, conclusion reached.")
    L.append("")
    # error histogram
    types = collections.OrderedDict()
    for n in names:
        s = [r for r in results if r and r["name"] == n][0]["summary"]
        for k in list(s.get("step_errors", {})) + \
                list(s.get("trace_errors", {})):
            types[k] = True
    L.append("Errors by type (steps; the last rows are per trace):")
    L.append("")
    L.append("| type | " + " | ".join(names) + " |")
    L.append("|---|" + "---|" * len(names))
    step_types = [k for k in types if k not in ("conclusion_mismatch",
                                                "inconsistent_premises",
                                                "solver_unknown")]
    trace_types = [k for k in types if k not in step_types]
    for k in step_types + trace_types:
        cells = []
        for n in names:
            s = [r for r in results if r and r["name"] == n][0]["summary"]
            v = s.get("step_errors", {}).get(k, 0) + \
                (s.get("trace_errors", {}).get(k, 0) if k in trace_types
                 else 0)
            cells.append(str(int(v)) if v else "")
        L.append("| %s%s | %s |" % (k, " (trace)" if k in trace_types else "",
                                     " | ".join(cells)))
    L.append("")
    # untranslated
    L.append("Not translated (counted by the importers, listed per trace in "
             "`meta.untranslated`; nothing is dropped silently):")
    L.append("")
    for r in results:
        if not r:
            continue
        imp = r["import"]
        un = imp.get("untranslated", {})
        items = sorted(un.items(), key=lambda kv: -kv[1])
        txt = "; ".join("%s: %d" % (k, v) for k, v in items) or "nothing"
        L.append("- **%s** (%d records, %d traces, %d steps): %s." % (
            r["name"], imp.get("records", 0), imp.get("traces", 0),
            imp.get("steps", 0), txt))
        if imp.get("repaired"):
            L.append("  Repaired: " + "; ".join(
                "%s: %d" % kv for kv in imp["repaired"].items()) + ".")
        if imp.get("handled"):
            L.append("  Handled as: " + "; ".join(
                "%s: %d" % kv for kv in sorted(imp["handled"].items(),
                                              key=lambda kv: -kv[1])) +
                "; traces fully translated: %d of %d." % (
                    imp.get("complete_traces", 0), imp.get("traces", 0)))
        if imp.get("notes"):
            L.append("  Notes: " + "; ".join(
                "%s: %d" % kv for kv in sorted(imp["notes"].items(),
                                              key=lambda kv: -kv[1])) + ".")
    L.append("")
    if agree:
        s = agree
        L.append("**cotlog: folcheck against E-prover** (a step is verified "
                 "by folcheck when globally `entailed`):")
        L.append("")
        L.append("| | E-prover verified | E-prover not verified |")
        L.append("|---|---|---|")
        L.append("| folcheck entailed | %d | %d |" % (s["both"], s["f_only"]))
        L.append("| folcheck not entailed | %d | %d |" % (s["e_only"],
                                                          s["neither"]))
        L.append("")
        L.append("Agreement %d/%d steps (%s), Cohen's kappa %.2f; the "
                 "disagreements: %s. Counting `propagated` steps (entailed "
                 "only with help from earlier failed steps) as not verified, "
                 "which is closer to E-prover's context: %d/%d (%s); the "
                 "disagreements then: %s. Every case, with its reason and "
                 "the folcheck re-check behind it, is in "
                 "[corpora/cotlog-disagreements.md](corpora/cotlog-"
                 "disagreements.md). In short: folcheck's global context "
                 "keeps earlier undetermined steps (and flags what follows "
                 "from them as `propagated`) where E-prover drops unverified "
                 "ones; cotlog's parser gives ⊕ the lowest precedence, so "
                 "E-prover verified steps that follow only from a misread "
                 "`A → B ⊕ C`; and cotlog's parser cannot read `=`.%s" % (
                     s["agree"], s["steps"], pct(s["agree"], s["steps"]),
                     s["kappa"], reasons(s["reasons"]), s["agree_strict"],
                     s["steps"], pct(s["agree_strict"], s["steps"]),
                     reasons(s["strict_reasons"], s["reasons"], s),
                     "" if any(k in s["reasons"] or k in s["strict_reasons"]
                               for k in ("e-gave-up", "fc-unknown",
                                         "unexplained")) else
                     " No disagreement comes from an E-prover timeout, "
                     "different premises or a folcheck `unknown`, and none "
                     "is left unexplained."))
        L.append("")
        L.append("By run (premises: gold FOLIO premises for 160249, the "
                 "model's own for the others):")
        L.append("")
        L.append("| run | traces | steps | E-prover verified | folcheck "
                 "entailed | agree | valid traces |")
        L.append("|---|---|---|---|---|---|---|")
        for run, v in sorted(extra["cotlog_runs"].items()):
            L.append("| %s | %d | %d | %d | %d | %d | %d |" % (
                run, v["traces"], v["steps"], v["e"], v["f"], v["agree"],
                v["valid"]))
        L.append("")
    if "faithful" in extra:
        f = extra["faithful"]
        L.append("**faithful-cot: conclusion `answer = gold` reached against "
                 "GPT-4's executed answer being right**")
        L.append("")
        L.append("| traces | GPT-4 right, reached | right, not reached | "
                 "wrong, reached | wrong, not reached | agreement |")
        L.append("|---|---|---|---|---|---|")
        for k, label in (("all", "all %d" % sum(f["all"].values())),
                         ("complete", "fully translated %d"
                          % sum(f["complete"].values()))):
            t = f[k]
            tt, tf = t.get("True/True", 0), t.get("True/False", 0)
            ft, ff = t.get("False/True", 0), t.get("False/False", 0)
            L.append("| %s | %d | %d | %d | %d | %s |" % (
                label, tt, tf, ft, ff, pct(tt + ff, tt + tf + ft + ff)))
        L.append("")
        L.append("Every translated step is a definition (`name = term` with "
                 "a fresh name), which folcheck does not check for "
                 "entailment, so the step error histogram is empty by "
                 "construction; the check is whether the definitions reach "
                 "the gold answer. The misses among GPT-4's right answers "
                 "are traces with a statement left out (sympy, loops, "
                 "`//` whose inputs were not translated).")
        L.append("")
    if "lean" in extra:
        g = extra["lean"]
        b = g["by"]
        L.append("**leanreasoner: wrong steps under right answers** "
                 "(%d problems, %d theorem blocks; a *wrong* step has an "
                 "error type, a *false* one is not even entailed by the "
                 "premises and earlier steps):" % (
                     g["problems"], g["traces"]))
        L.append("")
        L.append("| problems | answer right | answer wrong | right among "
                 "them |")
        L.append("|---|---|---|---|")

        def row(lbl, key):
            r_, w_ = b.get(key + "/correct", 0), b.get(key + "/wrong_answer",
                                                        0)
            L.append("| %s | %d | %d | %s |" % (lbl, r_, w_, pct(r_, r_ + w_)))
        row("with a wrong step (any block)", "wrong")
        row("without a wrong step", "clean")
        row("with a false step (any block)", "false")
        row("with a wrong step in a finished proof (no `sorry`)",
            "proofwrong")
        row("finished proofs all clean", "proofclean")
        L.append("")
        right = b.get("wrong/correct", 0) + b.get("clean/correct", 0)
        fp = g["finished_proofs"]
        L.append("Of the %d right answers, %d (%s) come with at least one "
                 "wrong step somewhere, and %d (%s) with a wrong step in a "
                 "proof the model finished (no `sorry`), i.e. the proof its "
                 "answer rests on." % (
                     right, b.get("wrong/correct", 0),
                     pct(b.get("wrong/correct", 0), right),
                     b.get("proofwrong/correct", 0),
                     pct(b.get("proofwrong/correct", 0), right)))
        L.append("")
        L.append("| finished proofs (theorem blocks without `sorry`) | answer "
                 "right | answer wrong |")
        L.append("|---|---|---|")
        for v in ("valid", "invalid"):
            L.append("| folcheck %s | %d | %d |" % (
                v, fp.get(v + "/correct", 0), fp.get(v + "/wrong", 0)))
        L.append("")
        L.append("The premises are the model's own axioms, so a wrong "
                 "formalization of the English (and the answer it leads to) "
                 "is invisible here; a valid proof with a wrong answer is "
                 "such a case.")
    return "\n".join(L).rstrip() + "\n"


def write_readme(block):
    with open(README, encoding="utf-8") as f:
        text = f.read()
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < i:
        raise SystemExit("run.py: markers %s ... %s not found in %s"
                         % (BEGIN, END, README))
    text = text[:i + len(BEGIN)] + "\n" + block + text[j:]
    tmp = README + ".corpora.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, README)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    binary = os.environ.get("FOLCHECK", os.path.join(ROOT, "build",
                                                     "folcheck"))
    if not os.access(binary, os.X_OK):
        print("run.py: no folcheck binary at %s (set FOLCHECK or build "
              "into build/)" % binary, file=sys.stderr)
        return 2
    os.makedirs(WORK, exist_ok=True)
    version = subprocess.run([binary, "version"], capture_output=True,
                             text=True).stdout.strip() or "folcheck ?"
    t0 = time.monotonic()
    problems = []
    results = [run_corpus(n, s, binary, args.jobs, problems)
               for n, s in CORPORA]
    extra = {}
    agree = None
    byname = {r["name"]: r for r in results if r and "results" in r}
    if "cotlog" in byname:
        r = byname["cotlog"]
        rows = cotlog_agree.analyse(r["records"], r["results"], binary, WORK)
        agree = cotlog_agree.summary(rows)
        with open(DISAGREE_MD, "w", encoding="utf-8") as f:
            f.write(cotlog_agree.markdown(rows, agree))
        with open(os.path.join(WORK, "cotlog.agree.json"), "w") as f:
            json.dump({"summary": agree, "rows": rows}, f, indent=1,
                      ensure_ascii=False)
        runs = {}
        valid = {o["id"]: o.get("valid", False) for o in r["results"]}
        for rec in r["records"]:
            v = runs.setdefault(rec["meta"]["run"], {
                "traces": 0, "steps": 0, "e": 0, "f": 0, "agree": 0,
                "valid": 0})
            v["traces"] += 1
            v["valid"] += bool(valid.get(rec["id"]))
        for row in rows:
            v = runs[row["run"]]
            v["steps"] += 1
            v["e"] += row["e"]
            v["f"] += row["f"]
            v["agree"] += row["e"] == row["f"]
        extra["cotlog_runs"] = runs
        if agree["reasons"].get("unexplained"):
            problems.append("cotlog: %d disagreements unexplained"
                            % agree["reasons"]["unexplained"])
    if "faithful-cot" in byname:
        extra["faithful"] = faithful(byname["faithful-cot"])
    if "leanreasoner" in byname:
        extra["lean"] = lean(byname["leanreasoner"])
    minutes = (time.monotonic() - t0) / 60
    raw = {"problems": problems, "agreement": agree, "extra": extra,
           "corpora": {r["name"]: {k: v for k, v in r.items()
                                   if k not in ("records", "results")}
                       for r in results if r}}
    with open(os.path.join(WORK, "corpora-results.json"), "w") as f:
        json.dump(raw, f, indent=1, ensure_ascii=False, default=str)
    block = md_block(results, agree, extra, binary, version, minutes,
                     problems)
    if not args.no_readme:
        write_readme(block)
    sys.stdout.write(block)
    for p in problems:
        print("run.py: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
