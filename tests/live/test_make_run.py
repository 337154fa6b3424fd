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

import io

import pytest
import requests
import websocket
from odoo_client import changes, login, open_bus, rpc, upload
from PIL import Image, ImageDraw


def a_photo():
    image = Image.new("RGB", (900, 1200), "white")
    draw = ImageDraw.Draw(image)
    lines = ("FAKTURA VAT 12/2026", "Sprzedawca: Firma", "Razem: 123,00 PLN")
    for row, text in enumerate(lines):
        draw.text((80, 120 + 60 * row), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def test_first_start_prints_the_password_and_closes_the_manager(live_server):
    url, db = live_server.url, live_server.db
    assert live_server.password, "run.sh printed no password on the first start"
    _session, answer = login(url, db, live_server.password)
    assert answer.get("result", {}).get("uid"), answer
    _wrong, refused = login(url, db, "admin")
    assert "error" in refused or not refused.get("result", {}).get("uid")
    manager = requests.get(f"{url}/web/database/manager", timeout=30)
    assert "database manager has been disabled" in manager.text
    for method, args in (
        ("list", []),
        # Odoo's default master password, were the manager open.
        ("create_database", ["admin", f"{db}_evil", False, "en_US", "x"]),
        ("drop", ["admin", db]),
    ):
        answer = requests.post(
            f"{url}/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": "db", "method": method, "args": args},
            },
            timeout=60,
        ).json()
        assert "error" in answer, (method, answer)
    assert login(url, db, live_server.password)[1]["result"]["uid"]


def test_websocket_on_odoo_http_port_alone_is_refused(live_server):
    session, _answer = login(live_server.url, live_server.db, live_server.password)
    with pytest.raises(websocket.WebSocketException):
        open_bus(f"http://127.0.0.1:{live_server.http_port}", session).close()


def test_processed_photo_reaches_the_open_bus_without_reload(live_server):
    url = live_server.url
    session, _answer = login(url, live_server.db, live_server.password)
    bus = open_bus(url, session)
    try:
        document = upload(url, session, "paragon.jpg", a_photo())
        (read,) = rpc(
            url, session, "millennium.inbox.document", "read", [document], ["state"]
        )
        # A photo is never read in the upload request: a job reads it.
        assert read["state"] == "received", read
        states = set()
        for ids in changes(bus, timeout=180):
            if document in ids:
                (now,) = rpc(
                    url,
                    session,
                    "millennium.inbox.document",
                    "read",
                    [document],
                    ["state"],
                )
                states.add(now["state"])
                if now["state"] != "received":
                    break
        assert states - {"received"}, (
            "no notification of the processed document over /websocket"
            f" (states seen: {states})"
        )
    finally:
        bus.close()
