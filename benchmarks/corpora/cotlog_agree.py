#!/usr/bin/env python3
"""Compare folcheck's step verdicts on cotlog with E-prover's, and explain
every disagreement.

A step counts as verified by folcheck when its global status is `entailed`
(it follows from the premises, the definitions and the earlier steps that
were not contradicted).  E-prover's flag is cotlog's `verified`: the step
follows from the premises plus the earlier steps E-prover verified, under
cotlog's parser, within 30 s of CPU.

Each disagreement is explained mechanically, first match wins:

  e-parse       cotlog's parser rejected the formula, so E-prover never ran
                on it (its error says so);
  e-gave-up     E-prover stopped without an answer (timeout, resource out);
  fc-unknown    folcheck's solver answered unknown;
  context       folcheck used earlier steps that E-prover had not verified
                (they are in folcheck's support for the step); checking the
                step again with E-prover's context (premises plus the steps it
                verified) gives E-prover's answer;
  reading       with every formula of E-prover's context re-printed as
                cotlog's parser reads it (⊕ with the lowest precedence, a
                comma as ∧, unmatched ')' trimmed), folcheck gives
                E-prover's answer;
  unexplained   none of the above: looked at by hand (see the notes).

The re-checks are folcheck runs on small traces written to the work folder.

Usage: python3 benchmarks/corpora/cotlog_agree.py IMPORTED.jsonl RESULTS.jsonl
           [--folcheck BIN] [--work DIR] [--md FILE] [--json FILE]
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cotlog  # noqa: E402

# Notes written after looking at the cases the mechanical checks leave
# unexplained, keyed by "trace id#step".  Empty when there are none.
MANUAL = {}


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def run_folcheck(binary, records, path):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    p = subprocess.run([binary, "audit", path, "--jobs", "2"],
                       capture_output=True, text=True, timeout=600)
    if p.returncode not in (0, 1, 3):
        raise RuntimeError("folcheck audit %s failed (%d): %s"
                           % (path, p.returncode, p.stderr[-500:]))
    out = {}
    for line in p.stdout.splitlines():
        o = json.loads(line)
        st = o.get("steps") or []
        out[o["id"]] = (st[0]["global"] if st else
                        "error: " + (o.get("error") or {}).get("message", "?"))
    return out


def reading(f):
    try:
        return cotlog.cotlog_reading(f)
    except ValueError:
        return None


def analyse(imported, results, binary, work):
    by_id = {r["id"]: r for r in imported}
    rows = []
    probes = []
    for o in results:
        r = by_id[o["id"]]
        ev = {e["label"]: e for e in r["meta"]["eprover"]}
        if "steps" not in o:
            # the record could not be read: every step is a disagreement
            # unless E-prover rejected it too
            for s in r["steps"]:
                e = ev[s["label"]]
                rows.append({"id": o["id"], "label": s["label"],
                             "formula": s["formula"], "e": bool(e["verified"]),
                             "e_error": e["error"], "f": False,
                             "global": "record error", "type": None,
                             "support": [], "run": r["meta"]["run"]})
            continue
        steps = {s["label"]: s for s in r["steps"]}
        for k, s in enumerate(o["steps"]):
            src = steps[s["label"]]
            e = ev[s["label"]]
            row = {"id": o["id"], "label": s["label"],
                   "formula": src["formula"], "e": bool(e["verified"]),
                   "e_error": e["error"], "f": s["global"] == "entailed",
                   "global": s["global"],
                   "type": (s.get("error") or {}).get("type"),
                   "support": s.get("support") or [],
                   "from": (s.get("error") or {}).get("from") or [],
                   "run": r["meta"]["run"]}
            row["f_strict"] = row["f"] and row["type"] != "propagated"
            rows.append(row)
            if row["e"] == row["f"] and row["e"] == row["f_strict"]:
                continue
            earlier = [x for x in r["steps"][:k]]
            row["fc_failed_earlier"] = [x["label"] for x in o["steps"][:k]
                                        if x.get("error")]
            row["e_verified_earlier"] = [
                x["label"] for x in earlier if ev[x["label"]]["verified"]]
            ectx = [p["formula"] for p in r["premises"]] + \
                [x["formula"] for x in earlier if ev[x["label"]]["verified"]]
            row["e_unverified_earlier"] = [
                x["label"] for x in earlier if not ev[x["label"]]["verified"]]
            key = "%s#%s" % (o["id"], s["label"])
            probes.append({"id": key + "#ectx", "dialect": "folio",
                           "premises": ectx, "steps": [src["formula"]]})
            rd = [reading(f) for f in ectx]
            target = reading(src["formula"])
            if target is not None:
                probes.append({"id": key + "#reading", "dialect": "folio",
                               "premises": [f for f in rd if f is not None],
                               "steps": [target]})
            row["reading_differs"] = [
                lab for lab, f in
                ([(p["label"], p["formula"]) for p in r["premises"]] +
                 [(x["label"], x["formula"]) for x in earlier
                  if ev[x["label"]]["verified"]] +
                 [(s["label"], src["formula"])])
                if ("⊕" in f or "," in strip_args(f) or
                    f.count("(") != f.count(")"))]
    answers = run_folcheck(binary, probes,
                           os.path.join(work, "cotlog.agree-probes.jsonl")) \
        if probes else {}
    for row in rows:
        if row["e"] == row["f"] and row["e"] == row.get("f_strict", row["f"]):
            continue
        key = "%s#%s" % (row["id"], row["label"])
        row["ectx"] = answers.get(key + "#ectx")
        row["reading"] = answers.get(key + "#reading")
        if row["e"] != row["f"]:
            row["reason"], row["why"] = explain(row, row["f"])
        else:
            row["strict_reason"], row["why"] = explain(row, row["f_strict"])
    return rows


def strip_args(f):
    """The formula with the insides of argument lists removed (a comma
    between arguments is not cotlog's ∧)."""
    out, depth_stack = [], []
    i = 0
    while i < len(f):
        ch = f[i]
        if ch == "(":
            is_args = bool(out) and (out[-1].isalnum() or out[-1] in "_’.")
            depth_stack.append(is_args)
            if not is_args:
                out.append(ch)
        elif ch == ")":
            was = depth_stack.pop() if depth_stack else False
            if not was:
                out.append(ch)
        elif not (depth_stack and depth_stack[-1]):
            out.append(ch)
        i += 1
    return "".join(out)


def explain(row, fc_verified):
    """(reason, explanation) for E-prover's flag differing from
    fc_verified (folcheck's verdict under the definition compared)."""
    err = row["e_error"] or ""
    want = "entailed" if row["e"] else "not entailed"
    if err.startswith("Parse error"):
        return "e-parse", ("cotlog's parser rejected the formula, so E-prover "
                           "never checked it (%s); folcheck reads it and "
                           "finds it %s" % (err.split(" in:")[0][13:],
                                            row["global"]))
    if err and not err.startswith("Prover: ") or \
            any(w in err for w in ("ResourceOut", "Timeout", "GaveUp",
                                   "Unknown")):
        return "e-gave-up", "E-prover gave no answer (%s)" % err
    if row["global"] == "unknown":
        return "fc-unknown", "folcheck's solver answered unknown"
    if fc_verified and not row["e"] and row["ectx"] != "entailed":
        used = [l for l in row["from"] + row["support"]
                if l in row["e_unverified_earlier"]]
        return "context", (
            "folcheck's context holds earlier steps that E-prover had not "
            "verified (%s%s); with E-prover's context (premises and the "
            "steps it verified) folcheck also finds the step %s" % (
                ", ".join(sorted(set(used), key=used.index) or
                          row["e_unverified_earlier"]),
                "; folcheck flags the step `%s` from them" % row["type"]
                if used and row["type"] else "", row["ectx"]))
    if row["e"] and not fc_verified:
        mixed = [l for l in row["e_verified_earlier"]
                 if l in row["fc_failed_earlier"]]
        if mixed and row["ectx"] == "entailed":
            return "context", (
                "E-prover's context holds %s, which E-prover verified and "
                "folcheck counts as failed (see that step); with E-prover's "
                "context folcheck also finds the step entailed"
                % ", ".join(mixed))
    if row["reading"] is not None and \
            (row["reading"] == "entailed") == row["e"]:
        return "reading", (
            "under cotlog's reading of %s (⊕ lowest, comma as ∧, ')' "
            "trimmed) folcheck also finds it %s; with folcheck's standard "
            "precedence it is %s%s" % (
                ", ".join(row["reading_differs"]) or "the formulas",
                row["reading"], row["global"],
                " / " + row["type"] if row["type"] else ""))
    key = "%s#%s" % (row["id"], row["label"])
    if key in MANUAL:
        return MANUAL[key]
    return "unexplained", ("E-prover: %s; folcheck: %s; E-prover's context: "
                           "%s; cotlog's reading: %s" % (
                               want, row["global"], row["ectx"],
                               row["reading"]))


def summary(rows):
    n = len(rows)
    both = sum(r["e"] and r["f"] for r in rows)
    neither = sum(not r["e"] and not r["f"] for r in rows)
    e_only = sum(r["e"] and not r["f"] for r in rows)
    f_only = sum(r["f"] and not r["e"] for r in rows)
    agree = both + neither
    pe = (both + e_only) / n if n else 0
    pf = (both + f_only) / n if n else 0
    po = agree / n if n else 0
    chance = pe * pf + (1 - pe) * (1 - pf)
    kappa = (po - chance) / (1 - chance) if chance < 1 else 1.0
    # the same with folcheck's stricter reading: entailed without help
    # from earlier failed steps (not `propagated`), E-prover's own context
    strict = sum(((r["f"] and r["type"] != "propagated") == r["e"])
                 for r in rows)
    reasons, strict_reasons = {}, {}
    for r in rows:
        if "reason" in r:
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
        if "strict_reason" in r:
            strict_reasons[r["strict_reason"]] = \
                strict_reasons.get(r["strict_reason"], 0) + 1
    return {"steps": n, "both": both, "neither": neither, "e_only": e_only,
            "f_only": f_only, "agree": agree, "kappa": kappa,
            "agree_strict": strict, "reasons": reasons,
            "strict_reasons": strict_reasons}


REASON_NAME = {"e-gave-up": "an E-prover timeout or give-up",
               "fc-unknown": "a folcheck `unknown`",
               "unexplained": "anything left unexplained"}
REASON_TEXT = {
    "context": "folcheck's global context G_i holds every earlier step that "
    "was not contradicted, E-prover's only the steps it verified. When an "
    "earlier step is undetermined (for folcheck a failed step), a later step "
    "that follows from it is `entailed` for folcheck but flagged "
    "`propagated` (it follows only with help from failed steps), while "
    "E-prover rejects it. Re-checked with E-prover's context, folcheck "
    "agrees with E-prover in each case. In run 160249 E-prover checked the "
    "model's steps (its own predicate names) against FOLIO's gold premises, "
    "so the first steps are ungrounded and later ones build on them.",
    "reading": "cotlog's parser gives ⊕ the lowest precedence (with ↔), so, "
    "for example, `∀x (Employee(x) → LunchInCompany(x) ⊕ LunchAtHome(x))` is read as "
    "`∀x ((Employee(x) → LunchInCompany(x)) ⊕ LunchAtHome(x))`, from which "
    "the step follows; folcheck reads ⊕ like ∨, which is the model's intent "
    "(an employee has lunch either in the company or at home). E-prover's "
    "`verified` is an artifact of its parse here (a formalization issue of "
    "the pipeline, not of the model).",
    "e-parse": "cotlog's parser has no `=` / `≠`, so E-prover never saw the "
    "step; folcheck reads the equalities and decides it.",
    "e-gave-up": "E-prover stopped without an answer.",
    "fc-unknown": "folcheck's solver gave up.",
    "unexplained": "see the explanation column.",
}


def markdown(rows, s):
    out = ["# cotlog: folcheck against E-prover, the disagreements", "",
           "Written by `python3 benchmarks/corpora/run.py` "
           "(cotlog_agree.py); do not edit by hand.", "",
           "A step is *verified* by folcheck when its global status is "
           "`entailed`; E-prover's flag is cotlog's `verified` (premises plus "
           "the earlier steps E-prover verified, cotlog's parser, 30 s).", "",
           "%d steps: both verified %d, neither %d, E-prover only %d, "
           "folcheck only %d; agreement %d/%d (%.1f%%), Cohen's kappa %.2f. "
           "Counting folcheck's `propagated` steps as not verified: %d/%d."
           % (s["steps"], s["both"], s["neither"], s["e_only"], s["f_only"],
              s["agree"], s["steps"], 100.0 * s["agree"] / max(1, s["steps"]),
              s["kappa"], s["agree_strict"], s["steps"]), "",
           "| reason | cases |", "|---|---|"]
    for k, v in sorted(s["reasons"].items(), key=lambda kv: -kv[1]):
        out.append("| %s | %d |" % (k, v))
    present = s["reasons"]
    out += ["", "Reasons:", ""]
    for k in ("context", "reading", "e-parse", "e-gave-up", "fc-unknown",
              "unexplained"):
        if k in present:
            out.append("- **%s** (%d): %s" % (k, present[k], REASON_TEXT[k]))
    absent = [REASON_NAME[k] for k in ("e-gave-up", "fc-unknown",
                                       "unexplained") if k not in present]
    if absent:
        out += ["", "No disagreement comes from %s. The premises are the "
                "ones E-prover got (minus the same prose 'premise' cotlog "
                "skipped), so none comes from different premises either."
                % " or ".join(absent)]
    def table(key):
        t = ["", "| trace | step | formula | E-prover | folcheck | reason | "
             "explanation |", "|---|---|---|---|---|---|---|"]
        for r in rows:
            if key not in r:
                continue
            f = r["formula"].replace("|", "\\|").replace("\n", " ⏎ ")
            if len(f) > 140:
                f = f[:137] + "..."
            e = "verified" if r["e"] else ("not verified (%s)" % (
                r["e_error"] or "").split(" in:")[0][:60]).replace("|", "\\|")
            fc = r["global"] + (" / %s" % r["type"] if r["type"] else "")
            t.append("| %s | %s | `%s` | %s | %s | %s | %s |" % (
                r["id"], r["label"], f, e, fc, r[key],
                r["why"].replace("|", "\\|")))
        return t
    out += table("reason")
    if s["strict_reasons"]:
        out += ["", "## Disagreements only when `propagated` counts as not "
                "verified", "",
                "Under that stricter reading (a step must follow from the "
                "premises and the earlier steps that did not fail, which is "
                "E-prover's context) these steps, which agree above, "
                "disagree: %s." % ", ".join(
                    "%s %d" % kv for kv in sorted(s["strict_reasons"].items(),
                                                  key=lambda kv: -kv[1])),
                "They are E-prover verifying steps that follow only under its "
                "parser's reading of ⊕, or from an earlier step it verified "
                "for that reason."]
        out += table("strict_reason")
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("imported")
    ap.add_argument("results")
    ap.add_argument("--folcheck", default=os.environ.get("FOLCHECK",
                                                         "build/folcheck"))
    ap.add_argument("--work", default="benchmarks/work")
    ap.add_argument("--md")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    rows = analyse(load(args.imported), load(args.results), args.folcheck,
                   args.work)
    s = summary(rows)
    if args.md:
        with open(args.md, "w", encoding="utf-8") as f:
            f.write(markdown(rows, s))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"summary": s, "rows": rows}, f, ensure_ascii=False,
                      indent=1)
    print(json.dumps(s), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
