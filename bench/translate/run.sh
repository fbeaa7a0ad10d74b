#!/usr/bin/env bash
# Builds and runs the translation evaluation (bench/README.md, "Translation").
# Usage: bench/translate/run.sh [--lines N] [--offset K] [--data DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cmake --build --preset test -j2 --target plaza_translate_eval >/dev/null
exec "$root/build/test/bench/translate/plaza_translate_eval" "$@"
