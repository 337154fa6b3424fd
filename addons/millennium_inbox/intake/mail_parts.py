"""What an incoming e-mail brings to the Inbox, decided without Odoo.

The Odoo side hands over the attachments its mail parser found (name,
content, info) and the raw headers; this module says which files are PDFs to
take in, which are refused and why, which are only part of the message text
(signature logos, S/MIME and PGP signatures, Exchange body fragments), opens
zip and winmail.dat containers, reads the real sender address and the
recipients, whether the mail was sent by a machine (never answer it), and
whether a sender is allowed by the scan address's policy.
"""

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from . import containers
from .sniff import JPEG, PDF, PNG, XML, describe, sniff

# Documents taken in: PDFs and XML e-invoices (KSeF, UBL, CII).
DOCUMENTS = (PDF, XML)

REFUSED_NOT_PDF = "not_pdf"
REFUSED_NO_PDF = "no_pdf"
REFUSED_SENDER = "sender_not_allowed"
REFUSED_ENCRYPTED_MEMBER = "container_member_encrypted"
REFUSED_NESTED = "container_nested"
REFUSED_EMPTY_CONTAINER = "container_empty"

MAX_FILENAME = 180


@dataclass
class MailFile:
    filename: str
    data: bytes
    reason: str = ""  # a refusal code, empty when taken in
    detail: str = ""  # what the file really is, for the refusal message
    params: dict = field(default_factory=dict)  # for the refusal message


@dataclass
class MailContent:
    pdfs: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    ignored: list = field(default_factory=list)


def _as_bytes(content):
    if isinstance(content, str):
        return content.encode("utf-8")
    return bytes(content or b"")


def clean_text(text):
    """One line of text without control characters (NUL breaks PostgreSQL;
    bidi overrides disguise names), spaces collapsed."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in str(text or "")
    )
    return " ".join(text.split())


def clean_filename(name, default="attachment"):
    """A file name safe to store and show: no control characters, no
    directories, no leading dots, bounded length."""
    name = clean_text(name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(name.split()).lstrip(". ")
    if len(name) > MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_FILENAME - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:MAX_FILENAME].rstrip()
    return name or default


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
                yield clean_filename(nested_name), data or b"", nested_info


def _what(data):
    """A short human name of a refused file's real type."""
    return {JPEG: "JPEG image", PNG: "PNG image"}.get(sniff(data)) or describe(data)


def _embedded_in_body(info, data, body_html):
    """An image the HTML body shows through cid: (a logo), not a document."""
    cid = (info or {}).get("cid")
    if not cid or sniff(data) in DOCUMENTS:
        return False
    return f"cid:{cid}" in (body_html or "")


# S/MIME and PGP signatures, Exchange's body fragments (ATT00001.htm) and the
# like: parts of the message itself, never documents nor worth a refusal.
_FRAGMENT_NAMES = re.compile(
    r"^(smime\.p7s|.*\.p7s|signature\.asc|.*\.sig|att\d{3,6}\.(htm|html|txt))$",
    re.IGNORECASE,
)
_FRAGMENT_STARTS = (
    b"-----BEGIN PGP SIGNATURE-----",
    b"-----BEGIN PGP PUBLIC KEY BLOCK-----",
)


def is_fragment(name, data):
    """A signature or a piece of the message body, ignored silently."""
    if sniff(data) in DOCUMENTS:
        return False
    if _FRAGMENT_NAMES.match(name or ""):
        return True
    return data.lstrip()[:40].startswith(_FRAGMENT_STARTS)


def split_attachments(attachments, body_html="", limits=None):
    """Sort a parsed mail's attachments into PDFs, refused files and ignored.

    A PDF is recognised by its bytes, whatever its content type or name
    (Outlook sends application/octet-stream). A file named .pdf whose bytes
    are not a PDF is refused like any other non-PDF file. Zip archives and
    winmail.dat are opened one level deep: each PDF inside is taken in.
    """
    content = MailContent()
    for name, data, info in _flatten(attachments):
        if _embedded_in_body(info, data, body_html) or is_fragment(name, data):
            content.ignored.append(MailFile(name, data))
        elif containers.kind(data):
            _open_into(content, name, data, limits)
        else:
            _sort_file(content, name, data)
    return content


def _sort_file(content, name, data):
    if sniff(data) in DOCUMENTS:
        content.pdfs.append(MailFile(name, data))
    else:
        content.refused.append(MailFile(name, data, REFUSED_NOT_PDF, _what(data)))


def _open_into(content, name, data, limits):
    try:
        members = containers.open_container(data, limits)
    except containers.ContainerError as error:
        content.refused.append(
            MailFile(name, data, error.code, _what(data), dict(error.params))
        )
        return
    if not members:
        content.refused.append(MailFile(name, data, REFUSED_EMPTY_CONTAINER))
    for member in members:
        inner = clean_filename(member.name)
        shown = f"{name}/{inner}"
        if member.encrypted:
            content.refused.append(MailFile(shown, b"", REFUSED_ENCRYPTED_MEMBER))
        elif is_fragment(inner, member.data):
            content.ignored.append(MailFile(shown, member.data))
        elif containers.kind(member.data):
            content.refused.append(MailFile(shown, member.data, REFUSED_NESTED))
        elif sniff(member.data) in DOCUMENTS:
            content.pdfs.append(MailFile(inner, member.data))
        else:
            content.refused.append(
                MailFile(shown, member.data, REFUSED_NOT_PDF, _what(member.data))
            )


