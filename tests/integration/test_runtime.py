"""spec/runtime.md over real sockets: entry points, env, ctx, errors, async context."""
import subprocess
import time
import unittest

from harness import BIN, Server, write_project

CONFIG = """
name = "runtime"
main = "index.js"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat"]
[vars]
PLAIN = "text"
[assets]
directory = "public"
"""


class ModuleWorkerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = write_project({
            "wrangler.toml": CONFIG,
            "public/static.txt": "from the assets\n",
            ".dev.vars": "SECRET=s3cret\nPLAIN=overridden\n",
            "index.js": """
                import { AsyncLocalStorage } from "node:async_hooks";
                const als = new AsyncLocalStorage();
                globalThis.__als = als;
                let lastEnv = null;
                const done = [];
                export default {
                  async fetch(request, env, ctx) {
                    const url = new URL(request.url);
                    switch (url.pathname) {
                      case "/env-identity": {
                        const same = lastEnv === null || lastEnv === env;
                        lastEnv = env;
                        return new Response(String(same));
                      }
                      case "/secrets": return new Response(`${env.SECRET} ${env.PLAIN}`);
                      case "/wait": {
                        ctx.waitUntil(new Promise((r) => setTimeout(r, 300)).then(() => done.push(url.search)));
                        ctx.waitUntil(Promise.reject(new Error("one waitUntil rejects")));
                        ctx.waitUntil(new Promise((r) => setTimeout(r, 350)).then(() => done.push("second")));
                        return new Response("sent before waitUntil work");
                      }
                      case "/done": return new Response(done.join(","));
                      case "/pass": {
                        ctx.passThroughOnException();
                        throw new Error("passed through");
                      }
                      case "/no-pass": throw new Error("not passed through");
                      case "/props": return Response.json(ctx.props);
                      case "/redirect-mode": return new Response(request.redirect);
                      case "/als": {
                        const id = url.searchParams.get("id");
                        return als.run({ id }, async () => {
                          await new Promise((r) => setTimeout(r, Number(url.searchParams.get("delay"))));
                          await null;
                          return new Response(als.getStore().id);
                        });
                      }
                      case "/unhandled": {
                        Promise.reject(new Error("nobody handles me"));
                        return new Response("ok");
                      }
                      case "/console": {
                        console.log("log line", { a: 1 });
                        console.error("error line");
                        return new Response("logged");
                      }
                    }
                    return new Response("not found", { status: 404 });
                  },
                };
            """,
        })
        cls.server = Server(cls.dir, "--quiet", "--var", "CLI:from-flag")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_env_is_the_same_object_for_every_request(self):
        self.server.request(path="/env-identity")
        self.assertEqual(self.server.request(path="/env-identity").text, "true")

    def test_dev_vars_secrets_override_vars(self):
        self.assertEqual(self.server.request(path="/secrets").text, "s3cret overridden")

    def test_wait_until_does_not_delay_the_response_and_later_requests_see_its_work(self):
        start = time.time()
        r = self.server.request(path="/wait?first")
        self.assertEqual(r.text, "sent before waitUntil work")
        self.assertLess(time.time() - start, 0.25)
        time.sleep(0.6)
        done = self.server.request(path="/done").text.split(",")
        self.assertIn("?first", done)
        self.assertIn("second", done)

    def test_a_rejected_wait_until_is_logged_and_does_not_stop_the_others(self):
        self.server.request(path="/wait?again")
        time.sleep(0.6)
        self.assertIn("one waitUntil rejects", self.server.wait_for_stderr("one waitUntil rejects"))
        self.assertIn("second", self.server.request(path="/done").text)

    def test_pass_through_on_exception_goes_to_the_asset_router(self):
        # /pass is not an asset: the asset router answers 404, not a 500 error page.
        r = self.server.request(path="/pass")
        self.assertEqual(r.status, 404)
        self.assertIn("passed through", self.server.wait_for_stderr("passed through"))

    def test_without_pass_through_an_exception_is_a_500(self):
        self.assertEqual(self.server.request(path="/no-pass").status, 500)

    def test_ctx_props_is_an_empty_object(self):
        self.assertEqual(self.server.request(path="/props").text, "{}")

    def test_incoming_request_redirect_mode_is_manual(self):
        self.assertEqual(self.server.request(path="/redirect-mode").text, "manual")

    def test_concurrent_requests_each_see_their_own_async_local_storage(self):
        import concurrent.futures
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            futures = {i: pool.submit(self.server.request, "GET", f"/als?id={i}&delay={(i * 7) % 30}") for i in range(60)}
            for i, f in futures.items():
                self.assertEqual(f.result().text, str(i))

    def test_unhandled_rejections_are_logged(self):
        self.server.request(path="/unhandled")
        time.sleep(0.05)
        self.assertIn("nobody handles me", self.server.wait_for_stderr("nobody handles me"))

    def test_console_output_reaches_the_terminal_unprefixed(self):
        self.server.request(path="/console")
        time.sleep(0.05)
        self.assertIn("log line { a: 1 }\n", self.server.wait_for_stdout("log line { a: 1 }\n"))
        self.assertIn("error line\n", self.server.wait_for_stderr("error line\n"))

    def test_static_asset_is_served_before_the_worker(self):
        self.assertEqual(self.server.request(path="/static.txt").text, "from the assets\n")


