"""A local stand-in for KSeF API 2.0 on loopback: the one fake of an outside
system in the KSeF tests. No odoo import: pure tests load it too.

It implements the endpoints the Inbox uses as the Ministry's ``open-api.json``
(copied unchanged into tests/data/ksef/) describes them, and validates every
request it receives and every answer it gives against that document; any
mismatch is kept in ``violations`` (tests assert it stays empty). On top of the
schema it checks what the docs say in prose: the token encrypted with the
token key, the AES key with the other key, date-times with an explicit offset,
no bearer token on part downloads, at most 20 export starts an hour, an
Accept header that takes the answer's content type (one invoice's XML is
application/xml).

Packages are real: a zip with ``{ksefNumber}.xml`` files and ``_metadata.json``,
cut into parts, each part AES-256-CBC encrypted on its own with the client's
key, served from a second server (another "host") at short-lived URLs.
"""

import base64
import datetime
import hashlib
import io
import json
import re
import secrets
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.x509.oid import NameOID
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    oas30_format_checker,
)

SPEC_PATH = Path(__file__).parent / "data" / "ksef" / "open-api.json"
TICKS_PER_SECOND = 10_000_000  # KSeF writes 7 fraction digits (.NET ticks)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
EXPORTS_PER_HOUR = 20
MAX_RANGE = datetime.timedelta(days=92)
_OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")

ROUTES = [
    ("GET", "/security/public-key-certificates"),
    ("POST", "/auth/challenge"),
    ("POST", "/auth/ksef-token"),
    ("POST", "/auth/token/redeem"),
    ("POST", "/auth/token/refresh"),
    ("GET", "/auth/{referenceNumber}"),
    ("POST", "/invoices/exports"),
    ("GET", "/invoices/exports/{referenceNumber}"),
    ("GET", "/invoices/ksef/{ksefNumber}"),
]
# Path parameters and their schemas in open-api.json.
PARAMETER_SCHEMAS = {
    "referenceNumber": {"$ref": "#/components/schemas/ReferenceNumber"},
    "ksefNumber": {"$ref": "#/components/schemas/KsefNumber"},
}


def ticks_of(text):
    """100-ns ticks since the epoch of an ISO 8601 text with an offset."""
    match = re.match(
        r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$",
        text,
    )
    if not match:
        raise ValueError(f"not an ISO 8601 date-time with an offset: {text!r}")
    base, fraction, offset = match.groups()
    offset = "+00:00" if offset == "Z" else offset
    moment = datetime.datetime.fromisoformat(base + offset)
    seconds = int((moment - EPOCH).total_seconds())
    return seconds * TICKS_PER_SECOND + int((fraction or "0").ljust(7, "0"))


def text_of(ticks):
    """The KSeF way: UTC, 7 fraction digits, ``+00:00``."""
    seconds, rest = divmod(ticks, TICKS_PER_SECOND)
    moment = EPOCH + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{rest:07d}+00:00"


