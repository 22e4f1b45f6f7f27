// ReadableStream with a default controller (https://streams.spec.whatwg.org/#rs-class).
import { equal, deepEqual, throws, rejects } from "./lib/assert.js";

const flush = () => new Promise((r) => setTimeout(r, 0));

async function readAll(stream) {
  const reader = stream.getReader();
  const out = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

export const readsEnqueuedChunksThenCloses = {
  async test() {
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
    const reader = rs.getReader();
    deepEqual(await reader.read(), { value: "a", done: false });
    deepEqual(await reader.read(), { value: "b", done: false });
    deepEqual(await reader.read(), { done: true });
    equal(await reader.closed, undefined);
  },
};

export const pullIsCalledOnlyWhenDesiredSizeIsPositive = {
  async test() {
    let pulls = 0;
    let controller;
    const rs = new ReadableStream({
      start(c) { controller = c; },
      pull(c) { pulls++; c.enqueue(pulls); },
    }, { highWaterMark: 2 });
    await flush();
    equal(pulls, 2, "fills to the high-water mark");
    equal(controller.desiredSize, 0);
    const reader = rs.getReader();
    equal((await reader.read()).value, 1);
    await flush();
    equal(pulls, 3, "one pull to refill after one read");
    equal(controller.desiredSize, 0);
  },
};

export const pullIsNotReenteredWhilePending = {
  async test() {
    let pulls = 0;
    let resolvePull;
    const rs = new ReadableStream({
      pull(c) { pulls++; return new Promise((r) => { resolvePull = () => { c.enqueue(pulls); r(); }; }); },
    }, { highWaterMark: 0 });
    const reader = rs.getReader();
    const p1 = reader.read();
    const p2 = reader.read();
    await flush();
    equal(pulls, 1);
    resolvePull();
    equal((await p1).value, 1);
    await flush();
    equal(pulls, 2, "pullAgain after the first pull settles");
    resolvePull();
    equal((await p2).value, 2);
  },
};

export const desiredSizeUsesSizeFunction = {
  async test() {
    let controller;
    new ReadableStream({ start(c) { controller = c; } }, { highWaterMark: 10, size: (chunk) => chunk.length });
    controller.enqueue("abcd");
    equal(controller.desiredSize, 6);
    controller.enqueue("efghijk");
    equal(controller.desiredSize, -1);
  },
};

export const sizeFunctionThatThrowsErrorsTheStream = {
  async test() {
    const boom = new Error("size");
    let controller;
    const rs = new ReadableStream({ start(c) { controller = c; } }, { size() { throw boom; } });
    equal(throws(() => controller.enqueue(1)), boom);
    equal(await rejects(rs.getReader().read()), boom);
  },
};

export const invalidSizeIsRangeError = {
  async test() {
    let controller;
    const rs = new ReadableStream({ start(c) { controller = c; } }, { size: () => -1 });
    throws(() => controller.enqueue(1), RangeError);
    await rejects(rs.getReader().closed, RangeError);
  },
};

export const highWaterMarkValidation = {
  test() {
    throws(() => new ReadableStream({}, { highWaterMark: -1 }), RangeError);
    throws(() => new ReadableStream({}, { highWaterMark: NaN }), RangeError);
    throws(() => new ReadableStream({}, { size: 5 }), TypeError);
    throws(() => new ReadableStream({ type: "bytes" }, { size: () => 1 }), RangeError);
    throws(() => new ReadableStream({ type: "byte" }), TypeError);
    throws(() => new ReadableStream({ start: "x" }), TypeError);
    new ReadableStream({}, { highWaterMark: "3" });  // ToNumber'd
    new ReadableStream(null);
    new ReadableStream(undefined, null);
  },
};

export const startErrorRejectsConstructorOrStream = {
  async test() {
    const boom = new Error("start");
    equal(throws(() => new ReadableStream({ start() { throw boom; } })), boom);
    const rs = new ReadableStream({ start() { return Promise.reject(boom); } });
    equal(await rejects(rs.getReader().read()), boom);
  },
};

export const underlyingSourceMethodsKeepThis = {
  async test() {
    const source = {
      seen: [],
      start() { this.seen.push("start"); },
      pull(c) { this.seen.push("pull"); c.close(); },
      cancel() { this.seen.push("cancel"); },
    };
    const rs = new ReadableStream(source);
    await rs.getReader().read();
    deepEqual(source.seen, ["start", "pull"]);
  },
};

export const errorRejectsPendingReadsAndClosed = {
  async test() {
    const boom = new Error("boom");
    let controller;
    const rs = new ReadableStream({ start(c) { controller = c; } });
    const reader = rs.getReader();
    const read = reader.read();
    controller.error(boom);
    equal(await rejects(read), boom);
    equal(await rejects(reader.closed), boom);
    equal(await rejects(reader.read()), boom);
    equal(controller.desiredSize, null);
    throws(() => controller.enqueue(1), TypeError);
  },
};

export const cancelPropagatesToSourceAndResolvesUndefined = {
  async test() {
    let reason;
    const rs = new ReadableStream({
      start(c) { c.enqueue(1); },
      cancel(r) { reason = r; return "ignored"; },
    });
    equal(await rs.cancel("why"), undefined);
    equal(reason, "why");
    deepEqual(await rs.getReader().read(), { done: true });
  },
};

export const cancelOfLockedStreamRejects = {
  async test() {
    const rs = new ReadableStream();
    const reader = rs.getReader();
    await rejects(rs.cancel(), TypeError);
    equal(rs.locked, true);
    throws(() => rs.getReader(), TypeError);
    reader.releaseLock();
    equal(rs.locked, false);
    await rejects(reader.closed, TypeError);
    await rejects(reader.read(), TypeError);
  },
};

export const releaseLockRejectsPendingReads = {
  async test() {
    const rs = new ReadableStream();
    const reader = rs.getReader();
    const read = reader.read();
    reader.releaseLock();
    await rejects(read, TypeError);
    const reader2 = rs.getReader();
    equal(typeof reader2.read, "function");
  },
};

export const closeWithQueuedChunksDrainsFirst = {
  async test() {
    let controller;
    const rs = new ReadableStream({ start(c) { controller = c; } });
    controller.enqueue(1);
    controller.close();
    throws(() => controller.close(), TypeError);
    throws(() => controller.enqueue(2), TypeError);
    deepEqual(await readAll(rs), [1]);
  },
};

export const teeGivesBothBranchesEveryChunk = {
  async test() {
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
    const [b1, b2] = rs.tee();
    equal(rs.locked, true);
    deepEqual(await Promise.all([readAll(b1), readAll(b2)]), [["a", "b"], ["a", "b"]]);
  },
};

export const teeCancelsSourceOnlyWhenBothBranchesCancel = {
  async test() {
    let reason;
    const rs = new ReadableStream({ cancel(r) { reason = r; } });
    const [b1, b2] = rs.tee();
    const c1 = b1.cancel("r1");
    await flush();
    equal(reason, undefined);
    const c2 = b2.cancel("r2");
    await Promise.all([c1, c2]);
    deepEqual(reason, ["r1", "r2"]);
  },
};

export const teeErrorsBothBranches = {
  async test() {
    const boom = new Error("tee");
    let controller;
    const rs = new ReadableStream({ start(c) { controller = c; } });
    const [b1, b2] = rs.tee();
    controller.error(boom);
    equal(await rejects(b1.getReader().closed), boom);
    equal(await rejects(b2.getReader().closed), boom);
  },
};

export const teeOneBranchCanBeReadAlone = {
  async test() {
    const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
    const [b1, b2] = rs.tee();
    deepEqual(await readAll(b1), [1, 2]);
    deepEqual(await readAll(b2), [1, 2]);
  },
};

export const asyncIterationReadsAndReleases = {
  async test() {
    const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
    const seen = [];
    for await (const chunk of rs) seen.push(chunk);
    deepEqual(seen, [1, 2]);
    equal(rs.locked, false);
  },
};

export const breakingOutOfIterationCancels = {
  async test() {
    let cancelled = false;
    const rs = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel() { cancelled = true; } });
    for await (const chunk of rs) { equal(chunk, 1); break; }
    equal(cancelled, true);
    equal(rs.locked, false);
  },
};

