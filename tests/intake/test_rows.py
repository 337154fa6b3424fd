"""Visual rows (pypdf's layout mode) fill what the plain text left empty."""

from io import BytesIO

import pytest
from intake import pdf
from intake.extract import extract_fields
from intake.invoice import Extraction, Suggestion
from intake.readers import rows
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

LABELS = ("Invoice Date:", "Due Date:", "Subtotal:", "Tax (20%):", "Total:")
VALUES = ("Mar 1, 2024", "Mar 31, 2024", "$100.00", "$20.00", "$120.00")


def labels_then_values_pdf():
    """A page as some invoicing tools draw it: the seller, then every label,
    then every value beside its label (so the content stream never has a
    label next to its value)."""
    out = BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    top = A4[1] - 72
    for offset, text in enumerate(("Sammy Store", "INVOICE", "# INV-2024-7")):
        page.drawString(72, top - 16 * offset, text)
    for offset, label in enumerate(LABELS):
        page.drawString(300, top - 80 - 24 * offset, label)
    for offset, value in enumerate(VALUES):
        page.drawRightString(520, top - 80 - 24 * offset, value)
    page.showPage()
    page.save()
    return out.getvalue()


def read(data, with_rows=True):
    row_pages = (lambda: pdf.page_texts(data, layout=True)) if with_rows else None
    return extract_fields(pdf.page_texts(data), row_pages=row_pages)


def test_labels_drawn_apart_from_values_are_read_in_rows():
    data = labels_then_values_pdf()
    plain = read(data, with_rows=False)
    assert plain.value("total_gross") is None
    assert plain.value("issue_date") is None
    got = read(data)
    assert got.value("issue_date") == "2024-03-01"
    assert got.value("due_date") == "2024-03-31"
    assert (got.value("total_net"), got.value("total_vat")) == (100.0, 20.0)
    assert got.value("total_gross") == 120.0
    assert got.value("currency") == "USD"
    assert got.value("invoice_number") == plain.value("invoice_number")


def test_rows_are_not_read_when_the_plain_text_has_everything():
    def must_not_be_called():
        raise AssertionError("rows read although nothing was missing")

    text = (
        "Faktura VAT nr FV/1/2024\nData wystawienia: 2024-03-01\n"
        "Data sprzedaży: 2024-03-01\nTermin płatności: 2024-03-15\n"
        "Razem netto: 100,00 PLN VAT: 23,00 PLN Brutto: 123,00 PLN"
    )
    plain = extract_fields([text])
    assert not rows.needs_rows(plain)
    assert extract_fields([text], row_pages=must_not_be_called) == plain


def ext(**values):
    return Extraction(
        fields={name: Suggestion(v, 0.9, "line") for name, v in values.items()},
        has_text=True,
    )


def test_rows_never_give_parties_names_or_accounts():
    """Side-by-side blocks share a row: the seller's and the buyer's ids
    would mix, so those come from the plain text only."""
    got = rows.fill(
        ext(invoice_number="A/1"),
        ext(
            seller_vat="PL1111111111",
            buyer_vat="PL5451824119",
            seller_name="Nabywca S.A.",
            seller_iban="PL61109010140000071219812874",
            issue_date="2024-03-01",
        ),
    )
    assert set(got.fields) == {"invoice_number", "issue_date"}


@pytest.mark.parametrize(
    "plain, from_rows, expected",
    [
        # no totals in the plain text: the rows' own (already consistent)
        ({}, {"total_gross": 120.0, "total_net": 100.0, "total_vat": 20.0}, 3),
        # the same gross: net and VAT taken when they add up to it
        ({"total_gross": 120.0}, {"total_gross": 120.0, "total_net": 100.0,
                                  "total_vat": 20.0}, 3),
        # ... not when they do not
        ({"total_gross": 120.0}, {"total_gross": 120.0, "total_net": 90.0,
                                  "total_vat": 20.0}, 1),
        # ... nor a net alone (nothing confirms it)
        ({"total_gross": 120.0}, {"total_gross": 120.0, "total_net": 120.0}, 1),
        # another gross: the rows' totals are of something else
        ({"total_gross": 120.0}, {"total_gross": 150.0, "total_net": 130.0,
                                  "total_vat": 20.0}, 1),
        # the plain text has a net but no gross: no second guess
        ({"total_net": 100.0}, {"total_gross": 120.0, "total_net": 100.0,
                                "total_vat": 20.0}, 1),
    ],
)  # fmt: skip
def test_rows_totals_only_when_they_agree(plain, from_rows, expected):
    got = rows.fill(ext(**plain), ext(**from_rows))
    totals = {k: v.value for k, v in got.fields.items() if k in rows.TOTALS}
    assert len(totals) == expected
    if expected == 3:
        assert totals["total_net"] + totals["total_vat"] == totals["total_gross"]
    for name, value in plain.items():
        assert totals[name] == value


def test_a_due_date_from_rows_before_the_issue_date_is_dropped():
    got = rows.fill(ext(issue_date="2024-03-10"), ext(due_date="2024-03-01"))
    assert got.value("due_date") is None
    assert got.value("issue_date") == "2024-03-10"


def test_layout_text_keeps_a_label_and_its_value_on_one_row():
    data = labels_then_values_pdf()
    plain = pdf.page_texts(data)[0].splitlines()
    assert not any("Due Date:" in x and "Mar 31, 2024" in x for x in plain)
    laid_out = pdf.page_texts(data, layout=True)[0].splitlines()
    assert any("Due Date:" in x and "Mar 31, 2024" in x for x in laid_out)


# Odoo's demo bill INV_1025: values drawn before their labels, and the
# seller's name on the same row as "Date:" (two columns).
INV_1025_PLAIN = """INVOICE
# INV_1025
Azure Interior
3404 Edgewood Road
Aug 13, 2018
Aug 28, 2018
Date:
Due Date:
"""
INV_1025_ROWS = """INVOICE
# INV_1025
Azure Interior                          Date:          Aug 13, 2018
3404 Edgewood Road
United States                       Due Date:          Aug 28, 2018
"""


def test_a_row_shared_by_two_columns_is_read_in_its_cells():
    plain = extract_fields([INV_1025_PLAIN])
    assert plain.value("issue_date") is None
    got = extract_fields([INV_1025_PLAIN], row_pages=lambda: [INV_1025_ROWS])
    assert got.value("issue_date") == "2018-08-13"
    assert got.value("due_date") == "2018-08-28"
    assert rows.cells([INV_1025_ROWS])[0].splitlines()[2:5] == [
        "Azure Interior",
        "Date:",
        "Aug 13, 2018",
    ]
