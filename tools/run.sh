#!/usr/bin/env bash
# Host path (`make run`): Odoo on http://127.0.0.1:8069 with millennium_inbox
# installed in the database "${MILLENNIUM_DB:-millennium}" (created on first
# run, updated after).
#
# - Odoo runs with workers and queue_job's job runner: processing jobs are
#   spread over the workers; the runner calls Odoo's HTTP port directly.
# - With workers, Odoo 18 serves the bus (/websocket: live lists and forms)
#   only on its gevent port, so people reach Odoo through tools/front.py on
#   MILLENNIUM_PORT, which sends /websocket to the gevent port and everything
#   else to the HTTP port (what the README's nginx/Caddy examples do).
# - The database manager is closed (--no-database-list), and the first start
#   sets a random password for the administrator (login "admin") and prints
#   it once; MILLENNIUM_ADMIN_PASSWORD chooses it instead (on the first start,
#   or on any start to reset it).
#
# MILLENNIUM_PORT (8069) is the port people use; Odoo itself listens on
# MILLENNIUM_HTTP_PORT (PORT+1) and MILLENNIUM_GEVENT_PORT (PORT+3: 8072), on
# 127.0.0.1 only. MILLENNIUM_WORKERS (4), MILLENNIUM_DATA_DIR (.odoo-data),
# SMTP_HOST / SMTP_PORT (127.0.0.1:1025).
set -euo pipefail
source "$(dirname "$0")/common.sh"

ODOO="$(find_odoo_bin)"
[ -n "$ODOO" ] || { log "no Odoo 18 server found: set ODOO_BIN or put odoo-bin on PATH"; exit 1; }
[ "${MILLENNIUM_DEPS_CHECKED:-}" = 1 ] || "$ROOT/tools/ensure_deps.sh"

DB="${MILLENNIUM_DB:-millennium}"
PORT="${MILLENNIUM_PORT:-8069}"
HTTP_PORT="${MILLENNIUM_HTTP_PORT:-$((PORT + 1))}"
GEVENT_PORT="${MILLENNIUM_GEVENT_PORT:-$((PORT + 3))}"
DATA_DIR="${MILLENNIUM_DATA_DIR:-$ROOT/.odoo-data}"
ADMIN_FLAG=millennium_inbox.admin_password_set

# -d alone exposes only this database; a --db-filter would make Odoo list the
# server's databases, over a new connection, for every request without a
# session cookie (every phone upload; bench/README.md, Mobile uploads).
common=(--addons-path="$(odoo_addons_path "$ODOO")" --data-dir="$DATA_DIR"
        -d "$DB" --no-database-list)

sql() { psql -d "$DB" -Atqc "$1" 2>/dev/null || true; }

installed="select 1 from ir_module_module where name = 'millennium_inbox' and state = 'installed'"
if [ -n "$(sql "$installed")" ]; then
    action=(-u millennium_inbox)
else
    psql -lqt | cut -d '|' -f 1 | grep -qw "$DB" || createdb "$DB"
    log "first start: installing millennium_inbox into the database \"$DB\""
    "$ODOO" "${common[@]}" -i millennium_inbox --without-demo=all --stop-after-init \
        --no-http --log-level=warn
    action=()
fi

