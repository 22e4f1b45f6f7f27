// Transform streams (https://streams.spec.whatwg.org/#ts-model): TransformStream and
// TransformStreamDefaultController; the Encoding Standard's TextEncoderStream and
// TextDecoderStream (https://encoding.spec.whatwg.org/#interface-textencoderstream); and the
// Workers byte pipes IdentityTransformStream and FixedLengthStream.
import {
  TypeErrorCtor, RangeErrorCtor, ReflectApply, Uint8ArrayCtor, NumberIsInteger, StringPrototypeSlice,
  StringPrototypeCharCodeAt,
} from "./primordials.js";
import { defineInterface, enumerableMembers, kInternal } from "./webidl.js";
import { TextEncoder, TextDecoder } from "./encoding.js";
import {
  newPromise, promiseResolvedWith, promiseRejectedWith, transformPromiseWith, uponPromise,
  convertDictionary, convertCallback, invokePromiseCallbackInFrame, convertQueuingStrategy,
  ExtractHighWaterMark, ExtractSizeAlgorithm, viewInfo, isArrayBufferView, isArrayBuffer,
} from "./streams_queuing.js";
import {
  CreateReadableStream, CreateReadableByteStream, ReadableStreamDefaultControllerEnqueue,
  ReadableStreamDefaultControllerError, ReadableStreamDefaultControllerClose,
  ReadableStreamDefaultControllerGetDesiredSize, ReadableStreamDefaultControllerHasBackpressure,
  ReadableStreamDefaultControllerCanCloseOrEnqueue, ReadableByteStreamControllerEnqueue,
  ReadableByteStreamControllerClose, ReadableByteStreamControllerError,
  ReadableByteStreamControllerRespond, ReadableByteStreamControllerGetDesiredSize,
} from "./streams_readable.js";
import { CreateWritableStream, WritableStreamDefaultControllerErrorIfNeeded } from "./streams_writable.js";
import { currentFrame } from "./async_context.js";

let tsSlots;
let tsControllerSlots;

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#ts-class

export class TransformStream {
  #r;
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    if (transformer === kInternal) {
      this.#r = writableStrategy;
      writableStrategy.obj = this;
      return;
    }
    if (transformer !== undefined && transformer !== null && typeof transformer !== "object" && typeof transformer !== "function") {
      throw new TypeErrorCtor("Failed to construct 'TransformStream': parameter 1 is not an object.");
    }
    const writableStrategyDict = convertQueuingStrategy(writableStrategy, "Failed to construct 'TransformStream': parameter 2");
    const readableStrategyDict = convertQueuingStrategy(readableStrategy, "Failed to construct 'TransformStream': parameter 3");
    // 1-2.
    if (transformer === undefined) transformer = null;
    const transformerDict = convertTransformer(transformer);
    // 3-4.
    if (transformerDict.readableType !== undefined) throw new RangeErrorCtor("Failed to construct 'TransformStream': invalid readableType specified");
    if (transformerDict.writableType !== undefined) throw new RangeErrorCtor("Failed to construct 'TransformStream': invalid writableType specified");
    // The transformer's callbacks and the strategies' size functions run in this frame
    // (streams_queuing.js, invokePromiseCallbackInFrame).
    const frame = currentFrame();
    // 5-8.
    const readableHighWaterMark = ExtractHighWaterMark(readableStrategyDict, 0);
    const readableSizeAlgorithm = ExtractSizeAlgorithm(readableStrategyDict, frame);
    const writableHighWaterMark = ExtractHighWaterMark(writableStrategyDict, 1);
    const writableSizeAlgorithm = ExtractSizeAlgorithm(writableStrategyDict, frame);
    // 9-10.
    const startPromise = newPromise();
    const stream = newTransformStreamRecord();
    this.#r = stream;
    stream.obj = this;
    InitializeTransformStream(stream, startPromise, writableHighWaterMark, writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
    // 11.
    SetUpTransformStreamDefaultControllerFromTransformer(stream, transformer, transformerDict, frame);
    // 12.
    if (transformerDict.start !== undefined) {
      startPromise.resolve(ReflectApply(transformerDict.start, transformer, [stream.controller.obj]));
    } else {
      startPromise.resolve(undefined);
    }
  }

