// env.ASSETS (spec/runtime.md "env.ASSETS.fetch"): a Fetcher whose fetch() runs the asset
// server natively. Redirects follow the request's redirect mode, as fetch does: the incoming
// request is "manual" (the 3xx comes back), a URL string or new Request(url) is "follow".
import native from "edgerun:native";
import { TypeErrorCtor } from "./primordials.js";
import { Request, getRequestParts } from "./request.js";
import { createResponse } from "./response.js";
import { headersToFlat } from "./headers.js";
import { defineInterface } from "./webidl.js";

const kRedirects = [301, 302, 303, 307, 308];
const kMaxRedirects = 20;

export class Fetcher {
  async fetch(input, init = undefined) {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const parts = getRequestParts(request);
    let url = parts.url;
    let method = parts.method;
    const flat = headersToFlat(parts.headers);
    for (let hop = 0; ; hop++) {
      const [status, headers, body] = native.assetsFetch(method, url, flat);
      let location = null;
      for (let i = 0; i < headers.length; i += 2) if (headers[i] === "location") location = headers[i + 1];
      if (parts.redirect === "manual" || !kRedirects.includes(status) || location === null) {
        return createResponse(status, headers, body, url, hop > 0);
      }
      if (parts.redirect === "error") throw new TypeErrorCtor(`env.ASSETS.fetch: redirect to ${location} with redirect mode "error"`);
      if (hop >= kMaxRedirects) throw new TypeErrorCtor("env.ASSETS.fetch: too many redirects");
      url = new URL(location, url).href;
      if (status === 303 && method !== "HEAD") method = "GET";
    }
  }

  connect() {
    throw new TypeErrorCtor("env.ASSETS does not support connect()");
  }
}
defineInterface(Fetcher);
