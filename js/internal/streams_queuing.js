// Shared pieces of the Streams Standard (https://streams.spec.whatwg.org/): promise helpers,
// queue-with-sizes (#queue-with-sizes), queuing strategies (#qs) and the Web IDL conversions the
// stream constructors use. The stream classes themselves are in streams_readable.js,
// streams_writable.js and streams_transform.js; streams.js re-exports all of it.
import {
  TypeErrorCtor, RangeErrorCtor, PromiseResolve, PromiseReject, PromisePrototypeThen,
  ReflectApply, ObjectDefineProperty, ArrayBufferCtor, Uint8ArrayCtor, ArrayBufferIsView,
  ArrayBufferPrototypeSlice, TypedArrayPrototypeGetBuffer, ObjectGetPrototypeOf,
  ObjectGetOwnPropertyDescriptor, MathFloor, PromiseCtor, NumberIsNaN, MathMin, MathTrunc,
} from "./primordials.js";
import { defineInterface, enumerableMembers } from "./webidl.js";
import { runInFrame } from "./async_context.js";

// ---------------------------------------------------------------------------------------------
// Promises (https://webidl.spec.whatwg.org/#es-promise-manipulation), with the intrinsics
// captured at load so a worker that patches Promise.prototype.then cannot reach the algorithms.

export function noop() {}

// A promise with its resolving functions and a record of its state: the spec asks "is
// [[PromiseState]] pending" in a few places (e.g. WritableStreamDefaultWriterEnsureClosedPromiseRejected).
export function newPromise() {
  const d = { promise: undefined, resolve: undefined, reject: undefined, state: "pending" };
  d.promise = new PromiseCtor((res, rej) => {
    d.resolve = (v) => { if (d.state === "pending") { d.state = "fulfilled"; res(v); } };
    d.reject = (e) => { if (d.state === "pending") { d.state = "rejected"; rej(e); } };
  });
  return d;
}

export function resolvedDeferred(value) {
  const d = newPromise();
  d.resolve(value);
  return d;
}

export function rejectedDeferred(reason) {
  const d = newPromise();
  d.reject(reason);
  setPromiseIsHandledToTrue(d.promise);
  return d;
}

export const promiseResolvedWith = PromiseResolve;
export const promiseRejectedWith = PromiseReject;

export function setPromiseIsHandledToTrue(promise) {
  PromisePrototypeThen(promise, undefined, noop);
}

// "React to promise": the derived promise is returned to callers that need it.
export function transformPromiseWith(promise, onFulfilled, onRejected) {
  return PromisePrototypeThen(promise, onFulfilled, onRejected);
}

// "Upon fulfillment / rejection" when nobody needs the derived promise: it must not surface as
// an unhandled rejection.
export function uponPromise(promise, onFulfilled, onRejected) {
  setPromiseIsHandledToTrue(PromisePrototypeThen(promise, onFulfilled, onRejected));
}
export function uponFulfillment(promise, onFulfilled) {
  uponPromise(promise, onFulfilled, undefined);
}
export function uponRejection(promise, onRejected) {
  uponPromise(promise, undefined, onRejected);
}

export function queueMicrotaskViaPromise(fn) {
  uponFulfillment(PromiseResolve(undefined), fn);
}

// Waits for every promise, as Promise.all does, without Promise.all (which reads .then).
export function waitForAll(promises) {
  const d = newPromise();
  let remaining = promises.length;
  if (remaining === 0) { d.resolve(undefined); return d.promise; }
  for (let i = 0; i < promises.length; i++) {
    uponPromise(promises[i], () => { if (--remaining === 0) d.resolve(undefined); }, d.reject);
  }
  return d.promise;
}

// ---------------------------------------------------------------------------------------------
// Web IDL conversions and callback invocation.

export function convertDictionary(value, context) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeErrorCtor(`${context} can't be converted to a dictionary.`);
  }
  return value;
}

