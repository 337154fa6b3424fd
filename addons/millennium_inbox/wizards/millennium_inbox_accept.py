# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..intake import display
from ..models.millennium_inbox_document import (
    ACCOUNTING_KINDS,
    BILL_KINDS,
    KIND_SELECTION,
)


class MillenniumInboxAccept(models.TransientModel):
    _name = "millennium.inbox.accept"
    _description = "Accept documents"

    document_ids = fields.Many2many("millennium.inbox.document", required=True)
    document_count = fields.Integer(compute="_compute_document_count")
    category = fields.Selection(
        [("accounting", "Accounting document"), ("other", "Other")],
        required=True,
        default="accounting",
    )
    accounting_kind = fields.Selection(
        [k for k in KIND_SELECTION if k[0] in ACCOUNTING_KINDS],
        string="Kind of accounting document",
        default=lambda self: self._suggested_kind(ACCOUNTING_KINDS, "invoice"),
    )
    other_kind = fields.Selection(
        [k for k in KIND_SELECTION if k[0] not in ACCOUNTING_KINDS],
        string="Kind of other document",
        default=lambda self: self._suggested_kind(None, "bank_statement"),
    )
    suggested_kind_reason = fields.Char(
        string="Suggested because", compute="_compute_suggested_kind_reason"
    )
    partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        help="Empty for a bill: the partner with the seller's VAT number, else a "
        "new supplier from the name and VAT number read.",
    )
    makes_bill = fields.Boolean(compute="_compute_makes_bill")
    proposed_partner_name = fields.Char(
        string="New supplier", compute="_compute_proposed_partner"
    )
    proposed_vat = fields.Char(string="VAT number", compute="_compute_proposed_partner")
    create_partner = fields.Boolean(
        string="Create this supplier",
        default=True,
        help="Untick to leave the bill without a partner and choose it there.",
    )
    can_create_partner = fields.Boolean(
        string="May create contacts", compute="_compute_can_create_partner"
    )
    duplicate_bill_ids = fields.Many2many(
        "account.move",
        string="Likely duplicates",
        compute="_compute_duplicate_bill_ids",
        groups="account.group_account_invoice",
    )

    whitelist_warning = fields.Char(
        string="Payment warning", compute="_compute_whitelist_warning"
    )
    whitelist_confirmed = fields.Boolean(
        string="Accept despite the White List warning",
        help="Only for one document at a time: bulk accept leaves documents with a "
        "warning out.",
    )

    @api.model
    def _suggested_kind(self, kinds, fallback):
        """The kind read from the documents when they all agree and it fits
        the category (None: the other kinds), else the usual default."""
        ids = self.env.context.get("default_document_ids") or []
        documents = self.env["millennium.inbox.document"].browse(ids)
        # what the accountant accepted the supplier's documents as wins
        # over what was read
        suggested = {
            document._remembered_kind() or document.suggested_kind
            for document in documents
        }
        if len(suggested) == 1 and documents:
            kind = suggested.pop()
            fits = kind in kinds if kinds else kind not in ACCOUNTING_KINDS
            if kind and fits:
                return kind
        return fallback

    @api.depends("document_ids", "category")
    def _compute_suggested_kind_reason(self):
        for wizard in self:
            document = wizard._single_document()
            wizard.suggested_kind_reason = document.suggested_kind_reason or False

    @api.depends("document_ids")
    def _compute_document_count(self):
        for wizard in self:
            wizard.document_count = len(wizard.document_ids)

    @api.depends("document_ids")
    def _compute_partner_id(self):
        for wizard in self:
            document = wizard._single_document()
            wizard.partner_id = document.partner_id or document.suggested_partner_id

    @api.depends("category", "accounting_kind")
    def _compute_makes_bill(self):
        for wizard in self:
            wizard.makes_bill = (
                wizard.category == "accounting" and wizard.accounting_kind in BILL_KINDS
            )

    @api.depends("document_ids", "partner_id", "makes_bill")
    def _compute_proposed_partner(self):
        for wizard in self:
            document = wizard._single_document()
            proposes = (
                wizard.makes_bill
                and not wizard.partner_id
                and document.suggested_partner_name
            )
            wizard.proposed_partner_name = (
                display.clean_name(document.suggested_partner_name)
                if proposes
                else False
            )
            wizard.proposed_vat = document.suggested_vat if proposes else False

    # document_ids: a compute without a dependency is not run by the dialog's
    # first onchange (the field would stay False for everyone).
    @api.depends("document_ids")
    @api.depends_context("uid")
    def _compute_can_create_partner(self):
        # Who may not create contacts is not offered to: the bill is made
        # without a supplier, and the dialog says how to get one.
        self.can_create_partner = self.env["res.partner"].has_access("create")

    @api.depends("document_ids", "partner_id", "makes_bill")
    def _compute_duplicate_bill_ids(self):
        for wizard in self:
            bills = self.env["account.move"]
            if wizard.makes_bill:
                for document in wizard.document_ids:
                    partner = (
                        wizard.partner_id
                        or document.partner_id
                        or document.suggested_partner_id
                    )
                    bills |= document._same_bills(partner)
            wizard.duplicate_bill_ids = bills

    @api.depends("document_ids", "makes_bill")
    def _compute_whitelist_warning(self):
        for wizard in self:
            warned = wizard.document_ids.filtered("whitelist_warning")
            if not wizard.makes_bill or not warned:
                wizard.whitelist_warning = False
            elif len(wizard.document_ids) == 1:
                wizard.whitelist_warning = warned.whitelist_warning
            else:
                wizard.whitelist_warning = _(
                    "%(count)s of the documents have a White List warning: they are "
                    "left out; accept each of them on its own.",
                    count=len(warned),
                )

    def _single_document(self):
        documents = self.document_ids
        return documents if len(documents) == 1 else documents.browse()

    def action_accept(self):
        self.ensure_one()
        kind = (
            self.accounting_kind if self.category == "accounting" else self.other_kind
        )
        documents = self.document_ids.with_context(
            millennium_inbox_create_partner=self.create_partner
            and self.can_create_partner
        )
        if len(documents) == 1:
            # the accountant saw the White List warning and confirmed it
            documents = documents.with_context(
                millennium_whitelist_confirmed=self.whitelist_confirmed
            )
            # One document: its error is the answer, and nothing is kept.
            if self.partner_id:
                documents.partner_id = self.partner_id
            documents._accept(self.category, kind)
            if self.env.context.get("millennium_desk_next"):
                return documents._action_open_next()
            # from a list: one document is told as many are
            return documents._bulk_result_notification(
                documents,
                [],
                _("%(count)s document accepted|%(count)s documents accepted"),
                "",
            )
        accepted, failures = documents._accept_each(
            self.category, kind, partner=self.partner_id
        )
        return documents._bulk_result_notification(
            accepted,
            failures,
            _("%(count)s document accepted|%(count)s documents accepted"),
            _(
                "%(done)s of %(total)s document accepted|"
                "%(done)s of %(total)s documents accepted"
            ),
        )
