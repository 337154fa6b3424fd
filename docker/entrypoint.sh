#!/usr/bin/env bash
# docker compose's Odoo (see docker-compose.yml and README):
# 1. writes the runtime configuration: odoo.conf plus the master password
#    (ODOO_MASTER_PASSWORD, required) and proxy_mode (ODOO_PROXY_MODE, off
#    unless set: only behind a proxy may X-Forwarded-* headers be trusted);
# 2. installs millennium_inbox on the first start, and then sets the password
#    of the administrator (login "admin") from ODOO_ADMIN_PASSWORD, so no
#    database ever answers to admin/admin;
# 3. serves, updating the module (-u) on every later start instead of
#    re-initialising it (-i).
#
# MILLENNIUM_ROLE (docker-compose.yml; README "Web servers and job servers"):
#   web     installs/updates the addon, serves people: no job runner
#           (queue_job's channels root:0), no cron;
#   worker  a job server: waits until the web server has installed the addon,
#           never installs or updates it, runs jobs and crons (odoo.conf);
#           its processes and their tesseract children yield the CPU to every
#           other process of the host (MILLENNIUM_JOB_CPU, below);
#   all     (default) one server doing both, as before.
set -euo pipefail

TEMPLATE="${MILLENNIUM_CONF_TEMPLATE:-/etc/odoo/odoo.conf}"
RC="${ODOO_RC:-/tmp/odoo.conf}"
ODOO="${MILLENNIUM_ODOO_BIN:-odoo}"
MODULE=millennium_inbox
ADMIN_FLAG=millennium_inbox.admin_password_set

say() { echo "[millennium entrypoint] $*" >&2; }

# The value of an option of the template ("" when absent).
conf() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$TEMPLATE" | tail -n 1 | tr -d '\r'
}

single_line() { [[ "$1" != *$'\n'* && "$1" != *$'\r'* ]]; }

if [ -z "${ODOO_MASTER_PASSWORD:-}" ]; then
    say "ODOO_MASTER_PASSWORD is not set: Odoo will not start with a default master password."
    exit 1
fi
single_line "$ODOO_MASTER_PASSWORD" || { say "ODOO_MASTER_PASSWORD must be one line"; exit 1; }
case "${ODOO_PROXY_MODE:-}" in
    1 | true | True | TRUE | yes | on) proxy_mode=True ;;
    *) proxy_mode=False ;;
esac

umask 077
{
    cat "$TEMPLATE"
    echo
    echo "; written by the entrypoint from the environment"
    echo "admin_passwd = $ODOO_MASTER_PASSWORD"
    echo "proxy_mode = $proxy_mode"
} >"$RC"
say "configuration $RC written (proxy_mode = $proxy_mode)"

DB="$(conf db_name)"
export PGHOST PGPORT PGUSER PGPASSWORD
PGHOST="$(conf db_host)"
PGPORT="$(conf db_port)"
PGUSER="$(conf db_user)"
PGPASSWORD="$(conf db_password)"
[ -n "$PGHOST" ] || unset PGHOST
[ -n "$PGPORT" ] || unset PGPORT
[ -n "$PGUSER" ] || unset PGUSER
[ -n "$PGPASSWORD" ] || unset PGPASSWORD

for _try in $(seq 1 60); do
    psql -d postgres -Atqc "select 1" >/dev/null 2>&1 && break
    [ "$_try" = 60 ] && { say "PostgreSQL does not answer"; exit 1; }
    sleep 1
done

sql() { psql -d "$DB" -Atqc "$1" 2>/dev/null || true; }

ROLE="${MILLENNIUM_ROLE:-all}"
case "$ROLE" in
    # millennium_inbox server-wide for its listen queue (README, "The listen
    # queue"); it imports queue_job, whose runner root:0 keeps off here.
    web)
        role_options=(--load=base,web,millennium_inbox --max-cron-threads=0)
        export ODOO_QUEUE_JOB_CHANNELS=root:0
        ;;
    worker | all) role_options=() ;;
    *) say "MILLENNIUM_ROLE must be web, worker or all (not \"$ROLE\")"; exit 1 ;;
