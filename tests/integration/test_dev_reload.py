"""docs/runtime.md "Reload in dev": `edgerun dev` reloads the worker when its code or config
changes, keeps serving the last good version when the change breaks it, and lets requests in
flight finish on the version they started on."""
import contextlib
import os
import re
import socket
import threading
import time
import unittest

from harness import Server, write_project

# Under ASan everything is several times slower; the waits below are upper bounds, not sleeps.
SLOW = 4 if os.environ.get("EDGERUN_SANITIZED") == "1" else 1
RELOAD_TIMEOUT = 15 * SLOW


def worker(version, extra=""):
    return f"""
        {extra}
        export default {{
          fetch(request, env, ctx) {{
            return new Response("{version}");
          }},
        }};
    """


def project(files=None, toml_extra=""):
    base = {
        "wrangler.toml": f'name = "reload"\nmain = "src/index.js"\n{toml_extra}',
        "src/index.js": worker("v1"),
    }
    base.update(files or {})
    return write_project(base)


def edit(root, rel, text):
    """Writes a file in place, as most editors do (truncate, write, close)."""
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReloadTestCase(unittest.TestCase):
    @contextlib.contextmanager
    def serve(self, d, *args, **kwargs):
        """A server for the test; it must then stop cleanly (exit 0: no crash, no sanitizer report)."""
        s = Server(d, "--quiet", *args, **kwargs)
        try:
            yield s
        finally:
            code = s.stop()
        self.assertEqual(code, 0, s.stderr)

    def wait_for_count(self, server, text, n, timeout=RELOAD_TIMEOUT):
        """Waits until `text` has appeared `n` times on stderr; fails with the log otherwise."""
        deadline = time.time() + timeout
        while server.stderr.count(text) < n and time.time() < deadline:
            time.sleep(0.02)
        self.assertGreaterEqual(server.stderr.count(text), n, server.stderr)

    def wait_reloads(self, server, n=1):
        self.wait_for_count(server, "Reloaded worker", n)

    def wait_failures(self, server, n=1):
        self.wait_for_count(server, "Worker not reloaded", n)


