"""The supplier's number as the bill's reference, and what it corrects."""

from .draft import Rule


class ReferenceRule(Rule):
    """`ref` is exactly the supplier's document number (Odoo's duplicate
    check, payment matching and the VAT register use it); a correction's
    corrected invoice goes to a field of its own, and the refund is linked to
    that invoice's bill when it is in Odoo."""

    def prepare(self, draft):
        document = draft.document
        draft.refund = document._is_refund()
        draft.vals["move_type"] = "in_refund" if draft.refund else "in_invoice"
        draft.vals["ref"] = (document.suggested_invoice_number or "").strip() or False
        corrected = (document.suggested_corrected_number or "").strip()
        draft.vals["millennium_inbox_corrected_ref"] = corrected or False
        original = document._corrected_bill(draft.partner, corrected)
        if original and draft.refund:
            draft.vals["reversed_entry_id"] = original.id

    def complete(self, draft):
        move = draft.move
        for name in ("ref", "millennium_inbox_corrected_ref", "reversed_entry_id"):
            value = draft.vals.get(name)
            if value and not move[name]:
                move[name] = value
