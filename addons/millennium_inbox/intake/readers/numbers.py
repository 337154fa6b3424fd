"""Numbers: the invoice number, the KSeF number, the corrected invoice's number.

Labels come from `labels`; labels of a bank account, of the corrected invoice
or of the KSeF number are never taken for invoice-number labels.
"""

import re

from stdnum.pl import nip as pl_nip

from . import labels
from .base import Candidate, label_hits, next_lines, overlaps, pick
from .dates import find_dates, make_date

DOC_WORD = labels.words("document")
_NUMBER_WORD = labels.words("number_word")
_ID_TOKEN = (
    r"((?-i:[A-Z]{1,4}) \d[A-Za-z0-9/_.\-]*[A-Za-z0-9](?=\s*$|\s+(?:z|vom|du|of)\s)"
    r"|[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]|\d)"
)
# "Faktura VAT nr FV/1/2024", "Invoice No: 123", "Rechnung Nr. 4711",
# "Facture n° 12", "Rechnung # RE-1" (same line)
_TITLE_WITH_NUMBER_WORD = re.compile(
    r"(?<![\w])"
    + DOC_WORD
    + r"\b[^\n:]{0,40}?(?<!\w)"
    + _NUMBER_WORD
    + r"\.?\s*[:.]?\s*#?\s*",
    re.IGNORECASE,
)
# "Numer faktury: X", "Invoice number", "Rechnungsnummer", "Numéro de facture"
NUMBER_LABELS = labels.regex("invoice_number", after=r"\s*[:.]?\s*#?\s*")
INVOICE_NUMBER_LABELS = [(_TITLE_WITH_NUMBER_WORD, 0.9)] + [
    (pattern, score)
    for pattern, score in labels.tiers("invoice_number", after=r"\s*[:.]?\s*#?\s*")
]
# Labels that look like number labels but name something else.
_NEVER_NUMBER_LABELS = [
    labels.regex(field, before=r"(?<![\w])", after="")
    for field in ("bank_account", "corrected_number", "ksef_number")
]
_INVOICE_TITLE = re.compile(
    r"^(?:" + DOC_WORD + r")\s+#?\s*" + _ID_TOKEN + r"(?:\s|$)", re.IGNORECASE
)
_TITLE_ALONE = re.compile(r"^" + DOC_WORD + r"$", re.IGNORECASE)
_HASH_LINE = re.compile(r"^#\s*:?\s*" + _ID_TOKEN + r"$")
_NOT_AN_ID = re.compile(
    r"^(?:\d{1,2}|\d+[.,]\d{2}|\d+(?:[.,]\d+)?%|page|seite|strona)$", re.IGNORECASE
)
# A word of small letters with one digit inside or at its end ("gema8" for
# "gemäß", "rechnung1"): a word OCR misread, not a document number.
_MISREAD_WORD = re.compile(r"[^\W\d_]*\d[^\W\d_]*", re.UNICODE)
# "PL12", "AT19": the start of an IBAN split over spaces.
_IBAN_HEAD = re.compile(r"^[A-Z]{2}\d{2}$")


def plausible_id(token):
    if not token or len(token) > 40 or not re.search(r"\d", token):
        return False
    if _misread_word(token):
        return False
    return not _NOT_AN_ID.match(token)


def _misread_word(token):
    """'gema8': small letters only, at least four, and one digit."""
    letters = sum(char.isalpha() for char in token)
    return (
        bool(_MISREAD_WORD.fullmatch(token)) and token.lower() == token and letters >= 4
    )


def invoice_number(lines, doc_has_invoice_word):
    cands = []
    for pattern, score in INVOICE_NUMBER_LABELS:
        for line, m, after, before in label_hits(lines, pattern):
            if any(overlaps(line.text, m, never) for never in _NEVER_NUMBER_LABELS):
                continue
            cands.extend(_id_after_label(lines, line, after, before, score))
    for line in lines:
        m = _INVOICE_TITLE.match(line.text)
        if m and plausible_id(m.group(1)) and not find_dates(m.group(1), "dmy"):
            cands.append(Candidate(m.group(1), 0.8, line))
        if _TITLE_ALONE.match(line.text):
            cands.extend(_id_on_next_line(lines, line))
        m = _HASH_LINE.match(line.text)
        if m and doc_has_invoice_word and plausible_id(m.group(1)):
            cands.append(Candidate(m.group(1), 0.7, line))
    cands = [c for c in cands if not _IBAN_HEAD.match(str(c.value))]
    return pick(cands)


def _id_on_next_line(lines, line):
    """'Invoice' alone, the number alone on the next line: it must look like
    a document number (letters and digits, or separators), not a plain count."""
    for nxt in next_lines(lines, line, 1):
        m = re.fullmatch(_ID_TOKEN, nxt.text)
        token = m.group(1) if m else ""
        if plausible_id(token) and re.search(r"[A-Za-z/_-]", token):
            yield Candidate(token, 0.7, nxt)


def _id_after_label(lines, line, after, before, score):
    m = re.match(_ID_TOKEN + r"(?:\s|$|,)", after)
    if m:
        if plausible_id(m.group(1)):
            yield Candidate(m.group(1), score, line)
        return
    if after.strip():
        return
    # Label at the end of the line: pypdf puts right-aligned values before
    # it ("993548900Factuurnummer:") or the value on the next line.
    m = re.fullmatch(r"\s*" + _ID_TOKEN + r"\s*", before)
    if m and plausible_id(m.group(1)):
        yield Candidate(m.group(1), score - 0.1, line)
        return
    if not before.strip() or len(before) < 40:
        for nxt in next_lines(lines, line, 1):
            # "#" or the label's colon may open the value's line
            m = re.fullmatch(r"[#:]?\s*" + _ID_TOKEN, nxt.text)
            if m and plausible_id(m.group(1)):
                yield Candidate(m.group(1), score - 0.15, nxt)


def corrected_number(lines):
    """The number of the invoice a correction corrects, by its own label."""
    cands = []
    pattern = labels.regex("corrected_number", after=r"\s*[:.]?\s*")
    for line, _m, after, _before in label_hits(lines, pattern):
        m = re.match(_ID_TOKEN + r"(?:\s|$|,)", after)
        if m and plausible_id(m.group(1)) and not _IBAN_HEAD.match(m.group(1)):
            cands.append(Candidate(m.group(1), 0.9, line))
    return pick(cands)


# --------------------------------------------------------------------------
# KSeF number: NIP-YYYYMMDD-12 hex-2 hex, given by the national system
# --------------------------------------------------------------------------

KSEF_NUMBER = re.compile(
    r"(?<![\w-])(\d{10})-(\d{4})(\d{2})(\d{2})-([0-9A-F]{12})-([0-9A-F]{2})(?![\w-])"
)
_KSEF_LABEL = labels.regex("ksef_number", after=r"\s*:")


def find_ksef_number(text):
    """The first well-formed KSeF number in the text (a file name, a label)."""
    for m in KSEF_NUMBER.finditer(text or ""):
        if make_date(m.group(2), m.group(3), m.group(4)) and pl_nip.is_valid(
            m.group(1)
        ):
            return m.group(0)
    return None


def ksef_number(lines):
    """'Numer KSeF: …' names this invoice ('Numer KSeF faktury korygowanej' the
    corrected one, which the label's colon keeps out)."""
    found = []
    for line, _m, after, _before in label_hits(lines, _KSEF_LABEL):
        value = find_ksef_number(after)
        if value:
            found.append(Candidate(value, 0.95, line))
    return pick(found)
