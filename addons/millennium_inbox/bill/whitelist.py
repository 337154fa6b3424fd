"""Safe to pay: the VAT White List and split payment."""

from .draft import Rule


class WhitelistRule(Rule):
    """Above the threshold, an account not on the White List or a supplier
    not active for VAT needs the accountant's confirmation (single accept;
    bulk accept leaves the document out, saying why). The result and its
    source (flat file of a day, or the API's requestId) go in the bill's
    history; split payment is a flag of the bill."""

    def prepare(self, draft):
        document = draft.document
        if document._whitelist_enabled():
            document._whitelist_refresh()
        if document.whitelist_warning and not draft.env.context.get(
            "millennium_whitelist_confirmed"
        ):
            raise document._lifecycle_error(
                "whitelist_unsafe",
                name=document.display_name,
                warning=document.whitelist_warning,
            )
        if document.split_payment:
            draft.vals["millennium_inbox_split_payment"] = True

    def complete(self, draft):
        document, move = draft.document, draft.move
        if document.split_payment and not move.millennium_inbox_split_payment:
            move.millennium_inbox_split_payment = True  # Odoo's decoder's move
        for note in document._whitelist_history():
            draft.note(note)
