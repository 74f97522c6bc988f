#!/usr/bin/env python3
"""Random ground arithmetic against exact evaluation in Python's fractions.

Each record fixes a few constants by premises (numerals of up to 40
digits, decimals, percent literals, and constants defined from earlier
ones) and states steps built from + - * /, mod, div, ^ and the built-ins
floor ceil round trunc abs min max, each with its own side evaluated here
exactly.  A true step must come back `entailed`, a false one
`contradicted`: any other answer, `unknown` included, is a failure.

The semantics checked are README's: `/` is exact, `a div b` is
floor(a / b), `a mod b` has the divisor's sign (a - b * floor(a / b)),
`round` is half to even, `trunc` rounds toward zero, `20%` is 1/5.

Usage: arith_differential.py [--seed N] [--count N] [--python] [--z3]
  --python  write the records in the python dialect (// % ** math.ceil
            int() ...) instead of the native one
  --z3      leave every check to Z3 (FOLCHECK_EXACT=0), to test the Z3
            translation of the built-ins: Z3 may then answer `unknown`
            on nonlinear steps, which is counted, but never wrongly
Environment: FOLCHECK, the binary.
"""
import math
import os
import random
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402

NATIVE = {"mod": "{a} mod {b}", "div": "{a} div {b}", "pow": "{a} ^ {n}",
          "floor": "floor({a})", "ceil": "ceil({a})", "round": "round({a})",
          "trunc": "trunc({a})", "abs": "abs({a})", "min": "min({args})",
          "max": "max({args})", "eq": "=", "ne": "≠"}
PYTHON = {"mod": "{a} % {b}", "div": "{a} // {b}", "pow": "{a} ** {n}",
          "floor": "math.floor({a})", "ceil": "math.ceil({a})",
          "round": "round({a})", "trunc": "int({a})", "abs": "abs({a})",
          "min": "min({args})", "max": "max({args})", "eq": "==",
          "ne": "!="}


