"""A second look at the rows where OCR read a label and not its value, and at
the row of the date it read.

On a small scan (a till receipt's 12 to 20 pixel letters) Tesseract often
reads "Total Sales (Inclusive of GST) :" and drops the amount printed at the
end of the same row, or reads a date line as "13/01:201,". The first
reading's word boxes (its TSV) say where such a row stands: that row alone,
across the whole page width, is cut out, enlarged until it is about
ROW_TARGET pixels tall and read again (Tesseract's page segmentation mode 6:
the box of a line often takes in a slanted neighbour, where mode 7, one
line, reads nothing). The row read again takes the place of the first
reading's line in the page text, and the readers read the page again.

Only the rows of the fields the first reading left empty (the gross total,
the issue date) are read again, at most MAX_ROWS per page, and the row of
the issue date it did read: the same small digits are misread ("2016" for
"2018", "26" for "25"), and when the enlarged row reads another date there,
the date is left empty (doubtful) rather than suggested wrong; this on a
till receipt only (its words: payment, change, "Cashier"). A few small
crops: a fraction of the page's own OCR time. What the second reading gives
passes the same readers and checks as any OCR text: nothing is taken on
trust, and a second reading contradicting a year the first one read is not
taken at all.

A till receipt (by its words, or a page shaped like a till roll) is then
read whole a second time, as one block of text (read_twice): its date and
total stand only where the second reading prints them too, and a total the
first reading gives unconfirmed is taken where the second one gives the
same. This costs a second OCR of the page, on till receipts only.

Where the total is still empty after that, the rows of a total label, of
the payment and of the change whose amount the first reading lost are read
once more, digits only (digits_pass): the part after the label, enlarged,
with Tesseract allowed only digits and the punctuation of amounts, four
ways; a row is replaced only where the four give the same amount, and the
readers still need what confirms the total. A few small crops on till
receipts only (measured on SROIE: bench/README.md).
"""

import re
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageFilter

from . import ocr, ocr_checks, ocr_engine2, ocr_layout
from .ocr_words import fix_label_words
from .readers import labels, receipts
from .readers.amounts import find_amounts
from .readers.base import prepare_lines
from .readers.dates import find_dates, slash_order

# Rows read again per page, at most.
MAX_ROWS = 4
# A row is enlarged until it is about this many pixels tall (never shrunk,
# at most MAX_SCALE times).
ROW_TARGET = 56
MAX_SCALE = 4.0
# Room kept above and below the row, as a share of its height.
ROW_MARGIN = 0.35
# White border around the crop (pixels, after enlarging).
BORDER = 20
# Tesseract's page segmentation mode for the crop: a block of text (a
# line's box often takes in a slanted neighbour: the one-line mode 7 then
# reads nothing; measured on SROIE, bench/README.md).
PSM_BLOCK = 6
# A page this many times as tall as wide is a till roll (read_twice): an A4
# sheet is 1.41, SROIE's short till receipts whose till words OCR lost
# 1.62-1.79 (1.8 left five of them to Tesseract alone, bench/README.md).
TILL_ROLL_SHAPE = 1.6
# The fields read again when the first reading left them empty.
FIELDS = ("total_gross", "issue_date")
# The digits-only reading of a till receipt's total (read_digits): the part
# of a value row after its label, enlarged until the row is about
# DIGIT_TARGET pixels tall, read with only DIGITS allowed, four ways
# (DIGIT_READINGS: its strokes thickened or not, each in page segmentation
# modes 7 and 6, one line and one block), stopped at the first that
# disagrees; a row is taken only where all four give the same amount (two
# modes alone on one crop misread alike: "19.10" as "49.40", measured on
# SROIE, bench/README.md). English's model is enough for digits and faster
# than two languages' (when the page's languages have it).
DIGITS = "0123456789.,-/:"
DIGIT_TARGET = 40
DIGIT_READINGS = ((True, 7), (False, 7), (True, 6), (False, 6))
DIGIT_LANGUAGES = "eng"
# The crop of a value starts this share of the row's height after its
# label's last letter.
LABEL_GAP = 0.15
# Rows read digits only per page, at most.
MAX_DIGIT_ROWS = 6

