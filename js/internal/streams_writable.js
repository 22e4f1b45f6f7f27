// Writable streams (https://streams.spec.whatwg.org/#ws-model): WritableStream,
// WritableStreamDefaultWriter and WritableStreamDefaultController, with the spec's abstract
// operations under their own names.
//
// Each public object keeps its internal slots in a plain record held in a private field; the
// algorithms work on records (record.obj is the public object) so that one stream's slots can be
// reached from the other classes' algorithms without exposing them to user code.
import {
  TypeErrorCtor, RangeErrorCtor, ReflectApply, ObjectGetOwnPropertyDescriptor,
} from "./primordials.js";
import { defineInterface, enumerableMembers, kInternal } from "./webidl.js";
import {
  newPromise, resolvedDeferred, rejectedDeferred, promiseResolvedWith, promiseRejectedWith,
  setPromiseIsHandledToTrue, uponPromise, convertDictionary, convertCallback,
  invokePromiseCallbackInFrame, convertQueuingStrategy, ExtractHighWaterMark, ExtractSizeAlgorithm,
  DequeueValue, EnqueueValueWithSize, PeekQueueValue, ResetQueue, Queue,
} from "./streams_queuing.js";
import { AbortController, signalAbort } from "./abort.js";
import { currentFrame } from "./async_context.js";

// AbortController's signal getter as the runtime defined it (a worker may patch the prototype).
const AbortControllerSignal = ObjectGetOwnPropertyDescriptor(AbortController.prototype, "signal").get;

export let wsSlots;        // (value) => record or undefined
let writerSlots;
let wsControllerSlots;

