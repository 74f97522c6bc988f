#!/usr/bin/env python3
"""Write errors and closed pipes.

  - check, test, parse and codes exit 2 with a message when standard
    output cannot be written (/dev/full);
  - a closed pipe (`| head -1`) ends check and audit quietly with exit 2,
    never a SIGPIPE death, and audit still writes its --summary, marked
    "partial": true, which merge refuses unless --allow-partial;
  - an unwritable --summary or --out is reported before any work;
  - audit of a directory names the path and the cause;
  - --out and --summary are written atomically: no half file is left.

Environment: FOLCHECK, the binary.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fctest  # noqa: E402


def main():
    fb = fctest.binary("write_errors")
    checks = fctest.Checks()
    src = fctest.SOURCE
    fol = os.path.join(src, "examples", "natalia.fol")
    tmp = tempfile.mkdtemp(prefix="folcheck-write-")
    many = os.path.join(tmp, "many.jsonl")
    with open(many, "w") as f:
        for i in range(400):
            f.write(json.dumps({"id": i, "premises": ["P(a)", "P(a) → Q(a)"],
                                "steps": ["Q(a)"]}) + "\n")

    full = "/dev/full" if os.path.exists("/dev/full") else None
    if full:
        for args in (["check", fol], ["test", fol], ["parse", fol],
                     ["codes"]):
            with open(full, "w") as out:
                p = subprocess.run([fb] + args, stdout=out,
                                   stderr=subprocess.PIPE)
            err = p.stderr.decode()
            checks.check(p.returncode == 2 and "cannot write" in err,
                         "%s > /dev/full: exit %d, %r" % (args[0],
                                                          p.returncode, err))

    # a closed pipe: quiet, exit 2, the summary written and partial
    summary = os.path.join(tmp, "s.json")
    for args in (["audit", "--summary", summary, many], ["check", many]):
        p = subprocess.Popen([fb] + args, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read().decode()
        rc = p.wait()
        checks.check(rc == 2 and "Traceback" not in err and
                     "cannot write" not in err,
                     "%s | head -1: exit %d (%r)" % (args[0], rc, err[:200]))
    with open(summary) as f:
        s = json.load(f)
    checks.check(s.get("partial") is True and 0 < s["records"] < 400,
                 "partial summary: partial=%r records=%r" % (
                     s.get("partial"), s.get("records")))
    rc, out, err = fctest.run(["merge", summary])
    checks.check(rc == 2 and "partial" in err,
                 "merge of a partial summary: exit %d %r" % (rc, err))
    rc, out, err = fctest.run(["merge", "--allow-partial", summary])
    checks.check(rc == 0 and json.loads(out).get("partial") is True,
                 "merge --allow-partial: exit %d" % rc)

    # unwritable outputs: reported at start, nothing written
    for opt in ("--summary", "--out"):
        rc, out, err = fctest.run(["audit", opt,
                                   os.path.join(tmp, "no", "such", "x.json"),
                                   many])
        checks.check(rc == 2 and "cannot write" in err and out == "",
                     "audit %s into a missing folder: exit %d, %d bytes "
                     "of output, %r" % (opt, rc, len(out), err))

    # a directory as input
    rc, out, err = fctest.run(["audit", tmp])
    checks.check(rc == 2 and tmp in err and "directory" in err,
                 "audit DIR: %r" % err)

    # atomic outputs: the files appear whole, no temporaries are left
    res = os.path.join(tmp, "r.jsonl")
    rc, out, err = fctest.run(["audit", "--out", res, "--summary", summary,
                               many])
    with open(res) as f:
        n = sum(1 for _ in f)
    with open(summary) as f:
        s = json.load(f)
    checks.check(rc == 0 and n == 400 and "partial" not in s and
                 not [x for x in os.listdir(tmp) if ".tmp." in x],
                 "audit --out/--summary: exit %d, %d lines, %s" % (
                     rc, n, os.listdir(tmp)))
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
