"""Dates: every way a date is printed, and the issue, sale and due dates by
their labels (rows of `labels`)."""

import re
from datetime import date, timedelta

from . import labels
from .base import Candidate, label_hits, next_lines, overlaps, pick

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
# Month names also without accents, as OCR reads them ("Marz", "fevrier").
_MONTHS.update({labels.bare_letters(name): n for name, n in list(_MONTHS.items())})
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# "2018/03/27", "2018.03.27": year first, then month and day (never day).
_DATE_YMD = re.compile(r"(?<![\d./-])(\d{4})([/.])(\d{2})\2(\d{2})(?![\d./-])")
_DATE_NUMERIC = re.compile(
    r"(?<![\d.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])"
)
_DATE_DAY_MONTH = re.compile(
    r"(?<!\d)(\d{1,2})(?:\.?\s+|([-/]))("
    + _MONTH_NAMES
    + r")(?:\.?,?\s+|(?(2)\2|(?!)))"
    r"(\d{4})(?!\d)",
    re.IGNORECASE,
)
# "22 MAR 18": a till receipt's day, month name and two-digit year.
_DATE_DAY_MONTH_SHORT = re.compile(
    r"(?<![\d.,/-])(\d{1,2})[\s/-](" + _MONTH_NAMES + r")[\s/-](\d{2})(?![\d:])",
    re.IGNORECASE,
)
_DATE_MONTH_DAY = re.compile(
    r"(?<![\w])(" + _MONTH_NAMES + r")\.?\s+(\d{1,2})\s?,?\s+(\d{4})(?!\d)",
    re.IGNORECASE,
)


# A till receipt's numeric dates: day first, two-digit years too ("05/01/17",
# "26-03-18"; see receipts.date_order).
RECEIPT_ORDER = "dmy2"


def make_date(year, month, day):
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
        found.append((m.start(), make_date(*m.groups())))
    for m in _DATE_YMD.finditer(text):
        found.append((m.start(), make_date(m.group(1), m.group(3), m.group(4))))
    if slash_order == RECEIPT_ORDER:
        for m in _DATE_DAY_MONTH_SHORT.finditer(text):
            month = _MONTHS[m.group(2).lower()]
            found.append((m.start(), make_date("20" + m.group(3), month, m.group(1))))
    for m in _DATE_NUMERIC.finditer(text):
        found.append((m.start(), _numeric_date(m, slash_order)))
    for m in _DATE_DAY_MONTH.finditer(text):
        month = _MONTHS[m.group(3).lower()]
        found.append((m.start(), make_date(m.group(4), month, m.group(1))))
    for m in _DATE_MONTH_DAY.finditer(text):
        month = _MONTHS[m.group(1).lower()]
        found.append((m.start(), make_date(m.group(3), month, m.group(2))))
    return sorted((pos, d) for pos, d in found if d and 1990 <= d.year <= 2099)


def _numeric_date(match, slash_order):
    first, sep, second, year = match.groups()
    first, second = int(first), int(second)
    if len(year) == 2:
        if sep != "." and slash_order != RECEIPT_ORDER:
            return None
        year = "20" + year
    if sep == "/" and first != second and first <= 12 and second <= 12:
        if slash_order is None:
            return None
        if slash_order == "mdy":
            first, second = second, first
    elif sep == "/" and second > 12:
        first, second = second, first
    return make_date(year, second, first)


def slash_order(lines):
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
# The dates of an invoice, by their labels
# --------------------------------------------------------------------------

ISSUE_LABELS = labels.regex("issue_date", after=r"\b")
SALE_LABELS = labels.regex("sale_date", after=r"\b")
DUE_LABELS = labels.regex("due_date", after=r"\b")
_DUE_BIS = re.compile(
    r"(?<![\w])(?:zahlbar|netto)\b[^\n]{0,40}?\bbis\s+", re.IGNORECASE
)
_RELATIVE_DAYS = re.compile(
    r"^\W*(\d{1,3})\s*(?:dni|days|tage|jours|dagen)\b", re.IGNORECASE
)
_TITLE_DATE = re.compile(
    r"\b(?:vom|von|du|of|z\s+dnia|dated|issued\s+at|issued\s+on)\s+$", re.IGNORECASE
)


# "od 01.01.2022 do 31.01.2022": a period, not a date.
_PERIOD_START = re.compile(r"^[\s:]*(?:od|from|von|vom|du|van)\b", re.IGNORECASE)
_PERIOD_JOIN = re.compile(r"\d\s+(?:do|to|until|bis|au|tot)\s+\d", re.IGNORECASE)


def _date_after_label(lines, line, after, before, score, order):
    """A date right after the label, else just before it or on the next line;
    nothing when the label announces a period."""
    if _PERIOD_START.match(after) or _PERIOD_JOIN.search(after):
        return
    dates = find_dates(after[:70], order)
    if dates:
        yield Candidate(dates[0][1], score, line)
        return
    if after.strip(" :.") and len(after.strip()) > 3:
        return
    before_dates = find_dates(before, order)
    if len(before_dates) == 1 and len(before) < 25:
        yield Candidate(before_dates[0][1], score - 0.1, line)
        return
    for nxt in next_lines(lines, line, 1):
        dates = find_dates(nxt.text, order)
        if dates and dates[0][0] == 0 and not _PERIOD_JOIN.search(nxt.text):
            yield Candidate(dates[0][1], score - 0.15, nxt)


