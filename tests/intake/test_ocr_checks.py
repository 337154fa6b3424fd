"""Values read from OCR text pass checks a text layer needs not: what does
not agree with the rest is left empty, never suggested wrong."""

from intake.extract import extract_fields
from intake.invoice import Extraction, Suggestion
from intake.ocr_checks import (
    capital_lookalikes,
    digit_read_as_a_letter,
    i_or_l_unsure,
    legal_form_misread,
    logo_before_name,
    period_dates,
    read_pages,
    trusted,
    web_address_in_name,
    without_end_specks,
)
from intake.readers import read_text


def read(text):
    return trusted(extract_fields([text]))


def test_two_columns_merged_into_the_net_line_leave_net_and_vat_empty():
    # OCR put "Subtotaal" (the gross) on the line of "Exclusief BTW" (net).
    text = """Factuur
Factuurnummer 4466183
Factuurdatum 19 april 2014
Exclusief BTW € 593,36 Subtotaal € 717,97
Totaal € 717,97
"""
    raw = extract_fields([text])
    assert raw.value("total_net") == 717.97, "the readers alone take the wrong one"
    checked = trusted(raw)
    assert checked.value("total_net") is None
    assert checked.value("total_vat") is None
    assert checked.value("total_gross") == 717.97


def test_totals_that_add_up_are_kept():
    text = """Faktura VAT nr FV/12/2026
Data wystawienia: 12.03.2026
Razem netto: 1 000,00 PLN
Razem VAT: 230,00 PLN
Razem brutto: 1 230,00 PLN
"""
    checked = read(text)
    assert checked.value("total_net") == 1000.0
    assert checked.value("total_vat") == 230.0
    assert checked.value("total_gross") == 1230.0


def test_a_weak_gross_nothing_confirms_is_left_empty():
    # A quantity glued to the price as a thousands group: "1 278.61".
    text = """Invoice
Invoice Date: 20-10-2015
Memory card 1 278.61 14.50% 40.39 319.00
Total 1 278.61
"""
    raw = extract_fields([text])
    assert raw.value("total_gross") == 1278.61
    assert raw.fields["total_gross"].confidence < 0.8
    assert trusted(raw).value("total_gross") is None


def suggested(**values):
    return Extraction(
        fields={name: Suggestion(value, 0.9, "line") for name, value in values.items()},
        has_text=True,
    )


def test_due_date_needs_an_issue_date_it_follows():
    # "bis zum 04.03.2014" read as the due date, the issue date not read.
    alone = trusted(suggested(due_date="2014-03-04", invoice_number="00.123"))
    assert alone.value("due_date") is None
    assert alone.value("invoice_number") == "00.123"
    before = trusted(suggested(issue_date="2017-11-03", due_date="2017-10-03"))
    assert before.value("due_date") is None
    after = trusted(suggested(issue_date="2017-11-03", due_date="2017-12-03"))
    assert after.value("due_date") == "2017-12-03"
    far_sale = trusted(suggested(issue_date="2017-11-03", sale_date="2015-01-01"))
    assert far_sale.value("sale_date") is None
    # "20.02.2018" for "20.09.2018": a month misread, seven months before.
    month_off = trusted(suggested(issue_date="2018-09-20", sale_date="2018-02-20"))
    assert month_off.value("sale_date") is None
    weeks = trusted(suggested(issue_date="2022-02-15", sale_date="2022-01-01"))
    assert weeks.value("sale_date") == "2022-01-01"
    # "04.04.2028" for "04.04.2018": a year misread.
    far_due = trusted(suggested(issue_date="2018-03-05", due_date="2028-04-04"))
    assert far_due.value("due_date") is None


def test_polish_company_form_and_number_capitals_tidied():
    text = """Faktura VAT nr Fv2022/02/150
Data wystawienia: 15.02.2022
Sprzedawca: Biuro Podróży ABC sp. Z 0. o.
"""
    checked = read(text)
    assert checked.value("invoice_number") == "FV2022/02/150"
    name = checked.value("seller_name")
    assert name is None or name.endswith("sp. z o. o.")
    for read_as in ("ABC sp. Z 0. o.", "ABC Sp. z o.0.", "ABC sp. z 0. o"):
        weak = Extraction(
            fields={"seller_name": Suggestion(read_as, 0.7, read_as)}, has_text=True
        )
        assert trusted(weak).value("seller_name") in (
            "ABC sp. z o. o.",
            "ABC Sp. z o. o.",
        )


