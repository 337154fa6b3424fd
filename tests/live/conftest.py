"""A `make run` server for the live tests: tools/run.sh on a throw-away
database, a fresh data directory and free loopback ports; stopped and dropped
at the end. The password run.sh prints on the first start is read from its
output, as a person reads it."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 600


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    db: str
    http_port: int
    gevent_port: int
    password: str
    log: Path


@pytest.fixture(scope="session")
def live_server():
    db = f"mi_live_{os.getpid()}"
    port, http_port, gevent_port = free_port(), free_port(), free_port()
    data_dir = tempfile.mkdtemp(prefix="mi_live_")
    log_dir = ROOT / ".test-logs"
    log_dir.mkdir(exist_ok=True)
    log = log_dir / "live-server.log"
    env = dict(
        os.environ,
        MILLENNIUM_DB=db,
        MILLENNIUM_PORT=str(port),
        MILLENNIUM_HTTP_PORT=str(http_port),
        MILLENNIUM_GEVENT_PORT=str(gevent_port),
        MILLENNIUM_DATA_DIR=data_dir,
        MILLENNIUM_WORKERS="2",
        SMTP_PORT=str(free_port()),  # nothing listens: mails fail quietly
    )
    env.pop("MILLENNIUM_ADMIN_PASSWORD", None)
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            ["bash", str(ROOT / "tools" / "run.sh")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, f"run.sh stopped: see {log}"
            assert time.monotonic() < deadline, f"no answer on {url}: see {log}"
            try:
                if requests.get(f"{url}/web/login", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                pass  # not listening yet, or still loading its registry
            time.sleep(2)
        printed = re.search(r"Password:\s+(\S+)", log.read_text(encoding="utf-8"))
        yield LiveServer(
            url, db, http_port, gevent_port, printed and printed.group(1), log
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        subprocess.run(["dropdb", "--if-exists", db], check=False)
        shutil.rmtree(data_dir, ignore_errors=True)
