#!/usr/bin/env bash
# Installs what is missing, builds (Release, ccache when present) and serves samples/hello on
# http://127.0.0.1:8787. The README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
./third_party/bootstrap.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
exec ./build/edgerun dev "${1:-samples/hello}" --port "${PORT:-8787}"
