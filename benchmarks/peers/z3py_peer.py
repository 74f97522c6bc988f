#!/usr/bin/python3
"""A z3py peer of folcheck: the same checks, written the usual way.

For each trace (one JSON object per line, folcheck's JSONL schema, or a
FOLIO record with `premises-FOL` / `conclusion-FOL`):

- premise consistency: is P satisfiable?
- each step S_i against its global context G_i and its local context L_i:
  entailed when ctx ∧ ¬S_i is unsat, contradicted when ctx ∧ S_i is unsat,
  undetermined otherwise, unknown when the solver gives up;
- the conclusion against P and the definitions (entailed / refuted /
  undetermined) and whether G after the last step entails it (reached).

Contexts, as folcheck's design defines them (DESIGN.md, "The checks"):
  definitions belong to every context from where they are made on: steps
    `c = t` with c a constant no earlier statement mentions and t made of
    known symbols, not a bare numeral; a chain step `c = t = v` with c
    fresh contributes `c = t` (for itself and for everything after it);
  G_i = P + definitions + earlier steps that were not contradicted;
  L_i = P + definitions + the previous `window` steps, or, when the step
    cites parents (`by`), exactly those parents + definitions;
  the conclusion's status is against P + definitions.

One Solver per trace; every query is push, add the context, add the query,
check, pop.  Output: one JSON line per trace with the statuses and the time
spent inside check() (stats.solver_us) and in total (stats.total_us).

    /usr/bin/python3 z3py_peer.py IN.jsonl [--out OUT.jsonl] [--window N]
                                           [--timeout MS]
"""
import argparse
import json
import re
import sys
import time

import z3

# ---- lexer -----------------------------------------------------------------

LETTER = "A-Za-z_\u00c0-\u07ff\u3000-\ucfff\ue000-\uffff"
NID = f"[{LETTER}][{LETTER}0-9']*"                  # native identifiers
IDC = f"[{LETTER}0-9]"
FID = f"[{LETTER}]{IDC}*(?:(?:[-.+]|’)+{IDC}+)*\\+*"  # folio: l-2021, c++
QSYM = r"(?:∀|∃|forall\s|exists\s)"

OPS = [  # longest first
    ("<->", "IFF"), ("<=>", "IFF"), ("->", "IMP"), ("=>", "IMP"),
    ("<=", "le"), ("=<", "le"), (">=", "ge"), ("!=", "ne"), ("/=", "ne"),
    ("&&", "AND"), ("||", "OR"), ("/\\", "AND"), ("\\/", "OR"),
    ("¬", "NOT"), ("~", "NOT"), ("!", "NOT"), ("∧", "AND"), ("&", "AND"),
    ("∨", "OR"), ("|", "OR"), ("⊕", "XOR"), ("→", "IMP"), ("↔", "IFF"),
    ("⟷", "IFF"), ("⊤", "TRUE"), ("⊥", "FALSE"), ("=", "eq"), ("≠", "ne"),
    ("<", "lt"), ("≤", "le"), (">", "gt"), ("≥", "ge"), ("+", "+"),
    ("-", "-"), ("−", "-"), ("*", "*"), ("×", "*"), ("·", "*"), ("/", "/"),
    ("÷", "/"), ("(", "("), (")", ")"), (",", ","),
]
WORDS = {"not": "NOT", "and": "AND", "or": "OR", "xor": "XOR",
         "implies": "IMP", "iff": "IFF", "true": "TRUE", "false": "FALSE"}
CMP = {"eq", "ne", "lt", "le", "gt", "ge"}


def _lexer(ident, binder):
    op_re = "|".join(re.escape(o) for o, _ in OPS)
    return re.compile(
        rf"(?P<ws>\s+)|(?P<q>{binder})|(?P<num>[0-9]+(?:\.[0-9]+)?)"
        rf"|(?P<id>{ident})|(?P<op>{op_re})")


# native binders: ∀x, ∀x,y, ∀x., ∀x y. (and forall/exists); folio: ∀x
LEX_NATIVE = _lexer(NID, rf"{QSYM}\s*{NID}(?:\s+{NID})+\s*\.|"
                         rf"{QSYM}\s*{NID}(?:\s*,\s*{NID})*(?:\s*\.)?")
LEX_FOLIO = _lexer(FID, rf"{QSYM}\s*{FID}")
OPNAME = dict(OPS)


class ParseError(Exception):
    pass


