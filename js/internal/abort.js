// AbortController and AbortSignal, as the DOM Standard words them:
// https://dom.spec.whatwg.org/#aborting-ongoing-activities
//
// Other builtins use the exported algorithms ("add" / "remove" an abort algorithm, "signal
// abort"): abort algorithms run synchronously, before the abort event, in the order added.
//
// Memory (https://dom.spec.whatwg.org/#abort-signal-garbage-collection): a source signal holds
// its dependent signals (AbortSignal.any) weakly, and strongly only while a dependent has abort
// listeners or abort algorithms, so AbortSignal.any([longLived, perRequest]) does not pile up
// dependents on the long-lived signal. AbortSignal.timeout's timer holds its signal until it
// fires, and runs outside any async context frame, so it keeps no request's store alive.
import {
  TypeErrorCtor, ReflectApply, SafeSet, SetPrototypeAdd, SetPrototypeDelete, SetPrototypeHas,
  SetPrototypeValues, SetIteratorPrototypeNext, ArrayPrototypePush, WeakRefCtor, WeakRefPrototypeDeref,
} from "./primordials.js";
import {
  brandCheck, defineInterface, enumerableMembers, enumerableStatics, requiredArguments,
  toEnforceRangeUnsignedLongLong, toSequence,
} from "./webidl.js";
import { EventTarget, fireEvent, defineEventHandler, hasEventListener, setSignalHooks } from "./events.js";
import { DOMException } from "./dom_exception.js";
import { setTimeout } from "./timers.js";
import { runInFrame } from "./async_context.js";
import { reportError } from "./report_error.js";

// The state of an AbortSignal (https://dom.spec.whatwg.org/#interface-AbortSignal), under the
// spec's names. Source and dependent signals are held through WeakRefs (see above). The sets
// are made when first needed: most signals never get an algorithm or a dependent.
function newSignalState() {
  return {
    abortReason: undefined,
    abortAlgorithms: null,    // Set<function>, in insertion order
    dependent: false,
    sourceSignals: null,      // WeakRef<AbortSignal>[] (an ordered set: no duplicates)
    dependentSignals: null,   // Set<WeakRef<AbortSignal>>, in insertion order
    pinnedDependents: null,   // Set<AbortSignal>: the dependents held strongly
    pinned: false,
    self: null,               // the WeakRef to this signal that sources hold
    prune: 16,
  };
}

// The values of a Set, as an array, without the (patchable) iteration protocol.
function setValues(set) {
  const out = [];
  if (set === null) return out;
  const it = SetPrototypeValues(set);
  for (;;) {
    const step = SetIteratorPrototypeNext(it);
    if (step.done) return out;
    ArrayPrototypePush(out, step.value);
  }
}

let signalState;
let isAbortSignal;
let allowConstruction = false;

export class AbortSignal extends EventTarget {
  #state;

