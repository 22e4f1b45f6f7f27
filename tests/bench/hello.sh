#!/usr/bin/env bash
# edgerun dev samples/hello vs workerd running the same module, in one run.
# Server on core 0, wrk on core 1, 50 connections, 10 s (DURATION / CONNECTIONS override).
#   tests/bench/hello.sh
source "$(dirname "$0")/lib.sh"
need_apt wrk wrk
need_apt curl curl
need_npm workerd
[ -x "$EDGERUN" ] || { echo "build edgerun first (scripts/test.sh or cmake --build build)" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# edgerun
e_port=$(free_port)
taskset -c 0 "$EDGERUN" dev "$ROOT/samples/hello" --port "$e_port" --threads 1 --quiet >/dev/null 2>&1 &
pids+=($!); e_pid=$!
wait_port "$e_port"
e_ticks0=$(cpu_ticks "$e_pid")
read -r e_rps e_p99 < <(run_wrk "http://127.0.0.1:$e_port/")
e_ticks1=$(cpu_ticks "$e_pid")

# workerd, same module and the same env var as a text binding
w_port=$(free_port)
cp "$ROOT/samples/hello/src/index.js" "$BENCH_DIR/hello.js"
cat > "$BENCH_DIR/hello.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .hello) ],
  sockets = [ (name = "http", address = "127.0.0.1:$w_port", http = (), service = "main") ],
);
const hello :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "hello.js") ],
  bindings = [ (name = "GREETING", text = "Hello from edgerun") ],
  compatibilityDate = "2024-09-23",
);
CAPNP
taskset -c 0 "$BENCH_DIR/node_modules/.bin/workerd" serve "$BENCH_DIR/hello.capnp" >/dev/null 2>&1 &
pids+=($!); w_pid=$!
wait_port "$w_port"
w_ticks0=$(cpu_ticks "$w_pid")
read -r w_rps w_p99 < <(run_wrk "http://127.0.0.1:$w_port/")
w_ticks1=$(cpu_ticks "$w_pid")

hz=$(getconf CLK_TCK)
e_cpu_us=$(awk -v t=$((e_ticks1-e_ticks0)) -v hz="$hz" -v r="$e_rps" -v d="${DURATION%s}" 'BEGIN{printf "%.2f", t/hz*1e6/(r*d)}')
w_cpu_us=$(awk -v t=$((w_ticks1-w_ticks0)) -v hz="$hz" -v r="$w_rps" -v d="${DURATION%s}" 'BEGIN{printf "%.2f", t/hz*1e6/(r*d)}')
ratio=$(awk -v a="$e_rps" -v b="$w_rps" 'BEGIN{printf "%.2f", a/b}')
printf "%-10s %12s %10s %14s\n" server "req/s" "p99 ms" "CPU us/req"
printf "%-10s %12s %10s %14s\n" edgerun "$e_rps" "$e_p99" "$e_cpu_us"
printf "%-10s %12s %10s %14s\n" workerd "$w_rps" "$w_p99" "$w_cpu_us"
echo "edgerun/workerd requests/s ratio: $ratio"
