// Request (https://fetch.spec.whatwg.org/#request-class), with the Workers extras real code
// uses (cf, redirect "manual" on incoming requests). An incoming request is created lazily over
// the native HTTP exchange: its headers are read from C++ only when first touched.
import native from "edgerun:native";
import {
  TypeErrorCtor, StringPrototypeToUpperCase, ObjectDefineProperty,
} from "./primordials.js";
import { Headers, fillHeaders, headersFromNative, headersToFlat, setHeadersGuard } from "./headers.js";
import {
  extractBody, nativeBody, cloneBody, bodyStream, bodyUsed, consumeText, consumeJson, consumeArrayBuffer, consumeBytes,
} from "./body.js";
import { defineInterface, enumerableMembers, toUSVString } from "./webidl.js";
import { parseUrlHref } from "./url.js";

const kNormalizedMethods = { DELETE: "DELETE", GET: "GET", HEAD: "HEAD", OPTIONS: "OPTIONS", POST: "POST", PUT: "PUT", PATCH: "PATCH" };
const kForbiddenMethods = { CONNECT: true, TRACE: true, TRACK: true };
const kMethodRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const kRedirectModes = ["follow", "error", "manual"];
const kCreateIncoming = Symbol("incoming");

let getBody;
let newIncoming;
let requestParts;

export class Request {
  #method = "GET";
  #url = "";
  #headers = null;       // Headers, created on first access for incoming requests
  #nativeId = 0;         // incoming request id (headers/body read from C++), else 0
  #body;
  #redirect = "follow";
  #cf = undefined;

  constructor(input, init = undefined) {
    if (input === kCreateIncoming) return;  // newIncomingRequest fills the fields
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'Request': 1 argument required, but only 0 present.");
    if (init !== undefined && init !== null && typeof init !== "object") {
      throw new TypeErrorCtor("Failed to construct 'Request': The provided value is not of type 'RequestInit'.");
    }
    init ??= {};
    let source = null;
    if (input instanceof Request) {
      source = input;
      this.#url = input.#url;
      this.#method = input.#method;
      this.#redirect = input.#redirect;
      this.#cf = input.#cf;
    } else {
      const href = parseUrlHref(toUSVString(input));
      if (href === null) throw new TypeErrorCtor(`Failed to construct 'Request': Invalid URL: ${input}`);
      this.#url = href;
    }
    if (init.method !== undefined) {
      const m = `${init.method}`;
      if (!kMethodRe.test(m)) throw new TypeErrorCtor(`'${m}' is not a valid HTTP method.`);
      const upper = StringPrototypeToUpperCase(m);
      if (kForbiddenMethods[upper]) throw new TypeErrorCtor(`'${m}' HTTP method is unsupported.`);
      this.#method = kNormalizedMethods[upper] ?? m;
    }
    if (init.redirect !== undefined) {
      const r = `${init.redirect}`;
      if (!kRedirectModes.includes(r)) throw new TypeErrorCtor(`Failed to construct 'Request': The provided value '${r}' is not a valid enum value of type RequestRedirect.`);
      this.#redirect = r;
    }
    if (init.cf !== undefined) this.#cf = init.cf;
    this.#headers = new Headers();
    if (init.headers !== undefined) fillHeaders(this.#headers, init.headers);
    else if (source !== null) fillHeaders(this.#headers, source.headers);

    if (init.body !== undefined && init.body !== null) {
      if (this.#method === "GET" || this.#method === "HEAD") {
        throw new TypeErrorCtor("Request with a GET or HEAD method cannot have a body.");
      }
      this.#body = extractBody(init.body);
      if (this.#body.type !== null && !this.#headers.has("content-type")) this.#headers.append("content-type", this.#body.type);
    } else if (source !== null && init.body === undefined) {
      const body = getBody(source);
      if (bodyUsed(body)) throw new TypeErrorCtor("Cannot construct a Request with a Request object that has already been used.");
      this.#body = body.kind === "none" ? body : cloneBody(body);
      if (body.kind !== "none" && body.kind !== "stream") body.used = true;  // the source is disturbed, as the spec says
    } else {
      this.#body = extractBody(null);
    }
  }

  get method() { return this.#method; }
  get url() { return this.#url; }
  get headers() {
    if (this.#headers === null) {
      this.#headers = headersFromNative(native.requestHeaders(this.#nativeId), "immutable");
    }
    return this.#headers;
  }
  get redirect() { return this.#redirect; }
  get cf() { return this.#cf; }
  get body() { return bodyStream(this.#body); }
  get bodyUsed() { return bodyUsed(this.#body); }
  get signal() { return undefined; }
  get keepalive() { return false; }
  get integrity() { return ""; }

  text() { return consumeText(this.#body); }
  json() { return consumeJson(this.#body); }
  arrayBuffer() { return consumeArrayBuffer(this.#body); }
  bytes() { return consumeBytes(this.#body); }

  clone() {
    if (bodyUsed(this.#body)) throw new TypeErrorCtor("Failed to execute 'clone' on 'Request': Request body is already used");
    const copy = new Request(kCreateIncoming);
    copy.#method = this.#method;
    copy.#url = this.#url;
    copy.#redirect = this.#redirect;
    copy.#cf = this.#cf;
    copy.#headers = new Headers(this.headers);
    copy.#body = cloneBody(this.#body);
    return copy;
  }

  static {
    getBody = (r) => r.#body;
    newIncoming = (id, method, url, hasBody) => {
      const r = new Request(kCreateIncoming);
      r.#nativeId = id;
      r.#method = method;
      r.#url = url;
      r.#redirect = "manual";  // the incoming request is passed on as-is (spec/runtime.md)
      r.#body = hasBody ? nativeBody(id) : extractBody(null);
      return r;
    };
    requestParts = (r) => ({ method: r.#method, url: r.#url, headers: r.headers, body: r.#body, redirect: r.#redirect });
  }
}

export function newIncomingRequest(id, method, url, hasBody) {
  return newIncoming(id, method, url, hasBody);
}

export function getRequestParts(request) {
  return requestParts(request);
}

defineInterface(Request);
enumerableMembers(Request, ["body", "method", "url", "headers", "redirect", "bodyUsed", "signal", "text", "json", "arrayBuffer", "bytes", "clone"]);
