// The Streams Standard (https://streams.spec.whatwg.org/) for edgerun: re-exports the classes of
// streams_readable.js, streams_writable.js, streams_transform.js and streams_queuing.js, and
// gives Request/Response bodies (body.js) a few helpers that work on streams without the
// public API (so a worker that patches ReadableStream.prototype cannot change them):
//   isReadableStream, readableStreamFromBytes, takeSourceBytes, readableStreamFromPull,
//   readAllBytes, isDisturbed, isLocked, expectedLengthOf.
import { TypeErrorCtor, Uint8ArrayCtor } from "./primordials.js";
import {
  newPromise, promiseResolvedWith, promiseRejectedWith, uponPromise, isArrayBufferView,
} from "./streams_queuing.js";
import {
  rsSlots, IsReadableStreamLocked, CreateReadableByteStream, AcquireReadableStreamDefaultReader,
  ReadableStreamDefaultReaderRead, ReadableByteStreamControllerEnqueue,
  ReadableByteStreamControllerClose, ReadableByteStreamControllerRespond,
} from "./streams_readable.js";

export {
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader,
  ReadableStreamDefaultController, ReadableByteStreamController, ReadableStreamBYOBRequest,
} from "./streams_readable.js";
export { WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController } from "./streams_writable.js";
export {
  TransformStream, TransformStreamDefaultController, TextEncoderStream, TextDecoderStream,
  IdentityTransformStream, FixedLengthStream,
} from "./streams_transform.js";
export { ByteLengthQueuingStrategy, CountQueuingStrategy } from "./streams_queuing.js";

export function isReadableStream(value) {
  return rsSlots(value) !== undefined;
}

// Closes a byte stream's controller, answering a BYOB read that is waiting with "done".
function closeByteController(controller) {
  if (controller.stream.state !== "readable" || controller.closeRequested) return;
  ReadableByteStreamControllerClose(controller);
  if (controller.pendingPullIntos.length > 0) ReadableByteStreamControllerRespond(controller, 0);
}

// A byte stream that yields `bytes` once and closes. The bytes are remembered so that a body
// nobody has read can be taken whole (takeSourceBytes) without going through the stream.
export function readableStreamFromBytes(bytes) {
  let stream;
  const pullAlgorithm = () => {
    const controller = stream.controller;
    const source = stream.sourceBytes;
    stream.sourceBytes = undefined;
    if (source !== undefined && source.byteLength > 0) ReadableByteStreamControllerEnqueue(controller, source);
    closeByteController(controller);
    return promiseResolvedWith(undefined);
  };
  const cancelAlgorithm = () => {
    stream.sourceBytes = undefined;
    return promiseResolvedWith(undefined);
  };
  stream = CreateReadableByteStream(() => undefined, pullAlgorithm, cancelAlgorithm, 0);
  stream.sourceBytes = bytes;
  return stream.obj;
}

// The bytes of a stream made by readableStreamFromBytes that nobody has read or locked: the
// stream is locked and disturbed (it now reads as used) and the Uint8Array returned. Else null.
export function takeSourceBytes(value) {
  const stream = rsSlots(value);
  if (stream === undefined || stream.sourceBytes === undefined) return null;
  if (stream.disturbed || IsReadableStreamLocked(stream) || stream.state !== "readable") return null;
  const bytes = stream.sourceBytes;
  stream.sourceBytes = undefined;
  AcquireReadableStreamDefaultReader(stream);
  stream.disturbed = true;
  return bytes;
}

// A byte stream fed on demand: each pull awaits `pull()`, which gives a Uint8Array (empty ones
// are skipped) or null at the end. `cancel(reason)` is called if the stream is cancelled.
export function readableStreamFromPull(pull, cancel) {
  let stream;
  const pullAlgorithm = () => {
    const done = newPromise();
    const step = () => {
      let p;
      try {
        p = promiseResolvedWith(pull());
      } catch (e) {
        done.reject(e);
        return;
      }
      uponPromise(p, (chunk) => {
        const controller = stream.controller;
        if (stream.state !== "readable" || controller.closeRequested) {
          done.resolve(undefined);
          return;
        }
        if (chunk === null || chunk === undefined) {
          closeByteController(controller);
          done.resolve(undefined);
          return;
        }
        if (!isArrayBufferView(chunk)) {
          done.reject(new TypeErrorCtor("readableStreamFromPull: pull() must give a Uint8Array or null"));
          return;
        }
        if (chunk.byteLength === 0) {
          step();
          return;
        }
        ReadableByteStreamControllerEnqueue(controller, chunk);
        done.resolve(undefined);
      }, done.reject);
    };
    step();
    return done.promise;
  };
  const cancelAlgorithm = (reason) => {
    if (typeof cancel !== "function") return promiseResolvedWith(undefined);
    try {
      return promiseResolvedWith(cancel(reason));
    } catch (e) {
      return promiseRejectedWith(e);
    }
  };
  stream = CreateReadableByteStream(() => undefined, pullAlgorithm, cancelAlgorithm, 0);
  return stream.obj;
}

// https://fetch.spec.whatwg.org/#body-fully-read: reads to the end and gives the bytes,
// concatenated. The stream stays locked (the body is used).
export function readAllBytes(value) {
  const stream = rsSlots(value);
  if (stream === undefined) return promiseRejectedWith(new TypeErrorCtor("readAllBytes: not a ReadableStream"));
  if (IsReadableStreamLocked(stream)) return promiseRejectedWith(new TypeErrorCtor("ReadableStream is locked"));
  const taken = takeSourceBytes(value);
  if (taken !== null) return promiseResolvedWith(taken);
  const reader = AcquireReadableStreamDefaultReader(stream);
  const result = newPromise();
  const chunks = [];
  let total = 0;
  const readRequest = {
    chunkSteps(chunk) {
      if (!(chunk instanceof Uint8ArrayCtor)) {
        result.reject(new TypeErrorCtor("The body stream gave a chunk that is not a Uint8Array"));
        return;
      }
      chunks[chunks.length] = chunk;
      total += chunk.byteLength;
      // Read the next chunk in a later microtask: a synchronous loop over an eager source would
      // otherwise recurse.
      uponPromise(promiseResolvedWith(undefined), () => ReadableStreamDefaultReaderRead(reader, readRequest));
    },
    closeSteps() {
      if (chunks.length === 1) {
        result.resolve(chunks[0]);
        return;
      }
      const out = new Uint8ArrayCtor(total);
      let offset = 0;
      for (let i = 0; i < chunks.length; i++) {
        out.set(chunks[i], offset);
        offset += chunks[i].byteLength;
      }
      result.resolve(out);
    },
    errorSteps(e) {
      result.reject(e);
    },
  };
  ReadableStreamDefaultReaderRead(reader, readRequest);
  return result.promise;
}

export function isDisturbed(value) {
  const stream = rsSlots(value);
  return stream !== undefined && stream.disturbed;
}

export function isLocked(value) {
  const stream = rsSlots(value);
  return stream !== undefined && IsReadableStreamLocked(stream);
}

// The byte count a FixedLengthStream's readable side promises, or null.
export function expectedLengthOf(value) {
  const stream = rsSlots(value);
  return stream !== undefined && stream.expectedLength !== undefined ? stream.expectedLength : null;
}
