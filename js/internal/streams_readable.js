// Readable streams (https://streams.spec.whatwg.org/#rs-model): ReadableStream, its default and
// BYOB readers, ReadableStreamDefaultController, ReadableByteStreamController and
// ReadableStreamBYOBRequest, with tee, pipeTo, async iteration and ReadableStream.from.
//
// As in streams_writable.js, each public object keeps its internal slots in a record held in a
// private field; the algorithms below work on records, and record.obj is the public object.
import {
  TypeErrorCtor, RangeErrorCtor, ReflectApply, ArrayBufferCtor, Uint8ArrayCtor,
  ObjectGetPrototypeOf, ObjectCreate, ObjectDefineProperty, SymbolAsyncIterator, SymbolIterator,
  SymbolToStringTag, ObjectSetPrototypeOf,
} from "./primordials.js";
import { defineInterface, enumerableMembers, kInternal } from "./webidl.js";
import {
  newPromise, resolvedDeferred, rejectedDeferred, promiseResolvedWith, promiseRejectedWith,
  setPromiseIsHandledToTrue, transformPromiseWith, uponPromise, uponFulfillment, uponRejection,
  queueMicrotaskViaPromise, waitForAll, noop, convertDictionary, convertCallback,
  convertEnforceRangeUnsignedLongLong, invokePromiseCallbackInFrame, convertQueuingStrategy,
  ExtractHighWaterMark, ExtractSizeAlgorithm, DequeueValue, EnqueueValueWithSize, ResetQueue,
  Queue, IsDetachedBuffer, TransferArrayBuffer, CopyDataBlockBytes, CloneAsUint8Array,
  CloneArrayBuffer, viewInfo, isArrayBufferView, arrayBufferByteLength, isObject,
  enumerableStatics, MathMin,
} from "./streams_queuing.js";
import {
  wsSlots, IsWritableStreamLocked, AcquireWritableStreamDefaultWriter, WritableStreamAbort,
  WritableStreamCloseQueuedOrInFlight, WritableStreamDefaultWriterCloseWithErrorPropagation,
  WritableStreamDefaultWriterRelease, WritableStreamDefaultWriterWrite, writerClosedPromise,
  writerReadyPromise,
} from "./streams_writable.js";
import {
  isAbortSignal, isSignalAborted, signalReason, addAbortAlgorithm, removeAbortAlgorithm,
} from "./abort.js";
import { currentFrame, runInFrame } from "./async_context.js";

export let rsSlots;        // (value) => stream record or undefined
let readerSlots;
let rsControllerSlots;
let byteControllerSlots;
let byobRequestSlots;
let asyncIteratorSlots;

function illegalConstructor() {
  return new TypeErrorCtor("Illegal constructor");
}
function illegalInvocation(name) {
  return new TypeErrorCtor(`Illegal invocation: not a ${name}`);
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#rs-class

export class ReadableStream {
  #r;
  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource === kInternal) {
      this.#r = strategy;
      strategy.obj = this;
      return;
    }
    if (underlyingSource !== undefined && underlyingSource !== null && !isObject(underlyingSource)) {
      throw new TypeErrorCtor("Failed to construct 'ReadableStream': parameter 1 is not an object.");
    }
    const strategyDict = convertQueuingStrategy(strategy, "Failed to construct 'ReadableStream': parameter 2");
    // The source's callbacks run in this frame (streams_queuing.js, invokePromiseCallbackInFrame).
    const frame = currentFrame();
    // 1. If underlyingSource is missing, set it to null.
    if (underlyingSource === undefined) underlyingSource = null;
    // 2. Let underlyingSourceDict be underlyingSource, converted to an UnderlyingSource.
    const underlyingSourceDict = convertUnderlyingSource(underlyingSource);
    // 3. Perform ! InitializeReadableStream(this).
    const stream = newReadableStreamRecord();
    this.#r = stream;
    stream.obj = this;
    // 4. If underlyingSourceDict["type"] is "bytes":
    if (underlyingSourceDict.type === "bytes") {
      if (strategyDict.size !== undefined) {
        throw new RangeErrorCtor("Failed to construct 'ReadableStream': a byte stream cannot have a size function in its strategy.");
      }
      const highWaterMark = ExtractHighWaterMark(strategyDict, 0);
      SetUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark, frame);
    } else {
      const sizeAlgorithm = ExtractSizeAlgorithm(strategyDict, frame);
      const highWaterMark = ExtractHighWaterMark(strategyDict, 1);
      SetUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark, sizeAlgorithm, frame);
    }
  }

  // https://streams.spec.whatwg.org/#rs-from
  static from(asyncIterable) {
    return ReadableStreamFromIterable(asyncIterable).obj;
  }

  get locked() {
    return IsReadableStreamLocked(thisStream(this));
  }

  cancel(reason = undefined) {
    const stream = rsSlots(this);
    if (stream === undefined) return promiseRejectedWith(illegalInvocation("ReadableStream"));
    if (IsReadableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeErrorCtor("Cannot cancel a stream that already has a reader"));
    }
    return ReadableStreamCancel(stream, reason);
  }

  getReader(options = undefined) {
    const stream = thisStream(this);
    const dict = convertDictionary(options, "Failed to execute 'getReader' on 'ReadableStream': parameter 1");
    let mode = dict.mode;
    if (mode !== undefined) {
      mode = `${mode}`;
      if (mode !== "byob") {
        throw new TypeErrorCtor(`Failed to execute 'getReader' on 'ReadableStream': The provided value '${mode}' is not a valid enum value of type ReadableStreamReaderMode.`);
      }
      return AcquireReadableStreamBYOBReader(stream).obj;
    }
    return AcquireReadableStreamDefaultReader(stream).obj;
  }

  pipeThrough(transform, options = undefined) {
    const stream = thisStream(this);
    // ReadableWritablePair dictionary: required readable and writable.
    const pair = convertDictionary(transform, "Failed to execute 'pipeThrough' on 'ReadableStream': parameter 1");
    const readableValue = pair.readable;
    if (readableValue === undefined) throw new TypeErrorCtor("Failed to execute 'pipeThrough' on 'ReadableStream': required member readable is undefined.");
    const readable = rsSlots(readableValue);
    if (readable === undefined) throw new TypeErrorCtor("Failed to execute 'pipeThrough' on 'ReadableStream': member readable is not of type 'ReadableStream'.");
    const writableValue = pair.writable;
    if (writableValue === undefined) throw new TypeErrorCtor("Failed to execute 'pipeThrough' on 'ReadableStream': required member writable is undefined.");
    const writable = wsSlots(writableValue);
    if (writable === undefined) throw new TypeErrorCtor("Failed to execute 'pipeThrough' on 'ReadableStream': member writable is not of type 'WritableStream'.");
    const opts = convertStreamPipeOptions(options, "pipeThrough");
    if (IsReadableStreamLocked(stream)) throw new TypeErrorCtor("Failed to execute 'pipeThrough' on 'ReadableStream': the stream is locked.");
    if (IsWritableStreamLocked(writable)) throw new TypeErrorCtor("Failed to execute 'pipeThrough' on 'ReadableStream': the writable side is locked.");
    const promise = ReadableStreamPipeTo(stream, writable, opts.preventClose, opts.preventAbort, opts.preventCancel, opts.signal);
    setPromiseIsHandledToTrue(promise);
    return readable.obj;
  }

  pipeTo(destination, options = undefined) {
    const stream = rsSlots(this);
    if (stream === undefined) return promiseRejectedWith(illegalInvocation("ReadableStream"));
    const dest = wsSlots(destination);
    if (dest === undefined) {
      return promiseRejectedWith(new TypeErrorCtor("Failed to execute 'pipeTo' on 'ReadableStream': parameter 1 is not of type 'WritableStream'."));
    }
    let opts;
    try {
      opts = convertStreamPipeOptions(options, "pipeTo");
    } catch (e) {
      return promiseRejectedWith(e);
    }
    if (IsReadableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeErrorCtor("Failed to execute 'pipeTo' on 'ReadableStream': the stream is locked."));
    }
    if (IsWritableStreamLocked(dest)) {
      return promiseRejectedWith(new TypeErrorCtor("Failed to execute 'pipeTo' on 'ReadableStream': the destination is locked."));
    }
    return ReadableStreamPipeTo(stream, dest, opts.preventClose, opts.preventAbort, opts.preventCancel, opts.signal);
  }

  tee() {
    const [a, b] = ReadableStreamTee(thisStream(this), false);
    return [a.obj, b.obj];
  }

  values(options = undefined) {
    const stream = thisStream(this);
    const dict = convertDictionary(options, "Failed to execute 'values' on 'ReadableStream': parameter 1");
    const preventCancel = !!dict.preventCancel;
    const reader = AcquireReadableStreamDefaultReader(stream);
    return createAsyncIterator(reader, preventCancel);
  }

  static {
    rsSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(ReadableStream);
enumerableMembers(ReadableStream, ["locked", "cancel", "getReader", "pipeThrough", "pipeTo", "tee", "values"]);
enumerableStatics(ReadableStream, ["from"]);
// Web IDL: @@asyncIterator is the same function object as values().
ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});

