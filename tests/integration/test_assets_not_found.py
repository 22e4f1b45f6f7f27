"""spec/assets.md section 3: not_found_handling, and when a worker's miss keeps the fallback
(static routing, or the navigation flag with Sec-Fetch-Mode: navigate; the flag from the
compatibility date and both flags)."""
import unittest

from harness import Server, write_project

ECHO_WORKER = """
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    return new Response(`worker ${request.method} ${url.pathname}`, { headers: { "x-worker": "1" } });
  },
};
"""

INDEX = "<!doctype html><title>home</title><h1>root index</h1>\n"
NOT_FOUND = "<!doctype html><title>404</title><h1>root 404 page</h1>\n"
BLOG_NOT_FOUND = "<!doctype html><title>404</title><h1>blog 404 page</h1>\n"
FILES = {
    "public/index.html": INDEX,
    "public/404.html": NOT_FOUND,
    "public/blog/404.html": BLOG_NOT_FOUND,
    "public/app/index.html": "<h1>nested app index</h1>\n",
    "public/notes.txt": "plain notes\n",
    "public/_headers": "/nope\n  X-Rule: nope\n/404\n  X-Rule: four-oh-four\n",
}
NAV = {"Sec-Fetch-Mode": "navigate"}


def config(not_found, main=True, date="2025-04-01", flags=(), run_worker_first=None):
    lines = ['name = "nf"']
    if main:
        lines.append('main = "worker.js"')
    if date:
        lines.append(f'compatibility_date = "{date}"')
    if flags:
        lines.append("compatibility_flags = [" + ", ".join(f'"{f}"' for f in flags) + "]")
    lines += ["[assets]", 'directory = "./public"', f'not_found_handling = "{not_found}"']
    if run_worker_first is True:
        lines.append("run_worker_first = true")
    elif run_worker_first:
        lines.append("run_worker_first = [" + ", ".join(f'"{p}"' for p in run_worker_first) + "]")
    return "\n".join(lines) + "\n"


class ServerCase(unittest.TestCase):
    CONFIG = None
    EXTRA = {}
    DROP = ()

    @classmethod
    def setUpClass(cls):
        files = dict(FILES)
        for k in cls.DROP:
            files.pop(k)
        files.update(cls.EXTRA)
        files["wrangler.toml"] = cls.CONFIG
        files["worker.js"] = ECHO_WORKER
        cls.server = Server(write_project(files), "--quiet")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def get(self, path, headers=None, method="GET"):
        return self.server.request(method, path, headers)

    def assertWorker(self, r, path, method="GET"):
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("x-worker"), "1")
        self.assertEqual(r.text, f"worker {method} {path}")

    def assertIndex(self, r):
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.header("x-worker"))
        self.assertEqual(r.text, INDEX)
        self.assertEqual(r.header("content-type"), "text/html; charset=utf-8")


class AssetsOnly404Page(ServerCase):
    CONFIG = config("404-page", main=False)

    def test_404_page_missing_path_serves_root_404_html_with_404(self):
        r = self.get("/nope")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.text, NOT_FOUND)
        self.assertEqual(r.header("content-type"), "text/html; charset=utf-8")
        self.assertEqual(r.header("cache-control"), "public, max-age=0, must-revalidate")
        self.assertRegex(r.header("etag") or "", r'^"[0-9a-f]{32}"$')

    def test_404_page_walks_up_to_the_nearest_404_html(self):
        r = self.get("/blog/x/y")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.text, BLOG_NOT_FOUND)

    def test_404_page_direct_request_for_404_is_200(self):
        r = self.get("/404")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, NOT_FOUND)

    def test_404_page_direct_request_for_404_html_redirects_to_404(self):
        r = self.get("/404.html")
        self.assertEqual(r.status, 307)
        self.assertEqual(r.header("location"), "/404")

    def test_404_page_if_none_match_on_fallback_etag_gives_304(self):
        etag = self.get("/nope").header("etag")
        r = self.get("/somewhere/else", {"If-None-Match": etag})
        self.assertEqual(r.status, 304)
        self.assertEqual(r.body, b"")
        self.assertEqual(r.header("etag"), etag)

    def test_404_page_headers_rules_match_the_original_request_path(self):
        r = self.get("/nope")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.header("x-rule"), "nope")

    def test_404_page_existing_asset_is_unaffected(self):
        r = self.get("/notes.txt")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "plain notes\n")


class AssetsOnlySpa(ServerCase):
    CONFIG = config("single-page-application", main=False)

    def test_spa_fallback_serves_root_index_with_200(self):
        self.assertIndex(self.get("/app/settings"))

    def test_spa_fallback_never_serves_a_nearer_index(self):
        self.assertIndex(self.get("/app/deep/link"))

    def test_spa_fallback_serves_index_for_missing_js_as_text_html(self):
        self.assertIndex(self.get("/missing.js"))

    def test_spa_fallback_has_default_cache_control(self):
        r = self.get("/app/settings")
        self.assertEqual(r.header("cache-control"), "public, max-age=0, must-revalidate")

    def test_spa_fallback_if_none_match_gives_304(self):
        etag = self.get("/").header("etag")
        r = self.get("/some/route", {"If-None-Match": etag})
        self.assertEqual(r.status, 304)
        self.assertEqual(r.body, b"")


class AssetsOnlySpaWithoutIndex(ServerCase):
    CONFIG = config("single-page-application", main=False)
    DROP = ("public/index.html",)

    def test_spa_without_root_index_gives_empty_404(self):
        r = self.get("/x")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.body, b"")


