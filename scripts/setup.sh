#!/usr/bin/env bash
# Installs the Debian packages Plaza needs. Idempotent: installs only what is missing.
#   scripts/setup.sh          build and run dependencies
#   scripts/setup.sh --test   plus what the test command needs (PostgreSQL, Chromium, Node.js)
#   scripts/setup.sh --bench  plus what the benchmark needs (wrk, nginx)
set -euo pipefail

build_pkgs=(
  g++ cmake ninja-build pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libicu-dev libsqlite3-dev libpq-dev libcld2-dev libmd4c-dev
  libkainjow-mustache-dev libqrencode-dev libsodium-dev libcurl4-openssl-dev
  libtomlplusplus-dev libspdlog-dev libfmt-dev zlib1g-dev
  # Offline translation (docs/translation.md): Apertium (apertium-wblank-mode is in it) and
  # its pairs; OpenCC's command and libopencc.
  apertium apertium-eng-spa apertium-fr-es apertium-es-pt opencc libopencc-dev
)
test_pkgs=(
  libgtest-dev libgmock-dev libbenchmark-dev clang-format-19 clang-tidy-19
  clang-19 libclang-rt-19-dev
  postgresql-15 chromium fonts-noto-cjk default-jre-headless
)
# cmark-gfm: bench/markdown compares md4c with it; linux-perf: profiles for bench/README.md.
bench_pkgs=(wrk nginx-light util-linux procps linux-perf libcmark-gfm-dev libcmark-gfm-extensions-dev)

want=("${build_pkgs[@]}")
for arg in "$@"; do
  case "$arg" in
    --test) want+=("${test_pkgs[@]}") ;;
    --bench) want+=("${bench_pkgs[@]}") ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
# Node.js and npm for the browser tests: this machine's apt may carry a Node.js that bundles npm;
# plain Debian 12 has them as two packages.
if [[ " $* " == *" --test "* ]] && ! command -v npm >/dev/null 2>&1; then
  want+=(nodejs npm)
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
