// URL and URLSearchParams (https://url.spec.whatwg.org/#api) over the C++ parser
// (runtime/base/url.h via bindings/url.cc). A URL keeps its components as the parser serialised
// them; every setter re-parses in C++ and takes the new components back.
import native from "edgerun:native";
import { TypeErrorCtor, SymbolIterator, ObjectDefineProperty, ArrayPrototypePush, ArrayPrototypeSplice, ArrayPrototypeSort } from "./primordials.js";
import { defineInterface, enumerableMembers, toUSVString, makePairIteratorPrototype, createPairIterator } from "./webidl.js";

// Components array layout returned by native.urlParse / native.urlSet.
const HREF = 0, PROTOCOL = 1, USERNAME = 2, PASSWORD = 3, HOST = 4, HOSTNAME = 5, PORT = 6,
  PATHNAME = 7, SEARCH = 8, HASH = 9, ORIGIN = 10;

// Returns the serialised URL for `input` (resolved against `base`), or null when it does not
// parse. Used by Request, Response.redirect and fetch.
export function parseUrlHref(input, base = undefined) {
  const parts = native.urlParse(input, base === undefined ? undefined : `${base}`);
  return parts === undefined ? null : parts[HREF];
}

let setParts;
let getSearchParamsList;
let setSearchParamsListFromString;

export class URL {
  #parts;
  #searchParams = null;

  constructor(url, base = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'URL': 1 argument required, but only 0 present.");
    url = toUSVString(url);
    if (base !== undefined) base = toUSVString(base);
    const parts = native.urlParse(url, base);
    if (parts === undefined) throw new TypeErrorCtor(`Invalid URL: ${url}`);
    this.#parts = parts;
  }

  static canParse(url, base = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'canParse' on 'URL': 1 argument required, but only 0 present.");
    return native.urlParse(toUSVString(url), base === undefined ? undefined : toUSVString(base)) !== undefined;
  }

  static parse(url, base = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'parse' on 'URL': 1 argument required, but only 0 present.");
    try { return new URL(url, base); } catch { return null; }
  }

