"""A foreign seller's VAT is a cost, never the company's input tax."""

from odoo import Command

from .draft import Rule


class ForeignVatRule(Rule):
    """Whoever filled the lines (the text readers, the VAT per rate, Odoo's
    decoder matching a tax by its rate alone), a seller whose VAT id is of
    another country charges that country's VAT: the company's own taxes are
    taken off its lines, and the VAT it charges is a line of its own without
    tax, so that the bill totals the invoice's gross."""

    def complete(self, draft):
        document, move = draft.document, draft.move
        country = document._foreign_vat_country(move.partner_id or draft.partner)
        if not country or not move.invoice_line_ids:
            return
        lines = move.invoice_line_ids
        home = move.company_id.account_fiscal_country_id
        if lines.tax_ids.filtered(lambda tax: tax.country_id != home):
            return  # taxes of another country: the company's own setup (OSS...)
        lines.filtered("tax_ids").write({"tax_ids": [Command.clear()]})
        missing = document._foreign_vat_missing(move)
        if missing:
            line, explanation = document._foreign_vat_line(country, missing)
            move.write({"invoice_line_ids": [Command.create(line)]})
            draft.note(explanation)
