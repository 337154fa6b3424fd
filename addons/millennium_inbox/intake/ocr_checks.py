"""Fields read from OCR text, checked before anyone sees them.

OCR text has failures a text layer never has: two table columns merged into
one line ("Exclusief BTW € 593,36 Subtotaal € 717,97"), a quantity glued to
a price as a thousands group ("1 278.61"), a currency sign read as a digit
("₹135.01" -> "7135.01"), letters whose capital and small shapes are alike
("Fv2022"), "0" for "o", "I" for "l". A wrong value is worse than an empty one, so what
comes from OCR must pass a higher bar than the readers' own, and the values
must agree with each other: net + VAT = gross, a due date on or after the
issue date. What fails is left empty (the person types it), never guessed.
"""

import itertools
import re
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal

from . import ocr_layout
from .invoice import EMPTY_REASON, Suggestion
from .ocr_words import fix_label_words
from .readers import prepare_lines, read_text, receipts
from .readers import rows as row_reading
from .readers.amounts import (
    amounts_after_gross_labels,
    ending_amount,
    find_amounts,
    prints_a_vat_amount,
)
from .readers.currency import sign_by_an_amount
from .readers.dates import find_dates
from .readers.parties import VAT_LABEL, checksum_holds

# The readers keep candidates from 0.6; from OCR only from this confidence
# (the form's "check" mark starts below it, too).
OCR_MIN_CONFIDENCE = 0.8
CENT = 0.005

# "sp. z 0. o." / "Sp. Z o.0." -> "sp. z o. o." (Polish limited company;
# its last dot may be lost at the end of the name: "sp. z 0. o"), and
# "S.A.", whose letters OCR reads well, left alone.
_SP_ZOO = re.compile(
    r"\b([sS])p\.\s*[zZ2]\s*[oO0]\.\s*[oO0](?:\.|$)(?!\w)",
)
# Days a sale (delivery) date read by OCR may lie from the issue date: an
# invoice follows its delivery within weeks (Poland: by the 15th of the next
# month; the shared corpus: 13 of 14 within 47 days, one 409); further, a
# misread month digit is the likelier cause, and the date is left empty.
SALE_DATE_REACH = 92
# A web or mail address: "www." (any case, "wWww."), "http", a word@word.
_WEB_ADDRESS = re.compile(r"w{3}\.|https?:|\w@\w", re.IGNORECASE)
# Between a period's two dates: the first date, then "do", "to", "bis",
# "au", "until" or a dash.
_PERIOD = re.compile(r"\S+\s*(?:do|to|bis|au|until|[-–])\s*", re.IGNORECASE)
# A small l or i touching another upright stroke: "ll", "li", "l1", "iI".
_STROKES_IN_A_ROW = re.compile(r"[li][lIi1]|[lIi1][li]")
# Company forms long enough that one letter off is a misread, not a word
# ("GmbH", "SARL"), written without dots, in capitals.
_LONG_LEGAL_FORMS = ("GMBH", "SARL", "SPZOO", "SRO")
# Short company forms and name endings written in title case.
_SHORT_LEGAL_FORMS = frozenset(
    (
        "INC",
        "LTD",
        "CO",
        "LLC",
        "AG",
        "KG",
        "SA",
        "SAS",
        "SRL",
        "SPA",
        "OY",
        "AB",
        "AS",
        "BV",
        "NV",
        "SE",
        "PLC",
    )
)
# One or two small letters between digits.
_SMALL_AMONG_DIGITS = re.compile(r"(?<=\d)[a-z]{1,2}(?=\d)")
# Letters whose small and capital shapes differ only in size.
_LOOKALIKE_SMALL = "cosvwxz"
# Currencies named in words, with the codes each word may stand for: a
# currency sign OCR read ("€" for "₹") on a page naming another currency in
# words is a misread.
_CURRENCY_WORDS = [
    (("INR",), re.compile(r"\brupees?\b|\brupii\b", re.IGNORECASE)),
    (
        ("USD", "CAD", "AUD", "NZD", "SGD", "HKD"),
        re.compile(r"\bdollars?\b|\bdolar(?:ów|y|a)?\b", re.IGNORECASE),
    ),
    (("EUR",), re.compile(r"\beuros?\b", re.IGNORECASE)),
    (
        ("GBP",),
        re.compile(r"\bpounds?\s+sterling\b|\bfunt(?:ów|y|a)?\b", re.IGNORECASE),
    ),
    (("PLN",), re.compile(r"\bzł(?:ot[yeych]*)\b|\bzloty\b", re.IGNORECASE)),
    (
        ("CHF",),
        re.compile(r"\bswiss\s+francs?\b|\bfrancs?\s+suisses?\b", re.IGNORECASE),
    ),
]
# VAT rates in percent: a tax amount known only by its arithmetic (net x
# rate, to the cent) is a tax line.
_VAT_RATES = (
    5,
    7,
    8,
    9,
    10,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
    25,
    27,
)
# A rate, then amounts: "19% 336.00 € 63.84 €" (a VAT summary's row).
_RATE_THEN_AMOUNTS = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
# A KSeF verification link: ".../invoice/<NIP>/<DD-MM-YYYY>/<hash>".
_KSEF_LINK_DATE = re.compile(
    r"ksef\S*/invoice/\d{10}/(\d{2})-(\d{2})-(\d{4})/", re.IGNORECASE
)


