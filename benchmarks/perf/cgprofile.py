"""Reading callgrind profiles of folcheck: where its instructions go.

Instruction counts (Ir) do not depend on the machine's load, which makes
them the steady measure of the overhead ratio on a shared machine:
all of folcheck's instructions / those inside Z3_solver_check_assumptions.
"""
import collections
import re
import subprocess

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*?):(.*?)\s+\[(.*)\]\s*$")


def _name(table, spec):
    """callgrind's name compression: '(12) name' defines 12, '(12)' uses it."""
    spec = spec.strip()
    m = re.match(r"^\((\d+)\)(?:\s+(.*))?$", spec)
    if not m:
        return spec
    if m.group(2) is not None:
        table[m.group(1)] = m.group(2)
    return table.get(m.group(1), spec)


def read_calls(path):
    """Calls between functions: {(caller_obj, caller_fn, callee_obj,
    callee_fn): [count, inclusive Ir]}, and the total Ir."""
    obs, fns = {}, {}
    ob = fn = cob = cfn = None
    pending = None
    calls = collections.defaultdict(lambda: [0, 0])
    total = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line or line[0] == "\n":
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                if pending is not None:
                    parts = line.split()
                    ir = int(parts[1]) if len(parts) > 1 else 0
                    key = (ob, fn, cob or ob, cfn)
                    calls[key][0] += pending
                    calls[key][1] += ir
                    pending = cob = None
                continue
            if line.startswith("ob="):
                ob = _name(obs, line[3:])
            elif line.startswith("fn="):
                fn = _name(fns, line[3:])
            elif line.startswith("cob="):
                cob = _name(obs, line[4:])
            elif line.startswith("cfn="):
                cfn = _name(fns, line[4:])
            elif line.startswith("calls="):
                pending = int(line[6:].split()[0])
            elif line.startswith(("summary:", "totals:")):
                total = max(total, int(line.split()[1]))
    return calls, total


def inclusive(path):
    """{function: inclusive Ir} for the named functions (callgrind_annotate)."""
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes",
                          "--threshold=100", path],
                         capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        fn = m.group(3)
        if fn.startswith("0x") or "'" in fn:
            continue
        res.setdefault(fn, int(m.group(1).replace(",", "")))
    return res


def summarize(path, binary_name="folcheck", z3_name="libz3"):
    """Totals, the part inside Z3 (calls from folcheck's code into libz3),
    by Z3 entry point, and call counts."""
    calls, total = read_calls(path)
    z3_in = collections.Counter()
    z3_n = collections.Counter()
    for (cob_, cfn_, tob, tfn), (n, ir) in calls.items():
        if cob_ and binary_name in cob_ and tob and z3_name in tob:
            z3_in[tfn] += ir
            z3_n[tfn] += n
    return {"total": total, "z3_total": sum(z3_in.values()),
            "check": z3_in.get("Z3_solver_check_assumptions", 0)
            + z3_in.get("Z3_solver_check", 0),
            "z3_by_api": dict(z3_in), "z3_calls": dict(z3_n),
            "functions": inclusive(path)}
