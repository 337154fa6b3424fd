"""Suggest invoice fields from a document's text layer (no Odoo import).

`extract_fields(text_pages)` takes the text of each PDF page (pypdf's
`extract_text()`) and returns an `Extraction`: per field a `Suggestion` with the
value, a confidence in [0, 1], the line it was read from and the page index.

Precision comes before recall: a value is only suggested when a label or a
checksum backs it; conflicting evidence yields no value rather than a guess.
Polish wording first, English second, German/French/Dutch labels as found on
real Factur-X/ZUGFeRD invoices.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from stdnum import iban as std_iban
from stdnum.eu import vat as eu_vat
from stdnum.in_ import gstin as in_gstin
from stdnum.pl import nip as pl_nip

NO_TEXT_REASON = "no text layer: photo or scan"
EMPTY_REASON = "no invoice data found in the text"
MIN_CONFIDENCE = 0.5

FIELDS = (
    "seller_vat",
    "seller_nip_digits",
    "buyer_vat",
    "buyer_nip_digits",
    "seller_name",
    "invoice_number",
    "issue_date",
    "sale_date",
    "due_date",
    "total_gross",
    "total_net",
    "total_vat",
    "currency",
    "seller_iban",
    "ksef_number",
)


@dataclass
class Suggestion:
    value: object
    confidence: float
    source: str = ""
    page: int | None = None


@dataclass
class Extraction:
    fields: dict = field(default_factory=dict)
    has_text: bool = False
    reason: str | None = None

    def value(self, name):
        suggestion = self.fields.get(name)
        return suggestion.value if suggestion else None

    def as_dict(self):
        """Plain values, e.g. to store or serialise."""
        return {name: s.value for name, s in self.fields.items()}


@dataclass
class _Line:
    text: str
    page: int
    index: int  # position in the whole document


@dataclass
class _Candidate:
    value: object
    score: float
    line: _Line


# --------------------------------------------------------------------------
# Text preparation
# --------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
# pypdf often splits "$ 30.00" over lines: "$" / "30" / "." / "00".
_SPLIT_AMOUNT = re.compile(r"(?m)^([$€£])[ ]?\n(\d[\d,]*)\n\.\n(\d\d)$")
_LONE_CURRENCY = re.compile(r"(?m)^([$€£₹]) ?\n(?=[\d-])")


class _Lines(list):
    """The document's lines; `direction` tells where lone labels' values are."""

    direction = "next"


def _prepare_lines(text_pages):
    lines = _Lines()
    for page, text in enumerate(text_pages):
        text = (text or "").replace("\r", "\n").replace("\u2212", "-")
        text = _SPLIT_AMOUNT.sub(r"\1\2.\3", text)
        text = _LONE_CURRENCY.sub(r"\1", text)
        for raw in text.split("\n"):
            clean = _SPACES.sub(" ", raw).strip()
            if clean:
                lines.append(_Line(clean, page, len(lines)))
    return lines


def _has_letters_or_digits(text):
    return any(ch.isalnum() for ch in text)


# --------------------------------------------------------------------------
# Values: amounts, dates
# --------------------------------------------------------------------------

# An amount has exactly two decimals (totals always do); thousands grouped by
# space, dot, comma or apostrophe.
_AMOUNT = re.compile(
    r"(?<![\d.,/])(-?)\s?(\d{1,3}(?:[ .,'’]\d{3})+|\d+)([.,])(\d{2})(?![\d%/])"
    r"(?!\.\d)"
)


def parse_amount(text):
    """'1 234,56 zł' -> Decimal('1234.56'); None when no single amount."""
    found = find_amounts(text)
    return found[0] if len(found) == 1 else None


def find_amounts(text):
    amounts = []
    for match in _AMOUNT.finditer(text):
        sign, whole, sep, cents = match.groups()
        groups = re.split(r"[ .,'’]", whole)
        if len(groups) > 1 and sep in whole.replace(" ", "")[-4:-3]:
            continue  # "1.234.56": decimal separator reused as grouping
        try:
            value = Decimal("".join(groups) + "." + cents)
        except InvalidOperation:
            continue
        amounts.append(-value if sign else value)
    return amounts


_MONTHS = {
    # Polish (nominative and genitive), English, German, French, Dutch
    "styczeń": 1,
    "stycznia": 1,
    "luty": 2,
    "lutego": 2,
    "marzec": 3,
    "marca": 3,
    "kwiecień": 4,
    "kwietnia": 4,
    "maj": 5,
    "maja": 5,
    "czerwiec": 6,
    "czerwca": 6,
    "lipiec": 7,
    "lipca": 7,
    "sierpień": 8,
    "sierpnia": 8,
    "wrzesień": 9,
    "września": 9,
    "październik": 10,
    "października": 10,
    "listopad": 11,
    "listopada": 11,
    "grudzień": 12,
    "grudnia": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
    "janvier": 1,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mei": 5,
    "augustus": 8,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DATE_NUMERIC = re.compile(
    r"(?<![\d.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])"
)
_DATE_DAY_MONTH = re.compile(
    r"(?<!\d)(\d{1,2})\.?\s+(" + _MONTH_NAMES + r")\.?,?\s+(\d{4})(?!\d)", re.IGNORECASE
)
_DATE_MONTH_DAY = re.compile(
    r"(?<![\w])(" + _MONTH_NAMES + r")\.?\s+(\d{1,2})\s?,?\s+(\d{4})(?!\d)",
    re.IGNORECASE,
)


def _make_date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_dates(text, slash_order=None):
    """Dates in a line, in order: [(start, date)].

    slash_order is "dmy" or "mdy" when the document settles how to read
    "03/04/2024"; ambiguous slash dates are dropped otherwise.
    """
    found = []
    for m in _DATE_ISO.finditer(text):
        found.append((m.start(), _make_date(*m.groups())))
    for m in _DATE_NUMERIC.finditer(text):
        found.append((m.start(), _numeric_date(m, slash_order)))
    for m in _DATE_DAY_MONTH.finditer(text):
        month = _MONTHS[m.group(2).lower()]
        found.append((m.start(), _make_date(m.group(3), month, m.group(1))))
    for m in _DATE_MONTH_DAY.finditer(text):
        month = _MONTHS[m.group(1).lower()]
        found.append((m.start(), _make_date(m.group(3), month, m.group(2))))
    return sorted((pos, d) for pos, d in found if d and 1990 <= d.year <= 2099)


def _numeric_date(match, slash_order):
    first, sep, second, year = match.groups()
    first, second = int(first), int(second)
    if len(year) == 2:
        if sep != ".":
            return None
        year = "20" + year
    if sep == "/" and first != second and first <= 12 and second <= 12:
        if slash_order is None:
            return None
        if slash_order == "mdy":
            first, second = second, first
    elif sep == "/" and second > 12:
        first, second = second, first
    return _make_date(year, second, first)


def _slash_order(lines):
    """Read the document's own slash dates to tell DD/MM from MM/DD."""
    orders = set()
    for line in lines:
        for m in re.finditer(r"(?<!\d)(\d{1,2})/(\d{1,2})/\d{4}", line.text):
            first, second = int(m.group(1)), int(m.group(2))
            if first > 12 >= second:
                orders.add("dmy")
            elif second > 12 >= first:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


