# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    millennium_device_ids = fields.One2many(
        "millennium.inbox.device", "user_id", string="Paired devices"
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["millennium_device_ids"]

    def action_millennium_pairing_code(self):
        """Open the dialog with a new pairing code (QR and text) for this user."""
        self.ensure_one()
        return self.env["millennium.inbox.pairing.wizard"]._open_for(self)
