// The compare.sh workloads as a Workers module (edgerun and workerd):
//   /       hello text        /json   a small JSON document
//   /als    AsyncLocalStorage.run + an await + getStore()
// Static files (/4k.txt, /256k.bin) are served by the runtime's own asset/disk serving.
import { AsyncLocalStorage } from "node:async_hooks";

const als = new AsyncLocalStorage();

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/json") {
      return Response.json({ greeting: env.GREETING, path: url.pathname, items: [1, 2, 3], ok: true });
    }
    if (url.pathname === "/als") {
      return als.run({ id: url.search || "none" }, async () => {
        await null;
        return new Response(`store ${als.getStore().id}\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
      });
    }
    return new Response(`${env.GREETING}!\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
