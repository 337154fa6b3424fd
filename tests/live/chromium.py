"""Chromium headless driven over the DevTools protocol (the live tests,
bench/bench_desk.py and tools/screenshots/shoot.py): one browser, its tabs as
`Page`s."""

import contextlib
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket


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
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        if result.get("exceptionDetails"):
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout, what, poll=0.5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(poll)
        raise AssertionError(f"{what}: not seen within {timeout} s")

    def key(self, key, alt=False):
        """A key pressed and released, as a person types it (Alt+key too)."""
        code = f"Key{key.upper()}" if len(key) == 1 and key.isalpha() else key
        common = {
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": ord(key.upper()) if len(key) == 1 else 0,
            "modifiers": 1 if alt else 0,
        }
        self.call("Input.dispatchKeyEvent", type="keyDown", **common)
        self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    def log_in(self, url, password, login="admin"):
        self.call("Page.navigate", url=f"{url}/web/login")
        self.wait_for("!!document.querySelector('input[name=login]')", 60, "login page")
        self.js(
            "document.querySelector('input[name=login]').value = "
            + json.dumps(login)
            + ";document.querySelector('input[name=password]').value = "
            + json.dumps(password)
            + ";document.querySelector('form.oe_login_form').submit();"
        )
        self.wait_for("!!document.querySelector('.o_main_navbar')", 90, "web client")


class Browser:
    """A running Chromium: `page()` opens one more tab."""

    def __init__(self, port):
        self.port = port

    def _targets(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json") as answer:
            return json.load(answer)

    def first_page(self):
        tab = next(t for t in self._targets() if t["type"] == "page")
        page = Page(tab["webSocketDebuggerUrl"])
        page.call("Page.enable")
        return page

    def new_page(self):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT"
        )
        with urllib.request.urlopen(request) as answer:
            tab = json.load(answer)
        page = Page(tab["webSocketDebuggerUrl"])
        page.call("Page.enable")
        return page


@contextlib.contextmanager
def chromium(width=1440, height=900):
    """Debian's Chromium, headless, at `width` x `height`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    profile = tempfile.mkdtemp(prefix="mi_chromium_")
    process = subprocess.Popen(
        [
            shutil.which("chromium") or shutil.which("chromium-browser"),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={port}",
            "--remote-debugging-address=127.0.0.1",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = Browser(port)
        for _attempt in range(100):
            try:
                browser._targets()
                break
            except OSError:
                time.sleep(0.2)
        yield browser
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)
