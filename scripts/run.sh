#!/usr/bin/env bash
# Sets up, builds (release) and runs Plaza on SQLite with the demo content at
# http://127.0.0.1:8080. Extra arguments go to `plaza serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
exec build/release/src/app/plaza serve --listen 127.0.0.1:8080 --data ./data --demo "$@"
