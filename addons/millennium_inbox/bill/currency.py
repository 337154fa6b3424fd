"""The bill is in the invoice's currency, or it is not made."""

from .draft import Rule


class CurrencyRule(Rule):
    """The currency read (a KSeF `KodWaluty`, a Factur-X/UBL currency code, a
    code or sign on the page). An inactive one is activated when the
    accepting user may manage currencies, else the document is refused with
    the reason; with no currency read, the company's is used only when the
    page shows no sign of another one."""

    def prepare(self, draft):
        document = draft.document
        currency = document._bill_currency()
        draft.currency = currency
        draft.vals["currency_id"] = currency.id

    def complete(self, draft):
        if draft.move.currency_id != draft.currency:
            # Odoo's decoder falls back to the journal's currency for one it
            # does not find: the XML's amounts are in the invoice's currency.
            draft.move.currency_id = draft.currency
