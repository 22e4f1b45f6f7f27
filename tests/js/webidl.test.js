import { equal } from "./lib/assert.js";

// USVString conversion (URL, Headers, TextEncoder input ...): lone surrogates become U+FFFD.
export const usvStringReplacesLoneSurrogates = {
  test() {
    equal(new URL("http://a/x\uD800y").pathname, "/x%EF%BF%BDy");
    equal(new URL("http://a/\uDC00").pathname, "/%EF%BF%BD");
    equal(new URL("http://a/\uD83D\uDE00").pathname, "/%F0%9F%98%80", "a pair is kept");
    equal(new URLSearchParams("a=\uD800").get("a"), "\uFFFD");
  },
};

// A worker that patches String.prototype must not change how the runtime converts strings.
export const usvStringIgnoresPatchedStringPrototype = {
  test() {
    const saved = {
      toWellFormed: Object.getOwnPropertyDescriptor(String.prototype, "toWellFormed"),
      replace: Object.getOwnPropertyDescriptor(String.prototype, "replace"),
    };
    String.prototype.toWellFormed = function () { return "patched"; };
    String.prototype.replace = function () { return "patched"; };
    try {
      equal(new URL("http://a/x\uD800").pathname, "/x%EF%BF%BD");
      equal(new URL("http://a/plain").pathname, "/plain");
    } finally {
      for (const [name, desc] of Object.entries(saved)) {
        if (desc === undefined) delete String.prototype[name];
        else Object.defineProperty(String.prototype, name, desc);
      }
    }
  },
};
