// node:async_hooks as Workers provide it (AsyncLocalStorage, AsyncResource), on the async context
// frame of js/internal/async_context.js. Available with the nodejs_compat or nodejs_als flag.
import {
  currentFrame, frameWith, frameGet, runInFrame, enterFrame,
} from "edgerun:internal/async_context.js";

const kResourceFrame = Symbol("frame");

export class AsyncLocalStorage {
  run(store, fn, ...args) {
    if (typeof fn !== "function") throw new TypeError("The \"fn\" argument must be of type function");
    return runInFrame(frameWith(this, store === undefined ? kUndefinedStore : store), fn, undefined, args);
  }

  exit(fn, ...args) {
    if (typeof fn !== "function") throw new TypeError("The \"fn\" argument must be of type function");
    return runInFrame(frameWith(this, undefined), fn, undefined, args);
  }

  getStore() {
    const value = frameGet(this);
    return value === kUndefinedStore ? undefined : value;
  }

  enterWith(store) {
    enterFrame(frameWith(this, store === undefined ? kUndefinedStore : store));
  }

  disable() {
    enterFrame(frameWith(this, undefined));
  }

  static bind(fn) {
    if (typeof fn !== "function") throw new TypeError("The \"fn\" argument must be of type function");
    const frame = currentFrame();
    return function bound(...args) {
      return runInFrame(frame, fn, this, args);
    };
  }

  static snapshot() {
    const frame = currentFrame();
    return function runInSnapshot(fn, ...args) {
      return runInFrame(frame, fn, this, args);
    };
  }
}

// `run(undefined, ...)` must still shadow an outer store, so undefined is stored as a marker.
const kUndefinedStore = Symbol("undefined store");

export class AsyncResource {
  constructor(type, options = undefined) {
    if (typeof type !== "string") throw new TypeError("The \"type\" argument must be of type string");
    this[kResourceFrame] = currentFrame();
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return runInFrame(this[kResourceFrame], fn, thisArg, args);
  }

  bind(fn, thisArg = undefined) {
    const resource = this;
    const bound = function boundResource(...args) {
      return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args);
    };
    return bound;
  }

  static bind(fn, type = undefined, thisArg = undefined) {
    return new AsyncResource(type ?? fn.name ?? "bound-anonymous-fn").bind(fn, thisArg);
  }

  emitDestroy() { return this; }
  asyncId() { return 0; }
  triggerAsyncId() { return 0; }
}

export default { AsyncLocalStorage, AsyncResource };
