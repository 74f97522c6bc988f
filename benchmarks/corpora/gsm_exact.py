#!/usr/bin/env python3
"""GPT-4's GSM8K programs (Faithful-CoT) checked in the python dialect,
against their exact values.

For every program that is straight-line arithmetic (assignments only, the
built-ins included; reassigned names renamed by the importer), this
script computes the value of `answer` exactly, with Python's fractions
and folcheck's reading of the numbers (a decimal literal is the decimal
it spells: 0.1 is 1/10), and asks whether it equals the gold answer.
folcheck checks the same program, written by the importer in the python
dialect with `answer = GOLD` as its conclusion.  The trace must be valid
exactly when the exact value is the gold answer.

Semantics, as README states them: `/` exact, `//` floor(a / b), `%` with
the divisor's sign, `**` a non-negative integer exponent, round half to
even, int() toward zero, math.ceil and math.floor, abs, min, max,
float() the identity.

Usage: gsm_exact.py [--data DIR] [--folcheck BIN] [--out FILE.md]
Prints the agreement and every program where the two disagree.
"""
import argparse
import ast
import collections
import json
import math
import os
import subprocess
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import faithful_cot  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))


class NotExact(Exception):
    pass


def value(node, env):
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return Fraction(repr(node.value)) if type(node.value) is float \
            and "e" not in repr(node.value) else Fraction(node.value)
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise NotExact("name %s" % node.id)
        return env[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub,
                                                              ast.UAdd)):
        v = value(node.operand, env)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp):
        a, b = value(node.left, env), value(node.right, env)
        op = type(node.op)
        if op in (ast.Div, ast.FloorDiv, ast.Mod) and b == 0:
            raise NotExact("division by zero")
        if op is ast.Pow:
            if b.denominator != 1 or b < 0:
                raise NotExact("power")
            return a ** int(b)
        return {ast.Add: lambda: a + b, ast.Sub: lambda: a - b,
                ast.Mult: lambda: a * b, ast.Div: lambda: a / b,
                ast.FloorDiv: lambda: Fraction(math.floor(a / b)),
                ast.Mod: lambda: a - b * math.floor(a / b)}[op]()
    if isinstance(node, ast.Call) and not node.keywords:
        f = ast.unparse(node.func)
        args = [value(x, env) for x in node.args]
        fns = {"math.ceil": math.ceil, "ceil": math.ceil,
               "math.floor": math.floor, "floor": math.floor,
               "round": round, "int": math.trunc, "math.trunc": math.trunc,
               "abs": abs, "min": min, "max": max, "float": lambda x: x}
        if f in fns and (len(args) == 1 or f in ("min", "max")):
            return Fraction(fns[f](*args))
    raise NotExact(ast.unparse(node)[:60])


def exact_answer(code):
    env = {}
    for stmt in ast.parse(code).body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name):
            env[stmt.targets[0].id] = value(stmt.value, env)
        elif isinstance(stmt, ast.AugAssign) and \
                isinstance(stmt.target, ast.Name):
            env[stmt.target.id] = value(ast.BinOp(
                left=ast.Name(id=stmt.target.id, ctx=ast.Load()),
                op=stmt.op, right=stmt.value), env)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            continue
        else:
            raise NotExact(type(stmt).__name__)
    if "answer" not in env:
        raise NotExact("no answer")
    return env["answer"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=faithful_cot.DEFAULT_DATA)
    ap.add_argument("--folcheck", default=os.path.join(REPO, "build",
                                                       "folcheck"))
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    gold = faithful_cot.gold_answers(os.path.join(args.data,
                                                  "gsm8k-test.jsonl"))
    records, exact = [], {}
    kinds = collections.Counter()
    with open(os.path.join(args.data, "gsm8k-gpt4-predictions.jsonl"),
              encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            c = collections.Counter()
            c["__notes__"] = collections.Counter()
            t = faithful_cot.translate(rec, gold, c, python=True)
            if not t["meta"]["complete"] or "conclusion" not in t:
                kinds["not straight-line arithmetic"] += 1
                continue
            try:
                v = exact_answer(rec["completion"])
            except (NotExact, SyntaxError, ZeroDivisionError) as e:
                kinds["no exact value (%s)" % str(e)[:40]] += 1
                continue
            kinds["straight-line"] += 1
            code = rec["completion"]
            t["meta"]["builtins"] = any(
                s in code for s in ("//", "%", "**", "math.", "round(",
                                    "int(", "abs(", "min(", "max("))
            records.append(t)
            exact[t["id"]] = (v, Fraction(gold[rec["id"]]), rec)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    p = subprocess.run([args.folcheck, "audit", "--jobs", "2", "-"],
                       input=text.encode(), capture_output=True)
    agree, misses, builtins = 0, [], 0
    for line in p.stdout.decode().splitlines():
        d = json.loads(line)
        v, g, rec = exact[d["id"]]
        want = v == g
        got = d["verdict"] == "valid"
        if want == got:
            agree += 1
        else:
            misses.append((d["id"], v, g, d["verdict"], rec.get("answer")))
    builtins = sum(r["meta"]["builtins"] for r in records)
    lines = ["programs: %d; %s" % (sum(kinds.values()), ", ".join(
        "%s: %d" % kv for kv in kinds.most_common())),
        "straight-line programs checked: %d (%d with // %% ** or a "
        "built-in function)" % (len(records), builtins),
        "valid exactly when the exact value is the gold answer: %d of %d "
        "(%.2f%%)" % (agree, len(records),
                      100.0 * agree / max(1, len(records))),
        "exact value = gold: %d; GPT-4's own answer (floats) = gold: %d" % (
            sum(1 for v, g, _ in exact.values() if v == g),
            sum(1 for v, g, r in exact.values()
                if faithful_cot.answer_matches(r.get("answer"), str(g))))]
    for m in misses:
        lines.append("MISS %s: exact %s, gold %s, folcheck %s, GPT-4 %s"
                     % (m[0], m[1], m[2], m[3], m[4]))
    print("\n".join(lines))
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
