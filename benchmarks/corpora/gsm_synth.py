#!/usr/bin/env python3
"""Synthetic GSM8K-style arithmetic traces for folcheck.

A trace has a few given quantities (premises `q1 = 48`), then steps that each
compute a new quantity from two earlier ones with one operator, written as a
chained equality with the operands substituted and the exact result
(`v3 = q1 / q2 = 24`), and a conclusion `answer = <value of the last step>`.

The structured form (make_chain) is what the error injector rewrites; to_trace
turns it into folcheck's JSON Lines schema.  Standard library only.

    python3 gsm_synth.py --length 16 --count 100 --seed 1 > chains.jsonl
"""
import argparse
import json
import random
import sys
from fractions import Fraction

OPS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def fmt(x):
    """An exact decimal numeral when there is one, else a quotient."""
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d == 1:
        places = max(twos, fives)
        s = f"{abs(x.numerator) * 10**places // x.denominator}"
        s = s.rjust(places + 1, "0")
        s = s[:-places] + "." + s[-places:]
        s = s.rstrip("0").rstrip(".")
        return ("-" if x < 0 else "") + s
    return f"({x.numerator} / {x.denominator})"


def make_chain(length, rng, givens=None):
    """A list of quantities: ('given', name, value) and
    ('step', name, op, left, right, value) with operands by name."""
    givens = givens or max(2, min(6, length // 2 + 2))
    items, values = [], {}
    for i in range(1, givens + 1):
        v = Fraction(rng.randint(2, 60))
        items.append(("given", f"q{i}", v))
        values[f"q{i}"] = v
    names = list(values)
    for i in range(1, length + 1):
        for _ in range(50):
            op = rng.choice("+-*/")
            # prefer recent quantities so the chain builds on itself
            a = names[-1] if rng.random() < 0.6 else rng.choice(names)
            b = rng.choice(names)
            va, vb = values[a], values[b]
            if op == "/" and vb == 0:
                continue
            r = OPS[op](va, vb)
            if abs(r) > 10**9 or (r.denominator > 1000):
                continue
            break
        else:
            op, a, b = "+", names[-1], names[0]
            r = values[a] + values[b]
        name = f"v{i}"
        items.append(("step", name, op, a, b, r))
        values[name] = r
        names.append(name)
    return items


def label_of(items, name):
    for k, it in enumerate(items):
        if it[1] == name:
            return it_label(items, k)
    raise KeyError(name)


def it_label(items, k):
    it = items[k]
    if it[0] == "given":
        return "p" + it[1][1:]
    return "s" + it[1][1:]


def step_formula(name, op, a, b, va, vb, r):
    return f"{name} = {a} {op} {b} = {fmt(va)} {op} {fmt(vb)} = {fmt(r)}"


def to_trace(items, tid, answer=None):
    """folcheck JSON: premises, steps citing their operands, conclusion."""
    values = {}
    premises, steps = [], []
    for k, it in enumerate(items):
        if it[0] == "given":
            _, name, v = it
            values[name] = v
            premises.append({"label": it_label(items, k),
                             "formula": f"{name} = {fmt(v)}"})
        else:
            _, name, op, a, b, r = it
            formula = step_formula(name, op, a, b, values[a], values[b], r)
            values[name] = r
            by = sorted({label_of(items, a), label_of(items, b)})
            steps.append({"label": it_label(items, k), "formula": formula,
                          "by": by})
    last = items[-1]
    final = values[last[1]] if answer is None else answer
    return {"id": tid, "premises": premises, "steps": steps,
            "conclusion": f"{last[1]} = {fmt(final)}"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--length", type=int, default=8)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        items = make_chain(args.length, rng)
        t = to_trace(items, f"gsm-{args.length}-{i}")
        sys.stdout.write(json.dumps(t, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