def test_capital_lookalikes():
    assert capital_lookalikes("Fv2022/02/150") == "FV2022/02/150"
    assert capital_lookalikes("FV/1/2026") == "FV/1/2026"
    assert capital_lookalikes("inv-2024-7") == "inv-2024-7", "all small: as read"
    assert capital_lookalikes("Fa/12/rk") == "Fa/12/rk", "other small letters"


def test_text_layer_extraction_is_untouched_when_empty():
    raw = extract_fields([""])
    assert trusted(raw) is raw


def test_i_or_l_in_a_number_of_the_other_case_is_left_empty():
    assert i_or_l_unsure("Ilcdpk88gk-2025-06-24")
    assert i_or_l_unsure("FV/l/2026")
    assert not i_or_l_unsure("FV/1/2026")
    assert i_or_l_unsure("licdpk88gk-2025-06-24"), "ll read as li"
    assert i_or_l_unsure("llcdpk88gk-2025-06-24"), "or li as ll"
    assert i_or_l_unsure("FV/1l/2026")
    assert not i_or_l_unsure("lcdpk88gk-2025-06-24")
    assert not i_or_l_unsure("inv-2024-1")
    assert not i_or_l_unsure("INV-2024-II")
    checked = trusted(suggested(invoice_number="Ilcdpk88gk-2025-06-24"))
    assert checked.value("invoice_number") is None


def test_a_weakly_placed_name_starting_small_is_left_empty():
    # The weakest reading (the first line of a seller's block) once gave the
    # seller as "for details": OCR had brought another column's sentence
    # over. A company's name starts with a capital or a digit.
    def weak(value, confidence=0.6):
        return Extraction(
            fields={"seller_name": Suggestion(value, confidence, value)},
            has_text=True,
        )

    assert trusted(weak("for details")).value("seller_name") is None
    kept = trusted(weak("Taxiunternehmen TX GmbH"))
    assert kept.value("seller_name") == "Taxiunternehmen TX GmbH"
    # Placed by a stronger rule, the spelling is the seller's own.
    assert trusted(weak("eBay GmbH", 0.7)).value("seller_name") == "eBay GmbH"


# The row view of the page (intake/ocr_layout.py): Tesseract read the VAT
# summary column by column, the rows put it back together.
PLAIN_COLUMNS = """Faktura VAT nr FV/21/05/2026
Sprzedawca
NIP: 123-456-32-18
Podsumowanie stawek podatku
Stawka podatku Kwota netto
23% 1 000,00

Kwota podatku
230,00

Kwota brutto
1 230,00
"""
ROWS = """Faktura VAT nr FV/21/05/2026
Sprzedawca   Nabywca
NIP: 123-456-32-18   NIP: 526-025-02-74
Data wystawienia: 12.05.2026
Podsumowanie stawek podatku
Stawka podatku   Kwota netto   Kwota podatku   Kwota brutto
23%   1 000,00   230,00   1 230,00
"""


def test_totals_missing_from_the_text_are_taken_from_rows_that_add_up():
    plain = extract_fields([PLAIN_COLUMNS])
    assert plain.value("total_net") is None, "the columns hide the net"
    checked = trusted(plain, rows=[extract_fields([ROWS])])
    assert checked.value("total_net") == 1000.0
    assert checked.value("total_vat") == 230.0
    assert checked.value("total_gross") == 1230.0
    assert [line.rate for line in checked.tax_lines] == ["23"]
    # Dates the text lacks come from the rows too; the parties never do
    # (there the rows merge the seller's and the buyer's columns).
    assert checked.value("issue_date") == "2026-05-12"
    assert checked.value("seller_vat") == "PL1234563218"
    assert checked.value("buyer_vat") is None


def test_row_totals_that_do_not_add_up_or_disagree_are_not_taken():
    plain = extract_fields([PLAIN_COLUMNS])
    wrong = ROWS.replace("230,00   1 230,00", "230,00   1 280,00")
    assert trusted(plain, rows=[extract_fields([wrong])]).value("total_net") is None
    other_gross = suggested(total_gross=999.0)
    checked = trusted(other_gross, rows=[extract_fields([ROWS])])
    assert checked.value("total_gross") == 999.0
    assert checked.value("total_net") is None


