#!/usr/bin/env bash
# Creates or refreshes the virtual environment holding the test tooling
# (pytest, ruff, pylint-odoo, reportlab... pinned in requirements-test.txt) and
# prints its path. Never installs into the system Python. Quick when the venv
# already matches the requirement files (a stamp holds their checksum).
# MILLENNIUM_VENV overrides the location (default: $ROOT/.venv).
set -euo pipefail
source "$(dirname "$0")/common.sh"

VENV="$(tools_venv_dir)"
STAMP="$VENV/.millennium-requirements"
want="$(cat "$ROOT/requirements-test.txt" "$ROOT/requirements.txt" | sha256sum | cut -d ' ' -f 1)"

if [ ! -x "$VENV/bin/python" ]; then
    log "creating the test tools' virtual environment in $VENV"
    if ! python3 -m venv "$VENV" >&2; then
        log "python3 cannot create a virtual environment (on Debian/Ubuntu: apt-get install python3-venv)"
        exit 2
    fi
fi
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
    log "installing requirements-test.txt into $VENV"
    # pip's notes about unreachable local index mirrors are noise here.
    "$VENV/bin/python" -m pip install -q -r "$ROOT/requirements-test.txt" 2> >(grep -v ' is ignored: ' >&2) >&2 ||
        { log "pip could not install requirements-test.txt into $VENV"; exit 2; }
    echo "$want" >"$STAMP"
fi
# The optional second OCR engine here too, so that the pure tests and
# bench_receipts read till receipts as processing does (tools/common.sh).
ensure_ocr_engine "$VENV/bin/python" ||
    log "the second OCR engine is not installed in $VENV: till receipts are read by Tesseract alone"
echo "$VENV"
