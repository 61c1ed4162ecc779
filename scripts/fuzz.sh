#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang (ASan + UBSan) and runs each for
# SECONDS (default 60), seeded with the bundled corpus and the fixtures. A crashing input is
# written to tests/fuzz/regressions/ (replayed by the test suite from then on) and the script
# exits non-zero. Needs clang and libclang-rt-14-dev (Debian 12).
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(parse_document_fuzzer text_units_fuzzer search_fuzzer)

for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$p"
  }
done
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKARTA_FUZZ=ON \
  -DKARTA_BUILD_TESTS=OFF > /dev/null
cmake --build build-fuzz -j2 --target "${harnesses[@]}"

mkdir -p tests/fuzz/regressions
status=0
for h in "${harnesses[@]}"; do
  work=$(mktemp -d)
  seeds=(corpus tests/fixtures/formats tests/fixtures/layouts tests/fixtures/hostile)
  [[ $h == search_fuzzer ]] && seeds=()
  echo "fuzz: $h for ${seconds}s" >&2
  case $h in
    parse_document_fuzzer) max_len=262144 ;;  # a whole document
    text_units_fuzzer) max_len=256 ;;         # a word, a deadline, an agency name
    *) max_len=4096 ;;                        # a query
  esac
  if ! ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp \
      "build-fuzz/tests/fuzz/$h" -max_total_time="$seconds" \
      -timeout=20 -rss_limit_mb=4096 -max_len="$max_len" -print_final_stats=1 \
      -artifact_prefix=tests/fuzz/regressions/ "$work" "${seeds[@]}" 2> "$work.log"; then
    status=1
    tail -40 "$work.log" >&2
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|cov: " "$work.log" | tail -3 >&2 || true
  rm -rf "$work" "$work.log"
done
exit $status