def test_the_cells_of_the_rows_fill_what_the_rows_leave_empty():
    # "Azure Interior   Date:   Aug 13, 2018": the name shares a row with
    # the label, so the row view has no line starting with "Date:"; cut at
    # its column gaps, the label meets its value (as for a text layer).
    plain = suggested(invoice_number="INV_1025")
    row_view = "Azure Interior   Date:   Aug 13, 2018\nDue Date:   Aug 28, 2018\n"
    rows = extract_fields([row_view])
    cells = extract_fields([row_view.replace("   ", "\n")])
    assert rows.value("issue_date") is None
    checked = trusted(plain, rows=[rows, cells])
    assert checked.value("issue_date") == "2018-08-13"
    assert checked.value("due_date") == "2018-08-28"


def test_the_number_and_currency_come_from_the_rows_when_the_text_lacks_them():
    # "invoice no.   DATE" over "INV/2018/0057   09/17/2018" (ocr_layout).
    rows = extract_fields(["invoice no.: INV/2018/0057\nDATE: 09/17/2018\n"])
    checked = trusted(suggested(total_gross=541.1), rows=[rows])
    assert checked.value("invoice_number") == "INV/2018/0057"
    assert checked.value("issue_date") == "2018-09-17"
    # The text's own number stays; a row number passes the same checks.
    own = trusted(suggested(invoice_number="FV/1/2026"), rows=[rows])
    assert own.value("invoice_number") == "FV/1/2026"
    unsure = extract_fields(["Invoice no.: FV/1l/2026\n"])
    assert (
        trusted(suggested(total_gross=1.0), rows=[unsure]).value("invoice_number")
        is None
    )


def test_a_net_equal_to_the_gross_stands_when_no_vat_is_printed():
    # Azure Interior's bill: "Subtotal: $30.00", "Total: $30.00", no tax
    # line anywhere: net = gross is the check net + VAT = gross would be.
    text = "INVOICE\n# INV_1025\nDate: Aug 13, 2018\nSubtotal: $30.00\nTotal: $30.00\n"
    _plain, checked = read_pages([text], [""])
    assert checked.value("total_net") == 30.0
    assert checked.value("total_gross") == 30.0
    # A page printing a VAT amount: net = gross is a column merged into the
    # net's line, not an untaxed bill.
    taxed = text.replace("Total:", "VAT 21%: $6.30\nTotal:")
    _plain, checked = read_pages([taxed], [""])
    assert checked.value("total_net") is None


def test_row_dates_come_all_together_with_their_issue_date():
    # The text's only date was under the wrong label: with the rows' issue
    # date it would pass the due-date check, so the rows' dates replace it.
    plain = suggested(due_date="2017-11-03")
    rows = suggested(issue_date="2017-11-03")
    checked = trusted(plain, rows=[rows])
    assert checked.value("issue_date") == "2017-11-03"
    assert checked.value("due_date") is None
    # The same issue date in both: the rows fill the text's gaps.
    plain = suggested(issue_date="2017-11-03")
    rows = suggested(issue_date="2017-11-03", due_date="2017-12-03")
    assert trusted(plain, rows=[rows]).value("due_date") == "2017-12-03"
    # Another issue date in the rows: they add nothing to the dates.
    rows = suggested(issue_date="2017-11-04", due_date="2017-12-03")
    assert trusted(plain, rows=[rows]).value("due_date") is None


def test_a_name_after_a_logo_read_as_letters_is_left_empty():
    assert logo_before_name("NZ Au bon moulin SARL")
    assert logo_before_name("© Coolblue B.V.")
    assert not logo_before_name("Au bon moulin SARL")
    assert not logo_before_name("Coolblue B.V.")
    assert not logo_before_name("ABC AGD sp. z o. o.")
    logo = Extraction(
        fields={"seller_name": Suggestion("NÓ Au bon moulin SARL", 0.7, "line")},
        has_text=True,
    )
    assert trusted(logo).value("seller_name") is None


def test_vat_ids_under_the_other_party_s_column_leave_the_parties_empty():
    read = suggested(
        seller_vat="PL5260250274", buyer_vat="PL1234563218", seller_name="Test S.A."
    )
    columns = {"5260250274": "buyer", "1234563218": "seller"}

    def column_of(_page, value):
        return columns.get(value[2:])

    checked = trusted(read, column_of=column_of)
    assert checked.value("seller_vat") is None
    assert checked.value("buyer_vat") is None
    assert checked.value("seller_name") is None
    right = suggested(seller_vat="PL1234563218", buyer_vat="PL5260250274")
    assert trusted(right, column_of=column_of).value("seller_vat") == "PL1234563218"
    unknown = trusted(read, column_of=lambda _page, _value: None)
    assert unknown.value("seller_vat") == "PL5260250274", "no columns: as read"


