export async function handleApi(request) {
  const url = new URL(request.url);
  if (url.pathname === "/api/hello") {
    return Response.json({ message: "Hello from the Pages worker", method: request.method });
  }
  if (url.pathname === "/api/echo" && request.method === "POST") {
    return new Response(await request.text(), { headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
