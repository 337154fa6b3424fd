"""Parties: VAT ids (NIP, EU VAT, GSTIN) placed in the seller's or the
buyer's block, and the seller's name. Block markers and VAT labels are rows
of `labels`; an id is only the seller's when its block says so."""

import re
from dataclasses import dataclass

from stdnum import get_cc_module
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.in_ import gstin as in_gstin
from stdnum.pl import nip as pl_nip

from . import labels
from .base import Candidate, Line

# EU member states (EL: Greece), Northern Ireland (XI) and the United Kingdom
# (GB): VAT ids with a country prefix and a checksum python-stdnum knows.
_VAT_PREFIXES = (
    "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO"
    "|SE|SI|SK|XI"
)
_STDNUM_COUNTRY = {"EL": "gr", "XI": "gb"}
VAT_LABEL = labels.regex("vat_id", before=r"(?<![\w])", after="")
_NIP = re.compile(
    r"(?<![\w])NIP\s*(?:nabywcy|sprzedawcy|ue)?\s*[:.]?\s*(?:PL)?\s*"
    r"(\d{3}[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}|\d{3}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{3})(?!\d)",
    re.IGNORECASE,
)
_EU_VAT = re.compile(
    r"(?<![A-Za-z0-9])(" + _VAT_PREFIXES + r")[\s.-]?([0-9A-Z][0-9A-Z .-]{6,17})",
)
_GSTIN = re.compile(
    r"(?<![A-Z0-9])(\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z])(?![A-Z0-9])"
)
SELLER_MARK = labels.regex("seller", before="^", after=r"(?=\s*[:/]|\s*$)\s*:?")
_BUYER_MARK = labels.regex("buyer", before="^", after=r"(?=\s*[:/]|\s*$)")
OTHER_MARK = labels.regex("other", before="^", after="")
_BUYER_INLINE = labels.regex("buyer_inline", before=r"(?<![\w])", after=r"\b")
_TWO_COLUMN_SELLER = labels.regex("seller_column", before=r"(?<![\w])", after=r"\b")
_TWO_COLUMN_BUYER = labels.regex("buyer_column", before=r"(?<![\w])", after=r"\b")
_BANK_LABEL = labels.regex("bank_account", before=r"(?<![\w])", after="")
_SECTION_SPAN = 12


@dataclass
class _VatHit:
    value: str  # normalised, country prefix included
    line: Line
    pos: int
    labelled: bool
    checked: bool = True  # False: a declared id whose check digits fail


def normalise_vat(text):
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()


def _vat_module(prefix):
    return get_cc_module(_STDNUM_COUNTRY.get(prefix, prefix.lower()), "vat")


def _valid_eu_vat(prefix, body):
    """Longest prefix of body that makes a valid VAT id with that country."""
    compact = normalise_vat(body)
    module = _vat_module(prefix)
    for end in range(len(compact), 5, -1):
        candidate = prefix + compact[:end]
        if module.is_valid(candidate):
            return candidate, end
    return None, 0


def _only_checksum_fails(prefix, token):
    """True when `token` (one word after the country prefix) has the form of
    that country's VAT id and only its check digits are wrong."""
    try:
        _vat_module(prefix).validate(prefix + token)
    except InvalidChecksum:
        return True
    except ValidationError:
        return False
    return False


def _vat_hits_in_line(line, iban_spans, declared=False):
    hits = []
    text = line.text
    labelled_line = bool(VAT_LABEL.search(text))
    for m in _NIP.finditer(text):
        digits = normalise_vat(m.group(1))
        if pl_nip.is_valid(digits):
            hits.append(_VatHit("PL" + digits, line, m.start(1), True))
        elif declared and digits.isdigit() and len(digits) == 10:
            hits.append(_VatHit("PL" + digits, line, m.start(1), True, False))
    for m in _EU_VAT.finditer(text):
        if any(a <= m.start() < b for a, b in iban_spans):
            continue
        value, _end = _valid_eu_vat(m.group(1), m.group(2))
        if not value:
            token = re.match(r"[0-9A-Z]+", m.group(2)).group(0)
            if declared and labelled_line and _only_checksum_fails(m.group(1), token):
                hits.append(_VatHit(m.group(1) + token, line, m.start(), True, False))
            continue
        glued = re.match(r"[0-9A-Z]{8,}", m.group(2))
        if labelled_line or glued:
            hits.append(_VatHit(value, line, m.start(), labelled_line))
    for m in _GSTIN.finditer(text):
        if in_gstin.is_valid(m.group(1)):
            hits.append(_VatHit(m.group(1), line, m.start(), labelled_line))
    return _dedupe_hits(hits)


def _dedupe_hits(hits):
    seen = {}
    for hit in hits:
        if hit.value not in seen:
            seen[hit.value] = hit
    return list(seen.values())


