#!/usr/bin/env bash
# HTTP benchmark: Plaza (release build, demo content, anonymous reader) against nginx serving the
# same bytes from files. See bench/README.md for what is measured and the fairness rules.
#
#   bench/http_bench.sh                       full run (10 s per wrk run, 3 rounds)
#   BENCH_SECONDS=3 bench/http_bench.sh       quick try
#   PLAZA_BIN=build/x/src/app/plaza bench/http_bench.sh   use an existing binary (no build)
#
# Settings (environment):
#   PLAZA_BIN           Plaza binary; unset = build the `release` preset
#   BENCH_SECONDS       seconds per wrk run (10)
#   BENCH_CONNECTIONS   wrk connections (32)
#   BENCH_WRK_THREADS   wrk threads (1)
#   BENCH_ROUNDS        interleaved rounds per configuration (3)
#   BENCH_WARMUP        warm-up seconds per target before the first round, not recorded (2)
#   BENCH_SERVER_CPU    core the servers are pinned to (0)
#   BENCH_CLIENT_CPU    core wrk is pinned to (1)
#   BENCH_JOBS          build parallelism (2)
#   BENCH_SKIP_SETUP=1  do not run scripts/setup.sh --bench
#   BENCH_REPORT=FILE   also write the machine description and results as Markdown to FILE
#   BENCH_KEEP=1        keep the temporary directory (logs, nginx config, fetched bytes)
#   BENCH_STRICT=1      exit 1 when a target is missed
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}
wrk_threads=${BENCH_WRK_THREADS:-1}
rounds=${BENCH_ROUNDS:-3}
warmup=${BENCH_WARMUP:-2}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
jobs=${BENCH_JOBS:-2}
report=${BENCH_REPORT:-}
plaza_bin=${PLAZA_BIN:-}

# Plaza rejects unknown PLAZA_* variables and reads known ones as settings: start it from a clean
# slate so that only the settings chosen below apply (production defaults otherwise).
while read -r name; do
  unset "$name"
done < <(compgen -e | grep '^PLAZA_' || true)

die() {
  echo "http_bench: $*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Cleanup: stop what this script started, by PID, pass or fail.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plaza-bench.XXXXXX")
plaza_pid=""
nginx_pid=""

stop_pid() {
  local pid=$1
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$?
  stop_pid "$plaza_pid"
  stop_pid "$nginx_pid"
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "http_bench: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Machine description (first, so that every result comes with it).
out() { echo "$*"; [[ -z "$report" ]] || echo "$*" >>"$report"; }
[[ -z "$report" ]] || : >"$report"

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
cpu_count=$(lscpu 2>/dev/null | sed -n 's/^CPU(s):[[:space:]]*//p' | head -1)
threads_per_core=$(lscpu 2>/dev/null | sed -n 's/^Thread(s) per core:[[:space:]]*//p' | head -1)
hypervisor=$(lscpu 2>/dev/null | sed -n 's/^Hypervisor vendor:[[:space:]]*//p' | head -1)
mem_total=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)

out "## Machine"
out ""
out "- CPU: ${cpu_model:-unknown}, ${cpu_count:-?} logical CPUs (${threads_per_core:-?} thread(s) per core), nproc $(nproc)"
[[ -z "$hypervisor" ]] || out "- Virtual machine: $hypervisor guest (vCPUs may share physical cores)"
out "- Memory: $mem_total"
out "- Kernel: $(uname -srm)"
# shellcheck source=/dev/null
out "- OS: $(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}")"
out "- Load average at start (1/5/15 min): $load"
out "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
if awk -v l="${load%% *}" 'BEGIN { exit !(l > 0.5) }'; then
  out "- WARNING: the machine is not quiet (1-minute load ${load%% *}); figures are not comparable"
fi
out ""

(($(nproc) >= 2)) || die "needs at least 2 CPUs (server on core $server_cpu, wrk on core $client_cpu)"
[[ "$server_cpu" != "$client_cpu" ]] || die "BENCH_SERVER_CPU and BENCH_CLIENT_CPU must differ"

