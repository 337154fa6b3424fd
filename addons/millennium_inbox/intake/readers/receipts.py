"""Till receipts: Polish fiscal receipts ("paragony fiskalne") and foreign
till receipts, read as such.

A till receipt is laid out the same everywhere: the shop's header (name,
address, VAT id), the items, the total ("SUMA PLN", "Summe", "TOTAL"), on a
Polish receipt the PTU table (sales and VAT per rate letter, "SUMA PTU"),
then the payment ("Gotówka", "Karta", "Bar", "CASH") and the change given
back. An invoice's labels read it badly: "TOTAL QTY", "TOTAL GST", the GST
summary's "TOTAL" row and the cash handed over are all "totals" there.

Here the total is the amount a total label gives that the receipt confirms:
the payment less the change, or a rounding line leading to it; or, with no
confirmation, the one value every total label agrees on. Anything else
leaves the total empty (precision first). The PTU table gives the VAT per
rate only when it adds up: each letter's VAT to its sales at its rate, the
VAT to "SUMA PTU", the sales to the total.

Labels are rows of `labels` (receipt_total, receipt_not_total, tender,
change, rounding, till); the PTU table's words are Polish only.
"""

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .. import invoice
from . import labels
from .amounts import find_amounts
from .base import Candidate

_WORD = {"before": r"(?<![\w])", "after": r"(?![\w])"}
_TOTALS = [
    re.compile(
        _WORD["before"] + labels.accent_insensitive(row.pattern) + _WORD["after"],
        re.IGNORECASE,
    )
    for row in labels.rows("receipt_total")
]
_NOT_TOTAL = labels.regex("receipt_not_total", **_WORD)
_TENDER = labels.regex("tender", **_WORD)
_CHANGE = labels.regex("change", **_WORD)
_ROUNDING = labels.regex("rounding", **_WORD)
_TILL = labels.regex("till", **_WORD)
_TITLE = labels.regex("kind_receipt", before=r"^\W*")
# The tax's own words on a till receipt's tax line ("TOTAL GST 8.49",
# "GST 6% RM0.42", "PTU A 1,87").
_TAX = re.compile(
    r"(?<![\w])(?:gst|sst|vat|tax|ptu|mwst|ust|tva|iva|dph)(?![\w])", re.IGNORECASE
)
_HEAD_LINES = 15

# What may stand between a label and its amount, or follow the amount: a
# colon, a currency, a PTU rate letter after the amount ("16,97 A").
# "RH", "RN", "KH" are "RM" as OCR reads it on small print (M for H or N,
# R for K): a currency code misread, never a word.
_CURRENCY = r"(?:rm|r[hn]|k[mh]|myr|pln|zł|eur|€|czk|kč|usd|\$|sgd|gbp|£|chf)"
# OCR's specks and rules between a label and its amount: "TOTAL _RM83.00",
# "Total // 3.30", "Change;RM 1.00".
_LEAD = re.compile(
    r"^(?:[\s:;=*#_~/|]|\.(?!\d)|\(\s*" + _CURRENCY + r"\s*\)|" + _CURRENCY + ")*",
    re.IGNORECASE,
)
# After the amount: a currency, a PTU rate letter, or a speck OCR read at
# the paper's edge ("48.00 EF", "48.00 [Ę"): one or two marks, no digit.
_TAIL = re.compile(r"(?:\s+(?:" + _CURRENCY + r"|[^\d\s.,]{1,2}))?\s*$", re.IGNORECASE)
# An amount with one digit OCR read as a letter of its shape (O, D, Q for 0,
# B for 8, S for 5, l, I, | for 1: "RMO.02", "38. 0D", "B3.00"), or its
# point read as a low quote or doubled ("16 „20", "4..20"), or its minus
# printed after it ("0.02-").
_LOOKALIKES = "ODQoBSlI|"
_LOOKALIKE_DIGITS = str.maketrans(_LOOKALIKES, "000085111")
_MISREAD_AMOUNT = re.compile(
    r"^(-?)([\d" + re.escape(_LOOKALIKES) + r"]{1,7})\s?(?:\.\.|[.,„])\s?"
    r"([\d" + re.escape(_LOOKALIKES) + r"]{2})(-?)$"
)
_AMOUNT_TOKEN = re.compile(r"^-?\s?\d+[.,]\d{2}$")
CENT = Decimal("0.01")


