"""Screenshots of the running server with Chromium headless (DevTools
protocol over a websocket). Usage: shoot.py BASE_URL OUT_DIR"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

BASE, OUT = sys.argv[1].rstrip("/"), Path(sys.argv[2])
PORT = 9333


class Page:
    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
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

    def goto(self, url, wait_for, settle=2.0):
        self.call("Page.navigate", url=BASE + url)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.js(f"!!document.querySelector({json.dumps(wait_for)})"):
                time.sleep(settle)
                return
            time.sleep(0.3)
        raise TimeoutError(f"{url}: {wait_for} never appeared")

    def shot(self, name, width, height):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        time.sleep(1.5)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        (OUT / name).write_bytes(base64.b64decode(data))
        print("wrote", OUT / name)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp()
    chromium = subprocess.Popen(
        [
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={PORT}",
            "--remote-debugging-address=127.0.0.1",
            f"--user-data-dir={profile}",
            "--window-size=1440,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(50):
            try:
                targets = json.load(
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json")
                )
                break
            except OSError:
                time.sleep(0.2)
        page = Page(
            next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]
        )
        page.call("Page.enable")
        page.call(
            "Emulation.setDeviceMetricsOverride",
            width=1440,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        page.goto("/web/login", "input[name=login]", settle=0.5)
        page.js(
            "document.querySelector('input[name=login]').value='admin';"
            "document.querySelector('input[name=password]').value="
            + json.dumps(os.environ["SHOTS_ADMIN_PASSWORD"])
            + ";"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(4)
        inbox = "/odoo/action-millennium_inbox.millennium_inbox_document_action_inbox"
        page.goto(inbox, ".o_list_view .o_data_row")
        page.shot("inbox-list.png", 1440, 900)
        first = page.js(
            "document.querySelector('.o_list_view .o_data_row td[name=name]')"
            ".click(); 1"
        )
        assert first
        deadline = time.time() + 30
        while not page.js(
            "!!document.querySelector("
            "'.o_form_renderer > .o_attachment_preview iframe')"
        ):
            if time.time() > deadline:
                raise TimeoutError("the document is not shown beside its fields")
            time.sleep(0.3)
        time.sleep(3)
        page.shot("desk-1440.png", 1440, 900)
        page.shot("desk-1280.png", 1280, 800)
        page.goto(
            "/odoo/action-millennium_inbox.millennium_inbox_settings_action",
            ".o_form_view .o_millennium_settings_save",
        )
        page.shot("inbox-configuration.png", 1440, 900)
    finally:
        chromium.terminate()
        chromium.wait()


if __name__ == "__main__":
    main()