_LABEL_BEFORE = r"(?<![^\W\d])"
_LABEL_AFTER = r"(?![^\W\d])"
# The labels announcing each field read again.
_LABELS = {
    "total_gross": [
        labels.regex("receipt_total", before=_LABEL_BEFORE, after=_LABEL_AFTER),
        labels.regex("total_gross", before=_LABEL_BEFORE, after=_LABEL_AFTER),
    ],
    "issue_date": [
        labels.regex("issue_date", before=_LABEL_BEFORE, after=_LABEL_AFTER),
        labels.regex("date", before=_LABEL_BEFORE, after=_LABEL_AFTER),
    ],
}
# The payment and the change, whose amounts confirm a total (readers/receipts).
_PAYMENT_LABELS = (
    labels.regex("tender", before=_LABEL_BEFORE, after=_LABEL_AFTER),
    labels.regex("change", before=_LABEL_BEFORE, after=_LABEL_AFTER),
)
# Words a total row never is: "TOTAL QTY", "SUB-TOTAL", "TOTAL GST".
_NOT_TOTAL = labels.regex("receipt_not_total", before=_LABEL_BEFORE, after=_LABEL_AFTER)
# A date line whose date came out broken: two numbers and a clock time
# ("13/01:201, 10:55", "0102/2018 16:22").
_BROKEN_DATE = re.compile(r"\d{1,4}\s*[-/.:,]\s*\d{1,4}.*\b\d{1,2}:\d{2}\b|\d{2}:\d{2}")
_DIGITS = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class SecondLook:
    text: str  # the page text, rows read again in place
    doubtful: frozenset = frozenset()  # fields the second reading disputes
    # ((field, Suggestion), ...): values the first reading gave unconfirmed
    # and the whole page read again gave after its checks (till receipts)
    agreed: tuple = ()


def second_look(page, text, tsv, languages=ocr.DEFAULT_LANGUAGES):
    """The page's OCR text looked at again (a SecondLook): the rows of the
    fields its first reading left empty (FIELDS, as the OCR checks leave
    them) read a second time, and the row of the issue date it read read
    again: when that second reading reads another date there, the date is
    doubtful (left empty: a misread digit, "2016" for "2018", is the usual
    cause). `page` is the image OCR'd, `text` and `tsv` its first reading."""
    if not tsv:
        return SecondLook(text)
    checked = ocr_checks.read_pages([text], [tsv])[1]
    missing = [name for name in FIELDS if name not in checked.fields]
    found = reread(page, tsv, missing, languages) if missing else {}
    doubtful = set()
    issue_date = checked.value("issue_date")
    if (
        issue_date
        and _looks_like_a_till(text)
        and _date_disputed(page, tsv, issue_date, languages)
    ):
        doubtful.add("issue_date")
    number = checked.value("invoice_number")
    if (
        number
        and not _looks_like_a_till(text)
        and _number_disputed(page, tsv, number, languages)
    ):
        doubtful.add("invoice_number")
    text = replace_lines(text, found) if found else text
    agreed = ()
    if reads_twice(page, text):
        disputed, agreed = read_twice(page, text, tsv, doubtful, languages)
        doubtful |= disputed
        text = digits_pass(page, text, tsv, doubtful, agreed, languages)
        if ocr_engine2.available():
            doubtful, agreed = other_engine(
                text, tsv, doubtful, agreed, *ocr_engine2.read_page(page)
            )
    return SecondLook(text, frozenset(doubtful), agreed)


