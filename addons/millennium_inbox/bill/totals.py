"""The bill's total is the invoice's gross, whatever built its lines."""

from odoo import Command
from odoo.tools import format_amount

from .draft import Rule


class TotalsRule(Rule):
    """Lines that do not add up to the gross read (a tax computed otherwise
    than the seller did, a rate misread) are replaced by one line of the
    gross without tax: a bill never asks another amount than the invoice."""

    def complete(self, draft):
        document, move = draft.document, draft.move
        gross = abs(document.suggested_amount_total or 0.0)
        lines = move.invoice_line_ids
        currency = move.currency_id
        if (
            not gross
            or not lines
            or not currency.compare_amounts(move.amount_total, gross)
        ):
            return
        total = move.amount_total
        move.write(
            {
                "invoice_line_ids": [Command.delete(line.id) for line in lines]
                + [Command.create(document._gross_line_vals(gross))]
            }
        )
        env = draft.env
        draft.note(
            env._(
                "The lines made %(total)s, not the invoice's gross total %(gross)s: "
                "the bill has one line of the gross without tax. Split it by tax "
                "rate if the VAT is deductible.",
                total=format_amount(env, total, currency),
                gross=format_amount(env, gross, currency),
            )
        )
