#!/usr/bin/env python3
"""Every FOL formula in FOLIO parses in the folio dialect, except the ones
whose syntax is genuinely broken, and those fail with a clear code and
position.

The formulas are folio-validation.jsonl's premises-FOL and conclusion-FOL and
folio-train.jsonl's premises-FOL.  Each goes into its own JSONL record
({"id": N, "dialect": "folio", "premises": [formula]}) so that each gets its
own result, and the whole file goes through one `folcheck parse --dialect
folio` run.

Environment: FOLCHECK (the binary), FOLCHECK_DATA (the data folder,
tests/data when unset: FOLIO ships with the tests, and a missing file
fails).
"""
import json

import fctest
import os
import re
import subprocess
import sys
import tempfile

FILES = [
    ("folio-validation.jsonl", ("premises-FOL", "conclusion-FOL")),
    ("folio-train.jsonl", ("premises-FOL",)),
]

TOTAL = 6527      # formulas read
PARSED = 6474     # formulas that parse
BROKEN_COUNT = 53

# (file, record line, field, code, column in the formula, what is wrong)
BROKEN = [
    ("folio-validation.jsonl", 3, "conclusion-FOL", "unbalanced_paren", 84,
     "extra ')' at the end"),
    ("folio-validation.jsonl", 88, "premises-FOL[4]", "syntax", 25,
     "',' where a connective belongs: SuperheroMovie(x), NamedAfter(x, y)"),
    ("folio-validation.jsonl", 109, "premises-FOL[5]", "unbalanced_paren", 70,
     "extra ')': the '(' before ¬Spill(peter) is missing"),
    ("folio-validation.jsonl", 110, "premises-FOL[5]", "unbalanced_paren", 70,
     "extra ')': the '(' before ¬Spill(peter) is missing"),
    ("folio-validation.jsonl", 111, "premises-FOL[5]", "unbalanced_paren", 70,
     "extra ')': the '(' before ¬Spill(peter) is missing"),
    ("folio-validation.jsonl", 111, "conclusion-FOL", "unbalanced_paren", 74,
     "extra ')': the '(' before ¬Foodie(peter) is missing"),
    ("folio-train.jsonl", 302, "premises-FOL[6]", "unbalanced_paren", 86,
     "extra ')' at the end"),
    ("folio-train.jsonl", 303, "premises-FOL[6]", "unbalanced_paren", 86,
     "extra ')' at the end"),
    ("folio-train.jsonl", 346, "premises-FOL[0]", "syntax", 50,
     "a constant with a space: 'dc universe'"),
    ("folio-train.jsonl", 346, "premises-FOL[1]", "syntax", 20,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 346, "premises-FOL[2]", "syntax", 19,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 346, "premises-FOL[3]", "syntax", 20,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 347, "premises-FOL[0]", "syntax", 50,
     "a constant with a space: 'dc universe'"),
    ("folio-train.jsonl", 347, "premises-FOL[1]", "syntax", 20,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 347, "premises-FOL[2]", "syntax", 19,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 347, "premises-FOL[3]", "syntax", 20,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 348, "premises-FOL[0]", "syntax", 50,
     "a constant with a space: 'dc universe'"),
    ("folio-train.jsonl", 348, "premises-FOL[1]", "syntax", 20,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 348, "premises-FOL[2]", "syntax", 19,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 348, "premises-FOL[3]", "syntax", 20,
     "a constant with a space: 'captain america'"),
    ("folio-train.jsonl", 398, "premises-FOL[2]", "unbalanced_paren", 56,
     "extra ')' at the end"),
    ("folio-train.jsonl", 399, "premises-FOL[2]", "unbalanced_paren", 56,
     "extra ')' at the end"),
    ("folio-train.jsonl", 400, "premises-FOL[2]", "unbalanced_paren", 56,
     "extra ')' at the end"),
    ("folio-train.jsonl", 425, "premises-FOL[4]", "unbalanced_paren", 18,
     "extra ')' at the end"),
    ("folio-train.jsonl", 426, "premises-FOL[4]", "unbalanced_paren", 18,
     "extra ')' at the end"),
    ("folio-train.jsonl", 427, "premises-FOL[4]", "unbalanced_paren", 18,
     "extra ')' at the end"),
    ("folio-train.jsonl", 449, "premises-FOL[4]", "unbalanced_paren", 62,
     "extra ')': the '(' before ¬WorkTeams(kat) is missing"),
    ("folio-train.jsonl", 450, "premises-FOL[4]", "unbalanced_paren", 62,
     "extra ')': the '(' before ¬WorkTeams(kat) is missing"),
    ("folio-train.jsonl", 451, "premises-FOL[4]", "unbalanced_paren", 62,
     "extra ')': the '(' before ¬WorkTeams(kat) is missing"),
    ("folio-train.jsonl", 470, "premises-FOL[3]", "syntax", 1,
     "empty formula"),
    ("folio-train.jsonl", 471, "premises-FOL[3]", "syntax", 1,
     "empty formula"),
    ("folio-train.jsonl", 524, "premises-FOL[4]", "bad_char", 62,
     "'^' used as an operator"),
    ("folio-train.jsonl", 525, "premises-FOL[4]", "bad_char", 62,
     "'^' used as an operator"),
    ("folio-train.jsonl", 526, "premises-FOL[4]", "bad_char", 62,
     "'^' used as an operator"),
    ("folio-train.jsonl", 615, "premises-FOL[5]", "unbalanced_paren", 29,
     "extra ')': the '(' at the start is missing"),
    ("folio-train.jsonl", 616, "premises-FOL[5]", "unbalanced_paren", 29,
     "extra ')': the '(' at the start is missing"),
    ("folio-train.jsonl", 617, "premises-FOL[5]", "unbalanced_paren", 29,
     "extra ')': the '(' at the start is missing"),
    ("folio-train.jsonl", 749, "premises-FOL[6]", "unbalanced_paren", 27,
     "extra ')' at the end"),
    ("folio-train.jsonl", 750, "premises-FOL[6]", "unbalanced_paren", 27,
     "extra ')' at the end"),
    ("folio-train.jsonl", 751, "premises-FOL[6]", "unbalanced_paren", 27,
     "extra ')' at the end"),
    ("folio-train.jsonl", 752, "premises-FOL[6]", "unbalanced_paren", 27,
     "extra ')' at the end"),
    ("folio-train.jsonl", 753, "premises-FOL[0]", "unbalanced_paren", 4,
     "the first '(' is never closed"),
    ("folio-train.jsonl", 754, "premises-FOL[0]", "unbalanced_paren", 4,
     "the first '(' is never closed"),
    ("folio-train.jsonl", 755, "premises-FOL[0]", "unbalanced_paren", 4,
     "the first '(' is never closed"),
    ("folio-train.jsonl", 762, "premises-FOL[4]", "syntax", 16,
     "no connective between Country(x) and Nearby(medeempire, x)"),
    ("folio-train.jsonl", 763, "premises-FOL[4]", "syntax", 16,
     "no connective between Country(x) and Nearby(medeempire, x)"),
    ("folio-train.jsonl", 764, "premises-FOL[4]", "syntax", 16,
     "no connective between Country(x) and Nearby(medeempire, x)"),
    ("folio-train.jsonl", 765, "premises-FOL[4]", "syntax", 16,
     "no connective between Country(x) and Nearby(medeempire, x)"),
    ("folio-train.jsonl", 816, "premises-FOL[0]", "syntax", 1,
     "empty formula"),
    ("folio-train.jsonl", 817, "premises-FOL[0]", "syntax", 1,
     "empty formula"),
    ("folio-train.jsonl", 818, "premises-FOL[0]", "syntax", 1,
     "empty formula"),
    ("folio-train.jsonl", 819, "premises-FOL[0]", "syntax", 1,
     "empty formula"),
    ("folio-train.jsonl", 890, "premises-FOL[3]", "bad_char", 76,
     "a stray '.' after the formula"),
]

