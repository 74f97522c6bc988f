#!/usr/bin/env python3
"""folcheck in the RL loop: in-process latency, the server under load and
abuse, and rewards for GRPO-shaped batches.  Loopback only; bounded in
count and time.

1. Latency: the median time per trace of folcheck.check (the Python
   package, in process) on ProntoQA traces (the real dev set, through the
   corpus importer) and on GSM8K-style 4-step arithmetic traces, against
   the same traces through a `folcheck check` subprocess each.
2. Server: `folcheck serve --threads 2`, 64 concurrent keep-alive clients
   (threads of this process), 20,000 requests of mixed ProntoQA and GSM
   traces to /check: errors, p50 and p99 latency, throughput, and the
   server's RSS sampled through the run.  Then malformed requests: bad
   JSON, a wrong content type, a 100 MB body, a slow client, a
   half-closed connection, 10,000 connections opened and dropped; each
   must be answered (4xx) or dropped, and the server still serving.
3. GRPO: 16 samples per problem sharing the premises (the gold chain and
   mutants of it), through folcheck.reward (check + reward, one thread),
   against `folcheck audit --jobs 1` on the same file: traces per second.

Writes the tables between <!-- rl:begin --> and <!-- rl:end --> in
benchmarks/README.md (unless --no-readme).

    python3 benchmarks/rl/run.py [--requests 20000] [--no-readme]
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "python"))
sys.path.insert(0, os.path.join(REPO, "benchmarks", "corpora"))
sys.path.insert(0, os.path.join(REPO, "benchmarks"))

import folcheck  # noqa: E402
import machine  # noqa: E402

BINARY = os.environ.get("FOLCHECK", os.path.join(REPO, "build", "folcheck"))
DATA = os.environ.get("FOLCHECK_DATA",
                      os.path.join(REPO, "..", "shared", "data"))


def prontoqa_traces(n):
    import prontoqa
    problems = prontoqa.load_problems(os.path.join(DATA, "prontoqa",
                                                   "prontoqa-dev.json"))
    if isinstance(problems, dict):
        problems = list(problems.values())
    recs, _ = prontoqa.translate_all(problems)
    return [{k: v for k, v in r.items() if k != "untranslated"}
            for r in recs[:n]]


def gsm_trace(i, rng, mutate=None):
    """A GSM8K-style 4-step arithmetic trace; mutate: None, 'number' (a
    wrong result), 'operator' (a wrong operation) or 'ungrounded'."""
    a, b, c = rng.randint(2, 90), rng.randint(2, 90), rng.randint(2, 9)
    s1, s2 = a + b, (a + b) * c
    s3 = s2 - a
    steps = [f"t1 = a + b = {s1}", f"t2 = t1 * c = {s2}",
             f"t3 = t2 - a = {s3}", "answer = t3 + b"]
    if mutate == "number":
        steps[1] = f"t2 = t1 * c = {s2 + rng.choice([1, -1, 10])}"
    elif mutate == "operator":
        steps[2] = f"t3 = t2 + a = {s2 + a}"
    elif mutate == "ungrounded":
        steps[2] = f"t3 = t2 - d = {s3}"
    return {"id": f"gsm{i}", "premises": [f"a = {a}", f"b = {b}",
                                          f"c = {c}"],
            "steps": steps, "conclusion": f"answer = {s3 + b}"}


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


# ---- 1. latency ------------------------------------------------------------

def latency(traces, subprocess_count):
    # in a thread of its own, so with a checker of its own: a checker that
    # has checked hundreds of FOL traces can take 50 ms on each arithmetic
    # trace after them (see README, "In the RL loop")
    inproc = []

    def measure():
        for t in traces[:20]:
            folcheck.check(t)
        for t in traces:
            t0 = time.perf_counter()
            folcheck.check(t)
            inproc.append(time.perf_counter() - t0)

    th = threading.Thread(target=measure)
    th.start()
    th.join()
    sub = []
    with tempfile.TemporaryDirectory() as d:
        for i, t in enumerate(traces[:subprocess_count]):
            path = os.path.join(d, f"t{i}.jsonl")
            with open(path, "w") as f:
                f.write(json.dumps(t) + "\n")
            t0 = time.perf_counter()
            subprocess.run([BINARY, "check", "--format", "json", path],
                           capture_output=True)
            sub.append(time.perf_counter() - t0)
    return statistics.median(inproc), statistics.median(sub), len(inproc), \
        len(sub)


# ---- 2. the server ------------------------------------------------------------

class Server:
    def __init__(self, *args):
        self.p = subprocess.Popen([BINARY, "serve", "--port", "0", *args],
                                  stderr=subprocess.PIPE, text=True)
        m = re.search(r":(\d+)$", self.p.stderr.readline().strip())
        self.port = int(m.group(1))

    def rss_mb(self):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait(timeout=120)
        self.p.stderr.close()
        return rc


def load(server, bodies, requests, clients):
    lat, errors, lock = [], [], threading.Lock()
    per = requests // clients

    def client(k):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        mine = []
        try:
            for i in range(per):
                body = bodies[(k * per + i) % len(bodies)]
                t0 = time.perf_counter()
                c.request("POST", "/check", body=body,
                          headers={"Content-Type": "application/json"})
                r = c.getresponse()
                data = r.read()
                mine.append(time.perf_counter() - t0)
                if r.status != 200 or b'"verdict"' not in data:
                    with lock:
                        errors.append(r.status)
        except Exception as e:
            with lock:
                errors.append(repr(e))
        finally:
            c.close()
            with lock:
                lat.extend(mine)

    rss = [server.rss_mb()]
    threads = [threading.Thread(target=client, args=(k,))
               for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        rss.append(server.rss_mb())
    wall = time.perf_counter() - t0
    return lat, errors, wall, rss


def abuse(server):
    """Each malformed request: what the server did with it."""
    out = []

    def req(body, ctype, path="/check"):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        c.request("POST", path, body=body,
                  headers={"Content-Type": ctype} if ctype else {})
        r = c.getresponse()
        d = r.read()
        c.close()
        return r.status, d

    st, d = req(b"{not json", "application/json")
    out.append(("bad JSON", f"{st} {json.loads(d)['error']['code']}"))
    st, d = req(b"{}", "application/x-www-form-urlencoded")
    out.append(("wrong content type", f"{st} "
                f"{json.loads(d)['error']['code']}"))
    # 100 MB by Content-Length: answered before the body is read
    s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: "
              b"application/json\r\nContent-Length: 104857600\r\n\r\n")
    head = b""
    try:
        sent = 0
        s.settimeout(0.2)
        while sent < 100 << 20 and b"\r\n\r\n" not in head:
            try:
                s.sendall(b" " * (1 << 20))
                sent += 1 << 20
            except (BrokenPipeError, ConnectionResetError):
                break
            try:
                head += s.recv(4096)
            except socket.timeout:
                pass
        s.settimeout(5)
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    except (OSError, socket.timeout):
        pass
    s.close()
    out.append(("100 MB body", head.split(b"\r\n")[0].decode(errors="replace")
                or "dropped"))
    # a slow client: part of a request line, then nothing
    s = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    s.sendall(b"POST /check HTTP/1.1\r\nHo")
    t0 = time.time()
    try:
        closed = s.recv(100) == b""
    except OSError:
        closed = True
    out.append(("slow client", f"closed after {time.time() - t0:.1f} s"
                if closed else "still open"))
    s.close()
    # half-closed: a request, then our side shut
    s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    body = json.dumps({"premises": ["P(a)"], "steps": ["P(a)"]}).encode()
    s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: "
              b"application/json\r\nContent-Length: %d\r\n\r\n%s"
              % (len(body), body))
    s.shutdown(socket.SHUT_WR)
    data = b""
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            data += c
    except OSError:
        pass
    s.close()
    out.append(("half-closed connection",
                data.split(b"\r\n")[0].decode() or "dropped"))
    # 10,000 connections opened and dropped
    t0 = time.time()
    for i in range(10000):
        try:
            c = socket.create_connection(("127.0.0.1", server.port),
                                         timeout=10)
            if i % 2:
                c.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\n")
            c.close()
        except OSError:
            pass
    out.append(("10,000 connections opened and dropped",
                f"done in {time.time() - t0:.1f} s"))
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    c.request("GET", "/health")
    r = c.getresponse()
    r.read()
    c.close()
    return out, r.status


# ---- 3. GRPO-shaped batches ------------------------------------------------------

def grpo_file(problems, per):
    rng = random.Random(7)
    out = []
    for p in range(problems):
        base = gsm_trace(p, random.Random(1000 + p))
        for k in range(per):
            m = [None, None, None, None, "number", "operator",
                 "ungrounded"][k % 7]
            t = gsm_trace(p, random.Random(1000 + p), m)
            t["id"] = f"p{p}-s{k}"
            t["premises"] = base["premises"]
            out.append(t)
    rng.shuffle(out)
    return out


def grpo(records):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
        path = f.name
    try:
        t0 = time.perf_counter()
        subprocess.run([BINARY, "audit", "--jobs", "1", path],
                       stdout=subprocess.DEVNULL, check=True)
        audit_s = time.perf_counter() - t0
        for r in records[:20]:
            folcheck.check(r)
        t0 = time.perf_counter()
        rewards = [folcheck.reward(folcheck.check(r)) for r in records]
        reward_s = time.perf_counter() - t0
    finally:
        os.unlink(path)
    return len(records) / audit_s, len(records) / reward_s, rewards


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args()
    rows = []
    rng = random.Random(3)
    pq = prontoqa_traces(500)
    gsm = [gsm_trace(i, rng) for i in range(500)]
    lat = {}
    for name, traces in (("ProntoQA", pq), ("GSM 4-step", gsm)):
        lat[name] = latency(traces, 100)
        print(name, lat[name], file=sys.stderr)

    server = Server("--threads", "2", "--max-inflight", "256",
                    "--idle-timeout", "5")
    bodies = [json.dumps(t).encode() for pair in zip(pq, gsm) for t in pair]
    ls, errors, wall, rss = load(server, bodies, args.requests, args.clients)
    abuse_rows, health = abuse(server)
    rss_after = server.rss_mb()
    rc = server.stop()
    print("server", len(ls), errors[:5], wall, file=sys.stderr)

    recs = grpo_file(100, 16)
    audit_tps, reward_tps, rewards = grpo(recs)

    load_avg = machine.loadavg()
    cpu = machine.cpu_model()
    lines = []
    lines.append(f"Command: `python3 benchmarks/rl/run.py` "
                 f"({time.strftime('%Y-%m-%d')}, {cpu}, 2 cores, load "
                 f"{load_avg:.1f} at the start; a machine shared with other "
                 f"work).")
    lines.append("")
    lines.append("**Latency per trace** (median; in process: "
                 "`folcheck.check` through the Python package, one thread; "
                 "subprocess: one `folcheck check --format json` per trace)")
    lines.append("")
    lines.append("| traces | in process | subprocess | ratio | target (in "
                 "process) |")
    lines.append("|---|---|---|---|---|")
    targets = {"ProntoQA": 0.3, "GSM 4-step": 1.0}
    for name, (inp, sub, n, m) in lat.items():
        t = targets[name]
        lines.append(f"| {name} ({n} in process, {m} subprocess) | "
                     f"{inp * 1e3:.2f} ms | {sub * 1e3:.1f} ms | "
                     f"{sub / inp:.0f}x | {t} ms: "
                     f"{'met' if inp * 1e3 <= t else 'not met'} |")
    lines.append("")
    lines.append(f"**Server** (`folcheck serve --threads 2`): "
                 f"{args.clients} keep-alive clients, {len(ls):,} POST "
                 f"/check of ProntoQA and GSM traces in turn")
    lines.append("")
    lines.append("| errors | p50 | p99 | throughput | RSS start / peak / "
                 "end of load / after abuse |")
    lines.append("|---|---|---|---|---|")
    lines.append(f"| {len(errors)} | {pct(ls, 50) * 1e3:.1f} ms | "
                 f"{pct(ls, 99) * 1e3:.1f} ms | {len(ls) / wall:,.0f} "
                 f"requests/s | {rss[0]:.0f} / {max(rss):.0f} / {rss[-1]:.0f}"
                 f" / {rss_after:.0f} MB |")
    lines.append("")
    lines.append("| malformed request | what the server did |")
    lines.append("|---|---|")
    for what, did in abuse_rows:
        lines.append(f"| {what} | {did} |")
    lines.append(f"| then GET /health | {health} |")
    lines.append(f"| then SIGTERM | exit status {rc} |")
    lines.append("")
    lines.append(f"**GRPO-shaped batch**: 100 problems × 16 samples sharing "
                 f"the premises (the gold chain and mutants: a wrong number, "
                 f"a wrong operator, an ungrounded name), "
                 f"{len(recs):,} traces, one thread")
    lines.append("")
    lines.append("| way | traces/s |")
    lines.append("|---|---|")
    lines.append(f"| `folcheck.reward(folcheck.check(t))` in process | "
                 f"{reward_tps:,.0f} |")
    lines.append(f"| `folcheck audit --jobs 1` on the file | "
                 f"{audit_tps:,.0f} |")
    mean_reward = statistics.mean(rewards)
    lines.append("")
    lines.append(f"Mean reward over the batch: {mean_reward:.3f} "
                 f"(4 of every 7 samples are the gold chain).")
    text = "\n".join(lines)
    print(text)
    if not args.no_readme:
        path = os.path.join(REPO, "benchmarks", "README.md")
        s = open(path, encoding="utf-8").read()
        block = f"<!-- rl:begin -->\n{text}\n<!-- rl:end -->"
        if "<!-- rl:begin -->" in s:
            s = re.sub(r"<!-- rl:begin -->.*?<!-- rl:end -->", lambda m: block,
                       s, flags=re.S)
        else:
            s = s.rstrip("\n") + "\n\n## In the RL loop: library, package, " \
                "server\n\n" + block + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(s)
    return 0 if not errors and health == 200 and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
