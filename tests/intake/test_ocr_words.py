"""Label words OCR misread by one letter are put right before reading."""

from intake.ocr_checks import read_pages
from intake.ocr_words import fix_label_words


def test_a_label_word_misread_by_one_inner_letter_is_put_right():
    assert fix_label_words("Verkaiufer:") == "Verkaufer:"
    assert fix_label_words("Kaufer/Leistungsempfinger:") == (
        "Kaufer/Leistungsempfanger:"
    )
    assert fix_label_words("ZAHIBETRAG 12,00") == "ZAHLBETRAG 12,00"


def test_words_that_may_be_real_are_left_as_read():
    # Short words: one letter makes a label of a real word.
    assert fix_label_words("contact charge") == "contact charge"
    # Endings: Polish inflects there ("sprzedawcy" is the seller's too).
    assert fix_label_words("Dane sprzedawcy") == "Dane sprzedawcy"
    # Label words themselves, and words far from any label.
    assert fix_label_words("Rechnungsnummer Lieferantenstrasse") == (
        "Rechnungsnummer Lieferantenstrasse"
    )


def test_the_seller_s_block_is_found_through_a_misread_marker():
    text = """Handelsrechnung Nr. TX-471102 vom 30.10.2018
Verkaiufer:
Taxiunternehmen TX GmbH
Lieferantenstrasse 20
DE 10369 Berlin
USt.-Id.-Nr. : DE123456789
"""
    _plain, checked = read_pages([text], ["tsv of an OCR'd page"])
    assert checked.value("seller_name") == "Taxiunternehmen TX GmbH"
    # A text layer is read as it is.
    plain, _checked = read_pages([text], [""])
    assert plain.value("seller_name") is None


def test_total_and_rounding_as_tesseract_misreads_them_are_put_right():
    assert fix_label_words("Tota! Rounded 19.00") == "Total Rounded 19.00"
    assert fix_label_words("T0TAL: 5.00") == "TOTAL: 5.00"
    assert fix_label_words("Tota| Sales") == "Total Sales"
    assert fix_label_words("TOTA1 RM 7.00") == "TOTAL RM 7.00"
    assert fix_label_words("ROUND ING -0.02") == "ROUNDING -0.02"
    assert fix_label_words("ROUNDTNG 0.01") == "ROUNDING 0.01"


def test_words_near_total_and_rounding_are_left_as_read():
    for text in ("Totem 4", "Rotal", "totally", "SUBTOTAL 5.00", "ROUND TRIP", "Sound"):
        assert fix_label_words(text) == text
