// compare.sh peer: Bun.serve with the same routes as worker.js plus static files (Bun.file).
//   bun tests/bench/peers/bun.js PORT STATIC_DIR
import { AsyncLocalStorage } from "node:async_hooks";

const [port, dir] = process.argv.slice(2);
const GREETING = "Hello from edgerun";
const als = new AsyncLocalStorage();

Bun.serve({
  hostname: "127.0.0.1",
  port: Number(port),
  async fetch(request) {
    const url = new URL(request.url);
    const p = url.pathname;
    if (p === "/json") return Response.json({ greeting: GREETING, path: p, items: [1, 2, 3], ok: true });
    if (p === "/als") {
      return als.run({ id: url.search || "none" }, async () => {
        await null;
        return new Response(`store ${als.getStore().id}\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
      });
    }
    if (p === "/4k.txt" || p === "/256k.bin") return new Response(Bun.file(dir + p));
    return new Response(`${GREETING}!\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
});
