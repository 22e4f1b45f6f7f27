"""The request context (spec/runtime.md, DESIGN.md "One request"): each request's CPU time,
subrequests and log lines hang on it, and the logs say which request a line belongs to.

With `--log-format json` every line is a JSON object: the access line carries the request's id,
CPU time and subrequest count; console and error lines carry a "request" object with the same id.
In the default text format console output stays unprefixed and runtime errors end with
"(METHOD path)".
"""
import concurrent.futures
import json
import time
import unittest

from harness import Server, write_project

WORKER = """
const spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} };
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/spin") {
      spin(30);
      await new Promise((resolve) => setTimeout(() => { spin(30); resolve(); }, 1));
      return new Response("spun");
    }
    if (url.pathname === "/sleep") {
      await new Promise((resolve) => setTimeout(resolve, 80));
      return new Response("slept");
    }
    if (url.pathname === "/assets") {
      const a = await env.ASSETS.fetch("http://x/a.txt");
      const b = await env.ASSETS.fetch(new Request("http://x/missing.txt"));
      return new Response(`${a.status} ${b.status}`);
    }
    if (url.pathname.startsWith("/log/")) {
      const name = url.pathname.slice(5);
      await new Promise((resolve) => setTimeout(resolve, 5 + (name.length % 3) * 7));
      console.log(`hello from ${name}`);
      await null;
      console.error(`error from ${name}`);
      return new Response(name);
    }
    if (url.pathname === "/reject") {
      Promise.reject(new Error("nobody handles this"));
      return new Response("rejected in the background");
    }
    if (url.pathname === "/throw") {
      throw new Error("handler failed");
    }
    return new Response("ok");
  },
};
"""


def project():
    return write_project({
        "wrangler.toml": 'name = "ctx"\nmain = "index.js"\ncompatibility_date = "2024-09-23"\n'
                         '[assets]\ndirectory = "public"\nbinding = "ASSETS"\nrun_worker_first = true\n',
        "index.js": WORKER,
        "public/a.txt": "a",
    })


def json_lines(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def access_line(server, path, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for record in json_lines(server.stdout):
            if record.get("path") == path and "status" in record:
                return record
        time.sleep(0.02)
    raise AssertionError(f"no access line for {path}:\n{server.stdout}")


class JsonLogs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(project(), "--log-format", "json")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_access_line_reports_cpu_time_of_handler_and_its_timers(self):
        self.assertEqual(self.server.request(path="/spin").body, b"spun")
        record = access_line(self.server, "/spin")
        self.assertGreaterEqual(record["cpu_ms"], 55)
        self.assertLess(record["cpu_ms"], 2000)

    def test_time_spent_waiting_is_not_cpu_time(self):
        self.assertEqual(self.server.request(path="/sleep").body, b"slept")
        record = access_line(self.server, "/sleep")
        self.assertGreaterEqual(record["duration_ms"], 75)
        self.assertLess(record["cpu_ms"], 40)

    def test_access_line_counts_assets_subrequests(self):
        self.assertEqual(self.server.request(path="/assets").body, b"200 404")
        self.assertEqual(access_line(self.server, "/assets")["subrequests"], 2)

    def test_console_lines_carry_their_request_among_concurrent_requests(self):
        names = [f"req{i}" for i in range(12)]
        with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
            bodies = list(pool.map(lambda n: self.server.request(path=f"/log/{n}").body, names))
        self.assertEqual(bodies, [n.encode() for n in names])
        for name in names:
            record = access_line(self.server, f"/log/{name}")
            self.server.wait_for_stderr(f"error from {name}")
            logs = [r for r in json_lines(self.server.stdout) if r.get("source") == "console"
                    and r["message"] == f"hello from {name}"]
            self.assertEqual(len(logs), 1, name)
            self.assertEqual(logs[0]["level"], "log")
            self.assertEqual(logs[0]["request"], {"id": record["request_id"], "method": "GET",
                                                  "path": f"/log/{name}"})
            errors = [r for r in json_lines(self.server.stderr) if r.get("source") == "console"
                      and r["message"] == f"error from {name}"]
            self.assertEqual(len(errors), 1, name)
            self.assertEqual(errors[0]["level"], "error")
            self.assertEqual(errors[0]["request"]["id"], record["request_id"])

    def test_unhandled_rejection_is_logged_with_its_request(self):
        self.server.request(path="/reject")
        record = access_line(self.server, "/reject")
        self.server.wait_for_stderr("nobody handles this")
        errors = [r for r in json_lines(self.server.stderr) if "nobody handles this" in r["message"]]
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0]["level"], "error")
        self.assertIn("Uncaught (in promise)", errors[0]["message"])
        self.assertEqual(errors[0]["request"]["id"], record["request_id"])
        self.assertEqual(errors[0]["request"]["path"], "/reject")

    def test_uncaught_exception_line_carries_its_request(self):
        self.assertEqual(self.server.request(path="/throw").status, 500)
        record = access_line(self.server, "/throw")
        self.server.wait_for_stderr("handler failed")
        errors = [r for r in json_lines(self.server.stderr) if "handler failed" in r["message"]]
        self.assertEqual(errors[0]["request"]["id"], record["request_id"])

    def test_request_ids_differ_between_requests(self):
        for i in range(5):
            self.server.request(path=f"/id{i}")
        ids = {access_line(self.server, f"/id{i}")["request_id"] for i in range(5)}
        self.assertEqual(len(ids), 5)


class RequestIdsAcrossThreads(unittest.TestCase):
    def test_request_ids_are_unique_across_threads(self):
        with Server(project(), "--log-format", "json", threads=2) as server:
            paths = [f"/t{i}" for i in range(40)]
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda p: server.request(path=p), paths))
            ids = [access_line(server, p)["request_id"] for p in paths]
            self.assertEqual(len(set(ids)), len(ids))


class TextLogs(unittest.TestCase):
    def test_unhandled_rejection_names_its_request_in_text_logs(self):
        with Server(project()) as server:
            server.request(path="/reject")
            err = server.wait_for_stderr("nobody handles this")
            line = [l for l in err.splitlines() if "nobody handles this" in l][0]
            self.assertIn("Uncaught (in promise)", line)
            self.assertIn("(GET /reject)", err)

    def test_console_output_stays_unprefixed_in_text_logs(self):
        with Server(project()) as server:
            server.request(path="/log/plain")
            out = server.wait_for_stdout("hello from plain")
            self.assertIn("\nhello from plain\n", "\n" + out)


if __name__ == "__main__":
    unittest.main()
