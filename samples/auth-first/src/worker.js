export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    // Load balancers probe this without credentials.
    if (url.pathname === "/healthz") return new Response("ok\n");

    if (request.headers.get("Authorization") !== `Bearer ${env.API_TOKEN}`) {
      return new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return env.STATIC.fetch(request);
  },
};
