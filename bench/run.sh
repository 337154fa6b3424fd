#!/usr/bin/env bash
# Runs one bench in the environment `make test` builds:
#   bench/run.sh bench_split.py [args]       pure benches: the tools' venv
#                                            (tools/tools_venv.sh)
#   bench/run.sh bench_upload.py [args]      scripts for `odoo-bin shell`
#                                            (marked "bench: odoo-shell"):
#                                            bench/odoo_bench.sh, args in BENCH_ARGS
# Every bench takes --smoke: a tiny run (seconds) that checks it still works
# and measures nothing; tools/test.sh runs each that way.
set -euo pipefail
source "$(dirname "$0")/../tools/common.sh"

[ $# -ge 1 ] || { log "usage: bench/run.sh BENCH.py [args]"; exit 2; }
name="$(basename "$1")"
shift
script="$ROOT/bench/$name"
[ -f "$script" ] || { log "no bench named $name in bench/"; exit 2; }
if grep -q '^# bench: odoo-shell' "$script"; then
    BENCH_ARGS="$*" exec bash "$ROOT/bench/odoo_bench.sh" "$script"
fi
# bench_mobile and bench_ocr's queue start Odoo: queue_job's addon folder
# (.deps/addons) and the rest of what make test installs must be there.
# (tools/test.sh did it already: MILLENNIUM_DEPS_CHECKED=1)
[ "${MILLENNIUM_DEPS_CHECKED:-}" = 1 ] || "$ROOT/tools/ensure_deps.sh"
VENV="$("$ROOT/tools/tools_venv.sh")"
exec "$VENV/bin/python" "$script" "$@"