export function convertCallback(value, context) {
  if (typeof value !== "function") throw new TypeErrorCtor(`${context} is not a function.`);
  return value;
}

export function convertUnrestrictedDouble(value) {
  return +value;
}

export function convertEnforceRangeUnsignedLongLong(value, context) {
  let x = +value;
  if (NumberIsNaN(x) || x === Infinity || x === -Infinity) {
    throw new TypeErrorCtor(`${context} is not a finite number.`);
  }
  x = MathTrunc(x);
  if (x < 0 || x > 9007199254740991) {
    throw new TypeErrorCtor(`${context} is outside the accepted range of 0 to 2^53 - 1.`);
  }
  return x === 0 ? 0 : x;  // -0 becomes +0
}

// Invokes a callback function whose IDL return type is a promise: exceptions become rejections.
export function invokePromiseCallback(fn, thisArg, args) {
  try {
    return PromiseResolve(ReflectApply(fn, thisArg, args));
  } catch (e) {
    return PromiseReject(e);
  }
}

// Async context (spec/runtime.md): the callbacks of an underlying source, sink or transformer,
// and the size() of a queuing strategy, run in the async context frame that was current when
// the stream was constructed (the constructor captures it once, with currentFrame()). A stream
// constructed outside any frame (frame undefined) runs them in the frame of whoever calls them,
// with no wrapping, as event listeners added outside any frame do (events.js).

// invokePromiseCallback, in `frame` when there is one.
export function invokePromiseCallbackInFrame(frame, fn, thisArg, args) {
  if (frame === undefined) return invokePromiseCallback(fn, thisArg, args);
  return runInFrame(frame, invokePromiseCallback, undefined, [fn, thisArg, args]);
}

export function isObject(value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

// ---------------------------------------------------------------------------------------------
// Array buffers. V8 10.2 has no ArrayBuffer.prototype.transfer and JS cannot detach a buffer, so
// TransferArrayBuffer keeps the same buffer (as workerd does without the
// streams_byob_reader_detaches_buffer flag); chunks given to enqueue() are copied instead, so a
// source reusing its buffer after enqueue() does not change data already queued.

export function IsDetachedBuffer(buffer) {
  try {
    new Uint8ArrayCtor(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

export function TransferArrayBuffer(buffer) {
  if (IsDetachedBuffer(buffer)) throw new TypeErrorCtor("The ArrayBuffer is detached.");
  return buffer;
}

export function CopyDataBlockBytes(toBuffer, toIndex, fromBuffer, fromIndex, count) {
  new Uint8ArrayCtor(toBuffer, toIndex, count).set(new Uint8ArrayCtor(fromBuffer, fromIndex, count));
}

// https://streams.spec.whatwg.org/#abstract-opdef-cloneasuint8array
export function CloneAsUint8Array(view) {
  const buffer = ArrayBufferPrototypeSlice(viewBuffer(view), view.byteOffset, view.byteOffset + view.byteLength);
  return new Uint8ArrayCtor(buffer);
}

export function CloneArrayBuffer(srcBuffer, srcByteOffset, srcLength) {
  return ArrayBufferPrototypeSlice(srcBuffer, srcByteOffset, srcByteOffset + srcLength);
}

const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8ArrayCtor.prototype);
const TypedArrayToStringTag = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const DataViewCtor = DataView;
const DataViewBuffer = ObjectGetOwnPropertyDescriptor(DataViewCtor.prototype, "buffer").get;
const DataViewByteOffset = ObjectGetOwnPropertyDescriptor(DataViewCtor.prototype, "byteOffset").get;
const DataViewByteLength = ObjectGetOwnPropertyDescriptor(DataViewCtor.prototype, "byteLength").get;
const TypedArrayByteOffset = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "byteOffset").get;
const TypedArrayByteLength = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "byteLength").get;
const TypedArrayLength = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "length").get;
const ArrayBufferByteLength = ObjectGetOwnPropertyDescriptor(ArrayBufferCtor.prototype, "byteLength").get;

