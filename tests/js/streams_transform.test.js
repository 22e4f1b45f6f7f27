// TransformStream (https://streams.spec.whatwg.org/#ts-class), TextEncoderStream,
// TextDecoderStream, IdentityTransformStream, FixedLengthStream.
import { equal, deepEqual, throws, rejects } from "./lib/assert.js";

const flush = () => new Promise((r) => setTimeout(r, 0));

async function readAll(stream) {
  const out = [];
  for await (const c of stream) out.push(c);
  return out;
}

function fromChunks(chunks) {
  return new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } });
}

export const identityWhenNoTransformer = {
  async test() {
    const ts = new TransformStream();
    const writer = ts.writable.getWriter();
    writer.write("a");
    writer.close();
    deepEqual(await readAll(ts.readable), ["a"]);
  },
};

export const transformAndFlush = {
  async test() {
    const ts = new TransformStream({
      transform(chunk, c) { c.enqueue(chunk.toUpperCase()); c.enqueue(chunk); },
      flush(c) { c.enqueue("end"); },
    });
    deepEqual(await readAll(fromChunks(["a", "b"]).pipeThrough(ts)), ["A", "a", "B", "b", "end"]);
  },
};

export const writesWaitForReadableBackpressure = {
  async test() {
    let transforms = 0;
    const ts = new TransformStream({ transform(chunk, c) { transforms++; c.enqueue(chunk); } });
    const writer = ts.writable.getWriter();
    writer.write(1);
    writer.write(2);
    await flush();
    equal(transforms, 0, "readable highWaterMark is 0: nothing is transformed until a read");
    const reader = ts.readable.getReader();
    equal((await reader.read()).value, 1);
    await flush();
    equal(transforms, 1);
  },
};

export const transformErrorErrorsBothSides = {
  async test() {
    const boom = new Error("t");
    const ts = new TransformStream({ transform() { throw boom; } });
    const writer = ts.writable.getWriter();
    const read = ts.readable.getReader().read();
    equal(await rejects(writer.write(1)), boom);
    equal(await rejects(read), boom);
    equal(await rejects(writer.closed), boom);
  },
};

export const terminateClosesReadableAndErrorsWritable = {
  async test() {
    const ts = new TransformStream({ start(c) { c.enqueue("x"); c.terminate(); } });
    deepEqual(await readAll(ts.readable), ["x"]);
    await rejects(ts.writable.getWriter().write(1), TypeError);
  },
};

export const readableCancelErrorsWritableAndCallsCancel = {
  async test() {
    let cancelReason;
    const ts = new TransformStream({ cancel(r) { cancelReason = r; } });
    await ts.readable.cancel("nope");
    equal(cancelReason, "nope");
    equal(await rejects(ts.writable.getWriter().closed), "nope");
  },
};

export const writableAbortErrorsReadable = {
  async test() {
    const ts = new TransformStream();
    await ts.writable.abort("gone");
    equal(await rejects(ts.readable.getReader().read()), "gone");
  },
};

export const controllerDesiredSize = {
  async test() {
    let controller;
    const ts = new TransformStream({ start(c) { controller = c; } }, undefined, { highWaterMark: 2 });
    await flush();
    equal(controller.desiredSize, 2);
    controller.enqueue(1);
    equal(controller.desiredSize, 1);
    equal(ts.readable.locked, false);
    throws(() => new TransformStreamDefaultController(), TypeError);
    throws(() => new TransformStream({ readableType: "bytes" }), RangeError);
  },
};

export const textEncoderStreamJoinsSurrogatePairsAcrossChunks = {
  async test() {
    const out = await readAll(fromChunks(["a\uD83D", "\uDE00b", "\uD800"]).pipeThrough(new TextEncoderStream()));
    const bytes = out.flatMap((u) => [...u]);
    deepEqual(bytes, [0x61, 0xf0, 0x9f, 0x98, 0x80, 0x62, 0xef, 0xbf, 0xbd]);
    equal(out.every((c) => c instanceof Uint8Array), true);
    equal(new TextEncoderStream().encoding, "utf-8");
  },
};

export const textDecoderStreamJoinsSplitMultiByteCharacters = {
  async test() {
    const euro = [0xe2, 0x82, 0xac];
    const chunks = [new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf, 0x41, euro[0]]), new Uint8Array([euro[1]]), new Uint8Array([euro[2], 0xef, 0xbb, 0xbf]).buffer];
    const out = await readAll(fromChunks(chunks).pipeThrough(new TextDecoderStream()));
    equal(out.join(""), "A\u20ac\uFEFF", "leading BOM removed once, later U+FEFF kept");
    const ds = new TextDecoderStream("utf-8", { fatal: true });
    equal(ds.fatal, true);
    equal(ds.encoding, "utf-8");
    await rejects(readAll(fromChunks([new Uint8Array([0xff])]).pipeThrough(ds)), TypeError);
    await rejects(readAll(fromChunks(["text"]).pipeThrough(new TextDecoderStream())), TypeError);
    const trailing = await readAll(fromChunks([new Uint8Array([0x41, 0xe2])]).pipeThrough(new TextDecoderStream()));
    equal(trailing.join(""), "A\uFFFD", "an incomplete sequence at the end is U+FFFD");
  },
};

export const identityTransformStreamPassesBytes = {
  async test() {
    const { readable, writable } = new IdentityTransformStream();
    equal(Object.prototype.toString.call(new IdentityTransformStream()), "[object IdentityTransformStream]");
    const writer = writable.getWriter();
    writer.write(new Uint8Array([1, 2]));
    writer.write(new Uint8Array([3]).buffer);
    writer.close();
    const reader = readable.getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(8));
    deepEqual([...first.value], [1, 2]);
    const second = await reader.read(new Uint8Array(8));
    deepEqual([...second.value], [3]);
    equal((await reader.read(new Uint8Array(8))).done, true);
    await rejects(new IdentityTransformStream().writable.getWriter().write("str"), TypeError);
  },
};

export const fixedLengthStreamChecksTheTotal = {
  async test() {
    const ok = new FixedLengthStream(3);
    const w = ok.writable.getWriter();
    w.write(new Uint8Array([1, 2]));
    w.write(new Uint8Array([3]));
    w.close();
    const got = await readAll(ok.readable);
    equal(got.reduce((n, c) => n + c.byteLength, 0), 3);

    const tooMany = new FixedLengthStream(1);
    const r1 = readAll(tooMany.readable);
    await rejects(tooMany.writable.getWriter().write(new Uint8Array(2)), TypeError);
    await rejects(r1, TypeError);

    const tooFew = new FixedLengthStream(5);
    const r2 = readAll(tooFew.readable);
    const w2 = tooFew.writable.getWriter();
    w2.write(new Uint8Array(2));
    await rejects(w2.close(), TypeError);
    await rejects(r2, TypeError);
    throws(() => new FixedLengthStream(-1), RangeError);
    equal(new FixedLengthStream(0) instanceof TransformStream, true);
  },
};
