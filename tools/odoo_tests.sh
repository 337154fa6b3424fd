#!/usr/bin/env bash
# Installs the addon with --test-enable in a fresh database, then drops it.
# Fails on any failed, errored or skipped test, and on any ERROR in the log.
# Last line of stdout: "<passed> <failed>".
set -uo pipefail
source "$(dirname "$0")/common.sh"

ODOO="$1"
DB="mi_test_$$"
DATA_DIR="$(mktemp -d)"
LOG="$ROOT/.test-logs/odoo.log"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
TAGS="${MILLENNIUM_TEST_TAGS:-/millennium_inbox}"

cleanup() {
    dropdb --if-exists "$DB" >/dev/null 2>&1
    rm -rf "$DATA_DIR"
}
trap cleanup EXIT

log "Odoo suite: $ODOO, database $DB, port $PORT, log $LOG"
createdb "$DB" || { echo "0 1"; exit 1; }
"$ODOO" --addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$DATA_DIR" \
    -d "$DB" --db-filter="^$DB\$" -i millennium_inbox --without-demo=all \
    --test-enable --test-tags="$TAGS" --stop-after-init \
    --http-interface=127.0.0.1 --http-port="$PORT" --gevent-port="$((PORT + 1))" \
    --max-cron-threads=0 --log-level=info >"$LOG" 2>&1
rc=$?

python3 - "$LOG" "$rc" <<'PY'
import re, sys
log_path, rc = sys.argv[1], int(sys.argv[2])
text = open(log_path, encoding="utf-8", errors="replace").read()
lines = text.splitlines()
run = failures = errors = 0
for m in re.finditer(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", text):
    failures, errors, run = map(int, m.groups())
skips = [l for l in lines if re.search(r" INFO \S+ \S+: skipped ", l)]
bad = [l for l in lines if re.search(r" (ERROR|CRITICAL) ", l)]
# Warnings that concern our addon are defects too (the issue's install criterion).
ours = [l for l in lines if " WARNING " in l and "millennium_inbox" in l]
for l in bad + skips + ours:
    print(l)
failed = failures + errors + len(skips)
if failed == 0 and (bad or ours or rc):
    failed = 1  # the install itself failed or logged an error
if failed == 0 and run == 0:
    print("no Odoo test ran: the tags match nothing, or the module did not load")
    failed = 1
print(f"Odoo: {run} tests, {failures} failed, {errors} errors, {len(skips)} skipped,"
      f" {len(bad)} ERROR lines, {len(ours)} warnings about millennium_inbox, exit {rc}")
print(max(run - failures - errors - len(skips), 0), failed)
PY
