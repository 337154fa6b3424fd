"""A small client for the part of the KSeF API 2.0 the Inbox uses: token
authentication, invoice exports, their status, and their encrypted parts.

Why not a PyPI SDK (bench/README.md, "KSeF client"): the maintained ones need
a newer ``cryptography`` than the one Odoo 18 pins, or Python 3.12; one also
requires a ``package.compressionType`` that open-api.json does not define and
refuses part URLs on loopback, so it cannot run against a local stand-in.

Never logs or repeats the KSeF token: errors carry the API's own message only.
"""

import base64
import datetime
import hashlib
import time
from dataclasses import dataclass

import requests

from . import ksef_crypto
from . import ksef_number as ksef_numbers

ENVIRONMENTS = {
    "test": "https://api-test.ksef.mf.gov.pl/v2",
    "demo": "https://api-demo.ksef.mf.gov.pl/v2",
    "production": "https://api.ksef.mf.gov.pl/v2",
}
USAGE_TOKEN = "KsefTokenEncryption"
USAGE_SYMMETRIC_KEY = "SymmetricKeyEncryption"
# Export status codes inside a 200 answer (open-api.json, InvoiceExportStatusResponse).
EXPORT_IN_PROGRESS = 100
EXPORT_DONE = 200
EXPORT_PAST_HWM = 420
AUTH_IN_PROGRESS = 100
AUTH_DONE = 200
# GET /invoices/ksef/{ksefNumber} refusals (open-api.json, its 400 table).
INVOICE_UNKNOWN = 21164
INVOICE_NOT_YET_AVAILABLE = 21165


