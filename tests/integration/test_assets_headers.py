"""spec/assets.md section 6: response headers on asset responses (ETag, If-None-Match -> 304,
Cache-Control with Authorization/Range, HEAD, content types, redirect/405/404 shapes)."""
import re
import unittest

from harness import ServedProjectTest, Server

ETAG_RE = r'^"[0-9a-f]{32}"$'
DEFAULT_CC = "public, max-age=0, must-revalidate"
APP_JS = "export const answer = 42;\n"

FILES = {
    "wrangler.toml": 'name = "h"\ncompatibility_date = "2025-04-01"\n[assets]\ndirectory = "./public"\n',
    "public/app.js": APP_JS,
    "public/other.js": "export const other = 1;\n",
    "public/data.json": '{"k":"v"}\n',
    "public/README.md": "# readme\n",
    "public/notes.txt": "notes\n",
    "public/photo.jpg": b"\xff\xd8\xff\xe0fake-jpeg",
    "public/x.greg": "unknown type\n",
    "public/style.css": "a{}\n",
    "public/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    "public/page.html": "<p>page</p>\n",
    "public/index.html": "<p>index</p>\n",
    "public/_headers": "/app.js\n  X-Custom: yes\n/system/*\n  ! ETag\n/rogue.txt\n  ETag: rogue\n",
    "public/system/x.txt": "system\n",
    "public/rogue.txt": "rogue\n",
}