def other_engine(text, tsv, doubtful, agreed, other_text, other_tsv):
    """(doubtful, agreed) of a till receipt once another engine's reading
    (ocr_engine2: its text and TSV, read by the same readers and checks)
    stands beside Tesseract's (`text` after the second look, `tsv`,
    `doubtful`, `agreed`). The other engine's reading is read as a till
    receipt's (the page reached it as one: reads_twice), its dates day
    first. For the date and the total: where both give one and they
    differ, the field is doubtful (left empty); where Tesseract's readings
    give none, the other engine's total is taken, and its date only where
    it is sure of it (a box read with ocr_engine2.SURE_SCORE); so is a
    total it reads only as a till receipt's, and a value against the one
    Tesseract's second look disputed (which stands only if the other
    engine reads the same); else the field stays empty. Measured on SROIE
    (bench/README.md)."""
    mine = ocr_checks.read_pages([text], [tsv], doubtful, agreed)[1]
    theirs = ocr_checks.read_pages([other_text], [other_tsv], till=True)[1]
    undisputed = ocr_checks.read_pages([text], [tsv], (), agreed)[1]
    sure = _printed(ocr_engine2.sure_text(other_tsv))
    doubtful, agreed = set(doubtful), list(agreed)
    for name in FIELDS:
        ours, other = mine.fields.get(name), theirs.fields.get(name)
        if other is None:
            continue
        if ours is not None:
            if ours.value != other.value:
                doubtful.add(name)
                agreed = [pair for pair in agreed if pair[0] != name]
            continue
        if other.value not in sure[name] and (
            name == "issue_date"
            or _disputed_otherwise(undisputed, name, other)
            or _only_as_a_till(other_text, other_tsv, name, other)
        ):
            # a date (one digit misread: "7/8/2018" for "7/6/2016" in a box
            # of 0.87), a total read only as the till receipt the page is
            # known to be, a value against Tesseract's disputed one: only
            # from a box the engine is sure of
            continue
        # Tesseract's disputed value stays doubtful; the agreed one fills it
        agreed.append((name, other))
    return doubtful, tuple(agreed)


def _only_as_a_till(text, tsv, name, value):
    """Whether the reading (`text`, `tsv`) gives the field `name` the
    Suggestion `value` only when read as a till receipt's."""
    return ocr_checks.read_pages([text], [tsv])[1].fields.get(name) != value


def _disputed_otherwise(undisputed, name, other):
    """Whether Tesseract's reading before its second look's doubts
    (`undisputed`) gives the field `name` a value other than `other`'s."""
    disputed = undisputed.fields.get(name)
    return disputed is not None and disputed.value != other.value


def digits_pass(
    page, text, tsv, doubtful=(), agreed=(), languages=ocr.DEFAULT_LANGUAGES
):
    """The page text with the value rows of a total the checked reading
    still leaves empty (a till receipt's, after read_twice) replaced by
    their digits-only reading where its modes agree (read_digits). Not for
    the date: on SROIE's development part its rows read so gave no date
    more (bench/README.md)."""
    checked = ocr_checks.read_pages([text], [tsv], doubtful, agreed)[1]
    if "total_gross" in checked.fields or "total_gross" in doubtful:
        return text
    found = read_digits(page, tsv, languages)
    return replace_lines(text, found) if found else text


def reads_twice(page, text):
    """Whether the whole page is read a second time (read_twice): a till
    receipt by its words, or a page shaped like a till roll (at least
    TILL_ROLL_SHAPE times as tall as wide; an A4 sheet is 1.41), where OCR
    lost the till's words. An invoice's page keeps its OCR time."""
    return page.height >= TILL_ROLL_SHAPE * page.width or _looks_like_a_till(text)


