// Stream callbacks follow the async context (spec/runtime.md, "Async context"): the callbacks of
// an underlying source, sink or transformer, and a queuing strategy's size(), run in the
// AsyncLocalStorage store that was current when the stream was constructed; a stream
// constructed outside any store runs them in the store of whoever makes them run.
import { AsyncLocalStorage } from "node:async_hooks";
import { equal, deepEqual } from "./lib/assert.js";

const als = new AsyncLocalStorage();
const id = () => als.getStore()?.id;
// Lets a stream's start() finish, and the reactions of earlier reads settle, so that the next
// read or write is what makes pull() or write() run.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function readAll(readable) {
  const reader = readable.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

export const pullRunsInTheStoreTheStreamWasCreatedIn = {
  async test() {
    const seen = [];
    const rs = als.run({ id: 1 }, () => new ReadableStream({
      pull(c) {
        seen.push(id());
        c.enqueue(seen.length);
      },
    }, { highWaterMark: 0 }));
    const reader = rs.getReader();
    await settle();
    await als.run({ id: 2 }, () => reader.read());
    await settle();
    await reader.read();
    deepEqual(seen, [1, 1]);
  },
};

export const pullOfAStreamCreatedOutsideAnyStoreRunsInTheReadersStore = {
  async test() {
    const seen = [];
    const rs = new ReadableStream({
      pull(c) {
        seen.push(id() ?? "none");
        c.enqueue(seen.length);
      },
    }, { highWaterMark: 0 });
    const reader = rs.getReader();
    await settle();
    await als.run({ id: 2 }, () => reader.read());
    await settle();
    await als.run({ id: 3 }, () => reader.read());
    await settle();
    await reader.read();
    deepEqual(seen, [2, 3, "none"]);
  },
};

export const asyncPullKeepsTheStreamsStoreAcrossAwait = {
  async test() {
    const seen = [];
    const rs = als.run({ id: 1 }, () => new ReadableStream({
      async pull(c) {
        seen.push(id());
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push(id());
        c.enqueue("x");
      },
    }, { highWaterMark: 0 }));
    await settle();
    await als.run({ id: 2 }, () => rs.getReader().read());
    deepEqual(seen, [1, 1]);
  },
};

export const cancelRunsInTheStoreTheStreamWasCreatedIn = {
  async test() {
    let seen;
    const rs = als.run({ id: 1 }, () => new ReadableStream({ cancel() { seen = id(); } }));
    await settle();
    await als.run({ id: 2 }, () => rs.cancel("why"));
    equal(seen, 1);
  },
};

export const byteStreamPullAndCancelRunInTheStoreTheStreamWasCreatedIn = {
  async test() {
    const seen = [];
    const rs = als.run({ id: 1 }, () => new ReadableStream({
      type: "bytes",
      pull(c) {
        seen.push(`pull ${id()}`);
        c.enqueue(new Uint8Array([1]));
      },
      cancel() { seen.push(`cancel ${id()}`); },
    }));
    const reader = rs.getReader({ mode: "byob" });
    await settle();
    await als.run({ id: 2 }, () => reader.read(new Uint8Array(4)));
    await settle();
    await als.run({ id: 3 }, () => reader.cancel());
    deepEqual(seen, ["pull 1", "cancel 1"]);
  },
};

export const readableSizeRunsInTheStoreTheStreamWasCreatedIn = {
  async test() {
    const seen = [];
    let controller;
    als.run({ id: 1 }, () => new ReadableStream({ start(c) { controller = c; } }, {
      highWaterMark: 10,
      size() { seen.push(id()); return 1; },
    }));
    als.run({ id: 2 }, () => controller.enqueue("a"));
    controller.enqueue("b");
    deepEqual(seen, [1, 1]);
  },
};

export const readableStreamFromRunsTheIteratorInTheStoreOfTheFromCall = {
  async test() {
    const seen = [];
    const iterable = {
      [Symbol.asyncIterator]() {
        return {
          next() {
            seen.push(`next ${id()}`);
            return Promise.resolve({ value: 1, done: false });
          },
          return() {
            seen.push(`return ${id()}`);
            return Promise.resolve({ done: true });
          },
        };
      },
    };
    const rs = als.run({ id: 1 }, () => ReadableStream.from(iterable));
    const reader = rs.getReader();
    await settle();
    await als.run({ id: 2 }, () => reader.read());
    await settle();
    await als.run({ id: 3 }, () => reader.cancel());
    deepEqual(seen, ["next 1", "return 1"]);
  },
};

export const writeAndCloseRunInTheStoreTheStreamWasCreatedIn = {
  async test() {
    const seen = [];
    const ws = als.run({ id: 1 }, () => new WritableStream({
      write(chunk) { seen.push(`write ${chunk} ${id()}`); },
      close() { seen.push(`close ${id()}`); },
    }));
    const writer = ws.getWriter();
    await settle();
    await als.run({ id: 2 }, () => writer.write("a"));
    await settle();
    await writer.write("b");
    await settle();
    await als.run({ id: 3 }, () => writer.close());
    deepEqual(seen, ["write a 1", "write b 1", "close 1"]);
  },
};

