#!/usr/bin/env bash
# Builds with AddressSanitizer + UndefinedBehaviorSanitizer (preset `sanitize`) and runs the
# C++ tests under them, PostgreSQL included. The browser tests are left to scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/setup.sh --test
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize -j "$(nproc)"
pgdir=$(mktemp -d /tmp/plaza-pg.XXXXXX)
trap '"$root/scripts/pg.sh" stop "$pgdir" >/dev/null 2>&1 || true' EXIT
PLAZA_TEST_PG=$(scripts/pg.sh start "$pgdir")
export PLAZA_TEST_PG PLAZA_REQUIRE_PG=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
ctest --preset sanitize -j "$(nproc)" -LE browser "$@"
