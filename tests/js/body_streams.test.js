// Request/Response bodies as ReadableStreams (Fetch "body" and the body mixin over streams).
import { equal, deepEqual, rejects, throws } from "./lib/assert.js";

export const responseBodyIsAReadableStreamOfTheBytes = {
  async test() {
    const r = new Response("héllo");
    equal(r.body instanceof ReadableStream, true);
    equal(r.body, r.body, "the same stream each time");
    const reader = r.body.getReader();
    const chunks = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(...value);
    }
    equal(new TextDecoder().decode(new Uint8Array(chunks)), "héllo");
    equal(r.bodyUsed, true);
  },
};

export const nullBodyHasNullStream = { test() { equal(new Response(null).body, null); } };

export const wrappingABodyKeepsTheBytes = {
  async test() {
    const original = new Response("wrapped", { headers: { "x-a": "1" } });
    const copy = new Response(original.body, original);
    equal(await copy.text(), "wrapped");
    equal(copy.headers.get("x-a"), "1");
  },
};

export const streamBodiesAreReadByTextAndArrayBuffer = {
  async test() {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("a"));
        c.enqueue(new TextEncoder().encode("b"));
        c.close();
      },
    });
    const r = new Response(stream);
    equal(await r.text(), "ab");
    equal(r.bodyUsed, true);
    await rejects(r.text(), TypeError);
  },
};

export const aLockedStreamCannotBeABody = {
  test() {
    const s = new ReadableStream();
    s.getReader();
    throws(() => new Response(s), TypeError);
  },
};

export const cloneTeesAStreamBody = {
  async test() {
    const r = new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1, 2])); c.close(); } }));
    const c = r.clone();
    deepEqual([...new Uint8Array(await r.arrayBuffer())], [1, 2]);
    deepEqual([...new Uint8Array(await c.arrayBuffer())], [1, 2]);
  },
};

export const requestBodyStreamOfAString = {
  async test() {
    const req = new Request("https://x/", { method: "POST", body: "payload" });
    const text = await new Response(req.body).text();
    equal(text, "payload");
  },
};
