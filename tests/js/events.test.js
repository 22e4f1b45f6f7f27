// Event, CustomEvent and EventTarget (https://dom.spec.whatwg.org/#events): the dispatch
// algorithm, listener options, Web IDL shape, and the async context listeners run in.
import { AsyncLocalStorage } from "node:async_hooks";
import { equal, deepEqual, throws } from "./lib/assert.js";

const als = new AsyncLocalStorage();

function ownDescriptor(object, name) {
  const desc = Object.getOwnPropertyDescriptor(object, name);
  if (desc === undefined) throw new Error(`no own property ${String(name)}`);
  return desc;
}

export const interfacesHaveWebIdlShape = {
  test() {
    for (const [name, length] of [["Event", 1], ["CustomEvent", 1], ["EventTarget", 0]]) {
      const desc = ownDescriptor(globalThis, name);
      equal(desc.enumerable, false, `${name} enumerable`);
      equal(desc.writable, true, `${name} writable`);
      equal(desc.configurable, true, `${name} configurable`);
      equal(globalThis[name].length, length, `${name}.length`);
      equal(globalThis[name].name, name);
      equal(Object.prototype.toString.call(globalThis[name].prototype), `[object ${name}]`);
    }
    equal(Object.getPrototypeOf(CustomEvent), Event);
    equal(Object.getPrototypeOf(CustomEvent.prototype), Event.prototype);
    equal(Object.prototype.toString.call(new Event("x")), "[object Event]");
    equal(Object.prototype.toString.call(new CustomEvent("x")), "[object CustomEvent]");
    equal(Object.prototype.toString.call(new EventTarget()), "[object EventTarget]");
    const type = ownDescriptor(Event.prototype, "type");
    equal(typeof type.get, "function");
    equal(type.set, undefined);
    equal(type.enumerable, true);
    equal(type.get.name, "get type");
    equal(ownDescriptor(Event.prototype, "returnValue").set.length, 1);
    equal(ownDescriptor(Event.prototype, "preventDefault").enumerable, true);
    equal(ownDescriptor(Event.prototype, "constructor").enumerable, false);
    equal(EventTarget.prototype.addEventListener.length, 2);
    equal(EventTarget.prototype.removeEventListener.length, 2);
    equal(EventTarget.prototype.dispatchEvent.length, 1);
    equal(Event.prototype.initEvent.length, 1);
    equal(CustomEvent.prototype.initCustomEvent.length, 1);
    equal(Event.prototype.composedPath.length, 0);
  },
};

export const eventPhaseConstantsAreOnTheInterfaceAndItsPrototype = {
  test() {
    for (const [name, value] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
      for (const holder of [Event, Event.prototype]) {
        const desc = ownDescriptor(holder, name);
        deepEqual([desc.value, desc.writable, desc.enumerable, desc.configurable], [value, false, true, false], name);
      }
      equal(new Event("x")[name], value);
    }
  },
};

export const isTrustedIsAnUnforgeableOwnAccessorSharedByAllEvents = {
  test() {
    const a = ownDescriptor(new Event("x"), "isTrusted");
    const b = ownDescriptor(new CustomEvent("y"), "isTrusted");
    equal(typeof a.get, "function");
    equal(a.get, b.get);
    equal(a.configurable, false);
    equal(a.enumerable, true);
    equal(Object.getOwnPropertyDescriptor(Event.prototype, "isTrusted"), undefined);
    equal(new Event("x").isTrusted, false);
    throws(() => a.get.call({}), TypeError);
  },
};

export const constructorsRequireTheTypeAndNew = {
  test() {
    throws(() => new Event(), TypeError);
    throws(() => Event("x"), TypeError);
    throws(() => new CustomEvent(), TypeError);
    throws(() => new Event("x", 5), TypeError, "a primitive is not a dictionary");
    throws(() => new Event(Symbol("x")), TypeError);
    const error = { name: "sentinel" };
    try {
      new Event({ toString() { throw error; } });
      throw new Error("expected the toString exception");
    } catch (e) {
      equal(e, error);
    }
  },
};