# --------------------------------------------------------------------------
# Generic label search
# --------------------------------------------------------------------------


def _label_hits(lines, pattern):
    """(line, text after the label, text before the label) per label match."""
    for line in lines:
        for m in pattern.finditer(line.text):
            yield line, m, line.text[m.end() :], line.text[: m.start()]


def _next_lines(lines, line, count=2):
    """The line holding the value of a label that stands alone on its line:
    usually the next one; the previous one when the document prints values
    before their labels (see _value_direction)."""
    if getattr(lines, "direction", "next") == "prev":
        return lines[max(0, line.index - count) : line.index][::-1]
    return lines[line.index + 1 : line.index + 1 + count]


_LONE_VALUE = re.compile(
    r"^\s*(?:[$€£]\s?)?[-\d][\d .,/-]*\d(?:\s?(?:zł|pln|eur|usd|€))?\s*$"
    r"|^\s*[A-Za-z]{0,5}[-/_]?\d[\w/.-]*\s*$",
    re.IGNORECASE,
)


def _value_direction(lines, label_res):
    """'next' or 'prev': where values of lone labels are. A run such as
    'FV/1/2024 / Numer faktury: / 2024-01-31 / Data wystawienia:' reads
    values first: every lone label has a value above it, not all below."""
    above = below = 0
    for line in lines:
        text = line.text.strip()
        if not any(r.fullmatch(text.rstrip(" :")) for r in label_res):
            continue
        i = line.index
        above += i > 0 and bool(_LONE_VALUE.match(lines[i - 1].text))
        below += i + 1 < len(lines) and bool(_LONE_VALUE.match(lines[i + 1].text))
    return "prev" if above > below else "next"


def _pick(candidates, margin=0.15):
    """Best candidate; None if a different value scores almost as well."""
    if not candidates:
        return None
    best = {}
    for cand in candidates:
        key = cand.value
        if key not in best or cand.score > best[key].score:
            best[key] = cand
        else:
            best[key].score = min(1.0, best[key].score + 0.02)
    ranked = sorted(best.values(), key=lambda c: c.score, reverse=True)
    top = ranked[0]
    if len(ranked) > 1 and ranked[1].score > top.score - margin:
        return None
    if top.score < MIN_CONFIDENCE:
        return None
    return top


def _suggest(candidate, value=None):
    value = candidate.value if value is None else value
    return Suggestion(
        value,
        round(min(candidate.score, 1.0), 2),
        candidate.line.text,
        candidate.line.page,
    )


# --------------------------------------------------------------------------
# Invoice number
# --------------------------------------------------------------------------

_DOC_WORD = (
    r"(?:faktur[ay]?(?:\s+VAT)?(?:\s+(?:korygując[ay]|zaliczkow[ay]|końcow[ay]"
    r"|proforma|uproszczon[ay]|marżow[ay]))?|rachun(?:ek|ku)|paragon(?:u)?"
    r"|invoice|bill|receipt|[\w-]*rechnung|gutschrift|facture|factuur)"
)
_NUMBER_WORD = r"(?:nr|no|numer|number|nummer|n°|n º|nº|num\.?|#)"
_ID_TOKEN = (
    r"((?-i:[A-Z]{1,4}) \d[A-Za-z0-9/_.\-]*[A-Za-z0-9](?=\s*$|\s+(?:z|vom|du|of)\s)"
    r"|[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]|\d)"
)
_INVOICE_NUMBER_LABELS = [
    # "Faktura VAT nr FV/1/2024", "Invoice No: 123", "Rechnung Nr. 4711",
    # "Facture n° 12", "Rechnung # RE-1" (same line)
    (
        re.compile(
            r"(?<![\w])"
            + _DOC_WORD
            + r"\b[^\n:]{0,40}?(?<!\w)"
            + _NUMBER_WORD
            + r"\.?\s*[:.]?\s*#?\s*",
            re.IGNORECASE,
        ),
        0.9,
    ),
    # "Numer faktury: X", "Nr faktury", "Invoice number", "Rechnungsnummer",
    # "Rechnungsnr.", "Factuurnummer", "Numéro de facture"
    (
        re.compile(
            r"(?<![^\W\d])(?:(?:numer|nr\.?)\s+(?:faktury|paragonu|dokumentu)"
            r"|invoice\s*(?:number|no\.?|#|id)|rechnungs-?(?:nummer|nr\.?)"
            r"|factuurnummer|num[ée]ro\s+de\s+facture)\s*[:.]?\s*#?\s*",
            re.IGNORECASE,
        ),
        0.95,
    ),
]
_INVOICE_TITLE = re.compile(
    r"^(?:" + _DOC_WORD + r")\s+#?\s*" + _ID_TOKEN + r"(?:\s|$)", re.IGNORECASE
)
_TITLE_ALONE = re.compile(r"^" + _DOC_WORD + r"$", re.IGNORECASE)
_HASH_LINE = re.compile(r"^#\s*:?\s*" + _ID_TOKEN + r"$")
_NOT_AN_ID = re.compile(
    r"^(?:\d{1,2}|\d+[.,]\d{2}|\d+(?:[.,]\d+)?%|page|seite|strona)$", re.IGNORECASE
)


def _plausible_id(token):
    if not token or len(token) > 40 or not re.search(r"\d", token):
        return False
    return not _NOT_AN_ID.match(token)


# Bank-account labels are never invoice-number labels ("Numer rachunku: PL61…"
# names an account, "Rachunek nr 5/2024" a bill).
_BANK_ACCOUNT_LABEL = re.compile(
    r"(?<![\w])(?:(?:pełny\s+)?(?:numer|nr\.?)\s+rachunku|rachun(?:ek|ku)\s+bankow"
    r"|konto|kontonummer|iban|bank\s*account|account\s+(?:number|no)|compte|rekening)",
    re.IGNORECASE,
)
# "PL12", "AT19": the start of an IBAN split over spaces.
_IBAN_HEAD = re.compile(r"^[A-Z]{2}\d{2}$")


def _invoice_number(lines, doc_has_invoice_word):
    cands = []
    for pattern, score in _INVOICE_NUMBER_LABELS:
        for line, m, after, before in _label_hits(lines, pattern):
            if _on_bank_account_label(line.text, m):
                continue
            cands.extend(_id_after_label(lines, line, after, before, score))
    cands = [c for c in cands if not _IBAN_HEAD.match(str(c.value))]
    for line in lines:
        m = _INVOICE_TITLE.match(line.text)
        if m and _plausible_id(m.group(1)) and not find_dates(m.group(1), "dmy"):
            cands.append(_Candidate(m.group(1), 0.8, line))
        if _TITLE_ALONE.match(line.text):
            cands.extend(_id_on_next_line(lines, line))
        m = _HASH_LINE.match(line.text)
        if m and doc_has_invoice_word and _plausible_id(m.group(1)):
            cands.append(_Candidate(m.group(1), 0.7, line))
    return _pick(cands)


def _on_bank_account_label(text, match):
    return any(
        b.start() < match.end() and match.start() < b.end()
        for b in _BANK_ACCOUNT_LABEL.finditer(text)
    )


def _id_on_next_line(lines, line):
    """'Invoice' alone, the number alone on the next line: it must look like
    a document number (letters and digits, or separators), not a plain count."""
    for nxt in _next_lines(lines, line, 1):
        m = re.fullmatch(_ID_TOKEN, nxt.text)
        token = m.group(1) if m else ""
        if _plausible_id(token) and re.search(r"[A-Za-z/_-]", token):
            yield _Candidate(token, 0.7, nxt)


def _id_after_label(lines, line, after, before, score):
    m = re.match(_ID_TOKEN + r"(?:\s|$|,)", after)
    if m:
        if _plausible_id(m.group(1)):
            yield _Candidate(m.group(1), score, line)
        return
    if after.strip():
        return
    # Label at the end of the line: pypdf puts right-aligned values before
    # it ("993548900Factuurnummer:") or the value on the next line.
    m = re.fullmatch(r"\s*" + _ID_TOKEN + r"\s*", before)
    if m and _plausible_id(m.group(1)):
        yield _Candidate(m.group(1), score - 0.1, line)
        return
    if not before.strip() or len(before) < 40:
        for nxt in _next_lines(lines, line, 1):
            m = re.fullmatch(r"#?\s*" + _ID_TOKEN, nxt.text)
            if m and _plausible_id(m.group(1)):
                yield _Candidate(m.group(1), score - 0.15, nxt)


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_ISSUE_LABELS = re.compile(
    r"(?<![^\W\d])(?:data\s+wystawienia|data\s+faktury|data\s+dokumentu|wystawion[ay]\s+dnia"
    r"|invoice\s+date|date\s+of\s+issue|issue\s+date|date\s+issued|billing\s+date"
    r"|rechnungsdatum|belegdatum|ausstellungsdatum|date\s+de\s+(?:la\s+)?facture"
    r"|date\s+d'émission|factuurdatum|datum\s+faktury)\b",
    re.IGNORECASE,
)
_GENERIC_DATE_LABEL = re.compile(r"^(?:date|datum|data)\s*(?::|$)", re.IGNORECASE)
_SALE_LABELS = re.compile(
    r"(?<![^\W\d])(?:data\s+sprzedaży|data\s+dostawy|data\s+wykonania(?:\s+usługi)?"
    r"|data\s+dokonania(?:\s+lub\s+zakończenia)?(?:\s+dostawy)?"
    r"|date\s+of\s+(?:sale|delivery|supply)|(?:sale|delivery|supply)\s+date"
    r"|liefer-?\s*(?:und\s+leistungs)?datum|leistungsdatum|lieferdatum"
    r"|date\s+de\s+(?:livraison|vente))\b",
    re.IGNORECASE,
)
_DUE_LABELS = re.compile(
    r"(?<![^\W\d])(?:termin\s+(?:płatności|zapłaty)|płatne\s+do|zapłata\s+do"
    r"|due\s+date|payment\s+due(?:\s+date)?|date\s+due|pay\s+by|amount\s+due\s+on"
    r"|payment\s+terms|remit\s+until|zahlungsziel|fälligkeit(?:sdatum|stag)?"
    r"|zahlbar\s+bis|bis\s+zum|date\s+d'échéance|échéance"
    r"|date\s+limite\s+de\s+paiement|vervaldatum)\b",
    re.IGNORECASE,
)
_DUE_BIS = re.compile(
    r"(?<![\w])(?:zahlbar|netto)\b[^\n]{0,40}?\bbis\s+", re.IGNORECASE
)
_RELATIVE_DAYS = re.compile(
    r"^\W*(\d{1,3})\s*(?:dni|days|tage|jours|dagen)\b", re.IGNORECASE
)
_TITLE_DATE = re.compile(
    r"\b(?:vom|von|du|of|z\s+dnia|dated|issued\s+at|issued\s+on)\s+$", re.IGNORECASE
)


