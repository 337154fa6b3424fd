# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class MillenniumInboxDeviceRename(models.TransientModel):
    """Rename a paired phone from the back office (its user or a manager)."""

    _name = "millennium.inbox.device.rename"
    _description = "Rename a mobile device"

    device_id = fields.Many2one(
        "millennium.inbox.device", required=True, ondelete="cascade"
    )
    name = fields.Char(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        device = self.env["millennium.inbox.device"].browse(values.get("device_id"))
        if device.exists():
            values.setdefault("name", device.name)
        return values

    def action_rename(self):
        self.ensure_one()
        # the device checks who may rename it (its user or an Inbox manager)
        self.device_id.rename(self.name)
        return {"type": "ir.actions.act_window_close"}