function thisStream(o) {
  const r = rsSlots(o);
  if (r === undefined) throw illegalInvocation("ReadableStream");
  return r;
}

function convertUnderlyingSource(source) {
  const dict = convertDictionary(source, "underlyingSource");
  const out = {};
  const autoAllocateChunkSize = dict.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    out.autoAllocateChunkSize = convertEnforceRangeUnsignedLongLong(autoAllocateChunkSize, "underlyingSource.autoAllocateChunkSize");
  }
  const cancel = dict.cancel;
  if (cancel !== undefined) out.cancel = convertCallback(cancel, "underlyingSource.cancel");
  const pull = dict.pull;
  if (pull !== undefined) out.pull = convertCallback(pull, "underlyingSource.pull");
  const start = dict.start;
  if (start !== undefined) out.start = convertCallback(start, "underlyingSource.start");
  const type = dict.type;
  if (type !== undefined) {
    const t = `${type}`;
    if (t !== "bytes") {
      throw new TypeErrorCtor(`Failed to construct 'ReadableStream': The provided value '${t}' is not a valid enum value of type ReadableStreamType.`);
    }
    out.type = t;
  }
  return out;
}

// dictionary StreamPipeOptions (https://streams.spec.whatwg.org/#dictdef-streampipeoptions),
// members in lexicographic order; `AbortSignal signal` accepts only a real AbortSignal.
function convertStreamPipeOptions(options, method) {
  const dict = convertDictionary(options, `Failed to execute '${method}' on 'ReadableStream': parameter 2`);
  const preventAbort = !!dict.preventAbort;
  const preventCancel = !!dict.preventCancel;
  const preventClose = !!dict.preventClose;
  const signal = dict.signal;
  if (signal !== undefined && !(isObject(signal) && isAbortSignal(signal))) {
    throw new TypeErrorCtor(`Failed to execute '${method}' on 'ReadableStream': member signal is not of type 'AbortSignal'.`);
  }
  return { preventAbort, preventCancel, preventClose, signal };
}

function newReadableStreamRecord() {
  // https://streams.spec.whatwg.org/#initialize-readable-stream
  return {
    obj: undefined,
    state: "readable",
    reader: undefined,
    storedError: undefined,
    disturbed: false,
    controller: undefined,
    // edgerun: the bytes a stream from readableStreamFromBytes() yields (see streams.js).
    sourceBytes: undefined,
    // edgerun: the byte count a FixedLengthStream's readable side promises.
    expectedLength: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#rs-abstract-ops

export function AcquireReadableStreamBYOBReader(stream) {
  const reader = newReaderRecord("byob");
  SetUpReadableStreamBYOBReader(reader, stream);
  new ReadableStreamBYOBReader(kInternal, reader);
  return reader;
}

export function AcquireReadableStreamDefaultReader(stream) {
  const reader = newReaderRecord("default");
  SetUpReadableStreamDefaultReader(reader, stream);
  new ReadableStreamDefaultReader(kInternal, reader);
  return reader;
}

// https://streams.spec.whatwg.org/#create-readable-stream
export function CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = newReadableStreamRecord();
  new ReadableStream(kInternal, stream);
  const controller = newDefaultControllerRecord();
  SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

// https://streams.spec.whatwg.org/#abstract-opdef-createreadablebytestream
export function CreateReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 0, autoAllocateChunkSize = undefined) {
  const stream = newReadableStreamRecord();
  new ReadableStream(kInternal, stream);
  const controller = newByteControllerRecord();
  SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
  return stream;
}

export function IsReadableStreamLocked(stream) {
  return stream.reader !== undefined;
}

// https://streams.spec.whatwg.org/#readable-stream-from-iterable
function ReadableStreamFromIterable(asyncIterable) {
  let stream;
  const iteratorRecord = GetAsyncIterator(asyncIterable);
  // The iterator is this stream's source: its next() and return() run in the frame of the
  // from() call, as an underlying source's pull and cancel do.
  const frame = currentFrame();
  const startAlgorithm = () => undefined;
  const pullSteps = () => {
    let nextResult;
    try {
      nextResult = ReflectApply(iteratorRecord.nextMethod, iteratorRecord.iterator, []);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    const nextPromise = promiseResolvedWith(nextResult);
    return transformPromiseWith(nextPromise, (iterResult) => {
      if (!isObject(iterResult)) throw new TypeErrorCtor("The promise returned by the iterator.next() method must fulfill with an object");
      const done = !!iterResult.done;
      if (done) {
        ReadableStreamDefaultControllerClose(stream.controller);
      } else {
        const value = iterResult.value;
        ReadableStreamDefaultControllerEnqueue(stream.controller, value);
      }
    });
  };
  const cancelSteps = (reason) => {
    const iterator = iteratorRecord.iterator;
    let returnMethod;
    try {
      returnMethod = iterator.return;
      if (returnMethod !== undefined && returnMethod !== null && typeof returnMethod !== "function") {
        throw new TypeErrorCtor("iterator.return is not a function");
      }
    } catch (e) {
      return promiseRejectedWith(e);
    }
    if (returnMethod === undefined || returnMethod === null) return promiseResolvedWith(undefined);
    let returnResult;
    try {
      returnResult = ReflectApply(returnMethod, iterator, [reason]);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    const returnPromise = promiseResolvedWith(returnResult);
    return transformPromiseWith(returnPromise, (iterResult) => {
      if (!isObject(iterResult)) throw new TypeErrorCtor("The promise returned by the iterator.return() method must fulfill with an object");
      return undefined;
    });
  };
  const pullAlgorithm = frame === undefined ? pullSteps : () => runInFrame(frame, pullSteps, undefined, []);
  const cancelAlgorithm = frame === undefined ? cancelSteps : (reason) => runInFrame(frame, cancelSteps, undefined, [reason]);
  stream = CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

// GetIterator(obj, async), with CreateAsyncFromSyncIterator for sync iterables.
function GetAsyncIterator(obj) {
  let method = obj === undefined || obj === null ? undefined : obj[SymbolAsyncIterator];
  if (method === undefined || method === null) {
    const syncMethod = obj === undefined || obj === null ? undefined : obj[SymbolIterator];
    if (syncMethod === undefined || syncMethod === null) {
      throw new TypeErrorCtor("ReadableStream.from: the argument is not async iterable or iterable");
    }
    if (typeof syncMethod !== "function") throw new TypeErrorCtor("ReadableStream.from: @@iterator is not a function");
    const syncIterator = ReflectApply(syncMethod, obj, []);
    if (!isObject(syncIterator)) throw new TypeErrorCtor("ReadableStream.from: the iterator is not an object");
    const syncNext = syncIterator.next;
    return CreateAsyncFromSyncIterator(syncIterator, syncNext);
  }
  if (typeof method !== "function") throw new TypeErrorCtor("ReadableStream.from: @@asyncIterator is not a function");
  const iterator = ReflectApply(method, obj, []);
  if (!isObject(iterator)) throw new TypeErrorCtor("ReadableStream.from: the async iterator is not an object");
  return { iterator, nextMethod: iterator.next };
}

// https://tc39.es/ecma262/#sec-createasyncfromsynciterator (next and return; values awaited).
function CreateAsyncFromSyncIterator(syncIterator, syncNext) {
  const continuation = (result) => {
    if (!isObject(result)) throw new TypeErrorCtor("iterator result is not an object");
    const done = !!result.done;
    const value = result.value;
    return transformPromiseWith(promiseResolvedWith(value), (v) => ({ value: v, done }));
  };
  const iterator = {
    next(v) {
      try {
        return continuation(ReflectApply(syncNext, syncIterator, arguments.length > 0 ? [v] : []));
      } catch (e) {
        return promiseRejectedWith(e);
      }
    },
    return(v) {
      try {
        const ret = syncIterator.return;
        if (ret === undefined || ret === null) return promiseResolvedWith({ value: v, done: true });
        return continuation(ReflectApply(ret, syncIterator, [v]));
      } catch (e) {
        return promiseRejectedWith(e);
      }
    },
  };
  return { iterator, nextMethod: iterator.next };
}

// https://streams.spec.whatwg.org/#readable-stream-pipe-to
export function ReadableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal = undefined) {
  const reader = AcquireReadableStreamDefaultReader(source);
  const writer = AcquireWritableStreamDefaultWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  let currentWrite = promiseResolvedWith(undefined);
  const promise = newPromise();
  let abortAlgorithm;

  const finalize = (isError, error) => {
    WritableStreamDefaultWriterRelease(writer);
    ReadableStreamDefaultReaderRelease(reader);
    // Finalize, 4. If signal is not undefined, remove abortAlgorithm from signal.
    if (signal !== undefined) removeAbortAlgorithm(signal, abortAlgorithm);
    if (isError) promise.reject(error);
    else promise.resolve(undefined);
  };

  // Another write may start while waiting on currentWrite, so wait for that too.
  const waitForWritesToFinish = () => {
    const oldCurrentWrite = currentWrite;
    return transformPromiseWith(currentWrite, () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  };

  const shutdownWithAnAction = (action, originalIsError = false, originalError = undefined) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      let p;
      try { p = action(); } catch (e) { p = promiseRejectedWith(e); }
      uponPromise(p, () => finalize(originalIsError, originalError), (newError) => finalize(true, newError));
    };
    if (dest.state === "writable" && !WritableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), doTheRest);
    } else {
      doTheRest();
    }
  };

  const shutdown = (isError = false, error = undefined) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (dest.state === "writable" && !WritableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  };

  // 14. If signal is not undefined:
  if (signal !== undefined) {
    // 14.1. Let abortAlgorithm be the following steps:
    abortAlgorithm = () => {
      // 14.1.1. Let error be signal's abort reason.
      const error = signalReason(signal);
      const actions = [];
      if (!preventAbort) {
        actions[actions.length] = () => (dest.state === "writable" ? WritableStreamAbort(dest, error) : promiseResolvedWith(undefined));
      }
      if (!preventCancel) {
        actions[actions.length] = () => (source.state === "readable" ? ReadableStreamCancel(source, error) : promiseResolvedWith(undefined));
      }
      shutdownWithAnAction(() => {
        const promises = [];
        for (let i = 0; i < actions.length; i++) promises[i] = actions[i]();
        return waitForAll(promises);
      }, true, error);
    };
    // 14.2. If signal is aborted, perform abortAlgorithm and return promise.
    if (isSignalAborted(signal)) {
      abortAlgorithm();
      return promise.promise;
    }
    // 14.3. Add abortAlgorithm to signal.
    addAbortAlgorithm(signal, abortAlgorithm);
  }

  // One step of the loop: wait for the writer to be ready, read a chunk, start writing it.
  // Resolves with true when the loop should stop.
  const pipeStep = () => {
    if (shuttingDown) return promiseResolvedWith(true);
    return transformPromiseWith(writerReadyPromise(writer), () => {
      const read = newPromise();
      ReadableStreamDefaultReaderRead(reader, {
        chunkSteps(chunk) {
          currentWrite = transformPromiseWith(WritableStreamDefaultWriterWrite(writer, chunk), undefined, noop);
          read.resolve(false);
        },
        closeSteps() { read.resolve(true); },
        errorSteps(e) { read.reject(e); },
      });
      return read.promise;
    });
  };
  const pipeLoop = () => {
    const loop = newPromise();
    const next = (done) => {
      if (done) loop.resolve(undefined);
      else uponPromise(pipeStep(), next, loop.reject);
    };
    next(false);
    return loop.promise;
  };

  // Errors must be propagated forward.
  const sourceErrored = (storedError) => {
    if (!preventAbort) shutdownWithAnAction(() => WritableStreamAbort(dest, storedError), true, storedError);
    else shutdown(true, storedError);
  };
  if (source.state === "errored") sourceErrored(source.storedError);
  else uponRejection(reader.closedPromise.promise, sourceErrored);

  // Errors must be propagated backward.
  const destErrored = (storedError) => {
    if (!preventCancel) shutdownWithAnAction(() => ReadableStreamCancel(source, storedError), true, storedError);
    else shutdown(true, storedError);
  };
  if (dest.state === "errored") destErrored(dest.storedError);
  else uponRejection(writerClosedPromise(writer), destErrored);

  // Closing must be propagated forward.
  const sourceClosed = () => {
    if (!preventClose) shutdownWithAnAction(() => WritableStreamDefaultWriterCloseWithErrorPropagation(writer));
    else shutdown();
  };
  if (source.state === "closed") sourceClosed();
  else uponFulfillment(reader.closedPromise.promise, sourceClosed);

  // Closing must be propagated backward.
  if (WritableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
    const destClosed = new TypeErrorCtor("the destination writable stream closed before all data could be piped to it");
    if (!preventCancel) shutdownWithAnAction(() => ReadableStreamCancel(source, destClosed), true, destClosed);
    else shutdown(true, destClosed);
  }

  setPromiseIsHandledToTrue(pipeLoop());
  return promise.promise;
}

