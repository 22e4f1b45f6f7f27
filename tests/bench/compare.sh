#!/usr/bin/env bash
# Side-by-side: edgerun vs Deno (npm `deno`), Bun (npm `bun`), workerd (npm `workerd`), Node's
# http server and nginx (static files only), in one run, on the same workloads:
#   hello, json, als (AsyncLocalStorage handler), static-4k, static-256k  -> req/s, p99 ms,
#     server CPU us/request (/proc/PID/stat utime+stime before and after each wrk run);
#   cold start to the first 200 (ms, polled by peers/coldstart.py), RSS idle (1 s after start)
#   and RSS after the load (MB, VmRSS).
# Server pinned to core 0 (one thread/process), wrk -t1 on core 1, 50 connections, RUNS runs
# (each a fresh start of every server), median. Prints a table with each value's ratio to the
# best peer on that workload, writes $BENCH_DIR/compare.csv and the chart docs/perf-compare.png
# (gnuplot). Run by hand on a quiet machine, never in CI:
#   DURATION=10s RUNS=3 tests/bench/compare.sh
# Env: DURATION (10s), RUNS (3), CONNECTIONS (50), PEERS (default "edgerun deno bun workerd
# node nginx"), EDGERUN_BENCH_DIR (/tmp/edgerun-bench), CHART (docs/perf-compare.png).
# A peer that cannot be installed or started is reported and left out; the others still run.
source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-3}"
PEERS=(${PEERS:-edgerun deno bun workerd node nginx})
CHART="${CHART:-$ROOT/docs/perf-compare.png}"
PEER_SRC="$ROOT/tests/bench/peers"
need_apt wrk wrk
need_apt curl curl
trap bench_cleanup EXIT

WORKLOADS=(hello json als static-4k static-256k)
declare -A PATH_OF=([hello]=/ [json]=/json [als]=/als?id=1 [static-4k]=/4k.txt [static-256k]=/256k.bin)

# The static folder and the edgerun project (worker.js + the folder as its assets).
site="$BENCH_DIR/compare-site"
mkdir -p "$site/public"
head -c 4096 /dev/urandom | base64 -w 0 | head -c 4096 > "$site/public/4k.txt"
head -c $((256 * 1024)) /dev/urandom > "$site/public/256k.bin"
cp "$PEER_SRC/worker.js" "$site/worker.js"
cat > "$site/wrangler.toml" <<TOML
name = "compare"
main = "worker.js"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat"]
[vars]
GREETING = "Hello from edgerun"
[assets]
directory = "public"
TOML

# ---- which peers can run here --------------------------------------------------------------
available=()
for peer in "${PEERS[@]}"; do
  why=""
  case $peer in
    edgerun) [ -x "$EDGERUN" ] || why="build edgerun first (cmake --build build --target edgerun)";;
    deno|bun|workerd)
      need_npm "$peer" || true
      "$BENCH_DIR/node_modules/.bin/$peer" --version >/dev/null 2>&1 || why="npm package '$peer' did not install or does not run here";;
    node) command -v node >/dev/null 2>&1 || why="node is not installed";;
    nginx)
      need_apt nginx nginx-light 2>/dev/null || need_apt nginx nginx 2>/dev/null || true
      command -v nginx >/dev/null 2>&1 || why="Debian's nginx could not be installed";;
    *) why="unknown peer";;
  esac
  if [ -n "$why" ]; then echo "skipping $peer: $why" >&2; else available+=("$peer"); fi
done

