#!/usr/bin/env python3
"""Error injection into valid traces, with the label folcheck should give.

Two sources of valid traces, both from benchmarks/corpora/ (reused as is):

* ProntoQA dev (prontoqa.py): premises are rules `∀x (A(x) → [¬]B(x))` and
  facts; each step `[¬]B(c)` cites `by [rule, fact]`.
* Synthetic GSM8K-style chains (gsm_synth.py): premises `q1 = 48`; each step
  `v3 = q1 / q2 = 17 / 25 = 0.68` cites its operands; conclusion
  `v<last> = <value>`.

Every injected trace carries exactly one error (the `propagated` injection
carries the wrong step and the one step computed from it), at a step chosen
with a seeded random.Random.  Each injector returns the trace dict with
`meta.inject = {"type", "source", "labels": [{"step", "type"}], "trace":
[types], "detail"}`; `labels` are the step-level expectations (every other
step is expected to have no error), `trace` the trace-level ones (step
null in folcheck's "errors").

The expected labels follow DESIGN.md's table, first match wins; see
benchmarks/inject/README.md for why each injection has exactly that label
and which steps are eligible.  Standard library only.
"""

import copy
import os
import re
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.join(os.path.dirname(HERE), "corpora")
sys.path.insert(0, CORPORA)
import gsm_synth  # noqa: E402
import prontoqa  # noqa: E402

NEG = "¬"

# Made-up words for fresh symbols; each is checked against the trace.
FRESH_PREDS = ["Blicket", "Glorpish", "Wuggy", "Daxen", "Florbic", "Snarfy",
               "Quixel", "Zindle", "Brumous", "Kivvy", "Plonkish", "Tovey"]
FRESH_CONSTS = ["rex", "zora", "quill", "bex", "nim", "oskar", "tupp", "wilf"]
FRESH_QUANTS = ["bonus", "fee", "extra", "tip", "refund", "shipping",
                "discount", "tax"]

RE_RULE = re.compile(r"^∀x \(([A-Za-z]\w*)\(x\) → (¬?)([A-Za-z]\w*)\(x\)\)$")
RE_FACT = re.compile(r"^(¬?)([A-Za-z]\w*)\(([a-z]\w*)\)$")


class NotApplicable(Exception):
    """The trace has no step where this injection is well defined."""


def _fresh(rng, names, taken_text):
    low = taken_text.lower()
    cands = [n for n in names if not re.search(r"\b" + n.lower() + r"\b", low)]
    if not cands:
        raise NotApplicable("no fresh name left")
    return rng.choice(cands)


def _tag(t, itype, source, labels, trace_types=(), detail=""):
    t.setdefault("meta", {})
    t["meta"] = dict(t["meta"])
    t["meta"]["inject"] = {"type": itype, "source": source,
                           "labels": [dict(zip(("step", "type", "form"), l))
                                      for l in labels],
                           "trace": list(trace_types), "detail": detail}
    return t


# ---------------------------------------------------------------------------
# ProntoQA
# ---------------------------------------------------------------------------

def prontoqa_traces(data=None):
    """The valid ProntoQA traces (as prontoqa.py writes them)."""
    problems = prontoqa.load_problems(data or prontoqa.DEFAULT_DATA)
    traces, issues = prontoqa.translate_all(problems)
    if issues:
        raise RuntimeError(f"prontoqa.py left {len(issues)} sentences untranslated")
    return traces


def _pq_flip(f):
    return f[1:] if f.startswith(NEG) else NEG + f


def _pq_recite_next(steps, k):
    """Steps after k that cited steps[k] cite, instead, steps[k]'s own
    parents: they stay correct without the injected step."""
    lab = steps[k]["label"]
    for s in steps[k + 1:]:
        if lab in s.get("by", []):
            by = []
            for b in s["by"]:
                for x in (steps[k]["by"] if b == lab else [b]):
                    if x not in by:
                        by.append(x)
            s["by"] = by