# ---------------------------------------------------------------------------------------------
# Tools and the binary.
if [[ "${BENCH_SKIP_SETUP:-0}" != 1 ]]; then
  "$repo/scripts/setup.sh" --bench
fi
for tool in wrk nginx taskset curl; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/setup.sh --bench installs it)"
done
nginx_bin=$(command -v nginx)

if [[ -z "$plaza_bin" ]]; then
  echo "http_bench: building the release preset" >&2
  (cd "$repo" && cmake --preset release >&2 &&
    cmake --build --preset release --target plaza --parallel "$jobs" >&2)
  plaza_bin="$repo/build/release/src/app/plaza"
fi
[[ -x "$plaza_bin" ]] || die "no executable at $plaza_bin"
plaza_bin=$(cd "$(dirname "$plaza_bin")" && pwd)/$(basename "$plaza_bin")

out "- Plaza: $("$plaza_bin" version 2>/dev/null) ($plaza_bin, git $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet 2>/dev/null || echo '+local changes'))"
out "- nginx: $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'); wrk: $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
out "- Method: server on core $server_cpu, wrk on core $client_cpu; wrk -t$wrk_threads -c$connections -d${seconds}s --latency; $rounds interleaved rounds per configuration, medians reported"
out ""

# ---------------------------------------------------------------------------------------------
# Plaza.
plaza_url=""
public_url=https://plaza.example

