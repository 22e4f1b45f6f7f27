"""A worker that throws and one that never settles, while the same process keeps serving other
requests: the throwing request gets 500, the hung one a 5xx within request_timeout_ms (plus
slack), and the others no error."""
import threading
import time
import unittest

from common import KeepAliveClient, Server, report, write_project

REQUEST_TIMEOUT_MS = 500
BOUND_S = REQUEST_TIMEOUT_MS / 1000 + 2.0

PROJECT = {
    "wrangler.toml": f"""
        name = "failures"
        main = "index.js"
        compatibility_date = "2025-04-01"
        [assets]
        directory = "public"
        [dev]
        request_timeout_ms = {REQUEST_TIMEOUT_MS}
        wait_until_limit_ms = 1000
    """,
    "public/asset.txt": "asset\n",
    "index.js": """
        export default {
          async fetch(request, env, ctx) {
            const url = new URL(request.url);
            switch (url.pathname) {
              case "/throw": throw new Error("thrown on purpose");
              case "/throw-async":
                await new Promise((r) => setTimeout(r, 2));
                throw new TypeError("thrown after an await");
              case "/hang": return new Promise(() => {});
              case "/hang-await": await new Promise(() => {}); return new Response("never");
              case "/ok":
                await null;
                return new Response("ok " + url.searchParams.get("i"));
            }
            return new Response("plain");
          },
        };
    """,
}


class WorkerFailureTest(unittest.TestCase):
    def test_throwing_gets_500_and_never_settling_gets_a_bounded_5xx_while_others_are_served(self):
        with Server(write_project(PROJECT), "--quiet", threads=2) as server:
            port = server.port
            stop = threading.Event()
            ok = [0]
            other_errors = []
            failures = []  # (path, status or error, seconds)
            lock = threading.Lock()

            def normal(i):
                client = KeepAliveClient(port)
                n = 0
                while not stop.is_set():
                    path = ["/ok?i=%d" % n, "/asset.txt", "/"][n % 3]
                    try:
                        status, _, body = client.get(path)
                        if status != 200:
                            other_errors.append(f"{path}: {status} {body[:80]!r}")
                        else:
                            with lock:
                                ok[0] += 1
                    except (OSError, ConnectionError, ValueError) as e:
                        other_errors.append(f"{path}: {e!r}")
                        client.close()
                    n += 1
                client.close()

            def failing(path):
                client = KeepAliveClient(port, timeout=REQUEST_TIMEOUT_MS / 1000 + 10)
                started = time.monotonic()
                try:
                    status, _, _ = client.get(path)
                    # The connection must stay usable after an error response.
                    status2, _, _ = client.get("/asset.txt")
                    outcome = (status, status2)
                except (OSError, ConnectionError, ValueError) as e:
                    outcome = (repr(e), None)
                with lock:
                    failures.append((path, outcome, time.monotonic() - started))
                client.close()

            normals = [threading.Thread(target=normal, args=(i,)) for i in range(8)]
            for t in normals:
                t.start()
            time.sleep(0.2)
            bad = []
            for round_ in range(3):
                for path in ("/throw", "/throw-async", "/hang", "/hang-await") * 3:
                    t = threading.Thread(target=failing, args=(path,))
                    t.start()
                    bad.append(t)
                time.sleep(0.3)
            for t in bad:
                t.join(BOUND_S + 15)
            time.sleep(0.2)
            stop.set()
            for t in normals:
                t.join(15)

            by_kind = {}
            for path, outcome, secs in failures:
                by_kind.setdefault(path, []).append((outcome, secs))
            for path, rows in sorted(by_kind.items()):
                report("worker-failures", path=path, count=len(rows),
                       statuses=sorted({r[0][0] for r in rows}, key=str),
                       slowest_s=f"{max(r[1] for r in rows):.2f}")
            report("worker-failures", others_ok=ok[0], others_errors=len(other_errors))

            self.assertEqual(len(failures), len(bad))
            for path, (status, status2), secs in failures:
                if path.startswith("/throw"):
                    self.assertEqual(status, 500, path)
                else:
                    self.assertIsInstance(status, int, f"{path}: {status}")
                    self.assertTrue(500 <= status <= 599, f"{path}: {status}")
                    self.assertLess(secs, BOUND_S, f"{path} answered after {secs:.2f} s")
                self.assertEqual(status2, 200, f"the connection after {path} did not serve the next request")
            self.assertEqual(other_errors[:10], [])
            self.assertGreater(ok[0], 50)
            self.assertIsNone(server.proc.poll(), "edgerun exited")


if __name__ == "__main__":
    unittest.main()
