#!/usr/bin/env bash
# Installs web/node_modules exactly as package-lock.json says (npm ci) when it is missing or
# was installed from another lockfile; otherwise does nothing (so rebuilds stay offline and fast).
# Never downloads a browser: Playwright drives Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.chamado-lock-sha256
if [[ -f $stamp && "$(cat $stamp)" == "$sum" ]]; then exit 0; fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
echo "$sum" >$stamp