export const eventInitMembersAreReadInLexicographicOrder = {
  test() {
    const read = [];
    const init = {};
    for (const name of ["detail", "composed", "cancelable", "bubbles", "other"]) {
      Object.defineProperty(init, name, { get() { read.push(name); return true; } });
    }
    const event = new Event("x", init);
    deepEqual(read, ["bubbles", "cancelable", "composed"]);
    deepEqual([event.bubbles, event.cancelable, event.composed], [true, true, true]);
    read.length = 0;
    const custom = new CustomEvent("x", init);
    deepEqual(read, ["bubbles", "cancelable", "composed", "detail"]);
    equal(custom.detail, true);
  },
};

export const newEventHasDefaultAttributes = {
  test() {
    const event = new Event("x", null);
    equal(event.type, "x");
    equal(event.target, null);
    equal(event.srcElement, null);
    equal(event.currentTarget, null);
    equal(event.eventPhase, Event.NONE);
    equal(event.bubbles, false);
    equal(event.cancelable, false);
    equal(event.composed, false);
    equal(event.defaultPrevented, false);
    equal(event.returnValue, true);
    equal(event.cancelBubble, false);
    equal(typeof event.timeStamp, "number");
    equal(event.timeStamp > 0, true);
    deepEqual(event.composedPath(), []);
    equal(new CustomEvent("x").detail, null);
  },
};

export const dispatchEventReturnsNotDefaultPrevented = {
  test() {
    const target = new EventTarget();
    target.addEventListener("x", (e) => e.preventDefault());
    equal(target.dispatchEvent(new Event("x", { cancelable: true })), false);
    equal(target.dispatchEvent(new Event("x")), true, "not cancelable: preventDefault does nothing");
    const event = new Event("x", { cancelable: true });
    target.dispatchEvent(event);
    equal(event.defaultPrevented, true, "defaultPrevented stays set after dispatch");
    equal(event.returnValue, false);
  },
};

export const passiveListenersCannotCancel = {
  test() {
    const target = new EventTarget();
    let seen;
    target.addEventListener("x", (e) => { e.preventDefault(); e.returnValue = false; seen = e.defaultPrevented; }, { passive: true });
    equal(target.dispatchEvent(new Event("x", { cancelable: true })), true);
    equal(seen, false);
  },
};

export const returnValueAndCancelBubbleAreLegacyAliases = {
  test() {
    const event = new Event("x", { cancelable: true });
    event.returnValue = true;
    equal(event.defaultPrevented, false);
    event.returnValue = false;
    equal(event.defaultPrevented, true);
    event.returnValue = true;
    equal(event.defaultPrevented, true, "returnValue = true does not un-cancel");
    event.cancelBubble = false;
    equal(event.cancelBubble, false);
    event.cancelBubble = true;
    equal(event.cancelBubble, true);
    event.cancelBubble = false;
    equal(event.cancelBubble, true, "cancelBubble = false does not un-stop");
  },
};

export const duringDispatchTheEventIsAtTheTarget = {
  test() {
    const target = new EventTarget();
    const event = new Event("x");
    let seen;
    target.addEventListener("x", function (e) {
      seen = [e === event, this === target, e.target === target, e.srcElement === target,
        e.currentTarget === target, e.eventPhase, e.composedPath().length, e.composedPath()[0] === target];
    });
    target.dispatchEvent(event);
    deepEqual(seen, [true, true, true, true, true, Event.AT_TARGET, 1, true]);
    equal(event.eventPhase, Event.NONE);
    equal(event.currentTarget, null);
    equal(event.target, target, "target stays after dispatch");
    deepEqual(event.composedPath(), []);
  },
};

export const capturingListenersRunBeforeNonCapturing = {
  test() {
    const target = new EventTarget();
    const order = [];
    target.addEventListener("x", () => order.push(1), true);
    target.addEventListener("x", () => order.push(2), false);
    target.addEventListener("x", () => order.push(3), { capture: true });
    target.dispatchEvent(new Event("x"));
    deepEqual(order, [1, 3, 2]);
  },
};

