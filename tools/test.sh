#!/usr/bin/env bash
# The one test command (README): dependencies, pure-Python tests, linters, and
# the Odoo suite on a fresh database when an Odoo 18 server is found.
# Ends with one line "N passed, N failed" summing both suites.
set -uo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

LOGDIR="$ROOT/.test-logs"
mkdir -p "$LOGDIR"
"$ROOT/tools/ensure_deps.sh" || { log "installing dependencies failed"; exit 2; }

passed=0
failed=0
status=0

# --- 1. pure Python (pytest) -------------------------------------------------
python3 -m pytest -q -p no:cacheprovider --junitxml="$LOGDIR/pytest.xml" tests
[ $? -eq 0 ] || status=1
read -r p f < <(python3 - "$LOGDIR/pytest.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print(0, 1); sys.exit()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get(k, 0)) for s in suites for k in ("failures", "errors", "skipped"))
print(tests - bad, bad)
PY
)
passed=$((passed + p)); failed=$((failed + f))

# --- 2. linters ----------------------------------------------------------------
if ! python3 -m ruff check --no-fix addons tests bench tools || ! python3 -m ruff format --check addons tests bench tools; then
    log "ruff found problems"; status=1
fi
if ! python3 -m pylint --rcfile=.pylintrc-mandatory addons/millennium_inbox; then
    log "pylint-odoo (mandatory checks) found problems"; status=1
fi

# --- 3. Odoo suite ---------------------------------------------------------------
ODOO="$(find_odoo_bin)"
if [ -z "$ODOO" ]; then
    echo "Odoo suite NOT run: no Odoo 18 server found (set ODOO_BIN, or put odoo-bin or odoo on PATH)."
else
    odoo_out="$("$ROOT/tools/odoo_tests.sh" "$ODOO")"
    echo "$odoo_out" | sed '$d'
    read -r op of <<<"$(echo "$odoo_out" | tail -n 1)"
    op=${op:-0}; of=${of:-1}
    passed=$((passed + op)); failed=$((failed + of))
    [ "$of" -eq 0 ] && [ "$op" -gt 0 ] || status=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
