"""spec/assets.md section 5: the asset-first flow with a worker, the assets-only table, and
env.ASSETS.fetch (incl. recorded reference behaviour 2: redirect follow vs manual)."""
import unittest

from harness import Server, write_project

ECHO_WORKER = """
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    return new Response(`worker ${request.method} ${url.pathname} ${body}`, { headers: { "x-worker": "1" } });
  },
};
"""

# The worker runs first for everything; x-assets picks how it calls env.ASSETS.fetch.
BINDING_WORKER = """
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const target = new URL(url.pathname + url.search, "https://x.example");
    switch (request.headers.get("x-assets")) {
      case "request": return env.ASSETS.fetch(request);
      case "string": return env.ASSETS.fetch(target.href);
      case "url-object": return env.ASSETS.fetch(target);
      case "new-request": return env.ASSETS.fetch(new Request(target));
      case "manual": return env.ASSETS.fetch(new Request(target, { redirect: "manual" }));
      case "post": return env.ASSETS.fetch(new Request(target, { method: "POST", body: "x" }));
      case "conditional":
        return env.ASSETS.fetch(new Request(target, { headers: { "If-None-Match": request.headers.get("if-none-match") } }));
      case "mode": return new Response(`redirect=${request.redirect}`);
      case "response-url": {
        const r = await env.ASSETS.fetch(target.href);
        return new Response(`url=${r.url} redirected=${r.redirected} status=${r.status}`);
      }
    }
    return new Response(`worker ${request.method} ${url.pathname}`, { headers: { "x-worker": "1" } });
  },
};
"""

FILES = {
    "public/index.html": "index page\n",
    "public/about.html": "about page\n",
    "public/data.json": '{"a":1}\n',
    "public/file.html": "file page\n",
    "public/folder/index.html": "folder index\n",
    "public/_redirects": "/foo /bar 301\n/proxy /missing 200\n/x /y 302\n/old /file 301\n",
    "public/_headers": "/file.html\n  X-First: first\n/file\n  X-Final: final\n",
}

WORKER_METHODS = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]


def project(toml, worker):
    files = dict(FILES)
    files["wrangler.toml"] = toml
    if worker:
        files["worker.js"] = worker
    return write_project(files)


class AssetFirstWithWorker(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        toml = 'name = "d"\nmain = "worker.js"\ncompatibility_date = "2025-04-01"\n[assets]\ndirectory = "./public"\n'
        cls.server = Server(project(toml, ECHO_WORKER), "--quiet")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def req(self, method, path, body=b""):
        return self.server.request(method, path, body=body)

    def test_get_existing_asset_is_served_without_the_worker(self):
        r = self.req("GET", "/data.json")
        self.assertEqual((r.status, r.text), (200, '{"a":1}\n'))
        self.assertIsNone(r.header("x-worker"))

    def test_head_existing_asset_is_200_without_body(self):
        r = self.req("HEAD", "/data.json")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"")
        self.assertIsNone(r.header("x-worker"))

    def test_root_serves_index_html(self):
        self.assertEqual(self.req("GET", "/").text, "index page\n")

    def test_index_html_redirect_is_answered_by_assets(self):
        r = self.req("GET", "/index.html")
        self.assertEqual((r.status, r.header("location")), (307, "/"))
        self.assertIsNone(r.header("x-worker"))

    def test_non_get_methods_on_asset_are_405_and_worker_not_invoked(self):
        for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]:
            with self.subTest(method=method):
                r = self.req(method, "/data.json", body=b"x" if method in ("POST", "PUT", "PATCH") else b"")
                self.assertEqual(r.status, 405)
                self.assertEqual(r.reason, "Method Not Allowed")
                self.assertEqual(r.body, b"")
                self.assertIsNone(r.header("x-worker"))
                self.assertIsNone(r.header("allow"))

    def test_post_to_html_handled_path_is_405(self):
        r = self.req("POST", "/about", body=b"x")
        self.assertEqual(r.status, 405)
        self.assertIsNone(r.header("x-worker"))

    def test_post_to_redirects_source_gets_the_301(self):
        r = self.req("POST", "/foo", body=b"x")
        self.assertEqual((r.status, r.header("location")), (301, "/bar"))
        self.assertIsNone(r.header("x-worker"))

    def test_every_method_on_a_non_asset_path_reaches_the_worker(self):
        for method in WORKER_METHODS:
            with self.subTest(method=method):
                body = b"payload" if method in ("POST", "PUT", "PATCH") else b""
                r = self.req(method, "/no-assets-here", body=body)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.header("x-worker"), "1")
                self.assertEqual(r.text, f"worker {method} /no-assets-here {body.decode()}")

    def test_proxy_rule_to_missing_target_is_empty_404_worker_not_invoked(self):
        r = self.req("GET", "/proxy")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.body, b"")
        self.assertIsNone(r.header("x-worker"))

    def test_redirect_rule_wins_over_the_worker(self):
        r = self.req("GET", "/x")
        self.assertEqual((r.status, r.header("location")), (302, "/y"))
        self.assertIsNone(r.header("x-worker"))

    def test_cors_preflight_to_asset_is_405(self):
        r = self.server.request("OPTIONS", "/data.json", {"Origin": "https://a.example", "Access-Control-Request-Method": "GET"})
        self.assertEqual(r.status, 405)
        self.assertIsNone(r.header("x-worker"))


