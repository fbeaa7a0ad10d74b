#!/usr/bin/env bash
# The post page over HTTP, uncached, with 200 comments (the first page of 20 shown) against the
# same post without comments (issue 10: goal >= 0.8 x). One `plaza serve` with the page cache
# off (PLAZA_SERVER_PAGE_CACHE=false; every other setting its default), pinned to core 0 with
# one I/O thread; wrk on core 1. Both pages are read in the same rounds, alternating which goes
# first. Reported per page: median req/s and median req per CPU-second of the server (its CPU
# time, all threads, from /proc: comparable when other load shares the core), and the median of
# the per-round ratios of each.
#
#   PLAZA_BIN=build/test/src/app/plaza bench/comments/page_http.sh
#
# BENCH_SECONDS (5) per run, BENCH_ROUNDS (5), BENCH_COMMENTS (200), BENCH_CONNECTIONS (32).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
plaza_bin=${PLAZA_BIN:-$repo/build/test/src/app/plaza}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-5}
comments=${BENCH_COMMENTS:-200}
connections=${BENCH_CONNECTIONS:-32}
[[ -x "$plaza_bin" ]] || { echo "page_http: no plaza binary at $plaza_bin" >&2; exit 1; }
for tool in wrk python3 taskset; do
  command -v "$tool" >/dev/null || { echo "page_http: $tool is missing" >&2; exit 1; }
done
tmp=$(mktemp -d /tmp/plaza-page-http.XXXXXX)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# Starts plaza on $1 (data dir) with the extra environment in the rest; sets pid and url.
start() {
  local data=$1
  shift
  env -i PATH="$PATH" HOME="$HOME" PLAZA_SERVER_PUBLIC_URL=https://plaza.example "$@" \
    taskset -c 0 "$plaza_bin" serve --listen 127.0.0.1:0 --data "$data" --threads 1 \
    >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 600); do
    grep -q '^listening' "$tmp/out" 2>/dev/null && break
    sleep 0.05
  done
  url=$(sed -n 's/^listening on //p' "$tmp/out")
  [[ "$url" == http://127.0.0.1:* ]] || { tail "$tmp/err" >&2; exit 1; }
}
stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

mkdir -p "$tmp/data"
# Seeding writes 200 comments at once: a server of its own with the comment throttles raised
# (the measured server below keeps every default).
start "$tmp/data" PLAZA_COMMENTS_COMMENTS_PER_USER=100000/60 \
  PLAZA_COMMENTS_WRITES_PER_ADDRESS=100000/60
python3 "$repo/bench/comments/seed_page.py" "$url" "$comments" >"$tmp/paths"
stop
busy=$(sed -n 1p "$tmp/paths")
quiet=$(sed -n 2p "$tmp/paths")
start "$tmp/data" PLAZA_SERVER_PAGE_CACHE=false
ticks_per_s=$(getconf CLK_TCK)

echo "- $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), nproc $(nproc);" \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "- plaza: $plaza_bin; pages: $busy ($(curl -fsS "$url$busy" | wc -c) bytes)," \
  "$quiet ($(curl -fsS "$url$quiet" | wc -c) bytes)"
for path in "$busy" "$quiet"; do taskset -c 1 wrk -t1 -c"$connections" -d2s "$url$path" >/dev/null; done
for round in $(seq "$rounds"); do
  order=("$busy" "$quiet")
  ((round % 2 == 0)) && order=("$quiet" "$busy")
  for path in "${order[@]}"; do
    before=$(cpu_ticks)
    taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" "$url$path" >"$tmp/wrk"
    after=$(cpu_ticks)
    grep -q 'Non-2xx\|Socket errors' "$tmp/wrk" && { cat "$tmp/wrk" >&2; exit 1; }
    echo "$round $path $(awk '/requests in/ {print $1}' "$tmp/wrk") $((after - before))"
  done
done >"$tmp/results"
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$tmp/results" "$seconds" "$ticks_per_s" "$busy" "$quiet" <<'PY'
import statistics, sys
path, seconds, hz, busy, quiet = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), *sys.argv[4:]
runs = {}
for line in open(path):
    rnd, page, requests, ticks = line.split()
    runs.setdefault(page, {})[rnd] = (int(requests) / seconds, int(requests) / max(int(ticks) / hz, 1e-9))
med = lambda xs: statistics.median(xs)
print()
print("| page | req/s | req per CPU-s |")
print("|---|---:|---:|")
for page, label in ((quiet, "no comments"), (busy, "200 comments, 20 shown")):
    r = runs[page].values()
    print(f"| {label} | {med(x[0] for x in r):.0f} | {med(x[1] for x in r):.0f} |")
print("\n| round | no comments req/s (per CPU-s) | 200 comments req/s (per CPU-s) |")
print("|---:|---:|---:|")
for k in sorted(runs[busy], key=int):
    q, b = runs[quiet][k], runs[busy][k]
    print(f"| {k} | {q[0]:.0f} ({q[1]:.0f}) | {b[0]:.0f} ({b[1]:.0f}) |")
ratio = [runs[busy][k][0] / runs[quiet][k][0] for k in runs[busy]]
ratio_cpu = [runs[busy][k][1] / runs[quiet][k][1] for k in runs[busy]]
print(f"\nratio (median of per-round ratios): {med(ratio):.2f} req/s, {med(ratio_cpu):.2f} per CPU-second (goal >= 0.80)")
PY