export const sameListenerIsAddedOncePerCaptureValue = {
  test() {
    const target = new EventTarget();
    let calls = 0;
    const listener = () => calls++;
    target.addEventListener("x", listener);
    target.addEventListener("x", listener, { passive: true, once: true });
    target.addEventListener("x", listener, true);
    target.dispatchEvent(new Event("x"));
    equal(calls, 2);
    target.removeEventListener("x", listener, { capture: true });
    target.dispatchEvent(new Event("x"));
    equal(calls, 3);
    target.removeEventListener("x", listener);
    target.dispatchEvent(new Event("x"));
    equal(calls, 3);
  },
};

export const onceListenerRunsOnce = {
  test() {
    const target = new EventTarget();
    let calls = 0;
    target.addEventListener("x", () => {
      calls++;
      target.dispatchEvent(new Event("x"));  // nested: the once listener is already removed
    }, { once: true });
    target.dispatchEvent(new Event("x"));
    target.dispatchEvent(new Event("x"));
    equal(calls, 1);
  },
};

export const listenerRemovedDuringDispatchIsNotCalledAndOneAddedIsNot = {
  test() {
    const target = new EventTarget();
    const calls = [];
    const second = () => calls.push("second");
    const third = () => calls.push("third");
    target.addEventListener("x", () => {
      calls.push("first");
      target.removeEventListener("x", second);
      target.addEventListener("x", third);
    });
    target.addEventListener("x", second);
    target.dispatchEvent(new Event("x"));
    deepEqual(calls, ["first"]);
  },
};

export const stopImmediatePropagationSkipsLaterListeners = {
  test() {
    const target = new EventTarget();
    const calls = [];
    target.addEventListener("x", (e) => { calls.push(1); e.stopImmediatePropagation(); });
    target.addEventListener("x", () => calls.push(2));
    const event = new Event("x");
    target.dispatchEvent(event);
    deepEqual(calls, [1]);
    equal(event.cancelBubble, false, "the flags are reset after dispatch");
    target.dispatchEvent(event);
    deepEqual(calls, [1, 1]);
  },
};

export const stopPropagationInCaptureSkipsNonCaptureListenersAtTarget = {
  test() {
    const target = new EventTarget();
    const calls = [];
    target.addEventListener("x", (e) => { calls.push("capture"); e.stopPropagation(); }, true);
    target.addEventListener("x", () => calls.push("capture 2"), true);
    target.addEventListener("x", () => calls.push("bubble"));
    target.dispatchEvent(new Event("x"));
    deepEqual(calls, ["capture", "capture 2"]);
  },
};

export const handleEventObjectsAreLookedUpAtEveryDispatch = {
  test() {
    const target = new EventTarget();
    let lookups = 0;
    let self;
    const listener = {
      get handleEvent() {
        lookups++;
        return function () { self = this; };
      },
    };
    target.addEventListener("x", listener);
    equal(lookups, 0);
    target.dispatchEvent(new Event("x"));
    target.dispatchEvent(new Event("x"));
    equal(lookups, 2);
    equal(self, listener);
    let called = 0;
    const fn = () => called++;
    fn.handleEvent = () => { throw new Error("handleEvent of a function is not called"); };
    target.addEventListener("y", fn);
    target.dispatchEvent(new Event("y"));
    equal(called, 1);
  },
};

export const listenerExceptionsAreReportedAndOtherListenersRun = {
  test() {
    const target = new EventTarget();
    const calls = [];
    target.addEventListener("x", () => { calls.push(1); throw new Error("listener failure (expected in this test)"); });
    target.addEventListener("x", { handleEvent: 42 });  // not callable: a TypeError, reported
    target.addEventListener("x", () => calls.push(2));
    equal(target.dispatchEvent(new Event("x")), true);
    deepEqual(calls, [1, 2]);
  },
};