def pq_flip(trace, rng, tid):
    """A derived fact with its polarity flipped: P entails the original, so
    the flip is contradicted by P alone -> contradicts_premises."""
    t = copy.deepcopy(trace)
    st = t["steps"]
    if not st:
        raise NotApplicable("no steps")
    k = rng.randrange(len(st))
    old = st[k]["formula"]
    st[k]["formula"] = _pq_flip(old)
    st[k].pop("text", None)
    _pq_recite_next(st, k)
    t["id"] = tid
    return _tag(t, "contradicts_premises", "prontoqa",
                [(st[k]["label"], "contradicts_premises")],
                detail=f"{st[k]['label']}: {old} -> {st[k]['formula']}")


def pq_fresh(trace, rng, tid):
    """A derived fact about a fresh predicate or a fresh individual: not
    entailed, not contradicted, no fallacy pattern -> ungrounded_symbol."""
    t = copy.deepcopy(trace)
    st = t["steps"]
    if not st:
        raise NotApplicable("no steps")
    k = rng.randrange(len(st))
    old = st[k]["formula"]
    m = RE_FACT.match(old)
    if not m:
        raise NotApplicable(f"step formula {old!r} is not a fact")
    neg, pred, const = m.groups()
    text = str(trace)
    if rng.random() < 0.5:
        new = f"{neg}{_fresh(rng, FRESH_PREDS, text)}({const})"
    else:
        new = f"{neg}{pred}({_fresh(rng, FRESH_CONSTS, text)})"
    st[k]["formula"] = new
    st[k].pop("text", None)
    _pq_recite_next(st, k)
    t["id"] = tid
    return _tag(t, "ungrounded_symbol", "prontoqa",
                [(st[k]["label"], "ungrounded_symbol")],
                detail=f"{st[k]['label']}: {old} -> {new}")


def pq_skip(trace, rng, tid):
    """Step k removed; step k+1 still cites k's parent fact (a valid label)
    in place of k: its cited parents do not entail it, G does ->
    missing_steps."""
    t = copy.deepcopy(trace)
    st = t["steps"]
    if len(st) < 2:
        raise NotApplicable("fewer than 2 steps")
    k = rng.randrange(len(st) - 1)
    gone, nxt = st[k], st[k + 1]
    rule_k, fact_k = gone["by"]
    rule_n, fact_n = nxt["by"]
    assert fact_n == gone["label"], (tid, nxt, gone)
    nxt["by"] = [rule_n, fact_k]
    del st[k]
    t["id"] = tid
    return _tag(t, "missing_steps", "prontoqa",
                [(nxt["label"], "missing_steps")],
                detail=f"removed {gone['label']} ({gone['formula']}); "
                       f"{nxt['label']} cites {rule_n}, {fact_k}")


def _pq_closure(premises):
    rules, facts = [], set()
    for p in premises:
        m = RE_RULE.match(p["formula"])
        if m:
            rules.append((p["label"], m.group(1), bool(m.group(2)), m.group(3)))
            continue
        m = RE_FACT.match(p["formula"])
        if not m:
            raise NotApplicable(f"premise {p['formula']!r} fits no template")
        facts.add((bool(m.group(1)), m.group(2), m.group(3)))
    changed = True
    while changed:
        changed = False
        for _, a, neg, b in rules:
            for (fn, fp, fc) in list(facts):
                if not fn and fp == a and (neg, b, fc) not in facts:
                    facts.add((neg, b, fc))
                    changed = True
    return rules, facts


