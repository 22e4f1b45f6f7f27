// Gatekeeper for members-only files. Everything else never reaches this worker: public
// assets are served before it runs.

function sessionOf(request) {
  const cookie = request.headers.get("Cookie") || "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "session") return rest.join("=");
  }
  return null;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);

    if (url.pathname === "/api/login" && request.method === "POST") {
      const form = new URLSearchParams(await request.text());
      if (form.get("password") !== "hunter2") {
        return new Response("Wrong password\n", { status: 401 });
      }
      return new Response(null, {
        status: 302,
        headers: { Location: "/documents/", "Set-Cookie": "session=ok; Path=/; HttpOnly; SameSite=Lax" },
      });
    }

    const protectedPath = url.pathname.startsWith("/assets/protected/") || url.pathname.startsWith("/documents/");
    if (!protectedPath) return new Response("Not found\n", { status: 404 });

    const session = sessionOf(request);
    if (session === null) {
      return new Response("Login required\n", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    if (session !== "ok") {
      return new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }

    const asset = await env.ASSETS.fetch(request);
    if (asset.status !== 200) return asset;
    // Members-only content must not end up in shared caches.
    const response = new Response(asset.body, asset);
    response.headers.set("Cache-Control", "private, no-store");
    return response;
  },
};