export const redispatchWhileDispatchingThrowsInvalidStateError = {
  test() {
    const target = new EventTarget();
    const event = new Event("x");
    let error;
    target.addEventListener("x", () => {
      try { target.dispatchEvent(event); } catch (e) { error = e; }
    });
    equal(target.dispatchEvent(event), true);
    equal(error instanceof DOMException, true);
    equal(error.name, "InvalidStateError");
    equal(error.code, DOMException.INVALID_STATE_ERR);
  },
};

export const scriptEventsAreNotTrusted = {
  test() {
    const target = new EventTarget();
    let trusted;
    target.addEventListener("x", (e) => { trusted = e.isTrusted; });
    target.dispatchEvent(new Event("x"));
    equal(trusted, false);
  },
};

export const initEventResetsFlagsButNotWhileDispatching = {
  test() {
    const target = new EventTarget();
    const event = new CustomEvent("x", { detail: 1 });
    target.addEventListener("x", (e) => {
      e.initEvent("y", true, true);
      e.initCustomEvent("y", true, true, 2);
    });
    target.dispatchEvent(event);
    deepEqual([event.type, event.bubbles, event.cancelable, event.detail], ["x", false, false, 1]);
    event.initCustomEvent("z", true, true, 3);
    deepEqual([event.type, event.bubbles, event.cancelable, event.detail, event.target], ["z", true, true, 3, null]);
    event.preventDefault();
    equal(event.defaultPrevented, true);
    event.initEvent("w");
    deepEqual([event.type, event.bubbles, event.defaultPrevented], ["w", false, false]);
  },
};

export const brandChecksThrowTypeError = {
  test() {
    const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
    for (const bad of [undefined, null, {}, Object.create(Event.prototype), new EventTarget()]) {
      throws(() => getter(Event.prototype, "type").call(bad), TypeError);
      throws(() => Event.prototype.preventDefault.call(bad), TypeError);
    }
    throws(() => getter(CustomEvent.prototype, "detail").call(new Event("x")), TypeError);
    for (const bad of [{}, 1, Object.create(EventTarget.prototype), new Event("x")]) {
      throws(() => EventTarget.prototype.addEventListener.call(bad, "x", null), TypeError);
      throws(() => EventTarget.prototype.dispatchEvent.call(bad, new Event("x")), TypeError);
    }
  },
};

export const argumentsAreConvertedAsWebIdlSays = {
  test() {
    const target = new EventTarget();
    throws(() => target.addEventListener("x"), TypeError, "two arguments required");
    throws(() => target.removeEventListener("x"), TypeError, "two arguments required");
    throws(() => target.dispatchEvent(), TypeError);
    throws(() => target.dispatchEvent({ type: "x" }), TypeError, "not an Event");
    throws(() => target.addEventListener("x", "not a listener"), TypeError);
    throws(() => target.addEventListener("x", () => {}, { signal: null }), TypeError, "signal: null");
    throws(() => target.addEventListener("x", null, { signal: {} }), TypeError, "signal not an AbortSignal");
    equal(target.addEventListener("x", null), undefined);
    const read = [];
    const options = {};
    for (const name of ["signal", "passive", "once", "capture"]) {
      Object.defineProperty(options, name, { get() { read.push(name); return undefined; } });
    }
    target.addEventListener("x", null, options);
    deepEqual(read, ["capture", "once", "passive", "signal"]);
    read.length = 0;
    target.removeEventListener("x", null, options);
    deepEqual(read, ["capture"]);
    let calls = 0;
    const listener = () => calls++;
    target.addEventListener(1, listener);
    target.dispatchEvent(new Event("1"));
    equal(calls, 1, "type is a DOMString");
  },
};

