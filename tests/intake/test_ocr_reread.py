"""The second look at rows whose label OCR read without its value, with the
real engine on a rendered till receipt."""

import csv
import importlib.util
import io
from decimal import Decimal

import pytest
from intake import ocr, ocr_checks, ocr_layout, ocr_reread, straighten
from pdf_factory import text_pdf
from PIL import Image

_FACTORY = straighten.__file__.replace("intake/straighten.py", "tests/photo_factory.py")
_spec = importlib.util.spec_from_file_location("photo_factory", _FACTORY)
photo_factory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(photo_factory)

RECEIPT = """KEDAI RUNCIT MAJU SDN BHD
TAX INVOICE
Date: 14/03/2018 12:43
Cashier: AMIN
SUGAR 1KG 2.90
RICE 5KG 24.50
TOTAL RM 27.40
CASH 50.00
CHANGE 22.60"""


@pytest.fixture(scope="module")
def first_reading():
    page = photo_factory.render_pdf_page(text_pdf([RECEIPT]), dpi=150)
    result = ocr.ocr_images([page], dpi=150)
    return page, result.texts[0], result.tsvs[0]


def _without_word(text, tsv, word):
    """The first reading as if OCR had lost `word` (its text and its box)."""
    rows = list(csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    kept = [row for row in rows if row[-1].strip() != word]
    out = io.StringIO()
    csv.writer(
        out, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n"
    ).writerows(kept)
    lines = [
        " ".join(t for t in line.split() if t != word) for line in text.split("\n")
    ]
    return "\n".join(lines), out.getvalue()


def test_first_reading_reads_the_receipt(first_reading):
    _page, text, tsv = first_reading
    checked = ocr_checks.read_pages([text], [tsv])[1]
    assert checked.value("total_gross") == pytest.approx(27.40)
    assert checked.value("issue_date") == "2018-03-14"
    # nothing missing, the date's row read again reads the same date
    assert ocr_reread.second_look(*first_reading) == ocr_reread.SecondLook(text)


def test_a_total_read_without_its_amount_is_read_again(first_reading):
    page, text, tsv = first_reading
    text, tsv = _without_word(text, tsv, "27.40")
    assert "total_gross" not in ocr_checks.read_pages([text], [tsv])[1].fields
    rows = ocr_reread.rows_to_reread(tsv, ["total_gross"])
    assert [row[3] for row in rows] == ["TOTAL RM"]

    again = ocr_reread.second_look(page, text, tsv).text

    assert "TOTAL RM 27.40" in again.splitlines()
    checked = ocr_checks.read_pages([again], [tsv])[1]
    assert checked.value("total_gross") == pytest.approx(27.40)


def test_a_date_line_read_without_its_date_is_read_again(first_reading):
    page, text, tsv = first_reading
    text, tsv = _without_word(text, tsv, "14/03/2018")
    assert "issue_date" not in ocr_checks.read_pages([text], [tsv])[1].fields

    again = ocr_reread.second_look(page, text, tsv).text

    checked = ocr_checks.read_pages([again], [tsv])[1]
    assert checked.value("issue_date") == "2018-03-14"


def test_a_date_misread_in_the_first_reading_is_left_empty(first_reading):
    """SROIE: '2018' read '2016' on a small scan. The row read again reads
    the date printed, another one: the date is doubtful, left empty."""
    page, text, tsv = first_reading
    text, tsv = (
        text.replace("14/03/2018", "14/03/2016"),
        tsv.replace("14/03/2018", "14/03/2016"),
    )
    assert ocr_checks.read_pages([text], [tsv])[1].value("issue_date") == "2016-03-14"

    look = ocr_reread.second_look(page, text, tsv)

    assert look.doubtful == {"issue_date"}
    extraction, checked = ocr_checks.read_pages([look.text], [tsv], look.doubtful)
    assert extraction.value("issue_date") == "2016-03-14"
    assert checked.value("issue_date") is None
    assert checked.value("total_gross") == pytest.approx(27.40)


def test_an_invoices_date_row_is_not_read_again(first_reading):
    """Only a till receipt's date row is read twice (its small thermal
    print): without a till's words, the first reading's date stands."""
    page, text, tsv = first_reading
    text, tsv = (
        text.replace("14/03/2018", "14/03/2016"),
        tsv.replace("14/03/2018", "14/03/2016"),
    )
    invoice = "\n".join(
        line
        for line in text.split("\n")
        if not line.startswith(("Cashier", "CASH", "CHANGE"))
    )
    look = ocr_reread.second_look(page, invoice, tsv)
    assert look.doubtful == frozenset()


def test_rows_without_the_value_in_their_pixels_give_nothing(first_reading):
    """The second look reads pixels, it does not invent: the cashier's row
    carries no amount, so asking for it changes nothing."""
    page, _text, tsv = first_reading
    rows = [
        ("total_gross", top, bottom, line)
        for top, bottom, _left, line in ocr_layout.tsv_lines(tsv)
        if "Cashier" in line
    ]
    assert rows
    assert ocr_reread.reread_rows(page, rows) == {}


def _tsv_of(lines):
    """A TSV of `lines`, each word 50 pixels wide, 60 apart, rows 30 apart."""
    head = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num"
        "\tleft\ttop\twidth\theight\tconf\ttext"
    )
    rows = [head]
    for index, line in enumerate(lines, start=1):
        for number, word in enumerate(line.split(), start=1):
            rows.append(
                f"5\t1\t1\t1\t{index}\t{number}\t{10 + 60 * number}"
                f"\t{30 * index}\t50\t20\t90\t{word}"
            )
    return "\n".join(rows) + "\n"


