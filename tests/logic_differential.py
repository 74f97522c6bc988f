#!/usr/bin/env python3
"""Random monadic first-order traces against brute-force model enumeration.

Monadic logic without equality is decided exactly by its small models: a
structure is, up to what such formulas can tell apart, the set of
"types" it realizes (which of the unary predicates hold of an element;
at least one) and the type of each constant.  This test enumerates all of
them, so it knows for every step whether the premises entail it,
contradict it, or neither, and whether the premises are consistent.

Each record has 2 to 4 premises and one step over predicates P Q R,
constants a b, all connectives (¬ ∧ ∨ → ↔ ⊕) and both quantifiers.
folcheck's answer must be exactly the enumeration's: `entailed`,
`contradicted` or `undetermined` globally and locally (with inconsistent
premises, every step is entailed), and `premises_consistent`.  A wrong
answer fails the test; so does `unknown` (a monadic query is decidable).

Usage: logic_differential.py [--seed N] [--count N]
Environment: FOLCHECK, the binary.
"""
import itertools
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402

PREDS = ["P", "Q", "R"]
CONSTS = ["a", "b"]
TYPES = list(itertools.product([False, True], repeat=len(PREDS)))


def models():
    """Every structure: (realized types, type of each constant)."""
    out = []
    for mask in range(1, 1 << len(TYPES)):
        real = [t for i, t in enumerate(TYPES) if mask >> i & 1]
        for ca in real:
            for cb in real:
                out.append((real, {"a": ca, "b": cb}))
    return out


class Gen:
    def __init__(self, rng):
        self.rng = rng

    def formula(self, depth, var=None):
        """(text, evaluator(model, env) -> bool)."""
        r = self.rng
        if depth == 0 or r.random() < 0.25:
            p = r.randrange(len(PREDS))
            terms = list(CONSTS) + ([var] if var else [])
            t = r.choice(terms if not var or r.random() < 0.4 else [var])
            if t in CONSTS:
                return ("%s(%s)" % (PREDS[p], t),
                        lambda m, env, p=p, t=t: m[1][t][p])
            return ("%s(%s)" % (PREDS[p], t),
                    lambda m, env, p=p, t=t: env[t][p])
        op = r.choice(["not", "and", "or", "imp", "iff", "xor", "all", "ex"])
        if op in ("all", "ex") and var is None:
            body, f = self.formula(depth - 1, "x")
            sym = "∀" if op == "all" else "∃"
            q = all if op == "all" else any
            return ("%sx (%s)" % (sym, body),
                    lambda m, env, f=f, q=q: q(f(m, dict(env, x=t))
                                                for t in m[0]))
        if op in ("all", "ex", "not"):
            a, fa = self.formula(depth - 1, var)
            return "¬(%s)" % a, lambda m, env, fa=fa: not fa(m, env)
        a, fa = self.formula(depth - 1, var)
        b, fb = self.formula(depth - 1, var)
        sym = {"and": "∧", "or": "∨", "imp": "→", "iff": "↔",
               "xor": "⊕"}[op]
        fn = {"and": lambda x, y: x and y, "or": lambda x, y: x or y,
              "imp": lambda x, y: (not x) or y, "iff": lambda x, y: x == y,
              "xor": lambda x, y: x != y}[op]
        return ("(%s) %s (%s)" % (a, sym, b),
                lambda m, env, fa=fa, fb=fb, fn=fn: fn(fa(m, env),
                                                       fb(m, env)))


def main(argv):
    seed = fctest.int_option(argv, "--seed", 20261205)
    count = fctest.int_option(argv, "--count", 1500)
    fctest.binary("logic_differential")
    rng = random.Random(seed)
    gen = Gen(rng)
    ms = models()
    records, truth = [], []
    for k in range(count):
        prem = [gen.formula(rng.randint(1, 3)) for _ in range(rng.randint(2, 4))]
        step = gen.formula(rng.randint(1, 3))
        mp = [m for m in ms if all(f(m, {}) for _, f in prem)]
        if not mp:
            want = ("entailed", False)
        else:
            vals = {step[1](m, {}) for m in mp}
            want = ({True: "entailed", False: "contradicted"}[vals.pop()]
                    if len(vals) == 1 else "undetermined", True)
        records.append({"id": "m%d" % k, "premises": [p for p, _ in prem],
                        "steps": [step[0]]})
        truth.append(want)
    results, err = fctest.audit_by_id(records)
    checks = fctest.Checks()
    kinds = {}
    for rec, (status, consistent) in zip(records, truth):
        d = results.get(rec["id"])
        if not checks.check(d is not None and d.get("steps"),
                            "%s: no result" % rec["id"]):
            continue
        s = d["steps"][0]
        kinds[status] = kinds.get(status, 0) + 1
        checks.check(d["premises_consistent"] is consistent,
                     "%s %s: premises_consistent %r, expected %r" % (
                         rec["id"], rec["premises"], d["premises_consistent"],
                         consistent))
        checks.check(s["global"] == status and s["local"] == status,
                     "%s %s ⊢ %s: local %s, global %s, expected %s" % (
                         rec["id"], rec["premises"], rec["steps"][0],
                         s["local"], s["global"], status))
    return checks.finish(" (%d records, seed %d: %s)" % (
        count, seed, ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
