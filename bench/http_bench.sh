#!/usr/bin/env bash
# HTTP benchmark: Plaza (release build, demo content, anonymous reader), the commit before the
# page-cache and speed work (the baseline) and nginx serving the same bytes from files, in one
# run. See bench/README.md for what is measured and the fairness rules.
#
#   bench/http_bench.sh                       full run (10 s per wrk run, 3 rounds)
#   BENCH_SECONDS=3 BENCH_ROUNDS=1 bench/http_bench.sh    quick try
#
# Settings (environment):
#   PLAZA_BIN           Plaza binary; unset = build the `release` preset of this checkout
#   BENCH_BASE          baseline commit, built in a temporary worktree (c302605); "none" = skip
#   BENCH_BASE_BIN      baseline binary already built (skips the baseline build)
#   BENCH_SECONDS       seconds per wrk run (10)
#   BENCH_CONNECTIONS   wrk connections (32)
#   BENCH_WRK_THREADS   wrk threads (1)
#   BENCH_ROUNDS        interleaved rounds (3)
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
base_commit=${BENCH_BASE:-c302605}
base_bin=${BENCH_BASE_BIN:-}

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
declare -A pids=()  # server name -> pid
base_tree=""

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
  local name
  for name in "${!pids[@]}"; do stop_pid "${pids[$name]}"; done
  if [[ -n "$base_tree" ]]; then
    git -C "$repo" worktree remove --force "$base_tree" >/dev/null 2>&1 || true
  fi
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
# Tools and the binaries.
if [[ "${BENCH_SKIP_SETUP:-0}" != 1 ]]; then
  "$repo/scripts/setup.sh" --bench
fi
for tool in wrk nginx taskset curl python3; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/setup.sh --bench installs it)"
done
nginx_bin=$(command -v nginx)

build_release() { # build_release SOURCE_DIR
  (cd "$1" && cmake --preset release >&2 &&
    cmake --build --preset release --target plaza --parallel "$jobs" >&2)
}

if [[ -z "$plaza_bin" ]]; then
  echo "http_bench: building the release preset" >&2
  build_release "$repo"
  plaza_bin="$repo/build/release/src/app/plaza"
fi
[[ -x "$plaza_bin" ]] || die "no executable at $plaza_bin"
plaza_bin=$(cd "$(dirname "$plaza_bin")" && pwd)/$(basename "$plaza_bin")

if [[ -z "$base_bin" && "$base_commit" != none ]]; then
  echo "http_bench: building the baseline $base_commit in a temporary worktree" >&2
  base_tree="$tmp/base-src"
  git -C "$repo" worktree add --detach "$base_tree" "$base_commit" >&2 || die "no commit $base_commit"
  build_release "$base_tree"
  base_bin="$base_tree/build/release/src/app/plaza"
fi
if [[ -n "$base_bin" ]]; then
  [[ -x "$base_bin" ]] || die "no executable at $base_bin"
  base_bin=$(cd "$(dirname "$base_bin")" && pwd)/$(basename "$base_bin")
fi

out "- Plaza: $("$plaza_bin" version 2>/dev/null) ($plaza_bin, git $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet 2>/dev/null || echo '+local changes'))"
[[ -z "$base_bin" ]] || out "- Baseline: $base_commit ($base_bin)"
out "- nginx: $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'); wrk: $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
out "- Method: every server on core $server_cpu, wrk on core $client_cpu; wrk -t$wrk_threads -c$connections -d${seconds}s --latency; $rounds interleaved rounds, medians reported"
out ""

# ---------------------------------------------------------------------------------------------
# Plaza.
public_url=https://plaza.example
declare -A urls=()  # server name -> base URL

