# ruff: noqa: E501  (the XML samples keep their lines)
"""What the bill rules take from a document: the XML header of a UBL/CII
e-invoice and whether its page shows it, the payment term in days, the
currencies a page shows, the bank account, the KSeF acceptance date."""

from datetime import date

from intake.billing import bank_account_number
from intake.einvoice import summary
from intake.ksef_number import acceptance_date
from intake.readers import read_text

CII = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
  xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument>
  <ram:ID>RE-2026/0042</ram:ID><ram:TypeCode>%(type)s</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260305</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Muster GmbH</ram:Name>
   <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration>
   <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE136695976</ram:ID></ram:SpecifiedTaxRegistration>
  </ram:SellerTradeParty></ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery><ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime>
   <udt:DateTimeString format="102">20260228</udt:DateTimeString>
  </ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent></ram:ApplicableHeaderTradeDelivery>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementPaymentMeans><ram:PayeePartyCreditorFinancialAccount>
    <ram:IBANID>DE88200800000970375700</ram:IBANID>
   </ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
   <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>
    <udt:DateTimeString format="102">20260404</udt:DateTimeString>
   </ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="PLN">809.00</ram:TaxTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">190.00</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>1190.00</ram:GrandTotalAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""

UBL = b"""<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>CN-7</cbc:ID><cbc:IssueDate>2026-03-05</cbc:IssueDate>
 <cbc:DocumentCurrencyCode>GBP</cbc:DocumentCurrencyCode>
 <cac:AccountingSupplierParty><cac:Party><cac:PartyTaxScheme>
  <cbc:CompanyID>GB123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
 </cac:PartyTaxScheme></cac:Party></cac:AccountingSupplierParty>
 <cac:TaxTotal><cbc:TaxAmount currencyID="GBP">20.00</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:TaxExclusiveAmount currencyID="GBP">100.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="GBP">120.00</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="GBP">120.00</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
</CreditNote>"""


def test_cii_header_gives_money_dates_and_the_seller_in_the_invoice_currency():
    header = summary.read(CII % {b"type": b"380"})
    assert header == {
        "invoice_number": "RE-2026/0042",
        "issue_date": "2026-03-05",
        "sale_date": "2026-02-28",
        "due_date": "2026-04-04",
        "currency": "EUR",
        "total_net": 1000.0,
        "total_vat": 190.0,  # not the PLN repetition of the VAT
        "total_gross": 1190.0,
        "seller_vat": "DE136695976",  # the VAT id, not the tax number (FC)
        "seller_iban": "DE88200800000970375700",
        "refund": False,
    }
    assert summary.read(CII % {b"type": b"381"})["refund"] is True


def test_ubl_credit_note_is_a_refund_with_its_totals():
    header = summary.read(UBL)
    assert header["refund"] is True
    assert (header["currency"], header["total_gross"], header["total_vat"]) == (
        "GBP",
        120.0,
        20.0,
    )
    assert header["seller_vat"] == "GB123456789"


def test_other_xml_and_hostile_xml_give_nothing():
    assert summary.read(b"<Faktura/>") == {}
    assert summary.read(b"<!DOCTYPE x [<!ENTITY a 'b'>]><Invoice/>") == {}
    assert summary.read(b"not xml") == {}


def test_page_agrees_with_its_xml_in_any_spelling_of_the_amount():
    header = {"invoice_number": "RE-2026/0042", "total_gross": 1190.0}
    for printed in ("1.190,00 EUR", "1 190,00", "EUR 1,190.00", "1190.00"):
        page = f"Rechnung Nr. RE 2026/0042\nGesamtbetrag {printed}"
        assert summary.page_disagreements(header, page) == [], printed


def test_page_of_another_invoice_is_told_apart():
    header = {"invoice_number": "RE-2026/0042", "total_gross": 1190.0}
    page = "Rechnung Nr. RE-2026/0043\nGesamtbetrag 1.290,00 EUR\n11.190,00"
    assert summary.page_disagreements(header, page) == [
        "invoice_number",
        "total_gross",
    ]
    assert summary.page_disagreements(header, "") == []  # nothing to compare


def read(text):
    return read_text([text])


def test_payment_term_in_days_in_the_usual_wordings():
    for text, days in [
        ("Termin płatności: 14 dni", 14),
        ("Sposób zapłaty: przelew\nPłatne w ciągu 21 dni", 21),
        ("Zahlbar innerhalb 30 Tagen netto", 30),
        ("Payment terms: 45 days", 45),
        ("Payable within 7 days of the invoice date", 7),
    ]:
        found = read(f"Faktura VAT nr FV/1/2026\n{text}\nRazem 100,00 PLN")
        assert found.value("payment_term_days") == days, text


def test_no_term_without_its_words():
    found = read("Faktura VAT nr FV/1/2026\nIlość 14 dni roboczych\nRazem 100,00 zł")
    assert found.value("payment_term_days") is None


def test_currencies_a_page_shows_are_listed():
    found = read("Invoice 7\nTotal 100.00 €\nBank fee 2.00 USD")
    assert found.currencies_seen == ["EUR", "USD"]


def test_bank_account_is_a_checked_iban_and_a_bare_nrb_is_polish():
    assert (
        bank_account_number("DE88 2008 0000 0970 3757 00") == "DE88200800000970375700"
    )
    assert (
        bank_account_number("61 1090 1014 0000 0712 1981 2874")
        == "PL61109010140000071219812874"
    )
    assert bank_account_number("DE88 2008 0000 0970 3757 01") == ""  # check digits
    assert bank_account_number("US1234567890") == ""
    assert bank_account_number(None) == ""


def test_ksef_number_carries_the_day_ksef_accepted_the_invoice():
    assert acceptance_date("5451824119-20231201-27647BC34480-35") == date(2023, 12, 1)
    # a wrong checksum (a sample number printed on a specimen) says nothing
    assert acceptance_date("5451824119-20231201-27647BC34480-8D") is None
