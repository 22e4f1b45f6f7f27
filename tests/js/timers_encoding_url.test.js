import { equal, deepEqual, throws } from "./lib/assert.js";

export const timersFireInOrder = {
  async test() {
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => order.push("b"), 20);
      setTimeout(() => order.push("a"), 5);
      const cancelled = setTimeout(() => order.push("never"), 10);
      clearTimeout(cancelled);
      setTimeout(resolve, 40);
    });
    deepEqual(order, ["a", "b"]);
  },
};

export const setIntervalRepeatsUntilCleared = {
  async test() {
    let n = 0;
    await new Promise((resolve) => {
      const id = setInterval(() => { if (++n === 3) { clearInterval(id); resolve(); } }, 1);
    });
    equal(n, 3);
  },
};

export const queueMicrotaskRunsBeforeTimers = {
  async test() {
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => { order.push("timer"); resolve(); }, 0);
      queueMicrotask(() => order.push("micro"));
    });
    deepEqual(order, ["micro", "timer"]);
  },
};

export const textEncoderDecoderRoundTrip = {
  test() {
    const bytes = new TextEncoder().encode("héllo €");
    equal(bytes.length, 10);
    equal(new TextDecoder().decode(bytes), "héllo €");
    throws(() => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])), TypeError);
    equal(new TextDecoder().decode(new Uint8Array([0xff])), "\uFFFD");
  },
};

export const textDecoderStripsTheBomOnlyAtTheStartOfAStream = {
  test() {
    const d = new TextDecoder();
    const bom = [0xef, 0xbb, 0xbf];
    equal(d.decode(new Uint8Array([...bom, 0x61]), { stream: true }), "a");
    equal(d.decode(new Uint8Array([...bom, 0x62]), { stream: true }), "\uFEFFb");
    equal(d.decode(), "");
    equal(d.decode(new Uint8Array([...bom, 0x63])), "c", "a new stream starts after a non-stream call");
  },
};

export const urlParsesAndSerializes = {
  test() {
    const u = new URL("../x?a=1#h", "https://user:pw@EXAMPLE.com:443/p/q/r");
    equal(u.href, "https://user:pw@example.com/p/x?a=1#h");
    equal(u.origin, "https://example.com");
    equal(u.searchParams.get("a"), "1");
    u.searchParams.append("b", "2 3");
    equal(u.search, "?a=1&b=2+3");
    u.pathname = "/new path";
    equal(u.pathname, "/new%20path");
    throws(() => new URL("nope"), TypeError);
    equal(URL.canParse("https://x"), true);
  },
};
