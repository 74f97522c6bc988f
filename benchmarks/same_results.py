#!/usr/bin/env python3
"""Same results before and after a change: runs two folcheck binaries on
every corpus the benchmarks and corpus tests use, and compares their
results field by field.

    python3 benchmarks/same_results.py --ref OLD/folcheck --new NEW/folcheck
        [--quick] [--corpus NAME ...] [--ignore-field PATH ...]
        [--jobs N] [--work DIR] [--show N] [--list]

Typical use: build the commit before a change and the one after, e.g.
`git worktree add /tmp/ref REV && meson setup /tmp/ref/build /tmp/ref
-Dtests=false && meson compile -C /tmp/ref/build`, then pass both binaries.

What is compared: every field of every result (`audit` output lines and
`check --format json` lines): verdicts, validity, coherence, premise
consistency, each step's local and global status, reasons, supports,
errors (category, type, message and details such as symbols, from,
expected, stated), countermodels under --explain, the conclusion's status,
reached and support, unused premises, the trace-level errors, input errors
of unreadable records, and stats.queries; also each audit's --summary
(every count), each run's exit status, and `check`'s stderr (the
diagnostics of unreadable inputs).  Removed before comparing: the timing
fields stats.solver_us and stats.total_us of a result, the summary's
`timing` object and its runs[].date.  `--ignore-field PATH` removes more:
a dotted path from a result's root (list indices left out:
`steps.support`, `stats.queries`), or a bare key name, which is removed
wherever it occurs (`queries`).  `queries` is compared by default: a pure
restructuring makes the same queries.

Records are paired by position (both audits write results in input
order; a different count is itself a difference) and named by their id,
or file and line.

The corpora (built from ../shared/data, read-only, and generators seeded as
the benchmarks seed them; the generated inputs and both binaries' outputs go
to --work, default benchmarks/work/same-results/, which git ignores).  The
builders are the benchmarks' own modules, imported:

  audit      benchmarks/audit/gen.py, seed 1, 100,000 records (the audit
             benchmark's memory run; its 10,000-record file is the first
             10,000 of these).  `--quick` keeps the first 10,000.
  pq-inject, folio-validation, gsm-4, gsm-16, gsm-64, gsm-256
             benchmarks/perf/corpora.py (ProntoQA with injections, seed 7;
             FOLIO validation as shared; synthetic chains)
  one-step   perf/run.py's start-up trace, `folcheck check`
  cotlog, leanreasoner, faithful-cot
             benchmarks/corpora/{cotlog,leanreasoner,faithful_cot}.py
  cotlog-probes
             the E-prover comparison's re-check traces
             (corpora/cotlog_agree.py builds them from the reference
             binary's cotlog results)
  inject     benchmarks/inject/run.py's generate() with its defaults
             (seed 1, 500 ProntoQA, 250 GSM chains per injection)
  folio-train
             FOLIO train as shared (premises only: consistency, readability;
             earlier result checks used it)
  fixtures:* tests/fixtures/history-*.jsonl with the options audit_tests.py
             gives them
  traces, traces-unknown, examples, golden
             `folcheck check --format json` on tests/traces/**/*.fol,
             tests/traces-unknown/*.fol, examples/*, tests/golden/*

Options.  Each corpus runs with the options its benchmark or test uses
(`audit` with `--jobs 1`, see Jobs).  The one thing changed is the
wall-clock limit: an answer decided by the per-query `--timeout` (default
10 s) depends on the machine's load, so such a corpus runs under Z3's
deterministic resource limit, `--rlimit N`, with `--timeout 600000` only as
a safety net.  With the reference binary (268fd07) no query of any corpus
ran out of time (no reason "timeout after ... (--timeout)"; the unknowns
in the table are Z3's own "incomplete (theory arithmetic)"), and only one
corpus came near the limit, so:

  corpus                      options
  traces-unknown              --rlimit 1 --timeout 600000 (meson's --rlimit 1)
  fixtures:history-rlimit     --rlimit 2000 (as audit_tests.py)
  fixtures:history-rlimit-pair  --rlimit 300 (as audit_tests.py)
  fixtures:history-explain    --explain (as audit_tests.py)
  fixtures:history-arith      --rlimit 5000000 --timeout 600000 (audit_tests
                              uses --timeout 2000; results are the same
                              under both and under the default)
  cotlog-explain, folio-validation-explain, gsm-4-explain
                              --explain (countermodels are results too)
  traces-explain              --explain --rlimit 1000000 --timeout 600000:
                              under --explain, tests/traces/regressions/
                              07-premises-with-a-small-model.fol takes 6 s
                              alone and 16 s on a busy machine, over 4
                              queries; with this limit it takes 0.6 s and
                              every result equals the unlimited run's but
                              stats.queries of two traces (3 vs 4, and
                              05-nonlinear-premises-terminate.fol)
  everything else             none (window 1, 10 s timeout); the slowest
                              trace took 2.6 s (gsm-256, about 1,000
                              queries), and the table prints each corpus'
                              slowest trace

A corpus where either binary did run into the timeout is flagged TIMEOUT in
the table, and one whose slowest trace took 5 s or more gets a warning:
there a difference may be the machine's, and the corpus wants --rlimit.

Jobs.  By default the two binaries run side by side, each `audit --jobs 1`:
both cores are busy, and each binary checks the records in input order on
one worker, so every record meets the same solver history in both runs.
`--jobs N` gives each audit N workers instead, and the binaries run one
after the other.  Results are written in input order either way, but which
worker (and so which shared solver) checks a record changes from run to
run, and with it stats.queries: the same binary under --jobs 2 gave
different query counts on a few records of leanreasoner, cotlog and the
audit corpus from one run to the next (every other field the same).
`--jobs N` above 1 therefore also ignores `queries`.

Cost: the 100,000 audit records are nearly all of it, about 17 CPU minutes
for both binaries together (--quick, 10,000 records: about 3).  On the
2-core machine that makes about 9 minutes when it is otherwise idle; it
took 13 minutes at a load average of 3-5 from other work, 21 at 7.

Exit status: 0 when every corpus gave identical results, 1 when something
differs (or a run failed, crashed or hung), 2 when it could not run.
"""

