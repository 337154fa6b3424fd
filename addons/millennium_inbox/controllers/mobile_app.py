# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mobile web app (PWA): its shell, manifest and service worker, served
from the module so that the phone needs no app store."""

from odoo import http
from odoo.http import request
from odoo.tools.misc import file_open

_FILES = {
    "index.html": "text/html; charset=utf-8",
    "sw.js": "text/javascript; charset=utf-8",
    "manifest.webmanifest": "application/manifest+json",
}


def _serve(name, extra_headers=()):
    with file_open(f"millennium_inbox/static/mobile/{name}", "rb") as handle:
        body = handle.read()
    return request.make_response(
        body,
        headers=[
            ("Content-Type", _FILES[name]),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
            *extra_headers,
        ],
    )


class MillenniumInboxMobileApp(http.Controller):
    @http.route("/millennium_inbox/app", type="http", auth="none", methods=["GET"])
    def app(self):
        """The app shell; the pairing code arrives in the URL fragment
        (#pair=CODE), which browsers never send to the server or logs."""
        return _serve(
            "index.html",
            [("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY")],
        )

    @http.route("/millennium_inbox/sw.js", type="http", auth="none", methods=["GET"])
    def service_worker(self):
        return _serve("sw.js", [("Service-Worker-Allowed", "/millennium_inbox/")])

    @http.route(
        "/millennium_inbox/manifest.webmanifest",
        type="http",
        auth="none",
        methods=["GET"],
    )
    def manifest(self):
        return _serve("manifest.webmanifest")
