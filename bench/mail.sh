#!/usr/bin/env bash
# E-mail benchmarks (issue 7, docs/email.md), on SQLite, release build, one run:
#   1. inbound messages stored per second through `chamado mailgate`: one process per message,
#      as a Postfix pipe runs it (1 and 4 at a time);
#   2. inbound through the API, POST /api/v2/chamado/mail/inbound (curl, 1 and 4 at a time);
#   3. outbox messages delivered per second to a local SMTP server: the private Postfix of
#      scripts/mail-test.sh, delivering into a Maildir.
# Every inbound message is a new ticket from a new customer (its own Message-ID and sender), so
# each one runs the whole intake: parse, threading lookups, the user, the ticket, its
# notification queued (written to DATA/mail-out meanwhile). Needs root (Postfix).
#
#   bash bench/mail.sh [--messages 400]
set -euo pipefail
cd "$(dirname "$0")/.."
N=400
while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) N=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
source bench/lib.sh
bench_setup mail
source scripts/mail-test.sh
mail_up >/dev/null
trap 'mail_down >/dev/null 2>&1; bench_cleanup' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%d messages in %.2f s: %.1f messages/s, %.1f ms each", n, b - a, n / (b - a), 1000 * (b - a) / n }'; }

# make_messages DIR TAG: N plain-text messages, each from its own customer.
make_messages() {
  mkdir -p "$1"
  local body; body=$(printf 'Olá, o sistema não abre desde a atualização de ontem. %.0s' $(seq 1 12))
  for i in $(seq 1 "$N"); do
    cat >"$1/$i.eml" <<EOF
Return-Path: <c$i.$2@customer.test>
From: Cliente $i <c$i.$2@customer.test>
To: support@helpdesk.test
Subject: Problema $i ($2)
Date: Wed, 04 Mar 2026 10:00:00 -0300
Message-ID: <bench-$2-$i@customer.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

$body

-- 
Cliente $i
EOF
  done
}

setup_desk() {  # setup_desk DIR: a migrated help desk with an admin; sets TOKEN
  mkdir -p "$1"
  "$BIN" migrate --data "$1" >/dev/null
  "$BIN" admin user add --data "$1" --email admin@bench.example --name Admin --role admin >/dev/null
  TOKEN=$("$BIN" admin token add --data "$1" --email admin@bench.example | tail -n 1)
}

count_files() {  # files under DIR (0 while it does not exist yet)
  local n
  n=$(find "$1" -type f 2>/dev/null | wc -l) || true
  echo "$n"
}
count_tickets() { sqlite3 "$1/chamado.db" "SELECT count(*) FROM tickets"; }

echo "== inbound: $N messages each way, SQLite, release build"
DATA=$WORK/in
setup_desk "$DATA"
start_node "$DATA"
INBOUND="$BASE/api/v2/chamado/mail/inbound?recipient=support@helpdesk.test"

for par in 1 4; do
  make_messages "$WORK/gate$par" "gate$par"
  a=$(now)
  seq 1 "$N" | xargs -P "$par" -I{} sh -c \
    '"$0" mailgate --url "$1" --token "$2" --recipient support@helpdesk.test < "$3/{}.eml" >/dev/null' \
    "$BIN" "$BASE" "$TOKEN" "$WORK/gate$par"
  b=$(now)
  echo "mailgate, $par at a time: $(rate "$N" "$a" "$b")"
done

for par in 1 4; do
  make_messages "$WORK/api$par" "api$par"
  cfg=$WORK/api$par.curl
  : >"$cfg"
  for i in $(seq 1 "$N"); do
    ((i > 1)) && echo next >>"$cfg"  # a trailing "next" would be an entry without a URL
    printf 'url = "%s"\ndata-binary = "@%s"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: message/rfc822"\noutput = "/dev/null"\n' \
      "$INBOUND" "$WORK/api$par/$i.eml" "$TOKEN" >>"$cfg"
  done
  a=$(now)
  if [[ $par == 1 ]]; then curl -sSf -K "$cfg"; else curl -sSf --no-progress-meter --parallel --parallel-max "$par" -K "$cfg"; fi
  b=$(now)
  echo "API (curl), $par at a time: $(rate "$N" "$a" "$b")"
done
expected=$((4 * N))
got=$(count_tickets "$DATA")
[[ $got == "$expected" ]] || { echo "expected $expected tickets, found $got" >&2; exit 1; }
echo "checked: $got tickets, one per message"
kill -TERM "$NODE_PID"; wait "$NODE_PID" || true

echo "== outbox: $N messages to the local Postfix (smtp://127.0.0.1:$CHAMADO_TEST_MAIL_SMTP_PORT)"
# N tickets queue N "ticket received" mails while the SMTP server is unreachable (port 1); the
# node is then restarted an hour later on the clock with the real server: every row is due at
# once, and the worker sends them one after another. Timed: start until the outbox is empty.
DATA=$WORK/out
setup_desk "$DATA"
CHAMADO_MAIL_SMTP_URL=smtp://127.0.0.1:1 start_node "$DATA" --clock=manual --clock-start=2030-03-04T12:00:00Z
for i in $(seq 1 "$N"); do
  ((i > 1)) && echo next
  printf 'url = "%s/api/v2/tickets.json"\ndata = "{\\"ticket\\":{\\"subject\\":\\"Outbox %s\\",\\"comment\\":{\\"body\\":\\"x\\"},\\"requester\\":{\\"name\\":\\"R %s\\",\\"email\\":\\"r%s@customer.test\\"}}}"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\n' \
    "$BASE" "$i" "$i" "$i" "$TOKEN"
done >"$WORK/tickets.curl"
curl -sSf --no-progress-meter --parallel --parallel-max 4 -K "$WORK/tickets.curl"
queued() { sqlite3 "$DATA/chamado.db" "SELECT count(*) FROM mail_outbox WHERE state IN ('queued','sending')"; }
for _ in $(seq 1 600); do  # every row tried once (and refused) before the restart
  [[ $(sqlite3 "$DATA/chamado.db" "SELECT count(*) FROM mail_outbox WHERE attempts = 0") == 0 ]] && break
  sleep 0.1
done
kill -TERM "$NODE_PID"; wait "$NODE_PID" || true
[[ $(queued) == "$N" ]] || { echo "expected $N queued rows, found $(queued)" >&2; exit 1; }
maildir=$CHAMADO_TEST_MAIL/mail/customer.test/catchall/Maildir
before=$(count_files "$maildir")
a=$(now)
CHAMADO_MAIL_SMTP_URL=smtp://127.0.0.1:$CHAMADO_TEST_MAIL_SMTP_PORT \
  start_node "$DATA" --clock=manual --clock-start=2030-03-04T13:00:00Z
until [[ $(queued) == 0 ]]; do sleep 0.02; done
b=$(now)
echo "outbox to SMTP, one worker: $(rate "$N" "$a" "$b") (includes the node's start)"
for _ in $(seq 1 300); do
  (($(count_files "$maildir") - before >= N)) && break
  sleep 0.1
done
echo "checked: $(($(count_files "$maildir") - before)) messages in the Maildir," \
  "$(sqlite3 "$DATA/chamado.db" "SELECT count(*) FROM mail_outbox WHERE state = 'sent'") rows sent"