def ticks_from_datetime(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    delta = moment - EPOCH
    return (delta.days * 86400 + delta.seconds) * TICKS_PER_SECOND + (
        delta.microseconds * 10
    )


def reference(kind):
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d")
    first, second = secrets.token_hex(5).upper(), secrets.token_hex(5).upper()
    return f"{day}-{kind}-{first}-{second}-{secrets.token_hex(1).upper()}"


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _sha_b64(data):
    return _b64(hashlib.sha256(data).digest())


def _oaep():
    return asym_padding.OAEP(
        mgf=asym_padding.MGF1(algorithm=hashes.SHA256()),
        algorithm=hashes.SHA256(),
        label=None,
    )


_KEYS = {}


def _certificate(common_name):
    if common_name not in _KEYS:
        _KEYS[common_name] = rsa.generate_private_key(
            public_exponent=65537, key_size=2048
        )
    key = _KEYS[common_name]
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return key, der, _sha_b64(spki)


def _aes_encrypt(key, iv, data):
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


class KsefStandIn:
    """Start with ``start()``, stop with ``stop()``; state is plain attributes."""

    def __init__(self, nip="5265877635", token="standin-ksef-token"):
        self.spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
        self.nip = nip
        self.token = token
        self.lock = threading.RLock()
        self.violations = []
        self.log = []  # (method, path) of every API call, in order
        self.invoices = []  # dicts: number, ticks, xml, subjects
        self.hwm_ticks = None  # None: the high-water mark is "now"
        self.clock_ticks = None  # None: real time; else a fixed "now"
        self.validate_packages = True  # the bench turns off this slow check
        self.max_per_package = 10_000
        self.part_size = 50 * 1024 * 1024
        self.polls_before_ready = 0
        self.throttle = {}  # (method, route) -> [Retry-After, ...] to answer first
        self.corrupt_downloads = 0
        self.not_yet_available = set()  # KSeF numbers answered 21165
        self.export_starts = []
        self.exports = {}
        self.challenges = {}
        self.auth_operations = {}
        self.access_tokens = set()
        self.access_token_max_uses = None  # None: valid until expired by a test
        self.token_uses = {}
        self.refresh_tokens = set()
        self.part_urls = {}
        self.token_key, token_der, self.token_key_id = _certificate("KSeF token")
        self.symmetric_key, sym_der, self.symmetric_key_id = _certificate("KSeF key")
        now = datetime.datetime.now(datetime.timezone.utc)
        self.certificates = [
            self._certificate_entry(
                token_der, self.token_key_id, now, "KsefTokenEncryption"
            ),
            self._certificate_entry(
                sym_der, self.symmetric_key_id, now, "SymmetricKeyEncryption"
            ),
        ]
        self.api = self.storage = None

    @staticmethod
    def _certificate_entry(der, key_id, now, usage):
        return {
            "certificate": _b64(der),
            "certificateId": _sha_b64(der),
            "publicKeyId": key_id,
            "validFrom": text_of(ticks_from_datetime(now - datetime.timedelta(days=1))),
            "validTo": text_of(ticks_from_datetime(now + datetime.timedelta(days=365))),
            "usage": [usage],
        }

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def start(self):
        self.api = self._serve(storage=False)
        self.storage = self._serve(storage=True)
        return self

    def _serve(self, storage):
        standin = self

        class Handler(_Handler):
            pass

        Handler.standin = standin
        Handler.is_storage = storage
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), daemon=True
        )
        thread.start()
        return server

    def stop(self):
        for server in (self.api, self.storage):
            if server:
                server.shutdown()
                server.server_close()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.api.server_address[1]}/v2"

    # ------------------------------------------------------------------
    # What tests arrange
    # ------------------------------------------------------------------
    def add_invoice(self, number, stored_at, xml, subjects=("Subject2",)):
        """An invoice stored at ``stored_at`` (ticks or aware datetime)."""
        ticks = (
            stored_at if isinstance(stored_at, int) else ticks_from_datetime(stored_at)
        )
        with self.lock:
            self.invoices.append(
                {
                    "number": number,
                    "ticks": ticks,
                    "xml": xml,
                    "subjects": set(subjects),
                }
            )

    def expire_access_tokens(self):
        with self.lock:
            self.access_tokens.clear()

    def expire_all_tokens(self):
        with self.lock:
            self.access_tokens.clear()
            self.refresh_tokens.clear()

    def expire_part_urls(self):
        with self.lock:
            self.part_urls.clear()

    def count(self, method, route):
        return sum(1 for entry in self.log if entry == (method, route))

    # ------------------------------------------------------------------
    # Validation against open-api.json
    # ------------------------------------------------------------------
    def _schema(self, schema):
        return dict(schema, components=self.spec["components"])

    def validate(self, schema, instance, where, response):
        validator_class = OAS30ReadValidator if response else OAS30WriteValidator
        validator = validator_class(
            self._schema(schema), format_checker=oas30_format_checker
        )
        for error in validator.iter_errors(instance):
            path = "/".join(str(p) for p in error.absolute_path)
            self.violations.append(f"{where}: {path}: {error.message}")

    def operation(self, method, route):
        return self.spec["paths"][route][method.lower()]

    def check_request(self, method, route, body):
        operation = self.operation(method, route)
        request_body = operation.get("requestBody")
        if request_body:
            if body is None:
                self.violations.append(f"{method} {route}: JSON body missing")
                return
            schema = request_body["content"]["application/json"]["schema"]
            self.validate(schema, body, f"request {method} {route}", response=False)
        elif body not in (None, b"", {}):
            self.violations.append(f"{method} {route}: unexpected body")

    def check_response(self, method, route, status, content_type, body):
        responses = self.operation(method, route)["responses"]
        declared = responses.get(str(status))
        if declared is None:
            self.violations.append(f"{method} {route}: status {status} not declared")
            return
        content = (declared.get("content") or {}).get(content_type)
        if content is None:
            self.violations.append(
                f"{method} {route}: {status} {content_type} not declared"
            )
            return
        self.validate(
            content["schema"], body, f"response {status} {method} {route}", True
        )

    # ------------------------------------------------------------------
    # Endpoints: each returns (status, content type, body, headers)
    # ------------------------------------------------------------------
    def now_ticks(self):
        if self.clock_ticks is not None:
            return self.clock_ticks
        return ticks_from_datetime(datetime.datetime.now(datetime.timezone.utc))

    def problem(self, status, title, detail):
        body = {
            "title": title,
            "status": status,
            "detail": detail,
            "timestamp": text_of(self.now_ticks()),
        }
        return status, "application/problem+json", body, {}

    def exception(self, code, description, details=()):
        body = {
            "exception": {
                "exceptionDetailList": [
                    {
                        "exceptionCode": code,
                        "exceptionDescription": description,
                        "details": list(details),
                    }
                ],
                "timestamp": text_of(self.now_ticks()),
            }
        }
        return 400, "application/json", body, {}

    def too_many(self, retry_after, detail):
        body = {
            "status": {
                "code": 429,
                "description": "Too Many Requests",
                "details": [detail],
            }
        }
        return 429, "application/json", body, {"Retry-After": str(retry_after)}

    def handle(self, method, route, params, body, bearer):
        pending = self.throttle.get((method, route))
        if pending:
            return self.too_many(pending.pop(0), "Przekroczono limit żądań.")
        handler = getattr(
            self,
            "do_"
            + route.strip("/")
            .replace("/", "_")
            .replace("{", "")
            .replace("}", "")
            .replace("-", "_"),
        )
        return handler(method=method, params=params, body=body, bearer=bearer)

    def do_security_public_key_certificates(self, **_kw):
        return 200, "application/json", self.certificates, {}

    def do_auth_challenge(self, **_kw):
        challenge = reference("CR")
        now = datetime.datetime.now(datetime.timezone.utc)
        milliseconds = int(now.timestamp() * 1000)
        self.challenges[challenge] = milliseconds
        body = {
            "challenge": challenge,
            "timestamp": text_of(ticks_from_datetime(now)),
            "timestampMs": milliseconds,
            "clientIp": "127.0.0.1",
        }
        return 200, "application/json", body, {}

    def do_auth_ksef_token(self, body, **_kw):
        milliseconds = self.challenges.pop(body["challenge"], None)
        if milliseconds is None:
            return self.exception(21111, "Nieprawidłowe wyzwanie autoryzacyjne.")
        if body.get("publicKeyId") not in (
            None,
            self.token_key_id,
            self.symmetric_key_id,
        ):
            return self.exception(
                21470, "Przesłany identyfikator klucza jest nieznany."
            )
        if body["contextIdentifier"] != {"type": "Nip", "value": self.nip}:
            status = (
                415,
                "Uwierzytelnianie zakończone niepowodzeniem",
                ["Brak przypisanych uprawnień"],
            )
        else:
            status = self._token_status(body["encryptedToken"], milliseconds)
        operation_token = secrets.token_urlsafe(24)
        ref = reference("AU")
        self.auth_operations[ref] = {
            "token": operation_token,
            "status": status,
            "redeemed": False,
        }
        answer = {
            "referenceNumber": ref,
            "authenticationToken": {
                "token": operation_token,
                "validUntil": text_of(self.now_ticks() + 3600 * TICKS_PER_SECOND),
            },
        }
        return 202, "application/json", answer, {}

    def _token_status(self, encrypted, milliseconds):
        try:
            plain = self.token_key.decrypt(base64.b64decode(encrypted), _oaep())
        except ValueError:
            # Encrypted with the wrong key (the other certificate) or garbage.
            return (
                450,
                "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu",
                ["Nieprawidłowy token"],
            )
        if plain != f"{self.token}|{milliseconds}".encode():
            return (
                450,
                "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu",
                ["Nieprawidłowy token"],
            )
        return (200, "Uwierzytelnianie zakończone sukcesem", [])

    def _operation_for(self, bearer):
        for ref, operation in self.auth_operations.items():
            if operation["token"] == bearer:
                return ref, operation
        return None, None

    def do_auth_referenceNumber(self, params, bearer, **_kw):
        ref, operation = self._operation_for(bearer)
        if operation is None or ref != params["referenceNumber"]:
            return self.problem(401, "Unauthorized", "Wymagane jest uwierzytelnienie.")
        code, description, details = operation["status"]
        status = {"code": code, "description": description}
        if details:
            status["details"] = details
        body = {
            "startDate": text_of(self.now_ticks()),
            "authenticationMethod": "Token",
            "authenticationMethodInfo": {
                "category": "Token",
                "code": "token.ksef",
                "displayName": "Token KSeF",
            },
            "status": status,
        }
        return 200, "application/json", body, {}

    def do_auth_token_redeem(self, bearer, **_kw):
        ref, operation = self._operation_for(bearer)
        if operation is None:
            return self.problem(401, "Unauthorized", "Wymagane jest uwierzytelnienie.")
        if operation["redeemed"] or operation["status"][0] != 200:
            return self.exception(
                21301,
                "Brak autoryzacji.",
                [f"Tokeny dla operacji uwierzytelniania {ref} zostały już pobrane."],
            )
        operation["redeemed"] = True
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        until = text_of(self.now_ticks() + 900 * TICKS_PER_SECOND)
        body = {
            "accessToken": {"token": access, "validUntil": until},
            "refreshToken": {"token": refresh, "validUntil": until},
        }
        return 200, "application/json", body, {}

    def do_auth_token_refresh(self, bearer, **_kw):
        if bearer not in self.refresh_tokens:
            return self.problem(401, "Unauthorized", "Refresh token wygasł.")
        access = secrets.token_urlsafe(24)
        self.access_tokens.add(access)
        until = text_of(self.now_ticks() + 900 * TICKS_PER_SECOND)
        return (
            200,
            "application/json",
            {"accessToken": {"token": access, "validUntil": until}},
            {},
        )

    def _access_ok(self, bearer):
        if bearer not in self.access_tokens:
            return False
        self.token_uses[bearer] = self.token_uses.get(bearer, 0) + 1
        if (
            self.access_token_max_uses
            and self.token_uses[bearer] > self.access_token_max_uses
        ):
            self.access_tokens.discard(bearer)
            return False
        return True

    def do_invoices_exports(self, body, bearer, **_kw):
        if not self._access_ok(bearer):
            return self.problem(401, "Unauthorized", "Token dostępu wygasł.")
        now = time.monotonic()
        self.export_starts = [t for t in self.export_starts if now - t < 3600]
        if len(self.export_starts) >= EXPORTS_PER_HOUR:
            self.violations.append("more than 20 export starts in an hour")
            return self.too_many(3600, "Przekroczono limit 20 żądań na godzinę.")
        self.export_starts.append(now)
        date_range = body["filters"]["dateRange"]
        for key in ("from", "to"):
            if key in date_range and not _OFFSET.search(date_range[key]):
                self.violations.append(f"dateRange.{key} without an explicit offset")
        from_ticks = ticks_of(date_range["from"])
        to_ticks = (
            ticks_of(date_range["to"]) if date_range.get("to") else self.now_ticks()
        )
        if to_ticks - from_ticks > MAX_RANGE.total_seconds() * TICKS_PER_SECOND:
            return self.exception(
                21405,
                "Błąd walidacji danych wejściowych.",
                ["Zakres dat przekracza 3 miesiące."],
            )
        ref = reference("EH")
        self.exports[ref] = self._build_export(
            body, from_ticks, date_range.get("to") and to_ticks
        )
        return 201, "application/json", {"referenceNumber": ref}, {}

    def _build_export(self, body, from_ticks, to_ticks):
        export = {"polls": 0}
        encryption = body["encryption"]
        if encryption.get("publicKeyId") not in (None, self.symmetric_key_id):
            export["status"] = (415, "Błąd odszyfrowania dostarczonego klucza")
            return export
        try:
            key = self.symmetric_key.decrypt(
                base64.b64decode(encryption["encryptedSymmetricKey"]), _oaep()
            )
        except ValueError:
            # Found out only while building the package: 201 now, 415 in the status.
            export["status"] = (415, "Błąd odszyfrowania dostarczonego klucza")
            return export
        hwm = self.hwm_ticks if self.hwm_ticks is not None else self.now_ticks()
        restrict = body["filters"]["dateRange"].get("restrictToPermanentStorageHwmDate")
        if restrict and from_ticks > hwm:
            export["status"] = (
                420,
                "Zakres filtrowania wykracza poza dostępny zakres danych",
            )
            return export
        end = to_ticks or self.now_ticks()
        if restrict:
            end = min(end, hwm)
        subject = body["filters"]["subjectType"]
        with self.lock:
            chosen = sorted(
                (
                    i
                    for i in self.invoices
                    if subject in i["subjects"] and from_ticks <= i["ticks"] <= end
                ),
                key=lambda i: (i["ticks"], i["number"]),
            )
        truncated = len(chosen) > self.max_per_package
        chosen = chosen[: self.max_per_package]
        package = {"isTruncated": truncated, "permanentStorageHwmDate": text_of(end)}
        if truncated:
            package["lastPermanentStorageDate"] = text_of(chosen[-1]["ticks"])
        zip_bytes = self._zip(chosen)
        chunks = [
            zip_bytes[i : i + self.part_size]
            for i in range(0, len(zip_bytes), self.part_size)
        ]
        iv = base64.b64decode(encryption["initializationVector"])
        export.update(
            status=(200, "Eksport faktur zakończony sukcesem"),
            package=package,
            count=len(chosen),
            size=len(zip_bytes),
            parts=[(chunk, _aes_encrypt(key, iv, chunk)) for chunk in chunks],
        )
        return export

    def _zip(self, chosen):
        buffer = io.BytesIO()
        metadata = {"invoices": [self._metadata(i) for i in chosen]}
        # _metadata.json: an object whose "invoices" are InvoiceMetadata items.
        schema = {
            "type": "object",
            "required": ["invoices"],
            "properties": {
                "invoices": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/InvoiceMetadata"},
                }
            },
        }
        if self.validate_packages:
            self.validate(schema, metadata, "_metadata.json", True)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for invoice in chosen:
                archive.writestr(f"{invoice['number']}.xml", invoice["xml"])
            archive.writestr("_metadata.json", json.dumps(metadata))
        return buffer.getvalue()

    def _metadata(self, invoice):
        stored = text_of(invoice["ticks"])
        return {
            "ksefNumber": invoice["number"],
            "invoiceNumber": f"FV/{invoice['number'][-6:]}",
            "issueDate": stored[:10],
            "invoicingDate": stored,
            "acquisitionDate": stored,
            "permanentStorageDate": stored,
            "seller": {"nip": invoice["number"][:10], "name": "Seller"},
            "buyer": {
                "identifier": {"type": "Nip", "value": self.nip},
                "name": "Buyer",
            },
            "netAmount": 100.0,
            "grossAmount": 123.0,
            "vatAmount": 23.0,
            "currency": "PLN",
            "invoicingMode": "Online",
            "invoiceType": "Vat",
            "formCode": {
                "systemCode": "FA (3)",
                "schemaVersion": "1-0E",
                "value": "FA",
            },
            "isSelfInvoicing": False,
            "hasAttachment": False,
            "invoiceHash": _sha_b64(invoice["xml"]),
        }

    def do_invoices_exports_referenceNumber(self, params, bearer, **_kw):
        if not self._access_ok(bearer):
            return self.problem(401, "Unauthorized", "Token dostępu wygasł.")
        export = self.exports.get(params["referenceNumber"])
        if export is None:
            return self.exception(
                21175, "Wynik zapytania o podanym identyfikatorze nie istnieje."
            )
        export["polls"] += 1
        if export["polls"] <= self.polls_before_ready and export["status"][0] == 200:
            return (
                200,
                "application/json",
                {"status": {"code": 100, "description": "Eksport faktur w toku"}},
                {},
            )
        code, description = export["status"]
        body = {"status": {"code": code, "description": description}}
        if code == 200:
            body["completedDate"] = text_of(self.now_ticks())
            body["package"] = dict(
                export["package"],
                invoiceCount=export["count"],
                size=export["size"],
                parts=self._part_entries(params["referenceNumber"], export),
            )
        return 200, "application/json", body, {}

    def do_invoices_ksef_ksefNumber(self, params, bearer, **_kw):
        if not self._access_ok(bearer):
            return self.problem(401, "Unauthorized", "Token dostępu wygasł.")
        number = params["ksefNumber"]
        with self.lock:
            found = next((i for i in self.invoices if i["number"] == number), None)
        if found is None:
            return self.exception(
                21164,
                "Faktura o podanym identyfikatorze nie istnieje.",
                [f"Faktura o numerze KSeF {number} nie została znaleziona."],
            )
        if number in self.not_yet_available:
            return self.exception(
                21165,
                "Faktura o podanym numerze KSeF nie jest jeszcze dostępna.",
                [
                    (
                        f"Faktura o numerze KSeF {number} została przetworzona, ale "
                        "nie jest jeszcze dostępna do pobrania. Spróbuj ponownie "
                        "później."
                    )
                ],
            )
        xml = found["xml"]
        # The XML as a string (schema: type string), with its SHA-256.
        return (
            200,
            "application/xml",
            xml.decode("utf-8"),
            {"x-ms-meta-hash": _sha_b64(xml)},
        )

    def _part_entries(self, ref, export):
        port = self.storage.server_address[1]
        entries = []
        expires = text_of(self.now_ticks() + 3600 * TICKS_PER_SECOND)
        for ordinal, (plain, encrypted) in enumerate(export["parts"], start=1):
            signature = secrets.token_urlsafe(16)
            self.part_urls[signature] = encrypted
            name = f"{ref}-{ordinal:03d}.zip.aes"
            entries.append(
                {
                    "ordinalNumber": ordinal,
                    "partName": name,
                    "method": "GET",
                    "url": f"http://127.0.0.1:{port}/storage/{name}?sig={signature}",
                    "partSize": len(plain),
                    "partHash": _sha_b64(plain),
                    "encryptedPartSize": len(encrypted),
                    "encryptedPartHash": _sha_b64(encrypted),
                    "expirationDate": expires,
                }
            )
        return entries

    def download(self, query, headers):
        if headers.get("Authorization"):
            self.violations.append("part download sent an Authorization header")
        signature = (parse_qs(query).get("sig") or [""])[0]
        with self.lock:
            data = self.part_urls.get(signature)
            if data is None:
                return 403, b"expired"
            if self.corrupt_downloads:
                self.corrupt_downloads -= 1
                data = bytes([data[0] ^ 0xFF]) + data[1:]
        return 200, data


