#!/usr/bin/env bash
# Checks the project's own C++ with clang-format (layout) and clang-tidy (.clang-tidy). Exits
# non-zero on any finding. Generated files (build*/) and third_party/ are never checked.
#   scripts/lint.sh            # format check + clang-tidy on every source file
#   scripts/lint.sh --fix      # rewrite files with clang-format first
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'runtime/*.cc' 'runtime/*.h' 'bindings/*.cc' 'bindings/*.h' \
                                  'tests/*.cc' 'tests/*.h')
if [ "${1:-}" = "--fix" ]; then clang-format -i "${files[@]}"; fi
echo "lint: clang-format on ${#files[@]} files"
clang-format --dry-run --Werror "${files[@]}"

# clang-tidy reads the compile commands of the Release build (scripts/test.sh makes it first);
# the generated embedded-JS table must exist for the engine's translation units.
build="${EDGERUN_LINT_BUILD_DIR:-build}"
if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target edgerun_engine >/dev/null
mapfile -t sources < <(printf '%s\n' "${files[@]}" | grep -E '^(runtime|bindings)/.*\.cc$')
echo "lint: clang-tidy on ${#sources[@]} files"
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
echo "lint: clean"
