#!/usr/bin/env python3
"""FOLIO's problems as TPTP: the same answers in both languages.

Every FOLIO validation record (train has no conclusion-FOL) is translated to a TPTP fof
problem: its premises-FOL as axioms, its conclusion-FOL as the
conjecture.  Predicates and constants become single-quoted names (non-ASCII
characters spelled out), bound variables upper-case ones, and formulas are
fully parenthesized.  The translation reads FOLIO with folcheck's own
precedence (quantifiers reach as far right as they can; then ↔, →
(right), ∨ ⊕, ∧, ¬), so any difference between the two answers is the
TPTP reader's.

For each problem, `folcheck check --format json` on the .p file must give
the conclusion status and premise consistency that the folio dialect gives
for the record.  Records whose formulas do not parse in the folio dialect,
or that use a free variable (the folio dialect closes those with a
warning), are counted and left out.

Usage: folio_tptp.py [--keep DIR] (DIR keeps the .p files)
Environment: FOLCHECK, the binary; FOLCHECK_DATA, the data folder.
"""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402

TOKEN = re.compile(r"\s*(?:(∀|∃)|(¬)|(∧)|(∨)|(⊕)|(→)|(↔|⟷)|(\()|(\))|(,)|"
                   r"([^\s(),¬∧∨⊕→↔⟷∀∃]+))")
KINDS = ["all_ex", "not", "and", "or", "xor", "imp", "iff", "lp", "rp",
         "comma", "name"]


class Unreadable(Exception):
    pass


def tokens(text):
    out, i = [], 0
    while i < len(text):
        if text[i:].strip() == "":
            break
        m = TOKEN.match(text, i)
        if not m:
            raise Unreadable("character %r" % text[i])
        k = m.lastindex
        out.append((KINDS[k - 1], m.group(k)))
        i = m.end()
    return out


def quote(name):
    """A single-quoted TPTP name; non-ASCII characters as u<hex>."""
    s = "".join(c if 32 <= ord(c) < 127 and c not in "'\\" else
                "u%04x" % ord(c) for c in name)
    return "'%s'" % s


class Reader:
    """FOLIO formulas, read with folcheck's native precedence."""

    def __init__(self, text):
        self.toks = tokens(text)
        self.i = 0
        self.bound = []

    def peek(self):
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def take(self, kind=None):
        if self.i >= len(self.toks):
            raise Unreadable("ends too soon")
        t = self.toks[self.i]
        if kind and t[0] != kind:
            raise Unreadable("expected %s, found %r" % (kind, t[1]))
        self.i += 1
        return t

    def formula(self):
        f = self.binary(0)
        return f

    # levels: 0 iff (left), 1 imp (right), 2 or/xor (left), 3 and (left)
    def binary(self, level):
        if level == 4:
            return self.unary()
        left = self.binary(level + 1)
        ops = [["iff"], ["imp"], ["or", "xor"], ["and"]][level]
        while self.peek() in ops:
            op = self.take()[0]
            if op == "imp":
                right = self.binary(level)  # right associative
            else:
                right = self.binary(level + 1)
            sym = {"iff": "<=>", "imp": "=>", "or": "|", "xor": "<~>",
                   "and": "&"}[op]
            left = "(%s %s %s)" % (left, sym, right)
            if op == "imp":
                break
        return left

    def unary(self):
        k = self.peek()
        if k == "not":
            self.take()
            return "(~ %s)" % self.unary()
        if k == "all_ex":
            q = self.take()[1]
            var = self.take("name")[1]
            self.bound.append(var)
            body = self.binary(0)  # as far right as it can
            self.bound.pop()
            return "(%s [%s] : %s)" % ("!" if q == "∀" else "?",
                                       self.var(var), body)
        if k == "lp":
            self.take()
            f = self.binary(0)
            self.take("rp")
            return f
        return self.atom()

    def var(self, name):
        return "X" + "".join(c if c.isascii() and c.isalnum() else
                             "_%x" % ord(c) for c in name)

    def term(self):
        name = self.take("name")[1]
        if self.peek() == "lp":
            return self.application(name)  # a function
        if name in self.bound:
            return self.var(name)
        if re.fullmatch(r"[a-z]", name):
            raise Unreadable("free variable %s" % name)
        return quote(name)

    def application(self, name):
        self.take("lp")
        args = [self.term()]
        while self.peek() == "comma":
            self.take()
            args.append(self.term())
        self.take("rp")
        return "%s(%s)" % (quote(name), ", ".join(args))

    def atom(self):
        name = self.take("name")[1]
        if self.peek() != "lp":
            return quote(name)  # a proposition
        return self.application(name)


def to_tptp(text):
    r = Reader(text)
    f = r.formula()
    if r.i != len(r.toks):
        raise Unreadable("trailing %r" % (r.toks[r.i][1],))
    return f


def problem(record):
    lines = ["% translated from FOLIO by tests/folio_tptp.py"]
    for i, p in enumerate(record["premises-FOL"]):
        lines.append("fof(p%d, axiom, %s)." % (i + 1, to_tptp(p)))
    lines.append("fof(conclusion, conjecture, %s)." %
                 to_tptp(record["conclusion-FOL"]))
    return "\n".join(lines) + "\n"


def main(argv):
    fctest.binary("folio_tptp")
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
    work = keep or tempfile.mkdtemp(prefix="folcheck-folio-tptp-")
    os.makedirs(work, exist_ok=True)
    checks = fctest.Checks()
    skipped, problems = 0, []
    for split in ("validation",):
        path = fctest.data_file("folio_tptp", "folio", "folio-%s.jsonl" % split)
        with open(path, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        folio_in = os.path.join(work, "folio-%s.jsonl" % split)
        kept = []
        for n, rec in enumerate(records):
            if not isinstance(rec.get("premises-FOL"), list) or \
                    not rec.get("conclusion-FOL"):
                skipped += 1
                continue
            try:
                text = problem(rec)
            except Unreadable:
                skipped += 1
                continue
            name = os.path.join(work, "%s-%04d.p" % (split, n + 1))
            with open(name, "w", encoding="utf-8") as f:
                f.write(text)
            kept.append((name, rec))
        with open(folio_in, "w", encoding="utf-8") as f:
            for _, rec in kept:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        rc, out, err = fctest.run(["audit", "--dialect", "folio", folio_in],
                                  timeout=1200)
        want = [json.loads(line) for line in out.splitlines()]
        rc, out, err = fctest.run(["check", "--format", "json"] +
                                  [n for n, _ in kept], timeout=1200)
        got = [json.loads(line) for line in out.splitlines()]
        if not checks.check(len(got) == len(kept) == len(want),
                            "%s: %d TPTP results, %d FOLIO results for %d "
                            "problems (%s)" % (split, len(got), len(want),
                                               len(kept), err[-400:])):
            continue
        for (name, rec), g, w in zip(kept, got, want):
            if w.get("error"):
                skipped += 1  # the folio dialect does not read it either
                continue
            problems.append(name)
            gc, wc = g.get("conclusion") or {}, w.get("conclusion") or {}
            checks.check(g.get("premises_consistent") ==
                         w.get("premises_consistent") and
                         gc.get("status") == wc.get("status"),
                         "%s: TPTP says conclusion %s, premises consistent "
                         "%s; the folio dialect %s, %s (%s)" % (
                             os.path.basename(name), gc.get("status"),
                             g.get("premises_consistent"), wc.get("status"),
                             w.get("premises_consistent"),
                             g.get("error", {}).get("message", "")))
    return checks.finish(" (%d problems compared, %d left out)" % (
        len(problems), skipped))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
