"""A loopback stand-in for the Ministry of Finance's White List services:
the API ("API Wykazu podatników VAT") as its published description and the
public client libraries give it, and the daily flat files. The one fake of an
outside system in the White List tests. No odoo import.

API, as published:
    GET /api/search/nip/{nip}?date=YYYY-MM-DD
        200 {"result": {"subject": {...} | null, "requestId", "requestDateTime"}}
    GET /api/check/nip/{nip}/bank-account/{account}?date=YYYY-MM-DD
        200 {"result": {"accountAssigned": "TAK" | "NIE", "requestId",
             "requestDateTime"}}
    a wrong parameter: 400 {"code": "WL-1..", "message": "..."}
Queries are limited per day (searches and checks counted apart): past the
limit this stand-in answers 429 with a JSON message.

Flat files: GET /flat/{YYYYMMDD}.json serves what `flat_files` holds for
that day (404 otherwise).
"""

import datetime
import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

_SEARCH = re.compile(r"^/api/search/nip/([^/]+)$")
_CHECK = re.compile(r"^/api/check/nip/([^/]+)/bank-account/([^/]+)$")
_FLAT = re.compile(r"^/flat/(\d{8})\.json$")


class WhiteListStandIn:
    def __init__(self):
        # nip -> {"name", "statusVat", "accountNumbers", "hasVirtualAccounts"}
        self.subjects = {}
        # nip -> accounts the check endpoint also assigns (virtual accounts)
        self.virtual = {}
        self.flat_files = {}  # "YYYYMMDD" -> bytes
        self.limits = {"search": None, "check": None}  # None: no limit
        self.requests = []  # (path, query) of every API request
        self.request_ids = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------------
    def _answer(self, path, query):
        flat = _FLAT.match(path)
        if flat:
            data = self.flat_files.get(flat.group(1))
            return (200, data, "application/json") if data else (404, b"", "text/plain")
        self.requests.append((path, query))
        day = (query.get("date") or [""])[0]
        if not day:
            return self._error(400, "WL-101", "Pole 'data' nie może być puste.")
        try:
            datetime.date.fromisoformat(day)
        except ValueError:
            return self._error(400, "WL-102", "Pole 'data' ma nieprawidłowy format.")
        search, check = _SEARCH.match(path), _CHECK.match(path)
        if not (search or check):
            return self._error(404, "WL-190", "Niepoprawne żądanie.")
        nip = (search or check).group(1)
        if not re.fullmatch(r"\d{10}", nip):
            return self._error(400, "WL-113", "Pole 'NIP' ma nieprawidłową długość.")
        kind = "search" if search else "check"
        if self.limits[kind] is not None:
            if self.limits[kind] <= 0:
                return (
                    429,
                    json.dumps(
                        {"message": "Przekroczono dzienny limit zapytań."}
                    ).encode(),
                    "application/json",
                )
            self.limits[kind] -= 1
        request_id = f"{secrets.token_hex(3)}-{secrets.token_hex(4)}"
        self.request_ids.append(request_id)
        now = datetime.datetime.now().strftime("%d-%m-%Y %H:%M:%S")
        subject = self.subjects.get(nip)
        if search:
            result = {
                "subject": dict(subject, nip=nip) if subject else None,
                "requestId": request_id,
                "requestDateTime": now,
            }
        else:
            account = check.group(2)
            if not re.fullmatch(r"\d{26}", account):
                return self._error(
                    400, "WL-109", "Pole 'numer konta' ma nieprawidłową długość."
                )
            assigned = bool(subject) and (
                account in subject.get("accountNumbers", [])
                or account in self.virtual.get(nip, [])
            )
            result = {
                "accountAssigned": "TAK" if assigned else "NIE",
                "requestId": request_id,
                "requestDateTime": now,
            }
        return 200, json.dumps({"result": result}).encode(), "application/json"

    @staticmethod
    def _error(status, code, message):
        body = json.dumps({"code": code, "message": message}).encode()
        return status, body, "application/json"

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parsed = urlparse(self.path)
                status, body, kind = standin._answer(
                    parsed.path, parse_qs(parsed.query)
                )
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler
