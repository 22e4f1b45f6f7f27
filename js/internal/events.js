// Event, CustomEvent and EventTarget, as the DOM Standard words them
// (https://dom.spec.whatwg.org/#events), with event handler attributes (onabort) from HTML
// (https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes).
//
// There are no nodes or shadow trees here, so an event's path has a single struct: its target.
// The global scope is an EventTarget too (as workerd's ServiceWorkerGlobalScope is): the
// methods of EventTarget.prototype accept globalThis, and bootstrap.js installs global
// addEventListener/removeEventListener/dispatchEvent that use it.
//
// Async context (spec/runtime.md): a listener runs in the async context frame that was current
// when it was added (AsyncLocalStorage stores, the request it was added in). A listener added
// outside any frame (module top level) runs in the frame of whoever dispatches the event.
import {
  ObjectDefineProperty, ObjectGetOwnPropertyDescriptor, ReflectApply, ArrayPrototypePush,
  ArrayPrototypeSlice, ArrayPrototypeSplice, TypeErrorCtor, DateNow,
} from "./primordials.js";
import {
  brandCheck, defineInterface, enumerableMembers, defineConstants, requiredArguments, toDOMString,
  toDictionary,
} from "./webidl.js";
import { currentFrame, runInFrame } from "./async_context.js";
import { reportError } from "./report_error.js";
import { DOMException } from "./dom_exception.js";

// https://dom.spec.whatwg.org/#dom-event-none
const NONE = 0;
const CAPTURING_PHASE = 1;
const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

// abort.js plugs in what EventTarget needs to know about AbortSignal (an import would be a
// cycle: AbortSignal extends EventTarget).
let signals = {
  isAbortSignal: () => false,
  aborted: () => false,
  addAlgorithm: () => {},
  removeAlgorithm: () => {},
  abortListenersChanged: () => {},
};
export function setSignalHooks(hooks) {
  signals = hooks;
}

// ---------------------------------------------------------------------------------------------
// Event: https://dom.spec.whatwg.org/#interface-event

// The internal state of an event (https://dom.spec.whatwg.org/#concept-event): its attributes
// and flags, under the spec's names.
function newEventState(type, bubbles, cancelable, composed) {
  return {
    type,
    target: null,
    relatedTarget: null,
    currentTarget: null,
    eventPhase: NONE,
    bubbles,
    cancelable,
    composed,
    isTrusted: false,
    // "relative high resolution coarse time": Workers' clock is Date.now() (performance.now()
    // and its time origin 0 in workerd), so timeStamp is on the same scale.
    timeStamp: DateNow(),
    path: [],
    stopPropagationFlag: false,
    stopImmediatePropagationFlag: false,
    canceledFlag: false,
    inPassiveListenerFlag: false,
    initializedFlag: true,
    dispatchFlag: false,
  };
}

let eventState;  // (event) => its state; set in Event's static block
let isEvent;

// [LegacyUnforgeable] readonly attribute boolean isTrusted: an own, non-configurable accessor of
// every instance, with one getter function shared by all of them.
let isTrustedGetter;

export class Event {
  #state;

