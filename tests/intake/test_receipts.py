"""Till receipts: Polish fiscal receipts and foreign till receipts read as
such (readers/receipts.py), and what must not change for invoices."""

from decimal import Decimal

from intake import invoice
from intake.readers import read_text
from intake.readers.base import prepare_lines
from intake.readers.receipts import amount_readings, loose_total, till_evidence

PARAGON = """JERONIMO MARTINS POLSKA S.A.
Sklep 1234, ul. Żniwna 5
62-025 Kostrzyn
NIP 779-10-11-327
2026-03-14 nr wydr. 123456
PARAGON FISKALNY
Mleko 2% 1L 2 x 3,49 6,98 B
Chleb pszenny 1 x 4,99 4,99 B
Piwo jasne 2 x 5,00 10,00 A
Sprzedaż opodatkowana A 10,00
PTU A 23,00 % 1,87
Sprzedaż opodatkowana B 11,97
PTU B 8,00 % 0,89
SUMA PTU 2,76
SUMA PLN 21,97
00123 #Kasa 3 Kasjer nr 12 14:32
Gotówka 50,00
Reszta 28,03
"""


def test_polish_fiscal_receipt_is_read_as_a_receipt_with_vat_per_letter():
    result = read_text([PARAGON])
    assert result.kind == "receipt"
    assert result.kind_reason == "title:PARAGON FISKALNY"
    assert result.value("seller_vat") == "PL7791011327"
    assert result.value("issue_date") == "2026-03-14"
    assert result.value("total_gross") == 21.97
    assert result.value("total_vat") == 2.76
    assert result.value("total_net") == 19.21
    assert result.value("currency") == "PLN"
    assert result.tax_lines == [
        invoice.TaxLine("23", 8.13, 1.87),
        invoice.TaxLine("8", 11.08, 0.89),
    ]


def test_receipt_with_the_buyers_nip_up_to_450_pln_is_a_simplified_invoice():
    text = PARAGON.replace("SUMA PLN", "NIP nabywcy: 123-456-32-18\nSUMA PLN")
    result = read_text([text])
    assert result.kind == "receipt"
    assert result.kind_reason == "simplified_invoice:PL1234563218"
    assert result.value("seller_vat") == "PL7791011327"
    assert result.value("buyer_vat") == "PL1234563218"


def test_receipt_with_the_buyers_nip_above_450_pln_is_no_simplified_invoice():
    text = (
        PARAGON.replace("21,97", "521,97")
        .replace("Gotówka 50,00", "Karta 521,97")
        .replace("Reszta 28,03\n", "")
        .replace("SUMA PLN", "NIP nabywcy: 123-456-32-18\nSUMA PLN")
    )
    result = read_text([text])
    assert result.value("total_gross") == 521.97
    assert result.kind_reason == "title:PARAGON FISKALNY"
    assert result.tax_lines == []  # the PTU table no longer adds up to the sum


def test_ptu_table_that_does_not_add_up_gives_no_vat_per_letter():
    text = PARAGON.replace("PTU B 8,00 % 0,89", "PTU B 8,00 % 0,98").replace(
        "SUMA PTU 2,76", "SUMA PTU 2,85"
    )
    result = read_text([text])
    assert result.value("total_gross") == 21.97
    assert result.tax_lines == []


def test_exempt_letter_has_no_vat():
    text = (
        PARAGON.replace(
            "SUMA PTU 2,76",
            "Sprzedaż zwolniona E 3,00\nSUMA PTU 2,76",
        )
        .replace("21,97", "24,97")
        .replace("28,03", "25,03")
    )
    result = read_text([text])
    assert result.value("total_gross") == 24.97
    assert invoice.TaxLine(invoice.EXEMPT, 3.0, 0.0) in result.tax_lines


def test_total_not_confirmed_by_the_payment_stays_empty():
    text = PARAGON.replace("Reszta 28,03", "Reszta 20,00")
    assert read_text([text]).value("total_gross") is None


KASSENBON = """Bäckerei Müller GmbH
Hauptstraße 1, 10115 Berlin
Kassenbon
Brezel 2 x 0,90 1,80 A
Kaffee 2,60 B
Summe EUR 4,40
Bar 10,00
Rückgeld 5,60
MwSt 19% 0,42
MwSt 7% 0,12
Kasse 2 Bon-Nr. 4711 05.03.2026 08:12
"""