import argparse
import contextlib
import importlib.util
import io
import itertools
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_WORK = os.path.join(HERE, "work", "same-results")
DATA = os.environ.get("FOLCHECK_DATA",
                      os.path.join(ROOT, "..", "shared", "data"))

for d in ("audit", "corpora", "perf", "inject"):
    sys.path.insert(0, os.path.join(HERE, d))

AUDIT_FULL = 100_000
AUDIT_QUICK = 10_000
FIELDS_SHOWN = 3            # differing fields shown per record
NEAR_LIMIT_MS = 5000        # a trace this slow may hold a query near 10 s
RUN_LIMIT_S = 3600          # a run still going after this is a hang
SAFETY_TIMEOUT = ["--timeout", "600000"]

DEFAULT_IGNORED = ["stats.solver_us", "stats.total_us", "timing",
                   "runs.date"]


def log(msg):
    print("same_results: " + msg, file=sys.stderr, flush=True)


def load_module(name, path):
    """A benchmark script imported by its path (several are called run.py)."""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def quiet(fn, *args, **kw):
    """Calls an importer's main(), keeping its stderr report for errors."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(io.StringIO()):
        rc = fn(*args, **kw)
    if rc not in (0, None):
        raise RuntimeError("%s returned %r: %s" % (fn.__module__, rc,
                                                   err.getvalue()[-500:]))


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# --- corpora ------------------------------------------------------------------

class Corpus:
    def __init__(self, name, kind, inputs, opts=(), note=""):
        self.name = name
        self.kind = kind            # "audit" (one JSONL file) or "check"
        self.inputs = list(inputs)  # paths relative to ROOT where possible
        self.opts = list(opts)
        self.note = note
        self.after = None           # built after the reference run

    def argv(self, binary, out, summary, jobs):
        if self.kind == "audit":
            return [binary, "audit", self.inputs[0], "--jobs", str(jobs),
                    "--out", out, "--summary", summary] + self.opts
        return [binary, "check", "--format", "json", "--no-color"] + \
            self.opts + self.inputs


def rel(path):
    p = os.path.relpath(path, ROOT)
    return path if p.startswith("..") else p


def files_under(folder, exts):
    out = []
    for base, dirs, files in os.walk(os.path.join(ROOT, folder)):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(exts):
                out.append(rel(os.path.join(base, f)))
    return sorted(out)


def build_corpora(work, quick):
    """Every corpus as (name, Corpus); generated inputs go under work/in."""
    import gen                      # benchmarks/audit/gen.py
    import cotlog
    import faithful_cot
    import leanreasoner
    perf_run = load_module("perf_run", os.path.join(HERE, "perf", "run.py"))
    perf_corpora = perf_run.corpora  # benchmarks/perf/corpora.py
    inject_run = load_module("inject_run",
                             os.path.join(HERE, "inject", "run.py"))

    inp = os.path.join(work, "in")
    os.makedirs(inp, exist_ok=True)
    out = []

    n = AUDIT_QUICK if quick else AUDIT_FULL
    path = os.path.join(inp, "audit-%d.jsonl" % n)
    log("building audit (%d records)" % n)
    gen.write(path, n, seed=1)
    out.append(Corpus("audit", "audit", [rel(path)],
                      note="audit/gen.py seed 1, %d" % n))

    log("building perf corpora")
    perf = perf_corpora.build(os.path.join(inp, "perf"))
    for name in ("prontoqa", "folio", "gsm-4", "gsm-16", "gsm-64",
                 "gsm-256"):
        label = {"prontoqa": "pq-inject",
                 "folio": "folio-validation"}.get(name, name)
        out.append(Corpus(label, "audit", [rel(perf[name]["path"])],
                          note="perf/corpora.py"))
    one = os.path.join(inp, "one-step.fol")
    with open(one, "w", encoding="utf-8") as f:
        f.write(perf_run.ONE_STEP)
    out.append(Corpus("one-step", "check", [rel(one)],
                      note="perf/run.py start-up trace"))

    log("building cotlog, leanreasoner, faithful-cot")
    for name, mod in (("cotlog", cotlog), ("leanreasoner", leanreasoner),
                      ("faithful-cot", faithful_cot)):
        p = os.path.join(inp, name + ".jsonl")
        quiet(mod.main, ["--out", p, "--stats", p + ".import.json"])
        out.append(Corpus(name, "audit", [rel(p)],
                          note="corpora/%s.py" % mod.__name__))

    # built from the reference binary's cotlog results (see run_all)
    probes = Corpus("cotlog-probes", "audit",
                    [rel(os.path.join(inp, "cotlog.agree-probes.jsonl"))],
                    note="corpora/cotlog_agree.py re-checks")
    probes.after = "cotlog"
    out.append(probes)

    log("building inject")
    traces, _ = inject_run.generate(1, 500, 250)
    p = os.path.join(inp, "inject.jsonl")
    write_jsonl(p, traces)
    out.append(Corpus("inject", "audit", [rel(p)],
                      note="inject/run.py generate(seed 1, 500, 250)"))

    train = os.path.join(DATA, "folio", "folio-train.jsonl")
    out.append(Corpus("folio-train", "audit", [train],
                      note="shared/data/folio"))

    fx = os.path.join(ROOT, "tests", "fixtures")
    for name, opts in (
            ("history-arith", ["--rlimit", "5000000"] + SAFETY_TIMEOUT),
            ("history-rlimit", ["--rlimit", "2000"]),
            ("history-rlimit-pair", ["--rlimit", "300"]),
            ("history-explain", ["--explain"])):
        out.append(Corpus("fixtures:" + name, "audit",
                          [rel(os.path.join(fx, name + ".jsonl"))], opts,
                          note="tests/fixtures"))

    out.append(Corpus("traces", "check", files_under("tests/traces",
                                                     (".fol", ".jsonl")),
                      note="tests/traces"))
    out.append(Corpus("traces-unknown", "check",
                      files_under("tests/traces-unknown", (".fol",
                                                           ".jsonl")),
                      ["--rlimit", "1"] + SAFETY_TIMEOUT,
                      note="tests/traces-unknown"))
    out.append(Corpus("examples", "check",
                      files_under("examples", (".fol", ".jsonl")),
                      note="examples/"))
    out.append(Corpus("golden", "check",
                      files_under("tests/golden", (".fol", ".jsonl")),
                      note="tests/golden"))

    # countermodels
    by = {c.name: c for c in out}
    for name, extra in (("cotlog", []), ("folio-validation", []),
                        ("gsm-4", []),
                        ("traces", ["--rlimit", "1000000"] +
                         SAFETY_TIMEOUT)):
        c = by[name]
        out.append(Corpus(name + "-explain", c.kind, c.inputs,
                          c.opts + ["--explain"] + extra, note=c.note))
    return out


# --- running ------------------------------------------------------------------

class Run:
    """One binary on one corpus."""

    def __init__(self, corpus, binary, tag, outdir, jobs):
        self.corpus = corpus
        safe = corpus.name.replace(":", "_")
        self.out = os.path.join(outdir, "%s.%s.jsonl" % (safe, tag))
        self.summary = os.path.join(outdir, "%s.%s.summary.json" % (safe,
                                                                      tag))
        self.argv = corpus.argv(binary, self.out, self.summary, jobs)
        self.proc = None
        self.rc = None
        self.stderr = ""
        self.wall = 0.0
        self.hung = False

    def start(self):
        for p in (self.out, self.summary):
            if os.path.exists(p):
                os.remove(p)
        self.t0 = time.monotonic()
        self.errf = open(self.out + ".stderr", "w+b")
        stdout = subprocess.DEVNULL
        if self.corpus.kind == "check":
            self.outf = open(self.out, "wb")
            stdout = self.outf
        self.proc = subprocess.Popen(self.argv, cwd=ROOT,
                                     stdin=subprocess.DEVNULL,
                                     stdout=stdout, stderr=self.errf)

    def wait(self):
        try:
            self.rc = self.proc.wait(timeout=max(
                1, RUN_LIMIT_S - (time.monotonic() - self.t0)))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self.hung = True
        self.wall = time.monotonic() - self.t0
        if self.corpus.kind == "check":
            self.outf.close()
        self.errf.seek(0)
        self.stderr = self.errf.read().decode("utf-8", "replace")
        self.errf.close()

    def results(self):
        recs = []
        if os.path.exists(self.out):
            with open(self.out, encoding="utf-8") as f:
                for ln in f:
                    if ln.strip():
                        recs.append(json.loads(ln))
        summ = None
        if self.corpus.kind == "audit" and os.path.exists(self.summary):
            with open(self.summary, encoding="utf-8") as f:
                summ = json.load(f)
        return recs, summ


def build_probes(probes, cotlog_corpus, cotlog_ref, ref, work, outdir):
    """The E-prover comparison's re-check traces: cotlog_agree.analyse()
    writes them next to the inputs (and checks them with the reference
    binary, which is the price of reusing it), from the reference binary's
    cotlog results."""
    import cotlog_agree
    if cotlog_ref is None:          # cotlog itself was not selected
        cotlog_ref = Run(cotlog_corpus, ref, "ref", outdir, 1)
        cotlog_ref.start()
        cotlog_ref.wait()
    results, _ = cotlog_ref.results()
    with open(os.path.join(ROOT, cotlog_corpus.inputs[0]),
              encoding="utf-8") as f:
        imported = [json.loads(ln) for ln in f if ln.strip()]
    path = os.path.join(ROOT, probes.inputs[0])
    if os.path.exists(path):
        os.remove(path)
    with contextlib.redirect_stdout(io.StringIO()):
        cotlog_agree.analyse(imported, results, ref, os.path.dirname(path))
    if not os.path.exists(path):    # no disagreement to re-check
        open(path, "w").close()


def run_pair(corpus, ref, new, outdir, jobs):
    a = Run(corpus, ref, "ref", outdir, jobs)
    b = Run(corpus, new, "new", outdir, jobs)
    if jobs == 1:
        a.start()
        b.start()
        a.wait()
        b.wait()
    else:
        a.start()
        a.wait()
        b.start()
        b.wait()
    return a, b


# --- comparing ----------------------------------------------------------------

class Ignore:
    def __init__(self, patterns):
        self.paths = {p for p in patterns if "." in p}
        self.names = {p for p in patterns if "." not in p}

    def strip(self, v, path=()):
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                p = path + (k,)
                if k in self.names or ".".join(p) in self.paths:
                    continue
                out[k] = self.strip(x, p)
            return out
        if isinstance(v, list):
            return [self.strip(x, path) for x in v]
        return v


def diffs(a, b, path=""):
    """(path, ref value, new value) for every place a and b differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in list(a) + [k for k in b if k not in a]:
            p = "%s.%s" % (path, k) if path else k
            if k not in a:
                out.append((p, "(absent)", b[k]))
            elif k not in b:
                out.append((p, a[k], "(absent)"))
            else:
                out.extend(diffs(a[k], b[k], p))
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        for i in range(max(len(a), len(b))):
            p = "%s[%d]" % (path, i)
            if i >= len(a):
                out.append((p, "(absent)", b[i]))
            elif i >= len(b):
                out.append((p, a[i], "(absent)"))
            else:
                out.extend(diffs(a[i], b[i], p))
        return out
    if type(a) is not type(b) or a != b:
        return [(path or "(record)", a, b)]
    return []


