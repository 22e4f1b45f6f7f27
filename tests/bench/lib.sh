# Shared helpers of the benchmark scripts (sourced). Server pinned to core 0, wrk to core 1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="${EDGERUN_BENCH_DIR:-/tmp/edgerun-bench}"
EDGERUN="$ROOT/build/edgerun"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
mkdir -p "$BENCH_DIR"

need_apt() {  # need_apt PROGRAM PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq "$2" >/dev/null; else sudo apt-get install -y -qq "$2" >/dev/null; fi
}

need_npm() {  # need_npm PACKAGE -> installs into $BENCH_DIR/node_modules once
  [ -d "$BENCH_DIR/node_modules/$1" ] && return
  (cd "$BENCH_DIR" && npm i --silent --no-audit --no-fund "$1" >/dev/null 2>&1)
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {  # wait_port PORT: until something answers HTTP there (10 s at most)
  for _ in $(seq 1 200); do
    if curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "nothing answered on port $1" >&2; return 1
}

# run_wrk URL [extra wrk args] -> prints "REQS_PER_SEC P99_MS"
run_wrk() {
  local url=$1; shift
  local out
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}')
  local errors
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  [ -n "$errors" ] && echo "wrk: $errors" >&2
  echo "$rps $p99"
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

# ---- helpers shared by http.sh, assets.sh and compare.sh (appended) ----

BENCH_PIDS=()
bench_cleanup() { for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; BENCH_PIDS=(); }

# bench_start LOG CMD... -> starts CMD on core 0 in the background; sets BENCH_PID
bench_start() {
  local log=$1; shift
  taskset -c 0 "$@" >"$log" 2>&1 &
  BENCH_PID=$!
  BENCH_PIDS+=("$BENCH_PID")
}

# bench_stop PID: SIGTERM, then SIGKILL after 5 s
bench_stop() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }; sleep 0.05; done
  kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
}

duration_s() { local d=$DURATION; case $d in *ms) awk -v v="${d%ms}" 'BEGIN{print v/1000}';; *m) echo $(( ${d%m} * 60 ));; *s) echo "${d%s}";; *) echo "$d";; esac; }

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

# cpu_us_per_req TICKS_BEFORE TICKS_AFTER REQS_PER_SEC -> server CPU microseconds per request
cpu_us_per_req() {
  awk -v t=$(($2 - $1)) -v hz="$(getconf CLK_TCK)" -v r="$3" -v d="$(duration_s)" \
    'BEGIN{ if (r > 0) printf "%.2f", t/hz*1e6/(r*d); else print "nan" }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else printf "%g\n", (v[NR/2]+v[NR/2+1])/2 }'; }

# wait_http URL [TIMEOUT_S]: until URL answers 200 (10 s default)
wait_http() {
  local n=$(( ${2:-10} * 50 ))
  for _ in $(seq 1 "$n"); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ] && return 0
    sleep 0.02
  done
  echo "no 200 from $1" >&2; return 1
}

# write_nginx_conf DIR PORT ROOT: minimal nginx config (one worker, no access log, sendfile)
write_nginx_conf() {
  mkdir -p "$1/logs" "$1/tmp"
  cat > "$1/nginx.conf" <<NGINX
daemon off;
master_process off;
worker_processes 1;
pid $1/nginx.pid;
error_log $1/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $1/tmp;
  proxy_temp_path $1/tmp;
  fastcgi_temp_path $1/tmp;
  uwsgi_temp_path $1/tmp;
  scgi_temp_path $1/tmp;
  types { text/plain txt; application/octet-stream bin; }
  server {
    listen 127.0.0.1:$2 reuseport;
    root $3;
  }
}
NGINX
}

# write_workerd_capnp FILE PORT MODULE_FILE [ASSETS_DIR]: one ES-module worker on PORT
write_workerd_capnp() {
  local file=$1 port=$2 module=$3
  cat > "$file" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:$port", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "$(basename "$module")") ],
  bindings = [ (name = "GREETING", text = "Hello from edgerun") ],
  compatibilityDate = "2024-09-23",
  compatibilityFlags = ["nodejs_compat"],
);
CAPNP
}
