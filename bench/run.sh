#!/usr/bin/env bash
# Load benchmark: a release build against a database pre-filled by bench/gen_tickets
# (default 20,000 requesters × 50 tickets × 3 comments = 1,000,000 tickets), driven by wrk
# on the same machine. The database lives under /tmp and is deleted at the end.
#
#   bash bench/run.sh [--requesters 20000] [--tickets-per 50] [--duration 10s] [--connections 64] [--threads 2]
#
# Prints one markdown table row per scenario (req/s, p50, p99, errors), the cold start and
# the server's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REQUESTERS=20000 PER=50 DURATION=10s CONNS=64 THREADS=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requesters) REQUESTERS=$2; shift 2 ;;
    --tickets-per) PER=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
cmake --preset release >/dev/null
cmake --build build/release -j"$(nproc)" --target chamado gen_tickets >/dev/null
BIN=$ROOT/build/release/src/main/chamado
WORK=$(mktemp -d /tmp/chamado-bench.XXXXXX)
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== generating $((REQUESTERS * PER)) tickets into $WORK"
/usr/bin/time -f "generator: %e s, max RSS %M KB" "$ROOT/build/release/bench/gen_tickets" --data "$WORK/data" \
  --requesters "$REQUESTERS" --tickets-per "$PER" --comments 3
du -sh "$WORK/data"

# Cold start: exec to the "listening" line, on the filled database (page cache warm from generation).
start_ns=$(date +%s%N)
coproc SRV { exec "$BIN" serve --data "$WORK/data" --listen 127.0.0.1:0 2>/dev/null; }
SERVER_PID=$SRV_PID
read -r line <&"${SRV[0]}"
end_ns=$(date +%s%N)
PORT=${line##*:}
echo "cold start: $(( (end_ns - start_ns) / 1000000 )) ms ($line)"

export BENCH_DIR=$ROOT/bench BENCH_REQUESTERS=$REQUESTERS BENCH_TICKETS=$((REQUESTERS * PER))
echo
echo "| scenario | req/s | p50 ms | p99 ms | requests | errors |"
echo "|---|---|---|---|---|---|"
for scenario in healthz show_ticket list_requests search add_comment create_ticket; do
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$ROOT/bench/wrk/$scenario.lua" "http://127.0.0.1:$PORT" 2>&1)
  r=$(grep '^RESULT' <<<"$out" || true)
  if [[ -z "$r" ]]; then echo "| $scenario | failed | | | | |"; echo "$out" | tail -5; continue; fi
  eval "$(sed 's/^RESULT //' <<<"$r")"
  echo "| $scenario | $rps | $p50_ms | $p99_ms | $requests | $errors |"
done
echo
grep -E 'VmHWM|VmRSS' "/proc/$SERVER_PID/status" | sed 's/^/server /'