// https://streams.spec.whatwg.org/#readable-stream-tee
export function ReadableStreamTee(stream, cloneForBranch2) {
  if (stream.controller.kind === "byte") return ReadableByteStreamTee(stream);
  return ReadableStreamDefaultTee(stream, cloneForBranch2);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaulttee
function ReadableStreamDefaultTee(stream, cloneForBranch2) {
  const reader = AcquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newPromise();

  const pullAlgorithm = () => {
    if (reading) {
      readAgain = true;
      return promiseResolvedWith(undefined);
    }
    reading = true;
    const readRequest = {
      chunkSteps(chunk) {
        queueMicrotaskViaPromise(() => {
          readAgain = false;
          const chunk1 = chunk;
          const chunk2 = chunk;
          if (!canceled1) ReadableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) ReadableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgain) pullAlgorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) ReadableStreamDefaultControllerClose(branch1.controller);
        if (!canceled2) ReadableStreamDefaultControllerClose(branch2.controller);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    ReadableStreamDefaultReaderRead(reader, readRequest);
    return promiseResolvedWith(undefined);
  };

  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) {
      const cancelResult = ReadableStreamCancel(stream, [reason1, reason2]);
      cancelPromise.resolve(cancelResult);
    }
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) {
      const cancelResult = ReadableStreamCancel(stream, [reason1, reason2]);
      cancelPromise.resolve(cancelResult);
    }
    return cancelPromise.promise;
  };
  const startAlgorithm = () => undefined;
  branch1 = CreateReadableStream(startAlgorithm, pullAlgorithm, cancel1Algorithm);
  branch2 = CreateReadableStream(startAlgorithm, pullAlgorithm, cancel2Algorithm);
  uponRejection(reader.closedPromise.promise, (r) => {
    ReadableStreamDefaultControllerError(branch1.controller, r);
    ReadableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
  });
  return [branch1, branch2];
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamtee
function ReadableByteStreamTee(stream) {
  let reader = AcquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newPromise();

  const forwardReaderError = (thisReader) => {
    uponRejection(thisReader.closedPromise.promise, (r) => {
      if (thisReader !== reader) return;
      ReadableByteStreamControllerError(branch1.controller, r);
      ReadableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
  };

  const pullWithDefaultReader = () => {
    if (reader.kind === "byob") {
      ReadableStreamBYOBReaderRelease(reader);
      reader = AcquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    const readRequest = {
      chunkSteps(chunk) {
        queueMicrotaskViaPromise(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = CloneAsUint8Array(chunk);
            } catch (e) {
              ReadableByteStreamControllerError(branch1.controller, e);
              ReadableByteStreamControllerError(branch2.controller, e);
              cancelPromise.resolve(ReadableStreamCancel(stream, e));
              return;
            }
          }
          if (!canceled1) ReadableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) ReadableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) ReadableByteStreamControllerClose(branch1.controller);
        if (!canceled2) ReadableByteStreamControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.length > 0) ReadableByteStreamControllerRespond(branch1.controller, 0);
        if (branch2.controller.pendingPullIntos.length > 0) ReadableByteStreamControllerRespond(branch2.controller, 0);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    ReadableStreamDefaultReaderRead(reader, readRequest);
  };

  const pullWithBYOBReader = (view, forBranch2) => {
    if (reader.kind === "default") {
      ReadableStreamDefaultReaderRelease(reader);
      reader = AcquireReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    const readIntoRequest = {
      chunkSteps(chunk) {
        queueMicrotaskViaPromise(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = CloneAsUint8Array(chunk);
            } catch (e) {
              ReadableByteStreamControllerError(byobBranch.controller, e);
              ReadableByteStreamControllerError(otherBranch.controller, e);
              cancelPromise.resolve(ReadableStreamCancel(stream, e));
              return;
            }
            if (!byobCanceled) ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            ReadableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobCanceled) {
            ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps(chunk) {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) ReadableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) ReadableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.length > 0) {
            ReadableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve(undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    ReadableStreamBYOBReaderRead(reader, view, 1, readIntoRequest);
  };

  const pull1Algorithm = () => {
    if (reading) {
      readAgainForBranch1 = true;
      return promiseResolvedWith(undefined);
    }
    reading = true;
    const byobRequest = ReadableByteStreamControllerGetBYOBRequest(branch1.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, false);
    return promiseResolvedWith(undefined);
  };
  const pull2Algorithm = () => {
    if (reading) {
      readAgainForBranch2 = true;
      return promiseResolvedWith(undefined);
    }
    reading = true;
    const byobRequest = ReadableByteStreamControllerGetBYOBRequest(branch2.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, true);
    return promiseResolvedWith(undefined);
  };
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(ReadableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(ReadableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const startAlgorithm = () => undefined;
  branch1 = CreateReadableByteStream(startAlgorithm, pull1Algorithm, cancel1Algorithm);
  branch2 = CreateReadableByteStream(startAlgorithm, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// ---------------------------------------------------------------------------------------------
// Interfacing with controllers (https://streams.spec.whatwg.org/#rs-abstract-ops-used-by-controllers)

function ReadableStreamAddReadIntoRequest(stream, readRequest) {
  stream.reader.readIntoRequests.push(readRequest);
}

function ReadableStreamAddReadRequest(stream, readRequest) {
  stream.reader.readRequests.push(readRequest);
}

// https://streams.spec.whatwg.org/#readable-stream-cancel
export function ReadableStreamCancel(stream, reason) {
  stream.disturbed = true;
  if (stream.state === "closed") return promiseResolvedWith(undefined);
  if (stream.state === "errored") return promiseRejectedWith(stream.storedError);
  ReadableStreamClose(stream);
  const reader = stream.reader;
  if (reader !== undefined && reader.kind === "byob") {
    const readIntoRequests = reader.readIntoRequests;
    reader.readIntoRequests = new Queue();
    while (readIntoRequests.length > 0) readIntoRequests.shift().closeSteps(undefined);
  }
  const sourceCancelPromise = stream.controller.cancelSteps(stream.controller, reason);
  return transformPromiseWith(sourceCancelPromise, noop);
}

// https://streams.spec.whatwg.org/#readable-stream-close
function ReadableStreamClose(stream) {
  stream.state = "closed";
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closedPromise.resolve(undefined);
  if (reader.kind === "default") {
    const readRequests = reader.readRequests;
    reader.readRequests = new Queue();
    while (readRequests.length > 0) readRequests.shift().closeSteps();
  }
}

// https://streams.spec.whatwg.org/#readable-stream-error
function ReadableStreamError(stream, e) {
  stream.state = "errored";
  stream.storedError = e;
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closedPromise.reject(e);
  setPromiseIsHandledToTrue(reader.closedPromise.promise);
  if (reader.kind === "default") ReadableStreamDefaultReaderErrorReadRequests(reader, e);
  else ReadableStreamBYOBReaderErrorReadIntoRequests(reader, e);
}

function ReadableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const readIntoRequest = stream.reader.readIntoRequests.shift();
  if (done) readIntoRequest.closeSteps(chunk);
  else readIntoRequest.chunkSteps(chunk);
}

function ReadableStreamFulfillReadRequest(stream, chunk, done) {
  const readRequest = stream.reader.readRequests.shift();
  if (done) readRequest.closeSteps();
  else readRequest.chunkSteps(chunk);
}

function ReadableStreamGetNumReadIntoRequests(stream) {
  return stream.reader.readIntoRequests.length;
}

function ReadableStreamGetNumReadRequests(stream) {
  return stream.reader.readRequests.length;
}

function ReadableStreamHasBYOBReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && reader.kind === "byob";
}

function ReadableStreamHasDefaultReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && reader.kind === "default";
}

// ---------------------------------------------------------------------------------------------
// Readers (https://streams.spec.whatwg.org/#default-reader-class, #byob-reader-class)

function newReaderRecord(kind) {
  return {
    obj: undefined, kind, stream: undefined, closedPromise: undefined,
    readRequests: kind === "default" ? new Queue() : undefined,
    readIntoRequests: kind === "byob" ? new Queue() : undefined,
  };
}

export class ReadableStreamDefaultReader {
  #r;
  constructor(stream) {
    if (stream === kInternal) {
      this.#r = arguments[1];
      this.#r.obj = this;
      return;
    }
    const s = rsSlots(stream);
    if (s === undefined) {
      throw new TypeErrorCtor("Failed to construct 'ReadableStreamDefaultReader': parameter 1 is not of type 'ReadableStream'.");
    }
    const reader = newReaderRecord("default");
    SetUpReadableStreamDefaultReader(reader, s);
    this.#r = reader;
    reader.obj = this;
  }

  get closed() {
    const reader = readerSlots(this, "default");
    if (reader === undefined) return promiseRejectedWith(illegalInvocation("ReadableStreamDefaultReader"));
    return reader.closedPromise.promise;
  }

  cancel(reason = undefined) {
    const reader = readerSlots(this, "default");
    if (reader === undefined) return promiseRejectedWith(illegalInvocation("ReadableStreamDefaultReader"));
    if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor("This reader has been released and has no stream"));
    return ReadableStreamReaderGenericCancel(reader, reason);
  }

  read() {
    const reader = readerSlots(this, "default");
    if (reader === undefined) return promiseRejectedWith(illegalInvocation("ReadableStreamDefaultReader"));
    if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor("This reader has been released and has no stream"));
    const promise = newPromise();
    ReadableStreamDefaultReaderRead(reader, {
      chunkSteps(chunk) { promise.resolve({ value: chunk, done: false }); },
      closeSteps() { promise.resolve({ value: undefined, done: true }); },
      errorSteps(e) { promise.reject(e); },
    });
    return promise.promise;
  }

  releaseLock() {
    const reader = readerSlots(this, "default");
    if (reader === undefined) throw illegalInvocation("ReadableStreamDefaultReader");
    if (reader.stream === undefined) return;
    ReadableStreamDefaultReaderRelease(reader);
  }

  static {
    readerSlots = (o, kind) => (typeof o === "object" && o !== null && #r in o && o.#r.kind === kind ? o.#r : undefined);
  }
}
defineInterface(ReadableStreamDefaultReader);
enumerableMembers(ReadableStreamDefaultReader, ["closed", "cancel", "read", "releaseLock"]);

let byobReaderSlots;
export class ReadableStreamBYOBReader {
  #r;
  constructor(stream) {
    if (stream === kInternal) {
      this.#r = arguments[1];
      this.#r.obj = this;
      return;
    }
    const s = rsSlots(stream);
    if (s === undefined) {
      throw new TypeErrorCtor("Failed to construct 'ReadableStreamBYOBReader': parameter 1 is not of type 'ReadableStream'.");
    }
    const reader = newReaderRecord("byob");
    SetUpReadableStreamBYOBReader(reader, s);
    this.#r = reader;
    reader.obj = this;
  }

  get closed() {
    const reader = byobReaderSlots(this);
    if (reader === undefined) return promiseRejectedWith(illegalInvocation("ReadableStreamBYOBReader"));
    return reader.closedPromise.promise;
  }

  cancel(reason = undefined) {
    const reader = byobReaderSlots(this);
    if (reader === undefined) return promiseRejectedWith(illegalInvocation("ReadableStreamBYOBReader"));
    if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor("This reader has been released and has no stream"));
    return ReadableStreamReaderGenericCancel(reader, reason);
  }

  // https://streams.spec.whatwg.org/#byob-reader-read
  read(view, options = undefined) {
    const reader = byobReaderSlots(this);
    if (reader === undefined) return promiseRejectedWith(illegalInvocation("ReadableStreamBYOBReader"));
    if (!isArrayBufferView(view)) {
      return promiseRejectedWith(new TypeErrorCtor("Failed to execute 'read' on 'ReadableStreamBYOBReader': parameter 1 is not of type 'ArrayBufferView'."));
    }
    let min = 1;
    try {
      const dict = convertDictionary(options, "Failed to execute 'read' on 'ReadableStreamBYOBReader': parameter 2");
      if (dict.min !== undefined) min = convertEnforceRangeUnsignedLongLong(dict.min, "min");
    } catch (e) {
      return promiseRejectedWith(e);
    }
    const info = viewInfo(view);
    if (info.byteLength === 0) return promiseRejectedWith(new TypeErrorCtor("view must have non-zero byteLength"));
    if (arrayBufferByteLength(info.buffer) === 0) return promiseRejectedWith(new TypeErrorCtor("view's buffer must have non-zero byteLength"));
    if (IsDetachedBuffer(info.buffer)) return promiseRejectedWith(new TypeErrorCtor("view's buffer has been detached"));
    if (min === 0) return promiseRejectedWith(new TypeErrorCtor("options.min must be greater than 0"));
    if (info.length !== undefined) {
      if (min > info.length) return promiseRejectedWith(new RangeErrorCtor("options.min must be less than or equal to view's length"));
    } else if (min > info.byteLength) {
      return promiseRejectedWith(new RangeErrorCtor("options.min must be less than or equal to view's byteLength"));
    }
    if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor("This reader has been released and has no stream"));
    const promise = newPromise();
    ReadableStreamBYOBReaderRead(reader, view, min, {
      chunkSteps(chunk) { promise.resolve({ value: chunk, done: false }); },
      closeSteps(chunk) { promise.resolve({ value: chunk, done: true }); },
      errorSteps(e) { promise.reject(e); },
    });
    return promise.promise;
  }

  releaseLock() {
    const reader = byobReaderSlots(this);
    if (reader === undefined) throw illegalInvocation("ReadableStreamBYOBReader");
    if (reader.stream === undefined) return;
    ReadableStreamBYOBReaderRelease(reader);
  }

  static {
    byobReaderSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(ReadableStreamBYOBReader);
enumerableMembers(ReadableStreamBYOBReader, ["closed", "cancel", "read", "releaseLock"]);

function ReadableStreamReaderGenericCancel(reader, reason) {
  return ReadableStreamCancel(reader.stream, reason);
}

function ReadableStreamReaderGenericInitialize(reader, stream) {
  reader.stream = stream;
  stream.reader = reader;
  if (stream.state === "readable") reader.closedPromise = newPromise();
  else if (stream.state === "closed") reader.closedPromise = resolvedDeferred(undefined);
  else reader.closedPromise = rejectedDeferred(stream.storedError);
}

function ReadableStreamReaderGenericRelease(reader) {
  const stream = reader.stream;
  const e = new TypeErrorCtor("Reader was released and can no longer be used to monitor the stream's closedness");
  if (stream.state === "readable") reader.closedPromise.reject(e);
  else reader.closedPromise = rejectedDeferred(e);
  setPromiseIsHandledToTrue(reader.closedPromise.promise);
  stream.controller.releaseSteps(stream.controller);
  stream.reader = undefined;
  reader.stream = undefined;
}

function ReadableStreamBYOBReaderErrorReadIntoRequests(reader, e) {
  const readIntoRequests = reader.readIntoRequests;
  reader.readIntoRequests = new Queue();
  while (readIntoRequests.length > 0) readIntoRequests.shift().errorSteps(e);
}

function ReadableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === "errored") readIntoRequest.errorSteps(stream.storedError);
  else ReadableByteStreamControllerPullInto(stream.controller, view, min, readIntoRequest);
}

function ReadableStreamBYOBReaderRelease(reader) {
  ReadableStreamReaderGenericRelease(reader);
  const e = new TypeErrorCtor("Reader was released");
  ReadableStreamBYOBReaderErrorReadIntoRequests(reader, e);
}

function ReadableStreamDefaultReaderErrorReadRequests(reader, e) {
  const readRequests = reader.readRequests;
  reader.readRequests = new Queue();
  while (readRequests.length > 0) readRequests.shift().errorSteps(e);
}

// https://streams.spec.whatwg.org/#readable-stream-default-reader-read
export function ReadableStreamDefaultReaderRead(reader, readRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === "closed") readRequest.closeSteps();
  else if (stream.state === "errored") readRequest.errorSteps(stream.storedError);
  else stream.controller.pullSteps(stream.controller, readRequest);
}

export function ReadableStreamDefaultReaderRelease(reader) {
  ReadableStreamReaderGenericRelease(reader);
  const e = new TypeErrorCtor("Reader was released");
  ReadableStreamDefaultReaderErrorReadRequests(reader, e);
}

function SetUpReadableStreamBYOBReader(reader, stream) {
  if (IsReadableStreamLocked(stream)) throw new TypeErrorCtor("This stream has already been locked for exclusive reading by another reader");
  if (stream.controller.kind !== "byte") {
    throw new TypeErrorCtor("Cannot construct a ReadableStreamBYOBReader for a stream not constructed with a byte source");
  }
  ReadableStreamReaderGenericInitialize(reader, stream);
  reader.readIntoRequests = new Queue();
}

function SetUpReadableStreamDefaultReader(reader, stream) {
  if (IsReadableStreamLocked(stream)) throw new TypeErrorCtor("This stream has already been locked for exclusive reading by another reader");
  ReadableStreamReaderGenericInitialize(reader, stream);
  reader.readRequests = new Queue();
}

// ---------------------------------------------------------------------------------------------
// Async iteration (https://streams.spec.whatwg.org/#rs-asynciterator, Web IDL async iterators)

const AsyncIteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf(async function* () {}.prototype));

