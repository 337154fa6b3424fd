# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    millennium_inbox_max_file_size_mb = fields.Float(
        string="Maximum file size (MB)",
        config_parameter="millennium_inbox.max_file_size_mb",
        default=5.0,
        help="Larger files are refused, whatever channel brings them.",
    )
    millennium_inbox_max_pages = fields.Integer(
        string="Maximum pages per PDF",
        config_parameter="millennium_inbox.max_pages",
        default=1000,
    )
    millennium_inbox_payroll_entry = fields.Boolean(
        string="Draft entry for payroll lists",
        config_parameter="millennium_inbox.payroll_entry",
        help="Accepting a payroll list also creates an empty draft miscellaneous "
        "entry with the list attached.",
    )
    millennium_inbox_pairing_code_minutes = fields.Integer(
        string="Pairing code validity (minutes)",
        config_parameter="millennium_inbox.pairing_code_minutes",
        default=10,
    )
    millennium_inbox_access_token_minutes = fields.Integer(
        string="Unlocked session (minutes)",
        config_parameter="millennium_inbox.access_token_minutes",
        default=15,
    )

    def action_millennium_pairing_code(self):
        """Settings, Mobile app: pair a phone for the current user."""
        return self.env.user.action_millennium_pairing_code()

    def action_millennium_devices(self):
        """Settings, Mobile app: the paired devices (own, or the company's)."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "millennium_inbox.millennium_inbox_device_action"
        )
