"""What a browser does with Odoo, over plain HTTP and the bus's websocket:
log in, call models (JSON-RPC), upload a file through the Inbox's upload
wizard, and listen on /websocket as the web client's bus worker does; and
the server itself as `make run` starts it (make_run_server)."""

import base64
import contextlib
import json
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

import requests
import websocket

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 600

CHANGED = "millennium_inbox/changed"


def login(url, db, password, login_name="admin"):
    """(session, JSON-RPC answer) of /web/session/authenticate."""
    session = requests.Session()
    response = session.post(
        f"{url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": db, "login": login_name, "password": password},
        },
        timeout=60,
    )
    response.raise_for_status()
    return session, response.json()


def rpc(url, session, model, method, *args, **kwargs):
    response = session.post(
        f"{url}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        },
        timeout=120,
    )
    response.raise_for_status()
    body = response.json()
    assert "error" not in body, body.get("error")
    return body["result"]


def upload(url, session, name, data):
    """The Inbox's "Upload" with one file; returns the new document's id."""
    send_upload(url, session, name, data)
    return newest_document(url, session)


def send_upload(url, session, name, data):
    """The Inbox's "Upload" with one file, what the person waits for."""
    attachment = rpc(
        url,
        session,
        "ir.attachment",
        "create",
        [{"name": name, "datas": base64.b64encode(data).decode()}],
    )[0]
    wizard = rpc(
        url,
        session,
        "millennium.inbox.upload",
        "create",
        [{"attachment_ids": [(6, 0, [attachment])]}],
    )[0]
    rpc(url, session, "millennium.inbox.upload", "action_upload", [wizard])


def newest_document(url, session):
    """The id of the newest Inbox document the session sees."""
    (document,) = rpc(
        url,
        session,
        "millennium.inbox.document",
        "search",
        [],
        order="id desc",
        limit=1,
    )
    return document


def open_bus(url, session):
    """The bus connection Odoo's web client opens (session cookie, Origin),
    subscribed to the user's own channels, and the presence the web client
    reports as it connects (its im_status service): the Inbox wakes the
    screens of users present only."""
    bus = websocket.create_connection(
        url.replace("http://", "ws://") + "/websocket",
        origin=url,
        cookie=f"session_id={session.cookies['session_id']}",
        timeout=10,
    )
    bus.send(
        json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
    )
    presence = {"inactivity_period": 0, "im_status_ids_by_model": {}}
    bus.send(json.dumps({"event_name": "update_presence", "data": presence}))
    time.sleep(1)  # the subscription is in place before anything is sent
    return bus


def changes(bus, timeout):
    """Yields the document ids of each "Inbox changed" notification received
    within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            frame = bus.recv()
        except websocket.WebSocketTimeoutException:
            continue
        for notification in json.loads(frame):
            message = notification.get("message", {})
            if message.get("type") == CHANGED:
                yield message["payload"]["ids"]


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


@contextlib.contextmanager
def make_run_server(db, keep_db=False, data_dir=None, log_name="live-server.log"):
    """A `make run` server (tools/run.sh: workers, the job runner, the bus
    through tools/front.py) on the database `db` (installed when new), a
    fresh data directory and free loopback ports; stopped at the end, and the
    database dropped unless `keep_db` (then its filestore: `data_dir`). The
    password run.sh prints on the first start is read from its output, as a
    person reads it; a kept database gets a new one (MILLENNIUM_ADMIN_PASSWORD),
    being installed already."""
    port, http_port, gevent_port = free_port(), free_port(), free_port()
    own_data_dir = not data_dir
    data_dir = data_dir or tempfile.mkdtemp(prefix="mi_live_")
    log_dir = ROOT / ".test-logs"
    log_dir.mkdir(exist_ok=True)
    log = log_dir / log_name
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
    chosen = None
    if keep_db:
        chosen = base64.urlsafe_b64encode(os.urandom(12)).decode()
        env["MILLENNIUM_ADMIN_PASSWORD"] = chosen
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
        password = chosen or (printed and printed.group(1))
        yield LiveServer(url, db, http_port, gevent_port, password, log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if not keep_db:
            subprocess.run(["dropdb", "--if-exists", db], check=False)
        if own_data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
