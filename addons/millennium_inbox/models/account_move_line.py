# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    millennium_inbox_supplier_rule_id = fields.Many2one(
        "millennium.inbox.supplier.rule",
        string="Supplier rule",
        copy=False,
        readonly=True,
        ondelete="set null",
        groups="millennium_inbox.group_inbox_user",
        help="The supplier's rule the line's account, taxes or analytic "
        "distribution come from.",
    )
