"""The supplier, and the bank account the bill is paid to."""

from .draft import Rule


class SupplierRule(Rule):
    """The partner chosen or found by VAT id (else by name, else created from
    the name and VAT id read, Polish or foreign alike); the same invoice's
    bill when it is already booked (the run ends there: it is linked); the
    bank account read, added to the partner when new."""

    def prepare(self, draft):
        document = draft.document
        partner = document._bill_partner()
        draft.partner = partner
        draft.vals["partner_id"] = partner.id
        draft.existing = document._same_bills(partner)[:1] or None
        if draft.existing:
            return
        draft.note(document._remembered_supplier_note(partner))
        bank = document._supplier_bank_account(partner, draft)
        if bank:
            draft.vals["partner_bank_id"] = bank.id

    def complete(self, draft):
        move = draft.move
        if draft.partner and move.partner_id != draft.partner:
            move.partner_id = draft.partner  # the accountant's / the VAT id's choice
        bank = draft.vals.get("partner_bank_id")
        if bank and move.partner_bank_id.id != bank:
            move.partner_bank_id = bank
