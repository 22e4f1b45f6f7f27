// Small Web IDL helpers shared by the API classes: brand checks, converters, and how interface
// objects and iterators are shaped (https://webidl.spec.whatwg.org/).
import {
  ObjectDefineProperty, ObjectGetPrototypeOf, SymbolToStringTag, SymbolIterator,
  TypeErrorCtor, ObjectSetPrototypeOf, ObjectGetOwnPropertyDescriptor, ObjectKeys, NumberIsNaN,
  MathTrunc, FunctionPrototypeCall, RegExpPrototypeTest, RegExpPrototypeSymbolReplace,
} from "./primordials.js";

// Web IDL "illegal constructor" for interfaces without a constructor.
export const kInternal = Symbol("edgerun.internal");

export function brandCheck(value, brand, name) {
  if (typeof value !== "object" || value === null || !brand(value)) {
    throw new TypeErrorCtor(`Illegal invocation: not a ${name}`);
  }
}

// ByteString conversion: a string whose code units are all <= 0xFF.
export function toByteString(value, context) {
  const s = `${value}`;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) {
      throw new TypeErrorCtor(`${context}: cannot convert to ByteString because the character at index ${i} has a value of ${s.charCodeAt(i)} which is greater than 255`);
    }
  }
  return s;
}

// Any surrogate at all (most strings have none: one test, no copy), and a lone one.
const kSurrogate = /[\uD800-\uDFFF]/;
const kLoneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// https://webidl.spec.whatwg.org/#es-USVString: lone surrogates become U+FFFD. Uses the
// intrinsics captured at start-up, so a worker that patches String.prototype cannot change it.
export function toUSVString(value) {
  const s = `${value}`;
  if (!RegExpPrototypeTest(kSurrogate, s)) return s;
  return RegExpPrototypeSymbolReplace(kLoneSurrogates, s, "\uFFFD");
}

// Marks a class as a Web IDL interface: toStringTag on the prototype, and the class's name.
export function defineInterface(cls, name = cls.name) {
  ObjectDefineProperty(cls.prototype, SymbolToStringTag, {
    value: name, writable: false, enumerable: false, configurable: true,
  });
}

// Makes the listed accessors and methods of a class prototype enumerable, as Web IDL attributes
// and operations are (class syntax makes them non-enumerable).
export function enumerableMembers(cls, names) {
  const proto = cls.prototype;
  for (const name of names) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (desc) {
      desc.enumerable = true;
      ObjectDefineProperty(proto, name, desc);
    }
  }
}

const IteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf([][SymbolIterator]()));

// A Web IDL pair iterator ("Headers Iterator"): `source()` gives the list of [k, v] pairs at the
// time iteration starts... per spec the list is re-read at every next(), so pass a getter.
export function makePairIteratorPrototype(name) {
  const proto = {
    next() {
      const state = this[kInternal];
      if (!state) throw new TypeErrorCtor(`Illegal invocation: not a ${name} Iterator`);
      const pairs = state.source();
      if (state.index >= pairs.length) return { value: undefined, done: true };
      const pair = pairs[state.index++];
      let value;
      if (state.kind === "key") value = pair[0];
      else if (state.kind === "value") value = pair[1];
      else value = [pair[0], pair[1]];
      return { value, done: false };
    },
  };
  ObjectSetPrototypeOf(proto, IteratorPrototype);
  ObjectDefineProperty(proto, "next", { enumerable: true });
  ObjectDefineProperty(proto, SymbolToStringTag, {
    value: `${name} Iterator`, writable: false, enumerable: false, configurable: true,
  });
  return proto;
}

export function createPairIterator(proto, source, kind) {
  const it = Object.create(proto);
  ObjectDefineProperty(it, kInternal, { value: { source, kind, index: 0 } });
  return it;
}

// Makes the listed static operations of an interface object enumerable, as Web IDL operations
// are (AbortSignal.abort, AbortSignal.timeout ...).
export function enumerableStatics(cls, names) {
  for (const name of names) {
    const desc = ObjectGetOwnPropertyDescriptor(cls, name);
    if (desc) {
      desc.enumerable = true;
      ObjectDefineProperty(cls, name, desc);
    }
  }
}

// Web IDL constants (https://webidl.spec.whatwg.org/#es-constants): on the interface object and
// its prototype, read-only, enumerable, not configurable.
export function defineConstants(cls, table) {
  for (const name of ObjectKeys(table)) {
    const desc = { value: table[name], writable: false, enumerable: true, configurable: false };
    ObjectDefineProperty(cls, name, desc);
    ObjectDefineProperty(cls.prototype, name, desc);
  }
}

// "N arguments required" for an operation ("Failed to execute 'x' on 'Y'") or a constructor
// (method undefined: "Failed to construct 'Y'").
export function requiredArguments(present, required, iface, method = undefined) {
  if (present >= required) return;
  const where = method === undefined ? `Failed to construct '${iface}'` : `Failed to execute '${method}' on '${iface}'`;
  throw new TypeErrorCtor(`${where}: ${required} argument${required === 1 ? "" : "s"} required, but only ${present} present.`);
}

// https://webidl.spec.whatwg.org/#es-DOMString (a Symbol throws a TypeError, as ToString does).
export function toDOMString(value) {
  return `${value}`;
}

// The first step of converting to a dictionary (https://webidl.spec.whatwg.org/#es-dictionary):
// undefined and null are the empty dictionary (returned as undefined here), other non-objects
// are a TypeError. The caller then reads the members in lexicographic order.
export function toDictionary(value, context) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeErrorCtor(`${context}: the provided value is not of type 'object'.`);
  }
  return value;
}

// https://webidl.spec.whatwg.org/#es-unsigned-long-long with [EnforceRange].
export function toEnforceRangeUnsignedLongLong(value, context) {
  let x = +value;
  if (NumberIsNaN(x) || x === Infinity || x === -Infinity) {
    throw new TypeErrorCtor(`${context}: the value is not a finite number.`);
  }
  x = MathTrunc(x);
  if (x < 0 || x > 9007199254740991) {
    throw new TypeErrorCtor(`${context}: the value is outside the range 0 to 2^53 - 1.`);
  }
  return x === 0 ? 0 : x;  // -0 becomes +0
}

// https://webidl.spec.whatwg.org/#es-sequence: an iterable object, read to the end, each item
// converted by `convert(item, index)`.
export function toSequence(value, context, convert) {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) {
    throw new TypeErrorCtor(`${context}: the provided value cannot be converted to a sequence.`);
  }
  const method = value[SymbolIterator];
  if (typeof method !== "function") {
    throw new TypeErrorCtor(`${context}: the object must have a callable @@iterator property.`);
  }
  const iterator = FunctionPrototypeCall(method, value);
  const next = iterator.next;
  const out = [];
  for (;;) {
    const step = FunctionPrototypeCall(next, iterator);
    if ((typeof step !== "object" && typeof step !== "function") || step === null) {
      throw new TypeErrorCtor(`${context}: the iterator result is not an object.`);
    }
    if (step.done) return out;
    out[out.length] = convert(step.value, out.length);
  }
}
