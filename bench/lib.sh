# Shared by the bench scripts (source it from the repository root): builds the release binary,
# makes a work dir under /tmp and cleans up (servers, the PostgreSQL cluster, the dir) on exit.
# bench_setup NAME [BINARY] sets ROOT, BIN, WORK, PIDS, PG_STARTED (set it to 1 after pg_up);
# with BINARY (a script's --bin) that build is measured and the release build is skipped.
bench_setup() {
  ROOT=$(pwd)
  if [[ -n "${2:-}" ]]; then
    BIN=$(realpath "$2")
  else
    [[ -d build/release ]] || cmake --preset release >/dev/null
    # The build dir may be shared with other builds: take the lock, at most two jobs.
    flock /tmp/chamado-build.lock cmake --build build/release -j2 --target chamado >/dev/null
    BIN=$ROOT/build/release/src/main/chamado
  fi
  WORK=$(mktemp -d "/tmp/chamado-bench-$1.XXXXXX")
  PIDS=()
  PG_STARTED=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n "$PG_STARTED" ]] && pg_down >/dev/null 2>&1
  rm -rf "$WORK"
}

# start_node DATA_DIR [chamado serve args...]: starts a node on a free port; sets NODE_PID,
# NODE_PORT and BASE (http://127.0.0.1:PORT). Its stderr goes to $WORK/serve.log.
start_node() {
  local data=$1; shift
  local fifo=$WORK/fifo.$RANDOM
  mkfifo "$fifo"
  "$BIN" serve --data "$data" --listen 127.0.0.1:0 "$@" >"$fifo" 2>>"$WORK/serve.log" &
  NODE_PID=$!
  PIDS+=("$NODE_PID")
  local line; read -r line <"$fifo"
  rm -f "$fifo"
  NODE_PORT=${line##*:}
  BASE=http://127.0.0.1:$NODE_PORT
}
