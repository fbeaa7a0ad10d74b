#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang-19, ASan + UBSan) and runs each one for a
# bounded time from its seed corpus (fuzz/corpus/<name>/) with a fixed seed. Any crash, hang,
# leak or broken property fails the run; the input is kept in build/fuzz/findings/.
#   scripts/fuzz.sh                      every target, FUZZ_SECONDS (default 6) each
#   FUZZ_SECONDS=60 scripts/fuzz.sh json every option, one target, longer (docs/security.md)
# New inputs found go to a temporary directory, never into the committed corpus; FUZZ_KEEP=1
# keeps it (merge worthwhile ones by hand with -merge=1). Prints one line of figures per target.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-6}
jobs=${FUZZ_JOBS:-2}
all=(http_request http_wire json markdown cashtags locales sse catalog config)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" >/dev/null

findings=build/fuzz/findings
mkdir -p "$findings"
work=$(mktemp -d /tmp/plaza-fuzz.XXXXXX)
[[ ${FUZZ_KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
failed=()
printf '%-12s %8s %10s %7s %7s %6s\n' target seconds execs exec/s cov ft
for t in "${targets[@]}"; do
  bin=build/fuzz/fuzz/${t}_fuzz
  mkdir -p "$work/$t"
  log=$work/$t.log
  # -timeout: one input running longer than this is a hang (a finding, not noise: inputs are
  # at most -max_len bytes). ASan's leak check stays on.
  if ! "$bin" -seed=1 -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
      -max_len="${FUZZ_MAX_LEN:-4096}" -print_final_stats=1 \
      -artifact_prefix="$findings/$t-" "$work/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    failed+=("$t")
    echo "fuzz: $t FAILED; input in $findings/, log:" >&2
    tail -n 40 "$log" >&2
  fi
  done_line=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  printf '%-12s %8s %10s %7s %7s %6s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}"
done
if ((${#failed[@]})); then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
