// How a request reaches the worker and its answer gets back: the entry point (module worker
// object, WorkerEntrypoint class, or service-worker listeners), `env`, `ctx`, and the request's
// context (spec/runtime.md). The engine calls setEnv() before the main module runs, configure()
// after, then dispatch() per request.
import native from "edgerun:native";
import {
  PromiseResolve, PromisePrototypeThen, TypeErrorCtor, ArrayPrototypePush, ObjectPrototypeToString,
} from "./primordials.js";
import { newIncomingRequest } from "./request.js";
import { Response, getResponseParts } from "./response.js";
import { bodyForNative, bodyStream, streamBodyLength } from "./body.js";
import { console } from "./console.js";
import { noteCanonicalUrl } from "./url.js";

const kPending = Symbol("pending");
// Headers are spread into the native call as arguments (no array reads); a longer list is passed
// as the array itself, since a huge spread would overflow the stack.
const kMaxSpreadHeaders = 256;
let env = {};
let entry = null;  // { kind: "object" | "class" | "listeners", target }
const fetchListeners = [];

export function setEnv(value) { env = value; }
export function workerEnv() { return env; }

export function addFetchListener(listener) { ArrayPrototypePush(fetchListeners, listener); }
export function removeFetchListener(listener) {
  const i = fetchListeners.indexOf(listener);
  if (i >= 0) fetchListeners.splice(i, 1);
}

function describe(value) {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "object") {
    const name = value.constructor?.name;
    return name ? `an object of type ${name}` : ObjectPrototypeToString(value);
  }
  return `a ${typeof value} (${String(value).slice(0, 50)})`;
}