# Fields the row view of the page (ocr_layout.row_text) may fill when the
# plain text left them empty: the dates, checked against each other below,
# and the totals, only as net + VAT = gross. Not the parties' fields: the row
# view merges the seller's and the buyer's columns printed side by side.
_DATES = ("issue_date", "due_date", "sale_date")
# Fields the row view fills on their own, as for a text layer: a label and
# its value on one row; the number then passes the same checks (_tidy_values).
_ROW_FIELDS = ("invoice_number", "currency")


def read_pages(texts, tsvs, doubtful=(), agreed=(), till=False):
    """What processing suggests from pages of which some were OCR'd:
    `texts` per page, `tsvs` per page (Tesseract's TSV of an OCR'd page,
    empty for a text layer's); `doubtful`: fields a second reading of their
    row read otherwise (ocr_reread.second_look), left empty; `agreed`:
    ((field, Suggestion), ...) a second reading of the whole page gave as the
    first one did (ocr_reread.read_twice) or another engine read
    (ocr_reread.other_engine), taken where the checks left the field empty
    or a doubtful field's value was; `till`: the pages are known to be a
    till receipt (readers.read_text). Returns (the readers' extraction, the
    one that passed the checks)."""
    # OCR'd pages are read with their misread label words put right.
    texts = [
        fix_label_words(without_end_specks(text)) if tsv else text
        for text, tsv in zip(texts, tsvs, strict=True)
    ]
    extraction = read_text(texts, till=till)
    rows = [
        fix_label_words(ocr_layout.row_text(tsv)) if tsv else text
        for text, tsv in zip(texts, tsvs, strict=True)
    ]

    def column_of(page, value):
        tsv = tsvs[page] if 0 <= page < len(tsvs) else ""
        return ocr_layout.column_of(tsv, value) if tsv else None

    def cut(page, value):
        tsv = tsvs[page] if page is not None and 0 <= page < len(tsvs) else ""
        return bool(tsv) and ocr_layout.cut_from_a_word(tsv, value)

    # The row view, then its cells (a row cut at its column gaps), as the
    # text layer's rows are read (readers/rows.py), then the side-by-side
    # columns one after the other.
    columns = [
        fix_label_words(ocr_layout.column_text(tsv)) if tsv else text
        for text, tsv in zip(texts, tsvs, strict=True)
    ]
    readings = [
        read_text(rows, till=till),
        read_text(row_reading.cells(rows), till=till),
        read_text(columns, till=till),
    ]
    untaxed = not any(prints_a_vat_amount(text) for text in texts + rows)
    printed = Counter(a for text in texts for a in amounts_after_gross_labels(text))
    on_the_page = {a for text in texts for a in find_amounts(text)}
    # a till receipt's total is its own reader's (its rounding, its
    # payment): sums of its lines are sub-totals before rounding
    summed = (
        None
        if till or _a_till(extraction, texts)
        else sums_on_the_page(texts, on_the_page, views=rows)
    )
    checked = trusted(
        extraction,
        rows=readings,
        column_of=column_of,
        untaxed=untaxed,
        cut=cut,
        printed_twice={
            amount
            for amount, lines in printed.items()
            if lines >= 2 and not sign_read_as_a_digit(amount, on_the_page)
        },
        summed=summed,
        periods=period_dates(texts),
    )
    if doubtful and set(doubtful) & set(checked.fields):
        fields = {
            k: v
            for k, v in checked.fields.items()
            if k not in doubtful or _paid_exactly(k, v, texts)
        }
        checked = replace(checked, fields=fields)
    extra = {name: value for name, value in agreed if name not in checked.fields}
    if extra:
        reason = None if checked.reason == EMPTY_REASON else checked.reason
        checked = replace(checked, fields={**checked.fields, **extra}, reason=reason)
    # a total agreed by a second reading (read_twice, other_engine) is a
    # till receipt's: those read only pages taken for one (by their words
    # or a till roll's shape); another total line Tesseract printed is no
    # other reading of it ("Total 6% supplies (Inc. GST): 20.86" beside
    # "Total Payable: 60.26" where the till's words were lost)
    return extraction, against_the_page(checked, texts, till or "total_gross" in extra)


