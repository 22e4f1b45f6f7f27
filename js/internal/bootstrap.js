// Installs the Web APIs on the global object, as Web IDL says: interface objects and namespaces
// are own, writable, configurable, non-enumerable properties; operations (setTimeout ...) are
// writable, enumerable and configurable. Runs once per context, before any user code.
import { ObjectDefineProperty } from "./primordials.js";
import { Headers } from "./headers.js";
import { Request } from "./request.js";
import { Response } from "./response.js";
import { URL, URLSearchParams } from "./url.js";
import { TextEncoder, TextDecoder } from "./encoding.js";
import { console } from "./console.js";
import { setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask } from "./timers.js";
import { reportError } from "./report_error.js";
import { addFetchListener, removeFetchListener, ExecutionContext } from "./dispatch.js";

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
})) {
  defineInterfaceObject(name, value);
}
defineInterfaceObject("console", console);

for (const [name, value] of Object.entries({
  setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask, reportError,
})) {
  defineOperation(name, value);
}

// Service-worker syntax: addEventListener("fetch", ...) on the global scope.
function addEventListener(type, listener, options = undefined) {
  if (listener === null || listener === undefined) return;
  if (`${type}` === "fetch") addFetchListener(listener);
}
function removeEventListener(type, listener, options = undefined) {
  if (`${type}` === "fetch") removeFetchListener(listener);
}
defineOperation("addEventListener", addEventListener);
defineOperation("removeEventListener", removeEventListener);

ObjectDefineProperty(g, "self", { value: g, writable: true, enumerable: true, configurable: true });
ObjectDefineProperty(g, "navigator", {
  value: Object.freeze({ userAgent: "Cloudflare-Workers", hardwareConcurrency: 1, language: "en" }),
  writable: true, enumerable: false, configurable: true,
});
