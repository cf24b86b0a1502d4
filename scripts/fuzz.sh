#!/usr/bin/env bash
# Fuzzes the inbound MIME parser with libFuzzer (docs/email.md "Fuzzing").
#   scripts/fuzz.sh [seconds]     (default 30; scripts/test.sh runs it bounded)
# Builds tests/fuzz/mime_fuzz with clang (-fsanitize=fuzzer,address) into build/fuzz, seeds it
# with tests/mail/corpus, runs for the given time on one core, and exits non-zero when it
# found a crash, a leak or a timeout (the input is kept in build/fuzz/artifacts/).
# Env: CHAMADO_FUZZ_CXX / CHAMADO_FUZZ_CC (default clang++-14 / clang-14), CHAMADO_FUZZ_JOBS
# (compile jobs, default 1), CHAMADO_BUILD_LOCK (a file to flock around the compile).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
build=build/fuzz
cxx="${CHAMADO_FUZZ_CXX:-clang++-14}"
cc="${CHAMADO_FUZZ_CC:-clang-14}"
command -v "$cxx" >/dev/null || { echo "fuzz.sh: $cxx not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

if [[ ! -f $build/build.ninja ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG= \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCHAMADO_FUZZ=ON -DCHAMADO_TESTS=OFF >/dev/null
fi
build_cmd=(cmake --build "$build" -j"${CHAMADO_FUZZ_JOBS:-1}" --target mime_fuzz)
if [[ -n ${CHAMADO_BUILD_LOCK:-} ]]; then
  flock "$CHAMADO_BUILD_LOCK" "${build_cmd[@]}"
else
  "${build_cmd[@]}"
fi

# The working corpus grows across runs; the fixtures seed it (read only).
mkdir -p "$build/corpus" "$build/artifacts"
seeds="$build/seeds"
rm -rf "$seeds" && mkdir -p "$seeds" && cp tests/mail/corpus/*.eml "$seeds/"
echo "fuzz.sh: running mime_fuzz for ${seconds}s (corpus $build/corpus, seeds tests/mail/corpus)"
exec "$build/tests/fuzz/mime_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=262144 -dict=tests/fuzz/mime.dict -artifact_prefix="$build/artifacts/" -print_final_stats=1 \
  "$build/corpus" "$seeds"