export const preventCancelKeepsStreamOpen = {
  async test() {
    let cancelled = false;
    const rs = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel() { cancelled = true; } });
    for await (const chunk of rs.values({ preventCancel: true })) { equal(chunk, 1); break; }
    equal(cancelled, false);
    equal(rs.locked, false);
    equal((await rs.getReader().read()).value, 1);
  },
};

export const iteratorNextAfterReturnIsDone = {
  async test() {
    const rs = new ReadableStream({ start(c) { c.enqueue(1); } });
    const it = rs[Symbol.asyncIterator]();
    deepEqual(await it.return("x"), { value: "x", done: true });
    deepEqual(await it.next(), { done: true });
    equal(Object.prototype.toString.call(it), "[object ReadableStream AsyncIterator]");
    const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}.prototype));
    equal(Object.getPrototypeOf(Object.getPrototypeOf(it)), AsyncIteratorPrototype);
  },
};

export const iterationRejectsOnError = {
  async test() {
    const boom = new Error("it");
    const rs = new ReadableStream({ pull(c) { c.error(boom); } });
    const e = await rejects((async () => { for await (const _ of rs) { /* none */ } })());
    equal(e, boom);
  },
};

export const fromAsyncIterable = {
  async test() {
    async function* gen() { yield 1; yield 2; }
    deepEqual(await readAll(ReadableStream.from(gen())), [1, 2]);
    deepEqual(await readAll(ReadableStream.from([3, Promise.resolve(4)])), [3, 4]);
    throws(() => ReadableStream.from(5), TypeError);
    let returned = false;
    const it = { [Symbol.asyncIterator]() { return { next: async () => ({ value: 1, done: false }), return: async () => { returned = true; return {}; } }; } };
    await ReadableStream.from(it).cancel("stop");
    equal(returned, true);
  },
};

export const patchedPromiseThenDoesNotBreakStreams = {
  async test() {
    const original = Promise.prototype.then;
    let calls = 0;
    Promise.prototype.then = function (...args) { calls++; return original.apply(this, args); };
    let chunks;
    try {
      const rs = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } });
      const [a, b] = rs.tee();
      const reader = a.getReader();
      const r = reader.read();
      calls = 0;
      b.cancel();
      chunks = r;
    } finally {
      Promise.prototype.then = original;
    }
    equal(calls, 0, "Promise.prototype.then was used by the runtime");
    equal((await chunks).value, 1);
  },
};