  // https://dom.spec.whatwg.org/#dom-event-event and #concept-event-constructor
  constructor(type, eventInitDict = undefined) {
    requiredArguments(arguments.length, 1, "Event");
    type = toDOMString(type);
    const init = toDictionary(eventInitDict, "Failed to construct 'Event': parameter 2");
    // dictionary EventInit, members in lexicographic order.
    const bubbles = init !== undefined && !!init.bubbles;
    const cancelable = init !== undefined && !!init.cancelable;
    const composed = init !== undefined && !!init.composed;
    this.#state = newEventState(type, bubbles, cancelable, composed);
    ObjectDefineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true, configurable: false });
  }

  get type() {
    brandCheck(this, isEvent, "Event");
    return this.#state.type;
  }

  get target() {
    brandCheck(this, isEvent, "Event");
    return this.#state.target;
  }

  // https://dom.spec.whatwg.org/#dom-event-srcelement (legacy alias of target)
  get srcElement() {
    brandCheck(this, isEvent, "Event");
    return this.#state.target;
  }

  get currentTarget() {
    brandCheck(this, isEvent, "Event");
    return this.#state.currentTarget;
  }

  // https://dom.spec.whatwg.org/#dom-event-composedpath
  composedPath() {
    brandCheck(this, isEvent, "Event");
    const state = this.#state;
    // 1-3. An event that is not being dispatched has an empty path.
    const composedPath = [];
    const path = state.path;
    if (path.length === 0) return composedPath;
    // 4-. Without shadow trees no struct is hidden, so the composed path is every struct's
    // invocation target, in path order (the current target is among them).
    for (let i = 0; i < path.length; i++) ArrayPrototypePush(composedPath, path[i].invocationTarget);
    return composedPath;
  }

  get eventPhase() {
    brandCheck(this, isEvent, "Event");
    return this.#state.eventPhase;
  }

  // https://dom.spec.whatwg.org/#dom-event-stoppropagation
  stopPropagation() {
    brandCheck(this, isEvent, "Event");
    this.#state.stopPropagationFlag = true;
  }

  // https://dom.spec.whatwg.org/#dom-event-cancelbubble
  get cancelBubble() {
    brandCheck(this, isEvent, "Event");
    return this.#state.stopPropagationFlag;
  }

  set cancelBubble(value) {
    brandCheck(this, isEvent, "Event");
    if (value) this.#state.stopPropagationFlag = true;
  }

  // https://dom.spec.whatwg.org/#dom-event-stopimmediatepropagation
  stopImmediatePropagation() {
    brandCheck(this, isEvent, "Event");
    this.#state.stopPropagationFlag = true;
    this.#state.stopImmediatePropagationFlag = true;
  }

  get bubbles() {
    brandCheck(this, isEvent, "Event");
    return this.#state.bubbles;
  }

  get cancelable() {
    brandCheck(this, isEvent, "Event");
    return this.#state.cancelable;
  }

  // https://dom.spec.whatwg.org/#dom-event-returnvalue
  get returnValue() {
    brandCheck(this, isEvent, "Event");
    return !this.#state.canceledFlag;
  }

  set returnValue(value) {
    brandCheck(this, isEvent, "Event");
    if (!value) setTheCanceledFlag(this.#state);
  }

  // https://dom.spec.whatwg.org/#dom-event-preventdefault
  preventDefault() {
    brandCheck(this, isEvent, "Event");
    setTheCanceledFlag(this.#state);
  }

  // https://dom.spec.whatwg.org/#dom-event-defaultprevented
  get defaultPrevented() {
    brandCheck(this, isEvent, "Event");
    return this.#state.canceledFlag;
  }

  get composed() {
    brandCheck(this, isEvent, "Event");
    return this.#state.composed;
  }

  get timeStamp() {
    brandCheck(this, isEvent, "Event");
    return this.#state.timeStamp;
  }

  // https://dom.spec.whatwg.org/#dom-event-initevent
  initEvent(type, bubbles = false, cancelable = false) {
    brandCheck(this, isEvent, "Event");
    requiredArguments(arguments.length, 1, "Event", "initEvent");
    type = toDOMString(type);
    bubbles = !!bubbles;
    cancelable = !!cancelable;
    // 1. If this's dispatch flag is set, then return.
    if (this.#state.dispatchFlag) return;
    // 2. Initialize this with type, bubbles, and cancelable.
    initialize(this.#state, type, bubbles, cancelable);
  }

  static {
    eventState = (event) => event.#state;
    isEvent = (value) => #state in value;
    isTrustedGetter = ObjectGetOwnPropertyDescriptor({
      get isTrusted() {
        brandCheck(this, isEvent, "Event");
        return this.#state.isTrusted;
      },
    }, "isTrusted").get;
  }
}

defineInterface(Event);
enumerableMembers(Event, [
  "type", "target", "srcElement", "currentTarget", "composedPath", "eventPhase", "stopPropagation",
  "cancelBubble", "stopImmediatePropagation", "bubbles", "cancelable", "returnValue",
  "preventDefault", "defaultPrevented", "composed", "timeStamp", "initEvent",
]);
defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });

// https://dom.spec.whatwg.org/#set-the-canceled-flag
function setTheCanceledFlag(state) {
  if (state.cancelable && !state.inPassiveListenerFlag) state.canceledFlag = true;
}

// https://dom.spec.whatwg.org/#concept-event-initialize
function initialize(state, type, bubbles, cancelable) {
  state.initializedFlag = true;
  state.stopPropagationFlag = false;
  state.stopImmediatePropagationFlag = false;
  state.canceledFlag = false;
  state.isTrusted = false;
  state.target = null;
  state.type = type;
  state.bubbles = bubbles;
  state.cancelable = cancelable;
}

// ---------------------------------------------------------------------------------------------
// CustomEvent: https://dom.spec.whatwg.org/#interface-customevent

let isCustomEvent;

export class CustomEvent extends Event {
  #detail;

  constructor(type, eventInitDict = undefined) {
    requiredArguments(arguments.length, 1, "CustomEvent");
    type = toDOMString(type);
    const init = toDictionary(eventInitDict, "Failed to construct 'CustomEvent': parameter 2");
    // dictionary CustomEventInit : EventInit { any detail = null; }: inherited members first.
    const bubbles = init !== undefined && !!init.bubbles;
    const cancelable = init !== undefined && !!init.cancelable;
    const composed = init !== undefined && !!init.composed;
    const detail = init === undefined ? undefined : init.detail;
    super(type, { bubbles, cancelable, composed });
    this.#detail = detail === undefined ? null : detail;
  }

  get detail() {
    brandCheck(this, isCustomEvent, "CustomEvent");
    return this.#detail;
  }

  // https://dom.spec.whatwg.org/#dom-customevent-initcustomevent
  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    brandCheck(this, isCustomEvent, "CustomEvent");
    requiredArguments(arguments.length, 1, "CustomEvent", "initCustomEvent");
    type = toDOMString(type);
    bubbles = !!bubbles;
    cancelable = !!cancelable;
    const state = eventState(this);
    // 1. If this's dispatch flag is set, then return.
    if (state.dispatchFlag) return;
    // 2. Initialize this with type, bubbles, and cancelable.
    initialize(state, type, bubbles, cancelable);
    // 3. Set this's detail attribute to detail.
    this.#detail = detail;
  }

  static {
    isCustomEvent = (value) => #detail in value;
  }
}

