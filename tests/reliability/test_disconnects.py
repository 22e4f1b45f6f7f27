"""10,000 requests with clients that go away before, during and after the response, over
assets (including a 1 MiB file) and worker routes: the server does not crash, and its file
descriptors and memory come back (counted from /proc/PID/fd and VmRSS before and after)."""
import os
import random
import socket
import struct
import threading
import time
import unittest

import common
from common import Server, fd_count, report, rss_kb, settle_fds, split_responses, write_project

TOTAL = int(os.environ.get("EDGERUN_DISCONNECT_REQUESTS", "10000"))
CLIENT_THREADS = 8
TIME_BOUND_S = 120
BIG = 1 << 20

PROJECT = {
    "wrangler.toml": """
        name = "disconnects"
        main = "index.js"
        compatibility_date = "2025-04-01"
        [assets]
        directory = "public"
        [dev]
        idle_timeout_ms = 1000
        request_timeout_ms = 5000
        shutdown_grace_ms = 3000
    """,
    "public/small.txt": "x" * 4096,
    "public/big.bin": random.Random(7).randbytes(BIG),
    "index.js": """
        export default {
          async fetch(request, env, ctx) {
            const url = new URL(request.url);
            switch (url.pathname) {
              case "/json": return Response.json({ ok: true, path: url.pathname, n: Math.random() });
              case "/slow":
                await new Promise((r) => setTimeout(r, 5));
                return new Response("slow answer\\n".repeat(100));
              case "/big-js": return new Response("y".repeat(200000));
              case "/post": {
                const body = await request.text();
                return new Response(`got ${body.length}\\n`);
              }
              case "/wait":
                ctx.waitUntil(new Promise((r) => setTimeout(r, 20)));
                return new Response("waited\\n");
            }
            return new Response("hello from the worker\\n");
          },
        };
    """,
}

PATHS = [  # (path, expected body length or None if variable, weight)
    ("/small.txt", 4096, 25),
    ("/big.bin", BIG, 10),
    ("/", None, 25),
    ("/json", None, 10),
    ("/slow", 1200, 10),
    ("/big-js", 200000, 8),
    ("/wait", None, 7),
    ("/missing-asset-goes-to-worker", None, 5),
]
MODES = [  # (mode, weight)
    ("connect-and-close", 6),        # before: nothing sent
    ("partial-head", 8),             # before: half a head, then FIN
    ("partial-head-reset", 6),       # before: half a head, then RST
    ("request-then-close", 12),      # during: full request, close without reading
    ("request-then-reset", 10),      # during: full request, RST without reading
    ("partial-read-close", 10),      # during: read a few KiB of the response, FIN
    ("partial-read-reset", 8),       # during: read a few KiB of the response, RST
    ("partial-body", 5),             # during: POST whose body stops halfway, then close
    ("pipelined-then-reset", 5),     # during: three pipelined requests, read a little, RST
    ("full-close", 20),              # after: read the whole response (Connection: close)
    ("full-keepalive-then-close", 10),  # after: keep-alive response read whole, then FIN
]


def pick(rng, table):
    total = sum(item[-1] for item in table)
    x = rng.uniform(0, total)
    for item in table:
        x -= item[-1]
        if x <= 0:
            return item
    return table[-1]


def request_bytes(path, close=True):
    return (f"GET {path} HTTP/1.1\r\nHost: localhost\r\n" + ("Connection: close\r\n" if close else "")
            + "\r\n").encode()