def test_which_rows_are_read_again():
    tsv = _tsv_of(
        [
            "TOTAL QTY: 3",
            "SUB-TOTAL",
            "Total Sales (Inclusive of GST) :",
            "TOTAL RM 12.00",
            "Date:",
            "13/01:201, 10:55",
            "Cashier: AMIN",
        ]
    )
    rows = ocr_reread.rows_to_reread(tsv, ["total_gross", "issue_date"])
    assert [(row[0], row[3]) for row in rows] == [
        ("total_gross", "Total Sales (Inclusive of GST) :"),
        ("issue_date", "Date:"),
        ("issue_date", "13/01:201, 10:55"),
    ]
    # only for the fields asked
    assert [row[3] for row in ocr_reread.rows_to_reread(tsv, ["issue_date"])] == [
        "Date:",
        "13/01:201, 10:55",
    ]


def test_lines_are_replaced_where_they_stand():
    text = "A\nTotal |  Sales\nB\n"
    assert ocr_reread.replace_lines(text, {"Total Sales": "Total Sales 9.90"}) == (
        "A\nTotal Sales 9.90\nB\n"
    )
    # a line not found: the text as it was
    assert ocr_reread.replace_lines(text, {"Gone": "Gone 1.00"}) == text


def test_a_second_reading_contradicting_the_year_read_first_is_not_taken():
    """The first reading's '2018' stands: a second reading of the row that
    makes it '2008' is a misread, not a correction."""
    assert not ocr_reread._keeps_years("Date : Oże0d 2018 19:30", "Date : 02-04-2008")
    assert ocr_reread._keeps_years("Date : Oże0d 2018 19:30", "Date : 02-04-2018")
    # no year read first: nothing to keep
    assert ocr_reread._keeps_years("13/01:201, 10:55", "13/01/2017 10:55")


def _till_words_without_amounts(text, tsv):
    """The first reading as if OCR had lost the payment's amounts: the
    total is then unconfirmed (no payment agrees with it)."""
    for word in ("50.00", "22.60"):
        text, tsv = _without_word(text, tsv, word)
    return text, tsv


def test_a_date_the_whole_page_read_again_does_not_print_is_doubtful(first_reading):
    """The whole till receipt read a second way (one block of text) prints
    14/03/2018 only: a first reading's 14/03/2016 is doubtful, its own
    date is not."""
    page, text, tsv = first_reading
    misread = text.replace("14/03/2018", "14/03/2016")
    disputed, agreed = ocr_reread.read_twice(page, misread, tsv)
    assert disputed == {"issue_date"}
    assert agreed == ()
    assert ocr_reread.read_twice(page, text, tsv) == (set(), ())


def test_an_unconfirmed_total_both_readings_give_is_taken(first_reading):
    page, text, tsv = first_reading
    text, tsv = _till_words_without_amounts(text, tsv)
    first = ocr_checks.read_pages([text], [tsv])[1]
    assert first.value("total_gross") is None

    disputed, agreed = ocr_reread.read_twice(page, text, tsv)

    assert disputed == set()
    assert [(name, value.value) for name, value in agreed] == [("total_gross", 27.40)]
    checked = ocr_checks.read_pages([text], [tsv], agreed=agreed)[1]
    assert checked.value("total_gross") == pytest.approx(27.40)
    # a field left doubtful takes what was agreed (ocr_reread.other_engine:
    # the other engine sure of a value Tesseract's second look disputed),
    # and stays empty without it
    doubtful = ocr_checks.read_pages([text], [tsv], {"total_gross"}, agreed)[1]
    assert doubtful.value("total_gross") == pytest.approx(27.40)
    alone = ocr_checks.read_pages([text], [tsv], {"total_gross"})[1]
    assert alone.value("total_gross") is None


