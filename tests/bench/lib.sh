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
