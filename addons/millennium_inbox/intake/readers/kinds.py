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
_CORRECTION = labels.regex("correction")
_TITLES = [(kind, labels.regex("kind_" + kind, before=r"^\W*")) for kind in KINDS]


def suggest(lines, found):
    """(kind, reason code, words) or (None, None, None).

    kind is one of KINDS or invoice.CORRECTION (an invoice correcting
    another: it becomes a refund)."""
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
                return kind, "title", m.group(0).strip()
    if found.get("invoice_number") and (
        found.get("total_gross") or found.get("seller_vat") or found.get("issue_date")
    ):
        return "invoice", "invoice_fields", found["invoice_number"].value
    return None, None, None


def words_in(text, field):
    return bool(re.search(labels.words(field), text or "", re.IGNORECASE))
