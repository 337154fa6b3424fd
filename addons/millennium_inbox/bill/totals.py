"""The bill's total is the invoice's gross, whatever built its lines."""

from odoo import Command
from odoo.tools import format_amount

from .draft import Rule


class TotalsRule(Rule):
    """Lines that do not add up to the gross read (a tax computed otherwise
    than the seller did, a rate misread, a unit price Odoo rounds) are
    replaced by lines without tax that do (net and VAT, else the gross): a
    bill never asks another amount than the invoice."""

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
        country = document._foreign_vat_country(move.partner_id or draft.partner)
        line_vals, explanation = (
            document._foreign_vat_line_vals(country) if country else ([], None)
        )
        if not line_vals:
            line_vals, explanation = document._fallback_line_vals(gross)
        move.write(
            {
                "invoice_line_ids": [Command.delete(line.id) for line in lines]
                + [Command.create(vals) for vals in line_vals]
            }
        )
        env = draft.env
        draft.note(
            env._(
                "The lines made %(total)s, not the invoice's gross total %(gross)s: "
                "they were replaced by lines without tax that total it.",
                total=format_amount(env, total, currency),
                gross=format_amount(env, gross, currency),
            )
        )
        draft.note(explanation)
