"""Split payment ("mechanizm podzielonej płatności", MPP): an invoice that
says so must be paid by split payment. Only the words printed decide: the
goods and the amount alone are left to the accountant."""

import re

from .base import Candidate, pick

_SPLIT = re.compile(
    r"mechanizm(?:u|em)?\s+podzielonej\s+p[łl]atno[śs]ci|\bsplit\s+payment\b",
    re.IGNORECASE,
)


def split_payment(lines):
    """A candidate (True) when a line says the invoice is paid by split
    payment; None otherwise (not "no": an invoice rarely says it is not)."""
    return pick(
        [Candidate(True, 0.95, line) for line in lines if _SPLIT.search(line.text)]
    )
