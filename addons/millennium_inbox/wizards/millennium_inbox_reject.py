# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MillenniumInboxReject(models.TransientModel):
    _name = "millennium.inbox.reject"
    _description = "Reject documents"

    document_ids = fields.Many2many("millennium.inbox.document", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.document_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