esac

if [ "$ROLE" = worker ]; then
    # MILLENNIUM_JOB_CPU: how a job server shares a host's cores.
    #   idle    (default) SCHED_IDLE (chrt --idle 0, inherited by tesseract):
    #           the OCR gets a core only when no other process wants it, so a
    #           web server on the same host answers at its idle speed
    #           (bench/bench_scale.py); on a host of its own it loses nothing;
    #   normal  the scheduler's default, as every other process.
    case "${MILLENNIUM_JOB_CPU:-idle}" in
        idle)
            if chrt --idle 0 true 2>/dev/null; then
                job_cpu=(chrt --idle 0)
            else
                job_cpu=()
                say "WARNING: chrt --idle refused here: the job server runs at normal priority"
            fi
            ;;
        normal) job_cpu=() ;;
        *) say "MILLENNIUM_JOB_CPU must be idle or normal (not \"$MILLENNIUM_JOB_CPU\")"; exit 1 ;;
    esac
    # One thread per OCR library: parallelism comes from the jobs (queue_job's
    # capacity). Tesseract's OpenMP (the addon sets it per call too), and
    # OpenCV's straightening, which takes a thread per core by default. ONNX
    # Runtime (the second engine) is held to one thread by the addon.
    export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"
    export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
    export OPENCV_FOR_THREADS_NUM="${OPENCV_FOR_THREADS_NUM:-1}"
    # The web server installs and updates; a job server only waits for it.
    for _try in $(seq 1 600); do
        [ "$(sql "select state from ir_module_module where name = '$MODULE'")" = installed ] && break
        [ "$_try" = 600 ] && { say "$MODULE is still not installed in \"$DB\" (the web server installs it)"; exit 1; }
        sleep 2
    done
    say "job server on the database \"$DB\" (CPU: ${MILLENNIUM_JOB_CPU:-idle})"
    exec "${job_cpu[@]}" "$ODOO" --config="$RC" -d "$DB" "$@"
fi

state="$(sql "select state from ir_module_module where name = '$MODULE'")"
if [ "$state" != installed ]; then
    if [ -z "${ODOO_ADMIN_PASSWORD:-}" ]; then
        say "first start: set ODOO_ADMIN_PASSWORD, the password of the administrator" \
            "(login admin) of the new database \"$DB\"."
        exit 1
    fi
    say "first start: installing $MODULE into the database \"$DB\""
    "$ODOO" --config="$RC" -d "$DB" -i "$MODULE" --stop-after-init --no-http
fi

if [ -z "$(sql "select 1 from ir_config_parameter where key = '$ADMIN_FLAG'")" ]; then
    if [ -n "${ODOO_ADMIN_PASSWORD:-}" ]; then
        say "setting the administrator's password from ODOO_ADMIN_PASSWORD"
        "$ODOO" shell --config="$RC" -d "$DB" --no-http --log-level=warn >/dev/null <<PY
import os
env.ref("base.user_admin").password = os.environ["ODOO_ADMIN_PASSWORD"]
env["ir.config_parameter"].set_param("$ADMIN_FLAG", "1")
env.cr.commit()
PY
        [ -n "$(sql "select 1 from ir_config_parameter where key = '$ADMIN_FLAG'")" ] ||
            { say "setting the administrator's password failed"; exit 1; }
    else
        say "WARNING: the administrator's password of \"$DB\" was never set here:" \
            "if it is still \"admin\", change it now (or start once with ODOO_ADMIN_PASSWORD)."
    fi
fi

action=()
[ "$state" = installed ] && action=(-u "$MODULE")
say "starting Odoo ($ROLE) on the database \"$DB\" ${action[*]:-(just installed)}"
exec "$ODOO" --config="$RC" -d "$DB" "${action[@]}" "${role_options[@]}" "$@"
