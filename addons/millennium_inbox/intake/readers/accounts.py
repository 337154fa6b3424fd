"""Bank accounts: IBANs anywhere (checksum-valid), Polish NRB only next to an
account label."""

import re

from stdnum import iban as std_iban

from . import labels
from .base import Candidate

_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2} ?\d{2}(?:[ ]?[A-Z0-9]){10,30})")
_NRB = re.compile(r"(?<![\d])(\d{2}(?:[ ]?\d{4}){6})(?![\d])")
_ACCOUNT_LABEL = re.compile(
    r"(?<![\w])(?:"
    + labels.words("bank_account")
    + "|"
    + labels.words("account_context")
    + ")",
    re.IGNORECASE,
)


def compact(text):
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()


def iban_in(text):
    """(value, start, end) for each valid IBAN in the text."""
    found = []
    for m in _IBAN.finditer(text):
        value = compact(m.group(1))
        for end in range(len(value), 14, -1):
            if std_iban.is_valid(value[:end]):
                found.append((value[:end], m.start(), m.end()))
                break
    return found


def bank_account(lines):
    """(the seller's account candidate or None, {line index: IBAN spans})."""
    cands, spans = [], {}
    for line in lines:
        for value, start, end in iban_in(line.text):
            spans.setdefault(line.index, []).append((start, end))
            cands.append(Candidate(value, 0.9, line))
        for m in _NRB.finditer(line.text):
            value = "PL" + compact(m.group(1))
            context = " ".join(
                x.text for x in lines[max(0, line.index - 1) : line.index + 1]
            )
            if std_iban.is_valid(value) and _ACCOUNT_LABEL.search(context):
                cands.append(Candidate(value, 0.85, line))
    if not cands:
        return None, spans
    values = []
    for cand in cands:
        if cand.value not in values:
            values.append(cand.value)
    first = cands[0]
    if len(values) > 1:
        first.score = 0.6  # several accounts printed: the first is the usual one
    return first, spans
