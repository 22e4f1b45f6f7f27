// Small Web IDL helpers shared by the API classes: brand checks, converters, and how interface
// objects and iterators are shaped (https://webidl.spec.whatwg.org/).
import {
  ObjectDefineProperty, ObjectGetPrototypeOf, SymbolToStringTag, SymbolIterator,
  TypeErrorCtor, ObjectSetPrototypeOf,
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

export function toUSVString(value) {
  const s = `${value}`;
  return s.toWellFormed ? s.toWellFormed() : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
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