def tokenize(text, folio):
    lex = LEX_FOLIO if folio else LEX_NATIVE
    ident = re.compile(FID if folio else NID)
    toks, pos = [], 0
    while pos < len(text):
        m = lex.match(text, pos)
        if not m:
            raise ParseError(f"unexpected character {text[pos]!r} at {pos}")
        pos = m.end()
        kind = m.lastgroup
        s = m.group()
        if kind == "ws":
            continue
        if kind == "q":
            q = "forall" if s[0] in "∀f" else "exists"
            body = s[1:] if s[0] in "∀∃" else s[6:]
            names = ident.findall(body.rstrip(". \t"))
            toks.append(("Q", (q, names)))
        elif kind == "num":
            toks.append(("NUM", s))
        elif kind == "id":
            toks.append((WORDS[s], s) if s in WORDS else ("ID", s))
        else:
            toks.append((OPNAME[s], s))
    toks.append(("EOF", None))
    return toks


# ---- parser (recursive descent) ----------------------------------------------
#
# AST: tuples.  ('app', name, args), ('var', name), ('num', text),
# ('neg', x), ('add'|'mul'|'and'|'or', [xs]), ('sub'|'div'|'xor'|'imp'|'iff'
# |'eq'|'ne'|'lt'|'le'|'gt'|'ge', x, y), ('not', x), ('forall'|'exists',
# name, body), ('true',), ('false',).
#
# Precedence, loosest first: quantifier (body as far right as possible),
# ↔ (left), → (right), ∨ ⊕ (left), ∧, ¬, comparison chains, + -, * /,
# unary minus.


def nary(op, x, y):
    xs = list(x[1]) if x[0] == op else [x]
    ys = list(y[1]) if y[0] == op else [y]
    return (op, tuple(xs + ys))


class Parser:
    def __init__(self, text, folio):
        self.toks = tokenize(text, folio)
        self.i = 0
        self.scope = []

    def peek(self):
        return self.toks[self.i][0]

    def take(self, kind=None):
        t = self.toks[self.i]
        if kind and t[0] != kind:
            raise ParseError(f"expected {kind}, got {t[1]!r}")
        self.i += 1
        return t

    def parse(self):
        f = self.formula()
        if self.peek() != "EOF":
            raise ParseError(f"unexpected {self.toks[self.i][1]!r}")
        return f

    def formula(self):
        left = self.implication()
        while self.peek() == "IFF":
            self.take()
            left = ("iff", left, self.implication())
        return left

    def implication(self):
        left = self.disjunction()
        if self.peek() == "IMP":
            self.take()
            return ("imp", left, self.implication())
        return left

    def disjunction(self):
        left = self.conjunction()
        while self.peek() in ("OR", "XOR"):
            if self.take()[0] == "OR":
                left = nary("or", left, self.conjunction())
            else:
                left = ("xor", left, self.conjunction())
        return left

    def conjunction(self):
        left = self.unary()
        while self.peek() == "AND":
            self.take()
            left = nary("and", left, self.unary())
        return left

    def unary(self):
        k = self.peek()
        if k == "NOT":
            self.take()
            return ("not", self.unary())
        if k == "Q":
            q, names = self.take()[1]
            self.scope.extend(names)
            body = self.formula()
            del self.scope[len(self.scope) - len(names):]
            for v in reversed(names):
                body = (q, v, body)
            return body
        return self.comparison()

    def comparison(self):
        left = self.arith()
        if self.peek() not in CMP:
            return left
        op = self.take()[0]
        last = self.arith()
        chain = (op, left, last)
        while self.peek() in CMP:       # a = b = c: a = b ∧ b = c
            op = self.take()[0]
            right = self.arith()
            chain = nary("and", chain, (op, last, right))
            last = right
        return chain

    def arith(self):
        left = self.term()
        while self.peek() in ("+", "-"):
            if self.take()[0] == "+":
                left = nary("add", left, self.term())
            else:
                left = ("sub", left, self.term())
        return left

    def term(self):
        left = self.minus()
        while self.peek() in ("*", "/"):
            if self.take()[0] == "*":
                left = nary("mul", left, self.minus())
            else:
                left = ("div", left, self.minus())
        return left

    def minus(self):
        if self.peek() == "-":
            self.take()
            x = self.minus()
            if x[0] == "num" and not x[1].startswith("-"):
                return ("num", "-" + x[1])
            return ("neg", x)
        return self.primary()

    def primary(self):
        kind, val = self.take()
        if kind == "ID":
            if self.peek() == "(":
                self.take()
                args = [self.formula()]
                while self.peek() == ",":
                    self.take()
                    args.append(self.formula())
                self.take(")")
                return ("app", val, tuple(args))
            if val in self.scope:
                return ("var", val)
            return ("app", val, ())
        if kind == "NUM":
            return ("num", val)
        if kind == "TRUE":
            return ("true",)
        if kind == "FALSE":
            return ("false",)
        if kind == "(":
            f = self.formula()
            self.take(")")
            return f
        raise ParseError(f"unexpected {val!r}")