def test_german_till_receipt_total_and_date():
    result = read_text([KASSENBON])
    assert result.kind == "receipt"
    assert result.value("total_gross") == 4.40
    assert result.value("issue_date") == "2026-03-05"


SROIE_LIKE = """KEDAI RUNCIT ABC SDN BHD
GST ID : 000123456789
TAX INVOICE
DOC NO. : CS00013065 DATE: 05/01/17
CASHIER : USER
ITEM QTY S/PRICE AMOUNT TAX
TOTAL QTY: 2 8.96
TOTAL SALES (EXCLUDING GST) : 8.45
TOTAL GST : 0.51
TOTAL SALES (INCLUSIVE OF GST) : 8.96
ROUNDING ADJ -0.01
TOTAL AFTER ADJ INCL GST 8.95
CASH 50.00
CHANGE 41.05
GST SUMMARY
TOTAL: 8.45 0.51
"""


def test_english_till_receipt_rounded_total_and_short_year_date():
    result = read_text([SROIE_LIKE])
    assert result.value("total_gross") == 8.95
    assert result.value("issue_date") == "2017-01-05"


def test_rounding_without_the_rounded_total_leaves_the_total_empty():
    text = SROIE_LIKE.replace("TOTAL AFTER ADJ INCL GST 8.95\n", "").replace(
        "CASH 50.00\nCHANGE 41.05\n", ""
    )
    assert read_text([text]).value("total_gross") is None


# OCR of a Malaysian till receipt (SROIE 016): no total line reads as one
# ("Inc] GST" leaves a GST word, "Adi" is no "Adj"), the payment confirms
# the amount the total lines end in.
MISREAD_TOTALS = """AEON CO. (M) BHD
Sub-total 65.10
Total Sales Inc] GST 65.10
Total After Adi Ie] GST 65.10
CASH 70.10
Item Count 12 Change Amt 5.00
GST Summary Amount Tax
Total 61.46 3.64
"""


def test_total_lines_misread_still_give_the_total_the_payment_confirms():
    result = read_text([MISREAD_TOTALS])
    assert result.kind == "receipt"
    assert result.value("total_gross") == 65.10


def test_a_payment_misread_as_the_total_is_not_taken_against_the_rounding():
    """SROIE 126: "79.45" read "19.45" both on the total line and on the
    card's: the rounding printed (79.44 + 0.01) says it is not the total."""
    text = """AEON CO. (M) BHD
Sub-total 79.44
Total Sales Inc) GST 798.44
Rounding Adj 0.01
Total After Adj Inc] GST 19.45
VISA 19.45
Item Count 9 Change Amt 0.00
"""
    assert read_text([text]).value("total_gross") is None
    right = text.replace("19.45", "79.45")
    assert read_text([right]).value("total_gross") == 79.45


def test_total_labels_with_the_currency_or_the_rate_between_the_words():
    """SROIE 062, 121: "TOTAL RM INCL. OF GST", "TOTAL SALES INCLUSIVE GST
    6%" are the total; "TOTAL QTY" and the GST summary's "TOTAL" are not."""
    text = """KEDAI RUNCIT ABC SDN BHD
CASHIER : USER
TOTAL QTY: 2
TOTAL ROUNDING: 0.00
TOTAL SALES INCLUSIVE GST 6%: 23.00
CODE GST% AMOUNT(RM) TAX(RM)
SR 6% 21.70 1.30
"""
    assert read_text([text]).value("total_gross") == 23.00
    text = text.replace(
        "TOTAL SALES INCLUSIVE GST 6%: 23.00", "TOTAL RM INCL. OF GST 23.00"
    )
    assert read_text([text]).value("total_gross") == 23.00


def test_invoice_with_a_card_payment_note_is_no_till_receipt():
    text = """Faktura VAT nr FV/1/2026
Data wystawienia: 12.03.2026
Sprzedawca: Hurtownia Nowak S.A.
NIP: 1234563218
Razem do zapłaty: 1 230,00 PLN
Forma płatności: karta 1 230,00
"""
    lines = prepare_lines([text])
    assert till_evidence(lines) is None
    result = read_text([text])
    assert result.kind == "invoice"
    assert result.value("total_gross") == 1230.0