function illegalConstructor() {
  return new TypeErrorCtor("Illegal constructor");
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#ws-class

export class WritableStream {
  #r;
  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === kInternal) {
      this.#r = strategy;
      strategy.obj = this;
      return;
    }
    const strategyDict = convertQueuingStrategy(strategy, "Failed to construct 'WritableStream': parameter 2");
    // 1. If underlyingSink is missing, set it to null.
    if (underlyingSink === undefined) underlyingSink = null;
    if (underlyingSink !== null && typeof underlyingSink !== "object" && typeof underlyingSink !== "function") {
      throw new TypeErrorCtor("Failed to construct 'WritableStream': parameter 1 is not an object.");
    }
    // 2. Let underlyingSinkDict be underlyingSink, converted to an IDL value of type UnderlyingSink.
    const underlyingSinkDict = convertUnderlyingSink(underlyingSink);
    // 3. If underlyingSinkDict["type"] exists, throw a RangeError exception.
    if (underlyingSinkDict.type !== undefined) {
      throw new RangeErrorCtor("Failed to construct 'WritableStream': invalid type; there are no valid types for writable streams.");
    }
    // 4. Perform ! InitializeWritableStream(this).
    const stream = newWritableStreamRecord();
    this.#r = stream;
    stream.obj = this;
    // The sink's callbacks run in this frame (streams_queuing.js, invokePromiseCallbackInFrame).
    const frame = currentFrame();
    // 5-6.
    const sizeAlgorithm = ExtractSizeAlgorithm(strategyDict, frame);
    const highWaterMark = ExtractHighWaterMark(strategyDict, 1);
    // 7.
    SetUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, underlyingSinkDict, highWaterMark, sizeAlgorithm, frame);
  }

  get locked() {
    return IsWritableStreamLocked(thisStream(this));
  }

  abort(reason = undefined) {
    const stream = wsSlots(this);
    if (stream === undefined) return promiseRejectedWith(new TypeErrorCtor("Illegal invocation: not a WritableStream"));
    if (IsWritableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeErrorCtor("Cannot abort a stream that already has a writer"));
    }
    return WritableStreamAbort(stream, reason);
  }

  close() {
    const stream = wsSlots(this);
    if (stream === undefined) return promiseRejectedWith(new TypeErrorCtor("Illegal invocation: not a WritableStream"));
    if (IsWritableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeErrorCtor("Cannot close a stream that already has a writer"));
    }
    if (WritableStreamCloseQueuedOrInFlight(stream)) {
      return promiseRejectedWith(new TypeErrorCtor("Cannot close an already-closing stream"));
    }
    return WritableStreamClose(stream);
  }

  getWriter() {
    return AcquireWritableStreamDefaultWriter(thisStream(this)).obj;
  }

  static {
    wsSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(WritableStream);
enumerableMembers(WritableStream, ["locked", "abort", "close", "getWriter"]);

function thisStream(o) {
  const r = wsSlots(o);
  if (r === undefined) throw new TypeErrorCtor("Illegal invocation: not a WritableStream");
  return r;
}

function convertUnderlyingSink(sink) {
  const dict = convertDictionary(sink, "underlyingSink");
  const out = {};
  const abort = dict.abort;
  if (abort !== undefined) out.abort = convertCallback(abort, "underlyingSink.abort");
  const close = dict.close;
  if (close !== undefined) out.close = convertCallback(close, "underlyingSink.close");
  const start = dict.start;
  if (start !== undefined) out.start = convertCallback(start, "underlyingSink.start");
  out.type = dict.type;
  const write = dict.write;
  if (write !== undefined) out.write = convertCallback(write, "underlyingSink.write");
  return out;
}

function newWritableStreamRecord() {
  // https://streams.spec.whatwg.org/#initialize-writable-stream
  return {
    obj: undefined,
    state: "writable",
    storedError: undefined,
    writer: undefined,
    controller: undefined,
    inFlightWriteRequest: undefined,
    closeRequest: undefined,
    inFlightCloseRequest: undefined,
    pendingAbortRequest: undefined,
    writeRequests: new Queue(),
    backpressure: false,
  };
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#ws-abstract-ops

export function AcquireWritableStreamDefaultWriter(stream) {
  const writer = newWriterRecord();
  SetUpWritableStreamDefaultWriter(writer, stream);
  new WritableStreamDefaultWriter(kInternal, writer);
  return writer;
}

// https://streams.spec.whatwg.org/#create-writable-stream
export function CreateWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = newWritableStreamRecord();
  new WritableStream(kInternal, stream);
  const controller = newWSControllerRecord();
  SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

export function IsWritableStreamLocked(stream) {
  return stream.writer !== undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-abort
export function WritableStreamAbort(stream, reason) {
  // 1. If stream.[[state]] is "closed" or "errored", return a promise resolved with undefined.
  if (stream.state === "closed" || stream.state === "errored") return promiseResolvedWith(undefined);
  // 2. Signal abort on stream.[[controller]].[[abortController]] with reason. (Its abort
  // algorithms and listeners run now; an exception from one is reported, not thrown.)
  signalAbort(stream.controller.abortSignal, reason);
  const state = stream.state;
  if (state === "closed" || state === "errored") return promiseResolvedWith(undefined);
  if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.promise.promise;
  let wasAlreadyErroring = false;
  if (state === "erroring") {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const promise = newPromise();
  stream.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) WritableStreamStartErroring(stream, reason);
  return promise.promise;
}

// https://streams.spec.whatwg.org/#writable-stream-close
export function WritableStreamClose(stream) {
  const state = stream.state;
  if (state === "closed" || state === "errored") {
    return promiseRejectedWith(new TypeErrorCtor(`The stream is ${state} and cannot be closed`));
  }
  const promise = newPromise();
  stream.closeRequest = promise;
  const writer = stream.writer;
  if (writer !== undefined && stream.backpressure && state === "writable") writer.readyPromise.resolve(undefined);
  WritableStreamDefaultControllerClose(stream.controller);
  return promise.promise;
}

function WritableStreamAddWriteRequest(stream) {
  const promise = newPromise();
  stream.writeRequests.push(promise);
  return promise.promise;
}

function WritableStreamDealWithRejection(stream, error) {
  if (stream.state === "writable") {
    WritableStreamStartErroring(stream, error);
    return;
  }
  WritableStreamFinishErroring(stream);
}

function WritableStreamStartErroring(stream, reason) {
  const controller = stream.controller;
  stream.state = "erroring";
  stream.storedError = reason;
  const writer = stream.writer;
  if (writer !== undefined) WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!WritableStreamHasOperationMarkedInFlight(stream) && controller.started) {
    WritableStreamFinishErroring(stream);
  }
}

function WritableStreamFinishErroring(stream) {
  stream.state = "errored";
  WritableStreamDefaultControllerErrorSteps(stream.controller);
  const storedError = stream.storedError;
  const requests = stream.writeRequests;
  stream.writeRequests = new Queue();
  while (requests.length > 0) requests.shift().reject(storedError);
  if (stream.pendingAbortRequest === undefined) {
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const abortRequest = stream.pendingAbortRequest;
  stream.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.promise.reject(storedError);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const promise = WritableStreamDefaultControllerAbortSteps(stream.controller, abortRequest.reason);
  uponPromise(promise, () => {
    abortRequest.promise.resolve(undefined);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (reason) => {
    abortRequest.promise.reject(reason);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

function WritableStreamFinishInFlightWrite(stream) {
  stream.inFlightWriteRequest.resolve(undefined);
  stream.inFlightWriteRequest = undefined;
}

function WritableStreamFinishInFlightWriteWithError(stream, error) {
  stream.inFlightWriteRequest.reject(error);
  stream.inFlightWriteRequest = undefined;
  WritableStreamDealWithRejection(stream, error);
}

function WritableStreamFinishInFlightClose(stream) {
  stream.inFlightCloseRequest.resolve(undefined);
  stream.inFlightCloseRequest = undefined;
  const state = stream.state;
  if (state === "erroring") {
    stream.storedError = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      stream.pendingAbortRequest.promise.resolve(undefined);
      stream.pendingAbortRequest = undefined;
    }
  }
  stream.state = "closed";
  const writer = stream.writer;
  if (writer !== undefined) writer.closedPromise.resolve(undefined);
}

function WritableStreamFinishInFlightCloseWithError(stream, error) {
  stream.inFlightCloseRequest.reject(error);
  stream.inFlightCloseRequest = undefined;
  if (stream.pendingAbortRequest !== undefined) {
    stream.pendingAbortRequest.promise.reject(error);
    stream.pendingAbortRequest = undefined;
  }
  WritableStreamDealWithRejection(stream, error);
}

export function WritableStreamCloseQueuedOrInFlight(stream) {
  return !(stream.closeRequest === undefined && stream.inFlightCloseRequest === undefined);
}

function WritableStreamHasOperationMarkedInFlight(stream) {
  return !(stream.inFlightWriteRequest === undefined && stream.inFlightCloseRequest === undefined);
}

function WritableStreamMarkCloseRequestInFlight(stream) {
  stream.inFlightCloseRequest = stream.closeRequest;
  stream.closeRequest = undefined;
}

function WritableStreamMarkFirstWriteRequestInFlight(stream) {
  stream.inFlightWriteRequest = stream.writeRequests.shift();
}

function WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  if (stream.closeRequest !== undefined) {
    stream.closeRequest.reject(stream.storedError);
    stream.closeRequest = undefined;
  }
  const writer = stream.writer;
  if (writer !== undefined) {
    writer.closedPromise.reject(stream.storedError);
    setPromiseIsHandledToTrue(writer.closedPromise.promise);
  }
}

function WritableStreamUpdateBackpressure(stream, backpressure) {
  const writer = stream.writer;
  if (writer !== undefined && backpressure !== stream.backpressure) {
    if (backpressure) writer.readyPromise = newPromise();
    else writer.readyPromise.resolve(undefined);
  }
  stream.backpressure = backpressure;
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#default-writer-class

export class WritableStreamDefaultWriter {
  #r;
  constructor(stream) {
    if (stream === kInternal) {
      this.#r = arguments[1];
      this.#r.obj = this;
      return;
    }
    const s = wsSlots(stream);
    if (s === undefined) {
      throw new TypeErrorCtor("Failed to construct 'WritableStreamDefaultWriter': parameter 1 is not of type 'WritableStream'.");
    }
    const writer = newWriterRecord();
    SetUpWritableStreamDefaultWriter(writer, s);
    this.#r = writer;
    writer.obj = this;
  }

  get closed() {
    const writer = writerSlots(this);
    if (writer === undefined) return promiseRejectedWith(new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultWriter"));
    return writer.closedPromise.promise;
  }

  get desiredSize() {
    const writer = writerSlots(this);
    if (writer === undefined) throw new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultWriter");
    if (writer.stream === undefined) throw new TypeErrorCtor("This writer has been released and has no stream");
    return WritableStreamDefaultWriterGetDesiredSize(writer);
  }

  get ready() {
    const writer = writerSlots(this);
    if (writer === undefined) return promiseRejectedWith(new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultWriter"));
    return writer.readyPromise.promise;
  }

  abort(reason = undefined) {
    const writer = writerSlots(this);
    if (writer === undefined) return promiseRejectedWith(new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultWriter"));
    if (writer.stream === undefined) return promiseRejectedWith(new TypeErrorCtor("This writer has been released and has no stream"));
    return WritableStreamDefaultWriterAbort(writer, reason);
  }

  close() {
    const writer = writerSlots(this);
    if (writer === undefined) return promiseRejectedWith(new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultWriter"));
    const stream = writer.stream;
    if (stream === undefined) return promiseRejectedWith(new TypeErrorCtor("This writer has been released and has no stream"));
    if (WritableStreamCloseQueuedOrInFlight(stream)) {
      return promiseRejectedWith(new TypeErrorCtor("Cannot close an already-closing stream"));
    }
    return WritableStreamDefaultWriterClose(writer);
  }

  releaseLock() {
    const writer = writerSlots(this);
    if (writer === undefined) throw new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultWriter");
    if (writer.stream === undefined) return;
    WritableStreamDefaultWriterRelease(writer);
  }

  write(chunk = undefined) {
    const writer = writerSlots(this);
    if (writer === undefined) return promiseRejectedWith(new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultWriter"));
    if (writer.stream === undefined) return promiseRejectedWith(new TypeErrorCtor("This writer has been released and has no stream"));
    return WritableStreamDefaultWriterWrite(writer, chunk);
  }

  static {
    writerSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(WritableStreamDefaultWriter);
enumerableMembers(WritableStreamDefaultWriter, ["closed", "desiredSize", "ready", "abort", "close", "releaseLock", "write"]);

function newWriterRecord() {
  return { obj: undefined, stream: undefined, closedPromise: undefined, readyPromise: undefined };
}

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-writer
function SetUpWritableStreamDefaultWriter(writer, stream) {
  if (IsWritableStreamLocked(stream)) throw new TypeErrorCtor("This stream has already been locked for exclusive writing by another writer");
  writer.stream = stream;
  stream.writer = writer;
  const state = stream.state;
  if (state === "writable") {
    if (!WritableStreamCloseQueuedOrInFlight(stream) && stream.backpressure) writer.readyPromise = newPromise();
    else writer.readyPromise = resolvedDeferred(undefined);
    writer.closedPromise = newPromise();
  } else if (state === "erroring") {
    writer.readyPromise = rejectedDeferred(stream.storedError);
    writer.closedPromise = newPromise();
  } else if (state === "closed") {
    writer.readyPromise = resolvedDeferred(undefined);
    writer.closedPromise = resolvedDeferred(undefined);
  } else {
    const storedError = stream.storedError;
    writer.readyPromise = rejectedDeferred(storedError);
    writer.closedPromise = rejectedDeferred(storedError);
  }
}

function WritableStreamDefaultWriterAbort(writer, reason) {
  return WritableStreamAbort(writer.stream, reason);
}

function WritableStreamDefaultWriterClose(writer) {
  return WritableStreamClose(writer.stream);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-close-with-error-propagation
export function WritableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (WritableStreamCloseQueuedOrInFlight(stream) || state === "closed") return promiseResolvedWith(undefined);
  if (state === "errored") return promiseRejectedWith(stream.storedError);
  return WritableStreamDefaultWriterClose(writer);
}

function WritableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  if (writer.closedPromise.state === "pending") writer.closedPromise.reject(error);
  else writer.closedPromise = rejectedDeferred(error);
  setPromiseIsHandledToTrue(writer.closedPromise.promise);
}

function WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  if (writer.readyPromise.state === "pending") writer.readyPromise.reject(error);
  else writer.readyPromise = rejectedDeferred(error);
  setPromiseIsHandledToTrue(writer.readyPromise.promise);
}

export function WritableStreamDefaultWriterGetDesiredSize(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (state === "errored" || state === "erroring") return null;
  if (state === "closed") return 0;
  return WritableStreamDefaultControllerGetDesiredSize(stream.controller);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-release
export function WritableStreamDefaultWriterRelease(writer) {
  const stream = writer.stream;
  const releasedError = new TypeErrorCtor("Writer was released and can no longer be used to monitor the stream's closedness");
  WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  WritableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  stream.writer = undefined;
  writer.stream = undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-write
export function WritableStreamDefaultWriterWrite(writer, chunk) {
  const stream = writer.stream;
  const controller = stream.controller;
  const chunkSize = WritableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer.stream) {
    return promiseRejectedWith(new TypeErrorCtor("The writer was released while computing the chunk size"));
  }
  const state = stream.state;
  if (state === "errored") return promiseRejectedWith(stream.storedError);
  if (WritableStreamCloseQueuedOrInFlight(stream) || state === "closed") {
    return promiseRejectedWith(new TypeErrorCtor("The stream is closing or closed and cannot be written to"));
  }
  if (state === "erroring") return promiseRejectedWith(stream.storedError);
  const promise = WritableStreamAddWriteRequest(stream);
  WritableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise;
}

// Exposed for pipeTo: the writer's promises.
export function writerClosedPromise(writer) { return writer.closedPromise.promise; }
export function writerReadyPromise(writer) { return writer.readyPromise.promise; }

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#ws-default-controller-class

const closeSentinel = {};

export class WritableStreamDefaultController {
  #r;
  constructor() {
    if (arguments[0] !== kInternal) throw illegalConstructor();
    this.#r = arguments[1];
    this.#r.obj = this;
  }

  // https://streams.spec.whatwg.org/#ws-default-controller-signal
  get signal() {
    const c = wsControllerSlots(this);
    if (c === undefined) throw new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultController");
    return c.abortSignal;
  }

  error(e = undefined) {
    const c = wsControllerSlots(this);
    if (c === undefined) throw new TypeErrorCtor("Illegal invocation: not a WritableStreamDefaultController");
    if (c.stream.state !== "writable") return;
    WritableStreamDefaultControllerError(c, e);
  }

  static {
    wsControllerSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(WritableStreamDefaultController);
enumerableMembers(WritableStreamDefaultController, ["signal", "error"]);

function newWSControllerRecord() {
  return {
    // abortSignal: the signal of the spec's [[abortController]], which is used for nothing else.
    obj: undefined, abortSignal: undefined, queue: undefined, queueTotalSize: 0, started: false,
    strategyHWM: 0, strategySizeAlgorithm: undefined, stream: undefined, writeAlgorithm: undefined,
    closeAlgorithm: undefined, abortAlgorithm: undefined,
  };
}

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller
function SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  if (controller.obj === undefined) new WritableStreamDefaultController(kInternal, controller);
  controller.stream = stream;
  stream.controller = controller;
  ResetQueue(controller);
  // 6. Set controller.[[abortController]] to a new AbortController.
  controller.abortSignal = ReflectApply(AbortControllerSignal, new AbortController(), []);
  controller.started = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.writeAlgorithm = writeAlgorithm;
  controller.closeAlgorithm = closeAlgorithm;
  controller.abortAlgorithm = abortAlgorithm;
  const backpressure = WritableStreamDefaultControllerGetBackpressure(controller);
  WritableStreamUpdateBackpressure(stream, backpressure);
  const startResult = startAlgorithm();
  const startPromise = promiseResolvedWith(startResult);
  uponPromise(startPromise, () => {
    controller.started = true;
    WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (r) => {
    controller.started = true;
    WritableStreamDealWithRejection(stream, r);
  });
}

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller-from-underlying-sink
function SetUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, underlyingSinkDict, highWaterMark, sizeAlgorithm, frame) {
  const controller = newWSControllerRecord();
  new WritableStreamDefaultController(kInternal, controller);
  let startAlgorithm = () => undefined;
  let writeAlgorithm = () => promiseResolvedWith(undefined);
  let closeAlgorithm = () => promiseResolvedWith(undefined);
  let abortAlgorithm = () => promiseResolvedWith(undefined);
  const { start, write, close, abort } = underlyingSinkDict;
  // start runs now, in the constructor's frame; write, close and abort run later, in that frame too.
  if (start !== undefined) startAlgorithm = () => ReflectApply(start, underlyingSink, [controller.obj]);
  if (write !== undefined) writeAlgorithm = (chunk) => invokePromiseCallbackInFrame(frame, write, underlyingSink, [chunk, controller.obj]);
  if (close !== undefined) closeAlgorithm = () => invokePromiseCallbackInFrame(frame, close, underlyingSink, []);
  if (abort !== undefined) abortAlgorithm = (reason) => invokePromiseCallbackInFrame(frame, abort, underlyingSink, [reason]);
  SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
}

function WritableStreamDefaultControllerAbortSteps(controller, reason) {
  const result = controller.abortAlgorithm(reason);
  WritableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

function WritableStreamDefaultControllerErrorSteps(controller) {
  ResetQueue(controller);
}

function WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  const stream = controller.stream;
  if (!controller.started) return;
  if (stream.inFlightWriteRequest !== undefined) return;
  const state = stream.state;
  if (state === "erroring") {
    WritableStreamFinishErroring(stream);
    return;
  }
  if (controller.queue.length === 0) return;
  const value = PeekQueueValue(controller);
  if (value === closeSentinel) WritableStreamDefaultControllerProcessClose(controller);
  else WritableStreamDefaultControllerProcessWrite(controller, value);
}

function WritableStreamDefaultControllerClearAlgorithms(controller) {
  controller.writeAlgorithm = undefined;
  controller.closeAlgorithm = undefined;
  controller.abortAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

function WritableStreamDefaultControllerClose(controller) {
  EnqueueValueWithSize(controller, closeSentinel, 0);
  WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

export function WritableStreamDefaultControllerErrorIfNeeded(controller, error) {
  if (controller.stream.state === "writable") WritableStreamDefaultControllerError(controller, error);
}

function WritableStreamDefaultControllerGetBackpressure(controller) {
  return WritableStreamDefaultControllerGetDesiredSize(controller) <= 0;
}

function WritableStreamDefaultControllerGetChunkSize(controller, chunk) {
  if (controller.strategySizeAlgorithm === undefined) return 1;
  try {
    return controller.strategySizeAlgorithm(chunk);
  } catch (e) {
    WritableStreamDefaultControllerErrorIfNeeded(controller, e);
    return 1;
  }
}

function WritableStreamDefaultControllerGetDesiredSize(controller) {
  return controller.strategyHWM - controller.queueTotalSize;
}

function WritableStreamDefaultControllerProcessClose(controller) {
  const stream = controller.stream;
  WritableStreamMarkCloseRequestInFlight(stream);
  DequeueValue(controller);
  const sinkClosePromise = controller.closeAlgorithm();
  WritableStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(sinkClosePromise, () => {
    WritableStreamFinishInFlightClose(stream);
  }, (reason) => {
    WritableStreamFinishInFlightCloseWithError(stream, reason);
  });
}

function WritableStreamDefaultControllerProcessWrite(controller, chunk) {
  const stream = controller.stream;
  WritableStreamMarkFirstWriteRequestInFlight(stream);
  const sinkWritePromise = controller.writeAlgorithm(chunk);
  uponPromise(sinkWritePromise, () => {
    WritableStreamFinishInFlightWrite(stream);
    const state = stream.state;
    DequeueValue(controller);
    if (!WritableStreamCloseQueuedOrInFlight(stream) && state === "writable") {
      const backpressure = WritableStreamDefaultControllerGetBackpressure(controller);
      WritableStreamUpdateBackpressure(stream, backpressure);
    }
    WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (reason) => {
    if (stream.state === "writable") WritableStreamDefaultControllerClearAlgorithms(controller);
    WritableStreamFinishInFlightWriteWithError(stream, reason);
  });
}

function WritableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  try {
    EnqueueValueWithSize(controller, chunk, chunkSize);
  } catch (e) {
    WritableStreamDefaultControllerErrorIfNeeded(controller, e);
    return;
  }
  const stream = controller.stream;
  if (!WritableStreamCloseQueuedOrInFlight(stream) && stream.state === "writable") {
    const backpressure = WritableStreamDefaultControllerGetBackpressure(controller);
    WritableStreamUpdateBackpressure(stream, backpressure);
  }
  WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function WritableStreamDefaultControllerError(controller, error) {
  const stream = controller.stream;
  WritableStreamDefaultControllerClearAlgorithms(controller);
  WritableStreamStartErroring(stream, error);
}