const ReadableStreamAsyncIteratorPrototype = ObjectCreate(AsyncIteratorPrototype, {
  next: {
    value: function next() {
      const it = asyncIteratorSlots(this);
      if (it === undefined) return promiseRejectedWith(illegalInvocation("ReadableStream AsyncIterator"));
      const nextSteps = () => {
        if (it.isFinished) return promiseResolvedWith({ value: undefined, done: true });
        const nextPromise = asyncIteratorGetNext(it);
        return transformPromiseWith(nextPromise, (next) => {
          it.ongoingPromise = null;
          if (next === kEndOfIteration) {
            it.isFinished = true;
            return { value: undefined, done: true };
          }
          return { value: next, done: false };
        }, (reason) => {
          it.ongoingPromise = null;
          it.isFinished = true;
          throw reason;
        });
      };
      it.ongoingPromise = it.ongoingPromise !== null ? transformPromiseWith(it.ongoingPromise, nextSteps, nextSteps) : nextSteps();
      return it.ongoingPromise;
    },
    writable: true, enumerable: true, configurable: true,
  },
  return: {
    value: function (value = undefined) {
      const it = asyncIteratorSlots(this);
      if (it === undefined) return promiseRejectedWith(illegalInvocation("ReadableStream AsyncIterator"));
      const returnSteps = () => {
        if (it.isFinished) return promiseResolvedWith({ value, done: true });
        it.isFinished = true;
        return asyncIteratorReturn(it, value);
      };
      it.ongoingPromise = it.ongoingPromise !== null ? transformPromiseWith(it.ongoingPromise, returnSteps, returnSteps) : returnSteps();
      return transformPromiseWith(it.ongoingPromise, () => ({ value, done: true }));
    },
    writable: true, enumerable: true, configurable: true,
  },
  [SymbolToStringTag]: { value: "ReadableStream AsyncIterator", writable: false, enumerable: false, configurable: true },
});
ObjectDefineProperty(ReadableStreamAsyncIteratorPrototype.return, "name", { value: "return" });

