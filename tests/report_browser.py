#!/usr/bin/env python3
"""`folcheck report` end to end, and the page in a real browser.

1. command line: `folcheck report` of two audit summaries writes one HTML
   file (-o FILE, and stdout without it); a missing file exits 2 with
   `FILE: error[io]: ...`; a file that is not a summary exits 2 and names
   it; no file at all is a usage error;
2. browser: headless Chromium loads the page with a fresh profile and no
   network, and logs nothing to the console (no script errors, no blocked
   resources, no Content-Security-Policy violations); the screenshot it
   takes is a real picture of a page (a 1280x2000 PNG with many colours, not
   a blank or error page); --dump-dom shows every section.  A control page
   that does log an error must be caught, so a silent browser cannot pass
   the test by accident.  The same for a summary grouped by model (`audit
   --group-by model` of a file mixing two models): a column per group.
   Every page has the examples behind its numbers, folded under the
   charts.

The summaries come from real audits: FOLIO's validation set (tests/data,
or FOLCHECK_DATA) and synthetic
GSM8K-style arithmetic chains with corrupted numbers
(benchmarks/corpora/gsm_synth.py under FOLCHECK_SOURCE).

    python3 tests/report_browser.py [--save docs/report.png]

--save PATH also writes a full-length screenshot of the report there (the
README's picture).  Environment: FOLCHECK (binary), FOLCHECK_SOURCE (repo
root), FOLCHECK_DATA (data dir, tests/data when unset).  Prints one line per failed check
and "N passed, N failed"; exits 1 on any failure, and 77 with "SKIP: ..."
when Chromium is not installed (after the command-line checks, which run
anyway).
"""

import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import fctest
from fctest import FOLCHECK, SOURCE

SKIP = 77
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr",
    "--v=0",
]
SECTIONS = ["overview", "quadrant", "errors", "positions", "conclusions",
            "runs"]
PAIRED_SECTIONS = ["pairs", "overview", "quadrant", "errors", "conclusions"]

checks = fctest.Checks()
check = checks.check


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


# ---- inputs ----------------------------------------------------------------

def gsm_records(count, seed, corrupt):
    """GSM8K-style chains from the benchmark generator; with corrupt, about
    a third get one wrong number, operator or invented quantity."""
    sys.path.insert(0, os.path.join(SOURCE, "benchmarks", "corpora"))
    import gsm_synth  # noqa: E402  (the generator lives in the repo)
    out = subprocess.run(
        [sys.executable, gsm_synth.__file__, "--length", "8", "--count",
         str(count), "--seed", str(seed)],
        capture_output=True, text=True, check=True).stdout
    rng = random.Random(seed)
    lines = []
    for line in out.splitlines():
        t = json.loads(line)
        if corrupt and t["steps"] and rng.random() < 0.35:
            s = t["steps"][rng.randrange(len(t["steps"]))]
            f = s["formula"]
            kind = rng.random()
            if kind < 0.55:
                m = re.search(r"(-?\d+(\.\d+)?)\)?$", f)
                if m:
                    wrong = int(float(m.group(1))) + rng.randint(1, 9)
                    f = f[:m.start(1)] + str(wrong) + f[m.end(1):]
            elif kind < 0.8:
                f = f.replace("+", "*", 1) if "+" in f else f.replace("-", "+", 1)
            else:
                f = f.split(" = ")[0] + " = bonus + 3"
            s["formula"] = f
        lines.append(json.dumps(t))
    return "\n".join(lines) + "\n"


def audit(jsonl, summary, *opts):
    """Audits jsonl from its own directory, so that the run records the
    file name as a person would type it."""
    r = run([FOLCHECK, "audit", os.path.basename(jsonl), "--summary",
             summary, "--out", os.devnull] + list(opts), timeout=900,
            cwd=os.path.dirname(jsonl))
    check(r.returncode == 0 and os.path.exists(summary),
          f"audit {jsonl}: exit {r.returncode}: {r.stderr[-500:]}")


# ---- PNG -------------------------------------------------------------------