@dataclass
class Receipt:
    """What a till receipt says beyond the invoice fields."""

    evidence: str  # the words that made it a till receipt
    total: Candidate | None = None
    vat: Candidate | None = None  # "SUMA PTU" when the PTU table adds up
    tax_lines: list = field(default_factory=list)


# The evidence of a page known to be a till receipt before its text is read
# (read(till=True)).
KNOWN_TILL = "till receipt"


def read(lines, till=False):
    """The document as a till receipt, or None when it is not one. With
    `till`, the page is known to be one (a till roll's shape, or the till's
    words another OCR reading of the same page printed: ocr_reread.
    other_engine), and read as one whatever its text lost."""
    evidence = till_evidence(lines) or (KNOWN_TILL if till else None)
    if evidence is None:
        return None
    receipt = Receipt(evidence)
    receipt.total = total(lines)
    if receipt.total is not None:
        ptu = ptu_table(lines, receipt.total.value)
        if ptu is not None:
            receipt.tax_lines, receipt.vat = ptu
    return receipt


# --------------------------------------------------------------------------
# Is it a till receipt?
# --------------------------------------------------------------------------


def till_evidence(lines):
    """The words that make the document a till receipt, or None.

    A receipt's title ("PARAGON FISKALNY", "Kassenbon"), or change given
    back; or two of: a payment line with its amount, a till's own words
    ("nr wydr.", "#Kasa", "Cashier"), a rounding line with its amount."""
    for line in lines[:_HEAD_LINES]:
        m = _TITLE.match(line.text)
        if m:
            return m.group(0).strip()
    signs = []
    for line in lines:
        change = _labelled_amount(lines, line, _CHANGE)
        if change is not None:
            return change[0]
        for pattern in (_TENDER, _ROUNDING):
            found = _labelled_amount(lines, line, pattern)
            if found is not None:
                signs.append(found[0])
        m = _TILL.search(line.text)
        if m:
            signs.append(m.group(0))
    kinds = {_sign_kind(word) for word in signs}
    if len(kinds) >= 2:
        return signs[0]
    deducted = _total_paid_as_a_deduction(lines)
    if deducted is not None:
        return deducted
    if not looks_like_a_till(lines):
        return None
    return _total_paid(lines) or _total_confirmed(lines)


def _total_confirmed(lines):
    """The words of the total line when the total is confirmed (two total
    labels agreeing, a rounding step leading to it), else None."""
    found = total(lines)
    return found.line.text.strip() if found and found.score >= 0.9 else None


def _total_paid(lines):
    """A total label's amount that a payment line pays exactly ("TOTAL (GST
    INCL) 22.45 / Visa Card 22.45"), on a page with a till's words of two
    kinds: the total label's words, else None."""
    paid, _exact = _paid(lines)
    for line, readings in _total_lines(lines):
        if any(value in readings for value in paid):
            return line.text.strip()
    return None


def _total_paid_as_a_deduction(lines):
    """The payment's words when a payment printed as a deduction from the
    balance ("Cash -12.15", "Mastercard -140.65") pays a total label's
    amount exactly: a till's way of printing it (an invoice's payment
    line, "Karta 1 230,00", is never a negative amount), else None."""
    totals = [readings for _line, readings in _total_lines(lines)]
    for line in lines:
        found = _labelled_amount(lines, line, _TENDER)
        if found is None or len(found[1]) != 1 or found[1][0] >= 0:
            continue
        if _in_a_total(line.text):
            continue
        if any(-found[1][0] in readings for readings in totals):
            return found[0]
    return None


def _sign_kind(word):
    for name, pattern in (("tender", _TENDER), ("rounding", _ROUNDING)):
        if pattern.fullmatch(word):
            return name
    return "till"


def _labelled_amount(lines, line, pattern):
    """(label words, [readings]) of the first label of `pattern` on the line
    followed by a single amount (on its line, or alone on the next one when
    the label stands alone), else None."""
    for m in pattern.finditer(line.text):
        alone = not line.text[: m.start()].strip()
        readings = _inline_or_next(lines, line, line.text[m.end() :], alone)
        if readings:
            return m.group(0), readings
    return None


