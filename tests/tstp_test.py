#!/usr/bin/env python3
"""TSTP derivations: every file of tests/tstp (hand-made derivations, one
case each) and tests/tstp/e (proofs E printed) against its `% expect`
lines, and E's proofs with one inference changed.

An expectation is `% expect: WORD` for the derivation (valid, invalid,
coherent, incoherent) or `% expect LABEL: WORD` for the inference
LABEL: its status (entailed, contradicted, undetermined, unknown,
definition, ill_formed) or its error type.

Mutations: in each of E's proofs, every inference whose parents are all
premises gets its formula negated, one at a time.  Premises on their own
are consistent, so the negation cannot follow from them: the changed
inference must be the first that fails, and the derivation invalid.

Usage: tstp_test.py.  Environment: FOLCHECK, the binary.
"""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tstp")
STATUSES = {"entailed", "contradicted", "undetermined", "unknown",
            "definition", "ill_formed"}
EXPECT = re.compile(r"^% expect(?: (\S+))?: (\S+)\s*$")
RECORD = re.compile(r"^(fof|cnf|tff)\((\w+), (\w+), (.*)$")


def check_json(path):
    rc, out, err = fctest.run(["check", "--format", "json", path])
    return rc, (json.loads(out) if out.strip() else None), err


def expectations(checks, path):
    want = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = EXPECT.match(line)
            if m:
                want.append((m.group(1), m.group(2)))
    checks.check(want, f"{path}: no `% expect` line")
    rc, r, err = check_json(path)
    if not checks.check(r is not None and rc in (0, 1),
                        f"{path}: exit {rc}, {err.strip()[:300]}"):
        return
    steps = {s["label"]: s for s in r["steps"]}
    name = os.path.relpath(path, HERE)
    for label, word in want:
        if label is None:
            got = {"valid": r["valid"], "invalid": not r["valid"],
                   "coherent": r["coherent"],
                   "incoherent": not r["coherent"]}.get(word)
            checks.check(got is True, f"{name}: expected {word}, "
                         f"verdict {r['verdict']}, coherent {r['coherent']}")
            continue
        s = steps.get(label)
        if not checks.check(s is not None, f"{name}: no inference {label}"):
            continue
        err_type = s["error"]["type"] if s["error"] else None
        got = s["local"] if word in STATUSES else err_type
        checks.check(got == word, f"{name}: {label} expected {word}, got "
                     f"{s['local']} / {err_type}: "
                     f"{s['error']['message'] if s['error'] else ''}")
    return r


def records(text):
    """(name, kind, role, formula, rest, line index) of each one-line
    record, as E prints them."""
    out = []
    for i, line in enumerate(text.split("\n")):
        m = RECORD.match(line)
        if not m:
            continue
        body = m.group(4)
        cut = body.find(", inference(")
        if cut < 0:
            cut = body.find(", file(")
        if cut < 0:
            cut = body.find(", introduced(")
        out.append((m.group(2), m.group(1), m.group(3), body[:cut],
                    body[cut:], i))
    return out


def negated(kind, formula):
    if kind != "cnf":
        return "fof", "~(%s)" % formula
    plain = re.sub(r"'[^']*'", "", formula)
    names = sorted(set(re.findall(r"\b[A-Z]\w*", plain)))
    if names:
        return "fof", "~(![%s]:(%s))" % (", ".join(names), formula)
    return "fof", "~(%s)" % formula


def mutations(checks, path):
    text = open(path, encoding="utf-8").read()
    recs = records(text)
    premises = {n for n, _, role, _, rest, _ in recs
                if rest.startswith(", file(") and role != "conjecture"}
    names = {n for n, *_ in recs}
    lines = text.split("\n")
    tried = 0
    for name, kind, role, formula, rest, i in recs:
        if not rest.startswith(", inference("):
            continue
        leaves = set(re.findall(r"\b\w+\b", rest)) & names
        if not leaves or not leaves <= premises or formula.strip() in (
                "$false", "($false)"):
            continue
        tried += 1
        k, f = negated(kind, formula)
        mutated = list(lines)
        mutated[i] = "%s(%s, %s, %s%s" % (k, name, role, f, rest)
        tmp = path + ".mutated.p"
        out = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                           "tstp-%d-%s" % (os.getpid(), os.path.basename(tmp)))
        with open(out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(mutated))
        rc, r, err = check_json(out)
        os.unlink(out)
        where = f"{os.path.basename(path)} with {name} negated"
        if not checks.check(r is not None, f"{where}: {err.strip()[:300]}"):
            continue
        failed = [s["label"] for s in r["steps"] if s["error"]]
        checks.check(failed[:1] == [name] and not r["valid"],
                     f"{where}: first failed {failed[:1]}, valid {r['valid']}")
    checks.check(tried > 0, f"{path}: no inference to change")


def main():
    fctest.binary("tstp_test")
    checks = fctest.Checks()
    files = sorted(glob.glob(os.path.join(HERE, "*.p")) +
                   glob.glob(os.path.join(HERE, "e", "*.p")))
    checks.check(len(files) >= 15, f"only {len(files)} files in {HERE}")
    for path in files:
        expectations(checks, path)
    for path in sorted(glob.glob(os.path.join(HERE, "e", "*.p"))):
        mutations(checks, path)
    # what a pipeline reads: the inference and the derivation's counts
    rc, r, _ = check_json(os.path.join(HERE, "cth.p"))
    step = {s["label"]: s for s in r["steps"]}["n2"]
    checks.check(step.get("inference") == {
        "rule": "fof_simplification", "status": "thm",
        "parents": ["goal"]}, f"cth.p n2: inference {step.get('inference')}")
    checks.check(r.get("derivation") == {"inferences": 4, "verified": 4,
                                         "refutation": True},
                 f"cth.p: derivation {r.get('derivation')}")
    checks.check(r["premises_consistent"] is None,
                 "a derivation does not claim its premises consistent")
    # a malformed inference: the diagnostic has its position and code
    rc, out, err = fctest.run(["check", os.path.join(HERE, "bad-inference.p")])
    checks.check(rc == 1 and "bad-inference.p:7:1: error[syntax]: step "
                 "c_0_1: an inference is inference(rule, [info], [parents])"
                 in err + out, f"bad-inference.p: exit {rc}, {err[:300]}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