def pq_affirm(trace, rng, tid):
    """A step `A(c)` from a rule `∀x (A(x) → B(x))` and a stated `B(c)`
    whose antecedent A(c) does not follow (the rule is a distractor for c):
    affirming the consequent -> inference_violation."""
    t = copy.deepcopy(trace)
    st = t["steps"]
    rules, closure = _pq_closure(t["premises"])
    stated = {}  # literal -> (label, position: -1 premise, i step index)
    for p in t["premises"]:
        m = RE_FACT.match(p["formula"])
        if m:
            stated.setdefault((bool(m.group(1)), m.group(2), m.group(3)),
                              (p["label"], -1))
    for i, s in enumerate(st):
        m = RE_FACT.match(s["formula"])
        if m:
            stated.setdefault((bool(m.group(1)), m.group(2), m.group(3)),
                              (s["label"], i))
    cands = []  # (insert position, rule label, new formula, source label)
    for rlabel, a, neg, b in rules:
        for (ln, lp, lc), (src, pos) in stated.items():
            if ln != neg or lp != b or (False, a, lc) in closure:
                continue
            for ins in range(pos + 1, len(st) + 1):
                cands.append((ins, rlabel, f"{a}({lc})", src))
    if not cands:
        raise NotApplicable("no rule whose consequent is stated and whose "
                            "antecedent does not follow")
    ins = rng.choice(sorted({c[0] for c in cands}))
    ins, rlabel, formula, src = rng.choice([c for c in cands if c[0] == ins])
    label = "x1"
    st.insert(ins, {"label": label, "formula": formula, "by": [rlabel, src]})
    t["id"] = tid
    return _tag(t, "inference_violation", "prontoqa",
                [(label, "inference_violation")],
                detail=f"{label} (step {ins + 1}): {formula} by {rlabel}, {src}")


def pq_conclusion(trace, rng, tid):
    """The stated conclusion negated: refuted, not reached ->
    conclusion_mismatch (trace level)."""
    t = copy.deepcopy(trace)
    old = t["conclusion"]
    t["conclusion"] = _pq_flip(old)
    t["id"] = tid
    return _tag(t, "conclusion_mismatch", "prontoqa", [],
                trace_types=["conclusion_mismatch"],
                detail=f"conclusion {old} -> {t['conclusion']}")


PRONTOQA_INJECTORS = {
    "contradicts_premises": pq_flip,
    "ungrounded_symbol": pq_fresh,
    "missing_steps": pq_skip,
    "inference_violation": pq_affirm,
    "conclusion_mismatch": pq_conclusion,
}

# ---------------------------------------------------------------------------
# GSM8K-style chains
# ---------------------------------------------------------------------------

fmt = gsm_synth.fmt
OPS = gsm_synth.OPS


def gsm_chain(rng, min_len=3, max_len=8):
    return gsm_synth.make_chain(rng.randint(min_len, max_len), rng)


def _values(items):
    vals = {}
    for it in items:
        vals[it[1]] = it[2] if it[0] == "given" else it[5]
    return vals


def _steps(items):
    return [i for i, it in enumerate(items) if it[0] == "step"]


def _users(items, name):
    """Indices of the steps that use quantity `name`."""
    return [i for i in _steps(items) if name in (items[i][3], items[i][4])]


def _is_leaf(items, i):
    return not _users(items, items[i][1])


def _set_step(t, items, i, formula):
    lab = gsm_synth.it_label(items, i)
    for s in t["steps"]:
        if s["label"] == lab:
            s["formula"] = formula
            return lab
    raise KeyError(lab)


def _wrong(rng, r, avoid=()):
    """A wrong value near r (an off-by-one, -two or -ten slip)."""
    for _ in range(50):
        w = r + rng.choice([1, -1, 2, -2, 10, -10])
        if w != r and w not in avoid:
            return Fraction(w)
    raise NotApplicable("no wrong value")


def _form(v):
    """How a stated value is written: a plain numeral, or a quotient
    `(p / q)` (gsm_synth's notation for a rational with no finite
    decimal)."""
    return "quotient" if "/" in fmt(v) else "numeral"


def gsm_arith(items, rng, tid):
    """A step whose stated result is wrong: contradicted, the value of the
    computed term is fixed -> arithmetic (calculator_error).  Any step: the
    wrong step is false on its own, so steps citing it are (vacuously)
    entailed locally, and its definition `v = a op b` stays right."""
    vals = _values(items)
    i = rng.choice(_steps(items))
    _, name, op, a, b, r = items[i]
    w = _wrong(rng, r)
    t = gsm_synth.to_trace(items, tid)
    f = gsm_synth.step_formula(name, op, a, b, vals[a], vals[b], w)
    lab = _set_step(t, items, i, f)
    return _tag(t, "arithmetic", "gsm", [(lab, "arithmetic", _form(w))],
                detail=f"{lab}: {fmt(r)} -> {fmt(w)}")


