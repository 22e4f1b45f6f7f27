"""spec/assets.md "Recorded reference behaviour" items 1 (canonical 307 also for a fallback;
never off-site), 5 (methods: 501 for unknown, 405 on assets) and 6 (backslash is a separator).
Item 2 (env.ASSETS.fetch follow vs manual) is in test_assets_dispatch.py."""
import unittest

from harness import Server, write_project

ECHO_WORKER = """
export default {
  async fetch(request) {
    const url = new URL(request.url);
    return new Response(`worker ${request.method} ${url.pathname}`, { headers: { "x-worker": "1" } });
  },
};
"""

FILES = {
    "public/index.html": "index\n",
    "public/404.html": "not found page\n",
    "public/file.html": "file page\n",
    "public/folder/inner.txt": "inner\n",
}

ASSET_METHODS = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "PROPPATCH",
                 "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "PURGE", "REPORT"]


def serve(toml, worker=False):
    files = dict(FILES)
    files["wrangler.toml"] = toml
    if worker:
        files["worker.js"] = ECHO_WORKER
    return Server(write_project(files), "--quiet")


def raw_status(server, method, path):
    data = server.raw(f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".encode())
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    return int(line.split(" ")[1]), data


class CanonicalRedirectWithFallback(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = serve('name = "r"\n[assets]\ndirectory = "./public"\nnot_found_handling = "404-page"\n')

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def location(self, path):
        r = self.server.request("GET", path)
        self.assertEqual(r.status, 307, path)
        self.assertEqual(r.body, b"")
        return r.header("location")

    def test_fallback_only_encoded_slash_dotdot_redirects_to_canonical(self):
        self.assertEqual(self.location("/blog/..%2fnope"), "/blog/../nope")

    def test_fallback_only_double_slash_redirects_to_single(self):
        self.assertEqual(self.location("//nope"), "/nope")

    def test_fallback_only_encoded_double_slash_host_stays_on_site(self):
        self.assertEqual(self.location("/%2f%2fbad.example.com%2f"), "/bad.example.com/")

    def test_canonical_redirect_keeps_the_query(self):
        self.assertEqual(self.location("//nope?a=1"), "/nope?a=1")

    def test_canonical_redirect_location_is_never_off_site(self):
        for path in ["//evil.example", "///evil.example", "/%2f/evil.example", "/%2F%2Fevil.example",
                     "/%5c%5cevil.example", "/\\\\evil.example", "/\\/evil.example", "//evil.example/%2e%2e",
                     "/https://evil.example", "/%2f%2f%2fevil.example%2f", "//%09/evil.example"]:
            with self.subTest(path=path):
                r = self.server.request("GET", path)
                loc = r.header("location")
                if loc is not None:
                    self.assertTrue(loc.startswith("/"), loc)
                    self.assertFalse(loc.startswith("//"), loc)
                    self.assertFalse(loc.startswith("/\\"), loc)
                    self.assertNotIn("://", loc)


class CanonicalRedirectWithoutFallback(unittest.TestCase):
    def test_no_fallback_no_asset_double_slash_is_plain_404(self):
        with serve('name = "r"\n[assets]\ndirectory = "./public"\n') as s:
            r = s.request("GET", "//nope")
            self.assertEqual((r.status, r.body), (404, b""))
            self.assertIsNone(r.header("location"))

    def test_no_fallback_no_asset_double_slash_reaches_the_worker(self):
        with serve('name = "r"\nmain = "worker.js"\n[assets]\ndirectory = "./public"\n', worker=True) as s:
            r = s.request("GET", "//nope")
            self.assertEqual(r.header("x-worker"), "1")
            self.assertIsNone(r.header("location"))

    def test_double_slash_to_existing_asset_redirects_even_without_fallback(self):
        with serve('name = "r"\n[assets]\ndirectory = "./public"\n') as s:
            r = s.request("GET", "//file")
            self.assertEqual((r.status, r.header("location")), (307, "/file"))


class CanonicalRedirectBeforeStaticRouting(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = serve('name = "r"\nmain = "worker.js"\ncompatibility_date = "2025-04-01"\n[assets]\n'
                           'directory = "./public"\nnot_found_handling = "single-page-application"\n'
                           'run_worker_first = ["/api/*"]\n', worker=True)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_static_routing_double_slash_redirects_before_pattern_test(self):
        r = self.server.request("GET", "//api/route")
        self.assertEqual((r.status, r.header("location")), (307, "/api/route"))
        self.assertIsNone(r.header("x-worker"))

    def test_static_routing_redirect_target_reaches_the_worker(self):
        r = self.server.request("GET", "/api/route")
        self.assertEqual(r.text, "worker GET /api/route")

    def test_spa_with_static_routing_post_to_unmatched_path_is_405_not_worker(self):
        r = self.server.request("POST", "/some/page", body="x")
        self.assertEqual(r.status, 405)
        self.assertIsNone(r.header("x-worker"))


class Methods(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = serve('name = "r"\nmain = "worker.js"\n[assets]\ndirectory = "./public"\n', worker=True)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_unknown_method_foo_is_501_on_asset(self):
        status, _ = raw_status(self.server, "FOO", "/file")
        self.assertEqual(status, 501)

    def test_unknown_method_foo_is_501_on_worker_path(self):
        status, data = raw_status(self.server, "FOO", "/no-asset")
        self.assertEqual(status, 501)
        self.assertNotIn(b"worker FOO", data)

    def test_every_non_get_head_method_on_asset_is_405(self):
        for method in ASSET_METHODS:
            with self.subTest(method=method):
                status, data = raw_status(self.server, method, "/file")
                self.assertEqual(status, 405, data[:200])
                self.assertNotIn(b"x-worker", data.lower())

    def test_every_non_get_head_method_on_non_asset_reaches_the_worker(self):
        for method in ASSET_METHODS:
            with self.subTest(method=method):
                status, data = raw_status(self.server, method, "/no-asset")
                self.assertEqual(status, 200, data[:200])
                self.assertIn(f"worker {method} /no-asset".encode(), data)


class MethodsAssetsOnly(unittest.TestCase):
    def test_assets_only_unknown_method_is_501_and_known_ones_405(self):
        with serve('name = "r"\n[assets]\ndirectory = "./public"\n') as s:
            self.assertEqual(raw_status(s, "FOO", "/file")[0], 501)
            for method in ASSET_METHODS:
                with self.subTest(method=method):
                    self.assertEqual(raw_status(s, method, "/file")[0], 405)


class Backslash(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = serve('name = "r"\n[assets]\ndirectory = "./public"\n')

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_backslash_dotdot_is_resolved_like_slash(self):
        r = self.server.request("GET", "/folder\\..\\file")
        self.assertEqual((r.status, r.text), (200, "file page\n"))

    def test_backslash_is_a_path_separator(self):
        r = self.server.request("GET", "/folder\\inner.txt")
        self.assertEqual((r.status, r.text), (200, "inner\n"))

    def test_encoded_backslash_is_not_a_separator(self):
        r = self.server.request("GET", "/folder%5Cinner.txt")
        self.assertEqual(r.status, 404)
        self.assertNotIn(b"inner", r.body)


if __name__ == "__main__":
    unittest.main()
