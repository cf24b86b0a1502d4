#!/usr/bin/env bash
# Load benchmark: a release build against a help desk pre-filled by bench/gen_tickets
# (default 20,000 requesters × 50 tickets × 3 comments = 1,000,000 tickets), driven by wrk
# on the same machine. Data lives under /tmp and is deleted at the end.
#
#   bash bench/run.sh [--requesters 20000] [--tickets-per 50] [--comments 3] [--duration 10s] [--connections 64]
#                     [--threads 2] [--stores sqlite,pg1,pg2]
#
# Stores: `sqlite` (the embedded default), `pg1` (one node on PostgreSQL 15, the same data
# copied with `chamado store copy`), `pg2` (two nodes on that database behind nginx). Every
# store is measured in the same run on the same data, so compare them as ratios. Prints one
# markdown table row per store and scenario (req/s, p50, p99, errors), cold starts and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REQUESTERS=20000 PER=50 COMMENTS=3 DURATION=10s CONNS=64 THREADS=2 STORES=sqlite
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requesters) REQUESTERS=$2; shift 2 ;;
    --tickets-per) PER=$2; shift 2 ;;
    --comments) COMMENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --stores) STORES=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
cmake --preset release >/dev/null
cmake --build build/release -j"$(nproc)" --target chamado gen_tickets >/dev/null
BIN=$ROOT/build/release/src/main/chamado
WORK=$(mktemp -d /tmp/chamado-bench.XXXXXX)
PIDS=()
PG_STARTED=""
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n "$PG_STARTED" ]] && pg_down >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== generating $((REQUESTERS * PER)) tickets into $WORK"
/usr/bin/time -f "generator: %e s, max RSS %M KB" "$ROOT/build/release/bench/gen_tickets" --data "$WORK/data" \
  --requesters "$REQUESTERS" --tickets-per "$PER" --comments "$COMMENTS"
du -sh "$WORK/data"
export BENCH_DIR=$ROOT/bench BENCH_REQUESTERS=$REQUESTERS BENCH_TICKETS=$((REQUESTERS * PER))

# Starts a node; sets NODE_PORT and NODE_PID; prints the cold start (exec to "listening").
start_node() {  # start_node DATA_DIR [chamado serve args...]
  local data=$1; shift
  local fifo=$WORK/fifo.$RANDOM
  mkfifo "$fifo"
  local start_ns; start_ns=$(date +%s%N)
  "$BIN" serve --data "$data" --listen 127.0.0.1:0 "$@" >"$fifo" 2>/dev/null &
  NODE_PID=$!
  PIDS+=("$NODE_PID")
  local line; read -r line <"$fifo"
  rm -f "$fifo"
  NODE_PORT=${line##*:}
  echo "cold start: $(( ($(date +%s%N) - start_ns) / 1000000 )) ms ($line)"
}

run_scenarios() {  # run_scenarios LABEL URL
  for scenario in healthz show_ticket list_requests search add_comment create_ticket; do
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$ROOT/bench/wrk/$scenario.lua" "$2" 2>&1)
    r=$(grep '^RESULT' <<<"$out" || true)
    if [[ -z "$r" ]]; then echo "| $1 | $scenario | failed | | | | |"; echo "$out" | tail -5; continue; fi
    eval "$(sed 's/^RESULT //' <<<"$r")"
    echo "| $1 | $scenario | $rps | $p50_ms | $p99_ms | $requests | $errors |"
  done
}

rss() { grep -E 'VmHWM' "/proc/$1/status" | sed "s/^/$2 /"; }

header() {
  echo
  echo "| store | scenario | req/s | p50 ms | p99 ms | requests | errors |"
  echo "|---|---|---|---|---|---|---|"
}

if [[ ",$STORES," == *",sqlite,"* ]]; then
  echo "== sqlite"
  start_node "$WORK/data"
  header
  run_scenarios sqlite "http://127.0.0.1:$NODE_PORT"
  rss "$NODE_PID" "sqlite server"
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true
fi

if [[ ",$STORES," == *",pg"* ]]; then
  # A durable cluster (fsync and synchronous_commit on, like SQLite's synchronous=FULL),
  # sized for this machine.
  source "$ROOT/scripts/pg-cluster.sh"
  PG_EXTRA_OPTS="-c shared_buffers=2GB -c max_connections=200" PG_DURABLE=1 pg_up
  PG_STARTED=1
  DB_URL="$CHAMADO_TEST_PG/bench"
  psql "$CHAMADO_TEST_PG/postgres" -qc "CREATE DATABASE bench" >/dev/null
  echo "== copying the SQLite help desk into PostgreSQL"
  /usr/bin/time -f "store copy: %e s, max RSS %M KB" "$BIN" store copy --from "sqlite:$WORK/data" --to "$DB_URL" |
    tail -3
  psql "$DB_URL" -qc "VACUUM ANALYZE" >/dev/null
  mkdir -p "$WORK/node1" "$WORK/node2"
  echo "== pg1"
  start_node "$WORK/node1" --db "$DB_URL"
  N1_PID=$NODE_PID N1_PORT=$NODE_PORT
  if [[ ",$STORES," == *",pg1,"* ]]; then
    header
    run_scenarios pg1 "http://127.0.0.1:$N1_PORT"
    rss "$N1_PID" "pg1 server"
  fi
  if [[ ",$STORES," == *",pg2,"* ]]; then
    echo "== pg2 (two nodes behind nginx)"
    start_node "$WORK/node2" --db "$DB_URL"
    N2_PORT=$NODE_PORT
    mkdir -p "$WORK/nginx/logs"
    NGINX_PORT=$(_pg_free_port)
    cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp_body;
  proxy_temp_path $WORK/nginx/tmp_proxy;
  upstream chamado {
    server 127.0.0.1:$N1_PORT;
    server 127.0.0.1:$N2_PORT;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://chamado;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
    /usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
    PIDS+=("$(cat "$WORK/nginx/nginx.pid")")
    header
    run_scenarios pg2 "http://127.0.0.1:$NGINX_PORT"
    rss "$N1_PID" "pg2 node 1"
    rss "$NODE_PID" "pg2 node 2"
  fi
fi
