"""Path safety over HTTP (spec/assets.md "edgerun decisions" and section 1; recorded reference
behaviour 6, 7, 8): nothing outside the asset folder is ever served, whatever the encoding of
dot segments, NULs, backslashes, absolute-form targets, symlinks or path length.

Layout: PROJECT/secret.txt and PROJECT/wrangler.toml sit next to PROJECT/public/ (the assets);
symlinks inside public/ point outside it. Every response (and every redirect it leads to) is
checked for the secret's content, /etc/passwd's content and the config file's content."""
import os
import socket
import unittest

from harness import Server, write_project

SECRET = "TOP-SECRET-7f3c9a1e-do-not-serve"
CONFIG_MARKER = "config-marker-5b2d"
PASSWD_MARKER = "root:x:0:0"

BINDING_WORKER = """
export default {
  async fetch(request, env) {
    return env.ASSETS.fetch(request);
  },
};
"""

DOT_SEGMENTS = [
    "/../secret.txt", "/../../secret.txt", "/../../../../../../../etc/passwd", "/./../secret.txt",
    "/sub/../../secret.txt", "//../secret.txt", "/sub/./../../secret.txt", "/.../secret.txt",
    "/....//secret.txt", "/..;/secret.txt", "/sub/..;/..;/secret.txt",
]
ENCODED_DOT_SEGMENTS = [
    "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
    "/%2e%2e/%2e%2e/etc/passwd", "/sub/%2e%2e/%2e%2e/secret.txt", "/%2E%2e/%2e%2E/secret.txt",
]
ENCODED_SLASHES = [
    "/%2e%2e%2fsecret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt",
    "/sub/..%2f..%2fsecret.txt", "/sub/%2e%2e%2f%2e%2e%2fsecret.txt", "/%2F..%2Fsecret.txt",
    "/%2fetc%2fpasswd", "/..%2f..%2f..%2f..%2fetc%2fpasswd", "/%2f%2e%2e%2fsecret.txt",
]
BACKSLASHES = [
    "/..\\secret.txt", "/sub\\..\\..\\secret.txt", "/\\..\\secret.txt", "/..%5csecret.txt",
    "/..%5Csecret.txt", "/%5c..%5csecret.txt", "/sub%5c..%5c..%5csecret.txt", "/%2e%2e%5csecret.txt",
    "/..\\..\\..\\..\\etc\\passwd",
]
DOUBLE_AND_OVERLONG = [
    "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%252fsecret.txt",
    "/%c0%ae%c0%ae/secret.txt", "/%c0%ae%c0%ae%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt",
    "/%u002e%u002e/secret.txt", "/%uff0e%uff0e/secret.txt", "/%ef%bc%8e%ef%bc%8e/secret.txt",
]
NULS = [
    "/%00", "/%00/../secret.txt", "/real.txt%00", "/real.txt%00.html", "/..%00/secret.txt",
    "/secret.txt%00", "/%00%2e%2e/secret.txt", "/sub/%00/../../secret.txt",
]
OUTSIDE_NAMES = ["/secret.txt", "/wrangler.toml", "/worker.js", "/public/real.txt", "/etc/passwd"]
SYMLINKS_OUT = ["/escape.txt", "/escape-abs.txt", "/escape-dir/secret.txt", "/escape-dir/wrangler.toml",
                "/escape-dir/public/real.txt", "/etc-link/passwd", "/escape-dir", "/escape-dir/",
                "/sub/escape-up.txt", "/escape", "/escape-dir/secret"]
ABSOLUTE_FORM = [
    "http://localhost/../../etc/passwd", "http://localhost/../secret.txt", "http://localhost/%2e%2e/secret.txt",
    "http://localhost/..%2fsecret.txt", "http://localhost/..\\secret.txt", "http://localhost:1/../../secret.txt",
    "http://localhost/sub/%2e%2e/%2e%2e/secret.txt", "http://evil.example/../secret.txt",
    "https://localhost/../secret.txt", "http://user:pw@localhost/../secret.txt",
    "file:///etc/passwd", "file:///../secret.txt", "../secret.txt", "secret.txt", "*", "..",
    "http://localhost/%2f..%2fsecret.txt",
]