def _date_after_label(lines, line, after, before, score, order):
    """A date right after the label, else just before it or on the next line."""
    dates = find_dates(after[:70], order)
    if dates:
        yield _Candidate(dates[0][1], score, line)
        return
    if after.strip(" :.") and len(after.strip()) > 3:
        return
    before_dates = find_dates(before, order)
    if len(before_dates) == 1 and len(before) < 25:
        yield _Candidate(before_dates[0][1], score - 0.1, line)
        return
    for nxt in _next_lines(lines, line, 1):
        dates = find_dates(nxt.text, order)
        if dates and dates[0][0] == 0:
            yield _Candidate(dates[0][1], score - 0.15, nxt)


def _dates_by_label(lines, pattern, score, order):
    cands = []
    for line, _m, after, before in _label_hits(lines, pattern):
        cands.extend(_date_after_label(lines, line, after, before, score, order))
    return cands


def _issue_date(lines, order, number):
    cands = _dates_by_label(lines, _ISSUE_LABELS, 0.95, order)
    cands += _dates_by_label(lines, _GENERIC_DATE_LABEL, 0.75, order)
    if number is not None:
        cands += _title_line_dates(lines, number, order)
    if not cands:
        cands = _only_date(lines, order)
    return _pick(cands)


def _only_date(lines, order):
    """A document printing a single date (a till receipt) was issued then."""
    found = {}
    for line in lines:
        if _DUE_LABELS.search(line.text) or _SALE_LABELS.search(line.text):
            return []
        for _pos, value in find_dates(line.text, order):
            found.setdefault(value, line)
    if len(found) != 1:
        return []
    value, line = next(iter(found.items()))
    return [_Candidate(value, 0.6, line)]


def _title_line_dates(lines, number, order):
    """'Rechnung Nr. 4711 vom 05.03.2018', 'Facture n°1 du 02 Juillet 2015'."""
    line = number.line
    following = _next_lines(lines, line, 1)
    for text, src in [(line.text, line)] + [(n.text, n) for n in following]:
        dates = find_dates(text, order)
        for pos, value in dates:
            if _TITLE_DATE.search(text[:pos]):
                yield _Candidate(value, 0.85, src)
        if src is line and len(dates) == 1:
            yield _Candidate(dates[0][1], 0.7, src)


def _due_date(lines, order, issue):
    cands = _dates_by_label(lines, _DUE_LABELS, 0.9, order)
    for line, _m, after, _before in _label_hits(lines, _DUE_BIS):
        dates = find_dates(after[:20], order)
        if dates and dates[0][0] == 0:
            cands.append(_Candidate(dates[0][1], 0.85, line))
    if issue is not None:
        for line, _m, after, _before in _label_hits(lines, _DUE_LABELS):
            m = _RELATIVE_DAYS.match(after)
            if m:
                due = issue.value + timedelta(days=int(m.group(1)))
                cands.append(_Candidate(due, 0.6, line))
    cands = [c for c in cands if issue is None or c.value >= issue.value]
    return _pick(cands)


# --------------------------------------------------------------------------
# Totals
# --------------------------------------------------------------------------

_GROSS_LABELS = [
    (
        (
            r"do\s+zapłaty|razem\s+do\s+zapłaty|kwota\s+do\s+zapłaty|wartość\s+brutto"
            r"|razem\s+brutto|suma\s+brutto|kwota\s+brutto|należność\s+ogółem"
            r"|kwota\s+należności\s+ogółem|ogółem\s+brutto"
            r"|total\s+ttc|montant\s+ttc|bruttosumme|rechnungsbetrag|gesamtbetrag(?!\s+der)"
            r"|summe\s+brutto|endbetrag|grand\s+total|invoice\s+total|total\s+for\s+this\s+invoice"
            r"|total\s+(?:amount\s+)?(?:incl\.?|including)\s+(?:vat|tax)|total\s+gross"
            r"|gross\s+total|total\s+facture|totaal"
        ),
        0.9,
    ),
    (
        (
            r"amount\s+due|total\s+due|balance\s+due|total\s+amount\s+due|due\s+payable"
            r"|zahlbetrag|somme\s+à\s+payer|net\s+à\s+payer|total(?:\s+amount)?|razem|suma"
            r"|ogółem"
        ),
        0.75,
    ),
]
_NET_LABELS = [
    (
        (
            r"wartość\s+netto|razem\s+netto|suma\s+netto|kwota\s+netto|ogółem\s+netto"
            r"|net\s+total|total\s+net|net\s+amount|total\s+excl\.?\s+(?:vat|tax)"
            r"|total\s+ht|montant\s+ht|nettobetrag|rechnungssumme\s+ohne\s+ust\.?"
            r"|summe\s+netto|gesamt\s+netto|exclusief\s+btw|subtotal|sub\s+total|subtotaal"
            r"|zwischensumme"
        ),
        0.85,
    ),
]
_VAT_LABELS = [
    (
        (
            r"kwota\s+vat|kwota\s+podatku|podatek\s+vat|razem\s+vat|suma\s+vat|wartość\s+vat"
            r"|vat\s+total|total\s+vat|tax\s+total|total\s+tax|vat\s+amount|tax\s+amount"
            r"|ust\.?\s+gesamt|steuerbetrag|mwst\.?\s+gesamt|umsatzsteuer\s+gesamt"
            r"|total\s+taxes|total\s+tva|montant\s+tva|taxes|btw\s+totaal|suma\s+ptu"
        ),
        0.85,
    ),
    (r"vat|tax|tva|btw|mwst\.?|ust\.?", 0.6),
]


