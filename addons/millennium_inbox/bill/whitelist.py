"""Safe to pay: the VAT White List and split payment."""

from ..intake import split_payment, whitelist
from .draft import Rule


class WhitelistRule(Rule):
    """Above the threshold, an account not on the White List or a supplier
    not active for VAT needs the accountant's confirmation (single accept;
    bulk accept leaves the document out, saying why). The result and its
    source (flat file of a day, or the API's requestId) go in the bill's
    history; split payment is a flag of the bill."""

    def prepare(self, draft):
        document = draft.document
        if document.split_payment:
            draft.vals["millennium_inbox_split_payment"] = True
        if not document._whitelist_enabled():
            return
        document._whitelist_refresh()
        if document.whitelist_warning and not draft.env.context.get(
            "millennium_whitelist_confirmed"
        ):
            raise document._lifecycle_error(
                "whitelist_unsafe",
                name=document.display_name,
                warning=document.whitelist_warning,
            )

    def complete(self, draft):
        document, move = draft.document, draft.move
        if document.split_payment:
            if not move.millennium_inbox_split_payment:
                move.millennium_inbox_split_payment = True  # the decoder's move
            self._split_payment_reference(draft)
        for note in document._whitelist_history():
            draft.note(note)

    def _split_payment_reference(self, draft):
        """The MPP transfer title as the bill's payment reference: Odoo
        carries it into the payment it makes."""
        document, move = draft.document, draft.move
        nip = whitelist.nip_digits(
            document.suggested_vat or move.partner_id.commercial_partner_id.vat
        )
        title = split_payment.reference(move.amount_tax, nip, move.ref)
        if title and move.move_type == "in_invoice":
            move.payment_reference = title
            draft.note(
                draft.env._("Split payment: payment reference %(title)s.", title=title)
            )
