#!/usr/bin/env python3
"""Malformed inputs: every one gets a clear diagnostic with its position,
exit status 2, and nothing crashes or hangs.

Each case in tests/bad/ is NAME.expected next to its input:
  NAME.fol / NAME.jsonl / NAME.py / NAME.p   the input, checked in;
  NAME.gen                a recipe for a big input, generated in a temporary
                          directory: {"file": "x.fol", "parts": [[text, count], ...]}
                          (the file is the concatenation of text * count);
  neither                 the input named by a `#! input:` directive, which
                          may not exist (the missing-file case).

NAME.expected holds the first line of every diagnostic folcheck must print on
stderr, in order, and nothing else (source excerpts are ignored).  A line
starting with `re: ` is a Python regular expression matched against the whole
line.  Lines starting with `#` are comments, except directives:
  #! commands: parse check     the commands to run (default: parse check)
  #! input: FILE               the input file name
  #! json-results: 1 3         `check --format json` must give a checked
                               result (no "error") for these record lines
  #! json-errors: 2:bad_json   ... and an error object with this code, a line
                               and a column for these ones

For every command the runner asserts: it ends within the time limit, it is
not killed by a signal, no sanitizer report appears, the exit status is 2,
stderr holds exactly the expected diagnostics, and every diagnostic carries a
line and a column (except `io`, which has none to give).

Environment: FOLCHECK (the binary), FOLCHECK_SOURCE (the repository root),
FOLCHECK_BAD_TIMEOUT (seconds per run, default 20).
"""
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

TIMEOUT = float(os.environ.get("FOLCHECK_BAD_TIMEOUT", "20"))
# Address space cap for one run when the binary has no sanitizer (ASan
# reserves terabytes of address space and cannot run under RLIMIT_AS).
MEMORY_LIMIT = 4 << 30

EXCERPT = re.compile(r"^\s*\d*\s\|( |$)")
DIAG = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: "
                  r"(?P<sev>error|warning|note)\[(?P<code>\w+)\]: ")
SANITIZER = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
             "runtime error:", "ERROR: ThreadSanitizer",
             "ERROR: MemorySanitizer", "AddressSanitizer:DEADLYSIGNAL")


def env_or_skip():
    binary = os.environ.get("FOLCHECK")
    source = os.environ.get("FOLCHECK_SOURCE")
    if not source:
        source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not binary or not os.access(binary, os.X_OK):
        print(f"run_bad: FOLCHECK is not set or not executable ({binary!r})")
        sys.exit(2)
    return binary, source


def has_sanitizer(binary):
    try:
        with open(binary, "rb") as f:
            data = f.read()
    except OSError:
        return False
    return b"__asan_init" in data or b"__tsan_init" in data or \
        b"__msan_init" in data


