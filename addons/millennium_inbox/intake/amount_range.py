"""Amounts typed in a search box, the way accountants type them.

"1230,50" (exactly), "1 000-5 000" or "1000..5000" (a range, both ends
included), ">1000", ">= 1 000,00", "<500", "od 100 do 200" (Polish:
from ... to). Commas or dots for decimals, spaces (also no-break) or dots or
commas as thousands separators when the last group has three digits.
"""

import re

_NUMBER = r"\d[\d\s\u00a0.,']*"
_RANGE = re.compile(
    rf"^(?:od\s*|from\s*)?({_NUMBER})\s*(?:-|–|\.\.|do|to)\s*({_NUMBER})$"
)
_COMPARE = re.compile(rf"^(<=|>=|<|>|=)\s*({_NUMBER})$")


def parse_amount(text):
    """A number from "1 230,50", "1.230,50", "1,230.50", "1230.5"; None if not.

    The last separator marks the decimals, unless it comes back earlier
    ("1.000.000") or three digits follow it alone ("1.000", "1,000").
    """
    cleaned = re.sub(r"[\s\u00a0']", "", text or "")
    if not re.fullmatch(r"\d[\d.,]*", cleaned):
        return None
    positions = [index for index, char in enumerate(cleaned) if char in ".,"]
    if not positions:
        return float(cleaned)
    last = positions[-1]
    separator, decimals = cleaned[last], cleaned[last + 1 :]
    repeated = cleaned.count(separator) > 1
    alone = len(positions) == 1
    if repeated or (alone and len(decimals) == 3):
        return float(re.sub(r"[.,]", "", cleaned))
    integer = re.sub(r"[.,]", "", cleaned[:last])
    return float(f"{integer}.{decimals or 0}")


def parse_range(text):
    """(operator, value) pairs for the typed text, or None if it is no amount.

    >>> parse_range("100-200")
    [('>=', 100.0), ('<=', 200.0)]
    """
    text = (text or "").strip().lower()
    match = _COMPARE.match(text)
    if match:
        value = parse_amount(match.group(2))
        return None if value is None else [(match.group(1), value)]
    match = _RANGE.match(text)
    if match:
        low, high = parse_amount(match.group(1)), parse_amount(match.group(2))
        if low is None or high is None:
            return None
        low, high = min(low, high), max(low, high)
        return [(">=", low), ("<=", high)]
    value = parse_amount(text)
    return None if value is None else [("=", value)]
