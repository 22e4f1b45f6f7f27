"""Response headers handed from JS to the HTTP layer: few (spread as call arguments) or very many
(passed as one array): all arrive, in order, whatever their number."""
import unittest

from harness import ServedProjectTest

WORKER = """
export default {
  async fetch(request) {
    const n = Number(new URL(request.url).searchParams.get("n"));
    const headers = new Headers();
    for (let i = 0; i < n; i++) headers.append("x-h" + i, "v" + i);
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    await null;
    const body = new URL(request.url).pathname === "/stream"
      ? new ReadableStream({ pull(c) { c.enqueue(new TextEncoder().encode("streamed")); c.close(); } })
      : "whole";
    return new Response(body, { headers });
  },
};
"""


class ResponseHeadersTest(ServedProjectTest):
    FILES = {"wrangler.toml": 'name = "h"\nmain = "index.js"\n', "index.js": WORKER}

    def check(self, path, n, body):
        r = self.server.request(path=f"{path}?n={n}")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, body)
        mine = [(k, v) for k, v in r.headers if k.startswith("x-h")]
        self.assertEqual(mine, [(f"x-h{i}", f"v{i}") for i in range(n)])
        self.assertEqual([v for k, v in r.headers if k == "set-cookie"], ["a=1", "b=2"])

    def test_a_few_headers_arrive_in_order(self):
        self.check("/", 3, b"whole")

    def test_a_response_with_very_many_headers_is_sent_whole(self):
        self.check("/", 100000, b"whole")

    def test_a_streamed_response_with_very_many_headers_is_sent_whole(self):
        self.check("/stream", 100000, b"streamed")


if __name__ == "__main__":
    unittest.main()