class EntryPointsTest(unittest.TestCase):
    def serve(self, source, flags=""):
        d = write_project({"wrangler.toml": f'name = "e"\nmain = "index.js"\n{flags}', "index.js": source})
        return Server(d, "--quiet")

    def test_worker_entrypoint_class_gets_a_fresh_instance_with_env_and_ctx(self):
        with self.serve("""
            import { WorkerEntrypoint } from "cloudflare:workers";
            let instances = 0;
            export default class extends WorkerEntrypoint {
              constructor(ctx, env) { super(ctx, env); instances++; }
              async fetch(request) {
                return new Response(`${instances} ${typeof this.env} ${typeof this.ctx.waitUntil}`);
              }
            }
        """) as s:
            self.assertEqual(s.request().text, "1 object function")
            self.assertEqual(s.request().text, "2 object function")

    def test_service_worker_syntax_is_accepted(self):
        with self.serve("""
            addEventListener("fetch", (event) => {
              event.waitUntil(Promise.resolve());
              event.respondWith(new Response(`sw ${event.request.method}`));
            });
        """) as s:
            self.assertEqual(s.request().text, "sw GET")

    def test_default_export_without_fetch_warns_at_start_and_gives_500(self):
        with self.serve("export default { scheduled() {} };") as s:
            self.assertEqual(s.request().status, 500)
            self.assertIn("no fetch() handler", s.wait_for_stderr("no fetch() handler"))

    def test_node_async_hooks_without_the_flag_fails_start_naming_module_and_flag(self):
        d = write_project({"wrangler.toml": 'name = "e"\nmain = "index.js"\n',
                           "index.js": "import { AsyncLocalStorage } from 'node:async_hooks';\nexport default { fetch() { return new Response('') } };"})
        p = subprocess.run([BIN, "dev", d, "--port", "0"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("node:async_hooks", p.stderr)
        self.assertIn("nodejs_compat", p.stderr)

    def test_framework_adapter_shape_with_als_on_globalthis(self):
        d = write_project({
            "wrangler.toml": 'name = "e"\nmain = "adapter.js"\ncompatibility_flags = ["nodejs_als"]\n',
            "adapter.js": """
                import { AsyncLocalStorage } from "node:async_hooks";
                globalThis.__requestStorage = new AsyncLocalStorage();
                const { handle } = await import("./app.js");
                export default {
                  fetch(request, env, ctx) {
                    return globalThis.__requestStorage.run({ env, ctx, request }, () => handle());
                  },
                };
            """,
            "app.js": """
                export async function handle() {
                  await new Promise((r) => setTimeout(r, 1));
                  const { request, env } = globalThis.__requestStorage.getStore();
                  return new Response(new URL(request.url).pathname + " " + typeof env);
                }
            """,
        })
        with Server(d, "--quiet") as s:
            self.assertEqual(s.request(path="/deep/link").text, "/deep/link object")

    def test_hung_handler_gets_a_bounded_504(self):
        d = write_project({"wrangler.toml": 'name = "e"\nmain = "index.js"\n[dev]\nrequest_timeout_ms = 300\n',
                           "index.js": "export default { fetch() { return new Promise(() => {}); } };"})
        with Server(d, "--quiet") as s:
            start = time.time()
            self.assertEqual(s.request().status, 504)
            self.assertLess(time.time() - start, 3)


class UpstreamTest(unittest.TestCase):
    """passThroughOnException with --upstream: the request goes on to an origin the test runs."""

    @classmethod
    def setUpClass(cls):
        import http.server
        import threading

        class Origin(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = f"origin saw {self.path}".encode()
                self.send_response(203)
                self.send_header("X-Origin", "yes")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        cls.origin = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Origin)
        threading.Thread(target=cls.origin.serve_forever, daemon=True).start()
        cls.dir = write_project({
            "wrangler.toml": 'name = "u"\nmain = "index.js"\n',
            "index.js": """
                export default {
                  fetch(request, env, ctx) {
                    ctx.passThroughOnException();
                    if (new URL(request.url).pathname === "/ok") return new Response("worker");
                    throw new Error("worker failed");
                  },
                };
            """,
        })
        cls.server = Server(cls.dir, "--quiet", "--upstream", f"http://127.0.0.1:{cls.origin.server_address[1]}")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.origin.shutdown()

    def test_pass_through_on_exception_proxies_to_the_upstream(self):
        r = self.server.request(path="/fail?q=1")
        self.assertEqual(r.status, 203)
        self.assertEqual(r.text, "origin saw /fail?q=1")
        self.assertEqual(r.header("x-origin"), "yes")
        self.assertIn("worker failed", self.server.wait_for_stderr("worker failed"))

    def test_a_handler_that_succeeds_is_not_proxied(self):
        self.assertEqual(self.server.request(path="/ok").text, "worker")

    def test_invalid_upstream_is_a_clear_error(self):
        p = subprocess.run([BIN, "dev", self.dir, "--port", "0", "--upstream", "ftp://x"],
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("upstream origin must be an absolute http", p.stderr)


if __name__ == "__main__":
    unittest.main()
