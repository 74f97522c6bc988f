#!/usr/bin/env python3
"""Translate Faithful-CoT's GPT-4 GSM8K programs into folcheck traces.

Source: github.com/veronica320/Faithful-COT (see SOURCE.txt).  GPT-4 answers
each GSM8K test question with a commented Python program of assignments
(`eggs_sold = eggs_per_day - eggs_breakfast - eggs_muffins`) ending in
`answer = ...`; `answer` in the prediction file is what running it gave.

One program becomes one trace:

  premises    bare-number assignments (`eggs_per_day = 16`, `rate = -0.5`):
              the quantities read from the question.
  steps       every other assignment `name = expression`, in order, with the
              comment above it as text.  folcheck takes `c = t` with a fresh
              `c` as a definition, so these are checked for being well
              formed and grounded, and the arithmetic is carried into the
              conclusion.
  conclusion  `answer = GOLD`, GOLD being the number after `####` in
              gsm8k-test.jsonl (commas removed).

Expressions become folcheck arithmetic: names, numerals, + - * /, unary
minus and parentheses, `//` as `div`, `%` as `mod`, `**` with a
non-negative integer exponent as `^`, and the functions math.ceil,
math.floor, round, int (trunc), abs, min, max and float (the identity).
Python's `/` is exact division there (folcheck's numbers are
rationals).  A name assigned twice (`total = total + 5`) is renamed
total_2, total_3, ... from that point on (single assignment); a name that
spells a folcheck keyword gets a trailing '_'.  With --python the records
are written in folcheck's python dialect instead (the expressions as
Python writes them, names renamed the same way).

Everything else cannot be expressed: other function calls (sympy's
Symbol/Eq/solve, math.sqrt, sum), `**` with another exponent, subscripts, comparisons,
conditional expressions, loops and `if` statements, strings.  Such a
statement is counted per reason and listed in meta.untranslated, and the
trace is kept and marked (meta.complete = false).  What happens to it:

  - an assignment whose value the statements before it fix, with only
    + - * / // % ** and the functions round, int, float, abs, min, max,
    sum, math.ceil/floor/sqrt applied to numbers (evaluated here by a small
    interpreter of those operations, never by exec): its value becomes a
    premise `name = value`, labelled `py_<name>` and marked
    "computed by Python, not checked";
  - anything else (sympy, loops, ifs, ...) is left out, and later steps that
    use its name are left out too (reason: "uses a name that was not
    translated").

Usage: python3 benchmarks/corpora/faithful_cot.py [--data DIR] [--out FILE]
                                                  [--stats FILE]
"""

import argparse
import ast
import collections
import json
import math
import os
import re
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(
    os.environ.get("FOLCHECK_DATA", os.path.join(REPO, "..", "shared", "data")),
    "llm-traces", "faithful-cot")

FC_WORDS = {"not", "and", "or", "xor", "implies", "iff", "true", "false",
            "forall", "exists", "premise", "step", "define", "conclude",
            "expect", "sort", "const", "pred", "fun", "by", "mod", "div"}


class Untranslatable(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def numeral(v):
    """A folcheck numeral for an int, float or Fraction (exact decimal when
    there is one, else a quotient)."""
    if isinstance(v, bool):
        raise Untranslatable("boolean value")
    if isinstance(v, float):
        if not math.isfinite(v):
            raise Untranslatable("non-finite number")
        v = Fraction(repr(v)) if "e" not in repr(v) else Fraction(v)
    v = Fraction(v)
    neg = v < 0
    v = abs(v)
    if v.denominator == 1:
        s = str(v.numerator)
    else:
        d = v.denominator
        twos = fives = 0
        while d % 2 == 0:
            d //= 2
            twos += 1
        while d % 5 == 0:
            d //= 5
            fives += 1
        if d == 1:
            k = max(twos, fives)
            scaled = v * 10 ** k
            digits = str(scaled.numerator).rjust(k + 1, "0")
            s = digits[:-k] + "." + digits[-k:]
        else:
            s = "(%d / %d)" % (v.numerator, v.denominator)
    return ("-" + s) if neg else s


OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
       ast.FloorDiv: "div", ast.Mod: "mod", ast.Pow: "^"}
PREC = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.FloorDiv: 2,
        ast.Mod: 2, ast.Pow: 4}
BAD_OPS = {}
# Python's functions that folcheck has built in, by its name for them
# (float() is the identity on folcheck's exact numbers).
FUNCS_FC = {"math.ceil": "ceil", "math.floor": "floor", "ceil": "ceil",
            "floor": "floor", "round": "round", "int": "trunc",
            "math.trunc": "trunc", "abs": "abs", "min": "min", "max": "max",
            "float": ""}