def _label_regex(words):
    # The label, then no letters before the amount except a currency.
    return re.compile(r"(?<![\w])(?:" + words + r")(?![\w])", re.IGNORECASE)


_GROSS_RES = [(_label_regex(w), s) for w, s in _GROSS_LABELS]
_NET_RES = [(_label_regex(w), s) for w, s in _NET_LABELS]
_VAT_RES = [(_label_regex(w), s) for w, s in _VAT_LABELS]
_CURRENCY_WORDS = r"(?:zł|pln|eur|euro|usd|gbp|chf|inr|rs\.?|czk|[$€£₹])"
_AFTER_LABEL = re.compile(
    r"^\s*(?:\([^)]*\)|\d{1,2}(?:[.,]\d+)?\s?%|in\s+[A-Z]{3}|on\s+[$€£]?\s?[\d.,]+"
    r"|" + _CURRENCY_WORDS + r"|[:*#=\s.]|-(?!\s?\d))*",
    re.IGNORECASE,
)


def _amount_candidates(lines, regexes):
    for pattern, score in regexes:
        for line, _m, after, before in _label_hits(lines, pattern):
            yield from _amount_after_label(lines, line, after, before, score)


def _amount_after_label(lines, line, after, before, score):
    rest = after[_AFTER_LABEL.match(after).end() :]
    amounts = find_amounts(rest)
    if amounts and not re.match(r"[A-Za-z]{2}", rest.strip()):
        # several amounts: a table row (qty, net, vat, gross): the last one
        yield _Candidate(amounts[-1], score, line)
        return
    if rest.strip():
        return
    before_amounts = find_amounts(before)
    if len(before_amounts) == 1 and len(before) < 30:
        yield _Candidate(before_amounts[0], score - 0.1, line)
        return
    for nxt in _next_lines(lines, line, 1):
        amounts = find_amounts(nxt.text)
        noise = _CURRENCY_WORDS + r"|[\d\s.,:-]"
        stripped = re.sub(noise, "", nxt.text, flags=re.IGNORECASE)
        if len(amounts) == 1 and not stripped:
            yield _Candidate(amounts[0], score - 0.15, nxt)


def _triples(lines):
    """'Razem 1 000,00 230,00 1 230,00': net + vat = gross on a summary row."""
    label = re.compile(
        r"(?<![\w])(?:razem|ogółem|suma|total|summe|totaal)(?![\w])", re.IGNORECASE
    )
    for line in lines:
        if not label.search(line.text):
            continue
        amounts = find_amounts(line.text)
        if len(amounts) >= 3:
            net, vat, gross = amounts[-3:]
            if net + vat == gross and gross > 0 and vat >= 0:
                yield net, vat, gross, line


def _totals(lines):
    gross = list(_amount_candidates(lines, _GROSS_RES))
    net = list(_amount_candidates(lines, _NET_RES))
    vat = list(_amount_candidates(lines, _VAT_RES))
    for n, v, g, line in _triples(lines):
        gross.append(_Candidate(g, 0.95, line))
        net.append(_Candidate(n, 0.9, line))
        vat.append(_Candidate(v, 0.9, line))
    return _consistent_totals(gross, net, vat)


def _best_per_value(cands):
    best = {}
    for cand in cands:
        if cand.value not in best or cand.score > best[cand.value].score:
            best[cand.value] = cand
    return best


def _consistent_totals(gross, net, vat):
    """Prefer gross = net + vat; otherwise the strongest, largest gross."""
    g_best, n_best, v_best = map(_best_per_value, (gross, net, vat))
    for g in sorted(g_best, reverse=True):
        for n in n_best:
            v = g - n
            if v in v_best and n > 0 and v >= 0 and g_best[g].score >= 0.6:
                return (
                    _boost(g_best[g]),
                    _boost(n_best[n]),
                    _boost(v_best[v]),
                )
    return _top_gross(g_best), _pick(net, 0.05), _pick(vat, 0.05)


def _boost(cand):
    cand.score = min(1.0, cand.score + 0.1)
    return cand


def _top_gross(g_best):
    """The strongest label tier wins; within it the largest amount (gross is
    the largest total on an invoice)."""
    if not g_best:
        return None
    top_score = max(c.score for c in g_best.values())
    tier = [c for c in g_best.values() if c.score >= top_score - 0.05]
    if all(c.value < 0 for c in tier):
        # a correction's totals: the largest difference
        best = min(tier, key=lambda c: c.value)
    elif any(c.value < 0 for c in tier):
        return None  # signs disagree: unsure
    else:
        best = max(tier, key=lambda c: c.value)
    if best.score < MIN_CONFIDENCE or best.value == 0:
        return None
    best.score = best.score if len(tier) == 1 else best.score - 0.1
    return best


# --------------------------------------------------------------------------
# Currency
# --------------------------------------------------------------------------

_CURRENCY_SIGNS = [
    ("PLN", re.compile(r"(?<![\w])(?:zł|zl|pln)(?![\w])", re.IGNORECASE)),
    ("EUR", re.compile(r"€|(?<![A-Za-z])EUR(?:O)?(?![A-Za-z])")),
    ("USD", re.compile(r"(?<![A-Z])US\$|\$|(?<![A-Za-z])USD(?![A-Za-z])")),
    ("GBP", re.compile(r"£|(?<![A-Za-z])GBP(?![A-Za-z])")),
    ("CHF", re.compile(r"(?<![A-Za-z])CHF(?![A-Za-z])")),
    ("CZK", re.compile(r"(?<![A-Za-z])(?:CZK|Kč)(?![A-Za-z])")),
    ("INR", re.compile(r"₹|(?<![A-Za-z])(?:INR|Rs\.?)(?=\s?-?\d)")),
]
_CURRENCY_LABEL = re.compile(
    r"(?<![\w])(?:waluta|currency|währung|rechnungswährung|devise)\s*:?\s*([A-Z]{3})\b",
    re.IGNORECASE,
)