class KsefError(Exception):
    """A failure talking to KSeF; ``code`` says which kind, for the user's message."""

    def __init__(self, code, message, http_status=None, ksef_code=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.ksef_code = ksef_code


class KsefRateLimited(KsefError):
    def __init__(self, message, retry_after):
        super().__init__("rate_limited", message, http_status=429)
        self.retry_after = retry_after


class KsefUnauthorized(KsefError):
    def __init__(self, message):
        super().__init__("unauthorized", message, http_status=401)


@dataclass
class ExportHandle:
    """An export in flight: its reference and the AES key only we know."""

    reference: str
    key: bytes
    iv: bytes


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _error_text(response):
    """The API's own words from an error body (JSON or problem+json)."""
    try:
        body = response.json()
    except ValueError:
        return (response.text or "")[:300]
    if not isinstance(body, dict):
        return str(body)[:300]
    pieces = []
    exception = body.get("exception") or {}
    for item in exception.get("exceptionDetailList") or []:
        text = f"{item.get('exceptionCode')}: {item.get('exceptionDescription')}"
        if item.get("details"):
            text += " (" + "; ".join(item["details"]) + ")"
        pieces.append(text)
    for item in body.get("errors") or []:
        pieces.append(f"{item.get('code')}: {item.get('description')}")
    if body.get("status") and isinstance(body["status"], dict):
        pieces.append(str(body["status"].get("description")))
    if body.get("detail"):
        pieces.append(str(body["detail"]))
    return "; ".join(p for p in pieces if p) or response.reason or ""


def _exception_code(response):
    """The first exceptionCode of a 400 answer (ExceptionResponse), or None."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    for item in (body.get("exception") or {}).get("exceptionDetailList") or []:
        return item.get("exceptionCode")
    return None


def _status_text(status):
    text = f"{status.get('code')} {status.get('description', '')}".strip()
    if status.get("details"):
        text += ": " + "; ".join(status["details"])
    return text


class KsefClient:
    """Talks to one KSeF environment for one company (NIP) with its KSeF token."""

    def __init__(
        self,
        base_url,
        nip,
        token,
        *,
        session=None,
        timeout=60,
        sleep=time.sleep,
        max_inline_wait=90,
        poll_interval=1.0,
        poll_attempts=60,
    ):
        self.base_url = base_url.rstrip("/")
        self.nip = nip
        self._token = token
        self.session = session or requests.Session()
        self.timeout = timeout
        self.sleep = sleep
        self.max_inline_wait = max_inline_wait
        self.poll_interval = poll_interval
        self.poll_attempts = poll_attempts
        self._access_token = None
        self._refresh_token = None
        self._keys = None
        self.calls = 0

    def __repr__(self):
        # Never the token, even in a traceback's locals.
        return f"<KsefClient {self.base_url} NIP {self.nip}>"

    # ------------------------------------------------------------------
    # HTTP
    # ------------------------------------------------------------------
    def _send(self, method, url, *, json=None, bearer=None, accept=None):
        headers = {"Accept": accept or "application/json"}
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        self.calls += 1
        try:
            return self.session.request(
                method, url, json=json, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as error:
            raise KsefError(
                "network", f"KSeF could not be reached: {type(error).__name__}"
            ) from error

    def _call(
        self, method, path, *, json=None, bearer=None, expected=(200,), accept=None
    ):
        """One API call; waits out a short 429 (Retry-After) and tries again.
        The answer's JSON, or with ``accept`` (another content type) the
        response itself."""
        for _attempt in range(3):
            response = self._send(
                method, self.base_url + path, json=json, bearer=bearer, accept=accept
            )
            if response.status_code == 429:
                retry_after = _retry_after(response)
                if retry_after > self.max_inline_wait:
                    raise KsefRateLimited(_error_text(response), retry_after)
                self.sleep(retry_after)
                continue
            if response.status_code == 401:
                raise KsefUnauthorized(_error_text(response))
            if response.status_code not in expected:
                raise KsefError(
                    "http",
                    f"HTTP {response.status_code}: {_error_text(response)}",
                    http_status=response.status_code,
                    ksef_code=_exception_code(response),
                )
            if accept:
                return response
            try:
                return response.json()
            except ValueError as error:
                raise KsefError(
                    "bad_response", f"{path}: the answer is not JSON"
                ) from error
        raise KsefRateLimited(_error_text(response), _retry_after(response))

    def _authorized(self, method, path, *, json=None, expected=(200,), accept=None):
        """A call with the access token; an expired token is renewed once."""
        if not self._access_token:
            self.authenticate()

        def call():  # with the access token of the moment
            return self._call(
                method,
                path,
                json=json,
                bearer=self._access_token,
                expected=expected,
                accept=accept,
            )

        try:
            return call()
        except KsefUnauthorized:
            self._renew_access_token()
            return call()

    # ------------------------------------------------------------------
    # Keys and authentication
    # ------------------------------------------------------------------
    def public_key(self, usage):
        """(RSA key, publicKeyId) of the Ministry's certificate for one usage."""
        if self._keys is None:
            self._keys = self._call("GET", "/security/public-key-certificates")
        now = datetime.datetime.now(datetime.timezone.utc)
        candidates = [
            c
            for c in self._keys
            if usage in (c.get("usage") or [])
            and parse_api_datetime(c["validFrom"])
            <= now
            <= parse_api_datetime(c["validTo"])
        ]
        if not candidates:
            raise KsefError("no_key", f"KSeF publishes no valid key for {usage}")
        chosen = max(candidates, key=lambda c: parse_api_datetime(c["validFrom"]))
        key = ksef_crypto.public_key_from_certificate(chosen["certificate"])
        return key, chosen["publicKeyId"]

    def authenticate(self):
        """Token flow: challenge, encrypted ``token|timestampMs``, status, redeem."""
        challenge = self._call("POST", "/auth/challenge")
        key, key_id = self.public_key(USAGE_TOKEN)
        plain = f"{self._token}|{challenge['timestampMs']}".encode()
        started = self._call(
            "POST",
            "/auth/ksef-token",
            json={
                "challenge": challenge["challenge"],
                "contextIdentifier": {"type": "Nip", "value": self.nip},
                "encryptedToken": _b64(ksef_crypto.rsa_oaep_encrypt(key, plain)),
                "publicKeyId": key_id,
            },
            expected=(202,),
        )
        operation = started["authenticationToken"]["token"]
        reference = started["referenceNumber"]
        for _attempt in range(self.poll_attempts):
            status = self._call("GET", f"/auth/{reference}", bearer=operation)["status"]
            if status["code"] == AUTH_DONE:
                break
            if status["code"] != AUTH_IN_PROGRESS:
                raise KsefError(
                    "auth_failed", _status_text(status), ksef_code=status["code"]
                )
            self.sleep(self.poll_interval)
        else:
            raise KsefError("auth_failed", "KSeF did not finish the authentication")
        tokens = self._call("POST", "/auth/token/redeem", bearer=operation)
        self._access_token = tokens["accessToken"]["token"]
        self._refresh_token = tokens["refreshToken"]["token"]

    def _renew_access_token(self):
        """Refresh the access token; without a valid refresh token, log in again."""
        if self._refresh_token and self._refresh():
            return
        self._access_token = self._refresh_token = None
        self.authenticate()

    def _refresh(self):
        """True when the refresh token gave a new access token."""
        try:
            answer = self._call(
                "POST", "/auth/token/refresh", bearer=self._refresh_token
            )
        except KsefRateLimited:
            raise
        except KsefError:
            # Expired or revoked: the caller logs in again with the KSeF token.
            return False
        self._access_token = answer["accessToken"]["token"]
        return True

    # ------------------------------------------------------------------
    # One invoice by its KSeF number
    # ------------------------------------------------------------------
    def invoice_xml(self, number):
        """The XML of the invoice KSeF numbered ``number`` (GET
        /invoices/ksef/{ksefNumber}), checked against the SHA-256 KSeF sends
        with it (x-ms-meta-hash).

        KsefError codes: "invoice_unknown" (no such invoice, or not one this
        company may read), "invoice_not_ready" (accepted, not yet available:
        ask again later), else as every call.
        """
        if not ksef_numbers.is_valid(number):
            raise ValueError(f"not a valid KSeF number: {number!r}")
        try:
            response = self._authorized(
                "GET", f"/invoices/ksef/{number}", accept="application/xml"
            )
        except KsefError as error:
            code = {
                INVOICE_UNKNOWN: "invoice_unknown",
                INVOICE_NOT_YET_AVAILABLE: "invoice_not_ready",
            }.get(error.ksef_code)
            if code is None and error.http_status == 404:
                code = "invoice_unknown"
            if code is None:
                raise
            raise KsefError(
                code,
                error.message,
                http_status=error.http_status,
                ksef_code=error.ksef_code,
            ) from error
        data = response.content
        declared = response.headers.get("x-ms-meta-hash")
        if declared and declared != _b64(hashlib.sha256(data).digest()):
            raise KsefError(
                "bad_response", f"invoice {number}: the XML does not match its hash"
            )
        if not data:
            raise KsefError("bad_response", f"invoice {number}: empty answer")
        return data

    # ------------------------------------------------------------------
    # Exports
    # ------------------------------------------------------------------
    def start_export(self, subject_type, date_from, date_to=None):
        """Start an export by PermanentStorage date up to the high-water mark.

        ``date_from`` / ``date_to`` are sent exactly as given (strings with an
        explicit offset, see ksef_sync.api_datetime).
        """
        key, iv = ksef_crypto.new_symmetric_key()
        rsa_key, key_id = self.public_key(USAGE_SYMMETRIC_KEY)
        date_range = {
            "dateType": "PermanentStorage",
            "from": date_from,
            "restrictToPermanentStorageHwmDate": True,
        }
        if date_to:
            date_range["to"] = date_to
        answer = self._authorized(
            "POST",
            "/invoices/exports",
            json={
                "encryption": {
                    "encryptedSymmetricKey": _b64(
                        ksef_crypto.rsa_oaep_encrypt(rsa_key, key)
                    ),
                    "initializationVector": _b64(iv),
                    "publicKeyId": key_id,
                },
                "filters": {"subjectType": subject_type, "dateRange": date_range},
            },
            expected=(201,),
        )
        return ExportHandle(answer["referenceNumber"], key, iv)

    def export_status(self, reference):
        return self._authorized("GET", f"/invoices/exports/{reference}")

    def wait_export(self, reference):
        """The finished export's status, or None while KSeF is still building it.

        A 200 answer can still carry a failure (415 wrong key, 420 past the
        high-water mark, 500, 550): those raise KsefError with ``ksef_code``.
        """
        for attempt in range(self.poll_attempts):
            answer = self.export_status(reference)
            code = answer["status"]["code"]
            if code == EXPORT_DONE:
                return answer
            if code != EXPORT_IN_PROGRESS:
                raise KsefError(
                    "export_failed", _status_text(answer["status"]), ksef_code=code
                )
            if attempt + 1 < self.poll_attempts:
                # 1 s pauses, growing to 10 s: at most 60 status calls a minute.
                self.sleep(min(self.poll_interval * (1 + attempt // 5), 10))
        return None

    def download_part(self, part):
        """One encrypted part: another host, no bearer token, a short-lived URL."""
        response = self._send(part.get("method") or "GET", part["url"])
        if response.status_code != 200:
            raise KsefError(
                "bad_part",
                f"{part.get('partName')}: HTTP {response.status_code}",
                http_status=response.status_code,
            )
        return response.content

    def fetch_package(self, handle, status, attempts=3):
        """Download, check, decrypt, join and unzip the parts of a finished export.

        A damaged or expired part is fetched again with fresh URLs (each status
        call issues new ones); after ``attempts`` the export fails as a whole.
        """
        last_error = None
        for attempt in range(attempts):
            package_info = status.get("package") or {}
            parts = sorted(package_info.get("parts") or [], key=_ordinal)
            if not parts:
                return ksef_crypto.Package(invoices=[], metadata_count=0)
            try:
                downloaded = [(part, self.download_part(part)) for part in parts]
                joined = ksef_crypto.decrypt_parts(handle.key, handle.iv, downloaded)
                return ksef_crypto.read_package(joined)
            except (ksef_crypto.KsefPackageError, KsefError) as error:
                if isinstance(error, KsefRateLimited):
                    raise
                last_error = error
            if attempt + 1 < attempts:
                status = self.export_status(handle.reference)
        raise KsefError("bad_package", f"Package {handle.reference}: {last_error}")


def _ordinal(part):
    return part["ordinalNumber"]


def _retry_after(response):
    try:
        return max(0, int(response.headers.get("Retry-After", "60")))
    except ValueError:
        return 60


def parse_api_datetime(value):
    """An aware datetime from the API's ISO 8601 text (up to 7 fraction digits).

    For comparisons only: continuation points are kept as the API's strings.
    """
    text = value.strip().replace("Z", "+00:00")
    date_part, sep, rest = text.partition("T")
    if not sep:
        return datetime.datetime.fromisoformat(text).replace(
            tzinfo=datetime.timezone.utc
        )
    offset = ""
    for sign in ("+", "-"):
        if sign in rest:
            rest, _s, tail = rest.partition(sign)
            offset = sign + tail
            break
    clock, _dot, fraction = rest.partition(".")
    fraction = (fraction + "000000")[:6]
    parsed = datetime.datetime.fromisoformat(
        f"{date_part}T{clock}.{fraction}{offset or '+00:00'}"
    )
    if not offset:
        # No offset: KSeF reads Europe/Warsaw time; callers never send that.
        raise ValueError(f"date-time without an offset: {value!r}")
    return parsed
