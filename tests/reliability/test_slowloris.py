"""Slow-loris: connections that trickle a request head are closed after header_timeout_ms,
while normal clients running at the same time see no errors."""
import select
import socket
import threading
import time
import unittest

from common import KeepAliveClient, Server, report, write_project

HEADER_TIMEOUT_MS = 1000
SLOW_CONNECTIONS = 20
TRICKLE_INTERVAL = 0.2
NORMAL_CLIENTS = 50

PROJECT = {
    "wrangler.toml": f"""
        name = "slowloris"
        main = "index.js"
        compatibility_date = "2025-04-01"
        [assets]
        directory = "public"
        [dev]
        header_timeout_ms = {HEADER_TIMEOUT_MS}
    """,
    "public/asset.txt": "static bytes\n" * 50,
    "index.js": """
        export default {
          async fetch(request) { return new Response("from the worker\\n"); },
        };
    """,
}

# A head that never completes within the test: one byte per tick.
SLOW_HEAD = b"GET /asset.txt HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 4000


class SlowLorisTest(unittest.TestCase):
    def test_trickling_connections_are_closed_after_header_timeout_while_normal_clients_see_no_errors(self):
        with Server(write_project(PROJECT), "--quiet", threads=1) as server:
            port = server.port
            slow_results = []  # (seconds open, first bytes received or b"", how it ended)
            stop_normal = threading.Event()
            normal_ok = [0] * NORMAL_CLIENTS
            normal_errors = []

            def normal_client(i):
                client = KeepAliveClient(port, timeout=10)
                n = 0
                try:
                    while not stop_normal.is_set():
                        path = "/asset.txt" if n % 2 else "/worker"
                        try:
                            status, _, body = client.get(path)
                            if status != 200 or not body:
                                normal_errors.append(f"client {i}: {path} -> {status}")
                            else:
                                normal_ok[i] += 1
                        except (OSError, ConnectionError, ValueError) as e:
                            normal_errors.append(f"client {i}: {path} -> {e!r}")
                            client.close()
                        n += 1
                        if n % 10 == 0:
                            client.close()  # new connections too, not only kept-alive ones
                        time.sleep(0.01)
                finally:
                    client.close()

            def slow_clients():
                socks = []
                for _ in range(SLOW_CONNECTIONS):
                    s = socket.create_connection(("127.0.0.1", port), timeout=5)
                    s.setblocking(False)
                    socks.append([s, time.monotonic(), 0])
                open_socks = list(socks)
                hard_deadline = time.monotonic() + HEADER_TIMEOUT_MS / 1000 + 8
                while open_socks and time.monotonic() < hard_deadline:
                    # First look for a response or a close, then trickle one more byte.
                    readable, _, _ = select.select([e[0] for e in open_socks], [], [], TRICKLE_INTERVAL)
                    for entry in list(open_socks):
                        s, started, sent = entry
                        ended = None
                        data = b""
                        if s in readable:
                            try:
                                data = s.recv(4096)
                                ended = "response" if data else "eof"
                            except BlockingIOError:
                                pass
                            except ConnectionResetError:
                                ended = "reset"
                        if ended is None and sent < len(SLOW_HEAD):
                            try:
                                s.send(SLOW_HEAD[sent:sent + 1])
                                entry[2] += 1
                            except BlockingIOError:
                                pass
                            except (BrokenPipeError, ConnectionResetError):
                                ended = "reset"
                        if ended is not None:
                            slow_results.append((time.monotonic() - started, data, ended, entry[2]))
                            open_socks.remove(entry)
                            s.close()
                for s, started, sent in open_socks:
                    slow_results.append((time.monotonic() - started, b"", "still open", sent))
                    s.close()

            normal = [threading.Thread(target=normal_client, args=(i,)) for i in range(NORMAL_CLIENTS)]
            for t in normal:
                t.start()
            time.sleep(0.2)
            slow = threading.Thread(target=slow_clients)
            slow.start()
            slow.join(30)
            time.sleep(0.3)  # normal traffic keeps going a little after the last slow close
            stop_normal.set()
            for t in normal:
                t.join(15)

            still_open = [r for r in slow_results if r[2] == "still open"]
            got_408 = [r for r in slow_results if r[1].startswith(b"HTTP/1.1 408")]
            other_response = [r for r in slow_results if r[1] and not r[1].startswith(b"HTTP/1.1 408")]
            longest = max((r[0] for r in slow_results), default=0)
            report("slow-loris",
                   slow_connections=len(slow_results), closed_with_408=len(got_408),
                   closed_without_response=len([r for r in slow_results if r[2] in ("eof", "reset")]),
                   still_open=len(still_open), longest_open_s=f"{longest:.2f}",
                   bytes_trickled_max=max((r[3] for r in slow_results), default=0),
                   normal_clients=NORMAL_CLIENTS, normal_ok=sum(normal_ok),
                   normal_errors=len(normal_errors))

            self.assertEqual(len(slow_results), SLOW_CONNECTIONS)
            self.assertEqual(still_open, [], "trickling connections were not closed")
            self.assertEqual(other_response, [], "a trickling connection got something other than 408")
            # Closed after the header timeout, not much later (trickling must not extend it).
            self.assertLess(longest, HEADER_TIMEOUT_MS / 1000 + 2.5)
            self.assertEqual(normal_errors[:10], [])
            self.assertGreater(sum(normal_ok), NORMAL_CLIENTS)
            self.assertIsNone(server.proc.poll(), "edgerun exited")


if __name__ == "__main__":
    unittest.main()
