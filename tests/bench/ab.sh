#!/usr/bin/env bash
# A/B of two edgerun builds on one workload, interleaved so machine drift hits both alike:
#   tests/bench/ab.sh OLD_BINARY NEW_BINARY [PROJECT] [PATH]
# (PROJECT: samples/hello, PATH: /). Each round starts each binary fresh on core 0, warms up 2 s,
# then runs wrk -t1 -c50 on core 1 for DURATION (5s). Prints req/s, p99 and server CPU us/request
# (utime+stime from /proc/PID/stat) per run; ROUNDS (3) rounds.
source "$(dirname "$0")/lib.sh"
need_apt wrk wrk
need_apt curl curl
old=$1 new=$2 project=${3:-$ROOT/samples/hello} path=${4:-/}
trap bench_cleanup EXIT
printf "%-6s %10s %9s %12s\n" build req/s p99 "CPU us/req"
for _ in $(seq 1 "${ROUNDS:-3}"); do
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    port=$(free_port)
    bench_start "$BENCH_DIR/ab-$which.log" "$bin" dev "$project" --port "$port" --threads 1 --quiet
    wait_port "$port"
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$port$path" >/dev/null
    t0=$(cpu_ticks "$BENCH_PID")
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$port$path")
    t1=$(cpu_ticks "$BENCH_PID")
    printf "%-6s %10s %9s %12s\n" "$which" "$rps" "$p99" "$(cpu_us_per_req "$t0" "$t1" "$rps")"
    bench_stop "$BENCH_PID"
  done
done