def children(n):
    k = n[0]
    if k == "app":
        return n[2]
    if k in ("add", "mul", "and", "or"):
        return n[1]
    if k in ("forall", "exists"):
        return (n[2],)
    if k in ("var", "num", "true", "false"):
        return ()
    return n[1:]


def walk(n):
    yield n
    for c in children(n):
        yield from walk(c)


def substitute(n, old, new):
    if n == old:
        return new
    k = n[0]
    if k == "app":
        return (k, n[1], tuple(substitute(c, old, new) for c in n[2]))
    if k in ("add", "mul", "and", "or"):
        return (k, tuple(substitute(c, old, new) for c in n[1]))
    if k in ("forall", "exists"):
        return (k, n[1], substitute(n[2], old, new))
    if k in ("var", "num", "true", "false"):
        return n
    return (k,) + tuple(substitute(c, old, new) for c in n[1:])


def close_free(f, folio):
    """FOLIO writes free variables (x, y, z...) and bound names outside
    their quantifier; they are read as universally quantified.  In the
    native dialect such a formula is ill-formed."""
    bound = {n[1] for n in walk(f) if n[0] in ("forall", "exists")}
    free = []
    for n in walk(f):
        if n[0] == "app" and not n[2] and n[1] not in free and (
                n[1] in bound or
                (folio and len(n[1]) == 1 and "u" <= n[1] <= "z")):
            free.append(n[1])
    if free and not folio:
        raise ParseError(f"{free[0]!r} occurs outside its quantifier")
    for v in free:
        f = ("forall", v, substitute(f, ("app", v, ()), ("var", v)))
    return f


def parse_formula(text, folio):
    return close_free(Parser(text, folio).parse(), folio)


# ---- sorts -----------------------------------------------------------------
#
# Unification over: each function's argument and result positions (by name
# and arity), each variable name, each arithmetic term.  A class is Bool,
# numeric (Real) or, by default, the domain sort Object.

class SortError(Exception):
    pass


class Sorts:
    def __init__(self):
        self.parent = {}
        self.kind = {}     # root -> 'bool' | 'num'

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            a = self.parent[a]
        return a

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        ka, kb = self.kind.get(ra), self.kind.get(rb)
        if ka and kb and ka != kb:
            raise SortError(f"{ka} used as {kb}")
        self.parent[ra] = rb
        if ka and not kb:
            self.kind[rb] = ka

    def fix(self, a, kind):
        r = self.find(a)
        if self.kind.get(r, kind) != kind:
            raise SortError(f"{self.kind[r]} used as {kind}")
        self.kind[r] = kind

    def term(self, n):
        """The class of a term."""
        k = n[0]
        if k == "app":
            for i, a in enumerate(n[2]):
                self.union(self.term(a), ("arg", n[1], len(n[2]), i))
            return ("res", n[1], len(n[2]))
        if k == "var":
            return ("var", n[1])
        if k == "num":
            c = ("num", id(n))
            self.fix(c, "num")
            return c
        if k in ("neg", "add", "sub", "mul", "div"):
            c = ("num", id(n))
            self.fix(c, "num")
            for a in children(n):
                self.union(self.term(a), c)
            return c
        c = ("bool", id(n))
        self.fix(c, "bool")
        self.formula(n)
        return c

    def formula(self, n):
        k = n[0]
        if k in ("true", "false"):
            return
        if k in CMP:
            a, b = self.term(n[1]), self.term(n[2])
            if k not in ("eq", "ne"):
                self.fix(a, "num")
            self.union(a, b)
        elif k in ("forall", "exists"):
            self.formula(n[2])
        elif k in ("app", "var"):
            self.fix(self.term(n), "bool")
        elif k in ("not", "and", "or", "xor", "imp", "iff"):
            for c in children(n):
                self.formula(c)
        else:
            raise SortError(f"a term ({k}) used as a formula")

    def check(self, f):
        """Adds a statement's constraints; on a clash, undoes them."""
        saved = dict(self.parent), dict(self.kind)
        try:
            self.formula(f)
        except SortError:
            self.parent, self.kind = saved
            raise

    def z3sort(self, cls, obj):
        k = self.kind.get(self.find(cls))
        return (z3.BoolSort() if k == "bool" else
                z3.RealSort() if k == "num" else obj)