def test_a_buyer_vat_id_needs_the_seller_s_next_to_it():
    # The seller's id misread in its block, printed again in the footer
    # after the buyer's block: the readers take it for the buyer's.
    lone = trusted(suggested(buyer_vat="DE136695976", invoice_number="9314"))
    assert lone.value("buyer_vat") is None
    assert lone.value("invoice_number") == "9314"
    both = trusted(suggested(seller_vat="PL1234563218", buyer_vat="PL5260250274"))
    assert both.value("buyer_vat") == "PL5260250274"


def test_a_vat_id_whose_check_digits_fail_is_left_empty():
    # A KSeF layout keeps a declared id whatever its check digits; from a
    # photo, "PL1171111111" is "PL1111111111" with a 1 misread.
    text = """Krajowy System e-Faktur
Sprzedawca
NIP: 5260250274
Nabywca
NIP: 1171111111
Numer Faktury: FV/1/2026
Kwota należności ogółem: 1 230,00 PLN
"""
    raw = extract_fields([text])
    assert raw.value("buyer_vat") == "PL1171111111", "the layout's reading"
    checked = trusted(raw)
    assert checked.value("buyer_vat") is None
    assert checked.value("buyer_nip_digits") is None
    assert checked.value("seller_vat") == "PL5260250274"


def test_a_dollar_or_pound_sign_needs_an_amount_next_to_it():
    # "&" read as "£", "S" read as "$"; no other currency on the page.
    pound = read("""Rechnung 4711
Metallbau Leipzig GmbH £ Co. KG
Metallbau Leipzig GmbH £ Co. KG
Gesamtbetrag 2 000,00
""")
    assert pound.value("currency") is None
    dollar = read("""Invoice 4711
Total 12.00
Account: $132415345
""")
    assert dollar.value("currency") is None
    amount = read("""Invoice 4711
Items $10.00
Paid $2.00
""")
    assert amount.value("currency") == "USD"
    euro = read("""Rechnung 4711
Deckung 100 Mio. € pauschal
Haftung 12 Mio. € pro Person
""")
    assert euro.value("currency") == "EUR", "a euro sign is not a lookalike"
    logo = read("""Tax Invoice 4711
EUR z
Grand Total 319.00
""")
    assert logo.value("currency") is None, "a code seen once by no amount"
    once = read("""Rechnung 4711
Steuerbetrag in EUR 54,44
""")
    assert once.value("currency") == "EUR"


def test_a_company_form_cut_or_one_letter_off_leaves_the_name_empty():
    assert legal_form_misread("Verkehrsbetriebe Gmby")
    assert legal_form_misread("Taxiunternehmen TX GmbR")
    assert legal_form_misread("ABC Developex sp")
    assert not legal_form_misread("Lieferant GmbH")
    assert not legal_form_misread("ABC Developex sp. z o. o.")
    assert not legal_form_misread("Au bon moulin SARL")
    assert not legal_form_misread("Coolblue B.V.")
    name = Extraction(
        fields={"seller_name": Suggestion("Verkehrsbetriebe Gmby", 0.7, "line")},
        has_text=True,
    )
    assert trusted(name).value("seller_name") is None


def test_a_digit_read_as_a_small_letter_leaves_the_number_empty():
    assert digit_read_as_a_letter("E2018092011g04")
    assert digit_read_as_a_letter("E2018092011gg4")
    assert not digit_read_as_a_letter("FV2022/02/150")
    assert not digit_read_as_a_letter("INV/2023/03/0008")
    assert not digit_read_as_a_letter("R18-31")
    assert not digit_read_as_a_letter("2022a/01b"), "small letters of its own"
    assert (
        trusted(suggested(invoice_number="E2018092011g04")).value("invoice_number")
        is None
    )


def test_an_invoice_number_read_as_a_part_of_a_word_is_left_empty():
    number = suggested(invoice_number="22/02/150", issue_date="2022-02-15")
    checked = trusted(number, cut=lambda _page, value: value == "22/02/150")
    assert checked.value("invoice_number") is None
    assert checked.value("issue_date") == "2022-02-15"
    whole = trusted(number, cut=lambda _page, _value: False)
    assert whole.value("invoice_number") == "22/02/150"