def test_an_unconfirmed_total_the_second_reading_reads_otherwise_stays_empty(
    first_reading,
):
    """A total line misread in the first reading ("21.40" for "27.40"),
    with no payment confirming it: the second reading's 27.40 does not
    agree, nothing is taken."""
    page, text, tsv = first_reading
    text, tsv = _till_words_without_amounts(text, tsv)
    text = text.replace("27.40", "21.40")
    assert ocr_reread.read_twice(page, text, tsv)[1] == ()


def test_which_pages_are_read_twice():
    """A page shaped like a till roll, or with a till's words; not an
    invoice's A4 page."""
    roll = Image.new("L", (400, 1000), 255)
    sheet = Image.new("L", (1240, 1754), 255)
    invoice = "Faktura VAT nr 1/2026\nRazem do zapłaty 123,00"
    assert ocr_reread.reads_twice(roll, invoice)
    assert not ocr_reread.reads_twice(sheet, invoice)
    assert ocr_reread.reads_twice(sheet, RECEIPT)
    # a short till receipt scanned with a margin (SROIE 136: 649 x 1161,
    # 1.79 times as tall as wide), its till words lost by OCR; a US legal
    # sheet (1.65) would be read twice too, a letter sheet (1.29) not
    short = Image.new("L", (649, 1161), 255)
    assert ocr_reread.reads_twice(short, invoice)
    assert not ocr_reread.reads_twice(Image.new("L", (1275, 1650), 255), invoice)
    assert not ocr_reread.reads_twice(Image.new("L", (1000, 1550), 255), invoice)


def test_which_value_rows_are_read_digits_only():
    """A total's row (not "TOTAL QTY", not "SUB-TOTAL") and the payment's
    and the change's rows (they confirm a total), from where the label
    ends, where the first reading has no amount; not a date's row."""
    tsv = _tsv_of(
        [
            "TOTAL QTY:",
            "SUB-TOTAL",
            "TOTAL RM",
            "TOTAL SAVING 1.00",
            "CASH 50.00",
            "CHANGE",
            "Date: 13/01:201,",
            "Cashier: AMIN",
        ]
    )
    rows = ocr_reread.value_rows(tsv)
    assert [(row[0], row[3], row[4], row[5]) for row in rows] == [
        ("total_gross", 180, "TOTAL RM", "TOTAL RM"),
        ("payment", 120, "CHANGE", "CHANGE"),
    ]
    # the row's height, from its words' boxes
    assert [row[1:3] for row in rows] == [(90, 110), (180, 200)]
    assert ocr_reread.value_rows(_tsv_of(["Cashier: AMIN"])) == []


def test_what_a_digits_reading_gives():
    assert ocr_reread.digit_value(": 16.87") == Decimal("16.87")
    assert ocr_reread.digit_value("50.00 22.60") == Decimal("22.60")
    assert ocr_reread.digit_value(":--") is None
    assert ocr_reread.digit_value("12") is None


