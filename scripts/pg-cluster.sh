# shellcheck shell=bash
# A throw-away PostgreSQL 15 cluster for the tests, started as root without systemd.
# Source it, then:
#   pg_up    initdb + start on a free port of 127.0.0.1; exports CHAMADO_TEST_PG (server URL
#            without a database, e.g. postgresql://postgres@127.0.0.1:41234) and PGTMP (its dir)
#   pg_down  stops it (-m fast) and removes PGTMP
# Both return non-zero on failure instead of exiting, so the caller decides what to do.
# Needs postgresql-15 (scripts/install-deps.sh --test).

PG_BIN=/usr/lib/postgresql/15/bin # not /usr/local/bin or PATH: those links may not exist

# Runs a command as postgres: initdb and pg_ctl refuse to run as root. From /tmp, because
# postgres may not read the caller's cwd (e.g. /root) and complains; in a subshell, so the
# caller's cwd is untouched.
_pg_as_postgres() { (cd /tmp && runuser -u postgres -- "$@"); }

# Prints a port on 127.0.0.1 nobody listens on: a bash /dev/tcp connect there is refused.
_pg_free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

pg_up() {
  if [[ -n "${PGTMP:-}" && -d "${PGTMP}" ]]; then return 0; fi # already up
  [[ -x "$PG_BIN/initdb" ]] || { echo "pg_up: $PG_BIN/initdb missing (install postgresql-15)" >&2; return 1; }
  local dir port _
  dir=$(mktemp -d /tmp/chamado-pg.XXXXXX) || return 1
  chown postgres:postgres "$dir" || { rm -rf "$dir"; return 1; }
  if ! _pg_as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1; then
    echo "pg_up: initdb failed:" >&2
    tail -n 20 "$dir/initdb.log" >&2
    rm -rf "$dir"
    return 1
  fi
  # Another process may take the port between the check and the start: try a few.
  # fsync and friends are off for tests (the cluster is thrown away; many test servers run at
  # once); PG_DURABLE=1 keeps PostgreSQL's durable defaults (benchmarks compare it with
  # SQLite's synchronous=FULL). PG_EXTRA_OPTS adds server options ("-c shared_buffers=2GB").
  local opts="-c listen_addresses=127.0.0.1 -c max_connections=400"
  [[ -n "${PG_DURABLE:-}" ]] || opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  opts+=" ${PG_EXTRA_OPTS:-}"
  for _ in 1 2 3; do
    port=$(_pg_free_port) || break
    if _pg_as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
      -o "$opts -p $port -k $dir" >/dev/null; then
      export PGTMP="$dir"
      export CHAMADO_TEST_PG="postgresql://postgres@127.0.0.1:$port"
      echo "PostgreSQL 15 on 127.0.0.1:$port ($dir)"
      return 0
    fi
  done
  echo "pg_up: the server did not start:" >&2
  tail -n 20 "$dir/server.log" >&2
  _pg_as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$dir"
  return 1
}

pg_down() {
  [[ -n "${PGTMP:-}" ]] || return 0
  local rc=0
  if [[ -d "$PGTMP/data" ]]; then
    _pg_as_postgres "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m fast -w -t 30 stop >/dev/null || rc=1
  fi
  rm -rf "$PGTMP"
  unset PGTMP CHAMADO_TEST_PG
  return $rc
}
