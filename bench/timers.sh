#!/usr/bin/env bash
# Timer benchmark (issue 6, "100,000 timers coming due at once"): N tickets in Awaiting your
# response, each with its pending 48 h close, all due at the same instant; one call to the
# manual clock's endpoint moves the clock past it, and answers once every timer has fired and
# committed (docs/workflows.md, "Timers"). Prints the call's time, the rate, and checks that
# every ticket changed (Closed, one applied timer each). SQLite and PostgreSQL (a durable
# throw-away cluster from scripts/pg-cluster.sh). Data lives under /tmp and is deleted at the end.
#
#   bash bench/timers.sh [--timers 100000] [--stores sqlite,pg]
#
# Seeding: one ticket made through the API (it arms its timers), then copied N-1 times by SQL
# with its status_auto timer (a bench fixture, not a help desk: the copies have no audits).
set -euo pipefail
cd "$(dirname "$0")/.."
N=100000 STORES=sqlite,pg
while [[ $# -gt 0 ]]; do
  case "$1" in
    --timers) N=$2; shift 2 ;;
    --stores) STORES=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
source bench/lib.sh
bench_setup timers

T0=2030-03-04T12:00:00Z    # the seed ticket enters Awaiting your response: due T0 + 48 h
T1=2030-03-06T13:00:00Z    # the clock call: every timer due

stop_node() { kill -TERM "$NODE_PID"; wait "$NODE_PID" || true; }

# sql STORE "statement": runs it on the store's database, prints the result.
sql() {
  if [[ $1 == sqlite ]]; then sqlite3 "$DATA/chamado.db" "$2"; else psql -qtAX "$DBURL" -c "$2"; fi
}

run() {  # run STORE
  local store=$1 args=()
  DATA=$WORK/$store
  mkdir -p "$DATA"
  if [[ $store == pg ]]; then
    DBURL="$CHAMADO_TEST_PG/chamado_bench_timers"
    psql -qX "$CHAMADO_TEST_PG/postgres" -c "CREATE DATABASE chamado_bench_timers" >/dev/null
    args=(--db "$DBURL")
  fi
  "$BIN" "${args[@]}" migrate --data "$DATA" >/dev/null
  "$BIN" "${args[@]}" admin user add --data "$DATA" --email agent@bench.example --name Agent --role agent >/dev/null
  local token; token=$("$BIN" "${args[@]}" admin token add --data "$DATA" --email agent@bench.example | tail -n 1)
  AUTH="agent@bench.example/token:$token"

  # The seed ticket, through the API at T0, in Awaiting your response (5): its timers armed.
  start_node "$DATA" "${args[@]}" --clock=manual --clock-start=$T0
  curl -sSf -u "$AUTH" -H 'Content-Type: application/json' "$BASE/api/v2/tickets.json" -d \
    '{"ticket":{"subject":"Timed","comment":{"body":"seed"},"custom_status_id":5,
      "requester":{"name":"C","email":"c@customer.example"}}}' >/dev/null
  stop_node

  # N-1 copies of the ticket and of its status_auto timer (same due time).
  local cols; cols=$(sql "$store" "$( [[ $store == sqlite ]] &&
    echo "SELECT group_concat(name, ',') FROM pragma_table_info('tickets') WHERE name <> 'id'" ||
    echo "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
          WHERE table_name = 'tickets' AND column_name <> 'id' AND is_generated = 'NEVER'")")
  local series
  if [[ $store == sqlite ]]; then
    series="WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $((N - 1))) SELECT"
  else
    series="SELECT"
  fi
  local from="FROM tickets t $( [[ $store == sqlite ]] && echo ", s" || echo ", generate_series(1, $((N - 1))) s")"
  local seed_start; seed_start=$(date +%s%N)
  sql "$store" "$( [[ $store == sqlite ]] && echo "BEGIN;")
    INSERT INTO tickets ($cols) $series $(sed 's/[^,]*/t.&/g' <<<"$cols") $from WHERE t.id = 1;
    INSERT INTO timers (ticket_id, kind, from_status_id, to_status_id, due_at, created_at)
      SELECT k.id, m.kind, m.from_status_id, m.to_status_id, m.due_at, m.created_at
      FROM tickets k, timers m WHERE k.id > 1 AND m.ticket_id = 1 AND m.kind = 'status_auto';
    $( [[ $store == sqlite ]] && echo "COMMIT;")" >/dev/null
  [[ $store == pg ]] && sql pg "ANALYZE" >/dev/null
  local seeded_ms=$((($(date +%s%N) - seed_start) / 1000000))
  local pending; pending=$(sql "$store" "SELECT count(*) FROM timers WHERE fired_at IS NULL AND kind = 'status_auto'")
  echo "== $store: $pending status_auto timers pending, all due at the same instant (seeded in $seeded_ms ms)"

  # One clock call past the due time: it answers once every timer has fired.
  start_node "$DATA" "${args[@]}" --clock=manual --clock-start=$T0
  local t0; t0=$(date +%s%N)
  local answer; answer=$(curl -sSf -H 'Content-Type: application/json' "$BASE/api/v2/chamado/test/clock" \
    -d "{\"now\":\"$T1\"}")
  local ns=$(($(date +%s%N) - t0))
  local hwm; hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$NODE_PID/status")
  stop_node
  local applied; applied=$(jq -r .chamado_timers_applied <<<"$answer")
  local closed; closed=$(sql "$store" "SELECT count(*) FROM tickets WHERE custom_status_id = 7")
  local fired; fired=$(sql "$store" "SELECT count(*) FROM timers WHERE kind = 'status_auto' AND outcome = 'applied'")
  local left; left=$(sql "$store" "SELECT count(*) FROM timers WHERE fired_at IS NULL AND kind = 'status_auto'")
  local audits; audits=$(sql "$store" "SELECT count(*) FROM audits WHERE via_channel = 'rule'")
  awk -v n="$applied" -v ns="$ns" -v s="$store" -v c="$closed" -v f="$fired" -v l="$left" -v a="$audits" -v h="$hwm" \
    'BEGIN { printf "| %s | %d | %.1f s | %.0f timers/s | %d closed, %d applied, %d rule audits, %d pending | %.0f MB |\n",
             s, n, ns / 1e9, n / (ns / 1e9), c, f, a, l, h / 1024 }'
  if [[ $closed -ne $N || $fired -ne $N || $left -ne 0 ]]; then
    echo "FAILED: expected $N closed tickets and applied timers, none pending" >&2
    exit 1
  fi
}

echo "| store | timers applied by the call | clock call | rate | afterwards | server peak RSS |"
echo "|---|---|---|---|---|---|"
for store in ${STORES//,/ }; do
  if [[ $store == pg && -z "$PG_STARTED" ]]; then
    # shellcheck source=../scripts/pg-cluster.sh
    source "$ROOT/scripts/pg-cluster.sh"
    PG_DURABLE=1 pg_up >/dev/null
    PG_STARTED=1
  fi
  run "$store"
done
