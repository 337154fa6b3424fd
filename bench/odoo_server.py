"""What the benches that start their own Odoo servers share (bench_mobile,
bench_scale, bench_ocr's queue): the odoo-bin command `make test` and
`make run` use, on free loopback ports; the database (BENCH_DB's or a
throw-away one) with the addon installed; the server's environment; waiting
until a server answers; stopping it. The browser's side (log in, JSON-RPC,
the upload wizard) and free ports are tests/live/odoo_client.py's, as
bench_desk uses them.

Runs in the tools' environment (bench/run.sh), outside Odoo: no odoo import.
"""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "live"))
import odoo_client
from odoo_client import free_port

INSTALLED = (
    "select 1 from ir_module_module"
    " where name = 'millennium_inbox' and state = 'installed'"
)
# queue_job's runner connects this long after its server started.
RUNNER_DELAY = 6


def odoo_bin():
    found = (
        os.environ.get("ODOO_BIN") or shutil.which("odoo-bin") or shutil.which("odoo")
    )
    if not found:
        sys.exit(
            f"{Path(sys.argv[0]).name}: no Odoo 18 server found: set ODOO_BIN"
            " or put odoo-bin on PATH"
        )
    return found


@functools.cache
def addons_path(binary):
    """The addons path make test and make run use (tools/common.sh): Odoo's,
    ours, and the dependencies in .deps/addons (queue_job)."""
    return subprocess.run(
        [
            "bash",
            "-c",
            f'source "{ROOT}/tools/common.sh"; odoo_addons_path "$1"',
            "-",
            binary,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def command(binary, db, data_dir, *extra, port=None, db_filter=True):
    """odoo-bin on database `db` (and only it with `db_filter`), serving on
    loopback at `port` (None: no HTTP port given), `extra` arguments last."""
    http = []
    if port:
        http = [
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
        ]
    return [
        binary,
        f"--addons-path={addons_path(binary)}",
        f"--data-dir={data_dir}",
        "-d",
        db,
        *([f"--db-filter=^{db}$"] if db_filter else []),
        *http,
        *extra,
    ]


def psql(db, query):
    return subprocess.run(
        ["psql", "-d", db, "-Atqc", query], capture_output=True, text=True, check=False
    ).stdout.strip()


class Database:
    """The bench's database and filestore: BENCH_DB and BENCH_DATA_DIR (or
    `name`) when given, kept afterwards; else throw-away ones named after
    `prefix`, removed by `drop()`."""

    def __init__(self, prefix, name=None):
        name = name or os.environ.get("BENCH_DB")
        self.own = not name
        self.name = name or f"{prefix}_{os.getpid()}"
        self.own_data_dir = not os.environ.get("BENCH_DATA_DIR")
        self.data_dir = os.environ.get("BENCH_DATA_DIR") or tempfile.mkdtemp(
            prefix=f"{prefix}_"
        )

    def installed(self):
        return bool(psql(self.name, INSTALLED))

    def install(self, base, *extra, **run):
        """millennium_inbox installed with `base` (the odoo-bin command) unless
        it is already; `run`: subprocess.run's options. True if installed now."""
        if self.installed():
            return False
        subprocess.run(["createdb", self.name], check=False, capture_output=True)
        print(f"installing millennium_inbox into {self.name} (a few minutes)...")
        subprocess.run(
            [
                *base,
                "-i",
                "millennium_inbox",
                "--without-demo=all",
                "--stop-after-init",
                *extra,
            ],
            check=True,
            **run,
        )
        return True

    def drop(self, keep=False):
        """Remove what this bench made (unless `keep`)."""
        if keep:
            return
        if self.own:
            subprocess.run(["dropdb", "--if-exists", self.name], check=False)
        if self.own_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def _python_of(binary):
    """The interpreter odoo-bin runs with (its #! line), else this one."""
    try:
        with open(binary, "rb") as script:
            first = script.readline().decode(errors="replace").strip()
    except OSError:
        first = ""
    return first[2:].split() if first.startswith("#!") else [sys.executable]


def server_environment(binary, data_dir):
    """os.environ for a server. gevent (the prefork server's long-polling
    process) still imports pkg_resources, which setuptools 81+ no longer
    ships: without it that process dies at start and is respawned in a loop,
    eating the CPU the bench measures. Then a stand-in built on
    importlib.metadata, for this server only."""
    env = dict(os.environ)
    probe = subprocess.run(
        [*_python_of(binary), "-c", "import pkg_resources"],
        capture_output=True,
        check=False,
    )
    if probe.returncode:
        shim = Path(data_dir) / "shim"
        shim.mkdir(exist_ok=True)
        (shim / "pkg_resources.py").write_text(
            "from importlib.metadata import entry_points\n\n\n"
            "def iter_entry_points(group, name=None):\n"
            "    return [ep for ep in entry_points(group=group)"
            " if name is None or ep.name == name]\n"
        )
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(shim), env.get("PYTHONPATH")])
        )
    return env


def wait_ready(url, process, log=None, seconds=300):
    """Return once the server at `url` answers its login page; raise if its
    `process` stopped or it did not answer within `seconds`."""
    where = f", see {log}" if log else ""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Odoo stopped at start{where}")
        try:
            if requests.get(url + "/web/login", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Odoo did not start in {seconds} s{where}")


def stop(process, timeout=60):
    """Stop a server (terminate; kill if it is not gone within `timeout`)."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def login(url, db):
    """A web session of the admin (password "admin", as --without-demo
    installs leave it)."""
    session, answer = odoo_client.login(url, db, "admin")
    assert answer.get("result", {}).get("uid"), answer
    return session
