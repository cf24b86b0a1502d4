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
# Adds the counts of ctest's summary line in log $1 to the totals; no summary: one failure.
count_ctest() {
  local summary total f
  summary=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$1" | tail -1)
  if [[ -n "$summary" ]]; then
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
    f=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$summary")
    passed=$((passed + total - f))
    failed=$((failed + f))
  else
    failed=$((failed + 1))
  fi
}

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

# A private clamd with one test signature (scripts/clamd-test.sh) for the virus-scan tests of
# both ctest runs: CHAMADO_TEST_CLAMD names its socket. Not starting is a failure, not a skip.
source scripts/clamd-test.sh
source scripts/mail-test.sh
trap 'clamd_down; mail_down' EXIT
if ! clamd_up >"$LOGDIR/clamd-up.log" 2>&1; then
  cat "$LOGDIR/clamd-up.log"
  failed=$((failed + 1))
fi
# ---- e-mail: a private Postfix (SMTP in, pipe to `chamado mailgate`) and Dovecot (IMAP) on
# loopback for the mail integration tests; they share them, one test at a time per suite.
export CHAMADO_MAILGATE_BIN="$ROOT/build/ci/src/main/chamado"
if ! mail_up >"$LOGDIR/mail-up.log" 2>&1; then
  cat "$LOGDIR/mail-up.log"
  failed=$((failed + 1))
fi

start "unit and integration tests (ctest)"
(cd build/ci && ctest -j2 --output-on-failure --timeout 600) >"$LOGDIR/ctest.log" 2>&1
tail -40 "$LOGDIR/ctest.log"
count_ctest "$LOGDIR/ctest.log"
done_stage "ctest"

# The same integration tests (ctest label "pg") on the PostgreSQL store: a throw-away cluster,
# one fresh database per test (the harness creates it from CHAMADO_TEST_PG).
start "ctest on PostgreSQL"
source scripts/pg-cluster.sh
trap 'pg_down; clamd_down; mail_down' EXIT # the cluster (and clamd, mail) go away however this script ends
trap 'exit 130' INT TERM
if pg_up >"$LOGDIR/pg-up.log" 2>&1; then
  (cd build/ci && ctest -j2 -L '^pg$' --output-on-failure --timeout 600) >"$LOGDIR/ctest-pg.log" 2>&1
  tail -40 "$LOGDIR/ctest-pg.log"
  count_ctest "$LOGDIR/ctest-pg.log"
else
  cat "$LOGDIR/pg-up.log"
  failed=$((failed + 1))
fi
pg_down
clamd_down
mail_down
trap - EXIT INT TERM
done_stage "ctest on PostgreSQL"

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

# Adds "N passed, N failed" from the last such line of log $1; none: one failure.
count_summary() {
  local line
  line=$(grep -E "^[0-9]+ passed, [0-9]+ failed$" "$1" | tail -1)
  if [[ -n "$line" ]]; then
    passed=$((passed + $(cut -d' ' -f1 <<<"$line")))
    failed=$((failed + $(cut -d' ' -f3 <<<"$line")))
  else
    failed=$((failed + 1))
  fi
}

# ---- portal (issue 9): the web app's unit tests (Vitest), then the end-to-end stories in
# Debian's Chromium against the CI binary, which embeds the portal (cmake/web.cmake).
start "portal unit tests (vitest)"
(cd web && bash scripts/ensure-deps.sh && npx vitest run --reporter=default --reporter=json \
  --outputFile.json="$LOGDIR/vitest.json") >"$LOGDIR/vitest.log" 2>&1
node -e 'try { const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests + (r.numFailedTestSuites || 0)} failed`); } catch { console.log("0 passed, 1 failed"); }' \
  "$LOGDIR/vitest.json" >>"$LOGDIR/vitest.log"
tail -5 "$LOGDIR/vitest.log"
count_summary "$LOGDIR/vitest.log"
done_stage "portal unit tests"

start "portal end-to-end (Playwright, Debian Chromium)"
bash scripts/e2e.sh "$ROOT/build/ci/src/main/chamado" "$LOGDIR/e2e-artifacts" >"$LOGDIR/e2e.log" 2>&1
tail -40 "$LOGDIR/e2e.log"
count_summary "$LOGDIR/e2e.log"
echo "screenshots (desktop and phone width): $LOGDIR/e2e-artifacts"
done_stage "portal end-to-end"

if [[ -f scripts/fuzz.sh ]]; then
  start "MIME fuzzer (libFuzzer, bounded run)"
  if bash scripts/fuzz.sh "${CHAMADO_FUZZ_SECONDS:-30}" >"$LOGDIR/fuzz.log" 2>&1; then
    passed=$((passed + 1))
  else
    tail -30 "$LOGDIR/fuzz.log"
    failed=$((failed + 1))
  fi
  done_stage "MIME fuzzer"
fi

echo "logs: $LOGDIR"
echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
