#!/usr/bin/env bash
# Load that must not hurt (issue 12): Plaza's latency while it holds many idle and slow
# connections, and /healthz while members publish the worst Markdown the parser accepts.
# Loopback only; every client stops by itself; timings are reported, never asserted.
#
#   bench/load_bench.sh                     both scenarios, BENCH_SECONDS (20) each
#   PLAZA_BIN=build/test/src/app/plaza bench/load_bench.sh   an existing binary (no build)
#
#   (a) BENCH_IDLE (2000) idle keep-alive connections and BENCH_SLOWLORIS (200) connections
#       sending a request head one byte a second, while wrk reads the home page and a post page:
#       p99 of the pages (goal < 200 ms), slow connections closed at server.header_timeout_ms.
#   (b) BENCH_WRITERS (8) members creating posts back to back, each body the worst shape of
#       BENCH_SHAPES filled to BENCH_MD_SIZE code points, while wrk polls /healthz with one
#       connection: /healthz p99 (goal < 100 ms).
# The operator's settings the load needs (bench config below: server.max_connections, the
# posting and registration throttles) are raised as an operator would; nothing else changes.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${BENCH_SECONDS:-20}
idle=${BENCH_IDLE:-2000}
slowloris=${BENCH_SLOWLORIS:-200}
writers=${BENCH_WRITERS:-8}
shapes=${BENCH_SHAPES:-brackets quotes emphasis links}
md_size=${BENCH_MD_SIZE:-50000}
plaza_bin=${PLAZA_BIN:-}

while read -r name; do unset "$name"; done < <(compgen -e | grep '^PLAZA_' || true)
die() { echo "load_bench: $*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plaza-load.XXXXXX")
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ "${BENCH_KEEP:-0}" == 1 ]] && echo "load_bench: kept $tmp" >&2 || rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

echo "## Machine"
echo "- $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), nproc $(nproc)," \
  "$(awk '/^MemTotal:/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"

if [[ -z "$plaza_bin" ]]; then
  [[ "${BENCH_SKIP_SETUP:-0}" == 1 ]] || "$repo/scripts/setup.sh" --bench
  (cd "$repo" && cmake --preset release >/dev/null &&
    cmake --build --preset release -j "${BENCH_JOBS:-2}" --target plaza >/dev/null)
  plaza_bin=$repo/build/release/src/app/plaza
fi
[[ -x "$plaza_bin" ]] || die "no plaza binary at $plaza_bin"
for tool in wrk python3 curl; do command -v "$tool" >/dev/null || die "$tool is missing"; done

cat >"$tmp/bench.toml" <<'TOML'
# What an operator expecting this load would raise; everything else keeps its default.
[server]
max_connections = 5000

[limits]
register_per_address = "100/3600"
posts_per_user = "100000/60"
TOML

"$plaza_bin" serve --config "$tmp/bench.toml" --listen 127.0.0.1:0 --data "$tmp/data" --demo \
  >"$tmp/plaza.out" 2>"$tmp/plaza.err" &
pids+=($!)
line=""
for _ in $(seq 600); do
  line=$(head -1 "$tmp/plaza.out" 2>/dev/null || true)
  [[ "$line" == listening* ]] && break
  sleep 0.05
done
[[ "$line" == listening* ]] || { tail "$tmp/plaza.err" >&2; die "plaza did not start"; }
url=${line#listening on }
[[ "$url" == http://127.0.0.1:* ]] || die "not a loopback address: $url"
post_path=$(curl -fsS "$url/api/v1/posts?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["url"])')
post_path=/${post_path#*://*/}
echo "- plaza: $plaza_bin, $url, default threads; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo

# wrk's p99 and requests in ms / count from its --latency output.
wrk_p99() {
  awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                     m = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v; printf "%.1f", m }' "$1"
}
wrk_summary() {
  local log=$1
  local requests errors
  requests=$(awk '/requests in/ {print $1}' "$log")
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$log")
  echo "p99 $(wrk_p99 "$log") ms, $requests requests${errors:+, $errors}"
}

echo "## (a) ${idle} idle + ${slowloris} slowloris connections, pages read with wrk"
python3 "$repo/bench/load_clients.py" hold "$url" "$((seconds + 12))" "$idle" "$slowloris" \
  >"$tmp/hold.json" &
hold_pid=$!
pids+=("$hold_pid")
sleep 8  # the idle connections open in batches of 100
echo "- open connections after ramp-up: $(curl -fsS "$url/metrics" |
  awk '/^plaza_http_open_connections/ {print $2}')"
wrk -t1 -c4 -d"${seconds}s" --latency "$url/" >"$tmp/wrk-home.log"
wrk -t1 -c4 -d5s --latency "$url$post_path" >"$tmp/wrk-post.log"
wait "$hold_pid" || true
echo "- home page: $(wrk_summary "$tmp/wrk-home.log") (goal p99 < 200 ms)"
echo "- post page: $(wrk_summary "$tmp/wrk-post.log")"
echo "- clients: $(cat "$tmp/hold.json")"
echo

echo "## (b) ${writers} parallel creates of the worst Markdown, /healthz polled"
for shape in $shapes; do
  python3 "$repo/bench/load_clients.py" create "$url" "$seconds" "$writers" "$shape" "$md_size" \
    >"$tmp/create-$shape.json" &
  create_pid=$!
  pids+=("$create_pid")
  sleep 1  # registrations first
  wrk -t1 -c1 -d"$((seconds - 2))s" --latency "$url/healthz" >"$tmp/wrk-healthz-$shape.log"
  wait "$create_pid" || die "creates failed: $(cat "$tmp/create-$shape.json")"
  echo "- $shape: /healthz $(wrk_summary "$tmp/wrk-healthz-$shape.log") (goal p99 < 100 ms);" \
    "creates $(cat "$tmp/create-$shape.json")"
done
