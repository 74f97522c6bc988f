#!/usr/bin/env python3
"""The CLI's rough edges, each with its expected output:

- `--format xml` names every format (text, json, json-pretty);
- the text result of a JSONL record without an id names its line;
- a step's syntax error is said once: as the step's finding on stdout, not
  again on stderr (a premise's, which is an input error, stays on stderr);
- control bytes of a binary input are shown as their pictures in
  excerpts, never raw;
- the audit's progress line (`--progress`) counts invalid and incoherent
  traces as well as input errors;
- a FOLIO record without conclusion-FOL says there is no conclusion to
  check, in text and JSON, and its label is left out of the agreement;
- a premise a step cites is used;
- the report shows the dialect records were read in (folio), not the
  run's default;
- `audit --group-by KEY` keeps a sub-summary per meta value that adds up
  to the totals, shards merge group by group into the whole run's
  summary, summaries grouped differently do not merge, and the report
  shows a column per group;
- `report --pair-by KEY BASE RL` pairs two audits' results and counts the
  four groups (both right, base wrong and RL right, ...), unpaired and
  repeated keys;
- summaries keep the first 5 records per error type and per quadrant, in
  the order of their ids whatever `--jobs`, shards merge to the same, and
  the report
  shows them.

Environment: FOLCHECK (the binary).  Exit 0 when everything holds.
"""
import json
import os
import subprocess
import sys
import tempfile

from fctest import Checks, run  # noqa: E402

checks = Checks(defer=True)
check = checks.check


