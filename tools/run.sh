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
exec "$ODOO" --addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$ROOT/.odoo-data" \
    -d "$DB" --db-filter="^$DB\$" "${action[@]}" \
    --http-interface=127.0.0.1 --http-port="${MILLENNIUM_PORT:-8069}" \
    --smtp="${SMTP_HOST:-127.0.0.1}" --smtp-port="${SMTP_PORT:-1025}"
