# shellcheck shell=bash
# A private Postfix and Dovecot on loopback for the e-mail tests (docs/email.md "Testing"),
# started as root without systemd or syslog; nothing ever leaves the machine. Source it, then:
#   mail_up     configures and starts both under a short temp dir (Dovecot's socket paths must
#               stay under 108 bytes) and exports
#                 CHAMADO_TEST_MAIL            the dir (/tmp/chamado-mail-XXXX)
#                 CHAMADO_TEST_MAIL_SMTP_PORT  Postfix on 127.0.0.1 (2525 unless MAIL_TEST_SMTP_PORT)
#                 CHAMADO_TEST_MAIL_IMAP_PORT  Dovecot on 127.0.0.1 (10143 unless MAIL_TEST_IMAP_PORT)
#   mail_down   stops both (by their own pid files) and removes the dir
#   mail_smtp_stop / mail_smtp_start   Postfix alone: an SMTP outage and its end
# All return non-zero on failure (with the logs on stderr) instead of exiting.
#
# What the servers do:
#   ana@, bob@, postmaster@customer.test   Maildirs under $DIR/mail/customer.test/<user>/Maildir,
#                                          IMAP logins <address> / secret
#   any other @customer.test               the catchall Maildir (login catchall@customer.test)
#   *@helpdesk.test (support+t1-…@ too)    piped to $DIR/bin/chamado-mailgate SENDER RECIPIENT as
#                                          user vmail, which runs
#                                            $(cat $DIR/mailgate-bin) mailgate --url "$(cat $DIR/mailgate-url)"
#                                              --token "$(cat $DIR/mailgate-token)" --recipient RECIPIENT
#                                          (tests write url, token and mailgate-bin, a copy of their binary in $DIR/bin; mailgate-bin defaults to
#                                          $CHAMADO_MAILGATE_BIN, else build/debug/src/main/chamado)
#   anything else                          refused at RCPT: 550 5.1.1 (an outside recipient)
# Retries of deferred mail come within 10-20 s; `postqueue -c $DIR/postfix -f` flushes at once.
# Needs postfix, dovecot-core, dovecot-imapd (scripts/install-deps.sh --test).

MAIL_TEST_USERS="ana@customer.test bob@customer.test postmaster@customer.test"
MAIL_TEST_PASSWORD=secret

