// The smallest useful worker: answers every request with a greeting from env.
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/json") {
      return Response.json({ greeting: env.GREETING, path: url.pathname });
    }
    if (request.method === "POST") {
      const body = await request.text();
      return new Response(`You sent ${body.length} bytes: ${body}\n`, {
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    return new Response(`${env.GREETING}!\n`, {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