# Parsed, with a warning: `∃x ∃x (... y ...)` and `∀x ∀x ∀z (... y ...)`
# repeat a variable, so y is free and read as universally quantified.
# (file, record line, field, code)
WARNINGS = [
    ("folio-train.jsonl", 179, "premises-FOL[1]", "implicit_forall"),
    ("folio-train.jsonl", 180, "premises-FOL[1]", "implicit_forall"),
    ("folio-train.jsonl", 181, "premises-FOL[1]", "implicit_forall"),
    ("folio-train.jsonl", 257, "premises-FOL[2]", "implicit_forall"),
    ("folio-train.jsonl", 258, "premises-FOL[2]", "implicit_forall"),
]

# FOLIO's quirks, read right: (file, record line, field, text the normalized
# formula must contain)
SPOT_CHECKS = [
    ("folio-validation.jsonl", 67, "premises-FOL[2]",
     "ValuedAt(yalesendowment, y42.3billion)"),
    ("folio-validation.jsonl", 72, "premises-FOL[0]",
     "GrowthCompanies’Stocks(x)"),
    ("folio-validation.jsonl", 88, "premises-FOL[2]", "↔"),
    ("folio-validation.jsonl", 43, "premises-FOL[1]", "LostToIgaŚwiątek(x)"),
    ("folio-train.jsonl", 36, "premises-FOL[3]", "Library(l-2021)"),
    ("folio-train.jsonl", 44, "premises-FOL[1]", "WrittenIn(x, c++)"),
    ("folio-train.jsonl", 453, "premises-FOL[0]",
     "Grade(a+) ∨ Grade(a) ∨ Grade(b+)"),
    ("folio-train.jsonl", 87, "premises-FOL[4]",
     "Conservative(anU.SGovernmentOfficial)"),
]

