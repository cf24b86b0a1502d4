#!/usr/bin/env bash
# End-to-end suite of the customer portal (issue 9): Playwright + Debian's Chromium against the
# real binary.
#
#   bash scripts/e2e.sh BIN [OUTDIR] [PLAYWRIGHT ARGS...]
#
# Starts BIN on a fresh data dir under /tmp (migrate, demo, serve on 127.0.0.1:0), exports to the
# tests PORTAL_URL / API_URL, the agent's API token, the mail dir (DATA/mail-out, .eml files),
# runs `npx playwright test` in web/, copies the screenshots (and failure screenshots) to OUTDIR
# (default /tmp/chamado-e2e-artifacts), stops the server whatever happens, and ends with one line
# `N passed, N failed`. Exit code 0 only when nothing failed.
#
# Environment:
#   E2E_WEB_DIR=DIR   passed to `serve --web DIR` (serve a built web/dist instead of the embedded one);
#                     unset and the binary has no embedded portal: web/dist is served when it exists
#   E2E_VITE=1        put the Vite dev server (web/, proxying the API) in front instead; no CSP there
#   PORTAL_URL=URL    test this portal instead (it must talk to this very server)
#   CHROMIUM=PATH     the browser (default /usr/bin/chromium; never a downloaded one)
set -uo pipefail

