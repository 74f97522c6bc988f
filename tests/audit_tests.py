#!/usr/bin/env python3
"""End-to-end tests of `folcheck audit` and `folcheck merge`.

1. order: under --jobs 4, with cheap one-step traces interleaved with
   expensive ones (120-step quantified rule chains, 100-step arithmetic
   chains), results come out in input order and equal a --jobs 1 run
   (ignoring the stats timing fields and query counts);
2. shards: --shard 0/3, 1/3, 2/3 with --summary each; `folcheck merge` of
   them equals the full run's summary (ignoring "timing"), each shard holds
   exactly every 3rd record, and the union of the shards' lines equals the
   full output;
3. bad lines: a file mixing good and malformed lines (bad JSON, wrong field
   types, a formula that does not parse, an unknown dialect, blank lines)
   gives one line per non-blank input line, error records with id, code,
   line and column for the bad ones, normal results for the good ones;
4. FOLIO: folio-validation.jsonl through audit gives the same conclusion
   statuses (and verdicts, and error codes) as `check --format json`;
5. summary: every count of a hand-written 8-record file, derived by hand;
6. GNU parallel: `parallel --pipe -N 20 --sshlogin : 'folcheck audit -
   --summary DIR/s{#}.json'`, then merge: equal to one run;
7. streaming and usage: stdin from a pipe (a slow writer), --out FILE,
   bad --shard / --jobs values, missing files;
8. history: a record's result does not depend on the records a worker
   checked before it.  tests/fixtures/history-arith.jsonl is a batch after
   which, on a reused Z3 context, a linear arithmetic query of its last
   record ran past the timeout and the record came out
   `contradicts_premises` instead of `propagated`.  And FOLIO validation,
   whose traces share a worker's Z3 context and solver, gives the same
   results in reverse order; a record checked twice under --rlimit, and a
   batch under --explain (countermodels), give what each record gives alone.

Environment: FOLCHECK (binary), FOLCHECK_DATA (data dir, tests/data when
unset; a missing file fails), FOLCHECK_SOURCE (repo root, for
tests/fixtures; the history part is skipped without it).
Prints one line per failed check and "N passed, N failed"; exits 1 on any
failure, 2 when the binary is missing.
"""

import copy
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import fctest
from fctest import FOLCHECK, parse_concat, run

checks = fctest.Checks()
check = checks.check


def skip(msg):
    print(f"SKIP: {msg}", flush=True)


def jsonl(text, what):
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        try:
            out.append(json.loads(line))
        except ValueError as e:
            check(False, f"{what}: output line {n} is not JSON ({e}): {line[:200]!r}")
            out.append(None)
    return out


def untimed(r):
    """A result without the timing fields of its stats, nor its query
    count: support minimization skips the probes that the solver's unsat
    cores make needless, and those cores depend on the worker's history,
    so the count varies while every answer stays the same."""
    if not isinstance(r, dict):
        return r
    r = copy.deepcopy(r)
    st = r.get("stats")
    if isinstance(st, dict):
        for k in ("solver_us", "total_us", "queries"):
            st.pop(k, None)
    return r


# Fields that name one minimal subset of the context (an unsat core), the
# messages that quote it, and the number of solver queries spent finding it.  They are legitimately
# history-dependent only if the checker is not a pure function of the trace;
# `relaxed` drops them so that a second, weaker comparison can tell "the
# verdicts differ" from "only the chosen cores differ".
CORE_FIELDS = ("support", "contradicts", "message")  # messages name the core


def relaxed(r):
    r = untimed(r)

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in CORE_FIELDS}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    r = strip(r)
    if isinstance(r, dict) and isinstance(r.get("stats"), dict):
        r["stats"].pop("queries", None)
    return r


def unplaced(r):
    """A result without where it was read from (file, line numbers): under
    `parallel --pipe` every chunk is <stdin> with lines counted from 1."""
    if isinstance(r, dict):
        return {k: unplaced(v) for k, v in r.items()
                if k not in ("file", "line")}
    if isinstance(r, list):
        return [unplaced(x) for x in r]
    return r


def canon(r):
    return json.dumps(r, sort_keys=True, ensure_ascii=False)


def without_timing(s):
    """Counts only: timings vary, and "runs" records each run's metadata
    (input, date, shard), which merging concatenates."""
    s = dict(s)
    s.pop("timing", None)
    s.pop("runs", None)
    return s


def without_queries(s):
    s = without_timing(s)
    s.pop("queries", None)
    return s


def compare_lists(what, a, b, key=untimed):
    """Strict comparison, then (when it fails) the relaxed one, so that the
    report says whether only unsat cores / query counts differ."""
    ka, kb = [key(x) for x in a], [key(x) for x in b]
    for x, y, ra in zip(ka, kb, a):
        if x != y:
            check(False, f"{what}: {ra.get('id') if isinstance(ra, dict) else ra}: "
                  f"{first_diff(x, y)}")
            break
    else:
        return check(len(a) == len(b), f"{what}: {len(a)} vs {len(b)} results")
    ra_, rb_ = [relaxed(x) for x in ka], [relaxed(x) for x in kb]
    n = sum(1 for x, y in zip(ka, kb) if x != y)
    same = check(ra_ == rb_, f"{what}: results differ beyond unsat cores, messages and query counts: "
                 + (first_diff(ra_, rb_) if ra_ != rb_ else ""))
    if same:
        print(f"  note: {what}: {n} of {len(a)} results differ only in "
              f"support/contradicts/messages/queries (Z3 context reused across traces)",
              flush=True)
    return False