  #set(which, value) {
    const parts = native.urlSet(this.#parts[HREF], which, toUSVString(value));
    if (parts === undefined) {
      if (which === HREF) throw new TypeErrorCtor(`Invalid URL: ${value}`);
      return;
    }
    this.#parts = parts;
    if (this.#searchParams !== null && (which === HREF || which === SEARCH)) {
      setSearchParamsListFromString(this.#searchParams, this.#parts[SEARCH]);
    }
  }

  get href() { return this.#parts[HREF]; }
  set href(v) { this.#set(HREF, v); }
  get origin() { return this.#parts[ORIGIN]; }
  get protocol() { return this.#parts[PROTOCOL]; }
  set protocol(v) { this.#set(PROTOCOL, v); }
  get username() { return this.#parts[USERNAME]; }
  set username(v) { this.#set(USERNAME, v); }
  get password() { return this.#parts[PASSWORD]; }
  set password(v) { this.#set(PASSWORD, v); }
  get host() { return this.#parts[HOST]; }
  set host(v) { this.#set(HOST, v); }
  get hostname() { return this.#parts[HOSTNAME]; }
  set hostname(v) { this.#set(HOSTNAME, v); }
  get port() { return this.#parts[PORT]; }
  set port(v) { this.#set(PORT, v); }
  get pathname() { return this.#parts[PATHNAME]; }
  set pathname(v) { this.#set(PATHNAME, v); }
  get search() { return this.#parts[SEARCH]; }
  set search(v) { this.#set(SEARCH, v); }
  get hash() { return this.#parts[HASH]; }
  set hash(v) { this.#set(HASH, v); }
  get searchParams() {
    if (this.#searchParams === null) {
      this.#searchParams = new URLSearchParams(this.#parts[SEARCH]);
      linkSearchParams(this.#searchParams, this);
    }
    return this.#searchParams;
  }
  toString() { return this.#parts[HREF]; }
  toJSON() { return this.#parts[HREF]; }

  static {
    setParts = (u, serializedQuery) => {
      const parts = native.urlSet(u.#parts[HREF], SEARCH, serializedQuery === "" ? "" : `?${serializedQuery}`);
      if (parts !== undefined) u.#parts = parts;
    };
  }
}

defineInterface(URL);
enumerableMembers(URL, ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash", "searchParams", "toString", "toJSON"]);

let linkSearchParams;
const URLSearchParamsIteratorPrototype = makePairIteratorPrototype("URLSearchParams");

export class URLSearchParams {
  #list = [];
  #url = null;

  constructor(init = "") {
    if (typeof init === "object" && init !== null) {
      if (typeof init[SymbolIterator] === "function") {
        for (const pair of init) {
          const items = [...pair];
          if (items.length !== 2) throw new TypeErrorCtor("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
          ArrayPrototypePush(this.#list, [toUSVString(items[0]), toUSVString(items[1])]);
        }
      } else {
        for (const key of Reflect.ownKeys(init)) {
          const desc = Object.getOwnPropertyDescriptor(init, key);
          if (desc === undefined || !desc.enumerable || typeof key === "symbol") continue;
          ArrayPrototypePush(this.#list, [toUSVString(key), toUSVString(init[key])]);
        }
      }
    } else {
      let s = toUSVString(init);
      if (s.startsWith("?")) s = s.slice(1);
      this.#list = native.formDecode(s);
    }
  }

  #update() {
    if (this.#url !== null) setParts(this.#url, native.formEncode(this.#list));
  }

  get size() { return this.#list.length; }
  append(name, value) {
    if (arguments.length < 2) throw new TypeErrorCtor("Failed to execute 'append' on 'URLSearchParams': 2 arguments required.");
    ArrayPrototypePush(this.#list, [toUSVString(name), toUSVString(value)]);
    this.#update();
  }
  delete(name, value = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'delete' on 'URLSearchParams': 1 argument required.");
    name = toUSVString(name);
    if (value !== undefined) value = toUSVString(value);
    const list = this.#list;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i][0] === name && (value === undefined || list[i][1] === value)) ArrayPrototypeSplice(list, i, 1);
    }
    this.#update();
  }
  get(name) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'get' on 'URLSearchParams': 1 argument required.");
    name = toUSVString(name);
    for (const [k, v] of this.#list) if (k === name) return v;
    return null;
  }
  getAll(name) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'getAll' on 'URLSearchParams': 1 argument required.");
    name = toUSVString(name);
    const out = [];
    for (const [k, v] of this.#list) if (k === name) ArrayPrototypePush(out, v);
    return out;
  }
  has(name, value = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'has' on 'URLSearchParams': 1 argument required.");
    name = toUSVString(name);
    if (value !== undefined) value = toUSVString(value);
    for (const [k, v] of this.#list) if (k === name && (value === undefined || v === value)) return true;
    return false;
  }
  set(name, value) {
    if (arguments.length < 2) throw new TypeErrorCtor("Failed to execute 'set' on 'URLSearchParams': 2 arguments required.");
    name = toUSVString(name);
    value = toUSVString(value);
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== name) continue;
      if (!found) { list[i] = [name, value]; found = true; } else { ArrayPrototypeSplice(list, i, 1); i--; }
    }
    if (!found) ArrayPrototypePush(list, [name, value]);
    this.#update();
  }
  sort() {
    // Stable sort by UTF-16 code units of the names.
    const indexed = this.#list.map((pair, i) => [pair, i]);
    ArrayPrototypeSort(indexed, (a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
    this.#list = indexed.map((x) => x[0]);
    this.#update();
  }
  forEach(callback, thisArg = undefined) {
    if (typeof callback !== "function") throw new TypeErrorCtor("Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is not of type 'Function'.");
    for (let i = 0; i < this.#list.length; i++) {
      const [k, v] = this.#list[i];
      callback.call(thisArg, v, k, this);
    }
  }
  keys() { return createPairIterator(URLSearchParamsIteratorPrototype, () => this.#list, "key"); }
  values() { return createPairIterator(URLSearchParamsIteratorPrototype, () => this.#list, "value"); }
  entries() { return createPairIterator(URLSearchParamsIteratorPrototype, () => this.#list, "key+value"); }
  toString() { return native.formEncode(this.#list); }

  static {
    linkSearchParams = (params, url) => { params.#url = url; };
    getSearchParamsList = (p) => p.#list;
    setSearchParamsListFromString = (p, search) => {
      p.#list = native.formDecode(search.startsWith("?") ? search.slice(1) : search);
    };
  }
}

ObjectDefineProperty(URLSearchParams.prototype, SymbolIterator, {
  value: URLSearchParams.prototype.entries, writable: true, enumerable: false, configurable: true,
});
defineInterface(URLSearchParams);
enumerableMembers(URLSearchParams, ["size", "append", "delete", "get", "getAll", "has", "set", "sort", "forEach", "keys", "values", "entries", "toString"]);