export const writeOfAStreamCreatedOutsideAnyStoreRunsInTheWritersStore = {
  async test() {
    const seen = [];
    const ws = new WritableStream({ write(chunk) { seen.push(`${chunk} ${id() ?? "none"}`); } });
    const writer = ws.getWriter();
    await settle();
    await als.run({ id: 2 }, () => writer.write("a"));
    await writer.write("b");
    deepEqual(seen, ["a 2", "b none"]);
  },
};

export const abortRunsInTheStoreTheStreamWasCreatedIn = {
  async test() {
    let seen;
    const ws = als.run({ id: 1 }, () => new WritableStream({ abort() { seen = id(); } }));
    await settle();
    await als.run({ id: 2 }, () => ws.abort("why"));
    equal(seen, 1);
  },
};

export const writableSizeRunsInTheStoreTheStreamWasCreatedIn = {
  async test() {
    const seen = [];
    const ws = als.run({ id: 1 }, () => new WritableStream({}, { size() { seen.push(id()); return 1; } }));
    const writer = ws.getWriter();
    await als.run({ id: 2 }, () => writer.write("a"));
    deepEqual(seen, [1]);
  },
};

export const transformAndFlushRunInTheStoreTheStreamWasCreatedIn = {
  async test() {
    const seen = [];
    const ts = als.run({ id: 1 }, () => new TransformStream({
      transform(chunk, c) {
        seen.push(`transform ${id()}`);
        c.enqueue(chunk);
      },
      flush() { seen.push(`flush ${id()}`); },
    }, { size() { seen.push(`size ${id()}`); return 1; } }));
    const reading = readAll(ts.readable);
    const writer = ts.writable.getWriter();
    await settle();
    await als.run({ id: 2 }, () => writer.write("a"));
    await settle();
    await als.run({ id: 3 }, () => writer.close());
    deepEqual(await reading, ["a"]);
    deepEqual(seen, ["size 1", "transform 1", "flush 1"]);
  },
};

export const transformerCancelRunsInTheStoreTheStreamWasCreatedIn = {
  async test() {
    let seen;
    const ts = als.run({ id: 1 }, () => new TransformStream({ cancel() { seen = id(); } }));
    await settle();
    await als.run({ id: 2 }, () => ts.readable.cancel("why"));
    equal(seen, 1);
  },
};

export const pipeToRunsEachStreamsCallbacksInTheStoreItWasCreatedIn = {
  async test() {
    const seen = [];
    let n = 0;
    const source = als.run({ id: 1 }, () => new ReadableStream({
      pull(c) {
        seen.push(`pull ${id()}`);
        if (++n > 2) c.close();
        else c.enqueue(n);
      },
    }, { highWaterMark: 0 }));
    const dest = als.run({ id: 2 }, () => new WritableStream({
      write(chunk) { seen.push(`write ${chunk} ${id()}`); },
      close() { seen.push(`close ${id()}`); },
    }));
    await settle();
    await als.run({ id: 3 }, () => source.pipeTo(dest));
    deepEqual(seen, ["pull 1", "write 1 2", "pull 1", "write 2 2", "pull 1", "close 2"]);
  },
};

export const pipeToOfStreamsCreatedOutsideAnyStoreRunsTheirCallbacksInThePipersStore = {
  async test() {
    const seen = [];
    const source = new ReadableStream({
      start(c) { c.enqueue("a"); c.close(); },
    });
    const dest = new WritableStream({
      write(chunk) { seen.push(`write ${chunk} ${id()}`); },
      close() { seen.push(`close ${id()}`); },
    });
    await als.run({ id: 3 }, () => source.pipeTo(dest));
    deepEqual(seen, ["write a 3", "close 3"]);
  },
};

export const pipeThroughRunsTheTransformInTheStoreItWasCreatedIn = {
  async test() {
    const seen = [];
    const source = als.run({ id: 1 }, () => new ReadableStream({
      pull(c) {
        seen.push(`pull ${id()}`);
        c.enqueue("a");
        c.close();
      },
    }));
    const ts = als.run({ id: 2 }, () => new TransformStream({
      transform(chunk, c) {
        seen.push(`transform ${id()}`);
        c.enqueue(chunk.toUpperCase());
      },
      flush() { seen.push(`flush ${id()}`); },
    }));
    await settle();
    const out = als.run({ id: 3 }, () => source.pipeThrough(ts));
    deepEqual(await readAll(out), ["A"]);
    deepEqual(seen, ["pull 1", "transform 2", "flush 2"]);
  },
};

export const interleavedStreamsEachSeeTheirOwnStore = {
  async test() {
    const make = (n) => als.run({ id: n }, () => {
      let left = 3;
      return new ReadableStream({
        async pull(c) {
          await new Promise((resolve) => setTimeout(resolve, n % 3));
          if (left-- === 0) c.close();
          else c.enqueue(id());
        },
      }, { highWaterMark: 0 });
    });
    const streams = Array.from({ length: 20 }, (_, n) => make(n));
    await settle();
    // Each stream is read from yet another store.
    const results = await Promise.all(streams.map((rs, n) => als.run({ id: 100 + n }, () => readAll(rs))));
    deepEqual(results, Array.from({ length: 20 }, (_, n) => [n, n, n]));
  },
};