class DevReloadTest(ReloadTestCase):
    def test_edit_of_main_module_is_served_by_next_request(self):
        d = project()
        with self.serve(d) as s:
            self.assertEqual(s.request().text, "v1")
            edit(d, "src/index.js", worker("v2"))
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "v2")
            self.assertRegex(s.stderr, r"Reloaded worker \(src/index\.js changed\) in \d+ ms")

    def test_edit_of_imported_module_reloads(self):
        d = project({
            "src/index.js": """
                import { greeting } from "./lib/greet.js";
                export default { fetch() { return new Response(greeting); } };
            """,
            "src/lib/greet.js": 'export const greeting = "hello";\n',
        })
        with self.serve(d) as s:
            self.assertEqual(s.request().text, "hello")
            edit(d, "src/lib/greet.js", 'export const greeting = "bonjour";\n')
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "bonjour")
            self.assertIn("(src/lib/greet.js changed)", s.stderr)

    def test_new_module_in_a_new_folder_is_watched(self):
        d = project()
        with self.serve(d) as s:
            edit(d, "src/deep/er/msg.js", 'export const msg = "nested";\n')
            edit(d, "src/index.js", 'import { msg } from "./deep/er/msg.js";\n'
                                    'export default { fetch() { return new Response(msg); } };\n')
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "nested")
            reloads = s.stderr.count("Reloaded worker")
            edit(d, "src/deep/er/msg.js", 'export const msg = "still watched";\n')
            self.wait_reloads(s, reloads + 1)
            self.assertEqual(s.request().text, "still watched")

    def test_top_level_await_on_a_timer_reloads(self):
        # The new isolate's top-level code drives the thread's loop while the old one serves.
        source = """
            const v = await new Promise((r) => setTimeout(() => r("%s"), 50));
            export default { fetch() { return new Response(v); } };
        """
        d = project({"src/index.js": source % "tla1"})
        with self.serve(d, threads=2) as s:
            self.assertEqual(s.request().text, "tla1")
            edit(d, "src/index.js", source % "tla2")
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "tla2")

    def test_syntax_error_keeps_last_good_version_and_prints_location(self):
        d = project()
        with self.serve(d) as s:
            edit(d, "src/index.js", "export default {\n  fetch() { return new Response('x' }\n};\n")
            self.wait_failures(s)
            self.assertRegex(s.stderr, r"index\.js:2:\d+: SyntaxError")
            self.assertIn("still serving the last good version", s.stderr)
            self.assertEqual(s.request().text, "v1")
            self.assertIsNone(s.proc.poll())

    def test_missing_import_keeps_last_good_version(self):
        d = project()
        with self.serve(d) as s:
            edit(d, "src/index.js", 'import { x } from "./nowhere.js";\n' + worker("v2"))
            self.wait_failures(s)
            self.assertIn("nowhere.js", s.stderr)
            self.assertEqual(s.request().text, "v1")

    def test_top_level_throw_keeps_last_good_version(self):
        d = project()
        with self.serve(d) as s:
            edit(d, "src/index.js", worker("v2", extra='throw new Error("boom at load");'))
            self.wait_failures(s)
            self.assertRegex(s.stderr, r"index\.js:\d+:\d+.*boom at load|boom at load[\s\S]*index\.js:\d+:\d+")
            self.assertEqual(s.request().text, "v1")

    def test_bad_config_keeps_last_good_version(self):
        d = project()
        with self.serve(d) as s:
            edit(d, "wrangler.toml", 'name = "reload"\nmain = "src/index.js"\n[vars\nX = 1\n')
            self.wait_failures(s)
            self.assertRegex(s.stderr, r"wrangler\.toml:\d+:\d+")
            self.assertEqual(s.request().text, "v1")

    def test_fixed_error_reloads_again(self):
        d = project()
        with self.serve(d) as s:
            edit(d, "src/index.js", "export default {\n  fetch() { return new Response('x' }\n};\n")
            self.wait_failures(s)
            edit(d, "src/index.js", worker("v3"))
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "v3")

    def test_dev_vars_change_updates_env(self):
        d = project({
            ".dev.vars": "SECRET=one\n",
            "src/index.js": "export default { fetch(r, env) { return new Response(env.SECRET); } };\n",
        })
        with self.serve(d) as s:
            self.assertEqual(s.request().text, "one")
            edit(d, ".dev.vars", "SECRET=two\n")
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "two")
            self.assertIn("(.dev.vars changed)", s.stderr)

    def test_wrangler_toml_vars_change_reloads(self):
        files = {"src/index.js": "export default { fetch(r, env) { return new Response(env.GREETING); } };\n"}
        d = project(files, toml_extra='[vars]\nGREETING = "hi"\n')
        with self.serve(d) as s:
            self.assertEqual(s.request().text, "hi")
            edit(d, "wrangler.toml", 'name = "reload"\nmain = "src/index.js"\n[vars]\nGREETING = "hello"\n')
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "hello")
            self.assertIn("(wrangler.toml changed)", s.stderr)

    def test_inflight_request_finishes_on_old_version(self):
        slow_ms = 3000 * SLOW
        source = """
            const version = "%s";
            export default {
              async fetch(request, env, ctx) {
                if (new URL(request.url).pathname === "/slow") {
                  console.log(`slow request started on ${version}`);
                  ctx.waitUntil(new Promise((r) => setTimeout(r, %d))
                      .then(() => console.log(`waitUntil finished on ${version}`)));
                  await new Promise((r) => setTimeout(r, %d));
                  return new Response(`slow ${version}`);
                }
                return new Response(version);
              },
            };
        """
        d = project({"src/index.js": source % ("v1", slow_ms, slow_ms // 2)})
        with self.serve(d) as s:
            result = {}
            t = threading.Thread(target=lambda: result.setdefault("r", s.request(path="/slow")))
            t.start()
            s.wait_for_stdout("slow request started on v1", timeout=10 * SLOW)
            edit(d, "src/index.js", source % ("v2", 10, 10))
            self.wait_reloads(s)
            self.assertEqual(s.request().text, "v2")
            self.assertTrue(t.is_alive(), "the slow request should still be in flight")
            t.join(30 * SLOW)
            self.assertEqual(result["r"].text, "slow v1")
            self.assertIn("waitUntil finished on v1",
                          s.wait_for_stdout("waitUntil finished on v1", timeout=10 * SLOW))

    def test_port_change_says_restart_needed(self):
        port = free_port()
        toml = 'name = "reload"\nmain = "src/index.js"\n[vars]\nV = "%s"\n[dev]\nport = %d\n'
        files = {"src/index.js": "export default { fetch(r, env) { return new Response(env.V); } };\n"}
        d = project({**files, "wrangler.toml": toml % ("a", port)})
        with self.serve(d, port=None) as s:
            self.assertEqual(s.port, port)
            edit(d, "wrangler.toml", toml % ("b", port + 1))
            self.wait_reloads(s)
            self.assertRegex(s.stderr, r"needs a restart.*port %d -> %d" % (port, port + 1))
            self.assertEqual(len(re.findall(r"needs a restart", s.stderr)), 1)
            # Still on the old port, with the rest of the change applied.
            self.assertEqual(s.request().text, "b")

    def test_with_two_threads_both_threads_reload(self):
        source = """
            const isolate = Math.random().toString(36).slice(2);
            export default { fetch() { return new Response("%s " + isolate); } };
        """
        d = project({"src/index.js": source % "v1"})
        with self.serve(d, threads=2) as s:
            before = {s.request().text for _ in range(40)}
            self.assertEqual(len(before), 2, before)  # each thread has its own isolate
            edit(d, "src/index.js", source % "v2")
            self.wait_reloads(s)
            after = [s.request().text for _ in range(40)]
            self.assertTrue(all(t.startswith("v2 ") for t in after), after)
            self.assertEqual(len(set(after)), 2, after)  # both threads have a new isolate

    def test_assets_directory_change_in_config_is_applied(self):
        d = project({"public/a.txt": "from public", "static/a.txt": "from static"},
                    toml_extra='[assets]\ndirectory = "public"\n')
        with self.serve(d) as s:
            self.assertEqual(s.request(path="/a.txt").text, "from public")
            edit(d, "wrangler.toml", 'name = "reload"\nmain = "src/index.js"\n'
                                     '[assets]\ndirectory = "static"\n')
            self.wait_reloads(s)
            self.assertEqual(s.request(path="/a.txt").text, "from static")
            # The new folder is the one watched for asset changes now.
            edit(d, "static/b.txt", "new in static")
            self.wait_for_count(s, "Assets reloaded", 1)
            self.assertEqual(s.request(path="/b.txt").text, "new in static")

    def test_changes_in_node_modules_and_assets_do_not_reload_the_worker(self):
        d = project({"public/a.txt": "a", "node_modules/pkg/index.js": "export default 1;\n"},
                    toml_extra='[assets]\ndirectory = "public"\n')
        # main at the project root: its tree holds node_modules and the assets folder.
        edit(d, "wrangler.toml", 'name = "reload"\nmain = "index.js"\n[assets]\ndirectory = "public"\n')
        edit(d, "index.js", worker("v1"))
        with self.serve(d) as s:
            edit(d, "node_modules/pkg/index.js", "export default 2;\n")
            edit(d, "public/b.txt", "b")
            self.wait_for_count(s, "Assets reloaded", 1)
            edit(d, "index.js", worker("v2"))
            self.wait_reloads(s)
            self.assertEqual(s.request(path="/x").text, "v2")
            self.assertEqual(s.stderr.count("Reloaded worker"), 1, s.stderr)
            self.assertIn("Reloaded worker (index.js changed)", s.stderr)

    def test_requests_during_a_series_of_reloads_all_get_an_answer(self):
        source = """
            export default {
              async fetch(request) {
                await new Promise((r) => setTimeout(r, 5));
                return new Response("%s");
              },
            };
        """
        d = project({"src/index.js": source % "v0"})
        with self.serve(d, threads=2) as s:
            stop = threading.Event()
            answers = []

            def hammer():
                while not stop.is_set():
                    r = s.request()
                    answers.append((r.status, r.text))

            clients = [threading.Thread(target=hammer) for _ in range(3)]
            for c in clients:
                c.start()
            try:
                for n in range(1, 8):
                    edit(d, "src/index.js", source % f"v{n}")
                    self.wait_reloads(s, n)
            finally:
                stop.set()
                for c in clients:
                    c.join(30 * SLOW)
            self.assertTrue(answers)
            self.assertEqual({status for status, _ in answers}, {200})
            self.assertEqual(s.request().text, "v7")


class TypeScriptReloadTest(ReloadTestCase):
    def test_typescript_main_is_rebundled_on_change(self):
        from test_typescript import esbuild_node_modules  # the function only, not its tests

        modules = esbuild_node_modules()
        if modules is None:
            self.skipTest("npm could not install esbuild here (no registry)")
        source = 'const v: string = "%s";\nexport default { fetch(): Response { return new Response(v); } };\n'
        d = write_project({"wrangler.toml": 'name = "ts"\nmain = "src/index.ts"\n',
                           "src/index.ts": source % "ts1"})
        os.symlink(modules, os.path.join(d, "node_modules"))
        with self.serve(d) as s:
            self.assertEqual(s.request().text, "ts1")
            edit(d, "src/index.ts", source % "ts2")
            self.wait_reloads(s)
            self.assertIn("Reloaded worker (src/index.ts changed)", s.stderr)
            self.assertEqual(s.request().text, "ts2")
            # Writing the bundle into .edgerun/ does not trigger another reload.
            time.sleep(0.5)
            self.assertEqual(s.stderr.count("Reloaded worker"), 1, s.stderr)


if __name__ == "__main__":
    unittest.main()
