#!/usr/bin/env python3
"""`folcheck serve` against a real client (http.client and raw sockets), on
a free loopback port:

- every endpoint answers as documented, and /check and /audit give what
  `folcheck check --format json` and `folcheck audit` give;
- each limit is answered with a JSON error and its status: bad JSON 400,
  unknown path 404, wrong method 405 (with Allow), too large a body 413
  (by Content-Length, and by the bytes of a chunked body), wrong content
  type 415, too many requests in flight 503, a trace over the request's
  time 504;
- bad clients (a slow one, a half-closed connection, connections opened and
  dropped) leave the server serving;
- concurrent keep-alive clients get the right answers;
- /metrics counts what happened;
- SIGTERM lets the request in flight finish, then the server exits 0.

Environment: FOLCHECK (the binary).  Exit 0 when everything holds.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

BINARY = os.environ.get("FOLCHECK", "build/folcheck")
from fctest import Checks  # noqa: E402

checks = Checks(defer=True)
check = checks.check


class Server:
    def __init__(self, *args):
        self.p = subprocess.Popen([BINARY, "serve", "--port", "0", *args],
                                  stderr=subprocess.PIPE, text=True)
        line = self.p.stderr.readline()
        m = re.search(r"listening on http://([\d.]+):(\d+)", line)
        if not m:
            raise RuntimeError(f"serve did not start: {line!r}")
        self.host, self.port = m.group(1), int(m.group(2))

    def conn(self, timeout=60):
        return http.client.HTTPConnection(self.host, self.port,
                                          timeout=timeout)

    def request(self, method, path, body=None, ctype=None, conn=None):
        c = conn or self.conn()
        headers = {"Content-Type": ctype} if ctype else {}
        if isinstance(body, str):
            body = body.encode()
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read().decode()
        if not conn:
            c.close()
        return r.status, dict(r.getheaders()), data

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            rc = self.p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = "killed"
        rest = self.p.stderr.read()
        self.p.stderr.close()
        return rc, rest


def strip(r):
    r = dict(r)
    for k in ("stats", "file", "line"):
        r.pop(k, None)
    for s in r.get("steps", []):
        s.pop("line", None)
    if isinstance(r.get("error"), dict):
        r["error"] = {k: v for k, v in r["error"].items() if k != "line"}
    return r


RECORDS = [
    {"id": 1, "premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
     "steps": ["Animal(tom)"], "conclusion": "Animal(tom)"},
    {"id": 2, "premises": ["a = 2", "b = 3"],
     "steps": ["c = a + b", "c = 6"], "conclusion": "c = 6"},
    {"id": 3, "premises": ["P(a)"], "steps": [{"formula": "P(a)",
                                               "by": ["p9"]}]},
    {"id": 4, "premises": ["P(a"], "steps": ["P(a)"]},
    {"id": 5, "premises": ["april = 48"], "steps": ["total = 50 + 50 = 100"],
     "conclusion": "total = 100"},
]


def cli_audit(text):
    p = subprocess.run([BINARY, "audit", "-"], input=text.encode(),
                       capture_output=True)
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


def error_of(status, body):
    try:
        return json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return f"not a JSON error: {status} {body[:200]!r}"


def test_endpoints(s):
    st, h, body = s.request("GET", "/health")
    check(st == 200 and json.loads(body)["status"] == "ok", f"/health {st}")
    # /check: a record, and a text trace, as the CLI gives them
    lines = "".join(json.dumps(r) + "\n" for r in RECORDS)
    want = cli_audit(lines)
    for rec, w in zip(RECORDS, want):
        st, h, body = s.request("POST", "/check", json.dumps(rec),
                                "application/json")
        check(st == 200, f"/check {rec['id']}: status {st}")
        check(h.get("Content-Type") == "application/json",
              f"/check content type {h.get('Content-Type')}")
        check(strip(json.loads(body)) == strip(w),
              f"/check {rec['id']}: {body[:300]} != {w}")
    text = "premise: P(a)\nstep: P(a)\nconclude: P(a)\n"
    st, h, body = s.request("POST", "/check", text, "text/plain")
    check(st == 200 and json.loads(body)["valid"] is True,
          f"/check text: {st} {body[:200]}")
    # /audit: JSON Lines in, the same lines as `folcheck audit` out
    st, h, body = s.request("POST", "/audit", lines + "{bad\n",
                            "application/x-ndjson")
    got = [json.loads(l) for l in body.splitlines()]
    want = cli_audit(lines + "{bad\n")
    check(st == 200 and len(got) == len(want) and
          [strip(g) for g in got] == [strip(w) for w in want],
          f"/audit differs from folcheck audit: {body[:300]}")
    # /reward: a record, or {"trace", "weights"}
    st, h, body = s.request("POST", "/reward", json.dumps(RECORDS[0]),
                            "application/json")
    r = json.loads(body)
    check(st == 200 and r["reward"] == 1 and r["step_rewards"] == [1] and
          r["verdict"] == "valid", f"/reward: {body[:200]}")
    st, h, body = s.request("POST", "/reward", json.dumps(RECORDS[4]),
                            "application/json")
    check(json.loads(body)["reward"] == 0, f"/reward vacuous: {body[:200]}")
    st, h, body = s.request("POST", "/reward", json.dumps(
        {"trace": "premise: P(a)\nstep: P(a)\nstep: Q(b)\n",
         "weights": {"coherent_invalid": 1.0, "ungrounded_symbol": 0.5}}),
        "application/json")
    r = json.loads(body)
    check(st == 200 and r["reward"] == 0.5 and r["step_rewards"] == [1, 0.5],
          f"/reward with weights: {body[:300]}")
    st, h, body = s.request("POST", "/reward", json.dumps(
        {"trace": RECORDS[0], "weights": {"vaild": 1}}), "application/json")
    check(st == 400 and error_of(st, body) == "bad_weights",
          f"/reward bad weights: {st} {body[:200]}")


def test_errors(s):
    cases = [
        ("POST", "/check", "{not json", "application/json", 400, "bad_json"),
        ("POST", "/check", "[1, 2]", "application/json", 400, "bad_json"),
        ("POST", "/check", "x=1", "application/x-www-form-urlencoded", 415,
         "unsupported_media_type"),
        ("POST", "/check", "{}", None, 415, "unsupported_media_type"),
        ("POST", "/audit", "{}", "text/html", 415, "unsupported_media_type"),
        ("GET", "/check", None, None, 405, "method_not_allowed"),
        ("POST", "/health", "", "application/json", 405,
         "method_not_allowed"),
        ("GET", "/nowhere", None, None, 404, "not_found"),
        ("POST", "/check?dialect=klingon", "{}", "application/json", 400,
         "unknown_dialect"),
    ]
    for method, path, body, ctype, status, code in cases:
        st, h, data = s.request(method, path, body, ctype)
        check(st == status and error_of(st, data) == code,
              f"{method} {path} ({ctype}): {st} {data[:200]}, expected "
              f"{status} {code}")
        if status == 405:
            check("Allow" in h, f"{method} {path}: 405 without Allow")


def test_body_limits(s):
    # by Content-Length: answered before the body is read
    sock = socket.create_connection((s.host, s.port), timeout=30)
    sock.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: "
                 b"application/json\r\nContent-Length: 104857600\r\n\r\n")
    sock.sendall(b"{" * 65536)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    sock.close()
    head = data.decode(errors="replace")
    check(head.startswith("HTTP/1.1 413") and "body_too_large" in head,
          f"100 MB by Content-Length: {head[:200]!r}")
    # chunked, no Content-Length: caught as the bytes arrive
    c = s.conn()
    c.putrequest("POST", "/check")
    c.putheader("Content-Type", "application/json")
    c.putheader("Transfer-Encoding", "chunked")
    c.endheaders()
    try:
        for _ in range(40):
            piece = b"[" * 65536
            c.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        c.send(b"0\r\n\r\n")
        r = c.getresponse()
        st, body = r.status, r.read().decode()
    except (BrokenPipeError, ConnectionResetError) as e:
        st, body = None, str(e)
        try:
            r = c.getresponse()
            st, body = r.status, r.read().decode()
        except Exception:
            pass
    c.close()
    check(st == 413 and error_of(st, body) == "body_too_large",
          f"chunked body over the limit: {st} {body[:200]}")


def test_back_to_back(s):
    # one client, one request at a time: the slot of an answer it has read
    # is free for its next request, on a new connection (which may land on
    # the other thread) or on the same one
    small = "".join(json.dumps(r) + "\n" for r in RECORDS[:2])
    busy = []
    keep = s.conn()
    for i in range(400):
        c = keep if i % 2 else None
        if i % 4 < 2:
            st, h, body = s.request("POST", "/check", json.dumps(RECORDS[0]),
                                    "application/json", conn=c)
        else:
            st, h, body = s.request("POST", "/audit", small,
                                    "application/x-ndjson", conn=c)
        if st != 200:
            busy.append((i, st, body[:120]))
    keep.close()
    check(not busy, f"back-to-back requests with --max-inflight 1 refused: "
                    f"{len(busy)} of 400, first {busy[:1]}")


def test_busy(s):
    # a long /audit holds the only slot (--max-inflight 1, two threads); a
    # body still arriving holds none
    trickle = socket.create_connection((s.host, s.port), timeout=30)
    trickle.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    b"application/json\r\nContent-Length: 100\r\n\r\n{")
    st, h, body = s.request("GET", "/health")
    check(st == 200, f"a body still arriving holds a slot: {st} {body[:200]}")
    trickle.close()
    lines = "".join(json.dumps({"premises": ["a = 2", "b = 3"],
                                "steps": ["c = a * b", f"c = {6 + i % 2}"]})
                    + "\n" for i in range(3000))
    done = {}

    def audit():
        # a probe below may hold the slot as the audit arrives: retry
        for _ in range(100):
            done["r"] = s.request("POST", "/audit", lines,
                                  "application/x-ndjson")
            if done["r"][0] != 503:
                break
            time.sleep(0.05)

    t = threading.Thread(target=audit)
    t.start()
    # wait until the audit holds the slot: a probe is then refused
    deadline = time.time() + 30
    while time.time() < deadline:
        st, h, body = s.request("GET", "/health")
        if st == 503:
            break
        time.sleep(0.02)
    st, h, body = s.request("POST", "/check", json.dumps(RECORDS[0]),
                            "application/json")
    check(st == 503 and error_of(st, body) == "busy",
          f"a second request with --max-inflight 1: {st} {body[:200]}")
    t.join()
    check(done["r"][0] == 200 and len(done["r"][2].splitlines()) == 3000,
          "the long /audit was cut short")
    st, h, body = s.request("POST", "/check", json.dumps(RECORDS[0]),
                            "application/json")
    check(st == 200, f"after the slot is free: {st} {body[:200]}")


def test_bad_clients(s):
    # a slow client: half a request line, then nothing (--idle-timeout 1)
    slow = socket.create_connection((s.host, s.port), timeout=10)
    slow.sendall(b"POST /check HTTP/1.1\r\nHost")
    t0 = time.time()
    try:
        closed = slow.recv(1024) == b""
    except (ConnectionResetError, socket.timeout):
        closed = True
    check(closed and time.time() - t0 < 8,
          "a slow client is not cut off by the idle timeout")
    slow.close()
    # a half-closed connection: the request, then shutdown of our side
    half = socket.create_connection((s.host, s.port), timeout=10)
    body = json.dumps(RECORDS[0]).encode()
    half.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: "
                 b"application/json\r\nContent-Length: %d\r\n\r\n%s"
                 % (len(body), body))
    half.shutdown(socket.SHUT_WR)
    data = b""
    try:
        while True:
            chunk = half.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    half.close()
    check(data == b"" or data.startswith(b"HTTP/1.1 200"),
          f"half-closed connection: {data[:100]!r}")
    # connections opened and dropped, some mid-request
    for i in range(500):
        d = socket.create_connection((s.host, s.port), timeout=10)
        if i % 3 == 1:
            d.sendall(b"POST /check HTTP/1.1\r\nContent-Length: 50\r\n\r\n{")
        elif i % 3 == 2:
            d.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        d.close()
    st, h, body = s.request("GET", "/health")
    check(st == 200, f"still serving after bad clients: {st}")
    st, h, body = s.request("POST", "/check", json.dumps(RECORDS[1]),
                            "application/json")
    check(st == 200 and json.loads(body)["verdict"] == "invalid",
          f"still checking after bad clients: {st} {body[:200]}")


def test_aborted_uploads():
    """Clients that send part of a request and close: each connection is
    closed at once, not held to the idle timeout (30 s here).  With
    libmicrohttpd's epoll mode they were held, a connection whose data and
    close arrived together never woke it again, so 1,024 of them filled
    the server and new clients waited for the idle timeout."""
    s = Server("--idle-timeout", "30")
    try:
        t0 = time.time()
        for i in range(3000):
            d = socket.create_connection((s.host, s.port), timeout=10)
            d.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\n")
            d.close()
        c = s.conn(timeout=10)
        try:
            st, h, body = s.request("GET", "/health", conn=c)
        except (socket.timeout, OSError) as e:
            st = repr(e)
        c.close()
        took = time.time() - t0
        check(st == 200 and took < 10,
              f"after 3,000 aborted uploads /health: {st} after {took:.1f} s")
    finally:
        rc, err = s.stop()
        check(rc == 0, f"serve exited {rc}: {err}")


def test_concurrent(s):
    want = {r["id"]: strip(w) for r, w in
            zip(RECORDS, cli_audit("".join(json.dumps(r) + "\n"
                                           for r in RECORDS)))}
    errors = []

    def client(k):
        c = s.conn()
        try:
            for i in range(40):
                rec = RECORDS[(k + i) % len(RECORDS)]
                st, h, body = s.request("POST", "/check", json.dumps(rec),
                                        "application/json", conn=c)
                if st != 200 or strip(json.loads(body)) != want[rec["id"]]:
                    errors.append((k, i, st, body[:200]))
        except Exception as e:
            errors.append((k, repr(e)))
        finally:
            c.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not errors, f"concurrent keep-alive clients: {errors[:3]}")


def test_request_timeout():
    s = Server("--request-timeout", "1")
    try:
        rec = {"premises": [f"x{i} = x{i + 1} - 1" for i in range(300)],
               "steps": [f"x{i} < x{i + 2}" for i in range(300)]}
        st, h, body = s.request("POST", "/check", json.dumps(rec),
                                "application/json")
        r = json.loads(body) if body.startswith("{") else {}
        unknown = [x for x in r.get("steps", []) if x["global"] == "unknown"]
        check(st == 504 and unknown and "time limit" in
              unknown[-1].get("reason", ""),
              f"a trace over the request time: {st} {body[:300]}")
    finally:
        s.stop()


def metrics_values(s):
    st, h, body = s.request("GET", "/metrics")
    values = {}
    for line in body.splitlines():
        if line and not line.startswith("#"):
            k, v = line.rsplit(" ", 1)
            values[k] = float(v)
    return st, h, values


def test_metrics(s):
    # a request is counted when its last byte is sent, which can be after
    # the client has read it: wait for the counts to settle
    deadline = time.time() + 5
    while True:
        st, h, values = metrics_values(s)
        settled = values.get("folcheck_requests_in_flight") == 1
        if settled or time.time() > deadline:
            break
        time.sleep(0.05)
    check(st == 200 and h.get("Content-Type", "").startswith("text/plain"),
          f"/metrics: {st} {h}")
    ok2 = values.get('folcheck_requests_total{endpoint="/check",code="2xx"}',
                     0)
    check(ok2 >= 5 + 1 + 320, f"/check 2xx count {ok2}")
    check(values.get('folcheck_requests_total{endpoint="/check",code="4xx"}',
                     0) >= 5, "4xx count")
    check(values.get("folcheck_requests_in_flight") == 1,
          f"in flight {values.get('folcheck_requests_in_flight')}")
    count = values.get(
        'folcheck_request_duration_seconds_count{endpoint="/check"}', 0)
    inf = values.get('folcheck_request_duration_seconds_bucket{endpoint='
                     '"/check",le="+Inf"}', -1)
    check(count == inf and count > 0, "histogram count != +Inf bucket")


def test_graceful_stop():
    s = Server("--threads", "1")
    lines = "".join(json.dumps({"id": i, "premises": ["a = 2", "b = 3"],
                                "steps": ["c = a * b", f"c = {6 + i % 2}"]})
                    + "\n" for i in range(150))
    result = {}

    def audit():
        try:
            result["resp"] = s.request("POST", "/audit", lines,
                                       "application/x-ndjson")
        except Exception as e:
            result["err"] = repr(e)

    t = threading.Thread(target=audit)
    t.start()
    # SIGTERM once the audit is in flight (with this /metrics request)
    deadline = time.time() + 30
    while time.time() < deadline:
        st, h, values = metrics_values(s)
        if values.get("folcheck_requests_in_flight", 0) >= 2 or \
                not t.is_alive():
            break
        time.sleep(0.01)
    rc, err = s.stop()
    t.join(timeout=120)
    st, h, body = result.get("resp", (None, None, ""))
    n = len(body.splitlines())
    check(st == 200 and n == 150,
          f"SIGTERM during /audit: status {st}, {n} of 150 lines "
          f"({result.get('err')})")
    check(rc == 0 and "stopped" in err, f"serve exit {rc}: {err}")


def main():
    # the idle timeout of 1 s is for the slow client only: under the
    # sanitizers a keep-alive client can wait longer than that between
    # its requests while the workers answer others
    s = Server("--idle-timeout", "1")
    try:
        test_bad_clients(s)
    finally:
        rc, err = s.stop()
        check(rc == 0, f"serve exited {rc}: {err}")
    s = Server("--max-body", "1000000")
    try:
        test_endpoints(s)
        test_errors(s)
        test_body_limits(s)
        test_concurrent(s)
        test_metrics(s)
    finally:
        rc, err = s.stop()
        check(rc == 0, f"serve exited {rc}: {err}")
        check("Sanitizer" not in err and "runtime error" not in err,
              f"sanitizer report: {err[:500]}")
    s = Server("--max-inflight", "1", "--threads", "2")
    try:
        test_back_to_back(s)
        test_busy(s)
    finally:
        s.stop()
    test_request_timeout()
    test_graceful_stop()
    test_aborted_uploads()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