def gsm_operator(items, rng, tid):
    """`v = a op' b = x op y = r`: the names use a wrong operator, the values
    and the result are those of the right one -> operation_misapplication.
    Only at a step whose quantity no later step nor the conclusion uses
    (its definition `v = a op' b` gives v another value)."""
    vals = _values(items)
    last = _steps(items)[-1]
    elig = [i for i in _steps(items) if i != last and _is_leaf(items, i)]
    if not elig:
        raise NotApplicable("no non-final leaf step")
    i = rng.choice(elig)
    _, name, op, a, b, r = items[i]
    alts = []
    for o in "+-*/":
        if o == op or (o == "/" and vals[b] == 0):
            continue
        if OPS[o](vals[a], vals[b]) != r:
            alts.append(o)
    if not alts:
        raise NotApplicable("every operator gives the same value")
    o = rng.choice(alts)
    t = gsm_synth.to_trace(items, tid)
    f = (f"{name} = {a} {o} {b} = {fmt(vals[a])} {op} {fmt(vals[b])} "
         f"= {fmt(r)}")
    lab = _set_step(t, items, i, f)
    return _tag(t, "operation_misapplication", "gsm",
                [(lab, "operation_misapplication")],
                detail=f"{lab}: {a} {op} {b} -> {a} {o} {b}")


def gsm_fresh(items, rng, tid):
    """One operand name replaced by a fresh quantity (values unchanged): not
    entailed, not contradicted -> ungrounded_symbol.  Only at a step whose
    quantity no later step uses (v is no longer defined)."""
    vals = _values(items)
    elig = [i for i in _steps(items) if _is_leaf(items, i)]
    i = rng.choice(elig)
    _, name, op, a, b, r = items[i]
    t = gsm_synth.to_trace(items, tid)
    q = _fresh(rng, FRESH_QUANTS, str(t))
    if rng.random() < 0.5:
        a2, b2 = q, b
    else:
        a2, b2 = a, q
    f = (f"{name} = {a2} {op} {b2} = {fmt(vals[a])} {op} {fmt(vals[b])} "
         f"= {fmt(r)}")
    lab = _set_step(t, items, i, f)
    return _tag(t, "ungrounded_symbol", "gsm", [(lab, "ungrounded_symbol")],
                detail=f"{lab}: {a} {op} {b} -> {a2} {op} {b2}")


def gsm_flip(items, rng, tid):
    """The last link of the chain negated, `v = a op b = x op y ≠ r`: false
    given P and the definitions -> contradicts_premises.  Only where r is a
    plain numeral: a quotient `(p / q)` for r would make a one-operator
    change in it true, i.e. operation_misapplication, first in the table."""
    vals = _values(items)
    elig = [i for i in _steps(items) if "/" not in fmt(items[i][5])]
    if not elig:
        raise NotApplicable("every result is a quotient")
    i = rng.choice(elig)
    _, name, op, a, b, r = items[i]
    t = gsm_synth.to_trace(items, tid)
    f = (f"{name} = {a} {op} {b} = {fmt(vals[a])} {op} {fmt(vals[b])} "
         f"≠ {fmt(r)}")
    lab = _set_step(t, items, i, f)
    return _tag(t, "contradicts_premises", "gsm",
                [(lab, "contradicts_premises")],
                detail=f"{lab}: = {fmt(r)} -> ≠ {fmt(r)}")


def _recompute(items, overrides):
    """Values of every quantity with some givens replaced (None on a
    division by zero)."""
    vals = {}
    for it in items:
        if it[0] == "given":
            vals[it[1]] = Fraction(overrides.get(it[1], it[2]))
        else:
            _, name, op, a, b, _ = it
            if op == "/" and vals[b] == 0:
                return None
            vals[name] = OPS[op](vals[a], vals[b])
    return vals