def _paid_exactly(name, suggestion, texts):
    """Whether a total the second reading disputes stands all the same: the
    payment less the change printed comes to it exactly (a misread digit
    in any of the three amounts breaks that sum)."""
    return name == "total_gross" and receipts.paid_exactly(
        prepare_lines(texts), Decimal(str(suggestion.value))
    )


# A table's rule or a speck read as one thin glyph at the end of a line of
# words: "DATE j", "Numer Faktury: i".
_END_SPECK = re.compile(r"(?<=[^\W\d_]|:)[ \t]+[ijl|!\[\]{}]$", re.MULTILINE)


def without_end_specks(text):
    """OCR text without the thin glyph a table's rule or a speck leaves at
    the end of a line of words ("DATE j" over "09/17/2018"): a label so
    followed looks like a label with its value, and the value on the next
    line is not taken."""
    return _END_SPECK.sub("", text)


def sign_read_as_a_digit(amount, amounts):
    """Whether `amount` may be another of `amounts` with a currency sign
    read as its first digit ("₹135.01" -> "2135.01" on every line it is
    printed on, "135.01" in the items): the same misread repeated, not two
    readings agreeing."""
    digits = str(abs(amount))
    if len(digits) < 5:  # "4.11": no digit to spare
        return False
    return Decimal(digits[1:]) in {abs(other) for other in amounts}


class Sums:
    """Amounts of the pages that other amounts printed with them add up to
    (see sums_on_the_page): `confirmed`, every such amount; `gross`, the
    one that may stand as the gross with no label read (a Suggestion), or
    None."""

    def __init__(self, confirmed=(), gross=None):
        self.confirmed = frozenset(confirmed)
        self.gross = gross


def sums_on_the_page(texts, on_the_page=(), views=()):
    """What the page's arithmetic confirms, whatever OCR made of the labels
    ("pruttosumne 9,00" under "Steuerbetrag 0,59" and "ohne USt. 8,41";
    "$120.00", "$7.50", "$127.50" in a column beside their labels):
    - an amount ending a line right under two lines ending with amounts
      that add up to it (a net, then its VAT: the smaller one);
    - net + VAT of a VAT summary's rows, each row's VAT its net times its
      rate to the cent ("7% 160.00 € 11.20 €", "19% 336.00 € 63.84 €"),
      when that sum is printed on the page.
    Such an amount confirms a gross read with a weak label. It stands as
    the gross with no label when the lines say it is taxed (a VAT label or
    a rate on them, or the smaller amount a VAT rate of the larger to the
    cent, or the rows of a VAT summary), it is the largest amount on the
    page (`on_the_page`: a rate's own total is not the invoice's) and no
    other amount is so confirmed. `views`: other readings of the same
    pages (the rows of the page), read alike."""
    confirmed = set()
    taxed = {}
    for page, text in [*enumerate(texts), *enumerate(views)]:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        ends = [ending_amount(line) for line in lines]
        steps = _rounding_steps(lines)
        for i in range(2, len(lines)):
            total = ends[i]
            for net, vat, first in _net_and_vat_above(ends, steps, i):
                if None in (net, vat, total) or not (
                    0 <= vat < net and net + vat == total
                ):
                    continue
                confirmed.add(total)
                if _taxed(lines[first : first + 2], net, vat):
                    taxed.setdefault(
                        total,
                        Suggestion(float(total), OCR_MIN_CONFIDENCE, lines[i], page),
                    )
        for total, line in _rate_row_sums(lines):
            if total in on_the_page:
                confirmed.add(total)
                taxed.setdefault(
                    total, Suggestion(float(total), OCR_MIN_CONFIDENCE, line, page)
                )
    largest = max(on_the_page, default=None)
    gross = None
    if len(taxed) == 1:
        ((total, suggestion),) = taxed.items()
        if largest is not None and total >= largest:
            gross = suggestion
    return Sums(confirmed, gross)


def _net_and_vat_above(ends, steps, i):
    """(net, VAT, index of the net's line) the lines right above line i may
    give: the two amounts ending the two lines above it; with a rounding
    line right above it, the two above that, the step added to the VAT
    ("Subtotal 36.20 / GST 2.17 / Rounding -0.02 / Total 38.35")."""
    yield ends[i - 2], ends[i - 1], i - 2
    if i >= 3 and steps[i - 1] is not None and ends[i - 2] is not None:
        yield ends[i - 3], ends[i - 2] + steps[i - 1], i - 3


def _rounding_steps(lines):
    """Per line, its rounding step ("Rounding -0.02"), else None."""
    found = []
    for line in lines:
        steps = receipts.rounding_steps(prepare_lines([line]))
        found.append(steps[0] if len(steps) == 1 else None)
    return found


