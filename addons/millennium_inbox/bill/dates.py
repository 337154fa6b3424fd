"""The dates a Polish VAT register needs on the bill."""

from datetime import timedelta

from odoo import fields

from .draft import Rule


class DatesRule(Rule):
    """Issue date; delivery (sale) date; the date the invoice was received
    (KSeF's acceptance date for a KSeF invoice, else the day it reached the
    Inbox) and its KSeF number; the due date printed, else the issue date
    plus the payment term in days printed, else the partner's terms."""

    def prepare(self, draft):
        document = draft.document
        vals = draft.vals
        vals["invoice_date"] = document.suggested_invoice_date or False
        vals["delivery_date"] = document.suggested_sale_date or False
        vals["millennium_inbox_received_date"] = document._received_date()
        vals["millennium_inbox_ksef_number"] = document.ksef_number or False
        due, days = document.suggested_due_date, document.suggested_payment_term_days
        if not due and days and document.suggested_invoice_date:
            due = document.suggested_invoice_date + timedelta(days=days)
            draft.note(
                draft.env._(
                    "Due date %(date)s: the issue date plus the payment term "
                    "printed (%(days)s days).",
                    date=fields.Date.to_string(due),
                    days=days,
                )
            )
        if due:
            # What the invoice prints wins over the partner's payment terms.
            vals.update(invoice_payment_term_id=False, invoice_date_due=due)

    def complete(self, draft):
        move, vals = draft.move, draft.vals
        updates = {
            name: vals[name]
            for name in (
                "invoice_date",
                "delivery_date",
                "millennium_inbox_received_date",
                "millennium_inbox_ksef_number",
            )
            if vals.get(name) and not move[name]
        }
        due = vals.get("invoice_date_due")
        if due and move.invoice_date_due != due:
            updates.update(invoice_payment_term_id=False, invoice_date_due=due)
        if updates:
            move.write(updates)