def read_expected(path):
    lines, directives = [], {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("#!"):
                key, _, value = line[2:].partition(":")
                directives[key.strip()] = value.strip()
            elif line.startswith("#") or not line.strip():
                continue
            else:
                lines.append(line)
    return lines, directives


def generate(recipe_path, outdir):
    with open(recipe_path, encoding="utf-8") as f:
        recipe = json.load(f)
    name = recipe["file"]
    with open(os.path.join(outdir, name), "w", encoding="utf-8",
              newline="") as out:
        for text, count in recipe["parts"]:
            # in chunks of at most 64 Ki repetitions
            left = count
            while left > 0:
                n = min(left, 1 << 16)
                out.write(text * n)
                left -= n
    return name


def run(binary, args, cwd, limit_memory):
    def preexec():
        os.setsid()
        if limit_memory:
            resource.setrlimit(resource.RLIMIT_AS,
                               (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env["NO_COLOR"] = "1"
    p = subprocess.Popen([binary] + args, cwd=cwd, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         preexec_fn=preexec, env=env)
    try:
        out, err = p.communicate(timeout=TIMEOUT)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        timed_out = True
    return (p.returncode, out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"), timed_out)


def diagnostic_lines(stderr):
    return [l for l in stderr.splitlines() if not EXCERPT.match(l)]


def line_matches(expected, actual):
    if expected.startswith("re: "):
        return re.fullmatch(expected[4:], actual) is not None
    return expected == actual


def compare(expected, actual):
    """Returns a list of problems (empty when they agree)."""
    problems = []
    n = max(len(expected), len(actual))
    for i in range(n):
        e = expected[i] if i < len(expected) else None
        a = actual[i] if i < len(actual) else None
        if e is None:
            problems.append(f"unexpected stderr line: {a[:300]!r}")
        elif a is None:
            problems.append(f"missing diagnostic: {e!r}")
        elif not line_matches(e, a):
            problems.append(f"expected {e!r}\n          got {a[:300]!r}")
    return problems


def check_positions(actual):
    problems = []
    for a in actual:
        m = DIAG.match(a)
        if not m:
            continue
        if m.group("code") == "io":
            continue
        if not m.group("line") or not m.group("col"):
            problems.append(f"diagnostic without line and column: {a[:300]!r}")
    return problems


def check_json(stdout, directives):
    problems = []
    objs = {}
    for raw in stdout.splitlines():
        raw = raw.strip()
        if not raw:
            continue
        try:
            o = json.loads(raw)
        except ValueError:
            problems.append(f"stdout line is not JSON: {raw[:200]!r}")
            continue
        if isinstance(o, dict) and isinstance(o.get("line"), int):
            objs.setdefault(o["line"], []).append(o)
    for item in directives.get("json-results", "").split():
        line = int(item)
        got = objs.get(line, [])
        if not any("error" not in o and "verdict" in o for o in got):
            problems.append(f"no checked result for record line {line} "
                            f"(got {json.dumps(got)[:200]})")
    for item in directives.get("json-errors", "").split():
        line, _, code = item.partition(":")
        line = int(line)
        got = objs.get(line, [])
        ok = False
        for o in got:
            e = o.get("error")
            if isinstance(e, dict) and e.get("code") == code and \
                    e.get("line") == line and \
                    isinstance(e.get("column"), int) and e["column"] > 0:
                ok = True
        if not ok:
            problems.append(
                f"no error object with code {code}, line {line} and a "
                f"column for record line {line} (got "
                f"{json.dumps(got)[:200] if got else 'nothing'})")
    return problems


def main():
    binary, source = env_or_skip()
    bad = os.path.join(source, "tests", "bad")
    limit_memory = not has_sanitizer(binary)
    cases = sorted(f[:-len(".expected")] for f in os.listdir(bad)
                   if f.endswith(".expected"))
    if not cases:
        print(f"run_bad: no cases in {bad}")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    tmp = tempfile.mkdtemp(prefix="folcheck-bad-")
    try:
        for name in cases:
            expected, directives = read_expected(
                os.path.join(bad, name + ".expected"))
            cwd = bad
            if os.path.exists(os.path.join(bad, name + ".gen")):
                cwd = os.path.join(tmp, name)
                os.makedirs(cwd)
                infile = generate(os.path.join(bad, name + ".gen"), cwd)
            elif "input" in directives:
                infile = directives["input"]
            elif os.path.exists(os.path.join(bad, name + ".fol")):
                infile = name + ".fol"
            elif os.path.exists(os.path.join(bad, name + ".jsonl")):
                infile = name + ".jsonl"
            elif os.path.exists(os.path.join(bad, name + ".py")):
                infile = name + ".py"
            elif os.path.exists(os.path.join(bad, name + ".p")):
                infile = name + ".p"
            else:
                print(f"FAIL {name}: no input file next to {name}.expected")
                failed += 1
                continue
            jsonl = infile.endswith(".jsonl")
            commands = directives.get("commands", "parse check").split()
            for cmd in commands:
                if cmd == "check" and jsonl:
                    args = ["check", "--format", "json", infile]
                else:
                    args = [cmd, infile]
                label = f"{name} [{' '.join(args[:-1])}]"
                rc, out, err, timed_out = run(binary, args, cwd, limit_memory)
                problems = []
                if timed_out:
                    problems.append(f"did not finish within {TIMEOUT:g} s "
                                    f"(killed)")
                elif rc < 0:
                    problems.append(f"killed by signal {-rc}")
                found = [s for s in SANITIZER if s in err]
                if found:
                    summary = [l for l in err.splitlines()
                               if "SUMMARY" in l or "runtime error" in l]
                    problems.append("sanitizer report: " +
                                    "; ".join(summary[:3] or found))
                if not timed_out and rc >= 0 and rc != 2:
                    problems.append(f"exit status {rc}, expected 2")
                if not timed_out and not found:
                    actual = diagnostic_lines(err)
                    problems += compare(expected, actual)
                    problems += check_positions(actual)
                    if cmd == "check" and jsonl and rc >= 0:
                        problems += check_json(out, directives)
                if problems:
                    failed += 1
                    print(f"FAIL {label}")
                    for p in problems:
                        print(f"    {p}")
                else:
                    passed += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