def test_amount_readings():
    assert amount_readings(" : 16,97") == [amount_readings("16,97")[0]]
    assert [str(x) for x in amount_readings("RM 8.95")] == ["8.95"]
    assert [str(x) for x in amount_readings(" 60 119.57")] == ["60119.57", "119.57"]
    assert amount_readings("96.00 5.76") == []  # a table row
    assert amount_readings("GST 5.76") == []
    assert [str(x) for x in amount_readings(" RM .00")] == ["0.00"]
    assert [str(x) for x in amount_readings(" RM42. 88")] == ["42.88"]  # OCR split


def test_total_word_misread_is_taken_only_with_the_payment_confirming_it():
    """SROIE 009: OCR read "TOfAL INCL. GSTG6X RM 30.90"; the cash less the
    change (50.90 - 20.00) confirms the amount; without the change it does
    not, and the misread word is not a total label then."""
    text = """KEDAI ABC SDN BHD
TOfAL INCL. GSTG6X RM 30.90
CASH RM 50.90
CHANGE RM 20.00
"""
    assert read_text([text]).value("total_gross") == 30.90
    unconfirmed = text.replace("CHANGE RM 20.00", "CHANGE RM 10.00")
    assert read_text([unconfirmed]).value("total_gross") is None


def test_total_paid_exactly_by_card_makes_a_till_receipt():
    """SROIE 039: only the card pays the total ("TOTAL (GST INCL) 22.45 /
    Visa Card 22.45") on a page with a till's words of two kinds (the
    rounding line misread: "ADJUSTKENTS"): a till receipt with its total;
    the same amounts with no other till word are not."""
    text = """KEDAI ABC SDN BHD
SUBTOTAL 22.44
ROUNDING ADJUSTKENTS 0.01
TOTAL (GST INCL) 22.45
Visa Card 22.45
"""
    result = read_text([text])
    assert till_evidence(prepare_lines([text])) == "TOTAL (GST INCL) 22.45"
    assert result.value("total_gross") == 22.45
    other = text.replace("Visa Card 22.45", "Visa Card 20.45")
    assert till_evidence(prepare_lines([other])) is None
    alone = text.replace("ROUNDING ADJUSTKENTS 0.01\n", "")
    assert till_evidence(prepare_lines([alone])) is None


def test_loose_total_is_the_one_amount_of_the_total_lines():
    """What one OCR reading says unconfirmed (taken only when a second
    reading agrees, ocr_reread.read_twice): the total lines' one amount,
    the word TOTAL misread too; none when they give two."""
    text = """KEDAI ABC SDN BHD
SUB-TOTAL 30.00
T0TAL RM 30. 90
CASH
"""
    lines = prepare_lines([text])
    assert str(loose_total(lines)) == "30.90"
    two = prepare_lines([text + "NETT TOTAL 31.90\n"])
    assert loose_total(two) is None
    assert loose_total(prepare_lines(["TOTAL QTY 3\nCASH 9.00\n"])) is None


# A rounding applied to the cash only (SROIE 031): the total line is the
# total, the rounding step leads from it to the amount paid.
ROUNDED_CASH = """KEDAI RUNCIT MAJU
GST ID : 000517095424
25/04/2018 CASHIER 01
S RM7.00
S RM35.88
GST TA AMT RM40.45
GST 6% RM2.43
TOTAL RM42.88
ROUNDING RM0.02
CASH RM42.90
"""


def test_total_confirmed_by_the_rounding_step_to_the_amount_paid():
    result = read_text([ROUNDED_CASH])
    assert result.kind == "receipt"
    assert result.value("total_gross") == 42.88


def test_rounding_step_that_does_not_lead_to_the_payment_confirms_nothing():
    text = ROUNDED_CASH.replace("CASH RM42.90", "CASH RM42.95")
    assert read_text([text]).value("total_gross") is None


def test_rounded_total_printed_after_the_rounding_is_the_total():
    # SROIE 080: the rounded total's label box was lost, its amount printed
    text = ROUNDED_CASH.replace("ROUNDING RM0.02\n", "ROUNDING RM0.02\n42.90\n")
    assert read_text([text]).value("total_gross") == 42.90


