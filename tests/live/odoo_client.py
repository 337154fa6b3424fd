"""What a browser does with Odoo, over plain HTTP and the bus's websocket:
log in, call models (JSON-RPC), upload a file through the Inbox's upload
wizard, and listen on /websocket as the web client's bus worker does."""

import base64
import json
import time

import requests
import websocket

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
    subscribed to the user's own channels."""
    bus = websocket.create_connection(
        url.replace("http://", "ws://") + "/websocket",
        origin=url,
        cookie=f"session_id={session.cookies['session_id']}",
        timeout=10,
    )
    bus.send(
        json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
    )
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