def read_twice(page, text, tsv, doubtful=(), languages=ocr.DEFAULT_LANGUAGES):
    """(fields disputed, agreed values) from a second reading of the whole
    till receipt, as one block of text (psm 6: a till roll is one column),
    against the first reading `text` (rows already read again).

    Small thermal print is misread a digit at a time, not always alike by
    the two segmentations of the page: the first reading's date is doubtful
    (left empty) unless the second reading prints it too, its total unless
    the second prints that amount somewhere; a total the first reading gives
    only unconfirmed (its total lines' one amount, no payment agreeing) is
    taken when the second reading gives the same after its checks. Dates
    are not taken that way: both readings misread the same digit too often
    ("25/03" as "26/03", measured on SROIE, bench/README.md)."""
    first = ocr_checks.read_pages([text], [tsv], doubtful)[1]
    again_text, again_tsv = ocr.ocr_block(page, languages, psm=PSM_BLOCK)
    second = ocr_checks.read_pages([again_text], [again_tsv])[1]
    printed = _printed(again_text)
    disputed, agreed = set(), []
    for name in FIELDS:
        value = first.value(name)
        if value is not None:
            if value not in printed[name]:
                disputed.add(name)
            continue
        other = second.fields.get(name)
        if name == "total_gross" and other is not None:
            loose = receipts.loose_total(prepare_lines([fix_label_words(text)]))
            if loose is not None and float(loose) == other.value:
                agreed.append((name, other))
    return disputed, tuple(agreed)


def _printed(text):
    """{field: values the page text prints}: its dates (ISO, read as the
    readers read this page's dates) and its amounts."""
    lines = prepare_lines([fix_label_words(text)])
    order = receipts.date_order(lines, slash_order(lines))
    return {
        "issue_date": {
            found.isoformat()
            for line in lines
            for _pos, found in find_dates(line.text, order)
        },
        "total_gross": {
            float(amount)
            for line in lines
            for amount in find_amounts(receipts.joined_amounts(line.text))
        },
    }


def _looks_like_a_till(text):
    """A till's words of two kinds (payment, change, rounding, "Cashier"):
    its small thermal print is where dates are misread, and only there is
    the date's row read again (an invoice's page keeps its OCR time)."""
    return receipts.looks_like_a_till(prepare_lines([fix_label_words(text)]))


# The orders a numeric date may be read in, to compare two readings.
_ORDERS = ("dmy2", "dmy", "mdy", None)


def _dates_in(text):
    return {found for order in _ORDERS for _pos, found in find_dates(text, order)}


def _date_disputed(page, tsv, value, languages):
    """Whether a second reading of the row the date `value` (ISO) was read
    on reads another date there (and not this one)."""
    wanted = date.fromisoformat(value)
    for top, bottom, _left, text in ocr_layout.tsv_lines(tsv):
        if wanted not in _dates_in(text):
            continue
        dates = _dates_in(_read_row(page, top, bottom, languages))
        return bool(dates) and wanted not in dates
    return False


def _number_disputed(page, tsv, number, languages):
    """Whether a second reading of the row the invoice number `number` was
    read on shows it as a part of a longer word, and nowhere whole ("02/150"
    read again "RUnn72/02/150": the first reading lost the start of
    "FV2022/02/150" to a fold). An invoice only: its number has no check
    digits, and a part of it reads as a whole. A second reading that
    misreads the number otherwise says nothing (the first one may be
    right)."""
    whole = re.compile(
        r"(?<![\w/.-])" + re.escape(number) + r"(?![\w/-]|\.\w)", re.IGNORECASE
    )
    part = re.compile(re.escape(number), re.IGNORECASE)
    for top, bottom, _left, text in ocr_layout.tsv_lines(tsv):
        if not whole.search(text):
            continue
        again = _read_row(page, top, bottom, languages)
        return bool(part.search(again)) and not whole.search(again)
    return False


def rows_to_reread(tsv, missing):
    """The rows of the page worth a second reading for the `missing`
    fields: [(field, top, bottom, text of the first reading)], at most
    MAX_ROWS, the labelled ones first."""
    labelled, broken = [], []
    for top, bottom, _left, text in ocr_layout.tsv_lines(tsv):
        for field in missing:
            if field not in _LABELS or _has_value(field, text):
                continue
            label = _label(field, text)
            if label is not None:
                if field == "total_gross" and _not_a_total(text, label):
                    continue
                labelled.append((field, top, bottom, text))
            elif (
                field == "issue_date"
                and _BROKEN_DATE.search(text)
                and len(_DIGITS.findall(text)) >= 6
            ):
                broken.append((field, top, bottom, text))
    return (labelled + broken)[:MAX_ROWS]