def _currency(lines, gross):
    labelled = []
    for line in lines:
        for m in _CURRENCY_LABEL.finditer(line.text):
            labelled.append(_Candidate(m.group(1).upper(), 0.95, line))
    if labelled:
        return _pick(labelled)
    if gross is not None:
        for code, pattern in _CURRENCY_SIGNS:
            if pattern.search(gross.line.text):
                return _Candidate(code, 0.9 if code != "USD" else 0.8, gross.line)
    counts = {}
    for line in lines:
        for code, pattern in _CURRENCY_SIGNS:
            if pattern.search(line.text):
                counts.setdefault(code, []).append(line)
    if len(counts) == 1:
        code, where = next(iter(counts.items()))
        return _Candidate(code, 0.8 if len(where) > 1 else 0.6, where[0])
    return None


# --------------------------------------------------------------------------
# VAT ids (NIP), seller and buyer
# --------------------------------------------------------------------------

_EU_PREFIXES = (
    "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI"
    "|SK|XI"
)
_VAT_LABEL = re.compile(
    r"(?<![\w])(?:nip|vat(?:\s*(?:id|no|number|reg\.?\s*no))?|tax\s*id|ust\.?-?\s*id\.?-?(?:nr)?"
    r"|ust-?idnr|uid(?:-nr)?|steuer-?id|mwst|tva|btw|iva|dič|gstin|gst\s*no)",
    re.IGNORECASE,
)
_NIP = re.compile(
    r"(?<![\w])NIP\s*(?:nabywcy|sprzedawcy|ue)?\s*[:.]?\s*(?:PL)?\s*"
    r"(\d{3}[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}|\d{3}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{3})(?!\d)",
    re.IGNORECASE,
)
_EU_VAT = re.compile(
    r"(?<![A-Za-z0-9])(" + _EU_PREFIXES + r")[\s.-]?([0-9A-Z][0-9A-Z .-]{6,17})",
)
_GSTIN = re.compile(
    r"(?<![A-Z0-9])(\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z])(?![A-Z0-9])"
)

_SELLER_MARK = re.compile(
    r"^(?:sprzedawca|sprzedający|seller|supplier|vendor|from|sold\s+by|verkäufer"
    r"|lieferant|leistungserbringer|vendeur|fournisseur|émetteur|leverancier|wystawca)"
    r"(?=\s*[:/]|\s*$)\s*:?",
    re.IGNORECASE,
)
_BUYER_MARK = re.compile(
    r"^(?:nabywca|odbiorca|kupujący|płatnik|buyer|bill(?:ed)?\s+to|invoice\s+to|sold\s+to"
    r"|customer|client|käufer|kunde|leistungsempfänger|rechnungsempfänger|acheteur"
    r"|destinataire|facturé\s+à|klant|afnemer)(?=\s*[:/]|\s*$)",
    re.IGNORECASE,
)
_OTHER_MARK = re.compile(
    r"^(?:podmiot\s+(?:inny|trzeci)|ship\s+to|deliver\s+to|delivery\s+address"
    r"|adresse\s+de\s+livraison|lieferanschrift|abweichender|steuerbevollmächtigter"
    r"|tax\s+representative|odbiorca\s+towaru)",
    re.IGNORECASE,
)
_BUYER_INLINE = re.compile(
    r"(?<![\w])(?:nabywc[ay]|buyer|customer|client|kunden?|käufer|acheteur)\b",
    re.IGNORECASE,
)
_SECTION_SPAN = 12


@dataclass
class _VatHit:
    value: str  # normalised, country prefix included
    line: _Line
    pos: int
    labelled: bool


def normalise_vat(text):
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()


def _valid_eu_vat(prefix, body):
    """Longest prefix of body that makes a valid VAT id with that country."""
    compact = normalise_vat(body)
    for end in range(len(compact), 5, -1):
        candidate = prefix + compact[:end]
        if eu_vat.is_valid(candidate):
            return candidate, end
    return None, 0


def _vat_hits_in_line(line, iban_spans):
    hits = []
    text = line.text
    labelled_line = bool(_VAT_LABEL.search(text))
    for m in _NIP.finditer(text):
        digits = normalise_vat(m.group(1))
        if pl_nip.is_valid(digits):
            hits.append(_VatHit("PL" + digits, line, m.start(1), True))
    for m in _EU_VAT.finditer(text):
        if any(a <= m.start() < b for a, b in iban_spans):
            continue
        value, _end = _valid_eu_vat(m.group(1), m.group(2))
        if not value:
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


def _sections(lines):
    """Per line: (role, column order, lines since the marker, block id).
    Role is 'seller', 'buyer', 'other', 'two' (a two-column seller|buyer
    header, on one line or as two consecutive marker lines) or None."""
    roles = []
    current, since, order, block = None, 0, None, None
    for line in lines:
        marker = _line_marker(line.text)
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


_TWO_COLUMN_SELLER = re.compile(
    r"(?<![\w])(?:sprzedawca|seller|verkäufer|vendeur|supplier)\b", re.IGNORECASE
)
_TWO_COLUMN_BUYER = re.compile(
    r"(?<![\w])(?:nabywca|buyer|käufer|acheteur|customer|bill\s+to)\b", re.IGNORECASE
)


def _line_marker(text):
    seller = _TWO_COLUMN_SELLER.search(text)
    buyer = _TWO_COLUMN_BUYER.search(text)
    if seller and buyer and len(text) < 60:
        order = (
            ("seller", "buyer")
            if seller.start() < buyer.start()
            else ("buyer", "seller")
        )
        return "two", order
    if _OTHER_MARK.match(text):
        return "other", None
    if _SELLER_MARK.match(text):
        return "seller", None
    if _BUYER_MARK.match(text):
        return "buyer", None
    return None


