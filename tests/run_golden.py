#!/usr/bin/env python3
"""Golden outputs: runs `folcheck check --format json-pretty` on each trace
in tests/golden/ (NAME.fol or NAME.jsonl) and compares the output with
NAME.json, after masking the timing fields stats.solver_us and
stats.total_us (they are set to 0 on both sides).

Environment: FOLCHECK is the folcheck binary (default: folcheck on PATH),
FOLCHECK_SOURCE the repository root (default: this script's parent folder).

    run_golden.py [--update] [NAME...]

--update rewrites the NAME.json files from the current output; review the
diff before checking them in.  Exits 1 when some case fails, 2 on usage or
setup errors.
"""

import difflib
import os
import re
import shutil
import subprocess
import sys

INPUT_SUFFIXES = (".fol", ".jsonl", ".py")
TIMING = re.compile(r'("(?:solver_us|total_us)"\s*:\s*)-?\d+(?:\.\d+)?'
                    r'(?:[eE][-+]?\d+)?')
TIMEOUT_S = 300
SANITIZER = re.compile(r"(Address|Leak|Thread|Memory)Sanitizer|runtime error:")


def mask(text):
    """Sets the timing fields to 0: they change from run to run."""
    return TIMING.sub(lambda m: m.group(1) + "0", text)


def find_cases(golden_dir, names):
    cases = []
    for entry in sorted(os.listdir(golden_dir)):
        stem, ext = os.path.splitext(entry)
        if ext in INPUT_SUFFIXES and (not names or stem in names):
            cases.append((stem, entry))
    missing = set(names) - {stem for stem, _ in cases}
    if missing:
        sys.exit("run_golden.py: no input for %s" % ", ".join(sorted(missing)))
    return cases


def run_case(folcheck, golden_dir, input_name):
    """Runs folcheck from the golden folder, so that the "file" field is the
    bare input name wherever the repository lives."""
    proc = subprocess.run(
        [folcheck, "check", "--format", "json-pretty", "--no-color",
         input_name],
        cwd=golden_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        timeout=TIMEOUT_S)
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    return mask(out), err, proc.returncode


def main(argv):
    update = "--update" in argv
    names = [a for a in argv if a != "--update"]
    for a in names:
        if a.startswith("-"):
            sys.exit("usage: run_golden.py [--update] [NAME...]")

    here = os.path.dirname(os.path.abspath(__file__))
    source = os.environ.get("FOLCHECK_SOURCE") or os.path.dirname(here)
    golden_dir = os.path.join(source, "tests", "golden")
    folcheck = os.environ.get("FOLCHECK") or shutil.which("folcheck")
    if not folcheck or not os.access(folcheck, os.X_OK):
        print("run_golden.py: set FOLCHECK to the folcheck binary",
              file=sys.stderr)
        return 2
    folcheck = os.path.abspath(folcheck)
    if not os.path.isdir(golden_dir):
        print("run_golden.py: no folder %s" % golden_dir, file=sys.stderr)
        return 2

    passed = failed = 0
    for stem, input_name in find_cases(golden_dir, names):
        expected_path = os.path.join(golden_dir, stem + ".json")
        try:
            got, err, rc = run_case(folcheck, golden_dir, input_name)
        except subprocess.TimeoutExpired:
            print("FAIL %s: timed out after %d s" % (input_name, TIMEOUT_S))
            failed += 1
            continue
        if rc < 0 or rc > 3:
            print("FAIL %s: folcheck exited with %d\n%s" % (input_name, rc, err))
            failed += 1
            continue
        if SANITIZER.search(err):
            # a sanitized build reports leaks and UB on stderr only
            print("FAIL %s: sanitizer report\n%s" % (input_name, err))
            failed += 1
            continue
        if update:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(got)
            print("updated %s" % os.path.basename(expected_path))
            passed += 1
            continue
        if not os.path.exists(expected_path):
            print("FAIL %s: no %s (run with --update, then review it)"
                  % (input_name, os.path.basename(expected_path)))
            failed += 1
            continue
        with open(expected_path, encoding="utf-8") as f:
            want = mask(f.read())
        if got == want:
            print("ok   %s" % input_name)
            passed += 1
        else:
            print("FAIL %s: output differs from %s" %
                  (input_name, os.path.basename(expected_path)))
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True),
                fromfile=stem + ".json (expected)",
                tofile=stem + ".json (got)"))
            if not got.endswith("\n"):
                print()
            failed += 1

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
