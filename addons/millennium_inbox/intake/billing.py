"""Small decisions behind a draft vendor bill (no Odoo import).

VAT ids are compared in a normalised form, and the tax of the bill's single
line is only chosen when the extracted amounts point to exactly one tax:
anything else would be a guess the accountant has to undo.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from stdnum import get_cc_module, iban
from stdnum.exceptions import ValidationError

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


# VAT prefixes that are not the ISO code of python-stdnum's country module.
_STDNUM_COUNTRY = {"EL": "gr", "XI": "gb"}


def _vat_check(vat):
    """(python-stdnum's VAT module of the id's country, the id) when the id
    has a country prefix with such a module, else (None, None)."""
    prefix, number = split_vat(vat)
    if not prefix or not number:
        return None, None
    try:
        module = get_cc_module(_STDNUM_COUNTRY.get(prefix, prefix.lower()), "vat")
    except ImportError:
        return None, None
    return module, prefix + number


def vat_is_invalid(vat):
    """True when the id's country is known and its check refuses the id (a
    sample id or a misprint printed on the invoice). Ids of countries without
    a check, and bare numbers, cannot be told invalid: False."""
    module, vat = _vat_check(vat)
    if module is None:
        return False
    try:
        module.validate(vat)
    except ValidationError:
        return True
    return False


def vat_is_valid(vat):
    """True only for an id with a country prefix whose check accepts it (a
    supplier may be named after such an id; a bare number cannot be told)."""
    module, vat = _vat_check(vat)
    return module is not None and module.is_valid(vat)


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


def vat_country(vat):
    """The ISO country code of a VAT id's prefix ('GR' for 'EL'); '' for a
    bare number (a Polish NIP without 'PL', an Indian GSTIN)."""
    prefix, number = split_vat(vat)
    if not prefix or not number:
        return ""
    return {"EL": "GR", "XI": "GB"}.get(prefix, prefix)


def foreign_country(seller_vat, company_country):
    """The seller's country when its VAT id is of another country than the
    company's: the VAT it charges is that country's, never the company's
    input tax. '' for a domestic seller, a bare number, or no country."""
    country = vat_country(seller_vat)
    if country and company_country and country != company_country.upper():
        return country
    return ""


def same_vat(first, second):
    """True when both name the same taxpayer (a missing prefix is tolerated)."""
    prefix_a, number_a = split_vat(first)
    prefix_b, number_b = split_vat(second)
    if not number_a or number_a != number_b:
        return False
    return not (prefix_a and prefix_b and prefix_a != prefix_b)


def name_key(name):
    """A supplier's name as compared: case, spaces and punctuation aside
    ("Au bon moulin SARL" = "AU BON MOULIN S.A.R.L."); letters and digits
    must be the same, so "Azure" is not "Azure Interior"."""
    return re.sub(r"[\W_]+", "", name or "").casefold()


def same_name(first, second):
    key = name_key(first)
    return bool(key) and key == name_key(second)


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


# --------------------------------------------------------------------------
# One bill per invoice: the same supplier and number, however spelled
# --------------------------------------------------------------------------


def normalise_number(number):
    """'FV / 12/2024' -> 'FV122024': the number without spaces or separators."""
    return _NOT_ALNUM.sub("", number or "").upper()


def invoice_key(vat, number):
    """Supplier (VAT id without its country prefix) + normalised number, or
    '' when either is unknown."""
    _prefix, vat_number = split_vat(vat)
    number = normalise_number(number)
    return f"{vat_number}:{number}" if vat_number and number else ""


def reference_number(reference):
    """The invoice number at the start of a bill reference (bills made before
    the reference was the number alone: 'FK/1 (correction of FV/9)')."""
    return (reference or "").split(" (", 1)[0]


# --------------------------------------------------------------------------
# Refund or invoice, and one line per VAT rate
# --------------------------------------------------------------------------


def is_refund(correction, gross, signed_amounts):
    """A correction becomes a refund when money comes back: negative totals,
    or a credit note whose amounts are printed positive. Corrections whose
    amounts are signed differences (KSeF, Polish 'faktura korygująca') with a
    positive total charge more: they stay invoices."""
    if gross is not None and gross < 0:
        return True
    if not correction:
        return False
    return not (signed_amounts and gross is not None and gross > 0)


def bill_sign(refund, gross):
    """-1 when a refund's amounts were read negative (they are booked
    positive), else 1."""
    return -1 if refund and gross is not None and gross < 0 else 1


def rate_lines(tax_lines, net, vat, gross, refund):
    """[(rate, net, vat)] for the bill, signs turned for a refund, when the
    rates add up to the totals read; else (None, what does not add up)."""
    if not tax_lines:
        return None, "no VAT per rate was read"
    sign = Decimal(bill_sign(refund, gross))
    rows = [(t.rate, _money(t.net) * sign, _money(t.vat) * sign) for t in tax_lines]
    sum_net = sum(r[1] for r in rows)
    sum_vat = sum(r[2] for r in rows)
    if gross is not None and sum_net + sum_vat != _money(gross) * sign:
        return None, f"the rates sum to {sum_net + sum_vat}, the gross is {gross}"
    if net is not None and sum_net != _money(net) * sign:
        return None, f"the rates' net is {sum_net}, the net total {net}"
    if vat is not None and sum_vat != _money(vat) * sign:
        return None, f"the rates' VAT is {sum_vat}, the VAT total {vat}"
    return rows, None


# Words in a tax's name telling the 0% taxes apart.
_ZERO_RATE_WORDS = {
    "zw": ("zw", "exempt", "zwoln"),
    "np": ("np", "not subject", "niepodleg"),
    "oo": ("oo", "odwrotne", "reverse"),
}


def pick_rate_tax(rate, taxes, preferred=None):
    """The one purchase tax for a VAT rate, else None.

    `taxes`: (key, rate in percent, name) triples. "23", "8", "5", "0": the
    taxes with that percentage (the company's default wins a tie, else a
    tie is ambiguous); "zw", "np", "oo": a 0% tax whose name says so."""
    if rate in _ZERO_RATE_WORDS:
        words = _ZERO_RATE_WORDS[rate]
        matching = [
            key
            for key, amount, name in taxes
            if Decimal(str(amount)) == 0 and _names(name, words)
        ]
    else:
        try:
            percent = Decimal(rate)
        except ArithmeticError:
            return None
        matching = [
            key for key, amount, name in taxes if Decimal(str(amount)) == percent
        ]
        if percent == 0:
            others = [w for words in _ZERO_RATE_WORDS.values() for w in words]
            matching = [
                key
                for key, _amount, name in taxes
                if key in matching and not _names(name, others)
            ]
    if preferred is not None and preferred in matching:
        return preferred
    return matching[0] if len(matching) == 1 else None


def _names(name, words):
    tokens = re.findall(r"[^\W\d_]+", (name or "").lower())
    return any(
        token == word or (len(word) > 3 and token.startswith(word))
        for token in tokens
        for word in words
    ) or any(" " in word and word in (name or "").lower() for word in words)


# --------------------------------------------------------------------------
# The bank account a bill is paid to
# --------------------------------------------------------------------------


def bank_account_number(number):
    """The IBAN read, compact ('PL61109010140000071219812874'), when it
    passes its check; a Polish 26-digit account (NRB) printed without its
    country is the Polish IBAN. '' for anything else."""
    compact = iban.compact(number or "")
    if compact.isdigit() and len(compact) == 26:
        compact = "PL" + compact
    return compact if iban.is_valid(compact) else ""
