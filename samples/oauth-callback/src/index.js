// Completes the OAuth authorization-code flow: checks `state` against the cookie set before
// the user left for the provider, starts a session and sends the browser back to the app.

function cookie(request, name) {
  for (const part of (request.headers.get("Cookie") || "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return null;
}

function redirect(location, cookies = []) {
  const headers = new Headers({ Location: location });
  for (const c of cookies) headers.append("Set-Cookie", c);
  return new Response(null, { status: 302, headers });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/oauth/callback") return new Response("Not found\n", { status: 404 });

    // The provider answers with a query (GET) or, with response_mode=form_post, a form body.
    let params = url.searchParams;
    if (request.method === "POST") params = new URLSearchParams(await request.text());

    const error = params.get("error");
    if (error) return redirect(`/login?error=${encodeURIComponent(error)}`);
    const code = params.get("code");
    if (!code) return new Response("Missing authorization code\n", { status: 400 });
    const expected = cookie(request, "oauth_state");
    if (!expected || params.get("state") !== expected) {
      return new Response("State mismatch\n", { status: 403 });
    }

    // A real app exchanges `code` for tokens here; the sample keeps the code as the session.
    return redirect("/", [
      `session=${code}; Path=/; HttpOnly; Secure; SameSite=Lax`,
      "oauth_state=; Path=/; Max-Age=0",
    ]);
  },
};
