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
    millennium_inbox_corrected_ref = fields.Char(
        string="Corrected invoice",
        copy=False,
        help="The supplier's number of the invoice this correction corrects.",
    )
    millennium_inbox_received_date = fields.Date(
        string="Received on",
        copy=False,
        help="When the invoice reached the company: its KSeF acceptance date, "
        "else the day it reached the Inbox (the VAT register's date of receipt).",
    )
    millennium_inbox_ksef_number = fields.Char(
        string="KSeF number", copy=False, index="btree_not_null"
    )
    millennium_inbox_split_payment = fields.Boolean(
        string="Split payment (MPP)",
        copy=False,
        help='The invoice says "mechanizm podzielonej płatności": pay it by '
        "split payment.",
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
