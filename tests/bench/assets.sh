#!/usr/bin/env bash
# Static files: edgerun (an assets-only project, no worker) vs Debian's nginx serving the same
# folder, in one run: a 4 KiB and a 256 KiB file under wrk, 50 connections. Server pinned to
# core 0 (edgerun --threads 1; nginx one process, sendfile on, access_log off), wrk on core 1.
# Reports req/s, p99 latency and the edgerun/nginx requests-per-second ratio.
#   DURATION=10s tests/bench/assets.sh      (run by hand on a quiet machine, never in CI)
# Env: DURATION (default 10s), CONNECTIONS (50), EDGERUN_BENCH_DIR (default /tmp/edgerun-bench).
source "$(dirname "$0")/lib.sh"
need_apt wrk wrk
need_apt curl curl
need_apt nginx nginx-light || need_apt nginx nginx || true
[ -x "$EDGERUN" ] || { echo "build edgerun first (cmake --build build --target edgerun)" >&2; exit 1; }
trap bench_cleanup EXIT

site="$BENCH_DIR/assets-site"
mkdir -p "$site/public"
head -c 4096 /dev/urandom | base64 -w 0 | head -c 4096 > "$site/public/4k.txt"
head -c $((256 * 1024)) /dev/urandom > "$site/public/256k.bin"
cat > "$site/wrangler.toml" <<TOML
name = "assets-bench"
compatibility_date = "2025-04-01"
[assets]
directory = "public"
TOML

FILES=(4k.txt 256k.bin)
declare -A rps p99

port=$(free_port)
bench_start "$BENCH_DIR/assets-edgerun.log" "$EDGERUN" dev "$site" --port "$port" --threads 1 --quiet
pid=$BENCH_PID
wait_http "http://127.0.0.1:$port/4k.txt"
for f in "${FILES[@]}"; do
  read -r rps[edgerun,$f] p99[edgerun,$f] < <(run_wrk "http://127.0.0.1:$port/$f")
done
bench_stop "$pid"

if command -v nginx >/dev/null 2>&1; then
  port=$(free_port)
  write_nginx_conf "$BENCH_DIR/nginx-assets" "$port" "$site/public"
  bench_start "$BENCH_DIR/assets-nginx.log" nginx -c "$BENCH_DIR/nginx-assets/nginx.conf" -p "$BENCH_DIR/nginx-assets"
  pid=$BENCH_PID
  if wait_http "http://127.0.0.1:$port/4k.txt"; then
    for f in "${FILES[@]}"; do
      read -r rps[nginx,$f] p99[nginx,$f] < <(run_wrk "http://127.0.0.1:$port/$f")
    done
  else
    echo "nginx did not start: $(tail -3 "$BENCH_DIR/assets-nginx.log")" >&2
  fi
  bench_stop "$pid"
else
  echo "nginx is not installed and could not be installed; measuring edgerun only" >&2
fi

echo "duration $DURATION per run, $CONNECTIONS connections; server on core 0, wrk -t1 on core 1"
printf "%-10s %-10s %12s %10s %16s\n" server file "req/s" "p99 ms" "edgerun/nginx"
for f in "${FILES[@]}"; do
  for s in edgerun nginx; do
    [ -n "${rps[$s,$f]:-}" ] || continue
    ratio=""
    if [ "$s" = edgerun ] && [ -n "${rps[nginx,$f]:-}" ]; then
      ratio=$(awk -v a="${rps[edgerun,$f]}" -v b="${rps[nginx,$f]}" 'BEGIN{ if (b > 0) printf "%.2fx", a/b }')
    fi
    printf "%-10s %-10s %12s %10s %16s\n" "$s" "$f" "${rps[$s,$f]}" "${p99[$s,$f]}" "$ratio"
  done
done
