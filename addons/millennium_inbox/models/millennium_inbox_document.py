# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

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


class MillenniumInboxDocument(models.Model):
    _name = "millennium.inbox.document"
    _description = "Scan document"
    _inherit = ["mail.thread"]
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
    )
    source = fields.Selection(
        [("upload", "Upload"), ("email", "E-mail"), ("mobile", "Mobile app")],
        required=True,
        default="upload",
        readonly=True,
        index=True,
    )
    kind = fields.Selection(KIND_SELECTION, tracking=True, readonly=True)
    # The original bytes, exactly as received; never modified.
    attachment_id = fields.Many2one(
        "ir.attachment", string="Original file", readonly=True, ondelete="set null"
    )
    file_name = fields.Char(readonly=True)
    file_type = fields.Selection(
        [("pdf", "PDF"), ("jpeg", "JPEG image"), ("png", "PNG image")], readonly=True
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
    failure_code = fields.Char(readonly=True)
    failure_reason = fields.Text(readonly=True)
    reject_reason = fields.Text(readonly=True, tracking=True)
    accepted_by_id = fields.Many2one("res.users", readonly=True)
    accepted_date = fields.Datetime(readonly=True)
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
        help="The partner whose VAT number is the seller's.",
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

    @api.depends("suggested_vat", "company_id")
    def _compute_suggested_partner_id(self):
        for document in self:
            document.suggested_partner_id = document._find_partner_by_vat(
                document.suggested_vat
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
            },
        }

    def action_open_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject"),
            "res_model": "millennium.inbox.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_document_ids": self.ids},
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
        failed = self.filtered(lambda d: d.state == "failed")
        failed.write({"state": "received", "failure_code": False})
        failed._schedule_processing()
        return True

    def action_reset_to_approve(self):
        self.filtered(lambda d: d.state in ("accounting", "other", "rejected")).write(
            {"state": "to_approve", "reject_reason": False}
        )
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
    # Approval
    # ------------------------------------------------------------------
    def _accept(self, category, kind):
        if category not in ("accounting", "other"):
            raise UserError(_("Unknown category: %(category)s", category=category))
        allowed = ACCOUNTING_KINDS if category == "accounting" else OTHER_KINDS
        if kind not in allowed:
            raise UserError(_("This kind does not belong to the chosen category."))
        not_ready = self.filtered(lambda d: d.state != "to_approve")
        if not_ready:
            raise UserError(
                _(
                    "Only documents waiting for approval can be accepted: %(names)s",
                    names=", ".join(not_ready.mapped("display_name")),
                )
            )
        self._check_filing_rights(kind)
        self.write(
            {
                "state": category,
                "kind": kind,
                "accepted_by_id": self.env.user.id,
                "accepted_date": fields.Datetime.now(),
            }
        )
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
                document.message_post(body=_("Not accepted: %(reason)s", reason=reason))
        return accepted, failures

    def _check_filing_rights(self, kind):
        """Refuse before anything is written when no entry could be made.

        Accepting without the bill would hide the document from the inbox
        while nobody creates its bill, so it waits for an accountant instead.
        """
        if not self._creates_move(kind):
            return
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(
                _(
                    "Accepting as %(kind)s creates a draft vendor bill, which needs "
                    "accounting rights (Invoicing). Ask an accountant to accept "
                    "%(names)s, or accept it as another document.",
                    kind=dict(KIND_SELECTION)[kind],
                    names=", ".join(self.mapped("display_name")),
                )
            )

    @api.model
    def _creates_move(self, kind):
        return kind in BILL_KINDS or (
            kind == "payroll" and self._payroll_entry_enabled()
        )

    def _file_accepted(self, kind):
        """Put one accepted document to work and say so in its history."""
        self.ensure_one()
        move = self.env["account.move"]
        if self.state == "accounting" and kind in BILL_KINDS:
            move = self._create_vendor_bill()
        elif self.state == "accounting" and self._creates_move(kind):
            move = self._create_payroll_entry()
        body = _(
            "Accepted by %(user)s as %(kind)s.",
            user=self.env.user.name,
            kind=dict(KIND_SELECTION)[kind],
        )
        if move:
            body = Markup("%s<br/>%s") % (
                body,
                _("Draft entry created: %(move)s", move=move._get_html_link()),
            )
        self.message_post(body=body)

    def _reject(self, reason):
        if not (reason or "").strip():
            raise UserError(_("Say why the document is rejected."))
        not_ready = self.filtered(lambda d: d.state not in ("to_approve", "failed"))
        if not_ready:
            raise UserError(
                _(
                    "Only documents waiting for approval can be rejected: %(names)s",
                    names=", ".join(not_ready.mapped("display_name")),
                )
            )
        self.write({"state": "rejected", "reject_reason": reason.strip()})
        return True