def test_a_lone_seller_id_on_a_line_of_two_columns_is_left_empty():
    # "Sprzedawca" misread, both parties' lines merged: the seller's NIP
    # misread, the buyer's taken as the lone labelled id.
    text = """Faktura FV/1/2026
Sprzedawe, Sy Nabywca
NIP: 99995956, ce NIP: 5260250274
Razem brutto: 1 230,00 PLN
"""
    raw = extract_fields([text])
    assert raw.value("seller_vat") == "PL5260250274", "the readers' lone id"
    assert trusted(raw).value("seller_vat") is None
    alone = extract_fields(["Faktura FV/1/2026\nNIP: 5260250274\n"])
    assert trusted(alone).value("seller_vat") == "PL5260250274"
    # Where the page's word boxes place it under the seller's column
    # header, the id is the seller's whatever the text merged.
    placed = trusted(raw, column_of=lambda _page, _value: "seller")
    assert placed.value("seller_vat") == "PL5260250274"
    other = trusted(raw, column_of=lambda _page, _value: "buyer")
    assert other.value("seller_vat") is None


def test_the_seller_id_of_the_columns_view_fills_a_merged_line():
    # "NIP: 9999999999 NIP: 1111711111": the readers take no seller id from
    # the merged line; the page read column by column has it.
    plain = suggested(invoice_number="FV2022/02/150")
    columns = suggested(seller_vat="PL1234563218")
    misread = suggested(seller_vat="PL1234563219")  # check digits fail

    def column_of(_page, value):
        return {"PL1234563218": "seller", "PL1234563219": "seller"}.get(value)

    filled = trusted(plain, rows=[columns], column_of=column_of)
    assert filled.value("seller_vat") == "PL1234563218"
    assert (
        trusted(plain, rows=[misread], column_of=column_of).value("seller_vat") is None
    )
    unplaced = trusted(plain, rows=[columns], column_of=lambda _p, _v: None)
    assert unplaced.value("seller_vat") is None
    under_buyer = trusted(plain, rows=[columns], column_of=lambda _p, _v: "buyer")
    assert under_buyer.value("seller_vat") is None


def test_a_name_ending_in_a_short_fragment_is_left_empty():
    # Faded print after "Biuro Pod" of "Biuro Podróży ABC sp. z o. o.".
    cut = trusted(suggested(seller_name="Biuro Pod", invoice_number="FV/1"))
    assert cut.value("seller_name") is None
    assert cut.value("invoice_number") == "FV/1"
    for whole in ("Amazon Web Services, Inc", "Acme Co", "Jan Kowalski", "ABC SA"):
        assert trusted(suggested(seller_name=whole)).value("seller_name") == whole


def test_a_gross_another_total_line_contradicts_is_left_empty():
    # augraphy's photo of the AWS invoice: "$4.11" read "$4.44" on the line
    # the readers take the gross from; the amount-due line says $4.11.
    page = """Amazon Web Services Invoice
Invoice Number: 42183017
Invoice Date: August 3 , 2014
TOTAL AMOUNT DUE ON August 3 , 2014 $4.11
Summary
Charges $4.14
Tax * $0.00
Total for this invoice {total}
"""
    misread = read_pages([page.format(total="$4.44")], [""])[1]
    assert misread.value("total_gross") is None
    assert misread.value("invoice_number") == "42183017"
    agreeing = read_pages([page.format(total="$4.11")], [""])[1]
    assert agreeing.value("total_gross") == 4.11


def test_a_total_row_of_several_amounts_does_not_contradict_the_gross():
    # Columns merged on the total's row ("Total facture 24.99 5.00 29 0"):
    # which amount is the total cannot be told, so it says nothing.
    page = """Facture N° 2021-0001
Date de facture : 15/03/2021
Total facture 24.99 5.00 29 0
Total TTC 29,99 €
"""
    raw, checked = read_pages([page], [""])
    assert raw.value("total_gross") == 29.99
    assert checked.value("total_gross") == 29.99
    contradicted = read_pages([page + "Total à payer 29,90 €\n"], [""])[1]
    assert contradicted.value("total_gross") is None


def test_totals_per_rate_and_sub_totals_do_not_contradict_the_gross():
    # SROIE 010: a shop's cash invoice prints its totals per GST rate before
    # the total payable; those are other amounts, not the total misread.
    page = """Cash Inv No.: 7016F714
Date: 02/01/2018
Total 0% supplies: 25.96
Total 6% supplies (excl. GST): 15.36
GST: 0.93
Total 6% supplies (Inc. GST): 16.29
Total Payable: 42.25
"""
    raw, checked = read_pages([page], [""])
    assert raw.value("total_gross") == 42.25
    assert checked.value("total_gross") == 42.25


