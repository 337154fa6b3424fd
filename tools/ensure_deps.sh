#!/usr/bin/env bash
# Installs what the tests and the host run need, from package registries only:
# PostgreSQL and Chromium (Debian), Python packages (PyPI) into the Python that
# runs pytest and, when Odoo is found, into the Python that runs Odoo.
# Idempotent and quick when everything is already there.
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

ensure_dovecot() {
    # The e-mail end-to-end test fetches from a real IMAP server on loopback.
    [ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd
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
        log "installing $(basename "$reqfile") into $python"
        "$python" -m pip install -q -r "$reqfile"
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
ensure_python_packages "$(command -v python3)" "$ROOT/requirements-test.txt"
ODOO="$(find_odoo_bin)"
if [ -n "$ODOO" ]; then
    ensure_python_packages "$(odoo_python "$ODOO")" "$ROOT/requirements-odoo-test.txt"
    ensure_queue_job "$(odoo_python "$ODOO")"
else
    ensure_queue_job "$(command -v python3)"
fi
