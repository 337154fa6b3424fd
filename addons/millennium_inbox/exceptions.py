# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Domain errors of the document lifecycle."""

from odoo.exceptions import UserError


class DocumentError(UserError):
    """A document action refused by the rules of its lifecycle.

    ``code`` is stable and machine-readable; the message is the sentence a
    person reads, built from the catalogue in
    ``millennium.inbox.document._lifecycle_error`` (models/
    millennium_inbox_document_messages.py), already translated; ``params``
    hold the values it names. Being a UserError, the web client shows it as a
    warning and Odoo rolls the transaction back.

    Codes (and the HTTP status an API answers them with):

    - ``transition_not_allowed`` (409): the action is not allowed from the
      document's current state (see TRANSITIONS in
      models/millennium_inbox_document.py);
    - ``lifecycle_field`` (403): a direct write or create of a field only the
      lifecycle sets (state, kind, bill, acceptance, reasons);
    - ``bill_posted`` (409): back to approval while the document's bill or
      entry is posted; it stays linked;
    - ``accounting_rights`` (403): the action creates or cancels a bill and
      the user has no Invoicing rights;
    - ``unknown_category`` (400): accepted as neither accounting nor other;
    - ``kind_mismatch`` (400): the kind does not belong to the category;
    - ``reason_required`` (400): a rejection without a reason;
    - ``split_needs_pdf`` (409): only a PDF can be split.
    """

    def __init__(self, code, message, **params):
        super().__init__(message)
        self.code = code
        self.params = params
        # Sent with the JSON-RPC error (http.serialize_exception): the web
        # client shows a warning rather than a traceback, callers read the code.
        self.context = {"exception_class": "odoo.exceptions.UserError", "code": code}
