#!/usr/bin/env python3
"""Grouped and paired reports of real model outputs.

    python3 benchmarks/reports/run.py [--no-readme] [--no-png]

1. cotlog (Claude on FOLIO, six runs) and LeanReasoner (Lean proofs of
   FOLIO problems, with whether the model's answer was right) are imported
   with benchmarks/corpora's importers and audited once each, grouped:
   cotlog by `run`, LeanReasoner by `correct` (`audit --group-by`);
   `folcheck report` of the two grouped summaries shows a column per
   group (docs/report-grouped.png).
2. The two cotlog runs that solved the same ten problems are paired by
   problem (`report --pair-by index --correct-by meta.correct`, correct
   meaning the model's answer is FOLIO's gold label): the four groups of
   who is right (docs/report-paired.png).
3. The numbers behind the pictures replace the text between
   `<!-- reports:begin -->` and `<!-- reports:end -->` in
   benchmarks/README.md.

The binary is $FOLCHECK, or build/folcheck in the repo; Chromium
(/usr/bin/chromium) takes the screenshots.  Standard library only.  Exit
status 0 when everything ran, 1 otherwise.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import machine  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "benchmarks", "work", "reports")
DOCS = os.path.join(ROOT, "docs")
BEGIN, END = "<!-- reports:begin -->", "<!-- reports:end -->"
CHROMIUM = "/usr/bin/chromium"


def sh(args, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit("%s: exit %d\n%s" % (" ".join(args[:3]), p.returncode,
                                      p.stderr[-2000:]))
    return p


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def screenshot(html, png, height):
    with tempfile.TemporaryDirectory() as prof:
        sh([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--user-data-dir=" + prof,
            "--screenshot=" + png, "--window-size=1280,%d" % height,
            "file://" + html], timeout=120)


def main(argv):
    binary = os.environ.get("FOLCHECK") or os.path.join(ROOT, "build",
                                                        "folcheck")
    os.makedirs(WORK, exist_ok=True)
    t0 = time.monotonic()
    inputs = {}
    for name, script in (("cotlog", "cotlog.py"),
                         ("leanreasoner", "leanreasoner.py")):
        path = os.path.join(WORK, name + ".jsonl")
        sh([sys.executable, os.path.join(ROOT, "benchmarks", "corpora",
                                         script), "--out", path, "--stats",
            os.path.join(WORK, name + ".import.json")])
        inputs[name] = path
    summaries = {}
    for name, key in (("cotlog", "run"), ("leanreasoner", "correct")):
        summ = os.path.join(WORK, name + ".summary.json")
        out = os.path.join(WORK, name + ".out.jsonl")
        sh([binary, "audit", inputs[name], "--group-by", key, "--summary",
            summ, "--out", out], timeout=1800)
        summaries[name] = (summ, out, key)
    grouped = os.path.join(WORK, "grouped.html")
    sh([binary, "report", summaries["cotlog"][0],
        summaries["leanreasoner"][0], "-o", grouped])

    # two cotlog runs over the same problems, paired by problem
    results = [json.loads(l) for l in open(summaries["cotlog"][1])]
    by_run = {}
    for r in results:
        by_run.setdefault(r["meta"]["run"], []).append(r)
    ten = sorted(run for run, rs in by_run.items() if len(rs) == 10)
    base_run, rl_run = ten[0], ten[1]
    files = []
    for run in (base_run, rl_run):
        p = os.path.join(WORK, "cotlog-%s.res.jsonl" % run)
        with open(p, "w") as f:
            for r in by_run[run]:
                # right: the model's answer is FOLIO's gold label
                m = r["meta"]
                m["correct"] = m.get("llm_answer") is not None and \
                    str(m.get("llm_answer")) == str(m.get("gold_label"))
                f.write(json.dumps(r) + "\n")
        files.append(p)
    paired = os.path.join(WORK, "paired.html")
    sh([binary, "report", "--pair-by", "index", "--correct-by",
        "meta.correct"] + files + ["-o", paired])
    wall = time.monotonic() - t0

    if "--no-png" not in argv and os.path.exists(CHROMIUM):
        os.makedirs(DOCS, exist_ok=True)
        screenshot(grouped, os.path.join(DOCS, "report-grouped.png"), 2000)
        screenshot(paired, os.path.join(DOCS, "report-paired.png"), 1500)

    # the numbers
    L = [BEGIN, "",
         "`python3 benchmarks/reports/run.py` (%.0f s on this machine): "
         "real corpora audited once, grouped, and two runs paired." % wall,
         "", "| corpus, grouped by | group | traces | coherent | valid | "
         "coherent but invalid |", "|---|---|---|---|---|---|"]
    for name in ("cotlog", "leanreasoner"):
        summ, _, key = summaries[name]
        s = json.load(open(summ))
        for g in s.get("groups", []):
            t = g["summary"]
            q = t["quadrant"]["coherent_invalid"]
            L.append("| %s, `%s` | %s | %d | %s | %s | %s |" % (
                name, key, g["value"], t["traces"],
                pct(t["coherent"], t["traces"]), pct(t["valid"], t["traces"]),
                pct(q, t["traces"])))
    page = open(paired, encoding="utf-8").read()
    rows = re.findall(r"<tr><td>([A-Za-z, ]+)</td><td>(\d+)</td></tr>", page)
    L += ["", "Paired by problem (`report --pair-by index --correct-by "
          "meta.correct`, where correct means the model's answer is FOLIO's "
          "gold label): cotlog run `%s` as base, `%s` as the other:"
          % (base_run, rl_run), "",
          "| group | pairs |", "|---|---|"]
    L += ["| %s | %s |" % (g, n) for g, n in rows]
    L += ["", "![Grouped report](../docs/report-grouped.png)", "",
          "![Paired report](../docs/report-paired.png)", "", END]
    block = "\n".join(L)
    print(block)
    if "--no-readme" not in argv:
        machine.replace_block(os.path.join(ROOT, "benchmarks", "README.md"),
                              BEGIN, END, block,
                              "Grouped and paired reports")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
