# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
import contextvars

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

ACCOUNTING_KINDS = ("invoice", "receipt", "bill", "payroll")
OTHER_KINDS = ("bank_statement", "declaration", "confirmation", "contract")
KIND_SELECTION = [
    ("invoice", "Invoice"),
    ("receipt", "Receipt"),
    ("bill", "Bill"),
    ("payroll", "Payroll list"),
    ("bank_statement", "Bank statement"),
    ("declaration", "Declaration"),
    ("confirmation", "Confirmation"),
    ("contract", "Contract"),
]
SPLIT_MODE_SELECTION = [
    ("page", "One document per page"),
    ("blank", "Split at blank pages"),
    ("ranges", "Page ranges"),
]
# Kinds that become a draft vendor bill when accepted as accounting documents.
BILL_KINDS = ("invoice", "receipt", "bill")

# The document lifecycle: (state, action) -> next state. Every change of state
# goes through _transition, which refuses any pair missing here.
TRANSITIONS = {
    # processing (jobs)
    ("received", "process"): "to_approve",
    ("received", "fail"): "failed",
    ("failed", "fail"): "failed",  # a refused e-mail restates why
    ("received", "split_collective"): "split",  # cut as it was sent
    # the accountant
    ("to_approve", "accept_accounting"): "accounting",
    ("to_approve", "accept_other"): "other",
    ("to_approve", "reject"): "rejected",
    ("failed", "reject"): "rejected",
    ("to_approve", "split"): "split",
    ("failed", "split"): "split",
    ("failed", "retry"): "received",
    ("accounting", "reset"): "to_approve",
    ("other", "reset"): "to_approve",
    ("rejected", "reset"): "to_approve",
}


def states_allowing(action):
    """The states from which `action` is allowed (e.g. for button visibility)."""
    return tuple(sorted(state for state, act in TRANSITIONS if act == action))


# What back to approval forgets (the history keeps it).
RESET_CLEARS = ("reject_reason", "accepted_by_id", "accepted_date")
# Fields only the lifecycle writes: RPC can write any field the form shows
# read-only, so write() and create() refuse these outside a transition.
LIFECYCLE_FIELDS = frozenset(
    {
        "state",
        "kind",
        "move_id",
        "accepted_by_id",
        "accepted_date",
        "reject_reason",
        "failure_code",
        "failure_reason",
    }
)
# Set while a transition runs. Not a context key (as the display's
# millennium_inbox_naming is): an RPC caller chooses its context, and with
# this key it would write the state, the bill, who accepted, past the table
# and its rights checks. A value no JSON can carry (an object) would not be
# forgeable, but the context reaches what serializes it (actions sent to the
# browser, jobs), and it stays on every record made under it (the bill), open
# after the transition ended; the contextvar ends with its block.
_IN_TRANSITION = contextvars.ContextVar("millennium_inbox_transition", default=False)