def _taxed(lines, net, vat):
    """Whether the lines of a net and its VAT say so: a VAT label or a rate
    on them, or the VAT a rate of the net to the cent."""
    if any(
        prints_a_vat_amount(line) or _RATE_THEN_AMOUNTS.search(line) for line in lines
    ):
        return True
    return any(abs(net * rate / 100 - vat) <= Decimal("0.01") for rate in _VAT_RATES)


def _rate_row_sums(lines):
    """(net + VAT of a run of VAT summary rows, the run's last line) per run
    of rows whose VAT is their net times their rate, to the cent."""
    runs = []
    last = None
    for i, line in enumerate(lines):
        row = _rate_row(line)
        if row is None:
            continue
        if last is None or i - last > 2:
            runs.append([Decimal(0), Decimal(0), line])
        runs[-1][0] += row[0]
        runs[-1][1] += row[1]
        runs[-1][2] = line
        last = i
    return [(net + vat, line) for net, vat, line in runs]


def _rate_row(line):
    """(net, VAT) of a line "rate% net VAT [gross]" whose VAT is the net
    times the rate to the cent; None otherwise."""
    match = _RATE_THEN_AMOUNTS.search(line)
    if match is None:
        return None
    amounts = find_amounts(line[match.end() :])
    if len(amounts) not in (2, 3):
        return None
    net, vat = amounts[:2]
    rate = Decimal(match.group(1).replace(",", "."))
    if net <= 0 or rate <= 0 or abs(net * rate / 100 - vat) > Decimal("0.01"):
        return None
    if len(amounts) == 3 and amounts[2] != net + vat:
        return None
    return net, vat


def against_the_page(checked, texts, till=False):
    """The checked extraction with what the rest of the page contradicts
    left empty: a gross that net + VAT do not confirm (a till receipt's
    aside) while another line
    labelled a total ends with another amount ("Total for this invoice
    $4.44" misread, "TOTAL AMOUNT DUE ON August 3, 2014 $4.11"); an issue
    date other than the one in a KSeF invoice's verification link (its
    path carries the issue date: ".../invoice/<NIP>/27-01-2022/<hash>"),
    and with it the due and sale dates checked against it. `till`: the
    pages are known to be a till receipt (read_pages)."""
    fields = dict(checked.fields)
    gross = fields.get("total_gross")
    # a till receipt's total is the one its payment or rounding confirms
    # (readers/receipts.py); its sub-total and rounded lines are other totals
    if (
        gross is not None
        and "total_net" not in fields
        and not (till or _a_till(checked, texts))
    ):
        value = Decimal(str(gross.value))
        printed = {a for text in texts for a in amounts_after_gross_labels(text)}
        # the total before a rounding step the page prints is not another
        # reading of the total after it ("Total: 30.24 / Rounding: 0.01 /
        # Amount Due 30.25")
        steps = set(receipts.rounding_steps(prepare_lines(texts)))
        if any(
            another_reading(value, other) and value - other not in steps
            for other in printed
        ):
            fields.pop("total_gross")
    currency = fields.get("currency")
    if currency is not None:
        named = currencies_in_words(texts)
        if named and not any(currency.value in codes for codes in named):
            fields.pop("currency")
    issue = _date(fields.get("issue_date"))
    linked = ksef_link_dates(texts)
    if issue and linked and issue not in linked:
        fields.pop("issue_date")
        _check_dates(fields)
    if "issue_date" not in fields:
        printed = _link_date_printed(texts, linked)
        if printed is not None:
            fields["issue_date"] = printed
            _check_dates(fields)
    if fields == checked.fields:
        return checked
    result = replace(checked, fields=fields)
    if "total_gross" not in fields:
        result.tax_lines = []
    if not fields:
        result.reason = EMPTY_REASON
    return result


def another_reading(amount, other):
    """Whether `other` may be the same printed amount read otherwise: as
    many digits, at most two of them different ("4.44" and "4.11"). A
    sub-total or a total per VAT rate ("Total 6% supplies: 25.96" beside
    "Total Payable: 42.25") is another amount, not a contradiction."""
    first, second = f"{abs(amount):.2f}", f"{abs(other):.2f}"
    if other <= 0 or first == second or len(first) != len(second):
        return False
    return sum(a != b for a, b in zip(first, second, strict=True)) <= 2


def _a_till(checked, texts):
    """Whether the pages are a till receipt, as the readers tell one."""
    if checked.kind == "receipt":
        return True
    lines = prepare_lines(texts)
    return receipts.till_evidence(lines) is not None or receipts.looks_like_a_till(
        lines
    )


