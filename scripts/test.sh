#!/usr/bin/env bash
# The README's test command (and .ci/run's): installs what is missing, then
#   1. Release build and the whole suite through ctest (unit, integration, reliability, JS, samples),
#   2. lint: clang-format and clang-tidy on the project's own C++,
#   3. the same suite under ASan+UBSan (LeakSanitizer on),
#   4. a fuzz smoke: every libFuzzer target for a few seconds.
# Each stage ends with its runner's own summary. EDGERUN_QUICK=1 stops after stage 1 (local
# iterations); CI never sets it.
set -euo pipefail
cd "$(dirname "$0")/.."
./third_party/bootstrap.sh
jobs="$(nproc)"
# ccache keys on relative paths, so a fresh clone elsewhere reuses an earlier build's objects.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true

stage() { printf '\n==== %s ====\n' "$*"; }

stage "Release build and tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${EDGERUN_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs" ${EDGERUN_CTEST_ARGS:-})
[ "${EDGERUN_QUICK:-0}" = "1" ] && exit 0

stage "Lint"
./scripts/lint.sh

stage "Fuzz smoke"
tests/fuzz/run.sh "${EDGERUN_FUZZ_SECONDS:-5}"

stage "ASan+UBSan build and tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEDGERUN_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ctest --output-on-failure -j"$jobs" ${EDGERUN_CTEST_ARGS:-})