def test_rounded_total_printed_but_unreadable_leaves_the_total_empty():
    # a total line after the rounding line, its amount unreadable
    text = ROUNDED_CASH.replace(
        "ROUNDING RM0.02\n", "ROUNDING RM0.02\nTotal RM 4?.9o\n"
    )
    assert read_text([text]).value("total_gross") is None
    # SROIE 182 through OCR: "Total RM 5..05", its point read twice: the
    # rounded total, paid by the cash
    text = ROUNDED_CASH.replace(
        "ROUNDING RM0.02\n", "ROUNDING RM0.02\nTotal RM 42..90\n"
    )
    assert read_text([text]).value("total_gross") == 42.90


def test_payment_printed_as_a_deduction_confirms_the_total():
    text = ROUNDED_CASH.replace(
        "ROUNDING RM0.02\nCASH RM42.90", "CASH -50.00\nCHANGE 7.12"
    )
    # two totals: only the payment says which one
    text = text.replace("GST TA AMT RM40.45", "TOTAL RM40.45")
    assert read_text([text]).value("total_gross") == 42.88


# No total label (SROIE 037: "NET AMT @ GST6%"): the amount paid less the
# change printed above the payment is the total.
NET_AMOUNT_PAID = """SYARIKAT PERNIAGAAN
CASHIER : ADMIN
PAYMENT : CASH
ITEM QTY PRICE AMOUNT
WATER 500ML 2 1.50 3.00 SR
BREAD 1 5.00 5.00 SR
NET AMT @ GST6% : 8.00
CASH PAID : 10.00
CHANGE : 2.00
GST SUMMARY AMOUNT TAX
SR @ 6% 7.55 0.45
"""


def test_amount_paid_less_the_change_printed_above_the_payment_is_the_total():
    result = read_text([NET_AMOUNT_PAID])
    assert result.kind == "receipt"
    assert result.value("total_gross") == 8.00


def test_amount_paid_less_the_change_not_printed_above_gives_no_total():
    text = NET_AMOUNT_PAID.replace("CHANGE : 2.00", "CHANGE : 1.00")
    assert read_text([text]).value("total_gross") is None


# SROIE 100: no payment amount printed, the total confirmed by a second
# total label printing the same amount.
TWO_TOTAL_LABELS = """SUPER SEVEN CASH & CARRY SDN BHD
01/02/2018 12:30 COUNTER 03
SAYUR RM1.00 @1.00
TOTAL SALES (INCL. GST @6%) RM42.10
ROUNDING ADJUSTMENT RM0.00
NET TOTAL RM42.10
PAYMENT METHOD VISA CARD
GST SUMMARY SALES AMT TAX AMT
(RM) (RM)
SR (6%) 33.49 2.01
ZR (0%) 6.60 0.00
"""


def test_two_total_labels_agreeing_make_a_till_receipt_with_its_total():
    lines = prepare_lines([TWO_TOTAL_LABELS])
    assert till_evidence(lines) == "TOTAL SALES (INCL. GST @6%) RM42.10"
    result = read_text([TWO_TOTAL_LABELS])
    assert result.kind == "receipt"
    assert result.value("total_gross") == 42.10


def test_two_total_labels_disagreeing_give_no_total():
    text = TWO_TOTAL_LABELS.replace("NET TOTAL RM42.10", "NET TOTAL RM42.40")
    assert till_evidence(prepare_lines([text])) is None
    assert read_text([text]).value("total_gross") is None


# SROIE 098: the total beside the savings on one row, paid by a card line
# no payment label names
PAIRS_ON_A_ROW = """THE BIG GROUP SDN BHD
TAX INVOICE : BAT01201803080169 08/03/18
CASHIER : SHAROL N 18:20:41
DOLE PINEAPPLE PCS 7.90*3 23.70 Z
ITEM 5 TOTAL WITH GST @ 6% 81.00
QTY 9 ROUNDING 0.00
TOTAL SAVING 0.00 TOTAL 81.00
TENDER
PMPC (DEBIT) 0012 APP: 578149 81.00
CHANGE 0.00
"""


def test_total_beside_another_pair_on_its_row():
    assert read_text([PAIRS_ON_A_ROW]).value("total_gross") == 81.00


