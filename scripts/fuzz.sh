#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang-19, ASan + UBSan) and runs each one for a
# bounded time from its seed corpus (fuzz/corpus/<name>/) with a fixed seed. Any crash, hang,
# leak or broken property fails the run; the input is kept in build/fuzz/findings/.
#   scripts/fuzz.sh                      every target, a fixed number of runs each (the smoke run
#                                        of the test command: the same inputs on every machine, so
#                                        a failure is a finding, never luck; about 5 s a target)
#   FUZZ_SECONDS=60 scripts/fuzz.sh json one target for a time instead (docs/security.md); such
#                                        runs explore further and differ from run to run
# New inputs found go to a temporary directory, never into the committed corpus; FUZZ_KEEP=1
# keeps it (merge worthwhile ones by hand with -merge=1). Prints one line of figures per target.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-}
# Runs per target for the smoke run: about five seconds of each at the rates docs/security.md
# lists for a 2-core machine.
declare -A smoke_runs=([http_request]=20000 [http_wire]=30000 [json]=30000 [markdown]=6000
                       [cashtags]=40000 [locales]=100000 [sse]=40000 [catalog]=20000 [config]=800)
jobs=${FUZZ_JOBS:-2}
all=(http_request http_wire json markdown cashtags locales sse catalog config)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

if [[ ${FUZZ_NO_BUILD:-0} != 1 ]]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$jobs" >/dev/null
elif [[ ! -x build/fuzz/fuzz/${all[0]}_fuzz ]]; then
  echo "fuzz: no fuzz build in build/fuzz: run scripts/fuzz.sh (or scripts/test.sh) first" >&2
  exit 77  # ctest: skipped
fi

findings=build/fuzz/findings
mkdir -p "$findings"
work=$(mktemp -d /tmp/plaza-fuzz.XXXXXX)
[[ ${FUZZ_KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
failed=()
printf '%-12s %8s %10s %7s %7s %6s\n' target bound execs exec/s cov ft
for t in "${targets[@]}"; do
  bin=build/fuzz/fuzz/${t}_fuzz
  mkdir -p "$work/$t"
  log=$work/$t.log
  # -timeout: one input running longer than this is a hang (a finding, not noise: inputs are
  # at most -max_len bytes). ASan's leak check stays on.
  if [[ -n $seconds ]]; then bound=(-max_total_time="$seconds"); else bound=(-runs="${smoke_runs[$t]}"); fi
  if ! "$bin" -seed=1 "${bound[@]}" -timeout=25 -rss_limit_mb=2048 \
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
  printf "%-12s %8s %10s %7s %7s %6s\n" "$t" "${seconds:-${smoke_runs[$t]}r}" "${execs:-?}" \
    "${rate:-?}" "${cov:-?}" \
    "${ft:-?}"
done
if ((${#failed[@]})); then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