def main():
    d = tempfile.mkdtemp(prefix="folcheck-cli-")
    path = lambda name: os.path.join(d, name)  # noqa: E731

    rc, out, err = run(["check", "--format", "xml", "x.fol"])
    check(rc == 2 and "use text, json or json-pretty" in err,
          f"--format xml: {rc} {err!r}")

    with open(path("recs.jsonl"), "w") as f:
        f.write('{"premises": ["P(a)"], "steps": ["P(a)"]}\n\n'
                '{"id": "r2", "premises": ["P(a)"], "steps": ["Q(b)"]}\n')
    rc, out, err = run(["check", path("recs.jsonl")])
    check("valid, coherent (line 1);" in out and "(id r2);" in out,
          f"records without an id name their line: {out!r}")

    with open(path("broken.fol"), "w") as f:
        f.write("premise p1: P(a)\nstep s1: P(a) ∧\nstep s2: Q(a) by p9\n")
    rc, out, err = run(["check", path("broken.fol")])
    check(rc == 1 and out.count("the statement ends too soon") == 1 and
          "ends too soon" not in err and "cites 'p9'" in out and
          "cites 'p9'" not in err,
          f"a step's error once, on stdout: rc {rc}, stdout {out!r}, "
          f"stderr {err!r}")
    with open(path("badpremise.fol"), "w") as f:
        f.write("premise p1: P(a) ∧\nstep s1: P(a)\n")
    rc, out, err = run(["check", path("badpremise.fol")])
    check(rc == 2 and "ends too soon" in err,
          f"a premise's error is an input error on stderr: {rc} {err!r}")

    with open(path("ctl.fol"), "wb") as f:
        f.write(b"premise: P(a)\nstep: P(a) \x01\x1b[31m \x7f\n")
    rc, out, err = run(["check", path("ctl.fol")])
    both = out + err
    check("\x1b" not in both and "\x01" not in both and "\x7f" not in both,
          f"control bytes echoed raw: {both!r}")
    check("\u2401\u241b[31m" in both and "\u2421" in both,
          f"control bytes not shown as pictures: {both!r}")

    recs = ('{"premises": ["P(a)"], "steps": ["¬P(a)"]}\n'
            '{"premises": ["P(a)"], "steps": ["Q(b)"]}\n'
            '{"premises": ["P(a)"], "steps": ["P(a)"]}\n{bad\n')
    rc, out, err = run(["audit", "--progress", "-"], recs.encode())
    last = [l for l in err.replace("\r", "\n").splitlines()
            if "traces," in l][-1:]
    check(last and "4 traces" in last[0] and "2 invalid" in last[0] and
          "1 incoherent" in last[0] and "1 input errors" in last[0],
          f"progress line: {last!r}")

    folio = ('{"premises-FOL": ["Cat(tom)"], "label": "True", '
             '"conclusion": "Tom is a cat."}\n'
             '{"premises-FOL": ["Cat(tom)"], "conclusion-FOL": "Cat(tom)", '
             '"label": "True"}\n')
    with open(path("folio.jsonl"), "w") as f:
        f.write(folio)
    rc, out, err = run(["check", "--dialect", "folio", path("folio.jsonl")])
    check("no conclusion to check (its label True is not compared)" in out,
          f"FOLIO without conclusion-FOL, text: {out!r}")
    rc, out, err = run(["check", "--dialect", "folio", "--format", "json",
                        path("folio.jsonl")])
    first = json.loads(out.splitlines()[0])
    check(first["conclusion"] is None and "no conclusion to check" in
          first.get("note", ""), f"FOLIO without conclusion-FOL, JSON: "
                                 f"{first}")
    rc, out, err = run(["audit", "--dialect", "folio", "--summary",
                        path("s.json"), path("folio.jsonl")])
    with open(path("s.json")) as f:
        s = json.load(f)
    check(s["labelled"] == 1 and s["labelled_no_conclusion"] == 1,
          f"summary: labelled {s.get('labelled')}, without a conclusion "
          f"{s.get('labelled_no_conclusion')}")
    # the report names the dialect the records were read in, not the
    # run's default
    rc, out, err = run(["audit", "--summary", path("s2.json"),
                        path("folio.jsonl")])
    with open(path("s2.json")) as f:
        s2 = json.load(f)
    check(s2.get("dialects") == {"folio": 2},
          f"summary dialects: {s2.get('dialects')}")
    rc, out, err = run(["report", path("s2.json"), "-o", path("r.html")])
    with open(path("r.html"), encoding="utf-8") as f:
        page = f.read()
    check("<td>folio</td>" in page and "<td>native</td>" not in page,
          "the report's run table does not show the folio dialect")

    with open(path("cite.fol"), "w") as f:
        f.write("premise p1: ∀x (P(x) → Q(x))\npremise p2: P(a)\n"
                "premise p3: Sunny(today)\nstep s1: Q(a) by p1, p2, p3\n")
    rc, out, err = run(["check", "--explain", path("cite.fol")])
    check("premise p3 is used by no step" not in out,
          f"a cited premise is reported unused: {out!r}")

    # the report's uncertainty: Wilson intervals for every share, Fisher's
    # exact test with Holm's correction against the first column
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "benchmarks", "audit", "gen.py")
    for seed in (3, 4):
        with open(path(f"g{seed}.jsonl"), "w") as f:
            subprocess.run([sys.executable, gen, "300", "--seed", str(seed)],
                           stdout=f, check=True)
        run(["audit", "--summary", path(f"g{seed}.json"),
             path(f"g{seed}.jsonl")])
    folio_val = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "data", "folio", "folio-validation.jsonl")
    run(["audit", "--summary", path("fv.json"), folio_val])
    rc, out, err = run(["report", path("g3.json"), path("g4.json"),
                        path("fv.json"), "-o", path("u.html")])
    with open(path("g3.json")) as f:
        g3 = json.load(f)
    k, n, z = g3["coherent"], g3["traces"], 1.959963984540054
    ph = k / n
    den = 1 + z * z / n
    mid = (ph + z * z / (2 * n)) / den
    half = z * ((ph * (1 - ph) / n + z * z / (4 * n * n)) ** 0.5) / den

    def pc(v):
        return f"{100 * v:.1f}%"

    with open(path("u.html"), encoding="utf-8") as f:
        page = f.read()
    want = f"95% CI {pc(mid - half)}\u2013{pc(mid + half)}"
    check(want in page, f"no Wilson interval {want!r} in the report")
    check("Fisher's exact test" in page and "Holm" in page and
          "p&lt;0.001*" in page,
          "the report does not test the columns against the first")

    grouped(path)
    paired(path)
    return checks.finish()