def small_exponent(node):
    """Is node a non-negative integer numeral (a power folcheck reads)?"""
    return isinstance(node, ast.Constant) and type(node.value) is int and \
        0 <= node.value <= 10000


def why_not(node):
    """The reason a Python expression is not folcheck arithmetic."""
    for n in ast.walk(node):
        if isinstance(n, ast.BinOp) and type(n.op) in BAD_OPS:
            return BAD_OPS[type(n.op)]
        if isinstance(n, ast.Call):
            f = ast.unparse(n.func)
            if f in ("Symbol", "symbols", "Eq", "solve", "solve_it",
                     "sympy.Symbol", "sympy.Eq", "sympy.solve") or \
                    f.endswith(".subs"):
                return "sympy (Symbol / Eq / solve)"
            return "function call `%s(...)`" % f
    for n in ast.walk(node):
        if isinstance(n, ast.Subscript):
            return "subscript `x[...]`"
        if isinstance(n, (ast.Compare, ast.BoolOp)):
            return "comparison or boolean operator"
        if isinstance(n, ast.IfExp):
            return "conditional expression"
        if isinstance(n, (ast.List, ast.Tuple, ast.Set, ast.Dict,
                          ast.ListComp, ast.GeneratorExp)):
            return "list, tuple or comprehension"
        if isinstance(n, (ast.JoinedStr, ast.Constant)) and \
                isinstance(getattr(n, "value", None), str):
            return "string"
        if isinstance(n, ast.Attribute):
            return "attribute `%s`" % ast.unparse(n)
    return "expression form `%s`" % type(node).__name__


