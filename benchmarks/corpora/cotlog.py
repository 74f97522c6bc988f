#!/usr/bin/env python3
"""Translate cotlog's chain-of-thought runs into folcheck traces (JSON Lines).

cotlog (github.com/metareflection/cotlog) asked Claude Sonnet to solve FOLIO
problems step by step, writing one FOL formula per step, and checked every
step with E-prover against the premises plus the steps verified before it.

One record becomes one trace:

  premises    the model's own formalization: `premise_fols`, else the
              `PREMISE k:` lines of llm_response / raw_response.  The first
              run (cot_20260228_160249) has neither: its model wrote no
              premises and E-prover checked the steps against FOLIO's gold
              `premises_fol`, so those are used (meta.premises_source says
              which).  The model's steps use its own predicate names, so
              nearly every step of that run is ungrounded.
  steps       steps[].fol_str in order, labelled s<step_num>; E-prover's
              verdict stays in each step object ("eprover") and in
              meta.eprover (a list in step order).
  conclusion  the model's claim: its conclusion formula C when it answered
              True, ¬(C) when it answered False, none when it answered
              Uncertain.  C is `llm_conclusion_fol`, or the run's
              `conclusion_fol` when the run has no gold premises_fol field
              (the later runs store the model's formula there), or FOLIO's
              gold conclusion for the gold-premise run.  Runs 161050 and
              161748 kept only FOLIO's gold conclusion (gold predicate
              names) and the model wrote no CONCLUSION line: those traces
              get no conclusion, and that is counted.

Formulas are FOLIO notation and are passed through unchanged with
"dialect": "folio": a formula the model wrote badly (prose, numbered lists)
is the model's error, and folcheck reports it as a syntax error.  Nothing is
dropped; anything the importer cannot map is listed in meta.untranslated and
counted on stderr and in --stats.

Usage: python3 benchmarks/corpora/cotlog.py [--data DIR] [--out FILE]
                                            [--stats FILE]
"""

import argparse
import ast
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(
    os.environ.get("FOLCHECK_DATA", os.path.join(REPO, "..", "shared", "data")),
    "llm-traces", "cotlog", "results")

RE_PREMISE = re.compile(r"^PREMISE\s+(\d+):\s*(.+?)\s*$", re.M)
RE_CONCL = re.compile(r"^CONCLUSION:\s*(.+?)\s*$", re.M)


def as_list(v):
    """Later runs may store lists as Python-literal (or JSON) strings."""
    if v is None or isinstance(v, list):
        return v
    if isinstance(v, str):
        for parse in (json.loads, ast.literal_eval):
            try:
                out = parse(v)
            except (ValueError, SyntaxError):
                continue
            if isinstance(out, list):
                return out
    raise ValueError("expected a list, got %r" % (v,)[:80])


def premises_of(rec):
    """(formulas, source) for the model's premises."""
    pf = as_list(rec.get("premise_fols"))
    if pf:
        return [str(p) for p in pf], "model:premise_fols"
    resp = rec.get("llm_response") or rec.get("raw_response") or ""
    lines = RE_PREMISE.findall(resp)
    if lines:
        # a multi-round response may repeat the premises: keep the last set
        seen = {}
        for k, f in lines:
            seen[int(k)] = f
        return [seen[k] for k in sorted(seen)], "model:PREMISE lines"
    gold = as_list(rec.get("premises_fol"))
    if gold:
        return [str(p) for p in gold], "gold:premises_fol"
    return [], "none"


def conclusion_of(rec, premises_source):
    """(formula or None, source)."""
    if rec.get("llm_conclusion_fol"):
        return rec["llm_conclusion_fol"], "model:llm_conclusion_fol"
    resp = rec.get("llm_response") or rec.get("raw_response") or ""
    lines = RE_CONCL.findall(resp)
    if lines:
        return lines[-1], "model:CONCLUSION line"
    if "premises_fol" not in rec and rec.get("conclusion_fol"):
        return rec["conclusion_fol"], "model:conclusion_fol"
    if premises_source.startswith("gold") and rec.get("conclusion_fol"):
        return rec["conclusion_fol"], "gold:conclusion_fol"
    return None, "none"


