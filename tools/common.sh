# Shared helpers for tools/*.sh (sourced, not executed).
# Finds the Odoo 18 server and the Python that runs it, and the addons path.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDONS_DIR="$ROOT/addons"
# Third-party addons taken out of their wheels by ensure_deps.sh (gitignored).
DEPS_ADDONS_DIR="$ROOT/.deps/addons"
# OCA queue_job: the job engine processing runs on. Only its addon folder goes
# on the addons path; pip-installing the wheel into the Python of a source
# checkout of Odoo would create a site-packages/odoo/ that shadows Odoo itself.
QUEUE_JOB_REQUIREMENT="odoo-addon-queue-job>=18.0.4,<18.1"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

# Prints the Odoo server command, or nothing when no Odoo is installed.
find_odoo_bin() {
    if [ -n "${ODOO_BIN:-}" ]; then
        command -v "$ODOO_BIN" 2>/dev/null || { [ -x "$ODOO_BIN" ] && echo "$ODOO_BIN"; }
        return 0
    fi
    command -v odoo-bin 2>/dev/null || command -v odoo 2>/dev/null || true
}

# The interpreter named in the server's shebang is the Python that runs Odoo.
odoo_python() {
    local bin real shebang
    bin="$(command -v "$1" || echo "$1")"
    real="$(readlink -f "$bin")"
    shebang="$(head -n 1 "$real")"
    case "$shebang" in
        "#!/usr/bin/env "*) command -v "${shebang#\#!/usr/bin/env }" ;;
        "#!"*) echo "${shebang#\#!}" | awk '{print $1}' ;;
        *) command -v python3 ;;
    esac
}

# Odoo's own addons next to a source checkout's odoo-bin, then ours and the
# third-party addons we depend on (queue_job).
odoo_addons_path() {
    local real dir
    real="$(readlink -f "$(command -v "$1" || echo "$1")")"
    dir="$(dirname "$real")"
    if [ -d "$dir/addons" ] && [ -d "$dir/odoo/addons" ]; then
        echo "$dir/odoo/addons,$dir/addons,$ADDONS_DIR,$DEPS_ADDONS_DIR"
    else
        echo "$ADDONS_DIR,$DEPS_ADDONS_DIR"
    fi
}

# The optional second OCR engine (intake/ocr_engine2.py; README): its other
# needs in requirements-ocr-engine.txt, itself without its opencv-python.
RAPIDOCR="rapidocr_onnxruntime==1.4.4"
# ensure_ocr_engine PYTHON: installs it into PYTHON unless it is there or
# MILLENNIUM_OCR_ENGINE2=0; returns 1 if pip fails (callers say so and go on).
ensure_ocr_engine() {
    local python="$1"
    [ "${MILLENNIUM_OCR_ENGINE2:-1}" = 0 ] && return 0
    "$python" -c "import importlib.util as u, sys; sys.exit(not u.find_spec('rapidocr_onnxruntime'))" \
        2>/dev/null && return 0
    log "installing $RAPIDOCR (without opencv-python) into $python"
    "$python" -m pip install -q -r "$ROOT/requirements-ocr-engine.txt" 2> >(grep -v " is ignored: " >&2) >&2 &&
        "$python" -m pip install -q --no-deps "$RAPIDOCR" 2> >(grep -v " is ignored: " >&2) >&2 ||
        { log "pip could not install $RAPIDOCR into $python"; return 1; }
}

# Where tools/tools_venv.sh keeps the test tooling (pytest, ruff, pylint-odoo).
tools_venv_dir() { echo "${MILLENNIUM_VENV:-$ROOT/.venv}"; }

# Prints the Odoo 18 server for the test suite. Fails with a sentence when
# none is found or the one found is not 18.0; with MILLENNIUM_SKIP_ODOO=1 it
# prints nothing and succeeds (the caller then reports the suite as skipped).
odoo_for_tests() {
    [ "${MILLENNIUM_SKIP_ODOO:-}" = 1 ] && return 0
    local odoo version
    odoo="$(find_odoo_bin)"
    if [ -z "$odoo" ]; then
        log "no Odoo 18 server found: set ODOO_BIN or put odoo-bin (or odoo) on PATH;" \
            "MILLENNIUM_SKIP_ODOO=1 runs only the pure tests and linters"
        return 1
    fi
    version="$("$odoo" --version 2>/dev/null)"
    case "$version" in
        "Odoo Server 18.0"*) echo "$odoo" ;;
        *)
            log "$odoo is not Odoo 18.0 (it says: ${version:-nothing})"
            return 1
            ;;
    esac
}
