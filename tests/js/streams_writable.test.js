// WritableStream (https://streams.spec.whatwg.org/#ws-class).
import { equal, deepEqual, throws, rejects } from "./lib/assert.js";

const flush = () => new Promise((r) => setTimeout(r, 0));

export const writesReachTheSinkInOrder = {
  async test() {
    const seen = [];
    const ws = new WritableStream({ write(chunk) { seen.push(chunk); } });
    const writer = ws.getWriter();
    await Promise.all([writer.write("a"), writer.write("b"), writer.close()]);
    deepEqual(seen, ["a", "b"]);
    equal(await writer.closed, undefined);
  },
};

export const writesWaitForThePreviousWrite = {
  async test() {
    const log = [];
    let finish;
    const ws = new WritableStream({
      write(chunk) { log.push(`start ${chunk}`); return new Promise((r) => { finish = () => { log.push(`end ${chunk}`); r(); }; }); },
    });
    const writer = ws.getWriter();
    writer.write(1);
    writer.write(2);
    await flush();
    deepEqual(log, ["start 1"]);
    finish();
    await flush();
    deepEqual(log, ["start 1", "end 1", "start 2"]);
    finish();
  },
};

export const desiredSizeAndReadyFollowBackpressure = {
  async test() {
    let finish;
    const ws = new WritableStream({ write() { return new Promise((r) => { finish = r; }); } }, { highWaterMark: 2 });
    const writer = ws.getWriter();
    equal(writer.desiredSize, 2);
    writer.write("a");
    writer.write("b");
    equal(writer.desiredSize, 0);
    let ready = false;
    writer.ready.then(() => { ready = true; });
    await flush();
    equal(ready, false);
    finish();
    await flush();
    equal(writer.desiredSize, 1);
    equal(ready, true);
  },
};

export const sizeStrategyCountsBytes = {
  test() {
    const ws = new WritableStream({}, new ByteLengthQueuingStrategy({ highWaterMark: 10 }));
    const writer = ws.getWriter();
    writer.write(new Uint8Array(4));
    equal(writer.desiredSize, 6);
  },
};

export const closeWaitsForQueuedWritesThenCallsSinkClose = {
  async test() {
    const log = [];
    const ws = new WritableStream({
      write(c) { log.push(c); return new Promise((r) => setTimeout(r, 1)); },
      close() { log.push("close"); },
    });
    const writer = ws.getWriter();
    writer.write(1);
    writer.write(2);
    await writer.close();
    deepEqual(log, [1, 2, "close"]);
    await rejects(writer.write(3), TypeError);
  },
};

export const abortDiscardsQueuedWritesAndCallsSinkAbort = {
  async test() {
    const log = [];
    let finish;
    const ws = new WritableStream({
      write(c) { log.push(`write ${c}`); return new Promise((r) => { finish = r; }); },
      abort(reason) { log.push(`abort ${reason}`); },
      close() { log.push("close"); },
    });
    const writer = ws.getWriter();
    const w1 = writer.write(1);
    const w2 = writer.write(2);
    await flush();
    const aborted = writer.abort("stop");
    const w2Rejected = rejects(w2);
    await flush();
    deepEqual(log, ["write 1"], "the sink's abort waits for the in-flight write");
    finish();
    await w1;
    equal(await w2Rejected, "stop");
    await aborted;
    deepEqual(log, ["write 1", "abort stop"]);
    equal(await rejects(writer.closed), "stop");
    await rejects(writer.write(3));
  },
};

export const abortAfterCloseRequestedRejectsClose = {
  async test() {
    let finish;
    const ws = new WritableStream({ write() { return new Promise((r) => { finish = r; }); } });
    const writer = ws.getWriter();
    const written = writer.write(1);
    await flush();
    const closed = writer.close();
    const aborted = writer.abort("x");
    finish();
    await written;
    await aborted;
    equal(await rejects(closed), "x");
  },
};

