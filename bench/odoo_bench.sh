#!/usr/bin/env bash
# Runs a bench script inside Odoo (`odoo-bin shell`, with `env` defined) on a
# throw-away database with millennium_inbox installed, then drops it.
# Usage: bench/odoo_bench.sh bench/bench_upload.py [args]
# The args reach the script shell-quoted in $BENCH_ARGS (shlex.split them).
# More modules installed next to millennium_inbox: those the script names in a
# line "# bench-modules: l10n_pl,..." of its own, and $BENCH_MODULES.
set -euo pipefail
source "$(dirname "$0")/../tools/common.sh"

SCRIPT="$(readlink -f "$1")"
shift
BENCH_ARGS=""
if [ $# -gt 0 ]; then BENCH_ARGS="$(printf '%q ' "$@")"; fi
export BENCH_ARGS
script_modules="$(sed -n 's/^# bench-modules: *//p' "$SCRIPT" | head -n 1 | tr -d ' ')"
MODULES="millennium_inbox${script_modules:+,$script_modules}${BENCH_MODULES:+,$BENCH_MODULES}"
ODOO="$(find_odoo_bin)"
[ -n "$ODOO" ] || { log "no Odoo 18 server found"; exit 1; }
DB="mi_bench_$$"
DATA_DIR="$(mktemp -d)"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1; rm -rf "$DATA_DIR"' EXIT
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
common=(--addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$DATA_DIR" -d "$DB"
        --http-port="$PORT" --log-level=warn)

createdb "$DB"
"$ODOO" "${common[@]}" -i "$MODULES" --without-demo=all --stop-after-init
BENCH_ROOT="$ROOT" "$ODOO" shell "${common[@]}" --no-http < "$SCRIPT"