def _put_back(items, k, w):
    """DESIGN's put-back for `v_k = w` (v_k's definition in context): the
    givens, in order, that stay consistent with it.  Returns the name of the
    one given dropped and the value v_k's equation then gives it, or None
    when that is not a clean single solve (v_k constant in the givens, or
    not affine in the last given it depends on)."""
    name = items[k][1]
    givens = [it[1] for it in items if it[0] == "given"]
    base = _recompute(items, {})
    for g in reversed(givens):
        pts = []
        for dx in (0, 1, 2, 5):
            v = _recompute(items, {g: base[g] + dx})
            if v is None:
                return None
            pts.append((base[g] + dx, v[name]))
        (x0, y0), (x1, y1) = pts[0], pts[1]
        slope = (y1 - y0) / (x1 - x0)
        if all(y == y0 for _, y in pts):
            continue  # v_k does not depend on g
        if slope == 0 or any(y != y0 + slope * (x - x0) for x, y in pts):
            return None  # not affine in g: no clean single solve
        return g, x0 + (w - y0) / slope
    return None  # constant: `v_k = w` is false on its own


def gsm_propagate(items, rng, tid):
    """Step k with a wrong result (arithmetic), and the first step j that
    uses v_k recomputed correctly from the wrong value -> propagated.

    Eligible only where the label is propagated under every reading of
    DESIGN's put-back (see README.md): j's quantity is used by no later
    step; v_k is not constant and is affine in the last given it depends
    on (that given is the one dropped); j's other operand is v_k itself or
    a given that is not dropped.  A j whose other operand is an earlier
    step's result is left out: with those, the put-back context of DESIGN
    (premises + definitions) does not fix that result."""
    vals = _values(items)
    elig = []
    for k in _steps(items):
        us = _users(items, items[k][1])
        if not us or not _is_leaf(items, us[0]):
            continue
        j = us[0]
        ops = {items[j][3], items[j][4]} - {items[k][1]}
        if any(o.startswith("v") for o in ops):
            continue
        elig.append((k, j))
    rng.shuffle(elig)
    for k, j in elig:
        _, name, op, a, b, r = items[k]
        _, jn, jop, ja, jb, jr = items[j]
        for _ in range(10):
            w = _wrong(rng, r)
            pb = _put_back(items, k, w)
            if pb is None:
                break
            dropped, _ = pb
            if dropped in (ja, jb):
                break
            wv = dict(vals)
            wv[name] = w
            if jop == "/" and wv[jb] == 0:
                continue
            jw = OPS[jop](wv[ja], wv[jb])
            if jw == jr:
                continue
            t = gsm_synth.to_trace(items, tid)
            lk = _set_step(t, items, k, gsm_synth.step_formula(
                name, op, a, b, vals[a], vals[b], w))
            lj = _set_step(t, items, j, gsm_synth.step_formula(
                jn, jop, ja, jb, wv[ja], wv[jb], jw))
            return _tag(t, "propagated", "gsm",
                        [(lk, "arithmetic", _form(w)), (lj, "propagated")],
                        detail=f"{lk}: {fmt(r)} -> {fmt(w)}; {lj} from it: "
                               f"{fmt(jr)} -> {fmt(jw)}; put back drops "
                               f"{dropped}")
    raise NotApplicable("no step k whose first user j is eligible")


def gsm_conclusion(items, rng, tid):
    """The conclusion states a wrong final value -> conclusion_mismatch."""
    r = items[-1][5]
    w = _wrong(rng, r)
    t = gsm_synth.to_trace(items, tid, answer=w)
    return _tag(t, "conclusion_mismatch", "gsm", [],
                trace_types=["conclusion_mismatch"],
                detail=f"answer {fmt(r)} -> {fmt(w)}")


GSM_INJECTORS = {
    "contradicts_premises": gsm_flip,
    "ungrounded_symbol": gsm_fresh,
    "arithmetic": gsm_arith,
    "operation_misapplication": gsm_operator,
    "propagated": gsm_propagate,
    "conclusion_mismatch": gsm_conclusion,
}


def clean(t, source):
    t = copy.deepcopy(t)
    return _tag(t, "none", source, [])
