"""Live updates in a real browser on `make run`'s server (workers, the bus
through tools/front.py): Chromium headless has the Inbox list open; a photo
is uploaded elsewhere (JSON-RPC, as a phone or a colleague would); the list
shows the new document, then its processing job's result ("To approve" or
"Failed" instead of "Received"), without anyone reloading the page."""

import io
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
import websocket
from odoo_client import login, rpc, upload
from PIL import Image, ImageDraw

INBOX = "/odoo/action-millennium_inbox.millennium_inbox_document_action_inbox"


class Page:
    """One Chromium tab over the DevTools protocol."""

    def __init__(self, debugger_url):
        self.ws = websocket.create_connection(
            debugger_url, timeout=60, suppress_origin=True
        )
        self.counter = 0

    def call(self, method, **params):
        self.counter += 1
        self.ws.send(
            json.dumps({"id": self.counter, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.5)
        raise AssertionError(f"{what}: not seen within {timeout} s")


@pytest.fixture
def page():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    profile = tempfile.mkdtemp(prefix="mi_chromium_")
    browser = subprocess.Popen(
        [
            shutil.which("chromium") or shutil.which("chromium-browser"),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={port}",
            "--remote-debugging-address=127.0.0.1",
            f"--user-data-dir={profile}",
            "--window-size=1440,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as answer:
                    targets = json.load(answer)
                break
            except OSError:
                time.sleep(0.2)
        tab = next(t for t in targets if t["type"] == "page")
        page = Page(tab["webSocketDebuggerUrl"])
        page.call("Page.enable")
        yield page
    finally:
        browser.terminate()
        browser.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


def a_photo():
    image = Image.new("RGB", (900, 1200), "white")
    draw = ImageDraw.Draw(image)
    for row, text in enumerate(("PARAGON FISKALNY", "SUMA PLN 45,60")):
        draw.text((80, 120 + 60 * row), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def state_of_row(name):
    """JS: the state badge's text in the list row showing `name`, or ''."""
    return (
        "Array.from(document.querySelectorAll('.o_list_view tr.o_data_row'))"
        f".filter(row => row.innerText.includes({json.dumps(name)}))"
        ".map(row => row.querySelector('td[name=state]').innerText.trim())"
        ".join('')"
    )


def test_open_inbox_list_follows_a_job_without_reload(live_server, page):
    url = live_server.url
    page.call("Page.navigate", url=f"{url}/web/login")
    page.wait_for("!!document.querySelector('input[name=login]')", 60, "login page")
    page.js(
        "document.querySelector('input[name=login]').value = 'admin';"
        "document.querySelector('input[name=password]').value = "
        + json.dumps(live_server.password)
        + ";document.querySelector('form.oe_login_form').submit();"
    )
    page.wait_for("!!document.querySelector('.o_main_navbar')", 90, "web client")
    page.call("Page.navigate", url=f"{url}{INBOX}")
    page.wait_for("!!document.querySelector('.o_list_view')", 90, "Inbox list")
    time.sleep(2)  # the list's bus subscription is in place
    page.js("window.__sameDocument = true")

    session, _answer = login(url, live_server.db, live_server.password)
    document = upload(url, session, "paragon-z-telefonu.jpg", a_photo())
    (read,) = rpc(
        url, session, "millennium.inbox.document", "read", [document], ["name"]
    )
    seen = page.wait_for(
        state_of_row(read["name"]), 60, f"the new document {read['name']!r}"
    )
    final = page.wait_for(
        f"(s => s && s !== 'Received' ? s : '')({state_of_row(read['name'])})",
        180,
        "the job's result in the open list",
    )
    assert page.js("window.__sameDocument === true"), "the page was reloaded"
    assert final in ("To approve", "Failed"), (seen, final)
