#!/usr/bin/env bash
# clang-tidy-19 over Plaza's own sources with the checks in .clang-tidy (clang 14 cannot parse
# libstdc++ 12's std::expected). Uses the compile database of the `test` preset.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
cmake --preset test >/dev/null
cmake --build --preset test -j "$(nproc)"
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cpp')
run-clang-tidy-19 -quiet -p build/test -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option \
  "${files[@]}" 2>/dev/null ||
  { echo "clang-tidy found problems" >&2; exit 1; }
echo "clang-tidy: ${#files[@]} files clean"
