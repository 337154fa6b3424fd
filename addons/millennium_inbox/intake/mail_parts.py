"""What an incoming e-mail brings to the Inbox, decided without Odoo.

The Odoo side hands over the attachments its mail parser found (name,
content, info) and the headers; this module says which files are PDFs to take
in, which are refused and why, which are only part of the message text
(signature logos), whether the mail was sent by a machine (never answer it),
and whether a sender is allowed by the scan address's policy.
"""

import hashlib
import re
from dataclasses import dataclass, field
from email.message import Message

from .sniff import JPEG, PDF, PNG, XML, describe, sniff

REFUSED_NOT_PDF = "not_pdf"
REFUSED_NO_PDF = "no_pdf"
REFUSED_SENDER = "sender_not_allowed"


@dataclass
class MailFile:
    filename: str
    data: bytes
    reason: str = ""  # a refusal code, empty when taken in
    detail: str = ""  # what the file really is, for the refusal message


@dataclass
class MailContent:
    pdfs: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    ignored: list = field(default_factory=list)


def _as_bytes(content):
    if isinstance(content, str):
        return content.encode("utf-8")
    return bytes(content or b"")


def _leaf_parts(message):
    """Attachments inside a forwarded message (message/rfc822 part)."""
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        if part.get_filename() or part.get_content_maintype() == "application":
            yield part.get_filename() or "attachment", part.get_payload(decode=True)


def _flatten(attachments):
    """(name, bytes, info) of every file, forwarded messages opened once."""
    seen = set()
    for name, content, info in attachments:
        if isinstance(content, Message):
            nested = [(n, d, {}) for n, d in _leaf_parts(content)]
        else:
            nested = [(name, _as_bytes(content), info or {})]
        for nested_name, data, nested_info in nested:
            key = (nested_name, hashlib.sha256(data or b"").digest())
            if key not in seen:
                seen.add(key)
                yield nested_name or "attachment", data or b"", nested_info


def _what(data):
    """A short human name of a refused file's real type."""
    return {JPEG: "JPEG image", PNG: "PNG image"}.get(sniff(data)) or describe(data)


def _embedded_in_body(info, data, body_html):
    """An image the HTML body shows through cid: (a logo), not a document."""
    cid = (info or {}).get("cid")
    if not cid or sniff(data) in (PDF, XML):
        return False
    return f"cid:{cid}" in (body_html or "")


def split_attachments(attachments, body_html=""):
    """Sort a parsed mail's attachments into PDFs, refused files and ignored.

    A PDF is recognised by its bytes, whatever its content type or name
    (Outlook sends application/octet-stream). A file named .pdf whose bytes
    are not a PDF is refused like any other non-PDF file.
    """
    content = MailContent()
    for name, data, info in _flatten(attachments):
        if _embedded_in_body(info, data, body_html):
            content.ignored.append(MailFile(name, data))
        elif sniff(data) in (PDF, XML):  # XML: an e-invoice (KSeF, UBL, CII)
            content.pdfs.append(MailFile(name, data))
        else:
            content.refused.append(MailFile(name, data, REFUSED_NOT_PDF, _what(data)))
    return content


# --- messages sent by machines (RFC 3834 and common practice) -------------
_MACHINE_LOCAL_PARTS = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+-].*)?$"
)
_BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}


def automatic_reason(headers, email_from=""):
    """Why this mail must never be answered, or "" for a person's mail.

    `headers` is any mapping-like object with .get() (an email.message).
    """
    auto_submitted = (headers.get("Auto-Submitted") or "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponse"):
        if headers.get(name):
            return "auto-reply"
    if "all" in (headers.get("X-Auto-Response-Suppress") or "").lower():
        return "auto-response suppressed"
    if (headers.get("Precedence") or "").strip().lower() in _BULK_PRECEDENCE:
        return "bulk"
    if headers.get("List-Id") or headers.get("List-Unsubscribe"):
        return "mailing list"
    if (headers.get("Return-Path") or "").strip() == "<>":
        return "null sender"
    if (headers.get("Content-Type") or "").lower().startswith("multipart/report"):
        return "delivery report"
    local = email_from.rpartition("@")[0].rsplit("<", 1)[-1].strip().lower()
    if _MACHINE_LOCAL_PARTS.match(local):
        return "machine sender"
    return ""


# --- sender policy --------------------------------------------------------
def parse_allowed_senders(text):
    """Entries from free text: addresses and domains, any separators.

    "jan@firma.pl, @biuro.pl\nksiegowa.pl" -> {"jan@firma.pl", "@biuro.pl",
    "@ksiegowa.pl"}; domains are kept with a leading "@".
    """
    entries = set()
    for token in re.split(r"[\s,;]+", (text or "").strip().lower()):
        token = token.strip("<>\"'")
        if not token:
            continue
        if "@" in token:
            local, _at, domain = token.rpartition("@")
            entries.add(f"{local}@{domain}" if local else f"@{domain}")
        else:
            entries.add(f"@{token}")
    return entries


def sender_allowed(email, entries):
    """True when the (normalised) address or its domain, or a parent domain
    of it, is among the entries."""
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        return False
    if email in entries:
        return True
    domain = email.rpartition("@")[2]
    labels = domain.split(".")
    return any(f"@{'.'.join(labels[i:])}" in entries for i in range(len(labels) - 1))
