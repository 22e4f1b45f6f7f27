"""The walking skeleton over a real socket: edgerun dev serves a module worker."""
import os
import signal
import subprocess
import unittest

from harness import BIN, ServedProjectTest, Server, write_project

WORKER = """
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/throw") throw new Error("boom from the handler");
    if (url.pathname === "/reject") return Promise.reject(new TypeError("rejected handler"));
    if (url.pathname === "/not-a-response") return { hello: "world" };
    if (url.pathname === "/headers") {
      return new Response("h", { headers: [["X-One", "1"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]] });
    }
    if (url.pathname === "/timer") {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return new Response("after timer");
    }
    if (url.pathname === "/bytes") return new Response(new Uint8Array([104, 105]));
    if (url.pathname === "/status") return new Response(null, { status: 204 });
    if (url.pathname === "/vars") return Response.json({ name: env.NAME, obj: env.OBJ });
    if (url.pathname === "/eval") { try { eval("1"); return new Response("eval allowed"); } catch (e) { return new Response(e.name); } }
    if (request.method === "POST") {
      return new Response(`${request.method} ${await request.text()}`, { status: 201, headers: { "x-method": request.method } });
    }
    return new Response(`hello ${request.method} ${url.pathname}${url.search} ua=${request.headers.get("user-agent")}`);
  },
};
"""

CONFIG = """
name = "skeleton"
main = "index.js"
compatibility_date = "2025-04-01"
[vars]
NAME = "edgerun"
OBJ = { nested = [1, 2] }
"""


class SkeletonTest(ServedProjectTest):
    FILES = {"wrangler.toml": CONFIG, "index.js": WORKER}

    def test_get_calls_fetch_with_method_url_and_headers(self):
        r = self.server.request("GET", "/a/b?x=1", headers={"User-Agent": "it"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "hello GET /a/b?x=1 ua=it")
        self.assertEqual(r.header("content-type"), "text/plain;charset=UTF-8")
        self.assertEqual(r.header("server"), "edgerun")
        self.assertIsNotNone(r.header("date"))

    def test_post_body_reaches_the_handler(self):
        r = self.server.request("POST", "/submit", body="payload")
        self.assertEqual(r.status, 201)
        self.assertEqual(r.text, "POST payload")
        self.assertEqual(r.header("x-method"), "POST")

    def test_thrown_error_gives_500_with_message_in_dev(self):
        r = self.server.request("GET", "/throw")
        self.assertEqual(r.status, 500)
        self.assertIn("boom from the handler", r.text)
        self.assertIn("boom from the handler", self.server.wait_for_stderr("boom from the handler"))

    def test_thrown_error_page_is_html_for_browsers(self):
        r = self.server.request("GET", "/throw", headers={"Accept": "text/html"})
        self.assertEqual(r.status, 500)
        self.assertTrue(r.header("content-type").startswith("text/html"))
        self.assertIn("boom from the handler", r.text)

    def test_rejected_handler_gives_500(self):
        r = self.server.request("GET", "/reject")
        self.assertEqual(r.status, 500)
        self.assertIn("rejected handler", r.text)

    def test_non_response_return_gives_500_naming_what_was_returned(self):
        r = self.server.request("GET", "/not-a-response")
        self.assertEqual(r.status, 500)
        self.assertIn("Object", self.server.wait_for_stderr("Object"))

    def test_set_cookie_headers_stay_separate(self):
        r = self.server.request("GET", "/headers")
        self.assertEqual(r.header_list("set-cookie"), ["a=1", "b=2"])
        self.assertEqual(r.header("x-one"), "1")

    def test_async_handler_awaiting_a_timer(self):
        self.assertEqual(self.server.request("GET", "/timer").text, "after timer")

    def test_typed_array_body(self):
        self.assertEqual(self.server.request("GET", "/bytes").text, "hi")

    def test_204_has_no_body(self):
        r = self.server.request("GET", "/status")
        self.assertEqual(r.status, 204)
        self.assertEqual(r.body, b"")

    def test_env_has_string_and_json_vars(self):
        r = self.server.request("GET", "/vars")
        self.assertEqual(r.text, '{"name":"edgerun","obj":{"nested":[1,2]}}')

    def test_eval_throws_eval_error(self):
        self.assertEqual(self.server.request("GET", "/eval").text, "EvalError")


class StartupErrorsTest(unittest.TestCase):
    def run_dev(self, files):
        d = write_project(files)
        return subprocess.run([BIN, "dev", d, "--port", "0"], capture_output=True, timeout=30, text=True)

    def test_missing_main_file_is_an_error_naming_it(self):
        p = self.run_dev({"wrangler.toml": 'name = "x"\nmain = "nope.js"\n'})
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("nope.js", p.stderr)

    def test_syntax_error_names_file_line_and_column(self):
        p = self.run_dev({"wrangler.toml": 'name = "x"\nmain = "index.js"\n',
                          "index.js": "export default {\n  fetch() { return new Response(1) ,, }\n};\n"})
        self.assertNotEqual(p.returncode, 0)
        self.assertRegex(p.stderr, r"index\.js:2:\d+: SyntaxError")

    def test_throwing_module_names_file_line_and_column(self):
        p = self.run_dev({"wrangler.toml": 'name = "x"\nmain = "index.js"\n',
                          "index.js": "const x = 1;\nthrow new Error('top-level failure');\nexport default {};\n"})
        self.assertNotEqual(p.returncode, 0)
        self.assertRegex(p.stderr, r"index\.js:2:\d+: Error: top-level failure")

    def test_wrong_config_type_names_file_line_column_and_field(self):
        p = self.run_dev({"wrangler.toml": 'name = "x"\nmain = "index.js"\ncompatibility_flags = 5\n',
                          "index.js": "export default { fetch() { return new Response('') } };"})
        self.assertNotEqual(p.returncode, 0)
        self.assertRegex(p.stderr, r"wrangler\.toml:3:\d+: .*compatibility_flags")

    def test_missing_relative_import_names_importer_and_specifier(self):
        p = self.run_dev({"wrangler.toml": 'name = "x"\nmain = "index.js"\n',
                          "index.js": "import x from './missing.js';\nexport default { fetch() { return new Response(x) } };"})
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("./missing.js", p.stderr)
        self.assertIn("index.js", p.stderr)


class SignalsTest(unittest.TestCase):
    def test_sigint_and_sigterm_exit_zero(self):
        d = write_project({"wrangler.toml": 'name = "x"\nmain = "index.js"\n',
                           "index.js": "export default { fetch() { return new Response('ok') } };"})
        for sig in (signal.SIGINT, signal.SIGTERM):
            s = Server(d, "--quiet")
            self.assertEqual(s.request().text, "ok")
            self.assertEqual(s.stop(sig), 0)

    def test_a_signal_right_after_ready_still_stops_gracefully(self):
        # The handlers are installed before "Ready on" is printed: no window where SIGINT kills.
        d = write_project({"wrangler.toml": 'name = "x"\nmain = "index.js"\n',
                           "index.js": "export default { fetch() { return new Response('ok') } };"})
        for sig in (signal.SIGINT, signal.SIGTERM) * 5:
            s = Server(d, "--quiet")
            self.assertEqual(s.stop(sig), 0)


if __name__ == "__main__":
    unittest.main()
