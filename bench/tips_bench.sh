#!/usr/bin/env bash
# Tips per second through the HTTP API (issue 11, docs/rewards.md): wrk with BENCH_CLIENTS (32)
# connections posting tips, each with its own Idempotency-Key, for BENCH_SECONDS (10) per run,
# BENCH_RUNS (3) runs, median reported. Two shapes: one hot wallet (every tip from one member)
# and many wallets (BENCH_CLIENTS members, round robin). SQLite with
# storage.sqlite_synchronous = "full"; PostgreSQL too when BENCH_PG holds a conninfo URI
# (its synchronous_commit is printed). `plaza ledger verify` runs after each backend.
# Loopback only; timings are reported, never asserted.
#
#   PLAZA_BIN=build/test/src/app/plaza bench/tips_bench.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
clients=${BENCH_CLIENTS:-32}
plaza_bin=${PLAZA_BIN:-$repo/build/release/src/app/plaza}
[[ -x "$plaza_bin" ]] || { echo "tips_bench: no plaza binary at $plaza_bin" >&2; exit 1; }
while read -r name; do unset "$name"; done < <(compgen -e | grep '^PLAZA_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plaza-tips.XXXXXX")
pid=
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

api() {  # METHOD PATH BODY [TOKEN]
  curl -sS -X "$1" "$url$2" -H 'Content-Type: application/json' \
    ${4:+-H "Authorization: Bearer $4"} -d "$3"
}

bench_backend() {  # NAME STORAGE-ARGS...
  local name=$1; shift
  local data="$tmp/data-$name"
  mkdir -p "$data"
  cat > "$tmp/bench.toml" <<TOML
[storage]
sqlite_synchronous = "full"
[limits]
register_per_address = "100000/60"
posts_per_user = "100000/60"
TOML
  "$plaza_bin" serve --config "$tmp/bench.toml" --listen 127.0.0.1:0 --data "$data" "$@" \
    > "$tmp/out" 2> "$tmp/err" &
  pid=$!
  for _ in $(seq 100); do grep -q listening "$tmp/out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$tmp/out")
  [[ -n "$url" ]] || { cat "$tmp/err" >&2; exit 1; }
  local author=$(api POST /api/v1/auth/register \
    '{"handle":"bench_author","password":"correct horse battery staple","display_name":"A"}' |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  local post=$(api POST /api/v1/posts '{"title":"Tip me","body":"Bench."}' "$author" |
    sed -n 's/.*"post":{"id":\([0-9]*\).*/\1/p')
  local tokens=()
  for i in $(seq "$clients"); do
    tokens+=("$(api POST /api/v1/auth/register \
      "{\"handle\":\"bench_$i\",\"password\":\"correct horse battery staple\",\"display_name\":\"B\"}" |
      sed -n 's/.*"token":"\([^"]*\)".*/\1/p')")
    "$plaza_bin" ledger grant --config "$tmp/bench.toml" --data "$data" "$@" --user "bench_$i" \
      --asset PTS --amount 1000000 --reason bench > /dev/null
  done
  echo "### $name"
  [[ "$name" == postgresql ]] &&
    echo "- synchronous_commit: $(psql "$BENCH_PG" -Atc 'SHOW synchronous_commit'), fsync: $(psql "$BENCH_PG" -Atc 'SHOW fsync')"
  for shape in hot many; do
    local list=${tokens[0]}
    [[ $shape == many ]] && list=$(IFS=,; echo "${tokens[*]}")
    local rates=()
    for r in $(seq "$runs"); do
      TIPS_TOKENS=$list TIPS_POST=$post wrk -t 4 -c "$clients" -d "${seconds}s" \
        -s "$repo/bench/tips.lua" "$url" > "$tmp/wrk" 2>&1
      rates+=("$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk")")
      echo "- $shape wallet(s), run $r: ${rates[-1]} tips/s; $(grep -E '^status|^p50' "$tmp/wrk" | paste -sd ';' -)"
    done
    local median=$(printf '%s\n' "${rates[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
    echo "- **$shape: median $median tips/s** ($clients clients, ${seconds}s runs)"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "- verify: $("$plaza_bin" ledger verify --config "$tmp/bench.toml" --data "$data" "$@")"
}

echo "## Machine"
echo "- $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), nproc $(nproc)," \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
[[ "${BENCH_SKIP_SQLITE:-0}" == 1 ]] || bench_backend sqlite
if [[ -n "${BENCH_PG:-}" ]]; then bench_backend postgresql --storage "$BENCH_PG"; fi
