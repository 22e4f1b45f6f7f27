// Readable byte streams: ReadableByteStreamController, BYOB readers and requests, byte tee
// (https://streams.spec.whatwg.org/#rbs-controller-class).
import { equal, deepEqual, throws, rejects } from "./lib/assert.js";

const flush = () => new Promise((r) => setTimeout(r, 0));

export const defaultReaderGetsUint8ArrayCopies = {
  async test() {
    const chunk = new Uint8Array([1, 2, 3]);
    const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(chunk); c.close(); } });
    chunk[0] = 9;  // the queue owns its own bytes
    const reader = rs.getReader();
    const { value } = await reader.read();
    equal(value instanceof Uint8Array, true);
    deepEqual([...value], [1, 2, 3]);
    equal((await reader.read()).done, true);
  },
};

export const byobReadFillsTheGivenView = {
  async test() {
    const rs = new ReadableStream({
      type: "bytes",
      pull(c) {
        const req = c.byobRequest;
        req.view[0] = 7;
        req.view[1] = 8;
        req.respond(2);
      },
    });
    const reader = rs.getReader({ mode: "byob" });
    equal(Object.prototype.toString.call(reader), "[object ReadableStreamBYOBReader]");
    const { value, done } = await reader.read(new Uint8Array(4));
    equal(done, false);
    equal(value.byteLength, 2);
    deepEqual([...value], [7, 8]);
  },
};

export const byobReadFromQueuedBytesSpansChunks = {
  async test() {
    const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2])); c.enqueue(new Uint8Array([3, 4, 5])); c.close(); } });
    const reader = rs.getReader({ mode: "byob" });
    const a = await reader.read(new Uint8Array(4));
    deepEqual([...a.value], [1, 2, 3, 4]);
    const b = await reader.read(new Uint8Array(4));
    deepEqual([...b.value], [5]);
    const c = await reader.read(new Uint8Array(4));
    equal(c.done, true);
    equal(c.value.byteLength, 0);
  },
};

export const byobReadRespectsElementSizeAndMin = {
  async test() {
    const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 0, 2])); } });
    const reader = rs.getReader({ mode: "byob" });
    const { value } = await reader.read(new Uint16Array(2));
    equal(value.constructor, Uint16Array);
    equal(value.length, 1, "only whole elements; the odd byte stays queued");
    equal(value[0], 1);
    const rs2 = new ReadableStream({ type: "bytes", pull(c) { c.enqueue(new Uint8Array([1])); } });
    const r2 = rs2.getReader({ mode: "byob" });
    const got = await r2.read(new Uint8Array(3), { min: 3 });
    equal(got.value.byteLength, 3, "min waits for three bytes");
    await rejects(r2.read(new Uint8Array(2), { min: 3 }), RangeError);
    await rejects(r2.read(new Uint8Array(0)), TypeError);
    await rejects(r2.read("nope"), TypeError);
  },
};

export const respondWithNewView = {
  async test() {
    const rs = new ReadableStream({
      type: "bytes",
      pull(c) {
        const v = c.byobRequest.view;
        const mine = new Uint8Array(v.buffer, v.byteOffset, 1);
        mine[0] = 42;
        c.byobRequest.respondWithNewView(mine);
      },
    });
    const reader = rs.getReader({ mode: "byob" });
    deepEqual([...(await reader.read(new Uint8Array(5))).value], [42]);
  },
};

export const autoAllocateChunkSizeGivesDefaultReadsABYOBRequest = {
  async test() {
    let size;
    const rs = new ReadableStream({
      type: "bytes",
      autoAllocateChunkSize: 16,
      pull(c) { size = c.byobRequest.view.byteLength; c.byobRequest.view[0] = 1; c.byobRequest.respond(1); },
    });
    const { value } = await rs.getReader().read();
    equal(size, 16);
    deepEqual([...value], [1]);
    throws(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }), TypeError);
  },
};

export const closeAnswersPendingBYOBReadWithDone = {
  async test() {
    let controller;
    const rs = new ReadableStream({ type: "bytes", start(c) { controller = c; } });
    const reader = rs.getReader({ mode: "byob" });
    const read = reader.read(new Uint8Array(4));
    await flush();
    controller.close();
    controller.byobRequest.respond(0);
    const { done, value } = await read;
    equal(done, true);
    equal(value.byteLength, 0);
  },
};

export const byteControllerValidation = {
  async test() {
    let controller;
    new ReadableStream({ type: "bytes", start(c) { controller = c; } });
    equal(Object.prototype.toString.call(controller), "[object ReadableByteStreamController]");
    equal(controller.byobRequest, null);
    equal(controller.desiredSize, 0);
    throws(() => controller.enqueue(new Uint8Array(0)), TypeError);
    throws(() => controller.enqueue("str"), TypeError);
    controller.close();
    throws(() => controller.close(), TypeError);
    throws(() => new ReadableStream().getReader({ mode: "byob" }), TypeError);
    throws(() => new ReadableStream().getReader({ mode: "default" }), TypeError);
  },
};

export const cancelResolvesPendingBYOBReads = {
  async test() {
    let reason;
    const rs = new ReadableStream({ type: "bytes", cancel(r) { reason = r; } });
    const reader = rs.getReader({ mode: "byob" });
    const read = reader.read(new Uint8Array(2));
    await reader.cancel("c");
    equal(reason, "c");
    deepEqual((await read).done, true);
  },
};

export const byteTeeCopiesChunksToBothBranches = {
  async test() {
    const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.close(); } });
    const [a, b] = rs.tee();
    const ra = a.getReader({ mode: "byob" });
    const rb = b.getReader();
    const va = await ra.read(new Uint8Array(8));
    const vb = await rb.read();
    deepEqual([...va.value], [1, 2, 3]);
    deepEqual([...vb.value], [1, 2, 3]);
    equal(va.value.buffer === vb.value.buffer, false, "branches do not share bytes");
    equal((await ra.read(new Uint8Array(1))).done, true);
    equal((await rb.read()).done, true);
  },
};

export const byteTeeErrorReachesBothBranches = {
  async test() {
    let controller;
    const rs = new ReadableStream({ type: "bytes", start(c) { controller = c; } });
    const [a, b] = rs.tee();
    controller.error("bad");
    equal(await rejects(a.getReader().closed), "bad");
    equal(await rejects(b.getReader({ mode: "byob" }).closed), "bad");
  },
};

export const byteStreamAsyncIteration = {
  async test() {
    const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1])); c.enqueue(new Uint8Array([2])); c.close(); } });
    const seen = [];
    for await (const chunk of rs) seen.push(...chunk);
    deepEqual(seen, [1, 2]);
  },
};
