// compare.sh peer: Deno.serve with the same routes as worker.js plus static files.
//   deno run -A tests/bench/peers/deno.js PORT STATIC_DIR
import { AsyncLocalStorage } from "node:async_hooks";

const [port, dir] = Deno.args;
const GREETING = "Hello from edgerun";
const als = new AsyncLocalStorage();
const TYPES = { txt: "text/plain; charset=utf-8", bin: "application/octet-stream" };

Deno.serve({ hostname: "127.0.0.1", port: Number(port), onListen() {} }, async (request) => {
  const url = new URL(request.url);
  const p = url.pathname;
  if (p === "/json") return Response.json({ greeting: GREETING, path: p, items: [1, 2, 3], ok: true });
  if (p === "/als") {
    return als.run({ id: url.search || "none" }, async () => {
      await null;
      return new Response(`store ${als.getStore().id}\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
    });
  }
  if (p === "/4k.txt" || p === "/256k.bin") {
    const file = await Deno.open(dir + p, { read: true });
    const { size } = await file.stat();
    return new Response(file.readable, {
      headers: { "content-type": TYPES[p.split(".").pop()], "content-length": String(size) },
    });
  }
  return new Response(`${GREETING}!\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
});