def currencies_in_words(texts):
    """The currencies the pages name in words (an amount in words: "Indian
    Rupee One Hundred Thirty-Five and One Paise Only"): a list of the codes
    each word may stand for."""
    joined = "\n".join(texts)
    return [codes for codes, word in _CURRENCY_WORDS if word.search(joined)]


def _link_date_printed(texts, linked):
    """The issue date of a KSeF invoice's verification link when the page
    prints the same date as a date too (two readings agreeing: the link's
    digits and the printed date's, "27-01-2022" and "27.01.2022"), as a
    Suggestion; None when the link names no one date or nothing agrees."""
    if len(linked) != 1:
        return None
    (issue,) = linked
    for page, text in enumerate(texts):
        for line in text.splitlines():
            if _KSEF_LINK_DATE.search(line):
                continue
            if any(found == issue for _pos, found in find_dates(line, "dmy")):
                return Suggestion(issue.isoformat(), OCR_MIN_CONFIDENCE, line, page)
    return None


def ksef_link_dates(texts):
    """The dates in the KSeF verification links printed on the pages (the
    link under the invoice's QR code, KOD I: its path is the seller's NIP,
    the issue date as DD-MM-YYYY, the invoice's hash)."""
    found = set()
    for text in texts:
        for day, month, year in _KSEF_LINK_DATE.findall(text):
            try:
                found.add(date(int(year), int(month), int(day)))
            except ValueError:
                continue
    return found


def trusted(
    extraction,
    rows=(),
    column_of=None,
    untaxed=False,
    cut=None,
    printed_twice=(),
    summed=None,
    periods=(),
):
    """The extraction with only what OCR text can be trusted for.

    `rows`: what the readers took from the row view of the same OCR, then
    from its cells (Extractions, in that order), used only for what
    `extraction` lacks; `column_of(page, value)`: under which party column
    (ocr_layout.SELLER or BUYER) a VAT id is printed, None when unknown;
    `untaxed`: the pages print no VAT amount at all; `cut(page, value)`:
    whether the value was read only as a part of a longer printed word;
    `printed_twice`: amounts that two lines labelled a total each end with
    ("Total $4.11", "Amount due $4.11"): a gross among them stands on
    that agreement, as on net + VAT; `summed`: what the page's arithmetic
    confirms (Sums, see sums_on_the_page): a gross among its amounts
    stands, and without a gross strong enough its gross is taken;
    `periods`: dates the page prints only as an end of a period (see
    period_dates), never an issue date from the other views.

    Returns a new Extraction (the inputs are left as they are)."""
    if not extraction.has_text:
        return extraction
    fields = dict(extraction.fields)
    _check_id_digits(fields)
    _check_lone_seller_id(fields, column_of)
    if column_of is not None:
        _check_parties(fields, column_of)
    tax_lines = extraction.tax_lines
    for reading in rows:
        if not reading.has_text:
            continue
        if _fill_totals(fields, reading.fields):
            tax_lines = reading.tax_lines
        _fill_dates(fields, reading.fields, periods)
        for name in _ROW_FIELDS:
            if name not in fields and name in reading.fields:
                fields[name] = reading.fields[name]
        _fill_seller_id(fields, reading.fields, column_of)
    if cut is not None:
        _check_whole_words(fields, cut)
    _check_totals(fields, untaxed)
    _check_dates(fields)
    _check_currency_sign(fields)
    _tidy_values(fields)
    gross = fields.get("total_gross")
    if gross is not None and Decimal(str(gross.value)) in set(printed_twice):
        fields["total_gross"] = replace(
            gross, confidence=max(gross.confidence, OCR_MIN_CONFIDENCE)
        )
    _sums_confirm(fields, summed)
    fields = {
        name: suggestion
        for name, suggestion in fields.items()
        if suggestion.confidence >= _HIGHER_BAR.get(name, 0)
    }
    if "seller_vat" not in fields:
        # The readers place VAT ids by the blocks around them: without the
        # seller's id (misread), a lone id after the buyer's block marker is
        # as likely the seller's printed again in a footer.
        fields.pop("buyer_vat", None)
    for name in ("seller_vat", "buyer_vat"):
        if name not in fields:
            fields.pop(name.replace("vat", "nip_digits"), None)
    result = replace(extraction, fields=fields, tax_lines=tax_lines)
    if result.tax_lines and "total_gross" not in fields:
        result.tax_lines = []
    if not fields:
        result.reason = EMPTY_REASON
    return result