def make_project(toml, worker=None):
    files = {"wrangler.toml": toml + f"# {CONFIG_MARKER}\n",
             "secret.txt": SECRET + "\n",
             "public/index.html": "index\n",
             "public/real.txt": "real file\n",
             "public/sub/page.txt": "sub page\n",
             "public/hidden.txt": "hidden by assetsignore\n",
             "public/.assetsignore": "hidden.txt\n"}
    if worker:
        files["worker.js"] = worker
    root = write_project(files)
    pub = os.path.join(root, "public")
    os.symlink("real.txt", os.path.join(pub, "alias.txt"))
    os.symlink("hidden.txt", os.path.join(pub, "hidden-link.txt"))
    os.symlink("../secret.txt", os.path.join(pub, "escape.txt"))
    os.symlink("../secret.txt", os.path.join(pub, "escape.html"))
    os.symlink(os.path.join(root, "secret.txt"), os.path.join(pub, "escape-abs.txt"))
    os.symlink("..", os.path.join(pub, "escape-dir"))
    os.symlink("/etc", os.path.join(pub, "etc-link"))
    os.symlink("../../secret.txt", os.path.join(pub, "sub", "escape-up.txt"))
    return root


def send(port, data, timeout=10):
    """Raw request; tolerates the server closing early (431 before the whole head is read)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
        return b"".join(chunks)


def status_of(data):
    if not data.startswith(b"HTTP/1.1 "):
        return None
    return int(data[9:12])


def location_of(data):
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "location":
            return value.strip()
    return None


class Battery:
    """Mixed into one TestCase per configuration."""
    TOML = None
    WORKER = None

    @classmethod
    def setUpClass(cls):
        cls.dir = make_project(cls.TOML, cls.WORKER)
        cls.server = Server(cls.dir, "--quiet")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def fetch(self, target, extra=b""):
        return send(self.server.port, f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".encode()
                    + extra + b"\r\n")

    def assertNothingLeaks(self, data, what):
        self.assertNotIn(SECRET.encode(), data, f"{what}: the secret leaked")
        self.assertNotIn(PASSWD_MARKER.encode(), data, f"{what}: /etc/passwd leaked")
        self.assertNotIn(CONFIG_MARKER.encode(), data, f"{what}: the config file leaked")
        self.assertNotIn(b"real file", data, f"{what}: got real.txt through an escaping path")

    def assertSafe(self, target):
        """The target and up to 5 redirects after it: never the secret, never a 200."""
        data = self.fetch(target)
        for hop in range(6):
            status = status_of(data)
            self.assertIsNotNone(status, f"{target}: no HTTP response ({data[:80]!r})")
            self.assertNothingLeaks(data, target)
            self.assertNotIn(status, (200, 206, 304), f"{target} (hop {hop}) answered {status}")
            if status not in (301, 302, 303, 307, 308):
                return
            loc = location_of(data)
            self.assertTrue(loc.startswith("/") and not loc.startswith("//") and not loc.startswith("/\\"),
                            f"{target}: off-site Location {loc!r}")
            data = self.fetch(loc)
        self.fail(f"{target}: redirect loop")

    def battery(self, targets):
        for target in targets:
            with self.subTest(target=target):
                self.assertSafe(target)
        self.assertServerAlive()

    def assertServerAlive(self):
        r = self.server.request("GET", "/real.txt")
        self.assertEqual((r.status, r.text), (200, "real file\n"))

    # ---- one rule each ----

    def test_dot_segments_never_leave_the_asset_folder(self):
        self.battery(DOT_SEGMENTS)

    def test_percent_encoded_dot_segments_never_leave_the_asset_folder(self):
        self.battery(ENCODED_DOT_SEGMENTS)

    def test_encoded_slashes_with_dot_dot_never_leave_the_asset_folder(self):
        self.battery(ENCODED_SLASHES)

    def test_backslashes_raw_and_encoded_never_leave_the_asset_folder(self):
        self.battery(BACKSLASHES)

    def test_double_encoding_and_overlong_utf8_never_leave_the_asset_folder(self):
        self.battery(DOUBLE_AND_OVERLONG)

    def test_nul_bytes_are_never_served(self):
        self.battery(NULS)

    def test_files_next_to_the_asset_folder_are_not_reachable_by_name(self):
        self.battery(OUTSIDE_NAMES)

    def test_symlink_pointing_outside_is_404(self):
        for target in SYMLINKS_OUT:
            with self.subTest(target=target):
                self.assertSafe(target)
        data = self.fetch("/escape.txt")
        self.assertEqual(status_of(data), 404)

    def test_absolute_form_targets_never_leave_the_asset_folder(self):
        self.battery(ABSOLUTE_FORM)

    def test_absolute_form_target_is_resolved_like_origin_form(self):
        data = self.fetch("http://localhost/sub/../real.txt")
        self.assertEqual(status_of(data), 200)
        self.assertTrue(data.endswith(b"real file\n"))

    def test_raw_control_characters_in_target_are_rejected(self):
        for target in ["/..\x00/secret.txt", "/real.txt\x00", "/\x7f../secret.txt", "/..\t/secret.txt"]:
            with self.subTest(target=repr(target)):
                data = self.fetch(target)
                self.assertNothingLeaks(data, repr(target))
                self.assertNotEqual(status_of(data), 200)
        self.assertServerAlive()

    def test_host_header_cannot_change_the_path(self):
        for host in ["localhost/../secret.txt", "../", "localhost/%2e%2e/secret.txt"]:
            with self.subTest(host=host):
                data = send(self.server.port, f"GET /secret.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                self.assertNothingLeaks(data, host)
        self.assertServerAlive()

    def test_symlink_inside_the_folder_is_followed(self):
        r = self.server.request("GET", "/alias.txt")
        self.assertEqual((r.status, r.text), (200, "real file\n"))

    def test_symlink_to_assetsignored_file_is_followed(self):
        r = self.server.request("GET", "/hidden-link.txt")
        self.assertEqual((r.status, r.text), (200, "hidden by assetsignore\n"))

    def test_assetsignored_file_itself_is_not_served(self):
        r = self.server.request("GET", "/hidden.txt")
        self.assertNotEqual(r.status, 200)
        self.assertNotIn(b"hidden by assetsignore", r.body)

    def test_16k_path_is_accepted(self):
        data = self.fetch("/" + "a" * 16 * 1024)
        self.assertIn(status_of(data), (404, 307))

    def test_8k_header_is_accepted(self):
        data = self.fetch("/real.txt", b"X-Big: " + b"b" * 8 * 1024 + b"\r\n")
        self.assertEqual(status_of(data), 200)

    def test_request_head_just_under_64k_is_accepted(self):
        data = self.fetch("/" + "a" * (60 * 1024))
        self.assertIn(status_of(data), (404, 307))

    def test_request_head_over_64k_is_431(self):
        data = self.fetch("/" + "a" * (70 * 1024))
        self.assertEqual(status_of(data), 431)
        self.assertServerAlive()

    def test_headers_over_64k_are_431(self):
        extra = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 1000) for i in range(70))
        data = self.fetch("/real.txt", extra)
        self.assertEqual(status_of(data), 431)
        self.assertNotIn(b"real file", data)
        self.assertServerAlive()

    def test_long_path_of_dot_dot_segments_never_leaves_the_asset_folder(self):
        for target in ["/" + "../" * 15000 + "secret.txt", "/" + "%2e%2e/" * 7000 + "secret.txt",
                       "/" + "..%2f" * 9000 + "secret.txt", "/" + "sub/" * 10000 + "../" * 10001 + "secret.txt"]:
            with self.subTest(length=len(target)):
                data = self.fetch(target)
                self.assertNothingLeaks(data, target[:40])
                self.assertNotEqual(status_of(data), 200)
        self.assertServerAlive()


class AssetsOnlyNoFallback(Battery, unittest.TestCase):
    TOML = 'name = "ps"\n[assets]\ndirectory = "./public"\n'


class AssetsOnly404Page(Battery, unittest.TestCase):
    TOML = 'name = "ps"\n[assets]\ndirectory = "./public"\nnot_found_handling = "404-page"\n'


class HtmlHandlingNone(Battery, unittest.TestCase):
    TOML = 'name = "ps"\n[assets]\ndirectory = "./public"\nhtml_handling = "none"\n'


class ThroughTheBinding(Battery, unittest.TestCase):
    TOML = ('name = "ps"\nmain = "worker.js"\ncompatibility_date = "2025-04-01"\n[assets]\n'
            'directory = "./public"\nbinding = "ASSETS"\nrun_worker_first = true\n')
    WORKER = BINDING_WORKER


if __name__ == "__main__":
    unittest.main()