defineInterface(CustomEvent);
enumerableMembers(CustomEvent, ["detail", "initCustomEvent"]);

// ---------------------------------------------------------------------------------------------
// EventTarget: https://dom.spec.whatwg.org/#interface-eventtarget

// An event listener (https://dom.spec.whatwg.org/#concept-event-listener), plus the async
// context frame it was added in and the abort algorithm its signal holds for it.
function newEventListener(type, callback, capture, passive, once, signal) {
  return {
    type, callback, capture, passive, once, signal, removed: false, frame: undefined, abortAlgorithm: undefined,
  };
}

// The event listener list of each target (https://dom.spec.whatwg.org/#event-target-event-listener-list),
// and its event handler map (https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-map).
function newTargetState() {
  return { listeners: [], handlers: undefined };
}

const globalTargetState = newTargetState();
let targetStateOf;  // (value) => state, or undefined when value is not an EventTarget

// The Web IDL "this" of an EventTarget operation: undefined and null mean the global object.
function thisTarget(value) {
  if (value === undefined || value === null) value = globalThis;
  const state = targetStateOf(value);
  if (state === undefined) throw new TypeErrorCtor("Illegal invocation: not an EventTarget");
  return value;
}

export class EventTarget {
  #state = newTargetState();

  // https://dom.spec.whatwg.org/#dom-eventtarget-eventtarget
  constructor() {}

