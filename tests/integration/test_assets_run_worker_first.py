"""spec/assets.md section 4: run_worker_first arrays (static routing): the example table,
pattern syntax and precedence."""
import unittest

from harness import Server, write_project

ECHO_WORKER = """
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    return new Response(`worker ${request.method} ${url.pathname}${url.search}`, { headers: { "x-worker": "1" } });
  },
};
"""


def start(patterns, files):
    toml = ('name = "rwf"\nmain = "worker.js"\ncompatibility_date = "2025-04-01"\n[assets]\n'
            'directory = "./public"\nrun_worker_first = [' + ", ".join(f'"{p}"' for p in patterns) + "]\n")
    project = {"wrangler.toml": toml, "worker.js": ECHO_WORKER}
    project.update({"public/" + k: v for k, v in files.items()})
    return Server(write_project(project), "--quiet")


class ExampleTable(unittest.TestCase):
    """Config ["/worker/*", "/oauth/callback", "!/missing-asset", "!/worker/asset"]."""

    @classmethod
    def setUpClass(cls):
        cls.server = start(["/worker/*", "/oauth/callback", "!/missing-asset", "!/worker/asset"], {
            "static/page.html": "static page\n",
            "worker/asset.html": "worker asset page\n",
            "worker/worker-runs.html": "should not be served\n",
        })

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_unmatched_path_with_asset_is_served_from_assets(self):
        r = self.server.request("GET", "/static/page")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "static page\n")
        self.assertIsNone(r.header("x-worker"))

    def test_unmatched_path_without_asset_reaches_the_worker(self):
        r = self.server.request("GET", "/")
        self.assertEqual(r.text, "worker GET /")

    def test_positive_match_reaches_the_worker_even_if_the_asset_exists(self):
        r = self.server.request("GET", "/worker/worker-runs")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "worker GET /worker/worker-runs")

    def test_negative_rule_beats_positive_rule(self):
        r = self.server.request("GET", "/worker/asset")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "worker asset page\n")
        self.assertIsNone(r.header("x-worker"))

    def test_negative_rule_miss_is_empty_404_worker_not_called(self):
        r = self.server.request("GET", "/missing-asset")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.body, b"")
        self.assertIsNone(r.header("x-worker"))

    def test_post_to_exact_positive_pattern_with_query_reaches_the_worker(self):
        r = self.server.request("POST", "/oauth/callback?code=1", body="x")
        self.assertEqual(r.text, "worker POST /oauth/callback?code=1")

    def test_positive_match_post_on_asset_path_reaches_the_worker_not_405(self):
        r = self.server.request("POST", "/worker/worker-runs", body="x")
        self.assertEqual(r.text, "worker POST /worker/worker-runs")

    def test_unmatched_post_to_asset_is_405(self):
        r = self.server.request("POST", "/static/page", body="x")
        self.assertEqual(r.status, 405)
        self.assertIsNone(r.header("x-worker"))


class PatternSyntax(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = start(["/foo", "/bar*", "/*.php", "/:placeholder", "/"], {
            "index.html": "root index\n",
            "foo.html": "foo page\n",
            "foo/bar.html": "foo bar page\n",
            "barn.html": "barn page\n",
            "x.php": "php source\n",
            "value.html": "value page\n",
            "Foo.html": "capital foo\n",
            "page.html": "page\n",
        })

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assertWorker(self, path):
        r = self.server.request("GET", path)
        self.assertEqual(r.header("x-worker"), "1", f"{path} should reach the worker")
        return r

    def assertAsset(self, path, body, status=200):
        r = self.server.request("GET", path)
        self.assertIsNone(r.header("x-worker"), f"{path} should not reach the worker")
        self.assertEqual(r.status, status)
        if body is not None:
            self.assertEqual(r.text, body)
        return r

    def test_exact_pattern_matches_only_itself(self):
        self.assertWorker("/foo")

    def test_exact_pattern_does_not_match_trailing_slash(self):
        r = self.assertAsset("/foo/", None, 307)
        self.assertEqual(r.header("location"), "/foo")

    def test_exact_pattern_does_not_match_subpath(self):
        self.assertAsset("/foo/bar", "foo bar page\n")

    def test_trailing_star_is_a_prefix_match(self):
        self.assertWorker("/barn")
        self.assertWorker("/bar/anything/below")

    def test_star_crosses_slashes(self):
        self.assertWorker("/x.php")
        self.assertWorker("/deep/down/x.php")

    def test_root_pattern_matches_only_the_root(self):
        self.assertWorker("/")
        self.assertWorker("/?q=1")
        self.assertAsset("/page", "page\n")

    def test_placeholder_syntax_is_literal(self):
        self.assertWorker("/:placeholder")
        self.assertAsset("/value", "value page\n")

    def test_matching_is_case_sensitive(self):
        self.assertAsset("/Foo", "capital foo\n")

    def test_query_is_not_part_of_the_match(self):
        self.assertAsset("/page?next=/foo", "page\n")

    def test_pattern_matches_the_raw_encoded_pathname(self):
        r = self.assertAsset("/f%6Fo", None, 307)
        self.assertEqual(r.header("location"), "/foo")


class InvalidRules(unittest.TestCase):
    def run_dev(self, patterns):
        import subprocess
        from harness import BIN
        toml = ('name = "rwf"\nmain = "worker.js"\n[assets]\ndirectory = "./public"\n'
                'run_worker_first = [' + ", ".join(f'"{p}"' for p in patterns) + "]\n")
        d = write_project({"wrangler.toml": toml, "worker.js": ECHO_WORKER, "public/a.txt": "a"})
        return subprocess.run([BIN, "check", d], capture_output=True, text=True, timeout=30)

    def test_only_negative_rules_is_a_startup_error(self):
        p = self.run_dev(["!/a"])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("wrangler.toml", p.stderr)

    def test_rule_without_leading_slash_is_a_startup_error(self):
        p = self.run_dev(["api/*"])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("api/*", p.stderr)

    def test_redundant_rule_is_a_startup_error(self):
        p = self.run_dev(["/api/*", "/api/some/route"])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("redundant", p.stderr)


if __name__ == "__main__":
    unittest.main()