def sections(lines):
    """Per line: (role, column order, lines since the marker, block id).
    Role is 'seller', 'buyer', 'other', 'two' (a two-column seller|buyer
    header, on one line or as two consecutive marker lines) or None."""
    roles = []
    current, since, order, block = None, 0, None, None
    for line in lines:
        marker = line_marker(line.text)
        if marker and since == 0 and {marker[0], current} == {"seller", "buyer"}:
            current, order = "two", (current, marker[0])
        elif marker:
            (current, order), since, block = marker, 0, line.index
            roles.append((current, order, since, block))
            continue
        else:
            since += 1
            if since > _SECTION_SPAN:
                current = None
        roles.append((current, order, since, block))
    return roles


def line_marker(text):
    seller = _TWO_COLUMN_SELLER.search(text)
    buyer = _TWO_COLUMN_BUYER.search(text)
    if seller and buyer and len(text) < 60:
        order = (
            ("seller", "buyer")
            if seller.start() < buyer.start()
            else ("buyer", "seller")
        )
        return "two", order
    if OTHER_MARK.match(text):
        return "other", None
    if SELLER_MARK.match(text):
        return "seller", None
    if _BUYER_MARK.match(text):
        return "buyer", None
    return None


def _classify_hits(lines, iban_spans, declared=False):
    roles = sections(lines)
    placed = []  # (role, distance to its marker, hit)
    two_blocks = {}  # block id -> hits in reading order
    buyer_id_read, bank_after_id = set(), set()  # buyer blocks
    for line in lines:
        hits = _vat_hits_in_line(line, iban_spans.get(line.index, []), declared)
        role, order, since, block = roles[line.index]
        if role == "buyer" and block in bank_after_id:
            # Bank details after the buyer's id are the payee's: what
            # follows them is no longer the buyer's block.
            role = None
        elif role == "buyer":
            if block in buyer_id_read and _BANK_LABEL.search(line.text):
                bank_after_id.add(block)
            if hits:
                buyer_id_read.add(block)
        if role == "two":
            two_blocks.setdefault((block, order), []).extend(hits)
            continue
        for hit in hits:
            if _BUYER_INLINE.search(line.text[: hit.pos]):
                placed.append(("buyer", 0, hit))
            else:
                placed.append((role, since, hit))
    for (_block, order), hits in two_blocks.items():
        # Left column first: exactly two ids map to the two columns; any
        # other count cannot be told apart.
        if len(hits) == 2:
            placed += [(order[0], 0, hits[0]), (order[1], 0, hits[1])]
        else:
            placed += [(None, 0, hit) for hit in hits]
    # The same id under two blocks: the nearer block marker wins.
    nearest = {}
    for role, since, hit in placed:
        known = nearest.get(hit.value)
        if role in ("seller", "buyer") and (known is None or since < known[0]):
            nearest[hit.value] = (since, role)
    classified = {"seller": [], "buyer": [], "other": [], None: []}
    for role, _since, hit in placed:
        if role in ("seller", "buyer"):
            role = nearest[hit.value][1]
        classified[role].append(hit)
    return classified


def parties(lines, iban_spans, declared=False):
    """Seller and buyer VAT ids. `declared`: a layout printed from a
    structured invoice (the KSeF or FeRD visualisation, a PDF carrying its
    XML), whose ids were declared there: one of the right form whose check
    digits fail is kept in its block, as "check"."""
    hits = _classify_hits(lines, iban_spans, declared)
    hits[None] = [h for h in hits[None] if h.checked]
    result = {}
    buyer_values = {h.value for h in hits["buyer"]}
    seller_values = {h.value for h in hits["seller"]}
    unknown = [h for h in hits[None] if h.value not in buyer_values]
    other_values = {h.value for h in hits["other"]}
    if len(seller_values) == 1:
        hit = hits["seller"][0]
        result["seller_vat"] = Candidate(
            hit.value, 0.95 if hit.checked else 0.6, hit.line
        )
    elif not seller_values:
        values = {h.value for h in unknown} - other_values
        labelled = [h for h in unknown if h.value in values]
        if len(values) == 1 and labelled:
            score = 0.75 if labelled[0].labelled else 0.65
            result["seller_vat"] = Candidate(labelled[0].value, score, labelled[0].line)
    if len(buyer_values) == 1:
        hit = hits["buyer"][0]
        result["buyer_vat"] = Candidate(
            hit.value, 0.9 if hit.checked else 0.6, hit.line
        )
    return result


def checksum_holds(value):
    """Whether a VAT id as the readers give it ("PL5261040828", a GSTIN)
    passes its check digits."""
    value = normalise_vat(value)
    if _GSTIN.fullmatch(value):
        return in_gstin.is_valid(value)
    prefix = value[:2]
    if not re.fullmatch(_VAT_PREFIXES, prefix):
        return False
    try:
        return bool(_vat_module(prefix).is_valid(value))
    except ValidationError:
        return False


def nip_digits(cand):
    if cand and cand.value.startswith("PL"):
        return Candidate(cand.value[2:], cand.score, cand.line)
    return None