def to_fc(node, names):
    """(text, precedence) of a folcheck term, or Untranslatable."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        s = numeral(node.value)
        return (s, 3) if not s.startswith("-") else ("(%s)" % s, 3)
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise Untranslatable("uses a name that is not defined before")
        return names[node.id], 3
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub,
                                                              ast.UAdd)):
        s, p = to_fc(node.operand, names)
        if isinstance(node.op, ast.UAdd):
            return s, p
        return "-" + (s if p >= 3 else "(%s)" % s), 3
    if isinstance(node, ast.Call) and not node.keywords and \
            ast.unparse(node.func) in FUNCS_FC:
        f = FUNCS_FC[ast.unparse(node.func)]
        nary = f in ("min", "max")
        if (nary and len(node.args) < 2) or (not nary and len(node.args) != 1):
            raise Untranslatable("function call `%s(...)` with %d arguments"
                                 % (ast.unparse(node.func), len(node.args)))
        args = [to_fc(a, names)[0] for a in node.args]
        if not f:
            return "(%s)" % args[0], 3
        return "%s(%s)" % (f, ", ".join(args)), 3
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and \
            not small_exponent(node.right):
        raise Untranslatable("`**` with an exponent other than a "
                             "non-negative integer")
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        p = PREC[type(node.op)]
        ls, lp = to_fc(node.left, names)
        rs, rp = to_fc(node.right, names)
        if isinstance(node.op, ast.Pow):
            return "%s ^ %s" % (ls if lp > p else "(%s)" % ls, rs), p
        if lp < p:
            ls = "(%s)" % ls
        if rp <= p:
            rs = "(%s)" % rs
        return "%s %s %s" % (ls, OPS[type(node.op)], rs), p
    raise Untranslatable(why_not(node))


def to_py(node, names):
    """The expression in folcheck's python dialect: Python's own text with
    names renamed (to_fc has checked that folcheck reads it)."""
    to_fc(node, names)

    class Rename(ast.NodeTransformer):
        def visit_Name(self, n):
            return ast.copy_location(ast.Name(id=names.get(n.id, n.id),
                                              ctx=n.ctx), n)

        def visit_UnaryOp(self, n):
            self.generic_visit(n)
            return n.operand if isinstance(n.op, ast.UAdd) else n

    import copy
    return ast.unparse(Rename().visit(copy.deepcopy(node)))


# --- a small interpreter for the arithmetic folcheck lacks -----------------

FUNCS = {"round": lambda x, n=0: round(x, int(n)) if n else round(x),
         "int": int, "float": float, "abs": abs, "min": min, "max": max,
         "math.ceil": math.ceil, "math.floor": math.floor, "ceil": math.ceil,
         "floor": math.floor, "math.sqrt": math.sqrt, "sqrt": math.sqrt}


def evaluate(node, values):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id in values:
        return values[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -evaluate(node.operand, values)
    if isinstance(node, ast.BinOp):
        a, b = evaluate(node.left, values), evaluate(node.right, values)
        op = type(node.op)
        if op is ast.Pow and (abs(b) > 64 or abs(a) > 10 ** 12):
            raise ValueError("power too large")
        return {ast.Add: lambda: a + b, ast.Sub: lambda: a - b,
                ast.Mult: lambda: a * b, ast.Div: lambda: a / b,
                ast.FloorDiv: lambda: a // b, ast.Mod: lambda: a % b,
                ast.Pow: lambda: a ** b}[op]()
    if isinstance(node, ast.Call) and not node.keywords:
        f = ast.unparse(node.func)
        if f == "sum" and len(node.args) == 1 and \
                isinstance(node.args[0], (ast.List, ast.Tuple)):
            return sum(evaluate(e, values) for e in node.args[0].elts)
        if f in FUNCS:
            return FUNCS[f](*[evaluate(a, values) for a in node.args])
    raise ValueError("not evaluable")


def gold_answers(path):
    gold = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                g = r["answer"].split("####")[-1].strip().replace(",", "")
                gold[r["id"]] = g
    return gold


def is_number(node):
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub,
                                                              ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and \
        isinstance(node.value, (int, float)) and \
        not isinstance(node.value, bool)


def comment_before(lines, lineno):
    """The comment line(s) just above a statement (1-based lineno)."""
    out = []
    k = lineno - 2
    while k >= 0 and lines[k].strip().startswith("#"):
        out.insert(0, lines[k].strip().lstrip("#").strip())
        k -= 1
    return " ".join(out)


def translate(rec, gold, counts, python=False):
    code = rec["completion"]
    lines = code.split("\n")
    untranslated = []
    notes = []

    def skip(reason, what, text, handled):
        counts[reason] += 1
        untranslated.append({"what": what, "reason": reason,
                             "text": text[:200], "handled": handled})

    premises, steps = [], []
    names = {}            # Python name -> folcheck name (current version)
    versions = collections.Counter()
    values = {}           # Python name -> value, where known
    lost = set()          # Python names whose assignment was left out
    used = set()
    try:
        tree = ast.parse(code)
        body = tree.body
    except SyntaxError as e:
        skip("the program is not valid Python", "program", str(e), "trace "
             "without steps")
        body = []

    def fresh(py):
        versions[py] += 1
        base = py + "_" if py in FC_WORDS else py
        n = base if versions[py] == 1 else "%s_%d" % (base, versions[py])
        while n in used:
            versions[py] += 1
            n = "%s_%d" % (base, versions[py])
        if versions[py] > 1:
            counts_notes["reassigned name renamed (single assignment)"] += 1
        used.add(n)
        return n

    counts_notes = counts.setdefault("__notes__", collections.Counter())
    for stmt in body:
        src = ast.get_source_segment(code, stmt) or ast.unparse(stmt)
        text = comment_before(lines, stmt.lineno)
        targets = []
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name):
            target, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AugAssign) and \
                isinstance(stmt.target, ast.Name):
            target = stmt.target.id
            value = ast.BinOp(left=ast.Name(id=target, ctx=ast.Load()),
                              op=stmt.op, right=stmt.value)
        else:
            kind = {ast.For: "`for` loop", ast.While: "`while` loop",
                    ast.If: "`if` statement", ast.Import: "import",
                    ast.ImportFrom: "import", ast.FunctionDef:
                    "function definition", ast.Expr: "bare expression"}.get(
                        type(stmt), "statement `%s`" % type(stmt).__name__)
            if isinstance(stmt, ast.Assign):
                kind = "assignment to several names or a subscript"
            for n in ast.walk(stmt):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    targets.append(n.id)
            handled = "left out"
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                handled = "nothing to check"
            skip(kind, "line %d" % stmt.lineno, src, handled)
            for t in targets:
                lost.add(t)
                values.pop(t, None)
                names.pop(t, None)
            continue

        if is_number(value):
            v = value.operand.value if isinstance(value, ast.UnaryOp) else \
                value.value
            if isinstance(value, ast.UnaryOp) and \
                    isinstance(value.op, ast.USub):
                v = -v
            n = fresh(target)
            premises.append({"label": n, "formula": "%s = %s"
                             % (n, numeral(v)), "text": text})
            names[target] = n
            values[target] = v
            lost.discard(target)
            continue
        deps = {x.id for x in ast.walk(value) if isinstance(x, ast.Name)}
        try:
            if deps & lost:
                raise Untranslatable("uses a name that was not translated")
            term = to_py(value, names) if python else to_fc(value, names)[0]
        except Untranslatable as e:
            reason = e.reason
            try:
                if reason == "uses a name that was not translated":
                    raise ValueError
                v = evaluate(value, values)
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise ValueError
                n = fresh(target)
                premises.append({"label": "py_" + n, "formula": "%s = %s"
                                 % (n, numeral(v)),
                                 "text": "computed by Python, not checked: "
                                 + src})
                skip(reason, n, src, "value computed by Python as a premise")
                names[target] = n
                values[target] = v
                lost.discard(target)
            except (ValueError, TypeError, ZeroDivisionError, OverflowError,
                    RecursionError):
                skip(reason, target, src, "left out")
                lost.add(target)
                names.pop(target, None)
                values.pop(target, None)
            continue
        n = fresh(target)
        # the right-hand side refers to the versions before this line
        steps.append({"label": n, "formula": "%s = %s" % (n, term),
                      "text": (text + " | " if text else "") + src})
        names[target] = n
        try:
            values[target] = evaluate(value, values)
        except (ValueError, TypeError, ZeroDivisionError, OverflowError,
                RecursionError):
            values.pop(target, None)
        lost.discard(target)

    g = gold.get(rec["id"])
    out = {
        "id": "faithful-cot/%s" % rec["id"],
        **({"dialect": "python"} if python else {}),
        "premises": premises,
        "steps": steps,
        "meta": {
            "corpus": "faithful-cot",
            "gsm8k_id": rec["id"],
            "gold": g,
            "gpt4_answer": rec.get("answer"),
            "gpt4_correct": answer_matches(rec.get("answer"), g),
            "complete": not any(u["handled"] != "nothing to check"
                                for u in untranslated),
            "untranslated": untranslated,
        },
    }
    if g is None:
        skip("no gold answer", "conclusion", "", "no conclusion")
    elif "answer" not in names:
        skip("the program assigns no translated `answer`", "conclusion", "",
             "conclusion kept: `answer` is ungrounded")
        out["conclusion"] = {"label": "gold", "formula": "answer = %s" % g}
    else:
        out["conclusion"] = {"label": "gold",
                             "formula": "%s = %s" % (names["answer"], g)}
    return out


def answer_matches(pred, gold):
    """GPT-4's executed answer against the gold number (as Faithful-CoT
    scores it: numerically, with a small tolerance for float noise)."""
    if pred is None or gold is None:
        return False
    try:
        p = float(str(pred).replace(",", ""))
        g = float(gold)
    except ValueError:
        return False
    return abs(p - g) <= 1e-6 * max(1.0, abs(g))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default="-")
    ap.add_argument("--stats")
    ap.add_argument("--python", action="store_true",
                    help="write the records in folcheck's python dialect")
    args = ap.parse_args(argv)
    gold = gold_answers(os.path.join(args.data, "gsm8k-test.jsonl"))
    counts = {}
    reasons = collections.Counter()
    handled = collections.Counter()
    out = sys.stdout if args.out == "-" else open(args.out, "w",
                                                   encoding="utf-8")
    n = steps = complete = 0
    with open(os.path.join(args.data, "gsm8k-gpt4-predictions.jsonl"),
              encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            c = collections.Counter()
            c["__notes__"] = collections.Counter()
            t = translate(rec, gold, c, args.python)
            for u in t["meta"]["untranslated"]:
                reasons[u["reason"]] += 1
                handled[u["handled"]] += 1
            counts.setdefault("notes", collections.Counter()).update(
                c["__notes__"])
            out.write(json.dumps(t, ensure_ascii=False) + "\n")
            n += 1
            steps += len(t["steps"])
            complete += t["meta"]["complete"]
    if out is not sys.stdout:
        out.close()
    stats = {"corpus": "faithful-cot", "records": n, "traces": n,
             "steps": steps, "complete_traces": complete,
             "untranslated": dict(reasons), "handled": dict(handled),
             "notes": dict(counts.get("notes", {}))}
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump(stats, f, indent=1, ensure_ascii=False)
    print("faithful-cot: %d traces (%d fully translated), %d steps"
          % (n, complete, steps), file=sys.stderr)
    for reason, c in reasons.most_common():
        print("faithful-cot: not translated: %d x %s" % (c, reason),
              file=sys.stderr)
    for h, c in handled.most_common():
        print("faithful-cot: handled as: %d x %s" % (c, h), file=sys.stderr)
    for reason, c in counts.get("notes", {}).items():
        print("faithful-cot: note: %d x %s" % (c, reason), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
