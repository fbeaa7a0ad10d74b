#!/usr/bin/env bash
# Sets up, builds the `test` configuration and runs every test: format check, unit, HTTP
# integration, storage contract on SQLite and on a throwaway PostgreSQL, and browser tests in
# headless Chromium, and each fuzz target for a fixed number of runs (the ctest test fuzz_smoke:
# scripts/fuzz.sh over the clang-19 build in build/fuzz, built here first). Starts and stops
# every server it needs, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/setup.sh --test
(cd tests/e2e && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
cmake --preset test >/dev/null
cmake --build --preset test -j "$(nproc)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" >/dev/null

pgdir=$(mktemp -d /tmp/plaza-pg.XXXXXX)
cleanup() { "$root/scripts/pg.sh" stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
PLAZA_TEST_PG=$(scripts/pg.sh start "$pgdir")
export PLAZA_TEST_PG PLAZA_REQUIRE_PG=1
ctest --preset test -j "$(nproc)" "$@"
