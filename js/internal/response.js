// Response (https://fetch.spec.whatwg.org/#response-class). A Response made from a string and a
// plain object of headers never builds a Headers object unless the worker reads `.headers`:
// the native side gets the flat header list directly (the hot path of most handlers).
import {
  TypeErrorCtor, RangeErrorCtor, JSONStringify, ArrayPrototypePush,
} from "./primordials.js";
import { Headers, fillHeaders, headersToFlat, plainRecordToFlat, headersFromNative } from "./headers.js";
import {
  extractBody, cloneBody, bodyStream, bodyUsed, consumeText, consumeJson, consumeArrayBuffer, consumeBytes,
} from "./body.js";
import { defineInterface, enumerableMembers, toByteString } from "./webidl.js";
import { parseUrlHref } from "./url.js";

const kNullBodyStatus = [101, 204, 205, 304];
const kRedirectStatus = [301, 302, 303, 307, 308];
const kReasonRe = /^[\t\x20-\x7e\x80-\xff]*$/;
const kInternalCreate = Symbol("internal");

let responseParts;
let makeResponse;
const kStatusText = {
  200: "OK", 206: "Partial Content", 301: "Moved Permanently", 302: "Found", 303: "See Other",
  304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 404: "Not Found",
  405: "Method Not Allowed", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
  500: "Internal Server Error",
};

export class Response {
  #status = 200;
  #statusText = "";
  #headers = null;       // Headers, or null while only #flat is known
  #flat = null;          // flat header list when built from a plain record
  #body;
  #type = "default";
  #url = "";
  #webSocket = null;
  #redirected = false;

  constructor(body = null, init = undefined) {
    if (body === kInternalCreate) return;
    if (init !== undefined && init !== null && typeof init !== "object") {
      throw new TypeErrorCtor("Failed to construct 'Response': The provided value is not of type 'ResponseInit'.");
    }
    init ??= {};
    if (init.status !== undefined) {
      const status = Number(init.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        // Workers also allows 101 for WebSocket upgrades.
        if (!(status === 101 && init.webSocket)) {
          throw new RangeErrorCtor(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
        }
      }
      this.#status = status;
    }
    if (init.statusText !== undefined) {
      const text = toByteString(init.statusText, "Response statusText");
      if (!kReasonRe.test(text)) throw new TypeErrorCtor("Failed to construct 'Response': Invalid statusText");
      this.#statusText = text;
    }
    if (init.webSocket) this.#webSocket = init.webSocket;
    if (init.headers !== undefined) {
      const flat = plainRecordToFlat(init.headers);
      if (flat !== null) {
        this.#flat = flat;
      } else {
        this.#headers = new Headers();
        fillHeaders(this.#headers, init.headers);
      }
    }
    if (body !== null && body !== undefined) {
      if (kNullBodyStatus.includes(this.#status)) {
        throw new TypeErrorCtor(`Response with null body status (${this.#status}) cannot have a body.`);
      }
      this.#body = extractBody(body);
      if (this.#body.type !== null && !this.#hasHeader("content-type")) {
        this.#appendHeader("content-type", this.#body.type);
      }
    } else {
      this.#body = extractBody(null);
    }
  }

  #hasHeader(name) {
    if (this.#headers !== null) return this.#headers.has(name);
    const flat = this.#flat;
    if (flat === null) return false;
    for (let i = 0; i < flat.length; i += 2) if (flat[i] === name) return true;
    return false;
  }

  #appendHeader(name, value) {
    if (this.#headers !== null) this.#headers.append(name, value);
    else if (this.#flat !== null) ArrayPrototypePush(this.#flat, name, value);
    else this.#flat = [name, value];
  }

  get status() { return this.#status; }
  get statusText() { return this.#statusText; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get redirected() { return this.#redirected; }
  get type() { return this.#type; }
  get url() { return this.#url; }
  get webSocket() { return this.#webSocket; }
  get headers() {
    if (this.#headers === null) {
      const h = new Headers();
      const flat = this.#flat;
      if (flat !== null) for (let i = 0; i < flat.length; i += 2) h.append(flat[i], flat[i + 1]);
      this.#headers = h;
      this.#flat = null;
    }
    return this.#headers;
  }
  get body() { return bodyStream(this.#body); }
  get bodyUsed() { return bodyUsed(this.#body); }

  text() { return consumeText(this.#body); }
  json() { return consumeJson(this.#body); }
  arrayBuffer() { return consumeArrayBuffer(this.#body); }
  bytes() { return consumeBytes(this.#body); }

  clone() {
    if (bodyUsed(this.#body)) throw new TypeErrorCtor("Failed to execute 'clone' on 'Response': Response body is already used");
    const copy = new Response(kInternalCreate);
    copy.#status = this.#status;
    copy.#statusText = this.#statusText;
    copy.#type = this.#type;
    copy.#url = this.#url;
    copy.#headers = new Headers(this.headers);
    copy.#body = cloneBody(this.#body);
    return copy;
  }

  static error() {
    const r = new Response(kInternalCreate);
    r.#status = 0;
    r.#type = "error";
    r.#headers = new Headers();
    r.#body = extractBody(null);
    return r;
  }

  static redirect(url, status = 302) {
    const href = parseUrlHref(`${url}`);
    if (href === null) throw new TypeErrorCtor(`Failed to execute 'redirect' on 'Response': Invalid URL: ${url}`);
    status = Number(status);
    if (!kRedirectStatus.includes(status)) throw new RangeErrorCtor(`Failed to execute 'redirect' on 'Response': Invalid status code ${status}`);
    const r = new Response(kInternalCreate);
    r.#status = status;
    r.#flat = ["location", href];
    r.#body = extractBody(null);
    return r;
  }

  static json(data, init = undefined) {
    const text = JSONStringify(data);
    if (text === undefined) throw new TypeErrorCtor("Failed to execute 'json' on 'Response': The data is not JSON serializable");
    const r = new Response(null, init);
    if (kNullBodyStatus.includes(r.#status)) {
      throw new TypeErrorCtor(`Response with null body status (${r.#status}) cannot have a body.`);
    }
    r.#body = extractBody(text);
    if (!r.#hasHeader("content-type")) r.#appendHeader("content-type", "application/json");
    return r;
  }

  static {
    makeResponse = (status, flat, bodyBytes, url, redirected) => {
      const r = new Response(kInternalCreate);
      r.#status = status;
      r.#statusText = kStatusText[status] ?? "";
      r.#headers = headersFromNative(flat, "immutable");
      r.#body = bodyBytes === null ? extractBody(null) : { kind: "bytes", value: bodyBytes, used: false, type: null };
      r.#url = url;
      r.#redirected = redirected;
      return r;
    };
    responseParts = (r) => ({
      status: r.#status,
      flat: r.#headers !== null ? headersToFlat(r.#headers) : (r.#flat ?? []),
      body: r.#body,
    });
  }
}

// A Response made by the runtime (env.ASSETS, fetch): any status, immutable headers.
export function createResponse(status, flat, bodyBytes, url, redirected) {
  return makeResponse(status, flat, bodyBytes, url, redirected);
}

export function getResponseParts(response) {
  return responseParts(response);
}

defineInterface(Response);
enumerableMembers(Response, ["body", "status", "statusText", "ok", "redirected", "type", "url", "headers", "bodyUsed", "text", "json", "arrayBuffer", "bytes", "clone"]);
