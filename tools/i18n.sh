#!/usr/bin/env bash
# Refreshes addons/millennium_inbox/i18n/millennium_inbox.pot from the code and
# views (Odoo's own exporter, on a throw-away database) and merges it into
# pl.po with msgmerge, keeping existing translations. New entries come out
# untranslated (or fuzzy): translate them, then run make test (a test checks
# that pl.po is complete).
set -euo pipefail
source "$(dirname "$0")/common.sh"

ODOO="$(find_odoo_bin)"
[ -n "$ODOO" ] || { log "no Odoo 18 server found"; exit 1; }
DB="mi_i18n_$$"
DATA_DIR="$(mktemp -d)"
I18N="$ADDONS_DIR/millennium_inbox/i18n"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1; rm -rf "$DATA_DIR"' EXIT

createdb "$DB"
"$ODOO" --addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$DATA_DIR" -d "$DB" \
    -i millennium_inbox --without-demo=all --stop-after-init --log-level=warn \
    --http-port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$ODOO" --addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$DATA_DIR" -d "$DB" \
    --modules=millennium_inbox --i18n-export="$I18N/millennium_inbox.pot" \
    --log-level=warn --stop-after-init
if [ -f "$I18N/pl.po" ]; then
    msgmerge --quiet --update --backup=none --no-wrap "$I18N/pl.po" "$I18N/millennium_inbox.pot"
else
    msginit --no-translator --no-wrap --locale=pl --input="$I18N/millennium_inbox.pot" --output-file="$I18N/pl.po"
fi
msgfmt --statistics --output-file=/dev/null "$I18N/pl.po"