const kEndOfIteration = {};

class AsyncIteratorState {
  #s;
  constructor(state) { this.#s = state; }
  static {
    asyncIteratorSlots = (o) => (typeof o === "object" && o !== null && #s in o ? o.#s : undefined);
  }
}

function createAsyncIterator(reader, preventCancel) {
  const iterator = new AsyncIteratorState({ reader, preventCancel, ongoingPromise: null, isFinished: false });
  ObjectSetPrototypeOf(iterator, ReadableStreamAsyncIteratorPrototype);
  return iterator;
}

function asyncIteratorGetNext(it) {
  const reader = it.reader;
  const promise = newPromise();
  ReadableStreamDefaultReaderRead(reader, {
    chunkSteps(chunk) { promise.resolve(chunk); },
    closeSteps() {
      ReadableStreamDefaultReaderRelease(reader);
      promise.resolve(kEndOfIteration);
    },
    errorSteps(e) {
      ReadableStreamDefaultReaderRelease(reader);
      promise.reject(e);
    },
  });
  return promise.promise;
}

function asyncIteratorReturn(it, arg) {
  const reader = it.reader;
  if (reader.stream === undefined) return promiseResolvedWith(undefined);
  if (!it.preventCancel) {
    const result = ReadableStreamReaderGenericCancel(reader, arg);
    ReadableStreamDefaultReaderRelease(reader);
    return result;
  }
  ReadableStreamDefaultReaderRelease(reader);
  return promiseResolvedWith(undefined);
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#rs-default-controller-class

export class ReadableStreamDefaultController {
  #r;
  constructor() {
    if (arguments[0] !== kInternal) throw illegalConstructor();
    this.#r = arguments[1];
    this.#r.obj = this;
  }

  get desiredSize() {
    return ReadableStreamDefaultControllerGetDesiredSize(thisController(this));
  }

  close() {
    const c = thisController(this);
    if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeErrorCtor("The stream is not in a state that permits close");
    ReadableStreamDefaultControllerClose(c);
  }

  enqueue(chunk = undefined) {
    const c = thisController(this);
    if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeErrorCtor("The stream is not in a state that permits enqueue");
    ReadableStreamDefaultControllerEnqueue(c, chunk);
  }

  error(e = undefined) {
    ReadableStreamDefaultControllerError(thisController(this), e);
  }

  static {
    rsControllerSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(ReadableStreamDefaultController);
enumerableMembers(ReadableStreamDefaultController, ["desiredSize", "close", "enqueue", "error"]);

function thisController(o) {
  const c = rsControllerSlots(o);
  if (c === undefined) throw illegalInvocation("ReadableStreamDefaultController");
  return c;
}

function newDefaultControllerRecord() {
  return {
    obj: undefined, kind: "default", stream: undefined, queue: undefined, queueTotalSize: 0,
    started: false, closeRequested: false, pullAgain: false, pulling: false,
    strategySizeAlgorithm: undefined, strategyHWM: 0, pullAlgorithm: undefined,
    cancelAlgorithm: undefined,
    cancelSteps: ReadableStreamDefaultControllerCancelSteps,
    pullSteps: ReadableStreamDefaultControllerPullSteps,
    releaseSteps: noop,
  };
}

// [[CancelSteps]]
function ReadableStreamDefaultControllerCancelSteps(controller, reason) {
  ResetQueue(controller);
  const result = controller.cancelAlgorithm(reason);
  ReadableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

// [[PullSteps]]
function ReadableStreamDefaultControllerPullSteps(controller, readRequest) {
  const stream = controller.stream;
  if (controller.queue.length > 0) {
    const chunk = DequeueValue(controller);
    if (controller.closeRequested && controller.queue.length === 0) {
      ReadableStreamDefaultControllerClearAlgorithms(controller);
      ReadableStreamClose(stream);
    } else {
      ReadableStreamDefaultControllerCallPullIfNeeded(controller);
    }
    readRequest.chunkSteps(chunk);
  } else {
    ReadableStreamAddReadRequest(stream, readRequest);
    ReadableStreamDefaultControllerCallPullIfNeeded(controller);
  }
}

function ReadableStreamDefaultControllerCallPullIfNeeded(controller) {
  if (!ReadableStreamDefaultControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pullPromise = controller.pullAlgorithm();
  uponPromise(pullPromise, () => {
    controller.pulling = false;
    if (controller.pullAgain) {
      controller.pullAgain = false;
      ReadableStreamDefaultControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    ReadableStreamDefaultControllerError(controller, e);
  });
}

function ReadableStreamDefaultControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return false;
  if (!controller.started) return false;
  if (IsReadableStreamLocked(stream) && ReadableStreamHasDefaultReader(stream) && ReadableStreamGetNumReadRequests(stream) > 0) return true;
  const desiredSize = ReadableStreamDefaultControllerGetDesiredSize(controller);
  return desiredSize > 0;
}

function ReadableStreamDefaultControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

export function ReadableStreamDefaultControllerClose(controller) {
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  controller.closeRequested = true;
  if (controller.queue.length === 0) {
    ReadableStreamDefaultControllerClearAlgorithms(controller);
    ReadableStreamClose(stream);
  }
}

export function ReadableStreamDefaultControllerEnqueue(controller, chunk) {
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  if (IsReadableStreamLocked(stream) && ReadableStreamHasDefaultReader(stream) && ReadableStreamGetNumReadRequests(stream) > 0) {
    ReadableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = controller.strategySizeAlgorithm(chunk);
    } catch (e) {
      ReadableStreamDefaultControllerError(controller, e);
      throw e;
    }
    try {
      EnqueueValueWithSize(controller, chunk, chunkSize);
    } catch (e) {
      ReadableStreamDefaultControllerError(controller, e);
      throw e;
    }
  }
  ReadableStreamDefaultControllerCallPullIfNeeded(controller);
}

export function ReadableStreamDefaultControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  ResetQueue(controller);
  ReadableStreamDefaultControllerClearAlgorithms(controller);
  ReadableStreamError(stream, e);
}

export function ReadableStreamDefaultControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

export function ReadableStreamDefaultControllerHasBackpressure(controller) {
  return !ReadableStreamDefaultControllerShouldCallPull(controller);
}

export function ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  return !controller.closeRequested && controller.stream.state === "readable";
}

function SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
  if (controller.obj === undefined) new ReadableStreamDefaultController(kInternal, controller);
  controller.stream = stream;
  ResetQueue(controller);
  controller.started = false;
  controller.closeRequested = false;
  controller.pullAgain = false;
  controller.pulling = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  stream.controller = controller;
  const startResult = startAlgorithm();
  const startPromise = promiseResolvedWith(startResult);
  uponPromise(startPromise, () => {
    controller.started = true;
    ReadableStreamDefaultControllerCallPullIfNeeded(controller);
  }, (r) => {
    ReadableStreamDefaultControllerError(controller, r);
  });
}

function SetUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark, sizeAlgorithm, frame) {
  const controller = newDefaultControllerRecord();
  new ReadableStreamDefaultController(kInternal, controller);
  let startAlgorithm = () => undefined;
  let pullAlgorithm = () => promiseResolvedWith(undefined);
  let cancelAlgorithm = () => promiseResolvedWith(undefined);
  const { start, pull, cancel } = underlyingSourceDict;
  // start runs now, in the constructor's frame; pull and cancel run later, in that frame too.
  if (start !== undefined) startAlgorithm = () => ReflectApply(start, underlyingSource, [controller.obj]);
  if (pull !== undefined) pullAlgorithm = () => invokePromiseCallbackInFrame(frame, pull, underlyingSource, [controller.obj]);
  if (cancel !== undefined) cancelAlgorithm = (reason) => invokePromiseCallbackInFrame(frame, cancel, underlyingSource, [reason]);
  SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
}

// ---------------------------------------------------------------------------------------------
// https://streams.spec.whatwg.org/#rbs-controller-class

export class ReadableByteStreamController {
  #r;
  constructor() {
    if (arguments[0] !== kInternal) throw illegalConstructor();
    this.#r = arguments[1];
    this.#r.obj = this;
  }

  get byobRequest() {
    const request = ReadableByteStreamControllerGetBYOBRequest(thisByteController(this));
    return request === null ? null : request.obj;
  }

  get desiredSize() {
    return ReadableByteStreamControllerGetDesiredSize(thisByteController(this));
  }

  close() {
    const c = thisByteController(this);
    if (c.closeRequested) throw new TypeErrorCtor("The stream has already been closed; do not close it again!");
    if (c.stream.state !== "readable") throw new TypeErrorCtor(`The stream (in ${c.stream.state} state) is not in the readable state and cannot be closed`);
    ReadableByteStreamControllerClose(c);
  }

  enqueue(chunk) {
    const c = thisByteController(this);
    if (!isArrayBufferView(chunk)) {
      throw new TypeErrorCtor("Failed to execute 'enqueue' on 'ReadableByteStreamController': parameter 1 is not of type 'ArrayBufferView'.");
    }
    const info = viewInfo(chunk);
    if (info.byteLength === 0) throw new TypeErrorCtor("chunk must have non-zero byteLength");
    if (arrayBufferByteLength(info.buffer) === 0) throw new TypeErrorCtor("chunk's buffer must have non-zero byteLength");
    if (c.closeRequested) throw new TypeErrorCtor("stream is closed or draining");
    if (c.stream.state !== "readable") throw new TypeErrorCtor(`The stream (in ${c.stream.state} state) is not in the readable state and cannot be enqueued to`);
    ReadableByteStreamControllerEnqueue(c, chunk);
  }

  error(e = undefined) {
    ReadableByteStreamControllerError(thisByteController(this), e);
  }

  static {
    byteControllerSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(ReadableByteStreamController);
enumerableMembers(ReadableByteStreamController, ["byobRequest", "desiredSize", "close", "enqueue", "error"]);

function thisByteController(o) {
  const c = byteControllerSlots(o);
  if (c === undefined) throw illegalInvocation("ReadableByteStreamController");
  return c;
}

// https://streams.spec.whatwg.org/#rs-byob-request-class
export class ReadableStreamBYOBRequest {
  #r;
  constructor() {
    if (arguments[0] !== kInternal) throw illegalConstructor();
    this.#r = arguments[1];
    this.#r.obj = this;
  }

  get view() {
    return thisBYOBRequest(this).view;
  }

  respond(bytesWritten) {
    const request = thisBYOBRequest(this);
    bytesWritten = convertEnforceRangeUnsignedLongLong(bytesWritten, "Failed to execute 'respond' on 'ReadableStreamBYOBRequest': bytesWritten");
    if (request.controller === undefined) throw new TypeErrorCtor("This BYOB request has been invalidated");
    if (IsDetachedBuffer(viewInfo(request.view).buffer)) throw new TypeErrorCtor("The BYOB request's buffer has been detached");
    ReadableByteStreamControllerRespond(request.controller, bytesWritten);
  }

  respondWithNewView(view) {
    const request = thisBYOBRequest(this);
    if (!isArrayBufferView(view)) {
      throw new TypeErrorCtor("Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest': parameter 1 is not of type 'ArrayBufferView'.");
    }
    if (request.controller === undefined) throw new TypeErrorCtor("This BYOB request has been invalidated");
    if (IsDetachedBuffer(viewInfo(view).buffer)) throw new TypeErrorCtor("The given view's buffer has been detached");
    ReadableByteStreamControllerRespondWithNewView(request.controller, view);
  }

  static {
    byobRequestSlots = (o) => (typeof o === "object" && o !== null && #r in o ? o.#r : undefined);
  }
}
defineInterface(ReadableStreamBYOBRequest);
enumerableMembers(ReadableStreamBYOBRequest, ["view", "respond", "respondWithNewView"]);

function thisBYOBRequest(o) {
  const r = byobRequestSlots(o);
  if (r === undefined) throw illegalInvocation("ReadableStreamBYOBRequest");
  return r;
}

function newByteControllerRecord() {
  return {
    obj: undefined, kind: "byte", stream: undefined, autoAllocateChunkSize: undefined,
    byobRequest: null, cancelAlgorithm: undefined, closeRequested: false, pullAgain: false,
    pullAlgorithm: undefined, pulling: false, pendingPullIntos: new Queue(), queue: undefined,
    queueTotalSize: 0, started: false, strategyHWM: 0,
    cancelSteps: ReadableByteStreamControllerCancelSteps,
    pullSteps: ReadableByteStreamControllerPullSteps,
    releaseSteps: ReadableByteStreamControllerReleaseSteps,
  };
}

function ReadableByteStreamControllerCancelSteps(controller, reason) {
  ReadableByteStreamControllerClearPendingPullIntos(controller);
  ResetQueue(controller);
  const result = controller.cancelAlgorithm(reason);
  ReadableByteStreamControllerClearAlgorithms(controller);
  return result;
}

function ReadableByteStreamControllerPullSteps(controller, readRequest) {
  const stream = controller.stream;
  if (controller.queueTotalSize > 0) {
    ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
    return;
  }
  const autoAllocateChunkSize = controller.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBufferCtor(autoAllocateChunkSize);
    } catch (e) {
      readRequest.errorSteps(e);
      return;
    }
    controller.pendingPullIntos.push({
      buffer, bufferByteLength: autoAllocateChunkSize, byteOffset: 0, byteLength: autoAllocateChunkSize,
      bytesFilled: 0, minimumFill: 1, elementSize: 1, viewConstructor: Uint8ArrayCtor, readerType: "default",
    });
  }
  ReadableStreamAddReadRequest(stream, readRequest);
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

function ReadableByteStreamControllerReleaseSteps(controller) {
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    firstPendingPullInto.readerType = "none";
    controller.pendingPullIntos = new Queue();
    controller.pendingPullIntos.push(firstPendingPullInto);
  }
}

// https://streams.spec.whatwg.org/#rbs-controller-abstract-ops

function ReadableByteStreamControllerCallPullIfNeeded(controller) {
  if (!ReadableByteStreamControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pullPromise = controller.pullAlgorithm();
  uponPromise(pullPromise, () => {
    controller.pulling = false;
    if (controller.pullAgain) {
      controller.pullAgain = false;
      ReadableByteStreamControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    ReadableByteStreamControllerError(controller, e);
  });
}

function ReadableByteStreamControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

function ReadableByteStreamControllerClearPendingPullIntos(controller) {
  ReadableByteStreamControllerInvalidateBYOBRequest(controller);
  controller.pendingPullIntos = new Queue();
}

export function ReadableByteStreamControllerClose(controller) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  if (controller.queueTotalSize > 0) {
    controller.closeRequested = true;
    return;
  }
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (firstPendingPullInto.bytesFilled % firstPendingPullInto.elementSize !== 0) {
      const e = new TypeErrorCtor("Insufficient bytes to fill elements in the given buffer");
      ReadableByteStreamControllerError(controller, e);
      throw e;
    }
  }
  ReadableByteStreamControllerClearAlgorithms(controller);
  ReadableStreamClose(stream);
}

function ReadableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor) {
  let done = false;
  if (stream.state === "closed") done = true;
  const filledView = ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === "default") ReadableStreamFulfillReadRequest(stream, filledView, done);
  else ReadableStreamFulfillReadIntoRequest(stream, filledView, done);
}

function ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor) {
  const bytesFilled = pullIntoDescriptor.bytesFilled;
  const elementSize = pullIntoDescriptor.elementSize;
  const buffer = TransferArrayBuffer(pullIntoDescriptor.buffer);
  return new pullIntoDescriptor.viewConstructor(buffer, pullIntoDescriptor.byteOffset, bytesFilled / elementSize);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue
export function ReadableByteStreamControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  const info = viewInfo(chunk);
  const buffer = info.buffer;
  const byteOffset = info.byteOffset;
  const byteLength = info.byteLength;
  if (IsDetachedBuffer(buffer)) throw new TypeErrorCtor("chunk's buffer is detached and so cannot be enqueued");
  // TransferArrayBuffer: the bytes are copied, as buffers cannot be detached here (see
  // streams_queuing.js); the queue owns the copy.
  const transferredBuffer = CloneArrayBuffer(buffer, byteOffset, byteLength);
  const transferredOffset = 0;
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (IsDetachedBuffer(firstPendingPullInto.buffer)) {
      throw new TypeErrorCtor("The BYOB request's buffer has been detached and so cannot be filled with an enqueued chunk");
    }
    ReadableByteStreamControllerInvalidateBYOBRequest(controller);
    firstPendingPullInto.buffer = TransferArrayBuffer(firstPendingPullInto.buffer);
    if (firstPendingPullInto.readerType === "none") {
      ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, firstPendingPullInto);
    }
  }
  if (ReadableStreamHasDefaultReader(stream)) {
    ReadableByteStreamControllerProcessReadRequestsUsingQueue(controller);
    if (ReadableStreamGetNumReadRequests(stream) === 0) {
      ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, transferredOffset, byteLength);
    } else {
      if (controller.pendingPullIntos.length > 0) ReadableByteStreamControllerShiftPendingPullInto(controller);
      const transferredView = new Uint8ArrayCtor(transferredBuffer, transferredOffset, byteLength);
      ReadableStreamFulfillReadRequest(stream, transferredView, false);
    }
  } else if (ReadableStreamHasBYOBReader(stream)) {
    ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, transferredOffset, byteLength);
    const filledPullIntos = ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) {
      ReadableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
  } else {
    ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, transferredOffset, byteLength);
  }
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