def _classify_hits(lines, iban_spans):
    roles = _sections(lines)
    placed = []  # (role, distance to its marker, hit)
    two_blocks = {}  # block id -> hits in reading order
    for line in lines:
        hits = _vat_hits_in_line(line, iban_spans.get(line.index, []))
        role, order, since, block = roles[line.index]
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


def _parties(lines, iban_spans):
    hits = _classify_hits(lines, iban_spans)
    result = {}
    buyer_values = {h.value for h in hits["buyer"]}
    seller_values = {h.value for h in hits["seller"]}
    unknown = [h for h in hits[None] if h.value not in buyer_values]
    other_values = {h.value for h in hits["other"]}
    if len(seller_values) == 1:
        hit = hits["seller"][0]
        result["seller_vat"] = _Candidate(hit.value, 0.95, hit.line)
    elif not seller_values:
        values = {h.value for h in unknown} - other_values
        labelled = [h for h in unknown if h.value in values]
        if len(values) == 1 and labelled:
            score = 0.75 if labelled[0].labelled else 0.65
            result["seller_vat"] = _Candidate(
                labelled[0].value, score, labelled[0].line
            )
    if len(buyer_values) == 1:
        hit = hits["buyer"][0]
        result["buyer_vat"] = _Candidate(hit.value, 0.9, hit.line)
    return result


def _nip_digits(cand):
    if cand and cand.value.startswith("PL"):
        return _Candidate(cand.value[2:], cand.score, cand.line)
    return None


# --------------------------------------------------------------------------
# Bank account
# --------------------------------------------------------------------------

_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2} ?\d{2}(?:[ ]?[A-Z0-9]){10,30})")
_NRB = re.compile(r"(?<![\d])(\d{2}(?:[ ]?\d{4}){6})(?![\d])")
_ACCOUNT_LABEL = re.compile(
    r"(?<![\w])(?:iban|konto|rachunek|rachunku|nr\s+rachunku|bank\s+account|account"
    r"|kontonummer|bankverbindung|compte|rekening|nrb)",
    re.IGNORECASE,
)


def _iban_in(text):
    """(value, start, end) for each valid IBAN in the text."""
    found = []
    for m in _IBAN.finditer(text):
        compact = normalise_vat(m.group(1))
        for end in range(len(compact), 14, -1):
            if std_iban.is_valid(compact[:end]):
                found.append((compact[:end], m.start(), m.end()))
                break
    return found


def _bank_account(lines):
    cands, spans = [], {}
    for line in lines:
        for value, start, end in _iban_in(line.text):
            spans.setdefault(line.index, []).append((start, end))
            cands.append(_Candidate(value, 0.9, line))
        for m in _NRB.finditer(line.text):
            value = "PL" + normalise_vat(m.group(1))
            context = " ".join(
                x.text for x in lines[max(0, line.index - 1) : line.index + 1]
            )
            if std_iban.is_valid(value) and _ACCOUNT_LABEL.search(context):
                cands.append(_Candidate(value, 0.85, line))
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


# --------------------------------------------------------------------------
# Seller name (best effort)
# --------------------------------------------------------------------------

_NAME_PREFIX = re.compile(
    r"^(?:nazwa|name|firma|raison\s+sociale)\s*:\s*", re.IGNORECASE
)
_NOT_A_NAME = re.compile(
    r"^(?:nummer|number|numer|nr|adres|address|anschrift)\b", re.IGNORECASE
)


def _seller_name(lines):
    for i, line in enumerate(lines):
        m = _SELLER_MARK.match(line.text)
        if not m or _line_marker(line.text)[0] != "seller":
            continue
        rest = line.text[m.end() :].strip(" :")
        block = [x.text for x in lines[i + 1 : i + 6]]
        own = block[: next((k for k, t in enumerate(block) if _line_marker(t)), 5)]
        named = [t for t in own if _NAME_PREFIX.match(t)]
        if named:
            # "Nazwa: X" in the seller's block says which line is the name.
            name = _clean_name(named[0])
            return _Candidate(name, 0.7, line) if _looks_like_name(name) else None
        for text in ([rest] if rest else []) + block[:3]:
            name = _clean_name(text)
            if _looks_like_name(name):
                return _Candidate(name, 0.6, line)
    return None


def _clean_name(text):
    name = _NAME_PREFIX.sub("", text).strip()
    return re.split(r"\s+(?:nazwa|name)\s*:", name, flags=re.IGNORECASE)[0]


# "Prefiks VAT: PL", "Adres: ...": a label and its value, not a name.
_LABELLED_VALUE = re.compile(r"^[^\W\d][\w .-]{0,30}:(?:\s|$)")