BIN=${1:?usage: scripts/e2e.sh BIN [OUTDIR] [playwright args...]}
OUT=${2:-/tmp/chamado-e2e-artifacts}
shift $(( $# >= 2 ? 2 : 1 ))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[[ $BIN == /* ]] || BIN=$PWD/$BIN

D=$(mktemp -d /tmp/chamado-e2e.XXXXXX)
SERVER_PID=
VITE_PID=
RESULTS=$D/results
mkdir -p "$RESULTS" "$OUT"
rm -rf "$OUT/failures" "$OUT"/desktop-*.png "$OUT"/phone-*.png "$OUT/results.json" "$OUT/server.log"

stop() {
  for pid in $VITE_PID $SERVER_PID; do
    [[ -n $pid ]] || continue
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      [[ $(ps -o stat= -p "$pid" 2>/dev/null) == Z* ]] && break # exited, not yet reaped
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  VITE_PID= SERVER_PID=
}
finish() {
  local rc=$?
  stop
  [[ -f $D/serve.log ]] && cp "$D/serve.log" "$OUT/server.log"
  rm -rf "$D"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM

crash() { # a failure before any test ran
  echo "e2e: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

[[ -x $BIN ]] || crash "no binary at $BIN"
[[ -x $ROOT/web/node_modules/.bin/playwright ]] || crash "no @playwright/test in web/node_modules: (cd web && npm ci)"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || crash "no Chromium at $CHROMIUM (apt-get install chromium)"
export CHROMIUM

"$BIN" migrate --data "$D/data" >"$D/migrate.log" 2>&1 || { cat "$D/migrate.log" >&2; crash "migrate failed"; }
"$BIN" demo --data "$D/data" >"$D/demo.txt" 2>&1 || { cat "$D/demo.txt" >&2; crash "demo failed"; }

token_of() { grep -F "$1" "$D/demo.txt" | grep -o 'API token: [^[:space:]]*' | head -1 | cut -d' ' -f3; }
AGENT_EMAIL=ana.souza@chamado.local
AGENT_TOKEN=$(token_of "$AGENT_EMAIL")
[[ -n $AGENT_TOKEN ]] || { cat "$D/demo.txt" >&2; crash "no API token for $AGENT_EMAIL in the demo's output"; }
CUSTOMER_PASSWORD=$(grep -F carla@cliente.com.br "$D/demo.txt" | grep -o 'password: [^[:space:]]*' | head -1 | cut -d' ' -f2)
export AGENT_EMAIL AGENT_TOKEN CUSTOMER_PASSWORD="${CUSTOMER_PASSWORD:-customer-demo-2026}"
export CARLA_TOKEN=$(token_of carla@cliente.com.br) DIEGO_TOKEN=$(token_of diego@cliente.mx) EMMA_TOKEN=$(token_of emma@customer.example)

has_web_flag() { "$BIN" serve --help 2>&1 | grep -q -- --web; }
start_server() { # [WEB_DIR]
  local args=(serve --data "$D/data" --listen 127.0.0.1:0)
  [[ -n ${1:-} ]] && args+=(--web "$1")
  rm -f "$D/serve.log" # a restart must not read the previous server's address
  setsid "$BIN" "${args[@]}" >"$D/serve.log" 2>&1 &
  SERVER_PID=$!
  API_URL=
  for _ in $(seq 300); do
    API_URL=$(head -1 "$D/serve.log" 2>/dev/null | grep -o 'http://[0-9.]*:[0-9]*' || true)
    [[ -n $API_URL ]] && return 0
    kill -0 $SERVER_PID 2>/dev/null || { cat "$D/serve.log" >&2; crash "the server exited"; }
    sleep 0.1
  done
  cat "$D/serve.log" >&2
  crash "the server did not say 'listening on' within 30 s"
}
serves_portal() { [[ $(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$1/" || true) == 200\ text/html* ]]; }

if [[ -n ${E2E_WEB_DIR:-} ]]; then
  has_web_flag || crash "E2E_WEB_DIR is set but '$BIN serve' has no --web"
  start_server "$E2E_WEB_DIR"
else
  start_server
  # A binary built without the embedded portal (CHAMADO_WEB_EMBEDDED=0): serve web/dist instead.
  if [[ ${E2E_VITE:-} != 1 && -z ${PORTAL_URL:-} ]] && ! serves_portal "$API_URL" && has_web_flag &&
     [[ -f $ROOT/web/dist/index.html ]]; then
    echo "e2e: no embedded portal in $BIN; serving $ROOT/web/dist (serve --web)"
    stop
    start_server "$ROOT/web/dist"
  fi
fi

if [[ ${E2E_VITE:-} == 1 ]]; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$ROOT/web" && CHAMADO_URL=$API_URL exec setsid npx vite --host 127.0.0.1 --port "$PORT" --strictPort) >"$D/vite.log" 2>&1 &
  VITE_PID=$!
  for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || { cat "$D/vite.log" >&2; crash "vite did not start"; }
  PORTAL_URL=${PORTAL_URL:-http://127.0.0.1:$PORT}
fi
export PORTAL_URL=${PORTAL_URL:-$API_URL} API_URL
# The portal must be there before any test: an API-only binary would fail every test slowly.
serves_portal "$PORTAL_URL" ||
  crash "no portal at $PORTAL_URL/ (got '$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$PORTAL_URL/")'): build web/dist (npm run build), embed it, or set E2E_WEB_DIR=DIR (serve --web) or E2E_VITE=1"
export MAIL_DIR=$D/data/mail-out E2E_OUT=$RESULTS/shots E2E_RESULTS_DIR=$RESULTS
echo "e2e: server $API_URL, portal $PORTAL_URL, data $D"

(cd "$ROOT/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test "$@")
PW_RC=$?

mkdir -p "$OUT"
[[ -d $RESULTS/shots ]] && cp -r "$RESULTS/shots/." "$OUT/"
if [[ -d $RESULTS/output ]]; then
  find "$RESULTS/output" \( -name '*.png' -o -name '*.md' \) | while read -r f; do
    mkdir -p "$OUT/failures"
    cp "$f" "$OUT/failures/$(basename "$(dirname "$f")")-$(basename "$f")"
  done
fi
[[ -f $RESULTS/results.json ]] && cp "$RESULTS/results.json" "$OUT/results.json"

SUMMARY=$(node -e '
  const fs = require("fs");
  let r; try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { process.exit(3); }
  const s = r.stats || {};
  const passed = (s.expected || 0) + (s.flaky || 0), failed = s.unexpected || 0;
  if (passed + failed === 0) process.exit(3);
  console.log(`${passed} passed, ${failed} failed`);
' "$RESULTS/results.json" 2>/dev/null)
[[ -n $SUMMARY ]] || crash "playwright ended (exit $PW_RC) without running a test"
echo "e2e: screenshots in $OUT"
echo "$SUMMARY"
[[ $PW_RC -eq 0 && $SUMMARY == *", 0 failed" ]]