def paired(path):
    """report --pair-by: the four groups of the paper's analysis."""
    import re
    def rec(i, reached, model):
        return json.dumps({
            "id": f"{model}{i}", "premises": ["P(a)", "∀x (P(x) → Q(x))"],
            "steps": ["Q(a)"] if reached else ["R(a)"],
            "conclusion": "Q(a)" if reached else "R(b)",
            "meta": {"problem": i}})
    base = [rec(i, i % 2 == 0, "b") for i in range(40)]
    rl = [rec(i, i % 3 == 0, "r") for i in range(38)]  # two unpaired
    rl.append(rec(5, True, "dup"))                      # a repeated key
    for name, lines in (("base", base), ("rl", rl)):
        with open(path(f"{name}.jsonl"), "w") as f:
            f.write("\n".join(lines) + "\n")
        run(["audit", "--out", path(f"{name}.res.jsonl"),
             path(f"{name}.jsonl")])
    rc, out, err = run(["report", "--pair-by", "meta.problem",
                        path("base.res.jsonl"), path("rl.res.jsonl"), "-o",
                        path("paired.html")])
    page = open(path("paired.html"), encoding="utf-8").read() \
        if rc == 0 else ""
    rows = dict(re.findall(r"<tr><td>([A-Za-z, ]+)</td><td>(\d+)</td></tr>",
                           page))
    want = {"both right": 0, "base wrong, RL right": 0,
            "base right, RL wrong": 0, "both wrong": 0}
    for i in range(38):
        b, r = i % 2 == 0, i % 3 == 0
        want["both right" if b and r else "base wrong, RL right" if r
             else "base right, RL wrong" if b else "both wrong"] += 1
    check(rc == 0 and {k: int(v) for k, v in rows.items()} == want,
          f"--pair-by groups: {rows} want {want} ({rc} {err!r})")
    check("38 pairs" in page and "repeated keys, the first kept: 0 and 1"
          in page and "<script" not in page and
          "against the base column of its group" in page and
          "of the same group, with Holm's correction across the rows" in page,
          "--pair-by: pairs, unpaired and repeated keys not reported")
    check("Keys only in the base results (2): 38, 39" in page and
          "Keys repeated in the RL results (the first line kept) (1): 5"
          in page, "--pair-by: unpaired and repeated keys not listed")
    # --correct-by: the meta key says who is right, not the conclusion
    for name, flip in (("base", False), ("rl", True)):
        with open(path(f"{name}.jsonl")) as f:
            recs = [json.loads(x) for x in f if x.strip()]
        for r in recs:
            r["meta"]["correct"] = (r["meta"]["problem"] % 2 == 0) != flip
        with open(path(f"{name}.c.jsonl"), "w") as f:
            f.write("".join(json.dumps(r) + "\n" for r in recs))
        run(["audit", "--out", path(f"{name}.c.res.jsonl"),
             path(f"{name}.c.jsonl")])
    rc, out, err = run(["report", "--pair-by", "problem", "--correct-by",
                        "meta.correct", path("base.c.res.jsonl"),
                        path("rl.c.res.jsonl")])
    rows = dict(re.findall(r"<tr><td>([A-Za-z, ]+)</td><td>(\d+)</td></tr>",
                           out))
    check(rc == 0 and rows.get("base right, RL wrong") == "19" and
          rows.get("base wrong, RL right") == "19" and
          rows.get("both right") == "0",
          f"--correct-by: {rows} ({rc} {err!r})")
    rc, out, err = run(["report", "--pair-by", "problem",
                        path("base.res.jsonl")])
    check(rc == 2 and "two files of results" in err,
          f"--pair-by with one file: {rc} {err!r}")
    rc, out, err = run(["report", "--pair-by", "problem", path("all.json"),
                        path("base.res.jsonl")])
    check(rc == 2 and "not a file of result lines" in err,
          f"--pair-by with a summary: {rc} {err!r}")