# --- cotlog's own reading of a formula ------------------------------------
#
# E-prover saw each formula through cotlog's parser (src/cotlog/fol_parser.py
# at the commit in SOURCE.txt), whose reading differs from folcheck's in a
# few places: ⊕ has the lowest precedence (with ↔, left-associative), a comma
# is a conjunction, unmatched trailing ')' are trimmed, and '=', ':' and the
# like are rejected.  `cotlog_reading` re-prints a formula fully parenthesized
# as cotlog read it, so folcheck can be run on E-prover's input when a
# disagreement is explained (cotlog_agree.py).  It raises ValueError where
# cotlog's parser failed.

_SYM = {"∀": "A", "∃": "E", "→": "->", "∧": "&", "∨": "|", "¬": "~",
        "⊕": "^", "↔": "=", "⟷": "=", "(": "(", ")": ")", ",": ","}


def _tokens(s):
    out, i = [], 0
    while i < len(s):
        ch = s[i]
        if ch.isspace():
            i += 1
        elif ch in _SYM:
            out.append((_SYM[ch], ch))
            i += 1
        elif ch.isalpha() or ch == "_":
            j = i
            while j < len(s) and (s[j].isalnum() or s[j] in "_\u2019."):
                j += 1
            out.append(("id", s[i:j]))
            i = j
        else:
            raise ValueError("cotlog's tokenizer rejects %r" % ch)
    out.append(("eof", ""))
    return out


def _trim_parens(s):
    """Drop unmatched trailing ')' (as cotlog's parser does)."""
    while s.endswith(")") and s.count(")") > s.count("("):
        s = s[:-1]
    return s


class _Reader:
    def __init__(self, s):
        self.t = _tokens(_trim_parens(s))
        self.i = 0

    def peek(self):
        return self.t[self.i][0]

    def take(self, kind=None):
        k, v = self.t[self.i]
        if kind and k != kind:
            raise ValueError("cotlog's parser expected %s, got %r" % (kind, v))
        self.i += 1
        return v

    def formula(self):
        left = self.implies()
        while self.peek() in ("=", "^"):
            op = "↔" if self.peek() == "=" else "⊕"
            self.take()
            left = "(%s %s %s)" % (left, op, self.implies())
        return left

    def implies(self):
        left = self.disj()
        if self.peek() == "->":
            self.take()
            return "(%s → %s)" % (left, self.implies())
        return left

    def disj(self):
        left = self.conj()
        while self.peek() == "|":
            self.take()
            left = "(%s ∨ %s)" % (left, self.conj())
        return left

    def conj(self):
        left = self.unary()
        while self.peek() in ("&", ","):
            self.take()
            left = "(%s ∧ %s)" % (left, self.unary())
        return left

    def unary(self):
        k = self.peek()
        if k == "~":
            self.take()
            return "¬%s" % self.unary()
        if k in ("A", "E"):
            q = "∀" if k == "A" else "∃"
            self.take()
            v = self.take("id")
            return "%s%s (%s)" % (q, v, self.formula())
        if k == "(":
            self.take()
            f = self.formula()
            self.take(")")
            return f
        name = self.take("id")
        if self.peek() != "(":
            return name
        self.take()
        args = []
        if self.peek() != ")":
            args.append(self.take("id"))
            while self.peek() == ",":
                self.take()
                args.append(self.take("id"))
        self.take(")")
        return "%s(%s)" % (name, ", ".join(args))


def cotlog_reading(s):
    r = _Reader(s)
    f = r.formula()
    if r.peek() != "eof":
        raise ValueError("cotlog's parser: unexpected %r after the formula"
                         % r.t[r.i][1])
    return f


def is_prose(s):
    """True for a 'formula' with no atom P(...) and several words: a note."""
    return (not re.search(r"[A-Za-z_][\w.’]*\s*\(", s)
            and not re.search("[∀∃→∧∨¬⊕↔⟷]", s)
            and len(re.findall(r"[A-Za-z]{2,}", s)) >= 4)


