"""The readers package: label tables, the VAT summary table, kinds, KSeF XML."""

import pytest
from intake import invoice
from intake.einvoice import ksef
from intake.einvoice import xml as einvoice_xml
from intake.readers import labels, read_text
from intake.readers.numbers import INVOICE_NUMBER_LABELS

THREE_RATES = """Krajowy System e-Faktur
Numer Faktury:
FV/3/2026
Faktura podstawowa
Sprzedawca
NIP: 1234563218
Nazwa: Hurtownia Nowak S.A.
Nabywca
NIP: 5260250274
Nazwa: Millennium Test sp. z o.o.
Szczegóły
Data wystawienia, z zastrzeżeniem art. 106na ust. 1 ustawy: 12.03.2026
Data dokonania lub zakończenia dostawy towarów lub wykonania usługi:
10.03.2026
Kod waluty: PLN
Kwota należności ogółem: 1 335,00 PLN
Podsumowanie stawek podatku
Lp. Stawka podatku Kwota netto Kwota podatku Kwota brutto
1 23% lub 22% 1 000,00 230,00 1 230,00
2 8% lub 7% 50,00 4,00 54,00
3 5% 20,00 1,00 21,00
4 zwolnione z opodatkowania 30,00 0,00 30,00
Termin płatności Opis płatności
26.03.2026 14 dni
"""


def test_every_label_row_compiles_and_names_a_known_field():
    known = {
        line.split()[0]
        for line in labels.__doc__.splitlines()
        if line.startswith("    ") and line.split()
    }
    for row in labels.ROWS:
        assert row.field in known, row
        labels.regex(row.field)  # compiles


@pytest.mark.parametrize(
    "text",
    ["Numer rachunku: 12/2024", "Nr rachunku 12/2024", "Rachunek bankowy nr 12/2024"],
)
def test_bank_account_labels_are_never_number_labels(text):
    assert "invoice_number" not in read_text([text + "\nDo zapłaty: 10,00 zł"]).fields
    bank = labels.regex("bank_account", before=r"(?<![\w])", after="")
    assert bank.search(text)


def test_a_bill_titled_rachunek_keeps_its_number():
    got = read_text(["Rachunek nr 12/2024\nDo zapłaty: 10,00 zł"]).as_dict()
    assert got["invoice_number"] == "12/2024"
    assert any(p.search("Rachunek nr 12/2024") for p, _s in INVOICE_NUMBER_LABELS)


def test_ksef_visualisation_with_three_rates():
    result = read_text([THREE_RATES])
    got = result.as_dict()
    assert got["invoice_number"] == "FV/3/2026"
    assert got["issue_date"] == "2026-03-12"
    assert got["sale_date"] == "2026-03-10"
    assert got["due_date"] == "2026-03-26"
    assert got["currency"] == "PLN"
    assert (got["total_net"], got["total_vat"], got["total_gross"]) == (
        1100.0,
        235.0,
        1335.0,
    )
    assert got["seller_name"] == "Hurtownia Nowak S.A."
    assert [(t.rate, t.net, t.vat) for t in result.tax_lines] == [
        ("23", 1000.0, 230.0),
        ("8", 50.0, 4.0),
        ("5", 20.0, 1.0),
        (invoice.EXEMPT, 30.0, 0.0),
    ]
    assert result.kind == "invoice"


def test_a_rate_table_that_does_not_add_up_gives_no_rates():
    text = THREE_RATES.replace("2 8% lub 7% 50,00 4,00 54,00", "2 8% 50,00 4,00 55,00")
    result = read_text([text])
    assert result.tax_lines == []
    assert "total_net" not in result.fields
    assert result.as_dict()["total_gross"] == 1335.0


def test_a_period_is_not_a_sale_date():
    text = THREE_RATES.replace(
        "usługi:\n10.03.2026", "usługi: od\n01.03.2026 do 31.03.2026"
    )
    assert "sale_date" not in read_text([text]).fields


