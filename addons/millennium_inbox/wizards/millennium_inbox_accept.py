# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.millennium_inbox_document import ACCOUNTING_KINDS, KIND_SELECTION


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
        default="invoice",
    )
    other_kind = fields.Selection(
        [k for k in KIND_SELECTION if k[0] not in ACCOUNTING_KINDS],
        string="Kind of other document",
        default="bank_statement",
    )

    def _compute_document_count(self):
        for wizard in self:
            wizard.document_count = len(wizard.document_ids)

    def action_accept(self):
        self.ensure_one()
        kind = (
            self.accounting_kind if self.category == "accounting" else self.other_kind
        )
        self.document_ids._accept(self.category, kind)
        return {"type": "ir.actions.act_window_close"}