def _inline_or_next(lines, line, rest, alone=True):
    """The readings of `rest` (what follows a label on its line); when
    nothing follows and the label is alone, those of the next line: a PDF's
    text layer often puts an amount printed flush right on a line of its own."""
    readings = amount_readings(rest)
    if readings or rest.strip(" :") or not alone:
        return readings
    following = lines[line.index + 1 : line.index + 2]
    return amount_readings(following[0].text) if following else []


# OCR splits an amount after its point: "RM42. 88".
_SPLIT_CENTS = re.compile(r"(?<=\d)([.,]) (?=\d{2}(?![\d.,]))")
# ... or read its point as a low quote, or twice: "16 „20", "4..20".
_MISREAD_POINT = re.compile(r"(?<=\d)(?: ?„ ?|\.\.)(?=\d{2}(?![\d.,]))")
# ... or glued the currency to the label before it: "totalRM16.20".
_GLUED_CURRENCY = re.compile(r"(?<=[a-z])(?=(?:RM|PLN|EUR|CZK|USD)\s?\d)")


def joined_amounts(text):
    """The text with amounts OCR split after their point joined, their
    misread point put right, and a currency glued to a label split off."""
    text = _MISREAD_POINT.sub(".", _SPLIT_CENTS.sub(r"\1", text))
    return _GLUED_CURRENCY.sub(" ", text)


def amount_readings(rest):
    """The values the text after a label may mean: '8,95' -> [8.95];
    '60 119.57' -> [60119.57, 119.57] (a quantity before the amount, or a
    thousands group); nothing for text, or for two amounts in a row (a
    table row: '96.00 5.76')."""
    rest = joined_amounts(rest)
    rest = re.sub(r"-\s*" + _CURRENCY + r"\s*(?=\d)", "-", rest, flags=re.IGNORECASE)
    rest = _TAIL.sub("", _LEAD.sub("", rest, count=1), count=1).strip()
    rest = re.sub(r"^(-?)\.(\d{2})$", r"\g<1>0.\2", rest)  # "RM .00"
    rest = _lookalike_digits(rest)
    if not rest or re.search(r"[^\d\s.,'’-]", rest):
        return []
    tokens = rest.replace("- ", "-").split()
    if len(tokens) > 2 or (
        len(tokens) == 2 and not re.fullmatch(r"\d{1,3}", tokens[0])
    ):
        return []
    readings = []
    whole = find_amounts(rest)
    if len(whole) == 1:
        readings.append(whole[0])
    last = find_amounts(tokens[-1])
    if _AMOUNT_TOKEN.match(tokens[-1]) and last and last[0] not in readings:
        readings.append(last[0])
    return readings


def _lookalike_digits(text):
    """An amount OCR misread by one letter of a digit's shape, or by its
    point or its minus (see _MISREAD_AMOUNT), as printed; other text as
    it is."""
    m = _MISREAD_AMOUNT.match(text)
    if m is None:
        return text
    sign, whole, cents, after = m.groups()
    if sum(not c.isdigit() for c in whole + cents) > 1:
        return text
    return (
        ("-" if sign or after else "")
        + whole.translate(_LOOKALIKE_DIGITS)
        + "."
        + cents.translate(_LOOKALIKE_DIGITS)
    )


# --------------------------------------------------------------------------
# The total
# --------------------------------------------------------------------------