def record_name(r, i):
    if not isinstance(r, dict):
        return "#%d" % (i + 1)
    if r.get("id") is not None:
        return str(r["id"])
    if r.get("file"):
        return r["file"] + (":%s" % r["line"] if r.get("line") else "")
    return "#%d" % (i + 1)


def timed_out(records):
    """Results where a query ran into the wall-clock limit."""
    return sum(1 for r in records if "(--timeout)" in json.dumps(r))


def unknowns(records):
    return sum(1 for r in records if isinstance(r, dict) and
               r.get("verdict") == "unknown")


def slowest_ms(records):
    t = [r.get("stats", {}).get("total_us", 0) for r in records
         if isinstance(r, dict)]
    return max(t) / 1000.0 if t else 0.0


def compare(a, b, ignore):
    """The comparison of one corpus' two runs."""
    ra, sa = a.results()
    rb, sb = b.results()
    res = {"name": a.corpus.name, "records": len(ra), "records_new": len(rb),
           "identical": 0, "different": 0, "diffs": [], "other": [],
           "wall": (a.wall, b.wall), "unknown": unknowns(ra),
           "timeouts": (timed_out(ra), timed_out(rb)),
           "slowest_ms": max(slowest_ms(ra), slowest_ms(rb))}
    for tag, r in (("ref", a), ("new", b)):
        if r.hung:
            res["other"].append("%s hung (> %d s)" % (tag, RUN_LIMIT_S))
        elif r.rc is not None and r.rc < 0:
            res["other"].append("%s died of signal %d" % (tag, -r.rc))
        elif a.corpus.kind == "audit" and r.rc != 0:
            res["other"].append("%s audit exited %d: %s"
                                % (tag, r.rc, r.stderr.strip()[-200:]))
    if a.rc != b.rc:
        res["other"].append("exit status %s vs %s" % (a.rc, b.rc))
    if a.corpus.kind == "check" and a.stderr != b.stderr:
        for i, (x, y) in enumerate(itertools.zip_longest(
                a.stderr.splitlines(), b.stderr.splitlines())):
            if x != y:
                res["other"].append("stderr differs at line %d: %r vs %r"
                                    % (i + 1, x, y))
                break
    if len(ra) != len(rb):
        res["other"].append("%d results vs %d" % (len(ra), len(rb)))
    for i in range(max(len(ra), len(rb))):
        x = ignore.strip(ra[i]) if i < len(ra) else "(no result)"
        y = ignore.strip(rb[i]) if i < len(rb) else "(no result)"
        d = diffs(x, y)
        if d:
            res["different"] += 1
            name = record_name(ra[i] if i < len(ra) else rb[i], i)
            res["diffs"].extend((name, p, u, v) for p, u, v in d)
        else:
            res["identical"] += 1
    if a.corpus.kind == "audit":
        if sa is None or sb is None:
            if sa is not sb:
                res["other"].append("summary missing (%s)"
                                    % ("ref" if sa is None else "new"))
        else:
            d = diffs(ignore.strip(sa), ignore.strip(sb))
            if d:
                res["other"].append("summary differs")
                res["diffs"].extend(("(summary)", p, u, v) for p, u, v in d)
    return res