  get readable() {
    return thisStream(this).readable.obj;
  }

  get writable() {
    return thisStream(this).writable.obj;
  }

  static {
    tsSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(TransformStream);
enumerableMembers(TransformStream, ["readable", "writable"]);

function thisStream(o) {
  const r = tsSlots(o);
  if (r === undefined) throw new TypeErrorCtor("Illegal invocation: not a TransformStream");
  return r;
}

function convertTransformer(transformer) {
  const dict = convertDictionary(transformer, "transformer");
  const out = {};
  const cancel = dict.cancel;
  if (cancel !== undefined) out.cancel = convertCallback(cancel, "transformer.cancel");
  const flush = dict.flush;
  if (flush !== undefined) out.flush = convertCallback(flush, "transformer.flush");
  out.readableType = dict.readableType;
  const start = dict.start;
  if (start !== undefined) out.start = convertCallback(start, "transformer.start");
  const transform = dict.transform;
  if (transform !== undefined) out.transform = convertCallback(transform, "transformer.transform");
  out.writableType = dict.writableType;
  return out;
}

function newTransformStreamRecord() {
  return {
    obj: undefined, backpressure: undefined, backpressureChangePromise: undefined,
    controller: undefined, readable: undefined, writable: undefined,
  };
}

// https://streams.spec.whatwg.org/#initialize-transform-stream
function InitializeTransformStream(stream, startPromise, writableHighWaterMark, writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm) {
  const startAlgorithm = () => startPromise.promise;
  const writeAlgorithm = (chunk) => TransformStreamDefaultSinkWriteAlgorithm(stream, chunk);
  const abortAlgorithm = (reason) => TransformStreamDefaultSinkAbortAlgorithm(stream, reason);
  const closeAlgorithm = () => TransformStreamDefaultSinkCloseAlgorithm(stream);
  stream.writable = CreateWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, writableHighWaterMark, writableSizeAlgorithm);
  const pullAlgorithm = () => TransformStreamDefaultSourcePullAlgorithm(stream);
  const cancelAlgorithm = (reason) => TransformStreamDefaultSourceCancelAlgorithm(stream, reason);
  stream.readable = CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
  stream.backpressure = undefined;
  stream.backpressureChangePromise = undefined;
  TransformStreamSetBackpressure(stream, true);
  stream.controller = undefined;
}

function TransformStreamError(stream, e) {
  ReadableStreamDefaultControllerError(stream.readable.controller, e);
  TransformStreamErrorWritableAndUnblockWrite(stream, e);
}

function TransformStreamErrorWritableAndUnblockWrite(stream, e) {
  TransformStreamDefaultControllerClearAlgorithms(stream.controller);
  WritableStreamDefaultControllerErrorIfNeeded(stream.writable.controller, e);
  TransformStreamUnblockWrite(stream);
}

function TransformStreamSetBackpressure(stream, backpressure) {
  if (stream.backpressureChangePromise !== undefined) stream.backpressureChangePromise.resolve(undefined);
  stream.backpressureChangePromise = newPromise();
  stream.backpressure = backpressure;
}

function TransformStreamUnblockWrite(stream) {
  if (stream.backpressure) TransformStreamSetBackpressure(stream, false);
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#ts-default-controller-class

export class TransformStreamDefaultController {
  #r;
  constructor() {
    if (arguments[0] !== kInternal) throw new TypeErrorCtor("Illegal constructor");
    this.#r = arguments[1];
    this.#r.obj = this;
  }

  get desiredSize() {
    const c = thisController(this);
    return ReadableStreamDefaultControllerGetDesiredSize(c.stream.readable.controller);
  }

  enqueue(chunk = undefined) {
    TransformStreamDefaultControllerEnqueue(thisController(this), chunk);
  }

  error(reason = undefined) {
    TransformStreamError(thisController(this).stream, reason);
  }

  terminate() {
    TransformStreamDefaultControllerTerminate(thisController(this));
  }

  static {
    tsControllerSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(TransformStreamDefaultController);
enumerableMembers(TransformStreamDefaultController, ["desiredSize", "enqueue", "error", "terminate"]);

function thisController(o) {
  const c = tsControllerSlots(o);
  if (c === undefined) throw new TypeErrorCtor("Illegal invocation: not a TransformStreamDefaultController");
  return c;
}

function SetUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm, cancelAlgorithm) {
  controller.stream = stream;
  stream.controller = controller;
  controller.transformAlgorithm = transformAlgorithm;
  controller.flushAlgorithm = flushAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  controller.finishPromise = undefined;
}

function newTSControllerRecord() {
  const controller = {
    obj: undefined, stream: undefined, transformAlgorithm: undefined, flushAlgorithm: undefined,
    cancelAlgorithm: undefined, finishPromise: undefined,
  };
  new TransformStreamDefaultController(kInternal, controller);
  return controller;
}

// https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller-from-transformer
function SetUpTransformStreamDefaultControllerFromTransformer(stream, transformer, transformerDict, frame) {
  const controller = newTSControllerRecord();
  let transformAlgorithm = (chunk) => {
    try {
      TransformStreamDefaultControllerEnqueue(controller, chunk);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return promiseResolvedWith(undefined);
  };
  let flushAlgorithm = () => promiseResolvedWith(undefined);
  let cancelAlgorithm = () => promiseResolvedWith(undefined);
  const { transform, flush, cancel } = transformerDict;
  if (transform !== undefined) transformAlgorithm = (chunk) => invokePromiseCallbackInFrame(frame, transform, transformer, [chunk, controller.obj]);
  if (flush !== undefined) flushAlgorithm = () => invokePromiseCallbackInFrame(frame, flush, transformer, [controller.obj]);
  if (cancel !== undefined) cancelAlgorithm = (reason) => invokePromiseCallbackInFrame(frame, cancel, transformer, [reason]);
  SetUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
}

function TransformStreamDefaultControllerClearAlgorithms(controller) {
  controller.transformAlgorithm = undefined;
  controller.flushAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-enqueue
function TransformStreamDefaultControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  const readableController = stream.readable.controller;
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new TypeErrorCtor("Readable side is not in a state that permits enqueue");
  }
  try {
    ReadableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (e) {
    TransformStreamErrorWritableAndUnblockWrite(stream, e);
    throw stream.readable.storedError;
  }
  const backpressure = ReadableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream.backpressure) TransformStreamSetBackpressure(stream, true);
}

function TransformStreamDefaultControllerPerformTransform(controller, chunk) {
  const transformPromise = controller.transformAlgorithm(chunk);
  return transformPromiseWith(transformPromise, undefined, (r) => {
    TransformStreamError(controller.stream, r);
    throw r;
  });
}

function TransformStreamDefaultControllerTerminate(controller) {
  const stream = controller.stream;
  ReadableStreamDefaultControllerClose(stream.readable.controller);
  const error = new TypeErrorCtor("TransformStream terminated");
  TransformStreamErrorWritableAndUnblockWrite(stream, error);
}

// https://streams.spec.whatwg.org/#ts-default-sink-abstract-ops

function TransformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  const controller = stream.controller;
  if (stream.backpressure) {
    const backpressureChangePromise = stream.backpressureChangePromise.promise;
    return transformPromiseWith(backpressureChangePromise, () => {
      const writable = stream.writable;
      if (writable.state === "erroring") throw writable.storedError;
      return TransformStreamDefaultControllerPerformTransform(controller, chunk);
    });
  }
  return TransformStreamDefaultControllerPerformTransform(controller, chunk);
}

function TransformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  controller.finishPromise = newPromise();
  const finish = controller.finishPromise;
  const cancelPromise = controller.cancelAlgorithm(reason);
  TransformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (readable.state === "errored") {
      finish.reject(readable.storedError);
    } else {
      ReadableStreamDefaultControllerError(readable.controller, reason);
      finish.resolve(undefined);
    }
  }, (r) => {
    ReadableStreamDefaultControllerError(readable.controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

function TransformStreamDefaultSinkCloseAlgorithm(stream) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  controller.finishPromise = newPromise();
  const finish = controller.finishPromise;
  const flushPromise = controller.flushAlgorithm();
  TransformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(flushPromise, () => {
    if (readable.state === "errored") {
      finish.reject(readable.storedError);
    } else {
      ReadableStreamDefaultControllerClose(readable.controller);
      finish.resolve(undefined);
    }
  }, (r) => {
    ReadableStreamDefaultControllerError(readable.controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

// https://streams.spec.whatwg.org/#ts-default-source-abstract-ops

function TransformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const writable = stream.writable;
  controller.finishPromise = newPromise();
  const finish = controller.finishPromise;
  const cancelPromise = controller.cancelAlgorithm(reason);
  TransformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (writable.state === "errored") {
      finish.reject(writable.storedError);
    } else {
      WritableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      TransformStreamUnblockWrite(stream);
      finish.resolve(undefined);
    }
  }, (r) => {
    WritableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    TransformStreamUnblockWrite(stream);
    finish.reject(r);
  });
  return finish.promise;
}

function TransformStreamDefaultSourcePullAlgorithm(stream) {
  TransformStreamSetBackpressure(stream, false);
  return stream.backpressureChangePromise.promise;
}

// Sets up a TransformStream record from algorithms, for the built-in transforms below
// (https://streams.spec.whatwg.org/#transformstream-set-up).
function setUpTransformStream(transformAlgorithm, flushAlgorithm) {
  const stream = newTransformStreamRecord();
  const startPromise = newPromise();
  startPromise.resolve(undefined);
  InitializeTransformStream(stream, startPromise, 1, () => 1, 0, () => 1);
  const controller = newTSControllerRecord();
  const transformAlgorithmWrapper = (chunk) => {
    try {
      transformAlgorithm(controller, chunk);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return promiseResolvedWith(undefined);
  };
  const flushAlgorithmWrapper = () => {
    try {
      flushAlgorithm(controller);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return promiseResolvedWith(undefined);
  };
  SetUpTransformStreamDefaultController(stream, controller, transformAlgorithmWrapper, flushAlgorithmWrapper, () => promiseResolvedWith(undefined));
  new TransformStream(kInternal, stream);
  return stream;
}

// ---------------------------------------------------------------------------------------------
// https://encoding.spec.whatwg.org/#interface-textencoderstream

let encoderStreamSlots;
const utf8Encoder = new TextEncoder();

export class TextEncoderStream {
  #r;
  constructor() {
    let pendingHighSurrogate = "";
    // https://encoding.spec.whatwg.org/#encode-and-enqueue-a-chunk: a lone surrogate at the end of
    // a chunk waits for the next one; anything left unpaired becomes U+FFFD.
    const transform = (controller, chunk) => {
      let input = pendingHighSurrogate + `${chunk}`;
      pendingHighSurrogate = "";
      const last = input.length > 0 ? StringPrototypeCharCodeAt(input, input.length - 1) : 0;
      if (last >= 0xd800 && last <= 0xdbff) {
        pendingHighSurrogate = StringPrototypeSlice(input, -1);
        input = StringPrototypeSlice(input, 0, -1);
      }
      if (input.length === 0) return;
      TransformStreamDefaultControllerEnqueue(controller, utf8Encoder.encode(input));
    };
    const flush = (controller) => {
      if (pendingHighSurrogate !== "") {
        TransformStreamDefaultControllerEnqueue(controller, new Uint8ArrayCtor([0xef, 0xbf, 0xbd]));
      }
    };
    this.#r = setUpTransformStream(transform, flush);
  }
  get encoding() { encoderStreamSlots(this); return "utf-8"; }
  get readable() { return encoderStreamSlots(this).readable.obj; }
  get writable() { return encoderStreamSlots(this).writable.obj; }
  static {
    encoderStreamSlots = (o) => {
      if (typeof o !== "object" || o === null || !(#r in o)) throw new TypeErrorCtor("Illegal invocation: not a TextEncoderStream");
      return o.#r;
    };
  }
}
defineInterface(TextEncoderStream);
enumerableMembers(TextEncoderStream, ["encoding", "readable", "writable"]);

// https://encoding.spec.whatwg.org/#interface-textdecoderstream
let decoderStreamSlots;

function toBytes(chunk) {
  if (isArrayBufferView(chunk)) {
    const info = viewInfo(chunk);
    return new Uint8ArrayCtor(info.buffer, info.byteOffset, info.byteLength);
  }
  if (isArrayBuffer(chunk)) return new Uint8ArrayCtor(chunk);
  return undefined;
}

export class TextDecoderStream {
  #r;
  #decoder;
  constructor(label = "utf-8", options = undefined) {
    const dict = convertDictionary(options, "Failed to construct 'TextDecoderStream': parameter 2");
    const fatal = !!dict.fatal;
    const ignoreBOM = !!dict.ignoreBOM;
    this.#decoder = new TextDecoder(label, { fatal, ignoreBOM });
    // The decoder below never strips a BOM itself (its per-call BOM check would also strip one
    // in the middle of the stream); the BOM is removed here, once, at the start of the output.
    const decoder = new TextDecoder(label, { fatal, ignoreBOM: true });
    let bomSeen = ignoreBOM;
    const emit = (controller, output) => {
      if (!bomSeen && output.length > 0) {
        bomSeen = true;
        if (StringPrototypeCharCodeAt(output, 0) === 0xfeff) output = StringPrototypeSlice(output, 1);
      }
      if (output.length > 0) TransformStreamDefaultControllerEnqueue(controller, output);
    };
    const transform = (controller, chunk) => {
      const bytes = toBytes(chunk);
      if (bytes === undefined) {
        throw new TypeErrorCtor("Failed to execute 'write' on 'TextDecoderStream': chunk is not an ArrayBuffer or ArrayBufferView");
      }
      emit(controller, decoder.decode(bytes, { stream: true }));
    };
    const flush = (controller) => {
      emit(controller, decoder.decode());
    };
    this.#r = setUpTransformStream(transform, flush);
  }
  get encoding() { decoderStreamSlots(this); return this.#decoder.encoding; }
  get fatal() { decoderStreamSlots(this); return this.#decoder.fatal; }
  get ignoreBOM() { decoderStreamSlots(this); return this.#decoder.ignoreBOM; }
  get readable() { return decoderStreamSlots(this).readable.obj; }
  get writable() { return decoderStreamSlots(this).writable.obj; }
  static {
    decoderStreamSlots = (o) => {
      if (typeof o !== "object" || o === null || !(#r in o)) throw new TypeErrorCtor("Illegal invocation: not a TextDecoderStream");
      return o.#r;
    };
  }
}
defineInterface(TextDecoderStream);
enumerableMembers(TextDecoderStream, ["encoding", "fatal", "ignoreBOM", "readable", "writable"]);

// ---------------------------------------------------------------------------------------------
// Workers' byte pipes. IdentityTransformStream passes bytes unchanged from its writable side to
// a byte stream (so the readable side supports BYOB readers); FixedLengthStream also checks that
// exactly `expectedLength` bytes go through, so a Response can send Content-Length.
// A write resolves once its bytes are handed to a waiting read, or at the next read when they
// had to be queued: the pipe itself holds at most one chunk beyond highWaterMark bytes.

function setUpBytePipe(expectedLength, highWaterMark) {
  let bytesWritten = 0;
  let pendingWrite;  // a deferred, resolved by the next pull
  let readable;
  const writeAlgorithm = (chunk) => {
    const bytes = toBytes(chunk);
    if (bytes === undefined) {
      return promiseRejectedWith(new TypeErrorCtor("This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer/ArrayBufferView type on its writable side."));
    }
    const rc = readable.controller;
    if (expectedLength !== undefined) {
      bytesWritten += bytes.byteLength;
      if (bytesWritten > expectedLength) {
        const e = new TypeErrorCtor("Attempt to write too many bytes through a FixedLengthStream.");
        ReadableByteStreamControllerError(rc, e);
        return promiseRejectedWith(e);
      }
    }
    if (bytes.byteLength === 0) return promiseResolvedWith(undefined);
    if (readable.state !== "readable" || rc.closeRequested) {
      return promiseRejectedWith(readable.state === "errored" ? readable.storedError : new TypeErrorCtor("The readable side of the stream has been closed"));
    }
    ReadableByteStreamControllerEnqueue(rc, bytes);
    if (rc.queueTotalSize === 0 || ReadableByteStreamControllerGetDesiredSize(rc) > 0) return promiseResolvedWith(undefined);
    pendingWrite = newPromise();
    return pendingWrite.promise;
  };
  const closeAlgorithm = () => {
    const rc = readable.controller;
    if (expectedLength !== undefined && bytesWritten < expectedLength) {
      const e = new TypeErrorCtor("FixedLengthStream did not see all expected bytes before close().");
      ReadableByteStreamControllerError(rc, e);
      return promiseRejectedWith(e);
    }
    if (readable.state === "readable" && !rc.closeRequested) {
      ReadableByteStreamControllerClose(rc);
      if (rc.pendingPullIntos.length > 0) ReadableByteStreamControllerRespond(rc, 0);
    }
    return promiseResolvedWith(undefined);
  };
  const abortAlgorithm = (reason) => {
    ReadableByteStreamControllerError(readable.controller, reason);
    return promiseResolvedWith(undefined);
  };
  const writable = CreateWritableStream(() => undefined, writeAlgorithm, closeAlgorithm, abortAlgorithm, 1, () => 1);
  const pullAlgorithm = () => {
    if (pendingWrite !== undefined) {
      const p = pendingWrite;
      pendingWrite = undefined;
      p.resolve(undefined);
    }
    return promiseResolvedWith(undefined);
  };
  const cancelAlgorithm = (reason) => {
    WritableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
    if (pendingWrite !== undefined) {
      const p = pendingWrite;
      pendingWrite = undefined;
      p.reject(reason);
    }
    return promiseResolvedWith(undefined);
  };
  readable = CreateReadableByteStream(() => undefined, pullAlgorithm, cancelAlgorithm, highWaterMark);
  if (expectedLength !== undefined) readable.expectedLength = expectedLength;
  const stream = newTransformStreamRecord();
  stream.readable = readable;
  stream.writable = writable;
  return stream;
}

function bytePipeHighWaterMark(strategy, name) {
  const dict = convertDictionary(strategy, `Failed to construct '${name}': parameter`);
  if (dict.highWaterMark === undefined) return 0;
  return ExtractHighWaterMark({ highWaterMark: +dict.highWaterMark }, 0);
}

// https://developers.cloudflare.com/workers/runtime-apis/streams/transformstream/#identitytransformstream
export class IdentityTransformStream extends TransformStream {
  constructor(options = undefined) {
    super(kInternal, setUpBytePipe(undefined, bytePipeHighWaterMark(options, "IdentityTransformStream")));
  }
}
defineInterface(IdentityTransformStream);

// https://developers.cloudflare.com/workers/runtime-apis/streams/transformstream/#fixedlengthstream
export class FixedLengthStream extends TransformStream {
  constructor(expectedLength, options = undefined) {
    if (typeof expectedLength === "bigint") expectedLength = Number(expectedLength);
    else expectedLength = +expectedLength;
    if (!NumberIsInteger(expectedLength) || expectedLength < 0 || expectedLength > 9007199254740991) {
      throw new RangeErrorCtor("Failed to construct 'FixedLengthStream': expectedLength must be a non-negative integer no greater than 2^53 - 1.");
    }
    super(kInternal, setUpBytePipe(expectedLength, bytePipeHighWaterMark(options, "FixedLengthStream")));
  }
}
defineInterface(FixedLengthStream);
