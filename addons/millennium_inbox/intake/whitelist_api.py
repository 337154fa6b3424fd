"""The White List's API ("API Wykazu podatników VAT"), as the Ministry
publishes it: a search by NIP and a check of NIP + account, each for a date.
Pure Python (requests, no odoo).

    GET {base}/api/search/nip/{nip}?date=YYYY-MM-DD
        -> {"result": {"subject": {"name", "nip", "statusVat", "accountNumbers",
            "hasVirtualAccounts", ...} | null, "requestId", "requestDateTime"}}
    GET {base}/api/check/nip/{nip}/bank-account/{account}?date=YYYY-MM-DD
        -> {"result": {"accountAssigned": "TAK" | "NIE", "requestId",
            "requestDateTime"}}
    errors -> {"code": "WL-...", "message": "..."} with an HTTP error status.

Every answer carries a `requestId`: the proof the check was made. A refused
or failed query raises `WhiteListApiError`, never an answer that looks like
"not on the list".
"""

from dataclasses import dataclass, field

import requests

ACTIVE, EXEMPT, NOT_REGISTERED = "active", "exempt", "not_registered"
_STATUS = {"czynny": ACTIVE, "zwolniony": EXEMPT, "niezarejestrowany": NOT_REGISTERED}
TIMEOUT = 15


class WhiteListApiError(Exception):
    """The API did not answer the question: `limit` when its daily limit is
    reached (HTTP 429), `code` its WL-... code when it gave one."""

    def __init__(self, message, code=None, limit=False, status=None):
        super().__init__(message)
        self.code = code
        self.limit = limit
        self.status = status


@dataclass
class Subject:
    """A search's answer: the status that day (NOT_REGISTERED when the
    register has no such NIP), the accounts, and the requestId."""

    status: str
    request_id: str
    accounts: list = field(default_factory=list)
    has_virtual_accounts: bool = False
    name: str = ""
    raw: dict = field(default_factory=dict)


@dataclass
class AccountCheck:
    assigned: bool
    request_id: str
    raw: dict = field(default_factory=dict)


class WhiteListApi:
    def __init__(self, base_url, timeout=TIMEOUT, session=None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def search_nip(self, nip, day):
        """The subject of `nip` on `day` (a date or "YYYY-MM-DD")."""
        data = self._get(f"/api/search/nip/{nip}", day)
        result = data.get("result") or {}
        subject = result.get("subject") or {}
        status = _STATUS.get((subject.get("statusVat") or "").strip().lower())
        return Subject(
            status=status or NOT_REGISTERED,
            request_id=result.get("requestId") or "",
            accounts=list(subject.get("accountNumbers") or []),
            has_virtual_accounts=bool(subject.get("hasVirtualAccounts")),
            name=subject.get("name") or "",
            raw=data,
        )

    def check_account(self, nip, account, day):
        """Whether `account` (26 digits) is `nip`'s on `day`, virtual accounts
        included."""
        data = self._get(f"/api/check/nip/{nip}/bank-account/{account}", day)
        result = data.get("result") or {}
        assigned = (result.get("accountAssigned") or "").upper()
        if assigned not in ("TAK", "NIE"):
            raise WhiteListApiError("the answer has no accountAssigned")
        return AccountCheck(assigned == "TAK", result.get("requestId") or "", data)

    def _get(self, path, day):
        day = day.isoformat() if hasattr(day, "isoformat") else str(day)
        try:
            response = self.session.get(
                self.base_url + path,
                params={"date": day},
                timeout=self.timeout,
                headers={"Accept": "application/json"},
            )
        except requests.RequestException as error:
            raise WhiteListApiError(f"no answer: {error}") from error
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code != 200 or not isinstance(data, dict):
            code = data.get("code") if isinstance(data, dict) else None
            message = (data or {}).get("message") if isinstance(data, dict) else None
            raise WhiteListApiError(
                message or f"HTTP {response.status_code}",
                code=code,
                limit=response.status_code == 429,
                status=response.status_code,
            )
        if "code" in data and "result" not in data:
            raise WhiteListApiError(data.get("message") or data["code"], data["code"])
        return data