# start_peer PEER -> sets PID, HTTP (worker base URL or ""), STATIC (static base URL), COLD_MS
start_peer() {
  local peer=$1 p1 p2 url log="$BENCH_DIR/compare-$1.log"
  p1=$(free_port); p2=$p1
  HTTP="http://127.0.0.1:$p1"; STATIC=$HTTP
  local cmd=()
  case $peer in
    edgerun) cmd=("$EDGERUN" dev "$site" --port "$p1" --threads 1 --quiet);;
    deno) cmd=("$BENCH_DIR/node_modules/.bin/deno" run -A "$PEER_SRC/deno.js" "$p1" "$site/public");;
    bun) cmd=("$BENCH_DIR/node_modules/.bin/bun" "$PEER_SRC/bun.js" "$p1" "$site/public");;
    node) cmd=(node "$PEER_SRC/node.js" "$p1" "$site/public");;
    workerd)
      p2=$(free_port); STATIC="http://127.0.0.1:$p2"
      cmd=("$BENCH_DIR/node_modules/.bin/workerd" serve "$PEER_SRC/workerd.capnp" --socket-addr "http=127.0.0.1:$p1"
           --socket-addr "static=127.0.0.1:$p2" --directory-path "files=$site/public");;
    nginx)
      write_nginx_conf "$BENCH_DIR/nginx-compare" "$p1" "$site/public"
      HTTP=""
      cmd=(nginx -c "$BENCH_DIR/nginx-compare/nginx.conf" -p "$BENCH_DIR/nginx-compare");;
  esac
  url="${HTTP:-$STATIC}"; [ -n "$HTTP" ] && url="$HTTP/" || url="$STATIC/4k.txt"
  read -r PID COLD_MS < <(taskset -c 0 python3 "$PEER_SRC/coldstart.py" "$log" "$url" taskset -c 0 "${cmd[@]}") || true
  [ -n "${PID:-}" ] && BENCH_PIDS+=("$PID")
  if [ -z "${COLD_MS:-}" ] || [ "$COLD_MS" = nan ]; then
    echo "$peer did not answer 200 on $url: $(tail -3 "$log" 2>/dev/null | tr '\n' ' ')" >&2
    [ -n "${PID:-}" ] && bench_stop "$PID"
    return 1
  fi
}

# ---- measure ---------------------------------------------------------------------------------
declare -A V  # V[metric,workload,peer] = "v1 v2 v3" (one per run)
add() { V[$1]="${V[$1]:-} $2"; }
failed=()

for run in $(seq 1 "$RUNS"); do
  for peer in "${available[@]}"; do
    echo "run $run/$RUNS: $peer" >&2
    if ! start_peer "$peer"; then failed+=("$peer"); continue; fi
    add "cold,start,$peer" "$COLD_MS"
    sleep 1
    add "rss,idle,$peer" "$(rss_mb "$PID")"
    for w in "${WORKLOADS[@]}"; do
      case $w in static-*) base=$STATIC;; *) base=$HTTP;; esac
      [ -n "$base" ] || continue
      t0=$(cpu_ticks "$PID")
      read -r rps p99 < <(run_wrk "$base${PATH_OF[$w]}") || true
      t1=$(cpu_ticks "$PID" 2>/dev/null || echo "$t0")
      add "rps,$w,$peer" "${rps:-0}"
      add "p99,$w,$peer" "${p99:-nan}"
      add "cpu,$w,$peer" "$(cpu_us_per_req "$t0" "$t1" "${rps:-0}")"
    done
    add "rss,loaded,$peer" "$(rss_mb "$PID" 2>/dev/null || echo nan)"
    bench_stop "$PID"
  done
done

# ---- report ----------------------------------------------------------------------------------
# rows: metric,workload (higher is better only for rps)
ROWS=()
for w in "${WORKLOADS[@]}"; do ROWS+=("rps,$w" "p99,$w"); done
for w in "${WORKLOADS[@]}"; do ROWS+=("cpu,$w"); done
ROWS+=("cold,start" "rss,idle" "rss,loaded")
declare -A LABEL=([rps]="req/s" [p99]="p99 ms" [cpu]="CPU us/req" [cold]="ms to first 200" [rss]="RSS MB")

