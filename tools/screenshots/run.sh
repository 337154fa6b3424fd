#!/usr/bin/env bash
# README screenshots: a throw-away database served by `make run` on a free
# loopback port, seeded with a Polish office, shot with Chromium headless.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
ODOO="$(find_odoo_bin)"
DB="mi_shots_$$"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
OUT="${1:-$ROOT/docs/screenshots}"
# run.sh sets this password for admin on the first start (else a random one).
export SHOTS_ADMIN_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"
MILLENNIUM_ADMIN_PASSWORD="$SHOTS_ADMIN_PASSWORD" MILLENNIUM_DB="$DB" MILLENNIUM_PORT="$PORT" bash "$ROOT/tools/run.sh" >"$ROOT/.test-logs/shots-server.log" 2>&1 &
SERVER=$!
# The server ends by our SIGTERM (status 143): not a failure of the shots.
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; dropdb --if-exists "$DB"' EXIT
until curl -sf "http://127.0.0.1:$PORT/web/login" >/dev/null; do sleep 2; done
"$ODOO" shell --addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$ROOT/.odoo-data" \
    -d "$DB" --no-http --log-level=warn <"$ROOT/tools/screenshots/seed.py"
"$(odoo_python "$ODOO")" "$ROOT/tools/screenshots/shoot.py" "http://127.0.0.1:$PORT" "$OUT"