# The currency reader's confidence for a sign on the gross's line (0.8 for
# "$", shared by several currencies); below it, a sign seen elsewhere.
SIGN_ON_THE_GROSS = 0.9
# ... and for one seen on several lines (0.6: on one line only).
SIGN_ON_LINES = 0.8
# The readers' confidence for a seller VAT id under the seller's marker
# (0.95); a lone labelled id elsewhere gets 0.75 or less.
SELLER_BLOCK = 0.9
# Currencies whose sign OCR makes out of other marks.
_LOOKALIKE_SIGNS = ("USD", "GBP")
_CHECKED_BELOW = ("total_gross", "total_net", "total_vat")
# From OCR, a gross no net + VAT confirms needs the higher confidence. VAT
# ids and bank accounts carry their checksums, dates are checked together.
_HIGHER_BAR = {"total_gross": OCR_MIN_CONFIDENCE}
# The readers' weakest seller names (the first line of a seller's block, the
# letterhead above the buyer's): where OCR merges two columns, such a line
# may be another column's sentence ("for details"), see _tidy_values.
WEAK_NAME = 0.65


def _sums_confirm(fields, summed):
    """A gross the page's arithmetic confirms stands; without a gross
    strong enough, the one the arithmetic alone gives (see
    sums_on_the_page)."""
    if summed is None:
        return
    gross = fields.get("total_gross")
    if gross is not None and Decimal(str(gross.value)) in summed.confirmed:
        fields["total_gross"] = replace(
            gross, confidence=max(gross.confidence, OCR_MIN_CONFIDENCE)
        )
    elif summed.gross is not None and (
        gross is None or gross.confidence < OCR_MIN_CONFIDENCE
    ):
        fields["total_gross"] = summed.gross


def _check_id_digits(fields):
    """A VAT id whose check digits fail is kept from a structured invoice's
    layout (declared there, typo and all); from OCR it is a misread digit
    ("PL1171111111" for "PL1111111111") far more often: left empty."""
    for name in ("seller_vat", "buyer_vat"):
        suggestion = fields.get(name)
        if suggestion is not None and not checksum_holds(suggestion.value):
            fields.pop(name)


def _check_whole_words(fields, cut):
    """An invoice number read as a part of a longer word ("22/02/150" of
    "FV2022/02/150", split by OCR) is left empty."""
    for name in ("invoice_number", "corrected_number"):
        suggestion = fields.get(name)
        if suggestion is not None and cut(suggestion.page, suggestion.value):
            fields.pop(name)


def _check_lone_seller_id(fields, column_of=None):
    """A seller VAT id placed by no seller block (the readers' lone
    labelled id) on a line carrying two VAT labels is one of two columns
    merged by OCR ("NIP: 99995956, ce NIP: 1111111111", the seller's
    misread): which party's cannot be told from the text. Left empty,
    unless the page's word boxes place it under the seller's column header
    (`column_of`, see trusted)."""
    seller = fields.get("seller_vat")
    if seller is None or seller.confidence >= SELLER_BLOCK:
        return
    if len(VAT_LABEL.findall(seller.source or "")) < 2:
        return
    if column_of is None or column_of(seller.page, seller.value) != ocr_layout.SELLER:
        fields.pop("seller_vat")


def _check_parties(fields, column_of):
    """Seller and buyer printed side by side, their lines merged by OCR: the
    readers' seller VAT id must stand under the seller's header, the buyer's
    under the buyer's. Otherwise the blocks were mixed up: the parties'
    values go (the seller's name was read from the same block)."""
    seller, buyer = fields.get("seller_vat"), fields.get("buyer_vat")
    swapped = (
        seller is not None and column_of(seller.page, seller.value) == ocr_layout.BUYER
    ) or (buyer is not None and column_of(buyer.page, buyer.value) == ocr_layout.SELLER)
    if swapped:
        for name in ("seller_vat", "buyer_vat", "seller_name"):
            fields.pop(name, None)


def _fill_seller_id(fields, row_fields, column_of):
    """Without a seller VAT id in the plain text (its line merged with the
    buyer's: "NIP: 9999999999 NIP: 1111711111"), the id another view of
    the page reads for the seller, when its check digits hold and the
    page's word boxes place it under the seller's column header."""
    seller = row_fields.get("seller_vat")
    if "seller_vat" in fields or seller is None or column_of is None:
        return
    if not checksum_holds(seller.value):
        return
    if column_of(seller.page, seller.value) == ocr_layout.SELLER:
        fields["seller_vat"] = seller


def _fill_totals(fields, row_fields):
    """Gross, net and VAT of the row view, when they add up and the plain
    text has no such three, nor another gross strong enough to stand alone
    (a weaker one is the first amount of a column, "Kwota brutto" followed
    by one rate's gross): True when taken."""
    if _totals_add_up(fields) or not _totals_add_up(row_fields):
        return False
    gross = fields.get("total_gross")
    if (
        gross is not None
        and gross.value != row_fields["total_gross"].value
        and gross.confidence >= OCR_MIN_CONFIDENCE
    ):
        return False
    for name in _CHECKED_BELOW:
        fields[name] = row_fields[name]
    return True