mail_up() {
  if [[ -n "${CHAMADO_TEST_MAIL:-}" && -s "$CHAMADO_TEST_MAIL/spool/pid/master.pid" ]] &&
    kill -0 "$(tr -d ' ' <"$CHAMADO_TEST_MAIL/spool/pid/master.pid")" 2>/dev/null; then
    return 0 # already up
  fi
  local smtp=${MAIL_TEST_SMTP_PORT:-2525} imap=${MAIL_TEST_IMAP_PORT:-10143}
  local repo dir vuid vgid u i
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  command -v postfix >/dev/null && command -v dovecot >/dev/null ||
    { echo "mail_up: postfix and dovecot are needed (scripts/install-deps.sh --test)" >&2; return 1; }
  [[ $(id -u) == 0 ]] || { echo "mail_up: run as root (Postfix and Dovecot drop to their users)" >&2; return 1; }
  # The owner of the Maildirs and of the pipe's process (pipe(8) never runs a command as root).
  getent group vmail >/dev/null || groupadd --system vmail || return 1
  getent passwd vmail >/dev/null || useradd --system -g vmail -d /nonexistent -s /usr/sbin/nologin vmail || return 1
  vuid=$(id -u vmail) vgid=$(id -g vmail)
  dir=$(mktemp -d /tmp/chamado-mail-XXXX) || return 1
  chmod 755 "$dir" # Postfix, vmail and Dovecot traverse it
  mkdir -p "$dir"/{postfix,spool,data,mail,log,bin,dovecot/run,dovecot/state}
  chown postfix:postfix "$dir/data"
  chown vmail:vmail "$dir/mail"
  touch "$dir/log/postfix.log" "$dir/mailgate-url" "$dir/mailgate-token"
  chmod 644 "$dir/mailgate-url" "$dir/mailgate-token"
  echo "${CHAMADO_MAILGATE_BIN:-$repo/build/debug/src/main/chamado}" >"$dir/mailgate-bin"

  # The pipe's command: no environment, cwd the queue dir; the settings come from files.
  cat >"$dir/bin/chamado-mailgate" <<GATE
#!/bin/sh
# argv: SENDER RECIPIENT (Postfix pipe(8), user vmail)
d=$dir
echo "\$(date +%s.%N) \$*" >>"\$d/log/mailgate.log" 2>/dev/null
exec "\$(cat "\$d/mailgate-bin")" mailgate --url "\$(cat "\$d/mailgate-url")" --token "\$(cat "\$d/mailgate-token")" --recipient "\$2"
GATE
  chmod 755 "$dir/bin/chamado-mailgate"
  touch "$dir/log/mailgate.log" && chmod 666 "$dir/log/mailgate.log"

  # Postfix: its own config dir, queue, data dir and log file. compatibility_level matters: at
  # level 0 smtpd dies on every connection with this main.cf.
  cat >"$dir/postfix/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
maillog_file = $dir/log/postfix.log
maillog_file_prefixes = /var, /dev/stdout, $dir/log
myhostname = mail.helpdesk.test
mydomain = helpdesk.test
myorigin = \$myhostname
mydestination = \$myhostname, localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_peername_lookup = no
alias_maps = texthash:$dir/postfix/aliases
alias_database =
biff = no
recipient_delimiter = +
smtputf8_enable = yes
virtual_mailbox_domains = customer.test, helpdesk.test
virtual_mailbox_maps = texthash:$dir/postfix/vmailbox
virtual_mailbox_base = $dir/mail
virtual_uid_maps = static:$vuid
virtual_gid_maps = static:$vgid
virtual_minimum_uid = $vuid
transport_maps = texthash:$dir/postfix/transport
chamado_destination_recipient_limit = 1
default_transport = error:outbound mail disabled in tests
relay_transport = error:outbound mail disabled in tests
queue_run_delay = 10s
minimal_backoff_time = 10s
maximal_backoff_time = 20s
CF
  # chroot "n" everywhere: a chroot under a private queue dir lacks etc/hosts and friends.
  cat >"$dir/postfix/master.cf" <<CF
127.0.0.1:$smtp inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
chamado   unix  -       n       n       -       -       pipe
  flags=DRq user=vmail argv=$dir/bin/chamado-mailgate \${sender} \${recipient}
CF
  # virtual(8) refuses regexp substitutions: users are listed, the rest goes to catchall.
  : >"$dir/postfix/vmailbox"
  : >"$dir/dovecot/users"
  for u in $MAIL_TEST_USERS catchall@customer.test; do
    echo "$u ${u#*@}/${u%@*}/Maildir/" >>"$dir/postfix/vmailbox"
    echo "$u:{PLAIN}$MAIL_TEST_PASSWORD::::::" >>"$dir/dovecot/users"
  done
  printf '%s\n' '@customer.test customer.test/catchall/Maildir/' '@helpdesk.test via-transport-map' >>"$dir/postfix/vmailbox"
  echo "helpdesk.test chamado:" >"$dir/postfix/transport"
  printf '%s\n' 'postmaster postmaster@customer.test' 'root postmaster@customer.test' \
    'mailer-daemon postmaster@customer.test' >"$dir/postfix/aliases"

  cat >"$dir/dovecot/dovecot.conf" <<CF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/state
instance_name = chamado-mail-test-${dir##*-}
log_path = $dir/log/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $vuid
last_valid_uid = $vuid
mail_location = maildir:$dir/mail/%d/%n/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/dovecot/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/dovecot/users
  default_fields = uid=vmail gid=vmail home=$dir/mail/%d/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    port = 0
  }
}
CF
  chmod 640 "$dir/dovecot/users"
  chown root:dovecot "$dir/dovecot/users" 2>/dev/null || true

  export CHAMADO_TEST_MAIL="$dir" CHAMADO_TEST_MAIL_SMTP_PORT=$smtp CHAMADO_TEST_MAIL_IMAP_PORT=$imap
  if ! postfix -c "$dir/postfix" check >"$dir/log/start.log" 2>&1 ||
    ! postfix -c "$dir/postfix" start >>"$dir/log/start.log" 2>&1 ||
    ! dovecot -c "$dir/dovecot/dovecot.conf" >>"$dir/log/start.log" 2>&1; then
    echo "mail_up: Postfix or Dovecot did not start:" >&2
    cat "$dir/log/start.log" "$dir/log/postfix.log" "$dir/log/dovecot.log" >&2 2>/dev/null
    mail_down
    return 1
  fi
  for i in $(seq 1 100); do
    if _mail_port_open "$smtp" && _mail_port_open "$imap"; then
      echo "mail test servers: smtp 127.0.0.1:$smtp imap 127.0.0.1:$imap in $dir"
      return 0
    fi
    sleep 0.1
  done
  echo "mail_up: ports $smtp/$imap did not open:" >&2
  cat "$dir/log/start.log" "$dir/log/postfix.log" "$dir/log/dovecot.log" >&2 2>/dev/null
  mail_down
  return 1
}