class MillenniumInboxDocument(models.Model):
    _name = "millennium.inbox.document"
    _description = "Scan document"
    # The main attachment is what the form's attachment preview shows.
    _inherit = ["mail.thread.main.attachment"]
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        readonly=True,
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("to_approve", "To approve"),
            ("accounting", "Accounting document"),
            ("other", "Other"),
            ("rejected", "Rejected"),
            ("failed", "Failed"),
            ("split", "Split into documents"),
        ],
        default="received",
        required=True,
        tracking=True,
        index=True,
        readonly=True,
        copy=False,
    )
    source = fields.Selection(
        [("upload", "Uploaded"), ("email", "E-mail"), ("mobile", "Mobile app")],
        required=True,
        default="upload",
        readonly=True,
        index=True,
    )
    kind = fields.Selection(KIND_SELECTION, tracking=True, readonly=True, copy=False)
    # The original bytes, exactly as received; never modified.
    attachment_id = fields.Many2one(
        "ir.attachment", string="Original file", readonly=True, ondelete="set null"
    )
    file_name = fields.Char(readonly=True)
    file_type = fields.Selection(
        [
            ("pdf", "PDF"),
            ("jpeg", "JPEG image"),
            ("png", "PNG image"),
            ("xml", "XML e-invoice"),
        ],
        readonly=True,
    )
    file_size = fields.Integer(readonly=True)
    # Odoo already hashes every attachment (SHA-1, for its filestore): reuse it.
    checksum = fields.Char(
        related="attachment_id.checksum",
        string="Checksum",
        store=True,
        index=True,
        help="Fingerprint of the original file's bytes.",
    )
    # What the accountant looks at: the original for PDFs, a rendition for photos.
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="PDF", readonly=True, ondelete="set null"
    )
    pdf_file = fields.Binary(related="pdf_attachment_id.datas", string="Preview")
    thumbnail = fields.Image(max_width=512, max_height=512, readonly=True)
    page_count = fields.Integer(readonly=True)
    page_count_label = fields.Char(string="Pages", compute="_compute_page_count_label")
    has_text_layer = fields.Boolean(readonly=True)
    sender_user_id = fields.Many2one("res.users", string="Sent by", readonly=True)
    email_from = fields.Char(string="Sender address", readonly=True)
    email_subject = fields.Char(readonly=True)
    email_date = fields.Datetime(readonly=True)
    email_message_id = fields.Char(readonly=True, index=True)
    client_uid = fields.Char(
        string="Client upload id", readonly=True, index=True, copy=False
    )
    is_collective = fields.Boolean(string="Collective document", readonly=True)
    split_mode = fields.Selection(SPLIT_MODE_SELECTION, readonly=True)
    split_ranges = fields.Char(readonly=True)
    parent_id = fields.Many2one(
        "millennium.inbox.document",
        string="Cut from",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    child_ids = fields.One2many(
        "millennium.inbox.document", "parent_id", string="Documents cut from it"
    )
    child_count = fields.Integer(compute="_compute_child_count")
    page_from = fields.Integer(readonly=True)
    page_to = fields.Integer(readonly=True)
    duplicate_of_id = fields.Many2one(
        "millennium.inbox.document", readonly=True, index=True, ondelete="set null"
    )
    is_duplicate = fields.Boolean(readonly=True, index=True)
    failure_code = fields.Char(readonly=True, copy=False)
    failure_reason = fields.Text(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, tracking=True, copy=False)
    accepted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    accepted_date = fields.Datetime(readonly=True, copy=False)
    partner_id = fields.Many2one(
        "res.partner",
        tracking=True,
        index=True,
        domain="[('company_id', 'in', (False, company_id))]",
        help="The supplier of an accounting document, or whom another document "
        "concerns.",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Vendor bill",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="account.group_account_invoice",
    )
    # Invoice data read from the text layer: suggestions the accountant corrects.
    suggested_vat = fields.Char(string="Seller VAT number")
    suggested_partner_name = fields.Char(string="Seller name")
    suggested_invoice_number = fields.Char(string="Invoice number")
    suggested_invoice_date = fields.Date(string="Issue date")
    suggested_sale_date = fields.Date(string="Sale date")
    suggested_due_date = fields.Date(string="Due date")
    suggested_payment_term_days = fields.Integer(string="Payment term (days)")
    suggested_currency_id = fields.Many2one("res.currency", string="Currency")
    suggested_amount_untaxed = fields.Monetary(
        string="Net total", currency_field="suggested_currency_id"
    )
    suggested_amount_tax = fields.Monetary(
        string="VAT total", currency_field="suggested_currency_id"
    )
    suggested_amount_total = fields.Monetary(
        string="Gross total", currency_field="suggested_currency_id"
    )
    suggested_iban = fields.Char(string="Seller bank account")
    suggested_refund = fields.Boolean(
        string="Correction",
        help="A correction or credit note: it becomes a draft refund.",
    )
    suggested_corrected_number = fields.Char(string="Corrected invoice")
    suggested_currency_rate = fields.Float(
        string="Currency rate", digits=(12, 6), help="As printed on the invoice."
    )
    suggested_kind = fields.Selection(KIND_SELECTION, readonly=True)
    suggested_kind_reason = fields.Char(string="Why this kind", readonly=True)
    einvoice_format = fields.Selection(
        [
            ("ksef", "KSeF e-invoice"),
            ("ubl", "UBL / Peppol"),
            ("cii", "CII / Factur-X"),
        ],
        string="Read from",
        readonly=True,
        help="The structured e-invoice the data was read from (the file itself or "
        "the XML embedded in the PDF).",
    )
    invoice_key = fields.Char(
        compute="_compute_invoice_key",
        store=True,
        index=True,
        help="Seller VAT id and invoice number, normalised: one bill per invoice.",
    )
    extraction_structure = fields.Json(
        readonly=True, help="VAT per rate and the invoice's own lines, as read."
    )
    ksef_number = fields.Char(
        string="KSeF number",
        index=True,
        copy=False,
        help="The invoice's number in the Polish National e-Invoice System (KSeF), "
        "from its metadata or read from the document.",
    )
    suggested_partner_id = fields.Many2one(
        "res.partner",
        string="Known supplier",
        compute="_compute_suggested_partner_id",
        help="The partner with the seller's VAT number; when the invoice shows "
        "none, the partner bearing the seller's name.",
    )
    extraction_details = fields.Json(
        readonly=True, help="Per field: value, confidence, line and page read."
    )
    extraction_note = fields.Char(readonly=True)
    extraction_table = fields.Html(
        string="What was read", compute="_compute_extraction_table"
    )

    @api.depends("child_ids")
    def _compute_child_count(self):
        for document in self:
            document.child_count = len(document.child_ids)

    @api.depends("page_count")
    @api.depends_context("lang")
    def _compute_page_count_label(self):
        for document in self:
            document.page_count_label = (
                document._pages_text(document.page_count)
                if document.page_count
                else False
            )

    @api.depends("suggested_vat", "suggested_partner_name", "company_id")
    def _compute_suggested_partner_id(self):
        for document in self:
            document.suggested_partner_id = document._find_supplier(
                document.suggested_vat, document.suggested_partner_name
            )

    @api.depends("extraction_details")
    def _compute_extraction_table(self):
        labels = self._extraction_labels()
        for document in self:
            details = document.extraction_details or {}
            rows = [
                self._extraction_row(labels.get(name, name), details[name])
                for name in labels
                if name in details
            ]
            document.extraction_table = (
                self._extraction_table_html(rows) if rows else False
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_open_accept_wizard(self):
        category = self.env.context.get("accept_category", "accounting")
        return {
            "type": "ir.actions.act_window",
            "name": _("Accept as accounting document")
            if category == "accounting"
            else _("Accept as other"),
            "res_model": "millennium.inbox.accept",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_document_ids": self.ids,
                "default_category": category,
                "millennium_desk_next": self.env.context.get("millennium_desk_next"),
            },
        }

    def action_open_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject"),
            "res_model": "millennium.inbox.reject",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_document_ids": self.ids,
                "millennium_desk_next": self.env.context.get("millennium_desk_next"),
            },
        }

    def action_open_split_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Split document"),
            "res_model": "millennium.inbox.split",
            "view_mode": "form",
            "target": "new",
            "context": {"default_document_id": self.id},
        }

    def action_retry(self):
        self._transition("retry", {"failure_code": False})
        self._schedule_processing()
        return True

    def action_reset_to_approve(self):
        """Back to approval; a draft bill made from the document is cancelled
        and unlinked, a posted one refuses (see _release_move)."""
        self._check_transition("reset")
        self._check_move_releasable()
        with self._lifecycle():
            self._release_move()
            self._transition("reset", dict.fromkeys(RESET_CLEARS, False))
        return True

    def action_view_children(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Documents cut from %(name)s", name=self.name),
            "res_model": self._name,
            "view_mode": "list,kanban,form",
            "domain": [("parent_id", "=", self.id)],
        }

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }

    def action_view_duplicate_of(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "res_id": self.duplicate_of_id.id,
        }

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------
    @api.model
    def _next_state(self, state, action):
        """The state `action` leads to from `state`, or None when not allowed."""
        return TRANSITIONS.get((state, action))

    @api.model
    def _action_labels(self):
        return {
            "process": _("Process"),
            "fail": _("Mark as failed"),
            "split_collective": _("Split the collective document"),
            "split": _("Split"),
            "accept_accounting": _("Accept as accounting document"),
            "accept_other": _("Accept as other"),
            "reject": _("Reject"),
            "retry": _("Retry"),
            "reset": _("Back to approval"),
        }

    def _check_transition(self, action):
        """Refuse, naming the documents, when `action` is not allowed for all."""
        refused = self.filtered(lambda d: not self._next_state(d.state, action))
        if refused:
            raise self._lifecycle_error(
                "transition_not_allowed",
                action=self._action_labels()[action],
                states=", ".join(
                    sorted(set(refused.mapped(lambda d: d._state_label())))
                ),
                names=", ".join(refused.mapped("display_name")),
            )

    def _transition(self, action, vals=None):
        """Apply `action` to these documents: the one way their state changes.

        The rows are locked first, so two people (or a person and a job) acting
        on the same document at once are serialized, and the second is checked
        against the state the first left.
        """
        if not self:
            return self
        self._lock_rows()
        self._check_transition(action)
        with self._lifecycle():
            for state in set(self.mapped("state")):
                same = self.filtered(lambda d, state=state: d.state == state)
                same.write(dict(vals or {}, state=self._next_state(state, action)))
        return self

    def _lock_rows(self):
        self.flush_recordset(["state"])
        self.env.cr.execute(
            f"SELECT id FROM {self._table} WHERE id IN %s FOR UPDATE",
            [tuple(self.ids)],
        )
        self.invalidate_recordset(["state"])

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    @api.model
    @contextlib.contextmanager
    def _lifecycle(self):
        """Within it, the lifecycle's own fields may be written."""
        token = _IN_TRANSITION.set(True)
        try:
            yield
        finally:
            _IN_TRANSITION.reset(token)

    @api.model
    def _check_lifecycle_fields(self, vals, creating=False):
        if _IN_TRANSITION.get():
            return
        touched = LIFECYCLE_FIELDS.intersection(vals)
        if creating and touched == {"state"} and vals["state"] == "received":
            return  # a new document starts received
        if touched:
            labels = sorted(
                self._fields[name]._description_string(self.env) for name in touched
            )
            raise self._lifecycle_error("lifecycle_field", fields=", ".join(labels))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_lifecycle_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_lifecycle_fields(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------
    def _accept(self, category, kind):
        if category not in ("accounting", "other"):
            raise self._lifecycle_error("unknown_category", category=category)
        allowed = ACCOUNTING_KINDS if category == "accounting" else OTHER_KINDS
        if kind not in allowed:
            raise self._lifecycle_error(
                "kind_mismatch", kind=dict(KIND_SELECTION).get(kind, kind)
            )
        self._check_transition(f"accept_{category}")
        self._check_filing_rights(kind)
        self._transition(
            f"accept_{category}",
            {
                "kind": kind,
                "accepted_by_id": self.env.user.id,
                "accepted_date": fields.Datetime.now(),
            },
        )
        with self._lifecycle():
            for document in self:
                document._file_accepted(kind)
        return True

    def _accept_each(self, category, kind, partner=None):
        """Accept document by document: one failure does not block the rest.

        Returns (accepted documents, [(document, reason)]); each failure is
        also written in the failing document's history.
        """
        accepted, failures = self.browse(), []
        for document in self:
            try:
                with self.env.cr.savepoint():
                    if partner:
                        document.partner_id = partner
                    document._accept(category, kind)
                accepted |= document
            except UserError as error:
                reason = error.args[0]
                failures.append((document, reason))
                document._post_user_message(
                    body=_("Not accepted: %(reason)s", reason=reason)
                )
        return accepted, failures

    def _check_filing_rights(self, kind):
        """Refuse before anything is written when no entry could be made.

        Accepting without the bill would hide the document from the inbox
        while nobody creates its bill, so it waits for an accountant instead.
        """
        if not self._creates_move(kind):
            return
        if not self.env.user.has_group("account.group_account_invoice"):
            raise self._lifecycle_error(
                "accounting_rights",
                kind=self._kind_label(kind),
                names=", ".join(self.mapped("display_name")),
            )

    @api.model
    def _creates_move(self, kind):
        return kind in BILL_KINDS or (
            kind == "payroll" and self._payroll_entry_enabled()
        )

    def _file_accepted(self, kind):
        """Put one accepted document to work and say so in its history.

        A document keeps the live bill it has: accepting again never makes a
        second one (back to approval cancels a draft bill and unlinks it).
        """
        self.ensure_one()
        kept = self._live_move()
        move = self.env["account.move"]
        if not kept and self.state == "accounting":
            if kind in BILL_KINDS:
                move = self._create_vendor_bill()
            elif self._creates_move(kind):
                move = self._create_payroll_entry()
        body = _(
            "Accepted by %(user)s as %(kind)s.",
            user=self.env.user.name,
            kind=self._kind_label(kind),
        )
        if move and self._move_shared(move):
            # the same invoice's bill, linked: not created here
            body = Markup("%s<br/>%s") % (
                body,
                _("Linked to the entry %(move)s.", move=move._get_html_link()),
            )
        elif move:
            body = Markup("%s<br/>%s") % (
                body,
                _("Draft entry created: %(move)s", move=move._get_html_link()),
            )
        elif kept:
            body = Markup("%s<br/>%s") % (
                body,
                _("It keeps its entry %(move)s.", move=kept._get_html_link()),
            )
        self._post_user_message(body=body)

    def _move_shared(self, move):
        """Whether another document already holds this entry."""
        self.ensure_one()
        return bool(
            self.search_count(
                [("move_id", "=", move.id), ("id", "!=", self.id)], limit=1
            )
        )

    def _reject(self, reason):
        if not (reason or "").strip():
            raise self._lifecycle_error("reason_required")
        self._transition("reject", {"reject_reason": reason.strip()})
        return True
