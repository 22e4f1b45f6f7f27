#!/usr/bin/env bash
# Interleaved comparison of any servers on one path, so that machine drift hits all alike:
#   tests/bench/interleave.sh PATH 'NAME=COMMAND' 'NAME=COMMAND' ...
# COMMAND is started on core 0 with the word PORT replaced by a free port, e.g.
#   tests/bench/interleave.sh / \
#     "edgerun=build/edgerun dev /tmp/edgerun-bench/compare-site --port PORT --threads 1 --quiet" \
#     "deno=/tmp/edgerun-bench/node_modules/.bin/deno run -A tests/bench/peers/deno.js PORT /tmp"
# (the compare-site project and the npm peers are left in $BENCH_DIR by compare.sh). Each round
# starts every server fresh, warms up 2 s, then runs wrk -t1 -c$CONNECTIONS on core 1 for
# DURATION (5s). Prints every run, then per server the median req/s and p99 and the median user
# and system CPU us/request (utime and stime from /proc/PID/stat, apart: the kernel's share is
# most of a small request). ROUNDS (5) rounds. Run by hand on a quiet machine, never in CI.
source "$(dirname "$0")/lib.sh"
need_apt wrk wrk
need_apt curl curl
if [ $# -lt 2 ] || [[ $1 != /* ]]; then
  echo "usage: tests/bench/interleave.sh PATH 'NAME=COMMAND with PORT' ..." >&2
  exit 2
fi
for spec in "${@:2}"; do
  [[ $spec == *=*PORT* ]] || { echo "interleave.sh: '$spec' is not NAME=COMMAND with the word PORT in it" >&2; exit 2; }
done
path=$1
shift
trap bench_cleanup EXIT
ticks_per_s=$(getconf CLK_TCK)
declare -A runs
printf "%-10s %10s %9s %10s %10s\n" server req/s p99 "user us" "sys us"
for _ in $(seq 1 "${ROUNDS:-5}"); do
  for spec in "$@"; do
    name=${spec%%=*}
    port=$(free_port)
    cmd=${spec#*=}
    # shellcheck disable=SC2086
    bench_start "$BENCH_DIR/interleave-$name.log" ${cmd//PORT/$port}
    wait_http "http://127.0.0.1:$port$path" || { echo "$name did not start" >&2; bench_stop "$BENCH_PID"; continue; }
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$port$path" >/dev/null
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$BENCH_PID/stat")
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$port$path")
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$BENCH_PID/stat")
    bench_stop "$BENCH_PID"
    reqs=$(awk -v r="$rps" -v d="$(duration_s)" 'BEGIN{print r*d}')
    user=$(awk -v a="$u0" -v b="$u1" -v n="$reqs" -v t="$ticks_per_s" 'BEGIN{printf "%.2f", (b-a)*1e6/t/n}')
    sys=$(awk -v a="$s0" -v b="$s1" -v n="$reqs" -v t="$ticks_per_s" 'BEGIN{printf "%.2f", (b-a)*1e6/t/n}')
    printf "%-10s %10s %9s %10s %10s\n" "$name" "$rps" "$p99" "$user" "$sys"
    runs[$name]+="$rps $p99 $user $sys;"
  done
done
echo "median of ${ROUNDS:-5} rounds, $DURATION each, $CONNECTIONS connections, path $path"
for spec in "$@"; do
  name=${spec%%=*}
  IFS=';' read -ra rows <<<"${runs[$name]}"
  col() { for r in "${rows[@]}"; do [ -n "$r" ] && echo "$r" | awk -v c="$1" '{print $c}'; done; }
  printf "%-10s req/s %s  p99 %s ms  user %s us/req  sys %s us/req\n" "$name" \
    "$(median $(col 1))" "$(median $(col 2))" "$(median $(col 3))" "$(median $(col 4))"
done
