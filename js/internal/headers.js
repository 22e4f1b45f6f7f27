// Headers, as the Fetch Standard words it: https://fetch.spec.whatwg.org/#headers-class
// Names are kept lower-cased (they compare case-insensitively and are exposed lower-cased).
import {
  ArrayIsArray, ArrayPrototypePush, ArrayPrototypeSort, ArrayPrototypeSplice, SymbolIterator,
  TypeErrorCtor, RegExpPrototypeTest, StringPrototypeToLowerCase, ObjectKeys, ReflectOwnKeys,
  SafeMap, MapPrototypeGet, MapPrototypeSet, StringPrototypeCharCodeAt, StringPrototypeSlice,
  ObjectGetOwnPropertyDescriptor, ObjectDefineProperty,
} from "./primordials.js";
import {
  toByteString, defineInterface, enumerableMembers, makePairIteratorPrototype,
  createPairIterator,
} from "./webidl.js";

const kTokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A header value after normalisation must not contain NUL, CR or LF.
const kInvalidValueRe = /[\0\r\n]/;
const kHttpWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;
// A value that needs no normalisation and passes every check: visible ASCII, inner spaces.
const kPlainValueRe = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

// Guards: "none" (user-made), "immutable" (incoming request, fetched response),
// "request", "response" (forbidden names are not enforced by Workers, so these behave as none).
let getList;
let setGuard;
let fromPairsUnchecked;

function normalizeValue(value) {
  const v = toByteString(value, "Headers");
  return v.replace(kHttpWhitespace, "");
}

// Header names a worker uses are few and repeat on every request: each valid one is checked
// once and remembered with its lower-case form (bounded, so hostile input cannot grow it).
const validNames = new SafeMap();

// The lower-cased name, or null when `name` is not a token.
function lowerTokenName(name) {
  const cached = MapPrototypeGet(validNames, name);
  if (cached !== undefined) return cached;
  if (!RegExpPrototypeTest(kTokenRe, name)) return null;
  const lower = StringPrototypeToLowerCase(name);
  if (validNames.size < 512) MapPrototypeSet(validNames, name, lower);
  return lower;
}

function validateName(name) {
  if (lowerTokenName(name) === null) {
    throw new TypeErrorCtor(`Invalid header name: "${name}"`);
  }
}

// https://fetch.spec.whatwg.org/#concept-header-value-normalize and the value checks of
// "append", in one pass without regular expressions: the value with leading and trailing HTTP
// whitespace removed, or null when it holds NUL, CR, LF or a code point above U+00FF.
function normalizedValueOrNull(value) {
  // Most values are visible ASCII with single spaces inside: one native regexp test.
  if (RegExpPrototypeTest(kPlainValueRe, value)) return value;
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(StringPrototypeCharCodeAt(value, start))) start++;
  while (end > start && isHttpWhitespace(StringPrototypeCharCodeAt(value, end - 1))) end--;
  for (let i = start; i < end; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (c === 0 || c === 10 || c === 13 || c > 0xff) return null;
  }
  return start === 0 && end === value.length ? value : StringPrototypeSlice(value, start, end);
}

