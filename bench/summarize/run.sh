#!/usr/bin/env bash
# Builds and runs the summarizer evaluation: ROUGE of the extractive engine against Lead-3 on the
# BBC News Summary set (read where it lies, never copied), then the Google Benchmark of the
# engine on a 1,000-word article. No network.
#
#   bench/summarize/run.sh                      # everything, Release build in build/summarize-bench
#   SUMMARIZE_DATA=/path/to/bbc-news-summary bench/summarize/run.sh
#   SUMMARIZE_SKIP_BENCH=1 bench/summarize/run.sh --category business --set damping=0.85
#
# Extra arguments go to plaza_rouge_eval (--category NAME, --sentences N, --set key=value, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${SUMMARIZE_BUILD_DIR:-$root/build/summarize-bench}
data=${SUMMARIZE_DATA:-$root/../shared/data/bbc-news-summary}
jobs=${BENCH_JOBS:-2}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLAZA_BUILD_TESTS=OFF \
  -DPLAZA_BUILD_BENCH=ON >/dev/null
targets=(plaza_rouge_eval)
[[ "${SUMMARIZE_SKIP_BENCH:-0}" == 1 ]] || targets+=(summarize_bench)
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

echo "## Machine"
echo
lscpu | sed -n 's/^Model name:[[:space:]]*/- CPU: /p'
echo "- cores: $(nproc)"
echo "- load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

echo "## ROUGE (3 sentences) against Lead-3"
echo
"$build/bench/summarize/plaza_rouge_eval" --data "$data" "$@"
echo

if [[ " $* " != *" --sentences "* ]]; then
  echo "## ROUGE of the product's summaries (2-3 sentences, 400 characters) against the lead"
  echo
  "$build/bench/summarize/plaza_rouge_eval" --data "$data" --sentences 0 "$@"
  echo
fi

if [[ "${SUMMARIZE_SKIP_BENCH:-0}" != 1 ]]; then
  echo "## Google Benchmark (median of 10 repetitions)"
  echo
  "$build/bench/summarize/summarize_bench" --benchmark_repetitions=10 \
    --benchmark_report_aggregates_only=true --benchmark_display_aggregates_only=true
fi