const kTypedArrayConstructors = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

// The [[TypedArrayName]] of a typed array, or undefined for a DataView.
export function typedArrayName(view) {
  return ReflectApply(TypedArrayToStringTag, view, []);
}

// Facts about an ArrayBufferView read through the intrinsic getters, not the (patchable) ones
// on the object: { buffer, byteOffset, byteLength, ctor, elementSize, length }.
export function viewInfo(view) {
  const name = typedArrayName(view);
  if (name === undefined) {
    return {
      buffer: ReflectApply(DataViewBuffer, view, []),
      byteOffset: ReflectApply(DataViewByteOffset, view, []),
      byteLength: ReflectApply(DataViewByteLength, view, []),
      ctor: DataViewCtor, elementSize: 1, length: undefined,
    };
  }
  const ctor = kTypedArrayConstructors[name];
  return {
    buffer: TypedArrayPrototypeGetBuffer(view),
    byteOffset: ReflectApply(TypedArrayByteOffset, view, []),
    byteLength: ReflectApply(TypedArrayByteLength, view, []),
    ctor, elementSize: ctor.BYTES_PER_ELEMENT,
    length: ReflectApply(TypedArrayLength, view, []),
  };
}

export function viewBuffer(view) {
  return typedArrayName(view) === undefined ? ReflectApply(DataViewBuffer, view, []) : TypedArrayPrototypeGetBuffer(view);
}

export function arrayBufferByteLength(buffer) {
  return ReflectApply(ArrayBufferByteLength, buffer, []);
}

export function isArrayBufferView(value) {
  return ArrayBufferIsView(value);
}

