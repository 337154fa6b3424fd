"""The payment term in days: 'Termin płatności: 14 dni', 'zahlbar innerhalb
30 Tagen', 'payable within 30 days', 'Net 30'. The bill's due date is the
issue date plus these days when no due date is printed."""

import re

from .base import Candidate, pick

# (pattern with the days as group 1, score). A number of days alone after a
# due-date label is the term; a term in a sentence needs its verb.
_TERMS = [
    (
        (
            r"(?:termin\s+(?:płatności|zapłaty)|płatne|płatność|zapłata)"
            r"\s*:?\s*(?:w\s+ciągu\s+|w\s+terminie\s+|przelew(?:em)?\s*,?\s*)?"
            r"(\d{1,3})\s*dni\b"
        ),
        0.85,
    ),
    (r"zahlbar\s+(?:innerhalb|binnen)\s+(?:von\s+)?(\d{1,3})\s+tag(?:e|en)\b", 0.85),
    (r"zahlungsziel\s*:?\s*(\d{1,3})\s+tag(?:e|en)\b", 0.85),
    (r"(?:payable|due|payment)\s+within\s+(\d{1,3})\s+days\b", 0.85),
    (r"payment\s+terms?\s*:?\s*(?:net\s+)?(\d{1,3})\s+days\b", 0.8),
    (r"(?<![\w])net\s+(\d{1,3})(?:\s+days)?\s*$", 0.7),
    (r"(?:payable|paiement|règlement)\s+à\s+(\d{1,3})\s+jours\b", 0.8),
    (r"(?:betaling\s+)?binnen\s+(\d{1,3})\s+dagen\b", 0.8),
]
_PATTERNS = [(re.compile(p, re.IGNORECASE), score) for p, score in _TERMS]


def payment_term_days(lines):
    """Candidate for the days of the payment term (1 to 365), or None."""
    cands = []
    for line in lines:
        for pattern, score in _PATTERNS:
            for match in pattern.finditer(line.text):
                days = int(match.group(1))
                if 0 < days <= 365:
                    cands.append(Candidate(days, score, line))
    return pick(cands)
