#!/usr/bin/env python3
"""Output integrity: what the JSON says is what was shown, and what the
record gave is copied exactly.

  - `premises_consistent` is null when the solver could not decide;
  - a step false on its own says so, and lists no premises it does not use;
  - inconsistent premises: every step entailed locally and globally, the
    trace coherent and invalid through inconsistent_premises;
  - every output line is valid UTF-8 JSON: invalid bytes in `id` or `meta`
    become U+FFFD, with a warning (invalid_utf8);
  - `id` and `meta` are copied as written: numbers keep their digits (no
    float rounding, no quotes), strings their escapes (`\\u0000`), and
    out-of-range numbers their text;
  - `--trace-timeout`: the steps left are unknown with the reason, except
    those that do not parse (ill_formed) and definitions.

Environment: FOLCHECK, the binary.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402


def audit(checks, records, *opts):
    data = b"".join(r if isinstance(r, bytes) else r.encode() for r in records)
    rc, out, err = fctest.run(["audit"] + list(opts) + ["-"], stdin=data)
    raw = out.encode("utf-8", "surrogateescape")
    lines = []
    for i, line in enumerate(out.splitlines()):
        try:
            lines.append(json.loads(line))
        except ValueError as e:
            checks.check(False, "output line %d is not JSON: %s" % (i + 1, e))
    return rc, lines, err, raw


def main():
    fctest.binary("output_integrity")
    checks = fctest.Checks()

    # 1. undecided premises: null, never true
    rc, [d], err, _ = audit(checks, ['{"premises":["x * x = 2","y = x"],'
                                     '"steps":["24 < 24"]}\n'],
                            "--rlimit", "1")
    checks.check(d["premises_consistent"] is None,
                 "undecided premises: premises_consistent is %r, not null"
                 % d["premises_consistent"])
    s = d["steps"][0]
    checks.check(s["error"]["contradicts"] == [] and
                 "false on its own" in s["error"]["message"],
                 "a step false on its own: %r" % s["error"])

    # 2. inconsistent premises: steps entailed locally and globally
    for prem, steps in ((["P(a)", "¬P(a)"], ["Q(b)", "¬Q(b)"]),
                        (["x = 1", "x = 2"], ["y = 1", "y = 2"])):
        rec = json.dumps({"premises": prem, "steps": steps}) + "\n"
        rc, [d], err, _ = audit(checks, [rec])
        got = [(s["local"], s["global"]) for s in d["steps"]]
        checks.check(all(g == ("entailed", "entailed") for g in got),
                     "inconsistent premises %s: steps %s" % (prem, got))
        checks.check(d["coherent"] is True and d["valid"] is False and
                     d["premises_consistent"] is False and
                     [e["type"] for e in d["errors"]] ==
                     ["inconsistent_premises"],
                     "inconsistent premises %s: %s" % (prem, d))

    # 3. invalid UTF-8 in id and meta
    recs = [b'{"id":"\xff","premises":["P(a)"],"steps":["P(a)"]}\n',
            b'{"id":"ok","meta":{"m":"a\xc3(b"},"premises":["P(a)"],'
            b'"steps":["P(a)"]}\n',
            b'{"id":"\xfe","premises":["P(a) &"],"steps":["P(a)"]}\n']
    rc, lines, err, raw = audit(checks, recs)
    try:
        raw.decode("utf-8", "strict")
        checks.check(True, "")
    except UnicodeDecodeError as e:
        checks.check(False, "output is not valid UTF-8: %s" % e)
    checks.check(len(lines) == 3, "3 records, %d lines" % len(lines))
    if len(lines) == 3:
        checks.check(lines[0]["id"] == "\ufffd", "id: %r" % lines[0]["id"])
        checks.check([w["code"] for w in lines[0].get("warnings", [])] ==
                     ["invalid_utf8"] and
                     [w["code"] for w in lines[1].get("warnings", [])] ==
                     ["invalid_utf8"],
                     "warnings on the records: %r, %r" % (
                         lines[0].get("warnings"), lines[1].get("warnings")))
        checks.check(lines[1]["meta"] == {"m": "a\ufffd(b"},
                     "meta: %r" % lines[1].get("meta"))
        checks.check(lines[2]["id"] == "\ufffd" and
                     lines[2]["verdict"] == "error",
                     "error record id: %r" % lines[2])
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
        f.write(b"".join(recs[:2]))
        f.flush()
        rc, out, err = fctest.run(["check", "--format", "json", f.name])
    checks.check(err.count("warning[invalid_utf8]") == 2,
                 "invalid_utf8 warnings from check: %d" %
                 err.count("warning[invalid_utf8]"))

    # 4. id and meta exactly as written
    cases = ['9007199254740993', '123456789012345678', '17', '"17"',
             '"a\\u0000b"', '1e400', '-0.000001', '"\\u00e9t\\u00e9"']
    recs = ['{"id": %s, "meta": {"v": %s, "w": [1, 2.50]}, "premises": '
            '["P(a)"], "steps": ["P(a)"]}\n' % (c, c) for c in cases]
    recs.append('{"id": 9007199254740993, "premises": ["P(a) &"]}\n')
    rc, lines, err, raw = audit(checks, recs)
    text = raw.decode("utf-8", "replace").splitlines()
    for c, line in zip(cases, text):
        checks.check(line.startswith('{"id":%s,' % c),
                     "id %s copied as %s" % (c, line[:60]))
        checks.check('"meta":{"v": %s, "w": [1, 2.50]}' % c in line,
                     "meta with %s copied as %s" % (c, line[:200]))
    checks.check(len(text) == len(recs) and
                 text[-1].startswith('{"id":9007199254740993,'),
                 "error record id: %s" % (text[-1][:60] if text else ""))
    # 6. a trace's time limit: the steps left are unknown, with the reason
    # (a function keeps the rules outside what small models decide, so
    # that every step asks Z3)
    prem = ["∀x (P%d(f(x)) → P%d(f(x)))" % (i, i + 1) for i in range(30)]
    rec = json.dumps({"premises": prem + ["P0(f(a))"],
                      "steps": ["P%d(f(a))" % i for i in range(1, 31)],
                      "conclusion": "P30(f(a))"}) + "\n"
    rc, [d], err, _ = audit(checks, [rec], "--trace-timeout", "1")
    last = d["steps"][-1]
    checks.check(last["global"] == "unknown" and
                 "--trace-timeout" in last.get("reason", "") and
                 d["verdict"] == "unknown",
                 "--trace-timeout 1: %s %s" % (d["verdict"], last))
    # ... and a step reached after the time ran out that does not parse is
    # ill_formed (it was classified as unknown with no formula: a crash)
    prem = ["∀x (P%d(f(x)) → P%d(f(x)))" % (i, i + 1) for i in range(30)]
    rec = json.dumps({"premises": prem + ["P0(f(a))"],
                      "steps": ["P%d(f(a))" % i for i in range(1, 31)] +
                               ["P31(a) ∧", "k = a"]}) + "\n"
    rc, ds, err, _ = audit(checks, [rec], "--trace-timeout", "1")
    steps = ds[0]["steps"] if ds else [{}, {}]
    checks.check(steps[-2].get("global") == "ill_formed" and
                 steps[-1].get("global") == "definition" and
                 steps[-3].get("global") == "unknown",
                 "after --trace-timeout 1, ill-formed and definition steps "
                 "keep their status: rc %d %s %s" % (rc, steps[-3:], err[-300:]))
    # ... and long numerals are shortened in messages, exact in fields
    a, b = "7" * 20000, "3" * 20000
    rec = json.dumps({"premises": ["x = " + a, "y = " + b],
                      "steps": ["x + y = 5"]}) + "\n"
    rc, [d], err, _ = audit(checks, [rec])
    e = d["steps"][0]["error"]
    checks.check(e["type"] == "arithmetic" and len(e["message"]) < 200 and
                 "(20001 digits)" in e["message"] and
                 e["expected"] == "1" * 20000 + "0",
                 "long numerals: %s" % e["message"][:300])
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