# start_plaza NAME [VAR=VALUE...]: starts Plaza on the bench data directory. The first start
# loads the demo content; later starts find it there (--demo adds nothing to a store with posts),
# so every configuration serves the same posts with the same timestamps.
start_plaza() {
  local name=$1
  shift
  local data="$tmp/data"
  mkdir -p "$data"
  # One I/O thread, everything (I/O, worker pool, SQLite) confined to the server core by taskset.
  # The worker pool keeps its production size: it only runs store calls, and with every thread
  # on one core its size does not add CPU. A fixed public URL, as a deployment has: links and QR
  # codes then do not depend on the port picked, so every start serves the same bytes.
  env PLAZA_SERVER_PUBLIC_URL="$public_url" "$@" taskset -c "$server_cpu" "$plaza_bin" serve \
    --listen 127.0.0.1:0 --data "$data" --demo --threads 1 \
    >"$tmp/plaza-$name.out" 2>"$tmp/plaza-$name.err" &
  plaza_pid=$!
  local line=""
  for _ in $(seq 600); do
    line=$(head -1 "$tmp/plaza-$name.out" 2>/dev/null || true)
    [[ "$line" == listening* ]] && break
    kill -0 "$plaza_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ "$line" != listening* ]]; then
    tail -20 "$tmp/plaza-$name.err" >&2 || true
    die "plaza ($name) did not start"
  fi
  plaza_url=${line#listening on }
}

stop_plaza() {
  stop_pid "$plaza_pid"
  plaza_pid=""
}

peak_rss_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# fetch URL FILE HEADERS: body to FILE, headers to HEADERS; prints the status code.
fetch() { curl -sS -o "$2" -D "$3" -w '%{http_code}' "$1"; }

header_value() { # header_value FILE NAME
  awk -v n="${2,,}" -F': ' \
    'tolower($1) == n { sub(/\r$/, "", $2); print $2; exit }' "$1"
}

start_plaza cache
www="$tmp/www"
mkdir -p "$www"

# The Musk demo post: id and canonical page path from the list API.
curl -sS -f "$plaza_url/api/v1/posts?limit=100" -o "$tmp/list.json" || die "GET /api/v1/posts failed"
if command -v python3 >/dev/null; then
  read -r post_id post_path < <(python3 -c '
import json, sys, urllib.parse
items = json.load(open(sys.argv[1]))["items"]
hit = [p for p in items if "Musk" in p["title"]]
if hit:
    print(hit[0]["id"], urllib.parse.urlsplit(hit[0]["url"]).path)
' "$tmp/list.json") || true
else
  read -r post_id post_path < <(jq -r \
    '[.items[] | select(.title | contains("Musk"))][0] | "\(.id) \(.url | sub("^[a-z]+://[^/]*"; ""))"' \
    "$tmp/list.json") || true
fi
[[ -n "${post_id:-}" && "$post_path" == /p/* ]] || die "no demo post with \"Musk\" in its title"

page_path=$post_path
json_path="/api/v1/posts/$post_id"

# The demo's summaries are made in the background right after the start: measure the page as
# readers see it once its summary is there (the page changes when it arrives).
for _ in $(seq 200); do
  curl -sS "$plaza_url$json_path" | grep -q '"summary":{"status":"ready"' && break
  sleep 0.05
done
curl -sS "$plaza_url$json_path" | grep -q '"summary":{"status":"ready"' ||
  die "the demo post's summary was not ready after 10 s"

# The exact bytes Plaza serves, as nginx's files.
code=$(fetch "$plaza_url$page_path" "$www/post.html" "$tmp/page.headers")
[[ "$code" == 200 ]] || die "plaza page $page_path answered $code"
code=$(fetch "$plaza_url$json_path" "$www/post.json" "$tmp/json.headers")
[[ "$code" == 200 ]] || die "plaza $json_path answered $code"
page_type=$(header_value "$tmp/page.headers" content-type)
json_type=$(header_value "$tmp/json.headers" content-type)

# Plaza's other response headers (security headers, Cache-Control) go into nginx's answers too,
# so that both send the same body with headers of comparable size. Date, Server, Content-Length,
# Content-Type and the per-request X-Request-Id nginx makes itself or has no use for.
mkdir -p "$tmp/nginx"
extra_headers() { # extra_headers HEADERS_FILE > nginx include
  tr -d '\r' <"$1" | tail -n +2 | while IFS= read -r line; do
    [[ -n "$line" ]] || continue
    local name=${line%%:*} value=${line#*: }
    case "${name,,}" in
      date | server | content-length | content-type | x-request-id | connection) continue ;;
    esac
    if [[ "$value" == *'$'* ]]; then
      echo "http_bench: not copying header $name (contains \$)" >&2
      continue
    fi
    value=${value//\\/\\\\}
    value=${value//\"/\\\"}
    echo "add_header $name \"$value\" always;"
  done
}
extra_headers "$tmp/page.headers" >"$tmp/nginx/page_headers.conf"
extra_headers "$tmp/json.headers" >"$tmp/nginx/json_headers.conf"

# ---------------------------------------------------------------------------------------------
# nginx: one process (master_process off) in the foreground, pinned like Plaza.
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
temp_paths=""
nginx_build=$("$nginx_bin" -V 2>&1)
for kind in client_body proxy fastcgi uwsgi scgi; do
  flag="--http-${kind//_/-}-temp-path"
  [[ "$kind" == client_body ]] && flag="--http-client-body-temp-path"
  if [[ "$nginx_build" == *"$flag"* ]]; then
    mkdir -p "$tmp/nginx/$kind"
    temp_paths+="  ${kind}_temp_path $tmp/nginx/$kind;"$'\n'
  fi
done
sed -e "s|@PREFIX@|$tmp/nginx|g" -e "s|@ROOT@|$www|g" -e "s|@PORT@|$nginx_port|g" \
  -e "s|@PAGE_TYPE@|$page_type|g" -e "s|@JSON_TYPE@|$json_type|g" \
  "$repo/bench/nginx.conf.in" >"$tmp/nginx/nginx.conf"
# Insert the temp paths this nginx build knows about (an unknown directive is fatal).
awk -v paths="$temp_paths" '{ print } /^http {/ { printf "%s", paths }' "$tmp/nginx/nginx.conf" \
  >"$tmp/nginx/nginx.conf.new" && mv "$tmp/nginx/nginx.conf.new" "$tmp/nginx/nginx.conf"

taskset -c "$server_cpu" "$nginx_bin" -p "$tmp/nginx/" -e "$tmp/nginx/error.log" \
  -c "$tmp/nginx/nginx.conf" >"$tmp/nginx/stdout" 2>&1 &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port"
for _ in $(seq 200); do
  curl -s -o /dev/null "$nginx_url/post.html" && break
  kill -0 "$nginx_pid" 2>/dev/null || break
  sleep 0.05
done
kill -0 "$nginx_pid" 2>/dev/null || {
  cat "$tmp/nginx/stdout" "$tmp/nginx/error.log" >&2 2>/dev/null || true
  die "nginx did not start"
}

# ---------------------------------------------------------------------------------------------
# Sanity: both answer 200 with the same body; a cached body equals a fresh render.
check_same() { # check_same WHAT PLAZA_URL NGINX_URL
  local a="$tmp/check-plaza" b="$tmp/check-nginx" ca cb
  ca=$(fetch "$2" "$a" "$a.h")
  cb=$(fetch "$3" "$b" "$b.h")
  [[ "$ca" == 200 && "$cb" == 200 ]] || die "$1: plaza answered $ca, nginx $cb"
  local la lb
  la=$(wc -c <"$a")
  lb=$(wc -c <"$b")
  [[ "$la" == "$lb" ]] || die "$1: plaza sent $la bytes, nginx $lb"
  cmp -s "$a" "$b" || die "$1: plaza's body differs from the bytes nginx serves"
  # body bytes, Plaza's header bytes, nginx's header bytes
  echo "$la $(wc -c <"$a.h") $(wc -c <"$b.h")"
}
read -r page_bytes page_hdr_plaza page_hdr_nginx < <(check_same "post page" \
  "$plaza_url$page_path" "$nginx_url/post.html") || true
read -r json_bytes json_hdr_plaza json_hdr_nginx < <(check_same "post JSON" \
  "$plaza_url$json_path" "$nginx_url/post.json") || true
[[ -n "${json_bytes:-}" && -n "${page_bytes:-}" ]] || die "sanity checks failed"

out "- Post page: \`GET $page_path\`, $page_bytes bytes of $page_type; headers: Plaza $page_hdr_plaza bytes, nginx $page_hdr_nginx bytes"
out "- Post JSON: \`GET $json_path\`, $json_bytes bytes of $json_type; headers: Plaza $json_hdr_plaza bytes, nginx $json_hdr_nginx bytes"
out "- nginx serves the bytes Plaza sent, from files, with Plaza's Content-Type, Cache-Control and security headers"
out ""

# ---------------------------------------------------------------------------------------------
# wrk runs.
to_ms() { # "123.45us" | "1.20ms" | "1.02s" | "2.00m" -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

clk_tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }  # user + system, all threads

# run_wrk URL LOG PID: prints "req_per_s p50_ms p99_ms server_cpu_% wrk_cpu_%"; dies on errors
# or non-2xx answers. The CPU shares show who was the bottleneck: on a quiet machine the server
# is near 100 % and wrk below; both far below 100 % means other work shared the cores.
run_wrk() {
  local url=$1 log=$2 pid=$3 t0 t1 c0 c1
  c0=$(cpu_ticks "$pid")
  t0=$(date +%s.%N)
  local TIMEFORMAT='%R %U %S' wrk_rc=0
  { time taskset -c "$client_cpu" wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" \
    --latency "$url" >"$log" 2>&1 || wrk_rc=$?; } 2>"$log.time"
  ((wrk_rc == 0)) || die "wrk failed on $url: $(tail -3 "$log")"
  t1=$(date +%s.%N)
  c1=$(cpu_ticks "$pid")
  if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$log"; then
    cat "$log" >&2
    die "wrk saw errors on $url"
  fi
  local rps p50 p99 cpu client
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$log")
  p50=$(awk '$1 == "50%" {print $2}' "$log")
  p99=$(awk '$1 == "99%" {print $2}' "$log")
  [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || die "cannot parse wrk output: $log"
  cpu=$(awk -v c="$((c1 - c0))" -v hz="$clk_tck" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "%.1f", 100 * c / hz / (t1 - t0) }')
  client=$(awk '{ printf "%.1f", ($1 > 0 ? 100 * ($2 + $3) / $1 : 0) }' "$log.time")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $cpu $client"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
  if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A rps p50 p99 cpu wrk_cpu  # key "config/server/target/round"
declare -A rss_kib nginx_rss_kib

# measure CONFIG: warm-up, then rounds of plaza page, nginx page, plaza json, nginx json.
measure() {
  local config=$1 r target server url k
  local -A urls=(
    [plaza/page]="$plaza_url$page_path" [nginx/page]="$nginx_url/post.html"
    [plaza/json]="$plaza_url$json_path" [nginx/json]="$nginx_url/post.json"
  )
  local -A pids=([plaza]="$plaza_pid" [nginx]="$nginx_pid")
  if ((warmup > 0)); then
    for k in plaza/page nginx/page plaza/json nginx/json; do
      taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${warmup}s" "${urls[$k]}" >/dev/null
    done
  fi
  for ((r = 1; r <= rounds; r++)); do
    for target in page json; do
      for server in plaza nginx; do
        url=${urls[$server/$target]}
        k="$config/$server/$target/$r"
        read -r "rps[$k]" "p50[$k]" "p99[$k]" "cpu[$k]" "wrk_cpu[$k]" \
          < <(run_wrk "$url" "$tmp/wrk-$config-$server-$target-$r.log" "${pids[$server]}") || true
        [[ -n "${cpu[$k]:-}" ]] || die "run $k failed"
        echo "http_bench: $config round $r $server $target: ${rps[$k]} req/s," \
          "p50 ${p50[$k]} ms, p99 ${p99[$k]} ms, CPU: server ${cpu[$k]} %, wrk ${wrk_cpu[$k]} %" >&2
      done
    done
  done
  rss_kib[$config]=$(peak_rss_kib "$plaza_pid")
  nginx_rss_kib[$config]=$(peak_rss_kib "$nginx_pid")
}

measure cache

# Plaza again with the page cache off (every request renders from the store).
stop_plaza
start_plaza nocache PLAZA_SERVER_PAGE_CACHE=false
# A fresh render must be byte-identical to what the cache served (same store, same public URL):
# a cached page that differs from a fresh one would be a frozen per-request or per-time value.
read -r page_bytes_nc _ < <(check_same "post page, cache off" "$plaza_url$page_path" \
  "$nginx_url/post.html") || true
read -r json_bytes_nc _ < <(check_same "post JSON, cache off" "$plaza_url$json_path" \
  "$nginx_url/post.json") || true
[[ -n "${page_bytes_nc:-}" && -n "${json_bytes_nc:-}" ]] || die "sanity checks failed (cache off)"
measure nocache

# ---------------------------------------------------------------------------------------------
# Cache correctness after the measurements (it writes to the store): with the page cache on,
# a post's page and JSON are read (and so cached), the post is edited through the API, and the
# next reads must show the edit, also at the old address (the slug follows the title).
jget() { # jget FILE KEY... : the value at that path of a JSON file
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v[k]
print(v)' "$@"
  else
    local file=$1 path
    shift
    path=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
    jq -r --argjson p "$path" 'getpath($p)' "$file"
  fi
}

api() { # api METHOD PATH OUT [TOKEN] [JSON]: prints the status
  local args=(-sS -o "$3" -w '%{http_code}' -X "$1")
  [[ -z "${4:-}" ]] || args+=(-H "Authorization: Bearer $4")
  [[ -z "${5:-}" ]] || args+=(-H 'Content-Type: application/json' --data-binary "$5")
  curl "${args[@]}" "$plaza_url$2"
}

check_invalidation() {
  local c="$tmp/check" code token id old_path new_path
  mkdir -p "$c"
  code=$(api POST /api/v1/auth/register "$c/register.json" "" \
    '{"handle":"bench_check","password":"bench-check-password-1","display_name":"Bench Check"}')
  [[ "$code" == 201 ]] || die "cache check: register answered $code: $(cat "$c/register.json")"
  token=$(jget "$c/register.json" token)
  code=$(api POST /api/v1/posts "$c/create.json" "$token" \
    '{"title":"Bench cache check before","body":"A post the benchmark edits to see that cached pages follow writes."}')
  [[ "$code" == 201 ]] || die "cache check: create answered $code: $(cat "$c/create.json")"
  id=$(jget "$c/create.json" post id)
  old_path=$(jget "$c/create.json" post url)
  old_path=/${old_path#*://*/}
  for _ in 1 2; do  # the first read fills the cache, the second is served from it
    code=$(api GET "$old_path" "$c/page-before.html")
    [[ "$code" == 200 ]] || die "cache check: GET $old_path answered $code"
    code=$(api GET "/api/v1/posts/$id" "$c/json-before.json")
    [[ "$code" == 200 ]] || die "cache check: GET /api/v1/posts/$id answered $code"
  done
  grep -q 'Bench cache check before' "$c/page-before.html" || die "cache check: page lacks the title"
  code=$(api PATCH "/api/v1/posts/$id" "$c/edit.json" "$token" \
    '{"revision":1,"title":"Bench cache check after"}')
  [[ "$code" == 200 ]] || die "cache check: edit answered $code: $(cat "$c/edit.json")"
  new_path=$(jget "$c/edit.json" post url)
  new_path=/${new_path#*://*/}
  code=$(api GET "$new_path" "$c/page-after.html")
  [[ "$code" == 200 ]] || die "cache check: GET $new_path after the edit answered $code"
  grep -q 'Bench cache check after' "$c/page-after.html" || die "cache check: stale page after an edit"
  code=$(api GET "/api/v1/posts/$id" "$c/json-after.json")
  [[ "$code" == 200 && "$(jget "$c/json-after.json" post title)" == "Bench cache check after" ]] ||
    die "cache check: stale JSON after an edit"
  if [[ "$old_path" != "$new_path" ]]; then
    code=$(api GET "$old_path" "$c/page-old-path.html")
    [[ "$code" == 301 ]] || die "cache check: the old address answered $code after the edit, not 301"
  fi
}

stop_plaza
start_plaza check
check_invalidation

# ---------------------------------------------------------------------------------------------
# Results.
status=0
out "## Results"
out ""
out "Medians of $rounds runs. Plaza/nginx = median of the per-round ratios of req/s (each round"
out "runs Plaza and nginx back to back, so slow drift of the machine cancels). CPU % = the"
out "server's CPU time (all threads) over the run's wall time, wrk CPU % the same for the client:"
out "on a quiet machine the server is near 100 % (the bottleneck). req/CPU-s = req/s ÷ the"
out "server's share: the work per CPU-second, comparable even when other load steals the core;"
out "its Plaza/nginx ratio is also the median of the per-round ratios."
out ""
out "| configuration | target | server | req/s | p50 ms | p99 ms | CPU % | wrk CPU % | req/CPU-s | Plaza/nginx req/s | Plaza/nginx per CPU-s | peak RSS |"
out "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A ratio_of
per_cpu() { awk -v r="$1" -v c="$2" 'BEGIN { printf "%.0f", (c > 0 ? r / (c / 100) : 0) }'; }
for config in cache nocache; do
  label="page cache on"
  [[ "$config" == nocache ]] && label="page cache off"
  for target in page json; do
    ratios=() eff_ratios=()
    for ((r = 1; r <= rounds; r++)); do
      a="$config/plaza/$target/$r" b="$config/nginx/$target/$r"
      ratios+=("$(awk -v a="${rps[$a]}" -v b="${rps[$b]}" 'BEGIN { printf "%.3f", a / b }')")
      eff_ratios+=("$(awk -v a="$(per_cpu "${rps[$a]}" "${cpu[$a]}")" \
        -v b="$(per_cpu "${rps[$b]}" "${cpu[$b]}")" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')")
    done
    ratio_of[$config/$target]=$(median "${ratios[@]}")
    eff_ratio=$(median "${eff_ratios[@]}")
    for server in plaza nginx; do
      vals_rps=() vals_p50=() vals_p99=() vals_cpu=() vals_wrk=() vals_eff=()
      for ((r = 1; r <= rounds; r++)); do
        k="$config/$server/$target/$r"
        vals_rps+=("${rps[$k]}")
        vals_p50+=("${p50[$k]}")
        vals_p99+=("${p99[$k]}")
        vals_cpu+=("${cpu[$k]}")
        vals_wrk+=("${wrk_cpu[$k]}")
        vals_eff+=("$(per_cpu "${rps[$k]}" "${cpu[$k]}")")
      done
      if [[ "$server" == plaza ]]; then
        ratio=$(printf '%.2f' "${ratio_of[$config/$target]}")
        eff=$(printf '%.2f' "$eff_ratio")
        rss=$(awk -v k="${rss_kib[$config]}" 'BEGIN { printf "%.1f MB", k / 1024 }')
      else
        ratio="" eff=""
        rss=$(awk -v k="${nginx_rss_kib[$config]}" 'BEGIN { printf "%.1f MB", k / 1024 }')
      fi
      what="post page"
      [[ "$target" == json ]] && what="post JSON"
      out "| $label | $what | $server | $(printf '%.0f' "$(median "${vals_rps[@]}")") |" \
        "$(median "${vals_p50[@]}") | $(median "${vals_p99[@]}") | $(median "${vals_cpu[@]}") |" \
        "$(median "${vals_wrk[@]}") |" \
        "$(median "${vals_eff[@]}") | $ratio | $eff | $rss |"
    done
  done
done
out ""
low_cpu=$(for k in "${!cpu[@]}"; do echo "${cpu[$k]}"; done | awk '$1 < 90 { n++ } END { print n + 0 }')
if ((low_cpu > 0)); then
  out "WARNING: in $low_cpu of ${#cpu[@]} runs the server used under 90 % of its core: it was"
  out "starved (other load on core $server_cpu) or not the bottleneck; compare per CPU-second."
  out ""
fi
out "Peak RSS is VmHWM of the server process after all runs of that configuration (MB = MiB)."
out ""

verdict() { # verdict NAME OK(0/1) DETAIL
  if [[ "$2" == 1 ]]; then
    out "- met: $1 ($3)"
  else
    out "- MISSED: $1 ($3)"
    status=1
  fi
}
out "## Targets (page cache on, the production default)"
out ""
page_ratio=${ratio_of[cache/page]}
json_ratio=${ratio_of[cache/json]}
rss_mb=$(awk -v k="${rss_kib[cache]}" 'BEGIN { printf "%.1f", k / 1024 }')
verdict "post page ≥ 0.8 × nginx" "$(awk -v x="$page_ratio" 'BEGIN { print (x >= 0.8) }')" \
  "$page_ratio ×"
verdict "post JSON ≥ 1.0 × nginx" "$(awk -v x="$json_ratio" 'BEGIN { print (x >= 1.0) }')" \
  "$json_ratio ×"
verdict "peak RSS ≤ 64 MB on SQLite" "$(awk -v x="$rss_mb" 'BEGIN { print (x <= 64) }')" \
  "$rss_mb MB"
out ""
out "Cache check (page cache on): a post read twice, edited through the API, then read again"
out "shows the edit in its page and JSON, and its old address redirects: passed."
out ""
out "Load average at the end (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${BENCH_STRICT:-0}" == 1 ]]; then exit "$status"; fi
exit 0