def translate(rec, run, counts, counts_fixed):
    untranslated = []
    repaired = []

    def skip(reason, what, text):
        counts[reason] += 1
        untranslated.append({"what": what, "reason": reason, "text": text})

    premises, psrc = premises_of(rec)
    if not premises:
        skip("no premises in the record", "premises", "")
    kept = []
    for i, p in enumerate(premises):
        if is_prose(p):
            # E-prover skipped it too (cotlog drops unparseable premises)
            skip("premise is prose, not a formula", "p%d" % (i + 1), p)
        else:
            kept.append(("p%d" % (i + 1), p))
    steps = []
    eprover = []
    for k, s in enumerate(as_list(rec.get("steps")) or []):
        if isinstance(s, str):
            s = ast.literal_eval(s)
        num = s.get("step_num", k + 1)
        label = "s%d" % num
        if any(x["label"] == label for x in steps):
            label = "s%d_%d" % (num, k + 1)
        ev = {"verified": s.get("verified"), "error": s.get("error")}
        eprover.append(dict(ev, label=label))
        fol = s.get("fol_str")
        if not isinstance(fol, str) or not fol.strip():
            skip("step without a formula", label, s.get("reasoning", ""))
            continue
        steps.append({"label": label, "formula": fol,
                      "text": s.get("reasoning", ""), "eprover": ev})
    answer = rec.get("llm_answer")
    concl, csrc = conclusion_of(rec, psrc)
    claim = None
    if answer in ("True", "False"):
        if concl is None:
            skip("no conclusion formula by the model (run kept only "
                 "FOLIO's gold conclusion)", "conclusion",
                 rec.get("conclusion_fol", ""))
        else:
            fixed = _trim_parens(concl)
            if fixed != concl:
                # FOLIO's gold conclusion has an unmatched ')' (a known
                # quirk); cotlog's parser trimmed it before E-prover ran
                counts_fixed["unmatched trailing ')' trimmed from the "
                             "conclusion (as cotlog's parser does)"] += 1
                repaired.append({"what": "conclusion", "from": concl,
                                 "to": fixed})
                concl = fixed
            claim = concl if answer == "True" else "¬(%s)" % concl
    elif answer != "Uncertain":
        skip("no final answer", "conclusion", str(answer))
    out = {
        "id": "cotlog/%s/%s" % (run, rec.get("index")),
        "dialect": "folio",
        "premises": [{"label": l, "formula": p} for l, p in kept],
        "steps": steps,
        "meta": {
            "corpus": "cotlog",
            "run": run,
            "index": rec.get("index"),
            "gold_label": rec.get("gold_label"),
            "llm_answer": answer,
            "verified_label": rec.get("verified_label"),
            "rounds": rec.get("rounds"),
            "premises_source": psrc,
            "conclusion_fol": concl,
            "conclusion_source": csrc,
            "eprover": eprover,
            "untranslated": untranslated,
            "repaired": repaired,
        },
    }
    if claim is not None:
        out["conclusion"] = {"label": "c", "formula": claim}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA,
                    help="folder with cot_*.jsonl (default: %(default)s)")
    ap.add_argument("--out", default="-", help="JSONL output (default stdout)")
    ap.add_argument("--stats", help="write translation counts as JSON")
    args = ap.parse_args(argv)

    counts = collections.Counter()
    fixed = collections.Counter()
    n = steps = 0
    runs = {}
    out = sys.stdout if args.out == "-" else open(args.out, "w",
                                                   encoding="utf-8")
    files = sorted(glob.glob(os.path.join(args.data, "cot_*.jsonl")))
    if not files:
        sys.exit("cotlog.py: no cot_*.jsonl in %s" % args.data)
    for path in files:
        run = os.path.basename(path)[len("cot_"):-len(".jsonl")]
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                rec = json.loads(line)
                t = translate(rec, run, counts, fixed)
                out.write(json.dumps(t, ensure_ascii=False) + "\n")
                n += 1
                steps += len(t["steps"])
                runs[run] = runs.get(run, 0) + 1
    if out is not sys.stdout:
        out.close()
    stats = {"corpus": "cotlog", "records": n, "traces": n, "steps": steps,
             "runs": runs, "untranslated": dict(counts),
             "repaired": dict(fixed)}
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump(stats, f, indent=1, ensure_ascii=False)
    print("cotlog: %d traces, %d steps from %d runs" % (n, steps, len(runs)),
          file=sys.stderr)
    for reason, c in counts.most_common():
        print("cotlog: not translated: %d x %s" % (c, reason), file=sys.stderr)
    for reason, c in fixed.most_common():
        print("cotlog: repaired: %d x %s" % (c, reason), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