csv="$BENCH_DIR/compare.csv"
echo "metric,workload,peer,median,ratio_to_best,runs" > "$csv"
declare -A MED RATIO
for row in "${ROWS[@]}"; do
  metric=${row%%,*}
  best=""
  for peer in "${available[@]}"; do
    vals=${V[$row,$peer]:-}
    [ -n "$vals" ] || continue
    # shellcheck disable=SC2086
    m=$(median $(printf '%s\n' $vals | grep -v -E '^(nan|0)$' || true))
    [ "$m" = nan ] && continue
    MED[$row,$peer]=$m
    if [ -z "$best" ]; then best=$m
    elif [ "$metric" = rps ]; then best=$(awk -v a="$best" -v b="$m" 'BEGIN{print (b > a) ? b : a}')
    else best=$(awk -v a="$best" -v b="$m" 'BEGIN{print (b < a) ? b : a}'); fi
  done
  for peer in "${available[@]}"; do
    [ -n "${MED[$row,$peer]:-}" ] || continue
    # ratio to the best peer: for req/s value/best (1.00 = fastest), otherwise value/best (1.00 = lowest)
    RATIO[$row,$peer]=$(awk -v v="${MED[$row,$peer]}" -v b="$best" 'BEGIN{ if (b > 0) printf "%.2f", v/b; else print "nan" }')
    echo "${row%%,*},${row#*,},$peer,${MED[$row,$peer]},${RATIO[$row,$peer]},\"$(echo ${V[$row,$peer]})\"" >> "$csv"
  done
done

echo
echo "compare.sh: DURATION=$DURATION RUNS=$RUNS CONNECTIONS=$CONNECTIONS; server on core 0, wrk -t1 on core 1; median of runs"
echo "each cell: median (ratio to the best peer; req/s: 1.00 = fastest, others: 1.00 = lowest)"
printf "%-28s" "workload"; for peer in "${available[@]}"; do printf "%20s" "$peer"; done; echo
for row in "${ROWS[@]}"; do
  metric=${row%%,*}
  printf "%-28s" "${row#*,} ${LABEL[$metric]}"
  for peer in "${available[@]}"; do
    if [ -n "${MED[$row,$peer]:-}" ]; then
      cell=$(awk -v v="${MED[$row,$peer]}" 'BEGIN{ if (v >= 1000) printf "%.0f", v; else printf "%.3g", v }')
      printf "%20s" "$cell (${RATIO[$row,$peer]})"
    else
      printf "%20s" "-"
    fi
  done
  echo
done
[ ${#failed[@]} -eq 0 ] || echo "peers that failed to start in some run: $(printf '%s\n' "${failed[@]}" | sort -u | tr '\n' ' ')"
echo "CSV: $csv"

# ---- chart: every metric relative to the best peer (1.0 = best, higher is better) -------------
if need_apt gnuplot gnuplot-nox 2>/dev/null || command -v gnuplot >/dev/null 2>&1; then
  dat="$BENCH_DIR/compare-chart.dat"
  {
    printf "row"; for peer in "${available[@]}"; do printf "\t%s" "$peer"; done; echo
    for row in "${ROWS[@]}"; do
      metric=${row%%,*}
      [ "$metric" = p99 ] && continue
      printf "%s" "$(echo "${row#*,} ${LABEL[$metric]}" | tr ' ' '_')"
      for peer in "${available[@]}"; do
        r=${RATIO[$row,$peer]:-}
        if [ -z "$r" ] || [ "$r" = nan ]; then printf "\t-"
        elif [ "$metric" = rps ]; then printf "\t%s" "$r"
        else awk -v r="$r" 'BEGIN{ printf "\t%.3f", (r > 0) ? 1/r : 0 }'; fi
      done
      echo
    done
  } > "$dat"
  ncols=$(( ${#available[@]} + 1 ))
  mkdir -p "$(dirname "$CHART")"
  gnuplot <<GP
set terminal pngcairo size 1400,600 font "sans,10"
set output "$CHART"
set title "edgerun vs peers, relative to the best peer per workload (1.0 = best; req/s: higher is faster, others inverted)\nDURATION=$DURATION RUNS=$RUNS, server on core 0, wrk on core 1, 50 connections"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set boxwidth 0.9
set datafile missing "-"
set datafile separator "\t"
set key outside right top
set yrange [0:1.1]
set ylabel "relative to best"
set grid ytics
set xtics rotate by -30 noenhanced
plot for [i=2:$ncols] "$dat" using i:xtic(1) title columnheader(i)
GP
  echo "chart: $CHART"
else
  echo "gnuplot is not installed and could not be installed: no chart" >&2
fi
