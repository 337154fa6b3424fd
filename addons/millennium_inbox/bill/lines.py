"""The bill's lines and taxes."""

from odoo import Command

from .draft import Rule


class LinesRule(Rule):
    """One line per VAT rate when the rates read add up to the totals, else
    one line whose tax gives the VAT read, else one line of the gross without
    tax; a foreign seller's net and VAT as lines without tax. A bill Odoo's
    decoder filled keeps its lines; one it left empty gets these."""

    def prepare(self, draft):
        draft.line_vals, explanation = draft.document._prepare_bill_lines()
        draft.lines_note = explanation
        draft.vals["invoice_line_ids"] = [Command.create(v) for v in draft.line_vals]

    def complete(self, draft):
        move, document = draft.move, draft.document
        if draft.decoded and move.invoice_line_ids:
            return
        if draft.decoded:
            # Factur-X MINIMUM / BASIC WL: totals but no lines
            move.write({"invoice_line_ids": draft.vals["invoice_line_ids"]})
        draft.note(draft.lines_note)
        draft.note(document._keep_declared_vat(move))