function ReadableByteStreamControllerEnqueueChunkToQueue(controller, buffer, byteOffset, byteLength) {
  controller.queue.push({ buffer, byteOffset, byteLength });
  controller.queueTotalSize += byteLength;
}

function ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, buffer, byteOffset, byteLength) {
  let cloneResult;
  try {
    cloneResult = CloneArrayBuffer(buffer, byteOffset, byteLength);
  } catch (e) {
    ReadableByteStreamControllerError(controller, e);
    throw e;
  }
  ReadableByteStreamControllerEnqueueChunkToQueue(controller, cloneResult, 0, byteLength);
}

function ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor) {
  if (pullIntoDescriptor.bytesFilled > 0) {
    ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, pullIntoDescriptor.bytesFilled);
  }
  ReadableByteStreamControllerShiftPendingPullInto(controller);
}

function ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor) {
  const maxBytesToCopy = MathMin(controller.queueTotalSize, pullIntoDescriptor.byteLength - pullIntoDescriptor.bytesFilled);
  const maxBytesFilled = pullIntoDescriptor.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % pullIntoDescriptor.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= pullIntoDescriptor.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.bytesFilled;
    ready = true;
  }
  const queue = controller.queue;
  while (totalBytesToCopyRemaining > 0) {
    const headOfQueue = queue.peek();
    const bytesToCopy = MathMin(totalBytesToCopyRemaining, headOfQueue.byteLength);
    const destStart = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    CopyDataBlockBytes(pullIntoDescriptor.buffer, destStart, headOfQueue.buffer, headOfQueue.byteOffset, bytesToCopy);
    if (headOfQueue.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      headOfQueue.byteOffset += bytesToCopy;
      headOfQueue.byteLength -= bytesToCopy;
    }
    controller.queueTotalSize -= bytesToCopy;
    ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesToCopy, pullIntoDescriptor);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

function ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, size, pullIntoDescriptor) {
  pullIntoDescriptor.bytesFilled += size;
}

function ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest) {
  const entry = controller.queue.shift();
  controller.queueTotalSize -= entry.byteLength;
  ReadableByteStreamControllerHandleQueueDrain(controller);
  const view = new Uint8ArrayCtor(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunkSteps(view);
}

export function ReadableByteStreamControllerGetBYOBRequest(controller) {
  if (controller.byobRequest === null && controller.pendingPullIntos.length > 0) {
    const firstDescriptor = controller.pendingPullIntos.peek();
    const view = new Uint8ArrayCtor(firstDescriptor.buffer, firstDescriptor.byteOffset + firstDescriptor.bytesFilled, firstDescriptor.byteLength - firstDescriptor.bytesFilled);
    const byobRequest = { obj: undefined, controller, view };
    new ReadableStreamBYOBRequest(kInternal, byobRequest);
    controller.byobRequest = byobRequest;
  }
  return controller.byobRequest;
}

export function ReadableByteStreamControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

function ReadableByteStreamControllerHandleQueueDrain(controller) {
  if (controller.queueTotalSize === 0 && controller.closeRequested) {
    ReadableByteStreamControllerClearAlgorithms(controller);
    ReadableStreamClose(controller.stream);
  } else {
    ReadableByteStreamControllerCallPullIfNeeded(controller);
  }
}

function ReadableByteStreamControllerInvalidateBYOBRequest(controller) {
  if (controller.byobRequest === null) return;
  controller.byobRequest.controller = undefined;
  controller.byobRequest.view = null;
  controller.byobRequest = null;
}

function ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller) {
  const filledPullIntos = [];
  while (controller.pendingPullIntos.length > 0) {
    if (controller.queueTotalSize === 0) break;
    const pullIntoDescriptor = controller.pendingPullIntos.peek();
    if (ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      ReadableByteStreamControllerShiftPendingPullInto(controller);
      filledPullIntos[filledPullIntos.length] = pullIntoDescriptor;
    } else {
      break;
    }
  }
  return filledPullIntos;
}