  // AbortSignal has no constructor: `new AbortSignal()` is an "Illegal constructor".
  constructor() {
    if (!allowConstruction) throw new TypeErrorCtor("Illegal constructor");
    allowConstruction = false;
    super();
    this.#state = newSignalState();
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-abort
  static abort(reason = undefined) {
    // 1. Let signal be a new AbortSignal object.
    const signal = createAbortSignal();
    // 2. Set signal's abort reason to reason if it is given; otherwise to a new "AbortError"
    // DOMException.
    signal.#state.abortReason = reason !== undefined ? reason : newAbortError();
    // 3. Return signal.
    return signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-timeout
  static timeout(milliseconds) {
    requiredArguments(arguments.length, 1, "AbortSignal", "timeout");
    milliseconds = toEnforceRangeUnsignedLongLong(milliseconds, "Failed to execute 'timeout' on 'AbortSignal'");
    // 1. Let signal be a new AbortSignal object.
    const signal = createAbortSignal();
    // 3. Run steps after a timeout given global, "AbortSignal-timeout", milliseconds, and the
    // following step: queue a global task on the timer task source given global to signal abort
    // given signal and a new "TimeoutError" DOMException.
    runStepsAfterTimeout(milliseconds, () => {
      signalAbort(signal, new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    });
    // 4. Return signal.
    return signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-any
  static any(signals) {
    requiredArguments(arguments.length, 1, "AbortSignal", "any");
    // sequence<AbortSignal>
    const list = toSequence(signals, "Failed to execute 'any' on 'AbortSignal'", (value, i) => {
      if (typeof value !== "object" || value === null || !isAbortSignal(value)) {
        throw new TypeErrorCtor(`Failed to execute 'any' on 'AbortSignal': element ${i} is not of type 'AbortSignal'.`);
      }
      return value;
    });
    // Return the result of creating a dependent abort signal from signals using AbortSignal.
    return createDependentAbortSignal(list);
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-aborted
  get aborted() {
    brandCheck(this, isAbortSignal, "AbortSignal");
    return isAborted(this.#state);
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-reason
  get reason() {
    brandCheck(this, isAbortSignal, "AbortSignal");
    return this.#state.abortReason;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-throwifaborted
  throwIfAborted() {
    brandCheck(this, isAbortSignal, "AbortSignal");
    // If this is aborted, then throw this's abort reason.
    if (isAborted(this.#state)) throw this.#state.abortReason;
  }

  static {
    signalState = (signal) => signal.#state;
    isAbortSignal = (value) => #state in value;
  }
}

defineInterface(AbortSignal);
enumerableMembers(AbortSignal, ["aborted", "reason", "throwIfAborted"]);
enumerableStatics(AbortSignal, ["abort", "timeout", "any"]);
defineEventHandler(AbortSignal, "abort", (value) => isAbortSignal(value), "AbortSignal");

function createAbortSignal() {
  allowConstruction = true;
  try {
    return new AbortSignal();
  } finally {
    allowConstruction = false;
  }
}

function newAbortError() {
  return new DOMException("This operation was aborted", "AbortError");
}

// https://dom.spec.whatwg.org/#abortsignal-aborted: aborted when its abort reason is not undefined.
function isAborted(state) {
  return state.abortReason !== undefined;
}

let isAbortController;

export class AbortController {
  #signal;

  // https://dom.spec.whatwg.org/#dom-abortcontroller-abortcontroller
  constructor() {
    // 1. Let signal be a new AbortSignal object. 2. Set this's signal to signal.
    this.#signal = createAbortSignal();
  }

  // https://dom.spec.whatwg.org/#dom-abortcontroller-signal
  get signal() {
    brandCheck(this, isAbortController, "AbortController");
    return this.#signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortcontroller-abort
  abort(reason = undefined) {
    brandCheck(this, isAbortController, "AbortController");
    // Signal abort on this's signal with reason if it is given.
    signalAbort(this.#signal, reason);
  }

  static {
    isAbortController = (value) => #signal in value;
  }
}

defineInterface(AbortController);
enumerableMembers(AbortController, ["signal", "abort"]);

// ---------------------------------------------------------------------------------------------
// Algorithms for the other builtins.

export { isAbortSignal };

export function isSignalAborted(signal) {
  return isAborted(signalState(signal));
}

export function signalReason(signal) {
  return signalState(signal).abortReason;
}

// https://dom.spec.whatwg.org/#abortsignal-add
export function addAbortAlgorithm(signal, algorithm) {
  const state = signalState(signal);
  // 1. If signal is aborted, then return.
  if (isAborted(state)) return;
  // 2. Append algorithm to signal's abort algorithms.
  if (state.abortAlgorithms === null) state.abortAlgorithms = new SafeSet();
  SetPrototypeAdd(state.abortAlgorithms, algorithm);
  updatePin(signal);
}

// https://dom.spec.whatwg.org/#abortsignal-remove
export function removeAbortAlgorithm(signal, algorithm) {
  const state = signalState(signal);
  if (state.abortAlgorithms === null) return;
  SetPrototypeDelete(state.abortAlgorithms, algorithm);
  updatePin(signal);
}

// https://dom.spec.whatwg.org/#abortsignal-signal-abort
export function signalAbort(signal, reason = undefined) {
  const state = signalState(signal);
  // 1. If signal is aborted, then return.
  if (isAborted(state)) return;
  // 2. Set signal's abort reason to reason if it is given; otherwise to a new "AbortError"
  // DOMException.
  state.abortReason = reason !== undefined ? reason : newAbortError();
  // 3. Let dependentSignalsToAbort be a new list.
  const dependentSignalsToAbort = [];
  // 4. For each dependentSignal of signal's dependent signals:
  const dependentSignals = setValues(state.dependentSignals);
  for (let i = 0; i < dependentSignals.length; i++) {
    const dependentSignal = WeakRefPrototypeDeref(dependentSignals[i]);
    if (dependentSignal === undefined) continue;
    const dependentState = signalState(dependentSignal);
    // 4.1. If dependentSignal is not aborted: set its abort reason to signal's abort reason, and
    // append it to dependentSignalsToAbort.
    if (!isAborted(dependentState)) {
      dependentState.abortReason = state.abortReason;
      ArrayPrototypePush(dependentSignalsToAbort, dependentSignal);
    }
  }
  // An aborted signal never aborts its dependents again: it lets go of them.
  state.dependentSignals = null;
  state.pinnedDependents = null;
  unlinkFromSources(signal);
  // 5. Run the abort steps for signal.
  runAbortSteps(signal);
  // 6. For each dependentSignal of dependentSignalsToAbort, run the abort steps for dependentSignal.
  for (let i = 0; i < dependentSignalsToAbort.length; i++) {
    unlinkFromSources(dependentSignalsToAbort[i]);
    runAbortSteps(dependentSignalsToAbort[i]);
  }
}

// https://dom.spec.whatwg.org/#run-the-abort-steps
function runAbortSteps(signal) {
  const state = signalState(signal);
  // 1. For each algorithm of signal's abort algorithms: run algorithm.
  const algorithms = setValues(state.abortAlgorithms);
  // 2. Empty signal's abort algorithms.
  state.abortAlgorithms = null;
  for (let i = 0; i < algorithms.length; i++) {
    try {
      ReflectApply(algorithms[i], undefined, []);
    } catch (error) {
      reportError(error);
    }
  }
  // 3. Fire an event named abort at signal.
  fireEvent(signal, "abort");
}

// https://dom.spec.whatwg.org/#create-a-dependent-abort-signal
function createDependentAbortSignal(signals) {
  // 1. Let resultSignal be a new object implementing AbortSignal.
  const resultSignal = createAbortSignal();
  const result = signalState(resultSignal);
  // 2. For each signal of signals: if signal is aborted, then set resultSignal's abort reason to
  // signal's abort reason and return resultSignal.
  for (let i = 0; i < signals.length; i++) {
    const state = signalState(signals[i]);
    if (isAborted(state)) {
      result.abortReason = state.abortReason;
      return resultSignal;
    }
  }
  // 3. Set resultSignal's dependent to true.
  result.dependent = true;
  result.sourceSignals = [];
  const sources = new SafeSet();
  const link = (sourceSignal) => {
    if (SetPrototypeHas(sources, sourceSignal)) return;
    SetPrototypeAdd(sources, sourceSignal);
    const source = signalState(sourceSignal);
    ArrayPrototypePush(result.sourceSignals, selfRef(sourceSignal));
    addDependent(source, selfRef(resultSignal));
  };
  // 4. For each signal of signals:
  for (let i = 0; i < signals.length; i++) {
    const signal = signals[i];
    const state = signalState(signal);
    if (!state.dependent) {
      // 4.1. If signal's dependent is false: append signal to resultSignal's source signals, and
      // resultSignal to signal's dependent signals.
      link(signal);
    } else {
      // 4.2. Otherwise, for each sourceSignal of signal's source signals: append sourceSignal to
      // resultSignal's source signals, and resultSignal to sourceSignal's dependent signals.
      for (let j = 0; j < state.sourceSignals.length; j++) {
        const sourceSignal = WeakRefPrototypeDeref(state.sourceSignals[j]);
        if (sourceSignal !== undefined) link(sourceSignal);
      }
    }
  }
  // 5. Return resultSignal.
  return resultSignal;
}

function selfRef(signal) {
  const state = signalState(signal);
  if (state.self === null) state.self = new WeakRefCtor(signal);
  return state.self;
}

function addDependent(source, ref) {
  if (source.dependentSignals === null) source.dependentSignals = new SafeSet();
  SetPrototypeAdd(source.dependentSignals, ref);
  // Forget collected dependents now and then (amortised over the additions).
  if (source.dependentSignals.size >= source.prune) {
    const refs = setValues(source.dependentSignals);
    for (let i = 0; i < refs.length; i++) {
      if (WeakRefPrototypeDeref(refs[i]) === undefined) SetPrototypeDelete(source.dependentSignals, refs[i]);
    }
    source.prune = source.dependentSignals.size * 2 + 16;
  }
}

// A non-aborted dependent signal must stay alive while a source lives and it has abort
// listeners or abort algorithms: its sources then hold it strongly.
function updatePin(signal) {
  const state = signalState(signal);
  if (!state.dependent || isAborted(state)) return;
  const needed = (state.abortAlgorithms !== null && state.abortAlgorithms.size > 0) ||
    hasEventListener(signal, "abort");
  if (needed === state.pinned) return;
  state.pinned = needed;
  for (let i = 0; i < state.sourceSignals.length; i++) {
    const sourceSignal = WeakRefPrototypeDeref(state.sourceSignals[i]);
    if (sourceSignal === undefined) continue;
    const source = signalState(sourceSignal);
    if (needed) {
      if (source.pinnedDependents === null) source.pinnedDependents = new SafeSet();
      SetPrototypeAdd(source.pinnedDependents, signal);
    } else if (source.pinnedDependents !== null) {
      SetPrototypeDelete(source.pinnedDependents, signal);
    }
  }
}

function unlinkFromSources(signal) {
  const state = signalState(signal);
  if (state.sourceSignals === null) return;
  for (let i = 0; i < state.sourceSignals.length; i++) {
    const sourceSignal = WeakRefPrototypeDeref(state.sourceSignals[i]);
    if (sourceSignal === undefined) continue;
    const source = signalState(sourceSignal);
    if (source.dependentSignals !== null) SetPrototypeDelete(source.dependentSignals, state.self);
    if (source.pinnedDependents !== null) SetPrototypeDelete(source.pinnedDependents, signal);
  }
  state.sourceSignals = null;
  state.pinned = false;
}

// https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#run-steps-after-a-timeout
// on the runtime's timers, outside any async context frame. setTimeout turns a delay beyond its
// limit into 1 ms (an HTML timer rule, not one of this algorithm), so longer waits are chained
// (in steps below 2^31-1 ms: the native timer already treats 2^31-1 itself as an overflow).
const kMaxTimerDelay = 2147483646;
function runStepsAfterTimeout(milliseconds, steps) {
  if (milliseconds > kMaxTimerDelay) {
    runInFrame(undefined, setTimeout, undefined, [() => runStepsAfterTimeout(milliseconds - kMaxTimerDelay, steps), kMaxTimerDelay]);
    return;
  }
  runInFrame(undefined, setTimeout, undefined, [steps, milliseconds]);
}

setSignalHooks({
  isAbortSignal: (value) => typeof value === "object" && value !== null && isAbortSignal(value),
  aborted: (signal) => isAborted(signalState(signal)),
  addAlgorithm: addAbortAlgorithm,
  removeAlgorithm: removeAbortAlgorithm,
  abortListenersChanged: (target) => {
    if (typeof target === "object" && target !== null && isAbortSignal(target)) updatePin(target);
  },
});