def png_read(path):
    """(width, height, rows of RGBA tuples) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, type {ctype}")
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def png_write(path, w, bpp, rows):
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    raw = b"".join(b"\0" + r for r in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, len(rows), 8,
                                           6 if bpp == 4 else 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def png_stats(path):
    """Size, distinct colours and the share of pixels that are not the most
    common colour (the background), from a sample of rows."""
    w, h, bpp, rows = png_read(path)
    colours, counts = set(), {}
    for y in range(0, h, 7):
        r = rows[y]
        for x in range(0, w * bpp, bpp * 3):
            px = r[x:x + 3]
            colours.add(px)
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    ink = 1 - max(counts.values()) / total if total else 0
    return w, h, len(colours), ink


# ---- browser ---------------------------------------------------------------

def console_lines(stderr):
    """Chromium's log lines for console messages.  Every level counts:
    console.error and uncaught exceptions are logged as INFO:CONSOLE, and
    blocked resources as CSP violations; this page has no script, so it
    has no business writing to the console at all."""
    return [ln for ln in stderr.splitlines()
            if ":CONSOLE" in ln or "Uncaught" in ln]


def chromium(tmp, url, *extra):
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp)
    try:
        r = run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                 *extra, url], timeout=180, cwd=tmp)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return r


def save_full_page(tmp, html, dest):
    """A screenshot as long as the page: a tall window, then the empty
    background below the page cut off."""
    shot = os.path.join(tmp, "full.png")
    chromium(tmp, "file://" + html, f"--screenshot={shot}",
             "--window-size=1280,7000")
    w, h, bpp, rows = png_read(shot)
    bg = rows[-1]
    last = h - 1
    while last > 0 and rows[last] == bg:
        last -= 1
    png_write(dest, w, bpp, rows[:min(h, last + 32)])
    print(f"saved {dest} ({w}x{min(h, last + 32)})")


# ---- main ------------------------------------------------------------------

def main():
    save = None
    if len(sys.argv) == 3 and sys.argv[1] == "--save":
        save = os.path.abspath(sys.argv[2])
    elif len(sys.argv) != 1:
        print(__doc__)
        return 2
    fctest.binary("report_browser")
    with tempfile.TemporaryDirectory(prefix="folcheck-report-") as tmp:
        # two real audits
        folio = fctest.data_file("report_browser", "folio",
                                 "folio-validation.jsonl")
        first = os.path.join(tmp, "folio-validation.json")
        audit(folio, first)
        second = os.path.join(tmp, "gsm-corrupted.json")
        path = os.path.join(tmp, "gsm-corrupted.jsonl")
        open(path, "w").write(gsm_records(120, 1, corrupt=True))
        audit(path, second)
        # one audit of a file that mixes two models, grouped by model
        mixed = os.path.join(tmp, "mixed.jsonl")
        with open(mixed, "w") as f:
            for model, seed, corrupt in (("base", 2, True), ("rl", 3, False)):
                for line in gsm_records(60, seed, corrupt).splitlines():
                    t = json.loads(line)
                    t["meta"] = {"model": model}
                    f.write(json.dumps(t) + "\n")
        grouped = os.path.join(tmp, "mixed.json")
        audit(mixed, grouped, "--group-by", "model")
        # the same problems from two "models", paired by problem
        results = []
        for model, corrupt in (("base", True), ("rl", False)):
            src = os.path.join(tmp, f"{model}.jsonl")
            with open(src, "w") as f:
                for i, line in enumerate(gsm_records(60, 4, corrupt)
                                         .splitlines()):
                    t = json.loads(line)
                    t["meta"] = {"problem": i}
                    f.write(json.dumps(t) + "\n")
            res = os.path.join(tmp, f"{model}.res.jsonl")
            r = run([FOLCHECK, "audit", src, "--out", res], timeout=900)
            check(r.returncode == 0, f"audit {src}: {r.stderr[-300:]}")
            results.append(res)
        if checks.failed:
            return 1

        # 1. the command line
        html = os.path.join(tmp, "report.html")
        r = run([FOLCHECK, "report", first, second, "-o", html])
        check(r.returncode == 0, f"report: exit {r.returncode}: {r.stderr}")
        page = open(html, encoding="utf-8").read() if os.path.exists(html) else ""
        check(page.startswith("<!DOCTYPE html>"), "report -o: not an HTML page")
        check("<script" not in page, "report: the page has a script")
        r2 = run([FOLCHECK, "report", first, second])
        check(r2.returncode == 0 and r2.stdout.rstrip("\n") == page.rstrip("\n"),
              "report to stdout differs from -o FILE")
        for name in (os.path.basename(first), os.path.basename(second)):
            check(name in page, f"report: the name {name} is missing")
        missing = os.path.join(tmp, "missing.json")
        r = run([FOLCHECK, "report", first, missing, "-o", html + ".x"])
        check(r.returncode == 2 and f"{missing}: error[io]: " in r.stderr,
              f"missing summary: exit {r.returncode}: {r.stderr}")
        check(not os.path.exists(html + ".x"), "a report from a missing file")
        notsum = os.path.join(tmp, "results.json")
        open(notsum, "w").write('{"id": "q1", "verdict": "valid"}\n')
        r = run([FOLCHECK, "report", notsum])
        check(r.returncode == 2 and "results.json: not a folcheck summary"
              in r.stderr and not r.stdout,
              f"not a summary: exit {r.returncode}: {r.stderr}")
        r = run([FOLCHECK, "report"])
        check(r.returncode == 2 and "report" in r.stderr,
              f"no summary: exit {r.returncode}: {r.stderr}")
        r = run([FOLCHECK, "--help"])
        check("report SUMMARY" in r.stdout, "report is not in the usage text")

        # text from a summary cannot inject markup (the CSP would also
        # block a script, which the console check would catch)
        evil = json.load(open(second))
        evil["runs"][0]["input"] = '"><script>alert(1)</script><img src=x>'
        evil_path = os.path.join(tmp, "evil.json")
        json.dump(evil, open(evil_path, "w"))
        evil_html = os.path.join(tmp, "evil.html")
        r = run([FOLCHECK, "report", first, evil_path, "-o", evil_html])
        check(r.returncode == 0, f"report of evil.json: {r.stderr}")
        grouped_html = os.path.join(tmp, "grouped.html")
        r = run([FOLCHECK, "report", grouped, "-o", grouped_html])
        check(r.returncode == 0, f"report of a grouped summary: {r.stderr}")
        paired_html = os.path.join(tmp, "paired.html")
        r = run([FOLCHECK, "report", "--pair-by", "problem"] + results +
                ["-o", paired_html])
        check(r.returncode == 0, f"report --pair-by: {r.stderr}")

        # 2. the browser
        if not os.path.exists(CHROMIUM):
            checks.finish()
            print("SKIP: chromium is not installed (apt-get install chromium)")
            return 1 if checks.failed else SKIP

        # the control: a page that logs must be caught
        control = os.path.join(tmp, "control.html")
        open(control, "w").write(
            "<!DOCTYPE html><html><body><script>console.error('control');"
            "undefined_function();</script></body></html>\n")
        r = chromium(tmp, "file://" + control, "--dump-dom")
        check(len(console_lines(r.stderr)) >= 2,
              "the console check does not see console.error or an uncaught "
              "exception; it cannot be trusted:\n" + r.stderr[-2000:])

        for path in (html, evil_html, grouped_html, paired_html):
            name = os.path.basename(path)
            shot = os.path.join(tmp, name + ".png")
            r = chromium(tmp, "file://" + path, f"--screenshot={shot}",
                         "--window-size=1280,2000")
            check(r.returncode == 0, f"chromium on {name}: exit {r.returncode}")
            bad = console_lines(r.stderr)
            check(not bad, f"{name}: console messages:\n" + "\n".join(bad))
            if not check(os.path.exists(shot), f"{name}: no screenshot"):
                continue
            w, h, colours, ink = png_stats(shot)
            check((w, h) == (1280, 2000), f"{name}: screenshot is {w}x{h}")
            check(colours >= 40, f"{name}: only {colours} colours: a blank "
                                 "or error page?")
            check(0.04 <= ink <= 0.8, f"{name}: {ink:.1%} of the screenshot "
                                      "differs from the background")
            r = chromium(tmp, "file://" + path, "--dump-dom")
            bad = console_lines(r.stderr)
            check(not bad, f"{name} (dump-dom): console messages:\n" +
                  "\n".join(bad))
            dom = r.stdout
            for sec in (PAIRED_SECTIONS if path == paired_html
                        else SECTIONS):
                check(f'<section id="{sec}">' in dom,
                      f"{name}: no section {sec} in the DOM")
            check(dom.count("<svg") >= 5, f"{name}: few charts in the DOM")
            check("<script" not in dom and "<img" not in dom,
                  f"{name}: markup from a summary reached the DOM")
            # the examples behind the numbers, folded under the charts
            check(dom.count('<details class="ex">') >= 2 and
                  "the 5 records with the smallest ids" in dom,
                  f"{name}: no examples under the charts")
            if path == paired_html:
                check("both right" in dom and "base wrong, RL right" in dom
                      and "60 pairs" in dom,
                      f"{name}: no paired groups in the DOM")
                # the groups' sizes are the results' (right: reached)
                def reached(p):
                    out = {}
                    for line in open(p):
                        d = json.loads(line)
                        c = d.get("conclusion") or {}
                        out[d["meta"]["problem"]] = bool(c.get("reached"))
                    return out
                rb, rr = reached(results[0]), reached(results[1])
                want = {"both right": 0, "base wrong, RL right": 0,
                        "base right, RL wrong": 0, "both wrong": 0}
                for k in rb:
                    b, r = rb[k], rr[k]
                    want["both right" if b and r else
                         "base wrong, RL right" if r else
                         "base right, RL wrong" if b else "both wrong"] += 1
                for g, n in want.items():
                    check(f"<tr><td>{g}</td><td>{n}</td></tr>" in dom,
                          f"{name}: group {g} should have {n} pairs")
            if path == grouped_html:
                summ = json.load(open(grouped))
                for g in summ["groups"]:
                    n = g["summary"]["traces"]
                    check(f'model: {g["value"]}</span><span class="muted">'
                          f'{n} traces' in dom,
                          f"{name}: model {g['value']} should show {n} "
                          "traces")
                check("model: base" in dom and "model: rl" in dom and
                      "2 summaries" in dom,
                      f"{name}: no column per group in the DOM")
        if save:
            save_full_page(tmp, html, save)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
