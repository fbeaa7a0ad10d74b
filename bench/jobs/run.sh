#!/usr/bin/env bash
# Drains 10,000 real summary jobs on SQLite and on PostgreSQL with the production settings and
# prints jobs/s (the median of several runs) with the machine described.
#
#   bench/jobs/run.sh                 # 10,000 jobs, 3 runs per backend
#   DRAIN_JOBS=2000 DRAIN_RUNS=5 bench/jobs/run.sh
#
# SQLite: synchronous=FULL in WAL mode (the default). PostgreSQL: a throwaway server from
# scripts/pg.sh started with PG_DURABLE=1 (fsync, synchronous_commit and full_page_writes on, as
# PostgreSQL ships), stopped at the end, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${DRAIN_BUILD_DIR:-$root/build/bench}
jobs=${DRAIN_JOBS:-10000}
runs=${DRAIN_RUNS:-3}

bash scripts/setup.sh --test >/dev/null
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLAZA_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j "${BENCH_JOBS:-2}" --target plaza_drain_bench >/dev/null
bin=$build/bench/jobs/plaza_drain_bench

echo "## Machine"
lscpu | sed -n 's/^Model name:[[:space:]]*/- CPU: /p'
echo "- cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "- temporary directory on: $(df -T "${TMPDIR:-/tmp}" | awk 'NR == 2 {print $2}')"
echo

echo "## SQLite (WAL, synchronous=FULL)"
"$bin" --storage sqlite --jobs "$jobs" --runs "$runs"
echo

pg_dir=$(mktemp -d)
trap 'bash scripts/pg.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
conninfo=$(PG_DURABLE=1 bash scripts/pg.sh start "$pg_dir")
echo "## PostgreSQL 15 (fsync, synchronous_commit, full_page_writes on)"
"$bin" --storage "$conninfo" --jobs "$jobs" --runs "$runs"
