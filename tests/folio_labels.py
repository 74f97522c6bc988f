#!/usr/bin/env python3
"""folcheck's conclusion status on FOLIO's validation set against the gold
labels (True = entailed, False = refuted, Uncertain = undetermined).

Every disagreement must be explained in tests/fixtures/folio-disagreements.json.
The test fails when agreement drops below MIN_AGREEMENT, when a record
disagrees that the fixture does not list, and when a listed record no longer
disagrees the way the fixture says (fixed or changed: update the fixture).

Environment: FOLCHECK (the binary), FOLCHECK_DATA (the data folder,
tests/data when unset: FOLIO ships with the tests, and a missing file
fails), FOLCHECK_SOURCE (the repository root, for the fixture).
"""
import json

import fctest
import os
import subprocess
import sys

RECORDS = 204
MIN_AGREEMENT = 188
STATUS_OF_LABEL = {"True": "entailed", "False": "refuted",
                   "Uncertain": "undetermined"}
CATEGORIES = {"broken_syntax", "formalization", "annotation_error"}


def main():
    binary = fctest.binary("folio_labels")
    source = fctest.SOURCE
    path = fctest.data_file("folio_labels", "folio", "folio-validation.jsonl")
    fixture_path = os.path.join(source, "tests", "fixtures",
                                "folio-disagreements.json")

    checks = fctest.Checks(defer=True)
    check, failures, finish = checks.check, checks.failures, checks.finish

    # the fixture
    with open(fixture_path, encoding="utf-8") as f:
        fixture = json.load(f)
    explained = {}
    for e in fixture["disagreements"]:
        line = e.get("line")
        ok = (isinstance(line, int) and e.get("gold") in STATUS_OF_LABEL and
              isinstance(e.get("folcheck"), str) and
              e.get("category") in CATEGORIES and
              len(e.get("explanation", "")) >= 20 and
              (e["folcheck"] != "error" or e.get("error_code")))
        check(ok, f"fixture entry for line {line} is incomplete (needs line, "
                  f"gold, folcheck, error_code for errors, a category in "
                  f"{sorted(CATEGORIES)} and an explanation)")
        check(line not in explained, f"fixture lists line {line} twice")
        explained[line] = e

    # the gold labels, from the data itself
    gold = {}
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            gold[lineno] = json.loads(raw).get("label")
    check(len(gold) == RECORDS,
          f"{path} has {len(gold)} records, expected {RECORDS}")

    try:
        p = subprocess.run([binary, "check", "--format", "json", path],
                           capture_output=True, timeout=900,
                           env=dict(os.environ, NO_COLOR="1"))
    except subprocess.TimeoutExpired:
        failures.append("folcheck check did not finish within 900 s")
        return finish()
    stderr = p.stderr.decode("utf-8", "replace")
    check(p.returncode >= 0, f"folcheck was killed by signal {-p.returncode}")
    check(not any(s in stderr for s in ("Sanitizer", "runtime error:")),
          "sanitizer report on stderr")
    # records that cannot be read make it an input error (exit 2)
    any_error = any(e["folcheck"] == "error" for e in explained.values())
    check(p.returncode == (2 if any_error else 1),
          f"exit status {p.returncode}, expected {2 if any_error else 1}")

    results = {}
    for raw in p.stdout.decode("utf-8", "replace").splitlines():
        if not raw.strip():
            continue
        try:
            o = json.loads(raw)
        except ValueError:
            failures.append(f"stdout line is not JSON: {raw[:200]!r}")
            continue
        line = o.get("line")
        if line in results:
            failures.append(f"two results for record line {line}")
        results[line] = o
    missing = sorted(set(gold) - set(results))
    check(not missing, f"no result for record lines {missing}")
    extra = sorted(set(results) - set(gold), key=str)
    check(not extra, f"results for unknown record lines {extra}")

    agree = 0
    for line in sorted(set(gold) & set(results)):
        o = results[line]
        label = gold[line]
        if o.get("label") != label:
            failures.append(f"line {line}: the result says label "
                            f"{o.get('label')!r}, the data {label!r}")
        if isinstance(o.get("error"), dict):
            status = "error"
            code = o["error"].get("code")
        else:
            status = (o.get("conclusion") or {}).get("status")
            code = None
        expected = STATUS_OF_LABEL.get(label)
        e = explained.get(line)
        if status == expected:
            agree += 1
            if e:
                failures.append(
                    f"line {line} now agrees with the gold label {label} "
                    f"({status}), but the fixture explains a disagreement "
                    f"({e['folcheck']}, {e['category']}): remove it from "
                    f"{os.path.basename(fixture_path)} if the fix is right")
            else:
                checks.passed += 1
            continue
        got = status + (f" ({code})" if code else "")
        if not e:
            failures.append(
                f"line {line}: new disagreement: gold {label} "
                f"(= {expected}), folcheck {got}; it is not explained in "
                f"{os.path.basename(fixture_path)}")
            continue
        want = e["folcheck"] + (f" ({e['error_code']})"
                                if e["folcheck"] == "error" else "")
        ok = e["gold"] == label and want == got
        check(ok, f"line {line}: the fixture explains gold {e['gold']} vs "
                  f"folcheck {want}, but now it is gold {label} vs "
                  f"folcheck {got}")
    check(agree >= MIN_AGREEMENT,
          f"agreement {agree}/{len(gold)} is below {MIN_AGREEMENT}")
    print(f"agreement with the gold labels: {agree}/{len(gold)}; "
          f"{len(explained)} disagreements explained")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