def test_a_pair_of_its_own_on_the_row_still_says_what_the_amount_is():
    text = PAIRS_ON_A_ROW.replace("SAVING 0.00 TOTAL 81.00", "SAVING 81.00 TOTAL")
    assert read_text([text]).value("total_gross") is None


def test_amount_received_less_the_change_confirms_the_total():
    # SROIE 139: "RECEIVED 30.00 / CHANGE : 1.20" under "NET AMT: 28.80"
    text = NET_AMOUNT_PAID.replace("CASH PAID : 10.00", "RECEIVED 10.00")
    assert read_text([text]).value("total_gross") == 8.00
    text = NET_AMOUNT_PAID.replace("CASH PAID : 10.00", "PAYMENT : 10.00")
    assert read_text([text]).value("total_gross") == 8.00


def test_rounded_total_printed_under_any_label_after_the_rounding_is_the_total():
    # SROIE 199: "TOTAL : 46.89 / RND ADJ 0.01 / TTL ATF RND 46.90"
    text = ROUNDED_CASH.replace(
        "ROUNDING RM0.02\n", "ROUNDING RM0.02\nTTL ATF RND 42.90\n"
    )
    assert read_text([text]).value("total_gross") == 42.90


def test_pay_less_the_change_confirms_the_amount_due():
    # SROIE 117: "DUE 9.90 / PAY 50.00 / CHANGE 40.10"
    text = NET_AMOUNT_PAID.replace("NET AMT @ GST6% : 8.00", "DUE 8.00").replace(
        "CASH PAID : 10.00", "PAY 10.00"
    )
    assert read_text([text]).value("total_gross") == 8.00


def test_a_total_label_with_a_payment_word_does_not_confirm_itself():
    text = """KEDAI RUNCIT MAJU
CASHIER : ADMIN
ROUNDING ADJ 0.00
TOTAL 8.00
AMOUNT TO PAY 9.00
"""
    # "AMOUNT TO PAY" is a total label: two totals, no payment, no total
    assert read_text([text]).value("total_gross") is None


def test_an_amount_ocr_misread_by_one_digit_shaped_letter_is_read():
    assert amount_readings(" RMO. 02") == [Decimal("0.02")]
    assert amount_readings(" 38. 0D") == [Decimal("38.00")]
    assert amount_readings(" _RMB3.00") == [Decimal("83.00")]
    assert amount_readings(":RH _ 14.50") == [Decimal("14.50")]
    assert amount_readings(" RM4..20-") == [Decimal("-4.20")]
    # a speck at the paper's edge after the amount
    assert amount_readings(" : 48.00 EF") == [Decimal("48.00")]


def test_an_amount_with_more_than_one_letter_or_a_word_is_not_read():
    assert amount_readings(" B3.O0") == []
    assert amount_readings(" OD.00") == []
    assert amount_readings(" 48.00 CASH") == []
    assert amount_readings(" 12.50 34.00") == []


OCR_MISREAD_TILL = """KEDAI SINAR JAYA
Cashier: ALI
HOOK 5 x 2.90 14.50
Total Incl. GST:RH _ 14.50
Cash:RM 15.50
Change;RH 1.00
"""


def test_a_till_receipt_with_misread_currency_and_specks_is_confirmed_by_its_change():
    assert read_text([OCR_MISREAD_TILL]).value("total_gross") == 14.50
    # the change misread to another amount: the payment does not confirm it
    text = OCR_MISREAD_TILL.replace("Change;RH 1.00", "Change;RH 2.00")
    assert read_text([text]).value("total_gross") is None


def test_a_rounded_total_with_a_misread_point_after_the_rounding_is_the_total():
    text = """KEDAI KOPI SELERA
Payment Type: Cash
Total (Incl GST) RM16.21
Rounding RM-0.01
Grand totalRM16 „20
Total Paid RM16.20
"""
    assert read_text([text]).value("total_gross") == 16.20


def test_two_total_labels_agree_when_ocr_reads_the_at_sign_as_a_copyright_sign():
    text = """KEDAI PERKAKAS
Total Amt Incl. GST © 6% 7.95
Rounding Adjustment :
Total Amt Payable 7.95
Paid Amount: 1000
Change 205
"""
    assert read_text([text]).value("total_gross") == 7.95