def test_a_till_receipt_s_sub_total_and_rounding_keep_its_total():
    # A till receipt's total is the one its payment confirms; its sub-total
    # before rounding is another total line, by design a cent away.
    page = """SUPERMARKET SDN BHD
Cashier: 01
Sub Total 12.47
Rounding Adj 0.03
Total 12.50
CASH 20.00
CHANGE 7.50
"""
    raw, checked = read_pages([page], [""])
    assert raw.value("total_gross") == 12.50
    assert checked.value("total_gross") == 12.50


def test_an_issue_date_other_than_the_ksef_link_s_is_left_empty():
    # The verification link under a KSeF invoice's QR code carries its
    # issue date: "27.07.2022" is OCR's "27.01.2022".
    page = """Faktura VAT nr FV2022/02/150
Data wystawienia: {issued}
Termin płatności: 10.02.2022
https://qr.ksef.mf.gov.pl/invoice/0101010101/27-01-2022/Uhh1P4AO0CAqBJJSRXUSJ
"""
    misread = read_pages([page.format(issued="27.07.2022")], [""])[1]
    assert misread.value("issue_date") is None
    assert misread.value("due_date") is None, "checked against no issue date"
    assert misread.value("invoice_number") == "FV2022/02/150"
    right = read_pages([page.format(issued="27.01.2022")], [""])[1]
    assert right.value("issue_date") == "2022-01-27"
    assert right.value("due_date") == "2022-02-10"


def test_a_currency_sign_against_the_currency_named_in_words_is_left_empty():
    # "₹135.01" read "€135.01"; the amount in words names the rupee.
    page = """TAX INVOICE
# : INV-000007
Invoice Date : 11/12/2023
Total {sign}135.01
Balance Due {sign}135.01
Indian Rupee One Hundred Thirty-Five and One Paise Only
"""
    misread = read_pages([page.format(sign="€")], [""])
    assert misread[0].value("currency") == "EUR", "the readers take the sign"
    assert misread[1].value("currency") is None
    assert misread[1].value("invoice_number") == "INV-000007"
    right = read_pages([page.format(sign="₹")], [""])[1]
    assert right.value("currency") == "INR"


def test_a_weak_gross_two_total_lines_agree_on_stands():
    # "Total" alone is a weak label from OCR; "Balance Due" ending with the
    # same amount is a second reading of it.
    page = """TAX INVOICE
# : INV-000007
Invoice Date : 11/12/2023
Blanket 1.00 135.01
Total 135.01
{balance}
"""
    agreed = read_pages([page.format(balance="Balance Due 135.01")], [""])
    assert agreed[0].fields["total_gross"].confidence < 0.8
    assert agreed[1].value("total_gross") == 135.01
    alone = read_pages([page.format(balance="Thanks for your business.")], [""])
    assert alone[1].value("total_gross") is None


def test_a_currency_sign_read_as_a_digit_on_both_total_lines_is_no_agreement():
    # "₹135.01" read "2135.01" on the total's line and the balance's alike;
    # the items print 135.01: the same misread twice, not two readings.
    page = """TAX INVOICE
# : INV-000007
Invoice Date : 11/12/2023
Blanket 1.00 135.01
Total 2135.01
Balance Due 2135.01
"""
    raw, checked = read_pages([page], [""])
    assert raw.value("total_gross") == 2135.01
    assert checked.value("total_gross") is None
    assert checked.value("invoice_number") == "INV-000007"


def test_a_gross_under_its_net_and_vat_stands_whatever_ocr_made_of_its_label():
    # Paper texture ate the first letters: "Bruttosumme" -> "pruttosumne".
    page = """Handelsrechnung
Rechnungssumme ohne USt. 286,52
gteuerbetrag in EUR 54,44
pruttosumne 340,96
Bankverbindung
"""
    raw, checked = read_pages([page], [""])
    assert raw.value("total_gross") is None
    assert checked.value("total_gross") == 340.96


def test_amounts_adding_up_with_no_tax_on_their_lines_are_no_gross_alone():
    # Three amounts adding up, but nothing says a tax is among them (a
    # shipping line?) and no total label was read: left empty.
    page = """Packing list
Goods 120.00
Shipping 7.35
Sum 127.35
"""
    assert read_pages([page], [""])[1].value("total_gross") is None


