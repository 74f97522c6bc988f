#!/usr/bin/env python3
"""Realistic small traces for the audit benchmark, in folcheck's JSONL schema.

Two kinds, interleaved by a seeded RNG (the output is a pure function of
count and seed):

- ProntoQA-like rule chains: a fact about an individual, a chain of
  "every A is a B" rules (some negative, "every A is not a B"), a few
  distractor rules, then one step per hop and the final claim as the
  conclusion.  Errors injected in ~20%: a negated step (contradicted), a
  skipped hop whose step cites a rule that does not apply, a converse
  (affirming the consequent), or a hallucinated category.
- GSM8K-like arithmetic chains: given quantities, then steps that each
  compute a new quantity from two earlier ones, written as a chained
  equality `v3 = q1 / q2 = 24`, and `answer = v_last` as the conclusion.
  Errors in ~20%: a wrong result (calculator error), a wrong operator, an
  ungrounded quantity.

    python3 gen.py COUNT [--seed S] > traces.jsonl
"""
import argparse
import json
import random
import sys
from fractions import Fraction

NAMES = ["alex", "bonnie", "fae", "max", "polly", "rex", "sally", "stella",
         "sam", "wren", "tom", "jen"]
CATS = ["Wumpus", "Yumpus", "Zumpus", "Dumpus", "Rompus", "Numpus", "Tumpus",
        "Vumpus", "Impus", "Jompus", "Gorpus", "Lempus", "Sterpus", "Brimpus",
        "Grimpus", "Lorpus", "Shumpus", "Gwompus", "Felpus", "Worpus"]
PROPS = ["Bright", "Sour", "Wooden", "Liquid", "Happy", "Small", "Red",
         "Feisty", "Opaque", "Earthy", "Cold", "Mean", "Kind", "Shy"]


def fmt(x):
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    return f"({x.numerator} / {x.denominator})"


def rule_chain(rng, tid):
    hops = rng.randint(2, 6)
    cats = rng.sample(CATS, hops + 3)
    who = rng.choice(NAMES)
    chain = cats[:hops + 1]
    prem = []
    for a, b in zip(chain, chain[1:]):
        prem.append(f"∀x ({a}(x) → {b}(x))")
    # the last hop may be a property, positive or negative
    prop = rng.choice(PROPS)
    neg = rng.random() < 0.4
    prem.append(f"∀x ({chain[-1]}(x) → {'¬' if neg else ''}{prop}(x))")
    # distractors
    for d in cats[hops + 1:]:
        prem.append(f"∀x ({d}(x) → {rng.choice(CATS)}(x))")
    prem.append(f"{chain[0]}({who})")
    rng.shuffle(prem)
    steps = [f"{c}({who})" for c in chain[1:]]
    final = f"{'¬' if neg else ''}{prop}({who})"
    steps.append(final)
    kind = "ok"
    r = rng.random()
    if r < 0.06:
        i = rng.randrange(len(steps) - 1)
        steps[i] = "¬" + steps[i]
        kind = "negated"
    elif r < 0.11:
        i = rng.randrange(len(steps) - 1)
        steps[i] = f"{cats[-1]}({who})"
        kind = "unsupported"
    elif r < 0.15:
        # converse of a distractor: affirming the consequent style
        steps.insert(0, f"{rng.choice(cats[hops + 1:])}({who})")
        kind = "converse"
    elif r < 0.20:
        steps.insert(rng.randrange(len(steps)), f"Glorp({who})")
        kind = "hallucinated"
    return {"id": tid, "premises": prem, "steps": steps, "conclusion": final,
            "meta": {"kind": "prontoqa", "inject": kind, "hops": hops}}


OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
       "*": lambda a, b: a * b, "/": lambda a, b: a / b}


def arith_chain(rng, tid):
    ngiven = rng.randint(2, 4)
    nsteps = rng.randint(2, 6)
    vals = {}
    prem = []
    for i in range(1, ngiven + 1):
        v = Fraction(rng.randint(2, 60))
        vals[f"q{i}"] = v
        prem.append(f"q{i} = {v}")
    steps = []
    kind = "ok"
    r = rng.random()
    bad = rng.randrange(nsteps)
    inject = ("wrong_result" if r < 0.10 else "wrong_operator" if r < 0.16
              else "ungrounded" if r < 0.20 else None)
    last = None
    for k in range(1, nsteps + 1):
        names = list(vals)
        a, b = rng.sample(names, 2)
        op = rng.choice("+-*/" if vals[b] != 0 else "+-*")
        v = OPS[op](vals[a], vals[b])
        name = f"v{k}"
        shown_op, shown = op, v
        if inject and k - 1 == bad:
            kind = inject
            if inject == "wrong_result":
                shown = v + rng.choice([1, 2, 10, -1])
            elif inject == "wrong_operator":
                shown_op = {"+": "-", "-": "+", "*": "+", "/": "*"}[op]
            else:
                steps.append(f"bonus = {rng.randint(2, 9)}")
        steps.append(f"{name} = {a} {shown_op} {b} = {fmt(shown)}")
        vals[name] = v
        last = name
    concl = f"answer = {fmt(vals[last])}"
    steps.append(f"answer = {last}")
    return {"id": tid, "premises": prem, "steps": steps, "conclusion": concl,
            "meta": {"kind": "gsm", "inject": kind, "steps": nsteps}}


def traces(count, seed=1):
    rng = random.Random(seed)
    for i in range(count):
        tid = f"t{i:06d}"
        if rng.random() < 0.5:
            yield rule_chain(rng, tid)
        else:
            yield arith_chain(rng, tid)


def write(path, count, seed=1):
    with open(path, "w", encoding="utf-8") as f:
        for t in traces(count, seed):
            f.write(json.dumps(t, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    for t in traces(a.count, a.seed):
        sys.stdout.write(json.dumps(t, ensure_ascii=False,
                                    separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
