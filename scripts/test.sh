#!/usr/bin/env bash
# Installs what is missing, builds (Release, ccache when present) and runs the whole test suite
# through ctest. The README's test command; CI runs it via .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
./third_party/bootstrap.sh
build_dir="${EDGERUN_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${EDGERUN_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)" ${EDGERUN_CTEST_ARGS:-}
