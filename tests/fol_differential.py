#!/usr/bin/env python3
"""Random first-order traces with a binary predicate, a function and
equality, against every model of 1 to 3 elements.

Vocabulary: constants a b, a unary predicate P, a binary predicate R, a
unary function f, equality (`=` and `≠`), all connectives and both
quantifiers, two variables.  Each record has 2 to 4 premises and 1 to 3
steps; each step is checked against its global context (the premises and
the earlier steps that folcheck did not find contradicted) and its local
one (the premises and the step before it: `--window 1`).

The test enumerates every structure of 1, 2 and 3 elements (up to the
name of a's element: 221,700 of them) and evaluates each formula on all of
them at once, as bit sets over the models.  A structure found that way is
a proof: when the premises hold and the step fails in one, folcheck must
not say `entailed`; when premises and step hold together in one, it must
not say `contradicted`; when the premises hold in one, they are not
inconsistent.

Small models are not always enough to prove the other direction (a ∀∃
premise may need an infinite model), so the test also knows when they
are: when the question, Skolemized, has no function symbols and at most
three ground terms (the Bernays–Schönfinkel class with equality, and
quantifier-free formulas with at most three ground terms), a question with
no model of at most three elements has none at all.  There folcheck's
answer must be exactly the enumeration's, `unknown` included as a
failure; elsewhere it must only agree with what the models show, and
`unknown` is counted.

Usage: fol_differential.py [--seed N] [--count N]
Environment: FOLCHECK, the binary.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402

VARS = ["x", "y"]


# ---- the models, as bit sets ------------------------------------------------

class Universe:
    """Every structure with n elements, a = element 0, as one mixed-radix
    index: b's element, P's bits, R's bits, then f's values."""

    def __init__(self, n):
        self.n = n
        digits = [("b", min(n, 2))]
        digits += [("P%d" % v, 2) for v in range(n)]
        digits += [("R%d%d" % (u, v), 2) for u in range(n) for v in range(n)]
        digits += [("f%d" % u, n) for u in range(n)]
        size = 1
        for _, radix in digits:
            size *= radix
        self.size = size
        self.all = (1 << size) - 1
        self.masks = {}
        stride = size
        for name, radix in digits:
            stride //= radix
            period = stride * radix
            reps = size // period
            pattern = ((1 << (reps * period)) - 1) // ((1 << period) - 1)
            block = (1 << stride) - 1
            self.masks[name] = [(block << (x * stride)) * pattern
                                for x in range(radix)]

    def digit(self, name, x):
        m = self.masks[name]
        return m[x] if x < len(m) else 0

    def term(self, t, env):
        """{element: the models where t has that value}."""
        kind = t[0]
        if kind == "c":
            if t[1] == "a":
                return {0: self.all}
            return {v: self.digit("b", v) for v in range(min(self.n, 2))}
        if kind == "v":
            return {env[t[1]]: self.all}
        inner = self.term(t[1], env)
        out = {}
        for u, mu in inner.items():
            for v in range(self.n):
                m = mu & self.digit("f%d" % u, v)
                if m:
                    out[v] = out.get(v, 0) | m
        return out

    def formula(self, f, env):
        kind = f[0]
        if kind == "P":
            t = self.term(f[1], env)
            return self._or(m & self.digit("P%d" % v, 1) for v, m in t.items())
        if kind == "R":
            t1, t2 = self.term(f[1], env), self.term(f[2], env)
            return self._or(m1 & m2 & self.digit("R%d%d" % (u, v), 1)
                            for u, m1 in t1.items() for v, m2 in t2.items())
        if kind in ("eq", "ne"):
            t1, t2 = self.term(f[1], env), self.term(f[2], env)
            m = self._or(m & t2.get(v, 0) for v, m in t1.items())
            return m if kind == "eq" else self.all ^ m
        if kind == "not":
            return self.all ^ self.formula(f[1], env)
        if kind in ("all", "ex"):
            parts = [self.formula(f[2], dict(env, **{f[1]: v}))
                     for v in range(self.n)]
            out = parts[0]
            for p in parts[1:]:
                out = out & p if kind == "all" else out | p
            return out
        a, b = self.formula(f[1], env), self.formula(f[2], env)
        if kind == "and":
            return a & b
        if kind == "or":
            return a | b
        if kind == "imp":
            return (self.all ^ a) | b
        if kind == "iff":
            return self.all ^ (a ^ b)
        return a ^ b  # xor

    @staticmethod
    def _or(masks):
        out = 0
        for m in masks:
            out |= m
        return out


# ---- formulas ---------------------------------------------------------------

class Gen:
    def __init__(self, rng, functions):
        self.rng = rng
        self.functions = functions

    def term(self, scope, depth=1):
        r = self.rng
        if self.functions and depth > 0 and r.random() < 0.3:
            return ("f", self.term(scope, depth - 1))
        if scope and r.random() < 0.6:
            return ("v", r.choice(scope))
        return ("c", r.choice("ab"))

    def atom(self, scope):
        r = self.rng.random()
        if r < 0.3:
            return ("P", self.term(scope))
        if r < 0.75:
            return ("R", self.term(scope), self.term(scope))
        return ("eq" if self.rng.random() < 0.6 else "ne",
                self.term(scope), self.term(scope))

    def formula(self, depth, scope=()):
        r = self.rng
        if depth == 0 or r.random() < 0.25:
            return self.atom(list(scope))
        op = r.choice(["not", "and", "or", "imp", "iff", "xor", "all", "ex",
                       "all", "ex"])
        if op in ("all", "ex"):
            free = [v for v in VARS if v not in scope]
            if free:
                v = free[0]
                return (op, v, self.formula(depth - 1, tuple(scope) + (v,)))
            op = "not"
        if op == "not":
            return ("not", self.formula(depth - 1, scope))
        return (op, self.formula(depth - 1, scope),
                self.formula(depth - 1, scope))


def term_text(t):
    if t[0] in ("c", "v"):
        return t[1]
    return "f(%s)" % term_text(t[1])


def text(f):
    kind = f[0]
    if kind == "P":
        return "P(%s)" % term_text(f[1])
    if kind == "R":
        return "R(%s, %s)" % (term_text(f[1]), term_text(f[2]))
    if kind == "eq":
        return "%s = %s" % (term_text(f[1]), term_text(f[2]))
    if kind == "ne":
        return "%s ≠ %s" % (term_text(f[1]), term_text(f[2]))
    if kind == "not":
        return "¬(%s)" % text(f[1])
    if kind in ("all", "ex"):
        return "%s%s (%s)" % ("∀" if kind == "all" else "∃", f[1], text(f[2]))
    sym = {"and": "∧", "or": "∨", "imp": "→", "iff": "↔", "xor": "⊕"}[kind]
    return "(%s) %s (%s)" % (text(f[1]), sym, text(f[2]))


# ---- when small models decide a question -------------------------------------

def skolems(f, positive, under_forall):
    """(Skolem constants, ok): ok is False when Skolemizing f (with this
    polarity) needs a Skolem function, an ∃ in the scope of a ∀."""
    kind = f[0]
    if kind in ("P", "R", "eq", "ne"):
        return 0, True
    if kind == "not":
        return skolems(f[1], not positive, under_forall)
    if kind in ("all", "ex"):
        universal = (kind == "all") == positive
        if universal:
            return skolems(f[2], positive, True)
        if under_forall:
            return 0, False
        n, ok = skolems(f[2], positive, under_forall)
        return n + 1, ok
    if kind in ("and", "or"):
        parts = [skolems(f[1], positive, under_forall),
                 skolems(f[2], positive, under_forall)]
    elif kind == "imp":
        parts = [skolems(f[1], not positive, under_forall),
                 skolems(f[2], positive, under_forall)]
    else:  # iff, xor: each side is read with both polarities
        parts = [skolems(g, p, under_forall)
                 for g in (f[1], f[2]) for p in (True, False)]
    return sum(n for n, _ in parts), all(ok for _, ok in parts)


def walk_terms(f):
    kind = f[0]
    if kind == "P":
        yield f[1]
    elif kind in ("R", "eq", "ne"):
        yield f[1]
        yield f[2]
    elif kind == "not":
        yield from walk_terms(f[1])
    elif kind in ("all", "ex"):
        yield from walk_terms(f[2])
    else:
        yield from walk_terms(f[1])
        yield from walk_terms(f[2])


def subterms(t, out):
    out.add(t)
    if t[0] == "f":
        subterms(t[1], out)


def quantified(f):
    kind = f[0]
    if kind in ("all", "ex"):
        return True
    if kind in ("P", "R", "eq", "ne"):
        return False
    return any(quantified(g) for g in f[1:] if isinstance(g, tuple))


def decided_by_small_models(parts):
    """parts: [(formula, positive)] whose conjunction is the question."""
    terms = set()
    for f, _ in parts:
        for t in walk_terms(f):
            subterms(t, terms)
    uses_f = any(t[0] == "f" for t in terms)
    if not any(quantified(f) for f, _ in parts):
        return len(terms) <= 3
    if uses_f:
        return False
    consts = {t for t in terms if t[0] == "c"}
    count = len(consts)
    for f, positive in parts:
        n, ok = skolems(f, positive, False)
        if not ok:
            return False
        count += n
    return count <= 3


# ---- the test ---------------------------------------------------------------

def is_chain(f):
    """`c = t = v` as the parser reads it: (c = t) ∧ (t = v), which may
    define a fresh c (DESIGN: definitions); such records end there."""
    return (f[0] == "and" and f[1][0] == "eq" and f[2][0] == "eq" and
            f[2][1] == f[1][2])


class Record:
    """A record's questions, answered on every small model up front: for
    each step i and each set T of earlier steps, whether premises ∧ T,
    premises ∧ T ∧ step and premises ∧ T ∧ ¬step have a small model, and
    whether small models decide each of them."""

    def __init__(self, universes, prem, steps):
        self.prem, self.steps = prem, steps
        self.answers = {}
        for u in universes:
            g = u.all
            for p in prem:
                g &= u.formula(p, {})
            masks = [u.formula(st, {}) for st in steps]
            for i in range(len(steps)):
                for subset in range(1 << i):
                    c = g
                    for j in range(i):
                        if subset >> j & 1:
                            c &= masks[j]
                    sat = self.answers.setdefault((i, subset),
                                                  [False, False, False])
                    sat[0] |= c != 0
                    sat[1] |= c & masks[i] != 0
                    sat[2] |= c & (u.all ^ masks[i]) != 0

    def question(self, i, subset):
        """(sat ctx, sat ctx∧S, sat ctx∧¬S), and whether each is decided."""
        ctx = [(p, True) for p in self.prem]
        ctx += [(self.steps[j], True) for j in range(i) if subset >> j & 1]
        exact = (decided_by_small_models(ctx),
                 decided_by_small_models(ctx + [(self.steps[i], True)]),
                 decided_by_small_models(ctx + [(self.steps[i], False)]))
        return self.answers[(i, subset)], exact


def expected(sat, exact):
    """The status that the small models prove, or None."""
    sat_ctx, sat_pos, sat_neg = sat
    if not sat_ctx and exact[0]:
        return "entailed"
    if (sat_pos or exact[1]) and (sat_neg or exact[2]):
        return ("undetermined" if sat_pos and sat_neg else
                "entailed" if not sat_neg else "contradicted")
    if exact[2] and not sat_neg:
        return "entailed"
    return None


def main(argv):
    seed = fctest.int_option(argv, "--seed", 20261205)
    count = fctest.int_option(argv, "--count", 600)
    fctest.binary("fol_differential")
    rng = random.Random(seed)
    universes = [Universe(n) for n in (1, 2, 3)]
    records, facts = [], []
    for k in range(count):
        gen = Gen(rng, functions=k % 2 == 1)
        prem = [gen.formula(rng.randint(1, 3))
                for _ in range(rng.randint(2, 4))]
        steps = [gen.formula(rng.randint(1, 3))
                 for _ in range(rng.choice([1, 1, 2, 3]))]
        records.append({"id": "r%d" % k, "premises": [text(p) for p in prem],
                        "steps": [text(st) for st in steps]})
        facts.append(Record(universes, prem, steps))
    results, err = fctest.audit_by_id(records)
    checks = fctest.Checks()
    tally = {"exact": 0, "steps": 0, "inconsistent": 0}
    for rec, fact in zip(records, facts):
        d = results.get(rec["id"])
        if not checks.check(d is not None and
                            len(d.get("steps") or []) == len(fact.steps),
                            "%s: no result (%s)" % (rec["id"], err[-300:])):
            continue
        what = "%s %s ⊢ %s" % (rec["id"], rec["premises"], rec["steps"])
        consistent = d["premises_consistent"]
        (sat_p, _, _), (exact_p, _, _) = fact.question(0, 0)
        if consistent is None:
            tally["premises unknown"] = tally.get("premises unknown", 0) + 1
            checks.check(not exact_p,
                         "%s: premises_consistent null, but models of at "
                         "most 3 elements decide it" % what)
        elif sat_p:
            checks.check(consistent is True,
                         "%s: premises_consistent %r, but a model of at "
                         "most 3 elements satisfies them" % (what, consistent))
        elif exact_p:
            checks.check(consistent is False,
                         "%s: premises_consistent %r; they have no model" % (
                             what, consistent))
        if consistent is False:
            tally["inconsistent"] += 1
        in_global = 0  # earlier steps folcheck keeps in G (not contradicted)
        for i, (st, res) in enumerate(zip(fact.steps, d["steps"])):
            tally["steps"] += 1
            step_what = "%s, step %d" % (what, i + 1)
            contexts = {"global": in_global,
                        "local": 1 << (i - 1) if i > 0 else 0}
            stop = False
            for ctx, subset in contexts.items():
                got = res[ctx]
                if ctx == "global":
                    tally[got] = tally.get(got, 0) + 1
                if got == "definition":
                    defines = (st[0] == "eq" and st[1][0] == "c" and
                               all(st[1][1] not in p for p in
                                   rec["premises"] + rec["steps"][:i]))
                    checks.check(defines, "%s: %s definition, but the step "
                                 "defines nothing" % (step_what, ctx))
                    stop = True
                    continue
                sat, exact = fact.question(i, subset)
                if got == "unknown" and not all(exact):
                    continue  # sound, and small models cannot say more
                if got == "entailed":
                    checks.check(not sat[2], "%s: %s entailed, but a small "
                                 "model makes the context true and the step "
                                 "false" % (step_what, ctx))
                elif got == "contradicted":
                    checks.check(not sat[1], "%s: %s contradicted, but a "
                                 "small model makes context and step true" %
                                 (step_what, ctx))
                want = expected(sat, exact)
                if want:
                    tally["exact"] += 1
                    checks.check(got == want,
                                 "%s: %s %s, expected %s (decided by models "
                                 "of at most 3 elements)" % (step_what, ctx,
                                                             got, want))
            if stop or is_chain(st):
                break  # later contexts hold a definition
            if res["global"] != "contradicted":
                in_global |= 1 << i
    return checks.finish(" (%d records, %d steps, seed %d; %s)" % (
        count, tally.pop("steps"), seed,
        ", ".join("%s %d" % kv for kv in sorted(tally.items()))))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
