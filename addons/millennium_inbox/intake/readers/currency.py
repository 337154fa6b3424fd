"""Currency: an explicit code after a currency label beats any symbol; a
symbol counts only on the gross total's line or when it is the only one."""

import re

from . import labels
from .base import Candidate, label_hits, pick

# ISO 4217 codes an invoice here may be in (a code outside is not trusted).
ISO_CODES = frozenset(
    [
        "PLN",
        "EUR",
        "USD",
        "GBP",
        "CHF",
        "CZK",
        "SEK",
        "NOK",
        "DKK",
        "HUF",
        "RON",
        "BGN",
        "UAH",
        "JPY",
        "CNY",
        "INR",
        "CAD",
        "AUD",
        "NZD",
        "TRY",
        "ILS",
        "AED",
        "SAR",
        "ZAR",
        "BRL",
        "MXN",
        "SGD",
        "HKD",
        "KRW",
    ]
)
_CURRENCY_SIGNS = [
    ("PLN", re.compile(r"(?<![^\W\d])(?:zł|zl|pln)(?![\w])", re.IGNORECASE)),
    ("EUR", re.compile(r"€|(?<![A-Za-z])EUR(?:O)?(?![A-Za-z])")),
    ("USD", re.compile(r"(?<![A-Z])US\$|\$|(?<![A-Za-z])USD(?![A-Za-z])")),
    ("GBP", re.compile(r"£|(?<![A-Za-z])GBP(?![A-Za-z])")),
    ("CHF", re.compile(r"(?<![A-Za-z])CHF(?![A-Za-z])")),
    ("CZK", re.compile(r"(?<![A-Za-z])(?:CZK|Kč)(?![A-Za-z])")),
    ("INR", re.compile(r"₹|(?<![A-Za-z])(?:INR|Rs\.?)(?=\s?-?\d)")),
]
_CURRENCY_LABEL = labels.regex(
    "currency", before=r"(?<![\w])", after=r"\s*:?\s*((?-i:[A-Z]{3}))\b"
)
_RATE_LABEL = labels.regex("currency_rate", before=r"(?<![\w])", after=r"\s*:?\s*")
_RATE = re.compile(r"^(\d{1,4})[.,](\d{2,6})(?![\d.,])")


def currency(lines, gross):
    labelled = []
    for line in lines:
        for m in _CURRENCY_LABEL.finditer(line.text):
            if m.group(1) in ISO_CODES:
                labelled.append(Candidate(m.group(1), 0.95, line))
    if labelled:
        return pick(labelled)
    if gross is not None:
        for code, pattern in _CURRENCY_SIGNS:
            if pattern.search(gross.line.text):
                return Candidate(code, 0.9 if code != "USD" else 0.8, gross.line)
    counts = {}
    for line in lines:
        for code, pattern in _CURRENCY_SIGNS:
            if pattern.search(line.text):
                counts.setdefault(code, []).append(line)
    if len(counts) == 1:
        code, where = next(iter(counts.items()))
        return Candidate(code, 0.8 if len(where) > 1 else 0.6, where[0])
    return None


_AMOUNT = r"-?\d[\d\s.,']*[.,]\d{2}(?!\d)"


def sign_by_an_amount(code, text, code_alone=True):
    """Whether `text` shows the currency `code` by its sign (or its code)
    right before or after an amount ("€ 12,30", "12.30 zł", "$4.11");
    `code_alone`: its ISO code in letters is enough."""
    pattern = dict(_CURRENCY_SIGNS).get(code)
    if pattern is None:
        return False
    text = text or ""
    if code_alone and re.search(rf"(?<![A-Za-z]){code}(?![A-Za-z])", text):
        return True
    for m in pattern.finditer(text):
        if re.match(r"\s?" + _AMOUNT, text[m.end() :]) or re.search(
            _AMOUNT + r"\s?$", text[: m.start()]
        ):
            return True
    return False


def signs(lines):
    """The currencies the page shows by code or sign, sorted: with none
    read, the company's currency is only safe when no other is shown."""
    return sorted(
        {
            code
            for line in lines
            for code, pattern in _CURRENCY_SIGNS
            if pattern.search(line.text)
        }
    )


def currency_rate(lines):
    """'Kurs waluty: 4,320000': the rate to the company's currency as printed."""
    cands = []
    for line, _m, after, _before in label_hits(lines, _RATE_LABEL):
        m = _RATE.match(after)
        if m:
            cands.append(Candidate(float(f"{m.group(1)}.{m.group(2)}"), 0.9, line))
    return pick(cands)