  // https://dom.spec.whatwg.org/#dom-eventtarget-addeventlistener
  addEventListener(type, callback, options = undefined) {
    const target = thisTarget(this);
    requiredArguments(arguments.length, 2, "EventTarget", "addEventListener");
    type = toDOMString(type);
    callback = toEventListener(callback, "addEventListener");
    // 1. Let capture, passive, once, and signal be the result of flattening more options.
    const { capture, passive, once, signal } = flattenMore(options);
    // 2. Add an event listener with this and an event listener whose type is type, callback is
    // callback, capture is capture, passive is passive, once is once, and signal is signal.
    addAnEventListener(target, newEventListener(type, callback, capture, passive, once, signal));
  }

  // https://dom.spec.whatwg.org/#dom-eventtarget-removeeventlistener
  removeEventListener(type, callback, options = undefined) {
    const target = thisTarget(this);
    requiredArguments(arguments.length, 2, "EventTarget", "removeEventListener");
    type = toDOMString(type);
    callback = toEventListener(callback, "removeEventListener");
    // 1. Let capture be the result of flattening options.
    const capture = flatten(options);
    // 2. If this's event listener list contains an event listener whose type is type, callback is
    // callback, and capture is capture, then remove an event listener with this and it.
    const listener = findListener(targetStateOf(target).listeners, type, callback, capture);
    if (listener !== undefined) removeAnEventListener(target, listener);
  }

  // https://dom.spec.whatwg.org/#dom-eventtarget-dispatchevent
  dispatchEvent(event) {
    const target = thisTarget(this);
    requiredArguments(arguments.length, 1, "EventTarget", "dispatchEvent");
    if (typeof event !== "object" || event === null || !isEvent(event)) {
      throw new TypeErrorCtor("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    }
    const state = eventState(event);
    // 1. If event's dispatch flag is set, or if its initialized flag is not set, then throw an
    // "InvalidStateError" DOMException.
    if (state.dispatchFlag || !state.initializedFlag) {
      throw new DOMException("Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.", "InvalidStateError");
    }
    // 2. Initialize event's isTrusted attribute to false.
    state.isTrusted = false;
    // 3. Return the result of dispatching event to this.
    return dispatch(event, target);
  }

  static {
    targetStateOf = (value) => {
      if (typeof value === "object" && value !== null && #state in value) return value.#state;
      if (value === globalThis) return globalTargetState;
      return undefined;
    };
  }
}

defineInterface(EventTarget);
enumerableMembers(EventTarget, ["addEventListener", "removeEventListener", "dispatchEvent"]);

// callback interface EventListener? (https://dom.spec.whatwg.org/#callbackdef-eventlistener):
// null/undefined is null, any object (functions included) is kept, anything else is a TypeError.
function toEventListener(value, method) {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeErrorCtor(`Failed to execute '${method}' on 'EventTarget': parameter 2 is not of type 'Object'.`);
  }
  return value;
}

// (EventListenerOptions or boolean): null, undefined and objects are the dictionary.
function isOptionsDictionary(options) {
  return options === undefined || options === null || typeof options === "object" || typeof options === "function";
}

// https://dom.spec.whatwg.org/#concept-flatten-options
function flatten(options) {
  // 1. If options is a boolean, then return options.
  if (!isOptionsDictionary(options)) return !!options;
  // 2. Return options["capture"].
  return options !== undefined && options !== null && !!options.capture;
}

// https://dom.spec.whatwg.org/#event-flatten-more
function flattenMore(options) {
  if (!isOptionsDictionary(options)) return { capture: !!options, passive: null, once: false, signal: null };
  if (options === undefined || options === null) return { capture: false, passive: null, once: false, signal: null };
  // dictionary AddEventListenerOptions : EventListenerOptions { boolean passive; boolean once =
  // false; AbortSignal signal; }: capture first, then once, passive, signal.
  const capture = !!options.capture;
  const once = !!options.once;
  const passiveValue = options.passive;
  const passive = passiveValue === undefined ? null : !!passiveValue;
  let signal = options.signal;
  if (signal === undefined) {
    signal = null;
  } else if (!signals.isAbortSignal(signal)) {
    throw new TypeErrorCtor("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type 'AbortSignal'.");
  }
  return { capture, passive, once, signal };
}

function findListener(list, type, callback, capture) {
  for (let i = 0; i < list.length; i++) {
    const l = list[i];
    if (l.type === type && l.callback === callback && l.capture === capture) return l;
  }
  return undefined;
}

// https://dom.spec.whatwg.org/#add-an-event-listener
function addAnEventListener(eventTarget, listener) {
  // 1. (Service worker events added after the script ran: Workers do not warn.)
  // 2. If listener's signal is not null and is aborted, then return.
  if (listener.signal !== null && signals.aborted(listener.signal)) return;
  // 3. If listener's callback is null, then return.
  if (listener.callback === null) return;
  // 4. If listener's passive is null, then set it to the default passive value: false, as no
  // target here is a Window or a node.
  if (listener.passive === null) listener.passive = false;
  // 5. If eventTarget's event listener list does not contain an event listener whose type is
  // listener's type, callback is listener's callback, and capture is listener's capture, then
  // append listener to eventTarget's event listener list.
  const list = targetStateOf(eventTarget).listeners;
  if (findListener(list, listener.type, listener.callback, listener.capture) !== undefined) return;
  listener.frame = currentFrame();
  ArrayPrototypePush(list, listener);
  // 6. If listener's signal is not null, then add the following abort steps to it: remove an
  // event listener with eventTarget and listener. (Only for an appended listener: for one that
  // was not, the steps would remove nothing.)
  if (listener.signal !== null) {
    listener.abortAlgorithm = () => removeAnEventListener(eventTarget, listener);
    signals.addAlgorithm(listener.signal, listener.abortAlgorithm);
  }
  if (listener.type === "abort") signals.abortListenersChanged(eventTarget);
}

// https://dom.spec.whatwg.org/#remove-an-event-listener
function removeAnEventListener(eventTarget, listener) {
  // 1. (Service worker warning: see addAnEventListener.)
  // 2. Set listener's removed to true and remove listener from eventTarget's event listener list.
  listener.removed = true;
  const list = targetStateOf(eventTarget).listeners;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === listener) {
      ArrayPrototypeSplice(list, i, 1);
      break;
    }
  }
  // The signal's abort steps for this listener can do nothing any more: drop them, so that a
  // long-lived signal does not keep removed listeners (and their targets) alive.
  if (listener.abortAlgorithm !== undefined) {
    signals.removeAlgorithm(listener.signal, listener.abortAlgorithm);
    listener.abortAlgorithm = undefined;
  }
  if (listener.type === "abort") signals.abortListenersChanged(eventTarget);
}

