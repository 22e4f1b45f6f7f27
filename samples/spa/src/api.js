const todos = [
  { id: 1, title: "Write the docs", done: true },
  { id: 2, title: "Ship it", done: false },
];

function json(value, status = 200) {
  return Response.json(value, { status });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/api/health") return json({ ok: true });
    if (url.pathname === "/api/todos") {
      if (request.method === "GET") return json(todos);
      if (request.method === "POST") {
        const todo = await request.json();
        return json({ id: todos.length + 1, title: todo.title, done: false }, 201);
      }
      return json({ error: "method not allowed" }, 405);
    }
    return json({ error: `no route for ${request.method} ${url.pathname}` }, 404);
  },
};