class AssetsOnlyNone(ServerCase):
    CONFIG = config("none", main=False)

    def test_none_missing_path_is_empty_404(self):
        r = self.get("/nope")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.body, b"")
        self.assertEqual(r.reason, "Not Found")
        self.assertIsNone(r.header("cache-control"))


class WorkerSpaNavigationFlagOn(ServerCase):
    CONFIG = config("single-page-application", date="2025-04-01")

    def test_navigation_after_2025_04_01_gets_spa_index_without_the_worker(self):
        self.assertIndex(self.get("/app/settings", NAV))

    def test_navigation_to_a_worker_route_still_gets_spa_index(self):
        self.assertIndex(self.get("/api/date", NAV))

    def test_cors_fetch_reaches_the_worker(self):
        self.assertWorker(self.get("/api/date", {"Sec-Fetch-Mode": "cors"}), "/api/date")

    def test_plain_fetch_without_sec_fetch_mode_reaches_the_worker(self):
        self.assertWorker(self.get("/app/settings"), "/app/settings")

    def test_existing_asset_shadows_the_worker(self):
        r = self.get("/notes.txt")
        self.assertEqual(r.text, "plain notes\n")
        self.assertIsNone(r.header("x-worker"))

    def test_root_is_the_index_asset(self):
        self.assertIndex(self.get("/"))


class WorkerSpaBeforeFlagDate(ServerCase):
    CONFIG = config("single-page-application", date="2024-09-01")

    def test_navigation_before_2025_04_01_without_flag_reaches_the_worker(self):
        self.assertWorker(self.get("/app/settings", NAV), "/app/settings")


class WorkerSpaNoDate(ServerCase):
    CONFIG = config("single-page-application", date=None)

    def test_navigation_without_compatibility_date_reaches_the_worker(self):
        self.assertWorker(self.get("/app/settings", NAV), "/app/settings")


class WorkerSpaEnableFlagOldDate(ServerCase):
    CONFIG = config("single-page-application", date="2024-09-01",
                    flags=("assets_navigation_prefers_asset_serving",))

    def test_enable_flag_before_the_date_turns_navigation_fallback_on(self):
        self.assertIndex(self.get("/app/settings", NAV))

    def test_enable_flag_does_not_affect_non_navigation_requests(self):
        self.assertWorker(self.get("/app/settings"), "/app/settings")


class WorkerSpaDisableFlag(ServerCase):
    CONFIG = config("single-page-application", date="2025-04-01", flags=("assets_navigation_has_no_effect",))

    def test_has_no_effect_flag_after_the_date_sends_navigation_to_the_worker(self):
        self.assertWorker(self.get("/app/settings", NAV), "/app/settings")


class WorkerSpaBothFlags(ServerCase):
    CONFIG = config("single-page-application", date="2025-04-01",
                    flags=("assets_navigation_has_no_effect", "assets_navigation_prefers_asset_serving"))

    def test_both_flags_listed_enable_wins(self):
        self.assertIndex(self.get("/app/settings", NAV))


class Worker404PageNavigation(ServerCase):
    CONFIG = config("404-page", date="2025-04-01")

    def test_404_page_navigation_gets_404_page_without_the_worker(self):
        r = self.get("/nope", NAV)
        self.assertEqual(r.status, 404)
        self.assertEqual(r.text, NOT_FOUND)
        self.assertIsNone(r.header("x-worker"))

    def test_404_page_plain_fetch_reaches_the_worker(self):
        self.assertWorker(self.get("/nope"), "/nope")


class WorkerSpaStaticRouting(ServerCase):
    CONFIG = config("single-page-application", date="2024-01-01", run_worker_first=["/api/*"])

    def test_static_routing_keeps_spa_fallback_for_plain_fetch(self):
        self.assertIndex(self.get("/some/page"))

    def test_static_routing_positive_match_reaches_the_worker(self):
        self.assertWorker(self.get("/api/date"), "/api/date")


class WorkerSpaStaticRoutingNegative(ServerCase):
    CONFIG = config("single-page-application", date="2024-01-01", run_worker_first=["/api/*", "!/api/asset"])

    def test_static_routing_api_route_reaches_the_worker(self):
        self.assertWorker(self.get("/api/route"), "/api/route")

    def test_static_routing_negative_rule_serves_spa_index(self):
        self.assertIndex(self.get("/api/asset"))


class WorkerNoneStaticRoutingNegative(ServerCase):
    CONFIG = config("none", date="2025-04-01", run_worker_first=["/api/*", "!/missing-asset"])

    def test_negative_rule_miss_is_empty_404_and_worker_not_called(self):
        r = self.get("/missing-asset")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.body, b"")
        self.assertIsNone(r.header("x-worker"))

    def test_unmatched_miss_with_not_found_none_reaches_the_worker(self):
        self.assertWorker(self.get("/elsewhere"), "/elsewhere")


class WorkerSpaRunWorkerFirstTrue(ServerCase):
    CONFIG = config("single-page-application", date="2025-04-01", run_worker_first=True)

    def test_run_worker_first_true_navigation_reaches_the_worker(self):
        self.assertWorker(self.get("/x", NAV), "/x")

    def test_run_worker_first_true_existing_asset_reaches_the_worker(self):
        self.assertWorker(self.get("/notes.txt"), "/notes.txt")


if __name__ == "__main__":
    unittest.main()
