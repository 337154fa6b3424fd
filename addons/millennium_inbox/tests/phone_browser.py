# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A phone for the Chromium tests: Odoo's headless Chromium (ChromeBrowser)
driven step by step over the DevTools protocol, reaching Odoo through a
loopback TCP proxy that the test can cut, or make reset a connection in the
middle of an upload.

Why a proxy as well as DevTools network emulation: DevTools' "offline" applies
to the page (navigator.onLine, the page's requests) but not to the service
worker's own fetches; a cut proxy is a real outage for everything, and a reset
while "online" is what phones see on a flaky network.
"""

import logging
import select
import socket
import struct
import threading
import time

from odoo.tests.common import ChromeBrowser
from odoo.tools.misc import file_open

_logger = logging.getLogger(__name__)

# A phone in Polish: 390 x 844 CSS pixels, touch, Polish first.
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
UPLOAD_MARK = b"POST /millennium_inbox/api/v1/documents"


def _reset(sock):
    """Close with a TCP reset (RST), as a dropped mobile connection does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError as error:
        _logger.debug("phone proxy: socket already closed (%s)", error)


class LoopbackProxy:
    """127.0.0.1:<random port> -> Odoo. ``up`` False refuses everything (and
    cuts open connections); ``arm(mode, count)`` resets the phone's
    connection of the next upload: "after" once Odoo has answered (the
    document exists, the phone never hears it), "during" half-way through
    the body (Odoo never gets the whole photo)."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.up = True
        self.reset_next_upload = None
        self.resets_armed = 0
        self.resets = 0
        self.uploads_seen = 0
        self._lock = threading.Lock()
        self._connections = set()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = self._server.getsockname()[1]
        self._stopped = False
        self._thread = threading.Thread(
            target=self._accept, name="phone-proxy", daemon=True
        )
        self._thread.start()

    def arm(self, mode, count=1):
        """Reset the next ``count`` uploads ("after" or "during")."""
        self.reset_next_upload = mode
        self.resets_armed = count

    def set_up(self, up):
        self.up = up
        if not up:
            with self._lock:
                connections, self._connections = list(self._connections), set()
            for client, upstream in connections:
                _reset(client)
                _reset(upstream)

    def stop(self):
        self._stopped = True
        self.set_up(False)
        self._server.close()
        self._thread.join(5)

    def _accept(self):
        while not self._stopped:
            try:
                client, _address = self._server.accept()
            except OSError:
                return
            if not self.up:
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._connections.add((client, upstream))
            threading.Thread(
                target=self._pipe,
                args=(client, upstream),
                name="phone-proxy-pipe",
                daemon=True,
            ).start()

    def _pipe(self, client, upstream):
        """Relay both ways; watch the phone's requests for an upload."""
        upload_pending = None  # the reset armed for the upload in flight
        try:
            while True:
                readable, _w, _x = select.select([client, upstream], [], [], 0.5)
                if self._stopped or not self.up:
                    break
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is client:
                        if UPLOAD_MARK in data:
                            self.uploads_seen += 1
                            upload_pending = None
                            if self.resets_armed > 0:
                                self.resets_armed -= 1
                                upload_pending = self.reset_next_upload
                        if upload_pending == "during":
                            upstream.sendall(data[: len(data) // 2])
                            self.resets += 1
                            return
                        upstream.sendall(data)
                    else:
                        if upload_pending == "after":
                            # Odoo answered: the phone never hears it.
                            self.resets += 1
                            return
                        client.sendall(data)
        except (OSError, ValueError) as error:
            # reset meanwhile by set_up(False): the socket is closed
            _logger.debug("phone proxy: connection ended (%s)", error)
        finally:
            with self._lock:
                self._connections.discard((client, upstream))
            _reset(client)
            _reset(upstream)


class PhoneBrowser(ChromeBrowser):
    """ChromeBrowser with a fake camera (Chromium's test video source)."""

    def _spawn_chrome(self, cmd):
        url = cmd.pop()
        cmd += [
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            url,
        ]
        return super()._spawn_chrome(cmd)

    # --- DevTools helpers --------------------------------------------------------
    def prepare_phone(self):
        self._websocket_request("Network.enable")
        self._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={
                "width": 390,
                "height": 844,
                "deviceScaleFactor": 2,
                "mobile": True,
            },
        )
        self._websocket_request(
            "Emulation.setUserAgentOverride",
            params={
                "userAgent": PHONE_USER_AGENT,
                "acceptLanguage": "pl-PL,pl",
                "platform": "Android",
            },
        )
        with file_open("millennium_inbox/static/tests/phone_steps.js") as handle:
            steps = handle.read()
        # defined again on every page load (reloads, cold starts)
        self._websocket_request(
            "Page.addScriptToEvaluateOnNewDocument", params={"source": steps}
        )

    def set_network(self, online):
        """DevTools' network emulation for the page (navigator.onLine)."""
        self._websocket_request(
            "Network.emulateNetworkConditions",
            params={
                "offline": not online,
                "latency": 0,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            },
        )

    def js(self, expression, timeout=60):
        """Evaluate (awaiting a promise) and return the value; JS errors fail."""
        result = self._websocket_request(
            "Runtime.evaluate",
            params={
                "expression": expression,
                "awaitPromise": True,
                "returnByValue": True,
            },
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details["text"]
            raise AssertionError(f"JS failed: {expression[:200]}\n{text}")
        return result["result"].get("value")

    def browser_failure(self):
        if self._result.done() and not self._result.cancelled():
            return self._result.exception()
        return None

    def wait_for(self, condition, what, timeout=60):
        start = time.time()
        while True:
            failure = self.browser_failure()
            if failure:
                raise AssertionError(f"the page failed waiting for {what}: {failure}")
            # awaited, and false while the page is (re)loading
            check = (
                "(async () => { try { return !!(await (%s)); }"
                " catch (e) { return false; } })()" % condition
            )
            if self.js(check):
                return time.time() - start
            if time.time() - start > timeout:
                seen = self.js("window.phoneTest && phoneTest.describe()")
                raise AssertionError(f"timeout waiting for {what}; the phone: {seen}")
            time.sleep(0.1)