// Whether `target` has a listener for `type` (AbortSignal's garbage-collection rules need it).
export function hasEventListener(target, type) {
  const list = targetStateOf(target).listeners;
  for (let i = 0; i < list.length; i++) if (list[i].type === type) return true;
  return false;
}

// https://dom.spec.whatwg.org/#concept-event-dispatch, for targets without a parent (no nodes,
// no shadow trees, no legacy target override, no activation behaviour).
function dispatch(event, target) {
  const state = eventState(event);
  // 1. Set event's dispatch flag.
  state.dispatchFlag = true;
  // 2. Let targetOverride be target. 3. activationTarget stays null.
  // 4. Let relatedTarget be the result of retargeting event's relatedTarget against target.
  const relatedTarget = state.relatedTarget;
  // 5. If target is not relatedTarget or target is event's relatedTarget:
  if (target !== relatedTarget || target === state.relatedTarget) {
    // 5.4. Append to an event path with event, target, targetOverride, relatedTarget, touchTargets
    // and false. 5.8. target's "get the parent" returns null, so the path ends here.
    ArrayPrototypePush(state.path, {
      invocationTarget: target, shadowAdjustedTarget: target, relatedTarget,
    });
    const path = state.path;
    // 5.13. For each struct in event's path, in reverse order:
    for (let i = path.length - 1; i >= 0; i--) {
      const struct = path[i];
      // If struct's shadow-adjusted target is non-null, set eventPhase to AT_TARGET;
      // otherwise to CAPTURING_PHASE. Invoke with struct, event, "capturing".
      state.eventPhase = struct.shadowAdjustedTarget !== null ? AT_TARGET : CAPTURING_PHASE;
      invoke(path, i, event, "capturing");
    }
    // 5.14. For each struct in event's path:
    for (let i = 0; i < path.length; i++) {
      const struct = path[i];
      if (struct.shadowAdjustedTarget !== null) {
        state.eventPhase = AT_TARGET;
      } else {
        if (!state.bubbles) continue;
        state.eventPhase = BUBBLING_PHASE;
      }
      invoke(path, i, event, "bubbling");
    }
  }
  // 6. Set event's eventPhase attribute to NONE.
  state.eventPhase = NONE;
  // 7. Set event's currentTarget attribute to null.
  state.currentTarget = null;
  // 8. Set event's path to the empty list.
  state.path = [];
  // 9. Unset event's dispatch flag, stop propagation flag, and stop immediate propagation flag.
  state.dispatchFlag = false;
  state.stopPropagationFlag = false;
  state.stopImmediatePropagationFlag = false;
  // 12. Return false if event's canceled flag is set; otherwise true.
  return !state.canceledFlag;
}

