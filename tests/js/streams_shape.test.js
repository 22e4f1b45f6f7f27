// Web IDL shape of the stream interfaces (names, lengths, enumerable members, brand checks)
// and the queuing strategies (https://streams.spec.whatwg.org/#qs).
import { equal, deepEqual, throws, rejects } from "./lib/assert.js";

const kInterfaces = {
  ReadableStream: 0, ReadableStreamDefaultReader: 1, ReadableStreamBYOBReader: 1,
  ReadableStreamDefaultController: 0, ReadableByteStreamController: 0, ReadableStreamBYOBRequest: 0,
  WritableStream: 0, WritableStreamDefaultWriter: 1, WritableStreamDefaultController: 0,
  TransformStream: 0, TransformStreamDefaultController: 0, ByteLengthQueuingStrategy: 1,
  CountQueuingStrategy: 1, TextEncoderStream: 0, TextDecoderStream: 0,
};

export const interfaceObjectsAreInstalledAsWebIDLSays = {
  test() {
    for (const [name, length] of Object.entries(kInterfaces)) {
      const desc = Object.getOwnPropertyDescriptor(globalThis, name);
      equal(typeof desc.value, "function", name);
      equal(desc.enumerable, false, `${name} enumerable`);
      equal(desc.writable, true, `${name} writable`);
      equal(desc.value.length, length, `${name}.length`);
      equal(desc.value.name, name);
      equal(desc.value.prototype[Symbol.toStringTag], name);
    }
  },
};

export const methodLengthsAndEnumerability = {
  test() {
    const lengths = {
      "ReadableStream.cancel": 0, "ReadableStream.getReader": 0, "ReadableStream.pipeThrough": 1,
      "ReadableStream.pipeTo": 1, "ReadableStream.tee": 0, "ReadableStream.values": 0,
      "ReadableStreamBYOBReader.read": 1, "ReadableByteStreamController.enqueue": 1,
      "ReadableStreamDefaultController.enqueue": 0, "ReadableStreamBYOBRequest.respond": 1,
      "WritableStreamDefaultWriter.write": 0, "WritableStream.abort": 0,
      "TransformStreamDefaultController.terminate": 0,
    };
    for (const [key, length] of Object.entries(lengths)) {
      const [cls, method] = key.split(".");
      const desc = Object.getOwnPropertyDescriptor(globalThis[cls].prototype, method);
      equal(desc.value.length, length, key);
      equal(desc.enumerable, true, `${key} enumerable`);
    }
    equal(ReadableStream.from.length, 1);
    equal(Object.getOwnPropertyDescriptor(ReadableStream, "from").enumerable, true);
    equal(Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked").enumerable, true);
    equal(ReadableStream.prototype[Symbol.asyncIterator], ReadableStream.prototype.values);
  },
};

export const brandChecks = {
  async test() {
    throws(() => ReadableStream.prototype.getReader.call({}), TypeError);
    throws(() => Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked").get.call({}), TypeError);
    await rejects(ReadableStream.prototype.cancel.call({}), TypeError);
    await rejects(WritableStream.prototype.abort.call({}), TypeError);
    await rejects(ReadableStreamDefaultReader.prototype.read.call({}), TypeError);
    throws(() => new ReadableStreamDefaultController(), TypeError);
    throws(() => new ReadableStreamBYOBRequest(), TypeError);
    throws(() => new ReadableStreamDefaultReader({}), TypeError);
    equal(Object.prototype.toString.call(new ReadableStream()), "[object ReadableStream]");
    equal(Object.prototype.toString.call(new WritableStream()), "[object WritableStream]");
    equal(Object.prototype.toString.call(new TransformStream()), "[object TransformStream]");
    equal(Object.getOwnPropertySymbols(new ReadableStream()).length, 0, "no symbol-keyed state");
    equal(Object.keys(new ReadableStream()).length, 0);
  },
};

export const subclassingWorks = {
  async test() {
    class MyStream extends ReadableStream {
      constructor() { super({ start(c) { c.enqueue("x"); c.close(); } }); }
    }
    const s = new MyStream();
    equal(s instanceof ReadableStream, true);
    equal((await s.getReader().read()).value, "x");
  },
};

export const queuingStrategies = {
  test() {
    const bl = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
    equal(bl.highWaterMark, 16);
    equal(bl.size(new Uint8Array(5)), 5);
    equal(bl.size, new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size, "one size function per realm");
    equal(bl.size.name, "size");
    equal(bl.size.length, 1);
    const cq = new CountQueuingStrategy({ highWaterMark: 2 });
    equal(cq.highWaterMark, 2);
    equal(cq.size(), 1);
    equal(cq.size.length, 0);
    throws(() => new CountQueuingStrategy(), TypeError);
    throws(() => new CountQueuingStrategy({}), TypeError);
    throws(() => new ByteLengthQueuingStrategy(5), TypeError);
    equal(new CountQueuingStrategy({ highWaterMark: "4" }).highWaterMark, 4);
    equal(new CountQueuingStrategy({ highWaterMark: -1 }).highWaterMark, -1, "validated only when used");
    throws(() => new ReadableStream({}, new CountQueuingStrategy({ highWaterMark: -1 })), RangeError);
    deepEqual(Object.keys(CountQueuingStrategy.prototype), ["highWaterMark", "size"]);
  },
};

export const countStrategyDrivesReadableBackpressure = {
  async test() {
    let controller;
    new ReadableStream({ start(c) { controller = c; } }, new CountQueuingStrategy({ highWaterMark: 3 }));
    equal(controller.desiredSize, 3);
    controller.enqueue({});
    equal(controller.desiredSize, 2);
  },
};