def total(lines):
    """The receipt's total (Candidate) when the receipt confirms it."""
    steps, rounded = _roundings(lines)
    totals = list(_total_lines(lines)) + rounded
    totals.sort(key=lambda item: item[0].index)
    paid, exact = _paid(lines)
    for line, readings in totals:
        confirmed = [value for value in paid if value in readings]
        if confirmed:
            return Candidate(confirmed[0], 0.95, line)
    if len(steps) == 1:
        # the rounding applies to the payment only: "TOTAL 42.88 /
        # ROUNDING 0.02 / CASH 42.90"
        for line, readings in totals:
            confirmed = [value for value in readings if value + steps[0] in paid]
            if len(confirmed) == 1 and confirmed[0] > 0:
                return _before_or_after_rounding(lines, confirmed[0], steps[0], line)
        # no total line read as one ("TOTAL RMZ. 42"): a net and its VAT
        # printed above give the amount the rounding leads to the payment
        summed = _net_and_vat_above_payment(lines, [v - steps[0] for v in paid])
        if summed is not None:
            return _before_or_after_rounding(lines, summed.value, steps[0], summed.line)
    if exact and paid and not steps:
        # no total label read as one ("NET AMT : 8.00", "DUE 9.90",
        # "SUBTOTAL 15.80" alone): the amount paid less the change printed
        # above the payment
        printed = _printed_above_payment(lines, paid[0])
        if printed is None:
            # the total line misread ("TOTAL 1350.00" paid by "CASH 150.00
            # / CHANGE 0.00"): a net and its VAT above give the amount paid
            printed = _net_and_vat_above_payment(lines, paid[:1])
        if printed is not None:
            return printed
    # also when OCR left every total line unreadable as such ("TOTAL GST"
    # words in "Total Sales Inc] GST 65.10")
    loose = _paid_on_a_total_line(lines, paid)
    if loose is not None and len(steps) == 1:
        # a rounding step printed: the total is an amount above plus it
        # (a payment misread as the total was: "19.45" for "79.45")
        loose = _rounded(lines, [(loose.line, [loose.value])], steps[0])
    if loose is not None or not totals:
        return loose
    if len(steps) == 1:
        return _rounded(lines, totals, steps[0])
    sure = {readings[0] for _line, readings in totals if len(readings) == 1}
    unsure = [r for _line, readings in totals if len(readings) > 1 for r in readings]
    if steps or len(sure) != 1 or set(unsure) - sure:
        return None
    value = sure.pop()
    if value <= 0 or (paid and (paid[0] < value or exact)):
        # paid less than the total, or other than it with the change
        # printed: not understood
        return None
    agreeing = [x for x, r in totals if r == [value]]
    # two total labels printing the same amount confirm each other
    return Candidate(value, 0.9 if len(agreeing) > 1 else 0.85, agreeing[0])


def _before_or_after_rounding(lines, value, step, line):
    """The total when `value` (read on `line`) plus the rounding `step` is
    what was paid: the rounded total when it is printed after the rounding
    line, else `value`; None when a rounded total is printed there but not
    read (which one is meant is not known)."""
    printed, after = _after_rounding(lines, value + step)
    if after is not None:  # the rounded total printed too
        return Candidate(value + step, 0.95, after)
    if not printed:
        return Candidate(value, 0.95, line)
    return None


def _net_and_vat_above_payment(lines, values):
    """A Candidate of one of `values` that the amounts ending two lines in
    a row shortly above the first payment line add up to (lines ending in
    zero between), the second a tax line's smaller amount ("SUB-TOTAL
    141.51 / TOTAL GST 8.49", "GST TAXABLE AMT RM7.00 / GST 6% RMO.42"),
    else None."""
    first = _first_payment(lines)
    if first is None or not values:
        return None
    # the lines ending in an amount other than zero ("DISC 0.00" between)
    above = [
        (x, amount)
        for x in lines[max(0, first - _SUM_SPAN) : first]
        for amount in [_ending_amount(x.text)]
        if amount
    ]
    for (_x, net), (line, vat) in itertools.pairwise(above):
        if 0 < vat < net and _TAX.search(line.text) and net + vat in values:
            return Candidate(net + vat, 0.9, line)
    return None


# The net and its VAT are printed at most this many lines above the payment
# (the VAT, a rounding, a total line between).
_SUM_SPAN = 6


def _ending_amount(text):
    """The amount ending the line, as amount_readings reads it (OCR's
    misread digits put right), else None."""
    tokens = joined_amounts(text).split()
    if (
        len(tokens) >= 2
        and re.fullmatch(r"\d{2}", tokens[-1])
        and tokens[-2][-1:] in ".,"
    ):
        tokens[-2:] = [tokens[-2] + tokens[-1]]  # "RMO. 42"
    readings = amount_readings(tokens[-1]) if tokens else []
    return readings[-1] if readings else None


def _first_payment(lines):
    """The index of the first payment or change line with its amount."""
    return next(
        (
            x.index
            for x in lines
            if _labelled_amount(lines, x, _TENDER) is not None
            or _labelled_amount(lines, x, _CHANGE) is not None
        ),
        None,
    )


