"""SIGTERM during load: every request already accepted is answered, ctx.waitUntil work finishes
before the process exits, new connections are refused, and the exit code is 0."""
import signal
import socket
import threading
import time
import unittest

from common import KeepAliveClient, Server, report, split_responses, write_project

SLOW_MS = 300  # shorter than the waitUntil timer, so that exit has to wait for the latter
IN_FLIGHT = 20

PROJECT = {
    "wrangler.toml": """
        name = "sigterm"
        main = "index.js"
        compatibility_date = "2025-04-01"
        [assets]
        directory = "public"
        [dev]
        shutdown_grace_ms = 5000
        wait_until_limit_ms = 3000
    """,
    "public/asset.txt": "asset bytes\n" * 100,
    "index.js": f"""
        export default {{
          async fetch(request, env, ctx) {{
            const url = new URL(request.url);
            if (url.pathname === "/slow") {{
              await new Promise((r) => setTimeout(r, {SLOW_MS}));
              return new Response("slow " + url.searchParams.get("i"));
            }}
            if (url.pathname === "/wait") {{
              const id = url.searchParams.get("id");
              ctx.waitUntil(new Promise((r) => setTimeout(r, 300)).then(() => console.log("WAITUNTIL-DONE " + id)));
              return new Response("answered before the waitUntil work");
            }}
            return new Response("fast");
          }},
        }};
    """,
}


def get(path):
    return f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()


def read_until_close(s, timeout):
    s.settimeout(timeout)
    chunks = []
    try:
        while True:
            c = s.recv(65536)
            if not c:
                return b"".join(chunks), "eof"
            chunks.append(c)
    except socket.timeout:
        return b"".join(chunks), "timeout"
    except ConnectionResetError:
        return b"".join(chunks), "reset"


class SigtermTest(unittest.TestCase):
    def test_sigterm_answers_accepted_requests_finishes_wait_until_refuses_new_connections_and_exits_0(self):
        server = Server(write_project(PROJECT), threads=2)
        try:
            port = server.port
            # Background load on kept-alive connections up to the signal and past it.
            stop_load = threading.Event()
            load = {"ok": 0, "refused": 0, "closed_before_response": 0, "truncated": 0, "bad_status": 0}
            lock = threading.Lock()

            def load_client():
                client = KeepAliveClient(port, timeout=10)
                while not stop_load.is_set():
                    try:
                        status, _, _ = client.get("/asset.txt" if load["ok"] % 2 else "/")
                        kind = "ok" if status == 200 else "bad_status"
                    except ConnectionRefusedError:
                        kind = "refused"
                        time.sleep(0.01)
                    except OSError:
                        # Closed or reset before any byte of the response: a kept-alive
                        # connection closed by the shutdown as the request crossed it on the
                        # wire (the usual keep-alive race). Some bytes and then a close: a
                        # response cut off, which must never happen.
                        kind = "closed_before_response" if client.received == 0 else "truncated"
                        client.close()
                    with lock:
                        load[kind] += 1
                client.close()

            loaders = [threading.Thread(target=load_client) for _ in range(6)]
            for t in loaders:
                t.start()
            time.sleep(0.3)

            # Requests that are accepted and running in the worker when the signal comes.
            slow = []
            for i in range(IN_FLIGHT):
                s = socket.create_connection(("127.0.0.1", port), timeout=10)
                s.sendall(get(f"/slow?i={i}"))
                slow.append(s)
            time.sleep(0.1)  # the slow requests have reached the worker by now
            # A response whose waitUntil work (300 ms) is still pending at the signal.
            wait_socket = socket.create_connection(("127.0.0.1", port), timeout=10)
            wait_socket.sendall(get("/wait?id=w1"))
            wait_data, _ = read_until_close(wait_socket, 5)
            wait_socket.close()

            signalled = time.monotonic()
            server.proc.send_signal(signal.SIGTERM)

            # New connections after the signal are refused.
            time.sleep(0.2)
            refused = accepted_after = 0
            for _ in range(10):
                try:
                    s = socket.create_connection(("127.0.0.1", port), timeout=2)
                    accepted_after += 1
                    s.close()
                except ConnectionRefusedError:
                    refused += 1
                time.sleep(0.01)

            slow_statuses = []
            for i, s in enumerate(slow):
                data, ended = read_until_close(s, SLOW_MS / 1000 + 5)
                responses, _ = split_responses(data)
                ok = (len(responses) == 1 and responses[0][0] == 200 and responses[0][2] == f"slow {i}".encode())
                slow_statuses.append(responses[0][0] if responses else f"no response ({ended})")
                if not ok:
                    slow_statuses[-1] = f"{slow_statuses[-1]}: {data[:100]!r}"
                s.close()

            stop_load.set()
            for t in loaders:
                t.join(15)
            try:
                rc = server.proc.wait(15)
            except Exception:
                rc = None
            exit_s = time.monotonic() - signalled
        finally:
            server.stop()
        out = server.stdout + server.stderr
        wait_done = "WAITUNTIL-DONE w1" in out

        report("sigterm", in_flight=IN_FLIGHT,
               in_flight_answered=sum(1 for x in slow_statuses if x == 200),
               wait_until_done=wait_done, new_connections_refused=refused,
               new_connections_accepted=accepted_after, exit_code=rc, exit_after_s=f"{exit_s:.2f}",
               **{f"load_{k}": v for k, v in load.items()})

        self.assertEqual(split_responses(wait_data)[0][0][0], 200)
        self.assertEqual(slow_statuses, [200] * IN_FLIGHT, "accepted requests were not all answered")
        self.assertTrue(wait_done, "the waitUntil work did not finish before exit:\n" + out[-2000:])
        self.assertEqual(accepted_after, 0, "connections were accepted after SIGTERM")
        self.assertEqual(load["truncated"], 0, "a response was cut off by the shutdown")
        self.assertEqual(load["bad_status"], 0)
        self.assertEqual(rc, 0)


if __name__ == "__main__":
    unittest.main()
