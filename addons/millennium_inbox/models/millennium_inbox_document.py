# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MillenniumInboxDocument(models.Model):
    _name = "millennium.inbox.document"
    _description = "Scan document"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("to_approve", "To approve"),
            ("accounting", "Accounting document"),
            ("other", "Other"),
            ("rejected", "Rejected"),
            ("failed", "Failed"),
        ],
        default="received",
        required=True,
        tracking=True,
        index=True,
    )
