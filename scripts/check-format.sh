#!/usr/bin/env bash
# Fails when a C++ file differs from clang-format-19's output (.clang-format). Pass --fix to
# rewrite the files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' \
  'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp' 'fuzz/*.cpp' 'fuzz/*.hpp')
if [[ "${1:-}" == "--fix" ]]; then
  clang-format-19 -i "${files[@]}"
  exit 0
fi
clang-format-19 --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files clean"
