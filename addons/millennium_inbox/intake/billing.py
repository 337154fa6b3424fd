"""Small decisions behind a draft vendor bill (no Odoo import).

VAT ids are compared in a normalised form, and the tax of the bill's single
line is only chosen when the extracted amounts point to exactly one tax:
anything else would be a guess the accountant has to undo.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_PREFIX = re.compile(r"^([A-Z]{2})(?=[0-9A-Z]*[0-9])")
CENT = Decimal("0.01")


def normalise_vat(vat):
    """'PL 123-456-32-18' -> 'PL1234563218'; '' for nothing."""
    return _NOT_ALNUM.sub("", vat or "").upper()


def split_vat(vat):
    """('PL', '1234563218') or ('', '1234563218') for a bare number."""
    clean = normalise_vat(vat)
    match = _PREFIX.match(clean)
    if match and clean[2:]:
        return match.group(1), clean[2:]
    return "", clean


def vat_search_forms(vat):
    """The spellings a partner's VAT may be stored in, for an exact search."""
    prefix, number = split_vat(vat)
    if not number:
        return []
    forms = [prefix + number, number] if prefix else [number, "PL" + number]
    if len(number) == 10 and number.isdigit():
        # Polish NIP as printed on many invoices: 123-456-32-18.
        dashed = f"{number[:3]}-{number[3:6]}-{number[6:8]}-{number[8:]}"
        forms += [dashed, (prefix or "PL") + dashed, (prefix or "PL") + " " + number]
    return list(dict.fromkeys(forms))


def same_vat(first, second):
    """True when both name the same taxpayer (a missing prefix is tolerated)."""
    prefix_a, number_a = split_vat(first)
    prefix_b, number_b = split_vat(second)
    if not number_a or number_a != number_b:
        return False
    return not (prefix_a and prefix_b and prefix_a != prefix_b)


def _money(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def pick_tax(net, vat, gross, taxes, preferred=None):
    """The one tax whose rate turns `net` into `vat`, else None.

    `taxes`: (key, rate in percent) pairs. When several taxes share the
    matching rate, `preferred` (the company's default purchase tax) wins if it
    is one of them; otherwise the choice is ambiguous and None is returned.
    """
    if net is None or vat is None:
        return None
    net, vat = _money(net), _money(vat)
    if gross is not None and abs(net + vat - _money(gross)) > CENT:
        return None  # the totals disagree: do not build on them
    matching = [
        key
        for key, rate in taxes
        if abs(_money(net * Decimal(str(rate)) / 100) - vat) <= CENT
    ]
    if preferred is not None and preferred in matching:
        return preferred
    return matching[0] if len(matching) == 1 else None