# The administrator's password: set (and shown once) on the first start, or
# when MILLENNIUM_ADMIN_PASSWORD asks; a database an older `make run` left with
# admin/admin gets a random one too.
admin_password() {
    "$ODOO" shell "${common[@]}" --no-http --log-level=warn >/dev/null <<PY
import os
from odoo.exceptions import AccessDenied
admin = env.ref("base.user_admin")
password = os.environ.get("MILLENNIUM_NEW_ADMIN_PASSWORD")
if not password:
    try:
        admin.with_user(admin)._check_credentials(
            {"type": "password", "password": "admin"}, {"interactive": True}
        )
        password = os.environ["MILLENNIUM_RANDOM_ADMIN_PASSWORD"]
    except AccessDenied:
        password = None
if password:
    admin.password = password
    with open(os.environ["MILLENNIUM_PASSWORD_NOTE"], "w") as note:
        note.write("set")
env["ir.config_parameter"].set_param("$ADMIN_FLAG", "1")
env.cr.commit()
PY
}
if [ -n "${MILLENNIUM_ADMIN_PASSWORD:-}" ] || [ -z "$(sql "select 1 from ir_config_parameter where key = '$ADMIN_FLAG'")" ]; then
    note="$(mktemp)"
    random="$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"
    MILLENNIUM_NEW_ADMIN_PASSWORD="${MILLENNIUM_ADMIN_PASSWORD:-}" \
        MILLENNIUM_RANDOM_ADMIN_PASSWORD="$random" MILLENNIUM_PASSWORD_NOTE="$note" admin_password
    if [ -s "$note" ]; then
        if [ -n "${MILLENNIUM_ADMIN_PASSWORD:-}" ]; then
            shown="the one in MILLENNIUM_ADMIN_PASSWORD"
        else
            shown="$random"
        fi
        cat <<EOF

  ================================================================
  Odoo: http://127.0.0.1:$PORT  (database "$DB")
  Log in as:  admin
  Password:   $shown
  Shown only this once: keep it, or change it in Odoo (Preferences)
  or with  MILLENNIUM_ADMIN_PASSWORD=... make run
  ================================================================

EOF
    fi
    rm -f "$note"
fi

# millennium_inbox server-wide: a listen queue of 64 connections per worker
# (Odoo's 8 makes a burst of phone uploads wait 1-3 s for the kernel's SYN
# retransmission; README, "The listen queue").
# Workers and queue_job's job runner (server-wide); the runner calls back
# Odoo's own HTTP port, not the front.
export ODOO_QUEUE_JOB_PORT="$HTTP_PORT" ODOO_QUEUE_JOB_HOST=127.0.0.1
export ODOO_QUEUE_JOB_MAX_CAPACITY="${ODOO_QUEUE_JOB_MAX_CAPACITY:-4}"

# Odoo 18's gevent process (the bus) imports pkg_resources, which setuptools
# 81 and later no longer ship: without it that process dies at start and
# nothing is live. A stand-in on importlib.metadata, for this server only.
if ! "$(odoo_python "$ODOO")" -c "import pkg_resources" >/dev/null 2>&1; then
    shim="$DATA_DIR/pkg_resources_shim"
    mkdir -p "$shim"
    printf '%s\n' "from importlib.metadata import entry_points" "" "" \
        "def iter_entry_points(group, name=None):" \
        "    return [ep for ep in entry_points(group=group) if name is None or ep.name == name]" \
        >"$shim/pkg_resources.py"
    export PYTHONPATH="$shim${PYTHONPATH:+:$PYTHONPATH}"
fi

python3 "$ROOT/tools/front.py" --listen "${MILLENNIUM_BIND:-127.0.0.1}:$PORT" \
    --http "$HTTP_PORT" --gevent "$GEVENT_PORT" &
FRONT=$!
"$ODOO" "${common[@]}" "${action[@]}" \
    --workers="${MILLENNIUM_WORKERS:-4}" --max-cron-threads=1 --load=base,web,queue_job,millennium_inbox \
    --limit-time-real=900 --limit-time-cpu=600 \
    --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --gevent-port="$GEVENT_PORT" \
    --smtp="${SMTP_HOST:-127.0.0.1}" --smtp-port="${SMTP_PORT:-1025}" &
SERVER=$!
# A background child ignores Ctrl-C in a script: stop both on INT/TERM.
stop() { kill -TERM "$SERVER" "$FRONT" 2>/dev/null || true; }
trap stop INT TERM
trap 'stop; wait' EXIT
log "Odoo on http://127.0.0.1:$PORT (pages: $HTTP_PORT, /websocket: $GEVENT_PORT)"
wait "$SERVER"
