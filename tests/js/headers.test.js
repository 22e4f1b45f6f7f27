import { equal, deepEqual, throws } from "./lib/assert.js";

export const namesAreCaseInsensitive = {
  test() {
    const h = new Headers({ "Content-Type": "text/plain" });
    equal(h.get("content-type"), "text/plain");
    equal(h.has("CONTENT-TYPE"), true);
    h.delete("Content-type");
    equal(h.has("content-type"), false);
  },
};

export const iterationIsSortedAndCombined = {
  test() {
    const h = new Headers([["b", "2"], ["a", "1"], ["B", "3"], ["set-cookie", "x=1"], ["set-cookie", "y=2"]]);
    deepEqual([...h], [["a", "1"], ["b", "2, 3"], ["set-cookie", "x=1"], ["set-cookie", "y=2"]]);
    deepEqual([...h.keys()], ["a", "b", "set-cookie", "set-cookie"]);
    deepEqual(h.getSetCookie(), ["x=1", "y=2"]);
  },
};

export const appendSetGetForEach = {
  test() {
    const h = new Headers();
    h.append("x", "1");
    h.append("x", "2");
    equal(h.get("x"), "1, 2");
    h.set("x", "3");
    equal(h.get("x"), "3");
    const seen = [];
    h.forEach((v, k) => seen.push(`${k}=${v}`));
    deepEqual(seen, ["x=3"]);
    deepEqual([...h.entries()], [["x", "3"]]);
  },
};

export const valuesAreNormalizedAndValidated = {
  test() {
    const h = new Headers({ a: "  padded\t" });
    equal(h.get("a"), "padded");
    throws(() => h.set("bad name", "x"), TypeError, "space in name");
    throws(() => h.set("a", "x\ny"), TypeError, "newline in value");
    throws(() => h.set("a", "\u0100"), TypeError, "non-ByteString");
  },
};

export const webIdlShape = {
  test() {
    equal(Object.prototype.toString.call(new Headers()), "[object Headers]");
    equal(typeof Headers.prototype[Symbol.iterator], "function");
    const desc = Object.getOwnPropertyDescriptor(globalThis, "Headers");
    equal(desc.enumerable, false);
    equal(desc.writable, true);
    equal(self, globalThis);
  },
};