# --- messages sent by machines (RFC 3834 and common practice) -------------
_MACHINE_LOCAL_PARTS = re.compile(
    r"^(mailer-daemon|postmaster|bounces?|newsletters?|notifications?|"
    r"autoresponder|auto-?reply|daemon|robot)([+._-].*)?$"
    r"|(^|[+._-])(no-?reply|do-?not-?reply|donotreply)($|[+._-])"
)
_BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
# Mass-mailing services mark their mail even without List-* headers.
_BULK_HEADERS = ("Feedback-ID", "X-CSA-Complaints", "X-Campaign", "X-MC-User")


def automatic_reason(headers, email_from=""):
    """Why this mail must never be answered, or "" for a person's mail.

    `headers` is any mapping-like object with .get() and .keys() (an
    email.message); `email_from` the sender's bare address.
    """
    auto_submitted = str(headers.get("Auto-Submitted") or "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponse"):
        if headers.get(name):
            return "auto-reply"
    if str(headers.get("X-Autogenerated") or "").strip().lower() == "reply":
        return "auto-reply"
    # Exchange: the sender asks for no automatic answer (All, OOF, AutoReply)
    suppress = str(headers.get("X-Auto-Response-Suppress") or "").lower()
    if any(word in suppress for word in ("all", "oof", "autoreply")):
        return "auto-response suppressed"
    if str(headers.get("Precedence") or "").strip().lower() in _BULK_PRECEDENCE:
        return "bulk"
    if any(name.lower().startswith("list-") for name in headers):
        return "mailing list"
    if any(headers.get(name) for name in _BULK_HEADERS):
        return "bulk"
    if str(headers.get("Return-Path") or "").strip() == "<>":
        return "null sender"
    if str(headers.get("Content-Type") or "").lower().startswith("multipart/report"):
        return "delivery report"
    local = email_from.rpartition("@")[0].rsplit("<", 1)[-1].strip().lower()
    if _MACHINE_LOCAL_PARTS.search(local):
        return "machine sender"
    return ""


# --- addresses: the real sender and the recipients ------------------------
_ATOM = r'[^@\s<>()\[\],;:"\\]+'
_ADDRESS = re.compile(rf"^{_ATOM}@{_ATOM}\.[a-z0-9-]+$", re.IGNORECASE)


def _mailboxes(value):
    """Split an address header into mailboxes at top-level commas, each as
    (text outside quotes and comments, [angle-bracket addresses])."""
    boxes, outside, angles = [], [], []
    current, quoted, depth, in_angle = [], False, 0, False
    escaped = False
    for ch in value:
        if escaped:  # a quoted-pair: the character counts as plain text
            escaped = False
            if not quoted:
                (current if in_angle else outside).append(ch)
        elif ch == "\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif depth:
            depth += {"(": 1, ")": -1}.get(ch, 0)
        elif in_angle:
            if ch == ">":
                angles.append("".join(current))
                current, in_angle = [], False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == "(":
            depth = 1
        elif ch == "<":
            in_angle = True
        elif ch in ",;":
            boxes.append(("".join(outside), angles))
            outside, angles = [], []
        else:
            outside.append(ch)
    if in_angle:
        angles.append("".join(current))
    boxes.append(("".join(outside), angles))
    return [(text, found) for text, found in boxes if text.strip() or found]


def bare_addresses(values):
    """The bare addresses of address headers (several headers allowed).

    A display name is never an address: in ``jan@firma.pl <x@evil.com>`` the
    address is x@evil.com. A mailbox with two bracketed addresses, or bare
    text with spaces, gives "" (unreadable), so the caller can refuse it.
    """
    addresses = []
    for value in values or ():
        for text, angles in _mailboxes(str(value or "")):
            if len(angles) == 1:
                candidate = angles[0]
            elif angles:
                candidate = ""
            else:
                candidate = text
            candidate = candidate.strip().lower()
            candidate = candidate.removeprefix("mailto:")
            addresses.append(candidate if _ADDRESS.match(candidate) else "")
    return addresses


def single_sender(from_values):
    """(address, problem): the one bare From address, or "" and why not
    ("no_sender", "several_senders")."""
    addresses = bare_addresses(from_values)
    if len(addresses) > 1:
        return "", "several_senders"
    if not addresses or not addresses[0]:
        return "", "no_sender"
    return addresses[0], ""


RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")


def recipients(headers):
    """Bare addresses among To, Cc, Delivered-To and X-Original-To."""
    values = []
    for name in RECIPIENT_HEADERS:
        values += [str(v) for v in headers.get_all(name) or ()]
    return sorted({a for a in bare_addresses(values) if a})


