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