DIAG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<sev>error|warning)\[(?P<code>\w+)\]: "
                  r"in premises\[0\] at column (?P<fcol>\d+): (?P<msg>.+)$")
ANY_DIAG = re.compile(r"^(?P<file>.+?)(:\d+)*: (?P<sev>error|warning|note)"
                      r"\[(?P<code>\w+)\]: ")
EXCERPT = re.compile(r"^\s*\d*\s\|( |$)")


def main():
    binary = fctest.binary("folio_parse")
    folio = os.path.dirname(fctest.data_file("folio_parse", "folio",
                                             FILES[0][0]))
    for fname, _ in FILES:
        fctest.data_file("folio_parse", "folio", fname)

    formulas = []   # (file, line, field, text)
    for fname, fields in FILES:
        with open(os.path.join(folio, fname), encoding="utf-8") as f:
            for lineno, raw in enumerate(f, 1):
                rec = json.loads(raw)
                for field in fields:
                    v = rec.get(field)
                    if isinstance(v, str):
                        formulas.append((fname, lineno, field, v))
                    elif isinstance(v, list):
                        for i, x in enumerate(v):
                            formulas.append((fname, lineno,
                                             f"{field}[{i}]", x))
    key_of = {i + 1: (f, l, fld) for i, (f, l, fld, _) in enumerate(formulas)}

    checks = fctest.Checks(defer=True)
    check, failures = checks.check, checks.failures

    with tempfile.TemporaryDirectory(prefix="folcheck-folio-") as tmp:
        path = os.path.join(tmp, "formulas.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for i, (_, _, _, text) in enumerate(formulas):
                out.write(json.dumps({"id": i + 1, "dialect": "folio",
                                      "premises": [text]},
                                     ensure_ascii=False) + "\n")
        try:
            p = subprocess.run([binary, "parse", "--dialect", "folio", path],
                               capture_output=True, timeout=600,
                               env=dict(os.environ, NO_COLOR="1"))
        except subprocess.TimeoutExpired:
            print("FAIL folcheck parse did not finish within 600 s")
            print("0 passed, 1 failed")
            return 1
    stdout = p.stdout.decode("utf-8", "replace")
    stderr = p.stderr.decode("utf-8", "replace")

    check(p.returncode == (2 if BROKEN else 0),
          f"exit status {p.returncode}, expected {2 if BROKEN else 0}")
    check(not any(s in stderr for s in ("Sanitizer", "runtime error:")),
          "sanitizer report on stderr")
    check(len(formulas) == TOTAL,
          f"read {len(formulas)} formulas from FOLIO, expected {TOTAL}")

    # diagnostics, by record
    errors, warnings = {}, {}
    for line in stderr.splitlines():
        if EXCERPT.match(line):
            continue
        m = DIAG.match(line)
        if not m:
            if ANY_DIAG.match(line):
                failures.append(f"diagnostic without a line, column and "
                                f"formula column: {line[:200]!r}")
            else:
                failures.append(f"unexpected stderr line: {line[:200]!r}")
            continue
        rec = int(m.group("line"))
        if rec not in key_of:
            failures.append(f"diagnostic for unknown record {rec}: "
                            f"{line[:200]!r}")
            continue
        into = errors if m.group("sev") == "error" else warnings
        into.setdefault(key_of[rec], []).append(m)

    # the dump of each record, by id
    dumps = {}
    current = None
    for line in stdout.splitlines():
        if line.startswith("# "):
            try:
                current = int(line[2:])
            except ValueError:
                current = None
            dumps[current] = []
        elif current is not None:
            dumps[current].append(line)

    expected_broken = {(f, l, fld): (code, col, why)
                       for f, l, fld, code, col, why in BROKEN}
    check(len(expected_broken) == BROKEN_COUNT == len(BROKEN),
          "the BROKEN list and BROKEN_COUNT disagree")

    for key, ms in sorted(errors.items()):
        where = f"{key[0]}:{key[1]} {key[2]}"
        text = formulas[[k for k, v in key_of.items() if v == key][0] - 1][3]
        if key not in expected_broken:
            failures.append(f"{where} does not parse but should: "
                            f"{ms[0].group('code')} at column "
                            f"{ms[0].group('fcol')}: {ms[0].group('msg')}\n"
                            f"        formula: {text}")
            continue
        code, col, why = expected_broken[key]
        m = ms[0]
        ok = (m.group("code") == code and int(m.group("fcol")) == col and
              int(m.group("col")) > 0 and len(m.group("msg")) > 10)
        check(ok, f"{where} ({why}) should fail with {code} at formula "
                  f"column {col}; got {m.group('code')} at column "
                  f"{m.group('fcol')}: {m.group('msg')}")
        check(len(ms) == 1, f"{where}: {len(ms)} errors for one formula")

    for key, (code, col, why) in sorted(expected_broken.items()):
        if key not in errors:
            failures.append(f"{key[0]}:{key[1]} {key[2]} ({why}) parsed, "
                            f"but it is listed as broken with {code}: "
                            f"fix the list if folcheck was right")

    parsed = 0
    for rid, key in key_of.items():
        lines = dumps.get(rid)
        if key in errors:
            ok = lines is None or any("<" in l and ">" in l for l in lines)
            check(ok, f"{key[0]}:{key[1]} {key[2]}: has an error but its "
                      f"dump shows a formula")
            continue
        if not lines or not lines[0].startswith("premise p1: ") or \
                lines[0].startswith("premise p1: <"):
            failures.append(f"{key[0]}:{key[1]} {key[2]}: no error but no "
                            f"formula in the dump either: {lines!r}")
            continue
        parsed += 1
    check(parsed == PARSED,
          f"{parsed} formulas parsed, expected {PARSED}")
    check(len(errors) == BROKEN_COUNT,
          f"{len(errors)} formulas broken, expected {BROKEN_COUNT}")

    expected_warn = {(f, l, fld): code for f, l, fld, code in WARNINGS}
    got_warn = {k: v[0].group("code") for k, v in warnings.items()}
    for k in sorted(set(expected_warn) | set(got_warn)):
        check(expected_warn.get(k) == got_warn.get(k),
              f"{k[0]}:{k[1]} {k[2]}: warning {got_warn.get(k)}, expected "
              f"{expected_warn.get(k)}")

    for fname, line, field, text in SPOT_CHECKS:
        rid = [k for k, v in key_of.items() if v == (fname, line, field)]
        lines = dumps.get(rid[0], []) if rid else []
        check(bool(lines) and text in lines[0],
              f"{fname}:{line} {field}: the normalized formula should "
              f"contain {text!r}; got {lines[:1]!r}")

    print(f"formulas: {len(formulas)} read, {parsed} parsed, "
          f"{len(errors)} broken")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