def grouped(path):
    recs = []
    for i in range(30):
        meta = {"model": ["base", "rl", "rl-v2"][i % 3], "sample": i}
        if i == 29:
            meta = {"sample": i}  # no model: the "(none)" group
        steps = ["P(a)"] if i % 2 else ["Q(b)"]
        recs.append(json.dumps({"id": "g%d" % i, "premises": ["P(a)"],
                                "steps": steps, "meta": meta}))
    recs.append('{"id": "bad", "premises": 5, "meta": {"model": "rl"}}')
    with open(path("grouped.jsonl"), "w") as f:
        f.write("\n".join(recs) + "\n")
    rc, out, err = run(["audit", "--group-by", "meta.model", "--summary",
                        path("all.json"), path("grouped.jsonl")])
    with open(path("all.json")) as f:
        whole = json.load(f)
    groups = {g["value"]: g["summary"] for g in whole.get("groups", [])}
    check(whole.get("group_by") == "model" and
          sorted(groups) == ["(none)", "base", "rl", "rl-v2"],
          f"--group-by meta.model: groups {sorted(groups)} "
          f"by {whole.get('group_by')!r}")
    for key in ("records", "traces", "valid", "coherent", "input_errors",
                "steps"):
        check(sum(g[key] for g in groups.values()) == whole[key],
              f"groups' {key} add up to {whole[key]}: "
              f"{[g[key] for g in groups.values()]}")
    check(groups.get("rl", {}).get("input_errors") == 1 and
          groups.get("base", {}).get("traces") == 10,
          f"group counts: {groups}")
    # shards merge group by group into the whole
    for i in (0, 1):
        run(["audit", "--group-by", "model", "--shard", f"{i}/2",
             "--summary", path(f"shard{i}.json"), path("grouped.jsonl")])
    rc, out, err = run(["merge", path("shard0.json"), path("shard1.json")])
    merged = json.loads(out) if rc == 0 else {}

    def counts(s):
        return {g["value"]: (g["summary"]["traces"], g["summary"]["valid"],
                             g["summary"]["records"])
                for g in s.get("groups", [])}
    check(rc == 0 and counts(merged) == counts(whole) and
          merged.get("traces") == whole["traces"],
          f"merged shards: {counts(merged)} vs {counts(whole)} ({err})")
    run(["audit", "--summary", path("plain.json"), path("grouped.jsonl")])
    rc, out, err = run(["merge", path("all.json"), path("plain.json")])
    check(rc == 2 and "would not add up" in err,
          f"merging grouped and ungrouped summaries: {rc} {err!r}")
    # the examples behind the numbers: the first 5 per error type and per
    # quadrant in input order, whatever the jobs, and shards merge to them
    exs = whole.get("examples", {})
    und = exs.get("errors", {}).get("ungrounded_symbol", [])
    # the smallest ids, as strings: g10 comes before g2
    check([e.get("id") for e in und] == ["g0", "g10", "g12", "g14", "g16"] and
          all(e.get("label") == "s1" and e.get("text") == "Q(b)" and
              "does not follow" in e.get("message", "") for e in und),
          f"examples of ungrounded_symbol: {und}")
    quad = exs.get("quadrants", {})
    check([e.get("id") for e in quad.get("coherent_valid", [])] ==
          ["g1", "g11", "g13", "g15", "g17"],
          f"examples of coherent_valid: {quad.get('coherent_valid')}")
    check(merged.get("examples") == whole.get("examples"),
          "merged shards' examples differ from the whole run's")
    rc, out, err = run(["report", path("all.json"), "-o", path("g.html")])
    with open(path("g.html"), encoding="utf-8") as f:
        page = f.read()
    check(rc == 0 and all(f"model: {v}" in page
                          for v in ("base", "rl", "rl-v2", "(none)")),
          f"the report has a column per group: {rc} {err!r}")
    check("the 5 records with the smallest ids" in page and
          "g0" in page and "Q(b)" in page,
          "the report shows no examples")
    # --results: each example's id links to its trace's section
    run(["audit", "--out", path("grouped.res.jsonl"), path("grouped.jsonl")])
    rc, out, err = run(["report", path("all.json"), "--results",
                        path("grouped.res.jsonl")])
    import re
    links = set(re.findall(r'<a href="#(trace-\d+)">', out))
    anchors = set(re.findall(r'<h3 id="(trace-\d+)">', out))
    check(rc == 0 and links and links == anchors and
          '<section id="traces">' in out and "ungrounded_symbol" in out,
          f"--results: links {sorted(links)[:5]} anchors "
          f"{sorted(anchors)[:5]} ({rc} {err!r})")


if __name__ == "__main__":
    sys.exit(main())
