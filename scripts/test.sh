#!/usr/bin/env bash
# Installs what is missing, builds (debug: ASan + UBSan, -Werror) and runs every test
# suite. Prints each stage's time and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LOGDIR=$(mktemp -d /tmp/chamado-test.XXXXXX)
passed=0
failed=0
stage_start=0
start() { stage_start=$(date +%s); echo "== $1"; }
done_stage() { echo "== $1: $(( $(date +%s) - stage_start )) s"; }

start "install dependencies"
bash scripts/install-deps.sh --test || { echo "dependency install failed"; echo "0 passed, 1 failed"; exit 1; }
done_stage "install dependencies"

start "layering and format checks"
if bash scripts/check-layers.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if bash scripts/check-format.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done_stage "layering and format checks"

start "build (ci preset: debug, sanitizers, -Werror)"
if ! { cmake --preset ci >"$LOGDIR/configure.log" 2>&1 && cmake --build build/ci -j"$(nproc)" >"$LOGDIR/build.log" 2>&1; }; then
  tail -n 50 "$LOGDIR/configure.log" "$LOGDIR/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi
done_stage "build"

start "unit and integration tests (ctest)"
(cd build/ci && ctest -j2 --output-on-failure --timeout 600) >"$LOGDIR/ctest.log" 2>&1
tail -40 "$LOGDIR/ctest.log"
summary=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$LOGDIR/ctest.log" | tail -1)
if [[ -n "$summary" ]]; then
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
  f=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$summary")
  passed=$((passed + total - f))
  failed=$((failed + f))
else
  failed=$((failed + 1))
fi
done_stage "ctest"

if [[ -d tests/node ]]; then
  start "node-zendesk client tests"
  if (cd tests/node && npm ci --no-audit --no-fund --loglevel=error >"$LOGDIR/npm.log" 2>&1); then
    CHAMADO_BIN="$ROOT/build/ci/src/main/chamado" node --test tests/node/ >"$LOGDIR/node.log" 2>&1
    tail -30 "$LOGDIR/node.log"
    np=$(grep -E "^# pass [0-9]+" "$LOGDIR/node.log" | awk '{print $3}')
    nf=$(grep -E "^# fail [0-9]+" "$LOGDIR/node.log" | awk '{print $3}')
    passed=$((passed + ${np:-0}))
    failed=$((failed + ${nf:-1}))
  else
    tail -20 "$LOGDIR/npm.log"
    failed=$((failed + 1))
  fi
  done_stage "node-zendesk"
fi

echo "logs: $LOGDIR"
echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