def _after_rounding(lines, value):
    """(whether a rounded total is printed between the rounding line and
    the payment, the line printing `value` there alone or after a total
    label: the rounded total, also when its label was lost, else None)."""
    start = next(
        (x.index for x in lines if _labelled_amount(lines, x, _ROUNDING)), None
    )
    if start is None:
        return False, None
    printed = False
    for line in lines[start + 1 :]:
        text = joined_amounts(line.text)
        if _TENDER.search(text) or _CHANGE.search(text):
            break
        found = find_amounts(text)
        if found and found[-1] == value and amount_readings(text.split()[-1]):
            # "30.70" alone, "TOTAL RM 30.70", "TTL ATF RND 46.90"
            return True, line
        printed = printed or _total_word(text)
    return printed, None


# The total is printed shortly above the payment.
_PAYMENT_SPAN = 4


def _printed_above_payment(lines, value):
    """One of the lines shortly above the first payment line ending in
    `value` (the amount paid less the change: the total, however its line
    is labelled): a Candidate, else None."""
    first = _first_payment(lines)
    if first is None:
        return None
    for line in reversed(lines[max(0, first - _PAYMENT_SPAN) : first]):
        text = joined_amounts(line.text)
        found = find_amounts(text)
        if (
            found
            and text.split()
            and found[-1] == value
            and amount_readings(text.split()[-1])
        ):
            return Candidate(value, 0.9, line)
    return None


def _total_lines(lines):
    """(line, readings) of each total label with its amount (on its line,
    or alone on the next one)."""
    for line in lines:
        for m in _longest_matches(line.text, _TOTALS):
            if _not_a_total(line.text, m):
                continue
            readings = _inline_or_next(lines, line, line.text[m.end() :])
            if readings:
                yield line, readings
                break


def _paid_on_a_total_line(lines, paid):
    """A line with a total label ending in the amount paid, whatever OCR
    made of the words between ("Total Sales Inc] GST 65.10" paid by "CASH
    70.10 / Change Amt 5.00"): the payment confirms what the words cannot."""
    if not paid:
        return None
    for line in lines:
        if not _total_word(line.text) or _TENDER.search(line.text):
            continue
        if _CHANGE.search(line.text) or _SUBTOTAL.search(line.text):
            continue
        last = amount_readings(joined_amounts(line.text).split()[-1])
        if last and last[-1] == paid[0]:
            return Candidate(paid[0], 0.9, line)
    return None


_SUBTOTAL = re.compile(r"sub[\s-]*tota[l1]", re.IGNORECASE)
# "TOTAL" as OCR misreads it on small thermal print: "TOfAL", "Tota1",
# "T0TAL", "TotalAmtPayable" (words glued). Only where the amount paid
# confirms the line's amount (_paid_on_a_total_line), never on its own.
_TOTAL_MISREAD = re.compile(r"(?<![^\W\d_])[t7][o0q][tf1il][a@4][l1i|]", re.IGNORECASE)


def _total_word(text):
    """Whether the line has a total label, or the word TOTAL misread."""
    return any(p.search(text) for p in _TOTALS) or bool(_TOTAL_MISREAD.search(text))


def _longest_matches(text, patterns):
    """The longest label match at each place, in reading order, none
    overlapping: 'TOTAL SALES (INCLUSIVE OF GST)' rather than 'TOTAL SALES'."""
    found = sorted(
        (m for p in patterns for m in p.finditer(text)),
        key=lambda m: (m.start(), -m.end()),
    )
    kept, end = [], -1
    for m in found:
        if m.start() >= end:
            kept.append(m)
            end = m.end()
    return kept


# An amount ending a label's value, where a row printing two label/value
# pairs side by side starts its second pair: "TOTAL SAVING 0.00 TOTAL 81.00".
_PAIR_END = re.compile(r"\d[.,]\d{2}(?![\d.,])\s")


def _not_a_total(text, match):
    """'TOTAL QTY', 'TOTAL GST', 'SUB-TOTAL': words outside the label itself
    that make the line something else than the total (in the label's own
    pair when the row prints two side by side)."""
    start = max(
        (m.end() for m in _PAIR_END.finditer(text, 0, match.start())), default=0
    )
    return any(
        not (match.start() <= m.start() and m.end() <= match.end())
        for m in _NOT_TOTAL.finditer(text, start)
    )


