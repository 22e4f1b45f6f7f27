// The async context frame: an immutable Map from a key (an AsyncLocalStorage, or the runtime's
// request key) to a value, kept in V8's continuation-preserved embedder data. V8 captures that
// data when a promise reaction is created and restores it when the reaction runs, so a frame
// follows await, .then, queueMicrotask; timers and listeners restore it themselves.
import native from "edgerun:native";
import { ReflectApply, SafeMap, MapPrototypeGet, MapPrototypeSet } from "./primordials.js";

// The request key: the id of the request whose work is running. A frame holding nothing else
// is stored as the bare id (a number), so a request without AsyncLocalStorage allocates no Map.
export const kRequestKey = Symbol("request");
native.setRequestKey(kRequestKey);

// The frame in effect now, to be restored later with runInFrame(): a request's bare id, a Map,
// or undefined outside any. It is captured as it is, so capturing allocates nothing.
export function currentFrame() {
  const data = native.getContinuationData();
  return typeof data === "number" || data instanceof SafeMap ? data : undefined;
}

function frameOf(data) {
  if (typeof data === "number") {
    const frame = new SafeMap();
    MapPrototypeSet(frame, kRequestKey, data);
    return frame;
  }
  return data instanceof SafeMap ? data : undefined;
}

// A copy of the current frame with `key` set to `value` (or removed when value is undefined).
export function frameWith(key, value, base = native.getContinuationData()) {
  // A request's bare-id frame becomes a two-entry Map without copying anything.
  const next = typeof base === "number" ? frameOf(base) : new SafeMap(frameOf(base));
  if (value === undefined) next.delete(key);
  else MapPrototypeSet(next, key, value);
  return next;
}

export function frameGet(key, frame = native.getContinuationData()) {
  if (typeof frame === "number") return key === kRequestKey ? frame : undefined;
  return frame instanceof SafeMap ? MapPrototypeGet(frame, key) : undefined;
}

export function runInFrame(frame, fn, thisArg, args) {
  const previous = native.swapContinuationData(frame);
  try {
    return ReflectApply(fn, thisArg, args);
  } finally {
    native.setContinuationData(previous);
  }
}

export function enterFrame(frame) {
  native.setContinuationData(frame);
}