function ReadableByteStreamControllerProcessReadRequestsUsingQueue(controller) {
  const reader = controller.stream.reader;
  while (reader.readRequests.length > 0) {
    if (controller.queueTotalSize === 0) return;
    const readRequest = reader.readRequests.shift();
    ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-pull-into
function ReadableByteStreamControllerPullInto(controller, view, min, readIntoRequest) {
  const stream = controller.stream;
  const info = viewInfo(view);
  const elementSize = info.elementSize;
  const ctor = info.ctor;
  const minimumFill = min * elementSize;
  const byteOffset = info.byteOffset;
  const byteLength = info.byteLength;
  let buffer;
  try {
    buffer = TransferArrayBuffer(info.buffer);
  } catch (e) {
    readIntoRequest.errorSteps(e);
    return;
  }
  const pullIntoDescriptor = {
    buffer, bufferByteLength: arrayBufferByteLength(buffer), byteOffset, byteLength, bytesFilled: 0,
    minimumFill, elementSize, viewConstructor: ctor, readerType: "byob",
  };
  if (controller.pendingPullIntos.length > 0) {
    controller.pendingPullIntos.push(pullIntoDescriptor);
    ReadableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  if (stream.state === "closed") {
    const emptyView = new ctor(pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, 0);
    readIntoRequest.closeSteps(emptyView);
    return;
  }
  if (controller.queueTotalSize > 0) {
    if (ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      const filledView = ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
      ReadableByteStreamControllerHandleQueueDrain(controller);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (controller.closeRequested) {
      const e = new TypeErrorCtor("Insufficient bytes to fill elements in the given buffer");
      ReadableByteStreamControllerError(controller, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  controller.pendingPullIntos.push(pullIntoDescriptor);
  ReadableStreamAddReadIntoRequest(stream, readIntoRequest);
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond
export function ReadableByteStreamControllerRespond(controller, bytesWritten) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  const state = controller.stream.state;
  if (state === "closed") {
    if (bytesWritten !== 0) throw new TypeErrorCtor("bytesWritten must be 0 when calling respond() on a closed stream");
  } else {
    if (bytesWritten === 0) throw new TypeErrorCtor("bytesWritten must be greater than 0 when calling respond() on a readable stream");
    if (firstDescriptor.bytesFilled + bytesWritten > firstDescriptor.byteLength) throw new RangeErrorCtor("bytesWritten out of range");
  }
  firstDescriptor.buffer = TransferArrayBuffer(firstDescriptor.buffer);
  ReadableByteStreamControllerRespondInternal(controller, bytesWritten);
}

function ReadableByteStreamControllerRespondInClosedState(controller, firstDescriptor) {
  if (firstDescriptor.readerType === "none") ReadableByteStreamControllerShiftPendingPullInto(controller);
  const stream = controller.stream;
  if (ReadableStreamHasBYOBReader(stream)) {
    const filledPullIntos = [];
    while (filledPullIntos.length < ReadableStreamGetNumReadIntoRequests(stream)) {
      filledPullIntos[filledPullIntos.length] = ReadableByteStreamControllerShiftPendingPullInto(controller);
    }
    for (let i = 0; i < filledPullIntos.length; i++) {
      ReadableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
  }
}

function ReadableByteStreamControllerRespondInReadableState(controller, bytesWritten, pullIntoDescriptor) {
  ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesWritten, pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === "none") {
    ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor);
    const filledPullIntos = ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) {
      ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, filledPullIntos[i]);
    }
    return;
  }
  if (pullIntoDescriptor.bytesFilled < pullIntoDescriptor.minimumFill) return;
  ReadableByteStreamControllerShiftPendingPullInto(controller);
  const remainderSize = pullIntoDescriptor.bytesFilled % pullIntoDescriptor.elementSize;
  if (remainderSize > 0) {
    const end = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer, end - remainderSize, remainderSize);
  }
  pullIntoDescriptor.bytesFilled -= remainderSize;
  const filledPullIntos = ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
  ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, pullIntoDescriptor);
  for (let i = 0; i < filledPullIntos.length; i++) {
    ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, filledPullIntos[i]);
  }
}

function ReadableByteStreamControllerRespondInternal(controller, bytesWritten) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  ReadableByteStreamControllerInvalidateBYOBRequest(controller);
  const state = controller.stream.state;
  if (state === "closed") ReadableByteStreamControllerRespondInClosedState(controller, firstDescriptor);
  else ReadableByteStreamControllerRespondInReadableState(controller, bytesWritten, firstDescriptor);
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-with-new-view
export function ReadableByteStreamControllerRespondWithNewView(controller, view) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  const state = controller.stream.state;
  const info = viewInfo(view);
  if (state === "closed") {
    if (info.byteLength !== 0) throw new TypeErrorCtor("The view's length must be 0 when calling respondWithNewView() on a closed stream");
  } else if (info.byteLength === 0) {
    throw new TypeErrorCtor("The view's length must be greater than 0 when calling respondWithNewView() on a readable stream");
  }
  if (firstDescriptor.byteOffset + firstDescriptor.bytesFilled !== info.byteOffset) {
    throw new RangeErrorCtor("The region specified by view does not match byobRequest");
  }
  if (firstDescriptor.bufferByteLength !== arrayBufferByteLength(info.buffer)) {
    throw new RangeErrorCtor("The buffer of view has different capacity than byobRequest");
  }
  if (firstDescriptor.bytesFilled + info.byteLength > firstDescriptor.byteLength) {
    throw new RangeErrorCtor("The region specified by view is larger than byobRequest");
  }
  const viewByteLength = info.byteLength;
  firstDescriptor.buffer = TransferArrayBuffer(info.buffer);
  ReadableByteStreamControllerRespondInternal(controller, viewByteLength);
}

function ReadableByteStreamControllerShiftPendingPullInto(controller) {
  return controller.pendingPullIntos.shift();
}

function ReadableByteStreamControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (stream.state !== "readable") return false;
  if (controller.closeRequested) return false;
  if (!controller.started) return false;
  if (ReadableStreamHasDefaultReader(stream) && ReadableStreamGetNumReadRequests(stream) > 0) return true;
  if (ReadableStreamHasBYOBReader(stream) && ReadableStreamGetNumReadIntoRequests(stream) > 0) return true;
  return ReadableByteStreamControllerGetDesiredSize(controller) > 0;
}

export function ReadableByteStreamControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  ReadableByteStreamControllerClearPendingPullIntos(controller);
  ResetQueue(controller);
  ReadableByteStreamControllerClearAlgorithms(controller);
  ReadableStreamError(stream, e);
}

function SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
  if (controller.obj === undefined) new ReadableByteStreamController(kInternal, controller);
  controller.stream = stream;
  controller.pullAgain = false;
  controller.pulling = false;
  controller.byobRequest = null;
  ResetQueue(controller);
  controller.closeRequested = false;
  controller.started = false;
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  controller.autoAllocateChunkSize = autoAllocateChunkSize;
  controller.pendingPullIntos = new Queue();
  stream.controller = controller;
  const startResult = startAlgorithm();
  uponPromise(promiseResolvedWith(startResult), () => {
    controller.started = true;
    ReadableByteStreamControllerCallPullIfNeeded(controller);
  }, (r) => {
    ReadableByteStreamControllerError(controller, r);
  });
}

function SetUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark, frame) {
  const controller = newByteControllerRecord();
  new ReadableByteStreamController(kInternal, controller);
  let startAlgorithm = () => undefined;
  let pullAlgorithm = () => promiseResolvedWith(undefined);
  let cancelAlgorithm = () => promiseResolvedWith(undefined);
  const { start, pull, cancel } = underlyingSourceDict;
  // start runs now, in the constructor's frame; pull and cancel run later, in that frame too.
  if (start !== undefined) startAlgorithm = () => ReflectApply(start, underlyingSource, [controller.obj]);
  if (pull !== undefined) pullAlgorithm = () => invokePromiseCallbackInFrame(frame, pull, underlyingSource, [controller.obj]);
  if (cancel !== undefined) cancelAlgorithm = (reason) => invokePromiseCallbackInFrame(frame, cancel, underlyingSource, [reason]);
  const autoAllocateChunkSize = underlyingSourceDict.autoAllocateChunkSize;
  if (autoAllocateChunkSize === 0) throw new TypeErrorCtor("autoAllocateChunkSize must be greater than 0");
  SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
}