class Translator:
    """AST -> Z3, once per distinct subformula of a trace."""

    def __init__(self, sorts):
        self.sorts = sorts
        self.obj = z3.DeclareSort("Object")
        self.funcs = {}
        self.cache = {}

    def func(self, name, arity):
        key = (name, arity)
        if key not in self.funcs:
            s = self.sorts
            dom = [s.z3sort(("arg", name, arity, i), self.obj)
                   for i in range(arity)]
            rng = s.z3sort(("res", name, arity), self.obj)
            self.funcs[key] = z3.Function(f"{name}/{arity}", *dom, rng)
        return self.funcs[key]

    def __call__(self, n):
        r = self.cache.get(n)
        if r is None:
            r = self.cache[n] = self.build(n)
        return r

    def build(self, n):
        k = n[0]
        t = self
        if k == "app":
            f = self.func(n[1], len(n[2]))
            return f(*[t(a) for a in n[2]]) if n[2] else f()
        if k == "var":
            return z3.Const(n[1], self.sorts.z3sort(("var", n[1]), self.obj))
        if k == "num":
            return z3.RealVal(n[1])
        if k == "true":
            return z3.BoolVal(True)
        if k == "false":
            return z3.BoolVal(False)
        if k == "neg":
            return -t(n[1])
        if k == "add":
            return z3.Sum([t(a) for a in n[1]])
        if k == "mul":
            return z3.Product([t(a) for a in n[1]])
        if k == "and":
            return z3.And([t(a) for a in n[1]])
        if k == "or":
            return z3.Or([t(a) for a in n[1]])
        if k == "not":
            return z3.Not(t(n[1]))
        if k in ("forall", "exists"):
            v = t(("var", n[1]))
            q = z3.ForAll if k == "forall" else z3.Exists
            return q([v], t(n[2]))
        a, b = t(n[1]), t(n[2])
        return {"sub": lambda: a - b, "div": lambda: a / b,
                "xor": lambda: z3.Xor(a, b), "imp": lambda: z3.Implies(a, b),
                "iff": lambda: a == b, "eq": lambda: a == b,
                "ne": lambda: a != b, "lt": lambda: a < b,
                "le": lambda: a <= b, "gt": lambda: a > b,
                "ge": lambda: a >= b}[k]()


# ---- traces ----------------------------------------------------------------

class Stmt:
    def __init__(self, kind, label, text, by=None):
        self.kind, self.label, self.text = kind, label, text
        self.by = by          # cited labels, or None
        self.ast = None       # None: ill-formed
        self.z3 = None
        self.error = None


def read_trace(rec):
    """Statements of one JSON record, in order: premises, steps, conclusion."""
    stmts = []
    folio = "premises-FOL" in rec or rec.get("dialect") == "folio"

    def add(kind, items, prefix):
        for i, it in enumerate(items or []):
            if isinstance(it, str):
                stmts.append(Stmt(kind, f"{prefix}{i + 1}", it))
            else:
                stmts.append(Stmt(kind, it.get("label") or f"{prefix}{i + 1}",
                                  it["formula"], it.get("by")))

    if "premises-FOL" in rec:
        add("premise", rec["premises-FOL"], "p")
        concl = rec.get("conclusion-FOL")
    else:
        add("premise", rec.get("premises"), "p")
        add("step", rec.get("steps"), "s")
        concl = rec.get("conclusion")
    if isinstance(concl, dict):
        concl = concl["formula"]
    if concl is not None:
        stmts.append(Stmt("conclusion", "conclusion", concl))
    return stmts, folio


def symbols(n):
    return {m[1] for m in walk(n) if m[0] == "app"}


