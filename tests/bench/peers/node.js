// compare.sh peer: Node's http server with the same routes as worker.js plus static files
// (fs.createReadStream).   node tests/bench/peers/node.js PORT STATIC_DIR
"use strict";
const http = require("node:http");
const fs = require("node:fs");
const { AsyncLocalStorage } = require("node:async_hooks");

const [port, dir] = process.argv.slice(2);
const GREETING = "Hello from edgerun";
const als = new AsyncLocalStorage();
const TYPES = { txt: "text/plain; charset=utf-8", bin: "application/octet-stream" };
const TEXT = { "content-type": "text/plain; charset=utf-8" };

http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  const p = url.pathname;
  if (p === "/json") {
    const body = JSON.stringify({ greeting: GREETING, path: p, items: [1, 2, 3], ok: true });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    return res.end(body);
  }
  if (p === "/als") {
    return als.run({ id: url.search || "none" }, async () => {
      await null;
      res.writeHead(200, TEXT);
      res.end(`store ${als.getStore().id}\n`);
    });
  }
  if (p === "/4k.txt" || p === "/256k.bin") {
    return fs.stat(dir + p, (err, st) => {
      if (err) { res.writeHead(404); return res.end(); }
      res.writeHead(200, { "content-type": TYPES[p.split(".").pop()], "content-length": st.size });
      fs.createReadStream(dir + p).pipe(res);
    });
  }
  res.writeHead(200, TEXT);
  res.end(`${GREETING}!\n`);
}).listen(Number(port), "127.0.0.1");
