"""`make run` as a person meets it: a server started by tools/run.sh (workers,
so pages on Odoo's HTTP port and the bus on its gevent port, with
tools/front.py in front), on a throw-away database and free loopback ports.

- The first start prints the administrator's password once; it logs in,
  admin/admin does not, and the database manager is closed.
- Live updates: a browser's bus connection (/websocket on the address people
  use) subscribes, a photo is uploaded, its processing job runs on a worker,
  and the document's change arrives over the websocket without any reload.
  The same /websocket on Odoo's HTTP port alone is refused: the routing is
  what makes it work.

Run by tools/test.sh after the Odoo suite (MILLENNIUM_LIVE=1); plain
`pytest tests` leaves it out (see tests/conftest.py).
"""

import base64
import io
import json
import time

import pytest
import requests
import websocket
from PIL import Image, ImageDraw

CHANGED = "millennium_inbox/changed"


def rpc(server, session, model, method, *args, **kwargs):
    response = session.post(
        f"{server.url}/web/dataset/call_kw/{model}/{method}",
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
        timeout=60,
    )
    response.raise_for_status()
    body = response.json()
    assert "error" not in body, body.get("error")
    return body["result"]


def login(server, password):
    session = requests.Session()
    response = session.post(
        f"{server.url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": server.db, "login": "admin", "password": password},
        },
        timeout=60,
    )
    response.raise_for_status()
    return session, response.json()


def open_bus(url, session):
    """The bus connection Odoo's web client opens, with its session cookie."""
    ws_url = url.replace("http://", "ws://") + "/websocket"
    return websocket.create_connection(
        ws_url,
        origin=url,
        cookie=f"session_id={session.cookies['session_id']}",
        timeout=10,
    )


def a_photo():
    image = Image.new("RGB", (900, 1200), "white")
    draw = ImageDraw.Draw(image)
    for row, text in enumerate(
        ("FAKTURA VAT 12/2026", "Sprzedawca: Firma", "Razem: 123,00 PLN")
    ):
        draw.text((80, 120 + 60 * row), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def test_first_start_prints_the_admin_password_and_closes_the_database_manager(
    live_server,
):
    assert live_server.password, "run.sh printed no password on the first start"
    _session, answer = login(live_server, live_server.password)
    assert answer.get("result", {}).get("uid"), answer
    _wrong, refused = login(live_server, "admin")
    assert "error" in refused or not refused.get("result", {}).get("uid")
    manager = requests.get(f"{live_server.url}/web/database/manager", timeout=30)
    assert "database manager has been disabled" in manager.text
    for method, args in (
        ("list", []),
        # Odoo's default master password, were the manager open.
        ("create_database", ["admin", f"{live_server.db}_evil", False, "en_US", "x"]),
        ("drop", ["admin", live_server.db]),
    ):
        answer = requests.post(
            f"{live_server.url}/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": "db", "method": method, "args": args},
            },
            timeout=60,
        ).json()
        assert "error" in answer, (method, answer)
    assert login(live_server, live_server.password)[1]["result"]["uid"]


def test_websocket_on_odoo_http_port_alone_is_refused(live_server):
    session, _answer = login(live_server, live_server.password)
    with pytest.raises(websocket.WebSocketException):
        open_bus(f"http://127.0.0.1:{live_server.http_port}", session).close()


def test_processed_photo_reaches_the_open_bus_without_reload(live_server):
    session, _answer = login(live_server, live_server.password)
    bus = open_bus(live_server.url, session)
    try:
        bus.send(
            json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
        )
        time.sleep(1)  # the subscription is taken before the upload's notifications
        attachment = rpc(
            live_server,
            session,
            "ir.attachment",
            "create",
            [{"name": "paragon.jpg", "datas": base64.b64encode(a_photo()).decode()}],
        )[0]
        wizard = rpc(
            live_server,
            session,
            "millennium.inbox.upload",
            "create",
            [{"attachment_ids": [(6, 0, [attachment])]}],
        )[0]
        rpc(live_server, session, "millennium.inbox.upload", "action_upload", [wizard])
        (document,) = rpc(
            live_server,
            session,
            "millennium.inbox.document",
            "search_read",
            [],
            fields=["state"],
            order="id desc",
            limit=1,
        )
        # A photo is never read in the upload request: a job reads it.
        assert document["state"] == "received", document
        states = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                frame = bus.recv()
            except websocket.WebSocketTimeoutException:
                continue
            for notification in json.loads(frame):
                message = notification.get("message", {})
                if (
                    message.get("type") == CHANGED
                    and document["id"] in message["payload"]["ids"]
                ):
                    (now,) = rpc(
                        live_server,
                        session,
                        "millennium.inbox.document",
                        "read",
                        [document["id"]],
                        fields=["state"],
                    )
                    states.add(now["state"])
            if states - {"received"}:
                break
        assert states - {"received"}, (
            "no notification of the processed document over /websocket"
            f" (states seen: {states})"
        )
    finally:
        bus.close()
