#!/usr/bin/env bash
# Installs what the Odoo suite and the host run need, from package registries
# only: PostgreSQL, Chromium, Dovecot, nginx and Caddy (Debian), and requirements-odoo-test.txt
# (PyPI) into the Python that runs Odoo when one of its imports is missing.
# The test tooling lives in its own venv (tools/tools_venv.sh), never in the
# system Python. Idempotent and quick when everything is already there.
set -euo pipefail
source "$(dirname "$0")/common.sh"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    log "installing Debian packages: $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null ||
        { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

ensure_postgresql() {
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
        local ver cluster
        read -r ver cluster _ < <(pg_lsclusters -h | head -n 1)
        log "starting PostgreSQL $ver/$cluster"
        as_root pg_ctlcluster "$ver" "$cluster" start
    fi
    local me
    me="$(id -un)"
    if ! as_root su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='$me'\"" | grep -q 1; then
        log "creating PostgreSQL role $me"
        as_root su postgres -c "createuser --createdb --superuser '$me'"
    fi
}

ensure_chromium() {
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || apt_install chromium
}

ensure_tesseract() {
    # OCR of photos and scans: the engine with Polish and English data.
    local missing=()
    command -v tesseract >/dev/null || missing+=(tesseract-ocr)
    for lang in pol eng; do
        ls /usr/share/tesseract-ocr/*/tessdata/"$lang".traineddata >/dev/null 2>&1 ||
            missing+=("tesseract-ocr-$lang")
    done
    [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

ensure_proxies() {
    # tests/live runs README's nginx and Caddy examples (and compose's nginx
    # front) in front of make run's server.
    local missing=()
    command -v nginx >/dev/null || missing+=(nginx-light)
    command -v caddy >/dev/null || missing+=(caddy)
    [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

ensure_dovecot() {
    # The e-mail end-to-end test fetches from a real IMAP server on loopback.
    [ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd
}

# True for a system Python that forbids pip (PEP 668); a venv never does.
externally_managed() {
    "$1" - <<'PY'
import sys, sysconfig
from pathlib import Path
in_venv = sys.prefix != sys.base_prefix
marker = Path(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(0 if marker.exists() and not in_venv else 1)
PY
}

# pip install only when an import is missing, so a warm run costs nothing.
ensure_python_packages() {
    local python="$1" reqfile="$2"
    if ! "$python" - "$reqfile" <<'PY' 2>/dev/null; then
import importlib.metadata as md, re, sys
from pathlib import Path
def reqs(path):
    for line in Path(path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            yield from reqs(Path(path).parent / line[3:].strip())
        elif line:
            yield re.split(r"[<>=!~; ]", line)[0]
missing = []
for name in reqs(sys.argv[1]):
    try:
        md.version(name)
    except md.PackageNotFoundError:
        missing.append(name)
sys.exit(1 if missing else 0)
PY
        if externally_managed "$python"; then
            log "$python lacks packages of $(basename "$reqfile") and is an externally managed" \
                "system Python (PEP 668): pip may not install into it. Install them with the" \
                "system's package manager, or run Odoo from a virtual environment."
            return 1
        fi
        log "installing $(basename "$reqfile") into $python"
        "$python" -m pip install -q -r "$reqfile" ||
            { log "pip could not install $(basename "$reqfile") into $python"; return 1; }
    fi
}

# OCA queue_job from its wheel: only the addon folder, onto $DEPS_ADDONS_DIR
# (never pip-installed next to a source-checkout Odoo, see common.sh).
ensure_queue_job() {
    local python="$1"
    [ -f "$DEPS_ADDONS_DIR/queue_job/__manifest__.py" ] && return 0
    local tmp
    tmp="$(mktemp -d)"
    log "fetching $QUEUE_JOB_REQUIREMENT (addon folder only) into $DEPS_ADDONS_DIR"
    "$python" -m pip download -q --no-deps --only-binary=:all: -d "$tmp" "$QUEUE_JOB_REQUIREMENT"
    "$python" - "$tmp" "$DEPS_ADDONS_DIR" <<'PY'
import pathlib, shutil, sys, zipfile
tmp, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
(wheel,) = tmp.glob("odoo_addon_queue_job-*.whl")
with zipfile.ZipFile(wheel) as archive:
    members = [m for m in archive.namelist() if m.startswith("odoo/addons/queue_job/")]
    archive.extractall(tmp / "x", members)
target.mkdir(parents=True, exist_ok=True)
shutil.rmtree(target / "queue_job", ignore_errors=True)
shutil.move(str(tmp / "x/odoo/addons/queue_job"), str(target / "queue_job"))
PY
    rm -rf "$tmp"
}

ensure_postgresql
ensure_chromium
ensure_dovecot
ensure_proxies
ensure_tesseract
ODOO="$(find_odoo_bin)"
if [ -n "$ODOO" ]; then
    ensure_python_packages "$(odoo_python "$ODOO")" "$ROOT/requirements-odoo-test.txt"
    ensure_queue_job "$(odoo_python "$ODOO")"
    # optional for the addon: a failed install is said, not fatal
    ensure_ocr_engine "$(odoo_python "$ODOO")" ||
        log "the second OCR engine is not installed: till receipts are read by Tesseract alone"
fi