def _label(field, text):
    """The longest label of `field` on the line (a match), or None."""
    found = [m for regex in _LABELS[field] for m in regex.finditer(text)]
    return max(found, key=lambda m: m.end() - m.start(), default=None)


def _not_a_total(text, label):
    """'TOTAL QTY', 'SUB-TOTAL': words outside the total label itself that
    make the row something else (inside it, 'GST' of 'Total Sales
    (Inclusive of GST)' is part of the label)."""
    return any(
        not (label.start() <= m.start() and m.end() <= label.end())
        for m in _NOT_TOTAL.finditer(text)
    )


def _keeps_years(first, again):
    """The second reading keeps a year the first one read on the row
    ("Date : Oże0d 2018" read again "02-04-2008": not taken)."""
    years = _YEAR.findall(first)
    return not years or any(year in _YEAR.findall(again) for year in years)


def _has_value(field, text):
    if field == "total_gross":
        return bool(find_amounts(text))
    return bool(find_dates(text))


def crop_row(page, top, bottom):
    """The page's row between `top` and `bottom` (pixels), the whole width,
    enlarged for a second reading: a grayscale PIL image."""
    height = max(1, bottom - top)
    margin = round(height * ROW_MARGIN)
    box = (0, max(0, top - margin), page.width, min(page.height, bottom + margin))
    row = _enlarged(page, box, ROW_TARGET / height, Image.Resampling.BICUBIC)
    return _framed(row)


def _enlarged(page, box, scale, resample):
    """The grayscale crop `box` of `page`, enlarged `scale` times (at most
    MAX_SCALE; not at all under 1.1)."""
    row = page.convert("L").crop(box)
    scale = min(MAX_SCALE, scale)
    if scale > 1.1:
        row = row.resize(
            (round(row.width * scale), round(row.height * scale)), resample
        )
    return row


def _framed(row):
    """`row` in a white frame BORDER pixels wide (Tesseract misreads ink that
    touches the image's edge)."""
    framed = Image.new("L", (row.width + 2 * BORDER, row.height + 2 * BORDER), 255)
    framed.paste(row, (BORDER, BORDER))
    return framed


def _read_row(page, top, bottom, languages):
    """The second reading of the page's row between `top` and `bottom`."""
    return ocr.ocr_line(crop_row(page, top, bottom), languages, psm=PSM_BLOCK)


def reread(page, tsv, missing, languages=ocr.DEFAULT_LANGUAGES):
    """{first reading's line: second reading} for the rows of `missing`
    fields on the page image `page` (PIL, the very image OCR'd, whose TSV
    is `tsv`). Rows the second reading gives no value for are left out."""
    return reread_rows(page, rows_to_reread(tsv, missing), languages)


def reread_rows(page, rows, languages=ocr.DEFAULT_LANGUAGES):
    """{first reading's line: second reading} of `rows` [(field, top,
    bottom, first reading)] that the second reading gives a value for."""
    found = {}
    for field, top, bottom, text in rows:
        again = _read_row(page, top, bottom, languages)
        again = "\n".join(" ".join(line.split()) for line in again.splitlines())
        again = again.strip()
        if again and _has_value(field, again) and _keeps_years(text, again):
            found[text] = again
    return found


def replace_lines(text, found):
    """The page text with each line of the first reading in `found` (its
    words as the TSV has them) replaced by its second reading."""
    lines = text.split("\n")
    for old, new in found.items():
        old = _plain(old)
        for index, line in enumerate(lines):
            if _plain(line) == old:
                lines[index] = new
                break
    return "\n".join(lines)


def _plain(line):
    return " ".join(ocr_layout.clean_text(line).split())