export const signalOptionRemovesTheListenerWhenAborted = {
  test() {
    const target = new EventTarget();
    const controller = new AbortController();
    let calls = 0;
    const listener = () => calls++;
    target.addEventListener("x", listener, { signal: controller.signal });
    target.dispatchEvent(new Event("x"));
    controller.abort();
    target.dispatchEvent(new Event("x"));
    equal(calls, 1);
    target.addEventListener("x", listener, { signal: controller.signal });
    target.dispatchEvent(new Event("x"));
    equal(calls, 1, "an aborted signal adds nothing");
  },
};

export const eventTargetCanBeSubclassed = {
  test() {
    class Emitter extends EventTarget {
      emit(type, detail) { return this.dispatchEvent(new CustomEvent(type, { detail })); }
    }
    const emitter = new Emitter();
    let got;
    emitter.addEventListener("data", (e) => { got = [e.detail, e.target === emitter]; });
    emitter.emit("data", 42);
    deepEqual(got, [42, true]);
    class MyEvent extends Event {
      constructor() { super("mine", { cancelable: true }); this.extra = 1; }
    }
    const event = new MyEvent();
    equal(event.isTrusted, false);
    equal(event.cancelable, true);
    equal(emitter.dispatchEvent(event), true);
  },
};

export const listenerRegisteredInsideAlsRunSeesThatStore = {
  async test() {
    const target = new EventTarget();
    const seen = [];
    als.run({ id: 1 }, () => target.addEventListener("x", () => seen.push(als.getStore()?.id)));
    als.run({ id: 2 }, () => target.addEventListener("x", { handleEvent() { seen.push(als.getStore()?.id); } }));
    await als.run({ id: 3 }, async () => {
      await null;
      target.dispatchEvent(new Event("x"));
      equal(als.getStore().id, 3, "the dispatcher's store is back after the listeners");
    });
    target.dispatchEvent(new Event("x"));
    deepEqual(seen, [1, 2, 1, 2]);
  },
};

export const listenerRegisteredOutsideAnyScopeSeesTheDispatchersStore = {
  test() {
    const target = new EventTarget();
    let seen = "not called";
    target.addEventListener("x", () => { seen = als.getStore()?.id; });
    als.run({ id: 7 }, () => target.dispatchEvent(new Event("x")));
    equal(seen, 7);
  },
};

export const listenerRegisteredInsideAlsRunSeesThatStoreWhenDispatchedFromATimer = {
  async test() {
    const target = new EventTarget();
    const ids = await Promise.all([1, 2, 3].map((id) => als.run({ id }, () => new Promise((resolve) => {
      target.addEventListener(`e${id}`, () => resolve(als.getStore().id));
      setTimeout(() => als.run({ id: "timer" }, () => target.dispatchEvent(new Event(`e${id}`))), 3 - id);
    }))));
    deepEqual(ids, [1, 2, 3]);
  },
};

export const globalScopeIsAnEventTarget = {
  test() {
    for (const name of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
      const desc = ownDescriptor(globalThis, name);
      deepEqual([desc.writable, desc.enumerable, desc.configurable], [true, true, true], name);
    }
    equal(dispatchEvent.length, 1);
    const calls = [];
    function listener(e) { calls.push([this === globalThis, e.target === globalThis, e.currentTarget === globalThis]); }
    globalThis.addEventListener("custom-global", listener);
    equal(globalThis.dispatchEvent(new Event("custom-global")), true);
    EventTarget.prototype.dispatchEvent.call(globalThis, new Event("custom-global"));
    globalThis.removeEventListener("custom-global", listener);
    dispatchEvent(new Event("custom-global"));
    deepEqual(calls, [[true, true, true], [true, true, true]]);
    throws(() => dispatchEvent(null), TypeError);
    throws(() => globalThis.addEventListener("custom-global"), TypeError);
  },
};

export const globalListenerSeesTheStoreItWasAddedIn = {
  test() {
    let seen;
    const listener = () => { seen = als.getStore(); };
    als.run("registered", () => addEventListener("custom-als", listener));
    als.run("dispatching", () => dispatchEvent(new Event("custom-als")));
    removeEventListener("custom-als", listener);
    equal(seen, "registered");
  },
};
