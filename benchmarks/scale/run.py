#!/usr/bin/env python3
"""Resource bounds: peak memory and time against the size of a trace.

One record per size N (1k, 2k, 4k, 10k): an arithmetic chain (premises
x0 = 0, x{i+1} = x{i} + 1, step x{N} = N) and a propositional one
(premises p0, p{i} → p{i+1}, step p{N}), each audited alone by a fresh
process; peak RSS (getrusage of the child) and wall time are reported.
Targets (issue "Reliability"): memory linear in statements, 10,000
arithmetic premises under 300 MB, each 10,000-premise chain within 30 s.

Usage: run.py [--folcheck BIN] [--sizes 1000,2000,4000,10000]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def record(kind, n):
    if kind == "arithmetic":
        prem = ["x0 = 0"] + ["x%d = x%d + 1" % (i + 1, i) for i in range(n)]
        steps = ["x%d = %d" % (n, n)]
    else:
        prem = ["p0"] + ["p%d → p%d" % (i, i + 1) for i in range(n)]
        steps = ["p%d" % n]
    return json.dumps({"id": "%s-%d" % (kind, n), "premises": prem,
                       "steps": steps}, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folcheck", default=os.path.join(REPO, "build",
                                                       "folcheck"))
    ap.add_argument("--sizes", default="1000,2000,4000,10000")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    rows = []
    tmp = tempfile.mkdtemp(prefix="folcheck-scale-")
    for kind in ("arithmetic", "propositional"):
        for n in sizes:
            path = os.path.join(tmp, "%s-%d.jsonl" % (kind, n))
            with open(path, "w") as f:
                f.write(record(kind, n))
            # a child process per measurement, so that ru_maxrss is its own
            code = ("import resource,subprocess,sys,time,json;"
                    "t=time.monotonic();"
                    "p=subprocess.run([sys.argv[1],'audit','--jobs','1',"
                    "sys.argv[2]],capture_output=True);"
                    "w=time.monotonic()-t;"
                    "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
                    "d=json.loads(p.stdout);"
                    "print(json.dumps([w,m,d['verdict'],"
                    "d['steps'][0]['global'],d['stats']['queries'],"
                    "len(d['steps'][0].get('support',[]))]))")
            r = subprocess.run([sys.executable, "-c", code, args.folcheck,
                                path], capture_output=True, text=True)
            w, m, verdict, status, queries, support = json.loads(r.stdout)
            rows.append((kind, n, w, m / 1024.0, verdict, status, queries,
                         support))
            print("%-13s %6d  %7.2f s  %7.1f MB  %s %s, %d queries, "
                  "support %d" % rows[-1], flush=True)
    print()
    print("| trace | premises | wall | peak memory | verdict | queries | "
          "support |")
    print("|---|---|---|---|---|---|---|")
    for kind, n, w, m, verdict, status, queries, support in rows:
        print("| %s chain | %d | %.2f s | %.0f MB | %s (step %s) | %d | %d |"
              % (kind, n, w, m, verdict, status, queries, support))
    return 0


if __name__ == "__main__":
    sys.exit(main())