_AUTH_FAIL = re.compile(r"(?<![\w.-])(dmarc|spf)\s*=\s*fail\b", re.IGNORECASE)
_RECEIVED_SPF_FAIL = re.compile(r"^\s*fail\b", re.IGNORECASE)


def authentication_failure(headers):
    """ "dmarc" or "spf" when a receiving server recorded that check as
    failed (Authentication-Results, Received-SPF), else "".

    Any such header counts: a forged "pass" lower in the mail cannot help a
    sender, a recorded "fail" only ever refuses.
    """
    failed = set()
    for value in headers.get_all("Authentication-Results") or ():
        failed |= {check.lower() for check in _AUTH_FAIL.findall(str(value))}
    for value in headers.get_all("Received-SPF") or ():
        if _RECEIVED_SPF_FAIL.match(str(value)):
            failed.add("spf")
    # DMARC judges the From the policy reads; SPF only the envelope sender
    return "dmarc" if "dmarc" in failed else "spf" if failed else ""


@dataclass
class Envelope:
    """What the raw headers say before Odoo's parser reads the mail."""

    sender: str = ""
    sender_problem: str = ""
    automatic: str = ""
    auth_failure: str = ""
    recipients: list = field(default_factory=list)


def _header_block(raw):
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = raw.find(separator)
        if end != -1:
            return raw[: end + len(separator)]
    return raw


def read_envelope(raw):
    """Sender, machine marks, authentication and recipients from the raw
    header block (the body is not read)."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(_header_block(raw))
    sender, problem = single_sender(headers.get_all("From") or ())
    return Envelope(
        sender=sender,
        sender_problem=problem,
        automatic=automatic_reason(headers, sender),
        auth_failure=authentication_failure(headers),
        recipients=recipients(headers),
    )


# --- mails whose structure Python's parser could not follow ---------------
# After these defects the parser cannot see the mail's parts (a header line
# without a colon ends the headers, a multipart without its boundary is one
# text): "no attachment" would be a guess, so the sender is told the mail
# could not be read.
STRUCTURE_DEFECTS = frozenset(
    {
        "MissingHeaderBodySeparatorDefect",
        "FirstHeaderLineIsContinuationDefect",
        "MisplacedEnvelopeHeaderDefect",
        "NoBoundaryInMultipartDefect",
        "StartBoundaryNotFoundDefect",
        "CloseBoundaryNotFoundDefect",
        "MultipartInvariantViolationDefect",
        "InvalidMultipartContentTransferEncodingDefect",
    }
)


def structure_defects(message, max_parts=500):
    """Names of the defects of the mail or its parts (the first
    `max_parts`) that hide the mail's structure, sorted; [] for a sound mail."""
    found = set()
    for index, part in enumerate(message.walk()):
        if index >= max_parts:
            break
        found |= {type(defect).__name__ for defect in part.defects}
    return sorted(found & STRUCTURE_DEFECTS)


# --- charsets Python cannot decode ----------------------------------------
def fallback_charset(payload):
    """A charset that decodes these bytes: UTF-8 when they are, else
    Windows-1250 (Polish mail clients), else Latin-1 (decodes anything)."""
    for charset in ("utf-8", "cp1250"):
        try:
            payload.decode(charset)
        except UnicodeDecodeError:
            continue
        return charset
    return "latin-1"


def is_known_charset(charset):
    """A text encoding Python has a codec for (rot13 or base64 are codecs,
    but not of text)."""
    try:
        return codecs.lookup(charset)._is_text_encoding
    except (LookupError, TypeError, ValueError):
        return False


def trim_text_parts(message, max_parts, max_bytes):
    """Empty the text parts of the message body beyond the first `max_parts`
    or past `max_bytes` in all: Odoo sanitises and appends the HTML of every
    text part (quadratic in their number; seconds per megabyte), so an
    oversized body could stall a fetchmail run. Attachments are untouched.
    Returns the number of parts emptied."""
    seen = total = trimmed = 0
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if part.get_filename() or part.get_content_disposition() == "attachment":
            continue
        size = len(str(part.get_payload()))
        seen += 1
        total += size
        if seen > max_parts or total > max_bytes:
            del part["Content-Transfer-Encoding"]
            part.set_payload("")
            part.set_param("charset", "utf-8")
            trimmed += 1
    return trimmed


def repair_charsets(message, max_parts=500):
    """Replace charsets Python has no codec for (unknown-8bit, X-UNKNOWN,
    x-user-defined) in text parts by one that decodes the bytes. Returns the
    number of parts changed."""
    changed = 0
    for index, part in enumerate(message.walk()):
        if index >= max_parts:
            break
        charset = part.get_param("charset")
        if part.get_content_maintype() != "text" or not isinstance(charset, str):
            continue
        if is_known_charset(charset):
            continue
        payload = part.get_payload(decode=True) or b""
        part.set_param("charset", fallback_charset(payload))
        changed += 1
    return changed


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
