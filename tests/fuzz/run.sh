#!/usr/bin/env bash
# Builds every libFuzzer target with clang (ASan+UBSan) and runs each for N seconds
# (default 10) on a copy of its seed corpus. A crash fails the script; the crashing input is
# kept under tests/fuzz/findings/ (git-ignored) to be turned into a regression test.
#   tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
build="${EDGERUN_FUZZ_BUILD_DIR:-build-fuzz}"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEDGERUN_FUZZ=ON -DEDGERUN_TESTS=OFF >/dev/null
targets=$(cd tests/fuzz && ls *_fuzz.cc | sed 's/\.cc$//')
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets
mkdir -p tests/fuzz/findings
failed=0
for t in $targets; do
  corpus_name="${t%_fuzz}"
  work=$(mktemp -d)
  [ -d "tests/fuzz/corpus/$corpus_name" ] || corpus_name="${t%%_*}"
  if [ -d "tests/fuzz/corpus/$corpus_name" ]; then cp -r "tests/fuzz/corpus/$corpus_name/." "$work/"; fi
  echo "fuzz: $t for ${seconds}s"
  if ! "$build/fuzz/$t" "$work" -max_total_time="$seconds" -artifact_prefix="tests/fuzz/findings/$t-" \
       -print_final_stats=0 >"$work.log" 2>&1; then
    echo "fuzz: $t FAILED"; tail -40 "$work.log"; failed=1
  else
    grep -E "^(#[0-9]+|Done)" "$work.log" | tail -1 || true
  fi
  rm -rf "$work" "$work.log"
done
exit $failed