# The corrected invoice's date is never this invoice's date.
_NEVER_DATE_LABELS = labels.regex("corrected_date", after="")


def dates_by_label(lines, pattern, score, order):
    cands = []
    for line, m, after, before in label_hits(lines, pattern):
        if overlaps(line.text, m, _NEVER_DATE_LABELS):
            continue
        cands.extend(_date_after_label(lines, line, after, before, score, order))
        if not before.strip() and not find_dates(line.text, order):
            cands.extend(_date_under_header(lines, line, score, order))
    return cands


def _date_under_header(lines, line, score, order):
    """'Termin płatności Opis płatności' over '21.02.2026 21 dni…': a table
    header (no colon) whose first column is the label, the date under it."""
    if ":" in line.text:
        return
    for nxt in lines[line.index + 1 : line.index + 2]:
        dates = find_dates(nxt.text, order)
        if dates and dates[0][0] == 0 and not _PERIOD_JOIN.search(nxt.text):
            yield Candidate(dates[0][1], score - 0.2, nxt)


def issue_date(lines, order, number):
    cands = dates_by_tiers(lines, "issue_date", order)
    for pattern, score in labels.tiers("date", before="^", after=r"\s*(?::|$)"):
        # "Date: …" alone: a weaker label
        cands += dates_by_label(lines, pattern, score, order)
    if number is not None:
        cands += _title_line_dates(lines, number, order)
    if not cands:
        cands = _only_date(lines, order)
    return pick(cands)


_EXPIRY = labels.regex("expiry")


def _only_date(lines, order):
    """A document printing a single date (a till receipt) was issued then;
    a card's expiry or a voucher's validity printed too is not a date of it."""
    found, stamped = {}, {}
    for line in lines:
        if DUE_LABELS.search(line.text) or SALE_LABELS.search(line.text):
            return []
        if _EXPIRY.search(line.text):
            continue
        for pos, value in find_dates(line.text, order):
            if not _glued(line.text, pos):
                found.setdefault(value, line)
                if _TIME_AFTER.match(line.text, pos + _date_length(line.text, pos)):
                    stamped.setdefault(value, line)
    if len(found) != 1 and order == RECEIPT_ORDER and len(stamped) == 1:
        # a till stamps the sale with its time ("20/08/17 12:48"); the
        # other dates are an offer's, a card's ("25 AUG - 3 Sept 2017")
        found = stamped
    if len(found) != 1:
        return []
    value, line = next(iter(found.items()))
    return [Candidate(value, 0.6, line)]


# A time of day right after a date: "20/08/17 12:48", "11-01-16 14:00".
_TIME_AFTER = re.compile(r"\s+(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d)")
_DATE_AT = re.compile(r"[\w./-]+")


def _date_length(text, pos):
    """The length of the date printed at `pos` (its characters up to the
    next space)."""
    m = _DATE_AT.match(text, pos)
    return m.end() - pos if m else 0


def _title_line_dates(lines, number, order):
    """'Rechnung Nr. 4711 vom 05.03.2018', 'Facture n°1 du 02 Juillet 2015'."""
    line = number.line
    following = next_lines(lines, line, 1)
    for text, src in [(line.text, line)] + [(n.text, n) for n in following]:
        dates = find_dates(text, order)
        for pos, value in dates:
            if _TITLE_DATE.search(text[:pos]):
                yield Candidate(value, 0.85, src)
        if src is line and len(dates) == 1 and not _glued(text, dates[0][0]):
            yield Candidate(dates[0][1], 0.7, src)


def _glued(text, pos):
    """Whether the date at `pos` is part of an identifier: the tail of one
    ("llcdpk88gk-2025-06-24", an invoice number made that day) or the head
    of one ("27-01-2022/Uhh1P4AO...", a KSeF link's path): not a date the
    document prints as its own."""
    if re.search(r"[^\W\d_]\w*[-_/]?$", text[:pos]):
        return True
    if _DATE_DAY_MONTH.match(text, pos) or _DATE_DAY_MONTH_SHORT.match(text, pos):
        return False  # "09-Jan-2017": its month's name is no identifier's
    digits = re.match(r"[\d./-]*\d", text[pos:])
    return bool(digits and re.match(r"[-_/]\d*[^\W\d_]", text[pos + digits.end() :]))


def due_date(lines, order, issue):
    cands = dates_by_tiers(lines, "due_date", order)
    for line, _m, after, _before in label_hits(lines, _DUE_BIS):
        dates = find_dates(after[:20], order)
        if dates and dates[0][0] == 0:
            cands.append(Candidate(dates[0][1], 0.85, line))
    if issue is not None:
        for line, _m, after, _before in label_hits(lines, DUE_LABELS):
            m = _RELATIVE_DAYS.match(after)
            if m:
                due = issue.value + timedelta(days=int(m.group(1)))
                cands.append(Candidate(due, 0.6, line))
    cands = [c for c in cands if issue is None or c.value >= issue.value]
    return pick(cands)


def dates_by_tiers(lines, field, order):
    """Dates after any label of `field`, each scored as its label row says."""
    cands = []
    for pattern, score in labels.tiers(field, after=r"\b"):
        cands += dates_by_label(lines, pattern, score, order)
    return cands


def sale_date(lines, order):
    return pick(dates_by_tiers(lines, "sale_date", order))