class AssetsOnly(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        toml = 'name = "d"\ncompatibility_date = "2025-04-01"\n[assets]\ndirectory = "./public"\n'
        cls.server = Server(project(toml, None), "--quiet")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_assets_only_root_is_200(self):
        r = self.server.request("GET", "/")
        self.assertEqual((r.status, r.text), (200, "index page\n"))

    def test_assets_only_missing_is_empty_404(self):
        r = self.server.request("GET", "/missing")
        self.assertEqual((r.status, r.body), (404, b""))

    def test_assets_only_post_to_asset_is_405(self):
        r = self.server.request("POST", "/data.json", body="x")
        self.assertEqual(r.status, 405)

    def test_assets_only_post_to_missing_path_is_404_not_405(self):
        r = self.server.request("POST", "/missing", body="x")
        self.assertEqual((r.status, r.body), (404, b""))

    def test_assets_only_redirects_rule_applies(self):
        r = self.server.request("GET", "/old")
        self.assertEqual((r.status, r.header("location")), (301, "/file"))


class BindingBase(unittest.TestCase):
    NOT_FOUND = "none"

    @classmethod
    def setUpClass(cls):
        toml = ('name = "d"\nmain = "worker.js"\ncompatibility_date = "2025-04-01"\n[assets]\n'
                f'directory = "./public"\nbinding = "ASSETS"\nrun_worker_first = true\nnot_found_handling = "{cls.NOT_FOUND}"\n')
        cls.server = Server(project(toml, BINDING_WORKER), "--quiet")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def via(self, mode, path, headers=None, method="GET"):
        h = {"x-assets": mode}
        h.update(headers or {})
        return self.server.request(method, path, h)


class BindingSpa(BindingBase):
    NOT_FOUND = "single-page-application"

    def test_binding_missing_path_with_spa_gets_index(self):
        r = self.via("request", "/missing")
        self.assertEqual((r.status, r.text), (200, "index page\n"))

    def test_binding_applies_not_found_without_navigation_header(self):
        r = self.via("string", "/deep/link")
        self.assertEqual((r.status, r.text), (200, "index page\n"))

    def test_binding_ignores_run_worker_first_and_never_calls_the_worker_back(self):
        r = self.via("request", "/missing", {"Sec-Fetch-Mode": "navigate"})
        self.assertIsNone(r.header("x-worker"))
        self.assertEqual(r.text, "index page\n")


class BindingNone(BindingBase):
    def test_binding_missing_path_with_none_is_empty_404(self):
        r = self.via("request", "/missing")
        self.assertEqual((r.status, r.body), (404, b""))

    def test_binding_post_request_on_asset_is_405(self):
        r = self.via("post", "/data.json")
        self.assertEqual(r.status, 405)

    def test_binding_serves_existing_asset_for_incoming_request(self):
        r = self.via("request", "/data.json")
        self.assertEqual((r.status, r.text), (200, '{"a":1}\n'))
        self.assertEqual(r.header("content-type"), "application/json")

    def test_incoming_request_redirect_mode_is_manual(self):
        self.assertEqual(self.via("mode", "/").text, "redirect=manual")

    def test_binding_with_incoming_request_returns_the_307(self):
        r = self.via("request", "/file.html")
        self.assertEqual((r.status, r.header("location")), (307, "/file"))
        self.assertEqual(r.body, b"")

    def test_binding_with_url_string_follows_the_redirect(self):
        r = self.via("string", "/file.html")
        self.assertEqual((r.status, r.text), (200, "file page\n"))

    def test_binding_with_url_object_follows_the_redirect(self):
        r = self.via("url-object", "/file.html")
        self.assertEqual((r.status, r.text), (200, "file page\n"))

    def test_binding_with_new_request_follows_the_redirect(self):
        r = self.via("new-request", "/folder")
        self.assertEqual((r.status, r.text), (200, "folder index\n"))

    def test_binding_with_manual_request_returns_the_307(self):
        r = self.via("manual", "/file.html")
        self.assertEqual((r.status, r.header("location")), (307, "/file"))

    def test_binding_follows_redirects_rule_3xx(self):
        r = self.via("string", "/old")
        self.assertEqual((r.status, r.text), (200, "file page\n"))

    def test_binding_manual_returns_redirects_rule_3xx(self):
        r = self.via("request", "/old")
        self.assertEqual((r.status, r.header("location")), (301, "/file"))

    def test_binding_followed_response_carries_headers_of_the_final_path(self):
        r = self.via("string", "/file.html")
        self.assertEqual(r.header("x-final"), "final")
        self.assertIsNone(r.header("x-first"))

    def test_binding_manual_redirect_carries_headers_of_the_first_path(self):
        r = self.via("request", "/file.html")
        self.assertEqual(r.header("x-first"), "first")
        self.assertIsNone(r.header("x-final"))

    def test_binding_follow_keeps_if_none_match_so_304_is_possible(self):
        etag = self.via("request", "/file").header("etag")
        self.assertRegex(etag or "", r'^"[0-9a-f]{32}"$')
        r = self.via("conditional", "/file.html", {"If-None-Match": etag})
        self.assertEqual(r.status, 304)
        self.assertEqual(r.body, b"")

    def test_binding_followed_response_reports_url_and_redirected(self):
        r = self.via("response-url", "/file.html")
        self.assertEqual(r.text, "url=https://x.example/file redirected=true status=200")

    def test_binding_head_has_the_same_content_length_as_get(self):
        get = self.via("request", "/data.json")
        head = self.via("request", "/data.json", method="HEAD")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("content-length"), get.header("content-length"))
        self.assertEqual(head.header("etag"), get.header("etag"))


if __name__ == "__main__":
    unittest.main()