def value_rows(tsv):
    """The rows of a till receipt worth a digits-only reading of the total:
    [(field, top, bottom, left, label words, first reading)], at most
    MAX_DIGIT_ROWS: the rows of a total label (not "TOTAL QTY", not
    "SUB-TOTAL") and, as they confirm a total (readers/receipts.py), of
    the payment and the change ("payment"), where the first reading has no
    amount. `left` is where the value starts (after the label's last word)
    and `label words` the first reading's words up to there, kept before
    the digits read. A row the first reading gives an amount for is not
    read again: a digits-only reading of "31.10" as "110" would replace a
    right value by a wrong one (measured on SROIE, bench/README.md)."""
    rows = []
    for words in ocr_layout.tsv_words(tsv).values():
        text = " ".join(word.text for word in words)
        if _has_value("total_gross", text):
            continue
        label = _label("total_gross", text)
        if label is not None and not _not_a_total(text, label):
            field = "total_gross"
        else:
            field = "payment"
            label = next((m for rx in _PAYMENT_LABELS for m in rx.finditer(text)), None)
        if label is None:
            continue
        left, kept = _after(words, label.end())
        top = min(word.top for word in words)
        bottom = max(word.bottom for word in words)
        rows.append((field, top, bottom, left, kept, text))
    return rows[:MAX_DIGIT_ROWS]


def _after(words, end):
    """(the right edge of the word holding character `end` of the line the
    words make, joined by spaces; the line's text up to that word)."""
    position = 0
    for index, word in enumerate(words):
        position += len(word.text)
        if position >= end:
            return word.right, " ".join(w.text for w in words[: index + 1])
        position += 1
    return words[-1].right, " ".join(w.text for w in words)


def crop_value(page, top, bottom, left, thicken=True):
    """The part of the page's row between `top` and `bottom` from a little
    after `left` (pixels: the label's last letter, cut, would be read as a
    "1" where only digits are allowed: "RM" -> "127.40") to the right edge,
    enlarged until the row is about DIGIT_TARGET pixels tall and, with
    `thicken`, its strokes thickened by a pixel each side (a 3x3 minimum
    filter: the broken strokes of dot-matrix and faded thermal digits read
    whole more often; measured on SROIE, bench/README.md): a grayscale PIL
    image framed in white."""
    height = max(1, bottom - top)
    margin = round(height * ROW_MARGIN)
    box = (
        min(page.width - 1, left + round(height * LABEL_GAP)),
        max(0, top - margin),
        page.width,
        min(page.height, bottom + margin),
    )
    row = _enlarged(page, box, DIGIT_TARGET / height, Image.Resampling.LANCZOS)
    if thicken:
        row = row.filter(ImageFilter.MinFilter(3))
    return _framed(row)


def digit_value(text):
    """The amount a digits-only reading of a row gives (its last), or
    None."""
    amounts = find_amounts(text)
    return amounts[-1] if amounts else None


def read_digits(page, tsv, languages=ocr.DEFAULT_LANGUAGES):
    """{first reading's line: its label words and the digits read} for the
    value_rows whose DIGIT_READINGS all give the same amount (digit_value);
    the other rows are left as the first reading has them. The readers then
    read the page again: the total still needs what confirms it (a payment
    less the change, a rounding step). English's model reads the digits
    when the page's `languages` have it, else those languages."""
    codes = ocr.parse_languages(languages)
    digit_languages = DIGIT_LANGUAGES if DIGIT_LANGUAGES in codes else languages
    found = {}
    for _field, top, bottom, left, kept, text in value_rows(tsv):
        crops = {}
        readings, values = [], set()
        for thicken, psm in DIGIT_READINGS:
            if thicken not in crops:
                crops[thicken] = crop_value(page, top, bottom, left, thicken)
            reading = ocr.ocr_line(
                crops[thicken], digit_languages, psm=psm, whitelist=DIGITS
            )
            readings.append(" ".join(reading.split()))
            values.add(digit_value(readings[-1]))
            if None in values or len(values) > 1:
                break
        else:
            found[text] = f"{kept} {readings[0]}".strip()
    return found
