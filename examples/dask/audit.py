#!/usr/bin/env python3
"""Audits a JSON Lines file on a Dask cluster: one task per shard, each
running `folcheck audit --shard I/N` over the file (on storage every worker
sees), then the shards' summaries merged with `folcheck merge` and their
results put back in input order (shards are strided: record r is in shard
r mod N).  The output equals one `folcheck audit` of the file, line for
line.

    python3 examples/dask/audit.py IN.jsonl OUTDIR [--shards N]
        [--workers N] [--scheduler ADDRESS] [--folcheck BIN]
        [-- AUDIT_OPTIONS...]

Without --scheduler it starts a LocalCluster of --workers processes (one
thread each: a shard's audit is one process).  Needs Debian's
python3-distributed.  Writes OUTDIR/results.jsonl and OUTDIR/summary.json.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def audit_shard(binary, path, i, n, options):
    """One task: the shard's results and summary, as text."""
    with tempfile.TemporaryDirectory() as d:
        summary = os.path.join(d, "summary.json")
        p = subprocess.run([binary, "audit", "--shard", f"{i}/{n}",
                            "--summary", summary, *options, path],
                           capture_output=True)
        if p.returncode != 0:
            raise RuntimeError(f"shard {i}/{n}: folcheck audit exited "
                               f"{p.returncode}: "
                               f"{p.stderr.decode(errors='replace')[-2000:]}")
        with open(summary, encoding="utf-8") as f:
            return p.stdout.decode("utf-8"), f.read()


def interleave(shard_results):
    """Lines of strided shards back in input order."""
    lists = [text.splitlines() for text in shard_results]
    out = []
    for k in range(max((len(x) for x in lists), default=0)):
        for x in lists:
            if k < len(x):
                out.append(x[k])
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    extra = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("outdir")
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler", help="address of a running scheduler")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--folcheck", default=shutil.which("folcheck") or
                    os.path.join(here, "..", "..", "build", "folcheck"))
    args = ap.parse_args(argv)
    if args.shards < 1:
        ap.error("--shards must be at least 1")
    binary = os.path.abspath(args.folcheck)
    path = os.path.abspath(args.input)

    from dask.distributed import Client, LocalCluster

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(audit_shard, binary, path, i, args.shards,
                                 extra, pure=False)
                   for i in range(args.shards)]
        parts = client.gather(futures)
    finally:
        client.close()
        if cluster:
            cluster.close()

    os.makedirs(args.outdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        names = []
        for i, (_, summary) in enumerate(parts):
            names.append(os.path.join(d, f"shard-{i}.summary.json"))
            with open(names[-1], "w", encoding="utf-8") as f:
                f.write(summary)
        merged = subprocess.run([binary, "merge", *names], check=True,
                                capture_output=True).stdout
    tmp = os.path.join(args.outdir, "summary.json.tmp")
    with open(tmp, "wb") as f:
        f.write(merged)
    os.replace(tmp, os.path.join(args.outdir, "summary.json"))
    tmp = os.path.join(args.outdir, "results.jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for line in interleave(r for r, _ in parts):
            f.write(line + "\n")
    os.replace(tmp, os.path.join(args.outdir, "results.jsonl"))
    print(f"{args.shards} shards on Dask: {args.outdir}/results.jsonl, "
          f"{args.outdir}/summary.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
