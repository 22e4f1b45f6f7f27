// ErrorEvent (https://html.spec.whatwg.org/multipage/webappapis.html#the-errorevent-interface),
// and the part of "report an exception" that makes one: extracting the error information and
// firing the event at the global scope (report_error.js holds the rest of the algorithm, and
// this module plugs itself in there when it loads; see report_error.js for why).
import {
  ObjectGetOwnPropertyDescriptor, ObjectGetPrototypeOf, ObjectPrototypeToString, ReflectApply,
  ErrorPrototype, ErrorCaptureStackTrace, StringPrototypeSplit, StringPrototypeStartsWith,
  NumberIsNaN, MathFloor,
} from "./primordials.js";
import {
  brandCheck, defineInterface, enumerableMembers, requiredArguments, toDOMString, toUSVString,
  toDictionary,
} from "./webidl.js";
import { Event, dispatchTrustedEvent, hasEventListener } from "./events.js";
import { setErrorEventFirer } from "./report_error.js";

const ErrorPrototypeToString = ErrorPrototype.toString;
const RegExpPrototypeExec = RegExp.prototype.exec;
const StringCtor = String;

// https://webidl.spec.whatwg.org/#es-unsigned-long (no [EnforceRange], no [Clamp]): modulo 2^32.
function toUnsignedLong(value) {
  const x = +value;
  if (NumberIsNaN(x) || x === Infinity || x === -Infinity) return 0;
  const integer = x < 0 ? -MathFloor(-x) : MathFloor(x);
  const modulo = integer % 4294967296;
  return modulo < 0 ? modulo + 4294967296 : modulo + 0;  // + 0 turns -0 into +0
}

let isErrorEvent;

export class ErrorEvent extends Event {
  #message;
  #filename;
  #lineno;
  #colno;
  #error;

  // https://dom.spec.whatwg.org/#concept-event-constructor with dictionary ErrorEventInit :
  // EventInit { DOMString message = ""; USVString filename = ""; unsigned long lineno = 0;
  // unsigned long colno = 0; any error; }. Members are read as Web IDL converts a dictionary:
  // the inherited ones first, then each level's in lexicographic order.
  constructor(type, eventInitDict = undefined) {
    requiredArguments(arguments.length, 1, "ErrorEvent");
    type = toDOMString(type);
    const init = toDictionary(eventInitDict, "Failed to construct 'ErrorEvent': parameter 2");
    let bubbles = false;
    let cancelable = false;
    let composed = false;
    let colno = 0;
    let error;
    let filename = "";
    let lineno = 0;
    let message = "";
    if (init !== undefined) {
      bubbles = !!init.bubbles;
      cancelable = !!init.cancelable;
      composed = !!init.composed;
      const colnoValue = init.colno;
      if (colnoValue !== undefined) colno = toUnsignedLong(colnoValue);
      error = init.error;
      const filenameValue = init.filename;
      if (filenameValue !== undefined) filename = toUSVString(filenameValue);
      const linenoValue = init.lineno;
      if (linenoValue !== undefined) lineno = toUnsignedLong(linenoValue);
      const messageValue = init.message;
      if (messageValue !== undefined) message = toDOMString(messageValue);
    }
    super(type, { __proto__: null, bubbles, cancelable, composed });
    this.#message = message;
    this.#filename = filename;
    this.#lineno = lineno;
    this.#colno = colno;
    this.#error = error;
  }

  get message() {
    brandCheck(this, isErrorEvent, "ErrorEvent");
    return this.#message;
  }

  get filename() {
    brandCheck(this, isErrorEvent, "ErrorEvent");
    return this.#filename;
  }

  get lineno() {
    brandCheck(this, isErrorEvent, "ErrorEvent");
    return this.#lineno;
  }

  get colno() {
    brandCheck(this, isErrorEvent, "ErrorEvent");
    return this.#colno;
  }

  get error() {
    brandCheck(this, isErrorEvent, "ErrorEvent");
    return this.#error;
  }

  static {
    isErrorEvent = (value) => #message in value;
  }
}

defineInterface(ErrorEvent);
enumerableMembers(ErrorEvent, ["message", "filename", "lineno", "colno", "error"]);

// ---------------------------------------------------------------------------------------------
// https://html.spec.whatwg.org/multipage/webappapis.html#extract-error: the message, filename,
// lineno and colno are "implementation-defined values derived from exception". As in V8's own
// messages (and Deno, and Chrome's ErrorEvent): message is "Uncaught " and the exception
// described ("Error: boom", "1"); the location is the first frame of the exception's stack that
// is not the runtime's own code, or, for an exception without a stack (reportError(1)), the
// place that reported it.

function isErrorLike(value) {
  for (let proto = ObjectGetPrototypeOf(value); proto !== null; proto = ObjectGetPrototypeOf(proto)) {
    if (proto === ErrorPrototype) return true;
  }
  return false;
}

function describe(exception) {
  if ((typeof exception !== "object" && typeof exception !== "function") || exception === null) {
    return StringCtor(exception);  // no user code runs for a primitive, a Symbol included
  }
  if (isErrorLike(exception)) return `${ReflectApply(ErrorPrototypeToString, exception, [])}`;
  return ObjectPrototypeToString(exception);
}

// The stack an Error got when it was made, as a string; undefined for other values. Only an own
// data property is read, so no getter of a user object runs.
function ownStack(value) {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  const desc = ObjectGetOwnPropertyDescriptor(value, "stack");
  return desc !== undefined && typeof desc.value === "string" ? desc.value : undefined;
}

// "    at f (file:///w/index.js:3:9)", "    at file:///w/index.js:3:9", "    at async f (...)".
const kFrame = /^ {4}at (?:.* \()?(.+?):(\d+):(\d+)\)?$/;

// { filename, lineno, colno } of the first frame in `stack` outside the runtime's builtins.
function firstUserFrame(stack) {
  const lines = StringPrototypeSplit(stack, "\n");
  for (let i = 0; i < lines.length; i++) {
    const match = ReflectApply(RegExpPrototypeExec, kFrame, [lines[i]]);
    if (match === null) continue;
    const filename = match[1];
    if (StringPrototypeStartsWith(filename, "edgerun:")) continue;
    return { filename, lineno: +match[2], colno: +match[3] };
  }
  return undefined;
}

function extractErrorInformation(exception) {
  let message = "Uncaught";
  let location;
  try {
    message = `Uncaught ${describe(exception)}`;
    const stack = ownStack(exception);
    if (stack !== undefined) location = firstUserFrame(stack);
    if (location === undefined) {
      const here = {};
      ErrorCaptureStackTrace(here);
      const trace = ownStack(here);
      if (trace !== undefined) location = firstUserFrame(trace);
    }
  } catch {
    // A throwing toString, @@toStringTag getter or Error.prepareStackTrace: keep what we have.
  }
  return {
    __proto__: null,
    error: exception,
    message,
    filename: location === undefined ? "" : location.filename,
    lineno: location === undefined ? 0 : location.lineno,
    colno: location === undefined ? 0 : location.colno,
  };
}

// Step 6.2 of "report an exception": returns notHandled. With no "error" listener on the global
// nothing can observe the event, so none is made.
function fireErrorEvent(exception) {
  if (!hasEventListener(globalThis, "error")) return true;
  // 2. Let errorInfo be the result of extracting error information from exception.
  const errorInfo = extractErrorInformation(exception);
  const event = new ErrorEvent("error", {
    __proto__: null,
    bubbles: false,
    cancelable: true,
    composed: false,
    colno: errorInfo.colno,
    error: errorInfo.error,
    filename: errorInfo.filename,
    lineno: errorInfo.lineno,
    message: errorInfo.message,
  });
  return dispatchTrustedEvent(globalThis, event);
}

setErrorEventFirer(fireErrorEvent);
