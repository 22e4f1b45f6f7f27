// reportError() (https://html.spec.whatwg.org/multipage/webappapis.html#dom-reporterror) and the
// "report an exception" algorithm behind it
// (https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception), which the other
// builtins use for exceptions nobody caught: event listeners, abort algorithms, queueMicrotask
// and timer callbacks. A cancelable ErrorEvent named "error" is fired at the global scope; if no
// listener cancels it (preventDefault()), the exception is printed as "Uncaught ..." on stderr.
//
// The ErrorEvent itself is made and fired by error_event.js, which plugs itself in here when it
// loads (setErrorEventFirer): ErrorEvent extends Event, and events.js reports its listeners'
// exceptions through this module, so importing error_event.js here would be a cycle in which
// ErrorEvent could be evaluated before Event.
import { console } from "./console.js";
import { requiredArguments } from "./webidl.js";

// (exception) => notHandled: fires the error event at the global and tells whether nobody
// canceled it. Until error_event.js loads, nothing is fired.
let fireErrorEvent = null;

// The global's "in error reporting mode": an exception thrown by an "error" listener is not
// reported to the "error" listeners again (that could recurse without end); it is printed.
let inErrorReportingMode = false;

export function setErrorEventFirer(fire) {
  fireErrorEvent = fire;
}

// Steps 1-6 of "report an exception": fires the error event for `exception` at the global, when
// the global is not already reporting one, and returns notHandled (true unless a listener called
// preventDefault()). Timers use it alone: when the event is not handled, they rethrow, and the
// engine prints the exception as it prints every uncaught one.
export function fireErrorEventAtGlobal(exception) {
  // 1. Let notHandled be true.
  let notHandled = true;
  // 6. If global is not in error reporting mode, then:
  if (!inErrorReportingMode && fireErrorEvent !== null) {
    // 6.1. Set global's in error reporting mode to true.
    inErrorReportingMode = true;
    try {
      // 6.2. Set notHandled to the result of firing an event named error at global, using
      // ErrorEvent, with the cancelable attribute initialized to true, and additional
      // attributes initialized according to errorInfo (steps 2-5, in error_event.js).
      notHandled = fireErrorEvent(exception);
    } finally {
      // 6.3. Set global's in error reporting mode to false.
      inErrorReportingMode = false;
    }
  }
  return notHandled;
}

// https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception for the global.
export function reportException(exception) {
  // 7. If notHandled is true, the user agent may report exception to a developer console.
  if (fireErrorEventAtGlobal(exception)) console.error("Uncaught", exception);
}

// The global reportError(e) operation: report an exception e for this.
export function reportError(e) {
  requiredArguments(arguments.length, 1, "ServiceWorkerGlobalScope", "reportError");
  reportException(e);
}
