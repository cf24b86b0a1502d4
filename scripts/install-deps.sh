#!/usr/bin/env bash
# Installs what Chamado needs to build and test on Debian 12 (as root). Idempotent: only
# missing packages are installed. Usage: scripts/install-deps.sh [--test]
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl tzdata
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libssl-dev libsodium-dev
  libjemalloc-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libhowardhinnant-date-dev
  # PostgreSQL store: libpq is linked; postgresql-15 ships unaccent (search) and the server
  # of the tests' throw-away clusters (scripts/pg-cluster.sh).
  libpq-dev postgresql-15
  # Attachments: file types by content (libmagic1 and its database come with -dev).
  libmagic-dev
  # E-mail: GMime 3 (MIME), libcurl (SMTP, IMAP, and mailgate's HTTP), kainjow mustache (templates).
  libgmime-3.0-dev libcurl4-openssl-dev libkainjow-mustache-dev
  # The customer portal (web/) is built with npm into the binary (cmake/web.cmake); it needs
  # Node.js >= 20.19 (Vite 8): the machine's own Node is used when present.
  nodejs npm
)
TEST_PKGS=(libgtest-dev libgmock-dev libcpp-httplib-dev clang-format nodejs npm nginx-light
  # The virus-scan tests run a private clamd (scripts/clamd-test.sh) with a test signature.
  clamav-daemon
  # The e-mail tests run a private Postfix and Dovecot on loopback (scripts/mail-test.sh);
  # the MIME fuzzer is built with clang's libFuzzer (scripts/fuzz.sh).
  postfix swaks dovecot-core dovecot-imapd clang-14 libclang-rt-14-dev
  # The portal's end-to-end tests (scripts/e2e.sh): Playwright drives Debian's Chromium (never
  # a downloaded browser); fonts-liberation gives the screenshots real text.
  chromium fonts-liberation)

want=("${PKGS[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${TEST_PKGS[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm may come from outside apt on a developer machine; accept them if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
clean=()
for p in "${missing[@]}"; do [[ -n "$p" ]] && clean+=("$p"); done

if ((${#clean[@]})); then
  echo "installing: ${clean[*]}"
  # The tests start their own PostgreSQL clusters: keep the package from creating (and
  # starting) the stock "main" cluster. Must be in place before postgresql-15 installs.
  if [[ " ${clean[*]} " == *" postgresql-15 "* ]]; then
    cc=/etc/postgresql-common/createcluster.conf
    mkdir -p "${cc%/*}"
    if ! grep -qE '^\s*create_main_cluster\s*=\s*false' "$cc" 2>/dev/null; then
      sed -i -E '/^\s*#?\s*create_main_cluster\s*=/d' "$cc" 2>/dev/null || true
      echo "create_main_cluster = false" >>"$cc"
    fi
  fi
  # Postfix: "No configuration" leaves /etc/postfix/main.cf absent, so the machine's own
  # instance never starts; the tests run a private one. (Installing postfix removes exim4.)
  if [[ " ${clean[*]} " == *" postfix "* ]]; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    echo "postfix postfix/mailname string localhost" | debconf-set-selections
  fi
  # clamav-daemon pulls clamav-freshclam: its postinst would start the freshclam daemon, or
  # with "manual" run one download, through invoke-rc.d. Neither may happen here (no network;
  # the tests use their own clamd and signature): "manual", and a policy-rc.d that denies
  # every service action for the length of this install, unless the machine has one.
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  # Postfix and Dovecot would start their system-wide daemons too; the tests run private ones.
  if [[ " ${clean[*]} " == *" clamav-daemon "* ]]; then
    echo "clamav-freshclam clamav-freshclam/autoupdate_freshclam select manual" | debconf-set-selections
  fi
  if [[ " ${clean[*]} " =~ \ (clamav-daemon|postfix|dovecot-core|dovecot-imapd)\  ]]; then
    if [[ ! -e $policy ]]; then
      printf '#!/bin/sh\n# scripts/install-deps.sh: no service starts while packages install\nexit 101\n' >"$policy"
      chmod 755 "$policy"
      own_policy=1
      trap 'rm -f "$policy"' EXIT
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  export UCF_FORCE_CONFFOLD=1 # keep that createcluster.conf when postgresql-common installs
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confold \
    --no-install-recommends "${clean[@]}" >/dev/null
  if [[ -n $own_policy ]]; then
    rm -f "$policy"
    trap - EXIT
  fi
else
  echo "all build dependencies present"
fi

# Vite 8 (the portal's build) needs Node.js 20.19 or newer; Debian 12's own nodejs is 18.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "Node.js $(node --version) is too old for the portal's build (Vite 8 needs >= 20.19): install a newer Node.js (https://nodejs.org) or configure with -DCHAMADO_WEB=OFF" >&2
  exit 1
fi
