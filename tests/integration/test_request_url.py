"""`new URL(request.url)`: the engine marks a request URL that is already canonical, and the JS
URL class then takes its components without parsing (js/internal/url.js noteCanonicalUrl). Over a
real socket, with Host headers and targets of every shape, the components must be exactly what
a full parse gives (`new URL(url, base)` always parses), on the fast path and off it.
"""
import json
import unittest

from harness import ServedProjectTest, parse_response

GETTERS = ["href", "origin", "protocol", "username", "password", "host", "hostname", "port",
           "pathname", "search", "hash"]

WORKER = """
const GETTERS = %s;
const view = (u) => Object.fromEntries(GETTERS.map((g) => [g, u[g]]));
export default {
  async fetch(request) {
    const direct = new URL(request.url);
    const parsed = new URL(request.url, "http://base.invalid/");
    const viaRequest = new URL(new Request(request.url).url, "http://base.invalid/");
    const reparsed = new URL(request.url, "http://base.invalid/");
    direct.pathname = "/x";
    reparsed.pathname = "/x";
    return Response.json({ url: request.url, direct: view(new URL(request.url)), parsed: view(parsed),
                           viaRequest: view(viaRequest), setter: direct.href, setterParsed: reparsed.href });
  },
};
""" % json.dumps(GETTERS)

HOSTS = ["example.com", "example.com:8080", "127.0.0.1:1234", "localhost", "EXAMPLE.com",
         "a..b", "xn--nxasmq6b.com", "0x7f.1", "1.2.3", "example.com:80", "sub.example.com.",
         "[::1]:9000"]
TARGETS = ["/", "/a/b?x=1&y", "/p:q/r@s?t=u:v", "/a/./b/../c", "/%2e/x", "/.well-known/x",
           "/q?", "/a'b?c'd", "/%7e?%zz", "/a%20b"]


class RequestUrlTest(ServedProjectTest):
    FILES = {
        "wrangler.toml": 'name = "u"\nmain = "index.js"\ncompatibility_date = "2024-09-23"\n',
        "index.js": WORKER,
    }
    SERVER_ARGS = ()

    def fetch(self, host, target):
        data = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        response = parse_response(self.server.raw(data))
        self.assertEqual(response.status, 200, response.text)
        return json.loads(response.text)

    def test_request_url_components_equal_a_full_parse(self):
        for host in HOSTS:
            for target in TARGETS:
                with self.subTest(host=host, target=target):
                    got = self.fetch(host, target)
                    self.assertEqual(got["direct"], got["parsed"])
                    self.assertEqual(got["viaRequest"], got["parsed"])
                    self.assertEqual(got["setter"], got["setterParsed"])

    def test_canonical_request_url_keeps_its_components(self):
        got = self.fetch("example.com:8080", "/a/b?x=1")
        self.assertEqual(got["url"], "http://example.com:8080/a/b?x=1")
        d = got["direct"]
        self.assertEqual((d["protocol"], d["hostname"], d["port"], d["pathname"], d["search"]),
                         ("http:", "example.com", "8080", "/a/b", "?x=1"))


if __name__ == "__main__":
    unittest.main()
