# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mobile web app (PWA): its shell, manifest and service worker, served
from the module so that the phone needs no app store.

The shell and the worker name the app's files with a digest of their content
(``app.js?v=<digest>``): a release changes the URLs, so phones get the new code
on their next start instead of a week-old cached copy, and the changed worker
replaces its cache."""

import functools
import hashlib
import os

from odoo import http
from odoo.http import request
from odoo.tools.misc import file_open, file_path

_FILES = {
    "index.html": "text/html; charset=utf-8",
    "sw.js": "text/javascript; charset=utf-8",
    "manifest.webmanifest": "application/manifest+json",
}
# What a release of the app is made of: any change gives a new version.
_VERSIONED = ("index.html", "app.js", "app.css", "sw.js", "manifest.webmanifest")
_PLACEHOLDER = b"__VERSION__"


def _read(name):
    with file_open(f"millennium_inbox/static/mobile/{name}", "rb") as handle:
        return handle.read()


def app_modules():
    """The ES modules app.js imports (static/mobile/modules/*.js), by name."""
    folder = file_path("millennium_inbox/static/mobile/modules")
    return sorted(name for name in os.listdir(folder) if name.endswith(".js"))


@functools.cache
def app_version():
    """A short digest of the app's files (read once per server process)."""
    digest = hashlib.sha256()
    for name in (*_VERSIONED, *(f"modules/{module}" for module in app_modules())):
        digest.update(name.encode())
        digest.update(_read(name))
    return digest.hexdigest()[:12]


def _serve(name, extra_headers=()):
    body = _read(name).replace(_PLACEHOLDER, app_version().encode())
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
    def app(self, **_query):
        """The app shell; the pairing code arrives in the URL fragment
        (#pair=CODE), which browsers never send to the server or logs. A query
        string (a link with tracking parameters) changes nothing."""
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
