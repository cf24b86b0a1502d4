#!/usr/bin/env bash
# Sign-in timing (issue 8; docs/accounts.md, "Answers that never tell whether an address is
# registered"): the latency of POST /api/v2/chamado/auth/login and .../password/forgot for a
# registered e-mail and for an unknown one, one request at a time over one keep-alive
# connection (curl), on SQLite. A login for an unknown e-mail still runs one argon2id
# verification, so its latency should match a wrong password's; a forgot for a registered
# e-mail also renders and queues a mail. The throttles are raised for the run (they would
# answer 429 after 10 failures). Release build unless --bin names another binary (the debug
# build: ASan makes argon2 several times slower, but the comparison still holds).
#
#   bash bench/auth.sh [--requests 200] [--bin build/debug/src/main/chamado]
set -euo pipefail
cd "$(dirname "$0")/.."
N=200
BIN_ARG=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requests) N=$2; shift 2 ;;
    --bin) BIN_ARG=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
source bench/lib.sh
bench_setup auth "$BIN_ARG"

KNOWN=carla@cliente.com.br
UNKNOWN=nobody-here@cliente.com.br
PASSWORD=customer-bench-2026
DATA=$WORK/desk
mkdir -p "$DATA"
"$BIN" migrate --data "$DATA" >/dev/null
echo "$PASSWORD" | "$BIN" admin user add --data "$DATA" --email "$KNOWN" --name "Carla Mendes" --role end-user \
  --password-stdin >/dev/null

