"""The HTTP listen queue a server really has, as the kernel reports it
(`ss -ltn`: the Send-Q of a listening socket is its backlog).

Odoo's prefork server listens with 8 connections per worker; with
millennium_inbox server-wide (README, "The listen queue") it keeps 64 per
worker, or odoo.conf's `listen_backlog`, never above net.core.somaxconn.

- `make run` (tools/run.sh, 2 workers here) as it is deployed;
- a bare prefork server without a database: with the addon server-wide and
  `listen_backlog` in its configuration file, and without the addon (Odoo's
  own queue, unchanged).
"""

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests
from intake.listen_backlog import PER_WORKER, read_somaxconn
from odoo_client import ROOT, free_port

START_TIMEOUT = 180


def listen_queue(port):
    """Send-Q of the socket listening on 127.0.0.1:port, None when none."""
    out = subprocess.run(
        ["ss", "-Hltn", f"sport = :{port}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(out[2]) if len(out) > 2 else None


def tools(function, *args):
    """A function of tools/common.sh (the paths make run uses)."""
    return subprocess.run(
        ["bash", "-c", f'source "{ROOT}/tools/common.sh"; {function} "$@"', "-", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.fixture
def bare_server(tmp_path):
    """start(load, config_lines): a prefork server with 2 workers and no
    database on a free loopback port, answering HTTP; its port and log."""
    binary = tools("find_odoo_bin")
    addons = tools("odoo_addons_path", binary)
    started = []

    def start(load, config_lines=()):
        port = free_port()
        config = tmp_path / f"odoo-{port}.conf"
        config.write_text("\n".join(["[options]", *config_lines, ""]))
        log = tmp_path / f"odoo-{port}.log"
        with open(log, "w", encoding="utf-8") as out:
            process = subprocess.Popen(
                [
                    binary,
                    f"--config={config}",
                    f"--addons-path={addons}",
                    f"--data-dir={tempfile.mkdtemp(dir=tmp_path)}",
                    "--workers=2",
                    "--max-cron-threads=0",
                    f"--load={load}",
                    "--http-interface=127.0.0.1",
                    f"--http-port={port}",
                    f"--gevent-port={free_port()}",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # queue_job (imported by millennium_inbox) runs no job runner
                env=dict(os.environ, ODOO_QUEUE_JOB_CHANNELS="root:0"),
            )
        started.append(process)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, f"no answer on {port}"
            try:
                requests.get(f"http://127.0.0.1:{port}/web/health", timeout=10)
                break
            except requests.RequestException:
                time.sleep(1)
        return port, log

    yield start
    for process in started:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_make_run_listens_with_64_per_worker(live_server):
    # make_run_server starts tools/run.sh with 2 workers
    assert listen_queue(live_server.http_port) == min(2 * PER_WORKER, read_somaxconn())
    assert "HTTP listen queue" in Path(live_server.log).read_text(encoding="utf-8")


def test_listen_backlog_option_of_a_server_wide_addon(bare_server):
    port, log = bare_server(
        "base,web,queue_job,millennium_inbox", ["listen_backlog = 100"]
    )
    assert listen_queue(port) == min(100, read_somaxconn())
    assert f"HTTP listen queue: {min(100, read_somaxconn())} connections" in (
        log.read_text(encoding="utf-8")
    )


def test_without_the_addon_server_wide_odoos_queue_is_left(bare_server):
    port, log = bare_server("base,web,queue_job", ["listen_backlog = 100"])
    assert listen_queue(port) == 8 * 2
    assert "HTTP listen queue" not in log.read_text(encoding="utf-8")
