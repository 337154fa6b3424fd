"""The payment reference of a split payment ("komunikat przelewu VAT"): the
banks' MPP transfer title, which tells the VAT amount, the supplier's NIP and
the invoice number, so the bank moves the VAT to the supplier's VAT account.

    /VAT/123,45/IDC/1234563218/INV/FV/21/03/2026/TXT/
"""

from decimal import ROUND_HALF_UP, Decimal

MAX_INVOICE = 35  # characters of the invoice number the format carries
MAX_TEXT = 33


def reference(vat, nip, invoice_number, text=""):
    """The MPP transfer title, or None when a part is missing (the VAT amount
    may be zero, the NIP and number may not)."""
    if vat is None or not nip or not invoice_number:
        return None
    amount = Decimal(str(abs(vat))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    number = " ".join(str(invoice_number).split())[:MAX_INVOICE]
    text = " ".join(str(text or "").split())[:MAX_TEXT]
    return f"/VAT/{str(amount).replace('.', ',')}/IDC/{nip}/INV/{number}/TXT/{text}"