# start_plaza NAME BINARY DATA_DIR [VAR=VALUE...]: starts one Plaza. One I/O thread; every thread
# (I/O, worker pool, SQLite) confined to the server core by taskset. The worker pool keeps its
# production size: it only runs store calls, and with every thread on one core its size adds no
# CPU. A fixed public URL, as a deployment has: links and QR codes then do not depend on the port.
start_plaza() {
  local name=$1 bin=$2 data=$3
  shift 3
  mkdir -p "$data"
  env PLAZA_SERVER_PUBLIC_URL="$public_url" "$@" taskset -c "$server_cpu" "$bin" serve \
    --listen 127.0.0.1:0 --data "$data" --demo --threads 1 \
    >"$tmp/plaza-$name.out" 2>"$tmp/plaza-$name.err" &
  pids[$name]=$!
  local line=""
  for _ in $(seq 600); do
    line=$(head -1 "$tmp/plaza-$name.out" 2>/dev/null || true)
    [[ "$line" == listening* ]] && break
    kill -0 "${pids[$name]}" 2>/dev/null || break
    sleep 0.05
  done
  if [[ "$line" != listening* ]]; then
    tail -20 "$tmp/plaza-$name.err" >&2 || true
    die "plaza ($name) did not start"
  fi
  urls[$name]=${line#listening on }
}

stop_server() {
  stop_pid "${pids[$1]:-}"
  unset "pids[$1]"
}

peak_rss_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# fetch URL FILE HEADERS [CURL ARGS...]: body to FILE, headers to HEADERS; prints the status.
fetch() {
  local url=$1 file=$2 headers=$3
  shift 3
  curl -sS -o "$file" -D "$headers" -w '%{http_code}' "$@" "$url"
}

header_value() { # header_value FILE NAME
  awk -v n="${2,,}" -F': ' \
    'tolower($1) == n { sub(/\r$/, "", $2); print $2; exit }' "$1"
}

# The store every Plaza serves: the demo content, loaded once with its summaries made, then
# copied for each server so that all of them serve the same posts with the same timestamps.
# This build runs the demo content without its price feed (markets.feed "off": the chips show the
# seeded prices), so that every server and nginx send the same bytes; a ticking feed is measured
# by bench/markets/chips_bench.sh. The baseline predates markets.
new_env=(PLAZA_MARKETS_FEED=off)
start_plaza seed "$plaza_bin" "$tmp/data-seed" "${new_env[@]}"
seed_url=${urls[seed]}
curl -sS -f "$seed_url/api/v1/posts?limit=100" -o "$tmp/list.json" || die "GET /api/v1/posts failed"
read -r post_id post_path < <(python3 -c '
import json, sys, urllib.parse
items = json.load(open(sys.argv[1]))["items"]
hit = [p for p in items if "Musk" in p["title"]]
if hit:
    print(hit[0]["id"], urllib.parse.urlsplit(hit[0]["url"]).path)
' "$tmp/list.json") || true
[[ -n "${post_id:-}" && "$post_path" == /p/* ]] || die "no demo post with \"Musk\" in its title"
json_path="/api/v1/posts/$post_id"
# Measure the page as readers see it once its summary is there (the page changes when it does):
# every demo post's summary, since the home page shows them all.
wait_for_summaries() { # wait_for_summaries URL
  for _ in $(seq 400); do
    curl -sS "$1/api/v1/posts?limit=100" | python3 -c '
import json, sys, urllib.request
items = json.load(sys.stdin)["items"]
base = sys.argv[1]
ok = all(json.load(urllib.request.urlopen(base + "/api/v1/posts/%d" % p["id"]))["post"]["summary"]["status"] in ("ready", "none", "failed") for p in items)
sys.exit(0 if ok else 1)' "$1" && break
    sleep 0.05
  done
  curl -sS "$1$json_path" | grep -q '"summary":{"status":"ready"' ||
    die "the demo post's summary was not ready after 20 s"
}
wait_for_summaries "$seed_url"
stop_server seed
# The baseline gets a store of its own schema, seeded the same way (a newer build's store is one
# it refuses to open), so both serve the same demo posts.
if [[ -n "$base_bin" ]]; then
  start_plaza seed-base "$base_bin" "$tmp/data-seed-base"
  wait_for_summaries "${urls[seed-base]}"
  stop_server seed-base
fi

declare -A paths=([page]="$post_path" [json]="$json_path" [home]="/")
declare -A files=([page]=post.html [json]=post.json [home]=home.html)
declare -A what=([page]="post page" [json]="post JSON" [home]="home page")
targets=(page json home)

# Servers: this build and the baseline, each with the page cache on and off.
servers=(new-cache new-nocache)
[[ -z "$base_bin" ]] || servers+=(base-cache base-nocache)
for name in "${servers[@]}"; do
  seed=$tmp/data-seed
  bin=$plaza_bin
  vars=("${new_env[@]}")
  if [[ "$name" == base-* ]]; then
    seed=$tmp/data-seed-base
    bin=$base_bin
    vars=()
  fi
  cp -a "$seed" "$tmp/data-$name"
  [[ "$name" != *-nocache ]] || vars+=(PLAZA_SERVER_PAGE_CACHE=false)
  start_plaza "$name" "$bin" "$tmp/data-$name" "${vars[@]}"
done

# The exact bytes this build serves, identity and gzip, as nginx's files (gzip_static serves
# FILE.gz to clients that accept gzip, as its users precompress their assets).
www="$tmp/www"
mkdir -p "$www" "$tmp/nginx"
new_url=${urls[new-cache]}
for t in "${targets[@]}"; do
  code=$(fetch "$new_url${paths[$t]}" "$www/${files[$t]}" "$tmp/$t.headers")
  [[ "$code" == 200 ]] || die "plaza ${paths[$t]} answered $code"
  code=$(fetch "$new_url${paths[$t]}" "$www/${files[$t]}.gz" "$tmp/$t.gz.headers" \
    -H 'Accept-Encoding: gzip')
  [[ "$code" == 200 ]] || die "plaza ${paths[$t]} (gzip) answered $code"
  if [[ "$(header_value "$tmp/$t.gz.headers" content-encoding)" != gzip ]]; then
    rm -f "$www/${files[$t]}.gz"  # not compressed (cache off or too small): nginx sends identity too
  fi
done
page_type=$(header_value "$tmp/page.headers" content-type)
json_type=$(header_value "$tmp/json.headers" content-type)

# Plaza's other response headers (security headers, Cache-Control) go into nginx's answers too,
# so that both send the same body with headers of comparable size. Date, Server, Content-Length,
# Content-Type, Content-Encoding, Vary and the per-request X-Request-Id nginx makes itself.
extra_headers() { # extra_headers HEADERS_FILE > nginx include
  tr -d '\r' <"$1" | tail -n +2 | while IFS= read -r line; do
    [[ -n "$line" ]] || continue
    local name=${line%%:*} value=${line#*: }
    case "${name,,}" in
      date | server | content-length | content-type | content-encoding | vary | x-request-id | connection) continue ;;
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
extra_headers "$tmp/home.headers" >"$tmp/nginx/home_headers.conf"

# ---------------------------------------------------------------------------------------------
# nginx: one process (master_process off) in the foreground, pinned like Plaza.
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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
[[ "$nginx_build" == *with-http_gzip_static_module* ]] ||
  echo "http_bench: this nginx lacks gzip_static; its compressed runs send identity" >&2
gzip_static=on
[[ "$nginx_build" == *with-http_gzip_static_module* ]] || gzip_static=off
sed -e "s|@PREFIX@|$tmp/nginx|g" -e "s|@ROOT@|$www|g" -e "s|@PORT@|$nginx_port|g" \
  -e "s|@PAGE_TYPE@|$page_type|g" -e "s|@JSON_TYPE@|$json_type|g" \
  -e "s|@GZIP_STATIC@|$gzip_static|g" \
  "$repo/bench/nginx.conf.in" >"$tmp/nginx/nginx.conf"
# Insert the temp paths this nginx build knows about (an unknown directive is fatal).
awk -v paths="$temp_paths" '{ print } /^http {/ { printf "%s", paths }' "$tmp/nginx/nginx.conf" \
  >"$tmp/nginx/nginx.conf.new" && mv "$tmp/nginx/nginx.conf.new" "$tmp/nginx/nginx.conf"

taskset -c "$server_cpu" "$nginx_bin" -p "$tmp/nginx/" -e "$tmp/nginx/error.log" \
  -c "$tmp/nginx/nginx.conf" >"$tmp/nginx/stdout" 2>&1 &
pids[nginx]=$!
urls[nginx]="http://127.0.0.1:$nginx_port"
for _ in $(seq 200); do
  curl -s -o /dev/null "${urls[nginx]}/post.html" && break
  kill -0 "${pids[nginx]}" 2>/dev/null || break
  sleep 0.05
done
kill -0 "${pids[nginx]}" 2>/dev/null || {
  cat "$tmp/nginx/stdout" "$tmp/nginx/error.log" >&2 2>/dev/null || true
  die "nginx did not start"
}

target_url() { # target_url SERVER TARGET
  if [[ "$1" == nginx ]]; then
    echo "${urls[nginx]}/${files[$2]}"
  else
    echo "${urls[$1]}${paths[$2]}"
  fi
}

# ---------------------------------------------------------------------------------------------
# Sanity: every server answers 200, and this build and nginx send the same bytes in both
# encodings; a fresh render (cache off) equals what the cache served (nothing frozen).
check_same() { # check_same WHAT URL_A URL_B [CURL ARGS...]; prints "bytes headers_a headers_b"
  local label=$1 ua=$2 ub=$3 a="$tmp/check-a" b="$tmp/check-b" ca cb
  shift 3
  ca=$(fetch "$ua" "$a" "$a.h" "$@")
  cb=$(fetch "$ub" "$b" "$b.h" "$@")
  [[ "$ca" == 200 && "$cb" == 200 ]] || die "$label: $ua answered $ca, $ub $cb"
  cmp -s "$a" "$b" || die "$label: $ua and $ub send different bytes"
  echo "$(wc -c <"$a") $(wc -c <"$a.h") $(wc -c <"$b.h")"
}
for t in "${targets[@]}"; do
  read -r bytes hdr_plaza hdr_nginx < <(check_same "${what[$t]}" "$(target_url new-cache "$t")" \
    "$(target_url nginx "$t")") || die "sanity check failed: ${what[$t]}"
  read -r gz_bytes _ < <(check_same "${what[$t]} (gzip)" "$(target_url new-cache "$t")" \
    "$(target_url nginx "$t")" -H 'Accept-Encoding: gzip') || die "sanity check failed: ${what[$t]} gzip"
  check_same "${what[$t]}, cache off" "$(target_url new-nocache "$t")" \
    "$(target_url nginx "$t")" >/dev/null || die "sanity check failed: ${what[$t]} cache off"
  for name in "${servers[@]}"; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' "$(target_url "$name" "$t")")
    [[ "$code" == 200 ]] || die "$name ${paths[$t]} answered $code"
  done
  out "- ${what[$t]}: \`GET ${paths[$t]}\`, $bytes bytes ($gz_bytes gzip); headers: Plaza $hdr_plaza bytes, nginx $hdr_nginx bytes"
done
out "- nginx serves the bytes Plaza sent, from files (\`.gz\` files with gzip_static), with Plaza's Content-Type, Cache-Control and security headers"
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

# run_wrk URL LOG PID [WRK ARGS...]: prints "req_per_s p50_ms p99_ms server_cpu_% wrk_cpu_%";
# dies on errors or non-2xx answers. The CPU shares show who was the bottleneck: on a quiet
# machine the server is near 100 % and wrk below; both far below 100 % means other work shared
# the cores.
run_wrk() {
  local url=$1 log=$2 pid=$3 t0 t1 c0 c1
  shift 3
  c0=$(cpu_ticks "$pid")
  t0=$(date +%s.%N)
  local TIMEFORMAT='%R %U %S' wrk_rc=0
  { time taskset -c "$client_cpu" wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" \
    --latency "$@" "$url" >"$log" 2>&1 || wrk_rc=$?; } 2>"$log.time"
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

declare -A rps p50 p99 cpu wrk_cpu  # key "server/target/encoding/round"

# What runs: every target in identity for every server; in gzip for nginx and this build with its
# cache on (the only ones that compress: the baseline never does, and a cache-off render is sent
# as is, since compressing per request is what the cache exists to avoid).
runs=()
for t in "${targets[@]}"; do
  for name in nginx "${servers[@]}"; do runs+=("$name/$t/identity"); done
  runs+=("nginx/$t/gzip" "new-cache/$t/gzip")
done

wrk_args_for() { [[ "$1" == gzip ]] && echo "-H" "Accept-Encoding: gzip"; }

if ((warmup > 0)); then
  for run in "${runs[@]}"; do
    IFS=/ read -r name t enc <<<"$run"
    if [[ "$enc" == gzip ]]; then
      taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${warmup}s" -H 'Accept-Encoding: gzip' \
        "$(target_url "$name" "$t")" >/dev/null
    else
      taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${warmup}s" \
        "$(target_url "$name" "$t")" >/dev/null
    fi
  done
fi
for ((r = 1; r <= rounds; r++)); do
  for run in "${runs[@]}"; do
    IFS=/ read -r name t enc <<<"$run"
    k="$run/$r"
    extra=()
    [[ "$enc" == gzip ]] && extra=(-H 'Accept-Encoding: gzip')
    read -r "rps[$k]" "p50[$k]" "p99[$k]" "cpu[$k]" "wrk_cpu[$k]" \
      < <(run_wrk "$(target_url "$name" "$t")" "$tmp/wrk-${run//\//-}-$r.log" "${pids[$name]}" \
        "${extra[@]}") || true
    [[ -n "${cpu[$k]:-}" ]] || die "run $k failed"
    echo "http_bench: round $r $run: ${rps[$k]} req/s, p50 ${p50[$k]} ms, p99 ${p99[$k]} ms," \
      "CPU: server ${cpu[$k]} %, wrk ${wrk_cpu[$k]} %" >&2
  done
done
declare -A rss_kib
for name in nginx "${servers[@]}"; do rss_kib[$name]=$(peak_rss_kib "${pids[$name]}"); done

# ---------------------------------------------------------------------------------------------
# Cache correctness after the measurements (it writes to the store): with the page cache on, a
# post's page and JSON are read (and so cached), the post is edited through the API, and the
# next reads must show the edit, also at the old address (the slug follows the title).
jget() { # jget FILE KEY... : the value at that path of a JSON file
  python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v[k]
print(v)' "$@"
}

api() { # api METHOD PATH OUT [TOKEN] [JSON]: prints the status
  local args=(-sS -o "$3" -w '%{http_code}' -X "$1")
  [[ -z "${4:-}" ]] || args+=(-H "Authorization: Bearer $4")
  [[ -z "${5:-}" ]] || args+=(-H 'Content-Type: application/json' --data-binary "$5")
  curl "${args[@]}" "$new_url$2"
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
    code=$(api GET / "$c/home-before.html")
    [[ "$code" == 200 ]] || die "cache check: GET / answered $code"
  done
  grep -q 'Bench cache check before' "$c/page-before.html" || die "cache check: page lacks the title"
  grep -q 'Bench cache check before' "$c/home-before.html" || die "cache check: home lacks the new post"
  code=$(api PATCH "/api/v1/posts/$id" "$c/edit.json" "$token" \
    '{"revision":1,"title":"Bench cache check after"}')
  [[ "$code" == 200 ]] || die "cache check: edit answered $code: $(cat "$c/edit.json")"
  new_path=$(jget "$c/edit.json" post url)
  new_path=/${new_path#*://*/}
  code=$(api GET "$new_path" "$c/page-after.html")
  [[ "$code" == 200 ]] || die "cache check: GET $new_path after the edit answered $code"
  grep -q 'Bench cache check after' "$c/page-after.html" || die "cache check: stale page after an edit"
  code=$(api GET / "$c/home-after.html")
  grep -q 'Bench cache check after' "$c/home-after.html" || die "cache check: stale home after an edit"
  code=$(api GET "/api/v1/posts/$id" "$c/json-after.json")
  [[ "$code" == 200 && "$(jget "$c/json-after.json" post title)" == "Bench cache check after" ]] ||
    die "cache check: stale JSON after an edit"
  if [[ "$old_path" != "$new_path" ]]; then
    code=$(api GET "$old_path" "$c/page-old-path.html")
    [[ "$code" == 301 ]] || die "cache check: the old address answered $code after the edit, not 301"
  fi
}
check_invalidation

# ---------------------------------------------------------------------------------------------
# Results.
status=0
out "## Results"
out ""
out "Medians of $rounds runs. × nginx = median of the per-round ratios of req/s (each round runs"
out "every server back to back, so slow drift of the machine cancels). CPU % = the server's CPU"
out "time (all threads) over the run's wall time: on a quiet machine the server is near 100 %."
out "req/CPU-s = req/s ÷ the server's share: the work per CPU-second, comparable even when other"
out "load steals the core; its × nginx is also the median of per-round ratios."
out ""
out "| target | encoding | server | req/s | p50 ms | p99 ms | CPU % | wrk CPU % | req/CPU-s | × nginx | × nginx per CPU-s | peak RSS |"
out "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A ratio_of
per_cpu() { awk -v r="$1" -v c="$2" 'BEGIN { printf "%.0f", (c > 0 ? r / (c / 100) : 0) }'; }
label_of() {
  case "$1" in
    nginx) echo "nginx" ;;
    new-cache) echo "Plaza, cache on" ;;
    new-nocache) echo "Plaza, cache off" ;;
    base-cache) echo "baseline $base_commit, cache on" ;;
    base-nocache) echo "baseline $base_commit, cache off" ;;
  esac
}
for run in "${runs[@]}"; do
  IFS=/ read -r name t enc <<<"$run"
  vals_rps=() vals_p50=() vals_p99=() vals_cpu=() vals_wrk=() vals_eff=() ratios=() eff_ratios=()
  for ((r = 1; r <= rounds; r++)); do
    k="$run/$r" n="nginx/$t/$enc/$r"
    vals_rps+=("${rps[$k]}")
    vals_p50+=("${p50[$k]}")
    vals_p99+=("${p99[$k]}")
    vals_cpu+=("${cpu[$k]}")
    vals_wrk+=("${wrk_cpu[$k]}")
    vals_eff+=("$(per_cpu "${rps[$k]}" "${cpu[$k]}")")
    ratios+=("$(awk -v a="${rps[$k]}" -v b="${rps[$n]}" 'BEGIN { printf "%.3f", a / b }')")
    eff_ratios+=("$(awk -v a="$(per_cpu "${rps[$k]}" "${cpu[$k]}")" \
      -v b="$(per_cpu "${rps[$n]}" "${cpu[$n]}")" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')")
  done
  ratio_of[$run]=$(median "${ratios[@]}")
  ratio="" eff=""
  if [[ "$name" != nginx ]]; then
    ratio=$(printf '%.2f' "${ratio_of[$run]}")
    eff=$(printf '%.2f' "$(median "${eff_ratios[@]}")")
  fi
  declare -g "med_${name//-/_}_${t}_${enc}=$(median "${vals_rps[@]}")"
  declare -g "eff_${name//-/_}_${t}_${enc}=$(median "${vals_eff[@]}")"
  rss=$(awk -v k="${rss_kib[$name]}" 'BEGIN { printf "%.1f MB", k / 1024 }')
  out "| ${what[$t]} | $enc | $(label_of "$name") | $(printf '%.0f' "$(median "${vals_rps[@]}")") |" \
    "$(median "${vals_p50[@]}") | $(median "${vals_p99[@]}") | $(median "${vals_cpu[@]}") |" \
    "$(median "${vals_wrk[@]}") | $(median "${vals_eff[@]}") | $ratio | $eff | $rss |"
