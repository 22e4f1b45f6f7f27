import { equal, deepEqual, throws, rejects } from "./lib/assert.js";

export const responseFromString = {
  async test() {
    const r = new Response("hi", { status: 201, statusText: "Made", headers: { "X-A": "1" } });
    equal(r.status, 201);
    equal(r.statusText, "Made");
    equal(r.ok, true);
    equal(r.headers.get("x-a"), "1");
    equal(r.headers.get("content-type"), "text/plain;charset=UTF-8");
    equal(await r.text(), "hi");
    equal(r.bodyUsed, true);
    await rejects(r.text(), TypeError, "second read");
  },
};

export const responseBodies = {
  async test() {
    equal(await new Response(new Uint8Array([104, 105])).text(), "hi");
    equal(await new Response(new Uint8Array([1, 2, 3]).buffer).arrayBuffer().then((b) => b.byteLength), 3);
    equal(await new Response(null).text(), "");
    deepEqual(await Response.json({ a: 1 }).json(), { a: 1 });
    equal(Response.json({}).headers.get("content-type"), "application/json");
  },
};

export const responseStatusRules = {
  test() {
    throws(() => new Response("", { status: 99 }), RangeError);
    throws(() => new Response("x", { status: 204 }), TypeError);
    equal(Response.redirect("https://example.com/x", 301).headers.get("location"), "https://example.com/x");
    throws(() => Response.redirect("https://example.com/", 200), RangeError);
    equal(Response.error().type, "error");
  },
};

export const requestBasics = {
  async test() {
    const r = new Request("https://example.com/a?b=1", { method: "post", body: "data", headers: { "X-Y": "z" } });
    equal(r.method, "POST");
    equal(r.url, "https://example.com/a?b=1");
    equal(r.headers.get("x-y"), "z");
    equal(r.redirect, "follow");
    const copy = r.clone();
    equal(await r.text(), "data");
    equal(await copy.text(), "data");
    throws(() => new Request("https://example.com/", { method: "GET", body: "x" }), TypeError);
    throws(() => new Request("not a url"), TypeError);
    equal(new Request("https://example.com/", { method: "patch" }).method, "PATCH");  // workerd upper-cases PATCH too
  },
};
