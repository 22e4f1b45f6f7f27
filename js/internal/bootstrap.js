// Installs the Web APIs on the global object, as Web IDL says: interface objects and namespaces
// are own, writable, configurable, non-enumerable properties; operations (setTimeout ...) are
// writable, enumerable and configurable. Runs once per context, before any user code.
import { ObjectDefineProperty, ReflectApply, ArrayPrototypeSlice } from "./primordials.js";
import { Headers } from "./headers.js";
import { Request } from "./request.js";
import { Response } from "./response.js";
import { URL, URLSearchParams } from "./url.js";
import { TextEncoder, TextDecoder } from "./encoding.js";
import { console } from "./console.js";
import { setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask } from "./timers.js";
import { reportError } from "./report_error.js";
import { addFetchListener, removeFetchListener, ExecutionContext } from "./dispatch.js";
import { Event, CustomEvent, EventTarget } from "./events.js";
import { ErrorEvent } from "./error_event.js";
import { AbortController, AbortSignal } from "./abort.js";
import { DOMException } from "./dom_exception.js";

export { configure, dispatch, setEnv, listTests, runTest } from "./dispatch.js";
import { Fetcher } from "./assets_binding.js";
import {
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamDefaultController,
  ReadableByteStreamController, ReadableStreamBYOBRequest, WritableStream, WritableStreamDefaultWriter,
  WritableStreamDefaultController, TransformStream, TransformStreamDefaultController,
  ByteLengthQueuingStrategy, CountQueuingStrategy, TextEncoderStream, TextDecoderStream,
  IdentityTransformStream, FixedLengthStream,
} from "./streams.js";

export function makeAssetsBinding() {
  return new Fetcher();
}

const g = globalThis;

function defineInterfaceObject(name, value) {
  ObjectDefineProperty(g, name, { value, writable: true, enumerable: false, configurable: true });
}

function defineOperation(name, value) {
  ObjectDefineProperty(g, name, { value, writable: true, enumerable: true, configurable: true });
}

for (const [name, value] of Object.entries({
  Headers, Request, Response, URL, URLSearchParams, TextEncoder, TextDecoder, ExecutionContext,
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamDefaultController,
  ReadableByteStreamController, ReadableStreamBYOBRequest, WritableStream, WritableStreamDefaultWriter,
  WritableStreamDefaultController, TransformStream, TransformStreamDefaultController,
  ByteLengthQueuingStrategy, CountQueuingStrategy, TextEncoderStream, TextDecoderStream,
  IdentityTransformStream, FixedLengthStream,
  Event, CustomEvent, ErrorEvent, EventTarget, AbortController, AbortSignal, DOMException,
})) {
  defineInterfaceObject(name, value);
}
defineInterfaceObject("console", console);

for (const [name, value] of Object.entries({
  setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask, reportError,
})) {
  defineOperation(name, value);
}

// The global scope is an EventTarget (as workerd's ServiceWorkerGlobalScope): EventTarget's
// methods accept globalThis (events.js). "fetch" listeners are the service-worker syntax and go
// to the request dispatcher instead; every other type is an ordinary listener of the global
// ("error" listeners get the ErrorEvent of reportError() and of uncaught exceptions in
// listeners, timers and microtasks: report_error.js).
const { addEventListener: addListener, removeEventListener: removeListener, dispatchEvent: dispatchAt } =
  EventTarget.prototype;
function argumentsWithType(args, type) {
  const out = ArrayPrototypeSlice(args);
  if (out.length > 0) out[0] = type;  // converted once
  return out;
}
function addEventListener(type, listener, options = undefined) {
  type = `${type}`;
  if (type === "fetch") {
    if (listener !== null && listener !== undefined) addFetchListener(listener);
    return;
  }
  ReflectApply(addListener, g, argumentsWithType(arguments, type));
}
function removeEventListener(type, listener, options = undefined) {
  type = `${type}`;
  if (type === "fetch") {
    removeFetchListener(listener);
    return;
  }
  ReflectApply(removeListener, g, argumentsWithType(arguments, type));
}
function dispatchEvent(event) {
  return ReflectApply(dispatchAt, g, arguments);
}
defineOperation("addEventListener", addEventListener);
defineOperation("removeEventListener", removeEventListener);
defineOperation("dispatchEvent", dispatchEvent);

ObjectDefineProperty(g, "self", { value: g, writable: true, enumerable: true, configurable: true });
ObjectDefineProperty(g, "navigator", {
  value: Object.freeze({ userAgent: "Cloudflare-Workers", hardwareConcurrency: 1, language: "en" }),
  writable: true, enumerable: false, configurable: true,
});
