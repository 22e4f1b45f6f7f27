"""Streamed bodies over real sockets: stream responses (chunked, backpressure) and request.body."""
import socket
import time
import unittest

from harness import Server, parse_response, write_project

WORKER = """
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/stream") {
      let i = 0;
      const body = new ReadableStream({
        async pull(c) {
          if (i === 3) return c.close();
          await new Promise((r) => setTimeout(r, 5));
          c.enqueue(new TextEncoder().encode(`part${i++};`));
        },
      });
      return new Response(body, { headers: { "content-type": "text/plain" } });
    }
    if (url.pathname === "/fixed") {
      const { readable, writable } = new FixedLengthStream(6);
      const w = writable.getWriter();
      w.write(new TextEncoder().encode("abc"));
      w.write(new TextEncoder().encode("def"));
      w.close();
      return new Response(readable);
    }
    if (url.pathname === "/big") {
      const chunk = new Uint8Array(64 * 1024).fill(120);
      let sent = 0;
      return new Response(new ReadableStream({
        pull(c) { if (sent++ === 160) c.close(); else c.enqueue(chunk); },
      }));
    }
    if (url.pathname === "/echo") {
      const reader = request.body.getReader();
      let total = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        total += value.length;
      }
      return new Response(`read ${total} bytes`);
    }
    if (url.pathname === "/transform") {
      const upper = new TransformStream({
        transform(chunk, c) { c.enqueue(new TextEncoder().encode(new TextDecoder().decode(chunk).toUpperCase())); },
      });
      return new Response(new Response("shout").body.pipeThrough(upper));
    }
    return new Response("?");
  },
};
"""


class StreamsOverHttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = write_project({"wrangler.toml": 'name = "s"\nmain = "index.js"\n', "index.js": WORKER})
        cls.server = Server(cls.dir, "--quiet")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_stream_body_is_sent_chunked(self):
        r = self.server.request(path="/stream")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("transfer-encoding"), "chunked")
        self.assertEqual(r.text, "part0;part1;part2;")

    def test_fixed_length_stream_announces_content_length(self):
        r = self.server.request(path="/fixed")
        self.assertEqual(r.header("content-length"), "6")
        self.assertEqual(r.text, "abcdef")

    def test_request_body_is_readable_as_a_stream(self):
        r = self.server.request("POST", "/echo", body=b"x" * 100000)
        self.assertEqual(r.text, "read 100000 bytes")

    def test_pipe_through_a_transform_stream(self):
        self.assertEqual(self.server.request(path="/transform").text, "SHOUT")

    def test_a_slow_reader_gets_every_byte_of_a_big_stream(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=20) as s:
            s.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            time.sleep(0.5)  # the server must hold back, not buffer 10 MiB
            data = b""
            while True:
                chunk = s.recv(1 << 16)
                if not chunk:
                    break
                data += chunk
        r = parse_response(data)
        self.assertEqual(len(r.body), 160 * 64 * 1024)

    def test_a_client_that_leaves_mid_stream_does_not_hurt_the_server(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as s:
            s.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(1000)
        time.sleep(0.2)
        self.assertEqual(self.server.request(path="/stream").text, "part0;part1;part2;")


if __name__ == "__main__":
    unittest.main()
