// pipeTo and pipeThrough (https://streams.spec.whatwg.org/#rs-pipeTo).
import { equal, deepEqual, rejects, throws } from "./lib/assert.js";

const flush = () => new Promise((r) => setTimeout(r, 0));

function source(chunks, extra = {}) {
  return new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); if (!extra.open) c.close(); }, ...extra.source });
}

function sink(log, extra = {}) {
  return new WritableStream({
    write(c) { log.push(c); },
    close() { log.push("close"); },
    abort(r) { log.push(`abort:${r}`); },
    ...extra,
  });
}

export const pipesEveryChunkThenCloses = {
  async test() {
    const log = [];
    const rs = source([1, 2, 3]);
    const p = rs.pipeTo(sink(log));
    equal(rs.locked, true);
    await p;
    deepEqual(log, [1, 2, 3, "close"]);
    equal(rs.locked, false);
  },
};

export const preventCloseLeavesDestinationOpen = {
  async test() {
    const log = [];
    const ws = sink(log);
    await source([1]).pipeTo(ws, { preventClose: true });
    deepEqual(log, [1]);
    const writer = ws.getWriter();
    await writer.write(2);
    deepEqual(log, [1, 2]);
  },
};

export const sourceErrorAbortsDestination = {
  async test() {
    const log = [];
    const boom = new Error("src");
    const rs = new ReadableStream({ start(c) { c.enqueue(1); }, pull(c) { c.error(boom); } });
    equal(await rejects(rs.pipeTo(sink(log))), boom);
    deepEqual(log, [1, `abort:${boom}`]);
  },
};

export const preventAbortKeepsDestinationWritable = {
  async test() {
    const log = [];
    const boom = new Error("src");
    const rs = new ReadableStream({ start(c) { c.error(boom); } });
    const ws = sink(log);
    equal(await rejects(rs.pipeTo(ws, { preventAbort: true })), boom);
    deepEqual(log, []);
    await ws.getWriter().write("still");
    deepEqual(log, ["still"]);
  },
};

export const destinationErrorCancelsSource = {
  async test() {
    let cancelReason;
    const boom = new Error("dest");
    const rs = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel(r) { cancelReason = r; } });
    const ws = new WritableStream({ write() { throw boom; } });
    equal(await rejects(rs.pipeTo(ws)), boom);
    equal(cancelReason, boom);
  },
};

export const preventCancelKeepsSourceReadable = {
  async test() {
    let cancelled = false;
    const boom = new Error("dest");
    const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel() { cancelled = true; } });
    const ws = new WritableStream({ start(c) { c.error(boom); } });
    equal(await rejects(rs.pipeTo(ws, { preventCancel: true })), boom);
    equal(cancelled, false);
    equal(rs.locked, false);
    equal((await rs.getReader().read()).value, 1);
  },
};

export const closedDestinationCancelsSource = {
  async test() {
    let cancelReason;
    const rs = new ReadableStream({ cancel(r) { cancelReason = r; } });
    const ws = new WritableStream();
    await ws.close();
    await rejects(rs.pipeTo(ws), TypeError);
    equal(cancelReason instanceof TypeError, true);
  },
};

export const pipingRespectsDestinationBackpressure = {
  async test() {
    let pulls = 0;
    let finish;
    const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); } }, { highWaterMark: 0 });
    const ws = new WritableStream({ write() { return new Promise((r) => { finish = r; }); } }, { highWaterMark: 1 });
    rs.pipeTo(ws).catch(() => {});
    await flush();
    const before = pulls;
    await flush();
    equal(pulls, before, "no reads while the destination is full");
    finish();
    await flush();
    equal(pulls > before, true);
  },
};

export const abortSignalStopsThePipe = {
  async test() {
    const controller = new AbortController();
    const log = [];
    let cancelReason;
    const rs = new ReadableStream({ start(c) { c.enqueue(1); }, cancel(r) { cancelReason = r; } });
    const p = rs.pipeTo(sink(log), { signal: controller.signal });
    await flush();
    controller.abort("aborted!");
    equal(await rejects(p), "aborted!");
    equal(cancelReason, "aborted!");
    deepEqual(log, [1, "abort:aborted!"]);
  },
};

export const alreadyAbortedSignalRejectsAtOnce = {
  async test() {
    const log = [];
    equal(await rejects(source([1]).pipeTo(sink(log), { signal: AbortSignal.abort("early"), preventAbort: true })), "early");
    deepEqual(log, []);
  },
};

// StreamPipeOptions' signal is an AbortSignal: a look-alike object is a TypeError
// (https://streams.spec.whatwg.org/#dictdef-streampipeoptions).
export const pipeToRejectsASignalThatIsNotAnAbortSignal = {
  async test() {
    const lookAlike = { aborted: false, reason: undefined, addEventListener() {}, removeEventListener() {} };
    await rejects(source([]).pipeTo(sink([]), { signal: lookAlike }), TypeError);
    await rejects(source([]).pipeTo(sink([]), { signal: {} }), TypeError);
    await rejects(source([]).pipeTo(sink([]), { signal: null }), TypeError);
    throws(() => source([]).pipeThrough(new TransformStream(), { signal: lookAlike }), TypeError);
  },
};

// The pipe adds an abort algorithm to the signal (not a listener, which a worker could see), and
// removes it when the pipe finishes.
export const pipeToAddsAnAbortAlgorithmNotAListener = {
  async test() {
    const controller = new AbortController();
    const signal = controller.signal;
    const added = [];
    signal.addEventListener = (type) => added.push(type);
    await source([1]).pipeTo(sink([]), { signal });
    let cancelled = false;
    const rs = new ReadableStream({ cancel() { cancelled = true; } });
    const p = rs.pipeTo(sink([]), { signal });
    controller.abort("x");
    equal(await rejects(p), "x");
    equal(cancelled, true);
    deepEqual(added, []);
  },
};

export const pipeToArgumentChecks = {
  async test() {
    await rejects(new ReadableStream().pipeTo({}), TypeError);
    const rs = new ReadableStream();
    rs.getReader();
    await rejects(rs.pipeTo(new WritableStream()), TypeError);
    const ws = new WritableStream();
    ws.getWriter();
    await rejects(new ReadableStream().pipeTo(ws), TypeError);
  },
};

export const pipeThroughReturnsTheReadableSide = {
  async test() {
    const ts = new TransformStream({ transform(c, ctl) { ctl.enqueue(c + 1); } });
    const out = source([1, 2]).pipeThrough(ts);
    equal(out, ts.readable);
    const got = [];
    for await (const c of out) got.push(c);
    deepEqual(got, [2, 3]);
    throws(() => source([]).pipeThrough({ readable: new ReadableStream() }), TypeError);
    throws(() => source([]).pipeThrough({ writable: new WritableStream() }), TypeError);
    const locked = new ReadableStream();
    locked.getReader();
    throws(() => locked.pipeThrough(new TransformStream()), TypeError);
  },
};

export const chainedPipeThrough = {
  async test() {
    const double = () => new TransformStream({ transform(c, ctl) { ctl.enqueue(c * 2); } });
    const out = source([1, 2, 3]).pipeThrough(double()).pipeThrough(double());
    const got = [];
    for await (const c of out) got.push(c);
    deepEqual(got, [4, 8, 12]);
  },
};
