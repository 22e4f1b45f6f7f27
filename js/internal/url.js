// URL and URLSearchParams (https://url.spec.whatwg.org/#api) over the C++ parser
// (runtime/base/url.h via bindings/url.cc). A URL keeps its components as the parser serialised
// them; every setter re-parses in C++ and takes the new components back.
import native from "edgerun:native";
import { TypeErrorCtor, StringPrototypeSlice, SymbolIterator, ObjectDefineProperty, ArrayPrototypePush, ArrayPrototypeSplice, ArrayPrototypeSort } from "./primordials.js";
import { defineInterface, enumerableMembers, toUSVString, makePairIteratorPrototype, createPairIterator } from "./webidl.js";

// Setter selectors of native.urlSet (bindings/url.cc).
const HREF = 0, PROTOCOL = 1, USERNAME = 2, PASSWORD = 3, HOST = 4, HOSTNAME = 5, PORT = 6,
  PATHNAME = 7, SEARCH = 8, HASH = 9;

// native.urlParse/urlSet return the href and write where its components sit into this array
// (url::UrlOffsets order), which is read at once: no allocation per parse beyond the href.
const offsets = new Int32Array(8);

// The current request's URL when the engine found it already canonical (an http(s) URL that
// parses to itself: url_canonical.h): `new URL(request.url)`, which nearly every worker does,
// then needs no parse at all. Set by dispatch() for each request.
let canonicalHref = null;
export function noteCanonicalUrl(href) { canonicalHref = href; }
// Where the engine writes that URL's components (url::UrlOffsets order) before dispatch().
const requestUrlOffsets = new Int32Array(8);
native.setRequestUrlOffsets(requestUrlOffsets);

// Returns the serialised URL for `input` (resolved against `base`), or null when it does not
// parse. Used by Request, Response.redirect and fetch.
export function parseUrlHref(input, base = undefined) {
  if (base === undefined && input === canonicalHref) return input;
  const href = native.urlParse(input, base === undefined ? undefined : `${base}`, offsets);
  return href === undefined ? null : href;
}

let setSerializedQuery;
let getSearchParamsList;
let setSearchParamsListFromString;

export class URL {
  // The href and the positions of its components (see url::UrlOffsets): every getter is a slice.
  #href;
  #protocolEnd = 0;
  #usernameStart = 0;
  #usernameEnd = 0;
  #hostStart = 0;
  #hostEnd = 0;
  #pathStart = 0;
  #searchStart = 0;
  #hashStart = 0;
  #searchParams = null;

  constructor(url, base = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'URL': 1 argument required, but only 0 present.");
    if (base === undefined && url === canonicalHref) {  // a string, already well formed
      this.#take(url, requestUrlOffsets);  // where the engine wrote its components
      return;
    }
    url = toUSVString(url);
    if (base !== undefined) base = toUSVString(base);
    const href = native.urlParse(url, base, offsets);
    if (href === undefined) throw new TypeErrorCtor(`Invalid URL: ${url}`);
    this.#take(href);
  }

  static canParse(url, base = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'canParse' on 'URL': 1 argument required, but only 0 present.");
    return native.urlParse(toUSVString(url), base === undefined ? undefined : toUSVString(base), offsets) !== undefined;
  }

  static parse(url, base = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'parse' on 'URL': 1 argument required, but only 0 present.");
    try { return new URL(url, base); } catch { return null; }
  }

  #take(href, o = offsets) {
    this.#href = href;
    this.#protocolEnd = o[0];
    this.#usernameStart = o[1];
    this.#usernameEnd = o[2];
    this.#hostStart = o[3];
    this.#hostEnd = o[4];
    this.#pathStart = o[5];
    this.#searchStart = o[6];
    this.#hashStart = o[7];
  }

  #set(which, value) {
    const href = native.urlSet(this.#href, which, toUSVString(value), offsets);
    if (href === undefined) {
      if (which === HREF) throw new TypeErrorCtor(`Invalid URL: ${value}`);
      return;
    }
    this.#take(href);
    if (this.#searchParams !== null && (which === HREF || which === SEARCH)) {
      setSearchParamsListFromString(this.#searchParams, this.search);
    }
  }

  get href() { return this.#href; }
  set href(v) { this.#set(HREF, v); }
  get origin() { return native.urlOrigin(this.#href); }
  get protocol() { return StringPrototypeSlice(this.#href, 0, this.#protocolEnd); }
  set protocol(v) { this.#set(PROTOCOL, v); }
  get username() { return StringPrototypeSlice(this.#href, this.#usernameStart, this.#usernameEnd); }
  set username(v) { this.#set(USERNAME, v); }
  get password() {
    // ":password@" sits between the username and the host when there is one.
    const start = this.#usernameEnd + 1;
    const end = this.#hostStart - 1;
    return end > start ? StringPrototypeSlice(this.#href, start, end) : "";
  }
  set password(v) { this.#set(PASSWORD, v); }
  get host() { return StringPrototypeSlice(this.#href, this.#hostStart, this.#pathStart); }
  set host(v) { this.#set(HOST, v); }
  get hostname() { return StringPrototypeSlice(this.#href, this.#hostStart, this.#hostEnd); }
  set hostname(v) { this.#set(HOSTNAME, v); }
  get port() {
    return this.#pathStart > this.#hostEnd ? StringPrototypeSlice(this.#href, this.#hostEnd + 1, this.#pathStart) : "";
  }
  set port(v) { this.#set(PORT, v); }
  get pathname() { return StringPrototypeSlice(this.#href, this.#pathStart, this.#searchStart); }
  set pathname(v) { this.#set(PATHNAME, v); }
  get search() {
    // "?" alone (an empty query) reads as "", like no query.
    return this.#hashStart - this.#searchStart > 1 ? StringPrototypeSlice(this.#href, this.#searchStart, this.#hashStart) : "";
  }
  set search(v) { this.#set(SEARCH, v); }
  get hash() {
    return this.#href.length - this.#hashStart > 1 ? StringPrototypeSlice(this.#href, this.#hashStart) : "";
  }
  set hash(v) { this.#set(HASH, v); }
  get searchParams() {
    if (this.#searchParams === null) {
      this.#searchParams = new URLSearchParams(this.search);
      linkSearchParams(this.#searchParams, this);
    }
    return this.#searchParams;
  }
  toString() { return this.#href; }
  toJSON() { return this.#href; }

  static {
    setSerializedQuery = (u, serializedQuery) => {
      const href = native.urlSet(u.#href, SEARCH, serializedQuery === "" ? "" : `?${serializedQuery}`, offsets);
      if (href !== undefined) u.#take(href);
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
    if (this.#url !== null) setSerializedQuery(this.#url, native.formEncode(this.#list));
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