export CHAMADO_AUTH_LOGIN_FAILURES_PER_ACCOUNT=1000000 CHAMADO_AUTH_LOGIN_FAILURES_PER_IP=1000000
export CHAMADO_AUTH_MAILS_PER_ADDRESS_PER_HOUR=10000 CHAMADO_AUTH_MAILS_PER_IP_PER_HOUR=1000000
start_node "$DATA" || true
[[ -n "$NODE_PORT" ]] || { echo "the server did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
API=$BASE/api/v2/chamado/auth

json_post() {  # json_post PATH BODY: prints the status
  curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$2" "$API/$1"
}

# A password set by the CLI may still need the e-mail proved: then through forgot + reset, as a
# customer would (the link from the .eml the server wrote).
if [[ $(json_post login "{\"email\":\"$KNOWN\",\"password\":\"$PASSWORD\"}") != 200 ]]; then
  json_post password/forgot "{\"email\":\"$KNOWN\"}" >/dev/null
  token=""
  for _ in $(seq 1 100); do
    token=$(cat "$DATA"/mail-out/*.eml 2>/dev/null | tr -d '\r' | sed -e ':a' -e '/=$/N; s/=\n//; ta' |
      sed -e 's/=3D/=/g' | grep -o 'reset-password#token=[A-Za-z0-9_-]*' | tail -n 1 | cut -d= -f2) || true
    [[ -n "$token" ]] && break
    sleep 0.1
  done
  [[ -n "$token" ]] || { echo "no reset mail for $KNOWN" >&2; exit 1; }
  code=$(json_post password/reset "{\"token\":\"$token\",\"password\":\"$PASSWORD\"}")
  [[ $code == 200 ]] || { echo "reset failed: $code" >&2; exit 1; }
fi

# measure LABEL PATH BODY EXPECTED_STATUS: N requests (after 5 unmeasured), one curl process, one
# connection; prints p50, p90, p99 and the mean in ms.
measure() {
  local label=$1 path=$2 body=$3 want=$4 cfg=$WORK/$RANDOM.curl out=$WORK/$RANDOM.times
  : >"$cfg"
  for i in $(seq 1 $((N + 5))); do
    ((i > 1)) && echo next >>"$cfg"
    printf 'url = "%s"\ndata = "%s"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\n' \
      "$API/$path" "${body//\"/\\\"}" >>"$cfg"
  done
  curl -s -K "$cfg" >"$out"
  local bad; bad=$(awk -v w="$want" '$1 != w' "$out" | wc -l)
  ((bad == 0)) || { echo "$label: $bad answers were not $want: $(awk -v w="$want" '$1 != w' "$out" | head -n 3)" >&2; exit 1; }
  tail -n "$N" "$out" | awk '{ print $2 * 1000 }' | sort -n | awk -v label="$label" -v want="$want" '
    { v[NR] = $1; sum += $1 }
    END { printf "| %s | %s | %.1f | %.1f | %.1f | %.1f |\n", label, want, v[int(NR * 0.5 + 0.5)], v[int(NR * 0.9 + 0.5)], v[int(NR * 0.99 + 0.5)], sum / NR }'
}

# measure_pair LABEL_A BODY_A LABEL_B BODY_B PATH WANT: A and B alternate on one connection (N each,
# after 5 unmeasured pairs), so work a request leaves behind (the forgot-password mail pass)
# weighs on both rows alike and the rows compare the requests themselves.
measure_pair() {
  local la=$1 ba=$2 lb=$3 bb=$4 path=$5 want=$6 cfg=$WORK/$RANDOM.curl out=$WORK/$RANDOM.times
  : >"$cfg"
  for i in $(seq 1 $((2 * (N + 5)))); do
    ((i > 1)) && echo next >>"$cfg"
    local body=$ba; ((i % 2 == 0)) && body=$bb
    printf 'url = "%s"\ndata = "%s"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\n' \
      "$API/$path" "${body//\"/\\\"}" >>"$cfg"
  done
  curl -s -K "$cfg" >"$out"
  local bad; bad=$(awk -v w="$want" '$1 != w' "$out" | wc -l)
  ((bad == 0)) || { echo "$la/$lb: $bad answers were not $want" >&2; exit 1; }
  for parity in 1 0; do
    local label=$la; ((parity == 0)) && label=$lb
    tail -n $((2 * N)) "$out" | awk -v p=$parity 'NR % 2 == p { print $2 * 1000 }' | sort -n |
      awk -v label="$label" -v want="$want" '
      { v[NR] = $1; sum += $1 }
      END { printf "| %s | %s | %.1f | %.1f | %.1f | %.1f |\n", label, want, v[int(NR * 0.5 + 0.5)], v[int(NR * 0.9 + 0.5)], v[int(NR * 0.99 + 0.5)], sum / NR }'
  done
}

echo "== $N requests each, one at a time, SQLite, $(basename "$(dirname "$(dirname "$(dirname "$BIN")")")") build"
echo "| request | status | p50 ms | p90 ms | p99 ms | mean ms |"
echo "|---|---|---|---|---|---|"
measure "login, registered e-mail, wrong password" login "{\"email\":\"$KNOWN\",\"password\":\"Wrong-Password-2026\"}" 401
measure "login, unknown e-mail" login "{\"email\":\"$UNKNOWN\",\"password\":\"Wrong-Password-2026\"}" 401
measure "login, registered e-mail, right password" login "{\"email\":\"$KNOWN\",\"password\":\"$PASSWORD\"}" 200
measure "forgot, registered e-mail (mail queued)" password/forgot "{\"email\":\"$KNOWN\"}" 202
measure "forgot, unknown e-mail" password/forgot "{\"email\":\"$UNKNOWN\"}" 202
# The same pairs again in the other order, so a drift of the machine shows up as a difference
# between the two runs rather than between known and unknown.
measure "forgot, unknown e-mail (again)" password/forgot "{\"email\":\"$UNKNOWN\"}" 202
measure "forgot, registered e-mail (again)" password/forgot "{\"email\":\"$KNOWN\"}" 202
measure "login, unknown e-mail (again)" login "{\"email\":\"$UNKNOWN\",\"password\":\"Wrong-Password-2026\"}" 401
measure "login, registered e-mail, wrong password (again)" login "{\"email\":\"$KNOWN\",\"password\":\"Wrong-Password-2026\"}" 401
measure_pair "forgot, registered e-mail (alternating)" "{\"email\":\"$KNOWN\"}" \
  "forgot, unknown e-mail (alternating)" "{\"email\":\"$UNKNOWN\"}" password/forgot 202
kill -TERM "$NODE_PID"; wait "$NODE_PID" || true