def _paid(lines):
    """([what the customer paid: all payment lines less the change, then
    each one less it], True when the change is printed: the payment is
    exact). Empty when no payment line is read."""
    tendered, change = [], []
    for line in lines:
        found = _labelled_amount(lines, line, _CHANGE)
        if found is not None:
            change.append(abs(found[1][-1]))
            continue
        found = _labelled_amount(lines, line, _TENDER)
        if found is not None and len(found[1]) == 1 and not _in_a_total(line.text):
            # a payment printed as a deduction from the balance: "CASH -12.15"
            tendered.append(abs(found[1][0]))
    if not tendered or len(change) > 1:
        return [], False
    back = change[0] if change else 0
    paid = [sum(tendered) - back] + [value - back for value in tendered]
    return [value for value in dict.fromkeys(paid) if value > 0], bool(change)


def paid_exactly(lines, value):
    """Whether the payment lines less the change printed come to `value`
    (Decimal): three amounts read that agree with it."""
    paid, exact = _paid(lines)
    return exact and value in paid


def _in_a_total(text):
    """Whether the line's payment words are a total label's own ("AMOUNT TO
    PAY", "TOTAL PAYABLE"): the total, not a payment confirming it."""
    spans = [(m.start(), m.end()) for m in _longest_matches(text, _TOTALS)]
    return any(
        start <= m.start() and m.end() <= end
        for m in _TENDER.finditer(text)
        for start, end in spans
    )


# A rounding adjustment is below one unit (to 5 sen, 5 Rappen, a crown);
# a "ROUNDING" line with more is the rounded total itself.
_MAX_STEP = Decimal(1)


def _roundings(lines):
    """([rounding steps], [(line, readings)] of rounded totals)."""
    steps, rounded = [], []
    for line in lines:
        found = _labelled_amount(lines, line, _ROUNDING)
        if found is None or len(found[1]) != 1:
            continue
        value = found[1][0]
        if abs(value) >= _MAX_STEP:
            rounded.append((line, found[1]))
        elif value != 0:
            steps.append(value)
    return steps, rounded


def rounding_steps(lines):
    """The rounding adjustments the lines print ("Rounding -0.02", "RND ADJ
    0.01"), each below one unit."""
    return _roundings(lines)[0]


def _rounded(lines, totals, step):
    """'TOTAL 8.96 / ROUNDING -0.01 / TOTAL AFTER ADJ 8.95': a total is the
    amount of a line shortly above it (a total, a subtotal) plus the
    rounding step; None without such a pair."""
    for line, readings in totals:
        above = lines[max(0, line.index - _ROUNDING_SPAN) : line.index]
        before = {value for x in above for value in _last_amount(x.text)}
        for value in readings:
            if value > 0 and value - step in before:
                return Candidate(value, 0.9, line)
    return None


_ROUNDING_SPAN = 4


def _last_amount(text):
    found = find_amounts(text)
    return found[-1:]


# --------------------------------------------------------------------------
# Dates: a receipt prints one, often with a two-digit year
# --------------------------------------------------------------------------

_DOLLAR_ONLY = re.compile(r"(?<![A-Za-z])(?:US\$|USD)|^\s*\$|\s\$\s?\d")


def looks_like_a_till(lines):
    """Words of at least two kinds only tills print (a payment, change, a
    rounding, the till's own words), amounts read or not: enough to read the
    dates as a till prints them, not to take its amounts (OCR may have lost
    those: "CHANGE v.20")."""
    kinds = set()
    for line in lines:
        for name, pattern in (
            ("tender", _TENDER),
            ("change", _CHANGE),
            ("rounding", _ROUNDING),
            ("till", _TILL),
        ):
            if pattern.search(line.text):
                kinds.add(name)
    return len(kinds) >= 2


def date_order(lines, order):
    """How to read this receipt's numeric dates: day first, two-digit years
    too ("05/01/17"), unless the receipt's own dates say month first or it
    is paid in US dollars (month first there): then as for an invoice."""
    if order == "mdy" or any(_DOLLAR_ONLY.search(x.text) for x in lines):
        return order
    return "dmy2"


# --------------------------------------------------------------------------
# The PTU table of a Polish fiscal receipt
# --------------------------------------------------------------------------