def test_a_value_row_is_enlarged_and_its_strokes_thickened():
    """A 10 pixel row: enlarged until about DIGIT_TARGET pixels tall (with
    its margins and the white frame), a 1 pixel stroke 4 times, then
    thickened by a pixel each side; cut from a little after the label's
    end."""
    page = Image.new("L", (300, 60), 255)
    page.paste(0, (150, 25, 151, 35))  # one thin vertical stroke
    row = ocr_reread.crop_value(page, 25, 35, 120)
    scale = ocr_reread.DIGIT_TARGET / 10
    assert row.height == pytest.approx(
        (10 + 2 * round(10 * ocr_reread.ROW_MARGIN)) * scale + 2 * ocr_reread.BORDER,
        abs=2,
    )
    assert row.width == pytest.approx(
        (300 - 122) * scale + 2 * ocr_reread.BORDER, abs=2
    )
    middle = [row.getpixel((x, row.height // 2)) for x in range(row.width)]
    dark = [x for x, level in enumerate(middle) if level < 128]
    assert len(dark) >= scale + 2
    assert dark[-1] - dark[0] + 1 == len(dark)  # one stroke


def test_a_whitelist_is_digits_and_punctuation_only(first_reading):
    page, _text, tsv = first_reading
    (top, bottom, _left, _line), *_ = [
        line for line in ocr_layout.tsv_lines(tsv) if line[3].startswith("TOTAL")
    ]
    row = ocr_reread.crop_value(page, top, bottom, 0)
    read = ocr.ocr_line(row, "eng", psm=7, whitelist=ocr_reread.DIGITS)
    assert "27.40" in read
    assert set(read.strip()) <= set(ocr_reread.DIGITS + " ")
    for bad in ("0-9; rm -rf", "abc"):
        with pytest.raises(ValueError):
            ocr.ocr_line(row, "eng", whitelist=bad)


def test_value_rows_lost_by_the_first_reading_are_read_digits_only(first_reading):
    """OCR lost the total's amount, the payment's and the change's (small
    thermal digits): the value rows read digits only in two modes give
    them back where both readings agree, and the total is then confirmed
    by the payment less the change."""
    page, text, tsv = first_reading
    for word in ("27.40", "50.00", "22.60"):
        text, tsv = _without_word(text, tsv, word)
    assert "total_gross" not in ocr_checks.read_pages([text], [tsv])[1].fields

    found = ocr_reread.read_digits(page, tsv)

    assert found == {
        "TOTAL RM": "TOTAL RM 27.40",
        "CASH": "CASH 50.00",
        "CHANGE": "CHANGE 22.60",
    }
    again = ocr_reread.digits_pass(page, text, tsv)
    checked = ocr_checks.read_pages([again], [tsv])[1]
    assert checked.value("total_gross") == pytest.approx(27.40)
    # a company reading Polish only: its own model reads the digits (no
    # English model asked for)
    assert ocr_reread.read_digits(page, tsv, "pol")["TOTAL RM"] == "TOTAL RM 27.40"


def test_a_page_with_its_total_read_is_not_read_digits_only(first_reading):
    page, text, tsv = first_reading
    assert ocr_reread.digits_pass(page, text, tsv) == text
    # nor a page whose total a second reading disputes
    for word in ("27.40", "50.00", "22.60"):
        text, tsv = _without_word(text, tsv, word)
    assert ocr_reread.digits_pass(page, text, tsv, {"total_gross"}) == text


def test_a_row_with_no_digits_in_its_pixels_gives_nothing(first_reading):
    """The digits-only reading reads pixels, it does not invent: the
    cashier's row, asked for as a total's row, gives nothing."""
    page, _text, tsv = first_reading
    rows = list(csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    cashier = [rows[0]] + [
        row[:-1] + ["TOTAL" if row[-1] == "Cashier:" else row[-1]]
        for row in rows[1:]
        if row[-1].strip() in ("Cashier:", "AMIN")
    ]
    out = io.StringIO()
    csv.writer(
        out, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n"
    ).writerows(cashier)
    relabelled = out.getvalue()
    assert [row[5] for row in ocr_reread.value_rows(relabelled)] == ["TOTAL AMIN"]
    assert ocr_reread.read_digits(page, relabelled) == {}


INVOICE = """Faktura VAT
Numer faktury: FV2022/02/150
Data wystawienia: 15.02.2022
Sprzedawca: ABC Leasing S.A.
Razem do zaplaty: 2 760,00 PLN"""


@pytest.fixture(scope="module")
def invoice_reading():
    page = photo_factory.render_pdf_page(text_pdf([INVOICE]), dpi=150)
    result = ocr.ocr_images([page], dpi=150)
    return page, result.texts[0], result.tsvs[0]


def test_an_invoice_number_the_row_read_again_confirms_stands(invoice_reading):
    page, text, tsv = invoice_reading
    assert "FV2022/02/150" in text
    look = ocr_reread.second_look(page, text, tsv)
    assert "invoice_number" not in look.doubtful
    checked = ocr_checks.read_pages([look.text], [tsv], look.doubtful)[1]
    assert checked.value("invoice_number") == "FV2022/02/150"


def test_a_part_of_an_invoice_number_read_as_a_whole_is_doubtful(invoice_reading):
    """The first reading lost the start of the number ("02/150" for
    "FV2022/02/150": a fold, faded print); the row read again shows more
    than that: the number is left empty, not suggested cut."""
    page, text, tsv = invoice_reading
    cut_text = text.replace("FV2022/02/150", "02/150")
    cut_tsv = tsv.replace("FV2022/02/150", "02/150")
    first = ocr_checks.read_pages([cut_text], [cut_tsv])[1]
    assert first.value("invoice_number") == "02/150"
    look = ocr_reread.second_look(page, cut_text, cut_tsv)
    assert "invoice_number" in look.doubtful
    checked = ocr_checks.read_pages([look.text], [cut_tsv], look.doubtful)[1]
    assert checked.value("invoice_number") is None
    assert checked.value("issue_date") == "2022-02-15"