class _Handler(BaseHTTPRequestHandler):
    standin = None
    is_storage = False
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args):  # keep test output quiet
        pass

    def _reply(self, status, content_type, payload, headers=None):
        if isinstance(payload, bytes):
            data = payload
        elif isinstance(payload, str):
            data = payload.encode("utf-8")
        else:
            data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _route(self, method, path):
        if not path.startswith("/v2/"):
            return None, None
        path = path[3:]
        for route_method, route in ROUTES:
            if route_method != method:
                continue
            pattern = "^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", route) + "$"
            match = re.match(pattern, path)
            if match and not (route == "/auth/{referenceNumber}" and "/" in path[6:]):
                return route, match.groupdict()
        return None, None

    def _handle(self, method):
        standin = self.standin
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.is_storage:
            status, data = standin.download(url.query, self.headers)
            return self._reply(status, "application/octet-stream", data)
        route, params = self._route(method, url.path)
        if route is None:
            standin.violations.append(f"unknown endpoint {method} {url.path}")
            return self._reply(404, "application/json", {})
        with standin.lock:
            standin.log.append((method, route))
            body = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    standin.violations.append(f"{method} {route}: body is not JSON")
                    return self._reply(400, "application/json", {})
            standin.check_request(method, route, body)
            for name, value in params.items():
                schema = PARAMETER_SCHEMAS.get(name, {})
                standin.validate(schema, value, f"{route} {name}", False)
            auth = self.headers.get("Authorization") or ""
            bearer = auth[7:] if auth.startswith("Bearer ") else None
            status, content_type, answer, headers = standin.handle(
                method, route, params, body, bearer
            )
            standin.check_response(method, route, status, content_type, answer)
            accept = self.headers.get("Accept") or "*/*"
            if status < 300 and not _accepts(accept, content_type):
                standin.violations.append(
                    f"{method} {route}: answers {content_type}, asked for {accept}"
                )
        self._reply(status, content_type, answer, headers)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")


