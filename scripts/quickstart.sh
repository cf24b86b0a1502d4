#!/usr/bin/env bash
# Quick start: install what is missing, build (release), create ./data with demo data and
# serve it on http://127.0.0.1:8080. Run from the repository root, as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build build/release -j"$(nproc)"
BIN=build/release/src/main/chamado
$BIN migrate --data ./data
echo
$BIN demo --data ./data
echo
echo "Chamado is starting: customer portal http://127.0.0.1:8080/ (log in as a demo customer above), API http://127.0.0.1:8080/api/v2 — Ctrl-C stops it."
echo "E-mail it sends is written to ./data/mail-out/*.eml (no mail server needed; docs/email.md)."
# Self-help e-mails on the demo's "Topic" field (docs/email.md "Self-help"); .eml files in ./data/mail-out.
export CHAMADO_SELF_HELP_FILE="${CHAMADO_SELF_HELP_FILE:-$PWD/config/self-help.example.toml}"
exec $BIN serve --data ./data --listen 127.0.0.1:8080
