"""The second OCR engine on a photographed invoice whose Tesseract reading
lacks its number (intake/ocr_invoice_engine.py)."""

import pytest
from intake import ocr, ocr_engine2, ocr_invoice_engine
from PIL import Image, ImageDraw, ImageFont
from test_ocr_engine2 import _read

# An invoice as Tesseract read it, every line; the tests drop lines from it.
INVOICE = [
    "FAKTURA VAT",
    "Numer faktury: FV/2024/03/117",
    "Data wystawienia: 05.03.2024",
    "Sprzedawca: Biuro Rachunkowe ABC sp. z o.o.",
    "NIP: 5252248481",
    "Nabywca: Jan Kowalski",
    "Razem do zaplaty: 1 230,00 PLN",
]
NUMBER, SELLER_VAT = "FV/2024/03/117", "PL5252248481"
A4 = Image.new("L", (1240, 1754), 255)


def _without(*dropped):
    return [line for line in INVOICE if not any(d in line for d in dropped)]


def _merged(tesseract_lines, engine_lines):
    text, tsv = _read(tesseract_lines)
    doubtful, agreed = ocr_invoice_engine.merge(
        [text], [tsv], frozenset(), (), *_read(engine_lines)
    )
    return doubtful, dict(agreed)


def _value(pair):
    return pair.value if pair is not None else None


def test_a_number_tesseract_lost_is_taken_from_the_engine():
    doubtful, agreed = _merged(_without("Numer"), INVOICE)
    assert not doubtful
    assert _value(agreed.get("invoice_number")) == NUMBER


def test_a_seller_vat_id_tesseract_lost_is_taken_from_the_engine():
    doubtful, agreed = _merged(_without("NIP"), INVOICE)
    assert not doubtful
    assert _value(agreed.get("seller_vat")) == SELLER_VAT


def test_a_vat_id_whose_check_digits_fail_is_not_taken():
    engine = [line.replace("5252248481", "5252248482") for line in INVOICE]
    _doubtful, agreed = _merged(_without("NIP"), engine)
    assert "seller_vat" not in agreed


def test_numbers_differing_by_a_misread_character_leave_the_number_empty():
    engine = [line.replace("03/117", "03/111") for line in INVOICE]
    doubtful, agreed = _merged(_without("NIP"), engine)
    assert doubtful == {"invoice_number"}
    assert "invoice_number" not in agreed


def test_the_same_number_from_both_stands():
    doubtful, agreed = _merged(_without("NIP"), INVOICE)
    assert "invoice_number" not in doubtful and "invoice_number" not in agreed


@pytest.mark.parametrize(
    "engine_line",
    [
        # the engine dropped the spaces: the next word glued to the number
        "Numer faktury: FV/2024/03/117wystawiona05.03.2024",
    ],
)
def test_a_number_glued_to_the_next_word_neither_fills_nor_disputes(engine_line):
    engine = [engine_line if "Numer" in line else line for line in INVOICE]
    doubtful, agreed = _merged(_without("Numer"), engine)
    assert not doubtful and "invoice_number" not in agreed
    doubtful, agreed = _merged(_without("NIP"), engine)
    assert not doubtful and "invoice_number" not in agreed


def test_only_an_invoice_lacking_its_number_is_read_again():
    def wanted(lines, page=A4):
        text, tsv = _read(lines)
        return ocr_invoice_engine.wanted(page, [text], [tsv])

    assert not wanted(INVOICE)
    assert wanted(_without("Numer"))
    # the seller's id alone does not call it (many invoices print none)
    assert not wanted(_without("NIP"))
    # a till roll's shape: its own second look reads it with the engine
    assert not wanted(_without("Numer"), Image.new("L", (400, 1200), 255))


def _drawn(lines):
    """The lines drawn on an A4 page at about 150 dpi."""
    page = A4.copy()
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=28)
    for row, line in enumerate(lines):
        draw.text((90, 120 + 60 * row), line, fill=0, font=font)
    return page


@pytest.mark.skipif(not ocr_engine2.available(), reason="RapidOCR not installed")
def test_the_installed_engine_reads_the_number_tesseract_lost():
    # Tesseract's reading as if the number's line were lost on the photo
    lost = ocr.ocr_images([_drawn(_without("Numer"))], dpi=150)
    doubtful, agreed = ocr_invoice_engine.look(_drawn(INVOICE), lost.texts, lost.tsvs)
    assert not doubtful
    assert _value(dict(agreed).get("invoice_number")) == NUMBER


@pytest.mark.parametrize(
    "tesseract_line, taken",
    [
        # Tesseract printed it with one character more: two readings differ
        ("Numer faktury: FV/2024/03/ 1117", False),
        ("Numer faktury: FV/2024/03/17", False),
        ("Numer faktury: FV/2024/03/1l7", False),
        # Tesseract printed it as the engine read it, split by a space
        ("Numer faktury: FV/2024/ 03/117 kopia", True),
        # Tesseract lost it
        ("Numer faktury:", True),
    ],
)
def test_a_number_tesseract_printed_otherwise_is_not_taken(tesseract_line, taken):
    engine = [
        "Numer faktury: FV/2024/03/117" if "Numer" in line else line for line in INVOICE
    ]
    lines = [tesseract_line if "Numer" in line else line for line in INVOICE]
    assert ocr_invoice_engine.printed_otherwise(NUMBER, ["\n".join(lines)]) != taken
    _doubtful, agreed = _merged(lines, engine)
    if not taken:
        assert "invoice_number" not in agreed


def test_a_gross_is_never_taken_from_the_engine():
    # a rate row's gross, its own net + VAT agreeing, the other rows lost
    engine = [*INVOICE[:-1], "23% 1 000,00 230,00 Kwota brutto 1 230,00"]
    _doubtful, agreed = _merged(_without("NIP", "Razem"), engine)
    assert "total_gross" not in agreed


def test_an_issue_date_is_never_taken_from_the_engine():
    _doubtful, agreed = _merged(_without("NIP", "Data"), INVOICE)
    assert "issue_date" not in agreed
