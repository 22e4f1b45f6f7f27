# compare.sh peer: workerd running worker.js on socket "http", and a disk service serving the
# static folder on socket "static". compare.sh overrides the addresses and the folder:
#   workerd serve tests/bench/peers/workerd.capnp --socket-addr http=127.0.0.1:P1 \
#     --socket-addr static=127.0.0.1:P2 --directory-path files=STATIC_DIR
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "files", disk = (path = "/nonexistent", writable = false)),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:8080", http = (), service = "main"),
    (name = "static", address = "127.0.0.1:8081", http = (), service = "files"),
  ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.js") ],
  bindings = [ (name = "GREETING", text = "Hello from edgerun") ],
  compatibilityDate = "2024-09-23",
  compatibilityFlags = ["nodejs_compat"],
);
