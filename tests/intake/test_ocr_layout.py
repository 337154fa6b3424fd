"""The layout of OCR text: table rules dropped, a table's rows put back
together from Tesseract's word boxes (its TSV output)."""

from intake.ocr_layout import (
    BUYER,
    SELLER,
    clean_text,
    column_of,
    column_text,
    cut_from_a_word,
    party_columns,
    row_text,
    tsv_lines,
)

COLUMNS = "level page_num block_num par_num line_num word_num left top width height"
HEADER = (COLUMNS + " conf text").replace(" ", "\t")


def tsv(*words):
    """words: (block, line, left, top, text); each word 80x20 pixels."""
    rows = [HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t1400\t2000\t-1\t"]
    for number, (block, line, left, top, text) in enumerate(words, start=1):
        rows.append(
            f"5\t1\t{block}\t1\t{line}\t{number}\t{left}\t{top}\t80\t20\t95\t{text}"
        )
    return "\n".join(rows) + "\n"


def test_table_rules_read_as_bars_are_dropped():
    text = "| 2 | zwolnione 300,00 | 0,00 |300,00\n1|szt.\n"
    assert clean_text(text) == "2 zwolnione 300,00 0,00 300,00\n1 szt.\n"


def test_columns_read_as_blocks_become_rows_again():
    # Tesseract's blocks: the labels and amounts of each column apart, as it
    # reads the VAT summary of a KSeF visualisation.
    page = tsv(
        (1, 1, 100, 100, "Podsumowanie"),
        (2, 1, 100, 200, "Kwota"),
        (2, 1, 185, 200, "netto"),
        (2, 2, 100, 240, "1"),
        (2, 2, 130, 240, "000,00"),
        (3, 1, 500, 202, "Kwota"),
        (3, 1, 585, 202, "podatku"),
        (3, 2, 500, 238, "230,00"),
        (4, 1, 900, 199, "Kwota"),
        (4, 1, 985, 199, "brutto"),
        (4, 2, 900, 241, "1"),
        (4, 2, 930, 241, "230,00"),
    )
    assert row_text(page).splitlines() == [
        "Podsumowanie",
        "Kwota netto   Kwota podatku   Kwota brutto",
        "1 000,00   230,00   1 230,00",
    ]


def test_lines_at_different_heights_stay_apart():
    # Overlapping by less than half a line: two rows, top one first.
    page = tsv((1, 1, 100, 112, "second"), (2, 1, 600, 100, "first"))
    assert row_text(page).splitlines() == ["first", "second"]
    assert [line[3] for line in tsv_lines(page)] == ["first", "second"]


def test_broken_tsv_rows_are_skipped():
    page = tsv((1, 1, 100, 100, "kept")) + "5\t1\t9\t1\t1\t1\tx\t?\t\t\t\tlost\n"
    assert row_text(page).strip() == "kept"
    assert row_text("") == ""


def test_a_value_s_column_is_the_header_it_stands_under():
    page = tsv(
        (1, 1, 100, 100, "Sprzedawca"),
        (1, 1, 700, 100, "Nabywca"),
        (2, 1, 100, 140, "Prefiks"),
        (2, 1, 185, 140, "VAT:"),
        (2, 1, 270, 140, "PL"),
        (2, 1, 700, 141, "NIP:"),
        (2, 1, 785, 141, "1111111111"),
        (3, 1, 100, 180, "NIP:"),
        (3, 1, 185, 180, "545-182-41-19"),
    )
    assert party_columns(page) == (120, 100, 700)
    assert column_of(page, "PL1111111111") == BUYER
    assert column_of(page, "5451824119") == SELLER
    assert column_of(page, "PL9999999999") is None
    # No header row with both parties: no column to say.
    alone = tsv((1, 1, 100, 100, "Sprzedawca"), (2, 1, 100, 140, "1111111111"))
    assert party_columns(alone) is None
    assert column_of(alone, "1111111111") is None


def test_labels_over_their_values_become_label_value_lines():
    page = tsv(
        (1, 1, 100, 100, "Invoice"),
        (1, 1, 185, 100, "Date:"),
        (1, 1, 500, 100, "Due"),
        (1, 1, 585, 100, "Date:"),
        (2, 1, 100, 130, "21/09/2022"),
        (2, 1, 500, 130, "21/10/2022"),
        (3, 1, 100, 200, "Description"),
    )
    assert row_text(page).splitlines() == [
        "Invoice Date: 21/09/2022",
        "Due Date: 21/10/2022",
        "Description",
    ]


def test_headers_without_colon_over_single_values_become_label_value_lines():
    # Odoo's invoice layout: "invoice no.   DATE" over the number and date.
    page = tsv(
        (1, 1, 100, 100, "invoice"),
        (1, 1, 185, 100, "no."),
        (1, 1, 500, 100, "DATE"),
        (2, 1, 100, 130, "INV/2018/0057"),
        (2, 1, 500, 130, "09/17/2018"),
        # The next row is the buyer's and the bank's, "Odoo" read "Od00":
        # not a second row of single values, so no table.
        (3, 1, 100, 170, "Od00"),
        (3, 1, 185, 170, "SA"),
        (3, 1, 500, 170, "Bank"),
    )
    assert row_text(page).splitlines() == [
        "invoice no.: INV/2018/0057",
        "DATE: 09/17/2018",
        "Od00 SA   Bank",
    ]
    # An item under its table's header (words, not one value a cell) stays
    # a row: "Total" over an item's amount is not the invoice's total.
    item = tsv(
        (1, 1, 100, 100, "Product"),
        (1, 1, 500, 100, "Total"),
        (2, 1, 100, 130, "Chair"),
        (2, 1, 185, 130, "2"),
        (2, 1, 500, 130, "40.00"),
    )
    assert row_text(item).splitlines() == ["Product   Total", "Chair 2   40.00"]


def test_table_rules_read_as_glyphs_at_a_cell_s_edge_are_dropped():
    # KSeF's VAT summary row: "[1", "i 17 115,45", "187,00)" are the
    # table's vertical rules read with the print.
    page = tsv(
        (1, 1, 100, 100, "[1"),
        (1, 1, 185, 100, "23%"),
        (1, 1, 500, 100, "13"),
        (1, 1, 585, 100, "915,00"),
        (1, 1, 900, 100, "187,00)"),
        (1, 1, 1100, 100, "i"),
        (1, 1, 1185, 100, "17"),
        (1, 1, 1270, 100, "115,45"),
    )
    assert row_text(page) == "1 23%   13 915,00   187,00   17 115,45"
    # Specks read as quotes or a tilde before an amount go too.
    specks = tsv(
        (1, 1, 100, 100, "zwolnione"),
        (1, 1, 500, 100, "“300,00"),
        (1, 1, 900, 100, "~"),
        (1, 1, 985, 100, "300,00"),
    )
    assert row_text(specks) == "zwolnione   300,00   300,00"
    # Words and bracketed numbers keep what they print.
    words = tsv((1, 1, 100, 100, "Pozycja"), (1, 1, 185, 100, "(1)"))
    assert row_text(words) == "Pozycja (1)"


def test_side_by_side_columns_come_one_after_the_other():
    # KSeF's "Szczegóły": the issue date and currency on the left, the
    # delivery date's label over its value on the right.
    page = tsv(
        (1, 1, 100, 100, "Szczegóły"),
        (2, 1, 100, 140, "Wystawiono:"),
        (2, 1, 185, 140, "15.02.2022"),
        (3, 1, 700, 141, "Dostawa:"),
        (4, 1, 100, 180, "Waluta:"),
        (4, 1, 185, 180, "PLN"),
        (5, 1, 700, 179, "03.01.2022"),
        (6, 1, 100, 220, "Pozycje"),
        (6, 1, 185, 220, "faktury"),
        (6, 1, 270, 220, "w"),
        (6, 1, 355, 220, "walucie"),
        (6, 1, 440, 220, "PLN"),
        (6, 1, 525, 220, "ze"),
        (6, 1, 610, 220, "stawką"),
        (6, 1, 695, 220, "23%"),
    )
    assert row_text(page).splitlines()[1:3] == [
        "Wystawiono: 15.02.2022   Dostawa:",
        "Waluta: PLN   03.01.2022",
    ]
    assert column_text(page).splitlines() == [
        "Szczegóły",
        "Wystawiono: 15.02.2022",
        "Waluta: PLN",
        "Dostawa:",
        "03.01.2022",
        "Pozycje faktury w walucie PLN ze stawką 23%",
    ]
    # One row with both sides is no column layout: rows stay rows.
    single = tsv((1, 1, 100, 100, "Data:"), (2, 1, 700, 100, "Razem:"))
    assert column_text(single) == "Data:   Razem:"


def test_a_table_s_header_and_rows_stay_rows():
    # Values not under the labels, or several rows of values: a table.
    shifted = tsv(
        (1, 1, 100, 100, "Date:"),
        (1, 1, 500, 100, "Total:"),
        (2, 1, 300, 130, "21/09/2022"),
        (2, 1, 700, 130, "12,00"),
    )
    assert row_text(shifted).splitlines() == [
        "Date:   Total:",
        "21/09/2022   12,00",
    ]
    table = tsv(
        (1, 1, 100, 100, "Rate:"),
        (1, 1, 500, 100, "Net:"),
        (2, 1, 100, 130, "23%"),
        (2, 1, 500, 130, "100,00"),
        (3, 1, 100, 160, "8%"),
        (3, 1, 500, 160, "50,00"),
    )
    assert row_text(table).splitlines()[0] == "Rate:   Net:"


def test_a_value_read_only_as_a_part_of_a_longer_word_is_told():
    # "FV2022/02/150" split by Tesseract into "FV20" and "22/02/150" (each
    # 80 px wide: the second starts 3 px after the first ends).
    split = tsv((1, 1, 100, 100, "FV20"), (2, 1, 183, 100, "22/02/150"))
    assert cut_from_a_word(split, "22/02/150")
    # A label and its value stand a space apart; a speck touching the
    # value is no word.
    spaced = tsv((1, 1, 100, 100, "Nr:"), (1, 1, 190, 100, "22/02/150"))
    assert not cut_from_a_word(spaced, "22/02/150")
    speck = (
        tsv((1, 1, 100, 100, "42183017")) + "5\t1\t1\t1\t2\t9\t178\t105\t9\t3\t17\t:\n"
    )
    assert not cut_from_a_word(speck, "42183017")
    assert not cut_from_a_word(split, "FV2022/02/150"), "not found: not cut"