def _fill_dates(fields, row_fields, periods=()):
    """Without an issue date in the plain text, the dates of the row view,
    all of them: a due or sale date is checked against the issue date read
    with it (a plain text's due date next to the row view's issue date could
    be the issue date under another label). With the same issue date in
    both, the row view's due and sale dates fill the plain text's gaps.
    Not an issue date the plain text prints only as an end of a period
    (`periods`, see period_dates): the other views join words of lines side
    by side, and a bare "Data" label there can stand before another line's
    period ("Data 01.01.2022 dokonania do 01.01.2022")."""
    row_issue = row_fields.get("issue_date")
    if row_issue is None or str(row_issue.value) in periods:
        return
    issue = fields.get("issue_date")
    if issue is None:
        for name in _DATES:
            fields.pop(name, None)
            if name in row_fields:
                fields[name] = row_fields[name]
    elif issue.value == row_issue.value:
        for name in _DATES:
            if name not in fields and name in row_fields:
                fields[name] = row_fields[name]


def period_dates(texts):
    """The dates the page texts print only as an end of a period ("od
    01.01.2022 do 01.01.2022", "01.07.2014 - 31.07.2014", "from ... to
    ..."), ISO: a billing or delivery period, not the date the invoice was
    issued."""
    ends, alone = set(), set()
    for text in texts:
        for line in text.splitlines():
            found = find_dates(line)
            in_period = set()
            for (start, _first), (end, _second) in itertools.pairwise(found):
                if _PERIOD.fullmatch(line[start:end]):
                    in_period |= {start, end}
            for start, found_date in found:
                (ends if start in in_period else alone).add(found_date.isoformat())
    return ends - alone


def _totals_add_up(fields):
    gross, net, vat = (fields.get(n) for n in _CHECKED_BELOW)
    return bool(gross and net and vat and _adds_up(gross.value, net.value, vat.value))


def _check_totals(fields, untaxed=False):
    """net + VAT = gross, all three read: all three kept. On a document
    printing no VAT amount, a net equal to the gross is the same check
    ("Subtotal: $30.00", "Total: $30.00"). Otherwise net and VAT go (a
    column merged into their line cannot be told from the right one), and
    the gross stays only on its own strength."""
    if _totals_add_up(fields):
        confirmed = _CHECKED_BELOW
    elif untaxed and _net_is_gross(fields):
        confirmed = ("total_gross", "total_net")
    else:
        fields.pop("total_net", None)
        fields.pop("total_vat", None)
        return
    for name in confirmed:
        fields[name] = replace(
            fields[name], confidence=max(fields[name].confidence, 0.9)
        )


def _net_is_gross(fields):
    gross, net = fields.get("total_gross"), fields.get("total_net")
    no_vat = "total_vat" not in fields
    return bool(gross and net and no_vat and gross.value == net.value > 0)


def _adds_up(gross, net, vat):
    """net + vat = gross to the cent, all >= 0 (or all <= 0: a correction)."""
    if abs(net + vat - gross) > CENT:
        return False
    if gross > 0:
        return net > 0 and vat >= 0
    return gross < 0 and net < 0 and vat <= 0


def _check_dates(fields):
    """A due or sale date is kept only next to an issue date it agrees with:
    a due date on or after it and within a year of it (a year misread:
    "04.04.2028" for "04.04.2018"), a sale date within SALE_DATE_REACH days
    of it (a month misread: "20.02.2018" for "20.09.2018")."""
    issue = _date(fields.get("issue_date"))
    due = _date(fields.get("due_date"))
    sale = _date(fields.get("sale_date"))
    if due and not (issue and 0 <= (due - issue).days <= 366):
        fields.pop("due_date", None)
    if sale and not (issue and abs((issue - sale).days) <= SALE_DATE_REACH):
        fields.pop("sale_date", None)


def _check_currency_sign(fields):
    """A currency read from a sign somewhere on the page (no code after a
    label, no sign on the gross's line) stays only when the sign stands by
    an amount: OCR reads "&" as "£" ("GmbH £ Co. KG"), "S" or "₹" as "$",
    and a logo as letters ("EUR z"). A code in letters, or "€", seen on
    several lines stands on its own."""
    currency = fields.get("currency")
    if currency is None or currency.confidence >= SIGN_ON_THE_GROSS:
        return
    once = currency.confidence < SIGN_ON_LINES
    if not once and currency.value not in _LOOKALIKE_SIGNS:
        return
    if not sign_by_an_amount(currency.value, currency.source, code_alone=not once):
        fields.pop("currency")


def _date(suggestion):
    if suggestion is None:
        return None
    try:
        return date.fromisoformat(str(suggestion.value))
    except ValueError:
        return None


