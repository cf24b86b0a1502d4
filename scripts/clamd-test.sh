# shellcheck shell=bash
# A private clamd for the tests, started as root without systemd, freshclam or network.
# Source it, then:
#   clamd_up    starts clamd on a unix socket in a temp dir, with its own clamd.conf and a
#               database directory holding ONLY the test signature below; exports
#               CHAMADO_TEST_CLAMD (unix:/tmp/chamado-clamd.XXXXXX/clamd.sock) and CLAMDTMP
#   clamd_down  stops it (by its own pid file) and removes CLAMDTMP
# Both return non-zero on failure instead of exiting, so the caller decides what to do.
# Needs clamav-daemon (scripts/install-deps.sh --test). The real signature databases cannot
# be downloaded here, so the tests use one custom signature: any file containing the marker
# CHAMADO_TEST_MALWARE_MARKER is reported as "Chamado.Test.Marker.UNOFFICIAL FOUND".

CHAMADO_TEST_MALWARE_MARKER="CHAMADO-TEST-MALWARE-7f3a"
CLAMD_BIN=/usr/sbin/clamd

clamd_up() {
  if [[ -n "${CLAMDTMP:-}" && -S "${CLAMDTMP}/clamd.sock" ]]; then return 0; fi # already up
  [[ -x "$CLAMD_BIN" ]] || { echo "clamd_up: $CLAMD_BIN missing (install clamav-daemon)" >&2; return 1; }
  local dir hex i
  dir=$(mktemp -d /tmp/chamado-clamd.XXXXXX) || return 1 # short: a socket path is < 108 bytes
  mkdir -p "$dir/db" "$dir/tmp"
  # An extended (.ndb) signature: Name:TargetType(0 = any file):Offset(* = anywhere):hex bytes.
  hex=$(printf '%s' "$CHAMADO_TEST_MALWARE_MARKER" | od -An -tx1 | tr -d ' \n')
  echo "Chamado.Test.Marker:0:*:$hex" >"$dir/db/chamado-test.ndb"
  cat >"$dir/clamd.conf" <<EOF
Foreground no
LocalSocket $dir/clamd.sock
LocalSocketMode 600
PidFile $dir/clamd.pid
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
LogFile $dir/clamd.log
LogTime yes
# No bytecode database either: only the test signature is loaded.
Bytecode no
# An attachment is at most attachments.max_total_mb (20 MB by default).
StreamMaxLength 64M
SelfCheck 3600
EOF
  if ! "$CLAMD_BIN" -c "$dir/clamd.conf" >"$dir/start.log" 2>&1; then
    echo "clamd_up: clamd did not start:" >&2
    cat "$dir/start.log" "$dir/clamd.log" >&2 2>/dev/null
    rm -rf "$dir"
    return 1
  fi
  # clamd forks once its databases are loaded; wait for the socket to answer PING.
  for i in $(seq 1 100); do
    if [[ -S "$dir/clamd.sock" ]] && _clamd_ping "$dir/clamd.sock"; then
      export CLAMDTMP="$dir"
      export CHAMADO_TEST_CLAMD="unix:$dir/clamd.sock"
      echo "clamd on $CHAMADO_TEST_CLAMD (test signature only)"
      return 0
    fi
    sleep 0.1
  done
  echo "clamd_up: clamd did not answer on $dir/clamd.sock:" >&2
  tail -n 20 "$dir/clamd.log" >&2 2>/dev/null
  CLAMDTMP="$dir" clamd_down
  return 1
}

# PING over the unix socket, with perl-base (Essential on Debian: always there).
_clamd_ping() {
  perl -MIO::Socket::UNIX -e '
    my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or exit 1;
    $s->send("zPING\0"); my $r = ""; local $SIG{ALRM} = sub { exit 1 }; alarm 2;
    $s->recv($r, 16); exit($r =~ /^PONG/ ? 0 : 1);' "$1" 2>/dev/null
}

clamd_down() {
  [[ -n "${CLAMDTMP:-}" ]] || return 0
  local pid i
  pid=$(cat "$CLAMDTMP/clamd.pid" 2>/dev/null)
  if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      # A zombie (no parent reaping it here) is gone as far as we care.
      [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == Z* ]] && break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]] && kill -KILL "$pid" 2>/dev/null
  fi
  rm -rf "$CLAMDTMP"
  unset CLAMDTMP CHAMADO_TEST_CLAMD
  return 0
}
