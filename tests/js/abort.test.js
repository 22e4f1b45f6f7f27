// AbortController and AbortSignal (https://dom.spec.whatwg.org/#aborting-ongoing-activities),
// and DOMException (https://webidl.spec.whatwg.org/#idl-DOMException), their reasons.
import { AsyncLocalStorage } from "node:async_hooks";
import { equal, deepEqual, throws } from "./lib/assert.js";

const als = new AsyncLocalStorage();

function ownDescriptor(object, name) {
  const desc = Object.getOwnPropertyDescriptor(object, name);
  if (desc === undefined) throw new Error(`no own property ${String(name)}`);
  return desc;
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const interfacesHaveWebIdlShape = {
  test() {
    for (const name of ["AbortController", "AbortSignal", "DOMException"]) {
      const desc = ownDescriptor(globalThis, name);
      deepEqual([desc.writable, desc.enumerable, desc.configurable], [true, false, true], name);
      equal(globalThis[name].length, 0, `${name}.length`);
      equal(Object.prototype.toString.call(globalThis[name].prototype), `[object ${name}]`);
    }
    equal(Object.getPrototypeOf(AbortSignal), EventTarget);
    equal(Object.getPrototypeOf(AbortSignal.prototype), EventTarget.prototype);
    equal(Object.prototype.toString.call(new AbortController()), "[object AbortController]");
    equal(Object.prototype.toString.call(new AbortController().signal), "[object AbortSignal]");
    for (const name of ["abort", "timeout", "any"]) equal(ownDescriptor(AbortSignal, name).enumerable, true, name);
    deepEqual([AbortSignal.abort.length, AbortSignal.timeout.length, AbortSignal.any.length], [0, 1, 1]);
    equal(AbortController.prototype.abort.length, 0);
    equal(AbortSignal.prototype.throwIfAborted.length, 0);
    for (const name of ["aborted", "reason", "onabort"]) {
      const desc = ownDescriptor(AbortSignal.prototype, name);
      equal(typeof desc.get, "function", name);
      equal(desc.enumerable, true, name);
    }
    equal(typeof ownDescriptor(AbortSignal.prototype, "onabort").set, "function");
    equal(typeof ownDescriptor(AbortController.prototype, "signal").get, "function");
  },
};

export const abortSignalIsNotConstructible = {
  test() {
    throws(() => new AbortSignal(), TypeError);
    throws(() => AbortSignal(), TypeError);
  },
};

export const brandChecksThrowTypeError = {
  test() {
    const signalGetter = ownDescriptor(AbortController.prototype, "signal").get;
    const abortedGetter = ownDescriptor(AbortSignal.prototype, "aborted").get;
    for (const bad of [null, undefined, 0, "AbortController", Object.create(AbortController.prototype), new EventTarget()]) {
      throws(() => signalGetter.call(bad), TypeError);
      throws(() => AbortController.prototype.abort.call(bad), TypeError);
      throws(() => abortedGetter.call(bad), TypeError);
      throws(() => AbortSignal.prototype.throwIfAborted.call(bad), TypeError);
    }
  },
};

export const abortFiresTheAbortEventSynchronouslyOnce = {
  test() {
    const controller = new AbortController();
    const signal = controller.signal;
    equal(controller.signal, signal, "[SameObject]");
    equal(signal.aborted, false);
    equal(signal.reason, undefined);
    let calls = 0;
    let event;
    signal.addEventListener("abort", (e) => { calls++; event = e; });
    controller.abort("why");
    equal(calls, 1);
    equal(signal.aborted, true);
    equal(signal.reason, "why");
    deepEqual([event.type, event.isTrusted, event.bubbles, event.cancelable, event.target === signal],
      ["abort", true, false, false, true]);
    controller.abort("again");
    equal(calls, 1);
    equal(signal.reason, "why");
  },
};

export const abortWithoutReasonIsAnAbortErrorDomException = {
  test() {
    for (const signal of [(() => { const c = new AbortController(); c.abort(); return c.signal; })(),
      (() => { const c = new AbortController(); c.abort(undefined); return c.signal; })(),
      AbortSignal.abort()]) {
      equal(signal.aborted, true);
      equal(signal.reason instanceof DOMException, true);
      equal(signal.reason.name, "AbortError");
      equal(signal.reason.code, 20);
    }
    equal(AbortSignal.abort(null).reason, null);
  },
};

export const abortSignalAbortReturnsAnAlreadyAbortedSignal = {
  test() {
    const signal = AbortSignal.abort("reason");
    equal(signal.aborted, true);
    equal(signal.reason, "reason");
    signal.onabort = () => { throw new Error("an aborted signal never fires again"); };
    notEqual(AbortSignal.abort(), AbortSignal.abort());
  },
};

function notEqual(a, b) {
  if (a === b) throw new Error("expected different values");
}

export const throwIfAbortedThrowsTheReason = {
  test() {
    const controller = new AbortController();
    controller.signal.throwIfAborted();
    const reason = new Error("stop");
    controller.abort(reason);
    equal(throws(() => controller.signal.throwIfAborted()), reason);
    equal(throws(() => AbortSignal.abort(0).throwIfAborted()), 0);
  },
};

export const onabortIsAnEventHandlerAttribute = {
  test() {
    const controller = new AbortController();
    const signal = controller.signal;
    equal(signal.onabort, null);
    signal.onabort = 5;
    equal(signal.onabort, null, "[LegacyTreatNonObjectAsNull]");
    const order = [];
    signal.addEventListener("abort", () => order.push("first listener"));
    const handler = function (e) { order.push(["handler", this === signal, e.type]); };
    signal.onabort = () => order.push("replaced");
    signal.addEventListener("abort", () => order.push("last listener"));
    signal.onabort = handler;  // keeps the place of the first value
    equal(signal.onabort, handler);
    controller.abort();
    deepEqual(order, ["first listener", ["handler", true, "abort"], "last listener"]);
  },
};

export const onabortSetToNullRemovesTheHandler = {
  test() {
    const controller = new AbortController();
    let calls = 0;
    controller.signal.onabort = () => calls++;
    controller.signal.onabort = null;
    controller.abort();
    equal(calls, 0);
  },
};

export const abortListenerExceptionsDoNotStopTheOthers = {
  test() {
    const controller = new AbortController();
    const calls = [];
    controller.signal.addEventListener("abort", () => { calls.push(1); throw new Error("abort listener failure (expected in this test)"); });
    controller.signal.addEventListener("abort", () => calls.push(2));
    controller.abort();
    deepEqual(calls, [1, 2]);
    equal(controller.signal.aborted, true);
  },
};

export const abortSignalTimeoutAbortsWithTimeoutError = {
  async test() {
    const signal = AbortSignal.timeout(5);
    equal(signal.aborted, false);
    let event;
    signal.onabort = (e) => { event = e; };
    await wait(30);
    equal(signal.aborted, true);
    equal(signal.reason instanceof DOMException, true);
    equal(signal.reason.name, "TimeoutError");
    equal(signal.reason.code, DOMException.TIMEOUT_ERR);
    equal(event.isTrusted, true);
  },
};

export const abortSignalTimeoutEnforcesItsRange = {
  test() {
    throws(() => AbortSignal.timeout(), TypeError);
    for (const bad of [-1, NaN, Infinity, -Infinity, 2 ** 53, "x"]) {
      throws(() => AbortSignal.timeout(bad), TypeError, String(bad));
    }
    equal(AbortSignal.timeout(2 ** 53 - 1).aborted, false, "far beyond a timer's 2^31-1 ms limit");
    equal(AbortSignal.timeout(2 ** 31).aborted, false);
  },
};

export const abortSignalTimeoutBeyondTheTimerLimitDoesNotFireEarly = {
  async test() {
    const signal = AbortSignal.timeout(2 ** 31);
    await wait(20);
    equal(signal.aborted, false);
  },
};

export const anyFollowsFirstAbortedSource = {
  test() {
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const signal = AbortSignal.any(controllers.map((c) => c.signal));
    equal(signal.aborted, false);
    let target;
    signal.onabort = (e) => { target = e.target; };
    controllers[1].abort("second");
    equal(signal.aborted, true);
    equal(signal.reason, "second");
    equal(target, signal);
    controllers[0].abort("first");
    equal(signal.reason, "second");
  },
};

export const anyOfAnAlreadyAbortedSignalIsAbortedWithTheFirstReason = {
  test() {
    const a = new AbortController();
    const b = new AbortController();
    const c = new AbortController();
    b.abort("reason b");
    c.abort("reason c");
    const signal = AbortSignal.any([a.signal, c.signal, b.signal]);
    equal(signal.aborted, true);
    equal(signal.reason, "reason c");
    equal(AbortSignal.any([]).aborted, false);
  },
};

export const anyAcceptsAnyIterableOfSignalsOnly = {
  test() {
    const controller = new AbortController();
    const signal = AbortSignal.any(new Set([controller.signal]));
    controller.abort("r");
    equal(signal.reason, "r");
    throws(() => AbortSignal.any(), TypeError);
    throws(() => AbortSignal.any(controller.signal), TypeError, "not iterable");
    throws(() => AbortSignal.any([controller.signal, {}]), TypeError);
    throws(() => AbortSignal.any([null]), TypeError);
  },
};

export const anyOfDependentSignalsFollowsTheirSources = {
  test() {
    const controller = new AbortController();
    let combined = AbortSignal.any([controller.signal]);
    combined = AbortSignal.any([combined]);
    combined = AbortSignal.any([AbortSignal.any([combined]), new AbortController().signal]);
    let fired = false;
    combined.onabort = () => { fired = true; };
    controller.abort("the reason");
    equal(fired, true);
    equal(combined.reason, "the reason");
  },
};

export const abortEventsOfDependentSignalsFireInOrderAfterTheSource = {
  test() {
    const controller = new AbortController();
    const signals = [controller.signal];
    signals.push(AbortSignal.any([controller.signal]));
    signals.push(AbortSignal.any([controller.signal]));
    signals.push(AbortSignal.any([signals[0]]));
    signals.push(AbortSignal.any([signals[1]]));
    let result = "";
    let allAbortedFirst = true;
    signals.forEach((s, i) => s.addEventListener("abort", () => {
      result += i;
      if (!signals.every((x) => x.aborted)) allAbortedFirst = false;
    }));
    controller.abort();
    equal(result, "01234");
    equal(allAbortedFirst, true, "every dependent is aborted before the first event fires");
    equal(signals[4].reason, signals[0].reason, "the same reason object");
  },
};

export const anyWorksWithTimeoutSignals = {
  async test() {
    const signal = AbortSignal.any([new AbortController().signal, AbortSignal.timeout(5)]);
    await new Promise((resolve) => { signal.onabort = resolve; });
    equal(signal.reason.name, "TimeoutError");
  },
};

export const abortListenerRegisteredInsideAlsRunSeesThatStore = {
  test() {
    const controller = new AbortController();
    const seen = [];
    als.run({ id: "listener" }, () => controller.signal.addEventListener("abort", () => seen.push(als.getStore()?.id)));
    als.run({ id: "handler" }, () => { controller.signal.onabort = () => seen.push(als.getStore()?.id); });
    als.run({ id: "aborter" }, () => controller.abort());
    deepEqual(seen, ["listener", "handler"]);
  },
};

export const abortSignalTimeoutTimerRunsOutsideTheCreatorsStore = {
  async test() {
    const signal = als.run({ id: "creator" }, () => AbortSignal.timeout(1));
    let seen = "not called";
    signal.onabort = () => { seen = als.getStore(); };
    await wait(20);
    equal(seen, undefined);
  },
};

export const listenerWithAnAbortedSignalIsRemovedBeforeTheAbortEvent = {
  test() {
    const target = new EventTarget();
    const controller = new AbortController();
    let calls = 0;
    target.addEventListener("x", () => calls++, { signal: controller.signal });
    controller.signal.onabort = () => target.dispatchEvent(new Event("x"));
    controller.abort();
    equal(calls, 0);
  },
};

export const domExceptionHasWebIdlShape = {
  test() {
    equal(Object.getPrototypeOf(DOMException), Function.prototype);
    equal(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
    const e = new DOMException("message", "NotFoundError");
    equal(e instanceof Error, true);
    equal(Object.prototype.toString.call(e), "[object DOMException]");
    deepEqual([e.name, e.message, e.code], ["NotFoundError", "message", 8]);
    equal(e.hasOwnProperty("name") || e.hasOwnProperty("message") || e.hasOwnProperty("code"), false);
    equal(String(e), "NotFoundError: message");
    equal(typeof e.stack, "string");
    for (const name of ["name", "message", "code", "cause"]) {
      const desc = ownDescriptor(DOMException.prototype, name);
      equal(desc.enumerable, true, name);
      equal(desc.set, undefined, name);
      throws(() => desc.get.call({}), TypeError, name);
    }
    Object.defineProperty(e, "name", { value: "AbortError" });
    equal(e.code, 8, "code follows the internal name");
    const desc = ownDescriptor(DOMException, "ABORT_ERR");
    deepEqual([desc.value, desc.writable, desc.enumerable, desc.configurable], [20, false, true, false]);
    equal(DOMException.prototype.DATA_CLONE_ERR, 25);
    throws(() => DOMException(), TypeError);
  },
};

export const domExceptionConstructorDefaultsAndOptions = {
  test() {
    const plain = new DOMException();
    deepEqual([plain.name, plain.message, plain.code, plain.cause], ["Error", "", 0, undefined]);
    equal(new DOMException(null).message, "null");
    equal(new DOMException("m", undefined).name, "Error");
    equal(new DOMException("m", null).name, "Error");
    const withOptions = new DOMException("m", { name: "TimeoutError", cause: "c" });
    deepEqual([withOptions.name, withOptions.code, withOptions.cause], ["TimeoutError", 23, "c"]);
    equal(new DOMException("m", "ValidationError").code, 0, "removed from the names table");
    equal(new DOMException("m", "DataError").code, 0);
  },
};