done
out ""
low_cpu=$(for k in "${!cpu[@]}"; do echo "${cpu[$k]}"; done | awk '$1 < 90 { n++ } END { print n + 0 }')
if ((low_cpu > 0)); then
  out "WARNING: in $low_cpu of ${#cpu[@]} runs the server used under 90 % of its core: it was"
  out "starved (other load on core $server_cpu) or not the bottleneck; compare per CPU-second."
  out ""
fi
out "Peak RSS is VmHWM of each server process after all its runs (MB = MiB)."
out ""

verdict() { # verdict NAME OK(0/1) DETAIL
  if [[ "$2" == 1 ]]; then
    out "- met: $1 ($3)"
  else
    out "- MISSED: $1 ($3)"
    status=1
  fi
}
at_least() { awk -v x="$1" -v y="$2" 'BEGIN { print (x >= y) }'; }
out "## Targets (identity, against nginx in the same rounds)"
out ""
for t in page json; do
  x=${ratio_of[new-cache/$t/identity]}
  verdict "${what[$t]}, cache on ≥ 1.0 × nginx" "$(at_least "$x" 1.0)" "$x ×"
  x=${ratio_of[new-nocache/$t/identity]}
  verdict "${what[$t]}, cache off ≥ 0.5 × nginx" "$(at_least "$x" 0.5)" "$x ×"
  x=${ratio_of[new-cache/$t/gzip]}
  out "- ${what[$t]}, cache on, gzip: $x × nginx gzip_static"
done
if [[ -n "$base_bin" ]]; then
  speedup=$(awk -v a="$med_new_nocache_home_identity" -v b="$med_base_nocache_home_identity" \
    'BEGIN { printf "%.2f", a / b }')
  verdict "home page uncached ≥ 3 × the baseline" "$(at_least "$speedup" 3)" \
    "$(printf '%.0f' "$med_new_nocache_home_identity") against $(printf '%.0f' "$med_base_nocache_home_identity") req/s: $speedup ×"
  out "- home page uncached per CPU-second: $(awk -v a="$eff_new_nocache_home_identity" \
    -v b="$eff_base_nocache_home_identity" 'BEGIN { printf "%.2f", a / b }') × the baseline" \
    "(the figure to read when the machine was not quiet)"
fi
out "- peak RSS of Plaza (cache on): $(awk -v k="${rss_kib[new-cache]}" 'BEGIN { printf "%.1f MB", k / 1024 }')"
out ""
out "Cache check (page cache on): a new post shows on the cached home page; read twice, edited"
out "through the API, then read again, its page, JSON and the home page show the edit, and its"
out "old address redirects: passed."
out ""
out "Load average at the end (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${BENCH_STRICT:-0}" == 1 ]]; then exit "$status"; fi
exit 0