class Checker:
    def __init__(self, timeout_ms, window):
        self.timeout_ms = timeout_ms
        self.window = window
        self.solver_s = 0.0
        self.queries = 0

    def query(self, s, ctx, extra):
        s.push()
        s.add(ctx)
        s.add(extra)
        t0 = time.perf_counter()
        r = s.check()
        self.solver_s += time.perf_counter() - t0
        self.queries += 1
        s.pop()
        return r

    def status(self, s, ctx, f):
        r1 = self.query(s, ctx, z3.Not(f))
        if r1 == z3.unsat:
            return "entailed"
        r2 = self.query(s, ctx, f)
        if r2 == z3.unsat:
            return "contradicted"
        return "unknown" if z3.unknown in (r1, r2) else "undetermined"

    def check(self, rec):
        stmts, folio = read_trace(rec)
        out = {"id": rec.get("id")}
        # parse and sort every statement; a broken premise or conclusion
        # makes the trace unreadable, a broken step is ill-formed
        sorts = Sorts()
        for st in stmts:
            try:
                st.ast = parse_formula(st.text, folio)
                sorts.check(st.ast)
            except (ParseError, SortError, RecursionError) as e:
                st.ast, st.error = None, str(e)
                if st.kind != "step":
                    out["error"] = f"{st.label}: {e}"
                    return out
        to_z3 = Translator(sorts)
        for st in stmts:
            if st.ast is not None:
                st.z3 = to_z3(st.ast)
        by_label = {st.label: st for st in stmts}

        # definitions: `c = t`, c never mentioned before, t not a numeral
        # and made of known symbols; or such `c = t` heading a chain step
        known = set()

        def defines_fresh(eq):
            if eq[0] != "eq" or eq[1][0] != "app" or eq[1][2]:
                return False
            t = eq[2]
            if t[0] == "num" or (t[0] == "neg" and t[1][0] == "num"):
                return False
            return eq[1][1] not in known and symbols(t) <= known

        for st in stmts:
            st.role, st.own_def = st.kind, None
            if st.kind == "step" and st.ast is not None:
                if defines_fresh(st.ast):
                    st.role = "definition"
                elif st.ast[0] == "and" and defines_fresh(st.ast[1][0]):
                    st.own_def = to_z3(st.ast[1][0])
            if st.ast is not None:
                known |= symbols(st.ast)

        s = z3.Solver()
        s.set("timeout", self.timeout_ms)
        premises = [st.z3 for st in stmts if st.kind == "premise"]
        out["premises_consistent"] = self.query(s, premises, []) != z3.unsat

        defs, accepted = [], []
        done = []                   # earlier claim steps, in order
        steps = []
        for st in stmts:
            if st.kind != "step":
                continue
            res = {"label": st.label}
            steps.append(res)
            if st.z3 is None:
                res["local"] = res["global"] = "ill_formed"
                done.append(st)
                continue
            if st.role == "definition":
                res["local"] = res["global"] = "definition"
                defs.append(st.z3)
                continue
            if st.own_def is not None:
                defs.append(st.own_def)
            glob = premises + defs + accepted
            if st.by is not None:
                cited = []
                for lab in st.by:
                    c = by_label.get(lab)
                    if c is not None and c.z3 is not None and \
                            c.role != "definition" and c not in cited:
                        cited.append(c)
                local = [c.z3 for c in cited] + defs
            else:
                prev = done[-self.window:] if self.window > 0 else \
                    (done if self.window < 0 else [])
                local = premises + [c.z3 for c in prev if c.z3 is not None] \
                    + defs
            res["global"] = self.status(s, glob, st.z3)
            res["local"] = self.status(s, local, st.z3)
            if res["global"] != "contradicted":
                accepted.append(st.z3)
            done.append(st)
        out["steps"] = steps

        concl = [st for st in stmts if st.kind == "conclusion"]
        if concl:
            c = concl[0].z3
            st = self.status(s, premises + defs, c)
            reached = self.query(s, premises + defs + accepted,
                                 z3.Not(c)) == z3.unsat
            out["conclusion"] = {
                "status": "refuted" if st == "contradicted" else st,
                "reached": reached}
        else:
            out["conclusion"] = None
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("--out")
    ap.add_argument("--window", default="1",
                    help="previous steps in the local context, or 'all'")
    ap.add_argument("--timeout", type=int, default=10000,
                    help="per query, ms (folcheck's default)")
    a = ap.parse_args(argv)
    window = -1 if a.window == "all" else int(a.window)
    sys.setrecursionlimit(10000)
    checker = Checker(a.timeout, window)
    out = open(a.out, "w", encoding="utf-8") if a.out else sys.stdout
    with open(a.input, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            t0 = time.perf_counter()
            s0, q0 = checker.solver_s, checker.queries
            r = checker.check(json.loads(line))
            r["line"] = lineno
            r["stats"] = {
                "queries": checker.queries - q0,
                "solver_us": round((checker.solver_s - s0) * 1e6),
                "total_us": round((time.perf_counter() - t0) * 1e6)}
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
