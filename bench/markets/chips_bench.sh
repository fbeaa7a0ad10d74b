#!/usr/bin/env bash
# Markets benchmarks (bench/README.md, "Markets"):
#  (a) SUBSCRIBERS event-stream subscribers on ticker:TRUMP while the demo feed ticks 10 times a
#      second: the server's memory before and with them, and the delay from a tick to its
#      coalesced delivery (p50 / p99 / max);
#  (b) the post page with chips against the same page without chips (the same post published
#      with and without the `$` of its cashtags), page cache on and off, interleaved wrk runs.
#      On two cores or more the server runs on core 0 with one I/O thread and wrk on core 1 (as
#      bench/comments/page_http.sh), so the two do not trade a core; the server's CPU time per
#      run is read from /proc, and both req/s and requests per CPU-second are compared.
# Loopback only; stops everything it started on exit.
#
#   PLAZA_BIN=build/release/src/app/plaza bench/markets/chips_bench.sh
#
# variables: PLAZA_BIN (default build/test/src/app/plaza), BENCH_SECONDS (wrk run, 5),
# BENCH_ROUNDS (interleaved rounds, 5), BENCH_CONNECTIONS (16), SUBSCRIBERS (1000),
# SUBSCRIBE_SECONDS (20).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${PLAZA_BIN:-$repo/build/test/src/app/plaza}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-5}
connections=${BENCH_CONNECTIONS:-16}
subscribers=${SUBSCRIBERS:-1000}
subscribe_seconds=${SUBSCRIBE_SECONDS:-20}
[[ -x "$bin" ]] || { echo "no plaza binary at $bin" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (scripts/setup.sh --bench)" >&2; exit 1; }

# Plaza reads known PLAZA_* variables as settings and refuses unknown ones: start it clean.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^PLAZA_' || true)

tmp=$(mktemp -d /tmp/plaza-markets-bench.XXXXXX)
pid=""
cleanup() {
  [[ -z "$pid" ]] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT

# start_plaza [VAR=VALUE...]: the demo on $tmp/data, 10 demo ticks a second; with $pinned set,
# on core 0 with one I/O thread.
pinned=""
start_plaza() {
  local place=()
  [[ -z "$pinned" ]] || place=(taskset -c 0)
  env PLAZA_MARKETS_DEMO_TICK_MS=100 PLAZA_EVENTS_MAX_PER_ADDRESS=$((subscribers + 100)) \
    PLAZA_EVENTS_MAX_CONNECTIONS=$((subscribers + 200)) \
    PLAZA_LIMITS_REGISTER_PER_ADDRESS=1000/60 PLAZA_SUMMARY_ENGINE=off "$@" \
    "${place[@]}" "$bin" serve --listen 127.0.0.1:0 --data "$tmp/data" --demo \
    ${pinned:+--threads 1} >"$tmp/plaza.out" 2>"$tmp/plaza.err" &
  pid=$!
  for _ in $(seq 600); do
    line=$(head -1 "$tmp/plaza.out" 2>/dev/null || true)
    [[ "$line" == listening* ]] && break
    sleep 0.05
  done
  [[ "$line" == listening* ]] || { tail "$tmp/plaza.err" >&2; exit 1; }
  url=${line#listening on }
}
stop_plaza() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
rss_kib() { awk "/^$2:/ {print \$2}" "/proc/$1/status"; }

echo "- load: $(uptime | sed 's/.*load average/load average/'); $(nproc) CPUs; $($bin version 2>/dev/null)"

# ---- (a) subscribers -----------------------------------------------------------------------
start_plaza
sleep 1
before=$(rss_kib "$pid" VmRSS)
python3 "$repo/bench/markets/ticker_subscribers.py" "$url" TRUMP "$subscribers" \
  "$subscribe_seconds" >"$tmp/subs.json" &
client=$!
until grep -q subscribed "$tmp/subs.json" 2>/dev/null; do sleep 0.2; done
sleep 2
with=$(rss_kib "$pid" VmRSS)
wait "$client"
peak=$(rss_kib "$pid" VmHWM)
echo "- (a) $subscribers subscribers on ticker:TRUMP, demo feed at 10 ticks/s, ${subscribe_seconds} s:"
echo "  RSS before ${before} KiB, with the subscribers ${with} KiB (+$(( (with - before) / 1024 )) MiB), peak ${peak} KiB"
echo "  $(tail -1 "$tmp/subs.json")"

# ---- (b) post page with and without chips --------------------------------------------------
# The same text twice, once with its cashtags, once without the `$`: the only difference on the
# page is the chips (and their expanded views and the demo label).
token=$(curl -sS -f -H 'content-type: application/json' \
  -d '{"handle":"bench_chips","password":"correct horse battery staple","display_name":"Bench"}' \
  "$url/api/v1/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
body='The deal lifts chip-export limits, while $2 billion flows into a Trump-linked token. Watching TAG1 and TAG2 today; TAG3 too.'
post() { # post TITLE BODY -> path
  python3 -c 'import json,sys; print(json.dumps({"title": sys.argv[1], "body": sys.argv[2]}))' "$1" "$2" |
    curl -sS -f -H 'content-type: application/json' -H "authorization: Bearer $token" -d @- \
      "$url/api/v1/posts" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.urlsplit(json.load(sys.stdin)["post"]["url"]).path)'
}
with_chips=$(post 'Markets today' "$(echo "$body" | sed 's/TAG1/$TRUMP/; s/TAG2/$BTC/; s/TAG3/$ETH/')")
without_chips=$(post 'Markets today' "$(echo "$body" | sed 's/TAG1/TRUMP/; s/TAG2/BTC/; s/TAG3/ETH/')")
grep -q 'data-symbol="TRUMP"' <(curl -sS "$url$with_chips") || { echo "no chips on $with_chips" >&2; exit 1; }
stop_plaza

[[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null && pinned=1
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks_per_s=$(getconf CLK_TCK)
run_wrk() { # run_wrk PATH -> "requests/s requests-per-server-CPU-second"
  local before after requests
  before=$(cpu_ticks)
  requests=$(${pinned:+taskset -c 1} wrk -t1 -c"$connections" -d"${seconds}s" "$url$1" |
    awk '/requests in/ {print $1}')
  after=$(cpu_ticks)
  echo "$((requests / seconds)) $((requests * ticks_per_s / ((after - before) > 0 ? (after - before) : 1)))"
}
echo "- (b) ${pinned:+server on core 0 (--threads 1), wrk on core 1; }wrk -c$connections, $rounds pairs of ${seconds} s"
for mode in cached uncached; do
  if [[ $mode == cached ]]; then start_plaza; else start_plaza PLAZA_SERVER_PAGE_CACHE=false; fi
  run_wrk "$with_chips" >/dev/null  # warm-up
  a=() b=()
  for _ in $(seq "$rounds"); do
    a+=("$(run_wrk "$with_chips")")
    b+=("$(run_wrk "$without_chips")")
  done
  stop_plaza
  python3 - "$mode" "$(printf '%s,' "${a[@]}")" "$(printf '%s,' "${b[@]}")" <<'PY'
import statistics, sys
mode = sys.argv[1]
runs = lambda arg: [tuple(float(v) for v in run.split()) for run in arg.split(',') if run]
a, b = runs(sys.argv[2]), runs(sys.argv[3])
for i, what in ((0, "req/s"), (1, "req per server CPU-s")):
    ratios = sorted(x[i] / y[i] for x, y in zip(a, b))
    print(f"- (b) post page {mode}, {what}: with chips {statistics.median(x[i] for x in a):.0f}, "
          f"without {statistics.median(y[i] for y in b):.0f} (medians of {len(a)}); ratio of each "
          f"interleaved pair median {statistics.median(ratios):.3f} (min {ratios[0]:.3f}, "
          f"max {ratios[-1]:.3f})")
PY
done
echo "- load after: $(uptime | sed 's/.*load average/load average/')"
