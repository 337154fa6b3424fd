"""The header of a UBL or CII e-invoice: what a bill's money and dates are.

Odoo's decoder fills the bill's lines, partner and reference, but the totals
it leaves depend on the company's taxes (a German 19 % the company does not
have is dropped) and its currency on the currencies active. The totals, the
currency and the dates the XML declares are read here, so that the bill can
be checked against them and the page against the XML (no Odoo import).
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from . import xml

# UN/CEFACT document type codes of a credit note (UNTDID 1001).
_CREDIT_CODES = {"381", "396", "532"}


def read(data):
    """{field: value} of a UBL or CII e-invoice's header; {} for other XML.

    Fields: invoice_number, issue_date, sale_date, due_date (ISO dates),
    currency, total_net, total_vat, total_gross (floats in the invoice's
    currency), seller_vat, seller_iban, refund (bool)."""
    try:
        root = xml.parse(data)
    except xml.NotAnInvoice:
        return {}
    name = xml.local(root.tag)
    if name == "CrossIndustryInvoice":
        found = _read_cii(root)
    elif name in ("Invoice", "CreditNote"):
        found = _read_ubl(root, credit_note=name == "CreditNote")
    else:
        return {}
    return {key: value for key, value in found.items() if value not in (None, "")}


def _read_cii(root):
    document = xml.child(root, "ExchangedDocument")
    trade = xml.child(root, "SupplyChainTradeTransaction")
    settlement = xml.child(trade, "ApplicableHeaderTradeSettlement")
    currency = xml.text(settlement, "InvoiceCurrencyCode")
    sums = xml.child(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    seller = xml.child(trade, "ApplicableHeaderTradeAgreement", "SellerTradeParty")
    return {
        "invoice_number": xml.text(document, "ID"),
        "issue_date": _cii_date(xml.child(document, "IssueDateTime")),
        "sale_date": _cii_date(
            xml.child(
                trade,
                "ApplicableHeaderTradeDelivery",
                "ActualDeliverySupplyChainEvent",
                "OccurrenceDateTime",
            )
        ),
        "due_date": _cii_date(
            xml.child(settlement, "SpecifiedTradePaymentTerms", "DueDateDateTime")
        ),
        "currency": currency,
        "total_net": _amount(_in_currency(sums, "TaxBasisTotalAmount", currency)),
        "total_vat": _amount(_in_currency(sums, "TaxTotalAmount", currency)),
        "total_gross": _amount(_in_currency(sums, "GrandTotalAmount", currency)),
        "seller_vat": _cii_vat(seller),
        "seller_iban": _first_text(
            xml.children(settlement, "SpecifiedTradeSettlementPaymentMeans"),
            "PayeePartyCreditorFinancialAccount",
            "IBANID",
        ),
        "refund": xml.text(document, "TypeCode") in _CREDIT_CODES,
    }


def _read_ubl(root, credit_note):
    totals = xml.child(root, "LegalMonetaryTotal")
    currency = xml.text(root, "DocumentCurrencyCode")
    seller = xml.child(root, "AccountingSupplierParty", "Party")
    tax_totals = [
        xml.child(total, "TaxAmount") for total in xml.children(root, "TaxTotal")
    ]
    vat = next(
        (t for t in tax_totals if t is not None and t.get("currencyID") == currency),
        tax_totals[0] if tax_totals else None,
    )
    type_code = xml.text(root, "InvoiceTypeCode") or xml.text(
        root, "CreditNoteTypeCode"
    )
    return {
        "invoice_number": xml.text(root, "ID"),
        "issue_date": _iso(xml.text(root, "IssueDate")),
        "sale_date": _iso(xml.text(root, "Delivery", "ActualDeliveryDate")),
        "due_date": _iso(
            xml.text(root, "DueDate")
            or xml.text(root, "PaymentMeans", "PaymentDueDate")
        ),
        "currency": currency,
        "total_net": _amount(xml.child(totals, "TaxExclusiveAmount")),
        "total_vat": _amount(vat),
        "total_gross": _amount(xml.child(totals, "TaxInclusiveAmount")),
        "seller_vat": next(
            (
                xml.text(scheme, "CompanyID")
                for scheme in xml.children(seller, "PartyTaxScheme")
                if (xml.text(scheme, "TaxScheme", "ID") or "VAT").upper() == "VAT"
            ),
            None,
        ),
        "seller_iban": _first_text(
            xml.children(root, "PaymentMeans"), "PayeeFinancialAccount", "ID"
        ),
        "refund": credit_note or type_code in _CREDIT_CODES,
    }


def _in_currency(parent, name, currency):
    """The amount element in the invoice's currency (CII may repeat a total in
    the accounting currency, with another currencyID)."""
    elements = xml.children(parent, name)
    for element in elements:
        if not currency or element.get("currencyID") in (None, currency):
            return element
    return elements[0] if elements else None


def _amount(element):
    if element is None or not (element.text or "").strip():
        return None
    try:
        return float(Decimal(element.text.strip()))
    except InvalidOperation:
        return None


def _cii_date(parent):
    """udt:DateTimeString format 102 (YYYYMMDD) as an ISO date."""
    value = xml.text(parent, "DateTimeString")
    if not value or not re.fullmatch(r"\d{8}", value):
        return None
    return _iso(f"{value[:4]}-{value[4:6]}-{value[6:]}")


def _iso(value):
    try:
        return date.fromisoformat((value or "").strip()[:10]).isoformat()
    except ValueError:
        return None


def _cii_vat(seller):
    for registration in xml.children(seller, "SpecifiedTaxRegistration"):
        element = xml.child(registration, "ID")
        if element is not None and element.get("schemeID") == "VA" and element.text:
            return element.text.strip()
    return None


def _first_text(elements, *path):
    for element in elements:
        value = xml.text(element, *path)
        if value:
            return value
    return None


# --------------------------------------------------------------------------
# The XML against the page it is embedded in
# --------------------------------------------------------------------------
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def page_disagreements(summary, page_text):
    """The fields ('invoice_number', 'total_gross') of the XML that the PDF's
    own text does not show: an XML describing another invoice than its page.
    Nothing is said when the page has no text to compare with."""
    if not page_text or not page_text.strip():
        return []
    missing = []
    number = _NOT_ALNUM.sub("", summary.get("invoice_number") or "").upper()
    if number and number not in _NOT_ALNUM.sub("", page_text).upper():
        missing.append("invoice_number")
    gross = summary.get("total_gross")
    if gross is not None and not _shows_amount(page_text, gross):
        missing.append("total_gross")
    return missing


def _shows_amount(page_text, amount):
    """Whether the page prints the amount, in any of the usual spellings
    (1234.56, 1 234,56, 1.234,56, 1,234.56; a whole amount also bare)."""
    flat = re.sub(r"[\s\u00a0\u202f']", "", page_text)
    value = abs(Decimal(str(amount))).quantize(Decimal("0.01"))
    whole, cents = f"{value:.2f}".split(".")
    grouped = f"{int(whole):,}"
    forms = {
        f"{whole}.{cents}",
        f"{whole},{cents}",
        f"{grouped}.{cents}",
        f"{grouped.replace(',', '.')},{cents}",
    }
    if cents == "00":
        forms |= {grouped, grouped.replace(",", "."), whole}
    pattern = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.search(rf"(?<![\d.,])(?:{pattern})(?![\d]|[.,]\d)", flat) is not None