def test_a_weak_gross_the_column_above_adds_up_to_stands():
    # Labels and values in two columns: "Subtotal", "Tax", "Total" came out
    # apart from "$120.00", "$7.50", "$127.50"; "Balance Due" is a weak
    # label from OCR (0.75) that the column's sum confirms.
    page = """INVOICE
Balance Due: $127.50
Service A 12 $10.00
{amounts}
"""
    column = "$120.00\n$7.50\n$127.50\n$0.00\n$127.50"
    raw, checked = read_pages([page.format(amounts=column)], [""])
    assert raw.fields["total_gross"].confidence < 0.8
    assert checked.value("total_gross") == 127.5
    lone = read_pages([page.format(amounts="$120.00\n$127.50")], [""])[1]
    assert lone.value("total_gross") is None


def test_a_weak_gross_the_vat_summary_rows_add_up_to_stands():
    # Each row's VAT is its net times its rate to the cent: the rows are a
    # VAT summary even where OCR lost its heading and brackets.
    page = """Invoice # RE-20201121/508 issued at 2020-11-21
Net total: 496.00 €
[7% 160.00 € [11.20 €
19% 336.00 € {vat} €
a TOS
Due payable: 571.04 €
"""
    raw, checked = read_pages([page.format(vat="63.84")], [""])
    assert raw.fields["total_gross"].confidence < 0.8
    assert checked.value("total_gross") == 571.04
    # a VAT that is not its net times its rate: no summary, nothing confirmed
    assert read_pages([page.format(vat="68.34")], [""])[1].value("total_gross") is None


def test_a_rate_s_own_total_is_not_taken_for_the_invoice_s():
    # Net, VAT and gross of one rate add up; the invoice's total (larger)
    # is printed under a label OCR garbled: no gross rather than the rate's.
    page = """Rechnung
Netto 19% 100,00
MwSt 19% 19,00
Brutto 19% 119,00
Netto 7% 50,00
MwSt 7% 3,50
pesamtbetrqg 172,50
"""
    assert read_pages([page], [""])[1].value("total_gross") is None


KSEF_PAGE = """Krajowy System e-Faktur
Numer Faktury:
FV2022/02/150
Data wystawję, eni pie art. 106na ust. 1 ustawy: {issue} Miejsce wystawienia: Warszawa
Data dokonania lub zakończenia dostawy towarów lub wykonania usługi:
{sale}
Kwota należności ogółem: 2 760,00 PLN
https://qr.ksef.mf.gov.pl/invoice/0101010101/{link}/Uhh1P4AO0CAqBJJSRXUSJabSU5Jo0z
"""


def test_a_ksef_link_s_date_the_page_prints_too_is_the_issue_date():
    # The label was garbled ("wystawję, eni pie"), so the readers have no
    # issue date; the verification link's path carries it, and the page
    # prints the same date: two readings agreeing.
    page = KSEF_PAGE.format(issue="15.03.2022", sale="", link="15-03-2022")
    raw, checked = read_pages([page], [""])
    assert raw.value("issue_date") is None
    assert checked.value("issue_date") == "2022-03-15"
    # the issue date misread on its line, the sale date the same day as the
    # link's: the misread goes, the link's date stands
    page = KSEF_PAGE.format(
        issue="Data wystawienia: 27.07.2022", sale="27.01.2022", link="27-01-2022"
    )
    assert read_pages([page], [""])[1].value("issue_date") == "2022-01-27"


def test_a_ksef_link_s_date_the_page_does_not_print_is_not_taken():
    # The link alone is one OCR reading: a digit misread in it is not caught.
    page = KSEF_PAGE.format(issue="", sale="", link="15-03-2022")
    assert read_pages([page], [""])[1].value("issue_date") is None


def test_a_thin_glyph_after_a_label_leaves_its_value_on_the_next_line():
    # A table's rule read as "j" after "DATE", "i" after "Numer Faktury:":
    # the label looked as if it carried its value, and the value below was
    # not taken.
    dated = """INVOICE
DATE j
09/17/2018
Order placed 09/10/2018
"""
    assert read_text([dated]).value("issue_date") is None
    assert read_text([without_end_specks(dated)]).value("issue_date") == "2018-09-17"
    numbered = """Krajowy System e-Faktur
Numer Faktury: i
: FM2022/02/150
"""
    assert read_text([numbered]).value("invoice_number") is None
    fixed = read_text([without_end_specks(numbered)])
    assert fixed.value("invoice_number") == "FM2022/02/150"
    # a letter that is a word's own stays
    assert without_end_specks("Apartment 5 i\nBlock A") == "Apartment 5 i\nBlock A"
    assert without_end_specks("Vitamin C") == "Vitamin C"