// https://dom.spec.whatwg.org/#concept-event-listener-invoke (struct is path[index])
function invoke(path, index, event, phase) {
  const state = eventState(event);
  const struct = path[index];
  // 1. Set event's target to the shadow-adjusted target of the last struct in event's path, that
  // is either struct or preceding struct, whose shadow-adjusted target is non-null.
  for (let i = index; i >= 0; i--) {
    if (path[i].shadowAdjustedTarget !== null) {
      state.target = path[i].shadowAdjustedTarget;
      break;
    }
  }
  // 2. Set event's relatedTarget to struct's relatedTarget.
  state.relatedTarget = struct.relatedTarget;
  // 4. If event's stop propagation flag is set, then return.
  if (state.stopPropagationFlag) return;
  // 5. Initialize event's currentTarget attribute to struct's invocation target.
  state.currentTarget = struct.invocationTarget;
  // 6. Let listeners be a clone of event's currentTarget attribute value's event listener list.
  const listeners = ArrayPrototypeSlice(targetStateOf(state.currentTarget).listeners);
  // 8. Let found be the result of running inner invoke with event, listeners, phase.
  innerInvoke(event, listeners, phase);
  // 9. (Legacy webkit-prefixed types apply to trusted animation and transition events only.)
}

// https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke
function innerInvoke(event, listeners, phase) {
  const state = eventState(event);
  // 1. Let found be false.
  let found = false;
  // 2. For each listener in listeners, whose removed is false:
  for (let i = 0; i < listeners.length; i++) {
    const listener = listeners[i];
    if (listener.removed) continue;
    // 2.1. If event's type attribute value is not listener's type, then continue.
    if (state.type !== listener.type) continue;
    // 2.2. Set found to true.
    found = true;
    // 2.3-4. Skip listeners of the other phase.
    if (phase === "capturing" && !listener.capture) continue;
    if (phase === "bubbling" && listener.capture) continue;
    // 2.5. If listener's once is true, then remove an event listener given event's
    // currentTarget attribute value and listener.
    if (listener.once) removeAnEventListener(state.currentTarget, listener);
    // 2.9. If listener's passive is true, then set event's in passive listener flag.
    if (listener.passive) state.inPassiveListenerFlag = true;
    // 2.11. Call a user object's operation with listener's callback, "handleEvent", [event],
    // and event's currentTarget attribute value. If this throws an exception, report it.
    try {
      if (listener.frame === undefined) {
        callListener(listener.callback, event, state.currentTarget);
      } else {
        runInFrame(listener.frame, callListener, undefined, [listener.callback, event, state.currentTarget]);
      }
    } catch (exception) {
      reportError(exception);
    }
    // 2.12. Unset event's in passive listener flag.
    state.inPassiveListenerFlag = false;
    // 2.14. If event's stop immediate propagation flag is set, then break.
    if (state.stopImmediatePropagationFlag) break;
  }
  // 3. Return found.
  return found;
}

