#!/usr/bin/env bash
# User-space instructions per request under callgrind: repeatable whatever else the machine
# does. Starts `edgerun dev PROJECT` under valgrind with instrumentation off, warms up with
# 15 s of wrk -c10, counts 10 s of wrk -c10, and prints total instructions / requests.
#   tests/bench/callgrind.sh [PROJECT] [PATH]      (samples/hello, /)
# The profile stays in $BENCH_DIR/callgrind.out (callgrind_annotate --inclusive=yes it).
source "$(dirname "$0")/lib.sh"
need_apt wrk wrk
need_apt valgrind valgrind
project=${1:-$ROOT/samples/hello} path=${2:-/}
out="$BENCH_DIR/callgrind.out"
port=$(free_port)
valgrind --tool=callgrind --callgrind-out-file="$out" --instr-atstart=no \
  "$EDGERUN" dev "$project" --port "$port" --threads 1 --quiet >"$BENCH_DIR/callgrind.log" 2>&1 &
vg=$!
trap 'kill $vg 2>/dev/null; wait $vg 2>/dev/null' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
wrk -t1 -c10 -d15s "http://127.0.0.1:$port$path" >/dev/null
callgrind_control -i on "$vg" >/dev/null
requests=$(wrk -t1 -c10 -d10s "http://127.0.0.1:$port$path" | awk '/requests in/ {print $1}')
callgrind_control -i off "$vg" >/dev/null
kill "$vg"; wait "$vg" 2>/dev/null || true
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$total instructions / $requests requests = $((total / requests)) per request ($out)"