def test_a_correction_is_read_as_one_with_the_corrected_number():
    text = (
        "Numer Faktury:\nFK/1/2026\nFaktura korygująca\n"
        "Data wystawienia faktury, której dotyczy faktura korygująca: 15.02.2026\n"
        "Numer faktury korygowanej: FV/9/2026\n"
        "Data wystawienia, z zastrzeżeniem art. 106na ust. 1 ustawy: 15.03.2026\n"
        "Korekta kwoty należności ogółem: -123,00 PLN\n"
        "Podsumowanie stawek podatku\n"
        "Lp. Stawka podatku Kwota netto Kwota podatku Kwota brutto\n"
        "1 23% lub 22% -100,00 -23,00 -123,00\n"
    )
    result = read_text([text])
    got = result.as_dict()
    assert result.kind == invoice.CORRECTION
    assert result.kind_reason.startswith("correction_words:")
    assert got["invoice_number"] == "FK/1/2026"
    assert got["corrected_number"] == "FV/9/2026"
    assert got["issue_date"] == "2026-03-15"
    assert (got["total_net"], got["total_vat"], got["total_gross"]) == (
        -100.0,
        -23.0,
        -123.0,
    )


def test_a_summary_gross_whose_separators_ocr_lost_is_net_plus_vat():
    # OCR read "17 115,45" as "1711545": net + VAT has those very digits.
    head = (
        "Faktura nr FV/20/2023\nPodsumowanie stawek podatku\n"
        "Lp. Stawka podatku Kwota netto Kwota podatku Kwota brutto\n"
    )
    got = read_text([head + "1 23% lub 22% 13 915,00 3 200,45 1711545\n"])
    assert got.value("total_gross") == 17115.45
    assert (got.value("total_net"), got.value("total_vat")) == (13915.0, 3200.45)
    assert [line.rate for line in got.tax_lines] == ["23"]
    # Other digits are another amount: the row, and so the table, is unsure.
    other = read_text([head + "1 23% lub 22% 13 915,00 3 200,45 1711546\n"])
    assert other.value("total_net") is None
    assert other.value("total_gross") is None


def test_a_correction_row_read_by_ocr_keeps_its_minus_and_rate():
    # "1 | 23%" read "Ja 23%", "lub" read "tub", and the net's minus lost:
    # -162,60 + -37,40 = -200,00 says where it was.
    text = (
        "Faktura korygująca nr FK/2/2023\n"
        "Korekta kwoty należności ogółem: -200,00 PLN\n"
        "Podsumowanie stawek podatku\n"
        "Lp. Stawka podatku Kwota netto Kwota podatku Kwota brutto\n"
        "Ja 23% tub 22% 162,60 -37,40 -200,00\n"
    )
    got = read_text([text])
    assert (got.value("total_net"), got.value("total_vat")) == (-162.6, -37.4)
    assert got.value("total_gross") == -200.0
    # On an invoice (gross above zero) no sign is made up.
    plus = read_text([text.replace("-37,40 -200,00", "37,40 200,00")])
    assert plus.value("total_net") is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Paragon fiskalny", "receipt"),
        ("Rachunek nr 5/2026", "bill"),
        ("Wyciąg bankowy nr 3", "bank_statement"),
        ("Umowa najmu", "contract"),
        ("Faktura VAT nr 1/2026", "invoice"),
        ("Credit note CN-7", invoice.CORRECTION),
    ],
)
def test_kind_is_suggested_from_the_title_with_its_reason(title, kind):
    result = read_text([title + "\nKwota: 10,00 zł\nData: 01.02.2026"])
    assert result.kind == kind
    assert result.kind_reason


def test_explicit_currency_code_beats_a_symbol_elsewhere():
    text = (
        "Invoice No: A-1\nCurrency: INR\nUSD: 840.18 Conv Rate\n"
        "Grand Total: ₹ 70,000.00\n"
    )
    assert read_text([text]).as_dict()["currency"] == "INR"


KSEF_KOR = """<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2023/06/29/12648/">
 <Podmiot1><DaneIdentyfikacyjne><NIP>1234563218</NIP><Nazwa>ABC</Nazwa>
 </DaneIdentyfikacyjne></Podmiot1>
 <Podmiot2><DaneIdentyfikacyjne><NIP>5260250274</NIP></DaneIdentyfikacyjne></Podmiot2>
 <Fa><KodWaluty>PLN</KodWaluty><P_1>2026-03-15</P_1><P_2>FK/1/2026</P_2>
 <P_13_1>-100.00</P_13_1><P_14_1>-23.00</P_14_1>
 <P_13_2>-50.00</P_13_2><P_14_2>-4.00</P_14_2><P_15>-177.00</P_15>
 <RodzajFaktury>KOR</RodzajFaktury>
 <DaneFaKorygowanej><DataWystFaKorygowanej>2026-02-15</DataWystFaKorygowanej>
 <NrFaKorygowanej>FV/9/2026</NrFaKorygowanej></DaneFaKorygowanej>
 </Fa>
</Faktura>"""