class AssetHeaders(ServedProjectTest):
    FILES = FILES

    def get(self, path, headers=None, method="GET"):
        return self.server.request(method, path, headers)

    def etag(self, path="/app.js"):
        return self.get(path).header("etag")

    # ---- ETag ----

    def test_etag_is_strong_quoted_32_lowercase_hex(self):
        self.assertRegex(self.etag(), ETAG_RE)

    def test_etag_differs_for_different_content(self):
        self.assertNotEqual(self.etag("/app.js"), self.etag("/other.js"))

    def test_etag_is_stable_across_restarts(self):
        before = self.etag()
        with Server(self.dir, "--quiet") as again:
            self.assertEqual(again.request("GET", "/app.js").header("etag"), before)

    def test_etag_can_be_removed_by_headers_rule(self):
        r = self.get("/system/x.txt")
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.header("etag"))

    def test_etag_can_be_overridden_by_headers_rule(self):
        self.assertEqual(self.get("/rogue.txt").header("etag"), "rogue")

    # ---- If-None-Match ----

    def test_if_none_match_exact_gives_304(self):
        etag = self.etag()
        r = self.get("/app.js", {"If-None-Match": etag})
        self.assertEqual(r.status, 304)
        self.assertEqual(r.body, b"")

    def test_if_none_match_weak_form_gives_304(self):
        r = self.get("/app.js", {"If-None-Match": "W/" + self.etag()})
        self.assertEqual(r.status, 304)

    def test_if_none_match_list_gives_200(self):
        r = self.get("/app.js", {"If-None-Match": self.etag() + ', "zzz"'})
        self.assertEqual((r.status, r.text), (200, APP_JS))

    def test_if_none_match_star_gives_200(self):
        self.assertEqual(self.get("/app.js", {"If-None-Match": "*"}).status, 200)

    def test_if_none_match_mismatch_gives_200(self):
        self.assertEqual(self.get("/app.js", {"If-None-Match": '"0123456789abcdef0123456789abcdef"'}).status, 200)

    def test_if_none_match_unquoted_hash_gives_200(self):
        self.assertEqual(self.get("/app.js", {"If-None-Match": self.etag().strip('"')}).status, 200)

    def test_304_carries_etag_content_type_cache_control_and_headers_rules(self):
        etag = self.etag()
        r = self.get("/app.js", {"If-None-Match": etag})
        self.assertEqual(r.status, 304)
        self.assertEqual(r.header("etag"), etag)
        self.assertEqual(r.header("content-type"), "text/javascript; charset=utf-8")
        self.assertEqual(r.header("cache-control"), DEFAULT_CC)
        self.assertEqual(r.header("x-custom"), "yes")

    def test_if_modified_since_is_ignored(self):
        r = self.get("/app.js", {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.header("last-modified"))

    # ---- Cache-Control ----

    def test_cache_control_default_on_200(self):
        self.assertEqual(self.get("/app.js").header("cache-control"), DEFAULT_CC)

    def test_cache_control_absent_with_authorization(self):
        r = self.get("/app.js", {"Authorization": "Bearer x"})
        self.assertEqual((r.status, r.text), (200, APP_JS))
        self.assertIsNone(r.header("cache-control"))

    def test_cache_control_absent_with_range(self):
        r = self.get("/app.js", {"Range": "bytes=0-5"})
        self.assertEqual(r.status, 206)
        self.assertEqual(r.text, APP_JS[:6])
        self.assertEqual(r.header("content-range"), f"bytes 0-5/{len(APP_JS)}")
        self.assertIsNone(r.header("cache-control"))

    def test_cache_control_absent_with_multi_range_full_200(self):
        r = self.get("/app.js", {"Range": "bytes=0-1,4-5"})
        self.assertEqual((r.status, r.text), (200, APP_JS))
        self.assertIsNone(r.header("cache-control"))

    def test_unsatisfiable_range_is_416(self):
        r = self.get("/app.js", {"Range": "bytes=1000-2000"})
        self.assertEqual(r.status, 416)
        self.assertEqual(r.header("content-range"), f"bytes */{len(APP_JS)}")

    def test_cache_control_absent_on_redirect(self):
        r = self.get("/page.html")
        self.assertEqual(r.status, 307)
        self.assertIsNone(r.header("cache-control"))

    def test_cache_control_absent_on_405(self):
        r = self.get("/app.js", method="DELETE")
        self.assertEqual(r.status, 405)
        self.assertIsNone(r.header("cache-control"))

    def test_cache_control_absent_on_empty_404(self):
        r = self.get("/missing")
        self.assertEqual((r.status, r.body), (404, b""))
        self.assertIsNone(r.header("cache-control"))
        self.assertIsNone(r.header("etag"))

    def test_no_cf_cache_status(self):
        self.assertIsNone(self.get("/app.js").header("cf-cache-status"))

    # ---- HEAD ----

    def test_head_has_same_headers_as_get_and_no_body(self):
        for path in ["/app.js", "/", "/photo.jpg", "/page"]:
            with self.subTest(path=path):
                get = self.get(path)
                raw = self.server.raw(f"HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                head_end = raw.find(b"\r\n\r\n")
                self.assertEqual(raw[head_end + 4:], b"", "HEAD must not send a body")
                head = self.get(path, method="HEAD")
                self.assertEqual(head.status, get.status)
                strip = lambda hs: sorted((k, v) for k, v in hs if k != "date")
                self.assertEqual(strip(head.headers), strip(get.headers))

    # ---- redirect / 405 shapes ----

    def test_redirect_has_location_reason_and_empty_body(self):
        r = self.get("/page.html")
        self.assertEqual(r.status, 307)
        self.assertEqual(r.reason, "Temporary Redirect")
        self.assertEqual(r.header("location"), "/page")
        self.assertEqual(r.body, b"")
        self.assertIsNone(r.header("etag"))
        self.assertIsNone(r.header("content-type"))

    def test_405_has_reason_no_body_no_allow(self):
        r = self.get("/app.js", method="PUT")
        self.assertEqual((r.status, r.reason, r.body), (405, "Method Not Allowed", b""))
        self.assertIsNone(r.header("allow"))

    # ---- content types ----

    def assertType(self, path, expected):
        r = self.get(path)
        self.assertEqual(r.status, 200, path)
        self.assertEqual(r.header("content-type"), expected, path)

    def test_content_type_js_is_text_javascript_utf8(self):
        self.assertType("/app.js", "text/javascript; charset=utf-8")

    def test_content_type_json_has_no_charset(self):
        self.assertType("/data.json", "application/json")

    def test_content_type_markdown_is_text_markdown_utf8(self):
        self.assertType("/README.md", "text/markdown; charset=utf-8")

    def test_content_type_txt_is_text_plain_utf8(self):
        self.assertType("/notes.txt", "text/plain; charset=utf-8")

    def test_content_type_jpg_is_image_jpeg(self):
        self.assertType("/photo.jpg", "image/jpeg")

    def test_content_type_css_is_text_css_utf8(self):
        self.assertType("/style.css", "text/css; charset=utf-8")

    def test_content_type_svg_is_image_svg_xml(self):
        self.assertType("/logo.svg", "image/svg+xml")

    def test_content_type_html_is_text_html_utf8(self):
        self.assertType("/page", "text/html; charset=utf-8")

    def test_content_type_unknown_extension_is_absent(self):
        r = self.get("/x.greg")
        self.assertEqual((r.status, r.text), (200, "unknown type\n"))
        self.assertIsNone(r.header("content-type"))


if __name__ == "__main__":
    unittest.main()
