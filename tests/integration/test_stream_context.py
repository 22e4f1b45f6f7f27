"""Stream callbacks over real sockets: a response body stream's pull() runs in the
AsyncLocalStorage store it was created in, even though the runtime pulls it after the handler
has returned (spec/runtime.md, "Async context")."""
import concurrent.futures
import unittest

from harness import ServedProjectTest

CONFIG = """
name = "stream-context"
main = "index.js"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat"]
"""

WORKER = """
import { AsyncLocalStorage } from "node:async_hooks";
const als = new AsyncLocalStorage();
const encoder = new TextEncoder();

export default {
  fetch(request) {
    const url = new URL(request.url);
    const id = url.searchParams.get("id");
    const delay = Number(url.searchParams.get("delay") ?? 0);
    if (url.pathname === "/pull") {
      return als.run({ id }, () => new Response(new ReadableStream({
        async pull(c) {
          c.enqueue(encoder.encode(als.getStore().id));
          c.close();
        },
      })));
    }
    if (url.pathname === "/timer-pull") {
      // Each pull asks for a chunk that arrives later from a timer outside any store (as from a
      // socket or a subrequest), so the next pull is made by the runtime's read of the body,
      // not by the stream's own promise reactions; the requests' pulls interleave.
      return als.run({ id }, () => {
        let left = 3;
        return new Response(new ReadableStream({
          pull(c) {
            const chunk = left-- === 0 ? null : encoder.encode(`${als.getStore()?.id};`);
            als.exit(() => setTimeout(() => (chunk === null ? c.close() : c.enqueue(chunk)), delay));
          },
        }, { highWaterMark: 0 }));
      });
    }
    if (url.pathname === "/transform") {
      // A TransformStream made in the store is written from a timer outside any store, and its
      // readable side is the body the runtime reads.
      return als.run({ id }, () => {
        const ts = new TransformStream({
          transform(chunk, c) { c.enqueue(encoder.encode(`${als.getStore()?.id}:${chunk}`)); },
          flush(c) { c.enqueue(encoder.encode(`;flushed in ${als.getStore()?.id}`)); },
        });
        const writer = ts.writable.getWriter();
        als.exit(() => setTimeout(async () => {
          await writer.write("a");
          await writer.close();
        }, delay));
        return new Response(ts.readable);
      });
    }
    return new Response("not found", { status: 404 });
  },
};
"""


class StreamCallbacksOverHttpTest(ServedProjectTest):
    FILES = {"wrangler.toml": CONFIG, "index.js": WORKER}

    def get_all(self, paths):
        with concurrent.futures.ThreadPoolExecutor(len(paths)) as pool:
            futures = [pool.submit(self.server.request, "GET", path) for path in paths]
            return [f.result() for f in futures]

    def test_concurrent_response_streams_pull_in_the_store_of_their_request(self):
        responses = self.get_all([f"/pull?id=r{i}" for i in range(10)])
        for i, response in enumerate(responses):
            self.assertEqual(response.status, 200)
            self.assertEqual(response.text, f"r{i}")

    def test_pulls_made_by_the_runtimes_reads_see_the_store_of_their_request(self):
        responses = self.get_all([f"/timer-pull?id=s{i}&delay={1 + (i * 7) % 5}" for i in range(10)])
        for i, response in enumerate(responses):
            self.assertEqual(response.status, 200)
            self.assertEqual(response.text, f"s{i};s{i};s{i};")

    def test_transform_and_flush_see_the_store_they_were_created_in_when_written_from_outside_it(self):
        responses = self.get_all([f"/transform?id=t{i}&delay={(i * 3) % 4}" for i in range(10)])
        for i, response in enumerate(responses):
            self.assertEqual(response.status, 200)
            self.assertEqual(response.text, f"t{i}:a;flushed in t{i}")


if __name__ == "__main__":
    unittest.main()