def test_ksef_correction_xml():
    result = ksef.read(KSEF_KOR.encode())
    got = result.as_dict()
    assert result.kind == invoice.CORRECTION
    assert got["corrected_number"] == "FV/9/2026"
    assert got["total_gross"] == -177.0
    assert [(t.rate, t.net, t.vat) for t in result.tax_lines] == [
        ("23", -100.0, -23.0),
        ("8", -50.0, -4.0),
    ]
    assert einvoice_xml.flavour(KSEF_KOR.encode()) == einvoice_xml.KSEF


def test_ksef_margin_scheme_is_a_rate_of_its_own_without_vat():
    # A travel agency (KSeF sample 19): its own service at 23%, the trip
    # under the margin scheme (P_13_11): the 23% VAT is deductible, the
    # margin part has none for the buyer, and is no net amount.
    xml = (
        KSEF_KOR.replace("<P_13_1>-100.00</P_13_1><P_14_1>-23.00</P_14_1>", "")
        .replace(
            "<P_13_2>-50.00</P_13_2><P_14_2>-4.00</P_14_2><P_15>-177.00</P_15>",
            "<P_13_1>813.00</P_13_1><P_14_1>187.00</P_14_1>"
            "<P_13_11>2000.00</P_13_11><P_15>3000.00</P_15>",
        )
        .replace(
            "<RodzajFaktury>KOR</RodzajFaktury>", "<RodzajFaktury>VAT</RodzajFaktury>"
        )
    )
    result = ksef.read(xml.encode())
    got = result.as_dict()
    assert (got["total_gross"], got["total_vat"]) == (3000.0, 187.0)
    assert "total_net" not in got
    assert [(t.rate, t.net, t.vat) for t in result.tax_lines] == [
        ("23", 813.0, 187.0),
        (invoice.MARGIN, 2000.0, 0.0),
    ]


def test_xml_flavours():
    assert einvoice_xml.flavour(b"<html><body>x</body></html>") is None
    ubl = b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'
    assert einvoice_xml.flavour(ubl) == einvoice_xml.UBL
    cii = (
        b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:'
        b'standard:CrossIndustryInvoice:100"/>'
    )
    assert einvoice_xml.flavour(cii) == einvoice_xml.CII
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    assert einvoice_xml.flavour(bomb) is None


def test_a_total_label_glued_to_the_previous_cell_is_read():
    text = "Facture n°562044387 du 02 Juillet 2015\n29.99 € TTCSomme à payer\n"
    assert read_text([text]).as_dict()["total_gross"] == 29.99
    # glued after digits it is not a label
    assert (
        "total_gross"
        not in read_text(["Facture n°5\n29.995.0024.99Total facture"]).fields
    )


def test_a_date_inside_an_identifier_is_not_the_issue_date():
    # The invoice number carries the day it was made; a KSeF link's path
    # carries the issue date before its hash: neither is a printed date.
    number = read_text(["Faktura\nNumer faktury:\nllcdpk88gk-2025-06-24\n"])
    assert number.value("issue_date") is None
    link = read_text(["Faktura FV/1/2026\n27-01-2022/Uhh1P4AOCAGBJJISRXUS\n"])
    assert link.value("issue_date") is None
    alone = read_text(
        ["PARAGON FISKALNY\nSklep ABC\n2022-01-27 12:30\nSUMA PLN 12,30\n"]
    )
    assert alone.value("issue_date") == "2022-01-27"
    title = read_text(["Rechnung Nr. 4711 vom 05.03.2018\nBetrag 12,00 EUR\n"])
    assert title.value("issue_date") == "2018-03-05"
    # a month's name after the day is no identifier's letters
    named = read_text(
        ["PARAGON FISKALNY\nSklep ABC\n09-Jan-2017 01:48 PM\nSUMA PLN 12,30\n"]
    )
    assert named.value("issue_date") == "2017-01-09"


def test_a_word_ocr_read_with_a_digit_is_no_invoice_number():
    # "gemäß" read "gema8" after "Rechnung": a word, not a second number
    # that would leave the real one unsure.
    text = """Handelsrechnung Nr. TX-471102 vom 30.10.2018
Verkäufer: Taxiunternehmen TX GmbH
Rechnung gema8 Taxifahrt vom 29.10.2018
"""
    fields = read_text([text]).fields
    assert fields["invoice_number"].value == "TX-471102"
    assert (
        read_text(["Rechnung RE1\nDatum: 30.10.2018"]).fields["invoice_number"].value
        == "RE1"
    )
