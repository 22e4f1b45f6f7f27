"""edgerun dev's front-end options over real sockets: access log, threads, IPv6, limits."""
import json
import socket
import subprocess
import time
import unittest

from harness import BIN, Server, write_project

PROJECT = {
    "wrangler.toml": 'name = "d"\nmain = "index.js"\n[dev]\nwait_until_limit_ms = 300\n',
    "index.js": """
        let served = 0;
        export default {
          fetch(request, env, ctx) {
            const path = new URL(request.url).pathname;
            if (path === "/forever") {
              ctx.waitUntil(new Promise(() => {}));
              return new Response("answered");
            }
            served++;
            return new Response(`hello ${served}`);
          },
        };
    """,
}


class AccessLogTest(unittest.TestCase):
    def test_pretty_access_log_has_method_path_status_duration_and_bytes(self):
        d = write_project(PROJECT)
        with Server(d) as s:
            s.request(path="/logged?x=1")
            out = s.wait_for_stdout("GET /logged?x=1")
        line = [l for l in out.splitlines() if "GET /logged" in l][0]
        self.assertRegex(line, r"^GET /logged\?x=1 200 OK \(\d+\.\dms, \d+ B\)$")

    def test_json_access_log_is_one_object_per_line(self):
        d = write_project(PROJECT)
        with Server(d, "--log-format", "json") as s:
            s.request(path="/j")
            out = s.wait_for_stdout('"path":"/j"')
        record = json.loads([l for l in out.splitlines() if '"path":"/j"' in l][0])
        self.assertEqual((record["method"], record["status"]), ("GET", 200))
        self.assertIn("duration_ms", record)
        self.assertIn("bytes", record)

    def test_no_colour_when_stdout_is_not_a_terminal(self):
        d = write_project(PROJECT)
        with Server(d) as s:
            s.request(path="/c")
            self.assertNotIn("\x1b[", s.wait_for_stdout("GET /c"))

    def test_quiet_turns_the_access_log_off(self):
        d = write_project(PROJECT)
        with Server(d, "--quiet") as s:
            s.request(path="/q")
            time.sleep(0.1)
            self.assertNotIn("/q", s.stdout)


class ThreadsAndAddressesTest(unittest.TestCase):
    def test_each_thread_runs_its_own_isolate(self):
        d = write_project(PROJECT)
        with Server(d, "--quiet", threads=2) as s:
            counters = set()
            for _ in range(60):
                counters.add(s.request(path="/count").text)
            # Two isolates count separately, so some value repeats (or both stay low).
            self.assertLess(len(counters), 60)

    def test_ipv6_loopback(self):
        d = write_project(PROJECT)
        p = subprocess.Popen([BIN, "dev", d, "--ip", "::1", "--port", "0", "--quiet", "--threads", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = p.stdout.readline()
            self.assertIn("Ready on http://[::1]:", line)
            port = int(line.rsplit(":", 1)[1])
            with socket.create_connection(("::1", port), timeout=5) as c:
                c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                self.assertIn(b"200 OK", c.recv(1000))
        finally:
            p.terminate()
            p.wait()
            p.stdout.close()
            p.stderr.close()

    def test_bad_flags_are_clear_errors(self):
        for args, message in ((["--port", "70000"], "--port expects"), (["--threads", "0"], "--threads expects"),
                              (["--log-format", "xml"], "--log-format expects"), (["--nope"], "unknown option")):
            p = subprocess.run([BIN, "dev", ".", *args], capture_output=True, text=True, timeout=10)
            self.assertEqual(p.returncode, 2)
            self.assertIn(message, p.stderr)

    def test_an_address_that_cannot_be_bound_is_a_clear_error(self):
        d = write_project(PROJECT)
        p = subprocess.run([BIN, "dev", d, "--ip", "not-an-ip", "--port", "0"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("not-an-ip", p.stderr)


class WaitUntilLimitTest(unittest.TestCase):
    def test_wait_until_work_past_the_limit_is_cancelled_and_logged(self):
        d = write_project(PROJECT)
        with Server(d, "--quiet") as s:
            self.assertEqual(s.request(path="/forever").text, "answered")
            self.assertIn("was cancelled", s.wait_for_stderr("was cancelled", timeout=5))
            # The cancelled context does not hold up a graceful stop.
            start = time.time()
            self.assertEqual(s.stop(), 0)
            self.assertLess(time.time() - start, 3)


if __name__ == "__main__":
    unittest.main()