def test_a_till_receipt_s_total_before_rounding_is_not_confirmed_by_its_gst():
    # The GST summary's row adds up to the total before rounding; the till's
    # total is the rounded one (its amount lost by OCR here): the sum of a
    # till's lines confirms nothing (readers/receipts.py reads tills).
    page = """STATIONERY SHOP
GST ID No: 001531760640
TAX INVOICE
CASH SALES COUNTER
1 X 2.0000 SR
Total Sales Inclusive GST @6%
Total 10.89
Round Adj
FinalTotal =
CASH
CHANGE
GST Summary Amount(RM) Tax(RM)
SR 6% 10.27 0.62
"""
    assert read_pages([page], [""])[1].value("total_gross") is None


ROUNDED_BILL = """RESTORAN SELERA KITA
Nasi Lemak 2 12.00 24.00
Subtotal : 25.94
10% Srv Chg: 2.59
GST 06% 1.71
Total: 30.24
Rounding: 0.01
Amount Due 30.25
THANK YOU
"""


def test_the_total_before_a_rounding_step_is_no_other_reading_of_the_total():
    checked = read_pages([ROUNDED_BILL], [""])[1]
    assert checked.value("total_gross") == 30.25
    # without the rounding line, 30.24 may be 30.25 read otherwise
    text = ROUNDED_BILL.replace("Rounding: 0.01\n", "")
    assert read_pages([text], [""])[1].value("total_gross") is None


def test_net_vat_and_a_rounding_step_confirm_the_total_under_them():
    text = """KEDAI MAKAN SEDAP
Mee Goreng 2 6.00 12.00
Subtotal (3) 36.20
GST (6%) 2.17
Rounding -0.02
Total 38.35
GST Summary Amount Tax
"""
    assert read_pages([text], [""])[1].value("total_gross") == 38.35
    # a step that does not lead to the total confirms nothing
    text = text.replace("Rounding -0.02", "Rounding -0.03")
    assert read_pages([text], [""])[1].value("total_gross") is None


DISPUTED_TILL = """KEDAI MAKANAN SEGERA
Cashier: AMIN
Burger Set 2 23.00 46.00
Eat-In Total (incl GST) 47.15
Cash 100.00
Change 52.85
"""


def test_a_total_the_payment_less_the_change_gives_stands_against_a_second_reading():
    checked = read_pages([DISPUTED_TILL], ["tsv"], doubtful=["total_gross"])[1]
    assert checked.value("total_gross") == 47.15
    # two total lines agreeing, no change printed: read, but the second
    # reading's doubt leaves it empty
    text = DISPUTED_TILL.replace("Change 52.85\n", "").replace(
        "Cash 100.00", "Nett Total 47.15\nCash 100.00"
    )
    assert read_pages([text], ["tsv"])[1].value("total_gross") == 47.15
    checked = read_pages([text], ["tsv"], doubtful=["total_gross"])[1]
    assert checked.value("total_gross") is None


def test_a_name_with_a_web_address_is_left_empty():
    assert web_address_in_name("y Pino Bluebird wWww.tabletcenter.nt")
    assert web_address_in_name("Azure Interior https://azure.example")
    assert web_address_in_name("Sammy smaystone4@fake.com Maystone")
    assert not web_address_in_name("Coolblue B.V.")
    assert not web_address_in_name("ABC Developex sp. z o. o.")
    merged = Extraction(
        fields={
            "seller_name": Suggestion("y Pino Bluebird wWww.tabletcenter.nt", 0.7, "l")
        },
        has_text=True,
    )
    assert trusted(merged).value("seller_name") is None


def test_a_date_printed_only_in_a_period_is_no_issue_date_from_the_rows():
    text = """Data wystawienia, z zastrzezeniem art. 106na
Data dokonania lub zakonczenia dostawy towarow
od 01.01.2022 do 01.01.2022
Okres: 01.07.2014 - 31.07.2014
Termin platnosci 15.03.2022"""
    assert period_dates([text]) == {"2022-01-01", "2014-07-01", "2014-07-31"}
    # printed once alone too: a date like any other
    assert period_dates([text + "\nData: 01.01.2022"]) == {"2014-07-01", "2014-07-31"}
    # the columns view joined a bare "Data" to another line's period
    rows = suggested(issue_date="2022-01-01")
    checked = trusted(suggested(), rows=[rows], periods=period_dates([text]))
    assert checked.value("issue_date") is None
    assert trusted(suggested(), rows=[rows]).value("issue_date") == "2022-01-01"