function isHttpWhitespace(c) {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function validateValue(value) {
  if (RegExpPrototypeTest(kInvalidValueRe, value)) {
    throw new TypeErrorCtor(`Invalid header value: "${value}"`);
  }
}

export class Headers {
  #list = [];      // [[lowerName, value], ...] in insertion order
  #guard = "none";
  #sorted = null;  // cache of the sort-and-combine result; reset on every change

  constructor(init = undefined) {
    if (init === undefined || init === null) {
      if (init === null) throw new TypeErrorCtor("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
      return;
    }
    fillHeaders(this, init);
  }

  append(name, value) {
    if (arguments.length < 2) throw new TypeErrorCtor("Failed to execute 'append' on 'Headers': 2 arguments required.");
    name = toByteString(name, "Headers.append");
    value = normalizeValue(value);
    validateName(name);
    validateValue(value);
    this.#checkMutable();
    ArrayPrototypePush(this.#list, [StringPrototypeToLowerCase(name), value]);
    this.#sorted = null;
  }

  delete(name) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'delete' on 'Headers': 1 argument required.");
    name = toByteString(name, "Headers.delete");
    validateName(name);
    this.#checkMutable();
    const key = StringPrototypeToLowerCase(name);
    const list = this.#list;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i][0] === key) ArrayPrototypeSplice(list, i, 1);
    }
    this.#sorted = null;
  }

  get(name) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'get' on 'Headers': 1 argument required.");
    name = toByteString(name, "Headers.get");
    validateName(name);
    const key = StringPrototypeToLowerCase(name);
    let result = null;
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === key) result = result === null ? list[i][1] : `${result}, ${list[i][1]}`;
    }
    return result;
  }

  getSetCookie() {
    const out = [];
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === "set-cookie") ArrayPrototypePush(out, list[i][1]);
    }
    return out;
  }

  // workerd's name for the same thing; real worker code uses it.
  getAll(name) {
    name = toByteString(name, "Headers.getAll");
    if (StringPrototypeToLowerCase(name) !== "set-cookie") {
      throw new TypeErrorCtor("getAll() can only be used with the header name \"Set-Cookie\".");
    }
    return this.getSetCookie();
  }

  has(name) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'has' on 'Headers': 1 argument required.");
    name = toByteString(name, "Headers.has");
    validateName(name);
    const key = StringPrototypeToLowerCase(name);
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === key) return true;
    return false;
  }

  set(name, value) {
    if (arguments.length < 2) throw new TypeErrorCtor("Failed to execute 'set' on 'Headers': 2 arguments required.");
    name = toByteString(name, "Headers.set");
    value = normalizeValue(value);
    validateName(name);
    validateValue(value);
    this.#checkMutable();
    const key = StringPrototypeToLowerCase(name);
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === key) {
        if (!found) {
          list[i] = [key, value];
          found = true;
        } else {
          ArrayPrototypeSplice(list, i, 1);
          i--;
        }
      }
    }
    if (!found) ArrayPrototypePush(list, [key, value]);
    this.#sorted = null;
  }

  forEach(callback, thisArg = undefined) {
    if (typeof callback !== "function") {
      throw new TypeErrorCtor("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    const pairs = () => this.#sortAndCombine();
    for (let i = 0; i < pairs().length; i++) {
      const [k, v] = pairs()[i];
      callback.call(thisArg, v, k, this);
    }
  }

  keys() { return createPairIterator(HeadersIteratorPrototype, () => this.#sortAndCombine(), "key"); }
  values() { return createPairIterator(HeadersIteratorPrototype, () => this.#sortAndCombine(), "value"); }
  entries() { return createPairIterator(HeadersIteratorPrototype, () => this.#sortAndCombine(), "key+value"); }

  #checkMutable() {
    if (this.#guard === "immutable") throw new TypeErrorCtor("Can't modify immutable headers.");
  }

  // https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine
  #sortAndCombine() {
    if (this.#sorted !== null) return this.#sorted;
    const names = [];
    const seen = new Set();
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (!seen.has(list[i][0])) {
        seen.add(list[i][0]);
        ArrayPrototypePush(names, list[i][0]);
      }
    }
    ArrayPrototypeSort(names, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out = [];
    for (const name of names) {
      if (name === "set-cookie") {
        for (let i = 0; i < list.length; i++) {
          if (list[i][0] === name) ArrayPrototypePush(out, [name, list[i][1]]);
        }
      } else {
        ArrayPrototypePush(out, [name, this.get(name)]);
      }
    }
    this.#sorted = out;
    return out;
  }

  static {
    getList = (h) => h.#list;
    setGuard = (h, guard) => { h.#guard = guard; };
    fromPairsUnchecked = (flat, guard) => {
      const h = new Headers();
      const list = h.#list;
      for (let i = 0; i + 1 < flat.length; i += 2) ArrayPrototypePush(list, [flat[i], flat[i + 1]]);
      h.#guard = guard;
      return h;
    };
  }
}

const HeadersIteratorPrototype = makePairIteratorPrototype("Headers");

ObjectDefineProperty(Headers.prototype, SymbolIterator, {
  value: Headers.prototype.entries, writable: true, enumerable: false, configurable: true,
});
defineInterface(Headers);
enumerableMembers(Headers, ["append", "delete", "get", "getSetCookie", "has", "set", "forEach", "keys", "values", "entries"]);

// https://fetch.spec.whatwg.org/#concept-headers-fill
export function fillHeaders(headers, init) {
  if (typeof init !== "object" && typeof init !== "function") {
    throw new TypeErrorCtor("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
  }
  if (init instanceof Headers) {
    const src = getList(init);
    const dst = getList(headers);
    for (let i = 0; i < src.length; i++) ArrayPrototypePush(dst, [src[i][0], src[i][1]]);
    return;
  }
  const method = init[SymbolIterator];
  if (method !== undefined && method !== null) {
    if (typeof method !== "function") throw new TypeErrorCtor("Headers init: @@iterator is not callable");
    for (const pair of init) {
      if (typeof pair !== "object" || pair === null || typeof pair[SymbolIterator] !== "function") {
        throw new TypeErrorCtor("Failed to construct 'Headers': The provided value cannot be converted to a sequence.");
      }
      const items = [...pair];
      if (items.length !== 2) {
        throw new TypeErrorCtor("Failed to construct 'Headers': Invalid value");
      }
      headers.append(items[0], items[1]);
    }
    return;
  }
  // record<ByteString, ByteString>: own enumerable string keys, in order.
  for (const key of ReflectOwnKeys(init)) {
    const desc = ObjectGetOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === "symbol") throw new TypeErrorCtor("Cannot convert a Symbol value to a string");
    headers.append(key, init[key]);
  }
}

// Flat [name, value, ...] list for the native side: names lower-cased, set-cookie kept separate.
export function headersToFlat(headers) {
  const list = getList(headers);
  const out = [];
  for (let i = 0; i < list.length; i++) ArrayPrototypePush(out, list[i][0], list[i][1]);
  return out;
}

export function headersFromNative(flat, guard) {
  return fromPairsUnchecked(flat, guard);
}

export function setHeadersGuard(headers, guard) {
  setGuard(headers, guard);
}

// For a Response built from a plain object of headers, the flat list is computed without
// creating a Headers object (the hot path of most handlers). Returns null when `init` is not a
// plain record of strings, so the caller falls back to a real Headers.
export function plainRecordToFlat(init) {
  if (typeof init !== "object" || init === null || ArrayIsArray(init) || init instanceof Headers) return null;
  const proto = Object.getPrototypeOf(init);
  if (proto !== Object.prototype && proto !== null) return null;
  const keys = ObjectKeys(init);
  const out = [];
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i];
    const value = init[name];
    if (typeof value !== "string") return null;
    const lower = lowerTokenName(name);
    if (lower === null) return null;
    const v = normalizedValueOrNull(value);
    if (v === null) return null;
    ArrayPrototypePush(out, lower, v);
  }
  return out;
}
