// reportError() and "report an exception"
// (https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception): a cancelable
// ErrorEvent named "error" is fired at the global scope; only when no listener cancels it is the
// exception printed (the log cannot be read from here: these tests check the event and that it
// is dispatched). And the Web IDL shape of ErrorEvent, as WPT's idlharness and
// html/webappapis/scripting tests check it.
import { equal, deepEqual, throws } from "./lib/assert.js";

// Adds a one-shot "error" listener to the global scope that cancels the event (so the test
// output stays free of expected "Uncaught" lines) and returns the events it saw.
function catchErrorEvents({ cancel = true } = {}) {
  const events = [];
  const listener = (event) => {
    events.push(event);
    if (cancel) event.preventDefault();
  };
  addEventListener("error", listener);
  events.stop = () => removeEventListener("error", listener);
  return events;
}

export const reportErrorFiresErrorEventAtGlobal = {
  test() {
    const events = catchErrorEvents();
    const error = new Error("boom");
    try {
      reportError(error);
    } finally {
      events.stop();
    }
    equal(events.length, 1, "dispatched synchronously, once");
    const [event] = events;
    equal(event instanceof ErrorEvent, true);
    equal(event.type, "error");
    equal(event.isTrusted, true);
    equal(event.cancelable, true);
    equal(event.bubbles, false);
    equal(event.target, globalThis);
    equal(event.error, error);
    equal(event.message, "Uncaught Error: boom");
    equal(event.filename.endsWith("report_error.test.js"), true, `filename ${event.filename}`);
    equal(event.lineno, 25, "the line where the Error was made");
    equal(event.colno, 19);
  },
};

export const preventDefaultSuppressesTheLog = {
  test() {
    const events = catchErrorEvents({ cancel: true });
    try {
      equal(reportError(new TypeError("handled")), undefined);
    } finally {
      events.stop();
    }
    equal(events.length, 1);
    equal(events[0].defaultPrevented, true, "the event was canceled, so nothing is printed");
    equal(events[0].message, "Uncaught TypeError: handled");
  },
};

export const reportErrorOfAValueWithoutAStackUsesTheReportersLocation = {
  test() {
    const events = catchErrorEvents();
    try {
      reportError(1);
      reportError(undefined);
      reportError({ toString() { throw new Error("not called"); } });
    } finally {
      events.stop();
    }
    equal(events.length, 3);
    equal(events[0].error, 1);
    equal(events[1].error, undefined);
    equal(typeof events[2].error, "object");
    deepEqual(events.map((e) => e.message), ["Uncaught 1", "Uncaught undefined", "Uncaught [object Object]"]);
    equal(events[0].filename.endsWith("report_error.test.js"), true, `filename ${events[0].filename}`);
    equal(events[0].lineno, 65);
    equal(events[0].colno > 0, true);
  },
};

export const reportErrorRequiresOneArgument = {
  test() {
    throws(() => reportError(), TypeError);
    equal(reportError.length, 1);
    equal(reportError.name, "reportError");
  },
};

export const withoutErrorListenersNothingIsDispatched = {
  test() {
    // Only checks that reporting with no listener does not throw (it is printed instead).
    const target = new EventTarget();
    target.addEventListener("x", (event) => event.preventDefault());
    equal(target.dispatchEvent(new Event("x", { cancelable: true })), false);
  },
};

export const listenerExceptionsAreReportedAtTheGlobal = {
  test() {
    const events = catchErrorEvents();
    const error = new RangeError("from a listener");
    const target = new EventTarget();
    let after = false;
    target.addEventListener("x", () => { throw error; });
    target.addEventListener("x", () => { after = true; });
    try {
      target.dispatchEvent(new Event("x"));
    } finally {
      events.stop();
    }
    equal(events.length, 1);
    equal(events[0].error, error);
    equal(after, true, "the next listener still runs");
  },
};

export const anErrorListenerThatThrowsIsNotToldOfItsOwnException = {
  test() {
    let calls = 0;
    const listener = (event) => {
      calls++;
      event.preventDefault();
      throw new Error("expected: thrown by an error listener, printed once");
    };
    addEventListener("error", listener);
    try {
      reportError(new Error("first"));
    } finally {
      removeEventListener("error", listener);
    }
    equal(calls, 1);
  },
};