def short(v, n=70):
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else s[:n - 1] + "…"


# --- main ---------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(
        description=" ".join(__doc__.split("\n\n")[0].split()),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", help="folcheck binary before (required)")
    ap.add_argument("--new", help="folcheck binary after (required)")
    ap.add_argument("--quick", action="store_true",
                    help="audit corpus: the first %d of %d records"
                         % (AUDIT_QUICK, AUDIT_FULL))
    ap.add_argument("--corpus", action="append", default=[],
                    help="only this corpus (repeatable; see --list)")
    ap.add_argument("--ignore-field", action="append", default=[],
                    metavar="PATH", help="also remove this field "
                    "(dotted path from a result's root, or a key name)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="audit workers per binary (default 1: the two "
                         "binaries run side by side; above 1, stats.queries "
                         "is not compared)")
    ap.add_argument("--work", default=DEFAULT_WORK)
    ap.add_argument("--show", type=int, default=5,
                    help="differences shown per corpus (default 5)")
    ap.add_argument("--list", action="store_true",
                    help="list the corpora and exit")
    args = ap.parse_args(argv)
    if not args.list and not (args.ref and args.new):
        ap.error("--ref and --new are required")

    for b in (args.ref, args.new) if not args.list else ():
        if not os.access(b, os.X_OK):
            log("not an executable: %s" % b)
            return 2
    if args.list:
        for c in build_corpora(os.path.abspath(args.work), args.quick):
            print("%-28s %-5s %-44s %s" % (c.name, c.kind, " ".join(c.opts)
                                           or "-", c.note))
        return 0
    ref, new = os.path.abspath(args.ref), os.path.abspath(args.new)
    work = os.path.abspath(args.work)
    if not os.path.isdir(DATA):
        log("no shared data at %s (set FOLCHECK_DATA)" % DATA)
        return 2
    t0 = time.monotonic()
    corpora = build_corpora(work, args.quick)
    by_name = {c.name: c for c in corpora}
    if args.corpus:
        names = set(by_name)
        bad = [n for n in args.corpus if n not in names]
        if bad:
            log("no corpus %s (see --list)" % ", ".join(bad))
            return 2
        corpora = [c for c in corpora if c.name in args.corpus]
    outdir = os.path.join(work, "out")
    os.makedirs(outdir, exist_ok=True)
    if args.jobs > 1 and "queries" not in args.ignore_field:
        # which worker checks a record varies, and with it the queries
        args.ignore_field.append("queries")
    ignore = Ignore(DEFAULT_IGNORED + args.ignore_field)
    log("ref %s\nsame_results: new %s" % (ref, new))
    results = []
    done = {}
    for c in corpora:
        if c.after:
            build_probes(c, by_name[c.after], done.get(c.after), ref, work,
                         outdir)
        log("%s: %s" % (c.name, " ".join(
            [c.kind] + c.opts + ([c.inputs[0]] if c.kind == "audit" else
                                 ["(%d files)" % len(c.inputs)]))))
        a, b = run_pair(c, ref, new, outdir, args.jobs)
        done[c.name] = a
        r = compare(a, b, ignore)
        results.append((c, r))
        log("  %d records, %d different, %.0f s + %.0f s" % (
            r["records"], r["different"], r["wall"][0], r["wall"][1]))
    minutes = (time.monotonic() - t0) / 60
    return report(results, args, ref, new, minutes)


def report(results, args, ref, new, minutes):
    bad = False
    print("ref: %s\nnew: %s" % (ref, new))
    print("ignored fields: %s" % ", ".join(DEFAULT_IGNORED +
                                           args.ignore_field))
    print()
    head = ("corpus", "options", "records", "identical", "different",
            "run", "unknown", "slowest trace", "s ref/new")
    rows = []
    near = []
    for c, r in results:
        other = "; ".join(r["other"]) or "same"
        if r["different"] or r["other"]:
            bad = True
        flag = ""
        if any(r["timeouts"]):
            flag = " TIMEOUT (ref %d, new %d)" % r["timeouts"]
        rows.append((c.name, " ".join(c.opts) or "-",
                     str(r["records"]) if r["records"] == r["records_new"]
                     else "%d/%d" % (r["records"], r["records_new"]),
                     str(r["identical"]), str(r["different"]), other + flag,
                     str(r["unknown"]), "%.0f ms" % r["slowest_ms"],
                     "%.0f/%.0f" % r["wall"]))
        if r["slowest_ms"] >= NEAR_LIMIT_MS and "--rlimit" not in c.opts:
            near.append("%s: a trace took %.1f s, so a query may come near "
                        "the 10 s --timeout on a loaded machine; consider "
                        "--rlimit for it" % (c.name, r["slowest_ms"] / 1e3))
    w = [max(len(x[i]) for x in rows + [head]) for i in range(len(head))]
    for row in [head, tuple("-" * n for n in w)] + rows:
        print("  ".join(s.ljust(w[i]) if i in (0, 1, 5) else s.rjust(w[i])
                        for i, s in enumerate(row)).rstrip())
    for n in near:
        print("warning: " + n)
    tot = sum(r["records"] for _, r in results)
    same = sum(r["identical"] for _, r in results)
    print()
    print("%d records in %d corpora, %d identical, %d different; %.1f min"
          % (tot, len(results), same,
             sum(r["different"] for _, r in results), minutes))
    for c, r in results:
        if not r["diffs"]:
            continue
        print()
        print("%s: first differences (record, field: ref -> new):" % c.name)
        by_rec = {}
        for name, p, u, v in r["diffs"]:
            by_rec.setdefault(name, []).append((p, u, v))
        for name in list(by_rec)[:args.show]:
            fields = by_rec[name]
            for p, u, v in fields[:FIELDS_SHOWN]:
                print("  %s  %s: %s -> %s" % (name, p, short(u), short(v)))
            if len(fields) > FIELDS_SHOWN:
                print("  %s  ... %d more fields" % (
                    name, len(fields) - FIELDS_SHOWN))
        if len(by_rec) > args.show:
            print("  ... %d more records" % (len(by_rec) - args.show))
    print()
    print("RESULT: %s" % ("DIFFERENT" if bad else "identical"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