def _accepts(accept, content_type):
    """Whether an Accept header takes this content type."""
    types = [part.split(";")[0].strip() for part in accept.split(",")]
    return any(t in ("*/*", content_type) for t in types)


def random_invoice_xml(number, buyer_nip="5265877635"):
    """A minimal FA(3) document naming its seller and buyer (tests only)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">'
        '<Naglowek><KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">'
        "FA</KodFormularza>"
        "<WariantFormularza>3</WariantFormularza></Naglowek>"
        f"<Podmiot1><DaneIdentyfikacyjne><NIP>{number[:10]}</NIP>"
        f"<Nazwa>Seller {number[-6:]}</Nazwa>"
        "</DaneIdentyfikacyjne></Podmiot1>"
        f"<Podmiot2><DaneIdentyfikacyjne><NIP>{buyer_nip}</NIP><Nazwa>Buyer</Nazwa>"
        "</DaneIdentyfikacyjne></Podmiot2>"
        f"<Fa><KodWaluty>PLN</KodWaluty><P_1>2026-03-01</P_1><P_2>FV/{number[-6:]}</P_2>"
        "<P_15>123.00</P_15></Fa></Faktura>"
    ).encode()


def make_ksef_number(seller_nip, day, serial):
    """A valid KSeF number (CRC-8 of the first 32 characters) for tests."""
    head = f"{seller_nip}-{day}-{serial:012X}"
    crc = 0
    for byte in head.encode("ascii"):
        crc ^= byte
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return f"{head}-{crc:02X}"