// https://webidl.spec.whatwg.org/#call-a-user-objects-operation for EventListener: a callable
// callback is called with the current target as `this`; otherwise its handleEvent property is
// looked up at every call and called with the callback object as `this`.
function callListener(callback, event, thisArg) {
  if (typeof callback === "function") {
    ReflectApply(callback, thisArg, [event]);
    return;
  }
  const handleEvent = callback.handleEvent;
  if (typeof handleEvent !== "function") {
    throw new TypeErrorCtor("The event listener's 'handleEvent' property is not callable.");
  }
  ReflectApply(handleEvent, callback, [event]);
}

// https://dom.spec.whatwg.org/#concept-event-fire: a trusted event of the Event interface,
// created by the runtime (AbortSignal's "abort"), dispatched at target.
export function fireEvent(target, type) {
  return dispatchTrustedEvent(target, new Event(type));
}

// The same for an event of another interface, created and initialized by the caller (the
// ErrorEvent of "report an exception"): it is marked trusted and dispatched at target.
export function dispatchTrustedEvent(target, event) {
  eventState(event).isTrusted = true;
  return dispatch(event, target);
}

// ---------------------------------------------------------------------------------------------
// Event handler IDL attributes (onabort): https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-idl-attributes
//
// The handler's listener is added when a non-null value is first set (so its place among the
// other listeners is that moment), and removed when null is set. The value's async context
// frame is the one current when it was set.

// Defines `on${name}` on cls.prototype: an accessor of type EventHandler
// ([LegacyTreatNonObjectAsNull]: any non-object is null).
export function defineEventHandler(cls, name, isBrand, interfaceName) {
  const attribute = `on${name}`;
  const { get, set } = ObjectGetOwnPropertyDescriptor({
    get [attribute]() {
      brandCheck(this, isBrand, interfaceName);
      const handler = handlerOf(this, name);
      return handler === undefined ? null : handler.value;
    },
    set [attribute](value) {
      brandCheck(this, isBrand, interfaceName);
      if (typeof value !== "object" && typeof value !== "function") value = null;
      setEventHandler(this, name, value);
    },
  }, attribute);
  ObjectDefineProperty(cls.prototype, attribute, { get, set, enumerable: true, configurable: true });
}

function handlerOf(target, name) {
  const handlers = targetStateOf(target).handlers;
  return handlers === undefined ? undefined : handlers[name];
}

function setEventHandler(eventTarget, name, value) {
  const state = targetStateOf(eventTarget);
  if (state.handlers === undefined) state.handlers = { __proto__: null };
  let handler = state.handlers[name];
  if (handler === undefined) handler = state.handlers[name] = { value: null, frame: undefined, listener: null };
  if (value === null) {
    // https://html.spec.whatwg.org/multipage/webappapis.html#deactivate-an-event-handler
    handler.value = null;
    handler.frame = undefined;
    if (handler.listener !== null) removeAnEventListener(eventTarget, handler.listener);
    handler.listener = null;
    return;
  }
  handler.value = value;
  handler.frame = currentFrame();
  // https://html.spec.whatwg.org/multipage/webappapis.html#activate-an-event-handler
  if (handler.listener !== null) return;
  const callback = (event) => processEventHandler(handler, event);
  const listener = newEventListener(name, callback, false, null, false, null);
  // The handler's own frame is restored by processEventHandler, per value.
  addAnEventListener(eventTarget, listener);
  listener.frame = undefined;
  handler.listener = listener;
}

// https://html.spec.whatwg.org/multipage/webappapis.html#the-event-handler-processing-algorithm
function processEventHandler(handler, event) {
  const callback = handler.value;
  // 1-2. If the event handler's value is null, return.
  if (callback === null) return;
  // A non-callable object ([LegacyTreatNonObjectAsNull]) is invoked as returning undefined.
  if (typeof callback !== "function") return;
  // 4. Invoke callback with [event] and "rethrow", `this` being event's currentTarget; the
  // exception is reported by inner invoke.
  const state = eventState(event);
  const returnValue = handler.frame === undefined
    ? ReflectApply(callback, state.currentTarget, [event])
    : runInFrame(handler.frame, callback, state.currentTarget, [event]);
  // 5. If return value is false, then set event's canceled flag.
  if (returnValue === false) setTheCanceledFlag(state);
}