class Gen:
    def __init__(self, rng, syntax, python):
        self.rng = rng
        self.syn = syntax
        self.python = python

    def numeral(self):
        """(text, value): an integer of up to 40 digits, a decimal, or a
        percent literal (native only)."""
        r = self.rng
        kind = r.random()
        if kind < 0.35:
            v = r.randint(0, 99)
            return str(v), Fraction(v)
        if kind < 0.55:
            digits = r.randint(10, 40)
            v = r.randint(10 ** (digits - 1), 10 ** digits - 1)
            return str(v), Fraction(v)
        if kind < 0.85 or self.python:
            whole = r.randint(0, 999)
            frac = r.randint(1, 10)
            f = r.randint(1, 10 ** frac - 1)
            text = "%d.%0*d" % (whole, frac, f)
            return text, Fraction(text)
        v = r.choice(["5", "12.5", "20", "33", "150", "0.5"])
        return v + "%", Fraction(v) / 100

    def term(self, env, depth):
        """(text, value); raises ZeroDivisionError where a divisor is 0."""
        r = self.rng
        if depth == 0 or r.random() < 0.3:
            if env and r.random() < 0.6:
                name = r.choice(sorted(env))
                return name, env[name]
            t, v = self.numeral()
            return t, v
        op = r.choice(["+", "-", "*", "/", "mod", "div", "pow", "floor",
                       "ceil", "round", "trunc", "abs", "min", "max", "neg"])
        a, av = self.term(env, depth - 1)
        if op in ("+", "-", "*", "/"):
            b, bv = self.term(env, depth - 1)
            v = {"+": av + bv, "-": av - bv, "*": av * bv,
                 "/": av / bv if bv else None}[op]
            if v is None:
                raise ZeroDivisionError
            return "(%s %s %s)" % (a, op, b), v
        if op in ("mod", "div"):
            b, bv = self.term(env, depth - 1)
            if bv == 0:
                raise ZeroDivisionError
            v = av - bv * math.floor(av / bv) if op == "mod" else \
                Fraction(math.floor(av / bv))
            return "(%s)" % self.syn[op].format(a=a, b=b), v
        if op == "pow":
            n = r.randint(0, 4)
            return "(%s)" % self.syn["pow"].format(a=a, n=n), av ** n
        if op in ("min", "max"):
            items = [(a, av)] + [self.term(env, depth - 1)
                                 for _ in range(r.randint(1, 2))]
            v = (min if op == "min" else max)(x[1] for x in items)
            return self.syn[op].format(args=", ".join(x[0] for x in items)), v
        if op == "neg":
            return "(-%s)" % a, -av
        fn = {"floor": math.floor, "ceil": math.ceil, "round": round,
              "trunc": math.trunc, "abs": abs}[op]
        return self.syn[op].format(a=a), Fraction(fn(av))

    def record(self, k):
        r = self.rng
        env, premises = {}, []
        for i in range(r.randint(1, 4)):
            name = "c%d" % i
            if env and r.random() < 0.4:
                t, v = self.term(env, 2)
            else:
                t, v = self.numeral()
            env[name] = v
            premises.append("%s = %s" % (name, t))
        steps, truth = [], []
        for j in range(r.randint(1, 3)):
            t, v = self.term(env, r.randint(1, 3))
            if r.random() < 0.5:
                # the same value, written another way
                u, uv = self.term(env, 1)
                stated, sv = "(%s + %s - %s)" % (t, u, u), v
            else:
                stated_v = v if r.random() < 0.5 else v + r.choice(
                    [1, -1, Fraction(1, 10 ** 30), 100])
                stated, sv = self.exact_numeral(stated_v), stated_v
            rel = r.choice(["eq", "eq", "eq", "ne", "<", "<=", ">", ">="])
            op = self.syn.get(rel, rel)
            holds = {"eq": v == sv, "ne": v != sv, "<": v < sv,
                     "<=": v <= sv, ">": v > sv, ">=": v >= sv}[rel]
            steps.append("%s %s %s" % (t, op, stated))
            truth.append(holds)
        rec = {"id": "d%d" % k, "premises": premises, "steps": steps}
        if self.python:
            rec["dialect"] = "python"
        return rec, truth

    def exact_numeral(self, v):
        """A numeral for v: a decimal when it has one, else a quotient."""
        if v.denominator == 1:
            s = str(abs(v.numerator))
        else:
            d, twos, fives = v.denominator, 0, 0
            while d % 2 == 0:
                d //= 2
                twos += 1
            while d % 5 == 0:
                d //= 5
                fives += 1
            if d == 1:
                k = max(twos, fives)
                digits = str(abs(v.numerator) * 10 ** k //
                             v.denominator).rjust(k + 1, "0")
                s = digits[:-k] + "." + digits[-k:]
            else:
                s = "(%d / %d)" % (abs(v.numerator), v.denominator)
        return "(-%s)" % s if v < 0 else s


def main(argv):
    python = "--python" in argv
    seed = fctest.int_option(argv, "--seed", 20261205)
    count = fctest.int_option(argv, "--count", 1500)
    fctest.binary("arith_differential")
    rng = random.Random(seed + (1 if python else 0))
    gen = Gen(rng, PYTHON if python else NATIVE, python)
    records, truths = [], []
    while len(records) < count:
        try:
            rec, truth = gen.record(len(records))
        except ZeroDivisionError:
            continue
        records.append(rec)
        truths.append(truth)
    z3 = "--z3" in argv
    if z3:
        os.environ["FOLCHECK_EXACT"] = "0"
    results, err = fctest.audit_by_id(
        records, *(["--rlimit", "2000000"] if z3 else []))
    checks = fctest.Checks()
    steps = unknown = 0
    for rec, truth in zip(records, truths):
        d = results.get(rec["id"])
        if not checks.check(d is not None and d.get("steps") is not None,
                            "%s: no result (%s)" % (rec["id"],
                                                    err.strip()[:300])):
            continue
        for j, holds in enumerate(truth):
            steps += 1
            got = d["steps"][j]["global"]
            want = "entailed" if holds else "contradicted"
            if z3 and got == "unknown":
                unknown += 1
                continue
            # a false step after a false one is checked against a G that
            # holds the earlier one apart; its own status stays exact
            checks.check(got == want,
                         "%s step %d `%s`: expected %s, got %s (%s)" % (
                             rec["id"], j + 1, rec["steps"][j], want, got,
                             d["steps"][j].get("reason", "")))
    return checks.finish(" (%d records, %d steps, seed %d%s%s)" % (
        count, steps, seed, ", python dialect" if python else "",
        ", Z3 only: %d unknown" % unknown if z3 else ""))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