_SALES = re.compile(
    r"^(?:sprzeda[żz]\w*|sprzed\.?|sp\.)\s*(opodatk\w*|opod\.?|op\.|zwolnion\w*|zw\.?)"
    r"\s*(?:ptu\s*)?([A-G])\b(.*)$",
    re.IGNORECASE,
)
_PTU = re.compile(
    r"^(?:(?:kwota|podatek)\s+(?:ptu\s+)?|ptu\s+)([A-G])\s*[:=]?\s*(\d{1,2})(?:[.,]0+)?\s*%(.*)$",
    re.IGNORECASE,
)
_PTU_SUM = re.compile(
    r"^(?:suma|razem|łączna\s+kwota|podatek)\s+ptu\b(.*)$", re.IGNORECASE
)


def ptu_table(lines, gross):
    """([TaxLine], Candidate of the VAT total) from the PTU table, or None
    when there is none or it does not add up to `gross` and "SUMA PTU"."""
    sales, rates, vats, vat_sum = {}, {}, {}, None
    for line in lines:
        text = line.text.strip()
        m = _SALES.match(text)
        if m:
            value = _single(lines, line, m.group(3))
            if value is None or m.group(2) in sales:
                return None
            sales[m.group(2).upper()] = value
            if m.group(1).lower().startswith("zw"):
                rates[m.group(2).upper()] = invoice.EXEMPT
            continue
        m = _PTU.match(text)
        if m:
            letter = m.group(1).upper()
            rates[letter] = str(int(m.group(2)))
            value = _single(lines, line, m.group(3))
            if value is not None:
                vats[letter] = value
            continue
        m = _PTU_SUM.match(text)
        if m:
            vat_sum = (_single(lines, line, m.group(1)), line)
    return _checked_ptu(sales, rates, vats, vat_sum, gross)


def _single(lines, line, text):
    readings = _inline_or_next(lines, line, text)
    return readings[0] if len(readings) == 1 else None


def _checked_ptu(sales, rates, vats, vat_sum, gross):
    if not sales or set(sales) != set(rates) or sum(sales.values()) != gross:
        return None
    lines, total_vat = [], Decimal(0)
    for letter in sorted(sales):
        rate = rates[letter]
        vat = Decimal(0) if rate == invoice.EXEMPT else vats.get(letter)
        if vat is None:
            return None
        if rate != invoice.EXEMPT:
            expected = sales[letter] * int(rate) / (100 + int(rate))
            if abs(expected - vat) > CENT:
                return None
        total_vat += vat
        lines.append(invoice.TaxLine(rate, float(sales[letter] - vat), float(vat)))
    if vat_sum is None or vat_sum[0] != total_vat:
        return None
    return lines, Candidate(total_vat, 0.9, vat_sum[1])


# --------------------------------------------------------------------------
# What one OCR reading of a till-like page says, unconfirmed: taken only
# when a second, independent reading of the page says the same
# (ocr_reread.read_twice)
# --------------------------------------------------------------------------


def loose_total(lines):
    """The one amount the page's total lines give (a total label, or the
    word TOTAL misread, followed by an amount alone), unconfirmed; None when
    there is none or they give several."""
    values = set()
    first = None
    for line in lines:
        text = joined_amounts(line.text)
        if _TENDER.search(text) or _CHANGE.search(text) or _SUBTOTAL.search(text):
            continue
        found = list(_longest_matches(text, _TOTALS))
        found += [m for m in _TOTAL_MISREAD.finditer(text) if not found]
        for m in found:
            if _not_a_total(text, m):
                continue
            readings = _inline_or_next(lines, line, text[m.end() :])
            if len(readings) == 1:
                values.add(readings[0])
                first = line.index if first is None else first
            break
    values = {value for value in values if value > 0}
    if first is not None and _rounding_unread(lines, first + 1):
        # "Total 10.89 / Round Adj / FinalTotal =": the total may be the
        # one before a rounding step OCR did not read
        return None
    return values.pop() if len(values) == 1 else None


def _rounding_unread(lines, start):
    """Whether a line from `start` on is a rounding line whose amount was
    not read."""
    return any(
        _ROUNDING.search(x.text) and _labelled_amount(lines, x, _ROUNDING) is None
        for x in lines[start:]
    )