function isClass(fn) {
  return typeof fn === "function" && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

// Looks at the main module's namespace and decides how requests are handled. Returns "" when
// there is a fetch handler, or the reason there is none (printed at start-up by the engine).
export function configure(namespace) {
  const main = namespace.default;
  if (main !== undefined) {
    if (isClass(main)) {
      entry = { kind: "class", target: main };
      return typeof main.prototype.fetch === "function" ? "" : "The default export class has no fetch() method.";
    }
    if (typeof main === "object" && main !== null) {
      entry = { kind: "object", target: main };
      return typeof main.fetch === "function" ? "" : "The default export has no fetch() handler.";
    }
    entry = { kind: "object", target: {} };
    return `The default export is ${describe(main)}, not an object with a fetch() handler.`;
  }
  if (fetchListeners.length > 0) {
    entry = { kind: "listeners", target: fetchListeners };
    return "";
  }
  entry = { kind: "object", target: {} };
  return "The main module has no default export and registers no \"fetch\" event listener.";
}

class RequestState {
  constructor(id) {
    this.id = id;
    this.responded = false;
    this.pending = 0;
    this.passThrough = false;
    this.finished = false;
  }
}

function maybeFinish(state) {
  if (state.responded && state.pending === 0 && !state.finished) {
    state.finished = true;
    native.finishRequest(state.id);
  }
}

export class ExecutionContext {
  #state;
  constructor(state) {
    this.#state = state;
    this.props = {};
  }
  waitUntil(promise) {
    const state = this.#state;
    if (state.finished) return;  // the request's context is over; nothing can wait on it now
    state.pending++;
    const done = () => { state.pending--; maybeFinish(state); };
    PromisePrototypeThen(PromiseResolve(promise), done, (error) => {
      console.error("Uncaught (in promise) in waitUntil():", error);
      done();
    });
  }
  passThroughOnException() {
    this.#state.passThrough = true;
  }
}

class FetchEvent {
  #state;
  #ctx;
  #response = undefined;
  constructor(request, state, ctx) {
    this.type = "fetch";
    this.request = request;
    this.#state = state;
    this.#ctx = ctx;
  }
  respondWith(response) {
    if (this.#response !== undefined) throw new TypeErrorCtor("FetchEvent.respondWith() has already been called; it can only be called once.");
    this.#response = PromiseResolve(response);
  }
  waitUntil(promise) { this.#ctx.waitUntil(promise); }
  passThroughOnException() { this.#ctx.passThroughOnException(); }
  get responded() { return this.#response; }
}

function callHandler(request, ctx, state) {
  switch (entry.kind) {
    case "object": {
      const target = entry.target;
      if (typeof target.fetch !== "function") throw new TypeErrorCtor("Handler does not export a fetch() function.");
      return target.fetch(request, env, ctx);
    }
    case "class": {
      const instance = new entry.target(ctx, env);
      if (instance.env === undefined) instance.env = env;
      if (instance.ctx === undefined) instance.ctx = ctx;
      if (typeof instance.fetch !== "function") throw new TypeErrorCtor("Handler does not export a fetch() function.");
      return instance.fetch(request);
    }
    case "listeners": {
      const event = new FetchEvent(request, state, ctx);
      for (const listener of entry.target) {
        if (typeof listener === "function") listener.call(globalThis, event);
        else listener.handleEvent(event);
      }
      if (event.responded === undefined) {
        throw new TypeErrorCtor("No \"fetch\" event listener called event.respondWith().");
      }
      return event.responded;
    }
  }
}

function fail(state, error) {
  if (state.responded) {
    console.error("Uncaught", error);
    return;
  }
  if (state.passThrough && native.passThrough(state.id)) {
    console.error("Uncaught (passed through to the origin)", error);
  } else {
    native.respondException(state.id, error);
  }
  state.responded = true;
  maybeFinish(state);
}

function send(state, response) {
  if (!(response instanceof Response)) {
    native.respondInternalError(state.id, `The fetch handler returned ${describe(response)}; it must return a Response (or a Promise that resolves to one).`);
    state.responded = true;
    maybeFinish(state);
    return;
  }
  const parts = getResponseParts(response);
  if (parts.status === 0) {
    native.respondInternalError(state.id, "The fetch handler returned Response.error().");
    state.responded = true;
    maybeFinish(state);
    return;
  }
  const body = bodyForNative(parts.body);
  if (body !== undefined) {
    // The common case ends the request's context in the same native call.
    const finish = state.pending === 0;
    const flat = parts.flat;
    if (flat.length <= kMaxSpreadHeaders) native.respond(state.id, parts.status, body, finish, ...flat);
    else native.respond(state.id, parts.status, body, finish, flat);
    state.responded = true;
    if (finish) state.finished = true;
    return;
  }
  streamOut(state, parts);
}

// Anything that throws while the Response is handed over (a getter on a user subclass, a stream
// that cannot be read) is the handler's failure: a 500, never an unanswered request.
function sendOrFail(state, response) {
  try {
    send(state, response);
  } catch (error) {
    fail(state, error);
  }
}

// A stream body goes out as it is read, with the client's backpressure: each chunk is written,
// and when the connection is full the next read waits for it to drain. A client that goes away
// cancels the stream; a stream that errors after the head was sent cuts the response short.
async function streamOut(state, parts) {
  const stream = bodyStream(parts.body);
  let reader;
  try {
    reader = stream.getReader();
  } catch (error) {
    fail(state, error);
    return;
  }
  const length = streamBodyLength(parts.body);
  if (parts.flat.length <= kMaxSpreadHeaders) native.respondStart(state.id, parts.status, length, ...parts.flat);
  else native.respondStart(state.id, parts.status, length, parts.flat);
  state.responded = true;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        throw new TypeErrorCtor("This ReadableStream did not return bytes: the chunks of a Response body must be Uint8Arrays.");
      }
      const result = native.respondWrite(state.id, value);
      if (result === 2) {
        await reader.cancel(new TypeErrorCtor("The client went away."));
        break;
      }
      if (result === 1) await native.drainPromise(state.id);
    }
  } catch (error) {
    console.error("Uncaught (in response body stream)", error);
  }
  const finish = state.pending === 0;
  native.respondEnd(state.id, finish);
  if (finish) state.finished = true;
}

// Called by the engine for each request, with the request's frame (its id, see
// async_context.js) already current: everything the handler starts inherits it.
export function dispatch(id, method, url, hasBody, canonicalUrl) {
  noteCanonicalUrl(canonicalUrl ? url : null);
  const state = new RequestState(id);
  const request = newIncomingRequest(id, method, url, hasBody);
  const ctx = new ExecutionContext(state);
  let result;
  try {
    result = callHandler(request, ctx, state);
  } catch (error) {
    fail(state, error);
    return;
  }
  if (result instanceof Response) {
    sendOrFail(state, result);
    return;
  }
  const value = native.fulfilledValue(result, kPending);
  if (value !== kPending) {
    sendOrFail(state, value);
    return;
  }
  PromisePrototypeThen(PromiseResolve(result), (r) => sendOrFail(state, r), (e) => fail(state, e));
}

// `edgerun test`: the test cases of a JS test module are its exports (default included) that are
// objects with a test() method, as in workerd's test format.
export function listTests(namespace) {
  const names = [];
  for (const name of Object.keys(namespace)) {
    const value = namespace[name];
    if (value !== null && typeof value === "object" && typeof value.test === "function") names.push(name);
  }
  return names;
}

export async function runTest(namespace, name) {
  const state = new RequestState(0);
  const ctx = new ExecutionContext(state);
  const controller = { scheduledTime: Date.now(), cron: "" };
  await namespace[name].test(controller, env, ctx);
}
