"""The kind of document, suggested from what was read, with its reason.

Reasons are codes with the words that gave them away, so whoever shows them
can say it in the reader's language.
"""

import re

from .. import invoice
from . import labels

KINDS = (
    "invoice",
    "receipt",
    "bill",
    "payroll",
    "bank_statement",
    "declaration",
    "confirmation",
    "contract",
)
_TITLE_LINES = 15
# A receipt with the buyer's NIP up to this gross (PLN) is a simplified
# invoice (art. 106e ust. 5 pkt 3 of the Polish VAT act: 450 PLN or 100 EUR).
SIMPLIFIED_INVOICE_MAX = {"PLN": 450, "EUR": 100}
_CORRECTION = labels.regex("correction")
_TITLES = [(kind, labels.regex("kind_" + kind, before=r"^\W*")) for kind in KINDS]


def suggest(lines, found, receipt=None):
    """(kind, reason code, words) or (None, None, None).

    kind is one of KINDS or invoice.CORRECTION (an invoice correcting
    another: it becomes a refund). `receipt`: the document read as a till
    receipt (receipts.read), None when it is not one."""
    head = lines[:_TITLE_LINES]
    for line in head:
        m = _CORRECTION.search(line.text)
        if m:
            return invoice.CORRECTION, "correction_words", m.group(0)
    if found.get("corrected_number"):
        return invoice.CORRECTION, "corrected_number", found["corrected_number"].value
    gross = found.get("total_gross")
    if gross is not None and gross.value < 0:
        return invoice.CORRECTION, "negative_total", str(gross.value)
    for line in head:
        for kind, pattern in _TITLES:
            m = pattern.match(line.text)
            if m:
                if kind == "receipt":
                    return _receipt(found, m.group(0).strip())
                return kind, "title", m.group(0).strip()
    if receipt is not None:
        return _receipt(found, receipt.evidence, "till_receipt")
    if found.get("invoice_number") and (
        found.get("total_gross") or found.get("seller_vat") or found.get("issue_date")
    ):
        return "invoice", "invoice_fields", found["invoice_number"].value
    return None, None, None


def _receipt(found, words, code="title"):
    """A receipt; with the buyer's NIP for at most 450 PLN gross it is a
    simplified invoice, and the reason says so."""
    gross, buyer = found.get("total_gross"), found.get("buyer_vat")
    currency = found.get("currency")
    limit = SIMPLIFIED_INVOICE_MAX.get(currency.value if currency else "PLN")
    if buyer and gross and limit and 0 < gross.value <= limit:
        return "receipt", "simplified_invoice", buyer.value
    return "receipt", code, words


def words_in(text, field):
    return bool(re.search(labels.words(field), text or "", re.IGNORECASE))
