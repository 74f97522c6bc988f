"""Helpers shared by the data tests (the Python scripts of tests/).

Environment: FOLCHECK (the binary), FOLCHECK_DATA (the data the tests
read; tests/data, vendored with its licences, when unset), FOLCHECK_SOURCE
(the repository root; this file's parent folder when unset).
"""
import json
import os
import subprocess
import sys

SOURCE = os.environ.get("FOLCHECK_SOURCE") or \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("FOLCHECK_DATA") or os.path.join(SOURCE, "tests", "data")
FOLCHECK = os.environ.get("FOLCHECK", "")


def binary(name):
    """The folcheck binary; exits with status 2 when it is not there."""
    if not FOLCHECK or not os.access(FOLCHECK, os.X_OK):
        print(f"{name}: FOLCHECK is not set or not executable ({FOLCHECK!r})")
        sys.exit(2)
    return FOLCHECK


def data_file(name, *parts):
    """A vendored data file; a missing one fails the test (exit 1): the
    data ships with the repository, so nothing is skipped."""
    path = os.path.join(DATA, *parts)
    if not os.path.isfile(path):
        print(f"{name}: data file {path} is missing (FOLCHECK_DATA={DATA!r})")
        sys.exit(1)
    return path


class Checks:
    """Counts checks; prints each failure, now (FAIL: ...) or at the end."""

    def __init__(self, defer=False):
        self.passed = 0
        self.failures = []
        self.defer = defer

    @property
    def failed(self):
        return len(self.failures)

    def check(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failures.append(msg)
            if not self.defer:
                print(f"FAIL: {msg}", flush=True)
        return cond

    def finish(self, suffix=""):
        """Prints the deferred failures and "N passed, N failed"; the exit
        status."""
        if self.defer:
            for f in self.failures:
                print(f"FAIL {f}")
        print(f"{self.passed} passed, {self.failed} failed{suffix}")
        return 1 if self.failures else 0


def parse_concat(text):
    """JSON objects one after another, as `check --format json` prints
    them (any whitespace between)."""
    dec = json.JSONDecoder()
    out, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return out
        obj, i = dec.raw_decode(text, i)
        out.append(obj)


def int_option(argv, name, default):
    """The integer after NAME in argv, or default."""
    return int(argv[argv.index(name) + 1]) if name in argv else default


def audit_by_id(records, *opts, timeout=1200):
    """Audits records (dicts) in one `folcheck audit --jobs 2 -` run, with
    opts before the input: (results by id, stderr)."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    rc, out, err = run(["audit", "--jobs", "2"] + list(opts) + ["-"],
                       stdin=text.encode("utf-8"), timeout=timeout)
    results = {}
    for line in out.splitlines():
        if line.strip():
            d = json.loads(line)
            results[d.get("id")] = d
    return results, err


def run(args, stdin=None, timeout=300):
    """(returncode, stdout, stderr) of folcheck ARGS, decoded."""
    p = subprocess.run([FOLCHECK] + args, input=stdin, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")