def _looks_like_name(text):
    if len(text) < 3 or len(text) > 80 or _VAT_LABEL.match(text):
        return False
    if _line_marker(text) or _OTHER_MARK.match(text):
        return False
    if _NOT_A_NAME.match(text) or _LABELLED_VALUE.match(text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= len(text) / 2


# --------------------------------------------------------------------------
# KSeF number: NIP-YYYYMMDD-12 hex-2 hex, given by the national system
# --------------------------------------------------------------------------

KSEF_NUMBER = re.compile(
    r"(?<![\w-])(\d{10})-(\d{4})(\d{2})(\d{2})-([0-9A-F]{12})-([0-9A-F]{2})(?![\w-])"
)
# "Numer KSeF: …" names this invoice; "Numer KSeF faktury korygowanej" the
# corrected one.
_KSEF_LABEL = re.compile(r"(?<![\w])numer\s+ksef\s*:", re.IGNORECASE)


def find_ksef_number(text):
    """The first well-formed KSeF number in the text (a file name, a label)."""
    for m in KSEF_NUMBER.finditer(text or ""):
        if _make_date(m.group(2), m.group(3), m.group(4)) and pl_nip.is_valid(
            m.group(1)
        ):
            return m.group(0)
    return None


def _ksef_number(lines):
    found = []
    for line, _m, after, _before in _label_hits(lines, _KSEF_LABEL):
        value = find_ksef_number(after)
        if value:
            found.append(_Candidate(value, 0.95, line))
    return _pick(found)


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def extract_fields(text_pages):
    """Suggestions from the pages' text; empty with a reason when no text."""
    lines = _prepare_lines(text_pages or [])
    if sum(len(x.text) for x in lines) < 20 or not any(
        _has_letters_or_digits(x.text) for x in lines
    ):
        return Extraction(fields={}, has_text=False, reason=NO_TEXT_REASON)
    order = _slash_order(lines)
    lines.direction = _value_direction(
        lines, [_ISSUE_LABELS, _SALE_LABELS, _DUE_LABELS, _INVOICE_NUMBER_LABELS[1][0]]
    )
    doc_word = re.compile(_DOC_WORD, re.IGNORECASE)
    doc_has_invoice_word = any(doc_word.search(x.text) for x in lines)
    found = {}
    found["invoice_number"] = _invoice_number(lines, doc_has_invoice_word)
    found["issue_date"] = _issue_date(lines, order, found["invoice_number"])
    found["sale_date"] = _pick(_dates_by_label(lines, _SALE_LABELS, 0.9, order))
    found["due_date"] = _due_date(lines, order, found["issue_date"])
    gross, net, vat = _totals(lines)
    found.update(total_gross=gross, total_net=net, total_vat=vat)
    found["currency"] = _currency(lines, gross)
    found["seller_iban"], iban_spans = _bank_account(lines)
    found.update(_parties(lines, iban_spans))
    found["seller_nip_digits"] = _nip_digits(found.get("seller_vat"))
    found["buyer_nip_digits"] = _nip_digits(found.get("buyer_vat"))
    found["seller_name"] = _seller_name(lines)
    found["ksef_number"] = _ksef_number(lines)
    fields = {}
    for name, cand in found.items():
        if cand is None or cand.score < MIN_CONFIDENCE:
            continue
        fields[name] = _suggest(cand, _plain(cand.value))
    reason = None if fields else EMPTY_REASON
    return Extraction(fields=fields, has_text=True, reason=reason)


def _plain(value):
    if isinstance(value, Decimal):
        return float(round(value, 2))
    if isinstance(value, date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------
# KSeF structured e-invoice (FA(2) / FA(3) XML)
# --------------------------------------------------------------------------


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _child(element, *path):
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if _local(c.tag) == name), None)
    return element


def _text(element, *path):
    found = _child(element, *path)
    return found.text.strip() if found is not None and found.text else None


def extract_from_ksef_xml(data):
    """Fields of a KSeF e-invoice (FA(2)/FA(3)): values are declared, so they
    are taken as they are; a NIP failing its checksum is kept with low
    confidence. Returns an empty Extraction with a reason for other XML."""
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        return Extraction(has_text=False, reason="XML with a DTD is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return Extraction(has_text=False, reason="not a well-formed XML file")
    fa = _child(root, "Fa")
    if _local(root.tag) != "Faktura" or fa is None:
        return Extraction(has_text=False, reason="not a KSeF e-invoice (FA)")
    source = "KSeF XML"
    fields = {}

    def put(name, value, confidence=1.0, where=""):
        if value not in (None, ""):
            fields[name] = Suggestion(value, confidence, f"{source} {where}".strip())

    for role, node in (("seller", "Podmiot1"), ("buyer", "Podmiot2")):
        nip = _text(root, node, "DaneIdentyfikacyjne", "NIP")
        if nip:
            confidence = 1.0 if pl_nip.is_valid(nip) else 0.6
            put(f"{role}_vat", "PL" + nip, confidence, f"{node}/NIP")
            put(f"{role}_nip_digits", nip, confidence, f"{node}/NIP")
    put("seller_name", _text(root, "Podmiot1", "DaneIdentyfikacyjne", "Nazwa"), 1.0)
    put("currency", _text(fa, "KodWaluty"), 1.0, "Fa/KodWaluty")
    put("issue_date", _text(fa, "P_1"), 1.0, "Fa/P_1")
    put("invoice_number", _text(fa, "P_2"), 1.0, "Fa/P_2")
    put("sale_date", _text(fa, "P_6"), 1.0, "Fa/P_6")
    _ksef_amounts(fa, put)
    put("due_date", _text(fa, "Platnosc", "TerminPlatnosci", "Termin"), 1.0)
    account = _text(fa, "Platnosc", "RachunekBankowy", "NrRB")
    if account:
        compact = normalise_vat(account)
        value = "PL" + compact if compact.isdigit() and len(compact) == 26 else compact
        put("seller_iban", value, 1.0 if std_iban.is_valid(value) else 0.6, "NrRB")
    return Extraction(
        fields=fields, has_text=True, reason=None if fields else EMPTY_REASON
    )


def _ksef_amounts(fa, put):
    def amount(tag):
        text = _text(fa, tag)
        try:
            return Decimal(text) if text else None
        except InvalidOperation:
            return None

    gross = amount("P_15")
    if gross is not None:
        put("total_gross", float(gross), 1.0, "Fa/P_15")
    net_tags = [f"P_13_{i}" for i in range(1, 11)]
    nets = [amount(tag) for tag in net_tags]
    vats = [amount(f"P_14_{i}") for i in range(1, 6)]
    # P_13_11 (margin scheme) is not a net amount: no net total then.
    if amount("P_13_11") is None and any(n is not None for n in nets):
        put("total_net", float(sum(n for n in nets if n is not None)), 1.0, "Fa/P_13_*")
    if any(v is not None for v in vats):
        put("total_vat", float(sum(v for v in vats if v is not None)), 1.0, "Fa/P_14_*")
    elif any(n is not None for n in nets) and amount("P_13_11") is None:
        put("total_vat", 0.0, 0.9, "Fa/P_13_* without P_14_*")
