#!/usr/bin/env bash
# HTTP front end under wrk: the hello worker (samples/hello) on edgerun vs workerd and Deno
# (Deno.serve with the same answer: tests/bench/peers/deno.js, the fastest JS peer of PERF.md), in one run,
# at 1, 50 and 256 connections, then HTTP/1.1 pipelining (tests/bench/pipeline.lua, 16
# requests per batch) at 50 connections. Server pinned to core 0, wrk to core 1, one server
# thread. Reports req/s, p99 latency (not for pipelining: wrk times batches) and the
# server's CPU time per request (/proc/PID/stat utime+stime before and after).
#   DURATION=10s tests/bench/http.sh        (run by hand on a quiet machine, never in CI)
# Env: DURATION (default 10s), EDGERUN_BENCH_DIR (default /tmp/edgerun-bench), PIPELINE_DEPTH (16).
source "$(dirname "$0")/lib.sh"
need_apt wrk wrk
need_apt curl curl
[ -x "$EDGERUN" ] || { echo "build edgerun first (cmake --build build --target edgerun)" >&2; exit 1; }
trap bench_cleanup EXIT
DEPTH="${PIPELINE_DEPTH:-16}"; export PIPELINE_DEPTH=$DEPTH

have_workerd=1
need_npm workerd || true
[ -x "$BENCH_DIR/node_modules/.bin/workerd" ] || { have_workerd=0; echo "workerd: npm install failed; measuring edgerun only" >&2; }

have_deno=1
need_npm deno || true
"$BENCH_DIR/node_modules/.bin/deno" --version >/dev/null 2>&1 || { have_deno=0; echo "deno: npm install failed; leaving Deno out" >&2; }

results=()  # "server workload rps p99 cpu_us"

measure() {  # measure NAME PID URL WORKLOAD CONNS [wrk args]
  local name=$1 pid=$2 url=$3 workload=$4 conns=$5; shift 5
  local t0 t1 rps p99
  t0=$(cpu_ticks "$pid")
  read -r rps p99 < <(CONNECTIONS=$conns run_wrk "$url" "$@")
  t1=$(cpu_ticks "$pid")
  case $workload in pipelined*) p99="-";; esac  # wrk's latency is per batch, not per request
  results+=("$name $workload ${rps:-0} ${p99:-nan} $(cpu_us_per_req "$t0" "$t1" "${rps:-0}")")
}

run_suite() {  # run_suite NAME PID URL
  for c in 1 50 256; do measure "$1" "$2" "$3" "hello-c$c" "$c"; done
  measure "$1" "$2" "$3" "pipelined-d$DEPTH-c50" 50 -s "$ROOT/tests/bench/pipeline.lua"
}

# run_peer NAME PORT COMMAND...: starts a peer, runs the suite if it answers, stops it.
run_peer() {
  local name=$1 port=$2; shift 2
  bench_start "$BENCH_DIR/http-$name.log" "$@"
  local pid=$BENCH_PID
  if wait_http "http://127.0.0.1:$port/"; then
    run_suite "$name" "$pid" "http://127.0.0.1:$port/"
  else
    echo "$name did not start: $(tail -3 "$BENCH_DIR/http-$name.log")" >&2
  fi
  bench_stop "$pid"
}

port=$(free_port)
run_peer edgerun "$port" "$EDGERUN" dev "$ROOT/samples/hello" --port "$port" --threads 1 --quiet

if [ "$have_workerd" = 1 ]; then
  port=$(free_port)
  cp "$ROOT/samples/hello/src/index.js" "$BENCH_DIR/http-hello.js"
  write_workerd_capnp "$BENCH_DIR/http-hello.capnp" "$port" "$BENCH_DIR/http-hello.js"
  run_peer workerd "$port" "$BENCH_DIR/node_modules/.bin/workerd" serve "$BENCH_DIR/http-hello.capnp"
fi

if [ "$have_deno" = 1 ]; then
  port=$(free_port)
  mkdir -p "$BENCH_DIR/http-deno-static"
  run_peer deno "$port" "$BENCH_DIR/node_modules/.bin/deno" run -A \
    "$ROOT/tests/bench/peers/deno.js" "$port" "$BENCH_DIR/http-deno-static"
fi

echo "duration $DURATION per run; server on core 0, wrk -t1 on core 1"
printf "%-10s %-22s %12s %10s %12s\n" server workload "req/s" "p99 ms" "CPU us/req"
for r in "${results[@]}"; do
  # shellcheck disable=SC2086
  printf "%-10s %-22s %12s %10s %12s\n" $r
done
awk '
  { rps[$1" "$2] = $3; wl[$2] = 1 }
  END { for (w in wl) for (peer in peers) if (((peer " " w) in rps) && rps[peer " " w] > 0)
          printf "edgerun/%-8s %-22s %.2fx\n", peer, w, rps["edgerun " w] / rps[peer " " w] }
  BEGIN { peers["workerd"] = 1; peers["deno"] = 1 }
' < <(printf '%s\n' "${results[@]}") | sort