export function isArrayBuffer(value) {
  try {
    ReflectApply(ArrayBufferByteLength, value, []);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Queue-with-sizes (https://streams.spec.whatwg.org/#queue-with-sizes). A container is any
// record with `queue` (a Queue of { value, size }) and `queueTotalSize`.

// A FIFO with O(1) shift that does not touch Array.prototype.
export class Queue {
  constructor() {
    this.items = [];
    this.head = 0;
    this.size = 0;
  }
  push(item) {
    this.items[this.head + this.size] = item;
    this.size++;
  }
  shift() {
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    this.size--;
    if (this.size === 0) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      const rest = [];
      for (let i = 0; i < this.size; i++) rest[i] = this.items[this.head + i];
      this.items = rest;
      this.head = 0;
    }
    return item;
  }
  peek() {
    return this.items[this.head];
  }
  at(i) {
    return this.items[this.head + i];
  }
  get length() {
    return this.size;
  }
}

// https://streams.spec.whatwg.org/#dequeue-value
export function DequeueValue(container) {
  const pair = container.queue.shift();
  container.queueTotalSize -= pair.size;
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  return pair.value;
}

// https://streams.spec.whatwg.org/#enqueue-value-with-size
export function EnqueueValueWithSize(container, value, size) {
  if (!IsNonNegativeNumber(size)) {
    throw new RangeErrorCtor("The size of a chunk must be a finite, non-negative number.");
  }
  if (size === Infinity) {
    throw new RangeErrorCtor("The size of a chunk must be a finite, non-negative number.");
  }
  container.queue.push({ value, size });
  container.queueTotalSize += size;
}

// https://streams.spec.whatwg.org/#peek-queue-value
export function PeekQueueValue(container) {
  return container.queue.peek().value;
}

// https://streams.spec.whatwg.org/#reset-queue
export function ResetQueue(container) {
  container.queue = new Queue();
  container.queueTotalSize = 0;
}

// https://streams.spec.whatwg.org/#is-non-negative-number
export function IsNonNegativeNumber(v) {
  if (typeof v !== "number") return false;
  if (NumberIsNaN(v)) return false;
  if (v < 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Queuing strategies (https://streams.spec.whatwg.org/#qs)

// Converts a QueuingStrategy dictionary: { highWaterMark: unrestricted double, size: callback }.
export function convertQueuingStrategy(value, context) {
  const dict = convertDictionary(value, context);
  const result = {};
  const hwm = dict.highWaterMark;
  if (hwm !== undefined) result.highWaterMark = convertUnrestrictedDouble(hwm);
  const size = dict.size;
  if (size !== undefined) result.size = convertCallback(size, `${context}: size`);
  return result;
}

// https://streams.spec.whatwg.org/#validate-and-normalize-high-water-mark
export function ExtractHighWaterMark(strategy, defaultHWM) {
  if (strategy.highWaterMark === undefined) return defaultHWM;
  const highWaterMark = strategy.highWaterMark;
  if (NumberIsNaN(highWaterMark) || highWaterMark < 0) {
    throw new RangeErrorCtor("highWaterMark must be a non-negative number.");
  }
  return highWaterMark;
}

// https://streams.spec.whatwg.org/#make-size-algorithm-from-size-function; the size function
// runs in `frame` (the stream's, see invokePromiseCallbackInFrame) when there is one.
export function ExtractSizeAlgorithm(strategy, frame = undefined) {
  if (strategy.size === undefined) return () => 1;
  const size = strategy.size;
  if (frame === undefined) return (chunk) => ReflectApply(size, undefined, [chunk]);
  return (chunk) => runInFrame(frame, size, undefined, [chunk]);
}

function convertQueuingStrategyInit(init, name) {
  if (init === undefined) {
    throw new TypeErrorCtor(`Failed to construct '${name}': 1 argument required, but only 0 present.`);
  }
  const dict = convertDictionary(init, `Failed to construct '${name}': parameter 1`);
  const hwm = dict.highWaterMark;
  if (hwm === undefined) {
    throw new TypeErrorCtor(`Failed to construct '${name}': required member highWaterMark is undefined.`);
  }
  return convertUnrestrictedDouble(hwm);
}

// The size functions are one per realm, as the spec requires (same object every time).
const byteLengthSizeFunction = { size(chunk) { return chunk.byteLength; } }.size;
const countSizeFunction = { size() { return 1; } }.size;

// https://streams.spec.whatwg.org/#blqs-class
export class ByteLengthQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    this.#highWaterMark = convertQueuingStrategyInit(init, "ByteLengthQueuingStrategy");
  }
  get highWaterMark() {
    if (!(#highWaterMark in this)) throw new TypeErrorCtor("Illegal invocation: not a ByteLengthQueuingStrategy");
    return this.#highWaterMark;
  }
  get size() {
    if (!(#highWaterMark in this)) throw new TypeErrorCtor("Illegal invocation: not a ByteLengthQueuingStrategy");
    return byteLengthSizeFunction;
  }
}
defineInterface(ByteLengthQueuingStrategy);
enumerableMembers(ByteLengthQueuingStrategy, ["highWaterMark", "size"]);

// https://streams.spec.whatwg.org/#cqs-class
export class CountQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    this.#highWaterMark = convertQueuingStrategyInit(init, "CountQueuingStrategy");
  }
  get highWaterMark() {
    if (!(#highWaterMark in this)) throw new TypeErrorCtor("Illegal invocation: not a CountQueuingStrategy");
    return this.#highWaterMark;
  }
  get size() {
    if (!(#highWaterMark in this)) throw new TypeErrorCtor("Illegal invocation: not a CountQueuingStrategy");
    return countSizeFunction;
  }
}
defineInterface(CountQueuingStrategy);
enumerableMembers(CountQueuingStrategy, ["highWaterMark", "size"]);

// Makes static operations enumerable, as Web IDL's are (class syntax makes them not).
export function enumerableStatics(cls, names) {
  for (const name of names) {
    const desc = ObjectGetOwnPropertyDescriptor(cls, name);
    desc.enumerable = true;
    ObjectDefineProperty(cls, name, desc);
  }
}

export { MathFloor, MathMin };