def reset_close(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def read_all(s):
    chunks = []
    while True:
        c = s.recv(262144)
        if not c:
            return b"".join(chunks)
        chunks.append(c)


def read_one_response(s):
    """Reads exactly one Content-Length-framed response from a kept-alive socket."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        c = s.recv(65536)
        if not c:
            raise ConnectionError("closed before the head")
        buf += c
    head, _, rest = buf.partition(b"\r\n\r\n")
    length = None
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    if length is None:
        raise ConnectionError("no content-length on a keep-alive response")
    while len(rest) < length:
        c = s.recv(262144)
        if not c:
            raise ConnectionError("closed inside the body")
        rest += c
    return int(head.split(b" ")[1]), rest[:length]


def one(port, rng):
    """Runs one randomly chosen client behaviour; returns (mode, error or None)."""
    mode = pick(rng, MODES)[0]
    path, expected_len, _ = pick(rng, PATHS)
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        if mode == "connect-and-close":
            s.close()
        elif mode in ("partial-head", "partial-head-reset"):
            data = request_bytes(path)
            s.sendall(data[: rng.randint(1, len(data) - 2)])
            time.sleep(rng.random() * 0.002)
            reset_close(s) if mode.endswith("reset") else s.close()
        elif mode in ("request-then-close", "request-then-reset"):
            s.sendall(request_bytes(path, close=rng.random() < 0.5))
            if rng.random() < 0.5:
                time.sleep(rng.random() * 0.003)
            reset_close(s) if mode.endswith("reset") else s.close()
        elif mode in ("partial-read-close", "partial-read-reset"):
            s.sendall(request_bytes(path, close=rng.random() < 0.5))
            # One or two reads of up to 16 KiB: part of a large response, or all of a small
            # one (then the connection may still be open, kept alive, when we go away).
            if s.recv(rng.randint(1, 16384)) and rng.random() < 0.5:
                s.settimeout(0.05)  # a small kept-alive response has no more bytes coming
                try:
                    s.recv(rng.randint(1, 16384))
                except socket.timeout:
                    pass
            reset_close(s) if mode.endswith("reset") else s.close()
        elif mode == "partial-body":
            s.sendall(b"POST /post HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n" + b"b" * rng.randint(0, 50000))
            time.sleep(rng.random() * 0.003)
            reset_close(s) if rng.random() < 0.5 else s.close()
        elif mode == "pipelined-then-reset":
            s.sendall(request_bytes(path, close=False) * 2 + request_bytes("/"))
            s.recv(rng.randint(1, 8192))
            reset_close(s)
        elif mode == "full-close":
            s.sendall(request_bytes(path))
            data = read_all(s)
            responses, leftover = split_responses(data)
            if len(responses) != 1 or responses[0][0] != 200 or leftover:
                return mode, f"{path}: {data[:120]!r}"
            if expected_len is not None and len(responses[0][2]) != expected_len:
                return mode, f"{path}: body {len(responses[0][2])} bytes, wanted {expected_len}"
            s.close()
        elif mode == "full-keepalive-then-close":
            s.sendall(request_bytes(path, close=False))
            status, body = read_one_response(s)
            if status != 200 or (expected_len is not None and len(body) != expected_len):
                return mode, f"{path}: {status}, {len(body)} bytes"
            s.close()
        return mode, None
    except (OSError, ConnectionError) as e:
        # A reset from the server while we were still sending/reading is only an error when we
        # meant to read the whole response.
        if mode.startswith("full"):
            return mode, f"{path}: {e!r}"
        return mode, None
    finally:
        try:
            s.close()
        except OSError:
            pass


class DisconnectTest(unittest.TestCase):
    def test_ten_thousand_requests_with_random_client_disconnects_leak_no_fds_or_memory_and_never_crash(self):
        seed = int(os.environ.get("EDGERUN_RELIABILITY_SEED", random.randrange(1 << 30)))
        with Server(write_project(PROJECT), "--quiet", threads=2) as server:
            pid = server.proc.pid
            # Warm up: isolates created, file paths cached, allocator arenas grown.
            warm = random.Random(1)
            for i in range(300):
                if i % 3:
                    one(server.port, warm)
                path = PATHS[i % len(PATHS)][0]
                with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
                    s.sendall(request_bytes(path))
                    read_all(s)
            time.sleep(1.5)
            fds_before = fd_count(pid)
            rss_before = rss_kb(pid)

            counts = {}
            errors = []
            lock = threading.Lock()
            next_index = [0]
            started = time.monotonic()
            deadline = started + TIME_BOUND_S

            def worker(tid):
                rng = random.Random(seed * 31 + tid)
                while time.monotonic() < deadline:
                    with lock:
                        if next_index[0] >= TOTAL:
                            return
                        next_index[0] += 1
                    mode, err = one(server.port, rng)
                    with lock:
                        counts[mode] = counts.get(mode, 0) + 1
                        if err:
                            errors.append(f"{mode}: {err}")

            threads = [threading.Thread(target=worker, args=(t,)) for t in range(CLIENT_THREADS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(TIME_BOUND_S + 30)
            elapsed = time.monotonic() - started
            done = sum(counts.values())

            alive = server.proc.poll() is None
            fds_after = settle_fds(pid, fds_before, slack=2, timeout=8) if alive else -1
            time.sleep(1.0)
            rss_after = rss_kb(pid) if alive else -1
            # Still serving afterwards.
            after_ok = False
            if alive:
                with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
                    s.sendall(request_bytes("/big.bin"))
                    responses, _ = split_responses(read_all(s))
                    after_ok = len(responses) == 1 and responses[0][0] == 200 and len(responses[0][2]) == BIG

            report("disconnects", seed=seed, requests=done, seconds=f"{elapsed:.1f}",
                   errors=len(errors), fds_before=fds_before, fds_after=fds_after,
                   rss_before_mb=f"{rss_before / 1024:.1f}", rss_after_mb=f"{rss_after / 1024:.1f}",
                   rss_growth_mb=f"{(rss_after - rss_before) / 1024:.1f}")
            report("disconnects-modes", **dict(sorted(counts.items())))

            stop_started = time.monotonic()
            rc = server.stop()
            stop_s = time.monotonic() - stop_started
            report("disconnects-stop", graceful_stop_s=f"{stop_s:.2f}", exit_code=rc,
                   note="a stop near shutdown_grace_ms (3 s) means requests were left in flight")

            self.assertTrue(alive, "edgerun exited during the run:\n" + server.stderr[-3000:])
            self.assertEqual(done, TOTAL, f"only {done} of {TOTAL} requests within {TIME_BOUND_S} s")
            self.assertEqual(errors[:10], [], f"{len(errors)} full responses went wrong (seed {seed})")
            self.assertTrue(after_ok, "the server did not answer a 1 MiB asset afterwards")
            self.assertLessEqual(abs(fds_after - fds_before), 2,
                                 f"file descriptors: {fds_before} before, {fds_after} after")
            if not common.SANITIZED:
                self.assertLess(rss_after - rss_before, 30 * 1024, "RSS grew by more than 30 MB")
            self.assertEqual(rc, 0)

    def test_requests_aborted_by_a_client_reset_while_pipelined_leave_nothing_in_flight_for_shutdown(self):
        # Two pipelined requests to a worker route that awaits a timer; the client reads the
        # first byte of the first response and resets. Once every connection is gone, nothing
        # is in flight, so SIGTERM must not wait for shutdown_grace_ms (10 s here).
        project = dict(PROJECT)
        project["wrangler.toml"] = PROJECT["wrangler.toml"].replace("shutdown_grace_ms = 3000",
                                                                    "shutdown_grace_ms = 10000")
        with Server(write_project(project), "--quiet", threads=1) as server:
            for _ in range(200):
                s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                s.sendall(request_bytes("/slow", close=False) * 2)
                s.recv(1)
                reset_close(s)
            time.sleep(0.5)
            fds = fd_count(server.proc.pid)
            started = time.monotonic()
            rc = server.stop()
            stop_s = time.monotonic() - started
            report("pipelined-reset-stop", connections=200, fds_before_stop=fds,
                   graceful_stop_s=f"{stop_s:.2f}", exit_code=rc)
            self.assertEqual(rc, 0)
            self.assertLess(stop_s, 3.0, "graceful stop waited for requests that no longer exist")


if __name__ == "__main__":
    unittest.main()
