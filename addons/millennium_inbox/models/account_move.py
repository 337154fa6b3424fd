# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    millennium_inbox_document_ids = fields.One2many(
        "millennium.inbox.document",
        "move_id",
        string="Scan documents",
        readonly=True,
        groups="millennium_inbox.group_inbox_user",
    )
    millennium_inbox_document_count = fields.Integer(
        compute="_compute_millennium_inbox_document_count",
        groups="millennium_inbox.group_inbox_user",
    )

    @api.depends("millennium_inbox_document_ids")
    def _compute_millennium_inbox_document_count(self):
        for move in self:
            move.millennium_inbox_document_count = len(
                move.millennium_inbox_document_ids
            )

    def action_view_millennium_inbox_documents(self):
        self.ensure_one()
        documents = self.millennium_inbox_document_ids
        action = {
            "type": "ir.actions.act_window",
            "name": _("Scan documents"),
            "res_model": "millennium.inbox.document",
            "view_mode": "list,form",
            "domain": [("id", "in", documents.ids)],
        }
        if len(documents) == 1:
            action.update(view_mode="form", res_id=documents.id)
        return action
