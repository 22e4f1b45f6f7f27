const root = document.getElementById("root");
fetch("/api/todos").then((r) => r.json()).then((todos) => {
  root.textContent = todos.map((t) => t.title).join(", ");
});
