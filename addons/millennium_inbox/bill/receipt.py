"""A till receipt's VAT is deductible only when it is a simplified invoice."""

from odoo import Command

from .draft import Rule


class ReceiptRule(Rule):
    """A receipt ("paragon") accepted as such is booked as one line of its
    gross without tax: its VAT is no input tax of the company, unless it
    carries the company's NIP for at most 450 PLN (100 EUR), which makes it
    a simplified invoice whose VAT per rate is booked as on an invoice. The
    VAT per rate read from the PTU table is written in the bill's history."""

    def prepare(self, draft):
        document = draft.document
        if document.kind != "receipt" or document._is_simplified_invoice():
            return
        gross = abs(document.suggested_amount_total or 0.0)
        if not gross:
            return
        line = {
            "name": document.suggested_invoice_number or document.name,
            "price_unit": gross,
            "tax_ids": [Command.clear()],
        }
        draft.line_vals = [line]
        draft.vals["invoice_line_ids"] = [Command.create(line)]
        draft.lines_note = document._receipt_note(gross)