_mail_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits for a process (by pid) to be gone; a zombie (no one reaps here) counts as gone.
_mail_wait_gone() {
  local pid=$1 i
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == Z* ]] && return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  return 0
}

mail_smtp_stop() {
  local dir=${CHAMADO_TEST_MAIL:?mail_up first} pid
  pid=$(tr -d ' ' <"$dir/spool/pid/master.pid" 2>/dev/null)
  [[ -n "$pid" ]] || return 0
  postfix -c "$dir/postfix" stop >/dev/null 2>&1
  _mail_wait_gone "$pid"
  # Its children (smtpd, qmgr, pipe) go with the master; the port is closed once they have.
  local i
  for i in $(seq 1 50); do _mail_port_open "$CHAMADO_TEST_MAIL_SMTP_PORT" || return 0; sleep 0.1; done
  echo "mail_smtp_stop: port $CHAMADO_TEST_MAIL_SMTP_PORT still open" >&2
  return 1
}

mail_smtp_start() {
  local dir=${CHAMADO_TEST_MAIL:?mail_up first} i
  postfix -c "$dir/postfix" start >>"$dir/log/start.log" 2>&1 || { tail -n 20 "$dir/log/postfix.log" >&2; return 1; }
  for i in $(seq 1 100); do _mail_port_open "$CHAMADO_TEST_MAIL_SMTP_PORT" && return 0; sleep 0.1; done
  echo "mail_smtp_start: port $CHAMADO_TEST_MAIL_SMTP_PORT did not open" >&2
  tail -n 20 "$dir/log/postfix.log" >&2
  return 1
}

mail_down() {
  local dir=${CHAMADO_TEST_MAIL:-}
  [[ -n "$dir" && -d "$dir" ]] || return 0
  local pf dv
  pf=$(tr -d ' ' <"$dir/spool/pid/master.pid" 2>/dev/null)
  dv=$(cat "$dir/dovecot/run/master.pid" 2>/dev/null)
  [[ -n "$pf" ]] && postfix -c "$dir/postfix" stop >/dev/null 2>&1
  [[ -n "$dv" ]] && dovecot -c "$dir/dovecot/dovecot.conf" stop >/dev/null 2>&1
  [[ -n "$pf" ]] && _mail_wait_gone "$pf"
  [[ -n "$dv" ]] && _mail_wait_gone "$dv"
  rm -rf "$dir"
  unset CHAMADO_TEST_MAIL CHAMADO_TEST_MAIL_SMTP_PORT CHAMADO_TEST_MAIL_IMAP_PORT
  return 0
}
