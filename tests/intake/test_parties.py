"""Seller and buyer VAT ids: blocks, foreign ids, layouts printed from XML.

Layouts are modelled on public invoices of the shared corpus (Odoo's Indian
demo bill, FeRD's ZUGFeRD reference visualisation); ids are public valid
examples or sample ids whose check digits fail."""

from intake.extract import extract_fields

# Odoo's demo bill "INV/2018/0057": the buyer's block, then the seller's
# bank details and GSTIN, and no seller marker at all.
BILL_TO_THEN_BANK = """invoice no.
INV/2018/0057
DATE
09/17/2018
Bill To : Odoo SA
Chaussée de Namur 40
1367 Grand-Rosière
VAT No.: BE0477.472.701
Bank Name : Kotak Mahidra Bank
Account No : 6912130859
IFSC Code : KKBK0003551
GST No.: 24AAHCB6536E1ZV
Subtotal 541.10 €
Total 541.10 €
"""


def fields(text):
    return extract_fields([text]).fields


def test_bank_details_after_the_buyers_id_end_the_buyers_block():
    got = fields(BILL_TO_THEN_BANK)
    assert got["buyer_vat"].value == "BE0477472701"
    # the GSTIN is the payee's, not a second id of the buyer
    assert got["seller_vat"].value == "24AAHCB6536E1ZV"
    assert got["seller_vat"].confidence < 0.8  # no seller marker: "check"


def test_a_buyers_own_bank_account_before_its_id_keeps_the_id_the_buyers():
    # Direct debit: the customer's IBAN printed in the customer's block.
    text = (
        "Rechnung Nr. 4711\nKunde:\nMuster GmbH\n"
        "IBAN: DE89 3704 0044 0532 0130 00\nUSt-IdNr.: DE136695976\n"
    )
    got = fields(text)
    assert got["buyer_vat"].value == "DE136695976"
    assert "seller_vat" not in got


# FeRD's reference stylesheet prints a ZUGFeRD XML; its ids were declared in
# the XML, so one whose check digits fail is what the invoice says.
FERD = """Stylesheet zur Lesbarmachung der XML-Daten von ZUGFeRD 2.0-Rechnungen
Handelsrechnung Nr. TX-471102 vom 30.10.2018
Verkäufer:
Taxiunternehmen TX GmbH
DE 10369 Berlin
USt.-Id.-Nr. : DE123456789
Käufer/Leistungsempfänger:
Taxi-Gast AG Mitte
USt.-Id.-Nr. : GB123456789
Bruttosumme 18,08
"""


def test_declared_layout_keeps_an_id_failing_its_checksum_as_check():
    got = fields(FERD)
    assert got["seller_vat"].value == "DE123456789"
    assert got["seller_vat"].confidence < 0.8
    assert got["buyer_vat"].value == "GB123456789"


def test_outside_a_declared_layout_a_failing_checksum_is_refused():
    got = fields(FERD.split("\n", 1)[1])
    assert "seller_vat" not in got
    assert "buyer_vat" not in got


def test_a_declared_id_of_the_wrong_form_is_refused():
    # one digit short: not a German VAT id at all, declared or not
    got = fields(FERD.replace("DE123456789", "DE12345678"))
    assert "seller_vat" not in got


def test_british_and_greek_vat_ids_are_validated():
    text = "Invoice No: 5\nSupplier:\nAcme Ltd\nVAT No: GB 980 7806 84\n"
    assert fields(text)["seller_vat"].value == "GB980780684"
    assert "seller_vat" not in fields(text.replace("84\n", "85\n"))
    greek = "Invoice No: 5\nSupplier:\nAcme AE\nVAT: EL094259216\n"
    assert fields(greek)["seller_vat"].value == "EL094259216"


def test_the_caller_may_say_the_pages_print_a_structured_invoice():
    # a PDF carrying its Factur-X XML: no heading needed
    plain = FERD.split("\n", 1)[1]
    got = extract_fields([plain], declared=True).fields
    assert got["seller_vat"].value == "DE123456789"


def test_bill_to_read_with_one_l_still_marks_the_buyer_s_block():
    """OCR drops one of a doubled letter ("BIL TO"): the VAT id under it
    is still the buyer's, never the seller's (whose GSTIN OCR lost)."""
    text = """AZURE INTERIOR INVOICE
Azure Interior Solutions Private Limited
Ahmedabad, Gujarat, 382418
BIL TO: Odoo SA
Chaussée de Namur 40
1367 Grand-Rosière
VAT No.: BE0477.472.701
Total 541.10 €
"""
    got = fields(text)
    assert "seller_vat" not in got
    assert got["buyer_vat"].value == "BE0477472701"
