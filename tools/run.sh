#!/usr/bin/env bash
# Host path: Odoo on 127.0.0.1:8069 with millennium_inbox installed in the
# database "${MILLENNIUM_DB:-millennium}" (created on first run, updated after).
set -euo pipefail
source "$(dirname "$0")/common.sh"

ODOO="$(find_odoo_bin)"
[ -n "$ODOO" ] || { log "no Odoo 18 server found: set ODOO_BIN or put odoo-bin on PATH"; exit 1; }
"$ROOT/tools/ensure_deps.sh"

DB="${MILLENNIUM_DB:-millennium}"
installed="select 1 from ir_module_module where name = 'millennium_inbox' and state = 'installed'"
if psql -d "$DB" -tAc "$installed" 2>/dev/null | grep -q 1; then
    action=(-u millennium_inbox)
else
    psql -lqt | cut -d '|' -f 1 | grep -qw "$DB" || createdb "$DB"
    action=(-i millennium_inbox)
fi
# Workers and queue_job's job runner (server-wide): processing jobs are spread
# over the workers. The runner calls back this server's port.
PORT="${MILLENNIUM_PORT:-8069}"
export ODOO_QUEUE_JOB_PORT="$PORT" ODOO_QUEUE_JOB_HOST=127.0.0.1
export ODOO_QUEUE_JOB_MAX_CAPACITY="${ODOO_QUEUE_JOB_MAX_CAPACITY:-4}"
exec "$ODOO" --addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$ROOT/.odoo-data" \
    -d "$DB" --db-filter="^$DB\$" "${action[@]}" \
    --workers="${MILLENNIUM_WORKERS:-4}" --max-cron-threads=1 --load=base,web,queue_job \
    --limit-time-real=900 --limit-time-cpu=600 \
    --http-interface=127.0.0.1 --http-port="$PORT" \
    --smtp="${SMTP_HOST:-127.0.0.1}" --smtp-port="${SMTP_PORT:-1025}"
