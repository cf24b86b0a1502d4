#!/usr/bin/env bash
# Installs what Chamado needs to build and test on Debian 12 (as root). Idempotent: only
# missing packages are installed. Usage: scripts/install-deps.sh [--test]
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl tzdata
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libssl-dev libsodium-dev
  libjemalloc-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libhowardhinnant-date-dev
)
TEST_PKGS=(libgtest-dev libgmock-dev libcpp-httplib-dev clang-format nodejs npm)

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
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends "${clean[@]}" >/dev/null
else
  echo "all build dependencies present"
fi