export const timerExceptionsFireTheErrorEvent = {
  async test() {
    const events = catchErrorEvents();
    const error = new Error("from a timer");
    try {
      await new Promise((resolve) => {
        setTimeout(() => { throw error; }, 1);
        setTimeout(resolve, 5);
      });
    } finally {
      events.stop();
    }
    equal(events.length, 1);
    equal(events[0].error, error);
    equal(events[0].message, "Uncaught Error: from a timer");
  },
};

export const microtaskAndAbortListenerExceptionsFireTheErrorEvent = {
  async test() {
    const events = catchErrorEvents();
    const fromMicrotask = new Error("from queueMicrotask");
    const fromAbort = new Error("from an abort listener");
    try {
      await new Promise((resolve) => {
        queueMicrotask(() => { throw fromMicrotask; });
        queueMicrotask(resolve);
      });
      const controller = new AbortController();
      controller.signal.addEventListener("abort", () => { throw fromAbort; });
      controller.abort();
    } finally {
      events.stop();
    }
    deepEqual(events.map((e) => e.error.message), [fromMicrotask.message, fromAbort.message]);
  },
};

// ---------------------------------------------------------------------------------------------
// ErrorEvent's Web IDL shape.

export const errorEventHasWebIdlShape = {
  test() {
    const desc = Object.getOwnPropertyDescriptor(globalThis, "ErrorEvent");
    deepEqual([desc.writable, desc.enumerable, desc.configurable], [true, false, true]);
    equal(ErrorEvent.length, 1);
    equal(ErrorEvent.name, "ErrorEvent");
    equal(Object.getPrototypeOf(ErrorEvent), Event);
    equal(Object.getPrototypeOf(ErrorEvent.prototype), Event.prototype);
    equal(Object.prototype.toString.call(ErrorEvent.prototype), "[object ErrorEvent]");
    equal(Object.prototype.toString.call(new ErrorEvent("x")), "[object ErrorEvent]");
    for (const name of ["message", "filename", "lineno", "colno", "error"]) {
      const attr = Object.getOwnPropertyDescriptor(ErrorEvent.prototype, name);
      equal(typeof attr.get, "function", name);
      equal(attr.set, undefined, name);
      deepEqual([attr.enumerable, attr.configurable], [true, true], name);
      equal(attr.get.name, `get ${name}`);
      throws(() => attr.get.call(new Event("x")), TypeError, `${name} is brand-checked`);
    }
    throws(() => new ErrorEvent(), TypeError);
    throws(() => ErrorEvent("x"), TypeError);
    throws(() => new ErrorEvent("x", 1), TypeError);
  },
};

export const errorEventDefaults = {
  test() {
    const event = new ErrorEvent("error");
    deepEqual([event.type, event.message, event.filename, event.lineno, event.colno], ["error", "", "", 0, 0]);
    equal(event.error, undefined, "ErrorEventInit's error has no default (whatwg/html#7983)");
    deepEqual([event.bubbles, event.cancelable, event.composed, event.isTrusted], [false, false, false, false]);
    equal(new ErrorEvent("error", { error: null }).error, null);
  },
};

export const errorEventInitMembersAreConverted = {
  test() {
    const error = { any: "value" };
    const event = new ErrorEvent("e", {
      bubbles: 1, cancelable: "yes", message: 42, filename: "a\uD800b", lineno: -1, colno: 2 ** 32 + 5, error,
    });
    deepEqual([event.bubbles, event.cancelable], [true, true]);
    equal(event.message, "42");
    equal(event.filename, "a\uFFFDb", "USVString");
    equal(event.lineno, 4294967295, "unsigned long wraps modulo 2^32");
    equal(event.colno, 5);
    equal(event.error, error);
    deepEqual([1.9, "7", NaN, Infinity, -0].map((lineno) => new ErrorEvent("e", { lineno }).lineno), [1, 7, 0, 0, 0]);
  },
};

export const errorEventInitIsReadInDictionaryOrder = {
  test() {
    const read = [];
    const init = new Proxy({}, { get(target, key) { read.push(key); return undefined; } });
    new ErrorEvent("e", init);
    deepEqual(read, ["bubbles", "cancelable", "composed", "colno", "error", "filename", "lineno", "message"]);
  },
};

export const syntheticErrorEventsAreNotTrustedAndDoNotReport = {
  test() {
    const events = catchErrorEvents();
    try {
      const dispatched = dispatchEvent(new ErrorEvent("error", { message: "synthetic", cancelable: true }));
      equal(dispatched, false, "the listener canceled it");
    } finally {
      events.stop();
    }
    equal(events.length, 1);
    equal(events[0].isTrusted, false);
    equal(events[0].message, "synthetic");
  },
};