def dump(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def first_diff(a, b):
    """A short description of where two JSON values first differ."""
    if type(a) is not type(b):
        return f"{canon(a)[:150]} != {canon(b)[:150]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return f"[{k!r}]: " + first_diff(a.get(k), b.get(k))
    if isinstance(a, list):
        if len(a) != len(b):
            return f"lengths {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return f"[{i}]: " + first_diff(x, y)
    return f"{canon(a)[:150]} != {canon(b)[:150]}"


# ---- trace generators -------------------------------------------------------

CATS = ["Wumpus", "Yumpus", "Zumpus", "Dumpus", "Rompus", "Numpus", "Tumpus",
        "Vumpus", "Impus", "Jompus", "Gorpus", "Lempus", "Sterpus"]
NAMES = ["alex", "bonnie", "fae", "max", "polly", "rex", "sally", "wren"]


def cheap(tid):
    return {"id": tid, "premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
            "steps": ["Animal(tom)"], "conclusion": "Animal(tom)"}


def long_rules(tid, n):
    """n hops of ∀x (Ci(x) → Ci+1(x)), one step per hop."""
    prem = [f"∀x (C{i}(x) → C{i + 1}(x))" for i in range(n)] + ["C0(a)"]
    steps = [f"C{i + 1}(a)" for i in range(n)]
    return {"id": tid, "premises": prem, "steps": steps,
            "conclusion": f"C{n}(a)"}


def long_arith(tid, n):
    """x0 = 3, then x(i+1) = x(i) + k and its value: 2n steps."""
    steps, v = [], 3
    for i in range(n):
        k = i % 7 + 1
        v += k
        steps.append(f"x{i + 1} = x{i} + {k}")
        steps.append(f"x{i + 1} = {v}")
    return {"id": tid, "premises": ["x0 = 3"], "steps": steps,
            "conclusion": f"x{n} = {v}"}


def small_mixed(count, seed):
    """Small ProntoQA-like and GSM-like traces, some with errors."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        tid = f"m{i:04d}"
        if rng.random() < 0.5:
            hops = rng.randint(1, 4)
            cs = rng.sample(CATS, hops + 2)
            who = rng.choice(NAMES)
            prem = [f"∀x ({a}(x) → {b}(x))" for a, b in zip(cs, cs[1:hops + 1])]
            prem.append(f"∀x ({cs[-1]}(x) → {rng.choice(CATS)}(x))")
            prem.append(f"{cs[0]}({who})")
            rng.shuffle(prem)
            steps = [f"{c}({who})" for c in cs[1:hops + 1]]
            concl = steps[-1]
            r = rng.random()
            if r < 0.15:
                j = rng.randrange(len(steps))
                steps[j] = "¬" + steps[j]
            elif r < 0.25:
                steps.insert(0, f"{cs[-1]}({who})")
            out.append({"id": tid, "premises": prem, "steps": steps,
                        "conclusion": concl, "meta": {"n": i}})
        else:
            a, b = rng.randint(2, 50), rng.randint(2, 50)
            c = a * b if rng.random() < 0.5 else a + b
            op = "*" if c == a * b else "+"
            stated = c + (rng.choice([1, -2, 10]) if rng.random() < 0.2 else 0)
            out.append({"id": tid, "premises": [f"q1 = {a}", f"q2 = {b}"],
                        "steps": [f"v1 = q1 {op} q2 = {stated}",
                                  f"v2 = v1 + q1 = {stated + a}"],
                        "conclusion": f"v2 = {c + a}"})
    return out


def with_bad_lines(records):
    """Records as JSONL with some malformed lines and blank lines mixed in."""
    lines = []
    for i, r in enumerate(records):
        lines.append(json.dumps(r, ensure_ascii=False))
        if i % 17 == 5:
            lines.append('{"id": "bad%d", "premises": 3}' % i)
        if i % 23 == 7:
            lines.append("")
        if i % 29 == 11:
            lines.append("{not json")
    return "\n".join(lines) + "\n"


# ---- 1. order under --jobs 4 -----------------------------------------------

def test_order(tmp):
    recs = []
    for i in range(48):
        if i % 8 == 0:
            recs.append(long_rules(f"exp-r{i}", 120))
        elif i % 8 == 4:
            recs.append(long_arith(f"exp-a{i}", 60))
        else:
            recs.append(cheap(f"cheap{i}"))
    path = os.path.join(tmp, "order.jsonl")
    write(path, dump(recs))
    ids = [r["id"] for r in recs]
    rc1, out1, err1 = run(["audit", path, "--jobs", "1"])
    t0 = time.monotonic()
    rc4, out4, err4 = run(["audit", path, "--jobs", "4"])
    t4 = time.monotonic() - t0
    check(rc1 == 0, f"order: audit --jobs 1 exit {rc1}: {err1[:300]}")
    check(rc4 == 0, f"order: audit --jobs 4 exit {rc4}: {err4[:300]}")
    r1, r4 = jsonl(out1, "order/jobs1"), jsonl(out4, "order/jobs4")
    got = [r.get("id") if isinstance(r, dict) else None for r in r4]
    if not check(got == ids, f"order: --jobs 4 ids out of order: first "
                 f"difference at {next((i for i, (a, b) in enumerate(zip(got, ids)) if a != b), min(len(got), len(ids)))}"
                 f" ({len(got)} results for {len(ids)} records)"):
        return
    check([r.get("id") for r in r1] == ids, "order: --jobs 1 ids out of order")
    compare_lists("order: --jobs 4 vs --jobs 1", r4, r1)
    # the test is meaningful only if the expensive traces are expensive
    costs = {r["id"]: r.get("stats", {}).get("total_us", 0) for r in r1}
    exp = min(costs[i] for i in ids if i.startswith("exp"))
    chp = sorted(costs[i] for i in ids if i.startswith("cheap"))
    chp = chp[len(chp) // 2]
    check(exp > 5 * chp, f"order: expensive traces are not expensive "
          f"(cheapest expensive {exp} us, median cheap {chp} us)")
    # and the results must be what they are: all valid
    bad = [r["id"] for r in r1 if r.get("verdict") != "valid"]
    check(not bad, f"order: traces not valid: {bad[:5]}")
    long_steps = [len(r.get("steps", [])) for r in r1 if r["id"].startswith("exp-r")]
    check(all(n == 120 for n in long_steps), f"order: rule chains have {long_steps} steps")
    print(f"  order: {len(ids)} records, --jobs 4 in {t4:.1f} s", flush=True)


# ---- 2. shards + merge ------------------------------------------------------

def test_shards(tmp):
    recs = small_mixed(150, seed=7)
    path = os.path.join(tmp, "shards.jsonl")
    text = with_bad_lines(recs)
    write(path, text)
    full_sum = os.path.join(tmp, "full.json")
    rc, out, err = run(["audit", path, "--jobs", "2", "--summary", full_sum])
    if not check(rc == 0, f"shards: full run exit {rc}: {err[:300]}"):
        return
    full = jsonl(out, "shards/full")
    nonblank = [ln for ln in text.splitlines() if ln.strip()]
    check(len(full) == len(nonblank),
          f"shards: full run gave {len(full)} lines for {len(nonblank)} records")
    sums, union = [], []
    for i in range(3):
        s = os.path.join(tmp, f"shard{i}.json")
        rc, out, err = run(["audit", path, "--shard", f"{i}/3", "--summary", s])
        if not check(rc == 0, f"shards: --shard {i}/3 exit {rc}: {err[:300]}"):
            return
        part = jsonl(out, f"shards/{i}")
        want = full[i::3]
        check([(r.get("id"), r.get("line")) for r in part]
              == [(r.get("id"), r.get("line")) for r in want],
              f"shards: --shard {i}/3 is not every 3rd record from the {i}th "
              f"({len(part)} lines, expected {len(want)})")
        compare_lists(f"shards: --shard {i}/3 vs the full run", part, want)
        union += part
        sums.append(s)
    check(sorted(canon(untimed(r)) for r in union)
          == sorted(canon(untimed(r)) for r in full),
          "shards: the union of the shards' lines differs from the full output")
    check(sorted(canon(relaxed(r)) for r in union)
          == sorted(canon(relaxed(r)) for r in full),
          "shards: the union of the shards' lines differs from the full output "
          "even ignoring support/contradicts/messages/queries")
    rc, out, err = run(["merge"] + sums)
    if not check(rc == 0, f"shards: merge exit {rc}: {err[:300]}"):
        return
    merged = json.loads(out)
    whole = read_json(full_sum)
    check(without_timing(merged) == without_timing(whole),
          "shards: merged summary differs from the full run's: "
          + first_diff(without_timing(merged), without_timing(whole)))
    check(without_queries(merged) == without_queries(whole),
          "shards: merged summary differs from the full run's beyond 'queries': "
          + first_diff(without_queries(merged), without_queries(whole)))
    check(whole.get("records") == len(nonblank) and whole.get("input_errors", 0) > 0,
          f"shards: full summary records {whole.get('records')} input_errors "
          f"{whole.get('input_errors')} (expected {len(nonblank)} and > 0)")
    # merge is a sum: merging a summary with itself doubles every count
    rc, out, err = run(["merge", full_sum, full_sum])
    if check(rc == 0, f"shards: merge of two copies exit {rc}: {err[:200]}"):
        twice = json.loads(out)
        check(twice.get("traces") == 2 * whole.get("traces", -1)
              and twice.get("steps") == 2 * whole.get("steps", -1)
              and twice.get("quadrant") == {k: 2 * v for k, v in whole["quadrant"].items()},
              "shards: merging a summary with itself does not double it")
    # merge refuses what is not a summary
    bogus = os.path.join(tmp, "bogus.json")
    write(bogus, '{"hello": 1}\n')
    rc, _, _ = run(["merge", sums[0], bogus])
    check(rc == 2, f"shards: merge of a non-summary exits {rc}, expected 2")
    rc, _, _ = run(["merge", os.path.join(tmp, "no-such.json")])
    check(rc == 2, f"shards: merge of a missing file exits {rc}, expected 2")


# ---- 3. good and malformed lines -------------------------------------------

def test_bad_lines(tmp):
    good = {"id": "ok1", "premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
            "steps": ["Animal(tom)"], "conclusion": "Animal(tom)"}
    arith = {"id": "ok2", "premises": ["april = 48", "may = april / 2"],
             "steps": ["may = 25"], "meta": {"model": "m", "sample": 3}}
    folio = {"id": "ok3", "premises": ["Rex is a dog."],
             "premises-FOL": ["∀x (Dog(x) → Animal(x))", "Dog(rex)"],
             "conclusion-FOL": "Animal(rex)", "label": "True"}
    J = lambda o: json.dumps(o, ensure_ascii=False)
    # (line text, expected: None for a good line, else (id, code or None))
    rows = [
        (J(good), None),
        ("this is not json", (None, "bad_json")),
        ('{"id": "b-prem", "premises": 3, "meta": {"k": 1}}', ("b-prem", "bad_field")),
        ("", "blank"),
        ('{"id": "b-parse", "premises": ["P(a) ∧"], "steps": ["P(a)"]}', ("b-parse", None)),
        ('{"id": "b-dialect", "dialect": "klingon", "premises": ["P(a)"]}', ("b-dialect", "unknown_dialect")),
        ("   \t ", "blank"),
        (J(arith), None),
        ('{"id": "b-steps", "premises": ["P(a)"], "steps": "P(a)"}', ("b-steps", "bad_field")),
        ('{"id": "b-trunc", "premises": ["P(a)"]', (None, "bad_json")),
        ('{"id": "b-paren", "premises": ["(P(a) ∧ Q(a)"]}', ("b-paren", "unbalanced_paren")),
        ('{"id": 17, "premises": ["P(a)"], "steps": [5]}', (17, "bad_field")),
        ('[1, 2, 3]', (None, None)),
        ('{"id": "b-concl", "premises": ["P(a)"], "conclusion": ["P(a)"]}', ("b-concl", "bad_field")),
        # a step that does not parse is a step error (taxonomy #1, syntax):
        # the trace is checked and invalid
        ('{"id": "b-step", "premises": ["P(a)"], "steps": ["Q(a) →"]}', None),
        (J(folio), None),
    ]
    text = "\n".join(r[0] for r in rows)  # no newline after the last line
    path = os.path.join(tmp, "mixed.jsonl")
    write(path, text)
    sum_path = os.path.join(tmp, "mixed-summary.json")
    rc, out, err = run(["audit", path, "--summary", sum_path])
    check(rc == 0, f"bad lines: audit exit {rc} (a bad record must not stop "
          f"the run): {err[:300]}")
    res = jsonl(out, "bad lines")
    expected = [(n, text_, exp) for n, (text_, exp) in enumerate(rows, 1)
                if exp != "blank"]
    if not check(len(res) == len(expected),
                 f"bad lines: {len(res)} output lines for {len(expected)} non-blank input lines"):
        return
    for (lineno, src, exp), r in zip(expected, res):
        if not isinstance(r, dict):
            continue
        where = f"bad lines: line {lineno} ({src[:40]!r})"
        check(r.get("line") == lineno, f"{where}: result line {r.get('line')}")
        if exp is None:
            want_id = json.loads(src)["id"]
            check(r.get("id") == want_id, f"{where}: id {r.get('id')!r}, expected {want_id!r}")
            check(r.get("verdict") in ("valid", "invalid") and "error" not in r,
                  f"{where}: good line not checked: {canon(r)[:300]}")
            continue
        want_id, code = exp
        check(r.get("id") == want_id, f"{where}: id {r.get('id')!r}, expected {want_id!r}")
        check(r.get("verdict") == "error",
              f"{where}: verdict {r.get('verdict')!r}, expected 'error' "
              f"(record: {canon(r)[:200]})")
        e = r.get("error")
        if not check(isinstance(e, dict), f"{where}: no error object"):
            continue
        check(isinstance(e.get("code"), str) and e.get("code"),
              f"{where}: error has no code")
        if code:
            check(e.get("code") == code, f"{where}: error code {e.get('code')!r}, expected {code!r}")
        check(e.get("line") == lineno, f"{where}: error.line {e.get('line')!r}")
        col = e.get("column")
        check(isinstance(col, int) and 1 <= col <= max(1, len(src) + 1),
              f"{where}: error.column {col!r}")
        if code == "unbalanced_paren" and isinstance(col, int):
            check(src[col - 1:col] == "(",
                  f"{where}: error.column {col} points at {src[col - 1:col + 5]!r}, not the '('")
    byid = {r.get("id"): r for r in res if isinstance(r, dict)}
    ok2 = byid.get("ok2", {})
    check(ok2.get("meta") == arith["meta"], f"bad lines: meta not copied: {ok2.get('meta')!r}")
    check(ok2.get("verdict") == "invalid"
          and [e.get("type") for e in ok2.get("errors", [])] == ["arithmetic"],
          f"bad lines: ok2 should be invalid with one arithmetic error: {canon(ok2)[:300]}")
    bs = byid.get("b-step", {})
    st = (bs.get("steps") or [{}])[0]
    check(bs.get("coherent") is False and st.get("local") == "ill_formed"
          and (st.get("error") or {}).get("type") == "syntax",
          f"bad lines: the unparsable step is not an ill_formed syntax step: {canon(bs)[:300]}")
    check(byid.get("b-prem", {}).get("meta") == {"k": 1},
          "bad lines: meta of a readable bad record not kept")
    check(byid.get("ok3", {}).get("conclusion", {}).get("status") == "entailed",
          "bad lines: the FOLIO record's conclusion is not entailed")
    try:
        s = read_json(sum_path)
    except (OSError, ValueError) as e:
        check(False, f"bad lines: no summary: {e}")
        return
    nbad = sum(1 for _, _, e in expected if e is not None)
    check(s.get("records") == len(expected) and s.get("input_errors") == nbad
          and s.get("traces") == len(expected) - nbad,
          f"bad lines: summary records/input_errors/traces = {s.get('records')}/"
          f"{s.get('input_errors')}/{s.get('traces')}, expected "
          f"{len(expected)}/{nbad}/{len(expected) - nbad}")
    codes = s.get("input_error_codes", {})
    check(codes.get("bad_json") == 2 and codes.get("bad_field") == 5
          and codes.get("unknown_dialect") == 1 and codes.get("unbalanced_paren") == 1,
          f"bad lines: input_error_codes {codes}")


# ---- 4. FOLIO: audit agrees with check ---------------------------------------

def test_folio(tmp):
    path = fctest.data_file("audit_tests", "folio", "folio-validation.jsonl")
    rc, out, err = run(["audit", path, "--jobs", "2"])
    check(rc == 0, f"FOLIO: audit exit {rc}: {err[:300]}")
    aud = jsonl(out, "FOLIO/audit")
    rc2, out2, _ = run(["check", "--format", "json", path])
    check(rc2 in (1, 2), f"FOLIO: check exit {rc2}")
    try:
        chk = parse_concat(out2)
    except ValueError as e:
        check(False, f"FOLIO: check output is not JSON: {e}")
        return
    with open(path, encoding="utf-8") as f:
        n = sum(1 for ln in f if ln.strip())
    check(len(aud) == n, f"FOLIO: audit gave {len(aud)} lines for {n} records")
    check(len(chk) == n, f"FOLIO: check gave {len(chk)} objects for {n} records")
    cmap = {c.get("line"): c for c in chk}
    diffs, statuses = [], 0
    for a in aud:
        if not isinstance(a, dict):
            continue
        c = cmap.get(a.get("line"))
        if c is None:
            diffs.append(f"line {a.get('line')}: no check result")
            continue
        sa = (a.get("conclusion") or {}).get("status")
        sc = (c.get("conclusion") or {}).get("status")
        statuses += sa is not None
        for what, x, y in (("status", sa, sc),
                           ("reached", (a.get("conclusion") or {}).get("reached"),
                            (c.get("conclusion") or {}).get("reached")),
                           ("verdict", a.get("verdict"), c.get("verdict")),
                           ("error code", (a.get("error") or {}).get("code"),
                            (c.get("error") or {}).get("code"))):
            if x != y:
                diffs.append(f"line {a.get('line')}: {what} {x!r} (audit) vs {y!r} (check)")
    check(not diffs, f"FOLIO: audit and check disagree on {len(diffs)} things: "
          + "; ".join(diffs[:5]))
    check(statuses > 150, f"FOLIO: only {statuses} conclusion statuses")


# ---- 5. summary by hand -----------------------------------------------------

HAND = [
    # h1: valid GSM-style: s1 entailed, s2 a definition, s3 entailed;
    #     conclusion entailed and reached; expected valid, is valid
    {"id": "h1", "premises": ["april = 48", "may = april / 2"],
     "steps": ["may = 24", "total = april + may", "total = 72"],
     "conclusion": "total = 72", "expect": {"trace": "valid"}},
    # h2: calculator error (may is 24): contradicted, so incoherent; the
    #     conclusion is entailed and reached; expected valid, is invalid
    {"id": "h2", "premises": ["april = 48", "may = april / 2"],
     "steps": ["may = 25"], "conclusion": "may = 24",
     "expect": {"trace": "valid"}},
    # h3: FOLIO record labelled True, no steps: entailed, reached, valid
    {"id": "h3", "premises": ["All dogs are animals.", "Rex is a dog."],
     "premises-FOL": ["∀x (Dog(x) → Animal(x))", "Dog(rex)"],
     "conclusion": "Rex is an animal.", "conclusion-FOL": "Animal(rex)",
     "label": "True"},
    # h4: FOLIO record labelled False whose conclusion is undetermined:
    #     not reached -> conclusion_mismatch; coherent, invalid
    {"id": "h4", "premises-FOL": ["∀x (Cat(x) → Pet(x))", "Cat(tom)"],
     "conclusion-FOL": "Dog(tom)", "label": "False"},
    # h5: affirming the consequent at s2 (undetermined, not contradicted):
    #     coherent but invalid; conclusion entailed and reached
    {"id": "h5", "premises": ["∀x (Cat(x) → Mammal(x))",
                              "∀x (Dog(x) → Mammal(x))", "Cat(tom)"],
     "steps": ["Mammal(tom)", "Dog(tom)"], "conclusion": "Mammal(tom)"},
    # h6: inconsistent premises; the one step is (vacuously) entailed;
    #     no conclusion; coherent, invalid
    {"id": "h6", "premises": ["P(a)", "¬P(a)"], "steps": ["Q(a)"]},
    # h7: step entailed, conclusion refuted (so not reached); coherent,
    #     invalid; expected invalid, is invalid
    {"id": "h7", "premises": ["∀x (Cat(x) → ¬Dog(x))", "Cat(tom)"],
     "steps": ["¬Dog(tom)"], "conclusion": "Dog(tom)",
     "expect": {"trace": "invalid"}},
]


def test_summary(tmp):
    text = dump(HAND) + '{"id": "h8", "premises": "oops"}\n'
    path = os.path.join(tmp, "hand.jsonl")
    write(path, text)
    sp = os.path.join(tmp, "hand-summary.json")
    rc, out, err = run(["audit", path, "--jobs", "3", "--summary", sp])
    if not check(rc == 0, f"summary: audit exit {rc}: {err[:300]}"):
        return
    try:
        s = read_json(sp)
    except (OSError, ValueError) as e:
        check(False, f"summary: cannot read {sp}: {e}")
        return
    res = {r["id"]: r for r in jsonl(out, "summary") if isinstance(r, dict)}
    verdicts = {k: res.get(k, {}).get("verdict") for k in
                ("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8")}
    check(verdicts == {"h1": "valid", "h2": "invalid", "h3": "valid",
                       "h4": "invalid", "h5": "invalid", "h6": "invalid",
                       "h7": "invalid", "h8": "error"},
          f"summary: verdicts {verdicts}")
    expect = {
        "records": 8, "input_errors": 1, "traces": 7, "steps": 8,
        "coherent": 6, "valid": 2, "unknown": 0, "premises_inconsistent": 1,
        "conclusions": 6, "reached": 4, "labelled": 2,
        "quadrant": {"coherent_valid": 2, "coherent_invalid": 4,
                     "incoherent_valid": 0, "incoherent_invalid": 1},
        "step_status": {"entailed": 5, "contradicted": 1,
                        "undetermined": 1, "definition": 1},
        "local_status": {"entailed": 5, "contradicted": 1,
                         "undetermined": 1, "definition": 1},
        "step_errors": {"arithmetic": 1, "inference_violation": 1},
        "trace_errors": {"conclusion_mismatch": 2, "inconsistent_premises": 1},
        "traces_with_error": {"arithmetic": 1, "inference_violation": 1,
                              "conclusion_mismatch": 2,
                              "inconsistent_premises": 1},
        "step_errors_by_category": {"calculator_error": 1, "false_rule": 1},
        "conclusion_status": {"entailed": 4, "undetermined": 1, "refuted": 1},
        "input_error_codes": {"bad_field": 1},
        "confusion": {
            "entailed": {"entailed": 1, "refuted": 0, "undetermined": 0,
                         "unknown": 0, "none": 0},
            "refuted": {"entailed": 0, "refuted": 0, "undetermined": 1,
                        "unknown": 0, "none": 0},
            "undetermined": {"entailed": 0, "refuted": 0, "undetermined": 0,
                             "unknown": 0, "none": 0}},
        "verdict_confusion": {"valid": {"valid": 1, "invalid": 1, "unknown": 0},
                              "invalid": {"valid": 0, "invalid": 1, "unknown": 0}},
    }
    for k, v in expect.items():
        check(s.get(k) == v, f"summary: {k} = {json.dumps(s.get(k))}, expected {json.dumps(v)}")
    # step positions: h1 has 3 steps, h5 2, h2 h6 h7 one each
    pos = s.get("positions", {})
    ab, rel = pos.get("absolute", {}), pos.get("relative", {})
    check((ab.get("steps") or [])[:4] == [5, 2, 1, 0] and sum(ab.get("steps") or []) == 8,
          f"summary: positions.absolute.steps {ab.get('steps')}")
    check((ab.get("errors") or [])[:3] == [1, 1, 0] and sum(ab.get("errors") or []) == 2,
          f"summary: positions.absolute.errors {ab.get('errors')}")
    # relative bucket k*10/n: h1 0,3,6; h5 0,5; the one-step traces 0
    check(rel.get("steps") == [5, 0, 0, 1, 0, 1, 1, 0, 0, 0],
          f"summary: positions.relative.steps {rel.get('steps')}")
    check(rel.get("errors") == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
          f"summary: positions.relative.errors {rel.get('errors')}")
    rates = s.get("rates", {})
    for k, v in {"coherence": 6 / 7, "validity": 2 / 7,
                 "coherent_but_invalid": 4 / 7, "conclusion_reached": 4 / 6,
                 "label_agreement": 1 / 2}.items():
        check(abs(rates.get(k, -1) - v) < 1e-9, f"summary: rates.{k} = {rates.get(k)}, expected {v}")
    check(isinstance(s.get("queries"), int) and s["queries"] > 0,
          f"summary: queries {s.get('queries')}")
    tm = s.get("timing", {})
    check(all(isinstance(tm.get(k), (int, float)) for k in ("solver_us", "check_us", "wall_us")),
          f"summary: timing {tm}")
    # a summary merged alone is itself
    rc, out, err = run(["merge", sp])
    if check(rc == 0, f"summary: merge exit {rc}: {err[:200]}"):
        check(json.loads(out) == s, "summary: merge of one summary changes it: "
              + first_diff(json.loads(out), s))


# ---- 6. GNU parallel ---------------------------------------------------------

def test_parallel(tmp):
    if not shutil.which("parallel"):
        skip("GNU parallel: `parallel` not found, sub-test skipped")
        return
    recs = small_mixed(100, seed=11)
    path = os.path.join(tmp, "par.jsonl")
    text = with_bad_lines(recs)
    write(path, text)
    full_sum = os.path.join(tmp, "par-full.json")
    rc, out, err = run(["audit", path, "--summary", full_sum])
    if not check(rc == 0, f"parallel: single run exit {rc}: {err[:300]}"):
        return
    single = jsonl(out, "parallel/single")
    d = os.path.join(tmp, "par-sums")
    os.mkdir(d)
    cmd = (f"{shlex.quote(FOLCHECK)} audit - --jobs 1 --summary "
           f"{shlex.quote(d)}/s{{#}}.json")
    with open(path, "rb") as f:
        p = subprocess.run(["parallel", "--will-cite", "--pipe", "-N", "20",
                            "--sshlogin", ":", cmd], stdin=f,
                           capture_output=True, timeout=300)
    if not check(p.returncode == 0, f"parallel: exit {p.returncode}: "
                 f"{p.stderr.decode('utf-8', 'replace')[:300]}"):
        return
    pieces = jsonl(p.stdout.decode("utf-8"), "parallel/pieces")
    sums = sorted(os.path.join(d, x) for x in os.listdir(d))
    nonblank = sum(1 for ln in text.splitlines() if ln.strip())
    check(len(sums) >= 5, f"parallel: only {len(sums)} summaries for "
          f"{len(text.splitlines())} lines in chunks of 20")
    rc, out, err = run(["merge"] + sums)
    if not check(rc == 0, f"parallel: merge exit {rc}: {err[:300]}"):
        return
    merged = json.loads(out)
    whole = read_json(full_sum)
    # chunks piped through stdin number their lines from 1 and name no
    # file, so the examples' places differ; which records they are (the
    # smallest ids) does not
    def example_ids(summary):
        ex = summary.pop("examples", {})
        return {k: [e.get("id") for e in v]
                for part in ex.values() for k, v in part.items()}
    mi, wi = example_ids(merged), example_ids(whole)
    check(mi == wi and mi, f"parallel: examples {mi} vs {wi}")
    check(without_timing(merged) == without_timing(whole),
          "parallel: merged summary differs from a single run's: "
          + first_diff(without_timing(merged), without_timing(whole)))
    check(without_queries(merged) == without_queries(whole),
          "parallel: merged summary differs from a single run's beyond 'queries': "
          + first_diff(without_queries(merged), without_queries(whole)))
    check(len(pieces) == nonblank, f"parallel: {len(pieces)} lines for {nonblank} records")
    a = sorted(canon(unplaced(untimed(r))) for r in pieces)
    b = sorted(canon(unplaced(untimed(r))) for r in single)
    nd = len(set(a) - set(b))
    check(a == b, f"parallel: sorted outputs differ from a single run's ({nd} lines)")
    a = sorted(canon(relaxed(unplaced(r))) for r in pieces)
    b = sorted(canon(relaxed(unplaced(r))) for r in single)
    check(a == b, "parallel: sorted outputs differ from a single run's even "
          "ignoring support/contradicts/messages/queries")


# ---- 8. history --------------------------------------------------------------

def fixture_lines(src, name):
    with open(os.path.join(src, "tests", "fixtures", name), encoding="utf-8") as f:
        return [ln for ln in f if ln.strip()]


def same(a, b):
    return canon(unplaced(untimed(a))) == canon(unplaced(untimed(b)))


def batch_equals_alone(lines, opts, what):
    """Checks each record of a batch against the same record checked alone."""
    rc, out, err = run(["audit", "-"] + opts, stdin="".join(lines).encode())
    if not check(rc == 0, f"history: {what} batch exit {rc}: {err[:300]}"):
        return
    batch = jsonl(out, f"history/{what}")
    if not check(len(batch) == len(lines),
                 f"history: {what}: {len(batch)} lines for {len(lines)} records"):
        return
    for ln, got in zip(lines, batch):
        rc, out, err = run(["audit", "-"] + opts, stdin=ln.encode())
        alone = jsonl(out, f"history/{what}-alone")
        if not check(len(alone) == 1, f"history: {len(alone)} lines for one record"):
            return
        check(same(got, alone[0]),
              f"history: {what}: record {got.get('id')} differs in a batch from alone: "
              + first_diff(unplaced(untimed(got)), unplaced(untimed(alone[0]))))


def test_history(tmp):
    src = os.environ.get("FOLCHECK_SOURCE", "")
    if not src or not os.path.exists(os.path.join(src, "tests", "fixtures")):
        skip("history: FOLCHECK_SOURCE/tests/fixtures not found, sub-test skipped")
        return
    # a timeout short enough that the test is quick when it fails; the last
    # record takes milliseconds on its own
    batch_equals_alone(fixture_lines(src, "history-arith.jsonl"),
                       ["--jobs", "1", "--timeout", "2000"], "arithmetic")
    history_reversed()
    history_rlimit(src)
    # Countermodels are Z3's models, which depend on the order in which a
    # context made its terms: on a reused context, the second record of
    # history-explain.jsonl (cotlog) got another countermodel after the
    # first than alone.  Under --explain each trace gets a fresh context.
    batch_equals_alone(fixture_lines(src, "history-explain.jsonl"),
                       ["--jobs", "1", "--explain"], "--explain")
    os.environ["FOLCHECK_HERBRAND"] = "0"
    try:
        batch_equals_alone(fixture_lines(src, "history-explain.jsonl"),
                           ["--jobs", "1", "--explain"], "--explain, Z3 alone")
    finally:
        del os.environ["FOLCHECK_HERBRAND"]


def history_rlimit(src):
    """Under --rlimit a trace has a context and solver of its own: Z3 keeps
    caches keyed by terms across a pop, so on a shared solver a record
    checked a second time used less of the limit, and its verdict changed
    from unknown to inconsistent premises (history-rlimit.jsonl,
    leanreasoner: twice in a batch, both copies must agree); and on a
    reused context the order of terms steered how much of the limit a query
    used (history-rlimit-pair.jsonl: the batch must equal each record
    alone).  These records are in the Bernays-Schönfinkel class, which
    small models decide without Z3, so FOLCHECK_HERBRAND=0 leaves them to
    Z3 here; decided without it, the batch equals each record alone too."""
    os.environ["FOLCHECK_HERBRAND"] = "0"
    try:
        history_rlimit_z3(src)
    finally:
        del os.environ["FOLCHECK_HERBRAND"]
    batch_equals_alone(fixture_lines(src, "history-rlimit-pair.jsonl"),
                       ["--jobs", "1", "--rlimit", "300"], "--rlimit")


def history_rlimit_z3(src):
    line = fixture_lines(src, "history-rlimit.jsonl")[0]
    rc, out, err = run(["audit", "-", "--jobs", "1", "--rlimit", "2000"],
                       stdin=(line * 2).encode())
    if not check(rc == 0, f"history: rlimit batch exit {rc}: {err[:300]}"):
        return
    got = jsonl(out, "history/rlimit")
    if not check(len(got) == 2, f"history: {len(got)} lines for two records"):
        return
    check(same(got[0], got[1]), "history: under --rlimit a record's second copy differs: "
          + first_diff(unplaced(untimed(got[0])), unplaced(untimed(got[1]))))
    batch_equals_alone(fixture_lines(src, "history-rlimit-pair.jsonl"),
                       ["--jobs", "1", "--rlimit", "300"], "--rlimit")


def history_reversed():
    """Traces without arithmetic share a worker's Z3 context and solver:
    FOLIO validation checked in reverse order gives every record the
    result it gets in file order."""
    path = fctest.data_file("audit_tests", "folio", "folio-validation.jsonl")
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip()]
    runs = []
    for order in (lines, lines[::-1]):
        rc, out, err = run(["audit", "-", "--jobs", "1"],
                           stdin="".join(order).encode())
        if not check(rc == 0, f"history: FOLIO audit exit {rc}: {err[:300]}"):
            return
        runs.append(jsonl(out, "history/FOLIO"))
    fwd, rev = runs[0], runs[1][::-1]
    if not check(len(fwd) == len(rev) == len(lines),
                 f"history: FOLIO gave {len(fwd)} and {len(rev)} lines for {len(lines)}"):
        return
    diffs = [i for i, (x, y) in enumerate(zip(fwd, rev)) if not same(x, y)]
    check(not diffs, f"history: {len(diffs)} FOLIO records differ in reverse order, "
          f"first line {diffs[0] + 1 if diffs else 0}: "
          + (first_diff(unplaced(untimed(fwd[diffs[0]])), unplaced(untimed(rev[diffs[0]])))
             if diffs else ""))


# ---- 7. streaming, --out, usage errors ----------------------------------------

def test_streaming(tmp):
    recs = small_mixed(40, seed=3)
    text = with_bad_lines(recs)
    path = os.path.join(tmp, "stream.jsonl")
    write(path, text)
    # one worker: the comparison is about reading, not about scheduling
    rc, ref, err = run(["audit", path, "--jobs", "1"])
    check(rc == 0, f"stream: file run exit {rc}: {err[:200]}")
    ref = [unplaced(untimed(r)) for r in jsonl(ref, "stream/file")]

    # a real pipe, written slowly in uneven pieces (some mid-line)
    p = subprocess.Popen([FOLCHECK, "audit", "-", "--jobs", "1"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    box = {}

    def drain():
        box["out"] = p.stdout.read()
        box["err"] = p.stderr.read()
    th = threading.Thread(target=drain)
    th.start()
    data = text.encode("utf-8")
    i, k = 0, 0
    try:
        while i < len(data):
            n = [1, 7, 100, 1000, 33][k % 5]
            p.stdin.write(data[i:i + n])
            p.stdin.flush()
            i += n
            k += 1
            if k % 10 == 0:
                time.sleep(0.01)
        p.stdin.close()
    except BrokenPipeError:
        pass
    th.join(120)
    rc = p.wait(120)
    check(rc == 0, f"stream: audit - exit {rc}: {box.get('err', b'')[:200]!r}")
    got = jsonl(box.get("out", b"").decode("utf-8"), "stream/pipe")
    check([unplaced(untimed(r)) for r in got] == ref,
          "stream: results from a pipe differ from the file run")
    check(all(r.get("file") == "<stdin>" for r in got if isinstance(r, dict)),
          "stream: results from stdin are not named <stdin>")
    # no input argument also means stdin
    rc, out, _ = run(["audit", "--jobs", "1"], stdin=data)
    check(rc == 0 and [unplaced(untimed(r)) for r in jsonl(out, "stream/noarg")] == ref,
          f"stream: audit with no input argument (stdin) exit {rc} or different results")
    # empty input: nothing out, a zero summary
    es = os.path.join(tmp, "empty-summary.json")
    rc, out, _ = run(["audit", "-", "--summary", es], stdin=b"")
    check(rc == 0 and out == "", f"stream: empty input exit {rc}, output {out[:100]!r}")
    try:
        e = read_json(es)
        check(e.get("records") == 0 and e.get("traces") == 0,
              f"stream: empty input summary {e.get('records')} records")
    except (OSError, ValueError) as ex:
        check(False, f"stream: empty input, no summary: {ex}")

    # --out FILE
    of = os.path.join(tmp, "out.jsonl")
    rc, out, err = run(["audit", path, "--out", of, "--jobs", "1"])
    check(rc == 0, f"stream: --out exit {rc}: {err[:200]}")
    check(out == "", f"stream: --out also wrote to stdout: {out[:100]!r}")
    try:
        with open(of, encoding="utf-8") as f:
            got = [unplaced(untimed(r)) for r in jsonl(f.read(), "stream/out")]
        check(got == ref, "stream: --out FILE content differs from stdout run")
    except OSError as e:
        check(False, f"stream: --out file not written: {e}")
    rc, _, _ = run(["audit", path, "--out", os.path.join(tmp, "no", "such", "dir.jsonl")])
    check(rc == 2, f"stream: --out into a missing directory exits {rc}, expected 2")
    rc, _, _ = run(["audit", path, "--summary", os.path.join(tmp, "no", "such", "s.json")])
    check(rc == 2, f"stream: --summary into a missing directory exits {rc}, expected 2")

    # usage errors
    for bad in ["3/3", "-1/3", "1/0", "0/0", "a/b", "1", "", "/3", "1/", "0/-1",
                "1/3x", "1/3/5", "1.5/3"]:
        rc, out, err = run(["audit", path, "--shard", bad])
        check(rc == 2, f"stream: --shard {bad!r} exits {rc}, expected 2 (usage error)")
        check(out == "", f"stream: --shard {bad!r} wrote results")
    # an N beyond int: either refused or honoured (only record 0 in shard 0)
    rc, out, _ = run(["audit", path, "--shard", "0/4294967297"])
    n = len(out.splitlines())
    check(rc == 2 or (rc == 0 and n == 1),
          f"stream: --shard 0/4294967297 exits {rc} with {n} results "
          f"(expected a usage error, or only the first record)")
    rc, _, _ = run(["audit", path, "--shard"])
    check(rc == 2, f"stream: --shard with no value exits {rc}")
    for bad in ["0", "-2", "x", "257"]:
        rc, _, _ = run(["audit", path, "--jobs", bad])
        check(rc == 2, f"stream: --jobs {bad!r} exits {rc}, expected 2")
    rc, _, _ = run(["audit", os.path.join(tmp, "missing.jsonl")])
    check(rc == 2, f"stream: a missing input file exits {rc}, expected 2")
    rc, _, _ = run(["audit", path, path])
    check(rc == 2, f"stream: two inputs exit {rc}, expected 2")
    rc, _, _ = run(["audit", path, "--bogus-option"])
    check(rc == 2, f"stream: an unknown option exits {rc}, expected 2")
    rc, _, _ = run(["merge"])
    check(rc == 2, f"stream: merge with no summaries exits {rc}, expected 2")


def main():
    fctest.binary("audit_tests")
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="audit_tests.") as tmp:
        for name, fn in [("order", test_order), ("shards", test_shards),
                         ("bad lines", test_bad_lines), ("FOLIO", test_folio),
                         ("summary", test_summary), ("parallel", test_parallel),
                         ("streaming", test_streaming),
                         ("history", test_history)]:
            t = time.monotonic()
            try:
                fn(tmp)
            except subprocess.TimeoutExpired as e:
                check(False, f"{name}: timed out: {e}")
            except Exception as e:  # a crash of the test is a failure
                import traceback
                traceback.print_exc()
                check(False, f"{name}: test raised {type(e).__name__}: {e}")
            print(f"  {name}: {time.monotonic() - t:.1f} s", flush=True)
    return checks.finish(f" ({time.monotonic() - t0:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
