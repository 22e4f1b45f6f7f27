// setTimeout / setInterval / clearTimeout / clearInterval / queueMicrotask
// (https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html), on libuv timers.
import native from "edgerun:native";
import { TypeErrorCtor, PromiseResolve, PromisePrototypeThen, ReflectApply } from "./primordials.js";
import { reportError, fireErrorEventAtGlobal } from "./report_error.js";

function schedule(callback, delay, args, repeat, name) {
  if (typeof callback !== "function") {
    // Strings would be code generation, which Workers forbid.
    throw new TypeErrorCtor(`Failed to execute '${name}': parameter 1 is not of type 'Function'.`);
  }
  // An exception from the callback is reported (report_error.js): the "error" event is fired at
  // the global and, unless a listener cancels it, the exception goes on to the engine, which
  // prints it as every uncaught exception (bindings/timers.cc).
  const fn = () => {
    try {
      ReflectApply(callback, globalThis, args);
    } catch (exception) {
      if (fireErrorEventAtGlobal(exception)) throw exception;
    }
  };
  return native.timerStart(fn, Number(delay) || 0, repeat);
}

export function setTimeout(callback, delay = 0, ...args) {
  return schedule(callback, delay, args, false, "setTimeout");
}

export function setInterval(callback, delay = 0, ...args) {
  return schedule(callback, delay, args, true, "setInterval");
}

export function clearTimeout(id = undefined) {
  if (id === undefined || id === null) return;
  native.timerClear(Number(id) || 0);
}

export const clearInterval = clearTimeout;

export function queueMicrotask(callback) {
  if (typeof callback !== "function") {
    throw new TypeErrorCtor("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");
  }
  PromisePrototypeThen(PromiseResolve(), () => {
    try { callback(); } catch (e) { reportError(e); }
  });
}