export const closeInFlightWinsOverAbort = {
  async test() {
    let finishClose;
    const ws = new WritableStream({ close() { return new Promise((r) => { finishClose = r; }); }, abort() { throw new Error("not called"); } });
    const writer = ws.getWriter();
    const closed = writer.close();
    await flush();
    const aborted = writer.abort("late");
    finishClose();
    await closed;
    await aborted;
    equal(await writer.closed, undefined);
  },
};

export const sinkWriteErrorErrorsTheStream = {
  async test() {
    const boom = new Error("write");
    const ws = new WritableStream({ write() { throw boom; } });
    const writer = ws.getWriter();
    equal(await rejects(writer.write(1)), boom);
    equal(await rejects(writer.closed), boom);
    equal(await rejects(writer.ready), boom);
    equal(writer.desiredSize, null);
  },
};

export const controllerErrorErrorsTheStream = {
  async test() {
    let controller;
    const ws = new WritableStream({ start(c) { controller = c; } });
    const writer = ws.getWriter();
    controller.error("e");
    equal(await rejects(writer.closed), "e");
    equal(await rejects(writer.write(1)), "e");
  },
};

export const controllerSignalAbortsWithTheReason = {
  async test() {
    let signal;
    const ws = new WritableStream({ start(c) { signal = c.signal; } });
    equal(signal.aborted, false);
    await ws.abort("why");
    equal(signal.aborted, true);
    equal(signal.reason, "why");
  },
};

// WritableStreamDefaultController.signal is the runtime's AbortSignal, even when a worker has
// replaced the global AbortController; its "abort" event fires when the stream is aborted, before
// the sink's abort() runs.
export const controllerSignalIsARealAbortSignal = {
  async test() {
    const original = globalThis.AbortController;
    globalThis.AbortController = class { constructor() { throw new Error("not used"); } };
    let signal;
    const order = [];
    let ws;
    try {
      ws = new WritableStream({ start(c) { signal = c.signal; }, abort() { order.push("sink abort"); } });
    } finally {
      globalThis.AbortController = original;
    }
    equal(signal instanceof AbortSignal, true);
    equal(Object.prototype.toString.call(signal), "[object AbortSignal]");
    signal.addEventListener("abort", (event) => order.push(`${event.type} event, trusted ${event.isTrusted}`));
    await ws.abort();
    deepEqual(order, ["abort event, trusted true", "sink abort"]);
    equal(signal.reason instanceof DOMException, true);
    equal(signal.reason.name, "AbortError");
  },
};

export const lockingAndRelease = {
  async test() {
    const ws = new WritableStream();
    const writer = ws.getWriter();
    equal(ws.locked, true);
    throws(() => ws.getWriter(), TypeError);
    throws(() => new WritableStreamDefaultWriter(ws), TypeError);
    await rejects(ws.abort(), TypeError);
    await rejects(ws.close(), TypeError);
    writer.releaseLock();
    equal(ws.locked, false);
    await rejects(writer.closed, TypeError);
    await rejects(writer.write(1), TypeError);
    throws(() => writer.desiredSize, TypeError);
    await ws.close();
  },
};

export const startMustFinishBeforeWrites = {
  async test() {
    const log = [];
    let finishStart;
    const ws = new WritableStream({
      start() { return new Promise((r) => { finishStart = r; }); },
      write(c) { log.push(c); },
    });
    const w = ws.getWriter().write("x");
    await flush();
    deepEqual(log, []);
    finishStart();
    await w;
    deepEqual(log, ["x"]);
  },
};

export const constructorValidation = {
  test() {
    throws(() => new WritableStream({ type: "bytes" }), RangeError);
    throws(() => new WritableStream({ write: 1 }), TypeError);
    throws(() => new WritableStream({}, { highWaterMark: -1 }), RangeError);
    throws(() => new WritableStreamDefaultController(), TypeError);
  },
};
