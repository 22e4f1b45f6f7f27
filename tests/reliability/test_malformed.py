"""Hostile request heads: header floods get 431, smuggling variants get 400, and in every case
the connection is closed with exactly one response (nothing smuggled behind it is answered)
while the server keeps serving."""
import unittest

from common import Server, exchange, report, split_responses, write_project

PROJECT = {
    "wrangler.toml": """
        name = "malformed"
        main = "index.js"
        compatibility_date = "2025-04-01"
        [assets]
        directory = "public"
    """,
    "public/asset.txt": "static\n",
    "index.js": """
        export default {
          async fetch(request) {
            const url = new URL(request.url);
            if (url.pathname === "/second") return new Response("SMUGGLED");
            // Read every body, so that a bad body surfaces as a request error (400).
            const body = request.method === "GET" ? "" : await request.text();
            return new Response(`worker ${request.method} ${body.length}\\n`);
          },
        };
    """,
}

# Appended to every hostile payload: if the server ever treats it as a request of its own, a
# second response (or the text SMUGGLED) shows up.
SMUGGLED = b"GET /second HTTP/1.1\r\nHost: localhost\r\n\r\n"


def head(*lines, method=b"POST", target=b"/"):
    return method + b" " + target + b" HTTP/1.1\r\n" + b"".join(l + b"\r\n" for l in lines) + b"\r\n"


SMUGGLING = {
    "content-length and transfer-encoding":
        head(b"Host: x", b"Content-Length: 6", b"Transfer-Encoding: chunked") + b"0\r\n\r\nG",
    "transfer-encoding then content-length":
        head(b"Host: x", b"Transfer-Encoding: chunked", b"Content-Length: 4") + b"5c\r\nGPOST / HTTP/1.1\r\n\r\n0\r\n\r\n",
    "duplicate differing content-length":
        head(b"Host: x", b"Content-Length: 5", b"Content-Length: 6") + b"hello!",
    "duplicate equal content-length":
        head(b"Host: x", b"Content-Length: 5", b"Content-Length: 5") + b"hello",
    "content-length list":
        head(b"Host: x", b"Content-Length: 5, 5") + b"hello",
    "signed content-length +5":
        head(b"Host: x", b"Content-Length: +5") + b"hello",
    "signed content-length -1":
        head(b"Host: x", b"Content-Length: -1") + b"hello",
    "content-length overflow":
        head(b"Host: x", b"Content-Length: 99999999999999999999999") + b"hello",
    "obs-fold":
        head(b"Host: x", b"X-Folded: a", b" b", method=b"GET"),
    "obs-fold continuing transfer-encoding":
        head(b"Host: x", b"Transfer-Encoding:", b" chunked", b"Content-Length: 3") + b"abc",
    "bare CR inside a header line":
        head(b"Host: x", b"X-A: a\rX-B: b", method=b"GET"),
    "bare CR as a header line ending":
        b"GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n",
    "bare LF as a header line ending":
        b"GET / HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n",
    "bare LF ending the request line":
        b"GET / HTTP/1.1\nHost: x\r\n\r\n",
    "bare LF ending the head":
        b"GET / HTTP/1.1\r\nHost: x\r\n\n",
    "chunk-size overflow":
        head(b"Host: x", b"Transfer-Encoding: chunked") + b"ffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
    "chunk-size overflow to a small value":
        head(b"Host: x", b"Transfer-Encoding: chunked") + b"10000000000000003\r\nabc\r\n0\r\n\r\n",
    "chunk-size with a sign":
        head(b"Host: x", b"Transfer-Encoding: chunked") + b"-3\r\nabc\r\n0\r\n\r\n",
    "chunk data not followed by CRLF":
        head(b"Host: x", b"Transfer-Encoding: chunked") + b"3\r\nabcX\r\n0\r\n\r\n",
    "space before the header colon":
        head(b"Host: x", b"Content-Length : 5") + b"hello",
}


class MalformedHeadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(write_project(PROJECT), "--quiet", threads=1)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assert_single_response_and_close(self, name, payload, status):
        data, ended = exchange(self.server.port, payload + SMUGGLED, timeout=5)
        responses, leftover = split_responses(data)
        statuses = [r[0] for r in responses]
        report("malformed", case=repr(name), statuses=statuses, ended=ended, bytes=len(data))
        self.assertEqual(statuses, [status], f"{name}: got {data[:300]!r}")
        head_bytes = responses[0][1].lower()
        self.assertIn(b"connection: close", head_bytes, name)
        self.assertEqual(leftover, b"", f"{name}: bytes after the response: {leftover[:200]!r}")
        self.assertNotIn(b"SMUGGLED", data, name)
        self.assertIn(ended, ("eof", "reset"), f"{name}: connection left open")

    def assert_still_serving(self):
        status = split_responses(exchange(self.server.port, head(b"Host: x", b"Connection: close", method=b"GET",
                                                                 target=b"/asset.txt"))[0])[0]
        self.assertEqual([s[0] for s in status], [200])
        self.assertIsNone(self.server.proc.poll(), "edgerun exited")

    def test_more_than_100_headers_get_431_and_the_connection_closes(self):
        fields = [b"Host: x"] + [b"X-Flood-%d: v" % i for i in range(150)]
        self.assert_single_response_and_close("150 headers", head(*fields, method=b"GET"), 431)
        fields = [b"Host: x"] + [b"X-Flood-%d: v" % i for i in range(100)]
        self.assert_single_response_and_close("101 headers", head(*fields, method=b"GET"), 431)
        self.assert_still_serving()

    def test_exactly_100_headers_are_accepted(self):
        fields = [b"Host: x", b"Connection: close"] + [b"X-Ok-%d: v" % i for i in range(98)]
        data, _ = exchange(self.server.port, head(*fields, method=b"GET", target=b"/asset.txt"))
        self.assertEqual([r[0] for r in split_responses(data)[0]], [200])

    def test_head_over_64_KiB_gets_431_and_the_connection_closes(self):
        self.assert_single_response_and_close(
            "one 70000-byte header", head(b"Host: x", b"X-Big: " + b"a" * 70000, method=b"GET"), 431)
        self.assert_single_response_and_close(
            "90 headers of 800 bytes", head(b"Host: x", *[b"X-H%d: " % i + b"b" * 800 for i in range(90)],
                                            method=b"GET"), 431)
        self.assert_single_response_and_close(
            "a 70000-byte target", head(b"Host: x", method=b"GET", target=b"/" + b"t" * 70000), 431)
        # A flood that never ends its head: the server answers once it is over the limit, without
        # waiting for the end of the head.
        self.assert_single_response_and_close(
            "1 MiB of header without an end", b"GET / HTTP/1.1\r\nHost: x\r\nX-Endless: " + b"z" * (1 << 20), 431)
        self.assert_still_serving()

    def test_smuggling_variants_get_400_and_the_connection_closes(self):
        for name, payload in SMUGGLING.items():
            with self.subTest(name):
                self.assert_single_response_and_close(name, payload, 400)
        self.assert_still_serving()

    def test_chunk_overflow_on_a_body_the_worker_does_not_read_never_yields_a_second_response(self):
        # The head is valid, so the worker may answer before the body is parsed; the bad chunk
        # size is then found while the body is skipped, and the connection must end there.
        payload = head(b"Host: x", b"Transfer-Encoding: chunked", method=b"GET", target=b"/second") + \
            b"ffffffffffffffffff\r\nabc\r\n0\r\n\r\n"
        data, ended = exchange(self.server.port, payload + SMUGGLED, timeout=5)
        responses, leftover = split_responses(data)
        report("malformed", case="'unread chunked body with overflowing size'",
               statuses=[r[0] for r in responses], ended=ended)
        self.assertEqual(len(responses), 1, data[:400])
        self.assertIn(responses[0][0], (200, 400))
        self.assertEqual(leftover, b"")
        self.assertIn(ended, ("eof", "reset"))


if __name__ == "__main__":
    unittest.main()
