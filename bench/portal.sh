#!/usr/bin/env bash
# The portal's first load (issue 9; docs/portal.md "Size"): what a browser downloads for its
# first visit to / — the HTML, then every script and stylesheet it names — with and without
# gzip (the server sends the build's gzip copies), and the time the release binary takes to
# answer those files, one request at a time over one keep-alive connection (curl), and at
# load (wrk, if installed) for the largest one. Release build (the portal embedded).
#
#   bash bench/portal.sh [--requests 2000] [--bin BINARY]   (another binary: e.g. a CI build;
#   the sizes are the same, the times are that build's)
set -euo pipefail
cd "$(dirname "$0")/.."
N=2000
BIN_ARG=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requests) N=$2; shift 2 ;;
    --bin) BIN_ARG=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
source bench/lib.sh
bench_setup portal "$BIN_ARG"
"$BIN" migrate --data "$WORK/data" >/dev/null
start_node "$WORK/data"

html=$(curl -sf "$BASE/")
mapfile -t assets < <(grep -oE '(src|href)="/assets/[^"]+"' <<<"$html" | sed -E 's/.*"(\/assets\/[^"]+)"/\1/')
((${#assets[@]})) || { echo "no assets named by / (is the portal embedded?)"; exit 1; }
raw=0
gz=0
printf '%-40s %10s %10s\n' "file" "bytes" "gzip"
for path in / "${assets[@]}"; do
  r=$(curl -s -o /dev/null -w '%{size_download}' "$BASE$path")
  g=$(curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "$BASE$path")
  printf '%-40s %10s %10s\n' "$path" "$r" "$g"
  raw=$((raw + r))
  gz=$((gz + g))
done
printf '%-40s %10s %10s\n' "first load, total" "$raw" "$gz"

# Latency of the script file, N sequential requests on one connection (curl reuses it).
js=$(printf '%s\n' "${assets[@]}" | grep '\.js$' | head -1)
args=()
for ((i = 0; i < N; i++)); do args+=(-o /dev/null "$BASE$js"); done  # -o applies to one URL each
curl -s -H 'Accept-Encoding: gzip' -w '%{time_total}\n' "${args[@]}" |
  sort -n | awk -v n="$N" '{ t[NR] = $1 * 1000 } END {
    printf "%s (gzip), %d sequential requests: median %.3f ms, p99 %.3f ms\n", "'"$js"'", n, t[int(NR * 0.5)], t[int(NR * 0.99)] }'
if command -v wrk >/dev/null; then
  wrk -t2 -c16 -d5s -H 'Accept-Encoding: gzip' "$BASE$js" | grep -E 'Requests/sec|Latency'
fi