def _tidy_values(fields):
    name = fields.get("seller_name")
    if name and isinstance(name.value, str):
        if (
            logo_before_name(name.value)
            or sentence_tail(name)
            or legal_form_misread(name.value)
            or ends_in_a_fragment(name.value)
            or web_address_in_name(name.value)
        ):
            fields.pop("seller_name")
        else:
            fields["seller_name"] = replace(
                name,
                value=_SP_ZOO.sub(lambda m: f"{m.group(1)}p. z o. o.", name.value),
            )
    for field in ("invoice_number", "corrected_number"):
        number = fields.get(field)
        if number and isinstance(number.value, str):
            value = capital_lookalikes(number.value)
            if i_or_l_unsure(value) or digit_read_as_a_letter(value):
                fields.pop(field)
            else:
                fields[field] = replace(number, value=value)


def logo_before_name(name):
    """'NZ Au bon moulin SARL': a logo printed before the name on its line
    comes out of OCR as one or two capitals or signs. A name starting so
    is left empty: which part is the logo cannot be told from the text."""
    first, _space, rest = name.strip().partition(" ")
    return bool(rest) and len(first) <= 2 and not any(c.islower() for c in first)


def legal_form_misread(name):
    """A name whose company form is cut ("ABC Developex sp" for "sp. z o.
    o.") or one letter off ("Verkehrsbetriebe Gmby", "TX GmbR"): the letters
    around it were misread too, or lost. Left empty."""
    words = name.split()
    if len(words) < 2:
        return False
    last = re.sub(r"[^\w]", "", words[-1]).upper()
    if last == "SP":
        return True
    return any(
        last != form and len(last) == len(form) and _one_letter_off(last, form)
        for form in _LONG_LEGAL_FORMS
    )


def ends_in_a_fragment(name):
    """'Biuro Pod' for 'Biuro Podróży ABC sp. z o. o.': a name whose last
    word is a short capitalised fragment (two or three letters, not a
    company form: "Inc", "Ltd", "Co") lost the rest of its line to faded
    print. Left empty."""
    words = name.split()
    if len(words) < 2:
        return False
    last = words[-1]
    return (
        2 <= len(last) <= 3
        and last.isalpha()
        and last[0].isupper()
        and last[1:].islower()
        and last.upper() not in _SHORT_LEGAL_FORMS
    )


def web_address_in_name(name):
    """'y Pino Bluebird wWww.tabletcenter.nt': a web or mail address on the
    line taken for the seller's name. A company's name as printed in its
    block carries none; such a line is a letterhead's contact line, or two
    columns OCR merged. Left empty."""
    return bool(_WEB_ADDRESS.search(name))


def _one_letter_off(word, form):
    return sum(a != b for a, b in zip(word, form, strict=True)) == 1


def sentence_tail(name):
    """A weakly placed name starting with a small letter ("for details"):
    the end of a sentence OCR brought over from the next column, not a
    company's name, which starts with a capital or a digit."""
    return name.confidence < WEAK_NAME and name.value[:1].islower()


def capital_lookalikes(number):
    """'Fv2022/02/150' -> 'FV2022/02/150': in a number written in capitals,
    a small letter shaped like its capital (c, o, s, v, w, x, z) is OCR's
    guess at the size, not the issuer's spelling. A number with other small
    letters is left as read."""
    letters = [char for char in number if char.isalpha()]
    small = [char for char in letters if char.islower()]
    if not small or not any(char.isupper() for char in letters):
        return number
    if any(char not in _LOOKALIKE_SMALL for char in small):
        return number
    return number.upper()


def digit_read_as_a_letter(number):
    """'E2018092011g04': a small letter between digits, in a number with no
    other small letter, is a digit OCR misread (g for 8, o for 0, b for 6)."""
    inside = _SMALL_AMONG_DIGITS.findall(number)
    if not inside:
        return False
    rest = _SMALL_AMONG_DIGITS.sub("", number)
    return not any(char.islower() for char in rest)


def i_or_l_unsure(number):
    """A capital I among small letters, a small l among capitals, or a small
    l or i next to another upright stroke (l, i, I, 1): the same stroke in
    most fonts, so OCR cannot tell 'Ilcdpk88' from 'llcdpk88' or
    'licdpk88'. Such a number is left empty, not guessed."""
    letters = [char for char in number if char.isalpha()]
    small = any(char.islower() and char != "l" for char in letters)
    capital = any(char.isupper() and char != "I" for char in letters)
    if _STROKES_IN_A_ROW.search(number):
        return True
    return ("I" in letters and small) or ("l" in letters and capital)


__all__ = [
    "OCR_MIN_CONFIDENCE",
    "capital_lookalikes",
    "digit_read_as_a_letter",
    "i_or_l_unsure",
    "logo_before_name",
    "read_pages",
    "sentence_tail",
    "trusted",
]
