#!/usr/bin/env bash
# Attachment benchmark: upload and download throughput (MB/s) and the server's peak RSS
# during a 20 MB upload, on a release build with the demo data, for the local blob store
# (SQLite, files in DATA/blobs) and the PostgreSQL blob store (chunked bytea; a durable
# throw-away cluster from scripts/pg-cluster.sh). Data lives under /tmp and is deleted at the end.
#
#   bash bench/uploads.sh [--files 20] [--size-mb 20] [--parallel 4] [--stores sqlite,pg]
#
# Each store gets a fresh server and 2 × FILES distinct random files (as PDFs), so every
# upload stores a new blob (no deduplication): FILES one after another, then FILES with
# PARALLEL at a time; then every file is downloaded through its content_url the same two ways.
# Uploads are curl --data-binary @file (Content-Length, Expect: 100-continue), as a client
# would send them. Prints one markdown table row per store and measure.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=20 SIZE_MB=20 PAR=4 STORES=sqlite,pg
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) FILES=$2; shift 2 ;;
    --size-mb) SIZE_MB=$2; shift 2 ;;
    --parallel) PAR=$2; shift 2 ;;
    --stores) STORES=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
source bench/lib.sh
bench_setup uploads

SIZE=$((SIZE_MB * 1024 * 1024))
echo "== generating $((2 * FILES)) files of $SIZE_MB MB in $WORK/files"
mkdir -p "$WORK/files"
for i in $(seq 1 $((2 * FILES))); do
  # "%PDF-" first (libmagic must see a PDF), then random bytes: every file a distinct blob.
  { printf '%%PDF-1.4\n%%'; head -c $((SIZE - 17)) /dev/urandom; printf '\n%%%%EOF\n'; } >"$WORK/files/f$i.pdf"
done

now_ns() { date +%s%N; }
mbps() { awk -v b="$1" -v ns="$2" 'BEGIN { printf "%.0f", b / 1048576 / (ns / 1e9) }'; }
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Starts a node; sets NODE_PORT and NODE_PID.

upload() {  # upload FILE -> prints the content_url; fails unless 201
  local out; out=$(curl -sS -u "$AUTH" -H 'Content-Type: application/binary' --data-binary "@$1" \
    -w '\n%{http_code}' "$BASE/api/v2/uploads.json?filename=$(basename "$1")")
  [[ "${out##*$'\n'}" == 201 ]] || { echo "upload of $1 failed: $out" >&2; return 1; }
  jq -r '.upload.attachment.content_url' <<<"${out%$'\n'*}"
}
download() {  # download URL; fails unless 200 with SIZE bytes
  local got; got=$(curl -sS -u "$AUTH" -o /dev/null -w '%{http_code} %{size_download}' "$1")
  [[ "$got" == "200 $SIZE" ]] || { echo "download of $1: $got" >&2; return 1; }
}
export -f upload download
export SIZE

measure() {  # measure LABEL
  local label=$1
  export AUTH BASE="http://127.0.0.1:$NODE_PORT"
  # Warm up (first use of the blob store and libmagic), then one upload alone for the peak RSS.
  head -c 100000 "$WORK/files/f1.pdf" >"$WORK/warm.pdf"
  upload "$WORK/warm.pdf" >/dev/null
  local idle_rss idle_hwm one_hwm
  idle_rss=$(rss_kb "$NODE_PID") idle_hwm=$(hwm_kb "$NODE_PID")
  upload "$WORK/files/f1.pdf" >"$WORK/urls"
  one_hwm=$(hwm_kb "$NODE_PID")

  local t0 t1 n
  t0=$(now_ns)
  for i in $(seq 2 "$FILES"); do upload "$WORK/files/f$i.pdf" >>"$WORK/urls"; done
  t1=$(now_ns)
  n=$((FILES - 1))
  echo "| $label | upload, 1 at a time | $n × $SIZE_MB MB | $(mbps $((n * SIZE)) $((t1 - t0))) |"
  t0=$(now_ns)
  seq $((FILES + 1)) $((2 * FILES)) | sed "s|^|$WORK/files/f|; s|$|.pdf|" |
    xargs -P "$PAR" -I{} bash -c 'upload "$1"' _ {} >>"$WORK/urls"
  t1=$(now_ns)
  echo "| $label | upload, $PAR at a time | $FILES × $SIZE_MB MB | $(mbps $((FILES * SIZE)) $((t1 - t0))) |"
  local par_hwm; par_hwm=$(hwm_kb "$NODE_PID")

  t0=$(now_ns)
  head -n "$FILES" "$WORK/urls" | while read -r u; do download "$u"; done
  t1=$(now_ns)
  echo "| $label | download, 1 at a time | $FILES × $SIZE_MB MB | $(mbps $((FILES * SIZE)) $((t1 - t0))) |"
  t0=$(now_ns)
  tail -n "$FILES" "$WORK/urls" | xargs -P "$PAR" -I{} bash -c 'download "$1"' _ {}
  t1=$(now_ns)
  echo "| $label | download, $PAR at a time | $FILES × $SIZE_MB MB | $(mbps $((FILES * SIZE)) $((t1 - t0))) |"
  local end_hwm; end_hwm=$(hwm_kb "$NODE_PID")
  RSS_LINES+=("| $label | $(mb "$idle_rss") | $(mb "$idle_hwm") | +$(mb $((one_hwm - idle_hwm))) | +$(mb $((par_hwm - idle_hwm))) | +$(mb $((end_hwm - idle_hwm))) |")
}

demo_token() {  # demo_token DATA [--db URL]: the agent's API token from `chamado demo`
  "$BIN" demo --data "$@" | awk -F'API token: ' '/ana.souza@chamado.local/ { print $2 }'
}

RSS_LINES=()
echo
echo "| store | measure | data | MB/s |"
echo "|---|---|---|---|"
if [[ ",$STORES," == *",sqlite,"* ]]; then
  "$BIN" migrate --data "$WORK/sqlite" >/dev/null
  AUTH="ana.souza@chamado.local/token:$(demo_token "$WORK/sqlite")"
  start_node "$WORK/sqlite"
  measure "sqlite, local dir"
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true
fi
if [[ ",$STORES," == *",pg,"* ]]; then
  # Durable (fsync and synchronous_commit on), like SQLite's synchronous=FULL.
  source "$ROOT/scripts/pg-cluster.sh"
  PG_DURABLE=1 pg_up >/dev/null
  PG_STARTED=1
  DB_URL="$CHAMADO_TEST_PG/bench"
  psql "$CHAMADO_TEST_PG/postgres" -qc "CREATE DATABASE bench" >/dev/null
  mkdir -p "$WORK/pg"
  "$BIN" migrate --data "$WORK/pg" --db "$DB_URL" >/dev/null
  AUTH="ana.souza@chamado.local/token:$(demo_token "$WORK/pg" --db "$DB_URL")"
  start_node "$WORK/pg" --db "$DB_URL"
  measure "postgresql, bytea chunks"
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true
fi
echo
echo "Server memory (MB): resident when idle, its peak before the uploads, and how much the peak"
echo "grew with one $SIZE_MB MB upload, with $PAR parallel uploads, and after the downloads."
echo
echo "| store | RSS idle | peak idle | + one upload | + $PAR parallel uploads | + downloads |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${RSS_LINES[@]}"
