#!/usr/bin/env bash
# The home page uncached, one binary against another (bench/README.md, "Markets"): e.g. the build
# before the feed cards carried chip values against the build after. Both serve the demo (its
# posts tag TRUMP, BTC, ETH, ...; the demo feed ticks) with the page cache off, each on its own
# data directory; wrk runs on their home pages in interleaved rounds (A, B, A, B...), and the
# ratio of each pair is reported. Loopback only; stops everything it started on exit.
#
#   BEFORE_BIN=/tmp/plaza-before PLAZA_BIN=build/test/src/app/plaza bench/markets/home_bench.sh
#
# variables: BEFORE_BIN (required), PLAZA_BIN (default build/test/src/app/plaza), BENCH_SECONDS
# (wrk run, 5), BENCH_ROUNDS (interleaved rounds, 7), BENCH_CONNECTIONS (16), BENCH_PATH ("/").
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
after_bin=${PLAZA_BIN:-$repo/build/test/src/app/plaza}
before_bin=${BEFORE_BIN:?set BEFORE_BIN to the binary to compare against}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-7}
connections=${BENCH_CONNECTIONS:-16}
path=${BENCH_PATH:-/}
for bin in "$before_bin" "$after_bin"; do [[ -x "$bin" ]] || { echo "no binary at $bin" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk is missing (scripts/setup.sh --bench)" >&2; exit 1; }

# Plaza reads known PLAZA_* variables as settings and refuses unknown ones: start it clean.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^PLAZA_' || true)

tmp=$(mktemp -d /tmp/plaza-home-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

start() { # start NAME BIN -> sets url_NAME
  env PLAZA_SERVER_PAGE_CACHE=false PLAZA_SUMMARY_ENGINE=off \
    "$2" serve --listen 127.0.0.1:0 --data "$tmp/$1" --demo >"$tmp/$1.out" 2>"$tmp/$1.err" &
  pids+=($!)
  local line=""
  for _ in $(seq 600); do
    line=$(head -1 "$tmp/$1.out" 2>/dev/null || true)
    [[ "$line" == listening* ]] && break
    sleep 0.05
  done
  [[ "$line" == listening* ]] || { tail "$tmp/$1.err" >&2; exit 1; }
  printf -v "url_$1" '%s' "${line#listening on }"
  # --demo publishes its posts after it starts listening: wait until it serves them.
  for _ in $(seq 1200); do grep -q 'plaza serving' "$tmp/$1.err" && break; sleep 0.1; done
}
start before "$before_bin"
start after "$after_bin"
sleep 2  # the demo feed's first ticks
chips=$(curl -sS "$url_after$path" | grep -o 'data-testid="token-chip"' | wc -l)
echo "- load before: $(uptime | sed 's/.*load average/load average/'); $(nproc) CPUs"
echo "- $path: $(curl -sS "$url_before$path" | wc -c) bytes before, $(curl -sS "$url_after$path" | wc -c) after ($chips chips)"

run_wrk() { # run_wrk URL -> requests/s
  wrk -t1 -c"$connections" -d"${seconds}s" "$1$path" | awk '/^Requests\/sec:/ {print $2}'
}
run_wrk "$url_before" >/dev/null  # warm-up
run_wrk "$url_after" >/dev/null
a=() b=()
for _ in $(seq "$rounds"); do
  b+=("$(run_wrk "$url_before")")
  a+=("$(run_wrk "$url_after")")
done
python3 - "${a[*]}" "${b[*]}" <<'PY'
import statistics, sys
a, b = [float(x) for x in sys.argv[1].split()], [float(x) for x in sys.argv[2].split()]
ratios = sorted(x / y for x, y in zip(a, b))
print(f"- home uncached: after {statistics.median(a):.0f} req/s, before {statistics.median(b):.0f} "
      f"req/s (medians of {len(a)}); after/before of each interleaved pair: median "
      f"{statistics.median(ratios):.3f} (min {ratios[0]:.3f}, max {ratios[-1]:.3f})")
print("  pairs (after, before):", ", ".join(f"{x:.0f}/{y:.0f}" for x, y in zip(a, b)))
PY
echo "- load after: $(uptime | sed 's/.*load average/load average/')"
