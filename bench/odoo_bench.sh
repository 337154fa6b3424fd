#!/usr/bin/env bash
# Runs a bench script inside Odoo (`odoo-bin shell`, with `env` defined) on a
# throw-away database with millennium_inbox installed, then drops it.
# Usage: bench/odoo_bench.sh bench/bench_upload.py [args]   (or bench/run.sh bench_upload.py [args])
# The args reach the script shell-quoted in $BENCH_ARGS (shlex.split them);
# without args, $BENCH_ARGS from the environment is passed on.
# More modules installed next to millennium_inbox: those the script names in a
# line "# bench-modules: l10n_pl,..." of its own, and $BENCH_MODULES.
# BENCH_DB + BENCH_DATA_DIR: use (and keep) this database and data directory,
# installing the addon when it is not there yet: several benches, one install
# (tools/test.sh's smoke run of every bench).
set -euo pipefail
source "$(dirname "$0")/../tools/common.sh"

SCRIPT="$(readlink -f "$1")"
shift
if [ $# -gt 0 ]; then BENCH_ARGS="$(printf '%q ' "$@")"; fi
export BENCH_ARGS="${BENCH_ARGS:-}"
script_modules="$(sed -n 's/^# bench-modules: *//p' "$SCRIPT" | head -n 1 | tr -d ' ')"
EXTRA="${script_modules}${BENCH_MODULES:+${script_modules:+,}$BENCH_MODULES}"
ODOO="$(find_odoo_bin)"
[ -n "$ODOO" ] || { log "no Odoo 18 server found: set ODOO_BIN or put odoo-bin on PATH"; exit 1; }
# The addon's dependencies (queue_job's addon folder in .deps/addons) on a
# fresh clone: what make test and make run fetch first.
[ "${MILLENNIUM_DEPS_CHECKED:-}" = 1 ] || "$ROOT/tools/ensure_deps.sh"
if [ -n "${BENCH_DB:-}" ]; then
    DB="$BENCH_DB"
    DATA_DIR="${BENCH_DATA_DIR:?BENCH_DB needs BENCH_DATA_DIR (its filestore)}"
    mkdir -p "$DATA_DIR"
else
    DB="mi_bench_$$"
    DATA_DIR="$(mktemp -d)"
    trap 'dropdb --if-exists "$DB" >/dev/null 2>&1; rm -rf "$DATA_DIR"' EXIT
fi
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
common=(--addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$DATA_DIR" -d "$DB"
        --http-port="$PORT" --log-level=warn)

installed="select 1 from ir_module_module where name = 'millennium_inbox' and state = 'installed'"
if [ -z "$(psql -d "$DB" -Atqc "$installed" 2>/dev/null || true)" ]; then
    psql -lqt | cut -d '|' -f 1 | grep -qw "$DB" || createdb "$DB"
    "$ODOO" "${common[@]}" -i "millennium_inbox${EXTRA:+,$EXTRA}" \
        --without-demo=all --stop-after-init
elif [ -n "$EXTRA" ]; then
    "$ODOO" "${common[@]}" -i "$EXTRA" --without-demo=all --stop-after-init
fi
BENCH_ROOT="$ROOT" "$ODOO" shell "${common[@]}" --no-http < "$SCRIPT"