def test_rnd_adj_is_a_rounding_line():
    # the rounding step leads from the total to the amount paid less the
    # change: without it 42.88 is not what was paid
    text = ROUNDED_CASH.replace("ROUNDING RM0.02", "RND ADJ 0.02").replace(
        "CASH RM42.90", "CASH RM50.00\nCHANGE RM7.10"
    )
    assert read_text([text]).value("total_gross") == 42.88


DEDUCTED_PAYMENT = """KEDAI BUKU POPULAR
Member Card No: 1001016668849
BUKU LATIHAN 30pc @ 0.45 13.50
Member Discount -1.35
Total RM Incl. of GST 12.15
Cash -12.15
Item Count 30
"""


def test_a_payment_printed_as_a_deduction_paying_the_total_makes_a_till_receipt():
    result = read_text([DEDUCTED_PAYMENT])
    assert result.kind == "receipt"
    assert result.value("total_gross") == 12.15


def test_a_payment_line_paying_the_total_alone_does_not_make_a_till_receipt():
    text = DEDUCTED_PAYMENT.replace("Cash -12.15", "Cash 12.15")
    assert till_evidence(prepare_lines([text])) is None
    text = DEDUCTED_PAYMENT.replace("Cash -12.15", "Cash -12.50")
    assert till_evidence(prepare_lines([text])) is None


NET_AND_TAX_PAID = """KEDAI ALAT TULIS MAJU
CASHIER : SITI
TOTAL QUANTITY 3
SUB-TOTAL 141.51
DISC 0.00
TOTAL GST 8.49
ROUNDING 0.00
TOTAL 1350.00
CASH 150.00
CHANGE 0.00
"""


def test_a_misread_total_line_yields_to_net_and_tax_adding_up_to_the_amount_paid():
    assert read_text([NET_AND_TAX_PAID]).value("total_gross") == 150.00
    # net + tax not the amount paid: the total is not known
    text = NET_AND_TAX_PAID.replace("TOTAL GST 8.49", "TOTAL GST 8.94")
    assert read_text([text]).value("total_gross") is None
    # no tax word on the second line: two amounts that happen to add up
    text = NET_AND_TAX_PAID.replace("TOTAL GST 8.49", "DEPOSIT 8.49")
    assert read_text([text]).value("total_gross") is None


def test_net_and_tax_with_the_rounding_step_lead_to_the_payment():
    text = """KEDAI RUNCIT MAJU
25/04/2018 CASHIER 01
S RM7. 42
GST TAXABLE AMT RM7.00
GST 6% RMO. 42
TOTAL RMZ. 42
ROUNDING -0.02
CASH RM7. 40
"""
    assert read_text([text]).value("total_gross") == 7.42


STAMPED_TILL = """KEDAI BUKU POPULAR
Promotion 25 AUG - 3 Sept 2017
20/08/17 12:48 Slip No.: 9020374693
Card Expiry: 31/08/20
NOTEBOOK 4pc @ 1.40 5.60
Total RM Incl. of GST 5.60
CASH 10.00
CHANGE 4.40
"""


def test_a_till_receipt_s_date_is_the_one_stamped_with_the_time():
    assert read_text([STAMPED_TILL]).value("issue_date") == "2017-08-20"
    # no time after it: which of the dates the receipt's own is not known
    text = STAMPED_TILL.replace("20/08/17 12:48", "20/08/17")
    assert read_text([text]).value("issue_date") is None
    # two dates stamped with a time: neither is taken
    text = STAMPED_TILL.replace("3 Sept 2017", "3 Sept 2017\n01/09/17 10:00")
    assert read_text([text]).value("issue_date") is None


def test_a_loose_total_before_an_unread_rounding_is_not_offered():
    text = """KEDAI ALAT TULIS
CASH SALES COUNTER
PHOTOCOPY A4 101 X 0.0850 8.59
Total 10.89
Round Adj
FinalTotal =
CASH
CHANGE
"""
    assert loose_total(prepare_lines([text])) is None
    # the rounding read: the total line's amount is offered as before
    text = text.replace("Round Adj", "Round Adj 0.00")
    assert loose_total(prepare_lines([text])) == Decimal("10.89")
