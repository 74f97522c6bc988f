#!/usr/bin/env python3
"""E's proofs of FOLIO problems, checked as TSTP derivations.

    python3 benchmarks/tstp/run.py [--no-readme] [--limit N]

1. Every FOLIO validation record is translated to TPTP as
   tests/folio_tptp.py does, twice: with its conclusion as the conjecture,
   and with the conclusion's negation (so that a False label has a proof
   too).
2. E (`eprover --auto --proof-object --cpu-limit=5`) runs on each; every
   proof it finds (SZS status Theorem) is kept.
3. `folcheck check --format json` checks every proof: each must be valid,
   every inference verified.
4. Mutations: in every proof, every inferred formula but `$false` is
   negated, one at a time (a `cnf` clause becomes the `fof` negation of
   its universal closure).  The changed inference must be the first that
   fails.  One that does not fail is explained only when its parents are
   inconsistent (then every formula follows from them, the negation too):
   E is asked to refute the parents on their own.
5. The numbers replace the text between `<!-- tstp:begin -->` and
   `<!-- tstp:end -->` in benchmarks/README.md.

The binary is $FOLCHECK, or build/folcheck in the repo.  Standard library
only.  Exit status 0 when every check held, 1 otherwise.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
import folio_tptp  # noqa: E402
import machine  # noqa: E402
import tstp_test  # noqa: E402

WORK = os.path.join(ROOT, "benchmarks", "work", "tstp")
BEGIN, END = "<!-- tstp:begin -->", "<!-- tstp:end -->"
FOLCHECK = os.environ.get("FOLCHECK") or os.path.join(ROOT, "build",
                                                      "folcheck")
DATA = os.environ.get("FOLCHECK_DATA") or os.path.join(ROOT, "tests", "data")
E_LIMIT = 5


def eprover(path, limit=E_LIMIT):
    """(SZS status, the derivation's lines, seconds)."""
    t0 = time.time()
    p = subprocess.run(["eprover", "--auto", "--proof-object",
                        "--cpu-limit=%d" % limit, "-s", path],
                       capture_output=True, text=True, timeout=limit * 6)
    m = re.search(r"# SZS status (\w+)", p.stdout)
    lines, inside = [], False
    for line in p.stdout.splitlines():
        if line.startswith("# SZS output start"):
            inside = True
        elif line.startswith("# SZS output end"):
            inside = False
        elif inside and not line.startswith("#"):
            lines.append(line)
    return (m.group(1) if m else "none"), lines, time.time() - t0


def problems(limit):
    path = os.path.join(DATA, "folio", "folio-validation.jsonl")
    out = []
    with open(path, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    for n, rec in enumerate(recs):
        if not isinstance(rec.get("premises-FOL"), list) or \
                not rec.get("conclusion-FOL"):
            continue
        try:
            text = folio_tptp.problem(rec)
        except folio_tptp.Unreadable:
            continue
        name = "validation-%04d" % (n + 1)
        out.append((name, text))
        neg = re.sub(r"fof\(conclusion, conjecture, (.*)\)\.\n$",
                     r"fof(conclusion, conjecture, ~(\1)).\n", text)
        out.append((name + "-neg", neg))
    return out[:limit] if limit else out


def check_files(paths):
    """folcheck's results for paths, in order, and the seconds taken."""
    t0 = time.time()
    p = subprocess.run([FOLCHECK, "check", "--format", "json"] + paths,
                       capture_output=True, text=True, timeout=3600)
    return [json.loads(line) for line in p.stdout.splitlines()
            if line.strip()], time.time() - t0


def parents_inconsistent(path, lines, name):
    """Does E refute the parents of record name on their own?"""
    recs = {r[0]: r for r in tstp_test.records("\n".join(lines))}
    rest = recs[name][4]
    leaves = sorted(set(re.findall(r"\b\w+\b", rest)) & set(recs))
    out = []
    for leaf in leaves:
        _, kind, role, formula, _, _ = recs[leaf]
        if role == "conjecture":  # only assume_negation cites it
            out.append("fof(%s, axiom, ~(%s))." % (leaf, formula))
        else:
            out.append("%s(%s, axiom, %s)." % (kind, leaf, formula))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    status, _, _ = eprover(path)
    return status == "Unsatisfiable"


def mutants(lines):
    """(record name, the derivation with its formula negated)."""
    recs = tstp_test.records("\n".join(lines))
    for name, kind, role, formula, rest, i in recs:
        if not rest.startswith(", inference(") or \
                formula.strip() in ("$false", "($false)"):
            continue
        k, f = tstp_test.negated(kind, formula)
        m = list(lines)
        m[i] = "%s(%s, %s, %s%s" % (k, name, role, f, rest)
        yield name, m


def chain(n, path):
    """A refutation of n modus-ponens inferences over n axioms."""
    lines = ["fof(a0, axiom, p0(c))."]
    for i in range(1, n + 1):
        lines.append("fof(r%d, axiom, ![X]: (p%d(X) => p%d(X)))." %
                     (i, i - 1, i))
    prev = "a0"
    for i in range(1, n + 1):
        lines.append("cnf(s%d, plain, p%d(c), inference(mp, [status(thm)], "
                     "[%s, r%d]))." % (i, i, prev, i))
        prev = "s%d" % i
    lines.append("fof(g, axiom, ~p%d(c))." % n)
    lines.append("cnf(f, plain, $false, inference(sr, [status(thm)], "
                 "[%s, g]))." % prev)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def scaling(failures):
    """Seconds to check chains of 1,000 and 4,000 inferences (median of
    3): an inference costs what its parents cost, so 4x the length should
    cost about 4x, not 16x."""
    out = {}
    for n in (1000, 4000):
        path = os.path.join(WORK, "chain-%d.tstp" % n)
        chain(n, path)
        times = []
        for _ in range(3):
            t0 = time.time()
            r, _ = check_files([path])
            times.append(time.time() - t0)
            if not r or not r[0]["valid"]:
                failures.append("chain of %d: not valid" % n)
        out[n] = statistics.median(times)
    return out


def main(argv):
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 0
    os.makedirs(WORK, exist_ok=True)
    started = time.time()
    load = [machine.loadavg()]
    failures = []
    # 1-2: problems and E's proofs
    probs = problems(limit)
    proofs, e_times, statuses = [], [], {}
    for name, text in probs:
        path = os.path.join(WORK, name + ".p")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        status, lines, secs = eprover(path)
        statuses[status] = statuses.get(status, 0) + 1
        if status == "Theorem" and lines:
            out = os.path.join(WORK, name + ".tstp")
            with open(out, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            proofs.append((out, lines))
            e_times.append(secs)
    load.append(machine.loadavg())
    # 3: every proof valid
    results, check_secs = check_files([p for p, _ in proofs])
    inferences = verified = valid = 0
    per_proof = []
    rules = {}
    for (path, lines), r in zip(proofs, results):
        inferences += r["derivation"]["inferences"]
        verified += r["derivation"]["verified"]
        valid += r["valid"]
        per_proof.append(r["stats"]["total_us"] / 1000.0)
        for s in r["steps"]:
            inf = s.get("inference") or {}
            key = "%s (%s)" % (inf.get("rule"), inf.get("status"))
            rules[key] = rules.get(key, 0) + 1
        if not r["valid"]:
            bad = [(s["label"], s["error"]["message"]) for s in r["steps"]
                   if s["error"]]
            failures.append("%s: not valid: %s" % (os.path.basename(path),
                                                   bad[:3]))
    if len(results) != len(proofs):
        failures.append("%d results for %d proofs" % (len(results),
                                                      len(proofs)))
    load.append(machine.loadavg())
    # 4: mutations
    mutated = first = 0
    unflagged, explained = [], 0
    mut_secs = 0.0
    for path, lines in proofs:
        batch = []
        for name, m in mutants(lines):
            mp = "%s.mut-%s.tstp" % (path[:-5], name)
            with open(mp, "w", encoding="utf-8") as f:
                f.write("\n".join(m) + "\n")
            batch.append((name, mp))
        got, secs = check_files([mp for _, mp in batch])
        mut_secs += secs
        for (name, mp), r in zip(batch, got):
            mutated += 1
            failed = [s["label"] for s in r["steps"] if s["error"]]
            if failed[:1] == [name] and not r["valid"]:
                first += 1
                os.unlink(mp)
                continue
            why = os.path.join(WORK, "parents.p")
            inconsistent = parents_inconsistent(why, lines, name)
            explained += inconsistent
            unflagged.append((os.path.basename(mp), inconsistent,
                              r["valid"]))
            if not inconsistent:
                failures.append("%s: the changed inference %s is not the "
                                "first to fail (%s)" % (
                                    os.path.basename(mp), name, failed[:3]))
            else:
                os.unlink(mp)
    load.append(machine.loadavg())
    scale = scaling(failures)
    total = time.time() - started
    # 5: the table
    med = statistics.median(per_proof) if per_proof else 0
    rows = [
        ("FOLIO validation problems (conclusion, and its negation)",
         "%d" % len(probs)),
        ("E's answers", ", ".join("%s %d" % kv for kv in
                                  sorted(statuses.items()))),
        ("proofs found in %d s (SZS Theorem)" % E_LIMIT, "%d" % len(proofs)),
        ("inferences in them", "%d" % inferences),
        ("inferences verified", "%d (%s)" % (
            verified, "all" if verified == inferences else "NOT all")),
        ("proofs valid", "%d of %d" % (valid, len(proofs))),
        ("folcheck, all proofs in one process", "%.2f s (median %.1f ms "
         "per proof, max %.1f ms)" % (check_secs, med,
                                       max(per_proof or [0]))),
        ("E, finding the proofs (median per proof)", "%.0f ms" % (
            1000 * statistics.median(e_times) if e_times else 0)),
        ("mutations (every inferred formula but $false, negated)",
         "%d" % mutated),
        ("changed inference is the first to fail", "%d" % first),
        ("not flagged, parents inconsistent (E refutes them)",
         "%d" % explained),
        ("not flagged, unexplained", "%d" % (len(unflagged) - explained)),
        ("folcheck, all mutants", "%.1f s" % mut_secs),
        ("a chain of 1,000 inferences over 1,000 axioms (median of 3)",
         "%.2f s" % scale[1000]),
        ("a chain of 4,000 inferences over 4,000 axioms (median of 3)",
         "%.2f s (%.1fx the 1,000 chain)" % (scale[4000],
                                             scale[4000] / scale[1000])),
    ]
    by_rule = sorted(rules.items(), key=lambda kv: -kv[1])
    L = [BEGIN, "",
         "Command: `python3 benchmarks/tstp/run.py` (binary %s, %s). Run %s,"
         " %.0f s." % (os.path.relpath(FOLCHECK, ROOT), subprocess.run(
             ["eprover", "--version"], capture_output=True,
             text=True).stdout.strip(),
             time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), total),
         "",
         "Machine: %d CPUs, %s; load average %.1f-%.1f." % (
             os.cpu_count(), machine.cpu_model(), min(load), max(load)),
         "", "| measurement | value |", "|---|---|"]
    L += ["| %s | %s |" % row for row in rows]
    L += ["", "Inferences by rule (status): " + ", ".join(
        "%s %d" % kv for kv in by_rule) + "."]
    if unflagged:
        L += ["", "Mutations not flagged:"]
        for name, inc, v in unflagged:
            L.append("- `%s`: %s" % (name, "the parents are inconsistent "
                                     "(E refutes them), so any formula "
                                     "follows from them" if inc else
                                     "UNEXPLAINED"))
    L += ["", END]
    return machine.finish("\n".join(L), failures, argv,
                          os.path.join(ROOT, "benchmarks", "README.md"),
                          BEGIN, END, "TSTP derivations (E's proofs of FOLIO)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
